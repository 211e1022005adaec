package org.revivegan.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.revivegan.core.color.ColorHints;
import org.revivegan.core.color.ColorHintsCsv;
import org.revivegan.core.damage.Damage;
import org.revivegan.core.eval.ContactSheet;
import org.revivegan.core.eval.EvaluationReport;
import org.revivegan.core.eval.EvaluationRow;
import org.revivegan.core.eval.Evaluator;
import org.revivegan.core.image.Masks;
import org.revivegan.core.eval.DetectionEvaluator;
import org.revivegan.core.infer.Colorizer;
import org.revivegan.core.infer.Detector;
import org.revivegan.core.eval.Band;
import org.revivegan.core.infer.Inpainter;
import org.revivegan.core.train.PhotoAdaptation;
import org.revivegan.core.model.DefaultModels;
import org.revivegan.core.model.GeneratorSpec;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.nets.Backend;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.train.BatchMaker;
import org.revivegan.core.train.Trainer;
import org.revivegan.core.train.TrainingConfig;
import org.revivegan.core.train.TrainingData;
import org.revivegan.core.train.TrainingPhotos;
import org.revivegan.core.util.Failures;
import org.revivegan.core.util.Rng;
import org.revivegan.io.EvaluationFolder;
import org.revivegan.io.ImageFiles;
import org.revivegan.io.LoadedImage;
import org.revivegan.io.WriteOptions;

/**
 * The headless command line: {@code revive demo|inpaint|colorize|train|damage|evaluate|info}. Exit code 0 on success; on
 * bad input (a missing, damaged or wrong model or image file, a mask of another size, an empty mask, an unknown
 * option or a number out of range, an output that would replace an input) a one-line reason on standard error and
 * exit code 2; 130 when cancelled (SIGINT or SIGTERM); 1 with one line for unexpected failures (their stack trace
 * only with the environment variable REVIVE_DEBUG set). Arguments are parsed by {@link Args}; the files a command
 * writes are checked against those it reads by {@link OutputPlan} before anything is written.
 */
public final class Main {

	static final String USAGE = String.join("\n",
		"Usage: revive COMMAND [options] [--] [FILES]",
		"",
		"  Options are checked: an unknown or repeated one is refused; -- ends them (for names starting with -).",
		"  inpaint, colorize, detect and damage never write over an input unless --overwrite is given.",
		"",
		"  demo [--out DIR] [--seed N] [--inpaint-model FILE] [--colorize-model FILE] [--images DIR]",
		"      Damage and restore the colour photos of sample-images/ (a real damage too: chelsea-damaged.png with",
		"      its mask), colourise the grayscale ones and a gray copy of one colour photo, with the default",
		"      models. Writes the pictures, one side-by-side sheet per task and index.md (PSNR, seconds) to DIR,",
		"      by default ./revive-demo; a later demo may overwrite its own folder, never another non-empty one.",
		"  inpaint IMAGE|DIR... --mask MASK|DIR -o OUT [--model faithful|FILE] [--dilate N] [--adapt SECONDS]",
		"        [--no-provenance] [--overwrite] [--format png|tif|jpg|bmp] [--jpeg-quality N]",
		"      Fill the damaged pixels (non-zero in the mask) of each image. With several images or a folder,",
		"      --mask is a folder of masks with the same file names and -o a folder (made if missing). Beside each",
		"      result OUT it writes OUT.revivegan.json (model hash, parameters, date, version) and",
		"      OUT-stem-synthesized.png (255 = pixels the model invented), unless --no-provenance.",
		"      Results keep their input's format, bit depth, profile, EXIF and resolution; a multi-page TIFF comes",
		"      back as a stack. A JPEG stays a JPEG (--jpeg-quality, default 95), which re-encodes every pixel:",
		"      --format png gives a lossless result, bit-identical outside the mask. --adapt SECONDS first",
		"      fine-tunes a copy of the model on each photo's own undamaged pixels (synthetic damage painted in).",
		"  colorize IMAGE|DIR... -o OUT [--model FILE] [--working-size N] [--hints HINTS.csv] [--no-spread]",
		"        [--vividness V] [--reference PHOTO] [--no-provenance] [--overwrite] [--format png|tif|jpg|bmp]",
		"        [--jpeg-quality N]",
		"      Colour grayscale photos; the result keeps the original full-resolution lightness. Writes",
		"      OUT.revivegan.json beside each result (all colour is invented), unless --no-provenance.",
		"      --hints HINTS.csv: colour hints, one per line x,y,radius,r,g,b (0-255) or x,y,radius,#rrggbb, in",
		"      the input's pixels; every input gets the same hints. What the network does not follow of a hint",
		"      is spread over its region, stopping at edges; --no-spread leaves the network's response alone.",
		"      --vividness V: 0 gray, 1 the model's own colours (default), up to 4; more is more saturated.",
		"      --reference PHOTO: take the colour distribution of a colour photo (per lightness band).",
		"  train --task inpaint|colorize|detect --images DIR --run DIR [--val DIR] [--preset NAME] [--crop N]",
		"        [--batch N] [--l1-steps N] [--gan-steps N] [--seed N] [--max-side N] [--damage mixed|scratches|10-20]",
		"        [--validate-every N] [--checkpoint-every N] [--lambda L] [--lr RATE] [--ndf N] [--d-layers N]",
		"        [--validation-crops N] [--ema DECAY] [--hole-weight W] [--input-fill pushpull|navier-stokes]",
		"        [--init-from MODEL.zip] [--minutes M]",
		"        [--head regression|classes|mix] [--mix-l1 W] [-o MODEL.zip]",
		"      --head classes (colorize): predict a distribution over ab bins (Zhang et al. 2016), no GAN phase;",
		"      --head mix: the same trained with cross-entropy + [--mix-l1 W, default 1] x L1 of its mean.",
		"      Damage detection (--task detect) has no GAN phase: give its steps as --steps N.",
		"      Train a model on the photos in --images and its sub-folders; running again on the same --run",
		"      folder resumes from its checkpoint. Inpainting validates 200 fixed crops per evaluation band",
		"      (--validation-crops). --ema keeps a moving average of the weights (e.g. 0.999) for validation and",
		"      the saved models; --init-from starts from a model's generator (architecture and weights);",
		"      --minutes stops (resumably) after M minutes of training, to compare designs at equal CPU time.",
		"      --input-fill: what the holes hold at the network's input (the residual presets correct it).",
		"  detect IMAGE|DIR... -o MASK|DIR [--model FILE] [--threshold T] [--min-size N] [--truth MASK|DIR]",
		"        [--overwrite]",
		"      Propose a damage mask (255 = scratch, dust, stain, tear...) for each photo with a detection model;",
		"      correct it and give it to inpaint --mask. --truth compares with known masks (precision, recall, F1).",
		"  export --run DIR -o MODEL.zip [--data TEXT]",
		"      Write the latest checkpoint of a training run (running or stopped) as a model file; --data says",
		"      what it was trained on, for the model card. The run can go on from the same checkpoint.",
		"  damage IMAGE -o DAMAGED.png --mask-out MASK.png [--damage mixed|scratches|10-20] [--seed N]",
		"        [--overwrite]",
		"      Make a synthetically damaged copy of a photo and its mask (to try inpainting).",
		"  evaluate --task inpaint|colorize|detect --images DIR --csv OUT.csv [--report DIR] [--seed N] [--model FILE]",
		"        [--hints default|K,K,...] [--vividness V] [--reference self|PHOTO] [--adapt SECONDS]",
		"        [--bands scratches,0-10,...]",
		"      Measure quality on the photos in DIR: inpainting per damage band (scratches, 0-10 ... 40-50 % masked)",
		"      against OpenCV's Telea and Navier-Stokes, colourisation against the grayscale image. One CSV row per",
		"      image x band x method; --report adds a Markdown summary and contact sheets.",
		"      --hints default|0,1,2,...: colourisation also with that many random hints from each original",
		"      (default = 0,1,2,5,10,20,50), rows with band hints-k and a PSNR-vs-hints table in the report.",
		"      --vividness V, --reference PHOTO: as for colorize; --reference self: each original's own colours.",
		"      Detection: precision, recall, F1, IoU per damage kind against the synthetic truth, beside a",
		"      median-filter peer ([--threshold T] [--min-size N]; its CSV has its own columns, see docs/detection.md).",
		"  info",
		"      Backend (CPU/GPU), threads, oneDNN on/off, memory, and the models found.",
		"",
		"Presets: " + String.join(", ", GeneratorSpec.presets()));

