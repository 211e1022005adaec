package org.revivegan.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.revivegan.core.model.DefaultModels;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.ModelFormatException;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;

/**
 * What a {@link Subcommand} runs with: the console (results on {@link #out()}, messages and progress on
 * {@link #err()}), the cancellation of the process, and what several subcommands share: the flags
 * {@value #OVERWRITE} and {@value #NO_PROVENANCE}, the model of {@code --model}, the plan of outputs and the
 * progress on the console.
 */
final class CliContext {

	/** The flag that skips the provenance files of inpaint and colorize. */
	static final String NO_PROVENANCE = "--no-provenance";
	/** The flag that lets a result replace an input file. */
	static final String OVERWRITE = "--overwrite";

	private final PrintStream out;
	private final PrintStream err;
	private final Cancellation cancellation;

	CliContext(PrintStream out, PrintStream err, Cancellation cancellation) {
		this.out = out;
		this.err = err;
		this.cancellation = cancellation;
	}

	/** @return where results are reported: one line per file written */
	PrintStream out() {
		return out;
	}

	/** @return where warnings, log lines and progress go */
	PrintStream err() {
		return err;
	}

	Cancellation cancellation() {
		return cancellation;
	}

	/** @return the model of {@code --model} (a shipped model's name or a file), else the task's default model */
	static ModelFile model(Args a, Task task) throws IOException {
		String spec = a.string("--model", null);
		java.util.Optional<String> name = DefaultModels.nameOf(spec, task);
		if (name.isPresent() && !DefaultModels.available(task, name.get())) throw new ModelFormatException(
			DefaultModels.missing(task, name.get()) + " Train one with 'revive train --task " + task.id() + "'" + (task ==
				Task.DETECT ? " (see docs/detection.md)" : "") + " and pass it with --model FILE.");
		return DefaultModels.resolve(spec, task);
	}

	/**
	 * @return a plan of the command's outputs that knows all its input files: the images, {@code more} (masks,
	 *         truth masks), the model and the hints
	 */
	static OutputPlan plan(Args a, List<Path> inputs, List<Path> more) throws IOException {
		OutputPlan plan = new OutputPlan(a.has(OVERWRITE));
		for (Path p : union(inputs, more))
			plan.input(p);
		for (String option : List.of("--model", "--hints", "--truth"))
			if (a.has(option) && Files.isRegularFile(a.path(option))) plan.input(a.path(option));
		return plan;
	}

	static List<Path> union(List<Path> a, List<Path> b) {
		List<Path> all = new ArrayList<>(a);
		all.addAll(b);
		return all;
	}

	/** Progress on the console: a status line that rewrites itself on a terminal, log lines as they come. */
	Progress console(String what) {
		boolean tty = System.console() != null;
		return new Progress() {

			long last;

			@Override
			public void log(String message) {
				err.println(message);
			}

			@Override
			public boolean isCanceled() {
				return cancellation.isCancelled();
			}

			@Override
			public void status(String message) {
				long now = System.nanoTime();
				if (now - last < 500_000_000L) return;
				last = now;
				if (tty) err.print("\r" + message + "   ");
			}
		};
	}
}
