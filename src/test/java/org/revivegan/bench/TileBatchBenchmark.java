package org.revivegan.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.revivegan.core.model.DefaultModels;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.tensor.Tensors;
import org.revivegan.core.util.Rng;

/**
 * CPU time per tile of a generator's inference forward pass at several batch sizes, as the tile loops run it
 * (stack the tiles, {@code output(false, x)}, unstack): what batching tiles saves per tile (issue 13). The
 * batch sizes are interleaved round by round, so that a load that comes and goes on the machine falls on all
 * of them alike; the median over the rounds is reported.
 * <p>
 * Usage: {@code TileBatchBenchmark [task inpaint|colorize|detect] [tile 256] [batches 1,2,4,8] [rounds 7]
 * [model file]}; the task's bundled default model unless a file is given. Pin it to one core with
 * {@code OMP_NUM_THREADS=1 taskset -c 0} for single-core figures.
 * </p>
 */
public final class TileBatchBenchmark {

	private TileBatchBenchmark() {}

	public static void main(String[] args) throws IOException {
		Task task = Task.parse(args.length > 0 ? args[0] : "inpaint");
		int tile = args.length > 1 ? Integer.parseInt(args[1]) : 256;
		int[] batches = Arrays.stream((args.length > 2 ? args[2] : "1,2,4,8").split(",")).mapToInt(Integer::parseInt)
			.toArray();
		int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 7;
		ModelFile model = args.length > 4 ? ModelFile.load(Paths.get(args[4]), task) : DefaultModels.load(task);
		ComputationGraph g = model.generator();
		int channels = model.metadata().generator.inChannels;
		Rng rng = new Rng(1);
		List<Img<FloatType>> tiles = new ArrayList<>();
		for (int i = 0; i < Arrays.stream(batches).max().getAsInt(); i++) {
			Img<FloatType> t = ArrayImgs.floats(tile, tile, channels);
			for (FloatType v : t)
				v.set((float) (rng.nextDouble() * 2 - 1));
			tiles.add(t);
		}
		System.out.printf(Locale.ROOT, "%s, tile %d x %d, %d input channels, %d rounds%n", model.metadata().name, tile,
			tile, channels, rounds);
		for (int b : batches) { // warm-up: workspaces sized, code compiled
			forward(g, tiles.subList(0, b));
			forward(g, tiles.subList(0, b));
		}
		double[][] perTile = new double[batches.length][rounds];
		for (int r = 0; r < rounds; r++)
			for (int i = 0; i < batches.length; i++)
				perTile[i][r] = forward(g, tiles.subList(0, batches[i])) / batches[i];
		double base = Double.NaN;
		System.out.println("| batch | CPU ms per tile (median) | min-max | vs batch " + batches[0] + " |");
		System.out.println("|---|---|---|---|");
		for (int i = 0; i < batches.length; i++) {
			double[] s = perTile[i].clone();
			Arrays.sort(s);
			double median = s[s.length / 2];
			if (i == 0) base = median;
			System.out.printf(Locale.ROOT, "| %d | %.1f | %.1f-%.1f | %.2fx |%n", batches[i], median * 1e3, s[0] * 1e3,
				s[s.length - 1] * 1e3, base / median);
		}
	}

	/**
	 * @return the CPU seconds of this thread for one batched forward pass of {@code tiles}, stacking and
	 *         unstacking included: on one pinned core, unlike the wall clock, they leave out the time other
	 *         processes had the core
	 */
	private static double forward(ComputationGraph g, List<Img<FloatType>> tiles) {
		long t0 = processCpuNanos();
		INDArray out = g.output(false, Tensors.stack(tiles, 0, 1))[0];
		for (int i = 0; i < tiles.size(); i++)
			Tensors.toImg(out, i);
		return (processCpuNanos() - t0) / 1e9;
	}

	/**
	 * @return this thread's CPU time in nanoseconds (to the nanosecond, where the process's comes in 10-ms
	 *         ticks): with {@code OMP_NUM_THREADS=1} ND4J's kernels run on the calling thread
	 */
	private static long processCpuNanos() {
		return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
	}
}
