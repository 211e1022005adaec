package org.revivegan.core.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.color.AbBins;
import org.revivegan.core.color.Lab;
import org.revivegan.core.image.Images;
import org.revivegan.core.infer.Colorizer;
import org.revivegan.core.model.GeneratorSpec;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.util.Rng;

/** A tiny colour-class-head model end to end: trains (its loss goes down), saves, loads and colourises. */
class ClassHeadTrainingTest {

	@TempDir
	Path dir;

	@Test
	void aClassHeadModelTrainsSavesLoadsAndColourises() throws IOException {
		ModelFile model = trainedOrange(1);
		Rng rng = new Rng(10);
		Img<FloatType> gray = ArrayImgs.floats(40, 30);
		for (FloatType t : gray)
			t.set((float) (0.6 + 0.3 * rng.nextDouble()));
		Img<FloatType> out = new Colorizer(model).withWorkingSize(32).colorize(gray, 1, Progress.NONE);
		float[] lab = orangeLab(out);
		int n = 40 * 30;
		// vividness = the temperature: T = 1 (vividness 0) is the plain mean, dulled by the distribution's tails
		Img<FloatType> mean = new Colorizer(model).withWorkingSize(32).withVividness(0).colorize(gray, 1, Progress.NONE);
		Img<FloatType> cold = new Colorizer(model).withWorkingSize(32).withVividness(3).colorize(gray, 1, Progress.NONE);
		float[] lm = Images.floats(Lab.toLab(mean));
		double chroma = 0, chromaMean = 0;
		for (int i = 0; i < n; i++) {
			chroma += Math.hypot(lab[n + i], lab[2 * n + i]);
			chromaMean += Math.hypot(lm[n + i], lm[2 * n + i]);
		}
		assertTrue(chromaMean < chroma, chromaMean / n + " (T = 1) < " + chroma / n + " (T = 0.38)");
		assertFalse(java.util.Arrays.equals(Images.floats(out), Images.floats(cold)), "vividness 3: another temperature");
	}

	@Test
	void aHalfResolutionClassHeadTrainsSavesLoadsAndColourisesAtFullSize() throws IOException {
		ModelFile model = trainedOrange(2);
		assertEquals(2, model.metadata().generator.headScale(), "the scale is saved and loaded");
		Rng rng = new Rng(10);
		Img<FloatType> gray = ArrayImgs.floats(40, 30);
		for (FloatType t : gray)
			t.set((float) (0.6 + 0.3 * rng.nextDouble()));
		Img<FloatType> out = new Colorizer(model).withWorkingSize(32).colorize(gray, 1, Progress.NONE);
		assertArrayEquals(new long[] { 40, 30, 3 }, out.dimensionsAsLongArray());
		orangeLab(out);
	}

	/** @return the Lab planes of {@code out}, 40 x 30, after checking that their mean colour is orange */
	private static float[] orangeLab(Img<FloatType> out) {
		float[] lab = Images.floats(Lab.toLab(out));
		int n = 40 * 30;
		double a = 0, b = 0;
		for (int i = 0; i < n; i++) {
			a += lab[n + i] / n;
			b += lab[2 * n + i] / n;
		}
		assertTrue(a > 3 && b > 10, "orange learnt: a " + a + ", b " + b);
		return lab;
	}

	/** @return a tiny class-head model with its head at 1 / {@code headScale}, trained on orange photos, loaded */
	private ModelFile trainedOrange(int headScale) throws IOException {
		// orange photos with texture: the colour to learn is one, the lightness varies
		Rng rng = new Rng(9);
		List<ArrayImg<FloatType, FloatArray>> photos = new ArrayList<>();
		for (int k = 0; k < 3; k++) {
			ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(48, 40, 3);
			float[] p = Images.floats(img);
			int n = 48 * 40;
			for (int i = 0; i < n; i++) {
				float t = (float) (0.7 + 0.3 * rng.nextDouble());
				p[i] = t;
				p[n + i] = 0.55f * t;
				p[2 * n + i] = 0.15f * t;
			}
			photos.add(img);
		}
		TrainingConfig c = new TrainingConfig();
		c.task = Task.COLORIZE.id();
		c.preset = "tiny";
		c.generator = GeneratorSpec.preset("tiny", Task.COLORIZE).withClassHead();
		c.generator.headScale = headScale;
		Path dir = this.dir.resolve("scale " + headScale);
		c.crop = 32;
		c.batch = 2;
		c.l1Steps = 40;
		c.ganSteps = 0;
		c.learningRate = 2e-3;
		c.validateEvery = 40;
		c.validationCrops = 5; // more than a batch: the validation decodes chunk by chunk
		c.hintFreeFraction = 1;
		Trainer.Result r = new Trainer(c, TrainingData.of(photos, 1, 256, "orange"), null, dir).run(Progress.NONE);

		List<String> rows = Files.readAllLines(dir.resolve(Trainer.LOSSES));
		double first = Double.parseDouble(rows.get(1).split(",")[2]), last = 0;
		for (int i = rows.size() - 5; i < rows.size(); i++)
			last += Double.parseDouble(rows.get(i).split(",")[2]) / 5;
		assertTrue(last < 0.7 * first, "the cross-entropy goes down: " + first + " -> " + last);

		ModelFile model = ModelFile.load(r.model, Task.COLORIZE);
		assertTrue(model.metadata().generator.classHead());
		assertEquals(AbBins.get().count(), model.metadata().generator.outChannels);
		return model;
	}
}
