package org.revivegan.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

import org.revivegan.cli.Main.UsageException;
import org.revivegan.core.model.GeneratorSpec;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.train.Trainer;
import org.revivegan.core.train.TrainingConfig;
import org.revivegan.core.train.TrainingData;
import org.revivegan.core.train.TrainingPhotos;
import org.revivegan.io.ImageFiles;

/**
 * {@code revive train}: copies its options into a {@link TrainingConfig} and runs the {@link Trainer} on the
 * photos of a folder; a second run on the same run folder resumes, and Ctrl-C saves a checkpoint first.
 */
final class TrainCommand extends Subcommand {

	/** {@code --head mix}: the colour-class head trained with cross-entropy + L1 of its mean. */
	static final String HEAD_MIX = "mix";

	TrainCommand() {
		super("train", NO_FILES, Args.Spec.of("--task", "--images", "--run", "--val", "--preset", "--crop",
			"--batch", "--l1-steps", "--gan-steps", "--steps", "--seed", "--max-side", "--damage", "--validate-every",
			"--checkpoint-every", "--lambda", "--lr", "--ndf", "--d-layers", "--d-norm", "--validation-crops", "--ema", "--hole-weight",
			"--init-from", "--minutes", "--input-fill", "--head", "--mix-l1", "--head-scale", "--loss", "-o"),
			"  train --task inpaint|colorize|detect --images DIR --run DIR [--val DIR] [--preset NAME] [--crop N]",
			"        [--batch N] [--l1-steps N] [--gan-steps N] [--seed N] [--max-side N] [--damage mixed|scratches|10-20]",
			"        [--validate-every N] [--checkpoint-every N] [--lambda L] [--lr RATE] [--ndf N] [--d-layers N]",
			"        [--d-norm none|batch] [--validation-crops N] [--ema DECAY] [--hole-weight W]",
			"        [--input-fill pushpull|navier-stokes] [--init-from MODEL.zip] [--minutes M]",
			"        [--head regression|classes|mix] [--mix-l1 W] [--head-scale 1|2|4] [--loss l1|l2] [-o MODEL.zip]",
			"      --loss l2: the regression term is the mean squared error (the mean, which PSNR rewards) instead",
			"      of pix2pix's L1 (the median); it keeps the weight --lambda.",
			"      --head classes (colorize): predict a distribution over ab bins (Zhang et al. 2016), no GAN phase;",
			"      --head mix: the same trained with cross-entropy + [--mix-l1 W, default 1] x L1 of its mean;",
			"      --head-scale 2|4: the class head predicts at 1/2 or 1/4 of the resolution (faster steps).",
			"      Damage detection (--task detect) has no GAN phase: give its steps as --steps N.",
			"      Train a model on the photos in --images and its sub-folders; running again on the same --run",
			"      folder resumes from its checkpoint. Inpainting validates 200 fixed crops per evaluation band",
			"      (--validation-crops). --ema keeps a moving average of the weights (e.g. 0.999) for validation and",
			"      the saved models; --init-from starts from a model's generator (architecture and weights);",
			"      --minutes stops (resumably) after M minutes of training, to compare designs at equal CPU time.",
			"      --input-fill: what the holes hold at the network's input (the residual presets correct it).",
			"      --d-norm: the discriminator's normalisation: none (default) or batch (pix2pix's; it hardly",
			"      learns to tell inpainting's fills from the truth).");
	}

