package org.revivegan.mask;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.junit.jupiter.api.Test;

class DamageMaskTest {

	private static byte[] snapshot(DamageMask m) {
		byte[] s = new byte[m.width() * m.height()];
		for (int y = 0; y < m.height(); y++)
			for (int x = 0; x < m.width(); x++)
				s[x + m.width() * y] = (byte) (m.isSet(x, y) ? 1 : 0);
		return s;
	}

	private static void setAll(DamageMask m, Rect r) {
		DamageMask.Edit e = m.beginEdit();
		for (int y = r.y(); y < r.endY(); y++)
			for (int x = r.x(); x < r.endX(); x++)
				e.set(x, y, true);
		e.end();
	}

	@Test
	void newMaskIsEmptyAndCountsWhatIsSet() {
		DamageMask m = new DamageMask(30, 20);
		assertTrue(m.isEmpty());
		assertEquals(0, m.count());
		setAll(m, Rect.of(5, 6, 4, 3));
		assertEquals(12, m.count());
		assertFalse(m.isEmpty());
		assertTrue(m.isSet(5, 6));
		assertTrue(m.isSet(8, 8));
		assertFalse(m.isSet(9, 8));
		assertFalse(m.isSet(-1, 0), "outside is not damaged");
		assertFalse(m.isSet(30, 0));
		assertEquals(Rect.of(5, 6, 4, 3), m.damagedBounds());
	}

	@Test
	void asImgSharesMemoryBothWays() {
		DamageMask m = new DamageMask(7, 5);
		Img<UnsignedByteType> img = m.asImg();
		assertSame(img, m.asImg());
		assertArrayEquals(new long[] { 7, 5 }, img.dimensionsAsLongArray());
		setAll(m, Rect.of(3, 2, 1, 1));
		RandomAccess<UnsignedByteType> ra = img.randomAccess();
		assertEquals(1, ra.setPositionAndGet(3, 2).get(), "an edit shows in the image without a copy");
		assertEquals(0, ra.setPositionAndGet(2, 2).get());
		ra.setPositionAndGet(6, 4).set(1);
		assertTrue(m.isSet(6, 4), "the image is the mask's memory");
		assertEquals(2, m.count());
	}

	@Test
	void copyIsIndependent() {
		DamageMask m = new DamageMask(10, 10);
		setAll(m, Rect.of(1, 1, 2, 2));
		DamageMask c = m.copy();
		assertArrayEquals(snapshot(m), snapshot(c));
		assertFalse(c.canUndo(), "a copy has no history");
		c.clear();
		assertEquals(4, m.count());
		assertEquals(0, c.count());
		assertNotSame(m.asImg().update(null), c.asImg().update(null));
	}

	@Test
	void ofCopiesNonZeroAsDamaged() {
		Img<UnsignedByteType> src = ArrayImgs.unsignedBytes(new byte[] { 0, 3, 0, (byte) 255, 1, 0 }, 3, 2);
		DamageMask m = DamageMask.of(src);
		assertEquals(3, m.width());
		assertEquals(2, m.height());
		assertArrayEquals(new byte[] { 0, 1, 0, 1, 1, 0 }, snapshot(m));
	}

	@Test
	void clearIsUndoableAndReportsTheDamagedBox() {
		DamageMask m = new DamageMask(40, 30);
		setAll(m, Rect.of(2, 3, 5, 1));
		setAll(m, Rect.of(20, 25, 1, 4));
		byte[] before = snapshot(m);
		List<Rect> events = new ArrayList<>();
		m.addListener(events::add);
		Rect cleared = m.clear();
		assertEquals(Rect.spanning(2, 3, 20, 28), cleared);
		assertEquals(List.of(cleared), events);
		assertTrue(m.isEmpty());
		assertEquals(cleared, m.undo());
		assertArrayEquals(before, snapshot(m), "undo of clear restores the exact mask");
		m.redo();
		assertTrue(m.isEmpty());
		assertEquals(3, events.size());
	}

	@Test
	void clearOfAnEmptyMaskIsNoStepAndNoEvent() {
		DamageMask m = new DamageMask(5, 5);
		List<Rect> events = new ArrayList<>();
		m.addListener(events::add);
		assertEquals(Rect.EMPTY, m.clear());
		assertFalse(m.canUndo());
		assertTrue(events.isEmpty());
	}

