package org.revivegan.core.metrics;

import java.util.Arrays;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.revivegan.core.color.Lab;

/**
 * Image quality metrics for judging restorations: PSNR (whole image or inside the damaged region), SSIM,
 * colourfulness and the detail (texture) inside the damaged region.
 * <p>
 * Images are 2D (x, y) or 3D (x, y, c) with the channel last, of any real pixel type; two images compared
 * must have the same dimensions (their minima may differ: they are compared pixel by pixel in flat order).
 * Every metric takes the largest possible pixel value explicitly ({@code maxValue}: 255 for 8-bit images,
 * 1 for float images in [0, 1]), because the value of PSNR and SSIM depends on it and guessing it from the
 * pixel type or the data gives different numbers for the same photo stored two ways.
 * </p>
 * <p>
 * The numbers match scikit-image's {@code peak_signal_noise_ratio} and
 * {@code structural_similarity(a, b, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
 * data_range=maxValue, channel_axis=-1)}, so that they can be compared with published results. All sums are
 * in double. All methods are static and thread-safe.
 * </p>
 */
public final class Metrics {

	/** SSIM constant K1 (Wang et al. 2004): C1 = (K1 * maxValue)^2 stabilises the luminance term. */
	public static final double SSIM_K1 = 0.01;

	/** SSIM constant K2 (Wang et al. 2004): C2 = (K2 * maxValue)^2 stabilises the contrast-structure term. */
	public static final double SSIM_K2 = 0.03;

	/** Standard deviation of the SSIM Gaussian window, in pixels. */
	public static final double SSIM_SIGMA = 1.5;

	/** Side of the SSIM window: 11, that is a radius of 5 = int(3.5 * sigma + 0.5) as in scikit-image. */
	public static final int SSIM_WINDOW = 11;

	private static final int SSIM_RADIUS = SSIM_WINDOW / 2;

	/** Normalised 1D Gaussian weights; the 2D window is their outer product. */
	private static final double[] SSIM_KERNEL = gaussianKernel(SSIM_SIGMA, SSIM_RADIUS);

	/** Colourfulness is defined on the 0..255 scale. */
	private static final double COLORFULNESS_SCALE = 255;

	private Metrics() {}

	// ----------------------------------------------------------------------------------------------------
	// MSE and PSNR

	/**
	 * @return the mean squared difference over all pixels and channels
	 * @throws IllegalArgumentException if the dimensions differ
	 */
	public static double mse(RandomAccessibleInterval<? extends RealType<?>> a,
			RandomAccessibleInterval<? extends RealType<?>> b) {
		requireSameDimensions(a, b);
		Cursor<? extends RealType<?>> ca = Views.flatIterable(a).cursor();
		Cursor<? extends RealType<?>> cb = Views.flatIterable(b).cursor();
		double sum = 0;
		long count = 0;
		while (ca.hasNext()) {
			double d = ca.next().getRealDouble() - cb.next().getRealDouble();
			sum += d * d;
			count++;
		}
		return sum / count;
	}

	/**
	 * Peak signal-to-noise ratio 10 log10(maxValue^2 / MSE), in dB, over all pixels and channels.
	 *
	 * @return the PSNR, {@code +Infinity} for identical images
	 * @throws IllegalArgumentException if the dimensions differ or maxValue is not positive
	 */
	public static double psnr(RandomAccessibleInterval<? extends RealType<?>> a,
			RandomAccessibleInterval<? extends RealType<?>> b, double maxValue) {
		requirePositive(maxValue);
		return psnrOfMse(mse(a, b), maxValue);
	}

