package org.revivegan.spark;

import java.io.IOException;
import java.nio.file.Path;

import org.revivegan.core.model.GeneratorSpec;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.ModelMetadata;
import org.revivegan.core.model.Task;

/**
 * Tiny untrained models for tests (as the plugin's own tests make them): small tiles, so that tiling is exercised
 * on small images, and a detector whose answer is known without training.
 */
final class TinyModels {

	private TinyModels() {}

	static ModelFile model(Task task) {
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
	static Path save(Task task, Path file) throws IOException {
		model(task).save(file, true);
		return file;
	}

	/**
	 * @return {@code file}, holding a detection model whose parameters are all zero: it says "probability 0.5" at
	 *         every pixel, so a threshold below 0.5 marks the whole photo and one above marks nothing
	 */
	static Path saveFlatDetector(Path file) throws IOException {
		ModelFile m = model(Task.DETECT);
		m.generator().params().assign(0);
		m.save(file, true);
		return file;
	}
}