	/** The flag that skips the provenance files of inpaint and colorize. */
	static final String NO_PROVENANCE = "--no-provenance";
	static final String NO_SPREAD = "--no-spread";
	/** The flag that lets a result replace an input file. */
	static final String OVERWRITE = "--overwrite";
	/** {@code evaluate --reference self}: each original's own colours as the reference (the upper bound). */
	static final String REFERENCE_SELF = "self";
	/** {@code train --head mix}: the colour-class head trained with cross-entropy + L1 of its mean. */
	static final String HEAD_MIX = "mix";

	/** Contact sheets of the evaluation: at most this many images per band, tiles at most this high. */

	private final PrintStream out;
	private final PrintStream err;

	private final Cancellation cancellation;

	Main(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
		this.cancellation = new Cancellation(err);
	}

	public static void main(String[] args) {
		Main main = new Main(System.out, System.err);
		main.cancellation.install();
		int code = main.run(args);
		System.out.flush();
		main.cancellation.finished(code);
		System.exit(code); // during a SIGINT/SIGTERM shutdown this waits, and the hook ends the JVM with the code
	}

	/** The options of each command (a trailing ! marks a flag without a value); any other is refused. */
	static final Map<String, Args.Spec> OPTIONS = Map.of( //
		"demo", Args.Spec.of("--out", "-o", "--seed", "--inpaint-model", "--colorize-model", "--images"), //
		"inpaint", Args.Spec.of("-o", "--mask", "--model", "--dilate", "--adapt", "--format", "--jpeg-quality",
			NO_PROVENANCE + "!", OVERWRITE + "!"), //
		"colorize", Args.Spec.of("-o", "--model", "--hints", "--working-size", "--format", "--jpeg-quality",
			"--vividness", "--reference",
			NO_SPREAD + "!", NO_PROVENANCE + "!",
			OVERWRITE + "!"), //
		"train", Args.Spec.of("--task", "--images", "--run", "--val", "--preset", "--crop", "--batch", "--l1-steps",
			"--gan-steps", "--steps", "--seed", "--max-side", "--damage", "--validate-every", "--checkpoint-every",
			"--lambda", "--lr", "--ndf", "--d-layers", "--validation-crops", "--ema", "--hole-weight", "--init-from",
			"--minutes", "--input-fill", "--head", "--mix-l1", "-o"), //
		"detect", Args.Spec.of("-o", "--model", "--threshold", "--min-size", "--truth", OVERWRITE + "!"), //
		"export", Args.Spec.of("--run", "-o", "--data"), //
		"damage", Args.Spec.of("-o", "--mask-out", "--damage", "--seed", OVERWRITE + "!"), //
		"evaluate", Args.Spec.of("--task", "--images", "--csv", "--report", "--seed", "--model", "--hints",
			"--vividness", "--reference", "--adapt", "--bands",
			"--threshold", "--min-size"), //
		"info", Args.Spec.of());

