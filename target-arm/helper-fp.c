/*
 * Run-time helpers of the A64 scalar floating-point instructions (declared
 * in helper-fp.h): soft-float under the FPCR's rounding mode, FZ and DN,
 * with the exceptions OR-ed into FPSR.
 */
#include "target-arm/helper-fp.h"

#include <stdatomic.h>

#include "target-arm/fpstatus.h"
#include "util/log.h"

/* FNMUL negates the rounded product, a NaN result included. */
#define FP_NMUL(N)                                                                             \
    static float##N float##N##_nmul(float##N a, float##N b, FloatStatus *s)                    \
    {                                                                                          \
        return float##N##_chs(float##N##_mul(a, b, s));                                        \
    }
FP_NMUL(32)
FP_NMUL(64)

#define FP2_TABLE(N)                                                                           \
    [FP2_MUL] = float##N##_mul, [FP2_DIV] = float##N##_div, [FP2_ADD] = float##N##_add,        \
    [FP2_SUB] = float##N##_sub, [FP2_MAX] = float##N##_max, [FP2_MIN] = float##N##_min,        \
    [FP2_MAXNM] = float##N##_maxnum, [FP2_MINNM] = float##N##_minnum,                          \
    [FP2_NMUL] = float##N##_nmul

static float32 (*const fp2_ops32[])(float32, float32, FloatStatus *) = {FP2_TABLE(32)};
static float64 (*const fp2_ops64[])(float64, float64, FloatStatus *) = {FP2_TABLE(64)};

/* The status for an S or D operation; helpers commit its flags when done. */
static FloatStatus fp_status(ARMCPU *cpu) { return arm_fpstatus(cpu, false); }

static uint64_t fp_finish(ARMCPU *cpu, const FloatStatus *st, uint64_t result)
{
    arm_fpstatus_commit(cpu, st);
    return result;
}

uint64_t helper_fp2(void *env, uint64_t a, uint64_t b, uint32_t desc)
{
    FloatStatus st = fp_status(env);
    unsigned op = fp_desc_op(desc);
    uint64_t r = fp_desc_esz(desc) == FP_ESZ_D ? fp2_ops64[op](a, b, &st)
                                               : fp2_ops32[op]((float32)a, (float32)b, &st);
    return fp_finish(env, &st, r);
}

uint64_t helper_fp_muladd(void *env, uint64_t a, uint64_t b, uint64_t c, uint32_t desc)
{
    FloatStatus st = fp_status(env);
    uint64_t r = fp_desc_esz(desc) == FP_ESZ_D
                     ? float64_muladd(a, b, c, 0, &st)
                     : float32_muladd((float32)a, (float32)b, (float32)c, 0, &st);
    return fp_finish(env, &st, r);
}

uint64_t helper_fp_sqrt(void *env, uint64_t a, uint32_t desc)
{
    FloatStatus st = fp_status(env);
    uint64_t r =
        fp_desc_esz(desc) == FP_ESZ_D ? float64_sqrt(a, &st) : float32_sqrt((float32)a, &st);
    return fp_finish(env, &st, r);
}

/* The rounding mode an operation names (FP_ROUND_FPCR: the status's). */
static FloatRoundMode op_round_mode(unsigned op, const FloatStatus *st)
{
    unsigned mode = op & 7;
    return mode == FP_ROUND_FPCR ? st->rounding_mode : (FloatRoundMode)mode;
}

uint64_t helper_fp_rint(void *env, uint64_t a, uint32_t desc)
{
    FloatStatus st = fp_status(env);
    unsigned op = fp_desc_op(desc);
    FloatRoundMode mode = op_round_mode(op, &st);
    bool exact = (op & FP_ROUND_EXACT) != 0;
    uint64_t r = fp_desc_esz(desc) == FP_ESZ_D
                     ? float64_round_to_int(a, mode, exact, &st)
                     : float32_round_to_int((float32)a, mode, exact, &st);
    return fp_finish(env, &st, r);
}

/*
 * FPCR.AHP asks for the alternative half-precision format, which gemu does
 * not implement: convert as IEEE, and say so once.
 */
static void check_ahp(const ARMCPU *cpu)
{
    static atomic_bool reported;
    if ((cpu->sys.fpcr & FPCR_AHP) && !atomic_exchange(&reported, true)) {
        log_mask_printf(LOG_UNIMP, "FPCR.AHP = 1 is not implemented: FCVT uses IEEE half "
                                   "precision\n");
    }
}

