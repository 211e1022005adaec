package org.revivegan.bench;

import java.util.Locale;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.revivegan.core.color.AbBins;
import org.revivegan.core.gan.ClassLoss;
import org.revivegan.core.gan.Pix2Pix;
import org.revivegan.core.model.GeneratorSpec;
import org.revivegan.core.model.Task;
import org.revivegan.core.nets.Backend;
import org.revivegan.core.nets.UNetGenerator;

/**
 * Where a colour-class head's training step goes (a manual tool, not a test): on synthetic batches (random
 * lightness and hints, a smooth random target ab), the milliseconds of the generator's training forward pass,
 * of the Java loss {@link ClassLoss#error} alone, and of the whole {@link Pix2Pix#stepClasses} step (forward,
 * loss, backward, Adam) at each head scale ({@link GeneratorSpec#headScale}); the regression head's
 * {@link Pix2Pix#stepL1} for comparison. Usage:
 * {@code ClassHeadProfile [PRESET] [CROP] [BATCH] [STEPS] [SCALE,SCALE...]}.
 */
public final class ClassHeadProfile {

	public static void main(String[] args) {
		String preset = args.length > 0 ? args[0] : "medium-nonorm";
		int crop = args.length > 1 ? Integer.parseInt(args[1]) : 128;
		int batch = args.length > 2 ? Integer.parseInt(args[2]) : 8;
		int steps = args.length > 3 ? Integer.parseInt(args[3]) : 5;
		String[] scales = (args.length > 4 ? args[4] : "1").split(",");
		Backend.init();
		Nd4j.getRandom().setSeed(1);
		GeneratorSpec regression = GeneratorSpec.preset(preset, Task.COLORIZE);
		INDArray input = Nd4j.rand(DataType.FLOAT, batch, regression.inChannels, crop, crop);
		INDArray target = smoothAb(batch, crop);
		double[] classWeights = new double[AbBins.get().count()];
		java.util.Arrays.fill(classWeights, 1);
		System.out.printf(Locale.ROOT, "%s, threads %d, crop %d, batch %d, %d steps%n", preset, Backend.threads(),
			crop, batch, steps);
		ComputationGraph r = regression.build(1);
		Pix2Pix rg = new Pix2Pix(r, null, 100);
		for (int i = 0; i < 2; i++)
			rg.stepL1(input, target, null);
		long t = System.nanoTime();
		for (int i = 0; i < steps; i++)
			rg.stepL1(input, target, null);
		System.out.printf(Locale.ROOT, "regression head: step %.0f ms%n", (System.nanoTime() - t) / 1e6 / steps);
		r = null;
		rg = null;
		Nd4j.getMemoryManager().invokeGc();
		for (String s : scales) {
			GeneratorSpec spec = GeneratorSpec.preset(preset, Task.COLORIZE).withClassHead();
			spec.headScale = Integer.parseInt(s);
			ComputationGraph g = spec.build(1);
			Pix2Pix gan = new Pix2Pix(g, null, 100);
			for (int i = 0; i < 2; i++)
				gan.stepClasses(input, target, null, classWeights);
			t = System.nanoTime();
			for (int i = 0; i < steps; i++)
				gan.stepClasses(input, target, null, classWeights);
			double step = (System.nanoTime() - t) / 1e6 / steps;
			INDArray logits = null;
			t = System.nanoTime();
			for (int i = 0; i < steps; i++)
				logits = g.feedForward(new INDArray[] { input }, true, false).get(UNetGenerator.OUTPUT);
			double forward = (System.nanoTime() - t) / 1e6 / steps;
			INDArray lowTarget = ClassLoss.areaAverage(target, spec.headScale);
			t = System.nanoTime();
			for (int i = 0; i < steps; i++)
				ClassLoss.error(logits, lowTarget, null, classWeights, null);
			double loss = (System.nanoTime() - t) / 1e6 / steps;
			System.out.printf(Locale.ROOT, "class head, scale %s (logits %s): step %.0f ms = forward %.0f + loss %.0f + " +
				"backward and Adam %.0f ms%n", s, java.util.Arrays.toString(logits.shape()), step, forward, loss,
				step - forward - loss);
			Nd4j.getMemoryManager().invokeGc();
		}
	}

	/** A smooth random chroma, normalised ab well inside the gamut. */
	static INDArray smoothAb(int batch, int crop) {
		float[] v = new float[batch * 2 * crop * crop];
		java.util.Random random = new java.util.Random(3);
		for (int e = 0; e < batch * 2; e++) {
			double fx = random.nextDouble() * 0.2, fy = random.nextDouble() * 0.2, p = random.nextDouble() * 6;
			for (int y = 0; y < crop; y++)
				for (int x = 0; x < crop; x++)
					v[(e * crop + y) * crop + x] = (float) (0.3 * Math.sin(fx * x + fy * y + p));
		}
		return Nd4j.create(v, new long[] { batch, 2, crop, crop }, 'c');
	}
}
