package org.revivegan.core.train;

import java.util.Arrays;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.revivegan.core.color.ColorHints;
import org.revivegan.core.color.Lab;
import org.revivegan.core.damage.Damage;
import org.revivegan.core.damage.DamageKind;
import org.revivegan.core.damage.DamageSpec;
import org.revivegan.core.damage.DamageSynthesizer;
import org.revivegan.core.image.Images;
import org.revivegan.core.model.Encoding;
import org.revivegan.core.model.Task;
import org.revivegan.core.util.Rng;

/**
 * Makes training batches on the fly: random crops (several scales, mirror flips) of the training photos,
 * then synthetic damage (inpainting) or the L / ab split with simulated user colour hints (colourisation),
 * encoded exactly as inference encodes them ({@link Encoding}).
 * <p>
 * Colour hints simulate a user as Zhang et al. (2017) do: a fraction {@link TrainingConfig#hintFreeFraction} of
 * examples has none (automatic colourisation); the others have a geometric number of hints (p = 1/8, at most
 * 50), each a square of side 1 to 9 pixels at a uniformly random place, whose value is the mean ab of the
 * ground truth over the square (Zhang samples places from a Gaussian around the centre).
 * </p>
 * <p>
 * A batch depends only on the data, the configuration and the step's {@link Rng}, so batches can be made
 * ahead on another thread and a resumed run sees the same batches as an uninterrupted one.
 * </p>
 */
public final class BatchMaker {

	/** Colour hints per hinted example: geometric with this success probability (Zhang et al. 2017: 1/8)... */
	static final double HINT_COUNT_P = 1.0 / 8;
	/** ... capped at this. */
	static final int MAX_HINTS = 50;
	/** Simulated hints are squares of side 1 .. this (uniform), as in Zhang et al. 2017. */
	static final int MAX_HINT_SIDE = 9;

	/** A pixel counts as damaged in paired data when a channel differs by more than this (of 255). */
	static final int PAIR_DIFFERENCE_THRESHOLD = 8;

	private final TrainingConfig config;
	private final TrainingData data;
	private final DamageSpec damage;
	private final DamageSynthesizer synthesizer = new DamageSynthesizer();

	/** Detection: the fraction of examples with no local damage at all (only fading and grain, maybe). */
	static final double DETECTION_CLEAN_FRACTION = 0.1;
	/** Detection: the weight of damaged pixels is (1 - p) / p for a batch with damaged fraction p, capped at this. */
	public static final double MAX_POSITIVE_WEIGHT = 10;

	/** Detection examples without local damage: only the global ageing, which the detector must ignore. */
	private static final DamageSpec DETECTION_CLEAN = DamageSpec.of().withArea(0, 0).withFading(0.5).withGrain(0.5);

	public BatchMaker(TrainingConfig config, TrainingData data) {
		this.config = config;
		this.data = data;
		this.damage = config.task() == Task.DETECT && (config.damage == null || config.damage.isEmpty() ||
			"mixed".equalsIgnoreCase(config.damage)) ? detectionSpec() : damageSpec(config.damage);
	}

	/**
	 * The damage a detector learns from: every local kind (scratches, dust, stains, strokes, tears) over 0.5-25 %
	 * of the crop (real damage is mostly small), and fading and grain each with probability 0.5, so that the
	 * detector learns that an aged photo is not a damaged one. (Batches also hold {@value #DETECTION_CLEAN_FRACTION}
	 * examples without local damage.)
	 */
	public static DamageSpec detectionSpec() {
		return DamageSpec.of().withWeight(DamageKind.SCRATCHES, 1).withWeight(DamageKind.DUST, 1)
			.withWeight(DamageKind.BLOTCHES, 1).withWeight(DamageKind.STROKES, 0.5).withWeight(DamageKind.TEARS, 0.5)
			.withArea(0.005, 0.25).withFading(0.5).withGrain(0.5);
	}

	/** @return the damage of a name: "mixed", "scratches" or an area band such as "10-20" (per cent) */
	public static DamageSpec damageSpec(String name) {
		if (name == null || name.isEmpty() || "mixed".equalsIgnoreCase(name)) return DamageSpec.mixed();
		if ("scratches".equalsIgnoreCase(name)) return DamageSpec.scratches();
		String[] band = name.split("-");
		try {
			if (band.length == 2) {
				double lo = Double.parseDouble(band[0]), hi = Double.parseDouble(band[1]);
				if (!(lo >= 0 && lo < hi && hi <= 100)) throw new IllegalArgumentException("The damage band '" + name +
					"' must be LOW-HIGH per cent with 0 <= LOW < HIGH <= 100, such as 10-20.");
				return DamageSpec.band(lo / 100, hi / 100);
			}
		}
		catch (NumberFormatException e) {
			// fall through
		}
		throw new IllegalArgumentException("Unknown damage '" + name + "': use mixed, scratches or a band such as 10-20.");
	}

