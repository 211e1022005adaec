package org.revivegan.io;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.model.AtomicFiles;
import org.revivegan.core.provenance.Provenance;
import org.revivegan.core.provenance.ProvenanceFiles;

/**
 * Files that come back as they went in (issues 15, 16, 17): every case is a small file written here, in the
 * variant that real cameras, scanners and editors produce.
 */
class ImageFilesFidelityTest {

	@TempDir
	Path dir;

	private static float[] data(Img<FloatType> img) {
		return ((ArrayImg<FloatType, FloatArray>) img).update(null).getCurrentStorageArray();
	}

	private static float at(Img<FloatType> img, int x, int y, int c) {
		return data(img)[(int) (x + img.dimension(0) * (y + img.dimension(1) * c))];
	}

	// -- atomic writes --

	/** An output stream that fails once {@code limit} bytes have gone through: a disk that fills up. */
	private static OutputStream failingAfter(OutputStream out, int limit) {
		return new FilterOutputStream(out) {

			int written;

			@Override
			public void write(int b) throws IOException {
				write(new byte[] { (byte) b }, 0, 1);
			}

			@Override
			public void write(byte[] b, int off, int len) throws IOException {
				if (written + len > limit) throw new IOException("No space left on device");
				out.write(b, off, len);
				written += len;
			}
		};
	}

