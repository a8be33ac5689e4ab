/*
 * The GICv3 CPU-interface system registers (internal to target-arm/):
 * sysregs.c's ICC_* entries call these, which forward to the GIC a board
 * attached with arm_cpu_set_gicv3_cpuif (hw/arm/boot.h).
 */
#ifndef TARGET_ARM_GICV3_CPUIF_H
#define TARGET_ARM_GICV3_CPUIF_H

#include "hw/arm/boot.h"
#include "target-arm/cpu.h"

/* ICC_* are accessible from EL1 up, and only with a GICv3 attached. */
bool arm_icc_access(ARMCPU *cpu, bool is_write);
/* Forward to the GIC under the big lock. */
uint64_t arm_icc_read(ARMCPU *cpu, ARMICCReg reg);
void arm_icc_write(ARMCPU *cpu, ARMICCReg reg, uint64_t val);

#endif
