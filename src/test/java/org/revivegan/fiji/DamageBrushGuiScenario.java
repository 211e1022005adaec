package org.revivegan.fiji;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.ImageCanvas;
import ij.gui.GenericDialog;
import ij.gui.ImageWindow;
import ij.gui.Toolbar;

import java.awt.Color;
import java.awt.EventQueue;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.TextField;
import java.awt.Toolkit;
import java.awt.Window;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import javax.imageio.ImageIO;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.revivegan.core.model.Task;
import org.revivegan.fiji.commands.InpaintDamage;
import org.revivegan.mask.DamageMask;
import org.revivegan.testing.TinyModels;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * The GUI half of {@link DamageBrushGuiTest}, run in its own JVM with {@code java.awt.headless=false} on an X
 * display: a visible ImageJ 1, chelsea.png in a real image window, the Damage Brush installed in the toolbar
 * and one stroke painted with real mouse events from {@link Robot}; then Inpaint Damage with {@code mask=brush}
 * through a SciJava context, the result shown, and a screenshot of the whole screen. Then an Alt-drag over the
 * middle of the stroke erases it there, and a double-click on the tool's icon opens its options dialog, which
 * Escape cancels. Last, two training previews ({@link PreviewWindow}) go to one window.
 * <p>
 * It writes what the test checks into the output folder: {@code input.png}, {@code mask.png} (255 = painted),
 * {@code restored.png}, {@code damage-brush.png} (the screenshot), {@code mask-erased.png} (after the Alt-drag)
 * and {@code result.properties}. It is not a test itself, so that surefire's headless JVM never loads it.
 * <p>
 * Arguments: output folder, sample image, stroke start x, y, end x, y (image pixels), brush size.
 */
public final class DamageBrushGuiScenario {

	private static final long TIMEOUT_MS = 20_000;

	/** Tries of a double-click that may be taken for two clicks, and how long each waits for its effect. */
	private static final int ATTEMPTS = 3;
	private static final long ATTEMPT_MS = 5_000;

	private DamageBrushGuiScenario() {}

	public static void main(String[] args) throws Exception {
		Path out = Paths.get(args[0]);
		Path sample = Paths.get(args[1]);
		int x0 = Integer.parseInt(args[2]), y0 = Integer.parseInt(args[3]);
		int x1 = Integer.parseInt(args[4]), y1 = Integer.parseInt(args[5]);
		int brushSize = Integer.parseInt(args[6]);
		Files.createDirectories(out);
		Properties result = new Properties();
		try {
			run(out, sample, x0, y0, x1, y1, brushSize, result);
			result.setProperty("status", "ok");
		}
		catch (Throwable t) {
			result.setProperty("status", "failed: " + t);
			t.printStackTrace();
		}
		finally {
			try (OutputStream os = Files.newOutputStream(out.resolve("result.properties"))) {
				result.store(os, "DamageBrushGuiScenario");
			}
			System.exit(0);
		}
	}

