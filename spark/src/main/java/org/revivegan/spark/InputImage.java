package org.revivegan.spark;

import java.io.Serializable;

/** One photo of the job: where it is, and the name its result and its mask go by. */
public final class InputImage implements Serializable {

	private static final long serialVersionUID = 1L;

	private final String uri;
	private final String relativeName;

	/**
	 * @param uri the photo (a Hadoop path: hdfs://..., s3a://..., file:/... or a local path)
	 * @param relativeName its name relative to the input folder, '/' between sub-folders ("1921/scan-004.tif")
	 */
	public InputImage(String uri, String relativeName) {
		this.uri = uri;
		this.relativeName = relativeName;
	}

	public String uri() {
		return uri;
	}

	public String relativeName() {
		return relativeName;
	}

	@Override
	public String toString() {
		return uri;
	}
}
