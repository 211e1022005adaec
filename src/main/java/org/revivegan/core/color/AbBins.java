package org.revivegan.core.color;

import java.util.Arrays;

/**
 * The quantised chroma of the colour-class head (Zhang, Isola and Efros, "Colorful Image Colorization", 2016):
 * the ab plane is cut into square bins of side {@value #BIN} centred on multiples of {@value #BIN}, and the head
 * predicts a probability per bin instead of one (a, b).
 * <p>
 * <b>Which bins.</b> Only bins that sRGB can show: a bin is in gamut when some 8-bit sRGB colour, at any
 * lightness, has its (a, b) inside the bin ({@code [c - 5, c + 5)} on each axis). This is computed once from all
 * 2^24 sRGB colours and gives {@link #count()} = {@value #EXPECTED_COUNT} bins; Zhang et al. kept 313, the bins
 * that ImageNet's pixels fall in, a subset of the gamut's.
 * </p>
 * <p>
 * <b>Targets.</b> A pixel's chroma is soft-encoded over its {@value #NEIGHBOURS} nearest bins with Gaussian
 * weights of sigma {@value #SIGMA} ({@link #softEncode}). <b>Rebalancing.</b> Rare (saturated) colours weigh
 * more: {@code w ∝ ((1 - λ) p̃ + λ / Q)^-1}, with p̃ the empirical bin distribution smoothed by a Gaussian of sigma
 * {@value #SIGMA}, λ = {@value #LAMBDA}, normalised so that {@code E_p̃[w] = 1} ({@link #rebalancingWeights}).
 * <b>Decoding.</b> The annealed mean: the bins' centres averaged with the weights {@code softmax(logits / T)}
 * ({@link #annealedMean}); T = 1 is the mean (dull), T → 0 the mode (vivid but patchy), T = 0.38 Zhang's choice.
 * </p>
 * Immutable and thread-safe.
 */
public final class AbBins {

	/** Side of a bin in ab units. */
	public static final int BIN = 10;

	/** The number of in-gamut bins, as computed (a test checks it). */
	public static final int EXPECTED_COUNT = 261;

	/** Soft encoding: this many nearest bins ... */
	public static final int NEIGHBOURS = 5;

	/** ... weighted by a Gaussian of this sigma (ab units); also the sigma of the prior's smoothing. */
	public static final double SIGMA = 5;

	/** Rebalancing: the weight of the uniform distribution mixed into the prior. */
	public static final double LAMBDA = 0.5;

	/** Zhang et al.'s annealed-mean temperature, the one at vividness 1. */
	public static final double DEFAULT_TEMPERATURE = 0.38;

	/** Grid of candidate centres: -GRID_HALF * BIN .. GRID_HALF * BIN on each axis (covers a, b of sRGB). */
	static final int GRID_HALF = 11, GRID = 2 * GRID_HALF + 1;

	private static final AbBins INSTANCE = new AbBins();

	/** Bin centres, a and b, per class. */
	private final float[] centreA, centreB;
	/** Grid cell (i + GRID * j) -> class, or -1 when out of gamut. */
	private final int[] classOfCell;

	private AbBins() {
		boolean[] inGamut = inGamutCells();
		classOfCell = new int[GRID * GRID];
		Arrays.fill(classOfCell, -1);
		int q = 0;
		for (int c = 0; c < inGamut.length; c++)
			if (inGamut[c]) classOfCell[c] = q++;
		centreA = new float[q];
		centreB = new float[q];
		for (int c = 0; c < inGamut.length; c++)
			if (inGamut[c]) {
				centreA[classOfCell[c]] = (c % GRID - GRID_HALF) * BIN;
				centreB[classOfCell[c]] = (c / GRID - GRID_HALF) * BIN;
			}
	}

	/** @return the bins (computed once, on first use) */
	public static AbBins get() {
		return INSTANCE;
	}

	/** @return the number of classes Q */
	public int count() {
		return centreA.length;
	}

	/** @return the a of bin {@code q}'s centre */
	public float centreA(int q) {
		return centreA[q];
	}

	/** @return the b of bin {@code q}'s centre */
	public float centreB(int q) {
		return centreB[q];
	}

	/** @return the class of the bin that holds (a, b), or -1 if that bin is out of gamut or off the grid */
	public int classOf(double a, double b) {
		int i = cellIndex(a), j = cellIndex(b);
		if (i < 0 || j < 0 || i >= GRID || j >= GRID) return -1;
		return classOfCell[i + GRID * j];
	}

