package org.revivegan.layout;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The name rules of the Fiji layout (bench/fiji-layout.sh runs {@link FijiLayout} on what populate-app copied),
 * and the same check on this build's own class path: every jar that the layout would carry, under the name it
 * would get, against the pom-scijava POM that is this project's parent (what Fiji ships).
 */
class FijiLayoutTest {

	@TempDir
	Path dir;

	@Test
	void splitsArtifactFromVersionAtTheFirstDashBeforeADigit() {
		assertArrayEquals(new String[] { "guava", "1.0.0-M2.1" }, FijiLayout.split("guava-1.0.0-M2.1.jar"));
		assertArrayEquals(new String[] { "commons-collections4", "4.5.0-M2" },
			FijiLayout.split("commons-collections4-4.5.0-M2.jar"));
		assertArrayEquals(new String[] { "openblas", "0.3.26-1.5.10-linux-x86_64" },
			FijiLayout.split("openblas-0.3.26-1.5.10-linux-x86_64.jar"));
		assertArrayEquals(new String[] { "deeplearning4j-utility-iterators", "1.0.0-M2.1" },
			FijiLayout.split("deeplearning4j-utility-iterators-1.0.0-M2.1.jar"));
		assertNull(FijiLayout.split("plain.jar"));
	}

	@Test
	void prefixesOnlyNd4jAndDl4jJarsWithGenericNames() {
		assertEquals("nd4j-guava", FijiLayout.layoutArtifactId("org.nd4j", "guava"));
		assertEquals("nd4j-protobuf", FijiLayout.layoutArtifactId("org.nd4j", "protobuf"));
		assertEquals("deeplearning4j-resources", FijiLayout.layoutArtifactId("org.deeplearning4j", "resources"));
		assertEquals("nd4j-api", FijiLayout.layoutArtifactId("org.nd4j", "nd4j-api"));
		assertEquals("deeplearning4j-nn", FijiLayout.layoutArtifactId("org.deeplearning4j", "deeplearning4j-nn"));
		assertEquals("guava", FijiLayout.layoutArtifactId("com.google.guava", "guava"));
		assertEquals("guava", FijiLayout.layoutArtifactId(null, "guava"));
	}

	@Test
	void aJarNamedLikeAManagedArtifactAtAnotherVersionClashes() throws Exception {
		Path pom = dir.resolve("bom.pom");
		Files.writeString(pom, "<?xml version=\"1.0\"?><project><properties><guava.version>33.3.1-jre</guava.version>" +
			"<com.google.guava.guava.version>${guava.version}</com.google.guava.guava.version>" +
			"<javacpp.version>1.5.10</javacpp.version><openblas.version>0.3.26-${javacpp.version}</openblas.version>" +
			"</properties><dependencyManagement><dependencies>" +
			"<dependency><groupId>com.google.guava</groupId><artifactId>guava</artifactId>" +
			"<version>${com.google.guava.guava.version}</version>" +
			"<exclusions><exclusion><groupId>x</groupId><artifactId>fastutil</artifactId></exclusion></exclusions></dependency>" +
			"<dependency><groupId>org.bytedeco</groupId><artifactId>javacpp</artifactId><version>${javacpp.version}</version></dependency>" +
			"<dependency><groupId>org.bytedeco</groupId><artifactId>openblas</artifactId><version>${openblas.version}</version></dependency>" +
			"<dependency><groupId>p</groupId><artifactId>unresolved</artifactId><version>${parent.version}</version></dependency>" +
			"</dependencies></dependencyManagement></project>");
		Map<String, String> managed = FijiLayout.managedVersions(pom);
		assertEquals(Map.of("guava", "33.3.1-jre", "javacpp", "1.5.10", "openblas", "0.3.26-1.5.10"), managed);

		List<String> clashes = FijiLayout.clashes(List.of("guava-1.0.0-M2.1.jar", "nd4j-guava-1.0.0-M2.1.jar",
			"javacpp-1.5.7.jar", "javacpp-1.5.10.jar", "javacpp-1.5.10-linux-x86_64.jar",
			"openblas-0.3.19-1.5.7-linux-x86_64.jar", "openblas-0.3.26-1.5.10-linux-x86_64.jar", "fastutil-6.5.7.jar"),
			managed);
		assertEquals(3, clashes.size(), clashes.toString());
		assertTrue(clashes.get(0).startsWith("guava-1.0.0-M2.1.jar: pom-scijava manages guava at 33.3.1-jre"), clashes.get(0));
		assertTrue(clashes.get(1).startsWith("javacpp-1.5.7.jar:"), clashes.get(1));
		assertTrue(clashes.get(2).startsWith("openblas-0.3.19-1.5.7-linux-x86_64.jar:"), clashes.get(2));
	}

