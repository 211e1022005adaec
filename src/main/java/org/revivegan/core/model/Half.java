package org.revivegan.core.model;

/** IEEE 754 half-precision conversion (round to nearest even), for compact weight files. */
final class Half {

	private Half() {}

	static short fromFloat(float f) {
		int bits = Float.floatToIntBits(f);
		int sign = (bits >>> 16) & 0x8000;
		int val = (bits & 0x7fffffff) + 0x1000; // rounding
		if (val >= 0x47800000) { // overflow, inf or NaN
			if ((bits & 0x7fffffff) >= 0x47800000) {
				if ((bits & 0x7fffffff) > 0x7f800000) return (short) (sign | 0x7e00); // NaN
				return (short) (sign | 0x7c00); // inf
			}
			return (short) (sign | 0x7bff); // max finite
		}
		if (val >= 0x38800000) return (short) (sign | ((val - 0x38000000) >>> 13)); // normal
		if (val < 0x33000000) return (short) sign; // too small: zero
		val = (bits & 0x7fffffff) >>> 23; // subnormal
		return (short) (sign | ((((bits & 0x7fffff) | 0x800000) + (0x800000 >>> (val - 102))) >>> (126 - val)));
	}

	static float toFloat(short h) {
		int bits = h & 0xffff;
		int sign = (bits & 0x8000) << 16;
		int exp = (bits >>> 10) & 0x1f;
		int mant = bits & 0x3ff;
		if (exp == 0) {
			if (mant == 0) return Float.intBitsToFloat(sign);
			// subnormal
			float v = mant / 1024f * (float) Math.pow(2, -14);
			return sign != 0 ? -v : v;
		}
		if (exp == 31) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
		return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
	}
}
