package org.revivegan.core.tiling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import net.imglib2.Cursor;
import net.imglib2.FinalDimensions;
import net.imglib2.FinalInterval;
import net.imglib2.Interval;
import net.imglib2.RandomAccessible;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.util.Util;
import net.imglib2.view.Views;

import org.revivegan.core.progress.Progress;

/**
 * Runs a fully-convolutional network over an image of any size, tile by tile, with blended seams.
 * <p>
 * A network needs memory in proportion to the pixels it sees at once, and needs input sizes that are a
 * multiple of {@code 2^downsamplings}. The tiler cuts the image into tiles of at most {@code tileSize} pixels a
 * side that overlap by {@code overlap} pixels, runs a {@link TileFunction} on batches of them, and adds each
 * output into the result with the weights of its {@link Tile}: a linear ramp over the overlap, so the pixels
 * near a tile's edge, where a convolution sees the least context, count least, and the weights of all tiles
 * sum to exactly 1 at every pixel. This is what imagej-modelzoo's TiledPredictionExecutor and CSBDeep's
 * Tiling do, with blending instead of a hard crop.
 * </p>
 * <p>
 * Along an axis no longer than a tile, the image is one tile rounded up to the next multiple of
 * {@code multiple} (not to a whole tile, so small images stay cheap), centred, with the padding read from the
 * mirrored image. Along a longer axis, tiles of {@code tileSize} step by {@code tileSize - overlap}, as few as
 * cover the image, and the grid is centred so that the excess is split between both borders. Tiles that
 * reach outside the image read it mirrored ({@code Views.extendMirrorSingle}).
 * </p>
 * <p>
 * If the function runs out of memory, {@link #process} halves the batch and retries; with one tile per batch
 * it halves the tile size (not below {@link #minimumTileSize()}) and starts again; failing that it throws an
 * {@link IllegalStateException} that says what the user can change. Instances are immutable.
 * </p>
 */
public final class Tiler {

	/** Ramp weights are multiples of 1/{@value}, which keeps products of two weights exact in a float. */
	static final int WEIGHT_STEPS = 4096;

	private final int tileSize;
	private final int overlap;
	private final int multiple;
	private final int batchSize;

	/**
	 * @param tileSize the largest tile side in pixels, a multiple of {@code multiple} and at least twice
	 *          {@code overlap}; input and output tiles have the same size
	 * @param overlap pixels shared by neighbouring tiles, over which their outputs are blended; 0 for none
	 * @param multiple what every tile side must be a multiple of: {@code 2^d} for a network with d
	 *          downsamplings
	 * @throws IllegalArgumentException for sizes that cannot make a grid, with the reason
	 */
	public Tiler(int tileSize, int overlap, int multiple) {
		this(tileSize, overlap, multiple, 1);
	}

	private Tiler(int tileSize, int overlap, int multiple, int batchSize) {
		if (multiple < 1) throw new IllegalArgumentException("The size multiple must be at least 1, not " +
			multiple + ".");
		if (overlap < 0) throw new IllegalArgumentException("The tile overlap cannot be negative (" + overlap +
			").");
		if (tileSize < multiple || tileSize % multiple != 0) throw new IllegalArgumentException("The tile size " +
			tileSize + " must be a multiple of " + multiple + ", which the network needs; for example " + Math.max(
				multiple, Math.round((double) tileSize / multiple) * multiple) + ".");
		if (tileSize < 2 * overlap) throw new IllegalArgumentException("The tile size " + tileSize +
			" must be at least twice the overlap " + overlap + "; use a larger tile or a smaller overlap.");
		if (batchSize < 1) throw new IllegalArgumentException("The batch size must be at least 1, not " +
			batchSize + ".");
		this.tileSize = tileSize;
		this.overlap = overlap;
		this.multiple = multiple;
		this.batchSize = batchSize;
	}

	/** @return a tiler like this one that gives the function up to {@code tilesPerCall} tiles per call */
	public Tiler withBatchSize(int tilesPerCall) {
		return new Tiler(tileSize, overlap, multiple, tilesPerCall);
	}

	public int tileSize() {
		return tileSize;
	}

	public int overlap() {
		return overlap;
	}

	public int multiple() {
		return multiple;
	}

	public int batchSize() {
		return batchSize;
	}

	/**
	 * @return the smallest tile size that running out of memory shrinks the tiles to: the first multiple of
	 *         {@code multiple} that is at least {@code 2 * overlap + multiple}, so that a tile keeps a core
	 *         that no neighbour blends into
	 */
	public int minimumTileSize() {
		return roundUp(2 * overlap + multiple, multiple);
	}

