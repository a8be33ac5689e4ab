/*
 * Helpers of the integer MMX/SSE instructions (helper-sse-int.c), on
 * operands in place as translate.h's helper convention says.
 */
#ifndef TARGET_X86_HELPER_SSE_INT_H
#define TARGET_X86_HELPER_SSE_INT_H

#include "tcg/tcg-helper.h"

/* dst = op(dst, src) for desc = X86_VEC_DESC(VOP_..., bytes), imm the imm8 if any. */
DEF_HELPER_5(x86_vec_op, TCG_CALL_NO_RWG, void, env, ptr, ptr, i32, i32)
/* PTEST: ZF and CF (the rest of CC_ARITH clear). */
DEF_HELPER_3(x86_ptest, TCG_CALL_NO_RWG | TCG_CALL_NO_SE, i64, env, ptr, ptr)
/* PMOVMSKB of 8 or 16 bytes. */
DEF_HELPER_2(x86_pmovmskb, TCG_CALL_NO_RWG | TCG_CALL_NO_SE, i64, ptr, i32)
/*
 * PCMPxSTRx of a (operand 0) and b (operand 1): ctrl = imm8 | X86_PCMPSTR_*;
 * the explicit forms read their lengths from rAX and rDX.  Returns the
 * arithmetic flags in bits 0-31 and the index (PCMPxSTRI) in bits 32-63;
 * the mask forms write XMM0 themselves.
 */
DEF_HELPER_4(x86_pcmpstr, TCG_CALL_NO_WG, i64, env, ptr, ptr, i32)
/* CRC32 (Castagnoli) of crc updated with the low bytes of val. */
DEF_HELPER_3(x86_crc32, TCG_CALL_NO_RWG | TCG_CALL_NO_SE, i64, i64, i64, i32)

#endif
