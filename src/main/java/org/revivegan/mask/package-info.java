/**
 * The UI-free model behind the Damage Brush: a {@link org.revivegan.mask.DamageMask} (binary, observable,
 * undoable, shared zero-copy with the engine as an {@code Img<UnsignedByteType>}) and a
 * {@link org.revivegan.mask.Brush} that turns painting gestures into edits of it and reports only the changed
 * {@link org.revivegan.mask.Rect}. The IJ1 tool is a thin adapter: mouse events to brush calls, listener events
 * to repaints of that rectangle. Like the core, this package imports nothing from ImageJ, SciJava, AWT or Swing.
 */
package org.revivegan.mask;
