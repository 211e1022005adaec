package org.revivegan.core.restore;

import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.revivegan.core.provenance.Provenance;

/** What a colourisation did: the new images (if any) and its record (every pixel's colour is invented). */
public final class ColorizeResult {

	private final List<Img<FloatType>> images;
	private final Provenance provenance;

	ColorizeResult(List<Img<FloatType>> images, Provenance provenance) {
		this.images = images;
		this.provenance = provenance;
	}

	/**
	 * @return per plane, the new (x, y, 3) sRGB image in [0, 1], or null for a plane whose rows went to its own
	 *         target ({@link Plane#colouringInto})
	 */
	public List<Img<FloatType>> images() {
		return images;
	}

	public Provenance provenance() {
		return provenance;
	}
}
