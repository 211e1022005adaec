package org.revivegan.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.revivegan.core.model.Task;
import org.revivegan.core.train.Trainer;
import org.revivegan.io.ImageFiles;
import org.revivegan.testing.TinyModels;

/**
 * Arguments are taken strictly: an unknown option, an option given twice or a number out of its range is refused
 * with exit code 2 and one line that names it (never run with a default or a wrapped value), and {@code --} ends
 * the options so that file names may start with a dash.
 */
class MainArgsTest {

	@TempDir
	Path dir;

	private final CliRunner cli = new CliRunner();

	private void assertRefused(String expected, String... args) {
		assertEquals(2, cli.run(args), cli.out() + cli.err());
		String e = cli.err().strip();
		assertEquals(1, e.split("\n").length, "one line: " + e);
		assertTrue(e.contains(expected), "'" + expected + "' in: " + e);
	}

	private Path photo(Path file) throws IOException {
		Img<FloatType> img = ArrayImgs.floats(20, 12, 3);
		int i = 0;
		for (FloatType t : img)
			t.set((i++ % 9) / 10f);
		ImageFiles.write(file, img);
		return file;
	}

	@Test
	void unknownOptionsAreRefusedWithTheClosestAndTheValidOnes() throws IOException {
		Path a = photo(dir.resolve("a.png"));
		assertRefused("unknown option --modle; did you mean --model? Options of 'colorize': --format, --hints, --jpeg-quality, --model,", "colorize",
			a.toString(), "--modle", "m.zip", "-o", dir.resolve("o.png").toString());
		assertFalse(Files.exists(dir.resolve("o.png")));
		assertRefused("unknown option --frobnicate. Options of 'inpaint':", "inpaint", a.toString(), "--frobnicate",
			"--mask", "m.png", "-o", "o.png");
		assertRefused("'info' takes no options", "info", "--verbose");
		// an option of another command is unknown here
		assertRefused("unknown option --mask", "colorize", a.toString(), "--mask", "m.png", "-o", "o.png");
		assertRefused("'export' takes no file names", "export", "stray", "--run", "r", "-o", "m.zip");
	}

	@Test
	void anOptionGivenTwiceIsRefused() {
		assertRefused("-o is given twice ('a.png' and 'b.png')", "colorize", "x.png", "-o", "a.png", "-o", "b.png");
		assertRefused("--crop is given twice", "train", "--crop", "32", "--crop", "64");
	}

	@Test
	void doubleDashEndsTheOptions() throws IOException {
		Path model = TinyModels.save(Task.COLORIZE, dir.resolve("c.zip"));
		photo(dir.resolve("-dash.png"));
		assertRefused("unknown option -dash.png", "colorize", "-dash.png", "--model", model.toString(), "-o", "x.png");
		Path out = dir.resolve("out.png");
		assertEquals(0, cli.run("colorize", "--model", model.toString(), "-o", out.toString(), "--", dir.resolve(
			"-dash.png").toString()), cli.err());
		assertTrue(Files.exists(out));
		// and "--help" after "--" is a file name, not a request for help
		assertRefused("No such file or folder: --help", "colorize", "--model", model.toString(), "-o", out.toString(),
			"--", "--help");
	}

	/** A training that would run if the value were accepted: tiny, so that a test that fails still ends soon. */
	private List<String> train(String option, String value) throws IOException {
		Path photos = Files.createDirectories(dir.resolve("photos"));
		photo(photos.resolve("p.png"));
		List<String> args = new ArrayList<>(List.of("train", "--images", photos.toString(), "--run", dir.resolve("run")
			.toString(), "--preset", "tiny"));
		for (String[] d : new String[][] { { "--crop", "32" }, { "--l1-steps", "1" }, { "--gan-steps", "1" }, {
			"--batch", "1" }, { "--validate-every", "1" } })
			if (!d[0].equals(option)) args.addAll(List.of(d));
		args.addAll(List.of(option, value));
		return args;
	}

	@ParameterizedTest
	@CsvSource({ //
		"--crop, 4294967360, --crop is out of range", //
		"--crop, -32, --crop is out of range", //
		"--lr, NaN, --lr needs a finite number", //
		"--lr, Infinity, --lr needs a finite number", //
		"--lr, -1, --lr is out of range: -1 (it must be above 0 and at most 1)", //
		"--lr, 0, --lr is out of range", //
		"--lambda, NaN, --lambda needs a finite number", //
		"--lambda, -100, --lambda is out of range: -100", //
		"--max-side, 0, --max-side is out of range: 0", //
		"--damage, 0-0, The damage band '0-0' must be", //
		"--damage, 30-200, The damage band '30-200' must be", //
		"--gan-steps, 9223372036854775807, --gan-steps is out of range", //
		"--l1-steps, 99999999999999999999, --l1-steps is out of range", //
		"--batch, 0, --batch is out of range", //
		"--validate-every, 0, --validate-every is out of range", //
	})
	void numbersOutOfTheirRangeAreRefused(String option, String value, String expected) throws IOException {
		assertRefused(expected, train(option, value).toArray(new String[0]));
		assertFalse(Files.exists(dir.resolve("run").resolve(Trainer.CHECKPOINT)), "no training");
	}

	@Test
	void otherNumbersAreChecked() throws IOException {
		Path a = photo(dir.resolve("a.png"));
		assertRefused("The damage band '0-0' must be", "damage", a.toString(), "-o", dir.resolve("d.png").toString(),
			"--mask-out", dir.resolve("m.png").toString(), "--damage", "0-0");
		assertRefused("--working-size is out of range", "colorize", a.toString(), "-o", dir.resolve("c.png").toString(),
			"--model", TinyModels.save(Task.COLORIZE, dir.resolve("c.zip")).toString(), "--working-size", "0");
		assertRefused("--seed needs a whole number, not '1e3'", "damage", a.toString(), "-o", dir.resolve("d.png")
			.toString(), "--mask-out", dir.resolve("m.png").toString(), "--seed", "1e3");
	}

	/** The help names every option a command takes, so that what --help says is what the parser accepts. */
	@Test
	void theHelpNamesEveryOption() {
		for (var e : Main.OPTIONS.entrySet())
			for (String option : e.getValue().all())
				assertTrue(Main.USAGE.matches("(?s).*[\\[ ]" + java.util.regex.Pattern.quote(option) + "[\\] ].*"), e.getKey() +
					" " + option + " is not in the help");
	}

	@Test
	void closestOptionIsSuggested() {
		List<String> valid = List.of("--model", "--mask", "-o", "--dilate");
		assertTrue(Args.unknown("inpaint", "--modle", valid).contains("did you mean --model?"));
		assertTrue(Args.unknown("inpaint", "--dialte", valid).contains("did you mean --dilate?"));
		assertFalse(Args.unknown("inpaint", "--xyzzy-plugh", valid).contains("did you mean"));
		Args a = Args.parse("inpaint", Args.Spec.of("--dilate", "--flag!"), new String[] { "x", "--dilate=3", "--flag" }, 0);
		assertEquals(3, a.intValue("--dilate", 0));
		assertTrue(a.has("--flag"));
		assertEquals(List.of("x"), a.positional());
	}
}
