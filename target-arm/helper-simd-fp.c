/*
 * Run-time helpers of the Advanced SIMD floating-point instructions
 * (helper-simd-fp.h).  The element operations are written once in
 * helper-simd-fp-width.inc and instantiated for single and double
 * precision; the helpers below pick the width and loop over the lanes.
 */
#include "target-arm/helper-simd-fp.h"

#include <glib.h>
#include <string.h>

#include "target-arm/fpstatus.h"
#include "target-arm/translate-a64-vec.h"
#include "util/log.h"

#define GLUE_(a, b) a##b
#define GLUE(a, b)  GLUE_(a, b)

#define FRAC52 ((1ull << 52) - 1)

/* ------------------------------------------------ the 8-bit estimates */

/* RecipEstimate: a in [256, 512) is a fixed-point value in [0.5, 1.0). */
static unsigned recip_estimate(unsigned a)
{
    a = a * 2 + 1;               /* to the nearest 1/1024 */
    unsigned b = (1u << 19) / a; /* 2^19 / a: the reciprocal in 1/512 units */
    return (b + 1) / 2;          /* to nearest: [256, 512) is [1.0, 2.0) */
}

/*
 * RecipSqrtEstimate for a in [128, 512), a fixed-point value in [0.25, 1.0):
 * the pseudocode's search loop is too slow to run per element, so it runs
 * once per input at start-up.
 */
static uint16_t rsqrt_table[512];

static unsigned rsqrt_estimate_slow(unsigned a)
{
    if (a < 256) {
        a = a * 2 + 1; /* units of 1/512, to nearest */
    } else {
        a = ((a >> 1) << 1) + 1;
        a *= 2; /* units of 1/256, to nearest */
    }
    unsigned b = 512;
    while ((uint64_t)a * (b + 1) * (b + 1) < (1ull << 28)) {
        b++;
    }
    return (b + 1) / 2;
}

__attribute__((constructor)) static void rsqrt_table_init(void)
{
    for (unsigned a = 128; a < 512; a++) {
        rsqrt_table[a] = (uint16_t)rsqrt_estimate_slow(a);
    }
}

static unsigned rsqrt_estimate(unsigned a) { return rsqrt_table[a]; }

/* UnsignedRecipEstimate: a 32-bit fixed-point fraction. */
static uint32_t unsigned_recip_estimate(uint32_t a)
{
    if (!(a >> 31)) {
        return UINT32_MAX;
    }
    return recip_estimate(a >> 23) << 23;
}

/* UnsignedRSqrtEstimate. */
static uint32_t unsigned_rsqrt_estimate(uint32_t a)
{
    if (!(a >> 30)) {
        return UINT32_MAX;
    }
    return rsqrt_estimate(a >> 23) << 23;
}

/* Whether FPRecipEstimate's overflow gives infinity (else the largest normal). */
static bool overflow_to_inf(FloatRoundMode mode, bool negative)
{
    switch (mode) {
    case float_round_nearest_even:
        return true;
    case float_round_up:
        return !negative;
    case float_round_down:
        return negative;
    default:
        return false;
    }
}

static bool greater_or_equal(FloatRelation r)
{
    return r == float_relation_greater || r == float_relation_equal;
}

static bool less_or_equal(FloatRelation r)
{
    return r == float_relation_less || r == float_relation_equal;
}

/* ------------------------------------------------ element operations */

#define W                 32
#define F                 float32
#define INT               int32_t
#define UINT              uint32_t
#define EXP_BITS          8
#define FRAC_BITS         23
#define FP_TWO            0x40000000u
#define FP_THREE          0x40400000u
#define FP_ONE_POINT_FIVE 0x3fc00000u
#include "target-arm/helper-simd-fp-width.inc"
#undef W
#undef F
#undef INT
#undef UINT
#undef EXP_BITS
#undef FRAC_BITS
#undef FP_TWO
#undef FP_THREE
#undef FP_ONE_POINT_FIVE

#define W                 64
#define F                 float64
#define INT               int64_t
#define UINT              uint64_t
#define EXP_BITS          11
#define FRAC_BITS         52
#define FP_TWO            0x4000000000000000ull
#define FP_THREE          0x4008000000000000ull
#define FP_ONE_POINT_FIVE 0x3ff8000000000000ull
#include "target-arm/helper-simd-fp-width.inc"

/* ------------------------------------------------ helpers */

static bool data_is_double(int32_t data) { return (data >> 5) & 1; }

void helper_simd_fp3(void *vd, void *vn, void *vm, void *env, uint32_t desc)
{
    FloatStatus st = arm_fpstatus(env, false);
    unsigned oprsz = simd_oprsz(desc);

    if (data_is_double(simd_data(desc))) {
        fp3_lanes_64(vd, vn, vm, oprsz, simd_data(desc), &st);
    } else {
        fp3_lanes_32(vd, vn, vm, oprsz, simd_data(desc), &st);
    }
    simd_clear_tail(vd, oprsz);
    arm_fpstatus_commit(env, &st);
}