	/** @return the exit code */
	int run(String[] args) {
		List<String> beforeDashes = List.of(args);
		if (beforeDashes.contains("--")) beforeDashes = beforeDashes.subList(0, beforeDashes.indexOf("--"));
		if (args.length == 0 || "help".equals(args[0]) || beforeDashes.contains("-h") || beforeDashes.contains("--help")) {
			out.println(USAGE);
			return args.length == 0 ? 2 : 0;
		}
		Args a;
		try {
			String command = List.of("colourise", "colorise").contains(args[0]) ? "colorize" : args[0];
			Args.Spec spec = OPTIONS.get(command);
			if (spec == null) throw new UsageException("Unknown command '" + args[0] + "'. Run 'revive --help' for the " +
				"commands.");
			a = Args.parse(command, spec, args, 1);
			if (!a.positional().isEmpty() && !List.of("inpaint", "colorize", "detect", "damage").contains(command))
				throw new UsageException("'" + command + "' takes no file names without an option (got '" + a.positional()
					.get(0) + "').");
			switch (command) {
				case "demo":
					return demo(a);
				case "inpaint":
					return inpaint(a);
				case "colorize":
					return colorize(a);
				case "train":
					return train(a);
				case "damage":
					return damage(a);
				case "export":
					return export(a);
				case "detect":
					return detect(a);
				case "evaluate":
					return evaluate(a);
				default:
					return info();
			}
		}
		catch (IOException | RuntimeException | LinkageError | OutOfMemoryError e) {
			err.println("revive: " + Failures.userMessage(e, DETAILS));
			if (!Failures.isUserError(e) && System.getenv("REVIVE_DEBUG") != null) e.printStackTrace(err);
			if (e instanceof CancellationException) return 130;
			return Failures.isUserError(e) ? 2 : 1;
		}
	}

	/** Where the details of an unexpected failure are: only on request, so that users see one line. */
	static final String DETAILS = "the stack trace that REVIVE_DEBUG=1 prints";

	private int info() throws IOException {
		for (Map.Entry<String, String> e : Backend.describe().entrySet())
			out.printf(Locale.ROOT, "%-16s %s%n", e.getKey() + ":", e.getValue());
		for (Task t : Task.values()) {
			if (DefaultModels.available(t)) {
				ModelFile m = DefaultModels.load(t);
				out.printf(Locale.ROOT, "%-16s %s, %s, %d steps%n", t.id() + " model:", m.metadata().name,
					m.metadata().generator, m.metadata().provenance.steps);
			}
			else out.printf(Locale.ROOT, "%-16s none installed: %s is in none of %s (give --model FILE)%n",
				t.id() + " model:", DefaultModels.fileName(t), DefaultModels.folders());
		}
		return 0;
	}

	private int demo(Args a) throws IOException {
		if (a.has("-o") && a.has("--out")) throw new UsageException("Give the output folder once, with --out DIR.");
		Path target = Paths.get(a.string("--out", a.string("-o", DemoCommand.DEFAULT_FOLDER)));
		Path images = a.has("--images") ? a.path("--images") : null;
		new DemoCommand(out, console("Demo")).run(images, target, a.longValue("--seed", 1), DemoCommand.modelLoader(
			a.has("--inpaint-model") ? a.path("--inpaint-model") : null, "--inpaint-model", Task.INPAINT,
			DefaultModels::available), DemoCommand.modelLoader(a.has("--colorize-model") ? a.path("--colorize-model") :
				null, "--colorize-model", Task.COLORIZE, DefaultModels::available));
		return 0;
	}

