package org.revivegan.core.provenance;

import org.revivegan.core.image.Masks;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.util.Rng;

/** The provenance record's JSON, its round trip and its text; the compact map of invented pixels. */
class ProvenanceTest {

	@TempDir
	Path dir;

	private static final String SHA = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

	private static Provenance inpainting() {
		return Provenance.builder(Provenance.Operation.INPAINT).date("2026-03-01T12:00:00Z").model(new Provenance.Model(
			"inpaint", "tiny inpaint", "inpaint model.zip", SHA, "unet-tiny", 40)).parameter("mask", "selection")
			.parameter("dilate", 2).parameter("scale", 0.5f).parameter("force", false).input("photo.png", 64, 48, 1)
			.synthesizedPixels(160).build();
	}

	/** @return a record with every field set, and values that test the writer: escapes, number forms */
	static Provenance everyField() {
		return Provenance.builder(Provenance.Operation.RESTORE).version("1.2.3-SNAPSHOT").date("2026-03-01T12:00:05Z")
			.note("colour <kept> & \"quoted\" \u00e9t\u00e9 = \u2713").model(new Provenance.Model("inpaint",
				"tiny inpaint", "inpaint model.zip", SHA, "unet-tiny", 40)).model(new Provenance.Model("colorize",
					"tiny colorize", "", "", "resnet18-unet (3 -> 2)", 9_000_000_000L)).parameter("mask", "selection")
			.parameter("dilate", 2).parameter("negative", -7L).parameter("big", Long.MAX_VALUE).parameter("scale", 0.5f)
			.parameter("tenth", 0.1f).parameter("tiny", 1e-7).parameter("whole", 3.0).parameter("huge", 1e300)
			.parameter("force", false).parameter("strict", true).parameter("none", null).parameter("path",
				"C:\\photos\\a\tb.png").parameter("other", Provenance.Operation.COLORIZE).seed(-42L).input(
					"photo \"1\".tif", 640, 480, 3).synthesizedPixels(12_345).allChromaSynthesized(true).mapFile(
						"photo-synthesized.png").build();
	}

	/** @return a record with every optional field unset: nulls, no models, no parameters */
	static Provenance fewestFields() {
		return Provenance.builder(Provenance.Operation.COLORIZE).version("").date("2026-03-01T12:00:00Z").build();
	}

	/** {@link #everyField()} as the hand-written JSON code (before the Gson binding) wrote it, byte for byte: sidecars already in archives hold this. */
	static final String EVERY_FIELD_JSON = //
		"{\n" +
		"  \"schema\": \"revivegan-provenance/1\",\n" +
		"  \"reviveganVersion\": \"1.2.3-SNAPSHOT\",\n" +
		"  \"date\": \"2026-03-01T12:00:05Z\",\n" +
		"  \"operation\": \"restore\",\n" +
		"  \"note\": \"colour <kept> & \\\"quoted\\\" \u00e9t\u00e9 = \u2713\",\n" +
		"  \"input\": {\n" +
		"    \"name\": \"photo \\\"1\\\".tif\",\n" +
		"    \"width\": 640,\n" +
		"    \"height\": 480,\n" +
		"    \"planes\": 3\n" +
		"  },\n" +
		"  \"models\": [\n" +
		"    {\n" +
		"      \"role\": \"inpaint\",\n" +
		"      \"card\": \"tiny inpaint\",\n" +
		"      \"file\": \"inpaint model.zip\",\n" +
		"      \"sha256\": \"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\",\n" +
		"      \"generator\": \"unet-tiny\",\n" +
		"      \"trainingSteps\": 40\n" +
		"    },\n" +
		"    {\n" +
		"      \"role\": \"colorize\",\n" +
		"      \"card\": \"tiny colorize\",\n" +
		"      \"file\": \"\",\n" +
		"      \"sha256\": \"\",\n" +
		"      \"generator\": \"resnet18-unet (3 -> 2)\",\n" +
		"      \"trainingSteps\": 9000000000\n" +
		"    }\n" +
		"  ],\n" +
		"  \"parameters\": {\n" +
		"    \"mask\": \"selection\",\n" +
		"    \"dilate\": 2,\n" +
		"    \"negative\": -7,\n" +
		"    \"big\": 9223372036854775807,\n" +
		"    \"scale\": 0.5,\n" +
		"    \"tenth\": 0.10000000149011612,\n" +
		"    \"tiny\": 1.0E-7,\n" +
		"    \"whole\": 3.0,\n" +
		"    \"huge\": 1.0E300,\n" +
		"    \"force\": false,\n" +
		"    \"strict\": true,\n" +
		"    \"none\": null,\n" +
		"    \"path\": \"C:\\\\photos\\\\a\\tb.png\",\n" +
		"    \"other\": \"COLORIZE\"\n" +
		"  },\n" +
		"  \"seed\": -42,\n" +
		"  \"synthesized\": {\n" +
		"    \"pixels\": 12345,\n" +
		"    \"fraction\": 0.013395182291666667,\n" +
		"    \"allChroma\": true,\n" +
		"    \"map\": \"photo-synthesized.png\",\n" +
		"    \"meaning\": \"12345 pixels (1.34 %) were invented entirely by the model (inpainting); the colour (a*, b*) of every pixel was invented too, and the lightness L* of all other pixels is the input's own.\"\n" +
		"  }\n" +
		"}";

