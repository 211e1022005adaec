package org.revivegan.core.infer;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Collections;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.revivegan.core.color.AbBins;
import org.revivegan.core.gan.ClassLoss;
import org.revivegan.core.image.Images;
import org.revivegan.core.model.Encoding;
import org.revivegan.core.model.GeneratorSpec;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.ModelMetadata;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.tensor.Tensors;
import org.revivegan.core.util.Rng;

/** A colour-class head at half the resolution: its ab is decoded there and up-sampled bilinearly to the tile. */
class ColorizerHeadScaleTest {

	@Test
	void aHalfResolutionHeadGivesItsDecodedAbUpSampledBilinearly() {
		GeneratorSpec spec = GeneratorSpec.preset("tiny", Task.COLORIZE).withClassHead();
		spec.headScale = 2;
		ModelMetadata m = new ModelMetadata();
		m.task = Task.COLORIZE.id();
		m.generator = spec;
		ModelFile model = new ModelFile(m, spec.build(5));
		int w = 32, h = 32;
		Rng rng = new Rng(3);
		float[] l = new float[w * h];
		for (int i = 0; i < l.length; i++)
			l[i] = (float) (100 * rng.nextDouble());
		ArrayImg<FloatType, FloatArray> input = Encoding.colorizeInput(ArrayImgs.floats(l, w, h));
		float[] ab = new Colorizer(model).withWorkingSize(32).chroma(input, Progress.NONE);
		assertEquals(2 * w * h, ab.length);

		INDArray logits = model.generator().output(false, Tensors.stack(Collections.singletonList(input), 0, 1))[0];
		assertArrayEquals(new long[] { 1, AbBins.get().count(), h / 2, w / 2 }, logits.shape());
		INDArray coarse = ClassLoss.decode(logits, AbBins.DEFAULT_TEMPERATURE);
		float[] small = coarse.dup('c').data().asFloat();
		int plane = (w / 2) * (h / 2);
		for (int c = 0; c < 2; c++) {
			float[] expected = Images.resizePlane(java.util.Arrays.copyOfRange(small, c * plane, (c + 1) * plane), w / 2,
				h / 2, w, h);
			for (int i = 0; i < w * h; i++)
				assertEquals(expected[i], ab[c * w * h + i], 1e-6, "plane " + c + ", pixel " + i);
			// smooth: bilinear x2 halves the steps between neighbours at least
			assertTrue(maxStep(ab, c * w * h, w, h) <= 0.5 * maxStep(small, c * plane, w / 2, h / 2) + 1e-6);
		}
		// the trainer's validation decodes the same way
		float[] trainer = ClassLoss.decode(logits, AbBins.DEFAULT_TEMPERATURE, h, w).dup('c').data().asFloat();
		for (int i = 0; i < ab.length; i++)
			assertEquals(trainer[i], ab[i], 1e-6);

		Img<FloatType> gray = ArrayImgs.floats(40, 30);
		for (FloatType t : gray)
			t.set((float) rng.nextDouble());
		Img<FloatType> out = new Colorizer(model).withWorkingSize(32).colorize(gray, 1, Progress.NONE);
		assertArrayEquals(new long[] { 40, 30, 3 }, out.dimensionsAsLongArray());
	}

	private static double maxStep(float[] v, int offset, int w, int h) {
		double most = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				float here = v[offset + x + w * y];
				if (x + 1 < w) most = Math.max(most, Math.abs(v[offset + x + 1 + w * y] - here));
				if (y + 1 < h) most = Math.max(most, Math.abs(v[offset + x + w * (y + 1)] - here));
			}
		return most;
	}
}
