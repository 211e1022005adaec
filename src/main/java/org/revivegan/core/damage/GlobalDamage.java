package org.revivegan.core.damage;

import org.revivegan.core.util.Rng;

/**
 * The global degradations, {@link DamageKind#FADING} and {@link DamageKind#GRAIN}, applied in place to a
 * planar RGB float array. They age the whole photo and are part of the training target, never masked.
 */
final class GlobalDamage {

	private GlobalDamage() {}

	/**
	 * Fades like an old print: desaturates, mixes in a sepia tone, lowers contrast around mid-grey, lifts the
	 * blacks and dims the whites, and takes some blue out (yellowing). Every parameter is drawn once per
	 * image.
	 */
	static void fade(float[] rgb, int size, Rng rng) {
		float saturation = (float) rng.uniform(0.35, 0.95);
		float sepia = (float) rng.uniform(0.1, 0.7);
		float contrast = (float) rng.uniform(0.55, 0.9);
		float lift = (float) rng.uniform(0.02, 0.15);
		float white = (float) rng.uniform(0.85, 1.0);
		float yellow = (float) rng.uniform(0.0, 0.12);
		float toneR = (float) rng.uniform(1.05, 1.15);
		float toneG = (float) rng.uniform(0.93, 1.0);
		float toneB = (float) rng.uniform(0.7, 0.85);
		float range = white - lift;
		int g0 = size;
		int b0 = 2 * size;
		for (int i = 0; i < size; i++) {
			float r = rgb[i];
			float g = rgb[g0 + i];
			float b = rgb[b0 + i];
			float lum = 0.299f * r + 0.587f * g + 0.114f * b;
			r = lum + (r - lum) * saturation;
			g = lum + (g - lum) * saturation;
			b = lum + (b - lum) * saturation;
			r += (lum * toneR - r) * sepia;
			g += (lum * toneG - g) * sepia;
			b += (lum * toneB - b) * sepia;
			r = lift + range * (0.5f + (r - 0.5f) * contrast);
			g = lift + range * (0.5f + (g - 0.5f) * contrast);
			b = (lift + range * (0.5f + (b - 0.5f) * contrast)) * (1 - yellow);
			rgb[i] = clamp(r);
			rgb[g0 + i] = clamp(g);
			rgb[b0 + i] = clamp(b);
		}
	}

	/**
	 * Adds film grain: a luminance noise field (clumped by a small blur in half the images), strongest in
	 * the mid-tones, plus weaker independent noise per channel.
	 */
	static void grain(float[] rgb, int width, int height, Rng rng) {
		int size = width * height;
		float sigma = (float) (0.006 * Math.exp(rng.nextDouble() * Math.log(0.04 / 0.006))); // log-uniform
		float chroma = (float) rng.uniform(0.0, 0.3);
		boolean clumped = rng.chance(0.5);
		float[] field = new float[size];
		for (int i = 0; i < size; i++)
			field[i] = gaussian(rng.nextLong());
		if (clumped && width > 2 && height > 2) blur121(field, width, height);
		int g0 = size;
		int b0 = 2 * size;
		for (int i = 0; i < size; i++) {
			float lum = 0.299f * rgb[i] + 0.587f * rgb[g0 + i] + 0.114f * rgb[b0 + i];
			float strength = sigma * (0.4f + 2.4f * lum * (1 - lum));
			float mono = field[i];
			long bits = rng.nextLong();
			rgb[i] = clamp(rgb[i] + strength * (mono + chroma * quarterGaussian(bits)));
			rgb[g0 + i] = clamp(rgb[g0 + i] + strength * (mono + chroma * quarterGaussian(bits >>> 21)));
			rgb[b0 + i] = clamp(rgb[b0 + i] + strength * (mono + chroma * quarterGaussian(bits >>> 42)));
		}
	}

	/**
	 * @return an approximately standard normal number from 64 random bits: the sum of four 16-bit uniforms
	 *         (Irwin-Hall), centred and scaled to unit variance; far cheaper than Box-Muller per pixel
	 */
	private static float gaussian(long bits) {
		float sum = (bits & 0xFFFF) + ((bits >>> 16) & 0xFFFF) + ((bits >>> 32) & 0xFFFF) + (bits >>> 48);
		return (sum * (1f / 65536f) - 2f) * 1.7320508f;
	}

	/** @return an approximately normal number (variance about 1) from the low 21 bits */
	private static float quarterGaussian(long bits) {
		float sum = (bits & 0x7F) + ((bits >>> 7) & 0x7F) + ((bits >>> 14) & 0x7F);
		return (sum * (1f / 128f) - 1.5f) * 2f;
	}

	/** Blurs with the separable [1 2 1]/4 kernel (edges clamped) and rescales back to unit variance. */
	private static void blur121(float[] field, int width, int height) {
		float[] tmp = new float[field.length];
		for (int y = 0; y < height; y++) {
			int row = y * width;
			for (int x = 0; x < width; x++) {
				float left = field[row + Math.max(0, x - 1)];
				float right = field[row + Math.min(width - 1, x + 1)];
				tmp[row + x] = 0.25f * left + 0.5f * field[row + x] + 0.25f * right;
			}
		}
		float rescale = 1f / 0.375f; // std of [1 2 1]/4 in 2D is 0.375 of the input's
		for (int y = 0; y < height; y++) {
			int up = Math.max(0, y - 1) * width;
			int row = y * width;
			int down = Math.min(height - 1, y + 1) * width;
			for (int x = 0; x < width; x++)
				field[row + x] = rescale * (0.25f * tmp[up + x] + 0.5f * tmp[row + x] + 0.25f * tmp[down + x]);
		}
	}

	private static float clamp(float v) {
		return v < 0 ? 0 : v > 1 ? 1 : v;
	}
}
