package org.revivegan.core.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.revivegan.core.color.Lab;
import org.revivegan.core.gan.Pix2Pix;
import org.revivegan.core.model.Encoding;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.ModelMetadata;
import org.revivegan.core.model.Task;
import org.revivegan.core.nets.Backend;
import org.revivegan.core.nets.PatchDiscriminator;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.util.Rng;

/**
 * Trains a ReviveGAN model: L1-only pretraining of the generator, then pix2pix's adversarial + lambda * L1
 * steps, on crops made on the fly from the training photos. Damage detection ({@link Task#DETECT}) trains
 * with its weighted binary cross-entropy only (phase "bce" in the losses CSV, whose l1 column then holds the
 * BCE), validated by F1.
 * <p>
 * A run lives in a folder: {@value #CHECKPOINT} (written every {@code checkpointEvery} steps, on cancel and
 * at the end), {@value #BEST} (the model with the best validation score so far), {@value #FINAL} (the model
 * at the end), {@value #LOSSES} and {@value #VALIDATION} (CSV). Running again on the same folder resumes from
 * the checkpoint and continues exactly as the uninterrupted run would have: batches and dropout depend only
 * on the seed and the step number, and the Adam states and counters are restored. A larger step count in
 * the new configuration extends a finished run.
 * </p>
 * <p>
 * At every validation a {@link TrainingListener} gets a {@link PreviewSheet} of the first fixed validation
 * crops (input | output | target), so that a user can watch the model learn.
 * </p>
 */
public final class Trainer {

	public static final String CHECKPOINT = "checkpoint.zip";
	public static final String BEST = "best-model.zip";
	public static final String FINAL = "model.zip";
	public static final String LOSSES = "losses.csv";
	public static final String VALIDATION = "validation.csv";

	private static final int PREFETCH = 3;
	private static final long VALIDATION_SEED = 0x5EEDL;

	private final TrainingData train;
	private final TrainingData validation;
	private final Path runDir;
	private TrainingConfig config;

	/** What a run produced. */
	public static final class Result {

		public Path model;
		public Path bestModel;
		public long steps;
		public double bestScore;
		public long bestStep;
		public double seconds;
	}

	/**
	 * @param validation photos to pick the best model on (never cut from training photos), or null to score
	 *          fixed crops of the training photos instead
	 */
	public Trainer(TrainingConfig config, TrainingData train, TrainingData validation, Path runDir) {
		this.config = config.resolve();
		this.train = train;
		this.validation = validation;
		this.runDir = runDir;
	}

	/** {@link #run(Progress, TrainingListener)} without previews. */
	public Result run(Progress progress) throws IOException {
		return run(progress, TrainingListener.NONE);
	}

	/**
	 * Runs (or resumes) the training in the run folder.
	 *
	 * @param progress log lines (losses every 50 steps, validation scores), the status line (step, loss, time
	 *          left) and cancellation
	 * @param listener gets a {@link PreviewSheet} of the fixed validation crops at every validation
	 */
	public Result run(Progress progress, TrainingListener listener) throws IOException {
		try (RunLock lock = RunLock.acquire(runDir, progress::log)) {
			return runLocked(progress, listener);
		}
	}

