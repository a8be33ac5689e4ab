/*
 * Arm Generic Interrupt Controller v2 ("arm-gicv2"), as QEMU's virt board
 * has it without the Security Extensions: every interrupt is in group 0 and
 * signalled as IRQ; 8 priority bits; up to 8 CPUs.
 *
 * MMIO region 0 is the distributor (4 KiB), region 1 the CPU interface
 * (8 KiB); the registers of SGIs/PPIs and of the CPU interface are banked
 * by the accessing CPU (current_cpu).  Input lines: SPIs first (line n is
 * interrupt ID 32 + n), then 32 lines per CPU for its PPIs (line
 * num_irq - 32 + 32 * cpu + id).  Outputs: IRQ then FIQ of CPU 0, 1, ...
 *
 * The distributor is modelled byte by byte: every register is either one
 * byte per interrupt (priorities, targets), or bit fields packed into bytes
 * (enable, pending, active: 8 interrupts a byte; configuration: 4 a byte),
 * so any access width is a loop over bytes.  Only SGIR is a word register.
 */
#include <glib.h>
#include <stddef.h>

#include "exec/cpu.h"
#include "exec/memory.h"
#include "hw/device.h"
#include "util/log.h"

enum {
    GIC_NR_SGIS = 16,
    GIC_NR_INTERNAL = 32, /* SGIs and PPIs, banked per CPU */
    GIC_MAX_CPUS = 8,
    GIC_MAX_IRQS = 1020,
    GIC_SPURIOUS = 1023,
    GIC_DIST_SIZE = 0x1000,
    GIC_CPU_SIZE = 0x2000,
    GIC_MIN_BPR = 2,
    GIC_IDLE_PRIORITY = 0x100, /* running priority with nothing active */
};

/* GICC_CTLR bits */
enum { GICC_CTLR_ENABLE = 1 << 0, GICC_CTLR_EOIMODE = 1 << 9 };

typedef struct GICIrq {
    bool enabled;
    bool pending; /* latched: an edge arrived or software set it */
    bool active;
    bool level; /* the input line */
    bool edge;  /* GICD_ICFGR: edge-triggered */
    uint8_t priority;
    uint8_t targets; /* SPIs: CPU mask */
    uint8_t sgi_src; /* SGIs: one pending bit per source CPU */
} GICIrq;

/* An acknowledged interrupt whose priority has not been dropped yet. */
typedef struct GICActive {
    uint16_t irq;
    uint8_t src; /* SGIs: source CPU */
    uint8_t priority;
} GICActive;

typedef struct GICCpuIf {
    uint32_t ctlr;
    uint8_t pmr, bpr;
    GICActive stack[GIC_MAX_IRQS]; /* in acknowledge order */
    unsigned depth;
    qemu_irq irq, fiq;
} GICCpuIf;

typedef struct GICState {
    DeviceState parent;
    uint32_t num_cpu, num_irq; /* properties */
    MemoryRegion *dist_mmio, *cpu_mmio;
    bool enabled; /* GICD_CTLR */
    GICIrq banked[GIC_MAX_CPUS][GIC_NR_INTERNAL];
    GICIrq *spi; /* num_irq - 32 */
    GICCpuIf cpu[GIC_MAX_CPUS];
} GICState;

