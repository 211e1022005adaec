package org.revivegan.testing;

import java.io.IOException;
import java.nio.file.Path;

import org.revivegan.core.model.GeneratorSpec;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.ModelMetadata;
import org.revivegan.core.model.Task;

/** Tiny untrained models for tests: small tiles so that tiling, padding and blending are exercised on small images. */
public final class TinyModels {

	private TinyModels() {}

	public static ModelFile model(Task task) {
		ModelMetadata m = new ModelMetadata();
		m.task = task.id();
		m.name = "tiny " + task.id();
		m.generator = GeneratorSpec.preset("tiny", task);
		m.tileSize = 32;
		m.tileOverlap = 8;
		m.workingSize = 40;
		return new ModelFile(m, m.generator.build(1));
	}

	/** @return {@code file}, holding a tiny model */
	public static Path save(Task task, Path file) throws IOException {
		model(task).save(file, true);
		return file;
	}
}
