package org.revivegan.core.infer;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.tiling.Tiler;
import org.revivegan.testing.TinyModels;

/**
 * The out-of-memory backoff against a real failure of ND4J, not a simulated one: a child JVM whose address
 * space is limited ({@code ulimit -v}) inpaints a large damaged region with a real (tiny, untrained) network
 * at a tile size whose activations cannot be allocated there. The tiler must recognise the failure, whichever
 * layer reports it (JavaCPP's limit, ND4J's {@code std::bad_alloc}, a Java {@link OutOfMemoryError}), start
 * again with smaller tiles and finish with the damaged region filled and the rest untouched. A failure counts
 * as a failure, even with the message for "not even one tile" (TilerTest checks that message).
 */
class RealOutOfMemoryTest {

	/**
	 * Address space given to the child beyond what it uses once ND4J, the model and the image are loaded (its
	 * VmSize then, measured by a first child): a tile of about 2000 pixels needs over 600 MB more there, one of
	 * 512 pixels about 300 MB even after a failed attempt left some memory in use. A fixed limit would not do:
	 * the baseline (about 2.6 GB here) depends on the machine.
	 */
	static final long MARGIN_KB = Long.getLong("revivegan.test.oomMarginKb", 450_000L);
	static final int IMAGE = 2048, TILE = 2048;
	/** Seconds after which a child counts as hung. */
	static final int HANG_S = Integer.getInteger("revivegan.test.oomHangS", 420);

	@TempDir
	Path dir;

	/**
	 * The child: inpaints an {@value #IMAGE}-pixel square whose whole interior is damaged (one crop, so one tile
	 * of about the image's size at tile size {@code args[0]}), logging the tiler's messages; prints "RESULT ok"
	 * and the time, or "RESULT failed" and the exception's message. With {@code probe}, prints its VmSize once
	 * loaded instead.
	 */
	public static void main(String[] args) {
		if (args[0].equals("probe")) {
			// what the real run has loaded before its first tile: ND4J's libraries, the model, a network call
			byte[] speck = new byte[64 * 64];
			speck[32 + 64 * 32] = 1;
			new Inpainter(TinyModels.model(Task.INPAINT)).inpaint(ArrayImgs.floats(64, 64, 3), ArrayImgs.unsignedBytes(
				speck, 64, 64), Progress.NONE);
			ArrayImgs.unsignedBytes(IMAGE, IMAGE, 3);
			System.out.println("VMSIZE " + vmSizeKb());
			System.exit(0);
		}
		int tile = Integer.parseInt(args[0]);
		long start = System.nanoTime();
		int size = args.length > 1 ? Integer.parseInt(args[1]) : IMAGE;
		try {
			ModelFile model = TinyModels.model(Task.INPAINT);
			model.metadata().tileSize = tile;
			model.metadata().tileOverlap = 16;
			Img<UnsignedByteType> image = ArrayImgs.unsignedBytes(size, size, 3);
			int i = 0;
			for (UnsignedByteType t : image)
				t.set((i++ * 37) & 0xff);
			Img<UnsignedByteType> mask = ArrayImgs.unsignedBytes(size, size);
			RandomAccess<UnsignedByteType> m = mask.randomAccess();
			for (int y = 100; y < size - 100; y++)
				for (int x = 100; x < size - 100; x++)
					m.setPositionAndGet(x, y).set(1);
			Img<UnsignedByteType> out = ArrayImgs.unsignedBytes(size, size, 3);
			new Inpainter(model).withBatchSize(1).inpaint(image, mask, 255, out, new Progress() {

				@Override
				public void log(String message) {
					System.out.println("LOG " + message);
				}

				@Override
				public void status(String message) {
					// where a slow or stuck child was: each tile, with the time since the start
					System.out.println("STATUS " + (System.nanoTime() - start) / 1000000 + " ms " + message);
				}
			});
			// outside the damage, the image as it was; inside, what the network made of it
			Cursor<UnsignedByteType> a = image.localizingCursor();
			RandomAccess<UnsignedByteType> o = out.randomAccess();
			long damagedValues = 0, changed = 0;
			while (a.hasNext()) {
				a.fwd();
				long x = a.getLongPosition(0), y = a.getLongPosition(1);
				boolean damaged = x >= 100 && x < size - 100 && y >= 100 && y < size - 100;
				int before = a.get().get(), after = o.setPositionAndGet(a).get();
				if (!damaged && after != before) throw new AssertionError("changed at " + x + "," + y);
				if (damaged) {
					damagedValues++;
					if (after != before) changed++;
				}
			}
			System.out.println("RESULT ok " + (System.nanoTime() - start) / 1000000 + " ms, changed " + changed +
				" of " + damagedValues + " damaged values");
			// layers left on DL4J's own implementation by the failures (none: the backoff gives oneDNN back)
			System.out.println("FALLBACKS " + (org.revivegan.core.nets.Backend.oneDnnActive() ? Integer.toString(
				org.revivegan.core.nets.Backend.restoreHelpers(model.generator())) : "no oneDNN"));
		}
		catch (IllegalStateException e) {
			System.out.println("RESULT failed " + e.getMessage().replace('\n', ' '));
		}
		catch (Throwable e) {
			System.out.println("RESULT error " + e + (Tiler.isOutOfMemory(e) ? " (out of memory, not handled)" : ""));
			e.printStackTrace(System.out);
		}
		System.exit(0);
	}