/* ID registers at 0xfd0-0xffc, one byte each word: a GICv2 (ArchRev 2). */
static const uint8_t gic_id[12] = {0x04, 0x00, 0x00, 0x00, 0x90, 0xb4,
                                   0x2b, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

static GICIrq *gic_irq(GICState *s, unsigned cpu, unsigned irq)
{
    return irq < GIC_NR_INTERNAL ? &s->banked[cpu][irq] : &s->spi[irq - GIC_NR_INTERNAL];
}

/* The CPU making an MMIO access (CPU 0 for accesses from outside guest code). */
static unsigned gic_current_cpu(GICState *s)
{
    unsigned c = current_cpu ? (unsigned)current_cpu->cpu_index : 0;

    return c < s->num_cpu ? c : 0;
}

/* ------------------------------------------------------- priorities */

static bool gic_is_pending(const GICIrq *q, unsigned irq)
{
    if (irq < GIC_NR_SGIS) {
        return q->sgi_src != 0;
    }
    return q->pending || (q->level && !q->edge);
}

static bool gic_targets_cpu(GICState *s, unsigned irq, unsigned cpu)
{
    return irq < GIC_NR_INTERNAL || (s->spi[irq - GIC_NR_INTERNAL].targets & (1u << cpu));
}

/* The group priority that preemption compares (GICC_BPR). */
static unsigned gic_group_priority(const GICCpuIf *c, unsigned prio)
{
    return prio & (0xffu << (c->bpr + 1)) & 0xff;
}

static unsigned gic_running_priority(const GICCpuIf *c)
{
    unsigned best = GIC_IDLE_PRIORITY;

    for (unsigned i = 0; i < c->depth; i++) {
        best = MIN(best, c->stack[i].priority);
    }
    return best;
}

/* The highest-priority pending, enabled, inactive interrupt for cpu, or GIC_SPURIOUS. */
static unsigned gic_best_pending(GICState *s, unsigned cpu)
{
    unsigned best = GIC_SPURIOUS, best_prio = GIC_IDLE_PRIORITY;

    for (unsigned irq = 0; irq < s->num_irq; irq++) {
        GICIrq *q = gic_irq(s, cpu, irq);

        if (q->enabled && !q->active && q->priority < best_prio && gic_is_pending(q, irq) &&
            gic_targets_cpu(s, irq, cpu)) {
            best = irq;
            best_prio = q->priority;
        }
    }
    return best;
}

/* The interrupt cpu would take now (priority mask and preemption applied), or GIC_SPURIOUS. */
static unsigned gic_deliverable(GICState *s, unsigned cpu)
{
    GICCpuIf *c = &s->cpu[cpu];
    unsigned irq;
    unsigned prio;

    if (!s->enabled || !(c->ctlr & GICC_CTLR_ENABLE)) {
        return GIC_SPURIOUS;
    }
    irq = gic_best_pending(s, cpu);
    if (irq == GIC_SPURIOUS) {
        return irq;
    }
    prio = gic_irq(s, cpu, irq)->priority;
    if (prio >= c->pmr || gic_group_priority(c, prio) >= gic_running_priority(c)) {
        return GIC_SPURIOUS;
    }
    return irq;
}

static void gic_update(GICState *s)
{
    for (unsigned cpu = 0; cpu < s->num_cpu; cpu++) {
        qemu_set_irq(s->cpu[cpu].irq, gic_deliverable(s, cpu) != GIC_SPURIOUS);
    }
}

/* ------------------------------------------------------- input lines */

static void gic_set_input(void *opaque, int line, int level)
{
    GICState *s = opaque;
    unsigned nspi = s->num_irq - GIC_NR_INTERNAL;
    GICIrq *q;

    if ((unsigned)line < nspi) {
        q = &s->spi[line];
    } else {
        unsigned k = (unsigned)line - nspi;
        q = &s->banked[k / GIC_NR_INTERNAL][k % GIC_NR_INTERNAL];
    }
    if (level && !q->level && q->edge) {
        q->pending = true;
    }
    q->level = level != 0;
    gic_update(s);
}

/* ------------------------------------------------------- distributor */

/* Bytes per register bank and interrupts per byte of the packed registers. */
typedef enum GICField {
    F_ENABLE,
    F_PENDING,
    F_ACTIVE,
    F_PRIORITY,
    F_TARGETS,
    F_CONFIG,
} GICField;

typedef struct GICDistRange {
    uint32_t base, end; /* [base, end) in the distributor */
    GICField field;
    bool set;          /* for the set/clear pairs: this one sets */
    unsigned per_byte; /* interrupts per byte: 8 (bits), 4 (config), 1 (bytes) */
} GICDistRange;

static const GICDistRange gic_dist_ranges[] = {
    {0x100, 0x180, F_ENABLE, true, 8},   {0x180, 0x200, F_ENABLE, false, 8},
    {0x200, 0x280, F_PENDING, true, 8},  {0x280, 0x300, F_PENDING, false, 8},
    {0x300, 0x380, F_ACTIVE, true, 8},   {0x380, 0x400, F_ACTIVE, false, 8},
    {0x400, 0x800, F_PRIORITY, true, 1}, {0x800, 0xc00, F_TARGETS, true, 1},
    {0xc00, 0xd00, F_CONFIG, true, 4},
};

static bool *gic_bit_field(GICIrq *q, GICField f)
{
    return f == F_ENABLE ? &q->enabled : f == F_PENDING ? &q->pending : &q->active;
}

static uint8_t gic_read_irq_field(GICState *s, unsigned cpu, unsigned irq, GICField f)
{
    GICIrq *q = gic_irq(s, cpu, irq);

    switch (f) {
    case F_PRIORITY:
        return q->priority;
    case F_TARGETS:
        return irq < GIC_NR_INTERNAL ? (uint8_t)(1u << cpu) : q->targets;
    case F_CONFIG:
        return q->edge ? 2 : 0;
    case F_PENDING:
        return gic_is_pending(q, irq);
    default:
        return *gic_bit_field(q, f);
    }
}

static void gic_write_irq_field(GICState *s, unsigned cpu, unsigned irq, GICField f, bool set,
                                uint8_t val)
{
    GICIrq *q = gic_irq(s, cpu, irq);

    switch (f) {
    case F_PRIORITY:
        q->priority = val;
        break;
    case F_TARGETS:
        if (irq >= GIC_NR_INTERNAL) {
            q->targets = val & (uint8_t)((1u << s->num_cpu) - 1);
        }
        break;
    case F_CONFIG:
        if (irq >= GIC_NR_SGIS) { /* SGIs are always edge-triggered */
            q->edge = (val & 2) != 0;
        }
        break;
    case F_PENDING:
        if (irq < GIC_NR_SGIS) {
            break; /* SGIs: through GICD_SPENDSGIR/CPENDSGIR */
        }
        /* fall through */
    default:
        if (val & 1) {
            *gic_bit_field(q, f) = set;
        }
        break;
    }
}

static const GICDistRange *gic_dist_range(uint32_t offset)
{
    for (size_t i = 0; i < G_N_ELEMENTS(gic_dist_ranges); i++) {
        if (offset >= gic_dist_ranges[i].base && offset < gic_dist_ranges[i].end) {
            return &gic_dist_ranges[i];
        }
    }
    return NULL;
}

/* One byte of the packed per-interrupt registers; false if offset is not one. */
static bool gic_dist_irq_byte(GICState *s, uint32_t offset, bool is_write, uint8_t *val)
{
    const GICDistRange *r = gic_dist_range(offset);
    unsigned cpu = gic_current_cpu(s);
    unsigned bits, first;
    uint8_t out = 0;

    if (!r) {
        return false;
    }
    bits = 8 / r->per_byte;
    first = (offset - r->base) * r->per_byte;
    for (unsigned i = 0; i < r->per_byte && first + i < s->num_irq; i++) {
        uint8_t mask = (uint8_t)((1u << bits) - 1);

        if (is_write) {
            gic_write_irq_field(s, cpu, first + i, r->field, r->set,
                                (uint8_t)(*val >> (i * bits)) & mask);
        } else {
            out |= (uint8_t)((gic_read_irq_field(s, cpu, first + i, r->field) & mask)
                             << (i * bits));
        }
    }
    if (!is_write) {
        *val = out;
    }
    return true;
}

/* GICD_SPENDSGIR / CPENDSGIR: a byte per SGI of the current CPU, a bit per source. */
static bool gic_dist_sgi_byte(GICState *s, uint32_t offset, bool is_write, uint8_t *val)
{
    unsigned cpu = gic_current_cpu(s);
    bool set = offset >= 0xf20;
    GICIrq *q;

    if (offset < 0xf10 || offset >= 0xf30) {
        return false;
    }
    q = &s->banked[cpu][offset & 0xf];
    if (!is_write) {
        *val = q->sgi_src;
    } else if (set) {
        q->sgi_src |= *val;
    } else {
        q->sgi_src &= (uint8_t) ~*val;
    }
    return true;
}

static uint8_t gic_dist_read_byte(GICState *s, uint32_t offset)
{
    uint32_t word = offset & ~3u;
    unsigned shift = (offset & 3) * 8;
    uint8_t val = 0;

    if (gic_dist_irq_byte(s, offset, false, &val) ||
        gic_dist_sgi_byte(s, offset, false, &val)) {
        return val;
    }
    switch (word) {
    case 0x000: /* GICD_CTLR */
        return (uint8_t)(s->enabled >> shift);
    case 0x004: /* GICD_TYPER: ITLinesNumber, CPUNumber */
        return (uint8_t)(((s->num_irq / 32 - 1) | ((s->num_cpu - 1) << 5)) >> shift);
    case 0x008: /* GICD_IIDR: Arm, GICv2 */
        return (uint8_t)(0x0200043bu >> shift);
    }
    if (offset >= 0xfd0 && (offset & 3) == 0) {
        return gic_id[(offset - 0xfd0) / 4];
    }
    return 0; /* GICD_IGROUPR (no groups without the Security Extensions), reserved */
}

/* GICD_SGIR: raise SGI id on the CPUs the filter selects. */
static void gic_write_sgir(GICState *s, uint32_t val)
{
    unsigned self = gic_current_cpu(s);
    unsigned id = val & 0xf;
    uint32_t targets;

    switch ((val >> 24) & 3) {
    case 0:
        targets = (val >> 16) & 0xff;
        break;
    case 1:
        targets = ((1u << s->num_cpu) - 1) & ~(1u << self);
        break;
    case 2:
        targets = 1u << self;
        break;
    default:
        log_mask_printf(LOG_GUEST_ERROR, "gic: GICD_SGIR with reserved filter 0x%x\n", val);
        return;
    }
    for (unsigned cpu = 0; cpu < s->num_cpu; cpu++) {
        if (targets & (1u << cpu)) {
            s->banked[cpu][id].sgi_src |= (uint8_t)(1u << self);
        }
    }
}

static uint64_t gic_dist_read(void *opaque, uint64_t addr, unsigned size)
{
    uint64_t val = 0;

    for (unsigned i = 0; i < size; i++) {
        val |= (uint64_t)gic_dist_read_byte(opaque, (uint32_t)addr + i) << (8 * i);
    }
    return val;
}

static void gic_dist_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    GICState *s = opaque;

    if (addr == 0xf00) {
        gic_write_sgir(s, (uint32_t)val);
    } else if (addr < 4) {
        if (addr == 0) {
            s->enabled = val & 1;
        }
    } else {
        for (unsigned i = 0; i < size; i++) {
            uint8_t b = (uint8_t)(val >> (8 * i));

            if (!gic_dist_irq_byte(s, (uint32_t)addr + i, true, &b) &&
                !gic_dist_sgi_byte(s, (uint32_t)addr + i, true, &b)) {
                log_mask_printf(LOG_GUEST_ERROR, "gic: write to read-only GICD 0x%x\n",
                                (unsigned)addr + i);
                break;
            }
        }
    }
    gic_update(s);
}

