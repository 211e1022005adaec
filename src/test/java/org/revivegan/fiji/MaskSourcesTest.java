package org.revivegan.fiji;

import static org.junit.jupiter.api.Assertions.*;
import static org.revivegan.core.image.Masks.count;

import java.awt.geom.Ellipse2D;

import org.junit.jupiter.api.Test;
import org.revivegan.core.image.Masks;
import org.revivegan.fiji.MaskSources.MaskSource;
import org.revivegan.fiji.MaskSources.Resolved;

import ij.ImagePlus;
import ij.gui.Line;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.PolygonRoi;
import ij.gui.Roi;
import ij.gui.ShapeRoi;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;

class MaskSourcesTest {

	private static final int W = 60, H = 40;

	private static int at(Img<UnsignedByteType> m, int x, int y) {
		RandomAccess<UnsignedByteType> ra = m.randomAccess();
		return ra.setPositionAndGet(x, y).get();
	}

	/** The core's empty-mask refusal speaks of the mask; Fiji adds its own ways of marking damage. */
	@Test
	void theEmptyMaskMessageGetsFijisHint() {
		String core = org.revivegan.core.infer.Inpainter.EMPTY_MASK;
		assertFalse(core.contains("Damage Brush"), core);
		String shown = MaskSources.explain(core);
		assertTrue(shown.startsWith(core) && shown.contains("Damage Brush") && shown.contains("ROI Manager"), shown);
		assertEquals("Another refusal.", MaskSources.explain("Another refusal."), "other messages pass unchanged");
	}

	@Test
	void rectangleMarksExactlyItsPixelsWithOnes() {
		Img<UnsignedByteType> m = MaskSources.fromRoi(new Roi(10, 5, 7, 4), W, H);
		assertArrayEquals(new long[] { W, H }, m.dimensionsAsLongArray());
		assertEquals(28, count(m));
		assertEquals(1, at(m, 10, 5));
		assertEquals(1, at(m, 16, 8));
		assertEquals(0, at(m, 17, 8));
		assertEquals(0, at(m, 9, 5));
	}

	@Test
	void rectanglePartlyOutsideIsClippedAndOneFullyOutsideIsEmpty() {
		assertEquals(5 * 4, count(MaskSources.fromRoi(new Roi(-5, -6, 10, 10), W, H)));
		assertEquals(0, count(MaskSources.fromRoi(new Roi(W + 3, 0, 5, 5), W, H)));
	}

	@Test
	void ovalMatchesItsArea() {
		Img<UnsignedByteType> m = MaskSources.fromRoi(new OvalRoi(10, 10, 20, 20), W, H);
		assertEquals(Math.PI * 100, count(m), 20);
		assertEquals(1, at(m, 20, 20));
		assertEquals(0, at(m, 10, 10), "corner of the bounding box is outside the oval");
	}

	@Test
	void polygonAndFreehand() {
		PolygonRoi triangle = new PolygonRoi(new int[] { 0, 20, 0 }, new int[] { 0, 0, 20 }, 3, Roi.POLYGON);
		assertEquals(200, count(MaskSources.fromRoi(triangle, W, H)), 15);
		PolygonRoi freehand = new PolygonRoi(new int[] { 30, 40, 40, 30 }, new int[] { 10, 10, 20, 20 }, 4,
			Roi.FREEROI);
		assertEquals(100, count(MaskSources.fromRoi(freehand, W, H)));
	}

	@Test
	void compositeShapeRoiAndBrushLikeShape() {
		ShapeRoi a = new ShapeRoi(new Roi(0, 0, 10, 10));
		ShapeRoi b = new ShapeRoi(new Roi(20, 0, 10, 10));
		Roi union = a.or(b);
		assertEquals(200, count(MaskSources.fromRoi(union, W, H)));
		// a ring: outer square minus inner square
		Roi ring = new ShapeRoi(new Roi(30, 10, 20, 20)).not(new ShapeRoi(new Roi(35, 15, 10, 10)));
		Img<UnsignedByteType> m = MaskSources.fromRoi(ring, W, H);
		assertEquals(400 - 100, count(m));
		assertEquals(0, at(m, 40, 20), "the hole is not damage");
		// a brush stroke selection is a ShapeRoi of an arbitrary shape
		Roi blob = new ShapeRoi(new Ellipse2D.Double(5, 20, 10, 10));
		assertEquals(Math.PI * 25, count(MaskSources.fromRoi(blob, W, H)), 10);
	}

	@Test
	void thickLineBecomesItsBand() {
		Line line = new Line(10, 20, 50, 20);
		line.setStrokeWidth(5);
		Img<UnsignedByteType> m = MaskSources.fromRoi(line, W, H);
		assertEquals(40 * 5, count(m), 12);
		assertEquals(1, at(m, 30, 18));
		assertEquals(1, at(m, 30, 21));
		assertEquals(0, at(m, 30, 24));
		assertEquals(0, at(m, 5, 20));
	}

