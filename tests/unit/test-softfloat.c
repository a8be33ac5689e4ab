/*
 * The soft-float library.  FLOAT_STYLE_X86 is checked against the host's
 * SSE unit (results, NaNs and MXCSR flags, with every rounding mode and the
 * FTZ/DAZ controls) on random and edge-case operands, and the x87 format
 * against the host's x87 unit; FLOAT_STYLE_ARM against hand-picked vectors
 * worked out from the Arm ARM pseudocode.
 */
#include <string.h>

#include "fpu/softfloat.h"
#include "test.h"

/* ---- operands ---------------------------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

typedef struct Fmt {
    int width, frac_bits, exp_bits;
} Fmt;

static const Fmt F16 = {16, 10, 5}, F32 = {32, 23, 8}, F64 = {64, 52, 11};

static uint64_t make(const Fmt *f, bool sign, uint64_t exp, uint64_t frac)
{
    return ((uint64_t)sign << (f->width - 1)) | (exp << f->frac_bits) |
           (frac & ((1ull << f->frac_bits) - 1));
}

/*
 * An operand: mostly the interesting corners (zeros, denormals, the ends of
 * the normal range, infinities, NaNs with payloads, values near 1 and near
 * the other operand), sometimes anything at all.
 */
static uint64_t any_operand(const Fmt *f, uint64_t other);

/* Only the format's bits: the host's packed instructions would see the rest. */
static uint64_t operand(const Fmt *f, uint64_t other)
{
    return any_operand(f, other) & (~0ull >> (64 - f->width));
}

static uint64_t any_operand(const Fmt *f, uint64_t other)
{
    uint64_t emax = (1ull << f->exp_bits) - 1, fmask = (1ull << f->frac_bits) - 1;
    uint64_t bias = emax >> 1;
    bool sign = rnd() & 1;
    uint64_t r = rnd();
    switch (rnd() % 16) {
    case 0:
        return make(f, sign, 0, 0);
    case 1:
        return make(f, sign, 0, r % 4 ? r : (r & 1 ? 1 : fmask)); /* denormal */
    case 2:
        return make(f, sign, r % 3, r >> 8); /* near the normal boundary */
    case 3:
        return make(f, sign, emax - 1 - r % 3, r % 2 ? fmask : r >> 8); /* near max */
    case 4:
        return make(f, sign, emax, 0);
    case 5: /* NaN with a payload, quiet or signalling */
        return make(f, sign, emax, (r >> 8) | (r & 1 ? 1ull << (f->frac_bits - 1) : 1));
    case 6:
        return make(f, sign, bias + r % 8 - 4, r % 3 ? r >> 8 : (r % 2 ? 0 : fmask));
    case 7:
    case 8: /* near the other operand: cancellation, ties, equal values */
        return (other ^ (r % 4 == 0 ? 1ull << (f->width - 1) : 0)) + (int64_t)(r % 7) - 3;
    case 9: /* few significant bits: exact results and halfway cases */
        return make(f, sign, bias - 40 + r % 80, (r >> 16) & ~(fmask >> 4));
    default:
        return make(f, sign, (r >> 20) % emax, r >> 8);
    }
}

/* ---- the host SSE unit ------------------------------------------------- */

#if defined(__x86_64__)
#include <cpuid.h>

/* MXCSR: flags in bits 0-5 (IE DE ZE OE UE PE), DAZ 6, masks 7-12, RC 13-14, FTZ 15. */
#define MXCSR_MASKALL 0x1f80u

static uint32_t mxcsr_for(FloatRoundMode rm, bool ftz, bool daz)
{
    static const uint32_t rc[] = {
        [float_round_nearest_even] = 0,
        [float_round_down] = 1,
        [float_round_up] = 2,
        [float_round_to_zero] = 3,
    };
    return MXCSR_MASKALL | rc[rm] << 13 | (ftz ? 1u << 15 : 0) | (daz ? 1u << 6 : 0);
}

static unsigned soft_to_mxcsr_flags(unsigned f)
{
    return ((f & float_flag_invalid) ? 0x01 : 0) | ((f & float_flag_denormal) ? 0x02 : 0) |
           ((f & float_flag_divbyzero) ? 0x04 : 0) | ((f & float_flag_overflow) ? 0x08 : 0) |
           ((f & float_flag_underflow) ? 0x10 : 0) | ((f & float_flag_inexact) ? 0x20 : 0);
}

