package org.revivegan.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.util.Rng;
import org.revivegan.io.ImageFiles;
import org.revivegan.io.LoadedImage;

/** The command line end to end: train a tiny model, then inpaint and colourise with it; bad input exits 2. */
class MainTest {

	@TempDir
	Path dir;

	private final CliRunner cli = new CliRunner();

	private int run(String... args) {
		return cli.run(args);
	}

	private String err() {
		return cli.err();
	}

	private void writePhoto(Path file, long seed) throws IOException {
		Rng rng = new Rng(seed);
		int w = 70, h = 50;
		Img<FloatType> img = ArrayImgs.floats(w, h, 3);
		float[] a = ((net.imglib2.img.array.ArrayImg<FloatType, net.imglib2.img.basictypeaccess.array.FloatArray>) img)
			.update(null).getCurrentStorageArray();
		for (int c = 0; c < 3; c++) {
			double f = rng.uniform(0.05, 0.2);
			for (int i = 0; i < w * h; i++)
				a[c * w * h + i] = (float) (0.5 + 0.4 * Math.sin(f * (i % w) + 0.1 * (i / w) + c));
		}
		ImageFiles.write(file, img);
	}

	/** The models shipped in the jar load and work when no model is given (skipped in a build without them). */
	@Test
	void defaultModelsAreUsedWithoutModel() throws IOException {
		org.junit.jupiter.api.Assumptions.assumeTrue(org.revivegan.core.model.DefaultModels.available(Task.INPAINT) &&
			org.revivegan.core.model.DefaultModels.available(Task.COLORIZE), "this build ships no default models");
		Path photo = dir.resolve("p.png"), damaged = dir.resolve("damaged.png"), mask = dir.resolve("mask.png");
		writePhoto(photo, 4);
		assertEquals(0, run("damage", photo.toString(), "-o", damaged.toString(), "--mask-out", mask.toString(),
			"--damage", "10-20"), err());
		Path restored = dir.resolve("restored.png");
		assertEquals(0, run("inpaint", damaged.toString(), "--mask", mask.toString(), "-o", restored.toString()), err());
		float[] in = org.revivegan.core.image.Images.floats(ImageFiles.read(damaged).image());
		float[] outPixels = org.revivegan.core.image.Images.floats(ImageFiles.read(restored).image());
		float[] m = org.revivegan.core.image.Images.floats(ImageFiles.read(mask).image());
		int n = 70 * 50, changed = 0; // one plane (the mask may read back with 1 or 3 channels)
		for (int c = 0; c < 3; c++)
			for (int i = 0; i < n; i++) {
				if (m[i] == 0) assertEquals(in[c * n + i], outPixels[c * n + i], 0f, "outside the mask");
				else if (in[c * n + i] != outPixels[c * n + i]) changed++;
			}
		assertTrue(changed > 0, "the default model filled the damage");
		assertTrue(Files.readString(dir.resolve("restored.png.revivegan.json")).contains("default inpaint model"));

		Path colored = dir.resolve("colored.png");
		assertEquals(0, run("colorize", damaged.toString(), "-o", colored.toString()), err());
		assertEquals(3, ImageFiles.read(colored).image().dimension(2));
	}