	/**
	 * @return the pixels the function sees for an image of {@code width x height} pixels: the sum of the areas
	 *         of its {@link #tiles}, overlaps and rounding to the size multiple included (what the network
	 *         costs, roughly); without making the tiles
	 */
	public long tiledPixels(long width, long height) {
		if (width < 1 || height < 1) throw new IllegalArgumentException("Cannot tile an empty image (" + width +
			"x" + height + ").");
		return tiledLength(width) * tiledLength(height);
	}

	/** @return the summed length of the tiles along an axis of {@code length} pixels, as {@link Axis} lays them */
	private long tiledLength(long length) {
		return length <= tileSize ? roundUp(length, multiple) : tilesAlong(length, tileSize) * tileSize;
	}

	/** @return the fewest tiles of {@code tile} pixels, overlapping by the overlap, that cover {@code length > tile} */
	private long tilesAlong(long length, int tile) {
		int step = tile - overlap;
		return (length - overlap + step - 1) / step; // (count - 1) step + tile >= length
	}

	/**
	 * @return the tile grid for an image of {@code width x height} pixels, row by row; all tiles have the same
	 *         size
	 */
	public List<Tile> tiles(long width, long height) {
		return tiles(width, height, tileSize);
	}

	private List<Tile> tiles(long width, long height, int tile) {
		if (width < 1 || height < 1) throw new IllegalArgumentException("Cannot tile an empty image (" + width +
			"x" + height + ").");
		Axis x = new Axis(width, tile), y = new Axis(height, tile);
		long count = (long) x.starts.length * y.starts.length;
		if (count > Integer.MAX_VALUE) throw new IllegalArgumentException("An image of " + width + "x" + height +
			" needs too many tiles of " + tile + " pixels; use larger tiles.");
		List<Tile> tiles = new ArrayList<>((int) count);
		for (int row = 0; row < y.starts.length; row++)
			for (int column = 0; column < x.starts.length; column++)
				tiles.add(new Tile(tiles.size(), column, row, x.starts[column], y.starts[row], x.weights[column],
					y.weights[row]));
		return tiles;
	}

	/**
	 * Runs {@code f} over {@code input} tile by tile and blends the outputs.
	 *
	 * @param input an (x, y, c) image, or (x, y) for one channel; any min
	 * @param outChannels the number of channels {@code f} returns
	 * @param f the network, or any function from input tiles to output tiles of the same x, y size
	 * @param progress receives "Tile k of n" and the fraction done; checked for cancellation before each batch
	 * @return a new (x, y, outChannels) image of the input's width and height, zero min
	 * @throws java.util.concurrent.CancellationException if the user cancelled
	 * @throws IllegalStateException if even one tile of the smallest size does not fit in memory, or if
	 *           {@code f} returns outputs of the wrong number or size
	 */
	public Img<FloatType> process(RandomAccessibleInterval<FloatType> input, int outChannels, TileFunction f,
		Progress progress)
	{
		return processAll(Collections.singletonList(input), outChannels, f, progress).get(0);
	}

	/**
	 * Runs {@code f} over several images at once, as {@link #process} does over one, batching tiles of the same
	 * size across images: many small crops (the damaged regions of a photo) then cost as few network calls as
	 * the tiles of one large image. Tiles are grouped by size; a batch never mixes sizes or channel counts.
	 *
	 * @param inputs (x, y, c) or (x, y) images, any sizes and mins; at least one
	 * @return one new (x, y, outChannels) image per input, in the same order, zero min
	 * @throws java.util.concurrent.CancellationException if the user cancelled
	 * @throws IllegalStateException as {@link #process}
	 */
	public List<Img<FloatType>> processAll(List<? extends RandomAccessibleInterval<FloatType>> inputs,
		int outChannels, TileFunction f, Progress progress)
	{
		if (outChannels < 1) throw new IllegalArgumentException("A tile function must return at least one " +
			"channel, not " + outChannels + ".");
		if (inputs.isEmpty()) throw new IllegalArgumentException("No images to process.");
		List<Source> sources = new ArrayList<>(inputs.size());
		for (RandomAccessibleInterval<FloatType> input : inputs)
			sources.add(new Source(input, outChannels));

		int tile = tileSize;
		int batch = batchSize;
		while (true) {
			List<Job> jobs = jobs(sources, tile);
			try {
				run(jobs, outChannels, f, batch, progress);
				List<Img<FloatType>> results = new ArrayList<>(sources.size());
				for (Source s : sources)
					results.add(s.result);
				return results;
			}
			catch (OutOfMemoryAtOneTile e) {
				Tile failed = e.job.tile;
				int smaller = smallerTileSize(e.job.source.width, e.job.source.height, tile, failed);
				if (smaller < 0) throw new IllegalStateException(notEnoughMemory(failed, tile), e.getCause());
				progress.log("Out of memory with tiles of " + failed.width() + "x" + failed.height() + " pixels (" +
					describe(e.getCause()) + "); starting again with tile size " + smaller + ".");
				tile = smaller;
				batch = 1;
				for (Source s : sources)
					for (FloatType v : s.result)
						v.setZero();
			}
		}
	}

