package org.revivegan.core.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;

/** Banded validation, the weight average (EMA), warm starts and the time budget of {@link Trainer}. */
class TrainerOptionsTest {

	@TempDir
	Path dir;

	@Test
	void inpaintingValidationScoresEveryBandInItsOwnColumn() throws IOException {
		TrainingConfig c = TrainerTest.config(Task.INPAINT);
		c.validationBands = true;
		c.ganSteps = 0;
		new Trainer(c, TrainerTest.photos(4, 1), TrainerTest.photos(3, 9), dir).run(Progress.NONE);
		List<String> rows = Files.readAllLines(dir.resolve(Trainer.VALIDATION));
		assertEquals("step,score_db,psnr_scratches,psnr_0-10,psnr_10-20,psnr_20-30,psnr_30-40,psnr_40-50," +
			"detail_scratches,detail_0-10,detail_10-20,detail_20-30,detail_30-40,detail_40-50", rows.get(0));
		String[] last = rows.get(rows.size() - 1).split(",", -1);
		assertEquals(14, last.length, rows.get(rows.size() - 1));
		for (int k = 8; k < 14; k++) {
			double detail = Double.parseDouble(last[k]);
			assertTrue(detail > 0 && detail < 10, "detail ratio of band " + (k - 8) + ": " + detail);
		}
		assertEquals("3", last[0]);
		double mean = 0;
		for (int k = 2; k < 8; k++)
			mean += Double.parseDouble(last[k]) / 6;
		assertEquals(mean, Double.parseDouble(last[1]), 1e-3, "the score is the mean over bands");
		// more damage, lower PSNR: thin scratches score far above half-covered crops
		assertTrue(Double.parseDouble(last[2]) > Double.parseDouble(last[7]) + 3, rows.get(rows.size() - 1));
	}

	@Test
	void aRunWhoseValidationHistoryHasNoDetailColumnsResumesWithThemEmptyInTheOldRows() throws IOException {
		TrainingConfig c = TrainerTest.config(Task.INPAINT);
		c.validationBands = true;
		c.ganSteps = 0;
		TrainingData train = TrainerTest.photos(4, 1), val = TrainerTest.photos(3, 9);
		new Trainer(c, train, val, dir).run(Progress.NONE);
		// as an older version wrote it: the first 8 columns
		Path file = dir.resolve(Trainer.VALIDATION);
		List<String> old = new java.util.ArrayList<>();
		for (String line : Files.readAllLines(file))
			old.add(String.join(",", java.util.Arrays.copyOf(line.split(",", -1), 8)));
		Files.write(file, old);
		TrainingConfig longer = TrainerTest.config(Task.INPAINT);
		longer.validationBands = true;
		longer.ganSteps = 3; // extends the finished run by 3 steps: one more validation
		new Trainer(longer, train, val, dir).run(Progress.NONE);
		List<String> rows = Files.readAllLines(file);
		assertEquals(3, rows.size(), rows.toString());
		assertTrue(rows.get(0).endsWith(",psnr_40-50,detail_scratches,detail_0-10,detail_10-20,detail_20-30," +
			"detail_30-40,detail_40-50"), rows.get(0));
		assertEquals(old.get(1) + ",,,,,,", rows.get(1), "the old row, its detail not measured");
		String[] resumed = rows.get(2).split(",", -1);
		assertEquals("6", resumed[0]);
		assertEquals(14, resumed.length);
		for (String v : resumed)
			assertFalse(v.isEmpty(), rows.get(2));
	}

	@Test
	void detailRatioOfTheValidationCropsPoolsTheirMasks() {
		// two 4x4 crops; in crop 0 the truth has a vertical edge (steps of 1 in [-1, 1]) inside the mask,
		// in crop 1 the truth is flat under its mask
		INDArray input = Nd4j.zeros(2, 4, 4, 4);
		INDArray target = Nd4j.zeros(2, 3, 4, 4);
		for (int y = 0; y < 4; y++)
			for (int x = 0; x < 4; x++) {
				input.putScalar(new long[] { 0, 3, y, x }, 1);
				if (x >= 2) input.putScalar(new long[] { 1, 3, y, x }, 1);
				for (int ch = 0; ch < 3; ch++)
					target.putScalar(new long[] { 0, ch, y, x }, x % 2 == 0 ? -0.5 : 0.5);
			}
		Trainer.ValidationSet set = new Trainer.ValidationSet("0-10", new Batch(0, input, target, null));
		assertEquals(1, set.detailRatio(target), 1e-9, "the truth itself");
		assertEquals(0, set.detailRatio(Nd4j.zeros(2, 3, 4, 4)), 0, "a flat fill");
		// outside the masks (the left half of crop 1) the output does not count
		INDArray elsewhere = target.dup();
		for (int y = 0; y < 4; y++)
			elsewhere.putScalar(new long[] { 1, 0, y, 0 }, 0.9);
		assertEquals(1, set.detailRatio(elsewhere), 1e-9);
		// half the contrast inside crop 0 (L* is not linear, so not exactly half the ratio)
		double halved = set.detailRatio(target.mul(0.5));
		assertTrue(halved > 0.3 && halved < 0.7, "half the contrast: " + halved);
	}

