package org.revivegan.core.model;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ModelFileTest {

	@TempDir
	Path dir;

	static ModelFile tinyModel(Task task) {
		GeneratorSpec spec = GeneratorSpec.preset("tiny", task);
		ModelMetadata m = new ModelMetadata();
		m.task = task.id();
		m.generator = spec;
		m.name = "test";
		return new ModelFile(m, spec.build(3));
	}

	@Test
	void roundTripKeepsWeightsAndMetadata() throws IOException {
		ModelFile model = tinyModel(Task.INPAINT);
		model.metadata().provenance.steps = 1234;
		Path f32 = dir.resolve("m32.zip"), f16 = dir.resolve("m16.zip");
		model.save(f32, false);
		model.save(f16, true);
		ModelFile a = ModelFile.load(f32, Task.INPAINT);
		ModelFile b = ModelFile.load(f16, Task.INPAINT);
		assertEquals(model.generator().params(), a.generator().params());
		INDArray diff = b.generator().params().sub(model.generator().params());
		double max = Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.impl.reduce.same.AMax(diff)).getDouble(0);
		assertTrue(max < 2e-3, "float16 error " + max);
		assertEquals(1234, a.metadata().provenance.steps);
		assertEquals(64, a.sha256().length());
		assertTrue(Files.size(f16) < 0.6 * Files.size(f32));
		// same network output
		INDArray x = Nd4j.rand(1, 4, 16, 16);
		assertEquals(model.generator().outputSingle(x), a.generator().outputSingle(x));
	}

	@Test
	void refusesTheOtherTask() throws IOException {
		Path f = dir.resolve("c.zip");
		tinyModel(Task.COLORIZE).save(f, true);
		ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(f, Task.INPAINT));
		assertTrue(e.getMessage().contains("colorize model, not a inpaint model") || e.getMessage().contains("not a inpaint"),
			e.getMessage());
	}

	@Test
	void refusesColorizationModelsWithoutHintChannels() throws IOException {
		// what ReviveGAN wrote before user-guided colourisation: L -> ab
		GeneratorSpec old = GeneratorSpec.preset("tiny", Task.COLORIZE);
		old.inChannels = 1;
		ModelMetadata m = new ModelMetadata();
		m.task = Task.COLORIZE.id();
		m.generator = old;
		Path f = dir.resolve("old-colorize.zip");
		new ModelFile(m, old.build(1)).save(f, true);
		ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(f, Task.COLORIZE));
		assertTrue(e.getMessage().contains("made by an older ReviveGAN") && e.getMessage().contains("Retrain"),
			e.getMessage());
		// other channel mismatches are refused before DL4J sees them
		GeneratorSpec odd = GeneratorSpec.preset("tiny", Task.INPAINT);
		odd.outChannels = 2;
		m.task = Task.INPAINT.id();
		m.generator = odd;
		Path g = dir.resolve("odd.zip");
		new ModelFile(m, odd.build(1)).save(g, true);
		e = assertThrows(ModelFormatException.class, () -> ModelFile.load(g));
		assertTrue(e.getMessage().contains("4 -> 2 channels"), e.getMessage());
	}

	@Test
	void refusesNewerFormat() throws IOException {
		ModelFile m = tinyModel(Task.INPAINT);
		m.metadata().formatVersion = ModelMetadata.FORMAT_VERSION + 1;
		Path f = dir.resolve("new.zip");
		m.save(f, true);
		ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(f));
		assertTrue(e.getMessage().contains("newer ReviveGAN"), e.getMessage());
	}

	@Test
	void refusesMissingTruncatedAndForeignFiles() throws IOException {
		assertTrue(assertThrows(ModelFormatException.class, () -> ModelFile.load(dir.resolve("nope.zip")))
			.getMessage().contains("not found"));

		Path good = dir.resolve("good.zip");
		tinyModel(Task.INPAINT).save(good, true);
		byte[] bytes = Files.readAllBytes(good);
		Path truncated = dir.resolve("truncated.zip");
		Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
		String msg = assertThrows(ModelFormatException.class, () -> ModelFile.load(truncated)).getMessage();
		assertTrue(msg.contains("damaged") || msg.contains("truncated"), msg);

		Path text = dir.resolve("text.zip");
		Files.write(text, "hello".getBytes(StandardCharsets.UTF_8));
		msg = assertThrows(ModelFormatException.class, () -> ModelFile.load(text)).getMessage();
		assertTrue(msg.contains("not a ReviveGAN model"), msg);

		Path badJson = dir.resolve("badjson.zip");
		try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(badJson))) {
			z.putNextEntry(new ZipEntry(ModelFile.METADATA));
			z.write("{not json".getBytes(StandardCharsets.UTF_8));
			z.closeEntry();
			z.putNextEntry(new ZipEntry(ModelFile.WEIGHTS));
			z.write(new byte[] { 1, 2, 3 });
			z.closeEntry();
		}
		assertThrows(ModelFormatException.class, () -> ModelFile.load(badJson));
	}

	@Test
	void refusesWeightsOfAnotherArchitecture() throws IOException {
		ModelFile m = tinyModel(Task.INPAINT);
		m.metadata().generator = GeneratorSpec.preset("small", Task.INPAINT); // lie about the architecture
		Path f = dir.resolve("lie.zip");
		m.save(f, true);
		String msg = assertThrows(ModelFormatException.class, () -> ModelFile.load(f)).getMessage();
		assertTrue(msg.contains("do not fit"), msg);
	}

	@Test
	void halfPrecisionConversion() {
		for (float v : new float[] { 0f, 1f, -2.5f, 65504f, 1e-5f, 0.1f, 3.14159f })
			assertEquals(v, Half.toFloat(Half.fromFloat(v)), Math.abs(v) * 1e-3 + 1e-7, "value " + v);
		assertTrue(Float.isInfinite(Half.toFloat(Half.fromFloat(1e6f))) || Half.toFloat(Half.fromFloat(1e6f)) == 65504f);
		assertTrue(Float.isNaN(Half.toFloat(Half.fromFloat(Float.NaN))));
	}

	@Test
	void atomicWriteLeavesOldFileWhenWriterFails() throws IOException {
		Path f = dir.resolve("keep.bin");
		Files.write(f, new byte[] { 42 });
		assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
			out.write(1);
			throw new IOException("disk full");
		}));
		assertArrayEquals(new byte[] { 42 }, Files.readAllBytes(f));
		try (var s = Files.list(dir)) {
			assertEquals(1, s.count(), "no temporary file left behind");
		}
	}

	@Test
	void presetsBuildForBothTasks() {
		ComputationGraph g = GeneratorSpec.preset("tiny", Task.COLORIZE).build(1);
		assertArrayEquals(new long[] { 1, 2, 16, 16 }, g.outputSingle(Nd4j.rand(1, 4, 16, 16)).shape());
		assertThrows(IllegalArgumentException.class, () -> GeneratorSpec.preset("huge", Task.INPAINT));
	}
}
