package org.revivegan.core.provenance;

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
		assertEquals(SynthesizedMap.count(mask), SynthesizedMap.count(back));

		ArrayImg<UnsignedByteType, ByteArray> white = ArrayImgs.unsignedBytes(4000, 3000);
		java.util.Arrays.fill(white.update(null).getCurrentStorageArray(), (byte) 1);
		String whiteText = SynthesizedMap.encode(white);
		assertTrue(whiteText.length() < 60, whiteText);
		assertEquals(12_000_000L, SynthesizedMap.count(SynthesizedMap.decode(whiteText)));

		assertThrows(IllegalArgumentException.class, () -> SynthesizedMap.decode("png:abc"));
		assertThrows(IllegalArgumentException.class, () -> SynthesizedMap.decode("rle1:10x10:AAAA"));
		String truncated = text.substring(0, text.length() - 8);
		assertThrows(IllegalArgumentException.class, () -> SynthesizedMap.decode(truncated));
		String otherSize = text.replace("rle1:301x177:", "rle1:300x177:");
		assertThrows(IllegalArgumentException.class, () -> SynthesizedMap.decode(otherSize));
	}
}
