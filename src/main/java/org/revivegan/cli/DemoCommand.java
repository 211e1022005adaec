package org.revivegan.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.revivegan.core.color.Lab;
import org.revivegan.core.damage.Damage;
import org.revivegan.core.damage.DamageKind;
import org.revivegan.core.damage.DamageSpec;
import org.revivegan.core.damage.DamageSynthesizer;
import org.revivegan.core.eval.ContactSheet;
import org.revivegan.core.eval.EvaluationReport;
import org.revivegan.core.eval.EvaluationRow;
import org.revivegan.core.eval.Evaluator;
import org.revivegan.core.image.Images;
import org.revivegan.core.image.Masks;
import org.revivegan.core.infer.Inpainter;
import org.revivegan.core.restore.ColorizeRequest;
import org.revivegan.core.restore.InpaintRequest;
import org.revivegan.core.restore.Planes;
import org.revivegan.core.restore.Restoration;
import org.revivegan.core.model.DefaultModels;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.util.Rng;
import org.revivegan.io.EvaluationFolder;
import org.revivegan.io.ImageFiles;
import org.revivegan.io.LoadedImage;

/**
 * {@code revive demo}: shows what the models do on the sample photos, in one folder a person can open.
 * <p>
 * Every colour photo is damaged reproducibly (a seed; strokes, blotches, dust and tears over
 * {@value #DAMAGE_MIN_PERCENT}-{@value #DAMAGE_MAX_PERCENT} % of it, then scratches on top) and restored by the
 * inpainting model; a photo {@code X-damaged.png} with a mask {@code X-damage-mask.png} is restored with that
 * real mask instead. Every grayscale photo is colourised, and so is a gray copy of one colour photo (the first
 * one that has no {@code X-gray} twin), so that a colourisation can be compared with the truth; a gray photo
 * {@code X-gray.png} is compared with {@code X.png}. All inputs and results are 8-bit PNGs, so a file can be fed
 * to {@code revive inpaint} or {@code revive colorize} again and gives the same result.
 * </p>
 * <p>
 * The folder gets per-task sub-folders of pictures, one contact sheet per task, an {@code index.md} with the
 * PSNR against the original and the seconds each image took, and a marker file. The numbers are the
 * evaluation's ({@link Evaluator}, {@link EvaluationReport}): the synthetic damage is restored and measured by
 * the evaluator, beside Telea and Navier-Stokes on the same input, and the index ends with the report's tables.
 * When the realistic inpainting model is installed ({@link DefaultModels#REALISTIC}), every damaged photo is
 * also restored with it, beside the default (faithful) one: its own pictures, sheet column, table columns and
 * evaluation rows ({@value #REALISTIC_METHOD}); without it, the index says so in one line. The marker lists what the demo
 * wrote: a later demo into the same folder deletes exactly those files first, and a non-empty folder without
 * the marker is never written to, so a typo in {@code --out} cannot mix results into somebody's photos.
 * </p>
 * <p>
 * The photos come from {@code --images}, else from the {@code sample-images} folder next to the launcher (the
 * launcher passes its folder as the system property {@value #HOME_PROPERTY}), else from the copies in the jar
 * ({@value #SAMPLE_RESOURCES}).
 * </p>
 */
final class DemoCommand {

	/** The output folder when none is given, relative to the current directory. */
	static final String DEFAULT_FOLDER = "revive-demo";
	/** Marks a folder as written by the demo; holds the files written, one per line after the first. */
	static final String MARKER = ".revive-demo";
	/** The folder of the launcher (the project root), where {@code sample-images} lies. */
	static final String HOME_PROPERTY = "revive.home";
	/** Where the jar carries the sample photos (the pom copies sample-images/ there). */
	static final String SAMPLE_RESOURCES = "/org/revivegan/samples/";
	/** Contact sheet tiles are scaled down to at most this height. */
	static final int SHEET_TILE_HEIGHT = EvaluationFolder.SHEET_TILE_HEIGHT;
	static final int DAMAGE_MIN_PERCENT = 10, DAMAGE_MAX_PERCENT = 18;

	static final String INPAINT_FOLDER = "inpaint", COLORIZE_FOLDER = "colorize";
	static final String INPAINT_SHEET = "inpaint-sheet.png", COLORIZE_SHEET = "colorize-sheet.png";
	static final String INDEX = "index.md";
	/** The band of the evaluation rows of the demo's own damage, and of a real damage with its mask. */
	static final String SYNTHETIC = "synthetic", REAL = "real";
	/** The method of the realistic inpainting model's evaluation rows, beside {@link Evaluator#OURS}. */
	static final String REALISTIC_METHOD = Evaluator.OURS + "-" + DefaultModels.REALISTIC;

