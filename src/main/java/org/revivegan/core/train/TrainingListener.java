package org.revivegan.core.train;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

/**
 * What a {@link Trainer} shows of the model while it learns, beyond the log and status lines of
 * {@link org.revivegan.core.progress.Progress}: at every validation, a small picture of what the generator
 * makes of the same fixed validation crops, so that a user sees the model improve (or collapse) without
 * waiting for the run to end. A Fiji command shows it in a window; the command line and headless runs log a
 * line instead. The core only builds the picture: where it goes is the listener's business.
 * <p>
 * Called on the training thread; the trainer waits for it, so a listener that is slow (a window redraw) slows
 * training by that much once per validation, and one that throws ends the run.
 * </p>
 */
public interface TrainingListener {

	/** A listener that ignores everything. */
	TrainingListener NONE = (step, sheet) -> {};

	/**
	 * @param step the number of steps done when the preview was taken (the validation's step)
	 * @param sheet a new RGB float image (x, y, c), values in [0, 1], owned by the listener: one row per fixed
	 *          validation crop (the first {@value PreviewSheet#CROPS} at most), each row input | generator output
	 *          | target, with {@value PreviewSheet#GAP}-pixel white gaps (see {@link PreviewSheet})
	 */
	void preview(long step, Img<FloatType> sheet);
}
