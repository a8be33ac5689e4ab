/*
 * Helpers of the Advanced SIMD floating-point instructions
 * (translate-a64-simd-fp.c emits the calls, helper-simd-fp.c defines them).
 *
 * Every helper follows the vector conventions of translate-a64-vec.h, with
 * one extension: simd_oprsz(desc) may also be 4 or 8 for a scalar form
 * (one S or D element; the rest of Vd is zeroed like any vector tail).  The
 * operation and the element size travel in simd_data(desc), built by the
 * simd_fp*_data() functions below, so each family is one helper for every
 * operation of both precisions.  They take their FloatStatus from FPCR and
 * OR the flags raised into FPSR.
 */
#ifndef TARGET_ARM_HELPER_SIMD_FP_H
#define TARGET_ARM_HELPER_SIMD_FP_H

#include <stdbool.h>

#include "tcg/tcg-helper.h"

/* Two-operand operations, element-wise (Vd[i] = op(Vn[i], Vm[i], Vd[i])). */
typedef enum SimdFp3Op {
    SIMD_FP3_FADD,
    SIMD_FP3_FSUB,
    SIMD_FP3_FMUL,
    SIMD_FP3_FDIV,
    SIMD_FP3_FMAX,
    SIMD_FP3_FMIN,
    SIMD_FP3_FMAXNM,
    SIMD_FP3_FMINNM,
    SIMD_FP3_FMULX,
    SIMD_FP3_FMLA, /* d + n * m, one rounding */
    SIMD_FP3_FMLS, /* d + (-n) * m */
    SIMD_FP3_FABD,
    SIMD_FP3_FRECPS,
    SIMD_FP3_FRSQRTS,
    SIMD_FP3_FCMEQ, /* comparisons give all ones or zero */
    SIMD_FP3_FCMGE,
    SIMD_FP3_FCMGT,
    SIMD_FP3_FACGE,
    SIMD_FP3_FACGT,
    SIMD_FP3_COUNT
} SimdFp3Op;

/*
 * simd_fp3 forms: element-wise; pairwise (the pairs of Vn then of Vm, or
 * with a scalar size the pair Vn[0], Vn[1]); by element (every Vm operand
 * is Vm[index]).
 */
typedef enum SimdFp3Form {
    SIMD_FP3_ELEMENTWISE,
    SIMD_FP3_PAIRWISE,
    SIMD_FP3_INDEXED
} SimdFp3Form;

static inline int32_t simd_fp3_data(SimdFp3Op op, bool dbl, SimdFp3Form form, int index)
{
    return (int32_t)op | (dbl << 5) | ((int)form << 6) | (index << 8);
}

/* One-operand operations (Vd[i] = op(Vn[i])), with an immediate. */
typedef enum SimdFp2Op {
    SIMD_FP2_FRINT,  /* imm: rounding mode, SIMD_FP_RMODE_FPCR, | SIMD_FP_EXACT */
    SIMD_FP2_FCVT_S, /* to signed integer; imm: rounding mode | fbits << 3 */
    SIMD_FP2_FCVT_U, /* to unsigned integer; same imm */
    SIMD_FP2_SCVTF,  /* from signed integer; imm: fbits */
    SIMD_FP2_UCVTF,  /* from unsigned integer; imm: fbits */
    SIMD_FP2_FCMGT0, /* comparisons with zero: all ones or zero */
    SIMD_FP2_FCMGE0,
    SIMD_FP2_FCMEQ0,
    SIMD_FP2_FCMLE0,
    SIMD_FP2_FCMLT0,
    SIMD_FP2_FABS,
    SIMD_FP2_FNEG,
    SIMD_FP2_FSQRT,
    SIMD_FP2_FRECPE,
    SIMD_FP2_FRSQRTE,
    SIMD_FP2_FRECPX,
    SIMD_FP2_URECPE,  /* 32-bit unsigned fixed-point elements only */
    SIMD_FP2_URSQRTE, /* 32-bit unsigned fixed-point elements only */
    SIMD_FP2_COUNT
} SimdFp2Op;

/* Rounding-mode immediates: FloatRoundMode values, or FPCR's mode. */
#define SIMD_FP_RMODE_FPCR 7
#define SIMD_FP_EXACT      8 /* FRINTX: inexact if the value changed */

static inline int32_t simd_fp2_data(SimdFp2Op op, bool dbl, int imm)
{
    return (int32_t)op | (dbl << 5) | (imm << 6);
}

/* FCVTN/FCVTXN (narrow) and FCVTL (widen): which forms. */
enum {
    SIMD_FCVT_DOUBLE = 1, /* narrow from double / widen to double */
    SIMD_FCVT_UPPER = 2,  /* the "2" forms: the upper 64 bits of Vd (narrow) or Vn (widen) */
    SIMD_FCVT_ODD = 4,    /* FCVTXN: round to odd */
};

DEF_HELPER_5(simd_fp3, TCG_CALL_NO_RWG, void, ptr, ptr, ptr, env, i32)
DEF_HELPER_4(simd_fp2, TCG_CALL_NO_RWG, void, ptr, ptr, env, i32)
/* FMAXV etc. over the four S lanes of Vn; data: the SimdFp3Op. */
DEF_HELPER_4(simd_fp_reduce, TCG_CALL_NO_RWG, void, ptr, ptr, env, i32)
/* data: SIMD_FCVT_* flags; oprsz 4 for the scalar FCVTXN. */
DEF_HELPER_4(simd_fcvt_narrow, TCG_CALL_NO_RWG, void, ptr, ptr, env, i32)
DEF_HELPER_4(simd_fcvt_widen, TCG_CALL_NO_RWG, void, ptr, ptr, env, i32)

#endif
