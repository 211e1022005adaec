package org.revivegan.core.train;

import org.revivegan.core.gan.Pix2Pix;
import org.revivegan.core.model.Encoding;
import org.revivegan.core.model.GeneratorSpec;
import org.revivegan.core.model.Task;
import org.revivegan.core.nets.PatchDiscriminator;

/**
 * Everything that defines a training run, stored in checkpoints so that a resumed run continues with the
 * same settings. Plain data with documented defaults (pix2pix's where the paper gives them).
 */
public final class TrainingConfig {

	public String task = Task.INPAINT.id();
	/** Generator preset name ({@link GeneratorSpec#presets()}); {@link #generator} holds the resolved spec. */
	public String preset = "small";
	public GeneratorSpec generator;
	/** PatchGAN width and number of stride-2 layers (pix2pix: 64 and 3, a 70x70 patch). */
	public int discriminatorWidth = 64;
	public int discriminatorLayers = 3;
	/**
	 * PatchGAN normalisation, {@link PatchDiscriminator#NORM_NONE} (the default) or
	 * {@link PatchDiscriminator#NORM_BATCH} (pix2pix's, which hardly learns inpainting's real/fake difference; see
	 * there). Checkpoints written before this setting existed read as {@code batch}: their discriminator has it.
	 */
	public String discriminatorNorm = PatchDiscriminator.NORM_NONE;
	/** Side of the square training crops; a multiple of the generator's {@link GeneratorSpec#multiple()}. */
	public int crop = 128;
	public int batch = 8;
	/**
	 * Generator-only L1 steps before the adversarial phase (the paper's pretraining for colourisation); for
	 * damage detection, all the training steps (supervised, weighted BCE).
	 */
	public long l1Steps = 1000;
	/** Adversarial + lambda * L1 steps after pretraining; must be 0 for damage detection. */
	public long ganSteps = 1000;
	/** Weight of the L1 term (pix2pix: 100). */
	public double lambda = 100;
	/** Adam learning rate (pix2pix: 2e-4, beta1 0.5). */
	public double learningRate = 2e-4;
	public long seed = 42;
	/** Inpainting: L1 weight of damaged pixels relative to intact ones. */
	public double holeWeight = 6;
	/**
	 * Inpainting damage: "mixed", "scratches", or a band "10-20" (per cent of masked area). Damage detection
	 * reads "mixed" as {@link BatchMaker#detectionSpec()}.
	 */
	public String damage = "mixed";
	/**
	 * Colourisation: the fraction of training examples without colour hints, so that one network learns both
	 * automatic and user-guided colourisation (the others get simulated hints, see {@link BatchMaker}).
	 */
	public double hintFreeFraction = 0.35;
	/**
	 * Colour-class head only: weight of the L1 loss of the predicted distribution's mean beside the cross-entropy
	 * (0: cross-entropy alone; 1: the mix of both heads' losses, {@code revive train --head mix}).
	 */
	public double classL1Weight = 0;
	/** Smallest scale at which crops are taken (1 = full resolution; 0.25 = shrunk 4x). */
	public double scaleMin = 0.25;
	/** Training photos are kept in memory with their longer side at most this. */
	public int maxImageSide = 1024;
	public int validateEvery = 500;
	public int checkpointEvery = 250;
	/** Number of fixed validation crops scored at each validation (per band, with {@link #validationBands}). */
	public int validationCrops = 16;
	/**
	 * Inpainting: score fixed crops of every evaluation band (scratches, 0-10 ... 40-50 %), each with its own
	 * column in the validation CSV, instead of crops with the run's own damage. Runs started before this field
	 * existed have none and keep their single score (false).
	 */
	public boolean validationBands;
	/**
	 * Decay of the exponential moving average of the generator's weights (0: none). With it, validation and
	 * the saved models use the averaged weights, which GAN papers find consistently better; the raw
	 * weights keep training. The decay warms up as min(decay, (1 + t) / (10 + t)) at step t, except in a run
	 * started from a model ({@link #initFrom}): its weights are already a good average, and a warm-up would
	 * forget them within tens of steps (the average then follows the fresh optimiser's noisy first steps: on
	 * colourisation, 0.1-0.4 dB below the warm start after 500-1,000 steps at 2e-4), so the full decay applies
	 * from the first step.
	 */
	public double emaDecay;
	/**
	 * A model file whose generator starts a new run (warm start): its architecture replaces the preset's and
	 * its weights the random initialisation; the discriminator and Adam start fresh. Ignored on resume.
	 */
	public String initFrom;
	/**
	 * Inpainting: what the damaged pixels hold at the network's input ({@link Encoding#FILL_PUSHPULL},
	 * {@link Encoding#FILL_NAVIER_STOKES}); null (runs from before this field) is push-pull.
	 */
	public String inputFill;
	/**
	 * The regression term of the generator's loss, {@link Pix2Pix#LOSS_L1} or {@link Pix2Pix#LOSS_L2}; null
	 * (runs from before this field) is L1.
	 */
	public String regressionLoss;

	/** @return {@link #regressionLoss}, L1 when unset */
	public String regressionLoss() {
		return regressionLoss == null ? Pix2Pix.LOSS_L1 : regressionLoss;
	}

	/** @return {@link #inputFill}, push-pull when unset */
	public String inputFill() {
		return inputFill == null ? Encoding.FILL_PUSHPULL : inputFill;
	}

	/** Bounds of the values, far above any real run, so that a mistyped number is refused, not trained on. */
	public static final int MAX_CROP = 8192, MAX_BATCH = 4096;
	public static final long MAX_STEPS = 1_000_000_000L;

	public Task task() {
		return Task.parse(task);
	}

	public long totalSteps() {
		return l1Steps + ganSteps;
	}

