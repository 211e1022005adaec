package org.revivegan.core.infer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongBinaryOperator;

import net.imglib2.Cursor;
import net.imglib2.FinalInterval;
import net.imglib2.Interval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;

/**
 * The parts of an image that inpainting has to run through the network: each connected damaged region
 * (8-connectivity) with a margin of context around it, regions whose padded boxes overlap merged into one, and
 * those that nearly touch too (always, or, given a cost, only where one crop costs no more than two).
 * <p>
 * Why: the network's cost grows with the pixels it sees, so a photo with two specks at opposite corners must
 * cost two small crops, not the whole image. Merging matters too: crops that overlap would read and compute
 * the same pixels twice, and, because merged boxes never overlap, each damaged pixel belongs to exactly one
 * crop, so crops can be written back in any order (even in place).
 * </p>
 * <p>
 * Components are found in one pass over the mask, row by row, by union-find over runs of damaged pixels; the
 * memory is proportional to the number of components, never to the image's pixel count, and no index is a
 * product of width and height, so masks of more than 2^31 pixels work. Padded boxes are then merged
 * greedily, with a spatial hash so that many small boxes merge in near-linear time, until none overlap.
 * </p>
 * <p>
 * The same labelling is the core's one connected-components implementation: the detector's removal of
 * specks below a minimum size ({@link #removeSmallComponents}) is built on it.
 * </p>
 */
public final class DamageRegions {

	private DamageRegions() {}

	/**
	 * @param mask (x, y), non-zero = damaged; any min (boxes are relative to it, i.e. zero-min coordinates)
	 * @param margin context in pixels added on every side of a component's bounding box (clipped to the image)
	 * @param gap boxes at most this many pixels apart are merged too (0: only overlapping or touching boxes)
	 * @return the merged padded boxes, (x, y) intervals in zero-min coordinates, disjoint, sorted by y then x;
	 *         empty if nothing is damaged
	 */
	public static List<Interval> find(RandomAccessibleInterval<? extends RealType<?>> mask, int margin, int gap) {
		return find(mask, margin, gap, null);
	}

