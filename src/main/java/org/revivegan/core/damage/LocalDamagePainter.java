package org.revivegan.core.damage;

import org.revivegan.core.util.Rng;

/**
 * Paints the local damage kinds onto a {@link DamageCanvas}, one element at a time, until the canvas has at
 * least {@code goal} masked pixels, never letting it exceed {@code cap}: an element that would is refused
 * and the painter continues with smaller elements. A painter gives up after a bounded number of attempts;
 * {@link DamageSynthesizer} then tops the area up.
 * <p>
 * Sizes scale with the image ({@link #scale}, the geometric mean of width and height, 256 for a 256x256
 * crop), except the physical ones (scratch width, dust specks) which are a few pixels at any size. Every
 * random choice, geometry and colour alike, is drawn from the given {@link Rng}, in the same order whether or
 * not colours are painted, so a mask made alone equals the mask made with its damaged image.
 * </p>
 */
final class LocalDamagePainter {

	private LocalDamagePainter() {}

	/** Paints elements of the given kind; see the class comment. */
	static void paint(DamageKind kind, DamageCanvas canvas, Rng rng, int goal, int cap) {
		switch (kind) {
			case STROKES:
				strokes(canvas, rng, goal, cap);
				break;
			case SCRATCHES:
				scratches(canvas, rng, goal, cap);
				break;
			case DUST:
				dust(canvas, rng, goal, cap);
				break;
			case BLOTCHES:
				blotches(canvas, rng, goal, cap);
				break;
			case TEARS:
				tears(canvas, rng, goal, cap);
				break;
			default:
				throw new IllegalArgumentException(kind + " is not a local damage kind");
		}
	}

	static double scale(DamageCanvas c) {
		return Math.sqrt((double) c.width * c.height);
	}

	private static double logUniform(Rng rng, double min, double max) {
		return min * Math.exp(rng.nextDouble() * Math.log(max / min));
	}

	// ---- strokes ---------------------------------------------------------------------------------------

	/**
	 * Random walks of thick, opaque lines whose radius drifts from vertex to vertex (LaMa / partial-conv
	 * style free-form masks). Each segment is committed on its own so a walk can stop as soon as the goal is
	 * reached; the walk bounces off the image border.
	 */
	static void strokes(DamageCanvas c, Rng rng, int goal, int cap) {
		double s = scale(c);
		double shrink = 1;
		int rejections = 0;
		for (int stroke = 0; stroke < 200 && c.maskedCount() < goal && rejections < 25; stroke++) {
			double remaining = goal - c.maskedCount();
			double meanSegment = 0.09 * s * Math.max(0.3, shrink);
			double base = logUniform(rng, 0.012, 0.05 + 0.06 * Math.min(1, 2 * remaining / c.size)) * s * shrink;
			base = Math.max(1.0, Math.min(base, 0.8 * remaining / (2 * meanSegment)));
			holePaint(c, rng);
			double x = rng.uniform(0, c.width);
			double y = rng.uniform(0, c.height);
			double angle = rng.uniform(0, 2 * Math.PI);
			double r = base * rng.uniform(0.7, 1.3);
			int vertices = rng.nextInt(3, 12);
			for (int v = 0; v < vertices && c.maskedCount() < goal; v++) {
				angle += rng.chance(0.2) ? (rng.nextBoolean() ? 1 : -1) * Math.PI / 2 : 0.6 * rng.nextGaussian();
				double length = meanSegment * rng.uniform(0.4, 1.6);
				double nx = x + length * Math.cos(angle);
				double ny = y + length * Math.sin(angle);
				if (nx < 0 || nx > c.width - 1) {
					nx = nx < 0 ? -nx : 2.0 * (c.width - 1) - nx;
					angle = Math.PI - angle;
				}
				if (ny < 0 || ny > c.height - 1) {
					ny = ny < 0 ? -ny : 2.0 * (c.height - 1) - ny;
					angle = -angle;
				}
				double nr = Math.max(0.5 * base, Math.min(1.8 * base, r * Math.exp(0.3 * rng.nextGaussian())));
				c.capsule(x, y, r, nx, ny, nr, 1f, false);
				if (!c.commit(cap)) {
					shrink *= 0.6;
					rejections++;
					break;
				}
				x = nx;
				y = ny;
				r = nr;
			}
		}
	}

