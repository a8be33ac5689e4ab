/*
 * Soft-float: IEEE 754 binary16/32/64 (and, for x87, 80-bit extended)
 * arithmetic computed with integers only, so that every guest sees exactly
 * the results, NaNs and exception flags its architecture defines, whatever
 * the host FPU does.  Implemented in fpu/.
 *
 * Values are raw bit patterns (float32 is a uint32_t, ...).  Every operation
 * takes a FloatStatus that says how to round, how to treat denormals and
 * NaNs, and collects the exception flags it raises (flags are only ever
 * OR-ed in; the caller clears them).
 *
 * Architecture differences are a FloatStatus "style", not separate code:
 *
 *                      FLOAT_STYLE_ARM              FLOAT_STYLE_X86 (SSE)
 *   tininess           before rounding              after rounding
 *   default NaN        0x7fc00000 (positive)        0xffc00000 (negative)
 *   2-operand NaN      first SNaN (a, then b),      first operand that is a
 *                      else first QNaN (a, b)       NaN (a, then b), quieted
 *   muladd NaN order   c, a, b (addend first);      a, b, c (the order of the
 *                      inf*0 + QNaN -> default NaN  instruction's formula:
 *                      and invalid                  VFMADD213 src2*src1+src3
 *                                                   takes src2, src1, src3);
 *                                                   inf*0 + QNaN -> the QNaN,
 *                                                   no invalid
 *   flush output       result 0, underflow flag     result 0, underflow and
 *   (flush_to_zero)    only                         inexact flags
 *   flush inputs       operand 0, input_denormal    operand 0, no flag
 *                      flag (none for float16:      (DAZ)
 *                      FZ16 flushes silently)
 *   denormal operand   -                            float_flag_denormal unless
 *   (not flushed)                                   a NaN operand, invalid or
 *                                                   divide-by-zero comes first;
 *                                                   not for to-int conversions
 *                                                   or round_to_int
 *   float->int invalid saturate, NaN -> 0           integer indefinite
 *                                                   (INT_MIN / all ones)
 *
 * In default_nan_mode every NaN result is the style's default NaN.
 */
#ifndef FPU_SOFTFLOAT_H
#define FPU_SOFTFLOAT_H

#include <stdbool.h>
#include <stdint.h>

typedef uint16_t float16;
typedef uint32_t float32;
typedef uint64_t float64;

/* x87 80-bit extended: explicit integer bit in bit 63 of mant. */
typedef struct floatx80 {
    uint64_t mant;
    uint16_t sign_exp; /* sign in bit 15, biased exponent (bias 16383) below */
} floatx80;

typedef enum FloatRoundMode {
    float_round_nearest_even = 0,
    float_round_up,   /* towards +infinity */
    float_round_down, /* towards -infinity */
    float_round_to_zero,
    float_round_ties_away, /* to nearest, ties away from zero (FRINTA, FCVTA*) */
    float_round_to_odd,    /* von Neumann rounding (FCVTXN) */
} FloatRoundMode;

/* Exception flags, OR-ed into FloatStatus.flags. */
enum {
    float_flag_invalid = 1 << 0,
    float_flag_divbyzero = 1 << 1,
    float_flag_overflow = 1 << 2,
    float_flag_underflow = 1 << 3,
    float_flag_inexact = 1 << 4,
    float_flag_input_denormal = 1 << 5, /* ARM IDC: an input was flushed to zero */
    float_flag_denormal = 1 << 6,       /* x86 DE: an operand was denormal (not flushed) */
};

typedef enum FloatStyle { FLOAT_STYLE_ARM, FLOAT_STYLE_X86 } FloatStyle;

/* x87 precision control: where floatx80 results are rounded. */
typedef enum FloatX80Precision {
    floatx80_precision_x = 0, /* 64-bit significand */
    floatx80_precision_d,     /* 53 */
    floatx80_precision_s,     /* 24 */
} FloatX80Precision;

typedef struct FloatStatus {
    FloatStyle style;
    FloatRoundMode rounding_mode;
    bool flush_to_zero;        /* denormal results become zero (ARM FZ, x86 FTZ) */
    bool flush_inputs_to_zero; /* denormal operands read as zero (ARM FZ, x86 DAZ) */
    bool default_nan_mode;     /* ARM FPCR.DN */
    FloatX80Precision floatx80_precision;
    uint8_t flags; /* accumulated float_flag_* */
} FloatStatus;

