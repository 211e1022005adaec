package org.revivegan.fiji;

import static org.junit.jupiter.api.Assertions.*;

import ij.ImagePlus;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.gui.ShapeRoi;
import ij.plugin.frame.RoiManager;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;

import java.awt.Color;

import org.junit.jupiter.api.Test;
import org.revivegan.core.color.ColorHints;
import org.revivegan.core.color.Lab;
import org.revivegan.fiji.ColorHintSources.HintSource;
import org.revivegan.fiji.ColorHintSources.Resolved;

class ColorHintSourcesTest {

	private static final int W = 40, H = 30;

	private static float[] ab(Color c) {
		float[] lab = Lab.rgbToLab(c.getRed() / 255f, c.getGreen() / 255f, c.getBlue() / 255f);
		return new float[] { lab[1], lab[2] };
	}

	private static void assertAb(Color expected, ColorHints.Hint h) {
		float[] ab = ab(expected);
		assertEquals(ab[0], h.a, 1e-3, "a of " + h);
		assertEquals(ab[1], h.b, 1e-3, "b of " + h);
	}

	private static <T extends Roi> T colored(T roi, Color c) {
		roi.setStrokeColor(c);
		return roi;
	}

	@Test
	void multiPointGivesOneSquarePerPointWithTheStrokeColour() {
		PointRoi points = colored(new PointRoi(new int[] { 5, 20 }, new int[] { 6, 12 }, 2), Color.RED);
		ColorHints h = ColorHintSources.fromRois(new Roi[] { points }, W, H, 2, null, null);
		assertEquals(2, h.size());
		ColorHints.Hint first = h.hints().get(0);
		assertEquals(3, first.x);
		assertEquals(4, first.y);
		assertEquals(5, first.width);
		assertEquals(25, first.pixelCount());
		assertAb(Color.RED, first);
		assertEquals(18, h.hints().get(1).x);
		assertEquals(1, ColorHintSources.fromRois(new Roi[] { colored(new PointRoi(5, 6), Color.RED) }, W, H, 0, null,
			null).hints().get(0).pixelCount(), "radius 0: one pixel");
	}

	@Test
	void rectangleOvalAndCompositeHintExactlyTheirPixels() {
		Roi rect = colored(new Roi(2, 3, 6, 4), Color.BLUE);
		Roi oval = new OvalRoi(10, 10, 12, 12);
		oval.setFillColor(Color.GREEN); // a fill colour counts when there is no stroke colour
		Roi ring = colored(new ShapeRoi(new Roi(25, 2, 10, 10)).not(new ShapeRoi(new Roi(28, 5, 4, 4))), Color.ORANGE);
		ColorHints h = ColorHintSources.fromRois(new Roi[] { rect, oval, ring }, W, H, 2, null, null);
		assertEquals(3, h.size());
		assertEquals(24, h.hints().get(0).pixelCount());
		assertAb(Color.BLUE, h.hints().get(0));
		ColorHints.Hint o = h.hints().get(1);
		assertEquals(Math.PI * 36, o.pixelCount(), 10);
		assertTrue(o.covers(16, 16));
		assertFalse(o.covers(10, 10), "the bounding box's corner is outside the oval");
		assertAb(Color.GREEN, o);
		ColorHints.Hint r = h.hints().get(2);
		assertEquals(100 - 16, r.pixelCount());
		assertFalse(r.covers(30, 7), "the ring's hole is not hinted");
		assertTrue(r.covers(25, 2));
		assertAb(Color.ORANGE, r);
	}

