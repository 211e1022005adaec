package org.revivegan.core.train;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The lock that keeps a second trainer out of a run folder (two trainers would interleave the loss and validation
 * histories and overwrite each other's checkpoints). The lock is the operating system's lock on {@value #FILE};
 * the file holds the holder's process id, host and start time, for the message that the second trainer shows.
 * <p>
 * A holder that dies, even by SIGKILL, loses the operating system's lock with its process, so a lock is never
 * stuck: the next trainer takes it over, and logs whose it was when the file still names a holder (a run that was
 * killed rather than ended). A run that ends normally empties the file.
 * </p>
 */
public final class RunLock implements AutoCloseable {

	/** The lock file's name in the run folder. */
	public static final String FILE = "run.lock";

	private final FileChannel channel;
	private final FileLock lock;

	private RunLock(FileChannel channel, FileLock lock) {
		this.channel = channel;
		this.lock = lock;
	}

	/**
	 * Takes the run folder's lock.
	 *
	 * @param log gets one line when a stale lock (of a process that ended without releasing it) is taken over
	 * @throws IllegalArgumentException if another trainer holds it, naming that trainer's process and host
	 */
	public static RunLock acquire(Path runDir, Consumer<String> log) throws IOException {
		Files.createDirectories(runDir);
		Path file = runDir.resolve(FILE);
		FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
			StandardOpenOption.WRITE);
		FileLock lock;
		try {
			lock = channel.tryLock();
		}
		catch (OverlappingFileLockException e) { // held by another trainer of this same process
			lock = null;
		}
		catch (IOException | RuntimeException e) {
			channel.close();
			throw e;
		}
		String holder;
		try {
			holder = read(channel);
		}
		catch (IOException e) {
			if (lock != null) lock.release();
			channel.close();
			throw e;
		}
		if (lock == null) {
			channel.close();
			throw new IllegalArgumentException("The run folder " + runDir + " is in use by another training (" + (holder
				.isEmpty() ? "holder unknown" : holder) + "): wait for it to end, stop it, or give another --run folder.");
		}
		if (!holder.isEmpty()) log.accept("Taking over the stale lock " + file + " of " + holder + ", which ended " +
			"without releasing it.");
		channel.truncate(0);
		channel.write(ByteBuffer.wrap(describeThisProcess().getBytes(StandardCharsets.UTF_8)), 0);
		channel.force(false);
		return new RunLock(channel, lock);
	}

	private static String read(FileChannel channel) throws IOException {
		ByteBuffer b = ByteBuffer.allocate((int) Math.min(channel.size(), 4096));
		while (b.hasRemaining() && channel.read(b, b.position()) > 0) {
			// read until full
		}
		return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
	}

	/** @return "process PID on host HOST since TIME" for this process */
	static String describeThisProcess() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (IOException | RuntimeException e) {
			host = "an unknown host";
		}
		return "process " + ProcessHandle.current().pid() + " on host " + host + " since " + Instant.now();
	}

	/** Empties the lock file (the run ended normally) and releases the lock. */
	@Override
	public void close() throws IOException {
		try {
			channel.truncate(0);
			lock.release();
		}
		finally {
			channel.close();
		}
	}
}
