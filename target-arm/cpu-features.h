/*
 * Which optional A64 features a CPU model has, read from its ID registers
 * (internal to target-arm/).  The ID registers are the single source: the
 * model sets them in cpu.c, the guest reads them with MRS, and the
 * translator asks these predicates, so an instruction of a feature the
 * model does not advertise is UNDEFINED.  ID registers never change after
 * the model is set up, so a translated block may depend on them.
 */
#ifndef TARGET_ARM_CPU_FEATURES_H
#define TARGET_ARM_CPU_FEATURES_H

#include "target-arm/cpu.h"

/* Field positions (bit offsets of 4-bit unsigned fields). */
enum {
    ISAR0_AES = 4,     /* 1: AES, 2: AES and PMULL */
    ISAR0_SHA1 = 8,    /* 1: SHA1C ... SHA1SU1 */
    ISAR0_SHA2 = 12,   /* 1: SHA256 */
    ISAR0_CRC32 = 16,  /* 1: CRC32, CRC32C */
    ISAR0_ATOMIC = 20, /* 2: LSE atomics */
    ISAR0_RDM = 28,    /* 1: SQRDMLAH, SQRDMLSH */
    ISAR0_TS = 52,     /* 1: FlagM (CFINV, RMIF, SETF8, SETF16) */
    ISAR1_DPB = 0,     /* 1: DC CVAP */
    ISAR1_LRCPC = 20,  /* 1: LDAPR */
    ISAR1_SB = 36,     /* 1: SB */
    MMFR0_TG16 = 20,   /* 1: the 16K translation granule */
};

static inline unsigned arm_id_field(uint64_t reg, int shift)
{
    return (unsigned)(reg >> shift) & 0xf;
}

static inline bool arm_has_aes(const ARMCPU *cpu)
{
    return arm_id_field(cpu->id.id_aa64isar0, ISAR0_AES) >= 1;
}

static inline bool arm_has_pmull(const ARMCPU *cpu)
{
    return arm_id_field(cpu->id.id_aa64isar0, ISAR0_AES) >= 2;
}

static inline bool arm_has_sha1(const ARMCPU *cpu)
{
    return arm_id_field(cpu->id.id_aa64isar0, ISAR0_SHA1) >= 1;
}

static inline bool arm_has_sha256(const ARMCPU *cpu)
{
    return arm_id_field(cpu->id.id_aa64isar0, ISAR0_SHA2) >= 1;
}

static inline bool arm_has_crc32(const ARMCPU *cpu)
{
    return arm_id_field(cpu->id.id_aa64isar0, ISAR0_CRC32) >= 1;
}

static inline bool arm_has_lse(const ARMCPU *cpu)
{
    return arm_id_field(cpu->id.id_aa64isar0, ISAR0_ATOMIC) >= 2;
}

static inline bool arm_has_rdm(const ARMCPU *cpu)
{
    return arm_id_field(cpu->id.id_aa64isar0, ISAR0_RDM) >= 1;
}

static inline bool arm_has_flagm(const ARMCPU *cpu)
{
    return arm_id_field(cpu->id.id_aa64isar0, ISAR0_TS) >= 1;
}

static inline bool arm_has_dpb(const ARMCPU *cpu)
{
    return arm_id_field(cpu->id.id_aa64isar1, ISAR1_DPB) >= 1;
}

static inline bool arm_has_rcpc(const ARMCPU *cpu)
{
    return arm_id_field(cpu->id.id_aa64isar1, ISAR1_LRCPC) >= 1;
}

static inline bool arm_has_sb(const ARMCPU *cpu)
{
    return arm_id_field(cpu->id.id_aa64isar1, ISAR1_SB) >= 1;
}

#endif
