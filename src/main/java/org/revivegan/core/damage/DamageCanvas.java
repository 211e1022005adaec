package org.revivegan.core.damage;

/**
 * Where damage painters draw: a binary mask and, unless only a mask is wanted, the planar RGB pixels of the
 * damaged image. Painters draw one element at a time (a scratch, a stain, a speck) into a staging layer with
 * {@link #capsule}, {@link #disk} and {@link #stage}; {@link #commit(int)} then composites the element in one
 * go, or refuses it when it would push the masked pixel count past a cap. That keeps the masked area inside
 * its band without ever undoing paint, and an element that overlaps itself (joints of a polyline) is blended
 * once, at its strongest alpha, so semi-transparent stains show no seams.
 * <p>
 * Coordinates are pixel centres: pixel (x, y) covers [x - 0.5, x + 0.5]. Not thread-safe.
 * </p>
 */
final class DamageCanvas {

	/** Paint replaces the pixel colour: {@code v + (colour - v) * alpha}. */
	static final int COVER = 0;
	/**
	 * Paint tints the pixel like a stain: {@code v + (colour * (v + (1 - v) * lift) - v) * alpha}. With lift
	 * 0 a pure multiply; a positive lift lets the stain show on dark areas too, as pigment would.
	 */
	static final int MULTIPLY = 1;

	/** Anti-aliased edge pixels fainter than this are neither painted nor masked: the mask marks visible damage. */
	static final float MIN_ALPHA = 0.12f;

	/**
	 * Pixels that an anti-aliased edge covers less than this are left out, so a 1 px line masks about 2 px
	 * across, not 3.
	 */
	static final double MIN_COVER = 0.25;

	final int width;
	final int height;
	final int size;
	final byte[] mask;
	/** Planar RGB of the damaged image (x + w * (y + h * c)), or null when only the mask is wanted. */
	private final float[] rgb;
	private final float[] stage;
	private int[] touched = new int[256];
	private int touchedCount;
	private int pendingNew;
	private int maskedCount;

	private int mode = COVER;
	private float red, green, blue;
	private float opacity = 1;
	private float lift;
	private float texture;
	private long textureSeed;

	DamageCanvas(int width, int height, float[] rgb) {
		this.width = width;
		this.height = height;
		this.size = width * height;
		this.mask = new byte[size];
		this.rgb = rgb;
		this.stage = new float[size];
	}

	/** @return the number of masked pixels */
	int maskedCount() {
		return maskedCount;
	}

	/** @return how many pixels the staged element would add to the mask */
	int pendingNew() {
		return pendingNew;
	}

	/**
	 * Sets how the next element is composited.
	 *
	 * @param mode {@link #COVER} or {@link #MULTIPLY}
	 * @param opacity multiplies every staged alpha
	 * @param texture amplitude of per-pixel colour noise (paper and pigment are never flat)
	 * @param seed seed of that noise
	 */
	void paint(int mode, float r, float g, float b, float opacity, float texture, long seed) {
		paint(mode, r, g, b, opacity, texture, seed, 0);
	}

	/** As {@link #paint(int, float, float, float, float, float, long)}, with the lift of {@link #MULTIPLY}. */
	void paint(int mode, float r, float g, float b, float opacity, float texture, long seed, float lift) {
		this.mode = mode;
		this.lift = lift;
		this.red = r;
		this.green = g;
		this.blue = b;
		this.opacity = opacity;
		this.texture = texture;
		this.textureSeed = seed;
	}

	private void stageIndex(int i, float a) {
		float old = stage[i];
		if (old == 0) {
			if (touchedCount == touched.length) touched = java.util.Arrays.copyOf(touched, touchedCount * 2);
			touched[touchedCount++] = i;
			if (mask[i] == 0) pendingNew++;
			stage[i] = a > 1 ? 1 : a;
		}
		else if (a > old) stage[i] = a > 1 ? 1 : a;
	}

