package org.revivegan.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.scijava.Priority;
import org.scijava.plugin.Plugin;
import org.scijava.prefs.AbstractPrefService;
import org.scijava.prefs.PrefService;
import org.scijava.service.Service;

/**
 * The preferences of every SciJava {@code Context} made in the tests: remembers nothing and reads nothing.
 * <p>
 * SciJava saves the last value of each command parameter (unless it is declared {@code persist = false}) in the
 * user's Java preferences, and a later run that does not give the parameter starts from it. For a Fiji user
 * that is useful (a dilation that suited the last scan suits the next), but it makes tests depend on each other
 * and on whatever an earlier build or a developer's Fiji left in {@code ~/.java/.userPrefs}: a test that set
 * {@code dilate=2} changed the mask of a later test that did not mention dilation. With this service, which
 * outranks SciJava's own ({@link Priority#HIGH} against normal) wherever the test classes are on the class
 * path, every parameter a test leaves out has its declared default, and tests never write the user's
 * preferences. Gets return the default they are given; puts, removes and clears do nothing.
 * </p>
 */
@Plugin(type = Service.class, priority = Priority.HIGH)
public final class ForgetfulPrefService extends AbstractPrefService {

	@Override
	public String get(Class<?> c, String name, String defaultValue) {
		return defaultValue;
	}

	@Override
	public boolean getBoolean(Class<?> c, String name, boolean defaultValue) {
		return defaultValue;
	}

	@Override
	public double getDouble(Class<?> c, String name, double defaultValue) {
		return defaultValue;
	}

	@Override
	public float getFloat(Class<?> c, String name, float defaultValue) {
		return defaultValue;
	}

	@Override
	public int getInt(Class<?> c, String name, int defaultValue) {
		return defaultValue;
	}

	@Override
	public long getLong(Class<?> c, String name, long defaultValue) {
		return defaultValue;
	}

	@Override
	public Map<String, String> getMap(Class<?> c, String name) {
		return new LinkedHashMap<>();
	}

	@Override
	public List<String> getList(Class<?> c, String name) {
		return new ArrayList<>();
	}

	@Override
	public void put(Class<?> c, String name, String value) {}

	@Override
	public void put(Class<?> c, String name, boolean value) {}

	@Override
	public void put(Class<?> c, String name, double value) {}

	@Override
	public void put(Class<?> c, String name, float value) {}

	@Override
	public void put(Class<?> c, String name, int value) {}

	@Override
	public void put(Class<?> c, String name, long value) {}

	@Override
	public void put(Class<?> c, String name, Map<String, String> value) {}

	@Override
	public void put(Class<?> c, String name, Iterable<String> value) {}

	@Override
	public void remove(Class<?> c, String name) {}

	@Override
	public void clear(Class<?> c) {}

	@Override
	public void clearAll() {}

	@Override
	@Deprecated
	public void putMap(Class<?> c, Map<String, String> map) {}

	@Override
	@Deprecated
	public Map<String, String> getMap(Class<?> c) {
		return new LinkedHashMap<>();
	}

	@Override
	@Deprecated
	public void putList(Class<?> c, List<String> list) {}

	@Override
	@Deprecated
	public List<String> getList(Class<?> c) {
		return new ArrayList<>();
	}

	@Override
	public Iterable<String> getIterable(Class<?> c, String name) {
		return new ArrayList<>();
	}

	@Override
	@Deprecated
	public void clear(String absolutePath, String key) {}

	@Override
	@Deprecated
	public void remove(String absolutePath, String key) {}

	@Override
	@Deprecated
	public void putMap(String absolutePath, Map<String, String> map) {}

	@Override
	@Deprecated
	public void putMap(String absolutePath, Map<String, String> map, String key) {}

	@Override
	@Deprecated
	public Map<String, String> getMap(String absolutePath, String key) {
		return new LinkedHashMap<>();
	}

	@Override
	@Deprecated
	public void putList(String absolutePath, List<String> list, String key) {}

	@Override
	@Deprecated
	public void putList(String absolutePath, List<String> list) {}

	@Override
	@Deprecated
	public List<String> getList(String absolutePath, String key) {
		return new ArrayList<>();
	}

	@Override
	public void clear(Class<?> c, String name) {}

	/** @return whether {@code prefs} is this service (for a test that checks the set-up) */
	public static boolean isForgetful(PrefService prefs) {
		return prefs instanceof ForgetfulPrefService;
	}
}
