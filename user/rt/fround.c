/*
 * WebAssembly's float rounding operators (ceil, floor, trunc, nearest) in
 * integer bit operations, compiled to wasm and linked into the soft-float
 * module that vela-wasm embeds (mk/wasm.mk), until VELA-F provides them.
 * A NaN operand gives a quiet NaN; zeros and infinities come back unchanged;
 * nearest rounds half to even; results keep the operand's sign (-0.5 -> -0).
 */
#include <stdbool.h>
#include <stdint.h>

static uint64_t bits64(double x)
{
	uint64_t u;
	__builtin_memcpy(&u, &x, 8);
	return u;
}

static double from64(uint64_t u)
{
	double x;
	__builtin_memcpy(&x, &u, 8);
	return x;
}

static uint32_t bits32(float x)
{
	uint32_t u;
	__builtin_memcpy(&u, &x, 4);
	return u;
}

static float from32(uint32_t u)
{
	float x;
	__builtin_memcpy(&x, &u, 4);
	return x;
}

/* mode: 0 trunc, 1 floor, 2 ceil, 3 nearest; generic over the format:
 * mant = mantissa bits, bias, one = the pattern of 1.0 */
static uint64_t round_bits(uint64_t u, int mode, int mant, int bias, int ebits, uint64_t one)
{
	uint64_t sign = u & ((uint64_t)1 << (mant + ebits));
	uint64_t mag = u & ~sign;
	int e = (int)(mag >> mant) - bias;
	if (e >= mant) {
		uint64_t emax = ((uint64_t)1 << ebits) - 1;
		if ((mag >> mant) == emax && (mag & (((uint64_t)1 << mant) - 1)))
			return u | ((uint64_t)1 << (mant - 1)); /* NaN: quiet */
		return u;					/* integer or infinity */
	}
	if (e < 0) {
		if (mag == 0)
			return u;
		switch (mode) {
		case 1:
			return sign ? sign | one : 0;
		case 2:
			return sign ? sign : one;
		case 3:
			if (e == -1 && mag != ((uint64_t)(bias - 1) << mant))
				return sign | one; /* 0.5 < |x| < 1 */
			return sign;
		default:
			return sign;
		}
	}
	uint64_t m = ((uint64_t)1 << (mant - e)) - 1;
	uint64_t frac = mag & m, base = mag & ~m;
	if (frac == 0)
		return u;
	bool up = false;
	switch (mode) {
	case 1:
		up = sign != 0;
		break;
	case 2:
		up = sign == 0;
		break;
	case 3: {
		uint64_t half = (m + 1) >> 1;
		up = frac > half || (frac == half && (base & (m + 1)));
		break;
	}
	}
	if (up)
		base += m + 1;
	return sign | base;
}

#define F64(name, mode)                                                                            \
	double name(double x)                                                                      \
	{                                                                                          \
		return from64(round_bits(bits64(x), mode, 52, 1023, 11, 0x3ff0000000000000ull));   \
	}
#define F32(name, mode)                                                                            \
	float name(float x)                                                                        \
	{                                                                                          \
		return from32((uint32_t)round_bits(bits32(x), mode, 23, 127, 8, 0x3f800000u));     \
	}

F64(__vw_trunc64, 0)
F64(__vw_floor64, 1)
F64(__vw_ceil64, 2)
F64(__vw_nearest64, 3)
F32(__vw_trunc32, 0)
F32(__vw_floor32, 1)
F32(__vw_ceil32, 2)
F32(__vw_nearest32, 3)

/* Correctly rounded square root (round to nearest): the integer square root
 * of the mantissa scaled to twice the precision, rounded up when the
 * remainder exceeds the root (no ties are possible). */
static uint64_t sqrt_bits(uint64_t u, int mant, int bias, int ebits)
{
	uint64_t signbit = (uint64_t)1 << (mant + ebits);
	uint64_t mag = u & ~signbit;
	uint64_t emax = ((uint64_t)1 << ebits) - 1, one = (uint64_t)1 << mant;
	uint64_t expf = mag >> mant, m = mag & (one - 1);
	if (expf == emax && m)
		return u | ((uint64_t)1 << (mant - 1)); /* NaN: quiet */
	if (mag == 0)
		return u; /* +-0 */
	if (u & signbit)
		return (emax << mant) | ((uint64_t)1 << (mant - 1)); /* negative: canonical NaN */
	if (expf == emax)
		return u; /* +inf */
	int e;
	if (expf == 0) {
		e = 1 - bias;
		while (!(m & one)) {
			m <<= 1;
			e--;
		}
	} else {
		e = (int)expf - bias;
		m |= one;
	}
	if (e & 1) {
		m <<= 1;
		e--;
	}
	unsigned __int128 num = (unsigned __int128)m << mant, res = 0;
	unsigned __int128 bit = (unsigned __int128)1 << (2 * mant + 2);
	while (bit > num)
		bit >>= 2;
	while (bit) {
		if (num >= res + bit) {
			num -= res + bit;
			res = (res >> 1) + bit;
		} else {
			res >>= 1;
		}
		bit >>= 2;
	}
	uint64_t r = (uint64_t)res;
	if (num > res)
		r++;
	return ((uint64_t)(e / 2 + bias) << mant) + (r - one);
}

double __vw_sqrt64(double x)
{
	return from64(sqrt_bits(bits64(x), 52, 1023, 11));
}

float __vw_sqrt32(float x)
{
	return from32((uint32_t)sqrt_bits(bits32(x), 23, 127, 8));
}
