/*
 * IEEE 754 binary16/32/64 on top of the generic parts arithmetic of
 * softfloat-internal.h: each width is the same code instantiated with its
 * format description.
 */
#include <math.h>

#include "fpu/softfloat-internal.h"

FloatBits sf_overflow(const FloatFmt *f, int prec, bool sign, FloatStatus *s)
{
    s->flags |= float_flag_overflow | float_flag_inexact;
    if (overflow_to_inf(s->rounding_mode, sign)) {
        return bits_inf(f, sign);
    }
    return (FloatBits){sign, f->exp_max - 1, ~0ull << (64 - prec)};
}

/*
 * Tininess: ARM looks at the exact result (before rounding), x86 at the
 * result rounded as if the exponent range were unbounded, which differs only
 * when it rounds up to the smallest normal number.
 */
static bool tiny_after_rounding(int prec, bool sign, int32_t biased, u128 frac,
                                FloatRoundMode rm)
{
    if (biased < 0) {
        return true;
    }
    uint64_t keep = (uint64_t)(frac >> (128 - prec));
    u128 rest = frac << prec;
    uint64_t all_ones = ~0ull >> (64 - prec);
    return !(rest != 0 && keep == all_ones &&
             round_increment(rm, sign, true, rest >> 127, (rest << 1) != 0));
}

FloatBits sf_round_pack_tiny(const FloatFmt *f, int prec, bool sign, int32_t biased, u128 frac,
                             bool flush_ok, FloatStatus *s)
{
    FloatRoundMode rm = s->rounding_mode;
    bool tiny =
        s->style == FLOAT_STYLE_ARM || tiny_after_rounding(prec, sign, biased, frac, rm);
    if (tiny && flush_ok && s->flush_to_zero && !f->never_flush) {
        s->flags |= float_flag_underflow;
        if (s->style == FLOAT_STYLE_X86) {
            s->flags |= float_flag_inexact;
        }
        return bits_zero(sign);
    }
    /* Denormalise: the last kept bit is worth 2^(emin - prec + 1). */
    int shift = 128 - prec + 1 - biased;
    uint64_t keep;
    u128 rest;
    if (shift < 128) {
        keep = (uint64_t)(frac >> shift);
        rest = frac << (128 - shift);
    } else {
        keep = 0;
        rest = shift == 128 ? frac : 1;
    }
    if (rest != 0) {
        s->flags |= float_flag_inexact;
        if (tiny) {
            s->flags |= float_flag_underflow;
        }
        keep += round_increment(rm, sign, keep & 1, rest >> 127, (rest << 1) != 0);
    }
    /* Rounding up to 2^emin gives the smallest normal number. */
    int32_t exp = (keep >> (prec - 1)) ? 1 : 0;
    return (FloatBits){sign, exp, keep << (64 - prec)};
}

uint64_t sf_isqrt128(u128 m, u128 *rem)
{
    /*
     * The host's sqrt only gives an estimate (about 12 bits off) that one
     * Newton step and an exact integer correction turn into the floor, so
     * the result does not depend on the host FPU.
     */
    double est = sqrt((double)(uint64_t)(m >> 64)) * 0x1p32;
    uint64_t r = est >= 0x1p64 ? ~0ull : est < 0x1p63 ? 1ull << 63 : (uint64_t)est;
    u128 sq = (u128)r * r;
    uint64_t unused;
    if (m >= sq) {
        r += div128_64((m - sq) >> 1, r, &unused);
    } else {
        r -= div128_64((sq - m) >> 1, r, &unused);
    }
    while ((u128)r * r > m) {
        r--;
    }
    /* (r + 1)^2 - r^2 = 2r + 1 */
    while (m - (u128)r * r > 2 * (u128)r) {
        r++;
    }
    *rem = m - (u128)r * r;
    return r;
}

const FloatFmt sf_fmt16 = {
    .exp_bits = 5, .frac_bits = 10, .bias = 15, .exp_max = 31, .silent_input_flush = true};
const FloatFmt sf_fmt32 = {.exp_bits = 8, .frac_bits = 23, .bias = 127, .exp_max = 255};
const FloatFmt sf_fmt64 = {.exp_bits = 11, .frac_bits = 52, .bias = 1023, .exp_max = 2047};

