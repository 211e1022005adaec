package org.revivegan.core.nets;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class BackendTest {

	@Test
	void describesBackend() {
		Backend.init();
		System.out.println(Backend.describe());
		assertEquals("CPU", Backend.backendName());
		assertTrue(Backend.oneDnnActive());
	}
}