void helper_simd_fp2(void *vd, void *vn, void *env, uint32_t desc)
{
    FloatStatus st = arm_fpstatus(env, false);
    unsigned oprsz = simd_oprsz(desc);

    if (data_is_double(simd_data(desc))) {
        fp2_lanes_64(vd, vn, oprsz, simd_data(desc), &st);
    } else {
        fp2_lanes_32(vd, vn, oprsz, simd_data(desc), &st);
    }
    simd_clear_tail(vd, oprsz);
    arm_fpstatus_commit(env, &st);
}

/* Reduce: op(op(e0, e1), op(e2, e3)), the Arm ARM's halving order. */
void helper_simd_fp_reduce(void *vd, void *vn, void *env, uint32_t desc)
{
    FloatStatus st = arm_fpstatus(env, false);
    SimdFp3Op op = (SimdFp3Op)simd_data(desc);
    float32 e[4];

    memcpy(e, vn, sizeof(e));
    float32 lo = fp3_32(op, e[0], e[1], 0, &st);
    float32 hi = fp3_32(op, e[2], e[3], 0, &st);
    float32 r = fp3_32(op, lo, hi, 0, &st);
    memcpy(vd, &r, sizeof(r));
    simd_clear_tail(vd, sizeof(r));
    arm_fpstatus_commit(env, &st);
}

/* FPCR.AHP (alternative half precision) is not implemented: IEEE half is used. */
static void check_ahp(const ARMCPU *cpu)
{
    if (cpu->sys.fpcr & FPCR_AHP) {
        log_mask_printf(LOG_UNIMP, "FCVTN/FCVTL with FPCR.AHP = 1: IEEE half precision used\n");
    }
}

/*
 * FCVTN, FCVTN2, FCVTXN, FCVTXN2: double -> single or single -> half into
 * the lower (or, for the "2" forms, upper) 64 bits of Vd.  Half-precision
 * results are never flushed to zero (FPCR.FZ16 does not apply to
 * conversions, and FZ is for single and double).
 */
void helper_simd_fcvt_narrow(void *vd, void *vn, void *env, uint32_t desc)
{
    FloatStatus st = arm_fpstatus(env, false);
    int flags = simd_data(desc);
    bool scalar = simd_oprsz(desc) == 4;
    unsigned base = (flags & SIMD_FCVT_UPPER) ? 8 : 0;
    unsigned written = scalar ? 4 : base + 8;
    uint8_t out[16];
    uint64_t n64[2];
    uint32_t n32[4];

    memcpy(out, vd, 16);
    memcpy(n64, vn, 16);
    memcpy(n32, vn, 16);
    if (flags & SIMD_FCVT_ODD) {
        st.rounding_mode = float_round_to_odd;
    }
    if (flags & SIMD_FCVT_DOUBLE) {
        for (unsigned i = 0; i < (scalar ? 1u : 2u); i++) {
            float32 r = float64_to_float32(n64[i], &st);
            memcpy(out + base + 4 * i, &r, 4);
        }
    } else {
        check_ahp(env);
        st.flush_to_zero = false;
        for (unsigned i = 0; i < 4; i++) {
            float16 r = float32_to_float16(n32[i], &st);
            memcpy(out + base + 2 * i, &r, 2);
        }
    }
    memcpy(vd, out, written);
    simd_clear_tail(vd, written);
    arm_fpstatus_commit(env, &st);
}

/*
 * FCVTL, FCVTL2: the lower (upper) 64 bits of Vn widened, half -> single
 * or single -> double.  Half-precision inputs are never flushed.
 */
void helper_simd_fcvt_widen(void *vd, void *vn, void *env, uint32_t desc)
{
    FloatStatus st = arm_fpstatus(env, false);
    int flags = simd_data(desc);
    const uint8_t *src = (const uint8_t *)vn + ((flags & SIMD_FCVT_UPPER) ? 8 : 0);
    uint64_t r64[2];
    uint32_t r32[4];

    if (flags & SIMD_FCVT_DOUBLE) {
        for (unsigned i = 0; i < 2; i++) {
            float32 e;
            memcpy(&e, src + 4 * i, 4);
            r64[i] = float32_to_float64(e, &st);
        }
        memcpy(vd, r64, 16);
    } else {
        check_ahp(env);
        st.flush_inputs_to_zero = false;
        for (unsigned i = 0; i < 4; i++) {
            float16 e;
            memcpy(&e, src + 2 * i, 2);
            r32[i] = float16_to_float32(e, &st);
        }
        memcpy(vd, r32, 16);
    }
    arm_fpstatus_commit(env, &st);
}
