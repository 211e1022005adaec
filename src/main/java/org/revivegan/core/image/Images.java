package org.revivegan.core.image;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
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

/**
 * Small image utilities of the core: conversions between pixel types and resampling of (x, y, c) images.
 * Inner loops work on the planar arrays of {@link ArrayImg}s (index {@code x + w * (y + h * c)}).
 */
public final class Images {

	private Images() {}

	/** The most values one Java array can hold (the JVM's limit, a few below {@code Integer.MAX_VALUE}). */
	public static final long MAX_ARRAY_VALUES = Integer.MAX_VALUE - 8;

	/**
	 * The guard of every method that copies a whole image into one Java array: a user's scan can have more
	 * values than an array holds (2^31), and the product of its dimensions would then silently overflow an int.
	 *
	 * @param what what needs the array, for the message ("colourise", "compute SSIM")
	 * @param dims the dimensions of the array, x and y first
	 * @return the number of values, which fits in an array
	 * @throws IllegalArgumentException "The image is too large (W x H ...); ..." if it does not fit
	 */
	public static int arrayLength(String what, long... dims) {
		long n = 1;
		try {
			for (long d : dims)
				n = Math.multiplyExact(n, d);
		}
		catch (ArithmeticException e) {
			n = Long.MAX_VALUE;
		}
		if (n >= 0 && n <= MAX_ARRAY_VALUES) return (int) n;
		StringBuilder size = new StringBuilder();
		for (int i = 0; i < dims.length; i++)
			size.append(i == 0 ? "" : " x ").append(dims[i]);
		throw new IllegalArgumentException("The image is too large (" + size + (n == Long.MAX_VALUE ? "" : " = " + n +
			" values") + ") to " + what + " in one piece: one array holds at most " + MAX_ARRAY_VALUES +
			" values. Crop it or scale it down first.");
	}

	/** @return {@link #arrayLength(String, long...)} of the image's dimensions */
	public static int arrayLength(String what, RandomAccessibleInterval<?> img) {
		return arrayLength(what, Intervals.dimensionsAsLongArray(img));
	}

	/** @return a copy as floats in [0, 1], dividing by {@code maxValue} (255 for 8-bit, 65535 for 16-bit) */
	public static ArrayImg<FloatType, FloatArray> toFloats(RandomAccessibleInterval<? extends RealType<?>> img,
		double maxValue)
	{
		arrayLength("convert to floats", img);
		ArrayImg<FloatType, FloatArray> out = ArrayImgs.floats(Intervals.dimensionsAsLongArray(img));
		Cursor<? extends RealType<?>> in = Views.flatIterable(Views.zeroMin(img)).cursor();
		float[] a = out.update(null).getCurrentStorageArray();
		float scale = (float) (1 / maxValue);
		for (int i = 0; in.hasNext(); i++)
			a[i] = in.next().getRealFloat() * scale;
		return out;
	}

	/** @return an 8-bit copy of a [0, 1] float image (clamped, rounded) */
	public static ArrayImg<UnsignedByteType, ByteArray> toBytes(RandomAccessibleInterval<FloatType> img) {
		arrayLength("convert to 8 bits", img);
		ArrayImg<UnsignedByteType, ByteArray> out = ArrayImgs.unsignedBytes(Intervals.dimensionsAsLongArray(img));
		Cursor<FloatType> in = Views.flatIterable(Views.zeroMin(img)).cursor();
		byte[] a = out.update(null).getCurrentStorageArray();
		for (int i = 0; in.hasNext(); i++)
			a[i] = (byte) Math.round(Math.max(0, Math.min(1, in.next().get())) * 255);
		return out;
	}

	/** @return the float array behind an ArrayImg of floats, or a flat-order copy of any other image */
	public static float[] floats(RandomAccessibleInterval<FloatType> img) {
		if (img instanceof ArrayImg && ((ArrayImg<?, ?>) img).update(null) instanceof FloatArray)
			return ((FloatArray) ((ArrayImg<?, ?>) img).update(null)).getCurrentStorageArray();
		return toFloats(img, 1).update(null).getCurrentStorageArray();
	}

