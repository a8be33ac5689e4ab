/*
 * AArch64 system registers (internal to target-arm/): their storage in the
 * CPU state and the syndrome (ESR) encodings exceptions report.
 * Owned by the system-register code (translate-a64-sys.c, sysregs.c).
 */
#ifndef TARGET_ARM_SYSREGS_H
#define TARGET_ARM_SYSREGS_H

#include <stdbool.h>
#include <stdint.h>

#include "target-arm/pmu.h"

/* Identification registers: set by the CPU model, kept across reset. */
typedef struct ARMIDRegs {
    uint64_t midr, mpidr, revidr;
    uint64_t id_aa64pfr0, id_aa64pfr1, id_aa64isar0, id_aa64isar1;
    uint64_t id_aa64mmfr0, id_aa64mmfr1, id_aa64dfr0, ctr, dczid;
} ARMIDRegs;

/* Breakpoints and watchpoints ID_AA64DFR0_EL1 advertises (BRPs + 1, WRPs + 1), as QEMU A57. */
#define ARM_DBG_BRPS 6
#define ARM_DBG_WRPS 4

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

    /* Added by the system-register code (sysregs.c). */
    uint64_t par_el1, amair_el1, actlr_el1, csselr_el1;
    uint64_t cnt_ctl[2], cnt_cval[2]; /* generic timers, by ARM_GT_PHYS/VIRT (gtimer.c) */

    /* Self-hosted debug: the registers keep their values; nothing triggers on them. */
    uint64_t dbgbvr[ARM_DBG_BRPS], dbgbcr[ARM_DBG_BRPS];
    uint64_t dbgwvr[ARM_DBG_WRPS], dbgwcr[ARM_DBG_WRPS];
    uint64_t mdccint_el1, osdlr_el1, dbgprcr_el1, oslk;
    ARMPMU pmu; /* pmu.c */

    /* The exception being raised (arm_raise_exception -> arm_cpu_do_interrupt). */
    uint32_t excp_syndrome;
    uint32_t excp_target_el;
    uint64_t excp_vaddr; /* FAR for aborts */
} ARMSysRegs;

