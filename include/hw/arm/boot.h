/*
 * What Arm boards need from the Arm CPU to boot a guest directly (without
 * firmware); implemented by target-arm.
 */
#ifndef HW_ARM_BOOT_H
#define HW_ARM_BOOT_H

#include <stdint.h>

#include "exec/cpu.h"
#include "hw/irq.h"

/* After reset: start at entry in the highest implemented EL with x0 (r0) =
 * x0 and the other argument registers zero (Linux arm64 boot protocol). */
void arm_cpu_set_boot_regs(CPUState *cpu, uint64_t entry, uint64_t x0);

/* The generic timers whose outputs a board connects (to GIC PPIs). */
enum { ARM_GT_PHYS, ARM_GT_VIRT, ARM_GT_COUNT };

/* Connect timer t's interrupt output (level: asserted while it fires). */
void arm_cpu_set_timer_irq(CPUState *cpu, int t, qemu_irq irq);

/* The GICv3 CPU-interface system registers (ICC_*_EL1) a GIC implements. */
typedef enum ARMICCReg {
    ARM_ICC_PMR,
    ARM_ICC_IAR0,
    ARM_ICC_EOIR0,
    ARM_ICC_HPPIR0,
    ARM_ICC_BPR0,
    ARM_ICC_AP0R0,
    ARM_ICC_AP1R0,
    ARM_ICC_DIR,
    ARM_ICC_RPR,
    ARM_ICC_SGI1R,
    ARM_ICC_ASGI1R,
    ARM_ICC_SGI0R,
    ARM_ICC_IAR1,
    ARM_ICC_EOIR1,
    ARM_ICC_HPPIR1,
    ARM_ICC_BPR1,
    ARM_ICC_CTLR,
    ARM_ICC_SRE,
    ARM_ICC_IGRPEN0,
    ARM_ICC_IGRPEN1,
} ARMICCReg;

/* A GICv3's side of the CPU interface; called with the big lock held. */
typedef struct ARMGICv3CPUIfOps {
    uint64_t (*read)(void *opaque, int cpu_index, ARMICCReg reg);
    void (*write)(void *opaque, int cpu_index, ARMICCReg reg, uint64_t value);
} ARMGICv3CPUIfOps;

/* Route cpu's ICC_* registers (UNDEFINED without a GICv3) to ops and
 * advertise the system-register interface in ID_AA64PFR0_EL1.GIC. */
void arm_cpu_set_gicv3_cpuif(CPUState *cpu, const ARMGICv3CPUIfOps *ops, void *opaque);

#endif
