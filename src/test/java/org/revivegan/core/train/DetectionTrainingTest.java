package org.revivegan.core.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.revivegan.core.gan.Pix2Pix;
import org.revivegan.core.model.GeneratorSpec;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.nets.PatchDiscriminator;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.util.Rng;

/** Training a damage detector: batches, weights, the refused GAN phase, and a tiny model that learns. */
class DetectionTrainingTest {

	@TempDir
	Path dir;

	@Test
	void positivesWeighByTheirRarityCappedAtTen() {
		float[] t = new float[100], w = new float[100];
		for (int i = 0; i < 10; i++)
			t[i] = 1;
		assertEquals(9, BatchMaker.detectionWeights(t, w, 10), 1e-9); // (1 - 0.1) / 0.1
		assertEquals(9f, w[0]);
		assertEquals(1f, w[50]);
		float[] rare = new float[1000], wr = new float[1000];
		rare[7] = 1;
		assertEquals(10, BatchMaker.detectionWeights(rare, wr, 10), 1e-9);
		assertEquals(10f, wr[7]);
		float[] none = new float[50], wn = new float[50];
		assertEquals(1, BatchMaker.detectionWeights(none, wn, 10), 1e-9);
		float[] most = new float[10], wm = new float[10];
		java.util.Arrays.fill(most, 0, 8, 1f);
		assertEquals(1, BatchMaker.detectionWeights(most, wm, 10), 1e-9, "never below 1");
	}

	private static List<ArrayImg<FloatType, FloatArray>> photos(int n, long seed) {
		Rng rng = new Rng(seed);
		List<ArrayImg<FloatType, FloatArray>> list = new ArrayList<>();
		for (int k = 0; k < n; k++) {
			int w = 80, h = 64;
			ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(w, h, 3);
			float[] a = img.update(null).getCurrentStorageArray();
			for (int c = 0; c < 3; c++) {
				double f = rng.uniform(0.02, 0.1), o = rng.uniform(0, 6);
				for (int i = 0; i < w * h; i++)
					a[c * w * h + i] = (float) (0.5 + 0.3 * Math.sin(f * (i % w) + 0.05 * (i / w) + o));
			}
			list.add(img);
		}
		return list;
	}

	private static TrainingConfig config() {
		TrainingConfig c = new TrainingConfig();
		c.task = Task.DETECT.id();
		c.preset = "tiny";
		c.crop = 32;
		c.batch = 4;
		c.l1Steps = 4;
		c.ganSteps = 0;
		c.validateEvery = 2;
		c.checkpointEvery = 2;
		c.validationCrops = 2;
		return c.resolve();
	}

	@Test
	void detectionBatchesAreTheDamagedRgbAndItsMask() {
		TrainingConfig c = config();
		c.batch = 6;
		BatchMaker maker = new BatchMaker(c, TrainingData.of(photos(2, 1), 1, 256, "test"));
		Batch b = maker.make(0, new Rng(5));
		assertArrayEquals(new long[] { 6, 3, 32, 32 }, b.input.shape());
		assertArrayEquals(new long[] { 6, 1, 32, 32 }, b.target.shape());
		assertArrayEquals(new long[] { 6, 1, 32, 32 }, b.weights.shape());
		assertTrue(b.input.minNumber().doubleValue() >= -1 && b.input.maxNumber().doubleValue() <= 1);
		float[] t = b.target.dup().data().asFloat(), w = b.weights.dup().data().asFloat();
		int positives = 0;
		for (int i = 0; i < t.length; i++) {
			assertTrue(t[i] == 0 || t[i] == 1);
			if (t[i] == 1) positives++;
		}
		assertTrue(positives > 0 && positives < t.length / 2, "damage is present and a minority: " + positives);
		double p = (double) positives / t.length;
		for (int i = 0; i < t.length; i++)
			assertEquals(t[i] == 1 ? (float) Math.min(10, (1 - p) / p) : 1f, w[i], 1e-4);
		// the same step and seed make the same batch (resumable runs)
		assertEquals(b.input, maker.make(0, new Rng(5)).input);
	}

