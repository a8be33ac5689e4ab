/*
 * The run-loop side of timer.h (softmmu/vl.c and the CPU loop): the clock
 * mode, running expired timers, and how long the vCPU thread may run or
 * sleep before the next one.
 */
#ifndef SYSEMU_TIMER_INTERNAL_H
#define SYSEMU_TIMER_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

/*
 * -icount shift=N[,sleep=on|off]: CLOCK_VIRTUAL advances 2^N ns per
 * instruction.  When every CPU is idle the clock jumps to the next timer:
 * at once with sleep=off, after the same span of host time with sleep=on
 * (QEMU's default).  Call before the machine starts.
 */
void timers_set_icount(int shift, bool sleep);
bool timers_icount_enabled(void);

/*
 * Wake the vCPU thread when the earliest deadline passes: hand it a
 * function that makes the running CPU leave its loop (host-clock mode;
 * the main loop's GLib context arms a source for it).  Without a kick
 * function (unit tests), timers only run when timers_run_expired() does.
 */
void timers_set_kick(void (*kick)(void));

/* Run every expired timer's callback; the caller holds the big lock. */
void timers_run_expired(void);
/* Whether a timer has expired (cheap; no lock needed). */
bool timers_expired(void);

/*
 * -icount: how many instructions may run before the next deadline
 * (INT64_MAX if none), for the CPU loop's budget.
 */
int64_t timers_icount_budget(void);

/*
 * Every CPU is idle: how long the thread may sleep, in host microseconds
 * (-1: until woken).  Under -icount with sleep=off this advances the clock
 * to the next deadline and returns 0.
 */
int64_t timers_idle_sleep_us(void);
/* Under -icount with sleep=on, after an idle sleep: let the clock follow host time. */
void timers_idle_woke(int64_t slept_ns);

#endif
