package org.revivegan.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.model.Task;
import org.revivegan.io.ImageFiles;

/**
 * The job runs as {@code revive-spark} does, in a child JVM, and is killed (SIGKILL: no shutdown hook, no
 * {@code finally}) while it writes the third of four results; a rerun then finishes the job.
 */
class KilledJobResumesTest {

	@TempDir
	Path dir;

	/** How long the child may take to reach the third photo: starting Spark and DL4J on a busy machine. */
	private static final long START_LIMIT_MINUTES = 4;

	@Test
	void aJobKilledHalfWayResumesWhereItStopped() throws Exception {
		Path in = dir.resolve("photos"), out = dir.resolve("out");
		List<String> names = List.of("p1.png", "p2.png", "p3.png", "p4.png");
		for (int i = 0; i < names.size(); i++)
			TestImages.gray(in.resolve(names.get(i)), i);
		Path model = TinyModels.save(Task.COLORIZE, dir.resolve("colorize.zip"));

		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx1g");
		for (String option : System.getProperty("revivegan.spark.jvmOptions", "").trim().split("\\s+"))
			if (!option.isEmpty()) command.add(option);
		command.add("-D" + ImageWork.STALL_PROPERTY + "=p3.png");
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), ReviveSpark.class.getName(), "--master",
			"local[1]", "--task", "colorize", "--input", in.toString(), "--output", out.toString(), "--colorize-model",
			model.toString(), "--partitions", "4"));
		Path log = dir.resolve("child.log");
		ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
		pb.environment().put("OMP_NUM_THREADS", "1");
		Process child = pb.start();
		try {
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(START_LIMIT_MINUTES);
			// every write has a temporary file for a moment; p3's stays (the test hook holds it before its rename)
			while (temporaries(out).stream().noneMatch(KilledJobResumesTest::resultOfP3)) {
				if (!child.isAlive()) fail("The job ended (exit " + child.exitValue() + ") before it reached p3.png:\n" +
					Files.readString(log));
				if (System.nanoTime() > deadline) fail("The job did not reach p3.png in " + START_LIMIT_MINUTES +
					" minutes:\n" + Files.readString(log));
				Thread.sleep(100);
			}
		}
		finally {
			child.destroyForcibly();
			child.waitFor(1, TimeUnit.MINUTES);
		}

		// what the kill left: p1 and p2 complete, p3's record and a temporary file but no result, nothing of p4
		List<String> left = TestImages.files(out);
		assertTrue(left.containsAll(List.of("p1.png", "p1.png.revivegan.json", "p2.png", "p2.png.revivegan.json",
			"p3.png.revivegan.json")), left.toString());
		assertFalse(left.contains("p3.png"), left.toString());
		assertFalse(left.contains("p4.png"), left.toString());
		assertEquals(1, temporaries(out).size(), left.toString());
		assertTrue(resultOfP3(temporaries(out).get(0)), left.toString());
		assertFalse(left.contains(BatchRestoration.SUMMARY), "the summary comes at the end");

		JavaSparkContext sc = LocalSpark.start(2);
		BatchRestoration.Result r;
		try {
			JobSettings s = new JobSettings();
			s.task = JobTask.COLORIZE;
			s.output = out.toString();
			BatchRestoration.ModelFiles models = new BatchRestoration.ModelFiles();
			models.colorize = model.toString();
			r = BatchRestoration.run(sc, s, in.toString(), models, 0, null);
		}
		finally {
			sc.stop();
		}
		Map<String, SummaryRow.Status> status = r.rows.stream().collect(Collectors.toMap(row -> Path.of(
			java.net.URI.create(row.input())).getFileName().toString(), SummaryRow::status));
		assertEquals(Map.of("p1.png", SummaryRow.Status.SKIPPED, "p2.png", SummaryRow.Status.SKIPPED, "p3.png",
			SummaryRow.Status.DONE, "p4.png", SummaryRow.Status.DONE), status);
		assertEquals(1, r.temporariesRemoved);
		assertTrue(temporaries(out).isEmpty());
		for (String name : names)
			assertEquals(TestImages.W, ImageFiles.read(out.resolve(name)).width(), name + " is a whole image");
		assertEquals(4, SummaryCsv.parse(Files.readString(out.resolve(BatchRestoration.SUMMARY))).size());
	}

	/** @return whether {@code name} is that of a temporary file of p3.png (not of its record) */
	private static boolean resultOfP3(String name) {
		return name.matches("\\.p3\\.png\\.[0-9a-f-]{36}" + java.util.regex.Pattern.quote(HadoopFiles.TEMP_SUFFIX));
	}

	private static List<String> temporaries(Path out) throws IOException {
		if (!Files.isDirectory(out)) return List.of();
		return TestImages.files(out).stream().filter(f -> f.endsWith(HadoopFiles.TEMP_SUFFIX)).collect(Collectors
			.toList());
	}
}
