package org.revivegan.core.nets;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Set;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.revivegan.core.model.GeneratorSpec;
import org.revivegan.core.model.Task;

class DilatedResidualGeneratorTest {

	private static DilatedResidualGenerator net(int downs, int blocks, int maxDilation) {
		return new DilatedResidualGenerator(4, 3, 4, downs, blocks, maxDilation, false, 3, DataType.FLOAT);
	}

	@Test
	void mapsShapesAndStaysInTanhRange() {
		ComputationGraph g = net(2, 3, 8).build();
		INDArray out = g.outputSingle(Nd4j.rand(2, 4, 32, 48).subi(0.5));
		assertArrayEquals(new long[] { 2, 3, 32, 48 }, out.shape());
		assertTrue(out.maxNumber().doubleValue() < 1 && out.minNumber().doubleValue() > -1);
	}

	@Test
	void parameterCountFromTheLayoutMatchesTheBuiltNetwork() {
		for (int downs = 1; downs <= 3; downs++)
			for (int blocks : new int[] { 1, 4 }) {
				DilatedResidualGenerator n = net(downs, blocks, 1);
				assertEquals(n.build().numParams(), n.parameterCount(), "downs " + downs + ", blocks " + blocks);
			}
	}

	@Test
	void blocksCycleTheirDilationsUpToTheLargestAllowed() {
		DilatedResidualGenerator all = net(2, 6, 8);
		int[] expected = { 1, 2, 4, 8, 1, 2 };
		for (int k = 1; k <= 6; k++)
			assertEquals(expected[k - 1], all.dilation(k), "block " + k);
		DilatedResidualGenerator plain = net(2, 3, 1);
		for (int k = 1; k <= 3; k++)
			assertEquals(1, plain.dilation(k));
		DilatedResidualGenerator two = net(2, 3, 2);
		assertEquals(1, two.dilation(1));
		assertEquals(2, two.dilation(2));
		assertEquals(1, two.dilation(3));
		// the configured layers carry the dilation
		org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = (org.deeplearning4j.nn.conf.layers.ConvolutionLayer)
			((LayerVertex) all.conf().getVertices().get("res4-conv1")).getLayerConf().getLayer();
		assertArrayEquals(new int[] { 8, 8 }, c.getDilation());
		assertThrows(IllegalArgumentException.class, () -> net(2, 3, 3));
	}

	@Test
	void namedLayersResidualAddsSkipsAndNoNormalisation() {
		DilatedResidualGenerator n = net(2, 2, 1);
		Set<String> names = n.conf().getVertices().keySet();
		for (String s : new String[] { "enc0-conv", "enc1-conv", "enc2-conv", "res1-conv1", "res1-conv2", "res1-add",
			"res2-add", "dec2-resize", "dec2-conv", "dec2-concat", "dec1-concat", UNetGenerator.OUTPUT })
			assertTrue(names.contains(s), s);
		assertEquals(java.util.List.of("enc2-conv", "res1-conv2"), n.conf().getVertexInputs().get("res1-add"));
		assertEquals(java.util.List.of("dec1-conv", "enc0-conv"), n.conf().getVertexInputs().get("dec1-concat"));
		for (Object v : n.conf().getVertices().values())
			if (v instanceof LayerVertex) assertFalse(((LayerVertex) v).getLayerConf().getLayer() instanceof BatchNormalization);
	}

	@Test
	void presetsBuildThroughTheSpecAndRoundTripItsFields() {
		GeneratorSpec holes = GeneratorSpec.preset("holes", Task.INPAINT);
		assertEquals(GeneratorSpec.DILATED, holes.type);
		assertEquals(8, holes.multiple());
		GeneratorSpec copy = holes.copy();
		assertEquals(holes.toString(), copy.toString());
		assertEquals(holes.blocks, copy.blocks);
		GeneratorSpec tinyHoles = holes.copy();
		tinyHoles.base = 2;
		tinyHoles.blocks = 2;
		assertArrayEquals(new long[] { 1, 3, 16, 16 }, tinyHoles.build(1).outputSingle(Nd4j.rand(1, 4, 16, 16)).shape());
		GeneratorSpec bad = holes.copy();
		bad.blocks = 0;
		assertThrows(IllegalArgumentException.class, bad::validate);
		GeneratorSpec noNorm = GeneratorSpec.preset("medium-nonorm", Task.INPAINT);
		noNorm.base = 2;
		noNorm.downs = 3;
		for (org.deeplearning4j.nn.api.Layer l : noNorm.build(1).getLayers())
			assertFalse(l instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization, l.conf().getLayer().getLayerName());
		GeneratorSpec badNorm = noNorm.copy();
		badNorm.featureNorm = "group";
		assertThrows(IllegalArgumentException.class, badNorm::validate);
	}

	@Test
	void aNewResidualNetworkReturnsItsInputsFillAndLearnsACorrection() {
		for (GeneratorSpec spec : new GeneratorSpec[] { GeneratorSpec.preset("holes-residual", Task.INPAINT),
			GeneratorSpec.preset("medium-residual", Task.INPAINT) }) {
			spec.base = 4;
			spec.blocks = Math.min(spec.blocks, 2);
			spec.downs = Math.min(spec.downs, 3);
			ComputationGraph g = spec.build(2);
			INDArray in = Nd4j.rand(2, 4, 16, 16).muli(1.8).subi(0.9);
			in.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(3))
				.assign(Nd4j.rand(2, 16, 16).gt(0.5).castTo(in.dataType())); // the mask channel: 0 or 1
			INDArray out = g.outputSingle(in);
			INDArray fill = in.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex
				.interval(0, 3), org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all());
			assertEquals(0, out.sub(fill).amaxNumber().doubleValue(), 0.05, spec + ": a near-zero correction at the start");
			// one L1 step moves the output: the correction is trainable
			org.revivegan.core.gan.Pix2Pix step = new org.revivegan.core.gan.Pix2Pix(g, null, 1);
			g.setLearningRate(1e-2);
			INDArray before = g.outputSingle(in).dup();
			step.stepL1(in, Nd4j.zeros(2, 3, 16, 16), null);
			INDArray after = g.outputSingle(in);
			assertTrue(after.sub(before).amaxNumber().doubleValue() > 1e-4, spec.toString());
			// only damaged pixels (mask 1) are corrected; intact ones are the input exactly
			INDArray intact = in.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex
				.interval(3, 4)).eq(0).castTo(in.dataType()).repeat(1, 3);
			assertEquals(0, after.sub(fill).mul(intact).amaxNumber().doubleValue(), 1e-6, spec + ": intact pixels kept");
			// the fill is passed through unchanged by training: the picker has no updater
			INDArray picker = g.getLayer("output-fill").getParam("W");
			for (int c = 0; c < 3; c++)
				for (int k = 0; k < 4; k++)
					assertEquals(c == k ? 1 : 0, picker.getDouble(c, k, 0, 0), 0, spec + " picker " + c + "," + k);
		}
	}

	@Test
	void theSpecsArithmeticParameterCountMatchesEveryNewPreset() {
		for (String name : new String[] { "medium-nonorm", "medium-residual", "holes", "holes-residual", "holes-dilated" }) {
			GeneratorSpec spec = GeneratorSpec.preset(name, Task.INPAINT);
			spec.base = 4; // the arithmetic is the same at any width; small builds fast
			assertEquals(spec.build(1).numParams(), spec.parameterCount(), name);
		}
	}
}
