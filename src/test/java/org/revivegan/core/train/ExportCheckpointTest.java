package org.revivegan.core.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;

/** A run's checkpoint exported as a model file is the model the run would have written at that step. */
class ExportCheckpointTest {

	@TempDir
	Path dir;

	@Test
	void theExportedCheckpointEqualsTheRunsModelAtTheSameStep() throws IOException {
		TrainingConfig c = TrainerTest.config(Task.INPAINT);
		c.l1Steps = 2;
		c.ganSteps = 1;
		Path run = dir.resolve("run");
		Trainer.Result r = new Trainer(c, TrainerTest.photos(2, 5), null, run).run(Progress.NONE);

		Path exported = dir.resolve("exported.zip");
		assertEquals(3, Trainer.exportCheckpoint(run, exported, "two synthetic photos"));
		ModelFile a = ModelFile.load(r.model, Task.INPAINT), b = ModelFile.load(exported, Task.INPAINT);
		assertEquals(a.generator().params(), b.generator().params());
		assertEquals(3, b.metadata().provenance.steps);
		assertEquals(2, b.metadata().provenance.l1Steps);
		assertEquals("two synthetic photos", b.metadata().provenance.data);

		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainer.exportCheckpoint(dir
			.resolve("nothing"), exported, "x"));
		assertTrue(e.getMessage().contains("No checkpoint"), e.getMessage());
	}
}
