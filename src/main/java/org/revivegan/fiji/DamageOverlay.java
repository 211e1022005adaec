package org.revivegan.fiji;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.lang.ref.WeakReference;

import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.gui.Roi;

import org.revivegan.mask.DamageMask;
import org.revivegan.mask.MaskListener;
import org.revivegan.mask.Rect;

/**
 * Shows one image's {@link DamageMask} as a translucent {@link ImageRoi} named {@link #ROI_NAME} in the image's
 * overlay. The ROI draws a {@link BufferedImage} with a two-entry palette (0 = transparent, 1 = the damage
 * colour with its alpha) whose raster <em>is</em> the mask's own {@code byte[]}: no copy and no per-stroke
 * conversion, so after a change only the changed rectangle is repainted on screen.
 * <p>
 * The ROI is in the overlay exactly while the mask has damage (the damaged pixels are counted per 64 x 64 tile,
 * so keeping the count costs only the changed rectangle); clearing removes it, undoing the clear brings it back.
 * The image is held weakly so that the registry's weak keys can let closed images go.
 */
final class DamageOverlay implements MaskListener {

	/** The name of the overlay ROI that shows the mask, so that it can be found and replaced. */
	static final String ROI_NAME = "ReviveGAN damage";

	private static final int TILE = 64;

	private final WeakReference<ImagePlus> image;
	private final DamageMask mask;
	private final WritableRaster raster;
	private final int tilesX;
	private final int[] tileCounts;
	private long damaged;
	private BufferedImage view;

	DamageOverlay(ImagePlus imp, DamageMask mask, Color color, double opacity) {
		this.image = new WeakReference<>(imp);
		this.mask = mask;
		byte[] bytes = mask.asImg().update(null).getCurrentStorageArray();
		int w = mask.width(), h = mask.height();
		raster = Raster.createInterleavedRaster(new DataBufferByte(bytes, bytes.length), w, h, w, 1, new int[] { 0 }, null);
		tilesX = (w + TILE - 1) / TILE;
		tileCounts = new int[tilesX * ((h + TILE - 1) / TILE)];
		view = viewOf(color, opacity);
		recount(mask.bounds());
		mask.addListener(this);
	}

	DamageMask mask() {
		return mask;
	}

	/** @return the number of damaged pixels, kept up to date from the change events */
	long damagedCount() {
		return damaged;
	}

	/** The image the ROI draws (the mask's bytes through the damage palette); for tests. */
	BufferedImage view() {
		return view;
	}

	/** Recolours the overlay: a new palette over the same bytes, and a new ROI if one is shown. */
	void setStyle(Color color, double opacity) {
		view = viewOf(color, opacity);
		ImagePlus imp = image.get();
		if (imp == null) return;
		if (removeRoi(imp)) addRoi(imp);
		imp.draw();
	}

	@Override
	public void maskChanged(Rect changed) {
		recount(changed);
		ImagePlus imp = image.get();
		if (imp == null) return;
		boolean shown = findRoi(imp) != null;
		if (damaged > 0 && !shown) addRoi(imp);
		else if (damaged == 0 && shown) removeRoi(imp);
		imp.draw(changed.x(), changed.y(), changed.width(), changed.height());
	}

	/** Takes the ROI off the image and stops following the mask (the mask was cleared away or replaced). */
	void detach() {
		mask.removeListener(this);
		ImagePlus imp = image.get();
		if (imp != null && removeRoi(imp)) imp.draw();
	}

	static Roi findRoi(ImagePlus imp) {
		Overlay overlay = imp.getOverlay();
		return overlay == null ? null : overlay.get(ROI_NAME);
	}

	private void addRoi(ImagePlus imp) {
		ImageRoi roi = new ImageRoi(0, 0, view);
		roi.setName(ROI_NAME);
		Overlay overlay = imp.getOverlay();
		if (overlay == null) {
			overlay = new Overlay();
			overlay.add(roi);
			imp.setOverlay(overlay);
		} else {
			overlay.add(roi);
		}
	}

	private static boolean removeRoi(ImagePlus imp) {
		Overlay overlay = imp.getOverlay();
		if (overlay == null || overlay.getIndex(ROI_NAME) < 0) return false;
		while (overlay.getIndex(ROI_NAME) >= 0)
			overlay.remove(ROI_NAME);
		return true;
	}

	private BufferedImage viewOf(Color color, double opacity) {
		int alpha = (int) Math.round(255 * Math.max(0, Math.min(1, opacity)));
		byte[] r = { 0, (byte) color.getRed() }, g = { 0, (byte) color.getGreen() }, b = { 0, (byte) color.getBlue() };
		byte[] a = { 0, (byte) alpha };
		return new BufferedImage(new IndexColorModel(8, 2, r, g, b, a), raster, false, null);
	}

	private void recount(Rect changed) {
		Rect r = changed.intersection(mask.bounds());
		if (r.isEmpty()) return;
		for (int ty = r.y() / TILE; ty <= (r.endY() - 1) / TILE; ty++)
			for (int tx = r.x() / TILE; tx <= (r.endX() - 1) / TILE; tx++) {
				int t = tx + tilesX * ty, n = (int) mask.count(Rect.of(tx * TILE, ty * TILE, TILE, TILE));
				damaged += n - tileCounts[t];
				tileCounts[t] = n;
			}
	}
}
