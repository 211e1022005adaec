package org.revivegan.fiji.commands;

import static org.junit.jupiter.api.Assertions.*;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;

import java.io.File;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.model.GeneratorSpec;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.train.Checkpoint;
import org.revivegan.core.train.Trainer;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.log.LogListener;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;

/** The training commands in a headless SciJava context, on tiny synthetic photos and a few steps. */
class TrainCommandsTest {

	private static final String TINY = "preset=tiny crop=32 batch=2 l1steps=2 gansteps=2 seed=3";

	@TempDir
	static Path dir;

	private static Context context;

	@BeforeAll
	static void setUp() {
		context = new Context(CommandService.class);
	}

	@AfterAll
	static void tearDown() {
		context.dispose();
	}

	/** Runs a command with a macro option string (MacroOptions converts File parameters); images are given directly. */
	private static CommandModule run(Class<? extends Command> c, String macro, Map<String, ImagePlus> images)
		throws Exception
	{
		Map<String, Object> inputs = new LinkedHashMap<>(MacroOptions.toInputs(c, macro));
		inputs.putAll(images);
		return context.service(CommandService.class).run(c, true, inputs).get();
	}

	/** Runs a command as {@link #run} does, adding every message that goes to the log service to {@code logged}. */
	private static CommandModule runLogged(Class<? extends Command> c, String macro, Map<String, ImagePlus> images,
		List<String> logged) throws Exception
	{
		LogListener listener = message -> logged.add(message.text());
		LogService logService = context.service(LogService.class);
		logService.addLogListener(listener);
		try {
			return run(c, macro, images);
		}
		finally {
			logService.removeLogListener(listener);
		}
	}

