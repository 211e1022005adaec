package org.revivegan.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SummaryCsvTest {

	@Test
	void quotesWhatNeedsQuotingAndReadsItBack() {
		List<SummaryRow> rows = List.of(new SummaryRow("file:/in/a,b.png", "file:/out/a,b.png", SummaryRow.Status.DONE,
			"", 1.25), new SummaryRow("file:/in/\"q\".png", "file:/out/q.png", SummaryRow.Status.FAILED,
				"cannot read it: line one\nline two", 0.5));
		String csv = SummaryCsv.format(rows);
		assertTrue(csv.startsWith(SummaryCsv.HEADER + "\n"), csv);
		assertTrue(csv.contains("\"file:/in/a,b.png\",\"file:/out/a,b.png\",done,,1.250\n"), csv);
		assertTrue(csv.contains("\"file:/in/\"\"q\"\".png\""), csv);
		List<SummaryRow> back = SummaryCsv.parse(csv);
		assertEquals(2, back.size());
		for (int i = 0; i < 2; i++) {
			assertEquals(rows.get(i).input(), back.get(i).input());
			assertEquals(rows.get(i).output(), back.get(i).output());
			assertEquals(rows.get(i).status(), back.get(i).status());
			assertEquals(rows.get(i).reason(), back.get(i).reason());
			assertEquals(rows.get(i).seconds(), back.get(i).seconds(), 1e-9);
		}
	}

	@Test
	void refusesWhatIsNoSummary() {
		assertThrows(IllegalArgumentException.class, () -> SummaryCsv.parse("a,b\n1,2\n"));
	}
}
