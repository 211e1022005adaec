package org.revivegan.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.PlugIn;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * File&gt;Open Samples&gt;ReviveGAN: opens one of the sample photos shipped in the ReviveGAN jar (public domain or
 * CC0; sources and licences in the jar's {@code org/revivegan/samples/README.md}), so that the commands can be
 * tried without looking for an old photo first. The argument of the plugins.config entry is the file name.
 */
public class OpenSample implements PlugIn {

	/** Where the samples lie in the jar (the pom copies the repository's sample-images/ there). */
	public static final String RESOURCE_FOLDER = "/org/revivegan/samples/";

	/** The samples that can be opened, by file name. */
	public static final List<String> SAMPLES = List.of("chelsea-damaged.png", "chelsea-damage-mask.png",
		"chelsea.png", "astronaut-gray.png", "astronaut.png", "camera.png", "coffee.png", "grace_hopper.jpg",
		"rocket.jpg");

	@Override
	public void run(String arg) {
		try {
			open(arg).show();
		}
		catch (IOException | IllegalArgumentException e) {
			IJ.error("ReviveGAN Samples", e.getMessage());
		}
	}

	/**
	 * @param name a file name from {@link #SAMPLES}
	 * @return the sample as a new image titled by its file name: 8-bit for the grayscale ones (and the mask),
	 *         RGB for the others
	 * @throws IllegalArgumentException if the name is not a sample's
	 * @throws IOException if the sample is missing from the jar or cannot be decoded
	 */
	public static ImagePlus open(String name) throws IOException {
		if (!SAMPLES.contains(name)) throw new IllegalArgumentException("'" + name + "' is not a ReviveGAN " +
			"sample; the samples are " + SAMPLES + ".");
		try (InputStream in = OpenSample.class.getResourceAsStream(RESOURCE_FOLDER + name)) {
			if (in == null) throw new IOException("The sample " + name + " is missing from the ReviveGAN jar; " +
				"reinstall ReviveGAN.");
			BufferedImage image = ImageIO.read(in);
			if (image == null) throw new IOException("The sample " + name + " cannot be decoded; reinstall ReviveGAN.");
			return new ImagePlus(name, image);
		}
	}
}
