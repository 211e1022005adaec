package org.revivegan.core.infer;


import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import net.imglib2.Cursor;
import net.imglib2.FinalInterval;
import net.imglib2.Interval;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.revivegan.core.image.ClassicalInpainting;
import org.revivegan.core.image.Masks;
import org.revivegan.core.model.Encoding;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.tiling.TileFunction;
import org.revivegan.core.tiling.Tiler;

/**
 * Fills the damaged pixels of an image with an inpainting model; every other pixel comes back bit-identical.
 * <p>
 * Only what needs it goes through the network: each connected damaged region, grown by a context margin
 * ({@link DamageRegions}; regions whose padded boxes overlap are merged, and near ones where that costs no more
 * tiles), is cropped, tiled with
 * overlap and blended seams, reflect-padded to the network's size multiple, and crops of the same size are
 * batched together. The rest of the image is never read by the network, so the time grows with the damaged
 * area, not with the image size. A region larger than {@link #MAX_WINDOW} pixels a side is cut into windows of
 * at most that size, each with its own context margin, so the memory stays bounded whatever the image or the
 * damage: no array is larger than a window (a few tens of MB). Running out of memory halves the batch, then the
 * tile size (see {@link Tiler}).
 * </p>
 * <p>
 * Grayscale images are inpainted as RGB and written back as the channel mean; 16-bit and 32-bit values keep
 * their range (the caller gives the value of white, {@code maxValue}; non-finite values read as 0 and are best
 * marked as damage).
 * </p>
 */
public final class Inpainter {

	/**
	 * The message of an inpainting whose mask marks no pixel. It speaks of the mask, not of a front end's tools:
	 * each front end may add how to mark pixels there ({@code MaskSources.explain} in Fiji).
	 */
	public static final String EMPTY_MASK = "The damage mask is empty: nothing to inpaint. The mask marks no pixel " +
		"to fill. Mark the damaged pixels (non-zero) in the mask first.";

	/** Context around the damage that the network sees, in pixels. */
	public static final int CONTEXT = 64;

	/**
	 * The largest crop side, context included, that is materialised at once; larger regions are cut into
	 * windows of this size. Seams between the windows of one region can show where the damage crosses them
	 * (each window sees {@link #CONTEXT} pixels beyond its core), which only happens for damage larger than
	 * about 1900 pixels.
	 */
	public static final int MAX_WINDOW = 2048;

	/** Crops processed in one {@link Tiler#processAll} call hold at most this many pixels together. */
	static final long CHUNK_PIXELS = (long) MAX_WINDOW * MAX_WINDOW;

	/**
	 * Damage narrower than this many pixels (scratches, dust, hairlines: what a {@value}x{@value} square opening
	 * removes from the mask) is filled by Telea's classical method instead of the network, by default. On the
	 * validation photos Telea was 2 dB better than the first default model on thin scratches and the model
	 * better on holes (docs/models.md), so each method does the part it is best at.
	 */
	public static final int THIN_WIDTH = 5;

	private final ModelFile model;
	private final ComputationGraph generator;
	/** Tiles per forward pass; 0: chosen from the tile size ({@link GeneratorTiles#batchFor}). */
	private int batchSize;
	private TileFunction network;
	private boolean classicalThin = true;

	public Inpainter(ModelFile model) {
		if (model.task() != Task.INPAINT) throw new IllegalArgumentException("This is a " + model.task().id() +
			" model; inpainting needs an inpainting model.");
		this.model = model;
		this.generator = model.generator();
		this.network = GeneratorTiles.of(generator);
	}

	/**
	 * @param tiles tiles per forward pass (batched tiles give the same result as one at a time, to float
	 *          rounding); 0 to choose from the tile size, the default
	 */
	public Inpainter withBatchSize(int tiles) {
		this.batchSize = Math.max(0, tiles);
		return this;
	}

	/**
	 * @param on whether damage narrower than {@link #THIN_WIDTH} pixels is filled by Telea's method (the
	 *          default) rather than the network
	 */
	public Inpainter withClassicalThinDamage(boolean on) {
		this.classicalThin = on;
		return this;
	}

	/** @return whether thin damage is filled classically (see {@link #withClassicalThinDamage}) */
	public boolean classicalThinDamage() {
		return classicalThin;
	}

	/** For tests: runs {@code f} instead of the generator (e.g. one that fails above a size, or counts calls). */
	Inpainter withTileFunction(TileFunction f) {
		this.network = f;
		return this;
	}

