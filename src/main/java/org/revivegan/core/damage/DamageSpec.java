package org.revivegan.core.damage;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.revivegan.core.util.Rng;

/**
 * What damage {@link DamageSynthesizer} paints: which local kinds with which relative weights, how much of
 * the image they cover, and how often the photo is also faded and grainy. Immutable; the {@code with...}
 * methods return modified copies.
 * <p>
 * <b>Area.</b> For every example the synthesizer draws a target fraction uniformly from
 * [{@link #minArea()}, {@link #maxArea()}] and adds damage until that many pixels are masked. The masked
 * fraction always lies inside the band (up to rounding to whole pixels on tiny images), so evaluation bands
 * such as 10-20 % mean what they say.
 * </p>
 * <p>
 * <b>Kinds and weights.</b> Each example uses a random subset of the enabled local kinds (each enabled kind
 * is included with probability {@value #INCLUDE_PROBABILITY}, at least one) and splits its target area
 * among them at random, in proportion to their weights. Dust, scratches and tears cannot plausibly cover
 * half a photo, so their shares are capped (see {@link DamageSynthesizer}); what they cannot take goes to
 * strokes or blotches.
 * </p>
 * <p>
 * <b>Alternative.</b> A spec may name an alternative spec that is used instead with some probability: this
 * is how {@link #mixed()} makes about 15 % of its examples scratches only, with their own small area band.
 * </p>
 * <p>
 * Defaults of {@link #of(DamageKind...)}: the given kinds with weight 1, area 0.05..0.3, no fading, no
 * grain, no alternative.
 * </p>
 */
public final class DamageSpec {

	/** Probability that an enabled local kind takes part in one example. */
	public static final double INCLUDE_PROBABILITY = 0.65;

	/** Default area band of {@link #of(DamageKind...)}. */
	public static final double DEFAULT_MIN_AREA = 0.05;
	public static final double DEFAULT_MAX_AREA = 0.3;

	private final EnumMap<DamageKind, Double> weights;
	private final double minArea;
	private final double maxArea;
	private final double fadingProbability;
	private final double grainProbability;
	private final DamageSpec alternative;
	private final double alternativeProbability;

	private DamageSpec(EnumMap<DamageKind, Double> weights, double minArea, double maxArea, double fadingProbability,
		double grainProbability, DamageSpec alternative, double alternativeProbability)
	{
		this.weights = weights;
		this.minArea = minArea;
		this.maxArea = maxArea;
		this.fadingProbability = fadingProbability;
		this.grainProbability = grainProbability;
		this.alternative = alternative;
		this.alternativeProbability = alternativeProbability;
	}

	/**
	 * @param kinds local kinds to enable, each with weight 1
	 * @return a spec with the documented defaults (area 0.05..0.3, no fading, no grain)
	 */
	public static DamageSpec of(DamageKind... kinds) {
		DamageSpec spec = new DamageSpec(new EnumMap<>(DamageKind.class), DEFAULT_MIN_AREA, DEFAULT_MAX_AREA, 0, 0,
			null, 0);
		for (DamageKind kind : kinds)
			spec = spec.withWeight(kind, 1);
		return spec;
	}

	/**
	 * The training default. About 85 % of examples mix strokes (weight 1), blotches (1), dust (0.5) and tears
	 * (0.5) over 2-50 % of the image; about 15 % are {@link #scratches()} only. Either way the photo is faded
	 * with probability 0.3 and grainy with probability 0.3.
	 */
	public static DamageSpec mixed() {
		DamageSpec scratchesOnly = scratches().withFading(0.3).withGrain(0.3);
		return of().withWeight(DamageKind.STROKES, 1).withWeight(DamageKind.BLOTCHES, 1)
			.withWeight(DamageKind.DUST, 0.5).withWeight(DamageKind.TEARS, 0.5).withArea(0.02, 0.5)
			.withFading(0.3).withGrain(0.3).withAlternative(scratchesOnly, 0.15);
	}

	/**
	 * An evaluation band, as in the LaMa and partial-convolution protocols (0-10 %, 10-20 %, ... 40-50 %):
	 * strokes and blotches only, masked fraction in [minArea, maxArea], no fading, no grain.
	 */
	public static DamageSpec band(double minArea, double maxArea) {
		return of(DamageKind.STROKES, DamageKind.BLOTCHES).withArea(minArea, maxArea);
	}

	/** Scratches only, covering 1-3 % of the pixels; no fading, no grain. */
	public static DamageSpec scratches() {
		return of(DamageKind.SCRATCHES).withArea(0.01, 0.03);
	}

