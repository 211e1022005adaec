package org.revivegan.core.infer;

import org.revivegan.testing.TinyModels;
import static org.junit.jupiter.api.Assertions.*;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.revivegan.core.color.Lab;
import org.revivegan.core.model.GeneratorSpec;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.ModelMetadata;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.util.Rng;

class InferenceTest {

	static ModelFile model(Task task) {
		return TinyModels.model(task);
	}

	/** @return an inpainter that runs the model's network and counts the tiles it was given in {@code tiles[0]} */
	static Inpainter counting(ModelFile model, int[] tiles) {
		org.revivegan.core.tiling.TileFunction network = GeneratorTiles.of(model.generator());
		return new Inpainter(model).withTileFunction(batch -> {
			tiles[0] += batch.size();
			return network.apply(batch);
		});
	}

	@Test
	void inpaintingChangesOnlyMaskedPixels() {
		Rng rng = new Rng(1);
		int w = 150, h = 97;
		Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(w, h, 3);
		for (UnsignedByteType t : img)
			t.set(rng.nextInt(256));
		Img<UnsignedByteType> original = img.copy();
		Img<UnsignedByteType> mask = ArrayImgs.unsignedBytes(w, h);
		RandomAccess<UnsignedByteType> m = mask.randomAccess();
		for (int y = 30; y < 40; y++)
			for (int x = 60; x < 110; x++) {
				m.setPosition(new long[] { x, y });
				m.get().set(255);
			}
		Img<UnsignedByteType> out = ArrayImgs.unsignedBytes(w, h, 3);
		int[] tiles = { 0 };
		ModelFile model = model(Task.INPAINT);
		counting(model, tiles).inpaint(img, mask, 255, out, Progress.NONE);
		// the damage is 10 px high, wider than Inpainter.THIN_WIDTH: the network fills all of it
		assertTrue(tiles[0] > 0, "the network ran");
		Img<UnsignedByteType> networkOnly = ArrayImgs.unsignedBytes(w, h, 3);
		new Inpainter(model).withClassicalThinDamage(false).inpaint(img, mask, 255, networkOnly, Progress.NONE);
		Cursor<UnsignedByteType> p = out.cursor(), q = networkOnly.cursor();
		while (p.hasNext())
			assertEquals(q.next().get(), p.next().get(), "the network's output, no part of it classical");

		Cursor<UnsignedByteType> o = out.localizingCursor();
		RandomAccess<UnsignedByteType> in = original.randomAccess();
		int changed = 0;
		while (o.hasNext()) {
			o.fwd();
			in.setPosition(o);
			m.setPosition(o.getLongPosition(0), 0);
			m.setPosition(o.getLongPosition(1), 1);
			if (m.get().get() == 0) assertEquals(in.get().get(), o.get().get(), "unmasked pixel changed at " + o);
			else if (in.get().get() != o.get().get()) changed++;
		}
		assertTrue(changed > 100, "masked pixels synthesised: " + changed);
		// the input is untouched
		Cursor<UnsignedByteType> a = img.cursor(), b = original.cursor();
		while (a.hasNext())
			assertEquals(b.next().get(), a.next().get());
	}

	@Test
	void inpainting16BitGrayKeepsUnmaskedValuesExactly() {
		int w = 40, h = 33;
		Img<UnsignedShortType> img = ArrayImgs.unsignedShorts(w, h);
		int i = 0;
		for (UnsignedShortType t : img)
			t.set((i++ * 977) % 65536);
		Img<UnsignedByteType> mask = ArrayImgs.unsignedBytes(w, h);
		// 8 x 8: wider than Inpainter.THIN_WIDTH, so the network (not Telea) fills it
		for (int y = 5; y < 13; y++)
			for (int x = 5; x < 13; x++)
				mask.randomAccess().setPositionAndGet(x, y).set(1);
		Img<UnsignedShortType> out = ArrayImgs.unsignedShorts(w, h);
		int[] tiles = { 0 };
		counting(model(Task.INPAINT), tiles).inpaint(img, mask, 65535, out, Progress.NONE);
		assertTrue(tiles[0] > 0, "the network ran");
		Cursor<UnsignedShortType> a = img.localizingCursor();
		RandomAccess<UnsignedShortType> b = out.randomAccess();
		RandomAccess<UnsignedByteType> m = mask.randomAccess();
		int changed = 0;
		while (a.hasNext()) {
			a.fwd();
			b.setPosition(a);
			m.setPosition(a);
			if (m.get().get() == 0) assertEquals(a.get().get(), b.get().get());
			else if (a.get().get() != b.get().get()) changed++;
		}
		assertTrue(changed > 32, "masked values synthesised: " + changed);
		Img<UnsignedShortType> networkOnly = ArrayImgs.unsignedShorts(w, h);
		new Inpainter(model(Task.INPAINT)).withClassicalThinDamage(false).inpaint(img, mask, 65535, networkOnly,
			Progress.NONE);
		Cursor<UnsignedShortType> p = out.cursor(), q = networkOnly.cursor();
		while (p.hasNext())
			assertEquals(q.next().get(), p.next().get(), "the network's output, no part of it classical");
	}

	@Test
	void emptyMaskAndWrongSizesAreRefusedWithAReason() {
		Inpainter p = new Inpainter(model(Task.INPAINT));
		Img<FloatType> img = ArrayImgs.floats(20, 20, 3);
		assertTrue(assertThrows(IllegalArgumentException.class,
			() -> p.inpaint(img, ArrayImgs.unsignedBytes(20, 20), Progress.NONE)).getMessage().contains("empty"));
		assertTrue(assertThrows(IllegalArgumentException.class,
			() -> p.inpaint(img, ArrayImgs.unsignedBytes(21, 20), Progress.NONE)).getMessage().contains("same size"));
		assertThrows(IllegalArgumentException.class, () -> new Inpainter(model(Task.COLORIZE)));
	}

	@Test
	void colorizationKeepsFullResolutionLightness() {
		int w = 101, h = 67;
		Img<UnsignedByteType> gray = ArrayImgs.unsignedBytes(w, h);
		Rng rng = new Rng(4);
		for (UnsignedByteType t : gray)
			t.set(rng.nextInt(256));
		Img<FloatType> rgb = new Colorizer(model(Task.COLORIZE)).colorize(gray, 255, Progress.NONE);
		assertArrayEquals(new long[] { w, h, 3 }, net.imglib2.util.Intervals.dimensionsAsLongArray(rgb));
		// L of the result equals L of the input at every pixel (up to gamut clipping, tiny for an untrained net)
		Img<FloatType> l = Lab.lightness(rgb);
		Cursor<UnsignedByteType> g = gray.cursor();
		Cursor<FloatType> lc = l.cursor();
		double maxErr = 0;
		int within = 0, n = 0;
		while (g.hasNext()) {
			float expected = Lab.grayToLightness(g.next().get() / 255f);
			double err = Math.abs(expected - lc.next().get());
			maxErr = Math.max(maxErr, err);
			if (err < 1.0) within++;
			n++;
		}
		assertTrue(within > 0.95 * n, "lightness kept at " + within + " of " + n + " pixels (max err " + maxErr + ")");
	}
}
