package org.revivegan.fiji.commands;

import ij.ImagePlus;

import java.io.IOException;

import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.restore.InpaintRequest;
import org.revivegan.core.restore.Restoration;
import org.revivegan.core.restore.RestoreResult;
import org.revivegan.fiji.FijiProgress;
import org.revivegan.fiji.ImagePlusImages;
import org.revivegan.fiji.MaskSources;
import org.revivegan.fiji.Models;
import org.revivegan.fiji.ProvenanceImages;
import org.revivegan.fiji.RestorationImages;
import org.revivegan.fiji.RestorationImages.Colour;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins &gt; ReviveGAN &gt; Restore Photo: the whole restoration of an old photograph in one step, inpainting
 * the damage and then colouring the result ({@link Restoration#restore}). It runs the restoration layer's code
 * of {@link InpaintDamage} and {@link Colorize}, so its result is the same as running the two one after the
 * other. The colouring is skipped
 * when the photo already has colour (an RGB image whose channels differ somewhere, or a multi-channel image),
 * unless {@code force} is set: recolouring would throw its colours away. The result is one new image
 * ("title-restored"); the input is never modified. Macro:
 * {@code run("Restore Photo", "mask=selection dilate=2 inpaint=[default] colorize=[default]");} (colouring at
 * the colourisation model's own working size; {@code size=N}, 16 or more, overrides it, as in {@link Colorize}).
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

	@Parameter(label = "Inpainting model ('faithful', 'realistic', or a model file)", required = false,
		description = "faithful: the shipped model trained for fidelity (the best PSNR); realistic: the one " +
			"trained for realistic texture (an adversarial phase); or a .zip you trained")
	private String inpaint = org.revivegan.core.model.DefaultModels.FAITHFUL;

	@Parameter(label = "Colorization model file (or 'default')", required = false)
	private String colorize = Models.DEFAULT;

	// 0 by default: each model's metadata holds the size it works best at (not the same for every model). A new
	// persist key: under the old one Fiji remembers the 512 that was the default before, which would override
	// every model's own size for the users who ever ran this command
	@Parameter(label = "Colorization working size (longer side, pixels; 0 = the model's own)", min = "0",
		max = "4096", persistKey = "size0", description = "Colour is predicted at this size (0: the size the " +
			"colourisation model recommends, recorded in the result's provenance); the lightness keeps the full " +
			"resolution")
	private int size = RestorationImages.MODEL_WORKING_SIZE;

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
		if (noImage(image)) return;
		boolean colorStep = force || !hasColour(image);
		ModelFile inpaintModel, colorizeModel = null;
		Colour colour;
		try {
			colour = new Colour(vividness, palette);
			// checked even when the photo has colour: a macro's bad size=8 should not pass on the colour photos
			RestorationImages.checkWorkingSize(size);
			if (colorStep) RestorationImages.checkColorizable(image);
			inpaintModel = Models.load(inpaint, Task.INPAINT);
			if (colorStep) colorizeModel = Models.load(colorize, Task.COLORIZE);
		}
		catch (IOException | IllegalArgumentException e) {
			cancel(e.getMessage());
			return;
		}
		FijiProgress progress = progress();
		try {
			result = restore(colorStep, inpaintModel, colorizeModel, colour, colorStep ? progress.slice(0, 0.5)
				: progress, progress);
		}
		catch (IllegalArgumentException e) {
			cancel(MaskSources.explain(e.getMessage()));
		}
		catch (java.util.concurrent.CancellationException e) {
			cancel("Cancelled.");
		}
	}

	/**
	 * @param inpaintProgress where the inpainting step logs (its share of {@code progress})
	 * @return "title-restored": the inpainted image, coloured if {@code colorStep}, with the map of invented
	 *         pixels (property and overlay) and the restoration's record
	 */
	private ImagePlus restore(boolean colorStep, ModelFile inpaintModel, ModelFile colorizeModel, Colour colour,
		Progress inpaintProgress, Progress progress)
	{
		InpaintRequest inpainting = RestorationImages.inpaintRequest(image, RestorationImages.resolveMask(mask, image,
			maskimage), dilate, adapt, inpaintModel, inpaintProgress);
		// the one full-size allocation of the inpainting: the input's copy, of which only damaged pixels are written
		ImagePlus inpainted = ImagePlusImages.duplicateForResult(image, RestorationImages.stripExtension(image
			.getTitle()));
		RestorationImages.ColourStack colours = colorStep ? new RestorationImages.ColourStack(inpainted) : null;
		RestoreResult r = Restoration.restore(inpainting, colorStep ? RestorationImages.colorizeRequest(inpainted,
			colorizeModel, size, colour) : null, RestorationImages.planes(image, inpainted), colorStep
				? RestorationImages.colouring(inpainted, colours) : null, progress);
		ProvenanceImages.storeMap(inpainted, r.inpainting().map());
		if (!colorStep) {
			ProvenanceImages.attach(inpainted, r.provenance(), image.getInfoProperty());
			return inpainted;
		}
		ImagePlus colored = colours.image(inpainted.getTitle(), inpainted);
		ProvenanceImages.copyMap(inpainted, colored);
		ProvenanceImages.attach(colored, r.provenance(), image.getInfoProperty());
		colored.setOverlay(inpainted.getOverlay()); // which pixels were invented, and any other overlay
		colored.setHideOverlay(false);
		return colored;
	}

	/**
	 * @return true if the image already has colour ({@link Restoration#hasColour}): an RGB image with a pixel whose
	 *         red, green and blue differ, or an image of several channels
	 */
	static boolean hasColour(ImagePlus image) {
		return Restoration.hasColour(RestorationImages.planes(image, null));
	}
}
