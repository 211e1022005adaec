package org.revivegan.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ColorScoresTest {

	/** Two 16 x 16 crops: mid lightness, a saturated orange and a blue target ab, no hints. */
	private static Batch batch() {
		INDArray input = Nd4j.zeros(DataType.FLOAT, 2, 4, 16, 16);
		INDArray target = Nd4j.zeros(DataType.FLOAT, 2, 2, 16, 16);
		target.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(0)).assign(0.3);
		target.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(1)).assign(0.5);
		target.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1), org.nd4j.linalg.indexing.NDArrayIndex.point(1)).assign(-0.4);
		// a vertical gradient of lightness, so that SSIM has structure to compare
		for (int y = 0; y < 16; y++)
			input.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(0),
				org.nd4j.linalg.indexing.NDArrayIndex.point(y)).assign(-0.6 + 0.08 * y);
		return new Batch(-1, input, target, null);
	}

	@Test
	void perfectColoursScoreFullMarks() {
		Batch b = batch();
		ColorScores s = ColorScores.of(b.target.dup(), b);
		assertEquals(99, s.meanCropPsnr, 1e-9);
		assertEquals(1, s.ssim, 1e-6);
		assertEquals(1, s.colorfulnessRatio, 1e-9);
	}

	@Test
	void grayHasNoColourfulnessAndTheSameMeanPsnrAsItsCrops() {
		Batch b = batch();
		INDArray gray = Nd4j.zeros(DataType.FLOAT, b.target.shape());
		ColorScores s = ColorScores.of(gray, b);
		assertEquals(0, s.colorfulnessRatio, 1e-9);
		assertTrue(s.ssim < 1 && s.ssim > 0, "SSIM " + s.ssim);
		// the mean of per-crop PSNRs is at least the PSNR of the pooled error (Jensen), equal only if the crops' errors are
		double pooled = Trainer.score(gray, b);
		assertTrue(s.meanCropPsnr > pooled + 0.01, s.meanCropPsnr + " vs pooled " + pooled);
		assertTrue(pooled > 5 && pooled < 30, "pooled " + pooled);
		// half the chroma of the truth: colourfulness about half
		ColorScores half = ColorScores.of(b.target.mul(0.5), b);
		assertEquals(0.5, half.colorfulnessRatio, 0.1);
	}
}
