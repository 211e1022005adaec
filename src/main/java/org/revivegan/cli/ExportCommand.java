package org.revivegan.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.revivegan.cli.Main.UsageException;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.nets.Backend;
import org.revivegan.core.train.Trainer;

/**
 * {@code revive export}: the latest checkpoint of a (running or stopped) training run as a model file, or a copy
 * of a model file with other colourisation settings (working size, ensemble scales, chroma gain: chosen by
 * measuring with {@code revive evaluate}, then stored in the file so that every user of it gets them).
 */
final class ExportCommand extends Subcommand {

	ExportCommand() {
		super("export", NO_FILES, Args.Spec.of("--run", "--model", "-o", "--data", "--working-size", "--scales",
			"--chroma-gain"),
			"  export --run DIR|--model FILE -o MODEL.zip [--data TEXT] [--working-size N] [--scales F,F,...]",
			"        [--chroma-gain G]",
			"      Write the latest checkpoint of a training run (running or stopped) as a model file; --data says",
			"      what it was trained on, for the model card. The run can go on from the same checkpoint.",
			"      --model FILE: a copy of a model file instead (the weights as they are). For colourisation the",
			"      copy can carry other settings, which colorize, Fiji and evaluate then use by default:",
			"      --working-size N (the longer side at which colour is predicted), --scales 1,0.8 (predicted at",
			"      these fractions of it and averaged) and --chroma-gain G (a gain on the network's colours, under",
			"      the user's vividness). Measure them first: evaluate --task colorize --working-size --scales",
			"      --vividness.");
	}

	@Override
	int run(Args a, CliContext ctx) throws IOException {
		Path model = a.required("-o", "the model file to write");
		boolean settings = a.has("--working-size") || a.has("--scales") || a.has("--chroma-gain");
		if (a.has("--run") == a.has("--model")) throw new UsageException("Give either --run DIR (a training run's " +
			"checkpoint) or --model FILE (a model file to copy).");
		if (a.has("--run")) {
			if (settings) throw new UsageException("--working-size, --scales and --chroma-gain are for a copy of a " +
				"model file: export the run first, then export --model it with the settings.");
			Path run = a.required("--run", "the training run folder");
			String data = a.string("--data", "the photos of the training run in " + run.toAbsolutePath());
			long step = Trainer.exportCheckpoint(run, model, data);
			ctx.out().printf(Locale.ROOT, "%s: checkpoint at step %d -> %s%n", run, step, model);
			return 0;
		}
		Path source = a.path("--model");
		if (a.has("--data")) throw new UsageException("--data is for --run: a model file keeps its own description.");
		if (Files.exists(model) && Files.isSameFile(source, model)) throw new UsageException("Refusing to write over " +
			"the model file itself: give another -o.");
		if (Files.exists(model)) throw new UsageException(model + " exists; give a new -o (a model file is never " +
			"written over).");
		Backend.init();
		ModelFile m = ModelFile.load(source);
		if (settings && m.task() != Task.COLORIZE) throw new UsageException("--working-size, --scales and " +
			"--chroma-gain are colourisation settings; " + source + " is a " + m.task().id() + " model.");
		if (a.has("--working-size")) m.metadata().workingSize = a.intValue("--working-size", 0, 16,
			org.revivegan.core.model.ModelMetadata.MAX_TILE_SIZE);
		if (a.has("--scales")) m.metadata().ensembleScales = EvaluateCommand.scales(a.string("--scales", ""));
		if (a.has("--chroma-gain")) m.metadata().chromaGain = a.doubleValue("--chroma-gain", 1, 0, 4, false);
		m.metadata().validate();
		boolean half = halfPrecision(source);
		m.save(model, half);
		ctx.out().printf(Locale.ROOT, "%s -> %s (working size %d, scales %s, chroma gain %s)%n", source, model, m
			.metadata().workingSize, Arrays.toString(m.metadata().ensembleScales()), m.metadata().chromaGain);
		return 0;
	}

	/** @return whether the file's weights are float16 (kept so in the copy: the same values, the same size) */
	private static boolean halfPrecision(Path file) throws IOException {
		try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
			java.util.zip.ZipEntry e = zip.getEntry(ModelFile.WEIGHTS);
			if (e == null) return false;
			try (java.io.DataInputStream in = new java.io.DataInputStream(zip.getInputStream(e))) {
				in.readInt(); // magic
				return in.readInt() == 16;
			}
		}
	}
}