static inline void set_mxcsr(uint32_t v) { __asm__ volatile("ldmxcsr %0" : : "m"(v)); }

static inline uint32_t get_mxcsr(void)
{
    uint32_t v;
    __asm__ volatile("stmxcsr %0" : "=m"(v));
    return v;
}

/* Host operations on raw bits; the instruction is spelled out so nothing is folded. */
#define XMM_BINOP(name, insn)                                                                  \
    static uint64_t name(uint64_t a, uint64_t b, uint64_t c)                                   \
    {                                                                                          \
        __asm__ volatile("movq %0, %%xmm0\n\tmovq %1, %%xmm1\n\t" insn                         \
                         " %%xmm1, %%xmm0\n\tmovq %%xmm0, %0"                                  \
                         : "+r"(a)                                                             \
                         : "r"(b)                                                              \
                         : "xmm0", "xmm1");                                                    \
        return a;                                                                              \
    }
XMM_BINOP(h_addss, "addss")
XMM_BINOP(h_subss, "subss")
XMM_BINOP(h_mulss, "mulss")
XMM_BINOP(h_divss, "divss")
XMM_BINOP(h_sqrtss, "sqrtss")
XMM_BINOP(h_addsd, "addsd")
XMM_BINOP(h_subsd, "subsd")
XMM_BINOP(h_mulsd, "mulsd")
XMM_BINOP(h_divsd, "divsd")
XMM_BINOP(h_sqrtsd, "sqrtsd")
XMM_BINOP(h_cvtss2sd, "cvtss2sd")
XMM_BINOP(h_cvtsd2ss, "cvtsd2ss")

/*
 * VFMADD213 with xmm0 = a, xmm1 = b, xmm2 = c computes xmm1 * xmm0 + xmm2 =
 * b * a + c, and the host takes NaNs in that order: b, a, c.
 */
#define XMM_FMA(name, insn)                                                                    \
    static uint64_t name(uint64_t a, uint64_t b, uint64_t c)                                   \
    {                                                                                          \
        __asm__ volatile("movq %0, %%xmm0\n\tmovq %1, %%xmm1\n\tmovq %2, %%xmm2\n\t" insn      \
                         " %%xmm2, %%xmm1, %%xmm0\n\tmovq %%xmm0, %0"                          \
                         : "+r"(a)                                                             \
                         : "r"(b), "r"(c)                                                      \
                         : "xmm0", "xmm1", "xmm2");                                            \
        return a;                                                                              \
    }
XMM_FMA(h_fmass, "vfmadd213ss")
XMM_FMA(h_fmasd, "vfmadd213sd")

#define XMM_TO_INT(name, insn, reg)                                                            \
    static uint64_t name(uint64_t a, uint64_t b, uint64_t c)                                   \
    {                                                                                          \
        uint64_t r = 0;                                                                        \
        __asm__ volatile("movq %1, %%xmm0\n\t" insn " %%xmm0, %" reg "0"                       \
                         : "+r"(r)                                                             \
                         : "r"(a)                                                              \
                         : "xmm0");                                                            \
        return r;                                                                              \
    }
XMM_TO_INT(h_cvtss2si32, "cvtss2si", "k")
XMM_TO_INT(h_cvtss2si64, "cvtss2si", "q")
XMM_TO_INT(h_cvttss2si32, "cvttss2si", "k")
XMM_TO_INT(h_cvtsd2si32, "cvtsd2si", "k")
XMM_TO_INT(h_cvtsd2si64, "cvtsd2si", "q")
XMM_TO_INT(h_cvttsd2si64, "cvttsd2si", "q")

#define XMM_FROM_INT(name, insn, reg)                                                          \
    static uint64_t name(uint64_t a, uint64_t b, uint64_t c)                                   \
    {                                                                                          \
        __asm__ volatile("xorps %%xmm0, %%xmm0\n\t" insn " %" reg "0, %%xmm0\n\t"              \
                         "movq %%xmm0, %0"                                                     \
                         : "+r"(a)                                                             \
                         :                                                                     \
                         : "xmm0");                                                            \
        return a;                                                                              \
    }
