package org.revivegan.io;

import java.nio.file.Path;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

/**
 * An image read by {@link ImageFiles#read(Path)}, with what the file said about it.
 * <p>
 * The pixels are always (x, y, 3) RGB floats in [0, 1], whatever the file held, so that the restoration code
 * has one input form. What is lost by that is kept here, so that a result can be written back the way the
 * original was: at its bit depth, and as gray if it was gray (a colourised photo is then the only RGB output).
 * </p>
 */
public final class LoadedImage {

	private final Path file;
	private final Img<FloatType> image;
	private final int bitDepth;
	private final boolean grayscale;
	private final int channels;

	/**
	 * @param file where the image came from
	 * @param image (x, y, 3) RGB in [0, 1]
	 * @param bitDepth bits per channel in the file: 8 (also for fewer bits and palettes) or 16
	 * @param grayscale whether the file has one colour channel, or all its pixels have R = G = B
	 * @param channels the file's channel count, alpha included (1 gray, 2 gray + alpha, 3 RGB, 4 RGBA)
	 */
	public LoadedImage(Path file, Img<FloatType> image, int bitDepth, boolean grayscale, int channels) {
		this.file = file;
		this.image = image;
		this.bitDepth = bitDepth;
		this.grayscale = grayscale;
		this.channels = channels;
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

	public long width() {
		return image.dimension(0);
	}

	public long height() {
		return image.dimension(1);
	}

	@Override
	public String toString() {
		return file.getFileName() + " (" + width() + "x" + height() + ", " + bitDepth + "-bit, " + (grayscale
			? "gray" : "colour") + ", " + channels + " channel" + (channels == 1 ? "" : "s") + " in the file)";
	}
}
