package org.revivegan.core.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.util.Rng;

class TrainerTest {

	@TempDir
	Path dir;

	/** Smooth colourful synthetic photos: sums of random sinusoids per channel. */
	static TrainingData photos(int count, long seed) {
		Rng rng = new Rng(seed);
		List<ArrayImg<FloatType, FloatArray>> list = new ArrayList<>();
		for (int n = 0; n < count; n++) {
			int w = 48 + rng.nextInt(32), h = 40 + rng.nextInt(32);
			ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(w, h, 3);
			float[] a = img.update(null).getCurrentStorageArray();
			for (int c = 0; c < 3; c++) {
				double fx = rng.uniform(0.02, 0.2), fy = rng.uniform(0.02, 0.2), ph = rng.uniform(0, 6);
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++)
						a[c * w * h + x + w * y] = (float) (0.5 + 0.4 * Math.sin(fx * x + fy * y + ph));
			}
			list.add(img);
		}
		return TrainingData.of(list, 1, 256, "synthetic");
	}

	static TrainingConfig config(Task task) {
		TrainingConfig c = new TrainingConfig();
		c.task = task.id();
		c.preset = "tiny";
		c.crop = 32;
		c.batch = 2;
		c.l1Steps = 3;
		c.ganSteps = 3;
		c.checkpointEvery = 2;
		c.validateEvery = 3;
		c.validationCrops = 2;
		c.discriminatorWidth = 8;
		c.discriminatorLayers = 2;
		c.seed = 5;
		return c;
	}

	/**
	 * A run checkpointed before the discriminator's normalisation was a setting (no discriminatorNorm in its
	 * config.json) had BatchNorm in D: it resumes with that discriminator, while a new run gets none.
	 */
	@Test
	void aCheckpointWithoutTheDiscriminatorNormResumesWithBatchNorm() throws IOException {
		TrainingData data = photos(4, 1);
		Path run = dir.resolve("legacy-d");
		TrainingConfig old = config(Task.INPAINT);
		old.discriminatorNorm = org.revivegan.core.nets.PatchDiscriminator.NORM_BATCH;
		old.l1Steps = 1;
		old.ganSteps = 1;
		new Trainer(old, data, null, run).run(Progress.NONE);
		Path checkpoint = run.resolve(Trainer.CHECKPOINT);
		assertEquals(org.revivegan.core.nets.PatchDiscriminator.NORM_BATCH, Checkpoint.load(checkpoint).config
			.discriminatorNorm);
		// rewrite config.json as an older version wrote it: without the field
		Path legacy = dir.resolve("legacy.zip");
		try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(Files.newInputStream(checkpoint));
			java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(legacy)))
		{
			for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null;) {
				byte[] bytes = in.readAllBytes();
				if (e.getName().equals("config.json")) {
					String json = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
					String stripped = json.replaceAll("\\s*\"discriminatorNorm\"\\s*:\\s*\"batch\"\\s*,?", "");
					assertNotEquals(json, stripped);
					bytes = stripped.getBytes(java.nio.charset.StandardCharsets.UTF_8);
				}
				out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
				out.write(bytes);
			}
		}
		Files.move(legacy, checkpoint, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		assertEquals(org.revivegan.core.nets.PatchDiscriminator.NORM_BATCH, Checkpoint.load(checkpoint).config
			.discriminatorNorm);
		TrainingConfig more = config(Task.INPAINT);
		more.l1Steps = 1;
		more.ganSteps = 3;
		assertEquals(4, new Trainer(more, data, null, run).run(Progress.NONE).steps, "resumed with its BatchNorm D");
		assertEquals(org.revivegan.core.nets.PatchDiscriminator.NORM_NONE, new TrainingConfig().discriminatorNorm,
			"a new run's default");
	}

	@ParameterizedTest
	@ValueSource(strings = { "inpaint", "colorize" })
	void resumedRunContinuesAsIfNeverStopped(String taskName) throws IOException {
		Task task = Task.parse(taskName);
		TrainingData data = photos(4, 1);
		Trainer.Result full = new Trainer(config(task), data, null, dir.resolve("full")).run(Progress.NONE);
		assertEquals(6, full.steps);

		Path run = dir.resolve("split");
		Progress cancelAfter4 = new Progress() {

			double done;

			@Override
			public void progress(double fraction) {
				done = fraction;
			}

			@Override
			public boolean isCanceled() {
				return done >= 4.0 / 6 - 1e-9;
			}
		};
		assertThrows(CancellationException.class, () -> new Trainer(config(task), data, null, run).run(cancelAfter4));
		assertTrue(Files.exists(run.resolve(Trainer.CHECKPOINT)));
		assertEquals(4, Checkpoint.load(run.resolve(Trainer.CHECKPOINT)).state.step);
		Trainer.Result resumed = new Trainer(config(task), data, null, run).run(Progress.NONE);
		assertEquals(6, resumed.steps);

		INDArray a = ModelFile.load(full.model).generator().params();
		INDArray b = ModelFile.load(resumed.model).generator().params();
		assertEquals(0, a.sub(b).norm1Number().doubleValue() / a.length(), 1e-6, "resumed weights differ");

		// the loss history holds each step once, and the same losses
		List<String> fullLosses = Files.readAllLines(dir.resolve("full").resolve(Trainer.LOSSES));
		List<String> splitLosses = Files.readAllLines(run.resolve(Trainer.LOSSES));
		assertEquals(7, fullLosses.size());
		assertEquals(7, splitLosses.size());
		for (int i = 1; i < 7; i++)
			assertEquals(columns(fullLosses.get(i), 6), columns(splitLosses.get(i), 6), "step " + i);

		// colourisation validation also scores each crop's PSNR, SSIM and the colourfulness ratio, inpainting the
		// detail ratio
		List<String> validation = Files.readAllLines(run.resolve(Trainer.VALIDATION));
		assertEquals(task == Task.COLORIZE ? "step,score_db,psnr_crop_mean,ssim,colorfulness_ratio" :
			"step,score_db,detail_ratio", validation.get(0));
		assertEquals(validation.get(0).split(",").length, validation.get(1).split(",", -1).length, validation.get(1));

		ModelFile m = ModelFile.load(resumed.bestModel, task);
		assertEquals(task, m.task());
		assertTrue(m.metadata().provenance.steps > 0);
		assertEquals("synthetic", m.metadata().provenance.data);
	}

	private static String columns(String line, int n) {
		String[] parts = line.split(",");
		return String.join(",", java.util.Arrays.copyOf(parts, Math.min(n, parts.length)));
	}

	@Test
	void refusesAFolderOfTheOtherTask() throws IOException {
		TrainingData data = photos(2, 2);
		TrainingConfig c = config(Task.COLORIZE);
		c.l1Steps = 1;
		c.ganSteps = 0;
		new Trainer(c, data, null, dir.resolve("run")).run(Progress.NONE);
		TrainingConfig other = config(Task.INPAINT);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new Trainer(other, data, null, dir.resolve("run")).run(Progress.NONE));
		assertTrue(e.getMessage().contains("colorize run"), e.getMessage());
	}

	@Test
	void batchesDependOnlyOnSeedAndStep() {
		TrainingConfig c = config(Task.INPAINT).resolve();
		BatchMaker maker = new BatchMaker(c, photos(3, 3));
		Batch a = maker.make(7, Rng.forStep(5, 7));
		Batch b = maker.make(7, Rng.forStep(5, 7));
		Batch other = maker.make(8, Rng.forStep(5, 8));
		assertEquals(a.input, b.input);
		assertEquals(a.target, b.target);
		assertNotEquals(a.input, other.input);
		assertArrayEquals(new long[] { 2, 4, 32, 32 }, a.input.shape());
		// the mask channel is binary and the hole weight applies where it is set
		INDArray mask = a.input.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
			org.nd4j.linalg.indexing.NDArrayIndex.point(3));
		double masked = mask.sumNumber().doubleValue();
		assertTrue(masked > 0, "some damage");
		assertEquals(masked * c.holeWeight + (mask.length() - masked), a.weights.sumNumber().doubleValue(), 1e-3);
	}

	@Test
	void invalidConfigurationsAreExplained() {
		TrainingConfig c = config(Task.INPAINT);
		c.crop = 20;
		assertTrue(assertThrows(IllegalArgumentException.class, c::resolve).getMessage().contains("multiple of 16"));
		TrainingConfig old = config(Task.COLORIZE).resolve();
		old.generator.inChannels = 1; // a checkpoint of a colourisation run without hints
		assertTrue(assertThrows(IllegalArgumentException.class, old::resolve).getMessage().contains("older ReviveGAN"));
		TrainingConfig d = config(Task.INPAINT);
		d.preset = "nope";
		assertTrue(assertThrows(IllegalArgumentException.class, d::resolve).getMessage().contains("Unknown model preset"));
	}
}
