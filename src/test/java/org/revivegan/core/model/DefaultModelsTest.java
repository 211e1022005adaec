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
		assertEquals("realistic inpaint model", DefaultModels.label(" [Realistic] ", Task.INPAINT));
		Path file = dir.resolve("my model.zip");
		assertEquals(file.toAbsolutePath().toString(), DefaultModels.label("[" + file + "]", Task.INPAINT),
			"Fiji's brackets dropped");
		assertEquals(Paths.get("faithful.zip").toAbsolutePath().toString(), DefaultModels.label("faithful.zip",
			Task.INPAINT), "a relative file, made absolute");
		assertEquals(Paths.get("faithful").toAbsolutePath().toString(), DefaultModels.label("faithful", Task.COLORIZE),
			"not a name of this task: a file");
	}

	@Test
	void aMissingModelSaysWhereItWasLookedForAndWhatToDo() throws Exception {
		TinyModels.withModelsFolder(dir, () -> {
			assertFalse(DefaultModels.available(Task.INPAINT));
			ModelFormatException e = assertThrows(ModelFormatException.class, () -> DefaultModels.load(Task.INPAINT));
			assertTrue(e.getMessage().contains("has no default inpaint model: inpaint-"), e.getMessage());
			assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
			assertTrue(e.getMessage().contains("models/revivegan/ beside the plugin"), e.getMessage());
			assertFalse(e.getMessage().contains("Fiji") || e.getMessage().contains(" > ") || e.getMessage().contains(
				"revive train"), "the core speaks of the problem, the front ends of their menus: " + e.getMessage());
			assertEquals(e.getMessage(), DefaultModels.missing(Task.INPAINT));
		});
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
		assertEquals(List.of("default", "faithful", "realistic"), DefaultModels.names(Task.INPAINT));
		assertEquals(List.of("default"), DefaultModels.names(Task.COLORIZE), "no other colouriser ships yet");
		for (String spec : new String[] { null, "", " ", "default", "[default]", "Faithful", " faithful " })
			assertTrue(DefaultModels.nameOf(spec, Task.INPAINT).isPresent(), "a name: '" + spec + "'");
		assertEquals("faithful", DefaultModels.nameOf("[FAITHFUL]", Task.INPAINT).orElseThrow());
		assertEquals("realistic", DefaultModels.nameOf("Realistic", Task.INPAINT).orElseThrow());
		assertTrue(DefaultModels.nameOf("faithful", Task.COLORIZE).isEmpty(), "a name of another task's model");
		assertTrue(DefaultModels.nameOf("realistic", Task.COLORIZE).isEmpty(), "a name of another task's model");
		assertEquals("default inpaint model", DefaultModels.resolve("faithful", Task.INPAINT).source());

		Path mine = TinyModels.save(Task.INPAINT, dir.resolve("my inpaint.zip"));
		assertTrue(DefaultModels.nameOf(mine.toString(), Task.INPAINT).isEmpty(), "a file");
		assertEquals("my inpaint.zip", DefaultModels.resolve("[" + mine + "]", Task.INPAINT).source());
		// a file that happens to be called like a name is the file
		Path odd = TinyModels.save(Task.INPAINT, dir.resolve("faithful"));
		assertTrue(DefaultModels.nameOf(odd.toString(), Task.INPAINT).isEmpty());

		ModelFormatException typo = assertThrows(ModelFormatException.class, () -> DefaultModels.resolve("faitful",
			Task.INPAINT));
		assertTrue(typo.getMessage().contains("faitful") && typo.getMessage().contains("default, faithful, realistic"),
			typo.getMessage());
		assertThrows(ModelFormatException.class, () -> DefaultModels.resolve("faithful", Task.COLORIZE));
	}

	/** One rule, name to file: a task's default is task-version.zip, another shipped model task-name-version.zip. */
	@Test
	void eachShippedModelHasItsOwnVersionedFile() {
		assertEquals("inpaint-2.zip", DefaultModels.fileName(Task.INPAINT));
		assertEquals("inpaint-2.zip", DefaultModels.fileName(Task.INPAINT, DefaultModels.DEFAULT));
		assertEquals("inpaint-2.zip", DefaultModels.fileName(Task.INPAINT, DefaultModels.FAITHFUL));
		assertEquals("inpaint-realistic-1.zip", DefaultModels.fileName(Task.INPAINT, DefaultModels.REALISTIC));
		assertThrows(IllegalArgumentException.class, () -> DefaultModels.fileName(Task.COLORIZE, DefaultModels
			.REALISTIC));
	}

	/** Optional until it ships; once it is in the repository's models/revivegan/, it must load as the others do. */
	@Test
	void theRealisticModelLoadsOnceItShips() throws Exception {
		Path file = Paths.get(DefaultModels.FOLDER, DefaultModels.fileName(Task.INPAINT, DefaultModels.REALISTIC));
		org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(file), file + " has not shipped yet");
		assertEquals(file.toAbsolutePath().normalize(), DefaultModels.find(Task.INPAINT, DefaultModels.REALISTIC)
			.orElseThrow().normalize());
		ModelFile m = DefaultModels.load(Task.INPAINT, DefaultModels.REALISTIC);
		assertEquals(Task.INPAINT, m.metadata().task());
		assertEquals("realistic inpaint model", m.source());
	}

	/** model=realistic and model=faithful (Fiji), --model realistic and --model faithful: two files, one folder. */
	@Test
	void realisticLoadsTheRealisticFileAndFaithfulTheFaithfulOne() throws Exception {
		Path folder = TinyModels.inpaintModels(dir.resolve("models"), true);
		TinyModels.withModelsFolder(folder, () -> {
			assertEquals(folder.resolve("inpaint-realistic-1.zip"), DefaultModels.find(Task.INPAINT, DefaultModels
				.REALISTIC).orElseThrow());
			ModelFile realistic = DefaultModels.resolve("realistic", Task.INPAINT);
			assertEquals(TinyModels.REALISTIC, realistic.metadata().name);
			assertEquals("realistic inpaint model", realistic.source());
			assertEquals(TinyModels.REALISTIC, DefaultModels.resolve("[Realistic]", Task.INPAINT).metadata().name);
			for (String spec : new String[] { "faithful", "[Faithful]", "default", "" }) {
				ModelFile faithful = DefaultModels.resolve(spec, Task.INPAINT);
				assertEquals(TinyModels.FAITHFUL, faithful.metadata().name, "'" + spec + "'");
				assertEquals("default inpaint model", faithful.source(), "'" + spec + "'");
			}
			assertEquals(List.of("default", "realistic"), DefaultModels.listed(Task.INPAINT), "both are listed");
		});
	}

	@Test
	void aMissingRealisticModelSaysWhichFileWhereAndWhatToDo() throws Exception {
		Path folder = TinyModels.inpaintModels(dir.resolve("models"), false);
		TinyModels.withModelsFolder(folder, () -> {
			assertFalse(DefaultModels.available(Task.INPAINT, DefaultModels.REALISTIC));
			assertEquals(List.of("default"), DefaultModels.listed(Task.INPAINT), "listed only when installed");
			ModelFormatException e = assertThrows(ModelFormatException.class, () -> DefaultModels.resolve("realistic",
				Task.INPAINT));
			String m = e.getMessage();
			assertTrue(m.contains("has no realistic inpaint model: inpaint-realistic-1.zip is in none of"), m);
			assertTrue(m.contains(folder.toString()), "where it was looked for: " + m);
			assertTrue(m.contains("Choose 'faithful' (the default inpaint model) instead"), m);
			assertTrue(m.contains("install inpaint-realistic-1.zip in models/revivegan/"), m);
			assertFalse(m.contains("Fiji") || m.contains(" > ") || m.contains("revive train"), "the core's words: " + m);
			assertEquals(m, DefaultModels.missing(Task.INPAINT, DefaultModels.REALISTIC));
			assertEquals(TinyModels.FAITHFUL, DefaultModels.resolve("faithful", Task.INPAINT).metadata().name,
				"the faithful one still loads");
		});
	}

	/** As for every name (see nameOf): a file in the working folder called 'realistic' is that file. */
	@Test
	void aFileCalledRealisticInTheWorkingFolderIsThatFile() throws Exception {
		Path file = Paths.get(DefaultModels.REALISTIC);
		org.junit.jupiter.api.Assumptions.assumeFalse(Files.exists(file), "the working folder has a file " + file);
		try {
			TinyModels.save(Task.INPAINT, "my realistic", file);
			assertTrue(DefaultModels.nameOf("realistic", Task.INPAINT).isEmpty(), "a file");
			assertEquals(file.toAbsolutePath().toString(), DefaultModels.label("realistic", Task.INPAINT));
			ModelFile m = DefaultModels.resolve("realistic", Task.INPAINT);
			assertEquals("my realistic", m.metadata().name);
			assertEquals("realistic", m.source(), "the file's name");
		}
		finally {
			Files.deleteIfExists(file);
		}
	}
}
