package org.revivegan.io;

/**
 * How {@link ImageFiles#write(java.nio.file.Path, net.imglib2.RandomAccessibleInterval, WriteOptions)} writes a
 * result: bits per channel, gray or colour, the value of white, JPEG quality and the metadata to carry.
 * Immutable: each {@code with...} returns a changed copy.
 * <p>
 * {@link #like(LoadedImage)} writes a result the way its original was: same bit depth (16-bit stays 16-bit, where
 * the format holds it), same white level (12-bit data in a 16-bit file stay within 0..4095), gray if it was gray,
 * and its profile, EXIF (orientation reset, as the pixels were turned upright) and resolution.
 * </p>
 */
public final class WriteOptions {

	/** JPEG quality when none is asked for, in percent: high, so that a restored photo gains no visible artefacts. */
	public static final int DEFAULT_JPEG_QUALITY = 95;

	final int bitDepth;
	final boolean grayscale;
	final int whiteLevel;
	final int jpegQuality;
	final ImageMetadata metadata;
	/** Whether a bit depth the format cannot hold falls back to 8 bits (true for {@link #like}) or is an error. */
	final boolean fitFormat;

	private WriteOptions(int bitDepth, boolean grayscale, int whiteLevel, int jpegQuality, ImageMetadata metadata,
		boolean fitFormat)
	{
		if (bitDepth != 8 && bitDepth != 16) throw new IllegalArgumentException("Cannot write " + bitDepth +
			"-bit images; use 8 or 16 bits.");
		if (jpegQuality < 1 || jpegQuality > 100) throw new IllegalArgumentException("The JPEG quality must be 1 to " +
			"100 (percent), not " + jpegQuality + ".");
		this.bitDepth = bitDepth;
		this.grayscale = grayscale;
		this.whiteLevel = whiteLevel;
		this.jpegQuality = jpegQuality;
		this.metadata = metadata == null ? ImageMetadata.NONE : metadata;
		this.fitFormat = fitFormat;
	}

	/**
	 * @param bitDepth 8 or 16; 16 is an error for JPEG and BMP
	 * @param grayscale one gray channel (an RGB image as its Rec. 601 luma), else RGB
	 */
	public static WriteOptions of(int bitDepth, boolean grayscale) {
		return new WriteOptions(bitDepth, grayscale, bitDepth == 8 ? 255 : 65535, DEFAULT_JPEG_QUALITY,
			ImageMetadata.NONE, false);
	}

	/** @return the options that write a result the way {@code original} was (see the class description) */
	public static WriteOptions like(LoadedImage original) {
		return new WriteOptions(original.bitDepth(), original.grayscale(), original.whiteLevel(), DEFAULT_JPEG_QUALITY,
			original.metadata(), true);
	}

	/** @return these options writing one gray channel ({@code true}) or RGB ({@code false}; a colourised photo) */
	public WriteOptions withGrayscale(boolean gray) {
		return new WriteOptions(bitDepth, gray, whiteLevel, jpegQuality, metadata, fitFormat);
	}

	/** @return these options with a JPEG quality of 1 to 100 percent (used only for JPEG files) */
	public WriteOptions withJpegQuality(int percent) {
		return new WriteOptions(bitDepth, grayscale, whiteLevel, percent, metadata, fitFormat);
	}

	/** @return these options carrying other metadata ({@link ImageMetadata#NONE} for none) */
	public WriteOptions withMetadata(ImageMetadata m) {
		return new WriteOptions(bitDepth, grayscale, whiteLevel, jpegQuality, m, fitFormat);
	}

	/** @return 8 or 16 */
	public int bitDepth() {
		return bitDepth;
	}

	public boolean grayscale() {
		return grayscale;
	}

	/** @return the sample value that 1.0 becomes at 16 bits (65535, or 4095 for 12-bit data...); 255 at 8 bits */
	public int whiteLevel() {
		return whiteLevel;
	}

	public int jpegQuality() {
		return jpegQuality;
	}

	public ImageMetadata metadata() {
		return metadata;
	}
}
