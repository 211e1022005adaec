package org.revivegan.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.model.DefaultModels;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.ModelMetadata;
import org.revivegan.core.model.Task;
import org.revivegan.io.ImageFiles;
import org.revivegan.testing.TinyModels;

/**
 * The command line given bad files: each one ends with exit code 2 and exactly one line on standard error that
 * names the problem, writes no output, and leaves the input files as they were.
 */
class MainBadInputTest {

	@TempDir
	Path dir;

	private final CliRunner cli = new CliRunner();
	private Path photo, mask, inpaintModel, colorizeModel;
	private byte[] photoBytes;

	private int run(String... args) {
		return cli.run(args);
	}

	private static Img<FloatType> image(int w, int h, int channels, float value) {
		Img<FloatType> img = channels == 1 ? ArrayImgs.floats(w, h) : ArrayImgs.floats(w, h, channels);
		int i = 0;
		for (FloatType t : img)
			t.set(value < 0 ? (i++ * 37 % 101) / 100f : value);
		return img;
	}

	@BeforeEach
	void files() throws IOException {
		photo = dir.resolve("photo.png");
		ImageFiles.write(photo, image(37, 23, 3, -1));
		photoBytes = Files.readAllBytes(photo);
		mask = dir.resolve("mask.png");
		Img<FloatType> m = ArrayImgs.floats(37, 23);
		m.randomAccess().setPositionAndGet(10, 10).set(1);
		ImageFiles.write(mask, m, 8, true);
		inpaintModel = TinyModels.save(Task.INPAINT, dir.resolve("inpaint.zip"));
		colorizeModel = TinyModels.save(Task.COLORIZE, dir.resolve("colorize.zip"));
	}

	/** Asserts exit code 2, one line containing {@code expected}, no output file, the input unchanged. */
	private void assertRefused(String expected, Path output, String... args) throws IOException {
		assertEquals(2, run(args), cli.err());
		String e = cli.err().strip();
		assertEquals(1, e.split("\n").length, "one line: " + e);
		assertTrue(e.startsWith("revive: ") && e.contains(expected), "'" + expected + "' in: " + e);
		assertFalse(Files.exists(output), "no output written");
		assertArrayEquals(photoBytes, Files.readAllBytes(photo), "the input is unchanged");
	}

	private void assertInpaintRefused(String expected, Path model, Path maskFile) throws IOException {
		Path o = dir.resolve("out.png");
		assertRefused(expected, o, "inpaint", photo.toString(), "--mask", maskFile.toString(), "--model", model
			.toString(), "-o", o.toString());
	}

	/** The core says where it looked; the command line adds what to do there (not Fiji's menus). */
	@Test
	void aMissingDefaultModelSaysHowToTrainOneOnTheCommandLine() throws IOException {
		String old = System.getProperty(org.revivegan.core.model.DefaultModels.PROPERTY);
		System.setProperty(org.revivegan.core.model.DefaultModels.PROPERTY, Files.createDirectories(dir.resolve(
			"no models")).toString());
		try {
			Path o = dir.resolve("out.png");
			assertRefused("no default inpaint model", o, "inpaint", photo.toString(), "--mask", mask.toString(), "-o",
				o.toString());
			assertTrue(cli.err().contains("revive train --task inpaint") && cli.err().contains("--model FILE"), cli
				.err());
			assertFalse(cli.err().contains("Fiji") || cli.err().contains(" > "), cli.err());
		}
		finally {
			if (old == null) System.clearProperty(org.revivegan.core.model.DefaultModels.PROPERTY);
			else System.setProperty(org.revivegan.core.model.DefaultModels.PROPERTY, old);
		}
	}

