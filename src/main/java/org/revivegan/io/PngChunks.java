package org.revivegan.io;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The PNG chunks before the image data that carry metadata: iCCP (the ICC profile, compressed), pHYs (the
 * resolution) and eXIf (EXIF). {@link #inserting} adds them to a PNG that a writer streams, right after its
 * header chunk, where the specification wants them (before PLTE and IDAT).
 */
final class PngChunks {

	/** The PNG signature and the IHDR chunk (4 length + 4 type + 13 data + 4 CRC): where metadata goes after. */
	static final int HEADER_LENGTH = 8 + 25;

	/** The largest profile accepted, inflated: profiles are kilobytes; this bounds a compression bomb. */
	private static final int MAX_PROFILE = 16 << 20;

	byte[] icc;
	byte[] exif;
	double dpiX, dpiY;

	private PngChunks() {}

	/** @return the metadata chunks of the PNG in {@code in}, up to its image data; what is damaged is skipped */
	static PngChunks read(InputStream in) throws IOException {
		PngChunks c = new PngChunks();
		DataInputStream data = new DataInputStream(in);
		try {
			if (data.readLong() != 0x89504E470D0A1A0AL) return c;
			while (true) {
				long length = data.readInt() & 0xffffffffL;
				byte[] type = new byte[4];
				data.readFully(type);
				String name = new String(type, StandardCharsets.ISO_8859_1);
				if (name.equals("IDAT") || name.equals("IEND") || length > 1 << 24) break;
				byte[] body = new byte[(int) length];
				data.readFully(body);
				data.readInt(); // CRC
				if (name.equals("iCCP")) c.icc = profile(body);
				else if (name.equals("eXIf")) c.exif = body;
				else if (name.equals("pHYs") && body.length == 9 && body[8] == 1) { // unit: metre
					c.dpiX = (data(body, 0) & 0xffffffffL) * 0.0254;
					c.dpiY = (data(body, 4) & 0xffffffffL) * 0.0254;
				}
			}
		}
		catch (EOFException e) {
			// truncated: what was read stands; the decoder reports the damage
		}
		return c;
	}

	/** @return the inflated profile of an iCCP chunk (name, 0, method 0, zlib data), or null if damaged */
	private static byte[] profile(byte[] body) {
		int zero = 0;
		while (zero < body.length && body[zero] != 0)
			zero++;
		if (zero + 2 > body.length) return null;
		Inflater inflater = new Inflater();
		inflater.setInput(body, zero + 2, body.length - zero - 2);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buf = new byte[8192];
		try {
			while (!inflater.finished()) {
				int n = inflater.inflate(buf);
				if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) return null;
				out.write(buf, 0, n);
				if (out.size() > MAX_PROFILE) return null;
			}
			return out.toByteArray();
		}
		catch (DataFormatException e) {
			return null;
		}
		finally {
			inflater.end();
		}
	}

	/** @return the chunks that carry a profile, a resolution and an EXIF record (each if given) */
	static byte[] chunks(byte[] icc, byte[] exif, double dpiX, double dpiY) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		if (icc != null) {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			byte[] name = "ICC profile".getBytes(StandardCharsets.ISO_8859_1);
			body.write(name, 0, name.length);
			body.write(0);
			body.write(0); // deflate
			Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
			deflater.setInput(icc);
			deflater.finish();
			byte[] buf = new byte[8192];
			while (!deflater.finished()) {
				int n = deflater.deflate(buf);
				body.write(buf, 0, n);
			}
			deflater.end();
			chunk(out, "iCCP", body.toByteArray());
		}
		if (dpiX > 0 && dpiY > 0) {
			byte[] body = new byte[9];
			putInt(body, 0, (int) Math.round(dpiX / 0.0254));
			putInt(body, 4, (int) Math.round(dpiY / 0.0254));
			body[8] = 1;
			chunk(out, "pHYs", body);
		}
		if (exif != null) chunk(out, "eXIf", exif);
		return out.toByteArray();
	}

	/** @return a stream that passes a PNG through to {@code out}, with {@code chunks} after its header chunk */
	static OutputStream inserting(OutputStream out, byte[] chunks) {
		return new InsertingOutputStream(out, HEADER_LENGTH, chunks);
	}

	private static void chunk(ByteArrayOutputStream out, String type, byte[] body) {
		byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
		byte[] len = new byte[4];
		putInt(len, 0, body.length);
		out.write(len, 0, 4);
		out.write(t, 0, 4);
		out.write(body, 0, body.length);
		CRC32 crc = new CRC32();
		crc.update(t);
		crc.update(body);
		byte[] c = new byte[4];
		putInt(c, 0, (int) crc.getValue());
		out.write(c, 0, 4);
	}

	private static int data(byte[] b, int at) {
		return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | b[at + 3] & 0xff;
	}

	private static void putInt(byte[] b, int at, int v) {
		b[at] = (byte) (v >> 24);
		b[at + 1] = (byte) (v >> 16);
		b[at + 2] = (byte) (v >> 8);
		b[at + 3] = (byte) v;
	}

	/** Passes bytes through, with extra bytes once {@code offset} bytes have passed. */
	private static final class InsertingOutputStream extends java.io.FilterOutputStream {

		private final long offset;
		private final byte[] extra;
		private long written;

		InsertingOutputStream(OutputStream out, long offset, byte[] extra) {
			super(out);
			this.offset = offset;
			this.extra = extra;
		}

		@Override
		public void write(int b) throws IOException {
			out.write(b);
			if (++written == offset) out.write(extra);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			if (written < offset && written + len >= offset) {
				int first = (int) (offset - written);
				out.write(b, off, first);
				out.write(extra);
				out.write(b, off + first, len - first);
			}
			else out.write(b, off, len);
			written += len;
		}
	}
}
