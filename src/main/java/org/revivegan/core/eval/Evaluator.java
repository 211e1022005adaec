package org.revivegan.core.eval;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.revivegan.core.color.Lab;
import org.revivegan.core.damage.DamageSynthesizer;
import org.revivegan.core.image.Images;
import org.revivegan.core.image.ClassicalInpainting;
import org.revivegan.core.infer.Colorizer;
import org.revivegan.core.infer.Inpainter;
import org.revivegan.core.restore.ColorizeRequest;
import org.revivegan.core.restore.InpaintRequest;
import org.revivegan.core.restore.Planes;
import org.revivegan.core.restore.Restoration;
import org.revivegan.core.train.PhotoAdaptation;
import org.revivegan.core.metrics.Metrics;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.util.Rng;

/**
 * The quality evaluation: runs our model and its peers on exactly the same input and measures each against
 * the original.
 * <p>
 * <b>Inpainting.</b> For every image and every {@link Band}, a mask is drawn with a generator derived from
 * (seed, image index, band) alone, so a row does not depend on which other images or bands are evaluated.
 * The input is the original rounded to 8 bits with the masked pixels set to white; ReviveGAN
 * ({@value #OURS}), OpenCV's Telea ({@value #TELEA}) and Navier-Stokes ({@value #NS}) inpainting all get that
 * input and that mask. Other inpainting models can be measured beside ours on the same input
 * ({@link #withModel}, the demo's realistic model beside the faithful one); without them the methods are exactly
 * those three.
 * </p>
 * <p>
 * <b>Colourisation.</b> The input is the gray image with the original's own CIE L (the lightness of the
 * 8-bit original); the peer ({@value #GRAYSCALE}) is that gray image itself, the standard baseline.
 * </p>
 * <p>
 * <b>Measures.</b> Outputs are rounded to 8-bit sRGB and compared with the 8-bit original: PSNR and SSIM over
 * the whole image (maximum 255, see {@link Metrics}), PSNR over the masked pixels and the detail ratio there
 * ({@link Metrics#detailRatio}: texture, which PSNR cannot see), colourfulness of the output over that of the
 * original. Seconds are the wall time of one method on one image; before timing, the model
 * runs once on a small crop so that start-up costs (JIT, native libraries) are not charged to the first
 * image.
 * </p>
 * <p>
 * Images must be at least 11 x 11 pixels (the SSIM window). Not thread-safe.
 * </p>
 */
public final class Evaluator {

	public static final String OURS = "revivegan";
	public static final String TELEA = "telea";
	public static final String NS = "ns";
	public static final String GRAYSCALE = "grayscale";

	/** Value that masked pixels of the input take (white), so that the damage is visible on contact sheets. */
	public static final float MASKED_INPUT_VALUE = 1f;

	/** Band name prefix of the colour-hint rows: {@code hints-k} for k hints. */
	public static final String HINTS_BAND_PREFIX = "hints-";

	/** The hint counts of {@code --hints default}: those of Zhang et al. 2017's figure, up to 50. */
	public static final List<Integer> DEFAULT_HINT_COUNTS = Collections.unmodifiableList(Arrays.asList(0, 1, 2, 5, 10,
		20, 50));

	/** Half-side of the patch a simulated hint covers and averages the original's chroma over (3 x 3). */
	public static final int HINT_RADIUS = 1;

	/** Side of the crop the model is warmed up on before timing. */
	static final int WARM_UP_SIDE = 64;

	/**
	 * One image under one band, as pictures for a contact sheet. Column order for inpainting: input, mask,
	 * Telea, ReviveGAN, each model of {@link #withModel} (named by its method), original; for colourisation:
	 * input (gray), ReviveGAN, original.
	 */
	public static final class Sample {

		public final String task;
		public final String band;
		public final String image;
		public final int imageIndex;
		public final List<String> columnNames;
		/** (x, y, 3) RGB in [0, 1], or (x, y) for the mask (1 = damaged). */
		public final List<RandomAccessibleInterval<FloatType>> columns;

