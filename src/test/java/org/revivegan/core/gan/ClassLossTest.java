package org.revivegan.core.gan;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.revivegan.core.color.AbBins;
import org.revivegan.core.color.Lab;

class ClassLossTest {

	@Test
	void theGradientMatchesFiniteDifferencesOfTheLoss() {
		checkGradient(0);
	}

	@Test
	void theMixWithTheL1OfTheMeanHasTheGradientOfItsLossToo() {
		checkGradient(0.7);
	}

	private static void checkGradient(double l1Weight) {
		int q = AbBins.get().count(), n = 2, h = 2, w = 1;
		java.util.Random r = new java.util.Random(7);
		double[] z = new double[n * q * h * w];
		for (int i = 0; i < z.length; i++)
			z[i] = r.nextGaussian();
		INDArray logits = Nd4j.create(z, new long[] { n, q, h, w }, 'c');
		INDArray target = Nd4j.create(new double[] { Lab.normalizeAb(12), Lab.normalizeAb(-3), Lab.normalizeAb(40),
			Lab.normalizeAb(55), 0, Lab.normalizeAb(-33), 0.1, 0.2 }, new long[] { n, 2, h, w }, 'c');
		INDArray pixelWeights = Nd4j.create(new double[] { 1, 0.5, 2, 1 }, new long[] { n, 1, h, w }, 'c');
		double[] classWeights = new double[q];
		for (int k = 0; k < q; k++)
			classWeights[k] = 0.5 + r.nextDouble();
		INDArray grad = ClassLoss.error(logits, target, pixelWeights, classWeights, l1Weight, null);
		// the error is d(loss per example) / d(logit): loss[0] is the mean over all pixels = per-example / n
		int[] probe = { 0, 5, q * h * w + 3, 3 * q + 1, z.length - 1 };
		for (int i : probe) {
			double eps = 1e-3;
			double[] plus = z.clone(), minus = z.clone();
			plus[i] += eps;
			minus[i] -= eps;
			double lp = loss(plus, target, pixelWeights, classWeights, l1Weight, n, q, h, w);
			double lm = loss(minus, target, pixelWeights, classWeights, l1Weight, n, q, h, w);
			double numeric = (lp - lm) / (2 * eps) * n;
			assertEquals(numeric, grad.getDouble(i), 1e-5, "logit " + i);
		}
	}

	private static double loss(double[] z, INDArray target, INDArray pw, double[] cw, double l1Weight, int n, int q,
		int h, int w)
	{
		double[] l = new double[2];
		ClassLoss.error(Nd4j.create(z, new long[] { n, q, h, w }, 'c'), target, pw, cw, l1Weight, l);
		return l[0] + l1Weight * l[1];
	}

	@Test
	void decodingAConfidentPredictionGivesItsBinAndTheShapesAreChecked() {
		AbBins bins = AbBins.get();
		int q = bins.count();
		INDArray logits = Nd4j.zeros(DataType.FLOAT, 1, q, 1, 1);
		logits.putScalar(new long[] { 0, bins.classOf(-20, 30), 0, 0 }, 30);
		INDArray ab = ClassLoss.decode(logits, AbBins.DEFAULT_TEMPERATURE);
		assertArrayEquals(new long[] { 1, 2, 1, 1 }, ab.shape());
		assertEquals(-20, Lab.denormalizeAb(ab.getFloat(0)), 1e-3);
		assertEquals(30, Lab.denormalizeAb(ab.getFloat(1)), 1e-3);
		assertThrows(IllegalArgumentException.class, () -> ClassLoss.error(Nd4j.zeros(DataType.FLOAT, 1, 5, 2, 2), Nd4j
			.zeros(DataType.FLOAT, 1, 2, 2, 2), null, null, null));
	}
}
