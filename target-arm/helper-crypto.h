/*
 * Helpers of the A64 cryptographic extension (translate-a64-crypto.c emits
 * the calls, helper-crypto.c defines them).  They follow the vector helper
 * conventions of translate-a64-vec.h: pointers to whole V registers in the
 * CPU state, written in place, and a descriptor whose immediate picks the
 * variant (its size is ignored: every one writes all 128 bits of Vd).
 */
#ifndef TARGET_ARM_HELPER_CRYPTO_H
#define TARGET_ARM_HELPER_CRYPTO_H

#include "tcg/tcg-helper.h"

#define CRYPTO_HELPER_FLAGS TCG_CALL_NO_RWG

/* AESE/AESD: Vd = [Inv]SubBytes([Inv]ShiftRows(Vd ^ Vn)); desc data 1 = decrypt. */
DEF_HELPER_3(crypto_aese, CRYPTO_HELPER_FLAGS, void, ptr, ptr, i32)
/* AESMC/AESIMC: Vd = [Inv]MixColumns(Vn); desc data 1 = inverse. */
DEF_HELPER_3(crypto_aesmc, CRYPTO_HELPER_FLAGS, void, ptr, ptr, i32)

/* SHA1C, SHA1P, SHA1M: four rounds; desc data = 0 choose, 1 parity, 2 majority. */
DEF_HELPER_4(crypto_sha1_rounds, CRYPTO_HELPER_FLAGS, void, ptr, ptr, ptr, i32)
DEF_HELPER_4(crypto_sha1su0, CRYPTO_HELPER_FLAGS, void, ptr, ptr, ptr, i32)
DEF_HELPER_3(crypto_sha1su1, CRYPTO_HELPER_FLAGS, void, ptr, ptr, i32)
/* SHA1H: Sd = ROL(Sn, 30), the rest of Vd zeroed. */
DEF_HELPER_3(crypto_sha1h, CRYPTO_HELPER_FLAGS, void, ptr, ptr, i32)

/* SHA256H (desc data 0) and SHA256H2 (1). */
DEF_HELPER_4(crypto_sha256h, CRYPTO_HELPER_FLAGS, void, ptr, ptr, ptr, i32)
DEF_HELPER_3(crypto_sha256su0, CRYPTO_HELPER_FLAGS, void, ptr, ptr, i32)
DEF_HELPER_4(crypto_sha256su1, CRYPTO_HELPER_FLAGS, void, ptr, ptr, ptr, i32)

/* PMULL/PMULL2 .1Q: the 128-bit carry-less product of doubleword (desc data) of Vn and Vm. */
DEF_HELPER_4(crypto_pmull64, CRYPTO_HELPER_FLAGS, void, ptr, ptr, ptr, i32)

#endif