	@Test
	void aRealNativeOutOfMemoryShrinksTheTilesAndTheInpaintingFinishes() throws Exception {
		Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"),
			"ulimit -v limits the address space only on Linux here");
		Assumptions.assumeTrue(new File("/bin/bash").canExecute(), "needs /bin/bash for ulimit");
		Process shell = new ProcessBuilder("/bin/bash", "-c", "ulimit -v 8000000 && echo ok").redirectErrorStream(true)
			.start();
		String said = new String(shell.getInputStream().readAllBytes()).trim();
		Assumptions.assumeTrue(shell.waitFor(10, TimeUnit.SECONDS) && shell.exitValue() == 0 && said.equals("ok"),
			"ulimit -v is not available: " + said);

		// the child's address space once loaded, without a limit
		Path probeLog = dir.resolve("probe.log");
		ProcessBuilder probe = new ProcessBuilder(childCommand("probe")).redirectErrorStream(true).redirectOutput(probeLog
			.toFile());
		limitThreads(probe);
		Process p = probe.start();
		assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the probe did not finish");
		String probed = Files.readString(probeLog);
		Matcher vm = Pattern.compile("VMSIZE (-?\\d+)").matcher(probed);
		assertTrue(vm.find(), "the probe failed:\n" + probed);
		Assumptions.assumeTrue(Long.parseLong(vm.group(1)) > 0, "no VmSize in /proc/self/status");
		long limit = Long.parseLong(vm.group(1)) + MARGIN_KB;

