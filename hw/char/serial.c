/*
 * The 16550A UART of PC serial ports (COM1 at I/O port 0x3f8, ...), as
 * QEMU models it: transmission is instantaneous (THR and the transmitter
 * are always empty again by the time the guest looks), the receive FIFO
 * holds 16 characters (1 with FIFOs off), and a character below the FIFO
 * trigger level is reported as a character timeout at once (the timeout
 * is taken as already elapsed).  Line settings (divisor, LCR) are stored
 * and read back but do not slow anything down.  MCR loopback sends
 * transmitted characters back to the receiver and the modem control bits
 * to the modem status bits.
 */
#include <glib.h>
#include <stddef.h>

#include "backends/chardev.h"
#include "exec/memory.h"
#include "hw/device.h"
#include "hw/isa.h"
#include "util/error.h"
#include "util/log.h"

enum { SERIAL_NUM_REGS = 8, SERIAL_FIFO_DEPTH = 16 };

enum {
    IER_RDI = 0x01,  /* received data available */
    IER_THRI = 0x02, /* transmitter holding register empty */
    IER_RLSI = 0x04, /* receiver line status */
    IER_MSI = 0x08,  /* modem status */
    IER_MASK = 0x0f,
};
/* IIR: interrupt identification, highest priority pending first. */
enum {
    IIR_NO_INT = 0x01,
    IIR_MSI = 0x00,
    IIR_THRI = 0x02,
    IIR_RDI = 0x04,
    IIR_RLSI = 0x06,
    IIR_CTI = 0x0c, /* character timeout */
    IIR_FIFO_ENABLED = 0xc0,
};
enum {
    FCR_FIFO_ENABLE = 0x01,
    FCR_CLEAR_RX = 0x02,
    FCR_CLEAR_TX = 0x04,
    FCR_TRIGGER_SHIFT = 6,
};
enum { LCR_DLAB = 0x80 };
enum {
    MCR_DTR = 0x01,
    MCR_RTS = 0x02,
    MCR_OUT1 = 0x04,
    MCR_OUT2 = 0x08,
    MCR_LOOP = 0x10,
    MCR_MASK = 0x1f,
};
enum {
    LSR_DR = 0x01, /* data ready */
    LSR_OE = 0x02, /* overrun */
    LSR_BI = 0x10, /* break */
    LSR_THRE = 0x20,
    LSR_TEMT = 0x40,
    LSR_ERRORS = 0x1e,
};
enum {
    MSR_DCTS = 0x01,
    MSR_DDSR = 0x02,
    MSR_TERI = 0x04,
    MSR_DDCD = 0x08,
    MSR_DELTAS = 0x0f,
    MSR_CTS = 0x10,
    MSR_DSR = 0x20,
    MSR_RI = 0x40,
    MSR_DCD = 0x80,
};

typedef struct SerialState {
    DeviceState parent;
    Chardev *chr;    /* property "chardev" */
    uint32_t iobase; /* property "iobase" */
    MemoryRegion *io;
    qemu_irq irq;

    uint8_t ier, lcr, mcr, lsr, msr, scr, fcr, dll, dlm;
    bool thr_ipending; /* THRE interrupt pending until IIR reports it */
    uint8_t fifo[SERIAL_FIFO_DEPTH];
    unsigned read_pos, read_count;
} SerialState;

static unsigned serial_fifo_depth(const SerialState *s)
{
    return (s->fcr & FCR_FIFO_ENABLE) ? SERIAL_FIFO_DEPTH : 1;
}

static unsigned serial_trigger_level(const SerialState *s)
{
    static const uint8_t levels[4] = {1, 4, 8, 14};
    return (s->fcr & FCR_FIFO_ENABLE) ? levels[s->fcr >> FCR_TRIGGER_SHIFT] : 1;
}

/* The pending interrupt of highest priority, IIR_NO_INT if none. */
static uint8_t serial_pending(const SerialState *s)
{
    if ((s->ier & IER_RLSI) && (s->lsr & (LSR_OE | LSR_BI)))
        return IIR_RLSI;
    if ((s->ier & IER_RDI) && s->read_count)
        return s->read_count >= serial_trigger_level(s) ? IIR_RDI : IIR_CTI;
    if ((s->ier & IER_THRI) && s->thr_ipending)
        return IIR_THRI;
    if ((s->ier & IER_MSI) && (s->msr & MSR_DELTAS))
        return IIR_MSI;
    return IIR_NO_INT;
}

static void serial_update_irq(SerialState *s)
{
    qemu_set_irq(s->irq, serial_pending(s) != IIR_NO_INT);
}

static void serial_clear_rx(SerialState *s)
{
    s->read_pos = s->read_count = 0;
    s->lsr &= ~LSR_DR;
}

/* A character for the receiver, from the host or looped back. */
static void serial_receive_byte(SerialState *s, uint8_t c)
{
    unsigned depth = serial_fifo_depth(s);
    if (s->read_count == depth) {
        s->lsr |= LSR_OE;
        return;
    }
    s->fifo[(s->read_pos + s->read_count) % depth] = c;
    s->read_count++;
    s->lsr |= LSR_DR;
}

