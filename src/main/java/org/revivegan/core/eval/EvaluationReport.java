package org.revivegan.core.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.revivegan.core.metrics.Metrics;

/**
 * The evaluation's summary for people: a Markdown table of the mean of every measure per band and method,
 * and links to the contact sheets with their column order.
 */
public final class EvaluationReport {

	private EvaluationReport() {}

	/**
	 * @param rows the evaluation's rows (one task or both)
	 * @param settings lines describing the run (images, seed, model), written as a list under the title
	 * @param sheets contact sheet file names relative to the report, in the order to show them
	 * @return the Markdown text
	 */
	public static String markdown(List<EvaluationRow> rows, List<String> settings, List<String> sheets) {
		StringBuilder md = new StringBuilder("# ReviveGAN quality evaluation\n\n");
		for (String s : settings)
			md.append("- ").append(s).append('\n');
		if (!settings.isEmpty()) md.append('\n');
		md.append(tables(rows, "## "));
		if (!sheets.isEmpty()) {
			md.append("## Contact sheets\n\nOne row per image. Columns, inpainting: input (damage in white) | mask | " +
				"Telea | ReviveGAN | original. Colourisation: input (gray) | ReviveGAN | original.\n\n");
			for (String s : sheets)
				md.append("![").append(s).append("](").append(s).append(")\n\n");
		}
		return md.toString();
	}

	/**
	 * @param heading the Markdown heading of each task's section ({@code "## "}, or {@code "### "} inside a
	 *        document of its own, such as the demo's index)
	 * @return the tables of the report without its title, settings and contact sheets: the mean of every measure
	 *         per band and method, per task, and the PSNR against the number of hints
	 */
	public static String tables(List<EvaluationRow> rows, String heading) {
		StringBuilder md = new StringBuilder();
		boolean excluded = false;
		for (String task : new String[] { "inpaint", "colorize" }) {
			Map<String, List<EvaluationRow>> groups = new LinkedHashMap<>(); // band, then method, in first-seen order
			List<String> bands = new ArrayList<>();
			for (EvaluationRow r : rows) {
				if (!r.task.equals(task)) continue;
				if (!bands.contains(r.band)) bands.add(r.band);
				groups.computeIfAbsent(r.band + "\u0000" + r.method, k -> new ArrayList<>()).add(r);
			}
			if (groups.isEmpty()) continue;
			boolean inpaint = task.equals("inpaint");
			md.append(heading).append(inpaint ? "Inpainting\n\nMeans per band (percentage of pixels masked) and method; PSNR in dB " +
				"over the whole image and over the masked pixels only, 8-bit sRGB; detail ratio = mean lightness step " +
				"between neighbouring masked pixels of the output / of the original (texture: 1 = as detailed as the " +
				"original, below 1 smoother, 0 flat).\n\n" :
				"Colourisation\n\nMeans per method; PSNR in dB and SSIM over the whole image, 8-bit sRGB; colourfulness " +
					"ratio = colourfulness of the output / of the original (1 = as colourful as the original, 0 = gray).\n\n");
			md.append(inpaint ? "| band | method | images | PSNR | SSIM | PSNR masked | detail ratio | seconds |\n" +
				"|---|---|---:|---:|---:|---:|---:|---:|\n" : "| band | method | images | PSNR | SSIM | colourfulness ratio | seconds |\n" +
					"|---|---|---:|---:|---:|---:|---:|\n");
			for (String band : bands)
				for (Map.Entry<String, List<EvaluationRow>> e : groups.entrySet()) {
					if (!e.getKey().startsWith(band + "\u0000")) continue;
					List<EvaluationRow> g = e.getValue();
					double[] psnr = new double[g.size()], ssim = new double[g.size()], third = new double[g.size()],
						detail = new double[g.size()], seconds = new double[g.size()];
					for (int i = 0; i < g.size(); i++) {
						psnr[i] = g.get(i).psnr;
						ssim[i] = g.get(i).ssim;
						third[i] = inpaint ? g.get(i).psnrMasked : g.get(i).colorfulnessRatio;
						detail[i] = g.get(i).detailRatio;
						seconds[i] = g.get(i).seconds;
					}
					excluded |= !allFinite(psnr) || !allFinite(third) || inpaint && !allFinite(detail);
					md.append("| ").append(band).append(" | ").append(g.get(0).method).append(" | ").append(g.size())
						.append(" | ").append(mean(psnr, 2)).append(" | ").append(mean(ssim, 4)).append(" | ").append(mean(
							third, inpaint ? 2 : 3)).append(inpaint ? " | " + mean(detail, 3) : "").append(" | ").append(mean(
								seconds, 3)).append(" |\n");
				}
			md.append('\n');
		}
		md.append(hintsTable(rows, "#" + heading));
		if (excluded) md.append("Means are over the finite values; infinite PSNR (a perfect result) and undefined " +
			"ratios (a gray original, or one flat under the mask) are left out.\n\n");
		return md.toString();
	}

