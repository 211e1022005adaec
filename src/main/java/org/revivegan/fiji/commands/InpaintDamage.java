package org.revivegan.fiji.commands;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;
import ij.process.FloatProcessor;

import java.io.IOException;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.revivegan.core.infer.Inpainter;
import org.revivegan.core.train.PhotoAdaptation;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.provenance.Provenance;
import org.revivegan.mask.DamageMask;
import org.revivegan.fiji.DamageMasks;
import org.revivegan.fiji.FijiProgress;
import org.revivegan.fiji.ImagePlusImages;
import org.revivegan.fiji.MaskSources;
import org.revivegan.fiji.Models;
import org.revivegan.fiji.ProvenanceImages;
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

	@Parameter(label = "Model ('faithful', or a model file)", required = false,
		description = "faithful: the model that ships with ReviveGAN, trained for fidelity; or a .zip you trained")
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
		if (image == null) {
			cancel("Open an image first.");
			return;
		}
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
			result = inpaint(image, resolveMask(mask, image, maskimage), dilate, adapt, modelFile, progress);
		}
		catch (IllegalArgumentException e) {
			cancel(e.getMessage());
		}
		catch (java.util.concurrent.CancellationException e) {
			cancel("Cancelled.");
		}
	}

	/**
	 * Finds the damage mask of an image, as the {@code mask} parameter says.
	 *
	 * @return the mask, or null for "nan" (the mask is then read from each 32-bit plane's NaN pixels)
	 * @throws IllegalArgumentException if the source has no mask, with what to do about it
	 */
	static MaskSources.Resolved resolveMask(String mask, ImagePlus image, ImagePlus maskimage) {
		if ("nan".equalsIgnoreCase(mask)) return null;
		MaskSources.MaskSource source = MaskSources.MaskSource.parse(mask);
		boolean usesManager = source == MaskSources.MaskSource.AUTO || source == MaskSources.MaskSource.ROI_MANAGER;
		return MaskSources.resolve(mask, image, usesManager ? managerRois() : new Roi[0], maskimage,
			() -> DamageMasks.find(image).map(DamageMask::asImg).orElse(null));
	}

	/**
	 * Inpaints every plane of an image: the logic of this command, shared with {@link RestorePhoto}.
	 *
	 * @param resolved the mask (from {@link #resolveMask}), or null to use each plane's NaN pixels
	 * @param adapt seconds of adaptation of the model to each plane before it is filled (0: none; see
	 *          {@link PhotoAdaptation})
	 * @return a new image "title-restored" of the input's type, with the synthesised pixels (over all planes,
	 *         dilation included) outlined in an overlay and stored as a map, and its provenance in the Info and
	 *         {@link ProvenanceImages#PROPERTY} properties (see {@link ProvenanceImages}); the input is not modified
	 * @throws IllegalArgumentException if the mask is empty or does not fit the image
	 * @throws java.util.concurrent.CancellationException if the progress was cancelled
	 */
	static ImagePlus inpaint(ImagePlus image, MaskSources.Resolved resolved, int dilate, double adapt,
		ModelFile modelFile, org.revivegan.core.progress.Progress progress)
	{
		Inpainter inpainter = new Inpainter(modelFile);
		long[] adaptSteps = { 0 };
		String title = stripExtension(image.getTitle());
		// the one full-size allocation: the result starts as the input, and only the damaged pixels are written
		ImagePlus out = ImagePlusImages.duplicateForResult(image, title);
		ImageStack outStack = out.getStack();
		long[] synthesised = { 0 };
		// the union over the planes of the masks actually used (dilation included): the map of invented pixels
		net.imglib2.img.array.ArrayImg<UnsignedByteType, ?> used = net.imglib2.img.array.ArrayImgs.unsignedBytes(
			image.getWidth(), image.getHeight());
		ImagePlusImages.forEachPlane(image, progress, (i, c, z, t, ip, planeProgress) -> {
			Img<UnsignedByteType> m = resolved != null ? resolved.mask() : MaskSources.fromNaN(asFloat(ip));
			if (dilate > 0) m = MaskSources.dilate(m, dilate);
			if (MaskSources.count(m) == 0) return; // nothing damaged in this plane
			synthesised[0] += MaskSources.count(m);
			net.imglib2.loops.LoopBuilder.setImages(m, used).forEachPixel((s, u) -> {
				if (s.get() != 0) u.set(255);
			});
			ImagePlusImages.Plane<?> in = ImagePlusImages.plane(ip);
			Inpainter planeInpainter = inpainter;
			if (adapt > 0) {
				PhotoAdaptation.Result r = PhotoAdaptation.adapt(modelFile, in.image(), m, in.maxValue(), adapt,
					Integer.MAX_VALUE, 1, planeProgress.slice(0, 0.9));
				adaptSteps[0] += r.steps;
				progress.log(String.format(java.util.Locale.ROOT, "Adapted the model to plane %d in %d steps (%.0f s).", i,
					r.steps, r.seconds));
				planeInpainter = new Inpainter(r.model);
			}
			inpaint(planeInpainter, in, in.over(outStack.getProcessor(i)), m, adapt > 0 ? planeProgress.slice(0.9, 0.1) :
				planeProgress);
		});
		if (synthesised[0] == 0) throw new IllegalArgumentException("The damage mask is empty: nothing to inpaint. " +
			"Mark the damage first (a selection, a mask image or the Damage Brush).");
		if (synthesised[0] == (long) image.getWidth() * image.getHeight() * image.getStackSize()) progress.log(
			"The damage mask covers all of " + image.getTitle() + ": every pixel was invented by the model.");
		ProvenanceImages.storeMap(out, used);
		Provenance.Builder record = Provenance.builder(Provenance.Operation.INPAINT).model("inpaint", modelFile)
			.parameter("mask", resolved == null ? "nan" : resolved.source().macroName()).parameter("dilate", dilate);
		if (adapt > 0) record.parameter("adaptSeconds", adapt).parameter("adaptSteps", adaptSteps[0]);
		ProvenanceImages.attach(out, record
			.input(image.getTitle(), image.getWidth(), image.getHeight(), image.getStackSize())
			.synthesizedPixels(synthesised[0]).build(), image.getInfoProperty());
		progress.status("Inpainted " + synthesised[0] + " pixels of " + image.getTitle() + ".");
		return out;
	}

	/** Writes the damaged pixels of {@code out}, a duplicate of {@code in}: the others already are the input's. */
	private static <T extends net.imglib2.type.numeric.RealType<T>, U extends net.imglib2.type.numeric.RealType<U>> void inpaint(
		Inpainter inpainter, ImagePlusImages.Plane<T> in, ImagePlusImages.Plane<U> out, Img<UnsignedByteType> mask,
		org.revivegan.core.progress.Progress progress)
	{
		inpainter.inpaintDamagedOnly(in.image(), mask, in.maxValue(), out.image(), progress);
	}

	private static FloatProcessor asFloat(ij.process.ImageProcessor ip) {
		if (!(ip instanceof FloatProcessor)) throw new IllegalArgumentException("The 'nan' mask needs a 32-bit " +
			"image; choose another mask source.");
		return (FloatProcessor) ip;
	}

	/**
	 * @return the ROI Manager's selected ROIs, else all of them; none without a display (in a batch-mode macro,
	 *         asking for the ROI Manager makes its hidden batch-mode one, a window that cannot exist headless)
	 */
	private static Roi[] managerRois() {
		RoiManager rm;
		try {
			rm = RoiManager.getInstance();
		}
		catch (java.awt.HeadlessException e) {
			return new Roi[0];
		}
		if (rm == null || rm.getCount() == 0) return new Roi[0];
		Roi[] selected = rm.getSelectedRoisAsArray();
		return selected.length > 0 ? selected : rm.getRoisAsArray();
	}

	static String stripExtension(String title) {
		int dot = title.lastIndexOf('.');
		return dot > 0 && title.length() - dot <= 5 ? title.substring(0, dot) : title;
	}

	/** @return the result (for tests) */
	ImagePlus result() {
		return result;
	}
}
