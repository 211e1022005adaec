package org.revivegan.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.revivegan.cli.Main.UsageException;
import org.revivegan.io.ImageFiles;

/**
 * The arguments of one subcommand, parsed strictly: positional inputs, {@code --name value} options and flags
 * without a value. An option the subcommand does not know is refused with the closest valid name and the list of
 * valid ones (a typo must not run with a default), an option given twice is refused (which value was meant?),
 * and {@code --} ends the options so that file names may start with a dash. Numbers are checked against their
 * range: a value never wraps or silently becomes another.
 */
final class Args {

	/** The options a subcommand takes: those followed by a value, and flags. */
	static final class Spec {

		final Set<String> valued, flags;

		private Spec(Set<String> valued, Set<String> flags) {
			this.valued = valued;
			this.flags = flags;
		}

		/** @param options option names; a name ending in {@code !} is a flag (no value), without the {@code !} */
		static Spec of(String... options) {
			Set<String> valued = new TreeSet<>(), flags = new TreeSet<>();
			for (String o : options)
				if (o.endsWith("!")) flags.add(o.substring(0, o.length() - 1));
				else valued.add(o);
			return new Spec(valued, flags);
		}

		Set<String> all() {
			Set<String> all = new TreeSet<>(valued);
			all.addAll(flags);
			return all;
		}
	}

	private final String command;
	private final List<String> positional = new ArrayList<>();
	private final Map<String, String> options = new LinkedHashMap<>();

	private Args(String command) {
		this.command = command;
	}

	/** @return the arguments {@code args[from...]} of {@code command}, checked against its options */
	static Args parse(String command, Spec spec, String[] args, int from) {
		Args a = new Args(command);
		boolean optionsEnded = false;
		for (int i = from; i < args.length; i++) {
			String s = args[i];
			if (optionsEnded || !s.startsWith("-") || s.equals("-")) {
				a.positional.add(s);
				continue;
			}
			if (s.equals("--")) {
				optionsEnded = true;
				continue;
			}
			String name = s, value = null;
			int eq = s.indexOf('=');
			if (s.startsWith("--") && eq > 0) { // --name=value
				name = s.substring(0, eq);
				value = s.substring(eq + 1);
			}
			if (spec.flags.contains(name)) {
				if (value != null) throw new UsageException(name + " takes no value.");
				value = "true";
			}
			else if (spec.valued.contains(name)) {
				if (value == null) {
					if (i + 1 >= args.length) throw new UsageException("Option " + name + " needs a value.");
					value = args[++i];
				}
			}
			else throw new UsageException(unknown(command, name, spec.all()));
			if (a.options.containsKey(name)) throw new UsageException(name + " is given twice ('" + a.options.get(name) +
				"' and '" + value + "'); give it once.");
			a.options.put(name, value);
		}
		return a;
	}

	/** @return the message for an unknown option: the closest valid one, and all valid ones */
	static String unknown(String command, String option, Collection<String> valid) {
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (String v : valid) {
			int d = distance(option, v);
			if (d < bestDistance) {
				bestDistance = d;
				best = v;
			}
		}
		String guess = best != null && bestDistance <= Math.max(2, option.length() / 3) ? "; did you mean " + best +
			"?" : ".";
		String list = valid.isEmpty() ? " '" + command + "' takes no options." : " Options of '" + command + "': " +
			String.join(", ", valid) + " (a file name that starts with '-' goes after --).";
		return "unknown option " + option + guess + list;
	}