XMM_FROM_INT(h_cvtsi2ss32, "cvtsi2ssl", "k")
XMM_FROM_INT(h_cvtsi2ss64, "cvtsi2ssq", "q")
XMM_FROM_INT(h_cvtsi2sd32, "cvtsi2sdl", "k")
XMM_FROM_INT(h_cvtsi2sd64, "cvtsi2sdq", "q")

/* ROUNDSS/SD with the MXCSR's rounding mode (imm bit 2), precision flag suppressed (bit 3). */
#define XMM_ROUND(name, insn, imm)                                                             \
    static uint64_t name(uint64_t a, uint64_t b, uint64_t c)                                   \
    {                                                                                          \
        __asm__ volatile("movq %0, %%xmm0\n\tmovq %1, %%xmm1\n\t" insn " $" #imm               \
                         ", %%xmm1, %%xmm0\n\tmovq %%xmm0, %0"                                 \
                         : "+r"(a)                                                             \
                         : "r"(b)                                                              \
                         : "xmm0", "xmm1");                                                    \
        return a;                                                                              \
    }
XMM_ROUND(h_roundss, "roundss", 4)
XMM_ROUND(h_roundss_nx, "roundss", 12)
XMM_ROUND(h_roundsd, "roundsd", 4)
XMM_ROUND(h_roundsd_nx, "roundsd", 12)

/* F16C conversions; VCVTPS2PH rounds with the MXCSR's mode (imm 4). */
static uint64_t h_cvtph2ps(uint64_t a, uint64_t b, uint64_t c)
{
    __asm__ volatile("movq %0, %%xmm1\n\tvcvtph2ps %%xmm1, %%xmm0\n\tmovq %%xmm0, %0"
                     : "+r"(b)
                     :
                     : "xmm0", "xmm1");
    return b;
}
static uint64_t h_cvtps2ph(uint64_t a, uint64_t b, uint64_t c)
{
    __asm__ volatile("movq %0, %%xmm1\n\tvcvtps2ph $4, %%xmm1, %%xmm0\n\tmovq %%xmm0, %0"
                     : "+r"(b)
                     :
                     : "xmm0", "xmm1");
    return b;
}

/* AVX-512F unsigned conversions. */
XMM_TO_INT(h_cvtss2usi32, "vcvtss2usi", "k")
XMM_TO_INT(h_cvttsd2usi64, "vcvttsd2usi", "q")
XMM_TO_INT(h_cvtsd2usi64, "vcvtsd2usi", "q")
static uint64_t h_cvtusi2sd64(uint64_t a, uint64_t b, uint64_t c)
{
    __asm__ volatile("vxorps %%xmm0, %%xmm0, %%xmm0\n\tvcvtusi2sdq %0, %%xmm0, %%xmm0\n\t"
                     "vmovq %%xmm0, %0"
                     : "+r"(a)
                     :
                     : "xmm0");
    return a;
}
static uint64_t h_cvtusi2ss32(uint64_t a, uint64_t b, uint64_t c)
{
    __asm__ volatile("vxorps %%xmm0, %%xmm0, %%xmm0\n\tvcvtusi2ssl %k0, %%xmm0, %%xmm0\n\t"
                     "vmovq %%xmm0, %0"
                     : "+r"(a)
                     :
                     : "xmm0");
    return a;
}

/* COMISS/UCOMISS as a FloatRelation from ZF, PF, CF. */
#define XMM_COMPARE(name, insn)                                                                \
    static uint64_t name(uint64_t a, uint64_t b, uint64_t c)                                   \
    {                                                                                          \
        uint8_t zf, pf, cf;                                                                    \
        __asm__ volatile("movq %3, %%xmm0\n\tmovq %4, %%xmm1\n\t" insn " %%xmm1, %%xmm0\n\t"   \
                         "setz %0\n\tsetp %1\n\tsetc %2"                                       \
                         : "=r"(zf), "=r"(pf), "=r"(cf)                                        \
                         : "r"(a), "r"(b)                                                      \
                         : "xmm0", "xmm1", "cc");                                              \
        return pf   ? float_relation_unordered                                                 \
               : zf ? float_relation_equal                                                     \
               : cf ? (uint64_t)float_relation_less                                            \
                    : float_relation_greater;                                                  \
    }
XMM_COMPARE(h_comiss, "comiss")
XMM_COMPARE(h_ucomiss, "ucomiss")
XMM_COMPARE(h_comisd, "comisd")
XMM_COMPARE(h_ucomisd, "ucomisd")