	/** Paint of a hole: bare paper, a dark backing, or a flat mid tone, opaque. */
	private static void holePaint(DamageCanvas c, Rng rng) {
		double pick = rng.nextDouble();
		long seed = rng.nextLong();
		if (pick < 0.5) {
			float v = (float) rng.uniform(0.88, 1.0);
			c.paint(DamageCanvas.COVER, v, v * 0.98f, v * 0.93f, 1, 0.04f, seed);
		}
		else if (pick < 0.8) {
			float v = (float) rng.uniform(0.0, 0.15);
			c.paint(DamageCanvas.COVER, v, v, v, 1, 0.03f, seed);
		}
		else {
			float v = (float) rng.uniform(0.3, 0.7);
			c.paint(DamageCanvas.COVER, v, v * 0.97f, v * 0.9f, 1, 0.05f, seed);
		}
	}

	// ---- scratches -------------------------------------------------------------------------------------

	/**
	 * Long thin anti-aliased curves, 70 % near-vertical (within a few degrees), with a gentle bend, a slight
	 * wobble, uneven strength and, for some, gaps; light or dark.
	 */
	static void scratches(DamageCanvas c, Rng rng, int goal, int cap) {
		double s = scale(c);
		double shrink = 1;
		int rejections = 0;
		for (int k = 0; k < 400 && c.maskedCount() < goal && rejections < 30; k++) {
			double remaining = goal - c.maskedCount();
			double u = rng.nextDouble();
			double radius = 0.5 + 0.75 * u * u; // width 1-2.5 px (masked 2-3.5 px with the anti-aliased edge), mostly thin
			boolean vertical = rng.chance(0.7);
			double length = vertical ? rng.uniform(0.3, 1.1) * c.height : rng.uniform(0.2, 0.8) * s;
			double pixelsPerLength = 2 * radius + 0.8;
			length = Math.max(4, Math.min(length * shrink, 1.1 * remaining / pixelsPerLength));
			double angle = vertical ? Math.PI / 2 + 0.07 * rng.nextGaussian() : rng.uniform(0, Math.PI);
			double dx = Math.cos(angle);
			double dy = Math.sin(angle);
			double cx = rng.uniform(0, c.width);
			double cy = rng.uniform(0, c.height);
			double bend = 0.04 * length * rng.nextGaussian();
			double strength = rng.uniform(0.6, 1.0);
			boolean broken = rng.chance(0.3);
			long seed = rng.nextLong();
			if (rng.chance(0.6)) {
				float v = (float) rng.uniform(0.85, 1.0);
				c.paint(DamageCanvas.COVER, v, v * 0.99f, v * 0.96f, 1, 0.05f, rng.nextLong());
			}
			else {
				float v = (float) rng.uniform(0.02, 0.2);
				c.paint(DamageCanvas.COVER, v, v, v, 1, 0.04f, rng.nextLong());
			}
			int steps = Math.max(1, (int) Math.ceil(length / 3));
			double px = 0, py = 0, pr = 0;
			float ps = 0;
			for (int i = 0; i <= steps; i++) {
				double t = (double) i / steps;
				double along = (t - 0.5) * length;
				double offset = bend * 4 * t * (1 - t) + 0.7 * (Noise.value(seed, along / 12) - 0.5);
				double x = cx + along * dx - offset * dy;
				double y = cy + along * dy + offset * dx;
				double r = radius * (0.8 + 0.4 * Noise.value(seed + 1, along / 20));
				float st = (float) (strength * (0.45 + 0.55 * Noise.fractal(seed + 2, along / 25, 3)));
				if (broken && Noise.value(seed + 3, along / 15) < 0.35) st = 0;
				if (i > 0 && st > 0 && ps > 0) c.capsule(px, py, pr, x, y, r, Math.min(st, ps), true);
				px = x;
				py = y;
				pr = r;
				ps = st;
			}
			if (c.pendingNew() == 0) {
				c.discard();
				continue;
			}
			if (!c.commit(cap)) {
				shrink *= 0.6;
				rejections++;
			}
		}
	}

