/*
 * Run-time helpers of the Advanced SIMD integer translator
 * (translate-a64-simd.c); defined in helper-simd.c.  They follow the vector
 * helper conventions of translate-a64-vec.h; the operation and its element
 * size travel in simd_data(desc), packed by the SIMD_* macros below.
 */
#ifndef TARGET_ARM_HELPER_SIMD_H
#define TARGET_ARM_HELPER_SIMD_H

#include "tcg/tcg-helper.h"

/*
 * The element operations of the element-wise helpers, with whether their
 * inputs are signed.  a = element of Vn, b = element of Vm (or the indexed
 * element), d = the old element of Vd, imm = the shift immediate.
 */
/* clang-format off */
#define SIMD_ELEM_OPS(X)                                                                       \
    /* three same */                                                                           \
    X(SHADD, 1) X(UHADD, 0) X(SQADD, 1) X(UQADD, 0) X(SRHADD, 1) X(URHADD, 0)                  \
    X(SHSUB, 1) X(UHSUB, 0) X(SQSUB, 1) X(UQSUB, 0) X(CMGT, 1) X(CMHI, 0) X(CMGE, 1)           \
    X(CMHS, 0) X(SSHL, 1) X(USHL, 0) X(SQSHL, 1) X(UQSHL, 0) X(SRSHL, 1) X(URSHL, 0)           \
    X(SQRSHL, 1) X(UQRSHL, 0) X(SMAX, 1) X(UMAX, 0) X(SMIN, 1) X(UMIN, 0) X(SABD, 1)           \
    X(UABD, 0) X(SABA, 1) X(UABA, 0) X(ADD, 0) X(SUB, 0) X(CMTST, 0) X(CMEQ, 0) X(MLA, 0)      \
    X(MLS, 0) X(MUL, 0) X(PMUL, 0) X(SQDMULH, 1) X(SQRDMULH, 1)                                \
    /* ARMv8.1 RDM */                                                                          \
    X(SQRDMLAH, 1) X(SQRDMLSH, 1)                                                              \
    /* two-register misc (b unused; SUQADD, USQADD accumulate into d) */                       \
    X(CLS, 1) X(CLZ, 0) X(CNT, 0) X(RBIT, 0) X(SQABS, 1) X(SQNEG, 1) X(ABS, 1) X(NEG, 1)       \
    X(CMGT0, 1) X(CMGE0, 1) X(CMEQ0, 1) X(CMLE0, 1) X(CMLT0, 1) X(SUQADD, 1) X(USQADD, 0)      \
    /* shift by immediate (b unused) */                                                        \
    X(SSHR, 1) X(USHR, 0) X(SSRA, 1) X(USRA, 0) X(SRSHR, 1) X(URSHR, 0) X(SRSRA, 1)            \
    X(URSRA, 0) X(SHL, 0) X(SLI, 0) X(SRI, 0) X(SQSHLI, 1) X(UQSHLI, 0) X(SQSHLU, 1)
/* clang-format on */

enum {
#define SIMD_OP_ENUM(name, sign) SIMD_##name,
    SIMD_ELEM_OPS(SIMD_OP_ENUM)
#undef SIMD_OP_ENUM
        SIMD_NUM_ELEM_OPS
};

/*
 * simd_elem: Vd[i] = op(Vn[i], Vm[i] or Vm[index], Vd[i], imm) for every
 * element (or element 0 only if scalar, zeroing the rest of Vd).
 * simd_pairwise: the same op on adjacent pairs of Vm:Vn (ADDP, SMAXP, ...);
 * scalar: on the two D elements of Vn.
 */
#define SIMD_ELEM_DATA(op, esz, scalar, indexed, index, imm)                                   \
    ((op) | (esz) << 7 | (scalar) << 9 | (indexed) << 10 | (index) << 11 | (imm) << 15)
DEF_HELPER_5(simd_elem, TCG_CALL_NO_RWG, void, ptr, ptr, ptr, env, i32)
DEF_HELPER_4(simd_pairwise, TCG_CALL_NO_RWG, void, ptr, ptr, ptr, i32)

