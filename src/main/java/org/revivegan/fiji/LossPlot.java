package org.revivegan.fiji;

import ij.gui.Plot;
import ij.gui.PlotWindow;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A plot of a training run's losses against step, read from the trainer's {@code losses.csv} (which it
 * flushes after every step), so that the plot shows exactly what the run recorded, resumed steps included.
 * Shown in a window that is redrawn on each {@link #update()}; in a headless session nothing is shown.
 */
public final class LossPlot {

	/** Columns plotted, as the trainer names them, and their legend labels. */
	static final String[] COLUMNS = { "l1", "g_adversarial", "d_real", "d_fake" };
	private static final String[] LABELS = { "L1", "G adversarial", "D real", "D fake" };
	private static final Color[] COLORS = { Color.BLUE, Color.RED, new Color(0, 140, 0), Color.ORANGE };

	private final Path csv;
	private final String title;
	private PlotWindow window;

	/** The losses of one run: {@code steps[i]} and {@code values[column][i]} ({@link #COLUMNS} order). */
	static final class Curves {

		final double[] steps;
		final double[][] values;

		Curves(double[] steps, double[][] values) {
			this.steps = steps;
			this.values = values;
		}
	}

	public LossPlot(Path csv, String title) {
		this.csv = csv;
		this.title = title;
	}

	/** Re-reads the CSV and redraws; does nothing while the file is missing or empty, or when headless. */
	public void update() {
		if (java.awt.GraphicsEnvironment.isHeadless()) return;
		Curves c;
		try {
			c = read(csv);
		}
		catch (IOException e) {
			return; // being written or not yet there; the next update tries again
		}
		if (c.steps.length == 0) return;
		Plot plot = plot(c, title);
		if (window == null || window.isClosed()) window = plot.show();
		else window.drawPlot(plot);
	}

	/** @return the plot of the curves (L1, then the adversarial losses where the run has reached that phase) */
	static Plot plot(Curves c, String title) {
		Plot plot = new Plot(title, "step", "loss");
		StringBuilder legend = new StringBuilder();
		for (int k = 0; k < COLUMNS.length; k++) {
			if (Arrays.stream(c.values[k]).noneMatch(Double::isFinite)) continue;
			plot.setColor(COLORS[k]);
			plot.addPoints(c.steps, c.values[k], Plot.LINE);
			legend.append(LABELS[k]).append('\n');
		}
		plot.setLimitsToFit(false);
		plot.addLegend(legend.toString());
		return plot;
	}

	/**
	 * @return the step and loss columns of a trainer's losses CSV; an unknown or missing value (an L1-only step
	 *         has no adversarial losses: they are written as NaN or left empty) is NaN
	 */
	static Curves read(Path csv) throws IOException {
		List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
		if (lines.isEmpty()) return new Curves(new double[0], new double[COLUMNS.length][0]);
		List<String> header = Arrays.asList(lines.get(0).trim().split(","));
		int stepColumn = header.indexOf("step");
		if (stepColumn < 0) throw new IOException(csv + " has no 'step' column.");
		int[] columns = new int[COLUMNS.length];
		for (int k = 0; k < COLUMNS.length; k++)
			columns[k] = header.indexOf(COLUMNS[k]);
		int n = 0;
		double[] steps = new double[lines.size() - 1];
		double[][] values = new double[COLUMNS.length][lines.size() - 1];
		for (String line : lines.subList(1, lines.size())) {
			String[] f = line.split(",", -1);
			if (f.length < header.size()) continue; // a row being written
			double step = number(f[stepColumn]);
			if (!Double.isFinite(step)) continue;
			steps[n] = step + 1; // the row of step s is written after it: s + 1 steps are done
			for (int k = 0; k < COLUMNS.length; k++)
				values[k][n] = columns[k] < 0 ? Double.NaN : number(f[columns[k]]);
			n++;
		}
		double[][] trimmed = new double[COLUMNS.length][];
		for (int k = 0; k < COLUMNS.length; k++)
			trimmed[k] = Arrays.copyOf(values[k], n);
		return new Curves(Arrays.copyOf(steps, n), trimmed);
	}

	private static double number(String s) {
		try {
			return Double.parseDouble(s.trim());
		}
		catch (NumberFormatException e) {
			return Double.NaN;
		}
	}
}
