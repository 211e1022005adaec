package org.revivegan.core.nets;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Set;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class UNetGeneratorTest {

	@Test
	void pix2pixUnet256HasTheReferenceParameterCount() {
		// Configuration only: counting does not need the 200 MB of weights.
		UNetGenerator unet = UNetGenerator.builder().inChannels(4).outChannels(3).base(64).downs(8).create();
		long count = 0;
		for (org.deeplearning4j.nn.conf.graph.GraphVertex v : unet.conf().getVertices().values())
			if (v instanceof org.deeplearning4j.nn.conf.graph.LayerVertex)
				count += ((org.deeplearning4j.nn.conf.graph.LayerVertex) v).getLayerConf().getLayer().initializer()
					.numParams(((org.deeplearning4j.nn.conf.graph.LayerVertex) v).getLayerConf());
		assertEquals(54_425_411L, count);
	}

	@Test
	void smallGeneratorMapsShapesAndStaysInTanhRange() {
		ComputationGraph g = UNetGenerator.builder().inChannels(4).outChannels(3).base(4).downs(4)
			.upsampling(UNetGenerator.Upsampling.RESIZE_CONV).build();
		INDArray out = g.outputSingle(Nd4j.rand(2, 4, 32, 48).subi(0.5));
		assertArrayEquals(new long[] { 2, 3, 32, 48 }, out.shape());
		assertTrue(out.maxNumber().doubleValue() < 1 && out.minNumber().doubleValue() > -1);
		// deconv variant too
		ComputationGraph d = UNetGenerator.builder().inChannels(1).outChannels(2).base(4).downs(3).build();
		assertArrayEquals(new long[] { 1, 2, 16, 24 }, d.outputSingle(Nd4j.rand(1, 1, 16, 24)).shape());
	}

	@Test
	void everyLayerIsNamedAndSkipConnectionsJoinMatchingLevels() {
		UNetGenerator unet = UNetGenerator.builder().base(4).downs(5).create();
		Set<String> names = new HashSet<>(unet.conf().getVertices().keySet());
		for (int i = 1; i <= 5; i++)
			assertTrue(names.contains("enc" + i + "-conv"), "enc" + i);
		for (int i = 1; i <= 4; i++) {
			assertTrue(names.contains("dec" + i + "-concat"), "dec" + i);
			String[] inputs = unet.conf().getVertexInputs().get("dec" + i + "-concat").toArray(new String[0]);
			assertEquals(2, inputs.length);
			assertTrue(inputs[1].startsWith("enc" + i + "-"), "dec" + i + " joins " + inputs[1]);
		}
		// dropout only in the first three decoder blocks (from the innermost)
		assertTrue(names.contains("dec4-dropout") && names.contains("dec2-dropout"));
		assertFalse(names.contains("dec1-dropout"));
		assertTrue(names.contains(UNetGenerator.OUTPUT));
	}

	@Test
	void sameSeedSameWeights() {
		INDArray a = UNetGenerator.builder().base(4).downs(3).seed(7).build().params();
		INDArray b = UNetGenerator.builder().base(4).downs(3).seed(7).build().params();
		INDArray c = UNetGenerator.builder().base(4).downs(3).seed(8).build().params();
		assertEquals(a, b);
		assertNotEquals(a, c);
	}

	@Test
	void convolutionLayersUseTheOneDnnHelper() throws Exception {
		ComputationGraph g = UNetGenerator.builder().base(4).downs(3).build();
		g.outputSingle(Nd4j.rand(1, 4, 16, 16));
		Layer layer = g.getLayer("enc1-conv");
		assertTrue(layer instanceof ConvolutionLayer);
		Object helper = ((ConvolutionLayer) layer).getHelper();
		assertNotNull(helper, "DL4J's convolution helper is off: oneDNN not used");
		assertEquals("MKLDNNConvHelper", helper.getClass().getSimpleName());
		// and it did the work: DL4J counts the helper's failures before falling back to im2col
		java.lang.reflect.Field fails = ConvolutionLayer.class.getDeclaredField("helperCountFail");
		fails.setAccessible(true);
		assertEquals(0, fails.getInt(layer));
	}

	@Test
	void aCoarseClassHeadEndsItsDecoderEarlyAndCountsItsParameters() {
		for (UNetGenerator.Upsampling up : UNetGenerator.Upsampling.values())
			for (int scale : new int[] { 1, 2, 4 }) {
				UNetGenerator.Builder b = UNetGenerator.builder().inChannels(4).outChannels(261).base(4).downs(4)
					.batchNorm(false).upsampling(up).identityOutput(true).headScale(scale);
				ComputationGraph g = b.build();
				assertEquals(b.parameterCount(), g.numParams(), up + " at 1/" + scale);
				INDArray out = g.outputSingle(Nd4j.rand(2, 4, 32, 48));
				assertArrayEquals(new long[] { 2, 261, 32 / scale, 48 / scale }, out.shape(), up + " at 1/" + scale);
				assertEquals(scale < 4, g.getConfiguration().getVertices().containsKey("dec1-concat"));
				assertEquals(scale < 2, g.getConfiguration().getVertices().containsKey("dec1-concat") &&
					g.getConfiguration().getVertices().containsKey("out-features-resize") || up == UNetGenerator.Upsampling
						.DECONV && scale == 1);
			}
		assertThrows(IllegalArgumentException.class, () -> UNetGenerator.builder().headScale(2).create(),
			"a regression output is at full resolution");
		assertThrows(IllegalArgumentException.class, () -> UNetGenerator.builder().identityOutput(true).downs(2)
			.headScale(4).create(), "1/4 needs 3 down-samplings");
		assertThrows(IllegalArgumentException.class, () -> UNetGenerator.builder().headScale(3));
	}
}
