package org.revivegan.core.infer;


import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.cell.CellImgFactory;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.revivegan.core.color.AbBins;
import org.revivegan.core.color.ColorHints;
import org.revivegan.core.color.ColorReference;
import org.revivegan.core.color.HintPropagation;
import org.revivegan.core.color.Lab;
import org.revivegan.core.image.Images;
import org.revivegan.core.model.Encoding;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.ModelMetadata;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.tiling.Tiler;

/**
 * Colours a grayscale photo with a colourisation model, in CIE Lab: the network predicts the chroma (ab) from
 * the lightness (L) at a working resolution, the chroma is scaled up to full size and recombined with the
 * original full-resolution L (as DeOldify does), so no detail is lost whatever the working size. Colours outside the
 * sRGB gamut lose chroma, not lightness ({@link Lab#labToRgbInGamut}). Optional
 * user colour hints ({@link ColorHints}) guide the chroma (Zhang et al. 2017); without them it is automatic.
 * <p>
 * Memory stays bounded for any image size: the lightness is read and area-averaged to the working size one
 * row at a time, the network sees only the working-size image (tiled with overlap and blended seams when the
 * working size exceeds a tile, with the {@link Tiler}'s out-of-memory backoff), and the chroma is scaled up and
 * recombined row by row. The only full-size array is the result; images of more than 2^31 values get a cell
 * image instead of an array. A caller that stores the result in its own format takes it row by row
 * ({@link Rows}), and then no full-size array is made here at all.
 * </p>
 */
public final class Colorizer {

	private final ModelFile model;
	private final ComputationGraph generator;
	private int workingSize;
	private double[] scales;
	private HintPropagation propagation = HintPropagation.DEFAULT;
	private double vividness = DEFAULT_VIVIDNESS;
	private ColorReference reference;

	/** The vividness at which the colours are the network's own (see {@link #withVividness}). */
	public static final double DEFAULT_VIVIDNESS = 1;

	/** The range of {@link #withVividness}. */
	public static final double MIN_VIVIDNESS = 0, MAX_VIVIDNESS = 4;

	public Colorizer(ModelFile model) {
		if (model.task() != Task.COLORIZE) throw new IllegalArgumentException("This is a " + model.task().id() +
			" model; colourisation needs a colourisation model.");
		this.model = model;
		this.generator = model.generator();
		this.workingSize = model.metadata().workingSize;
		this.scales = model.metadata().ensembleScales();
	}

	/** Sets the longer side at which chroma is predicted (the model's default if not set). */
	public Colorizer withWorkingSize(int pixels) {
		if (pixels < 16) throw new IllegalArgumentException("The working size must be at least 16 pixels.");
		this.workingSize = pixels;
		return this;
	}

	/**
	 * Sets the scales at which the chroma is predicted and averaged (a test-time ensemble), each a fraction of
	 * the working size above 0 and at most 1: the chroma of each is scaled up to the working size and the mean
	 * taken. {@code {1}} is one prediction at the working size; by default the model's
	 * {@link ModelMetadata#ensembleScales}.
	 *
	 * @throws IllegalArgumentException for no scale or one outside (0, 1]
	 */
	public Colorizer withEnsemble(double... scales) {
		ModelMetadata.checkEnsembleScales(scales);
		this.scales = scales.clone();
		return this;
	}

	/** @return the ensemble's scales, fractions of the working size ({@link #withEnsemble}) */
	public double[] scales() {
		return scales.clone();
	}

	/** @return the longer side at which chroma is predicted */
	public int workingSize() {
		return workingSize;
	}

	/**
	 * Sets how the network's chroma is blended towards the hints' over their regions, along the photo's edges;
	 * null turns it off (the network's response to the hints alone). Default {@link HintPropagation#DEFAULT}.
	 */
	public Colorizer withHintPropagation(HintPropagation propagation) {
		this.propagation = propagation;
		return this;
	}

