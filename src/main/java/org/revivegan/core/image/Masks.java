package org.revivegan.core.image;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/** Mask operations of the core. */
public final class Masks {

	private Masks() {}

	/**
	 * @return a new (x, y) mask (1 inside, 0 outside) grown by {@code radius} pixels with a disc (two passes of
	 *         a distance-limited square-then-circle check; exact Euclidean disc)
	 */
	public static Img<FloatType> dilate(RandomAccessibleInterval<? extends RealType<?>> mask, int radius) {
		int w = (int) mask.dimension(0), h = (int) mask.dimension(1);
		boolean[] in = new boolean[w * h];
		Cursor<? extends RealType<?>> c = Views.flatIterable(Views.zeroMin(mask)).cursor();
		for (int i = 0; c.hasNext(); i++)
			in[i] = c.next().getRealDouble() != 0;
		float[] out = new float[w * h];
		int r2 = radius * radius;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				if (!in[x + w * y]) continue;
				for (int dy = -radius; dy <= radius; dy++) {
					int yy = y + dy;
					if (yy < 0 || yy >= h) continue;
					for (int dx = -radius; dx <= radius; dx++) {
						int xx = x + dx;
						if (xx < 0 || xx >= w || dx * dx + dy * dy > r2) continue;
						out[xx + w * yy] = 1;
					}
				}
			}
		return ArrayImgs.floats(out, w, h);
	}
}
