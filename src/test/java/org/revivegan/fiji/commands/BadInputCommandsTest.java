package org.revivegan.fiji.commands;

import static org.junit.jupiter.api.Assertions.*;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.ModelMetadata;
import org.revivegan.core.model.Task;
import org.revivegan.core.train.Checkpoint;
import org.revivegan.core.train.Trainer;
import org.revivegan.core.util.Rng;
import org.revivegan.testing.TinyModels;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;

/**
 * The Fiji commands given bad input and faults, as a user or a macro would give them. Every case must end in
 * one line that says what to do (the command's cancel reason, which Fiji shows), never an exception out of the
 * command, no result image, and the input image's title and pixels exactly as they were.
 */
class BadInputCommandsTest {

	@TempDir
	static Path dir;

	private static Context context;
	private static Path inpaintModel, colorizeModel;
	private static final List<String> LOG = new ArrayList<>();

	@BeforeAll
	static void setUp() throws Exception {
		context = new Context(CommandService.class);
		context.service(LogService.class).addLogListener(m -> {
			synchronized (LOG) {
				LOG.add(LogLevel.prefix(m.level()) + " " + m.text() + (m.throwable() == null ? "" : " [" + m.throwable() + "]"));
			}
		});
		inpaintModel = TinyModels.save(Task.INPAINT, dir.resolve("inpaint model.zip"));
		colorizeModel = TinyModels.save(Task.COLORIZE, dir.resolve("colorize model.zip"));
	}

	@AfterAll
	static void tearDown() {
		context.dispose();
	}

	/** The title and a copy of every plane's pixels: what must not change. */
	static final class Snapshot {

		final String title;
		final Object[] planes;

		Snapshot(ImagePlus imp) {
			title = imp.getTitle();
			ImageStack s = imp.getStack();
			planes = new Object[s.getSize()];
			for (int i = 0; i < planes.length; i++)
				planes[i] = clone(s.getPixels(i + 1));
		}

		private static Object clone(Object pixels) {
			if (pixels instanceof byte[]) return ((byte[]) pixels).clone();
			if (pixels instanceof short[]) return ((short[]) pixels).clone();
			if (pixels instanceof float[]) return ((float[]) pixels).clone();
			return ((int[]) pixels).clone();
		}

		void assertUnchanged(ImagePlus imp, String what) {
			Snapshot now = new Snapshot(imp);
			assertEquals(title, now.title, what + ": title");
			assertTrue(Arrays.deepEquals(planes, now.planes), what + ": the input's pixels changed");
		}
	}

	private static CommandModule run(Class<? extends Command> c, ImagePlus image, String macro,
		Map<String, Object> more) throws Exception
	{
		Map<String, Object> inputs = new LinkedHashMap<>(MacroOptions.toInputs(c, macro));
		inputs.put("image", image);
		inputs.putAll(more);
		// get() would throw an ExecutionException if anything escaped the command
		return context.service(CommandService.class).run(c, true, inputs).get();
	}

	private static CommandModule run(Class<? extends Command> c, ImagePlus image, String macro) throws Exception {
		return run(c, image, macro, Map.of());
	}

	/** Asserts that the command refused with one line containing {@code expected}, no result, input unchanged. */
	private static void assertRefused(CommandModule m, String expected, ImagePlus input, Snapshot before) {
		assertTrue(m.isCanceled(), "refused: " + expected);
		String reason = m.getCancelReason();
		assertNotNull(reason);
		assertTrue(reason.contains(expected), "'" + expected + "' in: " + reason);
		assertFalse(reason.contains("\n"), "one line: " + reason);
		assertFalse(reason.contains("Exception"), "no exception name for a user's mistake: " + reason);
		assertNull(m.getOutput("result"), "no result image");
		before.assertUnchanged(input, expected);
	}

	private static ImagePlus rgb(int w, int h, long seed) {
		ColorProcessor cp = new ColorProcessor(w, h);
		Rng rng = new Rng(seed);
		int[] px = (int[]) cp.getPixels();
		for (int i = 0; i < px.length; i++)
			px[i] = 0xff000000 | rng.nextInt(1 << 24);
		return new ImagePlus("photo.png", cp);
	}

