package org.revivegan.core.restore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.revivegan.core.color.ColorHints;
import org.revivegan.core.image.Masks;
import org.revivegan.core.infer.Inpainter;
import org.revivegan.core.progress.Progress;
import org.revivegan.core.provenance.Provenance;
import org.revivegan.core.train.PhotoAdaptation;

/**
 * The one restoration pipeline: inpainting (the damaged pixels only, after an optional adaptation of the model
 * to the photo), colourisation (keeping the full-resolution lightness) and both in turn, over every plane of an
 * image, each returning the result, the map of invented pixels and the record of what was done. The Fiji
 * commands and the command line only turn their images into {@link Planes} and the result back; what the result
 * is does not depend on which of them asked.
 * <p>
 * Planes are handled in order; between planes the progress is checked for cancellation and, for more than one,
 * told "Plane i of n". Nothing here knows ImageJ or files.
 * </p>
 */
public final class Restoration {

	private Restoration() {}

	@FunctionalInterface
	private interface PlaneStep {

		void run(int index, Progress planeProgress);
	}

	private static void forEachPlane(int n, Progress progress, PlaneStep step) {
		for (int i = 0; i < n; i++) {
			progress.checkCanceled();
			if (n > 1) progress.status("Plane " + (i + 1) + " of " + n);
			step.run(i, progress.slice(i / (double) n, 1.0 / n));
			progress.progress((i + 1) / (double) n);
		}
	}

	/**
	 * Inpaints every plane: each plane's damaged pixels (the request's mask, or the plane's own, grown by the
	 * dilation) are filled by the model, every other pixel is left bit-identical.
	 *
	 * @throws IllegalArgumentException if no plane has damage, or a mask does not fit its plane
	 * @throws java.util.concurrent.CancellationException if the progress was cancelled
	 */
	public static InpaintResult inpaint(InpaintRequest request, Planes planes, Progress progress) {
		int n = planes.count();
		Inpainter inpainter = request.inpainter;
		RandomAccessibleInterval<? extends RealType<?>> shared = request.mask == null ? null : grown(request.mask,
			request.dilate);
		List<Img<FloatType>> images = new ArrayList<>(Collections.nCopies(n, null));
		long[] synthesized = { 0 }, adaptSteps = { 0 };
		Inpainter[] adapted = { null };
		List<Img<UnsignedByteType>> map = new ArrayList<>(1);
		boolean adapt = request.adaptSeconds > 0;
		forEachPlane(n, progress, (i, planeProgress) -> {
			Plane<?> plane = planes.plane(i);
			if (map.isEmpty()) map.add(ArrayImgs.unsignedBytes(plane.pixels().dimension(0), plane.pixels().dimension(1)));
			RandomAccessibleInterval<? extends RealType<?>> mask = shared != null ? shared : grown(plane.ownMask(),
				request.dilate);
			long damaged = Masks.count(mask);
			request.listener.maskReady(i, mask, damaged);
			if (damaged == 0 && request.skipUndamaged) {
				if (plane.output() == null) images.set(i, copy(plane.pixels()));
				return;
			}
			synthesized[0] += damaged;
			Inpainter use = inpainter;
			Progress fill = planeProgress;
			if (adapt) {
				if (!request.adaptOnce || adapted[0] == null) {
					PhotoAdaptation.Result r = PhotoAdaptation.adapt(request.model, plane.pixels(), mask, plane.maxValue(),
						request.adaptSeconds, Integer.MAX_VALUE, request.adaptSeed, request.adaptOnce ? planeProgress : planeProgress.slice(
							0, 0.9));
					adaptSteps[0] += r.steps;
					request.listener.adapted(i, r);
					adapted[0] = new Inpainter(r.model).withClassicalThinDamage(inpainter.classicalThinDamage());
				}
				use = adapted[0];
				if (!request.adaptOnce) fill = planeProgress.slice(0.9, 0.1);
			}
			images.set(i, fill(use, plane, plane.output(), mask, fill));
			LoopBuilder.setImages(Views.zeroMin(mask), map.get(0)).forEachPixel((s, u) -> {
				if (s.getRealDouble() != 0) u.set(255);
			});
		});
		if (synthesized[0] == 0) throw new IllegalArgumentException(Inpainter.EMPTY_MASK);
		Provenance.Builder record = Provenance.builder(Provenance.Operation.INPAINT);
		if (request.detector != null) record.model("detect", request.detector);
		record.model("inpaint", request.model).parameter("mask", request.maskName);
		if (request.detector != null) record.parameter("threshold", request.detectThreshold).parameter("minSize",
			request.detectMinSize);
		record.parameter("dilate", request.dilate);
		if (adapt) record.parameter("adaptSeconds", request.adaptSeconds).parameter("adaptSteps", adaptSteps[0]);
		Provenance provenance = request.input.into(record).synthesizedPixels(synthesized[0]).build();
		InpaintResult result = new InpaintResult(images, map.get(0), synthesized[0], adaptSteps[0], n, provenance);
		request.listener.inpainted(result);
		return result;
	}

