package org.revivegan.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The job's summary as CSV (RFC 4180: fields with commas, quotes or line breaks are quoted, quotes doubled):
 * {@value #HEADER}, one row per photo in the order of the input list.
 */
public final class SummaryCsv {

	public static final String HEADER = "input,output,status,reason,seconds";

	private SummaryCsv() {}

	public static String format(List<SummaryRow> rows) {
		StringBuilder sb = new StringBuilder(HEADER).append('\n');
		for (SummaryRow r : rows)
			sb.append(field(r.input())).append(',').append(field(r.output())).append(',').append(r.status().id())
				.append(',').append(field(r.reason())).append(',').append(String.format(Locale.ROOT, "%.3f", r.seconds()))
				.append('\n');
		return sb.toString();
	}

	/**
	 * Reads what {@link #format} wrote.
	 *
	 * @throws IllegalArgumentException if the text is not such a summary
	 */
	public static List<SummaryRow> parse(String csv) {
		List<List<String>> records = records(csv);
		if (records.isEmpty() || !String.join(",", records.get(0)).equals(HEADER)) throw new IllegalArgumentException(
			"Not a ReviveGAN summary: the first line is not " + HEADER + ".");
		List<SummaryRow> rows = new ArrayList<>();
		for (List<String> r : records.subList(1, records.size())) {
			if (r.size() != 5) throw new IllegalArgumentException("A summary row has " + r.size() + " fields, not 5: " + r);
			rows.add(new SummaryRow(r.get(0), r.get(1), SummaryRow.Status.parse(r.get(2)), r.get(3), Double.parseDouble(r
				.get(4))));
		}
		return rows;
	}

	private static String field(String s) {
		if (s == null) return "";
		if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
		return '"' + s.replace("\"", "\"\"") + '"';
	}

	private static List<List<String>> records(String csv) {
		List<List<String>> out = new ArrayList<>();
		List<String> record = new ArrayList<>();
		StringBuilder f = new StringBuilder();
		boolean quoted = false, any = false;
		for (int i = 0; i < csv.length(); i++) {
			char c = csv.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
					f.append('"');
					i++;
				}
				else if (c == '"') quoted = false;
				else f.append(c);
			}
			else if (c == '"') {
				quoted = true;
				any = true;
			}
			else if (c == ',') {
				record.add(f.toString());
				f.setLength(0);
				any = true;
			}
			else if (c == '\n' || c == '\r') {
				if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') i++;
				if (any || f.length() > 0) {
					record.add(f.toString());
					out.add(record);
				}
				record = new ArrayList<>();
				f.setLength(0);
				any = false;
			}
			else {
				f.append(c);
				any = true;
			}
		}
		if (any || f.length() > 0) {
			record.add(f.toString());
			out.add(record);
		}
		return out;
	}
}
