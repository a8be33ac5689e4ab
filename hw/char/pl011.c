/*
 * Arm PrimeCell UART (PL011), as QEMU models it: transmission is
 * instantaneous (TX FIFO always empty), the RX FIFO holds 16 characters (1
 * with the FIFO disabled), and the RX interrupt fires as soon as a
 * character is waiting, whatever IFLS says, because Linux only drains the
 * FIFO from its interrupt handler.  The receive-timeout interrupt is raised
 * together with it (the timeout is taken as already elapsed).
 */
#include <glib.h>
#include <stddef.h>

#include "backends/chardev.h"
#include "exec/memory.h"
#include "hw/device.h"
#include "util/log.h"

#include <libfdt.h>

enum {
    PL011_MMIO_SIZE = 0x1000,
    PL011_FIFO_DEPTH = 16,
};

/* FR bits */
enum {
    FR_BUSY = 1 << 3,
    FR_RXFE = 1 << 4,
    FR_TXFF = 1 << 5,
    FR_RXFF = 1 << 6,
    FR_TXFE = 1 << 7
};
/* LCR_H bits */
enum { LCR_FEN = 1 << 4 };
/* Interrupt bits of IMSC, RIS, MIS, ICR */
enum {
    INT_RX = 1 << 4,
    INT_TX = 1 << 5,
    INT_RT = 1 << 6,
    INT_OE = 1 << 10,
    INT_ALL = 0x7ff,
};

typedef struct PL011State {
    DeviceState parent;
    Chardev *chr; /* property "chardev" */
    MemoryRegion *mmio;
    qemu_irq irq;

    uint32_t rsr, ilpr, ibrd, fbrd, lcr, cr, ifls, imsc, dmacr;
    uint32_t ris;
    uint16_t fifo[PL011_FIFO_DEPTH]; /* data in bits 7:0, errors in 11:8 */
    unsigned read_pos, read_count;
} PL011State;

