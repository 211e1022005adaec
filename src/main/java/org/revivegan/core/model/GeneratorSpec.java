package org.revivegan.core.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.revivegan.core.nets.DilatedResidualGenerator;
import org.revivegan.core.nets.UNetGenerator;

/**
 * The architecture of a generator, as plain data: model files and checkpoints store it as JSON and rebuild
 * the network from it (not from DL4J's own configuration JSON, which is tied to one DL4J version).
 * <p>
 * Presets name the sizes a user picks from: {@code pix2pix-256} is the paper's generator (54.4 M parameters,
 * for a GPU); {@code medium} and {@code small} train on a 2-core CPU in hours and minutes; {@code tiny} is for
 * tests. Presets use nearest-resize + convolution up-sampling except {@code pix2pix-256}, which keeps the
 * paper's transposed convolutions.
 * </p>
 */
public final class GeneratorSpec {

	public static final String UNET = "unet";
	public static final String RESNET_UNET = "resnet-unet";
	/** {@link DilatedResidualGenerator}: few down-samplings and dilated residual blocks, made for holes. */
	public static final String DILATED = "dilated-residual";
	/** Feature normalisation of the U-Net: BatchNorm (pix2pix) or none. */
	public static final String NORM_BATCH = "batch", NORM_NONE = "none";
	/** Output activation of inpainting and colourisation: values in [-1, 1]. */
	public static final String TANH = "tanh";
	/** Output activation of damage detection: probabilities in [0, 1]. */
	public static final String SIGMOID = "sigmoid";
	/** Output activation of the colour-class head: logits, one per ab bin. */
	public static final String IDENTITY = "identity";
	/** Colourisation heads: the network predicts (a, b) directly, or a distribution over ab bins. */
	public static final String HEAD_REGRESSION = "regression", HEAD_CLASSES = "classes";

	public String type = UNET;
	public int inChannels = 4;
	public int outChannels = 3;
	public int base = 64;
	public int downs = 8;
	public int dropoutBlocks = 3;
	public double dropout = 0.5;
	public String upsampling = UNetGenerator.Upsampling.DECONV.name();
	/**
	 * {@value #TANH} or {@value #SIGMOID}. Files written before this field existed have none and load as tanh
	 * (null means tanh), which is what they were trained with.
	 */
	public String outputActivation = TANH;
	/** {@value #DILATED} only: the number of residual blocks (0 in files of the other types). */
	public int blocks;
	/** {@value #DILATED} only: the largest dilation of the blocks' cycle 1, 2, 4, 8 (1: no dilation). */
	public int maxDilation = 1;
	/**
	 * {@value #UNET} only: {@value #NORM_BATCH} or {@value #NORM_NONE}; files written before this field existed
	 * have none and load as BatchNorm (null means batch), which is what they were trained with.
	 */
	public String featureNorm;
	/**
	 * Inpainting: a residual output, hardtanh(fill + correction), for models fed a classical fill
	 * ({@code UNetGenerator.Builder#residual}); false in older files.
	 */
	public boolean residual;
	/**
	 * Colourisation only: {@value #HEAD_REGRESSION} (2 outputs, tanh: the ab itself) or {@value #HEAD_CLASSES}
	 * (one logit per {@link org.revivegan.core.color.AbBins} bin, decoded by the annealed mean; Zhang et al. 2016).
	 * Files written before this field existed have none: null means regression.
	 */
	public String head;
	/**
	 * The colour-class head only: its logits at 1 / headScale of the input's resolution (1, 2 or 4), the ab
	 * up-sampled to full size before it joins the full-resolution L ({@code UNetGenerator.Builder#headScale}).
	 * Files written before this field existed have none and load as 1 (Gson keeps this initial value).
	 */
	public int headScale = 1;

	private static final Map<String, GeneratorSpec> PRESETS = new LinkedHashMap<>();

	static {
		PRESETS.put("tiny", unet(8, 4, UNetGenerator.Upsampling.RESIZE_CONV));
		PRESETS.put("small", unet(16, 6, UNetGenerator.Upsampling.RESIZE_CONV));
		PRESETS.put("medium", unet(32, 7, UNetGenerator.Upsampling.RESIZE_CONV));
		PRESETS.put("pix2pix-256", unet(64, 8, UNetGenerator.Upsampling.DECONV));
		GeneratorSpec resnet = new GeneratorSpec();
		resnet.type = RESNET_UNET;
		resnet.base = 64;
		resnet.downs = 5;
		resnet.dropoutBlocks = 0;
		resnet.dropout = 0;
		resnet.upsampling = UNetGenerator.Upsampling.RESIZE_CONV.name();
		PRESETS.put("resnet18-unet", resnet);
		GeneratorSpec resnetSmall = resnet.copy();
		resnetSmall.base = 32;
		PRESETS.put("resnet18-unet-small", resnetSmall);
		GeneratorSpec mediumNoNorm = PRESETS.get("medium").copy();
		mediumNoNorm.featureNorm = NORM_NONE;
		mediumNoNorm.dropout = 0;
		mediumNoNorm.dropoutBlocks = 0;
		PRESETS.put("medium-nonorm", mediumNoNorm);
		GeneratorSpec mediumResidual = mediumNoNorm.copy();
		mediumResidual.residual = true;
		PRESETS.put("medium-residual", mediumResidual);
		PRESETS.put("holes", dilated(16, 3, 8, 1));
		GeneratorSpec holesResidual = dilated(16, 3, 8, 1);
		holesResidual.residual = true;
		PRESETS.put("holes-residual", holesResidual);
		PRESETS.put("holes-dilated", dilated(16, 2, 8, 8));
	}

