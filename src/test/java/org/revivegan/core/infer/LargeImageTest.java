package org.revivegan.core.infer;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import net.imglib2.Cursor;
import net.imglib2.Interval;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.position.FunctionRandomAccessible;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.tiling.TileFunction;
import org.revivegan.core.tiling.Tiler;
import org.revivegan.core.util.Rng;
import org.revivegan.testing.TinyModels;

/** Region-only inpainting, memory backoff and sizes beyond 2^31 pixels, on tiny or virtual images. */
class LargeImageTest {

	private static Img<UnsignedByteType> mask(int w, int h, int[]... rects) {
		Img<UnsignedByteType> m = ArrayImgs.unsignedBytes(w, h);
		RandomAccess<UnsignedByteType> ra = m.randomAccess();
		for (int[] r : rects)
			for (int y = r[1]; y < r[1] + r[3]; y++)
				for (int x = r[0]; x < r[0] + r[2]; x++)
					ra.setPositionAndGet(x, y).set(1);
		return m;
	}

	private static long[] box(Interval i) {
		return new long[] { i.min(0), i.min(1), i.max(0), i.max(1) };
	}

	@Test
	void componentsAreEightConnectedAndPaddedBoxesMerge() {
		// a diagonal line is one 8-connected component; a pixel two columns away is another
		Img<UnsignedByteType> m = ArrayImgs.unsignedBytes(50, 50);
		RandomAccess<UnsignedByteType> ra = m.randomAccess();
		for (int i = 10; i < 20; i++)
			ra.setPositionAndGet(i, i).set(1);
		ra.setPositionAndGet(22, 19).set(1);
		List<long[]> c = DamageRegions.components(m);
		assertEquals(2, c.size());
		assertArrayEquals(new long[] { 10, 10, 19, 19 }, c.get(0));
		assertArrayEquals(new long[] { 22, 19, 22, 19 }, c.get(1));
		// margin 0, gap 1: the boxes are two pixels apart (columns 20 and 21) -> not merged; gap 2 -> merged
		assertEquals(2, DamageRegions.find(m, 0, 1).size());
		assertEquals(1, DamageRegions.find(m, 0, 2).size());
		// a U shape: two arms that meet only at the bottom row are one component
		Img<UnsignedByteType> u = mask(40, 40, new int[] { 5, 5, 2, 20 }, new int[] { 30, 5, 2, 20 }, new int[] { 5,
			24, 27, 1 });
		assertEquals(1, DamageRegions.components(u).size());
	}

	@Test
	void twoSpecksAtOppositeCornersAreTwoSmallRegions() {
		int w = 1500, h = 1000;
		Img<UnsignedByteType> m = mask(w, h, new int[] { 3, 4, 2, 2 }, new int[] { w - 6, h - 5, 3, 3 });
		List<Interval> regions = DamageRegions.find(m, 64, 0);
		assertEquals(2, regions.size());
		assertArrayEquals(new long[] { 0, 0, 4 + 64, 5 + 64 }, box(regions.get(0)));
		assertArrayEquals(new long[] { w - 6 - 64, h - 5 - 64, w - 1, h - 1 }, box(regions.get(1)));
	}

