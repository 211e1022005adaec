package org.revivegan.core.color;

import static org.junit.jupiter.api.Assertions.*;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;
import org.revivegan.core.util.Rng;

class LabTest {

	/** Reference values (Bruce Lindbloom's calculator, sRGB, D65). */
	@Test
	void knownColoursHaveReferenceLab() {
		assertLab(100, 0, 0, Lab.rgbToLab(1, 1, 1), 1e-4);
		assertLab(0, 0, 0, Lab.rgbToLab(0, 0, 0), 1e-6);
		assertLab(53.2408, 80.0925, 67.2032, Lab.rgbToLab(1, 0, 0), 1e-3);
		assertLab(87.7347, -86.1827, 83.1793, Lab.rgbToLab(0, 1, 0), 1e-3);
		assertLab(32.2970, 79.1875, -107.8602, Lab.rgbToLab(0, 0, 1), 1e-3);
		assertLab(53.3890, 0, 0, Lab.rgbToLab(0.5f, 0.5f, 0.5f), 1e-3);
		assertLab(97.1393, -21.5537, 94.4780, Lab.rgbToLab(1, 1, 0), 1e-3);
		assertLab(42.0081, -0.1517, -32.8460, Lab.rgbToLab(0.2f, 0.4f, 0.6f), 1e-3);
	}

	@Test
	void darkGraysUseTheLinearParts() {
		// 0.02 < 0.04045: linear sRGB segment, and Y = 0.02 / 12.92 < epsilon: linear lightness segment
		double y = 0.02 / 12.92;
		assertEquals(24389.0 / 27.0 * y, Lab.rgbToLab(0.02f, 0.02f, 0.02f)[0], 1e-5);
		assertEquals(0.02f, Lab.labToRgb((float) (24389.0 / 27.0 * y), 0, 0)[0], 1e-7);
	}

	@Test
	void graysHaveNoChromaAndComeBackExactly() {
		float[] lab = new float[3];
		float[] rgb = new float[3];
		for (int i = 0; i <= 1000; i++) {
			float v = i / 1000f;
			Lab.rgbToLab(new float[] { v, v, v }, lab);
			assertEquals(0, lab[1], 1e-3, "a of gray " + v);
			assertEquals(0, lab[2], 1e-3, "b of gray " + v);
			assertEquals(lab[0], Lab.grayToLightness(v), 0f, "grayToLightness of " + v);
			Lab.labToRgb(new float[] { lab[0], 0, 0 }, rgb);
			for (int c = 0; c < 3; c++)
				assertEquals(v, rgb[c], 1e-5, "channel " + c + " of gray " + v);
			assertEquals(v, Lab.lightnessToGray(lab[0]), 1e-5);
		}
	}

	@Test
	void roundTripOverRgbGrid() {
		int steps = 24;
		double maxError = 0;
		float[] lab = new float[3];
		float[] back = new float[3];
		for (int r = 0; r <= steps; r++)
			for (int g = 0; g <= steps; g++)
				for (int b = 0; b <= steps; b++) {
					float[] rgb = { r / (float) steps, g / (float) steps, b / (float) steps };
					Lab.rgbToLab(rgb, lab);
					Lab.labToRgb(lab, back);
					for (int c = 0; c < 3; c++)
						maxError = Math.max(maxError, Math.abs(back[c] - rgb[c]));
				}
		assertTrue(maxError < 1e-4, "max round-trip error " + maxError);
	}

	@Test
	void inPlaceScalarConversionWorks() {
		float[] v = { 0.3f, 0.6f, 0.9f };
		float[] expected = Lab.rgbToLab(0.3f, 0.6f, 0.9f);
		Lab.rgbToLab(v, v);
		assertArrayEquals(expected, v);
		Lab.labToRgb(v, v);
		assertArrayEquals(new float[] { 0.3f, 0.6f, 0.9f }, v, 1e-5f);
	}

	@Test
	void scalarLabToRgbIsUnclippedButImageConversionClips() {
		float[] rgb = Lab.labToRgb(50, 120, -120); // far outside sRGB
		assertTrue(rgb[0] > 1 || rgb[2] > 1 || rgb[1] < 0, "expected an out-of-gamut value");

		ArrayImg<FloatType, FloatArray> lab = ArrayImgs.floats(new float[] { 50, 120, -120 }, 1, 1, 3);
		float[] clipped = lab3(Lab.toRgb(lab), 0, 0);
		for (int c = 0; c < 3; c++) {
			assertTrue(clipped[c] >= 0 && clipped[c] <= 1, "clipped " + clipped[c]);
			assertEquals(Math.min(1, Math.max(0, rgb[c])), clipped[c], 1e-7);
		}
	}

