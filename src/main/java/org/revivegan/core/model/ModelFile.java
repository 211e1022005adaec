package org.revivegan.core.model;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

/**
 * ReviveGAN's model file: one zip with {@value #METADATA} (JSON, {@link ModelMetadata}) and {@value #WEIGHTS}
 * (the generator's parameters, including BatchNorm statistics, as float16 or float32).
 * <p>
 * Loading checks everything a user can get wrong and says what to do: a file that is not a model, a damaged
 * or truncated file, a model for the other task, a file from a newer ReviveGAN, a colourisation model from an
 * older one (without colour hints), weights that do not fit the architecture. Files are written atomically: a
 * crash never leaves a half-written model under the final name.
 * </p>
 */
public final class ModelFile {

	public static final String METADATA = "revivegan-model.json";
	public static final String WEIGHTS = "generator-weights.bin";

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

	private final ModelMetadata metadata;
	private final ComputationGraph generator;
	private final String sha256;
	private final String source;

	public ModelFile(ModelMetadata metadata, ComputationGraph generator) {
		this(metadata, generator, "", "");
	}

	private ModelFile(ModelMetadata metadata, ComputationGraph generator, String sha256, String source) {
		this.metadata = metadata;
		this.generator = generator;
		this.sha256 = sha256;
		this.source = source;
	}

	public ModelMetadata metadata() {
		return metadata;
	}

	public ComputationGraph generator() {
		return generator;
	}

	public Task task() {
		return metadata.task();
	}

	/** @return the SHA-256 of the file this model was read from (empty if not read from a file) */
	public String sha256() {
		return sha256;
	}

	/**
	 * @return where this model was read from, for provenance records: the file name (without its folder, which
	 *         may be private), "default inpaint model" for a bundled one, empty if built in memory
	 */
	public String source() {
		return source;
	}

	/**
	 * Writes the model atomically.
	 *
	 * @param half store weights as float16 (half the size; inference precision is unaffected in practice)
	 */
	public void save(Path file, boolean half) throws IOException {
		AtomicFiles.write(file, out -> write(out, half));
	}

	private void write(OutputStream raw, boolean half) throws IOException {
		ZipOutputStream zip = new ZipOutputStream(raw);
		zip.putNextEntry(new ZipEntry(METADATA));
		zip.write(GSON.toJson(metadata).getBytes(StandardCharsets.UTF_8));
		zip.closeEntry();
		zip.putNextEntry(new ZipEntry(WEIGHTS));
		writeArray(zip, generator.params(), half);
		zip.closeEntry();
		zip.finish();
	}

	/** Reads a model of any task. */
	public static ModelFile load(Path file) throws IOException {
		return load(file, null);
	}

