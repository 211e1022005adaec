package org.revivegan.core.restore;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.revivegan.core.image.Masks;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.provenance.Provenance;
import org.revivegan.testing.TinyModels;

/** The restoration pipeline on tiny images and tiny untrained models. */
class RestorationTest {

	private static final ModelFile INPAINT = TinyModels.model(Task.INPAINT), COLORIZE = TinyModels.model(
		Task.COLORIZE);
	private static final int W = 37, H = 23;

	/** @return an 8-bit gray photo with a texture */
	private static ArrayImg<UnsignedByteType, ByteArray> grayBytes() {
		byte[] p = new byte[W * H];
		for (int i = 0; i < p.length; i++)
			p[i] = (byte) ((i * 37 + (i / W) * 11) % 251);
		return ArrayImgs.unsignedBytes(p, W, H);
	}

	/** @return a float (x, y, 3) photo in [0, 1]; gray when {@code colour} is false */
	private static ArrayImg<FloatType, FloatArray> rgb(boolean colour) {
		float[] p = new float[W * H * 3];
		for (int c = 0; c < 3; c++)
			for (int i = 0; i < W * H; i++)
				p[c * W * H + i] = ((i * 13 + (i / W) * 7 + (colour ? c * 50 : 0)) % 200) / 200f;
		return ArrayImgs.floats(p, W, H, 3);
	}

	/** @return a 0/1 mask: a rectangle and a short stroke */
	private static ArrayImg<UnsignedByteType, ByteArray> mask() {
		ArrayImg<UnsignedByteType, ByteArray> m = ArrayImgs.unsignedBytes(W, H);
		byte[] b = m.update(null).getCurrentStorageArray();
		for (int y = 5; y < 12; y++)
			for (int x = 8; x < 15; x++)
				b[y * W + x] = 1;
		for (int x = 20; x < 30; x++)
			b[17 * W + x] = 1;
		return m;
	}

	private static <T extends RealType<T>> float[] values(RandomAccessibleInterval<T> img) {
		List<Float> v = new ArrayList<>();
		net.imglib2.view.Views.flatIterable(img).forEach(t -> v.add(t.getRealFloat()));
		float[] out = new float[v.size()];
		for (int i = 0; i < out.length; i++)
			out[i] = v.get(i);
		return out;
	}

	private static Planes planes(List<Plane<?>> planes) {
		return new Planes() {

			@Override
			public int count() {
				return planes.size();
			}

			@Override
			public Plane<?> plane(int index) {
				return planes.get(index);
			}
		};
	}

	@Test
	void inpaintingWritesOnlyTheDamagedPixelsAndMapsThem() {
		ArrayImg<UnsignedByteType, ByteArray> in = grayBytes(), out = grayBytes(), mask = mask();
		byte[] before = in.update(null).getCurrentStorageArray().clone();
		InpaintResult r = Restoration.inpaint(new InpaintRequest(INPAINT).mask(mask, "selection").input("old.tif", W,
			H, 1), planes(List.of(Plane.of(in, 255).inpaintingInto(Plane.of(out, 255)))), Progress.NONE);
		byte[] m = mask.update(null).getCurrentStorageArray(), o = out.update(null).getCurrentStorageArray();
		assertArrayEquals(before, in.update(null).getCurrentStorageArray(), "the input is not modified");
		for (int i = 0; i < o.length; i++)
			if (m[i] == 0) assertEquals(before[i], o[i], "pixel " + i + " outside the mask");
		byte[] map = ((ArrayImg<UnsignedByteType, ByteArray>) r.map()).update(null).getCurrentStorageArray();
		for (int i = 0; i < map.length; i++)
			assertEquals(m[i] != 0 ? (byte) 255 : 0, map[i], "map pixel " + i);
		assertNull(r.images().get(0), "written into the plane's output, no new image");
		long damaged = Masks.count(mask);
		assertEquals(damaged, r.synthesizedPixels());
		Provenance p = r.provenance();
		assertEquals(Provenance.Operation.INPAINT, p.operation());
		assertEquals("old.tif", p.inputName());
		assertEquals(W, p.inputWidth());
		assertEquals(H, p.inputHeight());
		assertEquals(1, p.inputPlanes());
		assertEquals(damaged, p.synthesizedPixels());
		assertEquals("selection", p.parameters().get("mask"));
		assertEquals(0L, p.parameters().get("dilate"));
		assertFalse(p.parameters().containsKey("adaptSeconds"), "no adaptation, none recorded");
		assertEquals(List.of("inpaint"), p.models().stream().map(Provenance.Model::role).collect(
			java.util.stream.Collectors.toList()));
	}

