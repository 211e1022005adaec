package org.revivegan.core.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.revivegan.core.color.ColorHints;
import org.revivegan.core.color.Lab;
import org.revivegan.core.model.Task;
import org.revivegan.core.util.Rng;

class BatchMakerTest {

	private static TrainingConfig colorize(int batch, int crop) {
		TrainingConfig c = TrainerTest.config(Task.COLORIZE);
		c.batch = batch;
		c.crop = crop;
		return c.resolve();
	}

	private static float[] floats(INDArray a) {
		return a.dup('c').data().asFloat();
	}

	@Test
	void colorHintsDependOnlyOnSeedAndStep() {
		BatchMaker maker = new BatchMaker(colorize(8, 32), TrainerTest.photos(3, 3));
		Batch a = maker.make(7, Rng.forStep(5, 7));
		Batch b = maker.make(7, Rng.forStep(5, 7));
		Batch other = maker.make(8, Rng.forStep(5, 8));
		assertArrayEquals(new long[] { 8, 4, 32, 32 }, a.input.shape());
		assertArrayEquals(new long[] { 8, 2, 32, 32 }, a.target.shape());
		assertEquals(a.input, b.input);
		assertEquals(a.target, b.target);
		assertNotEquals(a.input, other.input);
		double hinted = a.input.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
			org.nd4j.linalg.indexing.NDArrayIndex.point(3)).sumNumber().doubleValue();
		assertTrue(hinted > 0, "some of 8 examples have hints");
	}

	@Test
	void hintValuesAreTheTargetsAbOnAPlainColourPhoto() {
		// on a plain photo every patch's mean ab is the photo's ab, so hinted pixels must equal the target there
		ArrayImg<FloatType, FloatArray> orange = ArrayImgs.floats(40, 40, 3);
		float[] o = orange.update(null).getCurrentStorageArray();
		for (int i = 0; i < 1600; i++) {
			o[i] = 0.9f;
			o[1600 + i] = 0.5f;
			o[3200 + i] = 0.1f;
		}
		TrainingData data = TrainingData.of(List.of(orange), 1, 256, "orange");
		Batch batch = new BatchMaker(colorize(16, 16), data).make(3, Rng.forStep(1, 3));
		float[] x = floats(batch.input), t = floats(batch.target);
		int plane = 256, hinted = 0;
		for (int b = 0; b < 16; b++)
			for (int i = 0; i < plane; i++) {
				float mask = x[(b * 4 + 3) * plane + i];
				if (mask == 0) {
					assertEquals(0f, x[(b * 4 + 1) * plane + i]);
					assertEquals(0f, x[(b * 4 + 2) * plane + i]);
					continue;
				}
				assertEquals(1f, mask);
				hinted++;
				assertEquals(t[(b * 2) * plane + i], x[(b * 4 + 1) * plane + i], 1e-4);
				assertEquals(t[(b * 2 + 1) * plane + i], x[(b * 4 + 2) * plane + i], 1e-4);
			}
		assertTrue(hinted > 0);
		assertTrue(Math.abs(t[0]) > 0.1, "orange has chroma: " + t[0]);
	}

	@Test
	void simulatedHintsHoldTheMeanAbOfTheirPatch() {
		int s = 16, plane = s * s;
		float[] lab = new float[3 * plane];
		Rng fill = new Rng(9);
		for (int i = 0; i < lab.length; i++)
			lab[i] = (float) fill.uniform(-80, 80);
		Rng rng = new Rng(2);
		int checked = 0;
		for (int k = 0; k < 20; k++)
			for (ColorHints.Hint h : BatchMaker.simulateHints(lab, s, rng, 0).hints()) {
				assertEquals(h.width, h.height);
				assertTrue(h.width >= 1 && h.width <= BatchMaker.MAX_HINT_SIDE);
				assertTrue(h.x >= 0 && h.y >= 0 && h.x + h.width <= s && h.y + h.height <= s);
				double a = 0, b = 0;
				for (int y = h.y; y < h.y + h.height; y++)
					for (int x = h.x; x < h.x + h.width; x++) {
						a += lab[plane + x + s * y];
						b += lab[2 * plane + x + s * y];
					}
				assertEquals(a / (h.width * h.height), h.a, 1e-3);
				assertEquals(b / (h.width * h.height), h.b, 1e-3);
				checked++;
			}
		assertTrue(checked > 20);
	}

	@Test
	void hintFreeFractionAndHintCountFollowTheSimulation() {
		float[] lab = new float[3 * 64];
		Rng rng = new Rng(11);
		int n = 4000, none = 0, hints = 0, max = 0;
		for (int k = 0; k < n; k++) {
			int c = BatchMaker.simulateHints(lab, 8, rng, 0.35).size();
			if (c == 0) none++;
			hints += c;
			max = Math.max(max, c);
		}
		assertEquals(0.35, (double) none / n, 0.03, "fraction without hints");
		// geometric with p = 1/8 on 1, 2, ...: mean 8 (the cap at 50 barely matters)
		assertEquals(8, (double) hints / (n - none), 0.6, "mean number of hints");
		assertTrue(max <= BatchMaker.MAX_HINTS);
		assertEquals(0, BatchMaker.simulateHints(lab, 8, rng, 1).size());
	}

	@Test
	void batchesWithoutHintsHaveEmptyHintChannels() {
		TrainingConfig c = colorize(8, 32);
		c.hintFreeFraction = 1;
		Batch batch = new BatchMaker(c, TrainerTest.photos(2, 4)).make(0, new Rng(1));
		float[] x = floats(batch.input);
		int plane = 32 * 32;
		for (int b = 0; b < 8; b++)
			for (int i = plane; i < 4 * plane; i++)
				assertEquals(0f, x[b * 4 * plane + i]);
		// and L is channel 0
		float[] t = floats(batch.target);
		assertTrue(x[0] >= -1 && x[0] <= 1 && Lab.denormalizeAb(t[0]) > -128);
	}
}
