/*
 * Helpers of the A64 system, exception and memory-access instructions
 * (translate-a64-sys.c, translate-a64-ldst.c emit the calls; sysregs.c,
 * exceptions.c, arm-semihosting.c and psci.c define them).
 */
#ifndef TARGET_ARM_HELPER_SYS_H
#define TARGET_ARM_HELPER_SYS_H

#include "tcg/tcg-helper.h"

/* MRS/MSR through the system register table; key = index into it. */
DEF_HELPER_2(mrs, TCG_CALL_MAY_FAULT, i64, env, i32)
DEF_HELPER_3(msr, TCG_CALL_MAY_FAULT, void, env, i32, i64)
/* MSR (immediate): field = op1 << 3 | op2, value = CRm. */
DEF_HELPER_3(msr_pstate, 0, void, env, i32, i32)
/* SYS instructions: DC ZVA, IC IVAU/IALLU, TLBI; op = op1 << 11 | CRn << 7 | CRm << 3 | op2. */
DEF_HELPER_3(sys_insn, TCG_CALL_MAY_FAULT, void, env, i32, i64)

DEF_HELPER_1(wfi, TCG_CALL_MAY_FAULT, void, env)
/* ERET: returns the new pc. */
DEF_HELPER_1(eret, 0, i64, env)
/* HVC/SMC: a PSCI call, or UNDEFINED. */
DEF_HELPER_1(hvc_smc, TCG_CALL_MAY_FAULT, void, env)
DEF_HELPER_1(semihosting, 0, void, env)

/* Alignment check the MemOp sizes cannot express (16-byte LDXP/STXP):
 * the i32 is the size in bytes, bit 31 set for a store. */
DEF_HELPER_3(check_align, TCG_CALL_MAY_FAULT, void, env, i64, i32)

#endif
