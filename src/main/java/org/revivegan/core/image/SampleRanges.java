package org.revivegan.core.image;

/**
 * The value of white for integer samples stored in more bits than the data use: 12-bit camera or scanner data
 * in a 16-bit file, for example.
 * <p>
 * Such data are seen in the smallest of the usual sensor ranges (8, 10, 12, 14, 15 or 16 bits: 255, 1023, 4095,
 * 16383, 32767, 65535) that holds their largest value, as ImageJ's "16-bit range" setting does: a 12-bit photo
 * is then a normal photo, not a nearly black one, and what the networks write back stays within 0..4095. The
 * Fiji side (per plane) and the command line (per file) use this one rule, so that the same file restores the
 * same way in both.
 * </p>
 */
public final class SampleRanges {

	/** The ranges {@link #whiteLevel(int)} chooses from: those of ImageJ's Edit > Options > Appearance. */
	private static final int[] USUAL_RANGES = { 255, 1023, 4095, 16383, 32767, 65535 };

	private SampleRanges() {}

	/**
	 * @param max the largest sample value of the data, 0 to 65535
	 * @return the largest value of the smallest usual bit range (8, 10, 12, 14, 15, 16 bits) that holds {@code max}
	 */
	public static int whiteLevel(int max) {
		for (int range : USUAL_RANGES)
			if (max <= range) return range;
		return 65535;
	}

	/** @return {@link #whiteLevel(int)} of the largest of 16-bit samples read as unsigned */
	public static int whiteLevel(short[] samples) {
		int max = 0;
		for (short v : samples)
			max = Math.max(max, v & 0xffff);
		return whiteLevel(max);
	}
}
