package org.revivegan.cli;

import static org.revivegan.cli.CliContext.OVERWRITE;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.revivegan.cli.Main.UsageException;
import org.revivegan.core.damage.Damage;
import org.revivegan.core.damage.DamageSynthesizer;
import org.revivegan.core.image.Masks;
import org.revivegan.core.train.BatchMaker;
import org.revivegan.core.util.Rng;
import org.revivegan.io.ImageFiles;
import org.revivegan.io.LoadedImage;

/** {@code revive damage}: a synthetically damaged copy of a photo and its mask, to try inpainting on. */
final class DamageCommand extends Subcommand {

	DamageCommand() {
		super("damage", FILES, Args.Spec.of("-o", "--mask-out", "--damage", "--seed", OVERWRITE + "!"),
			"  damage IMAGE -o DAMAGED.png --mask-out MASK.png [--damage mixed|scratches|10-20] [--seed N]",
			"        [--overwrite]",
			"      Make a synthetically damaged copy of a photo and its mask (to try inpainting).");
	}

	@Override
	int run(Args a, CliContext ctx) throws IOException {
		List<Path> inputs = a.inputs();
		if (inputs.size() > 1) throw new UsageException("damage takes one image, not " + inputs.size() + ".");
		Path in = inputs.get(0);
		Path outPath = a.required("-o", "the damaged image file");
		Path maskOut = a.required("--mask-out", "the mask file");
		CliContext.plan(a, inputs, List.of()).output(outPath, OutputPlan.Kind.RESULT, in.toString()).output(maskOut,
			OutputPlan.Kind.RESULT, in + " (its mask)");
		InputCheck.readable(inputs);
		LoadedImage img = ImageFiles.read(in);
		Damage d = new DamageSynthesizer().apply(img.image(), BatchMaker.damageSpec(a.string("--damage", "mixed")),
			new Rng(a.longValue("--seed", 1)));
		ImageFiles.write(outPath, d.damaged());
		ImageFiles.write(maskOut, Masks.binary(d.mask()), 8, true);
		ctx.out().printf(Locale.ROOT, "%s -> %s and %s (%.1f %% of pixels damaged)%n", in, outPath, maskOut,
			100 * d.maskedFraction());
		return 0;
	}
}
