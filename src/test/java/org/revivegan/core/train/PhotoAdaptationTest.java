package org.revivegan.core.train;

import static org.junit.jupiter.api.Assertions.*;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.revivegan.core.model.Encoding;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.util.Rng;
import org.revivegan.testing.TinyModels;

class PhotoAdaptationTest {

	/** A smooth colourful 96x80 photo and a mask with a damaged square at (10..29, 20..39). */
	static ArrayImg<FloatType, FloatArray> photo() {
		int w = 96, h = 80;
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(w, h, 3);
		float[] a = img.update(null).getCurrentStorageArray();
		for (int c = 0; c < 3; c++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					a[c * w * h + x + w * y] = (float) (0.5 + 0.4 * Math.sin(0.07 * (c + 1) * x + 0.05 * y + c));
		return img;
	}

	static ArrayImg<FloatType, FloatArray> mask() {
		ArrayImg<FloatType, FloatArray> m = ArrayImgs.floats(96, 80);
		float[] v = m.update(null).getCurrentStorageArray();
		for (int y = 20; y < 40; y++)
			for (int x = 10; x < 30; x++)
				v[x + 96 * y] = 1;
		return m;
	}

	@Test
	void batchesHideTheRealDamageAndDoNotLearnFromIt() {
		// the whole photo damaged except a band: every crop holds real damage, which must weigh 0 and be hidden
		ArrayImg<FloatType, FloatArray> m = ArrayImgs.floats(96, 80);
		float[] v = m.update(null).getCurrentStorageArray();
		for (int y = 0; y < 80; y++)
			for (int x = 0; x < 96; x++)
				v[x + 96 * y] = x % 4 == 0 ? 1 : 0; // a thin line every 4 px: real damage everywhere
		PhotoAdaptation a = new PhotoAdaptation(photo(), m, 1, 16);
		assertEquals(80, a.cropSide(), "the crop fits the photo and the network's factor");
		Batch b = a.batch(new Rng(3), Encoding.FILL_PUSHPULL);
		float[] in = b.input.dup('c').data().asFloat(), wt = b.weights.dup('c').data().asFloat();
		int plane = 80 * 80;
		long zero = 0, hole = 0, hiddenZero = 0;
		for (int k = 0; k < 4; k++)
			for (int i = 0; i < plane; i++) {
				float w = wt[k * plane + i];
				if (w == 0) {
					zero++;
					if (in[(k * 4 + 3) * plane + i] == 1) hiddenZero++;
				}
				else if (w > 1) hole++;
			}
		assertTrue(zero > 0.1 * 4 * plane, "real damage weighs 0: " + zero);
		assertEquals(zero, hiddenZero, "every pixel of real damage is hidden from the network");
		assertTrue(hole > 0, "synthetic holes weigh more than intact pixels");
	}

	@Test
	void adaptsACopyRepeatablyAndLeavesTheModelAlone() {
		ModelFile model = TinyModels.model(Task.INPAINT);
		INDArray before = model.generator().params().dup();
		PhotoAdaptation.Result r = PhotoAdaptation.adapt(model, photo(), mask(), 1, 1e9, 3, 7, Progress.NONE);
		assertEquals(3, r.steps);
		assertEquals(0, model.generator().params().sub(before).norm1Number().doubleValue(), 0, "the given model is unchanged");
		INDArray after = r.model.generator().params();
		assertTrue(after.sub(before).norm1Number().doubleValue() > 0, "the copy learned");
		PhotoAdaptation.Result again = PhotoAdaptation.adapt(model, photo(), mask(), 1, 1e9, 3, 7, Progress.NONE);
		assertEquals(0, again.model.generator().params().sub(after).norm1Number().doubleValue(), 1e-6, "same seed, same steps");
		assertEquals(Task.INPAINT, r.model.task());
	}

	@Test
	void lossFallsOnThePhotosOwnPixels() {
		PhotoAdaptation.Result r = PhotoAdaptation.adapt(TinyModels.model(Task.INPAINT), photo(), mask(), 1, 1e9, 40, 1,
			Progress.NONE);
		assertTrue(r.lastLoss < r.firstLoss, "first " + r.firstLoss + ", last " + r.lastLoss);
	}

	@Test
	void zeroSecondsStillRunsOneStepAndBadInputIsExplained() {
		assertEquals(1, PhotoAdaptation.adapt(TinyModels.model(Task.INPAINT), photo(), mask(), 1, 0, Integer.MAX_VALUE, 1,
			Progress.NONE).steps);
		assertThrows(IllegalArgumentException.class, () -> PhotoAdaptation.adapt(TinyModels.model(Task.INPAINT), photo(),
			mask(), 1, -1, 1, 1, Progress.NONE));
		assertThrows(IllegalArgumentException.class, () -> PhotoAdaptation.adapt(TinyModels.model(Task.COLORIZE), photo(),
			mask(), 1, 1, 1, 1, Progress.NONE));
		IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () -> PhotoAdaptation.adapt(
			TinyModels.model(Task.INPAINT), ArrayImgs.floats(20, 20, 3), ArrayImgs.floats(20, 20), 1, 1, 1, 1, Progress.NONE));
		assertTrue(small.getMessage().contains("too small"), small.getMessage());
	}
}
