package org.revivegan.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.image.Images;
import org.revivegan.core.model.DefaultModels;
import org.revivegan.core.model.Task;
import org.revivegan.core.util.Rng;
import org.revivegan.io.ImageFiles;
import org.revivegan.io.LoadedImage;
import org.revivegan.testing.TinyModels;

/**
 * {@code revive demo} end to end on tiny photos with tiny untrained models: which files it writes, the sheet
 * sizes, that restoring changes only masked pixels, reruns, and the refusals.
 */
class DemoCommandTest {

	private static final int W = 70, H = 50;

	@TempDir
	Path dir;

	private Path photos, inpaintModel, colorizeModel, faithfulOnly;
	private final CliRunner cli = new CliRunner();

	private int run(String... args) {
		return cli.run(args);
	}

	/**
	 * Runs the demo with the tiny models given as files, and the shipped models looked for in a folder without
	 * the realistic inpainting model, so that the demo is the same whether or not this build has one.
	 */
	private int demo(Path target, String... more) throws Exception {
		String[] args = new String[9 + more.length];
		String[] fixed = { "demo", "--images", photos.toString(), "--out", target.toString(), "--inpaint-model",
			inpaintModel.toString(), "--colorize-model", colorizeModel.toString() };
		System.arraycopy(fixed, 0, args, 0, 9);
		System.arraycopy(more, 0, args, 9, more.length);
		return shippedModelsIn(faithfulOnly, args);
	}

	/** @return the exit code of the command line {@code args}, with the shipped models looked for in {@code models} */
	private int shippedModelsIn(Path models, String... args) throws Exception {
		int[] code = { -1 };
		TinyModels.withModelsFolder(models, () -> code[0] = run(args));
		return code[0];
	}

	private String out() {
		return cli.out();
	}

	private String err() {
		return cli.err();
	}

	private static Img<FloatType> photo(long seed) {
		Rng rng = new Rng(seed);
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(W, H, 3);
		float[] a = img.update(null).getCurrentStorageArray();
		for (int c = 0; c < 3; c++) {
			double f = rng.uniform(0.05, 0.2);
			for (int i = 0; i < W * H; i++)
				a[c * W * H + i] = (float) (0.5 + 0.4 * Math.sin(f * (i % W) + 0.1 * (i / W) + c));
		}
		return img;
	}

	/**
	 * a.png (colour), a-damaged.png with a-damage-mask.png (a real damage of a.png), g.png (gray, no colour
	 * original), and the tiny models.
	 */
	@BeforeEach
	void photosAndModels() throws IOException {
		photos = Files.createDirectories(dir.resolve("photos"));
		Img<FloatType> a = photo(1);
		ImageFiles.write(photos.resolve("a.png"), a);
		Img<FloatType> damaged = Images.copy(a);
		ArrayImg<FloatType, FloatArray> mask = ArrayImgs.floats(W, H);
		float[] d = Images.floats(damaged), m = mask.update(null).getCurrentStorageArray();
		for (int y = 10; y < 20; y++)
			for (int x = 20; x < 45; x++) {
				m[x + W * y] = 1;
				for (int c = 0; c < 3; c++)
					d[c * W * H + x + W * y] = 1;
			}
		ImageFiles.write(photos.resolve("a-damaged.png"), damaged);
		ImageFiles.write(photos.resolve("a-damage-mask.png"), mask);
		ImageFiles.write(photos.resolve("g.png"), DemoCommand.grayCopy(photo(2)), 8, true);
		inpaintModel = TinyModels.save(Task.INPAINT, dir.resolve("inpaint.zip"));
		colorizeModel = TinyModels.save(Task.COLORIZE, dir.resolve("colorize.zip"));
		faithfulOnly = TinyModels.inpaintModels(dir.resolve("faithful-only"), false);
	}

