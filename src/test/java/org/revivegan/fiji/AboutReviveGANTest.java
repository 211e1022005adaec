package org.revivegan.fiji;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.revivegan.core.model.DefaultModels;
import org.revivegan.core.model.Task;

/** The About text: version, one line per task's bundled model (name and hash), licences, documentation. */
class AboutReviveGANTest {

	@Test
	void namesVersionModelsLicencesAndDocs() throws java.io.IOException {
		String html = AboutReviveGAN.html();
		String pom = java.nio.file.Files.readString(java.nio.file.Paths.get("pom.xml"));
		java.util.regex.Matcher v = java.util.regex.Pattern.compile("<artifactId>ReviveGAN_</artifactId>\\s*<version>([^<]+)")
			.matcher(pom);
		assertTrue(v.find());
		assertEquals(v.group(1), AboutReviveGAN.version(), "the version of the build, not 'development build'");
		assertTrue(html.contains("<h2>ReviveGAN " + v.group(1) + "</h2>"), html);
		for (Task t : Task.values()) {
			String line = AboutReviveGAN.models().lines().filter(l -> l.startsWith(t.id() + ": ")).findFirst()
				.orElseThrow(() -> new AssertionError("no line for " + t.id()));
			if (DefaultModels.available(t)) assertTrue(line.matches(".*, sha256 [0-9a-f]{64}"), line);
			else assertTrue(line.contains("none installed"), line);
		}
		assertTrue(html.contains("BSD 2-Clause") && html.contains("Apache 2.0"), html);
		assertTrue(html.contains(AboutReviveGAN.DOCS));
		assertDoesNotThrow(() -> new AboutReviveGAN().run(""));
	}

	/** The realistic inpainting model has its line, with its hash, when it is installed, and none when it is not. */
	@Test
	void theRealisticModelIsListedWhenItIsInstalled(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
		throws Exception
	{
		java.nio.file.Path folder = org.revivegan.testing.TinyModels.inpaintModels(dir, true);
		org.revivegan.testing.TinyModels.withModelsFolder(folder, () -> {
			String realistic = AboutReviveGAN.sha256(java.nio.file.Files.readAllBytes(folder.resolve(
				"inpaint-realistic-1.zip")));
			assertTrue(AboutReviveGAN.models().contains("\nrealistic inpaint: tiny realistic, sha256 " + realistic +
				"\n"), AboutReviveGAN.models());
			assertTrue(AboutReviveGAN.models().startsWith("inpaint: tiny faithful, sha256 "), AboutReviveGAN.models());
			java.nio.file.Files.delete(folder.resolve("inpaint-realistic-1.zip"));
			assertFalse(AboutReviveGAN.models().contains("realistic"), AboutReviveGAN.models());
		});
	}

	@Test
	void theHashIsTheModelFilesHash() {
		// SHA-256 of "abc", as ModelFile.sha256 writes it (lowercase hex)
		assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
			AboutReviveGAN.sha256("abc".getBytes(StandardCharsets.US_ASCII)));
	}
}
