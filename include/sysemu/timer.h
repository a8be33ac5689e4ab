/*
 * Clocks and timers for devices and CPUs (generic timer, RTC, UART
 * timeouts, ...).
 *
 * CLOCK_VIRTUAL is the guest's time in nanoseconds since the machine
 * started: host monotonic time by default, or, under -icount shift=N,
 * 2^N ns per guest instruction executed (deterministic).  CLOCK_HOST is
 * the host's wall-clock time (ns since the Unix epoch), for RTCs.
 *
 * Timers on CLOCK_VIRTUAL fire on the vCPU thread, between translation
 * blocks, with the big lock held: a callback may touch CPU state and raise
 * interrupt lines.  The main loop only wakes the vCPU thread when the
 * earliest deadline passes (or, under -icount, the vCPU thread stops its
 * slice at the instruction where it falls).  Create and modify timers with
 * the big lock held, or from the vCPU thread.
 */
#ifndef SYSEMU_TIMER_H
#define SYSEMU_TIMER_H

#include <stdbool.h>
#include <stdint.h>

typedef enum ClockType { CLOCK_VIRTUAL, CLOCK_HOST } ClockType;

int64_t clock_get_ns(ClockType type);

typedef struct Timer Timer;
typedef void TimerCallback(void *opaque);

/* A CLOCK_VIRTUAL timer, not armed. */
Timer *timer_new(TimerCallback *cb, void *opaque);
void timer_free(Timer *t);
/* Arm (or re-arm) t to fire once CLOCK_VIRTUAL reaches expire_ns. */
void timer_mod(Timer *t, int64_t expire_ns);
void timer_del(Timer *t);
bool timer_pending(const Timer *t);

#endif
