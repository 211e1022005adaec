package org.revivegan.core.nets;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Counts the floating-point operations of a network analytically from its configuration, so that measured
 * times can be turned into achieved GFLOP/s and compared with the machine's matrix-multiply rate (how well
 * the convolution kernels use the CPU), and so that the cost of a model at a given image size can be
 * estimated before it is run.
 * <p>
 * Conventions (those of the usual CNN cost tables): one multiply-add is 2 operations; only the weight layers
 * count. A convolution costs {@code 2 * kH * kW * Cin * Cout * Hout * Wout}; a transposed convolution is the
 * same product taken over its <em>input</em> grid, {@code 2 * kH * kW * Cin * Cout * Hin * Win} (every input
 * pixel scatters a kH x kW x Cout block); a depthwise convolution {@code 2 * kH * kW * Cin * m * Hout * Wout}
 * with depth multiplier m, a separable one that plus the 1x1 {@code 2 * Cin * m * Cout * Hout * Wout}; a
 * dense layer {@code 2 * nIn * nOut}. Biases, BatchNorm, activations, pooling, resizing, dropout and merges
 * are ignored (they are memory-bound and a few per cent of the total). Spatial sizes come from DL4J's own
 * shape inference, so padding and convolution modes are honoured. All counts are per example.
 * </p>
 * <p>
 * A backward pass is counted as twice the forward pass (the gradient with respect to the input and the one
 * with respect to the weights each cost one forward's worth of multiply-adds).
 * </p>
 */
public final class Flops {

	/** Discriminator forward + backward passes in one pix2pix step: real pair, generated pair, generator's turn. */
	public static final int PIX2PIX_DISCRIMINATOR_PASSES = 3;

	private Flops() {}

	/** @return operations of one convolution layer per example: {@code 2 kH kW Cin Cout Hout Wout} */
	public static long convolution(long kernelH, long kernelW, long inChannels, long outChannels, long outHeight,
		long outWidth)
	{
		return 2 * kernelH * kernelW * inChannels * outChannels * outHeight * outWidth;
	}

	/** @return operations of one transposed convolution per example: {@code 2 kH kW Cin Cout Hin Win} */
	public static long transposedConvolution(long kernelH, long kernelW, long inChannels, long outChannels,
		long inHeight, long inWidth)
	{
		return 2 * kernelH * kernelW * inChannels * outChannels * inHeight * inWidth;
	}

	/**
	 * @return operations of one forward pass of the graph per example, for one convolutional input of the
	 *         given size whose channel count is the graph's own
	 * @throws IllegalArgumentException if the graph has several inputs, or a weight layer of a kind not counted
	 */
	public static long forward(ComputationGraph graph, long height, long width) {
		ComputationGraphConfiguration conf = graph.getConfiguration();
		if (conf.getNetworkInputs().size() != 1)
			throw new IllegalArgumentException("Give one input type per network input: " + conf.getNetworkInputs());
		long channels = inputChannels(conf, conf.getNetworkInputs().get(0));
		return forward(conf, InputType.convolutional(height, width, channels));
	}

	/** @return operations of one forward pass per example, for the given input types (one per network input) */
	public static long forward(ComputationGraphConfiguration conf, InputType... inputs) {
		List<String> inputNames = conf.getNetworkInputs();
		if (inputs.length != inputNames.size())
			throw new IllegalArgumentException("The graph has " + inputNames.size() + " inputs, not " + inputs.length);
		Map<String, InputType> types = conf.clone().getLayerActivationTypes(false, false, inputs);
		long total = 0;
		for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
			if (!(e.getValue() instanceof LayerVertex)) continue;
			LayerVertex vertex = (LayerVertex) e.getValue();
			String source = conf.getVertexInputs().get(e.getKey()).get(0);
			int networkInput = inputNames.indexOf(source);
			InputType in = networkInput >= 0 ? inputs[networkInput] : types.get(source);
			if (in == null) throw new IllegalStateException("No shape inferred for '" + source + "'");
			InputPreProcessor pre = vertex.getPreProcessor();
			if (pre != null) in = pre.getOutputType(in);
			total += layer(vertex.getLayerConf().getLayer(), in, types.get(e.getKey()));
		}
		return total;
	}

	/**
	 * @return operations of one forward pass of the network per example, for one convolutional input of the
	 *         given size whose channel count is the network's own
	 */
	public static long forward(MultiLayerNetwork net, long height, long width) {
		MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
		Layer first = conf.getConf(0).getLayer();
		if (!(first instanceof ConvolutionLayer))
			throw new IllegalArgumentException("The first layer is not a convolution: " + first.getClass().getSimpleName());
		return forward(conf, InputType.convolutional(height, width, ((ConvolutionLayer) first).getNIn()));
	}

	/** @return operations of one forward pass per example for the given input type */
	public static long forward(MultiLayerConfiguration conf, InputType input) {
		List<InputType> outputs = conf.clone().getLayerActivationTypes(input);
		long total = 0;
		InputType in = input;
		for (int i = 0; i < conf.getConfs().size(); i++) {
			InputPreProcessor pre = conf.getInputPreProcess(i);
			if (pre != null) in = pre.getOutputType(in);
			total += layer(conf.getConf(i).getLayer(), in, outputs.get(i));
			in = outputs.get(i);
		}
		return total;
	}

	/**
	 * @return operations of one pix2pix adversarial step per example: the generator's forward and backward
	 *         ({@code 3 G}) and three discriminator forward and backward passes ({@code 3 * 3 D}), as
	 *         {@code org.revivegan.core.gan.Pix2Pix#stepAdversarial} runs them
	 */
	public static long pix2pixStep(long generatorForward, long discriminatorForward) {
		return 3 * generatorForward + PIX2PIX_DISCRIMINATOR_PASSES * 3 * discriminatorForward;
	}

	/** @return operations of one L1-only step per example: the generator's forward and backward */
	public static long l1Step(long generatorForward) {
		return 3 * generatorForward;
	}

	private static long layer(Layer layer, InputType in, InputType out) {
		// a frozen layer (the residual presets' fixed pass-through of the fill) costs what the layer inside does
		if (layer instanceof org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop) return layer(
			((org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop) layer).getUnderlying(), in, out);
		if (layer instanceof ConvolutionLayer) {
			ConvolutionLayer c = (ConvolutionLayer) layer;
			InputType.InputTypeConvolutional i = convolutional(in, layer);
			InputType.InputTypeConvolutional o = convolutional(out, layer);
			int[] k = c.getKernelSize();
			if (layer instanceof Deconvolution2D)
				return transposedConvolution(k[0], k[1], i.getChannels(), o.getChannels(), i.getHeight(), i.getWidth());
			if (layer instanceof DepthwiseConvolution2D)
				return convolution(k[0], k[1], i.getChannels(), ((DepthwiseConvolution2D) layer).getDepthMultiplier(),
					o.getHeight(), o.getWidth());
			if (layer instanceof SeparableConvolution2D) {
				long mid = i.getChannels() * ((SeparableConvolution2D) layer).getDepthMultiplier();
				return convolution(k[0], k[1], mid, 1, o.getHeight(), o.getWidth()) +
					convolution(1, 1, mid, o.getChannels(), o.getHeight(), o.getWidth());
			}
			if (layer.getClass() != ConvolutionLayer.class)
				throw unsupported(layer);
			return convolution(k[0], k[1], i.getChannels(), o.getChannels(), o.getHeight(), o.getWidth());
		}
		if (layer instanceof DenseLayer || layer instanceof OutputLayer) {
			if (in.getType() != InputType.Type.FF) throw unsupported(layer);
			long nIn = ((InputType.InputTypeFeedForward) in).getSize();
			long nOut = ((InputType.InputTypeFeedForward) out).getSize();
			return 2 * nIn * nOut;
		}
		if (layer instanceof BatchNormalization || layer instanceof ActivationLayer || layer instanceof SubsamplingLayer ||
			layer instanceof Upsampling2D || layer instanceof DropoutLayer || layer instanceof ZeroPaddingLayer ||
			layer instanceof Cropping2D || layer instanceof GlobalPoolingLayer || layer instanceof LocalResponseNormalization)
			return 0;
		throw unsupported(layer);
	}

	private static InputType.InputTypeConvolutional convolutional(InputType t, Layer layer) {
		if (!(t instanceof InputType.InputTypeConvolutional))
			throw new IllegalArgumentException("Layer '" + layer.getLayerName() + "' sees a " + t + ", not an image");
		return (InputType.InputTypeConvolutional) t;
	}

	private static IllegalArgumentException unsupported(Layer layer) {
		return new IllegalArgumentException("Cannot count the operations of layer '" + layer.getLayerName() + "' (" +
			layer.getClass().getSimpleName() + ")");
	}

	private static long inputChannels(ComputationGraphConfiguration conf, String input) {
		for (Map.Entry<String, List<String>> e : conf.getVertexInputs().entrySet()) {
			if (!e.getValue().contains(input)) continue;
			GraphVertex v = conf.getVertices().get(e.getKey());
			if (v instanceof LayerVertex && ((LayerVertex) v).getLayerConf().getLayer() instanceof ConvolutionLayer)
				return ((ConvolutionLayer) ((LayerVertex) v).getLayerConf().getLayer()).getNIn();
		}
		throw new IllegalArgumentException("Input '" + input + "' does not feed a convolution; give its input type");
	}
}
