package org.revivegan.mask;

/**
 * Turns painting gestures into edits of a {@link DamageMask} (after LabKit's {@code LabelBrushController}): a
 * stroke is {@link #strokeBegin}, any number of {@link #strokeTo}, {@link #strokeEnd}, and becomes one undo
 * step. Every call returns (and the mask reports to its listeners) the bounding box of exactly the pixels it
 * changed, so the viewer repaints only that.
 * <p>
 * Coordinates are image coordinates in pixels, subpixel: pixel (i, j) covers the square [i, i + 1) x [j, j + 1)
 * and its centre is (i + 0.5, j + 0.5), as ImageJ's canvas reports them ({@code offScreenXD}). A pixel is
 * painted when its centre lies within {@code size / 2} of the brush path, and the pixel under the pointer is
 * always painted, so a size-1 brush paints the pixel under the pointer. Between two pointer positions the brush
 * covers the whole swept disc (the union of discs at every point of the segment, the limit of stamping discs
 * ever closer), so a fast mouse move leaves no gap. Parts outside the image are clipped.
 */
public final class Brush {

	/** What a stroke does to the pixels it covers. */
	public enum Mode {
		/** Marks pixels damaged. */
		PAINT,
		/** Marks pixels as not damaged. */
		ERASE
	}

	public static final int MIN_SIZE = 1, MAX_SIZE = 500, DEFAULT_SIZE = 15;

	private final DamageMask mask;
	private int size = DEFAULT_SIZE;
	private Mode mode = Mode.PAINT;
	private DamageMask.Edit stroke;
	private double lastX, lastY;

	/** A brush of size {@link #DEFAULT_SIZE} in {@link Mode#PAINT} mode on {@code mask}. */
	public Brush(DamageMask mask) {
		if (mask == null) throw new IllegalArgumentException("The brush needs a mask to paint on");
		this.mask = mask;
	}

	public DamageMask mask() {
		return mask;
	}

	/** @return the diameter in pixels */
	public int getSize() {
		return size;
	}

	/** Sets the diameter in pixels, {@link #MIN_SIZE} to {@link #MAX_SIZE}; takes effect from the next segment. */
	public void setSize(int diameter) {
		if (diameter < MIN_SIZE || diameter > MAX_SIZE)
			throw new IllegalArgumentException("Brush size must be " + MIN_SIZE + " to " + MAX_SIZE + " pixels, not " + diameter);
		size = diameter;
	}

	public Mode getMode() {
		return mode;
	}

	/** Sets paint or erase; takes effect from the next segment. */
	public void setMode(Mode mode) {
		if (mode == null) throw new IllegalArgumentException("Brush mode must be PAINT or ERASE");
		this.mode = mode;
	}

	/** @return whether a stroke has begun and not yet ended */
	public boolean isStroking() {
		return stroke != null;
	}

	/**
	 * Begins a stroke with a dab at (x, y). A stroke still open (a lost mouse release) is ended first.
	 *
	 * @return the rectangle the dab changed
	 */
	public Rect strokeBegin(double x, double y) {
		requireFinite(x, y);
		if (stroke != null) strokeEnd();
		stroke = mask.beginEdit();
		lastX = x;
		lastY = y;
		return paintSegment(x, y, x, y);
	}

	/**
	 * Continues the stroke from the last position to (x, y), covering everything in between. Without an open
	 * stroke it begins one at (x, y).
	 *
	 * @return the rectangle this segment changed
	 */
	public Rect strokeTo(double x, double y) {
		requireFinite(x, y);
		if (stroke == null) return strokeBegin(x, y);
		Rect changed = paintSegment(lastX, lastY, x, y);
		lastX = x;
		lastY = y;
		return changed;
	}

	/**
	 * Ends the stroke and records it as one undo step (none if it changed nothing).
	 *
	 * @return the bounding box of everything the stroke changed; {@link Rect#EMPTY} without an open stroke
	 */
	public Rect strokeEnd() {
		if (stroke == null) return Rect.EMPTY;
		Rect changed = stroke.end();
		stroke = null;
		return changed;
	}

	/** A stroke of one dab: begin and end at (x, y). @return the rectangle changed */
	public Rect dab(double x, double y) {
		strokeBegin(x, y);
		return strokeEnd();
	}

	private Rect paintSegment(double ax, double ay, double bx, double by) {
		boolean damaged = mode == Mode.PAINT;
		double r = size / 2.0, r2 = r * r;
		int w = mask.width(), h = mask.height();
		int minX = Math.max(0, (int) Math.floor(Math.min(ax, bx) - r));
		int maxX = Math.min(w - 1, (int) Math.floor(Math.max(ax, bx) + r));
		int minY = Math.max(0, (int) Math.floor(Math.min(ay, by) - r));
		int maxY = Math.min(h - 1, (int) Math.floor(Math.max(ay, by) + r));
		double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
		for (int y = minY; y <= maxY; y++) {
			double py = y + 0.5 - ay;
			for (int x = minX; x <= maxX; x++) {
				double px = x + 0.5 - ax;
				// distance from the pixel centre to the nearest point of the segment a..b
				double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
				double ex = px - t * dx, ey = py - t * dy;
				if (ex * ex + ey * ey <= r2) stroke.set(x, y, damaged);
			}
		}
		setUnderPointer(ax, ay, damaged);
		setUnderPointer(bx, by, damaged);
		return stroke.flush();
	}

	private void setUnderPointer(double x, double y, boolean damaged) {
		int px = (int) Math.floor(x), py = (int) Math.floor(y);
		if (px >= 0 && py >= 0 && px < mask.width() && py < mask.height()) stroke.set(px, py, damaged);
	}

	private static void requireFinite(double x, double y) {
		if (!Double.isFinite(x) || !Double.isFinite(y))
			throw new IllegalArgumentException("Brush position must be a finite number, not (" + x + ", " + y + ")");
	}
}
