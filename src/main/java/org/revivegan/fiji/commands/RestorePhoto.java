package org.revivegan.fiji.commands;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;

import java.io.IOException;

import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.provenance.Provenance;
import org.revivegan.fiji.FijiProgress;
import org.revivegan.fiji.Models;
import org.revivegan.fiji.ProvenanceImages;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins &gt; ReviveGAN &gt; Restore Photo: the whole restoration of an old photograph in one step, inpainting
 * the damage and then colouring the result. It runs exactly the code of {@link InpaintDamage} and
 * {@link Colorize}, so its result is the same as running the two one after the other. The colouring is skipped
 * when the photo already has colour (an RGB image whose channels differ somewhere, or a multi-channel image),
 * unless {@code force} is set: recolouring would throw its colours away. The result is one new image
 * ("title-restored"); the input is never modified. Macro:
 * {@code run("Restore Photo", "mask=selection dilate=2 inpaint=[default] colorize=[default] size=512");}
 * {@code vividness=1.5} makes the colours more saturated, {@code palette=[title]} takes the colours of an open colour
 * photo (see {@link Colorize}).
 */
@Plugin(type = Command.class, menuPath = "Plugins>ReviveGAN>Restore Photo", headless = true)
public class RestorePhoto extends ReviveCommand {

	@Parameter(label = "Image")
	private ImagePlus image;

	@Parameter(label = "Damage mask from", choices = { "auto", "selection", "roi-manager", "overlay", "mask-image",
		"nan", "brush" }, description = "auto: the painted damage, else the selection, the ROI Manager, the overlay, NaN pixels")
	private String mask = "auto";

	@Parameter(label = "Mask image (for mask-image)", required = false, autoFill = false)
	private ImagePlus maskimage;

	@Parameter(label = "Grow the mask by (pixels)", min = "0", max = "100")
	private int dilate = 0;

	@Parameter(label = "Adapt the inpainting model to the photo (seconds; 0 = off)", min = "0", max = "3600",
		required = false)
	private double adapt = 0;

	@Parameter(label = "Inpainting model ('faithful', or a model file)", required = false)
	private String inpaint = org.revivegan.core.model.DefaultModels.FAITHFUL;

	@Parameter(label = "Colorization model file (or 'default')", required = false)
	private String colorize = Models.DEFAULT;

	@Parameter(label = "Colorization working size (longer side, pixels)", min = "64", max = "4096")
	private int size = 512;

	// not persisted: a later macro that does not mention it must get the model's own colours, not the last setting
	@Parameter(label = "Vividness", min = "0", max = "4", stepSize = "0.1", required = false, persist = false,
		description = "0 = gray, 1 = the model's own colours; more is more saturated")
	private double vividness = org.revivegan.core.infer.Colorizer.DEFAULT_VIVIDNESS;

	// autoFill = false: imagej-legacy must not fill it with the one open image (the photo itself)
	@Parameter(label = "Colour palette from photo (optional)", required = false, persist = false, autoFill = false,
		description = "A colour photo whose colours (per lightness band) the result should take")
	private ImagePlus palette;

	@Parameter(label = "Colorize even a colour photo", required = false, persist = false,
		description = "Without this, a photo that already has colour is only inpainted (not remembered between runs)")
	private boolean force = false;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus result;

	@Override
	void execute() {
		if (image == null) {
			cancel("Open an image first.");
			return;
		}
		boolean colorStep = force || !hasColour(image);
		ModelFile inpaintModel, colorizeModel = null;
		Colorize.Colour colour;
		try {
			colour = new Colorize.Colour(vividness, palette);
			if (colorStep) Colorize.checkColorizable(image);
			inpaintModel = Models.load(inpaint, Task.INPAINT);
			if (colorStep) colorizeModel = Models.load(colorize, Task.COLORIZE);
		}
		catch (IOException | IllegalArgumentException e) {
			cancel(e.getMessage());
			return;
		}
		FijiProgress progress = progress();
		try {
			ImagePlus inpainted = InpaintDamage.inpaint(image, InpaintDamage.resolveMask(mask, image, maskimage),
				dilate, adapt, inpaintModel, colorStep ? progress.slice(0, 0.5) : progress);
			if (!colorStep) {
				Provenance inpainting = ProvenanceImages.read(inpainted).orElseThrow();
				ProvenanceImages.attach(inpainted, Provenance.restoration(inpainting, null).toBuilder().note(
					"colour photo: not recoloured").build(), image.getInfoProperty());
				result = inpainted;
				return;
			}
			// Colorize sees the inpainting's provenance: its result has the record of both steps and the map
			ImagePlus colored = Colorize.colorize(inpainted, colorizeModel, size, colour, progress.slice(0.5,
				0.5));
			colored.setTitle(inpainted.getTitle());
			colored.setOverlay(inpainted.getOverlay()); // which pixels were invented, and any other overlay
			colored.setHideOverlay(false);
			result = colored;
		}
		catch (IllegalArgumentException e) {
			cancel(e.getMessage());
		}
		catch (java.util.concurrent.CancellationException e) {
			cancel("Cancelled.");
		}
	}

	/**
	 * @return true if the image already has colour: an RGB image with a pixel whose red, green and blue differ,
	 *         or an image of several channels
	 */
	static boolean hasColour(ImagePlus image) {
		if (image.getNChannels() > 1) return true;
		if (image.getBitDepth() != 24) return false;
		ImageStack stack = image.getStack();
		for (int i = 1; i <= stack.getSize(); i++)
			for (int p : (int[]) ((ColorProcessor) stack.getProcessor(i)).getPixels()) {
				int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
				if (r != g || g != b) return true;
			}
		return false;
	}
}
