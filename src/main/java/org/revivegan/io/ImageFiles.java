package org.revivegan.io;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataFormatImpl;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.plugins.tiff.TIFFTag;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.revivegan.core.image.Images;
import org.revivegan.core.image.SampleRanges;
import org.revivegan.core.model.AtomicFiles;
import org.revivegan.core.train.TrainingPhotos;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads and writes photographs as ImgLib2 float images, for the command line and batch processing, so that files
 * come back as they went in.
 * <p>
 * Reading gives (x, y, 3) RGB in [0, 1] from PNG, JPEG, TIFF or BMP. 8-bit samples are divided by 255; 16-bit
 * samples by the top of the smallest usual bit range that holds them ({@link SampleRanges}: 4095 for 12-bit data
 * in a 16-bit file, as on the Fiji side), so that their precision and range survive. Alpha is dropped. A JPEG (or
 * a PNG with EXIF) is turned upright by its EXIF orientation, a TIFF by its Orientation tag. Colour values are the file's own: a photo with an
 * Adobe RGB profile is not converted to sRGB; the profile, the EXIF record and the resolution are kept in
 * {@link LoadedImage#metadata()} for the result. CMYK and YCCK JPEGs are converted to RGB through their profile.
 * TIFFs may use LZW or Deflate with the horizontal predictor at any bit depth; a multi-page TIFF is read page by
 * page with {@link #readPages(Path)} ({@link #read(Path)} refuses it rather than take page 1 alone). The image
 * size is read from the file's header first: an image that cannot fit in the Java heap is refused before any
 * decoding, with its size and the advice to set {@code REVIVE_HEAP}.
 * </p>
 * <p>
 * Writing clamps to [0, 1] and rounds to the nearest level, so an 8-bit or 16-bit image read and written again is
 * unchanged. {@link WriteOptions#like(LoadedImage)} writes a result as its original was: bit depth, white level,
 * gray or colour, profile, EXIF and resolution where the format holds them (profile, EXIF and resolution in PNG
 * and JPEG; resolution and profile in TIFF). Every file is written to a temporary file in the target's folder and
 * renamed over the target in one step ({@link AtomicFiles}): a crash, a kill, a full disk or two processes
 * writing the same result never leave a truncated or mixed file under the target's name, and the previous file
 * stays as it was until the new one is complete. No ImageIO cache file is made.
 * </p>
 * <p>
 * JPEG is lossy: a JPEG result is re-encoded as a whole (without chroma subsampling), so pixels outside the mask
 * change too (re-encoding the sample JPEGs at quality 95 changed a third of their samples, PSNR 46 to 49 dB);
 * only PNG, TIFF and BMP results are bit-identical outside the mask. Every failure is an
 * {@link IOException} whose message names the file and says what is wrong with it.
 * </p>
 * <p>
 * This lives outside {@code org.revivegan.core} because it uses {@code java.awt.image}.
 * </p>
 */
public final class ImageFiles {

	/** File name extensions that {@link #listImages(Path)} picks, lower case. */
	public static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg", "tif", "tiff", "bmp");

	/** The formats {@link #outputFormatFor} accepts as asked for, and the extension each writes. */
	public static final List<String> OUTPUT_FORMATS = List.of("png", "tif", "jpg", "bmp");

	private static final String UNSUPPORTED = "not a PNG, JPEG, TIFF or BMP image";

	/** Pixels of one image at most: (x, y, 3) floats must fit in one Java array. */
	static final long MAX_PIXELS = (Integer.MAX_VALUE - 8) / 3;

	static {
		registerDecoders();
	}

	private ImageFiles() {}

	/**
	 * @param file a PNG, JPEG, TIFF (one page) or BMP file
	 * @return its pixels as (x, y, 3) RGB in [0, 1], upright, with its bit depth, white level, channel count,
	 *         whether it is gray, and its metadata
	 * @throws IOException if the file is missing, of another format, truncated or damaged, too large for the heap,
	 *           a multi-page TIFF (see {@link #readPages(Path)}), or holds samples other than 1 to 16 bits
	 */
	public static LoadedImage read(Path file) throws IOException {
		return read(file, false).get(0);
	}

	/**
	 * @param file a PNG, JPEG, TIFF or BMP file; a TIFF may hold several pages (a stack)
	 * @return its pages in order (one for every file but a multi-page TIFF), each as {@link #read(Path)} gives it
	 * @throws IOException as {@link #read(Path)}, but for more than one page
	 */
	public static List<LoadedImage> readPages(Path file) throws IOException {
		return read(file, true);
	}

	private static List<LoadedImage> read(Path file, boolean allPages) throws IOException {
		if (Files.isDirectory(file)) throw new IOException("cannot read " + file + ": it is a folder, not an image");
		if (!Files.exists(file)) throw new IOException("cannot read " + file + ": no such file");
		if (!Files.isReadable(file)) throw new IOException("cannot read " + file + ": permission denied");
		try (ImageInputStream in = new FileImageInputStream(file.toFile())) { // no cache file
			ImageReader reader = supportedReader(in);
			if (reader == null) throw new IOException("cannot read " + file + ": " + UNSUPPORTED);
			String format = formatName(reader.getOriginatingProvider());
			try {
				return read(file, in, reader, format, allPages);
			}
			finally {
				reader.dispose();
			}
		}
	}

	private static List<LoadedImage> read(Path file, ImageInputStream in, ImageReader reader, String format,
		boolean allPages) throws IOException
	{
		List<String> warnings = new ArrayList<>();
		ImageMetadata metadata = fileMetadata(file, format);
		int pages;
		long[] widths, heights;
		ImageReadParam param;
		try {
			reader.setInput(in, false, false);
			reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
			pages = format.equals("TIFF") ? reader.getNumImages(true) : 1;
			if (pages < 1) throw new IOException("the file holds no image");
			if (pages > 1 && !allPages) throw new IOException("cannot read " + file + ": it is a stack of " + pages +
				" pages (a multi-page TIFF), and this takes one image; save the pages as separate files (Fiji: Image " +
				"> Stacks > Stack to Images); revive inpaint and colorize take stacks");
			widths = new long[pages];
			heights = new long[pages];
			for (int i = 0; i < pages; i++) {
				widths[i] = reader.getWidth(i);
				heights[i] = reader.getHeight(i);
			}
			param = readParam(reader, metadata);
		}
		catch (IOException | RuntimeException e) {
			if (e.getMessage() != null && e.getMessage().startsWith("cannot read ")) throw e;
			throw damaged(file, format, e);
		}
		if (format.equals("TIFF")) metadata = metadata.withTagOrientation(tiffOrientation(reader, 0));
		checkFits(file, widths, heights, metadata.orientation() != 1);
		if (format.equals("JPEG")) checkFourComponents(file, reader);

		List<LoadedImage> result = new ArrayList<>(pages);
		for (int i = 0; i < pages; i++) {
			BufferedImage image;
			try {
				image = reader.read(i, param);
			}
			catch (IOException | RuntimeException e) { // decoders throw runtime exceptions on some damage
				throw damaged(file, format, e);
			}
			for (String warning : warnings)
				if (warning.toLowerCase(Locale.ROOT).contains("premature end")) throw new IOException("cannot read " +
					file + ": the " + format + " file is truncated (" + warning + ")");
			ImageMetadata pageMetadata = metadata.withIccIfNone(profileOf(image.getColorModel()));
			if (format.equals("TIFF") && i > 0) pageMetadata = pageMetadata.withTagOrientation(tiffOrientation(reader,
				i));
			if (metadata.dpiX() == 0 && !format.equals("JPEG") && !format.equals("PNG")) pageMetadata = pageMetadata
				.withDpi(standardDpi(reader, i, true), standardDpi(reader, i, false));
			result.add(convert(file, image, pageMetadata, format));
		}
		return result;
	}

	private static IOException damaged(Path file, String format, Exception e) {
		return new IOException("cannot read " + file + ": the " + format + " file is damaged, truncated or of an " +
			"unsupported kind (" + e.getMessage() + ")", e);
	}

	/**
	 * Refuses, from the header's sizes, what cannot be held: more pixels than one Java array takes, or more bytes
	 * than the heap has free (the decoded image, its float copy, and a turned copy for an EXIF orientation).
	 */
	private static void checkFits(Path file, long[] widths, long[] heights, boolean turned) throws IOException {
		long needed = 0, largest = 0;
		for (int i = 0; i < widths.length; i++) {
			long pixels = widths[i] * heights[i];
			if (pixels > MAX_PIXELS) throw new IOException("cannot read " + file + ": its " + widths[i] + " x " +
				heights[i] + " pixels" + (widths.length > 1 ? " (page " + (i + 1) + ")" : "") + " are more than one " +
				"image can hold here (" + MAX_PIXELS / 1_000_000 + " million); split it into parts");
			needed += pixels * 12L; // (x, y, 3) floats, kept for every page
			largest = Math.max(largest, pixels * (8L + (turned ? 12L : 0L))); // decoded (up to 4 x 16 bits), turned copy
		}
		needed += largest;
		Runtime rt = Runtime.getRuntime();
		long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
		if (needed <= free) return;
		System.gc(); // what looked used may be garbage of the previous image
		free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
		if (needed <= free) return;
		long gib = 1L << 30;
		long advice = (rt.maxMemory() + (needed - free) + gib - 1) / gib * 2;
		throw new IOException(String.format(Locale.ROOT, "cannot read %s: its %d x %d pixels%s need about %.1f GB " +
			"of memory, and the Java heap has %.1f GB free; give Java more memory (REVIVE_HEAP=%dg ./revive ...; in " +
			"Fiji: Edit > Options > Memory & Threads) or use a smaller image", file, widths[0], heights[0],
			widths.length > 1 ? " in " + widths.length + " pages" : "", needed / 1e9, free / 1e9, advice));
	}

	/**
	 * @return a read parameter that keeps the file's own colour values: for a JPEG with an RGB profile other
	 *         than sRGB (Adobe RGB...), the decoder's type in that profile's colour space, so that it does not
	 *         convert every pixel to sRGB
	 */
	private static ImageReadParam readParam(ImageReader reader, ImageMetadata metadata) throws IOException {
		ImageReadParam param = reader.getDefaultReadParam();
		if (metadata.iccColorSpaceType() != ColorSpace.TYPE_RGB) return param;
		Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
		while (types.hasNext()) {
			ImageTypeSpecifier type = types.next();
			ColorSpace cs = type.getColorModel().getColorSpace();
			if (cs instanceof ICC_ColorSpace && !cs.isCS_sRGB() && cs.getType() == ColorSpace.TYPE_RGB && type
				.getColorModel().getNumComponents() == 3)
			{
				param.setDestinationType(type);
				break;
			}
		}
		return param;
	}

	/** @return the profile, EXIF and resolution that PNG and JPEG files hold before their pixels */
	private static ImageMetadata fileMetadata(Path file, String format) throws IOException {
		if (!format.equals("JPEG") && !format.equals("PNG")) return ImageMetadata.NONE;
		try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
			if (format.equals("JPEG")) {
				JpegSegments s = JpegSegments.read(in);
				return new ImageMetadata(s.icc, s.exif, s.dpiX, s.dpiY);
			}
			PngChunks c = PngChunks.read(in);
			return new ImageMetadata(c.icc, c.exif, c.dpiX, c.dpiY);
		}
	}

	/**
	 * Refuses a CMYK or YCCK JPEG that would come out in wrong colours: one that does not say which it is, or any
	 * if the decoder that converts them is missing.
	 */
	private static void checkFourComponents(Path file, ImageReader reader) throws IOException {
		JpegSegments s;
		try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
			s = JpegSegments.read(in);
		}
		if (s.components != 4) return;
		if (!reader.getClass().getName().startsWith("com.twelvemonkeys.")) throw new IOException("cannot read " + file +
			": it is a CMYK JPEG, which this Java cannot decode in its true colours; save it as RGB");
		if (s.ambiguousFourComponents()) throw new IOException("cannot read " + file + ": it is a four-channel " +
			"JPEG that does not say whether it is CMYK or YCCK (no Adobe marker), so its colours cannot be told; " +
			"save it as RGB");
	}

	/** @return the bytes of a colour model's profile if it is an ICC profile other than sRGB, else null */
	private static byte[] profileOf(ColorModel cm) {
		ColorSpace cs = cm.getColorSpace();
		if (!(cs instanceof ICC_ColorSpace) || cs.isCS_sRGB() || cs.getType() == ColorSpace.TYPE_GRAY && cs.equals(
			ColorSpace.getInstance(ColorSpace.CS_GRAY))) return null;
		return ((ICC_ColorSpace) cs).getProfile().getData();
	}

	/**
	 * @return the TIFF Orientation tag (274) of a page, 1 to 8, from the TIFF reader's own metadata tree (TIFFs
	 *         hold it as a tag of their own, not in EXIF); 0 if the page has none or the tree is of another kind
	 */
	private static int tiffOrientation(ImageReader reader, int page) {
		try {
			IIOMetadata m = reader.getImageMetadata(page);
			String format = m == null ? null : m.getNativeMetadataFormatName();
			if (format == null || !format.contains("tiff")) return 0;
			Node root = m.getAsTree(format);
			for (Node ifd = root.getFirstChild(); ifd != null; ifd = ifd.getNextSibling())
				for (Node f = ifd.getFirstChild(); f != null; f = f.getNextSibling())
					if (f.getNodeName().equals("TIFFField") && "274".equals(((Element) f).getAttribute("number"))) {
						Node values = f.getFirstChild(), value = values == null ? null : values.getFirstChild();
						return value == null ? 0 : Integer.parseInt(((Element) value).getAttribute("value"));
					}
		}
		catch (IOException | RuntimeException e) {
			// no orientation: as stored
		}
		return 0;
	}

	/** @return dots per inch from the standard metadata (millimetres per pixel), 0 if it says nothing */
	private static double standardDpi(ImageReader reader, int page, boolean horizontal) {
		try {
			IIOMetadata m = reader.getImageMetadata(page);
			if (m == null || !m.isStandardMetadataFormatSupported()) return 0;
			Node root = m.getAsTree(IIOMetadataFormatImpl.standardMetadataFormatName);
			for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling())
				if (n.getNodeName().equals("Dimension")) for (Node d = n.getFirstChild(); d != null; d = d
					.getNextSibling())
					if (d.getNodeName().equals(horizontal ? "HorizontalPixelSize" : "VerticalPixelSize")) {
						double mm = Double.parseDouble(((Element) d).getAttribute("value"));
						return mm > 0 ? 25.4 / mm : 0;
					}
		}
		catch (IOException | RuntimeException e) {
			// no resolution: the result has none either
		}
		return 0;
	}

	/**
	 * Writes 8 bits per channel, gray if the image has one channel and RGB if it has three.
	 *
	 * @see #write(Path, RandomAccessibleInterval, WriteOptions)
	 */
	public static void write(Path file, RandomAccessibleInterval<? extends RealType<?>> image) throws IOException {
		write(file, image, 8, channelCount(image) == 1);
	}

	/**
	 * @param bitDepth 8 or 16
	 * @param grayscale write one gray channel: a gray image as it is, an RGB image as its Rec. 601 luma
	 *          (0.299 R + 0.587 G + 0.114 B, which is R for R = G = B); false writes RGB
	 * @see #write(Path, RandomAccessibleInterval, WriteOptions)
	 */
	public static void write(Path file, RandomAccessibleInterval<? extends RealType<?>> image, int bitDepth,
		boolean grayscale) throws IOException
	{
		write(file, image, WriteOptions.of(bitDepth, grayscale));
	}

	/** Writes a result as its original was: {@link WriteOptions#like(LoadedImage)}. */
	public static void write(Path file, RandomAccessibleInterval<? extends RealType<?>> image, LoadedImage original)
		throws IOException
	{
		write(file, image, WriteOptions.like(original));
	}

	/**
	 * Writes atomically: a temporary file in the target's folder, renamed over the target once complete; on any
	 * failure the temporary file is removed and a previous file of that name is left as it was.
	 *
	 * @param file where to write; the extension chooses the format: .png, .tif/.tiff, .jpg/.jpeg (8 bits only)
	 *          or .bmp (8 bits only)
	 * @param image (x, y), (x, y, 1) or (x, y, 3) in [0, 1]; values outside are clamped, NaN becomes 0
	 * @throws IllegalArgumentException for a bit depth, extension or image shape that cannot be written
	 * @throws IOException if writing fails, naming the file and the reason
	 */
	public static void write(Path file, RandomAccessibleInterval<? extends RealType<?>> image, WriteOptions options)
		throws IOException
	{
		writePages(file, List.of(image), options);
	}

	/**
	 * Writes several pages (a stack) to one TIFF file, or one page to any format, as
	 * {@link #write(Path, RandomAccessibleInterval, WriteOptions)} does.
	 *
	 * @throws IllegalArgumentException for more than one page in a format other than TIFF, or no page
	 */
	public static void writePages(Path file, List<? extends RandomAccessibleInterval<? extends RealType<?>>> pages,
		WriteOptions options) throws IOException
	{
		writePages(file, pages, options, UnaryOperator.identity());
	}

	/** As {@link #writePages(Path, List, WriteOptions)}, the file's bytes going through {@code filter} (tests). */
	static void writePages(Path file, List<? extends RandomAccessibleInterval<? extends RealType<?>>> pages,
		WriteOptions options, UnaryOperator<OutputStream> filter) throws IOException
	{
		String format = writeFormat(file);
		if (pages.isEmpty()) throw new IllegalArgumentException("No image to write to " + file.getFileName() + ".");
		if (pages.size() > 1 && !format.equals("tiff")) throw new IllegalArgumentException("Cannot write " + pages
			.size() + " pages to " + file.getFileName() + ": only TIFF files hold stacks; write .tif.");
		boolean eightBitFormat = format.equals("jpeg") || format.equals("bmp");
		int bitDepth = options.bitDepth;
		if (bitDepth == 16 && eightBitFormat) {
			if (!options.fitFormat) throw new IllegalArgumentException("Cannot write " + file.getFileName() + ": " +
				format.toUpperCase(Locale.ROOT) + " files hold 8 bits per channel; write 16 bits as .png or .tif.");
			bitDepth = 8;
		}
		int white = bitDepth == 8 ? 255 : options.whiteLevel > 0 && options.whiteLevel <= 65535 ? options.whiteLevel
			: 65535;
		List<BufferedImage> buffered = new ArrayList<>(pages.size());
		for (RandomAccessibleInterval<? extends RealType<?>> page : pages)
			buffered.add(toBufferedImage(page, bitDepth, white, options.grayscale));

		Path folder = file.toAbsolutePath().getParent();
		if (folder != null && !Files.isDirectory(folder)) throw new IOException("cannot write " + file + ": " + (Files
			.exists(folder) ? "its folder is not a folder" : "its folder does not exist"));
		try {
			AtomicFiles.write(file, out -> encode(filter.apply(out), format, buffered, options));
		}
		catch (AccessDeniedException e) {
			throw new IOException("cannot write " + file + ": permission denied", e);
		}
		catch (IOException e) {
			Throwable cause = e.getCause();
			String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
			if (cause != null && cause.getMessage() != null && !why.contains(cause.getMessage())) why += " (" + cause
				.getMessage() + ")"; // ImageIO's writers wrap the reason: "I/O error writing PNG file!"
			throw new IOException("cannot write " + file + ": " + why, e);
		}
	}

	/**
	 * @param input an input image
	 * @param requested the format asked for ("png", "tif", "jpg", "bmp"; "tiff", "jpeg" and any case too), or null
	 * @return the extension of the result, lower case: the asked format's, else the input's own, so that a JPEG
	 *         gives a JPEG (unless PNG is asked for, which is lossless), a 16-bit PNG or TIFF a 16-bit file of its
	 *         kind, a stack a stack
	 * @throws IllegalArgumentException for a format that cannot be written
	 */
	public static String outputFormatFor(Path input, String requested) {
		if (requested != null) {
			String f = requested.toLowerCase(Locale.ROOT);
			if (f.startsWith(".")) f = f.substring(1);
			if (f.equals("tiff")) f = "tif";
			if (f.equals("jpeg")) f = "jpg";
			if (!OUTPUT_FORMATS.contains(f)) throw new IllegalArgumentException("Cannot write '" + requested +
				"' files; choose png, tif, jpg or bmp.");
			return f;
		}
		String ext = extension(input);
		if (!EXTENSIONS.contains(ext)) return "png";
		return ext;
	}

	/**
	 * @return the name of the result of {@code input} in an output folder: the input's name, with its extension
	 *         changed only when another format is asked for ({@link #outputFormatFor})
	 */
	public static String outputName(Path input, String requested) {
		String name = input.getFileName().toString();
		String ext = outputFormatFor(input, requested);
		if (ext.equals(extension(input)) || sameFormat(ext, extension(input))) return name;
		int dot = name.lastIndexOf('.');
		return (dot > 0 ? name.substring(0, dot) : name) + "." + ext;
	}

	private static boolean sameFormat(String a, String b) {
		return formatOf(a) != null && formatOf(a).equals(formatOf(b));
	}

	private static String formatOf(String ext) {
		switch (ext) {
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
				return null;
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

	/**
	 * How training reads a folder of photos ({@link TrainingPhotos#read}): the files of
	 * {@link #listImagesRecursively}, each read with {@link #readTrainingPhoto}.
	 */
	public static final TrainingPhotos.Source TRAINING_PHOTOS = new TrainingPhotos.Source() {

		@Override
		public List<Path> list(Path folder) throws IOException {
			return listImagesRecursively(folder);
		}

		@Override
		public TrainingPhotos.Photo read(Path file, int maxSide) throws IOException {
			return readTrainingPhoto(file, maxSide);
		}
	};

	/**
	 * @return the photo as {@link #read(Path)} reads it, as 8-bit RGB shrunk (by area averaging) so that its longer
	 *         side is at most {@code maxSide}, and whether the file is gray
	 * @throws IOException as {@link #read(Path)}
	 */
	public static TrainingPhotos.Photo readTrainingPhoto(Path file, int maxSide) throws IOException {
		LoadedImage img = read(file);
		return new TrainingPhotos.Photo(Images.limitSize(Images.rgbBytes(img.image(), 1), maxSide), img.grayscale());
	}

	/** @return whether the file name ends with one of {@link #EXTENSIONS}, in any case */
	public static boolean hasImageExtension(Path file) {
		return EXTENSIONS.contains(extension(file));
	}

	// -- reading --

	/**
	 * Makes sure the TwelveMonkeys decoders are registered (in Fiji the registry may have been built before this
	 * plugin's jars were on the class path): they read what the JDK's cannot (16-bit TIFF predictors, CMYK JPEG).
	 */
	private static void registerDecoders() {
		IIORegistry registry = IIORegistry.getDefaultInstance();
		for (ImageReaderSpi spi : new ImageReaderSpi[] { new com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi(),
			new com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi() })
			if (registry.getServiceProviderByClass(spi.getClass()) == null) registry.registerServiceProvider(spi,
				ImageReaderSpi.class);
	}

	/**
	 * @return a reader for one of the supported formats, the TwelveMonkeys one where there is one (the JDK's TIFF
	 *         reader misreads 16-bit Deflate with the predictor, its JPEG reader CMYK), or null
	 */
	private static ImageReader supportedReader(ImageInputStream in) {
		Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
		ImageReader chosen = null;
		while (readers.hasNext()) {
			ImageReader reader = readers.next();
			boolean supported = formatName(reader.getOriginatingProvider()) != null;
			if (supported && (chosen == null || reader.getClass().getName().startsWith("com.twelvemonkeys.") && !chosen
				.getClass().getName().startsWith("com.twelvemonkeys.")))
			{
				if (chosen != null) chosen.dispose();
				chosen = reader;
			}
			else reader.dispose();
		}
		return chosen;
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

	private static LoadedImage convert(Path file, BufferedImage image, ImageMetadata metadata, String format)
		throws IOException
	{
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
		int bitDepth, white;
		if (direct) { // the file's own sample values, scaled by the value of white
			bitDepth = bits <= 8 ? 8 : 16;
			int[][] rows = new int[colors][w];
			if (bits == 16) { // the smallest usual range that holds the data: 4095 for 12-bit data
				int max = 0;
				for (int y = 0; y < h; y++)
					for (int b = 0; b < colors; b++) {
						raster.getSamples(0, y, w, 1, b, rows[b]);
						for (int v : rows[b])
							max = Math.max(max, v);
					}
				white = SampleRanges.whiteLevel(max);
			}
			else white = (1 << bits) - 1;
			double max = white;
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
			if (bitDepth == 8) white = 255; // fewer bits (a 4-bit gray PNG) are written back as 8
		}
		else { // palettes, packed bits, other colour spaces: Java's conversion to 8-bit sRGB
			bitDepth = 8;
			white = 255;
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
			metadata = metadata.withoutIcc(); // the values are sRGB now, whatever the file's profile said
		}
		if (format.equals("JPEG") && cm.getColorSpace().isCS_sRGB() && metadata
			.iccColorSpaceType() == ColorSpace.TYPE_RGB) metadata = metadata.withoutIcc(); // the decoder converted
		int orientation = metadata.orientation();
		if (orientation != 1) {
			img = Orientation.upright(img, orientation);
			if (Orientation.swapsAxes(orientation)) metadata = metadata.withDpi(metadata.dpiY(), metadata.dpiX());
		}
		return new LoadedImage(file, img, bitDepth, gray, channels, white, metadata, format);
	}

	// -- writing --

	/** @return the ImageIO format name for the file's extension */
	private static String writeFormat(Path file) {
		String format = formatOf(extension(file));
		if (format == null) throw new IllegalArgumentException("Cannot write " + file.getFileName() + ": the name must " +
			"end in .png, .tif, .tiff, .jpg, .jpeg or .bmp.");
		return format;
	}

	private static int channelCount(RandomAccessibleInterval<?> image) {
		int n = image.numDimensions();
		long c = n == 3 ? image.dimension(2) : 1;
		if (n < 2 || n > 3 || c != 1 && c != 3) throw new IllegalArgumentException("Can write (x, y), (x, y, 1) " +
			"or (x, y, 3) images, not one of " + n + " dimensions" + (n == 3 ? " with " + c + " channels" : "") + ".");
		return (int) c;
	}

	/** Encodes the pages in the format, with the metadata that the format holds, to {@code out}. */
	private static void encode(OutputStream out, String format, List<BufferedImage> pages, WriteOptions options)
		throws IOException
	{
		ImageWriter writer = writerFor(format);
		try {
			ImageWriteParam param = writer.getDefaultWriteParam();
			ImageMetadata m = options.metadata;
			int channels = pages.get(0).getColorModel().getNumComponents();
			byte[] icc = m.iccColorSpaceType() == (channels == 1 ? ColorSpace.TYPE_GRAY : ColorSpace.TYPE_RGB) ? m
				.iccProfile() : null; // a profile only for pixels of its kind (not a CMYK one, not an RGB one on gray)
			byte[] exif = m.exifForUpright();
			switch (format) {
				case "jpeg": {
					param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
					param.setCompressionQuality(options.jpegQuality / 100f);
					java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
					try (ImageOutputStream ios = new MemoryCacheImageOutputStream(bytes)) {
						writer.setOutput(ios);
						writer.write(null, new IIOImage(pages.get(0), null, fullChroma(writer, pages.get(0), param)), param);
					}
					out.write(JpegSegments.insert(bytes.toByteArray(), exif, icc, m.dpiX(), m.dpiY()));
					return;
				}
				case "png": {
					byte[] chunks = PngChunks.chunks(icc, exif, m.dpiX(), m.dpiY());
					try (ImageOutputStream ios = new MemoryCacheImageOutputStream(chunks.length == 0 ? out : PngChunks
						.inserting(out, chunks)))
					{
						writer.setOutput(ios);
						writer.write(null, new IIOImage(pages.get(0), null, null), param);
					}
					return;
				}
				case "tiff": {
					param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
					param.setCompressionType("LZW"); // lossless, and read by every TIFF reader including ImageJ's
					try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
						writer.setOutput(ios);
						if (pages.size() == 1) writer.write(null, new IIOImage(pages.get(0), null, tiffMetadata(writer,
							pages.get(0), param, icc, m)), param);
						else {
							writer.prepareWriteSequence(null);
							for (BufferedImage page : pages)
								writer.writeToSequence(new IIOImage(page, null, tiffMetadata(writer, page, param, icc, m)), param);
							writer.endWriteSequence();
						}
					}
					return;
				}
				default:
					try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
						writer.setOutput(ios);
						writer.write(null, new IIOImage(pages.get(0), null, null), param);
					}
			}
		}
		finally {
			writer.dispose();
		}
	}

	/**
	 * @return JPEG metadata without chroma subsampling (4:4:4): the writer's default halves the colour resolution,
	 *         which moves colour edges by tens of levels even at high quality; null (the defaults) if the writer
	 *         does not take the JDK's JPEG metadata
	 */
	private static IIOMetadata fullChroma(ImageWriter writer, BufferedImage image, ImageWriteParam param) {
		try {
			IIOMetadata m = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), param);
			String format = "javax_imageio_jpeg_image_1.0";
			Node root = m.getAsTree(format);
			boolean changed = false;
			for (Node seq = root.getFirstChild(); seq != null; seq = seq.getNextSibling())
				if (seq.getNodeName().equals("markerSequence")) for (Node sof = seq.getFirstChild(); sof != null; sof = sof
					.getNextSibling())
					if (sof.getNodeName().equals("sof")) for (Node c = sof.getFirstChild(); c != null; c = c.getNextSibling())
						if (c.getNodeName().equals("componentSpec")) {
							((Element) c).setAttribute("HsamplingFactor", "1");
							((Element) c).setAttribute("VsamplingFactor", "1");
							changed = true;
						}
			if (!changed) return null;
			m.setFromTree(format, root);
			return m;
		}
		catch (RuntimeException | javax.imageio.metadata.IIOInvalidTreeException e) {
			return null;
		}
	}

	/** @return the JDK's writer for the format (the same bytes whatever plugins are installed), else any */
	private static ImageWriter writerFor(String format) {
		ImageWriter chosen = null;
		for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName(format); it.hasNext();) {
			ImageWriter w = it.next();
			if (chosen == null || w.getClass().getName().startsWith("com.sun.") && !chosen.getClass().getName()
				.startsWith("com.sun."))
			{
				if (chosen != null) chosen.dispose();
				chosen = w;
			}
			else w.dispose();
		}
		if (chosen == null) throw new IllegalStateException("No " + format + " writer in this Java.");
		return chosen;
	}

	/** @return TIFF metadata with the resolution and profile, for the JDK's TIFF writer; null for its defaults */
	private static IIOMetadata tiffMetadata(ImageWriter writer, BufferedImage page, ImageWriteParam param, byte[] icc,
		ImageMetadata m)
	{
		if (icc == null && m.dpiX() == 0) return null;
		try {
			IIOMetadata defaults = writer.getDefaultImageMetadata(new ImageTypeSpecifier(page), param);
			TIFFDirectory dir = TIFFDirectory.createFromMetadata(defaults);
			if (m.dpiX() > 0 && m.dpiY() > 0) {
				BaselineTIFFTagSet base = BaselineTIFFTagSet.getInstance();
				dir.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_X_RESOLUTION), TIFFTag.TIFF_RATIONAL, 1,
					new long[][] { { Math.round(m.dpiX() * 100), 100 } }));
				dir.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_Y_RESOLUTION), TIFFTag.TIFF_RATIONAL, 1,
					new long[][] { { Math.round(m.dpiY() * 100), 100 } }));
				dir.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_RESOLUTION_UNIT), TIFFTag.TIFF_SHORT, 1,
					new char[] { (char) BaselineTIFFTagSet.RESOLUTION_UNIT_INCH }));
			}
			if (icc != null) dir.addTIFFField(new TIFFField(new TIFFTag("ICC Profile", ICC_PROFILE_TAG, 1 <<
				TIFFTag.TIFF_UNDEFINED), TIFFTag.TIFF_UNDEFINED, icc.length, icc));
			return dir.getAsMetadata();
		}
		catch (RuntimeException | javax.imageio.metadata.IIOInvalidTreeException e) {
			return null; // a writer without the JDK's TIFF metadata: the pixels still go out, without these
		}
	}

	/** The TIFF tag of an ICC profile (InterColorProfile, TIFF/EP and Adobe). */
	private static final int ICC_PROFILE_TAG = 34675;

	private static BufferedImage toBufferedImage(RandomAccessibleInterval<? extends RealType<?>> image, int bitDepth,
		int white, boolean grayscale)
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

		int max = bitDepth == 8 ? 255 : white;
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