	private static final String MARKER_HEADER = "Made by 'revive demo'. The next 'revive demo' into this folder " +
		"deletes the files listed below and writes new ones.";

	/** {@code revive demo}: reads the options and runs a demo on the console. */
	static final Subcommand SUBCOMMAND = new Subcommand("demo", Subcommand.NO_FILES, Args.Spec.of("--out", "-o",
		"--seed", "--inpaint-model", "--realistic-model", "--colorize-model", "--images"),
		"  demo [--out DIR] [--seed N] [--inpaint-model FILE] [--realistic-model FILE] [--colorize-model FILE]",
		"      [--images DIR]",
		"      Damage and restore the colour photos of sample-images/ (a real damage too: chelsea-damaged.png with",
		"      its mask), colourise the grayscale ones and a gray copy of one colour photo, with the default",
		"      models; beside the default inpainting model, the realistic one when it is installed (or given with",
		"      --realistic-model). Writes the pictures, one side-by-side sheet per task and index.md (PSNR, seconds)",
		"      to DIR, by default ./revive-demo; a later demo may overwrite its own folder, never another non-empty",
		"      one.")
	{

		@Override
		int run(Args a, CliContext ctx) throws IOException {
			if (a.has("-o") && a.has("--out")) throw new Main.UsageException("Give the output folder once, with --out DIR.");
			Path target = Paths.get(a.string("--out", a.string("-o", DEFAULT_FOLDER)));
			Path images = a.has("--images") ? a.path("--images") : null;
			new DemoCommand(ctx.out(), ctx.console("Demo")).run(images, target, a.longValue("--seed", 1), modelLoader(a,
				"--inpaint-model", Task.INPAINT), modelLoader(a, "--colorize-model", Task.COLORIZE), realisticLoader(a));
			return 0;
		}

		/** @return a loader of the realistic inpainting model given or installed, else null */
		private ModelLoader realisticLoader(Args a) {
			if (a.has("--realistic-model")) {
				Path given = a.path("--realistic-model");
				return () -> ModelFile.load(given, Task.INPAINT);
			}
			if (!DefaultModels.available(Task.INPAINT, DefaultModels.REALISTIC)) return null;
			return () -> DefaultModels.load(Task.INPAINT, DefaultModels.REALISTIC);
		}

		private ModelLoader modelLoader(Args a, String option, Task task) {
			return DemoCommand.modelLoader(a.has(option) ? a.path(option) : null, option, task, DefaultModels::available);
		}
	};

	/** Loads a model when it is needed, after the cheap checks. */
	@FunctionalInterface
	interface ModelLoader {

		ModelFile load() throws IOException;
	}

	/**
	 * @param given the model file the user gave with {@code option}, or null for the default model
	 * @param hasDefault whether this build carries a default model of a task ({@link DefaultModels#available})
	 * @return a loader of the given model, else of the default model, else one that fails saying what to do
	 */
	static ModelLoader modelLoader(Path given, String option, Task task, java.util.function.Predicate<Task> hasDefault) {
		return () -> {
			if (given != null) return ModelFile.load(given, task);
			if (!hasDefault.test(task)) throw new Main.UsageException("This build has no default " + task.id() +
				" model: train one (./revive train --task " + task.id() + " --images PHOTOS --run RUN -o " + task.id() +
				".zip) and pass it with " + option + " " + task.id() + ".zip.");
			return DefaultModels.load(task);
		};
	}

	/** One photo to restore: a synthetic damage of {@code original}, or a real {@code damaged} with its mask. */
	private static final class InpaintJob {

		final String stem;
		final Path original, damaged, mask; // original null for a real damage without the clean photo

		InpaintJob(String stem, Path original, Path damaged, Path mask) {
			this.stem = stem;
			this.original = original;
			this.damaged = damaged;
			this.mask = mask;
		}

		boolean synthetic() {
			return damaged == null;
		}
	}

	/** One photo to colourise: a gray file, or the gray copy of a colour one ({@code gray} null). */
	private static final class ColorizeJob {

		final String stem;
		final Path gray, truth;

		ColorizeJob(String stem, Path gray, Path truth) {
			this.stem = stem;
			this.gray = gray;
			this.truth = truth;
		}
	}

	private final PrintStream out;
	private final Progress progress;
	private final List<String> written = new ArrayList<>();
	private Path folder;

	DemoCommand(PrintStream out, Progress progress) {
		this.out = out;
		this.progress = progress;
	}

