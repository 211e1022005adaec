package org.revivegan.fiji;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import ij.plugin.PlugIn;

import org.junit.jupiter.api.Test;
import org.scijava.command.Command;
import org.scijava.plugin.PluginIndex;
import org.scijava.plugin.PluginInfo;

/**
 * plugins.config names only classes that exist and that IJ1 can run, under Plugins&gt;ReviveGAN or
 * File&gt;Open Samples&gt;ReviveGAN, and only samples that are in the jar; it leaves out the SciJava commands, which
 * put themselves in the menu.
 */
class PluginsConfigTest {

	private static final Pattern ENTRY = Pattern.compile("^((?:Plugins|File>Open Samples)>ReviveGAN[^,]*),\\s*\"([^\"]+)\",\\s*([\\w.$]+)(\\(\"[^\"]*\"\\))?\\s*$");

	@Test
	void everyEntryNamesARunnablePlugIn() throws IOException, ReflectiveOperationException {
		List<String> commands = new ArrayList<>(), samples = new ArrayList<>();
		for (String line : Files.readAllLines(Paths.get("plugins.config"))) {
			if (line.isBlank() || line.startsWith("#")) continue;
			Matcher m = ENTRY.matcher(line);
			assertTrue(m.matches(), "well-formed entry under Plugins>ReviveGAN or File>Open Samples>ReviveGAN: " + line);
			if (m.group(2).equals("-")) continue;
			commands.add(m.group(2));
			Class<?> c = Class.forName(m.group(3));
			assertTrue(PlugIn.class.isAssignableFrom(c), c + " implements ij.plugin.PlugIn");
			assertNotNull(c.getConstructor().newInstance(), c + " has a public no-argument constructor");
			if (c == OpenSample.class) {
				String name = m.group(4).substring(2, m.group(4).length() - 2);
				assertNotNull(OpenSample.class.getResource(OpenSample.RESOURCE_FOLDER + name), name + " is in the jar");
				samples.add(name);
			}
		}
		assertTrue(commands.containsAll(List.of("Damage Brush", "Clear Damage Mask", "Undo Damage Stroke",
			"Install ReviveGAN Toolset", "About ReviveGAN")), commands.toString());
		for (String command : sciJavaCommands()) // they register through @Plugin menuPath
			assertFalse(commands.contains(command), command + " is a SciJava command: an entry here would make a " +
				"second menu item");
		assertEquals(commands.size(), commands.stream().distinct().count(), "command names are unique: " + commands);
		assertEquals(OpenSample.SAMPLES.stream().sorted().collect(java.util.stream.Collectors.toList()),
			samples.stream().sorted().collect(java.util.stream.Collectors.toList()), "every sample has one menu entry");
	}

	/** @return the menu labels of ReviveGAN's SciJava commands, from the plugin index that Fiji reads */
	private static Set<String> sciJavaCommands() {
		PluginIndex index = new PluginIndex();
		index.discover();
		Set<String> labels = new TreeSet<>();
		for (PluginInfo<Command> info : index.getPlugins(Command.class))
			if (info.getClassName().startsWith("org.revivegan.") && info.getMenuPath() != null &&
				!info.getMenuPath().isEmpty() && "ReviveGAN".equals(info.getMenuPath().get(1).getName()))
				labels.add(info.getMenuPath().getLeaf().getName()); // the plugin's menu, not the tests' own commands
		return labels;
	}

	@Test
	void theHeaderNamesEverySciJavaCommand() throws IOException {
		Set<String> commands = sciJavaCommands();
		assertTrue(commands.containsAll(List.of("Inpaint Damage", "Colorize", "Restore Photo", "Detect Damage",
			"Show Synthesized Pixels", "Save Provenance", "Evaluate Model", "Backend Info")), commands.toString());
		String header = Files.readAllLines(Paths.get("plugins.config")).stream().filter(l -> l.startsWith("#"))
			.map(l -> l.substring(1).trim()).collect(Collectors.joining(" "));
		for (String command : commands)
			assertTrue(header.contains(command), "plugins.config says that " + command + " is a SciJava command: " +
				header);
	}

	@Test
	void samplesOpenAsGrayOrRgbImages() throws IOException {
		ij.ImagePlus damaged = OpenSample.open("chelsea-damaged.png");
		assertEquals(451, damaged.getWidth());
		assertEquals(300, damaged.getHeight());
		assertEquals(24, damaged.getBitDepth());
		assertEquals("chelsea-damaged.png", damaged.getTitle());
		ij.ImagePlus mask = OpenSample.open("chelsea-damage-mask.png");
		assertEquals(8, mask.getBitDepth());
		int damagedPixels = 0;
		for (byte b : (byte[]) mask.getProcessor().getPixels())
			if (b != 0) damagedPixels++;
		double fraction = damagedPixels / (451.0 * 300);
		assertTrue(fraction > 0.05 && fraction < 0.3, "damaged fraction " + fraction);
		assertEquals(8, OpenSample.open("astronaut-gray.png").getBitDepth());
		assertEquals(8, OpenSample.open("camera.png").getBitDepth());
		assertThrows(IllegalArgumentException.class, () -> OpenSample.open("../../../etc/passwd"));
	}
}
