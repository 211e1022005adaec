package org.revivegan.io;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * The JPEG marker segments before the image data that carry metadata: APP0 (JFIF resolution), APP1 (EXIF),
 * APP2 (ICC profile, in numbered chunks) and the frame header's component count (4 for CMYK and YCCK). Reading
 * them here, not through a decoder's metadata tree, gives the same answer whichever JPEG decoder is installed;
 * {@link #insert} puts EXIF and a profile into a JPEG that a writer made.
 */
final class JpegSegments {

	private static final byte[] EXIF_ID = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
	private static final byte[] ICC_ID = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);
	private static final byte[] JFIF_ID = "JFIF\0".getBytes(StandardCharsets.ISO_8859_1);
	private static final byte[] ADOBE_ID = "Adobe".getBytes(StandardCharsets.ISO_8859_1);
	/** The most profile bytes one APP2 segment holds: 65535 less the length field, the id and the chunk numbers. */
	private static final int ICC_CHUNK = 65535 - 2 - 12 - 2;

	byte[] exif;
	byte[] icc;
	double dpiX, dpiY;
	int components;
	/** The frame's component ids, in order ("CMYK" in some writers' CMYK files). */
	String componentIds = "";
	/** Whether an Adobe APP14 segment is there: it says whether four components are CMYK or YCCK. */
	boolean adobe;

	private JpegSegments() {}

	/** @return the segments of the JPEG in {@code in}, up to its first scan; what is damaged is skipped */
	static JpegSegments read(InputStream in) throws IOException {
		JpegSegments s = new JpegSegments();
		DataInputStream data = new DataInputStream(in);
		TreeMap<Integer, byte[]> iccChunks = new TreeMap<>();
		try {
			if (data.readUnsignedShort() != 0xFFD8) return s;
			while (true) {
				int marker = data.readUnsignedByte();
				if (marker != 0xFF) return s;
				int type = data.readUnsignedByte();
				while (type == 0xFF)
					type = data.readUnsignedByte(); // fill bytes
				if (type == 0xD9 || type == 0xDA) break; // end of image, start of scan
				if (type >= 0xD0 && type <= 0xD7 || type == 0x01) continue; // no length
				int length = data.readUnsignedShort();
				if (length < 2) break;
				byte[] body = new byte[length - 2];
				data.readFully(body);
				if (type == 0xE1 && startsWith(body, EXIF_ID) && s.exif == null) s.exif = Arrays.copyOfRange(body,
					EXIF_ID.length, body.length);
				else if (type == 0xE2 && startsWith(body, ICC_ID) && body.length > ICC_ID.length + 2) iccChunks.put(
					body[ICC_ID.length] & 0xff, Arrays.copyOfRange(body, ICC_ID.length + 2, body.length));
				else if (type == 0xE0 && startsWith(body, JFIF_ID) && body.length >= 12) {
					int units = body[7] & 0xff, x = (body[8] & 0xff) << 8 | body[9] & 0xff, y = (body[10] & 0xff) << 8 |
						body[11] & 0xff;
					double perInch = units == 1 ? 1 : units == 2 ? 2.54 : 0; // 0: only the aspect ratio
					s.dpiX = x * perInch;
					s.dpiY = y * perInch;
				}
				else if (type == 0xEE && startsWith(body, ADOBE_ID)) s.adobe = true;
				else if (type >= 0xC0 && type <= 0xCF && type != 0xC4 && type != 0xC8 && type != 0xCC && body.length >= 6) {
					s.components = body[5] & 0xff;
					StringBuilder ids = new StringBuilder();
					for (int i = 0; i < s.components && 6 + 3 * i < body.length; i++)
						ids.append((char) (body[6 + 3 * i] & 0xff));
					s.componentIds = ids.toString();
				}
			}
		}
		catch (EOFException e) {
			// a truncated file: what was read stands; the decoder reports the damage
		}
		if (!iccChunks.isEmpty()) {
			ByteArrayOutputStream profile = new ByteArrayOutputStream();
			for (byte[] chunk : iccChunks.values())
				profile.write(chunk, 0, chunk.length);
			s.icc = profile.toByteArray();
		}
		return s;
	}

	/**
	 * @return whether the JPEG has four components (CMYK or YCCK) without saying which: no Adobe segment and
	 *         component ids other than C, M, Y, K. Decoders guess, and a wrong guess gives wrong colours.
	 */
	boolean ambiguousFourComponents() {
		return components == 4 && !adobe && !componentIds.equals("CMYK");
	}

	/**
	 * @param jpeg a JPEG as a writer made it: SOI, usually a JFIF APP0, then the tables and the scan
	 * @param exif an EXIF record (TIFF structure) to put in, or null
	 * @param icc an ICC profile to put in, or null
	 * @param dpiX resolution to set in the JFIF segment (0: leave it)
	 * @return the JPEG with an APP1 EXIF segment and APP2 profile segments after its SOI and JFIF segment
	 */
	static byte[] insert(byte[] jpeg, byte[] exif, byte[] icc, double dpiX, double dpiY) {
		int at = 2;
		if (jpeg.length > 4 + JFIF_ID.length && (jpeg[3] & 0xff) == 0xE0 && startsWith(Arrays.copyOfRange(jpeg, 6, 6 +
			JFIF_ID.length), JFIF_ID))
		{
			int length = (jpeg[4] & 0xff) << 8 | jpeg[5] & 0xff;
			if (dpiX > 0 && dpiY > 0 && length >= 14) {
				jpeg = jpeg.clone();
				jpeg[13] = 1; // dots per inch
				putShort(jpeg, 14, (int) Math.min(65535, Math.round(dpiX)));
				putShort(jpeg, 16, (int) Math.min(65535, Math.round(dpiY)));
			}
			at = 4 + length;
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + (exif == null ? 0 : exif.length + 10) +
			(icc == null ? 0 : icc.length + 20 * (icc.length / ICC_CHUNK + 1)));
		out.write(jpeg, 0, at);
		if (exif != null && exif.length + EXIF_ID.length + 2 <= 65535) segment(out, 0xE1, EXIF_ID, new byte[0], exif,
			0, exif.length);
		if (icc != null) {
			int chunks = (icc.length + ICC_CHUNK - 1) / ICC_CHUNK;
			if (chunks <= 255) for (int i = 0; i < chunks; i++) {
				int from = i * ICC_CHUNK, to = Math.min(icc.length, from + ICC_CHUNK);
				segment(out, 0xE2, ICC_ID, new byte[] { (byte) (i + 1), (byte) chunks }, icc, from, to - from);
			}
		}
		out.write(jpeg, at, jpeg.length - at);
		return out.toByteArray();
	}

	private static void segment(ByteArrayOutputStream out, int type, byte[] id, byte[] extra, byte[] data, int from,
		int length)
	{
		int total = 2 + id.length + extra.length + length;
		out.write(0xFF);
		out.write(type);
		out.write(total >> 8);
		out.write(total);
		out.write(id, 0, id.length);
		out.write(extra, 0, extra.length);
		out.write(data, from, length);
	}

	private static void putShort(byte[] b, int at, int v) {
		b[at] = (byte) (v >> 8);
		b[at + 1] = (byte) v;
	}

	private static boolean startsWith(byte[] b, byte[] prefix) {
		if (b.length < prefix.length) return false;
		for (int i = 0; i < prefix.length; i++)
			if (b[i] != prefix[i]) return false;
		return true;
	}
}
