package org.revivegan.fiji;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.revivegan.core.model.DefaultModels;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;

/**
 * Resolves the "model" parameter of the commands: empty or "default" means the default model (installed with the
 * plugin, DefaultModels),
 * anything else is a model file. Loaded models are cached by file and modification time, so that running a
 * command over many images (a macro loop) loads the model once.
 */
public final class Models {

	/** The value of the model parameter that selects the default model. */
	public static final String DEFAULT = "default";

	private static final Map<String, ModelFile> CACHE = new ConcurrentHashMap<>();

	private Models() {}

	public static ModelFile load(String model, Task task) throws IOException {
		String m = model == null ? "" : model.trim();
		if (m.startsWith("[") && m.endsWith("]")) m = m.substring(1, m.length() - 1).trim();
		if (m.isEmpty() || DEFAULT.equalsIgnoreCase(m)) {
			String key = "default:" + task.id();
			ModelFile cached = CACHE.get(key);
			if (cached == null) {
				cached = DefaultModels.load(task);
				CACHE.put(key, cached);
			}
			return cached;
		}
		Path file = Paths.get(m);
		long modified = file.toFile().lastModified();
		String key = file.toAbsolutePath() + "@" + modified + ":" + task.id();
		ModelFile cached = CACHE.get(key);
		if (cached == null) {
			cached = ModelFile.load(file, task);
			CACHE.put(key, cached);
		}
		return cached;
	}
}
