package org.revivegan.core.infer;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.color.ColorHints;
import org.revivegan.core.color.Lab;
import org.revivegan.core.image.Images;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.train.Trainer;
import org.revivegan.core.train.TrainingConfig;
import org.revivegan.core.train.TrainingData;
import org.revivegan.core.util.Rng;

class ColorizerTest {

	@TempDir
	Path dir;

	/**
	 * The lightness read row by row and shrunk to the working size is {@link Images#resizePlane} of the whole
	 * lightness plane, to the bit: the streaming keeps the core's one resize rule. Sizes with non-integer
	 * ratios, one axis kept, and a shrink to one pixel.
	 */
	@Test
	void theStreamedLightnessIsTheOneResize() {
		java.util.Random random = new java.util.Random(15);
		int[][] sizes = { { 97, 61, 40, 25 }, { 64, 64, 64, 17 }, { 300, 7, 43, 1 }, { 13, 50, 1, 1 }, { 31, 29, 31, 29 } };
		for (int[] s : sizes) {
			int w = s[0], h = s[1], ww = s[2], wh = s[3];
			float[] gray = new float[w * h];
			for (int i = 0; i < gray.length; i++)
				gray[i] = random.nextFloat();
			float[] l = new float[gray.length];
			for (int i = 0; i < l.length; i++)
				l[i] = Lab.grayToLightness(gray[i]);
			float[] streamed = Colorizer.shrunkLightness(ArrayImgs.floats(gray, w, h), 1, 1, w, h, ww, wh);
			assertArrayEquals(Images.resizePlane(l, w, h, ww, wh), streamed, java.util.Arrays.toString(s));
		}
	}

	@Test
	void rowsAreTheImageRowByRowInOrder() {
		int w = 150, h = 70;
		Rng rng = new Rng(8);
		Img<UnsignedByteType> rgbPhoto = ArrayImgs.unsignedBytes(w, h, 3);
		for (UnsignedByteType t : rgbPhoto)
			t.set(rng.nextInt(256));
		ColorHints hints = ColorHints.none().withRgb(20, 30, 3, 0.9f, 0.2f, 0.1f);
		Colorizer colorizer = new Colorizer(org.revivegan.testing.TinyModels.model(Task.COLORIZE)).withWorkingSize(48);
		float[] image = Images.floats(colorizer.colorize(rgbPhoto, 255, hints, Progress.NONE));
		float[] rows = new float[w * h * 3];
		int[] next = { 0 };
		colorizer.colorize(rgbPhoto, 255, hints, (y, r, g, b) -> {
			assertEquals(next[0]++, y, "rows in order");
			float[][] channels = { r, g, b };
			for (int c = 0; c < 3; c++) {
				assertEquals(w, channels[c].length);
				System.arraycopy(channels[c], 0, rows, w * (y + h * c), w);
			}
		}, Progress.NONE);
		assertEquals(h, next[0], "every row");
		assertArrayEquals(image, rows, "the rows hold the image's values");
	}

	@Test
	void aModelTrainedWithHintsColorizesWithAndWithoutHints() throws IOException {
		Rng rng = new Rng(3);
		List<ArrayImg<FloatType, FloatArray>> photos = new ArrayList<>();
		for (int n = 0; n < 3; n++) {
			ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(48, 40, 3);
			for (FloatType t : img)
				t.set((float) rng.nextDouble());
			photos.add(img);
		}
		TrainingConfig c = new TrainingConfig();
		c.task = Task.COLORIZE.id();
		c.preset = "tiny";
		c.crop = 32;
		c.batch = 2;
		c.l1Steps = 2;
		c.ganSteps = 1;
		c.validationCrops = 2;
		c.discriminatorWidth = 8;
		c.discriminatorLayers = 2;
		c.hintFreeFraction = 0; // every example hinted
		Trainer.Result r = new Trainer(c, TrainingData.of(photos, 1, 256, "noise"), null, dir).run(Progress.NONE);
		ModelFile model = ModelFile.load(r.model, Task.COLORIZE);
		assertEquals(4, model.metadata().generator.inChannels);

		// a 150x100 photo at working size 64: hints are drawn on a 64x43 grid
		int w = 150, h = 100;
		Img<UnsignedByteType> gray = ArrayImgs.unsignedBytes(w, h);
		for (UnsignedByteType t : gray)
			t.set(60 + rng.nextInt(120));
		Colorizer colorizer = new Colorizer(model).withWorkingSize(64);
		Img<FloatType> auto = colorizer.colorize(gray, 255, Progress.NONE);
		Img<FloatType> autoAgain = colorizer.colorize(gray, 255, null, Progress.NONE);
		ColorHints hints = ColorHints.none().withRgb(10, 10, 4, 0.9f, 0.1f, 0.1f).withRgb(120, 80, 0, 0.1f, 0.2f, 0.9f);
		Img<FloatType> guided = colorizer.colorize(gray, 255, hints, Progress.NONE);
		float[] a = Images.floats(auto), b = Images.floats(autoAgain), g = Images.floats(guided);
		assertArrayEquals(a, b, "null hints = automatic");
		assertEquals(w * h * 3, g.length);
		double diff = 0;
		for (int i = 0; i < a.length; i++)
			diff += Math.abs(a[i] - g[i]);
		assertTrue(diff > 0, "hints change the result");
		// spreading the hints brings the hinted places to the hinted colour; the network alone follows them less
		Img<FloatType> networkOnly = new Colorizer(model).withWorkingSize(64).withHintPropagation(null).colorize(gray,
			255, hints, Progress.NONE);
		float[] red = Lab.rgbToLab(0.9f, 0.1f, 0.1f);
		double spreadError = chromaError(guided, 8, 12, 8, 12, red), networkError = chromaError(networkOnly, 8, 12, 8,
			12, red);
		assertTrue(spreadError < 0.5 * networkError, "hint error " + spreadError + " vs " + networkError);
		// the lightness is still the photo's
		float[] l = Images.floats(Lab.lightness(guided));
		int kept = 0;
		net.imglib2.Cursor<UnsignedByteType> cur = gray.cursor();
		for (int i = 0; cur.hasNext(); i++)
			if (Math.abs(Lab.grayToLightness(cur.next().get() / 255f) - l[i]) < 1) kept++;
		assertTrue(kept > 0.95 * w * h, "lightness kept at " + kept + " pixels");
		assertThrows(IllegalArgumentException.class, () -> colorizer.colorize(gray, 255,
			ColorHints.none().withAb(200, 5, 0, 10, 10), Progress.NONE));

		// a working size smaller than twice the model's tile overlap (32) still works: one tile, no seams
		assertTrue(model.metadata().tileOverlap * 2 > 32);
		Img<FloatType> tiny = new Colorizer(model).withWorkingSize(24).colorize(gray, 255, Progress.NONE);
		assertEquals(w * h * 3, Images.floats(tiny).length);
	}

	/** @return the mean distance in the ab plane between the hint and the image over [x0, x1] x [y0, y1] */
	private static double chromaError(Img<FloatType> rgb, int x0, int x1, int y0, int y1, float[] hint) {
		float[] lab = Images.floats(Lab.toLab(rgb));
		int w = (int) rgb.dimension(0), plane = w * (int) rgb.dimension(1);
		double sum = 0;
		int n = 0;
		for (int y = y0; y <= y1; y++)
			for (int x = x0; x <= x1; x++, n++)
				sum += Math.hypot(lab[plane + x + w * y] - hint[1], lab[2 * plane + x + w * y] - hint[2]);
		return sum / n;
	}
}
