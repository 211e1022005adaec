package org.revivegan.core.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.ModelFormatException;

/**
 * Reading a checkpoint inflates only the entries a checkpoint has (others are skipped), each bounded: a damaged
 * or crafted file (a zip bomb) stops with a message that says what to do, before it can fill the memory.
 */
class CheckpointBoundsTest {

	@TempDir
	Path dir;

	/** Writes a zip with one entry of {@code bytes} times {@code value}; zeros and spaces compress to almost nothing. */
	private Path zip(String entry, long bytes, byte value) throws IOException {
		Path file = dir.resolve(entry + ".zip");
		try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
			zip.putNextEntry(new ZipEntry(entry));
			byte[] block = new byte[1 << 16];
			java.util.Arrays.fill(block, value);
			for (long left = bytes; left > 0; left -= block.length)
				zip.write(block, 0, (int) Math.min(block.length, left));
			zip.closeEntry();
		}
		return file;
	}

	@Test
	void anEntryThatInflatesPastItsBoundIsRefused() throws IOException {
		Path bomb = zip("config.json", ModelFile.MAX_METADATA_BYTES + 1, (byte) ' ');
		assertTrue(Files.size(bomb) < 64 * 1024, "a small file: " + Files.size(bomb));
		ModelFormatException e = assertThrows(ModelFormatException.class, () -> Checkpoint.load(bomb));
		assertTrue(e.getMessage().contains("config.json inflates to more than the " + ModelFile.MAX_METADATA_BYTES +
			" bytes") && e.getMessage().endsWith("Delete it to start over."), e.getMessage());
	}
}
