package org.revivegan.core.color;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes colour hints hold across the regions they were put on. The colouriser's network takes the hints as input
 * (Zhang et al. 2017) but, trained briefly, follows them only at the hinted pixels; this step blends the network's
 * chroma towards each hint's chroma over the photo, along its edges, so a hint on a sky or a dress recolours the
 * sky or the dress.
 * <p>
 * Each hint (a connected set of hinted pixels of one chroma) is a source. Its reach over the photo is a weight
 * {@code g = exp(-D^2 / (2 R^2)) - exp(-9 / 2)} (0 beyond {@code D = 3 R}) where {@code D} is the geodesic distance from the hint on the lightness surface
 * (Criminisi et al. 2010, GeoS): a step of length {@code s} between pixels whose lightness differs by {@code dL}
 * costs {@code s * sqrt(1 + (gamma dL)^2)}, so edges are far and smooth regions are near. A pixel's chroma becomes
 * {@code (fade * network + sum g_i hint_i) / (fade + sum g_i)}: the hints' chroma where they reach, blended by
 * weight where several do, the network's own where none reaches; hinted pixels take their hint's chroma. The
 * reach {@code R} is a fraction of the longer side, smaller when hints are dense (then each speaks for a smaller
 * area).
 * </p>
 * <p>
 * Works at the colouriser's working size, on planar float arrays; immutable and thread-safe.
 * </p>
 */
public final class HintPropagation {

	/*
	 * The defaults were chosen on training photos (not the val set) with HintPropagationTuning (test tree). Mean PSNR
	 * with 10 random hints on 12 photos: gamma 0.3 / 1 / 3 gave 25.67 / 25.31 / 24.58 dB (reach 0.25, fade 0.02),
	 * the network alone 21.35, automatic 21.19; with 1 hint 21.78 / 21.82 / 21.83. On 30 photos (an earlier form
	 * that spread the residual at each hint) reach 0.1 / 0.2 / 0.4 gave 24.66 / 25.50 / 25.37 with 10 hints and
	 * fade 0.01-0.02 beat 0.05 and 0.2. Gamma 1 gives up 0.36 dB to 0.3 so that hints stop at strong edges: a
	 * user puts a hint inside the region it means.
	 */
	/** Edge sensitivity (1 / L units) of the default: crossing an L step of 20 (of 100) costs 20 pixels. */
	public static final double DEFAULT_GAMMA = 1.0;
	/** Reach of one hint as a fraction of the longer side, when hints are sparse. */
	public static final double DEFAULT_REACH = 0.25;
	/** Reach as a multiple of the mean spacing between hints, when hints are dense. */
	public static final double DEFAULT_SPACING_REACH = 1.0;
	/** Weight of "no correction": how fast the correction fades where hints reach only a little. */
	public static final double DEFAULT_FADE = 0.02;

	/** The default propagation. */
	public static final HintPropagation DEFAULT = new HintPropagation(DEFAULT_GAMMA, DEFAULT_REACH,
		DEFAULT_SPACING_REACH, DEFAULT_FADE);

	/** Sources beyond this many reach-lengths get no weight (exp(-9/2) = 0.011 at 3). */
	private static final double CUTOFF = 3;
	private static final double FLOOR = Math.exp(-CUTOFF * CUTOFF / 2);

	private final double gamma, reach, spacingReach, fade;

	/**
	 * @param gamma edge sensitivity in 1 / L units (0: plain distance, edges ignored)
	 * @param reach reach of a hint as a fraction of the longer side, when hints are sparse
	 * @param spacingReach reach as a multiple of the mean spacing between hints ({@code sqrt(area / hints)}),
	 *          when that is shorter
	 * @param fade weight of the network's own colour against the hints' (more: corrections fade sooner)
	 */
	public HintPropagation(double gamma, double reach, double spacingReach, double fade) {
		if (!(gamma >= 0) || !(reach > 0) || !(spacingReach > 0) || !(fade > 0)) throw new IllegalArgumentException(
			"Hint propagation needs gamma >= 0 and positive reach, spacing reach and fade.");
		this.gamma = gamma;
		this.reach = reach;
		this.spacingReach = spacingReach;
		this.fade = fade;
	}

