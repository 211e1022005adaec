package org.revivegan.core.color;

import static org.junit.jupiter.api.Assertions.*;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;

/** The hints CSV of {@code revive colorize --hints}, and the per-pixel (masked) hints of oval or freehand ROIs. */
class ColorHintsCsvTest {

	@Test
	void readsBothFormatsWithAHeaderAndComments() {
		ColorHints h = ColorHintsCsv.parse("x,y,radius,r,g,b\n// sky\n10, 5, 2, 255, 0, 0\n\n3,4,0,#0000ff\r\n7,8,1,00ff00\n",
			"h.csv");
		assertEquals(3, h.size());
		ColorHints.Hint red = h.hints().get(0);
		assertEquals(8, red.x);
		assertEquals(3, red.y);
		assertEquals(5, red.width);
		float[] lab = Lab.rgbToLab(1, 0, 0);
		assertEquals(lab[1], red.a, 1e-4);
		assertEquals(lab[2], red.b, 1e-4);
		ColorHints.Hint blue = h.hints().get(1);
		assertEquals(1, blue.width);
		assertTrue(blue.b < -50, "blue has a strongly negative b: " + blue.b);
		assertTrue(h.hints().get(2).a < -50, "green has a strongly negative a");
	}

	@Test
	void badLinesNameTheirLineNumberAndWhatIsWrong() {
		assertMessage("x,y,radius,hex\n1,2,3,#ff0000\n4,5,1,#ff00", "h.csv line 3", "#ff00");
		assertMessage("1,2,3,300,0,0", "h.csv line 1", "r must be between 0 and 255, not 300");
		assertMessage("1,2,3,4,5", "h.csv line 1", "expected 4 fields");
		assertMessage("1,two,3,#ffffff", "h.csv line 1", "y must be a whole number, not 'two'");
		assertMessage("\n\n1,2,-1,#ffffff", "h.csv line 3", "radius cannot be negative");
		assertMessage("-1,2,1,#ffffff", "h.csv line 1", "cannot be negative");
		assertMessage("1,2,1,red", "h.csv line 1", "'red' is not a colour");
		// a header is only the first line: a letter later is an error
		assertMessage("1,2,1,#ffffff\nx,y,radius,hex", "h.csv line 2", "x must be a whole number");
	}

	private static void assertMessage(String csv, String where, String what) {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ColorHintsCsv.parse(csv,
			"h.csv"));
		assertTrue(e.getMessage().startsWith(where + ": "), e.getMessage());
		assertTrue(e.getMessage().contains(what), e.getMessage());
		assertTrue(e.getMessage().contains("x,y,radius,r,g,b"), "says the format: " + e.getMessage());
	}

	@Test
	void maskedHintSetsOnlyItsPixels() {
		// an L-shape of 3 pixels in a 2x2 box at (4, 2)
		boolean[] mask = { true, false, true, true };
		ColorHints h = ColorHints.none().withMask(4, 2, 2, 2, mask, 20f, -10f);
		assertEquals(3, h.hints().get(0).pixelCount());
		assertTrue(h.hints().get(0).covers(4, 2));
		assertFalse(h.hints().get(0).covers(5, 2));
		assertFalse(h.hints().get(0).isRectangle());
		float[] p = planes(h.rasterize(10, 8, 10, 8));
		int plane = 80;
		assertEquals(1f, p[2 * plane + 4 + 10 * 2]);
		assertEquals(0f, p[2 * plane + 5 + 10 * 2], "the masked-out corner is not hinted");
		assertEquals(1f, p[2 * plane + 4 + 10 * 3]);
		assertEquals(1f, p[2 * plane + 5 + 10 * 3]);
		assertEquals(3, count(p, 2 * plane, plane));
		assertEquals(20f / Lab.AB_SCALE, p[4 + 10 * 2], 1e-7);
		assertEquals(-10f / Lab.AB_SCALE, p[plane + 4 + 10 * 2], 1e-7);
		// mask is copied: changing the caller's array changes nothing
		mask[1] = true;
		assertFalse(h.hints().get(0).covers(5, 2));
	}

	@Test
	void maskedHintOnASmallerGridNeverVanishesAndOnALargerOneCoversItsCells() {
		boolean[] one = { true };
		float[] small = planes(ColorHints.none().withMask(7, 7, 1, 1, one, 5f, 5f).rasterize(40, 40, 10, 10));
		assertEquals(1, count(small, 200, 100));
		assertEquals(1f, small[200 + 1 + 10 * 1], "pixel (7, 7) of 40 falls in cell (1, 1) of 10");
		float[] large = planes(ColorHints.none().withMask(1, 0, 2, 1, new boolean[] { false, true }, 5f, 5f)
			.rasterize(4, 4, 8, 8));
		assertEquals(4, count(large, 128, 64), "one image pixel is 2x2 grid cells");
		assertEquals(1f, large[128 + 4 + 8 * 0]);
		assertEquals(0f, large[128 + 2 + 8 * 0], "the masked-out pixel's cells stay empty");
	}

	@Test
	void maskedHintErrors() {
		assertThrows(IllegalArgumentException.class, () -> ColorHints.none().withMask(0, 0, 2, 2, new boolean[3], 0, 0));
		assertThrows(IllegalArgumentException.class, () -> ColorHints.none().withMask(0, 0, 2, 2, new boolean[4], 0, 0),
			"an empty mask");
		ColorHints outside = ColorHints.none().withMask(20, 0, 1, 1, new boolean[] { true }, 0, 0);
		assertThrows(IllegalArgumentException.class, () -> outside.rasterize(10, 10, 10, 10));
	}

	private static float[] planes(ArrayImg<FloatType, FloatArray> img) {
		return img.update(null).getCurrentStorageArray();
	}

	private static int count(float[] p, int from, int n) {
		int c = 0;
		for (int i = from; i < from + n; i++)
			if (p[i] != 0) c++;
		return c;
	}
}
