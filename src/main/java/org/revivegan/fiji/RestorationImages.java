package org.revivegan.fiji;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.imglib2.type.numeric.RealType;

import org.revivegan.core.color.ColorReference;
import org.revivegan.core.image.Images;
import org.revivegan.core.infer.Colorizer;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.restore.ColorizeRequest;
import org.revivegan.core.restore.InpaintRequest;
import org.revivegan.core.restore.InpaintResult;
import org.revivegan.core.restore.Plane;
import org.revivegan.core.restore.Planes;
import org.revivegan.core.train.PhotoAdaptation;
import org.revivegan.mask.DamageMask;

/**
 * ImagePlus images in and out of the restoration layer ({@link org.revivegan.core.restore.Restoration}) for the
 * Fiji commands: their planes as the pipeline reads them (views of the stack's own pixels, no copy), the mask
 * and colour settings as the commands' parameters say, and the colourised planes back as an image.
 */
public final class RestorationImages {

	private RestorationImages() {}

	/**
	 * @param into a duplicate of {@code image} ({@link ImagePlusImages#duplicateForResult}) whose planes receive
	 *          the inpainted pixels; null when the planes are only read
	 * @return every plane of the image (every channel, slice and frame), in stack order; a 32-bit plane's own
	 *         mask is its NaN pixels
	 */
	public static Planes planes(ImagePlus image, ImagePlus into) {
		return new StackPlanes(image, into, null);
	}

	/** @return the image's planes, each coloured into the next planes of {@code colours} */
	public static Planes colouring(ImagePlus image, ColourStack colours) {
		return new StackPlanes(image, null, colours);
	}

	private static final class StackPlanes implements Planes {

		private final ImagePlus image, into;
		private final ColourStack colours;
		private ImageStack stack, outStack;

		StackPlanes(ImagePlus image, ImagePlus into, ColourStack colours) {
			this.image = image;
			this.into = into;
			this.colours = colours;
		}

		/** the stacks as they are when the pipeline starts reading (a restoration colours what it inpainted) */
		private void open() {
			if (stack != null) return;
			stack = image.getStack();
			if (into != null) outStack = into.getStack();
		}

		@Override
		public int count() {
			open();
			return stack.getSize();
		}

		@Override
		public Plane<?> plane(int index) {
			open();
			ImageProcessor ip = stack.getSize() == 1 ? image.getProcessor() : stack.getProcessor(index + 1);
			ImagePlusImages.Plane<?> in = ImagePlusImages.plane(ip);
			Plane<?> plane = core(in).withOwnMask(() -> MaskSources.fromNaN(asFloat(ip)));
			if (outStack != null) plane.inpaintingInto(core(in.over(outStack.getProcessor(index + 1))));
			if (colours != null) plane.colouringInto(colours.add(ip, in.maxValue(), stack.getSliceLabel(index + 1)));
			return plane;
		}

		@Override
		public boolean channelsAreColours() {
			return image.getNChannels() > 1;
		}
	}

	private static <T extends RealType<T>> Plane<T> core(ImagePlusImages.Plane<T> plane) {
		return Plane.of(plane.image(), plane.maxValue());
	}

	private static FloatProcessor asFloat(ImageProcessor ip) {
		if (!(ip instanceof FloatProcessor)) throw new IllegalArgumentException("The 'nan' mask needs a 32-bit " +
			"image; choose another mask source.");
		return (FloatProcessor) ip;
	}

	/**
	 * Finds the damage mask of an image, as a command's {@code mask} parameter says.
	 *
	 * @return the mask, or null for "nan" (the mask is then read from each 32-bit plane's NaN pixels)
	 * @throws IllegalArgumentException if the source has no mask, with what to do about it
	 */
	public static MaskSources.Resolved resolveMask(String mask, ImagePlus image, ImagePlus maskimage) {
		if ("nan".equalsIgnoreCase(mask)) return null;
		MaskSources.MaskSource source = MaskSources.MaskSource.parse(mask);
		boolean usesManager = source == MaskSources.MaskSource.AUTO || source == MaskSources.MaskSource.ROI_MANAGER;
		return MaskSources.resolve(mask, image, usesManager ? ColorHintSources.managerRois() : new Roi[0], maskimage,
			() -> DamageMasks.find(image).map(DamageMask::asImg).orElse(null));
	}

