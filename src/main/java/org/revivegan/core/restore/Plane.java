package org.revivegan.core.restore;

import java.util.function.Supplier;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.revivegan.core.infer.Colorizer;

/**
 * One plane of an image as the restoration reads it: (x, y) gray or (x, y, 3) RGB pixels with the value that
 * stands for white, and optionally where its result goes. A plane that names no output gets a new float image
 * in [0, 1] (see {@link InpaintResult#images()}, {@link ColorizeResult#images()}).
 *
 * @param <T> pixel type
 */
public final class Plane<T extends RealType<T>> {

	private final RandomAccessibleInterval<T> pixels;
	private final double maxValue;
	private Plane<?> output;
	private Colorizer.Rows rows;
	private Supplier<Img<UnsignedByteType>> ownMask;

	private Plane(RandomAccessibleInterval<T> pixels, double maxValue) {
		this.pixels = pixels;
		this.maxValue = maxValue;
	}

	/** @param maxValue the value of white in {@code pixels} (1 for [0, 1] floats, 255 for 8 bits) */
	public static <T extends RealType<T>> Plane<T> of(RandomAccessibleInterval<T> pixels, double maxValue) {
		return new Plane<>(pixels, maxValue);
	}

	/**
	 * Inpainting writes this plane's result into {@code output}, which already holds a copy of the plane (a
	 * duplicate): only the damaged pixels are written, so the others stay bit-identical and no copy is made.
	 */
	public Plane<T> inpaintingInto(Plane<?> target) {
		this.output = target;
		return this;
	}

	/** Colourisation hands this plane's result to {@code target} row by row instead of making a new image. */
	public Plane<T> colouringInto(Colorizer.Rows target) {
		this.rows = target;
		return this;
	}

	/**
	 * The plane's own damage mask (e.g. its NaN pixels), for an {@link InpaintRequest} without a mask; asked
	 * for only then. Without one, such a request is refused.
	 */
	public Plane<T> withOwnMask(Supplier<Img<UnsignedByteType>> mask) {
		this.ownMask = mask;
		return this;
	}

	public RandomAccessibleInterval<T> pixels() {
		return pixels;
	}

	public double maxValue() {
		return maxValue;
	}

	/** @return the number of channels: 1 (gray) or 3 (RGB) for a plane the restoration accepts */
	public int channels() {
		return pixels.numDimensions() > 2 ? (int) pixels.dimension(2) : 1;
	}

	Plane<?> output() {
		return output;
	}

	Colorizer.Rows rows() {
		return rows;
	}

	Img<UnsignedByteType> ownMask() {
		if (ownMask == null) throw new IllegalArgumentException("No damage mask: give one (this plane has none " +
			"of its own).");
		return ownMask.get();
	}
}