	/**
	 * PSNR inside a mask: the MSE is taken over the pixels where the mask is non-zero, in all channels. This
	 * is how an inpainting is judged: the pixels outside the damage are copied from the input and would
	 * otherwise inflate the score.
	 *
	 * @param a image (x, y) or (x, y, c)
	 * @param b image of the same dimensions
	 * @param mask (x, y) of the same width and height; non-zero = inside
	 * @return the PSNR inside the mask, {@code +Infinity} if the images agree there
	 * @throws IllegalArgumentException if the mask is empty, a dimension differs or maxValue is not positive
	 */
	public static double psnrMasked(RandomAccessibleInterval<? extends RealType<?>> a,
			RandomAccessibleInterval<? extends RealType<?>> b, RandomAccessibleInterval<? extends RealType<?>> mask,
			double maxValue) {
		requirePositive(maxValue);
		requireSameDimensions(a, b);
		requireMaskFits(a, mask);
		int channels = channelCount(a);
		double sum = 0;
		long count = 0;
		for (int c = 0; c < channels; c++) {
			Cursor<? extends RealType<?>> ca = Views.flatIterable(channel(a, c)).cursor();
			Cursor<? extends RealType<?>> cb = Views.flatIterable(channel(b, c)).cursor();
			Cursor<? extends RealType<?>> cm = Views.flatIterable(mask).cursor();
			while (cm.hasNext()) {
				boolean inside = cm.next().getRealDouble() != 0;
				double va = ca.next().getRealDouble();
				double vb = cb.next().getRealDouble();
				if (inside) {
					double d = va - vb;
					sum += d * d;
					count++;
				}
			}
		}
		if (count == 0)
			throw new IllegalArgumentException(
					"The mask is empty (no non-zero pixel), so there is nothing to measure PSNR on; "
							+ "mark the region to evaluate with non-zero values.");
		return psnrOfMse(sum / count, maxValue);
	}

	private static double psnrOfMse(double mse, double maxValue) {
		if (mse == 0) return Double.POSITIVE_INFINITY;
		return 10 * Math.log10(maxValue * maxValue / mse);
	}

	// ----------------------------------------------------------------------------------------------------
	// SSIM

	/**
	 * Mean structural similarity (Wang, Bovik, Sheikh, Simoncelli 2004) with an 11 x 11 Gaussian window of
	 * sigma 1.5, K1 = 0.01, K2 = 0.03 and population (not sample) covariances; computed per channel and
	 * averaged over the channels.
	 * <p>
	 * Borders: the SSIM map is computed only where the whole window lies inside the image (the "valid"
	 * convention), that is without the 5-pixel border, and averaged there. This equals scikit-image's
	 * {@code structural_similarity(..., gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
	 * data_range=maxValue)}: it filters with mirrored borders but then crops (win_size - 1) / 2 = 5 pixels
	 * from the map before averaging, and with a window of radius 5 the cropped map never reads a mirrored
	 * pixel. The Gaussian filtering is a separable convolution on double arrays.
	 * </p>
	 *
	 * @return SSIM in [-1, 1]; 1 for identical images
	 * @throws IllegalArgumentException if the dimensions differ, the image is smaller than 11 x 11 or
	 *             maxValue is not positive
	 */
	public static double ssim(RandomAccessibleInterval<? extends RealType<?>> a,
			RandomAccessibleInterval<? extends RealType<?>> b, double maxValue) {
		requirePositive(maxValue);
		requireSameDimensions(a, b);
		if (a.dimension(0) < SSIM_WINDOW || a.dimension(1) < SSIM_WINDOW)
			throw new IllegalArgumentException("SSIM needs images of at least " + SSIM_WINDOW + " x " + SSIM_WINDOW
					+ " pixels (its window size), but these are " + a.dimension(0) + " x " + a.dimension(1) + ".");
		org.revivegan.core.image.Images.arrayLength("compute SSIM", a.dimension(0), a.dimension(1));
		int w = (int) a.dimension(0);
		int h = (int) a.dimension(1);
		double c1 = sq(SSIM_K1 * maxValue);
		double c2 = sq(SSIM_K2 * maxValue);
		int channels = channelCount(a);
		double[] x = new double[w * h];
		double[] y = new double[w * h];
		double total = 0;
		for (int c = 0; c < channels; c++) {
			copyPlane(channel(a, c), x);
			copyPlane(channel(b, c), y);
			total += meanSsim(x, y, w, h, c1, c2);
		}
		return total / channels;
	}

