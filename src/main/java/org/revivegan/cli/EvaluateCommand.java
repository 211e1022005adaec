package org.revivegan.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.revivegan.cli.Main.UsageException;
import org.revivegan.core.color.ColorReference;
import org.revivegan.core.eval.Band;
import org.revivegan.core.eval.DetectionEvaluator;
import org.revivegan.core.eval.Evaluator;
import org.revivegan.core.model.DefaultModels;
import org.revivegan.core.model.Task;
import org.revivegan.core.nets.Backend;
import org.revivegan.io.EvaluationFolder;

/**
 * {@code revive evaluate}: measures a model on a folder of photos ({@link EvaluationFolder}): inpainting per
 * damage band against the classical methods, colourisation (also against the number of hints), detection per
 * damage kind against a median-filter peer.
 */
final class EvaluateCommand extends Subcommand {

	/** {@code --reference self}: each original's own colours as the reference (the upper bound). */
	static final String REFERENCE_SELF = "self";

	EvaluateCommand() {
		super("evaluate", NO_FILES, Args.Spec.of("--task", "--images", "--csv", "--report", "--seed", "--model",
			"--hints", "--vividness", "--reference", "--working-size", "--scales", "--adapt", "--bands", "--threshold", "--min-size"),
			"  evaluate --task inpaint|colorize|detect --images DIR --csv OUT.csv [--report DIR] [--seed N] [--model FILE]",
			"        [--hints default|K,K,...] [--vividness V] [--reference self|PHOTO] [--working-size N]",
			"        [--scales F,F,...] [--adapt SECONDS]",
			"        [--bands scratches,0-10,...]",
			"      Measure quality on the photos in DIR: inpainting per damage band (scratches, 0-10 ... 40-50 % masked)",
			"      against OpenCV's Telea and Navier-Stokes, colourisation against the grayscale image. One CSV row per",
			"      image x band x method; --report adds a Markdown summary and contact sheets.",
			"      --hints default|0,1,2,...: colourisation also with that many random hints from each original",
			"      (default = 0,1,2,5,10,20,50), rows with band hints-k and a PSNR-vs-hints table in the report.",
			"      --vividness V, --reference PHOTO, --working-size N: as for colorize; --reference self: each",
			"      original's own colours. --scales 1,0.8: the colour is predicted at these fractions of the working",
			"      size and averaged (a test-time ensemble; by default the model's own).",
			"      Detection: precision, recall, F1, IoU per damage kind against the synthetic truth, beside a",
			"      median-filter peer ([--threshold T] [--min-size N]; its CSV has its own columns, see docs/detection.md).");
	}

	@Override
	int run(Args a, CliContext ctx) throws IOException {
		Task task = Task.parse(a.string("--task", "inpaint"));
		Path folder = a.required("--images", "a folder of photos to evaluate on");
		Path csv = a.required("--csv", "the CSV file to write the results to");
		long seed = a.longValue("--seed", 1);
		Path report = a.has("--report") ? a.path("--report") : null;
		if (!Files.isDirectory(folder)) throw new UsageException("Not a folder: " + folder);
		if (report != null && OutputPlan.isInside(report, folder)) throw new UsageException("The --report folder " +
			report + " is inside --images " + folder + ": its contact sheets would be scored as photos by the next " +
			"evaluation. Put the report elsewhere.");
		if (task == Task.DETECT) return evaluateDetection(a, ctx, folder, csv, seed);
		List<Integer> hintCounts;
		try {
			hintCounts = Evaluator.parseHintCounts(a.string("--hints", ""));
		}
		catch (IllegalArgumentException e) {
			throw new UsageException("--hints: " + e.getMessage());
		}
		if (!hintCounts.isEmpty() && task != Task.COLORIZE) throw new UsageException("--hints applies to " +
			"--task colorize only.");
		if ((a.has("--vividness") || a.has("--reference") || a.has("--working-size") || a.has("--scales")) &&
			task != Task.COLORIZE) throw new UsageException("--vividness, --reference, --working-size and --scales apply " +
				"to --task colorize only.");
		int workingSize = a.intValue("--working-size", 0, 16, 1 << 16);
		double[] scales = a.has("--scales") ? scales(a.string("--scales", "")) : null;
		double vividness = ColorizeCommand.vividness(a);
		String referenceArg = a.string("--reference", null);
		boolean ownReference = REFERENCE_SELF.equals(referenceArg);
		ColorReference reference = referenceArg != null && !ownReference ? ColorizeCommand.colorReference(a.path(
			"--reference")) : null;
		List<String> settings = new ArrayList<>(List.of("Backend: " + Backend.describe().get("backend") + ", " + Backend
			.describe().get("threads") + " threads"));
		if (task == Task.COLORIZE) {
			settings.add("Vividness: " + vividness);
			if (workingSize > 0) settings.add("Working size: " + workingSize + " pixels");
			if (scales != null) settings.add("Ensemble scales: " + java.util.Arrays.toString(scales));
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
		EvaluationFolder.Result r = EvaluationFolder.run(task, folder, () -> CliContext.model(a, task), DefaultModels
			.label(a.string("--model", null), task), seed, bands, hintCounts, csv,
			report, settings, task == Task.INPAINT ? e -> e.withAdaptation(adapt) : task != Task.COLORIZE ? null : e -> {
				e.withVividness(vividness);
				if (workingSize > 0) e.withWorkingSize(workingSize);
				if (scales != null) e.withEnsemble(scales);
				if (ownReference) e.withOwnReference(true);
				else if (reference != null) e.withReference(reference);
			}, ctx.console("Evaluating"));
		printRows(ctx.out(), r.rows.size(), r.images, csv, (System.nanoTime() - t0) / 1e9);
		if (r.report != null) ctx.out().printf(Locale.ROOT, "Report -> %s (%d contact sheets)%n", r.report, r.sheets);
		return 0;
	}

	/** @return the fractions of {@code --scales}, checked */
	static double[] scales(String list) {
		try {
			double[] s = java.util.Arrays.stream(list.split(",")).map(String::trim).mapToDouble(Double::parseDouble)
				.toArray();
			org.revivegan.core.model.ModelMetadata.checkEnsembleScales(s);
			return s;
		}
		catch (IllegalArgumentException e) { // NumberFormatException too
			throw new UsageException("--scales " + list + ": give fractions of the working size, above 0 and at most 1, " +
				"separated by commas (e.g. 1,0.8). " + e.getMessage());
		}
	}

	/**
	 * {@code revive evaluate --task detect}: precision, recall, F1 and IoU per damage kind and image, model and
	 * median-residual peer, in their own CSV ({@link DetectionEvaluator#CSV_HEADER}); prints the mean per kind.
	 */
	private static int evaluateDetection(Args a, CliContext ctx, Path folder, Path csv, long seed) throws IOException {
		double threshold = DetectCommand.threshold(a);
		int minSize = a.intValue("--min-size", 0);
		EvaluationFolder.DetectionResult r = EvaluationFolder.runDetection(folder, () -> CliContext.model(a,
			Task.DETECT), minSize, threshold, seed, csv, ctx.console("Evaluating"));
		printRows(ctx.out(), r.rows.size(), r.images, csv, r.seconds);
		ctx.out().print(DetectionEvaluator.summary(r.rows, threshold));
		return 0;
	}

	private static void printRows(PrintStream out, int rows, int images, Path csv, double seconds) {
		out.printf(Locale.ROOT, "%d rows (%d images) -> %s (%.1f s)%n", rows, images, csv, seconds);
	}
}
