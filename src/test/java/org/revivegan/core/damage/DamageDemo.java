package org.revivegan.core.damage;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.revivegan.core.util.Rng;

/**
 * Writes target/damage-demo-kinds.png and target/damage-demo-mixed.png, contact sheets of synthetic damage
 * for a person to look at: one row per kind (the last column shows that example's mask in magenta), then
 * training-default examples with their masks and push-pull prefills, and masks of the evaluation bands.
 * Also prints the masked fraction of every example and rough timings.
 * <p>
 * Usage: {@code DamageDemo [folder of photos]} (default /work/shared/data/samples; falls back to a
 * generated picture when no photo can be read).
 * </p>
 */
public class DamageDemo {

	private static final int CELL = 256;
	private static final int GAP = 4;
	private static final int LABEL = 110;

	public static void main(String[] args) throws IOException {
		File folder = new File(args.length > 0 ? args[0] : "/work/shared/data/samples");
		List<float[]> crops = loadCrops(folder);
		DamageSynthesizer synth = new DamageSynthesizer();

		List<String> labels = new ArrayList<>();
		List<List<BufferedImage>> rows = new ArrayList<>();
		int columns = 6;
		Object[][] kindRows = { { "STROKES", DamageSpec.of(DamageKind.STROKES).withArea(0.05, 0.3) },
			{ "SCRATCHES", DamageSpec.of(DamageKind.SCRATCHES).withArea(0.01, 0.03) },
			{ "DUST", DamageSpec.of(DamageKind.DUST).withArea(0.005, 0.03) },
			{ "BLOTCHES", DamageSpec.of(DamageKind.BLOTCHES).withArea(0.05, 0.3) },
			{ "TEARS", DamageSpec.of(DamageKind.TEARS).withArea(0.03, 0.25) },
			{ "FADING+GRAIN", DamageSpec.of().withArea(0, 0).withFading(1).withGrain(1) } };
		long seed = 1;
		for (Object[] row : kindRows) {
			List<BufferedImage> cells = new ArrayList<>();
			for (int c = 0; c < columns; c++) {
				Damage d = synth.apply(img(crops.get(c % crops.size())), (DamageSpec) row[1], new Rng(seed++));
				cells.add(c == columns - 1 && d.maskedFraction() > 0 ? maskImage(d) : toImage(d.damaged()));
				System.out.printf("%s seed %d: %.3f %s%n", row[0], seed - 1, d.maskedFraction(), d.kinds());
			}
			labels.add((String) row[0]);
			rows.add(cells);
		}
		for (int r = 0; r < 2; r++) {
			List<BufferedImage> damaged = new ArrayList<>();
			List<BufferedImage> masks = new ArrayList<>();
			List<BufferedImage> fills = new ArrayList<>();
			for (int c = 0; c < columns; c++) {
				Damage d = synth.apply(img(crops.get((c + r) % crops.size())), DamageSpec.mixed(), new Rng(seed++));
				damaged.add(toImage(d.damaged()));
				masks.add(maskImage(d));
				fills.add(toImage(MaskFill.pushPull(d.damaged(), d.mask())));
			}
			labels.add("mixed");
			rows.add(damaged);
			labels.add("mask");
			rows.add(masks);
			labels.add("push-pull");
			rows.add(fills);
		}
		List<BufferedImage> bands = new ArrayList<>();
		double[][] bandAreas = { { 0, 0.1 }, { 0.1, 0.2 }, { 0.2, 0.3 }, { 0.3, 0.4 }, { 0.4, 0.5 }, { 0.4, 0.5 } };
		for (int c = 0; c < columns; c++) {
			Damage d = synth.apply(img(crops.get(c % crops.size())), DamageSpec.band(bandAreas[c][0], bandAreas[c][1]),
				new Rng(seed++));
			bands.add(maskImage(d));
		}
		labels.add("bands 0-50%");
		rows.add(bands);

		writeSheet(labels.subList(0, 6), rows.subList(0, 6), columns, new File("target/damage-demo-kinds.png"));
		writeSheet(labels.subList(6, rows.size()), rows.subList(6, rows.size()), columns,
			new File("target/damage-demo-mixed.png"));

		// rough timings (after warm-up)
		ArrayImg<FloatType, FloatArray> probe = img(crops.get(0));
		for (int i = 0; i < 200; i++)
			synth.apply(probe, DamageSpec.mixed(), new Rng(i));
		int reps = 300;
		long t0 = System.nanoTime();
		double area = 0;
		for (int i = 0; i < reps; i++)
			area += synth.apply(probe, DamageSpec.mixed(), new Rng(1000 + i)).maskedFraction();
		long t1 = System.nanoTime();
		System.out.printf("apply(mixed) 256x256: %.2f ms per crop (mean area %.3f)%n", (t1 - t0) / 1e6 / reps,
			area / reps);
		Damage d = synth.apply(probe, DamageSpec.band(0.4, 0.5), new Rng(7));
		for (int i = 0; i < 200; i++)
			MaskFill.pushPull(d.damaged(), d.mask());
		t0 = System.nanoTime();
		for (int i = 0; i < reps; i++)
			MaskFill.pushPull(d.damaged(), d.mask());
		t1 = System.nanoTime();
		System.out.printf("pushPull 256x256x3: %.2f ms%n", (t1 - t0) / 1e6 / reps);
		for (DamageKind kind : new DamageKind[] { DamageKind.STROKES, DamageKind.BLOTCHES, DamageKind.TEARS,
			DamageKind.SCRATCHES, DamageKind.DUST })
		{
			boolean small = kind == DamageKind.SCRATCHES || kind == DamageKind.DUST;
			DamageSpec spec = DamageSpec.of(kind).withArea(small ? 0.01 : 0.02, small ? 0.03 : 0.3);
			t0 = System.nanoTime();
			for (int i = 0; i < reps; i++)
				synth.apply(probe, spec, new Rng(5000 + i));
			t1 = System.nanoTime();
			System.out.printf("apply(%s, %s) : %.2f ms%n", kind, spec.minArea() + ".." + spec.maxArea(),
				(t1 - t0) / 1e6 / reps);
		}
	}