	@Test
	void planesWithoutAnOutputGiveNewImagesEqualOutsideTheGrownMask() {
		ArrayImg<FloatType, FloatArray> photo = rgb(true);
		float[] before = photo.update(null).getCurrentStorageArray().clone();
		List<String> events = new ArrayList<>();
		InpaintResult r = Restoration.inpaint(new InpaintRequest(INPAINT).mask(mask(), "mask.png").dilate(1).listener(
			new InpaintRequest.Listener() {

				@Override
				public void maskReady(int plane, RandomAccessibleInterval<? extends RealType<?>> used, long damaged) {
					events.add("mask " + plane + " " + damaged);
				}

				@Override
				public void inpainted(InpaintResult result) {
					events.add("done " + result.synthesizedPixels());
				}
			}), Planes.of(List.of(photo, photo)), Progress.NONE);
		Img<UnsignedByteType> grown = Masks.dilateToBytes(mask(), 1);
		long n = Masks.count(grown);
		assertEquals(List.of("mask 0 " + n, "mask 1 " + n, "done " + 2 * n), events);
		assertEquals(2 * n, r.synthesizedPixels(), "summed over the planes");
		assertEquals(1L, r.provenance().parameters().get("dilate"));
		float[] g = values(grown), map = values(r.map());
		for (int i = 0; i < g.length; i++)
			assertEquals(g[i] != 0 ? 255 : 0, map[i], "the map is the grown mask, pixel " + i);
		for (Img<FloatType> page : r.images()) {
			float[] o = values(page);
			for (int c = 0; c < 3; c++)
				for (int i = 0; i < W * H; i++)
					if (g[i] == 0) assertEquals(Float.floatToIntBits(before[c * W * H + i]), Float.floatToIntBits(o[c * W *
						H + i]), "channel " + c + " pixel " + i);
		}
		assertArrayEquals(before, photo.update(null).getCurrentStorageArray(), "the input is not modified");
	}

	@Test
	void eachPlaneCanBringItsOwnMaskAndUndamagedPlanesAreLeftAlone() {
		ArrayImg<UnsignedByteType, ByteArray> a = grayBytes(), b = grayBytes(), outA = grayBytes(), outB = grayBytes();
		byte[] untouched = outB.update(null).getCurrentStorageArray().clone();
		InpaintResult r = Restoration.inpaint(new InpaintRequest(INPAINT).mask(null, "nan"), planes(List.of(Plane.of(a,
			255).inpaintingInto(Plane.of(outA, 255)).withOwnMask(RestorationTest::mask), Plane.of(b, 255).inpaintingInto(
				Plane.of(outB, 255)).withOwnMask(() -> ArrayImgs.unsignedBytes(W, H)))), Progress.NONE);
		assertEquals(Masks.count(mask()), r.synthesizedPixels());
		assertArrayEquals(untouched, outB.update(null).getCurrentStorageArray());
		assertEquals("nan", r.provenance().parameters().get("mask"));
	}