	private static Set<String> imageioCacheFiles() throws IOException {
		try (Stream<Path> files = Files.list(Paths.get(System.getProperty("java.io.tmpdir")))) {
			return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("imageio") && n.endsWith(".tmp"))
				.collect(Collectors.toSet());
		}
	}

	@Test
	void aFailedWriteLeavesThePreviousResultAndNoTemporaryFile() throws IOException {
		Set<String> cacheBefore = imageioCacheFiles();
		for (String name : List.of("result.png", "result.jpg", "result.tif", "result.bmp", "map-synthesized.png")) {
			Path file = dir.resolve(name);
			ArrayImg<FloatType, FloatArray> first = ArrayImgs.floats(40, 30, 3);
			ImageFiles.write(file, first);
			byte[] before = Files.readAllBytes(file);

			ArrayImg<FloatType, FloatArray> second = ArrayImgs.floats(40, 30, 3);
			float[] v = data(second);
			for (int i = 0; i < v.length; i++)
				v[i] = (i * 37 % 101) / 100f;
			IOException e = assertThrows(IOException.class, () -> ImageFiles.writePages(file, List.of(second),
				WriteOptions.of(8, false), out -> failingAfter(out, 60)), name);
			assertTrue(e.getMessage().startsWith("cannot write " + file + ": ") && e.getMessage().contains(
				"No space left on device"), e.getMessage());
			assertArrayEquals(before, Files.readAllBytes(file), name + ": the previous result is untouched");
			try (Stream<Path> files = Files.list(dir)) {
				List<String> left = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).collect(
					Collectors.toList());
				assertEquals(List.of(), left, name + ": no temporary file left");
			}
			// and a write that succeeds replaces it whole
			ImageFiles.write(file, second);
			assertFalse(java.util.Arrays.equals(before, Files.readAllBytes(file)), name);
		}
		Set<String> cacheAfter = imageioCacheFiles();
		cacheAfter.removeAll(cacheBefore);
		assertEquals(Set.of(), cacheAfter, "no ImageIO cache file in the temporary folder");
	}

	@Test
	void twoWritersOfOneTargetLeaveOneWholeResult() throws Exception {
		Path file = dir.resolve("shared.png");
		List<ArrayImg<FloatType, FloatArray>> images = new ArrayList<>();
		for (int k = 0; k < 2; k++) {
			ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(120, 90, 3);
			float[] v = data(img);
			for (int i = 0; i < v.length; i++)
				v[i] = ((i * (31 + 7 * k)) % 256) / 255f;
			images.add(img);
		}
		List<Thread> threads = new ArrayList<>();
		List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
		for (ArrayImg<FloatType, FloatArray> img : images)
			threads.add(new Thread(() -> {
				try {
					for (int i = 0; i < 8; i++)
						ImageFiles.write(file, img);
				}
				catch (Throwable t) {
					failures.add(t);
				}
			}));
		for (Thread t : threads)
			t.start();
		for (Thread t : threads)
			t.join();
		assertEquals(List.of(), failures);
		float[] back = data(ImageFiles.read(file).image());
		assertTrue(java.util.Arrays.equals(back, data(images.get(0))) || java.util.Arrays.equals(back, data(images.get(
			1))), "one writer's whole image, not a mix");
		try (Stream<Path> files = Files.list(dir)) {
			assertEquals(List.of("shared.png"), files.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
		}
	}

	@Test
	void aWriteNeverOpensTheTargetItself() throws IOException {
		// the input given as its own output: a failure must not cost the input (issue 17's "disk full deletes
		// the input"); a read-only target folder entry is replaced by rename, never truncated first
		Path file = dir.resolve("a.png");
		ImageFiles.write(file, ArrayImgs.floats(8, 8, 3));
		byte[] before = Files.readAllBytes(file);
		assertThrows(IOException.class, () -> ImageFiles.writePages(file, List.of(ArrayImgs.floats(8, 8, 3)),
			WriteOptions.of(16, false), out -> failingAfter(out, 0)));
		assertArrayEquals(before, Files.readAllBytes(file));
	}

	@Test
	void theProvenanceSidecarIsWrittenAtomically() throws IOException {
		Path result = dir.resolve("photo.png");
		Provenance p = Provenance.builder(Provenance.Operation.INPAINT).build();
		Path sidecar = ProvenanceFiles.writeSidecar(result, p);
		byte[] before = Files.readAllBytes(sidecar);
		assertEquals(p.toJson(), ProvenanceFiles.readSidecar(result).toJson());
		// the sidecar's writer (AtomicFiles) failing half-way: the previous record stays, no temporary file
		IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(sidecar, out -> {
			out.write("{\"half\":".getBytes(StandardCharsets.UTF_8));
			throw new IOException("No space left on device");
		}));
		assertEquals("No space left on device", e.getMessage());
		assertArrayEquals(before, Files.readAllBytes(sidecar));
		try (Stream<Path> files = Files.list(dir)) {
			assertEquals(List.of("photo.png.revivegan.json"), files.map(f -> f.getFileName().toString()).collect(
				Collectors.toList()));
		}
	}

	// -- the size, from the header, before decoding --

	/** A gray 1-bit PNG of any size whose pixels are all black: a few hundred kilobytes for 20000 x 20000. */
	private static byte[] blackPng(int w, int h) throws IOException {
		ByteArrayOutputStream png = new ByteArrayOutputStream();
		DataOutputStream out = new DataOutputStream(png);
		out.writeLong(0x89504E470D0A1A0AL);
		ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
		DataOutputStream hd = new DataOutputStream(ihdr);
		hd.writeInt(w);
		hd.writeInt(h);
		hd.write(new byte[] { 1, 0, 0, 0, 0 }); // 1 bit, gray, deflate, no filter, no interlace
		chunk(out, "IHDR", ihdr.toByteArray());
		ByteArrayOutputStream idat = new ByteArrayOutputStream();
		try (DeflaterOutputStream z = new DeflaterOutputStream(idat)) {
			byte[] row = new byte[1 + (w + 7) / 8];
			for (int y = 0; y < h; y++)
				z.write(row);
		}
		chunk(out, "IDAT", idat.toByteArray());
		chunk(out, "IEND", new byte[0]);
		return png.toByteArray();
	}

	private static void chunk(DataOutputStream out, String type, byte[] body) throws IOException {
		byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
		out.writeInt(body.length);
		out.write(t);
		out.write(body);
		CRC32 crc = new CRC32();
		crc.update(t);
		crc.update(body);
		out.writeInt((int) crc.getValue());
	}

	@Test
	void anImageTooLargeForTheHeapIsRefusedFromItsHeader() throws IOException {
		Path file = dir.resolve("huge.png");
		Files.write(file, blackPng(20000, 20000));
		assertTrue(Files.size(file) < 2_000_000, "a small file");
		IOException e = assertThrows(IOException.class, () -> ImageFiles.read(file));
		assertTrue(e.getMessage().contains("20000 x 20000 pixels"), e.getMessage());
		assertTrue(e.getMessage().contains("REVIVE_HEAP="), e.getMessage());
		assertTrue(e.getMessage().contains("GB"), e.getMessage());

		Path larger = dir.resolve("larger.png");
		Files.write(larger, blackPng(30000, 30000));
		e = assertThrows(IOException.class, () -> ImageFiles.read(larger));
		assertTrue(e.getMessage().contains("30000 x 30000") && e.getMessage().contains("split it"), e.getMessage());

		// and a small one of the same kind reads
		Path small = dir.resolve("small.png");
		Files.write(small, blackPng(9, 5));
		LoadedImage s = ImageFiles.read(small);
		assertEquals(9, s.width());
		assertEquals(5, s.height());
	}

	// -- EXIF orientation --

	/** A minimal big-endian EXIF record: one directory holding the orientation. */
	private static byte[] exifWithOrientation(int orientation) {
		return new byte[] { 'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0,
			0, 0, 0, 0, 0 };
	}

	/** 48 x 32, four flat quadrants of different colours: which way it is turned shows after JPEG. */
	private static BufferedImage quadrants() {
		BufferedImage img = new BufferedImage(48, 32, BufferedImage.TYPE_3BYTE_BGR);
		int[] colours = { 0xff0000, 0x00ff00, 0x0000ff, 0xffffff }; // top-left, top-right, bottom-left, bottom-right
		for (int y = 0; y < 32; y++)
			for (int x = 0; x < 48; x++)
				img.setRGB(x, y, colours[(x < 24 ? 0 : 1) + (y < 16 ? 0 : 2)]);
		return img;
	}

	private static byte[] jpeg(BufferedImage img) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		assertTrue(ImageIO.write(img, "jpeg", out));
		return out.toByteArray();
	}

	/** @return the colour nearest to the pixel: 'R', 'G', 'B' or 'W' */
	private static char colourAt(Img<FloatType> img, int x, int y) {
		float r = at(img, x, y, 0), g = at(img, x, y, 1), b = at(img, x, y, 2);
		if (r > 0.8 && g > 0.8 && b > 0.8) return 'W';
		if (r > 0.7 && g < 0.3 && b < 0.3) return 'R';
		if (g > 0.7 && r < 0.3 && b < 0.3) return 'G';
		if (b > 0.7 && r < 0.3 && g < 0.3) return 'B';
		return '?';
	}

	@Test
	void exifOrientationTurnsTheJpegUprightAndTheResultSaysUpright() throws IOException {
		Path file = dir.resolve("sideways.jpg");
		Files.write(file, JpegSegments.insert(jpeg(quadrants()), exifWithOrientation(6), null, 0, 0));
		LoadedImage loaded = ImageFiles.read(file);
		assertEquals(6, loaded.metadata().orientation());
		// to be turned a quarter clockwise: 32 wide, 48 high; the stored top-left (red) is now top-right
		assertEquals(32, loaded.width());
		assertEquals(48, loaded.height());
		Img<FloatType> img = loaded.image();
		assertEquals("BR/WG", "" + colourAt(img, 8, 12) + colourAt(img, 24, 12) + "/" + colourAt(img, 8, 36) + colourAt(
			img, 24, 36));

		// every orientation: the stored top-left pixel lands where a viewer shows it
		String[] expected = { null, "RG/BW", "GR/WB", "WB/GR", "BW/RG", "RB/GW", "BR/WG", "WG/BR", "GW/RB" };
		for (int o = 1; o <= 8; o++) {
			Files.write(file, JpegSegments.insert(jpeg(quadrants()), exifWithOrientation(o), null, 0, 0));
			Img<FloatType> u = ImageFiles.read(file).image();
			int w = (int) u.dimension(0), h = (int) u.dimension(1);
			assertEquals(o >= 5 ? 32 : 48, w, "orientation " + o);
			assertEquals(expected[o], "" + colourAt(u, w / 4, h / 4) + colourAt(u, 3 * w / 4, h / 4) + "/" + colourAt(u,
				w / 4, 3 * h / 4) + colourAt(u, 3 * w / 4, 3 * h / 4), "orientation " + o);
		}

		// the result, written upright, carries the EXIF with orientation 1: not turned a second time
		Files.write(file, JpegSegments.insert(jpeg(quadrants()), exifWithOrientation(6), null, 0, 0));
		LoadedImage again = ImageFiles.read(file);
		for (String name : List.of("upright.jpg", "upright.png")) {
			Path result = dir.resolve(name);
			ImageFiles.write(result, again.image(), again);
			LoadedImage back = ImageFiles.read(result);
			assertEquals(1, back.metadata().orientation(), name);
			assertNotNull(back.metadata().exif(), name + " keeps the EXIF record");
			assertEquals(32, back.width(), name);
			assertEquals('B', colourAt(back.image(), 8, 12), name);
		}
	}

	// -- colour profiles and resolution --

	private static byte[] linearRgbProfile() {
		return ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
	}

	@Test
	void aPngWithAProfileKeepsItsValuesItsProfileAndItsResolution() throws IOException {
		byte[] profile = linearRgbProfile();
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(6, 4, 3);
		float[] v = data(img);
		for (int i = 0; i < v.length; i++)
			v[i] = (i * 11 % 256) / 255f;
		Path plain = dir.resolve("plain.png");
		ImageFiles.write(plain, img);
		// the same pixels with an iCCP profile and 300 dpi: as an editor saves an Adobe RGB scan
		byte[] bytes = Files.readAllBytes(plain);
		Path file = dir.resolve("profiled.png");
		try (OutputStream out = PngChunks.inserting(Files.newOutputStream(file), PngChunks.chunks(profile, null, 300,
			300)))
		{
			out.write(bytes);
		}
		LoadedImage loaded = ImageFiles.read(file);
		assertArrayEquals(v, data(loaded.image()), "the file's own values, not converted");
		assertArrayEquals(profile, loaded.metadata().iccProfile());
		assertEquals(300, loaded.metadata().dpiX(), 0.01);

		for (String name : List.of("result.png", "result.tif", "result.jpg")) {
			Path result = dir.resolve(name);
			ImageFiles.write(result, loaded.image(), loaded);
			LoadedImage back = ImageFiles.read(result);
			assertArrayEquals(profile, back.metadata().iccProfile(), name + " keeps the profile");
			assertEquals(300, back.metadata().dpiX(), 0.5, name + " keeps the resolution");
			assertEquals(300, back.metadata().dpiY(), 0.5, name);
			if (!name.endsWith(".jpg")) assertArrayEquals(v, data(back.image()), name + " keeps the values");
		}

		// a gray result of an RGB profile gets no profile (it would describe other pixels)
		Path gray = dir.resolve("gray.png");
		ImageFiles.write(gray, loaded.image(), WriteOptions.like(loaded).withGrayscale(true));
		assertNull(ImageFiles.read(gray).metadata().iccProfile());
	}

	@Test
	void anAdobeRgbJpegIsNotConvertedToSrgbAndKeepsItsExifAndProfile() throws IOException {
		byte[] profile = linearRgbProfile(); // a wide-gamut stand-in: any RGB profile other than sRGB
		BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_3BYTE_BGR);
		for (int y = 0; y < 16; y++)
			for (int x = 0; x < 16; x++)
				img.setRGB(x, y, (x * 15) << 16 | (y * 15) << 8 | 60);
		byte[] plain = jpeg(img);
		Path without = dir.resolve("without.jpg"), with = dir.resolve("adobe.jpg");
		Files.write(without, plain);
		byte[] exif = exifWithOrientation(1);
		Files.write(with, JpegSegments.insert(plain, exif, profile, 240, 240));

		LoadedImage a = ImageFiles.read(without), b = ImageFiles.read(with);
		assertArrayEquals(data(a.image()), data(b.image()), "the same coded values, whatever the profile");
		assertArrayEquals(profile, b.metadata().iccProfile());
		assertEquals(240, b.metadata().dpiX(), 0);

		Path result = dir.resolve("result.jpg");
		ImageFiles.write(result, b.image(), WriteOptions.like(b).withJpegQuality(98));
		JpegSegments s;
		try (ByteArrayInputStream in = new ByteArrayInputStream(Files.readAllBytes(result))) {
			s = JpegSegments.read(in);
		}
		assertArrayEquals(profile, s.icc, "profile carried");
		assertArrayEquals(exif, s.exif, "EXIF carried");
		assertEquals(240, s.dpiX, 0, "resolution carried");
		float[] back = data(ImageFiles.read(result).image()), orig = data(b.image());
		for (int i = 0; i < orig.length; i++)
			assertEquals(orig[i], back[i], 0.05, "still the same values, not converted on the way out, at " + i);
	}

	// -- TIFF --

	/** A TIFF written with TwelveMonkeys' writer and the horizontal predictor, as OpenCV and scanners write. */
	private static void predictorTiff(Path file, BufferedImage img, String compression) throws IOException {
		tiffWithTag(file, img, compression, 317, 2); // Predictor: horizontal differencing
	}

	/** A TIFF written with TwelveMonkeys' writer, with one SHORT tag set. */
	private static void tiffWithTag(Path file, BufferedImage img, String compression, int tag, int tagValue)
		throws IOException
	{
		ImageWriter w = null;
		for (java.util.Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("tiff"); it.hasNext();) {
			ImageWriter c = it.next();
			if (c.getClass().getName().startsWith("com.twelvemonkeys.")) w = c;
		}
		assertNotNull(w, "TwelveMonkeys TIFF writer");
		ImageWriteParam p = w.getDefaultWriteParam();
		p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
		p.setCompressionType(compression);
		IIOMetadata md = w.getDefaultImageMetadata(new ImageTypeSpecifier(img), p);
		String fmt = md.getNativeMetadataFormatName();
		IIOMetadataNode root = new IIOMetadataNode(fmt), ifd = new IIOMetadataNode("TIFFIFD"), field =
			new IIOMetadataNode("TIFFField"), shorts = new IIOMetadataNode("TIFFShorts"), value = new IIOMetadataNode(
				"TIFFShort");
		field.setAttribute("number", "" + tag);
		value.setAttribute("value", "" + tagValue);
		shorts.appendChild(value);
		field.appendChild(shorts);
		ifd.appendChild(field);
		root.appendChild(ifd);
		md.mergeTree(fmt, root);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
			w.setOutput(out);
			w.write(null, new IIOImage(img, null, md), p);
		}
		w.dispose();
		Files.write(file, bytes.toByteArray());
	}

	/**
	 * A little-endian TIFF, one strip, 16 bits per sample, Adobe Deflate with the horizontal predictor, written
	 * byte by byte (as OpenCV's default TIFF writer makes them).
	 */
	private static byte[] deflatePredictorTiff(int[][][] samples) throws IOException {
		int h = samples.length, w = samples[0].length, spp = samples[0][0].length;
		ByteArrayOutputStream raw = new ByteArrayOutputStream();
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				for (int c = 0; c < spp; c++) {
					int d = (samples[y][x][c] - (x == 0 ? 0 : samples[y][x - 1][c])) & 0xffff;
					raw.write(d);
					raw.write(d >> 8);
				}
		ByteArrayOutputStream z = new ByteArrayOutputStream();
		try (DeflaterOutputStream out = new DeflaterOutputStream(z)) {
			out.write(raw.toByteArray());
		}
		byte[] strip = z.toByteArray();
		int entries = 11, ifd = 8, after = ifd + 2 + 12 * entries + 4, bitsAt = after, stripAt = bitsAt + 2 * spp;
		java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(stripAt + strip.length).order(
			java.nio.ByteOrder.LITTLE_ENDIAN);
		b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifd);
		b.putShort((short) entries);
		int[][] fields = { { 256, 3, 1, w }, { 257, 3, 1, h }, { 258, 3, spp, spp == 1 ? 16 : bitsAt }, { 259, 3, 1, 8 },
			{ 262, 3, 1, spp == 1 ? 1 : 2 }, { 273, 4, 1, stripAt }, { 277, 3, 1, spp }, { 278, 3, 1, h }, { 279, 4, 1,
				strip.length }, { 284, 3, 1, 1 }, { 317, 3, 1, 2 } };
		for (int[] f : fields) {
			b.putShort((short) f[0]).putShort((short) f[1]).putInt(f[2]);
			if (f[1] == 3 && f[2] == 1) b.putShort((short) f[3]).putShort((short) 0);
			else b.putInt(f[3]);
		}
		b.putInt(0);
		for (int c = 0; c < spp; c++)
			b.putShort((short) 16);
		b.put(strip);
		return b.array();
	}

	@Test
	void sixteenBitTiffsWithLzwOrDeflateAndThePredictorReadExactly() throws IOException {
		int w = 7, h = 5;
		BufferedImage gray = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
		int[][][] graySamples = new int[h][w][1], rgbSamples = new int[h][w][3];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				graySamples[y][x][0] = (x * 9173 + y * 30011) % 65536;
				for (int c = 0; c < 3; c++)
					rgbSamples[y][x][c] = (x * 9173 + y * 30011 + c * 20000) % 65536;
			}
		graySamples[0][0][0] = rgbSamples[0][0][0] = 65535;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				gray.getRaster().setSample(x, y, 0, graySamples[y][x][0]);
		Path lzw = dir.resolve("lzw.tif");
		predictorTiff(lzw, gray, "LZW");
		Path deflateGray = dir.resolve("deflate1.tif"), deflateRgb = dir.resolve("deflate3.tif");
		Files.write(deflateGray, deflatePredictorTiff(graySamples));
		Files.write(deflateRgb, deflatePredictorTiff(rgbSamples));
		for (Path file : List.of(lzw, deflateGray, deflateRgb)) {
			int[][][] expected = file.equals(deflateRgb) ? rgbSamples : graySamples;
			LoadedImage loaded = ImageFiles.read(file);
			String what = file.getFileName().toString();
			assertEquals(16, loaded.bitDepth(), what);
			assertEquals(65535, loaded.whiteLevel(), what);
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					for (int c = 0; c < 3; c++)
						assertEquals(expected[y][x][expected[0][0].length == 1 ? 0 : c], Math.round(at(loaded.image(), x, y,
							c) * 65535), what + " at " + x + "," + y + "," + c);
		}
	}

	@Test
	void aTiffsOrientationTagIsHonoured() throws IOException {
		Path file = dir.resolve("turned.tif");
		tiffWithTag(file, quadrants(), "LZW", 274, 6);
		LoadedImage loaded = ImageFiles.read(file);
		assertEquals(6, loaded.metadata().orientation());
		assertEquals(32, loaded.width());
		Img<FloatType> img = loaded.image();
		assertEquals("BR/WG", "" + colourAt(img, 8, 12) + colourAt(img, 24, 12) + "/" + colourAt(img, 8, 36) + colourAt(
			img, 24, 36));
		Path result = dir.resolve("result.tif");
		ImageFiles.write(result, img, loaded);
		assertEquals(1, ImageFiles.read(result).metadata().orientation(), "written upright, and read so");
		assertEquals(32, ImageFiles.read(result).width());
	}

	@Test
	void aMultiPageTiffIsReadPageByPageAndComesBackAsAStack() throws IOException {
		List<RandomAccessibleInterval<FloatType>> pages = new ArrayList<>();
		for (int p = 0; p < 3; p++) {
			ArrayImg<FloatType, FloatArray> page = ArrayImgs.floats(5, 4, 3);
			float[] v = data(page);
			for (int i = 0; i < v.length; i++)
				v[i] = ((i + 17 * p) * 13 % 256) / 255f;
			pages.add(page);
		}
		Path stack = dir.resolve("stack.tif");
		ImageFiles.writePages(stack, pages, WriteOptions.of(8, false));

		IOException e = assertThrows(IOException.class, () -> ImageFiles.read(stack));
		assertTrue(e.getMessage().contains("stack of 3 pages"), e.getMessage());

		List<LoadedImage> loaded = ImageFiles.readPages(stack);
		assertEquals(3, loaded.size());
		for (int p = 0; p < 3; p++)
			assertArrayEquals(data((Img<FloatType>) pages.get(p)), data(loaded.get(p).image()), "page " + (p + 1));

		Path copy = dir.resolve("copy.tif");
		List<RandomAccessibleInterval<FloatType>> images = new ArrayList<>();
		for (LoadedImage l : loaded)
			images.add(l.image());
		ImageFiles.writePages(copy, images, WriteOptions.like(loaded.get(0)));
		assertEquals(3, ImageFiles.readPages(copy).size());
		assertThrows(IllegalArgumentException.class, () -> ImageFiles.writePages(dir.resolve("stack.png"), images,
			WriteOptions.of(8, false)));
		// any other file is one page
		Path single = dir.resolve("single.png");
		ImageFiles.write(single, pages.get(0));
		assertEquals(1, ImageFiles.readPages(single).size());
	}

	// -- 16-bit: range and depth --

	@Test
	void twelveBitDataInASixteenBitPngUseTheirRangeAndStaySixteenBit() throws IOException {
		BufferedImage img = new BufferedImage(9, 4, BufferedImage.TYPE_USHORT_GRAY);
		for (int i = 0; i < 36; i++)
			img.getRaster().setSample(i % 9, i / 9, 0, i * 113 % 4096);
		img.getRaster().setSample(8, 3, 0, 4095);
		Path file = dir.resolve("twelve.png");
		assertTrue(ImageIO.write(img, "png", file.toFile()));
		LoadedImage loaded = ImageFiles.read(file);
		assertEquals(16, loaded.bitDepth());
		assertEquals(4095, loaded.whiteLevel(), "the rule of the Fiji side: the smallest usual range, 12 bits");
		assertEquals(1f, at(loaded.image(), 8, 3, 0), 0, "white is the top of the range, not 4095 / 65535");
		assertEquals(org.revivegan.fiji.ImagePlusImages.sixteenBitRange(new short[] { 4095, 7 }), loaded.whiteLevel());

		// written back as it was: 16 bits, the same raw values, never above 4095
		for (String name : List.of("back.png", "back.tif")) {
			Path back = dir.resolve(name);
			ImageFiles.write(back, loaded.image(), loaded);
			BufferedImage raw = ImageIO.read(back.toFile());
			assertEquals(16, raw.getColorModel().getComponentSize(0), name + " is still 16-bit");
			Raster r = raw.getRaster();
			for (int i = 0; i < 36; i++)
				assertEquals(img.getRaster().getSample(i % 9, i / 9, 0), r.getSample(i % 9, i / 9, 0), name + " at " + i);
		}
		// a JPEG result of a 16-bit photo is 8-bit (JPEG holds no more), not an error
		Path jpg = dir.resolve("back.jpg");
		ImageFiles.write(jpg, loaded.image(), loaded);
		assertEquals(8, ImageFiles.read(jpg).bitDepth());
	}

	@Test
	void sixteenBitRgbStaysSixteenBit() throws IOException {
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(5, 3, 3);
		float[] v = data(img);
		for (int i = 0; i < v.length; i++)
			v[i] = (i * 4099 % 65536) / 65535f;
		v[0] = 1;
		Path file = dir.resolve("rgb16.png");
		ImageFiles.write(file, img, 16, false);
		LoadedImage loaded = ImageFiles.read(file);
		Path result = dir.resolve("result.png");
		ImageFiles.write(result, loaded.image(), WriteOptions.like(loaded).withGrayscale(false));
		LoadedImage back = ImageFiles.read(result);
		assertEquals(16, back.bitDepth());
		assertArrayEquals(v, data(back.image()));
	}

	// -- CMYK JPEG --

	@Test
	void aCmykJpegDecodesToItsColours() throws IOException {
		// Adobe CMYK as Photoshop writes it: inverted samples, with the Adobe marker (the JDK writer adds it)
		int[][] cmyk = { { 0, 0, 0, 0 }, { 0, 0, 0, 255 }, { 255, 0, 0, 0 }, { 0, 0, 255, 0 } }; // white, black, cyan, yellow
		WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 64, 16, 4, null);
		for (int y = 0; y < 16; y++)
			for (int x = 0; x < 64; x++)
				for (int c = 0; c < 4; c++)
					raster.setSample(x, y, c, 255 - cmyk[x / 16][c]);
		ImageWriter w = null;
		for (java.util.Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext();) {
			ImageWriter c = it.next();
			if (c.getClass().getName().startsWith("com.sun.")) w = c;
		}
		assertNotNull(w);
		ImageWriteParam p = w.getDefaultWriteParam();
		p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
		p.setCompressionQuality(1f);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
			w.setOutput(out);
			w.write(null, new IIOImage(raster, null, null), p);
		}
		w.dispose();
		// the JDK writes no Adobe marker: without one, CMYK cannot be told from YCCK, and guessing gives wrong colours
		Path unmarked = dir.resolve("unmarked.jpg");
		Files.write(unmarked, bytes.toByteArray());
		IOException e = assertThrows(IOException.class, () -> ImageFiles.read(unmarked));
		assertTrue(e.getMessage().contains("CMYK or YCCK") && e.getMessage().contains("save it as RGB"), e
			.getMessage());

		byte[] adobe = { (byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0 }; // CMYK
		ByteArrayOutputStream marked = new ByteArrayOutputStream();
		marked.write(bytes.toByteArray(), 0, 2);
		marked.write(adobe);
		marked.write(bytes.toByteArray(), 2, bytes.size() - 2);
		Path file = dir.resolve("cmyk.jpg");
		Files.write(file, marked.toByteArray());
		try (ByteArrayInputStream in = new ByteArrayInputStream(marked.toByteArray())) {
			JpegSegments segments = JpegSegments.read(in);
			assertEquals(4, segments.components, "a four-component JPEG");
			assertFalse(segments.ambiguousFourComponents());
		}

		LoadedImage loaded = ImageFiles.read(file);
		Img<FloatType> img = loaded.image();
		float[][] rgb = new float[4][3];
		for (int k = 0; k < 4; k++)
			for (int c = 0; c < 3; c++)
				rgb[k][c] = at(img, 16 * k + 8, 8, c);
		String seen = java.util.Arrays.deepToString(rgb);
		assertTrue(rgb[0][0] > 0.85 && rgb[0][1] > 0.85 && rgb[0][2] > 0.85, "white: " + seen);
		assertTrue(rgb[1][0] < 0.3 && rgb[1][1] < 0.3 && rgb[1][2] < 0.3, "black: " + seen);
		assertTrue(rgb[2][0] < 0.4 && rgb[2][1] > 0.5 && rgb[2][2] > 0.7, "cyan: " + seen);
		assertTrue(rgb[3][0] > 0.8 && rgb[3][1] > 0.75 && rgb[3][2] < 0.4, "yellow: " + seen);
		assertNull(loaded.metadata().iccProfile(), "no CMYK profile beside RGB pixels");
	}

	// -- output names and formats --

	@Test
	void resultsKeepTheInputsFormatUnlessAnotherIsAskedFor() {
		assertEquals("a.jpg", ImageFiles.outputName(Paths.get("in/a.jpg"), null));
		assertEquals("a.JPEG", ImageFiles.outputName(Paths.get("a.JPEG"), null));
		assertEquals("a.png", ImageFiles.outputName(Paths.get("a.jpg"), "png"));
		assertEquals("a.JPEG", ImageFiles.outputName(Paths.get("a.JPEG"), "jpg"));
		assertEquals("s.tif", ImageFiles.outputName(Paths.get("s.tif"), "TIFF"));
		assertEquals("s.tif", ImageFiles.outputName(Paths.get("s.png"), ".tif"));
		assertEquals("jpg", ImageFiles.outputFormatFor(Paths.get("a.jpeg"), "jpeg"));
		assertEquals("bmp", ImageFiles.outputFormatFor(Paths.get("a.bmp"), null));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageFiles.outputName(Paths
			.get("a.png"), "gif"));
		assertTrue(e.getMessage().contains("png, tif, jpg or bmp"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> WriteOptions.of(8, false).withJpegQuality(0));
		assertThrows(IllegalArgumentException.class, () -> WriteOptions.of(8, false).withJpegQuality(101));
		assertEquals(95, WriteOptions.DEFAULT_JPEG_QUALITY);
	}

	@Test
	void jpegQualityIsTheOneAskedFor() throws IOException {
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(64, 64, 3);
		float[] v = data(img);
		for (int i = 0; i < v.length; i++)
			v[i] = (i * 7919 % 256) / 255f; // noise: size grows with quality
		Path low = dir.resolve("low.jpg"), high = dir.resolve("high.jpg");
		ImageFiles.write(low, img, WriteOptions.of(8, false).withJpegQuality(30));
		ImageFiles.write(high, img, WriteOptions.of(8, false));
		assertTrue(Files.size(low) * 2 < Files.size(high), Files.size(low) + " vs " + Files.size(high));

		// full colour resolution: every component sampled 1x1 in the frame header (no 4:2:0)
		byte[] b = Files.readAllBytes(high);
		int sof = -1;
		for (int i = 2; i + 1 < b.length && sof < 0; i++)
			if ((b[i] & 0xff) == 0xFF && (b[i + 1] & 0xff) == 0xC0) sof = i;
		assertTrue(sof > 0, "a baseline frame header");
		int components = b[sof + 9] & 0xff;
		assertEquals(3, components);
		for (int c = 0; c < components; c++)
			assertEquals(0x11, b[sof + 11 + 3 * c] & 0xff, "sampling of component " + c);
	}

	@Test
	void exifOrientationIsParsedInBothByteOrdersAndDamageReadsUpright() {
		assertEquals(6, Exif.orientation(exifWithOrientation(6)));
		byte[] little = { 'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0 };
		assertEquals(8, Exif.orientation(little));
		assertEquals(1, Exif.orientation(Exif.withOrientation(little, 1)));
		assertEquals(1, Exif.orientation(new byte[] { 'M', 'M', 0, 42, 0x7f, 0, 0, 0 }));
		assertEquals(1, Exif.orientation(new byte[3]));
		assertEquals(1, Exif.orientation(exifWithOrientation(9)));
	}

	@Test
	void profilesOfAnotherKindAreNotMistaken() {
		assertEquals(ColorSpace.TYPE_RGB, new ImageMetadata(linearRgbProfile(), null, 0, 0).iccColorSpaceType());
		assertEquals(ColorSpace.TYPE_GRAY, new ImageMetadata(((ICC_ColorSpace) ColorSpace.getInstance(
			ColorSpace.CS_GRAY)).getProfile().getData(), null, 0, 0).iccColorSpaceType());
		assertEquals(-1, new ImageMetadata(new byte[] { 1, 2, 3 }, null, 0, 0).iccColorSpaceType());
		assertEquals(-1, ImageMetadata.NONE.iccColorSpaceType());
	}
}
