package org.revivegan.fiji.commands;

import org.revivegan.core.image.Masks;
import static org.junit.jupiter.api.Assertions.*;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.model.DefaultModels;
import org.revivegan.core.model.Task;
import org.revivegan.core.provenance.Provenance;
import org.revivegan.core.util.Rng;
import org.revivegan.fiji.MaskSources;
import org.revivegan.fiji.ProvenanceImages;
import org.revivegan.io.ImageFiles;
import org.revivegan.testing.TinyModels;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * Every result of Inpaint Damage, Colorize and Restore Photo carries its provenance (model hash, parameters,
 * invented pixels) through a TIFF round trip, and Show Synthesized Pixels / Save Provenance work from a macro.
 */
class ProvenanceCommandsTest {

	@TempDir
	static Path dir;

	private static Context context;
	private static Path inpaintModel, colorizeModel;

	@BeforeAll
	static void setUp() throws IOException {
		context = new Context(CommandService.class);
		inpaintModel = TinyModels.save(Task.INPAINT, dir.resolve("inpaint model.zip"));
		colorizeModel = TinyModels.save(Task.COLORIZE, dir.resolve("colorize model.zip"));
	}

	@AfterAll
	static void tearDown() {
		context.dispose();
	}

	private static CommandModule run(Class<? extends org.scijava.command.Command> c, ImagePlus image, String macro)
		throws Exception
	{
		Map<String, Object> inputs = new LinkedHashMap<>(MacroOptions.toInputs(c, macro));
		inputs.put("image", image);
		return context.service(CommandService.class).run(c, true, inputs).get();
	}

	private static ImagePlus result(CommandModule m) {
		assertFalse(m.isCanceled(), m.getCancelReason());
		return (ImagePlus) m.getOutput("result");
	}

