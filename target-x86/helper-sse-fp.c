/*
 * SSE, SSE2, SSE3 and SSE4.1 floating point: the helpers of insn-sse-fp.c
 * (contract in helper-sse-fp.h).  Arithmetic is soft-float in the x86
 * style with MXCSR's rounding, DAZ and FTZ; each helper computes every
 * lane into a local copy first and writes the destination only when no
 * unmasked exception occurred (SIMD FP exceptions are precise).
 */
#include <string.h>

#include "target-x86/cpu.h"
#include "target-x86/helper-sse-fp.h"

#define GLUE_(a, b) a##b
#define GLUE(a, b)  GLUE_(a, b)

/* MXCSR.RC (and ROUNDPS imm bits 0-1): nearest, down, up, toward zero. */
static const FloatRoundMode sse_round_modes[4] = {float_round_nearest_even, float_round_down,
                                                  float_round_up, float_round_to_zero};

static FloatStatus sse_status(const X86CPU *cpu)
{
    uint32_t m = cpu->mxcsr;
    return (FloatStatus){
        .style = FLOAT_STYLE_X86,
        .rounding_mode = sse_round_modes[(m >> MXCSR_RC_SHIFT) & 3],
        /* FTZ applies only while underflow is masked: unmasked, the exception comes first. */
        .flush_to_zero = (m & MXCSR_FTZ) && (m & (MXCSR_UE << 7)),
        .flush_inputs_to_zero = m & MXCSR_DAZ,
    };
}

static uint32_t mxcsr_flags(uint8_t f)
{
    static const struct {
        uint8_t soft;
        uint8_t mxcsr;
    } map[] = {
        {float_flag_invalid, MXCSR_IE},   {float_flag_denormal, MXCSR_DE},
        {float_flag_divbyzero, MXCSR_ZE}, {float_flag_overflow, MXCSR_OE},
        {float_flag_underflow, MXCSR_UE}, {float_flag_inexact, MXCSR_PE},
    };
    uint32_t r = 0;
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
        if (f & map[i].soft) {
            r |= map[i].mxcsr;
        }
    }
    return r;
}

/* The exception flag bits (IE..PE) whose exceptions MXCSR leaves unmasked. */
static uint32_t unmasked_exceptions(const X86CPU *cpu) { return ~(cpu->mxcsr >> 7) & 0x3f; }

/*
 * The MXCSR flags an instruction reports: only the pre-computation ones
 * (IE DE ZE) when one of those is unmasked, since it stops the instruction
 * before the post-computation ones (OE UE PE) are even detected.
 */
static uint32_t reported_flags(uint8_t soft_flags, uint32_t unmasked)
{
    const uint32_t pre = MXCSR_IE | MXCSR_DE | MXCSR_ZE;
    uint32_t f = mxcsr_flags(soft_flags);
    return (f & pre & unmasked) ? f & pre : f;
}

/*
 * Record an instruction's flags in MXCSR.  An unmasked one raises #XM
 * (#UD without CR4.OSXMMEXCPT) and returns false: the caller then leaves
 * its destination alone.
 */
static bool sse_commit(X86CPU *cpu, uint32_t f)
{
    cpu->mxcsr |= f;
    if (f & unmasked_exceptions(cpu)) {
        x86_raise(cpu, (cpu->cr[4] & CR4_OSXMMEXCPT) ? EXCP_XM : EXCP_UD, false, 0);
        return false;
    }
    return true;
}

static bool sse_finish(X86CPU *cpu, const FloatStatus *st)
{
    return sse_commit(cpu, reported_flags(st->flags, unmasked_exceptions(cpu)));
}

/*
 * DPPS and DPPD execute as stages (the products, then each level of sums),
 * each checking for unmasked exceptions as an instruction of its own, as
 * the host CPU shows: a stage with an unmasked exception ends the
 * instruction, so the later stages' flags (a product's denormal feeding a
 * sum) are never reported.  Adds the stage's flags to *done; false when
 * the instruction stops here.
 */
