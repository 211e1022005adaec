package org.revivegan.fiji.commands;

import org.revivegan.testing.TinyModels;
import static org.junit.jupiter.api.Assertions.*;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ShortProcessor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.model.GeneratorSpec;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.ModelMetadata;
import org.revivegan.core.model.Task;
import org.revivegan.core.util.Rng;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/** The commands in a headless SciJava context with explicit inputs, as a macro would give them. */
class CommandsTest {

	@TempDir
	static Path dir;

	private static Context context;
	private static Path inpaintModel, colorizeModel;

	@BeforeAll
	static void setUp() throws IOException {
		context = new Context(CommandService.class);
		inpaintModel = save(Task.INPAINT);
		colorizeModel = save(Task.COLORIZE);
	}

	@AfterAll
	static void tearDown() {
		context.dispose();
	}

	private static Path save(Task task) throws IOException {
		return TinyModels.save(task, dir.resolve(task.id() + " model.zip")); // a space, as users' paths have
	}

	private static CommandModule run(Class<? extends org.scijava.command.Command> c, ImagePlus image, String macro)
		throws Exception
	{
		Map<String, Object> inputs = new LinkedHashMap<>(MacroOptions.toInputs(c, macro));
		inputs.put("image", image);
		return context.service(CommandService.class).run(c, true, inputs).get();
	}

	private static ImagePlus photo() {
		ColorProcessor cp = new ColorProcessor(64, 48);
		Rng rng = new Rng(2);
		int[] px = (int[]) cp.getPixels();
		for (int i = 0; i < px.length; i++)
			px[i] = 0xff000000 | rng.nextInt(1 << 24);
		return new ImagePlus("photo.png", cp);
	}

	@Test
	void inpaintDamageFromASelection() throws Exception {
		ImagePlus imp = photo();
		imp.setRoi(new Roi(10, 12, 20, 6));
		int[] before = ((int[]) imp.getProcessor().getPixels()).clone();
		CommandModule m = run(InpaintDamage.class, imp, "mask=selection model=[" + inpaintModel + "] dilate=1");
		assertFalse(m.isCanceled(), m.getCancelReason());
		ImagePlus result = (ImagePlus) m.getOutput("result");
		assertEquals("photo-restored", result.getTitle());
		assertArrayEquals(before, (int[]) imp.getProcessor().getPixels(), "the input is never modified");
		int[] after = (int[]) result.getProcessor().getPixels();
		int changed = 0;
		for (int y = 0; y < 48; y++)
			for (int x = 0; x < 64; x++) {
				boolean inMask = x >= 9 && x < 31 && y >= 11 && y < 19; // dilated by 1 (a disc: corners excluded)
				boolean far = x < 8 || x > 32 || y < 10 || y > 20;
				if (far) assertEquals(before[x + 64 * y], after[x + 64 * y], "kept at " + x + "," + y);
				if (inMask && before[x + 64 * y] != after[x + 64 * y]) changed++;
			}
		assertTrue(changed > 100, "synthesised " + changed);
		assertNotNull(result.getOverlay());
		assertEquals("ReviveGAN synthesised", result.getOverlay().get(0).getName());
		String info = result.getInfoProperty();
		assertTrue(Pattern.compile("model sha256: [0-9a-f]{64}").matcher(info).find(), info);
		assertTrue(info.contains("mask: selection\ndilate: 1"), info);
	}

	/**
	 * A result is a new, unsaved image: it carries no file of its own (File > Save asks for a name instead of
	 * writing over the photo it came from) and a title unlike the photo's file name, and the photo's file is
	 * untouched, for all three restoration commands.
	 */
	@Test
	void resultsNeverPointAtTheSourceFile() throws Exception {
		Path file = dir.resolve("scan.png");
		assertTrue(new ij.io.FileSaver(grayPhoto()).saveAsPng(file.toString()), "the photo was saved");
		byte[] bytes = java.nio.file.Files.readAllBytes(file);
		String[][] runs = { { "inpaint", "mask=selection model=[" + inpaintModel + "]" }, { "colorize", "model=[" +
			colorizeModel + "] size=64" }, { "restore", "mask=selection inpaint=[" + inpaintModel + "] colorize=[" +
				colorizeModel + "] size=64" } };
		for (String[] r : runs) {
			ImagePlus imp = ij.IJ.openImage(file.toString());
			assertNotNull(imp.getOriginalFileInfo(), "an opened photo knows its file");
			imp.setRoi(new Roi(10, 12, 20, 6));
			Class<? extends org.scijava.command.Command> c = r[0].equals("inpaint") ? InpaintDamage.class : r[0].equals(
				"colorize") ? Colorize.class : RestorePhoto.class;
			ImagePlus result = (ImagePlus) run(c, imp, r[1]).getOutput("result");
			assertNotSame(imp, result, r[0]);
			ij.io.FileInfo fi = result.getOriginalFileInfo();
			assertTrue(fi == null || fi.directory == null || fi.directory.isEmpty(), r[0] + ": the result has no file (" +
				(fi == null ? "" : fi.directory + fi.fileName) + ")");
			assertNotEquals("scan.png", result.getTitle(), r[0]);
			assertArrayEquals(bytes, java.nio.file.Files.readAllBytes(file), r[0] + ": the photo's file is unchanged");
		}
	}

