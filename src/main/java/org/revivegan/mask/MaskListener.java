package org.revivegan.mask;

/**
 * Told after every change of a {@link DamageMask}: a brush segment, an undo, a redo, a clear. The rectangle is
 * the bounding box of exactly the pixels whose value changed, so a viewer repaints that and nothing else.
 * Called on the thread that made the change; it fires once per change and never with an empty rectangle.
 */
@FunctionalInterface
public interface MaskListener {

	void maskChanged(Rect changed);
}