	private static GeneratorSpec dilated(int base, int downs, int blocks, int maxDilation) {
		GeneratorSpec s = new GeneratorSpec();
		s.maxDilation = maxDilation;
		s.type = DILATED;
		s.base = base;
		s.downs = downs;
		s.blocks = blocks;
		s.dropoutBlocks = 0;
		s.dropout = 0;
		s.upsampling = UNetGenerator.Upsampling.RESIZE_CONV.name();
		return s;
	}

	private static GeneratorSpec unet(int base, int downs, UNetGenerator.Upsampling up) {
		GeneratorSpec s = new GeneratorSpec();
		s.base = base;
		s.downs = downs;
		s.upsampling = up.name();
		return s;
	}

	/** @return the preset names, smallest first */
	public static String[] presets() {
		return PRESETS.keySet().toArray(new String[0]);
	}

	/**
	 * @return a copy of the named preset with the task's channel counts
	 * @throws IllegalArgumentException naming the presets
	 */
	public static GeneratorSpec preset(String name, Task task) {
		GeneratorSpec p = PRESETS.get(name);
		if (p == null) throw new IllegalArgumentException("Unknown model preset '" + name + "'; choose one of " +
			Arrays.toString(presets()) + ".");
		GeneratorSpec s = p.copy();
		s.inChannels = task.inChannels();
		s.outChannels = task.outChannels();
		s.outputActivation = task.outputActivation();
		return s;
	}

	public GeneratorSpec copy() {
		GeneratorSpec s = new GeneratorSpec();
		s.type = type;
		s.inChannels = inChannels;
		s.outChannels = outChannels;
		s.base = base;
		s.downs = downs;
		s.dropoutBlocks = dropoutBlocks;
		s.dropout = dropout;
		s.upsampling = upsampling;
		s.outputActivation = outputActivation;
		s.blocks = blocks;
		s.maxDilation = maxDilation;
		s.featureNorm = featureNorm;
		s.residual = residual;
		s.head = head;
		s.headScale = headScale;
		return s;
	}

	/** @return whether this is a colour-class head ({@value #HEAD_CLASSES}) */
	public boolean classHead() {
		return HEAD_CLASSES.equals(head);
	}

	/**
	 * @return this spec with the colour-class head: one identity (logit) output per ab bin; U-Net only
	 * @throws IllegalArgumentException for another generator type
	 */
	public GeneratorSpec withClassHead() {
		if (!UNET.equals(type)) throw new IllegalArgumentException("The colour-class head is built for the U-Net " +
			"presets (tiny, small, medium, medium-nonorm, pix2pix-256), not " + type + ".");
		head = HEAD_CLASSES;
		outChannels = org.revivegan.core.color.AbBins.get().count();
		outputActivation = IDENTITY;
		return this;
	}

	/** @return the factor by which the head's output is coarser than the input: 1, 2 or 4 (1 where unset) */
	public int headScale() {
		return headScale == 0 ? 1 : headScale;
	}

	/** @return the output channels a {@code task} model with this head has */
	public int expectedOutChannels(Task task) {
		return classHead() ? org.revivegan.core.color.AbBins.get().count() : task.outChannels();
	}

	/** @return the output activation a {@code task} model with this head has */
	public String expectedOutputActivation(Task task) {
		return classHead() ? IDENTITY : task.outputActivation();
	}

	/** @return the output activation, {@value #TANH} when the file named none */
	public String outputActivation() {
		return outputActivation == null ? TANH : outputActivation;
	}

	/** @return the factor that input sizes must be multiples of */
	public int multiple() {
		return RESNET_UNET.equals(type) ? 32 : 1 << downs;
	}

	/** @return a new, initialised network of this architecture */
	public ComputationGraph build(long seed) {
		return build(seed, DataType.FLOAT);
	}

	public ComputationGraph build(long seed, DataType dataType) {
		validate();
		if (RESNET_UNET.equals(type)) return ResNetGenerators.build(this, seed, dataType);
		if (DILATED.equals(type)) return dilatedResidual(seed, dataType).residual(residual).build();
		return unet().seed(seed).dataType(dataType).build();
	}

