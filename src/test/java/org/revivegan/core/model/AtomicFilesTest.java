package org.revivegan.core.model;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Temporary files that a killed writer leaves behind are cleaned by the next successful write of the same
 * target, and nothing that may still be in use is touched.
 */
class AtomicFilesTest {

	@TempDir
	Path dir;

	/** The child: writes 64 KB to {@code args[0]}, pausing half-way (the parent kills it there). */
	public static void main(String[] args) throws IOException {
		AtomicFiles.write(Path.of(args[0]), out -> out.write(new byte[1 << 16]));
	}

	@Test
	void aWriteAfterASigkillRemovesTheKilledWritersTemporaryFile() throws Exception {
		Path target = dir.resolve("checkpoint.zip");
		Files.writeString(target, "previous");
		Path log = dir.resolve("child.log");
		Process child = new ProcessBuilder(childCommand(target)).redirectErrorStream(true).redirectOutput(log.toFile())
			.start();
		Path partial;
		try {
			partial = waitForPartial(target, child, log);
		}
		finally {
			child.destroyForcibly();
		}
		assertTrue(child.waitFor(30, TimeUnit.SECONDS));
		assertEquals(137, child.exitValue(), "killed by SIGKILL");
		assertTrue(Files.exists(partial), "the kill left the temporary file");
		assertEquals("previous", Files.readString(target));
		// the killed write began before the next one: make that visible whatever the clock's granularity
		Files.setLastModifiedTime(partial, FileTime.fromMillis(System.currentTimeMillis() - 5000));

		AtomicFiles.write(target, out -> out.write("next".getBytes(StandardCharsets.UTF_8)));
		assertEquals("next", Files.readString(target));
		assertFalse(Files.exists(partial), "the stale temporary file was removed");
		assertEquals(List.of("checkpoint.zip", "child.log"), names());
	}

	@Test
	void onlyStaleTemporariesOfTheSameTargetFromEndedProcessesAreRemoved() throws Exception {
		Path target = dir.resolve("model.zip");
		long ended = endedPid(), self = ProcessHandle.current().pid();
		long alive = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
		long old = System.currentTimeMillis() - 10_000;
		Path dead = temp(".model.zip." + ended + "-1a2b-1.tmp", old);
		Path mine = temp(".model.zip." + self + "-1a2b-2.tmp", old); // another thread of this process may be writing
		Path living = temp(".model.zip." + alive + "-1a2b-1.tmp", old); // another process is writing
		Path otherTarget = temp(".model.zip.json." + ended + "-1a2b-1.tmp", old);
		Path unownedOld = temp(".model.zip.5f3e1a.tmp", System.currentTimeMillis() - AtomicFiles.UNOWNED_STALE_MILLIS -
			60_000); // the name of earlier versions, with no process id
		Path unownedRecent = temp(".model.zip.5f3e1b.tmp", old);
		Path newer = temp(".model.zip." + ended + "-1a2c-1.tmp", System.currentTimeMillis() + 60_000); // began after us
		Path notATemporary = temp("model.zip." + ended + "-1a2b-1.tmp", old);

		AtomicFiles.write(target, out -> out.write(1));
		assertFalse(Files.exists(dead));
		assertFalse(Files.exists(unownedOld));
		for (Path kept : new Path[] { mine, living, otherTarget, unownedRecent, newer, notATemporary })
			assertTrue(Files.exists(kept), kept.getFileName() + " was kept");
		assertEquals(1, Files.size(target));
	}

	private Path temp(String name, long modifiedMillis) throws IOException {
		Path p = Files.writeString(dir.resolve(name), "partial");
		Files.setLastModifiedTime(p, FileTime.fromMillis(modifiedMillis));
		return p;
	}

	/** @return the id of a process that has ended (ids are reused only after wrapping around) */
	private static long endedPid() throws Exception {
		Process p = new ProcessBuilder("true").start();
		assertTrue(p.waitFor(10, TimeUnit.SECONDS));
		assertFalse(ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false));
		return p.pid();
	}

	private List<String> names() throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}

	private static List<String> childCommand(Path target) {
		String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + File.separator +
			"bin" + File.separator + "java");
		List<String> cmd = new ArrayList<>();
		cmd.add(java);
		for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
			if (!arg.startsWith("-agentlib:jdwp") && !arg.startsWith("-javaagent")) cmd.add(arg);
		cmd.add("-D" + AtomicFiles.PAUSE_PROPERTY + "=" + target.getFileName());
		cmd.add("-cp");
		cmd.add(System.getProperty("java.class.path"));
		cmd.add(AtomicFilesTest.class.getName());
		cmd.add(target.toString());
		return cmd;
	}

	private static Path waitForPartial(Path target, Process child, Path log) throws Exception {
		String prefix = AtomicFiles.tempPrefix(target);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < deadline) {
			if (!child.isAlive()) fail("the child ended (" + child.exitValue() + ") before pausing:\n" + Files.readString(
				log));
			Optional<Path> tmp;
			try (Stream<Path> files = Files.list(target.getParent())) {
				tmp = files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst();
			}
			if (tmp.isPresent() && Files.size(tmp.get()) >= 4096) return tmp.get();
			Thread.sleep(20);
		}
		fail("no partial file within 60 s:\n" + Files.readString(log));
		return null;
	}
}
