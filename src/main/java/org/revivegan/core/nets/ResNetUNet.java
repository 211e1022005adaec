package org.revivegan.core.nets;

import java.util.Arrays;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

/**
 * A U-Net whose encoder is a ResNet (ResNet-18 by default), the generator of the colourisation GAN.
 * <p>
 * This follows fastai's {@code DynamicUnet} (used by DeOldify and by the "U-Net with a ResNet-18 backbone"
 * colourisation recipe): a ResNet encoder keeps the capacity and the receptive field of a classification
 * network, and a light decoder brings the resolution back, merging the encoder's features at every stride.
 * The network maps a lightness channel (CIE L, 1 channel) to the two chroma channels (a, b) in (-1, 1).
 * </p>
 * <h2>Contract shared with the other generators</h2>
 * <ul>
 * <li>NCHW float tensors. One graph input named {@value #INPUT}; the graph output is the vertex
 * {@value #OUTPUT}, a convolution with TANH activation. There is <em>no</em> output (loss) layer: training
 * computes its losses with ND4J ops and feeds the error back with
 * {@link ComputationGraph#backpropGradient(org.nd4j.linalg.api.ndarray.INDArray...)}, so never call
 * {@code fit} on this graph.</li>
 * <li>Height and width must be multiples of {@link #multiple()} (32, the stride of the deepest stage);
 * other sizes fail in a merge vertex because the upsampled and the skip features differ by one pixel.</li>
 * <li>Training workspaces are off: with them, BatchNorm backprop after
 * {@code feedForward(input, true, false)} throws in DL4J 1.0.0-M2.1. Inference workspaces are on.</li>
 * <li>Every layer and vertex has a name starting with {@value #ENCODER_PREFIX}, {@value #DECODER_PREFIX} or
 * being {@value #OUTPUT}, so that a caller can find, freeze or count the encoder by name.</li>
 * </ul>
 * <h2>Layout and names</h2>
 * Encoder, the ResNet of torchvision with its names ({@code layer1..4} become {@code enc1..4}):
 * <pre>
 * enc-stem-conv (7x7 stride 2) -> enc-stem-bn -> enc-stem-relu        stride  2, width b
 * enc-pool (3x3 max stride 2)                                        stride  4
 * enc1 .. enc4, BasicBlocks "enc{S}-block{K}-*" (2 per stage):       stride 4, 8, 16, 32; width b, 2b, 4b, 8b
 *   conv1 (3x3, stride 2 in block0 of enc2..4) -> bn1 -> relu1 -> conv2 (3x3) -> bn2
 *   [proj-conv (1x1, stride 2) -> proj-bn where the shape changes] -> add -> relu
 * </pre>
 * Decoder, numbered by the encoder level whose output it upsamples (level 0 = the stem):
 * <pre>
 * dec4: up(enc4) + enc3  -> conv1,bn1,relu1,conv2,bn2,relu2 [,dropout]   stride 16
 * dec3: up(dec4) + enc2  -> same                                        stride  8
 * dec2: up(dec3) + enc1  -> same                                        stride  4
 * dec1: up(dec2) + enc-stem-relu -> same                                stride  2
 * dec0: up(dec1) + input -> conv1 (3x3, ReLU, no BN)                    stride  1
 * output: 3x3 conv to outChannels, TANH
 * </pre>
 * Each decoder step is "dec{K}-up" (nearest {@link Upsampling2D}), "dec{K}-concat" ({@link MergeVertex}),
 * then the convolutions. Upsampling is resize-then-convolve: stride-2 transposed convolutions left
 * checkerboard patterns in flat regions such as sky.
 * <p>
 * Convolutions followed by BatchNorm have no bias (as in torchvision), so the encoder's parameters are those
 * of torchvision's ResNet-18 without {@code fc}, except that DL4J's BatchNorm also stores its running mean and
 * variance as parameters (4 per channel instead of 2). One difference remains for anyone porting
 * torchvision weights: DL4J's {@link ConvolutionMode#Same} pads strided convolutions and the pool
 * asymmetrically (the extra row and column at the bottom and right, as TensorFlow does) where PyTorch pads
 * both sides equally, which shifts features by half a pixel per strided layer.
 * </p>
 * <p>
 * Usage: {@code ComputationGraph g = ResNetUNet.builder().baseWidth(32).seed(7).build();}
 * </p>
 */
public final class ResNetUNet {

	/** Name of the graph's only input. */
	public static final String INPUT = "input";
	/** Name of the graph's output vertex: the final TANH convolution. */
	public static final String OUTPUT = "output";
	/** Prefix of every encoder layer and vertex name. */
	public static final String ENCODER_PREFIX = "enc";
	/** Prefix of every decoder layer and vertex name. */
	public static final String DECODER_PREFIX = "dec";

