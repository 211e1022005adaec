package org.revivegan.io;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Reads and writes photographs as ImgLib2 float images, for the command line and batch processing.
 * <p>
 * Reading gives (x, y, 3) RGB in [0, 1] from PNG, JPEG, TIFF or BMP (through {@code javax.imageio}, which
 * reads TIFF since Java 9), dividing by 255 or, for 16-bit files, by 65535 so that their precision survives.
 * Alpha is dropped. Writing clamps to [0, 1] and rounds to the nearest level, so an 8-bit or 16-bit image
 * read and written again is unchanged. Every failure is an {@link IOException} whose message names the file
 * and says what is wrong with it.
 * </p>
 * <p>
 * This lives outside {@code org.revivegan.core} because it uses {@code java.awt.image}.
 * </p>
 */
public final class ImageFiles {

	/** File name extensions that {@link #listImages(Path)} picks, lower case. */
	public static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg", "tif", "tiff", "bmp");

	/** Quality of written JPEGs, 0 to 1: high, as a restored photo should not gain artefacts. */
	static final float JPEG_QUALITY = 0.95f;

	private static final String UNSUPPORTED = "not a PNG, JPEG, TIFF or BMP image";

	private ImageFiles() {}

	/**
	 * @param file a PNG, JPEG, TIFF (first page) or BMP file
	 * @return its pixels as (x, y, 3) RGB in [0, 1], with its bit depth, channel count and whether it is gray
	 * @throws IOException if the file is missing, of another format, truncated or damaged, or holds samples
	 *           other than 1 to 16 bits
	 */
	public static LoadedImage read(Path file) throws IOException {
		if (Files.isDirectory(file)) throw new IOException("cannot read " + file + ": it is a folder, not an image");
		if (!Files.exists(file)) throw new IOException("cannot read " + file + ": no such file");
		if (!Files.isReadable(file)) throw new IOException("cannot read " + file + ": permission denied");
		try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
			if (in == null) throw new IOException("cannot read " + file + ": the file cannot be opened");
			ImageReader reader = supportedReader(in);
			if (reader == null) throw new IOException("cannot read " + file + ": " + UNSUPPORTED);
			String format = formatName(reader.getOriginatingProvider());
			List<String> warnings = new ArrayList<>();
			BufferedImage image;
			try {
				reader.setInput(in, true, true);
				reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
				image = reader.read(0);
			}
			catch (IOException | RuntimeException e) { // decoders throw runtime exceptions on some damage
				throw new IOException("cannot read " + file + ": the " + format + " file is damaged, truncated or " +
					"of an unsupported kind (" + e.getMessage() + ")", e);
			}
			finally {
				reader.dispose();
			}
			for (String warning : warnings)
				if (warning.toLowerCase(Locale.ROOT).contains("premature end")) throw new IOException("cannot read " +
					file + ": the " + format + " file is truncated (" + warning + ")");
			return convert(file, image);
		}
	}

	/**
	 * Writes 8 bits per channel, gray if the image has one channel and RGB if it has three.
	 *
	 * @see #write(Path, RandomAccessibleInterval, int, boolean)
	 */
	public static void write(Path file, RandomAccessibleInterval<? extends RealType<?>> image) throws IOException {
		write(file, image, 8, channelCount(image) == 1);
	}

	/**
	 * @param file where to write; the extension chooses the format: .png, .tif/.tiff, .jpg/.jpeg (8 bits only)
	 *          or .bmp (8 bits only)
	 * @param image (x, y), (x, y, 1) or (x, y, 3) in [0, 1]; values outside are clamped, NaN becomes 0
	 * @param bitDepth 8 or 16
	 * @param grayscale write one gray channel: a gray image as it is, an RGB image as its Rec. 601 luma
	 *          (0.299 R + 0.587 G + 0.114 B, which is R for R = G = B); false writes RGB
	 * @throws IllegalArgumentException for a bit depth, extension or image shape that cannot be written
	 * @throws IOException if writing fails; a partly written file is deleted
	 */
	public static void write(Path file, RandomAccessibleInterval<? extends RealType<?>> image, int bitDepth,
		boolean grayscale) throws IOException
	{
		String format = writeFormat(file);
		if (bitDepth != 8 && bitDepth != 16) throw new IllegalArgumentException("Cannot write " + bitDepth +
			"-bit images; use 8 or 16 bits.");
		if (bitDepth == 16 && (format.equals("jpeg") || format.equals("bmp"))) throw new IllegalArgumentException(
			"Cannot write " + file.getFileName() + ": " + format.toUpperCase(Locale.ROOT) + " files hold 8 bits per " +
				"channel; write 16 bits as .png or .tif.");
		BufferedImage buffered = toBufferedImage(image, bitDepth, grayscale);

		ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
		ImageWriteParam param = writer.getDefaultWriteParam();
		if (format.equals("jpeg")) {
			param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			param.setCompressionQuality(JPEG_QUALITY);
		}
		else if (format.equals("tiff")) {
			param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			param.setCompressionType("LZW"); // lossless, and read by every TIFF reader including ImageJ's
		}
		OutputStream os;
		try {
			os = Files.newOutputStream(file);
		}
		catch (IOException e) {
			writer.dispose();
			throw new IOException("cannot write " + file + ": " + (e instanceof NoSuchFileException
				? "its folder does not exist" : e instanceof AccessDeniedException ? "permission denied" : e
					.getMessage()), e);
		}
		boolean written = false;
		try (os; ImageOutputStream out = ImageIO.createImageOutputStream(os)) {
			writer.setOutput(out);
			writer.write(null, new IIOImage(buffered, null, null), param);
			written = true;
		}
		catch (IOException e) {
			throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
		}
		finally {
			writer.dispose();
			if (!written) Files.deleteIfExists(file); // no half-written image that looks like a result
		}
	}

	/**
	 * @return the image files directly in {@code folder} (not in sub-folders) whose extension is one of
	 *         {@link #EXTENSIONS}, in any case; hidden files (name starting with '.') are skipped; sorted by
	 *         name, ignoring case
	 * @throws IOException if {@code folder} is not a folder or cannot be listed
	 */
	public static List<Path> listImages(Path folder) throws IOException {
		if (!Files.isDirectory(folder)) throw new IOException("cannot list images in " + folder + ": " + (Files
			.exists(folder) ? "not a folder" : "no such folder"));
		try (Stream<Path> files = Files.list(folder)) {
			return files.filter(p -> !p.getFileName().toString().startsWith(".")).filter(ImageFiles::hasImageExtension)
				.filter(Files::isRegularFile).sorted(Comparator.comparing((Path p) -> p.getFileName().toString(),
					String.CASE_INSENSITIVE_ORDER).thenComparing(p -> p.getFileName().toString())).collect(Collectors
						.toList());
		}
	}

	/**
	 * @return the name of a file found by {@link #listImagesRecursively} relative to its folder, with '/' between
	 *         sub-folders on every system ("sub/photo.jpg"), as evaluation CSVs name images
	 */
	public static String relativeName(Path folder, Path file) {
		return folder.relativize(file).toString().replace('\\', '/');
	}

	/**
	 * @return the image files in {@code folder} and all its sub-folders, as {@link #listImages(Path)} picks
	 *         them, sorted by path (so the order, which training batches depend on, is the same on every run)
	 * @throws IOException if {@code folder} is not a folder or cannot be listed
	 */
	public static List<Path> listImagesRecursively(Path folder) throws IOException {
		if (!Files.isDirectory(folder)) throw new IOException("cannot list images in " + folder + ": " + (Files
			.exists(folder) ? "not a folder" : "no such folder"));
		try (Stream<Path> files = Files.walk(folder)) {
			return files.filter(p -> !p.getFileName().toString().startsWith(".")).filter(ImageFiles::hasImageExtension)
				.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
		}
	}

	/** @return whether the file name ends with one of {@link #EXTENSIONS}, in any case */
	public static boolean hasImageExtension(Path file) {
		return EXTENSIONS.contains(extension(file));
	}

	// -- reading --

	private static ImageReader supportedReader(ImageInputStream in) {
		Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
		while (readers.hasNext()) {
			ImageReader reader = readers.next();
			if (formatName(reader.getOriginatingProvider()) != null) return reader;
			reader.dispose();
		}
		return null;
	}

	/** @return "PNG", "JPEG", "TIFF" or "BMP", or null for other formats */
	private static String formatName(ImageReaderSpi spi) {
		if (spi == null) return null;
		for (String name : spi.getFormatNames())
			switch (name.toLowerCase(Locale.ROOT)) {
				case "png":
					return "PNG";
				case "jpeg":
				case "jpg":
					return "JPEG";
				case "tiff":
				case "tif":
					return "TIFF";
				case "bmp":
					return "BMP";
				default:
			}
		return null;
	}

	private static LoadedImage convert(Path file, BufferedImage image) throws IOException {
		int w = image.getWidth(), h = image.getHeight();
		ColorModel cm = image.getColorModel();
		Raster raster = image.getRaster();
		int colors = cm.getNumColorComponents();
		int channels = cm.getNumComponents();
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(w, h, 3);
		float[] data = img.update(null).getCurrentStorageArray();
		long plane = (long) w * h;

		int bits = 0;
		for (int b = 0; b < colors && b < raster.getNumBands(); b++)
			bits = Math.max(bits, raster.getSampleModel().getSampleSize(b));
		int colorSpace = cm.getColorSpace().getType();
		boolean direct = !(cm instanceof IndexColorModel) && (colors == 1 && colorSpace == ColorSpace.TYPE_GRAY ||
			colors == 3 && colorSpace == ColorSpace.TYPE_RGB) && raster.getNumBands() >= colors;
		if (direct && bits > 16) throw new IOException("cannot read " + file + ": it has " + bits + "-bit samples; " +
			"save it with 8 or 16 bits per channel");

		boolean gray = true;
		int bitDepth;
		if (direct) { // the file's own sample values, scaled by the largest one
			bitDepth = bits <= 8 ? 8 : 16;
			double max = (1 << bits) - 1;
			int[][] rows = new int[colors][w];
			for (int y = 0; y < h; y++) {
				for (int b = 0; b < colors; b++)
					raster.getSamples(0, y, w, 1, b, rows[b]);
				for (int x = 0; x < w; x++) {
					int i = x + w * y;
					for (int c = 0; c < 3; c++)
						data[(int) (i + c * plane)] = (float) (rows[colors == 1 ? 0 : c][x] / max);
					if (colors == 3 && (rows[0][x] != rows[1][x] || rows[1][x] != rows[2][x])) gray = false;
				}
			}
			gray = gray || colors == 1;
		}
		else { // palettes, packed bits, other colour spaces: Java's conversion to 8-bit sRGB
			bitDepth = 8;
			int[] row = new int[w];
			for (int y = 0; y < h; y++) {
				image.getRGB(0, y, w, 1, row, 0, w);
				for (int x = 0; x < w; x++) {
					int i = x + w * y, argb = row[x];
					int r = (argb >> 16) & 0xff, g = (argb >> 8) & 0xff, b = argb & 0xff;
					data[i] = r / 255f;
					data[(int) (i + plane)] = g / 255f;
					data[(int) (i + 2 * plane)] = b / 255f;
					if (r != g || g != b) gray = false;
				}
			}
		}
		return new LoadedImage(file, img, bitDepth, gray, channels);
	}

	// -- writing --

	/** @return the ImageIO format name for the file's extension */
	private static String writeFormat(Path file) {
		switch (extension(file)) {
			case "png":
				return "png";
			case "tif":
			case "tiff":
				return "tiff";
			case "jpg":
			case "jpeg":
				return "jpeg";
			case "bmp":
				return "bmp";
			default:
				throw new IllegalArgumentException("Cannot write " + file.getFileName() + ": the name must end in " +
					".png, .tif, .tiff, .jpg, .jpeg or .bmp.");
		}
	}

	private static int channelCount(RandomAccessibleInterval<?> image) {
		int n = image.numDimensions();
		long c = n == 3 ? image.dimension(2) : 1;
		if (n < 2 || n > 3 || c != 1 && c != 3) throw new IllegalArgumentException("Can write (x, y), (x, y, 1) " +
			"or (x, y, 3) images, not one of " + n + " dimensions" + (n == 3 ? " with " + c + " channels" : "") + ".");
		return (int) c;
	}

	private static BufferedImage toBufferedImage(RandomAccessibleInterval<? extends RealType<?>> image, int bitDepth,
		boolean grayscale)
	{
		int channels = channelCount(image);
		long w = image.dimension(0), h = image.dimension(1);
		if (w * h > Integer.MAX_VALUE) throw new IllegalArgumentException("An image of " + w + "x" + h +
			" is too large to write.");
		int plane = (int) (w * h);
		float[][] values = new float[channels][plane];
		Cursor<? extends RealType<?>> cursor = Views.flatIterable(image).cursor(); // x, then y, then c
		for (int c = 0; c < channels; c++)
			for (int i = 0; i < plane; i++)
				values[c][i] = cursor.next().getRealFloat();

		int max = bitDepth == 8 ? 255 : 65535;
		int bands = grayscale ? 1 : 3;
		BufferedImage out;
		if (bitDepth == 8) out = new BufferedImage((int) w, (int) h, grayscale ? BufferedImage.TYPE_BYTE_GRAY
			: BufferedImage.TYPE_3BYTE_BGR);
		else if (grayscale) out = new BufferedImage((int) w, (int) h, BufferedImage.TYPE_USHORT_GRAY);
		else {
			ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), new int[] { 16, 16,
				16 }, false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
			out = new BufferedImage(cm, cm.createCompatibleWritableRaster((int) w, (int) h), false, null);
		}
		WritableRaster raster = out.getRaster();
		int[] samples = new int[plane];
		for (int b = 0; b < bands; b++) {
			for (int i = 0; i < plane; i++) {
				double v;
				if (!grayscale || channels == 1) v = values[channels == 1 ? 0 : b][i];
				else v = 0.299 * values[0][i] + 0.587 * values[1][i] + 0.114 * values[2][i];
				samples[i] = quantize(v, max);
			}
			raster.setSamples(0, 0, (int) w, (int) h, b, samples);
		}
		return out;
	}

	/** @return {@code v} in [0, 1] as the nearest of {@code 0 .. max}; NaN is 0 */
	static int quantize(double v, int max) {
		if (!(v > 0)) return 0;
		if (v >= 1) return max;
		return (int) Math.round(v * max);
	}

	private static String extension(Path file) {
		String name = file.getFileName() == null ? "" : file.getFileName().toString();
		int dot = name.lastIndexOf('.');
		return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
	}
}