	/**
	 * Reads a model and checks that it does {@code expected} (null accepts any task).
	 *
	 * @throws ModelFormatException with a message a user can act on
	 */
	public static ModelFile load(Path file, Task expected) throws IOException {
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(file);
		}
		catch (NoSuchFileException e) {
			throw new ModelFormatException("Model file not found: " + file + ". Check the path, or leave the model " +
				"empty to use the default model.");
		}
		try (InputStream in = new ByteArrayInputStream(bytes)) {
			ModelFile m = read(in, file.getFileName().toString(), expected, sha256(bytes));
			return m;
		}
	}

	/** Reads a model from a stream (for example a resource inside the plugin's jar). */
	public static ModelFile read(InputStream in, String name, Task expected) throws IOException {
		byte[] bytes = in.readAllBytes();
		return read(new ByteArrayInputStream(bytes), name, expected, sha256(bytes));
	}

	private static ModelFile read(InputStream in, String name, Task expected, String sha) throws IOException {
		ModelMetadata meta = null;
		byte[] weights = null;
		try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(in))) {
			for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
				if (METADATA.equals(e.getName())) meta = parseMetadata(zip.readAllBytes(), name);
				else if (WEIGHTS.equals(e.getName())) weights = zip.readAllBytes();
			}
		}
		catch (ZipException | java.io.EOFException e) {
			throw new ModelFormatException(name + " is damaged or truncated (" + e.getMessage() + "). Copy the model " +
				"file again, or use the default model.", e);
		}
		if (meta == null && weights == null) throw new ModelFormatException(name + " is not a ReviveGAN model file " +
			"(no " + METADATA + " inside). Choose a .zip model saved by ReviveGAN.");
		if (meta == null) throw new ModelFormatException(name + " has weights but no " + METADATA + ": the file is " +
			"damaged. Copy it again.");
		if (weights == null) throw new ModelFormatException(name + " has no weights (" + WEIGHTS + "): the file is " +
			"damaged or truncated. Copy it again.");
		if (meta.formatVersion > ModelMetadata.FORMAT_VERSION) throw new ModelFormatException(name + " was made by " +
			"a newer ReviveGAN (model format " + meta.formatVersion + "; this version reads up to " +
			ModelMetadata.FORMAT_VERSION + "). Update ReviveGAN.");
		Task task;
		try {
			task = meta.task();
			if (meta.generator == null) throw new IllegalArgumentException("no generator architecture");
			meta.generator.validate();
		}
		catch (IllegalArgumentException | NullPointerException e) {
			throw new ModelFormatException(name + " has invalid metadata: " + e.getMessage() + ".", e);
		}
		if (expected != null && task != expected) throw new ModelFormatException(name + " is a " + task.id() +
			" model, not a " + expected.id() + " model. Choose a " + expected.id() + " model.");
		if (task == Task.COLORIZE && meta.generator.inChannels == 1) throw new ModelFormatException(name + " was made " +
			"by an older ReviveGAN: a colourisation model without colour hints (1 input channel; this version needs " +
			task.inChannels() + "). Retrain it with this version of ReviveGAN.");
		if (meta.generator.inChannels != task.inChannels() || meta.generator.outChannels != meta.generator
			.expectedOutChannels(task))
			throw new ModelFormatException(name + " has invalid metadata: its generator has " + meta.generator.inChannels +
				" -> " + meta.generator.outChannels + " channels, but a " + task.id() + " model needs " + task.inChannels() +
				" -> " + task.outChannels() + ". The file is damaged or was edited.");
		if (!meta.generator.expectedOutputActivation(task).equals(meta.generator.outputActivation())) throw new ModelFormatException(name +
			" has invalid metadata: a " + task.id() + " model needs a " + task.outputActivation() + " output, not " +
			meta.generator.outputActivation() + ". The file is damaged or was edited.");
		ComputationGraph g = meta.generator.build(0);
		INDArray params;
		try {
			params = readArray(new DataInputStream(new ByteArrayInputStream(weights)));
		}
		catch (IOException | RuntimeException e) {
			throw new ModelFormatException(name + ": the weights are damaged (" + e.getMessage() + "). Copy the " +
				"file again.", e);
		}
		if (params.length() != g.numParams()) throw new ModelFormatException(name + ": the weights (" + params.length() +
			" values) do not fit the architecture " + meta.generator + " (" + g.numParams() + "). The file is damaged.");
		g.setParams(params.reshape(1, params.length()));
		return new ModelFile(meta, g, sha, name);
	}

	private static ModelMetadata parseMetadata(byte[] json, String name) throws ModelFormatException {
		try {
			ModelMetadata m = GSON.fromJson(new String(json, StandardCharsets.UTF_8), ModelMetadata.class);
			if (m == null) throw new JsonParseException("empty");
			return m;
		}
		catch (JsonParseException e) {
			throw new ModelFormatException(name + ": " + METADATA + " is not valid JSON (" + e.getMessage() + ").", e);
		}
	}

	/** @return the metadata as pretty JSON */
	public static String toJson(Object o) {
		return GSON.toJson(o);
	}

	public static <T> T fromJson(String json, Class<T> type) {
		return GSON.fromJson(json, type);
	}

	/**
	 * Writes a flat array: magic, type (16 or 32 bits), length, then the values little-endian. Simple and
	 * independent of ND4J's own serialisation format.
	 */
	public static void writeArray(OutputStream out, INDArray array, boolean half) throws IOException {
		DataOutputStream data = new DataOutputStream(out);
		float[] values = array.castTo(DataType.FLOAT).dup('c').data().asFloat();
		data.writeInt(0x52474157); // "RGAW"
		data.writeInt(half ? 16 : 32);
		data.writeLong(values.length);
		java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
		for (float v : values) {
			if (buf.remaining() < 4) {
				data.write(buf.array(), 0, buf.position());
				buf.clear();
			}
			if (half) buf.putShort(Half.fromFloat(v));
			else buf.putFloat(v);
		}
		data.write(buf.array(), 0, buf.position());
		data.flush();
	}

	/** Reads what {@link #writeArray} wrote, as a float row vector. */
	public static INDArray readArray(DataInputStream data) throws IOException {
		if (data.readInt() != 0x52474157) throw new IOException("not a ReviveGAN weight array");
		int bits = data.readInt();
		long n = data.readLong();
		if (bits != 16 && bits != 32) throw new IOException("unknown weight type " + bits);
		if (n < 0 || n > Integer.MAX_VALUE - 8) throw new IOException("implausible length " + n);
		byte[] bytes = new byte[(int) n * (bits / 8)];
		data.readFully(bytes);
		java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
		float[] values = new float[(int) n];
		for (int i = 0; i < n; i++)
			values[i] = bits == 16 ? Half.toFloat(buf.getShort()) : buf.getFloat();
		return Nd4j.createFromArray(values).reshape(1, n);
	}

	static String sha256(byte[] bytes) {
		try {
			byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
			StringBuilder sb = new StringBuilder();
			for (byte b : d)
				sb.append(String.format("%02x", b));
			return sb.toString();
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** @return the bytes {@link #save} would write, for tests and in-memory copies */
	public byte[] toBytes(boolean half) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		write(out, half);
		return out.toByteArray();
	}
}
