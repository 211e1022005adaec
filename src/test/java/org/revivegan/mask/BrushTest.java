package org.revivegan.mask;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class BrushTest {

	private static byte[] snapshot(DamageMask m) {
		byte[] s = new byte[m.width() * m.height()];
		for (int y = 0; y < m.height(); y++)
			for (int x = 0; x < m.width(); x++)
				s[x + m.width() * y] = (byte) (m.isSet(x, y) ? 1 : 0);
		return s;
	}

	/** Bounding box of the pixels that differ between two snapshots. */
	private static Rect diffBounds(byte[] a, byte[] b, int w) {
		int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
		for (int i = 0; i < a.length; i++)
			if (a[i] != b[i]) {
				int x = i % w, y = i / w;
				minX = Math.min(minX, x);
				maxX = Math.max(maxX, x);
				minY = Math.min(minY, y);
				maxY = Math.max(maxY, y);
			}
		return Rect.spanning(minX, minY, maxX, maxY);
	}

	/** Pixels whose centre (i + 0.5, j + 0.5) lies within d / 2 of (cx, cy): the disc by its definition. */
	private static int discCount(double cx, double cy, int d) {
		double r = d / 2.0;
		int n = 0;
		for (int j = -600; j < 600; j++)
			for (int i = -600; i < 600; i++) {
				double dx = i + 0.5 - cx, dy = j + 0.5 - cy;
				if (dx * dx + dy * dy <= r * r) n++;
			}
		return n;
	}

	@Test
	void dabAtAPixelCentreSetsExactlyTheDisc() {
		// the Gauss circle counts for radius d/2 around a pixel centre
		int[][] expected = { { 1, 1 }, { 2, 5 }, { 3, 9 }, { 4, 13 }, { 5, 21 }, { 6, 29 }, { 7, 37 }, { 10, 81 } };
		for (int[] e : expected) {
			DamageMask m = new DamageMask(41, 41);
			Brush b = new Brush(m);
			b.setSize(e[0]);
			b.dab(20.5, 20.5);
			assertEquals(e[1], m.count(), "diameter " + e[0]);
			assertEquals(discCount(20.5, 20.5, e[0]), m.count(), "diameter " + e[0] + " against the direct formula");
		}
	}

	@Test
	void dabAtSubpixelPositionsMatchesTheDirectDiscFormula() {
		double[][] positions = { { 20.0, 20.0 }, { 20.25, 19.8 }, { 20.5, 20.0 }, { 21.9, 20.1 } };
		for (int d = 2; d <= 12; d++)
			for (double[] p : positions) {
				DamageMask m = new DamageMask(50, 50);
				Brush b = new Brush(m);
				b.setSize(d);
				b.dab(p[0], p[1]);
				assertEquals(discCount(p[0], p[1], d), m.count(), "diameter " + d + " at " + p[0] + ", " + p[1]);
				assertTrue(m.isSet((int) p[0], (int) p[1]), "pixel under the pointer");
			}
	}

	@Test
	void sizeOneAlwaysPaintsThePixelUnderThePointer() {
		DamageMask m = new DamageMask(10, 10);
		Brush b = new Brush(m);
		b.setSize(1);
		b.dab(3.0, 4.0); // a pixel corner: no centre within 0.5
		assertEquals(1, m.count());
		assertTrue(m.isSet(3, 4));
	}

	@Test
	void largeDabIsAboutPiDSquaredOverFour() {
		for (int d : new int[] { 15, 51, 200, 500 }) {
			DamageMask m = new DamageMask(600, 600);
			Brush b = new Brush(m);
			b.setSize(d);
			b.dab(300, 300);
			double area = Math.PI * d * d / 4;
			assertEquals(area, m.count(), 0.02 * area + 4, "diameter " + d);
			assertEquals(discCount(300, 300, d), m.count(), "diameter " + d + " against the direct formula");
		}
	}

	@Test
	void fastStrokeBetweenDistantPointsLeavesNoGap() {
		DamageMask m = new DamageMask(200, 150);
		Brush b = new Brush(m);
		b.setSize(3);
		double ax = 5.3, ay = 7.9, bx = 190.2, by = 141.4;
		b.strokeBegin(ax, ay);
		b.strokeTo(bx, by); // one mouse event, 260 pixels apart
		b.strokeEnd();
		for (double t = 0; t <= 1; t += 1e-4) {
			int x = (int) Math.floor(ax + t * (bx - ax)), y = (int) Math.floor(ay + t * (by - ay));
			assertTrue(m.isSet(x, y), "pixel " + x + ", " + y + " on the segment");
		}
		// and no fatter than the brush: every set pixel centre is within 1.5 of the segment
		double dx = bx - ax, dy = by - ay, len = Math.hypot(dx, dy);
		for (int y = 0; y < 150; y++)
			for (int x = 0; x < 200; x++)
				if (m.isSet(x, y)) {
					double px = x + 0.5 - ax, py = y + 0.5 - ay;
					double t = Math.max(0, Math.min(1, (px * dx + py * dy) / (len * len)));
					assertTrue(Math.hypot(px - t * dx, py - t * dy) <= 1.5 + 1e-9, "pixel " + x + ", " + y);
				}
	}

	@Test
	void thinFastStrokeIsEightConnected() {
		DamageMask m = new DamageMask(100, 100);
		Brush b = new Brush(m);
		b.setSize(1);
		b.strokeBegin(2.2, 3.7);
		b.strokeTo(97.6, 41.3);
		b.strokeEnd();
		// slope < 1: at least one pixel per column, and consecutive columns' pixels touch
		int previous = -1;
		for (int x = 2; x <= 97; x++) {
			int y0 = -1;
			for (int y = 0; y < 100; y++)
				if (m.isSet(x, y)) {
					y0 = y;
					break;
				}
			assertTrue(y0 >= 0, "column " + x + " painted");
			if (previous >= 0) assertTrue(Math.abs(y0 - previous) <= 1, "column " + x + " touches the previous");
			previous = y0;
		}
	}

	@Test
	void eraseRemovesWhatPaintSet() {
		DamageMask m = new DamageMask(80, 80);
		Brush b = new Brush(m);
		b.setSize(20);
		b.dab(40, 40);
		long painted = m.count();
		b.setMode(Brush.Mode.ERASE);
		b.setSize(6);
		b.dab(40, 40);
		assertEquals(painted - discCount(40, 40, 6), m.count());
		assertFalse(m.isSet(40, 40));
		assertTrue(m.isSet(40, 33));
		b.setSize(30);
		b.dab(40, 40);
		assertTrue(m.isEmpty());
	}

	@Test
	void discsAreClippedAtTheBorders() {
		DamageMask m = new DamageMask(30, 20);
		Brush b = new Brush(m);
		b.setSize(20);
		Rect r = b.dab(-5, -5);
		// pixels of the disc of radius 10 around (-5, -5) that fall inside the image
		int n = 0, maxX = -1, maxY = -1;
		for (int y = 0; y < 20; y++)
			for (int x = 0; x < 30; x++) {
				double dx = x + 0.5 + 5, dy = y + 0.5 + 5;
				if (dx * dx + dy * dy <= 10 * 10) {
					n++;
					maxX = Math.max(maxX, x);
					maxY = Math.max(maxY, y);
				}
			}
		assertEquals(8, n); // 3 + 3 + 2 pixels in columns 0, 1, 2
		assertEquals(n, m.count());
		assertEquals(Rect.spanning(0, 0, maxX, maxY), r);

		// a stroke that runs off the image to a far point: painted up to the border, reported clipped
		m.clear();
		b.setSize(15);
		b.strokeBegin(25, 18);
		Rect segment = b.strokeTo(1e6, 1e6);
		Rect whole = b.strokeEnd();
		assertEquals(segment.union(Rect.spanning(18, 11, 29, 19)), whole);
		assertTrue(m.bounds().intersection(whole).equals(whole), "inside the image");
		assertEquals(29, whole.endX() - 1);
		assertEquals(19, whole.endY() - 1);
		assertTrue(m.isSet(29, 19));
		assertEquals(Rect.EMPTY, b.dab(-100, -100), "wholly outside: nothing changes");
	}

	@Test
	void reportedRectanglesAreExactlyTheChangedPixelsBoundingBox() {
		DamageMask m = new DamageMask(120, 90);
		Brush b = new Brush(m);
		b.setSize(9);
		List<Rect> events = new ArrayList<>();
		m.addListener(events::add);
		double[][] path = { { 10.3, 12.1 }, { 14.0, 13.5 }, { 60.7, 40.2 }, { 58.1, 44.9 }, { 118.0, 89.5 } };
		byte[] strokeStart = snapshot(m), before = strokeStart;
		for (int i = 0; i < path.length; i++) {
			Rect r = i == 0 ? b.strokeBegin(path[i][0], path[i][1]) : b.strokeTo(path[i][0], path[i][1]);
			byte[] after = snapshot(m);
			assertEquals(diffBounds(before, after, 120), r, "segment " + i);
			assertEquals(r, events.get(events.size() - 1), "listener told the same rectangle");
			before = after;
		}
		assertEquals(path.length, events.size(), "one event per segment");
		assertEquals(diffBounds(strokeStart, snapshot(m), 120), b.strokeEnd(), "whole stroke");
		assertEquals(path.length, events.size(), "ending the stroke changes nothing more");

		// repainting what is already painted changes nothing and tells nobody
		b.strokeBegin(60.7, 40.2);
		assertEquals(Rect.EMPTY, b.strokeTo(58.1, 44.9));
		assertEquals(Rect.EMPTY, b.strokeEnd());
		assertEquals(path.length, events.size());
		assertEquals(1, m.undoDepth(), "a stroke that changed nothing is no undo step");

		// erasing part of it reports the erased part only
		b.setMode(Brush.Mode.ERASE);
		b.setSize(4);
		byte[] beforeErase = snapshot(m);
		Rect erased = b.dab(60, 41);
		assertEquals(diffBounds(beforeErase, snapshot(m), 120), erased);
		assertEquals(erased, events.get(events.size() - 1));
	}

	@Test
	void strokeIsOneUndoStepRestoringTheExactStateAfterPaintAndErase() {
		DamageMask m = new DamageMask(150, 100);
		Brush b = new Brush(m);
		b.setSize(12);
		b.strokeBegin(10, 10);
		b.strokeTo(70, 20);
		b.strokeTo(75, 80);
		b.strokeEnd();
		byte[] afterPaint = snapshot(m);
		b.setSize(25);
		b.dab(140, 95); // clipped at a corner
		byte[] afterSecond = snapshot(m);
		b.setMode(Brush.Mode.ERASE);
		b.setSize(7);
		b.strokeBegin(0, 15);
		b.strokeTo(149, 15);
		b.strokeEnd();
		byte[] afterErase = snapshot(m);
		assertEquals(3, m.undoDepth());

		List<Rect> events = new ArrayList<>();
		m.addListener(events::add);
		Rect undone = m.undo();
		assertArrayEquals(afterSecond, snapshot(m), "undo of erase");
		assertEquals(diffBounds(afterErase, afterSecond, 150), undone);
		m.undo();
		assertArrayEquals(afterPaint, snapshot(m), "undo of a clipped dab");
		m.undo();
		assertTrue(m.isEmpty(), "undo of a three-segment stroke in one step");
		assertFalse(m.canUndo());
		m.redo();
		assertArrayEquals(afterPaint, snapshot(m));
		m.redo();
		m.redo();
		assertArrayEquals(afterErase, snapshot(m), "redo re-applies");
		assertFalse(m.canRedo());
		assertEquals(6, events.size(), "one event per undo and redo");
	}

	@Test
	void undoWaitsForTheStrokeAndALostReleaseEndsIt() {
		DamageMask m = new DamageMask(40, 40);
		Brush b = new Brush(m);
		b.strokeBegin(10, 10);
		assertThrows(IllegalStateException.class, m::undo);
		b.strokeBegin(30, 30); // the release of the first stroke never came
		b.strokeEnd();
		assertEquals(2, m.undoDepth());
		assertFalse(b.isStroking());
	}

	@Test
	void rejectsBadSettings() {
		Brush b = new Brush(new DamageMask(5, 5));
		assertEquals(15, b.getSize());
		assertEquals(Brush.Mode.PAINT, b.getMode());
		assertThrows(IllegalArgumentException.class, () -> b.setSize(0));
		assertThrows(IllegalArgumentException.class, () -> b.setSize(501));
		b.setSize(500);
		assertThrows(IllegalArgumentException.class, () -> b.strokeBegin(Double.NaN, 1));
	}
}
