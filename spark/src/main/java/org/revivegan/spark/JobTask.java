package org.revivegan.spark;

import java.util.Locale;

import org.revivegan.core.provenance.Provenance;

/** What the job does to each photo: the command line's inpaint and colorize, or both (Restore Photo). */
public enum JobTask {
	/** Fill the damage, from a supplied mask or the detector's. */
	INPAINT("inpaint", Provenance.Operation.INPAINT),
	/** Colour the photo; the result keeps its full-resolution lightness. */
	COLORIZE("colorize", Provenance.Operation.COLORIZE),
	/**
	 * Inpaint, then colour the inpainted photo; a photo that already has colour is only inpainted, as Fiji's
	 * Restore Photo does.
	 */
	RESTORE("restore", Provenance.Operation.RESTORE);

	private final String id;
	private final Provenance.Operation operation;

	JobTask(String id, Provenance.Operation operation) {
		this.id = id;
		this.operation = operation;
	}

	public String id() {
		return id;
	}

	/** @return the operation its provenance records name */
	public Provenance.Operation operation() {
		return operation;
	}

	public boolean inpaints() {
		return this != COLORIZE;
	}

	public boolean colorizes() {
		return this != INPAINT;
	}

	/** @throws IllegalArgumentException naming the tasks, for anything else */
	public static JobTask parse(String s) {
		for (JobTask t : values())
			if (t.id.equals(s == null ? null : s.toLowerCase(Locale.ROOT))) return t;
		throw new IllegalArgumentException("Unknown task '" + s + "': use inpaint, colorize or restore.");
	}
}
