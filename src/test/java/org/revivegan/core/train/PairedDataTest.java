package org.revivegan.core.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.revivegan.core.model.Task;
import org.revivegan.core.nets.PatchDiscriminator;
import org.revivegan.core.util.Rng;

/** Real (damaged, clean) pairs: the mask is where they differ, and the target is the clean photo. */
class PairedDataTest {

	@Test
	void maskComesFromTheDifferenceOfThePair() {
		int w = 64, h = 64;
		ArrayImg<FloatType, FloatArray> clean = ArrayImgs.floats(w, h, 3);
		float[] c = clean.update(null).getCurrentStorageArray();
		for (int i = 0; i < c.length; i++)
			c[i] = 0.5f;
		ArrayImg<FloatType, FloatArray> damaged = ArrayImgs.floats(c.clone(), w, h, 3);
		float[] d = damaged.update(null).getCurrentStorageArray();
		for (int y = 0; y < h; y++)
			for (int x = 20; x < 44; x++)
				d[x + w * y] = 1f; // a white vertical band in the red channel, the whole height
		TrainingData data = TrainingData.paired(List.of(damaged), List.of(clean), 1, 256, "pairs");
		assertTrue(data.isPaired());
		TrainingConfig cfg = TrainerTest.config(Task.INPAINT);
		cfg.scaleMin = 1;
		cfg.resolve();
		Batch b = new BatchMaker(cfg, data).make(0, new Rng(1));
		INDArray mask = b.input.get(NDArrayIndex.point(0), NDArrayIndex.point(3));
		double fraction = mask.sumNumber().doubleValue() / mask.length();
		// the band covers 24 of 64 columns; a 32-px crop sees some of it, flipped or not
		assertTrue(fraction > 0 && fraction < 1, "masked fraction " + fraction);
		// the target is the clean photo: 0.5 -> 0 in network space everywhere
		assertEquals(0, b.target.amaxNumber().doubleValue(), 1e-2);
	}

	@Test
	void pairsMustMatch() {
		assertThrows(IllegalArgumentException.class, () -> TrainingData.paired(List.of(ArrayImgs.floats(8, 8, 3)),
			List.of(ArrayImgs.floats(8, 9, 3)), 1, 64, "x"));
		assertThrows(IllegalArgumentException.class, () -> TrainingData.paired(List.of(ArrayImgs.floats(8, 8, 3)),
			List.of(), 1, 64, "x"));
	}

	@Test
	void patchGanSeesSeventyPixelPatchesByDefault() {
		assertEquals(70, PatchDiscriminator.receptiveField(3));
		assertEquals(34, PatchDiscriminator.receptiveField(2));
		assertEquals(142, PatchDiscriminator.receptiveField(4));
	}
}
