package org.revivegan.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.model.Task;
import org.revivegan.core.train.Trainer;
import org.revivegan.io.ImageFiles;
import org.revivegan.testing.TinyModels;

/**
 * Training runs and other inputs on the command line: a model is never written over the run's own files, a
 * damaged checkpoint, a binary hints file and a report inside the evaluated photos are each refused with exit
 * code 2 and one line that says what to do.
 */
class MainRunFolderTest {

	@TempDir
	Path dir;

	private final CliRunner cli = new CliRunner();
	private Path photos, run;

	@BeforeEach
	void photos() throws IOException {
		photos = Files.createDirectories(dir.resolve("photos"));
		Img<FloatType> img = ArrayImgs.floats(40, 36, 3);
		int i = 0;
		for (FloatType t : img)
			t.set((float) (0.5 + 0.4 * Math.sin(i++ * 0.37)));
		ImageFiles.write(photos.resolve("p.png"), img);
		run = dir.resolve("run");
	}

	private String[] train(String... more) {
		java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("train", "--images", photos.toString(),
			"--run", run.toString(), "--preset", "tiny", "--crop", "32", "--batch", "1", "--l1-steps", "1", "--gan-steps",
			"0", "--validate-every", "1"));
		args.addAll(java.util.List.of(more));
		return args.toArray(new String[0]);
	}

	private void assertRefused(String expected, String... args) {
		assertEquals(2, cli.run(args), cli.out() + cli.err());
		String e = cli.err().strip();
		assertEquals(1, e.split("\n").length, "one line: " + e);
		assertTrue(e.startsWith("revive: ") && e.contains(expected), "'" + expected + "' in: " + e);
	}

	@Test
	void aModelIsNeverWrittenOverTheRunsOwnFiles() throws IOException {
		assertRefused("the training run's own checkpoint.zip", train("-o", run.resolve(Trainer.CHECKPOINT).toString()));
		assertFalse(Files.exists(run.resolve(Trainer.CHECKPOINT)), "refused before training");
		assertEquals(0, cli.run(train()), cli.err());
		byte[] checkpoint = Files.readAllBytes(run.resolve(Trainer.CHECKPOINT));
		for (String name : new String[] { Trainer.CHECKPOINT, Trainer.BEST, Trainer.FINAL, Trainer.LOSSES,
			Trainer.VALIDATION })
			assertRefused("the training run's own " + name, "export", "--run", run.toString(), "-o", run.resolve(name)
				.toString());
		assertRefused("the training run's own best-model.zip", "train", "--images", photos.toString(), "--run", run
			.toString(), "-o", dir.resolve("run/../run/best-model.zip").toString());
		assertArrayEquals(checkpoint, Files.readAllBytes(run.resolve(Trainer.CHECKPOINT)));
	}

	/** @return the checkpoint with its entry {@code name} replaced by {@code content} */
	private static void replaceEntry(Path zip, String name, String content) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in);
			ZipOutputStream out = new ZipOutputStream(bytes))
		{
			for (ZipEntry e; (e = z.getNextEntry()) != null;) {
				out.putNextEntry(new ZipEntry(e.getName()));
				out.write(e.getName().equals(name) ? content.getBytes(StandardCharsets.UTF_8) : z.readAllBytes());
				out.closeEntry();
			}
		}
		try (OutputStream o = Files.newOutputStream(zip)) {
			o.write(bytes.toByteArray());
		}
	}

	@Test
	void aDamagedCheckpointIsOneLineAndExitTwo() throws IOException {
		assertEquals(0, cli.run(train()), cli.err());
		Path checkpoint = run.resolve(Trainer.CHECKPOINT);
		byte[] good = Files.readAllBytes(checkpoint);
		for (String[] damage : new String[][] { { "state.json", "{" }, { "state.json", "null" }, { "state.json",
			"{\"step\": \"many\"}" }, { "config.json", "[1, 2]" }, { "config.json", "{\"task\": \"paint\"}" }, {
				"state.json", "{\"step\": -5}" } })
		{
			Files.write(checkpoint, good);
			replaceEntry(checkpoint, damage[0], damage[1]);
			assertRefused("Checkpoint " + checkpoint, "export", "--run", run.toString(), "-o", dir.resolve("m.zip")
				.toString());
			assertTrue(cli.err().contains("Delete it to start over"), cli.err());
			assertRefused("Checkpoint " + checkpoint, train());
		}
	}

	@Test
	void aBinaryHintsFileIsNamedAsNotText() throws IOException {
		Path model = TinyModels.save(Task.COLORIZE, dir.resolve("c.zip"));
		Path hints = Files.write(dir.resolve("hints.csv"), new byte[] { (byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff, 1 });
		assertRefused(hints + " is not a text file", "colorize", photos.resolve("p.png").toString(), "--model", model
			.toString(), "--hints", hints.toString(), "-o", dir.resolve("o.png").toString());
		Files.write(hints, new byte[] { '1', ',', '2', 0, 0, '\n' }); // valid UTF-8, but NUL bytes
		assertRefused(hints + " is not a text file", "colorize", photos.resolve("p.png").toString(), "--model", model
			.toString(), "--hints", hints.toString(), "-o", dir.resolve("o.png").toString());
	}

	@Test
	void aReportInsideTheEvaluatedPhotosIsRefused() throws IOException {
		Path model = TinyModels.save(Task.INPAINT, dir.resolve("i.zip"));
		assertRefused("is inside --images", "evaluate", "--images", photos.toString(), "--csv", dir.resolve("e.csv")
			.toString(), "--report", photos.resolve("report").toString(), "--model", model.toString());
		assertRefused("is inside --images", "evaluate", "--images", photos.toString(), "--csv", dir.resolve("e.csv")
			.toString(), "--report", dir.resolve("photos/./sub/../").toString(), "--model", model.toString());
		assertFalse(Files.exists(dir.resolve("e.csv")));
	}
}
