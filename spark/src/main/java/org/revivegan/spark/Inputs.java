package org.revivegan.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.revivegan.io.ImageFiles;

/**
 * The photos of a job, from what the user gave as {@code --input}, on any Hadoop file system:
 * <ul>
 * <li>a folder: its images (PNG, JPEG, TIFF, BMP by extension) and those of its sub-folders, named relative to
 * it; names starting with '.' or '_' (hidden files, Hadoop's {@code _temporary}) are skipped, files and
 * folders alike;</li>
 * <li>a glob ({@code s3a://archive/scans/19[23]?/*.tif}): the images it matches, named relative to the folder
 * before the first wildcard, hidden ones skipped as in a folder;</li>
 * <li>a text file of paths, one a line ('#' starts a comment line; relative paths are relative to the text
 * file's folder), named relative to the folder all of them share: a missing photo becomes a failed row
 * of the summary, not a failed job;</li>
 * <li>one image file.</li>
 * </ul>
 * The order is by relative name, so that reruns and summaries line up.
 */
final class Inputs {

	private Inputs() {}

	/**
	 * @throws IOException if the input does not exist or cannot be listed
	 * @throws IllegalArgumentException if it holds no image, saying what was looked for
	 */
	static List<InputImage> list(String spec, Configuration conf) throws IOException {
		return list(spec, conf, null);
	}

	/**
	 * @param outside files in this folder (qualified) are left out, before the photos are named: the job's results
	 *          are no photos, even where a glob or a list reaches into them; null leaves nothing out
	 */
	static List<InputImage> list(String spec, Configuration conf, Path outside) throws IOException {
		String below = outside == null ? null : outside.toString().endsWith("/") ? outside.toString() : outside + "/";
		java.util.function.Predicate<Path> kept = p -> below == null || !p.toString().startsWith(below);
		if (spec == null || spec.isBlank()) throw new IllegalArgumentException("Give the photos: --input DIR, GLOB " +
			"or LIST.txt.");
		Path path = new Path(spec);
		FileSystem fs = HadoopFiles.fileSystem(path, conf);
		List<InputImage> images = new ArrayList<>();
		if (isGlob(spec)) {
			FileStatus[] matches = fs.globStatus(path);
			Path base = fs.makeQualified(globBase(path));
			if (matches != null) for (FileStatus s : matches)
				if (s.isFile() && isImage(s.getPath().getName()) && !hidden(relative(base, s.getPath())) && kept.test(s
					.getPath())) images.add(image(s.getPath(), base));
			if (images.isEmpty()) throw new IllegalArgumentException("No images (PNG, JPEG, TIFF, BMP) match " + spec +
				".");
		}
		else {
			FileStatus status;
			try {
				status = fs.getFileStatus(path);
			}
			catch (java.io.FileNotFoundException e) {
				throw new IllegalArgumentException("No such file or folder: " + spec + ".");
			}
			Path qualified = status.getPath();
			if (status.isDirectory()) {
				for (RemoteIterator<LocatedFileStatus> it = fs.listFiles(qualified, true); it.hasNext();) {
					LocatedFileStatus f = it.next();
					String rel = relative(qualified, f.getPath());
					if (f.isFile() && isImage(f.getPath().getName()) && !hidden(rel) && kept.test(f.getPath())) images
						.add(new InputImage(f.getPath().toString(), rel));
				}
				if (images.isEmpty()) throw new IllegalArgumentException("No images (PNG, JPEG, TIFF, BMP) in " + spec +
					" or its sub-folders.");
			}
			else if (isImage(qualified.getName())) images.add(image(qualified, qualified.getParent()));
			else images.addAll(listed(fs, qualified, spec, kept));
		}
		images.sort(Comparator.comparing(InputImage::relativeName));
		return images;
	}

	/** The photos of a text file of paths. */
	private static List<InputImage> listed(FileSystem fs, Path list, String spec, java.util.function.Predicate<Path> kept)
		throws IOException
	{
		List<Path> paths = new ArrayList<>();
		for (String line : HadoopFiles.readString(fs, list).split("\r?\n")) {
			String s = line.strip();
			if (s.isEmpty() || s.startsWith("#")) continue;
			Path p = new Path(s);
			paths.add(p.isAbsoluteAndSchemeAuthorityNull() || p.toUri().getScheme() != null ? p : new Path(list
				.getParent(), p));
		}
		if (paths.isEmpty()) throw new IllegalArgumentException(spec + " lists no photos: write one path a line, or " +
			"give a folder or a glob as --input.");
		List<Path> qualified = new ArrayList<>();
		for (Path p : paths) {
			Path q = p.getFileSystem(fs.getConf()).makeQualified(p);
			if (kept.test(q)) qualified.add(q);
		}
		if (qualified.isEmpty()) throw new IllegalArgumentException(spec + " lists only files in the output folder.");
		Path base = commonFolder(qualified);
		List<InputImage> images = new ArrayList<>();
		for (Path p : qualified)
			images.add(base == null ? new InputImage(p.toString(), p.toUri().getAuthority() + p.toUri().getPath())
				: image(p, base));
		return images;
	}

	private static InputImage image(Path file, Path base) {
		return new InputImage(file.toString(), relative(base, file));
	}

	/** @return {@code file}'s path below {@code folder}, '/' separated; its name alone if it is not below it */
	static String relative(Path folder, Path file) {
		String f = file.toUri().getPath(), d = folder.toUri().getPath();
		if (!d.endsWith("/")) d += "/";
		return f.startsWith(d) ? f.substring(d.length()) : file.getName();
	}

	/** @return the deepest folder holding all the files (same scheme and authority), or null if there is none */
	static Path commonFolder(List<Path> files) {
		String scheme = files.get(0).toUri().getScheme(), authority = files.get(0).toUri().getAuthority();
		String common = null;
		for (Path p : files) {
			if (!java.util.Objects.equals(scheme, p.toUri().getScheme()) || !java.util.Objects.equals(authority, p
				.toUri().getAuthority())) return null;
			String dir = p.getParent().toUri().getPath();
			if (!dir.endsWith("/")) dir += "/";
			if (common == null) common = dir;
			while (!dir.startsWith(common))
				common = common.substring(0, common.lastIndexOf('/', common.length() - 2) + 1);
		}
		Path first = files.get(0);
		return new Path(first.toUri().getScheme(), first.toUri().getAuthority(), common);
	}

	static boolean isGlob(String spec) {
		return spec.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
	}

	/** @return the folder above the first path component with a wildcard */
	static Path globBase(Path glob) {
		Path p = glob;
		while (p.getParent() != null && isGlob(p.toUri().getPath())) p = p.getParent();
		return p;
	}

	static boolean isImage(String name) {
		int dot = name.lastIndexOf('.');
		return dot > 0 && ImageFiles.EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
	}

	/** @return whether a component of the relative name starts with '.' or '_' */
	static boolean hidden(String relativeName) {
		for (String part : relativeName.split("/"))
			if (part.startsWith(".") || part.startsWith("_")) return true;
		return false;
	}
}