	/** {@link #fewestFields()} as the hand-written JSON code wrote it. */
	static final String FEWEST_FIELDS_JSON = //
		"{\n" +
		"  \"schema\": \"revivegan-provenance/1\",\n" +
		"  \"reviveganVersion\": \"\",\n" +
		"  \"date\": \"2026-03-01T12:00:00Z\",\n" +
		"  \"operation\": \"colorize\",\n" +
		"  \"note\": null,\n" +
		"  \"input\": {\n" +
		"    \"name\": \"\",\n" +
		"    \"width\": 0,\n" +
		"    \"height\": 0,\n" +
		"    \"planes\": 1\n" +
		"  },\n" +
		"  \"models\": [],\n" +
		"  \"parameters\": {},\n" +
		"  \"seed\": null,\n" +
		"  \"synthesized\": {\n" +
		"    \"pixels\": 0,\n" +
		"    \"fraction\": 0.0,\n" +
		"    \"allChroma\": true,\n" +
		"    \"map\": null,\n" +
		"    \"meaning\": \"The colour (CIE Lab a*, b*) of every pixel was invented by the model; the lightness L* of every pixel is the input's own.\"\n" +
		"  }\n" +
		"}";

	@Test
	void theJsonIsTheSameByteForByteAsTheFilesAlreadyWritten() {
		assertEquals(EVERY_FIELD_JSON, everyField().toJson());
		assertEquals(FEWEST_FIELDS_JSON, fewestFields().toJson());
		// as before, a parameter that is not a number is written as JSON's extension, not refused
		String nan = fewestFields().toBuilder().parameter("nan", Double.NaN).build().toJson();
		assertTrue(nan.contains("\"parameters\": {\n    \"nan\": NaN\n  },"), nan);
	}

