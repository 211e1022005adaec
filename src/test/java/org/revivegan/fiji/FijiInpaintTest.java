package org.revivegan.fiji;

import org.revivegan.testing.TinyModels;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.infer.Inpainter;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.util.Rng;
import org.revivegan.fiji.commands.InpaintDamage;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Line;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * The Inpaint Damage command on ImageJ images (a tiny untrained model): it is run as Fiji runs it, and its
 * result is compared, plane by plane, with what the network alone makes of each plane. The damage is wider
 * than {@link Inpainter#THIN_WIDTH}, so the network (not Telea) must have filled it.
 */
class FijiInpaintTest {

	@TempDir
	static Path dir;

	private static Context context;
	private static Path modelFile;
	private static ModelFile model;

	@BeforeAll
	static void setUp() throws IOException {
		context = new Context(CommandService.class);
		modelFile = TinyModels.save(Task.INPAINT, dir.resolve("inpaint.zip"));
		model = ModelFile.load(modelFile, Task.INPAINT);
	}

	@AfterAll
	static void tearDown() {
		context.dispose();
	}

	private static ImagePlus inpaintDamage(ImagePlus image, String mask) throws Exception {
		Map<String, Object> inputs = new HashMap<>();
		inputs.put("image", image);
		inputs.put("mask", mask);
		inputs.put("model", modelFile.toString());
		inputs.put("dilate", 0);
		CommandModule m = context.service(CommandService.class).run(InpaintDamage.class, true, inputs).get();
		assertFalse(m.isCanceled(), m.getCancelReason());
		return (ImagePlus) m.getOutput("result");
	}

	/** @return the network's inpainting of one plane, without the classical fill of thin damage */
	private static ImageProcessor networkOnly(ImageProcessor plane, Img<UnsignedByteType> mask) {
		ImageProcessor out = plane.duplicate();
		ImagePlusImages.Plane<?> in = ImagePlusImages.plane(plane);
		inpaint(new Inpainter(model).withClassicalThinDamage(false), in, in.over(out), mask);
		return out;
	}

	private static void inpaint(Inpainter inpainter, ImagePlusImages.Plane<?> in, ImagePlusImages.Plane<?> out,
		Img<UnsignedByteType> mask)
	{
		inpainter.inpaint(in.image(), mask, in.maxValue(), (net.imglib2.RandomAccessibleInterval) out.image(),
			Progress.NONE);
	}

	@Test
	void float32StackWithNaNHolesIsFilledInPlaceOfTheNaNsOnly() throws Exception {
		int w = 40, h = 30;
		Rng rng = new Rng(3);
		ImageStack stack = new ImageStack(w, h);
		for (int s = 0; s < 2; s++) {
			float[] p = new float[w * h];
			for (int i = 0; i < p.length; i++)
				p[i] = (float) (-1000 + 3000 * rng.nextDouble());
			for (int y = 8 + 4 * s; y < 16 + 4 * s; y++) // 8 x 20, a different place in each slice
				for (int x = 5 + s; x < 25 + s; x++)
					p[x + w * y] = Float.NaN;
			stack.addSlice(new FloatProcessor(w, h, p));
		}
		ImagePlus imp = new ImagePlus("scan", stack);
		ImagePlus result = inpaintDamage(imp, "nan");
		assertNotSame(imp, result);
		assertEquals(2, result.getStackSize());
		for (int s = 1; s <= 2; s++) {
			FloatProcessor plane = (FloatProcessor) imp.getStack().getProcessor(s);
			float[] a = (float[]) plane.getPixels(), b = (float[]) result.getStack().getPixels(s);
			float[] network = (float[]) networkOnly(plane, MaskSources.fromNaN(plane)).getPixels();
			int filled = 0;
			for (int i = 0; i < a.length; i++) {
				if (Float.isNaN(a[i])) {
					filled++;
					assertTrue(b[i] >= -1000 && b[i] <= 2000, "filled pixel in the data range: " + b[i]);
					assertEquals(network[i], b[i], "slice " + s + " pixel " + i + " is the network's");
				}
				else assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), "kept pixel " + i);
			}
			assertEquals(160, filled);
			assertTrue(Float.isNaN(a[5 + s + w * (8 + 4 * s)]), "the input keeps its NaNs");
		}
	}

	@Test
	void rgbImageWithAThickLineSelectionIsRepaintedByTheNetwork() throws Exception {
		int w = 48, h = 32;
		ColorProcessor cp = new ColorProcessor(w, h);
		Rng rng = new Rng(5);
		int[] px = (int[]) cp.getPixels();
		for (int i = 0; i < px.length; i++)
			px[i] = rng.nextInt(1 << 24);
		ImagePlus imp = new ImagePlus("photo", cp);
		Line scratch = new Line(4, 16, 44, 16);
		scratch.setStrokeWidth(8);
		imp.setRoi(scratch);
		MaskSources.Resolved mask = MaskSources.resolve("selection", imp, null, null);
		ImagePlus result = inpaintDamage(imp, "selection");
		int[] a = (int[]) imp.getProcessor().getPixels(), b = (int[]) result.getProcessor().getPixels();
		int[] network = (int[]) networkOnly(imp.getProcessor(), mask.mask()).getPixels();
		assertNotSame(a, b);
		int changed = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int i = x + w * y;
				boolean damaged = mask.mask().getAt(x, y).get() != 0;
				if (!damaged) assertEquals(a[i] & 0xffffff, b[i] & 0xffffff, "kept pixel " + x + "," + y);
				else {
					assertEquals(network[i] & 0xffffff, b[i] & 0xffffff, "the network's pixel at " + x + "," + y);
					if ((a[i] & 0xffffff) != (b[i] & 0xffffff)) changed++;
				}
			}
		assertTrue(changed > 200, "the scratch was repainted: " + changed);
	}
}