	private Result runLocked(Progress progress, TrainingListener listener) throws IOException {
		Backend.init();
		Path checkpointFile = runDir.resolve(CHECKPOINT);
		Checkpoint.State state = new Checkpoint.State();
		Checkpoint.Loaded loaded = null;
		if (Files.exists(checkpointFile)) {
			loaded = Checkpoint.load(checkpointFile);
			if (loaded.config.task() != config.task()) throw new IllegalArgumentException("The folder " + runDir +
				" holds a " + loaded.config.task().id() + " run; choose another folder for a " + config.task().id() + " model.");
			long l1 = config.l1Steps, gan = config.ganSteps;
			config = loaded.config.resolve();
			config.l1Steps = Math.max(config.l1Steps, l1);
			config.ganSteps = Math.max(config.ganSteps, gan);
			state = loaded.state;
			progress.log("Resuming from " + checkpointFile + " at step " + state.step + ".");
		}
		ComputationGraph g = config.generator.build(config.seed);
		MultiLayerNetwork d = discriminator(config);
		g.setLearningRate(config.learningRate);
		d.setLearningRate(config.learningRate);
		if (loaded != null) loaded.restore(g, d);
		Pix2Pix gan = new Pix2Pix(g, d, config.lambda);
		gan.setIterations(state.generatorIteration, state.discriminatorIteration);

		BatchMaker trainBatches = new BatchMaker(config, train);
		Batch valBatch = validationBatch();
		long total = config.totalSteps();
		long start = state.step;
		long t0 = System.nanoTime();
		double wallBefore = state.wallSeconds;
		ExecutorService producer = Executors.newSingleThreadExecutor(r -> {
			Thread t = new Thread(r, "revivegan-batches");
			t.setDaemon(true);
			return t;
		});
		Deque<Future<Batch>> queue = new ArrayDeque<>();
		long queued = start;
		try (LossHistory losses = new LossHistory(runDir.resolve(LOSSES),
			"step,phase,l1,g_adversarial,d_real,d_fake,real_score,fake_score,seconds", start);
			LossHistory scores = new LossHistory(runDir.resolve(VALIDATION), "step,score_db", start + 1))
		{
			for (long step = start; step < total; step++) {
				while (queued < total && queued < step + PREFETCH) {
					final long s = queued++;
					queue.add(producer.submit(() -> trainBatches.make(s, Rng.forStep(config.seed, s))));
				}
				if (progress.isCanceled()) {
					state.step = step;
					saveCheckpoint(checkpointFile, state, gan, t0, wallBefore);
					progress.log("Cancelled at step " + step + "; checkpoint saved to " + checkpointFile + ".");
					throw new CancellationException("Training cancelled at step " + step + "; run it again on the " +
						"same folder to resume.");
				}
				Batch batch = take(queue);
				Nd4j.getRandom().setSeed(config.seed * 1_000_003L + step); // dropout
				boolean l1Phase = step < config.l1Steps;
				boolean bce = config.task().loss() == Task.Loss.WEIGHTED_BCE;
				long ts = System.nanoTime();
				Pix2Pix.Losses l = bce ? gan.stepWeightedBce(batch.input, batch.target, batch.weights) : l1Phase ?
					gan.stepL1(batch.input, batch.target, batch.weights) :
					gan.stepAdversarial(batch.input, batch.target, batch.weights);
				double seconds = (System.nanoTime() - ts) / 1e9;
				if (bce) l.l1 = l.bce; // detection: the supervised loss goes in the first loss column
				losses.row(step, bce ? "bce" : l1Phase ? "l1" : "gan", l.l1, l.generatorAdversarial,
					l.discriminatorReal, l.discriminatorFake, l.realScore, l.fakeScore, seconds);
				long done = step + 1;
				state.step = done;
				state.generatorIteration = gan.generatorIteration();
				state.discriminatorIteration = gan.discriminatorIteration();
				progress.progress((double) done / total);
				double elapsed = (System.nanoTime() - t0) / 1e9;
				double eta = elapsed / (done - start) * (total - done);
				progress.status(String.format(Locale.ROOT, "Training step %d/%d (%s), %s %.4f, %s left", done, total,
					bce ? "detection" : l1Phase ? "L1 pretraining" : "adversarial", bce ? "BCE" : "L1", l.l1,
					formatDuration(eta)));
				if (bce && (done % 50 == 0 || done == total)) progress.log(String.format(Locale.ROOT,
					"step %d: weighted BCE %.4f  (%.2f s/step)", done, l.l1, seconds));
				else if (done % 50 == 0 || done == total) progress.log(l1Phase ?
					String.format(Locale.ROOT, "step %d: L1 %.4f  (%.2f s/step)", done, l.l1, seconds) :
					String.format(Locale.ROOT, "step %d: L1 %.4f  G_adv %.3f  D_real %.3f  D_fake %.3f  D(real) %.2f  " +
						"D(fake) %.2f  (%.2f s/step)", done, l.l1, l.generatorAdversarial, l.discriminatorReal,
						l.discriminatorFake, l.realScore, l.fakeScore, seconds));
				if (done % config.validateEvery == 0 || done == total) {
					INDArray valOutput = g.output(false, valBatch.input)[0];
					double score = score(valOutput, valBatch);
					scores.row(done, score);
					progress.log(String.format(Locale.ROOT, bce ? "step %d: validation F1 %.3f%s" :
						"step %d: validation %.2f dB%s", done, score, score > state.bestScore ? " (best so far)" : ""));
					if (score > state.bestScore) {
						state.bestScore = score;
						state.bestStep = done;
						saveModel(runDir.resolve(BEST), g, state, t0, wallBefore);
					}
					listener.preview(done, PreviewSheet.of(config.task(), valBatch.input, valOutput, valBatch.target));
				}
				if (done % config.checkpointEvery == 0 || done == total) saveCheckpoint(checkpointFile, state, gan, t0,
					wallBefore);
			}
		}
		finally {
			queue.forEach(f -> f.cancel(true));
			producer.shutdownNow();
		}
		Result r = new Result();
		r.model = runDir.resolve(FINAL);
		saveModel(r.model, g, state, t0, wallBefore);
		r.bestModel = Files.exists(runDir.resolve(BEST)) ? runDir.resolve(BEST) : r.model;
		r.steps = state.step;
		r.bestScore = state.bestScore;
		r.bestStep = state.bestStep;
		r.seconds = wallBefore + (System.nanoTime() - t0) / 1e9;
		return r;
	}

