package org.revivegan.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;

import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.revivegan.core.image.ClassicalInpainting;
import org.revivegan.core.image.Images;
import org.revivegan.core.infer.Colorizer;
import org.revivegan.core.infer.Inpainter;
import org.revivegan.core.model.DefaultModels;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.util.Rng;
import org.revivegan.fiji.MaskSources;
import org.revivegan.fiji.commands.CommandAccess;
import org.revivegan.testing.TinyModels;

/**
 * Large-image benchmark (a manual tool, not a test): wall time and peak memory of inpainting at 1 % and 10 %
 * damaged area, of OpenCV's Telea on the same inputs, and of colourisation, at 1, 4, 16 and 64 MP; the
 * {@code fiji-*} cases run the same work through the Inpaint Damage and Colorize commands' code on an RGB
 * {@link ImagePlus} (the result image, the provenance, the map of invented pixels included).
 * <p>
 * Each case runs in its own child JVM so that its peak RSS (VmHWM from /proc/self/status, the process's
 * high-water mark: Java heap touched, ND4J's native memory, the image) is its own; the child also samples the
 * Java heap in use every {@value #HEAP_SAMPLE_MS} ms (live objects and garbage not yet collected) and reports
 * the highest value. Writes {@code large.md} (a Markdown table with the targets) and {@code large.png} (time
 * against megapixels) to the output folder. Run it with {@code bench/large.sh [--sizes 1,4,16,64]
 * [--out target/large-bench] [--inpaint-model FILE] [--colorize-model FILE] [--xmx 4g] [--aspect 1.5]}
 * ({@code --aspect}: width over height, 4/3 unless given; 24 MP at 1.5 is 6000x4000). Models: the given files,
 * else the bundled default models, else tiny untrained ones (fine for timing the pipeline, not the real
 * network).
 * </p>
 * <p>
 * Targets (printed, not asserted): 24-MP colourisation within 20 s and 2 GB peak RSS; inpainting time
 * proportional to the damaged area; cost linear in pixels. The damage is clustered as on real scans (see
 * {@link #damage}); each inpainting case prints its damaged fraction and the number of regions the network
 * ran on.
 * </p>
 */
public final class LargeImageBenchmark {

	static final String[] CASES = { "inpaint-1%", "inpaint-10%", "telea-1%", "telea-10%", "colorize", "fiji-inpaint-1%",
		"fiji-inpaint-10%", "fiji-colorize" };

	/** How often the child samples the heap in use. */
	static final int HEAP_SAMPLE_MS = 2;

	private LargeImageBenchmark() {}

	public static void main(String[] args) throws Exception {
		Map<String, String> a = parse(args);
		if (a.containsKey("help")) {
			System.out.println("bench/large.sh [--sizes 1,4,16,64] [--out target/large-bench] [--inpaint-model FILE] " +
				"[--colorize-model FILE] [--xmx 4g] [--aspect 1.333] [--batch N (inpaint-*: tiles per forward pass; 0 " +
				"from the tile size)] [--cases " + String.join(",", CASES) + "]");
			return;
		}
		if (a.containsKey("child")) {
			child(a);
			return;
		}
		double[] sizes = Arrays.stream(a.getOrDefault("sizes", "1,4,16,64").split(",")).mapToDouble(Double::parseDouble)
			.toArray();
		List<String> cases = Arrays.asList(a.getOrDefault("cases", String.join(",", CASES)).split(","));
		Path out = Paths.get(a.getOrDefault("out", "target/large-bench"));
		Files.createDirectories(out);
		Map<String, double[][]> results = new LinkedHashMap<>(); // case -> per size {seconds, peak RSS MB, heap MB}
		for (String c : cases) {
			double[][] r = new double[sizes.length][];
			for (int i = 0; i < sizes.length; i++) {
				r[i] = runChild(c, sizes[i], a);
				System.out.printf(Locale.ROOT, "%-16s %6.1f MP: %8.2f s, peak RSS %7.0f MB, peak heap %7.0f MB%n", c,
					sizes[i], r[i][0], r[i][1], r[i][2]);
			}
			results.put(c, r);
		}
		String table = table(sizes, results);
		Files.write(out.resolve("large.md"), table.getBytes(StandardCharsets.UTF_8));
		plot(sizes, results, out.resolve("large.png").toFile());
		System.out.println(table);
		System.out.println("Wrote " + out.resolve("large.md") + " and " + out.resolve("large.png"));
	}