	private static ImagePlus gray(int w, int h) {
		ByteProcessor bp = new ByteProcessor(w, h);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				bp.set(x, y, (x * 13 + y * 7) % 256);
		return new ImagePlus("old scan.tif", bp);
	}

	private static ImagePlus maskImage(int w, int h, int value) {
		ByteProcessor bp = new ByteProcessor(w, h);
		bp.setValue(value);
		bp.fill();
		return new ImagePlus("mask", bp);
	}

	@Test
	void modelFileFaultsAreExplainedInOneLine() throws Exception {
		Path truncated = dir.resolve("truncated.zip"), corrupt = dir.resolve("corrupt.zip"), newer = dir.resolve(
			"newer.zip");
		byte[] good = Files.readAllBytes(inpaintModel);
		Files.write(truncated, Arrays.copyOf(good, good.length / 2));
		Files.write(corrupt, "this is not a model".getBytes(StandardCharsets.UTF_8));
		ModelFile future = TinyModels.model(Task.INPAINT);
		future.metadata().formatVersion = ModelMetadata.FORMAT_VERSION + 1;
		future.save(newer, true);
		Map<String, String> faults = new LinkedHashMap<>(); // model file -> what the message must say
		faults.put(dir.resolve("no such model.zip").toString(), "not found");
		faults.put(truncated.toString(), "truncated");
		faults.put(corrupt.toString(), "not a ReviveGAN model");
		faults.put(colorizeModel.toString(), "not a inpaint model");
		faults.put(newer.toString(), "newer ReviveGAN");
		for (Map.Entry<String, String> f : faults.entrySet()) {
			ImagePlus imp = rgb(40, 30, 1);
			imp.setRoi(new Roi(5, 5, 10, 4));
			Snapshot before = new Snapshot(imp);
			assertRefused(run(InpaintDamage.class, imp, "mask=selection model=[" + f.getKey() + "]"), f.getValue(), imp,
				before);
			assertRefused(run(RestorePhoto.class, imp, "mask=selection inpaint=[" + f.getKey() + "] colorize=[" +
				colorizeModel + "]"), f.getValue(), imp, before);
		}
		ImagePlus g = gray(40, 30);
		Snapshot before = new Snapshot(g);
		assertRefused(run(Colorize.class, g, "model=[" + inpaintModel + "]"), "not a colorize model", g, before);
		assertRefused(run(Colorize.class, g, "model=[" + truncated + "]"), "truncated", g, before);
	}

	@Test
	void channelsTheModelCannotTakeAreRefused() throws Exception {
		ImageStack s = new ImageStack(30, 20);
		for (int c = 0; c < 2; c++) {
			ShortProcessor sp = new ShortProcessor(30, 20);
			sp.add(1000 * (c + 1));
			s.addSlice(sp);
		}
		ImagePlus two = new ImagePlus("two channels", s);
		two.setDimensions(2, 1, 1);
		two = new CompositeImage(two, CompositeImage.COMPOSITE);
		Snapshot before = new Snapshot(two);
		assertRefused(run(Colorize.class, two, "model=[" + colorizeModel + "]"), "2 channels", two, before);
		assertRefused(run(RestorePhoto.class, two, "mask=selection force=true inpaint=[" + inpaintModel +
			"] colorize=[" + colorizeModel + "]"), "2 channels", two, before);
		// inpainting takes each channel as a grayscale plane
		two.setRoi(new Roi(3, 3, 6, 6));
		CommandModule m = run(InpaintDamage.class, two, "mask=selection model=[" + inpaintModel + "]");
		assertFalse(m.isCanceled(), m.getCancelReason());
		assertEquals(2, ((ImagePlus) m.getOutput("result")).getNChannels());
		before.assertUnchanged(two, "inpainted two channels");
	}

