package org.revivegan.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.revivegan.core.gan.Pix2Pix;
import org.revivegan.core.model.GeneratorSpec;
import org.revivegan.core.model.Task;
import org.revivegan.core.nets.Backend;
import org.revivegan.core.nets.Flops;
import org.revivegan.core.nets.PatchDiscriminator;

/**
 * Speed benchmark of the generator presets on this machine (a manual tool, not a test): generator inference
 * at batch 1 and 4 and a full pix2pix adversarial training step at batch 4, each turned into achieved GFLOP/s
 * with {@link Flops} and compared with a large single-precision matrix multiply timed in the same run
 * ("% of sgemm": how much of the CPU's practical peak the convolutions reach).
 * <p>
 * Run it with {@code bench/speed.sh [--presets tiny,small] [--quick] [--out docs/performance.md]}; see
 * {@link #usage()}. Every preset uses the inpainting layout: G 4 -> 3 channels, D a PatchGAN on 7 channels
 * (ndf 64, 3 stride-2 layers), lambda 100. Timings are medians after warm-up runs. Peak RSS is the
 * process's high-water mark (VmHWM), reset before each preset where the kernel allows it (so each row shows
 * its own peak, which includes the Java heap touched so far).
 * </p>
 */
public final class SpeedBenchmark {

	/** Target shares of the sgemm rate for pix2pix-256 (from docs/DL4J notes; printed, not asserted). */
	static final double TARGET_FORWARD_B4 = 0.55, TARGET_TRAIN = 0.30;
	static final String TARGET_PRESET = "pix2pix-256";

	/** Each preset's natural training crop: the size its use case trains on (at least one multiple). */
	static final Map<String, Integer> NATURAL_SIZE = new LinkedHashMap<>();
	static {
		NATURAL_SIZE.put("tiny", 64);
		NATURAL_SIZE.put("small", 128);
		NATURAL_SIZE.put("medium", 128);
		NATURAL_SIZE.put("pix2pix-256", 256);
		NATURAL_SIZE.put("resnet18-unet", 256);
		NATURAL_SIZE.put("resnet18-unet-small", 256);
	}

	private static final int BATCH = 4;
	private static final int DISCRIMINATOR_NDF = 64, DISCRIMINATOR_LAYERS = 3;
	private static final double LAMBDA = 100;

	static final class Options {
		List<String> presets = new ArrayList<>(Arrays.asList(GeneratorSpec.presets()));
		boolean quick;
		Path out;
		int gemm = 4096;
		Integer size;
		Integer runs, trainRuns, warmup;

		int warmup() {
			return warmup != null ? warmup : quick ? 1 : 2;
		}

		int runs() {
			return runs != null ? runs : quick ? 3 : 10;
		}

		int trainRuns() {
			return trainRuns != null ? trainRuns : quick ? 3 : 6;
		}
	}

	/** One table row. */
	static final class Row {
		String preset;
		String skipped;
		long generatorParams, discriminatorParams;
		int size;
		double forward1, forward4, step; // seconds: per image at batch 1, per image at batch 4, per step
		double[] forward1Runs, forward4Runs, stepRuns; // seconds per call, for the spread
		long generatorFlops, discriminatorFlops, stepFlops; // per image
		long peakRss = -1;
		boolean rssReset;

		double forward1Rate() {
			return generatorFlops / forward1 / 1e9;
		}

		double forward4Rate() {
			return generatorFlops / forward4 / 1e9;
		}

		double trainRate() {
			return BATCH * stepFlops / step / 1e9;
		}
	}

	private SpeedBenchmark() {}

	public static void main(String[] args) throws IOException {
		Options o = parse(args);
		if (o == null) return;
		Backend.init();
		Map<String, String> env = environment();
		env.forEach((k, v) -> System.out.println(k + ": " + v));
		if (!Backend.oneDnnActive())
			System.out.println("WARNING: oneDNN helpers are off; numbers will be 3-6x slower than they should be.");

		double gemmRate = sgemm(o.gemm, o.quick ? 1 : 2, o.quick ? 3 : 5);
		System.out.printf(Locale.ROOT, "sgemm %dx%d float: %.1f GFLOP/s (median)%n%n", o.gemm, o.gemm, gemmRate);
		System.out.println(header());

		List<Row> rows = new ArrayList<>();
		for (String preset : o.presets) {
			Row row = measure(preset, o);
			rows.add(row);
			System.out.println(format(row, gemmRate));
			if (row.skipped == null) System.out.println("  (runs, s: G fwd b1 " + spread(row.forward1Runs) +
				"; G fwd b4 " + spread(row.forward4Runs) + "; step " + spread(row.stepRuns) + ")");
			if (o.out != null) write(o.out, document(o, env, gemmRate, rows));
		}
		System.out.println();
		System.out.println(targets(rows, gemmRate));
		if (o.out != null) {
			write(o.out, document(o, env, gemmRate, rows));
			System.out.println("Written to " + o.out);
		}
	}

