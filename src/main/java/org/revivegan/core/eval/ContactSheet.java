package org.revivegan.core.eval;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.revivegan.core.image.Images;

/**
 * A picture of results side by side: one row per image, one column per picture of it (input, mask, ...),
 * tiles scaled down (never up) to at most {@code maxTileHeight} pixels high, separated by a dark gray gap.
 * Rows are scaled as they are added, so a sheet holds only its small tiles.
 */
public final class ContactSheet {

	/** Gap between tiles, in pixels. */
	public static final int GAP = 4;
	/** Value of the gap and of the unused area, in all channels. */
	public static final float BACKGROUND = 0.2f;

	private final int maxTileHeight;
	private final List<float[][]> rowTiles = new ArrayList<>(); // per row: tiles as (x, y, 3) planar arrays
	private final List<int[]> rowSizes = new ArrayList<>(); // per row: {tile width, tile height, tile count}

	public ContactSheet(int maxTileHeight) {
		if (maxTileHeight < 1) throw new IllegalArgumentException("maxTileHeight must be positive: " + maxTileHeight);
		this.maxTileHeight = maxTileHeight;
	}

	/** @return the number of rows added */
	public int rows() {
		return rowSizes.size();
	}

	/**
	 * @param tiles pictures of the same width and height: (x, y, 3) RGB or (x, y) gray, values in [0, 1]
	 */
	public void addRow(List<? extends RandomAccessibleInterval<FloatType>> tiles) {
		if (tiles.isEmpty()) throw new IllegalArgumentException("A row needs at least one picture.");
		int w = (int) tiles.get(0).dimension(0), h = (int) tiles.get(0).dimension(1);
		double f = Math.min(1.0, (double) maxTileHeight / h);
		int tw = Math.max(1, (int) Math.round(w * f)), th = Math.max(1, (int) Math.round(h * f));
		float[][] scaled = new float[tiles.size()][];
		for (int t = 0; t < tiles.size(); t++) {
			RandomAccessibleInterval<FloatType> tile = tiles.get(t);
			if (tile.dimension(0) != w || tile.dimension(1) != h) throw new IllegalArgumentException(
				"The pictures of a row must have the same size.");
			float[] src = Images.toFloats(tile, 1).update(null).getCurrentStorageArray();
			int channels = tile.numDimensions() > 2 ? (int) tile.dimension(2) : 1;
			float[] dst = new float[3 * tw * th];
			for (int c = 0; c < 3; c++) {
				int sc = Math.min(c, channels - 1);
				float[] plane = new float[w * h];
				System.arraycopy(src, sc * w * h, plane, 0, w * h);
				System.arraycopy(Images.resizePlane(plane, w, h, tw, th), 0, dst, c * tw * th, tw * th);
			}
			scaled[t] = dst;
		}
		rowTiles.add(scaled);
		rowSizes.add(new int[] { tw, th, tiles.size() });
	}

	/** @return the sheet as (x, y, 3) RGB in [0, 1] */
	public Img<FloatType> image() {
		if (rowSizes.isEmpty()) throw new IllegalStateException("The contact sheet has no rows.");
		int width = 0, height = GAP;
		for (int[] s : rowSizes) {
			width = Math.max(width, GAP + s[2] * (s[0] + GAP));
			height += s[1] + GAP;
		}
		ArrayImg<FloatType, FloatArray> sheet = ArrayImgs.floats(width, height, 3);
		float[] o = sheet.update(null).getCurrentStorageArray();
		java.util.Arrays.fill(o, BACKGROUND);
		int plane = width * height, y0 = GAP;
		for (int r = 0; r < rowSizes.size(); r++) {
			int tw = rowSizes.get(r)[0], th = rowSizes.get(r)[1];
			float[][] tiles = rowTiles.get(r);
			for (int t = 0; t < tiles.length; t++) {
				int x0 = GAP + t * (tw + GAP);
				for (int c = 0; c < 3; c++)
					for (int y = 0; y < th; y++)
						System.arraycopy(tiles[t], c * tw * th + y * tw, o, c * plane + (y0 + y) * width + x0, tw);
			}
			y0 += th + GAP;
		}
		return sheet;
	}
}