	/**
	 * Resamples the square window {@code [x0, x0 + size) x [y0, y0 + size)} of an 8-bit (x, y, c) image to an
	 * {@code out x out} float crop in [0, 1], averaging k x k bilinear samples per output pixel when it shrinks
	 * (k = ceil(size / out)), so that down-scaled crops are not aliased. Optionally mirrors it left-right.
	 */
	public static ArrayImg<FloatType, FloatArray> crop(ArrayImg<UnsignedByteType, ByteArray> src, double x0, double y0,
		double size, int out, boolean flip)
	{
		int w = (int) src.dimension(0), h = (int) src.dimension(1), c = (int) src.dimension(2);
		byte[] s = src.update(null).getCurrentStorageArray();
		ArrayImg<FloatType, FloatArray> result = ArrayImgs.floats(out, out, c);
		float[] r = result.update(null).getCurrentStorageArray();
		double step = size / out;
		int k = Math.max(1, (int) Math.ceil(step));
		double sub = step / k;
		float norm = 1f / (k * k * 255f);
		for (int oy = 0; oy < out; oy++) {
			for (int ox = 0; ox < out; ox++) {
				int dx = flip ? out - 1 - ox : ox;
				for (int ch = 0; ch < c; ch++) {
					int plane = ch * w * h;
					float acc = 0;
					for (int sy = 0; sy < k; sy++) {
						double fy = y0 + oy * step + (sy + 0.5) * sub - 0.5;
						for (int sx = 0; sx < k; sx++) {
							double fx = x0 + ox * step + (sx + 0.5) * sub - 0.5;
							acc += bilinear(s, plane, w, h, fx, fy);
						}
					}
					r[dx + out * (oy + out * ch)] = acc * norm;
				}
			}
		}
		return result;
	}

	private static float bilinear(byte[] s, int plane, int w, int h, double fx, double fy) {
		fx = Math.max(0, Math.min(w - 1, fx));
		fy = Math.max(0, Math.min(h - 1, fy));
		int x = (int) fx, y = (int) fy;
		int x1 = Math.min(w - 1, x + 1), y1 = Math.min(h - 1, y + 1);
		float ax = (float) (fx - x), ay = (float) (fy - y);
		float v00 = s[plane + x + w * y] & 0xff, v10 = s[plane + x1 + w * y] & 0xff;
		float v01 = s[plane + x + w * y1] & 0xff, v11 = s[plane + x1 + w * y1] & 0xff;
		return (v00 * (1 - ax) + v10 * ax) * (1 - ay) + (v01 * (1 - ax) + v11 * ax) * ay;
	}

	/**
	 * @return the image shrunk by area averaging so that its longer side is at most {@code maxSide} (the
	 *         same image, copied, if it is already small enough)
	 */
	public static ArrayImg<UnsignedByteType, ByteArray> limitSize(ArrayImg<UnsignedByteType, ByteArray> img, int maxSide) {
		long w = img.dimension(0), h = img.dimension(1);
		long longer = Math.max(w, h);
		if (longer <= maxSide) return img;
		double f = (double) maxSide / longer;
		int nw = (int) Math.max(1, Math.round(w * f)), nh = (int) Math.max(1, Math.round(h * f));
		int c = (int) img.dimension(2);
		// reuse crop's area-averaging resampler on non-square outputs, row-band by row-band is not needed:
		ArrayImg<UnsignedByteType, ByteArray> out = ArrayImgs.unsignedBytes(nw, nh, c);
		byte[] s = img.update(null).getCurrentStorageArray();
		byte[] o = out.update(null).getCurrentStorageArray();
		double sx = (double) w / nw, sy = (double) h / nh;
		for (int ch = 0; ch < c; ch++) {
			int plane = (int) (ch * w * h);
			for (int y = 0; y < nh; y++) {
				int ya = (int) Math.floor(y * sy), yb = (int) Math.min(h, Math.ceil((y + 1) * sy));
				for (int x = 0; x < nw; x++) {
					int xa = (int) Math.floor(x * sx), xb = (int) Math.min(w, Math.ceil((x + 1) * sx));
					int sum = 0, n = 0;
					for (int yy = ya; yy < yb; yy++)
						for (int xx = xa; xx < xb; xx++) {
							sum += s[plane + xx + (int) w * yy] & 0xff;
							n++;
						}
					o[x + nw * (y + nh * ch)] = (byte) Math.round((float) sum / Math.max(1, n));
				}
			}
		}
		return out;
	}

