package org.revivegan.fiji;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Damage Brush and Inpaint Damage in a real ImageJ 1 window: {@link DamageBrushGuiScenario} runs in a child
 * JVM with {@code java.awt.headless=false} (surefire's JVM is headless), paints a stroke with real mouse events
 * and runs Inpaint Damage, then erases part of the stroke with an Alt-drag, opens (and cancels) the brush
 * options by double-clicking the tool icon, and shows two training previews; this test checks what it wrote to
 * {@code target/gui}, screenshot included ({@code target/gui/damage-brush.png}).
 * <p>
 * The display is a private Xvfb started here when {@code Xvfb} is installed (so a desktop's mouse is never
 * taken over), else {@code DISPLAY}; with neither the test is skipped, with the reason.
 */
class DamageBrushGuiTest {

	private static final int X0 = 120, Y0 = 90, X1 = 330, Y1 = 200, BRUSH = 11;

	private static Process xvfb;
	private static String display;

	@BeforeAll
	static void startDisplay() throws IOException, InterruptedException {
		if (onPath("Xvfb")) {
			xvfb = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
				.redirectError(ProcessBuilder.Redirect.DISCARD).start();
			BufferedReader r = new BufferedReader(new InputStreamReader(xvfb.getInputStream(), StandardCharsets.US_ASCII));
			String number = r.readLine(); // Xvfb writes its display number once it accepts connections
			assertNotNull(number, "Xvfb exited before giving its display number");
			display = ":" + number.trim();
		}
		else
			display = System.getenv("DISPLAY");
	}

	@AfterAll
	static void stopDisplay() throws InterruptedException {
		if (xvfb != null) {
			xvfb.destroy();
			xvfb.waitFor(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void paintWithTheBrushThenInpaintInRealWindows() throws Exception {
		assumeTrue(display != null && !display.isEmpty(),
			"No X display: install Xvfb (apt-get install xvfb) or set DISPLAY to run the GUI test");
		Path out = Paths.get("target", "gui").toAbsolutePath();
		Files.createDirectories(out);
		for (String f : new String[] { "result.properties", "damage-brush.png", "mask.png", "restored.png", "input.png",
			"mask-erased.png" })
			Files.deleteIfExists(out.resolve(f));
		Path sample = Paths.get("sample-images", "chelsea.png").toAbsolutePath();
		assertTrue(Files.isRegularFile(sample), sample + " is missing");

		String log = runScenario(out, sample);
		Properties result = new Properties();
		Path props = out.resolve("result.properties");
		assertTrue(Files.isRegularFile(props), "The GUI JVM wrote no result:\n" + log);
		try (InputStream in = Files.newInputStream(props)) {
			result.load(in);
		}
		assertEquals("ok", result.getProperty("status"), log);
		assertEquals("Damage Brush", result.getProperty("tool"));

		BufferedImage mask = ImageIO.read(out.resolve("mask.png").toFile());
		BufferedImage input = ImageIO.read(out.resolve("input.png").toFile());
		assertEquals(input.getWidth(), mask.getWidth());
		assertEquals(input.getHeight(), mask.getHeight());
		assertPaintedAlongTheStroke(mask);

		assertEquals("chelsea-restored", result.getProperty("resultTitle"));
		assertEquals("true", result.getProperty("resultShown"), "the result is not an open ImageJ window");
		BufferedImage restored = ImageIO.read(out.resolve("restored.png").toFile());
		assertNotNull(restored);
		assertEquals(input.getWidth(), restored.getWidth());
		assertEquals(input.getHeight(), restored.getHeight());
		int changedInside = 0;
		for (int y = 0; y < input.getHeight(); y++)
			for (int x = 0; x < input.getWidth(); x++) {
				boolean changed = (input.getRGB(x, y) & 0xffffff) != (restored.getRGB(x, y) & 0xffffff);
				if (!changed) continue;
				assertTrue(nearMask(mask, x, y), "pixel (" + x + ", " + y + ") changed outside the painted mask");
				changedInside++;
			}
		assertTrue(changedInside > 0, "Inpaint Damage changed no pixel");

		BufferedImage screenshot = ImageIO.read(out.resolve("damage-brush.png").toFile());
		assertNotNull(screenshot, "no screenshot");
		assertEquals(1280, screenshot.getWidth());

		assertErasedTheMiddleOfTheStroke(mask, ImageIO.read(out.resolve("mask-erased.png").toFile()), result);

		assertEquals("Damage Brush", result.getProperty("optionsDialogTitle"), "double-clicking the tool icon " +
			"opened no options dialog");
		assertEquals(Integer.toString(BRUSH), result.getProperty("optionsBrushSize"));
		assertEquals("true", result.getProperty("optionsCanceled"));
		assertEquals(Integer.toString(BRUSH), result.getProperty("brushSizeAfterOptions"), "Cancel changed the brush");

		assertEquals("1", result.getProperty("previewWindows"), "two training previews, one window");
		assertEquals("000000,ffffff", result.getProperty("previewPixels"), "the second preview replaced the first");
	}

	/**
	 * The Alt-drag from 0.4 to 0.6 of the stroke erased the stroke there and nothing away from that segment, and
	 * painted nothing.
	 */
	private static void assertErasedTheMiddleOfTheStroke(BufferedImage painted, BufferedImage erased,
		Properties result)
	{
		long before = Long.parseLong(result.getProperty("maskPixelsBeforeErasing"));
		long after = Long.parseLong(result.getProperty("maskPixelsAfterErasing"));
		double segment = 0.2 * Math.hypot(X1 - X0, Y1 - Y0);
		assertTrue(before - after > 0.7 * segment * BRUSH, "the Alt-drag erased " + (before - after) + " pixels");
		long count = 0;
		double sx0 = X0 + (X1 - X0) * 0.4, sy0 = Y0 + (Y1 - Y0) * 0.4, sx1 = X0 + (X1 - X0) * 0.6,
			sy1 = Y0 + (Y1 - Y0) * 0.6;
		double reach = BRUSH / 2.0 + 2;
		for (int y = 0; y < erased.getHeight(); y++)
			for (int x = 0; x < erased.getWidth(); x++) {
				boolean was = isSet(painted, x, y), is = isSet(erased, x, y);
				if (is) count++;
				assertFalse(is && !was, "erasing painted (" + x + ", " + y + ")");
				if (was && !is) assertTrue(distanceToSegment(x + 0.5, y + 0.5, sx0, sy0, sx1, sy1) <= reach,
					"(" + x + ", " + y + ") was erased away from the Alt-drag");
			}
		assertEquals(after, count, "mask-erased.png has the erased mask's pixel count");
		for (int i = 9; i <= 11; i++) { // on the stroke, well inside the erased segment
			int x = X0 + (X1 - X0) * i / 20, y = Y0 + (Y1 - Y0) * i / 20;
			assertFalse(isSet(erased, x, y), "the stroke is still painted at (" + x + ", " + y + ")");
		}
		for (int i : new int[] { 0, 2, 18, 20 }) {
			int x = X0 + (X1 - X0) * i / 20, y = Y0 + (Y1 - Y0) * i / 20;
			assertTrue(isSet(erased, x, y), "the stroke was erased at (" + x + ", " + y + ")");
		}
	}

	/** Every painted pixel lies within the brush radius of the stroke, and the stroke is covered end to end. */
	private static void assertPaintedAlongTheStroke(BufferedImage mask) {
		double radius = BRUSH / 2.0 + 2; // a screen pixel of slack each side
		int painted = 0;
		for (int y = 0; y < mask.getHeight(); y++)
			for (int x = 0; x < mask.getWidth(); x++) {
				if (!isSet(mask, x, y)) continue;
				painted++;
				double d = distanceToStroke(x + 0.5, y + 0.5);
				assertTrue(d <= radius, "painted pixel (" + x + ", " + y + ") is " + d + " px from the stroke");
			}
		for (int i = 0; i <= 20; i++) {
			int x = X0 + (X1 - X0) * i / 20, y = Y0 + (Y1 - Y0) * i / 20;
			assertTrue(isSet(mask, x, y), "the stroke is not painted at (" + x + ", " + y + ")");
		}
		double length = Math.hypot(X1 - X0, Y1 - Y0);
		assertTrue(painted > 0.7 * length * BRUSH, painted + " painted pixels, too few for the stroke");
	}

	private static double distanceToStroke(double x, double y) {
		return distanceToSegment(x, y, X0, Y0, X1, Y1);
	}

	private static double distanceToSegment(double x, double y, double x0, double y0, double x1, double y1) {
		double dx = x1 - x0, dy = y1 - y0;
		double t = Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)));
		return Math.hypot(x - (x0 + t * dx), y - (y0 + t * dy));
	}

	private static boolean isSet(BufferedImage mask, int x, int y) {
		return mask.getRaster().getSample(x, y, 0) != 0;
	}

	/** Whether (x, y) is in the mask dilated by one pixel. */
	private static boolean nearMask(BufferedImage mask, int x, int y) {
		for (int v = Math.max(0, y - 1); v <= Math.min(mask.getHeight() - 1, y + 1); v++)
			for (int u = Math.max(0, x - 1); u <= Math.min(mask.getWidth() - 1, x + 1); u++)
				if (isSet(mask, u, v)) return true;
		return false;
	}

	private static String runScenario(Path out, Path sample) throws IOException, InterruptedException {
		List<String> cmd = new ArrayList<>();
		cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
			if (!arg.startsWith("-Djava.awt.headless") && !arg.startsWith("-Xmx") && !arg.startsWith("-agentlib"))
				cmd.add(arg);
		cmd.add("-Xmx1g");
		cmd.add("-Djava.awt.headless=false");
		cmd.add("-cp");
		cmd.add(System.getProperty("java.class.path"));
		cmd.add(DamageBrushGuiScenario.class.getName());
		for (Object a : new Object[] { out, sample, X0, Y0, X1, Y1, BRUSH })
			cmd.add(a.toString());
		ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
		pb.environment().put("DISPLAY", display);
		File logFile = out.resolve("scenario.log").toFile();
		pb.redirectOutput(logFile);
		Process p = pb.start();
		boolean done = p.waitFor(180, TimeUnit.SECONDS);
		if (!done) p.destroyForcibly().waitFor();
		String log = new String(Files.readAllBytes(logFile.toPath()), StandardCharsets.UTF_8);
		assertTrue(done, "The GUI JVM did not finish in 180 s:\n" + log);
		return log;
	}

	private static boolean onPath(String program) {
		String path = System.getenv("PATH");
		if (path == null) return false;
		for (String dir : path.split(File.pathSeparator))
			if (Files.isExecutable(Paths.get(dir, program))) return true;
		return false;
	}
}
