package org.revivegan.core.model;

import java.io.IOException;

/** A model or checkpoint file that cannot be used; the message says why and what to do. */
public class ModelFormatException extends IOException {

	private static final long serialVersionUID = 1L;

	public ModelFormatException(String message) {
		super(message);
	}

	public ModelFormatException(String message, Throwable cause) {
		super(message, cause);
	}
}