	@Test
	void writesThePicturesTheSheetsAndTheIndex() throws Exception {
		Path target = dir.resolve("demo");
		assertEquals(0, demo(target, "--seed", "3"), err());

		for (String f : List.of(".revive-demo", "index.md", "inpaint-sheet.png", "colorize-sheet.png",
			"inpaint/a-input.png", "inpaint/a-mask.png", "inpaint/a-restored.png", "inpaint/a-damaged-input.png",
			"inpaint/a-damaged-mask.png", "inpaint/a-damaged-restored.png", "colorize/g-input.png",
			"colorize/g-colorized.png", "colorize/a-gray-input.png", "colorize/a-gray-colorized.png"))
			assertTrue(Files.isRegularFile(target.resolve(f)), f + " written");

		// sheets: tiles of 70x50 are not scaled; two rows each; inpaint rows of 4 tiles, colorize rows of 2 and 3
		LoadedImage inpaintSheet = ImageFiles.read(target.resolve("inpaint-sheet.png"));
		assertEquals(4 + 4 * (W + 4), inpaintSheet.width());
		assertEquals(4 + 2 * (H + 4), inpaintSheet.height());
		LoadedImage colorizeSheet = ImageFiles.read(target.resolve("colorize-sheet.png"));
		assertEquals(4 + 3 * (W + 4), colorizeSheet.width());
		assertEquals(4 + 2 * (H + 4), colorizeSheet.height());

		// the synthetic damage: 10-18 % plus scratches; only masked pixels change, and some of them do
		for (String stem : new String[] { "a", "a-damaged" }) {
			float[] input = Images.floats(ImageFiles.read(target.resolve("inpaint/" + stem + "-input.png")).image());
			float[] mask = Images.floats(ImageFiles.read(target.resolve("inpaint/" + stem + "-mask.png")).image());
			float[] restored = Images.floats(ImageFiles.read(target.resolve("inpaint/" + stem + "-restored.png"))
				.image());
			int masked = 0, changed = 0, n = W * H;
			for (int i = 0; i < n; i++) {
				if (mask[i] != 0) masked++;
				for (int c = 0; c < 3; c++) {
					if (mask[i] == 0) assertEquals(input[c * n + i], restored[c * n + i], 0, stem + ": unmasked pixel " + i);
					else if (input[c * n + i] != restored[c * n + i]) changed++;
				}
			}
			assertTrue(changed > 0, stem + ": the model changed masked pixels");
			if (stem.equals("a")) assertTrue(masked >= 0.10 * n && masked <= 0.22 * n, "masked " + masked);
			else assertEquals(25 * 10, masked, "the real mask is used as it is");
		}
		// the damaged file given is used as it is
		assertArrayEquals(Images.floats(ImageFiles.read(photos.resolve("a-damaged.png")).image()), Images.floats(
			ImageFiles.read(target.resolve("inpaint/a-damaged-input.png")).image()));
		// the gray copy has the lightness of a.png, written as gray; the colourised result is in colour
		assertTrue(ImageFiles.read(target.resolve("colorize/a-gray-input.png")).grayscale());
		assertArrayEquals(Images.floats(DemoCommand.grayCopy(ImageFiles.read(photos.resolve("a.png")).image())),
			Images.floats(ImageFiles.read(target.resolve("colorize/a-gray-input.png")).image()), 0);

		// one line per photo, then the absolute folder
		String[] lines = out().trim().split("\n");
		assertEquals(5, lines.length, out());
		assertTrue(lines[0].matches("inpaint   a\\.png: 1\\d\\.\\d % damaged \\(synthetic\\), restored in [0-9.]+ s; " +
			"PSNR [0-9.]+ dB \\(damaged [0-9.]+ dB\\)"), lines[0]);
		assertTrue(lines[1].startsWith("inpaint   a-damaged.png: 7.1 % damaged (real)"), lines[1]);
		assertTrue(lines[2].startsWith("colorize  g.png: colourised in "), lines[2]);
		assertTrue(lines[3].matches("colorize  a\\.png \\(gray copy\\): colourised in [0-9.]+ s; PSNR [0-9.]+ dB " +
			"\\(gray [0-9.]+ dB\\) against a\\.png"), lines[3]);
		assertTrue(lines[4].startsWith("Results in " + target.toAbsolutePath() + " ("), lines[4]);

		// the index: a row per photo with its numbers
		String md = Files.readString(target.resolve("index.md"));
		Matcher row = Pattern.compile("\\| a\\.png \\| synthetic \\| (1\\d\\.\\d) \\| \\[input]\\(inpaint/a-input\\.png\\) " +
			"\\| \\[mask]\\(inpaint/a-mask\\.png\\) \\| \\[restored]\\(inpaint/a-restored\\.png\\) \\| ([0-9.]+) \\| " +
			"([0-9.]+) \\| [0-9.]+ \\|").matcher(md);
		assertTrue(row.find(), md);
		assertTrue(lines[0].contains(row.group(1) + " % damaged"), "index and console agree");
		assertTrue(Double.parseDouble(row.group(2)) > 5, md);
		assertTrue(md.contains("| g.png | [input](colorize/g-input.png) | [colourised](colorize/g-colorized.png) |  |" +
			"  |  |"), md);
		assertTrue(md.contains("| a.png (gray copy) | [input](colorize/a-gray-input.png) |"), md);
		assertTrue(md.contains("(inpaint-sheet.png)") && md.contains("(colorize-sheet.png)"), md);
		assertTrue(md.contains("--seed 3"), md);
		// and the evaluation's tables, the synthetic damage beside the classical methods on the same mask
		assertTrue(md.contains("## Measured as revive evaluate measures"), md);
		for (String line : new String[] { "| synthetic | revivegan | 1 |", "| synthetic | telea | 1 |",
			"| synthetic | ns | 1 |", "| real | revivegan | 1 |", "| all | revivegan | 1 |", "| all | grayscale | 1 |" })
			assertTrue(md.contains(line), line + " in " + md);
		assertFalse(md.contains("| real | telea"), "a real damage is restored, not compared");
		// no realistic inpainting model here: nothing of it but the line that says so
		assertFalse(md.contains(DemoCommand.REALISTIC_METHOD) || md.contains("| Realistic |"), md);
		assertTrue(md.contains("The realistic inpaint model (inpaint-realistic-1.zip) is not installed"), md);
		assertFalse(out().contains("realistic"), out());
		try (java.util.stream.Stream<Path> walk = Files.walk(target)) {
			assertFalse(walk.anyMatch(p -> p.getFileName().toString().contains("realistic")), "no realistic pictures");
		}
	}

