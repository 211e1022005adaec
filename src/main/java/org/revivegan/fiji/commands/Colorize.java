package org.revivegan.fiji.commands;

import ij.ImagePlus;

import java.io.IOException;

import org.revivegan.core.infer.Colorizer;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.provenance.Provenance;
import org.revivegan.core.restore.ColorizeRequest;
import org.revivegan.core.restore.Restoration;
import org.revivegan.fiji.ColorHintSources;
import org.revivegan.fiji.Models;
import org.revivegan.fiji.ProvenanceImages;
import org.revivegan.fiji.RestorationImages;
import org.revivegan.fiji.RestorationImages.Colour;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins > ReviveGAN > Colorize: colours every plane of a grayscale (or RGB) image. 8-bit and RGB inputs
 * give an RGB image; 16-bit and 32-bit inputs give a 3-channel composite of the same bit depth, so precision
 * is kept. The result keeps the input's full-resolution lightness. Macro:
 * {@code run("Colorize", "model=[default]");} colours at the model's own working size (the one its metadata
 * recommends, not the same for every model; {@code size=0}, the default); {@code size=N} (16 or more) overrides it.
 * <p>
 * Colour hints (user-guided colourisation, see {@link ColorHintSources} and docs/colour-hints.md): put points or
 * small areas on the photo with the selection tools, each with a colour, and the colouriser follows them.
 * {@code hints=roi-manager}, {@code overlay} or {@code selection} says where the ROIs are; each ROI's stroke (or
 * fill) colour is its colour, or, with {@code reference=[title]}, the mean colour of that colour image under the
 * ROI; {@code foreground=true} gives ROIs without a colour the foreground colour (the colour picker's). What the
 * network does not follow of a hint is spread over the hint's region up to the photo's edges ({@code spread=edges},
 * the default; {@code spread=none} keeps the network's response alone). A macro:
 * </p>
 * <pre>
 * open("old.tif");
 * makePoint(120, 80); Roi.setStrokeColor("#3060c0"); roiManager("add");   // blue sky
 * makeOval(200, 150, 12, 12); Roi.setStrokeColor("#40a040"); roiManager("add");   // green leaves
 * run("Colorize", "image=old.tif hints=roi-manager radius=2 model=[default]");
 * </pre>
 * <p>
 * The result's provenance (Image &gt; Show Info) records the number of hints and where they came from.
 * </p>
 * <p>
 * {@code vividness=} scales the colours' saturation (1 = the model's own; see
 * {@link Colorizer#withVividness}); {@code palette=[title]} takes the colour distribution, per lightness band, of
 * an open colour photo ({@link org.revivegan.core.color.ColorReference}), e.g.
 * {@code run("Colorize", "image=old.tif palette=[same place today.jpg] vividness=1.2");}. Both are recorded in the
 * provenance (the palette by title and the SHA-256 of its pixels). ({@code reference=} is the other thing: the
 * image the hints take their colours from.)
 * </p>
 */
@Plugin(type = Command.class, menuPath = "Plugins>ReviveGAN>Colorize", headless = true)
public class Colorize extends ReviveCommand {

	@Parameter(label = "Image")
	private ImagePlus image;

	@Parameter(label = "Model file (or 'default')", required = false)
	private String model = Models.DEFAULT;

	// 0 by default: each model's metadata holds the size it works best at (not the same for every model). A new
	// persist key: under the old one Fiji remembers the 512 that was the default before, which would override
	// every model's own size for the users who ever ran this command
	@Parameter(label = "Working size (longer side, pixels; 0 = the model's own)", min = "0", max = "4096",
		persistKey = "size0", description = "Colour is predicted at this size (0: the size the model recommends, " +
			"recorded in the result's provenance); the lightness always keeps the full resolution")
	private int size = RestorationImages.MODEL_WORKING_SIZE;

	// not persisted: a later macro that does not mention hints (the folder macros) must not get the last ones
	@Parameter(label = "Colour hints from", choices = { "none", "roi-manager", "overlay", "selection" }, required = false,
		persist = false, description = "Points or areas whose colour the result should have: each ROI's stroke (or " +
			"fill) colour, or the reference image's colour under it (not remembered between runs)")
	private String hints = "none";

	@Parameter(label = "Reference colour image (optional)", required = false, persist = false, autoFill = false,
		description = "If set, each hint's colour is this image's mean colour under the ROI (same size as the photo)")
	private ImagePlus reference;

	@Parameter(label = "Point hint radius (pixels)", min = "0", max = "50", required = false,
		description = "A point hint colours a square of side 2 x radius + 1")
	private int radius = ColorHintSources.DEFAULT_RADIUS;

	@Parameter(label = "Foreground colour for ROIs without one", required = false, persist = false,
		description = "Give ROIs without a stroke or fill colour the foreground colour (set with the colour picker)")
	private boolean foreground = false;

	// a choice, not a checkbox: a macro that does not mention it gets "edges", as a dialog would
	@Parameter(label = "Spread hints", choices = { "edges", "none" }, required = false, persist = false,
		description = "edges: each hint colours its region up to the photo's edges; none: only what the network " +
			"makes of the hints")
	private String spread = SPREAD_EDGES;

	static final String SPREAD_EDGES = "edges", SPREAD_NONE = "none";

	// not persisted: a later macro that does not mention it must get the model's own colours, not the last setting
	@Parameter(label = "Vividness", min = "0", max = "4", stepSize = "0.1", required = false, persist = false,
		description = "0 = gray, 1 = the model's own colours; more is more saturated (colours stay within sRGB, " +
			"lightness is kept)")
	private double vividness = Colorizer.DEFAULT_VIVIDNESS;

	// autoFill = false: imagej-legacy must not fill it with the one open image (the photo itself)
	@Parameter(label = "Colour palette from photo (optional)", required = false, persist = false, autoFill = false,
		description = "A colour photo whose colours (per lightness band) the result should take, e.g. a colour " +
			"photo of the same place or a hand-coloured print")
	private ImagePlus palette;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus result;

	@Override
	void execute() {
		if (noImage(image)) return;
		ModelFile modelFile;
		ColorHintSources.Resolved resolvedHints;
		Colour colour;
		try {
			RestorationImages.checkColorizable(image);
			RestorationImages.checkWorkingSize(size);
			spread(spread);
			colour = new Colour(vividness, palette); // checks both before the model loads
			resolvedHints = resolveHints(hints, image, reference, radius, foreground);
			modelFile = Models.load(model, Task.COLORIZE);
		}
		catch (IOException | IllegalArgumentException e) {
			cancel(e.getMessage());
			return;
		}
		try {
			result = colorize(image, modelFile, size, resolvedHints, reference, spread(spread), colour, progress());
		}
		catch (java.util.concurrent.CancellationException e) {
			cancel("Cancelled.");
		}
		catch (IllegalArgumentException e) {
			cancel(e.getMessage());
		}
	}

	/** @return whether to spread hints: true for "edges" (or unset), false for "none"; else what to write */
	static boolean spread(String choice) {
		if (choice == null || choice.isEmpty() || choice.equals(SPREAD_EDGES)) return true;
		if (choice.equals(SPREAD_NONE)) return false;
		throw new IllegalArgumentException("spread=" + choice + " is not a choice: write spread=edges (hints colour " +
			"their region) or spread=none (only the network's response).");
	}

	/**
	 * Finds the colour hints as this command's parameters say (the ROI Manager is read only when asked for).
	 *
	 * @throws IllegalArgumentException when the source has no ROI or a ROI has no usable colour, with what to do
	 */
	static ColorHintSources.Resolved resolveHints(String hints, ImagePlus image, ImagePlus reference, int radius,
		boolean foreground)
	{
		ColorHintSources.HintSource source = ColorHintSources.HintSource.parse(hints);
		return ColorHintSources.resolve(hints, image, source == ColorHintSources.HintSource.ROI_MANAGER
			? ColorHintSources.managerRois() : null, reference, radius, foreground ? ColorHintSources.foreground()
				: null);
	}

	/** {@link #colorize(ImagePlus, ModelFile, int, ColorHintSources.Resolved, ImagePlus, boolean, Colour, Progress)} without hints. */
	static ImagePlus colorize(ImagePlus image, ModelFile modelFile, int size, Progress progress) {
		return colorize(image, modelFile, size, null, null, true, Colour.DEFAULT, progress);
	}

	/**
	 * Colours every plane of an image ({@link Restoration#colorize}): the logic of this command.
	 *
	 * @param size the working size (longer side) at which colour is predicted; 0 for the model's own
	 * @param hints colour hints, the same for every plane (their number and source go into the provenance);
	 *          null or none for automatic colourisation
	 * @param reference the reference image the hints' colours came from, for the provenance; may be null
	 * @param spread whether what the network does not follow of the hints is spread along edges (see
	 *          {@link org.revivegan.core.color.HintPropagation})
	 * @param colour the vividness and the palette photo (recorded in the provenance)
	 * @return a new image "title-colorized": RGB for 8-bit and RGB inputs, else a 3-channel composite of the
	 *         input's bit depth, with its provenance (see {@link org.revivegan.fiji.ProvenanceImages}); an input
	 *         that Inpaint Damage made gives the record of a restoration (both steps) and keeps its map of invented
	 *         pixels. The input is not modified
	 * @throws IllegalArgumentException if the image cannot be colourised (see
	 *         {@link RestorationImages#checkColorizable}) or the size is refused (see
	 *         {@link RestorationImages#checkWorkingSize})
	 * @throws java.util.concurrent.CancellationException if the progress was cancelled
	 */
	static ImagePlus colorize(ImagePlus image, ModelFile modelFile, int size, ColorHintSources.Resolved hints,
		ImagePlus reference, boolean spread, Colour colour, Progress progress)
	{
		RestorationImages.checkColorizable(image);
		ColorizeRequest request = RestorationImages.colorizeRequest(image, modelFile, size, colour).spreadHints(
			spread);
		if (hints != null) request.hints(hints.hints(), hints.describe(reference));
		RestorationImages.ColourStack colours = new RestorationImages.ColourStack(image);
		Provenance p = Restoration.colorize(request, RestorationImages.colouring(image, colours), progress)
			.provenance();
		ImagePlus r = colours.image(RestorationImages.stripExtension(image.getTitle()) + "-colorized", image);
		java.util.Optional<Provenance> before = ProvenanceImages.read(image);
		if (before.isPresent() && before.get().operation() == Provenance.Operation.INPAINT) {
			// colouring an inpainted result: the record and the map say both steps, as Restore Photo's do
			ProvenanceImages.copyMap(image, r);
			ProvenanceImages.attach(r, Provenance.restoration(before.get(), p), ProvenanceImages.inputInfo(image));
		}
		else ProvenanceImages.attach(r, p, null);
		return r;
	}
}
