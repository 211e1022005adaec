package org.revivegan.core.restore;

import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;

/**
 * The planes of one image, read one at a time and only when the restoration reaches them, so that the caller
 * can hand out views of its own pixels (an ImageJ stack's planes, a file's pages) without a copy.
 */
public interface Planes {

	/** @return the number of planes, at least 1 */
	int count();

	/** @param index 0 to {@link #count()} - 1 */
	Plane<?> plane(int index);

	/**
	 * @return whether the image has colour beyond its planes' pixels: its planes are the channels of one
	 *         colour image (an ImageJ composite), so {@link Restoration#hasColour} is true whatever they hold
	 */
	default boolean channelsAreColours() {
		return false;
	}

	/** @return float pages in [0, 1], (x, y) or (x, y, 3), whose results are new images */
	static Planes of(List<? extends RandomAccessibleInterval<FloatType>> pages) {
		if (pages.isEmpty()) throw new IllegalArgumentException("No image to restore.");
		return new Planes() {

			@Override
			public int count() {
				return pages.size();
			}

			@Override
			public Plane<?> plane(int index) {
				return Plane.of(pages.get(index), 1);
			}
		};
	}
}
