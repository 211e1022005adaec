package org.revivegan.fiji;

import java.awt.Color;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.event.MouseEvent;

import ij.IJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.ImageCanvas;
import ij.gui.Toolbar;
import ij.plugin.Colors;
import ij.plugin.tool.PlugInTool;

import org.revivegan.mask.Brush;
import org.revivegan.mask.DamageMask;

/**
 * The Damage Brush: an IJ1 toolbar tool that paints which pixels of an old photo are damaged (scratches, tears,
 * stains) so that Inpaint Damage synthesises them. Drag to paint, Alt-drag to erase (decided when the stroke
 * begins); each stroke is one undo step. The mask lives in {@link DamageMasks}, one per image, and shows as a
 * translucent overlay that only repaints the rectangle a stroke changed.
 * <p>
 * Double-clicking the tool icon opens the options (brush size, overlay colour and opacity, kept in IJ1's
 * preferences); right-clicking it offers undo, redo and clear. IJ1's Edit&gt;Undo (Ctrl+Z) cannot be hooked by a
 * plugin tool, so undo is the "Undo Damage Stroke" command, to which a shortcut can be given with
 * Plugins&gt;Shortcuts&gt;Add Shortcut.
 * <p>
 * The mouse handlers only map screen to image coordinates through the image's canvas; the painting is in
 * {@link #beginStroke}, {@link #continueStroke} and {@link #endStroke}, which take image coordinates.
 */
public class DamageBrushTool extends PlugInTool {

	static final String PREF_SIZE = "revivegan.brush.size", PREF_COLOR = "revivegan.brush.color",
		PREF_OPACITY = "revivegan.brush.opacity";

	/** A paint brush in a 16 x 16 IJ1 icon: a brown handle, a grey ferrule, a red tip and stroke. */
	static final String ICON = "C741Le197Lf2a8Le298C999L6a88L7a97Cd00V1a55L0f2d";

	private int size;
	private Brush brush;
	private ImagePlus strokeImage;

	/** A brush with the size, colour and opacity last chosen in its options (IJ1 preferences). */
	public DamageBrushTool() {
		size = (int) Math.max(Brush.MIN_SIZE, Math.min(Brush.MAX_SIZE, Prefs.get(PREF_SIZE, Brush.DEFAULT_SIZE)));
		Color color = Colors.decode(Prefs.get(PREF_COLOR, "red"), DamageMasks.DEFAULT_COLOR);
		double opacity = Math.max(0, Math.min(1, Prefs.get(PREF_OPACITY, DamageMasks.DEFAULT_OPACITY)));
		DamageMasks.setOverlayStyle(color, opacity);
	}

	@Override
	public String getToolName() {
		return "Damage Brush";
	}

	@Override
	public String getToolIcon() {
		return ICON;
	}

	/** @return the brush diameter in image pixels */
	public int getBrushSize() {
		return size;
	}

	/** Sets the brush diameter in image pixels, {@link Brush#MIN_SIZE} to {@link Brush#MAX_SIZE}. */
	public void setBrushSize(int diameter) {
		if (diameter < Brush.MIN_SIZE || diameter > Brush.MAX_SIZE)
			throw new IllegalArgumentException("Brush size must be " + Brush.MIN_SIZE + " to " + Brush.MAX_SIZE + " pixels, not " + diameter);
		size = diameter;
	}

	@Override
	public void mousePressed(ImagePlus imp, MouseEvent e) {
		ImageCanvas canvas = imp == null ? null : imp.getCanvas();
		if (canvas == null) return;
		beginStroke(imp, canvas.offScreenXD(e.getX()), canvas.offScreenYD(e.getY()), e.isAltDown());
		e.consume();
	}

	@Override
	public void mouseDragged(ImagePlus imp, MouseEvent e) {
		ImageCanvas canvas = imp == null ? null : imp.getCanvas();
		if (canvas == null) return;
		continueStroke(imp, canvas.offScreenXD(e.getX()), canvas.offScreenYD(e.getY()));
		e.consume();
	}

