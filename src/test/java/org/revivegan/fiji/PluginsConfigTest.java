package org.revivegan.fiji;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ij.plugin.PlugIn;

import org.junit.jupiter.api.Test;

/** plugins.config names only classes that exist and that IJ1 can run, under Plugins&gt;ReviveGAN. */
class PluginsConfigTest {

	private static final Pattern ENTRY = Pattern.compile("^(Plugins>ReviveGAN[^,]*),\\s*\"([^\"]+)\",\\s*([\\w.$]+)(\\(\"[^\"]*\"\\))?\\s*$");

	@Test
	void everyEntryNamesARunnablePlugIn() throws IOException, ReflectiveOperationException {
		List<String> commands = new ArrayList<>();
		for (String line : Files.readAllLines(Paths.get("plugins.config"))) {
			if (line.isBlank() || line.startsWith("#")) continue;
			Matcher m = ENTRY.matcher(line);
			assertTrue(m.matches(), "well-formed entry under Plugins>ReviveGAN: " + line);
			if (m.group(2).equals("-")) continue;
			commands.add(m.group(2));
			Class<?> c = Class.forName(m.group(3));
			assertTrue(PlugIn.class.isAssignableFrom(c), c + " implements ij.plugin.PlugIn");
			assertNotNull(c.getConstructor().newInstance(), c + " has a public no-argument constructor");
		}
		assertTrue(commands.containsAll(List.of("Damage Brush", "Clear Damage Mask", "Undo Damage Stroke")), commands.toString());
		assertEquals(commands.size(), commands.stream().distinct().count(), "command names are unique: " + commands);
	}
}