static bool dot_stage(FloatStatus *stage, uint32_t unmasked, uint32_t *done)
{
    uint32_t f = reported_flags(stage->flags, unmasked);
    stage->flags = 0;
    *done |= f;
    return !(f & unmasked);
}

/*
 * RCPPS/RSQRTPS: 1/a and 1/sqrt(a) rounded to single precision, within the
 * SDM's bound (1.5 * 2^-12) but not bit for bit a real CPU's estimate.
 * Those are tables: on the AMD EPYC (Zen 4) host the result depends only
 * on the top 12 fraction bits of a (and the exponent's parity for RSQRT)
 * and has 12 fraction bits, piecewise linear in 16-entry segments; Intel's
 * differ.  x86diff masks these results.  No flags; denormal operands read
 * as zero; tiny results flush to zero.
 */
static float32 sse_estimate(float32 a, bool rsqrt)
{
    const float64 one = 0x3ff0000000000000ull;
    FloatStatus st = {.style = FLOAT_STYLE_X86,
                      .rounding_mode = float_round_nearest_even,
                      .flush_to_zero = true};
    float32 sign = a & 0x80000000u;
    if (float32_is_any_nan(a)) {
        return float32_silence_nan(a);
    }
    if (float32_is_zero(a) || float32_is_denormal(a)) {
        return sign | 0x7f800000u;
    }
    if (rsqrt && sign) {
        return float32_default_nan(&st);
    }
    if (float32_is_infinity(a)) {
        return sign;
    }
    float64 x = float32_to_float64(a, &st);
    if (rsqrt) {
        x = float64_sqrt(x, &st);
    }
    return float64_to_float32(float64_div(one, x, &st), &st);
}

static float32 *lanes_32(const X86Vec *v) { return (float32 *)v->s; }
static float64 *lanes_64(const X86Vec *v) { return (float64 *)v->d; }

#define W     32
#define F     float32
#define LANES 4
#include "target-x86/helper-sse-fp-width.inc"
#undef W
#undef F
#undef LANES

#define W     64
#define F     float64
#define LANES 2
#include "target-x86/helper-sse-fp-width.inc"
#undef W
#undef F
#undef LANES

void helper_x86_sse_fp(void *env, void *dst, void *src, uint32_t desc)
{
    X86CPU *cpu = env;
    SseFpOp op = (SseFpOp)(desc & 0xff);
    int fmt = (desc >> 8) & 3, imm = (desc >> 16) & 0xff;
    bool dbl = fmt & 1, scalar = fmt & 2;
    FloatStatus st = sse_status(cpu);
    X86Vec res;
    memcpy(&res, dst, sizeof(res));
    if (op == SSE_DP) {
        uint32_t f = dbl ? dot_64(&res, dst, src, imm, unmasked_exceptions(cpu), &st)
                         : dot_32(&res, dst, src, imm, unmasked_exceptions(cpu), &st);
        if (sse_commit(cpu, f)) {
            memcpy(dst, &res, sizeof(res));
        }
        return;
    }
    if (dbl) {
        compute_64(&res, dst, src, op, scalar, imm, unmasked_exceptions(cpu), &st);
    } else {
        compute_32(&res, dst, src, op, scalar, imm, unmasked_exceptions(cpu), &st);
    }
    if (sse_finish(cpu, &st)) {
        memcpy(dst, &res, sizeof(res));
    }
}

/*
 * CVTPD2PS/CVTSD2SS of one lane, with the flags of an unmasked overflow or
 * underflow as for arithmetic (see lane_op): inexact only if rounding the
 * significand to 24 bits was.
 */