	/** One hint: its pixels (indices) and its chroma. */
	private static final class Source {

		final int[] pixels;
		final float ha, hb;
		final int x0, y0, x1, y1;

		Source(int[] pixels, float ha, float hb, int w) {
			this.pixels = pixels;
			this.ha = ha;
			this.hb = hb;
			int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
			for (int p : pixels) {
				minX = Math.min(minX, p % w);
				maxX = Math.max(maxX, p % w);
				minY = Math.min(minY, p / w);
				maxY = Math.max(maxY, p / w);
			}
			x0 = minX;
			y0 = minY;
			x1 = maxX;
			y1 = maxY;
		}
	}

	/**
	 * Corrects the predicted chroma so that it follows the hints.
	 *
	 * @param lightness w x h lightness, L in [0, 100]
	 * @param w width
	 * @param h height
	 * @param hints planes (a, b, mask) as {@link ColorHints#rasterize} writes them: normalised hint chroma, and
	 *          1 where hinted; read from {@code hintOffset}
	 * @param hintOffset index of the first value of the hint a plane in {@code hints}
	 * @param ab predicted chroma, planes a then b (normalised, see {@link Lab#normalizeAb}); corrected in place
	 *          and kept in [-1, 1]
	 * @return the number of hints (sources) found
	 */
	public int apply(float[] lightness, int w, int h, float[] hints, int hintOffset, float[] ab) {
		int plane = w * h;
		List<Source> sources = sources(hints, hintOffset, w, h);
		if (sources.isEmpty()) return 0;
		double spacing = Math.sqrt((double) plane / sources.size());
		double r = Math.max(1, Math.min(reach * Math.max(w, h), spacingReach * spacing));
		double twoR2 = 2 * r * r;
		int margin = (int) Math.ceil(CUTOFF * r);
		float[] sumW = new float[plane], sumA = new float[plane], sumB = new float[plane];
		float[] dist = new float[plane];
		float[][] cost = edgeCosts(lightness, w, h);
		for (Source s : sources) {
			int x0 = Math.max(0, s.x0 - margin), x1 = Math.min(w - 1, s.x1 + margin);
			int y0 = Math.max(0, s.y0 - margin), y1 = Math.min(h - 1, s.y1 + margin);
			geodesicDistance(s.pixels, cost, w, x0, y0, x1, y1, dist, (float) (CUTOFF * r));
			for (int y = y0; y <= y1; y++)
				for (int x = x0; x <= x1; x++) {
					int i = x + w * y;
					double d = dist[i];
					if (d >= CUTOFF * r) continue;
					// a Gaussian lowered to reach 0 at the cutoff: no seam where a hint's reach ends
					float g = (float) (Math.exp(-d * d / twoR2) - FLOOR);
					sumW[i] += g;
					sumA[i] += g * s.ha;
					sumB[i] += g * s.hb;
				}
		}
		for (int i = 0; i < plane; i++) {
			if (sumW[i] == 0) continue;
			float norm = (float) (sumW[i] + fade);
			ab[i] = clamp((float) ((ab[i] * fade + sumA[i]) / norm));
			ab[plane + i] = clamp((float) ((ab[plane + i] * fade + sumB[i]) / norm));
		}
		// the hinted pixels themselves take their hint's chroma: the user said so
		for (int i = 0; i < plane; i++)
			if (hints[hintOffset + 2 * plane + i] > 0) {
				ab[i] = clamp(hints[hintOffset + i]);
				ab[plane + i] = clamp(hints[hintOffset + plane + i]);
			}
		return sources.size();
	}

	private static float clamp(float v) {
		return Math.max(-1f, Math.min(1f, v));
	}