	// ---- dust ------------------------------------------------------------------------------------------

	/** Small irregular specks (mostly 1-2 px, some up to 4) and, one in sixteen, short bent hairs. */
	static void dust(DamageCanvas c, Rng rng, int goal, int cap) {
		double s = scale(c);
		int rejections = 0;
		double clusterX = rng.uniform(0, c.width);
		double clusterY = rng.uniform(0, c.height);
		for (int k = 0; k < 20000 && c.maskedCount() < goal && rejections < 40; k++) {
			boolean hair = rng.chance(0.06) && goal - c.maskedCount() > 20;
			long texture = rng.nextLong();
			if (rng.chance(0.6)) {
				float v = (float) rng.uniform(0.0, 0.15);
				c.paint(DamageCanvas.COVER, v, v, v, (float) rng.uniform(0.6, 1.0), 0.05f, texture);
			}
			else {
				float v = (float) rng.uniform(0.88, 1.0);
				c.paint(DamageCanvas.COVER, v, v, v * 0.97f, (float) rng.uniform(0.6, 1.0), 0.05f, texture);
			}
			double x, y;
			if (rng.chance(0.3)) {
				x = clusterX + 0.08 * s * rng.nextGaussian();
				y = clusterY + 0.08 * s * rng.nextGaussian();
			}
			else {
				x = rng.uniform(0, c.width);
				y = rng.uniform(0, c.height);
			}
			if (hair) {
				double length = rng.uniform(5, 25) * Math.sqrt(s / 256);
				double angle = rng.uniform(0, 2 * Math.PI);
				double turn = 0.15 * rng.nextGaussian();
				double r = rng.uniform(0.4, 0.6);
				for (double l = 0; l < length; l += 1.5) {
					turn += 0.06 * rng.nextGaussian();
					angle += turn * 0.5;
					double nx = x + 1.5 * Math.cos(angle);
					double ny = y + 1.5 * Math.sin(angle);
					c.capsule(x, y, r, nx, ny, r, 0.95f, true);
					x = nx;
					y = ny;
				}
			}
			else {
				double u = rng.nextDouble();
				double r = 0.5 + 1.5 * u * u * u;
				c.disk(x, y, r, 1f, true);
				int extra = rng.nextInt(3);
				for (int e = 0; e < extra; e++)
					c.disk(x + r * rng.nextGaussian(), y + r * rng.nextGaussian(), r * rng.uniform(0.4, 0.8), 1f, true);
			}
			if (c.pendingNew() == 0) {
				c.discard();
				continue;
			}
			if (!c.commit(cap)) rejections++;
		}
	}

	// ---- blotches --------------------------------------------------------------------------------------

	/** Fainter parts of a stain are left unpainted and unmasked: a mask should mark visible damage. */
	private static final double MIN_STAIN_ALPHA = 0.2;