static float32 narrow(float64 a, uint32_t unmasked, FloatStatus *st)
{
    FloatStatus lane = *st;
    lane.flags = 0;
    float32 r = float64_to_float32(a, &lane);
    bool over = (unmasked & MXCSR_OE) && (lane.flags & float_flag_overflow);
    bool tiny = (unmasked & MXCSR_UE) &&
                ((lane.flags & float_flag_underflow) || float32_is_denormal(r));
    if (over || tiny) {
        FloatStatus wide = {.style = FLOAT_STYLE_X86,
                            .rounding_mode = st->rounding_mode,
                            .floatx80_precision = floatx80_precision_s};
        floatx80 zero = {0, 0};
        floatx80_add(float64_to_floatx80(daz_64(a, st), &wide), zero, &wide);
        lane.flags &= (uint8_t) ~(float_flag_inexact | float_flag_underflow);
        lane.flags |= (tiny ? float_flag_underflow : 0) | (wide.flags & float_flag_inexact);
    }
    st->flags |= lane.flags;
    return r;
}

/* The conversions with an MMX register (8 bytes) as source or destination. */
static bool cvt_mmx_src(SseCvtOp op) { return op == CVT_PI2PS || op == CVT_PI2PD; }

static bool cvt_mmx_dst(SseCvtOp op)
{
    return op == CVT_PS2PI || op == CVT_TPS2PI || op == CVT_PD2PI || op == CVT_TPD2PI;
}

/* r = the conversion of s. */
static void convert(SseCvtOp op, X86Vec *r, const X86Vec *s, uint32_t unmasked, FloatStatus *st)
{
    FloatRoundMode trunc = float_round_to_zero, rm = st->rounding_mode;
    switch (op) {
    case CVT_PS2PD:
        r->d[0] = float32_to_float64(s->s[0], st);
        r->d[1] = float32_to_float64(s->s[1], st);
        break;
    case CVT_PD2PS:
        r->s[0] = narrow(s->d[0], unmasked, st);
        r->s[1] = narrow(s->d[1], unmasked, st);
        r->q[1] = 0;
        break;
    case CVT_SS2SD:
        r->d[0] = float32_to_float64(s->s[0], st);
        break;
    case CVT_SD2SS:
        r->s[0] = narrow(s->d[0], unmasked, st);
        break;
    case CVT_DQ2PS:
        for (int i = 0; i < 4; i++) {
            r->s[i] = int32_to_float32_scalbn(s->sl[i], 0, st);
        }
        break;
    case CVT_PS2DQ:
    case CVT_TPS2DQ:
        for (int i = 0; i < 4; i++) {
            r->sl[i] = float32_to_int32_scalbn(s->s[i], op == CVT_PS2DQ ? rm : trunc, 0, st);
        }
        break;
    case CVT_DQ2PD:
    case CVT_PI2PD:
        r->d[0] = int32_to_float64_scalbn(s->sl[0], 0, st);
        r->d[1] = int32_to_float64_scalbn(s->sl[1], 0, st);
        break;
    case CVT_PD2DQ:
    case CVT_TPD2DQ:
        r->q[1] = 0;
        /* fall through */
    case CVT_PD2PI:
    case CVT_TPD2PI: {
        FloatRoundMode m = (op == CVT_PD2DQ || op == CVT_PD2PI) ? rm : trunc;
        r->sl[0] = float64_to_int32_scalbn(s->d[0], m, 0, st);
        r->sl[1] = float64_to_int32_scalbn(s->d[1], m, 0, st);
        break;
    }
    case CVT_PI2PS:
        r->s[0] = int32_to_float32_scalbn(s->sl[0], 0, st);
        r->s[1] = int32_to_float32_scalbn(s->sl[1], 0, st);
        break;
    case CVT_PS2PI:
    case CVT_TPS2PI: {
        FloatRoundMode m = op == CVT_PS2PI ? rm : trunc;
        r->sl[0] = float32_to_int32_scalbn(s->s[0], m, 0, st);
        r->sl[1] = float32_to_int32_scalbn(s->s[1], m, 0, st);
        break;
    }
    }
}

