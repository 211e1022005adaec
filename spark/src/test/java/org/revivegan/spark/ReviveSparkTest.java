package org.revivegan.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.model.Task;

/** The entry point that spark-submit and revive-spark run. */
class ReviveSparkTest {

	@TempDir
	Path dir;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

	private int run(String... args) {
		return ReviveSpark.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
			StandardCharsets.UTF_8));
	}

	private String err() {
		return err.toString(StandardCharsets.UTF_8);
	}

	@Test
	void badOptionsAreOneLineAndExitCode2() {
		assertEquals(2, run("--task", "inpaint", "--output", "out"));
		assertEquals("revive-spark: Missing --input (the photos: a folder, a glob or a text file of paths).\n", err());
		err.reset();
		assertEquals(2, run("--task", "sharpen", "--input", "in", "--output", "out"));
		assertEquals("revive-spark: Unknown task 'sharpen': use inpaint, colorize or restore.\n", err());
		err.reset();
		assertEquals(2, run("--task", "colorize", "--input", "in", "--output", "out", "--masks", "m"));
		assertTrue(err().startsWith("revive-spark: --masks is for --task inpaint or restore"), err());
		err.reset();
		assertEquals(2, run("--task", "inpaint", "--input", "in", "--output", "out", "--dilate", "two"));
		assertEquals("revive-spark: --dilate needs a whole number, not 'two'.\n", err());
		err.reset();
		assertEquals(2, run("--task", "inpaint", "--input", "in", "--output", "out", "--colour", "yes"));
		assertTrue(err().startsWith("revive-spark: Unknown option '--colour'"), err());
		assertEquals(0, run("--help"));
		assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage: revive-spark"));
	}

	@Test
	void runsAJobAndSaysWhatItDid() throws Exception {
		TestImages.gray(dir.resolve("in/one.png"), 1);
		TestImages.gray(dir.resolve("in/two.png"), 2);
		Path model = TinyModels.save(Task.COLORIZE, dir.resolve("colorize.zip"));
		String[] args = { "--master", "local[2]", "--task", "colorize", "--input", dir.resolve("in").toString(),
			"--output", dir.resolve("out").toString(), "--colorize-model", model.toString() };
		System.setProperty("spark.driver.host", "127.0.0.1");
		System.setProperty("spark.driver.bindAddress", "127.0.0.1");
		System.setProperty("spark.ui.enabled", "false");
		try {
			assertEquals(0, run(args), err());
		}
		finally {
			System.clearProperty("spark.driver.host");
			System.clearProperty("spark.driver.bindAddress");
			System.clearProperty("spark.ui.enabled");
		}
		String line = out.toString(StandardCharsets.UTF_8);
		assertTrue(line.startsWith("colorize: 2 photos: 2 done, 0 skipped (done before), 0 failed, in "), line);
		assertTrue(line.contains(" images/s) -> ") && line.trim().endsWith("/out/" + BatchRestoration.SUMMARY), line);
		assertTrue(Files.exists(dir.resolve("out/one.png.revivegan.json")));

		assertEquals(2, run("--master", "local[1]", "--task", "colorize", "--input", dir.resolve("nowhere").toString(),
			"--output", dir.resolve("out").toString(), "--colorize-model", model.toString()));
		assertTrue(err().trim().endsWith("No such file or folder: " + dir.resolve("nowhere") + "."), err());
	}
}