	@Test
	void anEmptyMaskIsRefused() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Restoration.inpaint(
			new InpaintRequest(INPAINT).mask(ArrayImgs.unsignedBytes(W, H), "selection"), Planes.of(List.of(rgb(false))),
			Progress.NONE));
		assertTrue(e.getMessage().contains("nothing to inpaint"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> new InpaintRequest(COLORIZE), "a colourisation model");
	}

	@Test
	void colourisationKeepsTheLightnessAndRecordsItsSettings() {
		ColorizeResult r = Restoration.colorize(new ColorizeRequest(COLORIZE).workingSize(32).vividness(1.5)
			.recordKeys("size", "palette").input("gray.png", W, H, 1), Planes.of(List.of(rgb(false))), Progress.NONE);
		Img<FloatType> out = r.images().get(0);
		assertArrayEquals(new long[] { W, H, 3 }, net.imglib2.util.Intervals.dimensionsAsLongArray(out));
		Provenance p = r.provenance();
		assertEquals(Provenance.Operation.COLORIZE, p.operation());
		assertEquals(32L, p.parameters().get("size"));
		assertEquals(1.5, p.parameters().get("vividness"));
		assertFalse(p.parameters().containsKey("workingSize"));
		assertFalse(p.parameters().containsKey("hints"), "no hints, none recorded");
		assertEquals("gray.png", p.inputName());
		assertThrows(IllegalArgumentException.class, () -> new ColorizeRequest(COLORIZE).workingSize(8),
			"a working size is checked when it is set");
	}

	@Test
	void aDetectedMaskRecordsTheDetectorFirstAndItsSettingsAfterTheMask() {
		ModelFile detector = TinyModels.model(Task.DETECT);
		Provenance p = Restoration.inpaint(new InpaintRequest(INPAINT).mask(mask(), "detected").detectedBy(detector,
			0.4, 12).dilate(1), Planes.of(List.of(rgb(false))), Progress.NONE).provenance();
		assertEquals(List.of("detect", "inpaint"), p.models().stream().map(Provenance.Model::role).collect(
			java.util.stream.Collectors.toList()));
		assertEquals(List.of("mask", "threshold", "minSize", "dilate"), new ArrayList<>(p.parameters().keySet()));
		assertEquals(0.4, p.parameters().get("threshold"));
		assertEquals(12L, p.parameters().get("minSize"));
	}

	@Test
	void aColourisersOwnSettingsGiveItsPixelsAndAreRecorded() {
		org.revivegan.core.infer.Colorizer colorizer = new org.revivegan.core.infer.Colorizer(COLORIZE)
			.withWorkingSize(24).withVividness(2).withHintPropagation(null);
		ArrayImg<FloatType, FloatArray> gray = rgb(false);
		ColorizeResult r = Restoration.colorize(new ColorizeRequest(colorizer), Planes.of(List.of(gray)),
			Progress.NONE);
		assertArrayEquals(values(colorizer.colorize(gray, 1, Progress.NONE)), values(r.images().get(0)));
		assertEquals(24L, r.provenance().parameters().get("workingSize"));
		assertEquals(2.0, r.provenance().parameters().get("vividness"));
		org.revivegan.core.color.ColorHints hints = org.revivegan.core.color.ColorHintsCsv.parse("3,4,2,200,40,40",
			"test");
		assertEquals(false, Restoration.colorize(new ColorizeRequest(colorizer).hints(hints, "test"), Planes.of(List
			.of(gray)), Progress.NONE).provenance().parameters().get("hintSpread"), "the colouriser spreads no hints");
	}

	@Test
	void aGrayPhotoIsInpaintedThenColoured() {
		ArrayImg<FloatType, FloatArray> gray = rgb(false);
		Planes planes = Planes.of(List.of(gray));
		assertFalse(Restoration.hasColour(planes));
		RestoreResult r = Restoration.restore(new InpaintRequest(INPAINT).mask(mask(), "m").input("gray", W, H, 1),
			new ColorizeRequest(COLORIZE).workingSize(32), planes, null, Progress.NONE);
		assertNotNull(r.colorization());
		Provenance p = r.provenance();
		assertEquals(Provenance.Operation.RESTORE, p.operation());
		assertTrue(p.allChromaSynthesized());
		assertEquals(Masks.count(mask()), p.synthesizedPixels());
		assertEquals(2, p.models().size(), "both models");
		assertEquals("gray", p.inputName(), "the inpainting's input");
		assertNull(p.note());
		assertEquals(3, r.colorization().images().get(0).dimension(2));
	}

	@Test
	void aColourPhotoIsOnlyInpainted() {
		ArrayImg<FloatType, FloatArray> colour = rgb(true);
		Planes planes = Planes.of(List.of(colour));
		assertTrue(Restoration.hasColour(planes));
		RestoreResult r = Restoration.restore(new InpaintRequest(INPAINT).mask(mask(), "m"), null, planes, null,
			Progress.NONE);
		assertNull(r.colorization());
		assertEquals(RestoreResult.NOT_RECOLOURED, r.provenance().note());
		assertEquals(Provenance.Operation.RESTORE, r.provenance().operation());
		assertFalse(r.provenance().allChromaSynthesized());
		assertEquals(1, r.provenance().models().size());
		assertEquals(r.inpainting().synthesizedPixels(), r.provenance().synthesizedPixels());
		assertTrue(Restoration.hasColour(new Planes() {

			@Override
			public int count() {
				return 1;
			}

			@Override
			public Plane<?> plane(int index) {
				return Plane.of(grayBytes(), 255);
			}

			@Override
			public boolean channelsAreColours() {
				return true;
			}
		}), "the channels of a composite are colour");
	}
}