	@Test
	void thinLineIsOnePixelWide() {
		Line line = new Line(10, 20, 50, 20);
		Img<UnsignedByteType> m = MaskSources.fromRoi(line, W, H);
		assertEquals(41, count(m), 2);
		assertEquals(0, at(m, 30, 21));
	}

	@Test
	void thickPolylineBecomesItsBand() {
		PolygonRoi poly = new PolygonRoi(new int[] { 5, 35, 35 }, new int[] { 5, 5, 35 }, 3, Roi.POLYLINE);
		poly.setStrokeWidth(4);
		Img<UnsignedByteType> m = MaskSources.fromRoi(poly, W, H);
		assertEquals(60 * 4, count(m), 25);
		assertEquals(1, at(m, 20, 5));
		assertEquals(1, at(m, 35, 20));
		assertEquals(0, at(m, 20, 20));
	}

	@Test
	void pointsBecomeSmallDiscs() {
		PointRoi points = new PointRoi(new int[] { 10, 40 }, new int[] { 10, 30 }, 2);
		Img<UnsignedByteType> m = MaskSources.fromRoi(points, W, H);
		int r = MaskSources.POINT_RADIUS;
		assertEquals(2 * Math.PI * r * r, count(m), 2 * 2 * Math.PI * r);
		assertEquals(1, at(m, 10, 10));
		assertEquals(1, at(m, 40, 30));
		assertEquals(0, at(m, 25, 20));
	}

	@Test
	void roisAreUnited() {
		Roi[] rois = { new Roi(0, 0, 10, 10), new Roi(5, 5, 10, 10), null };
		assertEquals(100 + 100 - 25, count(MaskSources.fromRois(rois, W, H)));
		assertEquals(0, count(MaskSources.fromRois(null, W, H)));
	}

	@Test
	void overlayIsUnited() {
		Overlay o = new Overlay();
		o.add(new Roi(0, 0, 4, 4));
		Line l = new Line(0, 30, 20, 30);
		l.setStrokeWidth(3);
		o.add(l);
		assertEquals(16 + 60, count(MaskSources.fromOverlay(o, W, H)), 6);
	}

	@Test
	void eightBitMaskImagesReadAsZeroAndOneWithoutChangingTheImage() {
		for (int[] values : new int[][] { { 0, 1 }, { 0, 255 }, { 0, 7, 128, 255 } }) {
			ByteProcessor bp = new ByteProcessor(W, H);
			byte[] px = (byte[]) bp.getPixels();
			for (int i = 0; i < px.length; i++)
				px[i] = (byte) values[(i * 7 + i / W) % values.length];
			byte[] before = px.clone();
			Img<UnsignedByteType> m = MaskSources.fromMaskImage(new ImagePlus("m", bp), W, H);
			for (int y = 0; y < H; y++)
				for (int x = 0; x < W; x++)
					assertEquals(before[y * W + x] != 0 ? 1 : 0, at(m, x, y), "values " + values.length + " at " + x);
			assertArrayEquals(before, px);
			if (values[1] != 1) { // a view: writing into it leaves the user's image alone
				m.firstElement().set(1);
				m.randomAccess().setPositionAndGet(1, 0).set(0);
				assertArrayEquals(before, px);
			}
		}
	}

