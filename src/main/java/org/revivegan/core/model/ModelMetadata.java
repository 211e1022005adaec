package org.revivegan.core.model;

import java.util.LinkedHashMap;
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

	public Task task() {
		return Task.parse(task);
	}
}