		Sample(String task, String band, String image, int imageIndex, List<String> columnNames,
			List<RandomAccessibleInterval<FloatType>> columns)
		{
			this.task = task;
			this.band = band;
			this.image = image;
			this.imageIndex = imageIndex;
			this.columnNames = Collections.unmodifiableList(columnNames);
			this.columns = Collections.unmodifiableList(columns);
		}
	}

	/** Receives every {@link Sample} as it is made (for contact sheets); it must not keep them all. */
	public interface SampleListener {

		void sample(Sample sample) throws IOException;
	}

	private final Inpainter inpainter;
	private final Colorizer colorizer;
	/** The other inpainting models measured beside ours, by method name, in the order given. */
	private final java.util.LinkedHashMap<String, Inpainter> others = new java.util.LinkedHashMap<>();
	private long seed = 1;
	private List<Band> bands = Arrays.asList(Band.values());
	private double radius = ClassicalInpainting.DEFAULT_RADIUS;
	private SampleListener listener;
	private List<Integer> hintCounts = Collections.emptyList();
	private boolean ownReference;
	private boolean warmedUp;
	/** Sees the hints of every hints-k run (image index, k, hints); for tests. */
	java.util.function.BiConsumer<Integer, org.revivegan.core.color.ColorHints> hintsUsed;
	/** Where the seconds of each row come from (nanoseconds); a test gives its own to check what is timed. */
	java.util.function.LongSupplier clock = System::nanoTime;

	private Evaluator(Inpainter inpainter, Colorizer colorizer) {
		this.inpainter = inpainter;
		this.colorizer = colorizer;
	}

	/** @return an evaluation of inpainting with this model against Telea and Navier-Stokes */
	public static Evaluator inpainting(Inpainter model) {
		return new Evaluator(Objects.requireNonNull(model, "model"), null);
	}

	/** @return an evaluation of colourisation with this model against the grayscale image */
	public static Evaluator colorization(Colorizer model) {
		return new Evaluator(null, Objects.requireNonNull(model, "model"));
	}

	/**
	 * Sets the colouriser's vividness ({@link Colorizer#withVividness}) for every colourisation row.
	 *
	 * @throws IllegalArgumentException for an inpainting evaluation or a vividness out of range
	 */
	public Evaluator withVividness(double vividness) {
		if (colorizer == null) throw new IllegalArgumentException("The vividness applies to the colourisation " +
			"evaluation only.");
		colorizer.withVividness(vividness);
		return this;
	}

	/**
	 * Sets the colouriser's working size ({@link Colorizer#withWorkingSize}) for every colourisation row.
	 *
	 * @throws IllegalArgumentException for an inpainting evaluation or a size below 1
	 */
	public Evaluator withWorkingSize(int pixels) {
		if (colorizer == null) throw new IllegalArgumentException("The working size applies to the colourisation " +
			"evaluation only.");
		colorizer.withWorkingSize(pixels);
		return this;
	}

	/** Sets the colouriser's test-time ensemble ({@link Colorizer#withEnsemble}) for every colourisation row. */
	public Evaluator withEnsemble(double... scales) {
		if (colorizer == null) throw new IllegalArgumentException("The ensemble applies to the colourisation " +
			"evaluation only.");
		colorizer.withEnsemble(scales);
		return this;
	}

	/**
	 * Sets a fixed colour reference photo for every colourisation row ({@link Colorizer#withReference}); null for
	 * none. Replaces {@link #withOwnReference}.
	 */
	public Evaluator withReference(org.revivegan.core.color.ColorReference reference) {
		if (colorizer == null) throw new IllegalArgumentException("A colour reference applies to the colourisation " +
			"evaluation only.");
		colorizer.withReference(reference);
		ownReference = false;
		return this;
	}

	/**
	 * With true, each image is colourised with its own original's colour distribution as the reference: the upper
	 * bound of what colour from a reference photo can give (see {@link org.revivegan.core.color.ColorReference}).
	 */
	public Evaluator withOwnReference(boolean own) {
		if (colorizer == null && own) throw new IllegalArgumentException("A colour reference applies to the " +
			"colourisation evaluation only.");
		ownReference = own;
		if (own) colorizer.withReference(null);
		return this;
	}