	/**
	 * Like {@link #find(RandomAccessibleInterval, int, int)}, but boxes that neither overlap nor touch are merged
	 * only if that does not raise the cost: when the merged box costs at most what the two apart cost. Merging
	 * near boxes saves work only where one crop is cheaper than two; with tiles rounded up to the network's
	 * size multiple, a merged box that spans the space between two stains usually costs more tiles than the
	 * two stains apart (on the 64-MP benchmark photo, merging every box within 128 pixels made 125 network tiles
	 * where 64 did: issue 13). Boxes that overlap or touch are always merged, so that the result stays disjoint.
	 *
	 * @param cost what a crop of (width, height) pixels costs, e.g. {@link org.revivegan.core.tiling.Tiler#tiledPixels};
	 *          null: near boxes always merge
	 */
	public static List<Interval> find(RandomAccessibleInterval<? extends RealType<?>> mask, int margin, int gap,
		LongBinaryOperator cost)
	{
		if (margin < 0 || gap < 0) throw new IllegalArgumentException("Margin and gap cannot be negative.");
		long w = mask.dimension(0), h = mask.dimension(1);
		if (w > Integer.MAX_VALUE - 2 || h > Integer.MAX_VALUE - 2) throw new IllegalArgumentException(
			"The mask is " + w + "x" + h + " pixels; a side of more than 2^31 pixels is not supported.");
		List<long[]> boxes = components(mask);
		for (long[] b : boxes) {
			b[0] = Math.max(0, b[0] - margin);
			b[1] = Math.max(0, b[1] - margin);
			b[2] = Math.min(w - 1, b[2] + margin);
			b[3] = Math.min(h - 1, b[3] + margin);
		}
		List<long[]> merged = merge(boxes, gap, Math.max(16, 2 * margin + 1), cost);
		merged.sort((a, b) -> a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[0], b[0]));
		List<Interval> result = new ArrayList<>(merged.size());
		for (long[] b : merged)
			result.add(new FinalInterval(new long[] { b[0], b[1] }, new long[] { b[2], b[3] }));
		return result;
	}

	/** @return the bounding box {minX, minY, maxX, maxY} of each 8-connected component, in no set order */
	static List<long[]> components(RandomAccessibleInterval<? extends RealType<?>> mask) {
		return label(mask).roots();
	}

	/**
	 * Clears, in place, the 8-connected components of non-zero pixels that have fewer than {@code minSize}
	 * pixels. Two scans of the same union-find over runs: the first counts each component's pixels, the second
	 * meets the runs in the same order, so it knows each run's component without a label image (the memory is
	 * that of the components, not of the pixels).
	 *
	 * @param m (x, y) row-major {@code w x h} mask, non-zero = set
	 */
	static void removeSmallComponents(byte[] m, int w, int h, int minSize) {
		ArrayImg<UnsignedByteType, ByteArray> mask = ArrayImgs.unsignedBytes(m, w, h);
		Labels labels = label(mask);
		int[] created = { 0 };
		scan(mask, (y, start, end, prevLabel, from, to) -> {
			// the first scan created a label exactly where no run of the previous row touches this one
			int label = from < to ? prevLabel[from] : created[0]++;
			if (labels.size(label) < minSize) Arrays.fill(m, start + w * y, end + 1 + w * y, (byte) 0);
			return label;
		});
	}

	/** @return the components of the mask's non-zero pixels: union-find over runs, with boxes and pixel counts */
	private static Labels label(RandomAccessibleInterval<? extends RealType<?>> mask) {
		Labels labels = new Labels();
		scan(mask, (y, start, end, prevLabel, from, to) -> {
			int label = -1;
			for (int q = from; q < to; q++)
				label = label < 0 ? labels.find(prevLabel[q]) : labels.union(label, prevLabel[q]);
			if (label < 0) return labels.create(start, y, end, y);
			labels.add(label, start, y, end);
			return label;
		});
		return labels;
	}

	/** Gives each run of non-zero pixels of a row its label, knowing the runs of the previous row that touch it. */
	private interface RunLabeller {

		/**
		 * @param y the row; rows come in order, and the runs of a row from left to right
		 * @param start the run's first column
		 * @param end its last column
		 * @param prevLabel the labels given to the previous row's runs, left to right
		 * @param from the first previous-row run that touches this one (8-connectivity)
		 * @param to after the last one that touches it ({@code from == to}: none)
		 * @return the run's label
		 */
		int label(int y, int start, int end, int[] prevLabel, int from, int to);
	}

	/** One pass over the mask, row by row, handing each run of non-zero pixels to {@code labeller}. */
	private static void scan(RandomAccessibleInterval<? extends RealType<?>> mask, RunLabeller labeller) {
		int w = (int) mask.dimension(0), h = (int) mask.dimension(1);
		RowReader rows = RowReader.of(mask);
		boolean[] row = new boolean[w];
		int[] prevStart = new int[8], prevEnd = new int[8], prevLabel = new int[8];
		int[] curStart = new int[8], curEnd = new int[8], curLabel = new int[8];
		int prevCount = 0;
		for (int y = 0; y < h; y++) {
			rows.next(row);
			int curCount = 0;
			int p = 0; // first previous-row run that can still touch a run of this row
			for (int x = 0; x < w; x++) {
				if (!row[x]) continue;
				int start = x;
				while (x + 1 < w && row[x + 1])
					x++;
				int end = x;
				while (p < prevCount && prevEnd[p] < start - 1)
					p++;
				int q = p;
				while (q < prevCount && prevStart[q] <= end + 1)
					q++;
				int label = labeller.label(y, start, end, prevLabel, p, q);
				if (curCount == curStart.length) {
					curStart = Arrays.copyOf(curStart, 2 * curCount);
					curEnd = Arrays.copyOf(curEnd, 2 * curCount);
					curLabel = Arrays.copyOf(curLabel, 2 * curCount);
				}
				curStart[curCount] = start;
				curEnd[curCount] = end;
				curLabel[curCount] = label;
				curCount++;
			}
			int[] t = prevStart;
			prevStart = curStart;
			curStart = t;
			t = prevEnd;
			prevEnd = curEnd;
			curEnd = t;
			t = prevLabel;
			prevLabel = curLabel;
			curLabel = t;
			prevCount = curCount;
		}
	}

	/** Reads a mask row by row as booleans: straight from the array of a byte ArrayImg, else with a cursor. */
	private abstract static class RowReader {

		abstract void next(boolean[] row);

		static RowReader of(RandomAccessibleInterval<? extends RealType<?>> mask) {
			if (mask instanceof ArrayImg && ((ArrayImg<?, ?>) mask).update(null) instanceof ByteArray) {
				byte[] data = ((ByteArray) ((ArrayImg<?, ?>) mask).update(null)).getCurrentStorageArray();
				return new RowReader() {

					int offset;

					@Override
					void next(boolean[] row) {
						for (int x = 0; x < row.length; x++)
							row[x] = data[offset + x] != 0;
						offset += row.length;
					}
				};
			}
			Cursor<? extends RealType<?>> c = Views.flatIterable(Views.zeroMin(mask)).cursor();
			return new RowReader() {

				@Override
				void next(boolean[] row) {
					for (int x = 0; x < row.length; x++)
						row[x] = c.next().getRealDouble() != 0;
				}
			};
		}
	}

	/** Union-find over component labels, each root holding its component's bounding box and pixel count. */
	private static final class Labels {

		int[] parent = new int[16];
		int[] box = new int[64]; // minX, minY, maxX, maxY per label
		long[] pixels = new long[16];
		int count;

		/** @return a new label for the run from x0 to x1 of row y0 (so y1 = y0) */
		int create(int x0, int y0, int x1, int y1) {
			if (count == parent.length) {
				parent = Arrays.copyOf(parent, 2 * count);
				box = Arrays.copyOf(box, 8 * count);
				pixels = Arrays.copyOf(pixels, 2 * count);
			}
			parent[count] = count;
			pixels[count] = x1 - x0 + 1;
			box[4 * count] = x0;
			box[4 * count + 1] = y0;
			box[4 * count + 2] = x1;
			box[4 * count + 3] = y1;
			return count++;
		}

		int find(int label) {
			int root = label;
			while (parent[root] != root)
				root = parent[root];
			while (parent[label] != root) { // path compression
				int next = parent[label];
				parent[label] = root;
				label = next;
			}
			return root;
		}

		/** @return the root of the union; its box covers both */
		int union(int a, int b) {
			int ra = find(a), rb = find(b);
			if (ra == rb) return ra;
			if (rb < ra) { // keep the older label as root
				int t = ra;
				ra = rb;
				rb = t;
			}
			parent[rb] = ra;
			extend(ra, box[4 * rb], box[4 * rb + 1], box[4 * rb + 2], box[4 * rb + 3]);
			pixels[ra] += pixels[rb];
			return ra;
		}

		/** Adds the run from {@code start} to {@code end} of row {@code y} to the label's component. */
		void add(int label, int start, int y, int end) {
			extend(label, start, y, end, y);
			pixels[find(label)] += end - start + 1;
		}

		/** @return the number of pixels of the label's component */
		long size(int label) {
			return pixels[find(label)];
		}

		void extend(int label, int x0, int y0, int x1, int y1) {
			int r = find(label);
			box[4 * r] = Math.min(box[4 * r], x0);
			box[4 * r + 1] = Math.min(box[4 * r + 1], y0);
			box[4 * r + 2] = Math.max(box[4 * r + 2], x1);
			box[4 * r + 3] = Math.max(box[4 * r + 3], y1);
		}

		List<long[]> roots() {
			List<long[]> result = new ArrayList<>();
			for (int i = 0; i < count; i++)
				if (parent[i] == i) result.add(new long[] { box[4 * i], box[4 * i + 1], box[4 * i + 2], box[4 * i + 3] });
			return result;
		}
	}

	/**
	 * Merges boxes (inclusive {minX, minY, maxX, maxY}) that overlap or are at most {@code gap} pixels apart,
	 * replacing each group by its bounding box, and repeats until no two boxes are that close (a merged box can
	 * reach new neighbours). Candidate pairs come from a hash grid of {@code cell}-pixel cells.
	 */
	static List<long[]> merge(List<long[]> boxes, int gap, int cell) {
		return merge(boxes, gap, cell, null);
	}

	/**
	 * As {@link #merge(List, int, int)}; with a {@code cost} (of a box's width and height), boxes that neither
	 * overlap nor touch merge only if the merged group's box costs at most the two groups' boxes apart.
	 */
	static List<long[]> merge(List<long[]> boxes, int gap, int cell, LongBinaryOperator cost) {
		List<long[]> current = boxes;
		while (true) {
			int n = current.size();
			int[] parent = new int[n];
			long[][] group = new long[n][]; // the bounding box of each root's group so far
			for (int i = 0; i < n; i++) {
				parent[i] = i;
				group[i] = current.get(i).clone();
			}
			Map<Long, List<Integer>> grid = new HashMap<>();
			boolean merged = false;
			for (int i = 0; i < n; i++) {
				long[] b = current.get(i);
				// cells of the box grown by the gap, so that near boxes meet in a cell
				long cx0 = Math.floorDiv(b[0] - gap, cell), cx1 = Math.floorDiv(b[2] + gap, cell);
				long cy0 = Math.floorDiv(b[1] - gap, cell), cy1 = Math.floorDiv(b[3] + gap, cell);
				for (long cy = cy0; cy <= cy1; cy++)
					for (long cx = cx0; cx <= cx1; cx++) {
						List<Integer> there = grid.computeIfAbsent(cx * 0x1_0000_0001L + cy * 0x7fff_ffffL, k -> new ArrayList<>(2));
						for (int j : there) {
							int ri = root(parent, i), rj = root(parent, j);
							if (ri == rj || !close(b, current.get(j), gap)) continue;
							long[] union = union(group[ri], group[rj]);
							if (cost != null && !close(b, current.get(j), 0) && cost.applyAsLong(width(union), height(union)) >
								cost.applyAsLong(width(group[ri]), height(group[ri])) + cost.applyAsLong(width(group[rj]),
									height(group[rj]))) continue;
							parent[rj] = ri;
							group[ri] = union;
							merged = true;
						}
						there.add(i);
					}
			}
			if (!merged) return new ArrayList<>(current);
			Map<Integer, long[]> groups = new HashMap<>();
			for (int i = 0; i < n; i++) {
				long[] b = current.get(i);
				long[] g = groups.computeIfAbsent(root(parent, i), k -> b.clone());
				g[0] = Math.min(g[0], b[0]);
				g[1] = Math.min(g[1], b[1]);
				g[2] = Math.max(g[2], b[2]);
				g[3] = Math.max(g[3], b[3]);
			}
			current = new ArrayList<>(groups.values());
		}
	}

	private static long[] union(long[] a, long[] b) {
		return new long[] { Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3]) };
	}

	private static long width(long[] box) {
		return box[2] - box[0] + 1;
	}

	private static long height(long[] box) {
		return box[3] - box[1] + 1;
	}

	private static int root(int[] parent, int i) {
		while (parent[i] != i) {
			parent[i] = parent[parent[i]];
			i = parent[i];
		}
		return i;
	}

	/** @return whether the boxes overlap, touch, or are at most {@code gap} pixels apart on both axes */
	static boolean close(long[] a, long[] b, int gap) {
		return a[0] <= b[2] + 1 + gap && b[0] <= a[2] + 1 + gap && a[1] <= b[3] + 1 + gap && b[1] <= a[3] + 1 + gap;
	}
}
