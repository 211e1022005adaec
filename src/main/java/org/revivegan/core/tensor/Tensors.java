package org.revivegan.core.tensor;

import java.util.Arrays;
import java.util.List;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one place where ImgLib2 images and ND4J arrays convert into each other.
 * <p>
 * Networks take {@code float} tensors in NCHW layout: {@code [examples, channels, height, width]}. An image in
 * the core is an (x, y, c) or (x, y) {@link RandomAccessibleInterval}; its flat iteration order (x fastest,
 * then y, then c) is exactly the memory order of one NCHW example, so a conversion is a straight copy, and for
 * an {@link ArrayImg} of {@link FloatType} one bulk copy of its {@code float[]}. Keeping this in one class
 * means that no other code does index arithmetic on tensors, and that the layout is tested once.
 * </p>
 * <p>
 * Every conversion maps values by {@code value * scale + offset} <em>in the direction of the conversion</em>:
 * {@code toTensor(img, -1, 2)} maps an image in [0, 1] to a tensor in [-1, 1] (a tanh generator's range), and
 * {@code toImg(t, 0, 0.5, 0.5)} maps it back. The arithmetic is done in {@code double} and rounded to
 * {@code float} once, the same way on the fast and the general path, so both give identical results.
 * </p>
 * <p>
 * Arrays coming back from a network may be views or in 'f' order; they are read correctly whatever their
 * strides, and converted to {@code float} if they hold another data type. Sizes are limited to
 * {@link Integer#MAX_VALUE} elements per tensor, as Java arrays are.
 * </p>
 */
public final class Tensors {

	private Tensors() {}

	/**
	 * @param img an (x, y, c) or (x, y) image; its min need not be zero (a {@code Views.interval} of a larger
	 *          image is fine)
	 * @param offset added after scaling
	 * @param scale multiplies every value
	 * @return a new {@code float} tensor {@code [1, C, H, W]} (C = 1 for an (x, y) image) holding
	 *         {@code value * scale + offset}; it does not share memory with the image
	 */
	public static INDArray toTensor(RandomAccessibleInterval<? extends RealType<?>> img, double offset,
		double scale)
	{
		long[] chw = chw(img, "image");
		float[] data = new float[checkedSize(1, chw)];
		fill(img, data, 0, offset, scale);
		return create(data, 1, chw);
	}

	/** @return {@link #toTensor(RandomAccessibleInterval, double, double)} with values unchanged */
	public static INDArray toTensor(RandomAccessibleInterval<? extends RealType<?>> img) {
		return toTensor(img, 0, 1);
	}

	/**
	 * Makes a batch from images of the same size, as a network's input for several tiles or training crops.
	 *
	 * @param imgs (x, y, c) or (x, y) images, all of the same dimensions; at least one
	 * @return a new {@code float} tensor {@code [N, C, H, W]} whose example {@code n} is
	 *         {@code toTensor(imgs.get(n), offset, scale)}
	 * @throws IllegalArgumentException if the list is empty or the images differ in size
	 */
	public static INDArray stack(List<? extends RandomAccessibleInterval<? extends RealType<?>>> imgs,
		double offset, double scale)
	{
		if (imgs.isEmpty()) throw new IllegalArgumentException("Cannot make a batch of no images.");
		long[] chw = chw(imgs.get(0), "image 0");
		int exampleSize = checkedSize(1, chw);
		float[] data = new float[checkedSize(imgs.size(), chw)];
		for (int n = 0; n < imgs.size(); n++) {
			RandomAccessibleInterval<? extends RealType<?>> img = imgs.get(n);
			long[] other = chw(img, "image " + n);
			if (!Arrays.equals(chw, other)) throw new IllegalArgumentException("Cannot make a batch of images of " +
				"different sizes: image " + n + " is " + describe(other) + ", image 0 is " + describe(chw) + ".");
			fill(img, data, n * exampleSize, offset, scale);
		}
		return create(data, imgs.size(), chw);
	}

	/**
	 * @param t a tensor {@code [N, C, H, W]}, or {@code [C, H, W]} for one example; any order, strides or data
	 *          type
	 * @param example which example {@code n} to convert
	 * @return a new (x, y, c) image of size (W, H, C) holding {@code value * scale + offset}
	 */
	public static ArrayImg<FloatType, FloatArray> toImg(INDArray t, int example, double offset, double scale) {
		long[] chw = exampleShape(t, example);
		float[] data = exampleData(t, example);
		if (offset != 0 || scale != 1) for (int i = 0; i < data.length; i++)
			data[i] = (float) (data[i] * scale + offset);
		return ArrayImgs.floats(data, chw[2], chw[1], chw[0]);
	}

	/** @return {@link #toImg(INDArray, int, double, double)} with values unchanged */
	public static ArrayImg<FloatType, FloatArray> toImg(INDArray t, int example) {
		return toImg(t, example, 0, 1);
	}

	/**
	 * Writes one example of a tensor into an existing image or view, such as a tile of a larger result.
	 *
	 * @param t a tensor {@code [N, C, H, W]} or {@code [C, H, W]}
	 * @param example which example to copy
	 * @param out (x, y, c) of size (W, H, C), or (x, y) of size (W, H) when C = 1; any min
	 * @throws IllegalArgumentException if the sizes differ
	 */
	public static void copyInto(INDArray t, int example, RandomAccessibleInterval<FloatType> out, double offset,
		double scale)
	{
		long[] chw = exampleShape(t, example);
		long[] target = chw(out, "target image");
		if (!Arrays.equals(chw, target)) throw new IllegalArgumentException("Cannot copy a tensor example of " +
			describe(chw) + " into an image of " + describe(target) + ".");
		float[] data = exampleData(t, example);
		float[] dst = floatArrayOf(out);
		if (dst != null) {
			for (int i = 0; i < data.length; i++)
				dst[i] = (float) (data[i] * scale + offset);
			return;
		}
		Cursor<FloatType> c = Views.flatIterable(out).cursor();
		for (int i = 0; i < data.length; i++)
			c.next().setReal(data[i] * scale + offset);
	}

	/** Copies the values of {@code img}, in flat iteration order, into {@code dst} from {@code dstOffset}. */
	private static void fill(RandomAccessibleInterval<? extends RealType<?>> img, float[] dst, int dstOffset,
		double offset, double scale)
	{
		float[] src = floatArrayOf(img);
		if (src != null) {
			if (offset == 0 && scale == 1) System.arraycopy(src, 0, dst, dstOffset, src.length);
			else for (int i = 0; i < src.length; i++)
				dst[dstOffset + i] = (float) (src[i] * scale + offset);
			return;
		}
		Cursor<? extends RealType<?>> c = Views.flatIterable(img).cursor();
		int i = dstOffset;
		while (c.hasNext())
			dst[i++] = (float) (c.next().getRealDouble() * scale + offset);
	}

	/**
	 * @return the backing array if {@code img} is an {@link ArrayImg} of {@link FloatType} (whose flat order is
	 *         its memory order), else null
	 */
	private static float[] floatArrayOf(RandomAccessibleInterval<?> img) {
		if (!(img instanceof ArrayImg)) return null;
		ArrayImg<?, ?> arrayImg = (ArrayImg<?, ?>) img;
		if (!(arrayImg.firstElement() instanceof FloatType)) return null;
		Object access = arrayImg.update(null);
		if (!(access instanceof FloatArray)) return null;
		float[] data = ((FloatArray) access).getCurrentStorageArray();
		return data.length == arrayImg.size() ? data : null;
	}

	/** @return {C, H, W} of an (x, y) or (x, y, c) image */
	private static long[] chw(RandomAccessibleInterval<?> img, String what) {
		long[] d = Intervals.dimensionsAsLongArray(img);
		if (d.length == 2) return new long[] { 1, d[1], d[0] };
		if (d.length == 3) return new long[] { d[2], d[1], d[0] };
		throw new IllegalArgumentException("Expected an (x, y) or (x, y, c) image, but the " + what + " has " +
			d.length + " dimensions.");
	}

	/** @return {C, H, W} of example {@code example} of an NCHW or CHW tensor */
	private static long[] exampleShape(INDArray t, int example) {
		long[] s = t.shape();
		if (s.length == 3) {
			if (example != 0) throw new IndexOutOfBoundsException("Example " + example +
				" of a tensor with a single example " + Arrays.toString(s) + ".");
			return s.clone();
		}
		if (s.length != 4) throw new IllegalArgumentException("Expected a tensor [N, C, H, W] or [C, H, W], got " +
			Arrays.toString(s) + ".");
		if (example < 0 || example >= s[0]) throw new IndexOutOfBoundsException("Example " + example +
			" of a tensor " + Arrays.toString(s) + ".");
		return new long[] { s[1], s[2], s[3] };
	}

	/** @return a new array with the values of example {@code example}, in CHW 'c' order */
	private static float[] exampleData(INDArray t, int example) {
		INDArray a = t.dataType() == DataType.FLOAT ? t : t.castTo(DataType.FLOAT);
		long[] chw = exampleShape(a, example);
		int size = checkedSize(1, chw);
		if (a.rank() == 3) a = a.reshape('c', 1, chw[0], chw[1], chw[2]);
		// A view's data() may already be offset, so only a whole array in 'c' order is read from its buffer.
		if (!a.isView() && a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a))
			return a.data().getFloatsAt((long) example * size, size);
		INDArray one = a.slice(example).dup('c'); // a fresh array with exactly the example's elements
		return one.data().getFloatsAt(0, size);
	}

	private static INDArray create(float[] data, long examples, long[] chw) {
		long[] shape = { examples, chw[0], chw[1], chw[2] };
		return Nd4j.create(data, shape, Nd4j.getStrides(shape, 'c'), 'c', DataType.FLOAT);
	}

	private static int checkedSize(long examples, long[] chw) {
		long size = examples * chw[0] * chw[1] * chw[2];
		if (size > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("A tensor of " + examples + " x " +
			describe(chw) + " is too large (more than 2^31 values); use smaller tiles or batches.");
		return (int) size;
	}

	private static String describe(long[] chw) {
		return chw[2] + "x" + chw[1] + "x" + chw[0] + " (x, y, c)";
	}
}