	private String notEnoughMemory(Tile failed, int tile) {
		return "Not enough memory to process even one tile of " + failed.width() + "x" + failed.height() +
			" pixels (tile size " + tile + ", overlap " + overlap + "; with this overlap the smallest tile size is " +
			minimumTileSize() + "). Close other images, give Java more memory (the network's native memory is " +
			"limited to the same amount), or use a smaller tile size or overlap.";
	}

	/** One input image of {@link #processAll}, prepared for reading, with its result. */
	private static final class Source {

		final RandomAccessibleInterval<FloatType> image;
		final RandomAccessible<FloatType> mirrored;
		final long width, height, channels;
		final Img<FloatType> result;

		Source(RandomAccessibleInterval<FloatType> input, int outChannels) {
			RandomAccessibleInterval<FloatType> img = Views.zeroMin(input);
			if (img.numDimensions() == 2) img = Views.addDimension(img, 0, 0);
			if (img.numDimensions() != 3) throw new IllegalArgumentException("Expected an (x, y) or (x, y, c) " +
				"image, got " + img.numDimensions() + " dimensions.");
			image = img;
			width = img.dimension(0);
			height = img.dimension(1);
			channels = img.dimension(2);
			result = Util.getSuitableImgFactory(new FinalDimensions(width, height, outChannels), new FloatType())
				.create(width, height, outChannels);
			mirrored = mirrorExtended(img);
		}
	}

	/** One tile of one source. */
	private static final class Job {

		final Source source;
		final Tile tile;

		Job(Source source, Tile tile) {
			this.source = source;
			this.tile = tile;
		}

		boolean sameShape(Job other) {
			return tile.width() == other.tile.width() && tile.height() == other.tile.height() &&
				source.channels == other.source.channels;
		}
	}

	/** @return the tiles of all sources, those of the same size and channel count next to each other */
	private List<Job> jobs(List<Source> sources, int tile) {
		List<Job> jobs = new ArrayList<>();
		for (Source s : sources)
			for (Tile t : tiles(s.width, s.height, tile))
				jobs.add(new Job(s, t));
		if (sources.size() > 1) jobs.sort(Comparator.<Job> comparingInt(j -> j.tile.width()).thenComparingInt(
			j -> j.tile.height()).thenComparingLong(j -> j.source.channels)); // stable: image order kept within a size
		return jobs;
	}

	/** Processes all tiles into their results, halving the batch on running out of memory. */
	private void run(List<Job> jobs, int outChannels, TileFunction f, int batch, Progress progress)
		throws OutOfMemoryAtOneTile
	{
		int n = jobs.size();
		int done = 0;
		progress.progress(0);
		while (done < n) {
			progress.checkCanceled();
			int count = 1;
			while (count < batch && done + count < n && jobs.get(done + count).sameShape(jobs.get(done)))
				count++;
			List<Job> batchJobs = jobs.subList(done, done + count);
			progress.status(count == 1 ? "Tile " + (done + 1) + " of " + n : "Tiles " + (done + 1) + "-" + (done +
				count) + " of " + n);
			List<? extends RandomAccessibleInterval<FloatType>> outputs;
			try {
				List<Img<FloatType>> inputs = new ArrayList<>(count);
				for (Job j : batchJobs)
					inputs.add(read(j.tile, j.source.image, j.source.mirrored, j.source.channels));
				outputs = f.apply(inputs);
			}
			catch (OutOfMemoryError | RuntimeException e) {
				if (!isOutOfMemory(e)) throw e;
				if (count == 1) throw new OutOfMemoryAtOneTile(batchJobs.get(0), e);
				batch = count / 2;
				progress.log("Out of memory with " + count + " tiles per batch; retrying with " + batch + ".");
				continue;
			}
			if (outputs == null || outputs.size() != count) throw new IllegalStateException("The tile function " +
				"returned " + (outputs == null ? "nothing" : outputs.size() + " tiles") + " for " + count +
				" input tiles.");
			for (int i = 0; i < count; i++)
				accumulate(batchJobs.get(i).tile, outputs.get(i), batchJobs.get(i).source.result, outChannels);
			done += count;
			progress.progress((double) done / n);
		}
	}

