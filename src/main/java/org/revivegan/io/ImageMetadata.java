package org.revivegan.io;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;

/**
 * What a photo file says about its pixels besides their values, kept so that a result can carry it: the colour
 * profile (ICC), the camera's EXIF record and the resolution (dots per inch).
 * <p>
 * Reading turns a photo upright by its EXIF orientation ({@link #orientation()} is what the file said), so the
 * EXIF carried into a result says "upright" ({@link #exifForUpright()}). A profile is kept as the file's bytes:
 * the pixel values are those of the file, never converted to sRGB, so an Adobe RGB photo stays an Adobe RGB
 * photo with its profile beside it.
 * </p>
 */
public final class ImageMetadata {

	/** No profile, no EXIF, no resolution. */
	public static final ImageMetadata NONE = new ImageMetadata(null, null, 0, 0);

	private final byte[] iccProfile;
	private final byte[] exif;
	private final double dpiX, dpiY;
	/** The orientation a TIFF's own tag gives (it has no EXIF record); 0 when EXIF says it. */
	private final int tagOrientation;

	/**
	 * @param iccProfile the ICC profile's bytes, or null
	 * @param exif the EXIF record as a TIFF structure (starting "II*\0" or "MM\0*", as after JPEG's "Exif\0\0"), or
	 *          null
	 * @param dpiX dots per inch across, 0 if the file does not say
	 * @param dpiY dots per inch down, 0 if the file does not say
	 */
	public ImageMetadata(byte[] iccProfile, byte[] exif, double dpiX, double dpiY) {
		this(iccProfile, exif, dpiX, dpiY, 0);
	}

	private ImageMetadata(byte[] iccProfile, byte[] exif, double dpiX, double dpiY, int tagOrientation) {
		this.tagOrientation = tagOrientation >= 1 && tagOrientation <= 8 ? tagOrientation : 0;
		this.iccProfile = iccProfile == null ? null : iccProfile.clone();
		this.exif = exif == null ? null : exif.clone();
		this.dpiX = dpiX > 0 && Double.isFinite(dpiX) ? dpiX : 0;
		this.dpiY = dpiY > 0 && Double.isFinite(dpiY) ? dpiY : 0;
	}

	/** @return the ICC profile's bytes, or null if the file had none */
	public byte[] iccProfile() {
		return iccProfile == null ? null : iccProfile.clone();
	}

	/**
	 * @return the profile's colour space type ({@link ColorSpace#TYPE_RGB}, {@link ColorSpace#TYPE_GRAY},
	 *         {@link ColorSpace#TYPE_CMYK}...), or -1 if there is no profile or it cannot be parsed
	 */
	public int iccColorSpaceType() {
		if (iccProfile == null) return -1;
		try {
			return ICC_Profile.getInstance(iccProfile).getColorSpaceType();
		}
		catch (IllegalArgumentException e) {
			return -1;
		}
	}

	/** @return the EXIF record as the file had it, or null */
	public byte[] exif() {
		return exif == null ? null : exif.clone();
	}

	/** @return the EXIF orientation, 1 (upright) to 8; 1 if there is no EXIF or it says nothing */
	public int orientation() {
		if (tagOrientation > 0) return tagOrientation;
		return exif == null ? 1 : Exif.orientation(exif);
	}

	/** @return the EXIF record with its orientation set to 1 (upright), for a result that is upright; or null */
	public byte[] exifForUpright() {
		return exif == null ? null : Exif.withOrientation(exif, 1);
	}

	/** @return dots per inch across, 0 if unknown */
	public double dpiX() {
		return dpiX;
	}

	/** @return dots per inch down, 0 if unknown */
	public double dpiY() {
		return dpiY;
	}

	/** @return this with another resolution (for a photo turned by a quarter, whose axes swap) */
	ImageMetadata withDpi(double x, double y) {
		return new ImageMetadata(iccProfile, exif, x, y, tagOrientation);
	}

	/** @return this without a profile (for pixels converted to sRGB) */
	ImageMetadata withoutIcc() {
		return iccProfile == null ? this : new ImageMetadata(null, exif, dpiX, dpiY, tagOrientation);
	}

	/** @return this with a profile, if it has none */
	ImageMetadata withIccIfNone(byte[] profile) {
		return iccProfile != null || profile == null ? this : new ImageMetadata(profile, exif, dpiX, dpiY,
			tagOrientation);
	}

	/** @return this with the orientation of a TIFF's Orientation tag (274) */
	ImageMetadata withTagOrientation(int orientation) {
		return new ImageMetadata(iccProfile, exif, dpiX, dpiY, orientation);
	}
}
