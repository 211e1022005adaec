package org.revivegan.core.damage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.revivegan.core.util.Rng;

class DamageSpecTest {

	@Test
	void mixedIsMostlyMixturesAndSometimesScratchesOnly() {
		DamageSpec mixed = DamageSpec.mixed();
		assertEquals(EnumSet.of(DamageKind.STROKES, DamageKind.BLOTCHES, DamageKind.DUST, DamageKind.TEARS), mixed
			.localKinds());
		assertEquals(1, mixed.weight(DamageKind.STROKES));
		assertEquals(0.5, mixed.weight(DamageKind.DUST));
		assertEquals(0, mixed.weight(DamageKind.SCRATCHES));
		assertEquals(0.02, mixed.minArea());
		assertEquals(0.5, mixed.maxArea());
		assertEquals(0.15, mixed.alternativeProbability());
		DamageSpec alternative = mixed.alternative().get();
		assertEquals(EnumSet.of(DamageKind.SCRATCHES), alternative.localKinds());
		assertEquals(0.01, alternative.minArea());
		assertEquals(0.03, alternative.maxArea());
		assertEquals(mixed.fadingProbability(), alternative.fadingProbability());
	}

	@Test
	void bandIsStrokesAndBlotchesWithoutAgeing() {
		DamageSpec band = DamageSpec.band(0.1, 0.2);
		assertEquals(EnumSet.of(DamageKind.STROKES, DamageKind.BLOTCHES), band.localKinds());
		assertEquals(0.1, band.minArea());
		assertEquals(0.2, band.maxArea());
		assertEquals(0, band.fadingProbability());
		assertEquals(0, band.grainProbability());
		assertFalse(band.alternative().isPresent());
	}

	@Test
	void copiesLeaveTheOriginalAlone() {
		DamageSpec base = DamageSpec.of(DamageKind.DUST);
		DamageSpec changed = base.withWeight(DamageKind.TEARS, 2).withArea(0.2, 0.4).withFading(0.5).withGrain(0.7);
		assertEquals(EnumSet.of(DamageKind.DUST), base.localKinds());
		assertEquals(DamageSpec.DEFAULT_MIN_AREA, base.minArea());
		assertEquals(0, base.fadingProbability());
		assertEquals(2, changed.weight(DamageKind.TEARS));
		assertEquals(0.4, changed.maxArea());
		assertEquals(0.7, changed.grainProbability());
		assertEquals(EnumSet.of(DamageKind.SCRATCHES), changed.withOnly(DamageKind.SCRATCHES).localKinds());
		assertEquals(EnumSet.of(DamageKind.TEARS), changed.withWeight(DamageKind.DUST, 0).localKinds());
		assertEquals(DamageSpec.mixed(), DamageSpec.mixed());
		assertEquals(DamageSpec.mixed().hashCode(), DamageSpec.mixed().hashCode());
		assertNotEquals(DamageSpec.mixed(), DamageSpec.mixed().withGrain(0.9));
	}

	@Test
	void rejectsNonsense() {
		DamageSpec spec = DamageSpec.of(DamageKind.STROKES);
		assertThrows(IllegalArgumentException.class, () -> spec.withArea(0.5, 0.2));
		assertThrows(IllegalArgumentException.class, () -> spec.withArea(-0.1, 0.2));
		assertThrows(IllegalArgumentException.class, () -> spec.withArea(0.1, 1.2));
		assertThrows(IllegalArgumentException.class, () -> spec.withWeight(DamageKind.FADING, 1));
		assertThrows(IllegalArgumentException.class, () -> spec.withWeight(DamageKind.DUST, -1));
		assertThrows(IllegalArgumentException.class, () -> spec.withWeight(DamageKind.DUST, Double.NaN));
		assertThrows(IllegalArgumentException.class, () -> spec.withFading(1.5));
		assertThrows(IllegalArgumentException.class, () -> spec.withGrain(Double.NaN));
		assertThrows(IllegalArgumentException.class, () -> spec.withAlternative(spec, -0.1));
	}

	@Test
	void resolvePicksTheAlternativeWithItsProbability() {
		DamageSpec mixed = DamageSpec.mixed();
		Rng rng = new Rng(42);
		int alternatives = 0;
		int n = 20000;
		for (int i = 0; i < n; i++)
			if (mixed.resolve(rng) != mixed) alternatives++;
		assertEquals(0.15, (double) alternatives / n, 0.01);
		DamageSpec plain = DamageSpec.band(0, 0.1);
		Rng untouched = new Rng(7);
		assertSame(plain, plain.resolve(untouched));
		assertEquals(new Rng(7).state(), untouched.state(), "no alternative: no number drawn");
		assertTrue(mixed.toString().contains("SCRATCHES"));
	}
}
