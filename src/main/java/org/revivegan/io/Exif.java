package org.revivegan.io;

/**
 * The one EXIF field that reading needs, the orientation (tag 0x0112 of the first directory), read and set in
 * an EXIF record (a TIFF structure, "II*\0" little-endian or "MM\0*" big-endian). A damaged record reads as
 * upright and is left as it is.
 */
final class Exif {

	static final int ORIENTATION_TAG = 0x0112;

	private Exif() {}

	/** @return the orientation 1 to 8, or 1 if the record has none or is damaged */
	static int orientation(byte[] tiff) {
		int at = orientationOffset(tiff);
		if (at < 0) return 1;
		int v = u16(tiff, at, bigEndian(tiff));
		return v >= 1 && v <= 8 ? v : 1;
	}

	/** @return a copy of the record with the orientation set to {@code value}, if it has one */
	static byte[] withOrientation(byte[] tiff, int value) {
		byte[] copy = tiff.clone();
		int at = orientationOffset(copy);
		if (at < 0) return copy;
		if (bigEndian(copy)) {
			copy[at] = (byte) (value >> 8);
			copy[at + 1] = (byte) value;
		}
		else {
			copy[at] = (byte) value;
			copy[at + 1] = (byte) (value >> 8);
		}
		return copy;
	}

	/** @return where the orientation's SHORT value is, or -1 */
	private static int orientationOffset(byte[] t) {
		if (t == null || t.length < 8) return -1;
		boolean big;
		if (t[0] == 'M' && t[1] == 'M') big = true;
		else if (t[0] == 'I' && t[1] == 'I') big = false;
		else return -1;
		if (u16(t, 2, big) != 42) return -1;
		long ifd = u32(t, 4, big);
		if (ifd < 8 || ifd + 2 > t.length) return -1;
		int count = u16(t, (int) ifd, big);
		for (int i = 0; i < count; i++) {
			int entry = (int) ifd + 2 + 12 * i;
			if (entry + 12 > t.length) return -1;
			if (u16(t, entry, big) == ORIENTATION_TAG) return u16(t, entry + 2, big) == 3 ? entry + 8 : -1; // SHORT
		}
		return -1;
	}

	private static boolean bigEndian(byte[] t) {
		return t[0] == 'M';
	}

	private static int u16(byte[] t, int at, boolean big) {
		int a = t[at] & 0xff, b = t[at + 1] & 0xff;
		return big ? a << 8 | b : b << 8 | a;
	}

	private static long u32(byte[] t, int at, boolean big) {
		long hi = u16(t, at, big), lo = u16(t, at + 2, big);
		return big ? hi << 16 | lo : lo << 16 | hi;
	}
}
