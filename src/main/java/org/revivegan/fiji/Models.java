package org.revivegan.fiji;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.revivegan.core.model.DefaultModels;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.ModelFormatException;
import org.revivegan.core.model.Task;

/**
 * Resolves the "model" parameter of the commands: empty, "default" or another name of
 * {@link DefaultModels#names} means a model installed with the plugin, anything else is a model file. Loaded
 * models are cached by name, or by file and modification time, so that running a command over many images (a
 * macro loop) loads the model once.
 */
public final class Models {

	/** The value of the model parameter that selects the default model. */
	public static final String DEFAULT = DefaultModels.DEFAULT;

	private static final Map<String, ModelFile> CACHE = new ConcurrentHashMap<>();

	private Models() {}

	/** Forgets the loaded models (for tests). */
	static void forget() {
		CACHE.clear();
	}

	public static ModelFile load(String model, Task task) throws IOException {
		java.util.Optional<String> name = DefaultModels.nameOf(model, task);
		String key;
		if (name.isPresent()) key = "default:" + task.id() + ":" + name.get();
		else {
			Path file = DefaultModels.fileOf(model);
			key = file.toAbsolutePath() + "@" + file.toFile().lastModified() + ":" + task.id();
		}
		ModelFile cached = CACHE.get(key);
		if (cached == null && name.isPresent() && !DefaultModels.available(task)) throw new ModelFormatException(
			DefaultModels.missing(task) + " In Fiji, Help > Update... installs the models with the plugin (into " +
			"Fiji.app/" + DefaultModels.FOLDER + "/); " + (task == Task.DETECT ? "'revive train --task detect' " +
				"trains a detection model (see docs/detection.md)." : "Plugins > ReviveGAN > Train " + (task ==
					Task.INPAINT ? "Inpainting" : "Colorization") + " Model trains one."));
		if (cached == null) {
			cached = DefaultModels.resolve(model, task);
			CACHE.put(key, cached);
		}
		return cached;
	}
}
