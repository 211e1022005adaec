package org.revivegan.core.restore;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import org.revivegan.core.infer.Inpainter;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.train.PhotoAdaptation;

/**
 * What to inpaint and how: the model, the damage mask (one for every plane, or each plane's own), how far to
 * grow it, how long to adapt the model to the photo first, and what the record says about the input.
 */
public final class InpaintRequest {

	/** What happens while the planes are inpainted, for a caller that reports it in its own words. */
	public interface Listener {

		/**
		 * A plane's mask is ready (dilation included), before the model is adapted to it or fills it.
		 *
		 * @param plane 0-based
		 * @param damaged the number of non-zero pixels of {@code mask}
		 */
		default void maskReady(int plane, RandomAccessibleInterval<? extends RealType<?>> mask, long damaged) {}

		/** The model was adapted to a plane (0-based); with {@link #adaptToFirstPlaneOnly}, to all planes. */
		default void adapted(int plane, PhotoAdaptation.Result adaptation) {}

		/** Every plane is inpainted; a restoration colours next. */
		default void inpainted(InpaintResult result) {}
	}

	private static final Listener SILENT = new Listener() {};

	final ModelFile model;
	final Inpainter inpainter;
	ModelFile detector;
	double detectThreshold;
	int detectMinSize;
	long adaptSeed = 1;
	RandomAccessibleInterval<? extends RealType<?>> mask;
	String maskName = "mask";
	int dilate;
	double adaptSeconds;
	boolean adaptOnce, skipUndamaged = true;
	Listener listener = SILENT;
	final InputRecord input = new InputRecord();

	/** @throws IllegalArgumentException if the model is not an inpainting model */
	public InpaintRequest(ModelFile model) {
		this(new Inpainter(model));
	}

	/**
	 * Inpaints with this inpainter and its settings (an adapted model keeps its choice of classical filling for
	 * thin damage).
	 */
	public InpaintRequest(Inpainter inpainter) {
		this.inpainter = inpainter;
		this.model = inpainter.model();
	}

	/**
	 * @param damage (x, y), non-zero = damaged, the same for every plane; null: each plane's own
	 *          ({@link Plane#withOwnMask})
	 * @param name how the record names the mask (a file name, the mask source)
	 */
	public InpaintRequest mask(RandomAccessibleInterval<? extends RealType<?>> damage, String name) {
		this.mask = damage;
		this.maskName = name;
		return this;
	}

	/**
	 * The mask was found by a damage detector ({@link org.revivegan.core.infer.Detector}) with this threshold and
	 * smallest region: the record names the detector first (it ran first) and its settings after the mask's name,
	 * so that a record says every model that shaped the result.
	 */
	public InpaintRequest detectedBy(ModelFile detectModel, double threshold, int minSize) {
		this.detector = detectModel;
		this.detectThreshold = threshold;
		this.detectMinSize = minSize;
		return this;
	}

	/** Grows the mask by this many pixels before it is used (0: as it is). */
	public InpaintRequest dilate(int pixels) {
		if (pixels < 0) throw new IllegalArgumentException("The mask cannot grow by " + pixels + " pixels.");
		this.dilate = pixels;
		return this;
	}

	/**
	 * Fine-tunes a copy of the model on each plane's undamaged pixels for this long first (0: off; see
	 * {@link PhotoAdaptation}).
	 */
	public InpaintRequest adaptSeconds(double seconds) {
		this.adaptSeconds = seconds;
		return this;
	}

	/** The seed of the adaptation's synthetic damage and sampling (1 unless set). */
	public InpaintRequest adaptSeed(long seed) {
		this.adaptSeed = seed;
		return this;
	}

	/** Adapts once, to the first plane, and fills every plane with that model (the pages of one photo). */
	public InpaintRequest adaptToFirstPlaneOnly(boolean once) {
		this.adaptOnce = once;
		return this;
	}

	/**
	 * Whether a plane without damage is left as it is (true, the default; the request is refused only when no
	 * plane has any) or handed to the inpainter, which refuses it.
	 */
	public InpaintRequest skipPlanesWithoutDamage(boolean skip) {
		this.skipUndamaged = skip;
		return this;
	}

	public InpaintRequest listener(Listener l) {
		this.listener = l == null ? SILENT : l;
		return this;
	}

	/** What the record says the input was. */
	public InpaintRequest input(String name, int width, int height, int planes) {
		input.set(name, width, height, planes);
		return this;
	}

	public ModelFile model() {
		return model;
	}

	public String inputName() {
		return input.name();
	}
}
