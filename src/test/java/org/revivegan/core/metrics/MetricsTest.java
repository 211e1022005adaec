package org.revivegan.core.metrics;

import static org.junit.jupiter.api.Assertions.*;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.DoubleArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;
import org.revivegan.core.util.Rng;

class MetricsTest {

	// ----------------------------------------------------------------------------------------------------
	// PSNR

	@Test
	void identicalImagesHaveInfinitePsnrAndSsimOne() {
		ArrayImg<FloatType, FloatArray> a = randomFloats(16, 14, 3, 1);
		ArrayImg<FloatType, FloatArray> copy = randomFloats(16, 14, 3, 1);
		assertEquals(Double.POSITIVE_INFINITY, Metrics.psnr(a, copy, 1));
		assertEquals(0, Metrics.mse(a, copy));
		assertEquals(1, Metrics.ssim(a, copy, 1), 1e-12);
		ArrayImg<UnsignedByteType, ByteArray> gray = textured8Bit(20, 12, 1);
		assertEquals(1, Metrics.ssim(gray, gray, 255), 1e-12);
	}

	@Test
	void constantOffsetGivesTextbookPsnr() {
		ArrayImg<UnsignedByteType, ByteArray> a = ArrayImgs.unsignedBytes(9, 7, 3);
		ArrayImg<UnsignedByteType, ByteArray> b = ArrayImgs.unsignedBytes(9, 7, 3);
		int i = 0;
		Cursor<UnsignedByteType> cb = b.cursor();
		for (UnsignedByteType v : a) {
			int value = (i++ * 37) % 200;
			v.set(value);
			cb.next().set(value + 10);
		}
		assertEquals(100, Metrics.mse(a, b), 1e-12);
		assertEquals(20 * Math.log10(255.0 / 10), Metrics.psnr(a, b, 255), 1e-10); // 28.13 dB
		assertEquals(20 * Math.log10(255.0 / 10), Metrics.psnr(b, a, 255), 1e-10);
	}

	@Test
	void psnrOnFloatImagesUsesMaxValueOne() {
		ArrayImg<FloatType, FloatArray> a = ArrayImgs.floats(new float[] { 0, 0.5f, 1, 0.25f }, 2, 2);
		ArrayImg<FloatType, FloatArray> b = ArrayImgs.floats(new float[] { 0.1f, 0.5f, 0.9f, 0.25f }, 2, 2);
		double mse = (0.1f * 0.1f + 0.1f * 0.1f) / 4.0;
		assertEquals(10 * Math.log10(1 / mse), Metrics.psnr(a, b, 1), 1e-4);
	}

	@Test
	void maskedPsnrSeesOnlyMaskedPixels() {
		ArrayImg<UnsignedByteType, ByteArray> a = ArrayImgs.unsignedBytes(6, 5, 3);
		ArrayImg<UnsignedByteType, ByteArray> b = ArrayImgs.unsignedBytes(6, 5, 3);
		ArrayImg<UnsignedByteType, ByteArray> mask = ArrayImgs.unsignedBytes(6, 5);
		// mask: a 2 x 2 square at (1..2, 1..2), 4 pixels
		for (int y = 1; y <= 2; y++)
			for (int x = 1; x <= 2; x++)
				set(mask, 255, x, y);
		// inside: differences 4 in channel 0, 8 in channel 1, 0 in channel 2 -> MSE = (16 + 64 + 0) / 3
		for (int y = 1; y <= 2; y++)
			for (int x = 1; x <= 2; x++) {
				set(b, 4, x, y, 0);
				set(b, 8, x, y, 1);
			}
		double expected = 10 * Math.log10(255.0 * 255.0 / (80.0 / 3));
		assertEquals(expected, Metrics.psnrMasked(a, b, mask, 255), 1e-10);

		// changing pixels outside the mask changes whole-image PSNR but not masked PSNR
		double wholeBefore = Metrics.psnr(a, b, 255);
		set(b, 200, 5, 4, 2);
		set(b, 90, 0, 0, 0);
		set(a, 17, 3, 1, 1);
		assertEquals(expected, Metrics.psnrMasked(a, b, mask, 255), 1e-10);
		assertNotEquals(wholeBefore, Metrics.psnr(a, b, 255));

		// any non-zero value counts as inside
		set(mask, 1, 5, 4);
		double mseWith = (16 * 4 + 64 * 4 + 200 * 200) / (5.0 * 3);
		assertEquals(10 * Math.log10(255.0 * 255.0 / mseWith), Metrics.psnrMasked(a, b, mask, 255), 1e-10);
	}

