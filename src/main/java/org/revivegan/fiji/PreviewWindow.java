package org.revivegan.fiji;

import ij.ImagePlus;
import ij.process.ColorProcessor;

import java.awt.GraphicsEnvironment;
import java.util.function.Consumer;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.revivegan.core.train.PreviewSheet;
import org.revivegan.core.train.TrainingListener;

/**
 * Shows a training run's {@link PreviewSheet}s: one window, "&lt;run&gt; preview", whose image is replaced in
 * place at each validation (so the user watches one picture change rather than collecting a window per
 * validation); a window the user closed opens again at the next validation. Headless, nothing is shown and
 * one line per preview goes to the log instead.
 */
public final class PreviewWindow implements TrainingListener {

	private final String title;
	private final Consumer<String> log;
	private final boolean headless;
	private ImagePlus imp;

	/**
	 * @param run the run's name (its folder's name), the window is called "&lt;run&gt; preview"
	 * @param log where headless previews are reported
	 */
	public PreviewWindow(String run, Consumer<String> log) {
		this(run, log, GraphicsEnvironment.isHeadless());
	}

	PreviewWindow(String run, Consumer<String> log, boolean headless) {
		this.title = run + " preview";
		this.log = log;
		this.headless = headless;
	}

	/** @return the window's title */
	public String title() {
		return title;
	}

	@Override
	public void preview(long step, Img<FloatType> sheet) {
		if (headless) {
			log.accept("preview at step " + step);
			return;
		}
		ColorProcessor cp = toColorProcessor(sheet);
		if (imp == null) imp = new ImagePlus(title, cp);
		else imp.setProcessor(cp);
		if (imp.getWindow() == null || imp.getWindow().isClosed()) imp.show();
		else imp.updateAndDraw();
	}

	/** @return the RGB float image (x, y, c), values in [0, 1], as 8-bit RGB */
	public static ColorProcessor toColorProcessor(RandomAccessibleInterval<FloatType> rgb) {
		int w = (int) rgb.dimension(0), h = (int) rgb.dimension(1);
		int[] px = new int[w * h];
		for (int c = 0; c < 3; c++) {
			int shift = 16 - 8 * c;
			Cursor<FloatType> cur = Views.flatIterable(Views.hyperSlice(rgb, 2, rgb.min(2) + c)).cursor();
			for (int i = 0; i < px.length; i++)
				px[i] |= Math.round(Math.max(0, Math.min(1, cur.next().get())) * 255) << shift;
		}
		return new ColorProcessor(w, h, px);
	}
}
