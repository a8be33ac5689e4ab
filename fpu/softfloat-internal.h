/*
 * The one generic soft-float implementation behind include/fpu/softfloat.h.
 *
 * Every format (binary16/32/64, x87 extended) is described by a FloatFmt and
 * unpacked into FloatParts: a class, a sign, an unbiased exponent and a 64-bit
 * significand with its integer bit at bit 63.  Operations work on parts and
 * end in round_pack(), which rounds a 128-bit significand to the format's
 * precision and exponent range and yields FloatBits (sign, biased exponent,
 * significand with the integer bit at bit 63), which a per-format packer
 * turns into the raw encoding.  The common paths here are always inlined so
 * that each width gets its own constant-folded copy of the same source; the
 * special cases (NaNs, infinities, zeros, tiny and huge results) are out of
 * line.
 */
#ifndef FPU_SOFTFLOAT_INTERNAL_H
#define FPU_SOFTFLOAT_INTERNAL_H

#include "fpu/softfloat.h"

typedef unsigned __int128 u128;

#define SF_INLINE   static inline __attribute__((always_inline))
#define SF_COLD     static __attribute__((noinline, cold, unused))
#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

typedef struct FloatFmt {
    int exp_bits;
    int frac_bits; /* stored fraction bits below the (implicit or explicit) integer bit */
    int bias;
    int exp_max;   /* the all-ones biased exponent of infinities and NaNs */
    bool x87_nans; /* two NaNs: the larger significand wins (x87), not the style's rule */
    bool silent_input_flush; /* flushed operands raise no input_denormal (ARM FZ16) */
    bool never_flush;        /* flush_to_zero does not apply (x87 has no FTZ) */
} FloatFmt;

typedef enum FloatClass {
    FC_ZERO,
    FC_NORMAL, /* finite non-zero, denormals included (normalised here) */
    FC_INF,
    FC_QNAN,
    FC_SNAN,
} FloatClass;

/* 16 bytes, so that it travels in two registers. */
typedef struct FloatParts {
    uint64_t frac; /* FC_NORMAL: bit 63 set; NaNs: fraction field left-aligned below bit 63 */
    int32_t exp;   /* FC_NORMAL: value = frac / 2^63 * 2^exp */
    uint8_t cls;   /* FloatClass */
    bool sign;
    bool denormal; /* a denormal operand, not flushed */
} FloatParts;

/* An encoded result before the per-format packing. */
typedef struct FloatBits {
    bool sign;
    int32_t exp;   /* biased exponent field */
    uint64_t mant; /* integer bit at 63 (clear for zeros and denormals) */
} FloatBits;

#define QUIET_BIT (1ull << 62)
#define INT_BIT   (1ull << 63)

SF_INLINE bool is_nan_class(FloatClass c) { return c >= FC_QNAN; }

SF_INLINE int clz128(u128 x)
{
    uint64_t hi = x >> 64;
    return hi ? __builtin_clzll(hi) : 64 + __builtin_clzll((uint64_t)x);
}

/* x >> n, with any bits shifted out OR-ed into bit 0 (they only matter as "sticky"). */
SF_INLINE u128 shift_right_jam128(u128 x, int n)
{
    if (unlikely(n >= 128)) {
        return x != 0;
    }
    /* The lost bits are x << (128 - n), written so that n = 0 is defined too. */
    return (x >> n) | (((x << (127 - n)) << 1) != 0);
}

/* n / d for n < d * 2^64: the quotient fits 64 bits. */
SF_INLINE uint64_t div128_64(u128 n, uint64_t d, uint64_t *rem)
{
#if defined(__x86_64__)
    uint64_t q, r;
    __asm__("divq %4" : "=a"(q), "=d"(r) : "a"((uint64_t)n), "d"((uint64_t)(n >> 64)), "rm"(d));
    *rem = r;
    return q;
#else
    *rem = (uint64_t)(n % d);
    return (uint64_t)(n / d);
#endif
}

/*
 * (frac << 63) >> n with the bits shifted out OR-ed into bit 0: a 64-bit
 * significand aligned for addition.  Shifts up to 63 lose nothing.
 */
SF_INLINE u128 align_frac(uint64_t frac, int n)
{
    if (likely(n <= 63)) {
        /* the high half is frac >> (n + 1), written so that n = 63 is defined */
        return (u128)((frac >> 1) >> n) << 64 | frac << (63 - n);
    }
    if (n < 127) {
        int k = n - 63;
        return (frac >> k) | ((frac << (64 - k)) != 0);
    }
    return frac != 0;
}

