package org.revivegan.core.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.revivegan.core.nets.ResNetUNet;

/** Builds the ResNet-18-encoder U-Net from a spec (kept apart so GeneratorSpec stays plain data). */
final class ResNetGenerators {

	private ResNetGenerators() {}

	static ComputationGraph build(GeneratorSpec spec, long seed, DataType dataType) {
		if (dataType != DataType.FLOAT) throw new IllegalArgumentException("resnet-unet is built in float only");
		return builder(spec).seed(seed).build();
	}

	static long parameterCount(GeneratorSpec spec) {
		return builder(spec).parameterCount();
	}

	private static ResNetUNet.Builder builder(GeneratorSpec spec) {
		return ResNetUNet.builder().inChannels(spec.inChannels).outChannels(spec.outChannels).baseWidth(spec.base)
			.decoderDropout(spec.dropout).dropoutSteps(spec.dropoutBlocks)
			.sigmoidOutput(GeneratorSpec.SIGMOID.equals(spec.outputActivation()));
	}
}