void helper_x86_sse_cvt(void *env, void *dst, void *src, uint32_t desc)
{
    X86CPU *cpu = env;
    SseCvtOp op = (SseCvtOp)desc;
    int src_bytes = cvt_mmx_src(op) ? 8 : 16, dst_bytes = cvt_mmx_dst(op) ? 8 : 16;
    FloatStatus st = sse_status(cpu);
    X86Vec s = {0}, r = {0};
    memcpy(&s, src, src_bytes);
    memcpy(&r, dst, dst_bytes);
    convert(op, &r, &s, unmasked_exceptions(cpu), &st);
    if (!sse_finish(cpu, &st)) {
        return;
    }
    memcpy(dst, &r, dst_bytes);
    if (dst_bytes == 8) {
        /* Writing an MMX register sets the exponent of its x87 register to all ones. */
        ((X86FPReg *)dst)->d.sign_exp = 0xffff;
    }
}

uint64_t helper_x86_sse_cvt_to_int(void *env, void *src, uint32_t desc)
{
    X86CPU *cpu = env;
    const X86Vec *v = src;
    bool dbl = desc & 1, is64 = desc & 4;
    FloatStatus st = sse_status(cpu);
    FloatRoundMode m = (desc & 2) ? float_round_to_zero : st.rounding_mode;
    uint64_t r;
    if (is64) {
        r = (uint64_t)(dbl ? float64_to_int64_scalbn(v->d[0], m, 0, &st)
                           : float32_to_int64_scalbn(v->s[0], m, 0, &st));
    } else {
        r = (uint32_t)(dbl ? float64_to_int32_scalbn(v->d[0], m, 0, &st)
                           : float32_to_int32_scalbn(v->s[0], m, 0, &st));
    }
    return sse_finish(cpu, &st) ? r : 0;
}

void helper_x86_sse_cvt_from_int(void *env, void *dst, uint64_t val, uint32_t desc)
{
    X86CPU *cpu = env;
    X86Vec *v = dst;
    bool dbl = desc & 1;
    int64_t i = (desc & 4) ? (int64_t)val : (int32_t)val;
    FloatStatus st = sse_status(cpu);
    float64 d = 0;
    float32 s = 0;
    if (dbl) {
        d = int64_to_float64_scalbn(i, 0, &st);
    } else {
        s = int64_to_float32_scalbn(i, 0, &st);
    }
    if (!sse_finish(cpu, &st)) {
        return;
    }
    if (dbl) {
        v->d[0] = d;
    } else {
        v->s[0] = s;
    }
}

uint64_t helper_x86_sse_comi(void *env, void *a, void *b, uint32_t desc)
{
    X86CPU *cpu = env;
    const X86Vec *x = a, *y = b;
    bool dbl = desc & 1, quiet = desc & 2;
    FloatStatus st = sse_status(cpu);
    FloatRelation r;
    if (dbl) {
        r = quiet ? float64_compare_quiet(x->d[0], y->d[0], &st)
                  : float64_compare(x->d[0], y->d[0], &st);
    } else {
        r = quiet ? float32_compare_quiet(x->s[0], y->s[0], &st)
                  : float32_compare(x->s[0], y->s[0], &st);
    }
    if (!sse_finish(cpu, &st)) {
        return 0;
    }
    switch (r) {
    case float_relation_less:
        return CC_C;
    case float_relation_equal:
        return CC_Z;
    case float_relation_greater:
        return 0;
    default:
        return CC_Z | CC_P | CC_C;
    }
}

uint64_t helper_x86_sse_movmsk(void *src, uint32_t dbl)
{
    const X86Vec *v = src;
    uint64_t r = 0;
    for (int i = 0; i < (dbl ? 2 : 4); i++) {
        r |= (dbl ? v->q[i] >> 63 : v->l[i] >> 31) << i;
    }
    return r;
}

void helper_x86_ldmxcsr(void *env, uint64_t val)
{
    X86CPU *cpu = env;
    if (val & ~(uint64_t)MXCSR_MASK) {
        x86_raise(cpu, EXCP_GP, true, 0);
        return;
    }
    cpu->mxcsr = (uint32_t)val;
}