/* Whether rounding adds one unit in the last kept place. */
SF_INLINE bool round_increment(FloatRoundMode rm, bool sign, bool lsb, bool half, bool sticky)
{
    if (likely(rm == float_round_nearest_even)) {
        return half && (sticky || lsb);
    }
    switch (rm) {
    case float_round_ties_away:
        return half;
    case float_round_up:
        return !sign && (half || sticky);
    case float_round_down:
        return sign && (half || sticky);
    case float_round_to_odd:
        /* Inexact results get their last bit set; an even one becomes odd by +1. */
        return !lsb && (half || sticky);
    default:
        return false;
    }
}

/* Does an overflowing result become infinity (else the largest finite number)? */
SF_INLINE bool overflow_to_inf(FloatRoundMode rm, bool sign)
{
    switch (rm) {
    case float_round_nearest_even:
    case float_round_ties_away:
        return true;
    case float_round_up:
        return !sign;
    case float_round_down:
        return sign;
    default:
        return false;
    }
}

SF_INLINE FloatBits bits_zero(bool sign) { return (FloatBits){sign, 0, 0}; }

SF_INLINE FloatBits bits_inf(const FloatFmt *f, bool sign)
{
    return (FloatBits){sign, f->exp_max, INT_BIT};
}

SF_INLINE FloatBits bits_default_nan(const FloatFmt *f, const FloatStatus *s)
{
    return (FloatBits){s->style == FLOAT_STYLE_X86, f->exp_max, INT_BIT | QUIET_BIT};
}

SF_INLINE FloatBits bits_quiet_nan(const FloatFmt *f, const FloatParts *p)
{
    return (FloatBits){p->sign, f->exp_max, INT_BIT | QUIET_BIT | p->frac};
}

/* The IEEE interchange formats (softfloat.c). */
extern const FloatFmt sf_fmt16, sf_fmt32, sf_fmt64;

/* Rounding of results below the normal range and of overflows: rare, kept out of line. */
FloatBits sf_round_pack_tiny(const FloatFmt *f, int prec, bool sign, int32_t biased_exp,
                             u128 frac, bool flush_ok, FloatStatus *s);
FloatBits sf_overflow(const FloatFmt *f, int prec, bool sign, FloatStatus *s);

/*
 * Round sign * frac / 2^127 * 2^exp (frac != 0, not necessarily normalised)
 * to prec significant bits with the status's rounding mode.  flush_ok: the
 * result may be flushed to zero (conversions never flush the half side).
 */
SF_INLINE FloatBits round_pack(const FloatFmt *f, int prec, bool sign, int32_t exp, u128 frac,
                               bool flush_ok, FloatStatus *s)
{
    int lz = clz128(frac);
    frac <<= lz;
    int32_t biased = exp - lz + f->bias;
    if (unlikely(biased < 1)) {
        return sf_round_pack_tiny(f, prec, sign, biased, frac, flush_ok, s);
    }
    uint64_t keep = (uint64_t)(frac >> (128 - prec));
    u128 rest = frac << prec;
    if (rest != 0) {
        s->flags |= float_flag_inexact;
        if (round_increment(s->rounding_mode, sign, keep & 1, rest >> 127, (rest << 1) != 0)) {
            keep++;
            /* A carry out of the significand (for prec 64, a wrap to 0) moves up a binade. */
            if (prec == 64 ? keep == 0 : (keep >> prec) != 0) {
                keep = 1ull << (prec - 1);
                biased++;
            }
        }
    }
    if (unlikely(biased >= f->exp_max)) {
        return sf_overflow(f, prec, sign, s);
    }
    return (FloatBits){sign, biased, keep << (64 - prec)};
}

/* A finite value already representable in the format: its encoding, no rounding. */
SF_INLINE FloatBits bits_exact(const FloatFmt *f, const FloatParts *p)
{
    if (p->cls == FC_ZERO) {
        return bits_zero(p->sign);
    }
    int32_t biased = p->exp + f->bias;
    if (biased >= 1) {
        return (FloatBits){p->sign, biased, p->frac};
    }
    return (FloatBits){p->sign, 0, p->frac >> (1 - biased)};
}

