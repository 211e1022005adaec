package org.revivegan.core.gan;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.revivegan.core.nets.UNetGenerator;

/**
 * One pix2pix training step with explicit gradient plumbing: the losses are computed with ND4J operations and
 * the errors are fed back through each network; each network's own Adam updater is applied by hand.
 * <p>
 * Objective (Isola et al. 2017): the discriminator D minimises
 * {@code 0.5 [BCE(D(x, y), REAL) + BCE(D(x, G(x)), FAKE)]}; the generator G minimises
 * {@code BCE(D(x, G(x)), REAL) + lambda * L1(G(x), y)} (the non-saturating form). BCE is binary
 * cross-entropy on logits averaged over D's patches; L1 is averaged over pixels and channels, optionally
 * weighted per pixel (damaged pixels weigh more in inpainting). The adversarial error reaches G through D's
 * gradient with respect to its input; D's own gradient from that pass is discarded, which also keeps D's
 * BatchNorm statistics clean.
 * </p>
 * <p>
 * Errors are per example: DL4J sums gradients over the batch and its updater divides by the batch size.
 * D sees (condition, image) concatenated on the channel axis. Both networks need training workspaces off.
 * </p>
 */
public final class Pix2Pix {

	private final ComputationGraph generator;
	private final MultiLayerNetwork discriminator;
	private final double lambda;
	private boolean squared;
	private int generatorIteration;
	private int discriminatorIteration;

	/** Losses and D's beliefs of one step; adversarial entries are NaN in L1-only steps. */
	public static final class Losses {

		public double l1 = Double.NaN;
		public double generatorAdversarial = Double.NaN;
		public double discriminatorReal = Double.NaN;
		public double discriminatorFake = Double.NaN;
		/** Mean sigmoid(D) on real and on generated pairs: near 0.5 when the two are balanced. */
		public double realScore = Double.NaN, fakeScore = Double.NaN;
		/** Weighted binary cross-entropy of a detection step ({@link #stepWeightedBce}); NaN otherwise. */
		public double bce = Double.NaN;
		/** The colour-class head's rebalanced cross-entropy ({@link #stepClasses}). */
		public double crossEntropy = Double.NaN;

		/** @return the generator's total loss, adversarial + lambda * L1 */
		public double generatorTotal(double lambda) {
			return (Double.isNaN(generatorAdversarial) ? 0 : generatorAdversarial) + lambda * l1;
		}
	}

	/**
	 * @param lambda weight of the L1 term (pix2pix: 100)
	 */
	public Pix2Pix(ComputationGraph generator, MultiLayerNetwork discriminator, double lambda) {
		this.generator = generator;
		this.discriminator = discriminator;
		this.lambda = lambda;
	}

	/**
	 * The regression term: {@code l1} (pix2pix's, the default) or {@code l2}, the mean squared error, whose
	 * optimum is the conditional mean that PSNR rewards where the L1 optimum is the median. The term keeps its
	 * weight lambda and its name in the losses ({@link Losses#l1} records the mean |p - y| either way).
	 *
	 * @return this
	 */
	public Pix2Pix withRegressionLoss(String loss) {
		if (!LOSS_L1.equals(loss) && !LOSS_L2.equals(loss)) throw new IllegalArgumentException(
			"Unknown regression loss '" + loss + "'; use " + LOSS_L1 + " or " + LOSS_L2 + ".");
		this.squared = LOSS_L2.equals(loss);
		return this;
	}

	/** The regression losses of {@link #withRegressionLoss}. */
	public static final String LOSS_L1 = "l1", LOSS_L2 = "l2";

	public ComputationGraph generator() {
		return generator;
	}

	public MultiLayerNetwork discriminator() {
		return discriminator;
	}

	public int generatorIteration() {
		return generatorIteration;
	}

	public int discriminatorIteration() {
		return discriminatorIteration;
	}

	/** Restores the Adam step counters from a checkpoint (they drive Adam's bias correction). */
	public void setIterations(int generatorIteration, int discriminatorIteration) {
		this.generatorIteration = generatorIteration;
		this.discriminatorIteration = discriminatorIteration;
	}