	/**
	 * @return the number of parameters {@link #build(long)} would create, by arithmetic (nothing is allocated),
	 *         so that a file's declared architecture can be checked against its weights and bounded first
	 * @throws IllegalArgumentException as {@link #validate()}
	 */
	public long parameterCount() {
		validate();
		if (DILATED.equals(type)) return dilatedResidual(0, DataType.FLOAT).residual(residual).parameterCount();
		return RESNET_UNET.equals(type) ? ResNetGenerators.parameterCount(this) : unet().parameterCount();
	}

	private UNetGenerator.Builder unet() {
		return UNetGenerator.builder().batchNorm(!NORM_NONE.equals(featureNorm)).residual(residual)
			.inChannels(inChannels).outChannels(outChannels).base(base).downs(downs)
			.dropoutBlocks(dropoutBlocks).dropout(dropout).upsampling(UNetGenerator.Upsampling.valueOf(upsampling))
			.sigmoidOutput(SIGMOID.equals(outputActivation())).identityOutput(IDENTITY.equals(outputActivation()))
			.headScale(headScale());
	}

	DilatedResidualGenerator dilatedResidual(long seed, DataType dataType) {
		return new DilatedResidualGenerator(inChannels, outChannels, base, downs, blocks, maxDilation,
			SIGMOID.equals(outputActivation()), seed, dataType);
	}

	/** @throws IllegalArgumentException if a field is out of range (a hand-edited or damaged file) */
	public void validate() {
		if (!UNET.equals(type) && !RESNET_UNET.equals(type) && !DILATED.equals(type))
			throw new IllegalArgumentException("Unknown generator type '" + type + "' (known: " + UNET + ", " +
				RESNET_UNET + ", " + DILATED + ")");
		if (DILATED.equals(type)) {
			if (inChannels <= 0 || outChannels <= 0 || base <= 0 || base > 1024 || downs < 1 || downs > 4 ||
				blocks < 1 || blocks > 32 || Integer.bitCount(maxDilation) != 1 || maxDilation > 8) throw new IllegalArgumentException("Invalid generator architecture: " + this);
		}
		else if (inChannels <= 0 || outChannels <= 0 || base <= 0 || base > 1024 || downs < 2 || downs > 10)
			throw new IllegalArgumentException("Invalid generator architecture: " + this);
		if (residual && (RESNET_UNET.equals(type) || SIGMOID.equals(outputActivation())))
			throw new IllegalArgumentException("A residual output is for the inpainting U-Net and dilated-residual " +
				"generators only.");
		if (featureNorm != null && !NORM_BATCH.equals(featureNorm) && !NORM_NONE.equals(featureNorm))
			throw new IllegalArgumentException("Unknown feature normalisation '" + featureNorm + "'; use " + NORM_BATCH +
				" or " + NORM_NONE + ".");
		try {
			UNetGenerator.Upsampling.valueOf(upsampling);
		}
		catch (IllegalArgumentException | NullPointerException e) {
			throw new IllegalArgumentException("Unknown up-sampling '" + upsampling + "' (known: " +
				Arrays.toString(UNetGenerator.Upsampling.values()) + ")");
		}
		if (!TANH.equals(outputActivation()) && !SIGMOID.equals(outputActivation()) && !IDENTITY.equals(
			outputActivation())) throw new IllegalArgumentException("Unknown output activation '" + outputActivation +
				"' (known: " + TANH + ", " + SIGMOID + ", " + IDENTITY + ")");
		if (head != null && !HEAD_REGRESSION.equals(head) && !HEAD_CLASSES.equals(head)) throw new
			IllegalArgumentException("Unknown colourisation head '" + head + "'; use " + HEAD_REGRESSION + " or " +
				HEAD_CLASSES + ".");
		if (classHead() && (!UNET.equals(type) || !IDENTITY.equals(outputActivation()) ||
			outChannels != org.revivegan.core.color.AbBins.get().count())) throw new IllegalArgumentException(
				"Invalid colour-class head: " + this);
		if (headScale() != 1 && (!classHead() || (headScale() != 2 && headScale() != 4) || headScale() >= 1 << downs))
			throw new IllegalArgumentException("A head at 1/" + headScale() + " of the resolution needs the colour-class " +
				"head, a scale of 2 or 4, and more down-samplings: " + this);
		if (!classHead() && IDENTITY.equals(outputActivation())) throw new IllegalArgumentException("Only the " +
			"colour-class head has an identity output: " + this);
	}

	@Override
	public String toString() {
		return type + "(in " + inChannels + ", out " + outChannels + ", base " + base + ", downs " + downs +
			(DILATED.equals(type) ? ", blocks " + blocks + (maxDilation > 1 ? ", dilation <= " + maxDilation : "") : "") + (NORM_NONE.equals(featureNorm) ? ", no norm" : "") + (residual ? ", residual" : "") +
			", " + upsampling.toLowerCase() +
			(SIGMOID.equals(outputActivation()) ? ", sigmoid" : "") + (classHead() ? ", " + outChannels +
				" ab classes" : "") + (headScale() != 1 ? " at 1/" + headScale() : "") + ")";
	}
}
