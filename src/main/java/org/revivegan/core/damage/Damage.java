package org.revivegan.core.damage;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * One synthetic training pair made by {@link DamageSynthesizer}.
 * <p>
 * {@link #target()} is the clean photo after the global degradations (fading, grain), {@link #damaged()}
 * is the target with the local damage painted in, and {@link #mask()} marks every pixel where the two
 * differ: outside the mask, damaged and target are bit-identical. Images are (x, y, 3) planar RGB ArrayImgs
 * in [0, 1], the mask is (x, y) with 1 where damaged, 0 elsewhere.
 * </p>
 */
public final class Damage {

	private final ArrayImg<FloatType, FloatArray> target;
	private final ArrayImg<FloatType, FloatArray> damaged;
	private final ArrayImg<UnsignedByteType, ByteArray> mask;
	private final double maskedFraction;
	private final DamageSpec spec;
	private final Set<DamageKind> kinds;

	Damage(ArrayImg<FloatType, FloatArray> target, ArrayImg<FloatType, FloatArray> damaged,
		ArrayImg<UnsignedByteType, ByteArray> mask, double maskedFraction, DamageSpec spec, Set<DamageKind> kinds)
	{
		this.target = target;
		this.damaged = damaged;
		this.mask = mask;
		this.maskedFraction = maskedFraction;
		this.spec = spec;
		this.kinds = Collections.unmodifiableSet(kinds.isEmpty() ? EnumSet.noneOf(DamageKind.class) : EnumSet
			.copyOf(kinds));
	}

	/** @return the clean photo after fading and grain: what the network should produce */
	public ArrayImg<FloatType, FloatArray> target() {
		return target;
	}

	/** @return the target with the local damage painted in: what the network sees */
	public ArrayImg<FloatType, FloatArray> damaged() {
		return damaged;
	}

	/** @return (x, y) mask, 1 where the local damage changed the target, 0 elsewhere */
	public ArrayImg<UnsignedByteType, ByteArray> mask() {
		return mask;
	}

	/** @return fraction of masked pixels, inside the area band of {@link #spec()} */
	public double maskedFraction() {
		return maskedFraction;
	}

	/** @return the spec this example was drawn from (the alternative, when the alternative was chosen) */
	public DamageSpec spec() {
		return spec;
	}

	/** @return the kinds present: local kinds that masked at least one pixel, and the global ones applied */
	public Set<DamageKind> kinds() {
		return kinds;
	}
}
