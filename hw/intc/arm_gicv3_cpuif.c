/*
 * The GICv3 CPU interface: the ICC_*_EL1 system registers, which the CPU
 * forwards here with the big lock held (hw/arm/boot.h).
 *
 * Acknowledging an interrupt sets the bit of its group priority in the
 * active priorities register of its group (ICC_AP0R0/AP1R0, one bit per
 * priority level: 32 levels with 5 priority bits); an EOI drops the
 * highest of them, and the running priority is the highest left.
 */
#include <glib.h>

#include "hw/intc/arm_gicv3_internal.h"
#include "util/log.h"

/* ICC_CTLR_EL1: CBPR, EOImode; PRIbits = 4 (5 bits), IDbits = 0 (16-bit INTIDs). */
enum { ICC_CTLR_CBPR = 1 << 0, ICC_CTLR_EOIMODE = 1 << 1, ICC_CTLR_PRIBITS = 4 << 8 };

/* ICC_SRE_EL1: SRE, DFB, DIB all fixed to 1 (no memory-mapped CPU interface). */
#define ICC_SRE_FIXED 0x7

/* ICC_SGI*R_EL1 fields. */
#define SGIR_TARGETS(v) ((v)&0xffff)
#define SGIR_AFF1(v)    (((v) >> 16) & 0xff)
#define SGIR_INTID(v)   (((v) >> 24) & 0xf)
#define SGIR_AFF2(v)    (((v) >> 32) & 0xff)
#define SGIR_IRM        (1ull << 40)
#define SGIR_RS(v)      (((v) >> 44) & 0xf)
#define SGIR_AFF3(v)    (((v) >> 48) & 0xff)

enum { BPR_MIN0 = 2, BPR_MIN1 = 3 };

/* ICC_IAR<g>: acknowledge the interrupt the CPU would take now, if of group g. */
static uint64_t icc_acknowledge(GICv3State *s, unsigned cpu, bool group1)
{
    GICv3CPU *c = &s->cpu[cpu];
    unsigned intid = gicv3_best_pending(s, cpu);
    GICv3Irq *q;

    if (intid == GICV3_SPURIOUS || !gicv3_can_signal(s, cpu, intid)) {
        return GICV3_SPURIOUS;
    }
    q = gicv3_irq(s, cpu, intid);
    if (q->group1 != group1) {
        return GICV3_SPURIOUS;
    }
    q->pending = false;
    q->active = true;
    c->apr[group1] |= 1u << (gicv3_group_priority(c, group1, q->priority) >> 3);
    gicv3_update(s);
    return intid;
}

/* ICC_HPPIR<g>: the highest-priority pending interrupt if it is of group g. */
static uint64_t icc_hppir(GICv3State *s, unsigned cpu, bool group1)
{
    unsigned intid = gicv3_best_pending(s, cpu);

    if (intid == GICV3_SPURIOUS || gicv3_irq(s, cpu, intid)->group1 != group1) {
        return GICV3_SPURIOUS;
    }
    return intid;
}

static void icc_deactivate(GICv3State *s, unsigned cpu, uint64_t val)
{
    unsigned intid = val & 0xffffff;

    if (intid < s->num_irq) {
        gicv3_irq(s, cpu, intid)->active = false;
    }
}

/* ICC_EOIR<g>: drop the highest active priority of group g (and deactivate). */
static void icc_end_of_interrupt(GICv3State *s, unsigned cpu, bool group1, uint64_t val)
{
    GICv3CPU *c = &s->cpu[cpu];
    unsigned intid = val & 0xffffff;

    if (intid >= GICV3_MAX_IRQS) {
        return; /* special INTIDs: no effect */
    }
    if (!c->apr[group1]) {
        log_mask_printf(LOG_GUEST_ERROR, "gicv3: EOI of %u with no active priority\n", intid);
        return;
    }
    c->apr[group1] &= c->apr[group1] - 1; /* the lowest bit: the highest priority */
    if (!c->eoimode) {
        icc_deactivate(s, cpu, val);
    }
}

/* ICC_SGI0R/SGI1R: SGI intid of group g to the listed CPUs, or all but this one (IRM). */
static void icc_send_sgi(GICv3State *s, unsigned self, bool group1, uint64_t val)
{
    unsigned intid = SGIR_INTID(val);

    for (unsigned cpu = 0; cpu < s->num_cpu; cpu++) {
        GICv3Irq *q = &s->cpu[cpu].internal[intid];
        bool selected = (val & SGIR_IRM) ? cpu != self
                                         : SGIR_AFF3(val) == 0 && SGIR_AFF2(val) == 0 &&
                                               SGIR_AFF1(val) == 0 && SGIR_RS(val) == 0 &&
                                               (SGIR_TARGETS(val) >> cpu) & 1;

        /* An SGI is forwarded only to CPUs that have it in the group it was sent for. */
        if (selected && q->group1 == group1) {
            q->pending = true;
        }
    }
}