	/**
	 * Stains: an ellipse whose outline is roughened by fractal noise (so large roughness breaks it into a
	 * main blob and satellites), tinted semi-transparently with a mottled strength, a soft halo fading out
	 * at the edge or a hard edge, and sometimes a darker tide-line rim like dried coffee or water.
	 */
	static void blotches(DamageCanvas c, Rng rng, int goal, int cap) {
		double shrink = 1;
		int rejections = 0;
		for (int k = 0; k < 300 && c.maskedCount() < goal && rejections < 25; k++) {
			double remaining = goal - c.maskedCount();
			double wanted = Math.min(1.1 * remaining, logUniform(rng, 0.005, 0.25) * c.size) * shrink;
			wanted = Math.max(wanted, 6);
			double radius = Math.sqrt(wanted / (Math.PI * 0.8));
			double aspect = rng.uniform(1, 2.2);
			double a = radius * Math.sqrt(aspect);
			double b = radius / Math.sqrt(aspect);
			double theta = rng.uniform(0, Math.PI);
			double cos = Math.cos(theta);
			double sin = Math.sin(theta);
			double cx = rng.uniform(0, c.width);
			double cy = rng.uniform(0, c.height);
			double roughness = rng.uniform(0.2, 0.7);
			double featureSize = radius * rng.uniform(0.4, 0.9);
			boolean halo = rng.chance(0.5);
			double edge = halo ? rng.uniform(0.15, 0.45) : rng.uniform(0.02, 0.08);
			double haloFloor = halo ? 0.0 : 1.0;
			double rim = rng.chance(0.4) ? rng.uniform(0.15, 0.4) : 0;
			double opacity = rng.uniform(0.45, 0.9);
			double mottle = rng.uniform(0.15, 0.5);
			long shapeSeed = rng.nextLong();
			long mottleSeed = rng.nextLong();
			stainPaint(c, rng);

			double extent = 1.0 + roughness;
			double reach = a * Math.sqrt(extent) + 1;
			int xMin = Math.max(0, (int) Math.floor(cx - reach));
			int xMax = Math.min(c.width - 1, (int) Math.ceil(cx + reach));
			int yMin = Math.max(0, (int) Math.floor(cy - reach));
			int yMax = Math.min(c.height - 1, (int) Math.ceil(cy + reach));
			double invFeature = 1 / featureSize;
			double invMottle = 1 / (radius * 0.35);
			for (int y = yMin; y <= yMax; y++) {
				double py = y - cy;
				int row = y * c.width;
				for (int x = xMin; x <= xMax; x++) {
					double px = x - cx;
					double u = (px * cos + py * sin) / a;
					double v = (-px * sin + py * cos) / b;
					double base = 1 - (u * u + v * v);
					if (base + roughness <= 0) continue;
					double f = base + 2 * roughness * (Noise.fractal(shapeSeed, x * invFeature, y * invFeature, 3) - 0.5);
					if (f <= 0) continue;
					double e = f / edge;
					double alpha = opacity * (haloFloor + (1 - haloFloor) * Noise.smoothstep(0, 1, e));
					if (rim > 0) {
						double d = (e - 1) / 0.6;
						alpha += rim * Math.exp(-d * d);
					}
					alpha *= 1 - mottle + 2 * mottle * Noise.value(mottleSeed, x * invMottle, y * invMottle);
					if (alpha >= MIN_STAIN_ALPHA) c.stage(row + x, (float) alpha);
				}
			}
			if (c.pendingNew() == 0) {
				c.discard();
				continue;
			}
			if (!c.commit(cap)) {
				shrink *= 0.6;
				rejections++;
			}
		}
	}

	/**
	 * Paint of a stain: tea/coffee brown or mould grey tint (multiply, lifted so that it shows on dark areas
	 * too), or a pale water/bleach mark that partly covers.
	 */
	private static void stainPaint(DamageCanvas c, Rng rng) {
		double pick = rng.nextDouble();
		long seed = rng.nextLong();
		if (pick < 0.6) {
			float r = (float) rng.uniform(0.7, 0.95);
			float g = r * (float) rng.uniform(0.65, 0.82);
			float b = g * (float) rng.uniform(0.4, 0.65);
			c.paint(DamageCanvas.MULTIPLY, r, g, b, 1, 0.03f, seed, (float) rng.uniform(0.3, 0.6));
		}
		else if (pick < 0.8) {
			float v = (float) rng.uniform(0.3, 0.55);
			c.paint(DamageCanvas.MULTIPLY, v, v * 1.02f, v * 0.92f, 1, 0.03f, seed, (float) rng.uniform(0.1, 0.3));
		}
		else {
			float v = (float) rng.uniform(0.82, 0.95);
			c.paint(DamageCanvas.COVER, v, v * 0.97f, v * 0.88f, (float) rng.uniform(0.5, 0.85), 0.03f, seed);
		}
	}

