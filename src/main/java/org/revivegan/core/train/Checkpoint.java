package org.revivegan.core.train;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.revivegan.core.model.AtomicFiles;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.ModelFormatException;

/**
 * Everything needed to continue a training run as if it had never stopped: both networks' parameters (with
 * BatchNorm statistics), both Adam states, the step and Adam counters, the best validation score, and the
 * configuration. Written atomically; the previous checkpoint stays intact until the new one is complete.
 */
public final class Checkpoint {

	private static final String STATE = "state.json";
	private static final String CONFIG = "config.json";
	private static final String G = "generator.bin";
	private static final String D = "discriminator.bin";
	private static final String G_UPDATER = "generator-adam.bin";
	private static final String D_UPDATER = "discriminator-adam.bin";
	/** The exponential moving average of the generator's parameters, in runs that keep one. */
	private static final String G_EMA = "generator-ema.bin";
	/**
	 * The most bytes each entry may inflate to (the JSON entries as model metadata, a network's parameters as
	 * the largest generator ReviveGAN accepts, Adam's state twice that): a damaged or crafted checkpoint stops
	 * with a message, not with an out-of-memory error.
	 */
	private static final Map<String, Long> LIMITS = Map.of(STATE, (long) ModelFile.MAX_METADATA_BYTES, CONFIG,
		(long) ModelFile.MAX_METADATA_BYTES, G, ModelFile.maxArrayBytes(ModelFile.MAX_PARAMETERS), G_EMA, ModelFile
			.maxArrayBytes(ModelFile.MAX_PARAMETERS), D, ModelFile.maxArrayBytes(ModelFile.MAX_PARAMETERS), G_UPDATER,
		ModelFile.maxArrayBytes(2 * ModelFile.MAX_PARAMETERS), D_UPDATER, ModelFile.maxArrayBytes(2 *
			ModelFile.MAX_PARAMETERS));

	/** Counters and scores; plain data for JSON. */
	public static final class State {

		/** Next step to run (= steps done). */
		public long step;
		public int generatorIteration;
		public int discriminatorIteration;
		public double bestScore = Double.NEGATIVE_INFINITY;
		public long bestStep = -1;
		public double wallSeconds;
	}

	private Checkpoint() {}

	public static void save(Path file, TrainingConfig config, State state, ComputationGraph g, MultiLayerNetwork d)
		throws IOException
	{
		save(file, config, state, g, d, null);
	}

	/** @param ema the moving average of G's parameters, or null if the run keeps none */
	public static void save(Path file, TrainingConfig config, State state, ComputationGraph g, MultiLayerNetwork d,
		INDArray ema) throws IOException
	{
		AtomicFiles.write(file, out -> {
			ZipOutputStream zip = new ZipOutputStream(out);
			put(zip, CONFIG, ModelFile.toJson(config).getBytes(StandardCharsets.UTF_8));
			put(zip, STATE, ModelFile.toJson(state).getBytes(StandardCharsets.UTF_8));
			putArray(zip, G, g.params());
			putArray(zip, D, d.params());
			putArray(zip, G_UPDATER, g.getUpdater().getStateViewArray());
			putArray(zip, D_UPDATER, ((MultiLayerUpdater) d.getUpdater()).getStateViewArray());
			if (ema != null) putArray(zip, G_EMA, ema);
			zip.finish();
		});
	}

