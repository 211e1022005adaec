package org.revivegan.mask;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class RectTest {

	@Test
	void unionCoversBothAndIgnoresEmpty() {
		Rect a = Rect.of(2, 3, 4, 5), b = Rect.of(10, 1, 2, 2);
		assertEquals(Rect.of(2, 1, 10, 7), a.union(b));
		assertEquals(a, a.union(Rect.EMPTY));
		assertEquals(a, Rect.EMPTY.union(a));
	}

	@Test
	void intersectionIsTheOverlapOrEmpty() {
		Rect a = Rect.of(0, 0, 10, 10);
		assertEquals(Rect.of(5, 6, 5, 4), a.intersection(Rect.of(5, 6, 20, 20)));
		assertTrue(a.intersection(Rect.of(10, 0, 5, 5)).isEmpty(), "touching edges do not overlap");
		assertSame(Rect.EMPTY, a.intersection(Rect.of(-5, -5, 5, 100)));
	}

	@Test
	void spanningIncludesBothCornersAndEmptyRectsAreEqual() {
		Rect r = Rect.spanning(3, 4, 3, 6);
		assertEquals(1, r.width());
		assertEquals(3, r.height());
		assertEquals(3, r.area());
		assertTrue(r.contains(3, 6));
		assertFalse(r.contains(3, 7));
		assertEquals(4, r.endX());
		assertEquals(Rect.EMPTY, Rect.of(5, 5, 0, 3));
		assertEquals(Rect.EMPTY, Rect.spanning(5, 5, 4, 9));
	}
}
