package org.revivegan.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.model.Task;
import org.revivegan.io.ImageFiles;
import org.revivegan.testing.TinyModels;

/** {@code revive colorize --hints HINTS.csv} and {@code revive evaluate --task colorize --hints}. */
class MainHintsTest {

	@TempDir
	Path dir;

	private final CliRunner cli = new CliRunner();

	private int run(String... args) {
		return cli.run(args);
	}

	private String err() {
		return cli.err();
	}

	private Path photo(String name) throws IOException {
		int w = 40, h = 30, n = w * h;
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(w, h, 3);
		float[] a = img.update(null).getCurrentStorageArray();
		for (int c = 0; c < 3; c++)
			for (int i = 0; i < n; i++)
				a[c * n + i] = (float) (0.5 + 0.4 * Math.sin(0.2 * (i % w) * (c + 1) + 0.1 * (i / w)));
		Path p = dir.resolve(name);
		ImageFiles.write(p, img);
		return p;
	}

	@Test
	void colorizeWithAHintsFileAndItsErrors() throws IOException {
		Path in = photo("old.png"), model = TinyModels.save(Task.COLORIZE, dir.resolve("c.zip"));
		Path good = Files.writeString(dir.resolve("hints.csv"), "x,y,radius,r,g,b\n5,5,2,200,40,40\n20,10,1,#2040c0\n");
		Path out = dir.resolve("out.png");
		assertEquals(0, run("colorize", in.toString(), "--model", model.toString(), "-o", out.toString(), "--hints",
			good.toString()), err());
		String json = Files.readString(dir.resolve("out.png.revivegan.json"));
		assertTrue(json.matches("(?s).*\"hints\": 2.*"), json);
		assertTrue(json.contains("csv hints.csv"), json);
		assertTrue(json.matches("(?s).*\"hintSpread\": true.*"), json);
		// --no-spread: the network's response alone, another picture, and the record says so
		Path alone = dir.resolve("alone.png");
		assertEquals(0, run("colorize", in.toString(), "--model", model.toString(), "-o", alone.toString(), "--hints",
			good.toString(), "--no-spread"), err());
		assertTrue(Files.readString(dir.resolve("alone.png.revivegan.json")).matches("(?s).*\"hintSpread\": false.*"));
		float[] spread = org.revivegan.core.image.Images.floats(ImageFiles.read(out).image());
		float[] networkOnly = org.revivegan.core.image.Images.floats(ImageFiles.read(alone).image());
		assertFalse(java.util.Arrays.equals(spread, networkOnly));

		Path bad = Files.writeString(dir.resolve("bad.csv"), "5,5,2,200,40,40\n5,5,2,200,40\n");
		assertEquals(2, run("colorize", in.toString(), "--model", model.toString(), "-o", out.toString(), "--hints",
			bad.toString()));
		assertTrue(err().contains("bad.csv line 2: expected 4 fields"), err());
		Path outside = Files.writeString(dir.resolve("outside.csv"), "500,5,2,#ffffff\n");
		assertEquals(2, run("colorize", in.toString(), "--model", model.toString(), "-o", out.toString(), "--hints",
			outside.toString()));
		assertTrue(err().contains("outside the 40x30 image"), err());
		assertEquals(2, run("colorize", in.toString(), "--model", model.toString(), "-o", out.toString(), "--hints",
			dir.resolve("missing.csv").toString()));
		assertTrue(err().contains("No such hints file"), err());
	}

	@Test
	void evaluateWithHintCountsWritesHintsRowsAndTheTable() throws IOException {
		Path photos = Files.createDirectories(dir.resolve("photos"));
		Files.move(photo("p0.png"), photos.resolve("p0.png"));
		Path model = TinyModels.save(Task.COLORIZE, dir.resolve("c.zip"));
		Path csv = dir.resolve("eval.csv"), report = dir.resolve("report");
		assertEquals(0, run("evaluate", "--task", "colorize", "--images", photos.toString(), "--csv", csv.toString(),
			"--model", model.toString(), "--hints", "0,1,10", "--report", report.toString()), err());
		List<String> lines = Files.readAllLines(csv);
		assertEquals(1 + 2 + 3, lines.size(), lines.toString());
		assertTrue(lines.get(5).startsWith("colorize,revivegan,hints-10,p0.png,"), lines.get(5));
		String md = Files.readString(report.resolve("report.md"));
		assertTrue(md.contains("| 10 | 1 |"), md);
		assertTrue(Files.exists(report.resolve("colorize-hints-10.png")));

		assertEquals(2, run("evaluate", "--task", "inpaint", "--images", photos.toString(), "--csv", csv.toString(),
			"--hints", "default"));
		assertTrue(err().contains("--task colorize only"), err());
		assertEquals(2, run("evaluate", "--task", "colorize", "--images", photos.toString(), "--csv", csv.toString(),
			"--hints", "1,x"));
		assertTrue(err().contains("'x'"), err());
	}
}
