package org.revivegan.core.damage;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Fast classical filling of masked pixels, used as the prefill that the inpainting network receives in
 * the holes instead of a flat colour: starting from a smooth guess that continues the surrounding colours,
 * the network begins near the quality of classical diffusion inpainting and only has to add structure.
 */
public final class MaskFill {

	/** Value given to every pixel when nothing is known (the whole image is masked). */
	public static final float UNKNOWN = 0.5f;

	private MaskFill() {}

	/**
	 * Push-pull fill (Gortler et al. 1996). <em>Push</em>: build a pyramid by halving the size, each coarse
	 * pixel being the known-weighted mean of its (up to) 2x2 children, with a weight equal to the fraction of
	 * its children that are known. <em>Pull</em>: from the coarsest level down, each pixel is blended with
	 * the bilinear interpolation of the level above in proportion to how unknown it is, so holes take the
	 * colour of the nearest known surroundings at the matching scale. Linear in the number of pixels.
	 *
	 * @param image (x, y) or (x, y, c) float image; not modified
	 * @param mask (x, y) mask of the same width and height, non-zero where a pixel is to be filled
	 * @return a new image of the same dimensions: unmasked pixels bit-identical to the input, masked pixels
	 *         filled; {@value #UNKNOWN} everywhere when every pixel is masked
	 */
	public static ArrayImg<FloatType, FloatArray> pushPull(RandomAccessibleInterval<FloatType> image,
		RandomAccessibleInterval<UnsignedByteType> mask)
	{
		int nd = image.numDimensions();
		if (nd != 2 && nd != 3)
			throw new IllegalArgumentException("expected an (x, y) or (x, y, c) image, got " + nd + " dimensions");
		if (mask.numDimensions() != 2 || mask.dimension(0) != image.dimension(0) ||
			mask.dimension(1) != image.dimension(1))
			throw new IllegalArgumentException("the mask must be (x, y) with the image's width and height: image " +
				image.dimension(0) + "x" + image.dimension(1) + ", mask has " + mask.numDimensions() + " dimensions");
		int width = (int) image.dimension(0);
		int height = (int) image.dimension(1);
		int channels = nd == 3 ? (int) image.dimension(2) : 1;
		float[] values = ImgArrays.copyFloats(image);
		byte[] maskBytes = ImgArrays.readBytes(mask);
		fill(values, maskBytes, width, height, channels);
		return nd == 3 ? ArrayImgs.floats(values, width, height, channels) : ArrayImgs.floats(values, width, height);
	}

	/**
	 * Fills the masked pixels of a planar array in place.
	 *
	 * @param values planar, index x + w * (y + h * c)
	 * @param mask index x + w * y, non-zero where to fill
	 */
	static void fill(float[] values, byte[] mask, int width, int height, int channels) {
		int size = width * height;
		float[] weight = new float[size];
		int known = 0;
		for (int i = 0; i < size; i++)
			if (mask[i] == 0) {
				weight[i] = 1;
				known++;
			}
		if (known == size) return;
		if (known == 0 || channels == 0) {
			java.util.Arrays.fill(values, UNKNOWN);
			return;
		}

		// push: level 0 is the image itself; values of unknown pixels are never read
		int levels = 1;
		for (int w = width, h = height; w > 1 || h > 1; w = (w + 1) / 2, h = (h + 1) / 2)
			levels++;
		float[][] levelValues = new float[levels][];
		float[][] levelWeights = new float[levels][];
		int[] widths = new int[levels];
		int[] heights = new int[levels];
		levelValues[0] = values;
		levelWeights[0] = weight;
		widths[0] = width;
		heights[0] = height;
		for (int l = 1; l < levels; l++) {
			int fw = widths[l - 1], fh = heights[l - 1];
			int cw = (fw + 1) / 2, ch = (fh + 1) / 2;
			widths[l] = cw;
			heights[l] = ch;
			levelValues[l] = new float[cw * ch * channels];
			levelWeights[l] = new float[cw * ch];
			push(levelValues[l - 1], levelWeights[l - 1], fw, fh, levelValues[l], levelWeights[l], cw, ch, channels);
		}

		// pull: from the coarsest level (1x1, weight > 0 since some pixel is known) down to the image
		for (int l = levels - 2; l >= 0; l--)
			pull(levelValues[l + 1], widths[l + 1], heights[l + 1], levelValues[l], levelWeights[l], widths[l],
				heights[l], channels);
	}

