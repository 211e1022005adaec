package org.revivegan.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.ModelFormatException;
import org.revivegan.core.model.Task;
import org.revivegan.core.provenance.Provenance;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.provenance.ProvenanceFiles;
import org.revivegan.core.restore.ColorizeRequest;
import org.revivegan.core.restore.ColorizeResult;
import org.revivegan.core.restore.InpaintRequest;
import org.revivegan.core.restore.InpaintResult;
import org.revivegan.core.restore.Planes;
import org.revivegan.core.restore.Restoration;
import org.revivegan.io.ImageFiles;
import org.revivegan.io.LoadedImage;

/** The job in a local[2] Spark, on a few tiny photos with tiny untrained models. */
class BatchRestorationTest {

	@TempDir
	static Path models;

	@TempDir
	Path dir;

	static JavaSparkContext sc;
	static BatchRestoration.ModelFiles tiny;

	@BeforeAll
	static void start() throws IOException {
		sc = LocalSpark.start(2);
		tiny = new BatchRestoration.ModelFiles();
		tiny.inpaint = TinyModels.save(Task.INPAINT, models.resolve("inpaint.zip")).toString();
		tiny.colorize = TinyModels.save(Task.COLORIZE, models.resolve("colorize.zip")).toString();
		tiny.detect = TinyModels.saveFlatDetector(models.resolve("detect.zip")).toString();
	}

	@AfterAll
	static void stop() {
		if (sc != null) sc.stop();
	}

	/**
	 * Photos a.png (colour), b.png (gray), sub/c.png, bad.png (not an image) with masks; nomask.png without one;
	 * small.png with a mask of another size.
	 */
	private Path archive() throws IOException {
		Path in = dir.resolve("photos"), masks = dir.resolve("masks");
		TestImages.color(in.resolve("a.png"), 1);
		TestImages.gray(in.resolve("b.png"), 2);
		TestImages.color(in.resolve("sub/c.png"), 3);
		TestImages.garbage(in.resolve("bad.png"));
		TestImages.color(in.resolve(".hidden.png"), 4);
		Files.writeString(in.resolve("notes.txt"), "not a photo");
		for (String name : List.of("a.png", "b.png", "sub/c.png", "bad.png"))
			TestImages.mask(masks.resolve(name));
		TestImages.color(in.resolve("nomask.png"), 5);
		TestImages.color(in.resolve("small.png"), 6);
		ImageFiles.write(masks.resolve("small.png"), net.imglib2.img.array.ArrayImgs.floats(8, 8), 8, true);
		return in;
	}

	private JobSettings inpaintWithMasks() {
		JobSettings s = new JobSettings();
		s.task = JobTask.INPAINT;
		s.output = dir.resolve("out").toString();
		s.masks = dir.resolve("masks").toString();
		return s;
	}

	private BatchRestoration.Result run(JobSettings s, Path input) throws IOException {
		return BatchRestoration.run(sc, s, input.toString(), tiny, 0, null);
	}

	private static Map<String, SummaryRow> byName(BatchRestoration.Result r) {
		return r.rows.stream().collect(Collectors.toMap(row -> row.input().substring(row.input().indexOf("/photos/") + 8),
			row -> row));
	}