	static Options parse(String[] args) {
		Options o = new Options();
		for (int i = 0; i < args.length; i++) {
			String a = args[i];
			switch (a) {
				case "--presets":
					o.presets = new ArrayList<>(Arrays.asList(value(args, ++i, a).split(",")));
					for (String p : o.presets)
						GeneratorSpec.preset(p, Task.INPAINT); // fails early, naming the presets
					break;
				case "--quick":
					o.quick = true;
					break;
				case "--out":
					o.out = Paths.get(value(args, ++i, a));
					break;
				case "--gemm":
					o.gemm = Integer.parseInt(value(args, ++i, a));
					break;
				case "--size":
					o.size = Integer.parseInt(value(args, ++i, a));
					break;
				case "--runs":
					o.runs = Integer.parseInt(value(args, ++i, a));
					break;
				case "--train-runs":
					o.trainRuns = Integer.parseInt(value(args, ++i, a));
					break;
				case "--warmup":
					o.warmup = Integer.parseInt(value(args, ++i, a));
					break;
				case "-h":
				case "--help":
					System.out.println(usage());
					return null;
				default:
					throw new IllegalArgumentException("Unknown argument '" + a + "'\n" + usage());
			}
		}
		boolean presetsGiven = Arrays.asList(args).contains("--presets");
		if (o.quick && !presetsGiven) o.presets = new ArrayList<>(Arrays.asList("tiny", "small"));
		return o;
	}

	static String usage() {
		return "SpeedBenchmark [--presets a,b,...] [--quick] [--out FILE.md] [--size N] [--gemm N]\n" +
			"               [--runs N] [--train-runs N] [--warmup N]\n" +
			"  --presets     presets to measure (default all: " + String.join(",", GeneratorSpec.presets()) + ";\n" +
			"                with --quick: tiny,small)\n" +
			"  --quick       few repetitions (1 warm-up, 3 runs), for checking that it works\n" +
			"  --out FILE    also write the results as Markdown (for docs/performance.md)\n" +
			"  --size N      image side for every preset instead of its natural crop " + NATURAL_SIZE + "\n" +
			"  --gemm N      side of the reference float matrix multiply (default 4096)\n" +
			"  --runs N      timed forward runs per batch size (default 10); --train-runs (default 6);\n" +
			"  --warmup N    untimed runs first (default 2)";
	}

	private static String value(String[] args, int i, String name) {
		if (i >= args.length) throw new IllegalArgumentException(name + " needs a value\n" + usage());
		return args[i];
	}

