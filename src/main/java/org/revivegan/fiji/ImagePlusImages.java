package org.revivegan.fiji;

import java.awt.image.ColorModel;
import java.util.ArrayList;
import java.util.List;

import org.revivegan.core.image.SampleRanges;
import org.revivegan.core.progress.Progress;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;
import ij.process.ShortProcessor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.Sampler;
import net.imglib2.converter.Converters;
import net.imglib2.converter.readwrite.SamplerConverter;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.ByteAccess;
import net.imglib2.img.basictypeaccess.DoubleAccess;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * ImageJ 1 images seen as ImgLib2 images without copying, so the core engine reads and writes Fiji's own pixel
 * arrays.
 * <p>
 * The SciJava bridges (imagej-legacy, imglib2-ij) are not available to this project, so this class wraps the
 * pixel arrays of {@link ImageProcessor}s directly: a write through a wrapper changes the processor, and no
 * plane is ever copied. One processor is one plane: stacks and hyperstacks are walked with
 * {@link #forEachPlane(ImagePlus, Progress, PlaneVisitor)}.
 * </p>
 * <p>
 * Value ranges: the core takes images with values in [0, maxValue]. 8-bit and RGB use 255. 16-bit planes use
 * the smallest of the usual sensor ranges (8, 10, 12, 14, 15 or 16 bits: 255, 1023, 4095, 16383, 32767,
 * 65535) that holds their largest pixel, as ImageJ's "16-bit range" setting does: 12-bit data in a 16-bit
 * image are seen as a normal photo, not as a nearly black one, and what the networks write stays within
 * 0..4095. 32-bit data have no fixed range, so
 * {@link #plane(ImageProcessor)} presents a 32-bit plane <em>normalised</em> by the minimum and maximum of its
 * finite pixels to [0, 1] (maxValue 1), and writes through it are mapped back with the same scale: the float
 * data keep their precision and range, with no 8-bit round trip. Each plane of a 32-bit stack has its own
 * scale. Non-finite pixels (NaN, +-Infinity) read as themselves (the core treats them as 0 and they are best
 * marked as damage, see {@link MaskSources#fromNaN(FloatProcessor)}).
 * </p>
 */
public final class ImagePlusImages {

	private ImagePlusImages() {}

	/** @return the 8-bit plane as an (x, y) image over the processor's own byte[] */
	public static ArrayImg<UnsignedByteType, ByteArray> wrap(ByteProcessor ip) {
		return ArrayImgs.unsignedBytes((byte[]) ip.getPixels(), ip.getWidth(), ip.getHeight());
	}

	/** @return the 16-bit plane as an (x, y) image over the processor's own short[] */
	public static ArrayImg<UnsignedShortType, ShortArray> wrap(ShortProcessor ip) {
		return ArrayImgs.unsignedShorts((short[]) ip.getPixels(), ip.getWidth(), ip.getHeight());
	}

	/** @return the 32-bit plane, raw values, as an (x, y) image over the processor's own float[] */
	public static ArrayImg<FloatType, FloatArray> wrap(FloatProcessor ip) {
		return ArrayImgs.floats((float[]) ip.getPixels(), ip.getWidth(), ip.getHeight());
	}

	/**
	 * @return the RGB plane as a writable (x, y, 3) view over the processor's own int[], channels in the order
	 *         R, G, B, values 0..255; writing a channel changes only that byte of the packed pixel
	 */
	public static RandomAccessibleInterval<UnsignedByteType> wrap(ColorProcessor ip) {
		// Not Converters.argbChannels: in ImgLib2 7.1.2 its writes sign-extend values >= 128 into the higher
		// channels (value << shift without & 0xff), so a written blue of 200 turns red and green to 255.
		RandomAccessibleInterval<ARGBType> argb = ArrayImgs.argbs((int[]) ip.getPixels(), ip.getWidth(), ip
			.getHeight());
		List<RandomAccessibleInterval<UnsignedByteType>> channels = new ArrayList<>();
		for (int shift : new int[] { 16, 8, 0 })
			channels.add(Converters.convert(argb, new ChannelConverter(shift)));
		return Views.stack(channels);
	}

	/** One byte of a packed ARGB int, read and written unsigned. */
	private static final class ChannelConverter implements SamplerConverter<ARGBType, UnsignedByteType> {

		private final int shift;

		ChannelConverter(int shift) {
			this.shift = shift;
		}

		@Override
		public UnsignedByteType convert(Sampler<? extends ARGBType> sampler) {
			return new UnsignedByteType(new ByteAccess() {

				@Override
				public byte getValue(int index) {
					return (byte) (sampler.get().get() >> shift);
				}

				@Override
				public void setValue(int index, byte value) {
					ARGBType t = sampler.get();
					t.set((t.get() & ~(0xff << shift)) | ((value & 0xff) << shift));
				}
			});
		}
	}

	/**
	 * One plane ready for the core: an (x, y) or (x, y, 3) image over the processor's pixels, and the value
	 * that stands for white in it.
	 *
	 * @param <T> pixel type of the view
	 */
	public static final class Plane<T extends RealType<T>> {

		private final ImageProcessor processor;
		private final RandomAccessibleInterval<T> image;
		private final double maxValue;
		private final double offset, scale;

		private Plane(ImageProcessor processor, RandomAccessibleInterval<T> image, double maxValue, double offset,
			double scale)
		{
			this.processor = processor;
			this.image = image;
			this.maxValue = maxValue;
			this.offset = offset;
			this.scale = scale;
		}

		/** @return the processor whose pixels this plane shows */
		public ImageProcessor processor() {
			return processor;
		}

		/** @return the view, values in [0, {@link #maxValue()}]; writable, writes go to the processor */
		public RandomAccessibleInterval<T> image() {
			return image;
		}

		/**
		 * @return the value of white: 255; for 16-bit the top of the plane's bit range (see the class
		 *         description); 1 for a normalised 32-bit plane
		 */
		public double maxValue() {
			return maxValue;
		}

		/**
		 * @return the same kind of plane over {@code other} (same type and size, e.g. the result copy of this
		 *         plane) with <em>this</em> plane's scale, so values written to it map back to this plane's range
		 * @throws IllegalArgumentException if the type or size differs
		 */
		public Plane<?> over(ImageProcessor other) {
			if (other.getClass() != processor.getClass() || other.getWidth() != processor.getWidth() || other
				.getHeight() != processor.getHeight()) throw new IllegalArgumentException("The output plane (" +
					other.getWidth() + "x" + other.getHeight() + ", " + other.getBitDepth() + "-bit) does not match the " +
					"input plane (" + processor.getWidth() + "x" + processor.getHeight() + ", " + processor
						.getBitDepth() + "-bit).");
			if (other instanceof FloatProcessor) return normalised((FloatProcessor) other, offset, scale);
			if (other instanceof ShortProcessor) return new Plane<>(other, wrap((ShortProcessor) other), maxValue, 0, 1);
			return plane(other);
		}
	}

	/**
	 * @return the plane as the core wants it: 8-bit and 16-bit as (x, y), RGB as (x, y, 3), 32-bit as an (x, y)
	 *         view normalised to [0, 1] by the min and max of its finite pixels (see the class description)
	 */
	public static Plane<?> plane(ImageProcessor ip) {
		if (ip instanceof ByteProcessor) return new Plane<>(ip, wrap((ByteProcessor) ip), 255, 0, 1);
		if (ip instanceof ShortProcessor) return new Plane<>(ip, wrap((ShortProcessor) ip), sixteenBitRange((short[]) ip
			.getPixels()), 0, 1);
		if (ip instanceof ColorProcessor) return new Plane<>(ip, wrap((ColorProcessor) ip), 255, 0, 1);
		if (ip instanceof FloatProcessor) {
			double[] range = finiteRange((float[]) ip.getPixels());
			double scale = range[1] > range[0] ? range[1] - range[0] : 1;
			return normalised((FloatProcessor) ip, range[0], scale);
		}
		throw new IllegalArgumentException("Unsupported image type: " + ip.getClass().getSimpleName() + ".");
	}

	/**
	 * @return the largest maxValue of {@link #plane(ImageProcessor)} for this image's type: 255 for 8-bit and
	 *         RGB, 65535 for 16-bit (a plane may use a smaller bit range, see the class description), 1 for 32-bit
	 *         (whose planes are normalised to [0, 1])
	 */
	public static double maxValue(ImagePlus imp) {
		switch (imp.getBitDepth()) {
			case 8:
			case 24:
				return 255;
			case 16:
				return 65535;
			case 32:
				return 1;
			default:
				throw new IllegalArgumentException("Unsupported bit depth: " + imp.getBitDepth() + ".");
		}
	}

	/**
	 * @return the largest value of the smallest usual bit range (8, 10, 12, 14, 15, 16 bits) that holds every
	 *         pixel of a 16-bit plane: the rule of {@link SampleRanges}, which the command line uses too
	 */
	public static int sixteenBitRange(short[] pixels) {
		return SampleRanges.whiteLevel(pixels);
	}

	/** @return {min, max} of the finite values, or {0, 0} if there are none */
	static double[] finiteRange(float[] pixels) {
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (float v : pixels) {
			if (!Float.isFinite(v)) continue;
			if (v < min) min = v;
			if (v > max) max = v;
		}
		return min <= max ? new double[] { min, max } : new double[] { 0, 0 };
	}

	private static Plane<DoubleType> normalised(FloatProcessor ip, double offset, double scale) {
		RandomAccessibleInterval<DoubleType> view = Converters.convert(
			(RandomAccessibleInterval<FloatType>) wrap(ip), new NormalisingConverter(offset, scale));
		return new Plane<>(ip, view, 1, offset, scale);
	}

	/**
	 * Float pixel v seen as (v - offset) / scale. A write that sets the value the pixel already shows leaves the
	 * pixel untouched, so copying a plane onto its duplicate through two such views is bit-exact (the scaling
	 * itself would round some values by one ulp).
	 */
	private static final class NormalisingConverter implements SamplerConverter<FloatType, DoubleType> {

		private final double offset, scale;

		NormalisingConverter(double offset, double scale) {
			this.offset = offset;
			this.scale = scale;
		}

		@Override
		public DoubleType convert(Sampler<? extends FloatType> sampler) {
			return new DoubleType(new DoubleAccess() {

				@Override
				public double getValue(int index) {
					return (sampler.get().get() - offset) / scale;
				}

				@Override
				public void setValue(int index, double value) {
					FloatType t = sampler.get();
					if (Double.compare((t.get() - offset) / scale, value) == 0) return;
					t.set((float) (value * scale + offset));
				}
			});
		}
	}

	/** What {@link #forEachPlane(ImagePlus, Progress, PlaneVisitor)} calls for each plane. */
	@FunctionalInterface
	public interface PlaneVisitor {

		/**
		 * @param index 1-based stack index
		 * @param c 1-based channel
		 * @param z 1-based slice
		 * @param t 1-based frame
		 * @param ip the plane; its pixels are the stack's own (zero-copy)
		 * @param progress this plane's share of the overall progress
		 */
		void visit(int index, int c, int z, int t, ImageProcessor ip, Progress progress);
	}

	/**
	 * Calls {@code visitor} for every plane of the image (every channel, slice and frame of a hyperstack; the one
	 * plane of a single image), in stack order, checking for cancellation between planes and reporting "Plane i
	 * of n".
	 */
	public static void forEachPlane(ImagePlus imp, Progress progress, PlaneVisitor visitor) {
		ImageStack stack = imp.getStack();
		int n = stack.getSize();
		for (int i = 1; i <= n; i++) {
			progress.checkCanceled();
			if (n > 1) progress.status("Plane " + i + " of " + n);
			int[] czt = imp.convertIndexToPosition(i);
			ImageProcessor ip = n == 1 ? imp.getProcessor() : stack.getProcessor(i);
			visitor.visit(i, czt[0], czt[1], czt[2], ip, progress.slice((i - 1) / (double) n, 1.0 / n));
			progress.progress(i / (double) n);
		}
	}

	/**
	 * @return a new image holding a copy of every plane of {@code imp}, with its hyperstack dimensions,
	 *         calibration, display ranges, LUTs (and composite mode) and info, titled "{@code title}-restored";
	 *         {@code imp} is not modified, and its selection does not crop the copy
	 */
	public static ImagePlus duplicateForResult(ImagePlus imp, String title) {
		ImageStack copy = imp.getStack().duplicate();
		ColorModel cm = imp.getProcessor().getColorModel();
		if (imp.getBitDepth() != 24 && cm != null) copy.setColorModel(cm);
		ImagePlus result = new ImagePlus(title + "-restored", copy);
		result.setDimensions(imp.getNChannels(), imp.getNSlices(), imp.getNFrames());
		if (imp.isHyperStack() || imp.getOpenAsHyperStack()) result.setOpenAsHyperStack(true);
		result.setCalibration(imp.getCalibration().copy());
		Object info = imp.getProperty("Info");
		if (info != null) result.setProperty("Info", info);
		if (imp.isComposite()) {
			CompositeImage source = (CompositeImage) imp;
			CompositeImage composite = new CompositeImage(result, source.getMode());
			LUT[] luts = source.getLuts();
			LUT[] copies = new LUT[luts.length];
			for (int i = 0; i < luts.length; i++)
				copies[i] = (LUT) luts[i].clone();
			composite.setLuts(copies);
			composite.setDimensions(imp.getNChannels(), imp.getNSlices(), imp.getNFrames());
			composite.setCalibration(imp.getCalibration().copy());
			if (info != null) composite.setProperty("Info", info);
			composite.setPosition(imp.getC(), imp.getZ(), imp.getT());
			return composite;
		}
		if (result.getStackSize() > 1) result.setPosition(imp.getC(), imp.getZ(), imp.getT());
		result.setDisplayRange(imp.getDisplayRangeMin(), imp.getDisplayRangeMax());
		return result;
	}
}
