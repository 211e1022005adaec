package org.revivegan.core.restore;

import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.revivegan.core.provenance.Provenance;

/** What an inpainting did: the new images (if any), the map of invented pixels, and its record. */
public final class InpaintResult {

	private final List<Img<FloatType>> images;
	private final Img<UnsignedByteType> map;
	private final long synthesized, adaptSteps;
	private final int planes;
	private final Provenance provenance;

	InpaintResult(List<Img<FloatType>> images, Img<UnsignedByteType> map, long synthesized, long adaptSteps,
		int planes, Provenance provenance)
	{
		this.images = images;
		this.map = map;
		this.synthesized = synthesized;
		this.adaptSteps = adaptSteps;
		this.planes = planes;
		this.provenance = provenance;
	}

	/**
	 * @return per plane, the new float image in [0, 1] it was inpainted into, or null for a plane whose result
	 *         went to its own output ({@link Plane#inpaintingInto})
	 */
	public List<Img<FloatType>> images() {
		return images;
	}

	/** @return (x, y), 255 where a pixel of some plane was invented (the union of the masks used), else 0 */
	public Img<UnsignedByteType> map() {
		return map;
	}

	/** @return the invented pixels summed over the planes */
	public long synthesizedPixels() {
		return synthesized;
	}

	/** @return the steps of adaptation to the photo, summed over the planes (0 without adaptation) */
	public long adaptSteps() {
		return adaptSteps;
	}

	public int planes() {
		return planes;
	}

	/** @return the record: the model, the mask's name, the dilation, the adaptation, the input, the pixels invented */
	public Provenance provenance() {
		return provenance;
	}
}
