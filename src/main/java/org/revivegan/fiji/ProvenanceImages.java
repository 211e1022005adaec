package org.revivegan.fiji;

import org.revivegan.core.image.Masks;
import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

import java.awt.Color;
import java.util.Optional;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;

import org.revivegan.core.provenance.Provenance;
import org.revivegan.core.provenance.SynthesizedMap;

/**
 * A result image's provenance inside ImageJ, kept in the places ImageJ saves with a TIFF so that it survives
 * File &gt; Save As &gt; Tiff and reopening:
 * <ul>
 * <li>the image property {@value #PROPERTY}: the {@link Provenance} record as JSON;</li>
 * <li>the Info property: the same record as lines for a person (Image &gt; Show Info), then the input's own Info;</li>
 * <li>the overlay ROI {@value #ROI_NAME}: the outline of the pixels the model invented, to see them;</li>
 * <li>the image property {@value #MAP_PROPERTY}: the same pixels as a {@link SynthesizedMap}, exact to the pixel
 * and still there when the overlay is removed or flattened.</li>
 * </ul>
 * Colourisation invents the colour of every pixel: that is the record's flag, not a map.
 */
public final class ProvenanceImages {

	/** The image property holding the provenance record's JSON. */
	public static final String PROPERTY = "ReviveGAN-Provenance";

	/** The image property holding the map of invented pixels ({@link SynthesizedMap} text). */
	public static final String MAP_PROPERTY = "ReviveGAN-Synthesized";

	/** The name of the overlay ROI that outlines the invented pixels. */
	public static final String ROI_NAME = "ReviveGAN synthesised";

	/** The value of a pixel in {@link #mapImage} whose colour was invented but whose lightness is the input's. */
	public static final int CHROMA_ONLY = 128;

	private static final Color ROI_COLOR = new Color(255, 0, 255, 160);

	private ProvenanceImages() {}

	/**
	 * Stores the record: the JSON property, and the Info property (the record's lines, then {@code inputInfo}).
	 *
	 * @param inputInfo the input image's Info, kept below the record; may be null
	 */
	public static void attach(ImagePlus result, Provenance provenance, String inputInfo) {
		result.setProp(PROPERTY, provenance.toJson());
		result.setProperty("Info", provenance.toInfoText() + (inputInfo == null || inputInfo.isEmpty() ? "" : "\n" +
			inputInfo));
	}

	/** @return the record stored with {@link #attach}, if the image has one */
	public static Optional<Provenance> read(ImagePlus imp) {
		String json = imp.getProp(PROPERTY);
		if (json == null || json.isBlank()) return Optional.empty();
		return Optional.of(Provenance.fromJson(json));
	}

	/**
	 * @return the image's Info without the provenance lines {@link #attach} put first: what the input's Info was
	 */
	public static String inputInfo(ImagePlus imp) {
		String info = imp.getInfoProperty();
		if (info == null) return null;
		Optional<Provenance> p = read(imp);
		if (p.isPresent() && info.startsWith(p.get().toInfoText())) {
			String rest = info.substring(p.get().toInfoText().length());
			return rest.startsWith("\n") ? rest.substring(1) : rest.isEmpty() ? null : rest;
		}
		return info;
	}

	/**
	 * Stores which pixels were invented: as the {@value #MAP_PROPERTY} property and as the outline ROI
	 * {@value #ROI_NAME} in the overlay (replacing an earlier one), shown.
	 *
	 * @param map (x, y) of the image's size; non-zero = invented
	 */
	public static void storeMap(ImagePlus result, RandomAccessibleInterval<? extends RealType<?>> map) {
		if (map.dimension(0) != result.getWidth() || map.dimension(1) != result.getHeight())
			throw new IllegalArgumentException("The synthesized-pixel map is " + map.dimension(0) + "x" + map
				.dimension(1) + " but the image is " + result.getWidth() + "x" + result.getHeight() + ".");
		result.setProp(MAP_PROPERTY, SynthesizedMap.encode(map));
		showOutline(result, roiOf(map));
	}

	/** Copies the map (property and outline) of one image to another of the same size. */
	public static void copyMap(ImagePlus from, ImagePlus to) {
		String map = from.getProp(MAP_PROPERTY);
		if (map != null && !map.isBlank()) to.setProp(MAP_PROPERTY, map);
		Roi roi = outline(from);
		if (roi != null) showOutline(to, (Roi) roi.clone());
	}

	/**
	 * @return the invented pixels, (x, y), 255 = invented: from the {@value #MAP_PROPERTY} property, else filled
	 *         from the overlay's outline ROI; empty if the image has neither
	 */
	public static Optional<Img<UnsignedByteType>> map(ImagePlus imp) {
		String text = imp.getProp(MAP_PROPERTY);
		if (text != null && !text.isBlank()) return Optional.of(SynthesizedMap.decode(text));
		Roi roi = outline(imp);
		if (roi == null) return Optional.empty();
		ByteProcessor bp = new ByteProcessor(imp.getWidth(), imp.getHeight());
		bp.setColor(255);
		bp.fill(roi);
		return Optional.of(ArrayImgs.unsignedBytes((byte[]) bp.getPixels(), imp.getWidth(), imp.getHeight()));
	}

