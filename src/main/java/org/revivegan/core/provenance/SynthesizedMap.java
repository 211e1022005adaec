package org.revivegan.core.provenance;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;


/**
 * The map of which pixels a model invented, as a short text that fits into an image property (ImageJ saves
 * those in TIFF files) or a JSON file: the run lengths of alternating kept/invented pixels in row order, as
 * variable-length integers, deflated and base64-encoded, after a header {@code rle1:WIDTHxHEIGHT:}. A
 * 4000 x 3000 scan with a few scratches takes a few hundred bytes; a white 16-megapixel map about 30.
 */
public final class SynthesizedMap {

	private static final String PREFIX = "rle1:";

	private SynthesizedMap() {}

	/**
	 * @param mask (x, y); non-zero = invented
	 * @return the compact text form of the map
	 */
	public static String encode(RandomAccessibleInterval<? extends RealType<?>> mask) {
		if (mask.numDimensions() != 2) throw new IllegalArgumentException("A synthesized-pixel map is 2D (x, y); " +
			"this one has " + mask.numDimensions() + " dimensions.");
		long w = mask.dimension(0), h = mask.dimension(1);
		ByteArrayOutputStream runs = new ByteArrayOutputStream();
		boolean on = false;
		long run = 0;
		for (Cursor<? extends RealType<?>> c = Views.flatIterable(mask).cursor(); c.hasNext();) {
			boolean v = c.next().getRealDouble() != 0;
			if (v != on) {
				writeVarLong(runs, run);
				on = v;
				run = 0;
			}
			run++;
		}
		writeVarLong(runs, run);
		Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
		deflater.setInput(runs.toByteArray());
		deflater.finish();
		ByteArrayOutputStream packed = new ByteArrayOutputStream();
		byte[] buf = new byte[4096];
		while (!deflater.finished())
			packed.write(buf, 0, deflater.deflate(buf));
		deflater.end();
		return PREFIX + w + "x" + h + ":" + Base64.getEncoder().encodeToString(packed.toByteArray());
	}

	/**
	 * @return the map: (x, y), 255 = invented, 0 = the input's own
	 * @throws IllegalArgumentException if the text is not what {@link #encode} wrote
	 */
	public static ArrayImg<UnsignedByteType, ByteArray> decode(String text) {
		if (text == null || !text.startsWith(PREFIX)) throw new IllegalArgumentException("Not a synthesized-pixel " +
			"map (it should start with " + PREFIX + ").");
		String[] parts = text.substring(PREFIX.length()).split(":", 2);
		String[] size = parts[0].split("x");
		if (parts.length != 2 || size.length != 2) throw new IllegalArgumentException("Damaged synthesized-pixel map " +
			"(no WIDTHxHEIGHT header).");
		int w, h;
		try {
			w = Integer.parseInt(size[0]);
			h = Integer.parseInt(size[1]);
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException("Damaged synthesized-pixel map (bad size " + parts[0] + ").", e);
		}
		if (w <= 0 || h <= 0 || (long) w * h > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(
			"Damaged synthesized-pixel map (bad size " + parts[0] + ").");
		byte[] runs;
		try {
			Inflater inflater = new Inflater();
			inflater.setInput(Base64.getDecoder().decode(parts[1].trim().getBytes(StandardCharsets.US_ASCII)));
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			byte[] buf = new byte[4096];
			while (!inflater.finished()) {
				int n = inflater.inflate(buf);
				if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) throw new DataFormatException("truncated");
				out.write(buf, 0, n);
			}
			inflater.end();
			runs = out.toByteArray();
		}
		catch (DataFormatException | IllegalArgumentException e) {
			throw new IllegalArgumentException("Damaged synthesized-pixel map (" + e.getMessage() + ").", e);
		}
		byte[] px = new byte[w * h];
		int pos = 0, i = 0;
		boolean on = false;
		while (i < runs.length) {
			long run = 0;
			int shift = 0;
			byte b;
			do {
				if (i >= runs.length || shift > 56) throw new IllegalArgumentException("Damaged synthesized-pixel map (bad run).");
				b = runs[i++];
				run |= (long) (b & 0x7f) << shift;
				shift += 7;
			}
			while ((b & 0x80) != 0);
			if (run > px.length - pos) throw new IllegalArgumentException("Damaged synthesized-pixel map (runs longer " +
				"than the image).");
			if (on) java.util.Arrays.fill(px, pos, pos + (int) run, (byte) 255);
			pos += (int) run;
			on = !on;
		}
		if (pos != px.length) throw new IllegalArgumentException("Damaged synthesized-pixel map (runs cover " + pos +
			" of " + px.length + " pixels).");
		return ArrayImgs.unsignedBytes(px, w, h);
	}


	private static void writeVarLong(ByteArrayOutputStream out, long v) {
		while ((v & ~0x7fL) != 0) {
			out.write((int) ((v & 0x7f) | 0x80));
			v >>>= 7;
		}
		out.write((int) v);
	}
}
