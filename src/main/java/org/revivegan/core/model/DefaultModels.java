package org.revivegan.core.model;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * A shipped model is chosen by name (the value of Fiji's {@code model=} or of {@code --model}): {@value #DEFAULT}
 * for each task's default, {@value #FAITHFUL} for the same inpainting model (trained for fidelity, without an
 * adversarial phase: the best PSNR and SSIM, the default for archives and quantitative work), and
 * {@value #REALISTIC} for the inpainting model with an adversarial phase (realistic texture rather than the
 * best PSNR). A shipped model other than a task's default is its own file {@code <task>-<name>-<version>.zip}
 * in the same folders, and may be absent: only the defaults come with every installation. {@link #resolve}
 * tells a name from a model file.
 */
public final class DefaultModels {

	/** System property naming the folder of the default models (overrides the search). */
	public static final String PROPERTY = "revivegan.models";
	/** Environment variable naming the folder of the default models (when the property is not set). */
	public static final String ENV = "REVIVEGAN_MODELS";
	/** Where the default models lie, relative to Fiji.app or the repository. */
	public static final String FOLDER = "models/revivegan";

	/** The name of each task's default model. */
	public static final String DEFAULT = "default";
	/** The name of the inpainting model trained without an adversarial phase (the inpainting default). */
	public static final String FAITHFUL = "faithful";
	/** The name of the inpainting model trained with an adversarial phase (not a default; may be absent). */
	public static final String REALISTIC = "realistic";

	/**
	 * A model that ships with ReviveGAN: a task's default ({@code name} {@value #DEFAULT}, file
	 * {@code <task>-<version>.zip}) or another one ({@code <task>-<name>-<version>.zip}), and the other names that
	 * choose it. A model that changes gets the next version, hence a new file name, and the update site ships it
	 * as a new file.
	 */
	private static final class Shipped {

		final Task task;
		final String name;
		final int version;
		final List<String> aliases;

		Shipped(Task task, String name, int version, List<String> aliases) {
			this.task = task;
			this.name = name;
			this.version = version;
			this.aliases = aliases;
		}

		boolean isDefault() {
			return name.equals(DEFAULT);
		}

		String fileName() {
			return task.id() + (isDefault() ? "" : "-" + name) + "-" + version + ".zip";
		}

		/** @return how reports and provenance records name it: {@code "default inpaint model"} */
		String label() {
			return name + " " + task.id() + " model";
		}
	}

	/** Every shipped model; each task's default first among the task's. */
	private static final List<Shipped> SHIPPED = List.of(
		new Shipped(Task.INPAINT, DEFAULT, 2, List.of(FAITHFUL)),
		new Shipped(Task.INPAINT, REALISTIC, 1, List.of()),
		new Shipped(Task.COLORIZE, DEFAULT, 3, List.of()),
		new Shipped(Task.DETECT, DEFAULT, 1, List.of()));

	private DefaultModels() {}

	/** @return the names that choose a shipped model of the task: {@value #DEFAULT} first, then its other names */
	public static List<String> names(Task task) {
		List<String> names = new ArrayList<>();
		for (Shipped s : shipped(task)) {
			names.add(s.name);
			names.addAll(s.aliases);
		}
		return names;
	}

	/**
	 * @return the shipped models of the task that the lists of models found show ({@code revive info}, About
	 *         ReviveGAN, Backend Info), one name per file: {@value #DEFAULT} first, installed or not, then each
	 *         other one (such as {@value #REALISTIC}) that is installed, since an installation may lack them
	 */
	public static List<String> listed(Task task) {
		List<String> names = new ArrayList<>();
		for (Shipped s : shipped(task))
			if (s.isDefault() || find(s, folders()).isPresent()) names.add(s.name);
		return names;
	}

	private static List<Shipped> shipped(Task task) {
		List<Shipped> shipped = new ArrayList<>();
		for (Shipped s : SHIPPED)
			if (s.task == task) shipped.add(s);
		return shipped;
	}

	/** @throws IllegalArgumentException if {@code name} is not one of {@link #names} */
	private static Shipped shipped(Task task, String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		for (Shipped s : shipped(task))
			if (s.name.equals(lower) || s.aliases.contains(lower)) return s;
		throw new IllegalArgumentException("No shipped " + task.id() + " model is called '" + name + "' (" + String
			.join(", ", names(task)) + ")");
	}

	/**
	 * @param spec the model parameter or option as the user gave it (a name, a file, blank; Fiji's brackets
	 *        around a value with spaces are dropped)
	 * @return the name of a shipped model of the task that {@code spec} names (blank is {@value #DEFAULT}), in
	 *         lower case, or empty when {@code spec} is a model file (a file in the working folder called like a
	 *         name is that file)
	 */
	public static Optional<String> nameOf(String spec, Task task) {
		String s = unbracket(spec);
		if (s.isEmpty()) return Optional.of(DEFAULT);
		String lower = s.toLowerCase(Locale.ROOT);
		if (names(task).contains(lower) && !Files.exists(Paths.get(s))) return Optional.of(lower);
		return Optional.empty();
	}

	/**
	 * Loads the model that the user chose: a shipped model by name, or a model file.
	 *
	 * @throws ModelFormatException if the file is not a model of the task, if the named model is not installed
	 *         (saying which file is missing, where it was looked for and what to do), or if {@code spec} is
	 *         neither a name nor an existing file (the message lists the names)
	 */
	public static ModelFile resolve(String spec, Task task) throws IOException {
		Optional<String> name = nameOf(spec, task);
		if (name.isPresent()) return load(task, name.get());
		Path file = fileOf(spec);
		if (!Files.exists(file)) throw new ModelFormatException("Model file not found: " + file + ". Check the " +
			"path, or name a model that ships with ReviveGAN: " + String.join(", ", names(task)) + ".");
		return ModelFile.load(file, task);
	}

	/**
	 * @param spec the model parameter or option as the user gave it (see {@link #nameOf})
	 * @return what the user chose, for a report or a log: {@code "default inpaint model"} (or another name's
	 *         {@code "faithful inpaint model"}, {@code "realistic inpaint model"}) for a shipped model, else the
	 *         model file's absolute path
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
		return fileName(task, DEFAULT);
	}

	/**
	 * @param name one of {@link #names} of the task
	 * @return the file name of the shipped model that {@code name} chooses: {@code inpaint-2.zip} for
	 *         {@value #DEFAULT} and {@value #FAITHFUL}, {@code inpaint-realistic-1.zip} for {@value #REALISTIC}
	 */
	public static String fileName(Task task, String name) {
		return shipped(task, name).fileName();
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
		return find(shipped(task, DEFAULT), folders);
	}

	private static Optional<Path> find(Shipped model, List<Path> folders) {
		for (Path f : folders) {
			Path file = f.resolve(model.fileName());
			if (Files.isRegularFile(file)) return Optional.of(file);
		}
		return Optional.empty();
	}

	/** @return the file of a task's default model, if it is installed */
	public static Optional<Path> find(Task task) {
		return find(task, DEFAULT);
	}

	/**
	 * @param name one of {@link #names} of the task
	 * @return the file of the shipped model that {@code name} chooses, if it is installed
	 */
	public static Optional<Path> find(Task task, String name) {
		return find(shipped(task, name), folders());
	}

	/** @return whether a default model for the task is installed */
	public static boolean available(Task task) {
		return available(task, DEFAULT);
	}

	/** @return whether the shipped model that {@code name} (one of {@link #names}) chooses is installed */
	public static boolean available(Task task, String name) {
		return find(task, name).isPresent();
	}

	/**
	 * @return why the task's default model cannot be loaded: where it was looked for and what to do, in words
	 *         that hold for every front end (Fiji and the command line add how to install or train one there)
	 */
	public static String missing(Task task) {
		return missing(task, DEFAULT);
	}

	/**
	 * @param name one of {@link #names} of the task
	 * @return why the shipped model that {@code name} chooses cannot be loaded, as {@link #missing(Task)} says it
	 *         for the default; for another model, that the default can be chosen instead
	 */
	public static String missing(Task task, String name) {
		return missing(shipped(task, name), folders());
	}

	private static String missing(Shipped model, List<Path> folders) {
		String lacks = "This installation of ReviveGAN has no " + model.label() + ": " + model.fileName() +
			" is in none of " + folders + ". ";
		String point = "point -D" + PROPERTY + " or " + ENV + " at the folder that holds it";
		if (model.isDefault()) return lacks + "Reinstall ReviveGAN (the models go in " + FOLDER + "/ beside the " +
			"plugin or the launcher), " + point + ", or choose a model file.";
		List<String> aliases = shipped(model.task, DEFAULT).aliases; // 'faithful' says more than 'default'
		String fallback = aliases.isEmpty() ? DEFAULT : aliases.get(0);
		return lacks + "Choose '" + fallback + "' (the default " + model.task.id() + " model) instead, or install " +
			model.fileName() + " in " + FOLDER + "/ beside the plugin or the launcher, or " + point + ".";
	}

	/**
	 * @throws ModelFormatException if no default model for the task is installed, saying where it was looked
	 *         for and what to do instead ({@link #missing})
	 */
	public static ModelFile load(Task task) throws IOException {
		return load(task, DEFAULT);
	}

	/**
	 * @param name one of {@link #names} of the task
	 * @return the shipped model that {@code name} chooses; its source is its label ({@code "default inpaint
	 *         model"} for {@value #DEFAULT} and {@value #FAITHFUL}, {@code "realistic inpaint model"})
	 * @throws ModelFormatException if that model is not installed, saying which file is missing, where it was
	 *         looked for and what to do instead ({@link #missing(Task, String)})
	 */
	public static ModelFile load(Task task, String name) throws IOException {
		Shipped model = shipped(task, name);
		List<Path> folders = folders();
		Optional<Path> file = find(model, folders);
		if (file.isEmpty()) throw new ModelFormatException(missing(model, folders));
		try (InputStream in = Files.newInputStream(file.get())) {
			return ModelFile.read(in, model.label(), task);
		}
	}
}
