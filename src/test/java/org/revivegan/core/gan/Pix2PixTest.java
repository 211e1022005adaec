package org.revivegan.core.gan;

import static org.junit.jupiter.api.Assertions.*;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.revivegan.core.nets.PatchDiscriminator;
import org.revivegan.core.nets.UNetGenerator;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

class Pix2PixTest {

	private DataType previous = Nd4j.dataType();

	@AfterEach
	void restore() {
		Nd4j.setDefaultDataTypes(previous, previous);
	}

	@Test
	void labelsArePinned() {
		assertEquals(1.0, GanLabels.REAL);
		assertEquals(0.0, GanLabels.FAKE);
	}

	@Test
	void bceMatchesItsDefinition() {
		INDArray z = Nd4j.createFromArray(new double[] { -3, -0.5, 0, 2 }).reshape(1, 1, 2, 2);
		double expectedReal = 0, expectedFake = 0;
		for (double v : new double[] { -3, -0.5, 0, 2 }) {
			double p = 1 / (1 + Math.exp(-v));
			expectedReal += -Math.log(p) / 4;
			expectedFake += -Math.log(1 - p) / 4;
		}
		assertEquals(expectedReal, Pix2Pix.bce(z, GanLabels.REAL), 1e-9);
		assertEquals(expectedFake, Pix2Pix.bce(z, GanLabels.FAKE), 1e-9);
	}

	/**
	 * The generator's gradient through the discriminator (D's input gradient fed back into G) agrees with
	 * finite differences of the full pix2pix generator loss, in double precision.
	 */
	@Test
	void generatorGradientThroughDiscriminatorMatchesFiniteDifferences() {
		Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
		ComputationGraph g = UNetGenerator.builder().inChannels(2).outChannels(1).base(2).downs(2).dropout(0)
			.dataType(DataType.DOUBLE).seed(3).build();
		MultiLayerNetwork d = new PatchDiscriminator(3, 2, 1, 5, DataType.DOUBLE).build();
		Pix2Pix gan = new Pix2Pix(g, d, 10);
		Nd4j.getRandom().setSeed(11);
		int n = 2;
		INDArray x = Nd4j.rand(DataType.DOUBLE, n, 2, 8, 8).subi(0.5);
		INDArray y = Nd4j.rand(DataType.DOUBLE, n, 1, 8, 8).subi(0.5);

		INDArray fake = gan.forwardGenerator(x);
		Gradient analytic = gan.generatorGradient(x, y, fake, null, new Pix2Pix.Losses());
		INDArray grad = analytic.gradient().dup();

		INDArray params = g.params();
		double h = 1e-6;
		int checked = 0;
		double maxRel = 0;
		for (String key : new String[] { "enc1-conv_W", "enc2-conv_W", "dec1-up_W", "output_W", "output_b" }) {
			INDArray view = analytic.getGradientFor(key);
			assertNotNull(view, key);
			long offset = offsetOf(grad, analytic.gradient(), view);
			for (int k = 0; k < Math.min(6, view.length()); k++) {
				long j = offset + k * Math.max(1, view.length() / 6);
				double original = params.getDouble(j);
				params.putScalar(j, original + h);
				double plus = loss(gan, x, y);
				params.putScalar(j, original - h);
				double minus = loss(gan, x, y);
				params.putScalar(j, original);
				double numeric = (plus - minus) / (2 * h);
				// DL4J sums per-example gradients over the batch; the loss is a batch mean.
				double a = grad.getDouble(j) / n;
				double rel = Math.abs(a - numeric) / Math.max(1e-8, Math.abs(a) + Math.abs(numeric));
				maxRel = Math.max(maxRel, rel);
				checked++;
			}
		}
		assertTrue(checked >= 25);
		assertTrue(maxRel < 1e-4, "max relative error " + maxRel);
	}

	private static double loss(Pix2Pix gan, INDArray x, INDArray y) {
		INDArray fake = gan.forwardGenerator(x);
		INDArray logits = gan.forwardDiscriminator(x, fake);
		Pix2Pix.Losses l = new Pix2Pix.Losses();
		Pix2Pix.l1Error(fake, y, null, l);
		return Pix2Pix.bce(logits, GanLabels.REAL) + 10 * l.l1;
	}

