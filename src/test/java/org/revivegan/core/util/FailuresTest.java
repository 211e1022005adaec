package org.revivegan.core.util;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The core's one line for running out of memory: the problem, and the front end's own way out. */
class FailuresTest {

	@Test
	void runningOutOfMemorySaysWhatToDoInTheCallersWords() {
		String plain = Failures.userMessage(new OutOfMemoryError("Java heap space"), "the log");
		assertEquals("Not enough memory. Close other images, use a smaller image or tile, or give Java more memory.",
			plain);
		assertEquals("Not enough memory. Close other images, use a smaller image or tile, or give Java more memory " +
			"(REVIVE_HEAP=16g).", Failures.userMessage(new IllegalStateException("wrapped", new OutOfMemoryError()),
				"the log", "REVIVE_HEAP=16g"));
	}
}
