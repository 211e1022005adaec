package org.revivegan.cli;

import org.revivegan.core.image.Masks;
import java.io.IOException;
import java.nio.file.Path;

import org.revivegan.core.provenance.Provenance;
import org.revivegan.core.provenance.ProvenanceFiles;
import org.revivegan.core.restore.ColorizeResult;
import org.revivegan.core.restore.InpaintResult;
import org.revivegan.io.ImageFiles;

/**
 * The provenance files the command line writes beside each result (see {@link ProvenanceFiles}): the record,
 * and for inpainting the map of invented pixels. Kept apart from {@link Main} so that the commands stay about
 * the images.
 */
final class CliProvenance {

	private CliProvenance() {}

	/**
	 * Writes {@code target-stem-synthesized.png} (the mask actually used, dilation included; 255 = invented) and
	 * {@code target.revivegan.json}: the inpainting's record, its invented pixels counted on the map (one mask
	 * serves every page of a file).
	 */
	static Provenance inpainted(Path target, InpaintResult result) throws IOException {
		Path map = ProvenanceFiles.map(target);
		ImageFiles.write(map, result.map(), 8, true);
		Provenance p = result.provenance().toBuilder().synthesizedPixels(Masks.count(result.map())).mapFile(
			map.getFileName().toString()).build();
		ProvenanceFiles.writeSidecar(target, p);
		return p;
	}

	/** Writes {@code target.revivegan.json}: every pixel's colour invented, the lightness the input's. */
	static Provenance colorized(Path target, ColorizeResult result) throws IOException {
		ProvenanceFiles.writeSidecar(target, result.provenance());
		return result.provenance();
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
