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

	@Test
	void theBlockedLoopGivesTheSameBitsAsOnePixelAtATime() {
		// a plane of 9 x 11 = 99 pixels: one full block of ClassLoss.BLOCK and a partial one
		int q = AbBins.get().count(), n = 2, h = 9, w = 11, plane = h * w;
		java.util.Random r = new java.util.Random(11);
		float[] z = new float[n * q * plane], t = new float[n * 2 * plane], pw = new float[n * plane];
		for (int i = 0; i < z.length; i++)
			z[i] = (float) (3 * r.nextGaussian());
		for (int i = 0; i < t.length; i++)
			t[i] = (float) (0.6 * r.nextGaussian());
		for (int i = 0; i < pw.length; i++)
			pw[i] = (float) (0.2 + r.nextDouble());
		double[] cw = new double[q];
		for (int k = 0; k < q; k++)
			cw[k] = 0.5 + r.nextDouble();
		INDArray logits = Nd4j.create(z, new long[] { n, q, h, w }, 'c');
		INDArray target = Nd4j.create(t, new long[] { n, 2, h, w }, 'c');
		INDArray weights = Nd4j.create(pw, new long[] { n, 1, h, w }, 'c');
		for (double l1Weight : new double[] { 0, 0.7 })
			for (boolean withWeights : new boolean[] { false, true }) {
				double[] loss = new double[2], expectedLoss = new double[2];
				float[] grad = ClassLoss.error(logits, target, withWeights ? weights : null, withWeights ? cw : null,
					l1Weight, loss).data().asFloat();
				float[] expected = onePixelAtATime(z, t, withWeights ? pw : null, withWeights ? cw : null, l1Weight, n, q,
					plane, expectedLoss);
				assertArrayEquals(expected, grad, 0f);
				assertEquals(expectedLoss[0], loss[0], 0.0);
				assertEquals(expectedLoss[1], loss[1], 0.0);
			}
	}

	/** The loss as first written, one pixel at a time with its bins a plane apart: the reference of the blocked loop. */
	private static float[] onePixelAtATime(float[] z, float[] t, float[] pw, double[] classWeights, double l1Weight,
		int n, int q, int plane, double[] loss)
	{
		AbBins bins = AbBins.get();
		float[] grad = new float[z.length];
		int[] classes = new int[AbBins.NEIGHBOURS];
		float[] soft = new float[AbBins.NEIGHBOURS];
		double[] p = new double[q];
		double total = 0, totalL1 = 0;
		for (int e = 0; e < n; e++)
			for (int i = 0; i < plane; i++) {
				int base = e * q * plane + i;
				double a = Lab.denormalizeAb(t[(e * 2) * plane + i]), b = Lab.denormalizeAb(t[(e * 2 + 1) * plane + i]);
				bins.softEncode(a, b, classes, soft);
				double weight = (classWeights == null ? 1 : classWeights[classes[0]]) * (pw == null ? 1 : pw[e * plane +
					i]);
				double max = Double.NEGATIVE_INFINITY;
				for (int k = 0; k < q; k++)
					max = Math.max(max, z[base + k * plane]);
				double sum = 0;
				for (int k = 0; k < q; k++)
					sum += p[k] = Math.exp(z[base + k * plane] - max);
				double logSum = Math.log(sum) + max;
				for (int k = 0; k < q; k++)
					p[k] /= sum;
				double ma = 0, mb = 0;
				for (int k = 0; k < q; k++) {
					ma += p[k] * bins.centreA(k);
					mb += p[k] * bins.centreB(k);
				}
				double pixel = pw == null ? 1 : pw[e * plane + i];
				double sa = Math.signum(ma - a), sb = Math.signum(mb - b);
				totalL1 += pixel * (Math.abs(ma - a) + Math.abs(mb - b)) / (2 * Lab.AB_SCALE);
				double l1Scale = l1Weight * pixel / (2 * Lab.AB_SCALE);
				double ce = 0;
				if (l1Weight != 0) for (int k = 0; k < q; k++)
					grad[base + k * plane] = (float) (l1Scale * p[k] * (sa * (bins.centreA(k) - ma) + sb * (bins.centreB(k) -
						mb)) / plane);
				for (int k = 0; k < AbBins.NEIGHBOURS; k++) {
					ce -= soft[k] * (z[base + classes[k] * plane] - logSum);
					p[classes[k]] -= soft[k];
				}
				total += weight * ce;
				for (int k = 0; k < q; k++)
					grad[base + k * plane] += (float) (weight * p[k] / plane);
			}
		loss[0] = total / ((double) n * plane);
		loss[1] = totalL1 / ((double) n * plane);
		return grad;
	}
}