	/**
	 * @param images the photos, or null for the sample photos
	 * @param target the output folder: new, empty, or written by an earlier demo
	 * @param realisticModel the realistic inpainting model, restoring every damaged photo beside
	 *        {@code inpaintModel}, or null when it is not installed
	 * @return the output folder, absolute
	 * @throws IllegalArgumentException if there are no photos or the folder belongs to someone else
	 */
	Path run(Path images, Path target, long seed, ModelLoader inpaintModel, ModelLoader colorizeModel,
		ModelLoader realisticModel) throws IOException
	{
		folder = target.toAbsolutePath().normalize();
		checkFolder(folder);
		Path extracted = null;
		try {
			Path source = images;
			if (source == null) {
				source = sampleFolder();
				if (source == null) {
					extracted = extractSamples();
					source = extracted;
				}
			}
			else if (!Files.isDirectory(source)) throw new Main.UsageException("Not a folder: " + source);
			List<InpaintJob> inpaints = new ArrayList<>();
			List<ColorizeJob> colorizes = new ArrayList<>();
			List<String> skipped = plan(source, inpaints, colorizes);
			if (inpaints.isEmpty() && colorizes.isEmpty()) throw new Main.UsageException("No photos (PNG, JPEG, " +
				"TIFF, BMP) in " + source + "; give a folder of photos with --images DIR.");
			Inpainter inpainter = inpaints.isEmpty() ? null : new Inpainter(inpaintModel.load());
			Inpainter realistic = inpaints.isEmpty() || realisticModel == null ? null : new Inpainter(realisticModel
				.load());
			ColorizeRequest colorizer = colorizes.isEmpty() ? null : new ColorizeRequest(colorizeModel.load());
			prepareFolder();
			for (String s : skipped)
				out.println(s);

			List<String> index = new ArrayList<>();
			index.add("# ReviveGAN demo");
			index.add("");
			index.add("Made by `revive demo --seed " + seed + "` from the photos in `" + source + "`" + (extracted !=
				null ? " (the copies in the ReviveGAN jar)" : "") + ". PSNR is measured on the 8-bit files against " +
				"the original, over the whole picture; higher is better.");
			List<EvaluationRow> measured = new ArrayList<>();
			if (inpainter != null) inpaintAll(inpaints, inpainter, realistic, seed, index, measured);
			if (colorizer != null) colorizeAll(colorizes, colorizer, index, measured);
			if (!measured.isEmpty()) {
				index.add("");
				index.add("## Measured as revive evaluate measures");
				index.add("");
				index.add("The photos that have a clean original, with the evaluation's measures (8-bit sRGB against the " +
					"original); on the synthetic damage beside OpenCV's Telea and Navier-Stokes inpainting, given the same " +
					"input and mask. Band " + SYNTHETIC + ": the demo's damage; " + REAL + ": a real damage with its mask." +
					(realistic == null ? "" : " Method " + Evaluator.OURS + ": the model of the restored pictures; " +
						REALISTIC_METHOD + ": the realistic inpainting model, on the same input and mask."));
				index.add("");
				index.add(EvaluationReport.tables(measured, "### ").strip());
			}
			Path md = folder.resolve(INDEX);
			Files.writeString(md, String.join("\n", index) + "\n", StandardCharsets.UTF_8);
			record(INDEX);
		}
		finally {
			if (extracted != null) deleteTree(extracted);
		}
		out.println("Results in " + folder + " (" + INDEX + " lists them; " + (written.contains(INPAINT_SHEET) ?
			INPAINT_SHEET + (written.contains(COLORIZE_SHEET) ? " and " : "") : "") + (written.contains(
				COLORIZE_SHEET) ? COLORIZE_SHEET : "") + " show them side by side)");
		return folder;
	}

	// -- what to do --

