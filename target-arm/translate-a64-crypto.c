/*
 * A64 cryptographic extension (FEAT_AES with FEAT_PMULL, FEAT_SHA1,
 * FEAT_SHA256): decode table and translation.  Each instruction is one
 * helper call on the V registers in place (helper-crypto.c).
 *
 * These are SIMD&FP instructions: once the encoding is known to be
 * allocated and the feature present, fp_access_check decides whether they
 * trap (CPACR_EL1.FPEN).
 */
#include "target-arm/cpu-features.h"
#include "target-arm/helper-crypto.h"
#include "target-arm/translate-a64-vec.h"

/* Whether the instruction may execute: feature present (else UNDEFINED), FP enabled (else
 * trap). */
typedef bool CryptoFeature(const ARMCPU *cpu);

/*
 * Common prologue: false if UNDEFINED; *emit false if fp_access_check
 * emitted the trap and nothing else may follow.
 */
static bool crypto_access(DisasContext *s, CryptoFeature *feature, bool *emit)
{
    if (!feature(s->cpu)) {
        return false;
    }
    *emit = fp_access_check(s);
    return true;
}

/* One helper call on whole registers, data as the descriptor's immediate. */
static bool do_crypto2(DisasContext *s, const A64Args *a, CryptoFeature *feature,
                       GenVecHelper2 *fn, int32_t data)
{
    bool emit;

    if (!crypto_access(s, feature, &emit)) {
        return false;
    }
    if (emit) {
        gen_vec_op2(fn, a->rd, a->rn, true, data);
    }
    return true;
}

static bool do_crypto3(DisasContext *s, const A64Args *a, CryptoFeature *feature,
                       GenVecHelper3 *fn, int32_t data)
{
    bool emit;

    if (!crypto_access(s, feature, &emit)) {
        return false;
    }
    if (emit) {
        gen_vec_op3(fn, a->rd, a->rn, a->rm, true, data);
    }
    return true;
}

/* AESE (op 0), AESD (op 1). */
static bool trans_AESE(DisasContext *s, const A64Args *a)
{
    return do_crypto2(s, a, arm_has_aes, gen_helper_crypto_aese, (int32_t)a->op);
}

/* AESMC (op 0), AESIMC (op 1). */
static bool trans_AESMC(DisasContext *s, const A64Args *a)
{
    return do_crypto2(s, a, arm_has_aes, gen_helper_crypto_aesmc, (int32_t)a->op);
}

/* SHA three-register, by opc: SHA1C, SHA1P, SHA1M, SHA1SU0, SHA256H, SHA256H2, SHA256SU1. */
static bool trans_SHA3(DisasContext *s, const A64Args *a)
{
    switch (a->opc) {
    case 0:
    case 1:
    case 2:
        return do_crypto3(s, a, arm_has_sha1, gen_helper_crypto_sha1_rounds, (int32_t)a->opc);
    case 3:
        return do_crypto3(s, a, arm_has_sha1, gen_helper_crypto_sha1su0, 0);
    case 4:
    case 5:
        return do_crypto3(s, a, arm_has_sha256, gen_helper_crypto_sha256h, (int32_t)a->opc - 4);
    case 6:
        return do_crypto3(s, a, arm_has_sha256, gen_helper_crypto_sha256su1, 0);
    default:
        return false;
    }
}

/* SHA two-register, by opcode: SHA1H, SHA1SU1, SHA256SU0. */
static bool trans_SHA2(DisasContext *s, const A64Args *a)
{
    switch (a->opcode) {
    case 0:
        return do_crypto2(s, a, arm_has_sha1, gen_helper_crypto_sha1h, 0);
    case 1:
        return do_crypto2(s, a, arm_has_sha1, gen_helper_crypto_sha1su1, 0);
    case 2:
        return do_crypto2(s, a, arm_has_sha256, gen_helper_crypto_sha256su0, 0);
    default:
        return false;
    }
}

/* PMULL (Q = 0) and PMULL2 (Q = 1) of doublewords: Vd.1Q = Vn.D[Q] * Vm.D[Q]. */
static bool trans_PMULL64(DisasContext *s, const A64Args *a)
{
    return do_crypto3(s, a, arm_has_pmull, gen_helper_crypto_pmull64, (int32_t)a->Q);
}

const A64Pattern a64_crypto_patterns[] = {
    {"AESE/AESD", "01001110 00 10100 0010 op:1 10 rn:5 rd:5", trans_AESE},
    {"AESMC/AESIMC", "01001110 00 10100 0011 op:1 10 rn:5 rd:5", trans_AESMC},
    {"SHA (three registers)", "01011110 00 0 rm:5 0 opc:3 00 rn:5 rd:5", trans_SHA3},
    {"SHA (two registers)", "01011110 00 10100 opcode:5 10 rn:5 rd:5", trans_SHA2},
    /* PMULL of bytes (size 00) is Advanced SIMD three-different: translate-a64-simd.c. */
    {"PMULL/PMULL2 (1Q)", "0 Q:1 0 01110 11 1 rm:5 1110 00 rn:5 rd:5", trans_PMULL64},
    {NULL, NULL, NULL},
};
