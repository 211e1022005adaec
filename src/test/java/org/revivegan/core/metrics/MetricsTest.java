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

	// ----------------------------------------------------------------------------------------------------
	// Detail

	@Test
	void detailIsTheMeanLightnessStepBetweenMaskedNeighbours() {
		// gray 3 x 2; masked: (0,0) (1,0) (2,0) (0,1), so the pairs are (0,0)-(1,0), (1,0)-(2,0), (0,0)-(0,1)
		int[] values = { 10, 200, 90, 60, 255, 0 };
		ArrayImg<UnsignedByteType, ByteArray> gray = ArrayImgs.unsignedBytes(3, 2);
		ArrayImg<UnsignedByteType, ByteArray> mask = ArrayImgs.unsignedBytes(3, 2);
		for (int i = 0; i < 6; i++) {
			set(gray, values[i], i % 3, i / 3);
			if (i != 4 && i != 5) set(mask, 1, i % 3, i / 3);
		}
		double[] l = new double[6];
		for (int i = 0; i < 6; i++)
			l[i] = org.revivegan.core.color.Lab.grayToLightness(values[i] / 255f);
		double sum = Math.abs(l[1] - l[0]) + Math.abs(l[2] - l[1]) + Math.abs(l[3] - l[0]);
		assertEquals(3, Metrics.maskedPairs(mask));
		assertEquals(sum, Metrics.maskedDetailSum(gray, mask, 255), 1e-4);
		assertEquals(sum / 3, Metrics.maskedDetail(gray, mask, 255), 1e-4);
		// an RGB gray image has the same lightness
		ArrayImg<UnsignedByteType, ByteArray> rgb = ArrayImgs.unsignedBytes(3, 2, 3);
		for (int c = 0; c < 3; c++)
			for (int i = 0; i < 6; i++)
				set(rgb, values[i], i % 3, i / 3, c);
		assertEquals(sum / 3, Metrics.maskedDetail(rgb, mask, 255), 1e-3);
	}

	@Test
	void detailRatioOfTheOriginalIsOneAndOfAFlatFillZero() {
		ArrayImg<FloatType, FloatArray> photo = texturedPhoto(40, 32, 1);
		ArrayImg<UnsignedByteType, ByteArray> mask = holeMask(40, 32);
		assertEquals(1, Metrics.detailRatio(photo, photo, mask, 1), 0);
		assertEquals(0, Metrics.detailRatio(filledInside(photo, mask, 0.4f), photo, mask, 1), 0);
		// 8 bits measure as the same floats divided by 255
		ArrayImg<UnsignedByteType, ByteArray> bytes = org.revivegan.core.image.Images.toBytes(photo);
		ArrayImg<UnsignedByteType, ByteArray> blurredBytes = org.revivegan.core.image.Images.toBytes(boxBlurred(photo));
		assertEquals(Metrics.detailRatio(org.revivegan.core.image.Images.toFloats(blurredBytes, 255),
				org.revivegan.core.image.Images.toFloats(bytes, 255), mask, 1), Metrics.detailRatio(blurredBytes, bytes,
						mask, 255), 1e-6);
	}

	@Test
	void detailRatioOfABlurredCopyIsBelowOneAndOfANoisyCopyAboveOne() {
		ArrayImg<FloatType, FloatArray> photo = texturedPhoto(40, 32, 1);
		ArrayImg<UnsignedByteType, ByteArray> mask = holeMask(40, 32);
		double blurred = Metrics.detailRatio(boxBlurred(photo), photo, mask, 1);
		assertTrue(blurred > 0 && blurred < 0.95, "blurred: " + blurred);
		ArrayImg<FloatType, FloatArray> noisy = texturedPhoto(40, 32, 1);
		Rng rng = new Rng(9);
		for (FloatType v : noisy)
			v.set(v.get() + (float) rng.uniform(-0.15, 0.15));
		double noise = Metrics.detailRatio(noisy, photo, mask, 1);
		assertTrue(noise > 1.2, "noisy: " + noise);
	}

	@Test
	void detailRatioSeesOnlyTheMaskedPixels() {
		ArrayImg<FloatType, FloatArray> photo = texturedPhoto(40, 32, 1);
		ArrayImg<UnsignedByteType, ByteArray> mask = holeMask(40, 32);
		ArrayImg<FloatType, FloatArray> output = boxBlurred(photo);
		double ratio = Metrics.detailRatio(output, photo, mask, 1);
		// anything outside the mask, of the output or of the original, leaves it as it is
		ArrayImg<FloatType, FloatArray> outputElsewhere = composite(randomFloats(40, 32, 3, 4), output, mask);
		ArrayImg<FloatType, FloatArray> photoElsewhere = composite(randomFloats(40, 32, 3, 5), photo, mask);
		assertEquals(ratio, Metrics.detailRatio(outputElsewhere, photo, mask, 1), 0);
		assertEquals(ratio, Metrics.detailRatio(output, photoElsewhere, mask, 1), 0);
		// ... while inside it changes it
		assertNotEquals(ratio, Metrics.detailRatio(composite(output, randomFloats(40, 32, 3, 6), mask), photo, mask,
				1));
	}

	@Test
	void detailRatioIsUndefinedWithoutDetailInTheOriginal() {
		ArrayImg<FloatType, FloatArray> photo = texturedPhoto(40, 32, 1);
		ArrayImg<UnsignedByteType, ByteArray> mask = holeMask(40, 32);
		assertTrue(Double.isNaN(Metrics.detailRatio(photo, filledInside(photo, mask, 0.5f), mask, 1)), "flat truth");
		// a checkerboard mask has no two masked pixels side by side
		ArrayImg<UnsignedByteType, ByteArray> checker = ArrayImgs.unsignedBytes(40, 32);
		for (int y = 0; y < 32; y++)
			for (int x = (y & 1); x < 40; x += 2)
				set(checker, 1, x, y);
		assertEquals(0, Metrics.maskedPairs(checker));
		assertTrue(Double.isNaN(Metrics.maskedDetail(photo, checker, 1)));
		assertTrue(Double.isNaN(Metrics.detailRatio(randomFloats(40, 32, 3, 2), photo, checker, 1)));
		assertThrows(IllegalArgumentException.class, () -> Metrics.detailRatio(photo, photo, ArrayImgs.unsignedBytes(
				32, 40), 1));
	}

	/** Smooth colour waves with fine random texture (amplitude 0.1), in [0.1, 0.9]. */
	private static ArrayImg<FloatType, FloatArray> texturedPhoto(int w, int h, long seed) {
		ArrayImg<FloatType, FloatArray> img = smoothFloats(w, h, 3);
		Rng rng = new Rng(seed);
		for (FloatType v : img)
			v.set(0.5f + 0.75f * (v.get() - 0.5f) + (float) rng.uniform(-0.05, 0.05));
		return img;
	}

	/** A 20 x 16 rectangle and a 1-pixel line: a large hole and a scratch. */
	private static ArrayImg<UnsignedByteType, ByteArray> holeMask(int w, int h) {
		ArrayImg<UnsignedByteType, ByteArray> mask = ArrayImgs.unsignedBytes(w, h);
		for (int y = 8; y < 24; y++)
			for (int x = 10; x < 30; x++)
				set(mask, 255, x, y);
		for (int x = 2; x < w - 2; x++)
			set(mask, 255, x, 3);
		return mask;
	}

	private static ArrayImg<FloatType, FloatArray> filledInside(ArrayImg<FloatType, FloatArray> img,
			ArrayImg<UnsignedByteType, ByteArray> mask, float value) {
		ArrayImg<FloatType, FloatArray> flat = ArrayImgs.floats(img.dimensionsAsLongArray());
		for (FloatType v : flat)
			v.set(value);
		return composite(img, flat, mask);
	}

	/** @return {@code inside} at the masked pixels, {@code outside} elsewhere */
	private static ArrayImg<FloatType, FloatArray> composite(ArrayImg<FloatType, FloatArray> outside,
			ArrayImg<FloatType, FloatArray> inside, ArrayImg<UnsignedByteType, ByteArray> mask) {
		int n = (int) (mask.dimension(0) * mask.dimension(1));
		float[] o = outside.update(null).getCurrentStorageArray(), in = inside.update(null).getCurrentStorageArray();
		byte[] m = mask.update(null).getCurrentStorageArray();
		float[] out = new float[o.length];
		for (int i = 0; i < o.length; i++)
			out[i] = m[i % n] != 0 ? in[i] : o[i];
		return ArrayImgs.floats(out, outside.dimensionsAsLongArray());
	}

	/** 3 x 3 box blur of each channel, borders clamped. */
	private static ArrayImg<FloatType, FloatArray> boxBlurred(ArrayImg<FloatType, FloatArray> img) {
		int w = (int) img.dimension(0), h = (int) img.dimension(1), n = w * h;
		float[] a = img.update(null).getCurrentStorageArray(), b = new float[a.length];
		for (int c = 0; c < 3; c++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					float sum = 0;
					for (int dy = -1; dy <= 1; dy++)
						for (int dx = -1; dx <= 1; dx++)
							sum += a[c * n + Math.max(0, Math.min(w - 1, x + dx)) + w * Math.max(0, Math.min(h - 1, y + dy))];
					b[c * n + x + w * y] = sum / 9;
				}
		return ArrayImgs.floats(b, w, h, 3);
	}

	private static void set(ArrayImg<UnsignedByteType, ByteArray> img, int value, long... position) {
		img.randomAccess().setPositionAndGet(position).set(value);
	}

	@Test
	void finiteMeanSkipsWhatIsNotFinite() {
		assertEquals(2, Metrics.finiteMean(1, Double.NaN, 3, Double.POSITIVE_INFINITY), 1e-12);
		assertTrue(Double.isNaN(Metrics.finiteMean(Double.NaN)));
		assertTrue(Double.isNaN(Metrics.finiteMean()));
	}
}
