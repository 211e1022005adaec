package org.revivegan.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

import org.revivegan.core.model.DefaultModels;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.nets.Backend;

/**
 * {@code revive info}: the backend this machine runs on and the shipped models found (each task's default, and
 * the others, such as the realistic inpainting model, when they are installed).
 */
final class InfoCommand extends Subcommand {

	InfoCommand() {
		super("info", NO_FILES, Args.Spec.of(),
			"  info",
			"      Backend (CPU/GPU), threads, oneDNN on/off, memory, and the models found.");
	}

	@Override
	int run(Args a, CliContext ctx) throws IOException {
		PrintStream out = ctx.out();
		for (Map.Entry<String, String> e : Backend.describe().entrySet())
			out.printf(Locale.ROOT, "%-16s %s%n", e.getKey() + ":", e.getValue());
		for (Task t : Task.values())
			for (String name : DefaultModels.listed(t)) {
				String key = (name.equals(DefaultModels.DEFAULT) ? "" : name + " ") + t.id() + " model:";
				if (DefaultModels.available(t, name)) {
					ModelFile m = DefaultModels.load(t, name);
					out.printf(Locale.ROOT, "%-16s %s, %s, %d steps%n", key, m.metadata().name, m.metadata().generator,
						m.metadata().provenance.steps);
				}
				else out.printf(Locale.ROOT, "%-16s none installed: %s is in none of %s (give --model FILE)%n", key,
					DefaultModels.fileName(t), DefaultModels.folders());
			}
		return 0;
	}
}
