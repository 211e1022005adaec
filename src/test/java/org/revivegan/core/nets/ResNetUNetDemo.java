package org.revivegan.core.nets;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Prints the parameter counts of {@link ResNetUNet} at base widths 16, 32 and 64 and times forward passes of
 * one 256x256 image at the width given as the first argument (default 32). Informative only: not a test.
 */
public class ResNetUNetDemo {

	public static void main(String[] args) {
		Backend.init();
		System.out.println(Backend.describe());
		for (int base : new int[] { 16, 32, 64 }) {
			ComputationGraph net = ResNetUNet.builder().baseWidth(base).build();
			long encoder = 0;
			for (Layer layer : net.getLayers())
				if (ResNetUNet.isEncoder(layer.conf().getLayer().getLayerName())) encoder += layer.numParams();
			System.out.printf("base %2d: %,d parameters (encoder %,d, decoder and output %,d)%n", base,
				net.numParams(), encoder, net.numParams() - encoder);
		}
		int base = args.length > 0 ? Integer.parseInt(args[0]) : 32;
		int size = args.length > 1 ? Integer.parseInt(args[1]) : 256;
		ComputationGraph net = ResNetUNet.builder().baseWidth(base).build();
		INDArray input = Nd4j.rand(DataType.FLOAT, 1, 1, size, size);
		for (int i = 0; i < 3; i++) {
			long t0 = System.nanoTime();
			net.outputSingle(input);
			System.out.printf("base %d, 1x1x%dx%d forward (inference) %d: %.3f s%n", base, size, size, i,
				(System.nanoTime() - t0) / 1e9);
		}
	}
}
