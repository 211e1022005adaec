package org.revivegan.fiji.commands;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import java.io.IOException;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.revivegan.core.image.Images;
import org.revivegan.core.infer.Colorizer;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.provenance.Provenance;
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
			checkColorizable(image);
			modelFile = Models.load(model, Task.COLORIZE);
		}
		catch (IOException | IllegalArgumentException e) {
			cancel(e.getMessage());
			return;
		}
		try {
			result = colorize(image, modelFile, size, progress());
		}
		catch (java.util.concurrent.CancellationException e) {
			cancel("Cancelled.");
		}
		catch (IllegalArgumentException e) {
			cancel(e.getMessage());
		}
	}

	/** @throws IllegalArgumentException if the image has several channels and is not RGB, with what to do */
	static void checkColorizable(ImagePlus image) {
		if (image.getNChannels() > 1 && image.getBitDepth() != 24) throw new IllegalArgumentException(
			"Colorize needs a grayscale or RGB image; this one has " + image.getNChannels() + " channels. " +
				"Use Image > Color > Stack to RGB or split the channels first.");
	}

	/**
	 * Colours every plane of an image: the logic of this command, shared with {@link RestorePhoto}.
	 *
	 * @param size the working size (longer side) at which colour is predicted
	 * @return a new image "title-colorized": RGB for 8-bit and RGB inputs, else a 3-channel composite of the
	 *         input's bit depth, with its provenance (see {@link org.revivegan.fiji.ProvenanceImages}); an input
	 *         that Inpaint Damage made gives the record of a restoration (both steps) and keeps its map of invented
	 *         pixels. The input is not modified
	 * @throws IllegalArgumentException if the image cannot be colourised (see {@link #checkColorizable})
	 * @throws java.util.concurrent.CancellationException if the progress was cancelled
	 */
	static ImagePlus colorize(ImagePlus image, ModelFile modelFile, int size,
		org.revivegan.core.progress.Progress progress)
	{
		checkColorizable(image);
		Colorizer colorizer = new Colorizer(modelFile).withWorkingSize(size);
		int w = image.getWidth(), h = image.getHeight(), depth = image.getBitDepth();
		boolean rgbOut = depth == 8 || depth == 24;
		ImageStack out = new ImageStack(w, h);
		int planes = image.getStackSize();
		ImagePlusImages.forEachPlane(image, progress, (i, c, z, t, ip, planeProgress) -> {
			ImagePlusImages.Plane<?> in = ImagePlusImages.plane(ip);
			Img<FloatType> rgb = colorizer.colorize(in.image(), in.maxValue(), planeProgress);
			// channel by channel: a plane fits in an array, its three channels together may not (a cell image)
			float[][] f = { channelValues(rgb, 0), channelValues(rgb, 1), channelValues(rgb, 2) };
			if (rgbOut) out.addSlice(image.getStack().getSliceLabel(i), toColor(f, w, h));
			else for (int ch = 0; ch < 3; ch++)
				out.addSlice(image.getStack().getSliceLabel(i), channel(f[ch], w, h, ip, in.maxValue()));
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
		Provenance p = Provenance.builder(Provenance.Operation.COLORIZE).model("colorize", modelFile).parameter(
			"size", size).input(image.getTitle(), w, h, planes).build();
		java.util.Optional<Provenance> before = ProvenanceImages.read(image);
		if (before.isPresent() && before.get().operation() == Provenance.Operation.INPAINT) {
			// colouring an inpainted result: the record and the map say both steps, as Restore Photo's do
			ProvenanceImages.copyMap(image, r);
			ProvenanceImages.attach(r, Provenance.restoration(before.get(), p), ProvenanceImages.inputInfo(image));
		}
		else ProvenanceImages.attach(r, p, null);
		return r;
	}

	/** @return channel {@code c} of an (x, y, 3) image as one array, in flat order */
	private static float[] channelValues(Img<FloatType> rgb, int c) {
		float[] v = new float[Images.arrayLength("colourise", rgb.dimension(0), rgb.dimension(1))];
		net.imglib2.Cursor<FloatType> cursor = net.imglib2.view.Views.flatIterable(net.imglib2.view.Views.hyperSlice(
			rgb, 2, c)).cursor();
		for (int i = 0; i < v.length; i++)
			v[i] = cursor.next().get();
		return v;
	}

	private static ColorProcessor toColor(float[][] f, int w, int h) {
		int n = w * h;
		int[] px = new int[n];
		for (int i = 0; i < n; i++) {
			int r = Math.round(f[0][i] * 255), g = Math.round(f[1][i] * 255), b = Math.round(f[2][i] * 255);
			px[i] = 0xff000000 | (r << 16) | (g << 8) | b;
		}
		return new ColorProcessor(w, h, px);
	}

	/**
	 * One colour channel in the input's own value range (16-bit: 0 to the plane's bit range, 65535 or 4095 for
	 * 12-bit data; 32-bit: the plane's data range).
	 */
	private static ImageProcessor channel(float[] f, int w, int h, ImageProcessor input, double maxValue) {
		int n = w * h;
		if (input instanceof ShortProcessor) {
			short[] s = new short[n];
			for (int i = 0; i < n; i++)
				s[i] = (short) Math.round(f[i] * maxValue);
			return new ShortProcessor(w, h, s, null);
		}
		double[] range = finiteRange((float[]) input.getPixels());
		float[] v = new float[n];
		for (int i = 0; i < n; i++)
			v[i] = (float) (range[0] + f[i] * (range[1] - range[0]));
		return new FloatProcessor(w, h, v);
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
