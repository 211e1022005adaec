package org.revivegan.fiji;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Optional;

import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.gui.Roi;
import ij.process.ByteProcessor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.revivegan.mask.DamageMask;

/** The Damage Brush tool, headless: strokes in image coordinates, the per-image registry, the overlay. */
class DamageBrushToolTest {

	private static ImagePlus image(int w, int h) {
		return new ImagePlus("photo", new ByteProcessor(w, h));
	}

	@AfterEach
	void restoreStyle() {
		DamageMasks.setOverlayStyle(DamageMasks.DEFAULT_COLOR, DamageMasks.DEFAULT_OPACITY);
	}

	private static DamageBrushTool tool(int size) {
		DamageBrushTool tool = new DamageBrushTool();
		tool.setBrushSize(size);
		return tool;
	}

	@Test
	void paintingSetsMaskPixelsAlongTheStroke() {
		ImagePlus imp = image(40, 30);
		DamageBrushTool tool = tool(3);
		tool.beginStroke(imp, 5.5, 10.5, false);
		tool.continueStroke(imp, 30.5, 10.5);
		tool.endStroke(imp);
		DamageMask mask = DamageMasks.find(imp).orElseThrow();
		assertEquals(40, mask.width());
		assertEquals(30, mask.height());
		for (int x = 5; x <= 30; x++)
			assertTrue(mask.isSet(x, 10), "painted at x=" + x);
		assertFalse(mask.isSet(20, 20));
		assertFalse(mask.isSet(2, 10));
		assertEquals(1, mask.undoDepth(), "one stroke is one undo step");
	}

	@Test
	void altErasesAndTheModeIsPerStroke() {
		ImagePlus imp = image(20, 20);
		DamageBrushTool tool = tool(5);
		tool.beginStroke(imp, 10.5, 10.5, false);
		tool.endStroke(imp);
		DamageMask mask = DamageMasks.forImage(imp);
		long painted = mask.count();
		assertTrue(painted > 9, "a size-5 dab covers more than 9 pixels: " + painted);
		tool.beginStroke(imp, 10.5, 10.5, true);
		tool.endStroke(imp);
		assertEquals(0, mask.count(), "Alt erased the dab");
		tool.beginStroke(imp, 3.5, 3.5, false);
		tool.endStroke(imp);
		assertTrue(mask.isSet(3, 3), "the next stroke without Alt paints again");
	}

	@Test
	void overlayIsNamedAndTranslucentRedExactlyWherePainted() {
		ImagePlus imp = image(16, 12);
		DamageBrushTool tool = tool(1);
		assertNull(DamageOverlay.findRoi(imp), "no overlay before painting");
		tool.beginStroke(imp, 4.5, 6.5, false);
		tool.continueStroke(imp, 9.5, 6.5);
		tool.endStroke(imp);
		Roi roi = DamageOverlay.findRoi(imp);
		assertTrue(roi instanceof ImageRoi, "an ImageRoi named " + DamageOverlay.ROI_NAME);
		assertEquals(DamageOverlay.ROI_NAME, roi.getName());
		assertEquals(1, imp.getOverlay().size());

		// draw the overlay ROI the way the canvas does (magnification 1) over white, and read the colours
		BufferedImage screen = new BufferedImage(16, 12, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = screen.createGraphics();
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, 16, 12);
		roi.draw(g);
		g.dispose();
		int alpha = (int) Math.round(255 * DamageMasks.DEFAULT_OPACITY);
		int expectedGreen = 255 - alpha; // red over white at alpha: red stays 255, green and blue fall
		for (int y = 0; y < 12; y++)
			for (int x = 0; x < 16; x++) {
				Color c = new Color(screen.getRGB(x, y));
				if (y == 6 && x >= 4 && x <= 9) {
					assertEquals(255, c.getRed(), "red at " + x + "," + y);
					assertEquals(expectedGreen, c.getGreen(), 2, "translucent at " + x + "," + y);
					assertEquals(expectedGreen, c.getBlue(), 2);
				} else {
					assertEquals(Color.WHITE, c, "unpainted pixel " + x + "," + y + " untouched");
				}
			}
	}