	/** Three 64x48 RGB photos of coloured sinusoid patterns. */
	private static ImagePlus photos(int w, int h) {
		ImageStack s = new ImageStack(w, h);
		for (int k = 0; k < 3; k++) {
			ColorProcessor cp = new ColorProcessor(w, h);
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					int r = (int) (127 + 120 * Math.sin(x * 0.2 * (k + 1)));
					int g = (int) (127 + 120 * Math.cos(y * 0.15 + k));
					int b = (int) (127 + 120 * Math.sin((x + y) * 0.1 * (k + 2)));
					cp.set(x, y, (r << 16) | (g << 8) | b);
				}
			s.addSlice("photo " + k, cp);
		}
		return new ImagePlus("photos", s);
	}

	private static long checkpointStep(Path run) throws Exception {
		return Checkpoint.load(run.resolve(Trainer.CHECKPOINT)).state.step;
	}

	@Test
	void trainInpaintingSavesALoadableModelAndResumes() throws Exception {
		Path run = dir.resolve("inpaint run"), out = dir.resolve("my inpaint.zip");
		String macro = TINY + " run=[" + run + "] output=[" + out + "]";
		CommandModule m = run(TrainInpaintingModel.class, macro, Map.of("stack", photos(64, 48)));
		assertFalse(m.isCanceled(), m.getCancelReason());
		assertTrue(Files.isRegularFile(out));
		assertEquals(Task.INPAINT.id(), ModelFile.load(out, Task.INPAINT).metadata().task);
		assertEquals(4, checkpointStep(run));
		String summary = (String) m.getOutput("summary");
		assertTrue(summary.startsWith("Trained 4 steps"), summary);

		// the same run folder with more adversarial steps continues from step 4
		CommandModule again = run(TrainInpaintingModel.class, macro.replace("gansteps=2", "gansteps=4"), Map.of(
			"stack", photos(64, 48)));
		assertFalse(again.isCanceled(), again.getCancelReason());
		assertEquals(6, checkpointStep(run));
		assertTrue(((String) again.getOutput("summary")).startsWith("Trained 6 steps"));
		assertEquals(6, org.revivegan.fiji.LossPlotAccess.steps(run.resolve(Trainer.LOSSES)));
	}

	@Test
	void trainColorizationWithTheClassHeadSavesAClassModelAndABadHeadCancels() throws Exception {
		Path run = dir.resolve("classes run"), out = dir.resolve("classes.zip");
		CommandModule m = run(TrainColorizationModel.class, TINY + " head=classes headscale=2 run=[" + run +
			"] output=[" + out + "]", Map.of("stack", photos(64, 48)));
		assertFalse(m.isCanceled(), m.getCancelReason());
		assertTrue(ModelFile.load(out, Task.COLORIZE).metadata().generator.classHead());
		assertEquals(2, ModelFile.load(out, Task.COLORIZE).metadata().generator.headScale());
		assertEquals(2, checkpointStep(run), "the L1 (here: cross-entropy) steps only: no GAN phase");
		CommandModule bad = run(TrainColorizationModel.class, TINY + " head=bins run=[" + dir.resolve("bad run") +
			"] output=[" + dir.resolve("bad.zip") + "]", Map.of("stack", photos(64, 48)));
		assertTrue(bad.isCanceled());
		assertTrue(bad.getCancelReason().contains("head=classes"), bad.getCancelReason());
	}

	@Test
	void trainColorizationSavesALoadableModelAndHeadlessLogsThePreview() throws Exception {
		Path run = dir.resolve("colorize run"), out = dir.resolve("colour.zip");
		List<String> logged = new CopyOnWriteArrayList<>();
		CommandModule m = runLogged(TrainColorizationModel.class, TINY + " run=[" + run + "] output=[" + out + "]",
			Map.of("stack", photos(64, 48)), logged);
		assertFalse(m.isCanceled(), m.getCancelReason());
		// validation (and so the preview) every 500 steps and at the end: once, at step 4
		assertEquals(List.of("preview at step 4"), logged.stream().filter(l -> l.startsWith("preview")).collect(
			Collectors.toList()), String.join("\n", logged));
		assertEquals(Task.COLORIZE.id(), ModelFile.load(out, Task.COLORIZE).metadata().task);
		assertEquals(4, checkpointStep(run));
	}

	@Test
	void cancellingSavesACheckpointAndTheNextRunResumes() throws Exception {
		Path run = dir.resolve("cancelled run");
		TrainInpaintingModel c = new TrainInpaintingModel();
		c.setContext(context);
		c.stack = photos(64, 48);
		c.preset = "tiny";
		c.crop = 32;
		c.batch = 2;
		c.l1steps = 2;
		c.gansteps = 2;
		c.run = run.toFile();
		c.cancel("the user pressed Cancel"); // as if pressed before the first step
		c.run();
		assertEquals("Cancelled; run again with the same run folder to resume.", c.getCancelReason());
		assertEquals(0, checkpointStep(run));
		CommandModule m = run(TrainInpaintingModel.class, TINY + " run=[" + run + "]", Map.of("stack", photos(64, 48)));
		assertFalse(m.isCanceled(), m.getCancelReason());
		assertEquals(4, checkpointStep(run));
	}

	@Test
	void colorizationTrainsFromAFolderTreeSkippingGrayscalePhotos() throws Exception {
		Path photos = dir.resolve("folder photos"), sub = photos.resolve("sub");
		Files.createDirectories(sub);
		ImagePlus rgb = photos(64, 48);
		for (int i = 1; i <= 2; i++) {
			org.revivegan.fiji.ImagePlusImages.Plane<?> p = org.revivegan.fiji.ImagePlusImages.plane(rgb.getStack()
				.getProcessor(i));
			org.revivegan.io.ImageFiles.write((i == 1 ? photos : sub).resolve("colour" + i + ".png"), net.imglib2.converter
				.Converters.convert(p.image(), (a, b) -> b.setReal(a.getRealDouble() / 255),
					new net.imglib2.type.numeric.real.FloatType()));
		}
		org.revivegan.io.ImageFiles.write(sub.resolve("gray.png"), net.imglib2.img.array.ArrayImgs.floats(40, 30));
		Path run = dir.resolve("folder run");
		List<String> logged = new CopyOnWriteArrayList<>();
		CommandModule m = runLogged(TrainColorizationModel.class, TINY.replace("l1steps=2", "l1steps=1").replace(
			"gansteps=2", "gansteps=1") + " folder=[" + photos + "] validation=[" + sub + "] run=[" + run + "]", Map
				.of(), logged);
		assertFalse(m.isCanceled(), m.getCancelReason());
		ModelFile model = ModelFile.load(run.resolve(Trainer.BEST), Task.COLORIZE);
		assertEquals("2 photos from " + photos.toAbsolutePath(), model.metadata().provenance.data);
		// one line for each folder read: the training tree (sub-folder included) and the validation folder
		assertEquals(List.of("Skipped 1 grayscale photo in " + photos + ": a colourisation model learns from " +
			"colour photos.", "Skipped 1 grayscale photo in " + sub + ": a colourisation model learns from colour " +
				"photos."), logged.stream().filter(l -> l.startsWith("Skipped")).collect(Collectors.toList()), String
					.join("\n", logged));
	}

	@Test
	void colorizationRefusesGrayscalePhotos() throws Exception {
		ImagePlus gray = new ImagePlus("gray", new ByteProcessor(64, 48));
		CommandModule m = run(TrainColorizationModel.class, TINY + " run=[" + dir.resolve("gray run") + "]", Map.of(
			"stack", gray));
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("not RGB"), m.getCancelReason());
	}

	@Test
	void pairedStacksOfDifferentSizesAreRefusedWithTheReason() throws Exception {
		CommandModule m = run(TrainInpaintingModel.class, TINY + " run=[" + dir.resolve("paired run") + "]", Map.of(
			"stack", photos(64, 48), "damaged", photos(60, 48)));
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("must match the clean stack"), m.getCancelReason());
		assertTrue(m.getCancelReason().contains("60x48"), m.getCancelReason());
		assertFalse(Files.exists(dir.resolve("paired run").resolve(Trainer.CHECKPOINT)));

		ImagePlus damaged = photos(64, 48);
		for (int i = 1; i <= 3; i++) {
			damaged.getStack().getProcessor(i).setColor(java.awt.Color.WHITE);
			damaged.getStack().getProcessor(i).fillRect(10, 10, 12, 4);
		}
		Path run = dir.resolve("paired ok");
		CommandModule ok = run(TrainInpaintingModel.class, TINY.replace("l1steps=2", "l1steps=1").replace("gansteps=2",
			"gansteps=1") + " run=[" + run + "]", Map.of("stack", photos(64, 48), "damaged", damaged));
		assertFalse(ok.isCanceled(), ok.getCancelReason());
		assertEquals(2, checkpointStep(run));
		assertTrue(((String) ok.getOutput("summary")).contains(run.resolve(Trainer.BEST).toString()), "without an " +
			"output file the run folder's best model is named");
	}

	@Test
	void withoutPhotosOrRunFolderTheUserIsToldWhatToGive() throws Exception {
		CommandModule noPhotos = run(TrainInpaintingModel.class, TINY + " run=[" + dir.resolve("empty run") + "]",
			Map.of());
		assertTrue(noPhotos.getCancelReason().contains("Give the training photos"), noPhotos.getCancelReason());
		CommandModule noRun = run(TrainInpaintingModel.class, TINY, Map.of("stack", photos(64, 48)));
		assertTrue(noRun.isCanceled());
		CommandModule badCrop = run(TrainInpaintingModel.class, TINY.replace("crop=32", "crop=40") + " run=[" + dir
			.resolve("crop run") + "]", Map.of("stack", photos(64, 48)));
		assertTrue(badCrop.getCancelReason().contains("multiple of"), badCrop.getCancelReason());
	}

	@Test
	void macroKeysAreShortLowercaseAndPresetsAreTheEngines() throws Exception {
		for (Class<?> c : new Class<?>[] { TrainInpaintingModel.class, TrainColorizationModel.class })
			for (String key : MacroOptions.inputs(c).keySet())
				assertTrue(key.matches("[a-z0-9]{1,10}"), c.getSimpleName() + ": " + key);
		assertTrue(MacroOptions.inputs(TrainInpaintingModel.class).containsKey("damaged"));
		assertFalse(MacroOptions.inputs(TrainColorizationModel.class).containsKey("damaged"));
		Parameter p = TrainModel.class.getDeclaredField("preset").getAnnotation(Parameter.class);
		assertArrayEquals(GeneratorSpec.presets(), p.choices());
		assertThrows(IllegalArgumentException.class, () -> MacroOptions.toInputs(TrainInpaintingModel.class,
			"l1_steps=3"));
	}
}