	@Override
	public void mouseReleased(ImagePlus imp, MouseEvent e) {
		ImageCanvas canvas = imp == null ? null : imp.getCanvas();
		if (canvas != null) continueStroke(imp, canvas.offScreenXD(e.getX()), canvas.offScreenYD(e.getY()));
		endStroke(imp);
		e.consume();
	}

	/** Starts a stroke at image position (x, y) on {@code imp}'s mask: erasing when {@code erase}, else painting. */
	void beginStroke(ImagePlus imp, double x, double y, boolean erase) {
		endStroke(strokeImage);
		DamageMask mask = DamageMasks.forImage(imp);
		brush = new Brush(mask);
		brush.setSize(size);
		brush.setMode(erase ? Brush.Mode.ERASE : Brush.Mode.PAINT);
		strokeImage = imp;
		brush.strokeBegin(x, y);
	}

	/** Continues the open stroke to (x, y); without one on {@code imp}, does nothing. */
	void continueStroke(ImagePlus imp, double x, double y) {
		if (brush != null && imp == strokeImage) brush.strokeTo(x, y);
	}

	/** Ends the open stroke, making it one undo step. */
	void endStroke(ImagePlus imp) {
		if (brush == null) return;
		brush.strokeEnd();
		brush = null;
		strokeImage = null;
	}

	/** Takes back the last stroke (or clear) on {@code imp}, ending an open stroke first. @return whether there was one */
	public boolean undo(ImagePlus imp) {
		endStroke(strokeImage);
		return DamageMasks.undo(imp);
	}

	/** Re-applies the stroke most recently undone on {@code imp}. @return whether there was one */
	public boolean redo(ImagePlus imp) {
		endStroke(strokeImage);
		return DamageMasks.redo(imp);
	}

	@Override
	public void showOptionsDialog() {
		GenericDialog gd = new GenericDialog("Damage Brush");
		gd.addNumericField("Brush size:", size, 0, 5, "pixels");
		gd.addChoice("Overlay colour:", Colors.getColors(), Colors.colorToString(DamageMasks.overlayColor()));
		gd.addSlider("Opacity (%):", 5, 100, Math.round(DamageMasks.overlayOpacity() * 100));
		gd.addMessage("Drag to paint damage, Alt-drag to erase.\nRight-click the tool icon to undo, redo or clear.");
		gd.showDialog();
		if (gd.wasCanceled()) return;
		int newSize = (int) Math.round(gd.getNextNumber());
		String colorName = gd.getNextChoice();
		double newOpacity = gd.getNextNumber() / 100;
		if (gd.invalidNumber() || newSize < Brush.MIN_SIZE || newSize > Brush.MAX_SIZE) {
			IJ.error("Damage Brush", "The brush size must be a whole number from " + Brush.MIN_SIZE + " to " + Brush.MAX_SIZE + " pixels.");
			return;
		}
		newOpacity = Math.max(0.05, Math.min(1, newOpacity));
		size = newSize;
		Prefs.set(PREF_SIZE, newSize);
		Prefs.set(PREF_COLOR, colorName);
		Prefs.set(PREF_OPACITY, newOpacity);
		DamageMasks.setOverlayStyle(Colors.decode(colorName, DamageMasks.DEFAULT_COLOR), newOpacity);
	}

	@Override
	public void showPopupMenu(MouseEvent e, Toolbar toolbar) {
		PopupMenu menu = new PopupMenu();
		addItem(menu, "Undo Damage Stroke", () -> report(undo(WindowManager.getCurrentImage()), "Nothing to undo"));
		addItem(menu, "Redo Damage Stroke", () -> report(redo(WindowManager.getCurrentImage()), "Nothing to redo"));
		addItem(menu, "Clear Damage Mask", () -> ClearDamageMask.clearCurrent());
		menu.addSeparator();
		addItem(menu, "Options...", this::showOptionsDialog);
		toolbar.add(menu);
		menu.show(e.getComponent(), e.getX(), e.getY());
	}

	private static void addItem(PopupMenu menu, String label, Runnable action) {
		MenuItem item = new MenuItem(label);
		item.addActionListener(event -> action.run());
		menu.add(item);
	}

	private static void report(boolean done, String otherwise) {
		if (!done) IJ.showStatus(otherwise + " on the damage mask");
	}
}
