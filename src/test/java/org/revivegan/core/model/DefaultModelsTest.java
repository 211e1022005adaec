package org.revivegan.core.model;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.testing.TinyModels;

/**
 * The default models are their own files in models/revivegan/ (the repository's, or Fiji.app's), found from
 * where the code lies, or in the folder that -Drevivegan.models / REVIVEGAN_MODELS names; none is in the jar.
 */
class DefaultModelsTest {

	@TempDir
	Path dir;

	@Test
	void theRepositoryHoldsEveryDefaultModelAndTheTestsFindThem() throws Exception {
		for (Task t : Task.values()) {
			Path file = Paths.get(DefaultModels.FOLDER, DefaultModels.fileName(t));
			assertTrue(Files.isRegularFile(file), file + " is in the repository");
			assertTrue(t.id().matches("[a-z]+") && DefaultModels.fileName(t).matches(t.id() + "-\\d+\\.zip"),
				DefaultModels.fileName(t));
			// the tests run from target/test-classes and target/classes: the search finds the repository's copy
			assertEquals(file.toAbsolutePath().normalize(), DefaultModels.find(t).orElseThrow().normalize());
			ModelFile m = DefaultModels.load(t);
			assertEquals(t, m.metadata().task());
			assertEquals("default " + t.id() + " model", m.source());
		}
	}

	/**
	 * The sources, not the class path: Maven leaves a deleted resource in an old target/classes (mvn clean
	 * removes it; bench/fiji-layout.sh checks the jar it builds).
	 */
	@Test
	void noModelIsAResourceOfTheJar() throws Exception {
		Path resources = Paths.get("src/main/resources"); // none now: the jar's resources come from other folders
		if (!Files.exists(resources)) return;
		try (java.util.stream.Stream<Path> s = Files.walk(resources)) {
			assertEquals(List.of(), s.filter(p -> p.toString().endsWith(".zip")).collect(java.util.stream.Collectors
				.toList()), "a model among the resources would go into every plugin jar again");
		}
	}

	@Test
	void inFijiTheModelsAreInFijiAppModelsNextToPlugins() throws Exception {
		Path app = dir.resolve("Fiji.app");
		Path jar = Files.createDirectories(app.resolve("plugins")).resolve("ReviveGAN_-1.0.0.jar");
		Files.write(jar, new byte[] { 'P', 'K' });
		List<Path> folders = DefaultModels.folders(jar, null);
		assertEquals(List.of(app.resolve("plugins/models/revivegan"), app.resolve("models/revivegan"),
			dir.resolve("models/revivegan")), folders);
		assertTrue(DefaultModels.find(Task.INPAINT, folders).isEmpty());
		Path model = TinyModels.save(Task.INPAINT, Files.createDirectories(app.resolve(DefaultModels.FOLDER))
			.resolve(DefaultModels.fileName(Task.INPAINT)));
		assertEquals(model, DefaultModels.find(Task.INPAINT, folders).orElseThrow());
		assertTrue(DefaultModels.find(Task.COLORIZE, folders).isEmpty(), "each task has its own file");
	}

	@Test
	void theOverrideIsTheOnlyFolderSearched() throws Exception {
		Path classes = Files.createDirectories(dir.resolve("repo/target/classes"));
		TinyModels.save(Task.DETECT, Files.createDirectories(dir.resolve("repo/models/revivegan"))
			.resolve(DefaultModels.fileName(Task.DETECT)));
		assertTrue(DefaultModels.find(Task.DETECT, DefaultModels.folders(classes, null)).isPresent(),
			"./revive: the repository's models folder, two levels above target/classes");
		Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
		assertEquals(List.of(elsewhere), DefaultModels.folders(classes, " " + elsewhere + " "));
		assertTrue(DefaultModels.find(Task.DETECT, DefaultModels.folders(classes, elsewhere.toString())).isEmpty());
		assertEquals(DefaultModels.folders(classes, null), DefaultModels.folders(classes, " "), "blank: no override");
	}

