package org.revivegan.core.nets;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.impl.ActivationHardTanH;
import org.nd4j.linalg.activations.impl.ActivationIdentity;

/**
 * The residual output of an inpainting generator: {@code output = hardtanh(fill + mask * correction)}, where
 * {@code fill} is the image channels of the network's input (picked by a fixed 1x1 convolution set to the identity) (the damaged image with its holes filled
 * classically, in [-1, 1]) and {@code correction} a 3x3 convolution of the last features, initialised near zero.
 * So a new network returns the classical fill (to about 1 %) and training only has to learn what improves on it (as
 * in residual learning for restoration, e.g. DnCNN); the output stays in [-1, 1] like tanh's, with gradient 1
 * inside. Names: {@value #CORRECTION}, {@value #FILL}, {@value #SUM}, then {@link UNetGenerator#OUTPUT}.
 */
final class ResidualOutput {

	static final String CORRECTION = "output-correction", FILL = "output-fill", SUM = "output-sum",
		MASK = "output-mask", MASKED = "output-masked-correction";
	/** Standard deviation of the correction's initial weights: the first outputs are the fill to about 1 %. */
	static final double INITIAL_STD = 1e-3;

	private ResidualOutput() {}

	static void add(ComputationGraphConfiguration.GraphBuilder g, String features, int outChannels) {
		// near zero, not zero: from exactly zero no gradient reaches the features, and the L1 signs of the
		// correction's own weights cancel (a 500-step run stayed at the fill to 0.01 dB in every band)
		g.addLayer(CORRECTION, new ConvolutionLayer.Builder(3, 3).stride(1, 1).padding(1, 1).nOut(outChannels)
			.weightInit(new org.deeplearning4j.nn.conf.distribution.NormalDistribution(0, INITIAL_STD))
			.activation(new ActivationIdentity()).build(), features);
		// a 1x1 convolution set to pick the image channels (DL4J's SubsetVertex cannot infer CNN shapes), never
		// trained (frozen): with Adam it drifted from the identity and the output fell below its own input
		g.addLayer(FILL, new org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop(new ConvolutionLayer.Builder(1,
			1).stride(1, 1).nOut(outChannels).hasBias(false).weightInit(WeightInit.ZERO).activation(
				new ActivationIdentity()).build()), UNetGenerator.INPUT);
		// the correction only where the input's mask says damaged (its last channel): the pixels the result
		// takes from the network; elsewhere the output is the input, so intact pixels teach nothing and cost
		// nothing (with the correction everywhere, a 500-step run stayed at the fill to 0.01 dB)
		g.addLayer(MASK, new org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop(new ConvolutionLayer.Builder(1,
			1).stride(1, 1).nOut(outChannels).hasBias(false).weightInit(WeightInit.ZERO).activation(
				new ActivationIdentity()).build()), UNetGenerator.INPUT);
		g.addVertex(MASKED, new ElementWiseVertex(ElementWiseVertex.Op.Product), MASK, CORRECTION);
		g.addVertex(SUM, new ElementWiseVertex(ElementWiseVertex.Op.Add), FILL, MASKED);
		g.addLayer(UNetGenerator.OUTPUT, new ActivationLayer.Builder().activation(new ActivationHardTanH()).build(), SUM);
	}

	/** Sets the fill layer of a newly built network to pick the input's first channels; no-op without one. */
	static void initialise(ComputationGraph graph) {
		if (!graph.getConfiguration().getVertices().containsKey(FILL)) return;
		INDArray w = graph.getLayer(FILL).getParam("W"); // [out, in, 1, 1]
		w.assign(0);
		for (int c = 0; c < w.size(0); c++)
			w.putScalar(new long[] { c, c, 0, 0 }, 1);
		INDArray m = graph.getLayer(MASK).getParam("W"); // the mask, the input's last channel, on every output channel
		m.assign(0);
		for (int c = 0; c < m.size(0); c++)
			m.putScalar(new long[] { c, m.size(1) - 1, 0, 0 }, 1);
	}
}
