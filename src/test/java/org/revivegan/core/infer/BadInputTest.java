package org.revivegan.core.infer;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.CancellationException;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.revivegan.core.image.Images;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.util.Rng;
import org.revivegan.testing.TinyModels;

/**
 * The inference engine given awkward and bad input: sizes that are no multiple of anything (down to 1x1), masks
 * that are empty or cover everything, NaN and infinity, the wrong number of channels, and a cancel between
 * tiles. Good input must come back right (every pixel outside the damage bit-identical, every synthesised pixel
 * finite and in range), bad input must be refused with a reason, and the input is never modified.
 */
class BadInputTest {

	private static final ModelFile INPAINT = TinyModels.model(Task.INPAINT);
	private static final ModelFile COLORIZE = TinyModels.model(Task.COLORIZE);

	private static ArrayImg<FloatType, FloatArray> randomRgb(int w, int h, long seed) {
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(w, h, 3);
		Rng rng = new Rng(seed);
		for (FloatType t : img)
			t.set((float) rng.nextDouble());
		return img;
	}

	private static float[] pixels(ArrayImg<FloatType, FloatArray> img) {
		return img.update(null).getCurrentStorageArray();
	}

	/** A mask with the pixels (x, y) where {@code (x + 2 * y) % period == 0} damaged. */
	private static ArrayImg<UnsignedByteType, ByteArray> mask(int w, int h, int period) {
		ArrayImg<UnsignedByteType, ByteArray> m = ArrayImgs.unsignedBytes(w, h);
		byte[] b = m.update(null).getCurrentStorageArray();
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				if ((x + 2 * y) % period == 0) b[x + w * y] = 1;
		return m;
	}

	@ParameterizedTest(name = "{0}x{1}, every {2}th pixel damaged")
	@CsvSource({ "1, 1, 1", "3, 5, 1", "3, 5, 4", "37, 23, 1", "37, 23, 5", "1, 40, 3", "41, 1, 2" })
	void oddSizesAndFullMasksKeepTheIntactPixelsAndFillTheRest(int w, int h, int period) {
		ArrayImg<FloatType, FloatArray> img = randomRgb(w, h, w * 100 + h);
		float[] before = pixels(img).clone();
		ArrayImg<UnsignedByteType, ByteArray> m = mask(w, h, period);
		byte[] mb = m.update(null).getCurrentStorageArray();
		Img<FloatType> out = new Inpainter(INPAINT).inpaint(img, m, Progress.NONE);
		assertArrayEquals(new long[] { w, h, 3 }, Intervals.dimensionsAsLongArray(out));
		assertArrayEquals(before, pixels(img), "the input is unchanged");
		float[] o = Images.floats(out);
		int plane = w * h;
		for (int c = 0; c < 3; c++)
			for (int i = 0; i < plane; i++) {
				float v = o[c * plane + i];
				if (mb[i] == 0) assertEquals(before[c * plane + i], v, "intact pixel " + i + " channel " + c);
				else assertTrue(v >= 0 && v <= 1, "synthesised pixel " + i + " channel " + c + " = " + v);
			}
	}

	@Test
	void aMaskCoveringTheWholeImageIsInventedEntirely() {
		// Decision: an all-damaged image still runs; the model invents every pixel (the command says so).
		ArrayImg<FloatType, FloatArray> img = randomRgb(37, 23, 7);
		ArrayImg<UnsignedByteType, ByteArray> all = mask(37, 23, 1);
		Img<FloatType> out = new Inpainter(INPAINT).inpaint(img, all, Progress.NONE);
		float[] o = Images.floats(out), in = pixels(img);
		int changed = 0;
		for (int i = 0; i < o.length; i++) {
			assertTrue(Float.isFinite(o[i]) && o[i] >= 0 && o[i] <= 1, "pixel " + i + " = " + o[i]);
			if (o[i] != in[i]) changed++;
		}
		assertTrue(changed > o.length * 0.9, "invented " + changed + " of " + o.length);
	}

	@Test
	void anEmptyMaskSaysThereIsNothingToDo() {
		ArrayImg<FloatType, FloatArray> img = randomRgb(3, 5, 1);
		float[] before = pixels(img).clone();
		String msg = assertThrows(IllegalArgumentException.class, () -> new Inpainter(INPAINT).inpaint(img,
			ArrayImgs.unsignedBytes(3, 5), Progress.NONE)).getMessage();
		assertTrue(msg.contains("nothing to inpaint"), msg);
		assertTrue(msg.contains("Mark the damage"), "says what to do: " + msg);
		assertArrayEquals(before, pixels(img));
	}

	@Test
	void aMaskOfAnotherSizeIsRefusedNamingBothSizes() {
		ArrayImg<FloatType, FloatArray> img = randomRgb(37, 23, 1);
		String msg = assertThrows(IllegalArgumentException.class, () -> new Inpainter(INPAINT).inpaint(img, mask(23, 37,
			2), Progress.NONE)).getMessage();
		assertTrue(msg.contains("23x37") && msg.contains("37x23"), msg);
	}