	private static double[] runChild(String c, double mp, Map<String, String> a) throws IOException,
		InterruptedException
	{
		List<String> cmd = new ArrayList<>(Arrays.asList(Paths.get(System.getProperty("java.home"), "bin", "java")
			.toString(), "-Xmx" + a.getOrDefault("xmx", "4g"), "-cp", System.getProperty("java.class.path"),
			LargeImageBenchmark.class.getName(), "--child", c, "--mp", Double.toString(mp)));
		for (String k : new String[] { "inpaint-model", "colorize-model", "aspect", "batch" })
			if (a.containsKey(k)) cmd.addAll(Arrays.asList("--" + k, a.get(k)));
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
		double[] result = { Double.NaN, Double.NaN, Double.NaN };
		try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line; (line = r.readLine()) != null;)
				if (line.startsWith("RESULT ")) {
					String[] f = line.split(" ");
					result = new double[] { Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]) };
				}
				else if (line.startsWith("ERROR ") || line.startsWith("DAMAGE ") || line.startsWith("CPU ")) System.out
					.println(c + " " + mp + " MP: " + line);
		}
		p.waitFor();
		return result;
	}

	/** The process's CPU time when the timed part began, and the CPU seconds it took. */
	private static long cpuStart;
	private static double cpuSeconds = Double.NaN;

	/** @return the wall clock now, noting the process's CPU time */
	private static long start() {
		cpuStart = processCpuNanos();
		return System.nanoTime();
	}

	/**
	 * @return the wall seconds since {@code t0}, noting the process's CPU seconds since {@link #start}: on one
	 *         pinned core they leave out the time other processes had the core (issue 13's runs shared it)
	 */
	private static double stop(long t0) {
		double wall = (System.nanoTime() - t0) / 1e9;
		cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
		return wall;
	}

	private static long processCpuNanos() {
		java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		return os instanceof com.sun.management.OperatingSystemMXBean ? ((com.sun.management.OperatingSystemMXBean) os)
			.getProcessCpuTime() : -1;
	}

	/** Runs one case in this JVM and prints "CPU seconds" and "RESULT seconds peakRssMB peakHeapMB". */
	private static void child(Map<String, String> a) throws IOException {
		HeapSampler heap = new HeapSampler();
		heap.start();
		String c = a.get("child");
		double mp = Double.parseDouble(a.get("mp"));
		double aspect = Double.parseDouble(a.getOrDefault("aspect", Double.toString(4.0 / 3)));
		int w = (int) Math.round(Math.sqrt(mp * 1e6 * aspect)), h = (int) Math.round(mp * 1e6 / w);
		try {
			double seconds;
			if (c.startsWith("fiji-")) seconds = fiji(c, w, h, a);
			else if (c.startsWith("colorize")) {
				Colorizer colorizer = new Colorizer(model(a, "colorize-model", Task.COLORIZE));
				Img<UnsignedByteType> gray = ArrayImgs.unsignedBytes(w, h);
				fill(gray, w);
				long t0 = start();
				colorizer.colorize(gray, 255, Progress.NONE);
				seconds = stop(t0);
			}
			else {
				double fraction = c.endsWith("10%") ? 0.10 : 0.01;
				Img<UnsignedByteType> rgb = ArrayImgs.unsignedBytes(w, h, 3);
				fill(rgb, w);
				Img<UnsignedByteType> mask = damage(w, h, fraction);
				printDamage(mask, w, h);
				if (c.startsWith("telea")) {
					Img<FloatType> f = Images.toFloats(rgb, 255);
					long t0 = start();
					ClassicalInpainting.telea(f, mask);
					seconds = stop(t0);
				}
				else {
					Inpainter inpainter = new Inpainter(model(a, "inpaint-model", Task.INPAINT)).withBatchSize(Integer
						.parseInt(a.getOrDefault("batch", "0")));
					Img<UnsignedByteType> out = ArrayImgs.unsignedBytes(w, h, 3);
					long t0 = start();
					inpainter.inpaint(rgb, mask, 255, out, Progress.NONE);
					seconds = stop(t0);
				}
			}
			heap.interrupt();
			System.out.printf(Locale.ROOT, "CPU %.3f s%n", cpuSeconds);
			System.out.printf(Locale.ROOT, "RESULT %.3f %.1f %.1f%n", seconds, peakRssMb(), heap.peakMb());
		}
		catch (RuntimeException | OutOfMemoryError e) {
			heap.interrupt();
			System.out.println("ERROR " + e);
			System.out.printf(Locale.ROOT, "RESULT NaN %.1f %.1f%n", peakRssMb(), heap.peakMb());
		}
	}

	/**
	 * A {@code fiji-*} case: an RGB photo as an {@link ImagePlus}, inpainted (the damage given as a mask image)
	 * or colourised by the commands' code. @return the seconds the command took
	 */
	private static double fiji(String c, int w, int h, Map<String, String> a) throws IOException {
		ColorProcessor cp = new ColorProcessor(w, h);
		fillPacked((int[]) cp.getPixels(), w, h);
		ImagePlus photo = new ImagePlus("photo", cp);
		if (c.startsWith("fiji-colorize")) {
			ModelFile model = model(a, "colorize-model", Task.COLORIZE);
			long t0 = start();
			CommandAccess.colorize(photo, model, model.metadata().workingSize, Progress.NONE);
			return stop(t0);
		}
		ModelFile model = model(a, "inpaint-model", Task.INPAINT);
		ArrayImg<UnsignedByteType, ByteArray> mask = damage(w, h, c.endsWith("10%") ? 0.10 : 0.01);
		printDamage(mask, w, h);
		ImagePlus maskImage = new ImagePlus("mask", new ByteProcessor(w, h, mask.update(null).getCurrentStorageArray()));
		MaskSources.Resolved resolved = MaskSources.resolve("mask-image", photo, null, maskImage);
		long t0 = start();
		CommandAccess.inpaint(photo, resolved, model, Progress.NONE);
		return stop(t0);
	}

	private static void printDamage(Img<UnsignedByteType> mask, int w, int h) {
		long damagedPixels = 0;
		for (UnsignedByteType t : mask)
			damagedPixels += t.get() != 0 ? 1 : 0;
		int regions = org.revivegan.core.infer.DamageRegions.find(mask, Inpainter.CONTEXT, 16).size();
		System.out.printf(Locale.ROOT, "DAMAGE %.2f%% of %dx%d, %d regions%n", 100.0 * damagedPixels / ((long) w * h), w,
			h, regions);
	}

	/** The highest Java heap in use (live and not yet collected) seen by polling, from start to interrupt. */
	private static final class HeapSampler extends Thread {

		private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		private volatile long peak;

		HeapSampler() {
			super("heap-sampler");
			setDaemon(true);
		}

		@Override
		public void run() {
			while (!isInterrupted()) {
				sample();
				try {
					Thread.sleep(HEAP_SAMPLE_MS);
				}
				catch (InterruptedException e) {
					break;
				}
			}
		}

		private void sample() {
			peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
		}

		double peakMb() {
			sample();
			return peak / (1024.0 * 1024);
		}
	}

	private static ModelFile model(Map<String, String> a, String key, Task task) throws IOException {
		if (a.containsKey(key)) return ModelFile.load(Paths.get(a.get(key)), task);
		if (DefaultModels.available(task)) return DefaultModels.load(task);
		// The tiny test models tile at 32 px, where per-call overhead swamps the work: time them at real tile sizes
		ModelFile tiny = TinyModels.model(task);
		tiny.metadata().tileSize = 256;
		tiny.metadata().tileOverlap = 32;
		tiny.metadata().workingSize = 512;
		return tiny;
	}

	/** A smooth pattern with some texture, the same for every run. */
	private static void fill(Img<UnsignedByteType> img, int w) {
		net.imglib2.Cursor<UnsignedByteType> c = img.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			long x = c.getLongPosition(0), y = c.getLongPosition(1), ch = img.numDimensions() > 2 ? c.getLongPosition(2) : 0;
			c.get().set(pattern(x, y, ch));
		}
	}

	/** {@link #fill}'s pattern written as packed RGB pixels, with no other array. */
	private static void fillPacked(int[] px, int w, int h) {
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				px[x + w * y] = 0xff000000 | pattern(x, y, 0) << 16 | pattern(x, y, 1) << 8 | pattern(x, y, 2);
	}

	private static int pattern(long x, long y, long ch) {
		return (int) (128 + 60 * Math.sin(x * 0.01 + ch) * Math.cos(y * 0.013) + ((x * 7 + y * 13) % 17)) & 0xff;
	}

	/** Damaged pixels per cluster: one stain and a few scratches in a {@value #CLUSTER_BOX}-pixel box. */
	static final long CLUSTER_PIXELS = 10_000;

	/** The side of the box a cluster is drawn in. */
	static final int CLUSTER_BOX = 120;

	/**
	 * Damage as on a real scan, the same for every run (fixed seed): a few clusters, each a stain (an irregular
	 * blob) crossed by scratches (thin lines), about {@value #CLUSTER_PIXELS} damaged pixels each, their number
	 * growing with the damaged area (1 % of 1 MP is one cluster, 10 % of 64 MP is 640). Clusters are far apart:
	 * each has its own cell of a grid whose spacing leaves at least twice the inpainting context between
	 * neighbours when the image has room, so they stay separate regions and the inpainting time can follow the
	 * damaged area. (Uniformly scattered specks, as a first version used, merge into one region covering the
	 * whole image at 1 %, because the context margins of neighbouring specks overlap.)
	 */
	static ArrayImg<UnsignedByteType, ByteArray> damage(int w, int h, double fraction) {
		ArrayImg<UnsignedByteType, ByteArray> m = ArrayImgs.unsignedBytes(w, h);
		RandomAccess<UnsignedByteType> ra = m.randomAccess();
		Rng rng = new Rng(42);
		long target = (long) (fraction * w * h);
		int clusters = (int) Math.max(1, Math.round((double) target / CLUSTER_PIXELS));
		// the widest grid spacing that has a cell for every cluster, not below the box itself
		int spacing = CLUSTER_BOX + 4 * Inpainter.CONTEXT;
		while (spacing > CLUSTER_BOX && (long) (w / spacing) * (h / spacing) < clusters)
			spacing = Math.max(CLUSTER_BOX, spacing * 9 / 10);
		int cols = Math.max(1, w / spacing), rows = Math.max(1, h / spacing);
		int[] cells = new int[cols * rows];
		for (int i = 0; i < cells.length; i++)
			cells[i] = i;
		for (int i = cells.length - 1; i > 0; i--) { // Fisher-Yates: which cells get a cluster
			int j = rng.nextInt(i + 1), t = cells[i];
			cells[i] = cells[j];
			cells[j] = t;
		}
		int box = Math.min(CLUSTER_BOX, Math.min(w / cols, h / rows));
		long damaged = 0;
		for (int k = 0; k < clusters && damaged < target; k++) {
			int cell = cells[k % cells.length];
			int cw = w / cols, ch = h / rows;
			// jitter within the cell, keeping a margin (up to the context and a bit) towards its neighbours
			int mx = Math.min((cw - box) / 2, Inpainter.CONTEXT + 16), my = Math.min((ch - box) / 2, Inpainter.CONTEXT + 16);
			int x0 = (cell % cols) * cw + mx + rng.nextInt(Math.max(1, cw - box - 2 * mx + 1));
			int y0 = (cell / cols) * ch + my + rng.nextInt(Math.max(1, ch - box - 2 * my + 1));
			long quota = Math.min(target - damaged, (target - damaged) / (clusters - k) + 1);
			damaged += cluster(ra, rng, x0, y0, box, quota);
		}
		return m;
	}

	/** Draws one stain and scratches in the box until {@code quota} pixels are damaged; @return how many */
	private static long cluster(RandomAccess<UnsignedByteType> ra, Rng rng, int x0, int y0, int box, long quota) {
		long[] count = { 0 };
		// the stain: a blob with a wavy edge holding about half the quota
		double cx = x0 + box / 2.0, cy = y0 + box / 2.0;
		double radius = Math.min(box / 2.0 - 2, Math.sqrt(quota * 0.5 / Math.PI));
		double phase = rng.nextDouble() * 2 * Math.PI;
		for (int y = y0; y < y0 + box && count[0] < quota; y++)
			for (int x = x0; x < x0 + box && count[0] < quota; x++) {
				double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
				double edge = radius * (1 + 0.25 * Math.sin(3 * Math.atan2(dy, dx) + phase));
				if (dx * dx + dy * dy <= edge * edge) set(ra, x, y, count);
			}
		// scratches: lines 1 to 3 pixels wide across the box, at random angles
		for (int tries = 0; count[0] < quota && tries < 1000; tries++) {
			double angle = rng.nextDouble() * Math.PI, half = 1 + rng.nextInt(3) / 2.0;
			double px = x0 + rng.nextDouble() * box, py = y0 + rng.nextDouble() * box;
			double ux = Math.cos(angle), uy = Math.sin(angle);
			for (int y = y0; y < y0 + box && count[0] < quota; y++)
				for (int x = x0; x < x0 + box && count[0] < quota; x++)
					if (Math.abs((x + 0.5 - px) * uy - (y + 0.5 - py) * ux) <= half) set(ra, x, y, count);
		}
		return count[0];
	}

	private static void set(RandomAccess<UnsignedByteType> ra, int x, int y, long[] count) {
		UnsignedByteType t = ra.setPositionAndGet(x, y);
		if (t.get() != 0) return;
		t.set(1);
		count[0]++;
	}

	/** @return the process's peak resident set size in MB (VmHWM), or NaN where /proc is not available */
	static double peakRssMb() {
		try {
			for (String line : Files.readAllLines(Paths.get("/proc/self/status")))
				if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
		}
		catch (IOException | NumberFormatException e) {
			return Double.NaN;
		}
		return Double.NaN;
	}

	static String table(double[] sizes, Map<String, double[][]> results) {
		StringBuilder s = new StringBuilder("| case |");
		for (double mp : sizes)
			s.append(String.format(Locale.ROOT, " %s MP: s / peak RSS MB / peak heap MB |", trim(mp)));
		s.append("\n|---|");
		for (int i = 0; i < sizes.length; i++)
			s.append("---|");
		s.append('\n');
		for (Map.Entry<String, double[][]> e : results.entrySet()) {
			s.append("| ").append(e.getKey()).append(" |");
			for (double[] r : e.getValue())
				s.append(String.format(Locale.ROOT, " %.2f / %.0f / %.0f |", r[0], r[1], r[2]));
			s.append('\n');
		}
		s.append("\nTargets: 24-MP colourisation <= 20 s and peak RSS <= 2 GB (interpolate the 16 and 64 MP columns); " +
			"inpainting time proportional to the damaged area (10 % about 10x the 1 % time); cost linear in pixels " +
			"(4x the pixels, about 4x the time).\n");
		double[][] col = results.get("colorize");
		if (col != null) for (int i = 0; i + 1 < sizes.length; i++)
			if (sizes[i] <= 24 && sizes[i + 1] >= 24) {
				double t = col[i][0] + (col[i + 1][0] - col[i][0]) * (24 - sizes[i]) / (sizes[i + 1] - sizes[i]);
				double m = col[i][1] + (col[i + 1][1] - col[i][1]) * (24 - sizes[i]) / (sizes[i + 1] - sizes[i]);
				s.append(String.format(Locale.ROOT, "Colourisation at 24 MP (interpolated): %.1f s (%s), %.0f MB (%s).%n", t,
					t <= 20 ? "meets 20 s" : "MISSES 20 s", m, m <= 2048 ? "meets 2 GB" : "MISSES 2 GB"));
			}
		return s.toString();
	}

	private static String trim(double v) {
		return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
	}

	/** Time against megapixels, log-log, one line per case. */
	static void plot(double[] sizes, Map<String, double[][]> results, File file) throws IOException {
		int W = 800, H = 500, left = 70, right = 180, top = 30, bottom = 50;
		BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = img.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, W, H);
		double minT = Double.MAX_VALUE, maxT = 0;
		for (double[][] r : results.values())
			for (double[] v : r)
				if (v[0] > 0 && Double.isFinite(v[0])) {
					minT = Math.min(minT, v[0]);
					maxT = Math.max(maxT, v[0]);
				}
		if (maxT == 0) {
			minT = 0.1;
			maxT = 1;
		}
		double lx0 = Math.log(sizes[0]), lx1 = Math.log(Math.max(sizes[sizes.length - 1], sizes[0] * 1.01));
		double ly0 = Math.log(minT / 1.5), ly1 = Math.log(maxT * 1.5);
		g.setColor(Color.BLACK);
		g.drawRect(left, top, W - left - right, H - top - bottom);
		g.drawString("megapixels (log)", left + (W - left - right) / 2 - 40, H - 12);
		g.drawString("seconds (log)", 5, top - 10);
		for (double mp : sizes) {
			int x = left + (int) ((Math.log(mp) - lx0) / (lx1 - lx0) * (W - left - right));
			g.drawString(trim(mp), x - 5, H - bottom + 15);
		}
		for (double t = Math.pow(10, Math.floor(Math.log10(minT / 1.5))); t <= maxT * 1.5; t *= 10) {
			int y = H - bottom - (int) ((Math.log(t) - ly0) / (ly1 - ly0) * (H - top - bottom));
			if (y >= top && y <= H - bottom) g.drawString(String.format(Locale.ROOT, "%g", t), 10, y + 4);
		}
		Color[] colors = { new Color(0, 90, 200), new Color(200, 40, 40), new Color(90, 160, 255), new Color(255, 130,
			130), new Color(30, 150, 60) };
		int k = 0;
		g.setStroke(new BasicStroke(2));
		for (Map.Entry<String, double[][]> e : results.entrySet()) {
			g.setColor(colors[k % colors.length]);
			int px = -1, py = -1;
			for (int i = 0; i < sizes.length; i++) {
				double t = e.getValue()[i][0];
				if (!(t > 0) || !Double.isFinite(t)) continue;
				int x = left + (int) ((Math.log(sizes[i]) - lx0) / (lx1 - lx0) * (W - left - right));
				int y = H - bottom - (int) ((Math.log(t) - ly0) / (ly1 - ly0) * (H - top - bottom));
				g.fillOval(x - 3, y - 3, 7, 7);
				if (px >= 0) g.drawLine(px, py, x, y);
				px = x;
				py = y;
			}
			g.drawString(e.getKey(), W - right + 15, top + 20 + 20 * k);
			k++;
		}
		g.dispose();
		ImageIO.write(img, "png", file);
	}

	private static Map<String, String> parse(String[] args) {
		Map<String, String> m = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (!args[i].startsWith("--")) throw new IllegalArgumentException("Unexpected argument " + args[i]);
			String k = args[i].substring(2);
			if (i + 1 < args.length && !args[i + 1].startsWith("--")) m.put(k, args[++i]);
			else m.put(k, "");
		}
		return m;
	}
}
