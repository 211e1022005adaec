package org.revivegan.fiji.commands;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

import java.io.IOException;
import java.util.Locale;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.revivegan.core.infer.Detector;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.image.Masks;
import org.revivegan.fiji.DamageMasks;
import org.revivegan.fiji.ImagePlusImages;
import org.revivegan.fiji.Models;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins &gt; ReviveGAN &gt; Detect Damage: proposes a damage mask (scratches, dust, stains, strokes, tears) for
 * the current plane of an image with a detection model, for the user to correct before Inpaint Damage. The
 * proposal becomes, as {@code output} says:
 * <ul>
 * <li>{@value #BRUSH}: the Damage Brush's mask of the image (replacing what was painted, as one step that Undo
 * Damage Stroke takes back), so the user adds and erases with the brush and Inpaint Damage (mask "auto" or
 * "brush") uses it;</li>
 * <li>{@value #SELECTION}: the image's selection (a composite ROI), for the selection tools;</li>
 * <li>{@value #MASK_IMAGE}: a new 8-bit image "title-damage", 255 = damage, for Inpaint Damage's mask-image.</li>
 * </ul>
 * The image's pixels are never modified. Macro:
 * {@code run("Detect Damage", "model=[/path/detect.zip] threshold=0.5 minsize=4 output=brush");}
 */
@Plugin(type = Command.class, menuPath = "Plugins>ReviveGAN>Detect Damage", headless = true)
public class DetectDamage extends ReviveCommand {

	static final String BRUSH = "brush", SELECTION = "selection", MASK_IMAGE = "mask-image";

	@Parameter(label = "Image")
	private ImagePlus image;

	@Parameter(label = "Model file (or 'default')", required = false)
	private String model = Models.DEFAULT;

	@Parameter(label = "Threshold (damage probability)", min = "0", max = "1", stepSize = "0.05",
		description = "Pixels at least this likely to be damage are marked: lower finds more, higher is surer")
	private double threshold = Detector.DEFAULT_THRESHOLD;

	@Parameter(label = "Ignore specks smaller than (pixels)", min = "0", max = "10000")
	private int minsize = 0;

	@Parameter(label = "Put the proposal into", choices = { BRUSH, SELECTION, MASK_IMAGE },
		description = "brush: the Damage Brush mask, to correct and inpaint; selection: the image's selection; " +
			"mask-image: a new mask image")
	private String output = BRUSH;

	@Parameter(type = ItemIO.OUTPUT, required = false)
	private ImagePlus result;

	/** Pixels marked by the last run (for tests and the status line). */
	private long marked = -1;

	@Override
	void execute() throws IOException {
		if (noImage(image)) return;
		String where = output == null ? BRUSH : output.trim().toLowerCase(Locale.ROOT);
		if (!where.equals(BRUSH) && !where.equals(SELECTION) && !where.equals(MASK_IMAGE))
			throw new IllegalArgumentException("Unknown output '" + output + "': use brush, selection or mask-image.");
		if (!(threshold >= 0 && threshold <= 1)) throw new IllegalArgumentException("The threshold is a " +
			"probability from 0 to 1, not " + threshold + ".");
		if (minsize < 0) throw new IllegalArgumentException("The smallest damage size cannot be negative.");
		ModelFile modelFile = Models.load(model, Task.DETECT);
		ArrayImg<UnsignedByteType, ByteArray> mask = detect(image, modelFile, threshold, minsize, progress());
		byte[] m = mask.update(null).getCurrentStorageArray();
		marked = Masks.count(mask);
		if (where.equals(BRUSH)) DamageMasks.propose(image, mask);
		else if (where.equals(SELECTION)) image.setRoi(selection(m, image.getWidth(), image.getHeight()));
		else result = maskImage(image, m, modelFile);
		String summary = String.format(Locale.ROOT, "Detect Damage: %d pixels (%.2f %%) of %s marked at threshold %.2f%s",
			marked, 100.0 * marked / ((double) image.getWidth() * image.getHeight()), image.getTitle(), threshold,
			marked == 0 ? "; try a lower threshold" : "");
		progress().log(summary);
		progress().status(summary);
	}

	/** @return the proposed mask (255 = damage) of the current plane of {@code imp}; the image is not modified */
	static ArrayImg<UnsignedByteType, ByteArray> detect(ImagePlus imp, ModelFile modelFile, double threshold,
		int minSize, Progress progress)
	{
		ImagePlusImages.Plane<?> plane = ImagePlusImages.plane(imp.getProcessor());
		return detect(new Detector(modelFile).withMinSize(minSize), plane, threshold, progress);
	}

	private static <T extends net.imglib2.type.numeric.RealType<T>> ArrayImg<UnsignedByteType, ByteArray> detect(
		Detector detector, ImagePlusImages.Plane<T> plane, double threshold, Progress progress)
	{
		return detector.detect(plane.image(), plane.maxValue(), threshold, progress);
	}

	/** @return a composite selection of the marked pixels, or null when none is marked */
	static Roi selection(byte[] mask, int width, int height) {
		ByteProcessor bp = new ByteProcessor(width, height, mask.clone());
		bp.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
		Roi roi = ThresholdToSelection.run(new ImagePlus("damage", bp));
		if (roi != null) roi.setName("ReviveGAN detected damage");
		return roi;
	}

	private static ImagePlus maskImage(ImagePlus imp, byte[] mask, ModelFile modelFile) {
		ImagePlus out = new ImagePlus(org.revivegan.fiji.RestorationImages.stripExtension(imp.getTitle()) + "-damage", new ByteProcessor(imp
			.getWidth(), imp.getHeight(), mask.clone()));
		out.setCalibration(imp.getCalibration());
		out.setProperty("Info", "ReviveGAN Detect Damage\nimage: " + imp.getTitle() + "\nmodel: " + modelFile.source() +
			"\nmodel sha256: " + modelFile.sha256() + "\n255 = proposed damage\n");
		return out;
	}

	/** @return the mask image of output mask-image (for tests) */
	ImagePlus result() {
		return result;
	}

	/** @return pixels marked by the last run, -1 before one (for tests) */
	long marked() {
		return marked;
	}
}
