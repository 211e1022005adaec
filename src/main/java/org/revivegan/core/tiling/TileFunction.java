package org.revivegan.core.tiling;

import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

/**
 * What a {@link Tiler} runs on each batch of tiles: usually a fully-convolutional network.
 * <p>
 * The tiles of one call all have the same size, so that they can be stacked into one tensor
 * ({@code org.revivegan.core.tensor.Tensors#stack}); their width and height are multiples of the tiler's
 * {@code multiple}. The function must not keep or modify them.
 * </p>
 * <p>
 * If the function runs out of memory it should let the {@link OutOfMemoryError} (or an exception caused by
 * one) propagate: the tiler then retries with fewer or smaller tiles.
 * </p>
 */
@FunctionalInterface
public interface TileFunction {

	/**
	 * @param tiles input tiles, (x, y, c) {@code ArrayImg}s with the input image's channels, zero min
	 * @return one output per input, in the same order, each (x, y, outChannels) with the same x and y size as
	 *         its input; any min
	 */
	List<? extends RandomAccessibleInterval<FloatType>> apply(List<Img<FloatType>> tiles);
}