	public Batch make(long step, Rng rng) {
		Task task = config.task();
		int n = config.batch, s = config.crop;
		int in = task.inChannels(), out = task.outChannels();
		float[] inputs = new float[n * in * s * s];
		float[] targets = new float[n * out * s * s];
		float[] weights = task == Task.INPAINT || task == Task.DETECT ? new float[n * s * s] : null;
		for (int b = 0; b < n; b++) {
			Crop crop = sample(rng);
			if (task == Task.INPAINT) inpaintExample(crop, rng, b, inputs, targets, weights);
			else if (task == Task.DETECT) detectExample(crop, rng, b, inputs, targets);
			else colorizeExample(crop, rng, b, inputs, targets);
		}
		if (task == Task.DETECT) detectionWeights(targets, weights, MAX_POSITIVE_WEIGHT);
		INDArray w = weights == null ? null : Nd4j.create(weights, new long[] { n, 1, s, s });
		return new Batch(step, Nd4j.create(inputs, new long[] { n, in, s, s }), Nd4j.create(targets, new long[] { n, out, s, s }), w);
	}

	private void inpaintExample(Crop crop, Rng rng, int b, float[] inputs, float[] targets, float[] weights) {
		int s = config.crop, plane = s * s;
		ArrayImg<FloatType, FloatArray> damaged, target;
		ArrayImg<UnsignedByteType, ByteArray> mask;
		if (crop.damaged != null) {
			damaged = crop.damaged;
			target = crop.clean;
			mask = differenceMask(damaged, target);
		}
		else {
			Damage d = synthesizer.apply(crop.clean, damage, rng);
			damaged = d.damaged();
			target = d.target();
			mask = d.mask();
		}
		float[] x = Encoding.inpaintInput(damaged, mask, config.inputFill()).update(null).getCurrentStorageArray();
		System.arraycopy(x, 0, inputs, b * 4 * plane, 4 * plane);
		float[] t = target.update(null).getCurrentStorageArray();
		for (int i = 0; i < 3 * plane; i++)
			targets[b * 3 * plane + i] = t[i] * 2 - 1;
		byte[] m = mask.update(null).getCurrentStorageArray();
		for (int i = 0; i < plane; i++)
			weights[b * plane + i] = m[i] != 0 ? (float) config.holeWeight : 1f;
	}

	/**
	 * Detection example: the damaged crop as the synthesizer paints it (real-looking damage, never filled),
	 * in [-1, 1], and the target mask (1 damaged, 0 intact). Paired data: the damaged photo and where it differs
	 * from the clean one.
	 */
	private void detectExample(Crop crop, Rng rng, int b, float[] inputs, float[] targets) {
		int s = config.crop, plane = s * s;
		ArrayImg<FloatType, FloatArray> damaged;
		ArrayImg<UnsignedByteType, ByteArray> mask;
		if (crop.damaged != null) {
			damaged = crop.damaged;
			mask = differenceMask(damaged, crop.clean);
		}
		else {
			Damage d = synthesizer.apply(crop.clean, rng.chance(DETECTION_CLEAN_FRACTION) ? DETECTION_CLEAN : damage, rng);
			damaged = d.damaged();
			mask = d.mask();
		}
		float[] x = damaged.update(null).getCurrentStorageArray();
		for (int i = 0; i < 3 * plane; i++)
			inputs[b * 3 * plane + i] = x[i] * 2 - 1;
		byte[] m = mask.update(null).getCurrentStorageArray();
		for (int i = 0; i < plane; i++)
			targets[b * plane + i] = m[i] != 0 ? 1 : 0;
	}

	/**
	 * Fills the per-pixel BCE weights of a detection batch: damaged pixels weigh {@code min(cap, max(1, (1 - p) / p))}
	 * for the batch's damaged fraction p (so that the rare damage counts about as much as the intact rest), intact
	 * pixels 1; a batch without damage weighs 1 everywhere.
	 *
	 * @param targets the batch's masks, 1 damaged and 0 intact
	 * @param weights receives the weights, same length
	 * @return the weight of the damaged pixels
	 */
	static double detectionWeights(float[] targets, float[] weights, double cap) {
		long positives = 0;
		for (float t : targets)
			if (t > 0.5f) positives++;
		double p = (double) positives / targets.length;
		double positive = positives == 0 ? 1 : Math.min(cap, Math.max(1, (1 - p) / p));
		for (int i = 0; i < targets.length; i++)
			weights[i] = targets[i] > 0.5f ? (float) positive : 1f;
		return positive;
	}

