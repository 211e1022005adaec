package org.revivegan.fiji.commands;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.Menus;
import ij.WindowManager;
import ij.plugin.PlugIn;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.Cancelable;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.plugin.Plugin;

/**
 * A test stand-in for imagej-legacy (Fiji's bridge between IJ1 macros and SciJava commands, which is not on Maven
 * Central): it makes the ReviveGAN SciJava commands callable from IJ1 macros in the IJ1 interpreter, headless, as
 * {@code run("Inpaint Damage", "image=[photo.png] mask=selection model=[default] dilate=2")}.
 * <p>
 * {@link #install} registers one IJ1 command per SciJava command, named by the last element of the command's
 * {@code @Plugin menuPath} (as imagej-legacy names them in the IJ1 menu table), whose class is {@link Forward}.
 * {@link Forward} maps the macro's options onto the command's inputs with {@link MacroOptions} (keys are the
 * parameter names; an image input's value is an open image's title), fills the active image as imagej-legacy
 * does ({@link #fillActiveImage}: only into the single unresolved auto-filled image input; a command with two
 * such inputs gets none), refuses to run when a required image input is still empty (where Fiji would open the
 * dialog, or cancel headless; recorded in {@link #unfilled()}), runs it in the given SciJava context, and does
 * with its outputs what Fiji does: an output image is
 * shown (so in batch mode it becomes the macro's current image), an output text is logged. A cancelled command
 * makes no image; its reason is logged and kept in {@link #cancelled()}, so a macro sees that no new image came
 * (as in Fiji, where a cancelled command shows its reason and the macro goes on). A {@code run} without options
 * would open the command's dialog in Fiji; here it only records the call in {@link #dialogs()}.
 * </p>
 * <p>
 * What it does not emulate: Fiji's harvesting of remembered values for missing keys (here a missing key keeps
 * the field's default) and every other preprocessor of imagej-legacy. A boolean named without {@code =true}
 * ({@code force}), which Fiji ignores, is refused here with a message, so that a documented macro cannot rely on it.
 * </p>
 */
public final class LegacyBridge {

	/** The ReviveGAN SciJava commands. */
	public static final List<Class<? extends Command>> COMMANDS = List.of(InpaintDamage.class, Colorize.class,
		RestorePhoto.class, TrainInpaintingModel.class, TrainColorizationModel.class, EvaluateModel.class,
		BackendInfo.class);

	/** The commands that the toolset has no button for but the docs' macros call. */
	public static final List<Class<? extends Command>> MORE_COMMANDS = List.of(DetectDamage.class,
		SaveProvenance.class, ShowSynthesizedPixels.class);

	private static Context context;
	private static final List<String> calls = Collections.synchronizedList(new ArrayList<>());
	private static final List<String> cancelled = Collections.synchronizedList(new ArrayList<>());
	private static final List<String> dialogs = Collections.synchronizedList(new ArrayList<>());
	private static final List<String> unfilled = Collections.synchronizedList(new ArrayList<>());

	private LegacyBridge() {}

	/**
	 * Registers the commands in IJ1's command table (creating the table if IJ1's menus were never made, as
	 * headless), to run in {@code ctx}; clears the recorded calls.
	 */
	public static synchronized void install(Context ctx) {
		context = ctx;
		calls.clear();
		cancelled.clear();
		dialogs.clear();
		unfilled.clear();
		Hashtable<String, String> table = commandTable();
		for (List<Class<? extends Command>> list : List.of(COMMANDS, MORE_COMMANDS))
			for (Class<? extends Command> c : list)
				table.put(label(c), Forward.class.getName() + "(\"" + c.getName() + "\")");
	}

	/** Registers an IJ1 command, as IJ1 does for a plugins.config entry: {@code className} or {@code className("arg")}. */
	public static synchronized void register(String command, String classAndArgument) {
		commandTable().put(command, classAndArgument);
	}

	/** @return the menu label of a command: the last element of its menuPath */
	public static String label(Class<?> command) {
		String path = command.getAnnotation(Plugin.class).menuPath();
		return path.substring(path.lastIndexOf('>') + 1).trim();
	}

	/** @return "Label: options" of every command run with options, in order */
	public static List<String> calls() {
		return new ArrayList<>(calls);
	}

	/** @return "Label: reason" of every cancelled run, in order */
	public static List<String> cancelled() {
		return new ArrayList<>(cancelled);
	}

	/** @return the labels of the commands run without options (Fiji would have opened their dialogs) */
	public static List<String> dialogs() {
		return new ArrayList<>(dialogs);
	}

