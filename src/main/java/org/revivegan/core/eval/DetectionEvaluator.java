package org.revivegan.core.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.revivegan.core.damage.Damage;
import org.revivegan.core.damage.DamageKind;
import org.revivegan.core.damage.DamageSpec;
import org.revivegan.core.damage.DamageSynthesizer;
import org.revivegan.core.image.Images;
import org.revivegan.core.infer.Detector;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.train.BatchMaker;
import org.revivegan.core.util.Rng;

/**
 * The evaluation of damage detection: for every image and every damage kind, the synthesizer damages the
 * photo with that kind alone (and once with all kinds, {@value #ALL}), and each method's mask is compared with
 * the synthesizer's own mask, the exact truth.
 * <p>
 * The damage of (image, kind) comes from a generator derived from (seed, image index, kind) alone, so a row does
 * not depend on which other images are evaluated. The photo and the damaged photo are rounded to 8 bits first,
 * as a scan would be. Each kind covers the area band of {@link #spec(String)} and the photo is faded and grainy
 * with probability 0.3 each (global ageing that a detector must not mark).
 * </p>
 * <p>
 * Methods: the detection model ({@value #OURS}, at the given threshold and minimum size) and a classical peer,
 * {@value #MEDIAN_RESIDUAL}: pixels whose luminance differs from its {@value #MEDIAN_SIDE}x{@value #MEDIAN_SIDE}
 * median by more than {@value #MEDIAN_THRESHOLD} (the usual dust-and-scratches filter; it finds thin or small
 * damage and cannot find stains or tears larger than its window).
 * </p>
 * <p>
 * Measures over the pixels of one image: precision TP / (TP + FP), recall TP / (TP + FN), F1 = 2 TP / (2 TP + FP
 * + FN), IoU = TP / (TP + FP + FN). A method that marks nothing has precision 1 (it made no false claim); where
 * neither mask has damage all four are 1. Seconds are the wall time of one method on one image (the model is
 * warmed up on a small crop first).
 * </p>
 */
public final class DetectionEvaluator {

	public static final String TASK = "detect";
	public static final String OURS = "revivegan";
	public static final String MEDIAN_RESIDUAL = "median-residual";
	/** The kind column of the rows with every kind at once. */
	public static final String ALL = "all";
	public static final String CSV_HEADER = "task,method,kind,image,precision,recall,f1,iou,seconds";

	/** Side of the median window of {@value #MEDIAN_RESIDUAL}: wider than the widest scratch (3 px) twice over. */
	public static final int MEDIAN_SIDE = 7;
	/** Luminance difference (of 1) from the median above which {@value #MEDIAN_RESIDUAL} marks a pixel. */
	public static final double MEDIAN_THRESHOLD = 0.1;

	/** The local kinds evaluated one at a time, then {@value #ALL}. */
	private static final DamageKind[] KINDS = { DamageKind.SCRATCHES, DamageKind.DUST, DamageKind.BLOTCHES,
		DamageKind.STROKES, DamageKind.TEARS };

	/** One method on one image under one kind. */
	public static final class Row {

		public final String method, kind, image;
		public final double precision, recall, f1, iou, seconds;

		Row(String method, String kind, String image, double[] score, double seconds) {
			this.method = method;
			this.kind = kind;
			this.image = image;
			this.precision = score[0];
			this.recall = score[1];
			this.f1 = score[2];
			this.iou = score[3];
			this.seconds = seconds;
		}

		/** @return the row as a line of the CSV ({@link #CSV_HEADER}), without a line break */
		public String csv() {
			return String.format(Locale.ROOT, "%s,%s,%s,%s,%.4f,%.4f,%.4f,%.4f,%.3f", TASK, method, kind,
				image.replace(',', '_'), precision, recall, f1, iou, seconds);
		}
	}

	private final Detector detector;
	private final double threshold;
	private long seed = 1;
	private boolean warm;

	/**
	 * @param detector the model, with its minimum damage size; null evaluates the classical peer only
	 * @param threshold the model's probability threshold
	 */
	public DetectionEvaluator(Detector detector, double threshold) {
		if (!(threshold >= 0 && threshold <= 1)) throw new IllegalArgumentException("The threshold is a " +
			"probability from 0 to 1, not " + threshold + ".");
		this.detector = detector;
		this.threshold = threshold;
	}

	public DetectionEvaluator withSeed(long seed) {
		this.seed = seed;
		return this;
	}

	/** @return the kind names, in row order: the local kinds in lower case, then {@value #ALL} */
	public static List<String> kinds() {
		List<String> names = new ArrayList<>();
		for (DamageKind k : KINDS)
			names.add(k.name().toLowerCase(Locale.ROOT));
		names.add(ALL);
		return Collections.unmodifiableList(names);
	}

