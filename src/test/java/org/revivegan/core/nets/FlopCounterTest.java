package org.revivegan.core.nets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.revivegan.core.model.GeneratorSpec;
import org.revivegan.core.model.Task;

/** Checks {@link Flops} against counts done by hand and against the figures in the DL4J notes. */
class FlopCounterTest {

	@Test
	void oneConvolutionCountsTwoOperationsPerMultiplyAdd() {
		// 3x3, 2 -> 5 channels, stride 1, padding 1 on 8 x 6: output 8 x 6
		MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
			.layer(new ConvolutionLayer.Builder(3, 3).stride(1, 1).padding(1, 1).nOut(5).build())
			.setInputType(InputType.convolutional(8, 6, 2)).build();
		long expected = 2L * 3 * 3 * 2 * 5 * 8 * 6; // 8,640
		assertEquals(8640, expected);
		assertEquals(expected, Flops.forward(conf, InputType.convolutional(8, 6, 2)));
		assertEquals(expected, Flops.convolution(3, 3, 2, 5, 8, 6));
	}

	@Test
	void strideTruncationAndTransposedConvolutionsUseTheRightGrid() {
		// 4x4 stride 2 padding 1 (truncate) on 9 x 9: output floor((9 + 2 - 4) / 2) + 1 = 4 per side;
		// BatchNorm costs nothing; the transposed convolution 4x4 stride 2 pads 1 goes 4 -> 8 and counts on
		// its 4 x 4 input grid.
		MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().convolutionMode(ConvolutionMode.Truncate).list()
			.layer(new ConvolutionLayer.Builder(4, 4).stride(2, 2).padding(1, 1).nOut(6).build())
			.layer(new BatchNormalization.Builder().build())
			.layer(new Deconvolution2D.Builder(4, 4).stride(2, 2).padding(1, 1).nOut(2).build())
			.setInputType(InputType.convolutional(9, 9, 3)).build();
		long conv = 2L * 16 * 3 * 6 * 4 * 4;
		long deconv = 2L * 16 * 6 * 2 * 4 * 4;
		assertEquals(conv + deconv, Flops.forward(conf, InputType.convolutional(9, 9, 3)));
	}

	@Test
	void countsScaleWithTheImageNotWithTheConfiguredSize() {
		ComputationGraph tiny = GeneratorSpec.preset("tiny", Task.INPAINT).build(1);
		long at64 = Flops.forward(tiny, 64, 64);
		long at128 = Flops.forward(tiny, 128, 128);
		long at64x128 = Flops.forward(tiny, 64, 128);
		assertEquals(4 * at64, at128);
		assertEquals(2 * at64, at64x128);
		assertEquals(at64, Flops.forward(tiny.getConfiguration(), InputType.convolutional(64, 64, 4)));
	}

	@Test
	void pix2pixMatchesTheNotes() {
		// Configuration only: no need to allocate 54 M parameters.
		ComputationGraphConfiguration g = UNetGenerator.builder().create().conf();
		long generator = Flops.forward(g, InputType.convolutional(256, 256, 4));
		MultiLayerConfiguration d = new PatchDiscriminator(7, 64, 3, 1, DataType.FLOAT).conf();
		long discriminator = Flops.forward(d, InputType.convolutional(256, 256, 7));
		long step = Flops.pix2pixStep(generator, discriminator);
		double dShare = (double) (step - Flops.l1Step(generator)) / step;
		System.out.printf("pix2pix-256: G forward %.2f GFLOP, PatchGAN forward %.2f GFLOP, step %.1f GFLOP per image, " +
			"%.0f %% in D%n", generator / 1e9, discriminator / 1e9, step / 1e9, 100 * dShare);
		// Notes: G 12.1, D 6.4, a step about 94 GFLOP per image, 62 % of it in D.
		assertEquals(12.1e9, generator, 0.10 * 12.1e9);
		assertEquals(6.4e9, discriminator, 0.10 * 6.4e9);
		assertEquals(94e9, step, 0.10 * 94e9);
		assertEquals(0.62, dShare, 0.03);
		// Hand count of the encoder's first layer (4 -> 64, output 128 x 128) and of the output layer
		// (transposed 128 -> 3 on a 128 x 128 grid) bracket the total from below.
		assertEquals(134_217_728L, Flops.convolution(4, 4, 4, 64, 128, 128));
		assertEquals(201_326_592L, Flops.transposedConvolution(4, 4, 128, 3, 128, 128));
	}

	/** A frozen layer (the residual presets' fixed pass-through) costs what the layer inside it does. */
	@Test
	void aFrozenLayerCountsAsTheLayerInside() {
		MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
			.layer(new org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop(new ConvolutionLayer.Builder(3, 3)
				.stride(1, 1).padding(1, 1).nOut(5).build()))
			.setInputType(InputType.convolutional(8, 6, 2)).build();
		assertEquals(Flops.convolution(3, 3, 2, 5, 8, 6), Flops.forward(conf, InputType.convolutional(8, 6, 2)));
	}

	@Test
	void refusesLayersItCannotCount() {
		MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
			.layer(new LSTM.Builder().nIn(3).nOut(4).build()).build();
		assertThrows(IllegalArgumentException.class, () -> Flops.forward(conf, InputType.recurrent(3, 5)));
	}
}