	private int inpaint(Args a) throws IOException {
		List<Path> inputs = a.inputs();
		Path outArg = a.required("-o", "the output file or folder");
		Path maskArg = a.required("--mask", "the damage mask: an image whose non-zero pixels are the damage");
		int dilate = a.intValue("--dilate", 0);
		double adapt = a.doubleValue("--adapt", 0);
		if (!(adapt >= 0 && adapt <= 24 * 3600)) throw new UsageException("--adapt takes the seconds of adaptation to " +
			"each photo, 0 (off) to 86400, not " + a.string("--adapt", "") + ".");
		List<Path> masks = new ArrayList<>();
		for (Path in : inputs) { // check every mask before writing anything
			Path mask = Files.isDirectory(maskArg) ? maskArg.resolve(in.getFileName()) : maskArg;
			if (!Files.exists(mask)) throw new UsageException("No mask for " + in.getFileName() + " (looked for " + mask + ").");
			masks.add(mask);
		}
		Output output = Output.of(a, inputs, outArg, err);
		OutputPlan plan = plan(a, inputs, masks);
		for (Path in : inputs)
			plan.result(output.target(in), in.toString(), !a.has(NO_PROVENANCE), true);
		InputCheck.readable(union(inputs, masks));
		ModelFile model = model(a, Task.INPAINT);
		Inpainter inpainter = new Inpainter(model);
		output.prepare(err);
		for (int i = 0; i < inputs.size(); i++) {
			Path in = inputs.get(i), mask = masks.get(i);
			Path target = output.target(in);
			List<LoadedImage> pages = ImageFiles.readPages(in); // a multi-page TIFF: every page, one mask
			LoadedImage img = pages.get(0);
			LoadedImage m = ImageFiles.read(mask);
			int orientation = img.metadata().orientation();
			if (orientation != 1 && (m.width() != img.width() || m.height() != img.height())) throw new UsageException(
				"The mask " + mask.getFileName() + " is " + m.width() + "x" + m.height() + " but " + in.getFileName() +
					" is " + img.width() + "x" + img.height() + " upright: its EXIF orientation (" + orientation + ") turns " +
					"it as viewers show it. Draw the mask on the upright photo.");
			Img<FloatType> maskPlane = maskOf(m, dilate);
			if (maskPlane.dimension(0) == img.width() && maskPlane.dimension(1) == img.height() && Masks.count(
				maskPlane) == img.width() * img.height()) err.println("revive: warning: the mask " + mask + " covers the " +
					"whole of " + in + ": every pixel of the result is invented, none is the photo's.");
			long t0 = System.nanoTime();
			Inpainter use = inpainter;
			PhotoAdaptation.Result adapted = null;
			if (adapt > 0) { // adapted to the first page, used for all: the pages of a stack are one photo's
				adapted = PhotoAdaptation.adapt(model, img.image(), maskPlane, 1, adapt, Integer.MAX_VALUE, 1,
					console("Adapting to " + in.getFileName()));
				out.printf(Locale.ROOT, "%s: adapted the model in %d steps (%.0f s)%n", in.getFileName(), adapted.steps,
					adapted.seconds);
				use = new Inpainter(adapted.model);
			}
			List<Img<FloatType>> results = new ArrayList<>();
			for (int p = 0; p < pages.size(); p++)
				results.add(use.inpaint(pages.get(p).image(), maskPlane, console("Inpainting " + in.getFileName() +
					(pages.size() > 1 ? " page " + (p + 1) + " of " + pages.size() : ""))));
			output.write(target, results, img, img.grayscale());
			if (!a.has(NO_PROVENANCE)) CliProvenance.inpainted(target, model, in, img, mask, dilate, maskPlane, adapt,
				adapted == null ? 0 : adapted.steps);
			out.printf(Locale.ROOT, "%s -> %s (%.1f s)%n", in, target, (System.nanoTime() - t0) / 1e9);
		}
		return 0;
	}

	/**
	 * @return a plan of the command's outputs that knows all its input files: the images, {@code more} (masks,
	 *         truth masks), the model and the hints
	 */
	private static OutputPlan plan(Args a, List<Path> inputs, List<Path> more) throws IOException {
		OutputPlan plan = new OutputPlan(a.has(OVERWRITE));
		for (Path p : union(inputs, more))
			plan.input(p);
		for (String option : List.of("--model", "--hints", "--truth"))
			if (a.has(option) && Files.isRegularFile(a.path(option))) plan.input(a.path(option));
		return plan;
	}

	private static List<Path> union(List<Path> a, List<Path> b) {
		List<Path> all = new ArrayList<>(a);
		all.addAll(b);
		return all;
	}

	private int colorize(Args a) throws IOException {
		List<Path> inputs = a.inputs();
		Path outArg = a.required("-o", "the output file or folder");
		Output output = Output.of(a, inputs, outArg, err);
		OutputPlan plan = plan(a, inputs, List.of());
		for (Path in : inputs)
			plan.result(output.target(in), in.toString(), !a.has(NO_PROVENANCE), false);
		ColorHints hints = a.has("--hints") ? hintsCsv(a.path("--hints")) : null;
		InputCheck.readable(inputs);
		ModelFile model = model(a, Task.COLORIZE);
		Colorizer colorizer = new Colorizer(model);
		int workingSize = a.intValue("--working-size", model.metadata().workingSize, 1, Integer.MAX_VALUE);
		if (a.has("--working-size")) colorizer.withWorkingSize(workingSize);
		if (a.has(NO_SPREAD)) colorizer.withHintPropagation(null);
		colorizer.withVividness(vividness(a));
		Path referenceFile = a.has("--reference") ? a.path("--reference") : null;
		if (referenceFile != null) colorizer.withReference(colorReference(referenceFile));
		output.prepare(err);
		for (Path in : inputs) {
			Path target = output.target(in);
			List<LoadedImage> pages = ImageFiles.readPages(in); // a multi-page TIFF: every page
			LoadedImage img = pages.get(0);
			long t0 = System.nanoTime();
			List<Img<FloatType>> results = new ArrayList<>();
			try {
				for (int p = 0; p < pages.size(); p++)
					results.add(colorizer.colorize(pages.get(p).image(), 1, hints, console("Colorizing " + in
						.getFileName() + (pages.size() > 1 ? " page " + (p + 1) + " of " + pages.size() : ""))));
			}
			catch (IllegalArgumentException e) { // a hint outside this image
				throw new UsageException(in + ": " + e.getMessage() + " Check the x, y of " + a.path("--hints") + ".");
			}
			output.write(target, results, img, false);
			if (!a.has(NO_PROVENANCE)) CliProvenance.colorized(target, model, in, img, workingSize, hints, a.has(
				"--hints") ? a.path("--hints").getFileName().toString() : null, !a.has(NO_SPREAD), colorizer.vividness(),
				referenceFile == null ? null : referenceFile.getFileName().toString(), referenceFile == null ? null
					: CliProvenance.fileSha256(referenceFile));
			out.printf(Locale.ROOT, "%s -> %s (%.1f s)%n", in, target, (System.nanoTime() - t0) / 1e9);
		}
		return 0;
	}

