/*
 * AArch64 system registers (internal to target-arm/): their storage in the
 * CPU state and the syndrome (ESR) encodings exceptions report.
 * Owned by the system-register code (translate-a64-sys.c, sysregs.c).
 */
#ifndef TARGET_ARM_SYSREGS_H
#define TARGET_ARM_SYSREGS_H

#include <stdint.h>

typedef struct ARMSysRegs {
    /* Banked per exception level; index 0 unused where the EL has none. */
    uint64_t sp_el[4];
    uint64_t elr_el[4];
    uint64_t spsr_el[4];
    uint64_t esr_el[4];
    uint64_t far_el[4];
    uint64_t vbar_el[4];
    uint64_t sctlr_el[4];

    uint64_t tpidr_el0, tpidrro_el0, tpidr_el1;
    uint64_t cpacr_el1;
    uint64_t tcr_el1, ttbr0_el1, ttbr1_el1, mair_el1, contextidr_el1;
    uint64_t mdscr_el1, cntkctl_el1;
    uint64_t fpcr, fpsr;

    /* Identification, set by the CPU model. */
    uint64_t midr, mpidr, revidr;
    uint64_t id_aa64pfr0, id_aa64pfr1, id_aa64isar0, id_aa64isar1;
    uint64_t id_aa64mmfr0, id_aa64mmfr1, id_aa64dfr0, ctr, dczid;
} ARMSysRegs;

/* Exception classes for ESR_ELx.EC. */
enum {
    EC_UNCATEGORIZED = 0x00,
    EC_WFX = 0x01,
    EC_SYSTEMREGISTERTRAP = 0x18,
    EC_SVC = 0x15,
    EC_HVC = 0x16,
    EC_SMC = 0x17,
    EC_INSNABORT_LOWER = 0x20,
    EC_INSNABORT = 0x21,
    EC_PCALIGNMENT = 0x22,
    EC_DATAABORT_LOWER = 0x24,
    EC_DATAABORT = 0x25,
    EC_SPALIGNMENT = 0x26,
    EC_BRK = 0x3c,
};

#define ESR_IL (1u << 25)

static inline uint32_t syn_make(unsigned ec, uint32_t iss) { return (ec << 26) | ESR_IL | iss; }

#endif
