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

#endif
