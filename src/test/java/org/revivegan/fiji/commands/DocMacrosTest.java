package org.revivegan.fiji.commands;

import static org.junit.jupiter.api.Assertions.*;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Roi;
import ij.macro.Interpreter;
import ij.process.ColorProcessor;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.model.Task;
import org.revivegan.testing.TinyModels;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * The short macros of the README and docs/*.md, through the stand-in for imagej-legacy ({@link LegacyBridge}),
 * which follows imagej-legacy's rule for the active image: it goes into the one unresolved auto-filled image input,
 * and a command with two such inputs gets none (in Fiji: a dialog, or a cancel headless). Each documented
 * {@code run("Command", "options")} line is resolved as Fiji would resolve it, with a photo open and active and
 * any image it names by title open: every key must be a parameter, every value convert, and every required image
 * input be filled. The README's block also runs for real, with tiny models; the other lines' commands run in the
 * other macro tests (DetectDamageTest, FolderMacrosTest, ColorHintsCommandsTest, ...).
 */
class DocMacrosTest {

	private static final Pattern RUN = Pattern.compile("run\\(\"([^\"]+)\",\\s*\"([^\"]*)\"\\)");

	private Context context;
	private final List<ImagePlus> opened = new ArrayList<>();

	@BeforeEach
	void setUp() {
		context = new Context();
		LegacyBridge.install(context);
		Interpreter.batchMode = true;
	}

	@AfterEach
	void tearDown() {
		for (ImagePlus imp : opened) {
			imp.changes = false;
			imp.close();
		}
		Interpreter.batchMode = false;
		context.dispose();
	}

	/** @return "file:line: run(...)" and the command label and options, of every ReviveGAN command call in the docs */
	static List<String[]> documentedCalls() throws IOException {
		List<Path> docs = new ArrayList<>(List.of(Paths.get("README.md")));
		try (Stream<Path> s = Files.list(Paths.get("docs"))) {
			docs.addAll(s.filter(p -> p.toString().endsWith(".md")).sorted().collect(Collectors.toList()));
		}
		List<String> labels = commands().stream().map(LegacyBridge::label).collect(Collectors.toList());
		List<String[]> calls = new ArrayList<>();
		for (Path doc : docs) {
			List<String> lines = Files.readAllLines(doc);
			for (int i = 0; i < lines.size(); i++) {
				Matcher m = RUN.matcher(lines.get(i));
				while (m.find())
					if (labels.contains(m.group(1)))
						calls.add(new String[] { doc + ":" + (i + 1) + ": " + m.group(), m.group(1), m.group(2) });
			}
		}
		return calls;
	}

	private static List<Class<? extends Command>> commands() {
		List<Class<? extends Command>> all = new ArrayList<>(LegacyBridge.COMMANDS);
		all.addAll(LegacyBridge.MORE_COMMANDS);
		return all;
	}

	private static Class<? extends Command> command(String label) {
		return commands().stream().filter(c -> LegacyBridge.label(c).equals(label)).findFirst().orElseThrow();
	}

	private ImagePlus open(String title) {
		ImagePlus imp = new ImagePlus(title, new ColorProcessor(16, 16));
		imp.show(); // batch mode: registered with WindowManager, becomes the current image
		opened.add(imp);
		return imp;
	}

	@Test
	void everyDocumentedMacroLineGetsItsImagesAsInFiji() throws Exception {
		List<String[]> calls = documentedCalls();
		assertTrue(calls.size() >= 8, "found the documented macro lines: " + calls.size());
		assertTrue(calls.stream().anyMatch(c -> c[0].startsWith("README.md")), "README's macros are among them");
		List<String> failures = new ArrayList<>();
		for (String[] call : calls) {
			Class<? extends Command> c = command(call[1]);
			Map<String, Field> keys = MacroOptions.inputs(c);
			Map<String, String> options = MacroOptions.parse(call[2]);
			for (Map.Entry<String, String> o : options.entrySet()) {
				Field f = keys.get(o.getKey());
				if (f != null && f.getType() == ImagePlus.class) open(o.getValue());
			}
			ImagePlus active = open("photo.png");
			try {
				Module module = LegacyBridge.prepare(c, call[2]);
				for (String image : List.of("image", "stack"))
					if (keys.containsKey(image) && !options.containsKey(image) && module.getInput(image) != active)
						failures.add(call[0] + ": the active image did not go into " + image);
			}
			catch (RuntimeException e) {
				failures.add(call[0] + ": " + e.getMessage());
			}
			for (ImagePlus imp : opened) {
				imp.changes = false;
				imp.close();
			}
			opened.clear();
		}
		assertEquals(List.of(), failures);
	}

