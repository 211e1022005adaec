package org.revivegan.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.revivegan.core.image.Masks;
import org.revivegan.core.infer.Detector;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.provenance.Provenance;
import org.revivegan.core.provenance.ProvenanceFiles;
import org.revivegan.core.restore.ColorizeRequest;
import org.revivegan.core.restore.ColorizeResult;
import org.revivegan.core.restore.InpaintRequest;
import org.revivegan.core.restore.InpaintResult;
import org.revivegan.core.restore.Planes;
import org.revivegan.core.restore.Restoration;
import org.revivegan.core.restore.RestoreResult;
import org.revivegan.core.util.Failures;
import org.revivegan.io.ImageFiles;
import org.revivegan.io.LoadedImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an executor does with its share of the photos: for each, skip it if its result is complete, else restore it
 * with the core's restoration pipeline ({@link Restoration}, the command line's) after the {@link Detector} where no
 * mask is given, and write the result with its provenance. One photo's failure is its summary row, never the task's.
 * <p>
 * <b>Order of writing</b>, each file atomically: the map of invented pixels, then the provenance record, then the
 * result. So a result without a record beside it was not written by this job, and is never overwritten; a
 * record without its result (a job killed in between) is redone; and a result is complete when its record is
 * there and names this input (by SHA-256 and size), these models and these settings.
 * </p>
 */
final class ImageWork implements FlatMapFunction<Iterator<InputImage>, SummaryRow> {

	private static final long serialVersionUID = 1L;

	/**
	 * Test hook, off unless set (on the executors' JVM): a relative input name. Writing that photo's result stops
	 * for {@value #STALL_MILLIS} ms once its temporary file is complete, before the rename, so that a test can
	 * kill the job with a result half-way written (see {@code KilledJobResumesTest}). Nothing else reads it.
	 */
	static final String STALL_PROPERTY = "revivegan.spark.test.stallBefore";
	static final long STALL_MILLIS = 600_000;

	/** Provenance parameters that tie a record to its input: the rerun compares them. */
	static final String INPUT_SHA256 = "inputSha256", INPUT_BYTES = "inputBytes";

	static final String WORKING_SIZE = "workingSize";

	/** The record's name of a mask the detector found. */
	private static final String DETECTED = "detected";

	/** Where an executor's unexpected failures are explained in full. */
	static final String DETAILS = "the Spark executor's log";

	private static final Logger LOG = LoggerFactory.getLogger(ImageWork.class);

	private final JobSettings settings;
	private final Broadcast<ModelBytes> inpaintModel, colorizeModel, detectModel;
	private final Broadcast<HadoopConf> conf;

	/** @param inpaintModel, colorizeModel, detectModel the models the task needs; null for the others */
	ImageWork(JobSettings settings, Broadcast<ModelBytes> inpaintModel, Broadcast<ModelBytes> colorizeModel,
		Broadcast<ModelBytes> detectModel, Broadcast<HadoopConf> conf)
	{
		this.settings = settings;
		this.inpaintModel = inpaintModel;
		this.colorizeModel = colorizeModel;
		this.detectModel = detectModel;
		this.conf = conf;
	}

	@Override
	public Iterator<SummaryRow> call(Iterator<InputImage> images) throws IOException {
		List<SummaryRow> rows = new ArrayList<>();
		if (!images.hasNext()) return rows.iterator();
		Networks networks = new Networks();
		try {
			while (images.hasNext())
				rows.add(restore(images.next(), networks));
		}
		finally {
			networks.giveBack();
		}
		return rows.iterator();
	}

	/** The networks a task borrowed, built or taken from the pool on first use, given back at its end. */
	private final class Networks {

		private final Map<ModelBytes, ModelFile> borrowed = new LinkedHashMap<>();

		ModelFile of(Broadcast<ModelBytes> model) throws IOException {
			ModelBytes bytes = model.value();
			ModelFile m = borrowed.get(bytes);
			if (m == null) borrowed.put(bytes, m = ExecutorModels.borrow(bytes));
			return m;
		}

		void giveBack() {
			borrowed.forEach(ExecutorModels::giveBack);
		}
	}

