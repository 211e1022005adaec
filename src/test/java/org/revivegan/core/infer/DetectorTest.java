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
		DamageRegions.removeSmallComponents(m, 5, 5, 2);
		assertEquals(1, m[0]);
		assertEquals(1, m[12]);
		assertEquals(0, m[24], "an isolated pixel goes");
	}

	/**
	 * Small-component removal against a plain flood fill (the detector's own implementation before it used
	 * DamageRegions' union-find), on random masks of several densities: the same pixels are cleared. A component
	 * of exactly minSize pixels stays.
	 */
	@Test
	void smallComponentsGoAsAFloodFillFindsThem() {
		java.util.Random random = new java.util.Random(15);
		for (int trial = 0; trial < 60; trial++) {
			int w = 1 + random.nextInt(40), h = 1 + random.nextInt(40), minSize = 1 + random.nextInt(12);
			double density = 0.05 + 0.6 * random.nextDouble();
			byte[] m = new byte[w * h];
			for (int i = 0; i < m.length; i++)
				if (random.nextDouble() < density) m[i] = (byte) (random.nextBoolean() ? 1 : 255);
			byte[] expected = m.clone();
			floodFillRemoval(expected, w, h, minSize);
			DamageRegions.removeSmallComponents(m, w, h, minSize);
			assertArrayEquals(expected, m, "trial " + trial + ": " + w + "x" + h + ", min size " + minSize);
		}
		byte[] m = new byte[16]; // an L of 3 pixels and a pair, in 4x4
		m[0] = m[4] = m[5] = 1;
		m[11] = m[15] = 1;
		DamageRegions.removeSmallComponents(m, 4, 4, 3);
		assertArrayEquals(new byte[] { 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, m, "3 pixels stay, 2 go");
	}

	/** The reference: clears 8-connected components of fewer than minSize pixels, found by flood fill. */
	private static void floodFillRemoval(byte[] m, int w, int h, int minSize) {
		boolean[] seen = new boolean[m.length];
		java.util.ArrayDeque<Integer> stack = new java.util.ArrayDeque<>();
		for (int start = 0; start < m.length; start++) {
			if (m[start] == 0 || seen[start]) continue;
			List<Integer> component = new ArrayList<>();
			stack.push(start);
			seen[start] = true;
			while (!stack.isEmpty()) {
				int i = stack.pop();
				component.add(i);
				for (int dy = -1; dy <= 1; dy++)
					for (int dx = -1; dx <= 1; dx++) {
						int x = i % w + dx, y = i / w + dy;
						if (x < 0 || y < 0 || x >= w || y >= h || m[x + w * y] == 0 || seen[x + w * y]) continue;
						seen[x + w * y] = true;
						stack.push(x + w * y);
					}
			}
			if (component.size() < minSize) for (int i : component)
				m[i] = 0;
		}
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
