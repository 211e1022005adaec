package org.revivegan.core.tiling;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import net.imglib2.Cursor;
import net.imglib2.FinalInterval;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.util.Rng;

class TilerTest {

	/** Image sizes that catch off-by-ones: tiny, odd, exactly a tile, a tile plus one, long and thin. */
	private static final long[][] SIZES = { { 1, 1 }, { 3, 5 }, { 1, 40 }, { 32, 32 }, { 33, 32 }, { 64, 64 }, {
		65, 17 }, { 56, 56 }, { 57, 81 }, { 100, 1 }, { 1000, 37 }, { 129, 130 } };

	/** tile size, overlap, multiple */
	private static final int[][] SETTINGS = { { 32, 8, 8 }, { 64, 16, 32 }, { 16, 0, 4 }, { 48, 24, 16 }, { 32, 5,
		1 }, { 24, 7, 8 } };

	private static ArrayImg<FloatType, FloatArray> random(long w, long h, long c, long seed) {
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(w, h, c);
		Rng rng = new Rng(seed);
		for (FloatType v : img)
			v.setReal(rng.nextDouble());
		return img;
	}

	private static final TileFunction IDENTITY = tiles -> tiles;

	@Test
	void weightsSumToExactlyOneAtEveryPixel() {
		for (int[] s : SETTINGS)
			for (long[] size : SIZES) {
				Tiler tiler = new Tiler(s[0], s[1], s[2]);
				int w = (int) size[0], h = (int) size[1];
				float[] sumF = new float[w * h];
				double[] sumD = new double[w * h];
				List<Tile> tiles = tiler.tiles(w, h);
				for (Tile t : tiles) {
					assertEquals(tiles.get(0).width(), t.width());
					assertEquals(tiles.get(0).height(), t.height());
					for (int y = 0; y < h; y++)
						for (int x = 0; x < w; x++) {
							sumF[x + w * y] += t.weightAt(x, y);
							sumD[x + w * y] += t.weightAt(x, y);
						}
				}
				for (int i = 0; i < w * h; i++) {
					String where = "pixel " + i % w + "," + i / w + " of " + w + "x" + h + " with " + tiler.tileSize() +
						"/" + tiler.overlap() + "/" + tiler.multiple();
					assertEquals(1f, sumF[i], 0f, where);
					assertEquals(1.0, sumD[i], 0.0, where);
				}
			}
	}

	@Test
	void tilesAreMultiplesAndOverlapByExactlyTheOverlap() {
		for (int[] s : SETTINGS)
			for (long[] size : SIZES) {
				Tiler tiler = new Tiler(s[0], s[1], s[2]);
				List<Tile> tiles = tiler.tiles(size[0], size[1]);
				Tile first = tiles.get(0);
				assertEquals(0, first.width() % tiler.multiple());
				assertEquals(0, first.height() % tiler.multiple());
				assertTrue(first.width() <= tiler.tileSize() && first.height() <= tiler.tileSize());
				Tile last = tiles.get(tiles.size() - 1);
				assertTrue(first.minX() <= 0 && first.minY() <= 0);
				assertTrue(last.minX() + last.width() >= size[0] && last.minY() + last.height() >= size[1]);
				for (Tile t : tiles)
					if (t.column() > 0) {
						Tile left = tiles.get(t.index() - 1);
						assertEquals(tiler.overlap(), left.minX() + left.width() - t.minX(), t.toString());
					}
				// 1 at the image border and in a tile's core
				assertEquals(1f, first.weightAt(0, 0));
				assertEquals(1f, last.weightAt(size[0] - 1, size[1] - 1));
			}
	}

	@Test
	void tileCountsAndPositionsForKnownSizes() {
		Tiler tiler = new Tiler(256, 32, 32); // step 224
		List<Tile> tiles = tiler.tiles(1, 1);
		assertEquals(1, tiles.size());
		assertEquals(32, tiles.get(0).width()); // one multiple, not a whole tile
		assertEquals(-15, tiles.get(0).minX()); // centred: 15 pixels mirrored before, 16 after

		tiles = tiler.tiles(3, 5);
		assertEquals(1, tiles.size());
		assertEquals(32, tiles.get(0).height());
		assertEquals(-13, tiles.get(0).minY());

		tiles = tiler.tiles(256, 256);
		assertEquals(1, tiles.size());
		assertEquals(new FinalInterval(new long[] { 0, 0 }, new long[] { 255, 255 }).toString(), tiles.get(0)
			.interval().toString());

		tiles = tiler.tiles(257, 100); // a tile plus one: two columns, 128 rows (100 rounded up)
		assertEquals(2, tiles.size());
		assertEquals(128, tiles.get(0).height());
		assertEquals(-111, tiles.get(0).minX()); // excess 224 + 256 - 257 = 223, 111 of it before
		assertEquals(113, tiles.get(1).minX());

		tiles = tiler.tiles(480, 480); // 224 + 256 = 480: a 2 x 2 grid with no excess
		assertEquals(4, tiles.size());
		assertEquals(224, tiles.get(3).minX());
		assertEquals(224, tiles.get(3).minY());
		assertEquals(0, tiles.get(0).minX());

		tiles = tiler.tiles(1000, 37); // ceil((1000 - 32) / 224) = 5 columns, one row of 64
		assertEquals(5, tiles.size());
		assertEquals(64, tiles.get(0).height());
		long[] starts = tiles.stream().mapToLong(Tile::minX).toArray();
		assertArrayEquals(new long[] { -76, 148, 372, 596, 820 }, starts);

		assertEquals(18 * 14, tiler.tiles(4000, 3000).size());
		assertEquals(6, tiler.tiles(480, 481).size()); // one more row needs a third row of tiles
	}