	@Test
	void recordsAlreadyWrittenReadBackWithEveryValueAndType() {
		Provenance p = Provenance.fromJson(EVERY_FIELD_JSON);
		assertEquals(everyField(), p);
		assertEquals(EVERY_FIELD_JSON, p.toJson());
		assertEquals(Provenance.Operation.RESTORE, p.operation());
		assertEquals("1.2.3-SNAPSHOT", p.version());
		assertEquals("colour <kept> & \"quoted\" \u00e9t\u00e9 = \u2713", p.note());
		assertEquals(Long.valueOf(-42), p.seed());
		assertEquals("photo \"1\".tif", p.inputName());
		assertEquals(List.of(640, 480, 3), List.of(p.inputWidth(), p.inputHeight(), p.inputPlanes()));
		assertEquals(12_345, p.synthesizedPixels());
		assertTrue(p.allChromaSynthesized());
		assertEquals("photo-synthesized.png", p.mapFile());
		assertEquals(9_000_000_000L, p.models().get(1).trainingSteps());
		assertEquals("", p.models().get(1).sha256());
		java.util.Map<String, Object> expected = new java.util.LinkedHashMap<>();
		expected.put("mask", "selection");
		expected.put("dilate", 2L);
		expected.put("negative", -7L);
		expected.put("big", Long.MAX_VALUE);
		expected.put("scale", 0.5);
		expected.put("tenth", (double) 0.1f);
		expected.put("tiny", 1e-7);
		expected.put("whole", 3.0);
		expected.put("huge", 1e300);
		expected.put("force", false);
		expected.put("strict", true);
		expected.put("none", null);
		expected.put("path", "C:\\photos\\a\tb.png");
		expected.put("other", "COLORIZE");
		assertEquals(expected, p.parameters(), "values and their types (Long, Double, Boolean, String, null)");
		assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(p.parameters().keySet()), "their order");