	/**
	 * With the realistic inpainting model installed, the demo restores every damaged photo with it too, beside the
	 * faithful (default) one: its pictures, a sheet column, its columns in the photo table and its rows in the
	 * evaluation's tables, called so that the two models are told apart.
	 */
	@Test
	void theRealisticModelIsShownBesideTheFaithfulOneWhenInstalled() throws Exception {
		Path models = TinyModels.inpaintModels(dir.resolve("both"), true);
		Path target = dir.resolve("demo");
		assertEquals(0, shippedModelsIn(models, "demo", "--images", photos.toString(), "--out", target.toString(),
			"--colorize-model", colorizeModel.toString(), "--seed", "3"), err());

		for (String f : List.of("inpaint/a-restored.png", "inpaint/a-realistic.png", "inpaint/a-damaged-restored.png",
			"inpaint/a-damaged-realistic.png"))
			assertTrue(Files.isRegularFile(target.resolve(f)), f + " written");
		assertTrue(Files.readString(target.resolve(".revive-demo")).contains("inpaint/a-realistic.png"),
			"a rerun deletes it");
		// damaged | mask | restored | realistic | original
		LoadedImage inpaintSheet = ImageFiles.read(target.resolve("inpaint-sheet.png"));
		assertEquals(4 + 5 * (W + 4), inpaintSheet.width());
		assertEquals(4 + 2 * (H + 4), inpaintSheet.height());
		// the realistic model too changes only the masked pixels
		float[] input = Images.floats(ImageFiles.read(target.resolve("inpaint/a-input.png")).image());
		float[] mask = Images.floats(ImageFiles.read(target.resolve("inpaint/a-mask.png")).image());
		float[] realistic = Images.floats(ImageFiles.read(target.resolve("inpaint/a-realistic.png")).image());
		for (int i = 0, n = W * H; i < n; i++)
			if (mask[i] == 0) for (int c = 0; c < 3; c++)
				assertEquals(input[c * n + i], realistic[c * n + i], 0, "unmasked pixel " + i);

		String[] lines = out().trim().split("\n");
		assertTrue(lines[0].matches("inpaint   a\\.png: .* dB\\); realistic model in [0-9.]+ s, PSNR [0-9.]+ dB"),
			lines[0]);
		assertTrue(lines[1].matches("inpaint   a-damaged\\.png: .*; realistic model in [0-9.]+ s, PSNR [0-9.]+ dB"),
			lines[1]);

		String md = Files.readString(target.resolve("index.md"));
		assertTrue(md.contains("Models: " + TinyModels.FAITHFUL + ", ") && md.contains(TinyModels.REALISTIC + ", "),
			"both models named: " + md);
		assertFalse(md.contains("is not installed"), md);
		assertTrue(md.contains("damaged input | mask | restored | realistic | original."), md);
		assertTrue(md.contains("| Result | Realistic | PSNR damaged (dB) | PSNR restored (dB) | PSNR realistic (dB) | " +
			"Seconds | Seconds realistic |"), md);
		assertTrue(Pattern.compile("\\| a\\.png \\| synthetic \\| 1\\d\\.\\d \\| .* " +
			"\\[restored]\\(inpaint/a-restored\\.png\\) \\| \\[realistic]\\(inpaint/a-realistic\\.png\\) " +
			"\\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\|").matcher(md).find(), md);
		// the evaluation's rows of both models, the realistic one right after the faithful one
		int at = -1;
		for (String row : new String[] { "| synthetic | revivegan | 1 |", "| synthetic | revivegan-realistic | 1 |",
			"| synthetic | telea | 1 |", "| synthetic | ns | 1 |", "| real | revivegan | 1 |",
			"| real | revivegan-realistic | 1 |" }) {
			int i = md.indexOf(row);
			assertTrue(i > at, row + " in order in " + md);
			at = i;
		}
		assertTrue(md.contains("Method revivegan: the model of the restored pictures; revivegan-realistic: the " +
			"realistic inpainting model"), md);
	}