	/**
	 * Pretraining step: G alone, L1 only (the first phase of colourisation training in the paper).
	 *
	 * @param weights per-pixel L1 weights [N,1,H,W], or null for uniform
	 */
	public Losses stepL1(INDArray input, INDArray target, INDArray weights) {
		Losses losses = new Losses();
		INDArray fake = forwardGenerator(input);
		INDArray eps = regressionError(fake, target, weights, losses);
		applyGenerator(generator.backpropGradient(eps), input.size(0));
		return losses;
	}

	/**
	 * Supervised step of damage detection: G alone (its output a sigmoid probability), loss
	 * {@code mean(w * BCE(p, y))} over pixels, see {@link #weightedBceError}. {@link Losses#bce} holds the
	 * loss and {@link Losses#l1} the mean |p - y| (for the loss plot, whose first curve is "L1").
	 *
	 * @param target [N,1,H,W], 1 = damaged, 0 = intact
	 * @param weights per-pixel weights [N,1,H,W], or null for uniform
	 */
	public Losses stepWeightedBce(INDArray input, INDArray target, INDArray weights) {
		Losses losses = new Losses();
		INDArray probability = forwardGenerator(input);
		INDArray eps = weightedBceError(probability, target, weights, losses);
		applyGenerator(generator.backpropGradient(eps), input.size(0));
		return losses;
	}

	/**
	 * Supervised step of the colour-class head (Zhang et al. 2016): G alone, its output one logit per ab bin,
	 * loss the rebalanced cross-entropy against the soft-encoded target ({@link ClassLoss}), whose gradient with
	 * respect to the logits is explicit: {@code w (softmax - Z) / pixels}. {@link Losses#crossEntropy} holds the
	 * loss, and {@link Losses#l1} too (the loss plot's first curve).
	 *
	 * @param target [N,2,H,W] the target chroma, normalised (area-averaged to the logits' resolution where the head
	 *          is coarser, {@link org.revivegan.core.model.GeneratorSpec#headScale})
	 * @param weights per-pixel weights [N,1,H,W], or null for uniform (averaged likewise)
	 * @param classWeights rebalancing weight per bin ({@link org.revivegan.core.color.AbBins#rebalancingWeights}),
	 *          or null for none
	 */
	public Losses stepClasses(INDArray input, INDArray target, INDArray weights, double[] classWeights) {
		return stepClasses(input, target, weights, classWeights, 0);
	}

	/**
	 * {@link #stepClasses(INDArray, INDArray, INDArray, double[])} with the mix of both heads' losses: also
	 * {@code l1Weight} times the L1 loss of the distribution's mean ({@link ClassLoss#error(INDArray, INDArray,
	 * INDArray, double[], double, double[])}); {@link Losses#l1} still holds the cross-entropy.
	 */
	public Losses stepClasses(INDArray input, INDArray target, INDArray weights, double[] classWeights,
		double l1Weight)
	{
		Losses losses = new Losses();
		INDArray logits = forwardGenerator(input);
		double[] loss = new double[2];
		// a head at a reduced resolution learns the target area-averaged to its logits' resolution
		int factor = (int) (target.size(2) / logits.size(2));
		INDArray eps = ClassLoss.error(logits, ClassLoss.areaAverage(target, factor), weights == null ? null : ClassLoss
			.areaAverage(weights, factor), classWeights, l1Weight, loss);
		losses.crossEntropy = loss[0];
		losses.l1 = loss[0];
		applyGenerator(generator.backpropGradient(eps), input.size(0));
		return losses;
	}

	/** Probabilities are clamped to [this, 1 - this] in the loss, so that log(0) never happens. */
	static final double BCE_EPSILON = 1e-6;