	/**
	 * Mean of the SSIM map over the valid region of one plane: a horizontal pass stores the filtered rows of
	 * x, y, x^2, y^2, xy; a vertical pass filters them column-wise one output row at a time and reduces each
	 * output row to its SSIM values at once, so the map itself is never stored.
	 */
	private static double meanSsim(double[] x, double[] y, int w, int h, double c1, double c2) {
		double[] k = SSIM_KERNEL;
		int taps = k.length;
		int wo = w - taps + 1;
		int ho = h - taps + 1;
		double[] hx = new double[wo * h], hy = new double[wo * h];
		double[] hxx = new double[wo * h], hyy = new double[wo * h], hxy = new double[wo * h];
		for (int row = 0; row < h; row++) {
			int in = row * w;
			int out = row * wo;
			for (int i = 0; i < wo; i++) {
				double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
				for (int t = 0; t < taps; t++) {
					double wt = k[t];
					double vx = x[in + i + t];
					double vy = y[in + i + t];
					double wx = wt * vx;
					double wy = wt * vy;
					sx += wx;
					sy += wy;
					sxx += wx * vx;
					syy += wy * vy;
					sxy += wx * vy;
				}
				hx[out + i] = sx;
				hy[out + i] = sy;
				hxx[out + i] = sxx;
				hyy[out + i] = syy;
				hxy[out + i] = sxy;
			}
		}
		double[] mx = new double[wo], my = new double[wo], mxx = new double[wo], myy = new double[wo],
				mxy = new double[wo];
		double sum = 0;
		for (int row = 0; row < ho; row++) {
			Arrays.fill(mx, 0);
			Arrays.fill(my, 0);
			Arrays.fill(mxx, 0);
			Arrays.fill(myy, 0);
			Arrays.fill(mxy, 0);
			for (int t = 0; t < taps; t++) {
				double wt = k[t];
				int base = (row + t) * wo;
				for (int i = 0; i < wo; i++) {
					mx[i] += wt * hx[base + i];
					my[i] += wt * hy[base + i];
					mxx[i] += wt * hxx[base + i];
					myy[i] += wt * hyy[base + i];
					mxy[i] += wt * hxy[base + i];
				}
			}
			double rowSum = 0;
			for (int i = 0; i < wo; i++) {
				double ux = mx[i], uy = my[i];
				double vx = mxx[i] - ux * ux;
				double vy = myy[i] - uy * uy;
				double vxy = mxy[i] - ux * uy;
				rowSum += (2 * ux * uy + c1) * (2 * vxy + c2) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
			}
			sum += rowSum;
		}
		return sum / ((double) wo * ho);
	}

	private static double[] gaussianKernel(double sigma, int radius) {
		double[] k = new double[2 * radius + 1];
		double total = 0;
		for (int i = -radius; i <= radius; i++) {
			k[i + radius] = Math.exp(-0.5 * i * i / (sigma * sigma));
			total += k[i + radius];
		}
		for (int i = 0; i < k.length; i++)
			k[i] /= total;
		return k;
	}

	private static void copyPlane(RandomAccessibleInterval<? extends RealType<?>> plane, double[] dst) {
		Cursor<? extends RealType<?>> cursor = Views.flatIterable(plane).cursor();
		for (int i = 0; cursor.hasNext(); i++)
			dst[i] = cursor.next().getRealDouble();
	}

	// ----------------------------------------------------------------------------------------------------
	// Colourfulness

