package org.revivegan.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.model.Task;
import org.revivegan.io.ImageFiles;
import org.revivegan.io.LoadedImage;
import org.revivegan.io.WriteOptions;
import org.revivegan.testing.TinyModels;

/**
 * The command line gives results the way the inputs were (issues 15, 16): format kept (a JPEG stays a JPEG unless
 * PNG is asked for), 16 bits kept, a stack comes back as a stack, a missing output folder is made.
 */
class MainFilesTest {

	@TempDir
	Path dir;

	private final CliRunner cli = new CliRunner();
	private Path inpaintModel, colorizeModel, mask;

	@BeforeEach
	void models() throws IOException {
		inpaintModel = TinyModels.save(Task.INPAINT, dir.resolve("inpaint.zip"));
		colorizeModel = TinyModels.save(Task.COLORIZE, dir.resolve("colorize.zip"));
		mask = dir.resolve("mask.png");
		ArrayImg<FloatType, FloatArray> m = ArrayImgs.floats(40, 30);
		float[] v = m.update(null).getCurrentStorageArray();
		for (int y = 10; y < 14; y++)
			for (int x = 5; x < 30; x++)
				v[x + 40 * y] = 1;
		ImageFiles.write(mask, m);
	}

	private static ArrayImg<FloatType, FloatArray> photo(int seed) {
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(40, 30, 3);
		float[] v = img.update(null).getCurrentStorageArray();
		for (int i = 0; i < v.length; i++)
			v[i] = (float) (0.5 + 0.4 * Math.sin(0.1 * (i % 40) + 0.07 * (i / 40 % 30) + i / 1200 + seed));
		return img;
	}

	@Test
	void folderModeMakesAMissingOutputFolderAndKeepsEachInputsFormat() throws IOException {
		Path in = Files.createDirectories(dir.resolve("in")), masks = Files.createDirectories(dir.resolve("masks"));
		ImageFiles.write(in.resolve("a.jpg"), photo(1));
		ImageFiles.write(in.resolve("b.png"), photo(2), 16, false);
		Files.copy(mask, masks.resolve("a.jpg"));
		Files.copy(mask, masks.resolve("b.png"));
		Path out = dir.resolve("not/yet/there");
		assertEquals(0, cli.run("inpaint", in.toString(), "--mask", masks.toString(), "--model", inpaintModel.toString(),
			"-o", out.toString()), cli.err());
		assertTrue(cli.err().contains("Created the output folder " + out), cli.err());
		assertEquals("JPEG", ImageFiles.read(out.resolve("a.jpg")).format(), "a JPEG stays a JPEG, same name");
		LoadedImage b = ImageFiles.read(out.resolve("b.png"));
		assertEquals(16, b.bitDepth(), "16-bit stays 16-bit");
		assertFalse(Files.exists(out.resolve("a.png")), "no silent .jpg -> .png");

		// one folder input to an output folder that does not exist: folder mode too (not "the name must end in")
		Path one = Files.createDirectories(dir.resolve("one"));
		ImageFiles.write(one.resolve("c.png"), photo(3));
		Path out2 = dir.resolve("out2");
		assertEquals(0, cli.run("colorize", one.toString(), "--model", colorizeModel.toString(), "-o", out2.toString()),
			cli.err());
		assertTrue(Files.exists(out2.resolve("c.png")));
	}

	@Test
	void formatAndJpegQualityAreTheOnesAskedFor() throws IOException {
		Path in = dir.resolve("a.jpg");
		ImageFiles.write(in, photo(1));
		ImageFiles.write(dir.resolve("b.jpg"), photo(2));
		Path outDir = dir.resolve("png");
		assertEquals(0, cli.run("inpaint", in.toString(), dir.resolve("b.jpg").toString(), "--mask", mask.toString(),
			"--model", inpaintModel.toString(), "--format", "png", "-o", outDir.toString()), cli.err());
		assertEquals("PNG", ImageFiles.read(outDir.resolve("a.png")).format());

		Path low = dir.resolve("low.jpg"), high = dir.resolve("high.jpg");
		assertEquals(0, cli.run("colorize", in.toString(), "--model", colorizeModel.toString(), "--jpeg-quality", "20",
			"-o", low.toString()), cli.err());
		assertEquals(0, cli.run("colorize", in.toString(), "--model", colorizeModel.toString(), "-o", high.toString()),
			cli.err());
		assertTrue(Files.size(low) < Files.size(high), Files.size(low) + " vs " + Files.size(high));

		assertEquals(2, cli.run("colorize", in.toString(), "--model", colorizeModel.toString(), "--jpeg-quality", "0",
			"-o", low.toString()));
		assertTrue(cli.err().contains("--jpeg-quality must be 1 to 100"), cli.err());
		assertEquals(2, cli.run("colorize", in.toString(), "--model", colorizeModel.toString(), "--format", "gif", "-o",
			outDir.toString()));
		assertTrue(cli.err().contains("png, tif, jpg or bmp"), cli.err());
		assertEquals(2, cli.run("colorize", in.toString(), "--model", colorizeModel.toString(), "--format", "png", "-o",
			dir.resolve("x.jpg").toString()));
		assertTrue(cli.err().contains("disagree"), cli.err());
	}

