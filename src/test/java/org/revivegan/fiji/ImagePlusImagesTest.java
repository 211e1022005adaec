package org.revivegan.fiji;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.revivegan.core.progress.Progress;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;
import ij.process.ShortProcessor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.type.numeric.real.FloatType;

class ImagePlusImagesTest {

	@Test
	void bytesAreSharedAndIndexedByXY() {
		ByteProcessor ip = new ByteProcessor(5, 3);
		ip.set(4, 2, 200);
		var img = ImagePlusImages.wrap(ip);
		assertArrayEquals(new long[] { 5, 3 }, img.dimensionsAsLongArray());
		RandomAccess<UnsignedByteType> ra = img.randomAccess();
		assertEquals(200, ra.setPositionAndGet(4, 2).get());
		ra.setPositionAndGet(1, 2).set(17);
		assertEquals(17, ip.get(1, 2), "a write through the wrapper reaches the processor");
		assertSame(ip.getPixels(), img.update(null).getCurrentStorageArray());
	}

	@Test
	void shortsAreSharedAndUnsigned() {
		ShortProcessor ip = new ShortProcessor(4, 2);
		ip.set(3, 1, 60000);
		var img = ImagePlusImages.wrap(ip);
		assertEquals(60000, img.randomAccess().setPositionAndGet(3, 1).get());
		img.randomAccess().setPositionAndGet(0, 1).set(65535);
		assertEquals(65535, ip.get(0, 1));
		assertEquals(65535, ImagePlusImages.plane(ip).maxValue());
	}

	@Test
	void floatsAreShared() {
		FloatProcessor ip = new FloatProcessor(3, 3);
		ip.setf(2, 1, -4.5f);
		var img = ImagePlusImages.wrap(ip);
		assertEquals(-4.5f, img.randomAccess().setPositionAndGet(2, 1).get());
		img.randomAccess().setPositionAndGet(0, 0).set(7.25f);
		assertEquals(7.25f, ip.getf(0, 0));
	}

	@Test
	void rgbChannelsAreRedGreenBlueAndWritable() {
		ColorProcessor ip = new ColorProcessor(4, 3);
		ip.set(2, 1, (10 << 16) | (20 << 8) | 30);
		RandomAccessibleInterval<UnsignedByteType> img = ImagePlusImages.wrap(ip);
		assertArrayEquals(new long[] { 4, 3, 3 }, img.dimensionsAsLongArray());
		RandomAccess<UnsignedByteType> ra = img.randomAccess();
		assertEquals(10, ra.setPositionAndGet(2, 1, 0).get());
		assertEquals(20, ra.setPositionAndGet(2, 1, 1).get());
		assertEquals(30, ra.setPositionAndGet(2, 1, 2).get());
		ra.setPositionAndGet(2, 1, 1).set(99);
		int[] rgb = ip.getPixel(2, 1, null);
		assertArrayEquals(new int[] { 10, 99, 30 }, rgb, "only green changed");
		ra.setPositionAndGet(0, 0, 2).set(255);
		assertEquals(0x0000ff, ip.get(0, 0) & 0xffffff, "a blue >= 128 does not spill into red and green");
		ra.setPositionAndGet(2, 1, 0).set(200);
		assertArrayEquals(new int[] { 200, 99, 30 }, ip.getPixel(2, 1, null));
		assertEquals(200, ra.setPositionAndGet(2, 1, 0).get(), "read back unsigned");
		assertEquals(255, ImagePlusImages.plane(ip).maxValue());
	}

	@Test
	void floatPlaneIsNormalisedByFiniteRangeAndMapsBack() {
		FloatProcessor ip = new FloatProcessor(4, 1, new float[] { -2, 0, 6, Float.NaN });
		var plane = ImagePlusImages.plane(ip);
		assertEquals(1, plane.maxValue());
		@SuppressWarnings("unchecked")
		RandomAccess<DoubleType> ra = ((RandomAccessibleInterval<DoubleType>) plane.image()).randomAccess();
		assertEquals(0, ra.setPositionAndGet(0, 0).get(), 1e-12);
		assertEquals(0.25, ra.setPositionAndGet(1, 0).get(), 1e-12);
		assertEquals(1, ra.setPositionAndGet(2, 0).get(), 1e-12);
		assertTrue(Double.isNaN(ra.setPositionAndGet(3, 0).get()), "NaN stays NaN");
		ra.setPositionAndGet(3, 0).set(0.5);
		assertEquals(2f, ip.getf(3, 0), 1e-6f, "0.5 maps back to the middle of [-2, 6]");

		// the output plane keeps the input's scale even though its own data differ
		FloatProcessor out = new FloatProcessor(4, 1);
		@SuppressWarnings("unchecked")
		RandomAccess<DoubleType> oa = ((RandomAccessibleInterval<DoubleType>) plane.over(out).image()).randomAccess();
		oa.setPositionAndGet(0, 0).set(0.75);
		assertEquals(4f, out.getf(0, 0), 1e-6f);
		assertThrows(IllegalArgumentException.class, () -> plane.over(new ByteProcessor(4, 1)));
	}