/* PeriphID0..3 then PCellID0..3, at 0xfe0..0xffc */
static const uint8_t pl011_id[8] = {0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
enum { PL011_ID_BASE = 0xfe0 };

static void pl011_update_irq(PL011State *s) { qemu_set_irq(s->irq, (s->ris & s->imsc) != 0); }

static unsigned pl011_fifo_depth(const PL011State *s)
{
    return (s->lcr & LCR_FEN) ? PL011_FIFO_DEPTH : 1;
}

static void pl011_fifo_clear(PL011State *s)
{
    s->read_pos = 0;
    s->read_count = 0;
}

/* ------------------------------------------------------- registers */

typedef struct PL011Reg {
    uint32_t offset;
    const char *name;
    size_t field;                    /* offset of the backing uint32_t, or NO_FIELD */
    uint32_t mask;                   /* bits a plain write stores */
    uint32_t (*read)(PL011State *s); /* NULL: read the field */
    void (*write)(PL011State *s, uint32_t val); /* NULL: store val & mask */
    bool read_only;
} PL011Reg;

#define NO_FIELD SIZE_MAX
#define FIELD(f) offsetof(PL011State, f)

static uint32_t *reg_field(PL011State *s, const PL011Reg *r)
{
    return (uint32_t *)((char *)s + r->field);
}

static uint32_t read_dr(PL011State *s)
{
    uint32_t c = s->fifo[s->read_pos];
    if (s->read_count == 0)
        return c; /* empty: whatever the slot holds, as QEMU returns */
    s->read_count--;
    s->read_pos = (s->read_pos + 1) & (pl011_fifo_depth(s) - 1);
    if (s->read_count == 0)
        s->ris &= ~(INT_RX | INT_RT);
    s->rsr = c >> 8;
    pl011_update_irq(s);
    if (s->chr)
        chardev_accept_input(s->chr);
    return c;
}

static void write_dr(PL011State *s, uint32_t val)
{
    uint8_t c = val;
    if (s->chr)
        chardev_write(s->chr, &c, 1);
    s->ris |= INT_TX;
    pl011_update_irq(s);
}

static uint32_t read_fr(PL011State *s)
{
    uint32_t fr = FR_TXFE;
    if (s->read_count == 0)
        fr |= FR_RXFE;
    if (s->read_count == pl011_fifo_depth(s))
        fr |= FR_RXFF;
    return fr;
}

static void write_ecr(PL011State *s, uint32_t val) { s->rsr = 0; }

static void write_lcr_h(PL011State *s, uint32_t val)
{
    /* Switching the FIFO on or off empties it. */
    if ((s->lcr ^ val) & LCR_FEN) {
        pl011_fifo_clear(s);
        s->ris &= ~(INT_RX | INT_RT);
        pl011_update_irq(s);
        if (s->chr)
            chardev_accept_input(s->chr);
    }
    s->lcr = val & 0xff;
}

static void write_imsc(PL011State *s, uint32_t val)
{
    s->imsc = val & INT_ALL;
    pl011_update_irq(s);
}

static uint32_t read_mis(PL011State *s) { return s->ris & s->imsc; }

static void write_icr(PL011State *s, uint32_t val)
{
    s->ris &= ~val;
    pl011_update_irq(s);
}

static void write_dmacr(PL011State *s, uint32_t val)
{
    s->dmacr = val & 7;
    if (val & 3)
        log_mask_printf(LOG_UNIMP, "pl011: DMA is not implemented\n");
}

static const PL011Reg pl011_regs[] = {
    {0x000, "DR", NO_FIELD, 0, read_dr, write_dr},
    {0x004, "RSR/ECR", FIELD(rsr), 0, NULL, write_ecr},
    {0x018, "FR", NO_FIELD, 0, read_fr, NULL, true},
    {0x020, "ILPR", FIELD(ilpr), 0xff},
    {0x024, "IBRD", FIELD(ibrd), 0xffff},
    {0x028, "FBRD", FIELD(fbrd), 0x3f},
    {0x02c, "LCR_H", FIELD(lcr), 0xff, NULL, write_lcr_h},
    {0x030, "CR", FIELD(cr), 0xffff},
    {0x034, "IFLS", FIELD(ifls), 0x3f},
    {0x038, "IMSC", FIELD(imsc), INT_ALL, NULL, write_imsc},
    {0x03c, "RIS", FIELD(ris), 0, NULL, NULL, true},
    {0x040, "MIS", NO_FIELD, 0, read_mis, NULL, true},
    {0x044, "ICR", NO_FIELD, 0, NULL, write_icr},
    {0x048, "DMACR", FIELD(dmacr), 7, NULL, write_dmacr},
};

static const PL011Reg *pl011_find_reg(uint64_t offset)
{
    for (size_t i = 0; i < G_N_ELEMENTS(pl011_regs); i++) {
        if (pl011_regs[i].offset == offset)
            return &pl011_regs[i];
    }
    return NULL;
}

/* Sub-word accesses address byte lanes of the 32-bit register. */
static uint64_t pl011_read(void *opaque, uint64_t addr, unsigned size)
{
    PL011State *s = opaque;
    uint64_t reg_offset = addr & ~3ull;
    unsigned shift = (addr & 3) * 8;
    if (reg_offset >= PL011_ID_BASE)
        return pl011_id[(reg_offset - PL011_ID_BASE) / 4] >> shift;
    const PL011Reg *r = pl011_find_reg(reg_offset);
    if (!r) {
        log_mask_printf(LOG_GUEST_ERROR, "pl011: read of unknown register 0x%03x\n",
                        (unsigned)addr);
        return 0;
    }
    if (r->read)
        return r->read(s) >> shift;
    if (r->field == NO_FIELD) {
        log_mask_printf(LOG_GUEST_ERROR, "pl011: read of write-only register %s\n", r->name);
        return 0;
    }
    return *reg_field(s, r) >> shift;
}

static void pl011_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    PL011State *s = opaque;
    uint64_t reg_offset = addr & ~3ull;
    const PL011Reg *r = reg_offset < PL011_ID_BASE ? pl011_find_reg(reg_offset) : NULL;
    if (!r || r->read_only) {
        log_mask_printf(LOG_GUEST_ERROR, "pl011: write of %s register 0x%03x\n",
                        r ? "read-only" : "unknown", (unsigned)addr);
        return;
    }
    uint32_t value = (uint32_t)(val << ((addr & 3) * 8));
    if (r->write)
        r->write(s, value);
    else
        *reg_field(s, r) = value & r->mask;
}

