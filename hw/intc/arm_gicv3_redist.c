/*
 * The GICv3 redistributors (GICR): per CPU a 64 KiB RD_base frame
 * (identification, power management) and a 64 KiB SGI_base frame (the
 * SGIs' and PPIs' per-interrupt registers, laid out as the distributor's).
 * No LPIs: GICR_CTLR, PROPBASER and PENDBASER read as zero.
 */
#include "hw/intc/arm_gicv3_internal.h"

enum {
    GICR_CTLR = 0x0000,
    GICR_IIDR = 0x0004,
    GICR_TYPER = 0x0008, /* 64 bits */
    GICR_WAKER = 0x0014,
    GICR_PIDR0 = 0x93,
};

/* GICR_TYPER: Last (the final frame of the region), the CPU number and affinity. */
enum { TYPER_LAST = 1 << 4 };

/* GICR_WAKER: ProcessorSleep (RW) and ChildrenAsleep (RO, follows it at once).  As on
 * QEMU, a sleeping redistributor still forwards interrupts: there is no power
 * controller to wake. */
enum { WAKER_SLEEP = 1 << 1, WAKER_ASLEEP = 1 << 2 };

static uint64_t gicr_rd_reg(GICv3State *s, unsigned cpu, uint32_t reg)
{
    switch (reg) {
    case GICR_IIDR:
        return 0x43b;
    case GICR_TYPER:
        return (uint64_t)cpu << 32 | (uint64_t)cpu << 8 |
               (cpu == s->num_cpu - 1 ? TYPER_LAST : 0);
    case GICR_WAKER:
        return s->cpu[cpu].sleep ? WAKER_SLEEP | WAKER_ASLEEP : 0;
    default:
        return 0;
    }
}

/* One byte of the RD_base frame; registers are at most 8 bytes, 8-aligned. */
static uint8_t gicr_rd_read_byte(GICv3State *s, unsigned cpu, uint32_t offset)
{
    if (offset >= 0xffd0) {
        return gicv3_id_byte(offset, GICR_PIDR0);
    }
    uint32_t reg = offset >= GICR_TYPER && offset < GICR_TYPER + 8 ? GICR_TYPER : offset & ~3u;
    unsigned shift = 8 * (offset - reg);

    return (uint8_t)(gicr_rd_reg(s, cpu, reg) >> shift);
}

static void gicr_rd_write_byte(GICv3State *s, unsigned cpu, uint32_t offset, uint8_t val)
{
    if (offset == GICR_WAKER) {
        s->cpu[cpu].sleep = val & WAKER_SLEEP;
    }
}

/* Split a redistributor offset into its CPU, frame (0: RD_base, 1: SGI_base) and offset. */
static unsigned gicr_decode(uint64_t addr, unsigned *frame, uint32_t *offset)
{
    *frame = (unsigned)(addr / GICV3_REDIST_FRAME) & 1;
    *offset = (uint32_t)(addr % GICV3_REDIST_FRAME);
    return (unsigned)(addr / GICV3_REDIST_SIZE);
}

static uint8_t gicr_read_byte(GICv3State *s, uint64_t addr)
{
    unsigned frame;
    uint32_t offset;
    unsigned cpu = gicr_decode(addr, &frame, &offset);
    uint8_t val = 0;

    if (frame == 0) {
        return gicr_rd_read_byte(s, cpu, offset);
    }
    gicv3_irq_reg_byte(s, cpu, 0, GICV3_NR_INTERNAL, offset, false, &val);
    return val;
}

static void gicr_write_byte(GICv3State *s, uint64_t addr, uint8_t val)
{
    unsigned frame;
    uint32_t offset;
    unsigned cpu = gicr_decode(addr, &frame, &offset);

    if (frame == 0) {
        gicr_rd_write_byte(s, cpu, offset, val);
    } else {
        gicv3_irq_reg_byte(s, cpu, 0, GICV3_NR_INTERNAL, offset, true, &val);
    }
}

static uint64_t gicr_read(void *opaque, uint64_t addr, unsigned size)
{
    uint64_t val = 0;

    for (unsigned i = 0; i < size; i++) {
        val |= (uint64_t)gicr_read_byte(opaque, addr + i) << (8 * i);
    }
    return val;
}

static void gicr_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    GICv3State *s = opaque;

    for (unsigned i = 0; i < size; i++) {
        gicr_write_byte(s, addr + i, (uint8_t)(val >> (8 * i)));
    }
    gicv3_update(s);
}

const MemoryRegionOps gicv3_redist_ops = {
    .read = gicr_read,
    .write = gicr_write,
    .min_access = 1,
    .max_access = 8,
};
