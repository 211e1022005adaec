package org.revivegan.core.infer;

import static org.junit.jupiter.api.Assertions.*;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.revivegan.core.color.ColorReference;
import org.revivegan.core.color.Lab;
import org.revivegan.core.image.Images;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.util.Rng;
import org.revivegan.testing.TinyModels;

/** The vividness control and colour from a reference photo, on a tiny (untrained) model. */
class ColorizerVividnessReferenceTest {

	private static final int W = 60, H = 44;
	private static final ModelFile MODEL = TinyModels.model(Task.COLORIZE);

	/** A colour photo: warm in the bright top half, blue-green in the darker bottom, with texture. */
	private static ArrayImg<FloatType, FloatArray> colourPhoto() {
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(W, H, 3);
		float[] p = Images.floats(img);
		Rng rng = new Rng(5);
		int n = W * H;
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++) {
				float t = (float) rng.nextDouble() * 0.15f;
				int i = x + W * y;
				if (y < H / 2) {
					p[i] = 0.85f + t;
					p[n + i] = 0.6f + t;
					p[2 * n + i] = 0.3f + t;
				}
				else {
					p[i] = 0.05f + t;
					p[n + i] = 0.3f + t;
					p[2 * n + i] = 0.35f + t;
				}
			}
		return img;
	}

	private static ArrayImg<FloatType, FloatArray> gray(ArrayImg<FloatType, FloatArray> rgb) {
		float[] l = Images.floats(Lab.lightness(rgb));
		float[] g = new float[l.length];
		for (int i = 0; i < l.length; i++)
			g[i] = Math.max(0, Math.min(1, Lab.lightnessToGray(l[i])));
		return ArrayImgs.floats(g, W, H);
	}

	private static float[] lab(Img<FloatType> rgb) {
		return Images.floats(Lab.toLab(rgb));
	}

	private static double meanChroma(float[] lab) {
		int n = lab.length / 3;
		double s = 0;
		for (int i = 0; i < n; i++)
			s += Math.hypot(lab[n + i], lab[2 * n + i]);
		return s / n;
	}

	private static void assertLightnessKept(ArrayImg<FloatType, FloatArray> gray, Img<FloatType> result) {
		float[] l = lab(result);
		for (int i = 0; i < W * H; i++)
			assertEquals(Lab.grayToLightness(Images.floats(gray)[i]), l[i], 0.02, "L kept at pixel " + i);
	}

	@Test
	void vividnessOneIsTheNetworksResultAndMoreIsMoreColourfulWithTheSameLightness() {
		ArrayImg<FloatType, FloatArray> gray = gray(colourPhoto());
		float[] plain = Images.floats(new Colorizer(MODEL).colorize(gray, 1, Progress.NONE));
		Colorizer c = new Colorizer(MODEL).withVividness(1);
		assertArrayEquals(plain, Images.floats(c.colorize(gray, 1, Progress.NONE)), "V = 1: bit-identical");
		double chroma1 = meanChroma(lab(ArrayImgs.floats(plain, W, H, 3)));
		assertTrue(chroma1 > 0.05, "the tiny model gives some colour: " + chroma1);
		Img<FloatType> vivid = new Colorizer(MODEL).withVividness(2).colorize(gray, 1, Progress.NONE);
		double chroma2 = meanChroma(lab(vivid));
		assertTrue(chroma2 > 1.5 * chroma1, chroma1 + " -> " + chroma2);
		assertLightnessKept(gray, vivid);
		Img<FloatType> none = new Colorizer(MODEL).withVividness(0).colorize(gray, 1, Progress.NONE);
		assertEquals(0, meanChroma(lab(none)), 0.05, "V = 0: the gray photo");
		assertLightnessKept(gray, none);
		assertThrows(IllegalArgumentException.class, () -> new Colorizer(MODEL).withVividness(4.5));
		assertThrows(IllegalArgumentException.class, () -> new Colorizer(MODEL).withVividness(Double.NaN));
	}

	/** Distance between two photos' per-band (mean a, mean b) where the band has pixels in both. */
	private static double bandMeanDistance(ColorReference x, ColorReference y) {
		double[][] p = x.bandStatistics(), q = y.bandStatistics();
		double d = 0;
		for (int k = 0; k < p.length; k++)
			d += Math.hypot(p[k][0] - q[k][0], p[k][1] - q[k][1]) + Math.sqrt(Math.abs(p[k][2] - q[k][2]) + Math.abs(
				p[k][4] - q[k][4]));
		return d;
	}

	@Test
	void thePhotosOwnColourDistributionMovesTheResultTowardsTheOriginalAndKeepsItsLightness() {
		ArrayImg<FloatType, FloatArray> original = colourPhoto();
		ArrayImg<FloatType, FloatArray> gray = gray(original);
		ColorReference own = ColorReference.of(original, 1);
		Img<FloatType> automatic = new Colorizer(MODEL).colorize(gray, 1, Progress.NONE);
		Img<FloatType> steered = new Colorizer(MODEL).withReference(own).colorize(gray, 1, Progress.NONE);
		double before = bandMeanDistance(ColorReference.of(automatic, 1, false), own);
		double after = bandMeanDistance(ColorReference.of(steered, 1, false), own);
		assertTrue(after < 0.5 * before, "ab statistics move towards the original's: " + before + " -> " + after);
		assertLightnessKept(gray, steered);
		// the warm top and the blue-green bottom get their own colours (b > 0 on top, a < 0 below)
		float[] lab = lab(steered);
		int n = W * H;
		double topB = 0, bottomA = 0;
		for (int x = 0; x < W; x++) {
			topB += lab[2 * n + x + W * 2];
			bottomA += lab[n + x + W * (H - 3)];
		}
		assertTrue(topB / W > 10, "warm top: b = " + topB / W);
		assertTrue(bottomA / W < -5, "blue-green bottom: a = " + bottomA / W);
	}
}