	@Test
	void copyingAFloatPlaneOntoItsDuplicateIsBitExact() {
		float[] v = { 1e-10f, -1f, 1f, 0.3f, 123.456f, -7.77e-5f, Float.NaN, Float.POSITIVE_INFINITY };
		FloatProcessor in = new FloatProcessor(v.length, 1, v.clone());
		FloatProcessor out = new FloatProcessor(v.length, 1, v.clone());
		var pin = ImagePlusImages.plane(in);
		var pout = pin.over(out);
		copy(pin.image(), pout.image());
		float[] o = (float[]) out.getPixels();
		for (int i = 0; i < v.length; i++)
			assertEquals(Float.floatToRawIntBits(v[i]), Float.floatToRawIntBits(o[i]), "pixel " + i);
	}

	private static <A extends net.imglib2.type.numeric.RealType<A>, B extends net.imglib2.type.numeric.RealType<B>> void
		copy(RandomAccessibleInterval<A> a, RandomAccessibleInterval<B> b)
	{
		LoopBuilder.setImages(a, b).forEachPixel((x, y) -> y.setReal(x.getRealDouble()));
	}

	@Test
	void maxValueByType() {
		assertEquals(255, ImagePlusImages.maxValue(new ImagePlus("a", new ByteProcessor(2, 2))));
		assertEquals(255, ImagePlusImages.maxValue(new ImagePlus("a", new ColorProcessor(2, 2))));
		assertEquals(65535, ImagePlusImages.maxValue(new ImagePlus("a", new ShortProcessor(2, 2))));
		assertEquals(1, ImagePlusImages.maxValue(new ImagePlus("a", new FloatProcessor(2, 2))));
	}

	@Test
	void aSixteenBitPlaneUsesTheSmallestUsualBitRangeThatHoldsItsData() {
		int[][] cases = { { 0, 255 }, { 255, 255 }, { 256, 1023 }, { 4095, 4095 }, { 4096, 16383 }, { 20000, 32767 }, {
			40000, 65535 }, { 65535, 65535 } };
		for (int[] c : cases) {
			ShortProcessor sp = new ShortProcessor(3, 2);
			sp.set(2, 1, c[0]);
			assertEquals(c[1], ImagePlusImages.sixteenBitRange((short[]) sp.getPixels()), "max " + c[0]);
			ImagePlusImages.Plane<?> plane = ImagePlusImages.plane(sp);
			assertEquals(c[1], plane.maxValue());
			// a result plane over a copy keeps the input's range whatever the copy holds
			assertEquals(c[1], plane.over(new ShortProcessor(3, 2)).maxValue());
		}
	}

	private static ImagePlus hyperstack(int c, int z, int t) {
		ImageStack stack = new ImageStack(6, 4);
		for (int i = 0; i < c * z * t; i++) {
			ShortProcessor sp = new ShortProcessor(6, 4);
			sp.set(1, 1, 1000 + i);
			stack.addSlice("s" + i, sp);
		}
		ImagePlus imp = new ImagePlus("hs", stack);
		imp.setDimensions(c, z, t);
		imp.setOpenAsHyperStack(true);
		return imp;
	}

	@Test
	void forEachPlaneVisitsEveryPlaneWithItsPositionAndSharesPixels() {
		ImagePlus imp = hyperstack(2, 3, 2);
		List<int[]> seen = new ArrayList<>();
		double[] last = { 0 };
		Progress progress = new Progress() {

			@Override
			public void progress(double fraction) {
				last[0] = fraction;
			}
		};
		ImagePlusImages.forEachPlane(imp, progress, (i, c, z, t, ip, p) -> {
			seen.add(new int[] { i, c, z, t, ip.get(1, 1) });
			ip.set(0, 0, i);
		});
		assertEquals(12, seen.size());
		assertArrayEquals(new int[] { 1, 1, 1, 1, 1000 }, seen.get(0));
		assertArrayEquals(new int[] { 2, 2, 1, 1, 1001 }, seen.get(1));
		assertArrayEquals(new int[] { 3, 1, 2, 1, 1002 }, seen.get(2));
		assertArrayEquals(new int[] { 7, 1, 1, 2, 1006 }, seen.get(6));
		assertEquals(1.0, last[0], 1e-12);
		for (int i = 1; i <= 12; i++)
			assertEquals(i, imp.getStack().getProcessor(i).get(0, 0), "writes reach stack plane " + i);
	}