	/** The evaluation's reports from Fiji and from the command line name the model with this one label. */
	@Test
	void theLabelSaysWhichModelTheUserChose() {
		assertEquals("default inpaint model", DefaultModels.label(null, Task.INPAINT));
		assertEquals("default colorize model", DefaultModels.label(" [default] ", Task.COLORIZE));
		assertEquals("faithful inpaint model", DefaultModels.label("Faithful", Task.INPAINT));
		Path file = dir.resolve("my model.zip");
		assertEquals(file.toAbsolutePath().toString(), DefaultModels.label("[" + file + "]", Task.INPAINT),
			"Fiji's brackets dropped");
		assertEquals(Paths.get("faithful.zip").toAbsolutePath().toString(), DefaultModels.label("faithful.zip",
			Task.INPAINT), "a relative file, made absolute");
		assertEquals(Paths.get("faithful").toAbsolutePath().toString(), DefaultModels.label("faithful", Task.COLORIZE),
			"not a name of this task: a file");
	}

	@Test
	void aMissingModelSaysWhereItWasLookedForAndWhatToDo() {
		String old = System.getProperty(DefaultModels.PROPERTY);
		System.setProperty(DefaultModels.PROPERTY, dir.toString());
		try {
			assertFalse(DefaultModels.available(Task.INPAINT));
			ModelFormatException e = assertThrows(ModelFormatException.class, () -> DefaultModels.load(Task.INPAINT));
			assertTrue(e.getMessage().contains("has no default inpaint model: inpaint-"), e.getMessage());
			assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
			assertTrue(e.getMessage().contains("models/revivegan/ beside the plugin"), e.getMessage());
			assertFalse(e.getMessage().contains("Fiji") || e.getMessage().contains(" > ") || e.getMessage().contains(
				"revive train"), "the core speaks of the problem, the front ends of their menus: " + e.getMessage());
			assertEquals(e.getMessage(), DefaultModels.missing(Task.INPAINT));
		}
		finally {
			if (old == null) System.clearProperty(DefaultModels.PROPERTY);
			else System.setProperty(DefaultModels.PROPERTY, old);
		}
	}

	@Test
	void theModelFilesAreModelZips() throws Exception {
		for (Task t : Task.values())
			try (ZipFile z = new ZipFile(Paths.get(DefaultModels.FOLDER, DefaultModels.fileName(t)).toFile())) {
				assertTrue(z.size() > 1, t + " model zip has entries");
			}
	}

	/** Fiji's model= and the command line's --model take a name of a shipped model or a file; a typo says what to do. */
	@Test
	void aModelIsChosenByNameOrByFile() throws Exception {
		assertEquals(List.of("default", "faithful"), DefaultModels.names(Task.INPAINT));
		assertEquals(List.of("default"), DefaultModels.names(Task.COLORIZE), "no other colouriser ships yet");
		for (String spec : new String[] { null, "", " ", "default", "[default]", "Faithful", " faithful " })
			assertTrue(DefaultModels.nameOf(spec, Task.INPAINT).isPresent(), "a name: '" + spec + "'");
		assertEquals("faithful", DefaultModels.nameOf("[FAITHFUL]", Task.INPAINT).orElseThrow());
		assertTrue(DefaultModels.nameOf("faithful", Task.COLORIZE).isEmpty(), "a name of another task's model");
		assertEquals("default inpaint model", DefaultModels.resolve("faithful", Task.INPAINT).source());

		Path mine = TinyModels.save(Task.INPAINT, dir.resolve("my inpaint.zip"));
		assertTrue(DefaultModels.nameOf(mine.toString(), Task.INPAINT).isEmpty(), "a file");
		assertEquals("my inpaint.zip", DefaultModels.resolve("[" + mine + "]", Task.INPAINT).source());
		// a file that happens to be called like a name is the file
		Path odd = TinyModels.save(Task.INPAINT, dir.resolve("faithful"));
		assertTrue(DefaultModels.nameOf(odd.toString(), Task.INPAINT).isEmpty());

		ModelFormatException typo = assertThrows(ModelFormatException.class, () -> DefaultModels.resolve("faitful",
			Task.INPAINT));
		assertTrue(typo.getMessage().contains("faitful") && typo.getMessage().contains("default, faithful"), typo
			.getMessage());
		assertThrows(ModelFormatException.class, () -> DefaultModels.resolve("faithful", Task.COLORIZE));
	}
}
