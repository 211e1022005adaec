package org.revivegan.core.eval;

import java.util.Locale;

import org.revivegan.core.damage.DamageSpec;

/**
 * The inpainting evaluation bands: thin scratches, and masks of irregular strokes and blotches covering
 * 0-10 % ... 40-50 % of the image, as in the partial-convolution (Liu et al. 2018) and LaMa (Suvorov et al.
 * 2022) protocols. The masked fraction of every mask lies inside its band (see {@link DamageSpec}).
 */
public enum Band {

	SCRATCHES("scratches", DamageSpec.scratches()),
	AREA_0_10("0-10", DamageSpec.band(0, 0.1)),
	AREA_10_20("10-20", DamageSpec.band(0.1, 0.2)),
	AREA_20_30("20-30", DamageSpec.band(0.2, 0.3)),
	AREA_30_40("30-40", DamageSpec.band(0.3, 0.4)),
	AREA_40_50("40-50", DamageSpec.band(0.4, 0.5));

	/** The band name of colourisation rows, which have no damage. */
	public static final String ALL = "all";

	private final String id;
	private final DamageSpec spec;

	Band(String id, DamageSpec spec) {
		this.id = id;
		this.spec = spec;
	}

	/** @return the name used in the CSV and the report ("scratches", "0-10", ...) */
	public String id() {
		return id;
	}

	/** @return the damage that makes this band's masks */
	public DamageSpec spec() {
		return spec;
	}

	/** @throws IllegalArgumentException naming the known bands if {@code name} is none of them */
	public static Band parse(String name) {
		for (Band b : values())
			if (b.id.equals(name.trim().toLowerCase(Locale.ROOT))) return b;
		StringBuilder known = new StringBuilder();
		for (Band b : values())
			known.append(known.length() == 0 ? "" : ", ").append(b.id);
		throw new IllegalArgumentException("Unknown band '" + name + "'; the bands are " + known + ".");
	}
}
