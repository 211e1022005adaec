package org.revivegan.fiji.commands;

import ij.ImagePlus;

import org.revivegan.core.model.ModelFile;
import org.revivegan.core.progress.Progress;
import org.revivegan.fiji.MaskSources;

/**
 * Lets code of other packages (the large-image benchmark) run the logic of the Inpaint Damage and Colorize
 * commands, without a SciJava context, as the commands themselves run it.
 */
public final class CommandAccess {

	private CommandAccess() {}

	/** @see InpaintDamage#inpaint(ImagePlus, MaskSources.Resolved, int, double, ModelFile, Progress) */
	public static ImagePlus inpaint(ImagePlus image, MaskSources.Resolved mask, ModelFile model, Progress progress) {
		return InpaintDamage.inpaint(image, mask, 0, 0, model, progress);
	}

	/** @see Colorize#colorize(ImagePlus, ModelFile, int, Progress) */
	public static ImagePlus colorize(ImagePlus image, ModelFile model, int size, Progress progress) {
		return Colorize.colorize(image, model, size, progress);
	}
}