static const MemoryRegionOps gic_dist_ops = {
    .read = gic_dist_read,
    .write = gic_dist_write,
    .min_access = 1,
    .max_access = 4,
};

/* ------------------------------------------------------- CPU interface */

/* GICC_IAR: acknowledge the interrupt the CPU would take. */
static uint32_t gic_acknowledge(GICState *s, unsigned cpu)
{
    GICCpuIf *c = &s->cpu[cpu];
    unsigned irq = gic_deliverable(s, cpu);
    unsigned src = 0;
    GICIrq *q;

    if (irq == GIC_SPURIOUS) {
        return GIC_SPURIOUS;
    }
    q = gic_irq(s, cpu, irq);
    if (irq < GIC_NR_SGIS) {
        src = (unsigned)__builtin_ctz(q->sgi_src);
        q->sgi_src &= (uint8_t) ~(1u << src);
    } else {
        q->pending = false;
    }
    q->active = true;
    c->stack[c->depth++] = (GICActive){(uint16_t)irq, (uint8_t)src, q->priority};
    gic_update(s);
    return irq | (src << 10);
}

static void gic_deactivate(GICState *s, unsigned cpu, unsigned irq)
{
    if (irq < s->num_irq) {
        gic_irq(s, cpu, irq)->active = false;
    }
}