	@Test
	void nearBoxesMergeOnlyWhereOneCropCostsNoMoreTilesThanTwo() {
		// The bundled model's layout: tiles of 256 rounded to 128, overlap 32. Two stains 140 pixels apart: their
		// padded boxes (context 64) do not overlap; merged they would be one 468 x 368 crop, two tiles wide
		// and two tall (4 tiles), apart each is one tile (2 tiles): they stay apart
		Tiler bundled = new Tiler(256, 32, 128);
		Img<UnsignedByteType> m = mask(2000, 2000, new int[] { 500, 500, 100, 100 }, new int[] { 740, 640, 100, 100 });
		assertEquals(1, DamageRegions.find(m, 64, 128).size()); // without a cost, near boxes always merge
		assertEquals(2, DamageRegions.find(m, 64, 128, bundled::tiledPixels).size());
		// boxes that overlap merge whatever it costs: the result must stay disjoint
		Img<UnsignedByteType> overlapping = mask(2000, 2000, new int[] { 500, 500, 100, 100 }, new int[] { 700, 660, 100,
			100 });
		assertEquals(1, DamageRegions.find(overlapping, 64, 128, bundled::tiledPixels).size());
		// where the merged crop fits in the tiles of one of them, near boxes do merge: two 10 x 10 specks 5 pixels
		// apart, tiles rounded to 16: 16 x 16 each, 32 x 16 merged
		Tiler small = new Tiler(64, 8, 16);
		Img<UnsignedByteType> specks = mask(200, 200, new int[] { 50, 50, 10, 10 }, new int[] { 65, 50, 10, 10 });
		assertEquals(1, DamageRegions.find(specks, 0, 8, small::tiledPixels).size());
		assertEquals(2, DamageRegions.find(specks, 0, 4, small::tiledPixels).size()); // farther than the gap
	}