	/** A realistic model file given with --realistic-model is shown beside the inpainting model, installed or not. */
	@Test
	void aRealisticModelFileIsShownBesideTheInpaintingModel() throws Exception {
		Path realistic = TinyModels.save(Task.INPAINT, "my realistic", dir.resolve("realistic.zip"));
		Path target = dir.resolve("demo");
		assertEquals(0, demo(target, "--realistic-model", realistic.toString()), err());
		assertTrue(Files.isRegularFile(target.resolve("inpaint/a-realistic.png")));
		String md = Files.readString(target.resolve("index.md"));
		assertTrue(md.contains("Models: tiny inpaint, ") && md.contains("my realistic, "), md);
		assertTrue(md.contains("| synthetic | revivegan-realistic | 1 |"), md);
		assertEquals(2, demo(target, "--realistic-model", dir.resolve("none.zip").toString()));
	}

	/** Without the realistic model, the default one alone: the demo as it always was. */
	@Test
	void withoutTheRealisticModelTheDefaultOneRestoresAlone() throws Exception {
		Path target = dir.resolve("demo");
		assertEquals(0, shippedModelsIn(faithfulOnly, "demo", "--images", photos.toString(), "--out", target
			.toString(), "--colorize-model", colorizeModel.toString()), err());
		assertEquals(4 + 4 * (W + 4), ImageFiles.read(target.resolve("inpaint-sheet.png")).width());
		assertFalse(Files.exists(target.resolve("inpaint/a-realistic.png")));
		String md = Files.readString(target.resolve("index.md"));
		assertTrue(md.contains("Model: " + TinyModels.FAITHFUL + ", "), md);
		assertTrue(md.contains("| Photo | Damage | Damaged % | Input | Mask | Result | PSNR damaged (dB) | " +
			"PSNR restored (dB) | Seconds |\n|---|---|---:|---|---|---|---:|---:|---:|\n"), md);
		assertFalse(md.contains(DemoCommand.REALISTIC_METHOD), md);
		assertTrue(md.contains("| synthetic | revivegan | 1 |"), md);
	}

