package org.revivegan.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.color.Lab;
import org.revivegan.core.image.Images;
import org.revivegan.core.model.Task;
import org.revivegan.core.provenance.Provenance;
import org.revivegan.io.ImageFiles;
import org.revivegan.testing.TinyModels;

/** {@code revive colorize --vividness V --reference PHOTO} and the same in {@code revive evaluate --task colorize}. */
class MainColourTest {

	@TempDir
	Path dir;

	private final CliRunner cli = new CliRunner();

	private Path photo(String name, boolean colour) throws IOException {
		int w = 40, h = 30, n = w * h;
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(w, h, 3);
		float[] a = img.update(null).getCurrentStorageArray();
		for (int c = 0; c < 3; c++)
			for (int i = 0; i < n; i++)
				a[c * n + i] = (float) (0.5 + 0.4 * Math.sin(0.2 * (i % w) * (colour ? c + 1 : 1) + 0.1 * (i / w)));
		Path p = dir.resolve(name);
		ImageFiles.write(p, img);
		return p;
	}

	private static double meanChroma(Path image) throws IOException {
		float[] lab = Images.floats(Lab.toLab(ImageFiles.read(image).image()));
		int n = lab.length / 3;
		double s = 0;
		for (int i = 0; i < n; i++)
			s += Math.hypot(lab[n + i], lab[2 * n + i]);
		return s / n;
	}

	@Test
	void colorizeWithVividnessAndAReferencePhotoRecordsBoth() throws IOException {
		Path in = photo("old.png", false), ref = photo("today.png", true);
		Path model = TinyModels.save(Task.COLORIZE, dir.resolve("c.zip"));
		Path plain = dir.resolve("plain.png"), vivid = dir.resolve("vivid.png"), steered = dir.resolve("steered.png");
		assertEquals(0, cli.run("colorize", in.toString(), "--model", model.toString(), "-o", plain.toString()), cli.err());
		assertEquals(0, cli.run("colorize", in.toString(), "--model", model.toString(), "-o", vivid.toString(),
			"--vividness", "3"), cli.err());
		assertTrue(meanChroma(vivid) > 1.5 * meanChroma(plain), meanChroma(plain) + " -> " + meanChroma(vivid));
		Provenance p = Provenance.fromJson(Files.readString(dir.resolve("vivid.png.revivegan.json")));
		assertEquals(3.0, ((Number) p.parameters().get("vividness")).doubleValue());
		assertNull(p.parameters().get("reference"));

		assertEquals(0, cli.run("colorize", in.toString(), "--model", model.toString(), "-o", steered.toString(),
			"--reference", ref.toString()), cli.err());
		Provenance q = Provenance.fromJson(Files.readString(dir.resolve("steered.png.revivegan.json")));
		assertEquals("today.png", q.parameters().get("reference"));
		assertEquals(CliProvenance.fileSha256(ref), q.parameters().get("referenceSha256"));
		assertEquals(64, ((String) q.parameters().get("referenceSha256")).length());
		assertTrue(meanChroma(steered) > 2 * meanChroma(plain), "the colourful reference's chroma: " +
			meanChroma(plain) + " -> " + meanChroma(steered));
		assertFalse(Files.exists(dir.resolve("today.png.revivegan.json")), "the reference is only read");
	}

	@Test
	void badVividnessOrReferenceSaysWhatToDo() throws IOException {
		Path in = photo("old.png", false), model = TinyModels.save(Task.COLORIZE, dir.resolve("c.zip"));
		Path out = dir.resolve("out.png");
		assertEquals(2, cli.run("colorize", in.toString(), "--model", model.toString(), "-o", out.toString(),
			"--vividness", "7"));
		assertTrue(cli.err().contains("--vividness is a number from 0"), cli.err());
		assertEquals(2, cli.run("colorize", in.toString(), "--model", model.toString(), "-o", out.toString(),
			"--vividness", "lots"));
		assertTrue(cli.err().contains("--vividness needs a number"), cli.err());
		assertEquals(2, cli.run("colorize", in.toString(), "--model", model.toString(), "-o", out.toString(),
			"--reference", dir.resolve("missing.jpg").toString()));
		assertTrue(cli.err().contains("No such reference photo"), cli.err());
		assertEquals(2, cli.run("colorize", in.toString(), "--model", model.toString(), "-o", out.toString(),
			"--reference", in.toString()));
		assertTrue(cli.err().contains("has no colour"), cli.err());
		assertFalse(Files.exists(out), "nothing written");
	}

