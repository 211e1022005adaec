package org.revivegan.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;

/**
 * The driver's side of the job: lists the photos, checks the models once, broadcasts them, lets the executors
 * restore ({@link ImageWork}) and writes the summary.
 */
public final class BatchRestoration {

	/** The summary's file name in the output folder, unless the job is given another. */
	public static final String SUMMARY = "revivegan-summary.csv";

	private BatchRestoration() {}

	/** Where the models come from: files on any Hadoop file system, or null for the bundled default models. */
	public static final class ModelFiles {

		public String inpaint, colorize, detect;
	}

	/** What a job did. */
	public static final class Result {

		/** One row per photo, in the order of the input list. */
		public final List<SummaryRow> rows;
		/** Where the summary was written. */
		public final String summary;
		/** Seconds the executors took for all photos, from the first task to the last row collected. */
		public final double seconds;
		/** Temporary files of killed runs that were deleted before the job began. */
		public final int temporariesRemoved;

		Result(List<SummaryRow> rows, String summary, double seconds, int temporariesRemoved) {
			this.rows = rows;
			this.summary = summary;
			this.seconds = seconds;
			this.temporariesRemoved = temporariesRemoved;
		}

		public long count(SummaryRow.Status status) {
			return rows.stream().filter(r -> r.status() == status).count();
		}
	}

	/**
	 * @param input a folder, a glob or a text file of paths ({@link Inputs})
	 * @param partitions how many Spark tasks share the photos; 0 for four per core of the cluster
	 * @param summary where to write the summary CSV; null for {@value #SUMMARY} in the output folder
	 * @throws IllegalArgumentException for settings or inputs no photo could be restored with, saying what to do
	 * @throws IOException if the input cannot be listed, a model cannot be read, or the output cannot be written
	 */
	public static Result run(JavaSparkContext sc, JobSettings given, String input, ModelFiles models, int partitions,
		String summary) throws IOException
	{
		given.validate();
		JobSettings settings = given.copy();
		Configuration conf = sc.hadoopConfiguration();
		Path output = qualified(new Path(settings.output), conf);
		settings.output = output.toString();
		checkOutputOutsideInput(input, output, conf);
		List<InputImage> images = Inputs.list(input, conf, output); // a glob or a list may reach into the results
		if (settings.masks != null) {
			Path masks = qualified(new Path(settings.masks), conf);
			if (!HadoopFiles.fileSystem(masks, conf).isDirectory(masks)) throw new IllegalArgumentException("No such " +
				"masks folder: " + settings.masks + ".");
			settings.masks = masks.toString();
		}

		// each model is read and checked here once, so that a wrong file stops the job before any task starts
		boolean local = sc.isLocal();
		Broadcast<ModelBytes> inpaint = settings.task.inpaints() ? model(sc, Task.INPAINT, models.inpaint, conf, local,
			null) : null;
		Broadcast<ModelBytes> colorize = settings.task.colorizes() ? model(sc, Task.COLORIZE, models.colorize, conf,
			local, settings) : null;
		Broadcast<ModelBytes> detect = settings.detects() ? model(sc, Task.DETECT, models.detect, conf, local, null)
			: null;

		FileSystem outFs = HadoopFiles.fileSystem(output, conf);
		outFs.mkdirs(output);
		int removed = HadoopFiles.removeTemporaries(outFs, output);

		// two inputs with one result name (scan.jpg and scan.png both give scan.png): the first one wins
		Map<Path, InputImage> byTarget = new HashMap<>();
		List<InputImage> work = new ArrayList<>();
		Map<InputImage, SummaryRow> clashes = new HashMap<>();
		for (InputImage in : images) {
			Path target = OutputLayout.result(settings.output, in.relativeName());
			InputImage first = byTarget.putIfAbsent(target, in);
			if (first == null) work.add(in);
			else clashes.put(in, new SummaryRow(in.uri(), target.toString(), SummaryRow.Status.FAILED, "its result " +
				"would be " + target.getName() + ", as that of " + first.relativeName() + ": rename one of them", 0));
		}

		int slices = Math.max(1, Math.min(work.size(), partitions > 0 ? partitions : 4 * sc.defaultParallelism()));
		Broadcast<HadoopConf> hadoop = sc.broadcast(new HadoopConf(conf));
		long t0 = System.nanoTime();
		List<SummaryRow> done = work.isEmpty() ? List.of() : sc.parallelize(work, slices).mapPartitions(new ImageWork(
			settings, inpaint, colorize, detect, hadoop)).collect();
		double seconds = (System.nanoTime() - t0) / 1e9;

		List<SummaryRow> rows = new ArrayList<>();
		int next = 0;
		for (InputImage in : images)
			rows.add(clashes.containsKey(in) ? clashes.get(in) : done.get(next++));
		Path summaryPath = summary == null ? new Path(output, SUMMARY) : qualified(new Path(summary), conf);
		HadoopFiles.writeAtomically(HadoopFiles.fileSystem(summaryPath, conf), SummaryCsv.format(rows).getBytes(
			StandardCharsets.UTF_8), summaryPath);
		for (Broadcast<?> b : java.util.Arrays.asList(inpaint, colorize, detect, hadoop))
			if (b != null) b.destroy();
		return new Result(rows, summaryPath.toString(), seconds, removed);
	}

	/**
	 * Reads and checks a model, and broadcasts its bytes. A local job's executors are this JVM: they get the
	 * network built here rather than building another.
	 *
	 * @param settings for the colourisation model: its working size becomes the job's if none was given
	 */
	private static Broadcast<ModelBytes> model(JavaSparkContext sc, Task task, String file, Configuration conf,
		boolean local, JobSettings settings) throws IOException
	{
		ModelBytes bytes = ModelBytes.of(task, file, conf);
		ModelFile checked = bytes.load();
		if (settings != null && settings.workingSize == 0) settings.workingSize = checked.metadata().workingSize;
		if (local) ExecutorModels.giveBack(bytes, checked);
		return sc.broadcast(bytes);
	}

	private static Path qualified(Path p, Configuration conf) throws IOException {
		return HadoopFiles.fileSystem(p, conf).makeQualified(p);
	}

	/** Results inside the input folder would be listed as photos by the next run: refused for a folder. */
	private static void checkOutputOutsideInput(String input, Path output, Configuration conf) throws IOException {
		if (Inputs.isGlob(input)) return;
		Path in = qualified(new Path(input), conf);
		FileSystem fs = HadoopFiles.fileSystem(in, conf);
		if (!fs.isDirectory(in)) return;
		String i = in.toString().endsWith("/") ? in.toString() : in + "/";
		String o = output.toString().endsWith("/") ? output.toString() : output + "/";
		if (o.startsWith(i)) throw new IllegalArgumentException("The output folder " + output + " is inside the input " +
			"folder " + in + ": choose one outside it, so that results are never taken for photos.");
	}
}
