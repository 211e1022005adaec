package org.revivegan.core.train;

import java.util.Locale;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.revivegan.core.color.Lab;
import org.revivegan.core.metrics.Metrics;

/**
 * The colourisation validation's scores: the pooled PSNR (one MSE over all crops, the run's {@code score_db}),
 * the mean over crops of each crop's PSNR, SSIM and the colourfulness ratio, as {@code revive evaluate --task colorize} measures whole photos (RGB rebuilt
 * from the input lightness and the predicted ab, clipped to [0, 1]). The ratio is pooled: the sum of the
 * output crops' colourfulness over the sum of the true crops', so that a nearly gray crop cannot dominate it.
 */
final class ColorScores {

	final double pooledPsnr, meanCropPsnr, ssim, colorfulnessRatio;

	private ColorScores(double pooledPsnr, double meanCropPsnr, double ssim, double colorfulnessRatio) {
		this.pooledPsnr = pooledPsnr;
		this.meanCropPsnr = meanCropPsnr;
		this.ssim = ssim;
		this.colorfulnessRatio = colorfulnessRatio;
	}

	/**
	 * @param out predicted ab, (n, 2, h, w) in the network's normalised units
	 * @param batch the validation batch: input channel 0 the normalised L, target the true ab
	 */
	static ColorScores of(INDArray out, Batch batch) {
		long n = out.size(0), h = out.size(2), w = out.size(3), inChannels = batch.input.size(1);
		int plane = (int) (h * w);
		float[] o = out.dup('c').data().asFloat(), t = batch.target.dup('c').data().asFloat();
		float[] x = batch.input.dup('c').data().asFloat();
		float[] lab = new float[3], rgb = new float[3];
		double mseSum = 0, psnrSum = 0, ssimSum = 0, colourOut = 0, colourTrue = 0;
		for (int b = 0; b < n; b++) {
			float[] po = new float[3 * plane], pt = new float[3 * plane];
			for (int i = 0; i < plane; i++) {
				lab[0] = Lab.denormalizeL(x[(int) (b * inChannels) * plane + i]);
				for (int side = 0; side < 2; side++) {
					float[] ab = side == 0 ? o : t;
					lab[1] = Lab.denormalizeAb(ab[(b * 2) * plane + i]);
					lab[2] = Lab.denormalizeAb(ab[(b * 2 + 1) * plane + i]);
					Lab.labToRgb(lab, rgb);
					float[] dst = side == 0 ? po : pt;
					for (int c = 0; c < 3; c++)
						dst[c * plane + i] = (float) Math.max(0, Math.min(1, rgb[c]));
				}
			}
			ArrayImg<FloatType, FloatArray> a = ArrayImgs.floats(po, w, h, 3), r = ArrayImgs.floats(pt, w, h, 3);
			double mse = Metrics.mse(a, r);
			mseSum += mse;
			psnrSum += mse <= 1e-10 ? 99 : Math.min(99, 10 * Math.log10(1 / mse));
			ssimSum += Metrics.ssim(a, r, 1);
			colourOut += Metrics.colorfulness(a, 1);
			colourTrue += Metrics.colorfulness(r, 1);
		}
		double pooled = mseSum / n; // every crop has the same number of values
		return new ColorScores(pooled == 0 ? 99 : 10 * Math.log10(1 / pooled), psnrSum / n, ssimSum / n, colourTrue > 0 ? colourOut / colourTrue : Double.NaN);
	}

	String summary() {
		return String.format(Locale.ROOT, " (crop mean %.2f dB, SSIM %.4f, colourfulness ratio %.3f)", meanCropPsnr, ssim,
			colorfulnessRatio);
	}
}