	// ---- tears -----------------------------------------------------------------------------------------

	/**
	 * Missing corners (a jagged, slightly bulging line cut across a corner) and torn edges (a bite out of
	 * one side, or a ragged strip along it). The missing part shows paper white or a dark background; along
	 * the torn edge, inside the photo, a thin fringe of white paper fibres of irregular width is painted as a
	 * second element.
	 */
	static void tears(DamageCanvas c, Rng rng, int goal, int cap) {
		double shrink = 1;
		int rejections = 0;
		for (int k = 0; k < 40 && c.maskedCount() < goal && rejections < 20; k++) {
			double remaining = goal - c.maskedCount();
			double wanted = Math.max(8, Math.min(1.05 * remaining, logUniform(rng, 0.01, 0.2) * c.size) * shrink);
			int type = rng.chance(0.6) ? 0 : rng.chance(0.6) ? 1 : 2; // corner, bite, strip
			boolean paper = rng.chance(0.6);
			long backSeed = rng.nextLong();
			float back = paper ? (float) rng.uniform(0.9, 1.0) : (float) rng.uniform(0.02, 0.18);
			TearShape shape = new TearShape(c, rng, type, wanted);
			if (paper) c.paint(DamageCanvas.COVER, back, back * 0.98f, back * 0.92f, 1, 0.03f, backSeed);
			else c.paint(DamageCanvas.COVER, back, back, back * 1.05f, 1, 0.03f, backSeed);
			shape.stage(c, false);
			if (c.pendingNew() == 0) {
				c.discard();
				continue;
			}
			if (!c.commit(cap)) {
				shrink *= 0.6;
				rejections++;
				continue;
			}
			c.paint(DamageCanvas.COVER, 0.97f, 0.96f, 0.93f, 1, 0.05f, backSeed + 1);
			shape.stage(c, true);
			c.commit(cap);
		}
	}

	/**
	 * The geometry of one tear in coordinates local to a corner or a side: {@code u} runs along the torn
	 * edge, {@code v} measures how far a pixel lies inside the photo beyond the tear line (negative: torn
	 * away). The tear line is piecewise linear between a few random knots (paper tears in fairly straight
	 * runs that change direction), displaced by fractal noise in {@code u} (jagged); the fibre fringe has a
	 * width that varies quickly with {@code u}, which draws short streaks across the edge like torn paper
	 * fibres. Edge and fibre profiles are tabulated along {@code u} once per tear.
	 */
	private static final class TearShape {
		private static final double TABLE_STEP = 0.5;

		final int type;
		final int corner;
		final int side;
		final double a, b, length;
		final double depth, center, halfLength;
		final double jag, fibreWidth;
		final long seed;
		/** Knots of the piecewise linear line: positions t in [0, 1] and offsets (in pixels or depths). */
		final double[] knotT, knotValue;
		private float[] edgeTable, fibreTable;
		private double tableStart;

