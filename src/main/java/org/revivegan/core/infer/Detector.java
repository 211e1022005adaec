package org.revivegan.core.infer;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.revivegan.core.image.Images;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.tiling.TileFunction;
import org.revivegan.core.tiling.Tiler;

/**
 * Proposes a damage mask for a photo with a detection model ({@link Task#DETECT}): the probability that each
 * pixel is local damage (scratch, dust, stain, stroke, tear), then a threshold the user chooses and, optionally,
 * the removal of connected specks smaller than {@link #withMinSize(int) minSize} pixels.
 * <p>
 * The whole image goes through the network, tile by tile with blended seams ({@link Tiler}), so any size works;
 * the input is read lazily (a converted view), so memory holds the probability map (4 bytes a pixel) and one
 * tile batch, not a float copy of the image. Grayscale images are seen as RGB with three equal channels.
 * The image is never modified.
 * </p>
 */
public final class Detector {

	/** The threshold of the commands unless the user sets another. */
	public static final double DEFAULT_THRESHOLD = 0.5;

	private final ModelFile model;
	private TileFunction network;
	/** Tiles per forward pass; 0: chosen from the tile size ({@link GeneratorTiles#batchFor}). */
	private int batchSize;
	private int minSize;

	public Detector(ModelFile model) {
		if (model.task() != Task.DETECT) throw new IllegalArgumentException("This is a " + model.task().id() +
			" model; damage detection needs a detect model (train one with 'revive train --task detect').");
		this.model = model;
		this.network = GeneratorTiles.of(model.generator());
	}

	public ModelFile model() {
		return model;
	}

	/**
	 * @param tiles tiles per forward pass (batched tiles give the same result as one at a time, to float
	 *          rounding); 0 to choose from the tile size, the default
	 */
	public Detector withBatchSize(int tiles) {
		this.batchSize = Math.max(0, tiles);
		return this;
	}

	/**
	 * @param pixels connected damage (8-connected) smaller than this many pixels is dropped from
	 *          {@link #detect} masks; 0 (the default) keeps everything
	 */
	public Detector withMinSize(int pixels) {
		if (pixels < 0) throw new IllegalArgumentException("The minimum damage size cannot be negative (" + pixels + ").");
		this.minSize = pixels;
		return this;
	}

	public int minSize() {
		return minSize;
	}

	/** For tests: runs {@code f} instead of the network. */
	Detector withTileFunction(TileFunction f) {
		this.network = f;
		return this;
	}

	/**
	 * @param image (x, y) grayscale or (x, y, 3) RGB, values in [0, maxValue]; not modified
	 * @return a new (x, y) image of damage probabilities in [0, 1]
	 * @throws IllegalArgumentException for another channel count or a non-positive maxValue
	 * @throws java.util.concurrent.CancellationException if the progress was cancelled
	 */
	public <T extends RealType<T>> ArrayImg<FloatType, FloatArray> probabilities(RandomAccessibleInterval<T> image,
		double maxValue, Progress progress)
	{
		RandomAccessibleInterval<FloatType> input = networkInput(image, maxValue);
		int multiple = model.metadata().generator.multiple();
		int tile = Math.max(multiple, model.metadata().tileSize);
		tile -= tile % multiple;
		int overlap = Math.min(model.metadata().tileOverlap, tile / 2);
		Tiler tiler = new Tiler(tile, overlap, multiple).withBatchSize(batchSize > 0 ? batchSize : GeneratorTiles
			.batchFor(tile));
		Img<FloatType> out = tiler.process(input, 1, network, progress);
		long w = image.dimension(0), h = image.dimension(1);
		ArrayImg<FloatType, FloatArray> p = ArrayImgs.floats(w, h);
		float[] a = p.update(null).getCurrentStorageArray();
		net.imglib2.Cursor<FloatType> c = Views.flatIterable(Views.hyperSlice(out, 2, 0)).cursor();
		for (int i = 0; c.hasNext(); i++) {
			float v = c.next().get();
			a[i] = Float.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0;
		}
		return p;
	}

	/**
	 * @param threshold pixels with a probability of at least this are damage, in [0, 1]
	 * @return a new (x, y) mask: 255 damaged, 0 intact; components smaller than {@link #minSize()} removed
	 */
	public <T extends RealType<T>> ArrayImg<UnsignedByteType, ByteArray> detect(RandomAccessibleInterval<T> image,
		double maxValue, double threshold, Progress progress)
	{
		checkThreshold(threshold);
		return threshold(probabilities(image, maxValue, progress), threshold, minSize);
	}

	/**
	 * Thresholds a probability map (so that a user can try thresholds without running the network again).
	 *
	 * @param probabilities (x, y) in [0, 1]
	 * @param minSize 8-connected components smaller than this are removed; 0 keeps all
	 * @return a new (x, y) mask, 255 where {@code probability >= threshold}, else 0
	 */
	public static ArrayImg<UnsignedByteType, ByteArray> threshold(RandomAccessibleInterval<FloatType> probabilities,
		double threshold, int minSize)
	{
		checkThreshold(threshold);
		float[] p = Images.floats(probabilities);
		int w = (int) probabilities.dimension(0), h = (int) probabilities.dimension(1);
		ArrayImg<UnsignedByteType, ByteArray> mask = ArrayImgs.unsignedBytes(w, h);
		byte[] m = mask.update(null).getCurrentStorageArray();
		for (int i = 0; i < m.length; i++)
			if (p[i] >= threshold) m[i] = (byte) 255;
		if (minSize > 1) DamageRegions.removeSmallComponents(m, w, h, minSize);
		return mask;
	}

	private static void checkThreshold(double threshold) {
		if (!(threshold >= 0 && threshold <= 1)) throw new IllegalArgumentException("The threshold is a probability " +
			"from 0 to 1, not " + threshold + ".");
	}

	/** @return a lazy (x, y, 3) view of the image in the network's [-1, 1] (NaN reads as 0) */
	static <T extends RealType<T>> RandomAccessibleInterval<FloatType> networkInput(RandomAccessibleInterval<T> image,
		double maxValue)
	{
		if (!(maxValue > 0)) throw new IllegalArgumentException("maxValue must be positive.");
		RandomAccessibleInterval<T> img = Views.zeroMin(image);
		int channels = img.numDimensions() > 2 ? (int) img.dimension(2) : 1;
		if (img.numDimensions() > 3 || (channels != 1 && channels != 3)) throw new IllegalArgumentException(
			"Damage detection needs a grayscale or RGB image; this one has dimensions " + java.util.Arrays.toString(
				Intervals.dimensionsAsLongArray(image)) + ". Split the channels or convert to RGB first.");
		if (channels == 1) img = Views.addDimension(img.numDimensions() == 2 ? img : Views.hyperSlice(img, 2, 0), 0, 2);
		double scale = 2 / maxValue;
		return Converters.convert(img, (in, out) -> {
			double v = in.getRealDouble() * scale - 1;
			out.setReal(Double.isFinite(v) ? Math.max(-1, Math.min(1, v)) : -1);
		}, new FloatType());
	}
}
