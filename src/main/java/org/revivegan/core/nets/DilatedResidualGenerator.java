package org.revivegan.core.nets;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

/**
 * A generator made for holes: few down-samplings, then a stack of residual blocks with dilated convolutions
 * (dilations 1, 2, 4, 8, repeated, as in AOT-GAN, Zeng et al. 2022, and the dilated middle of Iizuka et al.
 * 2017), so that the receptive field covers a large hole while the features stay at 1/4 (or 1/8) of the
 * resolution, and a light resize-convolution decoder with U-Net skips from the encoder (they keep the
 * undamaged surroundings sharp at the hole's border). No normalisation at all: BatchNorm at batch 8 is known
 * to hurt inpainting (LaMa's maintainers, advimman/lama#43), and without it the network behaves the same at
 * training and inference, whatever the tile or batch.
 * <p>
 * Layout and names, for {@code downs = D} and {@code blocks = B}:
 * </p>
 * <pre>
 * enc0-conv   5x5, stride 1, width w0                 LeakyReLU 0.2     full resolution
 * encI-conv   4x4, stride 2, width wI (I = 1..D)      LeakyReLU 0.2     1/2^I
 * resK-conv1  3x3, dilation dK (1, 2, 4, 8, 1, ...)   LeakyReLU 0.2     1/2^D, width wD
 * resK-conv2  3x3, dilation 1                         identity
 * resK-add    resK-conv2 + the block's input                            (K = 1..B)
 * decI-resize nearest x2; decI-conv 3x3 to w(I-1), LeakyReLU; decI-concat with enc(I-1)   (I = D..1)
 * output      3x3 convolution to the output channels, tanh (or sigmoid)
 * </pre>
 * Widths are {@code wI = base * 2^I}, capped at {@code 8 * base}. He initialisation (no normalisation keeps
 * the scale of the activations only if the initialisation does). Inputs must be multiples of
 * {@link #multiple()}; the graph has no loss layer, like the other generators, and the same input and output
 * names ({@link UNetGenerator#INPUT}, {@link UNetGenerator#OUTPUT}).
 */
public final class DilatedResidualGenerator {

	/** Dilations of the residual blocks' first convolutions, repeated. */
	static final int[] DILATIONS = { 1, 2, 4, 8 };

	private final int inChannels, outChannels, base, downs, blocks, maxDilation;
	private final boolean sigmoid;
	private boolean residual;
	private final long seed;
	private final DataType dataType;

	/**
	 * @param downs stride-2 down-samplings, 1..4
	 * @param blocks residual blocks, 1..32
	 * @param maxDilation the largest dilation (1, 2, 4 or 8): the cycle 1, 2, 4, 8 is cut there, so 1 means
	 *          plain convolutions (DL4J's CPU path runs dilated convolutions 3.6x slower than plain ones)
	 * @param sigmoid a sigmoid output (damage detection) instead of tanh
	 */
	public DilatedResidualGenerator(int inChannels, int outChannels, int base, int downs, int blocks,
		int maxDilation, boolean sigmoid, long seed, DataType dataType)
	{
		if (maxDilation != 1 && maxDilation != 2 && maxDilation != 4 && maxDilation != 8)
			throw new IllegalArgumentException("maxDilation must be 1, 2, 4 or 8, not " + maxDilation);
		this.maxDilation = maxDilation;
		if (inChannels < 1 || outChannels < 1 || base < 1) throw new IllegalArgumentException("channels and base " +
			"must be positive");
		if (downs < 1 || downs > 4) throw new IllegalArgumentException("downs must be 1..4, not " + downs);
		if (blocks < 1 || blocks > 32) throw new IllegalArgumentException("blocks must be 1..32, not " + blocks);
		this.inChannels = inChannels;
		this.outChannels = outChannels;
		this.base = base;
		this.downs = downs;
		this.blocks = blocks;
		this.sigmoid = sigmoid;
		this.seed = seed;
		this.dataType = dataType;
	}

	/**
	 * A residual output ({@link ResidualOutput}): the network adds a correction to the input's own fill of the
	 * damage instead of painting the output from nothing. Inpainting only (the first input channels are the
	 * filled image).
	 */
	public DilatedResidualGenerator residual(boolean on) {
		if (on && sigmoid) throw new IllegalArgumentException("A residual output is for images, not probabilities.");
		this.residual = on;
		return this;
	}

	/** @return the factor that input heights and widths must be multiples of: 2^downs */
	public int multiple() {
		return 1 << downs;
	}