/* Any parts to their encoding, rounding finite values (needed only after flushing). */
SF_INLINE FloatBits bits_of_parts(const FloatFmt *f, int prec, const FloatParts *p,
                                  FloatStatus *s)
{
    switch (p->cls) {
    case FC_ZERO:
        return bits_zero(p->sign);
    case FC_NORMAL:
        return round_pack(f, prec, p->sign, p->exp, (u128)p->frac << 64, true, s);
    case FC_INF:
        return bits_inf(f, p->sign);
    default:
        return bits_quiet_nan(f, p);
    }
}

/*
 * Unpack a denormal significand m (value m * 2^(1 - bias - frac_bits)):
 * flushed to zero when the status says so, else normalised.
 */
SF_INLINE void unpack_denormal(const FloatFmt *f, FloatParts *p, uint64_t m, bool flush_ok,
                               FloatStatus *s)
{
    if (flush_ok && s->flush_inputs_to_zero) {
        p->cls = FC_ZERO;
        if (s->style == FLOAT_STYLE_ARM && !f->silent_input_flush) {
            s->flags |= float_flag_input_denormal;
        }
        return;
    }
    /* The half side of a conversion is neither flushed nor flagged (F16C, FCVT). */
    p->denormal = flush_ok;
    int lz = __builtin_clzll(m);
    p->cls = FC_NORMAL;
    p->frac = m << lz;
    p->exp = 1 - f->bias - f->frac_bits + 63 - lz;
}

/* An IEEE interchange encoding (implicit integer bit) to parts. */
SF_INLINE FloatParts unpack_ieee(const FloatFmt *f, uint64_t raw, bool flush_ok, FloatStatus *s)
{
    int width = 1 + f->exp_bits + f->frac_bits;
    uint64_t m = raw & ((1ull << f->frac_bits) - 1);
    int32_t e = (raw >> f->frac_bits) & f->exp_max;
    FloatParts p;
    p.sign = (raw >> (width - 1)) & 1;
    p.denormal = false;
    if (likely((uint32_t)(e - 1) < (uint32_t)(f->exp_max - 1))) { /* 0 < e < exp_max */
        p.cls = FC_NORMAL;
        p.exp = e - f->bias;
        p.frac = (m << (63 - f->frac_bits)) | INT_BIT;
    } else if (e == 0) {
        p.exp = 0;
        p.frac = 0;
        if (m == 0) {
            p.cls = FC_ZERO;
        } else {
            unpack_denormal(f, &p, m, flush_ok, s);
        }
    } else if (m == 0) {
        p.cls = FC_INF;
        p.exp = 0;
        p.frac = 0;
    } else {
        p.exp = 0;
        p.frac = m << (63 - f->frac_bits);
        p.cls = (p.frac & QUIET_BIT) ? FC_QNAN : FC_SNAN;
    }
    return p;
}

SF_INLINE uint64_t pack_ieee(const FloatFmt *f, FloatBits b)
{
    int width = 1 + f->exp_bits + f->frac_bits;
    return ((uint64_t)b.sign << (width - 1)) | ((uint64_t)b.exp << f->frac_bits) |
           ((b.mant << 1) >> (64 - f->frac_bits));
}

/* x86 DE: raised for denormal operands of an operation that has no NaN operand. */
SF_INLINE void raise_denormal(FloatStatus *s, bool any)
{
    if (unlikely(any) && s->style == FLOAT_STYLE_X86) {
        s->flags |= float_flag_denormal;
    }
}

/* Flags of an operation's NaN operands; quiet NaNs are no exception. */
SF_INLINE void raise_snan(FloatStatus *s, const FloatParts *p)
{
    if (p->cls == FC_SNAN) {
        s->flags |= float_flag_invalid;
    }
}

SF_INLINE FloatBits propagate_nan1(const FloatFmt *f, const FloatParts *a, FloatStatus *s)
{
    raise_snan(s, a);
    if (s->default_nan_mode) {
        return bits_default_nan(f, s);
    }
    return bits_quiet_nan(f, a);
}