	private static Batch take(Deque<Future<Batch>> queue) throws IOException {
		try {
			return queue.poll().get();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new CancellationException("Training interrupted.");
		}
		catch (ExecutionException e) {
			Throwable c = e.getCause();
			if (c instanceof RuntimeException) throw (RuntimeException) c;
			if (c instanceof Error) throw (Error) c;
			throw new IOException(c);
		}
	}

	private void saveCheckpoint(Path file, Checkpoint.State state, Pix2Pix gan, long t0, double wallBefore)
		throws IOException
	{
		state.wallSeconds = wallBefore + (System.nanoTime() - t0) / 1e9;
		Checkpoint.save(file, config, state, gan.generator(), gan.discriminator());
	}

	private void saveModel(Path file, ComputationGraph g, Checkpoint.State state, long t0, double wallBefore)
		throws IOException
	{
		saveModel(file, config, train.description(), g, state, wallBefore + (System.nanoTime() - t0) / 1e9);
	}

	/**
	 * Writes the generator of a run's latest checkpoint as a model file, so that a long run can be tried (or
	 * shipped) at any point without stopping it for good: the run resumes from the same checkpoint later.
	 *
	 * @param dataDescription what the run was trained on, for the model card (the checkpoint does not hold it)
	 * @return the step the model was taken at
	 * @throws IllegalArgumentException if the folder holds no checkpoint
	 */
	public static long exportCheckpoint(Path runDir, Path out, String dataDescription) throws IOException {
		checkNotReserved(runDir, out);
		Path file = runDir.resolve(CHECKPOINT);
		if (!Files.exists(file)) throw new IllegalArgumentException("No checkpoint in " + runDir + ": give the --run " +
			"folder of a training run.");
		Backend.init();
		Checkpoint.Loaded loaded = Checkpoint.load(file);
		TrainingConfig config = loaded.config.resolve();
		ComputationGraph g = config.generator.build(config.seed);
		loaded.restore(g, discriminator(config));
		saveModel(out, config, dataDescription, g, loaded.state, loaded.state.wallSeconds);
		return loaded.state.step;
	}