	/**
	 * Sorts the photos of a folder into jobs.
	 *
	 * @return lines saying which files were left out, and why
	 */
	private static List<String> plan(Path source, List<InpaintJob> inpaints, List<ColorizeJob> colorizes)
		throws IOException
	{
		List<Path> files = ImageFiles.listImages(source);
		Map<String, Path> byStem = new HashMap<>();
		for (Path f : files)
			byStem.putIfAbsent(stem(f), f);
		List<String> skipped = new ArrayList<>();
		List<Path> colour = new ArrayList<>();
		for (Path f : files) {
			String stem = stem(f);
			if (stem.endsWith("-damage-mask")) {
				if (!byStem.containsKey(base(stem, "-damage-mask") + "-damaged")) skipped.add("Skipped " + f
					.getFileName() + ": a damage mask without its " + base(stem, "-damage-mask") + "-damaged photo.");
				continue;
			}
			if (stem.endsWith("-damaged")) {
				String base = base(stem, "-damaged");
				Path mask = byStem.get(base + "-damage-mask");
				if (mask == null) skipped.add("Skipped " + f.getFileName() + ": no mask " + base + "-damage-mask.png " +
					"beside it (non-zero = damaged).");
				else inpaints.add(new InpaintJob(stem, byStem.get(base), f, mask));
				continue;
			}
			LoadedImage img = ImageFiles.read(f);
			if (img.grayscale()) colorizes.add(new ColorizeJob(stem, f, colourTwin(stem, byStem)));
			else {
				colour.add(f);
				inpaints.add(new InpaintJob(stem, f, null, null));
			}
		}
		for (Path f : colour) { // one gray copy, so that a colourisation can be compared with its truth
			String stem = stem(f);
			if (!byStem.containsKey(stem + "-gray") && !byStem.containsKey(stem + "-grey")) {
				colorizes.add(new ColorizeJob(stem + "-gray", null, f));
				break;
			}
		}
		// synthetic damage first, then real damage, each in name order
		inpaints.sort(Comparator.comparing((InpaintJob j) -> !j.synthetic()));
		return skipped;
	}

	/** @return the colour photo X of a gray photo X-gray (or X-grey), if there is one and it is in colour */
	private static Path colourTwin(String stem, Map<String, Path> byStem) throws IOException {
		for (String suffix : new String[] { "-gray", "-grey" })
			if (stem.endsWith(suffix)) {
				Path twin = byStem.get(base(stem, suffix));
				if (twin != null && !ImageFiles.read(twin).grayscale()) return twin;
			}
		return null;
	}

	// -- inpainting --

	/** @return a real damage restored as it is given, through the restoration pipeline */
	private Img<FloatType> restoreAsGiven(Inpainter model, Img<FloatType> damaged,
		RandomAccessibleInterval<? extends RealType<?>> mask, String name) throws IOException
	{
		return Restoration.inpaint(new InpaintRequest(model).mask(mask, name).skipPlanesWithoutDamage(false), Planes
			.of(List.of(damaged)), progress).images().get(0);
	}

