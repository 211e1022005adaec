package org.revivegan.core.tiling;

import net.imglib2.FinalInterval;
import net.imglib2.Interval;

/**
 * One tile of a {@link Tiler}'s grid: where the network reads its input and how much its output counts.
 * <p>
 * The input interval is in image coordinates and may reach outside the image (by less than a tile); those
 * pixels are read from the mirror-extended image, which gives a convolutional network natural context at the
 * borders. The output of a tile covers the same interval; its pixels are weighted by {@link #weight(int, int)}
 * before they are added into the result. Weights are 1 in the tile's core and at image borders, and ramp
 * linearly across the overlap toward a neighbouring tile, so that over all tiles of a grid they sum to exactly
 * 1 at every pixel of the image: the result needs no normalisation and a seam has no visible edge.
 * </p>
 * <p>
 * A weight is the product of a column weight and a row weight, both multiples of 1/4096; the products and
 * their sums are therefore exact in {@code float} as well as in {@code double}.
 * </p>
 */
public final class Tile {

	private final int index, column, row;
	private final long minX, minY;
	private final float[] weightX, weightY;

	Tile(int index, int column, int row, long minX, long minY, float[] weightX, float[] weightY) {
		this.index = index;
		this.column = column;
		this.row = row;
		this.minX = minX;
		this.minY = minY;
		this.weightX = weightX;
		this.weightY = weightY;
	}

	/** @return the position of this tile in its grid's list (row by row) */
	public int index() {
		return index;
	}

	/** @return the tile's column in the grid, from 0 at the left */
	public int column() {
		return column;
	}

	/** @return the tile's row in the grid, from 0 at the top */
	public int row() {
		return row;
	}

	/** @return the image x of the tile's first column; negative when the tile starts in the mirrored border */
	public long minX() {
		return minX;
	}

	/** @return the image y of the tile's first row; negative when the tile starts in the mirrored border */
	public long minY() {
		return minY;
	}

	/** @return the tile width in pixels, a multiple of the tiler's {@code multiple} */
	public int width() {
		return weightX.length;
	}

	/** @return the tile height in pixels, a multiple of the tiler's {@code multiple} */
	public int height() {
		return weightY.length;
	}

	/** @return the (x, y) interval, in image coordinates, that the tile reads and writes */
	public Interval interval() {
		return new FinalInterval(new long[] { minX, minY }, new long[] { minX + width() - 1, minY + height() - 1 });
	}

	/**
	 * @param localX 0 .. width - 1
	 * @param localY 0 .. height - 1
	 * @return the blend weight, 0 to 1, of the tile's output at that tile pixel
	 */
	public float weight(int localX, int localY) {
		return weightX[localX] * weightY[localY];
	}

	/** @return the blend weight at image pixel (x, y); 0 outside the tile */
	public float weightAt(long x, long y) {
		long lx = x - minX, ly = y - minY;
		if (lx < 0 || ly < 0 || lx >= width() || ly >= height()) return 0;
		return weight((int) lx, (int) ly);
	}

	@Override
	public String toString() {
		return "Tile " + index + " (column " + column + ", row " + row + "): " + width() + "x" + height() + " at (" +
			minX + ", " + minY + ")";
	}
}