		TearShape(DamageCanvas c, Rng rng, int type, double wanted) {
			this.type = type;
			this.corner = rng.nextInt(4);
			this.side = rng.nextInt(4);
			this.seed = rng.nextLong();
			this.fibreWidth = rng.uniform(1.0, 3.5);
			double sideLength = side % 2 == 0 ? c.width : c.height;
			double across = side % 2 == 0 ? c.height : c.width;
			int interior = type == 2 ? 0 : rng.nextInt(1, 3);
			knotT = new double[interior + 2];
			knotValue = new double[interior + 2];
			knotT[interior + 1] = 1;
			for (int k = 1; k <= interior; k++)
				knotT[k] = rng.uniform(0.1, 0.9);
			java.util.Arrays.sort(knotT);
			if (type == 0) {
				double ratio = logUniform(rng, 0.5, 2);
				double legA = Math.sqrt(2 * wanted * ratio);
				double legB = 2 * wanted / legA;
				a = Math.min(legA, 0.95 * c.width);
				b = Math.min(legB, 0.95 * c.height);
				length = Math.hypot(a, b);
				for (int k = 1; k <= interior; k++)
					knotValue[k] = 0.1 * length * rng.nextGaussian(); // kinks of the cut, in pixels
				depth = 0;
				center = 0;
				halfLength = 0;
			}
			else if (type == 1) {
				double ratio = rng.uniform(0.2, 0.7);
				double half = Math.sqrt(wanted / (1.3 * ratio));
				halfLength = Math.min(half, 0.5 * sideLength);
				depth = Math.min(wanted / (1.3 * halfLength), 0.6 * across);
				for (int k = 1; k <= interior; k++)
					knotValue[k] = rng.uniform(0.4, 1.0); // fractions of the depth; 0 at both ends
				center = rng.uniform(0, sideLength);
				length = 2 * halfLength;
				a = 0;
				b = 0;
			}
			else {
				depth = Math.min(wanted / sideLength, 0.4 * across);
				center = 0;
				halfLength = 0;
				length = sideLength;
				a = 0;
				b = 0;
			}
			double extent = type == 0 ? Math.min(a, b) : depth;
			this.jag = 0.03 * Math.min(length, 4 * extent) + 1.0;
		}

		/** @return the piecewise linear line at t in [0, 1] (clamped) */
		private double knots(double t) {
			if (t <= 0) return knotValue[0];
			if (t >= 1) return knotValue[knotValue.length - 1];
			int k = 1;
			while (knotT[k] < t)
				k++;
			double span = knotT[k] - knotT[k - 1];
			double f = span > 0 ? (t - knotT[k - 1]) / span : 1;
			return knotValue[k - 1] + f * (knotValue[k] - knotValue[k - 1]);
		}

		/** Tabulates edge displacement and fibre width for u in [uMin, uMax]. */
		private void tabulate(double uMin, double uMax) {
			tableStart = Math.floor(uMin) - 1;
			int n = (int) Math.ceil((uMax + 2 - tableStart) / TABLE_STEP) + 1;
			edgeTable = new float[n];
			fibreTable = new float[n];
			for (int k = 0; k < n; k++) {
				double u = tableStart + k * TABLE_STEP;
				edgeTable[k] = (float) (jag * 2 * (Noise.fractal(seed, u / 18, 4) - 0.5) +
					0.8 * (Noise.value(seed + 5, u / 1.3) - 0.5));
				fibreTable[k] = (float) (fibreWidth * (0.2 + 1.6 * Noise.value(seed + 7, u / 1.1) * Noise.value(
					seed + 8, u / 7)));
			}
		}

		private static double lookup(float[] table, double position) {
			int k = (int) position;
			if (k < 0) return table[0];
			if (k >= table.length - 1) return table[table.length - 1];
			double f = position - k;
			return table[k] + f * (table[k + 1] - table[k]);
		}

		/** Edge displacement at position u along the edge: coarse jags plus pixel-scale roughness. */
		private double edge(double u) {
			return lookup(edgeTable, (u - tableStart) / TABLE_STEP);
		}

		private double fibre(double u) {
			return lookup(fibreTable, (u - tableStart) / TABLE_STEP);
		}

