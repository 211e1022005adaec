package org.revivegan.core.nets;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The pix2pix U-Net generator (Isola et al. 2017, "unet_256" of the reference code), built as a DL4J
 * {@link ComputationGraph} whose layers all have names.
 * <p>
 * Encoder {@code enc1 .. encN}: 4x4 convolutions with stride 2, BatchNorm on all but the first and the
 * innermost, LeakyReLU 0.2 (ReLU after the innermost, whose only consumer is the decoder). Decoder
 * {@code dec(N-1) .. dec1}: x2 up-sampling (a 4x4 stride-2 transposed convolution as in the paper, or
 * nearest resize + 3x3 convolution, which avoids checkerboard artefacts in flat areas), BatchNorm, ReLU,
 * dropout in the first {@link Builder#dropoutBlocks(int)} blocks, then concatenation with the encoder output
 * of the same resolution ({@code decI-concat} joins {@code encI}). The last up-sampling goes to the output
 * channels with tanh (or a sigmoid, {@link Builder#sigmoidOutput(boolean)}); the output vertex is named {@value #OUTPUT}. Widths are {@code base * 2^(i-1)},
 * capped at {@code 8 * base}. Convolutions that a BatchNorm follows have no bias.
 * </p>
 * <p>
 * The graph has no loss layer: training computes pix2pix's losses with ND4J operations and feeds the errors
 * back with {@link ComputationGraph#backpropGradient}. Inputs must have a height and width that are
 * multiples of {@link #multiple()} (tiling pads to it). With {@code base 64, downs 8, 4 -> 3 channels} and
 * transposed convolutions the generator has exactly 54,425,411 parameters (DL4J counts BatchNorm's running
 * mean and variance as parameters).
 * </p>
 */
public final class UNetGenerator {

	/** Name of the graph's input. */
	public static final String INPUT = "input";
	/** Name of the graph's output vertex. */
	public static final String OUTPUT = "output";

	/** How the decoder doubles the resolution. */
	public enum Upsampling {
		/** 4x4 stride-2 transposed convolution, as in pix2pix. */
		DECONV,
		/** Nearest-neighbour x2 resize followed by a 3x3 convolution (no checkerboard artefacts). */
		RESIZE_CONV
	}

	private final Builder b;

	private UNetGenerator(Builder b) {
		this.b = b;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** @return the factor that input heights and widths must be multiples of: 2^downs */
	public int multiple() {
		return 1 << b.downs;
	}

	/** @return the width (channels) of encoder level {@code i}, 1-based */
	public int width(int level) {
		return b.base * Math.min(1 << (level - 1), 8);
	}

	public ComputationGraphConfiguration conf() {
		ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
			.seed(b.seed)
			.dataType(b.dataType)
			.updater(new Adam(2e-4, 0.5, 0.999, 1e-8))
			.weightInit(new NormalDistribution(0, 0.02))
			.convolutionMode(ConvolutionMode.Truncate)
			.trainingWorkspaceMode(WorkspaceMode.NONE)
			.inferenceWorkspaceMode(WorkspaceMode.ENABLED)
			.graphBuilder()
			.addInputs(INPUT)
			.setInputTypes(InputType.convolutional(multiple(), multiple(), b.inChannels));

		int n = b.downs;
		String[] encoderOutput = new String[n + 1];
		String previous = INPUT;
		for (int i = 1; i <= n; i++) {
			boolean inner = i == n;
			boolean norm = b.batchNorm && i > 1 && !inner;
			String conv = "enc" + i + "-conv";
			IActivation act = norm ? new ActivationIdentity() : inner ? new ActivationReLU() : new ActivationLReLU(0.2);
			g.addLayer(conv, new ConvolutionLayer.Builder(4, 4).stride(2, 2).padding(1, 1)
				.nOut(width(i)).hasBias(!norm).activation(act).build(), previous);
			previous = conv;
			if (norm) {
				String bn = "enc" + i + "-bn";
				g.addLayer(bn, new BatchNormalization.Builder().activation(new ActivationLReLU(0.2)).build(), previous);
				previous = bn;
			}
			encoderOutput[i] = previous;
		}
		int coarse = Integer.numberOfTrailingZeros(b.headScale); // decoder levels the class head skips
		for (int i = n - 1; i >= Math.max(1, coarse); i--) {
			if (b.batchNorm) {
				String up = upsample(g, "dec" + i + "-up", previous, width(i), false, new ActivationIdentity());
				String bn = "dec" + i + "-bn";
				g.addLayer(bn, new BatchNormalization.Builder().activation(new ActivationReLU()).build(), up);
				previous = bn;
			}
			else previous = upsample(g, "dec" + i + "-up", previous, width(i), true, new ActivationReLU());
			int block = n - i; // 1 for the innermost decoder block
			if (block <= b.dropoutBlocks && b.dropout > 0) {
				String drop = "dec" + i + "-dropout";
				g.addLayer(drop, new DropoutLayer.Builder(1 - b.dropout).build(), previous);
				previous = drop;
			}
			String concat = "dec" + i + "-concat";
			g.addVertex(concat, new MergeVertex(), previous, encoderOutput[i]);
			previous = concat;
		}
		if (b.residual) {
			// full resolution features (the last up-sampling), then fill + correction
			String last = upsample(g, "dec0-up", previous, b.base, true, new ActivationLReLU(0.2));
			ResidualOutput.add(g, last, b.outChannels);
		}
		else if (b.identityOutput) {
			// the colour-class head: hundreds of logits per pixel. A 3 x 3 convolution straight to them would cost
			// more than the rest of a small U-Net; up-sample to base features, then a 1 x 1 convolution per pixel
			// (at 1 / headScale of the input's resolution: the decoder stops that many x2 steps early, and a 3 x 3
			// convolution at that resolution makes the features)
			String features = coarse == 0 ? upsample(g, "out-features", previous, width(1), true, new ActivationReLU()) :
				"out-features";
			if (coarse > 0) g.addLayer(features, new ConvolutionLayer.Builder(3, 3).stride(1, 1).padding(1, 1)
				.nOut(width(1)).hasBias(true).activation(new ActivationReLU()).build(), previous);
			g.addLayer(OUTPUT, new ConvolutionLayer.Builder(1, 1).stride(1, 1).nOut(b.outChannels).hasBias(true)
				.activation(new ActivationIdentity()).build(), features);
		}
		else upsample(g, OUTPUT, previous, b.outChannels, true, b.sigmoidOutput ? new ActivationSigmoid() :
			new ActivationTanH());
		g.setOutputs(OUTPUT);
		return g.build();
	}

	/** Adds a x2 up-sampling layer named {@code name} (and its resize layer, {@code name + "-resize"}). */
	private String upsample(ComputationGraphConfiguration.GraphBuilder g, String name, String input, int nOut,
		boolean bias, IActivation activation)
	{
		if (b.upsampling == Upsampling.DECONV) {
			g.addLayer(name, new Deconvolution2D.Builder(4, 4).stride(2, 2).padding(1, 1)
				.nOut(nOut).hasBias(bias).activation(activation).build(), input);
			return name;
		}
		String resize = name + "-resize";
		g.addLayer(resize, new Upsampling2D.Builder(2).build(), input);
		g.addLayer(name, new ConvolutionLayer.Builder(3, 3).stride(1, 1).padding(1, 1)
			.nOut(nOut).hasBias(bias).activation(activation).build(), resize);
		return name;
	}

	/** @return a new, initialised generator */
	public ComputationGraph build() {
		Backend.init();
		ComputationGraph graph = new ComputationGraph(conf());
		graph.init();
		ResidualOutput.initialise(graph);
		return graph;
	}

	/** Configuration with documented defaults: pix2pix's unet_256 for inpainting (4 -> 3 channels). */
	public static final class Builder {

		private int inChannels = 4;
		private int outChannels = 3;
		private int base = 64;
		private int downs = 8;
		private int dropoutBlocks = 3;
		private double dropout = 0.5;
		private Upsampling upsampling = Upsampling.DECONV;
		private long seed = 42;
		private DataType dataType = DataType.FLOAT;
		private boolean sigmoidOutput;
		private boolean identityOutput;
		private boolean batchNorm = true;
		private boolean residual;
		private int headScale = 1;

		/** Input channels (inpainting: RGB + mask = 4; colourisation: L = 1). */
		public Builder inChannels(int c) {
			this.inChannels = positive(c, "inChannels");
			return this;
		}

		/** Output channels (inpainting: RGB = 3; colourisation: ab = 2). */
		public Builder outChannels(int c) {
			this.outChannels = positive(c, "outChannels");
			return this;
		}

		/** Width of the first encoder level (pix2pix: 64); deeper levels double it, up to 8x. */
		public Builder base(int base) {
			this.base = positive(base, "base");
			return this;
		}

		/** Number of stride-2 down-samplings (pix2pix unet_256: 8); inputs must be multiples of 2^downs. */
		public Builder downs(int downs) {
			if (downs < 2 || downs > 10) throw new IllegalArgumentException("downs must be 2..10, not " + downs);
			this.downs = downs;
			return this;
		}

		/** Number of decoder blocks, from the innermost, with dropout (pix2pix: 3). */
		public Builder dropoutBlocks(int blocks) {
			this.dropoutBlocks = Math.max(0, blocks);
			return this;
		}

		/** Probability of dropping a unit in the dropout blocks (pix2pix: 0.5); 0 switches dropout off. */
		public Builder dropout(double p) {
			if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("dropout must be in [0, 1), not " + p);
			this.dropout = p;
			return this;
		}

		public Builder upsampling(Upsampling u) {
			this.upsampling = u;
			return this;
		}

		/**
		 * A sigmoid output (probabilities in [0, 1], for damage detection) instead of tanh (values in [-1, 1],
		 * for images); default false.
		 */
		/** Logits out (no activation): the colour-class head, whose loss applies the softmax itself. */
		public Builder identityOutput(boolean identity) {
			this.identityOutput = identity;
			return this;
		}

		public Builder sigmoidOutput(boolean sigmoid) {
			this.sigmoidOutput = sigmoid;
			return this;
		}

		/**
		 * BatchNorm after the inner encoder and the decoder convolutions, as in pix2pix (default true); false
		 * gives every convolution a bias and no normalisation (BatchNorm at small batches hurts inpainting).
		 */
		public Builder batchNorm(boolean on) {
			this.batchNorm = on;
			return this;
		}

		/**
		 * A residual output, {@code hardtanh(fill + correction)} ({@link ResidualOutput}): the last up-sampling
		 * gives {@code base} features at full resolution, and a near-zero-initialised convolution adds a correction to
		 * the input's image channels. Default false (pix2pix's tanh output).
		 */
		public Builder residual(boolean on) {
			this.residual = on;
			return this;
		}

		/**
		 * The colour-class head ({@link #identityOutput}) only: its logits at 1 / {@code scale} of the input's
		 * resolution, 1 (default), 2 or 4 (Zhang et al.: 4). The decoder skips its last log2(scale) x2 up-samplings
		 * and a 3 x 3 convolution makes the head's {@code base} features there; scale 1 up-samples to full
		 * resolution first, as before this option. Needs {@code scale < 2^downs}.
		 */
		public Builder headScale(int scale) {
			if (scale != 1 && scale != 2 && scale != 4) throw new IllegalArgumentException("The head's scale is 1, 2 or " +
				"4, not " + scale + ".");
			this.headScale = scale;
			return this;
		}

		/** Seed of the weight initialisation. */
		public Builder seed(long seed) {
			this.seed = seed;
			return this;
		}

		/** FLOAT for use; DOUBLE for gradient checks. */
		public Builder dataType(DataType t) {
			this.dataType = t;
			return this;
		}

		public UNetGenerator create() {
			if (headScale != 1 && !identityOutput) throw new IllegalArgumentException("Only the colour-class head " +
				"predicts at a reduced resolution.");
			if (headScale >= 1 << downs) throw new IllegalArgumentException("A head at 1/" + headScale + " needs more " +
				"than " + downs + " down-samplings.");
			return new UNetGenerator(this);
		}

		/**
		 * Counts the parameters {@link #build()} would create (BatchNorm's running mean and variance included, as
		 * DL4J counts them) by arithmetic, without allocating anything: a model file's loader compares it with the
		 * stored weights, and bounds it, before it builds a network that a damaged file might make huge.
		 *
		 * @return the number of parameters of the generator these settings describe
		 */
		public long parameterCount() {
			UNetGenerator net = create();
			int n = downs;
			long count = 0;
			long channels = inChannels;
			for (int i = 1; i <= n; i++) {
				boolean norm = batchNorm && i > 1 && i < n;
				long width = net.width(i);
				count += 16 * channels * width + (norm ? 4 * width : width); // 4x4 conv; BN (4 per channel) or bias
				channels = width;
			}
			long kernel = upsampling == Upsampling.DECONV ? 16 : 9; // 4x4 transposed or 3x3 after the resize
			int coarse = Integer.numberOfTrailingZeros(headScale);
			for (int i = n - 1; i >= Math.max(1, coarse); i--) {
				long width = net.width(i);
				count += kernel * channels * width + (batchNorm ? 4 * width : width); // no bias, then BN; or a bias
				channels = 2 * width; // concatenated with encoder level i
			}
			if (identityOutput) // the class head: up-sampling (or, coarse, a 3x3 conv) to width(1) features, a 1x1 conv
				return count + (coarse == 0 ? kernel : 9) * channels * net.width(1) + net.width(1) + (long) net.width(1) * outChannels + outChannels;
			if (residual) // dec0-up to base features, the correction (3x3, bias), the fill and mask pickers (1x1, no bias)
				return count + kernel * channels * base + base + 9L * base * outChannels + outChannels +
					2L * inChannels * outChannels;
			return count + kernel * channels * outChannels + outChannels;
		}

		public ComputationGraph build() {
			return create().build();
		}

		private static int positive(int v, String name) {
			if (v <= 0) throw new IllegalArgumentException(name + " must be positive, not " + v);
			return v;
		}
	}
}
