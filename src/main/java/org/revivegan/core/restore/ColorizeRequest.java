package org.revivegan.core.restore;

import org.revivegan.core.color.ColorHints;
import org.revivegan.core.color.ColorReference;
import org.revivegan.core.infer.Colorizer;
import org.revivegan.core.model.ModelFile;

/**
 * What to colour and how: the model, the working size, colour hints, the vividness and a colour reference,
 * and the names under which the record keeps them. Each setting is checked when it is made, so that a caller
 * can refuse a bad one before any image is read.
 */
public final class ColorizeRequest {

	final ModelFile model;
	final Colorizer colorizer;
	int workingSize;
	ColorHints hints;
	String hintSource;
	boolean spread = true;
	String referenceName, referenceSha256;
	String workingSizeKey = "workingSize", referenceKey = "reference";
	final InputRecord input = new InputRecord();

	/** @throws IllegalArgumentException if the model is not a colourisation model */
	public ColorizeRequest(ModelFile model) {
		this(new Colorizer(model));
	}

	/**
	 * Colours with this colouriser and its settings (working size, vividness, reference, hint spreading), for a
	 * caller that keeps one for many images; the record says what they are. The request's own settings change
	 * this colouriser.
	 */
	public ColorizeRequest(Colorizer colorizer) {
		this.colorizer = colorizer;
		this.model = colorizer.model();
		this.workingSize = colorizer.workingSize();
		this.spread = colorizer.hintPropagation() != null;
	}

	/**
	 * The longer side at which colour is predicted (the model's own if not set).
	 *
	 * @throws IllegalArgumentException below 16 pixels
	 */
	public ColorizeRequest workingSize(int pixels) {
		colorizer.withWorkingSize(pixels);
		this.workingSize = pixels;
		return this;
	}

	/**
	 * @param h in the image's pixel coordinates, the same for every plane; null or empty: none
	 * @param source how the record names where they came from (recorded only when there are hints)
	 */
	public ColorizeRequest hints(ColorHints h, String source) {
		this.hints = h;
		this.hintSource = source;
		return this;
	}

	/** Whether what the network does not follow of the hints is spread along the photo's edges (default). */
	public ColorizeRequest spreadHints(boolean on) {
		this.spread = on;
		if (!on) colorizer.withHintPropagation(null);
		return this;
	}

	/** @see Colorizer#withVividness */
	public ColorizeRequest vividness(double v) {
		colorizer.withVividness(v);
		return this;
	}

	/**
	 * Takes the colour distribution of a colour photo ({@link Colorizer#withReference}); null for none.
	 *
	 * @param name how the record names it
	 * @param sha256 the record's fingerprint of it
	 */
	public ColorizeRequest reference(ColorReference reference, String name, String sha256) {
		colorizer.withReference(reference);
		this.referenceName = reference == null ? null : name;
		this.referenceSha256 = sha256;
		return this;
	}

	/**
	 * The record's names of the working size and the reference ("workingSize" and "reference" unless set; the
	 * reference's fingerprint is the second name + "Sha256").
	 */
	public ColorizeRequest recordKeys(String workingSizeName, String referenceName) {
		this.workingSizeKey = workingSizeName;
		this.referenceKey = referenceName;
		return this;
	}

	/** What the record says the input was. */
	public ColorizeRequest input(String name, int width, int height, int planes) {
		input.set(name, width, height, planes);
		return this;
	}

	public ModelFile model() {
		return model;
	}

	public int workingSize() {
		return workingSize;
	}

	public double vividness() {
		return colorizer.vividness();
	}
}
