package org.revivegan.core.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version of ReviveGAN that is running, for provenance records: the jar manifest's Implementation-Version
 * (the SciJava parent POM writes it), else the version in the pom.properties Maven puts into the jar, else
 * "development" (running from a build folder or an IDE, where neither exists).
 */
public final class ReviveGanVersion {

	/** Where Maven puts the project's coordinates inside the jar (groupId org.revivegan, artifactId ReviveGAN_). */
	static final String POM_PROPERTIES = "/META-INF/maven/org.revivegan/ReviveGAN_/pom.properties";

	/** What {@link #get()} answers when the code does not run from a released jar. */
	public static final String DEVELOPMENT = "development";

	private static volatile String cached;

	private ReviveGanVersion() {}

	/** @return the version, for example "0.1.0", or {@value #DEVELOPMENT} */
	public static String get() {
		String v = cached;
		if (v == null) cached = v = find();
		return v;
	}

	private static String find() {
		Package p = ReviveGanVersion.class.getPackage();
		String v = p == null ? null : p.getImplementationVersion();
		if (v != null && !v.isBlank()) return v.trim();
		try (InputStream in = ReviveGanVersion.class.getResourceAsStream(POM_PROPERTIES)) {
			if (in != null) {
				Properties props = new Properties();
				props.load(in);
				v = props.getProperty("version");
				if (v != null && !v.isBlank()) return v.trim();
			}
		}
		catch (IOException e) {
			// an unreadable resource is the same as none: fall through
		}
		return DEVELOPMENT;
	}
}