	/**
	 * Colourfulness of Hasler and Suesstrunk (2003), "Measuring colourfulness in natural images": with
	 * rg = R - G and yb = (R + G) / 2 - B on the 0..255 scale,
	 * C = sqrt(sd(rg)^2 + sd(yb)^2) + 0.3 sqrt(mean(rg)^2 + mean(yb)^2), with population standard
	 * deviations. A gray image gives 0; their scale calls about 15 "slightly", 33 "moderately", 45 "averagely",
	 * 59 "quite", 82 "highly" and 109 "extremely" colourful. It tells whether a colouriser produced colour or
	 * a timid sepia.
	 *
	 * @param rgb (x, y, 3) RGB image
	 * @param maxValue the value of full intensity (255 for 8-bit, 1 for float); values are rescaled to 0..255
	 * @throws IllegalArgumentException if the image is not (x, y, 3) or maxValue is not positive
	 */
	public static double colorfulness(RandomAccessibleInterval<? extends RealType<?>> rgb, double maxValue) {
		requirePositive(maxValue);
		if (rgb.numDimensions() != 3 || rgb.dimension(2) != 3)
			throw new IllegalArgumentException("Colourfulness needs an RGB image with dimensions (x, y, 3), but it has "
					+ Arrays.toString(rgb.dimensionsAsLongArray()) + ".");
		long n = rgb.dimension(0) * rgb.dimension(1);
		double sumRg = 0, sumYb = 0;
		ChannelCursors cursors = new ChannelCursors(rgb);
		while (cursors.next()) {
			sumRg += cursors.rg();
			sumYb += cursors.yb();
		}
		double meanRg = sumRg / n;
		double meanYb = sumYb / n;
		double squaresRg = 0, squaresYb = 0;
		cursors = new ChannelCursors(rgb);
		while (cursors.next()) {
			squaresRg += sq(cursors.rg() - meanRg);
			squaresYb += sq(cursors.yb() - meanYb);
		}
		double sdRoot = Math.sqrt(squaresRg / n + squaresYb / n);
		double meanRoot = Math.sqrt(sq(meanRg) + sq(meanYb));
		return COLORFULNESS_SCALE / maxValue * (sdRoot + 0.3 * meanRoot);
	}

	/** Walks the R, G and B planes of an (x, y, 3) image together. */
	private static final class ChannelCursors {
		private final Cursor<? extends RealType<?>> red, green, blue;
		private double r, g, b;

		ChannelCursors(RandomAccessibleInterval<? extends RealType<?>> rgb) {
			red = Views.flatIterable(channel(rgb, 0)).cursor();
			green = Views.flatIterable(channel(rgb, 1)).cursor();
			blue = Views.flatIterable(channel(rgb, 2)).cursor();
		}

		boolean next() {
			if (!red.hasNext()) return false;
			r = red.next().getRealDouble();
			g = green.next().getRealDouble();
			b = blue.next().getRealDouble();
			return true;
		}

		double rg() {
			return r - g;
		}

		double yb() {
			return 0.5 * (r + g) - b;
		}
	}

	// ----------------------------------------------------------------------------------------------------
	// Detail

	/**
	 * Detail ratio of an inpainting: {@link #maskedDetail} of the output over that of the original, under the
	 * same mask. It measures texture, which PSNR cannot: a fill as busy as the truth scores 1, a smooth fill (an
	 * L1-trained network's average, Telea's or Navier-Stokes' diffusion) well below 1, a flat fill 0, and a fill
	 * noisier than the truth above 1. It says nothing about whether the detail is the right one; read it beside
	 * the masked PSNR. Only pixels inside the mask enter, so the copied surroundings and the seam between fill
	 * and surroundings do not.
	 *
	 * @param output (x, y, 3) sRGB or (x, y) gray
	 * @param original the truth, of the same dimensions
	 * @param mask (x, y) of the same width and height; non-zero = inside (damaged)
	 * @param maxValue the value of full intensity (255 for 8-bit, 1 for float)
	 * @return the ratio, NaN where the original has no detail inside the mask (flat there, or no two masked
	 *         pixels side by side)
	 * @throws IllegalArgumentException if a dimension differs or maxValue is not positive
	 */
	public static double detailRatio(RandomAccessibleInterval<? extends RealType<?>> output,
			RandomAccessibleInterval<? extends RealType<?>> original, RandomAccessibleInterval<? extends RealType<?>> mask,
			double maxValue) {
		requireSameDimensions(output, original);
		double truth = maskedDetailSum(original, mask, maxValue);
		return truth > 0 ? maskedDetailSum(output, mask, maxValue) / truth : Double.NaN;
	}

