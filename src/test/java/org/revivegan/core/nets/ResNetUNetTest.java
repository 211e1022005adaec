package org.revivegan.core.nets;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ResNetUNetTest {

	@BeforeAll
	static void backend() {
		Backend.init();
	}

	private static ComputationGraph small(long seed) {
		return ResNetUNet.builder().baseWidth(16).seed(seed).build();
	}

	private static INDArray randomInput(long seed, long... shape) {
		Nd4j.getRandom().setSeed(seed);
		return Nd4j.rand(DataType.FLOAT, shape).muli(2).subi(1);
	}

	@Test
	void outputHasTwoChannelsAtInputSizeWithinTanhRange() {
		ComputationGraph net = small(1);
		for (long[] shape : new long[][] { { 1, 1, 64, 64 }, { 2, 1, 64, 96 } }) {
			INDArray out = net.outputSingle(randomInput(3, shape));
			assertArrayEquals(new long[] { shape[0], 2, shape[2], shape[3] }, out.shape());
			double maxAbs = out.amaxNumber().doubleValue();
			assertTrue(maxAbs < 1, "tanh output must lie in (-1, 1), max |x| = " + maxAbs);
			assertTrue(maxAbs > 0, "output is all zeros");
			assertFalse(out.isNaN().any(), "output has NaN");
			assertTrue(out.stdNumber().doubleValue() > 1e-4, "output is constant");
		}
	}

	@Test
	void encoderHasTheParametersOfTorchvisionResNet18() {
		// torchvision resnet18 without fc: 11,689,512 - (512 * 1000 + 1000) = 11,176,512 parameters, with a
		// 3-channel 7x7 stem conv of 64 * 3 * 49 weights and convolutions without bias.
		long torchvision = 11_176_512L;
		// One input channel instead of 3: the stem conv loses 64 * 2 * 49 weights.
		long oneChannel = torchvision - 64L * (3 - 1) * 7 * 7;
		// BatchNorm channels: stem 64, then per stage 2 blocks x 2 BNs x width, plus the projection BN of
		// stages 2-4. PyTorch counts gamma and beta; DL4J also counts running mean and variance: +2 per channel.
		long bnChannels = 64 + 4 * 64 + (4 * 128 + 128) + (4 * 256 + 256) + (4 * 512 + 512);
		assertEquals(4800, bnChannels);
		long expected = oneChannel + 2 * bnChannels;
		assertEquals(11_179_840L, expected);

		ComputationGraph net = ResNetUNet.builder().baseWidth(64).build();
		assertEquals(expected, encoderParams(net));
	}

	@Test
	void encoderParametersScaleWithBaseWidthAsResNet18() {
		// ResNet-18 at base width b, c input channels: convolution weights 2724 b^2 (all but the stem; 2724 =
		// (11,176,512 - 3*64*49 - 2*4800) / 64^2), stem 49 c b, and 75 b BatchNorm channels x 4 DL4J parameters.
		int b = 16;
		int c = 1;
		long expected = 2724L * b * b + 49L * c * b + 4 * 75L * b;
		assertEquals(expected, encoderParams(small(1)));
	}

	@Test
	void gradientReachesTheFirstLayer() {
		// With dropout, so that the DropoutLayer's backward pass is exercised too.
		ComputationGraph net = ResNetUNet.builder().baseWidth(16).seed(5).decoderDropout(0.5).build();
		INDArray input = randomInput(7, 2, 1, 64, 64);
		Map<String, INDArray> acts = net.feedForward(new INDArray[] { input }, true, false);
		INDArray out = acts.get(ResNetUNet.OUTPUT);
		Gradient gradient = net.backpropGradient(Nd4j.onesLike(out));
		INDArray stemW = gradient.getGradientFor("enc-stem-conv_W");
		assertNotNull(stemW, "no gradient for enc-stem-conv_W; have " + gradient.gradientForVariable().keySet());
		assertTrue(stemW.amaxNumber().doubleValue() > 0, "gradient of enc-stem-conv W is zero");
		assertFalse(stemW.isNaN().any());
		// The output layer and the decoder get gradients as well.
		assertTrue(gradient.getGradientFor("output_W").amaxNumber().doubleValue() > 0);
		assertTrue(gradient.getGradientFor("dec4-conv1_W").amaxNumber().doubleValue() > 0);
	}

	@Test
	void sameSeedGivesSameParametersAndOtherSeedDiffers() {
		INDArray a = small(11).params();
		INDArray b = small(11).params();
		INDArray c = small(12).params();
		assertEquals(a, b);
		assertNotEquals(a, c);
	}

	@Test
	void namesAreUniqueAndPrefixed() {
		ComputationGraph net = ResNetUNet.builder().baseWidth(16).decoderDropout(0.5).build();
		Set<String> names = new HashSet<>();
		for (GraphVertex v : net.getVertices()) {
			if (v.isInputVertex()) {
				assertEquals(ResNetUNet.INPUT, v.getVertexName());
				continue;
			}
			String name = v.getVertexName();
			assertTrue(names.add(name), "duplicate name " + name);
			assertTrue(name.startsWith("enc-") || name.matches("enc[1-4]-.*") || name.matches("dec[0-4]-.*") ||
				name.equals(ResNetUNet.OUTPUT), "badly named vertex " + name);
		}
		for (String expected : new String[] { "enc-stem-conv", "enc-stem-bn", "enc-stem-relu", "enc-pool",
			"enc1-block0-conv1", "enc1-block0-add", "enc2-block0-proj-conv", "enc4-block1-relu", "dec4-up",
			"dec4-concat", "dec4-conv1", "dec4-dropout", "dec2-dropout", "dec0-concat", "dec0-conv1",
			ResNetUNet.OUTPUT })
			assertTrue(names.contains(expected), "missing " + expected);
		assertFalse(names.contains("dec1-dropout"), "dropout is only in the 3 deepest decoder steps");
		assertFalse(names.contains("enc1-block0-proj-conv"), "enc1 keeps its shape and needs no projection");
		assertArrayEquals(new String[] { ResNetUNet.OUTPUT }, net.getConfiguration().getNetworkOutputs().toArray());
	}

	@Test
	void residualBranchesStartAtZeroUnlessAskedOtherwise() {
		INDArray zeroGamma = small(1).getLayer("enc3-block1-bn2").getParam("gamma");
		assertEquals(0, zeroGamma.amaxNumber().doubleValue());
		INDArray oneGamma = ResNetUNet.builder().baseWidth(16).zeroInitResidual(false).build()
			.getLayer("enc3-block1-bn2").getParam("gamma");
		assertEquals(1, oneGamma.minNumber().doubleValue());
		assertEquals(1, oneGamma.maxNumber().doubleValue());
		// The other BatchNorms keep gamma 1.
		assertEquals(1, small(1).getLayer("enc3-block1-bn1").getParam("gamma").minNumber().doubleValue());
	}

	@Test
	void configurationSurvivesJson() {
		// Model files store the configuration as DL4J JSON.
		ComputationGraphConfiguration conf = ResNetUNet.builder().baseWidth(16).decoderDropout(0.5).conf();
		ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
		assertEquals(conf, back);
		ComputationGraph restored = new ComputationGraph(back);
		restored.init(small(3).params().dup(), false);
		INDArray input = randomInput(4, 1, 1, 32, 64);
		// Same parameters as a graph without dropout: same inference output, since dropout acts only in training.
		assertEquals(small(3).outputSingle(input), restored.outputSingle(input));
	}

	@Test
	void rejectsUnusableSettings() {
		assertThrows(IllegalArgumentException.class, () -> ResNetUNet.builder().baseWidth(0));
		assertThrows(IllegalArgumentException.class, () -> ResNetUNet.builder().decoderDropout(1));
		assertThrows(IllegalArgumentException.class, () -> ResNetUNet.builder().decoderWidths(8, 8));
		assertThrows(IllegalArgumentException.class, () -> ResNetUNet.builder().blocksPerStage(2, 2, 2));
		assertEquals(32, ResNetUNet.multiple());
	}

	private static long encoderParams(ComputationGraph net) {
		long n = 0;
		for (Layer layer : net.getLayers()) {
			String name = layer.conf().getLayer().getLayerName();
			if (ResNetUNet.isEncoder(name)) n += layer.numParams();
		}
		return n;
	}
}
