package org.revivegan.core.color;

import java.util.Arrays;

import net.imglib2.Cursor;
import net.imglib2.FinalInterval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Conversion between sRGB and CIE L*a*b* (D65), and the normalisation the colourisation networks use.
 * <p>
 * The colouriser sees only lightness L and predicts the chromatic channels a, b; L is perceptually uniform,
 * so its loss weighs colour errors the way people see them. For that to work, a gray pixel (R = G = B) must
 * have a = b = 0 exactly and (L, 0, 0) must convert back to the same gray: otherwise a grayscale photo
 * would come back tinted before the network has done anything. Both hold here to float precision because the
 * reference white is taken as the image of sRGB white under the RGB to XYZ matrix (its row sums), so
 * X/Xn = Y/Yn = Z/Zn for every gray.
 * </p>
 * <p>
 * Conventions:
 * </p>
 * <ul>
 * <li>RGB is nonlinear sRGB in [0, 1], decoded with the exact IEC 61966-2-1 piecewise curve (linear below
 * 0.04045, a 2.4 power above), then taken to XYZ with Bruce Lindbloom's sRGB/D65 matrix.</li>
 * <li>L is in [0, 100]; a and b of sRGB colours lie within about [-87, 99] and [-108, 95].</li>
 * <li>The CIE constants are the exact rationals {@link #EPSILON} = 216/24389 and {@link #KAPPA} =
 * 24389/27, which make the cube-root curve and its linear toe meet continuously.</li>
 * <li>Arithmetic is in double; results are stored as float. Lab to RGB returns unclipped values from the
 * scalar methods (out-of-gamut Lab gives RGB outside [0, 1]); {@link #toRgb} clips, because an image is
 * what a user sees.</li>
 * </ul>
 * <p>
 * Image methods take (x, y, c) images with c = 3 in planar layout and return new zero-min
 * {@link ArrayImg}s of the same layout. When the input is a float {@link ArrayImg} they loop over its
 * array directly (a megapixel photo converts in a fraction of a second); any other image is first copied
 * through a flat-iteration cursor. All methods are static and thread-safe.
 * </p>
 */
public final class Lab {

	/** CIE epsilon = 216/24389: below this relative luminance the lightness curve is linear. */
	public static final double EPSILON = 216.0 / 24389.0;

	/** CIE kappa = 24389/27: slope of the linear part of the lightness curve (L = kappa * Y/Yn). */
	public static final double KAPPA = 24389.0 / 27.0;

	/** Largest lightness (sRGB white). */
	public static final float L_MAX = 100f;

	/** Half the lightness range: L in [0, 100] normalises to L / L_HALF_RANGE - 1 in [-1, 1]. */
	public static final float L_HALF_RANGE = 50f;

	/**
	 * Scale of the chromatic channels: a and b normalise to a / AB_SCALE, b / AB_SCALE.
	 * <p>
	 * 110 covers the whole sRGB gamut: its a channel spans about [-86.2, 98.2] and its b channel about
	 * [-107.9, 94.5] (pure blue reaches b = -107.86), so every sRGB colour normalises into [-1, 1], the range
	 * of a tanh output layer, with a little margin so that the network need not saturate its output to reach
	 * a saturated colour. A larger scale (128) would waste part of the output range on colours sRGB cannot
	 * show. This is also the scale used by Zhang et al., "Colorful Image Colorization" (2016).
	 * </p>
	 */
	public static final float AB_SCALE = 110f;

	/* Bruce Lindbloom's sRGB (D65) linear RGB -> XYZ matrix. */
	private static final double M00 = 0.4124564, M01 = 0.3575761, M02 = 0.1804375;
	private static final double M10 = 0.2126729, M11 = 0.7151522, M12 = 0.0721750;
	private static final double M20 = 0.0193339, M21 = 0.1191920, M22 = 0.9503041;

	/* D65 reference white as the image of RGB (1, 1, 1), so that grays map to a = b = 0 exactly. */
	private static final double XN = M00 + M01 + M02;
	private static final double YN = M10 + M11 + M12;
	private static final double ZN = M20 + M21 + M22;

	/* XYZ -> linear RGB: the exact inverse of the matrix above (computed, not rounded tables). */
	private static final double I00, I01, I02, I10, I11, I12, I20, I21, I22;

	static {
		double c00 = M11 * M22 - M12 * M21;
		double c01 = M12 * M20 - M10 * M22;
		double c02 = M10 * M21 - M11 * M20;
		double det = M00 * c00 + M01 * c01 + M02 * c02;
		I00 = c00 / det;
		I01 = (M02 * M21 - M01 * M22) / det;
		I02 = (M01 * M12 - M02 * M11) / det;
		I10 = c01 / det;
		I11 = (M00 * M22 - M02 * M20) / det;
		I12 = (M02 * M10 - M00 * M12) / det;
		I20 = c02 / det;
		I21 = (M01 * M20 - M00 * M21) / det;
		I22 = (M00 * M11 - M01 * M10) / det;
	}

	/* Lightness at which the curve switches from linear to cube root: kappa * epsilon = 8. */
	private static final double L_LINEAR_LIMIT = KAPPA * EPSILON;

	private Lab() {}

	// ----------------------------------------------------------------------------------------------------
	// Scalar conversions

	/**
	 * @param r red in [0, 1] (values outside are converted too, by extending the curve)
	 * @return a new array {L, a, b}
	 */
	public static float[] rgbToLab(float r, float g, float b) {
		float[] lab = new float[3];
		rgbToLab(r, g, b, lab, 0, 1, 2);
		return lab;
	}

	/**
	 * Converts without allocating.
	 *
	 * @param rgb3in {r, g, b} in [0, 1]
	 * @param lab3out receives {L, a, b}; may be the same array as {@code rgb3in}
	 */
	public static void rgbToLab(float[] rgb3in, float[] lab3out) {
		rgbToLab(rgb3in[0], rgb3in[1], rgb3in[2], lab3out, 0, 1, 2);
	}

	/**
	 * @return a new array {r, g, b}, not clipped: a Lab colour outside the sRGB gamut gives values outside
	 *         [0, 1]
	 */
	public static float[] labToRgb(float L, float a, float b) {
		float[] rgb = new float[3];
		labToRgb(L, a, b, rgb, 0, 1, 2, false);
		return rgb;
	}

	/**
	 * Converts without allocating; not clipped.
	 *
	 * @param lab3in {L, a, b}
	 * @param rgb3out receives {r, g, b}; may be the same array as {@code lab3in}
	 */
	public static void labToRgb(float[] lab3in, float[] rgb3out) {
		labToRgb(lab3in[0], lab3in[1], lab3in[2], rgb3out, 0, 1, 2, false);
	}

	/**
	 * Converts to sRGB in [0, 1] keeping the lightness and the hue: a colour outside the sRGB gamut has its chroma
	 * reduced (a and b scaled towards 0 by bisection) until it fits, instead of clipping R, G and B, which would
	 * change its lightness. Without allocating.
	 *
	 * @param lab3in {L, a, b}, L in [0, 100]
	 * @param rgb3out receives {r, g, b} in [0, 1]; must not be the same array as {@code lab3in}
	 */
	public static void labToRgbInGamut(float[] lab3in, float[] rgb3out) {
		float L = lab3in[0], a = lab3in[1], b = lab3in[2];
		labToRgb(L, a, b, rgb3out, 0, 1, 2, false);
		if (inGamut(rgb3out)) return;
		double lo = 0, hi = 1; // chroma scale: lo fits, hi does not
		for (int i = 0; i < GAMUT_STEPS; i++) {
			double mid = 0.5 * (lo + hi);
			labToRgb(L, a * mid, b * mid, rgb3out, 0, 1, 2, false);
			if (inGamut(rgb3out)) lo = mid;
			else hi = mid;
		}
		labToRgb(L, a * lo, b * lo, rgb3out, 0, 1, 2, true);
	}

	/** Bisection steps of {@link #labToRgbInGamut}: the chroma is within 2^-12 of the gamut's edge. */
	private static final int GAMUT_STEPS = 12;

	/** Rounding tolerance of the gamut test (a gray may come out at -1e-7). */
	private static final float GAMUT_TOLERANCE = 1e-5f;

	private static boolean inGamut(float[] rgb) {
		for (int c = 0; c < 3; c++)
			if (!(rgb[c] >= -GAMUT_TOLERANCE && rgb[c] <= 1 + GAMUT_TOLERANCE)) return false;
		return true;
	}

	/** @return the lightness L in [0, 100] of the gray R = G = B = {@code gray} */
	public static float grayToLightness(float gray) {
		return (float) lightnessOfLinearLuminance(srgbToLinear(gray));
	}

	/** @return the gray value v with L(v, v, v) = {@code L}, unclipped; the inverse of {@link #grayToLightness} */
	public static float lightnessToGray(float L) {
		return (float) linearToSrgb(lightnessToLinearLuminance(L));
	}

	// ----------------------------------------------------------------------------------------------------
	// Image conversions

	/**
	 * @param rgb (x, y, 3) sRGB in [0, 1]
	 * @return a new (x, y, 3) image of L in [0, 100], a, b
	 * @throws IllegalArgumentException if the image is not (x, y, 3)
	 */
	public static ArrayImg<FloatType, FloatArray> toLab(RandomAccessibleInterval<FloatType> rgb) {
		requireThreeChannels(rgb, "RGB");
		float[] src = planarFloats(rgb);
		int n = planeSize(rgb);
		float[] dst = new float[3 * n];
		for (int i = 0; i < n; i++)
			rgbToLab(src[i], src[i + n], src[i + 2 * n], dst, i, i + n, i + 2 * n);
		return ArrayImgs.floats(dst, rgb.dimension(0), rgb.dimension(1), 3);
	}

	/**
	 * @param lab (x, y, 3) L, a, b
	 * @return a new (x, y, 3) sRGB image clipped to [0, 1]
	 * @throws IllegalArgumentException if the image is not (x, y, 3)
	 */
	public static ArrayImg<FloatType, FloatArray> toRgb(RandomAccessibleInterval<FloatType> lab) {
		requireThreeChannels(lab, "Lab");
		float[] src = planarFloats(lab);
		int n = planeSize(lab);
		float[] dst = new float[3 * n];
		for (int i = 0; i < n; i++)
			labToRgb(src[i], src[i + n], src[i + 2 * n], dst, i, i + n, i + 2 * n, true);
		return ArrayImgs.floats(dst, lab.dimension(0), lab.dimension(1), 3);
	}

	/**
	 * Lightness alone, the colouriser's input; cheaper than {@link #toLab} because only Y is needed.
	 *
	 * @param rgb (x, y, 3) sRGB in [0, 1]
	 * @return a new (x, y) image of L in [0, 100], equal to channel 0 of {@link #toLab}
	 * @throws IllegalArgumentException if the image is not (x, y, 3)
	 */
	public static ArrayImg<FloatType, FloatArray> lightness(RandomAccessibleInterval<FloatType> rgb) {
		requireThreeChannels(rgb, "RGB");
		float[] src = planarFloats(rgb);
		int n = planeSize(rgb);
		float[] dst = new float[n];
		for (int i = 0; i < n; i++)
			dst[i] = (float) lightness(src[i], src[i + n], src[i + 2 * n]);
		return ArrayImgs.floats(dst, rgb.dimension(0), rgb.dimension(1));
	}

	/**
	 * Lightness of a grayscale photo, for colourising it without first making an RGB image of it.
	 *
	 * @param gray (x, y) gray values in [0, 1], read as R = G = B
	 * @return a new (x, y) image of L in [0, 100], equal to {@link #lightness} of the gray RGB image
	 * @throws IllegalArgumentException if the image is not two-dimensional
	 */
	public static ArrayImg<FloatType, FloatArray> grayToLightness(RandomAccessibleInterval<FloatType> gray) {
		if (gray.numDimensions() != 2)
			throw new IllegalArgumentException(
					"A grayscale image must be 2D (x, y), but it has " + gray.numDimensions() + " dimensions.");
		float[] src = planarFloats(gray);
		float[] dst = new float[src.length];
		for (int i = 0; i < src.length; i++)
			dst[i] = grayToLightness(src[i]);
		return ArrayImgs.floats(dst, gray.dimension(0), gray.dimension(1));
	}

	// ----------------------------------------------------------------------------------------------------
	// Normalisation for the networks

	/** @return L in [0, 100] mapped to [-1, 1] */
	public static float normalizeL(float L) {
		return L / L_HALF_RANGE - 1f;
	}

	/** @return the inverse of {@link #normalizeL}: [-1, 1] to [0, 100] */
	public static float denormalizeL(float normalizedL) {
		return (normalizedL + 1f) * L_HALF_RANGE;
	}

	/** @return a or b divided by {@link #AB_SCALE}: the sRGB gamut maps into [-1, 1] */
	public static float normalizeAb(float ab) {
		return ab / AB_SCALE;
	}

	/** @return the inverse of {@link #normalizeAb} */
	public static float denormalizeAb(float normalizedAb) {
		return normalizedAb * AB_SCALE;
	}

	/** Applies {@link #normalizeL} to every value of an L image, in place. */
	public static void normalizeLInPlace(RandomAccessibleInterval<FloatType> lightness) {
		for (FloatType v : Views.iterable(lightness))
			v.set(normalizeL(v.get()));
	}

	/** Applies {@link #denormalizeL} to every value of a normalised L image, in place. */
	public static void denormalizeLInPlace(RandomAccessibleInterval<FloatType> normalizedLightness) {
		for (FloatType v : Views.iterable(normalizedLightness))
			v.set(denormalizeL(v.get()));
	}

	/** Applies {@link #normalizeAb} to every value of an ab image (usually (x, y, 2)), in place. */
	public static void normalizeAbInPlace(RandomAccessibleInterval<FloatType> ab) {
		for (FloatType v : Views.iterable(ab))
			v.set(normalizeAb(v.get()));
	}

	/** Applies {@link #denormalizeAb} to every value of a normalised ab image, in place. */
	public static void denormalizeAbInPlace(RandomAccessibleInterval<FloatType> normalizedAb) {
		for (FloatType v : Views.iterable(normalizedAb))
			v.set(denormalizeAb(v.get()));
	}

	/** Normalises an (x, y, 3) Lab image in place: channel 0 as L, channels 1 and 2 as ab. */
	public static void normalizeLabInPlace(RandomAccessibleInterval<FloatType> lab) {
		requireThreeChannels(lab, "Lab");
		normalizeLInPlace(Views.hyperSlice(lab, 2, lab.min(2)));
		normalizeAbInPlace(Views.interval(lab, channelRange(lab, 1, 2)));
	}

	/** Inverse of {@link #normalizeLabInPlace}. */
	public static void denormalizeLabInPlace(RandomAccessibleInterval<FloatType> normalizedLab) {
		requireThreeChannels(normalizedLab, "Lab");
		denormalizeLInPlace(Views.hyperSlice(normalizedLab, 2, normalizedLab.min(2)));
		denormalizeAbInPlace(Views.interval(normalizedLab, channelRange(normalizedLab, 1, 2)));
	}

	// ----------------------------------------------------------------------------------------------------
	// The conversion itself, shared by the scalar and image methods so that both give identical results

	private static void rgbToLab(double r, double g, double b, float[] out, int iL, int ia, int ib) {
		double rl = srgbToLinear(r), gl = srgbToLinear(g), bl = srgbToLinear(b);
		double fx = f((M00 * rl + M01 * gl + M02 * bl) / XN);
		double fy = f((M10 * rl + M11 * gl + M12 * bl) / YN);
		double fz = f((M20 * rl + M21 * gl + M22 * bl) / ZN);
		out[iL] = (float) (116 * fy - 16);
		out[ia] = (float) (500 * (fx - fy));
		out[ib] = (float) (200 * (fy - fz));
	}

	private static double lightness(double r, double g, double b) {
		return 116 * f((M10 * srgbToLinear(r) + M11 * srgbToLinear(g) + M12 * srgbToLinear(b)) / YN) - 16;
	}

	private static void labToRgb(double L, double a, double b, float[] out, int ir, int ig, int ib, boolean clip) {
		double fy = (L + 16) / 116;
		double fx = fy + a / 500;
		double fz = fy - b / 200;
		double x = XN * fInverse(fx);
		double y = YN * lightnessToLinearLuminance(L);
		double z = ZN * fInverse(fz);
		double r = linearToSrgb(I00 * x + I01 * y + I02 * z);
		double g = linearToSrgb(I10 * x + I11 * y + I12 * z);
		double bb = linearToSrgb(I20 * x + I21 * y + I22 * z);
		if (clip) {
			r = clip01(r);
			g = clip01(g);
			bb = clip01(bb);
		}
		out[ir] = (float) r;
		out[ig] = (float) g;
		out[ib] = (float) bb;
	}

	/** sRGB decoding (IEC 61966-2-1), extended linearly below 0 and by the power law above 1. */
	private static double srgbToLinear(double v) {
		return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
	}

	private static double linearToSrgb(double c) {
		return c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
	}

	private static double f(double t) {
		return t > EPSILON ? Math.cbrt(t) : (KAPPA * t + 16) / 116;
	}

	private static double fInverse(double ft) {
		double cube = ft * ft * ft;
		return cube > EPSILON ? cube : (116 * ft - 16) / KAPPA;
	}

	private static double lightnessOfLinearLuminance(double yRelative) {
		return 116 * f(yRelative) - 16;
	}

	private static double lightnessToLinearLuminance(double L) {
		if (L > L_LINEAR_LIMIT) {
			double fy = (L + 16) / 116;
			return fy * fy * fy;
		}
		return L / KAPPA;
	}

	private static double clip01(double v) {
		return v < 0 ? 0 : (v > 1 ? 1 : v);
	}

	// ----------------------------------------------------------------------------------------------------
	// Image access

	private static void requireThreeChannels(RandomAccessibleInterval<?> img, String what) {
		if (img.numDimensions() != 3 || img.dimension(2) != 3)
			throw new IllegalArgumentException("A " + what + " image must have dimensions (x, y, 3), but it has "
					+ Arrays.toString(img.dimensionsAsLongArray()) + ".");
	}

	private static int planeSize(RandomAccessibleInterval<?> img) {
		return (int) (img.dimension(0) * img.dimension(1));
	}

	private static FinalInterval channelRange(RandomAccessibleInterval<?> img, int first, int last) {
		long[] min = img.minAsLongArray();
		long[] max = img.maxAsLongArray();
		min[2] = img.min(2) + first;
		max[2] = img.min(2) + last;
		return new FinalInterval(min, max);
	}

	/**
	 * @return the values in flat (x fastest, then y, then c) order: the backing array itself, not a copy,
	 *         when the image is a float ArrayImg; callers must not write to it
	 */
	private static float[] planarFloats(RandomAccessibleInterval<FloatType> img) {
		long size = org.revivegan.core.image.Images.arrayLength("convert between RGB and Lab", img);
		if (img instanceof ArrayImg) {
			Object access = ((ArrayImg<?, ?>) img).update(null);
			if (access instanceof ArrayDataAccess) {
				Object storage = ((ArrayDataAccess<?>) access).getCurrentStorageArray();
				if (storage instanceof float[] && ((float[]) storage).length == size)
					return (float[]) storage;
			}
		}
		float[] values = new float[(int) size];
		Cursor<FloatType> cursor = Views.flatIterable(img).cursor();
		for (int i = 0; cursor.hasNext(); i++)
			values[i] = cursor.next().get();
		return values;
	}
}