	/**
	 * Detail inside a mask: the mean absolute CIE lightness step between two masked 4-neighbours, that is the mean
	 * of |L(x + 1, y) - L(x, y)| and |L(x, y + 1) - L(x, y)| (forward differences) over every such pair whose two
	 * pixels are both inside the mask, with L in [0, 100] ({@link Lab#lightness}; gray images through
	 * {@link Lab#grayToLightness}). Each pair counts once, so a pixel with masked right and lower neighbours
	 * contributes its |dx| and its |dy| as two steps. On 8 bits the lightness steps between neighbours of a
	 * photo are typically a few units; a flat region gives 0.
	 *
	 * @param image (x, y, 3) sRGB or (x, y) gray
	 * @param mask (x, y) of the same width and height; non-zero = inside
	 * @param maxValue the value of full intensity (255 for 8-bit, 1 for float)
	 * @return the mean step in lightness units, NaN when no two masked pixels are side by side
	 */
	public static double maskedDetail(RandomAccessibleInterval<? extends RealType<?>> image,
			RandomAccessibleInterval<? extends RealType<?>> mask, double maxValue) {
		double sum = maskedDetailSum(image, mask, maxValue);
		long pairs = maskedPairs(mask);
		return pairs == 0 ? Double.NaN : sum / pairs;
	}

	/**
	 * The sum behind {@link #maskedDetail}: the absolute forward differences of the lightness over the pairs of
	 * 4-neighbours both inside the mask (0 when there is none). Ratios of these sums under one mask are ratios of
	 * the mean detail; summed over several crops first, they pool the crops, so that a crop whose truth is flat
	 * under its mask cannot dominate.
	 *
	 * @param image (x, y, 3) sRGB or (x, y) gray
	 * @param mask (x, y) of the same width and height; non-zero = inside
	 * @param maxValue the value of full intensity (255 for 8-bit, 1 for float)
	 * @throws IllegalArgumentException if the mask does not fit, the image is neither RGB nor gray or maxValue is
	 *             not positive
	 */
	public static double maskedDetailSum(RandomAccessibleInterval<? extends RealType<?>> image,
			RandomAccessibleInterval<? extends RealType<?>> mask, double maxValue) {
		requirePositive(maxValue);
		requireMaskFits(image, mask);
		int w = (int) mask.dimension(0), h = (int) mask.dimension(1);
		double[] l = new double[org.revivegan.core.image.Images.arrayLength("measure detail", w, h)];
		copyPlane(lightness(image, maxValue), l);
		return overMaskedPairs(inside(mask), w, h, l);
	}

	/** @return the number of pairs of 4-neighbours both inside the mask, over which {@link #maskedDetail} averages */
	public static long maskedPairs(RandomAccessibleInterval<? extends RealType<?>> mask) {
		if (mask.numDimensions() != 2)
			throw new IllegalArgumentException("A mask is 2D (x, y), but this one has dimensions "
					+ Arrays.toString(mask.dimensionsAsLongArray()) + ".");
		return (long) overMaskedPairs(inside(mask), (int) mask.dimension(0), (int) mask.dimension(1), null);
	}