	private static String sha256(Path file) throws Exception {
		StringBuilder sb = new StringBuilder();
		for (byte b : MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)))
			sb.append(String.format("%02x", b));
		return sb.toString();
	}

	private static ImagePlus photo() {
		ColorProcessor cp = new ColorProcessor(64, 48);
		Rng rng = new Rng(2);
		int[] px = (int[]) cp.getPixels();
		for (int i = 0; i < px.length; i++)
			px[i] = 0xff000000 | rng.nextInt(1 << 24);
		return new ImagePlus("photo.png", cp);
	}

	private static ImagePlus grayPhoto() {
		ByteProcessor gray = new ByteProcessor(64, 48);
		for (int y = 0; y < 48; y++)
			for (int x = 0; x < 64; x++)
				gray.set(x, y, 30 + (x * 3 + y * 2) % 200);
		ImagePlus imp = new ImagePlus("old scan.tif", gray);
		imp.setProperty("Info", "scanned 1931, box 4");
		return imp;
	}

	/** @return the mask the command really used: the selection, dilated */
	private static Img<UnsignedByteType> usedMask(Roi roi, int dilate) {
		return MaskSources.dilate(MaskSources.fromRoi(roi, 64, 48), dilate);
	}

	private static void assertSameMap(Img<UnsignedByteType> expected, Img<UnsignedByteType> actual) {
		net.imglib2.Cursor<UnsignedByteType> e = net.imglib2.view.Views.flatIterable(expected).cursor(),
			a = net.imglib2.view.Views.flatIterable(actual).cursor();
		for (int i = 0; e.hasNext(); i++)
			assertEquals(e.next().get() != 0, a.next().get() != 0, "pixel " + i);
	}

	@Test
	void inpaintingRecordsTheModelHashTheParametersAndTheInventedPixels() throws Exception {
		ImagePlus imp = photo();
		Roi roi = new Roi(10, 12, 20, 6);
		imp.setRoi(roi);
		ImagePlus r = result(run(InpaintDamage.class, imp, "mask=selection model=[" + inpaintModel + "] dilate=2"));
		Provenance p = Provenance.fromJson(r.getProp(ProvenanceImages.PROPERTY));
		assertEquals(Provenance.Operation.INPAINT, p.operation());
		assertEquals(1, p.models().size());
		assertEquals(sha256(inpaintModel), p.models().get(0).sha256());
		assertEquals("inpaint model.zip", p.models().get(0).file());
		assertEquals("tiny inpaint", p.models().get(0).card());
		assertEquals(Map.of("mask", "selection", "dilate", 2L), p.parameters());
		Img<UnsignedByteType> used = usedMask(roi, 2);
		long count = Masks.count(used);
		assertTrue(count > 20 * 6, "dilated: " + count);
		assertEquals(count, p.synthesizedPixels());
		assertEquals(count / (64.0 * 48), p.synthesizedFraction(), 1e-12);
		assertFalse(p.allChromaSynthesized());
		assertEquals("photo.png", p.inputName());
		assertEquals(64, p.inputWidth());
		assertNull(p.seed());
		assertSameMap(used, ProvenanceImages.map(r).orElseThrow());
		assertEquals(p.toInfoText(), r.getInfoProperty());
		assertTrue(r.getInfoProperty().contains("model sha256: " + sha256(inpaintModel)), r.getInfoProperty());
	}

	/** model=faithful, or no model key at all, is the inpainting model that ships; the record names its file. */
	@Test
	void theShippedModelIsChosenByNameAndIsTheDefault() throws Exception {
		String shipped = sha256(org.revivegan.core.model.DefaultModels.find(org.revivegan.core.model.Task.INPAINT)
			.orElseThrow());
		for (String options : new String[] { "mask=selection model=faithful", "mask=selection" }) {
			ImagePlus imp = photo();
			imp.setRoi(new Roi(10, 12, 20, 8));
			Provenance p = Provenance.fromJson(result(run(InpaintDamage.class, imp, options)).getProp(
				ProvenanceImages.PROPERTY));
			assertEquals(shipped, p.models().get(0).sha256(), options);
		}
	}

	/**
	 * model=realistic is the realistic inpainting model of the models folder and model=faithful the faithful one
	 * (tiny models, told apart by their hashes and names); without the realistic file, model=realistic says so.
	 */
	@Test
	void theRealisticModelIsChosenByName() throws Exception {
		Path folder = TinyModels.inpaintModels(dir.resolve("models"), true);
		Path realistic = folder.resolve(DefaultModels.fileName(Task.INPAINT, DefaultModels.REALISTIC));
		Path faithful = folder.resolve(DefaultModels.fileName(Task.INPAINT));
		assertNotEquals(sha256(realistic), sha256(faithful));
		TinyModels.withModelsFolder(folder, () -> {
			for (String name : new String[] { "realistic", "faithful" }) {
				ImagePlus imp = photo();
				imp.setRoi(new Roi(10, 12, 20, 8));
				Provenance p = Provenance.fromJson(result(run(InpaintDamage.class, imp, "mask=selection model=" + name))
					.getProp(ProvenanceImages.PROPERTY));
				boolean isRealistic = name.equals("realistic");
				assertEquals(sha256(isRealistic ? realistic : faithful), p.models().get(0).sha256(), name);
				assertEquals(isRealistic ? TinyModels.REALISTIC : TinyModels.FAITHFUL, p.models().get(0).card(), name);
				assertEquals(isRealistic ? "realistic inpaint model" : "default inpaint model", p.models().get(0).file());
			}
			Files.delete(realistic);
			ImagePlus imp = photo();
			imp.setRoi(new Roi(10, 12, 20, 8));
			CommandModule m = run(InpaintDamage.class, imp, "mask=selection model=realistic");
			assertTrue(m.isCanceled());
			assertTrue(m.getCancelReason().contains("no realistic inpaint model: inpaint-realistic-1.zip") && m
				.getCancelReason().contains("Choose 'faithful'") && m.getCancelReason().contains("Help > Update..."), m
					.getCancelReason());
		});
	}

	@Test
	void theProvenanceAndTheMapSurviveATiffSaveAndTheMapComesBackFromAMacro() throws Exception {
		ImagePlus imp = photo();
		Roi roi = new Roi(5, 30, 30, 4);
		imp.setRoi(roi);
		ImagePlus r = result(run(InpaintDamage.class, imp, "mask=selection model=[" + inpaintModel + "] dilate=1"));
		String tif = dir.resolve("restored photo.tif").toString();
		assertTrue(IJ.saveAsTiff(r, tif));
		ImagePlus reopened = IJ.openImage(tif);
		assertEquals(r.getProp(ProvenanceImages.PROPERTY), reopened.getProp(ProvenanceImages.PROPERTY));
		assertEquals(r.getInfoProperty(), reopened.getInfoProperty());
		assertNotNull(ProvenanceImages.outline(reopened), "the overlay outline is kept");
		Img<UnsignedByteType> used = usedMask(roi, 1);
		assertSameMap(used, ProvenanceImages.map(reopened).orElseThrow());

		// the overlay removed: Show Synthesized Pixels puts the outline back
		reopened.setOverlay(null);
		assertFalse(run(ShowSynthesizedPixels.class, reopened, "mode=overlay").isCanceled());
		Roi outline = ProvenanceImages.outline(reopened);
		assertNotNull(outline);
		ByteProcessor filled = new ByteProcessor(64, 48);
		filled.setColor(255);
		filled.fill(outline);
		int inOutline = 0;
		for (byte b : (byte[]) filled.getPixels())
			if (b != 0) inOutline++;
		assertEquals(Masks.count(used), inOutline);

		ImagePlus map = result(run(ShowSynthesizedPixels.class, reopened, "mode=mask-image"));
		assertEquals("restored photo-synthesized", map.getTitle());
		assertEquals(8, map.getBitDepth());
		int white = 0, other = 0;
		for (byte b : (byte[]) map.getProcessor().getPixels())
			if ((b & 0xff) == 255) white++;
			else if (b != 0) other++;
		assertEquals(Masks.count(used), white);
		assertEquals(0, other);

		// only the outline left (an older file, or the property lost): the map is filled from it
		ImagePlus outlineOnly = new ImagePlus("x", reopened.getProcessor().duplicate());
		outlineOnly.setOverlay(reopened.getOverlay());
		assertSameMap(used, ProvenanceImages.map(outlineOnly).orElseThrow());
	}

	@Test
	void colourisationRecordsThatAllChromaIsInventedWithoutAMap() throws Exception {
		ImagePlus gray = grayPhoto();
		ImagePlus r = result(run(Colorize.class, gray, "model=[" + colorizeModel + "] size=64"));
		Provenance p = ProvenanceImages.read(r).orElseThrow();
		assertEquals(Provenance.Operation.COLORIZE, p.operation());
		assertTrue(p.allChromaSynthesized());
		assertEquals(0, p.synthesizedPixels());
		assertEquals(Map.of("size", 64L, "vividness", 1.0), p.parameters());
		assertEquals(sha256(colorizeModel), p.models().get(0).sha256());
		assertNull(r.getProp(ProvenanceImages.MAP_PROPERTY), "no white map stored");

		ImagePlus map = result(run(ShowSynthesizedPixels.class, r, "mode=mask-image"));
		for (byte b : (byte[]) map.getProcessor().getPixels())
			assertEquals(ProvenanceImages.CHROMA_ONLY, b & 0xff);
		assertFalse(run(ShowSynthesizedPixels.class, r, "mode=overlay").isCanceled());
		assertEquals(new java.awt.Rectangle(0, 0, 64, 48), r.getOverlay().get(0).getBounds());

		Path out = dir.resolve("colored.png");
		CommandModule save = run(SaveProvenance.class, r, "file=[" + out + "]");
		assertFalse(save.isCanceled(), save.getCancelReason());
		Path sidecar = dir.resolve("colored.png.revivegan.json");
		assertEquals(sidecar.toString(), save.getOutput("sidecar"));
		assertEquals(p, Provenance.fromJson(Files.readString(sidecar)));
		assertFalse(Files.exists(dir.resolve("colored-synthesized.png")), "no white map written");
	}

	/**
	 * size=0, the default, colours at the working size the model's metadata recommends (each model has its own: a
	 * fixed 512 overrode a model that works best at 160), and the record says that size, not 0; a given size still
	 * overrides it.
	 */
	@Test
	void colorizeAndRestoreUseAndRecordTheModelsOwnWorkingSizeUnlessGivenOne() throws Exception {
		Path own = TinyModels.saveColorize(OWN_SIZE, dir.resolve("colorize model own size.zip"));
		String[] options = { "", " size=0", " size=64" };
		long[] recorded = { OWN_SIZE, OWN_SIZE, 64 };
		for (int i = 0; i < options.length; i++) {
			ImagePlus c = result(run(Colorize.class, grayPhoto(), "model=[" + own + "]" + options[i]));
			assertEquals(recorded[i], ProvenanceImages.read(c).orElseThrow().parameters().get("size"), "Colorize" +
				options[i]);
			ImagePlus imp = grayPhoto();
			imp.setRoi(new Roi(10, 12, 20, 6));
			ImagePlus r = result(run(RestorePhoto.class, imp, "mask=selection inpaint=[" + inpaintModel +
				"] colorize=[" + own + "]" + options[i]));
			assertEquals(recorded[i], ProvenanceImages.read(r).orElseThrow().parameters().get("size"), "Restore Photo" +
				options[i]);
		}
	}

	/** The metadata working size of the model of the test above: neither 512, nor the tiny models' 40, nor 64. */
	private static final int OWN_SIZE = 56;

	/** A macro's size=8 (below the colouriser's 16 pixels; the dialog's minimum is 0) is refused with what to write. */
	@Test
	void aWorkingSizeBelow16IsRefusedWithWhatToWrite() throws Exception {
		CommandModule c = run(Colorize.class, grayPhoto(), "model=[" + colorizeModel + "] size=8");
		assertTrue(c.isCanceled(), "Colorize size=8 ran");
		assertNull(c.getOutput("result"));
		ImagePlus imp = grayPhoto();
		imp.setRoi(new Roi(10, 12, 20, 6));
		CommandModule r = run(RestorePhoto.class, imp, "mask=selection inpaint=[" + inpaintModel + "] colorize=[" +
			colorizeModel + "] size=8");
		assertTrue(r.isCanceled(), "Restore Photo size=8 ran");
		assertNull(r.getOutput("result"));
		for (CommandModule m : new CommandModule[] { c, r }) {
			assertTrue(m.getCancelReason().contains("size=8"), m.getCancelReason());
			assertTrue(m.getCancelReason().contains("at least 16 pixels"), m.getCancelReason());
			assertTrue(m.getCancelReason().contains("size=0 uses the model's own"), m.getCancelReason());
		}
	}

	@Test
	void restorationRecordsBothModelsAndSavesTheMapBesideTheFile() throws Exception {
		ImagePlus imp = grayPhoto();
		Roi roi = new Roi(10, 12, 20, 6);
		imp.setRoi(roi);
		ImagePlus r = result(run(RestorePhoto.class, imp, "mask=selection dilate=1 inpaint=[" + inpaintModel +
			"] colorize=[" + colorizeModel + "] size=64"));
		Provenance p = ProvenanceImages.read(r).orElseThrow();
		assertEquals(Provenance.Operation.RESTORE, p.operation());
		assertEquals(sha256(inpaintModel), p.models().get(0).sha256());
		assertEquals("inpaint", p.models().get(0).role());
		assertEquals(sha256(colorizeModel), p.models().get(1).sha256());
		assertEquals("colorize", p.models().get(1).role());
		assertEquals(java.util.List.of("mask", "dilate", "size", "vividness"), new java.util.ArrayList<>(p.parameters()
			.keySet()));
		Img<UnsignedByteType> used = usedMask(roi, 1);
		assertEquals(Masks.count(used), p.synthesizedPixels());
		assertTrue(p.allChromaSynthesized());
		assertEquals("old scan.tif", p.inputName());
		assertTrue(r.getInfoProperty().endsWith("\nscanned 1931, box 4"), "the input's Info is kept: " + r
			.getInfoProperty());
		assertSameMap(used, ProvenanceImages.map(r).orElseThrow());

		ImagePlus map = result(run(ShowSynthesizedPixels.class, r, "mode=mask-image"));
		int white = 0, chroma = 0;
		for (byte b : (byte[]) map.getProcessor().getPixels())
			if ((b & 0xff) == 255) white++;
			else if ((b & 0xff) == ProvenanceImages.CHROMA_ONLY) chroma++;
		assertEquals(Masks.count(used), white);
		assertEquals(64 * 48 - white, chroma);

		Path out = dir.resolve("archive/old scan-restored.jpg");
		CommandModule save = run(SaveProvenance.class, r, "file=[" + out + "]");
		assertFalse(save.isCanceled(), save.getCancelReason());
		Provenance saved = Provenance.fromJson(Files.readString(dir.resolve("archive/old scan-restored.jpg.revivegan.json")));
		assertEquals("old scan-restored-synthesized.png", saved.mapFile());
		assertEquals(p.toBuilder().mapFile("old scan-restored-synthesized.png").build(), saved);
		Img<net.imglib2.type.numeric.real.FloatType> png = ImageFiles.read(dir.resolve(
			"archive/old scan-restored-synthesized.png")).image();
		assertEquals(64, png.dimension(0));
		assertEquals(Masks.count(used), Masks.count(net.imglib2.view.Views.hyperSlice(png, 2, 0)));
	}

	@Test
	void anImageWithoutProvenanceIsRefusedWithAReason() throws Exception {
		for (String mode : new String[] { "overlay", "mask-image" }) {
			CommandModule m = run(ShowSynthesizedPixels.class, photo(), "mode=" + mode);
			assertTrue(m.isCanceled());
			assertTrue(m.getCancelReason().contains("carries no ReviveGAN provenance"), m.getCancelReason());
		}
		CommandModule save = run(SaveProvenance.class, photo(), "file=[" + dir.resolve("none.png") + "]");
		assertTrue(save.isCanceled());
		assertFalse(Files.exists(dir.resolve("none.png.revivegan.json")));
		assertTrue(run(ShowSynthesizedPixels.class, photo(), "mode=outline").getCancelReason().contains("Unknown mode"));
	}

	@Test
	void macroKeysAreShortAndLowercase() {
		// "context" is SciJava's, filled by the framework, never a macro key
		assertEquals(java.util.Set.of("image", "mode", "context"), MacroOptions.inputs(ShowSynthesizedPixels.class)
			.keySet());
		assertEquals(java.util.Set.of("image", "file", "context"), MacroOptions.inputs(SaveProvenance.class).keySet());
		assertThrows(IllegalArgumentException.class, () -> MacroOptions.toInputs(ShowSynthesizedPixels.class,
			"show=overlay"));
	}
}