	@Override
	int run(Args a, CliContext ctx) throws IOException {
		PrintStream out = ctx.out();
		TrainingConfig c = new TrainingConfig();
		c.task = Task.parse(a.string("--task", "inpaint")).id();
		c.preset = a.string("--preset", c.preset);
		c.crop = a.intValue("--crop", c.crop, 1, TrainingConfig.MAX_CROP);
		c.batch = a.intValue("--batch", c.batch, 1, TrainingConfig.MAX_BATCH);
		c.l1Steps = a.longValue("--l1-steps", c.l1Steps, 0, TrainingConfig.MAX_STEPS);
		c.ganSteps = a.longValue("--gan-steps", c.task().adversarial() ? c.ganSteps : 0, 0, TrainingConfig.MAX_STEPS);
		if (a.has("--steps")) {
			if (c.task().adversarial()) throw new UsageException("--steps is for --task detect; give --l1-steps and " +
				"--gan-steps for " + c.task().id() + ".");
			if (a.has("--l1-steps")) throw new UsageException("Give the detection steps once, with --steps N.");
			c.l1Steps = a.longValue("--steps", c.l1Steps, 1, TrainingConfig.MAX_STEPS);
		}
		c.seed = a.longValue("--seed", c.seed);
		c.maxImageSide = a.intValue("--max-side", c.maxImageSide, 1, Integer.MAX_VALUE);
		c.damage = a.string("--damage", c.damage);
		c.validateEvery = a.intValue("--validate-every", c.validateEvery, 1, Integer.MAX_VALUE);
		c.checkpointEvery = a.intValue("--checkpoint-every", c.checkpointEvery, 1, Integer.MAX_VALUE);
		c.lambda = a.doubleValue("--lambda", c.lambda, 0, 1e6, true);
		c.learningRate = a.doubleValue("--lr", c.learningRate, 0, 1, false);
		c.discriminatorWidth = a.intValue("--ndf", c.discriminatorWidth, 1, 1024);
		c.discriminatorLayers = a.intValue("--d-layers", c.discriminatorLayers, 1, 8);
		if (a.has("--d-norm")) c.discriminatorNorm = a.string("--d-norm", null);
		if (a.has("--loss")) c.regressionLoss = a.string("--loss", null);
		String head = a.string("--head", GeneratorSpec.HEAD_REGRESSION);
		if (GeneratorSpec.HEAD_CLASSES.equals(head) || HEAD_MIX.equals(head)) {
			if (c.task() != Task.COLORIZE) throw new UsageException("--head " + head + " is for --task colorize.");
			c.classL1Weight = HEAD_MIX.equals(head) ? a.doubleValue("--mix-l1", 1, 0, 1e6, true) : 0;
			if (!(c.classL1Weight >= 0)) throw new UsageException("--mix-l1 is a weight of 0 or more.");
			try {
				c.generator = GeneratorSpec.preset(c.preset, c.task()).withClassHead();
			}
			catch (IllegalArgumentException e) {
				throw new UsageException(e.getMessage());
			}
			c.generator.headScale = a.intValue("--head-scale", 1, 1, 4);
			try {
				c.generator.validate();
			}
			catch (IllegalArgumentException e) {
				throw new UsageException("--head-scale is 1, 2 or 4 (below 2^downs of the preset): " + e.getMessage());
			}
			if (!a.has("--gan-steps")) c.ganSteps = 0;
		}
		else if (a.has("--head-scale")) throw new UsageException("--head-scale is for --head classes or mix.");
		else if (!GeneratorSpec.HEAD_REGRESSION.equals(head)) throw new UsageException("--head is regression (the " +
			"default), classes or mix, not '" + head + "'.");
		c.validationBands = c.task() == Task.INPAINT;
		c.validationCrops = a.intValue("--validation-crops", c.task() == Task.INPAINT ? 200 : c.validationCrops, 1, 100_000);
		c.emaDecay = a.doubleValue("--ema", c.emaDecay, 0, 1, true);
		if (c.emaDecay >= 1) throw new UsageException("--ema must be below 1 (for example 0.999), not " + c.emaDecay + ".");
		c.holeWeight = a.doubleValue("--hole-weight", c.holeWeight, 0, 1e4, false);
		if (a.has("--input-fill")) c.inputFill = a.string("--input-fill", null);
		if (a.has("--init-from")) c.initFrom = a.path("--init-from").toAbsolutePath().toString();
		double minutes = a.doubleValue("--minutes", Double.POSITIVE_INFINITY, 0, 1e7, false);
		c.resolve();
		Path images = a.required("--images", "a folder of training photos");
		Path run = a.required("--run", "a folder for checkpoints and logs (reuse it to resume)");
		if (a.has("-o")) Trainer.checkNotReserved(run, a.path("-o"));
		TrainingData train = load(images, c.task(), c.maxImageSide, ctx.err());
		TrainingData val = a.has("--val") ? load(a.path("--val"), c.task(), c.maxImageSide, ctx.err()) : null;
		// a warm start takes the architecture of its model, whatever --preset says
		String design = c.initFrom != null ? "the architecture of " + Path.of(c.initFrom).getFileName() : c.preset + ", " +
			c.generator;
		out.printf(Locale.ROOT, "Training %s model (%s) on %d photos%s; run folder %s%n",
			c.task() == Task.INPAINT ? "an inpainting" : c.task() == Task.DETECT ? "a damage detection" :
				"a colourisation", design, train.size(), val == null ? "" : " (" + val.size() + " for validation)", run);
		// Ctrl-C (SIGINT) or SIGTERM asks the trainer to stop (see Cancellation): it saves a checkpoint first
		ctx.cancellation().commandSavesOnCancel();
		Trainer.Result r = new Trainer(c, train, val, run).timeBudget(minutes * 60).run(ctx.console("Training"));
		Path model = r.bestModel;
		if (a.has("-o")) {
			Path o = a.path("-o");
			ModelFile.load(model).save(o, true);
			model = o;
		}
		if (c.task() == Task.DETECT) out.printf(Locale.ROOT, "Done: %d steps in %.0f s; best validation F1 %.3f at " +
			"step %d; model %s%n", r.steps, r.seconds, r.bestScore, r.bestStep, model);
		else out.printf(Locale.ROOT, "Done: %d steps in %.0f s; best validation %.2f dB at step %d; model %s%n", r.steps,
			r.seconds, r.bestScore, r.bestStep, model);
		return 0;
	}

	/**
	 * @return the training photos of a folder and its sub-folders, as Fiji reads them ({@link TrainingPhotos});
	 *         the line about skipped photos, if any, goes to {@code err}
	 */
	private static TrainingData load(Path folder, Task task, int maxSide, PrintStream err) throws IOException {
		TrainingPhotos photos = TrainingPhotos.read(folder, task, maxSide, ImageFiles.TRAINING_PHOTOS);
		if (photos.skippedLine() != null) err.println(photos.skippedLine());
		return photos.data(maxSide);
	}
}
