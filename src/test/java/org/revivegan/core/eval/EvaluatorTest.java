package org.revivegan.core.eval;

import org.revivegan.testing.TinyModels;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.revivegan.core.image.Images;
import org.revivegan.core.infer.Colorizer;
import org.revivegan.core.infer.Inpainter;
import org.revivegan.core.model.GeneratorSpec;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.ModelMetadata;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;

class EvaluatorTest {

	/** A tiny untrained model. */
	static ModelFile model(Task task) {
		return TinyModels.model(task);
	}

	/** Smooth colourful test photos. */
	static List<Img<FloatType>> photos() {
		List<Img<FloatType>> images = new ArrayList<>();
		int[][] sizes = { { 48, 40 }, { 37, 52 } };
		for (int k = 0; k < sizes.length; k++) {
			int w = sizes[k][0], h = sizes[k][1], n = w * h;
			ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(w, h, 3);
			float[] a = img.update(null).getCurrentStorageArray();
			for (int c = 0; c < 3; c++)
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++)
						a[c * n + x + w * y] = (float) (0.5 + 0.4 * Math.sin(0.15 * x * (c + 1) + 0.1 * y + k + 2 * c));
			images.add(img);
		}
		return images;
	}

	/** A clock that moves on by {@code step} nanoseconds at every read. */
	static java.util.function.LongSupplier ticking(long step) {
		long[] now = { 0 };
		return () -> now[0] += step;
	}

	private static final List<String> NAMES = Arrays.asList("a.png", "b,c.png");

	/** The demo measures its own damage with this: the same rows as a run under a band's mask, given that mask. */
	@Test
	void aGivenMaskIsMeasuredAsARunMeasuresABandsMask() throws IOException {
		Img<FloatType> photo = photos().get(0);
		Band band = Band.values()[2];
		List<EvaluationRow> run = Evaluator.inpainting(new Inpainter(model(Task.INPAINT))).withSeed(7).withBands(List
			.of(band)).run(List.of(photo), List.of("a.png"), Progress.NONE);
		ArrayImg<UnsignedByteType, ByteArray> mask = new org.revivegan.core.damage.DamageSynthesizer().mask(48, 40, band
			.spec(), Evaluator.maskRng(7, 0, band));
		Img<FloatType> scaled = ArrayImgs.floats(48, 40); // any non-zero value is damage
		net.imglib2.loops.LoopBuilder.setImages(mask, scaled).forEachPixel((m, s) -> s.set(m.get() * 0.5f));
		List<Evaluator.Sample> samples = new ArrayList<>();
		List<EvaluationRow> given = Evaluator.inpainting(new Inpainter(model(Task.INPAINT))).withSeed(7).withListener(
			samples::add).inpaint(photo, null, scaled, "a.png", "mine");
		assertEquals(3, given.size());
		for (int i = 0; i < 3; i++) {
			assertEquals(run.get(i).method, given.get(i).method);
			assertEquals("mine", given.get(i).band);
			assertEquals(run.get(i).psnr, given.get(i).psnr, 1e-9, given.get(i).method);
			assertEquals(run.get(i).ssim, given.get(i).ssim, 1e-12, given.get(i).method);
			assertEquals(run.get(i).psnrMasked, given.get(i).psnrMasked, 1e-9, given.get(i).method);
			assertEquals(run.get(i).maskedFraction, given.get(i).maskedFraction, 0);
		}
		Img<FloatType> ours = Images.toFloats(samples.get(0).columns.get(samples.get(0).columnNames.indexOf(
			Evaluator.OURS)), 1);
		assertEquals(given.get(0).psnr, Evaluator.inpaintRow(Evaluator.OURS, "mine", "a.png", photo, ours, mask, 0)
			.psnr, 1e-9, "the restored picture is the one measured");
		assertThrows(IllegalArgumentException.class, () -> Evaluator.inpainting(new Inpainter(model(Task.INPAINT)))
			.inpaint(photo, null, ArrayImgs.floats(40, 48), "a.png", "mine"), "a mask of another size");
	}

	/**
	 * Another model (the demo's realistic one) is measured on the same input and mask as ours: its rows follow
	 * ours, and its picture is a sample column of its name; the other rows are those of an evaluation without it.
	 */
	@Test
	void anotherModelIsMeasuredBesideOursOnTheSameInput() throws IOException {
		Img<FloatType> photo = photos().get(0);
		List<Band> band = List.of(Band.values()[1]);
		List<EvaluationRow> alone = Evaluator.inpainting(new Inpainter(model(Task.INPAINT))).withSeed(7).withBands(band)
			.run(List.of(photo), List.of("a.png"), Progress.NONE);
		List<Evaluator.Sample> samples = new ArrayList<>();
		List<EvaluationRow> both = Evaluator.inpainting(new Inpainter(model(Task.INPAINT))).withModel("other",
			new Inpainter(model(Task.INPAINT))).withSeed(7).withBands(band).withListener(samples::add).run(List.of(
				photo), List.of("a.png"), Progress.NONE);
		assertEquals(Arrays.asList(Evaluator.OURS, Evaluator.TELEA, Evaluator.NS), alone.stream().map(r -> r.method)
			.collect(java.util.stream.Collectors.toList()), "without another model, the methods are as always");
		assertEquals(Arrays.asList(Evaluator.OURS, "other", Evaluator.TELEA, Evaluator.NS), both.stream().map(
			r -> r.method).collect(java.util.stream.Collectors.toList()));
		for (int i = 0; i < 3; i++) {
			EvaluationRow same = both.get(i == 0 ? 0 : i + 1);
			assertEquals(alone.get(i).psnr, same.psnr, 1e-9, same.method);
			assertEquals(alone.get(i).maskedFraction, same.maskedFraction, 0);
		}
		// the same weights on the same input: the same result
		assertEquals(both.get(0).psnr, both.get(1).psnr, 1e-9);
		assertEquals(both.get(0).maskedFraction, both.get(1).maskedFraction, 0);
		assertEquals(Arrays.asList("input", "mask", Evaluator.TELEA, Evaluator.OURS, "other", "original"), samples.get(0)
			.columnNames);
		assertEquals(samples.get(0).columnNames.size(), samples.get(0).columns.size());

		Inpainter any = new Inpainter(model(Task.INPAINT));
		assertThrows(IllegalArgumentException.class, () -> Evaluator.inpainting(any).withModel(Evaluator.TELEA, any));
		assertThrows(IllegalArgumentException.class, () -> Evaluator.inpainting(any).withModel("x", any).withModel("x",
			any));
		assertThrows(IllegalArgumentException.class, () -> Evaluator.colorization(new Colorizer(model(Task.COLORIZE)))
			.withModel("x", any));
	}

	@Test
	void inpaintingGivesEveryImageBandAndMethodWithMasksInsideTheirBands() throws IOException {
		Inpainter model = new Inpainter(model(Task.INPAINT));
		List<Evaluator.Sample> samples = new ArrayList<>();
		Evaluator evaluator = Evaluator.inpainting(model).withSeed(7).withListener(samples::add);
		evaluator.clock = ticking(250_000_000L);
		List<EvaluationRow> rows = evaluator.run(photos(), NAMES, Progress.NONE);
		assertEquals(2 * Band.values().length * 3, rows.size());
		Set<String> keys = new HashSet<>();
		for (EvaluationRow r : rows) {
			assertEquals("inpaint", r.task);
			keys.add(r.image + "|" + r.band + "|" + r.method);
			Band band = Band.parse(r.band);
			assertTrue(r.maskedFraction >= band.spec().minArea() && r.maskedFraction <= band.spec().maxArea() &&
				r.maskedFraction > 0, r.band + ": masked fraction " + r.maskedFraction);
			assertTrue(r.psnr > 5 && r.psnr < 100, r.toCsv());
			assertTrue(r.psnrMasked > 0 && r.psnrMasked <= r.psnr + 1e-9, "masked pixels are the only errors: " + r);
			assertTrue(r.ssim > 0 && r.ssim <= 1, r.toCsv());
			assertTrue(Double.isNaN(r.colorfulnessRatio));
			// each row times its own method: one tick between the clock reads around it
			assertEquals(0.25, r.seconds, 0, r.toCsv());
			// every method's fill has a detail ratio, the last column (after the columns older readers know)
			assertTrue(Double.isFinite(r.detailRatio) && r.detailRatio >= 0, r.method + ": " + r.toCsv());
			String[] fields = r.toCsv().split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
			assertEquals(10, fields.length, r.toCsv());
			assertEquals("", fields[7]);
			assertEquals("0.2500", fields[8]);
			assertEquals(r.detailRatio, Double.parseDouble(fields[9]), 1e-4, r.toCsv());
		}
		for (String image : NAMES)
			for (Band b : Band.values())
				for (String method : new String[] { "revivegan", "telea", "ns" })
					assertTrue(keys.contains(image + "|" + b.id() + "|" + method), image + " " + b.id() + " " + method);
		// the three methods of one image and band saw the same mask
		for (int i = 0; i < rows.size(); i += 3)
			assertEquals(rows.get(i).maskedFraction, rows.get(i + 2).maskedFraction, 0);
		// classical peers beat an untrained network on smooth images: the numbers mean something
		double telea = 0, ours = 0;
		for (EvaluationRow r : rows) {
			if (r.method.equals("telea")) telea += r.psnrMasked;
			if (r.method.equals("revivegan")) ours += r.psnrMasked;
		}
		assertTrue(telea > ours, "Telea " + telea + " vs untrained " + ours);

		assertEquals(2 * Band.values().length, samples.size());
		assertEquals(Arrays.asList("input", "mask", "telea", "revivegan", "original"), samples.get(0).columnNames);

		StringBuilder csv = new StringBuilder();
		Evaluator.writeCsv(rows, csv);
		assertTrue(csv.toString().startsWith(
			"task,method,band,image,psnr,ssim,psnr_masked,colorfulness_ratio,seconds,detail_ratio\n"), csv.toString());
		assertEquals(EvaluationRow.INPAINT_CSV_HEADER, csv.toString().substring(0, csv.indexOf("\n")));
		assertTrue(csv.toString().contains(",\"b,c.png\","), "names with commas are quoted");
	}

	@Test
	void aCsvOfBothTasksHasTheInpaintingColumnsOnEveryLine() throws IOException {
		List<EvaluationRow> rows = Arrays.asList(new EvaluationRow("inpaint", "telea", "0-10", "a.png", 30, 0.9, 25,
			Double.NaN, 0.5, 1, 0.05), new EvaluationRow("colorize", "grayscale", "all", "a.png", 20, 0.8, Double.NaN, 0,
				1, 0));
		StringBuilder csv = new StringBuilder();
		Evaluator.writeCsv(rows, csv);
		String[] lines = csv.toString().split("\n");
		assertEquals(EvaluationRow.INPAINT_CSV_HEADER, lines[0]);
		assertEquals("inpaint,telea,0-10,a.png,30.0000,0.90000,25.0000,,1.0000,0.5000", lines[1]);
		assertEquals("colorize,grayscale,all,a.png,20.0000,0.80000,,0.0000,1.0000,", lines[2]);
	}

	@Test
	void resultsDependOnlyOnSeedImageAndBand() throws IOException {
		Inpainter model = new Inpainter(model(Task.INPAINT));
		List<Img<FloatType>> photos = photos();
		List<Band> two = Arrays.asList(Band.SCRATCHES, Band.AREA_20_30);
		List<String> a = withoutSeconds(Evaluator.inpainting(model).withSeed(3).withBands(two).run(photos, NAMES,
			Progress.NONE));
		List<String> b = withoutSeconds(Evaluator.inpainting(model).withSeed(3).withBands(two).run(photos, NAMES,
			Progress.NONE));
		assertEquals(12, a.size());
		assertEquals(a, b);
		// one band alone gives the same rows as in a run of several bands ...
		List<String> oneBand = withoutSeconds(Evaluator.inpainting(model).withSeed(3).withBands(Arrays.asList(
			Band.AREA_20_30)).run(photos, NAMES, Progress.NONE));
		assertEquals(6, oneBand.size());
		assertTrue(a.containsAll(oneBand), "same rows whatever the other bands");
		// ... and another seed other rows
		List<String> otherSeed = withoutSeconds(Evaluator.inpainting(model).withSeed(4).withBands(Arrays.asList(
			Band.AREA_20_30)).run(photos, NAMES, Progress.NONE));
		for (String row : otherSeed)
			assertFalse(a.contains(row), row);
		assertNotEquals(Evaluator.maskRng(3, 0, Band.AREA_0_10).nextLong(), Evaluator.maskRng(3, 1, Band.AREA_0_10)
			.nextLong());
		assertNotEquals(Evaluator.maskRng(3, 0, Band.AREA_0_10).nextLong(), Evaluator.maskRng(3, 0, Band.AREA_10_20)
			.nextLong());
	}

	private static List<String> withoutSeconds(List<EvaluationRow> rows) {
		List<String> out = new ArrayList<>();
		for (EvaluationRow r : rows)
			out.add(new EvaluationRow(r.task, r.method, r.band, r.image, r.psnr, r.ssim, r.psnrMasked, r.colorfulnessRatio,
				r.detailRatio, 0, r.maskedFraction).toCsv());
		return out;
	}

	@Test
	void colorizationComparesWithTheGrayImage() throws IOException {
		Colorizer model = new Colorizer(model(Task.COLORIZE));
		Evaluator evaluator = Evaluator.colorization(model);
		evaluator.clock = ticking(1_000_000_000L);
		List<EvaluationRow> rows = evaluator.run(photos(), NAMES, Progress.NONE);
		assertEquals(4, rows.size());
		for (EvaluationRow r : rows) {
			assertEquals("colorize", r.task);
			assertEquals(1, r.seconds, 0, "each row times its own method: " + r);
			assertEquals("all", r.band);
			assertTrue(Double.isNaN(r.psnrMasked));
			assertTrue(r.psnr > 5 && r.ssim > 0, r.toCsv());
			assertTrue(Double.isNaN(r.detailRatio));
			String[] fields = r.toCsv().split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
			assertEquals(9, fields.length, "the colourisation CSV keeps its columns: " + r.toCsv());
			assertEquals("", fields[6]);
			if (r.method.equals("grayscale")) assertEquals(0, r.colorfulnessRatio, 1e-3, "gray has no colour");
			else assertEquals("revivegan", r.method);
		}
		assertEquals("revivegan", rows.get(0).method);
		assertEquals("grayscale", rows.get(1).method);
		StringBuilder csv = new StringBuilder();
		Evaluator.writeCsv(rows, csv);
		assertTrue(csv.toString().startsWith(EvaluationRow.CSV_HEADER + "\n"), csv.toString());
	}

	@Test
	void reportHasMeansPerBandAndMethodAndSheetsHaveTheRightSize() throws IOException {
		Inpainter model = new Inpainter(model(Task.INPAINT));
		ContactSheet sheet = new ContactSheet(20);
		List<EvaluationRow> rows = Evaluator.inpainting(model).withBands(Arrays.asList(Band.SCRATCHES, Band.AREA_40_50))
			.withListener(s -> sheet.addRow(s.columns)).run(photos(), NAMES, Progress.NONE);
		String md = EvaluationReport.markdown(rows, Arrays.asList("seed 1"), Arrays.asList("sheets/x.png"));
		assertTrue(md.contains("| scratches | telea | 2 |"), md);
		assertTrue(md.contains("| band | method | images | PSNR | SSIM | PSNR masked | detail ratio | seconds |"), md);
		double detail = (rows.get(1).detailRatio + rows.get(7).detailRatio) / 2;
		assertTrue(md.contains(String.format(java.util.Locale.ROOT, "| %.2f | %.3f | ", (rows.get(1).psnrMasked + rows
			.get(7).psnrMasked) / 2, detail)), "Telea's mean detail ratio on scratches: " + md);
		assertTrue(md.contains("| 40-50 | revivegan | 2 |"), md);
		assertTrue(md.contains("input (damage in white) | mask | Telea | ReviveGAN | original"), md);
		// rows: image a (scratches x 3 methods, 40-50 x 3), then image b
		assertEquals("scratches", rows.get(6).band);
		assertEquals("revivegan", rows.get(6).method);
		double mean = (rows.get(0).psnr + rows.get(6).psnr) / 2;
		assertTrue(md.contains(String.format(java.util.Locale.ROOT, "| scratches | revivegan | 2 | %.2f |", mean)), md);
		assertEquals(4, sheet.rows());
		Img<FloatType> img = sheet.image();
		// rows: 48x40 -> 24x20 tiles, 37x52 -> 14x20 tiles; five columns
		assertEquals(ContactSheet.GAP + 5 * (24 + ContactSheet.GAP), img.dimension(0));
		assertEquals(ContactSheet.GAP + 4 * (20 + ContactSheet.GAP), img.dimension(1));
	}
}