	/**
	 * @param kind a name of {@link #kinds()}
	 * @return the damage evaluated under that name: one kind alone over a band of area that suits it (scratches
	 *         1-3 %, dust 0.5-2 %, stains, strokes and tears 3-15 %), or {@value #ALL}: the training mix of
	 *         {@link BatchMaker#detectionSpec()}; fading and grain with probability 0.3 each
	 */
	public static DamageSpec spec(String kind) {
		if (ALL.equals(kind)) return BatchMaker.detectionSpec().withFading(0.3).withGrain(0.3);
		DamageKind k = DamageKind.valueOf(kind.toUpperCase(Locale.ROOT));
		double min = 0.03, max = 0.15;
		if (k == DamageKind.SCRATCHES) {
			min = 0.01;
			max = 0.03;
		}
		else if (k == DamageKind.DUST) {
			min = 0.005;
			max = 0.02;
		}
		return DamageSpec.of(k).withArea(min, max).withFading(0.3).withGrain(0.3);
	}

	/** @return the generator of the damage of one image under one kind: derived from the seed, index and kind */
	public static Rng damageRng(long seed, int imageIndex, int kindIndex) {
		return Rng.forStep(Rng.forStep(seed, imageIndex).nextLong(), 1000 + kindIndex);
	}

	/**
	 * @param rgb (x, y, 3) in [0, 1], the clean photo
	 * @return for every kind of {@link #kinds()}: the model's row (if any), then the peer's row
	 */
	public List<Row> evaluate(String imageName, int imageIndex, RandomAccessibleInterval<FloatType> rgb,
		Progress progress)
	{
		Objects.requireNonNull(imageName, "imageName");
		ArrayImg<FloatType, FloatArray> clean = quantise(Images.toFloats(rgb, 1));
		if (detector != null && !warm) {
			long side = Math.min(64, Math.min(clean.dimension(0), clean.dimension(1)));
			detector.probabilities(Views.interval(clean, new long[] { 0, 0, 0 }, new long[] { side - 1,
				side - 1, 2 }), 1, Progress.NONE);
			warm = true;
		}
		List<String> kinds = kinds();
		List<Row> rows = new ArrayList<>();
		for (int k = 0; k < kinds.size(); k++) {
			if (progress.isCanceled()) throw new java.util.concurrent.CancellationException("Evaluation cancelled.");
			progress.status("Detecting " + kinds.get(k) + " on " + imageName);
			Damage d = new DamageSynthesizer().apply(clean, spec(kinds.get(k)), damageRng(seed, imageIndex, k));
			ArrayImg<FloatType, FloatArray> damaged = quantise(d.damaged());
			byte[] truth = d.mask().update(null).getCurrentStorageArray();
			if (detector != null) {
				long t0 = System.nanoTime();
				ArrayImg<UnsignedByteType, ByteArray> m = detector.detect(damaged, 1, threshold, Progress.NONE);
				double s = (System.nanoTime() - t0) / 1e9;
				rows.add(new Row(OURS, kinds.get(k), imageName, score(m.update(null).getCurrentStorageArray(), truth), s));
			}
			long t0 = System.nanoTime();
			ArrayImg<UnsignedByteType, ByteArray> m = medianResidual(damaged, MEDIAN_SIDE, MEDIAN_THRESHOLD);
			double s = (System.nanoTime() - t0) / 1e9;
			rows.add(new Row(MEDIAN_RESIDUAL, kinds.get(k), imageName, score(m.update(null).getCurrentStorageArray(),
				truth), s));
			progress.progress((k + 1.0) / kinds.size());
		}
		return rows;
	}

	/**
	 * @param predicted non-zero = marked as damage
	 * @param truth non-zero = damaged
	 * @return precision, recall, F1, IoU as described in the class comment
	 */
	public static double[] score(byte[] predicted, byte[] truth) {
		if (predicted.length != truth.length) throw new IllegalArgumentException("The masks differ in size.");
		long tp = 0, fp = 0, fn = 0;
		for (int i = 0; i < truth.length; i++) {
			boolean p = predicted[i] != 0, t = truth[i] != 0;
			if (p && t) tp++;
			else if (p) fp++;
			else if (t) fn++;
		}
		double precision = tp + fp == 0 ? 1 : (double) tp / (tp + fp);
		double recall = tp + fn == 0 ? 1 : (double) tp / (tp + fn);
		double f1 = tp + fp + fn == 0 ? 1 : 2.0 * tp / (2.0 * tp + fp + fn);
		double iou = tp + fp + fn == 0 ? 1 : (double) tp / (tp + fp + fn);
		return new double[] { precision, recall, f1, iou };
	}

	/**
	 * The measures of a proposed mask against a known one, as {@code revive detect --truth} reports them.
	 *
	 * @param predicted (x, y), non-zero = marked as damage
	 * @param truth (x, y) of the same size, non-zero = damaged
	 * @return precision, recall, F1, IoU as {@link #score(byte[], byte[])}
	 * @throws IllegalArgumentException for masks of different sizes
	 */
	public static double[] score(RandomAccessibleInterval<? extends RealType<?>> predicted,
		RandomAccessibleInterval<? extends RealType<?>> truth)
	{
		if (!Intervals.equalDimensions(predicted, truth)) throw new IllegalArgumentException("The masks differ in " +
			"size: " + java.util.Arrays.toString(Intervals.dimensionsAsLongArray(predicted)) + " and " + java.util.Arrays
			.toString(Intervals.dimensionsAsLongArray(truth)) + ".");
		return score(nonZero(predicted), nonZero(truth));
	}

