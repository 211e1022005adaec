package org.revivegan.fiji.commands;

import ij.ImagePlus;

import java.io.IOException;

import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.restore.InpaintResult;
import org.revivegan.core.restore.Restoration;
import org.revivegan.fiji.FijiProgress;
import org.revivegan.fiji.ImagePlusImages;
import org.revivegan.fiji.MaskSources;
import org.revivegan.fiji.Models;
import org.revivegan.fiji.ProvenanceImages;
import org.revivegan.fiji.RestorationImages;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins > ReviveGAN > Inpaint Damage: fills the damaged pixels of every plane of an image with the
 * inpainting GAN. The result is a new image ("title-restored"); the input is never modified. Macro:
 * {@code run("Inpaint Damage", "mask=selection model=[default] dilate=2 adapt=60");}
 */
@Plugin(type = Command.class, menuPath = "Plugins>ReviveGAN>Inpaint Damage", headless = true)
public class InpaintDamage extends ReviveCommand {

	@Parameter(label = "Image")
	private ImagePlus image;

	@Parameter(label = "Damage mask from", choices = { "auto", "selection", "roi-manager", "overlay", "mask-image",
		"nan", "brush" }, description = "auto: the painted damage, else the selection, the ROI Manager, the overlay, NaN pixels")
	private String mask = "auto";

	@Parameter(label = "Mask image (for mask-image)", required = false, autoFill = false)
	private ImagePlus maskimage;

	@Parameter(label = "Model ('faithful', 'realistic', or a model file)", required = false,
		description = "faithful: the model that ships with ReviveGAN, trained for fidelity (the best PSNR); " +
			"realistic: the one trained for realistic texture (an adversarial phase); or a .zip you trained")
	private String model = org.revivegan.core.model.DefaultModels.FAITHFUL;

	@Parameter(label = "Grow the mask by (pixels)", min = "0", max = "100")
	private int dilate = 0;

	@Parameter(label = "Adapt the model to the photo (seconds; 0 = off)", min = "0", max = "3600", required = false,
		description = "fine-tunes a copy of the model on this photo's undamaged pixels first (per plane)")
	private double adapt = 0;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus result;

	@Override
	void execute() {
		if (noImage(image)) return;
		ModelFile modelFile;
		try {
			modelFile = Models.load(model, Task.INPAINT);
		}
		catch (IOException e) {
			cancel(e.getMessage());
			return;
		}
		FijiProgress progress = progress();
		try {
			result = inpaint(image, RestorationImages.resolveMask(mask, image, maskimage), dilate, adapt, modelFile,
				progress);
		}
		catch (IllegalArgumentException e) {
			cancel(MaskSources.explain(e.getMessage()));
		}
		catch (java.util.concurrent.CancellationException e) {
			cancel("Cancelled.");
		}
	}

	/**
	 * Inpaints every plane of an image ({@link Restoration#inpaint}): the logic of this command.
	 *
	 * @param resolved the mask (from {@link RestorationImages#resolveMask}), or null to use each plane's NaN pixels
	 * @param adapt seconds of adaptation of the model to each plane before it is filled (0: none; see
	 *          {@link org.revivegan.core.train.PhotoAdaptation})
	 * @return a new image "title-restored" of the input's type, with the synthesised pixels (over all planes,
	 *         dilation included) outlined in an overlay and stored as a map, and its provenance in the Info and
	 *         {@link ProvenanceImages#PROPERTY} properties (see {@link ProvenanceImages}); the input is not modified
	 * @throws IllegalArgumentException if the mask is empty or does not fit the image
	 * @throws java.util.concurrent.CancellationException if the progress was cancelled
	 */
	static ImagePlus inpaint(ImagePlus image, MaskSources.Resolved resolved, int dilate, double adapt,
		ModelFile modelFile, Progress progress)
	{
		// the one full-size allocation: the result starts as the input, and only the damaged pixels are written
		ImagePlus out = ImagePlusImages.duplicateForResult(image, RestorationImages.stripExtension(image.getTitle()));
		InpaintResult r = Restoration.inpaint(RestorationImages.inpaintRequest(image, resolved, dilate, adapt,
			modelFile, progress), RestorationImages.planes(image, out), progress);
		ProvenanceImages.storeMap(out, r.map());
		ProvenanceImages.attach(out, r.provenance(), image.getInfoProperty());
		return out;
	}

	/** @return the result (for tests) */
	ImagePlus result() {
		return result;
	}
}