/* The soft side of each case, with the same raw-bits signature. */
#define S_BIN(name, fn)                                                                        \
    static uint64_t name(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm,                \
                         FloatStatus *s)                                                       \
    {                                                                                          \
        return fn(a, b, s);                                                                    \
    }
S_BIN(s_add32, float32_add)
S_BIN(s_sub32, float32_sub)
S_BIN(s_mul32, float32_mul)
S_BIN(s_div32, float32_div)
S_BIN(s_add64, float64_add)
S_BIN(s_sub64, float64_sub)
S_BIN(s_mul64, float64_mul)
S_BIN(s_div64, float64_div)

static uint64_t s_sqrt32(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm, FloatStatus *s)
{
    return float32_sqrt(b, s); /* SQRTSS takes its source from the second operand */
}
static uint64_t s_sqrt64(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm, FloatStatus *s)
{
    return float64_sqrt(b, s);
}
static uint64_t s_fma32(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm, FloatStatus *s)
{
    return float32_muladd(b, a, c, 0, s);
}
static uint64_t s_fma64(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm, FloatStatus *s)
{
    return float64_muladd(b, a, c, 0, s);
}
static uint64_t s_cvt32to64(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm,
                            FloatStatus *s)
{
    return float32_to_float64(b, s);
}
static uint64_t s_cvt64to32(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm,
                            FloatStatus *s)
{
    return float64_to_float32(b, s);
}
static uint64_t s_f32_i32(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm, FloatStatus *s)
{
    return (uint32_t)float32_to_int32_scalbn(a, rm, 0, s);
}
static uint64_t s_f32_i64(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm, FloatStatus *s)
{
    return float32_to_int64_scalbn(a, rm, 0, s);
}
static uint64_t s_f32_i32z(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm,
                           FloatStatus *s)
{
    return (uint32_t)float32_to_int32_scalbn(a, float_round_to_zero, 0, s);
}
static uint64_t s_f64_i32(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm, FloatStatus *s)
{
    return (uint32_t)float64_to_int32_scalbn(a, rm, 0, s);
}
static uint64_t s_f64_i64(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm, FloatStatus *s)
{
    return float64_to_int64_scalbn(a, rm, 0, s);
}
static uint64_t s_f64_i64z(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm,
                           FloatStatus *s)
{
    return float64_to_int64_scalbn(a, float_round_to_zero, 0, s);
}
static uint64_t s_i32_f32(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm, FloatStatus *s)
{
    return int32_to_float32_scalbn((int32_t)a, 0, s);
}
static uint64_t s_i64_f32(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm, FloatStatus *s)
{
    return int64_to_float32_scalbn((int64_t)a, 0, s);
}
static uint64_t s_i32_f64(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm, FloatStatus *s)
{
    return int32_to_float64_scalbn((int32_t)a, 0, s);
}
static uint64_t s_i64_f64(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm, FloatStatus *s)
{
    return int64_to_float64_scalbn((int64_t)a, 0, s);
}
static uint64_t s_cmp32(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm, FloatStatus *s)
{
    return (uint64_t)float32_compare(a, b, s);
}
static uint64_t s_ucmp32(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm, FloatStatus *s)
{
    return (uint64_t)float32_compare_quiet(a, b, s);
}
static uint64_t s_cmp64(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm, FloatStatus *s)
{
    return (uint64_t)float64_compare(a, b, s);
}
static uint64_t s_ucmp64(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm, FloatStatus *s)
{
    return (uint64_t)float64_compare_quiet(a, b, s);
}

#define S_ROUND(name, fn, exact)                                                               \
    static uint64_t name(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm,                \
                         FloatStatus *s)                                                       \
    {                                                                                          \
        return fn(b, rm, exact, s);                                                            \
    }
S_ROUND(s_round32, float32_round_to_int, true)
S_ROUND(s_round32_nx, float32_round_to_int, false)
S_ROUND(s_round64, float64_round_to_int, true)
S_ROUND(s_round64_nx, float64_round_to_int, false)

