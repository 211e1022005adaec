package org.revivegan.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.revivegan.cli.Main.UsageException;
import org.revivegan.io.ImageFiles;
import org.revivegan.io.LoadedImage;
import org.revivegan.io.WriteOptions;

/**
 * Where the results of inpaint and colorize go and how they are written: one file, or a folder (several
 * inputs, a folder given as input, or an output without an image extension), made if missing; each result in
 * its input's format unless --format asks for another, at its bit depth with its metadata, a stack as a stack.
 */
final class ResultFiles {

	private final Path out;
	private final boolean folder;
	private final String format;
	private final int jpegQuality;

	private ResultFiles(Path out, boolean folder, String format, int jpegQuality) {
		this.out = out;
		this.folder = folder;
		this.format = format;
		this.jpegQuality = jpegQuality;
	}

	/** @return the results of {@code inputs} in {@code out}, as {@code --format} and {@code --jpeg-quality} say */
	static ResultFiles of(Args a, List<Path> inputs, Path out) throws IOException {
		String format = a.has("--format") ? a.string("--format", null) : null;
		int quality = a.intValue("--jpeg-quality", WriteOptions.DEFAULT_JPEG_QUALITY);
		try {
			WriteOptions.of(8, false).withJpegQuality(quality);
			if (format != null) ImageFiles.outputFormatFor(inputs.get(0), format);
		}
		catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage().replace("The JPEG quality", "--jpeg-quality") + (format != null && e
				.getMessage().contains(format) ? " (--format)" : ""));
		}
		boolean folder = inputs.size() > 1 || Files.isDirectory(out) || a.positionalFolder() || !Files.exists(out) &&
			!ImageFiles.hasImageExtension(out);
		if (folder && !Files.isDirectory(out) && Files.exists(out)) throw new UsageException("-o " + out + " is a " +
			"file; give a folder for several results.");
		if (!folder && format != null && !ImageFiles.outputName(out, format).equals(out.getFileName().toString()))
			throw new UsageException("-o " + out + " and --format " + format + " disagree: give -o a name ending in ." +
				ImageFiles.outputFormatFor(out, format) + ".");
		return new ResultFiles(out, folder, format, quality);
	}

	/** Makes the output folder if it is missing (call once every input has been checked). */
	void prepare(PrintStream log) throws IOException {
		if (folder && !Files.isDirectory(out)) {
			Files.createDirectories(out);
			log.println("Created the output folder " + out);
		}
	}

	Path target(Path input) {
		return folder ? out.resolve(ImageFiles.outputName(input, format)) : out;
	}

	void write(Path target, List<Img<FloatType>> pages, LoadedImage original, boolean gray) throws IOException {
		WriteOptions options = WriteOptions.like(original).withGrayscale(gray).withJpegQuality(jpegQuality);
		try {
			ImageFiles.writePages(target, pages, options);
		}
		catch (IllegalArgumentException e) { // a stack to a format that holds one image
			throw new UsageException(e.getMessage());
		}
	}

	/** @return how progress names page {@code page} (from 0) of {@code pages} of {@code input}: by its file name */
	static String page(Path input, int page, int pages) {
		return input.getFileName() + (pages > 1 ? " page " + (page + 1) + " of " + pages : "");
	}

	/** Reports a result written: {@code input -> target (seconds since t0)}. */
	static void written(PrintStream out, Path input, Path target, long t0) {
		out.printf(Locale.ROOT, "%s -> %s (%.1f s)%n", input, target, (System.nanoTime() - t0) / 1e9);
	}
}