	/** Cell of a value: centres at multiples of BIN, a cell is [c - BIN/2, c + BIN/2). */
	private static int cellIndex(double v) {
		return (int) Math.floor(v / BIN + 0.5) + GRID_HALF;
	}

	/** @return which grid cells hold the (a, b) of some 8-bit sRGB colour */
	static boolean[] inGamutCells() {
		boolean[] in = new boolean[GRID * GRID];
		float[] lab = new float[3], rgb = new float[3];
		for (int r = 0; r < 256; r++)
			for (int g = 0; g < 256; g++)
				for (int b = 0; b < 256; b++) {
					rgb[0] = r / 255f;
					rgb[1] = g / 255f;
					rgb[2] = b / 255f;
					Lab.rgbToLab(rgb, lab);
					int i = cellIndex(lab[1]), j = cellIndex(lab[2]);
					if (i >= 0 && j >= 0 && i < GRID && j < GRID) in[i + GRID * j] = true;
				}
		return in;
	}

	/**
	 * Soft encoding of one target chroma: Gaussian weights (sigma {@value #SIGMA}) on its {@value #NEIGHBOURS}
	 * nearest bins, summing to 1.
	 *
	 * @param classes receives the {@value #NEIGHBOURS} bins, nearest first
	 * @param weights receives their weights
	 */
	public void softEncode(double a, double b, int[] classes, float[] weights) {
		double[] best = new double[NEIGHBOURS];
		Arrays.fill(best, Double.POSITIVE_INFINITY);
		Arrays.fill(classes, -1);
		int ci = cellIndex(a), cj = cellIndex(b);
		for (int reach = 2;; reach += 2) { // a neighbourhood of cells large enough to hold the nearest in-gamut bins
			for (int j = Math.max(0, cj - reach); j <= Math.min(GRID - 1, cj + reach); j++)
				for (int i = Math.max(0, ci - reach); i <= Math.min(GRID - 1, ci + reach); i++) {
					int q = classOfCell[i + GRID * j];
					if (q < 0) continue;
					double d = sq(a - centreA[q]) + sq(b - centreB[q]);
					insert(q, d, classes, best);
				}
			// every bin outside the searched square is further than reach * BIN - BIN / 2 from (a, b)
			double outside = sq((reach + 0.5) * BIN);
			if ((classes[NEIGHBOURS - 1] >= 0 && best[NEIGHBOURS - 1] <= outside) || reach > GRID) break;
		}
		double sum = 0;
		for (int k = 0; k < NEIGHBOURS; k++)
			sum += weights[k] = (float) Math.exp(-best[k] / (2 * SIGMA * SIGMA));
		for (int k = 0; k < NEIGHBOURS; k++)
			weights[k] /= sum;
	}

	private static void insert(int q, double d, int[] classes, double[] best) {
		int k = NEIGHBOURS - 1;
		if (d >= best[k]) return;
		for (int i = 0; i < NEIGHBOURS; i++)
			if (classes[i] == q) return;
		while (k > 0 && best[k - 1] > d) {
			best[k] = best[k - 1];
			classes[k] = classes[k - 1];
			k--;
		}
		best[k] = d;
		classes[k] = q;
	}

	private static double sq(double v) {
		return v * v;
	}

	/**
	 * @param counts how many target pixels fall in each bin (their bins by {@link #classOf}), length Q
	 * @return the empirical distribution smoothed by a Gaussian of sigma {@value #SIGMA} over the bins' centres,
	 *         summing to 1 (uniform when every count is 0)
	 */
	public double[] smoothedPrior(double[] counts) {
		int n = count();
		if (counts.length != n) throw new IllegalArgumentException("Give one count per bin (" + n + "), not " +
			counts.length + ".");
		double total = 0;
		for (double c : counts)
			total += c;
		double[] p = new double[n];
		if (!(total > 0)) {
			Arrays.fill(p, 1.0 / n);
			return p;
		}
		double sum = 0;
		for (int q = 0; q < n; q++) {
			double s = 0;
			for (int j = 0; j < n; j++)
				if (counts[j] != 0) s += counts[j] * Math.exp(-(sq(centreA[q] - centreA[j]) + sq(centreB[q] -
					centreB[j])) / (2 * SIGMA * SIGMA));
			sum += p[q] = s;
		}
		for (int q = 0; q < n; q++)
			p[q] /= sum;
		return p;
	}