	/**
	 * @param resolved the mask (from {@link #resolveMask}), or null to use each plane's NaN pixels
	 * @param adapt seconds of adaptation of the model to each plane before it is filled (0: none)
	 * @param progress where the adaptation of each plane is logged and the pixels inpainted are told
	 * @return the inpainting of {@code image} as the Inpaint Damage command does it
	 */
	public static InpaintRequest inpaintRequest(ImagePlus image, MaskSources.Resolved resolved, int dilate,
		double adapt, ModelFile model, Progress progress)
	{
		return new InpaintRequest(model).mask(resolved == null ? null : resolved.mask(), resolved == null ? "nan"
			: resolved.source().macroName()).dilate(dilate).adaptSeconds(adapt).input(image.getTitle(), image
				.getWidth(), image.getHeight(), image.getStackSize()).listener(new InpaintRequest.Listener() {

					@Override
					public void adapted(int plane, PhotoAdaptation.Result r) {
						progress.log(String.format(Locale.ROOT, "Adapted the model to plane %d in %d steps (%.0f s).",
							plane + 1, r.steps, r.seconds));
					}

					@Override
					public void inpainted(InpaintResult r) {
						if (r.synthesizedPixels() == (long) image.getWidth() * image.getHeight() * image.getStackSize())
							progress.log("The damage mask covers all of " + image.getTitle() + ": every pixel was " +
								"invented by the model.");
						progress.status("Inpainted " + r.synthesizedPixels() + " pixels of " + image.getTitle() + ".");
					}
				});
	}

	/** @throws IllegalArgumentException if the image has several channels and is not RGB, with what to do */
	public static void checkColorizable(ImagePlus image) {
		if (image.getNChannels() > 1 && image.getBitDepth() != 24) throw new IllegalArgumentException(
			"Colorize needs a grayscale or RGB image; this one has " + image.getNChannels() + " channels. " +
				"Use Image > Color > Stack to RGB or split the channels first.");
	}

	/** @return "title" without a file extension of up to 4 letters */
	public static String stripExtension(String title) {
		int dot = title.lastIndexOf('.');
		return dot > 0 && title.length() - dot <= 5 ? title.substring(0, dot) : title;
	}

	/**
	 * The colour settings of the Colorize and Restore Photo commands: the vividness and the optional palette
	 * photo, whose colour distribution is read once here.
	 */
	public static final class Colour {

		final double vividness;
		final ImagePlus palette;
		final ColorReference reference;

		public static final Colour DEFAULT = new Colour(Colorizer.DEFAULT_VIVIDNESS, null);

		/** @throws IllegalArgumentException for a vividness out of range or a palette photo that is not in colour */
		public Colour(double vividness, ImagePlus palette) {
			if (!(vividness >= Colorizer.MIN_VIVIDNESS && vividness <= Colorizer.MAX_VIVIDNESS))
				throw new IllegalArgumentException("vividness=" + vividness + " is out of range: write a number from " +
					Colorizer.MIN_VIVIDNESS + " (gray) to " + Colorizer.MAX_VIVIDNESS + " (1 = the model's colours).");
			this.vividness = vividness;
			this.palette = palette;
			if (palette == null) reference = null;
			else {
				if (palette.getBitDepth() != 24) throw new IllegalArgumentException("The palette photo '" + palette
					.getTitle() + "' is not an RGB colour image; give a colour photo (Image > Type > RGB Color).");
				try {
					reference = ColorReference.of(ImagePlusImages.wrap((ColorProcessor) palette.getProcessor()), 255);
				}
				catch (IllegalArgumentException e) {
					throw new IllegalArgumentException("The palette photo '" + palette.getTitle() + "': " + e.getMessage());
				}
			}
		}
	}

	/** The {@code size=} that means the model's own working size ({@code ModelMetadata.workingSize}): the default. */
	public static final int MODEL_WORKING_SIZE = 0;

	/**
	 * Checks a command's {@code size=} before any model loads or image is read: 0 (the model's own) or at least
	 * the 16 pixels the colouriser needs. A macro bypasses the dialog's minimum, so the message says what to write.
	 *
	 * @throws IllegalArgumentException for a negative size or one of 1 to 15
	 */
	public static void checkWorkingSize(int size) {
		if (size == MODEL_WORKING_SIZE || size >= 16) return;
		throw new IllegalArgumentException("size=" + size + " is too small: the colour working size must be at " +
			"least 16 pixels (longer side); size=0 uses the model's own.");
	}

	/**
	 * @param size the working size (longer side) at which colour is predicted; 0 for the model's own (the one its
	 *        metadata recommends: a fixed default would override a model that works best at another size)
	 * @return the colourisation of {@code image} as the Colorize command does it, recorded under its parameter
	 *         names ("size": the working size used, the model's own for 0; "palette" for the palette photo, by
	 *         title and the SHA-256 of its pixels)
	 * @throws IllegalArgumentException if {@code size} is refused by {@link #checkWorkingSize}
	 */
	public static ColorizeRequest colorizeRequest(ImagePlus image, ModelFile model, int size, Colour colour) {
		checkWorkingSize(size);
		ColorizeRequest request = new ColorizeRequest(model);
		if (size != MODEL_WORKING_SIZE) request.workingSize(size);
		return request.recordKeys("size", "palette").vividness(colour.vividness).reference(colour.reference,
			colour.palette == null ? null : colour.palette.getTitle(), colour.reference == null ? null
				: colour.reference.pixelSha256()).input(image.getTitle(), image.getWidth(), image.getHeight(), image
					.getStackSize());
	}

