package org.revivegan.core.color;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

/**
 * User colour hints for guided colourisation (Zhang et al. 2017, "Real-Time User-Guided Image Colorization"):
 * small rectangles of an image, or arbitrary sets of pixels inside a rectangle ({@link #withMask}, for oval,
 * freehand and composite selections), each with the chroma (CIE a, b) the colouriser should give it. Only the
 * chroma of a hint matters; the lightness always comes from the photo.
 * <p>
 * Coordinates are pixels of the full-resolution image the hints were placed on. {@link #rasterize} draws them
 * onto a grid of any size (the colouriser's working size), scaling the coordinates, and never loses a hint: a
 * hint smaller than a grid pixel still sets the grid pixel it falls in. Immutable; an empty set means automatic
 * colourisation.
 * </p>
 */
public final class ColorHints {

	/**
	 * One hint: the pixels of the rectangle [x, x + width) x [y, y + height) (all of them, or those its mask
	 * covers, see {@link #covers}) should have chroma (a, b), in Lab units.
	 */
	public static final class Hint {

		public final int x, y, width, height;
		public final float a, b;
		/** Row-major width x height, true = hinted; null = the whole rectangle. Never modified after construction. */
		private final boolean[] mask;

		Hint(int x, int y, int width, int height, float a, float b) {
			this(x, y, width, height, null, a, b);
		}

		Hint(int x, int y, int width, int height, boolean[] mask, float a, float b) {
			if (width < 1 || height < 1) throw new IllegalArgumentException("A colour hint must cover at least one " +
				"pixel (got " + width + "x" + height + ").");
			if (!Float.isFinite(a) || !Float.isFinite(b)) throw new IllegalArgumentException("A colour hint's a and b " +
				"must be finite numbers.");
			this.x = x;
			this.y = y;
			this.width = width;
			this.height = height;
			this.a = a;
			this.b = b;
			this.mask = mask;
		}

		/** @return whether the image pixel (px, py) is one this hint sets */
		public boolean covers(int px, int py) {
			int dx = px - x, dy = py - y;
			if (dx < 0 || dy < 0 || dx >= width || dy >= height) return false;
			return mask == null || mask[dx + width * dy];
		}

		/** @return the number of image pixels this hint sets (parts outside the image included) */
		public long pixelCount() {
			if (mask == null) return (long) width * height;
			long n = 0;
			for (boolean m : mask)
				if (m) n++;
			return n;
		}

		/** @return whether the hint covers its whole rectangle (false for a {@link ColorHints#withMask} hint) */
		public boolean isRectangle() {
			return mask == null;
		}

		@Override
		public String toString() {
			return "hint(" + x + ", " + y + ", " + width + "x" + height + (mask == null ? "" : ", " + pixelCount() +
				" pixels") + ", a " + a + ", b " + b + ")";
		}
	}

	private static final ColorHints NONE = new ColorHints(Collections.emptyList());

	private final List<Hint> hints;

	private ColorHints(List<Hint> hints) {
		this.hints = Collections.unmodifiableList(hints);
	}

	/** @return no hints: automatic colourisation */
	public static ColorHints none() {
		return NONE;
	}

	/** @return whether {@code hints} is null or holds no hint (both mean automatic colourisation) */
	public static boolean isEmpty(ColorHints hints) {
		return hints == null || hints.hints.isEmpty();
	}

	/** @return these hints and a rectangle [x, x + width) x [y, y + height) of chroma (a, b) (Lab units) */
	public ColorHints withArea(int x, int y, int width, int height, float a, float b) {
		List<Hint> list = new ArrayList<>(hints);
		list.add(new Hint(x, y, width, height, a, b));
		return new ColorHints(list);
	}

	/**
	 * A hint on any set of pixels (an oval, a freehand or composite selection): the pixels (x + i, y + j) with
	 * {@code mask[i + width * j]} true, inside the rectangle [x, x + width) x [y, y + height).
	 *
	 * @param mask row-major, {@code width * height} values; copied
	 * @return these hints and that set of pixels of chroma (a, b) (Lab units)
	 * @throws IllegalArgumentException if the mask has the wrong length or sets no pixel
	 */
	public ColorHints withMask(int x, int y, int width, int height, boolean[] mask, float a, float b) {
		if (width < 1 || height < 1) throw new IllegalArgumentException("A colour hint must cover at least one " +
			"pixel (got " + width + "x" + height + ").");
		if (mask.length != (long) width * height) throw new IllegalArgumentException("A " + width + "x" + height +
			" colour hint needs a mask of " + (long) width * height + " values, not " + mask.length + ".");
		boolean any = false;
		for (boolean m : mask)
			any |= m;
		if (!any) throw new IllegalArgumentException("A colour hint must cover at least one pixel (its mask is empty).");
		List<Hint> list = new ArrayList<>(hints);
		list.add(new Hint(x, y, width, height, mask.clone(), a, b));
		return new ColorHints(list);
	}

	/**
	 * @param radius 0 for one pixel; a square of side 2 * radius + 1 centred on (x, y) otherwise
	 * @return these hints and a square around (x, y) of chroma (a, b) (Lab units)
	 */
	public ColorHints withAb(int x, int y, int radius, float a, float b) {
		if (radius < 0) throw new IllegalArgumentException("A colour hint's radius cannot be negative (" + radius + ").");
		return withArea(x - radius, y - radius, 2 * radius + 1, 2 * radius + 1, a, b);
	}

