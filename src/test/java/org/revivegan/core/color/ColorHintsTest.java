package org.revivegan.core.color;

import static org.junit.jupiter.api.Assertions.*;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.revivegan.core.model.Encoding;

class ColorHintsTest {

	private static float[] planes(ArrayImg<FloatType, FloatArray> img) {
		return img.update(null).getCurrentStorageArray();
	}

	private static int count(float[] p, int from, int n) {
		int c = 0;
		for (int i = from; i < from + n; i++)
			if (p[i] != 0) c++;
		return c;
	}

	@Test
	void sameSizeGridHoldsTheHintSquareWithNormalisedAb() {
		ColorHints h = ColorHints.none().withAb(5, 4, 1, 33f, -22f);
		float[] p = planes(h.rasterize(12, 10, 12, 10));
		int plane = 120;
		assertEquals(9, count(p, 2 * plane, plane), "a 3x3 square");
		for (int y = 3; y <= 5; y++)
			for (int x = 4; x <= 6; x++) {
				int i = x + 12 * y;
				assertEquals(1f, p[2 * plane + i]);
				assertEquals(33f / Lab.AB_SCALE, p[i], 1e-7);
				assertEquals(-22f / Lab.AB_SCALE, p[plane + i], 1e-7);
			}
		assertEquals(9, count(p, 0, plane));
		assertEquals(9, count(p, plane, plane));
	}

	@Test
	void coordinatesAreScaledToADownscaledGrid() {
		// a 10x10 area at (40, 20) of a 200x100 image on a 20x10 grid: cells 4 (x) and 2 (y)
		float[] p = planes(ColorHints.none().withArea(40, 20, 10, 10, 10f, 20f).rasterize(200, 100, 20, 10));
		int plane = 200;
		assertEquals(1, count(p, 2 * plane, plane));
		assertEquals(1f, p[2 * plane + 4 + 20 * 2]);
		assertEquals(10f / Lab.AB_SCALE, p[4 + 20 * 2], 1e-7);
	}

	@Test
	void onePixelHintsSurviveDownscaling() {
		// 1 px hints at full resolution, 17x smaller grid: each still sets exactly one working pixel
		ColorHints h = ColorHints.none().withAb(0, 0, 0, 5f, 5f).withAb(1699, 849, 0, -5f, 5f).withAb(851, 423, 0, 7f, -7f);
		float[] p = planes(h.rasterize(1700, 850, 100, 50));
		int plane = 5000;
		assertEquals(3, count(p, 2 * plane, plane));
		assertEquals(5f / Lab.AB_SCALE, p[0], 1e-7);
		assertEquals(-5f / Lab.AB_SCALE, p[99 + 100 * 49], 1e-7);
		assertEquals(7f / Lab.AB_SCALE, p[50 + 100 * 24], 1e-7); // 851 / 17 = 50.06, 423 / 17 = 24.9
		assertEquals(-7f / Lab.AB_SCALE, p[plane + 50 + 100 * 24], 1e-7);
	}

	@Test
	void laterHintsWinAndPartsOutsideAreClipped() {
		ColorHints h = ColorHints.none().withAb(0, 0, 2, 1f, 1f).withAb(1, 1, 0, 9f, 9f);
		float[] p = planes(h.rasterize(8, 8, 8, 8));
		assertEquals(9, count(p, 128, 64), "the 5x5 square clipped to 3x3 at the corner");
		assertEquals(9f / Lab.AB_SCALE, p[1 + 8], 1e-7);
		assertEquals(1f / Lab.AB_SCALE, p[0], 1e-7);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ColorHints.none().withAb(20, 3, 1, 0, 0).rasterize(8, 8, 8, 8));
		assertTrue(e.getMessage().contains("outside"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> ColorHints.none().withAb(1, 1, -1, 0, 0));
	}

	@Test
	void rgbHintsUseTheColoursChroma() {
		ColorHints h = ColorHints.none().withRgb(3, 3, 0, 1f, 0f, 0f);
		float[] red = Lab.rgbToLab(1, 0, 0);
		assertEquals(red[1], h.hints().get(0).a, 1e-5);
		assertEquals(red[2], h.hints().get(0).b, 1e-5);
		assertTrue(h.hints().get(0).a > 50, "red has a large positive a");
	}

	@Test
	void encodingPutsHintsInChannelsOneToThree() {
		ArrayImg<FloatType, FloatArray> l = ArrayImgs.floats(new float[] { 0, 50, 100, 25 }, 2, 2);
		float[] none = planes(Encoding.colorizeInput(l));
		assertEquals(16, none.length);
		assertArrayEquals(new float[] { -1, 0, 1, -0.5f }, java.util.Arrays.copyOf(none, 4), 1e-6f);
		for (int i = 4; i < 16; i++)
			assertEquals(0f, none[i]);
		assertArrayEquals(none, planes(Encoding.colorizeInput(l, ColorHints.none())));
		// a hint given on a 20x20 image, encoded on its 2x2 working copy
		float[] hinted = planes(Encoding.colorizeInput(l, ColorHints.none().withAb(15, 2, 0, 11f, -33f), 20, 20));
		assertEquals(0.1f, hinted[4 + 1], 1e-6);
		assertEquals(-0.3f, hinted[8 + 1], 1e-6);
		assertEquals(1f, hinted[12 + 1]);
		assertEquals(1, count(hinted, 12, 4));
	}
}
