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

/**
 * Writes files so that a crash, a kill or a full disk never leaves a half-written file under the final
 * name: write a temporary file beside it, force it to disk, then rename it over the target in one step.
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
		Path tmp = Files.createFile(dir.resolve("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) +
			Long.toHexString(Thread.currentThread().getId()) + ".tmp"));
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
		}
		finally {
			Files.deleteIfExists(tmp);
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
