package org.revivegan.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputsTest {

	@TempDir
	Path dir;

	private final Configuration conf = new Configuration();

	@BeforeEach
	void photos() throws IOException {
		for (String name : List.of("b.png", "a.JPG", "1921/scan.tif", "1921/deep/x.bmp", ".hidden.png",
			"_temporary/part.png", "1921/.trash/y.png"))
			Files.createDirectories(dir.resolve(name).getParent()).resolve(dir.resolve(name).getFileName()).toFile()
				.createNewFile();
		Files.writeString(dir.resolve("notes.txt"), "not a photo");
	}

	private static List<String> names(List<InputImage> images) {
		return images.stream().map(InputImage::relativeName).collect(Collectors.toList());
	}

	@Test
	void aFolderGivesItsImagesAndThoseOfItsSubFoldersButNoHiddenOnes() throws IOException {
		List<InputImage> images = Inputs.list(dir.toString(), conf);
		assertEquals(List.of("1921/deep/x.bmp", "1921/scan.tif", "a.JPG", "b.png"), names(images));
		assertTrue(images.get(0).uri().startsWith("file:"), images.get(0).uri());
		assertTrue(images.get(0).uri().endsWith("/1921/deep/x.bmp"), images.get(0).uri());
	}

	@Test
	void aGlobGivesWhatItMatchesNamedBelowTheFolderBeforeTheWildcard() throws IOException {
		assertEquals(List.of("1921/scan.tif"), names(Inputs.list(dir + "/19*/*.tif", conf)));
		assertEquals(List.of("a.JPG", "b.png"), names(Inputs.list(dir + "/*.{png,JPG}", conf)));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Inputs.list(dir + "/*.gif",
			conf));
		assertTrue(e.getMessage().startsWith("No images"), e.getMessage());
	}

	@Test
	void aListFileGivesItsPathsRelativeToItsFolderNamedBelowTheirCommonFolder() throws IOException {
		Path list = Files.writeString(dir.resolve("list.txt"), "# scans of 1921\n1921/scan.tif\n\n  " + dir.resolve(
			"1921/deep/x.bmp") + "  \n1921/missing.png\n");
		List<InputImage> images = Inputs.list(list.toString(), conf);
		assertEquals(List.of("deep/x.bmp", "missing.png", "scan.tif"), names(images),
			"a missing photo is listed: it fails alone, in the summary");
	}

	@Test
	void filesInTheOutputFolderAreNoPhotos() throws IOException {
		org.apache.hadoop.fs.Path results = new org.apache.hadoop.fs.Path(dir.resolve("1921").toUri());
		assertThrows(IllegalArgumentException.class, () -> Inputs.list(dir + "/19*/*.tif", conf, results));
		assertEquals(List.of("a.JPG", "b.png"), names(Inputs.list(dir.toString(), conf, results)));
		Path list = Files.writeString(dir.resolve("list.txt"), "1921/scan.tif\nsub/../b.png\n");
		assertEquals(List.of("b.png"), names(Inputs.list(list.toString(), conf, results)), "named without the " +
			"results' folder");
	}

	@Test
	void oneImageFileIsItself() throws IOException {
		assertEquals(List.of("b.png"), names(Inputs.list(dir.resolve("b.png").toString(), conf)));
	}

	@Test
	void nothingToRestoreIsAClearError() throws IOException {
		IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> Inputs.list(dir
			.resolve("nowhere").toString(), conf));
		assertEquals("No such file or folder: " + dir.resolve("nowhere") + ".", missing.getMessage());
		Path empty = Files.createDirectory(dir.resolve("empty"));
		IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> Inputs.list(empty.toString(),
			conf));
		assertTrue(none.getMessage().startsWith("No images (PNG, JPEG, TIFF, BMP) in "), none.getMessage());
		Path list = Files.writeString(dir.resolve("empty.txt"), "# nothing\n");
		IllegalArgumentException noLines = assertThrows(IllegalArgumentException.class, () -> Inputs.list(list
			.toString(), conf));
		assertTrue(noLines.getMessage().contains("lists no photos"), noLines.getMessage());
	}
}