	/** @return "inpaint" or "colorize", as in the CSV */
	public String task() {
		return inpainter != null ? "inpaint" : "colorize";
	}

	/**
	 * Also measures another inpainting model on the same input and mask as ours, with the same settings; its rows
	 * are called {@code method} and follow ours (before Telea's), and the listener's samples get its picture as a
	 * column of that name after ours. Without any (the default), the methods are {@value #OURS}, {@value #TELEA}
	 * and {@value #NS}, as {@code revive evaluate} writes them.
	 *
	 * @param method the rows' method, such as {@code "revivegan-realistic"}: not blank, without a comma, and not
	 *        one that is already used
	 * @throws IllegalArgumentException for a colourisation evaluation or a method name that is taken
	 */
	public Evaluator withModel(String method, Inpainter model) {
		if (inpainter == null) throw new IllegalArgumentException("Another inpainting model applies to the " +
			"inpainting evaluation only.");
		Objects.requireNonNull(model, "model");
		if (method == null || method.isBlank() || method.contains(",") || Arrays.asList(OURS, TELEA, NS, GRAYSCALE,
			"input", "mask", "original").contains(method) || others.containsKey(method))
			throw new IllegalArgumentException("Choose another method name for the other model than '" + method + "'.");
		others.put(method, model);
		return this;
	}

	/** Sets the seed of the masks (default 1). */
	public Evaluator withSeed(long seed) {
		this.seed = seed;
		return this;
	}

	private double adaptSeconds;

	/**
	 * Inpainting: adapts the model to each damaged photo for this many seconds before it fills it
	 * ({@link PhotoAdaptation}); 0 (the default) does not. The row's seconds include the adaptation.
	 */
	public Evaluator withAdaptation(double seconds) {
		this.adaptSeconds = seconds;
		return this;
	}

	/** Chooses the inpainting bands (default all, in {@link Band} order). */
	public Evaluator withBands(List<Band> bands) {
		if (bands.isEmpty()) throw new IllegalArgumentException("Give at least one band.");
		this.bands = new ArrayList<>(bands);
		return this;
	}

	/** Sets the neighbourhood radius of the classical peers (default {@link ClassicalInpainting#DEFAULT_RADIUS}). */
	public Evaluator withRadius(double radius) {
		this.radius = radius;
		return this;
	}

	/**
	 * Also measures colourisation with k simulated user hints for every k given (see the class description); an
	 * empty list (the default) measures only the automatic result.
	 *
	 * @throws IllegalArgumentException for a negative count, or for an inpainting evaluation
	 */
	public Evaluator withHintCounts(List<Integer> counts) {
		if (inpainter != null && !counts.isEmpty()) throw new IllegalArgumentException("Colour hints apply to the " +
			"colourisation evaluation only.");
		for (int k : counts)
			if (k < 0) throw new IllegalArgumentException("A number of hints cannot be negative (" + k + ").");
		this.hintCounts = new ArrayList<>(new java.util.LinkedHashSet<>(counts));
		return this;
	}

	/**
	 * @param spec "default" for {@link #DEFAULT_HINT_COUNTS}, else comma-separated whole numbers ("0,5,10")
	 * @throws IllegalArgumentException naming the bad entry
	 */
	public static List<Integer> parseHintCounts(String spec) {
		if (spec == null || spec.trim().isEmpty() || spec.trim().equalsIgnoreCase("none")) return Collections.emptyList();
		if (spec.trim().equalsIgnoreCase("default")) return DEFAULT_HINT_COUNTS;
		List<Integer> counts = new ArrayList<>();
		for (String part : spec.split(",")) {
			String t = part.trim();
			try {
				int k = Integer.parseInt(t);
				if (k < 0) throw new NumberFormatException();
				counts.add(k);
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException("Hint counts are whole numbers 0 or more separated by commas " +
					"(e.g. 0,1,2,5,10,20,50) or 'default'; '" + t + "' is not one.");
			}
		}
		return counts;
	}

	/** @return the generator of the hint positions of image {@code imageIndex} with {@code k} hints */
	public static Rng hintRng(long seed, int imageIndex, int k) {
		return Rng.forStep(Rng.forStep(seed, imageIndex).nextLong() ^ 0x48494e5453L, k); // "HINTS": apart from masks
	}

