package org.revivegan.core.image;

import static org.junit.jupiter.api.Assertions.*;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.revivegan.core.util.Rng;

class ClassicalInpaintingTest {

	private static ArrayImg<UnsignedByteType, ByteArray> hole(int w, int h, int x0, int y0, int x1, int y1) {
		ArrayImg<UnsignedByteType, ByteArray> mask = ArrayImgs.unsignedBytes(w, h);
		byte[] m = mask.update(null).getCurrentStorageArray();
		for (int y = y0; y < y1; y++)
			for (int x = x0; x < x1; x++)
				m[x + w * y] = 1;
		return mask;
	}

	@Test
	void unmaskedPixelsComeBackExactlyAndMaskedOnesChange() {
		int w = 37, h = 29, n = w * h;
		Rng rng = new Rng(3);
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(w, h, 3);
		float[] a = img.update(null).getCurrentStorageArray();
		for (int i = 0; i < a.length; i++)
			a[i] = (float) rng.nextDouble(); // not multiples of 1/255: unmasked values must survive unrounded
		float[] before = a.clone();
		ArrayImg<UnsignedByteType, ByteArray> mask = hole(w, h, 10, 8, 20, 15);
		byte[] m = mask.update(null).getCurrentStorageArray();
		for (boolean telea : new boolean[] { true, false }) {
			Img<FloatType> out = telea ? ClassicalInpainting.telea(img, mask) : ClassicalInpainting.navierStokes(img, mask);
			float[] o = Images.floats(out);
			int changed = 0;
			for (int c = 0; c < 3; c++)
				for (int i = 0; i < n; i++) {
					if (m[i] == 0) assertEquals(before[c * n + i], o[c * n + i], 0f, "unmasked pixel " + i);
					else {
						assertTrue(o[c * n + i] >= 0 && o[c * n + i] <= 1);
						assertEquals(0, Math.round(o[c * n + i] * 255) - o[c * n + i] * 255, 1e-3);
						if (Math.abs(o[c * n + i] - before[c * n + i]) > 1e-3) changed++;
					}
				}
			assertTrue(changed > 100, "masked pixels replaced: " + changed);
			assertArrayEquals(before, a, "input untouched");
		}
	}

	@Test
	void holeInConstantImageIsFilledWithTheConstantAndChannelsStayInOrder() {
		int w = 40, h = 30, n = w * h;
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(w, h, 3);
		float[] a = img.update(null).getCurrentStorageArray();
		float[] rgb = { 200 / 255f, 90 / 255f, 20 / 255f }; // distinct channels: a BGR/RGB mix-up would show
		for (int c = 0; c < 3; c++)
			for (int i = 0; i < n; i++)
				a[c * n + i] = rgb[c];
		ArrayImg<UnsignedByteType, ByteArray> mask = hole(w, h, 12, 9, 25, 21);
		// within 3 levels of 255: Telea's weighted average drifts by up to 2 levels on a constant image
		for (Img<FloatType> out : new Img[] { ClassicalInpainting.telea(img, mask, 5), ClassicalInpainting.navierStokes(
			img, mask, 5) })
		{
			float[] o = Images.floats(out);
			for (int c = 0; c < 3; c++)
				for (int i = 0; i < n; i++)
					assertEquals(rgb[c], o[c * n + i], 3.01 / 255, "channel " + c + " pixel " + i);
		}
	}

	@Test
	void emptyMaskReturnsACopyAndBadInputIsRefused() {
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(8, 6, 3);
		img.update(null).getCurrentStorageArray()[5] = 0.3f;
		Img<FloatType> out = ClassicalInpainting.telea(img, ArrayImgs.unsignedBytes(8, 6));
		assertEquals(0.3f, Images.floats(out)[5]);
		assertThrows(IllegalArgumentException.class, () -> ClassicalInpainting.telea(img, ArrayImgs.unsignedBytes(8, 5)));
		assertThrows(IllegalArgumentException.class, () -> ClassicalInpainting.telea(ArrayImgs.floats(8, 6), ArrayImgs
			.unsignedBytes(8, 6)));
		assertThrows(IllegalArgumentException.class, () -> ClassicalInpainting.telea(img, ArrayImgs.unsignedBytes(8, 6), 0));
	}

	@Test
	void openCvAndNd4jLoadInTheSameJvm() {
		INDArray x = Nd4j.ones(3, 3).mmul(Nd4j.ones(3, 3)); // loads ND4J's natives
		assertEquals(3.0, x.getDouble(0, 0), 0);
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(16, 16, 3);
		java.util.Arrays.fill(img.update(null).getCurrentStorageArray(), 0.5f);
		Img<FloatType> out = ClassicalInpainting.telea(img, hole(16, 16, 4, 4, 8, 8));
		assertEquals(0.5f, Images.floats(out)[5 + 16 * 5], 1.01 / 255);
		assertEquals(9.0, x.mmul(Nd4j.ones(3, 3)).getDouble(1, 1), 0); // and ND4J still works afterwards
	}
}