	/**
	 * Per-example error of the weighted BCE with respect to the probabilities p (the sigmoid's output):
	 * {@code w (p - y) / (p (1 - p)) / pixels}. Through the sigmoid's derivative p (1 - p) it becomes the familiar
	 * {@code w (p - y) / pixels} with respect to the logits. Records {@code mean(w * BCE)} and {@code mean|p - y|}.
	 */
	static INDArray weightedBceError(INDArray probability, INDArray target, INDArray weights, Losses losses) {
		INDArray p = Transforms.min(Transforms.max(probability, BCE_EPSILON, true), 1 - BCE_EPSILON, false);
		INDArray oneMinusP = p.rsub(1);
		// BCE = -(y log p + (1 - y) log (1 - p))
		INDArray bce = target.mul(Transforms.log(p, true)).addi(target.rsub(1).muli(Transforms.log(oneMinusP, true)))
			.negi();
		INDArray error = p.sub(target).divi(p.mul(oneMinusP));
		if (weights != null) {
			bce.muli(weights);
			error.muli(weights);
		}
		losses.bce = bce.meanNumber().doubleValue();
		losses.l1 = Transforms.abs(probability.sub(target), false).meanNumber().doubleValue();
		long perExample = probability.length() / probability.size(0);
		return error.divi(perExample);
	}

	/** A full adversarial step: one discriminator update, then one generator update. */
	public Losses stepAdversarial(INDArray input, INDArray target, INDArray weights) {
		Losses losses = new Losses();
		INDArray fake = forwardGenerator(input);
		updateDiscriminator(input, target, fake, losses);
		Gradient g = generatorGradient(input, target, fake, weights, losses);
		applyGenerator(g, input.size(0));
		return losses;
	}

	/** Updates the discriminator alone: (input, target) scored as real, (input, fake) as fake. */
	Losses stepDiscriminator(INDArray input, INDArray target, INDArray fake) {
		Losses losses = new Losses();
		updateDiscriminator(input, target, fake, losses);
		return losses;
	}

	/**
	 * The generator's gradient of {@code BCE(D(x, G(x)), REAL) + lambda * L1} without applying it. G's forward
	 * activations must be those of {@code fake} (call right after {@link #forwardGenerator(INDArray)}).
	 */
	Gradient generatorGradient(INDArray input, INDArray target, INDArray fake, INDArray weights, Losses losses) {
		INDArray eps = regressionError(fake, target, weights, losses).muli(lambda);
		INDArray logits = forwardDiscriminator(input, fake);
		losses.generatorAdversarial = bce(logits, GanLabels.REAL);
		Pair<Gradient, INDArray> back = discriminator.backpropGradient(bceError(logits, GanLabels.REAL, 1.0),
			LayerWorkspaceMgr.noWorkspaces());
		long c = input.size(1);
		INDArray dImage = back.getSecond().get(all(), NDArrayIndex.interval(c, c + fake.size(1)), all(), all());
		eps.addi(dImage);
		return generator.backpropGradient(eps);
	}

	/** G forward in training mode, keeping the activations that backprop needs. */
	INDArray forwardGenerator(INDArray input) {
		return generator.feedForward(new INDArray[] { input }, true, false).get(UNetGenerator.OUTPUT);
	}

	private void updateDiscriminator(INDArray input, INDArray target, INDArray fake, Losses losses) {
		INDArray realLogits = forwardDiscriminator(input, target);
		losses.discriminatorReal = bce(realLogits, GanLabels.REAL);
		losses.realScore = Transforms.sigmoid(realLogits, true).meanNumber().doubleValue();
		Gradient realGrad = discriminator.backpropGradient(bceError(realLogits, GanLabels.REAL, 0.5),
			LayerWorkspaceMgr.noWorkspaces()).getFirst();
		INDArray realFlat = realGrad.gradient().dup();

		INDArray fakeLogits = forwardDiscriminator(input, fake);
		losses.discriminatorFake = bce(fakeLogits, GanLabels.FAKE);
		losses.fakeScore = Transforms.sigmoid(fakeLogits, true).meanNumber().doubleValue();
		Gradient fakeGrad = discriminator.backpropGradient(bceError(fakeLogits, GanLabels.FAKE, 0.5),
			LayerWorkspaceMgr.noWorkspaces()).getFirst();
		// Sum the two halves in the flattened view that the per-layer gradients alias.
		fakeGrad.gradient().addi(realFlat);
		applyDiscriminator(fakeGrad, input.size(0));
	}