	/**
	 * Simulates a user who gives {@code k} colours taken from the original: at k positions drawn uniformly with
	 * {@code rng} (away from the border by {@link #HINT_RADIUS}), a (2 r + 1)-square hint with the mean chroma of
	 * the original under it.
	 *
	 * @param original (x, y, 3) sRGB in [0, 1], at least 3 x 3
	 */
	public static org.revivegan.core.color.ColorHints sampleHints(RandomAccessibleInterval<FloatType> original, int k,
		Rng rng)
	{
		int w = (int) original.dimension(0), h = (int) original.dimension(1), r = HINT_RADIUS;
		if (w < 2 * r + 1 || h < 2 * r + 1) throw new IllegalArgumentException("The image is too small for hints.");
		float[] lab = Images.floats(Lab.toLab(original));
		int n = w * h;
		org.revivegan.core.color.ColorHints hints = org.revivegan.core.color.ColorHints.none();
		for (int i = 0; i < k; i++) {
			int x = r + rng.nextInt(w - 2 * r), y = r + rng.nextInt(h - 2 * r);
			double a = 0, b = 0;
			for (int dy = -r; dy <= r; dy++)
				for (int dx = -r; dx <= r; dx++) {
					int j = x + dx + w * (y + dy);
					a += lab[n + j];
					b += lab[2 * n + j];
				}
			int cells = (2 * r + 1) * (2 * r + 1);
			hints = hints.withAb(x, y, r, (float) (a / cells), (float) (b / cells));
		}
		return hints;
	}

	public Evaluator withListener(SampleListener listener) {
		this.listener = listener;
		return this;
	}

	/**
	 * @return the generator of the mask of image {@code imageIndex} under {@code band}: it depends only on the
	 *         seed, the index and the band
	 */
	public static Rng maskRng(long seed, int imageIndex, Band band) {
		return Rng.forStep(Rng.forStep(seed, imageIndex).nextLong(), band.ordinal());
	}

	/**
	 * @param images (x, y, 3) sRGB in [0, 1], each at least 11 x 11; not modified. Each is asked for once (the
	 *          first twice), in order, and not kept: the list may read them lazily, so that only one image is in
	 *          memory at a time
	 * @param names one name per image, for the rows
	 * @return for inpainting one row per image x band x method (methods in the order revivegan, those of
	 *         {@link #withModel}, telea, ns),
	 *         for colourisation one row per image x method (revivegan, grayscale), then one revivegan row per hint
	 *         count (band hints-k, in the order given); images in the given order
	 * @throws IOException if the listener fails
	 */
	public List<EvaluationRow> run(List<? extends RandomAccessibleInterval<FloatType>> images, List<String> names,
		Progress progress) throws IOException
	{
		if (images.size() != names.size()) throw new IllegalArgumentException("Give one name per image: " + images
			.size() + " images, " + names.size() + " names.");
		List<EvaluationRow> rows = new ArrayList<>();
		if (images.isEmpty()) return rows;
		warmUp(check(images.get(0), names.get(0)));
		int units = images.size() * (inpainter != null ? bands.size() : 1), done = 0;
		for (int i = 0; i < images.size(); i++) {
			ArrayImg<FloatType, FloatArray> original = quantize(check(images.get(i), names.get(i)));
			if (inpainter != null) {
				for (Band band : bands) {
					progress.checkCanceled();
					progress.status("Evaluating " + names.get(i) + ", " + band.id());
					rows.addAll(inpaint(original, names.get(i), i, band));
					progress.progress(++done / (double) units);
				}
			}
			else {
				progress.checkCanceled();
				progress.status("Evaluating " + names.get(i));
				rows.addAll(colorize(original, names.get(i), i));
				progress.progress(++done / (double) units);
			}
		}
		return rows;
	}

