package org.revivegan.io;

import java.nio.file.Path;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

/**
 * An image read by {@link ImageFiles#read(Path)}, with what the file said about it.
 * <p>
 * The pixels are always (x, y, 3) RGB floats in [0, 1], whatever the file held, so that the restoration code
 * has one input form. What is lost by that is kept here, so that a result can be written back the way the
 * original was: at its bit depth and white level, as gray if it was gray (a colourised photo is then the only RGB
 * output), with its colour profile, EXIF and resolution. The pixels are upright: an EXIF orientation has been
 * applied.
 * </p>
 */
public final class LoadedImage {

	private final Path file;
	private final Img<FloatType> image;
	private final int bitDepth;
	private final boolean grayscale;
	private final int channels;
	private final int whiteLevel;
	private final ImageMetadata metadata;
	private final String format;

	/**
	 * @param file where the image came from
	 * @param image (x, y, 3) RGB in [0, 1]
	 * @param bitDepth bits per channel in the file: 8 (also for fewer bits and palettes) or 16
	 * @param grayscale whether the file has one colour channel, or all its pixels have R = G = B
	 * @param channels the file's channel count, alpha included (1 gray, 2 gray + alpha, 3 RGB, 4 RGBA)
	 */
	public LoadedImage(Path file, Img<FloatType> image, int bitDepth, boolean grayscale, int channels) {
		this(file, image, bitDepth, grayscale, channels, bitDepth == 8 ? 255 : 65535, ImageMetadata.NONE, null);
	}

	/**
	 * @param whiteLevel the file's sample value of white, which became 1.0: 255 for 8 bits; for 16 bits the top of
	 *          the smallest usual bit range that holds the data (65535, or 4095 for 12-bit data; see
	 *          {@link org.revivegan.core.image.SampleRanges})
	 * @param metadata the file's profile, EXIF and resolution
	 * @param format "PNG", "JPEG", "TIFF", "BMP", or null if unknown
	 */
	public LoadedImage(Path file, Img<FloatType> image, int bitDepth, boolean grayscale, int channels, int whiteLevel,
		ImageMetadata metadata, String format)
	{
		this.file = file;
		this.image = image;
		this.bitDepth = bitDepth;
		this.grayscale = grayscale;
		this.channels = channels;
		this.whiteLevel = whiteLevel;
		this.metadata = metadata == null ? ImageMetadata.NONE : metadata;
		this.format = format;
	}

	public Path file() {
		return file;
	}

	/** @return the pixels, (x, y, 3) RGB in [0, 1]; a gray file has three equal channels */
	public Img<FloatType> image() {
		return image;
	}

	/** @return 8 or 16 */
	public int bitDepth() {
		return bitDepth;
	}

	/** @return whether the file is single-channel or has R = G = B at every pixel */
	public boolean grayscale() {
		return grayscale;
	}

	/** @return the number of channels in the file, alpha included (which is read and dropped) */
	public int channels() {
		return channels;
	}

	/** @return the sample value that became 1.0: 255, 1023, 4095, 16383, 32767 or 65535 */
	public int whiteLevel() {
		return whiteLevel;
	}

	/** @return the file's profile, EXIF and resolution, for the result ({@link WriteOptions#like(LoadedImage)}) */
	public ImageMetadata metadata() {
		return metadata;
	}

	/** @return "PNG", "JPEG", "TIFF" or "BMP"; null if not known */
	public String format() {
		return format;
	}

	public long width() {
		return image.dimension(0);
	}

	public long height() {
		return image.dimension(1);
	}

	/**
	 * @return this image read as a damage mask: (x, y), 1 where any channel is above 0, else 0 (the command
	 *         line's and the Spark job's reading of mask files)
	 */
	public Img<FloatType> asMask() {
		Img<FloatType> mask = net.imglib2.img.array.ArrayImgs.floats(image.dimension(0), image.dimension(1));
		net.imglib2.RandomAccess<FloatType> in = image.randomAccess();
		net.imglib2.Cursor<FloatType> c = mask.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			in.setPosition(c.getLongPosition(0), 0);
			in.setPosition(c.getLongPosition(1), 1);
			boolean on = false;
			for (int ch = 0; ch < image.dimension(2) && !on; ch++) {
				in.setPosition(ch, 2);
				on = in.get().get() > 0;
			}
			c.get().set(on ? 1 : 0);
		}
		return mask;
	}

	@Override
	public String toString() {
		return file.getFileName() + " (" + width() + "x" + height() + ", " + bitDepth + "-bit" + (bitDepth == 16 &&
			whiteLevel != 65535 ? " (white " + whiteLevel + ")" : "") + ", " + (grayscale ? "gray" : "colour") + ", " +
			channels + " channel" + (channels == 1 ? "" : "s") + " in the file)";
	}
}
