package org.revivegan.core.color;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class HintPropagationTest {

	private static final int W = 80, H = 40, PLANE = W * H;

	/** Lightness 30 left of x = 40, 80 from there on: two regions and one sharp edge. */
	private static float[] twoRegions() {
		float[] l = new float[PLANE];
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++)
				l[x + W * y] = x < 40 ? 30 : 80;
		return l;
	}

	/** Hint planes (a, b, mask) at offset 0 with one hint of normalised chroma (a, b) on the square at (x, y). */
	private static float[] hintPlanes(float[] planes, int x, int y, int side, float a, float b) {
		for (int dy = 0; dy < side; dy++)
			for (int dx = 0; dx < side; dx++) {
				int i = x + dx + W * (y + dy);
				planes[i] = a;
				planes[PLANE + i] = b;
				planes[2 * PLANE + i] = 1;
			}
		return planes;
	}

	@Test
	void withoutHintsNothingChanges() {
		float[] ab = new float[2 * PLANE];
		Arrays.fill(ab, 0.1f);
		float[] before = ab.clone();
		assertEquals(0, HintPropagation.DEFAULT.apply(twoRegions(), W, H, new float[3 * PLANE], 0, ab));
		assertArrayEquals(before, ab);
	}

	@Test
	void aHintRecoloursItsRegion() {
		float[] ab = new float[2 * PLANE]; // the network predicted gray everywhere
		float[] hints = hintPlanes(new float[3 * PLANE], 10, 18, 3, 0.5f, -0.3f);
		assertEquals(1, HintPropagation.DEFAULT.apply(twoRegions(), W, H, hints, 0, ab));

		int atHint = 11 + W * 19;
		assertEquals(0.5f, ab[atHint], 1e-6f, "the hinted pixel gets the hinted chroma");
		assertEquals(-0.3f, ab[PLANE + atHint], 1e-6f);
		float sameRegion = ab[38 + W * 19]; // 26 px away
		assertTrue(sameRegion > 0.4f, "the hint spreads over its region: " + sameRegion);
		assertEquals(-0.3f / 0.5f * sameRegion, ab[PLANE + 38 + W * 19], 1e-4f, "with the hint's hue");
	}

	@Test
	void nearAnEdgeTheHintOnTheSameSideWins() {
		// a pixel just right of the edge: the left hint is nearer (15 px) but across the edge; the right one is 30 px
		float[] l = twoRegions();
		for (int i = 0; i < PLANE; i++)
			l[i] = l[i] < 50 ? 10 : 90;
		float[] hints = hintPlanes(new float[3 * PLANE], 30, 19, 1, -0.6f, 0);
		hintPlanes(hints, 75, 19, 1, 0.6f, 0);
		int pixel = 45 + W * 19;
		float[] ab = new float[2 * PLANE];
		HintPropagation.DEFAULT.apply(l, W, H, hints, 0, ab);
		assertTrue(ab[pixel] > 0.1f, "the right region's hint wins: " + ab[pixel]);
		float[] plain = new float[2 * PLANE];
		new HintPropagation(0, HintPropagation.DEFAULT_REACH, HintPropagation.DEFAULT_SPACING_REACH,
			HintPropagation.DEFAULT_FADE).apply(l, W, H, hints, 0, plain);
		assertTrue(plain[pixel] < -0.1f, "without edges the nearer one would: " + plain[pixel]);
	}

	@Test
	void whereTheNetworkAgreesWithTheHintItsChromaStays() {
		float[] ab = new float[2 * PLANE];
		Arrays.fill(ab, 0, PLANE, 0.2f); // the network predicted a = 0.2, b = 0 everywhere
		float[] hints = hintPlanes(new float[3 * PLANE], 10, 18, 1, 0.2f, 0.4f); // it was right about a
		HintPropagation.DEFAULT.apply(twoRegions(), W, H, hints, 0, ab);
		for (int i = 0; i < PLANE; i++)
			assertEquals(0.2f, ab[i], 1e-6f, "a stays where the network was right");
		assertTrue(ab[PLANE + 20 + W * 18] > 0.2f, "b moves towards the hint");
	}

	@Test
	void twoHintsEachColourTheirOwnRegion() {
		float[] ab = new float[2 * PLANE];
		float[] hints = hintPlanes(new float[3 * PLANE], 10, 18, 3, 0.6f, 0);
		hintPlanes(hints, 65, 18, 3, -0.6f, 0);
		assertEquals(2, HintPropagation.DEFAULT.apply(twoRegions(), W, H, hints, 0, ab));
		assertTrue(ab[30 + W * 5] > 0.3f, "left region: " + ab[30 + W * 5]);
		assertTrue(ab[50 + W * 5] < -0.3f, "right region: " + ab[50 + W * 5]);
	}

	@Test
	void adjacentHintsOfDifferentColoursStaySeparateSources() {
		float[] ab = new float[2 * PLANE];
		float[] hints = hintPlanes(new float[3 * PLANE], 10, 10, 2, 0.6f, 0);
		hintPlanes(hints, 12, 10, 2, -0.6f, 0);
		assertEquals(2, HintPropagation.DEFAULT.apply(twoRegions(), W, H, hints, 0, ab));
		assertEquals(0.6f, ab[11 + W * 10], 1e-6f);
		assertEquals(-0.6f, ab[12 + W * 10], 1e-6f);
	}

	@Test
	void chromaStaysInRange() {
		float[] ab = new float[2 * PLANE];
		Arrays.fill(ab, 0.9f);
		float[] hints = hintPlanes(new float[3 * PLANE], 10, 18, 3, 1f, 1f);
		hintPlanes(hints, 20, 18, 3, 1f, 0.95f);
		HintPropagation.DEFAULT.apply(twoRegions(), W, H, hints, 0, ab);
		for (float v : ab)
			assertTrue(v >= -1 && v <= 1, "chroma " + v);
	}

	@Test
	void farFromEveryHintTheNetworksColourStays() {
		int w = 400, h = 20;
		float[] l = new float[w * h], ab = new float[2 * w * h], hints = new float[3 * w * h];
		hints[0] = 0.5f;
		hints[2 * w * h] = 1;
		// reach 0.02 x 400 = 8 px: nothing beyond 3 reaches (24 px)
		new HintPropagation(1, 0.02, 1, 0.05).apply(l, w, h, hints, 0, ab);
		assertTrue(ab[0] > 0.4f);
		assertTrue(ab[10] > 0);
		for (int x = 25; x < w; x++)
			assertEquals(0f, ab[x], "x " + x);
	}

	@Test
	void badParametersAreRefused() {
		assertThrows(IllegalArgumentException.class, () -> new HintPropagation(-1, 0.1, 1, 0.05));
		assertThrows(IllegalArgumentException.class, () -> new HintPropagation(1, 0, 1, 0.05));
		assertThrows(IllegalArgumentException.class, () -> new HintPropagation(1, 0.1, 1, 0));
		assertThrows(IllegalArgumentException.class, () -> new HintPropagation(Double.NaN, 0.1, 1, 0.05));
	}
}
