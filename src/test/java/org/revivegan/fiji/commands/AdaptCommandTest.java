package org.revivegan.fiji.commands;

import static org.junit.jupiter.api.Assertions.*;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.process.ColorProcessor;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.model.Task;
import org.revivegan.testing.TinyModels;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/** {@code adapt=} of Inpaint Damage and Restore Photo, from a macro option string. */
class AdaptCommandTest {

	@TempDir
	static Path dir;

	private static Context context;
	private static Path model;

	@BeforeAll
	static void setUp() throws Exception {
		context = new Context(CommandService.class);
		model = TinyModels.save(Task.INPAINT, dir.resolve("tiny inpaint.zip"));
	}

	@AfterAll
	static void tearDown() {
		context.dispose();
	}

	private static ImagePlus photo() {
		ColorProcessor cp = new ColorProcessor(96, 80);
		int[] px = (int[]) cp.getPixels();
		for (int y = 0; y < 80; y++)
			for (int x = 0; x < 96; x++) {
				int r = (int) (127 + 100 * Math.sin(0.1 * x)), g = (int) (127 + 100 * Math.sin(0.07 * y)), b = (x * y) % 256;
				px[x + 96 * y] = 0xff000000 | r << 16 | g << 8 | b;
			}
		ImagePlus imp = new ImagePlus("photo.png", cp);
		imp.setRoi(new Roi(30, 20, 16, 16));
		return imp;
	}

	private static CommandModule run(Class<? extends org.scijava.command.Command> c, String macro) throws Exception {
		Map<String, Object> inputs = new LinkedHashMap<>(MacroOptions.toInputs(c, macro));
		inputs.put("image", photo());
		return context.service(CommandService.class).run(c, true, inputs).get();
	}

	@Test
	void inpaintDamageAdaptsAndRecordsItOnlyWhenAsked() throws Exception {
		CommandModule adapted = run(InpaintDamage.class, "mask=selection model=[" + model + "] adapt=1");
		assertFalse(adapted.isCanceled(), adapted.getCancelReason());
		String info = ((ImagePlus) adapted.getOutput("result")).getInfoProperty();
		assertTrue(info.contains("adaptSeconds: 1.0"), info);
		assertTrue(info.matches("(?s).*adaptSteps: [1-9][0-9]*.*"), info);

		CommandModule plain = run(InpaintDamage.class, "mask=selection model=[" + model + "]");
		assertFalse(plain.isCanceled(), plain.getCancelReason());
		assertFalse(((ImagePlus) plain.getOutput("result")).getInfoProperty().contains("adapt"), "off by default");
		// the adapted model fills differently from the plain one, and both keep the pixels outside the mask
		int[] a = (int[]) ((ImagePlus) adapted.getOutput("result")).getProcessor().getPixels();
		int[] p = (int[]) ((ImagePlus) plain.getOutput("result")).getProcessor().getPixels();
		int[] in = (int[]) photo().getProcessor().getPixels();
		int differ = 0;
		for (int y = 0; y < 80; y++)
			for (int x = 0; x < 96; x++) {
				int i = x + 96 * y;
				boolean inside = x >= 30 && x < 46 && y >= 20 && y < 36;
				if (!inside) assertEquals(in[i], a[i], "kept at " + x + "," + y);
				else if (a[i] != p[i]) differ++;
			}
		assertTrue(differ > 0, "adaptation changed the fill");
	}

	@Test
	void restorePhotoTakesAdaptToo() throws Exception {
		CommandModule m = run(RestorePhoto.class, "mask=selection inpaint=[" + model + "] adapt=1");
		assertFalse(m.isCanceled(), m.getCancelReason());
		assertTrue(((ImagePlus) m.getOutput("result")).getInfoProperty().contains("adaptSeconds: 1.0"));
	}
}
