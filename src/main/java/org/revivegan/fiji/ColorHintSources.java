package org.revivegan.fiji;

import java.awt.Color;
import java.awt.Point;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.revivegan.core.color.ColorHints;
import org.revivegan.core.color.Lab;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;
import ij.process.ColorProcessor;
import ij.process.FloatPolygon;
import ij.process.ImageProcessor;

/**
 * Colour hints ({@link ColorHints}, user-guided colourisation after Zhang et al. 2017) from what Fiji users draw:
 * the ROI Manager, the image's overlay, or its selection. Each ROI says <em>where</em>, and its colour says
 * <em>which</em> colour:
 * <ul>
 * <li>with a reference image: the mean chroma (CIE a, b) of the reference under the ROI, so that a grayscale
 * photo can be coloured like a colour reference of the same scene (every ROI's own colour is then ignored);</li>
 * <li>else the ROI's stroke colour ({@code Roi.setStrokeColor}, Edit &gt; Selection &gt; Properties, the ROI
 * Manager's Properties), else its fill colour;</li>
 * <li>else, when a fallback colour is given (the foreground colour, which the colour picker sets), that.</li>
 * </ul>
 * A ROI with none of these stops the resolution with its name and what to do. Only the chroma of a colour counts:
 * the lightness is always the photo's, so a white, gray or black ROI asks for "no colour here".
 * <p>
 * Shapes: a point selection (single or multi-point) gives one square hint of side 2 * radius + 1 per point; any
 * other ROI (rectangle, oval, polygon, freehand, composite, line) gives one hint on exactly its pixels. Nothing here
 * opens a window: the ROI Manager's content comes in as an array (see {@link #managerRois()}), so it all works
 * headless.
 * </p>
 */
public final class ColorHintSources {

	/** Default half-side, in pixels, of the square a point hint covers. */
	public static final int DEFAULT_RADIUS = 2;

	private ColorHintSources() {}

	/** Where hints come from; {@link #macroName()} is the value of the commands' {@code hints} parameter. */
	public enum HintSource {
		/** No hints: automatic colourisation. */
		NONE("none"),
		/** The ROI Manager's selected ROIs, or all of them when none is selected. */
		ROI_MANAGER("roi-manager"),
		/** Every ROI of the image's overlay. */
		OVERLAY("overlay"),
		/** The image's current selection. */
		SELECTION("selection");

		private final String macroName;

		HintSource(String macroName) {
			this.macroName = macroName;
		}

		public String macroName() {
			return macroName;
		}

		/** @return the source named {@code name} (case-insensitive; "ROI Manager" and "roi_manager" work too) */
		public static HintSource parse(String name) {
			String n = name == null ? "none" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
			if (n.isEmpty()) n = "none";
			for (HintSource s : values())
				if (s.macroName.equals(n)) return s;
			throw new IllegalArgumentException("Unknown colour hint source \"" + name + "\"; use none, roi-manager, " +
				"overlay or selection.");
		}
	}

	/** Hints and where they came from, for the result's provenance. */
	public static final class Resolved {

		private final HintSource source;
		private final boolean fromReference;
		private final ColorHints hints;
		private final int rois;

		Resolved(HintSource source, boolean fromReference, ColorHints hints, int rois) {
			this.source = source;
			this.fromReference = fromReference;
			this.hints = hints;
			this.rois = rois;
		}

		/** @return no hints: automatic colourisation */
		public static Resolved none() {
			return new Resolved(HintSource.NONE, false, ColorHints.none(), 0);
		}

		public HintSource source() {
			return source;
		}

		/** @return whether the colours were read from a reference image rather than the ROIs */
		public boolean fromReference() {
			return fromReference;
		}

		public ColorHints hints() {
			return hints;
		}

		/** @return the number of hints (one per point of a point selection, one per other ROI) */
		public int count() {
			return hints.size();
		}

		/** @return the number of ROIs they came from */
		public int rois() {
			return rois;
		}

		/** @return e.g. "roi-manager" or "roi-manager, colours from reference 'colour.jpg'" */
		public String describe(ImagePlus reference) {
			return source.macroName() + (fromReference && reference != null ? ", colours from reference '" + reference
				.getTitle() + "'" : "");
		}
	}

	/**
	 * @return the colour a ROI asks for: its stroke colour, else its fill colour; null if it has neither
	 */
	public static Color colorOf(Roi roi) {
		if (roi.getStrokeColor() != null) return roi.getStrokeColor();
		return roi.getFillColor();
	}