/* ------------------------------------------------------- registers */

static uint8_t read_rbr(SerialState *s)
{
    if (s->read_count == 0)
        return 0;
    uint8_t c = s->fifo[s->read_pos];
    s->read_pos = (s->read_pos + 1) % serial_fifo_depth(s);
    if (--s->read_count == 0)
        s->lsr &= ~LSR_DR;
    serial_update_irq(s);
    if (s->chr && !(s->mcr & MCR_LOOP))
        chardev_accept_input(s->chr);
    return c;
}

static void write_thr(SerialState *s, uint8_t c)
{
    if (s->mcr & MCR_LOOP)
        serial_receive_byte(s, c);
    else if (s->chr)
        chardev_write(s->chr, &c, 1);
    /* Sent at once: THR is empty again, which is itself an interrupt. */
    s->thr_ipending = true;
    serial_update_irq(s);
}

static void write_ier(SerialState *s, uint8_t val)
{
    uint8_t enabled = (val & IER_MASK) & ~s->ier;
    s->ier = val & IER_MASK;
    /* Enabling THRI while THR is empty raises it (the 16550 does). */
    if (enabled & IER_THRI)
        s->thr_ipending = true;
    serial_update_irq(s);
}

static uint8_t read_iir(SerialState *s)
{
    uint8_t id = serial_pending(s);
    if (id == IIR_THRI) {
        s->thr_ipending = false; /* reading IIR acknowledges THRE */
        serial_update_irq(s);
    }
    return id | ((s->fcr & FCR_FIFO_ENABLE) ? IIR_FIFO_ENABLED : 0);
}

static void write_fcr(SerialState *s, uint8_t val)
{
    /* Turning the FIFOs on or off empties them. */
    if ((val ^ s->fcr) & FCR_FIFO_ENABLE)
        val |= FCR_CLEAR_RX | FCR_CLEAR_TX;
    if (val & FCR_CLEAR_RX)
        serial_clear_rx(s);
    s->fcr = val & (FCR_FIFO_ENABLE | (3 << FCR_TRIGGER_SHIFT));
    serial_update_irq(s);
    if (s->chr && (val & FCR_CLEAR_RX))
        chardev_accept_input(s->chr);
}

/* In loopback the modem control outputs drive the modem status inputs. */
static uint8_t loopback_msr(uint8_t mcr)
{
    return ((mcr & MCR_RTS) ? MSR_CTS : 0) | ((mcr & MCR_DTR) ? MSR_DSR : 0) |
           ((mcr & MCR_OUT1) ? MSR_RI : 0) | ((mcr & MCR_OUT2) ? MSR_DCD : 0);
}

static void set_msr_inputs(SerialState *s, uint8_t inputs)
{
    uint8_t changed = (s->msr ^ inputs) & ~MSR_DELTAS;
    uint8_t deltas = ((changed & MSR_CTS) ? MSR_DCTS : 0) |
                     ((changed & MSR_DSR) ? MSR_DDSR : 0) |
                     ((changed & MSR_DCD) ? MSR_DDCD : 0) |
                     ((s->msr & MSR_RI) && !(inputs & MSR_RI) ? MSR_TERI : 0);
    s->msr = inputs | (s->msr & MSR_DELTAS) | deltas;
}

/* Without loopback the host side is always ready (carrier, DSR, CTS). */
static const uint8_t HOST_MSR = MSR_DCD | MSR_DSR | MSR_CTS;

static void write_mcr(SerialState *s, uint8_t val)
{
    bool was_loop = s->mcr & MCR_LOOP;
    s->mcr = val & MCR_MASK;
    if (s->mcr & MCR_LOOP)
        set_msr_inputs(s, loopback_msr(s->mcr));
    else if (was_loop)
        set_msr_inputs(s, HOST_MSR);
    serial_update_irq(s);
    if (was_loop && !(s->mcr & MCR_LOOP) && s->chr)
        chardev_accept_input(s->chr);
}

static uint8_t read_lsr(SerialState *s)
{
    uint8_t v = s->lsr;
    s->lsr &= ~(LSR_OE | LSR_BI); /* error bits clear on read */
    serial_update_irq(s);
    return v;
}

static uint8_t read_msr(SerialState *s)
{
    uint8_t v = s->msr;
    s->msr &= ~MSR_DELTAS;
    serial_update_irq(s);
    return v;
}

/*
 * The register file.  Offsets 0 and 1 hold the divisor latch instead while
 * LCR.DLAB is set.  Registers without handlers are plain bytes at field.
 */
typedef enum RegBank { ANY_BANK, DLAB_CLEAR, DLAB_SET } RegBank;

typedef struct SerialReg {
    uint8_t offset;
    RegBank bank;
    const char *name;
    size_t field;                           /* offsetof the backing byte, or NO_FIELD */
    uint8_t (*read)(SerialState *s);        /* NULL: read the field */
    void (*write)(SerialState *s, uint8_t); /* NULL: store the field; no field: read only */
} SerialReg;

