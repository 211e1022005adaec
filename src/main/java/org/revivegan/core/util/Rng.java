package org.revivegan.core.util;

/**
 * A small, fast, splittable random number generator (SplitMix64) whose whole state is one {@code long}.
 * <p>
 * Training derives one generator per step from (seed, step) with {@link #forStep(long, long)}, so what a step
 * sees depends only on the seed and the step number: a run resumed from a checkpoint draws exactly what the
 * uninterrupted run would have drawn, and a background thread can prepare batches ahead without changing
 * them. Not thread-safe: give each thread its own.
 * </p>
 */
public final class Rng {

	private long state;

	public Rng(long seed) {
		this.state = seed;
	}

	/** @return a generator for one step of a run, independent of those of other steps */
	public static Rng forStep(long seed, long step) {
		return new Rng(mix(seed ^ mix(step + 0x632BE59BD9B4E019L)));
	}

	/** @return the state, to store in a checkpoint */
	public long state() {
		return state;
	}

	/** Restores a state from {@link #state()}. */
	public void setState(long state) {
		this.state = state;
	}

	/** @return a new generator seeded from this one (this one advances) */
	public Rng split() {
		return new Rng(nextLong());
	}

	public long nextLong() {
		return mix(state += 0x9E3779B97F4A7C15L);
	}

	/** @return uniform in [0, 1) */
	public double nextDouble() {
		return (nextLong() >>> 11) * 0x1.0p-53;
	}

	/** @return uniform in [min, max) */
	public double uniform(double min, double max) {
		return min + (max - min) * nextDouble();
	}

	/** @return uniform in [0, bound); bound must be positive */
	public int nextInt(int bound) {
		if (bound <= 0) throw new IllegalArgumentException("bound must be positive: " + bound);
		return (int) ((nextLong() >>> 33) % bound);
	}

	/** @return uniform integer in [min, max] inclusive */
	public int nextInt(int min, int max) {
		return min + nextInt(max - min + 1);
	}

	public boolean nextBoolean() {
		return nextLong() < 0;
	}

	/** @return true with probability p */
	public boolean chance(double p) {
		return nextDouble() < p;
	}

	/** @return standard normal (Box-Muller; one value per call) */
	public double nextGaussian() {
		double u = 1.0 - nextDouble(); // (0, 1]
		double v = nextDouble();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
	}

	private static long mix(long z) {
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}
}