	/** @return a new (x, y, c) ArrayImg with the tile's input, read mirrored where it leaves the image */
	private static Img<FloatType> read(Tile t, RandomAccessibleInterval<FloatType> image,
		RandomAccessible<FloatType> mirrored, long channels)
	{
		Interval interval = new FinalInterval(new long[] { t.minX(), t.minY(), 0 }, new long[] { t.minX() + t
			.width() - 1, t.minY() + t.height() - 1, channels - 1 });
		RandomAccessible<FloatType> source = Intervals.contains(image, interval) ? image : mirrored;
		Img<FloatType> tile = ArrayImgs.floats(t.width(), t.height(), channels);
		Cursor<FloatType> from = Views.flatIterable(Views.interval(source, interval)).cursor();
		Cursor<FloatType> to = tile.cursor(); // an ArrayImg cursor runs in flat order
		while (to.hasNext())
			to.next().set(from.next());
		return tile;
	}

	/** Adds {@code weight * output} into the part of {@code result} that the tile covers. */
	private static void accumulate(Tile t, RandomAccessibleInterval<FloatType> output, Img<FloatType> result,
		int outChannels)
	{
		long[] expected = { t.width(), t.height(), outChannels };
		long[] got = Intervals.dimensionsAsLongArray(output);
		if (!Arrays.equals(expected, got)) throw new IllegalStateException("The tile function returned a tile of " +
			Arrays.toString(got) + " for an input tile of " + t.width() + "x" + t.height() + "; expected " + Arrays
				.toString(expected) + " (x, y, c).");
		Interval inImage = Intervals.intersect(Views.hyperSlice(result, 2, 0), t.interval());
		Interval region = new FinalInterval(new long[] { inImage.min(0), inImage.min(1), 0 }, new long[] { inImage
			.max(0), inImage.max(1), outChannels - 1 });
		RandomAccessibleInterval<FloatType> placed = Views.translate(Views.zeroMin(output), t.minX(), t.minY(), 0);
		Cursor<FloatType> from = Views.flatIterable(Views.interval(placed, region)).cursor();
		Cursor<FloatType> to = Views.flatIterable(Views.interval(result, region)).localizingCursor();
		while (to.hasNext()) {
			FloatType sum = to.next();
			float w = t.weight((int) (to.getLongPosition(0) - t.minX()), (int) (to.getLongPosition(1) - t.minY()));
			sum.setReal(sum.getRealFloat() + w * from.next().getRealFloat());
		}
	}

	/**
	 * @return the next tile size after {@code tile} ran out of memory with one tile per batch, one that
	 *         actually makes the tiles smaller; -1 if there is none
	 */
	private int smallerTileSize(long width, long height, int tile, Tile failed) {
		int min = minimumTileSize();
		int candidate = tile;
		while (candidate > min) {
			candidate = Math.max(min, roundDown(candidate / 2, multiple));
			Tile t = tiles(width, height, candidate).get(0);
			if ((long) t.width() * t.height() < (long) failed.width() * failed.height()) return candidate;
		}
		return -1;
	}

	/**
	 * @return the image extended by mirroring without repeating the border pixel; a side of one pixel (where
	 *         ImgLib2's mirror has period 0) is first doubled, which mirrors it to the same value
	 */
	private static RandomAccessible<FloatType> mirrorExtended(RandomAccessibleInterval<FloatType> image) {
		long[] max = Intervals.maxAsLongArray(image);
		boolean widen = false;
		for (int d = 0; d < max.length; d++)
			if (image.dimension(d) == 1) {
				max[d] = 1;
				widen = true;
			}
		RandomAccessibleInterval<FloatType> source = widen ? Views.interval(Views.extendBorder(image), new long[max.length],
			max) : image;
		return Views.extendMirrorSingle(source);
	}

