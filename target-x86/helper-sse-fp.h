/*
 * Helpers of the SSE floating-point instructions (helper-sse-fp.c), called
 * from insn-sse-fp.c with the vector operands in place (see "vector
 * operands" in translate.h).  Every helper that computes in floating point
 * follows MXCSR (rounding, DAZ, FTZ), ORs the exception flags into it, and
 * on an unmasked exception raises #XM (#UD without CR4.OSXMMEXCPT) before
 * writing anything: the destination is unchanged, as the SDM requires.
 *
 * desc arguments are built from the enums of insn-sse-fp.h.
 */
#ifndef TARGET_X86_HELPER_SSE_FP_H
#define TARGET_X86_HELPER_SSE_FP_H

#include "target-x86/insn-sse-fp.h"
#include "tcg/tcg-helper.h"

DEF_HELPER_4(x86_sse_fp, TCG_CALL_MAY_FAULT, void, env, ptr, ptr, i32)
DEF_HELPER_4(x86_sse_cvt, TCG_CALL_MAY_FAULT, void, env, ptr, ptr, i32)
DEF_HELPER_4(x86_sse_perm, TCG_CALL_NO_RWG, void, env, ptr, ptr, i32)
/*
 * CVT(T)SS2SI / CVT(T)SD2SI: the integer of the scalar at src.
 * desc: bit 0 double, bit 1 truncate, bit 2 64-bit result.
 */
DEF_HELPER_3(x86_sse_cvt_to_int, TCG_CALL_MAY_FAULT, i64, env, ptr, i32)
/* CVTSI2SS / CVTSI2SD into lane 0 of dst.  desc: bit 0 double, bit 2 64-bit source. */
DEF_HELPER_4(x86_sse_cvt_from_int, TCG_CALL_MAY_FAULT, void, env, ptr, i64, i32)
/* (U)COMISS / (U)COMISD: ZF PF CF as EFLAGS bits.  desc: bit 0 double, bit 1 unordered-quiet.
 */
DEF_HELPER_4(x86_sse_comi, TCG_CALL_MAY_FAULT, i64, env, ptr, ptr, i32)
/* MOVMSKPS / MOVMSKPD: the sign bits.  desc: bit 0 double. */
DEF_HELPER_2(x86_sse_movmsk, TCG_CALL_NO_RWG | TCG_CALL_NO_SE, i64, ptr, i32)
/* LDMXCSR: #GP(0) if a reserved bit is set. */
DEF_HELPER_2(x86_ldmxcsr, TCG_CALL_MAY_FAULT, void, env, i64)

#endif
