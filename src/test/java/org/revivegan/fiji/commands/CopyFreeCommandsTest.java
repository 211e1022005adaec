package org.revivegan.fiji.commands;

import org.revivegan.core.image.Masks;
import static org.junit.jupiter.api.Assertions.*;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import java.util.function.IntFunction;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;
import org.revivegan.core.infer.Colorizer;
import org.revivegan.core.infer.Inpainter;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.util.Rng;
import org.revivegan.fiji.ImagePlusImages;
import org.revivegan.fiji.MaskSources;
import org.revivegan.testing.TinyModels;

/**
 * Inpaint Damage and Colorize give, bit for bit, what they gave when they copied more (issue 15): Inpaint Damage
 * used to copy every input plane into the result's duplicate again before writing the damaged pixels, and
 * Colorize copied the colouriser's three float channels into arrays before converting them. The old code is
 * kept here as the reference, and both are run on each image type, one- and two-plane, with thick damage (the
 * network) and thin damage (Telea).
 */
class CopyFreeCommandsTest {

	private static final int W = 72, H = 56;
	private static final ModelFile INPAINT = TinyModels.model(Task.INPAINT), COLORIZE = TinyModels.model(
		Task.COLORIZE);

	/** @return a stack of {@code planes} planes, each a textured pattern in [0, 1] made by {@code plane} */
	private static ImagePlus image(String title, int planes, IntFunction<ImageProcessor> plane) {
		ImageStack stack = new ImageStack(W, H);
		for (int p = 0; p < planes; p++)
			stack.addSlice("plane " + p, plane.apply(p));
		return new ImagePlus(title, stack);
	}

