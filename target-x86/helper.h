/*
 * Helpers the x86 translator calls; defined in the target-x86 helper files.
 * Included by both sides so the prototypes and the TCGHelperInfo agree.
 */
#ifndef TARGET_X86_HELPER_H
#define TARGET_X86_HELPER_H

#include "tcg/tcg-helper.h"

#define X86_PURE (TCG_CALL_NO_RWG | TCG_CALL_NO_SE)

/* The arithmetic flags of a lazy state (cc_op, dst, src, src2). */
DEF_HELPER_4(x86_cc_compute_all, X86_PURE, i64, i64, i64, i64, i64)

/* Exceptions: always fault.  INT n returns to next_eip. */
DEF_HELPER_2(x86_raise_exception, TCG_CALL_MAY_FAULT, void, env, i32)
DEF_HELPER_3(x86_raise_exception_err, TCG_CALL_MAY_FAULT, void, env, i32, i32)
/* #GP(0) unless the address is 16-byte aligned (legacy SSE memory operands). */
DEF_HELPER_2(x86_check_align16, TCG_CALL_MAY_FAULT, void, env, i64)
/* An MMX instruction: the x87 TOP becomes 0 and every register valid. */
DEF_HELPER_1(x86_enter_mmx, TCG_CALL_NO_RWG, void, env)

/* The single-step trap after an instruction (TF): returns to the eip already set. */
DEF_HELPER_1(x86_debug_trap, TCG_CALL_MAY_FAULT, void, env)
DEF_HELPER_3(x86_raise_interrupt, TCG_CALL_MAY_FAULT, void, env, i32, i64)

/* DIV/IDIV of rDX:rAX (AX for bytes) by the divisor; #DE on overflow. i32: size | signed << 2
 */
DEF_HELPER_3(x86_divide, TCG_CALL_MAY_FAULT, void, env, i32, i64)
/* RCL/RCR of val by count at size; sets the lazy flags.  i32: size | right << 2 */
DEF_HELPER_4(x86_rotate_carry, 0, i64, env, i64, i64, i32)
/* BCD adjusts on AL/AH and the flags.  i32: which (0 DAA 1 DAS 2 AAA 3 AAS 4 AAM 5 AAD), imm */
DEF_HELPER_3(x86_bcd, TCG_CALL_MAY_FAULT, void, env, i32, i32)

/* EFLAGS as a whole (PUSHF) and written under a mask (POPF, IRET in real mode). */
DEF_HELPER_1(x86_read_eflags, TCG_CALL_NO_WG, i64, env)
DEF_HELPER_3(x86_write_eflags, 0, void, env, i64, i32)

/* Segments and control transfers between them. */
DEF_HELPER_3(x86_load_seg, TCG_CALL_MAY_FAULT, void, env, i32, i32)
DEF_HELPER_4(x86_ljmp, TCG_CALL_MAY_FAULT, void, env, i32, i64, i64)
DEF_HELPER_5(x86_lcall, TCG_CALL_MAY_FAULT, void, env, i32, i64, i32, i64)
DEF_HELPER_3(x86_lret, TCG_CALL_MAY_FAULT, void, env, i32, i32)
DEF_HELPER_2(x86_iret, TCG_CALL_MAY_FAULT, void, env, i32)
DEF_HELPER_2(x86_lldt, TCG_CALL_MAY_FAULT, void, env, i32)
DEF_HELPER_2(x86_ltr, TCG_CALL_MAY_FAULT, void, env, i32)
DEF_HELPER_2(x86_syscall, TCG_CALL_MAY_FAULT, void, env, i64)
DEF_HELPER_2(x86_sysret, TCG_CALL_MAY_FAULT, void, env, i32)
DEF_HELPER_1(x86_sysenter, TCG_CALL_MAY_FAULT, void, env)
DEF_HELPER_2(x86_sysexit, TCG_CALL_MAY_FAULT, void, env, i32)

/*
 * LAR (0), LSL (1), VERR (2), VERW (3) of a selector: bit 32 of the result
 * is the ZF they set, the low 32 bits what LAR/LSL load.
 */
DEF_HELPER_3(x86_desc_query, TCG_CALL_MAY_FAULT, i64, env, i32, i32)

/* System registers. */
DEF_HELPER_2(x86_read_cr, TCG_CALL_MAY_FAULT, i64, env, i32)
DEF_HELPER_3(x86_write_cr, TCG_CALL_MAY_FAULT, void, env, i32, i64)
DEF_HELPER_1(x86_rdmsr, TCG_CALL_MAY_FAULT, void, env)
DEF_HELPER_1(x86_wrmsr, TCG_CALL_MAY_FAULT, void, env)
DEF_HELPER_1(x86_cpuid, 0, void, env)
DEF_HELPER_1(x86_rdtsc, TCG_CALL_MAY_FAULT, void, env)
DEF_HELPER_2(x86_invlpg, 0, void, env, i64)
DEF_HELPER_1(x86_hlt, TCG_CALL_MAY_FAULT, void, env)

/* Port I/O (size in bytes); the TSS I/O permission bitmap check when CPL > IOPL. */
DEF_HELPER_3(x86_check_io, TCG_CALL_MAY_FAULT, void, env, i32, i32)
/* WAIT/FWAIT: #NM if CR0.TS and CR0.MP, #MF if an unmasked x87 exception is pending. */
DEF_HELPER_1(x86_fwait, TCG_CALL_MAY_FAULT, void, env)

/*
 * The x87 (fpu_helper.c; instruction numbering in x87.h).  x87_begin starts
 * a waiting non-control instruction: #MF for a pending unmasked exception
 * (CR0.NE), then the last-instruction pointers.  i32: opcode (11 bits) |
 * (segment + 1) << 16 of the memory operand, 0 for none, | X87_BEGIN_KEEP_POINTERS
 * for a control instruction (only the #MF check); i64: eip, offset.
 */
DEF_HELPER_4(x87_begin, TCG_CALL_MAY_FAULT, void, env, i32, i64, i64)
/* A memory form at a linear address (i32: index | X87_MEM_*). */
DEF_HELPER_3(x87_mem, TCG_CALL_MAY_FAULT, void, env, i32, i64)
/* A register form (i32: X87RegOp << 3 | i). */
DEF_HELPER_2(x87_reg, TCG_CALL_NO_RWG, void, env, i32)
/* FCOMI/FUCOMI(P) with ST(i): the new arithmetic flags from the old ones. */
DEF_HELPER_3(x87_fcomi, TCG_CALL_NO_RWG, i64, env, i32, i64)
/* FCMOVcc: ST(0) = ST(i) if cond. */
DEF_HELPER_3(x87_fcmov, TCG_CALL_NO_RWG, void, env, i32, i64)
/* The status word (FNSTSW AX). */
DEF_HELPER_1(x87_fnstsw, TCG_CALL_NO_RWG, i64, env)
/* FXSAVE FXRSTOR XSAVE XRSTOR XSAVEOPT (i32: X87_FXSAVE.. | X87_MEM_*). */
DEF_HELPER_3(x87_xsave, TCG_CALL_MAY_FAULT, void, env, i32, i64)
DEF_HELPER_1(x87_xgetbv, TCG_CALL_MAY_FAULT, void, env)
DEF_HELPER_1(x87_xsetbv, TCG_CALL_MAY_FAULT, void, env)
DEF_HELPER_3(x86_in, 0, i64, env, i32, i32)
DEF_HELPER_4(x86_out, 0, void, env, i32, i32, i64)

#endif