/* GICC_EOIR: drop the priority of an acknowledged interrupt (and deactivate it). */
static void gic_end_of_interrupt(GICState *s, unsigned cpu, uint32_t val)
{
    GICCpuIf *c = &s->cpu[cpu];
    unsigned irq = val & 0x3ff, src = (val >> 10) & 7;

    for (unsigned i = c->depth; i-- > 0;) {
        if (c->stack[i].irq == irq && (irq >= GIC_NR_SGIS || c->stack[i].src == src)) {
            memmove(&c->stack[i], &c->stack[i + 1], (c->depth - i - 1) * sizeof(c->stack[0]));
            c->depth--;
            if (!(c->ctlr & GICC_CTLR_EOIMODE)) {
                gic_deactivate(s, cpu, irq);
            }
            return;
        }
    }
    if (irq < s->num_irq) {
        log_mask_printf(LOG_GUEST_ERROR, "gic: EOI of interrupt %u, which is not active\n",
                        irq);
    }
}

static uint64_t gic_cpu_read(void *opaque, uint64_t addr, unsigned size)
{
    GICState *s = opaque;
    unsigned cpu = gic_current_cpu(s);
    GICCpuIf *c = &s->cpu[cpu];
    unsigned irq;

    switch (addr) {
    case 0x00:
        return c->ctlr;
    case 0x04:
        return c->pmr;
    case 0x08:
        return c->bpr;
    case 0x0c:
        return gic_acknowledge(s, cpu);
    case 0x14: /* GICC_RPR */
        return MIN(gic_running_priority(c), 0xffu);
    case 0x18: /* GICC_HPPIR: like QEMU, only what passes the priority mask */
        irq = gic_best_pending(s, cpu);
        if (irq != GIC_SPURIOUS && gic_irq(s, cpu, irq)->priority >= c->pmr)
            irq = GIC_SPURIOUS;
        return irq < GIC_NR_SGIS
                   ? irq | ((unsigned)__builtin_ctz(s->banked[cpu][irq].sgi_src) << 10)
                   : irq;
    case 0xfc: /* GICC_IIDR: Arm, GICv2 */
        return 0x0202043b;
    default:
        return 0; /* aliased (group 1) registers and APRs: nothing in group 1 */
    }
}