/* Result of a comparison. */
typedef enum FloatRelation {
    float_relation_less = -1,
    float_relation_equal = 0,
    float_relation_greater = 1,
    float_relation_unordered = 2,
} FloatRelation;

/* Modifiers of muladd: which parts are negated, and halving (ARM FRSQRTS). */
enum {
    float_muladd_negate_c = 1,       /* a * b - c */
    float_muladd_negate_product = 2, /* -(a * b) + c */
    float_muladd_negate_result = 4,  /* -(a * b + c) */
    float_muladd_halve_result = 8,   /* (a * b + c) / 2 with a single rounding */
};

/*
 * The same operations for each width; N is 16, 32 or 64 below.
 *
 *   floatN floatN_add(floatN a, floatN b, FloatStatus *s)     a + b
 *   ..._sub, _mul, _div                                        a - b, a * b, a / b
 *   floatN floatN_muladd(a, b, c, int flags, s)                a * b + c, one rounding
 *   floatN floatN_sqrt(a, s)
 *   floatN floatN_round_to_int(a, FloatRoundMode mode, bool exact, s)
 *        to an integral value in floating point; exact: raise inexact if the
 *        value changed (FRINTX), else never (FRINTN/P/M/Z/A/I)
 *   floatN floatN_min/max(a, b, s)       IEEE 754-2008 minimum/maximum: a NaN
 *        operand gives a NaN (propagated by the style's rule); -0 < +0
 *   floatN floatN_minnum/maxnum(a, b, s) minNum/maxNum: one quiet NaN and a
 *        number give the number; a signalling NaN gives a NaN and invalid
 *   FloatRelation floatN_compare(a, b, s)        invalid on any NaN operand
 *   FloatRelation floatN_compare_quiet(a, b, s)  invalid on signalling NaNs only
 *   floatN floatN_scalbn(a, int n, s)            a * 2^n, one rounding
 *
 * Conversions to integers round with the given mode (not the status's),
 * after scaling by 2^scale (fixed-point: FCVTZS with fbits); out-of-range
 * and NaN inputs raise invalid and give the style's answer (table above):
 *
 *   int32_t  floatN_to_int32_scalbn(floatN a, FloatRoundMode mode, int scale, s)
 *   int64_t  floatN_to_int64_scalbn(...)
 *   uint32_t floatN_to_uint32_scalbn(...)   ARM: negative -> 0 + invalid
 *   uint64_t floatN_to_uint64_scalbn(...)   x86: (no unsigned conversions before AVX-512)
 *   int16_t  floatN_to_int16_scalbn(...)    (ARM FP16 and x87 FIST m16)
 *
 * Conversions from integers divide by 2^scale and round with the status's mode:
 *
 *   floatN int32_to_floatN_scalbn(int32_t v, int scale, s), int64_, uint32_, uint64_
 */