	/** @return the summary row of one photo: done, skipped or failed, never an exception */
	SummaryRow restore(InputImage in, Networks networks) {
		long t0 = System.nanoTime();
		Path target = OutputLayout.result(settings.output, in.relativeName());
		java.nio.file.Path work = null;
		try {
			work = Files.createTempDirectory("revivegan-spark-");
			String reason = restore(in, target, work, networks);
			return row(in, target, reason == null ? SummaryRow.Status.DONE : SummaryRow.Status.SKIPPED, reason, t0);
		}
		catch (Exception | OutOfMemoryError | LinkageError e) {
			if (!Failures.isUserError(e)) LOG.error("Restoring " + in.uri() + " failed", e);
			return row(in, target, SummaryRow.Status.FAILED, message(e), t0);
		}
		finally {
			if (work != null) deleteRecursively(work);
		}
	}

	/** @return the one line of a failure; running out of memory says which memory to raise here */
	static String message(Throwable e) {
		String m = Failures.userMessage(e, DETAILS);
		return m.startsWith("Not enough memory") ? "Not enough memory for this photo: give the executors more " +
			"(--executor-memory for the Java heap, spark.executor.memoryOverhead for the networks' native memory; " +
			"REVIVE_HEAP for revive-spark), or fewer cores each (--executor-cores)." : m;
	}

	private static SummaryRow row(InputImage in, Path target, SummaryRow.Status status, String reason, long t0) {
		return new SummaryRow(in.uri(), target.toString(), status, reason, (System.nanoTime() - t0) / 1e9);
	}

	/** @return null when restored, else why it was skipped */
	private String restore(InputImage in, Path target, java.nio.file.Path work, Networks networks) throws IOException {
		Configuration c = conf.value().get();
		FileSystem outFs = HadoopFiles.fileSystem(target, c);
		Path sidecar = OutputLayout.sidecar(target);
		boolean hasResult = outFs.exists(target), hasSidecar = outFs.exists(sidecar);
		if (hasResult && !hasSidecar) throw new IOException(target + " exists without the " + ProvenanceFiles
			.SIDECAR_SUFFIX + " that this job writes beside each result, so it is not this job's and is left alone: " +
			"move it away, or choose another output folder.");

		Path input = new Path(in.uri());
		java.nio.file.Path local = Files.createDirectories(work.resolve("in")).resolve(input.getName());
		HadoopFiles.Fetched fetched = HadoopFiles.fetch(HadoopFiles.fileSystem(input, c), input, local);
		Path mask = settings.detects() || !settings.task.inpaints() ? null : mask(in, c);
		Map<String, Object> inputParams = inputParameters(fetched), maskParams = maskParameters(mask);
		if (hasResult && complete(outFs, target, sidecar, inputParams, maskParams)) return "done before: its record " +
			"matches this input, these models and these settings";

		LoadedImage img = read(local, input);
		java.nio.file.Path outDir = Files.createDirectories(work.resolve("out"));
		java.nio.file.Path localResult = outDir.resolve(target.getName());
		java.nio.file.Path localMap = outDir.resolve(OutputLayout.mapName(target.getName()));
		Provenance record = run(in, img, mask, c, inputParams, localResult, localMap, work, networks);

		if (record.mapFile() != null) HadoopFiles.putAtomically(outFs, localMap, OutputLayout.map(target), null);
		else if (hasSidecar) outFs.delete(OutputLayout.map(target), false); // an earlier run's map, now wrong
		HadoopFiles.writeAtomically(outFs, (record.toJson() + "\n").getBytes(StandardCharsets.UTF_8), sidecar);
		HadoopFiles.putAtomically(outFs, localResult, target, in.relativeName().equals(System.getProperty(
			STALL_PROPERTY)) ? ImageWork::stall : null);
		return null;
	}

	/** @return the image of a fetched file; a failure names the original file, not the local copy */
	private static LoadedImage read(java.nio.file.Path local, Path original) throws IOException {
		try {
			return ImageFiles.read(local);
		}
		catch (IOException e) {
			throw new IOException(String.valueOf(e.getMessage()).replace(local.toString(), original.toString()), e);
		}
	}

