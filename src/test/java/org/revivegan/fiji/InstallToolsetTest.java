package org.revivegan.fiji;

import static org.junit.jupiter.api.Assertions.*;

import ij.macro.Interpreter;
import ij.macro.MacroConstants;
import ij.macro.Program;
import ij.macro.Tokenizer;
import ij.plugin.PlugIn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.revivegan.fiji.commands.LegacyBridge;
import org.scijava.Context;
import org.scijava.command.CommandService;

/**
 * The toolset macro file: in the jar and the same as macros/toolsets/ReviveGAN.ijm, one Action Tool per command,
 * each running an existing command by its menu label, and every tool's macro runs in IJ1's interpreter.
 */
class InstallToolsetTest {

	/** Records the IJ1 commands of plugins.config that a tool ran (the real ones need a toolbar). */
	public static class Recorder implements PlugIn {

		static final List<String> ran = Collections.synchronizedList(new ArrayList<>());

		@Override
		public void run(String arg) {
			ran.add(arg);
		}
	}

	private static Map<String, String> pluginsConfigCommands() throws IOException {
		Pattern entry = Pattern.compile("^[^#,][^,]*,\\s*\"([^\"]+)\",\\s*([\\w.$]+)(\\(\"[^\"]*\"\\))?\\s*$");
		Map<String, String> commands = new LinkedHashMap<>();
		for (String line : Files.readAllLines(Paths.get("plugins.config"))) {
			Matcher m = entry.matcher(line);
			if (m.matches() && !m.group(1).equals("-")) commands.put(m.group(1), m.group(2));
		}
		return commands;
	}

	private static Set<String> sciJavaLabels() {
		return LegacyBridge.COMMANDS.stream().map(LegacyBridge::label).collect(Collectors.toCollection(TreeSet::new));
	}

	@Test
	void theJarHoldsTheRepositorysToolset() throws IOException {
		assertEquals(Files.readString(Paths.get("macros/toolsets/ReviveGAN.ijm")), InstallToolset.toolset());
	}

	@Test
	void oneActionToolPerCommandPlusTheDamageBrush() throws IOException {
		Map<String, String> tools = InstallToolset.actionTools(InstallToolset.toolset());
		Set<String> expected = new TreeSet<>(sciJavaLabels());
		expected.add("Damage Brush");
		assertEquals(expected, new TreeSet<>(tools.keySet()));
		int macros = 0;
		for (Matcher m = Pattern.compile("(?m)^macro \"").matcher(InstallToolset.toolset()); m.find();)
			macros++;
		assertEquals(tools.size(), macros, "every macro is a one-line Action Tool");
		Set<String> known = new TreeSet<>(sciJavaLabels());
		known.addAll(pluginsConfigCommands().keySet());
		for (Map.Entry<String, String> t : tools.entrySet()) {
			assertEquals(t.getKey(), t.getValue(), "each tool is named as the command it runs");
			assertTrue(known.contains(t.getValue()), t.getValue() + " is a menu command: " + known);
		}
		assertEquals(InstallDamageBrush.class.getName(), pluginsConfigCommands().get("Damage Brush"));
	}

	@Test
	void iconsAreValidToolIcons() throws IOException {
		Matcher m = Pattern.compile("macro \"([^\"]+) Action Tool - ([^\"]*)\"").matcher(InstallToolset.toolset());
		int icons = 0;
		while (m.find()) {
			icons++;
			String icon = m.group(2);
			// IJ1 tool icon commands: colour C + 3 hex digits, text T x y size(2 digits) char, the rest hex digits
			assertTrue(icon.matches("(C[0-9a-f]{3}|T[0-9a-f]{2}[0-9]{2}.|[BRFOVLD][0-9a-f]+)+"), m.group(1) + ": " + icon);
			if (m.group(1).equals("Damage Brush")) assertEquals(DamageBrushTool.ICON, icon, "the brush's own icon");
		}
		assertEquals(8, icons);
	}

	/** Installs headless as IJ1's MacroInstaller does (it needs AWT menus): tokenize, then run each macro. */
	@Test
	void everyToolRunsItsCommandInTheMacroInterpreter() throws IOException {
		Context context = new Context(CommandService.class);
		try {
			LegacyBridge.install(context);
			Recorder.ran.clear();
			for (String command : pluginsConfigCommands().keySet())
				LegacyBridge.register(command, Recorder.class.getName() + "(\"" + command + "\")");
			Program program = new Tokenizer().tokenize(InstallToolset.toolset());
			int[] code = program.getCode();
			List<String> ran = new ArrayList<>();
			for (int i = 0; i < code.length; i++)
				if ((code[i] & MacroConstants.TOK_MASK) == MacroConstants.MACRO) {
					String name = program.getSymbolTable()[code[i + 1] >> MacroConstants.TOK_SHIFT].str;
					new Interpreter().runMacro(program, i + 2, name);
					ran.add(name.substring(0, name.indexOf(" Action Tool")));
				}
			assertEquals(8, ran.size(), ran.toString());
			List<String> commands = new ArrayList<>(LegacyBridge.dialogs());
			commands.addAll(Recorder.ran);
			assertEquals(new TreeSet<>(ran), new TreeSet<>(commands), "each tool ran its command, without options " +
				"(Fiji opens the dialog)");
			assertEquals(List.of(), LegacyBridge.calls());
		}
		finally {
			context.dispose();
		}
	}

	@Test
	void installingHeadlessSaysWhereTheCommandsAre() throws IOException {
		// without a display IJ.log prints to the standard output
		java.io.PrintStream stdout = System.out;
		java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
		System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
		try {
			new InstallToolset().run("");
		}
		finally {
			System.setOut(stdout);
		}
		String said = printed.toString(java.nio.charset.StandardCharsets.UTF_8).trim();
		int tools = InstallToolset.actionTools(InstallToolset.toolset()).size();
		assertEquals("ReviveGAN: the toolset has " + tools + " tools, but there is no toolbar without a display; the " +
			"commands are in Plugins > ReviveGAN.", said);
		assertEquals(8, tools);
	}
}