	/**
	 * @param kind a local kind
	 * @param weight its relative weight; 0 disables it
	 * @return a copy with that weight
	 */
	public DamageSpec withWeight(DamageKind kind, double weight) {
		Objects.requireNonNull(kind, "kind");
		if (!kind.isLocal())
			throw new IllegalArgumentException(kind + " is global, not local: set it with withFading/withGrain");
		if (!(weight >= 0) || Double.isInfinite(weight))
			throw new IllegalArgumentException("weight of " + kind + " must be finite and >= 0: " + weight);
		EnumMap<DamageKind, Double> copy = new EnumMap<>(weights);
		if (weight == 0) copy.remove(kind);
		else copy.put(kind, weight);
		return new DamageSpec(copy, minArea, maxArea, fadingProbability, grainProbability, alternative,
			alternativeProbability);
	}

	/** @return a copy in which exactly the given local kinds are enabled, each with weight 1 */
	public DamageSpec withOnly(DamageKind... kinds) {
		DamageSpec spec = new DamageSpec(new EnumMap<>(DamageKind.class), minArea, maxArea, fadingProbability,
			grainProbability, alternative, alternativeProbability);
		for (DamageKind kind : kinds)
			spec = spec.withWeight(kind, 1);
		return spec;
	}

	/**
	 * @param min smallest masked fraction, in [0, 1]
	 * @param max largest masked fraction, in [min, 1]
	 * @return a copy with that area band
	 */
	public DamageSpec withArea(double min, double max) {
		if (!(min >= 0 && min <= max && max <= 1))
			throw new IllegalArgumentException("area band must satisfy 0 <= min <= max <= 1: " + min + ".." + max);
		return new DamageSpec(weights, min, max, fadingProbability, grainProbability, alternative,
			alternativeProbability);
	}

	/** @return a copy that fades the photo with the given probability */
	public DamageSpec withFading(double probability) {
		return new DamageSpec(weights, minArea, maxArea, checkProbability("fading", probability), grainProbability,
			alternative, alternativeProbability);
	}

	/** @return a copy that adds film grain with the given probability */
	public DamageSpec withGrain(double probability) {
		return new DamageSpec(weights, minArea, maxArea, fadingProbability, checkProbability("grain", probability),
			alternative, alternativeProbability);
	}

	/**
	 * @param other the spec to use instead, or null for none
	 * @param probability how often {@code other} is used instead of this spec
	 * @return a copy with that alternative
	 */
	public DamageSpec withAlternative(DamageSpec other, double probability) {
		checkProbability("alternative", probability);
		return new DamageSpec(weights, minArea, maxArea, fadingProbability, grainProbability, other,
			other == null ? 0 : probability);
	}

	private static double checkProbability(String what, double p) {
		if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(what + " probability must be in [0, 1]: " + p);
		return p;
	}

	/** @return the relative weight of a local kind, 0 when disabled (and for global kinds) */
	public double weight(DamageKind kind) {
		Double w = weights.get(kind);
		return w == null ? 0 : w;
	}

	/** @return the enabled local kinds (weight > 0) */
	public Set<DamageKind> localKinds() {
		return weights.isEmpty() ? EnumSet.noneOf(DamageKind.class) : EnumSet.copyOf(weights.keySet());
	}

	public double minArea() {
		return minArea;
	}

	public double maxArea() {
		return maxArea;
	}

	public double fadingProbability() {
		return fadingProbability;
	}

	public double grainProbability() {
		return grainProbability;
	}

	/** @return the spec used instead of this one with probability {@link #alternativeProbability()} */
	public Optional<DamageSpec> alternative() {
		return Optional.ofNullable(alternative);
	}

	public double alternativeProbability() {
		return alternativeProbability;
	}

	/**
	 * Picks the spec for one example: this one, or (with its probability) the alternative, itself resolved.
	 * Draws one number from rng only when there is an alternative.
	 */
	DamageSpec resolve(Rng rng) {
		if (alternative != null && rng.chance(alternativeProbability)) return alternative.resolve(rng);
		return this;
	}

	@Override
	public boolean equals(Object o) {
		if (this == o) return true;
		if (!(o instanceof DamageSpec)) return false;
		DamageSpec that = (DamageSpec) o;
		return weights.equals(that.weights) && minArea == that.minArea && maxArea == that.maxArea &&
			fadingProbability == that.fadingProbability && grainProbability == that.grainProbability &&
			alternativeProbability == that.alternativeProbability && Objects.equals(alternative, that.alternative);
	}

	@Override
	public int hashCode() {
		return Objects.hash(weights, minArea, maxArea, fadingProbability, grainProbability, alternative,
			alternativeProbability);
	}

	@Override
	public String toString() {
		StringBuilder s = new StringBuilder("DamageSpec{");
		for (Map.Entry<DamageKind, Double> e : weights.entrySet())
			s.append(e.getKey()).append('=').append(e.getValue()).append(", ");
		s.append("area=").append(minArea).append("..").append(maxArea);
		s.append(", fading=").append(fadingProbability).append(", grain=").append(grainProbability);
		if (alternative != null) s.append(", else with p=").append(alternativeProbability).append(' ').append(alternative);
		return s.append('}').toString();
	}
}
