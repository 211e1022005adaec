package org.revivegan.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.model.Task;
import org.revivegan.io.ImageFiles;
import org.revivegan.io.LoadedImage;
import org.revivegan.testing.TinyModels;

/** {@code revive inpaint --adapt SECONDS}: adaptation to each photo, recorded in the provenance. */
class MainAdaptTest {

	@TempDir
	Path dir;

	private final CliRunner cli = new CliRunner();

	@Test
	void adaptsThenInpaintsAndRecordsIt() throws IOException {
		int w = 96, h = 80;
		Img<FloatType> img = ArrayImgs.floats(w, h, 3);
		Img<FloatType> mask = ArrayImgs.floats(w, h);
		net.imglib2.Cursor<FloatType> c = img.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			c.get().set((float) (0.5 + 0.4 * Math.sin(0.1 * c.getIntPosition(0) + 0.07 * c.getIntPosition(1) + c.getIntPosition(2))));
		}
		net.imglib2.Cursor<FloatType> m = mask.localizingCursor();
		while (m.hasNext()) {
			m.fwd();
			if (m.getIntPosition(0) >= 30 && m.getIntPosition(0) < 50 && m.getIntPosition(1) >= 20 && m.getIntPosition(1) < 40)
				m.get().set(1);
		}
		Path photo = dir.resolve("photo.png"), maskFile = dir.resolve("mask.png"), out = dir.resolve("out.png");
		ImageFiles.write(photo, img);
		ImageFiles.write(maskFile, mask);
		Path model = TinyModels.save(Task.INPAINT, dir.resolve("tiny.zip"));
		assertEquals(0, cli.run("inpaint", photo.toString(), "--mask", maskFile.toString(), "--model", model.toString(),
			"--adapt", "1", "-o", out.toString()), cli.err());
		assertTrue(cli.out().contains("adapted the model in"), cli.out());
		String sidecar = Files.readString(dir.resolve("out.png.revivegan.json"));
		assertTrue(sidecar.contains("\"adaptSeconds\": 1.0") || sidecar.contains("\"adaptSeconds\":1.0"), sidecar);
		assertFalse(sidecar.contains("\"adaptSteps\": 0,") || sidecar.contains("\"adaptSteps\":0,"), sidecar);
		// outside the mask the photo is unchanged, adapted or not
		LoadedImage a = ImageFiles.read(photo), r = ImageFiles.read(out);
		net.imglib2.RandomAccess<? extends net.imglib2.type.numeric.RealType<?>> ra = a.image().randomAccess(),
			rr = r.image().randomAccess();
		for (long[] p : new long[][] { { 0, 0, 0 }, { 95, 79, 2 }, { 29, 30, 1 } }) {
			ra.setPosition(p);
			rr.setPosition(p);
			assertEquals(ra.get().getRealDouble(), rr.get().getRealDouble(), 0);
		}
		assertEquals(2, cli.run("inpaint", photo.toString(), "--mask", maskFile.toString(), "--model", model.toString(),
			"--adapt", "-3", "-o", dir.resolve("bad.png").toString()));
		assertTrue(cli.err().contains("--adapt"), cli.err());
	}
}
