package org.revivegan.core.restore;

import org.revivegan.core.provenance.Provenance;

/** What a request's record says its input was: a name, a size and a number of planes. */
final class InputRecord {

	private String name = "image";
	private int width, height, planes = 1;

	void set(String inputName, int inputWidth, int inputHeight, int inputPlanes) {
		this.name = inputName;
		this.width = inputWidth;
		this.height = inputHeight;
		this.planes = inputPlanes;
	}

	String name() {
		return name;
	}

	Provenance.Builder into(Provenance.Builder record) {
		return record.input(name, width, height, planes);
	}
}