static const MemoryRegionOps pl011_ops = {
    .read = pl011_read,
    .write = pl011_write,
    .min_access = 1,
    .max_access = 4,
};

/* ------------------------------------------------------- receive */

static size_t pl011_can_receive(void *opaque)
{
    PL011State *s = opaque;
    return pl011_fifo_depth(s) - s->read_count;
}

static void pl011_put_fifo(PL011State *s, uint8_t c)
{
    unsigned depth = pl011_fifo_depth(s);
    if (s->read_count == depth) {
        s->ris |= INT_OE; /* the frontend offered more than can_receive */
        return;
    }
    s->fifo[(s->read_pos + s->read_count) & (depth - 1)] = c;
    s->read_count++;
    s->ris |= INT_RX | INT_RT;
}

static void pl011_receive(void *opaque, const uint8_t *buf, size_t len)
{
    PL011State *s = opaque;
    for (size_t i = 0; i < len; i++)
        pl011_put_fifo(s, buf[i]);
    pl011_update_irq(s);
}

/* ------------------------------------------------------- device */

static void pl011_init(DeviceState *dev)
{
    PL011State *s = (PL011State *)dev;
    s->mmio = memory_region_new_io("pl011", PL011_MMIO_SIZE, &pl011_ops, s);
    device_init_mmio(dev, s->mmio);
    device_init_irq_out(dev, &s->irq);
}

static bool pl011_realize(DeviceState *dev, char **errp)
{
    PL011State *s = (PL011State *)dev;
    if (s->chr)
        chardev_set_handlers(s->chr, pl011_can_receive, pl011_receive, s);
    return true;
}

static void pl011_reset(DeviceState *dev)
{
    PL011State *s = (PL011State *)dev;
    s->rsr = s->ilpr = s->ibrd = s->fbrd = s->lcr = s->imsc = s->dmacr = 0;
    s->cr = 0x300; /* TXE | RXE */
    s->ifls = 0x12;
    s->ris = 0;
    pl011_fifo_clear(s);
    pl011_update_irq(s);
    if (s->chr)
        chardev_accept_input(s->chr); /* input that waited for the old FIFO */
}

static void pl011_fdt_populate(DeviceState *dev, const DeviceFdtContext *ctx)
{
    static const char compatible[] = "arm,pl011\0arm,primecell";
    static const char clock_names[] = "uartclk\0apb_pclk";
    fdt_setprop(ctx->fdt, ctx->node, "compatible", compatible, sizeof(compatible));
    if (ctx->clock_phandle) {
        fdt32_t clocks[2] = {cpu_to_fdt32(ctx->clock_phandle),
                             cpu_to_fdt32(ctx->clock_phandle)};
        fdt_setprop(ctx->fdt, ctx->node, "clocks", clocks, sizeof(clocks));
        fdt_setprop(ctx->fdt, ctx->node, "clock-names", clock_names, sizeof(clock_names));
    }
}

static const DeviceProperty pl011_props[] = {
    DEVICE_PROP("chardev", PROP_CHARDEV, PL011State, chr),
    {NULL},
};

static const DeviceClass pl011_class = {
    .name = "pl011",
    .desc = "Arm PrimeCell PL011 UART",
    .fdt_name = "pl011",
    .instance_size = sizeof(PL011State),
    .props = pl011_props,
    .init = pl011_init,
    .realize = pl011_realize,
    .reset = pl011_reset,
    .fdt_populate = pl011_fdt_populate,
};

device_type_init(pl011_register) { device_type_register(&pl011_class); }