#define SOFTFLOAT_DECLARE(N)                                                                   \
    float##N float##N##_add(float##N a, float##N b, FloatStatus *s);                           \
    float##N float##N##_sub(float##N a, float##N b, FloatStatus *s);                           \
    float##N float##N##_mul(float##N a, float##N b, FloatStatus *s);                           \
    float##N float##N##_div(float##N a, float##N b, FloatStatus *s);                           \
    float##N float##N##_muladd(float##N a, float##N b, float##N c, int flags, FloatStatus *s); \
    float##N float##N##_sqrt(float##N a, FloatStatus *s);                                      \
    float##N float##N##_round_to_int(float##N a, FloatRoundMode mode, bool exact,              \
                                     FloatStatus *s);                                          \
    float##N float##N##_min(float##N a, float##N b, FloatStatus *s);                           \
    float##N float##N##_max(float##N a, float##N b, FloatStatus *s);                           \
    float##N float##N##_minnum(float##N a, float##N b, FloatStatus *s);                        \
    float##N float##N##_maxnum(float##N a, float##N b, FloatStatus *s);                        \
    FloatRelation float##N##_compare(float##N a, float##N b, FloatStatus *s);                  \
    FloatRelation float##N##_compare_quiet(float##N a, float##N b, FloatStatus *s);            \
    float##N float##N##_scalbn(float##N a, int n, FloatStatus *s);                             \
    int16_t float##N##_to_int16_scalbn(float##N a, FloatRoundMode mode, int scale,             \
                                       FloatStatus *s);                                        \
    int32_t float##N##_to_int32_scalbn(float##N a, FloatRoundMode mode, int scale,             \
                                       FloatStatus *s);                                        \
    int64_t float##N##_to_int64_scalbn(float##N a, FloatRoundMode mode, int scale,             \
                                       FloatStatus *s);                                        \
    uint16_t float##N##_to_uint16_scalbn(float##N a, FloatRoundMode mode, int scale,           \
                                         FloatStatus *s);                                      \
    uint32_t float##N##_to_uint32_scalbn(float##N a, FloatRoundMode mode, int scale,           \
                                         FloatStatus *s);                                      \
    uint64_t float##N##_to_uint64_scalbn(float##N a, FloatRoundMode mode, int scale,           \
                                         FloatStatus *s);                                      \
    float##N int32_to_float##N##_scalbn(int32_t v, int scale, FloatStatus *s);                 \
    float##N int64_to_float##N##_scalbn(int64_t v, int scale, FloatStatus *s);                 \
    float##N uint32_to_float##N##_scalbn(uint32_t v, int scale, FloatStatus *s);               \
    float##N uint64_to_float##N##_scalbn(uint64_t v, int scale, FloatStatus *s);               \
    bool float##N##_is_signaling_nan(float##N a);                                              \
    bool float##N##_is_quiet_nan(float##N a);                                                  \
    float##N float##N##_default_nan(const FloatStatus *s);                                     \
    float##N float##N##_silence_nan(float##N a);

SOFTFLOAT_DECLARE(16)
SOFTFLOAT_DECLARE(32)
SOFTFLOAT_DECLARE(64)

/*
 * Between widths: rounding with the status's mode, NaNs converted by the
 * style's rule (a signalling NaN raises invalid and comes out quiet, its
 * payload kept as far as it fits).  The float16 side of a conversion is never
 * flushed nor flagged as denormal (Arm FCVT, x86 F16C); flush_* apply to the
 * float32/float64 side.  ARM's alternative half precision
 * (FPCR.AHP) is not implemented: callers must not ask for it.
 */
float32 float16_to_float32(float16 a, FloatStatus *s);
float64 float16_to_float64(float16 a, FloatStatus *s);
float16 float32_to_float16(float32 a, FloatStatus *s);
float64 float32_to_float64(float32 a, FloatStatus *s);
float16 float64_to_float16(float64 a, FloatStatus *s);
float32 float64_to_float32(float64 a, FloatStatus *s);

/* Classification; no flags. */
#define SOFTFLOAT_CLASSIFY(N, T, EXPBITS, FRACBITS)                                            \
    static inline bool float##N##_is_any_nan(T a)                                              \
    {                                                                                          \
        return ((a >> FRACBITS) & ((1ull << EXPBITS) - 1)) == (1ull << EXPBITS) - 1 &&         \
               (a & ((1ull << FRACBITS) - 1)) != 0;                                            \
    }                                                                                          \
    static inline bool float##N##_is_infinity(T a)                                             \
    {                                                                                          \
        return ((a >> FRACBITS) & ((1ull << EXPBITS) - 1)) == (1ull << EXPBITS) - 1 &&         \
               (a & ((1ull << FRACBITS) - 1)) == 0;                                            \
    }                                                                                          \
    static inline bool float##N##_is_zero(T a) { return (T)(a << 1) == 0; }                    \
    static inline bool float##N##_is_denormal(T a)                                             \
    {                                                                                          \
        return ((a >> FRACBITS) & ((1ull << EXPBITS) - 1)) == 0 &&                             \
               (a & ((1ull << FRACBITS) - 1)) != 0;                                            \
    }                                                                                          \
    static inline bool float##N##_is_neg(T a) { return (a >> (N - 1)) & 1; }                   \
    static inline T float##N##_abs(T a) { return a & (T) ~((T)1 << (N - 1)); }                 \
    static inline T float##N##_chs(T a) { return a ^ ((T)1 << (N - 1)); }

SOFTFLOAT_CLASSIFY(16, float16, 5, 10)
SOFTFLOAT_CLASSIFY(32, float32, 8, 23)
SOFTFLOAT_CLASSIFY(64, float64, 11, 52)

