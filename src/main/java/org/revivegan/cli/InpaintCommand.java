package org.revivegan.cli;

import static org.revivegan.cli.CliContext.NO_PROVENANCE;
import static org.revivegan.cli.CliContext.OVERWRITE;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

import org.revivegan.cli.Main.UsageException;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.restore.InpaintRequest;
import org.revivegan.core.restore.InpaintResult;
import org.revivegan.core.restore.Planes;
import org.revivegan.core.restore.Restoration;
import org.revivegan.core.train.PhotoAdaptation;
import org.revivegan.io.ImageFiles;
import org.revivegan.io.LoadedImage;

/**
 * {@code revive inpaint}: fills the damaged pixels of each image (the non-zero pixels of its mask), optionally
 * after adapting the model to the photo, and writes the provenance files beside each result.
 */
final class InpaintCommand extends Subcommand {

	InpaintCommand() {
		super("inpaint", FILES, Args.Spec.of("-o", "--mask", "--model", "--dilate", "--adapt", "--format",
			"--jpeg-quality", NO_PROVENANCE + "!", OVERWRITE + "!"),
			"  inpaint IMAGE|DIR... --mask MASK|DIR -o OUT [--model faithful|realistic|FILE] [--dilate N]",
			"        [--adapt SECONDS] [--no-provenance] [--overwrite] [--format png|tif|jpg|bmp] [--jpeg-quality N]",
			"      Fill the damaged pixels (non-zero in the mask) of each image. With several images or a folder,",
			"      --mask is a folder of masks with the same file names and -o a folder (made if missing). Beside each",
			"      result OUT it writes OUT.revivegan.json (model hash, parameters, date, version) and",
			"      OUT-stem-synthesized.png (255 = pixels the model invented), unless --no-provenance.",
			"      Results keep their input's format, bit depth, profile, EXIF and resolution; a multi-page TIFF comes",
			"      back as a stack. A JPEG stays a JPEG (--jpeg-quality, default 95), which re-encodes every pixel:",
			"      --format png gives a lossless result, bit-identical outside the mask. --adapt SECONDS first",
			"      fine-tunes a copy of the model on each photo's own undamaged pixels (synthetic damage painted in).",
			"      --model faithful (the default) is the shipped model trained for fidelity (the best PSNR), realistic",
			"      the one trained for realistic texture (an adversarial phase; installed as a file of its own).");
	}

	@Override
	int run(Args a, CliContext ctx) throws IOException {
		PrintStream out = ctx.out(), err = ctx.err();
		List<Path> inputs = a.inputs();
		Path outArg = a.required("-o", "the output file or folder");
		Path maskArg = a.required("--mask", "the damage mask: an image whose non-zero pixels are the damage");
		int dilate = a.intValue("--dilate", 0);
		double adapt = a.doubleValue("--adapt", 0);
		if (!(adapt >= 0 && adapt <= 24 * 3600)) throw new UsageException("--adapt takes the seconds of adaptation to " +
			"each photo, 0 (off) to 86400, not " + a.string("--adapt", "") + ".");
		List<Path> masks = new ArrayList<>();
		for (Path in : inputs) { // check every mask before writing anything
			Path mask = Files.isDirectory(maskArg) ? maskArg.resolve(in.getFileName()) : maskArg;
			if (!Files.exists(mask)) throw new UsageException("No mask for " + in.getFileName() + " (looked for " + mask + ").");
			masks.add(mask);
		}
		ResultFiles output = ResultFiles.of(a, inputs, outArg);
		OutputPlan plan = CliContext.plan(a, inputs, masks);
		for (Path in : inputs)
			plan.result(output.target(in), in.toString(), !a.has(NO_PROVENANCE), true);
		InputCheck.readable(CliContext.union(inputs, masks));
		ModelFile model = CliContext.model(a, Task.INPAINT);
		output.prepare(err);
		for (int i = 0; i < inputs.size(); i++) {
			Path in = inputs.get(i), mask = masks.get(i);
			Path target = output.target(in);
			List<LoadedImage> pages = ImageFiles.readPages(in); // a multi-page TIFF: every page, one mask
			LoadedImage img = pages.get(0);
			LoadedImage m = ImageFiles.read(mask);
			int orientation = img.metadata().orientation();
			if (orientation != 1 && (m.width() != img.width() || m.height() != img.height())) throw new UsageException(
				"The mask " + mask.getFileName() + " is " + m.width() + "x" + m.height() + " but " + in.getFileName() +
					" is " + img.width() + "x" + img.height() + " upright: its EXIF orientation (" + orientation + ") turns " +
					"it as viewers show it. Draw the mask on the upright photo.");
			long t0 = System.nanoTime();
			List<Img<FloatType>> images = new ArrayList<>();
			for (LoadedImage page : pages)
				images.add(page.image());
			// adapted to the first page, used for all: the pages of a stack are one photo's
			InpaintRequest request = new InpaintRequest(model).mask(m.asMask(), mask.getFileName().toString()).dilate(
				dilate).adaptSeconds(adapt).adaptToFirstPlaneOnly(true).skipPlanesWithoutDamage(false).input(in
					.getFileName().toString(), (int) img.width(), (int) img.height(), 1).listener(
						new InpaintRequest.Listener() {

							@Override
							public void maskReady(int page, RandomAccessibleInterval<? extends RealType<?>> used,
								long damaged)
							{
								if (page == 0 && used.dimension(0) == img.width() && used.dimension(1) == img.height() &&
									damaged == img.width() * img.height()) err.println("revive: warning: the mask " + mask +
										" covers the whole of " + in + ": every pixel of the result is invented, none is " +
										"the photo's.");
							}

							@Override
							public void adapted(int page, PhotoAdaptation.Result adapted) {
								out.printf(Locale.ROOT, "%s: adapted the model in %d steps (%.0f s)%n", in.getFileName(),
									adapted.steps, adapted.seconds);
							}
						});
			InpaintResult result = Restoration.inpaint(request, Planes.of(images), ctx.console("Inpainting " + in
				.getFileName()));
			output.write(target, result.images(), img, img.grayscale());
			if (!a.has(NO_PROVENANCE)) CliProvenance.inpainted(target, result);
			ResultFiles.written(out, in, target, t0);
		}
		return 0;
	}
}
