package org.revivegan.fiji;

import ij.plugin.frame.RoiManager;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;

import javax.swing.DefaultListModel;
import javax.swing.JList;

/**
 * A test-only ROI Manager that works headless. IJ1's ROI Manager is a window (a {@code Frame}), which cannot be
 * made when {@code java.awt.headless} is true, so {@code roiManager("add")} in a macro fails headless, even in
 * batch mode (Fiji's headless mode has the same limit). This makes a RoiManager object without running its
 * constructor (as serialisation frameworks do), gives it the list, model and check boxes its add, select and
 * get methods use, and installs it as IJ1's ROI Manager instance, so that macros and
 * {@code RoiManager.getInstance()} find it. Only what macros use to add, select, count and reset ROIs is
 * expected to work; anything that shows the window is not.
 */
public final class HeadlessRoiManager {

	private HeadlessRoiManager() {}

	/** @return a fresh, empty ROI Manager, installed as IJ1's instance */
	public static RoiManager install() {
		try {
			RoiManager rm = allocate(RoiManager.class);
			DefaultListModel<String> model = new DefaultListModel<>();
			set(rm, "rois", new ArrayList<>());
			set(rm, "listModel", model);
			set(rm, "list", new JList<>(model));
			set(rm, "showAllCheckbox", allocate(java.awt.Checkbox.class));
			set(rm, "labelsCheckbox", allocate(java.awt.Checkbox.class));
			set(rm, "defaultLineWidth", 1);
			set(rm, "firstTime", true);
			set(rm, "recordShowAll", true);
			set(rm, "translateX", 10.0);
			set(rm, "translateY", 10.0);
			instance().set(null, rm);
			return rm;
		}
		catch (ReflectiveOperationException e) {
			throw new IllegalStateException("IJ1's RoiManager is not laid out as this test helper expects", e);
		}
	}

	/** Removes the instance {@link #install} made. */
	public static void uninstall() {
		try {
			instance().set(null, null);
		}
		catch (ReflectiveOperationException e) {
			throw new IllegalStateException(e);
		}
	}

	private static Field instance() throws NoSuchFieldException {
		Field f = RoiManager.class.getDeclaredField("instance");
		f.setAccessible(true);
		return f;
	}

	private static void set(Object o, String name, Object value) throws ReflectiveOperationException {
		Field f = RoiManager.class.getDeclaredField(name);
		f.setAccessible(true);
		f.set(o, value);
	}

	/** An object of {@code c} made without a constructor (sun.misc.Unsafe, as Objenesis does). */
	private static <T> T allocate(Class<T> c) throws ReflectiveOperationException {
		Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
		Field f = unsafeClass.getDeclaredField("theUnsafe");
		f.setAccessible(true);
		Object unsafe = f.get(null);
		Method allocate = unsafeClass.getMethod("allocateInstance", Class.class);
		return c.cast(allocate.invoke(unsafe, c));
	}
}