	/**
	 * Sets how vivid the colours are. For a regression model (the network predicts ab directly) the predicted
	 * chroma is multiplied by {@code v} around gray (a, b scaled by v; 0 gives the gray photo, 1 the network's
	 * colours, 2 twice their chroma); colours that then leave sRGB lose chroma, never lightness
	 * ({@link Lab#labToRgbInGamut}). A regression head trained with L1 predicts the median of the plausible
	 * colours, which is closer to gray than any of them: the gain undoes part of that. For a colour-class model
	 * (see {@link org.revivegan.core.color.AbBins}) the vividness sets the temperature of the annealed mean,
	 * T = {@link org.revivegan.core.color.AbBins#temperatureOf}(v).
	 *
	 * @param v from {@value #MIN_VIVIDNESS} to {@value #MAX_VIVIDNESS}; {@value #DEFAULT_VIVIDNESS} by default
	 * @throws IllegalArgumentException outside that range, with the range
	 */
	public Colorizer withVividness(double v) {
		if (!(v >= MIN_VIVIDNESS && v <= MAX_VIVIDNESS)) throw new IllegalArgumentException("The vividness must be " +
			"from " + MIN_VIVIDNESS + " (gray) to " + MAX_VIVIDNESS + " (1 = the network's colours), not " + v + ".");
		this.vividness = v;
		return this;
	}

	/** @return the vividness, {@value #DEFAULT_VIVIDNESS} unless set */
	public double vividness() {
		return vividness;
	}

	/**
	 * Steers the colours towards a reference photo's colour distribution, per lightness band (see
	 * {@link ColorReference}); null for none (the default). Applied after the hints are spread and before the
	 * vividness.
	 */
	public Colorizer withReference(ColorReference reference) {
		this.reference = reference;
		return this;
	}

	/** @return the colour reference, null if none */
	public ColorReference reference() {
		return reference;
	}

	/** @return the hint propagation, null if off */
	public HintPropagation hintPropagation() {
		return propagation;
	}

	public ModelFile model() {
		return model;
	}

	/**
	 * @param image (x, y) grayscale, or (x, y, 3) RGB (its lightness is used), values in [0, maxValue]
	 * @return a new (x, y, 3) sRGB image in [0, 1] whose L is the input's: an {@code ArrayImg} when it has
	 *         fewer than 2^31 values, else a cell image
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
	 * @return a new (x, y, 3) sRGB image in [0, 1] whose L is the input's: an {@code ArrayImg} when it has
	 *         fewer than 2^31 values, else a cell image
	 * @throws IllegalArgumentException if a hint lies outside the image
	 */
	public Img<FloatType> colorize(RandomAccessibleInterval<? extends RealType<?>> image, double maxValue,
		ColorHints hints, Progress progress)
	{
		ImgRows out = new ImgRows(image.dimension(0), image.dimension(1));
		colorize(image, maxValue, hints, out, progress);
		return out.img();
	}

	/**
	 * Receives a colourised image one row at a time, top to bottom (see
	 * {@link Colorizer#colorize(RandomAccessibleInterval, double, ColorHints, Rows, Progress)}): the caller keeps
	 * the result in its own pixel format, and no full-size float image is made.
	 */
	@FunctionalInterface
	public interface Rows {

		/**
		 * @param y the row, 0 to height - 1, each once and in order
		 * @param r the row's red in [0, 1], one value per column; the arrays are reused for the next row
		 * @param g green, as {@code r}
		 * @param b blue, as {@code r}
		 */
		void row(int y, float[] r, float[] g, float[] b);
	}