/* Widening (three different, SHLL, SSHLL, long by element): 2^esz -> 2^(esz+1). */
enum {
    SIMD_ADDL,
    SIMD_ADDW,
    SIMD_SUBL,
    SIMD_SUBW,
    SIMD_ABAL,
    SIMD_ABDL,
    SIMD_MLAL,
    SIMD_MLSL,
    SIMD_MULL,
    SIMD_QDMLAL,
    SIMD_QDMLSL,
    SIMD_QDMULL,
    SIMD_PMULL,
    SIMD_SHLL, /* Vn << imm */
};
/* hi: the "2" forms read the upper halves of the narrow sources. */
#define SIMD_LONG_DATA(op, esz, sign, hi, scalar, indexed, index, imm)                         \
    ((op) | (esz) << 4 | (sign) << 6 | (hi) << 7 | (scalar) << 8 | (indexed) << 9 |            \
     (index) << 10 | (imm) << 14)
DEF_HELPER_5(simd_long, TCG_CALL_NO_RWG, void, ptr, ptr, ptr, env, i32)

/*
 * Narrowing to 2^esz-byte elements: Vn (+/- Vm for ADDHN/SUBHN, whose shift
 * is the narrow width) shifted right by imm (rounded if round), then
 * truncated or saturated; hi: the "2" forms write the upper half of Vd.
 */
enum { SIMD_SAT_NONE, SIMD_SAT_SIGNED, SIMD_SAT_UNSIGNED };
enum { SIMD_NARROW_SHIFT, SIMD_NARROW_ADDHN, SIMD_NARROW_SUBHN };
#define SIMD_NARROW_DATA(kind, esz, src_signed, sat, round, hi, scalar, imm)                   \
    ((kind) | (esz) << 2 | (src_signed) << 4 | (sat) << 5 | (round) << 7 | (hi) << 8 |         \
     (scalar) << 9 | (imm) << 10)
DEF_HELPER_5(simd_narrow, TCG_CALL_NO_RWG, void, ptr, ptr, ptr, env, i32)

/* SADDLP, UADDLP, SADALP, UADALP: pairs of 2^esz-byte elements summed into twice the size. */
#define SIMD_ADDLP_DATA(esz, sign, acc) ((esz) | (sign) << 2 | (acc) << 3)
DEF_HELPER_3(simd_addlp, TCG_CALL_NO_RWG, void, ptr, ptr, i32)

/* Across lanes into element 0 of Vd. */
enum { SIMD_ADDV, SIMD_SADDLV, SIMD_UADDLV, SIMD_SMAXV, SIMD_UMAXV, SIMD_SMINV, SIMD_UMINV };
#define SIMD_REDUCE_DATA(op, esz) ((op) | (esz) << 3)
DEF_HELPER_3(simd_reduce, TCG_CALL_NO_RWG, void, ptr, ptr, i32)

/* REV16/32/64: 2^esz-byte elements reversed within 2^cont-byte containers. */
#define SIMD_REV_DATA(esz, cont) ((esz) | (cont) << 2)
DEF_HELPER_3(simd_rev, TCG_CALL_NO_RWG, void, ptr, ptr, i32)

/* ZIP1/2, UZP1/2, TRN1/2 (op is the encoding's opcode field). */
#define SIMD_PERM_DATA(opcode, esz) ((opcode) | (esz) << 3)
DEF_HELPER_4(simd_permute, TCG_CALL_NO_RWG, void, ptr, ptr, ptr, i32)

/* TBL/TBX: Vd = Vm bytes looked up in len registers from Vn (wrapping at V31). */
#define SIMD_TBL_DATA(rn, len, tbx) ((rn) | (len) << 5 | (tbx) << 8)
DEF_HELPER_4(simd_tbl, TCG_CALL_NO_RWG, void, ptr, ptr, env, i32)

#endif
