package org.revivegan.fiji.commands;

import static org.junit.jupiter.api.Assertions.*;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Overlay;
import ij.macro.Interpreter;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.util.Rng;
import org.revivegan.testing.TinyModels;
import org.scijava.Context;
import org.scijava.command.CommandService;

/**
 * The folder macros of macros/ run in the IJ1 macro interpreter, headless, with their documented argument
 * strings, calling the ReviveGAN commands through {@link LegacyBridge} (the stand-in for imagej-legacy), on tiny
 * photos in a temporary folder and tiny untrained models.
 */
class FolderMacrosTest {

	private static final int W = 40, H = 32;

	@TempDir
	static Path dir;

	private static Context context;
	private static Path inpaintModel, colorizeModel;

	@BeforeAll
	static void setUp() throws IOException {
		context = new Context(CommandService.class);
		inpaintModel = TinyModels.save(Task.INPAINT, dir.resolve("models/inpaint model.zip"));
		colorizeModel = TinyModels.save(Task.COLORIZE, dir.resolve("models/colorize model.zip"));
	}

	@AfterAll
	static void tearDown() {
		context.dispose();
	}

	@BeforeEach
	void bridge() {
		LegacyBridge.install(context);
	}

	/** Closes what a failed macro left open, so that one failure does not fail the next test too. */
	@AfterEach
	void closeLeftovers() {
		int[] ids = ij.WindowManager.getIDList();
		if (ids != null) for (int id : ids)
			ij.WindowManager.getImage(id).close();
		Interpreter.batchMode = false;
	}

	/** Runs a macro file as {@code IJ.runMacroFile} does, but with its error message kept (no dialog headless). */
	private static String runMacro(String file, String argument) throws IOException {
		Interpreter interpreter = new Interpreter();
		interpreter.setIgnoreErrors(true);
		String result = interpreter.run(Files.readString(Paths.get("macros", file)), argument);
		assertNull(interpreter.getErrorMessage(), file + ": macro error");
		assertNotEquals("[aborted]", result, file + " was aborted; cancelled: " + LegacyBridge.cancelled());
		assertEquals(List.of(), LegacyBridge.cancelled(), "no command was cancelled");
		assertEquals(0, ij.WindowManager.getImageCount(), "the macro closed the images it opened");
		return result;
	}

	private static ColorProcessor colourPhoto(long seed) {
		ColorProcessor cp = new ColorProcessor(W, H);
		Rng rng = new Rng(seed);
		int[] px = (int[]) cp.getPixels();
		for (int i = 0; i < px.length; i++)
			px[i] = 0xff000000 | rng.nextInt(1 << 24);
		return cp;
	}