	/** Fills {@link #generator} from {@link #preset} if unset and checks the values; returns this. */
	public TrainingConfig resolve() {
		Task t = task();
		if (generator == null) generator = GeneratorSpec.preset(preset, t);
		generator.validate();
		if (generator.classHead() && t != Task.COLORIZE) throw new IllegalArgumentException("The colour-class head " +
			"is for colourisation; a " + t.id() + " model has its own output.");
		if (!(classL1Weight >= 0)) throw new IllegalArgumentException("classL1Weight must be 0 or more.");
		if (generator.classHead() && ganSteps > 0) throw new IllegalArgumentException("The colour-class head trains " +
			"with its cross-entropy alone (no adversarial phase yet): give --gan-steps 0.");
		if (t == Task.COLORIZE && generator.inChannels == 1) throw new IllegalArgumentException("This colourisation " +
			"run was made by an older ReviveGAN, without colour hints (1 input channel; this version needs " +
			t.inChannels() + "). Start a new run in another folder.");
		if (generator.inChannels != t.inChannels() || generator.outChannels != generator.expectedOutChannels(t))
			throw new IllegalArgumentException("The generator has " + generator.inChannels + " -> " +
				generator.outChannels + " channels; a " + t.id() + " model needs " + t.inChannels() + " -> " + t.outChannels() + ".");
		if (!generator.expectedOutputActivation(t).equals(generator.outputActivation())) throw new IllegalArgumentException("A " +
			t.id() + " model needs a " + t.outputActivation() + " output; this generator has " +
			generator.outputActivation() + ".");
		if (!t.adversarial() && ganSteps > 0) throw new IllegalArgumentException("Damage detection trains with " +
			"its supervised loss only (weighted binary cross-entropy), without an adversarial phase: set the GAN " +
			"steps to 0 (--gan-steps 0) and give the training steps as --steps (or --l1-steps).");
		int m = generator.multiple();
		if (crop < m || crop % m != 0) throw new IllegalArgumentException("Crop size " + crop + " must be a multiple of " +
			m + " for preset '" + preset + "'.");
		if (batch < 1) throw new IllegalArgumentException("Batch size must be at least 1.");
		if (crop > MAX_CROP) throw new IllegalArgumentException("Crop size " + crop + " is above the most, " + MAX_CROP + ".");
		if (batch > MAX_BATCH) throw new IllegalArgumentException("Batch size " + batch + " is above the most, " +
			MAX_BATCH + ".");
		if (l1Steps > MAX_STEPS || ganSteps > MAX_STEPS) throw new IllegalArgumentException("At most " + MAX_STEPS +
			" steps per phase, not " + Math.max(l1Steps, ganSteps) + ".");
		if (l1Steps < 0 || ganSteps < 0 || totalSteps() == 0) throw new IllegalArgumentException("Give at least one training step.");
		if (!(learningRate > 0 && learningRate <= 1)) throw new IllegalArgumentException("The learning rate must be " +
			"above 0 and at most 1, not " + learningRate + ".");
		if (!(lambda >= 0 && Double.isFinite(lambda))) throw new IllegalArgumentException("The L1 weight (lambda) must be " +
			"0 or more, not " + lambda + ".");
		if (!(holeWeight > 0 && Double.isFinite(holeWeight))) throw new IllegalArgumentException("holeWeight must be " +
			"above 0, not " + holeWeight + ".");
		if (maxImageSide < 1) throw new IllegalArgumentException("The longest photo side (--max-side) must be at least " +
			"1, not " + maxImageSide + ".");
		if (discriminatorWidth < 1 || discriminatorLayers < 1) throw new IllegalArgumentException("The discriminator " +
			"needs a width and a layer count of at least 1.");
		if (!Pix2Pix.LOSS_L1.equals(regressionLoss()) && !Pix2Pix.LOSS_L2.equals(regressionLoss()))
			throw new IllegalArgumentException("Unknown regression loss '" + regressionLoss + "'; use " + Pix2Pix.LOSS_L1 +
				" or " + Pix2Pix.LOSS_L2 + ".");
		if (!PatchDiscriminator.NORM_NONE.equals(discriminatorNorm) && !PatchDiscriminator.NORM_BATCH.equals(
			discriminatorNorm)) throw new IllegalArgumentException("Unknown discriminator normalisation '" +
				discriminatorNorm + "'; use " + PatchDiscriminator.NORM_NONE + " or " + PatchDiscriminator.NORM_BATCH + ".");
		if (validationCrops < 1) throw new IllegalArgumentException("validationCrops must be at least 1.");
		if (!"mixed".equalsIgnoreCase(damage)) BatchMaker.damageSpec(damage); // refuses an unknown or empty band
		if (!(hintFreeFraction >= 0 && hintFreeFraction <= 1)) throw new IllegalArgumentException("hintFreeFraction must be in [0, 1].");
		if (!(scaleMin > 0 && scaleMin <= 1)) throw new IllegalArgumentException("scaleMin must be in (0, 1].");
		if (!Encoding.FILL_PUSHPULL.equals(inputFill()) && !Encoding.FILL_NAVIER_STOKES.equals(inputFill()))
			throw new IllegalArgumentException("Unknown input fill '" + inputFill + "'; use " + Encoding.FILL_PUSHPULL +
				" or " + Encoding.FILL_NAVIER_STOKES + ".");
		if (!(emaDecay >= 0 && emaDecay < 1)) throw new IllegalArgumentException("The EMA decay must be in [0, 1), not " +
			emaDecay + ".");
		if (validateEvery < 1 || checkpointEvery < 1) throw new IllegalArgumentException("validateEvery and checkpointEvery must be positive.");
		return this;
	}
}
