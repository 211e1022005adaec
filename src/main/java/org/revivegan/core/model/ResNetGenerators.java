package org.revivegan.core.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

/** Builds the ResNet-18-encoder U-Net from a spec (kept apart so GeneratorSpec stays plain data). */
final class ResNetGenerators {

	private ResNetGenerators() {}

	static ComputationGraph build(GeneratorSpec spec, long seed, DataType dataType) {
		throw new UnsupportedOperationException("resnet-unet is not available yet");
	}
}
