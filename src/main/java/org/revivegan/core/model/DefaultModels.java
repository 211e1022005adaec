package org.revivegan.core.model;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The default models, so that everything works on first launch without a download. Each is its own versioned
 * file, {@code models/revivegan/<task>-<version>.zip}, not a resource of the plugin jar: a new plugin release
 * does not download the models again, and a new model is a new file. They are found, in this order:
 * <ol>
 * <li>in the folder that the system property {@value #PROPERTY} or the environment variable {@value #ENV}
 * names (only there, when it is set);</li>
 * <li>in {@code models/revivegan/} of the folder that holds this code, or of its parent or grandparent: in Fiji
 * the jar is {@code Fiji.app/plugins/ReviveGAN_-<v>.jar}, so {@code Fiji.app/models/revivegan/}; for
 * {@code ./revive} and the tests the code is {@code target/classes}, so the repository's
 * {@code models/revivegan/}.</li>
 * </ol>
 * A default model can also be chosen by name (the value of Fiji's {@code model=} or of {@code --model}):
 * {@value #DEFAULT} for each task, and {@value #FAITHFUL} for the inpainting model trained for fidelity (no
 * adversarial phase: the best PSNR and SSIM, the default for archives and quantitative work). {@link #resolve}
 * tells a name from a model file.
 */
public final class DefaultModels {

	/** System property naming the folder of the default models (overrides the search). */
	public static final String PROPERTY = "revivegan.models";
	/** Environment variable naming the folder of the default models (when the property is not set). */
	public static final String ENV = "REVIVEGAN_MODELS";
	/** Where the default models lie, relative to Fiji.app or the repository. */
	public static final String FOLDER = "models/revivegan";

	/**
	 * The version of each task's default model: a model that changes gets the next version, hence a new file
	 * name, and the update site ships it as a new file.
	 */
	private static final Map<Task, Integer> VERSIONS = new EnumMap<>(Map.of(Task.INPAINT, 2, Task.COLORIZE, 2,
		Task.DETECT, 1));

	/** The name of each task's default model. */
	public static final String DEFAULT = "default";
	/** The name of the inpainting model trained without an adversarial phase (the inpainting default). */
	public static final String FAITHFUL = "faithful";

	/** The names that choose a default model, per task, besides {@value #DEFAULT}; each is that task's default. */
	private static final Map<Task, List<String>> NAMES = new EnumMap<>(Map.of(Task.INPAINT, List.of(FAITHFUL),
		Task.COLORIZE, List.of(), Task.DETECT, List.of()));

	private DefaultModels() {}

	/** @return the names that choose a default model of the task: {@value #DEFAULT} first */
	public static List<String> names(Task task) {
		List<String> names = new ArrayList<>();
		names.add(DEFAULT);
		names.addAll(NAMES.get(task));
		return names;
	}

	/**
	 * @param spec the model parameter or option as the user gave it (a name, a file, blank; Fiji's brackets
	 *        around a value with spaces are dropped)
	 * @return the name of a default model of the task that {@code spec} names (blank is {@value #DEFAULT}), or
	 *         empty when {@code spec} is a model file
	 */
	public static Optional<String> nameOf(String spec, Task task) {
		String s = unbracket(spec);
		if (s.isEmpty()) return Optional.of(DEFAULT);
		String lower = s.toLowerCase(Locale.ROOT);
		if (names(task).contains(lower) && !Files.exists(Paths.get(s))) return Optional.of(lower);
		return Optional.empty();
	}

	/**
	 * Loads the model that the user chose: a default model by name, or a model file.
	 *
	 * @throws ModelFormatException if the file is not a model of the task, if the named model is not installed,
	 *         or if {@code spec} is neither a name nor an existing file (the message lists the names)
	 */
	public static ModelFile resolve(String spec, Task task) throws IOException {
		Optional<String> name = nameOf(spec, task);
		if (name.isPresent()) return load(task);
		Path file = fileOf(spec);
		if (!Files.exists(file)) throw new ModelFormatException("Model file not found: " + file + ". Check the " +
			"path, or name a model that ships with ReviveGAN: " + String.join(", ", names(task)) + ".");
		return ModelFile.load(file, task);
	}

	/**
	 * @param spec the model parameter or option as the user gave it (see {@link #nameOf})
	 * @return what the user chose, for a report or a log: {@code "default inpaint model"} (or another name's
	 *         {@code "faithful inpaint model"}) for a shipped model, else the model file's absolute path
	 */
	public static String label(String spec, Task task) {
		return nameOf(spec, task).map(n -> n + " " + task.id() + " model").orElseGet(() -> fileOf(spec)
			.toAbsolutePath().toString());
	}

	/** @return the model file that {@code spec} names when it is not a name (see {@link #nameOf}) */
	public static Path fileOf(String spec) {
		return Paths.get(unbracket(spec));
	}

	private static String unbracket(String spec) {
		String s = spec == null ? "" : spec.trim();
		if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1).trim();
		return s;
	}

	/** @return the file name of a task's default model, such as {@code inpaint-2.zip} */
	public static String fileName(Task task) {
		return task.id() + "-" + VERSIONS.get(task) + ".zip";
	}

	/** @return the folders searched for the default models, in order */
	public static List<Path> folders() {
		String override = System.getProperty(PROPERTY);
		if (override == null || override.isBlank()) override = System.getenv(ENV);
		return folders(codeLocation(), override);
	}

	/**
	 * @param code the jar or class folder that holds this code, or null if unknown
	 * @param override the folder named by {@value #PROPERTY} or {@value #ENV}, or null/blank
	 * @return the folders searched: the override alone if given, else models/revivegan of the code's folder and
	 *         of its two ancestors
	 */
	static List<Path> folders(Path code, String override) {
		List<Path> folders = new ArrayList<>();
		if (override != null && !override.isBlank()) {
			folders.add(Paths.get(override.trim()));
			return folders;
		}
		if (code == null) return folders;
		Path dir = Files.isDirectory(code) ? code : code.getParent();
		for (int up = 0; up < 3 && dir != null; up++, dir = dir.getParent())
			folders.add(dir.resolve(FOLDER));
		return folders;
	}

	private static Path codeLocation() {
		try {
			CodeSource source = DefaultModels.class.getProtectionDomain().getCodeSource();
			return source == null ? null : Paths.get(source.getLocation().toURI()).toAbsolutePath();
		}
		catch (URISyntaxException | RuntimeException e) {
			return null; // not a local file (a web start, a custom class loader): only the override is searched
		}
	}

	/** @return the file of a task's default model in the given folders, if there is one */
	static Optional<Path> find(Task task, List<Path> folders) {
		for (Path f : folders) {
			Path file = f.resolve(fileName(task));
			if (Files.isRegularFile(file)) return Optional.of(file);
		}
		return Optional.empty();
	}

	/** @return the file of a task's default model, if it is installed */
	public static Optional<Path> find(Task task) {
		return find(task, folders());
	}

	/** @return whether a default model for the task is installed */
	public static boolean available(Task task) {
		return find(task).isPresent();
	}

	/**
	 * @return why the task's default model cannot be loaded: where it was looked for and what to do, in words
	 *         that hold for every front end (Fiji and the command line add how to install or train one there)
	 */
	public static String missing(Task task) {
		return missing(task, folders());
	}

	private static String missing(Task task, List<Path> folders) {
		return "This installation of ReviveGAN has no default " + task.id() + " model: " + fileName(task) + " is in " +
			"none of " + folders + ". Reinstall ReviveGAN (the models go in " + FOLDER + "/ beside the plugin or the " +
			"launcher), point -D" + PROPERTY + " or " + ENV + " at the folder that holds it, or choose a model file.";
	}

	/**
	 * @throws ModelFormatException if no default model for the task is installed, saying where it was looked
	 *         for and what to do instead ({@link #missing})
	 */
	public static ModelFile load(Task task) throws IOException {
		List<Path> folders = folders();
		Optional<Path> file = find(task, folders);
		if (file.isEmpty()) throw new ModelFormatException(missing(task, folders));
		try (InputStream in = Files.newInputStream(file.get())) {
			return ModelFile.read(in, "default " + task.id() + " model", task);
		}
	}
}