	private static void push(float[] fine, float[] fineWeight, int fw, int fh, float[] coarse, float[] coarseWeight,
		int cw, int ch, int channels)
	{
		int fineSize = fw * fh;
		int coarseSize = cw * ch;
		for (int cy = 0; cy < ch; cy++) {
			int y0 = 2 * cy;
			int y1 = Math.min(y0 + 1, fh - 1);
			for (int cx = 0; cx < cw; cx++) {
				int x0 = 2 * cx;
				int x1 = Math.min(x0 + 1, fw - 1);
				int count = (x1 > x0 ? 2 : 1) * (y1 > y0 ? 2 : 1);
				int i00 = x0 + fw * y0, i10 = x1 + fw * y0, i01 = x0 + fw * y1, i11 = x1 + fw * y1;
				float w00 = fineWeight[i00];
				float w10 = x1 > x0 ? fineWeight[i10] : 0;
				float w01 = y1 > y0 ? fineWeight[i01] : 0;
				float w11 = x1 > x0 && y1 > y0 ? fineWeight[i11] : 0;
				float sum = w00 + w10 + w01 + w11;
				int ci = cx + cw * cy;
				coarseWeight[ci] = sum / count;
				if (sum == 0) continue;
				float inv = 1 / sum;
				for (int c = 0; c < channels; c++) {
					int f = c * fineSize;
					float acc = 0;
					if (w00 > 0) acc += w00 * fine[f + i00];
					if (w10 > 0) acc += w10 * fine[f + i10];
					if (w01 > 0) acc += w01 * fine[f + i01];
					if (w11 > 0) acc += w11 * fine[f + i11];
					coarse[c * coarseSize + ci] = acc * inv;
				}
			}
		}
	}

	/**
	 * Blends every not fully known fine pixel with the bilinear interpolation of the (already filled) coarse
	 * level; a fine pixel at x sits at coarse coordinate (x - 0.5) / 2.
	 */
	private static void pull(float[] coarse, int cw, int ch, float[] fine, float[] fineWeight, int fw, int fh,
		int channels)
	{
		int fineSize = fw * fh;
		int coarseSize = cw * ch;
		for (int y = 0; y < fh; y++) {
			double cy = Math.max(0, Math.min(ch - 1, (y - 0.5) * 0.5));
			int yA = (int) cy;
			int yB = Math.min(yA + 1, ch - 1);
			float ty = (float) (cy - yA);
			for (int x = 0; x < fw; x++) {
				int i = x + fw * y;
				float w = fineWeight[i];
				if (w >= 1) continue;
				double cx = Math.max(0, Math.min(cw - 1, (x - 0.5) * 0.5));
				int xA = (int) cx;
				int xB = Math.min(xA + 1, cw - 1);
				float tx = (float) (cx - xA);
				float kAA = (1 - tx) * (1 - ty), kBA = tx * (1 - ty), kAB = (1 - tx) * ty, kBB = tx * ty;
				int iAA = xA + cw * yA, iBA = xB + cw * yA, iAB = xA + cw * yB, iBB = xB + cw * yB;
				for (int c = 0; c < channels; c++) {
					int o = c * coarseSize;
					float up = kAA * coarse[o + iAA] + kBA * coarse[o + iBA] + kAB * coarse[o + iAB] + kBB * coarse[o + iBB];
					int f = c * fineSize + i;
					fine[f] = w > 0 ? w * fine[f] + (1 - w) * up : up;
				}
			}
		}
	}
}