	private void colorizeExample(Crop crop, Rng rng, int b, float[] inputs, float[] targets) {
		int s = config.crop, plane = s * s;
		float[] lab = Lab.toLab(crop.clean).update(null).getCurrentStorageArray();
		ColorHints hints = simulateHints(lab, s, rng, config.hintFreeFraction);
		float[] x = Encoding.colorizeInput(ArrayImgs.floats(Arrays.copyOf(lab, plane), s, s), hints).update(null)
			.getCurrentStorageArray();
		System.arraycopy(x, 0, inputs, b * 4 * plane, 4 * plane);
		for (int i = 0; i < plane; i++) {
			targets[b * 2 * plane + i] = Lab.normalizeAb(lab[plane + i]);
			targets[b * 2 * plane + plane + i] = Lab.normalizeAb(lab[2 * plane + i]);
		}
	}

	/**
	 * Simulated user hints on an (s, s) Lab image (planar L, a, b), see the class description.
	 *
	 * @param hintFree probability of no hints (1: never hints, and no random numbers are drawn)
	 */
	static ColorHints simulateHints(float[] lab, int s, Rng rng, double hintFree) {
		if (hintFree >= 1 || rng.chance(hintFree)) return ColorHints.none();
		int count = 1;
		while (count < MAX_HINTS && !rng.chance(HINT_COUNT_P))
			count++;
		int plane = s * s;
		ColorHints hints = ColorHints.none();
		for (int k = 0; k < count; k++) {
			int side = rng.nextInt(1, Math.min(MAX_HINT_SIDE, s));
			int x0 = rng.nextInt(0, s - side), y0 = rng.nextInt(0, s - side);
			double a = 0, b = 0;
			for (int y = y0; y < y0 + side; y++)
				for (int x = x0; x < x0 + side; x++) {
					a += lab[plane + x + s * y];
					b += lab[2 * plane + x + s * y];
				}
			int n = side * side;
			hints = hints.withArea(x0, y0, side, side, (float) (a / n), (float) (b / n));
		}
		return hints;
	}

	static ArrayImg<UnsignedByteType, ByteArray> differenceMask(ArrayImg<FloatType, FloatArray> a,
		ArrayImg<FloatType, FloatArray> b)
	{
		int w = (int) a.dimension(0), h = (int) a.dimension(1), plane = w * h;
		float[] x = a.update(null).getCurrentStorageArray(), y = b.update(null).getCurrentStorageArray();
		ArrayImg<UnsignedByteType, ByteArray> mask = ArrayImgs.unsignedBytes(w, h);
		byte[] m = mask.update(null).getCurrentStorageArray();
		float t = PAIR_DIFFERENCE_THRESHOLD / 255f;
		for (int c = 0; c < 3; c++)
			for (int i = 0; i < plane; i++)
				if (Math.abs(x[c * plane + i] - y[c * plane + i]) > t) m[i] = 1;
		return mask;
	}

	/** A random square crop at a random scale, mirrored half of the time. */
	Crop sample(Rng rng) {
		int i = rng.nextInt(data.size());
		ArrayImg<UnsignedByteType, ByteArray> img = data.clean(i);
		int s = config.crop;
		Window win = Window.random(rng, img.dimension(0), img.dimension(1), s, config.scaleMin);
		Crop c = new Crop();
		c.clean = win.crop(img, s);
		if (data.isPaired()) c.damaged = win.crop(data.damaged(i), s);
		return c;
	}

	/** A random square source window of a photo, and whether its crop is mirrored. */
	static final class Window {

		final double x0, y0, side;
		final boolean flip;

		private Window(double x0, double y0, double side, boolean flip) {
			this.x0 = x0;
			this.y0 = y0;
			this.side = side;
			this.flip = flip;
		}

		/**
		 * @return a window of {@code crop / scale} pixels (scale uniform in [scaleMin, 1]), at most the shorter
		 *         side (small images are up-scaled), at a uniform place; mirrored half of the time
		 */
		static Window random(Rng rng, long w, long h, int crop, double scaleMin) {
			double maxWindow = Math.min(w, h);
			double minWindow = Math.min(maxWindow, crop);
			double side = Math.min(maxWindow, Math.max(minWindow, crop / rng.uniform(scaleMin, 1.0)));
			double x0 = rng.uniform(0, w - side + 1e-9), y0 = rng.uniform(0, h - side + 1e-9);
			return new Window(x0, y0, side, rng.nextBoolean());
		}

		ArrayImg<FloatType, FloatArray> crop(ArrayImg<UnsignedByteType, ByteArray> img, int out) {
			return Images.crop(img, x0, y0, side, out, flip);
		}
	}

	static final class Crop {

		ArrayImg<FloatType, FloatArray> clean;
		ArrayImg<FloatType, FloatArray> damaged;
	}
}
