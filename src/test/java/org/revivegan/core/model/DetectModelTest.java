package org.revivegan.core.model;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.revivegan.core.nets.UNetGenerator;
import org.revivegan.testing.TinyModels;

/** The detection task and its sigmoid head, in memory and through model files (old files stay tanh). */
class DetectModelTest {

	private static IActivation outputActivation(ComputationGraph g) {
		return ((BaseLayer) g.getLayer(UNetGenerator.OUTPUT).conf().getLayer()).getActivationFn();
	}

	@Test
	void detectIsRgbInOneProbabilityOutTrainedWithBceOnly() {
		assertSame(Task.DETECT, Task.parse("detect"));
		assertEquals(3, Task.DETECT.inChannels());
		assertEquals(1, Task.DETECT.outChannels());
		assertEquals(Task.Loss.WEIGHTED_BCE, Task.DETECT.loss());
		assertFalse(Task.DETECT.adversarial());
		assertEquals(Task.Loss.L1, Task.INPAINT.loss());
		assertTrue(Task.COLORIZE.adversarial());
		assertTrue(assertThrows(IllegalArgumentException.class, () -> Task.parse("segment")).getMessage()
			.contains("'detect'"));
	}

	@Test
	void presetsGiveDetectionASigmoidHeadAndTheOthersTanh() {
		for (String preset : new String[] { "tiny", "resnet18-unet-small" }) {
			GeneratorSpec d = GeneratorSpec.preset(preset, Task.DETECT);
			assertEquals(GeneratorSpec.SIGMOID, d.outputActivation(), preset);
			assertEquals(GeneratorSpec.TANH, GeneratorSpec.preset(preset, Task.INPAINT).outputActivation(), preset);
		}
		GeneratorSpec tiny = GeneratorSpec.preset("tiny", Task.DETECT);
		assertTrue(tiny.toString().contains("sigmoid"), tiny.toString());
		assertEquals(GeneratorSpec.SIGMOID, tiny.copy().outputActivation());
		ComputationGraph g = tiny.build(3);
		assertTrue(outputActivation(g) instanceof ActivationSigmoid);
		INDArray out = g.output(false, Nd4j.rand(new long[] { 2, 3, 32, 32 }).muli(2).subi(1))[0];
		assertArrayEquals(new long[] { 2, 1, 32, 32 }, out.shape());
		assertTrue(out.minNumber().doubleValue() > 0 && out.maxNumber().doubleValue() < 1, "probabilities");
		assertTrue(outputActivation(GeneratorSpec.preset("tiny", Task.INPAINT).build(3)) instanceof ActivationTanH);
		GeneratorSpec bad = tiny.copy();
		bad.outputActivation = "relu";
		assertThrows(IllegalArgumentException.class, bad::validate);
	}

	@Test
	void theSigmoidHeadSurvivesAModelFile() throws IOException {
		ModelFile m = TinyModels.model(Task.DETECT);
		byte[] bytes = m.toBytes(false);
		ModelFile back = ModelFile.read(new ByteArrayInputStream(bytes), "detect.zip", Task.DETECT);
		assertEquals(GeneratorSpec.SIGMOID, back.metadata().generator.outputActivation());
		assertTrue(outputActivation(back.generator()) instanceof ActivationSigmoid);
		INDArray x = Nd4j.rand(new long[] { 1, 3, 32, 32 });
		assertEquals(m.generator().output(false, x)[0], back.generator().output(false, x)[0]);
		assertTrue(new String(entry(bytes, ModelFile.METADATA), StandardCharsets.UTF_8).contains(
			"\"outputActivation\": \"sigmoid\""));
		ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(new ByteArrayInputStream(
			bytes), "detect.zip", Task.INPAINT));
		assertTrue(e.getMessage().contains("detect model, not a inpaint model"), e.getMessage());
	}

	@Test
	void filesWithoutAnOutputActivationAreTanh() throws IOException {
		byte[] bytes = TinyModels.model(Task.INPAINT).toBytes(true);
		String json = new String(entry(bytes, ModelFile.METADATA), StandardCharsets.UTF_8);
		String old = json.replaceAll(",\\s*\"outputActivation\": \"tanh\"", "");
		assertFalse(old.contains("outputActivation"), old);
		ModelFile m = ModelFile.read(new ByteArrayInputStream(withMetadata(bytes, old)), "old.zip", Task.INPAINT);
		assertEquals(GeneratorSpec.TANH, m.metadata().generator.outputActivation());
		assertTrue(outputActivation(m.generator()) instanceof ActivationTanH);
	}

	@Test
	void aDetectionFileWithATanhHeadIsRefused() throws IOException {
		byte[] bytes = TinyModels.model(Task.DETECT).toBytes(true);
		String json = new String(entry(bytes, ModelFile.METADATA), StandardCharsets.UTF_8).replace(
			"\"outputActivation\": \"sigmoid\"", "\"outputActivation\": \"tanh\"");
		ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(new ByteArrayInputStream(
			withMetadata(bytes, json)), "edited.zip", null));
		assertTrue(e.getMessage().contains("needs a sigmoid output"), e.getMessage());
	}

	private static byte[] entry(byte[] zip, String name) throws IOException {
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
			for (ZipEntry e; (e = in.getNextEntry()) != null;)
				if (e.getName().equals(name)) return in.readAllBytes();
		}
		throw new AssertionError("no " + name);
	}

	private static byte[] withMetadata(byte[] zip, String json) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream out = new ZipOutputStream(bytes)) {
			out.putNextEntry(new ZipEntry(ModelFile.METADATA));
			out.write(json.getBytes(StandardCharsets.UTF_8));
			out.closeEntry();
			out.putNextEntry(new ZipEntry(ModelFile.WEIGHTS));
			out.write(entry(zip, ModelFile.WEIGHTS));
			out.closeEntry();
		}
		return bytes.toByteArray();
	}
}
