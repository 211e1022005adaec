package org.revivegan.fiji;

import java.awt.Rectangle;
import java.util.Locale;
import java.util.function.Supplier;

import org.revivegan.core.image.Masks;
import org.revivegan.core.infer.Inpainter;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.plugin.Selection;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatPolygon;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.img.Img;
import net.imglib2.img.ImgView;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgFactory;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Damage masks made from what Fiji users draw: selections of every kind, the ROI Manager, an overlay, a mask
 * image, NaN pixels, or the Damage Brush.
 * <p>
 * Every mask is an (x, y) {@code Img<UnsignedByteType>} the size of the image, 1 = damaged (to be synthesised),
 * 0 = keep. Nothing here opens a window or touches the ROI Manager's GUI: ROI Manager contents come in as an
 * array, so all of it works headless.
 * </p>
 * <ul>
 * <li>Area selections (rectangle, rounded rectangle, oval, ellipse, polygon, freehand, traced, composite
 * {@code ShapeRoi}s such as brush selections) mark the pixels inside them.</li>
 * <li>Line selections (straight, segmented, freehand) with a stroke width above 1 mark their whole width-thick
 * band; thinner lines mark the 1-pixel line.</li>
 * <li>Points mark a disc of radius {@value #POINT_RADIUS} pixels each (a dust speck); grow it with
 * {@link #dilate(RandomAccessibleInterval, int)}.</li>
 * </ul>
 */
public final class MaskSources {

	/** Radius in pixels of the disc a point selection marks. */
	public static final int POINT_RADIUS = 3;

	static final String NO_MASK = "No damage mask: draw a selection, add ROIs to the ROI Manager, paint with " +
		"the Damage Brush, or choose a mask image.";

	private MaskSources() {}

	/**
	 * @return the message of a refusal, with how to mark damage in Fiji added when the core found the mask empty
	 *         (the core's {@link Inpainter#EMPTY_MASK} speaks of the mask, not of Fiji)
	 */
	public static String explain(String message) {
		if (!Inpainter.EMPTY_MASK.equals(message)) return message;
		return message + " In Fiji: draw a selection over the damage, add ROIs to the ROI Manager, paint with the " +
			"Damage Brush, or choose a mask image.";
	}

	/**
	 * Where a damage mask comes from; {@link #macroName()} is the value macros and the dialog use.
	 */
	public enum MaskSource {
		/** The first of brush, selection, roi-manager, overlay, nan that the image has. */
		AUTO("auto"),
		/** The image's current selection. */
		SELECTION("selection"),
		/** The ROI Manager's selected ROIs, or all of them when none is selected. */
		ROI_MANAGER("roi-manager"),
		/** Every ROI of the image's overlay. */
		OVERLAY("overlay"),
		/** Non-zero pixels of another open image of the same size. */
		MASK_IMAGE("mask-image"),
		/** NaN and infinite pixels of a 32-bit image. */
		NAN("nan"),
		/** What was painted with the Damage Brush. */
		BRUSH("brush");

		private final String macroName;

		MaskSource(String macroName) {
			this.macroName = macroName;
		}

		public String macroName() {
			return macroName;
		}

		/** @return the source named {@code name} (case-insensitive; "roi manager" and "ROI_MANAGER" work too) */
		public static MaskSource parse(String name) {
			String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
			for (MaskSource s : values())
				if (s.macroName.equals(n)) return s;
			StringBuilder names = new StringBuilder();
			for (MaskSource s : values())
				names.append(names.length() == 0 ? "" : ", ").append(s.macroName);
			throw new IllegalArgumentException("Unknown damage mask source \"" + name + "\"; use one of " + names + ".");
		}

		/** @return the macro names of all sources, for a dialog's choices */
		public static String[] macroNames() {
			MaskSource[] v = values();
			String[] names = new String[v.length];
			for (int i = 0; i < v.length; i++)
				names[i] = v[i].macroName;
			return names;
		}
	}

	/** A mask and the source it came from (so the caller can say "Using the ROI Manager's 3 ROIs"). */
	public static final class Resolved {

		private final MaskSource source;
		private final Img<UnsignedByteType> mask;

		Resolved(MaskSource source, Img<UnsignedByteType> mask) {
			this.source = source;
			this.mask = mask;
		}

		/** @return the source used; never {@link MaskSource#AUTO} */
		public MaskSource source() {
			return source;
		}

		/** @return (x, y), 1 = damaged; never empty */
		public Img<UnsignedByteType> mask() {
			return mask;
		}
	}

	/** @return the mask of one ROI of any kind (see the class description) on a w x h image */
	public static Img<UnsignedByteType> fromRoi(Roi roi, int w, int h) {
		ByteProcessor bp = new ByteProcessor(w, h);
		paint(bp, roi);
		return toImg(bp);
	}

	/** @return the union of the ROIs' masks (e.g. the ROI Manager's selected ROIs, or all of them) */
	public static Img<UnsignedByteType> fromRois(Roi[] rois, int w, int h) {
		ByteProcessor bp = new ByteProcessor(w, h);
		if (rois != null) for (Roi roi : rois)
			if (roi != null) paint(bp, roi);
		return toImg(bp);
	}

	/** @return the union of the masks of every ROI in the overlay (empty if {@code overlay} is null) */
	public static Img<UnsignedByteType> fromOverlay(Overlay overlay, int w, int h) {
		return fromRois(overlay == null ? null : overlay.toArray(), w, h);
	}

	/**
	 * @param mask an image whose current plane's non-zero pixels mark the damage (any type; RGB: any non-zero
	 *          channel; 32-bit: any value other than 0, NaN included)
	 * @throws IllegalArgumentException if its size differs from w x h
	 */
	public static Img<UnsignedByteType> fromMaskImage(ImagePlus mask, int w, int h) {
		if (mask.getWidth() != w || mask.getHeight() != h) throw new IllegalArgumentException("The mask image " +
			mask.getTitle() + " is " + mask.getWidth() + "x" + mask.getHeight() + " but the image is " + w + "x" + h +
			"; choose a mask of the same size, or resize one of them (Image > Adjust > Size...).");
		ImageProcessor ip = mask.getProcessor();
		if (ip instanceof ByteProcessor) return fromBytes((byte[]) ip.getPixels(), w, h);
		byte[] out = new byte[w * h];
		if (ip instanceof ColorProcessor) {
			int[] p = (int[]) ip.getPixels();
			for (int i = 0; i < out.length; i++)
				if ((p[i] & 0xffffff) != 0) out[i] = 1;
		}
		else if (ip instanceof FloatProcessor) {
			float[] p = (float[]) ip.getPixels();
			for (int i = 0; i < out.length; i++)
				if (p[i] != 0) out[i] = 1; // NaN != 0 too
		}
		else for (int i = 0; i < out.length; i++)
			if (ip.get(i) != 0) out[i] = 1;
		return ArrayImgs.unsignedBytes(out, w, h);
	}

	/**
	 * An 8-bit plane without a copy (a 24-MP mask image is 24 MB): its own pixels when they are already 0 and 1,
	 * else a view that reads them as 0 and 1. Either way the mask follows the image's pixels and must only be
	 * read; a view ignores writes, so the user's mask image cannot be changed through it.
	 */
	private static Img<UnsignedByteType> fromBytes(byte[] pixels, int w, int h) {
		ArrayImg<UnsignedByteType, ByteArray> plane = ArrayImgs.unsignedBytes(pixels, w, h);
		for (byte b : pixels)
			if (b != 0 && b != 1) {
				RandomAccessibleInterval<UnsignedByteType> zeroOne = Converters.convert(
					(RandomAccessibleInterval<UnsignedByteType>) plane, (in, out) -> out.set(in.get() != 0 ? 1 : 0),
					new UnsignedByteType());
				return ImgView.wrap(zeroOne, new ArrayImgFactory<>(new UnsignedByteType()));
			}
		return plane;
	}

	/**
	 * @return the non-finite pixels of a 32-bit plane: NaN (how ImageJ marks missing data) and also +-Infinity,
	 *         which no network can take and which are missing data just as well
	 */
	public static Img<UnsignedByteType> fromNaN(FloatProcessor fp) {
		float[] p = (float[]) fp.getPixels();
		byte[] out = new byte[p.length];
		for (int i = 0; i < p.length; i++)
			if (!Float.isFinite(p[i])) out[i] = 1;
		return ArrayImgs.unsignedBytes(out, fp.getWidth(), fp.getHeight());
	}

	/**
	 * @return a new mask: the non-zero pixels of {@code mask} grown by {@code pixels} with a Euclidean disc
	 *         (damage edges are often a little wider than drawn); 0 returns a copy
	 */
	public static Img<UnsignedByteType> dilate(RandomAccessibleInterval<? extends RealType<?>> mask, int pixels) {
		return Masks.dilateToBytes(mask, pixels);
	}

	/** {@link #resolve(String, ImagePlus, Roi[], ImagePlus, Supplier)} without a Damage Brush. */
	public static Resolved resolve(String source, ImagePlus imp, Roi[] managerRois, ImagePlus maskImage) {
		return resolve(source, imp, managerRois, maskImage, null);
	}

	/**
	 * Finds the damage mask of the current plane of {@code imp}.
	 *
	 * @param source a {@link MaskSource} macro name; "auto" takes the first that exists of brush, selection,
	 *          roi-manager, overlay, nan (never a mask image: that is only used when asked for)
	 * @param managerRois the ROI Manager's selected ROIs, or all of them when none is selected; may be null
	 * @param maskImage the chosen mask image, or null
	 * @param brush gives what was painted with the Damage Brush (an (x, y) mask the image's size), or null when
	 *          nothing was painted; the supplier itself may be null
	 * @throws IllegalArgumentException when the named source (or, for auto, every source) gives no damaged pixel,
	 *           with a message that says what to do
	 */
	public static Resolved resolve(String source, ImagePlus imp, Roi[] managerRois, ImagePlus maskImage,
		Supplier<? extends RandomAccessibleInterval<? extends RealType<?>>> brush)
	{
		MaskSource s = MaskSource.parse(source);
		int w = imp.getWidth(), h = imp.getHeight();
		if (s != MaskSource.AUTO) {
			Img<UnsignedByteType> mask = build(s, imp, managerRois, maskImage, brush, w, h);
			if (mask == null || Masks.count(mask) == 0) throw new IllegalArgumentException(missing(s, imp, maskImage));
			return new Resolved(s, mask);
		}
		MaskSource[] order = { MaskSource.BRUSH, MaskSource.SELECTION, MaskSource.ROI_MANAGER, MaskSource.OVERLAY,
			MaskSource.NAN };
		for (MaskSource candidate : order) {
			Img<UnsignedByteType> mask = build(candidate, imp, managerRois, maskImage, brush, w, h);
			if (mask != null && Masks.count(mask) > 0) return new Resolved(candidate, mask);
		}
		throw new IllegalArgumentException(NO_MASK);
	}

	private static Img<UnsignedByteType> build(MaskSource s, ImagePlus imp, Roi[] managerRois, ImagePlus maskImage,
		Supplier<? extends RandomAccessibleInterval<? extends RealType<?>>> brush, int w, int h)
	{
		switch (s) {
			case BRUSH: {
				RandomAccessibleInterval<? extends RealType<?>> painted = brush == null ? null : brush.get();
				if (painted == null) return null;
				if (painted.dimension(0) != w || painted.dimension(1) != h) throw new IllegalArgumentException(
					"The Damage Brush mask is " + painted.dimension(0) + "x" + painted.dimension(1) + " but the image is " +
						w + "x" + h + "; clear the brush and paint again.");
				return Masks.dilateToBytes(painted, 0);
			}
			case SELECTION:
				return imp.getRoi() == null ? null : fromRoi(imp.getRoi(), w, h);
			case ROI_MANAGER:
				return managerRois == null || managerRois.length == 0 ? null : fromRois(managerRois, w, h);
			case OVERLAY:
				return imp.getOverlay() == null || imp.getOverlay().size() == 0 ? null : fromOverlay(imp.getOverlay(), w,
					h);
			case MASK_IMAGE:
				if (maskImage == null || maskImage.getProcessor() == null) return null; // unset: SciJava gives an empty one
				if (maskImage.getStackSize() > 1 && imp.getStackSize() > 1) throw new IllegalArgumentException("The " +
					"mask image " + maskImage.getTitle() + " has " + maskImage.getStackSize() + " planes and " +
					imp.getTitle() + " has " + imp.getStackSize() + ": one mask is used for every plane, so choose a " +
					"single-plane mask (Image > Duplicate... the plane you want, without the stack).");
				return fromMaskImage(maskImage, w, h);
			case NAN:
				return imp.getProcessor() instanceof FloatProcessor ? fromNaN((FloatProcessor) imp.getProcessor())
					: null;
			default:
				throw new IllegalStateException(s.toString());
		}
	}

	private static String missing(MaskSource s, ImagePlus imp, ImagePlus maskImage) {
		switch (s) {
			case BRUSH:
				return "Nothing was painted with the Damage Brush on " + imp.getTitle() + ". Paint over the damage first, " +
					"or choose another mask source.";
			case SELECTION:
				return imp.getRoi() == null ? "There is no selection on " + imp.getTitle() + ". Draw one over the " +
					"damage, or choose another mask source." : "The selection on " + imp.getTitle() + " covers no pixel " +
						"of the image: nothing to inpaint. Draw it over the damage.";
			case ROI_MANAGER:
				return "The ROI Manager has no ROIs (or they cover no pixel of " + imp.getTitle() + "). Add the damaged " +
					"areas to it (Ctrl+T), or choose another mask source.";
			case OVERLAY:
				return imp.getTitle() + " has no overlay (or it covers no pixel of the image). Add the damaged areas to " +
					"the overlay (Ctrl+B), or choose another mask source.";
			case MASK_IMAGE:
				return maskImage == null || maskImage.getProcessor() == null ? "No mask image was chosen. Choose an image whose non-zero pixels mark the " +
					"damage." : "The mask image " + maskImage.getTitle() + " has no non-zero pixel: nothing to inpaint. " +
						"Mark the damage in it with non-zero pixels, or choose another mask source.";
			case NAN:
				return imp.getBitDepth() != 32 ? imp.getTitle() + " is not a 32-bit image, so it has no NaN pixels. " +
					"Choose another mask source." : imp.getTitle() + " has no NaN or infinite pixels in this plane: " +
						"nothing to inpaint. Choose another mask source.";
			default:
				return NO_MASK;
		}
	}

	/** Sets the ROI's pixels of {@code bp} to 1. */
	private static void paint(ByteProcessor bp, Roi roi) {
		bp.setValue(1);
		if (roi instanceof PointRoi) {
			FloatPolygon points = roi.getFloatPolygon();
			int d = 2 * POINT_RADIUS + 1;
			for (int i = 0; i < points.npoints; i++) {
				int x = (int) Math.floor(points.xpoints[i]), y = (int) Math.floor(points.ypoints[i]);
				bp.fillOval(x - POINT_RADIUS, y - POINT_RADIUS, d, d);
			}
			return;
		}
		if (roi.isLine()) {
			if (roi.getStrokeWidth() > 1) {
				Roi area = Selection.lineToArea(roi);
				if (area != null) fillArea(bp, area);
			}
			else {
				bp.setLineWidth(1);
				roi.drawPixels(bp);
			}
			return;
		}
		fillArea(bp, roi);
	}

	private static void fillArea(ByteProcessor bp, Roi roi) {
		Rectangle b = roi.getBounds();
		if (b.x >= bp.getWidth() || b.y >= bp.getHeight() || b.x + b.width <= 0 || b.y + b.height <= 0) return;
		bp.fill(roi);
		bp.resetRoi();
	}

	private static Img<UnsignedByteType> toImg(ByteProcessor bp) {
		byte[] p = (byte[]) bp.getPixels();
		for (int i = 0; i < p.length; i++)
			if (p[i] != 0) p[i] = 1;
		return ArrayImgs.unsignedBytes(p, bp.getWidth(), bp.getHeight());
	}

}
