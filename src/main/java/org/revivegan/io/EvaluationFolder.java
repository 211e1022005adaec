package org.revivegan.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.revivegan.core.eval.Band;
import org.revivegan.core.eval.ContactSheet;
import org.revivegan.core.eval.DetectionEvaluator;
import org.revivegan.core.eval.EvaluationReport;
import org.revivegan.core.eval.EvaluationRow;
import org.revivegan.core.eval.Evaluator;
import org.revivegan.core.image.Images;
import org.revivegan.core.infer.Colorizer;
import org.revivegan.core.infer.Detector;
import org.revivegan.core.infer.Inpainter;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;

/**
 * Evaluates a model on every image of a folder and writes the CSV and, optionally, the report with contact
 * sheets: the one implementation behind {@code revive evaluate} and Plugins &gt; ReviveGAN &gt; Evaluate Model,
 * so that their numbers can be compared.
 * <p>
 * Every file is read once before any work, so a damaged or too small file stops the run at once; then the
 * images are read again one at a time, so only one is in memory.
 * </p>
 */
public final class EvaluationFolder {

	/** Contact sheets: at most this many images per band, tiles at most this high. */
	public static final int SHEET_IMAGES = 4, SHEET_TILE_HEIGHT = 256;

	/** What a run wrote. */
	public static final class Result {

		public final List<EvaluationRow> rows;
		public final int images;
		/** The Markdown report, or null without a report folder. */
		public final Path report;
		public final int sheets;

		Result(List<EvaluationRow> rows, int images, Path report, int sheets) {
			this.rows = rows;
			this.images = images;
			this.report = report;
			this.sheets = sheets;
		}
	}

	/** Loads the model once the images have been checked (a model takes seconds to load; a typo should not). */
	@FunctionalInterface
	public interface ModelLoader {

		ModelFile load() throws IOException;
	}

	/** What a detection run wrote. */
	public static final class DetectionResult {

		/** The rows of the CSV, in its order. */
		public final List<DetectionEvaluator.Row> rows;
		public final int images;
		/** The seconds of the evaluation itself, once the model was loaded. */
		public final double seconds;

		DetectionResult(List<DetectionEvaluator.Row> rows, int images, double seconds) {
			this.rows = rows;
			this.images = images;
			this.seconds = seconds;
		}
	}

	private EvaluationFolder() {}

	/** @return the images of the folder and its sub-folders (as training takes them) */
	private static List<Path> images(Path folder) throws IOException {
		List<Path> files = ImageFiles.listImagesRecursively(folder);
		if (files.isEmpty()) throw new IllegalArgumentException("No images (PNG, JPEG, TIFF, BMP) in " + folder +
			" or its sub-folders.");
		return files;
	}

	/**
	 * Evaluates damage detection on every image of a folder (see {@link DetectionEvaluator}) and writes its CSV
	 * ({@link DetectionEvaluator#CSV_HEADER}), flushed after each image so that a long run can be read as it goes.
	 * Every file is read before the model loads, so that a damaged file stops the run at once.
	 *
	 * @param minSize the detector's smallest damage, in pixels
	 * @param threshold the detector's probability threshold
	 */
	public static DetectionResult runDetection(Path folder, ModelLoader loader, int minSize, double threshold,
		long seed, Path csv, Progress progress) throws IOException
	{
		if (folder == null || !Files.isDirectory(folder)) throw new IllegalArgumentException("Not a folder: " + folder);
		if (csv == null) throw new IllegalArgumentException("Choose a CSV file to write the results to.");
		List<Path> files = images(folder);
		for (Path f : files)
			ImageFiles.read(f);
		DetectionEvaluator evaluator = new DetectionEvaluator(new Detector(loader.load()).withMinSize(minSize),
			threshold).withSeed(seed);
		long t0 = System.nanoTime();
		List<DetectionEvaluator.Row> rows = new ArrayList<>();
		if (csv.toAbsolutePath().getParent() != null) Files.createDirectories(csv.toAbsolutePath().getParent());
		try (BufferedWriter w = Files.newBufferedWriter(csv)) {
			w.write(DetectionEvaluator.CSV_HEADER);
			w.newLine();
			for (int i = 0; i < files.size(); i++) {
				LoadedImage img = ImageFiles.read(files.get(i));
				Img<FloatType> rgb = Images.toFloats(Images.rgbBytes(img.image(), 1), 255);
				for (DetectionEvaluator.Row r : evaluator.evaluate(ImageFiles.relativeName(folder, files.get(i)), i, rgb,
					progress))
				{
					rows.add(r);
					w.write(r.csv());
					w.newLine();
				}
				w.flush();
			}
		}
		return new DetectionResult(rows, files.size(), (System.nanoTime() - t0) / 1e9);
	}

	/**
	 * @param bands inpainting bands to measure, or null for all
	 * @param report folder for report.md and the contact sheets, or null for none
	 * @param modelWhere where the model came from, for the report ("default inpaint model", a path)
	 * @param settings more lines describing the run for the report
	 * @throws IllegalArgumentException for a missing or empty folder or a too small image, with what to do
	 */
	public static Result run(Task task, Path folder, ModelLoader loader, String modelWhere, long seed, List<Band> bands,
		Path csv, Path report, List<String> settings, Progress progress) throws IOException
	{
		return run(task, folder, loader, modelWhere, seed, bands, java.util.Collections.emptyList(), csv, report,
			settings, progress);
	}

