/*
 * SSE floating point (insn-sse-fp.c): the trans functions the opcode maps
 * point at, and the operation codes their entries carry in .arg, which
 * the helpers (helper-sse-fp.h) receive in their desc argument.
 */
#ifndef TARGET_X86_INSN_SSE_FP_H
#define TARGET_X86_INSN_SSE_FP_H

#include "target-x86/translate.h"

/* Element formats: packed or scalar, single or double. */
enum { SSE_PS, SSE_PD, SSE_SS, SSE_SD };

/* x86_sse_fp operations; arg = op | format << 8, desc adds imm8 << 16. */
typedef enum SseFpOp {
    SSE_ADD,
    SSE_SUB,
    SSE_MUL,
    SSE_DIV,
    SSE_MIN,
    SSE_MAX,
    SSE_SQRT,
    SSE_RCP,
    SSE_RSQRT,
    SSE_CMP,    /* imm8 & 7: the predicate (EQ LT LE UNORD NEQ NLT NLE ORD) */
    SSE_ADDSUB, /* even lanes subtract, odd lanes add */
    SSE_HADD,
    SSE_HSUB,
    SSE_ROUND, /* imm8: rounding (bits 0-2) and precision suppression (bit 3) */
    SSE_DP,    /* imm8: product mask (bits 4-7) and result mask (bits 0-3) */
} SseFpOp;

/* x86_sse_cvt conversions between vector formats. */
typedef enum SseCvtOp {
    CVT_PS2PD,
    CVT_PD2PS,
    CVT_SS2SD,
    CVT_SD2SS,
    CVT_DQ2PS,
    CVT_PS2DQ,
    CVT_TPS2DQ,
    CVT_DQ2PD,
    CVT_PD2DQ,
    CVT_TPD2DQ,
    CVT_PI2PS, /* MMX source */
    CVT_PS2PI, /* MMX destination */
    CVT_TPS2PI,
    CVT_PI2PD,
    CVT_PD2PI,
    CVT_TPD2PI,
} SseCvtOp;

/* Data movement that does not compute (x86_sse_perm); desc = op | imm8 << 8. */
typedef enum SsePermOp {
    PERM_UNPCKLPS,
    PERM_UNPCKHPS,
    PERM_UNPCKLPD,
    PERM_UNPCKHPD,
    PERM_SHUFPS,
    PERM_SHUFPD,
    PERM_MOVSLDUP,
    PERM_MOVSHDUP,
    PERM_MOVDDUP,
    PERM_BLENDPS,
    PERM_BLENDPD,
    PERM_BLENDVPS, /* the mask is XMM0 */
    PERM_BLENDVPD,
    PERM_INSERTPS,
    PERM_AND,
    PERM_ANDN,
    PERM_OR,
    PERM_XOR,
} SsePermOp;

/* MOVLPS MOVHPS MOVLPD MOVHPD MOVHLPS MOVLHPS (trans_movhl): which halves move. */
enum {
    HL_DST_HI = 1,     /* into the destination's high qword */
    HL_SRC_HI = 2,     /* from the source's high qword */
    HL_REG_SRC_HI = 4, /* the register form reads the source's high qword (MOVHLPS) */
    HL_MEM_ONLY = 8,   /* the register form is #UD */
};

/* (U)COMISS/SD, CVT*2SI, CVTSI2*: arg bits. */
enum {
    SSE_ARG_DOUBLE = 1,
    SSE_ARG_QUIET = 2, /* UCOMIS*: only SNaNs are invalid */
    SSE_ARG_TRUNC = 2, /* CVTT*: round toward zero */
};

void trans_sse_fp(DisasContext *s, X86Insn *d);
void trans_sse_cvt(DisasContext *s, X86Insn *d);
void trans_sse_perm(DisasContext *s, X86Insn *d);
void trans_sse_cvt_to_int(DisasContext *s, X86Insn *d);
void trans_sse_cvt_from_int(DisasContext *s, X86Insn *d);
void trans_sse_comi(DisasContext *s, X86Insn *d);
void trans_sse_movmsk(DisasContext *s, X86Insn *d);
void trans_movs(DisasContext *s, X86Insn *d);
void trans_movhl(DisasContext *s, X86Insn *d);
void trans_movnt(DisasContext *s, X86Insn *d);
void trans_lddqu(DisasContext *s, X86Insn *d);
void trans_extractps(DisasContext *s, X86Insn *d);
void trans_ldmxcsr(DisasContext *s, X86Insn *d);
void trans_stmxcsr(DisasContext *s, X86Insn *d);

#endif