	@Test
	void masksOfAnotherSizeOrPlaneCountAreRefused() throws Exception {
		ImagePlus imp = rgb(64, 48, 2);
		Snapshot before = new Snapshot(imp);
		Map<String, Object> small = Map.of("maskimage", maskImage(30, 20, 255));
		assertRefused(run(InpaintDamage.class, imp, "mask=mask-image model=[" + inpaintModel + "]", small), "30x20",
			imp, before);
		assertRefused(run(RestorePhoto.class, imp, "mask=mask-image inpaint=[" + inpaintModel + "]", small),
			"the image is 64x48", imp, before);

		ImageStack planes = new ImageStack(64, 48);
		for (int i = 0; i < 3; i++)
			planes.addSlice(rgb(64, 48, 10 + i).getProcessor());
		ImagePlus stack = new ImagePlus("three photos", planes);
		ImageStack maskPlanes = new ImageStack(64, 48);
		for (int i = 0; i < 2; i++)
			maskPlanes.addSlice(maskImage(64, 48, 1).getProcessor());
		ImagePlus maskStack = new ImagePlus("two masks", maskPlanes);
		Snapshot stackBefore = new Snapshot(stack);
		assertRefused(run(InpaintDamage.class, stack, "mask=mask-image model=[" + inpaintModel + "]", Map.of(
			"maskimage", maskStack)), "has 2 planes", stack, stackBefore);
	}

	@Test
	void emptyMasksSayThereIsNothingToDo() throws Exception {
		ImagePlus imp = rgb(37, 23, 3);
		Snapshot before = new Snapshot(imp);
		assertRefused(run(InpaintDamage.class, imp, "mask=mask-image model=[" + inpaintModel + "]", Map.of(
			"maskimage", maskImage(37, 23, 0))), "nothing to inpaint", imp, before);
		FloatProcessor fp = new FloatProcessor(37, 23);
		fp.add(0.25);
		ImagePlus noNaN = new ImagePlus("no NaN", fp);
		Snapshot noNaNBefore = new Snapshot(noNaN);
		assertRefused(run(InpaintDamage.class, noNaN, "mask=nan dilate=0 model=[" + inpaintModel + "]"), "nothing to inpaint",
			noNaN, noNaNBefore);
		assertRefused(run(RestorePhoto.class, noNaN, "mask=nan inpaint=[" + inpaintModel + "] colorize=[" +
			colorizeModel + "]"), "nothing to inpaint", noNaN, noNaNBefore);
	}

	@Test
	void aMaskCoveringEverythingIsInventedAndTheLogSaysSo() throws Exception {
		ImagePlus imp = rgb(37, 23, 4);
		Snapshot before = new Snapshot(imp);
		int logged = LOG.size();
		CommandModule m = run(InpaintDamage.class, imp, "mask=mask-image dilate=0 model=[" + inpaintModel + "]", Map.of(
			"maskimage", maskImage(37, 23, 255)));
		assertFalse(m.isCanceled(), m.getCancelReason());
		int[] in = (int[]) imp.getProcessor().getPixels(), out = (int[]) ((ImagePlus) m.getOutput("result"))
			.getProcessor().getPixels();
		int changed = 0;
		for (int i = 0; i < in.length; i++)
			if (in[i] != out[i]) changed++;
		assertTrue(changed > in.length * 0.9, "invented " + changed + " of " + in.length);
		synchronized (LOG) {
			assertTrue(LOG.subList(logged, LOG.size()).stream().anyMatch(l -> l.contains("covers all of photo.png")),
				LOG.toString());
		}
		before.assertUnchanged(imp, "full mask");
	}

	@Test
	void tinyAndOddSizedImagesWork() throws Exception {
		ImagePlus one = rgb(1, 1, 5);
		one.setRoi(new Roi(0, 0, 1, 1));
		Snapshot oneBefore = new Snapshot(one);
		CommandModule m = run(InpaintDamage.class, one, "mask=selection model=[" + inpaintModel + "]");
		assertFalse(m.isCanceled(), m.getCancelReason());
		assertEquals(1, ((ImagePlus) m.getOutput("result")).getWidth());
		oneBefore.assertUnchanged(one, "1x1");

		ImagePlus small = gray(3, 5);
		Snapshot smallBefore = new Snapshot(small);
		m = run(Colorize.class, small, "model=[" + colorizeModel + "]");
		assertFalse(m.isCanceled(), m.getCancelReason());
		ImagePlus colour = (ImagePlus) m.getOutput("result");
		assertEquals(3, colour.getWidth());
		assertEquals(5, colour.getHeight());
		smallBefore.assertUnchanged(small, "3x5");

		ImagePlus odd = gray(37, 23);
		odd.setRoi(new Roi(30, 0, 7, 23)); // touching the border
		Snapshot oddBefore = new Snapshot(odd);
		m = run(RestorePhoto.class, odd, "mask=selection inpaint=[" + inpaintModel + "] colorize=[" + colorizeModel +
			"] size=64");
		assertFalse(m.isCanceled(), m.getCancelReason());
		assertEquals(24, ((ImagePlus) m.getOutput("result")).getBitDepth());
		oddBefore.assertUnchanged(odd, "37x23");
	}

