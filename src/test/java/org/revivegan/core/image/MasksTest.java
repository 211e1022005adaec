package org.revivegan.core.image;

import static org.junit.jupiter.api.Assertions.*;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;

class MasksTest {

	/** A 3x3 opening keeps a 3-wide bar (also where it runs off the image) and removes a 2-wide one. */
	@Test
	void theSquareOpeningKeepsWhatASquareFits() {
		int w = 12, h = 6;
		byte[] m = new byte[w * h];
		for (int y = 0; y < h; y++) {
			m[0 + w * y] = m[1 + w * y] = 1; // 2 wide at the left edge, but the outside counts as set
			m[5 + w * y] = m[6 + w * y] = (byte) 255; // 2 wide inside: removed
			m[9 + w * y] = m[10 + w * y] = m[11 + w * y] = 1; // 3 wide: kept
		}
		byte[] before = m.clone();
		byte[] open = Masks.openSquare(m, w, h, 1);
		assertArrayEquals(before, m, "the mask is not modified");
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				assertEquals(x <= 1 || x >= 9, open[x + w * y] != 0, x + "," + y);
		byte[] ones = new byte[m.length];
		for (int i = 0; i < m.length; i++)
			ones[i] = (byte) (m[i] != 0 ? 1 : 0);
		assertArrayEquals(ones, Masks.openSquare(m, w, h, 0), "radius 0 is the identity (as 0 or 1)");
		assertThrows(IllegalArgumentException.class, () -> Masks.openSquare(m, w, h, -1));
		assertThrows(IllegalArgumentException.class, () -> Masks.openSquare(m, w + 1, h, 1));
	}

	/** The plain Java opening gives OpenCV's {@code morphologyEx} result, default border, on random masks. */
	@Test
	void theSquareOpeningIsOpenCvs() {
		java.util.Random random = new java.util.Random(5);
		for (int trial = 0; trial < 60; trial++) {
			int w = 1 + random.nextInt(40), h = 1 + random.nextInt(40), r = random.nextInt(trial < 50 ? 4 : 25);
			double density = 0.3 + 0.65 * random.nextDouble();
			byte[] m = new byte[w * h];
			for (int i = 0; i < m.length; i++)
				m[i] = (byte) (random.nextDouble() < density ? 1 + random.nextInt(255) : 0);
			byte[] expected = new byte[m.length];
			try (org.bytedeco.opencv.opencv_core.Mat src = new org.bytedeco.opencv.opencv_core.Mat(h, w,
				org.bytedeco.opencv.global.opencv_core.CV_8UC1); org.bytedeco.opencv.opencv_core.Mat dst =
					new org.bytedeco.opencv.opencv_core.Mat(); org.bytedeco.opencv.opencv_core.Mat kernel =
						org.bytedeco.opencv.global.opencv_imgproc.getStructuringElement(
							org.bytedeco.opencv.global.opencv_imgproc.MORPH_RECT, new org.bytedeco.opencv.opencv_core.Size(
								2 * r + 1, 2 * r + 1)))
			{
				for (int i = 0; i < m.length; i++)
					expected[i] = (byte) (m[i] != 0 ? 1 : 0);
				src.data().put(expected);
				org.bytedeco.opencv.global.opencv_imgproc.morphologyEx(src, dst,
					org.bytedeco.opencv.global.opencv_imgproc.MORPH_OPEN, kernel);
				dst.data().get(expected);
			}
			assertArrayEquals(expected, Masks.openSquare(m, w, h, r), w + "x" + h + ", radius " + r);
		}
	}


	private static Img<UnsignedByteType> mask(int w, int h, int... xy) {
		byte[] m = new byte[w * h];
		for (int i = 0; i < xy.length; i += 2)
			m[xy[i] + w * xy[i + 1]] = 1;
		return ArrayImgs.unsignedBytes(m, w, h);
	}

	private static byte[] bytes(Img<UnsignedByteType> img) {
		byte[] out = new byte[(int) (img.dimension(0) * img.dimension(1))];
		int i = 0;
		for (UnsignedByteType t : img)
			out[i++] = (byte) t.get();
		return out;
	}