	public ModelFile model() {
		return model;
	}

	/**
	 * @param image (x, y) grayscale or (x, y, 3) RGB with values in [0, maxValue]; not modified
	 * @param mask (x, y), non-zero = damaged
	 * @param output same dimensions as {@code image}; receives the image with the damaged pixels replaced (a
	 *          new image: for a copy the caller made, {@link #inpaintDamagedOnly} skips the copying pass)
	 * @throws IllegalArgumentException if sizes differ, the channel count is not 1 or 3, or the mask is empty
	 */
	public <T extends RealType<T>, U extends RealType<U>> void inpaint(RandomAccessibleInterval<T> image,
		RandomAccessibleInterval<? extends RealType<?>> mask, double maxValue, RandomAccessibleInterval<U> output,
		Progress progress)
	{
		check(image, mask, maxValue, output);
		if (!Intervals.equalDimensions(image, output)) throw new IllegalArgumentException("Output and image differ in size.");
		// Copy the input to the output: every pixel outside the damage stays exactly as it was.
		LoopBuilder.setImages(Views.zeroMin(image), Views.zeroMin(output)).forEachPixel((i, o) -> o.setReal(i.getRealDouble()));
		inpaintDamagedOnly(image, mask, maxValue, output, progress);
	}

	/**
	 * Like {@link #inpaint(RandomAccessibleInterval, RandomAccessibleInterval, double, RandomAccessibleInterval,
	 * Progress)} but writes <em>only</em> the damaged pixels of {@code output}, leaving the others as they are:
	 * for an output that already holds a copy of the image (a duplicate), or that <em>is</em> the image
	 * (in-place: regions never overlap, and a region reads its damaged pixels only through the mask). Reads
	 * {@code image} only inside the padded damage regions, so its cost does not depend on the image size
	 * beyond one pass over the mask.
	 *
	 * @return the regions (zero-min (x, y) boxes, context included) that went through the network
	 */
	public <T extends RealType<T>, U extends RealType<U>> List<Interval> inpaintDamagedOnly(
		RandomAccessibleInterval<T> image, RandomAccessibleInterval<? extends RealType<?>> mask, double maxValue,
		RandomAccessibleInterval<U> output, Progress progress)
	{
		int channels = check(image, mask, maxValue, output);
		long w = image.dimension(0), h = image.dimension(1);
		progress.status("Finding the damaged regions");
		Tiler tiler = new Tiler(tileSize(), model.metadata().tileOverlap, model.metadata().generator.multiple())
			.withBatchSize(batchSize > 0 ? batchSize : GeneratorTiles.batchFor(tileSize()));
		// near regions merge only where one crop costs the network no more tiles than two (see DamageRegions)
		List<Interval> regions = DamageRegions.find(mask, CONTEXT, model.metadata().generator.multiple(),
			tiler::tiledPixels);
		if (regions.isEmpty()) throw new IllegalArgumentException(EMPTY_MASK);
		List<Window> windows = new ArrayList<>();
		for (Interval r : regions)
			windows.addAll(Window.split(r, w, h));
		// Same-size crops next to each other, so that a chunk batches them; large ones first for early failures
		windows.sort(Comparator.comparingLong((Window win) -> -win.pixels()).thenComparingLong(win -> win.read.dimension(0)));

		long total = 0;
		for (Window win : windows)
			total += win.pixels();
		long done = 0;
		for (int first = 0; first < windows.size();) {
			int last = first;
			long chunk = windows.get(first).pixels();
			while (last + 1 < windows.size() && chunk + windows.get(last + 1).pixels() <= CHUNK_PIXELS)
				chunk += windows.get(++last).pixels();
			List<Window> part = windows.subList(first, last + 1);
			List<RandomAccessibleInterval<FloatType>> inputs = new ArrayList<>(part.size());
			for (Window win : part)
				inputs.add(win.encode(image, mask, channels, maxValue, model.metadata().inputFill));
			List<Img<FloatType>> results = tiler.processAll(inputs, 3, network, progress.slice((double) done / total,
				(double) chunk / total));
			for (int i = 0; i < part.size(); i++) {
				Window win = part.get(i);
				if (classicalThin) win.useClassicalForThinDamage(results.get(i));
				win.writeBack(results.get(i), output, channels, maxValue);
			}
			done += chunk;
			first = last + 1;
		}
		return regions;
	}