	@Test
	void inpaintsWithSuppliedMasksWritesProvenanceAndRecordsABadFileWithoutFailingTheJob() throws Exception {
		Path in = archive();
		int builds = ExecutorModels.builds();
		BatchRestoration.Result r = run(inpaintWithMasks(), in);
		Path out = dir.resolve("out");

		Map<String, SummaryRow> rows = byName(r);
		assertEquals(List.of("a.png", "b.png", "bad.png", "nomask.png", "small.png", "sub/c.png"), r.rows.stream().map(row -> row.input()
			.substring(row.input().indexOf("/photos/") + 8)).collect(Collectors.toList()), "in order, hidden and " +
				"non-image files left out");
		for (String name : List.of("a.png", "b.png", "sub/c.png"))
			assertEquals(SummaryRow.Status.DONE, rows.get(name).status(), rows.get(name).toString());
		SummaryRow bad = rows.get("bad.png");
		assertEquals(SummaryRow.Status.FAILED, bad.status());
		assertTrue(bad.reason().contains(in.resolve("bad.png").toString()) && bad.reason().contains(
			"not a PNG, JPEG, TIFF or BMP image"), bad.reason());
		assertFalse(bad.reason().contains("revivegan-spark-"), "names the input, not the local copy: " + bad.reason());
		assertEquals("No mask for nomask.png (looked for " + dir.resolve("masks/nomask.png").toUri().toString()
			.replace("file:///", "file:/") + ").", rows.get("nomask.png").reason());
		assertTrue(rows.get("small.png").reason().startsWith("The mask is 8x8"), rows.get("small.png").reason());
		assertTrue(ExecutorModels.builds() - builds <= 1, "two task slots, one network built by the driver: at most " +
			"one more network for six photos, not one per photo");

		assertEquals(List.of("a-synthesized.png", "a.png", "a.png.revivegan.json", "b-synthesized.png", "b.png",
			"b.png.revivegan.json", BatchRestoration.SUMMARY, "sub/c-synthesized.png", "sub/c.png",
			"sub/c.png.revivegan.json"), TestImages.files(out), "no temporary or .crc files, nothing for bad.png");

		Provenance p = ProvenanceFiles.readSidecar(out.resolve("a.png"));
		assertEquals(Provenance.Operation.INPAINT, p.operation());
		assertEquals("a.png", p.inputName());
		assertEquals(TestImages.sha256(in.resolve("a.png")), p.parameters().get(ImageWork.INPUT_SHA256));
		assertEquals(Files.size(in.resolve("a.png")), p.parameters().get(ImageWork.INPUT_BYTES));
		assertEquals("a.png", p.parameters().get("mask"));
		assertEquals(1, p.models().size());
		assertEquals(TestImages.sha256(Path.of(tiny.inpaint)), p.models().get(0).sha256());
		assertEquals("inpaint.zip", p.models().get(0).file());
		assertEquals((long) TestImages.MS * TestImages.MS, p.synthesizedPixels());
		assertEquals("a-synthesized.png", p.mapFile());
		assertEquals("sub/c.png", ProvenanceFiles.readSidecar(out.resolve("sub/c.png")).inputName());

		// the core's guarantee holds through the job: only the masked pixels change
		Img<FloatType> original = ImageFiles.read(in.resolve("a.png")).image(), result = ImageFiles.read(out.resolve(
			"a.png")).image();
		RandomAccess<FloatType> o = original.randomAccess(), q = result.randomAccess();
		for (int y = 0; y < TestImages.H; y++)
			for (int x = 0; x < TestImages.W; x++)
				if (!TestImages.inMask(x, y)) for (int ch = 0; ch < 3; ch++)
					assertEquals(o.setPositionAndGet(x, y, ch).get(), q.setPositionAndGet(x, y, ch).get(), 0, x + "," + y);
		assertTrue(ImageFiles.read(out.resolve("b.png")).grayscale(), "a gray photo stays gray");

		List<SummaryRow> csv = SummaryCsv.parse(Files.readString(out.resolve(BatchRestoration.SUMMARY)));
		assertEquals(6, csv.size());
		assertEquals(bad.reason(), csv.get(2).reason());
		assertEquals("failed", csv.get(2).status().id());
		assertEquals(out.resolve("a.png").toUri().getPath(), Path.of(java.net.URI.create(csv.get(0).output()))
			.toUri().getPath());
	}

	@Test
	void aRerunSkipsCompleteResultsAndRedoesWhatChanged() throws Exception {
		Path in = archive();
		Path out = dir.resolve("out");
		run(inpaintWithMasks(), in);
		FileTime a = Files.getLastModifiedTime(out.resolve("a.png")), b = Files.getLastModifiedTime(out.resolve("b.png"));
		Files.setLastModifiedTime(out.resolve("a.png"), FileTime.fromMillis(a.toMillis() - 60_000));
		a = Files.getLastModifiedTime(out.resolve("a.png"));

		Map<String, SummaryRow> again = byName(run(inpaintWithMasks(), in));
		for (String name : List.of("a.png", "b.png", "sub/c.png")) {
			assertEquals(SummaryRow.Status.SKIPPED, again.get(name).status(), again.get(name).toString());
			assertTrue(again.get(name).reason().startsWith("done before"), again.get(name).reason());
		}
		assertEquals(SummaryRow.Status.FAILED, again.get("bad.png").status(), "a bad file fails again, alone");
		assertEquals(a, Files.getLastModifiedTime(out.resolve("a.png")), "a skipped result is not rewritten");

		TestImages.gray(in.resolve("b.png"), 9); // the scan was replaced
		JobSettings dilated = inpaintWithMasks();
		Map<String, SummaryRow> changed = byName(run(inpaintWithMasks(), in));
		assertEquals(SummaryRow.Status.DONE, changed.get("b.png").status(), "another input under the same name");
		assertEquals(SummaryRow.Status.SKIPPED, changed.get("a.png").status());
		assertEquals(TestImages.sha256(in.resolve("b.png")), ProvenanceFiles.readSidecar(out.resolve("b.png"))
			.parameters().get(ImageWork.INPUT_SHA256));

		dilated.dilate = 2;
		Map<String, SummaryRow> otherSettings = byName(run(dilated, in));
		assertEquals(SummaryRow.Status.DONE, otherSettings.get("a.png").status(), "other settings redo the work");
		assertEquals(2L, ProvenanceFiles.readSidecar(out.resolve("a.png")).parameters().get("dilate"));
		assertTrue(b.compareTo(Files.getLastModifiedTime(out.resolve("b.png"))) <= 0);
	}

