package org.revivegan.cli;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C (SIGINT) and SIGTERM on the command line: the running command is asked to stop (a training saves its
 * checkpoint first, see {@link #commandSavesOnCancel()}), and the process exits with the command's code, 130 when
 * it was cancelled, whichever the signal (the JVM's own code would be 128 + the signal: 143 for SIGTERM).
 */
final class Cancellation {

	/** How long a command that saves on cancel gets to do so. */
	private static final long SAVE_SECONDS = 120;

	private final PrintStream err;
	private final AtomicBoolean cancelled = new AtomicBoolean();
	private final CountDownLatch finished = new CountDownLatch(1);
	private volatile boolean savesOnCancel;
	private volatile int exitCode = 130;

	Cancellation(PrintStream err) {
		this.err = err;
	}

	/** Registers the shutdown hook (only for a real process: tests run commands without it). */
	void install() {
		Runtime.getRuntime().addShutdownHook(new Thread(this::onShutdown, "revivegan-cancel"));
	}

	boolean isCancelled() {
		return cancelled.get();
	}

	/** Says that the running command polls {@link #isCancelled()} and ends by itself after saving its work. */
	void commandSavesOnCancel() {
		savesOnCancel = true;
	}

	/** The command ended with this code (its message printed): a cancelled process may now exit. */
	void finished(int code) {
		exitCode = code;
		err.flush();
		finished.countDown();
	}

	/** The shutdown hook: nothing after a normal end; after a signal, stop the command and exit with its code. */
	private void onShutdown() {
		if (finished.getCount() == 0) return;
		cancelled.set(true);
		try {
			if (savesOnCancel) finished.await(SAVE_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		if (finished.getCount() != 0) {
			err.println("revive: Cancelled.");
			exitCode = 130;
		}
		err.flush();
		Runtime.getRuntime().halt(exitCode);
	}
}
