package org.revivegan.core.damage;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Copies ImgLib2 images into flat arrays in flat-iteration order (x fastest, then y, then channel: the
 * planar layout of an ArrayImg) so that inner loops can work on plain arrays. ArrayImgs are copied with one
 * array copy; anything else through a cursor.
 */
final class ImgArrays {

	private ImgArrays() {}

	static int checkedSize(RandomAccessibleInterval<?> image) {
		return org.revivegan.core.image.Images.arrayLength("fill in one piece", image);
	}

	/** @return a new array with the values of the image in flat-iteration order */
	static float[] copyFloats(RandomAccessibleInterval<FloatType> image) {
		int n = checkedSize(image);
		Object storage = storage(image);
		if (storage instanceof float[] && ((float[]) storage).length == n) return ((float[]) storage).clone();
		float[] out = new float[n];
		Cursor<FloatType> cursor = Views.flatIterable(Views.zeroMin(image)).cursor();
		for (int i = 0; i < n; i++)
			out[i] = cursor.next().getRealFloat();
		return out;
	}

	/** @return the mask as bytes in flat-iteration order: the ArrayImg's own array when possible (read only!) */
	static byte[] readBytes(RandomAccessibleInterval<UnsignedByteType> mask) {
		int n = checkedSize(mask);
		Object storage = storage(mask);
		if (storage instanceof byte[] && ((byte[]) storage).length == n) return (byte[]) storage;
		byte[] out = new byte[n];
		Cursor<UnsignedByteType> cursor = Views.flatIterable(Views.zeroMin(mask)).cursor();
		for (int i = 0; i < n; i++)
			out[i] = (byte) cursor.next().get();
		return out;
	}

	private static Object storage(RandomAccessibleInterval<?> image) {
		if (!(image instanceof ArrayImg)) return null;
		Object access = ((ArrayImg<?, ?>) image).update(null);
		return access instanceof ArrayDataAccess ? ((ArrayDataAccess<?>) access).getCurrentStorageArray() : null;
	}
}
