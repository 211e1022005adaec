package org.revivegan.mask;

/**
 * An immutable rectangle of whole pixels: columns {@code x .. x + width - 1}, rows {@code y .. y + height - 1}.
 * Mask edits report what they changed as one {@code Rect}, so that a viewer repaints only that part of the
 * image (the way LabKit's brush reports its dirty region). A rectangle with no width or no height is empty; all
 * empty rectangles are equal to {@link #EMPTY}.
 */
public final class Rect {

	/** The rectangle that covers no pixel. */
	public static final Rect EMPTY = new Rect(0, 0, 0, 0);

	private final int x, y, width, height;

	private Rect(int x, int y, int width, int height) {
		this.x = x;
		this.y = y;
		this.width = width;
		this.height = height;
	}

	/** @return the rectangle at (x, y) of the given size; {@link #EMPTY} when width or height is not positive */
	public static Rect of(int x, int y, int width, int height) {
		return width <= 0 || height <= 0 ? EMPTY : new Rect(x, y, width, height);
	}

	/**
	 * @return the smallest rectangle holding the pixels (minX, minY) and (maxX, maxY), both included;
	 *         {@link #EMPTY} when maxX &lt; minX or maxY &lt; minY
	 */
	public static Rect spanning(int minX, int minY, int maxX, int maxY) {
		return of(minX, minY, maxX - minX + 1, maxY - minY + 1);
	}

	public int x() {
		return x;
	}

	public int y() {
		return y;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	/** @return the first column right of the rectangle ({@code x + width}) */
	public int endX() {
		return x + width;
	}

	/** @return the first row below the rectangle ({@code y + height}) */
	public int endY() {
		return y + height;
	}

	/** @return the number of pixels covered */
	public long area() {
		return (long) width * height;
	}

	public boolean isEmpty() {
		return width == 0;
	}

	public boolean contains(int px, int py) {
		return px >= x && px < x + width && py >= y && py < y + height;
	}

	/** @return the smallest rectangle covering both; an empty operand is ignored */
	public Rect union(Rect other) {
		if (other.isEmpty()) return this;
		if (isEmpty()) return other;
		int minX = Math.min(x, other.x), minY = Math.min(y, other.y);
		return new Rect(minX, minY, Math.max(endX(), other.endX()) - minX, Math.max(endY(), other.endY()) - minY);
	}

	/** @return the pixels covered by both; {@link #EMPTY} when they do not overlap */
	public Rect intersection(Rect other) {
		if (isEmpty() || other.isEmpty()) return EMPTY;
		int minX = Math.max(x, other.x), minY = Math.max(y, other.y);
		return of(minX, minY, Math.min(endX(), other.endX()) - minX, Math.min(endY(), other.endY()) - minY);
	}

	@Override
	public boolean equals(Object o) {
		if (!(o instanceof Rect)) return false;
		Rect r = (Rect) o;
		return x == r.x && y == r.y && width == r.width && height == r.height;
	}

	@Override
	public int hashCode() {
		return ((x * 31 + y) * 31 + width) * 31 + height;
	}

	@Override
	public String toString() {
		return isEmpty() ? "Rect[empty]" : "Rect[x=" + x + ", y=" + y + ", width=" + width + ", height=" + height + "]";
	}
}