	/**
	 * Colours every plane; the result keeps each plane's full-resolution lightness.
	 *
	 * @throws IllegalArgumentException if a plane is neither gray nor RGB, or a hint lies outside it
	 * @throws java.util.concurrent.CancellationException if the progress was cancelled
	 */
	public static ColorizeResult colorize(ColorizeRequest request, Planes planes, Progress progress) {
		int n = planes.count();
		List<Img<FloatType>> images = new ArrayList<>(Collections.nCopies(n, null));
		forEachPlane(n, progress, (i, planeProgress) -> {
			Plane<?> plane = planes.plane(i);
			if (plane.rows() != null) request.colorizer.colorize(plane.pixels(), plane.maxValue(), request.hints, plane
				.rows(), planeProgress);
			else images.set(i, request.colorizer.colorize(plane.pixels(), plane.maxValue(), request.hints,
				planeProgress));
		});
		Provenance.Builder record = Provenance.builder(Provenance.Operation.COLORIZE).model("colorize", request.model)
			.parameter(request.workingSizeKey, request.workingSize);
		if (!ColorHints.isEmpty(request.hints)) record.parameter("hints", request.hints.size()).parameter("hintSource",
			request.hintSource).parameter("hintSpread", request.spread);
		record.parameter("vividness", request.colorizer.vividness());
		if (request.referenceName != null) record.parameter(request.referenceKey, request.referenceName).parameter(
			request.referenceKey + "Sha256", request.referenceSha256);
		return new ColorizeResult(images, request.input.into(record).build());
	}

	/**
	 * Restores a photo: inpaints it, then colours the inpainted planes (the first half of the progress, then the
	 * second), or only inpaints when {@code colour} is null (a photo that already has colour, see
	 * {@link #hasColour}; the record then says so).
	 *
	 * @param inpainted the inpainted planes as the colour step reads them, asked for once the inpainting is done;
	 *          null: the inpainting's new images ({@link InpaintResult#images()}, for planes of [0, 1] values
	 *          without outputs of their own)
	 * @return the result; its record is the restoration's ({@link Provenance#restoration}), its input the
	 *         inpainting's
	 */
	public static RestoreResult restore(InpaintRequest inpaint, ColorizeRequest colour, Planes damaged,
		Planes inpainted, Progress progress)
	{
		InpaintResult in = inpaint(inpaint, damaged, colour == null ? progress : progress.slice(0, 0.5));
		if (colour == null) return new RestoreResult(in, null, Provenance.restoration(in.provenance(), null)
			.toBuilder().note(RestoreResult.NOT_RECOLOURED).build());
		ColorizeResult cr = colorize(colour, inpainted != null ? inpainted : Planes.of(in.images()), progress.slice(
			0.5, 0.5));
		return new RestoreResult(in, cr, Provenance.restoration(in.provenance(), cr.provenance()));
	}

	/**
	 * @return whether a photo already has colour, so that colouring it would throw its colours away: its planes
	 *         are colour channels ({@link Planes#channelsAreColours}), or an RGB plane has a pixel whose red,
	 *         green and blue differ
	 */
	public static boolean hasColour(Planes planes) {
		if (planes.channelsAreColours()) return true;
		for (int i = 0; i < planes.count(); i++)
			if (hasColour(planes.plane(i).pixels())) return true;
		return false;
	}

	private static boolean hasColour(RandomAccessibleInterval<? extends RealType<?>> pixels) {
		if (pixels.numDimensions() < 3 || pixels.dimension(2) != 3) return false;
		Cursor<? extends RealType<?>> r = Views.flatIterable(Views.hyperSlice(pixels, 2, pixels.min(2))).cursor(),
			g = Views.flatIterable(Views.hyperSlice(pixels, 2, pixels.min(2) + 1)).cursor(),
			b = Views.flatIterable(Views.hyperSlice(pixels, 2, pixels.min(2) + 2)).cursor();
		while (r.hasNext()) {
			double red = r.next().getRealDouble(), green = g.next().getRealDouble(), blue = b.next().getRealDouble();
			if (red != green || green != blue) return true;
		}
		return false;
	}

	private static RandomAccessibleInterval<? extends RealType<?>> grown(
		RandomAccessibleInterval<? extends RealType<?>> mask, int dilate)
	{
		return dilate > 0 ? Masks.dilateToBytes(mask, dilate) : mask;
	}

	/** @return null after writing into {@code output}; else the new image the plane was inpainted into */
	private static <T extends RealType<T>> Img<FloatType> fill(Inpainter inpainter, Plane<T> plane, Plane<?> output,
		RandomAccessibleInterval<? extends RealType<?>> mask, Progress progress)
	{
		if (output != null) {
			writeInto(inpainter, plane, output, mask, progress);
			return null;
		}
		Img<FloatType> out = ArrayImgs.floats(Intervals.dimensionsAsLongArray(plane.pixels()));
		inpainter.inpaint(plane.pixels(), mask, plane.maxValue(), out, progress);
		return out;
	}

	private static <T extends RealType<T>, U extends RealType<U>> void writeInto(Inpainter inpainter, Plane<T> plane,
		Plane<U> output, RandomAccessibleInterval<? extends RealType<?>> mask, Progress progress)
	{
		inpainter.inpaintDamagedOnly(plane.pixels(), mask, plane.maxValue(), output.pixels(), progress);
	}

	private static <T extends RealType<T>> Img<FloatType> copy(RandomAccessibleInterval<T> pixels) {
		Img<FloatType> out = ArrayImgs.floats(Intervals.dimensionsAsLongArray(pixels));
		LoopBuilder.setImages(Views.zeroMin(pixels), out).forEachPixel((i, o) -> o.setReal(i.getRealDouble()));
		return out;
	}
}