	@Test
	void aRerunFinishesWhatAKilledRunLeftAndCleansItsTemporaryFiles() throws Exception {
		Path in = archive();
		Path out = dir.resolve("out");
		run(inpaintWithMasks(), in);
		// what a kill leaves: b's record written but not its result; half-written temporaries
		Files.delete(out.resolve("b.png"));
		Files.writeString(out.resolve(".b.png.0f3a-killed" + HadoopFiles.TEMP_SUFFIX), "half a PNG");
		Files.writeString(out.resolve("sub/.c.png.77-killed" + HadoopFiles.TEMP_SUFFIX), "half a PNG");
		// and a file of the user's where a result would go
		TestImages.color(in.resolve("d.png"), 5);
		TestImages.mask(dir.resolve("masks/d.png"));
		byte[] users = Files.readAllBytes(TestImages.color(out.resolve("d.png"), 6));

		BatchRestoration.Result r = run(inpaintWithMasks(), in);
		Map<String, SummaryRow> rows = byName(r);
		assertEquals(2, r.temporariesRemoved);
		assertEquals(SummaryRow.Status.SKIPPED, rows.get("a.png").status());
		assertEquals(SummaryRow.Status.SKIPPED, rows.get("sub/c.png").status());
		assertEquals(SummaryRow.Status.DONE, rows.get("b.png").status(), "a record without its result is redone");
		assertTrue(ImageFiles.read(out.resolve("b.png")).grayscale());
		SummaryRow d = rows.get("d.png");
		assertEquals(SummaryRow.Status.FAILED, d.status());
		assertTrue(d.reason().contains("not this job's"), d.reason());
		assertArrayEquals(users, Files.readAllBytes(out.resolve("d.png")), "a file not written by the job is never overwritten");
		assertTrue(TestImages.files(out).stream().noneMatch(f -> f.endsWith(HadoopFiles.TEMP_SUFFIX)), TestImages.files(
			out).toString());
	}

	@Test
	void detectsTheDamageWhenNoMasksAreGiven() throws Exception {
		Path in = dir.resolve("photos");
		TestImages.color(in.resolve("a.png"), 1);
		JobSettings s = new JobSettings();
		s.task = JobTask.INPAINT;
		s.output = dir.resolve("all").toString();
		s.threshold = 0.4; // the flat detector says 0.5 everywhere: all marked
		assertEquals(SummaryRow.Status.DONE, run(s, in).rows.get(0).status());
		Provenance all = ProvenanceFiles.readSidecar(dir.resolve("all/a.png"));
		assertEquals((long) TestImages.W * TestImages.H, all.synthesizedPixels());
		assertEquals("detected", all.parameters().get("mask"));
		assertEquals(0.4, all.parameters().get("threshold"));
		assertEquals(List.of("detect", "inpaint"), all.models().stream().map(Provenance.Model::role).collect(Collectors
			.toList()));

		assertTrue(Files.exists(dir.resolve("all/a-synthesized.png")));

		s.threshold = 0.6; // nothing marked: the photo comes back as it was
		assertEquals(SummaryRow.Status.DONE, run(s, in).rows.get(0).status(), "another threshold redoes it");
		Provenance none = ProvenanceFiles.readSidecar(dir.resolve("all/a.png"));
		assertEquals(0, none.synthesizedPixels());
		assertEquals("no damage detected", none.note());
		assertNull(none.mapFile());
		assertFalse(Files.exists(dir.resolve("all/a-synthesized.png")), "the earlier run's map would be wrong now");
		assertArrayEquals(pixels(ImageFiles.read(in.resolve("a.png"))), pixels(ImageFiles.read(dir.resolve(
			"all/a.png"))));
	}