	@Test
	void badModelFilesExitTwoWithOneLine() throws IOException {
		byte[] good = Files.readAllBytes(inpaintModel);
		Path truncated = Files.write(dir.resolve("truncated.zip"), Arrays.copyOf(good, good.length / 2));
		Path corrupt = Files.write(dir.resolve("corrupt.zip"), "PK but not really".getBytes(StandardCharsets.UTF_8));
		Path newer = dir.resolve("newer.zip");
		ModelFile future = TinyModels.model(Task.INPAINT);
		future.metadata().formatVersion = ModelMetadata.FORMAT_VERSION + 1;
		future.save(newer, true);
		assertInpaintRefused("not found", dir.resolve("missing.zip"), mask);
		assertInpaintRefused("truncated", truncated, mask);
		assertInpaintRefused("not a ReviveGAN model", corrupt, mask);
		assertInpaintRefused("not a inpaint model", colorizeModel, mask);
		assertInpaintRefused("newer ReviveGAN", newer, mask);
		assertInpaintRefused("name a model that ships with ReviveGAN: default, faithful", Paths.get("faithfull"), mask);
		Path o = dir.resolve("colour.png");
		assertRefused("truncated", o, "colorize", photo.toString(), "--model", truncated.toString(), "-o", o.toString());
	}

	/** --model takes the name of a shipped model as well as a file. */
	@Test
	void theShippedInpaintingModelIsChosenByName() throws IOException {
		Path o = dir.resolve("by name.png");
		assertEquals(0, run("inpaint", photo.toString(), "--mask", mask.toString(), "--model", "faithful", "-o", o
			.toString()), cli.err());
		assertTrue(Files.isRegularFile(o));
		String record = Files.readString(dir.resolve("by name.png.revivegan.json"));
		assertTrue(record.contains("default inpaint model"), record);
	}

	/** --model realistic is the realistic inpainting model's own file; without it, the refusal says what to do. */
	@Test
	void theRealisticInpaintingModelIsChosenByName() throws Exception {
		Path folder = TinyModels.inpaintModels(dir.resolve("models"), true);
		Path realistic = folder.resolve(DefaultModels.fileName(Task.INPAINT, DefaultModels.REALISTIC));
		TinyModels.withModelsFolder(folder, () -> {
			Path o = dir.resolve("realistic.png");
			assertEquals(0, run("inpaint", photo.toString(), "--mask", mask.toString(), "--model", "realistic", "-o", o
				.toString()), cli.err());
			String record = Files.readString(dir.resolve("realistic.png.revivegan.json"));
			assertTrue(record.contains("realistic inpaint model") && record.contains(TinyModels.REALISTIC), record);
			Files.delete(realistic);
			assertInpaintRefused("no realistic inpaint model: inpaint-realistic-1.zip", Paths.get("realistic"), mask);
			assertTrue(cli.err().contains("Choose 'faithful'") && cli.err().contains("--model FILE"), cli.err());
		});
	}

	@Test
	void badMasksExitTwoWithOneLine() throws IOException {
		Path small = dir.resolve("small mask.png");
		ImageFiles.write(small, image(23, 37, 1, 1), 8, true);
		assertInpaintRefused("23x37", inpaintModel, small);
		Path empty = dir.resolve("empty mask.png");
		ImageFiles.write(empty, image(37, 23, 1, 0), 8, true);
		assertInpaintRefused("nothing to inpaint", inpaintModel, empty);
		Path notAnImage = Files.write(dir.resolve("broken.png"), new byte[] { (byte) 0x89, 'P', 'N', 'G', 1, 2 });
		assertInpaintRefused("broken.png", inpaintModel, notAnImage);
	}

	@Test
	void tinyImagesAndFullMasksWork() throws IOException {
		for (int[] size : new int[][] { { 1, 1 }, { 3, 5 } }) {
			Path p = dir.resolve(size[0] + "x" + size[1] + ".png"), m = dir.resolve("m" + size[0] + ".png");
			ImageFiles.write(p, image(size[0], size[1], 3, 0.5f));
			ImageFiles.write(m, image(size[0], size[1], 1, 1), 8, true); // everything damaged
			Path o = dir.resolve("o" + size[0] + ".png");
			assertEquals(0, run("inpaint", p.toString(), "--mask", m.toString(), "--model", inpaintModel.toString(), "-o",
				o.toString()), cli.err());
			assertEquals(size[0], ImageFiles.read(o).width());
			Path c = dir.resolve("c" + size[0] + ".png");
			assertEquals(0, run("colorize", p.toString(), "--model", colorizeModel.toString(), "-o", c.toString()), cli.err());
			assertEquals(size[1], ImageFiles.read(c).height());
		}
	}
}