	/**
	 * The demo's synthetic damage is measured by the evaluator (which fills a white-masked copy of the original);
	 * its result is still what {@code revive inpaint} makes of the damaged picture the demo writes.
	 */
	@Test
	void aRestoredPictureIsWhatRestoringTheWrittenInputGives() throws Exception {
		Path target = dir.resolve("demo");
		assertEquals(0, demo(target, "--seed", "4"), err());
		Path again = dir.resolve("again.png");
		assertEquals(0, run("inpaint", target.resolve("inpaint/a-input.png").toString(), "--mask", target.resolve(
			"inpaint/a-mask.png").toString(), "--model", inpaintModel.toString(), "-o", again.toString(),
			"--no-provenance"), err());
		assertArrayEquals(Images.floats(ImageFiles.read(target.resolve("inpaint/a-restored.png")).image()), Images
			.floats(ImageFiles.read(again).image()), 0);
	}

	@Test
	void rerunsIntoItsOwnFolderReproduciblyAndRefusesOthers() throws Exception {
		Path target = dir.resolve("demo");
		assertEquals(0, demo(target), err());
		byte[] mask = Files.readAllBytes(target.resolve("inpaint/a-mask.png"));
		Files.writeString(target.resolve("notes.txt"), "mine");

		// the same seed gives the same damage; what the first run wrote and this one does not is gone
		Files.delete(photos.resolve("g.png"));
		assertEquals(0, demo(target), err());
		assertArrayEquals(mask, Files.readAllBytes(target.resolve("inpaint/a-mask.png")));
		assertFalse(Files.exists(target.resolve("colorize/g-input.png")));
		assertFalse(Files.exists(target.resolve("colorize/g-colorized.png")));
		assertTrue(Files.exists(target.resolve("colorize/a-gray-colorized.png")));
		assertEquals("mine", Files.readString(target.resolve("notes.txt")), "files the demo did not write stay");
		assertTrue(Files.readString(target.resolve(".revive-demo")).contains("inpaint/a-restored.png"));

		// a folder with other files: refused, untouched
		Path foreign = Files.createDirectories(dir.resolve("holiday"));
		Files.writeString(foreign.resolve("photo.txt"), "x");
		assertEquals(2, demo(foreign));
		assertTrue(err().contains("is not empty and was not made by 'revive demo'"), err());
		assertEquals(1, err().trim().split("\n").length, err());
		try (java.util.stream.Stream<Path> s = Files.list(foreign)) {
			assertEquals(1, s.count());
		}
		// nor a file
		assertEquals(2, demo(foreign.resolve("photo.txt")));
		assertTrue(err().contains("is a file"), err());
	}

