package org.revivegan.core.infer;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.tiling.TileFunction;
import org.revivegan.testing.DetectionModels;
import org.revivegan.testing.TinyModels;

/** Tiled damage probabilities of any size, thresholds and the removal of specks. */
class DetectorTest {

	/** A stand-in network: probability = the red channel in [0, 1] (the input is in [-1, 1]). */
	private static final TileFunction RED = tiles -> {
		List<RandomAccessibleInterval<FloatType>> out = new ArrayList<>();
		for (Img<FloatType> t : tiles) {
			Img<FloatType> p = ArrayImgs.floats(t.dimension(0), t.dimension(1), 1);
			net.imglib2.loops.LoopBuilder.setImages(Views.hyperSlice(t, 2, 0), Views.hyperSlice(p, 2, 0)).forEachPixel(
				(i, o) -> o.set((i.get() + 1) / 2));
			out.add(p);
		}
		return out;
	};

	@Test
	void probabilitiesCoverAnImageOfAnySizeThroughTiles() {
		int w = 71, h = 45; // several 32-pixel tiles, not multiples of anything
		ArrayImg<UnsignedShortType, ?> img = ArrayImgs.unsignedShorts(w, h, 3);
		int i = 0;
		for (UnsignedShortType v : img)
			v.set((i++ * 7919) % 65536);
		Detector d = new Detector(TinyModels.model(Task.DETECT)).withTileFunction(RED);
		ArrayImg<FloatType, FloatArray> p = d.probabilities(img, 65535, Progress.NONE);
		assertArrayEquals(new long[] { w, h }, new long[] { p.dimension(0), p.dimension(1) });
		net.imglib2.RandomAccess<UnsignedShortType> ra = img.randomAccess();
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				ra.setPosition(new int[] { x, y, 0 });
				assertEquals(ra.get().get() / 65535.0, p.getAt(x, y).get(), 1e-4, x + "," + y);
			}
	}

	@Test
	void thresholdAndMinSizeMakeTheMask() {
		// gray (x, y) image: a 3-pixel speck and a 12-pixel line on black
		ArrayImg<UnsignedByteType, ByteArray> img = ArrayImgs.unsignedBytes(40, 20);
		for (int x = 5; x < 8; x++)
			img.getAt(x, 3).set(250);
		for (int y = 4; y < 16; y++)
			img.getAt(30, y).set(200);
		Detector d = new Detector(TinyModels.model(Task.DETECT)).withTileFunction(RED);
		ArrayImg<UnsignedByteType, ByteArray> all = d.detect(img, 255, 0.5, Progress.NONE);
		assertEquals(15, count(all));
		assertEquals(255, all.getAt(6, 3).get());
		assertEquals(3, count(d.detect(img, 255, 0.9, Progress.NONE)), "only the brighter speck is above 0.9");
		ArrayImg<UnsignedByteType, ByteArray> big = d.withMinSize(5).detect(img, 255, 0.5, Progress.NONE);
		assertEquals(12, count(big), "the speck is gone, the line stays");
		assertEquals(0, big.getAt(6, 3).get());
		assertEquals(0, count(d.detect(img, 255, 1, Progress.NONE)));
		for (UnsignedByteType v : img)
			assertTrue(v.get() == 0 || v.get() >= 200, "the image is not modified");
		assertThrows(IllegalArgumentException.class, () -> d.detect(img, 255, 1.5, Progress.NONE));
		assertThrows(IllegalArgumentException.class, () -> d.withMinSize(-1));
	}

	@Test
	void componentsAreEightConnected() {
		byte[] m = new byte[25]; // a diagonal of 3 pixels is one component of 3
		m[0] = m[6] = m[12] = 1;
		m[24] = 1;
		Detector.removeSmallComponents(m, 5, 5, 2);
		assertEquals(1, m[0]);
		assertEquals(1, m[12]);
		assertEquals(0, m[24], "an isolated pixel goes");
	}

	@Test
	void theRealNetworkGivesProbabilities() {
		Detector d = new Detector(DetectionModels.flat());
		ArrayImg<FloatType, FloatArray> p = d.probabilities(ArrayImgs.unsignedBytes(50, 37, 3), 255, Progress.NONE);
		for (FloatType v : p)
			assertEquals(0.5f, v.get(), 1e-6, "an all-zero network says 0.5 everywhere");
		assertEquals(50 * 37, count(d.detect(ArrayImgs.unsignedBytes(50, 37), 255, 0.4, Progress.NONE)));
		assertEquals(0, count(d.detect(ArrayImgs.unsignedBytes(50, 37), 255, 0.6, Progress.NONE)));
	}

	@Test
	void otherModelsAndShapesAreRefused() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Detector(TinyModels.model(
			Task.INPAINT)));
		assertTrue(e.getMessage().contains("detect model"), e.getMessage());
		Detector d = new Detector(TinyModels.model(Task.DETECT)).withTileFunction(RED);
		assertThrows(IllegalArgumentException.class, () -> d.probabilities(ArrayImgs.floats(10, 10, 2), 1, Progress.NONE));
	}

	private static int count(ArrayImg<UnsignedByteType, ByteArray> m) {
		int n = 0;
		for (UnsignedByteType v : m)
			if (v.get() != 0) n++;
		return n;
	}
}