	/**
	 * {@link #colorize(RandomAccessibleInterval, double, ColorHints, Progress)} with the result given row by row
	 * to {@code rows} (the same values) instead of stored in a new image.
	 *
	 * @throws IllegalArgumentException if a hint lies outside the image
	 */
	public void colorize(RandomAccessibleInterval<? extends RealType<?>> image, double maxValue, ColorHints hints,
		Rows rows, Progress progress)
	{
		long width = image.dimension(0), height = image.dimension(1);
		int channels = image.numDimensions() > 2 ? (int) image.dimension(2) : 1;
		if (channels != 1 && channels != 3) throw new IllegalArgumentException("Colourisation needs a grayscale or " +
			"RGB image; this one has " + channels + " channels.");
		if (width > MAX_SIDE || height > MAX_SIDE) throw new IllegalArgumentException("The image is too large (" +
			width + "x" + height + "; at most " + MAX_SIDE + " pixels a side) to colourise; crop or scale it first.");
		int w = (int) width, h = (int) height;

		// Lightness at the working resolution, area-averaged row by row from the image: no full-size array
		double f = Math.min(1.0, (double) workingSize / Math.max(w, h));
		int ww = Math.max(1, (int) Math.round(w * f)), wh = Math.max(1, (int) Math.round(h * f));
		progress.status("Reading the lightness");
		float[] small = shrunkLightness(image, channels, maxValue, w, h, ww, wh);

		// Predict ab at the working resolution, with the hints (if any) drawn at that resolution
		ArrayImg<FloatType, FloatArray> input = Encoding.colorizeInput(ArrayImgs.floats(small, ww, wh), hints, w, h);
		float[] abSmall = ensembleChroma(small, ww, wh, hints, w, h, input, progress);
		int planeSmall = ww * wh;
		float calibration = (float) model.metadata().chromaGain;
		if (calibration != 1 && !model.metadata().generator.classHead()) // the network's own colours, before any hint
			for (int i = 0; i < 2 * planeSmall; i++)
				abSmall[i] *= calibration;
		if (propagation != null && !ColorHints.isEmpty(hints)) {
			progress.status("Spreading the colour hints");
			propagation.apply(small, ww, wh, input.update(null).getCurrentStorageArray(), planeSmall, abSmall);
		}
		if (reference != null) {
			progress.status("Taking the colours of the reference photo");
			reference.transfer(small, abSmall, planeSmall, Lab.AB_SCALE);
		}
		if (vividness != DEFAULT_VIVIDNESS && !model.metadata().generator.classHead()) { // a class head: temperature
			float gain = (float) vividness;
			for (int i = 0; i < 2 * planeSmall; i++)
				abSmall[i] *= gain;
		}

		// Recombine the chroma, scaled up row by row, with the full-resolution L
		progress.status("Combining the colour with the full-resolution lightness");
		LightnessRows lightness = new LightnessRows(image, channels, maxValue, w);
		float[] l = new float[w], aRow = new float[w], bRow = new float[w];
		float[] aSmallRow = new float[ww], bSmallRow = new float[ww];
		float[] lab = new float[3], rgb = new float[3];
		float[] rOut = new float[w], gOut = new float[w], bOut = new float[w];
		Images.Taps up = new Images.Taps(wh, h);
		for (int y = 0; y < h; y++) {
			if ((y & 255) == 0) progress.checkCanceled();
			lightness.next(l);
			up.of(y);
			Images.resampleRow(abSmall, 0, ww, up, aSmallRow);
			Images.resampleRow(abSmall, planeSmall, ww, up, bSmallRow);
			Images.resample1d(aSmallRow, 0, 1, ww, aRow, 0, 1, w);
			Images.resample1d(bSmallRow, 0, 1, ww, bRow, 0, 1, w);
			for (int x = 0; x < w; x++) {
				lab[0] = l[x];
				lab[1] = Lab.denormalizeAb(aRow[x]);
				lab[2] = Lab.denormalizeAb(bRow[x]);
				Lab.labToRgbInGamut(lab, rgb);
				rOut[x] = rgb[0];
				gOut[x] = rgb[1];
				bOut[x] = rgb[2];
			}
			rows.row(y, rOut, gOut, bOut);
		}
	}

	/** The rows stored in a new (x, y, 3) image, made when the first row comes (after the network has run). */
	private final class ImgRows implements Rows {

		private final long width, height;
		private Img<FloatType> out;
		private float[] direct;
		private RandomAccess<FloatType> ra;

		ImgRows(long width, long height) {
			this.width = width;
			this.height = height;
		}

		Img<FloatType> img() {
			if (out == null) {
				out = width * height * 3 < arrayLimit ? ArrayImgs.floats(width, height, 3) : new CellImgFactory<>(
					new FloatType(), cellSize).create(width, height, 3);
				direct = out instanceof ArrayImg ? Images.floats(out) : null;
				ra = direct == null ? out.randomAccess() : null;
			}
			return out;
		}

		@Override
		public void row(int y, float[] r, float[] g, float[] b) {
			img();
			int w = r.length;
			float[][] channels = { r, g, b };
			for (int c = 0; c < 3; c++) {
				float[] v = channels[c];
				if (direct != null) {
					int start = (int) (w * (y + height * c));
					System.arraycopy(v, 0, direct, start, w);
				}
				else {
					ra.setPosition(y, 1);
					ra.setPosition(c, 2);
					for (int x = 0; x < w; x++) {
						ra.setPosition(x, 0);
						ra.get().set(v[x]);
					}
				}
			}
		}
	}