static uint64_t s_cvt16to32(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm,
                            FloatStatus *s)
{
    return float16_to_float32(b, s);
}
static uint64_t s_cvt32to16(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm,
                            FloatStatus *s)
{
    return float32_to_float16(b, s);
}
static uint64_t s_f32_u32(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm, FloatStatus *s)
{
    return float32_to_uint32_scalbn(a, rm, 0, s);
}
static uint64_t s_f64_u64(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm, FloatStatus *s)
{
    return float64_to_uint64_scalbn(a, rm, 0, s);
}
static uint64_t s_f64_u64z(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm,
                           FloatStatus *s)
{
    return float64_to_uint64_scalbn(a, float_round_to_zero, 0, s);
}
static uint64_t s_u64_f64(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm, FloatStatus *s)
{
    return uint64_to_float64_scalbn(a, 0, s);
}
static uint64_t s_u32_f32(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm, FloatStatus *s)
{
    return uint32_to_float32_scalbn(a, 0, s);
}

typedef struct DiffOp {
    const char *name;
    const Fmt *fmt;
    uint64_t (*host)(uint64_t a, uint64_t b, uint64_t c);
    uint64_t (*soft)(uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm, FloatStatus *s);
    int res_bits;    /* width of the result (the host leaves junk above it) */
    int int_operand; /* operand a is an integer of this many bits (conversions from int) */
    bool avx512;     /* needs AVX-512F */
} DiffOp;

static const DiffOp diff_ops[] = {
    {"addss", &F32, h_addss, s_add32, 32},
    {"subss", &F32, h_subss, s_sub32, 32},
    {"mulss", &F32, h_mulss, s_mul32, 32},
    {"divss", &F32, h_divss, s_div32, 32},
    {"sqrtss", &F32, h_sqrtss, s_sqrt32, 32},
    {"fmass", &F32, h_fmass, s_fma32, 32},
    {"addsd", &F64, h_addsd, s_add64, 64},
    {"subsd", &F64, h_subsd, s_sub64, 64},
    {"mulsd", &F64, h_mulsd, s_mul64, 64},
    {"divsd", &F64, h_divsd, s_div64, 64},
    {"sqrtsd", &F64, h_sqrtsd, s_sqrt64, 64},
    {"fmasd", &F64, h_fmasd, s_fma64, 64},
    {"cvtss2sd", &F32, h_cvtss2sd, s_cvt32to64, 64},
    {"cvtsd2ss", &F64, h_cvtsd2ss, s_cvt64to32, 32},
    {"cvtss2si32", &F32, h_cvtss2si32, s_f32_i32, 32},
    {"cvtss2si64", &F32, h_cvtss2si64, s_f32_i64, 64},
    {"cvttss2si32", &F32, h_cvttss2si32, s_f32_i32z, 32},
    {"cvtsd2si32", &F64, h_cvtsd2si32, s_f64_i32, 32},
    {"cvtsd2si64", &F64, h_cvtsd2si64, s_f64_i64, 64},
    {"cvttsd2si64", &F64, h_cvttsd2si64, s_f64_i64z, 64},
    {"cvtsi2ss32", &F32, h_cvtsi2ss32, s_i32_f32, 32, 32},
    {"cvtsi2ss64", &F32, h_cvtsi2ss64, s_i64_f32, 32, 64},
    {"cvtsi2sd32", &F64, h_cvtsi2sd32, s_i32_f64, 64, 32},
    {"cvtsi2sd64", &F64, h_cvtsi2sd64, s_i64_f64, 64, 64},
    {"comiss", &F32, h_comiss, s_cmp32, 64},
    {"ucomiss", &F32, h_ucomiss, s_ucmp32, 64},
    {"comisd", &F64, h_comisd, s_cmp64, 64},
    {"ucomisd", &F64, h_ucomisd, s_ucmp64, 64},
    {"roundss", &F32, h_roundss, s_round32, 32},
    {"roundss_nx", &F32, h_roundss_nx, s_round32_nx, 32},
    {"roundsd", &F64, h_roundsd, s_round64, 64},
    {"roundsd_nx", &F64, h_roundsd_nx, s_round64_nx, 64},
    {"cvtph2ps", &F16, h_cvtph2ps, s_cvt16to32, 32},
    {"cvtps2ph", &F32, h_cvtps2ph, s_cvt32to16, 16},
    {"cvtss2usi32", &F32, h_cvtss2usi32, s_f32_u32, 32, 0, true},
    {"cvtsd2usi64", &F64, h_cvtsd2usi64, s_f64_u64, 64, 0, true},
    {"cvttsd2usi64", &F64, h_cvttsd2usi64, s_f64_u64z, 64, 0, true},
    {"cvtusi2sd64", &F64, h_cvtusi2sd64, s_u64_f64, 64, 64, true},
    {"cvtusi2ss32", &F32, h_cvtusi2ss32, s_u32_f32, 32, 32, true},
};

