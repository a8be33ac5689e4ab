/*
 * The x87 instruction numbering the translator (insn-x87.c) and the helpers
 * (fpu_helper.c) share.
 *
 * Memory forms are numbered by their place in the SDM's opcode table:
 * (opcode - D8) * 8 + ModRM.reg.  helper_x87_mem gets that index with the
 * operand and address sizes (X87_MEM_*) and does the access itself, so a
 * faulting access leaves the FPU as it was.
 *
 * Register forms are an X87RegOp and a register number i (ModRM.rm):
 * helper_x87_reg gets op << 3 | i.
 */
#ifndef TARGET_X86_X87_H
#define TARGET_X86_X87_H

/* helper_x87_mem's second argument: the table index and the sizes. */
#define X87_MEM_INDEX_MASK 0x3f
#define X87_MEM_OP32       (1u << 8)  /* 32-bit operand size (FSTENV/FSAVE formats) */
#define X87_MEM_REX_W      (1u << 9)  /* FXSAVE64 / XSAVE64 layout */
#define X87_MEM_ADDR32     (1u << 10) /* addresses wrap at 4 GiB (not 64-bit mode) */
#define X87_MEM_CODE64     (1u << 11) /* 64-bit mode: FXSAVE saves XMM8-15 */

/* The arithmetic family, in ModRM.reg order of D8/DC/DA/DE. */
enum {
    X87_ADD,
    X87_MUL,
    X87_COM,
    X87_COMP,
    X87_SUB,
    X87_SUBR,
    X87_DIV,
    X87_DIVR,
};

typedef enum X87RegOp {
    X87R_ARITH_ST0 = 0,  /* + family: ST(0) = ST(0) op ST(i) */
    X87R_ARITH_STI = 8,  /* + family: ST(i) = ST(i) op ST(0) */
    X87R_ARITH_POP = 16, /* + family: the same, then pop */
    X87R_FLD = 24,
    X87R_FXCH,
    X87R_FNOP,
    X87R_FST,
    X87R_FSTP,
    X87R_FFREE,
    X87R_FFREEP,
    X87R_FUCOM,
    X87R_FUCOMP,
    X87R_FUCOMPP,
    X87R_FCOMPP,
    X87R_FCHS,
    X87R_FABS,
    X87R_FTST,
    X87R_FXAM,
    X87R_FLDCONST, /* i: 1, l2t, l2e, pi, lg2, ln2, z (D9 E8 + i) */
    X87R_F2XM1,
    X87R_FYL2X,
    X87R_FPTAN,
    X87R_FPATAN,
    X87R_FXTRACT,
    X87R_FPREM1,
    X87R_FDECSTP,
    X87R_FINCSTP,
    X87R_FPREM,
    X87R_FYL2XP1,
    X87R_FSQRT,
    X87R_FSINCOS,
    X87R_FRNDINT,
    X87R_FSCALE,
    X87R_FSIN,
    X87R_FCOS,
    X87R_FNCLEX,
    X87R_FNINIT,
    X87R_COUNT
} X87RegOp;

/* helper_x87_begin's info: the instruction keeps the last-instruction pointers (FLDCW ...). */
#define X87_BEGIN_KEEP_POINTERS (1u << 20)

/* helper_x87_fcomi's second argument: i | these. */
#define X87_FCOMI_POP   (1u << 3)
#define X87_FCOMI_QUIET (1u << 4)

/* helper_x87_xsave's second argument (with the X87_MEM_* size bits). */
enum { X87_FXSAVE, X87_FXRSTOR, X87_XSAVE = 4, X87_XRSTOR, X87_XSAVEOPT };

#endif
