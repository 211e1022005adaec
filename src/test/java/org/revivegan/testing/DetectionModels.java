package org.revivegan.testing;

import java.io.IOException;
import java.nio.file.Path;

import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;

/** Detection models for tests whose output is known without training. */
public final class DetectionModels {

	private DetectionModels() {}

	/**
	 * @return a tiny detection model whose parameters are all zero, so that it says "probability 0.5" at every
	 *         pixel: a threshold below 0.5 marks the whole image, one above marks nothing
	 */
	public static ModelFile flat() {
		ModelFile m = TinyModels.model(Task.DETECT);
		m.generator().params().assign(0);
		return m;
	}

	/** @return {@code file}, holding {@link #flat()} */
	public static Path saveFlat(Path file) throws IOException {
		flat().save(file, true);
		return file;
	}
}