	@Test
	void tiledPixelsIsTheSumOfTheTilesAreas() {
		for (int[] s : SETTINGS)
			for (long[] size : SIZES) {
				Tiler tiler = new Tiler(s[0], s[1], s[2]);
				long sum = 0;
				for (Tile t : tiler.tiles(size[0], size[1]))
					sum += (long) t.width() * t.height();
				assertEquals(sum, tiler.tiledPixels(size[0], size[1]), size[0] + "x" + size[1] + " with " + s[0] + "/" +
					s[1] + "/" + s[2]);
			}
		assertEquals(256L * 256, new Tiler(256, 32, 128).tiledPixels(248, 129)); // one tile, rounded up to 128
		assertEquals(3L * 256 * 128, new Tiler(256, 32, 128).tiledPixels(620, 100)); // ceil((620 - 32) / 224) = 3 by 128
	}

	@Test
	void identityReturnsTheInputForManySizesAndSettings() {
		for (int[] s : SETTINGS)
			for (long[] size : SIZES) {
				Tiler tiler = new Tiler(s[0], s[1], s[2]).withBatchSize(3);
				ArrayImg<FloatType, FloatArray> input = random(size[0], size[1], 3, size[0] * 31 + size[1]);
				Img<FloatType> out = tiler.process(input, 3, IDENTITY, Progress.NONE);
				assertArrayEquals(input.dimensionsAsLongArray(), out.dimensionsAsLongArray());
				assertEquals(0, maxDifference(input, out), 1e-6, size[0] + "x" + size[1] + " with " + s[0] + "/" +
					s[1] + "/" + s[2]);
			}
	}

	@Test
	void readsSubViewsAndTwoDimensionalImagesAndMirrorsOutside() {
		ArrayImg<FloatType, FloatArray> big = random(50, 40, 2, 7);
		RandomAccessibleInterval<FloatType> view = Views.interval(big, new long[] { 10, 5, 1 }, new long[] { 30, 20,
			1 }); // 21 x 16 x 1, min not zero
		Tiler tiler = new Tiler(16, 4, 8);
		Img<FloatType> out = tiler.process(view, 1, IDENTITY, Progress.NONE);
		assertEquals(0, maxDifference(Views.zeroMin(view), out), 1e-6);

		RandomAccessibleInterval<FloatType> plane = Views.hyperSlice(big, 2, 0);
		Img<FloatType> outPlane = tiler.process(plane, 1, IDENTITY, Progress.NONE);
		assertArrayEquals(new long[] { 50, 40, 1 }, outPlane.dimensionsAsLongArray());
		assertEquals(0, maxDifference(Views.addDimension(plane, 0, 0), outPlane), 1e-6);

		// a 3x2 image in one 8x8 tile: the tile holds the image mirrored around it, not zeros
		ArrayImg<FloatType, FloatArray> small = ArrayImgs.floats(new float[] { 1, 2, 3, 4, 5, 6 }, 3, 2, 1);
		List<Img<FloatType>> seen = new ArrayList<>();
		tiler.process(small, 1, tiles -> {
			seen.addAll(tiles);
			return tiles;
		}, Progress.NONE);
		assertEquals(1, seen.size());
		Img<FloatType> t = seen.get(0);
		assertArrayEquals(new long[] { 8, 8, 1 }, t.dimensionsAsLongArray());
		// the tile starts at (-2, -3): tile (2, 3) is image (0, 0); mirror single: image x -1 is x 1, y 2 is y 0
		assertEquals(1f, t.getAt(2, 3, 0).get());
		assertEquals(6f, t.getAt(4, 4, 0).get());
		assertEquals(2f, t.getAt(1, 3, 0).get());
		assertEquals(1f, t.getAt(2, 5, 0).get());
	}

