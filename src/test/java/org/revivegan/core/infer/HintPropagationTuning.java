package org.revivegan.core.infer;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.revivegan.core.color.ColorHints;
import org.revivegan.core.color.HintPropagation;
import org.revivegan.core.color.Lab;
import org.revivegan.core.eval.Evaluator;
import org.revivegan.core.image.Images;
import org.revivegan.core.model.DefaultModels;
import org.revivegan.core.model.Encoding;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.io.ImageFiles;

/**
 * Chooses the defaults of {@link HintPropagation} on photos that are not the val set (the caller gives a folder of
 * training photos): for every photo, scaled to the colouriser's working size, and every hint count, the network's
 * chroma is computed once; then each parameter set spreads the hints and the mean PSNR (RGB, [0, 1]) is printed
 * beside that of the network alone and of automatic colourisation. Not a test: run it by hand.
 * <p>
 * Usage: {@code HintPropagationTuning FOLDER [MAX_PHOTOS] [MODEL.zip]}; the grid is set by system properties
 * (comma-separated): {@code -Dgamma=0.1,0.3,1 -Dreach=0.2,0.3,0.4 -Dspacing=1 -Dfade=0.01,0.02 -Dcounts=1,5,10,50}
 * (these are the defaults). The defaults of {@link HintPropagation} were chosen with it on 30 training photos
 * (docs/colour-hints.md).
 * </p>
 */
public final class HintPropagationTuning {

	public static void main(String[] args) throws Exception {
		Path folder = Paths.get(args[0]);
		int maxPhotos = args.length > 1 ? Integer.parseInt(args[1]) : 40;
		ModelFile model = args.length > 2 ? ModelFile.load(Paths.get(args[2])) : DefaultModels.load(Task.COLORIZE);
		Colorizer colorizer = new Colorizer(model);
		int size = model.metadata().workingSize;
		List<Path> files = new ArrayList<>(ImageFiles.listImagesRecursively(folder));
		Collections.shuffle(files, new java.util.Random(42));
		files = files.subList(0, Math.min(maxPhotos, files.size()));
		int[] counts = java.util.Arrays.stream(System.getProperty("counts", "1,5,10,50").split(",")).mapToInt(
			Integer::parseInt).toArray();

		double[] gammas = grid("gamma", "0.1,0.3,1"), reaches = grid("reach", "0.2,0.3,0.4");
		double[] spacings = grid("spacing", "1"), fades = grid("fade", "0.01,0.02");
		List<HintPropagation> variants = new ArrayList<>();
		for (double gamma : gammas)
			for (double reach : reaches)
				for (double spacing : spacings)
					for (double fade : fades)
						variants.add(new HintPropagation(gamma, reach, spacing, fade));

		double[][] sum = new double[counts.length][variants.size()];
		double[] none = new double[counts.length], automatic = new double[counts.length];
		int images = 0;
		for (Path file : files) {
			ArrayImg<FloatType, FloatArray> original = shrink(ImageFiles.read(file).image(), size);
			int w = (int) original.dimension(0), h = (int) original.dimension(1), plane = w * h;
			float[] lab = Images.floats(Lab.toLab(original));
			float[] l = java.util.Arrays.copyOf(lab, plane);
			float[] autoAb = colorizer.chroma(Encoding.colorizeInput(ArrayImgs.floats(l.clone(), w, h)), Progress.NONE);
			for (int c = 0; c < counts.length; c++) {
				ColorHints hints = Evaluator.sampleHints(original, counts[c], Evaluator.hintRng(1, images, counts[c]));
				ArrayImg<FloatType, FloatArray> input = Encoding.colorizeInput(ArrayImgs.floats(l.clone(), w, h), hints);
				float[] in = input.update(null).getCurrentStorageArray();
				float[] ab = colorizer.chroma(input, Progress.NONE);
				automatic[c] += psnr(lab, autoAb, plane);
				none[c] += psnr(lab, ab, plane);
				for (int v = 0; v < variants.size(); v++) {
					float[] corrected = ab.clone();
					variants.get(v).apply(l, w, h, in, plane, corrected);
					sum[c][v] += psnr(lab, corrected, plane);
				}
			}
			images++;
			System.err.println("photo " + images + "/" + files.size() + " " + file.getFileName());
		}
		for (int c = 0; c < counts.length; c++) {
			System.out.printf(Locale.ROOT, "%d hints: automatic %.3f, network alone %.3f%n", counts[c],
				automatic[c] / images, none[c] / images);
			for (int v = 0; v < variants.size(); v++)
				System.out.printf(Locale.ROOT, "  %.3f  %s%n", sum[c][v] / images, variants.get(v));
		}
	}

	/** @return the comma-separated values of system property {@code name}, or of {@code values} if unset */
	private static double[] grid(String name, String values) {
		return java.util.Arrays.stream(System.getProperty(name, values).split(",")).mapToDouble(Double::parseDouble)
			.toArray();
	}

	/** PSNR (dB, RGB in [0, 1], clipped) of the image with L from {@code lab} and normalised chroma {@code ab}. */
	private static double psnr(float[] lab, float[] ab, int plane) {
		double se = 0;
		float[] p = new float[3], q = new float[3], rgb = new float[3], ref = new float[3];
		for (int i = 0; i < plane; i++) {
			p[0] = lab[i];
			p[1] = Lab.denormalizeAb(ab[i]);
			p[2] = Lab.denormalizeAb(ab[plane + i]);
			q[0] = lab[i];
			q[1] = lab[plane + i];
			q[2] = lab[2 * plane + i];
			Lab.labToRgb(p, rgb);
			Lab.labToRgb(q, ref);
			for (int c = 0; c < 3; c++) {
				double d = Math.max(0, Math.min(1, rgb[c])) - Math.max(0, Math.min(1, ref[c]));
				se += d * d;
			}
		}
		return 10 * Math.log10(1 / (se / (3.0 * plane)));
	}

	/** Area average of an (x, y, 3) image to a longer side of at most {@code size}. */
	private static ArrayImg<FloatType, FloatArray> shrink(net.imglib2.RandomAccessibleInterval<FloatType> image, int size) {
		float[] src = Images.floats(image);
		int w = (int) image.dimension(0), h = (int) image.dimension(1);
		double f = Math.min(1.0, (double) size / Math.max(w, h));
		int ww = Math.max(1, (int) Math.round(w * f)), wh = Math.max(1, (int) Math.round(h * f));
		ArrayImg<FloatType, FloatArray> out = ArrayImgs.floats(ww, wh, 3);
		float[] o = out.update(null).getCurrentStorageArray();
		for (int c = 0; c < 3; c++)
			for (int y = 0; y < wh; y++)
				for (int x = 0; x < ww; x++) {
					int sx0 = (int) Math.floor(x / f), sx1 = Math.max(sx0 + 1, Math.min(w, (int) Math.floor((x + 1) / f)));
					int sy0 = (int) Math.floor(y / f), sy1 = Math.max(sy0 + 1, Math.min(h, (int) Math.floor((y + 1) / f)));
					double s = 0;
					for (int yy = sy0; yy < sy1; yy++)
						for (int xx = sx0; xx < sx1; xx++)
							s += src[xx + w * (yy + h * c)];
					o[x + ww * (y + wh * c)] = (float) (s / ((sx1 - sx0) * (sy1 - sy0)));
				}
		return out;
	}
}