	@Test
	void restoresGrayPhotosAndOnlyInpaintsColourOnes() throws Exception {
		Path in = dir.resolve("photos"), masks = dir.resolve("masks");
		TestImages.gray(in.resolve("gray.png"), 1);
		TestImages.color(in.resolve("colour.png"), 2);
		TestImages.mask(masks.resolve("gray.png"));
		TestImages.mask(masks.resolve("colour.png"));
		JobSettings s = new JobSettings();
		s.task = JobTask.RESTORE;
		s.output = dir.resolve("out").toString();
		s.masks = masks.toString();
		BatchRestoration.Result r = run(s, in);
		assertTrue(r.rows.stream().allMatch(row -> row.status() == SummaryRow.Status.DONE), r.rows.toString());

		Provenance gray = ProvenanceFiles.readSidecar(dir.resolve("out/gray.png"));
		assertEquals(Provenance.Operation.RESTORE, gray.operation());
		assertTrue(gray.allChromaSynthesized());
		assertEquals(List.of("inpaint", "colorize"), gray.models().stream().map(Provenance.Model::role).collect(
			Collectors.toList()));
		assertEquals(40L, gray.parameters().get("workingSize"), "the tiny model's own working size");
		assertFalse(ImageFiles.read(dir.resolve("out/gray.png")).grayscale(), "coloured");

		Provenance colour = ProvenanceFiles.readSidecar(dir.resolve("out/colour.png"));
		assertEquals("colour photo: not recoloured", colour.note());
		assertFalse(colour.allChromaSynthesized());
		assertEquals(1, colour.models().size());

		assertTrue(run(s, in).rows.stream().allMatch(row -> row.status() == SummaryRow.Status.SKIPPED),
			"both kinds of restore record are recognised as complete");
	}

	@Test
	void colorizesTheListedPhotosAndAMissingOneFailsAlone() throws Exception {
		Path in = dir.resolve("scans");
		TestImages.gray(in.resolve("1921/one.png"), 1);
		TestImages.gray(in.resolve("1922/two.jpg"), 2);
		Path list = Files.writeString(dir.resolve("scans/list.txt"), "1921/one.png\n" + in.resolve("1922/two.jpg") +
			"\n1923/gone.png\n" + dir.resolve("out/1921/one.png") + "\n", StandardCharsets.UTF_8);
		JobSettings s = new JobSettings();
		s.task = JobTask.COLORIZE;
		s.output = dir.resolve("out").toString();
		BatchRestoration.Result r = BatchRestoration.run(sc, s, list.toString(), tiny, 0, dir.resolve("summary.csv")
			.toString());
		// the last line names a file in the output folder: it is left out, results are no photos
		assertEquals(List.of(SummaryRow.Status.DONE, SummaryRow.Status.DONE, SummaryRow.Status.FAILED), r.rows.stream()
			.map(SummaryRow::status).collect(Collectors.toList()));
		assertTrue(r.rows.get(2).reason().contains("gone.png: no such file"), r.rows.get(2).reason());
		assertTrue(Files.exists(dir.resolve("out/1922/two.png")), "a JPEG's result is a PNG, in its sub-folder");
		Provenance p = ProvenanceFiles.readSidecar(dir.resolve("out/1921/one.png"));
		assertEquals(Provenance.Operation.COLORIZE, p.operation());
		assertEquals(40L, p.parameters().get("workingSize"));
		assertEquals(3, SummaryCsv.parse(Files.readString(dir.resolve("summary.csv"))).size());
	}