/* The NaN result of a two-operand operation with at least one NaN operand. */
SF_INLINE FloatBits propagate_nan2(const FloatFmt *f, const FloatParts *a, const FloatParts *b,
                                   FloatStatus *s)
{
    raise_snan(s, a);
    raise_snan(s, b);
    if (s->default_nan_mode) {
        return bits_default_nan(f, s);
    }
    const FloatParts *pick;
    if (!is_nan_class(a->cls) || !is_nan_class(b->cls)) {
        pick = is_nan_class(a->cls) ? a : b;
    } else if (f->x87_nans) {
        /* The quiet one, else the larger significand, else the positive one. */
        if (a->cls != b->cls) {
            pick = a->cls == FC_QNAN ? a : b;
        } else if (a->frac != b->frac) {
            pick = a->frac > b->frac ? a : b;
        } else {
            pick = a->sign < b->sign ? a : b;
        }
    } else if (s->style == FLOAT_STYLE_ARM) {
        pick = (a->cls == FC_SNAN || b->cls != FC_SNAN) ? a : b;
    } else {
        pick = a;
    }
    return bits_quiet_nan(f, pick);
}

/*
 * The operations' special cases (NaNs, infinities, zeros) are out of line,
 * which keeps the common path short and its operands in registers.
 */
SF_COLD FloatBits add_special(const FloatFmt *f, int prec, const FloatParts *pa,
                              const FloatParts *pb, bool subtract, FloatStatus *s)
{
    FloatParts a = *pa, b = *pb;
    if (is_nan_class(a.cls) || is_nan_class(b.cls)) {
        b.sign ^= subtract;
        return propagate_nan2(f, &a, &b, s);
    }
    raise_denormal(s, a.denormal | b.denormal);
    if (a.cls == FC_INF) {
        if (b.cls == FC_INF && a.sign != b.sign) {
            s->flags |= float_flag_invalid;
            return bits_default_nan(f, s);
        }
        return bits_inf(f, a.sign);
    }
    if (b.cls == FC_INF) {
        return bits_inf(f, b.sign);
    }
    if (a.cls == FC_ZERO && b.cls == FC_ZERO) {
        bool sign = a.sign == b.sign ? a.sign : s->rounding_mode == float_round_down;
        return bits_zero(sign);
    }
    return bits_of_parts(f, prec, a.cls == FC_ZERO ? &b : &a, s);
}

SF_COLD FloatBits mul_special(const FloatFmt *f, const FloatParts *pa, const FloatParts *pb,
                              FloatStatus *s)
{
    FloatParts a = *pa, b = *pb;
    bool sign = a.sign ^ b.sign;
    if (is_nan_class(a.cls) || is_nan_class(b.cls)) {
        return propagate_nan2(f, &a, &b, s);
    }
    raise_denormal(s, a.denormal | b.denormal);
    if ((a.cls == FC_INF && b.cls == FC_ZERO) || (a.cls == FC_ZERO && b.cls == FC_INF)) {
        s->flags |= float_flag_invalid;
        return bits_default_nan(f, s);
    }
    if (a.cls == FC_INF || b.cls == FC_INF) {
        return bits_inf(f, sign);
    }
    return bits_zero(sign);
}

SF_COLD FloatBits div_special(const FloatFmt *f, const FloatParts *pa, const FloatParts *pb,
                              FloatStatus *s)
{
    FloatParts a = *pa, b = *pb;
    bool sign = a.sign ^ b.sign;
    if (is_nan_class(a.cls) || is_nan_class(b.cls)) {
        return propagate_nan2(f, &a, &b, s);
    }
    if (a.cls == b.cls) { /* inf / inf, 0 / 0 */
        s->flags |= float_flag_invalid;
        return bits_default_nan(f, s);
    }
    if (b.cls == FC_ZERO) {
        if (a.cls != FC_INF) {
            s->flags |= float_flag_divbyzero; /* and no denormal flag: it takes priority */
        }
        return bits_inf(f, sign);
    }
    raise_denormal(s, a.denormal | b.denormal);
    return a.cls == FC_INF ? bits_inf(f, sign) : bits_zero(sign);
}

SF_COLD FloatBits sqrt_special(const FloatFmt *f, const FloatParts *pa, FloatStatus *s)
{
    FloatParts a = *pa;
    if (is_nan_class(a.cls)) {
        return propagate_nan1(f, &a, s);
    }
    if (a.cls == FC_ZERO) {
        return bits_zero(a.sign);
    }
    if (a.sign) {
        s->flags |= float_flag_invalid;
        return bits_default_nan(f, s);
    }
    return bits_inf(f, false);
}

