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
import org.revivegan.core.color.AbBins;

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

		assertTrue(assertThrows(ModelFormatException.class, () -> ModelFile.load(dir)).getMessage().contains(
			"is a folder, not a model file"));

		for (String content : new String[] { "hello", "PK but not really" }) {
			Path text = dir.resolve("text.zip");
			Files.write(text, content.getBytes(StandardCharsets.UTF_8));
			msg = assertThrows(ModelFormatException.class, () -> ModelFile.load(text)).getMessage();
			assertTrue(msg.contains("not a ReviveGAN model"), msg);
		}

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
		assertTrue(msg.contains("does not fit") || msg.contains("needs"), msg);
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

	// --- bounded reading: every case below is a tiny file written here ---

	/** Writes a zip of the given entries, in order (name, bytes, name, bytes, ...). */
	private Path zip(String file, Object... entries) throws IOException {
		Path f = dir.resolve(file);
		try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
			for (int i = 0; i < entries.length; i += 2) {
				z.putNextEntry(new ZipEntry((String) entries[i]));
				z.write((byte[]) entries[i + 1]);
				z.closeEntry();
			}
		}
		return f;
	}

	private static byte[] json(ModelMetadata m) {
		return ModelFile.toJson(m).getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] weights(ModelFile m, boolean half) throws IOException {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		ModelFile.writeArray(out, m.generator().params(), half);
		return out.toByteArray();
	}

	/** A weight array's header followed by {@code payload} bytes of zeros. */
	private static byte[] array(int bits, long declared, int payload) {
		return java.nio.ByteBuffer.allocate(16 + payload).putInt(0x52474157).putInt(bits).putLong(declared).array();
	}

	private String refusal(Path f) {
		return assertThrows(ModelFormatException.class, () -> ModelFile.load(f)).getMessage();
	}

	@Test
	void parameterCountIsArithmeticAndEqualsTheBuiltNetwork() {
		for (String preset : new String[] { "tiny", "small", "medium", "resnet18-unet-small" })
			for (Task task : Task.values()) {
				GeneratorSpec spec = GeneratorSpec.preset(preset, task);
				assertEquals(spec.build(1).numParams(), spec.parameterCount(), preset + " " + task);
			}
		GeneratorSpec paper = GeneratorSpec.preset("pix2pix-256", Task.INPAINT);
		assertEquals(54_425_411L, paper.parameterCount(), "the count UNetGenerator documents");
		assertEquals(paper.build(1).numParams(), paper.parameterCount());
		GeneratorSpec resnet = GeneratorSpec.preset("resnet18-unet", Task.COLORIZE);
		resnet.dropout = 0.5;
		resnet.dropoutBlocks = 2;
		assertEquals(resnet.build(1).numParams(), resnet.parameterCount());
		GeneratorSpec deconvTiny = GeneratorSpec.preset("tiny", Task.DETECT);
		deconvTiny.upsampling = "DECONV";
		assertEquals(deconvTiny.build(1).numParams(), deconvTiny.parameterCount());
		GeneratorSpec absurd = GeneratorSpec.preset("medium", Task.INPAINT);
		absurd.base = 256;
		absurd.downs = 10;
		assertTrue(absurd.parameterCount() > 900_000_000L && absurd.parameterCount() < 920_000_000L,
			"about 911 M: " + absurd.parameterCount());
	}

	@Test
	void refusesAnAbsurdArchitectureBeforeBuildingIt() throws IOException {
		ModelFile tiny = tinyModel(Task.INPAINT);
		ModelMetadata m = tiny.metadata();
		m.generator = GeneratorSpec.preset("medium", Task.INPAINT);
		m.generator.base = 256;
		m.generator.downs = 10; // 911 M parameters: about 10 GB resident had it been built
		String msg = refusal(zip("absurd.zip", ModelFile.METADATA, json(m), ModelFile.WEIGHTS, weights(tiny, true)));
		assertTrue(msg.contains("parameters") && msg.contains("200,000,000") && msg.contains("damaged"), msg);
	}

	@Test
	void refusesWeightsWhoseSizeDoesNotFitBeforeBuilding() throws IOException {
		ModelFile tiny = tinyModel(Task.INPAINT);
		ModelMetadata m = tiny.metadata();
		m.generator = GeneratorSpec.preset("medium", Task.INPAINT); // under the bound, but not what the weights are
		String msg = refusal(zip("lie.zip", ModelFile.METADATA, json(m), ModelFile.WEIGHTS, weights(tiny, true)));
		assertTrue(msg.contains("needs " + (16 + 2 * m.generator.parameterCount()) + " (float16)"), msg);
	}

	@Test
	void aWeightsBombIsADamagedFileNotAnOutOfMemoryError() throws IOException {
		ModelFile tiny = tinyModel(Task.INPAINT);
		byte[] bomb = new byte[64 << 20]; // 64 MiB of zeros deflate to 64 KB
		Path f = zip("bomb.zip", ModelFile.METADATA, json(tiny.metadata()), ModelFile.WEIGHTS, bomb);
		assertTrue(Files.size(f) < 1 << 20);
		String msg = refusal(f); // the zip directory's size is checked before inflating
		assertTrue(msg.contains("holds " + bomb.length + " bytes") && msg.contains("damaged"), msg);
		// a stream has no directory (sizes come after the data): inflating stops at the bound
		try (var in = Files.newInputStream(f)) {
			msg = assertThrows(ModelFormatException.class, () -> ModelFile.read(in, "bomb.zip", null)).getMessage();
		}
		assertTrue(msg.contains("damaged model file") && msg.contains("inflates to more than the " +
			(16 + 4 * tiny.metadata().generator.parameterCount()) + " bytes"), msg);
		assertFalse(msg.contains("memory") || msg.contains("heap"), msg);
	}

	@Test
	void aMetadataBombIsRefused() throws IOException {
		byte[] bomb = new byte[8 << 20];
		java.util.Arrays.fill(bomb, (byte) ' ');
		String msg = refusal(zip("json-bomb.zip", ModelFile.METADATA, bomb, ModelFile.WEIGHTS, new byte[16]));
		assertTrue(msg.contains("damaged model file") && msg.contains(ModelFile.METADATA), msg);
	}

	@Test
	void entriesOfOtherNamesAreNotInflated() throws IOException {
		ModelFile tiny = tinyModel(Task.INPAINT);
		byte[] extra = new byte[4096];
		new java.util.Random(1).nextBytes(extra); // incompressible: deflate stores it as it is
		Path f = zip("extra.zip", "extra.bin", extra, ModelFile.METADATA, json(tiny.metadata()), ModelFile.WEIGHTS,
			weights(tiny, true));
		byte[] bytes = Files.readAllBytes(f);
		int at = indexOf(bytes, java.util.Arrays.copyOf(extra, 64));
		assertTrue(at > 0);
		bytes[at + 100] ^= 0x55; // the entry no longer matches its CRC: reading it would fail
		Files.write(f, bytes);
		ModelFile loaded = ModelFile.load(f, Task.INPAINT);
		assertEquals(tiny.generator().numParams(), loaded.generator().numParams());
		assertEquals(ModelFile.sha256(bytes), loaded.sha256(), "the checksum is still over the whole file");
	}

	@Test
	void aStreamMustBringTheMetadataBeforeTheWeights() throws IOException {
		ModelFile tiny = tinyModel(Task.INPAINT);
		Path ordered = zip("ordered.zip", ModelFile.METADATA, json(tiny.metadata()), ModelFile.WEIGHTS, weights(tiny,
			true));
		try (var in = Files.newInputStream(ordered)) {
			ModelFile m = ModelFile.read(in, "ordered.zip", Task.INPAINT);
			assertEquals(ModelFile.sha256(Files.readAllBytes(ordered)), m.sha256(), "over the whole stream");
		}
		Path reversed = zip("reversed.zip", ModelFile.WEIGHTS, weights(tiny, true), ModelFile.METADATA, json(tiny
			.metadata()));
		assertEquals(tiny.generator().numParams(), ModelFile.load(reversed).generator().numParams(), "a file is read " +
			"by its directory, in any order");
		try (var in = Files.newInputStream(reversed)) {
			String msg = assertThrows(ModelFormatException.class, () -> ModelFile.read(in, "reversed.zip", null))
				.getMessage();
			assertTrue(msg.contains("weights before its " + ModelFile.METADATA), msg);
		}
	}

	private static int indexOf(byte[] hay, byte[] needle) {
		outer: for (int i = 0; i + needle.length <= hay.length; i++) {
			for (int j = 0; j < needle.length; j++)
				if (hay[i + j] != needle[j]) continue outer;
			return i;
		}
		return -1;
	}

	@Test
	void theWeightsHeaderIsCheckedAgainstTheArchitecture() throws IOException {
		ModelFile tiny = tinyModel(Task.INPAINT);
		byte[] meta = json(tiny.metadata());
		long n = tiny.generator().numParams();
		// a declared length of 2^29 values in an entry of the right size used to allocate 2 GB before failing
		String msg = refusal(zip("long.zip", ModelFile.METADATA, meta, ModelFile.WEIGHTS, array(32, 1L << 29,
			(int) (4 * n))));
		assertTrue(msg.contains("(" + (1L << 29) + " values) does not fit") && msg.contains(n + " parameters"), msg);
		// float16 values followed by as many extra bytes (the size a float32 entry would have)
		byte[] half = weights(tiny, true);
		byte[] padded = java.util.Arrays.copyOf(half, half.length + (int) (2 * n));
		msg = refusal(zip("padded.zip", ModelFile.METADATA, meta, ModelFile.WEIGHTS, padded));
		assertTrue(msg.contains("16-bit values take " + 2 * n + " bytes, but " + 4 * n + " follow"), msg);
		// an unknown value type
		msg = refusal(zip("bits.zip", ModelFile.METADATA, meta, ModelFile.WEIGHTS, array(8, n, (int) (2 * n))));
		assertTrue(msg.contains("8-bit") && msg.contains("16 or 32"), msg);
	}

	@Test
	void damagedWeightsSayWhatIsWrongInASentence() throws IOException {
		ModelFile tiny = tinyModel(Task.INPAINT);
		byte[] meta = json(tiny.metadata());
		for (byte[] w : new byte[][] { new byte[0], new byte[] { 1, 2, 3 }, new byte[16] }) {
			String msg = refusal(zip("short.zip", ModelFile.METADATA, meta, ModelFile.WEIGHTS, w));
			assertTrue(msg.contains("damaged") && msg.contains("Copy the model file again"), msg);
			assertFalse(msg.contains("(null)") || msg.matches(".*\\(-?\\d+\\).*"), msg);
		}
		// through a stream (no sizes known up front), the header itself is checked
		try (var in = Files.newInputStream(zip("short.zip", ModelFile.METADATA, meta, ModelFile.WEIGHTS,
			new byte[] { 1, 2, 3 })))
		{
			String msg = assertThrows(ModelFormatException.class, () -> ModelFile.read(in, "short.zip", null))
				.getMessage();
			assertTrue(msg.contains("does not start as a ReviveGAN weight array"), msg);
		}
	}

	@Test
	void refusesUnknownEncodingsNamingTheKnownOnes() throws IOException {
		String[][] cases = { { "normalization", "zero-to-one", "minus-one-to-one" },
			{ "colorSpace", "AdobeRGB", "sRGB, CIELab-D65" }, { "inputFill", "black", "pushpull, white" } };
		for (String[] c : cases) {
			ModelFile m = tinyModel(Task.INPAINT);
			switch (c[0]) {
				case "normalization": m.metadata().normalization = c[1]; break;
				case "colorSpace": m.metadata().colorSpace = c[1]; break;
				default: m.metadata().inputFill = c[1];
			}
			Path f = dir.resolve(c[0] + ".zip");
			m.save(f, true);
			String msg = refusal(f);
			assertTrue(msg.contains(c[0] + " '" + c[1] + "'") && msg.contains(c[2]), msg);
		}
		ModelFile m = tinyModel(Task.INPAINT);
		m.metadata().tileSize = Integer.MAX_VALUE;
		Path f = dir.resolve("tile.zip");
		m.save(f, true);
		assertTrue(refusal(f).contains("tileSize"), refusal(f));
	}

	@Test
	void aClassHeadFileWithoutTheHeadScaleLoadsAtFullResolution() throws IOException {
		// what ReviveGAN wrote before the head could be coarser: no headScale in the JSON
		GeneratorSpec spec = GeneratorSpec.preset("tiny", Task.COLORIZE).withClassHead();
		ModelMetadata m = new ModelMetadata();
		m.task = Task.COLORIZE.id();
		m.generator = spec;
		Path written = dir.resolve("new.zip"), old = dir.resolve("old-classes.zip");
		new ModelFile(m, spec.build(1)).save(written, true);
		int removed = 0;
		try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(Files.newInputStream(written));
			java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(old))) {
			for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null;) {
				byte[] bytes = in.readAllBytes();
				if (e.getName().equals(ModelFile.METADATA)) {
					String json = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
					String without = json.replaceAll(",\\s*\"headScale\": 1", "");
					removed = json.length() - without.length();
					bytes = without.getBytes(java.nio.charset.StandardCharsets.UTF_8);
				}
				out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
				out.write(bytes);
				out.closeEntry();
			}
		}
		assertTrue(removed > 0, "the field was written, and taken out");
		ModelFile loaded = ModelFile.load(old, Task.COLORIZE);
		assertEquals(1, loaded.metadata().generator.headScale());
		assertArrayEquals(new long[] { 1, AbBins.get().count(), 16, 32 }, loaded.generator().outputSingle(Nd4j.rand(
			1, 4, 16, 32)).shape(), "logits at the input's resolution, as before the option");
		assertEquals(1, ModelFile.fromJson("{\"type\": \"unet\"}", GeneratorSpec.class).headScale());
	}
}