	/** @return an 8-bit (x, y, 3) copy of any (x, y) or (x, y, c) image with values in [0, maxValue] */
	public static ArrayImg<UnsignedByteType, ByteArray> rgbBytes(RandomAccessibleInterval<? extends RealType<?>> img,
		double maxValue)
	{
		long w = img.dimension(0), h = img.dimension(1);
		int c = img.numDimensions() > 2 ? (int) img.dimension(2) : 1;
		if (c != 1 && c != 3) throw new IllegalArgumentException("Expected a grayscale or RGB image, not " + c +
			" channels.");
		arrayLength("convert to 8-bit RGB", w, h, 3);
		ArrayImg<UnsignedByteType, ByteArray> out = ArrayImgs.unsignedBytes(w, h, 3);
		byte[] o = out.update(null).getCurrentStorageArray();
		Cursor<? extends RealType<?>> in = Views.flatIterable(Views.zeroMin(img)).cursor();
		int plane = (int) (w * h);
		for (int i = 0; in.hasNext(); i++) {
			byte v = (byte) Math.round(Math.max(0, Math.min(1, in.next().getRealDouble() / maxValue)) * 255);
			if (c == 3) o[i] = v;
			else {
				o[i] = v;
				o[i + plane] = v;
				o[i + 2 * plane] = v;
			}
		}
		return out;
	}

	/** @return an image of the given dims with the same values (for tests and small conversions) */
	public static Img<FloatType> copy(RandomAccessibleInterval<FloatType> img) {
		return toFloats(img, 1);
	}

	/**
	 * Resizes one float plane (row-major, {@code w x h}) to {@code nw x nh}: area averaging per axis when it
	 * shrinks, bilinear interpolation (pixel centres aligned) when it grows.
	 */
	public static float[] resizePlane(float[] src, int w, int h, int nw, int nh) {
		arrayLength("resize", nw, h);
		arrayLength("resize", nw, nh);
		float[] rows = new float[nw * h];
		for (int y = 0; y < h; y++)
			resample1d(src, y * w, 1, w, rows, y * nw, 1, nw);
		float[] out = new float[nw * nh];
		for (int x = 0; x < nw; x++)
			resample1d(rows, x, nw, h, out, x, nw, nh);
		return out;
	}

	/**
	 * Resamples {@code n} values of {@code in} (from {@code inOff}, every {@code inStride}) to {@code m} values of
	 * {@code out} (from {@code outOff}, every {@code outStride}) by the rule of {@link Taps}: area averaging when
	 * it shrinks, bilinear interpolation (pixel centres aligned) when it grows, a copy when {@code m == n}.
	 */
	public static void resample1d(float[] in, int inOff, int inStride, int n, float[] out, int outOff, int outStride,
		int m)
	{
		if (m == n) {
			for (int i = 0; i < n; i++)
				out[outOff + i * outStride] = in[inOff + i * inStride];
			return;
		}
		Taps taps = new Taps(n, m);
		for (int j = 0; j < m; j++) {
			taps.of(j);
			double sum = 0;
			for (int k = 0; k < taps.count; k++)
				sum += taps.weight[k] * in[inOff + taps.index[k] * inStride];
			out[outOff + j * outStride] = (float) (sum / taps.divisor);
		}
	}

