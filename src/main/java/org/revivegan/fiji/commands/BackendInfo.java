package org.revivegan.fiji.commands;

import java.util.Map;

import org.revivegan.core.model.DefaultModels;
import org.revivegan.core.model.Task;
import org.revivegan.core.nets.Backend;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Plugins > ReviveGAN > Backend Info: CPU or GPU, threads, oneDNN on/off, memory, the shipped models' files. */
@Plugin(type = Command.class, menuPath = "Plugins>ReviveGAN>Backend Info", headless = true)
public class BackendInfo implements Command {

	@Parameter(type = ItemIO.OUTPUT, label = "ReviveGAN backend")
	private String info;

	@Override
	public void run() {
		StringBuilder sb = new StringBuilder();
		for (Map.Entry<String, String> e : Backend.describe().entrySet())
			sb.append(e.getKey()).append(": ").append(e.getValue()).append('\n');
		for (Task t : Task.values())
			for (String name : DefaultModels.listed(t))
				sb.append(name.equals(DefaultModels.DEFAULT) ? "" : name + " ").append(t.id()).append(" model: ").append(
					DefaultModels.find(t, name).map(Object::toString).orElse("none installed (" + DefaultModels.fileName(t) +
						" not found)")).append('\n');
		info = sb.toString().trim();
	}
}
