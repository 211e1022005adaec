package org.revivegan.fiji;

import org.revivegan.testing.TinyModels;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.revivegan.core.infer.Inpainter;
import org.revivegan.core.model.GeneratorSpec;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.ModelMetadata;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.util.Rng;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Line;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/** The adapters and the engine together, as the Fiji command will use them (a tiny untrained model). */
class FijiInpaintTest {

	private static ModelFile model() {
		return TinyModels.model(Task.INPAINT);
	}

	@Test
	void float32StackWithNaNScratchesIsFilledInPlaceOfTheNaNsOnly() {
		int w = 40, h = 30;
		Rng rng = new Rng(3);
		ImageStack stack = new ImageStack(w, h);
		for (int s = 0; s < 2; s++) {
			float[] p = new float[w * h];
			for (int i = 0; i < p.length; i++)
				p[i] = (float) (-1000 + 3000 * rng.nextDouble());
			for (int x = 5; x < 25; x++)
				p[x + w * (10 + s)] = Float.NaN;
			stack.addSlice(new FloatProcessor(w, h, p));
		}
		ImagePlus imp = new ImagePlus("scan", stack);
		ImagePlus result = ImagePlusImages.duplicateForResult(imp, "scan");
		Inpainter inpainter = new Inpainter(model());
		ImageStack out = result.getStack();
		ImagePlusImages.forEachPlane(imp, Progress.NONE, (i, c, z, t, ip, progress) -> {
			Img<UnsignedByteType> mask = MaskSources.fromNaN((FloatProcessor) ip);
			ImagePlusImages.Plane<?> in = ImagePlusImages.plane(ip);
			inpainter.inpaint(in.image(), mask, in.maxValue(), in.over(out.getProcessor(i)).image(), progress);
		});
		for (int s = 1; s <= 2; s++) {
			float[] a = (float[]) imp.getStack().getPixels(s), b = (float[]) out.getPixels(s);
			for (int i = 0; i < a.length; i++) {
				if (Float.isNaN(a[i])) {
					assertTrue(b[i] >= -1000 && b[i] <= 2000, "filled pixel in the data range: " + b[i]);
				}
				else assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), "kept pixel " + i);
			}
			assertTrue(Float.isNaN(a[5 + w * (9 + s)]), "the input keeps its NaNs");
		}
	}

	@Test
	void rgbImageWithAThickLineSelectionIsWrittenThroughTheColorView() {
		int w = 48, h = 32;
		ColorProcessor cp = new ColorProcessor(w, h);
		Rng rng = new Rng(5);
		int[] px = (int[]) cp.getPixels();
		for (int i = 0; i < px.length; i++)
			px[i] = rng.nextInt(1 << 24);
		ImagePlus imp = new ImagePlus("photo", cp);
		Line scratch = new Line(4, 16, 44, 16);
		scratch.setStrokeWidth(3);
		imp.setRoi(scratch);
		MaskSources.Resolved mask = MaskSources.resolve("auto", imp, null, null);
		assertEquals(MaskSources.MaskSource.SELECTION, mask.source());
		ImagePlus result = ImagePlusImages.duplicateForResult(imp, "photo");
		ImagePlusImages.Plane<?> in = ImagePlusImages.plane(imp.getProcessor());
		new Inpainter(model()).inpaint(in.image(), mask.mask(), in.maxValue(), in.over(result.getProcessor()).image(),
			Progress.NONE);
		int[] a = (int[]) imp.getProcessor().getPixels(), b = (int[]) result.getProcessor().getPixels();
		assertNotSame(a, b);
		int changed = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int i = x + w * y;
				boolean damaged = mask.mask().getAt(x, y).get() != 0;
				if (!damaged) assertEquals(a[i] & 0xffffff, b[i] & 0xffffff, "kept pixel " + x + "," + y);
				else if ((a[i] & 0xffffff) != (b[i] & 0xffffff)) changed++;
			}
		assertTrue(changed > 40, "the scratch was repainted: " + changed);
	}
}