	/** Levenshtein distance. */
	private static int distance(String a, String b) {
		int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++)
			prev[j] = j;
		for (int i = 1; i <= a.length(); i++) {
			cur[0] = i;
			for (int j = 1; j <= b.length(); j++)
				cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 :
					1));
			int[] t = prev;
			prev = cur;
			cur = t;
		}
		return prev[b.length()];
	}

	boolean has(String name) {
		return options.containsKey(name);
	}

	String string(String name, String fallback) {
		return options.getOrDefault(name, fallback);
	}

	Path path(String name) {
		String v = options.get(name);
		if (v == null) return null;
		if (v.isEmpty()) throw new UsageException(name + " needs a file or folder name, not an empty one.");
		try {
			return Paths.get(v);
		}
		catch (java.nio.file.InvalidPathException e) {
			throw new UsageException(name + ": '" + v + "' is not a valid path (" + e.getReason() + ").");
		}
	}

	Path required(String name, String what) {
		if (!has(name)) throw new UsageException("Missing " + name + " (" + what + ").");
		return path(name);
	}

	/** @return the value as an int; a value outside the int range is refused, never wrapped */
	int intValue(String name, int fallback) {
		return intValue(name, fallback, Integer.MIN_VALUE, Integer.MAX_VALUE);
	}

	/** @return the value, refused with a message unless in [min, max] */
	int intValue(String name, int fallback, int min, int max) {
		return (int) longValue(name, fallback, min, max);
	}

	long longValue(String name, long fallback) {
		return longValue(name, fallback, Long.MIN_VALUE, Long.MAX_VALUE);
	}

	/** @return the value, refused with a message unless a whole number in [min, max] */
	long longValue(String name, long fallback, long min, long max) {
		if (!has(name)) return fallback;
		String v = options.get(name).strip();
		long value;
		try {
			value = Long.parseLong(v);
		}
		catch (NumberFormatException e) {
			boolean digits = v.matches("[+-]?[0-9]+");
			throw new UsageException(name + (digits ? " is out of range: '" + v + "'" + range(min, max) :
				" needs a whole number, not '" + v + "'") + ".");
		}
		if (value < min || value > max) throw new UsageException(name + " is out of range: " + value + range(min, max) +
			".");
		return value;
	}

	private static String range(long min, long max) {
		if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) return "";
		if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE) return " (it must be at least " + min + ")";
		return " (it must be from " + min + " to " + max + ")";
	}

	/** @return the value, refused unless a finite number */
	double doubleValue(String name, double fallback) {
		return doubleValue(name, fallback, -Double.MAX_VALUE, Double.MAX_VALUE, true);
	}

	/**
	 * @param minIncluded whether {@code min} itself is allowed ({@code --lr} must be above 0, {@code --lambda}
	 *          may be 0)
	 * @return the value, refused unless a finite number in the range
	 */
	double doubleValue(String name, double fallback, double min, double max, boolean minIncluded) {
		if (!has(name)) return fallback;
		String v = options.get(name).strip();
		double value;
		try {
			value = Double.parseDouble(v);
		}
		catch (NumberFormatException e) {
			throw new UsageException(name + " needs a number, not '" + v + "'.");
		}
		if (!Double.isFinite(value)) throw new UsageException(name + " needs a finite number, not '" + v + "'.");
		if (value < min || value > max || !minIncluded && value == min) {
			String low = (minIncluded ? "at least " : "above ") + number(min);
			throw new UsageException(name + " is out of range: " + v + " (it must be " + (max == Double.MAX_VALUE ? low :
				low + " and at most " + number(max)) + ").");
		}
		return value;
	}

	/** @return a bound as a user writes it: 0, not 0.0 */
	private static String number(double d) {
		return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
	}

	/** @return the positional arguments as given */
	List<String> positional() {
		return positional;
	}

	/** @return the input images: files, and the images inside folders, in order */
	List<Path> inputs() throws IOException {
		if (positional.isEmpty()) throw new UsageException("Give at least one image or folder.");
		List<Path> files = new ArrayList<>();
		for (String s : positional) {
			Path p = Paths.get(s);
			if (Files.isDirectory(p)) files.addAll(ImageFiles.listImages(p));
			else if (Files.exists(p)) files.add(p);
			else throw new UsageException("No such file or folder: " + s);
		}
		if (files.isEmpty()) throw new UsageException("No images (PNG, JPEG, TIFF, BMP) in " + positional + ".");
		return files;
	}

	/** @return whether one of the inputs given is a folder (folder mode: -o is a folder too) */
	boolean positionalFolder() {
		return positional.stream().anyMatch(p -> java.nio.file.Files.isDirectory(java.nio.file.Paths.get(p)));
	}
}
