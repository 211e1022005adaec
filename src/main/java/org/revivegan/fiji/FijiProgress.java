package org.revivegan.fiji;

import java.util.function.BooleanSupplier;

import org.revivegan.core.progress.Progress;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;

/**
 * The engine's {@link Progress} shown in Fiji: status bar text and progress through {@link StatusService},
 * log lines through {@link LogService}; cancelled when the command is cancelled or its thread interrupted
 * (TaskService / Future.cancel(true)).
 */
public final class FijiProgress implements Progress {

	private static final int STEPS = 1000;

	private final StatusService status;
	private final LogService log;
	private final BooleanSupplier canceled;

	public FijiProgress(StatusService status, LogService log, BooleanSupplier canceled) {
		this.status = status;
		this.log = log;
		this.canceled = canceled;
	}

	@Override
	public void log(String message) {
		if (log != null) log.info(message);
	}

	@Override
	public void status(String message) {
		if (status != null) status.showStatus(message);
	}

	@Override
	public void progress(double fraction) {
		if (status != null) status.showProgress((int) Math.round(Math.max(0, Math.min(1, fraction)) * STEPS), STEPS);
	}

	@Override
	public boolean isCanceled() {
		return Thread.currentThread().isInterrupted() || canceled.getAsBoolean();
	}
}