	private static void run(Path out, Path sample, int x0, int y0, int x1, int y1, int brushSize, Properties result)
		throws Exception
	{
		Robot robot = new Robot();
		robot.setAutoDelay(5);

		onEdt(() -> new ImageJ());
		await("the ImageJ window", () -> IJ.getInstance() != null && IJ.getInstance().isShowing());

		ImagePlus imp = IJ.openImage(sample.toString());
		if (imp == null) throw new IOException("Cannot open " + sample);
		ImageIO.write(imp.getBufferedImage(), "png", out.resolve("input.png").toFile());
		onEdt(imp::show);
		await("the image window", () -> imp.getWindow() != null && imp.getWindow().isShowing()
			&& imp.getCanvas().isShowing());
		ImageWindow window = imp.getWindow();
		onEdt(() -> window.setLocation(20, 140));
		await("the image window to move", () -> window.getLocation().equals(new Point(20, 140)));

		DamageBrushTool tool = new DamageBrushTool();
		tool.setBrushSize(brushSize);
		onEdt(() -> Toolbar.addPlugInTool(tool));
		DamageMasks.setOverlayStyle(Color.RED, DamageMasks.DEFAULT_OPACITY);
		await("the Damage Brush to be the current tool", () -> "Damage Brush".equals(Toolbar.getToolName()));
		result.setProperty("tool", Toolbar.getToolName());
		robot.waitForIdle();

		ImageCanvas canvas = imp.getCanvas();
		Point start = onScreen(canvas, x0, y0), end = onScreen(canvas, x1, y1);
		robot.mouseMove(start.x, start.y);
		robot.waitForIdle();
		robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
		int steps = 40;
		for (int i = 1; i <= steps; i++)
			robot.mouseMove(start.x + (end.x - start.x) * i / steps, start.y + (end.y - start.y) * i / steps);
		robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
		robot.mouseMove(end.x + 5, window.getY() - 5); // off the image, so the screenshot shows no cursor on it
		robot.waitForIdle();
		await("the painted mask", () -> DamageMasks.find(imp).map(m -> !m.isEmpty()).orElse(false));
		DamageMask mask = DamageMasks.find(imp).get();
		writeMask(mask, out.resolve("mask.png"));
		result.setProperty("maskPixels", Long.toString(mask.count()));

		Path model = TinyModels.save(Task.INPAINT, out.resolve("tiny-inpaint.zip"));
		Context context = new Context(CommandService.class);
		ImagePlus restored;
		try {
			Map<String, Object> inputs = new LinkedHashMap<>();
			inputs.put("image", imp);
			inputs.put("mask", "brush");
			inputs.put("model", model.toString());
			inputs.put("dilate", 0);
			CommandModule module = context.service(CommandService.class).run(InpaintDamage.class, true, inputs).get();
			if (module.isCanceled()) throw new IllegalStateException("Inpaint Damage cancelled: " + module.getCancelReason());
			restored = (ImagePlus) module.getOutput("result");
		}
		finally {
			context.dispose();
		}
		if (restored == null) throw new IllegalStateException("Inpaint Damage gave no result");
		onEdt(restored::show);
		await("the restored window", () -> restored.getWindow() != null && restored.getWindow().isShowing());
		onEdt(() -> restored.getWindow().setLocation(40 + window.getWidth(), 140));
		onEdt(() -> WindowManager.setCurrentWindow(window));
		robot.waitForIdle();
		Thread.sleep(300); // repaints
		robot.waitForIdle();

		ImagePlus shown = WindowManager.getImage(restored.getTitle());
		result.setProperty("resultTitle", restored.getTitle());
		result.setProperty("resultShown", Boolean.toString(shown == restored));
		ImageIO.write(restored.getBufferedImage(), "png", out.resolve("restored.png").toFile());
		BufferedImage screen = robot.createScreenCapture(new Rectangle(Toolkit.getDefaultToolkit().getScreenSize()));
		ImageIO.write(screen, "png", out.resolve("damage-brush.png").toFile());
		Rectangle inputBounds = new Rectangle(canvas.getLocationOnScreen(), canvas.getSize());
		result.setProperty("inputCanvasOnScreen", inputBounds.x + "," + inputBounds.y + "," + inputBounds.width + "," + inputBounds.height);
		result.setProperty("magnification", Double.toString(canvas.getMagnification()));

		eraseWithAlt(robot, imp, x0, y0, x1, y1, out, result);
		openAndCancelTheOptions(robot, tool, result);
		trainingPreviewUpdatesOneWindow(result);
	}

	/**
	 * Not the brush, but the one other window the plugin draws into while work runs: two training previews
	 * must show in one "&lt;run&gt; preview" window, the second replacing the first.
	 */
	private static void trainingPreviewUpdatesOneWindow(Properties result) throws Exception {
		PreviewWindow preview = new PreviewWindow("gui run", line -> {}, false);
		Img<FloatType> first = ArrayImgs.floats(20, 10, 3), second = ArrayImgs.floats(20, 10, 3); // black
		for (FloatType v : second)
			v.set(1); // white
		preview.preview(500, first);
		await("the preview window", () -> WindowManager.getImage(preview.title()) != null && WindowManager.getImage(
			preview.title()).getWindow().isShowing());
		ImagePlus shown = WindowManager.getImage(preview.title());
		int firstPixel = shown.getProcessor().get(3, 3) & 0xffffff;
		preview.preview(1000, second);
		await("the preview to update", () -> (shown.getProcessor().get(3, 3) & 0xffffff) == 0xffffff);
		int windows = 0;
		for (int id : WindowManager.getIDList())
			if (preview.title().equals(WindowManager.getImage(id).getTitle())) windows++;
		result.setProperty("previewWindows", Integer.toString(windows));
		result.setProperty("previewPixels", String.format("%06x,%06x", firstPixel, shown.getProcessor().get(3, 3) &
			0xffffff));
	}