#define DEFINE_IEEE_OPS(N, FMT)                                                                \
    SF_INLINE FloatParts unpack##N(float##N a, FloatStatus *s)                                 \
    {                                                                                          \
        return unpack_ieee(&FMT, a, true, s);                                                  \
    }                                                                                          \
    SF_INLINE float##N pack##N(FloatBits b) { return (float##N)pack_ieee(&FMT, b); }           \
    enum { PREC##N = FMT##_prec };                                                             \
                                                                                               \
    float##N float##N##_add(float##N a, float##N b, FloatStatus *s)                            \
    {                                                                                          \
        return pack##N(add_parts(&FMT, PREC##N, unpack##N(a, s), unpack##N(b, s), false, s));  \
    }                                                                                          \
    float##N float##N##_sub(float##N a, float##N b, FloatStatus *s)                            \
    {                                                                                          \
        return pack##N(add_parts(&FMT, PREC##N, unpack##N(a, s), unpack##N(b, s), true, s));   \
    }                                                                                          \
    float##N float##N##_mul(float##N a, float##N b, FloatStatus *s)                            \
    {                                                                                          \
        return pack##N(mul_parts(&FMT, PREC##N, unpack##N(a, s), unpack##N(b, s), s));         \
    }                                                                                          \
    float##N float##N##_div(float##N a, float##N b, FloatStatus *s)                            \
    {                                                                                          \
        return pack##N(div_parts(&FMT, PREC##N, unpack##N(a, s), unpack##N(b, s), s));         \
    }                                                                                          \
    float##N float##N##_muladd(float##N a, float##N b, float##N c, int flags, FloatStatus *s)  \
    {                                                                                          \
        FloatParts pa = unpack##N(a, s), pb = unpack##N(b, s), pc = unpack##N(c, s);           \
        return pack##N(muladd_parts(&FMT, PREC##N, pa, pb, pc, flags, s));                     \
    }                                                                                          \
    float##N float##N##_sqrt(float##N a, FloatStatus *s)                                       \
    {                                                                                          \
        return pack##N(sqrt_parts(&FMT, PREC##N, unpack##N(a, s), s));                         \
    }                                                                                          \
    float##N float##N##_round_to_int(float##N a, FloatRoundMode mode, bool exact,              \
                                     FloatStatus *s)                                           \
    {                                                                                          \
        return pack##N(round_to_int_parts(&FMT, PREC##N, unpack##N(a, s), mode, exact, s));    \
    }                                                                                          \
    float##N float##N##_min(float##N a, float##N b, FloatStatus *s)                            \
    {                                                                                          \
        return pack##N(minmax_parts(&FMT, unpack##N(a, s), unpack##N(b, s), false, false, s)); \
    }                                                                                          \
    float##N float##N##_max(float##N a, float##N b, FloatStatus *s)                            \
    {                                                                                          \
        return pack##N(minmax_parts(&FMT, unpack##N(a, s), unpack##N(b, s), true, false, s));  \
    }                                                                                          \
    float##N float##N##_minnum(float##N a, float##N b, FloatStatus *s)                         \
    {                                                                                          \
        return pack##N(minmax_parts(&FMT, unpack##N(a, s), unpack##N(b, s), false, true, s));  \
    }                                                                                          \
    float##N float##N##_maxnum(float##N a, float##N b, FloatStatus *s)                         \
    {                                                                                          \
        return pack##N(minmax_parts(&FMT, unpack##N(a, s), unpack##N(b, s), true, true, s));   \
    }                                                                                          \
    FloatRelation float##N##_compare(float##N a, float##N b, FloatStatus *s)                   \
    {                                                                                          \
        FloatParts pa = unpack##N(a, s), pb = unpack##N(b, s);                                 \
        return compare_parts(&pa, &pb, false, s);                                              \
    }                                                                                          \
    FloatRelation float##N##_compare_quiet(float##N a, float##N b, FloatStatus *s)             \
    {                                                                                          \
        FloatParts pa = unpack##N(a, s), pb = unpack##N(b, s);                                 \
        return compare_parts(&pa, &pb, true, s);                                               \
    }                                                                                          \
    float##N float##N##_scalbn(float##N a, int n, FloatStatus *s)                              \
    {                                                                                          \
        return pack##N(scalbn_parts(&FMT, PREC##N, unpack##N(a, s), n, s));                    \
    }                                                                                          \
    DEFINE_TO_INT(N, int16_t, int16, 16, true)                                                 \
    DEFINE_TO_INT(N, int32_t, int32, 32, true)                                                 \
    DEFINE_TO_INT(N, int64_t, int64, 64, true)                                                 \
    DEFINE_TO_INT(N, uint16_t, uint16, 16, false)                                              \
    DEFINE_TO_INT(N, uint32_t, uint32, 32, false)                                              \
    DEFINE_TO_INT(N, uint64_t, uint64, 64, false)                                              \
    float##N int32_to_float##N##_scalbn(int32_t v, int scale, FloatStatus *s)                  \
    {                                                                                          \
        uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;                                     \
        return pack##N(from_int_parts(&FMT, PREC##N, v < 0, mag, scale, s));                   \
    }                                                                                          \
    float##N int64_to_float##N##_scalbn(int64_t v, int scale, FloatStatus *s)                  \
    {                                                                                          \
        uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;                                     \
        return pack##N(from_int_parts(&FMT, PREC##N, v < 0, mag, scale, s));                   \
    }                                                                                          \
    float##N uint32_to_float##N##_scalbn(uint32_t v, int scale, FloatStatus *s)                \
    {                                                                                          \
        return pack##N(from_int_parts(&FMT, PREC##N, false, v, scale, s));                     \
    }                                                                                          \
    float##N uint64_to_float##N##_scalbn(uint64_t v, int scale, FloatStatus *s)                \
    {                                                                                          \
        return pack##N(from_int_parts(&FMT, PREC##N, false, v, scale, s));                     \
    }                                                                                          \
    bool float##N##_is_signaling_nan(float##N a)                                               \
    {                                                                                          \
        return float##N##_is_any_nan(a) && !(a & (1ull << (FMT##_prec - 2)));                  \
    }                                                                                          \
    bool float##N##_is_quiet_nan(float##N a)                                                   \
    {                                                                                          \
        return float##N##_is_any_nan(a) && (a & (1ull << (FMT##_prec - 2)));                   \
    }                                                                                          \
    float##N float##N##_default_nan(const FloatStatus *s)                                      \
    {                                                                                          \
        return pack##N(bits_default_nan(&FMT, s));                                             \
    }                                                                                          \
    float##N float##N##_silence_nan(float##N a) { return a | (1ull << (FMT##_prec - 2)); }

