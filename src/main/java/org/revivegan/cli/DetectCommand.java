package org.revivegan.cli;

import static org.revivegan.cli.CliContext.OVERWRITE;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.revivegan.cli.Main.UsageException;
import org.revivegan.core.eval.DetectionEvaluator;
import org.revivegan.core.image.Masks;
import org.revivegan.core.infer.Detector;
import org.revivegan.core.model.Task;
import org.revivegan.io.ImageFiles;
import org.revivegan.io.LoadedImage;

/**
 * {@code revive detect}: a proposed damage mask per photo, to correct and give to {@code inpaint --mask};
 * optionally scored against known masks ({@code --truth}).
 */
final class DetectCommand extends Subcommand {

	DetectCommand() {
		super("detect", FILES, Args.Spec.of("-o", "--model", "--threshold", "--min-size", "--truth",
			OVERWRITE + "!"),
			"  detect IMAGE|DIR... -o MASK|DIR [--model FILE] [--threshold T] [--min-size N] [--truth MASK|DIR]",
			"        [--overwrite]",
			"      Propose a damage mask (255 = scratch, dust, stain, tear...) for each photo with a detection model;",
			"      correct it and give it to inpaint --mask. --truth compares with known masks (precision, recall, F1).");
	}

	@Override
	int run(Args a, CliContext ctx) throws IOException {
		PrintStream out = ctx.out();
		List<Path> inputs = a.inputs();
		Path outArg = a.required("-o", "the mask file or folder to write");
		double threshold = threshold(a);
		int minSize = a.intValue("--min-size", 0);
		if (minSize < 0) throw new UsageException("--min-size cannot be negative.");
		Path truthArg = a.has("--truth") ? a.path("--truth") : null;
		boolean many = inputs.size() > 1 || Files.isDirectory(outArg);
		List<Path> truths = new ArrayList<>();
		if (truthArg != null) for (Path in : inputs) {
			Path t = truthOf(truthArg, in);
			if (!Files.exists(t)) throw new UsageException("No truth mask for " + in.getFileName() + " (looked for " + t + ").");
			truths.add(t);
		}
		OutputPlan plan = CliContext.plan(a, inputs, truths);
		for (Path in : inputs)
			plan.output(many ? outputIn(outArg, in) : outArg, OutputPlan.Kind.RESULT, in.toString());
		InputCheck.readable(CliContext.union(inputs, truths));
		if (many) Files.createDirectories(outArg);
		Detector detector = new Detector(CliContext.model(a, Task.DETECT)).withMinSize(minSize);
		for (Path in : inputs) {
			Path target = many ? outputIn(outArg, in) : outArg;
			LoadedImage img = ImageFiles.read(in);
			long t0 = System.nanoTime();
			ArrayImg<UnsignedByteType, ?> mask = detector.detect(img.image(), 1, threshold, ctx.console("Detecting " +
				in.getFileName()));
			ImageFiles.write(target, Masks.binary(mask), 8, true);
			long marked = Masks.count(mask);
			out.printf(Locale.ROOT, "%s -> %s (%.2f %% marked, %.1f s)%n", in, target, 100.0 * marked / (img.width() *
				img.height()), (System.nanoTime() - t0) / 1e9);
			if (truthArg != null) {
				Path t = truthOf(truthArg, in);
				Img<FloatType> truth = ImageFiles.read(t).asMask();
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

	/** @return the truth mask of {@code input}: {@code --truth} itself, or its file of the same name in that folder */
	private static Path truthOf(Path truthArg, Path input) {
		return Files.isDirectory(truthArg) ? truthArg.resolve(input.getFileName()) : truthArg;
	}

	/** @return {@code --threshold}, checked, or the detector's default */
	static double threshold(Args a) {
		double threshold = a.doubleValue("--threshold", Detector.DEFAULT_THRESHOLD);
		if (!(threshold >= 0 && threshold <= 1)) throw new UsageException("--threshold is a probability from 0 to 1, not " +
			threshold + ".");
		return threshold;
	}

	/** @return where a mask of {@code input} goes in {@code folder}: its name as a PNG (masks are never lossy) */
	private static Path outputIn(Path folder, Path input) throws IOException {
		Files.createDirectories(folder);
		return folder.resolve(ImageFiles.outputName(input, "png"));
	}
}