	private static double[] pattern(int seed) {
		Rng rng = new Rng(seed);
		double[] u = new double[W * H];
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++)
				u[x + W * y] = Math.max(0, Math.min(1, 0.5 + 0.35 * Math.sin(x * 0.3 + seed) * Math.cos(y * 0.21) + 0.12 *
					(rng.nextDouble() - 0.5)));
		return u;
	}

	private static ImagePlus gray8(int planes) {
		return image("gray8", planes, p -> {
			double[] u = pattern(p);
			byte[] b = new byte[u.length];
			for (int i = 0; i < b.length; i++)
				b[i] = (byte) Math.round(255 * u[i]);
			return new ByteProcessor(W, H, b);
		});
	}

	private static ImagePlus short12(int planes) {
		return image("short12", planes, p -> {
			double[] u = pattern(p + 10);
			short[] s = new short[u.length];
			for (int i = 0; i < s.length; i++)
				s[i] = (short) Math.round(4095 * u[i]);
			return new ShortProcessor(W, H, s, null);
		});
	}

	private static ImagePlus float32(int planes, boolean nanHoles) {
		return image("float32", planes, p -> {
			double[] u = pattern(p + 20);
			float[] v = new float[u.length];
			for (int i = 0; i < v.length; i++)
				v[i] = (float) (-1000 + 3000 * u[i]);
			if (nanHoles) for (int y = 10 + 3 * p; y < 22 + 3 * p; y++)
				for (int x = 8; x < 30; x++)
					v[x + W * y] = Float.NaN;
			return new FloatProcessor(W, H, v);
		});
	}

	private static ImagePlus rgb(int planes) {
		return image("rgb", planes, p -> {
			double[] r = pattern(p + 30), g = pattern(p + 40), b = pattern(p + 50);
			int[] px = new int[r.length];
			for (int i = 0; i < px.length; i++)
				px[i] = 0xff000000 | (int) Math.round(255 * r[i]) << 16 | (int) Math.round(255 * g[i]) << 8 | (int) Math
					.round(255 * b[i]);
			return new ColorProcessor(W, H, px);
		});
	}

	/** A hole wider than {@link Inpainter#THIN_WIDTH} (the network fills it) and a one-pixel scratch (Telea). */
	private static MaskSources.Resolved damage(ImagePlus imp) {
		ByteProcessor m = new ByteProcessor(W, H);
		m.setValue(255);
		m.setRoi(20, 16, 24, 18);
		m.fill();
		for (int x = 3; x < 68; x++)
			m.set(x, 45 + x / 30, 255);
		return MaskSources.resolve("mask-image", imp, null, new ImagePlus("mask", m));
	}

	/** Inpaint Damage as it was: duplicate, then copy the input plane into the duplicate and write the damage. */
	private static ImagePlus inpaintAsBefore(ImagePlus image, MaskSources.Resolved resolved, int dilate) {
		Inpainter inpainter = new Inpainter(INPAINT);
		ImagePlus out = ImagePlusImages.duplicateForResult(image, "before");
		ImageStack outStack = out.getStack();
		ImagePlusImages.forEachPlane(image, Progress.NONE, (i, c, z, t, ip, planeProgress) -> {
			Img<UnsignedByteType> m = resolved != null ? resolved.mask() : MaskSources.fromNaN((FloatProcessor) ip);
			if (dilate > 0) m = MaskSources.dilate(m, dilate);
			if (Masks.count(m) == 0) return;
			ImagePlusImages.Plane<?> in = ImagePlusImages.plane(ip);
			inpainter.inpaint(in.image(), m, in.maxValue(), (net.imglib2.RandomAccessibleInterval) in.over(outStack
				.getProcessor(i)).image(), planeProgress);
		});
		return out;
	}

	private static void assertInpaintedAsBefore(ImagePlus imp, MaskSources.Resolved mask, int dilate) {
		ImagePlus before = inpaintAsBefore(imp, mask, dilate);
		ImagePlus now = InpaintDamage.inpaint(imp, mask, dilate, 0, INPAINT, Progress.NONE);
		assertSamePixels(before, now, imp.getTitle() + " inpainted");
		assertNotEquals(0, differingPixels(imp, now), "something was inpainted");
	}

	@Test
	void inpaintDamageGivesWhatTheCopyingCodeGave() {
		for (int planes : new int[] { 1, 2 }) {
			for (ImagePlus imp : new ImagePlus[] { gray8(planes), short12(planes), float32(planes, false), rgb(planes) })
				assertInpaintedAsBefore(imp, damage(imp), planes - 1);
			assertInpaintedAsBefore(float32(planes, true), null, 0); // mask=nan: each plane its own
		}
	}

	/** Colorize's conversion as it was: each channel copied into an array first. */
	private static ImagePlus colorizeAsBefore(ImagePlus image, int size) {
		Colorizer colorizer = new Colorizer(COLORIZE).withWorkingSize(size);
		boolean rgbOut = image.getBitDepth() == 8 || image.getBitDepth() == 24;
		ImageStack out = new ImageStack(W, H);
		ImagePlusImages.forEachPlane(image, Progress.NONE, (i, c, z, t, ip, planeProgress) -> {
			ImagePlusImages.Plane<?> in = ImagePlusImages.plane(ip);
			Img<FloatType> rgb = colorizer.colorize(in.image(), in.maxValue(), null, planeProgress);
			float[][] f = { channelValues(rgb, 0), channelValues(rgb, 1), channelValues(rgb, 2) };
			if (rgbOut) {
				int[] px = new int[W * H];
				for (int k = 0; k < px.length; k++) {
					int r = Math.round(f[0][k] * 255), g = Math.round(f[1][k] * 255), b = Math.round(f[2][k] * 255);
					px[k] = 0xff000000 | (r << 16) | (g << 8) | b;
				}
				out.addSlice(new ColorProcessor(W, H, px));
			}
			else for (int ch = 0; ch < 3; ch++) {
				if (ip instanceof ShortProcessor) {
					short[] s = new short[W * H];
					for (int k = 0; k < s.length; k++)
						s[k] = (short) Math.round(f[ch][k] * in.maxValue());
					out.addSlice(new ShortProcessor(W, H, s, null));
				}
				else {
					float[] p = (float[]) ip.getPixels();
					double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
					for (float v : p)
						if (Float.isFinite(v)) {
							min = Math.min(min, v);
							max = Math.max(max, v);
						}
					if (min > max) {
						min = 0;
						max = 1;
					}
					else if (!(max > min)) max = min + 1;
					float[] v = new float[W * H];
					for (int k = 0; k < v.length; k++)
						v[k] = (float) (min + f[ch][k] * (max - min));
					out.addSlice(new FloatProcessor(W, H, v));
				}
			}
		});
		return new ImagePlus("before", out);
	}

	private static float[] channelValues(Img<FloatType> rgb, int c) {
		float[] v = new float[W * H];
		net.imglib2.Cursor<FloatType> cursor = Views.flatIterable(Views.hyperSlice(rgb, 2, c)).cursor();
		for (int i = 0; i < v.length; i++)
			v[i] = cursor.next().get();
		return v;
	}

	@Test
	void colorizeGivesWhatTheCopyingCodeGave() {
		for (int planes : new int[] { 1, 2 })
			for (ImagePlus imp : new ImagePlus[] { gray8(planes), short12(planes), float32(planes, false), float32(planes,
				true), rgb(planes) })
			{
				ImagePlus before = colorizeAsBefore(imp, 48);
				ImagePlus now = Colorize.colorize(imp, COLORIZE, 48, Progress.NONE);
				assertSamePixels(before, now, imp.getTitle() + " colourised");
			}
	}

	/** Asserts that two images have the same planes, bit for bit (NaNs included). */
	private static void assertSamePixels(ImagePlus expected, ImagePlus actual, String what) {
		assertEquals(expected.getStackSize(), actual.getStackSize(), what + ": planes");
		assertEquals(expected.getBitDepth(), actual.getBitDepth(), what + ": bit depth");
		for (int s = 1; s <= expected.getStackSize(); s++) {
			Object a = expected.getStack().getPixels(s), b = actual.getStack().getPixels(s);
			if (a instanceof float[]) {
				float[] fa = (float[]) a, fb = (float[]) b;
				for (int i = 0; i < fa.length; i++)
					assertEquals(Float.floatToRawIntBits(fa[i]), Float.floatToRawIntBits(fb[i]), what + ": plane " + s +
						" pixel " + i);
			}
			else if (a instanceof int[]) assertArrayEquals((int[]) a, (int[]) b, what + ": plane " + s);
			else if (a instanceof short[]) assertArrayEquals((short[]) a, (short[]) b, what + ": plane " + s);
			else assertArrayEquals((byte[]) a, (byte[]) b, what + ": plane " + s);
		}
	}

	/** @return how many pixels of all planes differ between two images of the same type (NaN = NaN) */
	private static int differingPixels(ImagePlus a, ImagePlus b) {
		int n = 0;
		for (int s = 1; s <= a.getStackSize(); s++) {
			ImageProcessor pa = a.getStack().getProcessor(s), pb = b.getStack().getProcessor(s);
			for (int i = 0; i < W * H; i++)
				if (Float.compare(pa.getf(i), pb.getf(i)) != 0) n++;
		}
		return n;
	}
}
