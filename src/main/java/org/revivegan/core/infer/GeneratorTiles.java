package org.revivegan.core.infer;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.revivegan.core.tensor.Tensors;
import org.revivegan.core.tiling.TileFunction;

/** Runs a generator, in inference mode, on a batch of tiles: the tile function both inference paths share. */
final class GeneratorTiles {

	private GeneratorTiles() {}

	static TileFunction of(ComputationGraph generator) {
		return tiles -> predict(generator, tiles);
	}

	private static List<RandomAccessibleInterval<FloatType>> predict(ComputationGraph generator, List<Img<FloatType>> tiles) {
		INDArray out = generator.output(false, Tensors.stack(tiles, 0, 1))[0];
		List<RandomAccessibleInterval<FloatType>> result = new ArrayList<>();
		for (int i = 0; i < tiles.size(); i++)
			result.add(Tensors.toImg(out, i));
		return result;
	}
}
