package org.revivegan.core.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.model.Task;
import org.revivegan.io.ImageFiles;

/** One reading of a folder of training photos for the command line and Fiji, on tiny files in a temporary folder. */
class TrainingPhotosTest {

	@TempDir
	Path dir;

	/** A w x h photo: coloured if {@code colour}, else gray with R = G = B (still a three-channel file). */
	private static ArrayImg<FloatType, FloatArray> photo(int w, int h, boolean colour) {
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(w, h, 3);
		float[] a = img.update(null).getCurrentStorageArray();
		int n = w * h;
		for (int c = 0; c < 3; c++)
			for (int i = 0; i < n; i++)
				a[c * n + i] = (float) (0.5 + 0.4 * Math.sin(0.3 * (i % w) * (colour ? c + 1 : 1) + 0.2 * (i / w)));
		return img;
	}

	/** colour.png, sub/colour.jpg, sub/gray.png (one channel), sub/gray-rgb.tif (R = G = B), notes.txt */
	private Path folder() throws IOException {
		Path sub = Files.createDirectories(dir.resolve("photos/sub"));
		Path photos = sub.getParent();
		ImageFiles.write(photos.resolve("colour.png"), photo(40, 30, true));
		ImageFiles.write(sub.resolve("colour.jpg"), photo(30, 40, true));
		ImageFiles.write(sub.resolve("gray.png"), ArrayImgs.floats(new float[20 * 10], 20, 10));
		ImageFiles.write(sub.resolve("gray-rgb.tif"), photo(24, 24, false));
		Files.writeString(photos.resolve("notes.txt"), "not a photo");
		return photos;
	}

	@Test
	void colourisationSkipsGrayscalePhotosAndTheOtherTasksTakeAll() throws IOException {
		Path photos = folder();
		TrainingPhotos colour = TrainingPhotos.read(photos, Task.COLORIZE, 32, ImageFiles.TRAINING_PHOTOS);
		assertEquals(2, colour.size());
		assertEquals(2, colour.skippedGrayscale(), "a one-channel file and an RGB file with R = G = B");
		assertEquals("Skipped 2 grayscale photos in " + photos + ": a colourisation model learns from colour photos.",
			colour.skippedLine());
		assertEquals("2 photos from " + photos.toAbsolutePath(), colour.description());
		// in the order of the paths (colour.png, then sub/colour.jpg), each shrunk to a longer side of 32
		assertArrayEquals(new long[] { 32, 24, 3 }, colour.images().get(0).dimensionsAsLongArray());
		assertArrayEquals(new long[] { 24, 32, 3 }, colour.images().get(1).dimensionsAsLongArray());
		TrainingData data = colour.data(32);
		assertEquals(2, data.size());
		assertEquals(colour.description(), data.description());

		for (Task task : new Task[] { Task.INPAINT, Task.DETECT }) {
			TrainingPhotos all = TrainingPhotos.read(photos, task, 32, ImageFiles.TRAINING_PHOTOS);
			assertEquals(4, all.size(), task.id());
			assertEquals(0, all.skippedGrayscale());
			assertNull(all.skippedLine());
			assertEquals("4 photos from " + photos.toAbsolutePath(), all.description());
		}
	}

	@Test
	void aFolderWithoutPhotosToTrainOnIsRefusedWithTheReason() throws IOException {
		Path gray = Files.createDirectories(dir.resolve("gray"));
		ImageFiles.write(gray.resolve("only.png"), ArrayImgs.floats(new float[16 * 16], 16, 16));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingPhotos.read(gray,
			Task.COLORIZE, 64, ImageFiles.TRAINING_PHOTOS));
		assertEquals("No colour photos in " + gray + " or its sub-folders, only 1 grayscale photo: a colourisation " +
			"model learns from colour photos.", e.getMessage());
		assertEquals(1, TrainingPhotos.read(gray, Task.INPAINT, 64, ImageFiles.TRAINING_PHOTOS).size());

		Path empty = Files.createDirectories(dir.resolve("empty"));
		Files.writeString(empty.resolve("readme.txt"), "no photos here");
		e = assertThrows(IllegalArgumentException.class, () -> TrainingPhotos.read(empty, Task.INPAINT, 64,
			ImageFiles.TRAINING_PHOTOS));
		assertEquals("No photos (PNG, JPEG, TIFF, BMP) in " + empty + " or its sub-folders.", e.getMessage());

		e = assertThrows(IllegalArgumentException.class, () -> TrainingPhotos.read(dir.resolve("nowhere"),
			Task.INPAINT, 64, ImageFiles.TRAINING_PHOTOS));
		assertEquals("Not a folder: " + dir.resolve("nowhere"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> TrainingPhotos.read(empty.resolve("readme.txt"),
			Task.INPAINT, 64, ImageFiles.TRAINING_PHOTOS));
		assertTrue(e.getMessage().startsWith("Not a folder: "), e.getMessage());
	}

	@Test
	void anUnreadablePhotoStopsTheReadingNamingTheFile() throws IOException {
		Path photos = folder();
		Path broken = photos.resolve("sub/broken.png");
		Files.write(broken, new byte[] { (byte) 0x89, 'P', 'N', 'G', 1, 2, 3 });
		for (Task task : new Task[] { Task.INPAINT, Task.COLORIZE }) {
			IOException e = assertThrows(IOException.class, () -> TrainingPhotos.read(photos, task, 32,
				ImageFiles.TRAINING_PHOTOS), task.id());
			assertTrue(e.getMessage().startsWith("cannot read " + broken + ": "), e.getMessage());
		}
	}

	@Test
	void theSourceIsAskedForTheFilesInItsOrderAndEachIsReadOnce() throws IOException {
		List<String> read = new ArrayList<>();
		TrainingPhotos.Source fake = new TrainingPhotos.Source() {

			@Override
			public List<Path> list(Path folder) {
				return List.of(folder.resolve("b.png"), folder.resolve("a.png"), folder.resolve("c.png"));
			}

			@Override
			public TrainingPhotos.Photo read(Path file, int maxSide) {
				read.add(file.getFileName() + "@" + maxSide);
				ArrayImg<UnsignedByteType, ByteArray> rgb = ArrayImgs.unsignedBytes(4, 4, 3);
				rgb.update(null).getCurrentStorageArray()[0] = (byte) read.size();
				return new TrainingPhotos.Photo(rgb, file.getFileName().toString().equals("a.png"));
			}
		};
		TrainingPhotos p = TrainingPhotos.read(dir, Task.COLORIZE, 99, fake);
		assertEquals(List.of("b.png@99", "a.png@99", "c.png@99"), read);
		assertEquals(2, p.size());
		assertEquals(1, p.images().get(0).update(null).getCurrentStorageArray()[0], "b.png");
		assertEquals(3, p.images().get(1).update(null).getCurrentStorageArray()[0], "c.png");
		assertEquals("Skipped 1 grayscale photo in " + dir + ": a colourisation model learns from colour photos.", p
			.skippedLine());
		assertThrows(UnsupportedOperationException.class, () -> p.images().clear());
	}
}
