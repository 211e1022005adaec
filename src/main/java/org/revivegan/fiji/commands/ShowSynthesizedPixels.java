package org.revivegan.fiji.commands;

import ij.ImagePlus;

import org.revivegan.fiji.ProvenanceImages;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins &gt; ReviveGAN &gt; Show Synthesized Pixels: shows which pixels of a ReviveGAN result the model
 * invented, from what the result carries (see {@link ProvenanceImages}), so that it works on a result saved as
 * TIFF and opened again, or whose overlay was removed. {@code overlay} outlines them in the image's overlay (a
 * colourised image: a rectangle around the whole image, since every pixel's colour was invented);
 * {@code mask-image} makes a new 8-bit image, 255 = pixel invented, 128 = only its colour invented, 0 = the
 * input's own. Macro: {@code run("Show Synthesized Pixels", "mode=mask-image");}
 */
@Plugin(type = Command.class, menuPath = "Plugins>ReviveGAN>Show Synthesized Pixels", headless = true)
public class ShowSynthesizedPixels extends ReviveCommand {

	@Parameter(label = "Image")
	private ImagePlus image;

	@Parameter(label = "Show as", choices = { "overlay", "mask-image" },
		description = "overlay: outline in the image; mask-image: a new image, 255 = invented, 128 = colour invented")
	private String mode = "overlay";

	@Parameter(type = ItemIO.OUTPUT, required = false)
	private ImagePlus result;

	@Override
	void execute() {
		if (noImage(image)) return;
		try {
			if ("mask-image".equalsIgnoreCase(mode)) result = ProvenanceImages.mapImage(image);
			else if ("overlay".equalsIgnoreCase(mode)) {
				ProvenanceImages.showSynthesized(image);
				image.updateAndDraw();
			}
			else cancel("Unknown mode '" + mode + "': use overlay or mask-image.");
		}
		catch (IllegalArgumentException e) {
			cancel(e.getMessage());
		}
	}

	/** @return the map image of mode mask-image (for tests) */
	ImagePlus result() {
		return result;
	}
}