	/** @return {@code --vividness}, checked, or the default */
	private static double vividness(Args a) {
		double v = a.doubleValue("--vividness", Colorizer.DEFAULT_VIVIDNESS);
		if (!(v >= Colorizer.MIN_VIVIDNESS && v <= Colorizer.MAX_VIVIDNESS)) throw new UsageException("--vividness " +
			"is a number from " + Colorizer.MIN_VIVIDNESS + " (gray) to " + Colorizer.MAX_VIVIDNESS + " (1 = the " +
			"model's own colours), not " + a.string("--vividness", "") + ".");
		return v;
	}

	/** @return the colour distribution of a reference photo; a missing or gray file is a usage error */
	private static org.revivegan.core.color.ColorReference colorReference(Path file) throws IOException {
		if (!Files.isRegularFile(file)) throw new UsageException("No such reference photo: " + file);
		LoadedImage img = ImageFiles.read(file);
		try {
			return org.revivegan.core.color.ColorReference.of(img.image(), 1);
		}
		catch (IllegalArgumentException e) {
			throw new UsageException(file + ": " + e.getMessage());
		}
	}

	/** @return the hints of a CSV file ({@link ColorHintsCsv}); a bad line is a usage error with its number */
	private static ColorHints hintsCsv(Path file) throws IOException {
		if (!Files.isRegularFile(file)) throw new UsageException("No such hints file: " + file);
		try {
			String text = Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
			if (text.indexOf('\0') >= 0) throw new java.nio.charset.CharacterCodingException();
			ColorHints hints = ColorHintsCsv.parse(text, file.toString());
			if (hints.size() == 0) throw new UsageException(file + " holds no hints: write one per line as " +
				"x,y,radius,r,g,b or x,y,radius,#rrggbb.");
			return hints;
		}
		catch (java.nio.charset.CharacterCodingException e) {
			throw new UsageException(file + " is not a text file: colour hints are CSV text, one hint per line as " +
				"x,y,radius,r,g,b or x,y,radius,#rrggbb.");
		}
		catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
	}

	private int train(Args a) throws IOException {
		TrainingConfig c = new TrainingConfig();
		c.task = Task.parse(a.string("--task", "inpaint")).id();
		c.preset = a.string("--preset", c.preset);
		c.crop = a.intValue("--crop", c.crop, 1, TrainingConfig.MAX_CROP);
		c.batch = a.intValue("--batch", c.batch, 1, TrainingConfig.MAX_BATCH);
		c.l1Steps = a.longValue("--l1-steps", c.l1Steps, 0, TrainingConfig.MAX_STEPS);
		c.ganSteps = a.longValue("--gan-steps", c.task().adversarial() ? c.ganSteps : 0, 0, TrainingConfig.MAX_STEPS);
		if (a.has("--steps")) {
			if (c.task().adversarial()) throw new UsageException("--steps is for --task detect; give --l1-steps and " +
				"--gan-steps for " + c.task().id() + ".");
			if (a.has("--l1-steps")) throw new UsageException("Give the detection steps once, with --steps N.");
			c.l1Steps = a.longValue("--steps", c.l1Steps, 1, TrainingConfig.MAX_STEPS);
		}
		c.seed = a.longValue("--seed", c.seed);
		c.maxImageSide = a.intValue("--max-side", c.maxImageSide, 1, Integer.MAX_VALUE);
		c.damage = a.string("--damage", c.damage);
		c.validateEvery = a.intValue("--validate-every", c.validateEvery, 1, Integer.MAX_VALUE);
		c.checkpointEvery = a.intValue("--checkpoint-every", c.checkpointEvery, 1, Integer.MAX_VALUE);
		c.lambda = a.doubleValue("--lambda", c.lambda, 0, 1e6, true);
		c.learningRate = a.doubleValue("--lr", c.learningRate, 0, 1, false);
		c.discriminatorWidth = a.intValue("--ndf", c.discriminatorWidth, 1, 1024);
		c.discriminatorLayers = a.intValue("--d-layers", c.discriminatorLayers, 1, 8);
		String head = a.string("--head", GeneratorSpec.HEAD_REGRESSION);
		if (GeneratorSpec.HEAD_CLASSES.equals(head) || HEAD_MIX.equals(head)) {
			if (c.task() != Task.COLORIZE) throw new UsageException("--head " + head + " is for --task colorize.");
			c.classL1Weight = HEAD_MIX.equals(head) ? a.doubleValue("--mix-l1", 1, 0, 1e6, true) : 0;
			if (!(c.classL1Weight >= 0)) throw new UsageException("--mix-l1 is a weight of 0 or more.");
			try {
				c.generator = GeneratorSpec.preset(c.preset, c.task()).withClassHead();
			}
			catch (IllegalArgumentException e) {
				throw new UsageException(e.getMessage());
			}
			if (!a.has("--gan-steps")) c.ganSteps = 0;
		}
		else if (!GeneratorSpec.HEAD_REGRESSION.equals(head)) throw new UsageException("--head is regression (the " +
			"default), classes or mix, not '" + head + "'.");
		c.validationBands = c.task() == Task.INPAINT;
		c.validationCrops = a.intValue("--validation-crops", c.task() == Task.INPAINT ? 200 : c.validationCrops, 1, 100_000);
		c.emaDecay = a.doubleValue("--ema", c.emaDecay, 0, 1, true);
		if (c.emaDecay >= 1) throw new UsageException("--ema must be below 1 (for example 0.999), not " + c.emaDecay + ".");
		c.holeWeight = a.doubleValue("--hole-weight", c.holeWeight, 0, 1e4, false);
		if (a.has("--input-fill")) c.inputFill = a.string("--input-fill", null);
		if (a.has("--init-from")) c.initFrom = a.path("--init-from").toAbsolutePath().toString();
		double minutes = a.doubleValue("--minutes", Double.POSITIVE_INFINITY, 0, 1e7, false);
		c.resolve();
		Path images = a.required("--images", "a folder of training photos");
		Path run = a.required("--run", "a folder for checkpoints and logs (reuse it to resume)");
		if (a.has("-o")) Trainer.checkNotReserved(run, a.path("-o"));
		TrainingData train = load(images, c.task(), c.maxImageSide);
		TrainingData val = a.has("--val") ? load(a.path("--val"), c.task(), c.maxImageSide) : null;
		out.printf(Locale.ROOT, "Training %s model (%s, %s) on %d photos%s; run folder %s%n",
			c.task() == Task.INPAINT ? "an inpainting" : c.task() == Task.DETECT ? "a damage detection" :
				"a colourisation", c.preset,
			c.generator, train.size(), val == null ? "" : " (" + val.size() + " for validation)", run);
		// Ctrl-C (SIGINT) or SIGTERM asks the trainer to stop (see Cancellation): it saves a checkpoint first
		cancellation.commandSavesOnCancel();
		Trainer.Result r = new Trainer(c, train, val, run).timeBudget(minutes * 60).run(console("Training"));
		Path model = r.bestModel;
		if (a.has("-o")) {
			Path o = a.path("-o");
			ModelFile.load(model).save(o, true);
			model = o;
		}
		if (c.task() == Task.DETECT) out.printf(Locale.ROOT, "Done: %d steps in %.0f s; best validation F1 %.3f at " +
			"step %d; model %s%n", r.steps, r.seconds, r.bestScore, r.bestStep, model);
		else out.printf(Locale.ROOT, "Done: %d steps in %.0f s; best validation %.2f dB at step %d; model %s%n", r.steps,
			r.seconds, r.bestScore, r.bestStep, model);
		return 0;
	}

