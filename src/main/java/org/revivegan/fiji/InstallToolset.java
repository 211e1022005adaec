package org.revivegan.fiji;

import ij.IJ;
import ij.plugin.MacroInstaller;
import ij.plugin.PlugIn;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plugins&gt;ReviveGAN&gt;Tools&gt;Install ReviveGAN Toolset: puts one toolbar button per ReviveGAN command (and the
 * Damage Brush) into the IJ1 toolbar, from the toolset macro file inside the ReviveGAN jar. The same file is
 * {@code macros/toolsets/ReviveGAN.ijm} of the repository, which the update site also ships to
 * {@code Fiji.app/macros/toolsets/}, so the toolset can be chosen from the toolbar's "&gt;&gt;" menu as well.
 */
public class InstallToolset implements PlugIn {

	/** Where the toolset lies in the jar (the repository's macros/ folder is copied to org/revivegan/macros). */
	public static final String RESOURCE = "/org/revivegan/macros/toolsets/ReviveGAN.ijm";

	private static final Pattern ACTION_TOOL = Pattern.compile(
		"macro\\s+\"([^\"]+) Action Tool(?: - [^\"]*)?\"\\s*\\{\\s*run\\(\"([^\"]+)\"\\);\\s*\\}");

	@Override
	public void run(String arg) {
		try {
			String toolset = toolset();
			if (GraphicsEnvironment.isHeadless()) {
				IJ.log("ReviveGAN: the toolset has " + actionTools(toolset).size() + " tools, but there is no toolbar " +
					"without a display; the commands are in Plugins > ReviveGAN.");
				return;
			}
			new MacroInstaller().install(toolset);
			IJ.showStatus("ReviveGAN toolset installed: " + String.join(", ", actionTools(toolset).keySet()));
		}
		catch (IOException e) {
			IJ.error("ReviveGAN Toolset", e.getMessage());
		}
	}

	/**
	 * @return the toolset macro text from the jar
	 * @throws IOException if it is missing from the jar, saying to reinstall
	 */
	public static String toolset() throws IOException {
		try (InputStream in = InstallToolset.class.getResourceAsStream(RESOURCE)) {
			if (in == null) throw new IOException("The ReviveGAN toolset (" + RESOURCE + ") is missing from the " +
				"ReviveGAN jar; reinstall ReviveGAN (Help > Update...).");
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/**
	 * @return tool name -&gt; the menu command its macro runs, for every Action Tool of a toolset whose body is a
	 *         single {@code run("Command");}, in the file's order
	 */
	public static Map<String, String> actionTools(String toolset) {
		Map<String, String> tools = new LinkedHashMap<>();
		Matcher m = ACTION_TOOL.matcher(toolset);
		while (m.find())
			tools.put(m.group(1), m.group(2));
		return tools;
	}
}