		/** Stages the torn-away region (fringe false) or the fibre fringe along its edge (fringe true). */
		void stage(DamageCanvas c, boolean fringe) {
			double margin = jag + 2 * fibreWidth + 3;
			if (type == 0) stageCorner(c, fringe, margin);
			else stageSide(c, fringe, margin);
		}

		private void stageCorner(DamageCanvas c, boolean fringe, double margin) {
			boolean right = (corner & 1) != 0;
			boolean bottom = (corner & 2) != 0;
			double kink = 0;
			for (double v : knotValue)
				kink = Math.max(kink, Math.abs(v));
			int extentX = (int) Math.min(c.width - 1, Math.ceil(a + margin + 1.5 * kink));
			int extentY = (int) Math.min(c.height - 1, Math.ceil(b + margin + 1.5 * kink));
			if (edgeTable == null) {
				double u0 = -a * -a / length, u1 = (-a * (extentX - a)) / length, u2 = (extentY * b + a * a) / length;
				double u3 = ((extentX - a) * -a + extentY * b) / length;
				tabulate(Math.min(Math.min(u0, u1), Math.min(u2, u3)), Math.max(Math.max(u0, u1), Math.max(u2, u3)));
			}
			for (int ly = 0; ly <= extentY; ly++) {
				int y = bottom ? c.height - 1 - ly : ly;
				for (int lx = 0; lx <= extentX; lx++) {
					int x = right ? c.width - 1 - lx : lx;
					double u = ((lx - a) * -a + ly * b) / length;
					double v = (lx * b + ly * a - a * b) / length;
					double line = knots(u / length) + edge(u);
					stagePixel(c, x + y * c.width, v - line, u, fringe);
				}
			}
		}

		private void stageSide(DamageCanvas c, boolean fringe, double margin) {
			int sideLength = side % 2 == 0 ? c.width : c.height;
			int across = side % 2 == 0 ? c.height : c.width;
			int uMin = 0, uMax = sideLength - 1;
			if (type == 1) {
				uMin = Math.max(0, (int) Math.floor(center - halfLength - margin));
				uMax = Math.min(sideLength - 1, (int) Math.ceil(center + halfLength + margin));
			}
			if (edgeTable == null) tabulate(uMin, uMax);
			int vMax = (int) Math.min(across - 1, Math.ceil(depth * 1.6 + margin));
			for (int u = uMin; u <= uMax; u++) {
				double profile;
				if (type == 1) {
					double t = (u - center) / halfLength;
					profile = Math.abs(t) >= 1 ? 0 : depth * knots(0.5 * (t + 1));
				}
				else profile = depth * (0.5 + Noise.fractal(seed + 11, u / (0.3 * sideLength), 2));
				double rough = edge(u);
				if (type == 1) rough *= Math.min(1, profile / (2 * jag));
				double line = profile + rough;
				if (line <= 0 && type == 1) continue;
				for (int v = 0; v <= vMax; v++) {
					int x, y;
					switch (side) {
						case 0:
							x = u;
							y = v;
							break;
						case 1:
							x = c.width - 1 - v;
							y = u;
							break;
						case 2:
							x = u;
							y = c.height - 1 - v;
							break;
						default:
							x = v;
							y = u;
							break;
					}
					// v counts pixels from the border row; the torn region is v < line
					stagePixel(c, x + y * c.width, v + 0.5 - line, u, fringe);
				}
			}
		}

		/** @param inside signed distance from the torn edge, negative in the torn-away region */
		private void stagePixel(DamageCanvas c, int index, double inside, double u, boolean fringe) {
			if (!fringe) {
				if (inside < 0) c.stage(index, 1f);
				return;
			}
			if (inside < 0) return;
			double width = fibre(u);
			if (inside >= width) return;
			double alpha = 0.95 * (1 - inside / width);
			if (alpha >= DamageCanvas.MIN_ALPHA) c.stage(index, (float) alpha);
		}
	}
}
