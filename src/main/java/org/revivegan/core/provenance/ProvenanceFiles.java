package org.revivegan.core.provenance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.revivegan.core.model.AtomicFiles;

/**
 * Where the provenance of a result file lives, and writing it: {@code photo.png} gets {@code
 * photo.png.revivegan.json} (the record) and, when pixels were inpainted, {@code photo-synthesized.png} (the map,
 * 255 = invented). The names keep the sidecar next to its image in any file listing and cannot be mistaken for an
 * input photo (the map's name ends in -synthesized).
 */
public final class ProvenanceFiles {

	/** Appended to the result's file name to name its provenance record. */
	public static final String SIDECAR_SUFFIX = ".revivegan.json";

	/** Appended to the result's file name without extension to name the map of invented pixels (a PNG). */
	public static final String MAP_SUFFIX = "-synthesized.png";

	private ProvenanceFiles() {}

	/** @return {@code result} + {@value #SIDECAR_SUFFIX}, in the same folder */
	public static Path sidecar(Path result) {
		return result.resolveSibling(result.getFileName() + SIDECAR_SUFFIX);
	}

	/** @return the result's name without extension + {@value #MAP_SUFFIX}, in the same folder */
	public static Path map(Path result) {
		String name = result.getFileName().toString();
		int dot = name.lastIndexOf('.');
		return result.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + MAP_SUFFIX);
	}

	/**
	 * Writes the record beside the result, atomically (never a half-written record under the final name).
	 *
	 * @return the sidecar's path
	 */
	public static Path writeSidecar(Path result, Provenance provenance) throws IOException {
		Path sidecar = sidecar(result);
		byte[] json = (provenance.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
		AtomicFiles.write(sidecar, out -> out.write(json));
		return sidecar;
	}

	/** @return the record beside {@code result} */
	public static Provenance readSidecar(Path result) throws IOException {
		return Provenance.fromJson(Files.readString(sidecar(result), StandardCharsets.UTF_8));
	}
}
