package org.revivegan.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.eval.DetectionEvaluator;
import org.revivegan.io.ImageFiles;
import org.revivegan.io.LoadedImage;
import org.revivegan.testing.DetectionModels;

/** revive detect, evaluate --task detect and train --task detect: outputs and exit codes. */
class MainDetectTest {

	@TempDir
	Path dir;

	private final CliRunner cli = new CliRunner();

	private int run(String... args) {
		return cli.run(args);
	}

	private String err() {
		return cli.err();
	}

	private String out() {
		return cli.out();
	}

	private Path photo(Path file, int w, int h) throws IOException {
		Img<FloatType> img = ArrayImgs.floats(w, h, 3);
		int i = 0;
		for (FloatType v : img)
			v.set((float) (0.5 + 0.4 * Math.sin(0.05 * i++)));
		ImageFiles.write(file, img);
		return file;
	}

	@Test
	void detectWritesAMaskAndScoresItAgainstTheTruth() throws IOException {
		Path model = DetectionModels.saveFlat(dir.resolve("detect model.zip"));
		Path image = photo(dir.resolve("p.png"), 50, 40);
		Path truth = dir.resolve("truth.png");
		Img<FloatType> t = ArrayImgs.floats(50, 40);
		for (int x = 0; x < 10; x++)
			t.getAt(x, 0).set(1);
		ImageFiles.write(truth, t, 8, true);
		Path mask = dir.resolve("mask.png");
		assertEquals(0, run("detect", image.toString(), "-o", mask.toString(), "--model", model.toString(),
			"--threshold", "0.4", "--truth", truth.toString()), err());
		LoadedImage m = ImageFiles.read(mask);
		assertEquals(50, m.width());
		for (FloatType v : m.image())
			assertEquals(1f, v.get(), 1e-6, "the flat model marks everything at 0.4");
		assertTrue(out().contains("100.00 % marked"), out());
		assertTrue(out().contains("precision 0.005, recall 1.000"), out()); // 10 of 2000 pixels
		assertEquals(0, run("detect", image.toString(), "-o", mask.toString(), "--model", model.toString(),
			"--threshold", "0.6"), err());
		for (FloatType v : ImageFiles.read(mask).image())
			assertEquals(0f, v.get(), 1e-6);
	}

	@Test
	void detectRefusesBadInputWithExitCode2() throws IOException {
		Path image = photo(dir.resolve("p.png"), 20, 20);
		if (org.revivegan.core.model.DefaultModels.available(org.revivegan.core.model.Task.DETECT))
			assertEquals(0, run("detect", image.toString(), "-o", dir.resolve("m.png").toString()), err());
		else {
			assertEquals(2, run("detect", image.toString(), "-o", dir.resolve("m.png").toString()));
			assertTrue(err().contains("no default detect model") && err().contains("revive train --task detect"), err());
		}
		Path model = DetectionModels.saveFlat(dir.resolve("d.zip"));
		assertEquals(2, run("detect", image.toString(), "-o", dir.resolve("m.png").toString(), "--model",
			model.toString(), "--threshold", "7"));
		assertTrue(err().contains("--threshold"), err());
		Path inpaint = org.revivegan.testing.TinyModels.save(org.revivegan.core.model.Task.INPAINT, dir.resolve("i.zip"));
		assertEquals(2, run("detect", image.toString(), "-o", dir.resolve("m.png").toString(), "--model",
			inpaint.toString()));
		assertTrue(err().contains("inpaint model, not a detect model"), err());
		assertEquals(1, err().trim().split("\n").length);
	}

	@Test
	void evaluateDetectWritesOneRowPerKindMethodAndImage() throws IOException {
		Path photos = Files.createDirectories(dir.resolve("photos"));
		photo(photos.resolve("a.png"), 48, 40);
		photo(Files.createDirectories(photos.resolve("sub")).resolve("b.png"), 40, 48); // sub-folders count too
		Path csv = dir.resolve("out/detect.csv");
		assertEquals(0, run("evaluate", "--task", "detect", "--images", photos.toString(), "--csv", csv.toString(),
			"--model", DetectionModels.saveFlat(dir.resolve("d.zip")).toString(), "--seed", "3"), err());
		List<String> lines = Files.readAllLines(csv);
		assertEquals(DetectionEvaluator.CSV_HEADER, lines.get(0));
		assertEquals(1 + 2 * 2 * DetectionEvaluator.kinds().size(), lines.size());
		assertTrue(lines.get(1).matches("detect,revivegan,scratches,a.png,[0-9.]+,1.0000,[0-9.]+,[0-9.]+,[0-9.]+"),
			lines.get(1));
		assertTrue(lines.get(2).startsWith("detect,median-residual,scratches,a.png,"), lines.get(2));
		assertTrue(lines.stream().anyMatch(l -> l.startsWith("detect,revivegan,scratches,sub/b.png,")), lines.toString());
		assertTrue(out().contains("mean F1 per kind"), out());
	}

	@Test
	void trainDetectRefusesGanStepsAndRunsWithSteps() throws IOException {
		Path photos = Files.createDirectories(dir.resolve("photos"));
		photo(photos.resolve("a.png"), 64, 64);
		assertEquals(2, run("train", "--task", "detect", "--images", photos.toString(), "--run", dir.resolve("r")
			.toString(), "--gan-steps", "5", "--preset", "tiny"));
		assertTrue(err().contains("--gan-steps 0"), err());
		assertEquals(2, run("train", "--task", "inpaint", "--images", photos.toString(), "--run", dir.resolve("r")
			.toString(), "--steps", "5"));
		Path model = dir.resolve("detect.zip");
		assertEquals(0, run("train", "--task", "detect", "--images", photos.toString(), "--run", dir.resolve("run")
			.toString(), "--steps", "2", "--preset", "tiny", "--crop", "32", "--batch", "2", "--validate-every", "1",
			"-o", model.toString()), err());
		assertTrue(out().contains("best validation F1"), out());
		assertEquals(org.revivegan.core.model.Task.DETECT, org.revivegan.core.model.ModelFile.load(model).task());
	}
}