	@Test
	void overlayFollowsUndoRedoAndColourChanges() {
		ImagePlus imp = image(10, 10);
		DamageBrushTool tool = tool(1);
		tool.beginStroke(imp, 2.5, 2.5, false);
		tool.endStroke(imp);
		DamageOverlay overlay = DamageMasks.overlayOf(imp);
		assertEquals(1, overlay.damagedCount());
		assertTrue(tool.undo(imp));
		assertEquals(0, overlay.damagedCount());
		assertNull(DamageOverlay.findRoi(imp), "undoing the only stroke takes the overlay away");
		assertTrue(DamageMasks.find(imp).isEmpty(), "nothing painted any more");
		assertTrue(tool.redo(imp));
		assertNotNull(DamageOverlay.findRoi(imp));
		assertFalse(tool.redo(imp), "nothing left to redo");

		DamageMasks.setOverlayStyle(Color.BLUE, 1.0);
		assertEquals(0xFF0000FF, overlay.view().getRGB(2, 2), "opaque blue where painted");
		assertEquals(0, overlay.view().getRGB(3, 3) >>> 24, "transparent elsewhere");
		assertEquals(1, imp.getOverlay().size(), "restyling replaces the ROI, it does not add one");
	}

	@Test
	void clearRemovesDamageAndOverlayAndIsUndoable() {
		ImagePlus imp = image(12, 12);
		DamageBrushTool tool = tool(3);
		tool.beginStroke(imp, 6, 6, false);
		tool.endStroke(imp);
		long painted = DamageMasks.forImage(imp).count();
		assertFalse(DamageMasks.clear(imp).isEmpty());
		assertTrue(DamageMasks.find(imp).isEmpty());
		assertNull(DamageOverlay.findRoi(imp), "clear removes the overlay");
		assertTrue(DamageMasks.clear(imp).isEmpty(), "clearing an empty mask changes nothing");
		assertTrue(DamageMasks.undo(imp));
		assertEquals(painted, DamageMasks.find(imp).orElseThrow().count(), "undo brings the damage back");
		assertNotNull(DamageOverlay.findRoi(imp));
	}

	@Test
	void registryIsEmptyBeforePaintingAndPerImage() {
		ImagePlus a = image(8, 8), b = image(8, 8);
		assertEquals(Optional.empty(), DamageMasks.find(a));
		assertEquals(Optional.empty(), DamageMasks.find(null));
		assertFalse(DamageMasks.undo(a), "nothing to undo on an unpainted image");
		DamageMask maskA = DamageMasks.forImage(a);
		assertSame(maskA, DamageMasks.forImage(a), "one mask per image");
		assertTrue(DamageMasks.find(a).isEmpty(), "an empty mask counts as nothing painted");
		DamageBrushTool tool = tool(1);
		tool.beginStroke(a, 1.5, 1.5, false);
		tool.endStroke(a);
		assertTrue(DamageMasks.find(a).isPresent());
		assertTrue(DamageMasks.find(b).isEmpty(), "painting one image leaves the other alone");
		assertNotSame(maskA, DamageMasks.forImage(b));
		assertNull(DamageOverlay.findRoi(b));
	}

	@Test
	void maskSizeFollowsTheImage() {
		ImagePlus imp = image(20, 10);
		DamageBrushTool tool = tool(1);
		tool.beginStroke(imp, 1.5, 1.5, false);
		tool.endStroke(imp);
		imp.setProcessor(new ByteProcessor(7, 5)); // as after a crop
		assertTrue(DamageMasks.find(imp).isEmpty(), "damage painted at the old size no longer lines up");
		DamageMask resized = DamageMasks.forImage(imp);
		assertEquals(7, resized.width());
		assertEquals(5, resized.height());
		assertEquals(0, resized.count());
		assertNull(DamageOverlay.findRoi(imp), "the old overlay is gone");
	}

	@Test
	void strokeOutsideTheImageIsClippedAndSizeIsChecked() {
		ImagePlus imp = image(10, 10);
		DamageBrushTool tool = tool(4);
		tool.beginStroke(imp, -1, -1, false);
		tool.continueStroke(imp, 0.5, 0.5);
		tool.endStroke(imp);
		assertTrue(DamageMasks.find(imp).orElseThrow().isSet(0, 0));
		assertThrows(IllegalArgumentException.class, () -> tool.setBrushSize(0));
		assertEquals(4, tool.getBrushSize());
		assertEquals("Damage Brush", tool.getToolName());
		assertTrue(tool.getToolIcon().matches("(C[0-9a-f]{3}|L[0-9a-f]{4}|V[0-9a-f]{4})+"), tool.getToolIcon());
	}
}
