package org.revivegan.core.train;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.revivegan.core.image.ClassicalInpainting;
import org.revivegan.core.image.Images;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.nets.Backend;
import org.revivegan.io.ImageFiles;

/**
 * Scores OpenCV's Telea and Navier-Stokes fills and any model files on exactly the validation crops that an
 * inpainting run scores ({@link Trainer}'s banded validation: seed 42, crop 128, 200 crops per band), so that a
 * learning curve can be read against the classical methods. A manual tool, not a test. Usage:
 * {@code ValidationScores VAL_DIR [MODEL.zip ...]}; {@code -Dfill=navier-stokes} scores the crops with that input fill
 * (for models trained with it; the classical rows do not depend on it).
 */
public final class ValidationScores {

	public static void main(String[] args) throws Exception {
		Backend.init();
		List<RandomAccessibleInterval<UnsignedByteType>> images = new ArrayList<>();
		for (Path f : ImageFiles.listImagesRecursively(Paths.get(args[0])))
			images.add(Images.limitSize(Images.rgbBytes(ImageFiles.read(f).image(), 1), 1024));
		TrainingData val = TrainingData.of(images, 255, 1024, "val");
		TrainingConfig c = new TrainingConfig();
		c.task = Task.INPAINT.id();
		c.preset = "medium";
		c.crop = 128;
		c.validationBands = true;
		c.validationCrops = 200;
		if (System.getProperty("fill") != null) c.inputFill = System.getProperty("fill");
		List<Trainer.ValidationSet> sets = new Trainer(c, val, val, Paths.get("unused")).validationSets();
		StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-28s %6s", "method", "mean"));
		for (Trainer.ValidationSet s : sets)
			header.append(String.format(Locale.ROOT, " %9s", s.band));
		System.out.println(header);
		row("telea", sets, b -> classical(b, true));
		row("navier-stokes", sets, b -> classical(b, false));
		for (int i = 1; i < args.length; i++) {
			ModelFile m = ModelFile.load(Paths.get(args[i]), Task.INPAINT);
			row(Paths.get(args[i]).getFileName().toString(), sets, b -> {
				List<INDArray> parts = new ArrayList<>();
				for (long a = 0; a < b.input.size(0); a += 8)
					parts.add(m.generator().output(false, b.input.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(a,
						Math.min(b.input.size(0), a + 8))).dup())[0].dup());
				return Nd4j.concat(0, parts.toArray(new INDArray[0]));
			});
		}
	}

	private static void row(String name, List<Trainer.ValidationSet> sets, java.util.function.Function<Batch, INDArray> f) {
		StringBuilder line = new StringBuilder();
		double mean = 0;
		for (Trainer.ValidationSet s : sets) {
			double p = Trainer.meanCropPsnr(f.apply(s.batch), s.batch);
			mean += p / sets.size();
			line.append(String.format(Locale.ROOT, " %9.2f", p));
		}
		System.out.println(String.format(Locale.ROOT, "%-28s %6.2f", name, mean) + line);
	}

	/** Telea or Navier-Stokes on each crop, in the network's [-1, 1] layout. */
	private static INDArray classical(Batch b, boolean telea) {
		long n = b.input.size(0), h = b.input.size(2), w = b.input.size(3);
		int plane = (int) (h * w);
		float[] x = b.input.dup('c').data().asFloat();
		float[] out = new float[(int) (n * 3 * plane)];
		for (int k = 0; k < n; k++) {
			ArrayImg<FloatType, FloatArray> rgb = ArrayImgs.floats(w, h, 3);
			float[] r = rgb.update(null).getCurrentStorageArray();
			ArrayImg<FloatType, FloatArray> mask = ArrayImgs.floats(w, h);
			float[] m = mask.update(null).getCurrentStorageArray();
			for (int i = 0; i < 3 * plane; i++)
				r[i] = (x[k * 4 * plane + i] + 1) / 2;
			System.arraycopy(x, k * 4 * plane + 3 * plane, m, 0, plane);
			Img<FloatType> filled = telea ? ClassicalInpainting.telea(rgb, mask) : ClassicalInpainting.navierStokes(rgb, mask);
			int i = 0;
			for (FloatType v : filled)
				out[k * 3 * plane + i++] = v.get() * 2 - 1;
		}
		return Nd4j.create(out, new long[] { n, 3, h, w });
	}
}
