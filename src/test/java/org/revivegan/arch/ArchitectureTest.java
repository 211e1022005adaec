package org.revivegan.arch;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The core knows nothing of ImageJ, SciJava or AWT, and prints nothing: a scan of the sources keeps it so. */
class ArchitectureTest {

	private static final Pattern FORBIDDEN_IMPORT = Pattern.compile(
		"^import\\s+(static\\s+)?(ij\\.|net\\.imagej|org\\.scijava|java\\.awt|javax\\.swing|javax\\.imageio)",
		Pattern.MULTILINE);
	private static final Pattern PRINTS = Pattern.compile("System\\.(out|err)\\.|printStackTrace\\(");

	private static List<Path> coreSources() throws IOException {
		// the engine and the UI-free mask model behind the Damage Brush
		try (Stream<Path> core = Files.walk(Paths.get("src/main/java/org/revivegan/core"));
			Stream<Path> mask = Files.walk(Paths.get("src/main/java/org/revivegan/mask"))) {
			return Stream.concat(core, mask).filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList());
		}
	}

	@Test
	void coreImportsNoUiOrImageJ() throws IOException {
		List<Path> sources = coreSources();
		assertTrue(sources.size() > 20, "found the core sources");
		assertTrue(sources.stream().anyMatch(p -> p.getParent().endsWith("mask")), "found the mask sources");
		for (Path p : sources) {
			String text = Files.readString(p);
			assertFalse(FORBIDDEN_IMPORT.matcher(text).find(), p + " imports ImageJ/SciJava/AWT/Swing");
			assertFalse(PRINTS.matcher(text).find(), p + " prints to the console");
		}
	}
}
