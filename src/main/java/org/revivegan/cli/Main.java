package org.revivegan.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.stream.Collectors;

import org.revivegan.core.model.GeneratorSpec;
import org.revivegan.core.util.Failures;

/**
 * The headless command line: {@code revive demo|inpaint|colorize|train|detect|export|damage|evaluate|info}, one
 * {@link Subcommand} each. Main finds the subcommand, parses its arguments ({@link Args}) and turns the outcome
 * into the exit code: 0 on success; on bad input (a missing, damaged or wrong model or image file, a mask of
 * another size, an empty mask, an unknown option or a number out of range, an output that would replace an
 * input) a one-line reason on standard error and exit code 2; 130 when cancelled (SIGINT or SIGTERM); 1 with one
 * line for unexpected failures (their stack trace only with the environment variable REVIVE_DEBUG set). The
 * files a subcommand writes are checked against those it reads by {@link OutputPlan} before anything is written.
 */
public final class Main {

	/** The subcommands, in the order of the help. */
	static final List<Subcommand> COMMANDS = List.of(DemoCommand.SUBCOMMAND, new InpaintCommand(),
		new ColorizeCommand(), new TrainCommand(), new DetectCommand(), new ExportCommand(), new DamageCommand(),
		new EvaluateCommand(), new InfoCommand());

	/** Other spellings of a subcommand's name. */
	private static final Map<String, String> ALIASES = Map.of("colourise", "colorize", "colorise", "colorize");

	static final String USAGE = String.join("\n",
		"Usage: revive COMMAND [options] [--] [FILES]",
		"",
		"  Options are checked: an unknown or repeated one is refused; -- ends them (for names starting with -).",
		"  inpaint, colorize, detect and damage never write over an input unless --overwrite is given.",
		"",
		COMMANDS.stream().map(Subcommand::usage).collect(Collectors.joining("\n")),
		"",
		"Presets: " + String.join(", ", GeneratorSpec.presets()));

	/** The options of each command (a trailing ! marks a flag without a value); any other is refused. */
	static final Map<String, Args.Spec> OPTIONS;
	static {
		Map<String, Args.Spec> options = new LinkedHashMap<>();
		for (Subcommand c : COMMANDS)
			options.put(c.name(), c.spec());
		OPTIONS = Collections.unmodifiableMap(options);
	}

	/** Where the details of an unexpected failure are: only on request, so that users see one line. */
	static final String DETAILS = "the stack trace that REVIVE_DEBUG=1 prints";
	/** How a user of the command line gives Java more memory. */
	static final String MORE_MEMORY = "REVIVE_HEAP=16g ./revive ...";

	private final PrintStream out;
	private final PrintStream err;
	private final Cancellation cancellation;

	Main(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
		this.cancellation = new Cancellation(err);
	}

	public static void main(String[] args) {
		Main main = new Main(System.out, System.err);
		main.cancellation.install();
		int code = main.run(args);
		System.out.flush();
		main.cancellation.finished(code);
		System.exit(code); // during a SIGINT/SIGTERM shutdown this waits, and the hook ends the JVM with the code
	}

	/** @return the exit code */
	int run(String[] args) {
		List<String> beforeDashes = List.of(args);
		if (beforeDashes.contains("--")) beforeDashes = beforeDashes.subList(0, beforeDashes.indexOf("--"));
		if (args.length == 0 || "help".equals(args[0]) || beforeDashes.contains("-h") || beforeDashes.contains("--help")) {
			out.println(USAGE);
			return args.length == 0 ? 2 : 0;
		}
		try {
			String name = ALIASES.getOrDefault(args[0], args[0]);
			Subcommand command = COMMANDS.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(
				() -> new UsageException("Unknown command '" + args[0] + "'. Run 'revive --help' for the commands."));
			Args a = Args.parse(name, command.spec(), args, 1);
			if (!a.positional().isEmpty() && !command.takesFiles()) throw new UsageException("'" + name + "' takes no " +
				"file names without an option (got '" + a.positional().get(0) + "').");
			return command.run(a, new CliContext(out, err, cancellation));
		}
		catch (IOException | RuntimeException | LinkageError | OutOfMemoryError e) {
			err.println("revive: " + Failures.userMessage(e, DETAILS, MORE_MEMORY));
			if (!Failures.isUserError(e) && System.getenv("REVIVE_DEBUG") != null) e.printStackTrace(err);
			if (e instanceof CancellationException) return 130;
			return Failures.isUserError(e) ? 2 : 1;
		}
	}

	/** A usage mistake: message only, exit code 2. */
	static final class UsageException extends IllegalArgumentException {

		private static final long serialVersionUID = 1L;

		UsageException(String message) {
			super(message);
		}
	}
}