	@Test
	void evaluateTakesTheVividnessAndTheOwnOrAFixedReference() throws IOException {
		Path photos = Files.createDirectories(dir.resolve("photos"));
		Files.move(photo("p0.png", true), photos.resolve("p0.png"));
		Path other = photo("other.png", true);
		Path model = TinyModels.save(Task.COLORIZE, dir.resolve("c.zip"));
		double[] ratio = new double[3];
		String[][] variants = { {}, { "--vividness", "3" }, { "--reference", "self" } };
		for (int v = 0; v < 3; v++) {
			Path csv = dir.resolve("eval" + v + ".csv"), report = dir.resolve("report" + v);
			List<String> args = new java.util.ArrayList<>(List.of("evaluate", "--task", "colorize", "--images", photos
				.toString(), "--csv", csv.toString(), "--model", model.toString(), "--report", report.toString()));
			args.addAll(List.of(variants[v]));
			assertEquals(0, cli.run(args.toArray(new String[0])), cli.err());
			String row = Files.readAllLines(csv).get(1);
			assertTrue(row.startsWith("colorize,revivegan,all,p0.png,"), row);
			ratio[v] = Double.parseDouble(row.split(",")[7]);
			String md = Files.readString(report.resolve("report.md"));
			assertTrue(md.contains("Vividness: " + (v == 1 ? "3.0" : "1.0")), md);
			if (v == 2) assertTrue(md.contains("Colour reference: each original's own colours"), md);
		}
		assertTrue(ratio[1] > 1.5 * ratio[0], "vividness raises the colourfulness ratio: " + ratio[0] + " -> " + ratio[1]);
		assertTrue(Math.abs(ratio[2] - 1) < Math.abs(ratio[0] - 1), "the own colours bring the colourfulness towards " +
			"the original's: " + ratio[0] + " -> " + ratio[2]);
		Path csv = dir.resolve("fixed.csv");
		assertEquals(0, cli.run("evaluate", "--task", "colorize", "--images", photos.toString(), "--csv", csv
			.toString(), "--model", model.toString(), "--reference", other.toString()), cli.err());
		assertEquals(2, cli.run("evaluate", "--task", "inpaint", "--images", photos.toString(), "--csv", csv
			.toString(), "--vividness", "2"));
		assertTrue(cli.err().contains("--task colorize only"), cli.err());
	}

	@Test
	void trainColourisationSkipsTheGrayscalePhotosAndSaysHowMany() throws IOException {
		Path photos = Files.createDirectories(dir.resolve("mixed/sub"));
		Files.move(photo("a.png", true), photos.resolve("a.png"));
		Files.move(photo("b.png", true), photos.resolve("b.png"));
		Files.move(photo("old.png", false), photos.resolve("old.png"));
		Path model = dir.resolve("colour.zip");
		assertEquals(0, cli.run("train", "--task", "colorize", "--preset", "tiny", "--images", photos.getParent()
			.toString(), "--run", dir.resolve("run").toString(), "--crop", "32", "--batch", "2", "--l1-steps", "1",
			"--gan-steps", "0", "--validate-every", "1", "-o", model.toString()), cli.err());
		assertTrue(cli.err().contains("Skipped 1 grayscale photo in " + photos.getParent() + ": a colourisation " +
			"model learns from colour photos.\n"), cli.err());
		assertTrue(cli.out().contains(" on 2 photos;"), cli.out());
		String data = org.revivegan.core.model.ModelFile.load(model, Task.COLORIZE).metadata().provenance.data;
		assertEquals("2 photos from " + photos.getParent().toAbsolutePath(), data);

		Files.delete(photos.resolve("a.png"));
		Files.delete(photos.resolve("b.png"));
		assertEquals(2, cli.run("train", "--task", "colorize", "--preset", "tiny", "--images", photos.toString(),
			"--run", dir.resolve("run-gray").toString(), "--crop", "32", "--batch", "2", "--l1-steps", "1"));
		assertTrue(cli.err().contains("No colour photos in " + photos + " or its sub-folders, only 1 grayscale photo"),
			cli.err());
		assertFalse(Files.exists(dir.resolve("run-gray")), "nothing written before the photos are read");
	}

