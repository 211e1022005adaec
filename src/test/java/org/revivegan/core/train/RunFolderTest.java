package org.revivegan.core.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;

/**
 * A run folder belongs to one trainer at a time, keeps its histories whole across resumes, and its own files
 * (checkpoint, models, histories) are never the target of an export.
 */
class RunFolderTest {

	@TempDir
	Path dir;

	private static TrainingConfig config(long l1, long gan) {
		TrainingConfig c = TrainerTest.config(Task.INPAINT);
		c.l1Steps = l1;
		c.ganSteps = gan;
		c.validateEvery = 2;
		c.checkpointEvery = 2;
		return c;
	}

	private static List<Long> validationSteps(Path run) throws IOException {
		return Files.readAllLines(run.resolve(Trainer.VALIDATION)).stream().skip(1).map(l -> Long.parseLong(l.substring(0,
			l.indexOf(',')))).collect(Collectors.toList());
	}

	/** A crash after step 3 (no checkpoint of its own): the run resumes from step 2 and keeps step 2's row. */
	@Test
	void aResumedRunKeepsTheValidationRowOfItsCheckpointStep() throws IOException {
		TrainingData data = TrainerTest.photos(2, 1);
		Path run = dir.resolve("run");
		Progress crashAfter3 = new Progress() {

			@Override
			public void progress(double fraction) {
				if (fraction >= 3.0 / 4 - 1e-9) throw new IllegalStateException("simulated crash");
			}
		};
		assertThrows(IllegalStateException.class, () -> new Trainer(config(2, 2), data, null, run).run(crashAfter3));
		assertEquals(2, Checkpoint.load(run.resolve(Trainer.CHECKPOINT)).state.step);
		assertEquals(List.of(2L), validationSteps(run));
		new Trainer(config(2, 2), data, null, run).run(Progress.NONE);
		assertEquals(List.of(2L, 4L), validationSteps(run), "each validation once, the checkpoint's step kept");
		assertEquals(1 + 4, Files.readAllLines(run.resolve(Trainer.LOSSES)).size(), "each step's losses once");
	}

	/** Extending a finished 3-step run to 4 steps keeps the validation of step 3 (its last). */
	@Test
	void extendingAFinishedRunKeepsItsLastValidation() throws IOException {
		TrainingData data = TrainerTest.photos(2, 1);
		Path run = dir.resolve("run");
		new Trainer(config(2, 1), data, null, run).run(Progress.NONE);
		assertEquals(List.of(2L, 3L), validationSteps(run));
		new Trainer(config(2, 2), data, null, run).run(Progress.NONE);
		assertEquals(List.of(2L, 3L, 4L), validationSteps(run));
	}

	@Test
	void anExportNeverReplacesTheRunsOwnFiles() throws IOException {
		Path run = dir.resolve("run");
		new Trainer(config(1, 0), TrainerTest.photos(2, 1), null, run).run(Progress.NONE);
		byte[] checkpoint = Files.readAllBytes(run.resolve(Trainer.CHECKPOINT));
		for (String name : Trainer.RESERVED)
			for (Path target : List.of(run.resolve(name), dir.resolve("run/../run/./" + name))) {
				IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainer.exportCheckpoint(
					run, target, "x"));
				assertTrue(e.getMessage().contains("the training run's own " + name), e.getMessage());
			}
		Path link = Files.createSymbolicLink(dir.resolve("link"), run);
		assertThrows(IllegalArgumentException.class, () -> Trainer.exportCheckpoint(run, link.resolve(Trainer.BEST), "x"));
		assertArrayEquals(checkpoint, Files.readAllBytes(run.resolve(Trainer.CHECKPOINT)));
		assertEquals(1, Trainer.exportCheckpoint(run, run.resolve("exported.zip"), "x"), "other names are fine");
	}

	@Test
	void aSecondTrainerInTheSameProcessIsRefused() throws IOException {
		Path run = dir.resolve("run");
		try (RunLock held = RunLock.acquire(run, m -> {})) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Trainer(config(1, 0),
				TrainerTest.photos(2, 1), null, run).run(Progress.NONE));
			assertTrue(e.getMessage().contains("is in use by another training (process " + ProcessHandle.current().pid()),
				e.getMessage());
			assertFalse(Files.exists(run.resolve(Trainer.CHECKPOINT)));
		}
		List<String> log = new ArrayList<>();
		try (RunLock again = RunLock.acquire(run, log::add)) {
			assertEquals(List.of(), log, "a lock released normally is not stale");
		}
	}

	/** The child: takes the lock of the folder {@code args[0]}, says so, and holds it until killed. */
	public static void main(String[] args) throws Exception {
		RunLock.acquire(Path.of(args[0]), m -> {});
		System.out.println("locked");
		System.out.flush();
		Thread.sleep(TimeUnit.MINUTES.toMillis(5));
	}

	@Test
	void aSecondTrainerProcessIsRefusedAndTheLockOfAKilledOneIsTakenOver() throws Exception {
		Path run = dir.resolve("run");
		Process child = new ProcessBuilder(javaCommand(RunFolderTest.class, run.toString())).redirectError(
			ProcessBuilder.Redirect.INHERIT).start();
		try {
			BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
			assertEquals("locked", out.readLine(), "the child took the lock");
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Trainer(config(1, 0),
				TrainerTest.photos(2, 1), null, run).run(Progress.NONE));
			assertTrue(e.getMessage().contains("in use by another training (process " + child.pid() + " on host "), e
				.getMessage());
			assertFalse(Files.exists(run.resolve(Trainer.LOSSES)), "the second trainer wrote nothing");
		}
		finally {
			child.destroyForcibly();
			assertTrue(child.waitFor(30, TimeUnit.SECONDS));
		}
		// killed (SIGKILL): its lock file still names it; the next trainer takes the lock over and says so
		List<String> log = new ArrayList<>();
		Progress logged = new Progress() {

			@Override
			public void log(String message) {
				log.add(message);
			}
		};
		new Trainer(config(1, 0), TrainerTest.photos(2, 1), null, run).run(logged);
		assertTrue(log.get(0).startsWith("Taking over the stale lock") && log.get(0).contains("process " + child.pid() +
			" on host "), log.toString());
		assertEquals("", Files.readString(run.resolve(RunLock.FILE)), "released at the end");
	}

	/** @return the java command of this JVM (its flags, classpath) running {@code main} of the class */
	static List<String> javaCommand(Class<?> main, String... args) {
		String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + File.separator +
			"bin" + File.separator + "java");
		List<String> cmd = new ArrayList<>();
		cmd.add(java);
		for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
			if (!arg.startsWith("-agentlib:jdwp") && !arg.startsWith("-javaagent")) cmd.add(arg);
		cmd.add("-cp");
		cmd.add(System.getProperty("java.class.path"));
		cmd.add(main.getName());
		cmd.addAll(List.of(args));
		return cmd;
	}
}
