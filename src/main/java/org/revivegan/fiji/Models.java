package org.revivegan.fiji;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.revivegan.core.model.DefaultModels;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.ModelFormatException;
import org.revivegan.core.model.Task;

/**
 * Resolves the "model" parameter of the commands: empty, "default" or another name of
 * {@link DefaultModels#names} ("faithful", "realistic") means a model installed with the plugin, anything else is
 * a model file. Loaded models are cached by file and modification time, so that running a command over many
 * images (a macro loop) loads the model once.
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

	/**
	 * @param model the model parameter: a name of {@link DefaultModels#names} (blank is the default) or a model
	 *        file
	 * @throws ModelFormatException if the model cannot be loaded, saying why and, for a shipped model that is not
	 *         installed, how to install or train one in Fiji
	 */
	public static ModelFile load(String model, Task task) throws IOException {
		Optional<String> name = DefaultModels.nameOf(model, task);
		Path file = name.isPresent() ? DefaultModels.find(task, name.get()).orElseThrow(() -> notInstalled(task, name
			.get())) : DefaultModels.fileOf(model);
		// by file and modification time, a shipped model too: another models folder, or a newer file, is loaded again
		String key = file.toAbsolutePath() + "@" + file.toFile().lastModified() + ":" + task.id() + name.map(n -> ":" +
			n).orElse("");
		ModelFile cached = CACHE.get(key);
		if (cached == null) {
			cached = DefaultModels.resolve(model, task);
			CACHE.put(key, cached);
		}
		return cached;
	}

	private static ModelFormatException notInstalled(Task task, String name) {
		return new ModelFormatException(DefaultModels.missing(task, name) + " In Fiji, Help > Update... installs " +
			"the models with the plugin (into Fiji.app/" + DefaultModels.FOLDER + "/); " + (task == Task.DETECT ?
				"'revive train --task detect' trains a detection model (see docs/detection.md)." : "Plugins > " +
					"ReviveGAN > Train " + (task == Task.INPAINT ? "Inpainting" : "Colorization") + " Model trains one."));
	}
}
