package org.revivegan.core.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a model file says about its generator, stored as JSON beside the weights: enough to run it correctly
 * (task, channels, normalisation, colour space, architecture, tile size) and to know where it came from
 * (training data, steps, seed, date, validation metrics).
 */
public final class ModelMetadata {

	/** Version of the file layout this code writes; files with a larger number are refused. */
	public static final int FORMAT_VERSION = 1;

	public int formatVersion = FORMAT_VERSION;
	public String name = "";
	public String description = "";
	public String task;
	public GeneratorSpec generator;
	/** How pixel values map to network values: "minus-one-to-one" is v * 2 - 1 for v in [0, 1]. */
	public String normalization = "minus-one-to-one";
	/** "sRGB" (inpainting) or "CIELab-D65" (colourisation: L / 50 - 1 and hint a / 110, hint b / 110, hint mask in; ab / 110 out). */
	public String colorSpace = "sRGB";
	/** What the damaged pixels hold when they enter the network: "pushpull" (a classical fill) or "white". */
	public String inputFill = "pushpull";
	public int tileSize = 256;
	public int tileOverlap = 32;
	/** Colourisation: the longer side at which chroma is predicted (L keeps full resolution). */
	public int workingSize = 512;
	/**
	 * Colourisation: the scales, fractions of the working size, at which the chroma is predicted and averaged (a
	 * test-time ensemble, {@link org.revivegan.core.infer.Colorizer#withEnsemble}); null (files from before this
	 * field) is one prediction at the working size.
	 */
	public double[] ensembleScales;
	/**
	 * Colourisation, regression head: a gain on the network's chroma, measured on validation photos (a network
	 * trained with L1 or L2 predicts colours closer to gray than the truth's); 1 (files from before this field)
	 * is none. The user's vividness multiplies on top of it.
	 */
	public double chromaGain = 1;
	public Provenance provenance = new Provenance();

	/** Where a model came from. */
	public static final class Provenance {

		public String data = "";
		public long steps;
		public long l1Steps;
		public long seed;
		public String date = "";
		public double wallSeconds;
		public String hardware = "";
		public String reviveganVersion = "";
		public String preset = "";
		public Map<String, Double> validation = new LinkedHashMap<>();
	}

	/** @return {@link #ensembleScales}, or one prediction at the working size ({@code {1}}) when unset */
	public double[] ensembleScales() {
		return ensembleScales == null ? new double[] { 1 } : ensembleScales.clone();
	}

	/**
	 * @throws IllegalArgumentException unless {@code scales} has 1 to 16 fractions, each above 0 and at most 1
	 */
	public static void checkEnsembleScales(double[] scales) {
		if (scales == null || scales.length == 0 || scales.length > 16) throw new IllegalArgumentException("Give 1 to " +
			"16 ensemble scales, not " + (scales == null ? 0 : scales.length) + ".");
		for (double s : scales)
			if (!(s > 0 && s <= 1)) throw new IllegalArgumentException("Each ensemble scale is a fraction of the " +
				"working size, above 0 and at most 1, not " + s + ".");
	}

	/** @return the model's name and architecture, for reports ({@code "faithful, unet base 32 ..."}) */
	public String label() {
		return (name == null || name.isEmpty() ? "" : name + ", ") + generator;
	}

	public Task task() {
		return Task.parse(task);
	}

	/** The values of {@link #normalization} this version knows. */
	public static final List<String> NORMALIZATIONS = List.of("minus-one-to-one");
	/** The values of {@link #colorSpace} this version knows. */
	public static final List<String> COLOR_SPACES = List.of("sRGB", "CIELab-D65");
	/** The values of {@link #inputFill} this version knows. */
	public static final List<String> INPUT_FILLS = List.of(Encoding.FILL_PUSHPULL, Encoding.FILL_WHITE,
		Encoding.FILL_NAVIER_STOKES);
	/** The largest tile and working size a file may ask for: larger tiles would not fit in memory anyway. */
	public static final int MAX_TILE_SIZE = 8192;

	/**
	 * Checks the fields that say how to run the network (not the architecture, see {@link GeneratorSpec#validate()}):
	 * a value this version does not know would otherwise be ignored and the network run the wrong way.
	 *
	 * @throws IllegalArgumentException naming the field, its value and the known values
	 */
	public void validate() {
		known("normalization", normalization, NORMALIZATIONS);
		known("colorSpace", colorSpace, COLOR_SPACES);
		known("inputFill", inputFill, INPUT_FILLS);
		if (tileSize < 16 || tileSize > MAX_TILE_SIZE) throw new IllegalArgumentException("tileSize " + tileSize +
			" is outside 16.." + MAX_TILE_SIZE);
		if (tileOverlap < 0 || tileOverlap >= tileSize / 2) throw new IllegalArgumentException("tileOverlap " +
			tileOverlap + " must be 0 or more and less than half the tile size " + tileSize);
		if (workingSize < 16 || workingSize > MAX_TILE_SIZE) throw new IllegalArgumentException("workingSize " +
			workingSize + " is outside 16.." + MAX_TILE_SIZE);
		if (ensembleScales != null) checkEnsembleScales(ensembleScales);
		if (!(chromaGain > 0 && chromaGain <= 4)) throw new IllegalArgumentException("chromaGain " + chromaGain +
			" is outside (0, 4]");
	}

	private static void known(String field, String value, List<String> known) {
		if (!known.contains(value)) throw new IllegalArgumentException("unknown " + field + " " + (value == null ?
			"(none)" : "'" + value + "'") + "; this version knows " + String.join(", ", known));
	}
}
