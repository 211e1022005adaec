package org.revivegan.core.color;

import java.util.Locale;

/**
 * Colour hints as a CSV file, for the command line ({@code revive colorize --hints HINTS.csv}): one hint a
 * line, a square of side 2 * radius + 1 pixels centred on (x, y) in the input image's pixel coordinates, with an
 * sRGB colour whose chroma the colouriser should give it (its lightness is the photo's):
 * <pre>
 * x,y,radius,r,g,b        r, g, b whole numbers 0..255
 * x,y,radius,hex          #rrggbb or rrggbb
 * </pre>
 * A first line that starts with a letter is a header and is skipped; blank lines and lines starting with
 * {@code //} or {@code ;} are ignored. Fields may be surrounded by spaces. A bad line stops the reading with
 * its line number and what is wrong, so that a typo in a long list is easy to find.
 */
public final class ColorHintsCsv {

	private ColorHintsCsv() {}

	/**
	 * @param text the file's content
	 * @param source the file's name, for error messages
	 * @return the hints, in the order of the lines
	 * @throws IllegalArgumentException for a bad line: "{@code source} line N: ..." and the expected format
	 */
	public static ColorHints parse(String text, String source) {
		ColorHints hints = ColorHints.none();
		String[] lines = text.split("\r\n|\r|\n", -1);
		boolean first = true;
		for (int n = 0; n < lines.length; n++) {
			String line = lines[n].trim();
			if (n == 0 && line.startsWith("\uFEFF")) line = line.substring(1).trim(); // byte order mark
			if (line.isEmpty() || line.startsWith("//") || line.startsWith(";")) continue;
			boolean header = first && Character.isLetter(line.charAt(0));
			first = false;
			if (header) continue;
			hints = add(hints, line, source + " line " + (n + 1));
		}
		return hints;
	}

	private static ColorHints add(ColorHints hints, String line, String where) {
		String[] f = line.split(",", -1);
		for (int i = 0; i < f.length; i++)
			f[i] = f[i].trim();
		if (f.length != 4 && f.length != 6) throw bad(where, "expected 4 fields (x,y,radius,hex) or 6 (x,y,radius,r,g,b), " +
			"found " + f.length + ": '" + line + "'");
		int x = integer(f[0], "x", where), y = integer(f[1], "y", where), radius = integer(f[2], "radius", where);
		if (x < 0 || y < 0) throw bad(where, "x and y are pixel positions and cannot be negative (" + x + ", " + y + ")");
		if (radius < 0) throw bad(where, "the radius cannot be negative (" + radius + ")");
		int r, g, b;
		if (f.length == 6) {
			r = channel(f[3], "r", where);
			g = channel(f[4], "g", where);
			b = channel(f[5], "b", where);
		}
		else {
			String hex = f[3].startsWith("#") ? f[3].substring(1) : f[3];
			if (!isHex(hex) || hex.length() != 6) throw bad(where, "'" + f[3] + "' is not a colour: write it as #rrggbb, " +
				"e.g. #c08040");
			int rgb = Integer.parseInt(hex, 16);
			r = rgb >> 16 & 0xff;
			g = rgb >> 8 & 0xff;
			b = rgb & 0xff;
		}
		return hints.withRgb(x, y, radius, r / 255f, g / 255f, b / 255f);
	}

	private static boolean isHex(String s) {
		String h = s.startsWith("#") ? s.substring(1) : s;
		if (h.isEmpty()) return false;
		for (char c : h.toCharArray())
			if (Character.digit(c, 16) < 0) return false;
		return true;
	}

	private static int integer(String s, String name, String where) {
		try {
			return Integer.parseInt(s);
		}
		catch (NumberFormatException e) {
			throw bad(where, name + " must be a whole number, not '" + s + "'");
		}
	}

	private static int channel(String s, String name, String where) {
		int v = integer(s, name, where);
		if (v < 0 || v > 255) throw bad(where, name + " must be between 0 and 255, not " + v);
		return v;
	}

	private static IllegalArgumentException bad(String where, String what) {
		return new IllegalArgumentException(String.format(Locale.ROOT, "%s: %s. Each line is x,y,radius,r,g,b " +
			"(0-255) or x,y,radius,#rrggbb.", where, what));
	}
}
