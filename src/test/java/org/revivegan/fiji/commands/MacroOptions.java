package org.revivegan.fiji.commands;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.service.Service;

/**
 * A small emulation of how Fiji maps a macro's option string onto a SciJava command's inputs (imagej-legacy
 * is not on Maven Central): the key is the parameter's name, lowercase; values with spaces are in [brackets];
 * an image input's value is the title of an open image.
 */
final class MacroOptions {

	private static final Pattern OPTION = Pattern.compile("(\\w+)=(\\[[^\\]]*\\]|\\S+)");

	private MacroOptions() {}

	/**
	 * @return the open image (batch-mode images included) with this title, as imagej-legacy turns a macro's
	 *         {@code image=[title]} into an ImagePlus input; throws if none is open
	 */
	static ij.ImagePlus imageTitled(String title) {
		ij.ImagePlus imp = ij.WindowManager.getImage(title);
		if (imp == null) throw new IllegalArgumentException("No open image is titled '" + title + "'.");
		return imp;
	}

	/** @return key -> value of an option string such as {@code mask=selection model=[my model.zip]} */
	static Map<String, String> parse(String options) {
		Map<String, String> map = new LinkedHashMap<>();
		Matcher m = OPTION.matcher(options);
		while (m.find()) {
			String v = m.group(2);
			if (v.startsWith("[")) v = v.substring(1, v.length() - 1);
			map.put(m.group(1), v);
		}
		return map;
	}

	/** @return the macro keys of a command: the names of its non-service input parameters */
	static Map<String, Field> inputs(Class<?> command) {
		Map<String, Field> map = new LinkedHashMap<>();
		for (Class<?> c = command; c != null && c != Object.class; c = c.getSuperclass())
			for (Field f : c.getDeclaredFields()) {
				Parameter p = f.getAnnotation(Parameter.class);
				if (p == null || p.type() == ItemIO.OUTPUT || Service.class.isAssignableFrom(f.getType())) continue;
				map.put(f.getName(), f);
			}
		return map;
	}

	/**
	 * @return the inputs as SciJava's CommandService takes them, converting numbers; throws if a key is not a
	 *         parameter of the command, or a boolean parameter is named without {@code =true} (Fiji would ignore
	 *         either silently and the macro would not do what it says)
	 */
	static Map<String, Object> toInputs(Class<?> command, String options) {
		Map<String, Field> fields = inputs(command);
		for (String word : OPTION.matcher(options).replaceAll(" ").trim().split("\\s+")) {
			Field f = fields.get(word);
			if (f != null && f.getType() == boolean.class) throw new IllegalArgumentException("'" + word +
				"' alone is an IJ1 flag: SciJava in Fiji ignores it and leaves " + word + " false; write " + word +
				"=true");
		}
		Map<String, Object> inputs = new LinkedHashMap<>();
		for (Map.Entry<String, String> e : parse(options).entrySet()) {
			Field f = fields.get(e.getKey());
			if (f == null) throw new IllegalArgumentException("'" + e.getKey() + "' is not a parameter of " +
				command.getSimpleName() + "; its keys are " + fields.keySet());
			Object v = e.getValue();
			if (f.getType() == int.class) v = Integer.parseInt(e.getValue());
			else if (f.getType() == double.class) v = Double.parseDouble(e.getValue());
			else if (f.getType() == boolean.class) v = Boolean.parseBoolean(e.getValue());
			else if (f.getType() == long.class) v = Long.parseLong(e.getValue());
			else if (f.getType() == java.io.File.class) v = new java.io.File(e.getValue());
			else if (f.getType() == ij.ImagePlus.class) v = imageTitled(e.getValue());
			inputs.put(e.getKey(), v);
		}
		return inputs;
	}
}
