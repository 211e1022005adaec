package org.revivegan.fiji.commands;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.revivegan.core.eval.Band;
import org.revivegan.core.eval.DetectionEvaluator;
import org.revivegan.core.eval.EvaluationRow;
import org.revivegan.core.eval.Evaluator;
import org.revivegan.core.infer.Detector;
import org.revivegan.core.model.DefaultModels;
import org.revivegan.core.model.Task;
import org.revivegan.fiji.FijiProgress;
import org.revivegan.fiji.Models;
import org.revivegan.io.EvaluationFolder;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins &gt; ReviveGAN &gt; Evaluate Model: measures a model on a folder of intact photos against its peers
 * ({@link Evaluator}: Telea and Navier-Stokes inpainting, or the gray image for colourisation), with the same
 * seeds, masks and measures as the command line's {@code revive evaluate}, so numbers from Fiji and from the
 * command line can be compared. Writes one CSV row per image, band and method, and optionally a Markdown report
 * with contact sheets; the output {@code summary} is the mean PSNR per band and method. Macro:
 * {@code run("Evaluate Model", "task=inpaint folder=[/photos] model=[default] seed=1 csv=[/out/eval.csv]");}
 * With {@code task=colorize hints=default} (or {@code hints=[0,5,10]}) colourisation is also measured with that
 * many random colour hints taken from each original (rows with band hints-k, a PSNR-vs-hints table in the report),
 * as {@code revive evaluate --hints} does. With {@code task=detect} damage detection is measured as
 * {@code revive evaluate --task detect} measures it (precision, recall, F1 and IoU per damage kind and image,
 * beside a median-filter peer; {@code threshold=} and {@code minsize=} as for Detect Damage; no report): the
 * {@code summary} is then the mean F1 per kind and method.
 */
@Plugin(type = Command.class, menuPath = "Plugins>ReviveGAN>Evaluate Model", headless = true)
public class EvaluateModel extends ReviveCommand {

	@Parameter(label = "Task", choices = { "inpaint", "colorize", "detect" })
	private String task = "inpaint";

	@Parameter(label = "Folder of intact photos", style = "directory")
	private File folder;

	@Parameter(label = "Model file (or 'default')", required = false)
	private String model = Models.DEFAULT;

	@Parameter(label = "Damage bands (inpainting; 'all' or e.g. 'scratches,10-20')", required = false)
	private String bands = Band.ALL;

	@Parameter(label = "Colour hints (colorize: 'none', 'default' = 0,1,2,5,10,20,50, or e.g. '0,5,10')",
		required = false)
	private String hints = "none";

	@Parameter(label = "Threshold (detect: damage probability)", min = "0", max = "1", stepSize = "0.05",
		required = false)
	private double threshold = Detector.DEFAULT_THRESHOLD;

	@Parameter(label = "Ignore specks smaller than (detect: pixels)", min = "0", max = "10000", required = false)
	private int minsize = 0;

	@Parameter(label = "Seed of the masks")
	private long seed = 1;

	@Parameter(label = "CSV file to write", style = "save")
	private File csv;

	@Parameter(label = "Report folder (optional)", style = "directory", required = false)
	private File report;

	@Parameter(type = ItemIO.OUTPUT)
	private String summary;

	@Override
	void execute() {
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
		List<Band> chosen = null;
		if (t == Task.INPAINT && bands != null && !bands.isBlank() && !Band.ALL.equalsIgnoreCase(bands.trim())) {
			chosen = new ArrayList<>();
			for (String b : bands.split(","))
				chosen.add(Band.parse(b));
		}
		List<Integer> hintCounts = Evaluator.parseHintCounts(hints);
		if (!hintCounts.isEmpty() && t != Task.COLORIZE) throw new IllegalArgumentException("Colour hints apply to " +
			"the colourisation evaluation only: choose task=colorize, or hints=none.");
		FijiProgress progress = progress();
		if (t == Task.DETECT) return evaluateDetection(progress);
		EvaluationFolder.Result r = EvaluationFolder.run(t, folder.toPath(), () -> Models.load(model, t),
			DefaultModels.label(model, t), seed, chosen, hintCounts,
			csv == null ? null : csv.toPath(), report == null ? null : report.toPath(),
			List.of("Run from Fiji (Plugins > ReviveGAN > Evaluate Model)"), progress);
		String text = summarize(r.rows);
		progress.status("Evaluated " + r.images + " images -> " + csv);
		if (log != null) log.info(text);
		return text;
	}

	/** Detection: its own CSV and the mean F1 per kind and method, as {@code revive evaluate --task detect}. */
	private String evaluateDetection(FijiProgress progress) throws IOException {
		if (!(threshold >= 0 && threshold <= 1)) throw new IllegalArgumentException("The threshold is a probability " +
			"from 0 to 1, not " + threshold + ".");
		if (minsize < 0) throw new IllegalArgumentException("The smallest damage size cannot be negative.");
		EvaluationFolder.DetectionResult r = EvaluationFolder.runDetection(folder.toPath(), () -> Models.load(model,
			Task.DETECT), minsize, threshold, seed, csv == null ? null : csv.toPath(), progress);
		String text = DetectionEvaluator.summary(r.rows, threshold) + (report != null ? "(The detection evaluation " +
			"writes no report; its rows are in " + csv + ".)\n" : "");
		progress.status("Evaluated " + r.images + " images -> " + csv);
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