/*
 * x87 extended precision (FLOAT_STYLE_X86 only).  add/sub/mul/div/sqrt round
 * to s->floatx80_precision, then to the extended format's exponent range;
 * the other operations use the full 64 bits.  Unnormals and pseudo-NaNs/
 * infinities are invalid operands; pseudo-denormals are read as denormals
 * (as the host x87 does).  Two NaN operands: the quiet one, else the larger
 * significand, else the positive one.  flush_* do not apply (no DAZ/FTZ on
 * x87).
 */
floatx80 floatx80_add(floatx80 a, floatx80 b, FloatStatus *s);
floatx80 floatx80_sub(floatx80 a, floatx80 b, FloatStatus *s);
floatx80 floatx80_mul(floatx80 a, floatx80 b, FloatStatus *s);
floatx80 floatx80_div(floatx80 a, floatx80 b, FloatStatus *s);
floatx80 floatx80_sqrt(floatx80 a, FloatStatus *s);
floatx80 floatx80_round_to_int(floatx80 a, FloatStatus *s); /* FRNDINT: status mode */
FloatRelation floatx80_compare(floatx80 a, floatx80 b, FloatStatus *s);
FloatRelation floatx80_compare_quiet(floatx80 a, floatx80 b, FloatStatus *s);
floatx80 floatx80_scalbn(floatx80 a, int n, FloatStatus *s);
floatx80 float32_to_floatx80(float32 a, FloatStatus *s);
floatx80 float64_to_floatx80(float64 a, FloatStatus *s);
float32 floatx80_to_float32(floatx80 a, FloatStatus *s);
float64 floatx80_to_float64(floatx80 a, FloatStatus *s);
floatx80 int64_to_floatx80(int64_t v, FloatStatus *s);
/* FIST/FISTP: status rounding mode; out of range -> integer indefinite + invalid. */
int16_t floatx80_to_int16(floatx80 a, FloatStatus *s);
int32_t floatx80_to_int32(floatx80 a, FloatStatus *s);
int64_t floatx80_to_int64(floatx80 a, FloatStatus *s);
int64_t floatx80_to_int64_round_to_zero(floatx80 a, FloatStatus *s); /* FISTTP */
bool floatx80_is_signaling_nan(floatx80 a);
bool floatx80_is_any_nan(floatx80 a);
floatx80 floatx80_default_nan(const FloatStatus *s); /* 0xffff c000000000000000 */

/*
 * x87 transcendentals (fpu/floatx80-transcend.c): computed with about 120
 * bits internally (trigonometric argument reduction with a 256-bit pi/2)
 * and rounded once with s's rounding mode (precision control does not
 * apply), so results are within one ulp of the 64-bit significand.  NaN,
 * infinity and zero operands and invalid encodings behave as the x87
 * instructions' tables in the SDM say.  The trigonometric functions want
 * |a| < 2^63 (FSIN and friends leave larger operands alone, C2 = 1).
 *
 *   floatx80_sin, _cos, _tan      FSIN, FCOS, FPTAN (without the 1.0 push)
 *   floatx80_sincos               FSINCOS
 *   floatx80_atan2(y, x)          FPATAN: the angle of (x, y), in [-pi, pi]
 *   floatx80_yl2x(y, x)           FYL2X: y * log2(x)
 *   floatx80_yl2xp1(y, x)         FYL2XP1: y * log2(x + 1)
 *   floatx80_2xm1(a)              F2XM1: 2^a - 1 (for |a| <= 1)
 */
floatx80 floatx80_sin(floatx80 a, FloatStatus *s);
floatx80 floatx80_cos(floatx80 a, FloatStatus *s);
floatx80 floatx80_tan(floatx80 a, FloatStatus *s);
void floatx80_sincos(floatx80 a, floatx80 *sin, floatx80 *cos, FloatStatus *s);
floatx80 floatx80_atan2(floatx80 y, floatx80 x, FloatStatus *s);
floatx80 floatx80_yl2x(floatx80 y, floatx80 x, FloatStatus *s);
floatx80 floatx80_yl2xp1(floatx80 y, floatx80 x, FloatStatus *s);
floatx80 floatx80_2xm1(floatx80 a, FloatStatus *s);

#endif
