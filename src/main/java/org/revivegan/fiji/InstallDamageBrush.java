package org.revivegan.fiji;

import ij.gui.Toolbar;
import ij.plugin.PlugIn;

/** Plugins&gt;ReviveGAN&gt;Tools&gt;Damage Brush: puts the {@link DamageBrushTool} in the IJ1 toolbar and selects it. */
public class InstallDamageBrush implements PlugIn {

	@Override
	public void run(String arg) {
		Toolbar.addPlugInTool(new DamageBrushTool());
	}
}
