package org.revivegan.core.eval;

import java.util.Locale;

/**
 * One line of the evaluation: one method on one image under one band. Metrics that do not apply to the task
 * are NaN (and empty in the CSV): {@code psnrMasked} and {@code detailRatio} for colourisation,
 * {@code colorfulnessRatio} for inpainting.
 */
public final class EvaluationRow {

	/**
	 * The exact CSV header of colourisation; {@link #toCsv()} writes a colourisation row's fields in this order.
	 * Inpainting's is {@link #INPAINT_CSV_HEADER}.
	 */
	public static final String CSV_HEADER = "task,method,band,image,psnr,ssim,psnr_masked,colorfulness_ratio,seconds";

	/**
	 * The exact CSV header of inpainting: {@link #CSV_HEADER} and, last, so that readers of the older columns
	 * still work, the detail ratio ({@link org.revivegan.core.metrics.Metrics#detailRatio}).
	 */
	public static final String INPAINT_CSV_HEADER = CSV_HEADER + ",detail_ratio";

	/** "inpaint" or "colorize". */
	public final String task;
	/** "revivegan", "telea", "ns" or "grayscale". */
	public final String method;
	/** A {@link Band#id()}, or {@link Band#ALL} for colourisation. */
	public final String band;
	public final String image;
	/** PSNR in dB over the whole image, 8-bit sRGB; +Infinity when identical. */
	public final double psnr;
	/** SSIM over the whole image, 8-bit sRGB, averaged over R, G, B. */
	public final double ssim;
	/** PSNR in dB over the masked pixels only (inpainting). */
	public final double psnrMasked;
	/** Colourfulness of the output divided by that of the original (colourisation); NaN for a gray original. */
	public final double colorfulnessRatio;
	/**
	 * Texture inside the mask (inpainting): the mean lightness step between masked neighbours of the output over
	 * that of the original ({@link org.revivegan.core.metrics.Metrics#detailRatio}); 1 = as much detail as the
	 * truth, below 1 smoother. NaN where it does not apply or the original is flat under the mask.
	 */
	public final double detailRatio;
	/** Wall time of this method on this image, in seconds. */
	public final double seconds;
	/** Fraction of the pixels that the mask covers (inpainting; 0 for colourisation); not in the CSV. */
	public final double maskedFraction;

	/** A row without a detail ratio (colourisation). */
	public EvaluationRow(String task, String method, String band, String image, double psnr, double ssim,
		double psnrMasked, double colorfulnessRatio, double seconds, double maskedFraction)
	{
		this(task, method, band, image, psnr, ssim, psnrMasked, colorfulnessRatio, Double.NaN, seconds,
			maskedFraction);
	}

	public EvaluationRow(String task, String method, String band, String image, double psnr, double ssim,
		double psnrMasked, double colorfulnessRatio, double detailRatio, double seconds, double maskedFraction)
	{
		this.task = task;
		this.method = method;
		this.band = band;
		this.image = image;
		this.psnr = psnr;
		this.ssim = ssim;
		this.psnrMasked = psnrMasked;
		this.colorfulnessRatio = colorfulnessRatio;
		this.detailRatio = detailRatio;
		this.seconds = seconds;
		this.maskedFraction = maskedFraction;
	}

	/** @return whether this row is an inpainting row, with {@link #INPAINT_CSV_HEADER}'s columns */
	public boolean isInpainting() {
		return !"colorize".equals(task);
	}

	/**
	 * @return the row as one CSV line without line end, in the columns of {@link #INPAINT_CSV_HEADER} for an
	 *         inpainting row and of {@link #CSV_HEADER} for a colourisation row: fields quoted only when needed
	 *         (RFC 4180), numbers with a dot, "inf" and "nan" where a metric is not finite, empty where it does
	 *         not apply to the task
	 */
	public String toCsv() {
		boolean inpaint = isInpainting();
		String line = String.join(",", quote(task), quote(method), quote(band), quote(image), number(psnr, 4), number(
			ssim, 5), inpaint ? number(psnrMasked, 4) : "", inpaint ? "" : number(colorfulnessRatio, 4), number(seconds,
				4));
		return inpaint ? line + "," + number(detailRatio, 4) : line;
	}

	private static String number(double v, int decimals) {
		if (Double.isNaN(v)) return "nan";
		if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
		return String.format(Locale.ROOT, "%." + decimals + "f", v);
	}

	private static String quote(String s) {
		if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
		return '"' + s.replace("\"", "\"\"") + '"';
	}

	@Override
	public String toString() {
		return toCsv();
	}
}
