package org.revivegan.core.eval;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.revivegan.core.damage.DamageKind;
import org.revivegan.core.infer.Detector;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.util.Rng;
import org.revivegan.testing.DetectionModels;

/** Detection measures, the median-residual peer and the rows of the evaluation. */
class DetectionEvaluatorTest {

	@Test
	void scoresCountPixels() {
		byte[] truth = { 1, 1, 1, 1, 0, 0, 0, 0, 0, 0 }, predicted = { 1, 1, 1, 0, 1, 0, 0, 0, 0, 0 };
		double[] s = DetectionEvaluator.score(predicted, truth); // TP 3, FP 1, FN 1
		assertEquals(0.75, s[0], 1e-12);
		assertEquals(0.75, s[1], 1e-12);
		assertEquals(0.75, s[2], 1e-12);
		assertEquals(0.6, s[3], 1e-12);
		double[] none = DetectionEvaluator.score(new byte[10], truth);
		assertArrayEquals(new double[] { 1, 0, 0, 0 }, none, 1e-12);
		assertArrayEquals(new double[] { 1, 1, 1, 1 }, DetectionEvaluator.score(new byte[4], new byte[4]), 1e-12);
	}

	@Test
	void medianResidualFindsSpecksAndThinLinesNotFlatAreas() {
		int w = 30, h = 20;
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(w, h, 3);
		float[] a = img.update(null).getCurrentStorageArray();
		java.util.Arrays.fill(a, 0.5f);
		for (int c = 0; c < 3; c++) {
			a[c * w * h + 5 + w * 5] = 0.05f; // a dark speck
			for (int y = 0; y < h; y++)
				a[c * w * h + 20 + w * y] = 0.95f; // a light scratch
		}
		ArrayImg<UnsignedByteType, ?> m = DetectionEvaluator.medianResidual(img, 7, 0.1);
		int n = 0;
		for (UnsignedByteType v : m)
			if (v.get() != 0) n++;
		assertEquals(1 + h, n);
		assertEquals(255, m.getAt(5, 5).get());
		assertEquals(255, m.getAt(20, 13).get());
		assertEquals(0, m.getAt(10, 10).get());
	}

	@Test
	void selectFindsTheMedian() {
		Rng rng = new Rng(3);
		for (int trial = 0; trial < 50; trial++) {
			float[] v = new float[49];
			for (int i = 0; i < v.length; i++)
				v[i] = rng.nextInt(10);
			float[] sorted = v.clone();
			java.util.Arrays.sort(sorted);
			assertEquals(sorted[24], DetectionEvaluator.select(v, 49, 24));
		}
	}

	@Test
	void everyKindHasARowPerMethodAndTheSameSeedTheSameRows() {
		ArrayImg<FloatType, FloatArray> photo = ArrayImgs.floats(48, 40, 3);
		float[] a = photo.update(null).getCurrentStorageArray();
		for (int i = 0; i < a.length; i++)
			a[i] = (float) (0.5 + 0.3 * Math.sin(i * 0.07));
		List<String> kinds = DetectionEvaluator.kinds();
		assertEquals(List.of("scratches", "dust", "blotches", "strokes", "tears", "all"), kinds);
		for (DamageKind k : DamageKind.values())
			assertEquals(k.isLocal(), kinds.contains(k.name().toLowerCase()), k + ": every local kind is evaluated");
		// the flat model marks everything at 0.4: precision = the damaged fraction, recall 1
		DetectionEvaluator e = new DetectionEvaluator(new Detector(DetectionModels.flat()), 0.4).withSeed(4);
		List<DetectionEvaluator.Row> rows = e.evaluate("p.png", 0, photo, Progress.NONE);
		assertEquals(2 * kinds.size(), rows.size());
		for (int k = 0; k < kinds.size(); k++) {
			DetectionEvaluator.Row ours = rows.get(2 * k), peer = rows.get(2 * k + 1);
			assertEquals(DetectionEvaluator.OURS, ours.method);
			assertEquals(DetectionEvaluator.MEDIAN_RESIDUAL, peer.method);
			assertEquals(kinds.get(k), ours.kind);
			assertEquals(1, ours.recall, 1e-12);
			assertTrue(ours.precision > 0 && ours.precision < 0.5, ours.csv());
			assertEquals(2 * ours.precision / (1 + ours.precision), ours.f1, 1e-9);
			assertTrue(ours.csv().startsWith("detect,revivegan," + kinds.get(k) + ",p.png,"), ours.csv());
			assertEquals(9, ours.csv().split(",").length);
		}
		List<DetectionEvaluator.Row> again = new DetectionEvaluator(null, 0.4).withSeed(4).evaluate("p.png", 0, photo,
			Progress.NONE);
		assertEquals(kinds.size(), again.size(), "without a model: the peer only");
		for (int k = 0; k < kinds.size(); k++)
			assertEquals(rows.get(2 * k + 1).f1, again.get(k).f1, "same seed, same damage");
		assertEquals("task,method,kind,image,precision,recall,f1,iou,seconds", DetectionEvaluator.CSV_HEADER);
	}

