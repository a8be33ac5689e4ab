/*
 * x87 80-bit extended precision on the generic parts arithmetic: the
 * explicit integer bit, the invalid encodings (unnormals, pseudo-NaNs and
 * pseudo-infinities), x87 NaN selection and precision control.
 */
#include "fpu/softfloat-internal.h"

static const FloatFmt fmtx80 = {
    .exp_bits = 15,
    .frac_bits = 63,
    .bias = 16383,
    .exp_max = 0x7fff,
    .x87_nans = true,
    .never_flush = true,
};

static const int precision_bits[] = {
    [floatx80_precision_x] = 64,
    [floatx80_precision_d] = 53,
    [floatx80_precision_s] = 24,
};

/* The precision arithmetic results are rounded to (x87 control word PC). */
static int pc_bits(const FloatStatus *s)
{
    return s->floatx80_precision <= floatx80_precision_s ? precision_bits[s->floatx80_precision]
                                                         : 64;
}

/* Encodings no current CPU accepts: a clear integer bit with a non-zero exponent. */
static bool is_invalid_encoding(floatx80 a)
{
    return (a.sign_exp & 0x7fff) != 0 && !(a.mant & INT_BIT);
}

static FloatParts unpack_x80(floatx80 a, FloatStatus *s)
{
    int32_t e = a.sign_exp & 0x7fff;
    FloatParts p = {.sign = a.sign_exp >> 15};
    if (likely(e != 0 && e != 0x7fff)) {
        p.cls = FC_NORMAL;
        p.exp = e - fmtx80.bias;
        p.frac = a.mant;
    } else if (e == 0) {
        if (a.mant == 0) {
            p.cls = FC_ZERO;
        } else {
            /* Denormals and pseudo-denormals (integer bit set) alike: weight 2^(1 - bias). */
            p.cls = FC_NORMAL;
            p.denormal = true;
            int lz = __builtin_clzll(a.mant);
            p.frac = a.mant << lz;
            p.exp = 1 - fmtx80.bias - lz;
        }
    } else if ((a.mant << 1) == 0) {
        p.cls = FC_INF;
    } else {
        p.frac = a.mant & ~INT_BIT;
        p.cls = (p.frac & QUIET_BIT) ? FC_QNAN : FC_SNAN;
    }
    return p;
}

/* An operand of FST: denormals raise no DE there. */
static FloatParts unpack_stored(floatx80 a, FloatStatus *s)
{
    FloatParts p = unpack_x80(a, s);
    p.denormal = false;
    return p;
}

static floatx80 pack_x80(FloatBits b)
{
    return (floatx80){.mant = b.mant, .sign_exp = (uint16_t)((b.sign << 15) | b.exp)};
}

static floatx80 invalid_x80(FloatStatus *s)
{
    s->flags |= float_flag_invalid;
    return pack_x80(bits_default_nan(&fmtx80, s));
}

floatx80 floatx80_default_nan(const FloatStatus *s)
{
    return (floatx80){.mant = INT_BIT | QUIET_BIT, .sign_exp = 0xffff};
}

bool floatx80_is_any_nan(floatx80 a)
{
    return (a.sign_exp & 0x7fff) == 0x7fff && (a.mant << 1) != 0;
}

bool floatx80_is_signaling_nan(floatx80 a)
{
    return floatx80_is_any_nan(a) && !(a.mant & QUIET_BIT);
}

floatx80 floatx80_add(floatx80 a, floatx80 b, FloatStatus *s)
{
    if (unlikely(is_invalid_encoding(a) || is_invalid_encoding(b))) {
        return invalid_x80(s);
    }
    return pack_x80(
        add_parts(&fmtx80, pc_bits(s), unpack_x80(a, s), unpack_x80(b, s), false, s));
}

floatx80 floatx80_sub(floatx80 a, floatx80 b, FloatStatus *s)
{
    if (unlikely(is_invalid_encoding(a) || is_invalid_encoding(b))) {
        return invalid_x80(s);
    }
    return pack_x80(
        add_parts(&fmtx80, pc_bits(s), unpack_x80(a, s), unpack_x80(b, s), true, s));
}

floatx80 floatx80_mul(floatx80 a, floatx80 b, FloatStatus *s)
{
    if (unlikely(is_invalid_encoding(a) || is_invalid_encoding(b))) {
        return invalid_x80(s);
    }
    return pack_x80(mul_parts(&fmtx80, pc_bits(s), unpack_x80(a, s), unpack_x80(b, s), s));
}

floatx80 floatx80_div(floatx80 a, floatx80 b, FloatStatus *s)
{
    if (unlikely(is_invalid_encoding(a) || is_invalid_encoding(b))) {
        return invalid_x80(s);
    }
    return pack_x80(div_parts(&fmtx80, pc_bits(s), unpack_x80(a, s), unpack_x80(b, s), s));
}

