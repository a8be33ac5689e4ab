/*
 * What Arm boards need from the Arm CPU to boot a guest directly (without
 * firmware); implemented by target-arm.
 */
#ifndef HW_ARM_BOOT_H
#define HW_ARM_BOOT_H

#include <stdint.h>

#include "exec/cpu.h"

/* After reset: start at entry in the highest implemented EL with x0 (r0) =
 * x0 and the other argument registers zero (Linux arm64 boot protocol). */
void arm_cpu_set_boot_regs(CPUState *cpu, uint64_t entry, uint64_t x0);

#endif