	/**
	 * @param input (x, y, 4) network input at the working size, see {@link Encoding#colorizeInput}
	 * @return the network's chroma at the working size: planes a, b, normalised
	 */
	float[] chroma(ArrayImg<FloatType, FloatArray> input, Progress progress) {
		int m = model.metadata().generator.multiple();
		int tile = Math.max(m, workingSize + (m - workingSize % m) % m);
		// A small working size fits in one tile; the overlap only matters between tiles, so cap it to the tile
		int overlap = Math.min(Math.max(m / 2, model.metadata().tileOverlap), tile / 2);
		Tiler tiler = new Tiler(tile, overlap, m);
		org.revivegan.core.tiling.TileFunction network = GeneratorTiles.of(generator);
		if (model.metadata().generator.classHead()) {
			// decode each tile's distribution to ab before the tiles are blended: Q channels never reach full size
			// (a head at 1 / headScale of the resolution: decoded there, the ab then up-sampled to the tile's size)
			double temperature = AbBins.temperatureOf(vividness);
			org.revivegan.core.tiling.TileFunction logits = network;
			network = tiles -> {
				java.util.List<net.imglib2.RandomAccessibleInterval<FloatType>> decoded = new java.util.ArrayList<>();
				java.util.List<? extends net.imglib2.RandomAccessibleInterval<FloatType>> out = logits.apply(tiles);
				for (int i = 0; i < out.size(); i++)
					decoded.add(upsampled(decode(out.get(i), temperature), (int) tiles.get(i).dimension(0), (int) tiles
						.get(i).dimension(1)));
				return decoded;
			};
		}
		Img<FloatType> ab = tiler.process(input, 2, network, progress);
		return Images.floats(ab);
	}

	/**
	 * The mean chroma of the ensemble ({@link #withEnsemble}) at the working size {@code ww x wh}: each scale's
	 * lightness area-averaged from {@code small}, its hints drawn at that size, its chroma scaled up.
	 */
	float[] ensembleChroma(float[] small, int ww, int wh, ColorHints hints, int w, int h,
		ArrayImg<FloatType, FloatArray> input, Progress progress)
	{
		float[] sum = null;
		for (int run = 0; run < scales.length; run++) {
			double s = scales[run];
			int sw = Math.max(1, (int) Math.round(ww * s)), sh = Math.max(1, (int) Math.round(wh * s));
			ArrayImg<FloatType, FloatArray> in = sw == ww && sh == wh ? input : Encoding.colorizeInput(ArrayImgs.floats(
				Images.resizePlane(small, ww, wh, sw, sh), sw, sh), hints, w, h);
			Progress part = scales.length == 1 ? progress : progress.slice((double) run / scales.length, 1.0 /
				scales.length);
			float[] up = upsampled(ArrayImgs.floats(chroma(in, part), sw, sh, 2), ww, wh).update(null)
				.getCurrentStorageArray();
			if (scales.length == 1) return up;
			if (sum == null) sum = new float[up.length];
			for (int i = 0; i < up.length; i++)
				sum[i] += up[i];
		}
		for (int i = 0; i < sum.length; i++)
			sum[i] /= scales.length;
		return sum;
	}

	/** Results of this many values or more are cell images (a Java array holds fewer); tests lower it. */
	long arrayLimit = Integer.MAX_VALUE - 8;
	/** The side of a cell of a cell-image result; tests lower it. */
	int cellSize = 1024;

	/**
	 * @param logits (x, y, Q) the class head's output for one tile
	 * @return (x, y, 2) the annealed mean at {@code temperature}, normalised ab
	 */
	static ArrayImg<FloatType, FloatArray> decode(net.imglib2.RandomAccessibleInterval<FloatType> logits,
		double temperature)
	{
		int w = (int) logits.dimension(0), h = (int) logits.dimension(1), q = (int) logits.dimension(2), n = w * h;
		float[] z = new float[w * h * q];
		net.imglib2.Cursor<FloatType> c = Views.flatIterable(Views.zeroMin(logits)).cursor();
		for (int i = 0; i < z.length; i++)
			z[i] = c.next().get();
		float[] ab = new float[2 * n];
		double[] mean = new double[2];
		AbBins bins = AbBins.get();
		for (int i = 0; i < n; i++) {
			bins.annealedMean(z, i, n, temperature, mean);
			ab[i] = Lab.normalizeAb((float) mean[0]);
			ab[n + i] = Lab.normalizeAb((float) mean[1]);
		}
		return ArrayImgs.floats(ab, w, h, 2);
	}