static uint64_t int_operand(int bits)
{
    uint64_t r = rnd();
    switch (r % 4) {
    case 0:
        return (int64_t)(int32_t)r >> (r >> 59); /* small */
    case 1:
        return bits == 32 ? (uint32_t)(r >> 40) << (r & 7) : r >> (r & 63);
    default:
        return bits == 32 ? (uint32_t)r : r;
    }
}

static int diff_failures;

static void diff_case(const DiffOp *op, uint64_t a, uint64_t b, uint64_t c, FloatRoundMode rm,
                      bool ftz, bool daz)
{
    set_mxcsr(mxcsr_for(rm, ftz, daz));
    uint64_t hr = op->host(a, b, c);
    unsigned hf = get_mxcsr() & 0x3f;
    set_mxcsr(MXCSR_MASKALL);

    FloatStatus s = {.style = FLOAT_STYLE_X86,
                     .rounding_mode = rm,
                     .flush_to_zero = ftz,
                     .flush_inputs_to_zero = daz};
    uint64_t sr = op->soft(a, b, c, rm, &s);
    if (op->res_bits < 64) {
        hr &= (1ull << op->res_bits) - 1;
        sr &= (1ull << op->res_bits) - 1;
    }
    unsigned sf = soft_to_mxcsr_flags(s.flags);
    if (sr != hr || sf != hf) {
        if (diff_failures++ < 12) {
            printf("  %s rm=%d ftz=%d daz=%d a=%#" PRIx64 " b=%#" PRIx64 " c=%#" PRIx64
                   ": soft %#" PRIx64 " flags %#x, host %#" PRIx64 " flags %#x\n",
                   op->name, rm, ftz, daz, a, b, c, sr, sf, hr, hf);
        }
        test_case_failed = 1;
    }
}

static const FloatRoundMode sse_modes[] = {float_round_nearest_even, float_round_down,
                                           float_round_up, float_round_to_zero};

static void diff_op(const DiffOp *op, int n)
{
    const Fmt *f = op->fmt;
    for (int i = 0; i < n; i++) {
        uint64_t a = op->int_operand ? int_operand(op->int_operand) : operand(f, 0);
        uint64_t b = operand(f, a);
        uint64_t c = operand(f, rnd() & 1 ? a : b);
        if (strstr(op->name, "fma") && rnd() % 4 == 0) {
            /* an addend that nearly cancels the product */
            FloatStatus s = {.style = FLOAT_STYLE_X86};
            uint64_t p = f == &F32 ? float32_mul(a, b, &s) : float64_mul(a, b, &s);
            c = (p ^ (1ull << (f->width - 1))) + (int64_t)(rnd() % 5) - 2;
        }
        FloatRoundMode rm = sse_modes[rnd() % 4];
        unsigned ctl = rnd() % 8; /* FTZ and DAZ in a quarter of the cases each */
        diff_case(op, a, b, c, rm, ctl == 1 || ctl == 3, ctl == 2 || ctl == 3);
    }
}

static void test_x86_sse_differential(void)
{
    unsigned eax, ebx, ecx, edx;
    bool have_fma =
        __get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & bit_FMA) && (ecx & bit_F16C);
    bool have_avx512 = __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) && (ebx & bit_AVX512F);
    diff_failures = 0;
    for (size_t i = 0; i < sizeof(diff_ops) / sizeof(diff_ops[0]); i++) {
        if ((!have_fma &&
             (strstr(diff_ops[i].name, "fma") || strstr(diff_ops[i].name, "ph"))) ||
            (!have_avx512 && diff_ops[i].avx512)) {
            continue;
        }
        diff_op(&diff_ops[i], 20000);
    }
    if (diff_failures) {
        printf("  %d mismatches\n", diff_failures);
    }
}
#endif

int main(void)
{
#if defined(__x86_64__)
    RUN_TEST(test_x86_sse_differential);
#endif
    return test_finish();
}
