package org.revivegan.core.damage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;
import org.revivegan.core.util.Rng;

class MaskFillTest {

	private static float[] data(ArrayImg<FloatType, FloatArray> img) {
		return img.update(null).getCurrentStorageArray();
	}

	private static byte[] bytes(ArrayImg<UnsignedByteType, ByteArray> img) {
		return img.update(null).getCurrentStorageArray();
	}

	@Test
	void unmaskedPixelsAreBitIdenticalAndInputUntouched() {
		int w = 45, h = 31, c = 3;
		Rng rng = new Rng(3);
		ArrayImg<FloatType, FloatArray> image = ArrayImgs.floats(w, h, c);
		float[] in = data(image);
		for (int i = 0; i < in.length; i++)
			in[i] = (float) rng.nextDouble();
		float[] before = in.clone();
		ArrayImg<UnsignedByteType, ByteArray> mask = ArrayImgs.unsignedBytes(w, h);
		byte[] m = bytes(mask);
		for (int i = 0; i < m.length; i++)
			m[i] = (byte) (rng.chance(0.5) ? 1 : 0);
		float[] out = data(MaskFill.pushPull(image, mask));
		assertArrayEquals(before, in, "input modified");
		int changed = 0;
		for (int ch = 0; ch < c; ch++)
			for (int i = 0; i < w * h; i++) {
				int k = ch * w * h + i;
				if (m[i] == 0) assertEquals(Float.floatToRawIntBits(in[k]), Float.floatToRawIntBits(out[k]));
				else if (out[k] != in[k]) changed++;
				assertTrue(out[k] >= 0 && out[k] <= 1);
			}
		assertTrue(changed > w * h, "masked pixels should be replaced");
	}

	@Test
	void constantImageWithHoleIsFilledWithTheConstant() {
		for (int[] size : new int[][] { { 37, 23 }, { 64, 64 }, { 5, 9 }, { 3, 1 } }) {
			int w = size[0], h = size[1];
			float[] levels = { 0.3f, 0.71f, 0.05f };
			ArrayImg<FloatType, FloatArray> image = ArrayImgs.floats(w, h, 3);
			float[] in = data(image);
			for (int ch = 0; ch < 3; ch++)
				for (int i = 0; i < w * h; i++)
					in[ch * w * h + i] = levels[ch];
			ArrayImg<UnsignedByteType, ByteArray> mask = ArrayImgs.unsignedBytes(w, h);
			byte[] m = bytes(mask);
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					if (x >= w / 3 && x <= 2 * w / 3 && y <= h / 2) m[x + w * y] = 1;
			for (int ch = 0; ch < 3; ch++)
				for (int i = 0; i < w * h; i++)
					if (m[i] != 0) in[ch * w * h + i] = 99; // garbage in the hole must not leak out
			float[] out = data(MaskFill.pushPull(image, mask));
			for (int ch = 0; ch < 3; ch++)
				for (int i = 0; i < w * h; i++)
					assertEquals(levels[ch], out[ch * w * h + i], 1e-6, "size " + w + "x" + h);
		}
	}

	@Test
	void rampWithThinVerticalLineIsFilledCloseToTheRamp() {
		int w = 64, h = 32;
		for (int lineWidth = 1; lineWidth <= 3; lineWidth++) {
			ArrayImg<FloatType, FloatArray> image = ArrayImgs.floats(w, h, 3);
			float[] in = data(image);
			for (int ch = 0; ch < 3; ch++)
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++)
						in[ch * w * h + x + w * y] = ch == 1 ? 1 - x / (w - 1f) : x / (w - 1f);
			float[] expected = in.clone();
			ArrayImg<UnsignedByteType, ByteArray> mask = ArrayImgs.unsignedBytes(w, h);
			byte[] m = bytes(mask);
			for (int y = 0; y < h; y++)
				for (int x = 21; x < 21 + lineWidth; x++) {
					m[x + w * y] = 1;
					for (int ch = 0; ch < 3; ch++)
						in[ch * w * h + x + w * y] = 1; // a white scratch
				}
			float[] out = data(MaskFill.pushPull(image, mask));
			double worst = 0;
			for (int i = 0; i < out.length; i++)
				worst = Math.max(worst, Math.abs(out[i] - expected[i]));
			assertTrue(worst < 0.02, "line width " + lineWidth + ": worst error " + worst);
		}
	}

	@Test
	void fullyMaskedGivesGray() {
		ArrayImg<FloatType, FloatArray> image = ArrayImgs.floats(new float[] { 0.1f, 0.9f, 0.2f, 0.3f, 0.4f, 0.6f }, 3,
			2);
		ArrayImg<UnsignedByteType, ByteArray> mask = ArrayImgs.unsignedBytes(new byte[] { 1, 1, 1, 1, 1, (byte) 255 }, 3,
			2);
		float[] out = data(MaskFill.pushPull(image, mask));
		for (float v : out)
			assertEquals(MaskFill.UNKNOWN, v);
		float[] single = data(MaskFill.pushPull(ArrayImgs.floats(new float[] { 0.2f, 0.4f, 0.8f }, 1, 1, 3), ArrayImgs
			.unsignedBytes(new byte[] { 1 }, 1, 1)));
		assertArrayEquals(new float[] { 0.5f, 0.5f, 0.5f }, single);
	}

	@Test
	void noMaskCopies() {
		float[] values = { 0.2f, 0.4f, 0.8f };
		ArrayImg<FloatType, FloatArray> image = ArrayImgs.floats(values, 1, 1, 3);
		ArrayImg<FloatType, FloatArray> out = MaskFill.pushPull(image, ArrayImgs.unsignedBytes(1, 1));
		assertArrayEquals(values, data(out));
		assertNotSame(values, data(out));
		assertEquals(3, out.numDimensions());
	}

	@Test
	void acceptsTwoDimensionalImagesAndViews() {
		ArrayImg<FloatType, FloatArray> big = ArrayImgs.floats(20, 10);
		float[] d = data(big);
		for (int i = 0; i < d.length; i++)
			d[i] = 0.25f;
		RandomAccessibleInterval<FloatType> view = Views.interval(big, new long[] { 3, 2 }, new long[] { 12, 8 });
		ArrayImg<UnsignedByteType, ByteArray> mask = ArrayImgs.unsignedBytes(10, 7);
		bytes(mask)[15] = 1;
		ArrayImg<FloatType, FloatArray> out = MaskFill.pushPull(view, mask);
		assertEquals(2, out.numDimensions());
		assertEquals(10, out.dimension(0));
		for (float v : data(out))
			assertEquals(0.25f, v, 1e-6);
	}

	@Test
	void rejectsMismatchedMask() {
		assertThrows(IllegalArgumentException.class, () -> MaskFill.pushPull(ArrayImgs.floats(4, 4, 3), ArrayImgs
			.unsignedBytes(4, 5)));
		assertThrows(IllegalArgumentException.class, () -> MaskFill.pushPull(ArrayImgs.floats(4, 4, 3, 2), ArrayImgs
			.unsignedBytes(4, 4)));
	}
}
