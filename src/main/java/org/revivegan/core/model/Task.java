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
	COLORIZE("colorize", 4, 2);

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

	/** @throws IllegalArgumentException naming the valid choices */
	public static Task parse(String s) {
		for (Task t : values())
			if (t.id.equalsIgnoreCase(s) || t.name().equalsIgnoreCase(s) || (t == COLORIZE && "colourise".equalsIgnoreCase(s)))
				return t;
		throw new IllegalArgumentException("Unknown task '" + s + "': use 'inpaint' or 'colorize'.");
	}
}