	/** @return the channel count, after checking the arguments */
	private static int check(RandomAccessibleInterval<?> image, RandomAccessibleInterval<?> mask, double maxValue,
		RandomAccessibleInterval<?> output)
	{
		long w = image.dimension(0), h = image.dimension(1);
		int channels = image.numDimensions() > 2 ? (int) image.dimension(2) : 1;
		if (channels != 1 && channels != 3) throw new IllegalArgumentException("Inpainting needs a grayscale or RGB " +
			"image; this one has " + channels + " channels. Split the channels or convert to RGB first.");
		if (mask.dimension(0) != w || mask.dimension(1) != h) throw new IllegalArgumentException("The mask is " +
			mask.dimension(0) + "x" + mask.dimension(1) + " but the image is " + w + "x" + h + "; they must be the same size.");
		if (output.dimension(0) != w || output.dimension(1) != h) throw new IllegalArgumentException(
			"Output and image differ in size.");
		if (!(maxValue > 0)) throw new IllegalArgumentException("maxValue must be positive.");
		return channels;
	}

	/** One crop that goes through the network: where it reads, and the core whose damaged pixels it writes. */
	static final class Window {

		/** Zero-min (x, y) intervals: {@code read} contains {@code core}. */
		final Interval read, core;
		private byte[] mask;
		/** The crop in [0, 1] (damaged pixels as they are), kept from {@link #encode} for the classical fill. */
		private ArrayImg<FloatType, FloatArray> rgb;

		Window(Interval read, Interval core) {
			this.read = read;
			this.core = core;
		}

		long pixels() {
			return read.dimension(0) * read.dimension(1);
		}

		/** @return the region itself if it fits in a window, else a grid of windows whose cores tile it */
		static List<Window> split(Interval region, long width, long height) {
			int coreMax = MAX_WINDOW - 2 * CONTEXT;
			if (region.dimension(0) <= MAX_WINDOW && region.dimension(1) <= MAX_WINDOW) return Collections
				.singletonList(new Window(region, region));
			long nx = (region.dimension(0) + coreMax - 1) / coreMax, ny = (region.dimension(1) + coreMax - 1) / coreMax;
			List<Window> windows = new ArrayList<>();
			for (long j = 0; j < ny; j++)
				for (long i = 0; i < nx; i++) {
					long x0 = region.min(0) + region.dimension(0) * i / nx, x1 = region.min(0) + region.dimension(0) * (i + 1) / nx - 1;
					long y0 = region.min(1) + region.dimension(1) * j / ny, y1 = region.min(1) + region.dimension(1) * (j + 1) / ny - 1;
					Interval core = new FinalInterval(new long[] { x0, y0 }, new long[] { x1, y1 });
					Interval read = new FinalInterval(new long[] { Math.max(0, x0 - CONTEXT), Math.max(0, y0 - CONTEXT) },
						new long[] { Math.min(width - 1, x1 + CONTEXT), Math.min(height - 1, y1 + CONTEXT) });
					windows.add(new Window(read, core));
				}
			return windows;
		}

		/** @return the network input of this crop; keeps the crop's mask for {@link #writeBack} */
		<T extends RealType<T>> RandomAccessibleInterval<FloatType> encode(RandomAccessibleInterval<T> image,
			RandomAccessibleInterval<? extends RealType<?>> fullMask, int channels, double maxValue, String fill)
		{
			int rw = (int) read.dimension(0), rh = (int) read.dimension(1);
			long x0 = read.min(0), y0 = read.min(1);
			ArrayImg<FloatType, FloatArray> rgb = ArrayImgs.floats(rw, rh, 3);
			float[] r = rgb.update(null).getCurrentStorageArray();
			RandomAccess<T> ra = Views.zeroMin(image).randomAccess();
			int plane = rw * rh;
			for (int y = 0; y < rh; y++)
				for (int x = 0; x < rw; x++) {
					ra.setPosition(x0 + x, 0);
					ra.setPosition(y0 + y, 1);
					for (int c = 0; c < 3; c++) {
						if (channels == 3) ra.setPosition(c, 2);
						else if (image.numDimensions() > 2) ra.setPosition(0, 2);
						double v = ra.get().getRealDouble() / maxValue;
						r[c * plane + x + rw * y] = (float) (Double.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0);
					}
				}
			ArrayImg<UnsignedByteType, ByteArray> m = ArrayImgs.unsignedBytes(rw, rh);
			mask = m.update(null).getCurrentStorageArray();
			Cursor<? extends RealType<?>> mc = Views.flatIterable(Views.interval(Views.zeroMin(fullMask), read)).cursor();
			for (int i = 0; mc.hasNext(); i++)
				mask[i] = (byte) (mc.next().getRealDouble() != 0 ? 1 : 0);
			this.rgb = rgb;
			return Encoding.inpaintInput(rgb, m, fill);
		}

