package org.revivegan.core.model;

/** What a model does; model files record it so that a coloriser is never run as an inpainter. */
public enum Task {
	/** Damaged RGB (prefilled) + mask channel -> RGB; only masked pixels are replaced. */
	INPAINT("inpaint", 4, 3),
	/**
	 * CIE L + optional user colour hints (hint a, hint b, hint mask) -> ab; the result keeps the original
	 * full-resolution L. One network does both automatic colourisation (no hints: the hint channels are zero) and
	 * user-guided colourisation (Zhang et al. 2017), see {@link Encoding}.
	 */
	COLORIZE("colorize", 4, 2),
	/**
	 * Damage detection: the (possibly damaged) RGB in [-1, 1] -> one channel, the probability that a pixel is
	 * local damage (scratch, dust, stain, stroke, tear). The generator has a sigmoid head instead of tanh, and
	 * trains with a weighted binary cross-entropy only: there is no adversarial phase (a discriminator judging
	 * masks adds nothing a per-pixel loss does not already say). See {@code org.revivegan.core.infer.Detector}.
	 */
	DETECT("detect", 3, 1);

	/** The supervised loss of a task: what the generator's output is compared with the target by. */
	public enum Loss {
		/** Mean absolute error, optionally weighted per pixel (inpainting, colourisation). */
		L1,
		/**
		 * Binary cross-entropy on the sigmoid output with per-pixel weights: damage is rare, so damaged pixels
		 * weigh more (see {@code BatchMaker#detectionWeights}).
		 */
		WEIGHTED_BCE
	}

	private final String id;
	private final int inChannels;
	private final int outChannels;

	Task(String id, int inChannels, int outChannels) {
		this.id = id;
		this.inChannels = inChannels;
		this.outChannels = outChannels;
	}

	/** @return the lowercase name used in files, macros and the command line */
	public String id() {
		return id;
	}

	public int inChannels() {
		return inChannels;
	}

	public int outChannels() {
		return outChannels;
	}

	/** @return the supervised loss the generator trains with */
	public Loss loss() {
		return this == DETECT ? Loss.WEIGHTED_BCE : Loss.L1;
	}

	/** @return whether the task has pix2pix's adversarial phase (detection does not) */
	public boolean adversarial() {
		return this != DETECT;
	}

	/** @return the generator's output activation: sigmoid (probabilities in [0, 1]) for detection, else tanh */
	public String outputActivation() {
		return this == DETECT ? GeneratorSpec.SIGMOID : GeneratorSpec.TANH;
	}

	/** @throws IllegalArgumentException naming the valid choices */
	public static Task parse(String s) {
		for (Task t : values())
			if (t.id.equalsIgnoreCase(s) || t.name().equalsIgnoreCase(s) || (t == COLORIZE && "colourise".equalsIgnoreCase(s)))
				return t;
		throw new IllegalArgumentException("Unknown task '" + s + "': use 'inpaint', 'colorize' or 'detect'.");
	}
}