static void gic_cpu_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    GICState *s = opaque;
    unsigned cpu = gic_current_cpu(s);
    GICCpuIf *c = &s->cpu[cpu];

    switch (addr) {
    case 0x00:
        c->ctlr = (uint32_t)val & (GICC_CTLR_ENABLE | GICC_CTLR_EOIMODE);
        break;
    case 0x04:
        c->pmr = (uint8_t)val;
        break;
    case 0x08:
        c->bpr = (uint8_t)MAX(val & 7, GIC_MIN_BPR);
        break;
    case 0x10:
        gic_end_of_interrupt(s, cpu, (uint32_t)val);
        break;
    case 0x1000: /* GICC_DIR */
        gic_deactivate(s, cpu, val & 0x3ff);
        break;
    case 0xd0 ... 0xec: /* GICC_APRn, GICC_NSAPRn: priority drops are tracked, not saved */
        return;
    default:
        log_mask_printf(LOG_GUEST_ERROR, "gic: write to GICC 0x%x ignored\n", (unsigned)addr);
        return;
    }
    gic_update(s);
}

static const MemoryRegionOps gic_cpu_ops = {
    .read = gic_cpu_read,
    .write = gic_cpu_write,
    .min_access = 4,
    .max_access = 4,
};

/* ------------------------------------------------------- device */

