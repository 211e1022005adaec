package org.revivegan.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.image.Masks;
import org.revivegan.core.model.Task;
import org.revivegan.core.provenance.Provenance;
import org.revivegan.core.provenance.ReviveGanVersion;
import org.revivegan.io.ImageFiles;
import org.revivegan.testing.TinyModels;

/** revive inpaint and colorize write the provenance record (and the map) beside each result, unless told not to. */
class MainProvenanceTest {

	@TempDir
	Path dir;

	private final CliRunner cli = new CliRunner();

	private int run(String... args) {
		return cli.run(args);
	}

	private String err() {
		return cli.err();
	}

	private static String sha256(Path file) throws Exception {
		StringBuilder sb = new StringBuilder();
		for (byte b : MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)))
			sb.append(String.format("%02x", b));
		return sb.toString();
	}

	private void writeInputs(Path photo, Path mask) throws IOException {
		int w = 40, h = 30;
		Img<FloatType> img = ArrayImgs.floats(w, h, 3);
		int i = 0;
		for (FloatType v : img)
			v.set((float) (0.5 + 0.4 * Math.sin(0.3 * i++)));
		ImageFiles.write(photo, img);
		Img<FloatType> m = ArrayImgs.floats(w, h);
		for (int y = 10; y < 14; y++)
			for (int x = 5; x < 30; x++)
				m.getAt(x, y).set(1);
		ImageFiles.write(mask, m, 8, true);
	}

	@Test
	void inpaintWritesTheRecordAndTheMapOfTheDilatedMask() throws Exception {
		Path model = TinyModels.save(Task.INPAINT, dir.resolve("inpaint.zip"));
		Path photo = dir.resolve("scan.png"), mask = dir.resolve("scan-mask.png"), result = dir.resolve("scan-fixed.png");
		writeInputs(photo, mask);
		assertEquals(0, run("inpaint", photo.toString(), "--mask", mask.toString(), "--dilate", "1", "--model",
			model.toString(), "-o", result.toString()), err());
		Path sidecar = dir.resolve("scan-fixed.png.revivegan.json"), mapFile = dir.resolve("scan-fixed-synthesized.png");
		Provenance p = Provenance.fromJson(Files.readString(sidecar));
		assertEquals(Provenance.Operation.INPAINT, p.operation());
		assertEquals(ReviveGanVersion.get(), p.version());
		assertEquals(sha256(model), p.models().get(0).sha256());
		assertEquals("inpaint.zip", p.models().get(0).file());
		assertEquals("tiny inpaint", p.models().get(0).card());
		assertEquals(Map.of("mask", "scan-mask.png", "dilate", 1L), p.parameters());
		assertEquals("scan.png", p.inputName());
		assertEquals(40, p.inputWidth());
		assertEquals(30, p.inputHeight());
		assertEquals("scan-fixed-synthesized.png", p.mapFile());
		Img<FloatType> expected = Masks.dilate(Views.hyperSlice(ImageFiles.read(mask).image(), 2, 0), 1);
		long count = Masks.count(expected);
		assertTrue(count > 25 * 4, "dilated: " + count);
		assertEquals(count, p.synthesizedPixels());
		Img<FloatType> map = ImageFiles.read(mapFile).image();
		assertEquals(count, Masks.count(Views.hyperSlice(map, 2, 0)));
		for (FloatType v : map)
			assertTrue(v.get() == 0 || v.get() == 1, "8-bit 0 or 255: " + v.get());

		// --no-provenance: the image only (and the flag takes no value)
		Path plain = dir.resolve("plain.png");
		assertEquals(0, run("inpaint", photo.toString(), "--mask", mask.toString(), "--model", model.toString(),
			"--no-provenance", "-o", plain.toString()), err());
		assertTrue(Files.exists(plain));
		assertFalse(Files.exists(dir.resolve("plain.png.revivegan.json")));
		assertFalse(Files.exists(dir.resolve("plain-synthesized.png")));
	}

	@Test
	void colorizeRecordsThatAllColourIsInventedAndWritesNoMap() throws Exception {
		Path model = TinyModels.save(Task.COLORIZE, dir.resolve("colorize.zip"));
		Path photo = dir.resolve("old.png");
		writeInputs(photo, dir.resolve("unused-mask.png"));
		Path outDir = Files.createDirectories(dir.resolve("colored"));
		assertEquals(0, run("colorize", photo.toString(), "--model", model.toString(), "-o", outDir.toString()), err());
		Provenance p = Provenance.fromJson(Files.readString(outDir.resolve("old.png.revivegan.json")));
		assertEquals(Provenance.Operation.COLORIZE, p.operation());
		assertTrue(p.allChromaSynthesized());
		assertEquals(0, p.synthesizedPixels());
		assertNull(p.mapFile());
		assertEquals(Map.of("workingSize", 40L, "vividness", 1.0), p.parameters(), "the model's own working size");
		assertEquals(sha256(model), p.models().get(0).sha256());
		try (java.util.stream.Stream<Path> files = Files.list(outDir)) {
			assertEquals(2, files.count(), "the result and its record, no map");
		}
	}
}
