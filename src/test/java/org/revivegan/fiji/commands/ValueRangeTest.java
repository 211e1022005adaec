package org.revivegan.fiji.commands;

import static org.junit.jupiter.api.Assertions.*;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import org.junit.jupiter.api.Test;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.util.Rng;
import org.revivegan.fiji.MaskSources;
import org.revivegan.testing.TinyModels;

/**
 * 32-bit and 16-bit data keep their range and precision end to end through Inpaint Damage and Colorize (the
 * command logic over Fiji's own pixel arrays): pixels outside the damage are bit-identical, synthesised values
 * lie within the image's range, and nothing went through 8 bits on the way (the values are not on a grid of
 * 1/255 of the range).
 */
class ValueRangeTest {

	private static final int W = 72, H = 56;
	private static final Roi DAMAGE = new Roi(20, 16, 24, 18);
	private static final ModelFile INPAINT = TinyModels.model(Task.INPAINT), COLORIZE = TinyModels.model(
		Task.COLORIZE);

	/** @return a textured pattern in [0, 1] that reaches both 0 and 1 */
	private static double[] pattern() {
		Rng rng = new Rng(11);
		double[] u = new double[W * H];
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++)
				u[x + W * y] = Math.max(0, Math.min(1, 0.5 + 0.35 * Math.sin(x * 0.3) * Math.cos(y * 0.21) + 0.12 * (rng
					.nextDouble() - 0.5)));
		u[0] = 0;
		u[1] = 1;
		return u;
	}

	private static ImagePlus float32(double lo, double hi) {
		double[] u = pattern();
		float[] v = new float[u.length];
		for (int i = 0; i < v.length; i++)
			v[i] = (float) (lo + (hi - lo) * u[i]);
		return new ImagePlus("float scan", new FloatProcessor(W, H, v));
	}

	private static ImagePlus short16(int max) {
		double[] u = pattern();
		short[] s = new short[u.length];
		for (int i = 0; i < s.length; i++)
			s[i] = (short) Math.round(max * u[i]);
		return new ImagePlus("16-bit scan", new ShortProcessor(W, H, s, null));
	}

	private static ImagePlus inpaint(ImagePlus imp) {
		imp.setRoi((Roi) DAMAGE.clone());
		MaskSources.Resolved mask = MaskSources.resolve("selection", imp, null, null);
		return InpaintDamage.inpaint(imp, mask, 0, 0, INPAINT, Progress.NONE);
	}

	private static boolean inDamage(int x, int y) {
		return DAMAGE.contains(x, y);
	}

	/**
	 * Asserts that the values did not pass through 8 bits: quantised values take at most one value per step of
	 * {@code (hi - lo) / 255}, so there would be no more distinct values than occupied steps. The tiny untrained
	 * network answers about 0.5 everywhere, so the values cluster in a few steps; they must still be many.
	 */
	private static void assertFinerThan8Bits(double[] values, int n, double lo, double hi, String what) {
		java.util.Set<Double> distinct = new java.util.HashSet<>();
		java.util.Set<Long> steps = new java.util.HashSet<>();
		for (int i = 0; i < n; i++) {
			distinct.add(values[i]);
			steps.add(Math.round((values[i] - lo) / (hi - lo) * 255));
		}
		assertTrue(distinct.size() >= 3 * steps.size() && distinct.size() >= 10, distinct.size() +
			" distinct values in " + steps.size() + " 8-bit steps of " + what);
	}

	private static void checkInpaintedFloat(double lo, double hi) {
		ImagePlus imp = float32(lo, hi);
		float[] before = ((float[]) imp.getProcessor().getPixels()).clone();
		float[] after = (float[]) inpaint(imp).getProcessor().getPixels();
		assertArrayEquals(before, (float[]) imp.getProcessor().getPixels(), "the input is not modified");
		float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
		for (float v : before) {
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		double[] inside = new double[W * H];
		int n = 0, changed = 0;
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++) {
				int i = x + W * y;
				if (!inDamage(x, y)) {
					assertEquals(Float.floatToRawIntBits(before[i]), Float.floatToRawIntBits(after[i]), "kept bit for bit at " +
						x + "," + y + " (range " + lo + ".." + hi + ")");
					continue;
				}
				assertTrue(after[i] >= min && after[i] <= max, after[i] + " at " + x + "," + y + " outside " + min + ".." +
					max);
				if (after[i] != before[i]) changed++;
				inside[n++] = after[i];
			}
		assertTrue(changed > n / 2, "synthesised " + changed + " of " + n);
		assertFinerThan8Bits(inside, n, min, max, "the synthesised values in " + lo + ".." + hi);
	}

	@Test
	void inpaintingFloatDataKeepsItsRangeAndPrecision() {
		checkInpaintedFloat(0, 4095); // 12-bit counts as floats
		checkInpaintedFloat(-1000, 1000); // signed: a difference image, a phase map
		checkInpaintedFloat(0, 1e-6); // tiny: a calibrated quantity in SI units
		checkInpaintedFloat(-3.5e-6, 2.5e-6);
	}

	private static void checkInpaintedShort(int max) {
		ImagePlus imp = short16(max);
		short[] before = ((short[]) imp.getProcessor().getPixels()).clone();
		short[] after = (short[]) inpaint(imp).getProcessor().getPixels();
		double[] inside = new double[W * H];
		int n = 0, changed = 0;
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++) {
				int i = x + W * y, v = after[i] & 0xffff;
				if (!inDamage(x, y)) {
					assertEquals(before[i], after[i], "kept at " + x + "," + y);
					continue;
				}
				assertTrue(v <= max, v + " at " + x + "," + y + " is beyond the data's " + max);
				if (after[i] != before[i]) changed++;
				inside[n++] = v;
			}
		assertTrue(changed > n / 2, "synthesised " + changed + " of " + n);
		assertFinerThan8Bits(inside, n, 0, max, "the synthesised values in 0.." + max);
	}

	@Test
	void inpainting16BitDataKeepsItsRange() {
		checkInpaintedShort(65535);
		checkInpaintedShort(4095); // 12-bit data in a 16-bit image: the fill stays in 0..4095
	}

	/** @return the composite's three channels of plane 1, as doubles */
	private static double[][] channels(ImagePlus composite) {
		assertEquals(3, composite.getNChannels());
		ImageStack s = composite.getStack();
		double[][] c = new double[3][W * H];
		for (int ch = 0; ch < 3; ch++) {
			ImageProcessor ip = s.getProcessor(ch + 1);
			for (int i = 0; i < W * H; i++)
				c[ch][i] = ip.getf(i);
		}
		return c;
	}

	private static void checkColorized(ImagePlus imp, double lo, double hi) {
		ImagePlus r = Colorize.colorize(imp, COLORIZE, 64, Progress.NONE);
		assertEquals(imp.getBitDepth(), r.getBitDepth());
		double[][] c = channels(r);
		double tolerance = imp.getBitDepth() == 16 ? 0 : (hi - lo) * 1e-6;
		for (double[] channel : c)
			for (double v : channel)
				assertTrue(v >= lo - tolerance && v <= hi + tolerance, v + " outside " + lo + ".." + hi);
		// the gray input's lightness is kept: a dark pixel stays darker than a bright one
		int darkest = 0, brightest = 1; // see pattern()
		assertTrue(c[1][darkest] < c[1][brightest], "lightness order at the extremes");
		for (int ch = 0; ch < 3; ch++)
			assertFinerThan8Bits(c[ch], W * H, lo, hi, "colour channel " + ch + " in " + lo + ".." + hi);
		assertEquals(lo, r.getDisplayRangeMin(), (hi - lo) * 1e-6, "display range");
		assertEquals(hi, r.getDisplayRangeMax(), (hi - lo) * 1e-6, "display range");
	}

	@Test
	void colorizingKeepsTheRangeAndPrecisionOf32BitAnd16BitData() {
		for (double[] range : new double[][] { { 0, 4095 }, { -1000, 1000 }, { 0, 1e-6 } }) {
			ImagePlus imp = float32(range[0], range[1]);
			imp.resetDisplayRange();
			checkColorized(imp, range[0], range[1]);
		}
		ImagePlus full = short16(65535);
		full.resetDisplayRange();
		checkColorized(full, 0, 65535);
		ImagePlus twelve = short16(4095);
		twelve.resetDisplayRange();
		checkColorized(twelve, 0, 4095);
	}
}