	@Test
	void maskImageAnyNonZeroAndSizeChecked() {
		ShortProcessor sp = new ShortProcessor(W, H);
		sp.set(3, 4, 1);
		sp.set(50, 30, 40000);
		Img<UnsignedByteType> m = MaskSources.fromMaskImage(new ImagePlus("m", sp), W, H);
		assertEquals(2, count(m));
		assertEquals(1, at(m, 50, 30));
		ColorProcessor cp = new ColorProcessor(W, H);
		cp.set(7, 7, 0x000100);
		assertEquals(1, count(MaskSources.fromMaskImage(new ImagePlus("c", cp), W, H)));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MaskSources.fromMaskImage(
			new ImagePlus("scratches", new ByteProcessor(100, 80)), 120, 80));
		assertTrue(e.getMessage().startsWith("The mask image scratches is 100x80 but the image is 120x80"), e
			.getMessage());
	}

	@Test
	void nanAndInfinityAreDamage() {
		FloatProcessor fp = new FloatProcessor(4, 2, new float[] { 0, Float.NaN, 1, Float.POSITIVE_INFINITY, -3,
			Float.NEGATIVE_INFINITY, 2, 5 });
		Img<UnsignedByteType> m = MaskSources.fromNaN(fp);
		assertEquals(3, count(m));
		assertEquals(1, at(m, 1, 0));
		assertEquals(1, at(m, 3, 0));
		assertEquals(1, at(m, 1, 1));
	}

	@Test
	void dilateGrowsByADisc() {
		Img<UnsignedByteType> one = ArrayImgs.unsignedBytes(21, 21);
		one.randomAccess().setPositionAndGet(10, 10).set(1);
		Img<UnsignedByteType> d = MaskSources.dilate(one, 3);
		assertEquals(29, count(d), "pixels with dx^2+dy^2 <= 9");
		assertEquals(1, at(d, 13, 10));
		assertEquals(0, at(d, 13, 11));
		assertEquals(1, count(MaskSources.dilate(one, 0)));
		// a filled square grown by 2: only boundary pixels stamp, the result must equal the full stamp
		Img<UnsignedByteType> sq = MaskSources.fromRoi(new Roi(5, 5, 8, 6), 21, 21);
		Img<UnsignedByteType> g = MaskSources.dilate(sq, 2);
		assertEquals(8 * 6 + 2 * 2 * (8 + 6) + 4 * 1, count(g), "rectangle, bands, and (1,1) at each corner");
		// an irregular shape: same as stamping a disc on every pixel
		Roi ring = new ShapeRoi(new OvalRoi(2, 2, 15, 12)).not(new ShapeRoi(new Roi(6, 6, 4, 3)));
		Img<UnsignedByteType> shape = MaskSources.fromRoi(ring, 21, 21);
		Img<UnsignedByteType> grown = MaskSources.dilate(shape, 3);
		for (int y = 0; y < 21; y++)
			for (int x = 0; x < 21; x++) {
				int expected = 0;
				for (int dy = -3; dy <= 3; dy++)
					for (int dx = -3; dx <= 3; dx++) {
						int xx = x + dx, yy = y + dy;
						if (dx * dx + dy * dy <= 9 && xx >= 0 && yy >= 0 && xx < 21 && yy < 21 && at(shape, xx, yy) != 0)
							expected = 1;
					}
				assertEquals(expected, at(grown, x, y), "pixel " + x + "," + y);
			}
		assertEquals(count(Masks.dilate(sq, 2)), count(g), "the float and byte versions agree");
	}

	private static ImagePlus image() {
		return new ImagePlus("photo", new ByteProcessor(W, H));
	}

	@Test
	void autoTakesBrushThenSelectionThenManagerThenOverlayThenNaN() {
		ImagePlus imp = image();
		Overlay o = new Overlay(new Roi(0, 0, 2, 2));
		imp.setOverlay(o);
		Roi[] manager = { new Roi(0, 0, 3, 3) };
		imp.setRoi(new Roi(0, 0, 4, 4));
		Img<UnsignedByteType> brush = ArrayImgs.unsignedBytes(W, H);
		brush.randomAccess().setPositionAndGet(30, 30).set(1);

		Resolved r = MaskSources.resolve("auto", imp, manager, null, () -> brush);
		assertEquals(MaskSource.BRUSH, r.source());
		assertEquals(1, count(r.mask()));
		r = MaskSources.resolve("auto", imp, manager, null, () -> null);
		assertEquals(MaskSource.SELECTION, r.source());
		assertEquals(16, count(r.mask()));
		imp.deleteRoi();
		r = MaskSources.resolve("auto", imp, manager, null);
		assertEquals(MaskSource.ROI_MANAGER, r.source());
		assertEquals(9, count(r.mask()));
		r = MaskSources.resolve("auto", imp, new Roi[0], null);
		assertEquals(MaskSource.OVERLAY, r.source());
		assertEquals(4, count(r.mask()));

		FloatProcessor fp = new FloatProcessor(W, H);
		fp.setf(5, 5, Float.NaN);
		r = MaskSources.resolve("auto", new ImagePlus("f", fp), null, null);
		assertEquals(MaskSource.NAN, r.source());
		assertEquals(1, count(r.mask()));
	}

	@Test
	void autoWithNothingSaysWhatToDo() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MaskSources.resolve("auto",
			image(), null, null));
		assertEquals(MaskSources.NO_MASK, e.getMessage());
		assertTrue(e.getMessage().contains("Damage Brush"));
	}

	@Test
	void namedSourcesAndTheirErrors() {
		ImagePlus imp = image();
		ByteProcessor mp = new ByteProcessor(W, H);
		mp.set(1, 1, 255);
		Resolved r = MaskSources.resolve("mask-image", imp, null, new ImagePlus("m", mp));
		assertEquals(MaskSource.MASK_IMAGE, r.source());
		assertEquals(1, count(r.mask()));
		assertThrows(IllegalArgumentException.class, () -> MaskSources.resolve("selection", imp, null, null));
		imp.setRoi(new Roi(0, 0, 3, 3));
		assertEquals(9, count(MaskSources.resolve("Selection", imp, null, null).mask()));
		IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> MaskSources.resolve("nan",
			imp, null, null));
		assertTrue(nan.getMessage().contains("not a 32-bit"), nan.getMessage());
		assertEquals(MaskSource.ROI_MANAGER, MaskSource.parse("ROI Manager"));
		IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> MaskSource.parse(
			"lasso"));
		assertTrue(bad.getMessage().contains("roi-manager"), bad.getMessage());
		assertEquals(7, MaskSource.macroNames().length);
	}
}