	private static RandomAccessibleInterval<FloatType> check(RandomAccessibleInterval<FloatType> img, String name) {
		if (img.numDimensions() != 3 || img.dimension(2) != 3) throw new IllegalArgumentException(name +
			": the evaluation needs (x, y, 3) RGB images.");
		if (img.dimension(0) < Metrics.SSIM_WINDOW || img.dimension(1) < Metrics.SSIM_WINDOW)
			throw new IllegalArgumentException(name + " is " + img.dimension(0) + "x" + img.dimension(1) +
				"; the evaluation needs images of at least " + Metrics.SSIM_WINDOW + "x" + Metrics.SSIM_WINDOW + " pixels.");
		return img;
	}

	private List<EvaluationRow> inpaint(ArrayImg<FloatType, FloatArray> original, String name, int index, Band band)
		throws IOException
	{
		ArrayImg<UnsignedByteType, ByteArray> mask = new DamageSynthesizer().mask((int) original.dimension(0),
			(int) original.dimension(1), band.spec(), maskRng(seed, index, band));
		return inpaint(original, null, mask, name, index, band.id(), "synthetic " + band.id());
	}

	/**
	 * Measures inpainting of one image under a mask that the caller chose (the demo's damage): as {@link #run}
	 * does under a band's mask, ReviveGAN, Telea and Navier-Stokes on the same input, each against the original;
	 * the listener gets the pictures (its {@value #OURS} column is the restored image). The first call warms the
	 * models up first, as {@link #run} does, so that each model's seconds compare.
	 *
	 * @param original (x, y, 3) sRGB in [0, 1], at least 11 x 11; rounded to 8 bits first, as in {@link #run}
	 * @param input (x, y, 3) sRGB in [0, 1], the damaged picture every method gets (rounded to 8 bits), or null
	 *        for the evaluation's own: the original with the masked pixels white. The pixels under the mask reach
	 *        the methods (Navier-Stokes starts from them; so, a little, do the network's fills)
	 * @param mask (x, y), non-zero = damaged
	 * @param band the rows' band, naming the kind of damage
	 * @return the rows revivegan, those of {@link #withModel}, telea, ns
	 * @throws IOException if the listener fails
	 */
	public List<EvaluationRow> inpaint(RandomAccessibleInterval<FloatType> original,
		RandomAccessibleInterval<FloatType> input, RandomAccessibleInterval<? extends RealType<?>> mask, String name,
		String band) throws IOException
	{
		if (inpainter == null) throw new IllegalArgumentException("This is a colourisation evaluation.");
		check(original, name);
		warmUp(original);
		if (mask.dimension(0) != original.dimension(0) || mask.dimension(1) != original.dimension(1))
			throw new IllegalArgumentException(name + ": the mask is " + mask.dimension(0) + "x" + mask.dimension(1) +
				" but the image " + original.dimension(0) + "x" + original.dimension(1) + ".");
		ArrayImg<UnsignedByteType, ByteArray> bytes = ArrayImgs.unsignedBytes(mask.dimension(0), mask.dimension(1));
		net.imglib2.loops.LoopBuilder.setImages(net.imglib2.view.Views.zeroMin(mask), bytes).forEachPixel((s, t) -> t
			.set(s.getRealDouble() != 0 ? 1 : 0));
		if (input != null && !java.util.Arrays.equals(net.imglib2.util.Intervals.dimensionsAsLongArray(input), net
			.imglib2.util.Intervals.dimensionsAsLongArray(original))) throw new IllegalArgumentException(name + ": the " +
				"input and the original differ in size.");
		return inpaint(quantize(original), input == null ? null : quantize(input), bytes, name, 0, band, band);
	}

