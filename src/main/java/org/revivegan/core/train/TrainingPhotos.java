package org.revivegan.core.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.revivegan.core.model.Task;

/**
 * The training photos of a folder and its sub-folders, read one way for {@code revive train} and for the Fiji
 * training commands, so that the two train on the same photos.
 * <p>
 * Each photo is shrunk as it is read, so that memory holds only the small 8-bit copies. For colourisation a
 * grayscale photo (one channel, or R = G = B everywhere) is skipped: a model learns no colour from it, only
 * a pull towards gray. The skipped photos are counted, for the one line the caller logs
 * ({@link #skippedLine()}). A photo file that cannot be read stops the reading with the file layer's
 * {@link IOException}, which names the file: a training set is chosen, and a damaged file in it is worth
 * knowing about before hours of training.
 * </p>
 * <p>
 * The core reads no image files itself (that needs {@code javax.imageio}): the file layer gives a
 * {@link Source}, {@code org.revivegan.io.ImageFiles.TRAINING_PHOTOS}.
 * </p>
 */
public final class TrainingPhotos {

	/** One photo file as read for training. */
	public static final class Photo {

		private final ArrayImg<UnsignedByteType, ByteArray> rgb;
		private final boolean grayscale;

		/**
		 * @param rgb the photo as (x, y, 3) 8-bit RGB, its longer side already limited
		 * @param grayscale whether the file is gray: one colour channel, or R = G = B in every pixel
		 */
		public Photo(ArrayImg<UnsignedByteType, ByteArray> rgb, boolean grayscale) {
			this.rgb = Objects.requireNonNull(rgb);
			this.grayscale = grayscale;
		}

		public ArrayImg<UnsignedByteType, ByteArray> rgb() {
			return rgb;
		}

		public boolean grayscale() {
			return grayscale;
		}
	}

	/** Finds and reads photo files; the file layer's is {@code ImageFiles.TRAINING_PHOTOS}. */
	public interface Source {

		/**
		 * @return the photo files of {@code folder} and its sub-folders, in an order that is the same on every run
		 *         (training batches depend on it)
		 * @throws IOException if the folder cannot be listed
		 */
		List<Path> list(Path folder) throws IOException;

		/**
		 * @return the photo as 8-bit RGB, shrunk so that its longer side is at most {@code maxSide}
		 * @throws IOException naming the file and what is wrong with it, if it cannot be read
		 */
		Photo read(Path file, int maxSide) throws IOException;
	}

	private final Path folder;
	private final List<ArrayImg<UnsignedByteType, ByteArray>> images;
	private final int skippedGrayscale;

	private TrainingPhotos(Path folder, List<ArrayImg<UnsignedByteType, ByteArray>> images, int skippedGrayscale) {
		this.folder = folder;
		this.images = Collections.unmodifiableList(images);
		this.skippedGrayscale = skippedGrayscale;
	}

	/**
	 * Reads the photos of {@code folder} and its sub-folders for training a {@code task} model; for
	 * colourisation, grayscale photos are skipped and counted.
	 *
	 * @param maxSide the longer side kept in memory ({@link TrainingConfig#maxImageSide})
	 * @throws IllegalArgumentException if {@code folder} is not a folder, or holds no photo to train on
	 * @throws IOException if a photo file cannot be read, naming it
	 */
	public static TrainingPhotos read(Path folder, Task task, int maxSide, Source source) throws IOException {
		if (!Files.isDirectory(folder)) throw new IllegalArgumentException("Not a folder: " + folder);
		boolean colourOnly = task == Task.COLORIZE;
		List<ArrayImg<UnsignedByteType, ByteArray>> images = new ArrayList<>();
		int gray = 0;
		for (Path file : source.list(folder)) {
			Photo photo = source.read(file, maxSide);
			if (colourOnly && photo.grayscale()) gray++;
			else images.add(photo.rgb());
		}
		if (images.isEmpty() && gray > 0) throw new IllegalArgumentException("No colour photos in " + folder +
			" or its sub-folders, only " + count(gray, "grayscale photo") + ": " + WHY_COLOUR);
		if (images.isEmpty()) throw new IllegalArgumentException("No photos (PNG, JPEG, TIFF, BMP) in " + folder +
			" or its sub-folders.");
		return new TrainingPhotos(folder, images, gray);
	}

	private static final String WHY_COLOUR = "a colourisation model learns from colour photos.";

	/** @return the photos read, 8-bit (x, y, 3) RGB, in the order of the files */
	public List<ArrayImg<UnsignedByteType, ByteArray>> images() {
		return images;
	}

	public int size() {
		return images.size();
	}

	/** @return how many grayscale photos were skipped (colourisation only; 0 for the other tasks) */
	public int skippedGrayscale() {
		return skippedGrayscale;
	}

	/**
	 * @return the line for the log that says how many grayscale photos were skipped, and why; null if none was
	 */
	public String skippedLine() {
		return skippedGrayscale == 0 ? null : "Skipped " + count(skippedGrayscale, "grayscale photo") + " in " +
			folder + ": " + WHY_COLOUR;
	}

	/** @return where the photos came from, for the log and the model's provenance: "12 photos from /data/train" */
	public String description() {
		return count(images.size(), "photo") + " from " + folder.toAbsolutePath();
	}

	/** @return the photos as the data of a training run, described by {@link #description()} */
	public TrainingData data(int maxSide) {
		return TrainingData.of(images, 255, maxSide, description());
	}

	private static String count(int n, String what) {
		return n + " " + what + (n == 1 ? "" : "s");
	}
}