	/**
	 * Alt-drags over the middle fifth of the painted stroke (0.4 to 0.6 of its length), which must erase it
	 * there; writes {@code mask-erased.png} and the pixel counts before and after.
	 */
	private static void eraseWithAlt(Robot robot, ImagePlus imp, int x0, int y0, int x1, int y1, Path out,
		Properties result) throws Exception
	{
		DamageMask mask = DamageMasks.find(imp).orElseThrow(() -> new IllegalStateException("the mask is gone"));
		long before = mask.count();
		ImageCanvas canvas = imp.getCanvas();
		Point from = onScreen(canvas, x0 + (x1 - x0) * 2 / 5, y0 + (y1 - y0) * 2 / 5);
		Point to = onScreen(canvas, x0 + (x1 - x0) * 3 / 5, y0 + (y1 - y0) * 3 / 5);
		robot.mouseMove(from.x, from.y);
		robot.waitForIdle();
		robot.keyPress(KeyEvent.VK_ALT);
		try {
			robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
			int steps = 20;
			for (int i = 1; i <= steps; i++)
				robot.mouseMove(from.x + (to.x - from.x) * i / steps, from.y + (to.y - from.y) * i / steps);
			robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
		}
		finally {
			robot.keyRelease(KeyEvent.VK_ALT);
		}
		robot.waitForIdle();
		await("the Alt-drag to erase", () -> mask.count() < before);
		robot.waitForIdle();
		AtomicReference<Long> after = new AtomicReference<>();
		onEdt(() -> after.set(mask.count()));
		result.setProperty("maskPixelsBeforeErasing", Long.toString(before));
		result.setProperty("maskPixelsAfterErasing", Long.toString(after.get()));
		writeMask(mask, out.resolve("mask-erased.png"));
	}

	/**
	 * Double-clicks the Damage Brush icon in the toolbar, which must open its options dialog showing the brush
	 * size; then presses Escape, which must cancel it (close it and change nothing).
	 */
	private static void openAndCancelTheOptions(Robot robot, DamageBrushTool tool, Properties result)
		throws Exception
	{
		Point icon = toolIconOnScreen(tool.getToolName());
		int opens = attempts("the Damage Brush options dialog", () -> {
			robot.mouseMove(icon.x, icon.y);
			robot.waitForIdle();
			for (int click = 0; click < 2; click++) { // IJ1 takes two presses within 650 ms on the current tool
				robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
				robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
			}
		}, () -> optionsDialog() != null);
		GenericDialog gd = optionsDialog();
		AtomicReference<String> size = new AtomicReference<>();
		onEdt(() -> size.set(((TextField) gd.getNumericFields().get(0)).getText()));
		result.setProperty("optionsDialogTitle", gd.getTitle());
		result.setProperty("optionsBrushSize", size.get());
		// Escape, not a click on Cancel: with no window manager, AWT keeps the dialog's position at (0, 0) after
		// ImageJ centres it (now and then, not always), so a click at its Cancel button's position can miss
		AtomicReference<Boolean> focused = new AtomicReference<>();
		await("the options dialog to have the keyboard focus", () -> {
			onEdtUnchecked(() -> focused.set(gd.isFocused()));
			return focused.get();
		});
		robot.keyPress(KeyEvent.VK_ESCAPE);
		robot.keyRelease(KeyEvent.VK_ESCAPE);
		await("the options dialog to close on Escape", () -> optionsDialog() == null);
		result.setProperty("optionsDoubleClicks", Integer.toString(opens));
		result.setProperty("optionsCanceled", Boolean.toString(gd.wasCanceled()));
		result.setProperty("brushSizeAfterOptions", Integer.toString(tool.getBrushSize()));
	}

	/** A user action in the scenario: mouse or keyboard events. */
	private interface Gesture {

		void perform() throws Exception;
	}

