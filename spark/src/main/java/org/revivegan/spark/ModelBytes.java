package org.revivegan.spark;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.revivegan.core.model.DefaultModels;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.ModelFormatException;
import org.revivegan.core.model.Task;

/**
 * A model file's bytes, as they travel to the executors in a broadcast: a few MB to a few tens of MB, sent once
 * to each executor rather than with every task, and turned into a network there by {@link ExecutorModels}.
 */
final class ModelBytes implements Serializable {

	private static final long serialVersionUID = 1L;

	private final Task task;
	private final String name;
	private final byte[] bytes;
	private final String sha256;

	private ModelBytes(Task task, String name, byte[] bytes) {
		this.task = task;
		this.name = name;
		this.bytes = bytes;
		this.sha256 = HadoopFiles.hex(HadoopFiles.sha256().digest(bytes));
	}

	/**
	 * @param file a model file on any Hadoop file system, or null for the default model bundled with ReviveGAN
	 * @throws ModelFormatException if there is no such file, or no default model, saying what to do
	 */
	static ModelBytes of(Task task, String file, Configuration conf) throws IOException {
		if (file == null) { // the driver's default model (found as the plugin finds it), sent to the executors
			java.util.Optional<java.nio.file.Path> found = DefaultModels.find(task);
			if (found.isEmpty()) DefaultModels.load(task); // throws, saying what to do
			return new ModelBytes(task, "default " + task.id() + " model", java.nio.file.Files.readAllBytes(found.get()));
		}
		Path p = new Path(file);
		try {
			return new ModelBytes(task, p.getName(), HadoopFiles.readBytes(HadoopFiles.fileSystem(p, conf), p));
		}
		catch (java.io.FileNotFoundException e) {
			throw new ModelFormatException("Model file not found: " + file + ". Check the path, or leave the option " +
				"out to use the default " + task.id() + " model.");
		}
	}

	/**
	 * Builds the network: the same checks and the same provenance (file name, SHA-256) as loading the file on the
	 * command line.
	 *
	 * @throws ModelFormatException if the file is not a model for this task, saying why
	 */
	ModelFile load() throws IOException {
		return ModelFile.read(new ByteArrayInputStream(bytes), name, task);
	}

	Task task() {
		return task;
	}

	String name() {
		return name;
	}

	/** @return the SHA-256 of the file, which the provenance records name it by */
	String sha256() {
		return sha256;
	}

	int size() {
		return bytes.length;
	}
}
