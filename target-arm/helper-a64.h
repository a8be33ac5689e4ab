/*
 * Helpers the A64 translator (translate-a64.c) calls; defined in helper-a64.c.
 * Included by both, so the prototypes and the TCGHelperInfo agree.
 */
#ifndef TARGET_ARM_HELPER_A64_H
#define TARGET_ARM_HELPER_A64_H

#include "tcg/tcg-helper.h"

/* Take an exception at the current instruction (always faults). */
DEF_HELPER_4(raise_exception, TCG_CALL_MAY_FAULT, void, env, i32, i32, i32)
/* Executing at the misaligned address (the i64): PC alignment fault. */
DEF_HELPER_2(pc_alignment_fault, TCG_CALL_MAY_FAULT, void, env, i64)
DEF_HELPER_1(rbit64, TCG_CALL_NO_RWG | TCG_CALL_NO_SE, i64, i64)
/* CRC-32 (IEEE) and CRC-32C of the low `bytes` bytes of val into acc. */
DEF_HELPER_3(crc32, TCG_CALL_NO_RWG | TCG_CALL_NO_SE, i64, i64, i64, i32)
DEF_HELPER_3(crc32c, TCG_CALL_NO_RWG | TCG_CALL_NO_SE, i64, i64, i64, i32)

#endif
