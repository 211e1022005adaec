package org.revivegan.core.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.bytedeco.opencv.global.opencv_photo;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Classical (non-learned) inpainting with OpenCV: Telea's fast marching method (2004) and the Navier-Stokes
 * method of Bertalmio, Bertozzi and Sapiro (2001). They are the peers of the evaluation and the product's
 * fallback when no inpainting model is at hand.
 * <p>
 * OpenCV works on 8-bit BGR images, so the image is rounded to 8 bits on the way in and the synthesised pixels
 * come back as multiples of 1/255; every pixel outside the mask comes back exactly as it was given (the float
 * value, not its 8-bit rounding). The neighbourhood radius is {@value #DEFAULT_RADIUS} pixels by default, the
 * value OpenCV's own examples use: larger radii blur the fill without helping on thin scratches.
 * </p>
 * <p>
 * Stateless and thread-safe. The cost grows with the number of masked pixels; a fraction of a second for a
 * megapixel photo with a few per cent damaged, seconds when half of it is.
 * </p>
 */
public final class ClassicalInpainting {

	/** Neighbourhood radius, in pixels, considered around each pixel being filled. */
	public static final double DEFAULT_RADIUS = 3;

	private ClassicalInpainting() {}

	/** Telea's fast marching method with {@link #DEFAULT_RADIUS}. */
	public static Img<FloatType> telea(RandomAccessibleInterval<FloatType> rgb,
		RandomAccessibleInterval<? extends RealType<?>> mask)
	{
		return telea(rgb, mask, DEFAULT_RADIUS);
	}

	/**
	 * @param rgb (x, y, 3) sRGB in [0, 1]; not modified
	 * @param mask (x, y), non-zero = damaged
	 * @param radius neighbourhood radius in pixels (positive)
	 * @return a new image: {@code rgb} with the damaged pixels filled by Telea's method
	 */
	public static Img<FloatType> telea(RandomAccessibleInterval<FloatType> rgb,
		RandomAccessibleInterval<? extends RealType<?>> mask, double radius)
	{
		return inpaint(rgb, mask, radius, opencv_photo.INPAINT_TELEA);
	}

	/** The Navier-Stokes method with {@link #DEFAULT_RADIUS}. */
	public static Img<FloatType> navierStokes(RandomAccessibleInterval<FloatType> rgb,
		RandomAccessibleInterval<? extends RealType<?>> mask)
	{
		return navierStokes(rgb, mask, DEFAULT_RADIUS);
	}

	/**
	 * @param rgb (x, y, 3) sRGB in [0, 1]; not modified
	 * @param mask (x, y), non-zero = damaged
	 * @param radius neighbourhood radius in pixels (positive)
	 * @return a new image: {@code rgb} with the damaged pixels filled by the Navier-Stokes method
	 */
	public static Img<FloatType> navierStokes(RandomAccessibleInterval<FloatType> rgb,
		RandomAccessibleInterval<? extends RealType<?>> mask, double radius)
	{
		return inpaint(rgb, mask, radius, opencv_photo.INPAINT_NS);
	}

	private static Img<FloatType> inpaint(RandomAccessibleInterval<FloatType> rgb,
		RandomAccessibleInterval<? extends RealType<?>> mask, double radius, int method)
	{
		if (rgb.numDimensions() != 3 || rgb.dimension(2) != 3) throw new IllegalArgumentException(
			"Classical inpainting needs an (x, y, 3) RGB image; this one has dimensions " +
				java.util.Arrays.toString(rgb.dimensionsAsLongArray()) + ".");
		if (mask.numDimensions() != 2 || mask.dimension(0) != rgb.dimension(0) || mask.dimension(1) != rgb.dimension(1))
			throw new IllegalArgumentException("The mask must be (x, y) of the image's size " + rgb.dimension(0) + "x" +
				rgb.dimension(1) + ", but it has dimensions " + java.util.Arrays.toString(mask.dimensionsAsLongArray()) + ".");
		if (!(radius > 0) || Double.isInfinite(radius)) throw new IllegalArgumentException(
			"The inpainting radius must be a positive number of pixels, not " + radius + ".");
		if (rgb.dimension(0) * rgb.dimension(1) * 3 > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(
			"The image is too large (" + rgb.dimension(0) + "x" + rgb.dimension(1) + ") to inpaint in one piece.");
		int w = (int) rgb.dimension(0), h = (int) rgb.dimension(1), n = w * h;
		ArrayImg<FloatType, FloatArray> out = Images.toFloats(rgb, 1);
		float[] o = out.update(null).getCurrentStorageArray();

		byte[] m = new byte[n];
		int masked = 0;
		net.imglib2.Cursor<? extends RealType<?>> mc = Views.flatIterable(Views.zeroMin(mask)).cursor();
		for (int i = 0; mc.hasNext(); i++)
			if (mc.next().getRealDouble() != 0) {
				m[i] = (byte) 255;
				masked++;
			}
		if (masked == 0) return out;

		// interleaved BGR, rows of w pixels: what OpenCV's CV_8UC3 expects
		byte[] bgr = new byte[3 * n];
		for (int i = 0; i < n; i++)
			for (int c = 0; c < 3; c++)
				bgr[3 * i + 2 - c] = (byte) Math.round(Math.max(0, Math.min(1, finite(o[c * n + i]))) * 255);
		try (Mat src = new Mat(h, w, CV_8UC3); Mat maskMat = new Mat(h, w, CV_8UC1); Mat dst = new Mat()) {
			src.data().put(bgr);
			maskMat.data().put(m);
			opencv_photo.inpaint(src, maskMat, dst, radius, method);
			if (dst.rows() != h || dst.cols() != w || dst.type() != CV_8UC3 || !dst.isContinuous())
				throw new IllegalStateException("OpenCV returned an unexpected " + dst.cols() + "x" + dst.rows() +
					" image of type " + dst.type() + ".");
			dst.data().get(bgr);
		}
		for (int i = 0; i < n; i++) {
			if (m[i] == 0) continue;
			for (int c = 0; c < 3; c++)
				o[c * n + i] = (bgr[3 * i + 2 - c] & 0xff) / 255f;
		}
		return out;
	}

	private static float finite(float v) {
		return Float.isFinite(v) ? v : 0;
	}
}