	@Test
	void maskedPsnrOn2DImagesAndIdenticalInside() {
		ArrayImg<FloatType, FloatArray> a = ArrayImgs.floats(new float[] { 0, 0, 1, 1 }, 2, 2);
		ArrayImg<FloatType, FloatArray> b = ArrayImgs.floats(new float[] { 0, 0.5f, 1, 0 }, 2, 2);
		ArrayImg<UnsignedByteType, ByteArray> mask = ArrayImgs.unsignedBytes(new byte[] { 1, 0, 1, 0 }, 2, 2);
		assertEquals(Double.POSITIVE_INFINITY, Metrics.psnrMasked(a, b, mask, 1));
		mask = ArrayImgs.unsignedBytes(new byte[] { 0, 1, 0, 0 }, 2, 2);
		assertEquals(10 * Math.log10(4), Metrics.psnrMasked(a, b, mask, 1), 1e-10);
	}

	@Test
	void maskedPsnrRejectsEmptyMaskAndWrongDimensions() {
		ArrayImg<FloatType, FloatArray> a = ArrayImgs.floats(4, 3, 3);
		ArrayImg<FloatType, FloatArray> b = ArrayImgs.floats(4, 3, 3);
		IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
				() -> Metrics.psnrMasked(a, b, ArrayImgs.unsignedBytes(4, 3), 1));
		assertTrue(empty.getMessage().contains("mask is empty"), empty.getMessage());
		IllegalArgumentException wrongMask = assertThrows(IllegalArgumentException.class,
				() -> Metrics.psnrMasked(a, b, ArrayImgs.unsignedBytes(3, 4), 1));
		assertTrue(wrongMask.getMessage().contains("4 x 3"), wrongMask.getMessage());
		assertThrows(IllegalArgumentException.class,
				() -> Metrics.psnrMasked(a, b, ArrayImgs.unsignedBytes(4, 3, 1), 1));
		IllegalArgumentException wrongImages = assertThrows(IllegalArgumentException.class,
				() -> Metrics.psnrMasked(a, ArrayImgs.floats(4, 3, 1), ArrayImgs.unsignedBytes(4, 3), 1));
		assertTrue(wrongImages.getMessage().contains("same dimensions"), wrongImages.getMessage());
	}

	@Test
	void rejectsBadArguments() {
		ArrayImg<FloatType, FloatArray> a = ArrayImgs.floats(12, 12);
		assertThrows(IllegalArgumentException.class, () -> Metrics.psnr(a, ArrayImgs.floats(12, 11), 1));
		assertThrows(IllegalArgumentException.class, () -> Metrics.psnr(a, a, 0));
		assertThrows(IllegalArgumentException.class, () -> Metrics.psnr(a, a, Double.NaN));
		assertThrows(IllegalArgumentException.class, () -> Metrics.ssim(a, ArrayImgs.floats(12, 12, 1), 1));
		IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
				() -> Metrics.ssim(ArrayImgs.floats(10, 20), ArrayImgs.floats(10, 20), 1));
		assertTrue(small.getMessage().contains("11 x 11"), small.getMessage());
		assertThrows(IllegalArgumentException.class,
				() -> Metrics.psnr(ArrayImgs.floats(2, 2, 2, 2), ArrayImgs.floats(2, 2, 2, 2), 1));
		assertThrows(IllegalArgumentException.class, () -> Metrics.colorfulness(ArrayImgs.floats(3, 3, 2), 1));
	}

	// ----------------------------------------------------------------------------------------------------
	// SSIM

	@Test
	void ssimDecreasesWithNoise() {
		ArrayImg<FloatType, FloatArray> clean = smoothFloats(24, 20, 3);
		double previous = 1;
		for (double sigma : new double[] { 0.01, 0.03, 0.1, 0.3 }) {
			ArrayImg<FloatType, FloatArray> noisy = ArrayImgs.floats(24, 20, 3);
			Rng rng = new Rng(42);
			Cursor<FloatType> c = noisy.cursor();
			for (FloatType v : clean)
				c.next().set((float) (v.get() + sigma * rng.nextGaussian()));
			double s = Metrics.ssim(clean, noisy, 1);
			assertTrue(s < previous, "SSIM " + s + " at noise " + sigma + " should be below " + previous);
			assertTrue(s > -1 && s < 1);
			assertEquals(s, Metrics.ssim(noisy, clean, 1), 1e-12, "SSIM is symmetric");
			previous = s;
		}
		assertTrue(previous < 0.5, "heavy noise should ruin SSIM, got " + previous);
	}

	@Test
	void ssimMatchesDirectWindowedComputation() {
		ArrayImg<UnsignedByteType, ByteArray> a = textured8Bit(19, 16, 3);
		ArrayImg<UnsignedByteType, ByteArray> b = perturbed(a);
		assertEquals(directSsim(a, b, 255), Metrics.ssim(a, b, 255), 1e-10);

		ArrayImg<DoubleType, DoubleArray> x = ArrayImgs.doubles(12, 13);
		ArrayImg<DoubleType, DoubleArray> y = ArrayImgs.doubles(12, 13);
		fillFloatPair(x, y);
		assertEquals(directSsim(x, y, 1), Metrics.ssim(x, y, 1), 1e-10);
	}

	/**
	 * Golden values from scikit-image 0.19.3:
	 * {@code structural_similarity(a, b, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
	 * data_range=255, channel_axis=-1)} on the same arrays (numpy index [y, x, c]).
	 */
	@Test
	void ssimAndPsnrMatchScikitImage() {
		ArrayImg<UnsignedByteType, ByteArray> a = textured8Bit(19, 16, 3);
		ArrayImg<UnsignedByteType, ByteArray> b = perturbed(a);
		assertEquals(0.3567099705564029, Metrics.ssim(a, b, 255), 1e-12);
		assertEquals(11.005148329946019, Metrics.psnr(a, b, 255), 1e-10);

		ArrayImg<DoubleType, DoubleArray> x = ArrayImgs.doubles(12, 13);
		ArrayImg<DoubleType, DoubleArray> y = ArrayImgs.doubles(12, 13);
		fillFloatPair(x, y);
		assertEquals(-0.0750601678096978, Metrics.ssim(x, y, 1), 1e-12);
	}

	@Test
	void ssimIgnoresImageMinimum() {
		ArrayImg<UnsignedByteType, ByteArray> a = textured8Bit(19, 16, 3);
		ArrayImg<UnsignedByteType, ByteArray> b = perturbed(a);
		assertEquals(Metrics.ssim(a, b, 255), Metrics.ssim(Views.translate(a, 5, 7, 1), b, 255), 0);
	}

	// ----------------------------------------------------------------------------------------------------
	// Colourfulness

	@Test
	void colourfulnessOfTinyImageByHand() {
		// two pixels: pure red (255, 0, 0) and pure blue (0, 0, 255)
		// rg = R - G: 255, 0 -> mean 127.5, population sd 127.5
		// yb = (R + G) / 2 - B: 127.5, -255 -> mean -63.75, population sd 191.25
		// C = sqrt(127.5^2 + 191.25^2) + 0.3 sqrt(127.5^2 + 63.75^2) = 229.8539 + 42.7648 = 272.6187
		ArrayImg<UnsignedByteType, ByteArray> rgb = ArrayImgs.unsignedBytes(2, 1, 3);
		set(rgb, 255, 0, 0, 0);
		set(rgb, 255, 1, 0, 2);
		double expected = Math.sqrt(127.5 * 127.5 + 191.25 * 191.25)
				+ 0.3 * Math.sqrt(127.5 * 127.5 + 63.75 * 63.75);
		assertEquals(272.6187, expected, 1e-4);
		assertEquals(expected, Metrics.colorfulness(rgb, 255), 1e-9);

		// the same image as floats in [0, 1]
		ArrayImg<FloatType, FloatArray> floats = ArrayImgs.floats(new float[] { 1, 0, 0, 0, 0, 1 }, 2, 1, 3);
		assertEquals(expected, Metrics.colorfulness(floats, 1), 1e-9);
	}

	@Test
	void colourfulnessOfUniformColourIsItsMeanTerm() {
		// all pixels (200, 100, 50): sd = 0, rg = 100, yb = 100 -> C = 0.3 * sqrt(2) * 100
		ArrayImg<UnsignedByteType, ByteArray> rgb = ArrayImgs.unsignedBytes(3, 2, 3);
		for (int y = 0; y < 2; y++)
			for (int x = 0; x < 3; x++) {
				set(rgb, 200, x, y, 0);
				set(rgb, 100, x, y, 1);
				set(rgb, 50, x, y, 2);
			}
		assertEquals(30 * Math.sqrt(2), Metrics.colorfulness(rgb, 255), 1e-9);
	}

	@Test
	void grayImageHasNoColourfulness() {
		ArrayImg<FloatType, FloatArray> rgb = ArrayImgs.floats(5, 4, 3);
		Rng rng = new Rng(9);
		for (int y = 0; y < 4; y++)
			for (int x = 0; x < 5; x++) {
				float v = (float) rng.nextDouble();
				for (int c = 0; c < 3; c++)
					rgb.randomAccess().setPositionAndGet(x, y, c).set(v);
			}
		assertEquals(0, Metrics.colorfulness(rgb, 1), 1e-12);
		assertTrue(Metrics.colorfulness(randomFloats(5, 4, 3, 2), 1) > 30);
	}

	// ----------------------------------------------------------------------------------------------------
	// Independent SSIM: direct 2D window at every valid position, kernel built in 2D

	private static double directSsim(RandomAccessibleInterval<? extends RealType<?>> a,
			RandomAccessibleInterval<? extends RealType<?>> b, double maxValue) {
		int w = (int) a.dimension(0), h = (int) a.dimension(1);
		int channels = a.numDimensions() == 3 ? (int) a.dimension(2) : 1;
		int radius = 5;
		double sigma = 1.5;
		double[][] window = new double[2 * radius + 1][2 * radius + 1];
		double total = 0;
		for (int j = -radius; j <= radius; j++)
			for (int i = -radius; i <= radius; i++) {
				window[j + radius][i + radius] = Math.exp(-(i * i + j * j) / (2 * sigma * sigma));
				total += window[j + radius][i + radius];
			}
		double c1 = Math.pow(0.01 * maxValue, 2), c2 = Math.pow(0.03 * maxValue, 2);
		double sum = 0;
		int count = 0;
		for (int c = 0; c < channels; c++)
			for (int cy = radius; cy < h - radius; cy++)
				for (int cx = radius; cx < w - radius; cx++) {
					double ux = 0, uy = 0;
					for (int j = -radius; j <= radius; j++)
						for (int i = -radius; i <= radius; i++) {
							double wt = window[j + radius][i + radius] / total;
							ux += wt * get(a, cx + i, cy + j, c);
							uy += wt * get(b, cx + i, cy + j, c);
						}
					double vx = 0, vy = 0, cov = 0;
					for (int j = -radius; j <= radius; j++)
						for (int i = -radius; i <= radius; i++) {
							double wt = window[j + radius][i + radius] / total;
							double dx = get(a, cx + i, cy + j, c) - ux;
							double dy = get(b, cx + i, cy + j, c) - uy;
							vx += wt * dx * dx;
							vy += wt * dy * dy;
							cov += wt * dx * dy;
						}
					sum += (2 * ux * uy + c1) * (2 * cov + c2) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
					count++;
				}
		return sum / count;
	}

	private static double get(RandomAccessibleInterval<? extends RealType<?>> img, int x, int y, int c) {
		RandomAccess<? extends RealType<?>> ra = img.randomAccess();
		if (img.numDimensions() == 3) ra.setPosition(new long[] { x, y, c });
		else ra.setPosition(new long[] { x, y });
		return ra.get().getRealDouble();
	}

	// ----------------------------------------------------------------------------------------------------
	// Fixtures (the integer formulas are reproduced exactly in the scikit-image script that gave the golden
	// values)

	/** a(x, y, c) = (3 x^2 + 7 y + 11 c + x y) mod 256 */
	private static ArrayImg<UnsignedByteType, ByteArray> textured8Bit(int w, int h, int channels) {
		ArrayImg<UnsignedByteType, ByteArray> img = channels == 1 ? ArrayImgs.unsignedBytes(w, h)
				: ArrayImgs.unsignedBytes(w, h, channels);
		for (int c = 0; c < channels; c++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					int v = (x * x * 3 + y * 7 + c * 11 + x * y) % 256;
					if (channels == 1) set(img, v, x, y);
					else set(img, v, x, y, c);
				}
		return img;
	}

	/** b(x, y, c) = (a + 3 ((x y + c) mod 17) + 5) mod 256 */
	private static ArrayImg<UnsignedByteType, ByteArray> perturbed(ArrayImg<UnsignedByteType, ByteArray> a) {
		int w = (int) a.dimension(0), h = (int) a.dimension(1), channels = (int) a.dimension(2);
		ArrayImg<UnsignedByteType, ByteArray> b = ArrayImgs.unsignedBytes(w, h, channels);
		RandomAccess<UnsignedByteType> ra = a.randomAccess();
		for (int c = 0; c < channels; c++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					int va = ra.setPositionAndGet(x, y, c).get();
					set(b, (va + ((x * y + c) % 17) * 3 + 5) % 256, x, y, c);
				}
		return b;
	}

	/** x = ((5 x + 3 y) mod 11) / 10, y = ((5 x + 3 y + x y) mod 13) / 12 */
	private static void fillFloatPair(ArrayImg<DoubleType, DoubleArray> a, ArrayImg<DoubleType, DoubleArray> b) {
		for (int y = 0; y < a.dimension(1); y++)
			for (int x = 0; x < a.dimension(0); x++) {
				a.randomAccess().setPositionAndGet(x, y).set(((x * 5 + y * 3) % 11) / 10.0);
				b.randomAccess().setPositionAndGet(x, y).set(((x * 5 + y * 3 + x * y) % 13) / 12.0);
			}
	}

	private static ArrayImg<FloatType, FloatArray> randomFloats(int w, int h, int channels, long seed) {
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(w, h, channels);
		Rng rng = new Rng(seed);
		for (FloatType v : img)
			v.set((float) rng.nextDouble());
		return img;
	}

	/** Smooth colour gradients with some structure, like a photo rather than noise. */
	private static ArrayImg<FloatType, FloatArray> smoothFloats(int w, int h, int channels) {
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(w, h, channels);
		RandomAccess<FloatType> ra = img.randomAccess();
		for (int c = 0; c < channels; c++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					ra.setPositionAndGet(x, y, c).set((float) (0.5 + 0.4 * Math.sin(0.4 * x + 0.3 * y + c)));
		return img;
	}

	private static void set(ArrayImg<UnsignedByteType, ByteArray> img, int value, long... position) {
		img.randomAccess().setPositionAndGet(position).set(value);
	}
}
