package org.revivegan.core.color;

import static org.junit.jupiter.api.Assertions.*;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.revivegan.core.util.Rng;

class ColorReferenceTest {

	@Test
	void theTransportMapTakesOneCovarianceToTheOther() {
		double[] A = ColorReference.transportMap(9, 2, 4, 50, -20, 30);
		// A P A = R
		double[][] a = { { A[0], A[1] }, { A[1], A[2] } }, p = { { 9, 2 }, { 2, 4 } };
		double[][] apa = mul(mul(a, p), a);
		assertEquals(50, apa[0][0], 1e-9);
		assertEquals(-20, apa[0][1], 1e-9);
		assertEquals(-20, apa[1][0], 1e-9);
		assertEquals(30, apa[1][1], 1e-9);
		double[] identity = ColorReference.transportMap(5, 1, 3, 5, 1, 3);
		assertArrayEquals(new double[] { 1, 0, 1 }, identity, 1e-12, "same covariance: identity");
		double[] s = ColorReference.sqrt(9, 2, 4);
		double[][] sq = { { s[0], s[1] }, { s[2], s[3] } };
		double[][] back = mul(sq, sq);
		assertEquals(9, back[0][0], 1e-12);
		assertEquals(2, back[0][1], 1e-12);
		assertEquals(4, back[1][1], 1e-12);
	}

	private static double[][] mul(double[][] x, double[][] y) {
		double[][] r = new double[2][2];
		for (int i = 0; i < 2; i++)
			for (int j = 0; j < 2; j++)
				r[i][j] = x[i][0] * y[0][j] + x[i][1] * y[1][j];
		return r;
	}

	@Test
	void atOneLightnessTheTransferGivesTheReferencesMeanAndCovarianceAndLeavesLAlone() {
		int n = 4000;
		Rng rng = new Rng(2);
		float[] L = new float[n], ra = new float[n], rb = new float[n], ab = new float[2 * n];
		for (int i = 0; i < n; i++) {
			L[i] = 50; // the centre of one band: every pixel in that band alone
			double u = rng.nextGaussian(), v = rng.nextGaussian();
			ra[i] = (float) (20 + 8 * u);
			rb[i] = (float) (-10 + 3 * u + 5 * v);
			ab[i] = (float) (0.02 * rng.nextGaussian()); // a dull prediction: normalised ab, std 2.2 ab units
			ab[n + i] = (float) (0.01 + 0.03 * rng.nextGaussian());
		}
		ColorReference ref = ColorReference.ofLab(L, ra, rb);
		float[] lBefore = L.clone();
		ref.transfer(L, ab, n, Lab.AB_SCALE);
		assertArrayEquals(lBefore, L);
		float[] a = new float[n], b = new float[n];
		for (int i = 0; i < n; i++) {
			a[i] = ab[i] * Lab.AB_SCALE;
			b[i] = ab[n + i] * Lab.AB_SCALE;
		}
		double[] got = ColorReference.ofLab(L, a, b).bandStatistics()[2], want = ref.bandStatistics()[2];
		assertEquals(want[0], got[0], 0.05, "mean a");
		assertEquals(want[1], got[1], 0.05, "mean b");
		// the prediction's variance is floored (PREDICTION_VARIANCE_FLOOR) so the spread comes out a little smaller
		for (int k = 2; k < 5; k++)
			assertEquals(want[k], got[k], 0.5 * Math.abs(want[k]) + 1, "covariance " + k);
		assertTrue(got[2] > 0.4 * want[2], "the spread grows towards the reference's: " + got[2]);
	}

	@Test
	void bandsTakeTheirOwnColours() {
		int n = 2000;
		float[] L = new float[n], ra = new float[n], rb = new float[n];
		for (int i = 0; i < n; i++) {
			boolean sky = i % 2 == 0;
			L[i] = sky ? 85 : 20;
			ra[i] = sky ? -5 : 25;
			rb[i] = sky ? -35 : 20;
		}
		ColorReference ref = ColorReference.ofLab(L, ra, rb);
		float[] ab = new float[2 * n];
		ref.transfer(L, ab, n, 1);
		// bright pixels blue, dark ones brown; the 2 % prior on the whole photo pulls each a little to the other
		assertEquals(-35, ab[n], 3);
		assertEquals(-5, ab[0], 3);
		assertEquals(25, ab[1], 3);
		assertEquals(20, ab[n + 1], 3);
	}

	@Test
	void aGrayReferenceIsRefusedWithWhatToDoAndTheHashIsOfThePixels() {
		ArrayImg<FloatType, FloatArray> gray = ArrayImgs.floats(10, 8, 3);
		for (FloatType t : gray)
			t.set(0.4f);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ColorReference.of(gray, 1));
		assertTrue(e.getMessage().contains("give a colour photo"), e.getMessage());
		ColorReference anyway = ColorReference.of(gray, 1, false);
		assertEquals(0, anyway.bandStatistics()[2][0], 1e-4);
		assertThrows(IllegalArgumentException.class, () -> ColorReference.of(ArrayImgs.floats(10, 8), 1));
		ArrayImg<FloatType, FloatArray> red = ArrayImgs.floats(10, 8, 3);
		ArrayImg<FloatType, FloatArray> red2 = ArrayImgs.floats(10, 8, 3);
		for (int i = 0; i < 80; i++) {
			red.update(null).getCurrentStorageArray()[i] = 0.9f;
			red2.update(null).getCurrentStorageArray()[i] = 0.9f;
		}
		assertEquals(ColorReference.of(red, 1).pixelSha256(), ColorReference.of(red2, 1).pixelSha256());
		red2.update(null).getCurrentStorageArray()[5] = 0.8f;
		assertNotEquals(ColorReference.of(red, 1).pixelSha256(), ColorReference.of(red2, 1).pixelSha256());
		assertEquals(64, ColorReference.of(red, 1).pixelSha256().length());
	}
}
