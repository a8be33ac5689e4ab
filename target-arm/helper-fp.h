/*
 * Helpers of the A64 scalar floating-point translator (translate-a64-fp.c);
 * defined in helper-fp.c.  Included by both, so the prototypes and the
 * TCGHelperInfo agree.
 *
 * Values travel as the raw bits of an H, S or D register in an i64.  Each
 * helper takes env for FPCR (rounding, FZ, DN) and ORs the exceptions it
 * raises into FPSR; neither is a TCG global, so the helpers touch no
 * globals.  The i32 "desc" operand packs the element size and the operation
 * (fp_desc_* below).
 */
#ifndef TARGET_ARM_HELPER_FP_H
#define TARGET_ARM_HELPER_FP_H

#include "tcg/tcg-helper.h"

/* Element sizes as log2 of the byte count (the esz of read_fp_reg). */
enum { FP_ESZ_H = 1, FP_ESZ_S = 2, FP_ESZ_D = 3 };

/* Two-operand arithmetic: desc = fp_desc(esz, FP2_*). */
enum { FP2_MUL, FP2_DIV, FP2_ADD, FP2_SUB, FP2_MAX, FP2_MIN, FP2_MAXNM, FP2_MINNM, FP2_NMUL };

/*
 * Rounding modes of FRINT* and the FCVT* to integer, as desc operation:
 * the FloatRoundMode, or FP_ROUND_FPCR for the mode FPCR.RMode selects.
 * FP_ROUND_EXACT added: also raise inexact when the value changes (FRINTX).
 */
enum { FP_ROUND_FPCR = 7, FP_ROUND_EXACT = 8 };

/* Integer side of conversions, OR-ed into the operation. */
enum { FP_INT_UNSIGNED = 1 << 4, FP_INT_64 = 1 << 5 };

/* desc: bits 0-1 esz - 1, 2-3 a second esz - 1 (FCVT target), 4-15 op, 16+ scale. */
static inline uint32_t fp_desc(int esz, unsigned op) { return (uint32_t)(esz - 1) | op << 4; }
static inline uint32_t fp_desc_cvt(int from_esz, int to_esz)
{
    return (uint32_t)(from_esz - 1) | (uint32_t)(to_esz - 1) << 2;
}
static inline uint32_t fp_desc_scaled(int esz, unsigned op, int scale)
{
    return fp_desc(esz, op) | (uint32_t)scale << 16;
}
static inline int fp_desc_esz(uint32_t desc) { return (int)(desc & 3) + 1; }
static inline int fp_desc_esz2(uint32_t desc) { return (int)((desc >> 2) & 3) + 1; }
static inline unsigned fp_desc_op(uint32_t desc) { return (desc >> 4) & 0xfff; }
static inline int fp_desc_scale(uint32_t desc) { return (int)(desc >> 16); }

#define FP_HELPER_FLAGS TCG_CALL_NO_RWG

/* FP2_* on a and b. */
DEF_HELPER_4(fp2, FP_HELPER_FLAGS, i64, env, i64, i64, i32)
/* a * b + c with one rounding (negations done by the caller on the inputs). */
DEF_HELPER_5(fp_muladd, FP_HELPER_FLAGS, i64, env, i64, i64, i64, i32)
DEF_HELPER_3(fp_sqrt, FP_HELPER_FLAGS, i64, env, i64, i32)
/* FRINT*: op = rounding mode, + FP_ROUND_EXACT. */
DEF_HELPER_3(fp_rint, FP_HELPER_FLAGS, i64, env, i64, i32)
/* FCVT between H, S and D: desc = fp_desc_cvt(from, to). */
DEF_HELPER_3(fp_fcvt, FP_HELPER_FLAGS, i64, env, i64, i32)
/* FCMP/FCMPE: NZCV as bits 3-0; op 1 = signalling (FCMPE). */
DEF_HELPER_4(fp_cmp, FP_HELPER_FLAGS, i64, env, i64, i64, i32)
/* To integer: op = rounding mode | FP_INT_*; scale = fbits. The result zero-extended. */
DEF_HELPER_3(fp_to_int, FP_HELPER_FLAGS, i64, env, i64, i32)
/* From integer (the i64, sign- or zero-extended by op's FP_INT_*); scale = fbits. */
DEF_HELPER_3(int_to_fp, FP_HELPER_FLAGS, i64, env, i64, i32)

#endif