	/** The files of a run folder that a run writes and reads back: no other file may take their place. */
	public static final java.util.List<String> RESERVED = java.util.List.of(CHECKPOINT, BEST, FINAL, LOSSES, VALIDATION,
		RunLock.FILE);

	/**
	 * Refuses an output (a model file written by export or at the end of training) that is one of the run folder's
	 * own files: a model written over {@value #CHECKPOINT} would lose the training, one over {@value #BEST} would
	 * be replaced by the next best model. Compares real paths, so another spelling or a link is caught too.
	 *
	 * @throws IllegalArgumentException naming the file
	 */
	public static void checkNotReserved(Path runDir, Path out) throws IOException {
		Path folder = realOrAbsolute(runDir);
		Path target = realOrAbsolute(out);
		for (String name : RESERVED)
			if (target.equals(folder.resolve(name))) throw new IllegalArgumentException("Refusing to write " + out +
				": it is the training run's own " + name + " in " + runDir + ". Write the model elsewhere (for example " +
				"-o " + (runDir.toAbsolutePath().getParent() == null ? "" : "../") + "model.zip).");
	}

	/** @return the real path of the file, or of its folder with its name when it does not exist yet */
	private static Path realOrAbsolute(Path p) throws IOException {
		if (Files.exists(p)) return p.toRealPath();
		Path abs = p.toAbsolutePath().normalize();
		Path parent = abs.getParent();
		return parent != null && Files.exists(parent) ? parent.toRealPath().resolve(abs.getFileName()) : abs;
	}

	/** The run's discriminator, conditioned on the input: the same for a new run, a resume and an export. */
	private static MultiLayerNetwork discriminator(TrainingConfig config) {
		return new PatchDiscriminator(config.task().inChannels() + config.task().outChannels(),
			config.discriminatorWidth, config.discriminatorLayers, config.seed + 1, DataType.FLOAT).build();
	}

	private static void saveModel(Path file, TrainingConfig config, String dataDescription, ComputationGraph g,
		Checkpoint.State state, double wallSeconds) throws IOException
	{
		Task task = config.task();
		ModelMetadata m = new ModelMetadata();
		m.task = task.id();
		m.name = "ReviveGAN " + task.id() + " (" + config.preset + ")";
		m.generator = config.generator;
		m.colorSpace = task == Task.COLORIZE ? "CIELab-D65" : "sRGB";
		m.inputFill = Encoding.FILL_PUSHPULL;
		m.tileSize = Math.max(256, config.crop);
		m.tileOverlap = Math.max(16, m.tileSize / 8);
		m.workingSize = 512;
		ModelMetadata.Provenance p = m.provenance;
		p.data = dataDescription;
		p.steps = state.step;
		p.l1Steps = Math.min(state.step, config.l1Steps);
		p.seed = config.seed;
		p.date = Instant.now().toString();
		p.wallSeconds = wallSeconds;
		p.hardware = Backend.backendName() + ", " + Backend.threads() + " threads, " + System.getProperty("os.arch");
		p.preset = config.preset;
		if (state.bestStep >= 0) {
			p.validation.put(task == Task.DETECT ? "best_score_f1" : "best_score_db", state.bestScore);
			p.validation.put("best_step", (double) state.bestStep);
		}
		new ModelFile(m, g).save(file, true);
	}

	/**
	 * Fixed validation crops, the same at every validation and across resumes. Colourisation is scored without
	 * hints, so the score is that of automatic colourisation.
	 */
	private Batch validationBatch() {
		TrainingConfig vc = ModelFile.fromJson(ModelFile.toJson(config), TrainingConfig.class).resolve();
		vc.batch = config.validationCrops;
		vc.scaleMin = Math.max(0.5, config.scaleMin);
		vc.hintFreeFraction = 1;
		TrainingData data = validation != null ? validation : train;
		return new BatchMaker(vc, data).make(-1, new Rng(config.seed ^ VALIDATION_SEED));
	}

