package org.revivegan.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.revivegan.core.model.DefaultModels;
import org.revivegan.core.model.GeneratorSpec;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.ModelMetadata;
import org.revivegan.core.model.Task;

/** Tiny untrained models for tests: small tiles so that tiling, padding and blending are exercised on small images. */
public final class TinyModels {

	/** The metadata name of the faithful inpainting model of {@link #inpaintModels}. */
	public static final String FAITHFUL = "tiny faithful";
	/** The metadata name of the realistic inpainting model of {@link #inpaintModels}. */
	public static final String REALISTIC = "tiny realistic";

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

	/** @return {@code file}, holding a tiny model called {@code name} in its metadata (to tell models apart) */
	public static Path save(Task task, String name, Path file) throws IOException {
		ModelFile m = model(task);
		m.metadata().name = name;
		m.save(file, true);
		return file;
	}

	/**
	 * @return {@code file}, holding a tiny colourisation model whose metadata recommends this working size (to tell
	 *         the model's own size from one a caller gives)
	 */
	public static Path saveColorize(int workingSize, Path file) throws IOException {
		ModelFile m = model(Task.COLORIZE);
		m.metadata().workingSize = workingSize;
		m.save(file, true);
		return file;
	}

	/**
	 * @param folder a models folder to make (or fill), for {@link #withModelsFolder}
	 * @param realistic whether it also holds the realistic inpainting model
	 * @return {@code folder}, holding the shipped inpainting models' files as tiny models: the faithful one (the
	 *         default) called {@value #FAITHFUL}, and the realistic one called {@value #REALISTIC}
	 */
	public static Path inpaintModels(Path folder, boolean realistic) throws IOException {
		Files.createDirectories(folder);
		save(Task.INPAINT, FAITHFUL, folder.resolve(DefaultModels.fileName(Task.INPAINT)));
		if (realistic) save(Task.INPAINT, REALISTIC, folder.resolve(DefaultModels.fileName(Task.INPAINT,
			DefaultModels.REALISTIC)));
		return folder;
	}

	/** What {@link #withModelsFolder} runs. */
	public interface Check {
		void run() throws Exception;
	}

	/**
	 * Runs {@code check} with the shipped models looked for in {@code folder} only ({@code -D}{@value
	 * DefaultModels#PROPERTY}), then sets the property back as it was.
	 */
	public static void withModelsFolder(Path folder, Check check) throws Exception {
		String old = System.getProperty(DefaultModels.PROPERTY);
		System.setProperty(DefaultModels.PROPERTY, folder.toString());
		try {
			check.run();
		}
		finally {
			if (old == null) System.clearProperty(DefaultModels.PROPERTY);
			else System.setProperty(DefaultModels.PROPERTY, old);
		}
	}
}
