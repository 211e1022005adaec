package org.revivegan.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;

import org.revivegan.cli.Main.UsageException;

/**
 * Every file a command reads and writes, checked before anything is written, so that a command never destroys
 * what the user gave it: a result may not replace an input (unless {@code --overwrite}), a provenance file (the
 * synthesized-pixel map, the {@code .revivegan.json} sidecar) never replaces an input, and no two outputs of one
 * batch go to the same file (which would keep only the last).
 * <p>
 * Files are compared as the file system sees them: the same file through another path, a symbolic link or a hard
 * link is the same file; a file that does not exist yet is named by the real path of its folder.
 * </p>
 */
final class OutputPlan {

	/** What an output is, for the rules and the messages. */
	enum Kind {
		RESULT("the result"), PROVENANCE("the provenance file");

		final String label;

		Kind(String label) {
			this.label = label;
		}
	}

	private static final class Output {

		final Path path;
		final Kind kind;
		final String of;

		Output(Path path, Kind kind, String of) {
			this.path = path;
			this.kind = kind;
			this.of = of;
		}

		String describe() {
			return kind.label + " of " + of;
		}
	}

	private final boolean overwrite;
	private final Map<Object, Path> inputs = new LinkedHashMap<>();
	private final Map<Object, Output> outputs = new LinkedHashMap<>();

	/** @param overwrite whether a result may replace an input ({@code --overwrite}) */
	OutputPlan(boolean overwrite) {
		this.overwrite = overwrite;
	}

	/** Records a file that the command reads (an image, a mask, a model, a hints file). */
	OutputPlan input(Path file) throws IOException {
		if (file != null && Files.exists(file)) inputs.putIfAbsent(identity(file), file);
		return this;
	}

	/**
	 * Records a file the command will write, refusing it at once if it replaces an input or another output.
	 *
	 * @param of what it is written for (the input's name), for the messages
	 */
	OutputPlan output(Path file, Kind kind, String of) throws IOException {
		Object id = identity(file);
		Path input = inputs.get(id);
		if (input != null && (kind != Kind.RESULT || !overwrite)) throw new UsageException(kind == Kind.RESULT ?
			"Refusing to write the result of " + of + " over the input " + input + " (" + file + " is the same file): " +
				"give another -o, or --overwrite to replace the input." :
			"Refusing to write " + kind.label + " of " + of + " (" + file + ") over the input " + input + ": choose " +
				"another -o, rename the input, or give --no-provenance.");
		Output previous = outputs.putIfAbsent(id, new Output(file, kind, of));
		if (previous != null) throw new UsageException(previous.describe() + " and " + kind.label + " of " + of +
			" would both be written to " + file + ": rename one of the inputs, or give them separate -o folders.");
		return this;
	}

	/** A result and, unless {@code provenance} is false, its provenance files ({@code map} only for inpainting). */
	OutputPlan result(Path file, String of, boolean provenance, boolean map) throws IOException {
		output(file, Kind.RESULT, of);
		if (provenance) {
			if (map) output(org.revivegan.core.provenance.ProvenanceFiles.map(file), Kind.PROVENANCE, of);
			output(org.revivegan.core.provenance.ProvenanceFiles.sidecar(file), Kind.PROVENANCE, of);
		}
		return this;
	}

	/**
	 * @return what names the file: its file key (device and inode) when it exists, so that links to one file are
	 *         one; else its absolute path through the real path of the nearest existing folder
	 */
	static Object identity(Path file) throws IOException {
		if (Files.exists(file)) {
			Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
			return key != null ? key : file.toRealPath();
		}
		Path abs = file.toAbsolutePath().normalize();
		Path existing = abs.getParent();
		while (existing != null && !Files.exists(existing))
			existing = existing.getParent();
		if (existing == null) return abs;
		return existing.toRealPath(new LinkOption[0]).resolve(existing.relativize(abs)).normalize();
	}

	/** @return whether {@code file} is {@code folder} or inside it, comparing real paths */
	static boolean isInside(Path file, Path folder) throws IOException {
		Path real = Files.exists(file) ? file.toRealPath() : (Path) identity(file);
		Path f = Files.exists(folder) ? folder.toRealPath() : folder.toAbsolutePath().normalize();
		return real.startsWith(f);
	}
}