/* a + b, or a - b when subtract. */
SF_INLINE FloatBits add_parts(const FloatFmt *f, int prec, FloatParts a, FloatParts b,
                              bool subtract, FloatStatus *s)
{
    b.sign ^= subtract;
    if (likely(a.cls == FC_NORMAL && b.cls == FC_NORMAL)) {
        raise_denormal(s, a.denormal | b.denormal);
        /*
         * Order by magnitude and add or subtract without branches: random
         * signs and exponents would make them unpredictable.
         */
        u128 key_a = (u128)(uint32_t)(a.exp + 0x40000000) << 64 | a.frac;
        u128 key_b = (u128)(uint32_t)(b.exp + 0x40000000) << 64 | b.frac;
        bool swap = key_a < key_b;
        int32_t exp = swap ? b.exp : a.exp;
        int32_t small_exp = swap ? a.exp : b.exp;
        bool sign = swap ? b.sign : a.sign;
        /* Integer bits at 126, so a carry fits. */
        u128 big = (u128)(swap ? b.frac : a.frac) << 63;
        u128 small = align_frac(swap ? a.frac : b.frac, exp - small_exp);
        small = a.sign == b.sign ? small : -small;
        big += small;
        if (unlikely(big == 0)) {
            return bits_zero(s->rounding_mode == float_round_down);
        }
        return round_pack(f, prec, sign, exp + 1, big, true, s);
    }
    /* Copies whose address escapes only here, so a and b can stay in registers. */
    FloatParts ca = a, cb = b;
    return add_special(f, prec, &ca, &cb, subtract, s);
}

SF_INLINE FloatBits mul_parts(const FloatFmt *f, int prec, FloatParts a, FloatParts b,
                              FloatStatus *s)
{
    bool sign = a.sign ^ b.sign;
    if (likely(a.cls == FC_NORMAL && b.cls == FC_NORMAL)) {
        raise_denormal(s, a.denormal | b.denormal);
        /* frac/2^63 * frac/2^63 = product/2^126 */
        return round_pack(f, prec, sign, a.exp + b.exp + 1, (u128)a.frac * b.frac, true, s);
    }
    FloatParts ca = a, cb = b;
    return mul_special(f, &ca, &cb, s);
}

SF_INLINE FloatBits div_parts(const FloatFmt *f, int prec, FloatParts a, FloatParts b,
                              FloatStatus *s)
{
    bool sign = a.sign ^ b.sign;
    if (likely(a.cls == FC_NORMAL && b.cls == FC_NORMAL)) {
        raise_denormal(s, a.denormal | b.denormal);
        /* (a << 63) / b lies in (2^62, 2^64): 63 or 64 quotient bits. */
        uint64_t rem;
        uint64_t q = div128_64((u128)a.frac << 63, b.frac, &rem);
        u128 frac = (u128)q << 64;
        if (prec > 60) {
            /* Not enough guard bits for a 64-bit significand: 64 more quotient bits. */
            frac |= div128_64((u128)rem << 64, b.frac, &rem);
        }
        frac |= rem != 0;
        return round_pack(f, prec, sign, a.exp - b.exp, frac, true, s);
    }
    FloatParts ca = a, cb = b;
    return div_special(f, &ca, &cb, s);
}

/* floor(sqrt(m)) for m in [2^126, 2^128), and the remainder m - root^2. */
uint64_t sf_isqrt128(u128 m, u128 *rem);

SF_INLINE FloatBits sqrt_parts(const FloatFmt *f, int prec, FloatParts a, FloatStatus *s)
{
    if (likely(a.cls == FC_NORMAL && !a.sign)) {
        raise_denormal(s, a.denormal);
        /* An odd exponent moves one bit into the significand: m / 2^126 is in [1, 4). */
        u128 m = (u128)a.frac << (63 + (a.exp & 1));
        u128 rem;
        uint64_t root = sf_isqrt128(m, &rem);
        /*
         * sqrt(m) is never exactly halfway between integers, and it exceeds
         * root + 1/2 exactly when rem > root: that gives the round and sticky bits.
         */
        u128 frac = (u128)root << 64;
        if (rem > root) {
            frac |= (u128)3 << 62;
        } else if (rem != 0) {
            frac |= 1;
        }
        return round_pack(f, prec, false, a.exp >> 1, frac, true, s);
    }
    FloatParts ca = a;
    return sqrt_special(f, &ca, s);
}

