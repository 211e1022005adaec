package org.revivegan.core.infer;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;

import org.junit.jupiter.api.Test;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.tiling.TileFunction;
import org.revivegan.testing.TinyModels;

/** Thin damage (scratches, dust) is filled by Telea's method, holes by the network. */
class ThinDamageTest {

	@Test
	void theThinPartIsWhatASquareOpeningRemoves() {
		int w = 40, h = 30;
		byte[] m = new byte[w * h];
		for (int x = 2; x < 38; x++) // a 2-px line
			for (int y = 5; y < 7; y++)
				m[x + w * y] = 1;
		for (int x = 10; x < 22; x++) // a 12x10 hole
			for (int y = 15; y < 25; y++)
				m[x + w * y] = 1;
		byte[] thin = Inpainter.Window.thinPart(m, w, h, Inpainter.THIN_WIDTH / 2);
		for (int x = 2; x < 38; x++)
			assertEquals(1, thin[x + w * 5], "the line is thin at x=" + x);
		for (int x = 10; x < 22; x++)
			for (int y = 15; y < 25; y++)
				assertEquals(0, thin[x + w * y], "the hole is not thin at " + x + "," + y);
		for (int i = 0; i < m.length; i++)
			if (m[i] == 0) assertEquals(0, thin[i], "intact pixels are never thin");
	}

	@Test
	void scratchesGetTeleaAndHolesTheNetwork() {
		int w = 96, h = 80;
		Img<FloatType> img = ArrayImgs.floats(w, h, 3);
		// a smooth gradient: Telea restores a 1-px scratch across it almost exactly
		RandomAccess<FloatType> ra = img.randomAccess();
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				for (int c = 0; c < 3; c++) {
					ra.setPosition(new int[] { x, y, c });
					ra.get().set(0.2f + 0.5f * x / w + 0.1f * c);
				}
		Img<UnsignedByteType> mask = ArrayImgs.unsignedBytes(w, h);
		RandomAccess<UnsignedByteType> m = mask.randomAccess();
		for (int y = 10; y < 70; y++) { // a vertical 1-px scratch
			m.setPosition(new int[] { 20, y });
			m.get().set(255);
		}
		for (int y = 40; y < 60; y++) // a 20x20 hole
			for (int x = 50; x < 70; x++) {
				m.setPosition(new int[] { x, y });
				m.get().set(255);
			}
		TileFunction white = tiles -> { // a "network" that paints everything white
			List<RandomAccessibleInterval<FloatType>> out = new ArrayList<>();
			for (RandomAccessibleInterval<FloatType> t : tiles) {
				Img<FloatType> o = ArrayImgs.floats(t.dimension(0), t.dimension(1), 3);
				o.forEach(v -> v.set(1));
				out.add(o);
			}
			return out;
		};
		Inpainter hybrid = new Inpainter(TinyModels.model(Task.INPAINT)).withTileFunction(white);
		assertTrue(hybrid.classicalThinDamage());
		Img<FloatType> out = hybrid.inpaint(img, mask, Progress.NONE);
		RandomAccess<FloatType> o = out.randomAccess(), in = img.randomAccess();
		for (int y = 12; y < 68; y++) {
			o.setPosition(new int[] { 20, y, 0 });
			in.setPosition(new int[] { 20, y, 0 });
			assertEquals(in.get().get(), o.get().get(), 0.03, "the scratch follows the gradient at y=" + y);
		}
		o.setPosition(new int[] { 60, 50, 0 });
		assertEquals(1f, o.get().get(), 1e-6, "the hole comes from the network");

		Img<FloatType> networkOnly = new Inpainter(TinyModels.model(Task.INPAINT)).withTileFunction(white)
			.withClassicalThinDamage(false).inpaint(img, mask, Progress.NONE);
		RandomAccess<FloatType> n = networkOnly.randomAccess();
		n.setPosition(new int[] { 20, 40, 0 });
		assertEquals(1f, n.get().get(), 1e-6, "switched off, the network fills scratches too");
		assertTrue(Intervals.equalDimensions(out, img));
	}
}
