package org.revivegan.core.gan;

/**
 * The label convention of the adversarial loss, in one place.
 * <p>
 * The discriminator outputs logits; {@code sigmoid(logit)} is its belief that a patch is REAL. The DL4J GAN
 * example says "real = 1" in a comment while its code labels real images with zeros; here the convention is
 * named, used everywhere through these constants, and pinned by a test that trains a discriminator and checks
 * that it scores real pairs towards {@link #REAL}.
 * </p>
 */
public final class GanLabels {

	/** Target of the discriminator for real (condition, ground truth) pairs, and of the generator's fakes. */
	public static final double REAL = 1.0;

	/** Target of the discriminator for (condition, generated) pairs. */
	public static final double FAKE = 0.0;

	private GanLabels() {}
}
