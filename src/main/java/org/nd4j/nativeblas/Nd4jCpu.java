package org.nd4j.nativeblas;

import java.lang.reflect.Method;

/**
 * Compatibility shim that switches DL4J 1.0.0-M2.1's oneDNN layer helpers back on.
 * <p>
 * {@code org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper} asks, by reflection, for
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment#getInstance().isUseMKLDNN()}. In M2.1 the class moved to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and the method became
 * {@code isUseONEDNN}; the look-up fails silently and every convolution falls back to Java im2col, 3-6x
 * slower. This class answers the old question with the new API. It uses reflection itself so that it loads
 * (and answers {@code false}) under backends without the CPU bindings, such as CUDA.
 * </p>
 */
public final class Nd4jCpu {

	private Nd4jCpu() {}

	/** Mirrors the old binding's singleton; delegates to the new one. */
	public static final class Environment {

		private static final Environment INSTANCE = new Environment();

		private Environment() {}

		public static Environment getInstance() {
			return INSTANCE;
		}

		/** @return whether the native CPU backend has oneDNN and has it switched on */
		public boolean isUseMKLDNN() {
			try {
				Class<?> env = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
				Object instance = env.getMethod("getInstance").invoke(null);
				Method use = env.getMethod("isUseONEDNN");
				return (Boolean) use.invoke(instance);
			}
			catch (ReflectiveOperationException | LinkageError e) {
				return false;
			}
		}
	}
}
