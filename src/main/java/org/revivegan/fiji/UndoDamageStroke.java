package org.revivegan.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.plugin.PlugIn;

/**
 * Plugins&gt;ReviveGAN&gt;Tools&gt;Undo Damage Stroke (and, with the argument "redo", Redo Damage Stroke): takes
 * back the last brush stroke or clear on the active image's damage mask. IJ1's Edit&gt;Undo only knows pixel
 * edits, so the mask has its own undo; give it a key with Plugins&gt;Shortcuts&gt;Add Shortcut.
 */
public class UndoDamageStroke implements PlugIn {

	@Override
	public void run(String arg) {
		boolean redo = "redo".equals(arg);
		String title = redo ? "Redo Damage Stroke" : "Undo Damage Stroke";
		ImagePlus imp = WindowManager.getCurrentImage();
		if (imp == null) {
			IJ.noImage();
			return;
		}
		try {
			boolean[] done = new boolean[1];
			DamageMasks.onUiThread(() -> done[0] = redo ? DamageMasks.redo(imp) : DamageMasks.undo(imp));
			if (!done[0]) IJ.showStatus((redo ? "Nothing to redo" : "Nothing to undo") + " on the damage mask of " + imp.getTitle());
		} catch (IllegalStateException e) {
			IJ.error(title, e.getMessage());
		}
	}
}
