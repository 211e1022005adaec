package org.revivegan.core.color;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Colour from a reference photo (a "global hint", Zhang et al. 2017): the colour distribution of a reference
 * colour photo steers the colours the network predicts, while the photo keeps its own lightness.
 * <p>
 * <b>Method: a Gaussian (mean and covariance) transfer in ab, per lightness band.</b> The reference's chroma is
 * summarised in CIE Lab per band of lightness: {@value #BANDS} bands centred at L = 0, 25, 50, 75, 100, each
 * pixel counted in its two nearest bands with linear ("hat") weights that sum to 1. Per band that gives the
 * mean and the 2 x 2 covariance of (a, b). The same statistics are taken of the network's prediction, and each
 * predicted pixel's (a, b) is moved by the optimal-transport map between the two Gaussians of its band
 * (Monge-Kantorovich: {@code ab' = mu_ref + A (ab - mu_pred)} with
 * {@code A = Cp^-1/2 (Cp^1/2 Cr Cp^1/2)^1/2 Cp^-1/2}), the maps of the pixel's two bands blended with its hat
 * weights, so there is no seam between bands. Shadows, mid-tones and skies thus get the reference's colours for
 * their lightness (Reinhard et al. 2001 did this globally and per channel; the covariance keeps the reference's
 * a-b correlation, the bands its lightness-colour relation). The map is affine, so the network's spatial
 * structure (which object is redder than its neighbour) is kept; only the distribution moves.
 * </p>
 * <p>
 * A band that holds few reference pixels borrows from the whole photo's statistics ({@link #PRIOR_FRACTION}), so
 * a reference with no dark pixels still gives the shadows a sensible colour. The prediction's covariance is
 * regularised ({@link #PREDICTION_VARIANCE_FLOOR}) so an almost gray prediction is not amplified into noise.
 * Only (a, b) change: the lightness is the photo's, exactly, and {@link Lab#labToRgbInGamut} then lowers chroma
 * only where the colour does not fit sRGB.
 * </p>
 * Immutable and thread-safe.
 */
public final class ColorReference {

	/** Number of lightness bands; centres at L = 0, 25, 50, 75, 100. */
	public static final int BANDS = 5;

	/** The band width in L. */
	static final double BAND_STEP = Lab.L_MAX / (BANDS - 1);

	/** A band's statistics are shrunk towards the whole photo's with the weight of this fraction of its pixels. */
	static final double PRIOR_FRACTION = 0.02;

	/** Added to the prediction's ab variances (ab units squared) before the map is formed: 2 ab units of spread. */
	static final double PREDICTION_VARIANCE_FLOOR = 4;

	/** The reference is read in full but summarised from at most about this many pixels (a regular subsample). */
	static final long MAX_SAMPLES = 1L << 20;

	/** Below this mean chroma (ab units) a reference is taken as gray. */
	static final double MIN_MEAN_CHROMA = 1;

	/** Per band: mean a, mean b, var a, cov ab, var b (after shrinkage). */
	private final double[][] stats;
	private final String sha256;

	private ColorReference(double[][] stats, String sha256) {
		this.stats = stats;
		this.sha256 = sha256;
	}

	/**
	 * @param rgb (x, y, 3) colour photo, values in [0, maxValue]
	 * @return its colour distribution
	 * @throws IllegalArgumentException if the image is not RGB or has (almost) no colour, with what to do
	 */
	public static ColorReference of(RandomAccessibleInterval<? extends RealType<?>> rgb, double maxValue) {
		return of(rgb, maxValue, true);
	}

	/**
	 * Like {@link #of(RandomAccessibleInterval, double)}; with {@code rejectGray} false a gray photo is taken too
	 * (its distribution is gray: the evaluation's "own colours" reference of a gray original).
	 */
	public static ColorReference of(RandomAccessibleInterval<? extends RealType<?>> rgb, double maxValue,
		boolean rejectGray)
	{
		if (rgb.numDimensions() != 3 || rgb.dimension(2) != 3) throw new IllegalArgumentException("The reference " +
			"photo must be a colour (RGB) image; this one has " + (rgb.numDimensions() > 2 ? rgb.dimension(2) : 1) +
			" channel(s).");
		RandomAccessibleInterval<? extends RealType<?>> img = Views.zeroMin(rgb);
		long w = img.dimension(0), h = img.dimension(1), n = w * h;
		int stride = (int) Math.max(1, Math.ceil(Math.sqrt((double) n / MAX_SAMPLES)));
		Cursor<? extends RealType<?>>[] c = cursors(img);
		MessageDigest digest = sha256();
		byte[] bytes = new byte[12];
		float[] px = new float[3], lab = new float[3];
		Accumulator acc = new Accumulator();
		for (long y = 0; y < h; y++)
			for (long x = 0; x < w; x++) {
				for (int ch = 0; ch < 3; ch++) {
					float v = (float) (c[ch].next().getRealDouble() / maxValue);
					px[ch] = Float.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0;
					int bits = Float.floatToIntBits(v);
					for (int k = 0; k < 4; k++)
						bytes[4 * ch + k] = (byte) (bits >>> (24 - 8 * k));
				}
				digest.update(bytes);
				if (x % stride != 0 || y % stride != 0) continue;
				Lab.rgbToLab(px, lab);
				acc.add(lab[0], lab[1], lab[2]);
			}
		if (rejectGray && acc.meanChroma() < MIN_MEAN_CHROMA) throw new IllegalArgumentException("The reference photo has no " +
			"colour (it is gray); give a colour photo whose colours the result should take.");
		return new ColorReference(acc.shrunkStats(), hex(digest.digest()));
	}

	/**
	 * @param lightness L in [0, 100], one per pixel
	 * @param a chroma a, one per pixel (the original ab units)
	 * @param b chroma b
	 * @return the distribution of these Lab values (for tests and for a reference given as arrays)
	 */
	public static ColorReference ofLab(float[] lightness, float[] a, float[] b) {
		Accumulator acc = new Accumulator();
		for (int i = 0; i < lightness.length; i++)
			acc.add(lightness[i], a[i], b[i]);
		return new ColorReference(acc.shrunkStats(), null);
	}

	/** @return SHA-256 of the reference's pixel values (as floats in [0, 1], big-endian), null for {@link #ofLab} */
	public String pixelSha256() {
		return sha256;
	}

	/** @return per band {mean a, mean b, var a, cov ab, var b}, a copy */
	public double[][] bandStatistics() {
		double[][] s = new double[BANDS][];
		for (int k = 0; k < BANDS; k++)
			s[k] = stats[k].clone();
		return s;
	}

	/**
	 * Moves predicted chroma towards this distribution, in place (see the class description).
	 *
	 * @param lightness L in [0, 100] per pixel, not changed
	 * @param ab planar chroma: a at {@code [0, plane)}, b at {@code [plane, 2 plane)}, in units of {@code scale}
	 *          (Lab value = stored value x scale)
	 */
	public void transfer(float[] lightness, float[] ab, int plane, float scale) {
		Accumulator pred = new Accumulator();
		for (int i = 0; i < plane; i++)
			pred.add(lightness[i], ab[i] * scale, ab[plane + i] * scale);
		double[][] p = pred.shrunkStats();
		double[][] map = new double[BANDS][]; // per band: A (a00, a01, a11: symmetric), mu_pred, mu_ref
		for (int k = 0; k < BANDS; k++) {
			double[] A = transportMap(p[k][2] + PREDICTION_VARIANCE_FLOOR, p[k][3], p[k][4] + PREDICTION_VARIANCE_FLOOR,
				stats[k][2], stats[k][3], stats[k][4]);
			map[k] = new double[] { A[0], A[1], A[2], p[k][0], p[k][1], stats[k][0], stats[k][1] };
		}
		for (int i = 0; i < plane; i++) {
			double L = clampL(lightness[i]);
			int k0 = Math.min(BANDS - 2, (int) (L / BAND_STEP));
			double t = L / BAND_STEP - k0;
			double a = ab[i] * scale, b = ab[plane + i] * scale, na = 0, nb = 0;
			for (int j = 0; j < 2; j++) {
				double[] m = map[k0 + j];
				double wgt = j == 0 ? 1 - t : t;
				double da = a - m[3], db = b - m[4];
				na += wgt * (m[5] + m[0] * da + m[1] * db);
				nb += wgt * (m[6] + m[1] * da + m[2] * db);
			}
			ab[i] = (float) (na / scale);
			ab[plane + i] = (float) (nb / scale);
		}
	}

	/**
	 * The optimal-transport (Monge-Kantorovich) linear map from N(0, P) to N(0, R) for 2 x 2 covariances:
	 * {@code A = P^-1/2 (P^1/2 R P^1/2)^1/2 P^-1/2}, symmetric positive semi-definite, with {@code A P A = R}.
	 *
	 * @return {a00, a01, a11}
	 */
	static double[] transportMap(double p00, double p01, double p11, double r00, double r01, double r11) {
		double[] ps = sqrt(p00, p01, p11);
		double[] m = mul(mul(ps, new double[] { r00, r01, r11 }), ps);
		double[] ms = sqrt(m[0], m[1], m[3]);
		double[] pi = inverse(ps[0], ps[1], ps[3]);
		double[] A = mul(mul(pi, new double[] { ms[0], ms[1], ms[3] }), pi);
		return new double[] { A[0], 0.5 * (A[1] + A[2]), A[3] };
	}

	/** @return the square root of the symmetric PSD matrix [[x, y], [y, z]] as {s00, s01, s10, s11} */
	static double[] sqrt(double x, double y, double z) {
		double det = Math.max(0, x * z - y * y), s = Math.sqrt(det);
		double t = Math.sqrt(Math.max(1e-300, x + z + 2 * s));
		return new double[] { (x + s) / t, y / t, y / t, (z + s) / t };
	}

	private static double[] inverse(double x, double y, double z) {
		double det = x * z - y * y;
		return new double[] { z / det, -y / det, -y / det, x / det };
	}

	/** 2 x 2 product; a symmetric matrix may be given as its 3 distinct values {x, y, z}. */
	private static double[] mul(double[] a, double[] b) {
		double[] p = full(a), q = full(b);
		return new double[] { p[0] * q[0] + p[1] * q[2], p[0] * q[1] + p[1] * q[3], p[2] * q[0] + p[3] * q[2], p[2] *
			q[1] + p[3] * q[3] };
	}

	private static double[] full(double[] m) {
		return m.length == 4 ? m : new double[] { m[0], m[1], m[1], m[2] };
	}

	private static double clampL(double L) {
		return Double.isFinite(L) ? Math.max(0, Math.min(Lab.L_MAX, L)) : 0;
	}

	/** Weighted sums per band: weight, sum a, sum b, sum aa, sum ab, sum bb. */
	private static final class Accumulator {

		final double[][] s = new double[BANDS][6];
		double chroma;
		long count;

		void add(double L, double a, double b) {
			L = clampL(L);
			int k0 = Math.min(BANDS - 2, (int) (L / BAND_STEP));
			double t = L / BAND_STEP - k0;
			add(k0, 1 - t, a, b);
			add(k0 + 1, t, a, b);
			chroma += Math.hypot(a, b);
			count++;
		}

		private void add(int k, double w, double a, double b) {
			double[] v = s[k];
			v[0] += w;
			v[1] += w * a;
			v[2] += w * b;
			v[3] += w * a * a;
			v[4] += w * a * b;
			v[5] += w * b * b;
		}

		double meanChroma() {
			return count == 0 ? 0 : chroma / count;
		}

		/** @return per band {mean a, mean b, var a, cov ab, var b}, each band shrunk towards the whole photo's */
		double[][] shrunkStats() {
			double[] all = new double[6];
			for (double[] v : s)
				for (int i = 0; i < 6; i++)
					all[i] += v[i];
			double prior = PRIOR_FRACTION * all[0];
			double[][] out = new double[BANDS][];
			for (int k = 0; k < BANDS; k++) {
				double[] v = new double[6];
				for (int i = 0; i < 6; i++)
					v[i] = s[k][i] + (all[0] > 0 ? prior * all[i] / all[0] : 0);
				double wgt = v[0];
				if (!(wgt > 0)) {
					out[k] = new double[5];
					continue;
				}
				double ma = v[1] / wgt, mb = v[2] / wgt;
				out[k] = new double[] { ma, mb, Math.max(0, v[3] / wgt - ma * ma), v[4] / wgt - ma * mb, Math.max(0,
					v[5] / wgt - mb * mb) };
			}
			return out;
		}
	}

	@SuppressWarnings("unchecked")
	private static Cursor<? extends RealType<?>>[] cursors(RandomAccessibleInterval<? extends RealType<?>> img) {
		Cursor<? extends RealType<?>>[] c = new Cursor[3];
		for (int ch = 0; ch < 3; ch++)
			c[ch] = Views.flatIterable(Views.hyperSlice(img, 2, ch)).cursor();
		return c;
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("This Java has no SHA-256.", e);
		}
	}

	private static String hex(byte[] d) {
		StringBuilder sb = new StringBuilder();
		for (byte x : d)
			sb.append(String.format("%02x", x & 0xff));
		return sb.toString();
	}
}
