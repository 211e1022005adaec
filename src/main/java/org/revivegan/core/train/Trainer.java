package org.revivegan.core.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.revivegan.core.gan.Pix2Pix;
import org.revivegan.core.metrics.Metrics;
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

	private double budgetSeconds = Double.POSITIVE_INFINITY;

	/**
	 * Stops this run (validation, checkpoint and model as at its last step) at the first step that ends after
	 * this many seconds of training, validation not counted: for comparisons at equal CPU time. A later run
	 * on the same folder resumes from there.
	 */
	public Trainer timeBudget(double seconds) {
		this.budgetSeconds = seconds;
		return this;
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
		ModelFile warm = null;
		if (loaded == null && config.initFrom != null) {
			warm = ModelFile.load(java.nio.file.Paths.get(config.initFrom), config.task());
			config.generator = warm.metadata().generator.copy();
			if (warm.metadata().provenance.preset != null) config.preset = warm.metadata().provenance.preset;
			config.resolve();
			progress.log("Starting from the generator of " + config.initFrom + " (" + config.generator + ", " +
				warm.metadata().provenance.steps + " steps).");
		}
		ComputationGraph g = config.generator.build(config.seed);
		MultiLayerNetwork d = discriminator(config);
		g.setLearningRate(config.learningRate);
		d.setLearningRate(config.learningRate);
		if (loaded != null) loaded.restore(g, d);
		if (warm != null) g.params().assign(warm.generator().params());
		INDArray ema = config.emaDecay > 0 ? g.params().dup() : null;
		if (ema != null && loaded != null && !loaded.restoreEma(ema) && state.step > 0)
			progress.log("The checkpoint holds no weight average; it starts from the current weights.");
		Pix2Pix gan = new Pix2Pix(g, d, config.lambda).withRegressionLoss(config.regressionLoss());
		double[] classWeights = config.generator.classHead() ? classWeights() : null;
		gan.setIterations(state.generatorIteration, state.discriminatorIteration);

		BatchMaker trainBatches = new BatchMaker(config, train);
		List<ValidationSet> valSets = validationSets();
		Batch valBatch = valSets.get(0).batch;
		if (config.task() == Task.COLORIZE) {
			// the peer every colour score is read against: the gray crops themselves (ab = 0)
			ColorScores gray = ColorScores.of(Nd4j.zeros(DataType.FLOAT, valBatch.target.shape()), valBatch);
			progress.log(String.format(Locale.ROOT, "Validation: %d crops without hints; the grayscale crops score %.2f dB%s.",
				valBatch.input.size(0), gray.pooledPsnr, gray.summary()));
		}
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
		double validationSeconds = 0, rateSeconds = 0;
		long rateStep = start;
		try (LossHistory losses = new LossHistory(runDir.resolve(LOSSES),
			"step,phase,l1,g_adversarial,d_real,d_fake,real_score,fake_score,seconds", start);
			LossHistory scores = new LossHistory(runDir.resolve(VALIDATION), validationHeader(valSets), start + 1))
		{
			for (long step = start; step < total; step++) {
				while (queued < total && queued < step + PREFETCH) {
					final long s = queued++;
					queue.add(producer.submit(() -> trainBatches.make(s, Rng.forStep(config.seed, s))));
				}
				if (progress.isCanceled()) {
					state.step = step;
					saveCheckpoint(checkpointFile, state, gan, ema, t0, wallBefore);
					progress.log("Cancelled at step " + step + "; checkpoint saved to " + checkpointFile + ".");
					throw new CancellationException("Training cancelled at step " + step + "; run it again on the " +
						"same folder to resume.");
				}
				Batch batch = take(queue);
				Nd4j.getRandom().setSeed(config.seed * 1_000_003L + step); // dropout
				boolean l1Phase = step < config.l1Steps;
				boolean bce = config.task().loss() == Task.Loss.WEIGHTED_BCE;
				long ts = System.nanoTime();
				Pix2Pix.Losses l = bce ? gan.stepWeightedBce(batch.input, batch.target, batch.weights) : classWeights != null ?
					gan.stepClasses(batch.input, batch.target, batch.weights, classWeights, config.classL1Weight) : l1Phase ?
					gan.stepL1(batch.input, batch.target, batch.weights) :
					gan.stepAdversarial(batch.input, batch.target, batch.weights);
				double seconds = (System.nanoTime() - ts) / 1e9;
				if (bce) l.l1 = l.bce; // detection: the supervised loss goes in the first loss column
				losses.row(step, bce ? "bce" : l1Phase ? "l1" : "gan", l.l1, l.generatorAdversarial,
					l.discriminatorReal, l.discriminatorFake, l.realScore, l.fakeScore, seconds);
				long done = step + 1;
				if (ema != null) {
					double decay = config.initFrom != null ? config.emaDecay : Math.min(config.emaDecay, (1.0 + done) /
						(10.0 + done));
					ema.muli(decay).addi(g.params().mul(1 - decay));
				}
				state.step = done;
				state.generatorIteration = gan.generatorIteration();
				state.discriminatorIteration = gan.discriminatorIteration();
				progress.progress((double) done / total);
				double elapsed = (System.nanoTime() - t0) / 1e9;
				double eta = elapsed / (done - start) * (total - done);
				progress.status(String.format(Locale.ROOT, "Training step %d/%d (%s), %s %.4f, %s left", done, total,
					bce ? "detection" : l1Phase ? "L1 pretraining" : "adversarial", bce ? "BCE" : "L1", l.l1,
					formatDuration(eta)));
				if (done % 50 == 0 || done == total) {
					// throughput since the last log line, validation excluded: what a training hour buys
					double now = (System.nanoTime() - t0) / 1e9 - validationSeconds;
					String rate = String.format(Locale.ROOT, "%.2f s/step, %.1f crops/s", seconds,
						(done - rateStep) * config.batch / Math.max(1e-9, now - rateSeconds));
					rateStep = done;
					rateSeconds = now;
					progress.log(bce ? String.format(Locale.ROOT, "step %d: weighted BCE %.4f  (%s)", done, l.l1, rate) :
						l1Phase ? String.format(Locale.ROOT, "step %d: L1 %.4f  (%s)", done, l.l1, rate) :
						String.format(Locale.ROOT, "step %d: L1 %.4f  G_adv %.3f  D_real %.3f  D_fake %.3f  D(real) %.2f  " +
							"D(fake) %.2f  (%s)", done, l.l1, l.generatorAdversarial, l.discriminatorReal,
							l.discriminatorFake, l.realScore, l.fakeScore, rate));
				}
				boolean overBudget = (System.nanoTime() - t0) / 1e9 - validationSeconds >= budgetSeconds;
				if (overBudget && done < total) {
					progress.log(String.format(Locale.ROOT, "Time budget of %.0f s reached at step %d.", budgetSeconds, done));
					total = done;
				}
				if (done % config.validateEvery == 0 || done == total) {
					long tv = System.nanoTime();
					INDArray raw = null;
					if (ema != null) {
						raw = g.params().dup();
						g.params().assign(ema);
					}
					INDArray valOutput = null;
					boolean colour = config.task() == Task.COLORIZE;
					ColorScores cs = null;
					boolean inpaint = config.task() == Task.INPAINT;
					double[] bandScores = new double[valSets.size()], bandDetail = new double[valSets.size()];
					double score = 0;
					for (int k = 0; k < valSets.size(); k++) {
						ValidationSet set = valSets.get(k);
						INDArray o = output(g, set.batch.input);
						if (k == 0) valOutput = o;
						if (colour) cs = ColorScores.of(o, set.batch); // colourisation has one set
						bandScores[k] = colour ? cs.pooledPsnr : set.band == null ? score(o, set.batch) :
							meanCropPsnr(o, set.batch);
						score += bandScores[k] / valSets.size();
						if (inpaint) bandDetail[k] = set.detailRatio(o);
					}
					Object[] row = new Object[2 + (valSets.size() > 1 ? valSets.size() : 0) + (colour ? 3 : 0) + (inpaint ?
						valSets.size() : 0)];
					row[0] = done;
					row[1] = score;
					for (int k = 0; valSets.size() > 1 && k < valSets.size(); k++)
						row[2 + k] = bandScores[k];
					if (colour) {
						row[row.length - 3] = cs.meanCropPsnr;
						row[row.length - 2] = cs.ssim;
						row[row.length - 1] = cs.colorfulnessRatio;
					}
					for (int k = 0; inpaint && k < valSets.size(); k++)
						row[row.length - valSets.size() + k] = bandDetail[k];
					scores.row(row);
					progress.log(String.format(Locale.ROOT, bce ? "step %d: validation F1 %.3f%s" :
						"step %d: validation %.2f dB%s%s%s (%.0f s)", done, score, valSets.size() > 1 ?
							bandSummary(valSets, bandScores) : "", colour ? cs.summary() : inpaint ? detailSummary(
								bandDetail) : "",
						score > state.bestScore ? " (best so far)" : "", (System.nanoTime() - tv) / 1e9));
					validationSeconds += (System.nanoTime() - tv) / 1e9;
					if (score > state.bestScore) {
						state.bestScore = score;
						state.bestStep = done;
						saveModel(runDir.resolve(BEST), g, state, t0, wallBefore);
					}
					listener.preview(done, PreviewSheet.of(config.task(), valBatch.input, valOutput, valBatch.target));
					if (raw != null) g.params().assign(raw);
				}
				if (done % config.checkpointEvery == 0 || done == total) saveCheckpoint(checkpointFile, state, gan, ema, t0,
					wallBefore);
			}
		}
		finally {
			queue.forEach(f -> f.cancel(true));
			producer.shutdownNow();
		}
		Result r = new Result();
		r.model = runDir.resolve(FINAL);
		if (ema != null) g.params().assign(ema); // the run is over: the model is the average
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

	private void saveCheckpoint(Path file, Checkpoint.State state, Pix2Pix gan, INDArray ema, long t0,
		double wallBefore) throws IOException
	{
		state.wallSeconds = wallBefore + (System.nanoTime() - t0) / 1e9;
		Checkpoint.save(file, config, state, gan.generator(), gan.discriminator(), ema);
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
		if (config.emaDecay > 0) loaded.restoreEma(g.params()); // the averaged weights are the run's model
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
			config.discriminatorWidth, config.discriminatorLayers, config.seed + 1, DataType.FLOAT, config.discriminatorNorm)
				.build();
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
		m.inputFill = config.inputFill();
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

	/** Fixed validation crops of one damage band (null: the run's own damage, or no damage). */
	static final class ValidationSet {

		final String band;
		final Batch batch;
		/** {@link Trainer#detailSum} of the true crops, computed at the first validation: the crops never change. */
		private double truthDetail = Double.NaN;

		ValidationSet(String band, Batch batch) {
			this.band = band;
			this.batch = batch;
		}

		/**
		 * Inpainting: the detail ratio of the output on these crops' masks ({@link Metrics#detailRatio}, as
		 * {@code revive evaluate} measures whole photos), pooled over the crops: the sum over crops of the output's
		 * {@link Metrics#maskedDetailSum} over that of the truth (computed once). 1 = as much texture in the holes
		 * as the truth; an L1-trained model's smooth fills score well below 1. NaN when the truth is flat under
		 * every mask.
		 *
		 * @param out the generator's output for {@code batch}, (n, 3, h, w) in [-1, 1]
		 */
		double detailRatio(INDArray out) {
			if (Double.isNaN(truthDetail)) truthDetail = detailSum(batch.target, batch.input);
			return truthDetail > 0 ? detailSum(out, batch.input) / truthDetail : Double.NaN;
		}
	}

	/**
	 * @param rgb (n, 3, h, w) in [-1, 1] (clamped, as the composite is)
	 * @param input the crops' network input, (n, 4, h, w) with the mask (non-zero = damaged) in channel 3
	 * @return the sum over crops of {@link Metrics#maskedDetailSum} of the crop under its mask
	 */
	static double detailSum(INDArray rgb, INDArray input) {
		int n = (int) rgb.size(0), h = (int) rgb.size(2), w = (int) rgb.size(3), plane = h * w;
		float[] o = rgb.dup('c').data().asFloat(), x = input.dup('c').data().asFloat();
		float[] crop = new float[3 * plane], mask = new float[plane];
		ArrayImg<FloatType, FloatArray> cropImg = ArrayImgs.floats(crop, w, h, 3), maskImg = ArrayImgs.floats(mask, w, h);
		double sum = 0;
		for (int b = 0; b < n; b++) {
			for (int i = 0; i < 3 * plane; i++)
				crop[i] = (Math.max(-1, Math.min(1, o[b * 3 * plane + i])) + 1) / 2;
			System.arraycopy(x, (b * 4 + 3) * plane, mask, 0, plane);
			sum += Metrics.maskedDetailSum(cropImg, maskImg, 1);
		}
		return sum;
	}

	/** The evaluation's inpainting bands, which validation scores separately ({@link TrainingConfig#validationBands}). */
	static final String[] BANDS = { "scratches", "0-10", "10-20", "20-30", "30-40", "40-50" };

	/**
	 * Fixed validation crops, the same at every validation and across resumes. Inpainting with
	 * {@link TrainingConfig#validationBands}: {@link TrainingConfig#validationCrops} crops with fixed masks for
	 * each evaluation band, scored by the mean PSNR of the whole composited crop, as the evaluation scores
	 * whole photos (so a run has a learning curve per band, and the mean over bands picks the best model).
	 * Otherwise one set of crops with the run's own damage. Colourisation is scored without hints, so the score
	 * is that of automatic colourisation.
	 */
	List<ValidationSet> validationSets() {
		TrainingConfig vc = ModelFile.fromJson(ModelFile.toJson(config), TrainingConfig.class).resolve();
		vc.batch = config.validationCrops;
		vc.scaleMin = Math.max(0.5, config.scaleMin);
		vc.hintFreeFraction = 1;
		TrainingData data = validation != null ? validation : train;
		List<ValidationSet> sets = new ArrayList<>();
		if (config.task() == Task.INPAINT && config.validationBands) {
			for (int k = 0; k < BANDS.length; k++) {
				vc.damage = BANDS[k];
				sets.add(new ValidationSet(BANDS[k], new BatchMaker(vc, data).make(-1, new Rng(config.seed ^ VALIDATION_SEED ^
					(k + 1L) * 0x9E3779B97F4A7C15L))));
			}
			return sets;
		}
		sets.add(new ValidationSet(null, new BatchMaker(vc, data).make(-1, new Rng(config.seed ^ VALIDATION_SEED))));
		return sets;
	}

	private String validationHeader(List<ValidationSet> sets) {
		StringBuilder h = new StringBuilder("step,score_db");
		if (sets.size() > 1) for (ValidationSet s : sets)
			h.append(",psnr_").append(s.band);
		if (config.task() == Task.COLORIZE) h.append(",psnr_crop_mean,ssim,colorfulness_ratio");
		if (config.task() == Task.INPAINT) for (ValidationSet s : sets)
			h.append(s.band == null ? ",detail_ratio" : ",detail_" + s.band);
		return h.toString();
	}

	/** @return the mean of the finite detail ratios for the log line, empty for none */
	private static String detailSummary(double[] ratios) {
		double mean = Metrics.finiteMean(ratios);
		return Double.isNaN(mean) ? "" : String.format(Locale.ROOT, ", detail ratio %.3f", mean);
	}

	private static String bandSummary(List<ValidationSet> sets, double[] scores) {
		StringBuilder b = new StringBuilder(" (");
		for (int k = 0; k < sets.size(); k++)
			b.append(k == 0 ? "" : ", ").append(sets.get(k).band).append(' ').append(String.format(Locale.ROOT, "%.2f", scores[k]));
		return b.append(')').toString();
	}

	/** The colour-class head's rebalancing weights, from the training photos' colours (computed at run start). */
	private double[] classWeights() {
		List<net.imglib2.RandomAccessibleInterval<? extends net.imglib2.type.numeric.RealType<?>>> photos =
			new java.util.ArrayList<>();
		for (int i = 0; i < train.size(); i++)
			photos.add(train.clean(i));
		return org.revivegan.core.color.AbBins.get().rebalancingWeightsOf(photos, 255);
	}

	/**
	 * Inference in chunks, so that hundreds of validation crops need no more memory than a training batch; a
	 * colour-class head's output decoded to ab (annealed mean at the default temperature).
	 */
	private INDArray output(ComputationGraph g, INDArray input) {
		long n = input.size(0);
		int chunk = Math.max(1, config.batch);
		if (n <= chunk) return decoded(g.output(false, input)[0], input);
		INDArray[] parts = new INDArray[(int) ((n + chunk - 1) / chunk)];
		for (int i = 0; i < parts.length; i++) {
			long a = (long) i * chunk, b = Math.min(n, a + chunk);
			// a class head's logits are decoded chunk by chunk: 600 crops of 128 x 128 x 261 logits would be 10 GB
			parts[i] = decoded(g.output(false, input.get(NDArrayIndex.interval(a, b), NDArrayIndex.all(),
				NDArrayIndex.all(), NDArrayIndex.all()).dup())[0], input).dup();
		}
		return Nd4j.concat(0, parts);
	}

	/** @return a class head's logits decoded, and up-sampled to the input's size where the head is coarser */
	private INDArray decoded(INDArray out, INDArray input) {
		return config.generator.classHead() ? org.revivegan.core.gan.ClassLoss.decode(out,
			org.revivegan.core.color.AbBins.DEFAULT_TEMPERATURE, (int) input.size(2), (int) input.size(3)) : out;
	}

	/**
	 * Inpainting: the mean over crops of the PSNR (dB, values in [0, 1]) of the whole crop with the output
	 * composited into the damaged pixels, as the evaluation measures whole photos (capped at 99 dB).
	 */
	static double meanCropPsnr(INDArray out, Batch batch) {
		long n = out.size(0), h = out.size(2), w = out.size(3);
		int plane = (int) (h * w);
		float[] o = out.dup('c').data().asFloat(), t = batch.target.dup('c').data().asFloat();
		float[] x = batch.input.dup('c').data().asFloat();
		double sum = 0;
		for (int b = 0; b < n; b++) {
			double se = 0;
			for (int i = 0; i < plane; i++) {
				if (x[(b * 4 + 3) * plane + i] == 0) continue;
				for (int c = 0; c < 3; c++) {
					int k = (b * 3 + c) * plane + i;
					double v = Math.max(-1, Math.min(1, o[k]));
					double e = (v - t[k]) * 0.5;
					se += e * e;
				}
			}
			double mse = se / (3.0 * plane);
			sum += mse <= 1e-10 ? 99 : Math.min(99, 10 * Math.log10(1 / mse));
		}
		return sum / n;
	}

	/**
	 * The validation score of the generator's output {@code out} for the batch. Inpainting: PSNR (dB) over the
	 * damaged pixels of the composite; colourisation: PSNR of the RGB image rebuilt from the input L and the
	 * predicted ab; detection: F1 of the mask at threshold 0.5 (in [0, 1], in
	 * the same "score_db" column of the validation CSV). Higher is better.
	 */
	static double score(INDArray out, Batch batch) {
		if (batch.target.size(1) == 1) return f1(out, batch.target, DETECTION_THRESHOLD);
		if (batch.target.size(1) == 2) return ColorScores.of(out, batch).pooledPsnr;
		// inpainting: squared error in [0, 1] over masked pixels
		long n = out.size(0), h = out.size(2), w = out.size(3);
		int plane = (int) (h * w);
		double se = 0;
		long count = 0;
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

	static String formatDuration(double seconds) {
		if (!Double.isFinite(seconds)) return "?";
		long s = Math.round(seconds);
		if (s >= 3600) return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
		return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
	}
}