floatx80 floatx80_sqrt(floatx80 a, FloatStatus *s)
{
    if (unlikely(is_invalid_encoding(a))) {
        return invalid_x80(s);
    }
    return pack_x80(sqrt_parts(&fmtx80, pc_bits(s), unpack_x80(a, s), s));
}

floatx80 floatx80_round_to_int(floatx80 a, FloatStatus *s)
{
    if (unlikely(is_invalid_encoding(a))) {
        return invalid_x80(s);
    }
    FloatParts p = unpack_x80(a, s);
    raise_denormal(s, p.denormal);
    return pack_x80(round_to_int_parts(&fmtx80, 64, p, s->rounding_mode, true, s));
}

floatx80 floatx80_scalbn(floatx80 a, int n, FloatStatus *s)
{
    if (unlikely(is_invalid_encoding(a))) {
        return invalid_x80(s);
    }
    FloatParts p = unpack_x80(a, s);
    raise_denormal(s, p.denormal);
    return pack_x80(scalbn_parts(&fmtx80, 64, p, n, s));
}

static FloatRelation compare_x80(floatx80 a, floatx80 b, bool quiet, FloatStatus *s)
{
    if (unlikely(is_invalid_encoding(a) || is_invalid_encoding(b))) {
        s->flags |= float_flag_invalid;
        return float_relation_unordered;
    }
    FloatParts pa = unpack_x80(a, s), pb = unpack_x80(b, s);
    return compare_parts(&pa, &pb, quiet, s);
}

FloatRelation floatx80_compare(floatx80 a, floatx80 b, FloatStatus *s)
{
    return compare_x80(a, b, false, s);
}

FloatRelation floatx80_compare_quiet(floatx80 a, floatx80 b, FloatStatus *s)
{
    return compare_x80(a, b, true, s);
}

/* An operand of FLD m32/m64: denormals raise DE and are never flushed (no DAZ on x87). */
static FloatParts unpack_loaded(const FloatFmt *f, uint64_t raw, FloatStatus *s)
{
    FloatStatus no_daz = *s;
    no_daz.flush_inputs_to_zero = false;
    FloatParts p = unpack_ieee(f, raw, true, &no_daz);
    s->flags = no_daz.flags;
    return p;
}

floatx80 float32_to_floatx80(float32 a, FloatStatus *s)
{
    return pack_x80(convert_parts(&fmtx80, unpack_loaded(&sf_fmt32, a, s), false, s));
}

floatx80 float64_to_floatx80(float64 a, FloatStatus *s)
{
    return pack_x80(convert_parts(&fmtx80, unpack_loaded(&sf_fmt64, a, s), false, s));
}

float32 floatx80_to_float32(floatx80 a, FloatStatus *s)
{
    if (unlikely(is_invalid_encoding(a))) {
        s->flags |= float_flag_invalid;
        return (float32)pack_ieee(&sf_fmt32, bits_default_nan(&sf_fmt32, s));
    }
    return (float32)pack_ieee(&sf_fmt32,
                              convert_parts(&sf_fmt32, unpack_stored(a, s), false, s));
}

float64 floatx80_to_float64(floatx80 a, FloatStatus *s)
{
    if (unlikely(is_invalid_encoding(a))) {
        s->flags |= float_flag_invalid;
        return pack_ieee(&sf_fmt64, bits_default_nan(&sf_fmt64, s));
    }
    return pack_ieee(&sf_fmt64, convert_parts(&sf_fmt64, unpack_stored(a, s), false, s));
}

floatx80 int64_to_floatx80(int64_t v, FloatStatus *s)
{
    uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
    return pack_x80(from_int_parts(&fmtx80, 64, v < 0, mag, 0, s));
}

static uint64_t to_int_x80(floatx80 a, FloatRoundMode rm, int width, FloatStatus *s)
{
    if (unlikely(is_invalid_encoding(a))) {
        s->flags |= float_flag_invalid;
        return 1ull << (width - 1);
    }
    return to_int_parts(unpack_x80(a, s), rm, 0, width, true, s); /* FIST: no DE */
}

int16_t floatx80_to_int16(floatx80 a, FloatStatus *s)
{
    return (int16_t)to_int_x80(a, s->rounding_mode, 16, s);
}

int32_t floatx80_to_int32(floatx80 a, FloatStatus *s)
{
    return (int32_t)to_int_x80(a, s->rounding_mode, 32, s);
}

int64_t floatx80_to_int64(floatx80 a, FloatStatus *s)
{
    return (int64_t)to_int_x80(a, s->rounding_mode, 64, s);
}

int64_t floatx80_to_int64_round_to_zero(floatx80 a, FloatStatus *s)
{
    return (int64_t)to_int_x80(a, float_round_to_zero, 64, s);
}