	@Test
	void forEachPlaneOnASingleImage() {
		ByteProcessor bp = new ByteProcessor(3, 3);
		ImagePlus imp = new ImagePlus("one", bp);
		int[] count = { 0 };
		ImagePlusImages.forEachPlane(imp, Progress.NONE, (i, c, z, t, ip, p) -> {
			count[0]++;
			assertArrayEquals(new int[] { 1, 1, 1, 1 }, new int[] { i, c, z, t });
			ip.set(2, 2, 9);
		});
		assertEquals(1, count[0]);
		assertEquals(9, bp.get(2, 2));
	}

	@Test
	void duplicateKeepsEverythingButIsACopy() {
		ImagePlus imp = hyperstack(2, 3, 2);
		Calibration cal = imp.getCalibration();
		cal.pixelWidth = 0.5;
		cal.pixelHeight = 0.25;
		cal.setUnit("mm");
		imp.setRoi(new Roi(1, 1, 2, 2));
		imp.setDisplayRange(100, 2000);
		ImagePlus dup = ImagePlusImages.duplicateForResult(imp, "photo");
		assertNotSame(imp, dup);
		assertEquals("photo-restored", dup.getTitle());
		assertArrayEquals(imp.getDimensions(), dup.getDimensions(), "w, h, c, z, t (the ROI does not crop)");
		assertEquals(0.5, dup.getCalibration().pixelWidth);
		assertEquals(0.25, dup.getCalibration().pixelHeight);
		assertEquals("mm", dup.getCalibration().getUnit());
		assertEquals(100, dup.getDisplayRangeMin(), 1e-9);
		assertEquals(2000, dup.getDisplayRangeMax(), 1e-9);
		for (int i = 1; i <= 12; i++) {
			Object a = imp.getStack().getPixels(i), b = dup.getStack().getPixels(i);
			assertNotSame(a, b);
			assertArrayEquals((short[]) a, (short[]) b);
		}
		dup.getStack().getProcessor(5).set(0, 0, 77);
		assertEquals(0, imp.getStack().getProcessor(5).get(0, 0), "the input is never modified");
	}

	@Test
	void duplicateKeepsCompositeLuts() {
		ImagePlus base = hyperstack(2, 1, 1);
		CompositeImage comp = new CompositeImage(base, CompositeImage.COMPOSITE);
		comp.setChannelLut(LUT.createLutFromColor(java.awt.Color.MAGENTA), 2);
		ImagePlus dup = ImagePlusImages.duplicateForResult(comp, "c");
		assertTrue(dup.isComposite());
		assertEquals(CompositeImage.COMPOSITE, ((CompositeImage) dup).getMode());
		LUT lut = ((CompositeImage) dup).getChannelLut(2);
		assertEquals(255, lut.getRed(255));
		assertEquals(0, lut.getGreen(255));
		assertEquals(255, lut.getBlue(255));
	}

	@Test
	void duplicateOfRgbAndFloat() {
		ColorProcessor cp = new ColorProcessor(3, 2);
		cp.set(1, 1, 0x123456);
		ImagePlus dup = ImagePlusImages.duplicateForResult(new ImagePlus("rgb", cp), "rgb");
		assertEquals(24, dup.getBitDepth());
		assertEquals(0x123456, dup.getProcessor().get(1, 1) & 0xffffff);
		FloatProcessor fp = new FloatProcessor(2, 2, new float[] { 1, 2, 3, 4 });
		ImagePlus f = new ImagePlus("f", fp);
		f.setDisplayRange(0, 10);
		ImagePlus fd = ImagePlusImages.duplicateForResult(f, "f");
		assertEquals(10, fd.getDisplayRangeMax(), 1e-9);
		assertArrayEquals(new float[] { 1, 2, 3, 4 }, (float[]) fd.getProcessor().getPixels());
		ImageProcessor copy = fd.getProcessor();
		assertNotSame(fp.getPixels(), copy.getPixels());
		FloatType ft = ImagePlusImages.wrap((FloatProcessor) copy).firstElement();
		assertEquals(1f, ft.get());
	}
}