	/** @param realistic the realistic inpainting model, restoring every photo beside {@code inpainter}, or null */
	private void inpaintAll(List<InpaintJob> jobs, Inpainter inpainter, Inpainter realistic, long seed,
		List<String> index, List<EvaluationRow> measured) throws IOException
	{
		Files.createDirectories(folder.resolve(INPAINT_FOLDER));
		ContactSheet sheet = new ContactSheet(SHEET_TILE_HEIGHT);
		List<String> rows = new ArrayList<>();
		Evaluator.Sample[] sample = { null };
		Evaluator evaluation = Evaluator.inpainting(inpainter).withSeed(seed).withListener(s -> sample[0] = s);
		if (realistic != null) evaluation.withModel(REALISTIC_METHOD, realistic);
		for (InpaintJob job : jobs) {
			progress.checkCanceled();
			Img<FloatType> damaged;
			RandomAccessibleInterval<? extends RealType<?>> mask;
			Img<FloatType> original = job.original == null ? null : ImageFiles.read(job.original).image();
			String name = (job.synthetic() ? job.original : job.damaged).getFileName().toString();
			if (job.synthetic()) {
				SyntheticDamage d = damage(original, Rng.forStep(seed, name.hashCode()));
				damaged = quantized(d.damaged);
				mask = d.mask;
			}
			else {
				damaged = ImageFiles.read(job.damaged).image();
				mask = ImageFiles.read(job.mask).asMask();
				if (original != null && !sameSize(original, damaged)) original = null;
				if (mask.dimension(0) != damaged.dimension(0) || mask.dimension(1) != damaged.dimension(1))
					throw new Main.UsageException("The mask " + job.mask.getFileName() + " is " + mask.dimension(0) +
						"x" + mask.dimension(1) + " but " + name + " is " + damaged.dimension(0) + "x" + damaged
							.dimension(1) + "; they must be the same size.");
			}
			double fraction = Masks.fraction(mask);
			if (fraction == 0) {
				out.println("Skipped " + name + ": its mask " + job.mask.getFileName() + " marks no damage.");
				continue;
			}
			// synthetic damage: the evaluation's measurement, beside Telea and Navier-Stokes on the same input
			Img<FloatType> restored, realisticRestored = null;
			double seconds, restoredPsnr = Double.NaN, realisticSeconds = Double.NaN, realisticPsnr = Double.NaN;
			if (job.synthetic()) {
				List<EvaluationRow> peers = evaluation.inpaint(original, damaged, mask, name, SYNTHETIC);
				measured.addAll(peers);
				restored = Images.toFloats(sample[0].columns.get(sample[0].columnNames.indexOf(Evaluator.OURS)), 1);
				seconds = peers.get(0).seconds;
				restoredPsnr = peers.get(0).psnr;
				if (realistic != null) {
					realisticRestored = Images.toFloats(sample[0].columns.get(sample[0].columnNames.indexOf(
						REALISTIC_METHOD)), 1);
					EvaluationRow row = peers.stream().filter(r -> r.method.equals(REALISTIC_METHOD)).findFirst()
						.orElseThrow();
					realisticSeconds = row.seconds;
					realisticPsnr = row.psnr;
				}
			}
			else { // a real damage: restored as it is given, measured against the clean photo when there is one
				long t0 = System.nanoTime();
				restored = restoreAsGiven(inpainter, damaged, mask, name);
				seconds = (System.nanoTime() - t0) / 1e9;
				if (realistic != null) {
					t0 = System.nanoTime();
					realisticRestored = restoreAsGiven(realistic, damaged, mask, name);
					realisticSeconds = (System.nanoTime() - t0) / 1e9;
				}
				if (original != null) {
					EvaluationRow ours = Evaluator.inpaintRow(Evaluator.OURS, REAL, name, original, restored, mask, seconds);
					measured.add(ours);
					restoredPsnr = ours.psnr;
					if (realistic != null) {
						EvaluationRow row = Evaluator.inpaintRow(REALISTIC_METHOD, REAL, name, original, realisticRestored,
							mask, realisticSeconds);
						measured.add(row);
						realisticPsnr = row.psnr;
					}
				}
			}

			String input = INPAINT_FOLDER + "/" + job.stem + "-input.png";
			String maskFile = INPAINT_FOLDER + "/" + job.stem + "-mask.png";
			String result = INPAINT_FOLDER + "/" + job.stem + "-restored.png";
			Img<FloatType> maskPicture = Images.toFloats(mask, 1);
			write(input, damaged, false);
			write(maskFile, maskPicture, true);
			write(result, restored, false);
			List<Img<FloatType>> row = new ArrayList<>(List.of(damaged, maskPicture, restored));
			String realisticResult = INPAINT_FOLDER + "/" + job.stem + "-" + DefaultModels.REALISTIC + ".png";
			if (realistic != null) {
				write(realisticResult, realisticRestored, false);
				row.add(realisticRestored);
			}
			String psnr = "", psnrDamaged = "", psnrRealistic = "";
			if (original != null) {
				row.add(original);
				psnrDamaged = decibels(Evaluator.inpaintRow("input", "", name, original, damaged, mask, 0).psnr);
				psnr = decibels(restoredPsnr);
				psnrRealistic = realistic == null ? "" : decibels(realisticPsnr);
			}
			sheet.addRow(row);
			String what = job.synthetic() ? "synthetic" : "real (" + job.mask.getFileName() + ")";
			if (realistic == null) rows.add(String.format(Locale.ROOT, "| %s | %s | %.1f | [input](%s) | [mask](%s) | " +
				"[restored](%s) | %s | %s | %.2f |", name, what, 100 * fraction, input, maskFile, result, psnrDamaged, psnr,
				seconds));
			else rows.add(String.format(Locale.ROOT, "| %s | %s | %.1f | [input](%s) | [mask](%s) | [restored](%s) | " +
				"[realistic](%s) | %s | %s | %s | %.2f | %.2f |", name, what, 100 * fraction, input, maskFile, result,
				realisticResult, psnrDamaged, psnr, psnrRealistic, seconds, realisticSeconds));
			out.printf(Locale.ROOT, "inpaint   %s: %.1f %% damaged (%s), restored in %.1f s%s%s%n", name, 100 *
				fraction, job.synthetic() ? "synthetic" : "real", seconds, psnr.isEmpty() ? "" : "; PSNR " + psnr +
					" dB (damaged " + psnrDamaged + " dB)", realistic == null ? "" : String.format(Locale.ROOT,
						"; realistic model in %.1f s%s", realisticSeconds, psnrRealistic.isEmpty() ? "" : ", PSNR " +
							psnrRealistic + " dB"));
		}
		if (sheet.rows() == 0) return;
		write(INPAINT_SHEET, sheet.image(), false);
		index.add("");
		index.add("## Inpainting");
		index.add("");
		String models = realistic == null ? "Model: " + inpainter.model().metadata().label() : "Models: " + inpainter
			.model().metadata().label() + " (restored; method " + Evaluator.OURS + " below) and, beside it, the " +
			DefaultModels.REALISTIC + " inpaint model, trained with an adversarial phase for texture rather than the " +
			"best PSNR: " + realistic.model().metadata().label() + " (realistic; method " + REALISTIC_METHOD + " below)";
		index.add(models + ". Synthetic damage: strokes, blotches, dust and tears over " + DAMAGE_MIN_PERCENT + "-" +
			DAMAGE_MAX_PERCENT + " % of the photo, then scratches over 1-3 %; the mask marks every damaged pixel " +
			"(white), and only those are changed.");
		if (realistic == null) index.add("The " + DefaultModels.REALISTIC + " inpaint model (" + DefaultModels.fileName(
			Task.INPAINT, DefaultModels.REALISTIC) + ") is not installed; with it, the demo shows its results beside " +
			"these.");
		index.add("");
		index.add("[" + INPAINT_SHEET + "](" + INPAINT_SHEET + "), one row per photo: damaged input | mask | restored | " +
			(realistic == null ? "" : "realistic | ") + "original.");
		index.add("");
		if (realistic == null) {
			index.add("| Photo | Damage | Damaged % | Input | Mask | Result | PSNR damaged (dB) | PSNR restored (dB) | " +
				"Seconds |");
			index.add("|---|---|---:|---|---|---|---:|---:|---:|");
		}
		else {
			index.add("| Photo | Damage | Damaged % | Input | Mask | Result | Realistic | PSNR damaged (dB) | " +
				"PSNR restored (dB) | PSNR realistic (dB) | Seconds | Seconds realistic |");
			index.add("|---|---|---:|---|---|---|---|---:|---:|---:|---:|---:|");
		}
		index.addAll(rows);
	}

