package org.revivegan.core.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.revivegan.core.model.AtomicFiles;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;

/**
 * A training process killed with SIGKILL in the middle of writing its checkpoint loses nothing: the previous
 * checkpoint is intact byte for byte, the half-written file never replaced it, and the next run resumes from it
 * and ends with the same weights as a run that was never interrupted.
 * <p>
 * The kill is real: a child JVM trains, and {@link AtomicFiles#PAUSE_PROPERTY} makes it stop half-way through
 * its checkpoint's temporary file, where {@link Process#destroyForcibly()} (SIGKILL on Linux) ends it.
 * </p>
 */
class CheckpointKillTest {

	@TempDir
	Path dir;

	/**
	 * Four steps (one L1, three adversarial), a checkpoint after each, validation only at the end: the least
	 * work that still resumes an adversarial phase (both Adam states).
	 */
	static TrainingConfig config() {
		TrainingConfig c = TrainerTest.config(Task.INPAINT);
		c.l1Steps = 1;
		c.ganSteps = 3;
		c.checkpointEvery = 1;
		c.validateEvery = 1000;
		return c;
	}

	/** The child: trains {@link #config()} on {@link TrainerTest#photos} in the folder {@code args[0]}. */
	public static void main(String[] args) throws IOException {
		new Trainer(config(), TrainerTest.photos(4, 1), null, Path.of(args[0])).run(
			new Progress() {

				@Override
				public void log(String message) {
					System.err.println(message); // the child's log, kept in a file for when the test fails
				}
			});
	}

	@Test
	void killedDuringACheckpointWriteResumesFromThePreviousCheckpoint() throws Exception {
		TrainingData data = TrainerTest.photos(4, 1);
		Trainer.Result full = new Trainer(config(), data, null, dir.resolve("full")).run(
			Progress.NONE);

		// steps 0 and 1, then the checkpoint at step 2 (the one that must survive)
		Path run = dir.resolve("killed");
		Progress stopAt2 = new Progress() {

			double done;

			@Override
			public void progress(double fraction) {
				done = fraction;
			}

			@Override
			public boolean isCanceled() {
				return done >= 2.0 / 4 - 1e-9;
			}
		};
		assertThrows(CancellationException.class, () -> new Trainer(config(), data, null, run)
			.run(stopAt2));
		Path checkpoint = run.resolve(Trainer.CHECKPOINT);
		byte[] previous = Files.readAllBytes(checkpoint);
		assertEquals(2, Checkpoint.load(checkpoint).state.step);

		// a child resumes, and is killed half-way through writing the checkpoint of step 3
		Path childLog = dir.resolve("child.log");
		Process child = new ProcessBuilder(childCommand(run)).redirectErrorStream(true).redirectOutput(childLog.toFile())
			.start();
		Path partial;
		try {
			partial = waitForPartialCheckpoint(run, child, childLog);
			child.destroyForcibly();
			assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child ended");
		}
		finally {
			child.destroyForcibly();
		}
		assertEquals(137, child.exitValue(), "killed by SIGKILL (128 + 9)");
		assertTrue(Files.exists(partial), "the half-written temporary file is still there: the kill came mid-write");
		assertArrayEquals(previous, Files.readAllBytes(checkpoint), "the previous checkpoint is intact");
		assertEquals(2, Checkpoint.load(checkpoint).state.step);
		assertFalse(Files.exists(run.resolve(Trainer.FINAL)));

		// the next run resumes from step 2 and ends where the uninterrupted run did
		Trainer.Result resumed = new Trainer(config(), data, null, run).run(Progress.NONE);
		assertEquals(4, resumed.steps);
		assertFalse(Files.exists(partial), "the next checkpoint write removed the killed write's temporary file");
		assertEquals(4, Checkpoint.load(checkpoint).state.step);
		INDArray a = ModelFile.load(full.model).generator().params();
		INDArray b = ModelFile.load(resumed.model).generator().params();
		assertEquals(0, a.sub(b).norm1Number().doubleValue() / a.length(), 1e-6, "resumed weights differ");
		List<String> losses = Files.readAllLines(run.resolve(Trainer.LOSSES));
		assertEquals(5, losses.size(), "each step once in the loss history: " + losses);
	}

	/** The java command of this JVM (its flags, classpath) running {@link #main} with the pause hook. */
	private static List<String> childCommand(Path run) {
		String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + File.separator +
			"bin" + File.separator + "java");
		List<String> cmd = new ArrayList<>();
		cmd.add(java);
		for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
			if (!arg.startsWith("-agentlib:jdwp") && !arg.startsWith("-javaagent")) cmd.add(arg);
		cmd.add("-D" + AtomicFiles.PAUSE_PROPERTY + "=" + Trainer.CHECKPOINT);
		cmd.add("-cp");
		cmd.add(System.getProperty("java.class.path"));
		cmd.add(CheckpointKillTest.class.getName());
		cmd.add(run.toString());
		return cmd;
	}

	/** @return the checkpoint's temporary file, once the child has written part of it and paused */
	private static Path waitForPartialCheckpoint(Path run, Process child, Path childLog) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		while (System.nanoTime() < deadline) {
			if (!child.isAlive()) fail("the child ended (" + child.exitValue() + ") before writing its checkpoint:\n" +
				Files.readString(childLog));
			Optional<Path> tmp;
			try (Stream<Path> files = Files.list(run)) {
				tmp = files.filter(p -> p.getFileName().toString().startsWith("." + Trainer.CHECKPOINT + ".")).findFirst();
			}
			if (tmp.isPresent() && Files.size(tmp.get()) >= 4096) return tmp.get();
			Thread.sleep(20);
		}
		fail("no partial checkpoint within 120 s:\n" + Files.readString(childLog));
		return null;
	}
}
