package org.revivegan.fiji;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossPlotTest {

	@TempDir
	Path dir;

	@Test
	void readsStepsAndLossesAndLeavesL1StepsAdversarialLossesUnknown() throws Exception {
		Path csv = dir.resolve("losses.csv");
		Files.write(csv, List.of("step,phase,l1,g_adversarial,d_real,d_fake,real_score,fake_score,seconds",
			"0,l1,0.5,,,,,,0.1", "1,l1,0.4,,,,,,0.1", "2,gan,0.3,0.9,0.7,0.6,0.5,0.4,0.2", "3,gan,0.25"));
		LossPlot.Curves c = LossPlot.read(csv);
		assertArrayEquals(new double[] { 1, 2, 3 }, c.steps, "the torn last row is skipped; steps are 1-based");
		assertArrayEquals(new double[] { 0.5, 0.4, 0.3 }, c.values[0]);
		assertTrue(Double.isNaN(c.values[1][0]));
		assertEquals(0.9, c.values[1][2]);
		assertEquals(0.6, c.values[3][2]);
		assertEquals(0, LossPlot.read(Files.write(dir.resolve("empty.csv"), List.of("step,l1"))).steps.length);
	}
}