	/** A photo with synthetic damage, and the mask of every pixel that the damage changed. */
	static final class SyntheticDamage {

		final ArrayImg<FloatType, FloatArray> damaged;
		final ArrayImg<UnsignedByteType, ByteArray> mask;

		SyntheticDamage(ArrayImg<FloatType, FloatArray> damaged, ArrayImg<UnsignedByteType, ByteArray> mask) {
			this.damaged = damaged;
			this.mask = mask;
		}
	}

	/**
	 * Strokes, blotches, dust and tears over {@value #DAMAGE_MIN_PERCENT}-{@value #DAMAGE_MAX_PERCENT} %, then
	 * scratches over 1-3 % on top: every kind of damage the model was trained on, in one picture. No fading or
	 * grain, so that outside the mask the photo is the original and the PSNR compares like with like.
	 */
	static SyntheticDamage damage(RandomAccessibleInterval<FloatType> clean, Rng rng) {
		DamageSynthesizer synthesizer = new DamageSynthesizer();
		DamageSpec local = DamageSpec.of().withWeight(DamageKind.STROKES, 1).withWeight(DamageKind.BLOTCHES, 1)
			.withWeight(DamageKind.DUST, 0.5).withWeight(DamageKind.TEARS, 0.5).withArea(DAMAGE_MIN_PERCENT / 100.0,
				DAMAGE_MAX_PERCENT / 100.0);
		Damage first = synthesizer.apply(clean, local, rng);
		Damage scratched = synthesizer.apply(first.damaged(), DamageSpec.scratches(), rng);
		byte[] a = first.mask().update(null).getCurrentStorageArray();
		byte[] b = scratched.mask().update(null).getCurrentStorageArray();
		byte[] union = new byte[a.length];
		for (int i = 0; i < a.length; i++)
			union[i] = (byte) (a[i] != 0 || b[i] != 0 ? 1 : 0);
		return new SyntheticDamage(scratched.damaged(), ArrayImgs.unsignedBytes(union, clean.dimension(0), clean
			.dimension(1)));
	}

	// -- colourisation --

