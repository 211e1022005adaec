package org.revivegan.core.tensor;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.List;

import net.imglib2.Cursor;
import net.imglib2.FinalInterval;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.cell.CellImgFactory;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.revivegan.core.nets.Backend;

class TensorsTest {

	static {
		Backend.init();
	}

	/** A value that identifies its position: v(x, y, c) = 1000 c + 100 y + x (+ 10000 n for batches). */
	private static float code(long n, long c, long y, long x) {
		return 10000 * n + 1000 * c + 100 * y + x;
	}

	/** An (x, y, c) ArrayImg of size w x h x channels with {@link #code} values for example n. */
	private static ArrayImg<FloatType, FloatArray> coded(int w, int h, int channels, int n) {
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(w, h, channels);
		Cursor<FloatType> c = img.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			c.get().setReal(code(n, c.getLongPosition(2), c.getLongPosition(1), c.getLongPosition(0)));
		}
		return img;
	}

	@Test
	void arrayImgBecomesNchwWithValuesAtTheirPositions() {
		ArrayImg<FloatType, FloatArray> img = coded(5, 4, 3, 0);
		INDArray t = Tensors.toTensor(img);
		assertArrayEquals(new long[] { 1, 3, 4, 5 }, t.shape());
		assertEquals(DataType.FLOAT, t.dataType());
		assertEquals(code(0, 0, 0, 0), t.getFloat(0, 0, 0, 0));
		assertEquals(code(0, 2, 3, 4), t.getFloat(0, 2, 3, 4));
		assertEquals(code(0, 1, 2, 0), t.getFloat(0, 1, 2, 0));
		assertEquals(code(0, 0, 1, 3), t.getFloat(0, 0, 1, 3));
	}

	@Test
	void tensorDoesNotShareMemoryWithTheImage() {
		ArrayImg<FloatType, FloatArray> img = coded(3, 2, 1, 0);
		INDArray t = Tensors.toTensor(img);
		img.update(null).getCurrentStorageArray()[0] = -7;
		assertEquals(0f, t.getFloat(0, 0, 0, 0));
		t.putScalar(new long[] { 0, 0, 1, 2 }, 99);
		assertEquals(code(0, 0, 1, 2), img.getAt(2, 1, 0).get());
	}

	@Test
	void scaleAndOffsetMapEightBitToMinusOneOne() {
		Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(new byte[] { 0, (byte) 255, (byte) 128, 51 }, 2, 2);
		INDArray t = Tensors.toTensor(img, -1, 2.0 / 255);
		assertArrayEquals(new long[] { 1, 1, 2, 2 }, t.shape());
		assertEquals(-1f, t.getFloat(0, 0, 0, 0), 1e-7);
		assertEquals(1f, t.getFloat(0, 0, 0, 1), 1e-7);
		assertEquals((float) (128 * 2.0 / 255 - 1), t.getFloat(0, 0, 1, 0), 0);
		assertEquals(-0.6f, t.getFloat(0, 0, 1, 1), 1e-7);
	}

	@Test
	void fastAndGeneralPathsGiveIdenticalValues() {
		ArrayImg<FloatType, FloatArray> img = coded(7, 3, 2, 0);
		// the same image, but not an ArrayImg: a CellImg with cells smaller than the image
		Img<FloatType> cells = new CellImgFactory<>(new FloatType(), 2).create(7, 3, 2);
		Cursor<FloatType> src = Views.flatIterable(img).cursor();
		Cursor<FloatType> dst = Views.flatIterable(cells).cursor();
		while (src.hasNext())
			dst.next().set(src.next());
		INDArray a = Tensors.toTensor(img, 0.25, 1.0 / 3);
		INDArray b = Tensors.toTensor(cells, 0.25, 1.0 / 3);
		assertEquals(a, b);
		assertEquals((float) (code(0, 1, 2, 6) / 3.0 + 0.25), a.getFloat(0, 1, 2, 6), 0);
	}

	@Test
	void roundTripIsExactForFloats() {
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(6, 5, 3);
		float[] v = img.update(null).getCurrentStorageArray();
		for (int i = 0; i < v.length; i++)
			v[i] = (float) Math.sin(i * 0.77) * 1e-3f + i; // values that no scaling would keep exact
		ArrayImg<FloatType, FloatArray> back = Tensors.toImg(Tensors.toTensor(img), 0);
		assertArrayEquals(new long[] { 6, 5, 3 }, back.dimensionsAsLongArray());
		assertArrayEquals(v, back.update(null).getCurrentStorageArray());
	}

	@Test
	void scaledRoundTripRecoversValues() {
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(new float[] { 0, 0.25f, 0.5f, 1, 0.1f, 0.9f }, 3, 2);
		INDArray t = Tensors.toTensor(img, -1, 2);
		assertArrayEquals(new float[] { -1, -0.5f, 0, 1, -0.8f, 0.8f }, t.data().asFloat(), 1e-7f);
		ArrayImg<FloatType, FloatArray> back = Tensors.toImg(t, 0, 0.5, 0.5);
		assertArrayEquals(new long[] { 3, 2, 1 }, back.dimensionsAsLongArray());
		assertArrayEquals(img.update(null).getCurrentStorageArray(), back.update(null).getCurrentStorageArray(),
			1e-7f);
	}

	@Test
	void worksOnAnIntervalSubView() {
		ArrayImg<FloatType, FloatArray> img = coded(10, 8, 3, 0);
		RandomAccessibleInterval<FloatType> view = Views.interval(img, new FinalInterval(new long[] { 2, 3, 1 },
			new long[] { 5, 6, 2 })); // x 2..5, y 3..6, c 1..2
		INDArray t = Tensors.toTensor(view);
		assertArrayEquals(new long[] { 1, 2, 4, 4 }, t.shape());
		assertEquals(code(0, 1, 3, 2), t.getFloat(0, 0, 0, 0));
		assertEquals(code(0, 2, 6, 5), t.getFloat(0, 1, 3, 3));
		assertEquals(code(0, 2, 4, 3), t.getFloat(0, 1, 1, 1));

		// and back into the same sub-view of a zero image: only that block changes
		ArrayImg<FloatType, FloatArray> target = ArrayImgs.floats(10, 8, 3);
		Tensors.copyInto(t, 0, Views.interval(target, view), 0, 1);
		Cursor<FloatType> c = target.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			long x = c.getLongPosition(0), y = c.getLongPosition(1), ch = c.getLongPosition(2);
			boolean inside = x >= 2 && x <= 5 && y >= 3 && y <= 6 && ch >= 1;
			assertEquals(inside ? code(0, ch, y, x) : 0, c.get().get(), "at " + x + "," + y + "," + ch);
		}
	}

	@Test
	void stackPutsExampleChannelRowColumnWhereNchwSays() {
		List<ArrayImg<FloatType, FloatArray>> imgs = Arrays.asList(coded(4, 3, 2, 0), coded(4, 3, 2, 1), coded(4,
			3, 2, 2));
		INDArray batch = Tensors.stack(imgs, 0, 1);
		assertArrayEquals(new long[] { 3, 2, 3, 4 }, batch.shape());
		assertEquals(code(0, 0, 0, 0), batch.getFloat(0, 0, 0, 0));
		assertEquals(code(1, 1, 2, 3), batch.getFloat(1, 1, 2, 3));
		assertEquals(code(2, 0, 1, 2), batch.getFloat(2, 0, 1, 2));
		assertEquals(code(2, 1, 0, 3), batch.getFloat(2, 1, 0, 3));
		// flat index of (n, c, y, x) in a 'c' array is x + W (y + H (c + C n))
		assertEquals(code(1, 1, 2, 3), batch.data().getFloat(3 + 4 * (2 + 3 * (1 + 2 * 1))));
		for (int n = 0; n < 3; n++)
			assertArrayEquals(imgs.get(n).update(null).getCurrentStorageArray(), Tensors.toImg(batch, n).update(null)
				.getCurrentStorageArray());
	}

	@Test
	void stackRejectsImagesOfDifferentSizes() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensors.stack(Arrays.asList(
			coded(4, 3, 1, 0), coded(3, 4, 1, 0)), 0, 1));
		assertTrue(e.getMessage().contains("image 1 is 3x4x1"), e.getMessage());
	}

	@Test
	void readsViewsAndFOrderAndOtherDataTypes() {
		INDArray batch = Tensors.stack(Arrays.asList(coded(4, 3, 2, 0), coded(4, 3, 2, 1)), 0, 1);

		INDArray f = batch.dup('f');
		assertArrayEquals(coded(4, 3, 2, 1).update(null).getCurrentStorageArray(), Tensors.toImg(f, 1).update(null)
			.getCurrentStorageArray());

		// a strided view: example 1, every other column (x = 0, 2)
		INDArray view = batch.get(NDArrayIndex.interval(1, 2), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex
			.interval(0, 2, 4));
		assertTrue(view.isView());
		ArrayImg<FloatType, FloatArray> img = Tensors.toImg(view, 0);
		assertArrayEquals(new long[] { 2, 3, 2 }, img.dimensionsAsLongArray());
		assertEquals(code(1, 1, 2, 2), img.getAt(1, 2, 1).get());
		assertEquals(code(1, 0, 1, 0), img.getAt(0, 1, 0).get());

		// a contiguous view with an offset: example 1 of 2
		INDArray second = batch.get(NDArrayIndex.interval(1, 2), NDArrayIndex.all(), NDArrayIndex.all(),
			NDArrayIndex.all());
		assertEquals(code(1, 1, 2, 3), Tensors.toImg(second, 0).getAt(3, 2, 1).get());

		// a rank 3 [C, H, W] tensor, and doubles
		INDArray chw = batch.slice(1).castTo(DataType.DOUBLE);
		assertEquals(code(1, 1, 1, 2), Tensors.toImg(chw, 0).getAt(2, 1, 1).get());
	}

	@Test
	void copyIntoTwoDimensionalImageAndGeneralTarget() {
		INDArray t = Nd4j.create(new float[] { 1, 2, 3, 4, 5, 6 }, new long[] { 1, 1, 2, 3 }, 'c');
		Img<FloatType> plain = new CellImgFactory<>(new FloatType(), 2).create(3, 2);
		Tensors.copyInto(t, 0, plain, 1, 10);
		RandomAccess<FloatType> ra = plain.randomAccess();
		assertEquals(11f, ra.setPositionAndGet(0, 0).get());
		assertEquals(31f, ra.setPositionAndGet(2, 0).get());
		assertEquals(41f, ra.setPositionAndGet(0, 1).get());
		assertEquals(61f, ra.setPositionAndGet(2, 1).get());
		assertThrows(IllegalArgumentException.class, () -> Tensors.copyInto(t, 0, ArrayImgs.floats(2, 3), 0, 1));
		assertThrows(IndexOutOfBoundsException.class, () -> Tensors.toImg(t, 1));
	}
}