#define DEFINE_TO_INT(N, T, NAME, WIDTH, SIGNED)                                               \
    T float##N##_to_##NAME##_scalbn(float##N a, FloatRoundMode mode, int scale,                \
                                    FloatStatus *s)                                            \
    {                                                                                          \
        return (T)to_int_parts(unpack##N(a, s), mode, scale, WIDTH, SIGNED, s);                \
    }

/* Significand precisions (fraction bits + the implicit integer bit). */
enum { sf_fmt16_prec = 11, sf_fmt32_prec = 24, sf_fmt64_prec = 53 };

DEFINE_IEEE_OPS(16, sf_fmt16)
DEFINE_IEEE_OPS(32, sf_fmt32)
DEFINE_IEEE_OPS(64, sf_fmt64)

/* flush_a / flush_r: whether the operand / result side may be flushed (never a half). */
#define DEFINE_CONVERT(FROM, TO, FLUSH_A, FLUSH_R)                                             \
    float##TO float##FROM##_to_float##TO(float##FROM a, FloatStatus *s)                        \
    {                                                                                          \
        FloatParts p = unpack_ieee(&sf_fmt##FROM, a, FLUSH_A, s);                              \
        return pack##TO(convert_parts(&sf_fmt##TO, p, FLUSH_R, s));                            \
    }

DEFINE_CONVERT(16, 32, false, true)
DEFINE_CONVERT(16, 64, false, true)
DEFINE_CONVERT(32, 16, true, false)
DEFINE_CONVERT(32, 64, true, true)
DEFINE_CONVERT(64, 16, true, false)
DEFINE_CONVERT(64, 32, true, true)