	@Test
	void trainThenInpaintAndColorize() throws IOException {
		Path photos = Files.createDirectories(dir.resolve("photos"));
		for (int i = 0; i < 3; i++)
			writePhoto(photos.resolve("p" + i + ".png"), i);
		for (String task : new String[] { "inpaint", "colorize" }) {
			Path model = dir.resolve(task + ".zip");
			assertEquals(0, run("train", "--task", task, "--images", photos.toString(), "--run", dir.resolve("run-" + task)
				.toString(), "--preset", "tiny", "--crop", "32", "--batch", "2", "--l1-steps", "2", "--gan-steps", "2",
				"--validate-every", "2", "-o", model.toString()), err());
			assertEquals(Task.parse(task), ModelFile.load(model).task());
		}
		Path damaged = dir.resolve("damaged.png"), mask = dir.resolve("mask.png");
		assertEquals(0, run("damage", photos.resolve("p0.png").toString(), "-o", damaged.toString(), "--mask-out",
			mask.toString(), "--damage", "10-20"), err());
		Path restored = dir.resolve("restored.png");
		assertEquals(0, run("inpaint", damaged.toString(), "--mask", mask.toString(), "--model",
			dir.resolve("inpaint.zip").toString(), "-o", restored.toString()), err());
		LoadedImage r = ImageFiles.read(restored);
		assertEquals(70, r.width());

		// a folder of damaged images with a folder of masks of the same names
		Path scans = Files.createDirectories(dir.resolve("scans")), masks = Files.createDirectories(dir.resolve("masks"));
		Files.copy(damaged, scans.resolve("a.png"));
		Files.copy(damaged, scans.resolve("b.png"));
		Files.copy(mask, masks.resolve("a.png"));
		Files.copy(mask, masks.resolve("b.png"));
		assertEquals(0, run("inpaint", scans.toString(), "--mask", masks.toString(), "--dilate", "1", "--model",
			dir.resolve("inpaint.zip").toString(), "-o", dir.resolve("restored").toString()), err());
		assertEquals(4, ImageFiles.listImages(dir.resolve("restored")).size(), "two results and their maps");
		assertTrue(Files.exists(dir.resolve("restored/b-synthesized.png")));
		assertTrue(Files.exists(dir.resolve("restored/b.png.revivegan.json")));
		Files.delete(masks.resolve("b.png"));
		assertEquals(2, run("inpaint", scans.toString(), "--mask", masks.toString(), "--model",
			dir.resolve("inpaint.zip").toString(), "-o", dir.resolve("restored2").toString()));
		assertTrue(err().contains("No mask for b.png"), err());

		// a folder of images in one call
		Path outDir = dir.resolve("colored");
		assertEquals(0, run("colorize", photos.toString(), "--model", dir.resolve("colorize.zip").toString(), "-o",
			outDir.toString()), err());
		assertEquals(3, ImageFiles.listImages(outDir).size());

		// the wrong model for the task: exit 2 with one line saying so
		assertEquals(2, run("colorize", restored.toString(), "--model", dir.resolve("inpaint.zip").toString(), "-o",
			dir.resolve("x.png").toString()));
		assertTrue(err().contains("inpaint model, not a colorize model"), err());
		assertEquals(1, err().trim().split("\n").length);
	}