static void gic_init(DeviceState *dev)
{
    GICState *s = (GICState *)dev;

    s->num_irq = 288; /* QEMU's virt: 256 SPIs */
    s->num_cpu = 1;
    s->dist_mmio = memory_region_new_io("gic-dist", GIC_DIST_SIZE, &gic_dist_ops, s);
    s->cpu_mmio = memory_region_new_io("gic-cpu", GIC_CPU_SIZE, &gic_cpu_ops, s);
    device_init_mmio(dev, s->dist_mmio);
    device_init_mmio(dev, s->cpu_mmio);
    for (int i = 0; i < GIC_MAX_CPUS; i++) {
        device_init_irq_out(dev, &s->cpu[i].irq);
        device_init_irq_out(dev, &s->cpu[i].fiq);
    }
}

static bool gic_realize(DeviceState *dev, char **errp)
{
    GICState *s = (GICState *)dev;

    if (s->num_cpu < 1 || s->num_cpu > GIC_MAX_CPUS) {
        *errp = g_strdup_printf("num-cpu must be 1..%d", GIC_MAX_CPUS);
        return false;
    }
    if (s->num_irq < GIC_NR_INTERNAL || s->num_irq > GIC_MAX_IRQS || s->num_irq % 32) {
        *errp = g_strdup("num-irq must be a multiple of 32 in 32..1020");
        return false;
    }
    s->spi = g_new0(GICIrq, s->num_irq - GIC_NR_INTERNAL);
    device_init_irq_in(dev, gic_set_input,
                       (int)(s->num_irq - GIC_NR_INTERNAL + GIC_NR_INTERNAL * s->num_cpu));
    return true;
}

static void gic_reset_irq(GICIrq *q, bool edge)
{
    bool level = q->level;

    *q = (GICIrq){.edge = edge, .level = level};
}

static void gic_reset(DeviceState *dev)
{
    GICState *s = (GICState *)dev;

    s->enabled = false;
    for (unsigned cpu = 0; cpu < GIC_MAX_CPUS; cpu++) {
        for (unsigned irq = 0; irq < GIC_NR_INTERNAL; irq++) {
            gic_reset_irq(&s->banked[cpu][irq], irq < GIC_NR_SGIS);
        }
        s->cpu[cpu].ctlr = 0;
        s->cpu[cpu].pmr = 0;
        s->cpu[cpu].bpr = GIC_MIN_BPR;
        s->cpu[cpu].depth = 0;
    }
    for (unsigned i = 0; i < s->num_irq - GIC_NR_INTERNAL; i++) {
        gic_reset_irq(&s->spi[i], false);
    }
    gic_update(s);
}

static const DeviceProperty gic_props[] = {
    DEVICE_PROP("num-cpu", PROP_U32, GICState, num_cpu),
    DEVICE_PROP("num-irq", PROP_U32, GICState, num_irq),
    {NULL},
};

static const DeviceClass gic_class = {
    .name = "arm-gicv2",
    .desc = "Arm GICv2 interrupt controller (board-internal)",
    .instance_size = sizeof(GICState),
    .props = gic_props,
    .init = gic_init,
    .realize = gic_realize,
    .reset = gic_reset,
};

device_type_init(gic_register) { device_type_register(&gic_class); }