	@Test
	void nanAndInfinityIn32BitDataAreFilledOrCarried() throws Exception {
		FloatProcessor fp = new FloatProcessor(37, 23);
		float[] p = (float[]) fp.getPixels();
		for (int i = 0; i < p.length; i++)
			p[i] = 100 + (i % 37) * 3 + (i / 37);
		p[40] = Float.NaN;
		p[41] = Float.POSITIVE_INFINITY;
		p[300] = Float.NEGATIVE_INFINITY;
		ImagePlus imp = new ImagePlus("scan32", fp);
		Snapshot before = new Snapshot(imp);
		CommandModule m = run(InpaintDamage.class, imp, "mask=nan dilate=0 model=[" + inpaintModel + "]");
		assertFalse(m.isCanceled(), m.getCancelReason());
		float[] out = (float[]) ((ImagePlus) m.getOutput("result")).getProcessor().getPixels();
		for (int i = 0; i < out.length; i++) {
			assertTrue(Float.isFinite(out[i]), "pixel " + i + " = " + out[i]);
			if (i != 40 && i != 41 && i != 300) assertEquals(p[i], out[i], "intact pixel " + i);
		}
		before.assertUnchanged(imp, "NaN inpainting");

		m = run(Colorize.class, imp, "model=[" + colorizeModel + "]");
		assertFalse(m.isCanceled(), m.getCancelReason());
		ImagePlus colour = (ImagePlus) m.getOutput("result");
		assertEquals(3, colour.getNChannels());
		assertEquals(32, colour.getBitDepth());
		before.assertUnchanged(imp, "NaN colourisation");

		ImagePlus allNaN = new ImagePlus("all NaN", new FloatProcessor(8, 6, new float[48]));
		Arrays.fill((float[]) allNaN.getProcessor().getPixels(), Float.NaN);
		m = run(InpaintDamage.class, allNaN, "mask=nan dilate=0 model=[" + inpaintModel + "]");
		assertFalse(m.isCanceled(), m.getCancelReason());
	}

	/** A status bar whose progress, on its {@code n}th report of more than zero, cancels {@code command}. */
	private static StatusService cancellingStatus(ReviveCommand command, int n) {
		AtomicInteger reports = new AtomicInteger();
		return (StatusService) Proxy.newProxyInstance(StatusService.class.getClassLoader(), new Class<?>[] {
			StatusService.class }, (proxy, method, args) -> {
				if (method.getName().equals("showProgress") && (int) args[0] > 0 && reports.incrementAndGet() == n)
					command.cancel("the user pressed Cancel");
				if (method.getReturnType() == boolean.class) return false;
				if (method.getReturnType() == String.class) return "";
				if (method.getReturnType() == int.class) return 0;
				return null;
			});
	}