	/**
	 * @return the "PSNR against the number of hints" section (empty without hints-k rows): mean PSNR and SSIM per
	 *         k, in increasing k, and the gain over the automatic result (ReviveGAN's band {@value Band#ALL} rows)
	 */
	static String hintsTable(List<EvaluationRow> rows) {
		return hintsTable(rows, "### ");
	}

	private static String hintsTable(List<EvaluationRow> rows, String heading) {
		java.util.TreeMap<Integer, List<EvaluationRow>> byK = new java.util.TreeMap<>();
		List<Double> automatic = new ArrayList<>();
		for (EvaluationRow r : rows) {
			if (!r.task.equals("colorize") || !r.method.equals(Evaluator.OURS)) continue;
			if (r.band.equals(Band.ALL)) automatic.add(r.psnr);
			if (!r.band.startsWith(Evaluator.HINTS_BAND_PREFIX)) continue;
			try {
				byK.computeIfAbsent(Integer.parseInt(r.band.substring(Evaluator.HINTS_BAND_PREFIX.length())),
					k -> new ArrayList<>()).add(r);
			}
			catch (NumberFormatException e) {
				// not a hints-k band: not part of this table
			}
		}
		if (byK.isEmpty()) return "";
		double auto = Metrics.finiteMean(automatic.stream().mapToDouble(Double::doubleValue).toArray());
		StringBuilder md = new StringBuilder(heading + "PSNR against the number of colour hints\n\nReviveGAN with k hints " +
			"taken from the original (3x3 patches at random positions, the same for every run with the same seed); " +
			"k = 0 is the automatic result. Gain = PSNR minus the automatic PSNR, in dB.\n\n" +
			"| hints | images | PSNR | SSIM | gain |\n|---:|---:|---:|---:|---:|\n");
		for (Map.Entry<Integer, List<EvaluationRow>> e : byK.entrySet()) {
			double[] psnr = e.getValue().stream().mapToDouble(r -> r.psnr).toArray();
			double[] ssim = e.getValue().stream().mapToDouble(r -> r.ssim).toArray();
			double gain = Metrics.finiteMean(psnr) - auto;
			md.append("| ").append(e.getKey()).append(" | ").append(e.getValue().size()).append(" | ").append(mean(psnr,
				2)).append(" | ").append(mean(ssim, 4)).append(" | ").append(Double.isFinite(gain) ? String.format(
					Locale.ROOT, "%+.2f", gain) : "-").append(" |\n");
		}
		return md.append('\n').toString();
	}

	private static boolean allFinite(double[] v) {
		for (double x : v)
			if (!Double.isFinite(x)) return false;
		return true;
	}

	/** @return the mean of the finite values ({@link Metrics#finiteMean}) with {@code decimals} decimals, "-" for none */
	private static String mean(double[] values, int decimals) {
		double mean = Metrics.finiteMean(values);
		return Double.isNaN(mean) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", mean);
	}
}