	@Test
	void perTileConstantsBlendAcrossSeamsAndAreExactInTileCores() {
		Tiler tiler = new Tiler(32, 8, 8);
		int w = 70, h = 45;
		List<Tile> tiles = tiler.tiles(w, h);
		assertEquals(3 * 2, tiles.size());
		// each output tile holds 1 + its index; the tiler is given the tiles in index order
		AtomicInteger next = new AtomicInteger();
		TileFunction constant = inputs -> {
			List<Img<FloatType>> out = new ArrayList<>();
			for (Img<FloatType> in : inputs) {
				Img<FloatType> o = ArrayImgs.floats(in.dimension(0), in.dimension(1), 1);
				float value = 1 + next.getAndIncrement();
				for (FloatType v : o)
					v.set(value);
				out.add(o);
			}
			return out;
		};
		Img<FloatType> out = tiler.withBatchSize(4).process(ArrayImgs.floats(w, h, 3), 1, constant, Progress.NONE);
		RandomAccess<FloatType> ra = out.randomAccess();
		int cores = 0, seams = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				double expected = 0, min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
				int covering = 0;
				for (Tile t : tiles) {
					float wt = t.weightAt(x, y);
					expected += wt * (1 + t.index());
					if (wt > 0) {
						covering++;
						min = Math.min(min, 1 + t.index());
						max = Math.max(max, 1 + t.index());
					}
				}
				float value = ra.setPositionAndGet(x, y, 0).get();
				assertEquals(expected, value, 1e-5, "at " + x + "," + y);
				if (covering == 1) {
					assertEquals((float) min, value, 0f, "core at " + x + "," + y);
					cores++;
				}
				else {
					assertTrue(value > min && value < max, "seam at " + x + "," + y + ": " + value);
					seams++;
				}
			}
		assertTrue(cores > 0 && seams > 0);
		// across the vertical seam between columns 0 and 1 (row 0 of tiles), values rise monotonically from 1 to 2
		Tile right = tiles.get(1);
		float previous = ra.setPositionAndGet(right.minX() - 1, 2, 0).get();
		assertEquals(1f, previous);
		for (long x = right.minX(); x < right.minX() + tiler.overlap(); x++) {
			float v = ra.setPositionAndGet(x, 2, 0).get();
			assertTrue(v > previous && v < 2, "x " + x + ": " + v);
			previous = v;
		}
		assertEquals(2f, ra.setPositionAndGet(right.minX() + tiler.overlap(), 2, 0).get());
	}

	@Test
	void cancellingStopsBetweenBatches() {
		Tiler tiler = new Tiler(16, 4, 4);
		AtomicInteger calls = new AtomicInteger();
		Progress cancelAfterTwo = new Progress() {

			@Override
			public boolean isCanceled() {
				return calls.get() >= 2;
			}
		};
		assertThrows(CancellationException.class, () -> tiler.process(ArrayImgs.floats(100, 100, 1), 1, tiles -> {
			calls.incrementAndGet();
			return tiles;
		}, cancelAfterTwo));
		assertEquals(2, calls.get());
	}

	@Test
	void reportsTileKOfN() {
		Tiler tiler = new Tiler(16, 4, 4).withBatchSize(2);
		List<String> status = new ArrayList<>();
		List<Double> fractions = new ArrayList<>();
		Progress recorder = new Progress() {

			@Override
			public void status(String message) {
				status.add(message);
			}

			@Override
			public void progress(double fraction) {
				fractions.add(fraction);
			}
		};
		tiler.process(ArrayImgs.floats(30, 12, 1), 1, IDENTITY, recorder); // 3 x 1 tiles
		assertEquals(List.of("Tiles 1-2 of 3", "Tile 3 of 3"), status);
		assertEquals(List.of(0.0, 2 / 3.0, 1.0), fractions);
	}

	@Test
	void outOfMemoryHalvesTheBatch() {
		Tiler tiler = new Tiler(16, 4, 4).withBatchSize(8);
		List<Integer> batchSizes = new ArrayList<>();
		TileFunction failsAboveTwo = tiles -> {
			batchSizes.add(tiles.size());
			if (tiles.size() > 2) throw new OutOfMemoryError("fake: " + tiles.size() + " tiles");
			return tiles;
		};
		List<String> log = new ArrayList<>();
		ArrayImg<FloatType, FloatArray> input = random(60, 30, 2, 3); // 5 x 3 = 15 tiles
		assertEquals(15, tiler.tiles(60, 30).size());
		Img<FloatType> out = tiler.process(input, 2, failsAboveTwo, logger(log));
		assertEquals(0, maxDifference(input, out), 1e-6);
		// 8 fails, 4 fails, then batches of 2: 7 x 2 + 1
		assertEquals(List.of(8, 4, 2, 2, 2, 2, 2, 2, 2, 1), batchSizes);
		assertEquals(2, log.size());
		assertTrue(log.get(0).contains("8 tiles per batch; retrying with 4"), log.get(0));
	}

	@Test
	void outOfMemoryAtOneTileHalvesTheTileSizeAndStartsAgain() {
		Tiler tiler = new Tiler(64, 8, 8).withBatchSize(2);
		assertEquals(24, tiler.minimumTileSize());
		List<Long> widths = new ArrayList<>();
		TileFunction failsAbove24 = tiles -> {
			widths.add(tiles.get(0).dimension(0));
			// a RuntimeException caused by an OutOfMemoryError counts too (ND4J wraps some failures)
			if (tiles.get(0).dimension(0) > 24) throw new IllegalStateException("wrapped", new OutOfMemoryError());
			return tiles;
		};
		List<String> log = new ArrayList<>();
		ArrayImg<FloatType, FloatArray> input = random(100, 50, 3, 11);
		Img<FloatType> out = tiler.process(input, 3, failsAbove24, logger(log));
		assertEquals(0, maxDifference(input, out), 1e-6);
		// 64 wide: batch 2 fails, batch 1 fails; 32: fails; 24 (the minimum) works
		assertEquals(List.of(64L, 64L, 32L), widths.subList(0, 3));
		assertTrue(widths.subList(3, widths.size()).stream().allMatch(w -> w == 24));
		assertEquals(6 * 3, widths.size() - 3); // at 24: ceil((100 - 8) / 16) x ceil((50 - 8) / 16) tiles, one a call
		assertTrue(log.stream().anyMatch(m -> m.contains("starting again with tile size 32")), log.toString());
		assertTrue(log.stream().anyMatch(m -> m.contains("starting again with tile size 24")), log.toString());
	}

	@Test
	void outOfMemoryEvenAtTheSmallestTileTellsWhatToDo() {
		Tiler tiler = new Tiler(64, 8, 8).withBatchSize(4);
		IllegalStateException e = assertThrows(IllegalStateException.class, () -> tiler.process(random(100, 100, 1,
			1), 1, tiles -> {
				throw new OutOfMemoryError("fake");
			}, Progress.NONE));
		assertTrue(e.getMessage().contains("smaller tile size"), e.getMessage());
		assertTrue(e.getMessage().contains("more memory"), e.getMessage());
		assertTrue(e.getMessage().contains("24x24"), e.getMessage());
		assertTrue(e.getCause() instanceof OutOfMemoryError);
	}

	@Test
	void otherExceptionsAndWrongOutputsAreNotRetried() {
		Tiler tiler = new Tiler(16, 4, 4).withBatchSize(4);
		AtomicInteger calls = new AtomicInteger();
		assertThrows(ArithmeticException.class, () -> tiler.process(ArrayImgs.floats(40, 40, 1), 1, tiles -> {
			calls.incrementAndGet();
			throw new ArithmeticException();
		}, Progress.NONE));
		assertEquals(1, calls.get());
		IllegalStateException e = assertThrows(IllegalStateException.class, () -> tiler.process(ArrayImgs.floats(40,
			40, 1), 2, IDENTITY, Progress.NONE));
		assertTrue(e.getMessage().contains("expected [16, 16, 2]"), e.getMessage());
	}

	@Test
	void rejectsSettingsThatCannotMakeAGrid() {
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new Tiler(100, 16, 32)).getMessage().contains(
			"multiple of 32"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new Tiler(64, 40, 32)).getMessage().contains(
			"at least twice the overlap"));
		assertThrows(IllegalArgumentException.class, () -> new Tiler(64, 8, 32).withBatchSize(0));
		assertThrows(IllegalArgumentException.class, () -> new Tiler(64, -1, 32));
		assertEquals(64, new Tiler(64, 32, 32).tiles(65, 10).get(0).width()); // overlap = tile / 2 still works
	}

	private static Progress logger(List<String> log) {
		return new Progress() {

			@Override
			public void log(String message) {
				log.add(message);
			}
		};
	}

	private static double maxDifference(RandomAccessibleInterval<FloatType> a, RandomAccessibleInterval<FloatType> b) {
		assertArrayEquals(a.dimensionsAsLongArray(), b.dimensionsAsLongArray());
		Cursor<FloatType> ca = Views.flatIterable(a).cursor(), cb = Views.flatIterable(b).cursor();
		double max = 0;
		while (ca.hasNext())
			max = Math.max(max, Math.abs(ca.next().get() - cb.next().get()));
		return max;
	}
}
