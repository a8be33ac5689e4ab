/*
 * Arm Generic Interrupt Controller v3 ("arm-gicv3"): the state, the input
 * lines, priorities and the outputs to the CPUs (arm_gicv3_internal.h).
 *
 * MMIO region 0 is the distributor (64 KiB), region 1 the redistributors
 * (128 KiB per CPU: RD_base and SGI_base frames).  Input lines: SPIs first
 * (line n is INTID 32 + n), then 32 lines per CPU for its PPIs (line
 * num_irq - 32 + 32 * cpu + intid), as the GICv2.  Outputs: IRQ then FIQ
 * of CPU 0, 1, ...  The CPU interface is reached through the CPUs' ICC_*
 * system registers, which realize attaches (hw/arm/boot.h).
 *
 * The per-interrupt registers are modelled byte by byte, as in the GICv2:
 * one byte per interrupt (priorities) or bit fields packed into bytes
 * (group, enable, pending, active: 8 interrupts a byte; configuration: 4),
 * so any access width is a loop over bytes.
 */
#include <glib.h>

#include "exec/cpu.h"
#include "hw/intc/arm_gicv3_internal.h"

GICv3Irq *gicv3_irq(GICv3State *s, unsigned cpu, unsigned intid)
{
    return intid < GICV3_NR_INTERNAL ? &s->cpu[cpu].internal[intid]
                                     : &s->spi[intid - GICV3_NR_INTERNAL];
}

bool gicv3_is_pending(const GICv3Irq *q) { return q->pending || (q->level && !q->edge); }

/* The CPU an SPI is routed to (GICD_IROUTER: Aff0 = CPU index), or -1. */
static int gicv3_spi_target(GICv3State *s, unsigned intid)
{
    uint64_t route = s->irouter[intid - GICV3_NR_INTERNAL];
    uint64_t aff0 = route & 0xff;

    return (route & ~0xffull) == 0 && aff0 < s->num_cpu ? (int)aff0 : -1;
}

/* ------------------------------------------------------- priorities */

unsigned gicv3_best_pending(GICv3State *s, unsigned cpu)
{
    unsigned best = GICV3_SPURIOUS, best_prio = GICV3_IDLE_PRIORITY + 1;

    for (unsigned intid = 0; intid < s->num_irq; intid++) {
        GICv3Irq *q = gicv3_irq(s, cpu, intid);

        if (q->enabled && !q->active && q->priority < best_prio && gicv3_is_pending(q) &&
            s->grp_enabled[q->group1] &&
            (intid < GICV3_NR_INTERNAL || gicv3_spi_target(s, intid) == (int)cpu)) {
            best = intid;
            best_prio = q->priority;
        }
    }
    return best;
}

unsigned gicv3_running_priority(const GICv3CPU *c)
{
    uint32_t active = c->apr[0] | c->apr[1];

    return active ? (unsigned)__builtin_ctz(active) << 3 : GICV3_IDLE_PRIORITY;
}

unsigned gicv3_group_priority(const GICv3CPU *c, bool group1, unsigned prio)
{
    unsigned shift = group1 && !c->cbpr ? c->bpr[1] : c->bpr[0] + 1u;

    return prio & (0xffu << shift) & 0xff;
}

bool gicv3_can_signal(GICv3State *s, unsigned cpu, unsigned intid)
{
    GICv3CPU *c = &s->cpu[cpu];
    GICv3Irq *q = gicv3_irq(s, cpu, intid);

    return c->grpen[q->group1] && q->priority < c->pmr &&
           gicv3_group_priority(c, q->group1, q->priority) < gicv3_running_priority(c);
}

void gicv3_update(GICv3State *s)
{
    for (unsigned cpu = 0; cpu < s->num_cpu; cpu++) {
        unsigned intid = gicv3_best_pending(s, cpu);
        bool signal = intid != GICV3_SPURIOUS && gicv3_can_signal(s, cpu, intid);
        bool group1 = signal && gicv3_irq(s, cpu, intid)->group1;

        qemu_set_irq(s->cpu[cpu].irq, signal && group1);
        qemu_set_irq(s->cpu[cpu].fiq, signal && !group1);
    }
}

/* ------------------------------------------------------- input lines */