	/**
	 * Stages a capsule: all points within a radius of the segment from (x0, y0) to (x1, y1), the radius
	 * varying linearly from r0 to r1.
	 *
	 * @param strength alpha inside
	 * @param soft false: alpha = strength wherever the distance is within the radius (binary, for holes);
	 *        true: anti-aliased edge, alpha = strength * clamp(r + 0.5 - d), for thin lines and specks (pixels
	 *        covered less than {@link #MIN_COVER} left out)
	 */
	void capsule(double x0, double y0, double r0, double x1, double y1, double r1, float strength, boolean soft) {
		double rMax = Math.max(r0, r1) + 1;
		int xMin = Math.max(0, (int) Math.floor(Math.min(x0, x1) - rMax));
		int xMax = Math.min(width - 1, (int) Math.ceil(Math.max(x0, x1) + rMax));
		int yMin = Math.max(0, (int) Math.floor(Math.min(y0, y1) - rMax));
		int yMax = Math.min(height - 1, (int) Math.ceil(Math.max(y0, y1) + rMax));
		if (xMin > xMax || yMin > yMax) return;
		double dx = x1 - x0;
		double dy = y1 - y0;
		double len2 = dx * dx + dy * dy;
		double inv = len2 > 1e-12 ? 1 / len2 : 0;
		double dr = r1 - r0;
		float minAlpha = MIN_ALPHA;
		for (int y = yMin; y <= yMax; y++) {
			double py = y - y0;
			int row = y * width;
			for (int x = xMin; x <= xMax; x++) {
				double px = x - x0;
				double t = (px * dx + py * dy) * inv;
				if (t < 0) t = 0;
				else if (t > 1) t = 1;
				double ex = px - t * dx;
				double ey = py - t * dy;
				double r = r0 + t * dr;
				double d2 = ex * ex + ey * ey;
				if (soft) {
					double reach = r + 0.5;
					if (d2 >= reach * reach) continue;
					double cover = reach - Math.sqrt(d2);
					if (cover < MIN_COVER) continue;
					float a = (float) (strength * (cover > 1 ? 1 : cover));
					if (a >= minAlpha) stageIndex(row + x, a);
				}
				else if (d2 <= r * r) stageIndex(row + x, strength);
			}
		}
	}

	/** Stages a disk of radius r; see {@link #capsule}. */
	void disk(double cx, double cy, double r, float strength, boolean soft) {
		capsule(cx, cy, r, cx, cy, r, strength, soft);
	}

	/** Stages pixel index i with alpha a (no bounds check; for painters that loop over their own box). */
	void stage(int i, float a) {
		if (a > 0) stageIndex(i, a);
	}

	/**
	 * Composites the staged element, or discards it when it would make more than {@code cap} pixels masked.
	 * Either way the stage is empty afterwards.
	 *
	 * @return true if the element was painted
	 */
	boolean commit(int cap) {
		boolean accept = touchedCount > 0 && maskedCount + pendingNew <= cap;
		if (accept) composite();
		discard();
		return accept;
	}

	/** Empties the stage without painting. */
	void discard() {
		for (int k = 0; k < touchedCount; k++)
			stage[touched[k]] = 0;
		touchedCount = 0;
		pendingNew = 0;
	}

	private void composite() {
		maskedCount += pendingNew;
		float[] data = rgb;
		int g0 = size;
		int b0 = 2 * size;
		for (int k = 0; k < touchedCount; k++) {
			int i = touched[k];
			mask[i] = 1;
			if (data == null) continue;
			float a = stage[i] * opacity;
			if (a > 1) a = 1;
			float jitter = texture == 0 ? 0 : (float) (texture * (Noise.hash(textureSeed, i, 7) - 0.5));
			float cr = red + jitter;
			float cg = green + jitter;
			float cb = blue + jitter;
			if (mode == MULTIPLY) {
				cr *= data[i] + (1 - data[i]) * lift;
				cg *= data[g0 + i] + (1 - data[g0 + i]) * lift;
				cb *= data[b0 + i] + (1 - data[b0 + i]) * lift;
			}
			data[i] = clamp(data[i] + (cr - data[i]) * a);
			data[g0 + i] = clamp(data[g0 + i] + (cg - data[g0 + i]) * a);
			data[b0 + i] = clamp(data[b0 + i] + (cb - data[b0 + i]) * a);
		}
	}

	private static float clamp(float v) {
		return v < 0 ? 0 : v > 1 ? 1 : v;
	}
}
