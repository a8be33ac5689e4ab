/*
 * The generic timer of each CPU (internal to target-arm/): the system
 * counter and the EL1 physical and virtual timers, whose outputs are the
 * interrupt lines a board wires to its GIC (hw/arm/boot.h).
 *
 * Register accesses come from the vCPU thread; the timers' interrupt lines
 * are driven under the big lock, which these functions take.
 */
#ifndef TARGET_ARM_GTIMER_H
#define TARGET_ARM_GTIMER_H

#include "hw/arm/boot.h"
#include "target-arm/cpu.h"

/* The system counter (CNTPCT; CNTVCT too, since CNTVOFF is 0 without EL2). */
uint64_t arm_gt_count(ARMCPU *cpu);

/* CNTx_CTL (ENABLE, IMASK, ISTATUS), CNTx_CVAL, CNTx_TVAL of timer t (ARM_GT_*). */
uint64_t arm_gt_read_ctl(ARMCPU *cpu, int t);
void arm_gt_write_ctl(ARMCPU *cpu, int t, uint64_t val);
uint64_t arm_gt_read_cval(ARMCPU *cpu, int t);
void arm_gt_write_cval(ARMCPU *cpu, int t, uint64_t val);
uint64_t arm_gt_read_tval(ARMCPU *cpu, int t);
void arm_gt_write_tval(ARMCPU *cpu, int t, uint64_t val);

/* After a CPU reset (CTL cleared): lower the lines, stop the timers. */
void arm_gt_reset(ARMCPU *cpu);

#endif