	/**
	 * Performs {@code gesture} until {@code done} holds, at most {@value #ATTEMPTS} times, waiting up to
	 * {@value #ATTEMPT_MS} ms after each. Once in about twenty runs on the loaded build machine the double-click
	 * opened no dialog (cause not found; IJ1 times a double-click itself, 650 ms at most between its handling
	 * of the two presses, so a busy event queue can split it); a user would double-click again, and so does
	 * this.
	 *
	 * @return how many attempts it took
	 */
	private static int attempts(String what, Gesture gesture, Supplier<Boolean> done) throws Exception {
		for (int attempt = 1;; attempt++) {
			gesture.perform();
			try {
				await(what, ATTEMPT_MS, done);
				return attempt;
			}
			catch (IllegalStateException e) {
				if (attempt == ATTEMPTS) throw e;
				Thread.sleep(700); // so that the next press is not taken as a triple click
			}
		}
	}

	/** @return the showing Damage Brush options dialog, or null */
	private static GenericDialog optionsDialog() {
		for (Window w : Window.getWindows())
			if (w instanceof GenericDialog && w.isShowing() && "Damage Brush".equals(((GenericDialog) w).getTitle()))
				return (GenericDialog) w;
		return null;
	}

	/**
	 * The screen position of the centre of a tool's icon in IJ1's toolbar. Toolbar says which tool is under an
	 * x position only in its private {@code toolID(int)} (the slots are not evenly spaced: there is a gap), so
	 * that is asked for every x.
	 */
	private static Point toolIconOnScreen(String toolName) throws Exception {
		Toolbar toolbar = Toolbar.getInstance();
		int id = toolbar.getToolId(toolName);
		if (id < 0) throw new IllegalStateException(toolName + " is not in the toolbar");
		Method toolId = Toolbar.class.getDeclaredMethod("toolID", int.class);
		Method inGap = Toolbar.class.getDeclaredMethod("inGap", int.class);
		toolId.setAccessible(true);
		inGap.setAccessible(true);
		int first = -1, last = -1;
		for (int x = 0; x < toolbar.getWidth(); x++)
			if (!(Boolean) inGap.invoke(toolbar, x) && (Integer) toolId.invoke(toolbar, x) == id) {
				if (first < 0) first = x;
				last = x;
			}
		if (first < 0) throw new IllegalStateException("No icon of " + toolName + " (tool " + id + ") in the toolbar");
		AtomicReference<Point> origin = new AtomicReference<>();
		onEdt(() -> origin.set(toolbar.getLocationOnScreen()));
		return new Point(origin.get().x + (first + last) / 2, origin.get().y + toolbar.getHeight() / 2);
	}

	/** The screen position of the centre of image pixel (x, y) in {@code canvas}. */
	private static Point onScreen(ImageCanvas canvas, int x, int y) throws Exception {
		AtomicReference<Point> p = new AtomicReference<>();
		onEdt(() -> {
			Point origin = canvas.getLocationOnScreen();
			p.set(new Point(origin.x + canvas.screenXD(x + 0.5), origin.y + canvas.screenYD(y + 0.5)));
		});
		return p.get();
	}

	private static void writeMask(DamageMask mask, Path file) throws IOException {
		BufferedImage bi = new BufferedImage(mask.width(), mask.height(), BufferedImage.TYPE_BYTE_GRAY);
		for (int y = 0; y < mask.height(); y++)
			for (int x = 0; x < mask.width(); x++)
				bi.getRaster().setSample(x, y, 0, mask.isSet(x, y) ? 255 : 0);
		ImageIO.write(bi, "png", file.toFile());
	}

	private static void onEdt(Runnable r) throws InvocationTargetException, InterruptedException {
		EventQueue.invokeAndWait(r);
	}

	/** {@link #onEdt} for conditions, which cannot throw checked exceptions. */
	private static void onEdtUnchecked(Runnable r) {
		try {
			onEdt(r);
		}
		catch (InvocationTargetException | InterruptedException e) {
			throw new IllegalStateException(e);
		}
	}

	private static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
		await(what, TIMEOUT_MS, condition);
	}

	private static void await(String what, long timeoutMs, Supplier<Boolean> condition) throws InterruptedException {
		long end = System.currentTimeMillis() + timeoutMs;
		while (!condition.get()) {
			if (System.currentTimeMillis() > end) throw new IllegalStateException("Timed out waiting for " + what);
			Thread.sleep(50);
		}
	}
}