	/** Offset of a per-parameter gradient view inside the flattened gradient. */
	private static long offsetOf(INDArray copy, INDArray flat, INDArray view) {
		long delta = view.data().address() - flat.data().address();
		return delta / flat.data().getElementSize() + view.offset() - flat.offset();
	}

	/**
	 * Trained with the named labels, the discriminator learns to score real pairs high and generated ones
	 * low, and the L1 loss of the generator falls.
	 */
	@Test
	void trainingFollowsTheLabelConventionAndLearns() {
		ComputationGraph g = UNetGenerator.builder().inChannels(1).outChannels(1).base(4).downs(3).dropout(0).seed(1).build();
		MultiLayerNetwork d = new PatchDiscriminator(2, 4, 2, 2, DataType.FLOAT).build();
		Pix2Pix gan = new Pix2Pix(g, d, 100);
		Nd4j.getRandom().setSeed(5);
		INDArray x = Nd4j.rand(4, 1, 16, 16).muli(2).subi(1);
		INDArray y = Nd4j.zeros(4, 1, 16, 16).addi(x.mul(-0.5)); // target: a simple function of x
		double firstL1 = Double.NaN;
		Pix2Pix.Losses last = null;
		for (int i = 0; i < 40; i++) {
			last = gan.stepAdversarial(x, y, null);
			if (i == 0) firstL1 = last.l1;
		}
		assertTrue(last.l1 < 0.8 * firstL1, "L1 " + firstL1 + " -> " + last.l1);
		// D alone on fixed random fakes: with REAL = 1 it must score real pairs above fakes
		ComputationGraph frozenG = UNetGenerator.builder().inChannels(1).outChannels(1).base(4).downs(3).dropout(0).seed(9).build();
		MultiLayerNetwork d2 = new PatchDiscriminator(2, 4, 2, 3, DataType.FLOAT).build();
		Pix2Pix dOnly = new Pix2Pix(frozenG, d2, 100);
		Pix2Pix.Losses l = null;
		for (int i = 0; i < 30; i++)
			l = dOnly.stepAdversarial(x, y, null);
		assertTrue(l.realScore > 0.5 && l.fakeScore < 0.5, "real " + l.realScore + " fake " + l.fakeScore);
		assertEquals(30, dOnly.discriminatorIteration());
		assertEquals(30, dOnly.generatorIteration());
	}

	/**
	 * Inpainting's real and fake pairs differ only in the holes: the discriminator without normalisation (the
	 * default of new runs, PatchDiscriminator.NORM_NONE) learns to tell them apart from the mask channel and the
	 * hole's content, trained alone on a fixed batch.
	 */
	@Test
	void aDiscriminatorWithoutNormalisationTellsHolesApart() {
		Nd4j.getRandom().setSeed(3);
		int n = 4, s = 16;
		INDArray input = Nd4j.rand(DataType.FLOAT, n, 2, s, s); // (damaged image, mask): the mask marks the hole
		INDArray target = Nd4j.rand(DataType.FLOAT, n, 1, s, s).muli(2).subi(1); // textured truth
		INDArray fake = target.dup();
		input.get(all(), point(1), all(), all()).assign(0);
		for (int y = 4; y < 12; y++)
			for (int x = 4; x < 12; x++)
				for (int i = 0; i < n; i++) {
					fake.putScalar(new long[] { i, 0, y, x }, 0); // the fill: flat
					input.putScalar(new long[] { i, 1, y, x }, 1);
				}
		ComputationGraph g = UNetGenerator.builder().inChannels(2).outChannels(1).base(4).downs(2).dropout(0).seed(1)
			.build();
		MultiLayerNetwork d = new PatchDiscriminator(3, 8, 2, 7, DataType.FLOAT, PatchDiscriminator.NORM_NONE).build();
		Pix2Pix gan = new Pix2Pix(g, d, 100);
		Pix2Pix.Losses first = gan.stepDiscriminator(input, target, fake), l = first;
		for (int i = 0; i < 60; i++)
			l = gan.stepDiscriminator(input, target, fake);
		assertEquals(0, first.realScore - first.fakeScore, 0.05, "untrained, it cannot tell them apart");
		assertTrue(l.realScore - l.fakeScore > 0.1, "trained: D(real) " + l.realScore + ", D(fake) " + l.fakeScore);
		assertTrue(l.discriminatorReal + l.discriminatorFake < first.discriminatorReal + first.discriminatorFake);
	}