	private static void writeSheet(List<String> labels, List<List<BufferedImage>> rows, int columns, File out)
		throws IOException
	{
		int width = LABEL + columns * (CELL + GAP);
		int height = rows.size() * (CELL + GAP);
		BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = sheet.createGraphics();
		g.setColor(new Color(40, 40, 40));
		g.fillRect(0, 0, width, height);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
		for (int r = 0; r < rows.size(); r++) {
			g.setColor(Color.WHITE);
			g.drawString(labels.get(r), 6, r * (CELL + GAP) + CELL / 2);
			for (int c = 0; c < rows.get(r).size(); c++)
				g.drawImage(rows.get(r).get(c), LABEL + c * (CELL + GAP), r * (CELL + GAP), null);
		}
		g.dispose();
		out.getParentFile().mkdirs();
		ImageIO.write(sheet, "png", out);
		System.out.println("wrote " + out.getAbsolutePath());
	}

	private static ArrayImg<FloatType, FloatArray> img(float[] planar) {
		return ArrayImgs.floats(planar.clone(), CELL, CELL, 3);
	}

	private static List<float[]> loadCrops(File folder) throws IOException {
		List<float[]> crops = new ArrayList<>();
		File[] files = folder.listFiles();
		if (files != null) {
			java.util.Arrays.sort(files);
			for (File f : files) {
				BufferedImage image = ImageIO.read(f);
				if (image == null) continue;
				crops.add(crop(image));
			}
		}
		if (crops.isEmpty()) crops.add(generated());
		return crops;
	}

	/** Scales the image so its shorter side is CELL (area averaging via drawImage), centre crop. */
	private static float[] crop(BufferedImage image) {
		double s = (double) CELL / Math.min(image.getWidth(), image.getHeight());
		int w = Math.max(CELL, (int) Math.round(image.getWidth() * s));
		int h = Math.max(CELL, (int) Math.round(image.getHeight() * s));
		BufferedImage scaled = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = scaled.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
		g.drawImage(image.getScaledInstance(w, h, java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
		g.dispose();
		int x0 = (w - CELL) / 2, y0 = (h - CELL) / 2;
		float[] planar = new float[CELL * CELL * 3];
		for (int y = 0; y < CELL; y++)
			for (int x = 0; x < CELL; x++) {
				int rgb = scaled.getRGB(x0 + x, y0 + y);
				int i = x + CELL * y;
				planar[i] = ((rgb >> 16) & 255) / 255f;
				planar[CELL * CELL + i] = ((rgb >> 8) & 255) / 255f;
				planar[2 * CELL * CELL + i] = (rgb & 255) / 255f;
			}
		return planar;
	}

	private static float[] generated() {
		float[] planar = new float[CELL * CELL * 3];
		for (int y = 0; y < CELL; y++)
			for (int x = 0; x < CELL; x++) {
				int i = x + CELL * y;
				float sky = y < CELL / 2 ? 1 : 0;
				planar[i] = 0.3f + 0.4f * x / CELL;
				planar[CELL * CELL + i] = 0.3f + 0.4f * sky;
				planar[2 * CELL * CELL + i] = 0.2f + 0.6f * y / CELL;
			}
		return planar;
	}

	private static BufferedImage toImage(ArrayImg<FloatType, FloatArray> img) {
		int w = (int) img.dimension(0), h = (int) img.dimension(1);
		float[] d = img.update(null).getCurrentStorageArray();
		BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int i = x + w * y;
				out.setRGB(x, y, (to8(d[i]) << 16) | (to8(d[w * h + i]) << 8) | to8(d[2 * w * h + i]));
			}
		return out;
	}

	private static BufferedImage maskImage(Damage d) {
		int w = (int) d.mask().dimension(0), h = (int) d.mask().dimension(1);
		byte[] m = d.mask().update(null).getCurrentStorageArray();
		BufferedImage out = toImage(d.target());
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				if (m[x + w * y] != 0) out.setRGB(x, y, 0xFF00FF);
		Graphics2D g = out.createGraphics();
		g.setColor(Color.BLACK);
		g.fillRect(0, 0, 120, 18);
		g.setColor(Color.WHITE);
		g.drawString(String.format("%.1f%%", 100 * d.maskedFraction()), 4, 14);
		g.dispose();
		return out;
	}

	private static int to8(float v) {
		return Math.max(0, Math.min(255, Math.round(v * 255)));
	}
}