	@Test
	void meanCropPsnrIsThatOfTheCompositedCrop() {
		// one 2x2 crop, one damaged pixel whose output is off by 0.2 (in [-1, 1]) in every channel
		INDArray input = Nd4j.zeros(1, 4, 2, 2);
		input.putScalar(new long[] { 0, 3, 1, 1 }, 1);
		INDArray target = Nd4j.zeros(1, 3, 2, 2);
		INDArray out = Nd4j.ones(1, 3, 2, 2); // wrong everywhere, but only the damaged pixel counts
		out.put(new org.nd4j.linalg.indexing.INDArrayIndex[] { org.nd4j.linalg.indexing.NDArrayIndex.point(0),
			org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(1),
			org.nd4j.linalg.indexing.NDArrayIndex.point(1) }, Nd4j.valueArrayOf(new long[] { 3 }, 0.2));
		double mse = 0.1 * 0.1 / 4; // error 0.1 in [0, 1] on 1 of 4 pixels, all channels
		assertEquals(10 * Math.log10(1 / mse), Trainer.meanCropPsnr(out, new Batch(0, input, target, null)), 1e-4);
	}

	@Test
	void weightAverageIsCheckpointedResumedAndSaved() throws IOException {
		TrainingConfig c = TrainerTest.config(Task.INPAINT);
		c.emaDecay = 0.5;
		Trainer.Result full = new Trainer(c, TrainerTest.photos(4, 1), null, dir.resolve("full")).run(Progress.NONE);
		Checkpoint.Loaded loaded = Checkpoint.load(dir.resolve("full").resolve(Trainer.CHECKPOINT));
		INDArray raw = c.generator.build(c.seed).params().dup();
		loaded.restore(c.generator.build(c.seed), new org.revivegan.core.nets.PatchDiscriminator(7, 8, 2, 6,
			org.nd4j.linalg.api.buffer.DataType.FLOAT, c.discriminatorNorm).build());
		INDArray ema = raw.dup();
		assertTrue(loaded.restoreEma(ema));
		INDArray saved = ModelFile.load(full.model).generator().params();
		// model files hold float16 weights: equal to within their rounding
		assertEquals(0, ema.sub(saved).norm1Number().doubleValue() / ema.length(), 1e-4, "model.zip holds the average");
		// the average is not the last raw weights
		org.deeplearning4j.nn.graph.ComputationGraph g = c.generator.build(c.seed);
		loaded.restore(g, new org.revivegan.core.nets.PatchDiscriminator(7, 8, 2, 6,
			org.nd4j.linalg.api.buffer.DataType.FLOAT, c.discriminatorNorm).build());
		assertTrue(g.params().sub(ema).norm1Number().doubleValue() / ema.length() > 1e-6);

		// a run cancelled and resumed ends with the same average as the uninterrupted one
		Path split = dir.resolve("split");
		TrainingConfig c2 = TrainerTest.config(Task.INPAINT);
		c2.emaDecay = 0.5;
		c2.l1Steps = 2;
		c2.ganSteps = 0;
		new Trainer(c2, TrainerTest.photos(4, 1), null, split).run(Progress.NONE);
		TrainingConfig c3 = TrainerTest.config(Task.INPAINT);
		c3.emaDecay = 0.5;
		Trainer.Result resumed = new Trainer(c3, TrainerTest.photos(4, 1), null, split).run(Progress.NONE);
		INDArray a = ModelFile.load(resumed.model).generator().params();
		assertEquals(0, a.sub(saved).norm1Number().doubleValue() / a.length(), 1e-5);
	}

