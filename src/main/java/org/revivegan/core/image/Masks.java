package org.revivegan.core.image;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * Mask operations of the core, and its one place for morphology: dilation by an exact Euclidean disc (the
 * user's "dilate" option: a plain Java stamping of the boundary, exact for any radius up to the whole image) and
 * the square opening that separates thin damage from holes.
 */
public final class Masks {

	private Masks() {}

	/**
	 * @return a new (x, y) float mask (1 inside, 0 outside): {@code mask}'s non-zero pixels grown by
	 *         {@code radius} pixels with an exact Euclidean disc
	 */
	public static Img<FloatType> dilate(RandomAccessibleInterval<? extends RealType<?>> mask, int radius) {
		checkPlaneSize(mask);
		int w = (int) mask.dimension(0), h = (int) mask.dimension(1);
		boolean[] grown = grow(mask, radius);
		float[] out = new float[w * h];
		for (int i = 0; i < out.length; i++)
			if (grown[i]) out[i] = 1;
		return ArrayImgs.floats(out, w, h);
	}

	/**
	 * @return a new (x, y) byte mask (1 inside, 0 outside), the convention of masks in the plugin: the same
	 *         growth as {@link #dilate(RandomAccessibleInterval, int)}
	 */
	public static Img<UnsignedByteType> dilateToBytes(RandomAccessibleInterval<? extends RealType<?>> mask,
		int radius)
	{
		checkPlaneSize(mask);
		int w = (int) mask.dimension(0), h = (int) mask.dimension(1);
		boolean[] grown = grow(mask, radius);
		byte[] out = new byte[w * h];
		for (int i = 0; i < out.length; i++)
			if (grown[i]) out[i] = 1;
		return ArrayImgs.unsignedBytes(out, w, h);
	}

	/**
	 * Morphological opening by a {@code (2r+1) x (2r+1)} square (erosion, then dilation): what is left of the
	 * mask where a whole square fits inside it. Outside the image counts as set for the erosion and as unset for
	 * the dilation (OpenCV's default border for {@code morphologyEx}, which gives the same result), so damage
	 * that runs off the image's edge is judged by its width inside it. Plain Java, separable and linear in the
	 * pixel count for any radius: the inpainter calls it for every crop, and it must not need native memory
	 * (OpenCV's libraries) after the network has taken what there is.
	 *
	 * @param mask (x, y) row-major, non-zero = set; not modified
	 * @return a new mask of the same size, 0 or 1
	 */
	public static byte[] openSquare(byte[] mask, int w, int h, int r) {
		if (r < 0) throw new IllegalArgumentException("The opening radius must be 0 or more, not " + r + ".");
		if ((long) w * h != mask.length) throw new IllegalArgumentException("The mask has " + mask.length +
			" pixels, not " + w + "x" + h + ".");
		byte[] set = new byte[mask.length];
		for (int i = 0; i < mask.length; i++)
			set[i] = (byte) (mask[i] != 0 ? 1 : 0);
		if (r == 0 || mask.length == 0) return set;
		byte[] a = new byte[mask.length], b = new byte[mask.length];
		int[] prefix = new int[Math.max(w, h) + 1];
		window(set, a, w, h, r, true, true, prefix); // erosion: along x, then y
		window(a, b, w, h, r, false, true, prefix);
		window(b, a, w, h, r, true, false, prefix); // dilation: along x, then y
		window(a, b, w, h, r, false, false, prefix);
		return b;
	}

	/**
	 * One pass of a square's erosion or dilation along x or y: {@code out} is 1 where every (erosion) or any
	 * (dilation) pixel of {@code in} within {@code r} along the axis, inside the image, is set. A running count
	 * of the set pixels gives each window's count in constant time.
	 */
	private static void window(byte[] in, byte[] out, int w, int h, int r, boolean alongX, boolean erode,
		int[] prefix)
	{
		int n = alongX ? w : h, lines = alongX ? h : w, step = alongX ? 1 : w, next = alongX ? w : 1;
		for (int line = 0; line < lines; line++) {
			int base = line * next;
			for (int i = 0; i < n; i++)
				prefix[i + 1] = prefix[i] + in[base + i * step];
			for (int i = 0; i < n; i++) {
				int lo = Math.max(0, i - r), hi = Math.min(n - 1, i + r);
				int count = prefix[hi + 1] - prefix[lo];
				boolean v = erode ? count == hi - lo + 1 : count > 0;
				out[base + i * step] = (byte) (v ? 1 : 0);
			}
		}
	}

	/** @return how many pixels of the mask are non-zero */
	public static long count(RandomAccessibleInterval<? extends RealType<?>> mask) {
		long n = 0;
		for (Cursor<? extends RealType<?>> c = Views.flatIterable(mask).cursor(); c.hasNext();)
			if (c.next().getRealDouble() != 0) n++;
		return n;
	}

	/** @return the fraction of the mask's pixels that are non-zero ({@link #count} over the pixel count) */
	public static double fraction(RandomAccessibleInterval<? extends RealType<?>> mask) {
		return count(mask) / (double) Intervals.numElements(mask);
	}

	/**
	 * @return a new float mask of the same size, 1 where {@code mask} is non-zero and 0 elsewhere: the form in
	 *         which a mask of any type (a detector's 0/255 bytes, the synthesizer's 0/1) is written as a 0/255 file
	 */
	public static Img<FloatType> binary(RandomAccessibleInterval<? extends RealType<?>> mask) {
		Img<FloatType> binary = ArrayImgs.floats(Intervals.dimensionsAsLongArray(mask));
		LoopBuilder.setImages(mask, binary).forEachPixel((s, t) -> t.set(s.getRealDouble() != 0 ? 1 : 0));
		return binary;
	}

	/**
	 * Stamps a disc on every mask pixel that touches the outside (a 4-neighbour outside the mask or the image):
	 * the nearest mask pixel to any outside point is such a pixel, so this equals stamping every mask pixel,
	 * at the cost of the boundary only. A radius at least the image's diagonal reaches every pixel from any
	 * mask pixel, so it is the whole image (when the mask has a pixel); smaller discs are clipped to the image.
	 */
	private static boolean[] grow(RandomAccessibleInterval<? extends RealType<?>> mask, int radius) {
		if (radius < 0) throw new IllegalArgumentException("The dilation radius must be 0 or more, not " + radius + ".");
		checkPlaneSize(mask);
		int w = (int) mask.dimension(0), h = (int) mask.dimension(1);
		boolean[] in = new boolean[w * h];
		Cursor<? extends RealType<?>> c = Views.flatIterable(Views.zeroMin(mask)).cursor();
		for (int i = 0; c.hasNext(); i++)
			in[i] = c.next().getRealDouble() != 0;
		boolean[] out = in.clone();
		if (radius == 0) return out;
		if (radius >= diagonal(w, h)) {
			for (boolean b : in)
				if (b) {
					java.util.Arrays.fill(out, true);
					break;
				}
			return out;
		}
		long r2 = (long) radius * radius;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int i = x + w * y;
				if (!in[i]) continue;
				boolean boundary = x == 0 || y == 0 || x == w - 1 || y == h - 1 || !in[i - 1] || !in[i + 1] ||
					!in[i - w] || !in[i + w];
				if (!boundary) continue;
				for (int yy = Math.max(0, y - radius), yEnd = (int) Math.min(h - 1, (long) y + radius); yy <= yEnd; yy++) {
					long dy = yy - y;
					for (int xx = Math.max(0, x - radius), xEnd = (int) Math.min(w - 1, (long) x + radius); xx <= xEnd; xx++) {
						long dx = xx - x;
						if (dx * dx + dy * dy <= r2) out[xx + w * yy] = true;
					}
				}
			}
		return out;
	}

	/** @return the image's diagonal in pixels, rounded up: no two pixels are farther apart */
	private static long diagonal(long w, long h) {
		return (long) Math.ceil(Math.sqrt((double) (w * w + h * h)));
	}

	/**
	 * Dilation holds the mask in one Java array; a mask of 2^31 pixels or more would overflow {@code w * h}
	 * silently, so it is refused with a message instead.
	 */
	private static void checkPlaneSize(RandomAccessibleInterval<?> mask) {
		long pixels = mask.dimension(0) * mask.dimension(1);
		if (pixels > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("The mask is too large to dilate (" +
			mask.dimension(0) + "x" + mask.dimension(1) + " = " + pixels + " pixels; at most 2^31). Dilate it in parts, " +
			"or crop the image.");
	}
}
