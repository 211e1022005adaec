package org.revivegan.fiji.commands;

import static org.junit.jupiter.api.Assertions.*;

import ij.ImagePlus;
import ij.macro.Interpreter;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.model.Task;
import org.revivegan.core.provenance.Provenance;
import org.revivegan.fiji.ProvenanceImages;
import org.revivegan.testing.TinyModels;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * Colorize's and Restore Photo's vividness and palette photo: through the macro keys ({@link MacroOptions}) and a
 * real IJ1 macro ({@link LegacyBridge}).
 */
class ColourSettingsCommandsTest {

	private static final int W = 48, H = 40;

	@TempDir
	static Path dir;

	private static Context context;
	private static Path colorizeModel, inpaintModel;

	@BeforeAll
	static void setUp() throws IOException {
		context = new Context(CommandService.class);
		colorizeModel = TinyModels.save(Task.COLORIZE, dir.resolve("colorize model.zip"));
		inpaintModel = TinyModels.save(Task.INPAINT, dir.resolve("inpaint model.zip"));
	}

	@AfterAll
	static void tearDown() {
		context.dispose();
	}

	@AfterEach
	void cleanUp() {
		int[] ids = ij.WindowManager.getIDList();
		if (ids != null) for (int id : ids)
			ij.WindowManager.getImage(id).close();
		Interpreter.batchMode = false;
	}

	private static ImagePlus gray(String title) {
		ByteProcessor bp = new ByteProcessor(W, H);
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++)
				bp.set(x, y, 40 + (x * 3 + y * 2) % 170);
		return new ImagePlus(title, bp);
	}

	private static ImagePlus colourPhoto(String title) {
		ColorProcessor cp = new ColorProcessor(W, H);
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++)
				cp.set(x, y, y < H / 2 ? (230 << 16) | (150 + x << 8) | 60 : (20 << 16) | (90 << 8) | (100 + x));
		return new ImagePlus(title, cp);
	}

	private static CommandModule run(Class<? extends org.scijava.command.Command> command, ImagePlus image,
		String macro, ImagePlus palette) throws Exception
	{
		Map<String, Object> inputs = new LinkedHashMap<>(MacroOptions.toInputs(command, macro));
		inputs.put("image", image);
		if (palette != null) inputs.put("palette", palette);
		return context.service(CommandService.class).run(command, true, inputs).get();
	}

	private static double meanChroma(CommandModule m) {
		assertFalse(m.isCanceled(), m.getCancelReason());
		int[] px = (int[]) ((ImagePlus) m.getOutput("result")).getProcessor().getPixels();
		double s = 0;
		for (int p : px) {
			float[] lab = org.revivegan.core.color.Lab.rgbToLab(((p >> 16) & 0xff) / 255f, ((p >> 8) & 0xff) / 255f, (p &
				0xff) / 255f);
			s += Math.hypot(lab[1], lab[2]);
		}
		return s / px.length;
	}

	private static Provenance provenance(CommandModule m) {
		return ProvenanceImages.read((ImagePlus) m.getOutput("result")).orElseThrow();
	}

	@Test
	void vividnessAndPaletteChangeTheColoursAndAreRecorded() throws Exception {
		String options = "model=[" + colorizeModel + "] size=64";
		CommandModule plain = run(Colorize.class, gray("old.tif"), options, null);
		CommandModule vivid = run(Colorize.class, gray("old.tif"), options + " vividness=3", null);
		assertTrue(meanChroma(vivid) > 1.5 * meanChroma(plain), meanChroma(plain) + " -> " + meanChroma(vivid));
		assertEquals(1.0, provenance(plain).parameters().get("vividness"));
		assertEquals(3.0, provenance(vivid).parameters().get("vividness"));

		ImagePlus palette = colourPhoto("same place today");
		CommandModule steered = run(Colorize.class, gray("old.tif"), options, palette);
		assertTrue(meanChroma(steered) > 2 * meanChroma(plain), meanChroma(plain) + " -> " + meanChroma(steered));
		Provenance p = provenance(steered);
		assertEquals("same place today", p.parameters().get("palette"));
		assertEquals(org.revivegan.core.color.ColorReference.of(org.revivegan.fiji.ImagePlusImages.wrap(
			(ColorProcessor) palette.getProcessor()), 255).pixelSha256(), p.parameters().get("paletteSha256"));

		ImagePlus scan = gray("scan.tif");
		scan.setRoi(new ij.gui.Roi(5, 5, 8, 4));
		CommandModule restored = run(RestorePhoto.class, scan, "mask=selection inpaint=[" + inpaintModel +
			"] colorize=[" + colorizeModel + "] size=64 vividness=2", palette);
		assertFalse(restored.isCanceled(), restored.getCancelReason());
		assertEquals(2.0, provenance(restored).parameters().get("vividness"));
		assertEquals("same place today", provenance(restored).parameters().get("palette"));
	}

	@Test
	void aGrayPaletteOrAVividnessOutOfRangeCancelsWithWhatToDo() throws Exception {
		String options = "model=[" + colorizeModel + "] size=64";
		CommandModule grayPalette = run(Colorize.class, gray("old.tif"), options, gray("another gray"));
		assertTrue(grayPalette.isCanceled());
		assertTrue(grayPalette.getCancelReason().contains("'another gray' is not an RGB colour image"), grayPalette
			.getCancelReason());
		ImagePlus grayRgb = gray("gray rgb");
		grayRgb.setProcessor(grayRgb.getProcessor().convertToRGB());
		CommandModule noColour = run(Colorize.class, gray("old.tif"), options, grayRgb);
		assertTrue(noColour.isCanceled());
		assertTrue(noColour.getCancelReason().contains("has no colour"), noColour.getCancelReason());
		CommandModule tooVivid = run(Colorize.class, gray("old.tif"), options + " vividness=-1", null);
		assertTrue(tooVivid.isCanceled());
		assertTrue(tooVivid.getCancelReason().contains("vividness=-1.0 is out of range"), tooVivid.getCancelReason());
	}

	@Test
	void aMacroGivesTheVividnessAndThePaletteByTitle() {
		LegacyBridge.install(context);
		String macro = String.join("\n", //
			"setBatchMode(true);", //
			"newImage('palette.png', 'RGB black', " + W + ", " + H + ", 1);", //
			"setColor(200, 60, 40); fillRect(0, 0, 24, " + H + "); setColor(40, 90, 200); fillRect(24, 0, 24, " + H + ");", //
			"newImage('old.tif', '8-bit ramp', " + W + ", " + H + ", 1);", //
			"run('Colorize', 'image=old.tif palette=palette.png vividness=1.5 model=[" + colorizeModel + "] size=64');", //
			"title = getTitle();", //
			"info = getMetadata('Info');", //
			"close('*');", //
			"return title + '|' + info;");
		Interpreter interpreter = new Interpreter();
		interpreter.setIgnoreErrors(true);
		String result = interpreter.run(macro, "");
		assertNull(interpreter.getErrorMessage(), "macro error");
		assertEquals(List.of(), LegacyBridge.cancelled());
		String[] parts = result.split("\\|", 2);
		assertEquals("old-colorized", parts[0]);
		assertTrue(parts[1].matches("(?s).*vividness\\W+1\\.5.*"), parts[1]);
		assertTrue(parts[1].contains("palette.png"), parts[1]);
	}
}
