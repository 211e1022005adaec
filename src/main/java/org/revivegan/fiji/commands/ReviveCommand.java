package org.revivegan.fiji.commands;

import org.revivegan.core.util.Failures;
import org.revivegan.fiji.FijiProgress;
import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;

/**
 * What every ReviveGAN command shares: the status bar and the log (both optional, so that a bare context
 * runs the commands too), the engine's progress wired to them and to this command's cancellation, and one
 * way of failing.
 * <p>
 * {@link #run()} runs {@link #execute()} and lets nothing escape as a stack trace: a refusal of the input
 * ({@link IllegalArgumentException}), a file problem ({@link java.io.IOException}) or a cancel ends the command
 * with {@link #cancel(String)} and the exception's message (SciJava shows a cancel reason to the user); any
 * other exception or error ends it with one line that says it was unexpected ({@link Failures#userMessage}),
 * and the full exception goes to the log for a bug report. A command that ends this way has no output image,
 * and its input image is never modified (the commands only write into new images).
 * </p>
 */
abstract class ReviveCommand extends ContextCommand {

	/** Where the details of an unexpected failure are, in Fiji. */
	static final String LOG_PLACE = "the log (Window > Console)";
	/** How a Fiji user gives Java more memory. */
	static final String MORE_MEMORY = "Edit > Options > Memory & Threads";

	@Parameter(required = false)
	StatusService status;

	@Parameter(required = false)
	LogService log;

	/** @return progress shown in Fiji's status bar and log, cancelled with this command */
	FijiProgress progress() {
		return new FijiProgress(status, log, this::isCanceled);
	}

	/**
	 * The command's work. Refuse bad input with an {@link IllegalArgumentException} whose message says what to
	 * do; a command may also end itself with {@link #cancel(String)} and return.
	 */
	abstract void execute() throws Exception;

	@Override
	public final void run() {
		try {
			execute();
		}
		catch (Exception | LinkageError | VirtualMachineError e) {
			fail(e);
		}
	}

	/** @return true, having cancelled the command with what to do, when it was given no image to work on */
	boolean noImage(ij.ImagePlus image) {
		if (image != null) return false;
		cancel("Open an image first.");
		return true;
	}

	/** Ends the command with one line for the user; unexpected failures are logged in full. */
	void fail(Throwable e) {
		String message = Failures.userMessage(e, LOG_PLACE, MORE_MEMORY);
		if (!Failures.isUserError(e) && log != null) log.error("ReviveGAN " + getClass().getSimpleName() + ": " +
			message, e);
		if (status != null) status.clearStatus();
		cancel(message);
	}
}
