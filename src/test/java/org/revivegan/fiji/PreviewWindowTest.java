package org.revivegan.fiji;

import static org.junit.jupiter.api.Assertions.*;

import ij.process.ColorProcessor;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;

class PreviewWindowTest {

	@Test
	void sheetsBecomeRgbPixelsChannelByChannel() {
		ArrayImg<FloatType, FloatArray> sheet = ArrayImgs.floats(3, 2, 3);
		float[] a = sheet.update(null).getCurrentStorageArray();
		a[0] = 1; // red of (0, 0)
		a[6 + 1] = 0.5f; // green of (1, 0)
		a[12 + 5] = 2; // blue of (2, 1), clamped
		a[2] = -1; // red of (2, 0), clamped
		ColorProcessor cp = PreviewWindow.toColorProcessor(sheet);
		assertEquals(3, cp.getWidth());
		assertEquals(2, cp.getHeight());
		assertEquals(0xFF0000, cp.get(0, 0));
		assertEquals(128 << 8, cp.get(1, 0));
		assertEquals(0, cp.get(2, 0));
		assertEquals(0xFF, cp.get(2, 1));
	}

	@Test
	void headlessPreviewsAreLoggedNotShown() {
		List<String> log = new ArrayList<>();
		PreviewWindow w = new PreviewWindow("my run", log::add, true);
		w.preview(500, ArrayImgs.floats(4, 4, 3));
		w.preview(1000, ArrayImgs.floats(4, 4, 3));
		assertEquals(List.of("preview at step 500", "preview at step 1000"), log);
		assertEquals("my run preview", w.title());
	}
}
