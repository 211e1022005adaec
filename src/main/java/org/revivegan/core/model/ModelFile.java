package org.revivegan.core.model;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
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
	 *         may be private), "default inpaint model" for a default model (DefaultModels), empty if built in memory
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

	/**
	 * The most parameters a model file may declare: four times the largest preset (pix2pix-256, 54.4 M). A
	 * damaged or edited file that declares more is refused before a network is built (911 M parameters, a base
	 * width of 256 with 10 down-samplings, would take 10 GB before the weights were even read).
	 */
	public static final long MAX_PARAMETERS = 200_000_000L;
	/** The most bytes {@value #METADATA} may inflate to; ReviveGAN writes about 1 KB. */
	public static final int MAX_METADATA_BYTES = 1 << 20;
	/** Bytes before the values in a weight array: magic, bits per value, number of values. */
	static final int ARRAY_HEADER_BYTES = 16;
	private static final int ARRAY_MAGIC = 0x52474157; // "RGAW"
	private static final String COPY_AGAIN = " Copy the model file again, or use the default model.";

	/** Reads a model of any task. */
	public static ModelFile load(Path file) throws IOException {
		return load(file, null);
	}

	/**
	 * Reads a model and checks that it does {@code expected} (null accepts any task). Only the two entries of a
	 * model are inflated, each bounded by what it must hold; anything else in the zip is left unread.
	 *
	 * @throws ModelFormatException with a message a user can act on
	 */
	public static ModelFile load(Path file, Task expected) throws IOException {
		if (!Files.exists(file)) throw new ModelFormatException("Model file not found: " + file + ". Check the " +
			"path, or leave the model empty to use the default model.");
		if (Files.isDirectory(file)) throw new ModelFormatException(file + " is a folder, not a model file. Choose " +
			"a .zip model saved by ReviveGAN.");
		String name = file.getFileName().toString();
		String sha = sha256(file);
		ZipFile zip;
		try {
			zip = new ZipFile(file.toFile());
		}
		catch (ZipException e) { // no central directory: not a zip at all, or a zip cut short
			if (startsLikeZip(file)) throw new ModelFormatException(name + " is damaged or truncated (its zip " +
				"directory is missing)." + COPY_AGAIN, e);
			throw notAModel(name);
		}
		try (zip) {
			ZipEntry metaEntry = zip.getEntry(METADATA), weightsEntry = zip.getEntry(WEIGHTS);
			if (metaEntry == null) throw weightsEntry == null ? notAModel(name) : noMetadata(name);
			Loading loading = new Loading(name, expected);
			loading.metadata(inflate(zip.getInputStream(metaEntry), MAX_METADATA_BYTES, name, METADATA));
			if (weightsEntry == null) throw noWeights(name);
			loading.checkWeightsSize(weightsEntry.getSize());
			loading.weights(inflate(zip.getInputStream(weightsEntry), loading.maxWeightBytes(), name, WEIGHTS));
			return loading.finish(sha);
		}
		catch (ZipException | java.io.EOFException e) {
			throw damaged(name, e);
		}
	}

	/**
	 * Reads a model from a stream (for example a resource inside the plugin's jar). Entries come in the order
	 * of the stream, so an entry other than the model's two is inflated to get past it, with a bound, and the
	 * metadata must come before the weights (as ReviveGAN writes them) so that the weights' bound is known.
	 */
	public static ModelFile read(InputStream in, String name, Task expected) throws IOException {
		MessageDigest digest = sha256Digest();
		DigestInputStream raw = new DigestInputStream(in, digest);
		Loading loading = new Loading(name, expected);
		boolean sawMetadata = false;
		try {
			ZipInputStream zip = new ZipInputStream(new BufferedInputStream(raw));
			for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
				if (METADATA.equals(e.getName()) && !sawMetadata) {
					loading.metadata(inflate(zip, MAX_METADATA_BYTES, name, METADATA));
					sawMetadata = true;
				}
				else if (WEIGHTS.equals(e.getName())) {
					if (!sawMetadata) throw new ModelFormatException(name + " has its weights before its " + METADATA +
						", which ReviveGAN writes first: the file was repacked or is damaged." + COPY_AGAIN);
					loading.checkWeightsSize(e.getSize());
					loading.weights(inflate(zip, loading.maxWeightBytes(), name, WEIGHTS));
					break;
				}
				else inflate(zip, MAX_METADATA_BYTES, name, e.getName()); // skip, bounded
			}
			raw.transferTo(OutputStream.nullOutputStream()); // the rest of the file, for the checksum
		}
		catch (ZipException | java.io.EOFException e) {
			throw damaged(name, e);
		}
		if (!sawMetadata) throw notAModel(name);
		if (!loading.hasWeights()) throw noWeights(name);
		return loading.finish(hex(digest.digest()));
	}

	/** One model being read: checks each part as it arrives, so that nothing is allocated for a bad file. */
	private static final class Loading {

		private final String name;
		private final Task expected;
		private ModelMetadata meta;
		private long parameters;
		private INDArray params;

		Loading(String name, Task expected) {
			this.name = name;
			this.expected = expected;
		}

		void metadata(byte[] json) throws ModelFormatException {
			meta = parseMetadata(json, name);
			parameters = checkMetadata(meta, name, expected);
		}

		long maxWeightBytes() {
			return ModelFile.maxWeightBytes(parameters);
		}

		/** Refuses a weights entry whose recorded size (-1: unknown) fits neither float16 nor float32 weights. */
		void checkWeightsSize(long size) throws ModelFormatException {
			if (size >= 0 && size != weightBytes(parameters, 16) && size != weightBytes(parameters, 32))
				throw new ModelFormatException(name + ": the weights entry holds " + size + " bytes, but the " +
					"architecture " + meta.generator + " needs " + weightBytes(parameters, 16) + " (float16) or " +
					weightBytes(parameters, 32) + " (float32). The file is damaged or was edited." + COPY_AGAIN);
		}

		void weights(byte[] bytes) throws ModelFormatException {
			params = decodeArray(bytes, parameters, name + ": the weights entry", COPY_AGAIN);
		}

		boolean hasWeights() {
			return params != null;
		}

		ModelFile finish(String sha) {
			ComputationGraph g = meta.generator.build(0);
			if (g.numParams() != parameters) throw new IllegalStateException("Counted " + parameters +
				" parameters for " + meta.generator + " but built " + g.numParams());
			g.setParams(params.reshape(1, params.length()));
			return new ModelFile(meta, g, sha, name);
		}
	}

	/** @return the parameter count of the metadata's generator, after checking everything else it says */
	private static long checkMetadata(ModelMetadata meta, String name, Task expected) throws ModelFormatException {
		if (meta.formatVersion > ModelMetadata.FORMAT_VERSION) throw new ModelFormatException(name + " was made by " +
			"a newer ReviveGAN (model format " + meta.formatVersion + "; this version reads up to " +
			ModelMetadata.FORMAT_VERSION + "). Update ReviveGAN.");
		Task task;
		long parameters;
		try {
			task = meta.task();
			if (meta.generator == null) throw new IllegalArgumentException("no generator architecture");
			meta.generator.validate();
			meta.validate();
			parameters = meta.generator.parameterCount();
		}
		catch (IllegalArgumentException | NullPointerException e) {
			throw new ModelFormatException(name + " has invalid metadata: " + e.getMessage() + ". The file is " +
				"damaged, was edited, or needs a newer ReviveGAN.", e);
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
		if (parameters > MAX_PARAMETERS) throw new ModelFormatException(name + " declares a generator of " +
			String.format("%,d", parameters) + " parameters (" + meta.generator + "), more than the " +
			String.format("%,d", MAX_PARAMETERS) + " ReviveGAN accepts (its largest preset has 54.4 M). The file is " +
			"damaged or was edited." + COPY_AGAIN);
		return parameters;
	}

	private static ModelFormatException notAModel(String name) {
		return new ModelFormatException(name + " is not a ReviveGAN model file (no " + METADATA + " inside). " +
			"Choose a .zip model saved by ReviveGAN.");
	}

	private static ModelFormatException noMetadata(String name) {
		return new ModelFormatException(name + " has weights but no " + METADATA + ": the file is damaged." +
			COPY_AGAIN);
	}

	private static ModelFormatException noWeights(String name) {
		return new ModelFormatException(name + " has no weights (" + WEIGHTS + "): the file is damaged or " +
			"truncated." + COPY_AGAIN);
	}

	private static ModelFormatException damaged(String name, IOException e) {
		String why = e.getMessage() == null ? "it ends early" : e.getMessage();
		return new ModelFormatException(name + " is damaged or truncated (" + why + ")." + COPY_AGAIN, e);
	}

	private static boolean startsLikeZip(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			byte[] head = in.readNBytes(4); // a zip starts with a local file header: "PK" 3 4
			return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
		}
	}

	/** @return the bytes of a weight array of {@code values} values of {@code bits} bits */
	static long weightBytes(long values, int bits) {
		return ARRAY_HEADER_BYTES + values * (bits / 8);
	}

	private static long maxWeightBytes(long values) {
		return weightBytes(values, 32);
	}

	/** @return the most bytes a stored float32 array of {@code values} values takes: a bound for {@link #inflate} */
	public static long maxArrayBytes(long values) {
		return maxWeightBytes(values);
	}

	/**
	 * Inflates one zip entry of a model file, refusing to go past {@code limit} bytes: a zip bomb (an entry that
	 * inflates to gigabytes) ends here with a message instead of an out-of-memory error.
	 */
	static byte[] inflate(InputStream entry, long limit, String name, String entryName) throws IOException {
		return inflate(entry, limit, name + " is a damaged model file", entryName, COPY_AGAIN);
	}

	/**
	 * Inflates one zip entry, refusing to go past {@code limit} bytes.
	 *
	 * @param what the start of the message when the entry is too large, such as "Checkpoint F is damaged"
	 * @param advice the end of that message: what the user can do
	 */
	public static byte[] inflate(InputStream entry, long limit, String what, String entryName, String advice)
		throws IOException
	{
		if (limit > Integer.MAX_VALUE - 8) limit = Integer.MAX_VALUE - 8;
		ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, 1 << 16));
		byte[] buffer = new byte[1 << 16];
		long total = 0;
		for (int n; (n = entry.read(buffer)) > 0;) {
			total += n;
			if (total > limit) throw new ModelFormatException(what + ": its entry " + entryName + " inflates to more " +
				"than the " + limit + " bytes it can hold." + advice);
			out.write(buffer, 0, n);
		}
		return out.toByteArray();
	}

	private static ModelMetadata parseMetadata(byte[] json, String name) throws ModelFormatException {
		try {
			ModelMetadata m = GSON.fromJson(new String(json, StandardCharsets.UTF_8), ModelMetadata.class);
			if (m == null) throw new JsonParseException("it is empty");
			return m;
		}
		catch (JsonParseException e) {
			throw new ModelFormatException(name + ": " + METADATA + " is not valid model metadata (" + e.getMessage() +
				"). The file is damaged or was edited." + COPY_AGAIN, e);
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
		data.writeInt(ARRAY_MAGIC);
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

	/**
	 * Reads what {@link #writeArray} wrote, as a float row vector, checking that it holds exactly
	 * {@code expectedValues} values and nothing after them.
	 *
	 * @param bytes the whole array, header included
	 * @param what names the array in messages, for example "model.zip: the weights entry"
	 * @param advice what the user should do, a sentence that ends the messages
	 * @throws ModelFormatException saying what is wrong with the array
	 */
	public static INDArray decodeArray(byte[] bytes, long expectedValues, String what, String advice)
		throws ModelFormatException
	{
		java.nio.ByteBuffer header = java.nio.ByteBuffer.wrap(bytes); // big-endian, as DataOutputStream wrote it
		if (bytes.length < ARRAY_HEADER_BYTES || header.getInt() != ARRAY_MAGIC) throw new ModelFormatException(
			what + " is damaged: it does not start as a ReviveGAN weight array does." + advice);
		int bits = header.getInt();
		long n = header.getLong();
		if (bits != 16 && bits != 32) throw new ModelFormatException(what + " is damaged: it says it holds " + bits +
			"-bit values, but ReviveGAN writes 16 or 32." + advice);
		if (n != expectedValues) throw new ModelFormatException(what + " (" + n + " values) does not fit the " +
			"architecture, which has " + expectedValues + " parameters. The file is damaged or was edited." + advice);
		long payload = bytes.length - ARRAY_HEADER_BYTES;
		if (payload != n * (bits / 8)) throw new ModelFormatException(what + " is damaged: " + n + " " + bits +
			"-bit values take " + n * (bits / 8) + " bytes, but " + payload + " follow the header." + advice);
		java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes, ARRAY_HEADER_BYTES, (int) payload)
			.order(java.nio.ByteOrder.LITTLE_ENDIAN);
		float[] values = new float[(int) n];
		for (int i = 0; i < n; i++)
			values[i] = bits == 16 ? Half.toFloat(buf.getShort()) : buf.getFloat();
		return Nd4j.createFromArray(values).reshape(1, n);
	}

	/** @return the SHA-256 of a file, read in pieces */
	static String sha256(Path file) throws IOException {
		MessageDigest digest = sha256Digest();
		try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
			in.transferTo(OutputStream.nullOutputStream());
		}
		return hex(digest.digest());
	}

	private static MessageDigest sha256Digest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String hex(byte[] digest) {
		StringBuilder sb = new StringBuilder();
		for (byte b : digest)
			sb.append(String.format("%02x", b));
		return sb.toString();
	}

	static String sha256(byte[] bytes) {
		return hex(sha256Digest().digest(bytes));
	}

	/** @return the bytes {@link #save} would write, for tests and in-memory copies */
	public byte[] toBytes(boolean half) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		write(out, half);
		return out.toByteArray();
	}
}