	/** @param given the input, or null for the original with the masked pixels {@link #MASKED_INPUT_VALUE} */
	private List<EvaluationRow> inpaint(ArrayImg<FloatType, FloatArray> original, ArrayImg<FloatType, FloatArray> given,
		ArrayImg<UnsignedByteType, ByteArray> mask, String name, int index, String band, String maskName)
		throws IOException
	{
		int w = (int) original.dimension(0), h = (int) original.dimension(1), n = w * h;
		byte[] m = mask.update(null).getCurrentStorageArray();
		double fraction = org.revivegan.core.image.Masks.fraction(mask);
		ArrayImg<FloatType, FloatArray> input = given;
		if (input == null) {
			input = Images.toFloats(original, 1);
			float[] in = input.update(null).getCurrentStorageArray();
			for (int i = 0; i < n; i++)
				if (m[i] != 0) for (int c = 0; c < 3; c++)
					in[c * n + i] = MASKED_INPUT_VALUE;
		}

		List<EvaluationRow> rows = new ArrayList<>();
		ArrayImg<UnsignedByteType, ByteArray> reference = Images.toBytes(original);
		// ours, then each model of withModel: the same request on the same input
		Map<String, Inpainter> models = new java.util.LinkedHashMap<>();
		models.put(OURS, inpainter);
		models.putAll(others);
		List<Img<FloatType>> modelOutputs = new ArrayList<>();
		for (Map.Entry<String, Inpainter> model : models.entrySet()) {
			long t0 = clock.getAsLong();
			Img<FloatType> output = Restoration.inpaint(new InpaintRequest(model.getValue()).mask(mask, maskName)
				.adaptSeconds(adaptSeconds).adaptSeed(seed).skipPlanesWithoutDamage(false), Planes.of(List.of(input)),
				Progress.NONE).images().get(0);
			rows.add(inpaintRow(model.getKey(), band, name, reference, output, mask, seconds(t0), fraction));
			modelOutputs.add(output);
		}
		long t0 = clock.getAsLong();
		Img<FloatType> telea = ClassicalInpainting.telea(input, mask, radius);
		rows.add(inpaintRow(TELEA, band, name, reference, telea, mask, seconds(t0), fraction));
		t0 = clock.getAsLong();
		Img<FloatType> ns = ClassicalInpainting.navierStokes(input, mask, radius);
		rows.add(inpaintRow(NS, band, name, reference, ns, mask, seconds(t0), fraction));

		if (listener != null) {
			ArrayImg<FloatType, FloatArray> maskPicture = ArrayImgs.floats(w, h);
			float[] mp = maskPicture.update(null).getCurrentStorageArray();
			for (int i = 0; i < n; i++)
				mp[i] = m[i] != 0 ? 1 : 0;
			List<String> names = new ArrayList<>(Arrays.asList("input", "mask", TELEA));
			List<RandomAccessibleInterval<FloatType>> columns = new ArrayList<>(Arrays.asList(input, maskPicture, telea));
			names.addAll(models.keySet());
			columns.addAll(modelOutputs);
			names.add("original");
			columns.add(original);
			listener.sample(new Sample(task(), band, name, index, names, columns));
		}
		return rows;
	}

	/**
	 * Measures one inpainting that was not made by an evaluator (a real damage restored as it is) with the
	 * measures of the evaluation: PSNR and SSIM over the image, PSNR and the detail ratio over the mask, on 8 bits.
	 *
	 * @param original (x, y, 3) sRGB in [0, 1], the truth
	 * @param output (x, y, 3) sRGB in [0, 1]
	 * @param mask (x, y), non-zero = damaged
	 */
	public static EvaluationRow inpaintRow(String method, String band, String name,
		RandomAccessibleInterval<FloatType> original, Img<FloatType> output,
		RandomAccessibleInterval<? extends RealType<?>> mask, double seconds)
	{
		return inpaintRow(method, band, name, Images.toBytes(original), output, mask, seconds, org.revivegan.core.image
			.Masks.fraction(mask));
	}

	private static EvaluationRow inpaintRow(String method, String band, String name,
		ArrayImg<UnsignedByteType, ByteArray> reference, Img<FloatType> output,
		RandomAccessibleInterval<? extends RealType<?>> mask, double seconds, double fraction)
	{
		ArrayImg<UnsignedByteType, ByteArray> out = Images.toBytes(output);
		return new EvaluationRow("inpaint", method, band, name, Metrics.psnr(out, reference, 255), Metrics.ssim(out,
			reference, 255), Metrics.psnrMasked(out, reference, mask, 255), Double.NaN, Metrics.detailRatio(out,
				reference, mask, 255), seconds, fraction);
	}

	private List<EvaluationRow> colorize(ArrayImg<FloatType, FloatArray> original, String name, int index)
		throws IOException
	{
		if (!ownReference) return colorizeRows(original, name, index);
		colorizer.withReference(org.revivegan.core.color.ColorReference.of(original, 1, false));
		try {
			return colorizeRows(original, name, index);
		}
		finally {
			colorizer.withReference(null);
		}
	}