	INDArray forwardDiscriminator(INDArray input, INDArray image) {
		INDArray pair = Nd4j.concat(1, input, image);
		discriminator.setInput(pair);
		// train mode, and keep each layer's input: backprop needs them
		return discriminator.feedForward(true, false).get(discriminator.getnLayers());
	}

	/** Binary cross-entropy on logits, averaged over examples and patches (numerically stable form). */
	static double bce(INDArray logits, double label) {
		// max(z, 0) - z * y + log(1 + exp(-|z|))
		INDArray z = logits;
		INDArray loss = Transforms.relu(z, true).subi(z.mul(label)).addi(Transforms.log(Transforms.exp(Transforms.abs(z, true).negi(), false).addi(1), false));
		return loss.meanNumber().doubleValue();
	}

	/**
	 * d(scale * per-example mean BCE)/d logits = scale * (sigmoid(z) - y) / patches.
	 */
	static INDArray bceError(INDArray logits, double label, double scale) {
		long patches = logits.length() / logits.size(0);
		return Transforms.sigmoid(logits, true).subi(label).muli(scale / patches);
	}

	/** The regression term's error ({@link #withRegressionLoss}): {@link #l1Error} or {@link #l2Error}. */
	INDArray regressionError(INDArray fake, INDArray target, INDArray weights, Losses losses) {
		return squared ? l2Error(fake, target, weights, losses) : l1Error(fake, target, weights, losses);
	}

	/**
	 * Per-example squared error d(mean (fake - target)^2 * w)/d fake = 2 w (fake - target) / values, and records
	 * the mean |fake - target| (w) as {@link Losses#l1}.
	 */
	static INDArray l2Error(INDArray fake, INDArray target, INDArray weights, Losses losses) {
		INDArray diff = fake.sub(target);
		long perExample = fake.length() / fake.size(0);
		INDArray w = weights == null ? null : weights.size(1) == fake.size(1) ? weights : weights.repeat(1, fake.size(1));
		losses.l1 = (w == null ? Transforms.abs(diff, true) : Transforms.abs(diff, true).muli(w)).meanNumber()
			.doubleValue();
		if (w != null) diff.muli(w);
		return diff.muli(2.0 / perExample);
	}

	/** Per-example L1 error d(mean |fake - target| * w)/d fake, and records the loss. */
	static INDArray l1Error(INDArray fake, INDArray target, INDArray weights, Losses losses) {
		INDArray diff = fake.sub(target);
		long perExample = fake.length() / fake.size(0);
		INDArray sign = Transforms.sign(diff, true);
		if (weights != null) {
			INDArray w = weights.size(1) == fake.size(1) ? weights : weights.repeat(1, fake.size(1));
			losses.l1 = Transforms.abs(diff, true).muli(w).meanNumber().doubleValue();
			sign.muli(w);
		}
		else {
			losses.l1 = Transforms.abs(diff, true).meanNumber().doubleValue();
		}
		return sign.divi(perExample);
	}

	private void applyGenerator(Gradient gradient, long batch) {
		generator.getUpdater().update(gradient, generatorIteration, 0, (int) batch, LayerWorkspaceMgr.noWorkspaces());
		generator.params().subi(gradient.gradient());
		generatorIteration++;
	}

	private void applyDiscriminator(Gradient gradient, long batch) {
		MultiLayerUpdater updater = (MultiLayerUpdater) discriminator.getUpdater();
		updater.update(discriminator, gradient, discriminatorIteration, 0, (int) batch, LayerWorkspaceMgr.noWorkspaces());
		discriminator.params().subi(gradient.gradient());
		discriminatorIteration++;
	}

	private static INDArrayIndex all() {
		return NDArrayIndex.all();
	}
}