	@Test
	void abScaleCoversTheSrgbGamut() {
		// the extremes of a and b over the RGB cube lie on its surface; sample every face finely
		int steps = 64;
		float minA = 0, maxA = 0, minB = 0, maxB = 0;
		for (int face = 0; face < 6; face++)
			for (int i = 0; i <= steps; i++)
				for (int j = 0; j <= steps; j++) {
					float[] rgb = new float[3];
					int fixed = face % 3;
					rgb[fixed] = face < 3 ? 0 : 1;
					rgb[(fixed + 1) % 3] = i / (float) steps;
					rgb[(fixed + 2) % 3] = j / (float) steps;
					float[] lab = Lab.rgbToLab(rgb[0], rgb[1], rgb[2]);
					minA = Math.min(minA, lab[1]);
					maxA = Math.max(maxA, lab[1]);
					minB = Math.min(minB, lab[2]);
					maxB = Math.max(maxB, lab[2]);
				}
		assertEquals(-86.18, minA, 0.05);
		assertEquals(98.23, maxA, 0.05);
		assertEquals(-107.86, minB, 0.05);
		assertEquals(94.48, maxB, 0.05);
		for (float extreme : new float[] { minA, maxA, minB, maxB })
			assertTrue(Math.abs(Lab.normalizeAb(extreme)) < 1, "normalised " + extreme);
	}

	@Test
	void normalisationAndInverse() {
		assertEquals(-1f, Lab.normalizeL(0), 0f);
		assertEquals(0f, Lab.normalizeL(50), 0f);
		assertEquals(1f, Lab.normalizeL(100), 0f);
		assertEquals(110f, Lab.AB_SCALE, 0f);
		assertEquals(0.5f, Lab.normalizeAb(55), 1e-7);
		assertEquals(-1f, Lab.normalizeAb(-110), 1e-7);
		for (float v = -1; v <= 1; v += 0.125f) {
			assertEquals(v, Lab.normalizeL(Lab.denormalizeL(v)), 1e-6);
			assertEquals(v, Lab.normalizeAb(Lab.denormalizeAb(v)), 1e-6);
		}
	}

	@Test
	void imageNormalisationInPlace() {
		ArrayImg<FloatType, FloatArray> lab = Lab.toLab(randomRgb(5, 4, 3));
		float[] original = lab.update(null).getCurrentStorageArray().clone();
		Lab.normalizeLabInPlace(lab);
		float[] normalised = lab.update(null).getCurrentStorageArray();
		int n = 5 * 4;
		for (int i = 0; i < 3 * n; i++) {
			float expected = i < n ? Lab.normalizeL(original[i]) : Lab.normalizeAb(original[i]);
			assertEquals(expected, normalised[i], 0f, "index " + i);
			assertTrue(Math.abs(normalised[i]) <= 1);
		}
		Lab.denormalizeLabInPlace(lab);
		for (int i = 0; i < 3 * n; i++)
			assertEquals(original[i], normalised[i], 1e-4, "index " + i);
	}

	@Test
	void bulkConversionAgreesWithScalarForArrayImgAndOtherImages() {
		ArrayImg<FloatType, FloatArray> rgb = randomRgb(7, 5, 11);
		Img<FloatType> planar = PlanarImgs.floats(7, 5, 3);
		copy(rgb, planar);
		// a view with a non-zero minimum takes the cursor path too
		RandomAccessibleInterval<FloatType> shifted = Views.translate(rgb, 10, -3, 0);

		for (RandomAccessibleInterval<FloatType> input : java.util.List.of(rgb, planar, shifted)) {
			ArrayImg<FloatType, FloatArray> lab = Lab.toLab(input);
			ArrayImg<FloatType, FloatArray> lightness = Lab.lightness(input);
			assertArrayEquals(new long[] { 7, 5, 3 }, lab.dimensionsAsLongArray());
			assertArrayEquals(new long[] { 7, 5 }, lightness.dimensionsAsLongArray());
			for (int y = 0; y < 5; y++)
				for (int x = 0; x < 7; x++) {
					float[] px = lab3(rgb, x, y);
					float[] expected = Lab.rgbToLab(px[0], px[1], px[2]);
					assertArrayEquals(expected, lab3(lab, x, y), 0f);
					assertEquals(expected[0], value(lightness, x, y), 0f);
				}
			ArrayImg<FloatType, FloatArray> back = Lab.toRgb(lab);
			for (int y = 0; y < 5; y++)
				for (int x = 0; x < 7; x++)
					assertArrayEquals(lab3(rgb, x, y), lab3(back, x, y), 1e-4f);
		}
	}

	@Test
	void arrayImgInputIsNotModified() {
		ArrayImg<FloatType, FloatArray> rgb = randomRgb(4, 3, 5);
		float[] before = rgb.update(null).getCurrentStorageArray().clone();
		Lab.toLab(rgb);
		Lab.lightness(rgb);
		assertArrayEquals(before, rgb.update(null).getCurrentStorageArray());
	}

