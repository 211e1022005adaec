package org.revivegan.spark;

import java.util.List;
import java.util.Locale;

import org.apache.hadoop.fs.Path;
import org.revivegan.core.provenance.ProvenanceFiles;

/**
 * Where a photo's result, provenance and mask are: the result is {@code OUTPUT/NAME} for the photo's relative
 * name (in the same sub-folders), PNG for JPEG and BMP inputs as on the command line, with
 * {@code NAME.revivegan.json} and, when pixels were inpainted, {@code STEM-synthesized.png} beside it
 * ({@link ProvenanceFiles}).
 */
final class OutputLayout {

	private OutputLayout() {}

	/** @return the result's path for an input of that relative name */
	static Path result(String output, String relativeName) {
		String name = relativeName;
		if (name.toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|bmp)$")) name = name.replaceAll("\\.[^.]+$", ".png");
		return new Path(output, name);
	}

	/** @return the provenance record beside a result */
	static Path sidecar(Path result) {
		return new Path(result.getParent(), result.getName() + ProvenanceFiles.SIDECAR_SUFFIX);
	}

	/** @return the map of invented pixels beside a result */
	static Path map(Path result) {
		return new Path(result.getParent(), mapName(result.getName()));
	}

	/** @return the file name of the map of invented pixels of a result of that name */
	static String mapName(String resultName) {
		return ProvenanceFiles.map(java.nio.file.Paths.get(resultName)).getFileName().toString();
	}

	/**
	 * @return where a photo's supplied mask may be, in order: the same relative name in the masks folder, then the
	 *         same name with .png (a PNG mask for a JPEG scan)
	 */
	static List<Path> maskCandidates(String masks, String relativeName) {
		Path same = new Path(masks, relativeName);
		String png = relativeName.replaceAll("\\.[^./]+$", "") + ".png";
		return png.equals(relativeName) ? List.of(same) : List.of(same, new Path(masks, png));
	}
}