	private static void set(Object o, String name, Object value) throws Exception {
		for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass())
			try {
				Field f = c.getDeclaredField(name);
				f.setAccessible(true);
				f.set(o, value);
				return;
			}
			catch (NoSuchFieldException e) {
				// look in the superclass
			}
		throw new NoSuchFieldException(name);
	}

	@Test
	void cancellingInTheMiddleOfInpaintingLeavesNoResult() throws Exception {
		ImagePlus imp = rgb(150, 120, 6);
		Snapshot before = new Snapshot(imp);
		InpaintDamage c = new InpaintDamage();
		c.setContext(context);
		set(c, "image", imp);
		set(c, "mask", "mask-image");
		set(c, "maskimage", maskImage(150, 120, 1));
		set(c, "model", inpaintModel.toString());
		c.status = cancellingStatus(c, 1); // after the first batch of tiles
		c.run();
		assertTrue(c.isCanceled());
		assertEquals("Cancelled.", c.getCancelReason());
		assertNull(c.result(), "no partial result");
		before.assertUnchanged(imp, "cancelled inpainting");
	}

	@Test
	void cancellingInTheMiddleOfTrainingSavesTheCheckpoint() throws Exception {
		ImageStack s = new ImageStack(64, 48);
		for (int i = 0; i < 3; i++)
			s.addSlice(rgb(64, 48, 20 + i).getProcessor());
		ImagePlus photos = new ImagePlus("photos", s);
		Snapshot before = new Snapshot(photos);
		Path run = dir.resolve("cancelled mid-run");
		TrainInpaintingModel c = new TrainInpaintingModel();
		c.setContext(context);
		c.stack = photos;
		c.preset = "tiny";
		c.crop = 32;
		c.batch = 2;
		c.l1steps = 2;
		c.gansteps = 2;
		c.seed = 3;
		c.run = run.toFile();
		c.status = cancellingStatus(c, 2); // after step 2 of 4
		c.run();
		assertEquals("Cancelled; run again with the same run folder to resume.", c.getCancelReason());
		assertEquals(2, Checkpoint.load(run.resolve(Trainer.CHECKPOINT)).state.step);
		assertFalse(Files.exists(run.resolve(Trainer.FINAL)), "no final model from a cancelled run");
		before.assertUnchanged(photos, "training photos");
	}

	/** A command whose work fails as an unexpected bug, a memory shortage or a missing native library would. */
	static final class Failing extends ReviveCommand {

		Throwable failure;

		@Override
		void execute() throws Exception {
			if (failure instanceof Exception) throw (Exception) failure;
			throw (Error) failure;
		}
	}

	/** Every command that works on an image says what to do without one (ReviveCommand.noImage). */
	@Test
	void withoutAnImageEachCommandSaysToOpenOne() {
		for (ReviveCommand c : new ReviveCommand[] { new InpaintDamage(), new Colorize(), new RestorePhoto(),
			new DetectDamage(), new ShowSynthesizedPixels(), new SaveProvenance() })
		{
			c.run();
			assertTrue(c.isCanceled(), c.getClass().getSimpleName());
			assertEquals("Open an image first.", c.getCancelReason(), c.getClass().getSimpleName());
		}
	}

	@Test
	void unexpectedFailuresBecomeOneLineAndTheDetailsGoToTheLog() {
		Map<Throwable, String> cases = new LinkedHashMap<>();
		cases.put(new IllegalStateException("tile function returned nothing\n\tat somewhere"),
			"Unexpected error (IllegalStateException: tile function returned nothing ...). The details are in the log");
		cases.put(new OutOfMemoryError("Java heap space"), "give Java more memory (Edit > Options > Memory & Threads)");
		cases.put(new UnsatisfiedLinkError("no jnind4jcpu in java.library.path"), "backend could not be loaded");
		cases.put(new java.io.UncheckedIOException(new java.io.IOException("cannot read x.png: no such file")),
			"cannot read x.png: no such file");
		for (Map.Entry<Throwable, String> e : cases.entrySet()) {
			Failing f = new Failing();
			f.failure = e.getKey();
			f.log = context.service(LogService.class);
			int logged = LOG.size();
			f.run(); // nothing escapes
			assertTrue(f.isCanceled());
			assertTrue(f.getCancelReason().startsWith(e.getValue()) || f.getCancelReason().contains(e.getValue()), f
				.getCancelReason());
			assertFalse(f.getCancelReason().contains("\n"), f.getCancelReason());
			boolean expected = e.getKey() instanceof java.io.UncheckedIOException;
			synchronized (LOG) {
				List<String> lines = LOG.subList(logged, LOG.size());
				assertEquals(expected ? 0 : 1, lines.stream().filter(l -> l.startsWith(LogLevel.prefix(LogLevel.ERROR)) &&
					l.contains("[" + e.getKey().getClass().getName())).count(), "logged in full: " + lines);
			}
		}
	}
}
