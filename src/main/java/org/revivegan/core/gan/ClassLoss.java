package org.revivegan.core.gan;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.revivegan.core.color.AbBins;
import org.revivegan.core.color.Lab;

/**
 * The loss of the colour-class head (Zhang et al. 2016): the cross-entropy between the soft-encoded target chroma
 * Z and the predicted distribution {@code softmax(logits)} over the {@link AbBins}, each pixel weighted by the
 * rebalancing weight of its target's nearest bin, averaged over the pixels of each example:
 * {@code L = (1 / HW) Σ_pixels w(Z) · -Σ_q Z_q log softmax(logits)_q}. Its gradient with respect to the logits is
 * explicit, {@code w · (softmax - Z) / HW}, so no loss layer is needed in the network.
 */
public final class ClassLoss {

	private ClassLoss() {}

	/**
	 * @param logits [N, Q, H, W], the generator's output
	 * @param targetAb [N, 2, H, W], the target chroma normalised ({@link Lab#normalizeAb}), at the logits' H, W
	 * @param pixelWeights [N, 1, H, W] more weights (or null)
	 * @param classWeights rebalancing weight per bin ({@link AbBins#rebalancingWeights}), or null for 1
	 * @param loss receives the mean weighted cross-entropy per pixel, if not null ({@code loss[0]})
	 * @return the gradient with respect to the logits, [N, Q, H, W]
	 */
	public static INDArray error(INDArray logits, INDArray targetAb, INDArray pixelWeights, double[] classWeights,
		double[] loss)
	{
		return error(logits, targetAb, pixelWeights, classWeights, 0, loss);
	}

	/**
	 * The mix of both heads' losses: the cross-entropy above plus {@code l1Weight} times the L1 loss of the
	 * distribution's mean (the annealed mean at T = 1, differentiable: {@code d mean / d logit_k = p_k (c_k - mean)})
	 * against the target, in normalised ab averaged over a and b as the regression head's L1; the L1 term is
	 * weighted by the pixel weights only, not rebalanced.
	 *
	 * @param loss receives {cross-entropy, L1 of the mean} (as many as it has room for)
	 */
	public static INDArray error(INDArray logits, INDArray targetAb, INDArray pixelWeights, double[] classWeights,
		double l1Weight, double[] loss)
	{
		AbBins bins = AbBins.get();
		int n = (int) logits.size(0), q = (int) logits.size(1), h = (int) logits.size(2), w = (int) logits.size(3);
		if (q != bins.count()) throw new IllegalArgumentException("The class head has " + q + " outputs; the ab bins " +
			"are " + bins.count() + ".");
		if (targetAb.size(0) != n || targetAb.size(1) != 2 || targetAb.size(2) != h || targetAb.size(3) != w)
			throw new IllegalArgumentException("The target chroma must be [" + n + ", 2, " + h + ", " + w + "].");
		int plane = h * w;
		float[] z = logits.castTo(DataType.FLOAT).dup('c').data().asFloat();
		float[] t = targetAb.castTo(DataType.FLOAT).dup('c').data().asFloat();
		float[] pw = pixelWeights == null ? null : pixelWeights.castTo(DataType.FLOAT).dup('c').data().asFloat();
		float[] grad = new float[z.length];
		int[] classes = new int[AbBins.NEIGHBOURS];
		float[] soft = new float[AbBins.NEIGHBOURS];
		double[] p = new double[q];
		double total = 0, totalL1 = 0;
		for (int e = 0; e < n; e++)
			for (int i = 0; i < plane; i++) {
				int base = e * q * plane + i;
				double a = Lab.denormalizeAb(t[(e * 2) * plane + i]), b = Lab.denormalizeAb(t[(e * 2 + 1) * plane + i]);
				bins.softEncode(a, b, classes, soft);
				double weight = (classWeights == null ? 1 : classWeights[classes[0]]) * (pw == null ? 1 : pw[e * plane +
					i]);
				double max = Double.NEGATIVE_INFINITY;
				for (int k = 0; k < q; k++)
					max = Math.max(max, z[base + k * plane]);
				double sum = 0;
				for (int k = 0; k < q; k++)
					sum += p[k] = Math.exp(z[base + k * plane] - max);
				double logSum = Math.log(sum) + max;
				for (int k = 0; k < q; k++)
					p[k] /= sum;
				double ma = 0, mb = 0;
				for (int k = 0; k < q; k++) {
					ma += p[k] * bins.centreA(k);
					mb += p[k] * bins.centreB(k);
				}
				double pixel = pw == null ? 1 : pw[e * plane + i];
				double sa = Math.signum(ma - a), sb = Math.signum(mb - b);
				totalL1 += pixel * (Math.abs(ma - a) + Math.abs(mb - b)) / (2 * Lab.AB_SCALE);
				double l1Scale = l1Weight * pixel / (2 * Lab.AB_SCALE);
				double ce = 0;
				if (l1Weight != 0) for (int k = 0; k < q; k++)
					grad[base + k * plane] = (float) (l1Scale * p[k] * (sa * (bins.centreA(k) - ma) + sb * (bins.centreB(k) -
						mb)) / plane);
				for (int k = 0; k < AbBins.NEIGHBOURS; k++) {
					ce -= soft[k] * (z[base + classes[k] * plane] - logSum);
					p[classes[k]] -= soft[k];
				}
				total += weight * ce;
				for (int k = 0; k < q; k++)
					grad[base + k * plane] += (float) (weight * p[k] / plane);
			}
		if (loss != null && loss.length > 0) loss[0] = total / ((double) n * plane);
		if (loss != null && loss.length > 1) loss[1] = totalL1 / ((double) n * plane);
		return Nd4j.create(grad, new long[] { n, q, h, w }, 'c').castTo(logits.dataType());
	}

	/**
	 * @param logits [N, Q, H, W]
	 * @return [N, 2, H, W] the annealed mean at {@code temperature} ({@link AbBins#annealedMean}), normalised ab
	 */
	public static INDArray decode(INDArray logits, double temperature) {
		AbBins bins = AbBins.get();
		int n = (int) logits.size(0), q = (int) logits.size(1), plane = (int) (logits.size(2) * logits.size(3));
		float[] z = logits.castTo(DataType.FLOAT).dup('c').data().asFloat();
		float[] ab = new float[n * 2 * plane];
		double[] mean = new double[2];
		for (int e = 0; e < n; e++)
			for (int i = 0; i < plane; i++) {
				bins.annealedMean(z, e * q * plane + i, plane, temperature, mean);
				ab[e * 2 * plane + i] = Lab.normalizeAb((float) mean[0]);
				ab[(e * 2 + 1) * plane + i] = Lab.normalizeAb((float) mean[1]);
			}
		return Nd4j.create(ab, new long[] { n, 2, logits.size(2), logits.size(3) }, 'c').castTo(logits.dataType());
	}
}
