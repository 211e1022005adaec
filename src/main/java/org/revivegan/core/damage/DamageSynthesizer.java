package org.revivegan.core.damage;

import java.util.EnumSet;
import java.util.Set;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.revivegan.core.util.Rng;

/**
 * Makes synthetic training pairs for the inpainting GAN (and a damage detector): paints realistic photo
 * damage onto clean crops, with a mask of exactly the damaged pixels.
 * <p>
 * <b>Area.</b> The masked fraction always lies in the spec's band [minArea, maxArea] (rounded inwards to
 * whole pixels; on images so small that no whole pixel count lies in the band, the count nearest its
 * middle). A target fraction is drawn uniformly from the band, split among a random subset of the enabled
 * local kinds (see {@link DamageSpec}), and each kind adds elements until its cumulative share is reached.
 * An element that would overshoot the target by more than a small slack (10 % of the target, at least
 * {@value #MIN_SLACK_PIXELS} pixels), or the band at all, is refused and smaller ones are tried; if the kinds
 * fall short, strokes or blotches top the area up. Dust, scratches and tears take at most
 * {@value #DUST_CAP}, {@value #SCRATCHES_CAP} and {@value #TEARS_CAP} of the image; the rest of their share
 * goes to strokes or blotches when those are enabled.
 * </p>
 * <p>
 * <b>Layering.</b> Kinds are painted in the order blotches, strokes, scratches, dust, tears, so a stain lies
 * under a scratch and a missing corner removes whatever was there.
 * </p>
 * <p>
 * <b>Determinism.</b> The result depends only on the inputs and the generator's state; the generator is
 * advanced. {@link #mask(long, long, DamageSpec, Rng)} with a generator in the same state returns the same
 * mask as {@link #apply(RandomAccessibleInterval, DamageSpec, Rng)}.
 * </p>
 * <p>
 * Stateless and thread-safe; give each thread its own {@link Rng}. Cost is linear in the pixels, a few
 * milliseconds for a 256x256 crop.
 * </p>
 */
public final class DamageSynthesizer {

	/** Largest fraction of the image that dust may cover in one example. */
	public static final double DUST_CAP = 0.04;
	/** Largest fraction of the image that scratches may cover in one example. */
	public static final double SCRATCHES_CAP = 0.06;
	/** Largest fraction of the image that tears may cover in one example. */
	public static final double TEARS_CAP = 0.25;
	/** Smallest overshoot of the target area, in pixels, that an element may cause. */
	public static final int MIN_SLACK_PIXELS = 8;

	private static final DamageKind[] PAINT_ORDER = { DamageKind.BLOTCHES, DamageKind.STROKES,
		DamageKind.SCRATCHES, DamageKind.DUST, DamageKind.TEARS };

	/**
	 * Damages a clean photo.
	 *
	 * @param clean (x, y, 3) RGB in [0, 1]; not modified
	 * @param spec what damage to paint
	 * @param rng source of all randomness; advanced
	 * @return target (clean aged by fading/grain), damaged, mask and masked fraction
	 */
	public Damage apply(RandomAccessibleInterval<FloatType> clean, DamageSpec spec, Rng rng) {
		if (clean.numDimensions() != 3 || clean.dimension(2) != 3)
			throw new IllegalArgumentException("expected an (x, y, 3) RGB image, got dimensions " + dims(clean));
		int width = checkSide(clean.dimension(0));
		int height = checkSide(clean.dimension(1));
		ImgArrays.checkedSize(clean);
		DamageSpec chosen = spec.resolve(rng);
		Rng local = rng.split();
		Rng global = rng.split();
		Set<DamageKind> kinds = EnumSet.noneOf(DamageKind.class);

		float[] target = ImgArrays.copyFloats(clean);
		boolean fade = global.chance(chosen.fadingProbability());
		boolean grain = global.chance(chosen.grainProbability());
		Rng fadeRng = global.split();
		Rng grainRng = global.split();
		if (fade) {
			GlobalDamage.fade(target, width * height, fadeRng);
			kinds.add(DamageKind.FADING);
		}
		if (grain) {
			GlobalDamage.grain(target, width, height, grainRng);
			kinds.add(DamageKind.GRAIN);
		}

		float[] damaged = target.clone();
		DamageCanvas canvas = new DamageCanvas(width, height, damaged);
		paintLocal(canvas, chosen, local, kinds);
		return new Damage(ArrayImgs.floats(target, width, height, 3), ArrayImgs.floats(damaged, width, height, 3),
			ArrayImgs.unsignedBytes(canvas.mask, width, height), (double) canvas.maskedCount() / canvas.size, chosen,
			kinds);
	}