	@Test
	void aMissingDefaultModelSaysWhatToDo() throws IOException {
		// this build carries both default models, so the loader is told that it has none
		Path target = dir.resolve("demo");
		for (Task missing : new Task[] { Task.INPAINT, Task.COLORIZE }) {
			String option = missing == Task.INPAINT ? "--inpaint-model" : "--colorize-model";
			DemoCommand.ModelLoader none = DemoCommand.modelLoader(null, option, missing, t -> false);
			DemoCommand.ModelLoader other = DemoCommand.modelLoader(missing == Task.INPAINT ? colorizeModel :
				inpaintModel, "", missing == Task.INPAINT ? Task.COLORIZE : Task.INPAINT, t -> false);
			java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
			DemoCommand demo = new DemoCommand(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8),
				org.revivegan.core.progress.Progress.NONE);
			Main.UsageException u = assertThrows(Main.UsageException.class, () -> {
				if (missing == Task.INPAINT) demo.run(photos, target, 1, none, other, null);
				else demo.run(photos, target, 1, other, none, null);
			});
			String message = org.revivegan.core.util.Failures.userMessage(u, Main.DETAILS);
			assertTrue(message.startsWith("This build has no default " + missing.id() + " model: train one " +
				"(./revive train --task " + missing.id()), message);
			assertTrue(message.contains("pass it with " + option), message);
			assertEquals(1, message.trim().split("\n").length, message);
			assertTrue(org.revivegan.core.util.Failures.isUserError(u), "exit code 2, a usage error");
			assertFalse(Files.exists(target), "nothing written");
			assertEquals("", printed.toString(StandardCharsets.UTF_8));
		}
		// with the default models of this build, the same loader gives them
		if (DefaultModels.available(Task.DETECT)) assertEquals(Task.DETECT, DemoCommand.modelLoader(null, "",
			Task.DETECT, DefaultModels::available).load().task());
	}

	@Test
	void noPhotosIsAUsageError() throws IOException {
		Path none = Files.createDirectories(dir.resolve("none"));
		assertEquals(2, run("demo", "--images", none.toString(), "--out", dir.resolve("demo").toString()));
		assertTrue(err().contains("No photos"), err());
		assertEquals(0, run("--help"));
		assertTrue(out().contains("  demo [--out DIR] [--seed N]"), out());
	}

	@Test
	void samplesAreCopiedOutOfAJar() throws IOException {
		Path jar = dir.resolve("revivegan.jar");
		try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
			for (String name : new String[] { "org/revivegan/samples/README.md", "org/revivegan/samples/a.png",
				"org/revivegan/samples/b.jpg", "org/revivegan/other.png" }) {
				z.putNextEntry(new ZipEntry(name));
				z.write(name.getBytes(StandardCharsets.UTF_8));
				z.closeEntry();
			}
		}
		Path to = Files.createDirectories(dir.resolve("copied"));
		URL readme = new URL("jar:" + jar.toUri() + "!" + DemoCommand.SAMPLE_RESOURCES + "README.md");
		assertEquals(2, DemoCommand.copySamples(readme, to));
		assertEquals("org/revivegan/samples/b.jpg", Files.readString(to.resolve("b.jpg")));
		assertFalse(Files.exists(to.resolve("README.md")));
	}

	@Test
	void theSamplesAreFoundNextToTheLauncherOrInTheClassPath() {
		String before = System.getProperty(DemoCommand.HOME_PROPERTY);
		try {
			System.setProperty(DemoCommand.HOME_PROPERTY, Path.of("").toAbsolutePath().toString());
			assertEquals(Path.of("sample-images").toAbsolutePath(), DemoCommand.sampleFolder());
			System.setProperty(DemoCommand.HOME_PROPERTY, dir.toString()); // no sample-images there
			Path inClassPath = DemoCommand.sampleFolder();
			assertTrue(inClassPath.endsWith(Path.of("org", "revivegan", "samples")), String.valueOf(inClassPath));
			assertTrue(Files.isRegularFile(inClassPath.resolve("chelsea-damage-mask.png")));
		}
		finally {
			if (before == null) System.clearProperty(DemoCommand.HOME_PROPERTY);
			else System.setProperty(DemoCommand.HOME_PROPERTY, before);
		}
	}

	@Test
	void theSyntheticDamageCoversTenToTwentyPercentAndMarksEveryChange() {
		Img<FloatType> clean = photo(5);
		for (long seed = 0; seed < 5; seed++) {
			DemoCommand.SyntheticDamage d = DemoCommand.damage(clean, new Rng(seed));
			byte[] m = d.mask.update(null).getCurrentStorageArray();
			float[] a = Images.floats(clean), b = d.damaged.update(null).getCurrentStorageArray();
			int masked = 0, n = W * H;
			for (int i = 0; i < n; i++) {
				if (m[i] != 0) masked++;
				else for (int c = 0; c < 3; c++)
					assertEquals(a[c * n + i], b[c * n + i], 0, "unmasked pixel " + i + " unchanged");
			}
			assertTrue(masked >= 0.10 * n && masked <= 0.22 * n, "masked " + masked + " of " + n);
			DemoCommand.SyntheticDamage again = DemoCommand.damage(clean, new Rng(seed));
			assertArrayEquals(m, again.mask.update(null).getCurrentStorageArray(), "reproducible");
			assertFalse(java.util.Arrays.equals(m, DemoCommand.damage(clean, new Rng(seed + 100)).mask.update(null)
				.getCurrentStorageArray()), "another seed, another damage");
		}
	}
}
