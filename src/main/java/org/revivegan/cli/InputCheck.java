package org.revivegan.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.revivegan.cli.Main.UsageException;

/**
 * Checks every input of a batch before the first one is processed: that it is a readable file whose header an
 * image decoder understands. All the bad ones are reported together, in one line, and nothing is written, so that
 * a long batch does not stop half-way at the first unreadable file (and a user fixes them all in one go). Only the
 * header is read here; a file damaged past its header is found when it is decoded and stops the batch there.
 */
final class InputCheck {

	private InputCheck() {}

	/** @throws UsageException naming every file that cannot be read, and why */
	static void readable(List<Path> files) {
		List<String> bad = new ArrayList<>();
		for (Path f : files) {
			String problem = problem(f);
			if (problem != null) bad.add(f + " (" + problem + ")");
		}
		if (bad.isEmpty()) return;
		throw new UsageException((bad.size() == 1 ? "An input cannot be read" : bad.size() + " of " + files.size() +
			" inputs cannot be read") + "; nothing was written: " + String.join("; ", bad) + ".");
	}

	/** @return why the file cannot be read as an image, or null if its header is fine */
	static String problem(Path f) {
		if (Files.isDirectory(f)) return "a folder, not an image";
		if (!Files.exists(f)) return "no such file";
		if (!Files.isReadable(f)) return "permission denied";
		try (ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
			if (in == null) return "cannot be opened";
			Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
			if (!readers.hasNext()) return "not a PNG, JPEG, TIFF or BMP image";
			ImageReader reader = readers.next();
			try {
				reader.setInput(in, true, true);
				if (reader.getWidth(0) < 1 || reader.getHeight(0) < 1) return "an image without pixels";
			}
			catch (IOException | RuntimeException e) { // decoders throw runtime exceptions on some damage
				return "damaged or truncated header";
			}
			finally {
				reader.dispose();
			}
		}
		catch (IOException e) {
			return "cannot be read: " + e.getMessage();
		}
		return null;
	}
}
