package org.revivegan.core.nets;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Starts ND4J the way ReviveGAN needs it and says what it runs on.
 * <p>
 * Call {@link #init()} before the first network is built: it switches DL4J's oneDNN layer helpers back on
 * (they are off by default in 1.0.0-M2.1, which makes convolutions 3-6x slower on a CPU). The property must
 * be set before DL4J's {@code HelperUtils} is loaded, hence one place that every entry point calls first.
 * </p>
 */
public final class Backend {

	/** DL4J's switch for its cuDNN/oneDNN layer helpers; "true" (its default) turns them off. */
	public static final String HELPERS_DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

	private static volatile boolean initialized;

	private Backend() {}

	/** Idempotent; cheap after the first call (which loads the natives, about 0.5-2 s). */
	public static synchronized void init() {
		if (initialized) return;
		if (System.getProperty(HELPERS_DISABLE_PROPERTY) == null) System.setProperty(HELPERS_DISABLE_PROPERTY, "false");
		Nd4j.create(1); // loads the backend
		initialized = true;
	}

	/** @return "CPU" or "CUDA" */
	public static String backendName() {
		init();
		Properties p = Nd4j.getExecutioner().getEnvironmentInformation();
		return String.valueOf(p.getProperty("backend"));
	}

	/** @return whether DL4J's layer helpers are allowed and the native backend has oneDNN switched on */
	public static boolean oneDnnActive() {
		init();
		return !Boolean.parseBoolean(System.getProperty(HELPERS_DISABLE_PROPERTY, "true")) &&
			org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN();
	}

	/** @return the number of threads ND4J's native code uses */
	public static int threads() {
		init();
		Object t = Nd4j.getExecutioner().getEnvironmentInformation().get("omp.threads");
		if (t == null) t = Nd4j.getExecutioner().getEnvironmentInformation().get("cores");
		try {
			return Integer.parseInt(String.valueOf(t));
		}
		catch (NumberFormatException e) {
			return Runtime.getRuntime().availableProcessors();
		}
	}

	/** @return a description of the backend for "info" outputs, in display order */
	public static Map<String, String> describe() {
		init();
		Map<String, String> info = new LinkedHashMap<>();
		Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
		info.put("backend", backendName());
		info.put("threads", String.valueOf(threads()));
		info.put("oneDNN helpers", oneDnnActive() ? "on" : "off");
		info.put("blas", String.valueOf(env.getOrDefault("blas.vendor", "?")));
		info.put("data type", String.valueOf(Nd4j.dataType()));
		Runtime rt = Runtime.getRuntime();
		info.put("java heap max", (rt.maxMemory() >> 20) + " MB");
		info.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
		return info;
	}
}