	/** @return the overlay's outline ROI {@value #ROI_NAME}, or null */
	public static Roi outline(ImagePlus imp) {
		Overlay o = imp.getOverlay();
		if (o == null) return null;
		int i = o.getIndex(ROI_NAME);
		return i < 0 ? null : o.get(i);
	}

	/**
	 * Puts the outline of the invented pixels into the overlay (again, if it was removed) and shows the overlay.
	 * A colourised image, whose every pixel's colour was invented, gets a rectangle around the whole image.
	 *
	 * @return the ROI shown
	 * @throws IllegalArgumentException if the image carries no ReviveGAN provenance, with what to do
	 */
	public static Roi showSynthesized(ImagePlus imp) {
		Optional<Img<UnsignedByteType>> map = map(imp);
		Optional<Provenance> p = read(imp);
		Roi roi;
		if (map.isPresent() && Masks.count(map.get()) > 0) roi = roiOf(map.get());
		else if (p.isPresent() && p.get().allChromaSynthesized()) {
			roi = new Roi(0, 0, imp.getWidth(), imp.getHeight());
			roi.setName(ROI_NAME + " (colour of every pixel)");
		}
		else throw noProvenance(imp);
		showOutline(imp, roi);
		return roi;
	}

	/**
	 * @return a new 8-bit image "title-synthesized": 255 where the model invented the pixel, {@value #CHROMA_ONLY}
	 *         where it invented only the colour (the lightness is the input's), 0 where the pixel is the input's
	 * @throws IllegalArgumentException if the image carries no ReviveGAN provenance, with what to do
	 */
	public static ImagePlus mapImage(ImagePlus imp) {
		Optional<Img<UnsignedByteType>> map = map(imp);
		Optional<Provenance> p = read(imp);
		if (map.isEmpty() && p.isEmpty()) throw noProvenance(imp);
		int w = imp.getWidth(), h = imp.getHeight();
		ByteProcessor bp = new ByteProcessor(w, h);
		byte[] px = (byte[]) bp.getPixels();
		if (p.isPresent() && p.get().allChromaSynthesized()) java.util.Arrays.fill(px, (byte) CHROMA_ONLY);
		if (map.isPresent()) {
			Cursor<UnsignedByteType> c = Views.flatIterable(map.get()).cursor();
			for (int i = 0; c.hasNext(); i++)
				if (c.next().get() != 0) px[i] = (byte) 255;
		}
		String title = imp.getTitle();
		int dot = title.lastIndexOf('.');
		ImagePlus out = new ImagePlus((dot > 0 && title.length() - dot <= 5 ? title.substring(0, dot) : title) +
			"-synthesized", bp);
		out.setCalibration(imp.getCalibration().copy());
		return out;
	}

	private static IllegalArgumentException noProvenance(ImagePlus imp) {
		return new IllegalArgumentException(imp.getTitle() + " carries no ReviveGAN provenance: choose an image " +
			"made by Inpaint Damage, Colorize or Restore Photo (saved as TIFF, which keeps it).");
	}

	private static Roi roiOf(RandomAccessibleInterval<? extends RealType<?>> map) {
		int w = (int) map.dimension(0), h = (int) map.dimension(1);
		ByteProcessor bp;
		if (isByteArray(map)) {
			// The map's own bytes (24 MB at 24 MP) rather than an 8-bit copy: a threshold of 1-255 selects the
			// same pixels, its non-zero ones; the tracing only reads them.
			bp = new ByteProcessor(w, h, ((ByteArray) ((ArrayImg<?, ?>) map).update(null)).getCurrentStorageArray());
			bp.setThreshold(1, 255, ImageProcessor.NO_LUT_UPDATE);
		}
		else {
			bp = new ByteProcessor(w, h);
			byte[] px = (byte[]) bp.getPixels();
			Cursor<? extends RealType<?>> c = Views.flatIterable(map).cursor();
			for (int i = 0; c.hasNext(); i++)
				px[i] = (byte) (c.next().getRealDouble() != 0 ? 255 : 0);
			bp.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
		}
		Roi roi = ThresholdToSelection.run(new ImagePlus("map", bp));
		if (roi != null) roi.setName(ROI_NAME);
		return roi;
	}

	/** @return whether {@code map} is a 2-D unsigned-byte {@link ArrayImg}, whose bytes are its pixels in order */
	private static boolean isByteArray(RandomAccessibleInterval<?> map) {
		return map instanceof ArrayImg && map.numDimensions() == 2 && map.min(0) == 0 && map.min(1) == 0 &&
			((ArrayImg<?, ?>) map).firstElement() instanceof UnsignedByteType && ((ArrayImg<?, ?>) map).update(
				null) instanceof ByteArray;
	}

	private static void showOutline(ImagePlus imp, Roi roi) {
		Overlay overlay = imp.getOverlay() == null ? new Overlay() : imp.getOverlay();
		for (int i = overlay.size() - 1; i >= 0; i--) {
			String name = overlay.get(i).getName();
			if (name != null && name.startsWith(ROI_NAME)) overlay.remove(i);
		}
		if (roi != null) {
			roi.setStrokeColor(ROI_COLOR);
			overlay.add(roi);
		}
		imp.setOverlay(overlay);
		imp.setHideOverlay(false);
	}
}