	/** {@code revive export}: the latest checkpoint of a (running or stopped) training run as a model file. */
	private int export(Args a) throws IOException {
		Path run = a.required("--run", "the training run folder");
		Path model = a.required("-o", "the model file to write");
		String data = a.string("--data", "the photos of the training run in " + run.toAbsolutePath());
		long step = Trainer.exportCheckpoint(run, model, data);
		out.printf(Locale.ROOT, "%s: checkpoint at step %d -> %s%n", run, step, model);
		return 0;
	}

	private int damage(Args a) throws IOException {
		List<Path> inputs = a.inputs();
		if (inputs.size() > 1) throw new UsageException("damage takes one image, not " + inputs.size() + ".");
		Path in = inputs.get(0);
		Path outPath = a.required("-o", "the damaged image file");
		Path maskOut = a.required("--mask-out", "the mask file");
		plan(a, inputs, List.of()).output(outPath, OutputPlan.Kind.RESULT, in.toString()).output(maskOut,
			OutputPlan.Kind.RESULT, in + " (its mask)");
		InputCheck.readable(inputs);
		LoadedImage img = ImageFiles.read(in);
		Damage d = new org.revivegan.core.damage.DamageSynthesizer().apply(img.image(),
			BatchMaker.damageSpec(a.string("--damage", "mixed")), new Rng(a.longValue("--seed", 1)));
		ImageFiles.write(outPath, d.damaged());
		ImageFiles.write(maskOut, Masks.binary(d.mask()), 8, true);
		out.printf(Locale.ROOT, "%s -> %s and %s (%.1f %% of pixels damaged)%n", in, outPath, maskOut,
			100 * d.maskedFraction());
		return 0;
	}

