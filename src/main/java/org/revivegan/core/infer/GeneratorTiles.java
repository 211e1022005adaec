package org.revivegan.core.infer;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.revivegan.core.tensor.Tensors;
import org.revivegan.core.tiling.TileFunction;
import org.revivegan.core.tiling.Tiler;

/** Runs a generator, in inference mode, on a batch of tiles: the tile function both inference paths share. */
final class GeneratorTiles {

	/**
	 * A batch of tiles holds at most this many pixels (four tiles of 256 x 256), so that the network's memory,
	 * which grows with the pixels of one forward pass, does not depend on the tile size. Measured on one core
	 * (docs/performance.md, issue 13; {@code TileBatchBenchmark}): with the bundled inpainting model a tile of
	 * 256 x 256 costs the same at a batch of 1 to 8 (its layers are wide enough), one of 128 x 128 two thirds
	 * at a batch of 4 or 8 (per-layer overheads dominate the thin deep layers); the bundled detector and
	 * colouriser gain 15-20 % per 256-pixel tile at a batch of 2 or 4, nothing more beyond.
	 */
	static final long BATCH_PIXELS = 4L * 256 * 256;

	/** The most tiles of one forward pass, however small they are. */
	static final int MAX_BATCH = 8;

	private GeneratorTiles() {}

	/** @return the tiles per forward pass for tiles of {@code tileSize} pixels a side: 1 to {@link #MAX_BATCH} */
	static int batchFor(int tileSize) {
		long pixels = (long) tileSize * tileSize;
		return (int) Math.max(1, Math.min(MAX_BATCH, BATCH_PIXELS / pixels));
	}

	static TileFunction of(ComputationGraph generator) {
		return tiles -> predict(generator, tiles);
	}

	private static List<RandomAccessibleInterval<FloatType>> predict(ComputationGraph generator, List<Img<FloatType>> tiles) {
		INDArray out;
		try {
			out = generator.output(false, Tensors.stack(tiles, 0, 1))[0];
		}
		catch (RuntimeException | OutOfMemoryError e) {
			if (Tiler.isOutOfMemory(e)) {
				releaseWorkspaces();
				org.revivegan.core.nets.Backend.restoreHelpers(generator);
			}
			throw e;
		}
		List<RandomAccessibleInterval<FloatType>> result = new ArrayList<>();
		for (int i = 0; i < tiles.size(); i++)
			result.add(Tensors.toImg(out, i));
		return result;
	}

	/**
	 * Frees the ND4J workspaces of this thread (and lets the collector free the failed attempt's off-heap
	 * arrays) after a failed allocation, so that the tiler's retry with smaller tiles starts clean. Without
	 * this, in a child JVM with a limited address space ({@code RealOutOfMemoryTest}), the retries at 1024 and
	 * 512 pixels failed too and the one at 256 ended in a NullPointerException inside ND4J
	 * ({@code PointersPair.getHostPointer()} is null: a workspace broken by the failed allocation), which the
	 * tiler cannot recognise; with it, the retry at 512 pixels succeeds. Some address space stays with the
	 * process after a native failure (about 190 MB there), so a retry may need one more halving.
	 */
	static void releaseWorkspaces() {
		try {
			Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
			System.gc(); // the failed attempt's arrays live off-heap until their Java objects are collected
		}
		catch (RuntimeException ignored) {
			// nothing more to free; the retry reports its own failure
		}
	}
}
