package org.revivegan.core.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.util.Intervals;

import org.revivegan.core.image.Images;

/**
 * The photos a run trains on, held in memory as 8-bit RGB (3 bytes a pixel) with their longer side limited,
 * so that a few hundred photos fit in a few hundred megabytes. Either clean photos only (damage is made on
 * the fly) or pairs (damaged, clean) of equal size.
 */
public final class TrainingData {

	private final List<ArrayImg<UnsignedByteType, ByteArray>> clean;
	private final List<ArrayImg<UnsignedByteType, ByteArray>> damaged;
	private final String description;

	private TrainingData(List<ArrayImg<UnsignedByteType, ByteArray>> clean,
		List<ArrayImg<UnsignedByteType, ByteArray>> damaged, String description)
	{
		if (clean.isEmpty()) throw new IllegalArgumentException("No training images: give at least one photo.");
		this.clean = Collections.unmodifiableList(clean);
		this.damaged = damaged == null ? null : Collections.unmodifiableList(damaged);
		this.description = description;
	}

	/**
	 * @param images (x, y) grayscale or (x, y, 3) RGB images with values in [0, maxValue]
	 * @param maxSide longer side kept in memory (larger images are shrunk by area averaging)
	 */
	public static TrainingData of(List<? extends RandomAccessibleInterval<? extends RealType<?>>> images,
		double maxValue, int maxSide, String description)
	{
		List<ArrayImg<UnsignedByteType, ByteArray>> list = new ArrayList<>();
		for (RandomAccessibleInterval<? extends RealType<?>> img : images)
			list.add(Images.limitSize(Images.rgbBytes(img, maxValue), maxSide));
		return new TrainingData(list, null, description);
	}

	/** Pairs of (damaged, clean) images of equal sizes; the damage mask is where they differ. */
	public static TrainingData paired(List<? extends RandomAccessibleInterval<? extends RealType<?>>> damaged,
		List<? extends RandomAccessibleInterval<? extends RealType<?>>> clean, double maxValue, int maxSide,
		String description)
	{
		if (damaged.size() != clean.size()) throw new IllegalArgumentException("The damaged and clean stacks have " +
			damaged.size() + " and " + clean.size() + " images; give them the same number of images, in the same order.");
		List<ArrayImg<UnsignedByteType, ByteArray>> c = new ArrayList<>(), d = new ArrayList<>();
		for (int i = 0; i < clean.size(); i++) {
			if (!Intervals.equalDimensions(Intervals.hyperSlice(damaged.get(i), 2 < damaged.get(i).numDimensions() ? 2 : -1),
				Intervals.hyperSlice(clean.get(i), 2 < clean.get(i).numDimensions() ? 2 : -1)))
				throw new IllegalArgumentException("Pair " + (i + 1) + ": damaged and clean images differ in size.");
			c.add(Images.limitSize(Images.rgbBytes(clean.get(i), maxValue), maxSide));
			d.add(Images.limitSize(Images.rgbBytes(damaged.get(i), maxValue), maxSide));
		}
		return new TrainingData(c, d, description);
	}

	public int size() {
		return clean.size();
	}

	public boolean isPaired() {
		return damaged != null;
	}

	public ArrayImg<UnsignedByteType, ByteArray> clean(int i) {
		return clean.get(i);
	}

	public ArrayImg<UnsignedByteType, ByteArray> damaged(int i) {
		return damaged.get(i);
	}

	/** @return where the data came from, for the model's provenance */
	public String description() {
		return description;
	}
}
