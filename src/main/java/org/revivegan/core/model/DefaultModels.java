package org.revivegan.core.model;

import java.io.IOException;
import java.io.InputStream;

/**
 * The models that ship inside the plugin, so that everything works on first launch without a download.
 * They are resources of the jar: {@code /org/revivegan/models/<task>.zip}.
 */
public final class DefaultModels {

	private DefaultModels() {}

	/** @return the resource path of a task's default model */
	public static String resource(Task task) {
		return "/org/revivegan/models/" + task.id() + ".zip";
	}

	/** @return whether this build carries a default model for the task */
	public static boolean available(Task task) {
		return DefaultModels.class.getResource(resource(task)) != null;
	}

	/**
	 * @throws ModelFormatException if this build has no default model for the task, saying what to do instead
	 */
	public static ModelFile load(Task task) throws IOException {
		try (InputStream in = DefaultModels.class.getResourceAsStream(resource(task))) {
			if (in == null) throw new ModelFormatException("This build of ReviveGAN has no default " + task.id() +
				" model. Choose a model file (train one with " + (task == Task.DETECT ?
					"'revive train --task detect', see docs/detection.md" : "'revive train' or Train " +
						(task == Task.INPAINT ? "Inpainting" : "Colorization") + " Model") + ").");
			return ModelFile.read(in, "default " + task.id() + " model", task);
		}
	}
}
