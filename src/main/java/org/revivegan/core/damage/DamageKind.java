package org.revivegan.core.damage;

/**
 * The kinds of damage that {@link DamageSynthesizer} paints onto clean photos to make training pairs.
 * <p>
 * <em>Local</em> kinds damage some pixels and leave the rest alone; those pixels are marked in the mask, and
 * the inpainting network learns to replace them. <em>Global</em> kinds ({@link #FADING}, {@link #GRAIN}) age
 * the whole photo and are never masked: they are applied to the training target as well, so the network
 * learns to fill holes consistently with an aged photo rather than to undo the ageing.
 * </p>
 */
public enum DamageKind {

	/**
	 * Irregular free-form brush strokes, as in the partial-convolution and LaMa training masks: random walks
	 * of thick lines whose width varies along the walk. They stand for the regions a user paints over.
	 */
	STROKES(true),

	/**
	 * Thin (1-3 px), long, slightly curved lines, mostly near-vertical like film and print scratches, light
	 * (emulsion scratched off) or dark, with uneven strength and sometimes broken.
	 */
	SCRATCHES(true),

	/** Many small specks (1-4 px) and short curly hairs, dark or light. */
	DUST(true),

	/**
	 * Stains: irregular smooth blobs (thresholded smooth noise) that tint the photo semi-transparently,
	 * some with a soft halo or a darker tide-line rim. Every tinted pixel is masked.
	 */
	BLOTCHES(true),

	/**
	 * Torn edges and missing corners: a region cut from the image border with a jagged edge and a fringe of
	 * white paper fibres, the missing part shown as paper white or as a dark background.
	 */
	TEARS(true),

	/** Global: lower contrast, lifted blacks, dimmer whites, desaturation and a yellow/sepia cast. */
	FADING(false),

	/** Global: film grain, luminance noise strongest in the mid-tones, sometimes clumped, a little chroma. */
	GRAIN(false);

	private final boolean local;

	DamageKind(boolean local) {
		this.local = local;
	}

	/** @return true for kinds that damage some pixels and are marked in the mask; false for global ageing */
	public boolean isLocal() {
		return local;
	}
}