static uint64_t icc_ctlr(const GICv3CPU *c)
{
    return (c->cbpr ? ICC_CTLR_CBPR : 0) | (c->eoimode ? ICC_CTLR_EOIMODE : 0) |
           ICC_CTLR_PRIBITS;
}

static uint64_t gicv3_icc_read(void *opaque, int cpu_index, ARMICCReg reg)
{
    GICv3State *s = opaque;
    unsigned cpu = (unsigned)cpu_index;
    GICv3CPU *c = &s->cpu[cpu];

    switch (reg) {
    case ARM_ICC_PMR:
        return c->pmr;
    case ARM_ICC_IAR0:
    case ARM_ICC_IAR1:
        return icc_acknowledge(s, cpu, reg == ARM_ICC_IAR1);
    case ARM_ICC_HPPIR0:
    case ARM_ICC_HPPIR1:
        return icc_hppir(s, cpu, reg == ARM_ICC_HPPIR1);
    case ARM_ICC_BPR0:
        return c->bpr[0];
    case ARM_ICC_BPR1: /* with CBPR, BPR0's view of group 1 */
        return c->cbpr ? MIN(c->bpr[0] + 1u, 7u) : c->bpr[1];
    case ARM_ICC_AP0R0:
        return c->apr[0];
    case ARM_ICC_AP1R0:
        return c->apr[1];
    case ARM_ICC_RPR:
        return gicv3_running_priority(c);
    case ARM_ICC_CTLR:
        return icc_ctlr(c);
    case ARM_ICC_SRE:
        return ICC_SRE_FIXED;
    case ARM_ICC_IGRPEN0:
        return c->grpen[0];
    case ARM_ICC_IGRPEN1:
        return c->grpen[1];
    default: /* write-only: the CPU's table makes such reads UNDEFINED */
        return 0;
    }
}

static void gicv3_icc_write(void *opaque, int cpu_index, ARMICCReg reg, uint64_t val)
{
    GICv3State *s = opaque;
    unsigned cpu = (unsigned)cpu_index;
    GICv3CPU *c = &s->cpu[cpu];

    switch (reg) {
    case ARM_ICC_PMR:
        c->pmr = val & GICV3_PRIO_MASK;
        break;
    case ARM_ICC_EOIR0:
    case ARM_ICC_EOIR1:
        icc_end_of_interrupt(s, cpu, reg == ARM_ICC_EOIR1, val);
        break;
    case ARM_ICC_DIR:
        icc_deactivate(s, cpu, val);
        break;
    case ARM_ICC_SGI0R:
    case ARM_ICC_SGI1R:
        icc_send_sgi(s, cpu, reg == ARM_ICC_SGI1R, val);
        break;
    case ARM_ICC_ASGI1R: /* one security state: no other state to send to */
        log_mask_printf(LOG_GUEST_ERROR, "gicv3: ICC_ASGI1R_EL1 write ignored\n");
        break;
    case ARM_ICC_BPR0:
        c->bpr[0] = MAX(val & 7, BPR_MIN0);
        break;
    case ARM_ICC_BPR1:
        if (!c->cbpr) {
            c->bpr[1] = MAX(val & 7, BPR_MIN1);
        }
        break;
    case ARM_ICC_AP0R0:
        c->apr[0] = (uint32_t)val;
        break;
    case ARM_ICC_AP1R0:
        c->apr[1] = (uint32_t)val;
        break;
    case ARM_ICC_CTLR:
        c->cbpr = val & ICC_CTLR_CBPR;
        c->eoimode = val & ICC_CTLR_EOIMODE;
        break;
    case ARM_ICC_IGRPEN0:
        c->grpen[0] = val & 1;
        break;
    case ARM_ICC_IGRPEN1:
        c->grpen[1] = val & 1;
        break;
    default: /* ICC_SRE_EL1 (fixed) and the read-only ones */
        break;
    }
    gicv3_update(s);
}

const ARMGICv3CPUIfOps gicv3_cpuif_ops = {
    .read = gicv3_icc_read,
    .write = gicv3_icc_write,
};
