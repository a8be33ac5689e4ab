/*
 * Arm PrimeCell real-time clock (PL031), as QEMU models it: the counter
 * starts at the host's UTC time and then advances with CLOCK_VIRTUAL (so
 * that under -icount guest time stays deterministic once started); writing
 * LR sets it; a match of MR raises the interrupt (RIS bit 0) when unmasked.
 */
#include <glib.h>
#include <stddef.h>

#include "exec/memory.h"
#include "hw/device.h"
#include "sysemu/timer.h"
#include "util/log.h"

#include <libfdt.h>

enum {
    PL031_MMIO_SIZE = 0x1000,
    PL031_ID_BASE = 0xfe0,
    NS_PER_SEC = 1000000000,
};

typedef struct PL031State {
    DeviceState parent;
    MemoryRegion *mmio;
    qemu_irq irq;
    Timer *match_timer;

    int64_t offset_s; /* counter = offset_s + CLOCK_VIRTUAL seconds */
    uint32_t mr, lr, imsc, ris;
} PL031State;

/* PeriphID0..3 then PCellID0..3 */
static const uint8_t pl031_id[8] = {0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

static int64_t virtual_s(void) { return clock_get_ns(CLOCK_VIRTUAL) / NS_PER_SEC; }

static uint32_t pl031_count(PL031State *s) { return (uint32_t)(s->offset_s + virtual_s()); }

static void pl031_update_irq(PL031State *s) { qemu_set_irq(s->irq, (s->ris & s->imsc) != 0); }

/* Arm the match timer for the next time the counter equals MR. */
static void pl031_arm_match(PL031State *s)
{
    uint32_t ticks = s->mr - pl031_count(s); /* wraps like the 32-bit counter */
    int64_t now = clock_get_ns(CLOCK_VIRTUAL);

    timer_mod(s->match_timer, (now / NS_PER_SEC + (ticks ? ticks : 1ll << 32)) * NS_PER_SEC);
}

static void pl031_match(void *opaque)
{
    PL031State *s = opaque;

    s->ris = 1;
    pl031_update_irq(s);
    pl031_arm_match(s);
}

/* ------------------------------------------------------- registers */

static uint32_t read_dr(PL031State *s) { return pl031_count(s); }
static uint32_t read_mr(PL031State *s) { return s->mr; }
static uint32_t read_lr(PL031State *s) { return s->lr; }
static uint32_t read_cr(PL031State *s) { return 1; } /* always started */
static uint32_t read_imsc(PL031State *s) { return s->imsc; }
static uint32_t read_ris(PL031State *s) { return s->ris; }
static uint32_t read_mis(PL031State *s) { return s->ris & s->imsc; }

static void write_mr(PL031State *s, uint32_t val)
{
    s->mr = val;
    pl031_arm_match(s);
}

static void write_lr(PL031State *s, uint32_t val)
{
    s->lr = val;
    s->offset_s = (int64_t)val - virtual_s();
    pl031_arm_match(s);
}

static void write_cr(PL031State *s, uint32_t val) {} /* cannot be stopped */

static void write_imsc(PL031State *s, uint32_t val)
{
    s->imsc = val & 1;
    pl031_update_irq(s);
}

static void write_icr(PL031State *s, uint32_t val)
{
    s->ris &= ~val;
    pl031_update_irq(s);
}

typedef struct PL031Reg {
    uint32_t offset;
    const char *name;
    uint32_t (*read)(PL031State *s);            /* NULL: write-only */
    void (*write)(PL031State *s, uint32_t val); /* NULL: read-only */
} PL031Reg;

static const PL031Reg pl031_regs[] = {
    {0x00, "DR", read_dr, NULL},           {0x04, "MR", read_mr, write_mr},
    {0x08, "LR", read_lr, write_lr},       {0x0c, "CR", read_cr, write_cr},
    {0x10, "IMSC", read_imsc, write_imsc}, {0x14, "RIS", read_ris, NULL},
    {0x18, "MIS", read_mis, NULL},         {0x1c, "ICR", NULL, write_icr},
};

static const PL031Reg *pl031_find_reg(uint64_t offset)
{
    for (size_t i = 0; i < G_N_ELEMENTS(pl031_regs); i++) {
        if (pl031_regs[i].offset == offset)
            return &pl031_regs[i];
    }
    return NULL;
}

static uint64_t pl031_read(void *opaque, uint64_t addr, unsigned size)
{
    const PL031Reg *r = pl031_find_reg(addr);

    if (addr >= PL031_ID_BASE)
        return pl031_id[(addr - PL031_ID_BASE) / 4];
    if (!r || !r->read) {
        log_mask_printf(LOG_GUEST_ERROR, "pl031: read of %s register 0x%03x\n",
                        r ? "write-only" : "unknown", (unsigned)addr);
        return 0;
    }
    return r->read(opaque);
}

static void pl031_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    const PL031Reg *r = pl031_find_reg(addr);

    if (!r || !r->write) {
        log_mask_printf(LOG_GUEST_ERROR, "pl031: write of %s register 0x%03x\n",
                        r ? "read-only" : "unknown", (unsigned)addr);
        return;
    }
    r->write(opaque, (uint32_t)val);
}

static const MemoryRegionOps pl031_ops = {
    .read = pl031_read,
    .write = pl031_write,
    .min_access = 4,
    .max_access = 4,
};

/* ------------------------------------------------------- device */

static void pl031_init(DeviceState *dev)
{
    PL031State *s = (PL031State *)dev;

    s->mmio = memory_region_new_io("pl031", PL031_MMIO_SIZE, &pl031_ops, s);
    device_init_mmio(dev, s->mmio);
    device_init_irq_out(dev, &s->irq);
    s->match_timer = timer_new(pl031_match, s);
}

static void pl031_reset(DeviceState *dev)
{
    PL031State *s = (PL031State *)dev;

    s->offset_s = clock_get_ns(CLOCK_HOST) / NS_PER_SEC - virtual_s();
    s->mr = s->lr = s->imsc = s->ris = 0;
    timer_del(s->match_timer);
    pl031_update_irq(s);
}

static void pl031_fdt_populate(DeviceState *dev, const DeviceFdtContext *ctx)
{
    static const char compatible[] = "arm,pl031\0arm,primecell";

    fdt_setprop(ctx->fdt, ctx->node, "compatible", compatible, sizeof(compatible));
    if (ctx->clock_phandle) {
        fdt_setprop_cell(ctx->fdt, ctx->node, "clocks", ctx->clock_phandle);
        fdt_setprop_string(ctx->fdt, ctx->node, "clock-names", "apb_pclk");
    }
}

static const DeviceClass pl031_class = {
    .name = "pl031",
    .desc = "Arm PrimeCell PL031 real-time clock",
    .fdt_name = "pl031",
    .instance_size = sizeof(PL031State),
    .init = pl031_init,
    .reset = pl031_reset,
    .fdt_populate = pl031_fdt_populate,
};

device_type_init(pl031_register) { device_type_register(&pl031_class); }