static void gicv3_set_input(void *opaque, int line, int level)
{
    GICv3State *s = opaque;
    unsigned nspi = s->num_irq - GICV3_NR_INTERNAL;
    GICv3Irq *q;

    if ((unsigned)line < nspi) {
        q = &s->spi[line];
    } else {
        unsigned k = (unsigned)line - nspi;
        q = &s->cpu[k / GICV3_NR_INTERNAL].internal[k % GICV3_NR_INTERNAL];
    }
    if (level && !q->level && q->edge) {
        q->pending = true;
    }
    q->level = level != 0;
    gicv3_update(s);
}

/* ------------------------------------------------------- per-interrupt registers */

typedef enum GICv3Field {
    F_GROUP,
    F_ENABLE,
    F_PENDING,
    F_ACTIVE,
    F_PRIORITY,
    F_CONFIG,
} GICv3Field;

typedef struct GICv3IrqRange {
    uint32_t base, end; /* [base, end) in the frame */
    GICv3Field field;
    bool set;          /* for the set/clear pairs: this one sets */
    unsigned per_byte; /* interrupts per byte: 8 (bits), 4 (config), 1 (priority) */
} GICv3IrqRange;

static const GICv3IrqRange gicv3_irq_ranges[] = {
    {0x080, 0x100, F_GROUP, true, 8},    {0x100, 0x180, F_ENABLE, true, 8},
    {0x180, 0x200, F_ENABLE, false, 8},  {0x200, 0x280, F_PENDING, true, 8},
    {0x280, 0x300, F_PENDING, false, 8}, {0x300, 0x380, F_ACTIVE, true, 8},
    {0x380, 0x400, F_ACTIVE, false, 8},  {0x400, 0x800, F_PRIORITY, true, 1},
    {0xc00, 0xd00, F_CONFIG, true, 4},
};

static bool *gicv3_bit_field(GICv3Irq *q, GICv3Field f)
{
    switch (f) {
    case F_GROUP:
        return &q->group1;
    case F_ENABLE:
        return &q->enabled;
    case F_PENDING:
        return &q->pending;
    default:
        return &q->active;
    }
}

static uint8_t gicv3_read_field(GICv3Irq *q, GICv3Field f)
{
    switch (f) {
    case F_PRIORITY:
        return q->priority;
    case F_CONFIG:
        return q->edge ? 2 : 0;
    case F_PENDING:
        return gicv3_is_pending(q);
    default:
        return *gicv3_bit_field(q, f);
    }
}

static void gicv3_write_field(GICv3Irq *q, unsigned intid, GICv3Field f, bool set, uint8_t val)
{
    switch (f) {
    case F_PRIORITY:
        q->priority = val & GICV3_PRIO_MASK;
        break;
    case F_CONFIG:
        if (intid >= GICV3_NR_SGIS) { /* SGIs are always edge-triggered */
            q->edge = (val & 2) != 0;
        }
        break;
    case F_GROUP:
        q->group1 = val & 1;
        break;
    default:
        if (val & 1) {
            *gicv3_bit_field(q, f) = set;
        }
        break;
    }
}

static const GICv3IrqRange *gicv3_irq_range(uint32_t offset)
{
    for (size_t i = 0; i < G_N_ELEMENTS(gicv3_irq_ranges); i++) {
        if (offset >= gicv3_irq_ranges[i].base && offset < gicv3_irq_ranges[i].end) {
            return &gicv3_irq_ranges[i];
        }
    }
    return NULL;
}

bool gicv3_irq_reg_byte(GICv3State *s, unsigned cpu, unsigned lo, unsigned hi, uint32_t offset,
                        bool is_write, uint8_t *val)
{
    const GICv3IrqRange *r = gicv3_irq_range(offset);
    unsigned bits, first;
    uint8_t mask, out = 0;

    if (!r) {
        return false;
    }
    bits = 8 / r->per_byte;
    mask = (uint8_t)((1u << bits) - 1);
    first = (offset - r->base) * r->per_byte;
    for (unsigned i = 0; i < r->per_byte; i++) {
        unsigned intid = first + i;
        GICv3Irq *q;

        if (intid < lo || intid >= hi) {
            continue; /* RAZ/WI: another frame's or not implemented */
        }
        q = gicv3_irq(s, cpu, intid);
        if (is_write) {
            gicv3_write_field(q, intid, r->field, r->set, (uint8_t)(*val >> (i * bits)) & mask);
        } else {
            out |= (uint8_t)((gicv3_read_field(q, r->field) & mask) << (i * bits));
        }
    }
    if (!is_write) {
        *val = out;
    }
    return true;
}

