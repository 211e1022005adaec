package org.revivegan.core.damage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.EnumSet;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.revivegan.core.util.Rng;

class DamageSynthesizerTest {

	private final DamageSynthesizer synth = new DamageSynthesizer();

	private static float[] data(ArrayImg<FloatType, FloatArray> img) {
		return img.update(null).getCurrentStorageArray();
	}

	private static byte[] bytes(ArrayImg<UnsignedByteType, ByteArray> img) {
		return img.update(null).getCurrentStorageArray();
	}

	/** A smooth mid-tone colour picture, so that painted damage always shows. */
	private static ArrayImg<FloatType, FloatArray> picture(int w, int h) {
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(w, h, 3);
		float[] d = data(img);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int i = x + w * y;
				d[i] = 0.3f + 0.4f * x / w;
				d[w * h + i] = 0.35f + 0.3f * y / h;
				d[2 * w * h + i] = 0.5f + 0.15f * (float) Math.sin(0.1 * (x + y));
			}
		return img;
	}

	private static int count(byte[] mask) {
		int n = 0;
		for (byte b : mask)
			if (b != 0) n++;
		return n;
	}

	private static void assertInBand(byte[] mask, double min, double max, String what) {
		int n = mask.length;
		int masked = count(mask);
		int lo = (int) Math.ceil(min * n - 1e-9);
		int hi = (int) Math.floor(max * n + 1e-9);
		assertTrue(masked >= lo && masked <= hi, what + ": " + masked + " of " + n + " masked (" + (double) masked / n +
			"), band " + min + ".." + max);
	}

	@Test
	void everyEvaluationMaskLiesInsideItsBand() {
		int[][] sizes = { { 128, 128 }, { 256, 192 } };
		long seed = 0;
		for (int band = 0; band < 5; band++) {
			double min = band * 0.1, max = (band + 1) * 0.1;
			DamageSpec spec = DamageSpec.band(min, max);
			for (int[] size : sizes) {
				double sum = 0;
				for (int k = 0; k < 50; k++) {
					byte[] mask = bytes(synth.mask(size[0], size[1], spec, new Rng(seed++)));
					assertInBand(mask, min, max, "band " + band + " " + size[0] + "x" + size[1] + " #" + k);
					sum += (double) count(mask) / mask.length;
				}
				double mean = sum / 50;
				assertTrue(mean > min + 0.02 && mean < max - 0.02, "area is drawn across the band, mean " + mean);
			}
		}
	}

	@Test
	void mixedExamplesLieInsideTheBandOfTheSpecTheyCameFrom() {
		DamageSpec mixed = DamageSpec.mixed();
		ArrayImg<FloatType, FloatArray> clean = picture(96, 80);
		int scratchesOnly = 0;
		int n = 200;
		EnumSet<DamageKind> seen = EnumSet.noneOf(DamageKind.class);
		for (int k = 0; k < n; k++) {
			Damage d = synth.apply(clean, mixed, new Rng(1000 + k));
			DamageSpec used = d.spec();
			assertInBand(bytes(d.mask()), used.minArea(), used.maxArea(), "mixed #" + k);
			assertEquals((double) count(bytes(d.mask())) / (96 * 80), d.maskedFraction(), 1e-12);
			if (used != mixed) {
				scratchesOnly++;
				assertEquals(EnumSet.of(DamageKind.SCRATCHES), withoutGlobal(d.kinds()));
			}
			seen.addAll(d.kinds());
		}
		assertTrue(scratchesOnly >= 15 && scratchesOnly <= 50, "about 15 % scratches only: " + scratchesOnly);
		assertEquals(EnumSet.allOf(DamageKind.class), seen, "every kind shows up in the training default");
	}

	private static EnumSet<DamageKind> withoutGlobal(java.util.Set<DamageKind> kinds) {
		EnumSet<DamageKind> local = EnumSet.noneOf(DamageKind.class);
		for (DamageKind k : kinds)
			if (k.isLocal()) local.add(k);
		return local;
	}

	@Test
	void scratchesAreThinAndLong() {
		int[][] sizes = { { 128, 128 }, { 256, 192 } };
		double interiorSum = 0;
		for (int[] size : sizes)
			for (int k = 0; k < 50; k++) {
				int w = size[0], h = size[1];
				byte[] mask = bytes(synth.mask(w, h, DamageSpec.scratches(), new Rng(k)));
				assertInBand(mask, 0.01, 0.03, "scratches #" + k);
				// a line at most 3 px wide has at most a third of its pixels with all 8 neighbours masked
				double interior = interiorFraction(mask, w, h);
				assertTrue(interior < 0.34, "scratches must be thin: " + interior + " #" + k);
				interiorSum += interior;
				assertTrue(largestExtent(mask, w, h) >= 0.15 * Math.min(w, h), "scratches must be long");
			}
		assertTrue(interiorSum / 100 < 0.1, "most scratches are 1-2 px: " + interiorSum / 100);
	}

	@Test
	void eachLocalKindAloneFillsItsBand() {
		for (DamageKind kind : DamageKind.values()) {
			if (!kind.isLocal()) continue;
			boolean small = kind == DamageKind.DUST || kind == DamageKind.SCRATCHES;
			double min = small ? 0.005 : 0.03, max = small ? 0.03 : 0.2;
			DamageSpec spec = DamageSpec.of(kind).withArea(min, max);
			for (int k = 0; k < 20; k++) {
				Damage d = synth.apply(picture(128, 96), spec, new Rng(k));
				assertInBand(bytes(d.mask()), min, max, kind + " #" + k);
				assertEquals(EnumSet.of(kind), d.kinds(), kind + " #" + k);
			}
		}
	}

	@Test
	void shapesLookLikeTheirKind() {
		int w = 128, h = 128;
		int dustComponents = 0, tearsOnBorder = 0;
		for (int k = 0; k < 20; k++) {
			byte[] dust = bytes(synth.mask(w, h, DamageSpec.of(DamageKind.DUST).withArea(0.01, 0.02), new Rng(k)));
			dustComponents += components(dust, w, h);
			byte[] tear = bytes(synth.mask(w, h, DamageSpec.of(DamageKind.TEARS).withArea(0.05, 0.2), new Rng(k)));
			if (borderFraction(tear, w, h) > 0.1) tearsOnBorder++;
			byte[] strokes = bytes(synth.mask(w, h, DamageSpec.of(DamageKind.STROKES).withArea(0.1, 0.2), new Rng(k)));
			assertTrue(interiorFraction(strokes, w, h) > 0.4, "strokes are thick");
		}
		assertTrue(dustComponents / 20.0 >= 15, "dust is many small specks: " + dustComponents / 20.0 + " per image");
		assertEquals(20, tearsOnBorder, "tears are cut from the border");
	}

	@Test
	void sameSeedSameResultOtherSeedOtherResult() {
		ArrayImg<FloatType, FloatArray> clean = picture(64, 48);
		DamageSpec spec = DamageSpec.mixed().withFading(0.5).withGrain(0.5);
		for (long seed = 0; seed < 10; seed++) {
			Damage a = synth.apply(clean, spec, new Rng(seed));
			Damage b = synth.apply(clean, spec, new Rng(seed));
			assertArrayEquals(data(a.target()), data(b.target()));
			assertArrayEquals(data(a.damaged()), data(b.damaged()));
			assertArrayEquals(bytes(a.mask()), bytes(b.mask()));
			assertArrayEquals(bytes(a.mask()), bytes(synth.mask(64, 48, spec, new Rng(seed))),
				"mask() equals apply().mask()");
			Damage c = synth.apply(clean, spec, new Rng(seed + 100));
			assertFalse(java.util.Arrays.equals(bytes(a.mask()), bytes(c.mask())));
		}
	}

	@Test
	void damagedDiffersFromTargetExactlyWhereMasked() {
		ArrayImg<FloatType, FloatArray> clean = picture(96, 64);
		float[] before = data(clean).clone();
		int n = 96 * 64;
		long masked = 0, visible = 0;
		for (long seed = 0; seed < 30; seed++) {
			Damage d = synth.apply(clean, DamageSpec.mixed(), new Rng(seed));
			float[] t = data(d.target());
			float[] g = data(d.damaged());
			byte[] m = bytes(d.mask());
			for (int i = 0; i < n; i++) {
				double diff = 0;
				for (int c = 0; c < 3; c++) {
					float tv = t[c * n + i], gv = g[c * n + i];
					assertTrue(gv >= 0 && gv <= 1 && tv >= 0 && tv <= 1);
					diff = Math.max(diff, Math.abs(tv - gv));
				}
				if (m[i] == 0) assertEquals(0, diff, "unmasked pixels are untouched");
				else {
					masked++;
					if (diff > 0.02) visible++;
				}
			}
		}
		assertArrayEquals(before, data(clean), "clean image modified");
		assertTrue(visible > 0.85 * masked, "masked damage is visible: " + visible + " of " + masked);
	}

	@Test
	void withoutGlobalDegradationsTheTargetIsTheCleanImage() {
		ArrayImg<FloatType, FloatArray> clean = picture(40, 30);
		Damage d = synth.apply(clean, DamageSpec.band(0.1, 0.2), new Rng(5));
		assertArrayEquals(data(clean), data(d.target()));
		assertFalse(d.kinds().contains(DamageKind.FADING) || d.kinds().contains(DamageKind.GRAIN));
	}

	@Test
	void fadingLowersContrastAndYellows() {
		int w = 64, h = 32, n = w * h;
		ArrayImg<FloatType, FloatArray> clean = ArrayImgs.floats(w, h, 3);
		float[] c = data(clean);
		for (int i = 0; i < 3 * n; i++)
			c[i] = (i % w) / (w - 1f); // grey ramp from black to white
		DamageSpec fade = DamageSpec.of().withArea(0, 0).withFading(1);
		for (long seed = 0; seed < 10; seed++) {
			Damage d = synth.apply(clean, fade, new Rng(seed));
			float[] t = data(d.target());
			assertEquals(EnumSet.of(DamageKind.FADING), d.kinds());
			assertEquals(0, d.maskedFraction());
			assertTrue(t[0] > 0.01, "blacks lifted");
			assertTrue(t[w - 1] < 0.99 || t[2 * n + w - 1] < 0.95, "whites dimmed or yellowed");
			assertTrue(t[w - 1] - t[0] < 0.95, "contrast lowered");
			double red = 0, blue = 0;
			for (int i = 0; i < n; i++) {
				red += t[i];
				blue += t[2 * n + i];
			}
			assertTrue(red > blue * 1.02, "warm cast: red " + red / n + " blue " + blue / n);
		}
	}

	@Test
	void grainAddsModestNoise() {
		int w = 64, h = 64, n = w * h;
		ArrayImg<FloatType, FloatArray> clean = ArrayImgs.floats(w, h, 3);
		java.util.Arrays.fill(data(clean), 0.5f);
		DamageSpec grain = DamageSpec.of().withArea(0, 0).withGrain(1);
		for (long seed = 0; seed < 10; seed++) {
			float[] t = data(synth.apply(clean, grain, new Rng(seed)).target());
			double sum = 0, sum2 = 0;
			for (int i = 0; i < n; i++) {
				sum += t[i];
				sum2 += t[i] * t[i];
			}
			double mean = sum / n, std = Math.sqrt(sum2 / n - mean * mean);
			assertEquals(0.5, mean, 0.01);
			assertTrue(std > 0.004 && std < 0.08, "grain std " + std);
		}
	}

	@Test
	void tinyImagesWork() {
		for (int[] size : new int[][] { { 1, 1 }, { 2, 3 }, { 3, 3 }, { 7, 5 } })
			for (DamageSpec spec : new DamageSpec[] { DamageSpec.mixed(), DamageSpec.band(0.1, 0.5), DamageSpec
				.scratches() })
				for (long seed = 0; seed < 5; seed++) {
					int w = size[0], h = size[1], n = w * h;
					Damage d = synth.apply(picture(w, h), spec, new Rng(seed));
					int masked = count(bytes(d.mask()));
					double min = d.spec().minArea(), max = d.spec().maxArea();
					int lo = (int) Math.ceil(min * n - 1e-9), hi = (int) Math.floor(max * n + 1e-9);
					if (lo <= hi) assertTrue(masked >= lo && masked <= hi, w + "x" + h + " " + masked);
					else assertEquals(Math.round(0.5 * (min + max) * n), masked);
				}
	}

	@Test
	void rejectsWhatItCannotDo() {
		assertThrows(IllegalArgumentException.class, () -> synth.apply(ArrayImgs.floats(8, 8, 2), DamageSpec.mixed(),
			new Rng(1)));
		assertThrows(IllegalArgumentException.class, () -> synth.apply(ArrayImgs.floats(8, 8), DamageSpec.mixed(),
			new Rng(1)));
		assertThrows(IllegalArgumentException.class, () -> synth.mask(8, 8, DamageSpec.of().withArea(0.1, 0.2),
			new Rng(1)));
		assertThrows(IllegalArgumentException.class, () -> synth.mask(0, 8, DamageSpec.mixed(), new Rng(1)));
	}

	// ---- mask measurements -----------------------------------------------------------------------------

	/** @return fraction of masked pixels whose 8 neighbours are all masked (0 for 1-2 px lines) */
	private static double interiorFraction(byte[] m, int w, int h) {
		int masked = 0, interior = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				if (m[x + w * y] == 0) continue;
				masked++;
				boolean all = x > 0 && y > 0 && x < w - 1 && y < h - 1;
				for (int dy = -1; all && dy <= 1; dy++)
					for (int dx = -1; all && dx <= 1; dx++)
						all = m[x + dx + w * (y + dy)] != 0;
				if (all) interior++;
			}
		return masked == 0 ? 0 : (double) interior / masked;
	}

	/** @return fraction of border pixels that are masked */
	private static double borderFraction(byte[] m, int w, int h) {
		int masked = 0;
		for (int x = 0; x < w; x++)
			masked += (m[x] != 0 ? 1 : 0) + (m[x + w * (h - 1)] != 0 ? 1 : 0);
		for (int y = 0; y < h; y++)
			masked += (m[w * y] != 0 ? 1 : 0) + (m[w - 1 + w * y] != 0 ? 1 : 0);
		return masked / (2.0 * (w + h));
	}

	/** @return the number of 8-connected components */
	private static int components(byte[] m, int w, int h) {
		return labelComponents(m, w, h, null);
	}

	/** @return the largest bounding-box side over all 8-connected components */
	private static int largestExtent(byte[] m, int w, int h) {
		int[] largest = { 0 };
		labelComponents(m, w, h, largest);
		return largest[0];
	}

	private static int labelComponents(byte[] m, int w, int h, int[] largest) {
		boolean[] seen = new boolean[m.length];
		ArrayDeque<Integer> queue = new ArrayDeque<>();
		int components = 0;
		for (int start = 0; start < m.length; start++) {
			if (m[start] == 0 || seen[start]) continue;
			components++;
			int x0 = w, x1 = -1, y0 = h, y1 = -1;
			seen[start] = true;
			queue.add(start);
			while (!queue.isEmpty()) {
				int i = queue.poll();
				int x = i % w, y = i / w;
				x0 = Math.min(x0, x);
				x1 = Math.max(x1, x);
				y0 = Math.min(y0, y);
				y1 = Math.max(y1, y);
				for (int dy = -1; dy <= 1; dy++)
					for (int dx = -1; dx <= 1; dx++) {
						int nx = x + dx, ny = y + dy;
						if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
						int j = nx + w * ny;
						if (m[j] != 0 && !seen[j]) {
							seen[j] = true;
							queue.add(j);
						}
					}
			}
			if (largest != null) largest[0] = Math.max(largest[0], Math.max(x1 - x0, y1 - y0) + 1);
		}
		return components;
	}
}
