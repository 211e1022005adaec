package org.revivegan.bench;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;
import org.revivegan.core.gan.Pix2Pix;
import org.revivegan.core.image.Images;
import org.revivegan.core.model.Task;
import org.revivegan.core.nets.Backend;
import org.revivegan.core.nets.Flops;
import org.revivegan.core.train.Batch;
import org.revivegan.core.train.BatchMaker;
import org.revivegan.core.train.TrainingConfig;
import org.revivegan.core.train.TrainingData;
import org.revivegan.core.util.Rng;
import org.revivegan.io.ImageFiles;

/**
 * Training throughput of the L1 phase (a manual tool, not a test): for each preset, the seconds of making one
 * batch (synthetic damage and encoding, on the calling thread) and of one generator step (forward, L1,
 * backward, Adam), and the crops per second of the two together as the trainer runs them (batches made on
 * another thread). Usage: {@code TrainThroughput PHOTO_DIR TASK PRESET[,PRESET...] [CROP] [BATCH] [STEPS] [HEAD,...]};
 * for colourisation HEAD is {@code regression} (default), {@code classes} or {@code classes/2}, {@code classes/4}
 * (the colour-class head at 1/2, 1/4 of the resolution), each timed with its own step ({@code stepClasses}).
 */
public final class TrainThroughput {

	public static void main(String[] args) throws Exception {
		Path dir = Paths.get(args[0]);
		Task task = Task.parse(args[1]);
		String[] presets = args[2].split(",");
		int crop = args.length > 3 ? Integer.parseInt(args[3]) : 128;
		int batch = args.length > 4 ? Integer.parseInt(args[4]) : 8;
		int steps = args.length > 5 ? Integer.parseInt(args[5]) : 20;
		String[] heads = (args.length > 6 ? args[6] : "regression").split(",");
		Backend.init();
		List<Path> files = ImageFiles.listImagesRecursively(dir);
		List<RandomAccessibleInterval<UnsignedByteType>> images = new ArrayList<>();
		for (Path f : files.subList(0, Math.min(40, files.size())))
			images.add(Images.limitSize(Images.rgbBytes(ImageFiles.read(f).image(), 1), 1024));
		TrainingData data = TrainingData.of(images, 255, 1024, "bench");
		System.out.printf(Locale.ROOT, "threads %d, %s, crop %d, batch %d, %d steps%n", Backend.threads(),
			Backend.backendName(), crop, batch, steps);
		for (String preset : presets)
			for (String head : heads) {
				boolean classes = head.startsWith("classes");
				TrainingConfig c = new TrainingConfig();
				c.task = task.id();
				c.preset = preset;
				c.crop = crop;
				c.batch = batch;
				if (classes) {
					c.generator = org.revivegan.core.model.GeneratorSpec.preset(preset, task).withClassHead();
					c.generator.headScale = head.contains("/") ? Integer.parseInt(head.substring(head.indexOf('/') + 1)) : 1;
					c.ganSteps = 0;
				}
				c.resolve();
				BatchMaker maker = new BatchMaker(c, data);
				ComputationGraph g = c.generator.build(1);
				Pix2Pix gan = new Pix2Pix(g, null, 100);
				g.setLearningRate(2e-4);
				Batch[] batches = new Batch[4];
				long t = System.nanoTime();
				for (int i = 0; i < batches.length; i++)
					batches[i] = maker.make(i, Rng.forStep(1, i));
				double make = (System.nanoTime() - t) / 1e9 / batches.length;
				for (int i = 0; i < 3 + steps; i++) {
					if (i == 3) t = System.nanoTime();
					Batch b = batches[i % 4];
					if (classes) gan.stepClasses(b.input, b.target, b.weights, null);
					else gan.stepL1(b.input, b.target, b.weights);
				}
				double step = (System.nanoTime() - t) / 1e9 / steps;
				t = System.nanoTime();
				for (int i = 0; i < steps; i++)
					g.output(false, batches[i % 4].input);
				double forward = (System.nanoTime() - t) / 1e9 / steps;
				double gflop = Flops.forward(g, crop, crop) / 1e9;
				System.out.printf(Locale.ROOT, "%-14s %6.2f M params  %5.2f GFLOP/crop fwd  make %.3f s  step %.3f s  " +
					"fwd %.3f s  => %.1f crops/s (step only), %.1f crops/s (step + make on one core)%n", preset + " " + head,
					g.numParams() / 1e6, gflop, make, step, forward, batch / step, batch / (step + make));
				Nd4j.getMemoryManager().invokeGc();
			}
	}
}
