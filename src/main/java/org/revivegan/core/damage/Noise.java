package org.revivegan.core.damage;

/**
 * Seeded value noise for the damage painters: smooth random fields that give stains their ragged outline,
 * tears their jagged edge and scratches their uneven strength.
 * <p>
 * Every value is a pure function of (seed, position), computed by hashing the lattice point, so painters
 * need no per-pixel random draws and no tables: what a field looks like depends only on the seed that the
 * painter drew from its {@link org.revivegan.core.util.Rng}. Values lie in [0, 1).
 * </p>
 */
final class Noise {

	private Noise() {}

	/** @return a hash of (seed, x, y), uniform in [0, 1) */
	static double hash(long seed, int x, int y) {
		long z = seed + x * 0x9E3779B97F4A7C15L + y * 0xC2B2AE3D27D4EB4FL;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		z ^= z >>> 31;
		return (z >>> 11) * 0x1.0p-53;
	}

	/** @return smooth 2D value noise in [0, 1) with features about one unit apart */
	static double value(long seed, double x, double y) {
		double fx = Math.floor(x);
		double fy = Math.floor(y);
		int ix = (int) fx;
		int iy = (int) fy;
		double tx = fade(x - fx);
		double ty = fade(y - fy);
		double a = hash(seed, ix, iy);
		double b = hash(seed, ix + 1, iy);
		double c = hash(seed, ix, iy + 1);
		double d = hash(seed, ix + 1, iy + 1);
		double top = a + (b - a) * tx;
		double bottom = c + (d - c) * tx;
		return top + (bottom - top) * ty;
	}

	/** @return smooth 1D value noise in [0, 1) with features about one unit apart */
	static double value(long seed, double x) {
		double fx = Math.floor(x);
		int ix = (int) fx;
		double t = fade(x - fx);
		double a = hash(seed, ix, 0);
		double b = hash(seed, ix + 1, 0);
		return a + (b - a) * t;
	}

	/**
	 * @return fractal (sum of octaves, each twice the frequency and half the amplitude) 2D noise, normalised
	 *         to [0, 1)
	 */
	static double fractal(long seed, double x, double y, int octaves) {
		double sum = 0;
		double amplitude = 1;
		double total = 0;
		for (int o = 0; o < octaves; o++) {
			sum += amplitude * value(seed + o * 0x5851F42D4C957F2DL, x, y);
			total += amplitude;
			amplitude *= 0.5;
			x *= 2;
			y *= 2;
		}
		return sum / total;
	}

	/** @return fractal 1D noise, normalised to [0, 1) */
	static double fractal(long seed, double x, int octaves) {
		double sum = 0;
		double amplitude = 1;
		double total = 0;
		for (int o = 0; o < octaves; o++) {
			sum += amplitude * value(seed + o * 0x5851F42D4C957F2DL, x);
			total += amplitude;
			amplitude *= 0.5;
			x *= 2;
		}
		return sum / total;
	}

	/** Smoothstep: 0 at 0, 1 at 1, flat at both ends, so interpolated noise has no creases. */
	static double fade(double t) {
		return t * t * (3 - 2 * t);
	}

	/** @return 0 below edge0, 1 above edge1, smooth in between */
	static double smoothstep(double edge0, double edge1, double x) {
		double t = (x - edge0) / (edge1 - edge0);
		if (t <= 0) return 0;
		if (t >= 1) return 1;
		return t * t * (3 - 2 * t);
	}
}