/* PIDR4-7, PIDR0-3, CIDR0-3: Arm's JEP106 code, ArchRev 3 (GICv3) in PIDR2. */
uint8_t gicv3_id_byte(uint32_t offset, uint8_t pidr0)
{
    static const uint8_t ids[12] = {0x44, 0x00, 0x00, 0x00, 0x00, 0xb4,
                                    0x3b, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

    if (offset < 0xffd0 || (offset & 3) != 0) {
        return 0;
    }
    return offset == 0xffe0 ? pidr0 : ids[(offset - 0xffd0) / 4];
}

/* ------------------------------------------------------- device */

static void gicv3_init(DeviceState *dev)
{
    GICv3State *s = (GICv3State *)dev;

    s->num_irq = 288; /* QEMU's virt: 256 SPIs */
    s->num_cpu = 1;
    for (int i = 0; i < GICV3_MAX_CPUS; i++) {
        device_init_irq_out(dev, &s->cpu[i].irq);
        device_init_irq_out(dev, &s->cpu[i].fiq);
    }
}

static bool gicv3_realize(DeviceState *dev, char **errp)
{
    GICv3State *s = (GICv3State *)dev;
    unsigned nspi = s->num_irq - GICV3_NR_INTERNAL;

    if (s->num_cpu < 1 || s->num_cpu > GICV3_MAX_CPUS) {
        *errp = g_strdup_printf("num-cpu must be 1..%d", GICV3_MAX_CPUS);
        return false;
    }
    if (s->num_irq < GICV3_NR_INTERNAL || s->num_irq > GICV3_MAX_IRQS || s->num_irq % 32) {
        *errp = g_strdup("num-irq must be a multiple of 32 in 32..1020");
        return false;
    }
    s->dist_mmio = memory_region_new_io("gicv3-dist", GICV3_DIST_SIZE, &gicv3_dist_ops, s);
    s->redist_mmio = memory_region_new_io(
        "gicv3-redist", (uint64_t)s->num_cpu * GICV3_REDIST_SIZE, &gicv3_redist_ops, s);
    device_init_mmio(dev, s->dist_mmio);
    device_init_mmio(dev, s->redist_mmio);
    s->spi = g_new0(GICv3Irq, nspi);
    s->irouter = g_new0(uint64_t, nspi);
    device_init_irq_in(dev, gicv3_set_input, (int)(nspi + GICV3_NR_INTERNAL * s->num_cpu));
    CPU_FOREACH(cpu)
    {
        if ((unsigned)cpu->cpu_index < s->num_cpu) {
            arm_cpu_set_gicv3_cpuif(cpu, &gicv3_cpuif_ops, s);
        }
    }
    return true;
}

static void gicv3_reset_irq(GICv3Irq *q, bool edge)
{
    bool level = q->level;

    *q = (GICv3Irq){.edge = edge, .level = level};
}

static void gicv3_reset(DeviceState *dev)
{
    GICv3State *s = (GICv3State *)dev;

    s->grp_enabled[0] = s->grp_enabled[1] = false;
    for (unsigned cpu = 0; cpu < GICV3_MAX_CPUS; cpu++) {
        GICv3CPU *c = &s->cpu[cpu];

        for (unsigned intid = 0; intid < GICV3_NR_INTERNAL; intid++) {
            gicv3_reset_irq(&c->internal[intid], intid < GICV3_NR_SGIS);
        }
        c->sleep = true;
        c->pmr = 0;
        c->bpr[0] = 2; /* the minimum with 5 priority bits */
        c->bpr[1] = 3;
        c->cbpr = c->eoimode = false;
        c->grpen[0] = c->grpen[1] = false;
        c->apr[0] = c->apr[1] = 0;
    }
    for (unsigned i = 0; i < s->num_irq - GICV3_NR_INTERNAL; i++) {
        gicv3_reset_irq(&s->spi[i], false);
        s->irouter[i] = 0;
    }
    gicv3_update(s);
}

static const DeviceProperty gicv3_props[] = {
    DEVICE_PROP("num-cpu", PROP_U32, GICv3State, num_cpu),
    DEVICE_PROP("num-irq", PROP_U32, GICv3State, num_irq),
    {NULL},
};

static const DeviceClass gicv3_class = {
    .name = "arm-gicv3",
    .desc = "Arm GICv3 interrupt controller (board-internal)",
    .instance_size = sizeof(GICv3State),
    .props = gicv3_props,
    .init = gicv3_init,
    .realize = gicv3_realize,
    .reset = gicv3_reset,
};

device_type_init(gicv3_register) { device_type_register(&gicv3_class); }