	@Test
	void renamesNd4jJarsByTheGroupInsideThemAndStripsThePublicSuffixClasses() throws Exception {
		Path app = dir.resolve("Fiji.app");
		Path jars = Files.createDirectories(app.resolve("jars"));
		jar(jars.resolve("guava-1.0.0-M2.1.jar"), "org.nd4j", "guava", "1.0.0-M2.1", "org/nd4j/shade/guava/A.class");
		jar(jars.resolve("protobuf-1.0.0-M2.1.jar"), "org.nd4j", "protobuf", "1.0.0-M2.1",
			"org/nd4j/shade/protobuf/B.class", "com/google/thirdparty/publicsuffix/TrieParser.class");
		jar(jars.resolve("gson-2.10.1.jar"), "com.google.code.gson", "gson", "2.10.1", "com/google/gson/Gson.class");

		List<String> renamed = FijiLayout.rename(app);
		assertEquals(2, renamed.size(), renamed.toString());
		assertTrue(Files.exists(jars.resolve("nd4j-guava-1.0.0-M2.1.jar")));
		assertTrue(Files.exists(jars.resolve("nd4j-protobuf-1.0.0-M2.1.jar")));
		assertTrue(Files.exists(jars.resolve("gson-2.10.1.jar")), "Google's Gson keeps its name");
		assertFalse(Files.exists(jars.resolve("guava-1.0.0-M2.1.jar")));

		List<String> stripped = FijiLayout.strip(app);
		assertEquals(List.of("jars/nd4j-protobuf-1.0.0-M2.1.jar: removed 1 entries under com/google/thirdparty/"), stripped);
		try (ZipFile z = new ZipFile(jars.resolve("nd4j-protobuf-1.0.0-M2.1.jar").toFile())) {
			assertNull(z.getEntry("com/google/thirdparty/publicsuffix/TrieParser.class"));
			assertNotNull(z.getEntry("org/nd4j/shade/protobuf/B.class"));
			assertNotNull(z.getEntry("META-INF/maven/org.nd4j/protobuf/pom.properties"));
		}
		assertEquals(List.of(), FijiLayout.strip(app), "nothing left to strip");
	}

	/**
	 * What the layout carries is this build's runtime class path: each jar of the local Maven repository under the
	 * name the layout gives it. None may clash with pom-scijava's managed versions (this fails, for example,
	 * if the pom pins a javacpp other than Fiji's, or if the rename of ND4J's Guava is lost).
	 */
	@Test
	void noJarOfThisBuildClashesWithWhatFijiShips() throws Exception {
		List<String> names = new ArrayList<>();
		Path repository = null;
		for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
			Path jar = Paths.get(entry);
			if (!entry.endsWith(".jar") || jar.getNameCount() < 4) continue;
			// .../repository/<group path>/<artifactId>/<version>/<artifactId>-<version>[-classifier].jar
			String version = jar.getParent().getFileName().toString();
			String artifact = jar.getParent().getParent().getFileName().toString();
			String file = jar.getFileName().toString();
			if (!file.startsWith(artifact + "-" + version)) continue; // not a Maven repository path
			Path groupDir = jar.getParent().getParent().getParent();
			String group = null;
			for (String g : List.of("org/nd4j", "org/deeplearning4j"))
				if (groupDir.endsWith(g)) group = g.replace('/', '.');
			if (file.startsWith("scijava-common-")) repository = groupDir.getParent().getParent(); // org/scijava
			names.add(FijiLayout.layoutArtifactId(group, artifact) + file.substring(artifact.length()));
		}
		assertNotNull(repository, "found the local Maven repository from scijava-common's jar");
		assertTrue(names.contains("nd4j-guava-1.0.0-M2.1.jar"), names.toString());
		Path pom = repository.resolve("org/scijava/pom-scijava/40.0.0/pom-scijava-40.0.0.pom");
		Map<String, String> managed = FijiLayout.managedVersions(pom);
		assertTrue(managed.size() > 500, "read pom-scijava's managed artifacts: " + managed.size());
		assertEquals("33.3.1-jre", managed.get("guava"));
		assertEquals(List.of(), FijiLayout.clashes(names, managed));
	}

	private static void jar(Path path, String group, String artifact, String version, String... classes)
		throws IOException
	{
		try (OutputStream os = Files.newOutputStream(path); ZipOutputStream out = new ZipOutputStream(os)) {
			out.putNextEntry(new ZipEntry("META-INF/maven/" + group + "/" + artifact + "/pom.properties"));
			out.write(("groupId=" + group + "\nartifactId=" + artifact + "\nversion=" + version + "\n")
				.getBytes(StandardCharsets.UTF_8));
			for (String c : classes) {
				out.putNextEntry(new ZipEntry(c));
				out.write(new byte[] { (byte) 0xCA, (byte) 0xFE });
			}
		}
	}
}
