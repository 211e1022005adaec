package org.revivegan.fiji.commands;

import ij.ImagePlus;
import ij.process.ImageProcessor;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.revivegan.core.image.Images;
import org.revivegan.core.model.ModelFile;
import org.revivegan.core.model.Task;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.train.Trainer;
import org.revivegan.core.train.TrainingConfig;
import org.revivegan.core.train.TrainingData;
import org.revivegan.core.train.TrainingPhotos;
import org.revivegan.fiji.FijiProgress;
import org.revivegan.fiji.ImagePlusImages;
import org.revivegan.fiji.LossPlot;
import org.revivegan.fiji.PreviewWindow;
import org.revivegan.io.ImageFiles;
import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;

/**
 * What the two training commands share: the photos (an open stack whose every plane is one photo, and/or a
 * folder of photo files, sub-folders included), the run settings, and the run itself through
 * {@link Trainer}. The run folder holds the checkpoint, so running again with the same folder resumes (and
 * larger step counts extend a finished run). In a GUI session a loss plot follows the run, and a preview
 * window ({@link PreviewWindow}) shows what the model makes of fixed validation crops at each validation
 * (headless, a log line says a preview was taken); the status bar shows the step and the time left.
 * Cancelling saves a checkpoint first. The run folder, output file, photo folders and the damaged stack are not
 * remembered between runs (persist = false): resuming or overwriting must be a choice, and a blank optional
 * input must mean "none", not the last value.
 */
abstract class TrainModel extends ReviveCommand {

	/** Steps between loss plot redraws. */
	static final int PLOT_EVERY = 25;

	@Parameter(label = "Clean photos (every plane is one photo)", required = false)
	ImagePlus stack;

	@Parameter(label = "Folder of photos (optional, sub-folders too)", style = "directory", required = false,
		persist = false)
	File folder;

	@Parameter(label = "Validation photos folder (optional)", style = "directory", required = false,
		persist = false, description = "Photos never trained on, to pick the best model; without them, fixed crops of the training photos")
	File validation;

	/**
	 * Task-specific settings, before the configuration is checked (colourisation: the head).
	 *
	 * @throws IllegalArgumentException for a setting that cannot be, with what to do
	 */
	void configure(TrainingConfig config) {}

	/** Kept equal to {@code GeneratorSpec.presets()} (a test checks it): annotations need constants. */
	@Parameter(label = "Model size", choices = { "tiny", "small", "medium", "pix2pix-256", "resnet18-unet",
		"resnet18-unet-small", "medium-nonorm", "medium-residual", "holes", "holes-residual", "holes-dilated" })
	String preset = "small";

	@Parameter(label = "Crop size (pixels)", min = "16", max = "1024")
	int crop = 128;

	@Parameter(label = "Batch size", min = "1", max = "256")
	int batch = 8;

	@Parameter(label = "L1 pretraining steps", min = "0")
	int l1steps = 1000;

	@Parameter(label = "Adversarial steps", min = "0")
	int gansteps = 1000;

	@Parameter(label = "Random seed")
	int seed = 42;

	@Parameter(label = "Run folder (reuse it to resume)", style = "directory", persist = false)
	File run;

	@Parameter(label = "Save the best model as (optional)", style = "save", required = false, persist = false)
	File output;

	@Parameter(type = ItemIO.OUTPUT)
	String summary;

	/** @return what this command trains */
	abstract Task task();

	/**
	 * @return training pairs (damaged, clean) from the stacks, or null to train on clean photos with synthetic
	 *         damage; throws IllegalArgumentException with a reason for the user
	 */
	TrainingData pairs(int maxSide) {
		return null;
	}

	@Override
	void execute() {
		if (run == null || run.getPath().isEmpty()) {
			cancel("Choose a run folder: it keeps the checkpoints, and running again with it resumes.");
			return;
		}
		TrainingConfig config = new TrainingConfig();
		config.task = task().id();
		config.preset = preset;
		config.crop = crop;
		config.batch = batch;
		config.l1Steps = l1steps;
		config.ganSteps = gansteps;
		config.seed = seed;
		Path runDir = run.toPath();
		Path checkpoint = runDir.resolve(Trainer.CHECKPOINT);
		FijiProgress fiji = progress();
		Trainer.Result result;
		try {
			configure(config);
			config.resolve();
			TrainingData train = pairs(config.maxImageSide);
			if (train == null) train = photos(config.maxImageSide);
			TrainingData val = validation == null ? null : folderPhotos(validation.toPath(), config.maxImageSide).data(
				config.maxImageSide);
			if (Files.exists(checkpoint)) fiji.log("Resuming the run in " + runDir + " (its checkpoint's preset, " +
				"crop and batch size are kept).");
			fiji.log(String.format(Locale.ROOT, "Training %s model (%s) on %s; run folder %s", task() == Task.INPAINT ?
				"an inpainting" : "a colourisation", preset, train.description(), runDir));
			LossPlot plot = java.awt.GraphicsEnvironment.isHeadless() ? null : new LossPlot(runDir.resolve(
				Trainer.LOSSES), "ReviveGAN " + task().id() + " training losses");
			PreviewWindow preview = new PreviewWindow(runName(runDir), fiji::log);
			result = new Trainer(config, train, val, runDir).run(withPlot(fiji, plot), preview);
			if (plot != null) plot.update();
			if (output != null) ModelFile.load(result.bestModel).save(output.toPath(), true);
		}
		catch (CancellationException e) {
			cancel("Cancelled; run again with the same run folder to resume.");
			return;
		}
		catch (IllegalArgumentException | IOException e) {
			cancel(e.getMessage());
			return;
		}
		Path saved = output != null ? output.toPath() : result.bestModel;
		summary = String.format(Locale.ROOT, "Trained %d steps in %.0f s; best model%s saved to %s", result.steps,
			result.seconds, result.bestStep >= 0 ? String.format(Locale.ROOT, " (step %d, validation %.2f dB)",
				result.bestStep, result.bestScore) : "", saved);
		fiji.log(summary);
		fiji.status(summary);
	}