	/**
	 * Walks the pairs of 4-neighbours (right and lower) both inside the mask.
	 *
	 * @param l the lightness plane, or null to count the pairs
	 * @return the sum of |l| steps over the pairs, or their number when {@code l} is null
	 */
	private static double overMaskedPairs(boolean[] inside, int w, int h, double[] l) {
		double sum = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0, i = y * w; x < w; x++, i++) {
				if (!inside[i]) continue;
				if (x + 1 < w && inside[i + 1]) sum += l == null ? 1 : Math.abs(l[i + 1] - l[i]);
				if (y + 1 < h && inside[i + w]) sum += l == null ? 1 : Math.abs(l[i + w] - l[i]);
			}
		return sum;
	}

	/** @return the mean of the finite values (NaN and infinities skipped), NaN when there is none */
	public static double finiteMean(double... values) {
		double sum = 0;
		int n = 0;
		for (double v : values)
			if (Double.isFinite(v)) {
				sum += v;
				n++;
			}
		return n == 0 ? Double.NaN : sum / n;
	}

	private static boolean[] inside(RandomAccessibleInterval<? extends RealType<?>> mask) {
		boolean[] inside = new boolean[org.revivegan.core.image.Images.arrayLength("read a mask", mask)];
		Cursor<? extends RealType<?>> cm = Views.flatIterable(mask).cursor();
		for (int i = 0; cm.hasNext(); i++)
			inside[i] = cm.next().getRealDouble() != 0;
		return inside;
	}

	/** @return the CIE lightness plane of an (x, y, 3) sRGB or (x, y) gray image, values divided by maxValue */
	private static RandomAccessibleInterval<FloatType> lightness(RandomAccessibleInterval<? extends RealType<?>> image,
			double maxValue) {
		if (image.numDimensions() == 3 && image.dimension(2) == 3)
			return Lab.lightness(org.revivegan.core.image.Images.toFloats(image, maxValue));
		if (channelCount(image) == 1)
			return Lab.grayToLightness(org.revivegan.core.image.Images.toFloats(channel(image, 0), maxValue));
		throw new IllegalArgumentException("Detail is measured on (x, y, 3) RGB or (x, y) gray images, but this one has "
				+ "dimensions " + Arrays.toString(image.dimensionsAsLongArray()) + ".");
	}

	// ----------------------------------------------------------------------------------------------------
	// Checks and views

	private static void requireMaskFits(RandomAccessibleInterval<?> image, RandomAccessibleInterval<?> mask) {
		if (mask.numDimensions() != 2 || mask.dimension(0) != image.dimension(0)
				|| mask.dimension(1) != image.dimension(1))
			throw new IllegalArgumentException("The mask must be 2D (x, y) with the image's width and height "
					+ image.dimension(0) + " x " + image.dimension(1) + ", but it has dimensions "
					+ Arrays.toString(mask.dimensionsAsLongArray()) + ".");
	}

	private static int channelCount(RandomAccessibleInterval<?> img) {
		return img.numDimensions() == 3 ? (int) img.dimension(2) : 1;
	}

	private static <T> RandomAccessibleInterval<T> channel(RandomAccessibleInterval<T> img, int c) {
		return img.numDimensions() == 3 ? Views.hyperSlice(img, 2, img.min(2) + c) : img;
	}

	private static void requireSameDimensions(RandomAccessibleInterval<?> a, RandomAccessibleInterval<?> b) {
		if (a.numDimensions() < 2 || a.numDimensions() > 3)
			throw new IllegalArgumentException("Metrics take 2D (x, y) or 3D (x, y, c) images, but this one has "
					+ a.numDimensions() + " dimensions.");
		if (!Arrays.equals(a.dimensionsAsLongArray(), b.dimensionsAsLongArray()))
			throw new IllegalArgumentException("The two images must have the same dimensions, but they are "
					+ Arrays.toString(a.dimensionsAsLongArray()) + " and "
					+ Arrays.toString(b.dimensionsAsLongArray()) + ".");
	}

	private static void requirePositive(double maxValue) {
		if (!(maxValue > 0) || Double.isInfinite(maxValue))
			throw new IllegalArgumentException("maxValue must be a positive number (255 for 8-bit images, "
					+ "1 for float images in [0, 1]), but it is " + maxValue + ".");
	}

	private static double sq(double v) {
		return v * v;
	}
}