	private void colorizeAll(List<ColorizeJob> jobs, ColorizeRequest colorizer, List<String> index,
		List<EvaluationRow> measured) throws IOException
	{
		Files.createDirectories(folder.resolve(COLORIZE_FOLDER));
		ContactSheet sheet = new ContactSheet(SHEET_TILE_HEIGHT);
		List<String> rows = new ArrayList<>();
		for (ColorizeJob job : jobs) {
			progress.checkCanceled();
			Img<FloatType> truth = job.truth == null ? null : ImageFiles.read(job.truth).image();
			Img<FloatType> gray = job.gray == null ? grayCopy(truth) : ImageFiles.read(job.gray).image();
			if (truth != null && !sameSize(truth, gray)) truth = null;
			String name = job.gray == null ? job.truth.getFileName() + " (gray copy)" : job.gray.getFileName()
				.toString();
			long t0 = System.nanoTime();
			Img<FloatType> colorized = Restoration.colorize(colorizer, Planes.of(List.of(Views.hyperSlice(gray, 2, 0))),
				progress).images().get(0);
			double seconds = (System.nanoTime() - t0) / 1e9;

			String input = COLORIZE_FOLDER + "/" + job.stem + "-input.png";
			String result = COLORIZE_FOLDER + "/" + job.stem + "-colorized.png";
			write(input, gray, true);
			write(result, colorized, false);
			List<Img<FloatType>> row = new ArrayList<>(List.of(gray, colorized));
			String psnr = "", psnrGray = "";
			if (truth != null) {
				row.add(truth);
				EvaluationRow grayRow = Evaluator.colorRow(Evaluator.GRAYSCALE, name, truth, gray, 0);
				EvaluationRow ours = Evaluator.colorRow(Evaluator.OURS, name, truth, colorized, seconds);
				measured.add(ours);
				measured.add(grayRow);
				psnrGray = decibels(grayRow.psnr);
				psnr = decibels(ours.psnr);
			}
			sheet.addRow(row);
			rows.add(String.format(Locale.ROOT, "| %s | [input](%s) | [colourised](%s) | %s | %s | %s | %.2f |", name,
				input, result, job.truth == null ? "" : job.truth.getFileName(), psnrGray, psnr, seconds));
			out.printf(Locale.ROOT, "colorize  %s: colourised in %.1f s%s%n", name, seconds, psnr.isEmpty() ? "" :
				"; PSNR " + psnr + " dB (gray " + psnrGray + " dB) against " + job.truth.getFileName());
		}
		write(COLORIZE_SHEET, sheet.image(), false);
		index.add("");
		index.add("## Colourisation");
		index.add("");
		index.add("Model: " + colorizer.model().metadata().label() + ". The result keeps the input's lightness; only the " +
			"colour is the model's. A gray copy has the lightness (CIE L*) of the colour original.");
		index.add("");
		index.add("[" + COLORIZE_SHEET + "](" + COLORIZE_SHEET + "), one row per photo: gray input | colourised | " +
			"original (when there is one).");
		index.add("");
		index.add("| Photo | Input | Result | Original | PSNR gray (dB) | PSNR colourised (dB) | Seconds |");
		index.add("|---|---|---|---|---:|---:|---:|");
		index.addAll(rows);
	}

	/** @return the 8-bit gray photo with the lightness of a colour one, as (x, y, 3) with equal channels */
	static Img<FloatType> grayCopy(RandomAccessibleInterval<FloatType> rgb) {
		float[] lightness = Images.floats(Lab.lightness(rgb));
		int n = lightness.length;
		float[] g = new float[3 * n];
		for (int i = 0; i < n; i++) {
			float v = Math.round(Math.max(0, Math.min(1, Lab.lightnessToGray(lightness[i]))) * 255) / 255f;
			g[i] = g[i + n] = g[i + 2 * n] = v;
		}
		return ArrayImgs.floats(g, rgb.dimension(0), rgb.dimension(1), 3);
	}

	// -- the folder --

	/** Refuses a file, or a non-empty folder that an earlier demo did not write. */
	private static void checkFolder(Path folder) throws IOException {
		if (Files.exists(folder) && !Files.isDirectory(folder)) throw new Main.UsageException(folder + " is a file; " +
			"choose a folder for the results with --out DIR.");
		if (!Files.isDirectory(folder) || Files.exists(folder.resolve(MARKER))) return;
		try (Stream<Path> entries = Files.list(folder)) {
			if (entries.findAny().isPresent()) throw new Main.UsageException(folder + " is not empty and was not " +
				"made by 'revive demo', so the demo will not write into it; choose another folder with --out DIR.");
		}
	}