/*
 * Round frac * 2^(exp - 63) to an integer (exp < 63) in mode rm; *inexact
 * says whether it changed.  The result is below 2^63.
 */
SF_INLINE uint64_t round_to_integer(bool sign, int32_t exp, uint64_t frac, FloatRoundMode rm,
                                    bool *inexact)
{
    int shift = 63 - exp;
    uint64_t keep, rest;
    if (shift < 64) {
        keep = frac >> shift;
        rest = frac << (64 - shift);
    } else {
        keep = 0;
        rest = shift == 64 ? frac : 1;
    }
    *inexact = rest != 0;
    return keep + round_increment(rm, sign, keep & 1, rest >> 63, (rest << 1) != 0);
}

SF_INLINE FloatBits round_to_int_parts(const FloatFmt *f, int prec, FloatParts a,
                                       FloatRoundMode rm, bool exact, FloatStatus *s)
{
    if (likely(a.cls == FC_NORMAL)) {
        if (a.exp >= prec - 1) {
            return bits_exact(f, &a);
        }
        bool inexact;
        uint64_t v = round_to_integer(a.sign, a.exp, a.frac, rm, &inexact);
        if (inexact && exact) {
            s->flags |= float_flag_inexact;
        }
        if (v == 0) {
            return bits_zero(a.sign);
        }
        return round_pack(f, prec, a.sign, 63, (u128)v << 64, true, s);
    }
    if (is_nan_class(a.cls)) {
        return propagate_nan1(f, &a, s);
    }
    return a.cls == FC_INF ? bits_inf(f, a.sign) : bits_zero(a.sign);
}

/*
 * Parts to an integer of `width` bits (signed or not) after scaling by
 * 2^scale, rounding with rm; out of range and NaN give the style's answer.
 */
SF_INLINE uint64_t to_int_parts(FloatParts a, FloatRoundMode rm, int scale, int width,
                                bool is_signed, FloatStatus *s)
{
    uint64_t max_pos = is_signed ? (1ull << (width - 1)) - 1 : ~0ull >> (64 - width);
    uint64_t max_neg = is_signed ? 1ull << (width - 1) : 0;
    uint64_t mag;
    bool inexact = false;

    switch (a.cls) {
    case FC_ZERO:
        return 0;
    case FC_NORMAL:
        if (scale > 256) {
            scale = 256; /* keeps exp + scale from overflowing; already far out of range */
        }
        a.exp += scale;
        if (a.exp >= 64) {
            goto invalid;
        }
        mag = a.exp == 63 ? a.frac : round_to_integer(a.sign, a.exp, a.frac, rm, &inexact);
        if (mag > (a.sign ? max_neg : max_pos)) {
            goto invalid;
        }
        if (inexact) {
            s->flags |= float_flag_inexact;
        }
        return a.sign ? -mag : mag;
    case FC_INF:
        goto invalid;
    default:
        s->flags |= float_flag_invalid;
        if (s->style == FLOAT_STYLE_ARM) {
            return 0;
        }
        return is_signed ? max_neg : max_pos;
    }
invalid:
    s->flags |= float_flag_invalid;
    if (s->style == FLOAT_STYLE_X86) {
        return is_signed ? max_neg : max_pos;
    }
    return a.sign ? -max_neg : max_pos;
}

SF_INLINE FloatBits from_int_parts(const FloatFmt *f, int prec, bool sign, uint64_t mag,
                                   int scale, FloatStatus *s)
{
    if (mag == 0) {
        return bits_zero(false);
    }
    if (scale > 0x10000) {
        scale = 0x10000;
    }
    return round_pack(f, prec, sign, 63 - scale, (u128)mag << 64, true, s);
}

SF_INLINE FloatBits scalbn_parts(const FloatFmt *f, int prec, FloatParts a, int n,
                                 FloatStatus *s)
{
    if (likely(a.cls == FC_NORMAL)) {
        /* Beyond +-0x10000 every format is far out of range; avoids int overflow. */
        n = n > 0x10000 ? 0x10000 : n < -0x10000 ? -0x10000 : n;
        return round_pack(f, prec, a.sign, a.exp + n, (u128)a.frac << 64, true, s);
    }
    if (is_nan_class(a.cls)) {
        return propagate_nan1(f, &a, s);
    }
    return a.cls == FC_INF ? bits_inf(f, a.sign) : bits_zero(a.sign);
}

