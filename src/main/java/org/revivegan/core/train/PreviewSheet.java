package org.revivegan.core.train;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.revivegan.core.color.Lab;
import org.revivegan.core.model.Task;

/**
 * The picture a {@link TrainingListener} gets at each validation: for the first {@value #CROPS} fixed
 * validation crops, one row each of three tiles, input | generator output | target, as an sRGB float image in
 * [0, 1] with {@value #GAP}-pixel white gaps between tiles and rows.
 * <ul>
 * <li>Inpainting: the input photo as the network sees it (damage prefilled), with the damaged pixels tinted
 * red so that the holes show; the raw generator output (every pixel, not only the holes: how well it learns
 * the rest shows too); the clean crop.</li>
 * <li>Colourisation: the input lightness as gray; the RGB rebuilt from the input L and the predicted ab; the
 * RGB from L and the true ab (what the validation score compares).</li>
 * <li>Detection: the input photo; the damage probability as gray (white = damaged); the true mask.</li>
 * </ul>
 */
public final class PreviewSheet {

	/** Validation crops shown at most (rows). */
	public static final int CROPS = 3;

	/** White pixels between tiles and between rows. */
	public static final int GAP = 2;

	/** How much a damaged pixel of the inpainting input is pulled towards red. */
	private static final float MASK_TINT = 0.5f;

	private PreviewSheet() {}

	/** @return the sheet's width for crops {@code crop} pixels wide: three tiles and two gaps */
	public static long width(long crop) {
		return 3 * crop + 2 * GAP;
	}

	/** @return the sheet's height for {@code crops} validation crops {@code crop} pixels high */
	public static long height(long crop, long crops) {
		long rows = Math.min(CROPS, crops);
		return rows * crop + (rows - 1) * GAP;
	}

	/**
	 * @param input the validation batch's network input [N, Cin, H, W]
	 * @param output the generator's output for it [N, Cout, H, W]
	 * @param target the batch's target [N, Cout, H, W]
	 * @return the sheet, (x, y, c) of {@link #width(long)} x {@link #height(long, long)} x 3
	 */
	public static ArrayImg<FloatType, FloatArray> of(Task task, INDArray input, INDArray output, INDArray target) {
		int n = (int) Math.min(CROPS, input.size(0)), h = (int) input.size(2), w = (int) input.size(3);
		int sw = (int) width(w), sh = (int) height(h, n);
		ArrayImg<FloatType, FloatArray> sheet = ArrayImgs.floats(sw, sh, 3);
		float[] s = sheet.update(null).getCurrentStorageArray();
		java.util.Arrays.fill(s, 1f);
		float[] x = input.dup('c').data().asFloat(), o = output.dup('c').data().asFloat(),
			t = target.dup('c').data().asFloat();
		int plane = w * h, cin = (int) input.size(1), cout = (int) output.size(1);
		float[] in = new float[3], out = new float[3], tr = new float[3], lab = new float[3];
		for (int b = 0; b < n; b++)
			for (int i = 0; i < plane; i++) {
				int px = i % w, py = i / w;
				if (task == Task.COLORIZE) {
					float L = Lab.denormalizeL(x[b * cin * plane + i]);
					in[0] = in[1] = in[2] = L / Lab.L_MAX;
					lab[0] = L;
					lab[1] = Lab.denormalizeAb(o[(b * cout) * plane + i]);
					lab[2] = Lab.denormalizeAb(o[(b * cout + 1) * plane + i]);
					Lab.labToRgb(lab, out);
					lab[1] = Lab.denormalizeAb(t[(b * cout) * plane + i]);
					lab[2] = Lab.denormalizeAb(t[(b * cout + 1) * plane + i]);
					Lab.labToRgb(lab, tr);
				}
				else {
					for (int c = 0; c < 3; c++)
						in[c] = (x[(b * cin + c) * plane + i] + 1) * 0.5f;
					if (task == Task.INPAINT && x[(b * cin + 3) * plane + i] != 0) {
						in[0] += (1 - in[0]) * MASK_TINT;
						in[1] *= 1 - MASK_TINT;
						in[2] *= 1 - MASK_TINT;
					}
					for (int c = 0; c < 3; c++) {
						int k = task == Task.DETECT ? b * plane + i : (b * 3 + c) * plane + i;
						out[c] = task == Task.DETECT ? o[k] : (o[k] + 1) * 0.5f;
						tr[c] = task == Task.DETECT ? t[k] : (t[k] + 1) * 0.5f;
					}
				}
				int row = b * (h + GAP) + py;
				for (int c = 0; c < 3; c++) {
					int base = c * sw * sh + row * sw + px;
					s[base] = clamp(in[c]);
					s[base + w + GAP] = clamp(out[c]);
					s[base + 2 * (w + GAP)] = clamp(tr[c]);
				}
			}
		return sheet;
	}

	private static float clamp(float v) {
		return Math.max(0, Math.min(1, v));
	}
}
