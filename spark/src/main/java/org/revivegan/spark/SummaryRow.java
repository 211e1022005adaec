package org.revivegan.spark;

import java.io.Serializable;

/** One line of the job's summary: what happened to one photo. */
public final class SummaryRow implements Serializable {

	private static final long serialVersionUID = 1L;

	/** What happened. */
	public enum Status {
		/** Restored in this run. */
		DONE("done"),
		/** Its result was complete from an earlier run and matches this input and these settings. */
		SKIPPED("skipped"),
		/** Could not be restored; {@link SummaryRow#reason()} says why. The job goes on with the others. */
		FAILED("failed");

		private final String id;

		Status(String id) {
			this.id = id;
		}

		public String id() {
			return id;
		}

		static Status parse(String id) {
			for (Status s : values())
				if (s.id.equals(id)) return s;
			throw new IllegalArgumentException("Unknown status '" + id + "'.");
		}
	}

	private final String input, output;
	private final Status status;
	private final String reason;
	private final double seconds;

	public SummaryRow(String input, String output, Status status, String reason, double seconds) {
		this.input = input;
		this.output = output;
		this.status = status;
		this.reason = reason == null ? "" : reason;
		this.seconds = seconds;
	}

	public String input() {
		return input;
	}

	public String output() {
		return output;
	}

	public Status status() {
		return status;
	}

	/** @return why it failed or was skipped, in one line; empty when done */
	public String reason() {
		return reason;
	}

	/** @return the seconds spent on this photo (reading, restoring, writing) */
	public double seconds() {
		return seconds;
	}

	@Override
	public String toString() {
		return status.id() + " " + input + (reason.isEmpty() ? "" : ": " + reason);
	}
}