	@Test
	void grayImageLightnessMatchesRgbLightness() {
		ArrayImg<FloatType, FloatArray> gray = ArrayImgs.floats(6, 4);
		Rng rng = new Rng(3);
		for (FloatType v : gray)
			v.set((float) rng.nextDouble());
		ArrayImg<FloatType, FloatArray> rgb = ArrayImgs.floats(6, 4, 3);
		for (int c = 0; c < 3; c++)
			copy(gray, Views.hyperSlice(rgb, 2, c));
		ArrayImg<FloatType, FloatArray> fromGray = Lab.grayToLightness(gray);
		ArrayImg<FloatType, FloatArray> fromRgb = Lab.lightness(rgb);
		ArrayImg<FloatType, FloatArray> lab = Lab.toLab(rgb);
		for (int y = 0; y < 4; y++)
			for (int x = 0; x < 6; x++) {
				assertEquals(value(fromRgb, x, y), value(fromGray, x, y), 1e-4);
				float[] px = lab3(lab, x, y);
				assertEquals(0, px[1], 1e-3);
				assertEquals(0, px[2], 1e-3);
			}
	}

	@Test
	void rejectsImagesThatAreNotThreeChannel() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> Lab.toLab(ArrayImgs.floats(4, 4, 2)));
		assertTrue(e.getMessage().contains("(x, y, 3)"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Lab.toRgb(ArrayImgs.floats(4, 4)));
		assertThrows(IllegalArgumentException.class, () -> Lab.lightness(ArrayImgs.floats(4, 4, 4)));
		assertThrows(IllegalArgumentException.class, () -> Lab.grayToLightness(ArrayImgs.floats(4, 4, 1)));
	}

	// ----------------------------------------------------------------------------------------------------

	private static void assertLab(double L, double a, double b, float[] lab, double tolerance) {
		assertEquals(L, lab[0], tolerance, "L");
		assertEquals(a, lab[1], tolerance, "a");
		assertEquals(b, lab[2], tolerance, "b");
	}

	private static ArrayImg<FloatType, FloatArray> randomRgb(int w, int h, long seed) {
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(w, h, 3);
		Rng rng = new Rng(seed);
		for (FloatType v : img)
			v.set((float) rng.nextDouble());
		return img;
	}

	private static void copy(RandomAccessibleInterval<FloatType> from, RandomAccessibleInterval<FloatType> to) {
		Cursor<FloatType> src = Views.flatIterable(from).cursor();
		Cursor<FloatType> dst = Views.flatIterable(to).cursor();
		while (src.hasNext())
			dst.next().set(src.next());
	}

	private static float[] lab3(RandomAccessibleInterval<FloatType> img, int x, int y) {
		RandomAccess<FloatType> ra = img.randomAccess();
		float[] v = new float[3];
		for (int c = 0; c < 3; c++)
			v[c] = ra.setPositionAndGet(img.min(0) + x, img.min(1) + y, img.min(2) + c).get();
		return v;
	}

	@Test
	void outOfGamutColoursLoseChromaNotLightness() {
		Rng rng = new Rng(11);
		float[] lab = new float[3], rgb = new float[3], back = new float[3];
		int reduced = 0;
		for (int n = 0; n < 20000; n++) {
			lab[0] = (float) (100 * rng.nextDouble());
			lab[1] = (float) (-128 + 255 * rng.nextDouble());
			lab[2] = (float) (-128 + 255 * rng.nextDouble());
			Lab.labToRgbInGamut(lab, rgb);
			for (float v : rgb)
				assertTrue(v >= 0 && v <= 1, "in [0, 1]: " + v);
			Lab.rgbToLab(rgb, back);
			assertEquals(lab[0], back[0], 0.05, "lightness kept at " + java.util.Arrays.toString(lab));
			double chroma = Math.hypot(lab[1], lab[2]), kept = Math.hypot(back[1], back[2]);
			assertTrue(kept <= chroma + 0.05, "chroma only reduced");
			if (kept < chroma - 1) {
				reduced++;
				// the hue is kept (for colours with chroma left to have a hue)
				if (kept > 5) assertEquals(0, Math.sin(Math.atan2(back[2], back[1]) - Math.atan2(lab[2], lab[1])), 0.03);
			}
		}
		assertTrue(reduced > 5000, "most random Lab colours are outside sRGB: " + reduced);
		// a colour inside the gamut is converted as it is
		lab[0] = 50;
		lab[1] = 10;
		lab[2] = -10;
		Lab.labToRgbInGamut(lab, rgb);
		assertArrayEquals(Lab.labToRgb(50, 10, -10), rgb, 1e-6f);
	}

	private static float value(RandomAccessibleInterval<FloatType> img, int x, int y) {
		return img.randomAccess().setPositionAndGet(x, y).get();
	}
}
