package org.revivegan.core.provenance;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.ModelMetadata;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.ToNumberPolicy;

/**
 * What a ReviveGAN result is and where it came from, so that an archive can publish a restored photo honestly:
 * which ReviveGAN, when, which operation with which parameters, which model files (by SHA-256, so the exact
 * weights can be named), which input, and how much of the result the model <em>invented</em>.
 * <p>
 * "Synthesised" has two degrees. Inpainting invents whole pixels: {@link #synthesizedPixels()} counts them (over
 * all planes) and the map of them travels separately (a PNG beside the output on the command line, an overlay
 * and {@link SynthesizedMap} in Fiji). Colourisation invents the colour (CIE Lab a*, b*) of <em>every</em> pixel
 * and keeps the input's lightness L*: that is a flag, {@link #allChromaSynthesized()}, not a white map. A
 * restoration is both.
 * </p>
 * <p>
 * The record is immutable. Its JSON ({@link #toJson()}, schema {@value #SCHEMA}) has a fixed key order and
 * always the same keys (null where a value does not apply), so files from different runs diff cleanly;
 * {@link #fromJson(String)} reads it back. {@link #toInfoText()} is the same content as lines for a person
 * (ImageJ's Image &gt; Show Info).
 * </p>
 */
public final class Provenance {

	/** Identifies the JSON layout; a later, incompatible layout gets a new number. */
	public static final String SCHEMA = "revivegan-provenance/1";

	/** What was done to the input. */
	public enum Operation {
		INPAINT("inpaint", "ReviveGAN inpainting"),
		COLORIZE("colorize", "ReviveGAN colourisation"),
		RESTORE("restore", "ReviveGAN restoration: inpainting, then colourisation");

		private final String id, title;

		Operation(String id, String title) {
			this.id = id;
			this.title = title;
		}

		/** @return the name in the JSON: inpaint, colorize, restore */
		public String id() {
			return id;
		}

		static Operation parse(String id) {
			for (Operation o : values())
				if (o.id.equals(id)) return o;
			throw new IllegalArgumentException("Unknown operation '" + id + "' (expected inpaint, colorize or restore).");
		}
	}

	/** One model that took part, named so that the exact weights can be found again. */
	public static final class Model {

		private final String role, card, file, sha256, generator;
		private final long trainingSteps;

		/**
		 * @param role what the model did here: "inpaint" or "colorize"
		 * @param card the model card's name (the metadata's {@code name})
		 * @param file where it was read from (file name, or "default inpaint model"); empty if built in memory
		 * @param sha256 the SHA-256 of the model file; empty if built in memory
		 * @param generator the generator architecture, in words
		 * @param trainingSteps how many steps the model was trained for
		 */
		public Model(String role, String card, String file, String sha256, String generator, long trainingSteps) {
			this.role = Objects.requireNonNull(role);
			this.card = nonNull(card);
			this.file = nonNull(file);
			this.sha256 = nonNull(sha256);
			this.generator = nonNull(generator);
			this.trainingSteps = trainingSteps;
		}

		/** @return the record of a loaded model file used for {@code role} */
		public static Model of(String role, ModelFile model) {
			ModelMetadata m = model.metadata();
			return new Model(role, m.name, model.source(), model.sha256(), m.generator == null ? "" : m.generator
				.toString(), m.provenance == null ? 0 : m.provenance.steps);
		}

		public String role() {
			return role;
		}

		public String card() {
			return card;
		}

		public String file() {
			return file;
		}

		public String sha256() {
			return sha256;
		}

		public String generator() {
			return generator;
		}

		public long trainingSteps() {
			return trainingSteps;
		}
	}

	private final String version;
	private final String date;
	private final Operation operation;
	private final List<Model> models;
	private final Map<String, Object> parameters;
	private final Long seed;
	private final String inputName;
	private final int inputWidth, inputHeight, inputPlanes;
	private final long synthesizedPixels;
	private final boolean allChromaSynthesized;
	private final String mapFile;
	private final String note;