	/** Creates the folder, deletes what an earlier demo wrote there, and marks it as the demo's. */
	private void prepareFolder() throws IOException {
		Files.createDirectories(folder);
		Path marker = folder.resolve(MARKER);
		if (Files.exists(marker)) {
			List<String> lines = Files.readAllLines(marker, StandardCharsets.UTF_8);
			for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
				Path old = folder.resolve(line).normalize();
				if (!line.isBlank() && old.startsWith(folder) && !old.equals(folder)) Files.deleteIfExists(old);
			}
			for (String sub : new String[] { INPAINT_FOLDER, COLORIZE_FOLDER })
				deleteIfEmpty(folder.resolve(sub));
		}
		Files.writeString(marker, MARKER_HEADER + "\n", StandardCharsets.UTF_8);
	}

	private static void deleteIfEmpty(Path dir) throws IOException {
		if (!Files.isDirectory(dir)) return;
		try (Stream<Path> entries = Files.list(dir)) {
			if (entries.findAny().isPresent()) return;
		}
		Files.delete(dir);
	}

	/** Writes an 8-bit PNG and lists it in the marker at once, so that an interrupted demo is cleaned up too. */
	private void write(String relative, RandomAccessibleInterval<FloatType> image, boolean gray) throws IOException {
		ImageFiles.write(folder.resolve(relative), image, 8, gray);
		record(relative);
	}

	private void record(String relative) throws IOException {
		written.add(relative);
		Files.writeString(folder.resolve(MARKER), relative + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
	}

	// -- where the samples are --

	/** @return sample-images next to the launcher, the samples in the class path when they are a folder, or null */
	static Path sampleFolder() {
		String home = System.getProperty(HOME_PROPERTY);
		if (home != null && !home.isEmpty()) {
			Path p = Paths.get(home, "sample-images");
			if (Files.isDirectory(p)) return p;
		}
		URL readme = DemoCommand.class.getResource(SAMPLE_RESOURCES + "README.md");
		if (readme != null && "file".equals(readme.getProtocol())) {
			try {
				return Paths.get(readme.toURI()).getParent();
			}
			catch (URISyntaxException | IllegalArgumentException e) {
				return null;
			}
		}
		return null;
	}

	/** @return a new temporary folder holding the sample photos packed in the jar */
	private static Path extractSamples() throws IOException {
		URL readme = DemoCommand.class.getResource(SAMPLE_RESOURCES + "README.md");
		if (readme == null) throw new Main.UsageException("This build of ReviveGAN carries no sample photos; give a " +
			"folder of photos with --images DIR.");
		Path tmp = Files.createTempDirectory("revive-samples");
		try {
			copySamples(readme, tmp);
		}
		catch (IOException | RuntimeException e) {
			deleteTree(tmp);
			throw e;
		}
		return tmp;
	}

	/**
	 * Copies the photos beside a resource ({@code file:} or {@code jar:} URL) into a folder.
	 *
	 * @return the number of photos copied
	 */
	static int copySamples(URL besides, Path to) throws IOException {
		URI uri;
		try {
			uri = besides.toURI();
		}
		catch (URISyntaxException e) {
			throw new IOException("cannot read the sample photos at " + besides + ": " + e.getMessage(), e);
		}
		if (!"jar".equals(uri.getScheme())) return copyImages(Paths.get(uri).getParent(), to);
		FileSystem zip = null;
		try {
			try {
				return copyImages(Paths.get(uri).getParent(), to);
			}
			catch (FileSystemNotFoundException e) {
				zip = FileSystems.newFileSystem(uri, Collections.emptyMap());
				return copyImages(zip.provider().getPath(uri).getParent(), to);
			}
		}
		finally {
			if (zip != null) zip.close();
		}
	}

	private static int copyImages(Path from, Path to) throws IOException {
		List<Path> images;
		try (Stream<Path> entries = Files.list(from)) {
			images = entries.filter(ImageFiles::hasImageExtension).collect(Collectors.toList());
		}
		for (Path p : images)
			try (InputStream in = Files.newInputStream(p)) {
				Files.copy(in, to.resolve(p.getFileName().toString()));
			}
		return images.size();
	}

	private static void deleteTree(Path dir) {
		try (Stream<Path> walk = Files.walk(dir)) {
			for (Path p : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList()))
				Files.deleteIfExists(p);
		}
		catch (IOException e) {
			// a temporary folder left behind is harmless; the system cleans it up
		}
	}

	// -- small helpers --

	private static String stem(Path f) {
		String n = f.getFileName().toString();
		int dot = n.lastIndexOf('.');
		return dot < 0 ? n : n.substring(0, dot);
	}

	private static String base(String stem, String suffix) {
		return stem.substring(0, stem.length() - suffix.length());
	}

	private static boolean sameSize(RandomAccessibleInterval<?> a, RandomAccessibleInterval<?> b) {
		return a.dimension(0) == b.dimension(0) && a.dimension(1) == b.dimension(1);
	}

	/** @return the image rounded to 8-bit levels, as it will be written, so that files and numbers agree */
	private static Img<FloatType> quantized(RandomAccessibleInterval<FloatType> img) {
		return Images.toFloats(Images.toBytes(img), 255);
	}

	private static String decibels(double psnr) {
		return Double.isInfinite(psnr) ? "inf" : String.format(Locale.ROOT, "%.2f", psnr);
	}
}
