package org.revivegan.mask;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;

/**
 * The damage a person paints on an old photo: a width x height binary mask (1 = damaged, to be synthesised by
 * inpainting; 0 = keep), with change listeners and a bounded undo/redo history. It is the small observable
 * model behind the Damage Brush (after LabKit's {@code Holder}/{@code LabelingModel}): a {@link Brush} turns
 * gestures into {@link Edit}s, the mask tells its {@link MaskListener}s which rectangle changed, and the viewer
 * repaints only that.
 * <p>
 * The pixels live in one {@code byte[]} (index {@code x + width * y}) that {@link #asImg()} exposes without a
 * copy, so Inpaint Damage reads the painted mask directly. Writes through that view bypass history and
 * listeners; change the mask through {@link #beginEdit()}, {@link #clear()}, {@link #undo()}, {@link #redo()}.
 * <p>
 * History: each edit (one brush stroke, one clear) is one undo step. It keeps only the previous bytes of the
 * rectangle it changed, and the history keeps at most {@link #DEFAULT_MAX_EDITS} steps and
 * {@link #DEFAULT_MAX_HISTORY_BYTES} bytes (the newest step is always kept, however large), dropping the oldest.
 * <p>
 * Not thread-safe: use one thread (the UI thread) for edits; the engine may read {@link #asImg()} once editing
 * has stopped.
 */
public final class DamageMask {

	/** Undo steps kept by default. */
	public static final int DEFAULT_MAX_EDITS = 50;
	/** Bytes of undo data kept by default (64 MiB). */
	public static final long DEFAULT_MAX_HISTORY_BYTES = 64L << 20;

	private static final byte DAMAGED = 1, KEEP = 0;
	/** Side of the square tiles whose previous bytes an open edit saves on first write. */
	private static final int TILE = 64;

	private final int width, height;
	private final byte[] pixels;
	private final ArrayImg<UnsignedByteType, ByteArray> img;
	private final List<MaskListener> listeners = new CopyOnWriteArrayList<>();

	private final Deque<Step> undoSteps = new ArrayDeque<>(), redoSteps = new ArrayDeque<>();
	private long historyBytes;
	private int maxEdits = DEFAULT_MAX_EDITS;
	private long maxHistoryBytes = DEFAULT_MAX_HISTORY_BYTES;
	private Edit openEdit;