/* Ordering of finite or infinite parts: -1, 0, 1. */
SF_INLINE int compare_numbers(const FloatParts *a, const FloatParts *b)
{
    if (a->cls == FC_ZERO && b->cls == FC_ZERO) {
        return 0;
    }
    if (a->sign != b->sign) {
        return a->sign ? -1 : 1;
    }
    int mag;
    if (a->cls != b->cls) {
        mag = a->cls < b->cls ? -1 : 1;
    } else if (a->cls != FC_NORMAL || (a->exp == b->exp && a->frac == b->frac)) {
        mag = 0;
    } else if (a->exp != b->exp) {
        mag = a->exp < b->exp ? -1 : 1;
    } else {
        mag = a->frac < b->frac ? -1 : 1;
    }
    return a->sign ? -mag : mag;
}

SF_INLINE FloatRelation compare_parts(const FloatParts *a, const FloatParts *b, bool quiet,
                                      FloatStatus *s)
{
    if (unlikely(is_nan_class(a->cls) || is_nan_class(b->cls))) {
        if (!quiet || a->cls == FC_SNAN || b->cls == FC_SNAN) {
            s->flags |= float_flag_invalid;
        }
        return float_relation_unordered;
    }
    raise_denormal(s, a->denormal | b->denormal);
    return (FloatRelation)compare_numbers(a, b);
}

/*
 * FMIN/FMAX (num false) and FMINNM/FMAXNM (num true) of the Arm ARM: -0 < +0;
 * for the NM forms one quiet NaN against a number gives the number.
 */
SF_INLINE FloatBits minmax_parts(const FloatFmt *f, FloatParts a, FloatParts b, bool is_max,
                                 bool num, FloatStatus *s)
{
    const FloatParts *r;
    if (unlikely(is_nan_class(a.cls) || is_nan_class(b.cls))) {
        if (num && a.cls == FC_QNAN && !is_nan_class(b.cls)) {
            r = &b;
        } else if (num && b.cls == FC_QNAN && !is_nan_class(a.cls)) {
            r = &a;
        } else {
            return propagate_nan2(f, &a, &b, s);
        }
    } else {
        raise_denormal(s, a.denormal | b.denormal);
        int c = compare_numbers(&a, &b);
        if (c == 0 && a.sign != b.sign) { /* zeros: -0 < +0 */
            c = a.sign ? -1 : 1;
        }
        r = (is_max ? c >= 0 : c <= 0) ? &a : &b;
    }
    return r->cls == FC_INF ? bits_inf(f, r->sign) : bits_exact(f, r);
}

SF_COLD FloatBits muladd_special(const FloatFmt *f, int prec, const FloatParts *pa,
                                 const FloatParts *pb, const FloatParts *pc, int flags,
                                 FloatStatus *s)
{
    FloatParts a = *pa, b = *pb, c = *pc;
    bool psign = a.sign ^ b.sign ^ !!(flags & float_muladd_negate_product);
    bool rsign_flip = flags & float_muladd_negate_result;
    int halve = (flags & float_muladd_halve_result) ? 1 : 0;

    bool infzero =
        (a.cls == FC_INF && b.cls == FC_ZERO) || (a.cls == FC_ZERO && b.cls == FC_INF);
    if (is_nan_class(a.cls) || is_nan_class(b.cls) || is_nan_class(c.cls)) {
        raise_snan(s, &a);
        raise_snan(s, &b);
        raise_snan(s, &c);
        /* inf * 0 + quiet NaN: ARM gives the default NaN; x86 not even invalid. */
        if (infzero && s->style == FLOAT_STYLE_ARM) {
            s->flags |= float_flag_invalid;
            if (c.cls == FC_QNAN) {
                return bits_default_nan(f, s);
            }
        }
        if (s->default_nan_mode) {
            return bits_default_nan(f, s);
        }
        const FloatParts *pick;
        if (s->style == FLOAT_STYLE_ARM) {
            /* Addend first; signalling NaNs before quiet ones. */
            pick = c.cls == FC_SNAN   ? &c
                   : a.cls == FC_SNAN ? &a
                   : b.cls == FC_SNAN ? &b
                   : c.cls == FC_QNAN ? &c
                   : a.cls == FC_QNAN ? &a
                                      : &b;
        } else {
            pick = is_nan_class(a.cls) ? &a : is_nan_class(b.cls) ? &b : &c;
        }
        return bits_quiet_nan(f, pick);
    }
    if (infzero) {
        s->flags |= float_flag_invalid;
        return bits_default_nan(f, s);
    }
    c.sign ^= !!(flags & float_muladd_negate_c);
    if ((a.cls == FC_INF || b.cls == FC_INF) && c.cls == FC_INF && c.sign != psign) {
        s->flags |= float_flag_invalid;
        return bits_default_nan(f, s);
    }
    /* Invalid operations take priority over the denormal flag. */
    raise_denormal(s, a.denormal | b.denormal | c.denormal);
    if (a.cls == FC_INF || b.cls == FC_INF) {
        return bits_inf(f, psign ^ rsign_flip);
    }
    if (c.cls == FC_INF) {
        return bits_inf(f, c.sign ^ rsign_flip);
    }
    if (a.cls == FC_ZERO || b.cls == FC_ZERO) {
        if (c.cls == FC_ZERO) {
            bool sign = psign == c.sign ? psign : s->rounding_mode == float_round_down;
            return bits_zero(sign ^ rsign_flip);
        }
        return round_pack(f, prec, c.sign ^ rsign_flip, c.exp - halve, (u128)c.frac << 64, true,
                          s);
    }
    /* c is zero: the product alone, rounded once. */
    return round_pack(f, prec, psign ^ rsign_flip, a.exp + b.exp + 1 - halve,
                      (u128)a.frac * b.frac, true, s);
}

