package org.revivegan.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.plugin.PlugIn;

import org.revivegan.mask.Rect;

/**
 * Plugins&gt;ReviveGAN&gt;Tools&gt;Clear Damage Mask: removes all damage painted on the active image and its
 * overlay, as one step that "Undo Damage Stroke" takes back.
 */
public class ClearDamageMask implements PlugIn {

	@Override
	public void run(String arg) {
		clearCurrent();
	}

	/** Clears the active image's mask, or says why not. */
	static void clearCurrent() {
		ImagePlus imp = WindowManager.getCurrentImage();
		if (imp == null) {
			IJ.noImage();
			return;
		}
		try {
			Rect[] changed = new Rect[1];
			DamageMasks.onUiThread(() -> changed[0] = DamageMasks.clear(imp));
			IJ.showStatus(changed[0].isEmpty() ? "No damage painted on " + imp.getTitle() : "Damage mask cleared");
		} catch (IllegalStateException e) {
			IJ.error("Clear Damage Mask", e.getMessage());
		}
	}
}
