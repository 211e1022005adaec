package org.revivegan.fiji.commands;

import static org.junit.jupiter.api.Assertions.*;

import ij.ImagePlus;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.macro.Interpreter;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;

import java.awt.Color;
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
import org.revivegan.fiji.HeadlessRoiManager;
import org.revivegan.fiji.ProvenanceImages;
import org.revivegan.testing.TinyModels;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * Colorize with colour hints: through the macro keys (MacroOptions), and through a real IJ1 macro that puts
 * coloured point ROIs into the ROI Manager ({@link HeadlessRoiManager}, since IJ1's is a window) and calls the
 * command by name ({@link LegacyBridge}).
 */
class ColorHintsCommandsTest {

	private static final int W = 48, H = 40;

	@TempDir
	static Path dir;

	private static Context context;
	private static Path colorizeModel;

	@BeforeAll
	static void setUp() throws IOException {
		context = new Context(CommandService.class);
		colorizeModel = TinyModels.save(Task.COLORIZE, dir.resolve("colorize model.zip"));
	}

	@AfterAll
	static void tearDown() {
		context.dispose();
	}

	@AfterEach
	void cleanUp() {
		HeadlessRoiManager.uninstall();
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

	private static CommandModule colorize(ImagePlus image, String macro) throws Exception {
		return colorize(image, macro, null);
	}

	/** @param reference the reference image input, as Fiji gives {@code reference=[title]} */
	private static CommandModule colorize(ImagePlus image, String macro, ImagePlus reference) throws Exception {
		Map<String, Object> inputs = new LinkedHashMap<>(MacroOptions.toInputs(Colorize.class, macro));
		inputs.put("image", image);
		if (reference != null) inputs.put("reference", reference);
		return context.service(CommandService.class).run(Colorize.class, true, inputs).get();
	}

	private static int[] pixels(CommandModule m) {
		assertFalse(m.isCanceled(), m.getCancelReason());
		return (int[]) ((ImagePlus) m.getOutput("result")).getProcessor().getPixels();
	}

	@Test
	void selectionHintsChangeTheResultAndAreRecorded() throws Exception {
		String options = "model=[" + colorizeModel + "] size=64";
		int[] automatic = pixels(colorize(gray("old.tif"), options + " hints=none"));
		ImagePlus hinted = gray("old.tif");
		PointRoi points = new PointRoi(new int[] { 10, 30, 40 }, new int[] { 10, 20, 30 }, 3);
		points.setStrokeColor(Color.RED);
		hinted.setRoi(points);
		CommandModule m = colorize(hinted, options + " hints=selection radius=3");
		int[] guided = pixels(m);
		int differ = 0;
		for (int i = 0; i < guided.length; i++)
			if (guided[i] != automatic[i]) differ++;
		assertTrue(differ > 0, "hints reach the model: the result changes");
		ImagePlus result = (ImagePlus) m.getOutput("result");
		Provenance p = ProvenanceImages.read(result).orElseThrow();
		assertEquals(3L, p.parameters().get("hints"));
		assertEquals("selection", p.parameters().get("hintSource"));
		assertEquals(Boolean.TRUE, p.parameters().get("hintSpread"), "spread=edges unless the macro says otherwise");
		assertTrue(result.getInfoProperty().contains("hints"), result.getInfoProperty());

		// spread=none: the network's response alone, recorded; a misspelt choice cancels with what to write
		hinted.setRoi(points);
		CommandModule alone = colorize(hinted, options + " hints=selection radius=3 spread=none");
		int[] networkOnly = pixels(alone);
		assertFalse(java.util.Arrays.equals(guided, networkOnly));
		assertEquals(Boolean.FALSE, ProvenanceImages.read((ImagePlus) alone.getOutput("result")).orElseThrow()
			.parameters().get("hintSpread"));
		CommandModule wrong = colorize(hinted, options + " hints=selection spread=edge");
		assertTrue(wrong.isCanceled());
		assertTrue(wrong.getCancelReason().contains("spread=edges"), wrong.getCancelReason());
		CommandModule plain = colorize(gray("a.tif"), options);
		pixels(plain);
		assertNull(ProvenanceImages.read((ImagePlus) plain.getOutput("result")).orElseThrow().parameters().get("hints"),
			"no hints: the record is as before");
	}

	@Test
	void referenceImageColoursTheHintsAndIsRecorded() throws Exception {
		ColorProcessor cp = new ColorProcessor(W, H);
		cp.setColor(new Color(40, 90, 200));
		cp.fill();
		ImagePlus reference = new ImagePlus("colour reference", cp);
		ImagePlus imp = gray("old.tif");
		imp.setRoi(new Roi(5, 5, 10, 8)); // no colour of its own: the reference gives it
		CommandModule m = colorize(imp, "model=[" + colorizeModel + "] size=64 hints=selection",
			reference);
		pixels(m);
		assertEquals("selection, colours from reference 'colour reference'", ProvenanceImages.read((ImagePlus) m
			.getOutput("result")).orElseThrow().parameters().get("hintSource"));
	}

	@Test
	void aRoiWithoutColourCancelsWithWhatToDoUnlessForegroundIsAsked() throws Exception {
		ImagePlus imp = gray("old.tif");
		Roi plain = new Roi(5, 5, 10, 8);
		plain.setName("sky");
		imp.setRoi(plain);
		CommandModule m = colorize(imp, "model=[" + colorizeModel + "] size=64 hints=selection");
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().startsWith("ROI 'sky' has no colour"), m.getCancelReason());
		pixels(colorize(imp, "model=[" + colorizeModel + "] size=64 hints=selection foreground=true"));
		CommandModule none = colorize(gray("b.tif"), "model=[" + colorizeModel + "] hints=roi-manager");
		assertTrue(none.isCanceled());
		assertTrue(none.getCancelReason().contains("ROI Manager is empty"), none.getCancelReason());
	}

	@Test
	void aMacroAddsColouredPointsToTheRoiManagerAndColorizes() {
		HeadlessRoiManager.install();
		LegacyBridge.install(context);
		String macro = String.join("\n", //
			"setBatchMode(true);", //
			"newImage('old.tif', '8-bit ramp', " + W + ", " + H + ", 1);", //
			"makePoint(10, 12); Roi.setStrokeColor('red'); roiManager('add');", //
			"makeSelection('point', newArray(30, 40), newArray(20, 30)); Roi.setStrokeColor('#2060c0'); roiManager('add');", //
			"roiManager('deselect'); Roi.remove;", //
			"run('Colorize', 'image=old.tif hints=roi-manager radius=2 model=[" + colorizeModel + "] size=64');", //
			"title = getTitle();", //
			"info = getMetadata('Info');", //
			"n = roiManager('count');", //
			"close('*');", //
			"return title + '|' + n + '|' + info;");
		Interpreter interpreter = new Interpreter();
		interpreter.setIgnoreErrors(true);
		String result = interpreter.run(macro, "");
		assertNull(interpreter.getErrorMessage(), "macro error");
		assertEquals(List.of(), LegacyBridge.cancelled());
		assertEquals(1, LegacyBridge.calls().size(), LegacyBridge.calls().toString());
		String[] parts = result.split("\\|", 3);
		assertEquals("old-colorized", parts[0], "the result became the current image");
		assertEquals("2", parts[1]);
		assertTrue(parts[2].contains("hints: 3") || parts[2].contains("hints = 3") || parts[2].matches("(?s).*hints\\W+3.*"),
			"one red point and two blue ones: " + parts[2]);
		assertTrue(parts[2].contains("roi-manager"), parts[2]);
	}
}