	/**
	 * Runs the task on one photo through the restoration pipeline ({@link Restoration}, as {@code revive inpaint}
	 * and {@code revive colorize} do, so the pixels and the record's fields are theirs), writes the result (and
	 * map) to local files, and returns its record with what only this job knows: the input's fingerprint and the
	 * map's name.
	 */
	private Provenance run(InputImage in, LoadedImage img, Path maskFile, Configuration c,
		Map<String, Object> inputParams, java.nio.file.Path result, java.nio.file.Path map, java.nio.file.Path work,
		Networks networks) throws IOException
	{
		int bits = img.bitDepth() == 16 && !eightBitOnly(result) ? 16 : 8;
		Planes photo = Planes.of(List.of(img.image()));
		if (!settings.task.inpaints()) {
			ColorizeResult colored = Restoration.colorize(colorizeRequest(in, img, networks), photo, Progress.NONE);
			ImageFiles.write(result, colored.images().get(0), bits, false);
			return withInput(colored.provenance(), inputParams);
		}

		InpaintRequest inpaint = inpaintRequest(in, img, maskFile, c, work, networks);
		// as Restore Photo: recolouring a colour photo would throw its own colours away
		boolean colour = settings.task == JobTask.RESTORE && img.grayscale();
		if (inpaint == null) { // nothing detected: nothing to fill, the photo as it was
			Provenance untouched = withInput(Provenance.builder(Provenance.Operation.INPAINT).model("detect", networks.of(
				detectModel)).model("inpaint", networks.of(inpaintModel)).parameter("mask", DETECTED).parameter(
					"threshold", settings.threshold).parameter("minSize", (long) settings.minSize).parameter("dilate",
						(long) settings.dilate).input(in.relativeName(), (int) img.width(), (int) img.height(), 1).note(
							"no damage detected").build(), inputParams);
			if (settings.task == JobTask.INPAINT) {
				ImageFiles.write(result, img.image(), bits, img.grayscale());
				return untouched;
			}
			if (!colour) {
				ImageFiles.write(result, img.image(), bits, false);
				return Provenance.restoration(untouched, null).toBuilder().note(RestoreResult.NOT_RECOLOURED).build();
			}
			ColorizeResult colored = Restoration.colorize(colorizeRequest(in, img, networks), photo, Progress.NONE);
			ImageFiles.write(result, colored.images().get(0), bits, false);
			return Provenance.restoration(untouched, withInput(colored.provenance(), inputParams));
		}

		Provenance record;
		InpaintResult inpainted;
		Img<FloatType> image;
		if (settings.task == JobTask.INPAINT) {
			inpainted = Restoration.inpaint(inpaint, photo, Progress.NONE);
			record = inpainted.provenance();
			image = inpainted.images().get(0);
		}
		else {
			RestoreResult restored = Restoration.restore(inpaint, colour ? colorizeRequest(in, img, networks) : null,
				photo, null, Progress.NONE);
			inpainted = restored.inpainting();
			record = restored.provenance();
			image = colour ? restored.colorization().images().get(0) : inpainted.images().get(0);
		}
		ImageFiles.write(result, image, bits, settings.task == JobTask.INPAINT && img.grayscale());
		ImageFiles.write(map, inpainted.map(), 8, true);
		return withInput(record, inputParams).toBuilder().mapFile(map.getFileName().toString()).build();
	}

	/** @return the request of the photo's inpainting, or null when the detector found no damage */
	private InpaintRequest inpaintRequest(InputImage in, LoadedImage img, Path maskFile, Configuration c,
		java.nio.file.Path work, Networks networks) throws IOException
	{
		InpaintRequest request = new InpaintRequest(networks.of(inpaintModel));
		if (maskFile == null) {
			ModelFile detector = networks.of(detectModel);
			Img<UnsignedByteType> detected = new Detector(detector).withMinSize(settings.minSize).detect(img.image(), 1,
				settings.threshold, Progress.NONE);
			if (Masks.count(detected) == 0) return null;
			request.mask(detected, DETECTED).detectedBy(detector, settings.threshold, settings.minSize);
		}
		else {
			java.nio.file.Path localMask = Files.createDirectories(work.resolve("mask")).resolve(maskFile.getName());
			HadoopFiles.fetch(HadoopFiles.fileSystem(maskFile, c), maskFile, localMask);
			request.mask(read(localMask, maskFile).asMask(), maskFile.getName()); // as revive inpaint --mask reads it
		}
		// as revive inpaint: an empty supplied mask is refused by the inpainter, in its words
		return request.dilate(settings.dilate).skipPlanesWithoutDamage(false).input(in.relativeName(), (int) img
			.width(), (int) img.height(), 1);
	}

