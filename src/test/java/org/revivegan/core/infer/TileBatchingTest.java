package org.revivegan.core.infer;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.tiling.TileFunction;
import org.revivegan.testing.TinyModels;

/**
 * Several tiles per forward pass (issue 13) give what one tile at a time gives, to float rounding, with the
 * real (tiny) networks, and the batch follows the tile size.
 */
class TileBatchingTest {

	/** The network of {@code model}, recording the size of every batch it is given. */
	private static TileFunction recording(ModelFile model, List<Integer> batches) {
		TileFunction network = GeneratorTiles.of(model.generator());
		return tiles -> {
			batches.add(tiles.size());
			return network.apply(tiles);
		};
	}

	/** A smooth RGB photo in [0, 1] with some texture. */
	private static Img<FloatType> photo(int w, int h) {
		Img<FloatType> img = ArrayImgs.floats(w, h, 3);
		Cursor<FloatType> c = img.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			long x = c.getLongPosition(0), y = c.getLongPosition(1), ch = c.getLongPosition(2);
			c.get().set((float) (0.5 + 0.3 * Math.sin(x * 0.05 + ch) * Math.cos(y * 0.07) + 0.1 * ((x * 7 + y * 13) % 5) /
				5));
		}
		return img;
	}

	private static double maxDifference(RandomAccessibleInterval<FloatType> a, RandomAccessibleInterval<FloatType> b) {
		Cursor<FloatType> ca = net.imglib2.view.Views.flatIterable(a).cursor(), cb = net.imglib2.view.Views
			.flatIterable(b).cursor();
		double max = 0;
		while (ca.hasNext())
			max = Math.max(max, Math.abs(ca.next().get() - cb.next().get()));
		return max;
	}

	@Test
	void batchedInpaintingEqualsOneTileAtATime() {
		ModelFile model = TinyModels.model(Task.INPAINT); // tiles of 32 pixels
		int w = 300, h = 200;
		Img<FloatType> image = photo(w, h);
		// six stains far apart (six crops of the same size, several tiles each) and a scratch
		Img<UnsignedByteType> mask = ArrayImgs.unsignedBytes(w, h);
		RandomAccess<UnsignedByteType> m = mask.randomAccess();
		for (int k = 0; k < 6; k++)
			for (int y = 0; y < 9; y++)
				for (int x = 0; x < 11; x++)
					m.setPositionAndGet(20 + 95 * (k % 3) + x, 30 + 120 * (k / 3) + y).set(1);
		for (int x = 40; x < 260; x++)
			m.setPositionAndGet(x, 100).set(1);

		List<Integer> single = new ArrayList<>(), batched = new ArrayList<>(), auto = new ArrayList<>();
		Img<FloatType> one = new Inpainter(model).withBatchSize(1).withTileFunction(recording(model, single)).inpaint(
			image, mask, Progress.NONE);
		Img<FloatType> eight = new Inpainter(model).withBatchSize(8).withTileFunction(recording(model, batched))
			.inpaint(image, mask, Progress.NONE);
		Img<FloatType> chosen = new Inpainter(model).withTileFunction(recording(model, auto)).inpaint(image, mask,
			Progress.NONE);

		assertTrue(single.stream().allMatch(b -> b == 1), single.toString());
		int tiles = single.size();
		assertTrue(tiles >= 16, tiles + " tiles"); // enough to batch
		assertEquals(tiles, batched.stream().mapToInt(Integer::intValue).sum());
		assertTrue(batched.size() < tiles / 2, "batches " + batched);
		assertEquals(GeneratorTiles.MAX_BATCH, GeneratorTiles.batchFor(model.metadata().tileSize)); // 32 px: the most
		assertEquals(batched, auto);
		assertEquals(0, maxDifference(one, eight), 1e-4);
		assertEquals(0, maxDifference(one, chosen), 1e-4);
		// and outside the mask, still the input, bit for bit
		Cursor<FloatType> in = image.localizingCursor();
		RandomAccess<FloatType> out = eight.randomAccess();
		while (in.hasNext()) {
			in.fwd();
			if (m.setPositionAndGet(in.getLongPosition(0), in.getLongPosition(1)).get() != 0) continue;
			out.setPosition(in);
			assertEquals(in.get().get(), out.get().get(), 0.0);
		}
	}

	@Test
	void batchedDetectionEqualsOneTileAtATime() {
		ModelFile model = TinyModels.model(Task.DETECT);
		Img<FloatType> image = photo(150, 110);
		List<Integer> single = new ArrayList<>(), batched = new ArrayList<>();
		ArrayImg<FloatType, FloatArray> one = new Detector(model).withBatchSize(1).withTileFunction(recording(model,
			single)).probabilities(image, 1, Progress.NONE);
		ArrayImg<FloatType, FloatArray> chosen = new Detector(model).withTileFunction(recording(model, batched))
			.probabilities(image, 1, Progress.NONE);
		assertTrue(single.size() > 8, single.size() + " tiles");
		assertTrue(batched.size() < single.size(), "batches " + batched);
		assertEquals(0, maxDifference(one, chosen), 1e-4);
	}

	@Test
	void theBatchHoldsAtMostAFixedNumberOfPixels() {
		assertEquals(1, GeneratorTiles.batchFor(2048));
		assertEquals(1, GeneratorTiles.batchFor(512));
		assertEquals(2, GeneratorTiles.batchFor(362)); // 2 x 362^2 <= 4 x 256^2 < 3 x 362^2
		assertEquals(4, GeneratorTiles.batchFor(256)); // the bundled models' tiles: four per pass, as before
		assertEquals(GeneratorTiles.MAX_BATCH, GeneratorTiles.batchFor(128));
		assertEquals(GeneratorTiles.MAX_BATCH, GeneratorTiles.batchFor(16));
		for (int t = 16; t <= 4096; t += 16)
			assertTrue(GeneratorTiles.batchFor(t) == 1 || (long) GeneratorTiles.batchFor(t) * t * t <=
				GeneratorTiles.BATCH_PIXELS, "tile " + t);
	}
}
