/*
 * The AArch64 CPU state (internal to target-arm/).
 *
 * Register conventions the translator and helpers share:
 *  - xregs[31] is the stack pointer currently selected (SP_EL0 or SP_ELx);
 *    the banked copies live in sp_el[] and are swapped on exception entry,
 *    return and MSR SPSel.  XZR is never stored.
 *  - NZCV is kept unpacked for cheap flag generation:
 *      N = bit 63 of nf, Z = (zf == 0), C = cf (0 or 1), V = bit 63 of vf.
 *    32-bit operations sign-extend their result into nf/vf.
 *  - pstate holds the rest of PSTATE (EL, SP, DAIF, ...) as in SPSR layout,
 *    with its NZCV bits kept zero: use arm_pstate_read()/arm_pstate_write().
 */
#ifndef TARGET_ARM_CPU_H
#define TARGET_ARM_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "exec/cpu.h"
#include "target-arm/sysregs.h"

/* Architectural exception kinds (cpu->tcg.exception_index < EXCP_INTERRUPT). */
enum {
    ARM_EXCP_UDEF = 1, /* undefined instruction */
    ARM_EXCP_SVC,      /* SVC */
    ARM_EXCP_HVC,
    ARM_EXCP_SMC,
    ARM_EXCP_PREFETCH_ABORT,
    ARM_EXCP_DATA_ABORT,
    ARM_EXCP_BKPT, /* BRK */
    ARM_EXCP_IRQ,
    ARM_EXCP_FIQ,
    ARM_EXCP_SERROR,
    ARM_EXCP_ALIGNMENT, /* reported as a data abort with an alignment FSC */
};

/* PSTATE bits (SPSR layout). */
#define PSTATE_SP       (1u << 0) /* SPSel: use SP_ELx */
#define PSTATE_EL_SHIFT 2
#define PSTATE_EL_MASK  (3u << 2)
#define PSTATE_nRW      (1u << 4) /* 0: AArch64 */
#define PSTATE_F        (1u << 6)
#define PSTATE_I        (1u << 7)
#define PSTATE_A        (1u << 8)
#define PSTATE_D        (1u << 9)
#define PSTATE_DAIF     (PSTATE_D | PSTATE_A | PSTATE_I | PSTATE_F)
#define PSTATE_IL       (1u << 20)
#define PSTATE_SS       (1u << 21)
#define PSTATE_PAN      (1u << 22)
#define PSTATE_V        (1u << 28)
#define PSTATE_C        (1u << 29)
#define PSTATE_Z        (1u << 30)
#define PSTATE_N        (1u << 31)
#define PSTATE_NZCV     (PSTATE_N | PSTATE_Z | PSTATE_C | PSTATE_V)

/* MMU indexes: which translation regime and privilege an access uses. */
enum {
    ARM_MMU_IDX_EL0 = 0,
    ARM_MMU_IDX_EL1,
    ARM_MMU_IDX_EL1_PAN,
    ARM_MMU_IDX_EL2,
    ARM_MMU_IDX_EL3,
    ARM_MMU_IDX_COUNT
};

/* TB flags: the state translation depends on (arm_get_tb_cpu_state). */
#define TBFLAG_EL_MASK 3u        /* current exception level */
#define TBFLAG_ALIGN   (1u << 2) /* SCTLR_ELx.A: check alignment of all accesses */
#define TBFLAG_SS      (1u << 3) /* software step active */
#define TBFLAG_PAN     (1u << 4) /* PSTATE.PAN: privileged accesses use EL1_PAN */
#define TBFLAG_FPEN    (1u << 5) /* CPACR_EL1.FPEN lets SIMD&FP run at this EL */

typedef struct ARMCPU {
    CPUState parent;

    uint64_t xregs[32];
    uint64_t pc;
    uint64_t nf, zf, cf, vf;
    uint32_t pstate;

    /* Exclusive monitor (LDXR/STXR): address, or -1 when clear. */
    uint64_t exclusive_addr;
    uint64_t exclusive_val;
    uint64_t exclusive_high; /* second register of LDXP */

    /*
     * SIMD&FP registers V0-V31, 128 bits each, little-endian halves:
     * vregs[n][0] holds bits 63:0 (Dn), vregs[n][1] bits 127:64.  Writing a
     * B/H/S/D register zeroes the rest of the 128 bits.
     */
    uint64_t vregs[32][2];

    ARMSysRegs sys; /* system registers: target-arm/sysregs.h */

    /* Generic timers (gtimer.c): host timers and the output lines. */
    struct Timer *gt_timer[2];
    struct IRQState *gt_irq[2];
    /* A GICv3's CPU interface behind the ICC_* registers (gicv3-cpuif.c), or NULL. */
    const struct ARMGICv3CPUIfOps *gicv3_ops;
    void *gicv3_opaque;
    ARMIDRegs id;   /* identification registers, kept across reset */
} ARMCPU;

static inline ARMCPU *arm_cpu(CPUState *cs) { return (ARMCPU *)cs; }

static inline int arm_current_el(const ARMCPU *cpu)
{
    return (cpu->pstate & PSTATE_EL_MASK) >> PSTATE_EL_SHIFT;
}

uint32_t arm_pstate_read(const ARMCPU *cpu);         /* with NZCV */
void arm_pstate_write(ARMCPU *cpu, uint32_t pstate); /* sets NZCV too; does not swap SP */

/* Swap xregs[31] with the banked SP for the PSTATE EL/SPSel now in force. */
void arm_sp_save(ARMCPU *cpu);
void arm_sp_restore(ARMCPU *cpu);

/* Record an exception to take (from helpers and tlb_fill); see sysregs.h. */
void arm_raise_exception(ARMCPU *cpu, int excp, uint32_t syndrome, int target_el);

/* Semihosting and PSCI calls, performed when HLT #0xF000 / HVC / SMC execute. */
void arm_semihosting_call(ARMCPU *cpu);
bool arm_psci_call(ARMCPU *cpu); /* false: not a PSCI call */

/*
 * The system side of the CPU (exceptions.c, mmu.c), for cpu.c to hook into
 * its CPUClass:
 *   .tlb_fill = arm_cpu_tlb_fill, .do_unaligned_access = arm_cpu_do_unaligned_access,
 *   .do_transaction_failed = arm_cpu_do_transaction_failed,
 *   .do_interrupt = arm_cpu_do_interrupt, .exec_interrupt = arm_cpu_exec_interrupt,
 *   .has_work = arm_cpu_has_work.
 */
bool arm_cpu_tlb_fill(CPUState *cs, uint64_t vaddr, int size, MMUAccessType access, int mmu_idx,
                      bool probe);
void arm_cpu_do_unaligned_access(CPUState *cs, uint64_t vaddr, MMUAccessType access,
                                 int mmu_idx);
void arm_cpu_do_transaction_failed(CPUState *cs, uint64_t paddr, uint64_t vaddr,
                                   MMUAccessType access, int mmu_idx);
void arm_cpu_do_interrupt(CPUState *cs);
bool arm_cpu_exec_interrupt(CPUState *cs, uint32_t interrupt_request);
bool arm_cpu_has_work(CPUState *cs);

/* The MMU index of ordinary data accesses in the current PSTATE (EL, PAN). */
int arm_cpu_mmu_idx(const ARMCPU *cpu);

#endif