	/** @return the median rate of an n x n x n float matrix multiply in GFLOP/s */
	static double sgemm(int n, int warmup, int runs) {
		Nd4j.getRandom().setSeed(7);
		INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
		INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
		INDArray c = Nd4j.create(DataType.FLOAT, n, n);
		double[] t = time(warmup, runs, () -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0));
		a.close();
		b.close();
		c.close();
		return 2.0 * n * n * n / median(t) / 1e9;
	}

	static Row measure(String preset, Options o) {
		Row row = new Row();
		row.preset = preset;
		GeneratorSpec spec = GeneratorSpec.preset(preset, Task.INPAINT);
		int m = spec.multiple();
		int wanted = o.size != null ? o.size : NATURAL_SIZE.getOrDefault(preset, 256);
		row.size = Math.max(m, (wanted + m - 1) / m * m);
		System.gc();
		row.rssReset = resetPeakRss();
		ComputationGraph generator;
		try {
			generator = spec.build(42);
		}
		catch (UnsupportedOperationException e) {
			row.skipped = e.getMessage();
			return row;
		}
		MultiLayerNetwork discriminator = new PatchDiscriminator(spec.inChannels + spec.outChannels,
			DISCRIMINATOR_NDF, DISCRIMINATOR_LAYERS, 43, DataType.FLOAT, new org.revivegan.core.train.TrainingConfig()
				.discriminatorNorm).build(); // what a new run trains
		row.generatorParams = generator.numParams();
		row.discriminatorParams = discriminator.numParams();
		row.generatorFlops = Flops.forward(generator, row.size, row.size);
		row.discriminatorFlops = Flops.forward(discriminator, row.size, row.size);
		row.stepFlops = Flops.pix2pixStep(row.generatorFlops, row.discriminatorFlops);

		Nd4j.getRandom().setSeed(1);
		INDArray in1 = Nd4j.rand(DataType.FLOAT, 1, spec.inChannels, row.size, row.size);
		INDArray in4 = Nd4j.rand(DataType.FLOAT, BATCH, spec.inChannels, row.size, row.size);
		INDArray target4 = Nd4j.rand(DataType.FLOAT, BATCH, spec.outChannels, row.size, row.size).muli(2).subi(1);

		row.forward1Runs = time(o.warmup(), o.runs(), () -> generator.output(false, in1));
		row.forward4Runs = time(o.warmup(), o.runs(), () -> generator.output(false, in4));
		Pix2Pix gan = new Pix2Pix(generator, discriminator, LAMBDA);
		row.stepRuns = time(o.warmup(), o.trainRuns(), () -> gan.stepAdversarial(in4, target4, null));
		row.forward1 = median(row.forward1Runs);
		row.forward4 = median(row.forward4Runs) / BATCH;
		row.step = median(row.stepRuns);
		row.peakRss = peakRssBytes();
		return row;
	}

	/** @return the times in seconds of {@code runs} calls after {@code warmup} untimed ones */
	static double[] time(int warmup, int runs, Runnable r) {
		for (int i = 0; i < warmup; i++) {
			r.run();
			Nd4j.getExecutioner().commit();
		}
		double[] t = new double[runs];
		for (int i = 0; i < runs; i++) {
			long t0 = System.nanoTime();
			r.run();
			Nd4j.getExecutioner().commit();
			t[i] = (System.nanoTime() - t0) / 1e9;
		}
		return t;
	}

	private static String spread(double[] seconds) {
		StringBuilder s = new StringBuilder();
		for (double t : seconds)
			s.append(s.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", t));
		return s.toString();
	}

	static double median(double[] values) {
		double[] v = values.clone();
		Arrays.sort(v);
		int n = v.length;
		return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	}

	/** Resets VmHWM to the current RSS (Linux 4.0+: "5" into clear_refs). @return whether it worked */
	static boolean resetPeakRss() {
		try {
			Files.write(Paths.get("/proc/self/clear_refs"), "5".getBytes(StandardCharsets.US_ASCII));
			return true;
		}
		catch (IOException | RuntimeException e) {
			return false;
		}
	}

	/** @return VmHWM in bytes, or -1 where /proc is not available */
	static long peakRssBytes() {
		try {
			for (String line : Files.readAllLines(Paths.get("/proc/self/status"), StandardCharsets.US_ASCII))
				if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
		}
		catch (IOException | RuntimeException e) {
			// not Linux
		}
		return -1;
	}

	static Map<String, String> environment() {
		Map<String, String> env = new LinkedHashMap<>(Backend.describe());
		env.put("cpu", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " logical cores");
		env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
		String omp = System.getenv("OMP_NUM_THREADS");
		if (omp != null) env.put("OMP_NUM_THREADS", omp);
		return env;
	}

	private static String cpuModel() {
		try {
			for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"), StandardCharsets.US_ASCII))
				if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
		}
		catch (IOException | RuntimeException e) {
			// not Linux
		}
		return "unknown CPU";
	}

	static String header() {
		return "| preset | params G / D | size | G fwd b1 ms/img | G fwd b4 ms/img | train step b4 s | " +
			"GFLOP/img G fwd | GFLOP/img step | fwd b1 GFLOP/s (% sgemm) | fwd b4 GFLOP/s (% sgemm) | " +
			"train GFLOP/s (% sgemm) | peak RSS |\n" +
			"|---|---|---|---|---|---|---|---|---|---|---|---|";
	}

	static String format(Row r, double gemmRate) {
		if (r.skipped != null)
			return String.format(Locale.ROOT, "| %s | | %d | skipped: %s | | | | | | | | |", r.preset, r.size, r.skipped);
		return String.format(Locale.ROOT,
			"| %s | %.2f M / %.2f M | %d | %.1f | %.1f | %.3f | %.2f | %.2f | %.0f (%.0f %%) | %.0f (%.0f %%) | %.0f (%.0f %%) | %s |",
			r.preset, r.generatorParams / 1e6, r.discriminatorParams / 1e6, r.size, 1e3 * r.forward1, 1e3 * r.forward4,
			r.step, r.generatorFlops / 1e9, r.stepFlops / 1e9, r.forward1Rate(), 100 * r.forward1Rate() / gemmRate,
			r.forward4Rate(), 100 * r.forward4Rate() / gemmRate, r.trainRate(), 100 * r.trainRate() / gemmRate,
			rss(r));
	}

	private static String rss(Row r) {
		if (r.peakRss < 0) return "n/a";
		return String.format(Locale.ROOT, "%.2f GB%s", r.peakRss / 1e9, r.rssReset ? "" : " (cumulative)");
	}

	static String targets(List<Row> rows, double gemmRate) {
		for (Row r : rows) {
			if (!TARGET_PRESET.equals(r.preset) || r.skipped != null) continue;
			double f = r.forward4Rate() / gemmRate, t = r.trainRate() / gemmRate;
			return String.format(Locale.ROOT,
				"Targets (%s, not asserted): G forward batch 4 at %.0f %% of sgemm (target >= %.0f %%: %s); " +
					"training step at %.0f %% (target >= %.0f %%: %s).",
				TARGET_PRESET, 100 * f, 100 * TARGET_FORWARD_B4, f >= TARGET_FORWARD_B4 ? "met" : "MISSED", 100 * t,
				100 * TARGET_TRAIN, t >= TARGET_TRAIN ? "met" : "MISSED");
		}
		return String.format(Locale.ROOT, "Targets (%s, not asserted): G forward batch 4 >= %.0f %% of sgemm, " +
			"training step >= %.0f %%; %s was not measured in this run.", TARGET_PRESET, 100 * TARGET_FORWARD_B4,
			100 * TARGET_TRAIN, TARGET_PRESET);
	}

	static String document(Options o, Map<String, String> env, double gemmRate, List<Row> rows) {
		StringBuilder s = new StringBuilder();
		s.append("# Speed of the generator presets\n\n");
		s.append("Measured ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
			.append(" by `bench/speed.sh").append(o.quick ? " --quick" : "").append("`")
			.append(o.quick ? " (quick mode: few repetitions, indicative only)" : "").append(".\n\n");
		env.forEach((k, v) -> s.append("- ").append(k).append(": ").append(v).append('\n'));
		s.append(String.format(Locale.ROOT, "- reference: %dx%d float matrix multiply, %.1f GFLOP/s (median)\n\n",
			o.gemm, o.gemm, gemmRate));
		s.append(header()).append('\n');
		for (Row r : rows)
			s.append(format(r, gemmRate)).append('\n');
		s.append('\n').append(targets(rows, gemmRate)).append("\n\n");
		s.append("## Method\n\n");
		s.append("- Inpainting layout: G 4 -> 3 channels; D a PatchGAN on 7 channels (ndf ").append(DISCRIMINATOR_NDF)
			.append(", ").append(DISCRIMINATOR_LAYERS).append(" stride-2 layers); square images of the preset's " +
				"natural training crop (").append(NATURAL_SIZE).append(", rounded up to the preset's multiple).\n");
		s.append("- G forward: `output(false, x)` (inference mode), ").append(o.warmup()).append(" warm-up runs, median of ")
			.append(o.runs()).append("; per image = batch time / batch size.\n");
		s.append("- Training step: `Pix2Pix.stepAdversarial` at batch ").append(BATCH).append(" (G forward, D on the " +
			"real and the generated pair, G's adversarial + L1 gradient, both Adam updates), median of ")
			.append(o.trainRuns()).append(" after ").append(o.warmup()).append(" warm-up steps.\n");
		s.append("- FLOPs (`org.revivegan.core.nets.Flops`), per image: a convolution 2 kH kW Cin Cout Hout Wout, a " +
			"transposed convolution the same over its input grid; BatchNorm, activations, resizing ignored. A step = " +
			"3 x G forward (forward + backward at 2x) + 3 x 3 x D forward (three D passes, each forward + backward).\n");
		s.append("- Achieved GFLOP/s = FLOPs / median time; % sgemm = that / the matrix multiply's rate in the same " +
			"run. Peak RSS = VmHWM").append(rows.stream().anyMatch(r -> !r.rssReset && r.skipped == null)
				? " of the whole process so far (cumulative: it could not be reset)"
				: ", reset before each preset (it includes the Java heap touched so far)").append(".\n");
		return s.toString();
	}

	private static void write(Path file, String text) throws IOException {
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null) Files.createDirectories(parent);
		Files.write(file, text.getBytes(StandardCharsets.UTF_8));
	}
}