	@Test
	void aMultiPageTiffComesBackAsAStack() throws IOException {
		List<RandomAccessibleInterval<FloatType>> pages = new ArrayList<>();
		for (int p = 0; p < 3; p++)
			pages.add(photo(p));
		Path stack = dir.resolve("stack.tif");
		ImageFiles.writePages(stack, pages, WriteOptions.of(16, false));
		Path out = dir.resolve("restored.tif");
		assertEquals(0, cli.run("inpaint", stack.toString(), "--mask", mask.toString(), "--model", inpaintModel
			.toString(), "-o", out.toString()), cli.err());
		List<LoadedImage> back = ImageFiles.readPages(out);
		assertEquals(3, back.size(), "every page processed");
		assertEquals(16, back.get(0).bitDepth());

		// a stack to a single-image format is refused, not cut to page 1
		assertEquals(2, cli.run("colorize", stack.toString(), "--model", colorizeModel.toString(), "-o", dir.resolve(
			"x.png").toString()));
		assertTrue(cli.err().contains("only TIFF files hold stacks"), cli.err());
	}

	@Test
	void aMaskDrawnOnTheUprightPhotoFitsASidewaysJpeg() throws IOException {
		// stored 30 wide and 40 high, with EXIF orientation 8 (turn a quarter counter-clockwise): a viewer shows
		// 40 x 30, the size of the mask
		Path stored = dir.resolve("stored.jpg");
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(30, 40, 3);
		float[] v = img.update(null).getCurrentStorageArray();
		for (int i = 0; i < v.length; i++)
			v[i] = 0.3f + 0.4f * (i % 30) / 30f;
		ImageFiles.write(stored, img);
		byte[] jpeg = Files.readAllBytes(stored);
		byte[] exif = { (byte) 0xFF, (byte) 0xE1, 0, 34, 'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01,
			0x12, 0, 3, 0, 0, 0, 1, 0, 8, 0, 0, 0, 0, 0, 0 };
		java.io.ByteArrayOutputStream withExif = new java.io.ByteArrayOutputStream();
		withExif.write(jpeg, 0, 2);
		withExif.write(exif);
		withExif.write(jpeg, 2, jpeg.length - 2);
		Path sideways = dir.resolve("sideways.jpg");
		Files.write(sideways, withExif.toByteArray());
		Path out = dir.resolve("upright.jpg");
		assertEquals(0, cli.run("inpaint", sideways.toString(), "--mask", mask.toString(), "--model", inpaintModel
			.toString(), "-o", out.toString()), cli.err());
		LoadedImage result = ImageFiles.read(out);
		assertEquals(40, result.width());
		assertEquals(30, result.height());
		assertEquals(1, result.metadata().orientation(), "the result is upright and says so");

		// a mask drawn on the photo as stored (by a program that ignores EXIF) is refused, saying why
		Path storedMask = dir.resolve("stored-mask.png");
		ImageFiles.write(storedMask, ArrayImgs.floats(30, 40));
		assertEquals(2, cli.run("inpaint", sideways.toString(), "--mask", storedMask.toString(), "--model", inpaintModel
			.toString(), "-o", dir.resolve("x.jpg").toString()));
		assertTrue(cli.err().contains("EXIF orientation (8)") && cli.err().contains("upright photo"), cli.err());
	}

	@Test
	void aSixteenBitGrayPngStaysSixteenBitGray() throws IOException {
		BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_USHORT_GRAY);
		for (int i = 0; i < 1200; i++)
			img.getRaster().setSample(i % 40, i / 40, 0, i * 3 % 4096); // 12-bit data
		Path in = dir.resolve("gray12.png");
		assertTrue(ImageIO.write(img, "png", in.toFile()));
		Path out = dir.resolve("out.png");
		assertEquals(0, cli.run("inpaint", in.toString(), "--mask", mask.toString(), "--model", inpaintModel.toString(),
			"-o", out.toString()), cli.err());
		BufferedImage raw = ImageIO.read(out.toFile());
		assertEquals(1, raw.getColorModel().getNumComponents());
		assertEquals(16, raw.getColorModel().getComponentSize(0));
		int max = 0;
		for (int i = 0; i < 1200; i++) {
			int v = raw.getRaster().getSample(i % 40, i / 40, 0);
			max = Math.max(max, v);
			if (!(i / 40 >= 10 && i / 40 < 14 && i % 40 >= 5 && i % 40 < 30)) assertEquals(i * 3 % 4096, v,
				"bit-identical outside the mask at " + i);
		}
		assertTrue(max <= 4095, "filled within the data's 12-bit range, not up to 65535: " + max);
	}
}