	@Test
	void trainWithTheClassHeadAndItsErrors() throws IOException {
		Path photos = Files.createDirectories(dir.resolve("train"));
		Files.move(photo("a.png", true), photos.resolve("a.png"));
		Files.move(photo("b.png", true), photos.resolve("b.png"));
		Path model = dir.resolve("classes.zip");
		assertEquals(0, cli.run("train", "--task", "colorize", "--head", "classes", "--preset", "tiny", "--images", photos
			.toString(), "--run", dir.resolve("run").toString(), "--crop", "32", "--batch", "2", "--l1-steps", "3",
			"--validate-every", "3", "-o", model.toString()), cli.err());
		assertTrue(org.revivegan.core.model.ModelFile.load(model, Task.COLORIZE).metadata().generator.classHead());
		Path out = dir.resolve("out.png");
		assertEquals(0, cli.run("colorize", photos.resolve("a.png").toString(), "--model", model.toString(), "-o", out
			.toString(), "--vividness", "2"), cli.err());
		assertTrue(Files.exists(out));
		Path mix = dir.resolve("mix.zip");
		assertEquals(0, cli.run("train", "--task", "colorize", "--head", "mix", "--mix-l1", "2", "--preset", "tiny",
			"--images", photos.toString(), "--run", dir.resolve("run-mix").toString(), "--crop", "32", "--batch", "2",
			"--l1-steps", "2", "--validate-every", "2", "--head-scale", "2", "-o", mix.toString()), cli.err());
		assertTrue(org.revivegan.core.model.ModelFile.load(mix, Task.COLORIZE).metadata().generator.classHead(),
			"the mix is a class-head model trained with more loss");
		assertEquals(2, org.revivegan.core.model.ModelFile.load(mix, Task.COLORIZE).metadata().generator.headScale());
		assertEquals(0, cli.run("colorize", photos.resolve("a.png").toString(), "--model", mix.toString(), "-o", out
			.toString()), cli.err());
		assertEquals(2, cli.run("train", "--task", "colorize", "--head-scale", "2", "--images", photos.toString(),
			"--run", dir.resolve("run5").toString()));
		assertTrue(cli.err().contains("--head-scale is for --head classes or mix"), cli.err());
		assertEquals(2, cli.run("train", "--task", "colorize", "--head", "classes", "--head-scale", "3", "--images",
			photos.toString(), "--run", dir.resolve("run6").toString()));
		assertTrue(cli.err().contains("--head-scale is 1, 2 or 4"), cli.err());
		assertEquals(2, cli.run("train", "--task", "colorize", "--head", "bins", "--images", photos.toString(), "--run",
			dir.resolve("run2").toString()));
		assertTrue(cli.err().contains("--head is regression (the default), classes or mix"), cli.err());
		assertEquals(2, cli.run("train", "--task", "inpaint", "--head", "classes", "--images", photos.toString(),
			"--run", dir.resolve("run3").toString()));
		assertTrue(cli.err().contains("--head classes is for --task colorize"), cli.err());
		assertEquals(2, cli.run("train", "--task", "colorize", "--head", "classes", "--preset", "holes", "--images",
			photos.toString(), "--run", dir.resolve("run4").toString()));
		assertTrue(cli.err().contains("U-Net presets"), cli.err());
	}
}