	/** Every pixel within {@code radius} (Euclidean) of a mask pixel, by brute force. */
	private static byte[] expected(int w, int h, long radius, int... xy) {
		byte[] out = new byte[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				for (int i = 0; i < xy.length; i += 2) {
					long dx = x - xy[i], dy = y - xy[i + 1];
					if (dx * dx + dy * dy <= radius * radius) out[x + w * y] = 1;
				}
		return out;
	}

	@Test
	void growsByAnExactDiscClippedToTheImage() {
		int[] pixels = { 0, 0, 6, 3, 3, 6 };
		for (int r : new int[] { 0, 1, 2, 3, 5 })
			assertArrayEquals(expected(9, 8, r, pixels), bytes(Masks.dilateToBytes(mask(9, 8, pixels), r)), "radius " + r);
	}

	@Test
	void radiiBeyondTheDiagonalFillTheImage() {
		byte[] all = new byte[7 * 5];
		java.util.Arrays.fill(all, (byte) 1);
		// 46341^2 overflows an int; MAX_VALUE used to loop for ever (dy <= radius is always true)
		for (int r : new int[] { 9, 46341, 1 << 20, Integer.MAX_VALUE - 1, Integer.MAX_VALUE }) {
			assertArrayEquals(all, bytes(Masks.dilateToBytes(mask(7, 5, 3, 2), r)), "radius " + r);
			Img<FloatType> f = Masks.dilate(mask(7, 5, 6, 4), r);
			for (FloatType t : f)
				assertEquals(1f, t.get(), "radius " + r);
		}
		assertArrayEquals(new byte[7 * 5], bytes(Masks.dilateToBytes(mask(7, 5), Integer.MAX_VALUE)),
			"an empty mask stays empty");
	}

	@Test
	void aRadiusJustBelowTheDiagonalIsStillADisc() {
		// diagonal of 40 x 1 is 40.01: radius 39 from the left end reaches the right end, 38 does not
		assertArrayEquals(expected(40, 1, 38, 0, 0), bytes(Masks.dilateToBytes(mask(40, 1, 0, 0), 38)));
		assertEquals(0, bytes(Masks.dilateToBytes(mask(40, 1, 0, 0), 38))[39]);
		assertEquals(1, bytes(Masks.dilateToBytes(mask(40, 1, 0, 0), 39))[39]);
	}

	@Test
	void refusesNegativeRadii() {
		assertThrows(IllegalArgumentException.class, () -> Masks.dilate(mask(3, 3, 1, 1), -1));
	}

	@Test
	void countsAndBinarisesNonZeroPixelsOfAnyType() {
		Img<UnsignedByteType> detected = ArrayImgs.unsignedBytes(new byte[] { 0, (byte) 255, 0, 7, 0, 0 }, 3, 2);
		assertEquals(2, Masks.count(detected));
		assertEquals(0, Masks.count(ArrayImgs.floats(4, 4)));
		Img<FloatType> binary = Masks.binary(detected);
		assertArrayEquals(new long[] { 3, 2 }, binary.dimensionsAsLongArray());
		float[] values = new float[6];
		int i = 0;
		for (FloatType t : binary)
			values[i++] = t.get();
		assertArrayEquals(new float[] { 0, 1, 0, 1, 0, 0 }, values);
		assertEquals(2, Masks.count(binary));
		Img<FloatType> fractions = ArrayImgs.floats(new float[] { 0.25f, 0, -1 }, 3, 1);
		assertEquals(2, Masks.count(fractions), "any non-zero value is in the mask");
		assertEquals(2, Masks.count(Masks.binary(fractions)));
	}

	@Test
	void theFractionIsTheShareOfNonZeroPixels() {
		assertEquals(2 / 6.0, Masks.fraction(ArrayImgs.unsignedBytes(new byte[] { 0, (byte) 255, 0, 7, 0, 0 }, 3, 2)));
		assertEquals(0.75, Masks.fraction(ArrayImgs.floats(new float[] { 0.25f, 0, 1, 0.5f }, 2, 2)));
		assertEquals(0, Masks.fraction(ArrayImgs.floats(4, 4)));
	}
}