	/** Total stride of the encoder: 2 (stem) x 2 (pool) x 2 x 2 x 2 (stages 2-4). */
	private static final int MULTIPLE = 32;
	/** Number of ResNet stages; the decoder has one step per stage plus one for the full resolution. */
	private static final int STAGES = 4;
	private static final int DECODER_STEPS = STAGES + 1;

	private ResNetUNet() {}

	/** @return the number inputs' height and width must be multiples of (32) */
	public static int multiple() {
		return MULTIPLE;
	}

	/** @return a builder with the defaults documented on its methods (ResNet-18, 1 -> 2 channels) */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * @param layerOrVertexName a name in a graph built here
	 * @return whether it belongs to the ResNet encoder (the part that pretrained weights would replace)
	 */
	public static boolean isEncoder(String layerOrVertexName) {
		return layerOrVertexName.startsWith(ENCODER_PREFIX);
	}

	/**
	 * Settings of a {@link ResNetUNet}; every setter returns this builder. Defaults: 1 input channel, 2 output
	 * channels, base width 64, 2 blocks in each of the 4 stages (ResNet-18), decoder widths
	 * {@code 8b, 4b, 2b, b, max(b/2, 8)}, no dropout, zero-initialised residual branches, seed 42.
	 */
	public static final class Builder {

		private int inChannels = 1;
		private int outChannels = 2;
		private int baseWidth = 64;
		private int[] blocksPerStage = { 2, 2, 2, 2 };
		private int[] decoderWidths; // null: derived from baseWidth
		private double decoderDropProbability = 0;
		private int dropoutSteps = 3;
		private boolean zeroInitResidual = true;
		private long seed = 42;
		private boolean sigmoidOutput;

		private Builder() {}

		/** @param n channels of the input (default 1: CIE L) */
		public Builder inChannels(int n) {
			inChannels = requirePositive(n, "inChannels");
			return this;
		}

		/** @param n channels of the output (default 2: CIE a and b, scaled to (-1, 1)) */
		public Builder outChannels(int n) {
			outChannels = requirePositive(n, "outChannels");
			return this;
		}

		/**
		 * @param b width of the stem and of the first stage; the stages have b, 2b, 4b, 8b channels.
		 *          Default 64 (ResNet-18); 16 or 32 make a network small enough to train on a CPU.
		 */
		public Builder baseWidth(int b) {
			baseWidth = requirePositive(b, "baseWidth");
			return this;
		}

		/**
		 * @param blocks BasicBlocks in each of the 4 stages; default {2, 2, 2, 2} (ResNet-18), {3, 4, 6, 3} is
		 *               ResNet-34
		 */
		public Builder blocksPerStage(int... blocks) {
			if (blocks.length != STAGES) throw new IllegalArgumentException(
				"blocksPerStage needs " + STAGES + " numbers (one per ResNet stage), got " + Arrays.toString(blocks));
			for (int n : blocks) requirePositive(n, "blocksPerStage");
			blocksPerStage = blocks.clone();
			return this;
		}

		/**
		 * @param widths output channels of the decoder steps dec4, dec3, dec2, dec1, dec0 (deepest first).
		 *               Default {8b, 4b, 2b, b, max(b/2, 8)} for base width b.
		 */
		public Builder decoderWidths(int... widths) {
			if (widths.length != DECODER_STEPS) throw new IllegalArgumentException(
				"decoderWidths needs " + DECODER_STEPS + " numbers (dec4, dec3, dec2, dec1, dec0), got " +
					Arrays.toString(widths));
			for (int n : widths) requirePositive(n, "decoderWidths");
			decoderWidths = widths.clone();
			return this;
		}

		/**
		 * Dropout in the deepest decoder steps, as pix2pix uses it for noise. Like all DL4J dropout it acts
		 * only in training passes.
		 *
		 * @param dropProbability probability to <em>drop</em> an activation, in [0, 1); default 0 (none)
		 */
		public Builder decoderDropout(double dropProbability) {
			if (!(dropProbability >= 0 && dropProbability < 1)) throw new IllegalArgumentException(
				"decoderDropout is the probability to drop an activation and must be in [0, 1), got " +
					dropProbability);
			decoderDropProbability = dropProbability;
			return this;
		}

		/**
		 * @param steps how many decoder steps, deepest first (dec4, dec3, ...), end with a "dec{K}-dropout"
		 *              layer when {@link #decoderDropout(double)} is above 0; default 3, as pix2pix
		 */
		public Builder dropoutSteps(int steps) {
			if (steps < 0 || steps > DECODER_STEPS - 1) throw new IllegalArgumentException(
				"dropoutSteps must be in 0.." + (DECODER_STEPS - 1) + ", got " + steps);
			dropoutSteps = steps;
			return this;
		}