/* BLENDPS/PD take lane i where imm bit i is set, BLENDVPS/PD where XMM0's lane is negative. */
static bool blend_takes(SsePermOp op, bool xmm0_negative, int imm, int i)
{
    return (op == PERM_BLENDVPS || op == PERM_BLENDVPD) ? xmm0_negative : (imm >> i) & 1;
}

/* ANDPS ANDNPS ORPS XORPS (and the PD forms): d op s, ANDN inverting d. */
static uint64_t bitwise(SsePermOp op, uint64_t d, uint64_t s)
{
    switch (op) {
    case PERM_AND:
        return d & s;
    case PERM_ANDN:
        return ~d & s;
    case PERM_OR:
        return d | s;
    default:
        return d ^ s;
    }
}

/* Lane i of the result comes from lane src_lane[i] of d (0-3) or s (4-7). */
static void pick32(X86Vec *r, const X86Vec *d, const X86Vec *s, const int src_lane[4])
{
    for (int i = 0; i < 4; i++) {
        r->l[i] = src_lane[i] < 4 ? d->l[src_lane[i]] : s->l[src_lane[i] - 4];
    }
}

void helper_x86_sse_perm(void *env, void *dst, void *src, uint32_t desc)
{
    const X86CPU *cpu = env;
    const X86Vec *d = dst, *s = src;
    int imm = (desc >> 8) & 0xff;
    X86Vec r = *d;
    switch ((SsePermOp)(desc & 0xff)) {
    case PERM_UNPCKLPS:
        pick32(&r, d, s, (const int[4]){0, 4, 1, 5});
        break;
    case PERM_UNPCKHPS:
        pick32(&r, d, s, (const int[4]){2, 6, 3, 7});
        break;
    case PERM_UNPCKLPD:
        r.q[1] = s->q[0];
        break;
    case PERM_UNPCKHPD:
        r.q[0] = d->q[1];
        r.q[1] = s->q[1];
        break;
    case PERM_SHUFPS:
        pick32(&r, d, s,
               (const int[4]){imm & 3, (imm >> 2) & 3, 4 + ((imm >> 4) & 3), 4 + (imm >> 6)});
        break;
    case PERM_SHUFPD:
        r.q[0] = d->q[imm & 1];
        r.q[1] = s->q[(imm >> 1) & 1];
        break;
    case PERM_MOVSLDUP:
        pick32(&r, d, s, (const int[4]){4, 4, 6, 6});
        break;
    case PERM_MOVSHDUP:
        pick32(&r, d, s, (const int[4]){5, 5, 7, 7});
        break;
    case PERM_MOVDDUP:
        r.q[0] = r.q[1] = s->q[0];
        break;
    case PERM_BLENDPS:
    case PERM_BLENDVPS:
        for (int i = 0; i < 4; i++) {
            bool take = blend_takes((SsePermOp)(desc & 0xff), cpu->xmm[0].l[i] >> 31, imm, i);
            r.l[i] = take ? s->l[i] : d->l[i];
        }
        break;
    case PERM_BLENDPD:
    case PERM_BLENDVPD:
        for (int i = 0; i < 2; i++) {
            bool take = blend_takes((SsePermOp)(desc & 0xff), cpu->xmm[0].q[i] >> 63, imm, i);
            r.q[i] = take ? s->q[i] : d->q[i];
        }
        break;
    case PERM_INSERTPS:
        r.l[(imm >> 4) & 3] = s->l[imm >> 6];
        for (int i = 0; i < 4; i++) {
            if ((imm >> i) & 1) {
                r.l[i] = 0;
            }
        }
        break;
    case PERM_AND:
    case PERM_ANDN:
    case PERM_OR:
    case PERM_XOR:
        for (int i = 0; i < 2; i++) {
            r.q[i] = bitwise((SsePermOp)(desc & 0xff), d->q[i], s->q[i]);
        }
        break;
    }
    memcpy(dst, &r, sizeof(r));
}
