package org.revivegan.core.train;

import java.util.Locale;
import java.util.concurrent.CancellationException;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;
import org.revivegan.core.damage.Damage;
import org.revivegan.core.image.Masks;
import org.revivegan.core.damage.DamageKind;
import org.revivegan.core.damage.DamageSpec;
import org.revivegan.core.damage.DamageSynthesizer;
import org.revivegan.core.gan.Pix2Pix;
import org.revivegan.core.image.Images;
import org.revivegan.core.model.Encoding;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.ModelMetadata;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.util.Rng;

/**
 * Adapts an inpainting model to one photo before it fills that photo's damage (internal learning, or
 * test-time adaptation: Ulyanov et al.'s deep image prior, GainTuning 2021, Cherel et al. 2024): a copy of
 * the generator is fine-tuned for a few seconds on crops of the photo's own undamaged pixels, with synthetic
 * damage painted into them, so that it learns this photo's textures, grain and colours.
 * <p>
 * Each crop's input hides the synthetic damage and the real damage alike (as inference hides the real
 * damage); the L1 loss counts the synthetic holes {@link TrainingConfig#holeWeight} times, the intact pixels
 * once, and the real damage not at all (its true values are unknown). Crops that are more than half real
 * damage are drawn again. The adapted copy is returned as a new model; the given model is not changed.
 * Batches depend only on the seed, so an adaptation of the same photo with the same number of steps is
 * repeatable.
 * </p>
 */
public final class PhotoAdaptation {

	/** Crops per step, and the learning rate (half of training's: the model is already trained). */
	static final int BATCH = 4;
	static final double LEARNING_RATE = 1e-4;
	/** Crop side: the training crop of the shipped models (a multiple of every preset's factor up to 128). */
	static final int CROP = 128;
	/** Crops are taken at scales 0.5 .. 1 of the photo: its own texture, not shrunk far. */
	static final double MIN_SCALE = 0.5;

	/** The synthetic damage of adaptation: local damage of the evaluation's kinds, no fading or grain. */
	static final DamageSpec DAMAGE = DamageSpec.of().withWeight(DamageKind.STROKES, 1).withWeight(DamageKind.BLOTCHES, 1)
		.withWeight(DamageKind.DUST, 0.5).withWeight(DamageKind.TEARS, 0.5).withArea(0.02, 0.4)
		.withAlternative(DamageSpec.scratches(), 0.15);

	private final DamageSynthesizer synthesizer = new DamageSynthesizer();
	private final ArrayImg<UnsignedByteType, ByteArray> photo;
	private final ArrayImg<UnsignedByteType, ByteArray> realDamage;
	private final int crop;
	private final double holeWeight;

	/** What an adaptation did, for the log and the provenance. */
	public static final class Result {

		public final ModelFile model;
		public final int steps;
		public final double seconds;
		/** Mean L1 of the first and of the last quarter of the steps (in [-1, 1] units, weighted). */
		public final double firstLoss, lastLoss;

		Result(ModelFile model, int steps, double seconds, double firstLoss, double lastLoss) {
			this.model = model;
			this.steps = steps;
			this.seconds = seconds;
			this.firstLoss = firstLoss;
			this.lastLoss = lastLoss;
		}
	}

	/**
	 * @param image (x, y) grayscale or (x, y, 3) RGB, values in [0, maxValue]; not modified
	 * @param mask (x, y), non-zero = the real damage
	 * @param multiple the generator's size factor: crops are a multiple of it
	 * @throws IllegalArgumentException if the photo is too small to cut a crop from
	 */
	PhotoAdaptation(RandomAccessibleInterval<? extends RealType<?>> image, RandomAccessibleInterval<? extends RealType<?>> mask,
		double maxValue, int multiple)
	{
		this.photo = Images.rgbBytes(image, maxValue);
		long w = image.dimension(0), h = image.dimension(1);
		int side = (int) Math.min(CROP, Math.min(w, h));
		side -= side % multiple;
		if (side < multiple || side < 32) throw new IllegalArgumentException("The photo (" + w + "x" + h + ") is too " +
			"small to adapt the model to it; inpaint it without adaptation.");
		this.crop = side;
		this.realDamage = ArrayImgs.unsignedBytes(w, h, 1);
		byte[] m = realDamage.update(null).getCurrentStorageArray();
		Cursor<? extends RealType<?>> c = Views.flatIterable(Views.zeroMin(mask)).cursor();
		for (int i = 0; c.hasNext(); i++)
			if (c.next().getRealDouble() != 0) m[i] = (byte) 255;
		this.holeWeight = new TrainingConfig().holeWeight;
	}