	private List<EvaluationRow> colorizeRows(ArrayImg<FloatType, FloatArray> original, String name, int index)
		throws IOException
	{
		int w = (int) original.dimension(0), h = (int) original.dimension(1), n = w * h;
		ArrayImg<UnsignedByteType, ByteArray> reference = Images.toBytes(original);
		double originalColorfulness = Metrics.colorfulness(reference, 255);
		float[] lightness = Images.floats(Lab.lightness(original));
		ArrayImg<FloatType, FloatArray> gray = ArrayImgs.floats(w, h);
		float[] g = gray.update(null).getCurrentStorageArray();
		for (int i = 0; i < n; i++)
			g[i] = Math.max(0, Math.min(1, Lab.lightnessToGray(lightness[i])));

		List<EvaluationRow> rows = new ArrayList<>();
		long t0 = clock.getAsLong();
		Img<FloatType> ours = Restoration.colorize(new ColorizeRequest(colorizer), Planes.of(List.of(gray)),
			Progress.NONE).images().get(0);
		rows.add(colorRow(OURS, name, reference, ours, originalColorfulness, seconds(t0)));
		t0 = clock.getAsLong();
		ArrayImg<FloatType, FloatArray> grayRgb = ArrayImgs.floats(w, h, 3);
		float[] gr = grayRgb.update(null).getCurrentStorageArray();
		for (int c = 0; c < 3; c++)
			System.arraycopy(g, 0, gr, c * n, n);
		rows.add(colorRow(GRAYSCALE, name, reference, grayRgb, originalColorfulness, seconds(t0)));

		if (listener != null) listener.sample(new Sample(task(), Band.ALL, name, index, Arrays.asList("input", OURS,
			"original"), Arrays.asList(grayRgb, ours, original)));

		double automaticSeconds = rows.get(0).seconds;
		for (int k : hintCounts) {
			org.revivegan.core.color.ColorHints hints = sampleHints(original, k, hintRng(seed, index, k));
			if (hintsUsed != null) hintsUsed.accept(index, hints);
			Img<FloatType> guided = ours;
			double seconds = automaticSeconds;
			if (k > 0) {
				t0 = clock.getAsLong();
				guided = Restoration.colorize(new ColorizeRequest(colorizer).hints(hints, "sampled from the original"),
					Planes.of(List.of(gray)), Progress.NONE).images().get(0);
				seconds = seconds(t0);
			}
			rows.add(colorRow(OURS, HINTS_BAND_PREFIX + k, name, reference, guided, originalColorfulness, seconds));
			if (listener != null && k > 0) listener.sample(new Sample(task(), HINTS_BAND_PREFIX + k, name, index, Arrays
				.asList("input and hints", OURS, "original"), Arrays.asList(withHintsDrawn(grayRgb, original, hints),
					guided, original)));
		}
		return rows;
	}

	/** @return a copy of the gray picture with the hinted pixels in the original's colour, for contact sheets */
	private static ArrayImg<FloatType, FloatArray> withHintsDrawn(ArrayImg<FloatType, FloatArray> grayRgb,
		ArrayImg<FloatType, FloatArray> original, org.revivegan.core.color.ColorHints hints)
	{
		int w = (int) grayRgb.dimension(0), h = (int) grayRgb.dimension(1), n = w * h;
		ArrayImg<FloatType, FloatArray> out = Images.toFloats(grayRgb, 1);
		float[] o = out.update(null).getCurrentStorageArray(), src = original.update(null).getCurrentStorageArray();
		for (org.revivegan.core.color.ColorHints.Hint hint : hints.hints())
			for (int y = Math.max(0, hint.y); y < Math.min(h, hint.y + hint.height); y++)
				for (int x = Math.max(0, hint.x); x < Math.min(w, hint.x + hint.width); x++)
					if (hint.covers(x, y)) for (int c = 0; c < 3; c++)
						o[c * n + x + w * y] = src[c * n + x + w * y];
		return out;
	}