	@Test
	void aParameterLeftOutHasItsDefaultWhateverAnEarlierRunSet() throws Exception {
		// SciJava would remember dilate=2 in the user's preferences and give it to the next run that omits it
		assertTrue(org.revivegan.testing.ForgetfulPrefService.isForgetful(context.service(
			org.scijava.prefs.PrefService.class)), "the test context remembers parameters");
		ImagePlus imp = photo();
		imp.setRoi(new Roi(10, 12, 20, 6));
		CommandModule first = run(InpaintDamage.class, imp, "mask=selection model=[" + inpaintModel + "] dilate=2");
		assertTrue(((ImagePlus) first.getOutput("result")).getInfoProperty().contains("dilate: 2"));
		imp.setRoi(new Roi(10, 12, 20, 6));
		CommandModule next = run(InpaintDamage.class, imp, "mask=selection model=[" + inpaintModel + "]");
		String info = ((ImagePlus) next.getOutput("result")).getInfoProperty();
		assertTrue(info.contains("dilate: 0"), info);
	}

	@Test
	void inpaintDamageUsesThePaintedMaskFirst() throws Exception {
		ImagePlus imp = photo();
		imp.setRoi(new Roi(0, 0, 5, 5)); // auto prefers the painted damage to the selection
		org.revivegan.mask.Brush brush = new org.revivegan.mask.Brush(org.revivegan.fiji.DamageMasks.forImage(imp));
		brush.setSize(5);
		brush.strokeBegin(40, 30);
		brush.strokeTo(55, 30);
		brush.strokeEnd();
		CommandModule m = run(InpaintDamage.class, imp, "mask=auto model=[" + inpaintModel + "]");
		assertFalse(m.isCanceled(), m.getCancelReason());
		ImagePlus result = (ImagePlus) m.getOutput("result");
		assertTrue(result.getInfoProperty().contains("mask: brush"), result.getInfoProperty());
		int[] a = (int[]) imp.getProcessor().getPixels(), b = (int[]) result.getProcessor().getPixels();
		assertEquals(a[2 + 64 * 2], b[2 + 64 * 2], "the selection was not used");
	}

