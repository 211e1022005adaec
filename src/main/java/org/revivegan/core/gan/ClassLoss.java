package org.revivegan.core.gan;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.revivegan.core.color.AbBins;
import org.revivegan.core.color.Lab;
import org.revivegan.core.image.Images;

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
		float[] z = floats(logits);
		float[] t = floats(targetAb);
		float[] pw = pixelWeights == null ? null : floats(pixelWeights);
		float[] grad = new float[z.length];
		int[] classes = new int[AbBins.NEIGHBOURS];
		float[] soft = new float[AbBins.NEIGHBOURS];
		// Pixels go in blocks of BLOCK neighbours, each bin's logits of a block read as one contiguous run (the
		// logits are [N, Q, H, W]: one pixel's bins lie a plane apart). Each pixel's arithmetic, and the order of
		// the sums over pixels, are those of one pixel at a time, so the results do not depend on the blocking.
		int block = Math.min(BLOCK, plane);
		double[] p = new double[q * block], max = new double[block], sum = new double[block], ma = new double[block],
			mb = new double[block], weight = new double[block], l1Scale = new double[block], sa = new double[block],
			sb = new double[block];
		int[] blockClasses = new int[block * AbBins.NEIGHBOURS];
		float[] blockSoft = new float[block * AbBins.NEIGHBOURS];
		double total = 0, totalL1 = 0;
		for (int e = 0; e < n; e++)
			for (int i0 = 0; i0 < plane; i0 += block) {
				int m = Math.min(block, plane - i0), base = e * q * plane + i0;
				java.util.Arrays.fill(max, 0, m, Double.NEGATIVE_INFINITY);
				java.util.Arrays.fill(sum, 0, m, 0);
				java.util.Arrays.fill(ma, 0, m, 0);
				java.util.Arrays.fill(mb, 0, m, 0);
				for (int k = 0; k < q; k++) {
					int row = base + k * plane;
					for (int j = 0; j < m; j++)
						max[j] = Math.max(max[j], z[row + j]);
				}
				for (int k = 0; k < q; k++) {
					int row = base + k * plane, pk = k * block;
					for (int j = 0; j < m; j++)
						sum[j] += p[pk + j] = Math.exp(z[row + j] - max[j]);
				}
				for (int k = 0; k < q; k++) {
					int pk = k * block;
					double ca = bins.centreA(k), cb = bins.centreB(k);
					for (int j = 0; j < m; j++) {
						double v = p[pk + j] /= sum[j];
						ma[j] += v * ca;
						mb[j] += v * cb;
					}
				}
				for (int j = 0; j < m; j++) {
					int i = i0 + j;
					double a = Lab.denormalizeAb(t[(e * 2) * plane + i]), b = Lab.denormalizeAb(t[(e * 2 + 1) * plane + i]);
					bins.softEncode(a, b, classes, soft);
					weight[j] = (classWeights == null ? 1 : classWeights[classes[0]]) * (pw == null ? 1 : pw[e * plane + i]);
					double logSum = Math.log(sum[j]) + max[j];
					double pixel = pw == null ? 1 : pw[e * plane + i];
					sa[j] = Math.signum(ma[j] - a);
					sb[j] = Math.signum(mb[j] - b);
					totalL1 += pixel * (Math.abs(ma[j] - a) + Math.abs(mb[j] - b)) / (2 * Lab.AB_SCALE);
					l1Scale[j] = l1Weight * pixel / (2 * Lab.AB_SCALE);
					double ce = 0;
					for (int k = 0; k < AbBins.NEIGHBOURS; k++)
						ce -= soft[k] * (z[base + classes[k] * plane + j] - logSum);
					total += weight[j] * ce;
					System.arraycopy(classes, 0, blockClasses, j * AbBins.NEIGHBOURS, AbBins.NEIGHBOURS);
					System.arraycopy(soft, 0, blockSoft, j * AbBins.NEIGHBOURS, AbBins.NEIGHBOURS);
				}
				if (l1Weight != 0) // the L1 gradient is of the distribution before the target is taken off
					for (int k = 0; k < q; k++) {
						int row = base + k * plane, pk = k * block;
						double ca = bins.centreA(k), cb = bins.centreB(k);
						for (int j = 0; j < m; j++)
							grad[row + j] = (float) (l1Scale[j] * p[pk + j] * (sa[j] * (ca - ma[j]) + sb[j] * (cb - mb[j])) /
								plane);
					}
				for (int j = 0; j < m; j++)
					for (int k = 0; k < AbBins.NEIGHBOURS; k++)
						p[blockClasses[j * AbBins.NEIGHBOURS + k] * block + j] -= blockSoft[j * AbBins.NEIGHBOURS + k];
				for (int k = 0; k < q; k++) {
					int row = base + k * plane, pk = k * block;
					for (int j = 0; j < m; j++)
						grad[row + j] += (float) (weight[j] * p[pk + j] / plane);
				}
			}
		if (loss != null && loss.length > 0) loss[0] = total / ((double) n * plane);
		if (loss != null && loss.length > 1) loss[1] = totalL1 / ((double) n * plane);
		return Nd4j.create(grad, new long[] { n, q, h, w }, 'c').castTo(logits.dataType());
	}

	/**
	 * The target of a head that predicts at a reduced resolution: {@code x} area-averaged over blocks of
	 * {@code factor x factor} pixels (the target chroma is averaged before it is soft-encoded; so are pixel weights).
	 *
	 * @param x [N, C, H, W] with H and W multiples of {@code factor}
	 * @return [N, C, H / factor, W / factor]; {@code x} itself when the factor is 1
	 */
	public static INDArray areaAverage(INDArray x, int factor) {
		if (factor == 1) return x;
		long n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
		if (factor < 1 || h % factor != 0 || w % factor != 0) throw new IllegalArgumentException("Cannot average " + h +
			" x " + w + " over blocks of " + factor + ".");
		return x.dup('c').reshape('c', n, c, h / factor, factor, w / factor, factor).mean(3, 5);
	}

	/**
	 * The decoded chroma at the input's resolution: {@link #decode(INDArray, double)} at the logits' resolution,
	 * up-sampled (bilinear, {@link Images#resizePlane}) to {@code height x width} where the head is coarser.
	 */
	public static INDArray decode(INDArray logits, double temperature, int height, int width) {
		INDArray ab = decode(logits, temperature);
		int h = (int) ab.size(2), w = (int) ab.size(3);
		if (h == height && w == width) return ab;
		int n = (int) ab.size(0), plane = h * w;
		float[] small = ab.castTo(DataType.FLOAT).dup('c').data().asFloat();
		float[] big = new float[n * 2 * height * width];
		for (int c = 0; c < 2 * n; c++)
			System.arraycopy(Images.resizePlane(java.util.Arrays.copyOfRange(small, c * plane, (c + 1) * plane), w, h,
				width, height), 0, big, c * height * width, height * width);
		return Nd4j.create(big, new long[] { n, 2, height, width }, 'c').castTo(logits.dataType());
	}

	/** Pixels per block of {@link #error}'s loops: a block's probabilities (Q x BLOCK doubles) stay in cache. */
	static final int BLOCK = 64;

	/** @return the values in 'c' order as floats, without a copy through a duplicate array when they are already */
	private static float[] floats(INDArray a) {
		INDArray f = a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
		if (f.ordering() == 'c' && !f.isView() && f.data().length() == f.length()) return f.data().asFloat();
		return f.dup('c').data().asFloat();
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
