package org.revivegan.core.eval;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.revivegan.core.color.ColorHints;
import org.revivegan.core.color.Lab;
import org.revivegan.core.image.Images;
import org.revivegan.core.infer.Colorizer;
import org.revivegan.core.infer.Inpainter;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;

/** Colourisation measured against the number of colour hints taken from the original (band hints-k). */
class EvaluatorHintsTest {

	@Test
	void everyImageGetsOneRowPerHintCountWithExactlyKHintsFromTheOriginal() throws IOException {
		List<Img<FloatType>> photos = EvaluatorTest.photos();
		Evaluator evaluator = Evaluator.colorization(new Colorizer(EvaluatorTest.model(Task.COLORIZE))).withSeed(3)
			.withHintCounts(Arrays.asList(0, 2, 5));
		Map<String, ColorHints> seen = new LinkedHashMap<>();
		evaluator.hintsUsed = (image, hints) -> seen.put(image + "/" + hints.size(), hints);
		List<Evaluator.Sample> samples = new ArrayList<>();
		evaluator.withListener(samples::add);
		List<EvaluationRow> rows = evaluator.run(photos, Arrays.asList("a.png", "b.png"), Progress.NONE);

		assertEquals(2 * (2 + 3), rows.size());
		List<String> bands = new ArrayList<>();
		for (EvaluationRow r : rows.subList(0, 5))
			bands.add(r.method + " " + r.band);
		assertEquals(Arrays.asList("revivegan all", "grayscale all", "revivegan hints-0", "revivegan hints-2",
			"revivegan hints-5"), bands);
		assertEquals(rows.get(0).psnr, rows.get(2).psnr, 0, "0 hints is the automatic result");
		assertTrue(rows.get(4).toCsv().startsWith("colorize,revivegan,hints-5,a.png,"), rows.get(4).toCsv());

		assertEquals(Arrays.asList("0/0", "0/2", "0/5", "1/0", "1/2", "1/5"), new ArrayList<>(seen.keySet()));
		ArrayImg<FloatType, FloatArray> original = Images.toFloats(Images.toBytes(photos.get(0)), 255);
		int w = (int) original.dimension(0), h = (int) original.dimension(1);
		ColorHints five = seen.get("0/5");
		float[] mask = Images.floats(five.rasterize(w, h, w, h));
		int hinted = 0;
		for (int i = 2 * w * h; i < 3 * w * h; i++)
			if (mask[i] != 0) hinted++;
		assertTrue(hinted > 9 && hinted <= 5 * 9, "five 3x3 hints reach the model's mask: " + hinted);
		// each hint is the mean chroma of the (8-bit) original under its 3x3 square
		float[] lab = Images.floats(Lab.toLab(original));
		for (ColorHints.Hint hint : five.hints()) {
			assertEquals(3, hint.width);
			double a = 0;
			for (int y = hint.y; y < hint.y + 3; y++)
				for (int x = hint.x; x < hint.x + 3; x++)
					a += lab[w * h + x + w * y];
			assertEquals(a / 9, hint.a, 1e-3, hint.toString());
		}
		// contact sheets: one per k > 0, the hinted pixels drawn in the original's colour
		assertEquals(Arrays.asList("all", "hints-2", "hints-5", "all", "hints-2", "hints-5"), samples.stream().map(
			s -> s.band).collect(java.util.stream.Collectors.toList()));
	}

	@Test
	void hintPositionsDependOnlyOnSeedImageAndCount() {
		List<Img<FloatType>> photos = EvaluatorTest.photos();
		ColorHints a = Evaluator.sampleHints(photos.get(0), 10, Evaluator.hintRng(1, 0, 10));
		ColorHints b = Evaluator.sampleHints(photos.get(0), 10, Evaluator.hintRng(1, 0, 10));
		assertEquals(a.toString(), b.toString());
		assertNotEquals(a.toString(), Evaluator.sampleHints(photos.get(0), 10, Evaluator.hintRng(2, 0, 10)).toString());
		assertNotEquals(a.toString(), Evaluator.sampleHints(photos.get(0), 10, Evaluator.hintRng(1, 1, 10)).toString());
		for (ColorHints.Hint h : a.hints()) {
			assertTrue(h.x >= 0 && h.y >= 0 && h.x + h.width <= 48 && h.y + h.height <= 40, "inside the image: " + h);
		}
	}

	@Test
	void hintCountsParseAndAreRefusedForInpainting() {
		assertEquals(Evaluator.DEFAULT_HINT_COUNTS, Evaluator.parseHintCounts("default"));
		assertEquals(Arrays.asList(0, 1, 2, 5, 10, 20, 50), Evaluator.DEFAULT_HINT_COUNTS);
		assertEquals(Arrays.asList(0, 5, 10), Evaluator.parseHintCounts(" 0, 5,10 "));
		assertEquals(List.of(), Evaluator.parseHintCounts("none"));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Evaluator.parseHintCounts(
			"0,five"));
		assertTrue(e.getMessage().contains("'five'"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Evaluator.parseHintCounts("-1"));
		assertThrows(IllegalArgumentException.class, () -> Evaluator.inpainting(new Inpainter(EvaluatorTest.model(
			Task.INPAINT))).withHintCounts(List.of(5)));
	}

	@Test
	void reportTabulatesMeanPsnrPerHintCountAndTheGain() {
		List<EvaluationRow> rows = new ArrayList<>();
		for (String image : new String[] { "a", "b" }) {
			double base = image.equals("a") ? 20 : 22;
			rows.add(new EvaluationRow("colorize", Evaluator.OURS, Band.ALL, image, base, 0.8, Double.NaN, 1, 0.1, 0));
			rows.add(new EvaluationRow("colorize", Evaluator.GRAYSCALE, Band.ALL, image, base - 3, 0.7, Double.NaN, 0, 0, 0));
			rows.add(new EvaluationRow("colorize", Evaluator.OURS, "hints-10", image, base + 4, 0.9, Double.NaN, 1, 0.1, 0));
			rows.add(new EvaluationRow("colorize", Evaluator.OURS, "hints-0", image, base, 0.8, Double.NaN, 1, 0.1, 0));
			rows.add(new EvaluationRow("colorize", Evaluator.OURS, "hints-2", image, base + 1, 0.85, Double.NaN, 1, 0.1, 0));
		}
		String md = EvaluationReport.markdown(rows, List.of(), List.of());
		assertTrue(md.contains("### PSNR against the number of colour hints"), md);
		int k0 = md.indexOf("| 0 | 2 | 21.00 | 0.8000 | +0.00 |"), k2 = md.indexOf("| 2 | 2 | 22.00 | 0.8500 | +1.00 |"),
			k10 = md.indexOf("| 10 | 2 | 25.00 | 0.9000 | +4.00 |");
		assertTrue(k0 > 0 && k2 > k0 && k10 > k2, "in increasing k: " + md);
		assertEquals("", EvaluationReport.hintsTable(rows.subList(0, 2)), "no hints-k rows, no table");
	}
}