/*
 * a * b + c with one rounding.  The product is exact in 128 bits (for
 * precisions up to 64 it has at most 128 significant bits; the IEEE
 * formats' products leave the low bits zero).
 */
SF_INLINE FloatBits muladd_parts(const FloatFmt *f, int prec, FloatParts a, FloatParts b,
                                 FloatParts c, int flags, FloatStatus *s)
{
    bool psign = a.sign ^ b.sign ^ !!(flags & float_muladd_negate_product);
    bool rsign_flip = flags & float_muladd_negate_result;
    int halve = (flags & float_muladd_halve_result) ? 1 : 0;

    if (unlikely(a.cls != FC_NORMAL || b.cls != FC_NORMAL || c.cls != FC_NORMAL)) {
        FloatParts ca = a, cb = b, cc = c;
        return muladd_special(f, prec, &ca, &cb, &cc, flags, s);
    }
    raise_denormal(s, a.denormal | b.denormal | c.denormal);
    c.sign ^= !!(flags & float_muladd_negate_c);

    /* Both terms with the integer bit at 126: value = x / 2^126 * 2^e. */
    u128 p = (u128)a.frac * b.frac;
    int32_t pexp = a.exp + b.exp;
    if (p >> 127) {
        p >>= 1; /* exact: the low bits of an IEEE product are zero */
        pexp++;
    }
    u128 q = (u128)c.frac << 63;
    int32_t qexp = c.exp;
    bool qsign = c.sign;
    if (qexp > pexp || (qexp == pexp && q > p)) {
        u128 t = p;
        p = q;
        q = t;
        int32_t te = pexp;
        pexp = qexp;
        qexp = te;
        bool ts = psign;
        psign = qsign;
        qsign = ts;
    }
    q = shift_right_jam128(q, pexp - qexp > 200 ? 200 : pexp - qexp);
    if (psign == qsign) {
        p += q;
    } else {
        p -= q;
        if (p == 0) {
            return bits_zero((s->rounding_mode == float_round_down) ^ rsign_flip);
        }
    }
    return round_pack(f, prec, psign ^ rsign_flip, pexp + 1 - halve, p, true, s);
}

/* Between formats: NaN payloads keep their top bits; the half side is never flushed. */
SF_INLINE FloatBits convert_parts(const FloatFmt *to, FloatParts a, bool flush_ok,
                                  FloatStatus *s)
{
    raise_denormal(s, a.denormal);
    if (likely(a.cls == FC_NORMAL)) {
        return round_pack(to, to->frac_bits + 1, a.sign, a.exp, (u128)a.frac << 64, flush_ok,
                          s);
    }
    if (is_nan_class(a.cls)) {
        FloatBits r = propagate_nan1(to, &a, s);
        return r;
    }
    return a.cls == FC_INF ? bits_inf(to, a.sign) : bits_zero(a.sign);
}

#endif
