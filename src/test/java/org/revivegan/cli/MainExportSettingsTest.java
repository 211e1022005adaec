package org.revivegan.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.testing.TinyModels;

/** {@code revive export --model}: a copy of a model file with the colourisation settings measured for it. */
class MainExportSettingsTest {

	@TempDir
	Path dir;

	private final CliRunner cli = new CliRunner();

	@Test
	void aCopyCarriesTheSettingsAndTheSameWeights() throws Exception {
		Path source = TinyModels.save(Task.COLORIZE, dir.resolve("c.zip"));
		byte[] before = Files.readAllBytes(source);
		Path copy = dir.resolve("c-160.zip");
		assertEquals(0, cli.run("export", "--model", source.toString(), "-o", copy.toString(), "--working-size", "160",
			"--scales", "1,0.8", "--chroma-gain", "1.1"), cli.err());
		assertTrue(cli.out().contains("working size 160"), cli.out());
		ModelFile m = ModelFile.load(copy, Task.COLORIZE), s = ModelFile.load(source, Task.COLORIZE);
		assertEquals(160, m.metadata().workingSize);
		assertArrayEquals(new double[] { 1, 0.8 }, m.metadata().ensembleScales());
		assertEquals(1.1, m.metadata().chromaGain);
		assertEquals(s.generator().params(), m.generator().params(), "the weights as they were");
		assertEquals(Files.size(source), Files.size(copy), 64, "the same precision: about the same size");
		assertArrayEquals(before, Files.readAllBytes(source), "the source file is untouched");
	}

	@Test
	void badRequestsAreRefusedWithWhatToDo() throws Exception {
		Path colour = TinyModels.save(Task.COLORIZE, dir.resolve("c.zip"));
		Path inpaint = TinyModels.save(Task.INPAINT, dir.resolve("i.zip"));
		assertRefused("colourisation settings", "export", "--model", inpaint.toString(), "-o", dir.resolve("x.zip")
			.toString(), "--scales", "1,0.5");
		assertRefused("never written over", "export", "--model", colour.toString(), "-o", inpaint.toString(),
			"--scales", "1");
		assertRefused("Refusing to write over the model file itself", "export", "--model", colour.toString(), "-o",
			colour.toString());
		assertRefused("above 0 and at most 1", "export", "--model", colour.toString(), "-o", dir.resolve("y.zip")
			.toString(), "--scales", "1,2");
		assertRefused("either --run DIR", "export", "--model", colour.toString(), "--run", dir.toString(), "-o", dir
			.resolve("z.zip").toString());
		assertRefused("for a copy of a model file", "export", "--run", dir.toString(), "-o", dir.resolve("z.zip")
			.toString(), "--working-size", "160");
		assertFalse(Files.exists(dir.resolve("x.zip")) || Files.exists(dir.resolve("y.zip")) || Files.exists(dir
			.resolve("z.zip")));
	}

	private void assertRefused(String expected, String... args) {
		assertEquals(2, cli.run(args), cli.out() + cli.err());
		String e = cli.err().strip();
		assertTrue(e.startsWith("revive: ") && e.contains(expected), "'" + expected + "' in: " + e);
	}
}
