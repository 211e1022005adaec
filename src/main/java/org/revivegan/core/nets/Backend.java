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
	/**
	 * Gives every layer of {@code graph} back its oneDNN helper after a failure. When a helper's call fails,
	 * DL4J's layers count the failure ({@code helperCountFail}) and use their own Java implementation (im2col,
	 * 3-6 times slower and more memory) for the rest of the layer's life, whatever the cause: after an
	 * out-of-memory failure (ND4J's {@code std::bad_alloc}, not one of the "Failed to allocate" messages that
	 * DL4J rethrows) the tiler's retry with smaller tiles, and every later use of the same model, ran without
	 * oneDNN in the layers that had failed (seen in {@code RealOutOfMemoryTest}'s child: the last two of the
	 * tiny model's layers). Call it where such a failure was caught.
	 *
	 * @return how many layers had fallen back
	 */
	public static int restoreHelpers(org.deeplearning4j.nn.graph.ComputationGraph graph) {
		int restored = 0;
		for (org.deeplearning4j.nn.api.Layer layer : graph.getLayers()) {
			java.lang.reflect.Field count = helperCountFail(layer.getClass());
			if (count == null) continue;
			try {
				if (count.getInt(layer) != 0) {
					count.setInt(layer, 0);
					restored++;
				}
			}
			catch (IllegalAccessException e) {
				// not accessible here: the layer keeps its fallback
			}
		}
		return restored;
	}

	/** @return the accessible {@code helperCountFail} field of a layer class or its super classes, or null */
	private static java.lang.reflect.Field helperCountFail(Class<?> type) {
		return HELPER_COUNTS.computeIfAbsent(type, t -> {
			for (Class<?> c = t; c != null && c != Object.class; c = c.getSuperclass()) {
				try {
					java.lang.reflect.Field f = c.getDeclaredField("helperCountFail");
					if (f.getType() != int.class) return java.util.Optional.<java.lang.reflect.Field> empty();
					f.setAccessible(true);
					return java.util.Optional.of(f);
				}
				catch (NoSuchFieldException e) {
					// the super class, then
				}
				catch (RuntimeException e) { // InaccessibleObjectException, SecurityException
					return java.util.Optional.<java.lang.reflect.Field> empty();
				}
			}
			return java.util.Optional.<java.lang.reflect.Field> empty();
		}).orElse(null);
	}

	private static final Map<Class<?>, java.util.Optional<java.lang.reflect.Field>> HELPER_COUNTS =
		new java.util.concurrent.ConcurrentHashMap<>();

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
