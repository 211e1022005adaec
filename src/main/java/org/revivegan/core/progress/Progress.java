package org.revivegan.core.progress;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleUnaryOperator;

/**
 * Where long work reports what it is doing and learns that the user wants it to stop.
 * <p>
 * The core knows nothing of ImageJ: a Fiji command adapts this to StatusService/TaskService, the command
 * line to a console line, tests to {@link #NONE}. Work calls {@link #checkCanceled()} at least once per
 * step (a training step, a tile) so that cancelling stops it promptly; what has been saved stays saved.
 * </p>
 * <p>
 * Sub-tasks get a {@link #slice(double, double)} of their parent's progress bar, as TrackMate's
 * SlaveLogger does: "tile 3 of 40" inside "slice 2 of 5" moves one bar smoothly.
 * </p>
 */
public interface Progress {

	/** A progress that reports nothing and is never cancelled. */
	Progress NONE = new Progress() {};

	/** A line for the log (a training loss, a file written). */
	default void log(String message) {}

	/** A short status line ("Inpainting tile 3 of 40"). */
	default void status(String message) {}

	/** Fraction done, 0 to 1. */
	default void progress(double fraction) {}

	/** @return whether the user asked to stop */
	default boolean isCanceled() {
		return false;
	}

	/**
	 * Throws {@link CancellationException} if the user asked to stop; call it between units of work.
	 */
	default void checkCanceled() {
		if (isCanceled()) throw new CancellationException("Cancelled by the user.");
	}

	/**
	 * @return this progress, also cancelled when {@code condition} says so (a signal handler, a window's close
	 *         button)
	 */
	default Progress cancelledWhen(BooleanSupplier condition) {
		return view(this, f -> f, () -> condition.getAsBoolean() || isCanceled());
	}

	/**
	 * @return a progress whose 0..1 maps onto {@code start .. start + range} of this one, and shares its log,
	 *         status and cancellation
	 */
	default Progress slice(double start, double range) {
		return view(this, f -> start + range * Math.max(0, Math.min(1, f)), this::isCanceled);
	}

	/** A view of {@code parent} with its own mapping of the fraction done and its own cancellation. */
	private static Progress view(Progress parent, DoubleUnaryOperator fraction, BooleanSupplier canceled) {
		return new Progress() {

			@Override
			public void log(String message) {
				parent.log(message);
			}

			@Override
			public void status(String message) {
				parent.status(message);
			}

			@Override
			public void progress(double f) {
				parent.progress(fraction.applyAsDouble(f));
			}

			@Override
			public boolean isCanceled() {
				return canceled.getAsBoolean();
			}
		};
	}
}