	/**
	 * The hints as sources: 4-connected hinted pixels of the same chroma.
	 */
	private static List<Source> sources(float[] hints, int offset, int w, int h) {
		int plane = w * h;
		List<Source> sources = new ArrayList<>();
		boolean[] seen = new boolean[plane];
		int[] stack = new int[plane];
		for (int start = 0; start < plane; start++) {
			if (seen[start] || hints[offset + 2 * plane + start] <= 0) continue;
			float ha = hints[offset + start], hb = hints[offset + plane + start];
			int top = 0;
			stack[top++] = start;
			seen[start] = true;
			List<Integer> members = new ArrayList<>();
			while (top > 0) {
				int p = stack[--top];
				members.add(p);
				int x = p % w, y = p / w;
				if (x > 0) top = push(p - 1, hints, offset, plane, ha, hb, seen, stack, top);
				if (x < w - 1) top = push(p + 1, hints, offset, plane, ha, hb, seen, stack, top);
				if (y > 0) top = push(p - w, hints, offset, plane, ha, hb, seen, stack, top);
				if (y < h - 1) top = push(p + w, hints, offset, plane, ha, hb, seen, stack, top);
			}
			sources.add(new Source(members.stream().mapToInt(Integer::intValue).toArray(), ha, hb, w));
		}
		return sources;
	}

	private static int push(int q, float[] hints, int offset, int plane, float ha, float hb, boolean[] seen,
		int[] stack, int top)
	{
		if (seen[q] || hints[offset + 2 * plane + q] <= 0 || hints[offset + q] != ha || hints[offset + plane + q] != hb)
			return top;
		seen[q] = true;
		stack[top] = q;
		return top + 1;
	}

	/**
	 * Step costs to the 4 "backward" neighbours of each pixel (left, up, up-left, up-right), see the class
	 * description; the forward ones are those of the neighbour.
	 */
	private float[][] edgeCosts(float[] l, int w, int h) {
		int plane = w * h;
		float[] left = new float[plane], up = new float[plane], upLeft = new float[plane], upRight = new float[plane];
		float diagonal = (float) Math.sqrt(2);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int i = x + w * y;
				if (x > 0) left[i] = step(1, l[i] - l[i - 1]);
				if (y > 0) {
					up[i] = step(1, l[i] - l[i - w]);
					if (x > 0) upLeft[i] = step(diagonal, l[i] - l[i - w - 1]);
					if (x < w - 1) upRight[i] = step(diagonal, l[i] - l[i - w + 1]);
				}
			}
		return new float[][] { left, up, upLeft, upRight };
	}

	private float step(float length, float dl) {
		double g = gamma * dl;
		return (float) (length * Math.sqrt(1 + g * g));
	}

	/**
	 * Geodesic distance from the source pixels within the window [x0, x1] x [y0, y1], by raster scans (forward and
	 * backward, twice; Criminisi et al. 2010), values beyond {@code cap} left at {@code cap}.
	 */
	private static void geodesicDistance(int[] pixels, float[][] cost, int w, int x0, int y0, int x1, int y1,
		float[] dist, float cap)
	{
		float[] left = cost[0], up = cost[1], upLeft = cost[2], upRight = cost[3];
		for (int y = y0; y <= y1; y++)
			java.util.Arrays.fill(dist, x0 + w * y, x1 + 1 + w * y, cap);
		for (int p : pixels)
			dist[p] = 0;
		for (int pass = 0; pass < 2; pass++) {
			for (int y = y0; y <= y1; y++)
				for (int x = x0; x <= x1; x++) {
					int i = x + w * y;
					float d = dist[i];
					if (x > x0) d = Math.min(d, dist[i - 1] + left[i]);
					if (y > y0) {
						d = Math.min(d, dist[i - w] + up[i]);
						if (x > x0) d = Math.min(d, dist[i - w - 1] + upLeft[i]);
						if (x < x1) d = Math.min(d, dist[i - w + 1] + upRight[i]);
					}
					dist[i] = d;
				}
			for (int y = y1; y >= y0; y--)
				for (int x = x1; x >= x0; x--) {
					int i = x + w * y;
					float d = dist[i];
					if (x < x1) d = Math.min(d, dist[i + 1] + left[i + 1]);
					if (y < y1) {
						d = Math.min(d, dist[i + w] + up[i + w]);
						if (x < x1) d = Math.min(d, dist[i + w + 1] + upLeft[i + w + 1]);
						if (x > x0) d = Math.min(d, dist[i + w - 1] + upRight[i + w - 1]);
					}
					dist[i] = d;
				}
		}
	}

	@Override
	public String toString() {
		return "HintPropagation(gamma " + gamma + ", reach " + reach + ", spacing reach " + spacingReach + ", fade " +
			fade + ")";
	}
}