	/**
	 * Like {@link #run(Task, Path, ModelLoader, String, long, List, Path, Path, List, Progress)}, also measuring
	 * colourisation against the number of colour hints (see {@link Evaluator#withHintCounts}).
	 *
	 * @param hintCounts numbers of simulated hints (band hints-k rows, a table and one contact sheet per k in the
	 *          report); empty for none; colourisation only
	 * @throws IllegalArgumentException also for hint counts given to an inpainting evaluation
	 */
	public static Result run(Task task, Path folder, ModelLoader loader, String modelWhere, long seed, List<Band> bands,
		List<Integer> hintCounts, Path csv, Path report, List<String> settings, Progress progress) throws IOException
	{
		return run(task, folder, loader, modelWhere, seed, bands, hintCounts, csv, report, settings, null, progress);
	}

	/**
	 * Like {@link #run(Task, Path, ModelLoader, String, long, List, List, Path, Path, List, Progress)}, with more
	 * settings of the evaluator (vividness, colour reference: see {@link Evaluator#withVividness},
	 * {@link Evaluator#withOwnReference}).
	 *
	 * @param setup called once on the evaluator before the run, or null
	 */
	public static Result run(Task task, Path folder, ModelLoader loader, String modelWhere, long seed, List<Band> bands,
		List<Integer> hintCounts, Path csv, Path report, List<String> settings,
		java.util.function.Consumer<Evaluator> setup, Progress progress) throws IOException
	{
		if (!hintCounts.isEmpty() && task != Task.COLORIZE) throw new IllegalArgumentException("Colour hints " +
			"apply to the colourisation evaluation only (task colorize).");
		if (folder == null || !Files.isDirectory(folder)) throw new IllegalArgumentException("Not a folder: " + folder);
		if (csv == null) throw new IllegalArgumentException("Choose a CSV file to write the results to.");
		List<Path> files = images(folder);
		List<String> names = new ArrayList<>();
		for (Path f : files) {
			LoadedImage img = ImageFiles.read(f);
			if (img.width() < 11 || img.height() < 11) throw new IllegalArgumentException(f + " is " + img.width() +
				"x" + img.height() + "; the evaluation needs images of at least 11x11 pixels.");
			names.add(ImageFiles.relativeName(folder, f));
		}
		List<Img<FloatType>> images = new AbstractList<Img<FloatType>>() {

			@Override
			public Img<FloatType> get(int index) {
				try {
					return ImageFiles.read(files.get(index)).image();
				}
				catch (IOException e) {
					throw new UncheckedIOException(e);
				}
			}

			@Override
			public int size() {
				return files.size();
			}
		};
		ModelFile model = loader.load();
		Evaluator evaluator = task == Task.INPAINT ? Evaluator.inpainting(new Inpainter(model)) : Evaluator
			.colorization(new Colorizer(model));
		evaluator.withSeed(seed);
		if (task == Task.INPAINT && bands != null) evaluator.withBands(bands);
		if (!hintCounts.isEmpty()) evaluator.withHintCounts(hintCounts);
		if (setup != null) setup.accept(evaluator);
		Map<String, ContactSheet> sheets = new LinkedHashMap<>();
		if (report != null) evaluator.withListener(s -> {
			ContactSheet sheet = sheets.computeIfAbsent(s.band, b -> new ContactSheet(SHEET_TILE_HEIGHT));
			if (sheet.rows() < SHEET_IMAGES) sheet.addRow(s.columns);
		});
		List<EvaluationRow> rows;
		try {
			rows = evaluator.run(images, names, progress);
		}
		catch (UncheckedIOException e) {
			throw e.getCause();
		}
		Path csvPath = csv.toAbsolutePath();
		if (csvPath.getParent() != null) Files.createDirectories(csvPath.getParent());
		try (Writer w = Files.newBufferedWriter(csvPath, StandardCharsets.UTF_8)) {
			Evaluator.writeCsv(rows, w);
		}
		Path md = null;
		if (report != null) {
			Files.createDirectories(report);
			List<String> sheetFiles = new ArrayList<>();
			for (Map.Entry<String, ContactSheet> e : sheets.entrySet()) {
				String name = task.id() + "-" + e.getKey() + ".png";
				ImageFiles.write(report.resolve(name), e.getValue().image());
				sheetFiles.add(name);
			}
			List<String> lines = new ArrayList<>();
			lines.add("Task: " + task.id());
			lines.add("Images: " + images.size() + " from " + folder.toAbsolutePath());
			lines.add("Seed: " + seed);
			lines.add("Model: " + modelWhere + " (" + model.metadata().label() + ")");
			if (!hintCounts.isEmpty()) lines.add("Colour hints: " + hintCounts + " random hints from each original");
			lines.addAll(settings);
			md = report.resolve("report.md");
			Files.writeString(md, EvaluationReport.markdown(rows, lines, sheetFiles));
		}
		return new Result(rows, images.size(), md, sheets.size());
	}
}