	/**
	 * Row {@code j} of a plane resized vertically by {@code taps}: {@code out[x]} is the combination of column
	 * {@code x} of the taps' rows, for x below {@code out.length}. With {@link #resample1d} on each row this is
	 * {@link #resizePlane}, one output row at a time (for callers that stream rows).
	 *
	 * @param plane rows of {@code w} values from {@code offset}, row-major
	 * @param taps the taps of output row {@code j} ({@link Taps#of})
	 */
	public static void resampleRow(float[] plane, int offset, int w, Taps taps, float[] out) {
		for (int x = 0; x < out.length; x++) {
			double sum = 0;
			for (int k = 0; k < taps.count; k++)
				sum += taps.weight[k] * plane[offset + x + w * taps.index[k]];
			out[x] = (float) (sum / taps.divisor);
		}
	}

	/**
	 * The one resampling rule of the core, for {@code n} source samples to {@code m} outputs, each sample
	 * covering a unit interval: which samples make output {@code j}, and how. The output is
	 * {@code sum(weight(k) * in[index(k)]) / divisor()} over {@code k < count()}, summed in double in order.
	 * <ul>
	 * <li>Shrinking ({@code m < n}): area averaging. Output j covers {@code [j s, (j + 1) s)} with
	 * {@code s = n / m}; each source sample weighs its overlap with it, and the divisor is {@code s}.</li>
	 * <li>Growing ({@code m > n}): bilinear interpolation with pixel centres aligned, at source coordinate
	 * {@code (j + 0.5) n / m - 0.5} clamped to {@code [0, n - 1]} (one rounding: the product is exact, so the
	 * coordinate is the double nearest the true one); divisor 1.</li>
	 * <li>Equal: sample j, weight 1.</li>
	 * </ul>
	 * The indices ascend, and the first index of output j is at least the last of output j - 1, so a caller
	 * that reads the source row by row in order needs only the row it read last (see {@code Colorizer}).
	 * Reusable: {@link #of} overwrites the taps.
	 */
	public static final class Taps {

		private final int n, m;
		private final double scale;
		private final int[] index;
		private final double[] weight;
		private int count;
		private double divisor;

		public Taps(int n, int m) {
			if (n < 1 || m < 1) throw new IllegalArgumentException("Cannot resample " + n + " values to " + m + ".");
			this.n = n;
			this.m = m;
			this.scale = (double) n / m;
			int most = m < n ? (int) Math.ceil(scale) + 1 : 2;
			index = new int[most];
			weight = new double[most];
		}

		/** @return these taps, set to those of output sample {@code j} (0 to m - 1) */
		public Taps of(int j) {
			count = 0;
			if (m == n) {
				add(j, 1);
				divisor = 1;
			}
			else if (m < n) { // area average
				double a = j * scale, b = (j + 1) * scale;
				for (int i = (int) Math.floor(a); i < Math.min(n, (int) Math.ceil(b)); i++) {
					double overlap = Math.min(b, i + 1) - Math.max(a, i);
					if (overlap > 0) add(i, overlap);
				}
				divisor = scale;
			}
			else { // bilinear
				double f = Math.max(0, Math.min(n - 1, (j + 0.5) * n / m - 0.5));
				int i0 = (int) f, i1 = Math.min(n - 1, i0 + 1);
				double t = f - i0;
				add(i0, 1 - t);
				add(i1, t);
				divisor = 1;
			}
			return this;
		}

		private void add(int i, double w) {
			index[count] = i;
			weight[count++] = w;
		}

		/** @return how many source samples make the output */
		public int count() {
			return count;
		}

		/** @return the k-th source sample's index, ascending in k */
		public int index(int k) {
			return index[k];
		}

		/** @return the k-th source sample's weight */
		public double weight(int k) {
			return weight[k];
		}

		/** @return what the weighted sum is divided by */
		public double divisor() {
			return divisor;
		}
	}
}