		/**
		 * Replaces, in the network's output (in [-1, 1]), the pixels of damage narrower than {@link #THIN_WIDTH}
		 * by Telea's fill of the crop. Call between {@link #encode} and {@link #writeBack}.
		 */
		void useClassicalForThinDamage(Img<FloatType> result) {
			int rw = (int) read.dimension(0), rh = (int) read.dimension(1);
			byte[] thin = thinPart(mask, rw, rh, THIN_WIDTH / 2);
			boolean any = false;
			for (byte t : thin)
				any |= t != 0;
			if (!any) return;
			ArrayImg<UnsignedByteType, ByteArray> m = ArrayImgs.unsignedBytes(mask, rw, rh);
			Img<FloatType> telea = ClassicalInpainting.telea(rgb, m);
			RandomAccess<FloatType> t = telea.randomAccess(), r = result.randomAccess();
			for (int y = 0; y < rh; y++)
				for (int x = 0; x < rw; x++) {
					if (thin[x + rw * y] == 0) continue;
					for (int c = 0; c < 3; c++) {
						t.setPosition(new int[] { x, y, c });
						r.setPosition(new int[] { x, y, c });
						r.get().set(t.get().get() * 2 - 1);
					}
				}
		}

		/**
		 * @return 1 where the mask is set but a (2r+1)x(2r+1) square opening of it is not: the damage narrower
		 *         than 2r+1 pixels
		 */
		static byte[] thinPart(byte[] mask, int w, int h, int r) {
			byte[] opened = Masks.openSquare(mask, w, h, r);
			byte[] thin = new byte[mask.length];
			for (int i = 0; i < mask.length; i++)
				thin[i] = (byte) (mask[i] != 0 && opened[i] == 0 ? 1 : 0);
			return thin;
		}

		/** Writes the network's output at the damaged pixels of the core, in the output's range. */
		<U extends RealType<U>> void writeBack(RandomAccessibleInterval<FloatType> result,
			RandomAccessibleInterval<U> output, int channels, double maxValue)
		{
			int rw = (int) read.dimension(0);
			RandomAccess<FloatType> res = result.randomAccess();
			RandomAccess<U> out = Views.zeroMin(output).randomAccess();
			float[] rgbOut = new float[3];
			for (long y = core.min(1); y <= core.max(1); y++)
				for (long x = core.min(0); x <= core.max(0); x++) {
					int lx = (int) (x - read.min(0)), ly = (int) (y - read.min(1));
					if (mask[lx + rw * ly] == 0) continue;
					res.setPosition(lx, 0);
					res.setPosition(ly, 1);
					out.setPosition(x, 0);
					out.setPosition(y, 1);
					for (int c = 0; c < 3; c++) {
						res.setPosition(c, 2);
						rgbOut[c] = Math.max(0, Math.min(1, (res.get().get() + 1) * 0.5f));
					}
					if (channels == 3) {
						for (int c = 0; c < 3; c++) {
							out.setPosition(c, 2);
							write(out.get(), rgbOut[c] * maxValue);
						}
					}
					else {
						if (output.numDimensions() > 2) out.setPosition(0, 2);
						write(out.get(), (rgbOut[0] + rgbOut[1] + rgbOut[2]) / 3 * maxValue);
					}
				}
			mask = null;
			rgb = null;
		}
	}

	private static <U extends RealType<U>> void write(U t, double v) {
		if (t instanceof net.imglib2.type.numeric.integer.AbstractIntegerType) v = Math.round(v);
		t.setReal(Math.max(t.getMinValue(), Math.min(t.getMaxValue(), v)));
	}

	/** Convenience: inpaints a float RGB image in [0, 1] into a new image. */
	public Img<FloatType> inpaint(RandomAccessibleInterval<FloatType> rgb, RandomAccessibleInterval<? extends RealType<?>> mask,
		Progress progress)
	{
		Img<FloatType> out = ArrayImgs.floats(Intervals.dimensionsAsLongArray(rgb));
		inpaint(rgb, mask, 1, out, progress);
		return out;
	}

	private int tileSize() {
		int m = model.metadata().generator.multiple();
		int t = Math.max(m, model.metadata().tileSize);
		return t - t % m;
	}
}