	@Test
	void aRoiWithoutColourIsReportedByNameUnlessAFallbackIsGiven() {
		Roi plain = new Roi(1, 1, 3, 3);
		plain.setName("cheek");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ColorHintSources.fromRois(
			new Roi[] { colored(new PointRoi(3, 3), Color.RED), plain }, W, H, 1, null, null));
		assertTrue(e.getMessage().startsWith("ROI 'cheek' has no colour"), e.getMessage());
		assertTrue(e.getMessage().contains("Edit > Selection > Properties"), e.getMessage());
		IllegalArgumentException unnamed = assertThrows(IllegalArgumentException.class, () -> ColorHintSources
			.fromRois(new Roi[] { new OvalRoi(1, 1, 4, 4) }, W, H, 1, null, null));
		assertTrue(unnamed.getMessage().startsWith("ROI '#1 (oval)' has no colour"), unnamed.getMessage());
		ColorHints h = ColorHintSources.fromRois(new Roi[] { plain }, W, H, 1, null, Color.MAGENTA);
		assertAb(Color.MAGENTA, h.hints().get(0));
	}

	@Test
	void aRoiOutsideTheImageIsReported() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ColorHintSources.fromRois(
			new Roi[] { colored(new Roi(W + 5, 0, 4, 4), Color.RED) }, W, H, 1, null, null));
		assertTrue(e.getMessage().contains("lies outside the 40x30 image"), e.getMessage());
	}

	@Test
	void referenceGivesTheMeanChromaUnderTheRoiAndOverridesItsColour() {
		ColorProcessor cp = new ColorProcessor(W, H);
		cp.setColor(Color.RED);
		cp.fill();
		cp.setColor(Color.BLUE);
		cp.setRoi(0, 0, W / 2, H);
		cp.fill(); // left half blue, right half red
		ImagePlus ref = new ImagePlus("reference", cp);
		ColorHints h = ColorHintSources.fromRois(new Roi[] { colored(new Roi(2, 2, 5, 5), Color.GREEN), new PointRoi(30,
			10) }, W, H, 1, ref, null);
		assertAb(Color.BLUE, h.hints().get(0));
		assertAb(Color.RED, h.hints().get(1));
		// a ROI across the border: the mean of the pixels' a and b, weighted by their counts (6 blue, 4 red)
		float[] mean = ColorHintSources.meanAb(ref, new Roi(W / 2 - 6, 0, 10, 1));
		float[] blue = ab(Color.BLUE), red = ab(Color.RED);
		assertEquals(0.6 * blue[0] + 0.4 * red[0], mean[0], 1e-3);
		assertEquals(0.6 * blue[1] + 0.4 * red[1], mean[1], 1e-3);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ColorHintSources.fromRois(
			new Roi[] { new PointRoi(1, 1) }, W + 1, H, 1, ref, null));
		assertTrue(e.getMessage().contains("is 40x30 but the photo is 41x30"), e.getMessage());
	}

	@Test
	void resolveReadsTheNamedSourceAndSaysWhatIsMissing() {
		ImagePlus imp = new ImagePlus("old.tif", new ByteProcessor(W, H));
		assertEquals(0, ColorHintSources.resolve("none", imp, null, null, 2, null).count());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ColorHintSources.resolve(
			"roi-manager", imp, new Roi[0], null, 2, null));
		assertTrue(e.getMessage().contains("ROI Manager is empty"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> ColorHintSources.resolve("overlay", imp, null, null, 2, null));
		assertThrows(IllegalArgumentException.class, () -> ColorHintSources.resolve("selection", imp, null, null, 2, null));
		assertThrows(IllegalArgumentException.class, () -> HintSource.parse("lasso"));
		assertEquals(HintSource.ROI_MANAGER, HintSource.parse("ROI Manager"));

		Overlay o = new Overlay(colored(new Roi(1, 1, 2, 2), Color.RED));
		Roi outline = new Roi(0, 0, W, H);
		outline.setName(ProvenanceImages.ROI_NAME); // ReviveGAN's outline of invented pixels is not a hint
		o.add(outline);
		imp.setOverlay(o);
		Resolved r = ColorHintSources.resolve("overlay", imp, null, null, 2, null);
		assertEquals(HintSource.OVERLAY, r.source());
		assertEquals(1, r.count());
		imp.setRoi(colored(new PointRoi(new int[] { 3, 9, 15 }, new int[] { 3, 3, 3 }, 3), Color.YELLOW));
		assertEquals(3, ColorHintSources.resolve("selection", imp, null, null, 2, null).count());
		Resolved m = ColorHintSources.resolve("roi-manager", imp, new Roi[] { colored(new Roi(1, 1, 2, 2), Color.RED),
			colored(new PointRoi(5, 5), Color.RED) }, null, 2, null);
		assertEquals(2, m.count());
		assertEquals(2, m.rois());
		assertEquals("roi-manager", m.describe(null));
	}

	@Test
	void managerRoisAreTheSelectedOnesElseAll() {
		RoiManager rm = HeadlessRoiManager.install();
		try {
			assertEquals(0, ColorHintSources.managerRois().length);
			rm.addRoi(new Roi(1, 1, 2, 2));
			rm.addRoi(new PointRoi(5, 5));
			assertEquals(2, ColorHintSources.managerRois().length);
			rm.select(1);
			Roi[] selected = ColorHintSources.managerRois();
			assertEquals(1, selected.length);
			assertTrue(selected[0] instanceof PointRoi);
		}
		finally {
			HeadlessRoiManager.uninstall();
		}
		assertEquals(0, ColorHintSources.managerRois().length, "no ROI Manager: no ROIs, no window");
	}
}
