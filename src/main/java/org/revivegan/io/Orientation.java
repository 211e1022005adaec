package org.revivegan.io;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Turns an (x, y, c) image upright by its EXIF orientation (1 to 8), as a photo viewer shows it: a camera held
 * sideways stores its pixels sideways and says so in EXIF, and a mask drawn on what the user saw must match.
 */
final class Orientation {

	private Orientation() {}

	/** @return whether the orientation swaps width and height (5 to 8: a quarter turn, with or without a mirror) */
	static boolean swapsAxes(int orientation) {
		return orientation >= 5 && orientation <= 8;
	}

	/** @return {@code img} upright: itself for orientation 1, else a new image */
	static ArrayImg<FloatType, FloatArray> upright(ArrayImg<FloatType, FloatArray> img, int orientation) {
		if (orientation < 2 || orientation > 8) return img;
		int w = (int) img.dimension(0), h = (int) img.dimension(1), c = (int) img.dimension(2);
		boolean swap = swapsAxes(orientation);
		int ow = swap ? h : w, oh = swap ? w : h;
		ArrayImg<FloatType, FloatArray> out = ArrayImgs.floats(ow, oh, c);
		float[] src = img.update(null).getCurrentStorageArray(), dst = out.update(null).getCurrentStorageArray();
		long plane = (long) w * h;
		for (int y = 0; y < oh; y++)
			for (int x = 0; x < ow; x++) {
				int sx, sy;
				switch (orientation) {
					case 2: // mirrored left-right
						sx = w - 1 - x;
						sy = y;
						break;
					case 3: // turned half round
						sx = w - 1 - x;
						sy = h - 1 - y;
						break;
					case 4: // mirrored top-bottom
						sx = x;
						sy = h - 1 - y;
						break;
					case 5: // transposed
						sx = y;
						sy = x;
						break;
					case 6: // to be turned a quarter clockwise
						sx = y;
						sy = h - 1 - x;
						break;
					case 7: // transversed
						sx = w - 1 - y;
						sy = h - 1 - x;
						break;
					default: // 8: to be turned a quarter counter-clockwise
						sx = w - 1 - y;
						sy = x;
				}
				long s = sx + (long) w * sy, d = x + (long) ow * y;
				for (int k = 0; k < c; k++)
					dst[(int) (d + k * plane)] = src[(int) (s + k * plane)];
			}
		return out;
	}
}
