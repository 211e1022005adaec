package org.revivegan.io;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {

	@TempDir
	Path dir;

	/** An (x, y, c) image whose every value is a level k / max, all levels different along the image. */
	private static ArrayImg<FloatType, FloatArray> levels(int w, int h, int c, int max) {
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(w, h, c);
		float[] v = img.update(null).getCurrentStorageArray();
		for (int i = 0; i < v.length; i++)
			v[i] = (float) (((i * 7919L) % (max + 1)) / (double) max);
		v[0] = 0;
		v[v.length - 1] = 1;
		return img;
	}

	private static float[] data(Img<FloatType> img) {
		return ((ArrayImg<FloatType, FloatArray>) img).update(null).getCurrentStorageArray();
	}

	@Test
	void eightBitRgbPngRoundTripIsExact() throws IOException {
		ArrayImg<FloatType, FloatArray> img = levels(13, 7, 3, 255);
		Path file = dir.resolve("rgb.png");
		ImageFiles.write(file, img);
		LoadedImage loaded = ImageFiles.read(file);
		assertEquals(8, loaded.bitDepth());
		assertEquals(3, loaded.channels());
		assertFalse(loaded.grayscale());
		assertArrayEquals(new long[] { 13, 7, 3 }, loaded.image().dimensionsAsLongArray());
		assertArrayEquals(data(img), data(loaded.image()));
	}

	@Test
	void sixteenBitGrayPngAndTiffRoundTripIsExact() throws IOException {
		ArrayImg<FloatType, FloatArray> gray = levels(11, 9, 1, 65535);
		float[] v = data(gray);
		v[1] = 1 / 65535f; // one level above black, lost in 8 bits
		v[2] = 257 / 65535f;
		v[3] = 32768 / 65535f;
		for (String name : List.of("gray16.png", "gray16.tif")) {
			Path file = dir.resolve(name);
			ImageFiles.write(file, Views.hyperSlice(gray, 2, 0), 16, true);
			LoadedImage loaded = ImageFiles.read(file);
			assertEquals(16, loaded.bitDepth(), name);
			assertEquals(1, loaded.channels(), name);
			assertTrue(loaded.grayscale(), name);
			float[] back = data(loaded.image());
			for (int c = 0; c < 3; c++)
				assertArrayEquals(v, Arrays.copyOfRange(back, c * v.length, (c + 1) * v.length), name + " channel " + c);
		}
	}

	@Test
	void sixteenBitRgbRoundTripIsExact() throws IOException {
		ArrayImg<FloatType, FloatArray> img = levels(5, 6, 3, 65535);
		for (String name : List.of("rgb16.png", "rgb16.tiff")) {
			Path file = dir.resolve(name);
			ImageFiles.write(file, img, 16, false);
			LoadedImage loaded = ImageFiles.read(file);
			assertEquals(16, loaded.bitDepth(), name);
			assertEquals(3, loaded.channels(), name);
			assertFalse(loaded.grayscale(), name);
			assertArrayEquals(data(img), data(loaded.image()), name);
		}
	}

	@Test
	void eightBitTiffAndBmpRoundTripIsExactAndJpegIsClose() throws IOException {
		ArrayImg<FloatType, FloatArray> img = levels(8, 8, 3, 255);
		for (String name : List.of("rgb.tif", "rgb.BMP")) {
			Path file = dir.resolve(name);
			ImageFiles.write(file, img);
			LoadedImage loaded = ImageFiles.read(file);
			assertEquals(8, loaded.bitDepth(), name);
			assertArrayEquals(data(img), data(loaded.image()), name);
		}
		// JPEG is lossy: a smooth image comes back within a few levels
		ArrayImg<FloatType, FloatArray> smooth = ArrayImgs.floats(16, 16, 3);
		float[] s = data(smooth);
		for (int i = 0; i < s.length; i++)
			s[i] = (i % 16 + (i / 16) % 16) / 40f + 0.1f;
		Path jpg = dir.resolve("smooth.jpg");
		ImageFiles.write(jpg, smooth);
		float[] back = data(ImageFiles.read(jpg).image());
		for (int i = 0; i < s.length; i++)
			assertEquals(s[i], back[i], 0.03, "at " + i);
	}

	@Test
	void detectsGray() throws IOException {
		// an RGB file whose pixels all have R = G = B is gray; one coloured pixel makes it colour
		ArrayImg<FloatType, FloatArray> rgb = ArrayImgs.floats(4, 3, 3);
		float[] v = data(rgb);
		for (int i = 0; i < 12; i++)
			v[i] = v[i + 12] = v[i + 24] = i / 11f;
		Path file = dir.resolve("equal.png");
		ImageFiles.write(file, rgb);
		LoadedImage loaded = ImageFiles.read(file);
		assertEquals(3, loaded.channels());
		assertTrue(loaded.grayscale());

		v[24 + 5] = 0; // blue of pixel 5
		ImageFiles.write(file, rgb);
		assertFalse(ImageFiles.read(file).grayscale());

		// asked for gray: one channel in the file, the luma of the colours
		Path grayFile = dir.resolve("gray.png");
		ImageFiles.write(grayFile, rgb, 8, true);
		LoadedImage gray = ImageFiles.read(grayFile);
		assertEquals(1, gray.channels());
		assertTrue(gray.grayscale());
		float[] g = data(gray.image());
		assertEquals(Math.round(255 * (0.299 * 5 / 11 + 0.587 * 5 / 11)) / 255f, g[5], 0);
		assertEquals(Math.round(255 * 7 / 11.0) / 255f, g[7], 0);
		assertEquals(g[7], g[7 + 24], 0);

		// an 8-bit gray JPEG
		Path jpg = dir.resolve("gray.jpeg");
		ImageFiles.write(jpg, Views.hyperSlice(rgb, 2, 0));
		LoadedImage grayJpeg = ImageFiles.read(jpg);
		assertEquals(1, grayJpeg.channels());
		assertTrue(grayJpeg.grayscale());
	}

	@Test
	void readsPalettesAndDropsAlpha() throws IOException {
		byte[] r = { 0, (byte) 255 }, g = { 0, (byte) 128 }, b = { 0, 0 };
		BufferedImage palette = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_BINARY, new IndexColorModel(1, 2, r,
			g, b));
		palette.getRaster().setSample(1, 0, 0, 1);
		Path file = dir.resolve("palette.png");
		assertTrue(ImageIO.write(palette, "png", file.toFile()));
		LoadedImage loaded = ImageFiles.read(file);
		assertEquals(8, loaded.bitDepth());
		assertFalse(loaded.grayscale());
		assertArrayEquals(new float[] { 0, 1, 0, 128 / 255f, 0, 0 }, data(loaded.image()));

		BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
		argb.setRGB(0, 0, 0x80ff0000);
		argb.setRGB(1, 0, 0xff00ff00);
		Path alpha = dir.resolve("alpha.png");
		assertTrue(ImageIO.write(argb, "png", alpha.toFile()));
		LoadedImage withAlpha = ImageFiles.read(alpha);
		assertEquals(4, withAlpha.channels());
		assertArrayEquals(new float[] { 1, 0, 0, 1, 0, 0 }, data(withAlpha.image()));
	}

	@Test
	void writingClampsAndRounds() throws IOException {
		Img<FloatType> img = ArrayImgs.floats(new float[] { -0.5f, 1.5f, Float.NaN, 0.5f, 0.2f, 0.999f }, 6, 1);
		Path file = dir.resolve("clamped.png");
		ImageFiles.write(file, img);
		float[] back = data(ImageFiles.read(file).image());
		assertArrayEquals(new float[] { 0, 1, 0, 128 / 255f, 51 / 255f, 1 }, Arrays.copyOf(back, 6));
		assertEquals(0, ImageFiles.quantize(-0.0, 65535));
		assertEquals(65535, ImageFiles.quantize(Double.POSITIVE_INFINITY, 65535));
		assertEquals(32768, ImageFiles.quantize(0.5, 65535));
	}

	@Test
	void errorMessagesNameTheFileAndTheProblem() throws IOException {
		Path text = dir.resolve("notes.png");
		Files.writeString(text, "These are not pixels.\n", StandardCharsets.UTF_8);
		IOException e = assertThrows(IOException.class, () -> ImageFiles.read(text));
		assertEquals("cannot read " + text + ": not a PNG, JPEG, TIFF or BMP image", e.getMessage());

		Path missing = dir.resolve("missing.png");
		e = assertThrows(IOException.class, () -> ImageFiles.read(missing));
		assertEquals("cannot read " + missing + ": no such file", e.getMessage());

		e = assertThrows(IOException.class, () -> ImageFiles.read(dir));
		assertTrue(e.getMessage().contains("it is a folder"), e.getMessage());

		// a PNG cut in half
		Path whole = dir.resolve("whole.png");
		ImageFiles.write(whole, levels(64, 64, 3, 255));
		byte[] bytes = Files.readAllBytes(whole);
		Path cut = dir.resolve("cut.png");
		Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
		e = assertThrows(IOException.class, () -> ImageFiles.read(cut));
		assertTrue(e.getMessage().startsWith("cannot read " + cut + ": the PNG file is damaged, truncated"), e
			.getMessage());

		// a JPEG cut in half: the JPEG decoder only warns, which must still fail
		Path jpeg = dir.resolve("whole.jpg");
		ImageFiles.write(jpeg, levels(64, 64, 3, 255));
		bytes = Files.readAllBytes(jpeg);
		Path cutJpeg = dir.resolve("cut.jpg");
		Files.write(cutJpeg, Arrays.copyOf(bytes, bytes.length / 2));
		e = assertThrows(IOException.class, () -> ImageFiles.read(cutJpeg));
		assertTrue(e.getMessage().startsWith("cannot read " + cutJpeg + ": the JPEG file"), e.getMessage());
	}

	@Test
	void writingRejectsWhatCannotBeWritten() throws IOException {
		RandomAccessibleInterval<FloatType> img = ArrayImgs.floats(3, 3, 3);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageFiles.write(dir.resolve("x.jpg"), img, 16,
			false)).getMessage().contains("8 bits"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageFiles.write(dir.resolve("x.gif"), img))
			.getMessage().contains(".png"));
		assertThrows(IllegalArgumentException.class, () -> ImageFiles.write(dir.resolve("x.png"), ArrayImgs.floats(3,
			3, 2)));
		assertThrows(IllegalArgumentException.class, () -> ImageFiles.write(dir.resolve("x.png"), img, 12, false));
		IOException e = assertThrows(IOException.class, () -> ImageFiles.write(dir.resolve("no/such/x.png"), img));
		assertTrue(e.getMessage().contains("folder does not exist"), e.getMessage());
		assertFalse(Files.exists(dir.resolve("x.jpg")));
	}

	@Test
	void listsImagesByExtensionSortedIgnoringCase() throws IOException {
		for (String name : List.of("b.jpg", "a.PNG", "c.txt", "D.Tiff", ".hidden.png", "e.jpeg", "f.tif", "g.BMP",
			"png", "h.gif"))
			Files.writeString(dir.resolve(name), "x");
		Files.createDirectory(dir.resolve("sub.png"));
		List<String> names = ImageFiles.listImages(dir).stream().map(p -> p.getFileName().toString()).collect(
			Collectors.toList());
		assertEquals(List.of("a.PNG", "b.jpg", "D.Tiff", "e.jpeg", "f.tif", "g.BMP"), names);
		assertTrue(ImageFiles.listImages(dir).stream().allMatch(p -> p.getParent().equals(dir)));
		IOException e = assertThrows(IOException.class, () -> ImageFiles.listImages(dir.resolve("nothing")));
		assertTrue(e.getMessage().endsWith("no such folder"), e.getMessage());
	}

	@Test
	void listsImagesInSubFoldersByRelativePath() throws IOException {
		Files.createDirectories(dir.resolve("b/deep"));
		Files.createDirectories(dir.resolve("a"));
		for (String name : List.of("z.png", "b/deep/x.jpg", "b/y.tif", "a/w.PNG", "a/notes.txt", "b/.hidden.png"))
			Files.writeString(dir.resolve(name), "x");
		List<String> names = ImageFiles.listImagesRecursively(dir).stream().map(p -> dir.relativize(p).toString()
			.replace('\\', '/')).collect(Collectors.toList());
		assertEquals(List.of("a/w.PNG", "b/deep/x.jpg", "b/y.tif", "z.png"), names);
		assertThrows(IOException.class, () -> ImageFiles.listImagesRecursively(dir.resolve("nothing")));
	}
}
