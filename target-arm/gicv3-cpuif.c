/*
 * The ICC_* system registers reach the GICv3 the board attached
 * (gicv3-cpuif.h).  The GIC's state is shared with devices and timers,
 * which drive it under the big lock, so every access takes the lock.
 */
#include "target-arm/gicv3-cpuif.h"

#include "sysemu/runstate.h"

/* ID_AA64PFR0_EL1.GIC, bits 27:24: 1 = GICv3/v4 system registers implemented. */
#define PFR0_GIC_SHIFT 24
#define PFR0_GIC_MASK  (0xfull << PFR0_GIC_SHIFT)

void arm_cpu_set_gicv3_cpuif(CPUState *cs, const ARMGICv3CPUIfOps *ops, void *opaque)
{
    ARMCPU *cpu = arm_cpu(cs);

    cpu->gicv3_ops = ops;
    cpu->gicv3_opaque = opaque;
    cpu->id.id_aa64pfr0 = (cpu->id.id_aa64pfr0 & ~PFR0_GIC_MASK) | (1ull << PFR0_GIC_SHIFT);
}

bool arm_icc_access(ARMCPU *cpu, bool is_write)
{
    return cpu->gicv3_ops && arm_current_el(cpu) > 0;
}

uint64_t arm_icc_read(ARMCPU *cpu, ARMICCReg reg)
{
    uint64_t val;

    bql_lock();
    val = cpu->gicv3_ops->read(cpu->gicv3_opaque, cpu->parent.cpu_index, reg);
    bql_unlock();
    return val;
}

void arm_icc_write(ARMCPU *cpu, ARMICCReg reg, uint64_t val)
{
    bql_lock();
    cpu->gicv3_ops->write(cpu->gicv3_opaque, cpu->parent.cpu_index, reg, val);
    bql_unlock();
}