	/**
	 * @param ab (x, y, 2) planes a, b
	 * @return {@code ab} resized to {@code w x h} by {@link Images#resizePlane} (bilinear where it grows); {@code ab}
	 *         itself at that size already
	 */
	static ArrayImg<FloatType, FloatArray> upsampled(ArrayImg<FloatType, FloatArray> ab, int w, int h) {
		int sw = (int) ab.dimension(0), sh = (int) ab.dimension(1), plane = sw * sh;
		if (sw == w && sh == h) return ab;
		float[] small = ab.update(null).getCurrentStorageArray(), big = new float[2 * w * h];
		for (int c = 0; c < 2; c++)
			System.arraycopy(Images.resizePlane(java.util.Arrays.copyOfRange(small, c * plane, (c + 1) * plane), sw, sh,
				w, h), 0, big, c * w * h, w * h);
		return ArrayImgs.floats(big, w, h, 2);
	}

	/** The longest image side that colourisation takes: rows are held as Java arrays. */
	static final int MAX_SIDE = Integer.MAX_VALUE - 8;

	/**
	 * @return the lightness image resized to {@code ww x wh} by {@link Images#resizePlane}'s rule (area averaging,
	 *         as the working size is never larger), read one row at a time: each output row is made from the
	 *         rows its {@link Images.Taps} name, and those never go back past the row read last
	 */
	static float[] shrunkLightness(RandomAccessibleInterval<? extends RealType<?>> image, int channels,
		double maxValue, int w, int h, int ww, int wh)
	{
		LightnessRows rows = new LightnessRows(image, channels, maxValue, w);
		float[] row = new float[w], shrunk = new float[ww];
		int read = -1; // the source row whose shrunk copy is in shrunk
		Images.Taps down = new Images.Taps(h, wh);
		double[] sum = new double[ww];
		float[] result = new float[ww * wh];
		for (int j = 0; j < wh; j++) {
			down.of(j);
			java.util.Arrays.fill(sum, 0);
			for (int k = 0; k < down.count(); k++) {
				int i = down.index(k);
				if (i < read) throw new IllegalStateException("Resampling taps went back from row " + read + " to " + i +
					".");
				for (; read < i; read++) {
					rows.next(row);
					Images.resample1d(row, 0, 1, w, shrunk, 0, 1, ww);
				}
				double weight = down.weight(k);
				for (int x = 0; x < ww; x++)
					sum[x] += weight * shrunk[x];
			}
			for (int x = 0; x < ww; x++)
				result[x + ww * j] = (float) (sum[x] / down.divisor());
		}
		return result;
	}

	/** Reads an image's lightness (L in [0, 100]) row by row, in order. */
	private static final class LightnessRows {

		private final Cursor<? extends RealType<?>>[] cursors;
		private final double maxValue;
		private final float[] rgb = new float[3], lab = new float[3];

		@SuppressWarnings("unchecked")
		LightnessRows(RandomAccessibleInterval<? extends RealType<?>> image, int channels, double maxValue, int w) {
			this.maxValue = maxValue;
			cursors = new Cursor[channels];
			for (int c = 0; c < channels; c++)
				cursors[c] = channelCursor(image, c);
		}

		private static <T extends RealType<?>> Cursor<T> channelCursor(RandomAccessibleInterval<T> image, int c) {
			RandomAccessibleInterval<T> img = Views.zeroMin(image);
			return Views.flatIterable(img.numDimensions() > 2 ? Views.hyperSlice(img, 2, c) : img).cursor();
		}

		void next(float[] row) {
			for (int x = 0; x < row.length; x++) {
				if (cursors.length == 1) row[x] = Lab.grayToLightness(value(cursors[0], true));
				else {
					for (int c = 0; c < 3; c++)
						rgb[c] = value(cursors[c], false);
					Lab.rgbToLab(rgb, lab);
					row[x] = lab[0];
				}
			}
		}

		private float value(Cursor<? extends RealType<?>> c, boolean clamp) {
			double v = c.next().getRealDouble() / maxValue;
			if (!Double.isFinite(v)) return 0;
			return (float) (clamp ? Math.max(0, Math.min(1, v)) : v);
		}
	}
}