	@Test
	void warmStartTakesTheModelsArchitectureAndWeights() throws IOException {
		TrainingConfig c = TrainerTest.config(Task.INPAINT);
		c.ganSteps = 0;
		Trainer.Result first = new Trainer(c, TrainerTest.photos(4, 1), null, dir.resolve("first")).run(Progress.NONE);

		TrainingConfig w = TrainerTest.config(Task.INPAINT);
		w.preset = "small"; // replaced by the model's own architecture
		w.generator = null;
		w.crop = 64;
		w.initFrom = first.model.toString();
		w.l1Steps = 1;
		w.ganSteps = 0;
		w.learningRate = 1e-12; // (almost) no change: the run's model must be the warm start's
		Trainer.Result second = new Trainer(w, TrainerTest.photos(4, 1), null, dir.resolve("second")).run(Progress.NONE);
		ModelFile a = ModelFile.load(first.model), b = ModelFile.load(second.model);
		assertEquals(a.metadata().generator.toString(), b.metadata().generator.toString());
		INDArray pa = a.generator().params(), pb = b.generator().params();
		assertEquals(0, pa.sub(pb).norm1Number().doubleValue() / pa.length(), 1e-4);

		TrainingConfig wrong = TrainerTest.config(Task.COLORIZE);
		wrong.initFrom = first.model.toString();
		assertThrows(IOException.class, () -> new Trainer(wrong, TrainerTest.photos(4, 1), null, dir.resolve("third"))
			.run(Progress.NONE), "an inpainting model cannot start a colourisation run");
	}

	@Test
	void timeBudgetEndsTheRunAtAResumableStep() throws IOException {
		TrainingConfig c = TrainerTest.config(Task.INPAINT);
		Trainer.Result r = new Trainer(c, TrainerTest.photos(4, 1), null, dir).timeBudget(0).run(Progress.NONE);
		assertEquals(1, r.steps, "a zero budget stops after the first step");
		assertTrue(Files.exists(dir.resolve(Trainer.FINAL)));
		assertEquals(1, Checkpoint.load(dir.resolve(Trainer.CHECKPOINT)).state.step);
		assertEquals(6, new Trainer(TrainerTest.config(Task.INPAINT), TrainerTest.photos(4, 1), null, dir).run(Progress.NONE)
			.steps);
	}

	/**
	 * A run started from a model averages its weights with the full EMA decay from the first step: the warm
	 * start is already an average, which a warm-up would forget at once. A new run warms up.
	 */
	@Test
	void aWarmStartsWeightAverageKeepsTheFullDecayFromTheFirstStep() throws IOException {
		TrainingConfig c = TrainerTest.config(Task.INPAINT);
		c.l1Steps = 1;
		c.ganSteps = 0;
		Trainer.Result first = new Trainer(c, TrainerTest.photos(4, 1), null, dir.resolve("first")).run(Progress.NONE);
		INDArray init = ModelFile.load(first.model).generator().params().dup();
		for (boolean warm : new boolean[] { true, false }) {
			TrainingConfig w = TrainerTest.config(Task.INPAINT);
			w.l1Steps = 1;
			w.ganSteps = 0;
			w.emaDecay = 0.9;
			w.learningRate = 1e-2; // a step that moves the weights well away from the start
			if (warm) w.initFrom = first.model.toString();
			Path run = dir.resolve(warm ? "warm" : "new");
			new Trainer(w, TrainerTest.photos(4, 1), null, run).run(Progress.NONE);
			Checkpoint.Loaded loaded = Checkpoint.load(run.resolve(Trainer.CHECKPOINT));
			INDArray stepped = init.dup(), ema = init.dup();
			loaded.restoreGeneratorParams(stepped);
			assertTrue(loaded.restoreEma(ema));
			assertTrue(stepped.sub(init).norm1Number().doubleValue() / init.length() > 1e-4, "the step moved the weights");
			if (warm) {
				INDArray expected = init.mul(0.9).addi(stepped.mul(0.1));
				assertEquals(0, expected.sub(ema).norm1Number().doubleValue() / ema.length(), 1e-7, "0.9 start + 0.1 step");
			}
			else {
				// a new run starts from its own random weights and warms up: (1 + 1) / (10 + 1) at the first step
				INDArray random = w.resolve().generator.build(w.seed).params();
				double d = 2.0 / 11;
				INDArray expected = random.mul(d).addi(stepped.mul(1 - d));
				assertEquals(0, expected.sub(ema).norm1Number().doubleValue() / ema.length(), 1e-7, "the warm-up's decay");
			}
		}
	}
}