	/**
	 * The validation score of the generator's output {@code out} for the batch. Inpainting: PSNR (dB) over the
	 * damaged pixels of the composite; colourisation: PSNR of the RGB image rebuilt from the input L and the
	 * predicted ab; detection: F1 of the mask at threshold 0.5 (in [0, 1], in
	 * the same "score_db" column of the validation CSV). Higher is better.
	 */
	static double score(INDArray out, Batch batch) {
		if (batch.target.size(1) == 1) return f1(out, batch.target, DETECTION_THRESHOLD);
		long n = out.size(0), h = out.size(2), w = out.size(3);
		int plane = (int) (h * w);
		double se = 0;
		long count = 0;
		long inChannels = batch.input.size(1);
		if (batch.target.size(1) == 3) { // inpainting: squared error in [0, 1] over masked pixels
			float[] o = out.dup('c').data().asFloat(), t = batch.target.dup('c').data().asFloat();
			float[] x = batch.input.dup('c').data().asFloat();
			for (int b = 0; b < n; b++)
				for (int i = 0; i < plane; i++) {
					if (x[(b * 4 + 3) * plane + i] == 0) continue;
					for (int c = 0; c < 3; c++) {
						int k = (b * 3 + c) * plane + i;
						double e = (o[k] - t[k]) * 0.5;
						se += e * e;
					}
					count += 3;
				}
		}
		else {
			float[] o = out.dup('c').data().asFloat(), t = batch.target.dup('c').data().asFloat();
			float[] x = batch.input.dup('c').data().asFloat();
			float[] lab = new float[3], rgbOut = new float[3], rgbTrue = new float[3];
			for (int b = 0; b < n; b++)
				for (int i = 0; i < plane; i++) {
					lab[0] = Lab.denormalizeL(x[(int) (b * inChannels) * plane + i]);
					lab[1] = Lab.denormalizeAb(o[(b * 2) * plane + i]);
					lab[2] = Lab.denormalizeAb(o[(b * 2 + 1) * plane + i]);
					Lab.labToRgb(lab, rgbOut);
					lab[1] = Lab.denormalizeAb(t[(b * 2) * plane + i]);
					lab[2] = Lab.denormalizeAb(t[(b * 2 + 1) * plane + i]);
					Lab.labToRgb(lab, rgbTrue);
					for (int c = 0; c < 3; c++) {
						double e = clamp(rgbOut[c]) - clamp(rgbTrue[c]);
						se += e * e;
					}
					count += 3;
				}
		}
		if (count == 0) return Double.NaN;
		double mse = se / count;
		return mse == 0 ? 99 : 10 * Math.log10(1 / mse);
	}

	/** Detection is validated at this probability threshold (the Detect Damage command's default). */
	static final double DETECTION_THRESHOLD = 0.5;

	/**
	 * @return F1 of (probability >= threshold) against the target mask over all pixels of the batch: 1 when
	 *         neither has a damaged pixel
	 */
	static double f1(INDArray probability, INDArray target, double threshold) {
		float[] p = probability.dup('c').data().asFloat(), t = target.dup('c').data().asFloat();
		long tp = 0, fp = 0, fn = 0;
		for (int i = 0; i < p.length; i++) {
			boolean predicted = p[i] >= threshold, damaged = t[i] > 0.5f;
			if (predicted && damaged) tp++;
			else if (predicted) fp++;
			else if (damaged) fn++;
		}
		return tp + fp + fn == 0 ? 1 : 2.0 * tp / (2.0 * tp + fp + fn);
	}

	private static double clamp(float v) {
		return Math.max(0, Math.min(1, v));
	}

	static String formatDuration(double seconds) {
		if (!Double.isFinite(seconds)) return "?";
		long s = Math.round(seconds);
		if (s >= 3600) return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
		return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
	}
}
