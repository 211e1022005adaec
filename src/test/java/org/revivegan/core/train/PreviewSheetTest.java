package org.revivegan.core.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;

/** The trainer's preview sheets: one per validation, the fixed crops, the generator's changing output. */
class PreviewSheetTest {

	@TempDir
	Path dir;

	@ParameterizedTest
	@ValueSource(strings = { "inpaint", "colorize", "detect" })
	void everyValidationGetsASheetOfTheFixedCropsAndTheCurrentOutput(String taskName) throws IOException {
		Task task = Task.parse(taskName);
		TrainingConfig c = TrainerTest.config(task);
		c.l1Steps = task.adversarial() ? 2 : 3;
		c.ganSteps = task.adversarial() ? 1 : 0;
		c.validateEvery = 2; // validations after step 2 and at the end, step 3
		c.validationCrops = 5; // more than a sheet shows
		List<Long> steps = new ArrayList<>();
		List<Img<FloatType>> sheets = new ArrayList<>();
		new Trainer(c, TrainerTest.photos(3, 2), null, dir).run(Progress.NONE, (step, sheet) -> {
			steps.add(step);
			sheets.add(sheet);
		});
		assertEquals(List.of(2L, 3L), steps);
		int crop = c.crop, w = 3 * crop + 2 * PreviewSheet.GAP, h = 3 * crop + 2 * PreviewSheet.GAP;
		assertEquals(w, PreviewSheet.width(crop));
		assertEquals(h, PreviewSheet.height(crop, c.validationCrops));
		for (Img<FloatType> s : sheets)
			assertArrayEquals(new long[] { w, h, 3 }, s.dimensionsAsLongArray());

		Img<FloatType> first = sheets.get(0), last = sheets.get(1);
		for (int row = 0; row < PreviewSheet.CROPS; row++) {
			int y0 = row * (crop + PreviewSheet.GAP);
			assertTrue(std(first, 0, y0, crop) > 0.02, "input tile " + row + " has content");
			assertTrue(std(first, crop + PreviewSheet.GAP, y0, crop) > 1e-3, "output tile " + row + " has content");
			assertEquals(0, maxDifference(first, last, 0, y0, crop), "the input crops are fixed");
			assertEquals(0, maxDifference(first, last, 2 * (crop + PreviewSheet.GAP), y0, crop), "the targets too");
			assertTrue(maxDifference(first, last, crop + PreviewSheet.GAP, y0, crop) > 1e-4, "the output " +
				"changes as the model trains");
		}
		assertTrue(std(first, 2 * (crop + PreviewSheet.GAP), 0, crop) > 0.02, "the first target has content");
		RandomAccess<FloatType> ra = first.randomAccess();
		for (int c3 = 0; c3 < 3; c3++) { // the gaps are white, and everything is in [0, 1]
			assertEquals(1, ra.setPositionAndGet(crop, 5, c3).get());
			assertEquals(1, ra.setPositionAndGet(7, crop + 1, c3).get());
		}
		for (FloatType v : first)
			assertTrue(v.get() >= 0 && v.get() <= 1, "value in [0, 1]: " + v);
		if (task == Task.COLORIZE) // the input is the lightness alone: gray
			assertEquals(ra.setPositionAndGet(3, 4, 0).get(), ra.setPositionAndGet(3, 4, 2).get(), 1e-6);
	}

	/** @return the standard deviation of all channels of the square tile at (x0, y0) */
	private static double std(Img<FloatType> img, int x0, int y0, int size) {
		RandomAccess<FloatType> ra = img.randomAccess();
		double sum = 0, sq = 0;
		int n = 0;
		for (int c = 0; c < 3; c++)
			for (int y = y0; y < y0 + size; y++)
				for (int x = x0; x < x0 + size; x++) {
					double v = ra.setPositionAndGet(x, y, c).get();
					sum += v;
					sq += v * v;
					n++;
				}
		double mean = sum / n;
		return Math.sqrt(Math.max(0, sq / n - mean * mean));
	}

	private static double maxDifference(Img<FloatType> a, Img<FloatType> b, int x0, int y0, int size) {
		RandomAccess<FloatType> ra = a.randomAccess(), rb = b.randomAccess();
		double max = 0;
		for (int c = 0; c < 3; c++)
			for (int y = y0; y < y0 + size; y++)
				for (int x = x0; x < x0 + size; x++)
					max = Math.max(max, Math.abs(ra.setPositionAndGet(x, y, c).get() - rb.setPositionAndGet(x, y, c)
						.get()));
		return max;
	}
}