	/**
	 * The colourised planes of an image, kept in its own pixel format: one packed RGB plane per input plane (8-bit
	 * and RGB input), or three channels of the input's type in its own value range (16-bit: 0 to the plane's bit
	 * range, 65535 or 4095 for 12-bit data; 32-bit: the plane's data range). These planes are the only full-size
	 * copy.
	 */
	public static final class ColourStack {

		private final boolean rgbOut;
		private final List<ResultPlanes> planes = new ArrayList<>();
		private final List<String> labels = new ArrayList<>();

		/** @param image the image whose planes are coloured (it decides the result's type) */
		public ColourStack(ImagePlus image) {
			int depth = image.getBitDepth();
			rgbOut = depth == 8 || depth == 24;
		}

		Colorizer.Rows add(ImageProcessor input, double maxValue, String label) {
			ResultPlanes p = new ResultPlanes(input, rgbOut, maxValue);
			planes.add(p);
			labels.add(label);
			return p;
		}

		/**
		 * @param like the image that was coloured: its size, slices, frames, display range and calibration
		 * @return the coloured image: RGB for 8-bit and RGB inputs, else a 3-channel composite of the input's bit
		 *         depth shown with the input's display range
		 */
		public ImagePlus image(String title, ImagePlus like) {
			ImageStack out = new ImageStack(like.getWidth(), like.getHeight());
			for (int i = 0; i < planes.size(); i++)
				for (ImageProcessor p : planes.get(i).processors())
					out.addSlice(labels.get(i), p);
			ImagePlus r = new ImagePlus(title, out);
			if (rgbOut) r.setDimensions(1, like.getNSlices(), like.getNFrames());
			else {
				r.setDimensions(3, like.getNSlices(), like.getNFrames());
				r = new CompositeImage(r, CompositeImage.COMPOSITE);
				// every channel shown as the input was (a 12-bit scan stays visible, not black in a 0..65535 range)
				double lo = like.getDisplayRangeMin(), hi = like.getDisplayRangeMax();
				for (ij.process.LUT lut : ((CompositeImage) r).getLuts()) {
					lut.min = lo;
					lut.max = hi;
				}
				r.setDisplayRange(lo, hi);
			}
			r.setCalibration(like.getCalibration().copy());
			return r;
		}
	}

	/** The colouriser's rows written straight into the result's planes for one input plane. */
	private static final class ResultPlanes implements Colorizer.Rows {

		private final int w, h;
		private final double maxValue;
		private final int[] packed;
		private final short[][] shorts;
		private final float[][] floats;
		private final double lo, span;

		ResultPlanes(ImageProcessor input, boolean rgbOut, double maxValue) {
			w = input.getWidth();
			h = input.getHeight();
			this.maxValue = maxValue;
			int n = Images.arrayLength("colourise", w, h);
			boolean sixteen = !rgbOut && input instanceof ShortProcessor;
			packed = rgbOut ? new int[n] : null;
			shorts = sixteen ? new short[][] { new short[n], new short[n], new short[n] } : null;
			floats = rgbOut || sixteen ? null : new float[][] { new float[n], new float[n], new float[n] };
			double[] range = floats == null ? new double[] { 0, 1 } : finiteRange((float[]) input.getPixels());
			lo = range[0];
			span = range[1] - range[0];
		}

		@Override
		public void row(int y, float[] r, float[] g, float[] b) {
			int offset = w * y;
			if (packed != null) {
				for (int x = 0; x < w; x++)
					packed[offset + x] = 0xff000000 | (Math.round(r[x] * 255) << 16) | (Math.round(g[x] * 255) << 8) | Math
						.round(b[x] * 255);
				return;
			}
			float[][] rgb = { r, g, b };
			for (int c = 0; c < 3; c++) {
				float[] v = rgb[c];
				if (shorts != null) for (int x = 0; x < w; x++)
					shorts[c][offset + x] = (short) Math.round(v[x] * maxValue);
				else for (int x = 0; x < w; x++)
					floats[c][offset + x] = (float) (lo + v[x] * span);
			}
		}

		/** @return the result's planes for this input plane: one RGB, or red, green and blue */
		List<ImageProcessor> processors() {
			if (packed != null) return List.of(new ColorProcessor(w, h, packed));
			List<ImageProcessor> planes = new ArrayList<>();
			for (int c = 0; c < 3; c++)
				planes.add(shorts != null ? new ShortProcessor(w, h, shorts[c], null) : new FloatProcessor(w, h, floats[c]));
			return planes;
		}
	}

	private static double[] finiteRange(float[] p) {
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (float v : p)
			if (Float.isFinite(v)) {
				min = Math.min(min, v);
				max = Math.max(max, v);
			}
		if (min > max) return new double[] { 0, 1 };
		return new double[] { min, max > min ? max : min + 1 };
	}
}
