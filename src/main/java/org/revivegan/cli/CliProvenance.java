package org.revivegan.cli;

import java.io.IOException;
import java.nio.file.Path;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.revivegan.core.model.ModelFile;
import org.revivegan.core.provenance.Provenance;
import org.revivegan.core.provenance.ProvenanceFiles;
import org.revivegan.core.provenance.SynthesizedMap;
import org.revivegan.io.ImageFiles;
import org.revivegan.io.LoadedImage;

/**
 * The provenance files the command line writes beside each result (see {@link ProvenanceFiles}): the record,
 * and for inpainting the map of invented pixels. Kept apart from {@link Main} so that the commands stay about
 * the images.
 */
final class CliProvenance {

	private CliProvenance() {}

	/**
	 * Writes {@code target-stem-synthesized.png} (the mask actually used, dilation included; 255 = invented) and
	 * {@code target.revivegan.json}.
	 *
	 * @param maskUsed (x, y), non-zero = inpainted
	 */
	static Provenance inpainted(Path target, ModelFile model, Path input, LoadedImage image, Path mask, int dilate,
		Img<FloatType> maskUsed) throws IOException
	{
		return inpainted(target, model, input, image, mask, dilate, maskUsed, 0, 0);
	}

	/** Like the other, recording the seconds and steps of adaptation to the photo (0, 0 when none). */
	static Provenance inpainted(Path target, ModelFile model, Path input, LoadedImage image, Path mask, int dilate,
		Img<FloatType> maskUsed, double adaptSeconds, long adaptSteps) throws IOException
	{
		Path map = ProvenanceFiles.map(target);
		ImageFiles.write(map, maskUsed, 8, true);
		Provenance.Builder b = Provenance.builder(Provenance.Operation.INPAINT).model("inpaint", model) //
			.parameter("mask", mask.getFileName().toString()).parameter("dilate", dilate);
		if (adaptSeconds > 0) b.parameter("adaptSeconds", adaptSeconds).parameter("adaptSteps", adaptSteps);
		Provenance p = b //
			.input(input.getFileName().toString(), (int) image.width(), (int) image.height(), 1) //
			.synthesizedPixels(SynthesizedMap.count(maskUsed)).mapFile(map.getFileName().toString()).build();
		ProvenanceFiles.writeSidecar(target, p);
		return p;
	}

	/** Writes {@code target.revivegan.json}: every pixel's colour invented, the lightness the input's. */
	static Provenance colorized(Path target, ModelFile model, Path input, LoadedImage image, int workingSize)
		throws IOException
	{
		return colorized(target, model, input, image, workingSize, null, null, true);
	}

	/**
	 * Like {@link #colorized(Path, ModelFile, Path, LoadedImage, int)}, recording the colour hints (their number and
	 * the file they came from, and whether they were spread along edges) when there are any.
	 */
	static Provenance colorized(Path target, ModelFile model, Path input, LoadedImage image, int workingSize,
		org.revivegan.core.color.ColorHints hints, String hintsFile, boolean spread) throws IOException
	{
		return colorized(target, model, input, image, workingSize, hints, hintsFile, spread,
			org.revivegan.core.infer.Colorizer.DEFAULT_VIVIDNESS, null, null);
	}

	/**
	 * Like {@link #colorized(Path, ModelFile, Path, LoadedImage, int, org.revivegan.core.color.ColorHints, String,
	 * boolean)}, also recording the vividness and, when there is one, the colour reference photo (its file name
	 * and the SHA-256 of the file).
	 */
	static Provenance colorized(Path target, ModelFile model, Path input, LoadedImage image, int workingSize,
		org.revivegan.core.color.ColorHints hints, String hintsFile, boolean spread, double vividness,
		String referenceFile, String referenceSha256) throws IOException
	{
		Provenance.Builder b = Provenance.builder(Provenance.Operation.COLORIZE).model("colorize", model) //
			.parameter("workingSize", workingSize);
		if (!org.revivegan.core.color.ColorHints.isEmpty(hints)) b.parameter("hints", hints.size()).parameter(
			"hintSource", hintsFile == null ? "csv" : "csv " + hintsFile).parameter("hintSpread", spread);
		b.parameter("vividness", vividness);
		if (referenceFile != null) b.parameter("reference", referenceFile).parameter("referenceSha256",
			referenceSha256);
		Provenance p = b.input(input.getFileName().toString(), (int) image.width(), (int) image.height(), 1).build();
		ProvenanceFiles.writeSidecar(target, p);
		return p;
	}

	/** @return the SHA-256 of a file's bytes, in hex, read in blocks */
	static String fileSha256(Path file) throws IOException {
		java.security.MessageDigest d;
		try {
			d = java.security.MessageDigest.getInstance("SHA-256");
		}
		catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException("This Java has no SHA-256.", e);
		}
		try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
			byte[] buf = new byte[1 << 16];
			for (int n; (n = in.read(buf)) > 0;)
				d.update(buf, 0, n);
		}
		StringBuilder sb = new StringBuilder();
		for (byte x : d.digest())
			sb.append(String.format("%02x", x & 0xff));
		return sb.toString();
	}
}