	@Test
	void evaluateWritesTheCsvAndTheReport() throws IOException {
		Path photos = Files.createDirectories(dir.resolve("eval-photos"));
		writePhoto(photos.resolve("p0.png"), 0);
		writePhoto(photos.resolve("p1.tif"), 1);
		for (Task task : Task.values())
			org.revivegan.testing.TinyModels.save(task, dir.resolve(task.id() + "-tiny.zip"));
		Path csv = dir.resolve("out/inpaint.csv"), report = dir.resolve("report");
		assertEquals(0, run("evaluate", "--task", "inpaint", "--images", photos.toString(), "--csv", csv.toString(),
			"--report", report.toString(), "--seed", "5", "--model", dir.resolve("inpaint-tiny.zip").toString()), err());
		java.util.List<String> lines = Files.readAllLines(csv);
		// the inpainting CSV: the older columns, then the detail ratio
		assertEquals("task,method,band,image,psnr,ssim,psnr_masked,colorfulness_ratio,seconds,detail_ratio", lines.get(0));
		assertEquals(1 + 2 * 6 * 3, lines.size());
		assertTrue(lines.get(1).startsWith("inpaint,revivegan,scratches,p0.png,"), lines.get(1));
		assertTrue(lines.get(2).startsWith("inpaint,telea,scratches,p0.png,"), lines.get(2));
		assertTrue(lines.get(3).matches("inpaint,ns,scratches,p0.png,[0-9.]+,[0-9.]+,[0-9.]+,,[0-9.]+,[0-9.]+"), lines.get(3));
		String md = Files.readString(report.resolve("report.md"));
		assertTrue(md.contains("| detail ratio |"), md);
		assertTrue(md.contains("| 40-50 | ns | 2 |"), md);
		assertTrue(md.contains("Seed: 5"), md);
		assertTrue(md.contains("- Model: " + dir.resolve("inpaint-tiny.zip").toAbsolutePath() + " ("), md);
		for (String band : new String[] { "scratches", "0-10", "10-20", "20-30", "30-40", "40-50" }) {
			Path sheet = report.resolve("inpaint-" + band + ".png");
			assertTrue(md.contains("(inpaint-" + band + ".png)"), md);
			LoadedImage s = ImageFiles.read(sheet);
			assertEquals(4 + 5 * (70 + 4), s.width()); // five 70x50 tiles, not scaled down
			assertEquals(4 + 2 * (50 + 4), s.height()); // two images
		}
		Path colorCsv = dir.resolve("colorize.csv");
		assertEquals(0, run("evaluate", "--task", "colorize", "--images", photos.toString(), "--csv", colorCsv.toString(),
			"--report", report.toString(), "--model", dir.resolve("colorize-tiny.zip").toString()), err());
		lines = Files.readAllLines(colorCsv);
		assertEquals(5, lines.size());
		assertEquals("task,method,band,image,psnr,ssim,psnr_masked,colorfulness_ratio,seconds", lines.get(0),
			"the colourisation CSV keeps its columns");
		assertTrue(lines.get(2).matches("colorize,grayscale,all,p0.png,[0-9.]+,[0-9.]+,,0\\.0+,[0-9.]+"), lines.get(2));
		assertTrue(Files.exists(report.resolve("colorize-all.png")));

		// without --model: the default model; a build without one says what to do (the shipped default is
		// exercised in defaultModelsAreUsedWithoutModel)
		if (!org.revivegan.core.model.DefaultModels.available(org.revivegan.core.model.Task.INPAINT)) {
			assertEquals(2, run("evaluate", "--images", photos.toString(), "--csv", csv.toString()));
			assertTrue(err().contains("no default inpaint model"), err());
		}
		assertEquals(2, run("evaluate", "--images", dir.resolve("nowhere").toString(), "--csv", csv.toString()));
		assertTrue(err().contains("Not a folder"), err());
		// a damaged photo: exit 2 naming it, and no CSV written
		Files.write(photos.resolve("z-broken.png"), new byte[] { (byte) 0x89, 'P', 'N', 'G', 1, 2, 3 });
		Path none = dir.resolve("none.csv");
		assertEquals(2, run("evaluate", "--images", photos.toString(), "--csv", none.toString(), "--model", dir.resolve(
			"inpaint-tiny.zip").toString()));
		assertTrue(err().contains("z-broken.png"), err());
		assertFalse(Files.exists(none));
	}

	@Test
	void badInputExitsTwoWithOneLine() {
		assertEquals(2, run("frobnicate"));
		assertTrue(err().startsWith("revive: Unknown command"));
		assertEquals(2, run("inpaint", dir.resolve("missing.png").toString(), "--mask", "m.png", "-o", "o.png"));
		assertTrue(err().contains("No such file"), err());
		assertEquals(2, run("train", "--task", "paint"));
		assertTrue(err().contains("Unknown task"), err());
		assertEquals(2, run("train", "--crop", "abc"));
		assertTrue(err().contains("whole number"), err());
		assertEquals(0, run("--help"));
		assertTrue(cli.out().contains("Usage: revive"));
	}

	@Test
	void infoDescribesTheBackend() {
		assertEquals(0, run("info"), err());
		String s = cli.out();
		assertTrue(s.contains("backend:") && s.contains("CPU"), s);
		assertTrue(s.contains("oneDNN helpers:  on"), s);
	}

	/** info lists the realistic inpainting model when it is installed, and says nothing of it when it is not. */
	@Test
	void infoListsTheRealisticModelWhenItIsInstalled() throws Exception {
		Path folder = org.revivegan.testing.TinyModels.inpaintModels(dir.resolve("models"), true);
		org.revivegan.testing.TinyModels.withModelsFolder(folder, () -> {
			assertEquals(0, run("info"), err());
			String s = cli.out();
			assertTrue(s.contains("\ninpaint model:   " + org.revivegan.testing.TinyModels.FAITHFUL + ", "), s);
			assertTrue(s.contains("\nrealistic inpaint model: " + org.revivegan.testing.TinyModels.REALISTIC + ", "), s);
			Files.delete(folder.resolve("inpaint-realistic-1.zip"));
			assertEquals(0, run("info"), err());
			assertFalse(cli.out().contains("realistic"), cli.out());
		});
	}
}
