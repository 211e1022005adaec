package org.revivegan.core.color;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class AbBinsTest {

	private final AbBins bins = AbBins.get();

	@Test
	void theBinsAreTheInGamutCellsOfSide10() {
		assertEquals(AbBins.EXPECTED_COUNT, bins.count());
		// gray, and the primaries' chroma, are in gamut; far corners are not
		assertTrue(bins.classOf(0, 0) >= 0);
		float[] red = Lab.rgbToLab(1, 0, 0), blue = Lab.rgbToLab(0, 0, 1), green = Lab.rgbToLab(0, 1, 0);
		assertTrue(bins.classOf(red[1], red[2]) >= 0);
		assertTrue(bins.classOf(blue[1], blue[2]) >= 0);
		assertTrue(bins.classOf(green[1], green[2]) >= 0);
		assertEquals(-1, bins.classOf(100, -100), "saturated magenta-blue beyond sRGB");
		assertEquals(-1, bins.classOf(-90, -100));
		assertEquals(-1, bins.classOf(500, 0), "off the grid");
		// centres on multiples of 10, each bin [c - 5, c + 5)
		int q = bins.classOf(23, -17);
		assertEquals(20, bins.centreA(q));
		assertEquals(-20, bins.centreB(q));
		assertEquals(q, bins.classOf(15, -24.9));
		assertNotEquals(q, bins.classOf(25, -17));
		// the rule: a cell is in when some 8-bit sRGB colour's ab lies in it
		boolean[] cells = AbBins.inGamutCells();
		int in = 0;
		for (boolean c : cells)
			if (c) in++;
		assertEquals(bins.count(), in);
		for (int k = 0; k < bins.count(); k++)
			assertEquals(k, bins.classOf(bins.centreA(k), bins.centreB(k)));
	}

	@Test
	void softEncodingSumsToOneAndPeaksAtTheNearestBin() {
		int[] classes = new int[AbBins.NEIGHBOURS];
		float[] w = new float[AbBins.NEIGHBOURS];
		for (double[] ab : new double[][] { { 0, 0 }, { 23, -17 }, { red()[1], red()[2] }, { -40, 60 }, { 4.9, 5.1 } }) {
			bins.softEncode(ab[0], ab[1], classes, w);
			double sum = 0;
			for (float v : w)
				sum += v;
			assertEquals(1, sum, 1e-5);
			assertEquals(bins.classOf(ab[0], ab[1]), classes[0], "nearest first: the bin holding the value");
			for (int k = 1; k < w.length; k++)
				assertTrue(w[k] <= w[0], Arrays.toString(w));
			assertEquals(AbBins.NEIGHBOURS, Arrays.stream(classes).distinct().count());
		}
		// exactly on a centre: its weight over the four 10 away: exp(0) / exp(-100 / 50) apart
		bins.softEncode(20, -20, classes, w);
		assertEquals(Math.exp(2), w[0] / w[1], 1e-4);
		assertEquals(w[1], w[4], 1e-6, "the four neighbours at distance 10 weigh alike");
	}

	private static float[] red() {
		return Lab.rgbToLab(0.9f, 0.1f, 0.1f);
	}

	@Test
	void rebalancingWeightsFollowTheirDefinition() {
		int n = bins.count();
		double[] uniform = new double[n];
		Arrays.fill(uniform, 1.0 / n);
		for (double w : AbBins.rebalancingWeights(uniform, 0.5))
			assertEquals(1, w, 1e-12, "uniform p: w = 1");
		double[] counts = new double[n];
		counts[bins.classOf(0, 0)] = 1000;
		counts[bins.classOf(30, 40)] = 10;
		double[] p = bins.smoothedPrior(counts);
		assertEquals(1, Arrays.stream(p).sum(), 1e-9);
		assertTrue(p[bins.classOf(10, 0)] > 0, "smoothing spreads to the neighbours");
		assertEquals(Math.exp(-2), p[bins.classOf(10, 0)] / p[bins.classOf(0, 0)], 0.02, "sigma 5 over 10 units");
		double[] w = AbBins.rebalancingWeights(p, 0.5);
		double expectation = 0;
		for (int q = 0; q < n; q++)
			expectation += p[q] * w[q];
		assertEquals(1, expectation, 1e-9, "E_p[w] = 1");
		// w proportional to 1 / ((1 - λ) p + λ / Q)
		int a = bins.classOf(0, 0), b = bins.classOf(30, 40);
		assertEquals((0.5 * p[b] + 0.5 / n) / (0.5 * p[a] + 0.5 / n), w[a] / w[b], 1e-9);
		assertTrue(w[b] > w[a], "the rare colour weighs more");
	}

	@Test
	void annealedMeanIsTheMeanAtOneAndTheModeNearZero() {
		int n = bins.count();
		float[] logits = new float[n];
		java.util.Random r = new java.util.Random(4);
		for (int q = 0; q < n; q++)
			logits[q] = (float) r.nextGaussian();
		int mode = bins.classOf(30, 40);
		logits[mode] = 4;
		double[] ab = new double[2];
		bins.annealedMean(logits, 0, 1, 1, ab);
		double sum = 0, ma = 0, mb = 0;
		for (int q = 0; q < n; q++) {
			double e = Math.exp(logits[q]);
			sum += e;
			ma += e * bins.centreA(q);
			mb += e * bins.centreB(q);
		}
		assertEquals(ma / sum, ab[0], 1e-9);
		assertEquals(mb / sum, ab[1], 1e-9);
		bins.annealedMean(logits, 0, 1, 0.01, ab);
		assertEquals(30, ab[0], 1e-6);
		assertEquals(40, ab[1], 1e-6);
		// strided layout: pixel 1 of a 2-pixel plane
		float[] planar = new float[2 * n];
		for (int q = 0; q < n; q++)
			planar[2 * q + 1] = logits[q];
		double[] again = new double[2];
		bins.annealedMean(planar, 1, 2, 1, again);
		assertEquals(ma / sum, again[0], 1e-9);
		assertEquals(AbBins.DEFAULT_TEMPERATURE, AbBins.temperatureOf(1), 1e-12);
		assertEquals(1, AbBins.temperatureOf(0), 1e-12);
		assertTrue(AbBins.temperatureOf(4) < AbBins.temperatureOf(2));
	}
}