	/**
	 * @param rois the ROIs (nulls are skipped)
	 * @param width the image's width, height its height
	 * @param radius half-side of the square of a point hint
	 * @param reference a colour image of the same size whose mean colour under each ROI is its hint; null to use
	 *          the ROIs' colours
	 * @param fallback the colour of ROIs without one (the foreground colour); null to refuse them
	 * @return one hint per point of point ROIs and one per other ROI, in order
	 * @throws IllegalArgumentException for a ROI without a usable colour, one outside the image, or a reference of
	 *           another size, with what to do
	 */
	public static ColorHints fromRois(Roi[] rois, int width, int height, int radius, ImagePlus reference,
		Color fallback)
	{
		if (radius < 0) throw new IllegalArgumentException("The point hint radius cannot be negative (" + radius + ").");
		if (reference != null && (reference.getWidth() != width || reference.getHeight() != height))
			throw new IllegalArgumentException("The reference image " + reference.getTitle() + " is " + reference
				.getWidth() + "x" + reference.getHeight() + " but the photo is " + width + "x" + height + "; choose a " +
				"reference of the same size (Image > Adjust > Size..., or align it first).");
		ColorProcessor ref = reference == null ? null : rgb(reference.getProcessor());
		ColorHints hints = ColorHints.none();
		if (rois == null) return hints;
		int index = 0;
		for (Roi roi : rois) {
			index++;
			if (roi == null) continue;
			String name = name(roi, index);
			Color color = ref != null ? null : colorOf(roi) != null ? colorOf(roi) : fallback;
			if (ref == null && color == null) throw new IllegalArgumentException("ROI '" + name + "' has no colour: " +
				"set one with Edit > Selection > Properties (or the ROI Manager's Properties), or pick one with the " +
				"colour picker and tick 'foreground colour for ROIs without one'.");
			if (roi instanceof PointRoi) {
				FloatPolygon p = roi.getFloatPolygon();
				for (int i = 0; i < p.npoints; i++) {
					int x = (int) Math.floor(p.xpoints[i]), y = (int) Math.floor(p.ypoints[i]);
					if (x < 0 || y < 0 || x >= width || y >= height) throw outside(name, width, height);
					int side = 2 * radius + 1;
					boolean[] square = new boolean[side * side];
					java.util.Arrays.fill(square, true);
					float[] ab = ref != null ? meanAb(ref, x - radius, y - radius, side, side, square, name) : ab(color);
					hints = hints.withAb(x, y, radius, ab[0], ab[1]);
				}
				continue;
			}
			Point[] points = roi.getContainedPoints();
			Rectangle b = new Rectangle(0, 0, -1, -1);
			for (Point q : points)
				if (q.x >= 0 && q.y >= 0 && q.x < width && q.y < height) b.add(new Rectangle(q.x, q.y, 1, 1));
			if (b.width <= 0 || b.height <= 0) throw outside(name, width, height);
			boolean[] mask = new boolean[b.width * b.height];
			for (Point q : points)
				if (b.contains(q)) mask[q.x - b.x + b.width * (q.y - b.y)] = true;
			float[] ab = ref != null ? meanAb(ref, b.x, b.y, b.width, b.height, mask, name) : ab(color);
			hints = hints.withMask(b.x, b.y, b.width, b.height, mask, ab[0], ab[1]);
		}
		return hints;
	}

	/**
	 * @return (a, b), the mean chroma of the reference's pixels under the ROI (the mean of the pixels' a and b in
	 *         CIE Lab, not of their RGB values, so that mixing hues does not drift in lightness)
	 * @throws IllegalArgumentException if the reference has another size or the ROI covers none of its pixels
	 */
	public static float[] meanAb(ImagePlus reference, Roi roi) {
		ColorHints h = fromRois(new Roi[] { roi }, reference.getWidth(), reference.getHeight(), DEFAULT_RADIUS,
			reference, null);
		ColorHints.Hint first = h.hints().get(0);
		return new float[] { first.a, first.b };
	}

	private static float[] meanAb(ColorProcessor ref, int x0, int y0, int w, int h, boolean[] mask, String name) {
		double sa = 0, sb = 0;
		long n = 0;
		float[] rgb = new float[3], lab = new float[3];
		for (int j = 0; j < h; j++)
			for (int i = 0; i < w; i++) {
				int x = x0 + i, y = y0 + j;
				if (!mask[i + w * j] || x < 0 || y < 0 || x >= ref.getWidth() || y >= ref.getHeight()) continue;
				int c = ref.get(x, y);
				rgb[0] = (c >> 16 & 0xff) / 255f;
				rgb[1] = (c >> 8 & 0xff) / 255f;
				rgb[2] = (c & 0xff) / 255f;
				Lab.rgbToLab(rgb, lab);
				sa += lab[1];
				sb += lab[2];
				n++;
			}
		if (n == 0) throw outside(name, ref.getWidth(), ref.getHeight());
		return new float[] { (float) (sa / n), (float) (sb / n) };
	}

