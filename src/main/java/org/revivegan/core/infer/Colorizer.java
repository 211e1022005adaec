package org.revivegan.core.infer;


import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.revivegan.core.color.ColorHints;
import org.revivegan.core.color.Lab;
import org.revivegan.core.image.Images;
import org.revivegan.core.model.Encoding;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.tiling.Tiler;

/**
 * Colours a grayscale photo with a colourisation model, in CIE Lab: the network predicts the chroma (ab) from
 * the lightness (L) at a working resolution, the chroma is scaled up to full size and recombined with the
 * original full-resolution L (as DeOldify does), so no detail is lost whatever the working size. Optional
 * user colour hints ({@link ColorHints}) guide the chroma (Zhang et al. 2017); without them it is automatic.
 */
public final class Colorizer {

	private final ModelFile model;
	private final ComputationGraph generator;
	private int workingSize;

	public Colorizer(ModelFile model) {
		if (model.task() != Task.COLORIZE) throw new IllegalArgumentException("This is a " + model.task().id() +
			" model; colourisation needs a colourisation model.");
		this.model = model;
		this.generator = model.generator();
		this.workingSize = model.metadata().workingSize;
	}

	/** Sets the longer side at which chroma is predicted (the model's default if not set). */
	public Colorizer withWorkingSize(int pixels) {
		if (pixels < 16) throw new IllegalArgumentException("The working size must be at least 16 pixels.");
		this.workingSize = pixels;
		return this;
	}

	public ModelFile model() {
		return model;
	}

	/**
	 * @param image (x, y) grayscale, or (x, y, 3) RGB (its lightness is used), values in [0, maxValue]
	 * @return a new (x, y, 3) sRGB image in [0, 1] whose L is the input's
	 */
	public Img<FloatType> colorize(RandomAccessibleInterval<? extends RealType<?>> image, double maxValue,
		Progress progress)
	{
		return colorize(image, maxValue, null, progress);
	}

	/**
	 * User-guided colourisation (Zhang et al. 2017): the network is asked to give the hinted places the hinted
	 * chroma and to spread it plausibly. Hints are drawn at the working size; one smaller than a working pixel
	 * still sets that pixel.
	 *
	 * @param image (x, y) grayscale, or (x, y, 3) RGB (its lightness is used), values in [0, maxValue]
	 * @param hints in the image's pixel coordinates; null or empty for automatic colourisation
	 * @return a new (x, y, 3) sRGB image in [0, 1] whose L is the input's
	 * @throws IllegalArgumentException if a hint lies outside the image
	 */
	public Img<FloatType> colorize(RandomAccessibleInterval<? extends RealType<?>> image, double maxValue,
		ColorHints hints, Progress progress)
	{
		int w = (int) image.dimension(0), h = (int) image.dimension(1);
		int channels = image.numDimensions() > 2 ? (int) image.dimension(2) : 1;
		if (channels != 1 && channels != 3) throw new IllegalArgumentException("Colourisation needs a grayscale or " +
			"RGB image; this one has " + channels + " channels.");
		if ((long) w * h > Integer.MAX_VALUE / 3) throw new IllegalArgumentException("The image is too large (" + w + "x" +
			h + ") to colourise in one piece; crop or scale it first.");
		float[] lightness = lightness(image, channels, maxValue, w, h);

		// Predict ab at the working resolution
		double f = Math.min(1.0, (double) workingSize / Math.max(w, h));
		int ww = Math.max(1, (int) Math.round(w * f)), wh = Math.max(1, (int) Math.round(h * f));
		float[] small = Images.resizePlane(lightness, w, h, ww, wh);
		ArrayImg<FloatType, FloatArray> input = Encoding.colorizeInput(ArrayImgs.floats(small, ww, wh), hints, w, h);
		int m = model.metadata().generator.multiple();
		int tile = Math.max(m, workingSize + (m - workingSize % m) % m);
		Tiler tiler = new Tiler(tile, Math.max(m / 2, model.metadata().tileOverlap), m);
		Img<FloatType> ab = tiler.process(input, 2, GeneratorTiles.of(generator), progress);
		float[] abSmall = Images.floats(ab);
		int planeSmall = ww * wh;
		float[] a = new float[planeSmall], b = new float[planeSmall];
		System.arraycopy(abSmall, 0, a, 0, planeSmall);
		System.arraycopy(abSmall, planeSmall, b, 0, planeSmall);
		float[] aFull = Images.resizePlane(a, ww, wh, w, h), bFull = Images.resizePlane(b, ww, wh, w, h);

		// Recombine with full-resolution L
		int plane = w * h;
		ArrayImg<FloatType, FloatArray> out = ArrayImgs.floats(w, h, 3);
		float[] o = out.update(null).getCurrentStorageArray();
		float[] lab = new float[3], rgb = new float[3];
		for (int i = 0; i < plane; i++) {
			lab[0] = lightness[i];
			lab[1] = Lab.denormalizeAb(aFull[i]);
			lab[2] = Lab.denormalizeAb(bFull[i]);
			Lab.labToRgb(lab, rgb);
			for (int c = 0; c < 3; c++)
				o[c * plane + i] = Math.max(0, Math.min(1, rgb[c]));
		}
		return out;
	}

	private static float[] lightness(RandomAccessibleInterval<? extends RealType<?>> image, int channels,
		double maxValue, int w, int h)
	{
		if (channels == 3) return Images.floats(Lab.lightness(Images.toFloats(image, maxValue)));
		float[] l = new float[w * h];
		RandomAccessibleInterval<? extends RealType<?>> plane = image.numDimensions() > 2 ?
			Views.hyperSlice(image, 2, image.min(2)) : image;
		Cursor<? extends RealType<?>> c = Views.flatIterable(Views.zeroMin(plane)).cursor();
		for (int i = 0; c.hasNext(); i++) {
			double v = c.next().getRealDouble() / maxValue;
			l[i] = Lab.grayToLightness((float) (Double.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0));
		}
		return l;
	}
}