	private int evaluate(Args a) throws IOException {
		Task task = Task.parse(a.string("--task", "inpaint"));
		Path folder = a.required("--images", "a folder of photos to evaluate on");
		Path csv = a.required("--csv", "the CSV file to write the results to");
		long seed = a.longValue("--seed", 1);
		Path report = a.has("--report") ? a.path("--report") : null;
		if (!Files.isDirectory(folder)) throw new UsageException("Not a folder: " + folder);
		if (report != null && OutputPlan.isInside(report, folder)) throw new UsageException("The --report folder " +
			report + " is inside --images " + folder + ": its contact sheets would be scored as photos by the next " +
			"evaluation. Put the report elsewhere.");
		if (task == Task.DETECT) return evaluateDetection(a, folder, csv, seed);
		List<Integer> hintCounts;
		try {
			hintCounts = Evaluator.parseHintCounts(a.string("--hints", ""));
		}
		catch (IllegalArgumentException e) {
			throw new UsageException("--hints: " + e.getMessage());
		}
		if (!hintCounts.isEmpty() && task != Task.COLORIZE) throw new UsageException("--hints applies to " +
			"--task colorize only.");
		if ((a.has("--vividness") || a.has("--reference")) && task != Task.COLORIZE) throw new UsageException(
			"--vividness and --reference apply to --task colorize only.");
		double vividness = vividness(a);
		String referenceArg = a.string("--reference", null);
		boolean ownReference = REFERENCE_SELF.equals(referenceArg);
		org.revivegan.core.color.ColorReference reference = referenceArg != null && !ownReference ? colorReference(a
			.path("--reference")) : null;
		List<String> settings = new ArrayList<>(List.of("Backend: " + Backend.describe().get("backend") + ", " + Backend
			.describe().get("threads") + " threads"));
		if (task == Task.COLORIZE) {
			settings.add("Vividness: " + vividness);
			if (referenceArg != null) settings.add("Colour reference: " + (ownReference ? "each original's own colours"
				: a.path("--reference").toAbsolutePath() + " (SHA-256 " + CliProvenance.fileSha256(a.path("--reference")) +
					")"));
		}
		double adapt = a.doubleValue("--adapt", 0, 0, 86400, true);
		if (adapt > 0 && task != Task.INPAINT) throw new UsageException("--adapt is for --task inpaint.");
		if (adapt > 0) settings.add("Adaptation to each photo: " + adapt + " s");
		List<Band> bands = null;
		if (a.has("--bands")) {
			if (task != Task.INPAINT) throw new UsageException("--bands is for --task inpaint.");
			bands = new ArrayList<>();
			try {
				for (String b : a.string("--bands", "").split(","))
					bands.add(Band.parse(b));
			}
			catch (IllegalArgumentException e) {
				throw new UsageException(e.getMessage());
			}
		}
		long t0 = System.nanoTime();
		EvaluationFolder.Result r = EvaluationFolder.run(task, folder, () -> model(a, task), DefaultModels.nameOf(
			a.string("--model", null), task).map(n -> n + " " + task.id() + " model").orElseGet(() -> a.path("--model")
				.toAbsolutePath().toString()), seed, bands, hintCounts, csv,
			report, settings, task == Task.INPAINT ? e -> e.withAdaptation(adapt) : task != Task.COLORIZE ? null : e -> {
				e.withVividness(vividness);
				if (ownReference) e.withOwnReference(true);
				else if (reference != null) e.withReference(reference);
			}, console("Evaluating"));
		out.printf(Locale.ROOT, "%d rows (%d images) -> %s (%.1f s)%n", r.rows.size(), r.images, csv,
			(System.nanoTime() - t0) / 1e9);
		if (r.report != null) out.printf(Locale.ROOT, "Report -> %s (%d contact sheets)%n", r.report, r.sheets);
		return 0;
	}

	/** {@code revive detect}: a proposed damage mask per photo, optionally scored against known masks. */
	private int detect(Args a) throws IOException {
		List<Path> inputs = a.inputs();
		Path outArg = a.required("-o", "the mask file or folder to write");
		double threshold = threshold(a);
		int minSize = a.intValue("--min-size", 0);
		if (minSize < 0) throw new UsageException("--min-size cannot be negative.");
		Path truthArg = a.has("--truth") ? a.path("--truth") : null;
		boolean many = inputs.size() > 1 || Files.isDirectory(outArg);
		List<Path> truths = new ArrayList<>();
		if (truthArg != null) for (Path in : inputs) {
			Path t = Files.isDirectory(truthArg) ? truthArg.resolve(in.getFileName()) : truthArg;
			if (!Files.exists(t)) throw new UsageException("No truth mask for " + in.getFileName() + " (looked for " + t + ").");
			truths.add(t);
		}
		OutputPlan plan = plan(a, inputs, truths);
		for (Path in : inputs)
			plan.output(many ? outputIn(outArg, in) : outArg, OutputPlan.Kind.RESULT, in.toString());
		InputCheck.readable(union(inputs, truths));
		if (many) Files.createDirectories(outArg);
		Detector detector = new Detector(model(a, Task.DETECT)).withMinSize(minSize);
		for (Path in : inputs) {
			Path target = many ? outputIn(outArg, in) : outArg;
			LoadedImage img = ImageFiles.read(in);
			long t0 = System.nanoTime();
			ArrayImg<UnsignedByteType, ?> mask = detector.detect(img.image(), 1, threshold, console("Detecting " +
				in.getFileName()));
			ImageFiles.write(target, Masks.binary(mask), 8, true);
			long marked = Masks.count(mask);
			out.printf(Locale.ROOT, "%s -> %s (%.2f %% marked, %.1f s)%n", in, target, 100.0 * marked / (img.width() *
				img.height()), (System.nanoTime() - t0) / 1e9);
			if (truthArg != null) {
				Path t = Files.isDirectory(truthArg) ? truthArg.resolve(in.getFileName()) : truthArg;
				Img<FloatType> truth = maskOf(ImageFiles.read(t), 0);
				if (truth.dimension(0) != img.width() || truth.dimension(1) != img.height()) throw new UsageException(
					"The truth mask " + t + " is " + truth.dimension(0) + "x" + truth.dimension(1) + " but the image is " +
						img.width() + "x" + img.height() + ".");
				double[] sc = DetectionEvaluator.score(mask, truth);
				out.printf(Locale.ROOT, "  against %s: precision %.3f, recall %.3f, F1 %.3f, IoU %.3f%n", t.getFileName(),
					sc[0], sc[1], sc[2], sc[3]);
			}
		}
		return 0;
	}

	private static double threshold(Args a) {
		double threshold = a.doubleValue("--threshold", Detector.DEFAULT_THRESHOLD);
		if (!(threshold >= 0 && threshold <= 1)) throw new UsageException("--threshold is a probability from 0 to 1, not " +
			threshold + ".");
		return threshold;
	}