	private static float[] ab(Color c) {
		float[] lab = Lab.rgbToLab(c.getRed() / 255f, c.getGreen() / 255f, c.getBlue() / 255f);
		return new float[] { lab[1], lab[2] };
	}

	private static String name(Roi roi, int index) {
		return roi.getName() != null && !roi.getName().isEmpty() ? roi.getName() : "#" + index + " (" + roi
			.getTypeAsString().toLowerCase(Locale.ROOT) + ")";
	}

	private static IllegalArgumentException outside(String name, int width, int height) {
		return new IllegalArgumentException("ROI '" + name + "' lies outside the " + width + "x" + height +
			" image: move it onto the photo or delete it.");
	}

	/**
	 * Finds the hints of an image, as the commands' {@code hints} parameter says.
	 *
	 * @param source a {@link HintSource} macro name
	 * @param managerRois the ROI Manager's selected ROIs, or all of them (see {@link #managerRois()}); may be null
	 * @param reference see {@link #fromRois}; an ImagePlus without pixels (what SciJava gives for an unset optional
	 *          image) counts as none
	 * @param fallback see {@link #fromRois}
	 * @throws IllegalArgumentException when the named source has no ROI, or a ROI has no usable colour
	 */
	public static Resolved resolve(String source, ImagePlus image, Roi[] managerRois, ImagePlus reference, int radius,
		Color fallback)
	{
		HintSource s = HintSource.parse(source);
		if (s == HintSource.NONE) return Resolved.none();
		if (reference != null && reference.getProcessor() == null) reference = null;
		Roi[] rois;
		switch (s) {
			case ROI_MANAGER:
				rois = managerRois == null ? new Roi[0] : managerRois;
				if (rois.length == 0) throw new IllegalArgumentException("The ROI Manager is empty: add the places to " +
					"colour to it (Ctrl+T) with their colours, or choose hints=none.");
				break;
			case OVERLAY: {
				Overlay o = image.getOverlay();
				rois = o == null ? new Roi[0] : withoutOurOutline(o.toArray());
				if (rois.length == 0) throw new IllegalArgumentException(image.getTitle() + " has no overlay: add the " +
					"places to colour to it (Ctrl+B) with their colours, or choose hints=none.");
				break;
			}
			case SELECTION:
				if (image.getRoi() == null) throw new IllegalArgumentException("There is no selection on " + image
					.getTitle() + ": draw the places to colour (points or areas) with a colour, or choose hints=none.");
				rois = new Roi[] { image.getRoi() };
				break;
			default:
				throw new IllegalStateException(s.toString());
		}
		ColorHints hints = fromRois(rois, image.getWidth(), image.getHeight(), radius, reference, fallback);
		return new Resolved(s, reference != null, hints, rois.length);
	}

	/** The outline of invented pixels that ReviveGAN puts in an overlay is not a hint. */
	private static Roi[] withoutOurOutline(Roi[] rois) {
		List<Roi> kept = new ArrayList<>();
		for (Roi r : rois)
			if (r.getName() == null || !r.getName().startsWith(ProvenanceImages.ROI_NAME)) kept.add(r);
		return kept.toArray(new Roi[0]);
	}

	/**
	 * @return the ROI Manager's selected ROIs, else all of them; none when there is no ROI Manager or no display
	 *         (a batch-mode macro's hidden ROI Manager is a window, which cannot exist headless)
	 */
	public static Roi[] managerRois() {
		RoiManager rm;
		try {
			rm = RoiManager.getInstance();
		}
		catch (java.awt.HeadlessException e) {
			return new Roi[0];
		}
		if (rm == null || rm.getCount() == 0) return new Roi[0];
		Roi[] selected = rm.getSelectedRoisAsArray();
		return selected.length > 0 ? selected : rm.getRoisAsArray();
	}

	/** @return the foreground colour (Edit &gt; Options &gt; Colors, or the colour picker) */
	public static Color foreground() {
		return ij.gui.Toolbar.getForegroundColor();
	}

	/** @return {@code ip} as RGB (for a reference given as another type) */
	static ColorProcessor rgb(ImageProcessor ip) {
		return ip instanceof ColorProcessor ? (ColorProcessor) ip : ip.convertToColorProcessor();
	}
}