	@Test
	void detectionRefusesAGanPhaseAndATanhHead() {
		TrainingConfig c = config();
		c.ganSteps = 10;
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::resolve);
		assertTrue(e.getMessage().contains("--gan-steps 0"), e.getMessage());
		TrainingConfig t = config();
		t.generator = GeneratorSpec.preset("tiny", Task.INPAINT);
		t.generator.inChannels = 3;
		t.generator.outChannels = 1;
		assertTrue(assertThrows(IllegalArgumentException.class, t::resolve).getMessage().contains("sigmoid"));
	}

	/** Flat colours with thin light or dark lines: what a detector should learn in a few dozen steps. */
	private static Batch scratches(int n, int s, Rng rng) {
		float[] x = new float[n * 3 * s * s], y = new float[n * s * s];
		for (int b = 0; b < n; b++) {
			float[] colour = { (float) rng.uniform(0.2, 0.7), (float) rng.uniform(0.2, 0.7), (float) rng.uniform(0.2, 0.7) };
			for (int c = 0; c < 3; c++)
				for (int i = 0; i < s * s; i++)
					x[(b * 3 + c) * s * s + i] = colour[c];
			int lines = rng.nextInt(1, 3);
			for (int k = 0; k < lines; k++) {
				boolean vertical = rng.nextBoolean();
				int at = rng.nextInt(2, s - 3);
				float v = rng.nextBoolean() ? 1f : 0f;
				for (int j = 0; j < s; j++) {
					int i = vertical ? at + s * j : j + s * at;
					y[b * s * s + i] = 1;
					for (int c = 0; c < 3; c++)
						x[(b * 3 + c) * s * s + i] = v;
				}
			}
		}
		for (int i = 0; i < x.length; i++)
			x[i] = x[i] * 2 - 1;
		INDArray target = Nd4j.create(y, new long[] { n, 1, s, s });
		float[] w = new float[y.length];
		BatchMaker.detectionWeights(y, w, BatchMaker.MAX_POSITIVE_WEIGHT);
		return new Batch(0, Nd4j.create(x, new long[] { n, 3, s, s }), target, Nd4j.create(w, new long[] { n, 1, s, s }));
	}

	@Test
	void aTinyDetectorLearnsScratchesWellAboveTheTrivialMask() {
		ComputationGraph g = GeneratorSpec.preset("tiny", Task.DETECT).build(7);
		g.setLearningRate(2e-3);
		Pix2Pix trainer = new Pix2Pix(g, new PatchDiscriminator(4, 8, 2, 1, org.nd4j.linalg.api.buffer.DataType.FLOAT)
			.build(), 1);
		Rng rng = new Rng(11);
		Batch test = scratches(8, 32, new Rng(99));
		double before = Trainer.f1(g.output(false, test.input)[0], test.target, 0.5);
		double first = 0, last = 0;
		for (int step = 0; step < 60; step++) {
			Nd4j.getRandom().setSeed(step);
			Batch b = scratches(8, 32, rng);
			Pix2Pix.Losses l = trainer.stepWeightedBce(b.input, b.target, b.weights);
			if (step < 5) first += l.bce / 5;
			if (step >= 55) last += l.bce / 5;
		}
		double after = Trainer.f1(g.output(false, test.input)[0], test.target, 0.5);
		double p = test.target.meanNumber().doubleValue();
		double trivial = 2 * p / (1 + p); // marking everything
		String what = "F1 " + after + " (before " + before + ", trivial " + trivial + "), loss " + first + " -> " + last;
		assertTrue(last < 0.7 * first, "the loss falls: " + what);
		assertTrue(after > trivial + 0.3, what);
	}

	@Test
	void theTrainerRunsDetectionAndKeepsTheBestF1() throws IOException {
		List<String> log = new ArrayList<>();
		Trainer.Result r = new Trainer(config(), TrainingData.of(photos(2, 3), 1, 256, "two photos"), null, dir)
			.run(new Progress() {

				@Override
				public void log(String message) {
					log.add(message);
				}
			});
		assertEquals(4, r.steps);
		ModelFile m = ModelFile.load(r.bestModel, Task.DETECT);
		assertEquals(GeneratorSpec.SIGMOID, m.metadata().generator.outputActivation());
		assertTrue(m.metadata().provenance.validation.containsKey("best_score_f1"), m.metadata().provenance.validation
			.toString());
		assertTrue(r.bestScore >= 0 && r.bestScore <= 1, "an F1: " + r.bestScore);
		assertTrue(log.stream().anyMatch(s -> s.matches("step \\d+: validation F1 [0-9.]+.*")), log.toString());
		List<String> losses = java.nio.file.Files.readAllLines(dir.resolve(Trainer.LOSSES));
		assertTrue(losses.get(1).matches("0,bce,[0-9.]+,.*"), losses.get(1));
	}
}