	@Test
	void wrongChannelCountsAreRefusedWithWhatToDo() {
		for (int channels : new int[] { 2, 4 }) {
			Img<FloatType> img = ArrayImgs.floats(8, 8, channels);
			String msg = assertThrows(IllegalArgumentException.class, () -> new Inpainter(INPAINT).inpaint(img, mask(8, 8,
				2), Progress.NONE)).getMessage();
			assertTrue(msg.contains(channels + " channels"), msg);
			msg = assertThrows(IllegalArgumentException.class, () -> new Colorizer(COLORIZE).colorize(img, 1,
				Progress.NONE)).getMessage();
			assertTrue(msg.contains(channels + " channels"), msg);
		}
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new Colorizer(INPAINT)).getMessage().contains(
			"colourisation model"));
	}

	@Test
	void nanAndInfinityOutsideTheMaskStayAndInsideAreFilled() {
		int w = 37, h = 23, plane = w * h;
		ArrayImg<FloatType, FloatArray> img = randomRgb(w, h, 3);
		float[] p = pixels(img);
		int nanKept = 5 + w * 5, infKept = 30 + w * 20, nanFilled = 18 + w * 11, infFilled = 19 + w * 11;
		for (int c = 0; c < 3; c++) {
			p[c * plane + nanKept] = Float.NaN;
			p[c * plane + infKept] = Float.POSITIVE_INFINITY;
			p[c * plane + nanFilled] = Float.NaN;
			p[c * plane + infFilled] = Float.NEGATIVE_INFINITY;
		}
		float[] before = p.clone();
		ArrayImg<UnsignedByteType, ByteArray> m = ArrayImgs.unsignedBytes(w, h);
		byte[] mb = m.update(null).getCurrentStorageArray();
		for (int y = 9; y < 14; y++)
			for (int x = 15; x < 22; x++)
				mb[x + w * y] = 1;
		float[] o = Images.floats(new Inpainter(INPAINT).inpaint(img, m, Progress.NONE));
		assertArrayEquals(before, p, "the input is unchanged (NaN compared as NaN)");
		for (int c = 0; c < 3; c++) {
			assertTrue(Float.isNaN(o[c * plane + nanKept]), "undamaged NaN stays: it is the user's data");
			assertEquals(Float.POSITIVE_INFINITY, o[c * plane + infKept]);
			for (int i = 0; i < plane; i++)
				if (mb[i] != 0) assertTrue(o[c * plane + i] >= 0 && o[c * plane + i] <= 1, "filled " + i + ": " + o[c *
					plane + i]);
		}
	}

	@ParameterizedTest(name = "{0}x{1}")
	@CsvSource({ "1, 1", "3, 5", "37, 23", "1, 50" })
	void colorizationOfOddSizesAndNonFiniteValuesGivesAFiniteImage(int w, int h) {
		Img<FloatType> gray = ArrayImgs.floats(w, h);
		Rng rng = new Rng(w + 7L * h);
		int i = 0;
		for (FloatType t : gray) {
			float v = (float) rng.nextDouble();
			if (w * h > 2 && i == 1) v = Float.NaN;
			if (w * h > 2 && i == 2) v = Float.NEGATIVE_INFINITY;
			if (w * h > 3 && i == 3) v = Float.POSITIVE_INFINITY;
			t.set(v);
			i++;
		}
		Img<FloatType> copy = gray.copy();
		Img<FloatType> rgb = new Colorizer(COLORIZE).colorize(gray, 1, Progress.NONE);
		assertArrayEquals(new long[] { w, h, 3 }, Intervals.dimensionsAsLongArray(rgb));
		for (FloatType v : rgb)
			assertTrue(v.get() >= 0 && v.get() <= 1, "value " + v.get());
		net.imglib2.Cursor<FloatType> a = gray.cursor(), b = copy.cursor();
		while (a.hasNext())
			assertEquals(Float.floatToIntBits(b.next().get()), Float.floatToIntBits(a.next().get()), "input unchanged");
	}

	/** Cancels as soon as the first batch of tiles is done. */
	static final class CancelAfterFirstTile implements Progress {

		double lastFraction;
		boolean cancelled;

		@Override
		public void progress(double fraction) {
			lastFraction = fraction;
			if (fraction > 0) cancelled = true;
		}

		@Override
		public boolean isCanceled() {
			return cancelled;
		}
	}

	@Test
	void cancellingBetweenTilesStopsWithoutTouchingTheInput() {
		ArrayImg<FloatType, FloatArray> img = randomRgb(150, 120, 9);
		float[] before = pixels(img).clone();
		CancelAfterFirstTile cancel = new CancelAfterFirstTile();
		Inpainter inpainter = new Inpainter(INPAINT).withBatchSize(1);
		assertThrows(CancellationException.class, () -> inpainter.inpaint(img, mask(150, 120, 3), cancel));
		assertTrue(cancel.lastFraction > 0 && cancel.lastFraction < 0.5, "stopped after the first tile, at " +
			cancel.lastFraction);
		assertArrayEquals(before, pixels(img));

		// colourisation predicts at the working size, in one tile: it stops before its first tile
		Img<FloatType> gray = ArrayImgs.floats(150, 120);
		Progress cancelled = new Progress() {

			@Override
			public boolean isCanceled() {
				return true;
			}
		};
		assertThrows(CancellationException.class, () -> new Colorizer(COLORIZE).colorize(gray, 1, cancelled));
	}
}
