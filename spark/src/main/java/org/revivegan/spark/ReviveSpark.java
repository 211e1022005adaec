package org.revivegan.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.revivegan.core.util.Failures;

/**
 * The job's entry point, for {@code spark-submit} on a cluster and for {@code spark/revive-spark} on one machine.
 * Exit code 0 when the job ran, whether or not some photos failed (they are in the summary); 2 with a one-line
 * reason for bad options or input (no photos, a wrong model); 1 with one line for an unexpected failure.
 */
public final class ReviveSpark {

	static final String USAGE = String.join("\n",
		"Usage: revive-spark [--master URL] --task inpaint|colorize|restore --input DIR|GLOB|LIST.txt --output DIR",
		"         [--masks DIR] [--dilate N] [--threshold T] [--min-size N] [--working-size N]",
		"         [--inpaint-model FILE] [--colorize-model FILE] [--detect-model FILE] [--partitions N] [--summary FILE]",
		"",
		"  Restores every photo of --input with ReviveGAN's models as a Spark job. Paths may be on any Hadoop file",
		"  system (hdfs://, s3a://) or local. --input is a folder (with its sub-folders), a glob, or a text file",
		"  of paths, one a line. Each result goes to --output under the photo's relative name (PNG for JPEG/BMP),",
		"  with NAME.revivegan.json (provenance: models, settings, the input's SHA-256) and, when pixels were",
		"  inpainted, STEM-synthesized.png beside it, all written atomically. A rerun skips the photos whose",
		"  result is complete, so a killed job resumes. revivegan-summary.csv in --output (or --summary) has one",
		"  row per photo: input, output, status (done, skipped, failed), reason, seconds; a bad photo fails",
		"  alone, not the job.",
		"",
		"  --task inpaint    fill the damage: --masks DIR (the photo's relative name, else the same name .png),",
		"                    or without --masks the damage the detection model finds (--threshold, --min-size)",
		"  --task colorize   colour the photos (--working-size: the longer side the colour is predicted at)",
		"  --task restore    inpaint, then colour the grayscale photos (colour photos are only inpainted)",
		"  Models: the bundled default models unless given. --partitions: Spark tasks (default 4 per core).",
		"  --master: set by spark-submit; local[N] runs N photos at a time in this JVM.");

	private static final Set<String> OPTIONS = Set.of("--master", "--task", "--input", "--output", "--masks",
		"--dilate", "--threshold", "--min-size", "--working-size", "--inpaint-model", "--colorize-model",
		"--detect-model", "--partitions", "--summary", "--app-name");

	/** Failed photos named on standard error; the summary has them all. */
	static final int SHOWN_FAILURES = 20;

	private ReviveSpark() {}

	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	/** @return the exit code */
	static int run(String[] args, PrintStream out, PrintStream err) {
		if (args.length == 0 || List.of(args).contains("--help") || List.of(args).contains("-h")) {
			out.println(USAGE);
			return args.length == 0 ? 2 : 0;
		}
		Map<String, String> o;
		JobSettings settings = new JobSettings();
		BatchRestoration.ModelFiles models = new BatchRestoration.ModelFiles();
		int partitions;
		try {
			o = parse(args);
			settings.task = JobTask.parse(required(o, "--task", "inpaint, colorize or restore"));
			settings.output = required(o, "--output", "the folder for the results");
			settings.masks = o.get("--masks");
			settings.dilate = integer(o, "--dilate", 0);
			settings.threshold = number(o, "--threshold", settings.threshold);
			settings.minSize = integer(o, "--min-size", 0);
			settings.workingSize = integer(o, "--working-size", 0);
			models.inpaint = o.get("--inpaint-model");
			models.colorize = o.get("--colorize-model");
			models.detect = o.get("--detect-model");
			partitions = integer(o, "--partitions", 0);
			if (partitions < 0) throw new IllegalArgumentException("--partitions cannot be negative.");
			required(o, "--input", "the photos: a folder, a glob or a text file of paths");
			settings.validate();
		}
		catch (IllegalArgumentException e) {
			err.println("revive-spark: " + e.getMessage());
			return 2;
		}

		SparkConf conf = new SparkConf().setAppName(o.getOrDefault("--app-name", "ReviveGAN " + settings.task.id()));
		if (o.containsKey("--master")) conf.setMaster(o.get("--master"));
		else if (!conf.contains("spark.master")) {
			err.println("revive-spark: no Spark master: give --master local[N] (N photos at a time on this machine), " +
				"or run it with spark-submit.");
			return 2;
		}
		try (JavaSparkContext sc = new JavaSparkContext(conf)) {
			BatchRestoration.Result r = BatchRestoration.run(sc, settings, o.get("--input"), models, partitions, o.get(
				"--summary"));
			long done = r.count(SummaryRow.Status.DONE);
			out.printf(Locale.ROOT, "%s: %d photos: %d done, %d skipped (done before), %d failed, in %.1f s (%.2f " +
				"images/s) -> %s%n", settings.task.id(), r.rows.size(), done, r.count(SummaryRow.Status.SKIPPED), r.count(
					SummaryRow.Status.FAILED), r.seconds, r.seconds > 0 ? done / r.seconds : 0, r.summary);
			if (r.temporariesRemoved > 0) out.printf(Locale.ROOT, "removed %d temporary files of an interrupted run%n",
				r.temporariesRemoved);
			long failed = r.count(SummaryRow.Status.FAILED), shown = 0;
			for (SummaryRow row : r.rows)
				if (row.status() == SummaryRow.Status.FAILED && shown++ < SHOWN_FAILURES) err.println("failed: " + row
					.input() + ": " + row.reason());
			if (failed > SHOWN_FAILURES) err.println("... and " + (failed - SHOWN_FAILURES) + " more failed: see " +
				r.summary);
			return 0;
		}
		catch (IOException | RuntimeException | LinkageError | OutOfMemoryError e) {
			err.println("revive-spark: " + Failures.userMessage(e, "the stack trace above"));
			if (!Failures.isUserError(e)) e.printStackTrace(err);
			return Failures.isUserError(e) ? 2 : 1;
		}
	}

	private static Map<String, String> parse(String[] args) {
		Map<String, String> o = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			String a = args[i];
			if (!OPTIONS.contains(a)) throw new IllegalArgumentException("Unknown option '" + a + "'. Run revive-spark " +
				"--help for the options.");
			if (i + 1 >= args.length) throw new IllegalArgumentException("Option " + a + " needs a value.");
			if (o.put(a, args[++i]) != null) throw new IllegalArgumentException("Give " + a + " once.");
		}
		return o;
	}

	private static String required(Map<String, String> o, String name, String what) {
		String v = o.get(name);
		if (v == null) throw new IllegalArgumentException("Missing " + name + " (" + what + ").");
		return v;
	}

	private static int integer(Map<String, String> o, String name, int fallback) {
		if (!o.containsKey(name)) return fallback;
		try {
			return Integer.parseInt(o.get(name));
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException(name + " needs a whole number, not '" + o.get(name) + "'.");
		}
	}

	private static double number(Map<String, String> o, String name, double fallback) {
		if (!o.containsKey(name)) return fallback;
		try {
			return Double.parseDouble(o.get(name));
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException(name + " needs a number, not '" + o.get(name) + "'.");
		}
	}
}