	private static EvaluationRow colorRow(String method, String name, ArrayImg<UnsignedByteType, ByteArray> reference,
		Img<FloatType> output, double originalColorfulness, double seconds)
	{
		return colorRow(method, Band.ALL, name, reference, output, originalColorfulness, seconds);
	}

	/**
	 * Measures one colourisation that was not made by an evaluator (the demo's, of an 8-bit gray file) with the
	 * measures of the evaluation: PSNR, SSIM and the colourfulness ratio against the original, on 8 bits.
	 *
	 * @param original (x, y, 3) sRGB in [0, 1], the truth
	 * @param output (x, y, 3) sRGB in [0, 1]: a method's result, or the gray input itself ({@value #GRAYSCALE})
	 */
	public static EvaluationRow colorRow(String method, String name, RandomAccessibleInterval<FloatType> original,
		Img<FloatType> output, double seconds)
	{
		ArrayImg<UnsignedByteType, ByteArray> reference = Images.toBytes(original);
		return colorRow(method, Band.ALL, name, reference, output, Metrics.colorfulness(reference, 255), seconds);
	}

	private static EvaluationRow colorRow(String method, String band, String name,
		ArrayImg<UnsignedByteType, ByteArray> reference, Img<FloatType> output, double originalColorfulness,
		double seconds)
	{
		ArrayImg<UnsignedByteType, ByteArray> out = Images.toBytes(output);
		double ratio = originalColorfulness > 0 ? Metrics.colorfulness(out, 255) / originalColorfulness : Double.NaN;
		return new EvaluationRow("colorize", method, band, name, Metrics.psnr(out, reference, 255), Metrics.ssim(out,
			reference, 255), Double.NaN, ratio, seconds, 0);
	}

	/** Runs the models once on a small crop of the first image, untimed; once per evaluator. */
	private void warmUp(RandomAccessibleInterval<FloatType> image) {
		if (warmedUp) return;
		warmedUp = true;
		int side = (int) Math.min(WARM_UP_SIDE, Math.min(image.dimension(0), image.dimension(1)));
		ArrayImg<FloatType, FloatArray> crop = ArrayImgs.floats(side, side, 3);
		net.imglib2.loops.LoopBuilder.setImages(net.imglib2.view.Views.interval(net.imglib2.view.Views.zeroMin(image),
			new long[] { 0, 0, 0 }, new long[] { side - 1, side - 1, 2 }), crop).forEachPixel((s, t) -> t.set(s));
		if (inpainter != null) {
			ArrayImg<UnsignedByteType, ByteArray> mask = ArrayImgs.unsignedBytes(side, side);
			mask.update(null).getCurrentStorageArray()[side / 2 * (side + 1)] = 1;
			inpainter.inpaint(crop, mask, Progress.NONE);
			for (Inpainter other : others.values())
				other.inpaint(crop, mask, Progress.NONE);
			ClassicalInpainting.telea(crop, mask, radius);
		}
		else colorizer.colorize(crop, 1, Progress.NONE);
	}

	/** @return the image rounded to 8 bits, as floats k / 255 */
	private static ArrayImg<FloatType, FloatArray> quantize(RandomAccessibleInterval<FloatType> image) {
		return Images.toFloats(Images.toBytes(image), 255);
	}

	private double seconds(long t0) {
		return (clock.getAsLong() - t0) / 1e9;
	}

	/**
	 * Writes the header and one line per row, each ended by '\n': {@link EvaluationRow#INPAINT_CSV_HEADER} when
	 * there is an inpainting row (a colourisation row among them then ends with an empty detail ratio), else
	 * {@link EvaluationRow#CSV_HEADER}.
	 */
	public static void writeCsv(List<EvaluationRow> rows, Appendable out) throws IOException {
		boolean inpaint = rows.stream().anyMatch(EvaluationRow::isInpainting);
		out.append(inpaint ? EvaluationRow.INPAINT_CSV_HEADER : EvaluationRow.CSV_HEADER).append('\n');
		for (EvaluationRow r : rows)
			out.append(r.toCsv()).append(inpaint && !r.isInpainting() ? "," : "").append('\n');
	}
}
