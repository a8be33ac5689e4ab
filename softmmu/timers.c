/*
 * Clocks and timers (sysemu/timer.h, sysemu/timer-internal.h).
 *
 * Armed timers sit in one list sorted by deadline, under timers_lock; the
 * earliest deadline is also kept in an atomic so that the CPU loop can test
 * "has anything expired?" without the lock.  Lock order: the big lock
 * before timers_lock; callbacks run with timers_lock released.
 */
#include <glib.h>

#include "exec/cpu.h"
#include "sysemu/timer-internal.h"
#include "sysemu/timer.h"

struct Timer {
    TimerCallback *cb;
    void *opaque;
    int64_t expire_ns;
    bool pending;
    Timer *next;
};

static GMutex timers_lock;
static Timer *active;                   /* armed timers, earliest first */
static int64_t earliest_ns = INT64_MAX; /* active->expire_ns, read atomically */

static int icount_shift = -1; /* -1: CLOCK_VIRTUAL follows the host */
static bool icount_sleep;
static int64_t icount_warp_ns; /* idle time skipped or slept under -icount */

static GSource *kick_source; /* fires at the earliest deadline: wakes the vCPU thread */
static void (*kick_fn)(void);

/* ------------------------------------------------------------ clocks */

static int64_t host_monotonic_ns(void) { return g_get_monotonic_time() * 1000; }

/* Host monotonic time at the first clock read: CLOCK_VIRTUAL's zero. */
static int64_t virtual_epoch_ns(void)
{
    static gsize done;
    static int64_t epoch;

    if (g_once_init_enter(&done)) {
        epoch = host_monotonic_ns();
        g_once_init_leave(&done, 1);
    }
    return epoch;
}

static int64_t icount_insns(void)
{
    int64_t n = 0;

    CPU_FOREACH(cpu)
    {
        n += (int64_t)__atomic_load_n(&cpu->insns_executed, __ATOMIC_RELAXED) +
             __atomic_load_n(&cpu->icount_tb_offset, __ATOMIC_RELAXED);
    }
    return n;
}

int64_t clock_get_ns(ClockType type)
{
    if (type == CLOCK_HOST) {
        return g_get_real_time() * 1000;
    }
    if (icount_shift >= 0) {
        return (icount_insns() << icount_shift) +
               __atomic_load_n(&icount_warp_ns, __ATOMIC_RELAXED);
    }
    return host_monotonic_ns() - virtual_epoch_ns();
}

void timers_set_icount(int shift, bool sleep)
{
    icount_shift = shift;
    icount_sleep = sleep;
}

bool timers_icount_enabled(void) { return icount_shift >= 0; }

/* ------------------------------------------------------------ the list */

/*
 * With timers_lock held: the list's head may have changed.  With host time
 * the main loop's kick source is re-armed for the new deadline; under
 * -icount an earlier deadline makes the running CPU stop after its current
 * block, so that the loop recomputes its instruction budget.
 */
static void earliest_changed(void)
{
    int64_t e = active ? active->expire_ns : INT64_MAX;
    int64_t old = __atomic_exchange_n(&earliest_ns, e, __ATOMIC_ACQ_REL);

    if (!kick_source) {
        return;
    }
    if (icount_shift >= 0) {
        if (e < old) {
            kick_fn();
        }
        return;
    }
    g_source_set_ready_time(kick_source,
                            e == INT64_MAX ? -1 : (e + virtual_epoch_ns() + 999) / 1000);
}

static void unlink_locked(Timer *t)
{
    for (Timer **p = &active; *p; p = &(*p)->next) {
        if (*p == t) {
            *p = t->next;
            break;
        }
    }
    t->pending = false;
}

Timer *timer_new(TimerCallback *cb, void *opaque)
{
    Timer *t = g_new0(Timer, 1);

    t->cb = cb;
    t->opaque = opaque;
    return t;
}

void timer_free(Timer *t)
{
    if (t) {
        timer_del(t);
        g_free(t);
    }
}

void timer_mod(Timer *t, int64_t expire_ns)
{
    Timer **p;

    g_mutex_lock(&timers_lock);
    unlink_locked(t);
    t->expire_ns = expire_ns;
    t->pending = true;
    for (p = &active; *p && (*p)->expire_ns <= expire_ns; p = &(*p)->next) {
    }
    t->next = *p;
    *p = t;
    earliest_changed();
    g_mutex_unlock(&timers_lock);
}

void timer_del(Timer *t)
{
    g_mutex_lock(&timers_lock);
    if (t->pending) {
        unlink_locked(t);
        earliest_changed();
    }
    g_mutex_unlock(&timers_lock);
}

bool timer_pending(const Timer *t) { return t->pending; }

bool timers_expired(void)
{
    return clock_get_ns(CLOCK_VIRTUAL) >= __atomic_load_n(&earliest_ns, __ATOMIC_ACQUIRE);
}

void timers_run_expired(void)
{
    for (;;) {
        int64_t now = clock_get_ns(CLOCK_VIRTUAL);
        Timer *t;

        g_mutex_lock(&timers_lock);
        t = active;
        if (!t || t->expire_ns > now) {
            g_mutex_unlock(&timers_lock);
            return;
        }
        unlink_locked(t);
        earliest_changed();
        g_mutex_unlock(&timers_lock);
        t->cb(t->opaque);
    }
}

/* ------------------------------------------------------------ run loop */

static gboolean kick_dispatch(GSource *src, GSourceFunc cb, gpointer data)
{
    g_source_set_ready_time(src, -1);
    kick_fn();
    return G_SOURCE_CONTINUE;
}

void timers_set_kick(void (*kick)(void))
{
    static GSourceFuncs funcs = {.dispatch = kick_dispatch};

    kick_fn = kick;
    kick_source = g_source_new(&funcs, sizeof(GSource));
    g_source_attach(kick_source, NULL);
    g_mutex_lock(&timers_lock);
    earliest_changed();
    g_mutex_unlock(&timers_lock);
}

/* Nanoseconds from now to the earliest deadline (<= 0: expired), or INT64_MAX. */
static int64_t ns_to_deadline(void)
{
    int64_t e = __atomic_load_n(&earliest_ns, __ATOMIC_ACQUIRE);

    return e == INT64_MAX ? INT64_MAX : e - clock_get_ns(CLOCK_VIRTUAL);
}

int64_t timers_icount_budget(void)
{
    int64_t delta = ns_to_deadline();

    if (delta == INT64_MAX) {
        return INT64_MAX;
    }
    if (delta <= 0) {
        return 0;
    }
    return (delta + (1ll << icount_shift) - 1) >> icount_shift;
}

int64_t timers_idle_sleep_us(void)
{
    int64_t delta = ns_to_deadline();

    if (delta == INT64_MAX) {
        return -1;
    }
    if (delta <= 0) {
        return 0;
    }
    if (icount_shift >= 0 && !icount_sleep) {
        __atomic_add_fetch(&icount_warp_ns, delta, __ATOMIC_RELAXED);
        return 0;
    }
    return (delta + 999) / 1000;
}

void timers_idle_woke(int64_t slept_ns)
{
    int64_t delta = ns_to_deadline();

    if (icount_shift < 0 || slept_ns <= 0) {
        return;
    }
    if (delta != INT64_MAX && slept_ns > delta) {
        slept_ns = delta > 0 ? delta : 0;
    }
    __atomic_add_fetch(&icount_warp_ns, slept_ns, __ATOMIC_RELAXED);
}
