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
			for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
				if (line.isEmpty() || line.startsWith("step")) continue;
				try {
					if (Long.parseLong(line.substring(0, line.indexOf(','))) < firstNewStep) keep.add(line);
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