		/**
		 * Starts the scale (gamma) of each block's last BatchNorm at 0, so that every residual block is an
		 * identity at initialisation (Goyal et al. 2017, torchvision's {@code zero_init_residual}). It matters
		 * because this network trains from scratch: with gamma 1, an untrained graph in inference mode (BN
		 * running statistics still 0 and 1) grows its activations block after block and saturates the TANH
		 * output; with 0 they stay near the stem's scale. Training then opens the blocks as it needs them.
		 *
		 * @param zero whether to start residual branches at zero (default true)
		 */
		public Builder zeroInitResidual(boolean zero) {
			zeroInitResidual = zero;
			return this;
		}

		/** @param sigmoid a sigmoid output (probabilities, for damage detection) instead of TANH; default false */
		public Builder sigmoidOutput(boolean sigmoid) {
			sigmoidOutput = sigmoid;
			return this;
		}

		/** @param s seed of the weight initialisation; the same seed gives the same parameters (default 42) */
		public Builder seed(long s) {
			seed = s;
			return this;
		}

		/** @return the graph configuration (not initialised; parameters are created by {@link #build()}) */
		public ComputationGraphConfiguration conf() {
			return new Assembler(this).assemble();
		}

		/**
		 * Counts the parameters {@link #build()} would create (BatchNorm's running mean and variance included, as
		 * DL4J counts them) by arithmetic, without allocating anything: a model file's loader compares it with the
		 * stored weights, and bounds it, before it builds a network that a damaged file might make huge.
		 *
		 * @return the number of parameters of the network these settings describe
		 */
		public long parameterCount() {
			long b = baseWidth;
			long count = 49 * inChannels * b + 4 * b; // stem: 7x7 conv without bias, BN
			long[] stageChannels = new long[STAGES + 1];
			stageChannels[0] = b;
			long width = b;
			for (int stage = 1; stage <= STAGES; stage++) {
				long stageWidth = b << (stage - 1);
				for (int block = 0; block < blocksPerStage[stage - 1]; block++) {
					boolean projection = (block == 0 && stage > 1) || width != stageWidth;
					count += 9 * width * stageWidth + 4 * stageWidth + 9 * stageWidth * stageWidth + 4 * stageWidth;
					if (projection) count += width * stageWidth + 4 * stageWidth; // 1x1 conv, BN
					width = stageWidth;
				}
				stageChannels[stage] = width;
			}
			int[] widths = effectiveDecoderWidths();
			long channels = width;
			for (int level = STAGES; level >= 1; level--) {
				long step = widths[STAGES - level];
				count += 9 * (channels + stageChannels[level - 1]) * step + 4 * step + 9 * step * step + 4 * step;
				channels = step;
			}
			long last = widths[STAGES];
			count += 9 * (channels + inChannels) * last + last; // dec0-conv1, with bias
			return count + 9 * last * outChannels + outChannels; // output, with bias
		}

		/** @return a new graph, initialised with this builder's seed */
		public ComputationGraph build() {
			ComputationGraph graph = new ComputationGraph(conf());
			graph.init();
			return graph;
		}

		private int[] effectiveDecoderWidths() {
			if (decoderWidths != null) return decoderWidths;
			int b = baseWidth;
			return new int[] { 8 * b, 4 * b, 2 * b, b, Math.max(b / 2, 8) };
		}

		private static int requirePositive(int n, String what) {
			if (n < 1) throw new IllegalArgumentException(what + " must be at least 1, got " + n);
			return n;
		}
	}

	/** Adds the layers of one network to a graph builder; keeps the bookkeeping out of {@link Builder}. */
	private static final class Assembler {

		private final Builder s;
		private final GraphBuilder g;

		Assembler(Builder settings) {
			s = settings;
			g = new NeuralNetConfiguration.Builder()
				.seed(s.seed)
				.dataType(DataType.FLOAT)
				.updater(new Adam(2e-4, 0.5, 0.999, 1e-8))
				.weightInit(WeightInit.RELU)
				.convolutionMode(ConvolutionMode.Same)
				.trainingWorkspaceMode(WorkspaceMode.NONE)
				.inferenceWorkspaceMode(WorkspaceMode.ENABLED)
				.graphBuilder()
				.addInputs(INPUT)
				// Only for shape inference (nIn of each layer); any multiple of 32 runs.
				.setInputTypes(InputType.convolutional(MULTIPLE, MULTIPLE, s.inChannels));
		}

