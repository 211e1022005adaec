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

	/**
	 * The split, pixel by pixel, against the definition: a pixel is thick when some (2r+1)-square centred in the
	 * image that holds it lies in the mask (outside the image counting as mask), thin when it is in the mask but
	 * in no such square.
	 * Random masks of several densities and sizes, borders included.
	 */
	@Test
	void theThinPartMatchesTheSquareDefinitionPixelByPixel() {
		java.util.Random random = new java.util.Random(15);
		int r = Inpainter.THIN_WIDTH / 2;
		for (int trial = 0; trial < 40; trial++) {
			int w = 1 + random.nextInt(30), h = 1 + random.nextInt(30);
			double density = 0.3 + 0.7 * random.nextDouble();
			byte[] m = new byte[w * h];
			for (int i = 0; i < m.length; i++)
				if (random.nextDouble() < density) m[i] = (byte) (random.nextBoolean() ? 1 : 255);
			byte[] before = m.clone();
			byte[] thin = Inpainter.Window.thinPart(m, w, h, r);
			assertArrayEquals(before, m, "the mask is not modified");
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					boolean thick = false;
					for (int cy = Math.max(0, y - r); cy <= Math.min(h - 1, y + r) && !thick; cy++)
						for (int cx = Math.max(0, x - r); cx <= Math.min(w - 1, x + r) && !thick; cx++)
							thick = squareInMask(m, w, h, cx, cy, r);
					int expected = m[x + w * y] != 0 && !thick ? 1 : 0;
					assertEquals(expected, thin[x + w * y], "trial " + trial + " (" + w + "x" + h + ") at " + x + "," + y);
				}
		}
	}

	/** @return whether the square of radius r centred on (cx, cy) lies in the mask, outside the image counting as set */
	private static boolean squareInMask(byte[] m, int w, int h, int cx, int cy, int r) {
		for (int y = cy - r; y <= cy + r; y++)
			for (int x = cx - r; x <= cx + r; x++)
				if (x >= 0 && y >= 0 && x < w && y < h && m[x + w * y] == 0) return false;
		return true;
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
