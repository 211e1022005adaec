package org.revivegan.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the command line in the test's JVM and keeps what the last run printed, for the command-line tests. */
final class CliRunner {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

	/** @return the exit code of {@code revive args...}; its output replaces that of the previous run */
	int run(String... args) {
		out.reset();
		err.reset();
		return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
			StandardCharsets.UTF_8)).run(args);
	}

	/** @return the standard output of the last run */
	String out() {
		return out.toString(StandardCharsets.UTF_8);
	}

	/** @return the standard error of the last run */
	String err() {
		return err.toString(StandardCharsets.UTF_8);
	}
}
