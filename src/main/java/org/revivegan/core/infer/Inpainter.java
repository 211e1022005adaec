package org.revivegan.core.infer;


import net.imglib2.Cursor;
import net.imglib2.FinalInterval;
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
import org.revivegan.core.model.Encoding;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.tiling.Tiler;

/**
 * Fills the damaged pixels of an image with an inpainting model; every other pixel comes back bit-identical.
 * <p>
 * Only the bounding box of the damage, grown by a context margin, goes through the network, tiled with
 * overlap and blended seams, reflect-padded to the network's size multiple. Grayscale images are inpainted as
 * RGB and written back as the channel mean; 16-bit and 32-bit values keep their range.
 * </p>
 */
public final class Inpainter {

	/** Context around the damage that the network sees, in pixels. */
	public static final int CONTEXT = 64;

	private final ModelFile model;
	private final ComputationGraph generator;
	private int batchSize = 4;

	public Inpainter(ModelFile model) {
		if (model.task() != Task.INPAINT) throw new IllegalArgumentException("This is a " + model.task().id() +
			" model; inpainting needs an inpainting model.");
		this.model = model;
		this.generator = model.generator();
	}

	public Inpainter withBatchSize(int tiles) {
		this.batchSize = Math.max(1, tiles);
		return this;
	}

	public ModelFile model() {
		return model;
	}

	/**
	 * @param image (x, y) grayscale or (x, y, 3) RGB with values in [0, maxValue]; not modified
	 * @param mask (x, y), non-zero = damaged
	 * @param output same dimensions as {@code image}; receives the image with the damaged pixels replaced (it
	 *          may be a copy made by the caller, or a new image)
	 * @throws IllegalArgumentException if sizes differ, the channel count is not 1 or 3, or the mask is empty
	 */
	public <T extends RealType<T>, U extends RealType<U>> void inpaint(RandomAccessibleInterval<T> image,
		RandomAccessibleInterval<? extends RealType<?>> mask, double maxValue, RandomAccessibleInterval<U> output,
		Progress progress)
	{
		long w = image.dimension(0), h = image.dimension(1);
		int channels = image.numDimensions() > 2 ? (int) image.dimension(2) : 1;
		if (channels != 1 && channels != 3) throw new IllegalArgumentException("Inpainting needs a grayscale or RGB " +
			"image; this one has " + channels + " channels. Split the channels or convert to RGB first.");
		if (mask.dimension(0) != w || mask.dimension(1) != h) throw new IllegalArgumentException("The mask is " +
			mask.dimension(0) + "x" + mask.dimension(1) + " but the image is " + w + "x" + h + "; they must be the same size.");
		if (!Intervals.equalDimensions(image, output)) throw new IllegalArgumentException("Output and image differ in size.");
		if (!(maxValue > 0)) throw new IllegalArgumentException("maxValue must be positive.");

		// Copy the input to the output: every pixel outside the damage stays exactly as it was.
		LoopBuilder.setImages(Views.zeroMin(image), Views.zeroMin(output)).forEachPixel((i, o) -> o.setReal(i.getRealDouble()));

		long[] box = boundingBox(mask);
		if (box == null) throw new IllegalArgumentException("The damage mask is empty: nothing to inpaint. Mark the " +
			"damage first (a selection, a mask image or the damage brush).");
		long x0 = Math.max(0, box[0] - CONTEXT), y0 = Math.max(0, box[1] - CONTEXT);
		long x1 = Math.min(w - 1, box[2] + CONTEXT), y1 = Math.min(h - 1, box[3] + CONTEXT);
		FinalInterval region = new FinalInterval(new long[] { x0, y0 }, new long[] { x1, y1 });
		int rw = (int) (x1 - x0 + 1), rh = (int) (y1 - y0 + 1);

		// Region as RGB floats in [0, 1] and its mask
		ArrayImg<FloatType, FloatArray> rgb = ArrayImgs.floats(rw, rh, 3);
		float[] r = rgb.update(null).getCurrentStorageArray();
		RandomAccessibleInterval<T> src = Views.zeroMin(image);
		RandomAccess<T> ra = src.randomAccess();
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
		byte[] mb = m.update(null).getCurrentStorageArray();
		Cursor<? extends RealType<?>> mc = Views.flatIterable(Views.interval(Views.zeroMin(mask), region)).cursor();
		for (int i = 0; mc.hasNext(); i++)
			mb[i] = (byte) (mc.next().getRealDouble() != 0 ? 1 : 0);

		ArrayImg<FloatType, FloatArray> encoded = Encoding.inpaintInput(rgb, m, model.metadata().inputFill);
		Tiler tiler = new Tiler(tileSize(), model.metadata().tileOverlap, model.metadata().generator.multiple())
			.withBatchSize(batchSize);
		Img<FloatType> result = tiler.process(encoded, 3, GeneratorTiles.of(generator), progress);

		// Write back only the damaged pixels, converted to the output's range
		RandomAccess<FloatType> res = result.randomAccess();
		RandomAccess<U> out = Views.zeroMin(output).randomAccess();
		for (int y = 0; y < rh; y++)
			for (int x = 0; x < rw; x++) {
				if (mb[x + rw * y] == 0) continue;
				res.setPosition(x, 0);
				res.setPosition(y, 1);
				out.setPosition(x0 + x, 0);
				out.setPosition(y0 + y, 1);
				float[] rgbOut = new float[3];
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

	/** @return {minX, minY, maxX, maxY} of the non-zero pixels, or null if there are none */
	static long[] boundingBox(RandomAccessibleInterval<? extends RealType<?>> mask) {
		long minX = Long.MAX_VALUE, minY = Long.MAX_VALUE, maxX = -1, maxY = -1;
		Cursor<? extends RealType<?>> c = Views.zeroMin(mask).localizingCursor();
		while (c.hasNext()) {
			if (c.next().getRealDouble() == 0) continue;
			long x = c.getLongPosition(0), y = c.getLongPosition(1);
			if (x < minX) minX = x;
			if (y < minY) minY = y;
			if (x > maxX) maxX = x;
			if (y > maxY) maxY = y;
		}
		return maxX < 0 ? null : new long[] { minX, minY, maxX, maxY };
	}
}