		ComputationGraphConfiguration assemble() {
			int b = s.baseWidth;

			// Stem: 7x7 stride 2, BN, ReLU (stride 2), then 3x3 max pool stride 2 (stride 4).
			String x = convBnRelu("enc-stem", "", INPUT, 7, 2, b);
			String stem = x;
			g.addLayer("enc-pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
				.kernelSize(3, 3).stride(2, 2).build(), x);
			x = "enc-pool";

			// Stages enc1..enc4 with widths b, 2b, 4b, 8b; the first block of stages 2-4 halves the size.
			String[] stageOutputs = new String[STAGES + 1];
			stageOutputs[0] = stem;
			int width = b;
			for (int stage = 1; stage <= STAGES; stage++) {
				int stageWidth = b << (stage - 1);
				for (int block = 0; block < s.blocksPerStage[stage - 1]; block++) {
					int stride = (block == 0 && stage > 1) ? 2 : 1;
					x = basicBlock("enc" + stage + "-block" + block, x, width, stageWidth, stride);
					width = stageWidth;
				}
				stageOutputs[stage] = x;
			}

			// Decoder: dec4..dec1 upsample, merge the skip one level up, two conv-BN-ReLU.
			int[] widths = s.effectiveDecoderWidths();
			for (int level = STAGES; level >= 1; level--) {
				String name = "dec" + level;
				int stepWidth = widths[STAGES - level];
				String merged = upAndConcat(name, x, stageOutputs[level - 1]);
				x = convBnRelu(name, "1", merged, 3, 1, stepWidth);
				x = convBnRelu(name, "2", x, 3, 1, stepWidth);
				if (s.decoderDropProbability > 0 && STAGES - level < s.dropoutSteps) {
					// DL4J's dropout argument is the probability to retain.
					g.addLayer(name + "-dropout", new DropoutLayer.Builder(1 - s.decoderDropProbability).build(), x);
					x = name + "-dropout";
				}
			}

			// dec0: back to full resolution, merged with the input itself; no BN so close to the pixels.
			String merged = upAndConcat("dec0", x, INPUT);
			g.addLayer("dec0-conv1", new ConvolutionLayer.Builder(3, 3).nOut(widths[STAGES])
				.activation(Activation.RELU).build(), merged);
			g.addLayer(OUTPUT, new ConvolutionLayer.Builder(3, 3).nOut(s.outChannels)
				.activation(s.sigmoidOutput ? Activation.SIGMOID : Activation.TANH).weightInit(WeightInit.XAVIER).build(), "dec0-conv1");
			// The output is a plain layer, not an OutputLayer: losses are computed outside the graph.
			g.setOutputs(OUTPUT);
			return g.build();
		}

		/** conv (no bias) -> BN -> ReLU named prefix-conv{suffix}, prefix-bn{suffix}, prefix-relu{suffix}. */
		private String convBnRelu(String prefix, String suffix, String input, int kernel, int stride, int nOut) {
			String conv = prefix + "-conv" + suffix;
			String bn = prefix + "-bn" + suffix;
			String relu = prefix + "-relu" + suffix;
			g.addLayer(conv, conv(kernel, stride, nOut), input);
			g.addLayer(bn, new BatchNormalization.Builder().build(), conv);
			g.addLayer(relu, new ActivationLayer.Builder().activation(Activation.RELU).build(), bn);
			return relu;
		}

		/** ResNet BasicBlock: relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)). */
		private String basicBlock(String prefix, String input, int nIn, int nOut, int stride) {
			String branch = convBnRelu(prefix, "1", input, 3, stride, nOut);
			g.addLayer(prefix + "-conv2", conv(3, 1, nOut), branch);
			// Zero gamma makes the block an identity at init (see Builder#zeroInitResidual).
			g.addLayer(prefix + "-bn2", new BatchNormalization.Builder().gamma(s.zeroInitResidual ? 0 : 1).build(),
				prefix + "-conv2");
			String shortcut = input;
			if (stride != 1 || nIn != nOut) {
				g.addLayer(prefix + "-proj-conv", conv(1, stride, nOut), input);
				g.addLayer(prefix + "-proj-bn", new BatchNormalization.Builder().build(), prefix + "-proj-conv");
				shortcut = prefix + "-proj-bn";
			}
			g.addVertex(prefix + "-add", new ElementWiseVertex(ElementWiseVertex.Op.Add), prefix + "-bn2", shortcut);
			g.addLayer(prefix + "-relu", new ActivationLayer.Builder().activation(Activation.RELU).build(),
				prefix + "-add");
			return prefix + "-relu";
		}

		/** Nearest 2x upsampling of {@code deep}, concatenated (channels) with {@code skip}. */
		private String upAndConcat(String prefix, String deep, String skip) {
			g.addLayer(prefix + "-up", new Upsampling2D.Builder(2).build(), deep);
			g.addVertex(prefix + "-concat", new MergeVertex(), prefix + "-up", skip);
			return prefix + "-concat";
		}

		/** A bias-free convolution, for use before BatchNorm (which has its own shift). */
		private static ConvolutionLayer conv(int kernel, int stride, int nOut) {
			return new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).nOut(nOut)
				.hasBias(false).activation(Activation.IDENTITY).build();
		}
	}
}