	@Test
	void editSavesOnlyItsChangedRectangle() {
		DamageMask m = new DamageMask(300, 200);
		DamageMask.Edit e = m.beginEdit();
		assertTrue(e.set(100, 100, true));
		assertFalse(e.set(100, 100, true), "setting the same value is no change");
		e.set(130, 70, true); // crosses a tile boundary
		assertEquals(Rect.spanning(100, 70, 130, 100), e.end());
		assertEquals(31 * 31, m.historyBytes(), "one byte per pixel of the changed rectangle, not the whole mask");
	}

	@Test
	void editThatChangesNothingIsNoStep() {
		DamageMask m = new DamageMask(5, 5);
		DamageMask.Edit e = m.beginEdit();
		e.set(1, 1, false);
		assertEquals(Rect.EMPTY, e.end());
		assertFalse(m.canUndo());
	}

	@Test
	void setAndUnsetInOneEditUndoesToTheStateBefore() {
		DamageMask m = new DamageMask(100, 100);
		setAll(m, Rect.of(60, 60, 10, 10));
		byte[] before = snapshot(m);
		DamageMask.Edit e = m.beginEdit();
		e.set(62, 62, false);
		e.set(10, 10, true);
		e.set(62, 62, true); // back to what it was
		e.set(99, 99, true);
		e.set(99, 99, false);
		e.end();
		m.undo();
		assertArrayEquals(before, snapshot(m));
	}

	@Test
	void newEditForgetsRedo() {
		DamageMask m = new DamageMask(10, 10);
		setAll(m, Rect.of(0, 0, 1, 1));
		setAll(m, Rect.of(1, 1, 1, 1));
		m.undo();
		assertTrue(m.canRedo());
		setAll(m, Rect.of(2, 2, 1, 1));
		assertFalse(m.canRedo());
		assertEquals(Rect.EMPTY, m.redo());
		assertEquals(2, m.undoDepth());
	}

	@Test
	void historyKeepsAtMostMaxEditsDroppingTheOldest() {
		DamageMask m = new DamageMask(60, 1);
		m.setHistoryLimits(5, Long.MAX_VALUE);
		for (int i = 0; i < 12; i++)
			setAll(m, Rect.of(i, 0, 1, 1));
		assertEquals(5, m.undoDepth());
		assertEquals(5, m.historyBytes());
		while (m.canUndo())
			m.undo();
		// the five newest strokes (7..11) were undone; the older seven stay
		for (int i = 0; i < 12; i++)
			assertEquals(i < 7, m.isSet(i, 0), "pixel " + i);
	}

	@Test
	void historyKeepsWithinTheByteCapButAlwaysTheNewestStep() {
		DamageMask m = new DamageMask(100, 100);
		m.setHistoryLimits(50, 250);
		setAll(m, Rect.of(0, 0, 10, 10)); // 100 bytes
		setAll(m, Rect.of(20, 0, 10, 10)); // 200
		setAll(m, Rect.of(40, 0, 10, 10)); // 300 > 250: the first goes
		assertEquals(2, m.undoDepth());
		assertEquals(200, m.historyBytes());
		setAll(m, Rect.of(0, 50, 50, 10)); // 500 bytes on its own
		assertEquals(1, m.undoDepth(), "the newest step stays even over the cap");
		assertEquals(500, m.historyBytes());
		m.undo();
		assertEquals(0, m.count(Rect.of(0, 50, 50, 10)));
	}

	@Test
	void undoRedoAndClearWaitForTheOpenEdit() {
		DamageMask m = new DamageMask(5, 5);
		DamageMask.Edit e = m.beginEdit();
		assertThrows(IllegalStateException.class, m::undo);
		assertThrows(IllegalStateException.class, m::clear);
		assertThrows(IllegalStateException.class, m::beginEdit);
		assertThrows(IndexOutOfBoundsException.class, () -> e.set(5, 0, true));
		e.end();
		assertThrows(IllegalStateException.class, () -> e.set(0, 0, true));
		m.beginEdit().end();
	}

	@Test
	void rejectsImpossibleSizes() {
		assertThrows(IllegalArgumentException.class, () -> new DamageMask(0, 5));
		assertThrows(IllegalArgumentException.class, () -> new DamageMask(100000, 100000));
	}
}
