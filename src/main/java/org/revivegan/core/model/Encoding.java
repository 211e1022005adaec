package org.revivegan.core.model;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.revivegan.core.color.ColorHints;
import org.revivegan.core.color.Lab;
import org.revivegan.core.damage.MaskFill;
import org.revivegan.core.image.Images;

/**
 * How images become network inputs and network outputs become images, in one place, so that training and
 * inference can never disagree.
 * <ul>
 * <li>Inpainting input (x, y, 4): the damaged RGB with masked pixels replaced by a classical push-pull fill
 * (or white), mapped to [-1, 1], plus the mask (1 damaged, 0 intact). Output: RGB in [-1, 1].</li>
 * <li>Colourisation input (x, y, 4): L / 50 - 1; hint a and hint b, ab / {@link Lab#AB_SCALE} at pixels the user
 * (or, in training, the simulated user) gave a colour and 0 elsewhere; hint mask, 1 at hinted pixels and 0
 * elsewhere (Zhang et al. 2017). No hints (all three zero) is automatic colourisation. Output: ab / {@link
 * Lab#AB_SCALE}.</li>
 * </ul>
 */
public final class Encoding {

	public static final String FILL_PUSHPULL = "pushpull";
	public static final String FILL_WHITE = "white";
	/**
	 * OpenCV's Navier-Stokes inpainting (radius 3): the best classical fill on the validation crops, so a network
	 * that takes it (with a residual output, see {@code DilatedResidualGenerator}) starts at the classical level
	 * and learns a correction.
	 */
	public static final String FILL_NAVIER_STOKES = "navier-stokes";

	private Encoding() {}

	/**
	 * @param rgb (x, y, 3) in [0, 1]; not modified
	 * @param mask (x, y), non-zero = damaged
	 * @return (x, y, 4) network input
	 */
	public static ArrayImg<FloatType, FloatArray> inpaintInput(RandomAccessibleInterval<FloatType> rgb,
		ArrayImg<UnsignedByteType, ByteArray> mask, String fill)
	{
		Images.arrayLength("encode for the network", rgb.dimension(0), rgb.dimension(1), 4);
		ArrayImg<FloatType, FloatArray> src = Images.toFloats(rgb, 1);
		ArrayImg<FloatType, FloatArray> filled = FILL_WHITE.equals(fill) ? whiteFill(src, mask) :
			FILL_NAVIER_STOKES.equals(fill) ? navierStokes(MaskFill.pushPull(src, mask), mask) : MaskFill.pushPull(src, mask);
		int n = (int) (rgb.dimension(0) * rgb.dimension(1));
		ArrayImg<FloatType, FloatArray> out = ArrayImgs.floats(rgb.dimension(0), rgb.dimension(1), 4);
		float[] o = out.update(null).getCurrentStorageArray();
		float[] f = filled.update(null).getCurrentStorageArray();
		byte[] m = mask.update(null).getCurrentStorageArray();
		for (int i = 0; i < 3 * n; i++)
			o[i] = f[i] * 2 - 1;
		for (int i = 0; i < n; i++)
			o[3 * n + i] = m[i] != 0 ? 1 : 0;
		return out;
	}

	/**
	 * OpenCV's Navier-Stokes fill of {@code src}'s masked pixels. OpenCV's solver starts from the values under the
	 * mask, so give it a push-pull fill, not the damage: started from the painted damage it scored 1 dB lower on
	 * the validation crops (30.75 against 31.78 dB).
	 */
	private static ArrayImg<FloatType, FloatArray> navierStokes(ArrayImg<FloatType, FloatArray> src,
		ArrayImg<UnsignedByteType, ByteArray> mask)
	{
		ArrayImg<FloatType, FloatArray> out = ArrayImgs.floats(src.dimension(0), src.dimension(1), 3);
		net.imglib2.loops.LoopBuilder.setImages(org.revivegan.core.image.ClassicalInpainting.navierStokes(src, mask), out)
			.forEachPixel((a, b) -> b.set(a.get()));
		return out;
	}

	private static ArrayImg<FloatType, FloatArray> whiteFill(ArrayImg<FloatType, FloatArray> src,
		ArrayImg<UnsignedByteType, ByteArray> mask)
	{
		float[] a = src.update(null).getCurrentStorageArray();
		byte[] m = mask.update(null).getCurrentStorageArray();
		int n = m.length;
		for (int c = 0; c < 3; c++)
			for (int i = 0; i < n; i++)
				if (m[i] != 0) a[c * n + i] = 1;
		return src;
	}

	/** Maps [0, 1] to the network's [-1, 1], in place. */
	public static void toNetwork(float[] values) {
		for (int i = 0; i < values.length; i++)
			values[i] = values[i] * 2 - 1;
	}

	/** Maps the network's [-1, 1] to [0, 1] (clamped), in place. */
	public static void fromNetwork(float[] values) {
		for (int i = 0; i < values.length; i++)
			values[i] = Math.max(0, Math.min(1, (values[i] + 1) * 0.5f));
	}

	/** @return (x, y, 4) colourisation input without hints (automatic colourisation), see {@link #colorizeInput(RandomAccessibleInterval, ColorHints)} */
	public static ArrayImg<FloatType, FloatArray> colorizeInput(RandomAccessibleInterval<FloatType> lightness) {
		return colorizeInput(lightness, null);
	}

	/**
	 * @param lightness (x, y) lightness image (L in [0, 100])
	 * @param hints in the lightness image's pixel coordinates; null or empty for automatic colourisation
	 * @return (x, y, 4) colourisation input: L, hint a, hint b, hint mask
	 */
	public static ArrayImg<FloatType, FloatArray> colorizeInput(RandomAccessibleInterval<FloatType> lightness,
		ColorHints hints)
	{
		return colorizeInput(lightness, hints, lightness.dimension(0), lightness.dimension(1));
	}

	/**
	 * @param lightness (x, y) lightness image (L in [0, 100]), possibly a resized copy of the image the hints
	 *          were placed on
	 * @param hints in the pixel coordinates of an (imageWidth, imageHeight) image that {@code lightness} covers;
	 *          null or empty for automatic colourisation
	 * @return (x, y, 4) colourisation input: L, hint a, hint b, hint mask
	 */
	public static ArrayImg<FloatType, FloatArray> colorizeInput(RandomAccessibleInterval<FloatType> lightness,
		ColorHints hints, long imageWidth, long imageHeight)
	{
		Images.arrayLength("encode for the network", lightness.dimension(0), lightness.dimension(1), 4);
		int w = (int) lightness.dimension(0), h = (int) lightness.dimension(1), plane = w * h;
		ArrayImg<FloatType, FloatArray> out = ArrayImgs.floats(w, h, 4);
		float[] o = out.update(null).getCurrentStorageArray();
		float[] l = Images.floats(lightness);
		for (int i = 0; i < plane; i++)
			o[i] = Lab.normalizeL(l[i]);
		if (!ColorHints.isEmpty(hints)) hints.rasterize(imageWidth, imageHeight, w, h, o, plane);
		return out;
	}
}
