package org.revivegan.core.restore;

import org.revivegan.core.provenance.Provenance;

/** What a restoration did: its inpainting, its colourisation (null when skipped), and the record of both. */
public final class RestoreResult {

	/** The record's note when a photo that already had colour was not recoloured. */
	public static final String NOT_RECOLOURED = "colour photo: not recoloured";

	private final InpaintResult inpainting;
	private final ColorizeResult colorization;
	private final Provenance provenance;

	RestoreResult(InpaintResult inpainting, ColorizeResult colorization, Provenance provenance) {
		this.inpainting = inpainting;
		this.colorization = colorization;
		this.provenance = provenance;
	}

	public InpaintResult inpainting() {
		return inpainting;
	}

	/** @return the colour step, or null if it was skipped (the photo had colour) */
	public ColorizeResult colorization() {
		return colorization;
	}

	/** @return the record of the restoration ({@link Provenance#restoration}) */
	public Provenance provenance() {
		return provenance;
	}
}
