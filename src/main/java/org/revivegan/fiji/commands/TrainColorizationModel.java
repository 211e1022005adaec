package org.revivegan.fiji.commands;

import org.revivegan.core.model.GeneratorSpec;
import org.revivegan.core.model.Task;
import org.revivegan.core.train.TrainingConfig;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins > ReviveGAN > Train Colorization Model: trains a colourisation GAN (lightness in, Lab colour out) on
 * colour photos; the grayscale inputs are made from them. Macro:
 * {@code run("Train Colorization Model", "stack=photos preset=small crop=128 batch=8 l1steps=1000 gansteps=1000
 * seed=42 run=[/runs/colorize] output=[/models/colour.zip]");}
 * <p>
 * {@code head=classes} trains the colour-class head (a distribution over ab bins, Zhang et al. 2016;
 * {@code head=mix} adds the L1 loss of its mean), with its cross-entropy alone: its GAN steps are 0;
 * {@code headscale=2} or {@code 4} makes it predict at 1/2 or 1/4 of the resolution. See
 * docs/colour-reference.md.
 * </p>
 */
@Plugin(type = Command.class, menuPath = "Plugins>ReviveGAN>Train Colorization Model", headless = true)
public class TrainColorizationModel extends TrainModel {

	static final String HEAD_MIX = "mix";

	@Parameter(label = "Colour head", choices = { GeneratorSpec.HEAD_REGRESSION, GeneratorSpec.HEAD_CLASSES,
		HEAD_MIX }, required = false, persist = false, description = "regression: the network predicts the colour; " +
			"classes: a distribution over colours (more vivid); mix: classes trained with an L1 term too")
	private String head = GeneratorSpec.HEAD_REGRESSION;

	@Parameter(label = "Colour-class head resolution", choices = { "1", "2", "4" }, required = false, persist = false,
		description = "classes and mix: the head predicts at 1/1, 1/2 or 1/4 of the resolution (coarser trains " +
			"faster; the colour is up-sampled to the full-resolution lightness)")
	private String headscale = "1";

	@Override
	Task task() {
		return Task.COLORIZE;
	}

	@Override
	void configure(TrainingConfig config) {
		if (head == null || head.isEmpty() || GeneratorSpec.HEAD_REGRESSION.equals(head)) {
			if (headScale(headscale) != 1) throw new IllegalArgumentException("headscale=" + headscale + " is for " +
				"head=classes or head=mix.");
			return;
		}
		if (!GeneratorSpec.HEAD_CLASSES.equals(head) && !HEAD_MIX.equals(head)) throw new IllegalArgumentException(
			"head=" + head + " is not a choice: write head=regression, head=classes or head=mix.");
		config.generator = GeneratorSpec.preset(config.preset, Task.COLORIZE).withClassHead();
		config.generator.headScale = headScale(headscale);
		config.generator.validate();
		config.classL1Weight = HEAD_MIX.equals(head) ? 1 : 0;
		config.ganSteps = 0;
	}

	private static int headScale(String value) {
		if (value == null || value.isEmpty() || "1".equals(value)) return 1;
		if ("2".equals(value)) return 2;
		if ("4".equals(value)) return 4;
		throw new IllegalArgumentException("headscale=" + value + " is not a choice: write headscale=1, 2 or 4.");
	}
}
