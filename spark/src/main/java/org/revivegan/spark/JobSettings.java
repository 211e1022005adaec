package org.revivegan.spark;

import java.io.Serializable;

import org.revivegan.core.infer.Detector;

/**
 * Everything the executors need to know about the job, besides the models and the list of photos. Plain values,
 * so that it travels with each task.
 */
public final class JobSettings implements Serializable {

	private static final long serialVersionUID = 1L;

	/** What to do to each photo. */
	public JobTask task = JobTask.INPAINT;
	/** The output folder (any Hadoop file system URI, or a local path). */
	public String output;
	/**
	 * The folder of supplied masks, by the photo's name relative to its input folder (photo.jpg's mask is
	 * photo.jpg, else photo.png); null to detect the damage with the detection model.
	 */
	public String masks;
	/** Grow each mask by this many pixels before inpainting. */
	public int dilate;
	/** Detected masks: pixels whose damage probability is at least this. */
	public double threshold = Detector.DEFAULT_THRESHOLD;
	/** Detected masks: 8-connected components smaller than this are dropped. */
	public int minSize;
	/** Colourisation's working size (longer side, pixels); 0 for the model's own. */
	public int workingSize;

	public JobSettings() {}

	/** @throws IllegalArgumentException with what to change, for values no photo could be restored with */
	public void validate() {
		if (task == null) throw new IllegalArgumentException("Give the task: --task inpaint, colorize or restore.");
		if (output == null || output.isBlank()) throw new IllegalArgumentException("Give the output folder: --output DIR.");
		if (dilate < 0) throw new IllegalArgumentException("--dilate cannot be negative.");
		if (minSize < 0) throw new IllegalArgumentException("--min-size cannot be negative.");
		if (!(threshold >= 0 && threshold <= 1)) throw new IllegalArgumentException("--threshold is a probability " +
			"from 0 to 1, not " + threshold + ".");
		if (workingSize < 0) throw new IllegalArgumentException("--working-size cannot be negative.");
		if (masks != null && !task.inpaints()) throw new IllegalArgumentException("--masks is for --task inpaint or " +
			"restore; colorize uses no mask.");
	}

	/** @return a copy, for the job to complete (qualified paths, the model's working size) without changing this one */
	public JobSettings copy() {
		JobSettings c = new JobSettings();
		c.task = task;
		c.output = output;
		c.masks = masks;
		c.dilate = dilate;
		c.threshold = threshold;
		c.minSize = minSize;
		c.workingSize = workingSize;
		return c;
	}

	/** @return whether the damage is detected (no supplied masks) */
	public boolean detects() {
		return task.inpaints() && masks == null;
	}
}