	@Test
	void mergingRepeatsUntilNoBoxesOverlap() {
		// A and B overlap; their merged box then reaches C, which overlapped neither
		List<long[]> boxes = new ArrayList<>();
		boxes.add(new long[] { 0, 0, 10, 10 });
		boxes.add(new long[] { 8, 20, 30, 22 }); // overlaps nothing alone... 
		boxes.add(new long[] { 5, 5, 12, 21 }); // ...joins A and B into [0..30] x [0..22]
		boxes.add(new long[] { 25, 0, 40, 5 }); // overlaps only the merged box
		boxes.add(new long[] { 100, 100, 110, 110 });
		List<long[]> merged = DamageRegions.merge(boxes, 0, 16);
		merged.sort((a, b) -> Long.compare(a[0], b[0]));
		assertEquals(2, merged.size());
		assertArrayEquals(new long[] { 0, 0, 40, 22 }, merged.get(0));
		assertArrayEquals(new long[] { 100, 100, 110, 110 }, merged.get(1));
		// many random boxes: the result is pairwise apart
		Rng rng = new Rng(5);
		List<long[]> many = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			long x = rng.nextInt(2000), y = rng.nextInt(2000);
			many.add(new long[] { x, y, x + rng.nextInt(80), y + rng.nextInt(80) });
		}
		List<long[]> apart = DamageRegions.merge(many, 3, 40);
		for (int i = 0; i < apart.size(); i++)
			for (int j = i + 1; j < apart.size(); j++)
				assertFalse(DamageRegions.close(apart.get(i), apart.get(j), 3));
	}

	/** A stand-in network: returns the RGB channels of its input, counting pixels and calls. */
	private static final class Counting implements TileFunction {

		final AtomicLong pixels = new AtomicLong(), calls = new AtomicLong();
		final List<Integer> batchSizes = new ArrayList<>();

		@Override
		public List<RandomAccessibleInterval<FloatType>> apply(List<Img<FloatType>> tiles) {
			calls.incrementAndGet();
			batchSizes.add(tiles.size());
			List<RandomAccessibleInterval<FloatType>> out = new ArrayList<>();
			for (Img<FloatType> t : tiles) {
				pixels.addAndGet(t.dimension(0) * t.dimension(1));
				out.add(Views.interval(t, new long[] { 0, 0, 0 }, new long[] { t.max(0), t.max(1), 2 }));
			}
			return out;
		}
	}

	@Test
	void onlyTheDamagedRegionsGoThroughTheNetworkAndSameSizeCropsShareABatch() {
		int w = 1200, h = 900;
		Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(w, h, 3);
		Rng rng = new Rng(2);
		for (UnsignedByteType t : img)
			t.set(rng.nextInt(256));
		// two specks in the interior, far apart: two 133x133 crops of the same size
		Img<UnsignedByteType> m = mask(w, h, new int[] { 300, 300, 5, 5 }, new int[] { 900, 600, 5, 5 });
		Counting net = new Counting();
		Inpainter p = new Inpainter(TinyModels.model(Task.INPAINT)).withBatchSize(8).withTileFunction(net);
		Img<UnsignedByteType> out = ArrayImgs.unsignedBytes(w, h, 3);
		p.inpaint(img, m, 255, out, Progress.NONE);
		// the whole image would be 1200x900 = 1.08 MP; two padded crops, tiled at 32 px, are a few 10^4 pixels
		long crops = 2L * 133 * 133;
		assertTrue(net.pixels.get() < 3 * crops, "network saw " + net.pixels.get() + " pixels");
		assertTrue(net.pixels.get() >= crops);
		// tiles of both crops are batched together: batches of up to 8, all full but the last
		assertTrue(net.batchSizes.stream().limit(net.batchSizes.size() - 1).allMatch(b -> b == 8), net.batchSizes.toString());
		// outside the mask, bit-identical
		Cursor<UnsignedByteType> a = img.localizingCursor();
		RandomAccess<UnsignedByteType> o = out.randomAccess(), mr = m.randomAccess();
		int changed = 0;
		while (a.hasNext()) {
			a.fwd();
			o.setPosition(a);
			boolean damaged = mr.setPositionAndGet(a.getLongPosition(0), a.getLongPosition(1)).get() != 0;
			if (!damaged) assertEquals(a.get().get(), o.get().get());
			else if (a.get().get() != o.get().get()) changed++;
		}
		assertTrue(changed > 0);
	}

	@Test
	void aVirtualImageIsReadOnlyInsideTheCrops() {
		// 6000 x 4000 = 24 MP, never materialised: the image is a function, the output a write-counting sink
		long w = 6000, h = 4000;
		AtomicLong reads = new AtomicLong();
		List<long[]> outside = new ArrayList<>();
		long[][] specks = { { 100, 100 }, { 5900, 3950 }, { 3000, 2000 } };
		RandomAccessibleInterval<UnsignedShortType> image = Views.interval(new FunctionRandomAccessible<>(3, (pos,
			v) -> {
			reads.incrementAndGet();
			boolean near = false;
			for (long[] s : specks)
				near |= Math.abs(pos.getLongPosition(0) - s[0]) <= 64 + 3 && Math.abs(pos.getLongPosition(1) - s[1]) <= 64 + 3;
			if (!near && outside.size() < 5) outside.add(new long[] { pos.getLongPosition(0), pos.getLongPosition(1) });
			v.set((int) ((pos.getLongPosition(0) * 31 + pos.getLongPosition(1) * 17) % 65536));
		}, UnsignedShortType::new), new long[] { 0, 0, 0 }, new long[] { w - 1, h - 1, 2 });
		RandomAccessibleInterval<UnsignedByteType> mask = Views.interval(new FunctionRandomAccessible<>(2, (pos, v) -> {
			boolean damaged = false;
			for (long[] s : specks)
				damaged |= Math.abs(pos.getLongPosition(0) - s[0]) <= 1 && Math.abs(pos.getLongPosition(1) - s[1]) <= 1;
			v.set(damaged ? 1 : 0);
		}, UnsignedByteType::new), new long[] { 0, 0 }, new long[] { w - 1, h - 1 });
		AtomicLong writes = new AtomicLong();
		RandomAccessibleInterval<FloatType> sink = Views.interval(new FunctionRandomAccessible<>(3, (pos, v) -> {},
			() -> new FloatType() {

				@Override
				public void setReal(double f) {
					writes.incrementAndGet();
				}
			}), new long[] { 0, 0, 0 }, new long[] { w - 1, h - 1, 2 });
		Counting net = new Counting();
		List<Interval> regions = new Inpainter(TinyModels.model(Task.INPAINT)).withTileFunction(net)
			.inpaintDamagedOnly(image, mask, 65535, sink, Progress.NONE);
		assertEquals(3, regions.size());
		assertTrue(outside.isEmpty(), "read outside the crops at " + (outside.isEmpty() ? "" : outside.get(0)[0] + "," +
			outside.get(0)[1]));
		long cropValues = 3 * 3 * 131L * 131; // 3 crops x 3 channels, 2*64+3 a side (one clipped: fewer)
		assertTrue(reads.get() <= cropValues, "reads " + reads.get());
		assertEquals(3 * 9 * 3, writes.get()); // 3 specks of 3x3 pixels, 3 channels
		assertTrue(net.pixels.get() < 40 * 131 * 131, "network pixels " + net.pixels.get());
	}

	@Test
	void largeDamageIsCutIntoBoundedWindowsThatCoverItOnce() {
		Interval region = Intervals.createMinMax(10, 20, 10 + 5000 - 1, 20 + 2100 - 1);
		List<Inpainter.Window> windows = Inpainter.Window.split(region, 6000, 3000);
		long covered = 0;
		for (Inpainter.Window win : windows) {
			assertTrue(win.read.dimension(0) <= Inpainter.MAX_WINDOW && win.read.dimension(1) <= Inpainter.MAX_WINDOW,
				win.read.toString());
			assertTrue(Intervals.contains(win.read, win.core));
			covered += win.core.dimension(0) * win.core.dimension(1);
			for (Inpainter.Window other : windows)
				if (other != win) assertTrue(Intervals.isEmpty(Intervals.intersect(win.core, other.core)));
		}
		assertEquals(5000L * 2100, covered);
		assertEquals(1, Inpainter.Window.split(Intervals.createMinMax(0, 0, 2047, 99), 6000, 3000).size());
	}

	@Test
	void inpaintingRetriesWithSmallerTilesWhenTheNetworkRunsOutOfMemory() {
		int w = 120, h = 90;
		Img<FloatType> img = ArrayImgs.floats(w, h, 3);
		Img<UnsignedByteType> m = mask(w, h, new int[] { 40, 30, 30, 20 });
		List<Long> widths = new ArrayList<>();
		Counting identity = new Counting();
		TileFunction failsAbove32 = tiles -> {
			widths.add(tiles.get(0).dimension(0));
			if (tiles.get(0).dimension(0) > 32) throw new RuntimeException("std::bad_alloc"); // ND4J's native message
			return identity.apply(tiles);
		};
		List<String> log = new ArrayList<>();
		Img<FloatType> out = ArrayImgs.floats(w, h, 3);
		ModelFile model = TinyModels.model(Task.INPAINT);
		model.metadata().tileSize = 64; // the tiny model's multiple is 16: 64 can shrink to 32
		new Inpainter(model).withBatchSize(4).withTileFunction(failsAbove32).inpaint(img, m,
			1, out, new Progress() {

				@Override
				public void log(String message) {
					log.add(message);
				}
			});
		assertEquals(64L, widths.get(0));
		assertEquals(32L, (long) widths.get(widths.size() - 1));
		assertTrue(log.stream().anyMatch(s -> s.contains("retrying with 2")), log.toString());
		assertTrue(log.stream().anyMatch(s -> s.contains("starting again with tile size 32")), log.toString());
	}

	@Test
	void colorizingAnImageBeyondTheSideLimitFailsClearlyBeforeReadingIt() {
		// rows are Java arrays: a side of 2^31 or more is refused up front, before a single value is read
		AtomicLong reads = new AtomicLong();
		RandomAccessibleInterval<UnsignedByteType> huge = Views.interval(new FunctionRandomAccessible<>(2, (p, v) -> {
			reads.incrementAndGet();
			v.set(0);
		}, UnsignedByteType::new), new long[] { 0, 0 }, new long[] { (1L << 31) + 10, 9 });
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Colorizer(TinyModels.model(
			Task.COLORIZE)).colorize(huge, 255, Progress.NONE));
		assertTrue(e.getMessage().contains("too large") && e.getMessage().contains("crop or scale"), e.getMessage());
		assertEquals(0, reads.get());
	}

	/** A gray ramp that exists only as a function: nothing of it is materialised unless the colouriser copies it. */
	private static RandomAccessibleInterval<UnsignedShortType> virtualRamp(long w, long h) {
		return Views.interval(new FunctionRandomAccessible<>(2, (p, v) -> v.set((int) ((p.getLongPosition(0) * 7 +
			p.getLongPosition(1) * 1000) % 65536)), UnsignedShortType::new), new long[] { 0, 0 }, new long[] { w - 1,
				h - 1 });
	}

	private static void assertLightnessKept(RandomAccessibleInterval<UnsignedShortType> gray, Img<FloatType> rgb) {
		Img<FloatType> l = org.revivegan.core.color.Lab.lightness(rgb);
		Cursor<UnsignedShortType> g = Views.flatIterable(gray).cursor();
		Cursor<FloatType> lc = Views.flatIterable(l).cursor();
		long within = 0, n = 0;
		while (g.hasNext()) {
			n++;
			if (Math.abs(org.revivegan.core.color.Lab.grayToLightness(g.next().get() / 65535f) - lc.next().get()) < 1)
				within++;
		}
		assertTrue(within > 0.95 * n, within + " of " + n);
	}

	@Test
	void colorizingAVirtualImageStreamsItsRowsIntoTheResult() {
		// 20000 x 7, read row by row from a function: the result has the image's size and keeps its lightness
		RandomAccessibleInterval<UnsignedShortType> gray = virtualRamp(20000, 7);
		Img<FloatType> rgb = new Colorizer(TinyModels.model(Task.COLORIZE)).colorize(gray, 65535, Progress.NONE);
		assertArrayEquals(new long[] { 20000, 7, 3 }, Intervals.dimensionsAsLongArray(rgb));
		assertTrue(rgb instanceof net.imglib2.img.array.ArrayImg);
		assertLightnessKept(gray, rgb);
	}

	@Test
	void resultsOfMoreValuesThanAnArrayHoldsAreCellImagesWithTheSamePixels() {
		// 2^31 values would need 8 GB here, so the limit is lowered: the cell-image branch is the same code path
		RandomAccessibleInterval<UnsignedShortType> gray = virtualRamp(150, 70);
		Colorizer arrays = new Colorizer(TinyModels.model(Task.COLORIZE));
		Colorizer cells = new Colorizer(TinyModels.model(Task.COLORIZE));
		cells.arrayLimit = 150 * 70 * 3; // exactly this image's values: the first size that needs cells
		cells.cellSize = 32; // cells that do not divide the image
		Img<FloatType> expected = arrays.colorize(gray, 65535, Progress.NONE);
		Img<FloatType> cellImage = cells.colorize(gray, 65535, Progress.NONE);
		assertTrue(expected instanceof net.imglib2.img.array.ArrayImg);
		assertTrue(cellImage instanceof net.imglib2.img.cell.CellImg, cellImage.getClass().getName());
		assertArrayEquals(Intervals.dimensionsAsLongArray(expected), Intervals.dimensionsAsLongArray(cellImage));
		Cursor<FloatType> e = Views.flatIterable(expected).cursor(), c = Views.flatIterable(cellImage).cursor();
		while (e.hasNext())
			assertEquals(e.next().get(), c.next().get(), 0, "the same pixel in both results");
		assertLightnessKept(gray, cellImage);
	}

	@Test
	void colorizationOfAWideImageKeepsItsLightness() {
		// wider than the working size in one direction only: the row-by-row shrink and enlarge must line up
		int w = 211, h = 23;
		Img<UnsignedShortType> gray = ArrayImgs.unsignedShorts(w, h);
		Cursor<UnsignedShortType> c = gray.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			c.get().set((int) (c.getLongPosition(0) * 300 + c.getLongPosition(1) * 100));
		}
		Img<FloatType> rgb = new Colorizer(TinyModels.model(Task.COLORIZE)).colorize(gray, 65535, Progress.NONE);
		Img<FloatType> l = org.revivegan.core.color.Lab.lightness(rgb);
		Cursor<UnsignedShortType> g = gray.cursor();
		Cursor<FloatType> lc = l.cursor();
		int within = 0;
		while (g.hasNext())
			if (Math.abs(org.revivegan.core.color.Lab.grayToLightness(g.next().get() / 65535f) - lc.next().get()) < 1)
				within++;
		assertTrue(within > 0.95 * w * h, within + " of " + w * h);
	}
}
