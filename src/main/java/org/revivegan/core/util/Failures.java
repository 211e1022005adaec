package org.revivegan.core.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;

/**
 * Turns whatever stopped a piece of work into the one line a user reads, so that the Fiji commands and the
 * command line never show a raw stack trace.
 * <p>
 * The engine's contract is that a user's mistake (bad input, a damaged or wrong model file, a missing folder)
 * is an {@link IllegalArgumentException} or an {@link IOException} whose message already says what to do, and
 * that a cancel is a {@link CancellationException}: {@link #isUserError} recognises these, and their message
 * is shown as it is. Anything else (an ND4J failure, a native library that cannot load, a bug) is
 * <em>unexpected</em>: the user gets one line that says so and where the details are, and the caller logs the
 * full exception for a bug report.
 * </p>
 */
public final class Failures {

	private Failures() {}

	/**
	 * @return whether {@code e} is a refusal of the user's input, a file problem or a cancel, whose message is
	 *         meant for the user (an {@link UncheckedIOException} counts as its cause)
	 */
	public static boolean isUserError(Throwable e) {
		Throwable t = unwrap(e);
		return t instanceof IllegalArgumentException || t instanceof IOException || t instanceof CancellationException;
	}

	/** {@link #userMessage(Throwable, String, String)} without saying how to give Java more memory. */
	public static String userMessage(Throwable e, String where) {
		return userMessage(e, where, null);
	}

	/**
	 * @param where where the details of an unexpected failure are ("the log (Window > Console)"), for the hint
	 * @param moreMemory how the user gives Java more memory where they are (a menu, an environment variable), or
	 *        null: the core speaks of the problem, the caller of its own menus and options
	 * @return one line for the user: the message of a user error; for running out of memory, what to do about
	 *         it; for anything else, that it is unexpected, what it was, and where the details are
	 */
	public static String userMessage(Throwable e, String where, String moreMemory) {
		Throwable t = unwrap(e);
		if (t instanceof CancellationException) return t.getMessage() == null ? "Cancelled." : firstLine(t.getMessage());
		if (isUserError(t)) return t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() +
			" (no details)." : oneLine(t.getMessage());
		if (causedByOutOfMemory(t)) return "Not enough memory. Close other images, use a smaller image or tile, or " +
			"give Java more memory" + (moreMemory == null ? "." : " (" + moreMemory + ").");
		if (t instanceof LinkageError) return "The deep learning backend could not be loaded (" + firstLine(String
			.valueOf(t.getMessage())) + "). Reinstall ReviveGAN or check that this platform is supported; the " +
			"details are in " + where + ".";
		return "Unexpected error (" + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + firstLine(t
			.getMessage())) + "). The details are in " + where + "; please report them with the image's type and size.";
	}

	private static Throwable unwrap(Throwable e) {
		return e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
	}

	private static boolean causedByOutOfMemory(Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof OutOfMemoryError) return true;
			String m = t.getMessage();
			if (m != null && (m.contains("Cannot allocate") || m.contains("out of memory") || m.contains(
				"Physical memory usage is too high"))) return true;
		}
		return false;
	}

	/** A message written for the user, its line breaks made spaces. */
	private static String oneLine(String s) {
		return s.strip().replaceAll("\\s*\\R\\s*", " ");
	}

	private static String firstLine(String s) {
		String trimmed = s.strip();
		int nl = trimmed.indexOf('\n');
		return nl < 0 ? trimmed : trimmed.substring(0, nl).strip() + " ...";
	}
}