	/**
	 * Fine-tunes a copy of the model's generator on the photo for about {@code seconds} (at least one step).
	 *
	 * @param seed the crops and synthetic damage depend only on it
	 * @param maxSteps stop after this many steps even if time is left (Integer.MAX_VALUE: time only)
	 * @param progress status line with steps and time left; cancellation throws {@link CancellationException}
	 */
	public static Result adapt(ModelFile model, RandomAccessibleInterval<? extends RealType<?>> image,
		RandomAccessibleInterval<? extends RealType<?>> mask, double maxValue, double seconds, int maxSteps, long seed,
		Progress progress)
	{
		if (model.task() != Task.INPAINT) throw new IllegalArgumentException("Only inpainting models adapt to a photo.");
		if (!(seconds >= 0) || Double.isInfinite(seconds)) throw new IllegalArgumentException("The adaptation time must " +
			"be a number of seconds of at least 0, not " + seconds + ".");
		PhotoAdaptation a = new PhotoAdaptation(image, mask, maxValue, model.metadata().generator.multiple());
		ComputationGraph g = model.metadata().generator.build(seed);
		g.params().assign(model.generator().params());
		g.setLearningRate(LEARNING_RATE);
		Pix2Pix step = new Pix2Pix(g, null, 1);
		long t0 = System.nanoTime();
		int steps = 0;
		double[] losses = new double[16];
		double first = 0, last = 0;
		int firstCount = 0;
		while (steps < maxSteps) {
			double elapsed = (System.nanoTime() - t0) / 1e9;
			if (steps > 0 && elapsed >= seconds) break;
			if (progress.isCanceled()) throw new CancellationException("Adaptation cancelled.");
			Batch b = a.batch(Rng.forStep(seed, steps), model.metadata().inputFill);
			Nd4j.getRandom().setSeed(seed * 1_000_003L + steps);
			double l = step.stepL1(b.input, b.target, b.weights).l1;
			if (losses.length == steps) losses = java.util.Arrays.copyOf(losses, 2 * steps);
			losses[steps++] = l;
			progress.progress(Math.min(1, (System.nanoTime() - t0) / 1e9 / Math.max(1e-9, seconds)));
			progress.status(String.format(Locale.ROOT, "Adapting the model to the photo: step %d, %.0f s left", steps,
				Math.max(0, seconds - (System.nanoTime() - t0) / 1e9)));
		}
		int q = Math.max(1, steps / 4);
		for (int i = 0; i < q; i++) {
			first += losses[i] / q;
			last += losses[steps - 1 - i] / q;
		}
		double took = (System.nanoTime() - t0) / 1e9;
		ModelMetadata m = ModelFile.fromJson(ModelFile.toJson(model.metadata()), ModelMetadata.class);
		m.name = model.metadata().name + " adapted to the photo (" + steps + " steps)";
		return new Result(new ModelFile(m, g), steps, took, first, last);
	}

	/** One batch of crops of the photo with synthetic damage; the real damage is hidden and weighs 0. */
	Batch batch(Rng rng, String fill) {
		int s = crop, plane = s * s;
		float[] inputs = new float[BATCH * 4 * plane], targets = new float[BATCH * 3 * plane], weights = new float[BATCH * plane];
		long w = photo.dimension(0), h = photo.dimension(1);
		for (int b = 0; b < BATCH; b++) {
			ArrayImg<FloatType, FloatArray> clean = null, real = null;
			for (int attempt = 0; attempt < 20; attempt++) {
				BatchMaker.Window win = BatchMaker.Window.random(rng, w, h, s, MIN_SCALE);
				clean = win.crop(photo, s);
				real = win.crop(realDamage, s);
				if (Masks.fraction(real) <= 0.5) break;
			}
			Damage d = synthesizer.apply(clean, DAMAGE, rng);
			float[] r = real.update(null).getCurrentStorageArray();
			byte[] sm = d.mask().update(null).getCurrentStorageArray();
			ArrayImg<UnsignedByteType, ByteArray> hidden = ArrayImgs.unsignedBytes(sm.clone(), s, s);
			byte[] hm = hidden.update(null).getCurrentStorageArray();
			for (int i = 0; i < plane; i++)
				if (r[i] > 0) hm[i] = 1;
			float[] x = Encoding.inpaintInput(d.damaged(), hidden, fill).update(null).getCurrentStorageArray();
			System.arraycopy(x, 0, inputs, b * 4 * plane, 4 * plane);
			float[] t = d.target().update(null).getCurrentStorageArray();
			for (int i = 0; i < 3 * plane; i++)
				targets[b * 3 * plane + i] = t[i] * 2 - 1;
			for (int i = 0; i < plane; i++)
				weights[b * plane + i] = r[i] > 0 ? 0 : sm[i] != 0 ? (float) holeWeight : 1f;
		}
		return new Batch(-1, Nd4j.create(inputs, new long[] { BATCH, 4, s, s }), Nd4j.create(targets, new long[] { BATCH, 3, s,
			s }), Nd4j.create(weights, new long[] { BATCH, 1, s, s }));
	}

	/** @return the side of the crops this photo is adapted on */
	int cropSide() {
		return crop;
	}
}
