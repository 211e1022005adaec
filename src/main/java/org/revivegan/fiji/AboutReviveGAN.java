package org.revivegan.fiji;

import ij.IJ;
import ij.gui.HTMLDialog;
import ij.plugin.PlugIn;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.revivegan.core.model.DefaultModels;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.ModelMetadata;
import org.revivegan.core.model.Task;
import org.scijava.util.VersionUtils;

/**
 * Plugins&gt;ReviveGAN&gt;About ReviveGAN: the version of the installed plugin, the licences of ReviveGAN and of
 * what it bundles, the shipped models' names and SHA-256 hashes (the hash that every result's Info property
 * names, so a result can be traced to its model), and where the documentation is. Reading it loads no deep
 * learning library: the models' descriptions and hashes are read from their files' bytes.
 */
public class AboutReviveGAN implements PlugIn {

	/** The project's documentation. */
	public static final String DOCS = "https://github.com/revivegan/ReviveGAN#readme";

	private static final String TITLE = "About ReviveGAN";

	@Override
	public void run(String arg) {
		String html = html();
		if (GraphicsEnvironment.isHeadless()) IJ.log(html.replaceAll("<br>|</p>|</li>|</h\\d>", "\n")
			.replaceAll("<li>", "  - ").replaceAll("<[^>]+>", "").replaceAll("\n{3,}", "\n\n").trim());
		else new HTMLDialog(TITLE, html, false);
	}

	/** @return the version from the jar (manifest or Maven properties), or "development build" outside a jar */
	public static String version() {
		String v = VersionUtils.getVersion(AboutReviveGAN.class, "org.revivegan", "ReviveGAN_");
		return v == null || v.isBlank() ? "development build" : v;
	}

	/**
	 * @return one line per task ({@code "inpaint: "}): its installed default model's name and SHA-256, or that none
	 *         is installed; and one line ({@code "realistic inpaint: "}) per other shipped model that is installed
	 */
	public static String models() {
		StringBuilder sb = new StringBuilder();
		for (Task t : Task.values())
			for (String name : DefaultModels.listed(t)) {
				Optional<Path> file = DefaultModels.find(t, name);
				sb.append(name.equals(DefaultModels.DEFAULT) ? "" : name + " ").append(t.id()).append(": ");
				if (file.isEmpty()) sb.append("none installed (").append(DefaultModels.fileName(t))
					.append(" is not in Fiji.app/").append(DefaultModels.FOLDER).append("; choose a model file)");
				else try {
					byte[] bytes = Files.readAllBytes(file.get());
					ModelMetadata m = metadata(bytes);
					sb.append(m == null || m.name.isBlank() ? "(unnamed)" : m.name).append(", sha256 ").append(sha256(
						bytes));
				}
				catch (IOException e) {
					sb.append("unreadable (").append(e.getMessage()).append("); reinstall ReviveGAN");
				}
				sb.append('\n');
			}
		return sb.toString();
	}

	/** @return the About text as HTML */
	public static String html() {
		return "<html><h2>ReviveGAN " + escape(version()) + "</h2>" +
			"<p>Restores old and damaged photographs: GAN inpainting of scratches, tears, stains and missing " +
			"regions, and GAN colourisation of grayscale photos (pix2pix), trainable on your own photos.</p>" +
			"<h3>Default models</h3><p>" + escape(models()).replace("\n", "<br>") + "</p>" +
			"<h3>Licences</h3><ul>" +
			"<li>ReviveGAN: BSD 2-Clause</li>" +
			"<li>Eclipse Deeplearning4j and ND4J 1.0.0-M2.1: Apache 2.0</li>" +
			"<li>JavaCPP and its presets: Apache 2.0 (or GPLv2 with Classpath exception)</li>" +
			"<li>OpenBLAS: BSD 3-Clause; oneDNN: Apache 2.0</li>" +
			"<li>OpenCV 4.5.5: Apache 2.0</li>" +
			"<li>ImgLib2: BSD 2-Clause; SciJava Common: BSD 2-Clause; ImageJ 1.x: public domain</li>" +
			"<li>Sample photos: public domain or CC0 (sources in the jar's org/revivegan/samples/README.md)</li>" +
			"</ul><h3>Documentation</h3><p>" + DOCS + "</p></html>";
	}

	/** @return the metadata in a model file's bytes, or null if it has none */
	private static ModelMetadata metadata(byte[] zip) throws IOException {
		try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
			for (ZipEntry e; (e = in.getNextEntry()) != null;)
				if (e.getName().equals(ModelFile.METADATA))
					return ModelFile.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), ModelMetadata.class);
		}
		return null;
	}

	/** The same hash as {@code ModelFile.sha256()}: lowercase hex SHA-256 of the file's bytes. */
	static String sha256(byte[] bytes) {
		try {
			StringBuilder sb = new StringBuilder();
			for (byte b : MessageDigest.getInstance("SHA-256").digest(bytes))
				sb.append(String.format("%02x", b));
			return sb.toString();
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String escape(String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}
}