	/**
	 * The job restores through the pipeline that {@code revive inpaint} and {@code revive colorize} call: the
	 * same pixels, and a record with the same fields and values, plus the job's fingerprint of the input.
	 */
	@Test
	void givesThePixelsAndRecordOfTheRestorationPipeline() throws Exception {
		Path in = dir.resolve("photos"), masks = dir.resolve("masks");
		TestImages.color(in.resolve("a.png"), 1);
		TestImages.gray(in.resolve("b.png"), 2);
		TestImages.mask(masks.resolve("a.png"));
		TestImages.mask(masks.resolve("b.png"));
		JobSettings inpaint = inpaintWithMasks();
		inpaint.dilate = 1;
		assertTrue(run(inpaint, in).rows.stream().allMatch(row -> row.status() == SummaryRow.Status.DONE));
		JobSettings colorize = new JobSettings();
		colorize.task = JobTask.COLORIZE;
		colorize.output = dir.resolve("colored").toString();
		assertTrue(run(colorize, in).rows.stream().allMatch(row -> row.status() == SummaryRow.Status.DONE));

		ModelFile inpainter = ModelFile.load(Path.of(tiny.inpaint)), colorizer = ModelFile.load(Path.of(
			tiny.colorize));
		for (String name : List.of("a.png", "b.png")) {
			LoadedImage img = ImageFiles.read(in.resolve(name));
			Planes photo = Planes.of(List.of(img.image()));
			// as revive inpaint builds its request
			InpaintResult filled = Restoration.inpaint(new InpaintRequest(inpainter).mask(ImageFiles.read(masks
				.resolve(name)).asMask(), name).dilate(1).skipPlanesWithoutDamage(false).input(name, (int) img.width(),
					(int) img.height(), 1), photo, Progress.NONE);
			Path expected = Files.createDirectories(dir.resolve("pipeline")).resolve("inpainted-" + name);
			ImageFiles.write(expected, filled.images().get(0), 8, img.grayscale());
			assertArrayEquals(pixels(ImageFiles.read(expected)), pixels(ImageFiles.read(dir.resolve("out/" + name))),
				name);
			assertSameRecord(filled.provenance(), ProvenanceFiles.readSidecar(dir.resolve("out/" + name)));

			ColorizeResult colored = Restoration.colorize(new ColorizeRequest(colorizer).input(name, (int) img.width(),
				(int) img.height(), 1), photo, Progress.NONE);
			expected = dir.resolve("pipeline/colored-" + name);
			ImageFiles.write(expected, colored.images().get(0), 8, false);
			assertArrayEquals(pixels(ImageFiles.read(expected)), pixels(ImageFiles.read(dir.resolve("colored/" +
				name))), name);
			assertSameRecord(colored.provenance(), ProvenanceFiles.readSidecar(dir.resolve("colored/" + name)));
		}
	}

	/** The job's record holds the pipeline's, and adds only the input's fingerprint and the map's name. */
	private static void assertSameRecord(Provenance pipeline, Provenance job) {
		assertEquals(pipeline.operation(), job.operation());
		assertEquals(pipeline.models().stream().map(m -> m.role() + " " + m.sha256()).collect(Collectors.toList()), job
			.models().stream().map(m -> m.role() + " " + m.sha256()).collect(Collectors.toList()));
		Map<String, Object> jobOwn = new java.util.LinkedHashMap<>(job.parameters());
		assertTrue(jobOwn.keySet().removeAll(List.of(ImageWork.INPUT_SHA256, ImageWork.INPUT_BYTES)));
		assertEquals(pipeline.parameters(), jobOwn);
		assertEquals(pipeline.inputName(), job.inputName());
		assertEquals(pipeline.inputWidth(), job.inputWidth());
		assertEquals(pipeline.inputHeight(), job.inputHeight());
		assertEquals(pipeline.synthesizedPixels(), job.synthesizedPixels());
		assertEquals(pipeline.allChromaSynthesized(), job.allChromaSynthesized());
		assertEquals(pipeline.note(), job.note());
	}

	@Test
	void refusesAWrongModelAndAnOutputInsideTheInputBeforeAnyWork() throws Exception {
		Path in = archive();
		BatchRestoration.ModelFiles wrong = new BatchRestoration.ModelFiles();
		wrong.inpaint = tiny.colorize;
		ModelFormatException e = assertThrows(ModelFormatException.class, () -> BatchRestoration.run(sc,
			inpaintWithMasks(), in.toString(), wrong, 0, null));
		assertTrue(e.getMessage().contains("is a colorize model, not a inpaint model") || e.getMessage().contains(
			"not a inpaint"), e.getMessage());
		assertFalse(Files.exists(dir.resolve("out")), "nothing written");

		JobSettings inside = inpaintWithMasks();
		inside.output = in.resolve("restored").toString();
		IllegalArgumentException i = assertThrows(IllegalArgumentException.class, () -> run(inside, in));
		assertTrue(i.getMessage().contains("inside the input folder"), i.getMessage());
	}

	private static float[] pixels(LoadedImage img) {
		float[] v = new float[(int) (img.width() * img.height() * 3)];
		int i = 0;
		for (FloatType t : img.image())
			v[i++] = t.get();
		return v;
	}
}