/* Exception classes for ESR_ELx.EC. */
enum {
    EC_UNCATEGORIZED = 0x00,
    EC_WFX = 0x01,
    EC_ADVSIMDFPACCESSTRAP = 0x07,
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

/* Fault status codes (ESR DFSC/IFSC); level-based ones take "| level". */
enum {
    FSC_ADDR_SIZE = 0x00,
    FSC_TRANSLATION = 0x04,
    FSC_ACCESS_FLAG = 0x08,
    FSC_PERMISSION = 0x0c,
    FSC_SYNC_EXT = 0x10,
    FSC_SYNC_EXT_WALK = 0x14,
    FSC_ALIGNMENT = 0x21,
};

#define ISS_DABT_WNR (1u << 6)

/* SCTLR_EL1 bits the emulation looks at. */
#define SCTLR_M    (1ull << 0)
#define SCTLR_A    (1ull << 1)
#define SCTLR_DZE  (1ull << 14)
#define SCTLR_WXN  (1ull << 19)
#define SCTLR_SPAN (1ull << 23)

/* Generic timer frequency: 62.5 MHz, as QEMU's virt board. */
#define ARM_CNTFRQ 62500000ull

static inline uint32_t syn_make(unsigned ec, uint32_t iss) { return (ec << 26) | ESR_IL | iss; }

static inline uint32_t arm_syn_uncategorized(void) { return syn_make(EC_UNCATEGORIZED, 0); }

/* ------------------------------------------------ the system register table */

struct ARMCPU;

/* ARMSysReg.flags */
enum {
    ARM_SR_EL0_R = 1 << 0,  /* EL0 may read */
    ARM_SR_EL0_W = 1 << 1,  /* EL0 may write */
    ARM_SR_RO = 1 << 2,     /* MSR is UNDEFINED */
    ARM_SR_WO = 1 << 3,     /* MRS is UNDEFINED */
    ARM_SR_END_TB = 1 << 4, /* a write changes translation state: end the TB */
    ARM_SR_IO = 1 << 5,     /* reads or schedules against CLOCK_VIRTUAL (translator_io_start) */
};

#define ARM_SR_ANY      0xff /* in ARMSysReg.crm/op2: matches every value */
#define ARM_SR_NO_FIELD (-1)

/*
 * One system register (MRS/MSR, op0 = 2 or 3).  Storage is the uint64_t at
 * offset in ARMCPU, or hooks; with neither, reads return value and writes
 * are ignored.  access, if set, decides at run time whether an access is
 * allowed (it replaces the EL0 flags, e.g. counters gated by CNTKCTL_EL1).
 */
typedef struct ARMSysReg {
    const char *name;
    uint8_t op0, op1, crn, crm, op2;
    uint8_t flags;
    long offset;
    uint64_t value;
    uint64_t (*read)(struct ARMCPU *cpu);
    void (*write)(struct ARMCPU *cpu, uint64_t val);
    bool (*access)(struct ARMCPU *cpu, bool is_write);
} ARMSysReg;

/* The register an MRS/MSR names, or NULL (UNDEFINED). */
const ARMSysReg *arm_sysreg_find(int op0, int op1, int crn, int crm, int op2);
/* Small integers naming a table entry in helper calls, and back. */
int arm_sysreg_key(const ARMSysReg *r);

/* SYS instructions (op0 = 1): cache and TLB maintenance, address translation. */
typedef enum ARMSysInsnKind {
    SYSI_NOP, /* cache maintenance without effect on an emulator */
    SYSI_DC_ZVA,
    SYSI_IC_IVAU,
    SYSI_IC_IALLU,
    SYSI_TLBI_ALL, /* VMALLE1, ASIDE1 (no ASID tagging in the TLB: arm_tlbi_all) */
    SYSI_TLBI_VA,  /* VAE1, VAAE1, VALE1, VAALE1 */
    SYSI_TLBI_ALL_IS,
    SYSI_TLBI_VA_IS,
    SYSI_AT, /* AT S1E1R/W, S1E0R/W */
} ARMSysInsnKind;

typedef struct ARMSysInsn {
    const char *name;
    uint8_t op1, crn, crm, op2;
    ARMSysInsnKind kind;
    bool el0; /* allowed at EL0 (IC IVAU, DC ZVA/CVAU/CIVAC/CVAC) */
} ARMSysInsn;

const ARMSysInsn *arm_sysinsn_find(int op1, int crn, int crm, int op2);
int arm_sysinsn_key(const ARMSysInsn *si);

/* The result of a successful stage-1 translation (mmu.c). */
typedef struct ARMTranslation {
    uint64_t pa;
    int prot;              /* PAGE_* */
    uint64_t page_size;    /* of the page or block mapping va */
    uint64_t granule_size; /* the translation granule (4K, 16K, 64K) */
    uint8_t mair_attr;     /* MAIR_EL1 byte the descriptor selects */
    uint8_t shareability;  /* SH as PAR_EL1 reports it */
} ARMTranslation;

/*
 * Stage-1 translation of the EL1&0 regime without side effects (AT, and
 * arm_cpu_tlb_fill).  On success fills *t; on a fault returns false with
 * *fsc the fault status code.  arm_mmu_translate is the same with the
 * address, permissions and mapping size only.
 */
bool arm_mmu_translate_full(struct ARMCPU *cpu, uint64_t va, int access, int mmu_idx,
                            ARMTranslation *t, uint32_t *fsc);
bool arm_mmu_translate(struct ARMCPU *cpu, uint64_t va, int access, int mmu_idx, uint64_t *pa,
                       int *prot, uint64_t *page_size, uint32_t *fsc);

/*
 * TLB maintenance of the EL1&0 regime (mmu.c); broadcast: the IS forms, on
 * every CPU.  arm_tlbi_all serves VMALLE1 and ASIDE1 (the TLB holds no
 * ASIDs); arm_tlbi_va takes the TLBI operand Xt (VA[55:12] in bits 43:0).
 */
void arm_tlbi_all(struct ARMCPU *cpu, bool broadcast);
void arm_tlbi_va(struct ARMCPU *cpu, uint64_t xt, bool broadcast);
/* The ASID in force (TCR_EL1.A1 selects the TTBR, TCR_EL1.AS its size). */
uint32_t arm_current_asid(const struct ARMCPU *cpu);
/* After a TTBR or TCR write: flush the EL1&0 TLB if the ASID in force changed. */
void arm_asid_maybe_changed(struct ARMCPU *cpu, uint32_t old_asid);

/* Interrupts that became deliverable (DAIF unmasked): make the CPU loop look. */
void arm_recheck_interrupts(struct ARMCPU *cpu);

#endif
