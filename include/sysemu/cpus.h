/*
 * What the vCPU thread (softmmu/vl.c) needs beyond exec/cpu.h: waiting for
 * a halted CPU to get work, and the -icount switch.
 *
 *   for (;;) {
 *       int r = cpu_exec(cpu);           // without the big lock
 *       if (r == EXCP_HLT)
 *           cpu_wait_for_work(cpu, -1);  // sleeps until an IRQ or cpu_exit()
 *       ...
 *   }
 */
#ifndef SYSEMU_CPUS_H
#define SYSEMU_CPUS_H

#include <stdbool.h>
#include <stdint.h>

#include "exec/cpu.h"

/*
 * Block until cpu has work (CPUClass.has_work, or any interrupt_request
 * bit if the target has no has_work), its exit_request is set, cpu_kick()
 * is called, or timeout_us microseconds have passed (-1: no timeout).
 * Returns the nanoseconds it slept.  Call it without holding the big lock:
 * the threads that raise interrupts may need it.
 */
int64_t cpu_wait_for_work(CPUState *cpu, int64_t timeout_us);

/*
 * Wake cpu_wait_for_work() (any thread).  cpu_set_irq(), cpu_interrupt()
 * and cpu_exit() already do this.
 */
void cpu_kick(CPUState *cpu);

/*
 * Reset a CPU for a machine reset: drops its pending exception, TLB and
 * jump cache (translations of the old regime must not survive), then
 * calls CPUClass.reset.  Use this rather than cc->reset directly.
 */
void cpu_reset(CPUState *cpu);

/* CPUClass.has_work, or "an interrupt_request bit is set" without one. */
bool cpu_has_work(CPUState *cpu);

/*
 * -icount: count down CPUState.icount_budget by the instructions executed;
 * cpu_exec() returns EXCP_YIELD once it is <= 0 (checked between blocks, so
 * a block may overshoot by its length).  The caller refills the budget.
 */
void cpu_exec_set_icount(bool enabled);

#endif