	/** @return the width of encoder level {@code i} (0 = full resolution) */
	public int width(int level) {
		return base * Math.min(1 << level, 8);
	}

	/** @return the dilation of block {@code k} (1-based): 1, 2, 4, 8, 1, ... up to the largest allowed */
	int dilation(int k) {
		int cycle = Integer.numberOfTrailingZeros(maxDilation) + 1;
		return DILATIONS[(k - 1) % cycle];
	}

	public ComputationGraphConfiguration conf() {
		ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
			.seed(seed)
			.dataType(dataType)
			.updater(new Adam(2e-4, 0.5, 0.999, 1e-8))
			.weightInit(WeightInit.RELU)
			.convolutionMode(ConvolutionMode.Truncate)
			.trainingWorkspaceMode(WorkspaceMode.NONE)
			.inferenceWorkspaceMode(WorkspaceMode.ENABLED)
			.graphBuilder()
			.addInputs(UNetGenerator.INPUT)
			.setInputTypes(InputType.convolutional(multiple(), multiple(), inChannels));
		String[] enc = new String[downs + 1];
		g.addLayer("enc0-conv", new ConvolutionLayer.Builder(5, 5).stride(1, 1).padding(2, 2).nOut(width(0))
			.activation(new ActivationLReLU(0.2)).build(), UNetGenerator.INPUT);
		enc[0] = "enc0-conv";
		for (int i = 1; i <= downs; i++) {
			enc[i] = "enc" + i + "-conv";
			g.addLayer(enc[i], new ConvolutionLayer.Builder(4, 4).stride(2, 2).padding(1, 1).nOut(width(i))
				.activation(new ActivationLReLU(0.2)).build(), enc[i - 1]);
		}
		String previous = enc[downs];
		int w = width(downs);
		for (int k = 1; k <= blocks; k++) {
			int d = dilation(k);
			String c1 = "res" + k + "-conv1", c2 = "res" + k + "-conv2", add = "res" + k + "-add";
			g.addLayer(c1, new ConvolutionLayer.Builder(3, 3).stride(1, 1).dilation(d, d).padding(d, d).nOut(w)
				.activation(new ActivationLReLU(0.2)).build(), previous);
			g.addLayer(c2, new ConvolutionLayer.Builder(3, 3).stride(1, 1).padding(1, 1).nOut(w)
				.activation(new ActivationIdentity()).build(), c1);
			g.addVertex(add, new ElementWiseVertex(ElementWiseVertex.Op.Add), previous, c2);
			previous = add;
		}
		for (int i = downs; i >= 1; i--) {
			String resize = "dec" + i + "-resize", conv = "dec" + i + "-conv", concat = "dec" + i + "-concat";
			g.addLayer(resize, new Upsampling2D.Builder(2).build(), previous);
			g.addLayer(conv, new ConvolutionLayer.Builder(3, 3).stride(1, 1).padding(1, 1).nOut(width(i - 1))
				.activation(new ActivationLReLU(0.2)).build(), resize);
			g.addVertex(concat, new MergeVertex(), conv, enc[i - 1]);
			previous = concat;
		}
		if (residual) ResidualOutput.add(g, previous, outChannels);
		else {
			IActivation out = sigmoid ? new ActivationSigmoid() : new ActivationTanH();
			g.addLayer(UNetGenerator.OUTPUT, new ConvolutionLayer.Builder(3, 3).stride(1, 1).padding(1, 1)
				.nOut(outChannels).weightInit(WeightInit.XAVIER).activation(out).build(), previous);
		}
		g.setOutputs(UNetGenerator.OUTPUT);
		return g.build();
	}

	/**
	 * @return the number of parameters (weights and biases), computed from the layout without building the
	 *         network: a model file's declared architecture can be checked against its weights first
	 */
	public long parameterCount() {
		long n = conv(inChannels, width(0), 5);
		for (int i = 1; i <= downs; i++)
			n += conv(width(i - 1), width(i), 4);
		int w = width(downs);
		n += blocks * 2L * conv(w, w, 3);
		int in = w;
		for (int i = downs; i >= 1; i--) {
			n += conv(in, width(i - 1), 3);
			in = 2 * width(i - 1);
		}
		return n + conv(in, outChannels, 3) + (residual ? 2L * inChannels * outChannels : 0);
	}

	private static long conv(int in, int out, int k) {
		return (long) in * out * k * k + out;
	}

	/** @return a new, initialised generator */
	public ComputationGraph build() {
		Backend.init();
		ComputationGraph graph = new ComputationGraph(conf());
		graph.init();
		ResidualOutput.initialise(graph);
		return graph;
	}
}
