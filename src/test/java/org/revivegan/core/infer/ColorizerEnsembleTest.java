package org.revivegan.core.infer;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revivegan.core.image.Images;
import org.revivegan.core.model.Encoding;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.ModelMetadata;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.util.Rng;
import org.revivegan.testing.TinyModels;

/**
 * The model's inference settings for colour: the test-time ensemble over scales of the working size and the
 * calibrated chroma gain, on a tiny (untrained) model.
 */
class ColorizerEnsembleTest {

	private static final int W = 64, H = 40;

	private static float[] lightness() {
		float[] l = new float[W * H];
		Rng rng = new Rng(11);
		for (int i = 0; i < l.length; i++)
			l[i] = (float) (30 + 40 * rng.nextDouble() + (i % W));
		return l;
	}

	/** The ensemble's chroma is the mean of each scale's chroma, each scaled up to the working size. */
	@Test
	void theEnsembleIsTheMeanOfEachScalesChromaScaledUp() {
		Colorizer c = new Colorizer(TinyModels.model(Task.COLORIZE)).withWorkingSize(64);
		float[] l = lightness();
		ArrayImg<FloatType, FloatArray> input = Encoding.colorizeInput(ArrayImgs.floats(l, W, H), null, W, H);
		float[] full = c.chroma(input, Progress.NONE);
		ArrayImg<FloatType, FloatArray> half = Encoding.colorizeInput(ArrayImgs.floats(Images.resizePlane(l, W, H, W / 2,
			H / 2), W / 2, H / 2), null, W, H);
		float[] halfUp = Colorizer.upsampled(ArrayImgs.floats(c.chroma(half, Progress.NONE), W / 2, H / 2, 2), W, H)
			.update(null).getCurrentStorageArray();
		float[] mean = c.withEnsemble(1, 0.5).ensembleChroma(l, W, H, null, W, H, input, Progress.NONE);
		double differs = 0;
		for (int i = 0; i < mean.length; i++) {
			assertEquals((full[i] + halfUp[i]) / 2, mean[i], 1e-5, "value " + i);
			differs = Math.max(differs, Math.abs(full[i] - halfUp[i]));
		}
		assertTrue(differs > 1e-3, "the two scales predict different colours, so the test can tell a mean from either");
		assertArrayEquals(full, c.withEnsemble(1).ensembleChroma(l, W, H, null, W, H, input, Progress.NONE));
	}

	/** A model's chroma gain is a vividness that the model brings: gain g at vividness 1 is gain 1 at vividness g. */
	@Test
	void theChromaGainScalesTheNetworksColoursAsVividnessDoes() {
		ArrayImg<FloatType, FloatArray> gray = ArrayImgs.floats(lightnessAsGray(), W, H);
		ModelFile plain = TinyModels.model(Task.COLORIZE), gained = new ModelFile(copy(plain.metadata()), plain.generator());
		gained.metadata().chromaGain = 1.5;
		float[] viaVividness = Images.floats(new Colorizer(plain).withVividness(1.5).colorize(gray, 1, Progress.NONE));
		float[] viaGain = Images.floats(new Colorizer(gained).colorize(gray, 1, Progress.NONE));
		float[] none = Images.floats(new Colorizer(plain).colorize(gray, 1, Progress.NONE));
		assertArrayEquals(viaVividness, viaGain, 1e-6f);
		double change = 0;
		for (int i = 0; i < none.length; i++)
			change = Math.max(change, Math.abs(none[i] - viaGain[i]));
		assertTrue(change > 1e-3, "the gain changed the colours");
	}

	/** The settings travel in the model file; a file without them is one prediction and no gain. */
	@Test
	void theSettingsAreStoredInTheModelFileAndOldFilesHaveNone(@TempDir Path dir) throws Exception {
		ModelFile m = TinyModels.model(Task.COLORIZE);
		assertArrayEquals(new double[] { 1 }, m.metadata().ensembleScales());
		assertEquals(1, m.metadata().chromaGain);
		m.metadata().ensembleScales = new double[] { 1, 0.8 };
		m.metadata().chromaGain = 1.1;
		Path file = dir.resolve("c.zip");
		m.save(file, false);
		ModelFile back = ModelFile.load(file, Task.COLORIZE);
		assertArrayEquals(new double[] { 1, 0.8 }, back.metadata().ensembleScales());
		assertEquals(1.1, back.metadata().chromaGain);
		assertArrayEquals(new double[] { 1, 0.8 }, new Colorizer(back).scales());
		ModelMetadata old = ModelFile.fromJson("{\"task\":\"colorize\"}", ModelMetadata.class);
		assertArrayEquals(new double[] { 1 }, old.ensembleScales());
		assertEquals(1, old.chromaGain);
	}

	@Test
	void badSettingsAreRefusedWithTheirRange() {
		ModelMetadata m = TinyModels.model(Task.COLORIZE).metadata();
		m.ensembleScales = new double[] { 1, 0 };
		assertTrue(assertThrows(IllegalArgumentException.class, m::validate).getMessage().contains("above 0 and at most 1"));
		m.ensembleScales = new double[0];
		assertThrows(IllegalArgumentException.class, m::validate);
		m.ensembleScales = null;
		m.chromaGain = 0;
		assertTrue(assertThrows(IllegalArgumentException.class, m::validate).getMessage().contains("chromaGain"));
		assertThrows(IllegalArgumentException.class, () -> new Colorizer(TinyModels.model(Task.COLORIZE))
			.withEnsemble(1.5));
	}

	private static float[] lightnessAsGray() {
		float[] l = lightness(), g = new float[l.length];
		for (int i = 0; i < l.length; i++)
			g[i] = Math.max(0, Math.min(1, org.revivegan.core.color.Lab.lightnessToGray(l[i])));
		return g;
	}

	private static ModelMetadata copy(ModelMetadata m) {
		return ModelFile.fromJson(ModelFile.toJson(m), ModelMetadata.class);
	}
}
