package org.revivegan.fiji.commands;

import org.revivegan.core.model.Task;
import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

/**
 * Plugins > ReviveGAN > Train Colorization Model: trains a colourisation GAN (lightness in, Lab colour out) on
 * colour photos; the grayscale inputs are made from them. Macro:
 * {@code run("Train Colorization Model", "stack=photos preset=small crop=128 batch=8 l1steps=1000 gansteps=1000
 * seed=42 run=[/runs/colorize] output=[/models/colour.zip]");}
 */
@Plugin(type = Command.class, menuPath = "Plugins>ReviveGAN>Train Colorization Model", headless = true)
public class TrainColorizationModel extends TrainModel {

	@Override
	Task task() {
		return Task.COLORIZE;
	}
}
