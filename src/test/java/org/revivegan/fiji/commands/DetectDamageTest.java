package org.revivegan.fiji.commands;

import static org.junit.jupiter.api.Assertions.*;

import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;
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
import org.revivegan.core.util.Rng;
import org.revivegan.fiji.DamageMasks;
import org.revivegan.mask.DamageMask;
import org.revivegan.testing.DetectionModels;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * Detect Damage headless, with inputs as a macro's option string gives them: each output mode, the input never
 * modified, and a real IJ1 macro through the legacy bridge. The flat model says 0.5 everywhere, so threshold 0.4
 * marks every pixel and 0.6 none.
 */
class DetectDamageTest {

	@TempDir
	static Path dir;

	private static Context context;
	private static Path model;

	@BeforeAll
	static void setUp() throws IOException {
		context = new Context(CommandService.class);
		model = DetectionModels.saveFlat(dir.resolve("detect model.zip"));
	}

	@AfterAll
	static void tearDown() {
		context.dispose();
	}

	@AfterEach
	void closeLeftovers() {
		int[] ids = WindowManager.getIDList();
		if (ids != null) for (int id : ids)
			WindowManager.getImage(id).close();
		Interpreter.batchMode = false;
	}

	private static ImagePlus photo() {
		ColorProcessor cp = new ColorProcessor(40, 30);
		Rng rng = new Rng(4);
		int[] px = (int[]) cp.getPixels();
		for (int i = 0; i < px.length; i++)
			px[i] = 0xff000000 | rng.nextInt(1 << 24);
		return new ImagePlus("photo.png", cp);
	}

	private static CommandModule run(ImagePlus image, String macro) throws Exception {
		Map<String, Object> inputs = new LinkedHashMap<>(MacroOptions.toInputs(DetectDamage.class, macro));
		inputs.put("image", image);
		return context.service(CommandService.class).run(DetectDamage.class, true, inputs).get();
	}

	@Test
	void theMacroKeysAreTheParameters() {
		assertEquals(List.of("image", "model", "threshold", "minsize", "output"), List.copyOf(MacroOptions.inputs(
			DetectDamage.class).keySet()).subList(0, 5));
	}

	@Test
	void brushPutsTheProposalIntoTheDamageMaskAsOneUndoableStep() throws Exception {
		ImagePlus imp = photo();
		int[] before = ((int[]) imp.getProcessor().getPixels()).clone();
		CommandModule m = run(imp, "model=[" + model + "] threshold=0.4 minsize=0 output=brush");
		assertFalse(m.isCanceled(), m.getCancelReason());
		DamageMask mask = DamageMasks.find(imp).orElseThrow();
		assertEquals(40L * 30, mask.count());
		assertArrayEquals(before, (int[]) imp.getProcessor().getPixels(), "the image is not modified");
		assertNull(m.getOutput("result"));
		assertTrue(mask.canUndo());
		// a higher threshold replaces the proposal; Inpaint Damage then finds no painted damage
		assertFalse(run(imp, "model=[" + model + "] threshold=0.6 output=brush").isCanceled());
		assertTrue(DamageMasks.find(imp).isEmpty());
		assertTrue(DamageMasks.undo(imp), "undo brings the first proposal back");
		assertEquals(40L * 30, DamageMasks.find(imp).orElseThrow().count());
	}

	@Test
	void selectionAndMaskImageOutputs() throws Exception {
		ImagePlus imp = photo();
		CommandModule m = run(imp, "model=[" + model + "] threshold=0.4 output=selection");
		assertFalse(m.isCanceled(), m.getCancelReason());
		assertNotNull(imp.getRoi());
		assertEquals(new java.awt.Rectangle(0, 0, 40, 30), imp.getRoi().getBounds());
		assertTrue(DamageMasks.find(imp).isEmpty(), "the brush mask is untouched");
		assertFalse(run(imp, "model=[" + model + "] threshold=0.6 output=selection").isCanceled());
		assertNull(imp.getRoi(), "nothing found: no selection");

		CommandModule mi = run(imp, "model=[" + model + "] threshold=0.4 output=mask-image");
		assertFalse(mi.isCanceled(), mi.getCancelReason());
		ImagePlus result = (ImagePlus) mi.getOutput("result");
		assertEquals("photo-damage", result.getTitle());
		assertEquals(8, result.getBitDepth());
		for (byte b : (byte[]) result.getProcessor().getPixels())
			assertEquals((byte) 255, b);
		assertTrue(result.getInfoProperty().contains("model sha256: "), result.getInfoProperty());
	}

	@Test
	void badInputCancelsWithAReason() throws Exception {
		CommandModule byDefault = run(photo(), "model=[default] output=mask-image");
		if (org.revivegan.core.model.DefaultModels.available(org.revivegan.core.model.Task.DETECT))
			assertFalse(byDefault.isCanceled(), byDefault.getCancelReason()); // the shipped detector
		else assertTrue(byDefault.getCancelReason().contains("no default detect model"), byDefault.getCancelReason());
		CommandModule badOutput = run(photo(), "model=[" + model + "] output=overlay");
		assertTrue(badOutput.isCanceled());
		assertTrue(badOutput.getCancelReason().contains("brush, selection or mask-image"), badOutput.getCancelReason());
		CommandModule badThreshold = run(photo(), "model=[" + model + "] threshold=2");
		assertTrue(badThreshold.isCanceled());
	}

	@Test
	void aMacroDetectsThenInpaintsThePaintedMask() throws Exception {
		LegacyBridge.install(context);
		LegacyBridge.register("Detect Damage", LegacyBridge.Forward.class.getName() + "(\"" + DetectDamage.class
			.getName() + "\")");
		Path inpaint = org.revivegan.testing.TinyModels.save(org.revivegan.core.model.Task.INPAINT, dir.resolve(
			"inpaint.zip"));
		ImagePlus imp = photo();
		Interpreter.batchMode = true;
		imp.show();
		Interpreter interpreter = new Interpreter();
		interpreter.setIgnoreErrors(true);
		interpreter.run("run(\"Detect Damage\", \"model=[" + model + "] threshold=0.6 output=mask-image\");\n" +
			"rename(\"proposal\");\n" +
			"selectImage(\"photo.png\");\n" +
			"run(\"Detect Damage\", \"model=[" + model + "] threshold=0.4 minsize=2 output=brush\");\n" +
			"run(\"Inpaint Damage\", \"mask=brush model=[" + inpaint + "]\");\n", "");
		assertNull(interpreter.getErrorMessage());
		assertEquals(List.of(), LegacyBridge.cancelled());
		assertEquals(3, LegacyBridge.calls().size(), LegacyBridge.calls().toString());
		assertNotNull(WindowManager.getImage("proposal"));
		ImagePlus restored = WindowManager.getImage("photo-restored");
		assertNotNull(restored, "Inpaint Damage used the proposed mask");
		assertTrue(restored.getInfoProperty().contains("mask: brush"), restored.getInfoProperty());
	}
}