	private static ByteProcessor grayPhoto() {
		ByteProcessor bp = new ByteProcessor(W, H);
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++)
				bp.set(x, y, 30 + (x * 5 + y * 3) % 190);
		return bp;
	}

	/** Saves a PNG with IJ1's FileSaver (IJ.saveAs runs menu commands, which the bridge's command table lacks). */
	private static void png(ImagePlus imp, Path file) {
		assertTrue(new ij.io.FileSaver(imp).saveAsPng(file.toString()), file.toString());
	}

	private static void tiff(ImagePlus imp, Path file) {
		assertTrue(new ij.io.FileSaver(imp).saveAsTiff(file.toString()), file.toString());
	}

	/** A mask file: 255 in the rectangle, 0 elsewhere. */
	private static void saveMask(Path file, Roi rect) {
		ByteProcessor m = new ByteProcessor(W, H);
		m.setRoi(rect);
		m.setValue(255);
		m.fill();
		png(new ImagePlus("mask", m), file);
	}

	private static boolean near(Roi r, int x, int y, int margin) {
		java.awt.Rectangle b = r.getBounds();
		return x >= b.x - margin && x < b.x + b.width + margin && y >= b.y - margin && y < b.y + b.height + margin;
	}

	@Test
	void restoreFolderInpaintsWithMaskFilesNanAndOverlaysAndSkipsUndamagedPhotos() throws IOException {
		Path in = Files.createDirectories(dir.resolve("restore in")), out = dir.resolve("restore out");
		Roi damage = new Roi(8, 10, 14, 6);
		ColorProcessor colour = colourPhoto(1);
		png(new ImagePlus("a", colour), in.resolve("a.png"));
		saveMask(in.resolve("a-mask.png"), damage);
		FloatProcessor fp = grayPhoto().convertToFloatProcessor();
		for (int y = 20; y < 26; y++)
			for (int x = 4; x < 30; x++)
				fp.setf(x, y, Float.NaN);
		tiff(new ImagePlus("f", fp), in.resolve("f.tif"));
		ImagePlus withOverlay = new ImagePlus("o", grayPhoto());
		withOverlay.setOverlay(new Overlay(new Roi(20, 4, 10, 8)));
		tiff(withOverlay, in.resolve("o.tif"));
		png(new ImagePlus("n", colourPhoto(2)), in.resolve("n.png")); // no damage

		runMacro("Restore_Folder.ijm", "input=[" + in + "] output=[" + out + "] inpaint=[" + inpaintModel +
			"] dilate=1");

		assertEquals(List.of("a-restored.tif", "f-restored.tif", "o-restored.tif"), list(out),
			"n.png has no damage and is not coloured: skipped");
		assertEquals(3, LegacyBridge.calls().size(), LegacyBridge.calls().toString());
		assertTrue(LegacyBridge.calls().get(0).matches("Inpaint Damage: image=\\[a.png\\] mask=mask-image " +
			"maskimage=\\[a-mask.png\\] model=\\[.*inpaint model.zip\\] dilate=1"), LegacyBridge.calls().get(0));

		ImagePlus a = IJ.openImage(out.resolve("a-restored.tif").toString());
		assertEquals(24, a.getBitDepth());
		assertEquals(W, a.getWidth());
		assertEquals(H, a.getHeight());
		int[] before = (int[]) colour.getPixels(), after = (int[]) a.getProcessor().getPixels();
		int changed = 0;
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++) {
				int i = x + W * y;
				if (!near(damage, x, y, 2)) assertEquals(before[i], after[i], "kept at " + x + "," + y);
				else if (near(damage, x, y, 0) && before[i] != after[i]) changed++;
			}
		assertTrue(changed > 14 * 6 / 2, "inpainted " + changed);

		ImagePlus f = IJ.openImage(out.resolve("f-restored.tif").toString());
		assertEquals(32, f.getBitDepth());
		float[] fa = (float[]) f.getProcessor().getPixels(), fb = (float[]) fp.getPixels();
		for (int i = 0; i < fa.length; i++) {
			if (Float.isNaN(fb[i])) assertTrue(Float.isFinite(fa[i]), "NaN pixel " + i + " filled");
			else if (i / W < 18 || i / W > 27) assertEquals(fb[i], fa[i], "kept at " + i);
		}

		ImagePlus o = IJ.openImage(out.resolve("o-restored.tif").toString());
		assertEquals(8, o.getBitDepth());
		byte[] ob = (byte[]) o.getProcessor().getPixels(), gb = (byte[]) grayPhoto().getPixels();
		int changedInOverlay = 0;
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++) {
				Roi r = new Roi(20, 4, 10, 8);
				if (!near(r, x, y, 2)) assertEquals(gb[x + W * y], ob[x + W * y], "kept at " + x + "," + y);
				else if (near(r, x, y, 0) && gb[x + W * y] != ob[x + W * y]) changedInOverlay++;
			}
		assertTrue(changedInOverlay > 20, "inpainted in the overlay: " + changedInOverlay);
	}

	@Test
	void restoreFolderColoursGrayPhotosOnlyWithAColourisationModel() throws IOException {
		Path in = Files.createDirectories(dir.resolve("restore colour in")), out = dir.resolve("restore colour out");
		png(new ImagePlus("g", grayPhoto()), in.resolve("g.png"));
		saveMask(in.resolve("g-mask.png"), new Roi(5, 5, 10, 5));
		ColorProcessor colour = colourPhoto(3);
		png(new ImagePlus("c", colour), in.resolve("c.png"));
		saveMask(in.resolve("c-mask.png"), new Roi(5, 5, 10, 5));
		png(new ImagePlus("u", grayPhoto()), in.resolve("u.png")); // gray, undamaged

		runMacro("Restore_Folder.ijm", "input=[" + in + "] output=[" + out + "] inpaint=[" + inpaintModel +
			"] colorize=[" + colorizeModel + "] size=64");

		assertEquals(List.of("c-restored.tif", "g-restored.tif", "u-restored.tif"), list(out));
		List<String> calls = LegacyBridge.calls();
		assertTrue(calls.get(0).startsWith("Inpaint Damage: image=[c.png]"), "a colour photo is only inpainted: " + calls);
		assertTrue(calls.get(1).startsWith("Restore Photo: image=[g.png]"), calls.toString());
		assertTrue(calls.get(2).startsWith("Colorize: image=[u.png]"), calls.toString());
		ImagePlus g = IJ.openImage(out.resolve("g-restored.tif").toString());
		assertEquals(24, g.getBitDepth(), "coloured");
		assertEquals(W, g.getWidth());
		assertTrue(colouredPixels(g) > W * H / 8, "coloured pixels " + colouredPixels(g));
		ImagePlus c = IJ.openImage(out.resolve("c-restored.tif").toString());
		assertEquals(((int[]) colour.getPixels())[W * H - 1], ((int[]) c.getProcessor().getPixels())[W * H - 1],
			"a colour photo keeps its colours");
		assertEquals(24, IJ.openImage(out.resolve("u-restored.tif").toString()).getBitDepth());
	}

	/**
	 * Without size=, both folder macros pass size=0 on, so that the commands colour at the model's own working size
	 * (its metadata's), which the saved results' records say; a given size is passed on as it is.
	 */
	@Test
	void folderMacrosColourAtTheModelsOwnWorkingSizeUnlessGivenOne() throws IOException {
		int own = 56; // neither the old default 512, nor the tiny models' 40, nor the 64 given below
		Path model = TinyModels.saveColorize(own, dir.resolve("models/colorize model own size.zip"));
		Path in = Files.createDirectories(dir.resolve("own size in"));
		png(new ImagePlus("g", grayPhoto()), in.resolve("g.png"));
		saveMask(in.resolve("g-mask.png"), new Roi(5, 5, 10, 5));
		String[][] runs = { { "", "size=0", "" + own }, { " size=64", "size=64", "64" } };
		for (String[] r : runs) {
			// (no "size=" in a folder name: ij.Macro.getValue would find it inside the brackets)
			Path colorized = dir.resolve("own size colorized " + r[2]);
			Path restored = dir.resolve("own size restored " + r[2]);
			LegacyBridge.install(context); // a fresh list of calls
			runMacro("Colorize_Folder.ijm", "input=[" + in + "] output=[" + colorized + "] model=[" + model + "]" +
				r[0]);
			runMacro("Restore_Folder.ijm", "input=[" + in + "] output=[" + restored + "] inpaint=[" + inpaintModel +
				"] colorize=[" + model + "]" + r[0]);
			List<String> calls = LegacyBridge.calls();
			assertEquals(2, calls.size(), calls.toString());
			assertTrue(calls.get(0).startsWith("Colorize: ") && calls.get(0).endsWith(" " + r[1]), calls.get(0));
			assertTrue(calls.get(1).startsWith("Restore Photo: ") && calls.get(1).endsWith(" " + r[1]), calls.get(1));
			for (Path result : new Path[] { colorized.resolve("g-colorized.tif"), restored.resolve("g-restored.tif") })
				assertEquals(Long.parseLong(r[2]), org.revivegan.fiji.ProvenanceImages.read(IJ.openImage(result
					.toString())).orElseThrow().parameters().get("size"), result + r[0]);
		}
	}

	private static int colouredPixels(ImagePlus rgb) {
		int n = 0;
		for (int p : (int[]) rgb.getProcessor().getPixels()) {
			int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
			if (r != g || g != b) n++;
		}
		return n;
	}

	@Test
	void colorizeFolderColoursGrayPhotosAndSkipsColourOnes() throws IOException {
		Path in = Files.createDirectories(dir.resolve("colorize in")), out = dir.resolve("colorize out");
		png(new ImagePlus("g", grayPhoto()), in.resolve("g.png"));
		png(new ImagePlus("c", colourPhoto(4)), in.resolve("c.png"));

		runMacro("Colorize_Folder.ijm", "input=[" + in + "] output=[" + out + "] model=[" + colorizeModel +
			"] size=64");

		assertEquals(List.of("g-colorized.tif"), list(out));
		assertEquals(1, LegacyBridge.calls().size(), LegacyBridge.calls().toString());
		ImagePlus g = IJ.openImage(out.resolve("g-colorized.tif").toString());
		assertEquals(24, g.getBitDepth());
		assertEquals(W, g.getWidth());
		assertEquals(H, g.getHeight());
		assertTrue(colouredPixels(g) > W * H / 8, "coloured pixels " + colouredPixels(g));
	}

	@Test
	void trainFromFolderSavesAModelAndSplitsTheSteps() throws Exception {
		Path photos = Files.createDirectories(dir.resolve("train photos")), model = dir.resolve("trained/mine.zip");
		Files.createDirectories(model.getParent());
		for (int k = 0; k < 2; k++)
			png(new ImagePlus("p" + k, colourPhoto(10 + k)), photos.resolve("p" + k + ".png"));

		runMacro("Train_From_Folder.ijm", "folder=[" + photos + "] model=[" + model + "] steps=5 preset=tiny " +
			"crop=32 batch=2 seed=3");

		assertEquals(1, LegacyBridge.calls().size());
		assertTrue(LegacyBridge.calls().get(0).contains("l1steps=2 gansteps=3 seed=3 run=[" + dir.resolve(
			"trained/mine-run") + "] output=[" + model + "]"), LegacyBridge.calls().get(0));
		assertEquals(Task.INPAINT.id(), ModelFile.load(model, Task.INPAINT).metadata().task);
		assertTrue(Files.isDirectory(dir.resolve("trained/mine-run")), "the run folder keeps the checkpoint");
	}

	private static List<String> list(Path folder) throws IOException {
		try (java.util.stream.Stream<Path> s = Files.list(folder)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(java.util.stream.Collectors.toList());
		}
	}
}