	@Test
	void inpaintWithoutAMaskSaysWhatToDo() throws Exception {
		CommandModule m = run(InpaintDamage.class, photo(), "mask=auto model=[" + inpaintModel + "]");
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("draw a selection"), m.getCancelReason());
		CommandModule wrongModel = run(InpaintDamage.class, photo(), "mask=auto model=[" + colorizeModel + "]");
		assertTrue(wrongModel.getCancelReason().contains("not a inpaint model"), wrongModel.getCancelReason());
	}

	@Test
	void colorizeGivesRgbFor8BitAndA16BitCompositeFor16Bit() throws Exception {
		ByteProcessor gray = new ByteProcessor(50, 40);
		for (int i = 0; i < 2000; i++)
			gray.set(i % 50, i / 50, (i * 7) % 256);
		CommandModule m = run(Colorize.class, new ImagePlus("old.tif", gray), "model=[" + colorizeModel + "] size=64");
		assertFalse(m.isCanceled(), m.getCancelReason());
		ImagePlus rgb = (ImagePlus) m.getOutput("result");
		assertEquals(24, rgb.getBitDepth());
		assertEquals("old-colorized", rgb.getTitle());

		ShortProcessor sp = new ShortProcessor(50, 40);
		for (int i = 0; i < 2000; i++)
			sp.set(i % 50, i / 50, i * 30);
		ImagePlus r16 = (ImagePlus) run(Colorize.class, new ImagePlus("scan16", sp), "model=[" + colorizeModel + "]")
			.getOutput("result");
		assertEquals(16, r16.getBitDepth());
		assertEquals(3, r16.getNChannels());
	}

	private static ImagePlus grayPhoto() {
		ByteProcessor gray = new ByteProcessor(64, 48);
		for (int y = 0; y < 48; y++)
			for (int x = 0; x < 64; x++)
				gray.set(x, y, 30 + (x * 3 + y * 2 + ((x / 8 + y / 8) % 2) * 40) % 200);
		return new ImagePlus("old scan.tif", gray);
	}

	@Test
	void restorePhotoInpaintsThenColorizesAGrayPhoto() throws Exception {
		ImagePlus imp = grayPhoto();
		imp.setRoi(new Roi(10, 12, 20, 6));
		byte[] before = ((byte[]) imp.getProcessor().getPixels()).clone();
		CommandModule m = run(RestorePhoto.class, imp, "mask=selection dilate=1 inpaint=[" + inpaintModel +
			"] colorize=[" + colorizeModel + "] size=64");
		assertFalse(m.isCanceled(), m.getCancelReason());
		ImagePlus result = (ImagePlus) m.getOutput("result");
		assertEquals("old scan-restored", result.getTitle());
		assertEquals(24, result.getBitDepth());
		assertArrayEquals(before, (byte[]) imp.getProcessor().getPixels(), "the input is never modified");
		int[] rgb = (int[]) result.getProcessor().getPixels();
		double sumDiff = 0;
		int far = 0, coloured = 0, changedInMask = 0;
		for (int y = 0; y < 48; y++)
			for (int x = 0; x < 64; x++) {
				int i = x + 64 * y, p = rgb[i];
				float r = ((p >> 16) & 0xff) / 255f, g = ((p >> 8) & 0xff) / 255f, b = (p & 0xff) / 255f;
				float l = org.revivegan.core.color.Lab.rgbToLab(r, g, b)[0];
				float v = (before[i] & 0xff) / 255f, l0 = org.revivegan.core.color.Lab.rgbToLab(v, v, v)[0];
				if (r != g || g != b) coloured++;
				if (x < 8 || x > 32 || y < 10 || y > 20) { // far from the mask: the scan's own lightness
					assertEquals(l0, l, 4, "lightness at " + x + "," + y);
					sumDiff += Math.abs(l - l0);
					far++;
				}
				else if (x >= 10 && x < 30 && y >= 12 && y < 18 && Math.abs(l - l0) > 1) changedInMask++;
			}
		assertTrue(sumDiff / far < 1.5, "mean lightness change " + sumDiff / far);
		assertTrue(coloured > 64 * 48 / 8, "coloured pixels: " + coloured); // an untrained model: faint colours
		assertTrue(changedInMask > 40, "inpainted pixels: " + changedInMask);
		assertEquals("ReviveGAN synthesised", result.getOverlay().get(0).getName());
		String info = result.getInfoProperty();
		assertTrue(info.startsWith("ReviveGAN restoration: inpainting, then colourisation"), info);
		assertTrue(info.contains("inpaint model: tiny inpaint") && info.contains("colorize model: tiny colorize"), info);
	}

	@Test
	void restorePhotoKeepsTheColoursOfAColourPhotoUnlessForced() throws Exception {
		ImagePlus imp = photo();
		imp.setRoi(new Roi(10, 12, 20, 6));
		int[] before = ((int[]) imp.getProcessor().getPixels()).clone();
		String macro = "mask=selection dilate=0 inpaint=[" + inpaintModel + "] colorize=[" + colorizeModel + "] size=64";
		ImagePlus kept = (ImagePlus) run(RestorePhoto.class, imp, macro + " force=false").getOutput("result");
		assertEquals("photo-restored", kept.getTitle());
		int[] k = (int[]) kept.getProcessor().getPixels();
		assertEquals(before[0], k[0], "outside the damage, the colours are the photo's own; " + kept.getInfoProperty());
		assertEquals(before[63 + 64 * 47], k[63 + 64 * 47]);
		assertTrue(kept.getInfoProperty().contains("not recoloured"), kept.getInfoProperty());

		imp.setRoi(new Roi(10, 12, 20, 6));
		ImagePlus forced = (ImagePlus) run(RestorePhoto.class, imp, macro + " force=true").getOutput("result");
		int[] f = (int[]) forced.getProcessor().getPixels();
		int recoloured = 0;
		for (int i = 0; i < 64 * 8; i++) // the first rows, far from the damage
			if (f[i] != before[i]) recoloured++;
		assertTrue(recoloured > 64 * 4, "recoloured " + recoloured);
	}

	@Test
	void hasColourLooksForADifferenceBetweenChannels() {
		ColorProcessor cp = new ColorProcessor(4, 3);
		cp.setColor(new java.awt.Color(90, 90, 90));
		cp.fill();
		assertFalse(RestorePhoto.hasColour(new ImagePlus("gray rgb", cp)));
		cp.set(3, 2, 0xff5a5a5b);
		assertTrue(RestorePhoto.hasColour(new ImagePlus("one blue pixel", cp)));
		assertFalse(RestorePhoto.hasColour(grayPhoto()));
	}

	/** Two w x h RGB photos a.png and b.png in a new folder; pixel i (in flat order, per photo) has value(i, rng). */
	private static Path writePhotos(String folder, int w, int h, long seed,
		java.util.function.BiFunction<Integer, Rng, Double> value) throws IOException
	{
		Path photos = java.nio.file.Files.createDirectories(dir.resolve(folder));
		Rng rng = new Rng(seed);
		for (String name : new String[] { "a.png", "b.png" }) {
			net.imglib2.img.array.ArrayImg<net.imglib2.type.numeric.real.FloatType, ?> img =
				net.imglib2.img.array.ArrayImgs.floats(w, h, 3);
			int i = 0;
			for (net.imglib2.type.numeric.real.FloatType v : img)
				v.set(value.apply(i++, rng).floatValue());
			org.revivegan.io.ImageFiles.write(photos.resolve(name), img);
		}
		return photos;
	}

	private static CommandModule evaluate(String macro) throws Exception {
		return context.service(CommandService.class).run(EvaluateModel.class, true, MacroOptions.toInputs(
			EvaluateModel.class, macro)).get();
	}

	@Test
	void evaluateModelWritesTheCsvAndReportsMeanPsnrPerBandAndMethod() throws Exception {
		Path photos = writePhotos("eval photos", 28, 20, 5, (i, rng) -> 0.5 + 0.3 * Math.sin(i * 0.2) + 0.1 *
			rng.nextDouble());
		Path csv = dir.resolve("eval/inpaint.csv"), report = dir.resolve("eval report");
		CommandModule m = evaluate("task=inpaint folder=[" + photos + "] model=[" + inpaintModel + "] bands=[scratches,10-20] " +
			"seed=3 csv=[" + csv + "] report=[" + report + "]");
		assertFalse(m.isCanceled(), m.getCancelReason());
		java.util.List<String> lines = java.nio.file.Files.readAllLines(csv);
		assertEquals(org.revivegan.core.eval.EvaluationRow.INPAINT_CSV_HEADER, lines.get(0));
		assertEquals(1 + 2 * 2 * 3, lines.size(), "2 images x 2 bands x 3 methods: " + lines);
		String summary = (String) m.getOutput("summary");
		java.util.regex.Matcher line = Pattern.compile("(?m)^(\\S+) (\\S+): ([0-9.]+) \\(2 images\\)$").matcher(summary);
		java.util.List<String> groups = new java.util.ArrayList<>();
		while (line.find()) {
			groups.add(line.group(1) + " " + line.group(2));
			double psnr = Double.parseDouble(line.group(3));
			assertTrue(psnr > 5 && psnr < 100, summary);
		}
		assertEquals(java.util.List.of("scratches revivegan", "scratches telea", "scratches ns", "10-20 revivegan",
			"10-20 telea", "10-20 ns"), groups, summary);
		String md = java.nio.file.Files.readString(report.resolve("report.md"));
		assertTrue(md.contains("| scratches | telea | 2 |"), md);
		assertTrue(md.contains("- Model: " + java.nio.file.Paths.get(inpaintModel.toString()).toAbsolutePath() + " ("),
			"the model named as revive evaluate names it: " + md);
		assertTrue(java.nio.file.Files.isRegularFile(report.resolve("inpaint-10-20.png")));

		CommandModule c = evaluate("task=colorize folder=[" + photos + "] model=[" + colorizeModel + "] csv=[" +
			dir.resolve("eval/colorize.csv") + "]");
		assertFalse(c.isCanceled(), c.getCancelReason());
		assertTrue(((String) c.getOutput("summary")).contains("all grayscale: "), (String) c.getOutput("summary"));

		CommandModule empty = evaluate("task=inpaint folder=[" + dir.resolve("eval") + "] csv=[" + csv + "]");
		assertTrue(empty.isCanceled());
		assertTrue(empty.getCancelReason().startsWith("No images"), empty.getCancelReason());
	}

	/** Evaluate Model has the detect task of revive evaluate: its CSV, and the mean F1 per kind as the summary. */
	@Test
	void evaluateModelMeasuresDetectionAsTheCommandLineDoes() throws Exception {
		Path photos = writePhotos("detect photos", 40, 32, 7, (i, rng) -> 0.3 + 0.4 * rng.nextDouble());
		Path model = org.revivegan.testing.DetectionModels.saveFlat(dir.resolve("detect model.zip"));
		Path csv = dir.resolve("eval/detect.csv");
		CommandModule m = evaluate("task=detect folder=[" + photos + "] model=[" + model + "] threshold=0.5 " +
			"minsize=0 seed=3 csv=[" + csv + "]");
		assertFalse(m.isCanceled(), m.getCancelReason());
		java.util.List<String> lines = java.nio.file.Files.readAllLines(csv);
		assertEquals(org.revivegan.core.eval.DetectionEvaluator.CSV_HEADER, lines.get(0));
		java.util.List<String> kinds = org.revivegan.core.eval.DetectionEvaluator.kinds();
		assertEquals(1 + 2 * 2 * kinds.size(), lines.size(), "2 images x kinds x 2 methods: " + lines);
		// the flat model marks everything: every damaged pixel is found
		assertTrue(lines.get(1).matches("detect,revivegan,scratches,a.png,[0-9.]+,1.0000,[0-9.]+,[0-9.]+,[0-9.]+"),
			lines.get(1));
		String summary = (String) m.getOutput("summary");
		assertTrue(summary.startsWith("mean F1 per kind (threshold 0.5):"), summary);
		for (String kind : kinds)
			for (String method : new String[] { "revivegan", "median-residual" })
				assertTrue(Pattern.compile("(?m)^  " + kind + " +" + method + " +[0-9]\\.[0-9]{3}$").matcher(summary)
					.find(), kind + " " + method + ": " + summary);

		CommandModule bad = evaluate("task=detect folder=[" + photos + "] model=[" + model + "] threshold=1.5 csv=[" +
			csv + "]");
		assertTrue(bad.isCanceled());
		assertTrue(bad.getCancelReason().contains("threshold"), bad.getCancelReason());
	}

	@Test
	void backendInfoReportsOneDnn() throws Exception {
		CommandModule m = context.service(CommandService.class).run(BackendInfo.class, true).get();
		String info = (String) m.getOutput("info");
		assertTrue(info.contains("oneDNN helpers: on"), info);
	}

	@Test
	void backendInfoListsTheRealisticModelWhenItIsInstalled(@TempDir Path folder) throws Exception {
		TinyModels.inpaintModels(folder, true);
		TinyModels.withModelsFolder(folder, () -> {
			String info = (String) context.service(CommandService.class).run(BackendInfo.class, true).get().getOutput(
				"info");
			assertTrue(info.contains("\nrealistic inpaint model: " + folder.resolve("inpaint-realistic-1.zip")), info);
		});
	}

	@Test
	void macroKeysAreShortLowercaseParameterNames() {
		for (Class<?> c : new Class<?>[] { InpaintDamage.class, Colorize.class, RestorePhoto.class,
			EvaluateModel.class })
			for (String key : MacroOptions.inputs(c).keySet())
				assertTrue(key.matches("[a-z]{2,12}"), c.getSimpleName() + "." + key);
		assertEquals(Map.of("mask", "selection", "model", "a b.zip", "dilate", "2"),
			MacroOptions.parse("mask=selection model=[a b.zip] dilate=2"));
		assertThrows(IllegalArgumentException.class, () -> MacroOptions.toInputs(InpaintDamage.class, "grow=2"));
	}
}