		// A hang guard, not a speed check: the child needs 25 s here, a few minutes on a loaded 2-core machine. Once
		// (stop 22's CI) a child never finished its 512-pixel tiles; that could not be made to happen again here.
		// A child that hangs has its threads dumped into the log, and a second child gets the same limit: the
		// backoff must work in it, and two hangs fail the test.
		String output = null;
		List<String> hangs = new ArrayList<>();
		for (int attempt = 1; attempt <= 2; attempt++) {
			Path log = dir.resolve("child-" + attempt + ".log");
			ProcessBuilder pb = new ProcessBuilder("/bin/bash", "-c", "ulimit -v " + limit + "; exec \"$@\"", "child")
				.redirectErrorStream(true).redirectOutput(log.toFile());
			pb.command().addAll(childCommand(Integer.toString(TILE)));
			limitThreads(pb);
			Process child = pb.start();
			if (child.waitFor(HANG_S, TimeUnit.SECONDS)) {
				output = Files.readString(log);
				break;
			}
			dumpThreads(child.pid());
			child.destroyForcibly();
			String hang = "child " + attempt + " did not finish in " + HANG_S + " s at " + limit + " KiB; its output " +
				"and threads:\n" + Files.readString(log);
			System.out.println(hang); // kept by surefire
			hangs.add(hang);
		}
		assertNotNull(output, String.join("\n", hangs));
		output.lines().filter(l -> l.startsWith("LOG") || l.startsWith("RESULT")).forEach(System.out::println); // kept by surefire
		System.out.println("limit " + limit + " KiB");
		List<String> results = output.lines().filter(l -> l.startsWith("RESULT")).collect(Collectors.toList());
		assertEquals(1, results.size(), "the child's output:\n" + output);
		String result = results.get(0);
		// the inpainting must succeed after the backoff: a failure, even with the right message, is a failure here
		// (at MARGIN_KB a 512-pixel tile fits; the message for "not even one tile" is TilerTest's)
		Matcher ok = Pattern.compile("RESULT ok \\d+ ms, changed (\\d+) of (\\d+) damaged values").matcher(result);
		assertTrue(ok.matches(), "the inpainting did not succeed after the backoff at " + limit + " KiB:\n" + output);
		long changed = Long.parseLong(ok.group(1)), damaged = Long.parseLong(ok.group(2));
		assertEquals(3L * (IMAGE - 200) * (IMAGE - 200), damaged);
		assertTrue(changed > damaged / 2, "the damaged region was filled: " + result);
		Matcher shrunk = Pattern.compile(
			"Out of memory with tiles of (\\d+)x\\d+ pixels \\(.*?\\); starting again with tile size (\\d+)")
			.matcher(output);
		assertTrue(shrunk.find(), "no out-of-memory backoff happened at " + limit + " KiB:\n" + output);
		int failed = Integer.parseInt(shrunk.group(1)), next = Integer.parseInt(shrunk.group(2));
		assertEquals(1984, failed, "the first tile, the whole crop (2048 - 2 x 100 + 2 x 64, rounded up to 16), " +
			"ran out of memory");
		assertTrue(next < failed, output);
		assertFalse(output.contains("NullPointerException"), output);
		// the failures inside oneDNN did not leave layers on DL4J's slower im2col for the retry and later use
		Matcher fallbacks = Pattern.compile("FALLBACKS (.+)").matcher(output);
		assertTrue(fallbacks.find(), output);
		if (!fallbacks.group(1).equals("no oneDNN")) assertEquals("0", fallbacks.group(1), "layers without their " +
			"oneDNN helper after the backoff:\n" + output);
	}

	/** @return this process's VmSize (address space in use) in KiB, from /proc/self/status */
	static long vmSizeKb() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status")))
				if (line.startsWith("VmSize:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
		}
		catch (java.io.IOException | NumberFormatException e) {
			// below
		}
		return -1;
	}

	/**
	 * The same address-space baseline on any machine: one compute thread (OpenMP, and OpenBLAS, whose threads
	 * and buffers otherwise follow the number of cores), few malloc arenas.
	 */
	private static void limitThreads(ProcessBuilder pb) {
		pb.environment().put("OMP_NUM_THREADS", "1");
		pb.environment().put("OPENBLAS_NUM_THREADS", "1");
		pb.environment().put("MALLOC_ARENA_MAX", "2");
	}

	/**
	 * Has the JVM {@code pid} print its threads to its own output (SIGQUIT: its signal thread writes the dump,
	 * where jstack would need a new thread in a process that may have no address space left for one).
	 */
	private static void dumpThreads(long pid) throws InterruptedException {
		try {
			new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).start().waitFor(10, TimeUnit.SECONDS);
			Thread.sleep(5000);
		}
		catch (java.io.IOException e) {
			System.out.println("no thread dump: " + e);
		}
	}

	/** java, this JVM's flags (the surefire argLine: --add-opens, headless) and class path, then {@link #main}. */

	private static List<String> childCommand(String mainArg) {
		String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + File.separator +
			"bin" + File.separator + "java");
		List<String> cmd = new ArrayList<>();
		cmd.add(java);
		for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
			if (!arg.startsWith("-agentlib:jdwp") && !arg.startsWith("-javaagent") && !arg.startsWith("-Xmx")) cmd.add(arg);
		cmd.add("-Xmx512m"); // enough heap for the crop: the failure must be ND4J's native one
		cmd.add("-XX:ActiveProcessorCount=1");
		cmd.add("-cp");
		cmd.add(System.getProperty("java.class.path"));
		cmd.add(RealOutOfMemoryTest.class.getName());
		cmd.add(mainArg);
		return cmd;
	}
}
