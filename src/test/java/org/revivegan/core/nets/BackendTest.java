package org.revivegan.core.nets;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Backend reports what ND4J actually runs on, under any build profile (CPU natives or -Dcuda): every expectation
 * comes from ND4J's own answers (its environment and the native library's build flags), none is hard-coded.
 */
class BackendTest {

	@Test
	void reportsWhatNd4jRunsOn() {
		Backend.init();
		boolean cpu = Nd4j.getEnvironment().isCPU();
		assertEquals(cpu ? "CPU" : "CUDA", Backend.backendName(), Nd4j.getBackend().getClass().getName());
		assertEquals(cpu, Nd4j.getBackend().getClass().getName().contains(".cpu."), "ND4J agrees with itself");
		// oneDNN is on exactly when the native CPU library was built with it and DL4J's helpers are allowed
		boolean helpersAllowed = !Boolean.parseBoolean(System.getProperty(Backend.HELPERS_DISABLE_PROPERTY, "true"));
		boolean builtWithOneDnn = cpu && Nd4j.getBackend().buildInfo().contains("HAVE_ONEDNN");
		assertTrue(helpersAllowed, "init() switches the layer helpers on unless the user switched them off");
		assertEquals(builtWithOneDnn && helpersAllowed, Backend.oneDnnActive(), Nd4j.getBackend().buildInfo());
		assertTrue(Backend.threads() > 0);
		Map<String, String> info = Backend.describe();
		assertEquals(Backend.backendName(), info.get("backend"));
		assertEquals(Backend.oneDnnActive() ? "on" : "off", info.get("oneDNN helpers"));
		assertEquals(String.valueOf(Backend.threads()), info.get("threads"));
		assertEquals(String.valueOf(Nd4j.dataType()), info.get("data type"));
	}

	/** A layer that fell back to DL4J's own implementation after a failed helper call gets its helper back. */
	@Test
	void restoreHelpersClearsTheFallbackCounts() throws Exception {
		org.deeplearning4j.nn.graph.ComputationGraph g = org.revivegan.testing.TinyModels.model(
			org.revivegan.core.model.Task.INPAINT).generator();
		java.lang.reflect.Field count = org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class
			.getDeclaredField("helperCountFail");
		count.setAccessible(true);
		java.util.List<org.deeplearning4j.nn.api.Layer> convs = new java.util.ArrayList<>();
		for (org.deeplearning4j.nn.api.Layer l : g.getLayers())
			if (l instanceof org.deeplearning4j.nn.layers.convolution.ConvolutionLayer) convs.add(l);
		assertTrue(convs.size() >= 3);
		count.setInt(convs.get(0), 1);
		count.setInt(convs.get(2), 3);
		assertEquals(2, Backend.restoreHelpers(g));
		for (org.deeplearning4j.nn.api.Layer l : convs)
			assertEquals(0, count.getInt(l));
		assertEquals(0, Backend.restoreHelpers(g));
	}
}
