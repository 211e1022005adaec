package org.revivegan.core.model;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;

/**
 * Writes files so that a crash, a kill or a full disk never leaves a half-written file under the final
 * name: write a temporary file beside it, force it to disk, then rename it over the target in one step.
 * <p>
 * The temporary file is {@code .NAME.PID-NANOS-THREAD.tmp} in the target's folder. A process killed in the
 * middle of a write leaves it behind; the next successful write of the same target deletes such leftovers
 * (see {@link #removeStaleTemporaries}).
 * </p>
 */
public final class AtomicFiles {

	/**
	 * Test hook, off unless set: a file name (for example {@code checkpoint.zip}). A write of a file of that
	 * name stops for {@value #PAUSE_MILLIS} ms once {@value #PAUSE_AFTER_BYTES} bytes are in its temporary file,
	 * so that a test can kill the process in the middle of the write and check that the previous file survives
	 * (see {@code CheckpointKillTest}). Nothing else reads it.
	 */
	public static final String PAUSE_PROPERTY = "revivegan.test.pauseWriting";
	static final int PAUSE_AFTER_BYTES = 4096;
	static final long PAUSE_MILLIS = 120_000;

	/** Writes the content of a file. */
	@FunctionalInterface
	public interface Writer {

		void write(OutputStream out) throws IOException;
	}

	private AtomicFiles() {}

	public static void write(Path target, Writer writer) throws IOException {
		Path dir = target.toAbsolutePath().getParent();
		if (dir != null) Files.createDirectories(dir);
		// createFile (not createTempFile) so that the result gets the usual permissions of new files
		Path tmp = Files.createFile(dir.resolve(tempPrefix(target) + ProcessHandle.current().pid() + "-" + Long
			.toHexString(System.nanoTime()) + "-" + Long.toHexString(Thread.currentThread().getId()) + TEMP_SUFFIX));
		FileTime started = Files.getLastModifiedTime(tmp);
		try {
			try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
				OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16))
			{
				writer.write(target.getFileName().toString().equals(System.getProperty(PAUSE_PROPERTY)) ? pausing(out) : out);
				out.flush();
				ch.force(true);
			}
			try {
				Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException e) {
				Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
			}
			removeStaleTemporaries(target, started);
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	private static final String TEMP_SUFFIX = ".tmp";

	/** Older temporaries whose owner cannot be told (no process id in the name) count as stale after this. */
	static final long UNOWNED_STALE_MILLIS = 3_600_000;

	/** @return what the names of the temporary files of {@code target} begin with: {@code ".NAME."} */
	static String tempPrefix(Path target) {
		return "." + target.getFileName() + ".";
	}

	/**
	 * Deletes the temporary files that earlier writes of {@code target} left behind when their process was
	 * killed (SIGKILL, power loss: no {@code finally} ran), so that they do not pile up beside a checkpoint that
	 * is rewritten every few minutes. Only files of this target, last changed before the current write began
	 * ({@code started}), whose writing process has ended, are deleted: never this process's (another thread may
	 * be writing), never one whose process is still alive (another Fiji writing the same file). Names from
	 * before process ids were recorded are deleted once an hour old. Failing to delete is not an error: the
	 * write itself has succeeded.
	 */
	static void removeStaleTemporaries(Path target, FileTime started) {
		Path dir = target.toAbsolutePath().getParent();
		String prefix = tempPrefix(target);
		long self = ProcessHandle.current().pid();
		try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(dir, p -> {
			String n = p.getFileName().toString();
			return n.startsWith(prefix) && n.endsWith(TEMP_SUFFIX) && n.length() > prefix.length() + TEMP_SUFFIX.length();
		})) {
			for (Path f : files) {
				String n = f.getFileName().toString();
				String id = n.substring(prefix.length(), n.length() - TEMP_SUFFIX.length());
				long owner = ownerPid(id);
				try {
					long modified = Files.getLastModifiedTime(f).toMillis();
					if (modified >= started.toMillis()) continue;
					boolean stale = owner < 0 ? modified < started.toMillis() - UNOWNED_STALE_MILLIS : owner != self &&
						!ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false);
					if (stale) Files.deleteIfExists(f);
				}
				catch (IOException e) {
					// gone already, or not ours to delete: leave it
				}
			}
		}
		catch (IOException | SecurityException e) {
			// an unreadable folder: the stale files stay, the write has succeeded
		}
	}

	/** @return the process id in a temporary name's middle part ({@code PID-NANOS-THREAD}), or -1 if none */
	private static long ownerPid(String id) {
		String[] parts = id.split("-");
		if (parts.length != 3) return -1;
		try {
			return Long.parseLong(parts[0]);
		}
		catch (NumberFormatException e) {
			return -1;
		}
	}

	/** The test hook of {@link #PAUSE_PROPERTY}: a stream that stops once, half-way through. */
	private static OutputStream pausing(OutputStream out) {
		return new java.io.FilterOutputStream(out) {

			private long written;

			@Override
			public void write(int b) throws IOException {
				out.write(b);
				count(1);
			}

			@Override
			public void write(byte[] b, int off, int len) throws IOException {
				out.write(b, off, len);
				count(len);
			}

			private void count(int len) throws IOException {
				long before = written;
				written += len;
				if (before >= PAUSE_AFTER_BYTES || written < PAUSE_AFTER_BYTES) return;
				out.flush(); // the half-written file is on disk for the test to see
				try {
					Thread.sleep(PAUSE_MILLIS);
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					throw new java.io.InterruptedIOException("interrupted while paused for a test");
				}
			}
		};
	}
}