/* FCVT.  The half side is never flushed (softfloat.h): FZ16 does not apply. */
uint64_t helper_fp_fcvt(void *env, uint64_t a, uint32_t desc)
{
    FloatStatus st = fp_status(env);
    int from = fp_desc_esz(desc), to = fp_desc_esz2(desc);
    uint64_t r;

    if (from == FP_ESZ_H || to == FP_ESZ_H) {
        check_ahp(env);
    }
    switch (from * 4 + to) {
    case FP_ESZ_H * 4 + FP_ESZ_S:
        r = float16_to_float32((float16)a, &st);
        break;
    case FP_ESZ_H * 4 + FP_ESZ_D:
        r = float16_to_float64((float16)a, &st);
        break;
    case FP_ESZ_S * 4 + FP_ESZ_H:
        r = float32_to_float16((float32)a, &st);
        break;
    case FP_ESZ_S * 4 + FP_ESZ_D:
        r = float32_to_float64((float32)a, &st);
        break;
    case FP_ESZ_D * 4 + FP_ESZ_H:
        r = float64_to_float16(a, &st);
        break;
    default: /* D to S */
        r = float64_to_float32(a, &st);
        break;
    }
    return fp_finish(env, &st, r);
}

/* NZCV (bits 3-0) of a comparison: =: 0110, <: 1000, >: 0010, unordered: 0011. */
uint64_t helper_fp_cmp(void *env, uint64_t a, uint64_t b, uint32_t desc)
{
    static const uint8_t nzcv[] = {
        [float_relation_less + 1] = 8,
        [float_relation_equal + 1] = 6,
        [float_relation_greater + 1] = 2,
        [float_relation_unordered + 1] = 3,
    };
    FloatStatus st = fp_status(env);
    bool signalling = fp_desc_op(desc) != 0;
    FloatRelation rel;
    if (fp_desc_esz(desc) == FP_ESZ_D) {
        rel = signalling ? float64_compare(a, b, &st) : float64_compare_quiet(a, b, &st);
    } else {
        rel = signalling ? float32_compare((float32)a, (float32)b, &st)
                         : float32_compare_quiet((float32)a, (float32)b, &st);
    }
    return fp_finish(env, &st, nzcv[rel + 1]);
}

/* FP to a signed/unsigned 32/64-bit integer: one per width of the FP value. */
#define FP_TO_INT(N)                                                                           \
    static uint64_t float##N##_to_int_op(float##N a, unsigned op, int scale, FloatStatus *st)  \
    {                                                                                          \
        FloatRoundMode mode = op_round_mode(op, st);                                           \
        switch (op & (FP_INT_UNSIGNED | FP_INT_64)) {                                          \
        case 0:                                                                                \
            return (uint32_t) float##N##_to_int32_scalbn(a, mode, scale, st);                  \
        case FP_INT_UNSIGNED:                                                                  \
            return float##N##_to_uint32_scalbn(a, mode, scale, st);                            \
        case FP_INT_64:                                                                        \
            return (uint64_t) float##N##_to_int64_scalbn(a, mode, scale, st);                  \
        default:                                                                               \
            return float##N##_to_uint64_scalbn(a, mode, scale, st);                            \
        }                                                                                      \
    }
FP_TO_INT(32)
FP_TO_INT(64)

uint64_t helper_fp_to_int(void *env, uint64_t a, uint32_t desc)
{
    FloatStatus st = fp_status(env);
    unsigned op = fp_desc_op(desc);
    int scale = fp_desc_scale(desc);
    uint64_t r = fp_desc_esz(desc) == FP_ESZ_D ? float64_to_int_op(a, op, scale, &st)
                                               : float32_to_int_op((float32)a, op, scale, &st);
    return fp_finish(env, &st, r);
}

/* A signed/unsigned 32/64-bit integer to FP: one per width of the FP value. */
#define INT_TO_FP(N)                                                                           \
    static float##N int_to_float##N##_op(uint64_t v, unsigned op, int scale, FloatStatus *st)  \
    {                                                                                          \
        switch (op & (FP_INT_UNSIGNED | FP_INT_64)) {                                          \
        case 0:                                                                                \
            return int32_to_float##N##_scalbn((int32_t)v, scale, st);                          \
        case FP_INT_UNSIGNED:                                                                  \
            return uint32_to_float##N##_scalbn((uint32_t)v, scale, st);                        \
        case FP_INT_64:                                                                        \
            return int64_to_float##N##_scalbn((int64_t)v, scale, st);                          \
        default:                                                                               \
            return uint64_to_float##N##_scalbn(v, scale, st);                                  \
        }                                                                                      \
    }
INT_TO_FP(32)
INT_TO_FP(64)

uint64_t helper_int_to_fp(void *env, uint64_t v, uint32_t desc)
{
    FloatStatus st = fp_status(env);
    unsigned op = fp_desc_op(desc);
    int scale = fp_desc_scale(desc);
    uint64_t r = fp_desc_esz(desc) == FP_ESZ_D ? int_to_float64_op(v, op, scale, &st)
                                               : int_to_float32_op(v, op, scale, &st);
    return fp_finish(env, &st, r);
}
