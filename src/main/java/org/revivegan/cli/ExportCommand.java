package org.revivegan.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import org.revivegan.core.train.Trainer;

/** {@code revive export}: the latest checkpoint of a (running or stopped) training run as a model file. */
final class ExportCommand extends Subcommand {

	ExportCommand() {
		super("export", NO_FILES, Args.Spec.of("--run", "-o", "--data"),
			"  export --run DIR -o MODEL.zip [--data TEXT]",
			"      Write the latest checkpoint of a training run (running or stopped) as a model file; --data says",
			"      what it was trained on, for the model card. The run can go on from the same checkpoint.");
	}

	@Override
	int run(Args a, CliContext ctx) throws IOException {
		Path run = a.required("--run", "the training run folder");
		Path model = a.required("-o", "the model file to write");
		String data = a.string("--data", "the photos of the training run in " + run.toAbsolutePath());
		long step = Trainer.exportCheckpoint(run, model, data);
		ctx.out().printf(Locale.ROOT, "%s: checkpoint at step %d -> %s%n", run, step, model);
		return 0;
	}
}
