package org.revivegan.core.nets;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The pix2pix PatchGAN discriminator: it scores every overlapping patch of (condition, image) as real or
 * fake, which models high-frequency structure while the L1 term keeps low frequencies right.
 * <p>
 * Layers {@code d1 .. d(n+1)}: 4x4 convolutions, stride 2 for the first {@code n}, stride 1 for the last
 * two, widths {@code ndf, 2 ndf, ...} capped at {@code 8 ndf}, LeakyReLU 0.2, and BatchNorm on all but the
 * first (pix2pix's) or no normalisation; then {@value #LOGITS}, a 4x4 stride-1 convolution to one channel of raw
 * logits (no sigmoid: the loss is binary cross-entropy on logits). With {@code n = 3} each logit sees a 70x70
 * patch.
 * </p>
 * <p>
 * BatchNorm, with real and fake pairs scored in separate batches (as here and in pix2pix), normalises each batch
 * on its own statistics: a batch's mean score is then fixed up to the shape of its feature distributions. When
 * the fakes differ from the truth in only part of each image, and only a little (inpainting's holes filled by an
 * L1 model), that leaves the discriminator almost nothing to learn from. Measured against the faithful inpainting
 * model's fills, discriminator alone at 2e-4: D(real) / D(fake) 0.500 / 0.500 after 100 steps with BatchNorm,
 * 0.524 / 0.475 without (docs/training.md). {@link #NORM_NONE} is the default of
 * new runs; {@link #NORM_BATCH} stays for pix2pix and the runs made before it.
 * </p>
 * <p>
 * It is a {@link MultiLayerNetwork} on purpose: in DL4J 1.0.0-M2.1 only
 * {@code MultiLayerNetwork.backpropGradient} returns the gradient with respect to the network's input,
 * which the generator's adversarial update needs.
 * </p>
 */
public final class PatchDiscriminator {

	/** No normalisation: every convolution has a bias. */
	public static final String NORM_NONE = "none";
	/** BatchNorm after every convolution but the first (pix2pix). */
	public static final String NORM_BATCH = "batch";

	/** Name of the last layer, whose output is one logit per patch. */
	public static final String LOGITS = "patch-logits";

	private final int inChannels;
	private final int ndf;
	private final int layers;
	private final long seed;
	private final DataType dataType;
	private final boolean batchNorm;

	/** pix2pix's discriminator, with BatchNorm: {@code this(inChannels, ndf, layers, seed, dataType, NORM_BATCH)}. */
	public PatchDiscriminator(int inChannels, int ndf, int layers, long seed, DataType dataType) {
		this(inChannels, ndf, layers, seed, dataType, NORM_BATCH);
	}

	/**
	 * @param inChannels condition channels + image channels (inpainting 4 + 3, colourisation 4 + 2: L and three hint channels + ab)
	 * @param ndf width of the first layer (pix2pix: 64)
	 * @param layers number of stride-2 layers (pix2pix: 3, a 70x70 receptive field)
	 * @param norm {@link #NORM_NONE} or {@link #NORM_BATCH}
	 */
	public PatchDiscriminator(int inChannels, int ndf, int layers, long seed, DataType dataType, String norm) {
		if (inChannels <= 0 || ndf <= 0) throw new IllegalArgumentException("channels must be positive");
		if (layers < 1 || layers > 6) throw new IllegalArgumentException("layers must be 1..6, not " + layers);
		if (!NORM_NONE.equals(norm) && !NORM_BATCH.equals(norm)) throw new IllegalArgumentException("Unknown " +
			"discriminator normalisation '" + norm + "'; use " + NORM_NONE + " or " + NORM_BATCH + ".");
		this.batchNorm = NORM_BATCH.equals(norm);
		this.inChannels = inChannels;
		this.ndf = ndf;
		this.layers = layers;
		this.seed = seed;
		this.dataType = dataType;
	}

	/** @return the side of the input patch that one logit sees */
	public static int receptiveField(int layers) {
		int rf = 1;
		// two stride-1 4x4 convolutions at the end, then the stride-2 ones, walking back from the output
		rf += 3;
		rf += 3;
		for (int i = 0; i < layers; i++)
			rf = (rf - 1) * 2 + 4;
		return rf;
	}

	public MultiLayerConfiguration conf() {
		NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
			.seed(seed)
			.dataType(dataType)
			.updater(new Adam(2e-4, 0.5, 0.999, 1e-8))
			.weightInit(new NormalDistribution(0, 0.02))
			.convolutionMode(ConvolutionMode.Truncate)
			.trainingWorkspaceMode(WorkspaceMode.NONE)
			.inferenceWorkspaceMode(WorkspaceMode.ENABLED)
			.list();
		for (int i = 1; i <= layers + 1; i++) {
			boolean norm = batchNorm && i > 1;
			int stride = i <= layers ? 2 : 1;
			int width = ndf * Math.min(1 << (i - 1), 8);
			list.layer(new ConvolutionLayer.Builder(4, 4).name("d" + i + "-conv").stride(stride, stride).padding(1, 1)
				.nOut(width).hasBias(!norm)
				.activation(norm ? new ActivationIdentity() : new ActivationLReLU(0.2)).build());
			if (norm)
				list.layer(new BatchNormalization.Builder().name("d" + i + "-bn").activation(new ActivationLReLU(0.2)).build());
		}
		list.layer(new ConvolutionLayer.Builder(4, 4).name(LOGITS).stride(1, 1).padding(1, 1).nOut(1)
			.hasBias(true).activation(new ActivationIdentity()).build());
		int size = 1 << (layers + 2);
		return list.setInputType(InputType.convolutional(size, size, inChannels)).build();
	}

	/** @return a new, initialised discriminator */
	public MultiLayerNetwork build() {
		Backend.init();
		MultiLayerNetwork net = new MultiLayerNetwork(conf());
		net.init();
		return net;
	}
}
