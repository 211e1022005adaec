package org.revivegan.fiji.commands;

import java.io.File;
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
import java.util.Locale;
import java.util.Map;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.revivegan.core.eval.Band;
import org.revivegan.core.eval.ContactSheet;
import org.revivegan.core.eval.EvaluationReport;
import org.revivegan.core.eval.EvaluationRow;
import org.revivegan.core.eval.Evaluator;
import org.revivegan.core.infer.Colorizer;
import org.revivegan.core.infer.Inpainter;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.fiji.FijiProgress;
import org.revivegan.fiji.Models;
import org.revivegan.io.ImageFiles;
import org.revivegan.io.LoadedImage;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins &gt; ReviveGAN &gt; Evaluate Model: measures a model on a folder of intact photos against its peers
 * ({@link Evaluator}: Telea and Navier-Stokes inpainting, or the gray image for colourisation), with the same
 * seeds, masks and measures as the command line's {@code revive evaluate}, so numbers from Fiji and from the
 * command line can be compared. Writes one CSV row per image, band and method, and optionally a Markdown report
 * with contact sheets; the output {@code summary} is the mean PSNR per band and method. Macro:
 * {@code run("Evaluate Model", "task=inpaint folder=[/photos] model=[default] seed=1 csv=[/out/eval.csv]");}
 */
@Plugin(type = Command.class, menuPath = "Plugins>ReviveGAN>Evaluate Model", headless = true)
public class EvaluateModel extends ContextCommand {

	/** Contact sheets: at most this many images per band, tiles at most this high (as the command line). */
	static final int SHEET_IMAGES = 8, SHEET_TILE_HEIGHT = 160;

	@Parameter(label = "Task", choices = { "inpaint", "colorize" })
	private String task = "inpaint";

	@Parameter(label = "Folder of intact photos", style = "directory")
	private File folder;

	@Parameter(label = "Model file (or 'default')", required = false)
	private String model = Models.DEFAULT;

	@Parameter(label = "Damage bands (inpainting; 'all' or e.g. 'scratches,10-20')", required = false)
	private String bands = Band.ALL;

	@Parameter(label = "Seed of the masks")
	private long seed = 1;

	@Parameter(label = "CSV file to write", style = "save")
	private File csv;

	@Parameter(label = "Report folder (optional)", style = "directory", required = false)
	private File report;

	@Parameter(type = ItemIO.OUTPUT)
	private String summary;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(required = false)
	private LogService log;

	@Override
	public void run() {
		try {
			summary = evaluate();
		}
		catch (IOException | IllegalArgumentException e) {
			cancel(e.getMessage());
		}
		catch (UncheckedIOException e) {
			cancel(e.getCause().getMessage());
		}
		catch (java.util.concurrent.CancellationException e) {
			cancel("Cancelled.");
		}
	}

	private String evaluate() throws IOException {
		Task t = Task.parse(task);
		if (folder == null || !folder.isDirectory()) throw new IllegalArgumentException("Not a folder: " + folder);
		if (csv == null) throw new IllegalArgumentException("Choose a CSV file to write the results to.");
		List<Path> files = ImageFiles.listImages(folder.toPath());
		if (files.isEmpty()) throw new IllegalArgumentException("No images (PNG, JPEG, TIFF, BMP) in " + folder + ".");
		List<String> names = new ArrayList<>();
		for (Path f : files) { // read each once first, so that a damaged or tiny file stops us before the work
			LoadedImage img = ImageFiles.read(f);
			if (img.width() < 11 || img.height() < 11) throw new IllegalArgumentException(f + " is " + img.width() +
				"x" + img.height() + "; the evaluation needs images of at least 11x11 pixels.");
			names.add(f.getFileName().toString());
		}
		List<Img<FloatType>> images = new AbstractList<Img<FloatType>>() { // one in memory at a time

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
		ModelFile modelFile = Models.load(model, t);
		Evaluator evaluator = t == Task.INPAINT ? Evaluator.inpainting(new Inpainter(modelFile)) : Evaluator
			.colorization(new Colorizer(modelFile));
		evaluator.withSeed(seed);
		if (t == Task.INPAINT && bands != null && !bands.isBlank() && !Band.ALL.equalsIgnoreCase(bands.trim())) {
			List<Band> chosen = new ArrayList<>();
			for (String b : bands.split(","))
				chosen.add(Band.parse(b));
			evaluator.withBands(chosen);
		}
		Map<String, ContactSheet> sheets = new LinkedHashMap<>();
		if (report != null) evaluator.withListener(s -> {
			ContactSheet sheet = sheets.computeIfAbsent(s.band, b -> new ContactSheet(SHEET_TILE_HEIGHT));
			if (sheet.rows() < SHEET_IMAGES) sheet.addRow(s.columns);
		});
		FijiProgress progress = new FijiProgress(status, log, this::isCanceled);
		List<EvaluationRow> rows = evaluator.run(images, names, progress);
		Path csvPath = csv.toPath().toAbsolutePath();
		if (csvPath.getParent() != null) Files.createDirectories(csvPath.getParent());
		try (Writer w = Files.newBufferedWriter(csvPath, StandardCharsets.UTF_8)) {
			Evaluator.writeCsv(rows, w);
		}
		if (report != null) {
			Path dir = report.toPath();
			Files.createDirectories(dir);
			List<String> sheetFiles = new ArrayList<>();
			for (Map.Entry<String, ContactSheet> e : sheets.entrySet()) {
				String name = t.id() + "-" + e.getKey() + ".png";
				ImageFiles.write(dir.resolve(name), e.getValue().image());
				sheetFiles.add(name);
			}
			List<String> settings = List.of("Task: " + t.id(), "Images: " + images.size() + " from " + folder
				.getAbsolutePath(), "Seed: " + seed, "Model: " + (Models.DEFAULT.equals(model) ? "default " + t.id() +
					" model" : model) + " (" + (modelFile.metadata().name.isEmpty() ? "" : modelFile.metadata().name +
						", ") + modelFile.metadata().generator + ")", "Run from Fiji (Plugins > ReviveGAN > Evaluate Model)");
			Files.writeString(dir.resolve("report.md"), EvaluationReport.markdown(rows, settings, sheetFiles));
		}
		String text = summarize(rows);
		progress.status("Evaluated " + images.size() + " images -> " + csvPath);
		if (log != null) log.info(text);
		return text;
	}

	/**
	 * @return one line per band and method, in the rows' order: {@code band method: mean PSNR dB (n images)};
	 *         the mean is over finite PSNRs (an infinite one is a perfect result, left out as in the report)
	 */
	static String summarize(List<EvaluationRow> rows) {
		Map<String, double[]> sums = new LinkedHashMap<>(); // band + method -> sum, count, images
		for (EvaluationRow r : rows) {
			double[] s = sums.computeIfAbsent(r.band + " " + r.method, k -> new double[3]);
			if (Double.isFinite(r.psnr)) {
				s[0] += r.psnr;
				s[1]++;
			}
			s[2]++;
		}
		StringBuilder text = new StringBuilder("Mean PSNR (dB) per band and method:\n");
		for (Map.Entry<String, double[]> e : sums.entrySet()) {
			double[] s = e.getValue();
			text.append(String.format(Locale.ROOT, "%s: %s (%d images)\n", e.getKey(), s[1] > 0 ? String.format(
				Locale.ROOT, "%.2f", s[0] / s[1]) : "n/a", (int) s[2]));
		}
		return text.toString();
	}
}