	@Test
	void unknownDiscriminatorNormalisationIsRefused() {
		assertThrows(IllegalArgumentException.class, () -> new PatchDiscriminator(3, 8, 2, 7, DataType.FLOAT,
			"instance"));
		assertEquals(0, new PatchDiscriminator(3, 8, 2, 7, DataType.FLOAT, PatchDiscriminator.NORM_NONE).conf()
			.getConfs().stream().filter(c -> c.getLayer() instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization)
			.count());
	}

	@Test
	void l1WeightsEmphasiseWeightedPixels() {
		INDArray fake = Nd4j.zeros(1, 3, 2, 2);
		INDArray target = Nd4j.ones(1, 3, 2, 2);
		INDArray w = Nd4j.ones(1, 1, 2, 2);
		w.putScalar(new long[] { 0, 0, 0, 0 }, 6);
		Pix2Pix.Losses l = new Pix2Pix.Losses();
		INDArray eps = Pix2Pix.l1Error(fake, target, w, l);
		assertEquals((6 + 3) * 3 / 12.0, l.l1, 1e-6);
		assertEquals(-6 / 12.0, eps.getDouble(0, 1, 0, 0), 1e-6);
		assertEquals(-1 / 12.0, eps.getDouble(0, 1, 1, 1), 1e-6);
	}

	/** The L2 term's gradient is that of mean(w (p - y)^2) per example, checked by finite differences. */
	@Test
	void l2ErrorIsTheGradientOfTheWeightedMeanSquaredError() {
		Nd4j.getRandom().setSeed(3);
		INDArray fake = Nd4j.rand(DataType.DOUBLE, 2, 2, 3, 3).subi(0.5);
		INDArray target = Nd4j.rand(DataType.DOUBLE, 2, 2, 3, 3).subi(0.5);
		INDArray w = Nd4j.rand(DataType.DOUBLE, 2, 1, 3, 3).addi(0.5);
		Pix2Pix.Losses l = new Pix2Pix.Losses();
		INDArray eps = Pix2Pix.l2Error(fake, target, w, l);
		INDArray wide = w.repeat(1, 2);
		// the recorded loss stays the (weighted) mean |p - y|, the loss plot's curve
		assertEquals(org.nd4j.linalg.ops.transforms.Transforms.abs(fake.sub(target)).muli(wide).meanNumber().doubleValue(),
			l.l1, 1e-9);
		double h = 1e-6;
		for (long[] at : new long[][] { { 0, 0, 0, 0 }, { 1, 1, 2, 1 }, { 0, 1, 1, 2 } }) {
			double sum0 = perExampleSquared(fake, target, wide, at[0]);
			fake.putScalar(at, fake.getDouble(at) + h);
			double sum1 = perExampleSquared(fake, target, wide, at[0]);
			fake.putScalar(at, fake.getDouble(at) - h);
			assertEquals((sum1 - sum0) / h, eps.getDouble(at), 1e-5);
		}
		// a regression loss has a name, and an unknown one is refused
		assertThrows(IllegalArgumentException.class, () -> new Pix2Pix(null, null, 1).withRegressionLoss("l3"));
	}

	private static double perExampleSquared(INDArray fake, INDArray target, INDArray w, long example) {
		INDArray d = fake.get(org.nd4j.linalg.indexing.NDArrayIndex.point(example)).sub(target.get(
			org.nd4j.linalg.indexing.NDArrayIndex.point(example)));
		return d.muli(d).muli(w.get(org.nd4j.linalg.indexing.NDArrayIndex.point(example))).meanNumber().doubleValue();
	}
}
