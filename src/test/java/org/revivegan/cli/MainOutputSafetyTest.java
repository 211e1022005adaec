package org.revivegan.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.model.Task;
import org.revivegan.io.ImageFiles;
import org.revivegan.testing.TinyModels;

/**
 * The command line never destroys the user's files: a result over an input (by any path to it) is refused unless
 * {@code --overwrite}, two inputs of a batch that map to one output are refused naming both, a provenance file
 * never replaces an input or another result, and a batch with unreadable inputs names them all before writing
 * anything. Every refusal is exit code 2 with one line, and leaves every file as it was.
 */
class MainOutputSafetyTest {

	@TempDir
	Path dir;

	private final CliRunner cli = new CliRunner();
	private Path inpaintModel, colorizeModel, detectModel;

	@BeforeEach
	void models() throws IOException {
		inpaintModel = TinyModels.save(Task.INPAINT, dir.resolve("inpaint.zip"));
		colorizeModel = TinyModels.save(Task.COLORIZE, dir.resolve("colorize.zip"));
		detectModel = TinyModels.save(Task.DETECT, dir.resolve("detect.zip"));
	}

	private static Path photo(Path file, float value) throws IOException {
		Files.createDirectories(file.getParent());
		Img<FloatType> img = ArrayImgs.floats(20, 12, 3);
		int i = 0;
		for (FloatType t : img)
			t.set(value + (i++ % 7) / 40f);
		ImageFiles.write(file, img);
		return file;
	}

	private static Path mask(Path file) throws IOException {
		Files.createDirectories(file.getParent());
		Img<FloatType> m = ArrayImgs.floats(20, 12);
		m.randomAccess().setPositionAndGet(5, 5).set(1);
		ImageFiles.write(file, m, 8, true);
		return file;
	}

