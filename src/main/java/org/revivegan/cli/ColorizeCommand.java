package org.revivegan.cli;

import static org.revivegan.cli.CliContext.NO_PROVENANCE;
import static org.revivegan.cli.CliContext.OVERWRITE;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.revivegan.cli.Main.UsageException;
import org.revivegan.core.color.ColorHints;
import org.revivegan.core.color.ColorHintsCsv;
import org.revivegan.core.color.ColorReference;
import org.revivegan.core.infer.Colorizer;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.restore.ColorizeRequest;
import org.revivegan.core.restore.ColorizeResult;
import org.revivegan.core.restore.Planes;
import org.revivegan.core.restore.Restoration;
import org.revivegan.io.ImageFiles;
import org.revivegan.io.LoadedImage;

/**
 * {@code revive colorize}: colours grayscale photos, keeping their full-resolution lightness, optionally with
 * colour hints, a vividness and the colours of a reference photo ({@code evaluate} takes the last two too).
 */
final class ColorizeCommand extends Subcommand {

	static final String NO_SPREAD = "--no-spread";

	ColorizeCommand() {
		super("colorize", FILES, Args.Spec.of("-o", "--model", "--hints", "--working-size", "--format",
			"--jpeg-quality", "--vividness", "--reference", NO_SPREAD + "!", NO_PROVENANCE + "!", OVERWRITE + "!"),
			"  colorize IMAGE|DIR... -o OUT [--model FILE] [--working-size N] [--hints HINTS.csv] [--no-spread]",
			"        [--vividness V] [--reference PHOTO] [--no-provenance] [--overwrite] [--format png|tif|jpg|bmp]",
			"        [--jpeg-quality N]",
			"      Colour grayscale photos; the result keeps the original full-resolution lightness. Writes",
			"      OUT.revivegan.json beside each result (all colour is invented), unless --no-provenance.",
			"      --hints HINTS.csv: colour hints, one per line x,y,radius,r,g,b (0-255) or x,y,radius,#rrggbb, in",
			"      the input's pixels; every input gets the same hints. What the network does not follow of a hint",
			"      is spread over its region, stopping at edges; --no-spread leaves the network's response alone.",
			"      --vividness V: 0 gray, 1 the model's own colours (default), up to 4; more is more saturated.",
			"      --reference PHOTO: take the colour distribution of a colour photo (per lightness band).");
	}

	@Override
	int run(Args a, CliContext ctx) throws IOException {
		List<Path> inputs = a.inputs();
		Path outArg = a.required("-o", "the output file or folder");
		ResultFiles output = ResultFiles.of(a, inputs, outArg);
		OutputPlan plan = CliContext.plan(a, inputs, List.of());
		for (Path in : inputs)
			plan.result(output.target(in), in.toString(), !a.has(NO_PROVENANCE), false);
		ColorHints hints = a.has("--hints") ? hintsCsv(a.path("--hints")) : null;
		InputCheck.readable(inputs);
		ModelFile model = CliContext.model(a, Task.COLORIZE);
		ColorizeRequest request = new ColorizeRequest(model);
		int workingSize = a.intValue("--working-size", model.metadata().workingSize, 1, Integer.MAX_VALUE);
		if (a.has("--working-size")) request.workingSize(workingSize);
		request.spreadHints(!a.has(NO_SPREAD)).vividness(vividness(a));
		Path referenceFile = a.has("--reference") ? a.path("--reference") : null;
		if (referenceFile != null) request.reference(colorReference(referenceFile), referenceFile.getFileName()
			.toString(), CliProvenance.fileSha256(referenceFile));
		if (hints != null) request.hints(hints, "csv " + a.path("--hints").getFileName());
		output.prepare(ctx.err());
		for (Path in : inputs) {
			Path target = output.target(in);
			List<LoadedImage> pages = ImageFiles.readPages(in); // a multi-page TIFF: every page
			LoadedImage img = pages.get(0);
			long t0 = System.nanoTime();
			List<Img<FloatType>> images = new ArrayList<>();
			for (LoadedImage page : pages)
				images.add(page.image());
			request.input(in.getFileName().toString(), (int) img.width(), (int) img.height(), 1);
			ColorizeResult result;
			try {
				result = Restoration.colorize(request, Planes.of(images), ctx.console("Colorizing " + in.getFileName()));
			}
			catch (IllegalArgumentException e) { // a hint outside this image
				throw new UsageException(in + ": " + e.getMessage() + " Check the x, y of " + a.path("--hints") + ".");
			}
			output.write(target, result.images(), img, false);
			if (!a.has(NO_PROVENANCE)) CliProvenance.colorized(target, result);
			ResultFiles.written(ctx.out(), in, target, t0);
		}
		return 0;
	}

	/** @return {@code --vividness}, checked, or the default */
	static double vividness(Args a) {
		double v = a.doubleValue("--vividness", Colorizer.DEFAULT_VIVIDNESS);
		if (!(v >= Colorizer.MIN_VIVIDNESS && v <= Colorizer.MAX_VIVIDNESS)) throw new UsageException("--vividness " +
			"is a number from " + Colorizer.MIN_VIVIDNESS + " (gray) to " + Colorizer.MAX_VIVIDNESS + " (1 = the " +
			"model's own colours), not " + a.string("--vividness", "") + ".");
		return v;
	}

	/** @return the colour distribution of a reference photo; a missing or gray file is a usage error */
	static ColorReference colorReference(Path file) throws IOException {
		if (!Files.isRegularFile(file)) throw new UsageException("No such reference photo: " + file);
		LoadedImage img = ImageFiles.read(file);
		try {
			return ColorReference.of(img.image(), 1);
		}
		catch (IllegalArgumentException e) {
			throw new UsageException(file + ": " + e.getMessage());
		}
	}

	/** @return the hints of a CSV file ({@link ColorHintsCsv}); a bad line is a usage error with its number */
	private static ColorHints hintsCsv(Path file) throws IOException {
		if (!Files.isRegularFile(file)) throw new UsageException("No such hints file: " + file);
		try {
			String text = Files.readString(file, StandardCharsets.UTF_8);
			if (text.indexOf('\0') >= 0) throw new CharacterCodingException();
			ColorHints hints = ColorHintsCsv.parse(text, file.toString());
			if (hints.size() == 0) throw new UsageException(file + " holds no hints: write one per line as " +
				"x,y,radius,r,g,b or x,y,radius,#rrggbb.");
			return hints;
		}
		catch (CharacterCodingException e) {
			throw new UsageException(file + " is not a text file: colour hints are CSV text, one hint per line as " +
				"x,y,radius,r,g,b or x,y,radius,#rrggbb.");
		}
		catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
	}
}
