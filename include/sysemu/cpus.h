/*
 * What the vCPU thread (softmmu/vl.c) needs beyond exec/cpu.h: waiting for
 * a halted CPU to get work, and the -icount switch.
 *
 *   for (;;) {
 *       int r = cpu_exec(cpu);           // without the big lock
 *       if (r == EXCP_HLT)
 *           cpu_wait_for_work(cpu);      // sleeps until an IRQ or cpu_exit()
 *       ...
 *   }
 */
#ifndef SYSEMU_CPUS_H
#define SYSEMU_CPUS_H

#include <stdbool.h>

#include "exec/cpu.h"

/*
 * Block until cpu has work (CPUClass.has_work, or any interrupt_request
 * bit if the target has no has_work), its exit_request is set, or
 * cpu_kick() is called.  Call it without holding the big lock: the threads
 * that raise interrupts may need it.
 */
void cpu_wait_for_work(CPUState *cpu);

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