	@Test
	void masksOfAnyTypeAreScoredLikeTheirBytes() {
		// a detector's 0/255 bytes against a file's 0/1 floats: TP 2, FP 1, FN 1, in row order
		Img<UnsignedByteType> predicted = ArrayImgs.unsignedBytes(new byte[] { (byte) 255, (byte) 255, 0, (byte) 255, 0,
			0 }, 3, 2);
		Img<FloatType> truth = ArrayImgs.floats(new float[] { 1, 1, 1, 0, 0, 0 }, 3, 2);
		double[] s = DetectionEvaluator.score(predicted, truth);
		assertArrayEquals(DetectionEvaluator.score(new byte[] { 1, 1, 0, 1, 0, 0 }, new byte[] { 1, 1, 1, 0, 0, 0 }), s,
			1e-12);
		assertEquals(2.0 / 3, s[0], 1e-12);
		assertEquals(0.5, s[3], 1e-12);
		// a transposed truth is another mask, not the same pixels
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DetectionEvaluator.score(
			predicted, ArrayImgs.floats(2, 3)));
		assertTrue(e.getMessage().contains("[3, 2] and [2, 3]"), e.getMessage());
	}

	@Test
	void meanF1IsPerKindAndMethod() {
		List<DetectionEvaluator.Row> rows = List.of( //
			new DetectionEvaluator.Row(DetectionEvaluator.OURS, "dust", "a.png", new double[] { 1, 1, 0.5, 0.3 }, 0), //
			new DetectionEvaluator.Row(DetectionEvaluator.OURS, "dust", "b.png", new double[] { 1, 1, 0.7, 0.3 }, 0), //
			new DetectionEvaluator.Row(DetectionEvaluator.MEDIAN_RESIDUAL, "dust", "a.png", new double[] { 1, 1, 0.1,
				0.3 }, 0), //
			new DetectionEvaluator.Row(DetectionEvaluator.OURS, "tears", "a.png", new double[] { 1, 1, 0.9, 0.3 }, 0));
		assertEquals(0.6, DetectionEvaluator.meanF1(rows, "dust", DetectionEvaluator.OURS), 1e-12);
		assertEquals(0.1, DetectionEvaluator.meanF1(rows, "dust", DetectionEvaluator.MEDIAN_RESIDUAL), 1e-12);
		assertEquals(0.9, DetectionEvaluator.meanF1(rows, "tears", DetectionEvaluator.OURS), 1e-12);
		assertTrue(Double.isNaN(DetectionEvaluator.meanF1(rows, "tears", DetectionEvaluator.MEDIAN_RESIDUAL)),
			"no rows: NaN, not 0");
	}
}