	/**
	 * Tells whether a failure means "not enough memory", whichever layer reports it: the Java heap
	 * ({@link OutOfMemoryError}); JavaCPP, whose off-heap limits ({@code org.bytedeco.javacpp.maxbytes},
	 * {@code maxphysicalbytes}) throw an {@code OutOfMemoryError} "Cannot allocate new ...Pointer" or "Physical
	 * memory usage is too high", which DL4J wraps in a RuntimeException "Error during neural network forward
	 * pass"; and ND4J's native allocator, whose failed {@code malloc} surfaces as a bare
	 * {@code RuntimeException("std::bad_alloc")} (from {@code Nd4jCpu.mallocHost} in a workspace) or
	 * {@code RuntimeException("Allocation failed: [...]")} (from {@code OpaqueDataBuffer.allocateDataBuffer}).
	 * CUDA reports "out of memory". Checked on the cause chain.
	 */
	public static boolean isOutOfMemory(Throwable e) {
		int depth = 0;
		for (Throwable t = e; t != null && depth < 32; t = t.getCause() == t ? null : t.getCause(), depth++) {
			if (t instanceof OutOfMemoryError) return true;
			String m = t.getMessage();
			if (m == null) continue;
			String lower = m.toLowerCase(Locale.ROOT);
			if (lower.contains("bad_alloc") || lower.contains("allocation failed") || lower.contains(
				"cannot allocate") || lower.contains("out of memory") || lower.contains("memory usage is too high") ||
				lower.contains("cudaerrormemoryallocation")) return true;
		}
		return false;
	}

	/** @return the class and message of the innermost cause that says "out of memory", for the log */
	static String describe(Throwable e) {
		Throwable said = e;
		int depth = 0;
		for (Throwable t = e; t != null && depth < 32; t = t.getCause() == t ? null : t.getCause(), depth++)
			if (t instanceof OutOfMemoryError || t.getMessage() != null && isOutOfMemory(new RuntimeException(t
				.getMessage()))) said = t;
		String m = said.getMessage();
		return said.getClass().getSimpleName() + (m == null ? "" : ": " + (m.length() > 120 ? m.substring(0, 120) +
			"..." : m));
	}

	/** The positions and 1D weights of the tiles along one axis. */
	private final class Axis {

		final long[] starts;
		final float[][] weights;

		Axis(long length, int tile) {
			if (length <= tile) { // one tile, just large enough, centred
				int size = (int) roundUp(length, multiple);
				starts = new long[] { -((size - length) / 2) };
				float[] ones = new float[size];
				Arrays.fill(ones, 1f);
				weights = new float[][] { ones };
				return;
			}
			int step = tile - overlap;
			long count = tilesAlong(length, tile);
			if (count > Integer.MAX_VALUE) throw new IllegalArgumentException("An image side of " + length +
				" pixels needs too many tiles of " + tile + " pixels.");
			long excess = (count - 1) * step + tile - length;
			starts = new long[(int) count];
			weights = new float[(int) count][];
			float[] ramp = ramp(overlap);
			for (int i = 0; i < count; i++) {
				starts[i] = i * (long) step - excess / 2;
				float[] w = new float[tile];
				Arrays.fill(w, 1f);
				for (int q = 0; q < overlap; q++) {
					if (i > 0) w[q] = ramp[q]; // rising from the previous tile
					if (i < count - 1) w[tile - overlap + q] = 1f - ramp[q]; // the next tile's complement
				}
				weights[i] = w;
			}
		}
	}

	/** @return a linear ramp over {@code n} pixels, centred in each pixel, in multiples of 1/WEIGHT_STEPS */
	static float[] ramp(int n) {
		float[] r = new float[n];
		for (int q = 0; q < n; q++)
			r[q] = Math.round((q + 0.5) / n * WEIGHT_STEPS) / (float) WEIGHT_STEPS;
		return r;
	}

	private static int roundUp(int value, int multiple) {
		return (value + multiple - 1) / multiple * multiple;
	}

	private static long roundUp(long value, int multiple) {
		return (value + multiple - 1) / multiple * multiple;
	}

	private static int roundDown(int value, int multiple) {
		return value / multiple * multiple;
	}

	/** Thrown inside {@link #process} when one tile per batch is still too much; carries the original error. */
	private static final class OutOfMemoryAtOneTile extends Exception {

		private static final long serialVersionUID = 1L;

		final transient Job job;

		OutOfMemoryAtOneTile(Job job, Throwable cause) {
			super(cause);
			this.job = job;
		}
	}
}