		Provenance few = Provenance.fromJson(FEWEST_FIELDS_JSON);
		assertEquals(FEWEST_FIELDS_JSON, few.toJson());
		assertNull(few.note());
		assertNull(few.seed());
		assertNull(few.mapFile());
		assertEquals(List.of(), few.models());
		assertEquals(java.util.Map.of(), few.parameters());
	}

	@Test
	void aCompactRecordWithoutTheOptionalKeysReads() {
		// keys in another order, on one line, without note, seed, map, fraction, meaning or trainingSteps
		Provenance p = Provenance.fromJson("{\"synthesized\": {\"allChroma\": false, \"pixels\": 7}, \"parameters\": " +
			"{\"n\": 5, \"x\": 2.5, \"e\": 1e3}, \"models\": [{\"role\": \"inpaint\", \"card\": \"c\"}], \"input\": " +
			"{\"name\": \"a.png\", \"width\": 4, \"height\": 2, \"planes\": 1}, \"operation\": \"inpaint\", \"date\": " +
			"\"2026-03-01T12:00:00Z\", \"reviveganVersion\": \"0.9\", \"schema\": \"" + Provenance.SCHEMA + "\"}");
		assertNull(p.note());
		assertNull(p.seed());
		assertNull(p.mapFile());
		assertEquals(7, p.synthesizedPixels());
		assertEquals(7 / 8.0, p.synthesizedFraction());
		assertEquals(0, p.models().get(0).trainingSteps());
		assertEquals("", p.models().get(0).sha256());
		assertEquals(5L, p.parameters().get("n"));
		assertEquals(2.5, p.parameters().get("x"));
		assertEquals(1000.0, p.parameters().get("e"));
	}

	@Test
	void jsonHasAFixedKeyOrderAndReadsBackEqual() {
		Provenance p = inpainting();
		String json = p.toJson();
		List<String> keys = new ArrayList<>();
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^  \"(\\w+)\":").matcher(json);
		while (m.find())
			keys.add(m.group(1));
		assertEquals(List.of("schema", "reviveganVersion", "date", "operation", "note", "input", "models", "parameters",
			"seed", "synthesized"), keys, json);
		assertTrue(json.contains("\"sha256\": \"" + SHA + "\""), json);
		assertTrue(json.contains("\"dilate\": 2,"), json);
		assertTrue(json.contains("\"seed\": null"), json);
		assertTrue(json.contains("\"pixels\": 160"), json);
		assertTrue(json.contains("\"allChroma\": false"), json);
		Provenance back = Provenance.fromJson(json);
		assertEquals(json, back.toJson());
		assertEquals(2L, back.parameters().get("dilate"));
		assertEquals(0.5, back.parameters().get("scale"));
		assertEquals(Boolean.FALSE, back.parameters().get("force"));
		assertEquals(160.0 / (64 * 48), back.synthesizedFraction(), 1e-12);
		assertEquals(SHA, back.models().get(0).sha256());
		assertEquals(Provenance.Operation.INPAINT, back.operation());
		assertThrows(UnsupportedOperationException.class, () -> back.parameters().put("x", 1));
	}

	@Test
	void colourisationInventsAllChromaAndARestorationIsTheUnion() {
		Provenance c = Provenance.builder(Provenance.Operation.COLORIZE).date("2026-03-01T12:00:05Z").model(
			new Provenance.Model("colorize", "tiny colorize", "c.zip", SHA, "unet-tiny", 10)).parameter("size", 64)
			.input("photo-restored", 64, 48, 1).build();
		assertTrue(c.allChromaSynthesized());
		assertEquals(0, c.synthesizedPixels());
		assertTrue(c.meaning().contains("colour (CIE Lab a*, b*) of every pixel was invented"), c.meaning());
		assertTrue(c.meaning().contains("lightness L* of every pixel is the input's own"), c.meaning());

		Provenance r = Provenance.restoration(inpainting(), c);
		assertEquals(Provenance.Operation.RESTORE, r.operation());
		assertEquals(List.of("inpaint", "colorize"), r.models().stream().map(Provenance.Model::role).collect(
			java.util.stream.Collectors.toList()));
		assertEquals(List.of("mask", "dilate", "scale", "force", "size"), new ArrayList<>(r.parameters().keySet()));
		assertEquals("photo.png", r.inputName(), "the restoration's input is the inpainting's");
		assertEquals(160, r.synthesizedPixels());
		assertTrue(r.allChromaSynthesized());
		assertEquals("2026-03-01T12:00:05Z", r.date());
		String info = r.toInfoText();
		assertTrue(info.startsWith("ReviveGAN restoration: inpainting, then colourisation\n"), info);
		assertTrue(info.contains("\ninpaint model sha256: " + SHA + "\n"), info);
		assertTrue(info.contains("\ndilate: 2\n"), info);
		assertTrue(info.contains("\ninput: photo.png (64 x 48)\n"), info);
		assertTrue(info.contains("160 pixels (5.21 %) were invented entirely"), info);

		Provenance kept = Provenance.restoration(inpainting(), null).toBuilder().note("colour photo: not recoloured")
			.build();
		assertFalse(kept.allChromaSynthesized());
		assertEquals(1, kept.models().size());
		assertTrue(kept.toInfoText().startsWith("ReviveGAN restoration: inpainting, then colourisation (colour photo: " +
			"not recoloured)"), kept.toInfoText());
	}

	@Test
	void badRecordsAreRefusedWithAReason() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Provenance.fromJson("{"));
		assertTrue(e.getMessage().contains("invalid JSON"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Provenance.fromJson("{\"schema\": \"other/9\"}"));
		assertTrue(e.getMessage().contains("other/9"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Provenance.fromJson("{\"schema\": \"" +
			Provenance.SCHEMA + "\", \"operation\": \"inpaint\", \"date\": \"2026-03-01T12:00:00Z\"}"));
		assertTrue(e.getMessage().contains("incomplete"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Provenance.builder(Provenance.Operation.INPAINT).date(
			"yesterday"));
		e = assertThrows(IllegalArgumentException.class, () -> Provenance.fromJson("[1, 2]"));
		assertTrue(e.getMessage().contains("not a JSON object"), e.getMessage());
		String[][] damages = { { "\"width\": 640", "\"width\": \"wide\"", "damaged" }, //
			{ "    \"width\": 640,\n", "", "no input.width" }, //
			{ "\"allChroma\": true,", "", "no synthesized.allChroma" }, //
			{ "\"models\": [", "\"models\": [null, ", "no models[0]" }, //
			{ "\"dilate\": 2", "\"dilate\": {\"by\": 2}", "parameter dilate" }, //
			{ "\"operation\": \"restore\"", "\"operation\": \"sharpen\"", "Unknown operation 'sharpen'" } };
		for (String[] d : damages) {
			String json = EVERY_FIELD_JSON.replace(d[0], d[1]);
			assertNotEquals(EVERY_FIELD_JSON, json, d[0]);
			e = assertThrows(IllegalArgumentException.class, () -> Provenance.fromJson(json), d[2]);
			assertTrue(e.getMessage().contains(d[2]), e.getMessage());
		}
	}

	@Test
	void theDateIsUtcToTheSecondAndTheVersionIsKnown() {
		Provenance p = Provenance.builder(Provenance.Operation.INPAINT).build();
		assertTrue(p.date().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), p.date());
		// tests run from target/classes: no manifest, no pom.properties
		assertEquals(ReviveGanVersion.DEVELOPMENT, p.version());
	}

	@Test
	void sidecarIsWrittenBesideTheResult() throws IOException {
		Path result = dir.resolve("photo-restored.png");
		Path sidecar = ProvenanceFiles.writeSidecar(result, inpainting());
		assertEquals(dir.resolve("photo-restored.png.revivegan.json"), sidecar);
		assertEquals(dir.resolve("photo-restored-synthesized.png"), ProvenanceFiles.map(result));
		assertEquals(inpainting(), ProvenanceFiles.readSidecar(result));
		try (java.util.stream.Stream<Path> files = Files.list(dir)) {
			assertEquals(1, files.count(), "no temporary file left");
		}
	}

	@Test
	void theMapRoundTripsExactlyAndCompactly() {
		Rng rng = new Rng(3);
		int w = 301, h = 177;
		ArrayImg<UnsignedByteType, ByteArray> mask = ArrayImgs.unsignedBytes(w, h);
		byte[] px = mask.update(null).getCurrentStorageArray();
		px[0] = 1; // starts with an invented pixel: a first run of length 0
		for (int s = 0; s < 12; s++) { // a few scratches
			int y = rng.nextInt(h), x0 = rng.nextInt(w - 60);
			for (int x = x0; x < x0 + 60; x++)
				px[x + w * y] = 1;
		}
		px[w * h - 1] = (byte) 200;
		String text = SynthesizedMap.encode(mask);
		assertTrue(text.startsWith("rle1:301x177:"), text);
		assertTrue(text.length() < 400, "compact: " + text.length());
		ArrayImg<UnsignedByteType, ByteArray> back = SynthesizedMap.decode(text);
		assertEquals(w, back.dimension(0));
		assertEquals(h, back.dimension(1));
		byte[] b = back.update(null).getCurrentStorageArray();
		for (int i = 0; i < px.length; i++)
			assertEquals(px[i] != 0 ? (byte) 255 : 0, b[i], "pixel " + i);
		assertEquals(Masks.count(mask), Masks.count(back));

		ArrayImg<UnsignedByteType, ByteArray> white = ArrayImgs.unsignedBytes(4000, 3000);
		java.util.Arrays.fill(white.update(null).getCurrentStorageArray(), (byte) 1);
		String whiteText = SynthesizedMap.encode(white);
		assertTrue(whiteText.length() < 60, whiteText);
		assertEquals(12_000_000L, Masks.count(SynthesizedMap.decode(whiteText)));

		assertThrows(IllegalArgumentException.class, () -> SynthesizedMap.decode("png:abc"));
		assertThrows(IllegalArgumentException.class, () -> SynthesizedMap.decode("rle1:10x10:AAAA"));
		String truncated = text.substring(0, text.length() - 8);
		assertThrows(IllegalArgumentException.class, () -> SynthesizedMap.decode(truncated));
		String otherSize = text.replace("rle1:301x177:", "rle1:300x177:");
		assertThrows(IllegalArgumentException.class, () -> SynthesizedMap.decode(otherSize));
	}
}