	/** @return "Label: why" of every run refused because an image input was left without an image */
	public static List<String> unfilled() {
		return new ArrayList<>(unfilled);
	}

	@SuppressWarnings("unchecked")
	private static Hashtable<String, String> commandTable() {
		try {
			Field f = Menus.class.getDeclaredField("pluginsTable");
			f.setAccessible(true);
			if (f.get(null) == null) f.set(null, new Hashtable<String, String>()); // IJ.run then skips IJ.init (AWT menus)
			return (Hashtable<String, String>) f.get(null);
		}
		catch (ReflectiveOperationException e) {
			throw new IllegalStateException("IJ1's command table (Menus.pluginsTable) is not where it was", e);
		}
	}

	/**
	 * @return the command's module with the macro's options and the active image in its inputs, as Forward runs
	 *         it (and a test can check a macro line's inputs without running it)
	 * @throws IllegalArgumentException for a key that is not a parameter or an image title that is not open
	 * @throws IllegalStateException where Fiji would ask for an image: a required image input left empty
	 */
	public static Module prepare(Class<? extends Command> c, String options) {
		Map<String, Object> inputs = new LinkedHashMap<>(MacroOptions.toInputs(c, options));
		ModuleService modules = context.service(ModuleService.class);
		CommandInfo info = context.service(CommandService.class).getCommand(c);
		if (info == null) info = new CommandInfo(c); // a test's own command, not in the plugin index
		Module module = modules.createModule(info);
		for (Map.Entry<String, Object> e : inputs.entrySet()) {
			module.setInput(e.getKey(), e.getValue());
			module.resolveInput(e.getKey());
		}
		fillActiveImage(modules, module);
		List<String> missing = unresolvedImages(module);
		if (!missing.isEmpty()) {
			String why = label(c) + ": no image for " + missing + ": imagej-legacy fills the active image only " +
				"into the one unresolved auto-filled image input, so Fiji would open the dialog (GUI) or cancel " +
				"(headless); name the images in the macro (" + missing.get(0) + "=[title])";
			unfilled.add(why);
			throw new IllegalStateException(why);
		}
		return module;
	}

	/**
	 * imagej-legacy's rule (ActiveImagePlusPreprocessor, with SciJava's ModuleService.getSingleInput): the active
	 * image goes into the single ImagePlus input that is unresolved and auto-filled; with none or more than one
	 * such input, nothing is filled. SciJava's own getSingleInput decides, so the rule here is Fiji's.
	 */
	static void fillActiveImage(ModuleService modules, Module module) {
		ImagePlus current = WindowManager.getCurrentImage();
		if (current == null) return;
		ModuleItem<ImagePlus> single = modules.getSingleInput(module, ImagePlus.class);
		if (single == null || !single.isAutoFill()) return;
		module.setInput(single.getName(), current);
		module.resolveInput(single.getName());
	}

	/** @return the required image inputs that neither the macro nor the active image filled */
	static List<String> unresolvedImages(Module module) {
		List<String> missing = new ArrayList<>();
		for (ModuleItem<?> in : module.getInfo().inputs())
			if (ImagePlus.class.isAssignableFrom(in.getType()) && in.isRequired() && !module.isInputResolved(in.getName()))
				missing.add(in.getName());
		return missing;
	}

	/** The IJ1 command that runs a SciJava command; its argument is the command's class name. */
	public static class Forward implements PlugIn {

		@Override
		public void run(String commandClass) {
			Class<? extends Command> c;
			try {
				c = Class.forName(commandClass).asSubclass(Command.class);
			}
			catch (ClassNotFoundException e) {
				throw new IllegalStateException(e);
			}
			String label = label(c), options = Macro.getOptions();
			if (options == null) {
				dialogs.add(label);
				return;
			}
			calls.add(label + ": " + options.trim());
			Module module = prepare(c, options);
			try {
				module = context.service(ModuleService.class).run(module, true, Map.of()).get();
			}
			catch (Exception e) {
				throw new IllegalStateException(label + " failed: " + e, e);
			}
			if (module instanceof Cancelable && ((Cancelable) module).isCanceled()) {
				String reason = ((Cancelable) module).getCancelReason();
				cancelled.add(label + ": " + reason);
				IJ.log(label + " cancelled: " + reason);
				return;
			}
			for (ModuleItem<?> out : module.getInfo().outputs()) {
				Object v = module.getOutput(out.getName());
				if (v instanceof ImagePlus) ((ImagePlus) v).show();
				else if (v instanceof String) IJ.log((String) v);
			}
		}
	}
}