	/**
	 * {@code revive evaluate --task detect}: precision, recall, F1 and IoU per damage kind and image, model and
	 * median-residual peer, in their own CSV ({@link DetectionEvaluator#CSV_HEADER}); prints the mean per kind.
	 */
	private int evaluateDetection(Args a, Path folder, Path csv, long seed) throws IOException {
		double threshold = threshold(a);
		int minSize = a.intValue("--min-size", 0);
		EvaluationFolder.DetectionResult r = EvaluationFolder.runDetection(folder, () -> model(a, Task.DETECT), minSize,
			threshold, seed, csv, console("Evaluating"));
		out.printf(Locale.ROOT, "%d rows (%d images) -> %s (%.1f s)%n", r.rows.size(), r.images, csv, r.seconds);
		out.println("mean F1 per kind (threshold " + threshold + "):");
		for (String kind : DetectionEvaluator.kinds())
			for (String method : List.of(DetectionEvaluator.OURS, DetectionEvaluator.MEDIAN_RESIDUAL)) {
				out.printf(Locale.ROOT, "  %-10s %-16s %.3f%n", kind, method, DetectionEvaluator.meanF1(r.rows, kind,
					method));
			}
		return 0;
	}

	/** @return the training photos of a folder and its sub-folders, as Fiji reads them ({@link TrainingPhotos}) */
	TrainingData load(Path folder, Task task, int maxSide) throws IOException {
		TrainingPhotos photos = TrainingPhotos.read(folder, task, maxSide, ImageFiles.TRAINING_PHOTOS);
		if (photos.skippedLine() != null) err.println(photos.skippedLine());
		return photos.data(maxSide);
	}

	private ModelFile model(Args a, Task task) throws IOException {
		return DefaultModels.resolve(a.string("--model", null), task);
	}

	private static Img<FloatType> maskOf(LoadedImage m, int dilate) {
		Img<FloatType> mask = m.asMask();
		return dilate > 0 ? org.revivegan.core.image.Masks.dilate(mask, dilate) : mask;
	}

	/** @return where a mask of {@code input} goes in {@code folder}: its name as a PNG (masks are never lossy) */
	private static Path outputIn(Path folder, Path input) throws IOException {
		Files.createDirectories(folder);
		return folder.resolve(ImageFiles.outputName(input, "png"));
	}

	/**
	 * Where the results of inpaint and colorize go and how they are written: one file, or a folder (several
	 * inputs, a folder given as input, or an output without an image extension), made if missing; each result in
	 * its input's format unless --format asks for another, at its bit depth with its metadata, a stack as a stack.
	 */
	static final class Output {

		private final Path out;
		private final boolean folder;
		private final String format;
		private final int jpegQuality;

		private Output(Path out, boolean folder, String format, int jpegQuality) {
			this.out = out;
			this.folder = folder;
			this.format = format;
			this.jpegQuality = jpegQuality;
		}

		static Output of(Args a, List<Path> inputs, Path out, PrintStream log) throws IOException {
			String format = a.has("--format") ? a.string("--format", null) : null;
			int quality = a.intValue("--jpeg-quality", WriteOptions.DEFAULT_JPEG_QUALITY);
			try {
				WriteOptions.of(8, false).withJpegQuality(quality);
				if (format != null) ImageFiles.outputFormatFor(inputs.get(0), format);
			}
			catch (IllegalArgumentException e) {
				throw new UsageException(e.getMessage().replace("The JPEG quality", "--jpeg-quality") + (format != null && e
					.getMessage().contains(format) ? " (--format)" : ""));
			}
			boolean folder = inputs.size() > 1 || Files.isDirectory(out) || a.positionalFolder() || !Files.exists(out) &&
				!ImageFiles.hasImageExtension(out);
			if (folder && !Files.isDirectory(out) && Files.exists(out)) throw new UsageException("-o " + out + " is a " +
				"file; give a folder for several results.");
			if (!folder && format != null && !ImageFiles.outputName(out, format).equals(out.getFileName().toString()))
				throw new UsageException("-o " + out + " and --format " + format + " disagree: give -o a name ending in ." +
					ImageFiles.outputFormatFor(out, format) + ".");
			return new Output(out, folder, format, quality);
		}

		/** Makes the output folder if it is missing (call once every input has been checked). */
		void prepare(PrintStream log) throws IOException {
			if (folder && !Files.isDirectory(out)) {
				Files.createDirectories(out);
				log.println("Created the output folder " + out);
			}
		}

		Path target(Path input) {
			return folder ? out.resolve(ImageFiles.outputName(input, format)) : out;
		}

		void write(Path target, List<Img<FloatType>> pages, LoadedImage original, boolean gray) throws IOException {
			WriteOptions options = WriteOptions.like(original).withGrayscale(gray).withJpegQuality(jpegQuality);
			try {
				ImageFiles.writePages(target, pages, options);
			}
			catch (IllegalArgumentException e) { // a stack to a format that holds one image
				throw new UsageException(e.getMessage());
			}
		}
	}

	/** Progress on the console: a status line that rewrites itself on a terminal, log lines as they come. */
	private Progress console(String what) {
		boolean tty = System.console() != null;
		return new Progress() {

			long last;

			@Override
			public void log(String message) {
				err.println(message);
			}

			@Override
			public boolean isCanceled() {
				return cancellation.isCancelled();
			}

			@Override
			public void status(String message) {
				long now = System.nanoTime();
				if (now - last < 500_000_000L) return;
				last = now;
				if (tty) err.print("\r" + message + "   ");
			}
		};
	}

	/** A usage mistake: message only, exit code 2. */
	static final class UsageException extends IllegalArgumentException {

		private static final long serialVersionUID = 1L;

		UsageException(String message) {
			super(message);
		}
	}
}
