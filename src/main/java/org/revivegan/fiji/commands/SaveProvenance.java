package org.revivegan.fiji.commands;

import org.revivegan.core.image.Masks;
import ij.ImagePlus;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.revivegan.core.provenance.Provenance;
import org.revivegan.core.provenance.ProvenanceFiles;
import org.revivegan.fiji.ProvenanceImages;
import org.revivegan.io.ImageFiles;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins &gt; ReviveGAN &gt; Save Provenance: writes a ReviveGAN result's provenance beside the file it was (or
 * will be) saved as, as the command line does: {@code FILE.revivegan.json} and, when pixels were inpainted,
 * {@code FILE-stem-synthesized.png} (255 = invented). For archives that publish JPEG or PNG copies, which do not
 * keep ImageJ's image properties. Macro: {@code run("Save Provenance", "file=[/archive/photo-restored.tif]");}
 */
@Plugin(type = Command.class, menuPath = "Plugins>ReviveGAN>Save Provenance", headless = true)
public class SaveProvenance extends ReviveCommand {

	@Parameter(label = "Image")
	private ImagePlus image;

	@Parameter(label = "The result's image file", style = FileWidget.SAVE_STYLE,
		description = "The record is written beside it as FILE.revivegan.json")
	private File file;

	@Parameter(type = ItemIO.OUTPUT, required = false)
	private String sidecar;

	@Override
	void execute() {
		if (noImage(image)) return;
		if (file == null) {
			cancel("Choose the image file the record belongs to.");
			return;
		}
		try {
			sidecar = save(image, file.toPath()).toString();
			if (log != null) log.info("ReviveGAN provenance of " + image.getTitle() + " -> " + sidecar);
		}
		catch (IllegalArgumentException e) {
			cancel(e.getMessage());
		}
		catch (IOException e) {
			cancel("Cannot write the provenance beside " + file + ": " + e.getMessage());
		}
	}

	/**
	 * Writes the record (and the map of invented pixels, if any) beside {@code result}.
	 *
	 * @return the record's path
	 * @throws IllegalArgumentException if the image carries no ReviveGAN provenance
	 */
	static Path save(ImagePlus image, Path result) throws IOException {
		Optional<Provenance> p = ProvenanceImages.read(image);
		if (p.isEmpty()) throw new IllegalArgumentException(image.getTitle() + " carries no ReviveGAN provenance: " +
			"choose an image made by Inpaint Damage, Colorize or Restore Photo (saved as TIFF, which keeps it).");
		Provenance record = p.get();
		Path folder = result.toAbsolutePath().getParent();
		if (folder != null) java.nio.file.Files.createDirectories(folder);
		Optional<Img<UnsignedByteType>> map = ProvenanceImages.map(image);
		if (map.isPresent() && Masks.count(map.get()) > 0) {
			Path mapFile = ProvenanceFiles.map(result);
			ImageFiles.write(mapFile, map.get(), 8, true);
			record = record.toBuilder().mapFile(mapFile.getFileName().toString()).build();
		}
		return ProvenanceFiles.writeSidecar(result, record);
	}
}
