/*
 * Timers (softmmu/timers.c) under -icount with sleep=off, where
 * CLOCK_VIRTUAL only moves with instructions and idle warps: firing order,
 * deletion, re-arming from a callback, the CPU loop's instruction budget.
 * No CPU exists here, so the clock moves by idle warps only.
 */
#include "sysemu/timer-internal.h"
#include "sysemu/timer.h"
#include "test.h"

static int fired[8];
static int nfired;

static void record(void *opaque) { fired[nfired++] = (int)(intptr_t)opaque; }

/* Advance the clock to the next deadline and run what expired. */
static void idle_until_next(void)
{
    CHECK_EQ(timers_idle_sleep_us(), 0);
    CHECK(timers_expired());
    timers_run_expired();
}

static void test_order_and_delete(void)
{
    int64_t t0 = clock_get_ns(CLOCK_VIRTUAL);
    Timer *a = timer_new(record, (void *)1);
    Timer *b = timer_new(record, (void *)2);
    Timer *c = timer_new(record, (void *)3);

    nfired = 0;
    timer_mod(a, t0 + 300);
    timer_mod(b, t0 + 100);
    timer_mod(c, t0 + 200);
    CHECK(!timers_expired());
    CHECK_EQ(timers_icount_budget(), 100); /* shift 0: 1 ns an instruction */
    timer_del(c);
    CHECK(!timer_pending(c));
    idle_until_next();
    CHECK_EQ(clock_get_ns(CLOCK_VIRTUAL), t0 + 100);
    idle_until_next();
    CHECK_EQ(clock_get_ns(CLOCK_VIRTUAL), t0 + 300);
    CHECK_EQ(nfired, 2);
    CHECK_EQ(fired[0], 2);
    CHECK_EQ(fired[1], 1);
    CHECK_EQ(timers_idle_sleep_us(), -1); /* nothing armed */
    CHECK_EQ(timers_icount_budget(), INT64_MAX);
    timer_free(a);
    timer_free(b);
    timer_free(c);
}

static Timer *periodic;
static int ticks;

static void tick(void *opaque)
{
    (void)opaque;
    if (++ticks < 3)
        timer_mod(periodic, clock_get_ns(CLOCK_VIRTUAL) + 50);
}

static void test_rearm_from_callback(void)
{
    int64_t t0 = clock_get_ns(CLOCK_VIRTUAL);

    periodic = timer_new(tick, NULL);
    timer_mod(periodic, t0 + 50);
    for (int i = 0; i < 3; i++)
        idle_until_next();
    CHECK_EQ(ticks, 3);
    CHECK_EQ(clock_get_ns(CLOCK_VIRTUAL), t0 + 150);
    CHECK(!timer_pending(periodic));
    timer_free(periodic);
}

int main(void)
{
    timers_set_icount(0, false);
    RUN_TEST(test_order_and_delete);
    RUN_TEST(test_rearm_from_callback);
    return test_finish();
}
