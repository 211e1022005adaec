package org.revivegan.core.gan;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The weighted binary cross-entropy of damage detection, against its definition and a finite difference. */
class WeightedBceTest {

	private static final double[] P = { 0.9, 0.2, 0.6, 0.05 }, Y = { 1, 0, 0, 1 }, W = { 3, 1, 1, 3 };

	private static INDArray arr(double[] v) {
		return Nd4j.createFromArray(v).castTo(DataType.DOUBLE).reshape(1, 1, 2, 2);
	}

	private static double loss(double[] p) {
		double sum = 0;
		for (int i = 0; i < p.length; i++)
			sum += -W[i] * (Y[i] * Math.log(p[i]) + (1 - Y[i]) * Math.log(1 - p[i]));
		return sum / p.length;
	}

	@Test
	void lossIsTheWeightedMeanOfBce() {
		Pix2Pix.Losses l = new Pix2Pix.Losses();
		Pix2Pix.weightedBceError(arr(P), arr(Y), arr(W), l);
		// by hand: (3 * -ln 0.9 + -ln 0.8 + -ln 0.4 + 3 * -ln 0.05) / 4
		assertEquals((3 * 0.10536051565782628 + 0.2231435513142097 + 0.916290731874155 + 3 * 2.995732273553991) / 4,
			l.bce, 1e-9);
		assertEquals(loss(P), l.bce, 1e-12);
		assertEquals((0.1 + 0.2 + 0.6 + 0.95) / 4, l.l1, 1e-12);
		Pix2Pix.Losses unweighted = new Pix2Pix.Losses();
		Pix2Pix.weightedBceError(arr(P), arr(Y), null, unweighted);
		assertTrue(unweighted.bce < l.bce, "weights > 1 on the damaged pixels raise the loss");
	}

	@Test
	void errorIsTheDerivativeOfTheLoss() {
		INDArray error = Pix2Pix.weightedBceError(arr(P), arr(Y), arr(W), new Pix2Pix.Losses());
		double h = 1e-6;
		for (int i = 0; i < P.length; i++) {
			double[] up = P.clone(), down = P.clone();
			up[i] += h;
			down[i] -= h;
			double numeric = (loss(up) - loss(down)) / (2 * h);
			assertEquals(numeric, error.getDouble(i), 1e-5 * Math.max(1, Math.abs(numeric)), "pixel " + i);
			// through the sigmoid: w (p - y) / n with respect to the logit
			assertEquals(W[i] * (P[i] - Y[i]) / P.length, error.getDouble(i) * P[i] * (1 - P[i]), 1e-9);
		}
	}

	@Test
	void saturatedProbabilitiesStayFinite() {
		Pix2Pix.Losses l = new Pix2Pix.Losses();
		INDArray error = Pix2Pix.weightedBceError(arr(new double[] { 0, 1, 1, 0 }), arr(Y), null, l);
		assertTrue(Double.isFinite(l.bce) && l.bce > 10, "log(0) is clamped: " + l.bce);
		for (int i = 0; i < 4; i++)
			assertTrue(Double.isFinite(error.getDouble(i)));
	}
}