	private Provenance(Builder b) {
		this.version = b.version;
		this.date = b.date;
		this.operation = b.operation;
		this.models = Collections.unmodifiableList(new ArrayList<>(b.models));
		this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(b.parameters));
		this.seed = b.seed;
		this.inputName = b.inputName;
		this.inputWidth = b.inputWidth;
		this.inputHeight = b.inputHeight;
		this.inputPlanes = b.inputPlanes;
		this.synthesizedPixels = b.synthesizedPixels;
		this.allChromaSynthesized = b.allChromaSynthesized;
		this.mapFile = b.mapFile;
		this.note = b.note;
	}

	/** @return a builder for {@code operation}, dated now, of this ReviveGAN's version */
	public static Builder builder(Operation operation) {
		return new Builder(operation);
	}

	/** @return a builder holding everything of this record, to derive a changed copy */
	public Builder toBuilder() {
		Builder b = new Builder(operation).version(version).date(date).seed(seed).input(inputName, inputWidth,
			inputHeight, inputPlanes).synthesizedPixels(synthesizedPixels).allChromaSynthesized(allChromaSynthesized)
			.mapFile(mapFile).note(note);
		models.forEach(b::model);
		parameters.forEach(b::parameter);
		return b;
	}

	/**
	 * The record of a restoration: inpainting, then colourisation of the inpainted image. Models and parameters
	 * of both, the inpainting's invented pixels, and all chroma invented.
	 *
	 * @param inpainting the record of the inpainting step
	 * @param colorization the record of colourising its result, or null if the colour step was skipped (the
	 *          colours are then the input's own)
	 */
	public static Provenance restoration(Provenance inpainting, Provenance colorization) {
		Builder b = builder(Operation.RESTORE).version(inpainting.version).date(colorization == null ? inpainting.date :
			colorization.date).seed(inpainting.seed).input(inpainting.inputName, inpainting.inputWidth,
				inpainting.inputHeight, inpainting.inputPlanes).synthesizedPixels(inpainting.synthesizedPixels)
			.allChromaSynthesized(colorization != null).mapFile(inpainting.mapFile);
		inpainting.models.forEach(b::model);
		inpainting.parameters.forEach(b::parameter);
		if (colorization != null) {
			colorization.models.forEach(b::model);
			colorization.parameters.forEach(b::parameter);
		}
		return b.build();
	}

	/** @return the ReviveGAN version that made the result ({@link ReviveGanVersion}) */
	public String version() {
		return version;
	}

	/** @return when the result was made: ISO-8601, UTC, to the second (2026-03-01T12:00:00Z) */
	public String date() {
		return date;
	}

	public Operation operation() {
		return operation;
	}

	/** @return the models used, in the order they ran */
	public List<Model> models() {
		return models;
	}

	/** @return the parameters, in the order they were given; values are String, Long, Double or Boolean */
	public Map<String, Object> parameters() {
		return parameters;
	}

	/** @return the random seed, or null: ReviveGAN's inference is deterministic and uses none */
	public Long seed() {
		return seed;
	}

	public String inputName() {
		return inputName;
	}

	public int inputWidth() {
		return inputWidth;
	}

	public int inputHeight() {
		return inputHeight;
	}

	/** @return the number of planes (channels x slices x frames) of the input */
	public int inputPlanes() {
		return inputPlanes;
	}

	/** @return how many pixels the model invented entirely (lightness and colour), summed over all planes */
	public long synthesizedPixels() {
		return synthesizedPixels;
	}

	/** @return {@link #synthesizedPixels()} as a fraction of all the input's pixels (over all planes) */
	public double synthesizedFraction() {
		long all = (long) inputWidth * inputHeight * Math.max(1, inputPlanes);
		return all == 0 ? 0 : synthesizedPixels / (double) all;
	}

	/** @return true if the colour (a*, b*) of every pixel was invented; the lightness L* is then the input's */
	public boolean allChromaSynthesized() {
		return allChromaSynthesized;
	}

	/** @return the file name of the map of invented pixels written beside the result, or null if none */
	public String mapFile() {
		return mapFile;
	}

	/** @return a remark on what was done, or null (for example "colour photo: not recoloured") */
	public String note() {
		return note;
	}

	/** @return what was invented, in one sentence for a person */
	public String meaning() {
		String pixels = String.format(Locale.ROOT, "%d pixels (%.2f %%)", synthesizedPixels, 100 *
			synthesizedFraction());
		if (allChromaSynthesized && synthesizedPixels == 0) return "The colour (CIE Lab a*, b*) of every pixel was " +
			"invented by the model; the lightness L* of every pixel is the input's own.";
		if (allChromaSynthesized) return pixels + " were invented entirely by the model (inpainting); the colour " +
			"(a*, b*) of every pixel was invented too, and the lightness L* of all other pixels is the input's own.";
		return pixels + " were invented by the model (inpainting); all other pixels are the input's own.";
	}

	/** @return the record as pretty JSON, keys always present and in a fixed order */
	public String toJson() {
		Json j = new Json();
		j.reviveganVersion = version;
		j.date = date;
		j.operation = operation.id();
		j.note = note;
		j.input = new Json.Input();
		j.input.name = inputName;
		j.input.width = inputWidth;
		j.input.height = inputHeight;
		j.input.planes = inputPlanes;
		j.models = new ArrayList<>();
		for (Model m : models) {
			Json.ModelEntry jm = new Json.ModelEntry();
			jm.role = m.role;
			jm.card = m.card;
			jm.file = m.file;
			jm.sha256 = m.sha256;
			jm.generator = m.generator;
			jm.trainingSteps = m.trainingSteps;
			j.models.add(jm);
		}
		j.parameters = parameters;
		j.seed = seed;
		j.synthesized = new Json.Synthesized();
		j.synthesized.pixels = synthesizedPixels;
		j.synthesized.fraction = synthesizedFraction();
		j.synthesized.allChroma = allChromaSynthesized;
		j.synthesized.map = mapFile;
		j.synthesized.meaning = meaning();
		return GSON.toJson(j);
	}

	/**
	 * Reads what {@link #toJson()} wrote.
	 *
	 * @throws IllegalArgumentException if the text is not a ReviveGAN provenance record, saying why
	 */
	public static Provenance fromJson(String json) {
		JsonElement tree;
		try {
			tree = JsonParser.parseString(json);
		}
		catch (JsonParseException e) {
			throw new IllegalArgumentException("Not a ReviveGAN provenance record (invalid JSON: " + e.getMessage() +
				").", e);
		}
		if (!tree.isJsonObject()) throw new IllegalArgumentException("Not a ReviveGAN provenance record (not a JSON " +
			"object).");
		// the schema first: a newer layout may bind differently
		JsonElement schema = tree.getAsJsonObject().get("schema");
		String name = schema == null || schema.isJsonNull() || !schema.isJsonPrimitive() ? "" : schema.getAsString();
		if (!SCHEMA.equals(name)) throw new IllegalArgumentException("Not a " + SCHEMA + " record (schema '" + name +
			"'); a newer ReviveGAN may have written it.");
		Json j;
		try {
			j = GSON.fromJson(tree, Json.class);
		}
		catch (JsonParseException | IllegalStateException e) { // a value of the wrong kind: a word for a number
			throw damaged(e.getMessage());
		}
		Builder b = builder(Operation.parse(nonNull(j.operation))).version(j.reviveganVersion).date(nonNull(j.date))
			.note(j.note);
		Json.Input in = required(j.input, "input");
		b.input(in.name, required(in.width, "input.width"), required(in.height, "input.height"), required(in.planes,
			"input.planes"));
		List<Json.ModelEntry> models = required(j.models, "models");
		for (int i = 0; i < models.size(); i++) {
			Json.ModelEntry m = required(models.get(i), "models[" + i + "]");
			b.model(new Model(nonNull(m.role), m.card, m.file, m.sha256, m.generator, m.trainingSteps == null ? 0
				: m.trainingSteps));
		}
		for (Map.Entry<String, Object> p : required(j.parameters, "parameters").entrySet()) {
			if (p.getValue() instanceof Map || p.getValue() instanceof List) throw damaged("parameter " + p.getKey() +
				" is not a string, number, true, false or null");
			b.parameter(p.getKey(), p.getValue());
		}
		b.seed(j.seed);
		Json.Synthesized s = required(j.synthesized, "synthesized");
		return b.synthesizedPixels(required(s.pixels, "synthesized.pixels")).allChromaSynthesized(required(
			s.allChroma, "synthesized.allChroma")).mapFile(s.map).build();
	}

	/**
	 * The JSON layout ({@value #SCHEMA}), bound by Gson: the keys are the fields, in their order; boxed, so that
	 * a key missing from a file reads as null. Values derived from the others ({@code fraction},
	 * {@code meaning}) are written for the reader and ignored when read.
	 */
	private static final class Json {

		String schema = SCHEMA;
		String reviveganVersion;
		String date;
		String operation;
		String note;
		Input input;
		List<ModelEntry> models;
		/** String, Long, Double, Boolean or null ({@link ToNumberPolicy#LONG_OR_DOUBLE} when read) */
		Map<String, Object> parameters;
		Long seed;
		Synthesized synthesized;

		static final class Input {

			String name;
			Integer width, height, planes;
		}

		static final class ModelEntry {

			String role, card, file, sha256, generator;
			Long trainingSteps;
		}

		static final class Synthesized {

			Long pixels;
			Double fraction;
			Boolean allChroma;
			String map;
			String meaning;
		}
	}

	private static <T> T required(T value, String key) {
		if (value == null) throw damaged("no " + key);
		return value;
	}

	private static IllegalArgumentException damaged(String why) {
		return new IllegalArgumentException("The provenance record is incomplete or damaged (" + why + ").");
	}

	/** @return the record as lines for a person, as ImageJ shows an image's Info */
	public String toInfoText() {
		StringBuilder sb = new StringBuilder();
		sb.append(operation.title);
		if (note != null) sb.append(" (").append(note).append(')');
		sb.append('\n');
		sb.append("ReviveGAN version: ").append(version).append('\n');
		sb.append("date: ").append(date).append('\n');
		for (Model m : models) {
			sb.append(models.size() > 1 ? m.role + " model: " : "model: ").append(m.card.isEmpty() ? "(unnamed)" : m.card)
				.append(" (").append(m.generator).append(")");
			if (!m.file.isEmpty()) sb.append(", file ").append(m.file);
			sb.append('\n');
			sb.append(models.size() > 1 ? m.role + " model sha256: " : "model sha256: ").append(m.sha256.isEmpty() ?
				"(in memory)" : m.sha256).append('\n');
		}
		for (Map.Entry<String, Object> p : parameters.entrySet())
			sb.append(p.getKey()).append(": ").append(p.getValue()).append('\n');
		sb.append("seed: ").append(seed == null ? "none (inference is deterministic)" : seed.toString()).append('\n');
		sb.append("input: ").append(inputName).append(" (").append(inputWidth).append(" x ").append(inputHeight);
		if (inputPlanes > 1) sb.append(", ").append(inputPlanes).append(" planes");
		sb.append(")\n");
		sb.append("synthesized: ").append(meaning());
		if (mapFile != null) sb.append("\nsynthesized map: ").append(mapFile);
		return sb.toString();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Provenance && toJson().equals(((Provenance) other).toJson());
	}

	@Override
	public int hashCode() {
		return toJson().hashCode();
	}

	@Override
	public String toString() {
		return toJson();
	}

	/** Pretty, nulls kept (every key always there), no HTML escapes; numbers read back as Long or Double. */
	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping()
		.serializeSpecialFloatingPointValues().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create();

	private static String nonNull(String s) {
		return s == null ? "" : s;
	}

	/** Collects a {@link Provenance}; every setter returns the builder. */
	public static final class Builder {

		private final Operation operation;
		private String version = ReviveGanVersion.get();
		private String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
		private final List<Model> models = new ArrayList<>();
		private final Map<String, Object> parameters = new LinkedHashMap<>();
		private Long seed;
		private String inputName = "";
		private int inputWidth, inputHeight, inputPlanes = 1;
		private long synthesizedPixels;
		private boolean allChromaSynthesized;
		private String mapFile;
		private String note;

		private Builder(Operation operation) {
			this.operation = Objects.requireNonNull(operation);
			this.allChromaSynthesized = operation != Operation.INPAINT;
		}

		public Builder version(String v) {
			version = nonNull(v);
			return this;
		}

		/** @param isoDate an ISO-8601 instant (2026-03-01T12:00:00Z) */
		public Builder date(String isoDate) {
			try {
				Instant.parse(isoDate);
			}
			catch (DateTimeParseException | NullPointerException e) {
				throw new IllegalArgumentException("Not an ISO-8601 UTC date: " + isoDate, e);
			}
			date = isoDate;
			return this;
		}

		public Builder model(Model m) {
			models.add(Objects.requireNonNull(m));
			return this;
		}

		/** Adds the model file used for {@code role} ("inpaint" or "colorize"). */
		public Builder model(String role, ModelFile m) {
			return model(Model.of(role, m));
		}

		/** @param value a String, Boolean or Number (stored as Long if whole, else Double), or null */
		public Builder parameter(String name, Object value) {
			Object v = value;
			if (v instanceof Byte || v instanceof Short || v instanceof Integer) v = ((Number) v).longValue();
			else if (v instanceof Float) v = ((Float) v).doubleValue();
			else if (v != null && !(v instanceof String || v instanceof Boolean || v instanceof Long ||
				v instanceof Double)) v = v.toString();
			parameters.put(Objects.requireNonNull(name), v);
			return this;
		}

		public Builder seed(Long s) {
			seed = s;
			return this;
		}

		public Builder input(String name, int width, int height, int planes) {
			if (width < 0 || height < 0 || planes < 0) throw new IllegalArgumentException("Negative image size.");
			inputName = nonNull(name);
			inputWidth = width;
			inputHeight = height;
			inputPlanes = planes;
			return this;
		}

		public Builder synthesizedPixels(long n) {
			if (n < 0) throw new IllegalArgumentException("Negative pixel count.");
			synthesizedPixels = n;
			return this;
		}

		public Builder allChromaSynthesized(boolean all) {
			allChromaSynthesized = all;
			return this;
		}

		public Builder mapFile(String fileName) {
			mapFile = fileName;
			return this;
		}

		public Builder note(String n) {
			note = n;
			return this;
		}

		public Provenance build() {
			return new Provenance(this);
		}
	}
}
