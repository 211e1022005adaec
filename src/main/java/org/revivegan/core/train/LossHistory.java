package org.revivegan.core.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Appends one CSV row per step (or per validation) to a file. On resume, rows from {@code firstNewStep} on are
 * dropped first (the resumed run writes them again), so the file never holds a step twice and keeps every row of
 * the steps the checkpoint holds.
 * <p>
 * The file keeps one set of columns. When the resumed run has more columns at the end than the file (a newer
 * version added a measure, such as the detail ratios of the validation), the old rows are kept with those
 * columns empty (not measured then). When the columns differ otherwise (the run's validation changed), the old
 * file is moved aside ({@link #movedAside}) and a new one begins, rather than mixing two sets of columns under one
 * header.
 * </p>
 */
final class LossHistory implements AutoCloseable {

	private final BufferedWriter out;

	/**
	 * @param firstNewStep the first step number the resumed run writes: the resumed step for rows keyed by the
	 *          step being run (losses), one more for rows keyed by the steps done (validation)
	 */
	LossHistory(Path file, String header, long firstNewStep) throws IOException {
		List<String> keep = new ArrayList<>();
		if (Files.exists(file)) {
			List<String> old = Files.readAllLines(file, StandardCharsets.UTF_8);
			String oldHeader = old.isEmpty() ? header : old.get(0);
			String padding = "";
			if (header.startsWith(oldHeader + ",")) padding = ",".repeat(columns(header) - columns(oldHeader));
			else if (!header.equals(oldHeader) && oldHeader.startsWith("step")) {
				Files.move(file, movedAside(file));
				old = List.of();
			}
			for (String line : old) {
				if (line.isEmpty() || line.startsWith("step")) continue;
				try {
					if (Long.parseLong(line.substring(0, line.indexOf(','))) < firstNewStep) keep.add(line + padding);
				}
				catch (RuntimeException e) {
					// a torn last line from a killed run: drop it
				}
			}
		}
		List<String> lines = new ArrayList<>();
		lines.add(header);
		lines.addAll(keep);
		Files.write(file, lines, StandardCharsets.UTF_8);
		out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
	}

	/** @return where a history with other columns goes: {@code validation.old.csv}, else {@code validation.old2.csv} ... */
	static Path movedAside(Path file) {
		String name = file.getFileName().toString();
		int dot = name.lastIndexOf('.');
		String base = dot > 0 ? name.substring(0, dot) : name, ext = dot > 0 ? name.substring(dot) : "";
		for (int k = 1;; k++) {
			Path aside = file.resolveSibling(base + ".old" + (k == 1 ? "" : String.valueOf(k)) + ext);
			if (!Files.exists(aside)) return aside;
		}
	}

	private static int columns(String header) {
		return header.split(",", -1).length;
	}

	void row(Object... values) throws IOException {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < values.length; i++) {
			if (i > 0) sb.append(',');
			Object v = values[i];
			if (v instanceof Double) {
				double d = (Double) v;
				sb.append(Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.6g", d));
			}
			else sb.append(v);
		}
		out.write(sb.toString());
		out.newLine();
		out.flush();
	}

	@Override
	public void close() throws IOException {
		out.close();
	}
}