	private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
		zip.putNextEntry(new ZipEntry(name));
		zip.write(bytes);
		zip.closeEntry();
	}

	private static void putArray(ZipOutputStream zip, String name, INDArray a) throws IOException {
		zip.putNextEntry(new ZipEntry(name));
		ModelFile.writeArray(zip, a, false);
		zip.closeEntry();
	}

	/** The raw content of a checkpoint, read and checked, before it is applied to networks. */
	public static final class Loaded {

		public final TrainingConfig config;
		public final State state;
		private final Map<String, byte[]> entries;

		Loaded(TrainingConfig config, State state, Map<String, byte[]> entries) {
			this.config = config;
			this.state = state;
			this.entries = entries;
		}

		/** Copies the stored parameters and Adam states into freshly built networks of the same architecture. */
		public void restore(ComputationGraph g, MultiLayerNetwork d) throws IOException {
			assign(G, g.params());
			assign(D, d.params());
			assign(G_UPDATER, g.getUpdater().getStateViewArray());
			assign(D_UPDATER, ((MultiLayerUpdater) d.getUpdater()).getStateViewArray());
		}

		/** Copies the stored (not averaged) parameters of G into {@code target}. */
		void restoreGeneratorParams(INDArray target) throws IOException {
			assign(G, target);
		}

		/**
		 * Copies the stored moving average of G's parameters into {@code target}.
		 *
		 * @return false if the checkpoint holds none (a run without one, or from before EMA existed)
		 */
		public boolean restoreEma(INDArray target) throws IOException {
			if (!entries.containsKey(G_EMA)) return false;
			assign(G_EMA, target);
			return true;
		}

		private void assign(String name, INDArray target) throws IOException {
			INDArray a = ModelFile.decodeArray(entries.get(name), target.length(), "The checkpoint's entry " + name,
				" Delete the checkpoint to start the run over.");
			target.assign(a.reshape(target.shape()));
		}
	}

	public static Loaded load(Path file) throws IOException {
		Map<String, byte[]> entries = new HashMap<>();
		try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
			for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
				Long limit = LIMITS.get(e.getName());
				if (limit == null) continue; // not an entry of a checkpoint: skipped, never held in memory
				entries.put(e.getName(), ModelFile.inflate(zip, limit, "Checkpoint " + file + " is damaged", e
					.getName(), " Delete it to start over."));
			}
		}
		catch (ZipException | java.io.EOFException e) {
			throw new ModelFormatException("Checkpoint " + file + " is damaged (" + e.getMessage() + "). Delete it to " +
				"start over.", e);
		}
		for (String name : new String[] { CONFIG, STATE, G, D, G_UPDATER, D_UPDATER })
			if (!entries.containsKey(name)) throw new ModelFormatException("Checkpoint " + file + " is incomplete (no " +
				name + "). Delete it to start over.");
		TrainingConfig config = json(file, entries, CONFIG, TrainingConfig.class);
		// written before the setting existed: that discriminator has BatchNorm (today's default has none)
		if (!new String(entries.get(CONFIG), StandardCharsets.UTF_8).contains("\"discriminatorNorm\""))
			config.discriminatorNorm = org.revivegan.core.nets.PatchDiscriminator.NORM_BATCH;
		State state = json(file, entries, STATE, State.class);
		try {
			config.resolve();
		}
		catch (RuntimeException e) {
			throw new ModelFormatException("Checkpoint " + file + " holds a configuration this version cannot use (" + e
				.getMessage() + "). Delete it to start over, or train in another folder.", e);
		}
		if (state.step < 0 || state.step > config.totalSteps()) throw new ModelFormatException("Checkpoint " + file +
			" is damaged (step " + state.step + " of " + config.totalSteps() + "). Delete it to start over.");
		return new Loaded(config, state, entries);
	}

	/** @return the entry read as JSON; damaged JSON (or none) is a {@link ModelFormatException} naming the file */
	private static <T> T json(Path file, Map<String, byte[]> entries, String name, Class<T> type)
		throws ModelFormatException
	{
		T value;
		try {
			value = ModelFile.fromJson(new String(entries.get(name), StandardCharsets.UTF_8), type);
		}
		catch (RuntimeException e) { // Gson's JsonParseException, or a number where an object belongs
			throw new ModelFormatException("Checkpoint " + file + " is damaged (" + name + " is not valid: " + e
				.getMessage() + "). Delete it to start over.", e);
		}
		if (value == null) throw new ModelFormatException("Checkpoint " + file + " is damaged (" + name + " is empty). " +
			"Delete it to start over.");
		return value;
	}
}
