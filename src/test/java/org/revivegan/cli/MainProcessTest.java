package org.revivegan.cli;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.train.Checkpoint;
import org.revivegan.core.train.Trainer;
import org.revivegan.io.ImageFiles;

/**
 * The command line as a process: SIGTERM during a training saves a checkpoint and exits 130 (as Ctrl-C does);
 * the {@code revive} script runs from its real folder when called through a link, and takes non-ASCII file names
 * under {@code LC_ALL=C}.
 */
class MainProcessTest {

	@TempDir
	Path dir;

	private static boolean linux() {
		return System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux");
	}

	private Path photos() throws IOException {
		Path photos = Files.createDirectories(dir.resolve("photos"));
		Img<FloatType> img = ArrayImgs.floats(40, 36, 3);
		int i = 0;
		for (FloatType t : img)
			t.set((float) (0.5 + 0.4 * Math.sin(i++ * 0.37)));
		ImageFiles.write(photos.resolve("p.png"), img);
		return photos;
	}

	private static String java() {
		return ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + File.separator + "bin" +
			File.separator + "java");
	}

	@Test
	void sigtermDuringTrainingSavesTheCheckpointAndExits130() throws Exception {
		assumeTrue(linux(), "signals as on Linux");
		Path photos = photos(), run = dir.resolve("run"), log = dir.resolve("child.log");
		List<String> cmd = new ArrayList<>(List.of(java()));
		for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
			if (!arg.startsWith("-agentlib:jdwp") && !arg.startsWith("-javaagent")) cmd.add(arg);
		cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "train", "--images", photos
			.toString(), "--run", run.toString(), "--preset", "tiny", "--crop", "32", "--batch", "1", "--l1-steps",
			"1000000", "--gan-steps", "0", "--validate-every", "1000000", "--checkpoint-every", "1000000"));
		Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
			while (!(Files.exists(run.resolve(Trainer.LOSSES)) && Files.readAllLines(run.resolve(Trainer.LOSSES))
				.size() >= 3))
			{
				assertTrue(child.isAlive(), () -> "the child ended early: " + read(log));
				assertTrue(System.nanoTime() < deadline, () -> "no training steps within 180 s: " + read(log));
				Thread.sleep(50);
			}
			child.destroy(); // SIGTERM
			assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child ended");
		}
		finally {
			child.destroyForcibly();
		}
		String out = read(log);
		assertEquals(130, child.exitValue(), out);
		assertTrue(out.contains("revive: Training cancelled at step"), out);
		assertTrue(Checkpoint.load(run.resolve(Trainer.CHECKPOINT)).state.step >= 2, "the checkpoint was saved");
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException e) {
			return e.toString();
		}
	}

	/**
	 * The script in a folder of its own whose target/ holds what a build leaves (the stamp, the classpath files, the
	 * classes), so that it runs without building; {@code mvn} on the PATH fails, so that a script that looks for
	 * its build in the wrong folder fails.
	 */
	@Test
	void theScriptRunsThroughALinkAndTakesNonAsciiNamesUnderTheCLocale() throws Exception {
		assumeTrue(linux(), "the script's readlink -f and locales as on Linux");
		Path script = Path.of("revive").toAbsolutePath(), classes = Path.of("target/classes").toAbsolutePath();
		assumeTrue(Files.isRegularFile(script) && Files.isDirectory(classes), "run from the project folder");
		Path app = Files.createDirectories(dir.resolve("app")), target = Files.createDirectories(app.resolve("target"));
		Files.copy(script, app.resolve("revive"));
		Files.createSymbolicLink(target.resolve("classes"), classes);
		Files.writeString(target.resolve("revive-classpath.txt"), System.getProperty("java.class.path"));
		Files.writeString(target.resolve("revive-logging.txt"), "");
		Files.writeString(target.resolve(".revive-built"), "");
		Path fakeBin = Files.createDirectories(dir.resolve("fake-bin"));
		Files.writeString(fakeBin.resolve("mvn"), "#!/bin/sh\necho 'mvn called' >&2\nexit 1\n");
		Files.setPosixFilePermissions(fakeBin.resolve("mvn"), PosixFilePermissions.fromString("rwxr-xr-x"));
		Path bin = Files.createDirectories(dir.resolve("bin"));
		Path link = Files.createSymbolicLink(bin.resolve("revive"), app.resolve("revive"));

		// (this JVM can name such files only under a UTF-8 locale itself; else the link is tested with ASCII names)
		String accents = "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding")) ? "-äéö" : "";
		Path folder = Files.createDirectories(dir.resolve("fotos" + accents));
		Files.copy(photos().resolve("p.png"), folder.resolve("bild" + accents + ".png"));
		for (Path revive : List.of(app.resolve("revive"), link)) {
			Path out = folder.resolve("damaged" + accents + "-" + revive.getParent().getFileName() + ".png");
			ProcessBuilder pb = new ProcessBuilder("bash", revive.toString(), "damage", folder.resolve("bild" + accents + ".png")
				.toString(), "-o", out.toString(), "--mask-out", folder.resolve("maske.png").toString()).redirectErrorStream(
					true);
			pb.environment().put("LC_ALL", "C");
			pb.environment().remove("LANG");
			pb.environment().put("REVIVE_HEAP", "512m");
			pb.environment().put("PATH", fakeBin + File.pathSeparator + Path.of(java()).getParent() + File.pathSeparator +
				pb.environment().getOrDefault("PATH", "/usr/bin:/bin"));
			Process p = pb.start();
			String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
			assertTrue(p.waitFor(120, TimeUnit.SECONDS));
			assertEquals(0, p.exitValue(), revive + ": " + output);
			assertFalse(output.contains("mvn called"), output);
			assertEquals(40, ImageFiles.read(out).width());
		}
	}
}