	/** @return the bytes of every file under the folder, to check that a refusal changed none */
	private Map<Path, byte[]> snapshot() throws IOException {
		Map<Path, byte[]> files = new HashMap<>();
		try (var s = Files.walk(dir)) {
			for (Path p : (Iterable<Path>) s::iterator)
				if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) files.put(p, Files.readAllBytes(p));
		}
		return files;
	}

	/** Runs, and asserts exit 2, one line containing each of {@code expected}, and no file added or changed. */
	private void assertRefused(String[] expected, String... args) throws IOException {
		Map<Path, byte[]> before = snapshot();
		assertEquals(2, cli.run(args), cli.err());
		String e = cli.err().strip();
		assertEquals(1, e.split("\n").length, "one line: " + e);
		for (String x : expected)
			assertTrue(e.contains(x), "'" + x + "' in: " + e);
		Map<Path, byte[]> after = snapshot();
		assertEquals(before.keySet(), after.keySet(), "no file written or removed");
		for (Path p : before.keySet())
			assertArrayEquals(before.get(p), after.get(p), p + " unchanged");
	}

	private static String[] words(String... w) {
		return w;
	}

	@Test
	void aResultOverItsInputIsRefusedByAnyPathUnlessOverwrite() throws IOException {
		Path a = photo(dir.resolve("d/a.png"), 0.2f);
		assertRefused(words("over the input", "--overwrite"), "colorize", a.toString(), "--model", colorizeModel
			.toString(), "-o", a.toString());
		// the same file through another spelling, a symbolic link and a hard link
		assertRefused(words("over the input"), "colorize", a.toString(), "--model", colorizeModel.toString(), "-o",
			dir.resolve("d/../d/./a.png").toString());
		Path link = Files.createSymbolicLink(dir.resolve("link.png"), a);
		assertRefused(words("over the input"), "colorize", a.toString(), "--model", colorizeModel.toString(), "-o",
			link.toString());
		Path linkedFolder = Files.createSymbolicLink(dir.resolve("e"), dir.resolve("d"));
		assertRefused(words("over the input"), "colorize", a.toString(), "--model", colorizeModel.toString(), "-o",
			linkedFolder.resolve("a.png").toString());
		Path hard = Files.createLink(dir.resolve("hard.png"), a);
		assertRefused(words("over the input"), "colorize", a.toString(), "--model", colorizeModel.toString(), "-o",
			hard.toString());
		// inpaint over its mask, detect over its image, damage over its image or with one file for both outputs
		Path m = mask(dir.resolve("d/m.png"));
		assertRefused(words("over the input", m.toString()), "inpaint", a.toString(), "--mask", m.toString(), "--model",
			inpaintModel.toString(), "-o", m.toString());
		assertRefused(words("over the input"), "detect", a.toString(), "--model", detectModel.toString(), "-o", a
			.toString());
		assertRefused(words("over the input"), "damage", a.toString(), "-o", a.toString(), "--mask-out", dir.resolve(
			"mo.png").toString());
		assertRefused(words("both be written to"), "damage", a.toString(), "-o", dir.resolve("x.png").toString(),
			"--mask-out", dir.resolve("x.png").toString());
		// nor over the model file
		assertRefused(words("over the input"), "inpaint", a.toString(), "--mask", m.toString(), "--model",
			inpaintModel.toString(), "-o", inpaintModel.toString());

		// --overwrite: the user asked for it
		byte[] original = Files.readAllBytes(a);
		assertEquals(0, cli.run("colorize", a.toString(), "--model", colorizeModel.toString(), "-o", a.toString(),
			"--overwrite"), cli.err());
		assertFalse(java.util.Arrays.equals(original, Files.readAllBytes(a)), "replaced as asked");
	}

	@Test
	void twoInputsOfABatchForOneOutputAreRefusedNamingBoth() throws IOException {
		Path x1 = photo(dir.resolve("d1/x.png"), 0.2f), x2 = photo(dir.resolve("d2/x.png"), 0.4f);
		Path out = dir.resolve("out");
		assertRefused(words(x1.toString(), x2.toString(), "both be written to " + out.resolve("x.png")), "colorize", x1
			.toString(), x2.toString(), "--model", colorizeModel.toString(), "-o", out.toString());
		Path yj = dir.resolve("d1/y.jpg"), yp = photo(dir.resolve("d1/y.png"), 0.3f);
		Files.copy(yp, yj); // (a PNG named .jpg reads as well)
		// results keep their input's format (y.jpg -> y.jpg, y.png -> y.png); detection's masks are all PNG
		assertRefused(words(yj.toString(), yp.toString()), "detect", yj.toString(), yp.toString(), "--model",
			detectModel.toString(), "-o", out.toString());
		// a folder of inputs and its own files given again
		assertRefused(words("both be written to"), "colorize", dir.resolve("d1").toString(), yp.toString(), "--model",
			colorizeModel.toString(), "-o", out.toString());
	}

	@Test
	void provenanceFilesNeverReplaceAnInputOrAResult() throws IOException {
		// the map of x.png's result is x-synthesized.png: the result of the input x-synthesized.png has that name
		Path scans = dir.resolve("scans"), masks = dir.resolve("masks"), out = dir.resolve("out");
		photo(scans.resolve("x.png"), 0.2f);
		photo(scans.resolve("x-synthesized.png"), 0.3f);
		mask(masks.resolve("x.png"));
		mask(masks.resolve("x-synthesized.png"));
		assertRefused(words("provenance file of " + scans.resolve("x.png"), scans.resolve("x-synthesized.png")
			.toString()), "inpaint", scans.toString(), "--mask", masks.toString(), "--model", inpaintModel.toString(),
			"-o", out.toString());
		// a map over an input: the result r.png beside an input r-synthesized.png, even with --overwrite
		Path a = photo(dir.resolve("a.png"), 0.2f), m = mask(dir.resolve("r-synthesized.png"));
		assertRefused(words("provenance file", "over the input " + m), "inpaint", a.toString(), "--mask", m.toString(),
			"--model", inpaintModel.toString(), "-o", dir.resolve("r.png").toString(), "--overwrite");
		// without provenance files there is nothing in the way
		assertEquals(0, cli.run("inpaint", a.toString(), "--mask", m.toString(), "--model", inpaintModel.toString(),
			"-o", dir.resolve("r.png").toString(), CliContext.NO_PROVENANCE), cli.err());
		assertTrue(Files.exists(dir.resolve("r.png")));
	}

	@Test
	void unreadableInputsOfABatchAreAllNamedBeforeAnythingIsWritten() throws IOException {
		Path in = dir.resolve("in");
		photo(in.resolve("a.png"), 0.2f);
		Path broken = Files.write(in.resolve("b.png"), new byte[] { (byte) 0x89, 'P', 'N', 'G', 1, 2 });
		Path text = Files.writeString(in.resolve("c.jpg"), "not a photo");
		photo(in.resolve("d.png"), 0.3f);
		assertRefused(words("2 of 4 inputs cannot be read", broken.toString(), text.toString(), "nothing was written"),
			"colorize", in.toString(), "--model", colorizeModel.toString(), "-o", dir.resolve("out").toString());
		assertFalse(Files.exists(dir.resolve("out")), "not even the output folder");
	}

	@Test
	void aMaskOfTheWholeImageWarns() throws IOException {
		Path a = photo(dir.resolve("a.png"), 0.2f);
		Img<FloatType> full = ArrayImgs.floats(20, 12);
		full.forEach(t -> t.set(1));
		Path m = dir.resolve("full.png");
		ImageFiles.write(m, full, 8, true);
		assertEquals(0, cli.run("inpaint", a.toString(), "--mask", m.toString(), "--model", inpaintModel.toString(),
			"-o", dir.resolve("r.png").toString()), cli.err());
		assertTrue(cli.err().contains("warning: the mask " + m + " covers the whole of " + a), cli.err());
		assertEquals(0, cli.run("inpaint", a.toString(), "--mask", mask(dir.resolve("m.png")).toString(), "--model",
			inpaintModel.toString(), "-o", dir.resolve("r2.png").toString()), cli.err());
		assertFalse(cli.err().contains("warning"), cli.err());
	}
}