	private ColorizeRequest colorizeRequest(InputImage in, LoadedImage img, Networks networks) throws IOException {
		// the driver resolved the model's default working size
		return new ColorizeRequest(networks.of(colorizeModel)).workingSize(settings.workingSize).input(in
			.relativeName(), (int) img.width(), (int) img.height(), 1);
	}

	/** @return the record with the parameters that tie it to its input added */
	private static Provenance withInput(Provenance record, Map<String, Object> inputParams) {
		Provenance.Builder b = record.toBuilder();
		inputParams.forEach(b::parameter);
		return b.build();
	}

	/** @return the parameters that tie a record to its input: its SHA-256 and size */
	private static Map<String, Object> inputParameters(HadoopFiles.Fetched input) {
		Map<String, Object> p = new LinkedHashMap<>();
		p.put(INPUT_SHA256, input.sha256);
		p.put(INPUT_BYTES, input.bytes);
		return p;
	}

	/** @return the inpainting's settings as its record holds them: the mask's source and what shaped it */
	private Map<String, Object> maskParameters(Path mask) {
		Map<String, Object> p = new LinkedHashMap<>();
		if (!settings.task.inpaints()) return p;
		p.put("mask", mask == null ? DETECTED : mask.getName());
		if (mask == null) {
			p.put("threshold", settings.threshold);
			p.put("minSize", (long) settings.minSize);
		}
		p.put("dilate", (long) settings.dilate);
		return p;
	}

	/**
	 * @return whether the result beside {@code sidecar} is complete: its record reads, is of this task, holds this
	 *         input's hash and size and these settings, names only this job's models, and its map is there if it
	 *         names one
	 */
	private boolean complete(FileSystem fs, Path target, Path sidecar, Map<String, Object> inputParams,
		Map<String, Object> maskParams)
	{
		Provenance p;
		try {
			p = Provenance.fromJson(HadoopFiles.readString(fs, sidecar));
		}
		catch (IOException | IllegalArgumentException e) {
			return false; // unreadable: redo it
		}
		if (p.operation() != settings.task.operation()) return false;
		Map<String, Object> expected = new LinkedHashMap<>(maskParams);
		expected.putAll(inputParams);
		// a restored colour photo was not coloured, and its record has no working size
		if (settings.task == JobTask.COLORIZE || p.parameters().containsKey(WORKING_SIZE)) expected.put(WORKING_SIZE,
			(long) settings.workingSize);
		for (Map.Entry<String, Object> e : expected.entrySet())
			if (!Objects.equals(e.getValue(), p.parameters().get(e.getKey()))) return false;
		List<String> models = new ArrayList<>();
		for (Broadcast<ModelBytes> b : java.util.Arrays.asList(inpaintModel, colorizeModel, detectModel))
			if (b != null) models.add(b.value().sha256());
		for (Provenance.Model m : p.models())
			if (!models.contains(m.sha256())) return false;
		try {
			return p.mapFile() == null || fs.exists(new Path(target.getParent(), p.mapFile()));
		}
		catch (IOException e) {
			return false;
		}
	}

	/** @return the photo's supplied mask: the first of {@link OutputLayout#maskCandidates} that exists */
	private Path mask(InputImage in, Configuration c) throws IOException {
		List<Path> candidates = OutputLayout.maskCandidates(settings.masks, in.relativeName());
		for (Path p : candidates)
			if (HadoopFiles.fileSystem(p, c).exists(p)) return p;
		throw new IOException("No mask for " + in.relativeName() + " (looked for " + String.join(" and ", candidates
			.stream().map(Path::toString).toArray(String[]::new)) + ").");
	}

	private static boolean eightBitOnly(java.nio.file.Path file) {
		String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
		return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".bmp");
	}

	private static void stall() {
		try {
			Thread.sleep(STALL_MILLIS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private static void deleteRecursively(java.nio.file.Path dir) {
		try (Stream<java.nio.file.Path> files = Files.walk(dir)) {
			files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (IOException e) {
			// a temporary folder that stays: the system's temporary folder is cleaned anyway
		}
	}
}
