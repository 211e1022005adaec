package org.revivegan.fiji;

import java.awt.Color;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

import ij.ImagePlus;

import org.revivegan.mask.DamageMask;
import org.revivegan.mask.Rect;

/**
 * The damage painted on each open image: one {@link DamageMask} per {@link ImagePlus} (shared by all its slices),
 * shown as a translucent overlay ({@link DamageOverlay}). The Damage Brush paints into {@link #forImage}; Inpaint
 * Damage reads {@link #find} (its mask source "brush").
 * <p>
 * Images are held weakly, so a closed image's mask goes with it. A mask always has its image's current size:
 * when the image has been cropped or scaled since painting, the old damage no longer lines up with the pixels,
 * so {@link #find} ignores it and {@link #forImage} replaces it with an empty mask.
 * <p>
 * Masks are not thread-safe; change them on the AWT event thread ({@link #onUiThread}), where the brush paints.
 */
public final class DamageMasks {

	/** The overlay colour and opacity used unless the brush options say otherwise. */
	public static final Color DEFAULT_COLOR = Color.RED;
	public static final double DEFAULT_OPACITY = 0.4;

	private static final Map<ImagePlus, DamageOverlay> MASKS = new WeakHashMap<>();
	private static Color color = DEFAULT_COLOR;
	private static double opacity = DEFAULT_OPACITY;

	private DamageMasks() {}

	/**
	 * The mask of {@code imp}, created empty (with its overlay) on first use, or replaced by an empty one when the
	 * image's size has changed.
	 */
	public static synchronized DamageMask forImage(ImagePlus imp) {
		requireImage(imp);
		DamageOverlay entry = MASKS.get(imp);
		if (entry != null && fits(entry.mask(), imp)) return entry.mask();
		if (entry != null) entry.detach();
		DamageMask mask = new DamageMask(imp.getWidth(), imp.getHeight());
		MASKS.put(imp, new DamageOverlay(imp, mask, color, opacity));
		return mask;
	}

	/** @return the damage painted on {@code imp}; empty when nothing is painted or the image has changed size */
	public static synchronized Optional<DamageMask> find(ImagePlus imp) {
		if (imp == null) return Optional.empty();
		DamageOverlay entry = MASKS.get(imp);
		if (entry == null || !fits(entry.mask(), imp) || entry.damagedCount() == 0) return Optional.empty();
		return Optional.of(entry.mask());
	}

	/**
	 * Clears the damage painted on {@code imp} as one undoable step and takes the overlay away.
	 *
	 * @return the rectangle that changed; {@link Rect#EMPTY} when nothing was painted
	 */
	public static Rect clear(ImagePlus imp) {
		DamageMask mask = existing(imp);
		return mask == null ? Rect.EMPTY : mask.clear();
	}

	/**
	 * Replaces the damage painted on {@code imp} with a proposed mask (Detect Damage), as one step that "Undo
	 * Damage Stroke" takes back, so the user corrects the proposal with the brush before inpainting. Runs on the
	 * AWT event thread ({@link #onUiThread}), where the brush edits, and waits for it.
	 *
	 * @param proposal (x, y) of the image's size, non-zero = damaged
	 * @return the rectangle that changed; {@link Rect#EMPTY} when nothing did
	 * @throws IllegalArgumentException if the sizes differ
	 */
	public static Rect propose(ImagePlus imp, net.imglib2.RandomAccessibleInterval<? extends net.imglib2.type.numeric.RealType<?>> proposal) {
		Rect[] changed = { Rect.EMPTY };
		onUiThread(() -> changed[0] = replace(forImage(imp), imp, proposal));
		return changed[0];
	}

	private static Rect replace(DamageMask mask, ImagePlus imp,
		net.imglib2.RandomAccessibleInterval<? extends net.imglib2.type.numeric.RealType<?>> proposal)
	{
		if (proposal.dimension(0) != mask.width() || proposal.dimension(1) != mask.height())
			throw new IllegalArgumentException("The proposed mask is " + proposal.dimension(0) + "x" + proposal
				.dimension(1) + " but " + imp.getTitle() + " is " + mask.width() + "x" + mask.height() + ".");
		DamageMask.Edit edit = mask.beginEdit();
		net.imglib2.Cursor<? extends net.imglib2.type.numeric.RealType<?>> c = net.imglib2.view.Views.flatIterable(
			net.imglib2.view.Views.zeroMin(proposal)).cursor();
		for (int y = 0; y < mask.height(); y++)
			for (int x = 0; x < mask.width(); x++)
				edit.set(x, y, c.next().getRealDouble() != 0);
		return edit.end();
	}

	/** Takes back the last stroke (or clear) on {@code imp}. @return whether there was one */
	public static boolean undo(ImagePlus imp) {
		DamageMask mask = existing(imp);
		return mask != null && !mask.undo().isEmpty();
	}

	/** Re-applies the stroke (or clear) on {@code imp} most recently undone. @return whether there was one */
	public static boolean redo(ImagePlus imp) {
		DamageMask mask = existing(imp);
		return mask != null && !mask.redo().isEmpty();
	}

	/** Sets the overlay colour and opacity (0 to 1) of every mask, shown and future. */
	public static void setOverlayStyle(Color newColor, double newOpacity) {
		if (newColor == null) throw new IllegalArgumentException("The damage overlay needs a colour");
		if (!(newOpacity >= 0 && newOpacity <= 1))
			throw new IllegalArgumentException("Overlay opacity must be 0 to 1 (0 % to 100 %), not " + newOpacity);
		ArrayList<DamageOverlay> overlays;
		synchronized (DamageMasks.class) {
			color = newColor;
			opacity = newOpacity;
			overlays = new ArrayList<>(MASKS.values());
		}
		for (DamageOverlay o : overlays)
			o.setStyle(newColor, newOpacity);
	}

	public static synchronized Color overlayColor() {
		return color;
	}

	public static synchronized double overlayOpacity() {
		return opacity;
	}

	/** @return the overlay of {@code imp}'s mask, or null; for tests and the tool */
	static synchronized DamageOverlay overlayOf(ImagePlus imp) {
		return imp == null ? null : MASKS.get(imp);
	}

	/**
	 * Runs {@code action} on the AWT event thread (where the brush edits masks) and waits for it; runs it
	 * directly when already there or headless. IJ1 runs menu commands on their own threads, so commands that
	 * change a mask go through here.
	 */
	static void onUiThread(Runnable action) {
		if (GraphicsEnvironment.isHeadless() || EventQueue.isDispatchThread()) {
			action.run();
			return;
		}
		try {
			EventQueue.invokeAndWait(action);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while changing the damage mask", e);
		} catch (InvocationTargetException e) {
			Throwable cause = e.getCause();
			if (cause instanceof RuntimeException) throw (RuntimeException) cause;
			if (cause instanceof Error) throw (Error) cause;
			throw new IllegalStateException(cause.getMessage(), cause);
		}
	}

	private static synchronized DamageMask existing(ImagePlus imp) {
		DamageOverlay entry = imp == null ? null : MASKS.get(imp);
		return entry != null && fits(entry.mask(), imp) ? entry.mask() : null;
	}

	private static boolean fits(DamageMask mask, ImagePlus imp) {
		return mask.width() == imp.getWidth() && mask.height() == imp.getHeight();
	}

	private static void requireImage(ImagePlus imp) {
		if (imp == null) throw new IllegalArgumentException("Open an image to paint damage on");
	}
}
