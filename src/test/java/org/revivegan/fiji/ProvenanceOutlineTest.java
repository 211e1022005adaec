package org.revivegan.fiji;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Rectangle;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import net.imglib2.RandomAccess;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;

/**
 * The outline of the invented pixels is traced from the map's own bytes when the map is an 8-bit array image; it
 * must be the ROI that tracing an 8-bit copy gives (the path any other map takes), and leave the map as it was.
 */
class ProvenanceOutlineTest {

	private static final int W = 53, H = 37;

	@Test
	void outlineTracedFromTheMapItselfEqualsTheCopiedPath() {
		for (int value : new int[] { 1, 255 }) {
			ArrayImg<UnsignedByteType, ByteArray> map = ArrayImgs.unsignedBytes(W, H);
			RandomAccess<UnsignedByteType> ra = map.randomAccess();
			for (int y = 0; y < H; y++)
				for (int x = 0; x < W; x++)
					if ((x - 20) * (x - 20) + (y - 15) * (y - 15) < 64 || (x > 40 && y > 5 && y < 30 &&
						(x + y) % 3 != 0) || (x == 0 && y == H - 1)) ra.setPositionAndGet(x, y).set(value);
			byte[] bytes = map.update(null).getCurrentStorageArray();
			byte[] before = bytes.clone();
			ImagePlus direct = new ImagePlus("a", new ByteProcessor(W, H));
			ProvenanceImages.storeMap(direct, map);
			assertArrayEquals(before, bytes);
			ImagePlus copied = new ImagePlus("b", new ByteProcessor(W, H));
			ProvenanceImages.storeMap(copied, Views.interval(map, map)); // not an ArrayImg: the 8-bit copy
			Roi a = ProvenanceImages.outline(direct), b = ProvenanceImages.outline(copied);
			assertNotNull(a);
			assertEquals(b.getName(), a.getName());
			assertEquals(b.getBounds(), a.getBounds());
			assertEquals(b.getClass(), a.getClass());
			assertArrayEquals(b.getFloatPolygon().xpoints, a.getFloatPolygon().xpoints);
			assertArrayEquals(b.getFloatPolygon().ypoints, a.getFloatPolygon().ypoints);
			Rectangle r = a.getBounds();
			for (int y = r.y; y < r.y + r.height; y++)
				for (int x = r.x; x < r.x + r.width; x++)
					assertEquals(b.contains(x, y), a.contains(x, y), x + "," + y);
			assertEquals(direct.getProp(ProvenanceImages.MAP_PROPERTY), copied.getProp(ProvenanceImages.MAP_PROPERTY));
		}
	}
}
