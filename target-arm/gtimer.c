/*
 * The generic timer (gtimer.h): a 62.5 MHz system counter derived from
 * CLOCK_VIRTUAL, and per CPU the EL1 physical and virtual timers.
 *
 * A timer's condition is "enabled and counter >= CVAL"; its output line is
 * that condition unless IMASK is set.  The output is recomputed on every
 * register write and when the host timer armed for CVAL fires, and the
 * host timer is armed only while the condition is still in the future.
 */
#include "target-arm/gtimer.h"

#include "sysemu/runstate.h"
#include "sysemu/timer.h"

#define GT_NS_PER_TICK (1000000000 / ARM_CNTFRQ)

/* CNTx_CTL bits. */
enum {
    CTL_ENABLE = 1 << 0,
    CTL_IMASK = 1 << 1,
    CTL_ISTATUS = 1 << 2, /* read-only, computed */
};

uint64_t arm_gt_count(ARMCPU *cpu)
{
    return (uint64_t)clock_get_ns(CLOCK_VIRTUAL) / GT_NS_PER_TICK;
}

static bool gt_condition(ARMCPU *cpu, int t)
{
    return (cpu->sys.cnt_ctl[t] & CTL_ENABLE) && arm_gt_count(cpu) >= cpu->sys.cnt_cval[t];
}

static void gt_fired(void *opaque);

/* With the big lock held: drive the output, arm the host timer for CVAL. */
static void gt_update_locked(ARMCPU *cpu, int t)
{
    bool cond = gt_condition(cpu, t);
    uint64_t cval = cpu->sys.cnt_cval[t];

    qemu_set_irq(cpu->gt_irq[t], cond && !(cpu->sys.cnt_ctl[t] & CTL_IMASK));
    if (!cpu->gt_timer[t]) {
        cpu->gt_timer[t] = timer_new(gt_fired, cpu);
    }
    /* A CVAL too far away to express in ns never fires: leave it unarmed. */
    if ((cpu->sys.cnt_ctl[t] & CTL_ENABLE) && !cond && cval < INT64_MAX / GT_NS_PER_TICK) {
        timer_mod(cpu->gt_timer[t], (int64_t)cval * GT_NS_PER_TICK);
    } else {
        timer_del(cpu->gt_timer[t]);
    }
}

static void gt_update(ARMCPU *cpu, int t)
{
    bql_lock();
    gt_update_locked(cpu, t);
    bql_unlock();
}

/* Host timer callback (vCPU thread, big lock held): one timer serves both. */
static void gt_fired(void *opaque)
{
    ARMCPU *cpu = opaque;

    for (int t = 0; t < ARM_GT_COUNT; t++) {
        gt_update_locked(cpu, t);
    }
}

uint64_t arm_gt_read_ctl(ARMCPU *cpu, int t)
{
    return (cpu->sys.cnt_ctl[t] & (CTL_ENABLE | CTL_IMASK)) |
           (gt_condition(cpu, t) ? CTL_ISTATUS : 0);
}

void arm_gt_write_ctl(ARMCPU *cpu, int t, uint64_t val)
{
    cpu->sys.cnt_ctl[t] = val & (CTL_ENABLE | CTL_IMASK);
    gt_update(cpu, t);
}

uint64_t arm_gt_read_cval(ARMCPU *cpu, int t) { return cpu->sys.cnt_cval[t]; }

void arm_gt_write_cval(ARMCPU *cpu, int t, uint64_t val)
{
    cpu->sys.cnt_cval[t] = val;
    gt_update(cpu, t);
}

/* TVAL is the signed 32-bit distance from the counter to CVAL. */
uint64_t arm_gt_read_tval(ARMCPU *cpu, int t)
{
    return (uint32_t)(cpu->sys.cnt_cval[t] - arm_gt_count(cpu));
}

void arm_gt_write_tval(ARMCPU *cpu, int t, uint64_t val)
{
    arm_gt_write_cval(cpu, t, arm_gt_count(cpu) + (uint64_t)(int64_t)(int32_t)val);
}

void arm_gt_reset(ARMCPU *cpu)
{
    for (int t = 0; t < ARM_GT_COUNT; t++) {
        gt_update(cpu, t);
    }
}

void arm_cpu_set_timer_irq(CPUState *cs, int t, qemu_irq irq) { arm_cpu(cs)->gt_irq[t] = irq; }
