package org.revivegan.fiji.commands;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import java.io.IOException;

import org.revivegan.core.color.ColorHints;
import org.revivegan.core.image.Images;
import org.revivegan.core.infer.Colorizer;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.provenance.Provenance;
import org.revivegan.fiji.ColorHintSources;
import org.revivegan.fiji.ImagePlusImages;
import org.revivegan.fiji.Models;
import org.revivegan.fiji.ProvenanceImages;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins > ReviveGAN > Colorize: colours every plane of a grayscale (or RGB) image. 8-bit and RGB inputs
 * give an RGB image; 16-bit and 32-bit inputs give a 3-channel composite of the same bit depth, so precision
 * is kept. The result keeps the input's full-resolution lightness. Macro:
 * {@code run("Colorize", "model=[default] size=512");}
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
 * run("Colorize", "image=old.tif hints=roi-manager radius=2 model=[default] size=512");
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

	@Parameter(label = "Working size (longer side, pixels)", min = "64", max = "4096",
		description = "Colour is predicted at this size; the lightness always keeps the full resolution")
	private int size = 512;

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
		if (image == null) {
			cancel("Open an image first.");
			return;
		}
		ModelFile modelFile;
		ColorHintSources.Resolved resolvedHints;
		Colour colour;
		try {
			checkColorizable(image);
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

	/**
	 * The colour settings shared with {@link RestorePhoto}: the vividness and the optional palette photo, whose
	 * colour distribution is read once here.
	 */
	static final class Colour {

		final double vividness;
		final ImagePlus palette;
		final org.revivegan.core.color.ColorReference reference;

		static final Colour DEFAULT = new Colour(Colorizer.DEFAULT_VIVIDNESS, null);

		/** @throws IllegalArgumentException for a vividness out of range or a palette photo that is not in colour */
		Colour(double vividness, ImagePlus palette) {
			if (!(vividness >= Colorizer.MIN_VIVIDNESS && vividness <= Colorizer.MAX_VIVIDNESS))
				throw new IllegalArgumentException("vividness=" + vividness + " is out of range: write a number from " +
					Colorizer.MIN_VIVIDNESS + " (gray) to " + Colorizer.MAX_VIVIDNESS + " (1 = the model's colours).");
			this.vividness = vividness;
			this.palette = palette;
			if (palette == null) reference = null;
			else {
				if (palette.getBitDepth() != 24) throw new IllegalArgumentException("The palette photo '" + palette
					.getTitle() + "' is not an RGB colour image; give a colour photo (Image > Type > RGB Color).");
				try {
					reference = org.revivegan.core.color.ColorReference.of(ImagePlusImages.wrap((ij.process.ColorProcessor) palette.getProcessor()), 255);
				}
				catch (IllegalArgumentException e) {
					throw new IllegalArgumentException("The palette photo '" + palette.getTitle() + "': " + e.getMessage());
				}
			}
		}

		void applyTo(Colorizer colorizer) {
			colorizer.withVividness(vividness).withReference(reference);
		}

		void record(Provenance.Builder pb) {
			pb.parameter("vividness", vividness);
			if (reference != null) pb.parameter("palette", palette.getTitle()).parameter("paletteSha256", reference
				.pixelSha256());
		}
	}

	/** @return whether to spread hints: true for "edges" (or unset), false for "none"; else what to write */
	static boolean spread(String choice) {
		if (choice == null || choice.isEmpty() || choice.equals(SPREAD_EDGES)) return true;
		if (choice.equals(SPREAD_NONE)) return false;
		throw new IllegalArgumentException("spread=" + choice + " is not a choice: write spread=edges (hints colour " +
			"their region) or spread=none (only the network's response).");
	}

	/** @throws IllegalArgumentException if the image has several channels and is not RGB, with what to do */
	static void checkColorizable(ImagePlus image) {
		if (image.getNChannels() > 1 && image.getBitDepth() != 24) throw new IllegalArgumentException(
			"Colorize needs a grayscale or RGB image; this one has " + image.getNChannels() + " channels. " +
				"Use Image > Color > Stack to RGB or split the channels first.");
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

	/** {@link #colorize(ImagePlus, ModelFile, int, ColorHintSources.Resolved, ImagePlus, boolean, Colour, org.revivegan.core.progress.Progress)} without hints. */
	static ImagePlus colorize(ImagePlus image, ModelFile modelFile, int size,
		org.revivegan.core.progress.Progress progress)
	{
		return colorize(image, modelFile, size, null, null, true, Colour.DEFAULT, progress);
	}

	/** Automatic colourisation with these colour settings, for {@link RestorePhoto}. */
	static ImagePlus colorize(ImagePlus image, ModelFile modelFile, int size, Colour colour,
		org.revivegan.core.progress.Progress progress)
	{
		return colorize(image, modelFile, size, null, null, true, colour, progress);
	}

	/**
	 * Colours every plane of an image: the logic of this command, shared with {@link RestorePhoto}.
	 *
	 * @param size the working size (longer side) at which colour is predicted
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
	 * @throws IllegalArgumentException if the image cannot be colourised (see {@link #checkColorizable})
	 * @throws java.util.concurrent.CancellationException if the progress was cancelled
	 */
	static ImagePlus colorize(ImagePlus image, ModelFile modelFile, int size, ColorHintSources.Resolved hints,
		ImagePlus reference, boolean spread, Colour colour, org.revivegan.core.progress.Progress progress)
	{
		checkColorizable(image);
		ColorHints colorHints = hints == null ? null : hints.hints();
		Colorizer colorizer = new Colorizer(modelFile).withWorkingSize(size);
		if (!spread) colorizer.withHintPropagation(null);
		colour.applyTo(colorizer);
		int w = image.getWidth(), h = image.getHeight(), depth = image.getBitDepth();
		boolean rgbOut = depth == 8 || depth == 24;
		ImageStack out = new ImageStack(w, h);
		int planes = image.getStackSize();
		ImagePlusImages.forEachPlane(image, progress, (i, c, z, t, ip, planeProgress) -> {
			ImagePlusImages.Plane<?> in = ImagePlusImages.plane(ip);
			ResultPlanes colours = new ResultPlanes(ip, rgbOut, in.maxValue());
			colorizer.colorize(in.image(), in.maxValue(), colorHints, colours, planeProgress);
			for (ImageProcessor p : colours.processors())
				out.addSlice(image.getStack().getSliceLabel(i), p);
		});
		String title = InpaintDamage.stripExtension(image.getTitle()) + "-colorized";
		ImagePlus r = new ImagePlus(title, out);
		if (rgbOut) r.setDimensions(1, image.getNSlices(), image.getNFrames());
		else {
			r.setDimensions(3, image.getNSlices(), image.getNFrames());
			r = new CompositeImage(r, CompositeImage.COMPOSITE);
			// every channel shown as the input was (a 12-bit scan stays visible, not black in a 0..65535 range)
			double lo = image.getDisplayRangeMin(), hi = image.getDisplayRangeMax();
			for (ij.process.LUT lut : ((CompositeImage) r).getLuts()) {
				lut.min = lo;
				lut.max = hi;
			}
			r.setDisplayRange(lo, hi);
		}
		r.setCalibration(image.getCalibration().copy());
		Provenance.Builder pb = Provenance.builder(Provenance.Operation.COLORIZE).model("colorize", modelFile)
			.parameter("size", size);
		if (hints != null && hints.count() > 0) pb.parameter("hints", hints.count()).parameter("hintSource", hints
			.describe(reference)).parameter("hintSpread", spread);
		colour.record(pb);
		Provenance p = pb.input(image.getTitle(), w, h, planes).build();
		java.util.Optional<Provenance> before = ProvenanceImages.read(image);
		if (before.isPresent() && before.get().operation() == Provenance.Operation.INPAINT) {
			// colouring an inpainted result: the record and the map say both steps, as Restore Photo's do
			ProvenanceImages.copyMap(image, r);
			ProvenanceImages.attach(r, Provenance.restoration(before.get(), p), ProvenanceImages.inputInfo(image));
		}
		else ProvenanceImages.attach(r, p, null);
		return r;
	}

	/**
	 * The colouriser's rows written straight into the result's planes: one packed RGB plane (8-bit and RGB
	 * input), or three channels of the input's type in its own value range (16-bit: 0 to the plane's bit range,
	 * 65535 or 4095 for 12-bit data; 32-bit: the plane's data range). These planes are the only full-size copy.
	 */
	private static final class ResultPlanes implements Colorizer.Rows {

		private final int w, h;
		private final double maxValue;
		private final int[] packed;
		private final short[][] shorts;
		private final float[][] floats;
		private final double lo, span;

		ResultPlanes(ImageProcessor input, boolean rgbOut, double maxValue) {
			w = input.getWidth();
			h = input.getHeight();
			this.maxValue = maxValue;
			int n = Images.arrayLength("colourise", w, h);
			boolean sixteen = !rgbOut && input instanceof ShortProcessor;
			packed = rgbOut ? new int[n] : null;
			shorts = sixteen ? new short[][] { new short[n], new short[n], new short[n] } : null;
			floats = rgbOut || sixteen ? null : new float[][] { new float[n], new float[n], new float[n] };
			double[] range = floats == null ? new double[] { 0, 1 } : finiteRange((float[]) input.getPixels());
			lo = range[0];
			span = range[1] - range[0];
		}

		@Override
		public void row(int y, float[] r, float[] g, float[] b) {
			int offset = w * y;
			if (packed != null) {
				for (int x = 0; x < w; x++)
					packed[offset + x] = 0xff000000 | (Math.round(r[x] * 255) << 16) | (Math.round(g[x] * 255) << 8) | Math
						.round(b[x] * 255);
				return;
			}
			float[][] rgb = { r, g, b };
			for (int c = 0; c < 3; c++) {
				float[] v = rgb[c];
				if (shorts != null) for (int x = 0; x < w; x++)
					shorts[c][offset + x] = (short) Math.round(v[x] * maxValue);
				else for (int x = 0; x < w; x++)
					floats[c][offset + x] = (float) (lo + v[x] * span);
			}
		}

		/** @return the result's planes for this input plane: one RGB, or red, green and blue */
		java.util.List<ImageProcessor> processors() {
			if (packed != null) return java.util.List.of(new ColorProcessor(w, h, packed));
			java.util.List<ImageProcessor> planes = new java.util.ArrayList<>();
			for (int c = 0; c < 3; c++)
				planes.add(shorts != null ? new ShortProcessor(w, h, shorts[c], null) : new FloatProcessor(w, h, floats[c]));
			return planes;
		}
	}

	private static double[] finiteRange(float[] p) {
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (float v : p)
			if (Float.isFinite(v)) {
				min = Math.min(min, v);
				max = Math.max(max, v);
			}
		if (min > max) return new double[] { 0, 1 };
		return new double[] { min, max > min ? max : min + 1 };
	}
}