	/**
	 * The README's macro block itself, run in the macro interpreter: with a photo active and a selection, without
	 * {@code image=}, Inpaint Damage restores the active photo and Colorize colours the result (the models are
	 * tiny ones, put where the lines name their model files).
	 */
	@Test
	void theReadmesMacroBlockRunsOnTheActiveImage(@TempDir Path dir) throws Exception {
		List<String> lines = documentedCalls().stream().filter(c -> c[0].startsWith("README.md:"))
			.map(c -> c[0].substring(c[0].indexOf(": ") + 2)).collect(Collectors.toList());
		assertEquals(2, lines.size(), lines.toString());
		Path inpaint = TinyModels.save(Task.INPAINT, dir.resolve("inpaint.zip"));
		Path colorize = TinyModels.save(Task.COLORIZE, dir.resolve("my colorize.zip"));
		String macro = String.join(";\n", lines).replace("[default]", "[" + inpaint + "]").replace("model=faithful",
			"model=[" + inpaint + "]")
			.replace("[/path/to/my colorize.zip]", "[" + colorize + "]") + ";\n";
		assertTrue(macro.contains(inpaint.toString()) && macro.contains(colorize.toString()), macro);

		ColorProcessor cp = new ColorProcessor(40, 30);
		int[] px = (int[]) cp.getPixels();
		for (int i = 0; i < px.length; i++)
			px[i] = 0xff000000 | ((int) (i * 2654435761L) & 0xffffff); // a fixed pseudo-random photo
		ImagePlus photo = open("photo.png");
		photo.setProcessor(cp);
		photo.setRoi(new Roi(10, 8, 6, 5));
		Interpreter interpreter = new Interpreter();
		interpreter.setIgnoreErrors(true);
		interpreter.run(macro, "");
		assertNull(interpreter.getErrorMessage(), macro);
		assertEquals(List.of(), LegacyBridge.unfilled());
		assertEquals(List.of(), LegacyBridge.cancelled());
		assertEquals(2, LegacyBridge.calls().size(), LegacyBridge.calls().toString());
		ImagePlus restored = WindowManager.getImage("photo-restored");
		assertNotNull(restored, "Inpaint Damage ran on the active photo");
		opened.add(restored);
		ImagePlus coloured = WindowManager.getImage("photo-restored-colorized");
		assertNotNull(coloured, "Colorize ran on the active image, the restored photo");
		opened.add(coloured);
	}

	@Test
	void theActiveImageFillsOnlyASingleAutoFilledImageInput() {
		ImagePlus active = open("photo.png");
		ModuleService modules = context.service(ModuleService.class);
		Module two = modules.createModule(new CommandInfo(TwoImages.class));
		LegacyBridge.fillActiveImage(modules, two);
		assertNull(two.getInput("first"), "two auto-filled image inputs: Fiji fills neither");
		assertEquals(List.of("first", "second"), LegacyBridge.unresolvedImages(two));

		Module named = modules.createModule(new CommandInfo(TwoImages.class));
		named.setInput("second", active);
		named.resolveInput("second");
		LegacyBridge.fillActiveImage(modules, named);
		assertSame(active, named.getInput("first"), "with one named, the other one is the single unresolved one");

		Module inpaint = modules.createModule(new CommandInfo(InpaintDamage.class));
		LegacyBridge.fillActiveImage(modules, inpaint);
		assertSame(active, inpaint.getInput("image"), "Inpaint Damage's maskimage is not auto-filled");
		assertNull(inpaint.getInput("maskimage"));
	}

	@Test
	void aMacroWithoutTheImageOfATwoImageCommandIsRefusedAsFijiWould() {
		open("photo.png");
		IllegalStateException e = assertThrows(IllegalStateException.class,
			() -> LegacyBridge.prepare(TwoImagesCommand.class, "size=3"));
		assertTrue(e.getMessage().contains("no image for [first, second]"), e.getMessage());
		assertTrue(e.getMessage().contains("first=[title]"), e.getMessage());
		assertEquals(1, LegacyBridge.unfilled().size());
	}

	@Test
	void secondaryImageInputsAreNotAutoFilled() {
		for (Class<? extends Command> c : commands()) {
			List<String> autoFilled = new ArrayList<>();
			for (org.scijava.module.ModuleItem<?> in : new CommandInfo(c).inputs())
				if (ImagePlus.class.isAssignableFrom(in.getType()) && in.isAutoFill()) autoFilled.add(in.getName());
			assertTrue(autoFilled.size() <= 1, c.getSimpleName() + " auto-fills " + autoFilled +
				": imagej-legacy would fill none of them from the active image");
		}
	}

	@Test
	void restorePhotoTakesForceAsTrueButRefusesTheBareIj1Flag() {
		open("photo.png");
		assertEquals(Boolean.TRUE, LegacyBridge.prepare(RestorePhoto.class, "mask=selection force=true").getInput("force"));
		assertEquals(Boolean.FALSE, LegacyBridge.prepare(RestorePhoto.class, "mask=selection").getInput("force"));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> LegacyBridge.prepare(RestorePhoto.class, "mask=selection force"));
		assertTrue(e.getMessage().contains("write force=true"), e.getMessage());
	}

	/** Two image inputs, both auto-filled (SciJava's default): Fiji cannot choose. */
	public static class TwoImages implements Command {
		@Parameter
		ImagePlus first;
		@Parameter
		ImagePlus second;
		@Parameter(required = false)
		int size = 1;

		@Override
		public void run() {}
	}

	/** The same, as a command that the CommandService knows (for {@link LegacyBridge#prepare}). */
	@Plugin(type = Command.class, menuPath = "Plugins>ReviveGAN Test>Two Images")
	public static class TwoImagesCommand extends TwoImages {}
}
