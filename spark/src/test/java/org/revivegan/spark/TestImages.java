package org.revivegan.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.revivegan.io.ImageFiles;

/** Tiny photos and masks for the tests, written as files. */
final class TestImages {

	static final int W = 40, H = 32;
	/** The damage square of {@link #mask}: x, y, side. */
	static final int MX = 10, MY = 8, MS = 8;

	private TestImages() {}

	/** Writes a colour photo (a smooth pattern that depends on {@code seed}). */
	static Path color(Path file, int seed) throws IOException {
		Img<FloatType> img = ArrayImgs.floats(W, H, 3);
		net.imglib2.Cursor<FloatType> c = img.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			int x = c.getIntPosition(0), y = c.getIntPosition(1), ch = c.getIntPosition(2);
			c.get().set((float) (0.5 + 0.4 * Math.sin((x + 3 * ch + seed) * 0.3) * Math.cos((y + seed) * 0.2)));
		}
		return write(file, img, false);
	}

	/** Writes a grayscale photo. */
	static Path gray(Path file, int seed) throws IOException {
		Img<FloatType> img = ArrayImgs.floats(W, H, 1);
		net.imglib2.Cursor<FloatType> c = img.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			c.get().set((float) ((c.getIntPosition(0) * 5 + c.getIntPosition(1) * 3 + seed * 17) % 200 / 255.0 + 0.1));
		}
		return write(file, img, true);
	}

	/** Writes a mask: 255 in the square at ({@link #MX}, {@link #MY}) of side {@link #MS}, 0 elsewhere. */
	static Path mask(Path file) throws IOException {
		Img<FloatType> m = ArrayImgs.floats(W, H);
		net.imglib2.Cursor<FloatType> c = m.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			c.get().set(inMask(c.getIntPosition(0), c.getIntPosition(1)) ? 1 : 0);
		}
		return write(file, m, true);
	}

	static boolean inMask(int x, int y) {
		return x >= MX && x < MX + MS && y >= MY && y < MY + MS;
	}

	/** Writes bytes that are no image under an image's name. */
	static Path garbage(Path file) throws IOException {
		Files.createDirectories(file.getParent());
		return Files.write(file, "this is not a PNG".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
	}

	private static Path write(Path file, Img<FloatType> img, boolean gray) throws IOException {
		Files.createDirectories(file.toAbsolutePath().getParent());
		ImageFiles.write(file, img, 8, gray);
		return file;
	}

	static String sha256(Path file) throws Exception {
		StringBuilder sb = new StringBuilder();
		for (byte b : MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)))
			sb.append(String.format("%02x", b));
		return sb.toString();
	}

	/** @return every file under {@code dir}, relative, '/' separated, sorted */
	static List<String> files(Path dir) throws IOException {
		List<String> out = new ArrayList<>();
		try (Stream<Path> s = Files.walk(dir)) {
			s.filter(Files::isRegularFile).forEach(p -> out.add(dir.relativize(p).toString().replace('\\', '/')));
		}
		out.sort(null);
		return out;
	}
}