	/** @return 1 for each non-zero pixel, 0 for the others, in row order */
	private static byte[] nonZero(RandomAccessibleInterval<? extends RealType<?>> mask) {
		long pixels = Intervals.numElements(mask);
		if (pixels > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("The mask is too large to score (" +
			pixels + " pixels; at most 2^31).");
		byte[] b = new byte[(int) pixels];
		Cursor<? extends RealType<?>> c = Views.flatIterable(mask).cursor();
		for (int i = 0; c.hasNext(); i++)
			b[i] = (byte) (c.next().getRealDouble() != 0 ? 1 : 0);
		return b;
	}

	/**
	 * @return the mean F1 of one method under one damage kind over the rows (the images), NaN when no row has that
	 *         kind and method: the summary {@code revive evaluate --task detect} prints
	 */
	public static double meanF1(List<Row> rows, String kind, String method) {
		return rows.stream().filter(r -> r.kind.equals(kind) && r.method.equals(method)).mapToDouble(r -> r.f1)
			.average().orElse(Double.NaN);
	}

	/**
	 * @return the summary of a detection evaluation, as {@code revive evaluate --task detect} prints it and
	 *         Evaluate Model returns it: a title line, then one line per kind and method with the mean F1
	 */
	public static String summary(List<Row> rows, double threshold) {
		StringBuilder text = new StringBuilder("mean F1 per kind (threshold " + threshold + "):\n");
		for (String kind : kinds())
			for (String method : List.of(OURS, MEDIAN_RESIDUAL))
				text.append(String.format(Locale.ROOT, "  %-10s %-16s %.3f%n", kind, method, meanF1(rows, kind, method)));
		return text.toString();
	}

	/**
	 * The classical peer: marks pixels whose luminance (Rec. 601) differs from the median of its side x side
	 * neighbourhood (mirrored at the borders) by more than {@code threshold}.
	 *
	 * @param rgb (x, y, 3) in [0, 1]
	 * @return (x, y) mask, 255 = damage
	 */
	public static ArrayImg<UnsignedByteType, ByteArray> medianResidual(ArrayImg<FloatType, FloatArray> rgb, int side,
		double threshold)
	{
		int w = (int) rgb.dimension(0), h = (int) rgb.dimension(1), plane = w * h, r = side / 2;
		float[] a = rgb.update(null).getCurrentStorageArray();
		float[] y = new float[plane];
		for (int i = 0; i < plane; i++)
			y[i] = 0.299f * a[i] + 0.587f * a[plane + i] + 0.114f * a[2 * plane + i];
		ArrayImg<UnsignedByteType, ByteArray> mask = ArrayImgs.unsignedBytes(w, h);
		byte[] m = mask.update(null).getCurrentStorageArray();
		float[] window = new float[side * side];
		for (int py = 0; py < h; py++)
			for (int px = 0; px < w; px++) {
				int n = 0;
				for (int dy = -r; dy <= r; dy++) {
					int yy = mirror(py + dy, h);
					for (int dx = -r; dx <= r; dx++)
						window[n++] = y[mirror(px + dx, w) + w * yy];
				}
				float median = select(window, n, n / 2);
				if (Math.abs(y[px + w * py] - median) > threshold) m[px + w * py] = (byte) 255;
			}
		return mask;
	}

	private static int mirror(int i, int n) {
		if (n == 1) return 0;
		while (i < 0 || i >= n)
			i = i < 0 ? -i : 2 * (n - 1) - i;
		return i;
	}

	/** @return the k-th smallest of the first n values (quickselect; reorders them) */
	static float select(float[] v, int n, int k) {
		int lo = 0, hi = n - 1;
		while (lo < hi) {
			float pivot = v[(lo + hi) >>> 1];
			int i = lo, j = hi;
			while (i <= j) {
				while (v[i] < pivot)
					i++;
				while (v[j] > pivot)
					j--;
				if (i <= j) {
					float t = v[i];
					v[i] = v[j];
					v[j] = t;
					i++;
					j--;
				}
			}
			if (k <= j) hi = j;
			else if (k >= i) lo = i;
			else return v[k];
		}
		return v[k];
	}

	/** @return the image rounded to 8 bits (in place) */
	private static ArrayImg<FloatType, FloatArray> quantise(ArrayImg<FloatType, FloatArray> img) {
		float[] a = img.update(null).getCurrentStorageArray();
		for (int i = 0; i < a.length; i++)
			a[i] = Math.round(Math.max(0, Math.min(1, a[i])) * 255) / 255f;
		return img;
	}
}