	/**
	 * @param r red, sRGB in [0, 1]; only the colour's chroma is used, its lightness is the photo's
	 * @return these hints and a square around (x, y) with the chroma of the sRGB colour (r, g, b)
	 */
	public ColorHints withRgb(int x, int y, int radius, float r, float g, float b) {
		float[] lab = Lab.rgbToLab(r, g, b);
		return withAb(x, y, radius, lab[1], lab[2]);
	}

	public List<Hint> hints() {
		return hints;
	}

	public int size() {
		return hints.size();
	}

	/**
	 * Draws the hints onto a (width, height) grid that covers the whole (imageWidth, imageHeight) image (a
	 * resized copy of it, or the image itself). Grid pixels touched by a hint's rectangle get its a / {@link
	 * Lab#AB_SCALE}, b / {@link Lab#AB_SCALE} and mask 1; all others 0. Where hints overlap, the later one wins.
	 * Parts of hints outside the image are ignored.
	 *
	 * @return a new (width, height, 3) image: hint a, hint b, hint mask
	 * @throws IllegalArgumentException if a hint lies entirely outside the image
	 */
	public ArrayImg<FloatType, FloatArray> rasterize(long imageWidth, long imageHeight, int width, int height) {
		ArrayImg<FloatType, FloatArray> out = ArrayImgs.floats(width, height, 3);
		rasterize(imageWidth, imageHeight, width, height, out.update(null).getCurrentStorageArray(), 0);
		return out;
	}

	/**
	 * Like {@link #rasterize(long, long, int, int)}, into three planes of {@code width * height} values starting
	 * at {@code offset} of {@code planes} (hint a, hint b, mask), which must hold zeros where there is no hint.
	 */
	public void rasterize(long imageWidth, long imageHeight, int width, int height, float[] planes, int offset) {
		if (imageWidth < 1 || imageHeight < 1 || width < 1 || height < 1) throw new IllegalArgumentException(
			"Empty image or grid.");
		int plane = width * height;
		double sx = (double) width / imageWidth, sy = (double) height / imageHeight;
		for (Hint h : hints) {
			if (h.x >= imageWidth || h.y >= imageHeight || h.x + h.width <= 0 || h.y + h.height <= 0)
				throw new IllegalArgumentException("The colour " + h + " lies outside the " + imageWidth + "x" +
					imageHeight + " image.");
			if (h.mask != null) {
				rasterizeMask(h, imageWidth, imageHeight, width, height, sx, sy, planes, offset);
				continue;
			}
			// the hint's area in grid coordinates; every grid pixel it overlaps is hinted (at least one)
			int x0 = cellOf(Math.max(0, h.x) * sx, width), x1 = lastCellOf(Math.min(imageWidth, h.x + h.width) * sx, x0, width);
			int y0 = cellOf(Math.max(0, h.y) * sy, height), y1 = lastCellOf(Math.min(imageHeight, h.y + h.height) * sy, y0, height);
			float a = Lab.normalizeAb(h.a), b = Lab.normalizeAb(h.b);
			for (int y = y0; y <= y1; y++)
				for (int x = x0; x <= x1; x++) {
					int i = offset + x + width * y;
					planes[i] = a;
					planes[plane + i] = b;
					planes[2 * plane + i] = 1;
				}
		}
	}

	/** Draws a masked hint: every grid pixel that one of its image pixels overlaps is hinted. */
	private static void rasterizeMask(Hint h, long imageWidth, long imageHeight, int width, int height, double sx,
		double sy, float[] planes, int offset)
	{
		int plane = width * height;
		float a = Lab.normalizeAb(h.a), b = Lab.normalizeAb(h.b);
		boolean any = false;
		for (int j = 0; j < h.height; j++) {
			long py = (long) h.y + j;
			if (py < 0 || py >= imageHeight) continue;
			int y0 = cellOf(py * sy, height), y1 = lastCellOf((py + 1) * sy, y0, height);
			for (int i = 0; i < h.width; i++) {
				long px = (long) h.x + i;
				if (px < 0 || px >= imageWidth || !h.mask[i + h.width * j]) continue;
				any = true;
				int x0 = cellOf(px * sx, width), x1 = lastCellOf((px + 1) * sx, x0, width);
				for (int y = y0; y <= y1; y++)
					for (int x = x0; x <= x1; x++) {
						int k = offset + x + width * y;
						planes[k] = a;
						planes[plane + k] = b;
						planes[2 * plane + k] = 1;
					}
			}
		}
		if (!any) throw new IllegalArgumentException("The colour " + h + " lies outside the " + imageWidth + "x" +
			imageHeight + " image.");
	}

	/** Tolerance for rounding errors of the scaling, so that exact cell borders do not spill into the next cell. */
	private static final double EPS = 1e-9;

	private static int cellOf(double start, int size) {
		return Math.min(size - 1, (int) Math.floor(start + EPS));
	}

	/** @return the last cell that the half-open [.., end) overlaps, never before {@code first} */
	private static int lastCellOf(double end, int first, int size) {
		return Math.max(first, Math.min(size - 1, (int) Math.ceil(end - EPS) - 1));
	}

	@Override
	public String toString() {
		return "ColorHints" + hints;
	}
}