	/**
	 * Makes only a mask, as {@link #apply} would for an image of this size with a generator in the same
	 * state (the evaluation protocol uses it on its own).
	 *
	 * @return (width, height) mask, 1 where damaged
	 */
	public ArrayImg<UnsignedByteType, ByteArray> mask(long width, long height, DamageSpec spec, Rng rng) {
		int w = checkSide(width);
		int h = checkSide(height);
		if ((long) w * h > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("mask too large: " + width + "x" + height);
		DamageSpec chosen = spec.resolve(rng);
		Rng local = rng.split();
		DamageCanvas canvas = new DamageCanvas(w, h, null);
		paintLocal(canvas, chosen, local, EnumSet.noneOf(DamageKind.class));
		return ArrayImgs.unsignedBytes(canvas.mask, w, h);
	}

	private static void paintLocal(DamageCanvas canvas, DamageSpec spec, Rng rng, Set<DamageKind> kinds) {
		int n = canvas.size;
		double min = spec.minArea();
		double max = spec.maxArea();
		int minPixels = (int) Math.ceil(min * n - 1e-9);
		int maxPixels = (int) Math.floor(max * n + 1e-9);
		if (minPixels > maxPixels) minPixels = maxPixels = (int) Math.round(0.5 * (min + max) * n);
		Set<DamageKind> enabled = spec.localKinds();
		if (enabled.isEmpty()) {
			if (minPixels > 0) throw new IllegalArgumentException("the damage spec asks for at least " + min +
				" of the image to be damaged but enables no local damage kind: " + spec);
			return;
		}
		if (maxPixels == 0) return;
		int target = (int) Math.round(rng.uniform(min, max) * n);
		target = Math.max(Math.max(1, minPixels), Math.min(maxPixels, target));

		double[] share = new double[DamageKind.values().length];
		double total = 0;
		for (DamageKind kind : PAINT_ORDER) {
			if (!enabled.contains(kind) || !rng.chance(DamageSpec.INCLUDE_PROBABILITY)) continue;
			share[kind.ordinal()] = spec.weight(kind) * -Math.log(1 - rng.nextDouble() * 0.999);
			total += share[kind.ordinal()];
		}
		if (total == 0) {
			DamageKind only = pickByWeight(spec, enabled, rng);
			share[only.ordinal()] = 1;
			total = 1;
		}
		for (int k = 0; k < share.length; k++)
			share[k] *= target / total;
		capShares(share, spec, enabled, rng, n);

		int slack = Math.max(MIN_SLACK_PIXELS, (int) (0.1 * target));
		double cumulative = 0;
		for (DamageKind kind : PAINT_ORDER) {
			double s = share[kind.ordinal()];
			if (s <= 0) continue;
			cumulative += s;
			int goal = (int) Math.min(target, Math.round(cumulative));
			paintKind(kind, canvas, rng, goal, Math.min(maxPixels, goal + slack), kinds);
		}
		DamageKind filler = topUpKind(share, enabled, spec);
		if (canvas.maskedCount() < target)
			paintKind(filler, canvas, rng, target, Math.min(maxPixels, target + slack), kinds);
		if (canvas.maskedCount() < minPixels) fillPixels(canvas, rng, minPixels, filler, kinds);
	}

	private static void paintKind(DamageKind kind, DamageCanvas canvas, Rng rng, int goal, int cap,
		Set<DamageKind> kinds)
	{
		int before = canvas.maskedCount();
		LocalDamagePainter.paint(kind, canvas, rng, goal, cap);
		if (canvas.maskedCount() > before) kinds.add(kind);
	}

	static double areaCap(DamageKind kind) {
		switch (kind) {
			case DUST:
				return DUST_CAP;
			case SCRATCHES:
				return SCRATCHES_CAP;
			case TEARS:
				return TEARS_CAP;
			default:
				return 1;
		}
	}

	private static boolean uncapped(DamageKind kind) {
		return areaCap(kind) >= 1;
	}

	/** Moves the part of capped kinds' shares above their cap to uncapped kinds, if any is enabled. */
	private static void capShares(double[] share, DamageSpec spec, Set<DamageKind> enabled, Rng rng, int n) {
		double excess = 0;
		double[] capped = share.clone();
		for (DamageKind kind : PAINT_ORDER) {
			double cap = areaCap(kind) * n;
			if (capped[kind.ordinal()] > cap) {
				excess += capped[kind.ordinal()] - cap;
				capped[kind.ordinal()] = cap;
			}
		}
		if (excess == 0) return;
		double uncappedTotal = 0;
		int uncappedCount = 0;
		for (DamageKind kind : PAINT_ORDER)
			if (uncapped(kind) && capped[kind.ordinal()] > 0) {
				uncappedTotal += capped[kind.ordinal()];
				uncappedCount++;
			}
		if (uncappedCount == 0) {
			EnumSet<DamageKind> candidates = EnumSet.noneOf(DamageKind.class);
			for (DamageKind kind : enabled)
				if (uncapped(kind)) candidates.add(kind);
			if (candidates.isEmpty()) return; // only capped kinds enabled: the spec wins over the caps
			DamageKind extra = pickByWeight(spec, candidates, rng);
			capped[extra.ordinal()] = excess;
		}
		else {
			for (DamageKind kind : PAINT_ORDER)
				if (uncapped(kind) && capped[kind.ordinal()] > 0)
					capped[kind.ordinal()] += excess * capped[kind.ordinal()] / uncappedTotal;
		}
		System.arraycopy(capped, 0, share, 0, share.length);
	}

	/** The kind that tops up a short area: an uncapped included kind, else an uncapped enabled one. */
	private static DamageKind topUpKind(double[] share, Set<DamageKind> enabled, DamageSpec spec) {
		DamageKind best = null;
		for (DamageKind kind : PAINT_ORDER)
			if (uncapped(kind) && share[kind.ordinal()] > 0) return kind;
		for (DamageKind kind : PAINT_ORDER)
			if (uncapped(kind) && enabled.contains(kind)) return kind;
		for (DamageKind kind : PAINT_ORDER)
			if (enabled.contains(kind) && (best == null || spec.weight(kind) > spec.weight(best))) best = kind;
		return best;
	}

	private static DamageKind pickByWeight(DamageSpec spec, Set<DamageKind> kinds, Rng rng) {
		double total = 0;
		for (DamageKind kind : kinds)
			total += spec.weight(kind);
		double pick = rng.uniform(0, total);
		DamageKind last = null;
		for (DamageKind kind : PAINT_ORDER) {
			if (!kinds.contains(kind)) continue;
			last = kind;
			pick -= spec.weight(kind);
			if (pick < 0) return kind;
		}
		return last;
	}

	/**
	 * Last resort when the painters fall short of the band (only on tiny images or odd specs): masks
	 * single pixels, painted as dark specks, at random unmasked positions until {@code goal} are masked.
	 */
	private static void fillPixels(DamageCanvas canvas, Rng rng, int goal, DamageKind kind, Set<DamageKind> kinds) {
		canvas.paint(DamageCanvas.COVER, 0.1f, 0.1f, 0.1f, 1, 0.05f, rng.nextLong());
		int scan = rng.nextInt(canvas.size);
		while (canvas.maskedCount() < goal) {
			int i = rng.nextInt(canvas.size);
			for (int tries = 0; canvas.mask[i] != 0 && tries < 16; tries++)
				i = rng.nextInt(canvas.size);
			while (canvas.mask[i] != 0) {
				scan = (scan + 1) % canvas.size;
				i = scan;
			}
			canvas.stage(i, 1f);
			canvas.commit(goal);
		}
		kinds.add(kind);
	}

	private static int checkSide(long side) {
		if (side < 1 || side > Integer.MAX_VALUE / 4)
			throw new IllegalArgumentException("image side must be between 1 and " + Integer.MAX_VALUE / 4 + ": " + side);
		return (int) side;
	}

	private static String dims(RandomAccessibleInterval<?> image) {
		StringBuilder s = new StringBuilder("(");
		for (int d = 0; d < image.numDimensions(); d++)
			s.append(d == 0 ? "" : ", ").append(image.dimension(d));
		return s.append(')').toString();
	}
}
