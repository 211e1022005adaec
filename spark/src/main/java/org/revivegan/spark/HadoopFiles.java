package org.revivegan.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Reading and writing through Hadoop's {@link FileSystem}, so that the job works on HDFS, S3 (s3a://) and local
 * folders alike.
 * <p>
 * A file is written under a temporary name in its target folder ({@code .NAME.UNIQUE.revive-tmp}), then renamed to
 * its name, so that a killed job never leaves a half-written file under a result's name. A kill can leave the
 * temporary file; the next run deletes them all before it starts ({@link #removeTemporaries}). Local folders are
 * written without Hadoop's {@code .crc} side files.
 * </p>
 */
final class HadoopFiles {

	/** The end of the name of a file being written. */
	static final String TEMP_SUFFIX = ".revive-tmp";

	private HadoopFiles() {}

	/** @return the file system of {@code path}; for local paths the raw one, which writes no .crc files */
	static FileSystem fileSystem(Path path, Configuration conf) throws IOException {
		FileSystem fs = path.getFileSystem(conf);
		return fs instanceof LocalFileSystem ? ((LocalFileSystem) fs).getRaw() : fs;
	}

	/** What {@link #fetch} read. */
	static final class Fetched {

		final long bytes;
		final String sha256;

		Fetched(long bytes, String sha256) {
			this.bytes = bytes;
			this.sha256 = sha256;
		}
	}

	/**
	 * Copies a file to the local disk, hashing it on the way.
	 *
	 * @throws IOException "no such file" when it is missing, else what went wrong, naming the file
	 */
	static Fetched fetch(FileSystem fs, Path source, java.nio.file.Path local) throws IOException {
		MessageDigest sha = sha256();
		long n;
		try (InputStream in = fs.open(source); OutputStream out = new DigestOutputStream(Files.newOutputStream(local), sha)) {
			n = in.transferTo(out);
		}
		catch (FileNotFoundException e) {
			throw new IOException("cannot read " + source + ": no such file", e);
		}
		return new Fetched(n, hex(sha.digest()));
	}

	/** @return the whole (small) file as UTF-8 text */
	static String readString(FileSystem fs, Path file) throws IOException {
		try (InputStream in = fs.open(file)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/** @return the whole file */
	static byte[] readBytes(FileSystem fs, Path file) throws IOException {
		try (InputStream in = fs.open(file)) {
			return in.readAllBytes();
		}
	}

	/** Writes {@code bytes} to {@code target} atomically (see the class comment). */
	static void writeAtomically(FileSystem fs, byte[] bytes, Path target) throws IOException {
		Path tmp = temporary(target);
		try {
			try (FSDataOutputStream out = fs.create(tmp, true)) {
				out.write(bytes);
				out.hsync();
			}
			replace(fs, tmp, target);
		}
		finally {
			deleteQuietly(fs, tmp);
		}
	}

	/**
	 * Copies a local file to {@code target} atomically (see the class comment).
	 *
	 * @param beforeRename runs once the temporary file is complete, before it takes the target's name (a test
	 *          hook; null for none)
	 */
	static void putAtomically(FileSystem fs, java.nio.file.Path local, Path target, Runnable beforeRename)
		throws IOException
	{
		Path tmp = temporary(target);
		try {
			try (InputStream in = Files.newInputStream(local); FSDataOutputStream out = fs.create(tmp, true)) {
				in.transferTo(out);
				out.hsync();
			}
			if (beforeRename != null) beforeRename.run();
			replace(fs, tmp, target);
		}
		finally {
			deleteQuietly(fs, tmp);
		}
	}

	/**
	 * Renames {@code tmp} to {@code target}, replacing it: in one step where the file system can (local folders;
	 * HDFS and object stores refuse to rename onto an existing file, which is then deleted first).
	 */
	private static void replace(FileSystem fs, Path tmp, Path target) throws IOException {
		if (fs.rename(tmp, target)) return;
		if (fs.exists(target) && fs.delete(target, false) && fs.rename(tmp, target)) return;
		throw new IOException("cannot write " + target + ": renaming " + tmp.getName() + " to it failed");
	}

	/** @return a new temporary name beside {@code target} */
	static Path temporary(Path target) {
		return new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
	}

	/** @return whether {@code name} is that of a temporary file this class writes */
	static boolean isTemporary(String name) {
		return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
	}

	/**
	 * Deletes the temporary files that killed runs left anywhere under {@code folder}. Call it only when no job
	 * writes there.
	 *
	 * @return how many were deleted
	 */
	static int removeTemporaries(FileSystem fs, Path folder) throws IOException {
		if (!fs.exists(folder)) return 0;
		int n = 0;
		for (RemoteIterator<LocatedFileStatus> it = fs.listFiles(folder, true); it.hasNext();) {
			LocatedFileStatus f = it.next();
			if (f.isFile() && isTemporary(f.getPath().getName()) && fs.delete(f.getPath(), false)) n++;
		}
		return n;
	}

	private static void deleteQuietly(FileSystem fs, Path p) {
		try {
			fs.delete(p, false);
		}
		catch (IOException e) {
			// the next run removes it
		}
	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	static String hex(byte[] digest) {
		StringBuilder sb = new StringBuilder();
		for (byte b : digest)
			sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
		return sb.toString();
	}
}
