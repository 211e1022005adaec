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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.util.Rng;

/** A run's checkpoint exported as a model file is the model the run would have written at that step. */
class ExportCheckpointTest {

	@TempDir
	Path dir;

	@Test
	void theExportedCheckpointEqualsTheRunsModelAtTheSameStep() throws IOException {
		Rng rng = new Rng(5);
		List<ArrayImg<FloatType, FloatArray>> photos = new ArrayList<>();
		for (int n = 0; n < 2; n++) {
			ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(40, 40, 3);
			for (FloatType t : img)
				t.set((float) rng.nextDouble());
			photos.add(img);
		}
		TrainingConfig c = new TrainingConfig();
		c.task = Task.INPAINT.id();
		c.preset = "tiny";
		c.crop = 32;
		c.batch = 2;
		c.l1Steps = 2;
		c.ganSteps = 1;
		c.validationCrops = 2;
		c.discriminatorWidth = 8;
		c.discriminatorLayers = 2;
		Path run = dir.resolve("run");
		Trainer.Result r = new Trainer(c, TrainingData.of(photos, 1, 256, "noise"), null, run).run(Progress.NONE);

		Path exported = dir.resolve("exported.zip");
		assertEquals(3, Trainer.exportCheckpoint(run, exported, "two noise photos"));
		ModelFile a = ModelFile.load(r.model, Task.INPAINT), b = ModelFile.load(exported, Task.INPAINT);
		assertEquals(a.generator().params(), b.generator().params());
		assertEquals(3, b.metadata().provenance.steps);
		assertEquals(2, b.metadata().provenance.l1Steps);
		assertEquals("two noise photos", b.metadata().provenance.data);

		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainer.exportCheckpoint(dir
			.resolve("nothing"), exported, "x"));
		assertTrue(e.getMessage().contains("No checkpoint"), e.getMessage());
	}
}
