package org.revivegan.cli;

import java.io.IOException;

/**
 * One subcommand of {@code revive}. {@link Main} finds it by {@link #name()}, parses the arguments against
 * {@link #spec()} (so an option the subcommand does not read is refused before it runs) and turns what
 * {@link #run} throws into the exit code and the one line of the message; the subcommand itself only reads its
 * options and does its work.
 * <p>
 * Its {@link #usage()} is its part of {@code revive --help}, given with the options it takes, so that the help
 * and the parser cannot drift apart.
 * </p>
 */
abstract class Subcommand {

	/** For {@link #Subcommand}: file names without an option are the images to work on, or are refused. */
	static final boolean FILES = true, NO_FILES = false;

	private final String name;
	private final boolean takesFiles;
	private final Args.Spec spec;
	private final String usage;

	/**
	 * @param takesFiles {@link #FILES} or {@link #NO_FILES}
	 * @param usage its lines of the help
	 */
	Subcommand(String name, boolean takesFiles, Args.Spec spec, String... usage) {
		this.name = name;
		this.takesFiles = takesFiles;
		this.spec = spec;
		this.usage = String.join("\n", usage);
	}

	/** @return the name on the command line ({@code inpaint}) */
	final String name() {
		return name;
	}

	/** @return whether it takes file names without an option (the images to work on); else they are refused */
	final boolean takesFiles() {
		return takesFiles;
	}

	/** @return the options it takes; any other is refused */
	final Args.Spec spec() {
		return spec;
	}

	/** @return its lines of the help, without a final line break */
	final String usage() {
		return usage;
	}

	/**
	 * @return the exit code
	 * @throws IOException or {@link IllegalArgumentException} with a message for the user (exit code 2); a
	 *           {@link java.util.concurrent.CancellationException} when cancelled (130)
	 */
	abstract int run(Args a, CliContext ctx) throws IOException;
}
