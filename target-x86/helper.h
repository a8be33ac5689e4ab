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
/* An x87 instruction: #NM if CR0.EM or CR0.TS, else #UD (no x87 yet). */
DEF_HELPER_1(x86_fpu_insn, TCG_CALL_MAY_FAULT, void, env)
DEF_HELPER_1(x86_fwait, TCG_CALL_MAY_FAULT, void, env)
DEF_HELPER_3(x86_in, 0, i64, env, i32, i32)
DEF_HELPER_4(x86_out, 0, void, env, i32, i32, i64)

#endif