	/** A new mask with no damage. */
	public DamageMask(int width, int height) {
		if (width < 1 || height < 1)
			throw new IllegalArgumentException("A mask needs at least 1 x 1 pixels, not " + width + " x " + height);
		if ((long) width * height > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("A mask of " + width + " x " + height
				+ " pixels is too large (at most 2^31 pixels); paint on a smaller image or a crop");
		this.width = width;
		this.height = height;
		this.pixels = new byte[width * height];
		this.img = ArrayImgs.unsignedBytes(pixels, width, height);
	}

	/** @return a new mask (with empty history) damaged wherever {@code mask} (dims x, y) is non-zero */
	public static DamageMask of(RandomAccessibleInterval<? extends RealType<?>> mask) {
		if (mask.numDimensions() != 2)
			throw new IllegalArgumentException("A damage mask has 2 dimensions (x, y), not " + mask.numDimensions());
		DamageMask m = new DamageMask((int) mask.dimension(0), (int) mask.dimension(1));
		Cursor<? extends RealType<?>> c = Views.flatIterable(Views.zeroMin(mask)).cursor();
		for (int i = 0; c.hasNext(); i++)
			m.pixels[i] = c.next().getRealDouble() != 0 ? DAMAGED : KEEP;
		return m;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	/** @return the whole mask as a rectangle */
	public Rect bounds() {
		return Rect.of(0, 0, width, height);
	}

	/** @return whether (x, y) is marked damaged; false outside the image */
	public boolean isSet(int x, int y) {
		return x >= 0 && y >= 0 && x < width && y < height && pixels[x + width * y] != KEEP;
	}

	/** @return the number of damaged pixels */
	public long count() {
		long n = 0;
		for (byte b : pixels)
			if (b != KEEP) n++;
		return n;
	}

	/** @return the number of damaged pixels inside {@code region} (clipped to the mask) */
	public long count(Rect region) {
		Rect r = region.intersection(bounds());
		long n = 0;
		for (int y = r.y(); y < r.endY(); y++)
			for (int i = r.x() + width * y, end = i + r.width(); i < end; i++)
				if (pixels[i] != KEEP) n++;
		return n;
	}

	public boolean isEmpty() {
		for (byte b : pixels)
			if (b != KEEP) return false;
		return true;
	}

	/** @return the bounding box of the damaged pixels; {@link Rect#EMPTY} when there are none */
	public Rect damagedBounds() {
		int minX = width, minY = height, maxX = -1, maxY = -1;
		for (int y = 0; y < height; y++) {
			int row = width * y;
			for (int x = 0; x < width; x++)
				if (pixels[row + x] != KEEP) {
					if (x < minX) minX = x;
					if (x > maxX) maxX = x;
					if (y < minY) minY = y;
					maxY = y;
				}
		}
		return Rect.spanning(minX, minY, maxX, maxY);
	}

	/**
	 * The mask's own memory as an image (dims x, y; 1 = damaged): no copy, so it always shows the current state.
	 * Writing through it bypasses undo and listeners.
	 */
	public ArrayImg<UnsignedByteType, ByteArray> asImg() {
		return img;
	}

	/** @return an independent mask with the same pixels, no listeners and no history */
	public DamageMask copy() {
		DamageMask c = new DamageMask(width, height);
		System.arraycopy(pixels, 0, c.pixels, 0, pixels.length);
		return c;
	}

	public void addListener(MaskListener listener) {
		listeners.add(listener);
	}

	public void removeListener(MaskListener listener) {
		listeners.remove(listener);
	}

	/**
	 * Removes all damage as one undoable step.
	 *
	 * @return the rectangle that changed; {@link Rect#EMPTY} (and no step, no event) when the mask was empty
	 */
	public Rect clear() {
		requireNoOpenEdit("clear the mask");
		Rect changed = damagedBounds();
		if (changed.isEmpty()) return Rect.EMPTY;
		byte[] before = read(changed);
		for (int y = changed.y(); y < changed.endY(); y++) {
			int row = changed.x() + width * y;
			Arrays.fill(pixels, row, row + changed.width(), KEEP);
		}
		record(new Step(changed, before));
		fire(changed);
		return changed;
	}

	/**
	 * Opens an edit: the changes made through it become one undo step when it {@link Edit#end() ends}. One edit
	 * at a time; undo, redo and clear wait until it has ended.
	 */
	public Edit beginEdit() {
		requireNoOpenEdit("start another edit");
		openEdit = new Edit();
		return openEdit;
	}

	public boolean canUndo() {
		return !undoSteps.isEmpty();
	}

	public boolean canRedo() {
		return !redoSteps.isEmpty();
	}

	/** @return the number of steps {@link #undo()} can take back now */
	public int undoDepth() {
		return undoSteps.size();
	}

	/** @return the number of steps {@link #redo()} can re-apply now */
	public int redoDepth() {
		return redoSteps.size();
	}

	/** @return the bytes of undo and redo data held */
	public long historyBytes() {
		return historyBytes;
	}

	/**
	 * Bounds the history: at most {@code maxEdits} undo steps and {@code maxBytes} bytes of saved pixels (the
	 * newest step is kept even if larger). Older steps beyond the bounds are dropped now.
	 */
	public void setHistoryLimits(int maxEdits, long maxBytes) {
		if (maxEdits < 0 || maxBytes < 0)
			throw new IllegalArgumentException("History limits cannot be negative: " + maxEdits + " edits, " + maxBytes + " bytes");
		this.maxEdits = maxEdits;
		this.maxHistoryBytes = maxBytes;
		trimHistory();
	}

	/**
	 * Takes back the newest step, restoring exactly the pixels it changed.
	 *
	 * @return the rectangle that changed; {@link Rect#EMPTY} when there is nothing to undo
	 */
	public Rect undo() {
		requireNoOpenEdit("undo");
		Step step = undoSteps.pollLast();
		if (step == null) return Rect.EMPTY;
		step.swap();
		redoSteps.addLast(step);
		fire(step.rect);
		return step.rect;
	}

	/**
	 * Re-applies the step most recently undone. Any new edit forgets what could be redone.
	 *
	 * @return the rectangle that changed; {@link Rect#EMPTY} when there is nothing to redo
	 */
	public Rect redo() {
		requireNoOpenEdit("redo");
		Step step = redoSteps.pollLast();
		if (step == null) return Rect.EMPTY;
		step.swap();
		undoSteps.addLast(step);
		fire(step.rect);
		return step.rect;
	}

	private void requireNoOpenEdit(String what) {
		if (openEdit != null)
			throw new IllegalStateException("Finish the brush stroke before you " + what);
	}

	private byte[] read(Rect r) {
		byte[] out = new byte[(int) r.area()];
		for (int y = r.y(), k = 0; y < r.endY(); y++, k += r.width())
			System.arraycopy(pixels, r.x() + width * y, out, k, r.width());
		return out;
	}

	private void record(Step step) {
		for (Step s : redoSteps)
			historyBytes -= s.saved.length;
		redoSteps.clear();
		undoSteps.addLast(step);
		historyBytes += step.saved.length;
		trimHistory();
	}

	private void trimHistory() {
		while (!undoSteps.isEmpty() && (undoSteps.size() > maxEdits
			|| historyBytes > maxHistoryBytes && undoSteps.size() > 1)) {
			historyBytes -= undoSteps.pollFirst().saved.length;
		}
	}

	private void fire(Rect changed) {
		for (MaskListener l : listeners)
			l.maskChanged(changed);
	}

	/**
	 * One undo step: a rectangle and the bytes it held in the other state. Undo and redo both swap those bytes
	 * with the mask's, so one buffer serves both directions.
	 */
	private final class Step {

		final Rect rect;
		final byte[] saved;

		Step(Rect rect, byte[] saved) {
			this.rect = rect;
			this.saved = saved;
		}

		void swap() {
			for (int y = rect.y(), k = 0; y < rect.endY(); y++) {
				int i = rect.x() + width * y;
				for (int x = 0; x < rect.width(); x++, i++, k++) {
					byte b = pixels[i];
					pixels[i] = saved[k];
					saved[k] = b;
				}
			}
		}
	}

	/**
	 * Changes to the mask that become one undo step, such as one brush stroke. Pixels are written at once;
	 * {@link #flush()} tells the listeners what changed since the last flush (a brush flushes after every
	 * segment, for live display), and {@link #end()} records the undo step. Before a tile of the mask is first
	 * written, its previous bytes are saved, so the step keeps the exact previous state of what changed.
	 */
	public final class Edit {

		private final int tilesX = (width + TILE - 1) / TILE;
		private final byte[][] savedTiles = new byte[tilesX * ((height + TILE - 1) / TILE)][];
		private int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
		private Rect flushed = Rect.EMPTY;
		private boolean ended;

		private Edit() {}

		/**
		 * Marks (x, y) damaged or not.
		 *
		 * @return whether the pixel changed
		 * @throws IndexOutOfBoundsException outside the mask
		 */
		public boolean set(int x, int y, boolean damaged) {
			if (ended) throw new IllegalStateException("This edit has ended; begin a new one");
			if (x < 0 || y < 0 || x >= width || y >= height)
				throw new IndexOutOfBoundsException("(" + x + ", " + y + ") is outside the " + width + " x " + height + " mask");
			int i = x + width * y;
			byte v = damaged ? DAMAGED : KEEP;
			if (pixels[i] == v) return false;
			saveTileOf(x, y);
			pixels[i] = v;
			if (x < minX) minX = x;
			if (x > maxX) maxX = x;
			if (y < minY) minY = y;
			if (y > maxY) maxY = y;
			return true;
		}

		/**
		 * Tells the listeners (once) which rectangle changed since the last flush.
		 *
		 * @return that rectangle; {@link Rect#EMPTY}, and no event, when nothing changed
		 */
		public Rect flush() {
			Rect pending = Rect.spanning(minX, minY, maxX, maxY);
			minX = minY = Integer.MAX_VALUE;
			maxX = maxY = -1;
			if (pending.isEmpty()) return Rect.EMPTY;
			flushed = flushed.union(pending);
			fire(pending);
			return pending;
		}

		/**
		 * Flushes, then records everything this edit changed as one undo step (none when nothing changed).
		 *
		 * @return the bounding box of all pixels this edit changed
		 */
		public Rect end() {
			if (ended) return flushed;
			flush();
			ended = true;
			openEdit = null;
			if (!flushed.isEmpty()) record(new Step(flushed, previousBytes(flushed)));
			return flushed;
		}

		private void saveTileOf(int x, int y) {
			int tx = x / TILE, ty = y / TILE, t = tx + tilesX * ty;
			if (savedTiles[t] != null) return;
			byte[] saved = new byte[TILE * TILE];
			int x0 = tx * TILE, y0 = ty * TILE, w = Math.min(TILE, width - x0), h = Math.min(TILE, height - y0);
			for (int row = 0; row < h; row++)
				System.arraycopy(pixels, x0 + width * (y0 + row), saved, TILE * row, w);
			savedTiles[t] = saved;
		}

		private byte[] previousBytes(Rect r) {
			byte[] out = new byte[(int) r.area()];
			int k = 0;
			for (int y = r.y(); y < r.endY(); y++)
				for (int x = r.x(); x < r.endX(); x++, k++) {
					byte[] saved = savedTiles[x / TILE + tilesX * (y / TILE)];
					out[k] = saved != null ? saved[x % TILE + TILE * (y % TILE)] : pixels[x + width * y];
				}
			return out;
		}
	}
}
