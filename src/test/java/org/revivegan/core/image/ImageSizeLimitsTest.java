package org.revivegan.core.image;

import static org.junit.jupiter.api.Assertions.*;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.ConstantUtils;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.revivegan.core.color.Lab;
import org.revivegan.core.damage.MaskFill;
import org.revivegan.core.metrics.Metrics;
import org.revivegan.core.model.Encoding;

/**
 * Whole-image conversions refuse images with more values than one Java array holds, with a message that names
 * the size, instead of overflowing an int. The images are virtual (a constant), so nothing large is allocated.
 */
class ImageSizeLimitsTest {

	private static <T extends net.imglib2.type.Type<T>> RandomAccessibleInterval<T> virtual(T value, long... dims) {
		return ConstantUtils.constantRandomAccessibleInterval(value, new net.imglib2.FinalInterval(dims));
	}

	private static void assertTooLarge(String size, Executable call) {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
		assertTrue(e.getMessage().startsWith("The image is too large (" + size), e.getMessage());
		assertTrue(e.getMessage().contains("Crop it or scale it down"), e.getMessage());
	}

	@Test
	void theLimitIsOneArrayAndProductsThatOverflowALongAreCaught() {
		assertEquals(46340 * 46340, Images.arrayLength("test", 46340, 46340));
		assertEquals((int) Images.MAX_ARRAY_VALUES, Images.arrayLength("test", Images.MAX_ARRAY_VALUES));
		assertTooLarge("2147483640 = 2147483640 values", () -> Images.arrayLength("test", Images.MAX_ARRAY_VALUES + 1));
		assertTooLarge("65536 x 32768 = 2147483648 values", () -> Images.arrayLength("test", 65536, 32768)); // 2^31
		assertTooLarge("4294967296 x 4294967296 x 3)", () -> Images.arrayLength("test", 1L << 32, 1L << 32, 3));
	}

	@Test
	void conversionsOfAWholeImageRefuseMoreThan2To31Values() {
		// 50000 x 50000 = 2.5 G values in one plane; 30000 x 30000 = 0.9 G fits, but not times 3 or 4 channels
		RandomAccessibleInterval<UnsignedShortType> gray16 = virtual(new UnsignedShortType(1000), 50000, 50000);
		RandomAccessibleInterval<FloatType> grayF = virtual(new FloatType(0.5f), 50000, 50000);
		RandomAccessibleInterval<FloatType> rgb = virtual(new FloatType(0.5f), 30000, 30000, 3);
		RandomAccessibleInterval<UnsignedByteType> mask = virtual(new UnsignedByteType(0), 50000, 50000);
		assertTooLarge("50000 x 50000", () -> Images.toFloats(gray16, 65535));
		assertTooLarge("50000 x 50000", () -> Images.floats(grayF));
		assertTooLarge("50000 x 50000", () -> Images.toBytes(grayF));
		assertTooLarge("30000 x 30000 x 3", () -> Images.rgbBytes(virtual(new UnsignedShortType(7), 30000, 30000),
			65535));
		assertTooLarge("30000 x 30000 x 3", () -> Images.copy(rgb));
		assertTooLarge("30000 x 30000 x 4", () -> Encoding.inpaintInput(rgb, ArrayImgs.unsignedBytes(1, 1),
			Encoding.FILL_PUSHPULL));
		assertTooLarge("30000 x 30000 x 4", () -> Encoding.colorizeInput(virtual(new FloatType(50), 30000, 30000)));
		assertTooLarge("50000 x 50000", () -> MaskFill.pushPull(grayF, mask));
		assertTooLarge("50000 x 50000", () -> Metrics.ssim(grayF, grayF, 1));
		assertTooLarge("30000 x 30000 x 3", () -> Lab.toLab(rgb));
		assertTooLarge("30000 x 30000 x 3", () -> Lab.lightness(rgb));
		assertTooLarge("50000 x 50000", () -> Lab.grayToLightness(grayF));
		assertTooLarge("100000 x 30000", () -> Images.resizePlane(new float[1], 1, 30000, 100000, 2));
	}
}
