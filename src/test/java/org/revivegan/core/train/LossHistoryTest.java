package org.revivegan.core.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@link LossHistory} resumes a history written with other columns. */
class LossHistoryTest {

	@TempDir
	Path dir;

	@Test
	void newColumnsAtTheEndLeaveTheOldRowsEmptyThere() throws IOException {
		Path file = dir.resolve("validation.csv");
		Files.write(file, List.of("step,score_db,psnr_a", "3,20.5,21", "6,21.5,22", "9,22.5,23"));
		try (LossHistory h = new LossHistory(file, "step,score_db,psnr_a,detail_a", 7)) {
			h.row(9L, 22.0, 23.0, 0.5);
		}
		assertEquals(List.of("step,score_db,psnr_a,detail_a", "3,20.5,21,", "6,21.5,22,", "9,22.0000,23.0000,0.500000"),
			Files.readAllLines(file));
		assertFalse(Files.exists(dir.resolve("validation.old.csv")));
	}

	@Test
	void theSameColumnsKeepTheOldRowsAsTheyAre() throws IOException {
		Path file = dir.resolve("losses.csv");
		Files.write(file, List.of("step,l1", "0,0.5", "1,0.4", "2,0.3"));
		try (LossHistory h = new LossHistory(file, "step,l1", 2)) {
			h.row(2L, 0.25);
		}
		assertEquals(List.of("step,l1", "0,0.5", "1,0.4", "2,0.250000"), Files.readAllLines(file));
	}

	@Test
	void otherColumnsMoveTheOldHistoryAside() throws IOException {
		Path file = dir.resolve("validation.csv");
		List<String> old = List.of("step,score_db,psnr_a,psnr_b", "3,20.5,21,20");
		Files.write(file, old);
		Files.write(dir.resolve("validation.old.csv"), List.of("step,x"));
		try (LossHistory h = new LossHistory(file, "step,score_db,detail_ratio", 4)) {
			h.row(6L, 21.0, 0.5);
		}
		assertEquals(List.of("step,score_db,detail_ratio", "6,21.0000,0.500000"), Files.readAllLines(file));
		assertEquals(old, Files.readAllLines(dir.resolve("validation.old2.csv")), "kept whole, beside the first one");
		assertEquals(List.of("step,x"), Files.readAllLines(dir.resolve("validation.old.csv")));
	}
}