	/** @return the run folder's name, for window titles */
	static String runName(Path runDir) {
		Path name = runDir.toAbsolutePath().normalize().getFileName();
		return name == null ? runDir.toString() : name.toString();
	}

	/** The progress the trainer gets: Fiji's, plus a plot redraw every {@link #PLOT_EVERY} steps. */
	private static Progress withPlot(FijiProgress fiji, LossPlot plot) {
		if (plot == null) return fiji;
		return new Progress() {

			private int statusLines;

			@Override
			public void log(String message) {
				fiji.log(message);
			}

			@Override
			public void status(String message) { // one status line per step
				fiji.status(message);
				if (++statusLines % PLOT_EVERY == 0) plot.update();
			}

			@Override
			public void progress(double fraction) {
				fiji.progress(fraction);
			}

			@Override
			public boolean isCanceled() {
				return fiji.isCanceled();
			}
		};
	}

	/** @return the clean photos of {@link #stack} and {@link #folder} */
	private TrainingData photos(int maxSide) throws IOException {
		List<ArrayImg<UnsignedByteType, ByteArray>> images = new ArrayList<>();
		List<String> from = new ArrayList<>();
		if (given(stack)) {
			images.addAll(planes(stack, maxSide, "stack"));
			from.add(stack.getStackSize() + " photos of " + stack.getTitle());
		}
		if (folder != null) {
			TrainingPhotos files = folderPhotos(folder.toPath(), maxSide);
			images.addAll(files.images());
			from.add(files.description());
		}
		if (images.isEmpty()) throw new IllegalArgumentException("Give the training photos: an open stack (every " +
			"plane one photo) or a folder of photos.");
		return TrainingData.of(images, 255, maxSide, String.join(" and ", from));
	}

	/**
	 * @return whether an image input was really given: SciJava fills an unset optional ImagePlus with an empty
	 *         one (no pixels)
	 */
	static boolean given(ImagePlus imp) {
		return imp != null && imp.getProcessor() != null;
	}

	/**
	 * @return the photos of every plane, each shrunk as it is copied so that memory holds only the small 8-bit
	 *         copies; throws IllegalArgumentException if the image is a multi-channel composite or, for
	 *         colourisation, not RGB
	 */
	List<ArrayImg<UnsignedByteType, ByteArray>> planes(ImagePlus imp, int maxSide, String what) {
		if (imp.getNChannels() > 1 && imp.getBitDepth() != 24) throw new IllegalArgumentException("The " + what +
			" " + imp.getTitle() + " has " + imp.getNChannels() + " channels; convert it to RGB first (Image > Type > " +
			"RGB Color): every plane is taken as one photo.");
		if (task() == Task.COLORIZE && imp.getBitDepth() != 24) throw new IllegalArgumentException("A colourisation " +
			"model learns from colour photos: " + imp.getTitle() + " is not RGB.");
		List<ArrayImg<UnsignedByteType, ByteArray>> list = new ArrayList<>();
		for (int i = 1; i <= imp.getStackSize(); i++) {
			ImageProcessor ip = imp.getStackSize() == 1 ? imp.getProcessor() : imp.getStack().getProcessor(i);
			ImagePlusImages.Plane<?> p = ImagePlusImages.plane(ip);
			list.add(Images.limitSize(Images.rgbBytes(p.image(), p.maxValue()), maxSide));
		}
		return list;
	}

	/**
	 * @return the photos in {@code dir} and its sub-folders, read as the command line reads them
	 *         ({@link TrainingPhotos}: for colourisation, grayscale files are skipped, and the log says how many)
	 */
	TrainingPhotos folderPhotos(Path dir, int maxSide) throws IOException {
		TrainingPhotos photos = TrainingPhotos.read(dir, task(), maxSide, ImageFiles.TRAINING_PHOTOS);
		if (photos.skippedLine() != null && log != null) log.warn(photos.skippedLine());
		return photos;
	}
}