#define NO_FIELD SIZE_MAX
#define FIELD(f) offsetof(SerialState, f)

static const SerialReg serial_regs[] = {
    {0, DLAB_CLEAR, "RBR/THR", NO_FIELD, read_rbr, write_thr},
    {0, DLAB_SET, "DLL", FIELD(dll)},
    {1, DLAB_CLEAR, "IER", FIELD(ier), NULL, write_ier},
    {1, DLAB_SET, "DLM", FIELD(dlm)},
    {2, ANY_BANK, "IIR/FCR", NO_FIELD, read_iir, write_fcr},
    {3, ANY_BANK, "LCR", FIELD(lcr)},
    {4, ANY_BANK, "MCR", FIELD(mcr), NULL, write_mcr},
    {5, ANY_BANK, "LSR", NO_FIELD, read_lsr},
    {6, ANY_BANK, "MSR", NO_FIELD, read_msr},
    {7, ANY_BANK, "SCR", FIELD(scr)},
};

static const SerialReg *serial_find_reg(const SerialState *s, uint64_t offset)
{
    RegBank bank = (s->lcr & LCR_DLAB) ? DLAB_SET : DLAB_CLEAR;
    for (size_t i = 0; i < G_N_ELEMENTS(serial_regs); i++) {
        const SerialReg *r = &serial_regs[i];
        if (r->offset == offset && (r->bank == ANY_BANK || r->bank == bank))
            return r;
    }
    gemu_bug("serial: no register at offset %u", (unsigned)offset);
}

static uint8_t *reg_field(SerialState *s, const SerialReg *r)
{
    return (uint8_t *)s + r->field;
}

static uint64_t serial_read(void *opaque, uint64_t addr, unsigned size)
{
    SerialState *s = opaque;
    const SerialReg *r = serial_find_reg(s, addr);
    return r->read ? r->read(s) : *reg_field(s, r);
}

static void serial_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    SerialState *s = opaque;
    const SerialReg *r = serial_find_reg(s, addr);
    if (r->write)
        r->write(s, val);
    else if (r->field != NO_FIELD)
        *reg_field(s, r) = val;
    else
        log_mask_printf(LOG_GUEST_ERROR, "serial: write of read-only register %s\n", r->name);
}

/* Byte registers: wider port accesses are split into consecutive ports. */
static const MemoryRegionOps serial_ops = {
    .read = serial_read,
    .write = serial_write,
    .min_access = 1,
    .max_access = 1,
};

/* ------------------------------------------------------- receive */

static size_t serial_can_receive(void *opaque)
{
    SerialState *s = opaque;
    if (s->mcr & MCR_LOOP)
        return 0; /* the receiver listens to the transmitter only */
    return serial_fifo_depth(s) - s->read_count;
}

static void serial_receive(void *opaque, const uint8_t *buf, size_t len)
{
    SerialState *s = opaque;
    for (size_t i = 0; i < len; i++)
        serial_receive_byte(s, buf[i]);
    serial_update_irq(s);
}

/* ------------------------------------------------------- device */

static void serial_init(DeviceState *dev)
{
    SerialState *s = (SerialState *)dev;
    s->iobase = 0x3f8;
    s->io = memory_region_new_io("serial", SERIAL_NUM_REGS, &serial_ops, s);
    device_init_mmio(dev, s->io);
    device_init_irq_out(dev, &s->irq);
}

static bool serial_realize(DeviceState *dev, char **errp)
{
    SerialState *s = (SerialState *)dev;
    if (!isa_register_ioport(dev, s->io, s->iobase, errp))
        return false;
    if (s->chr)
        chardev_set_handlers(s->chr, serial_can_receive, serial_receive, s);
    return true;
}

static void serial_reset(DeviceState *dev)
{
    SerialState *s = (SerialState *)dev;
    s->ier = s->lcr = s->scr = s->fcr = 0;
    s->mcr = MCR_OUT2;
    s->lsr = LSR_THRE | LSR_TEMT;
    s->msr = HOST_MSR;
    s->dll = 0x0c; /* 9600 baud */
    s->dlm = 0;
    s->thr_ipending = false;
    serial_clear_rx(s);
    serial_update_irq(s);
    if (s->chr)
        chardev_accept_input(s->chr);
}

static const DeviceProperty serial_props[] = {
    DEVICE_PROP("chardev", PROP_CHARDEV, SerialState, chr),
    DEVICE_PROP("iobase", PROP_U32, SerialState, iobase),
    {NULL},
};

static const DeviceClass serial_class = {
    .name = "isa-serial",
    .desc = "16550A UART on the ISA bus (COM1 at 0x3f8)",
    .instance_size = sizeof(SerialState),
    .props = serial_props,
    .init = serial_init,
    .realize = serial_realize,
    .reset = serial_reset,
};

device_type_init(serial_register) { device_type_register(&serial_class); }
