package org.revivegan.fiji.commands;

import ij.ImagePlus;

import org.revivegan.core.model.Task;
import org.revivegan.core.train.TrainingConfig;
import org.revivegan.core.train.TrainingData;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins > ReviveGAN > Train Inpainting Model: trains an inpainting GAN on clean photos with synthetic damage,
 * or on a paired stack of damaged photos and their clean versions. Macro:
 * {@code run("Train Inpainting Model", "stack=photos preset=small crop=128 batch=8 l1steps=1000 gansteps=1000
 * seed=42 fill=navier-stokes ema=0.999 run=[/runs/inpaint] output=[/models/mine.zip]");}
 */
@Plugin(type = Command.class, menuPath = "Plugins>ReviveGAN>Train Inpainting Model", headless = true)
public class TrainInpaintingModel extends TrainModel {

	@Parameter(label = "Damaged photos (optional, paired with the stack)", required = false, persist = false,
		autoFill = false,
		description = "The same photos as the stack, damaged: the model learns to turn these into those. " +
			"Choose the clean stack again for no pairs (synthetic damage)")
	ImagePlus damaged;

	@Parameter(label = "Holes enter the network filled by", choices = { "pushpull", "navier-stokes" }, required = false,
		persist = false, description = "navier-stokes: OpenCV's fill, which the residual presets correct")
	String fill = "pushpull";

	@Parameter(label = "Weight average (EMA decay; 0 = off)", min = "0", max = "0.9999", required = false, persist = false)
	double ema = 0;

	@Override
	Task task() {
		return Task.INPAINT;
	}

	@Override
	void configure(TrainingConfig config) {
		config.inputFill = fill;
		config.emaDecay = ema;
		config.validationBands = true; // 200 fixed crops per evaluation band, as on the command line
		config.validationCrops = 200;
	}

	@Override
	TrainingData pairs(int maxSide) {
		// the same image twice: Fiji's dialog fills every image input, so choosing the stack again means "no pairs"
		if (!given(damaged) || damaged == stack) return null;
		if (!given(stack)) throw new IllegalArgumentException("Paired training needs the clean stack too: " +
			"give both stacks, plane i of one the damaged version of plane i of the other.");
		if (folder != null) throw new IllegalArgumentException("Paired training uses the two stacks only; leave " +
			"the folder empty (its photos have no damaged versions).");
		if (damaged.getStackSize() != stack.getStackSize() || damaged.getWidth() != stack.getWidth() || damaged
			.getHeight() != stack.getHeight()) throw new IllegalArgumentException("The damaged stack " + damaged
				.getTitle() + " (" + describe(damaged) + ") must match the clean stack " + stack.getTitle() + " (" +
				describe(stack) + "): the same size and number of planes, in the same order.");
		return TrainingData.paired(planes(damaged, maxSide, "damaged stack"), planes(stack, maxSide, "stack"), 255,
			maxSide, stack.getStackSize() + " pairs of " + damaged.getTitle() + " and " + stack.getTitle());
	}

	private static String describe(ImagePlus imp) {
		return imp.getWidth() + "x" + imp.getHeight() + ", " + imp.getStackSize() + (imp.getStackSize() == 1 ?
			" plane" : " planes");
	}
}