	/**
	 * Class rebalancing (Zhang et al. eq. 3-4): {@code w_q ∝ ((1 - λ) p̃_q + λ / Q)^-1}, normalised so that
	 * {@code Σ_q p̃_q w_q = 1}.
	 *
	 * @param prior p̃, the smoothed empirical distribution ({@link #smoothedPrior}), summing to 1
	 * @param lambda the weight of the uniform distribution, in [0, 1] ({@value #LAMBDA})
	 */
	public static double[] rebalancingWeights(double[] prior, double lambda) {
		int n = prior.length;
		double[] w = new double[n];
		double expectation = 0;
		for (int q = 0; q < n; q++) {
			w[q] = 1 / ((1 - lambda) * prior[q] + lambda / n);
			expectation += prior[q] * w[q];
		}
		for (int q = 0; q < n; q++)
			w[q] /= expectation;
		return w;
	}

	/**
	 * The annealed mean of one pixel's distribution: the centres averaged with {@code softmax(logits / T)}, which
	 * is the distribution {@code softmax(logits)} re-normalised after raising to the power 1 / T.
	 *
	 * @param logits Q values, read at {@code logits[offset + q * stride]}
	 * @param temperature T > 0
	 * @param ab receives {a, b} in ab units
	 */
	public void annealedMean(float[] logits, int offset, int stride, double temperature, double[] ab) {
		int n = count();
		double max = Double.NEGATIVE_INFINITY;
		for (int q = 0; q < n; q++)
			max = Math.max(max, logits[offset + q * stride]);
		double sum = 0, a = 0, b = 0;
		for (int q = 0; q < n; q++) {
			double e = Math.exp((logits[offset + q * stride] - max) / temperature);
			sum += e;
			a += e * centreA[q];
			b += e * centreB[q];
		}
		ab[0] = a / sum;
		ab[1] = b / sum;
	}

	/**
	 * The vividness control of a class model: the inverse temperature grows linearly with the vividness v,
	 * {@code 1 / T = 1 + v (1 / T0 - 1)} with T0 = {@value #DEFAULT_TEMPERATURE}: v = 0 gives the plain mean
	 * (T = 1), v = 1 Zhang's T0, larger v a colder, more vivid decoding (v = 4: T = 0.13).
	 */
	public static double temperatureOf(double vividness) {
		return 1 / (1 + vividness * (1 / DEFAULT_TEMPERATURE - 1));
	}

	/** The empirical distribution is counted on at most about this many pixels of each photo (a regular grid). */
	static final int PRIOR_SAMPLES_PER_IMAGE = 1 << 16;

	/**
	 * The class-rebalancing weights of a training set, computed at the start of a run: the bins of the photos'
	 * pixels counted (on a regular subsample of each), smoothed ({@link #smoothedPrior}) and turned into weights
	 * ({@link #rebalancingWeights}, λ = {@value #LAMBDA}).
	 *
	 * @param photos (x, y, 3) sRGB, values in [0, maxValue]
	 */
	public double[] rebalancingWeightsOf(java.util.List<? extends net.imglib2.RandomAccessibleInterval<? extends
		net.imglib2.type.numeric.RealType<?>>> photos, double maxValue)
	{
		double[] counts = new double[count()];
		float[] rgb = new float[3], lab = new float[3];
		for (net.imglib2.RandomAccessibleInterval<? extends net.imglib2.type.numeric.RealType<?>> photo : photos) {
			long w = photo.dimension(0), h = photo.dimension(1);
			int stride = (int) Math.max(1, Math.ceil(Math.sqrt((double) w * h / PRIOR_SAMPLES_PER_IMAGE)));
			net.imglib2.RandomAccess<? extends net.imglib2.type.numeric.RealType<?>> ra = net.imglib2.view.Views.zeroMin(
				photo).randomAccess();
			for (long y = 0; y < h; y += stride)
				for (long x = 0; x < w; x += stride) {
					ra.setPosition(x, 0);
					ra.setPosition(y, 1);
					for (int c = 0; c < 3; c++) {
						ra.setPosition(c, 2);
						rgb[c] = (float) Math.max(0, Math.min(1, ra.get().getRealDouble() / maxValue));
					}
					Lab.rgbToLab(rgb, lab);
					int q = classOf(lab[1], lab[2]);
					if (q >= 0) counts[q]++;
				}
		}
		return rebalancingWeights(smoothedPrior(counts), LAMBDA);
	}
}
