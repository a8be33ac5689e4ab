/* hw/char/serial.c (16550A) through its I/O ports on an ISA bus, with a
 * memory chardev. */
#include <glib.h>
#include <string.h>

#include "backends/chardev.h"
#include "exec/memory.h"
#include "hw/device.h"
#include "hw/isa.h"
#include "test.h"
#include "uart-harness.h"

enum {
    COM1 = 0x3f8,
    RBR = 0,
    THR = 0,
    DLL = 0,
    IER = 1,
    DLM = 1,
    IIR = 2,
    FCR = 2,
    LCR = 3,
    MCR = 4,
    LSR = 5,
    MSR = 6,
    SCR = 7,
    LSR_DR = 0x01,
    LSR_OE = 0x02,
    LSR_THRE = 0x20,
    LSR_TEMT = 0x40,
    IIR_NONE = 0x01,
    IIR_THRI = 0x02,
    IIR_RDI = 0x04,
    IIR_RLSI = 0x06,
    IIR_CTI = 0x0c,
    IIR_MSI = 0x00,
    IIR_FIFO = 0xc0,
    LCR_DLAB = 0x80,
    MCR_LOOP = 0x10,
};

static AddressSpace *io;

static uint8_t in(unsigned reg)
{
    uint64_t v = 0;
    address_space_ld(io, COM1 + reg, 1, &v);
    return v;
}

static void out(unsigned reg, uint8_t v) { address_space_st(io, COM1 + reg, 1, v); }

static void fresh_uart(void)
{
    run_main_loop();
    device_reset(uart);
    while (in(LSR)&LSR_DR) /* input that waited for the reset */
        in(RBR);
    irq_level = 0;
}

static void test_reset_values(void)
{
    fresh_uart();
    CHECK_EQ(in(IER), 0);
    CHECK_EQ(in(IIR), IIR_NONE);
    CHECK_EQ(in(LCR), 0);
    CHECK_EQ(in(MCR), 0x08);
    CHECK_EQ(in(LSR), LSR_THRE | LSR_TEMT);
    CHECK_EQ(in(MSR), 0xb0);
    CHECK_EQ(in(SCR), 0);
    CHECK_EQ(irq_level, 0);
}

static void test_transmit(void)
{
    size_t before, after;
    fresh_uart();
    chardev_memory_output(chr, &before);
    out(THR, 'o');
    out(THR, 'k');
    const char *text = chardev_memory_output(chr, &after);
    CHECK_EQ(after - before, 2);
    CHECK(memcmp(text + before, "ok", 2) == 0);
    CHECK_EQ(in(LSR) & (LSR_THRE | LSR_TEMT), LSR_THRE | LSR_TEMT);
}

static void test_divisor_latch(void)
{
    size_t before, after;
    fresh_uart();
    out(LCR, LCR_DLAB | 0x03);
    CHECK_EQ(in(DLL), 0x0c);
    out(DLL, 0x01);
    out(DLM, 0x02);
    CHECK_EQ(in(DLL), 0x01);
    CHECK_EQ(in(DLM), 0x02);
    chardev_memory_output(chr, &before);
    out(LCR, 0x03);
    CHECK_EQ(in(IER), 0); /* the latch did not touch IER */
    CHECK_EQ(in(LCR), 0x03);
    chardev_memory_output(chr, &after);
    CHECK_EQ(after, before); /* writing DLL sent nothing */
}

static void test_receive_without_fifo(void)
{
    fresh_uart();
    feed("ab");
    CHECK(in(LSR)&LSR_DR);
    CHECK_EQ(in(RBR), 'a');
    CHECK_EQ(in(LSR)&LSR_DR, 0);
    run_main_loop();
    CHECK_EQ(in(RBR), 'b');
    CHECK_EQ(in(LSR) & (LSR_DR | LSR_OE), 0);
}

static void test_receive_with_fifo(void)
{
    fresh_uart();
    out(FCR, 0x07);
    CHECK_EQ(in(IIR)&IIR_FIFO, IIR_FIFO);
    feed("0123456789abcdefXY");
    for (int i = 0; i < 16; i++)
        CHECK_EQ(in(RBR), "0123456789abcdef"[i]);
    CHECK_EQ(in(LSR)&LSR_DR, 0);
    run_main_loop();
    CHECK_EQ(in(RBR), 'X');
    run_main_loop();
    CHECK_EQ(in(RBR), 'Y');
    CHECK_EQ(in(LSR)&LSR_OE, 0);
}

static void test_rx_interrupts(void)
{
    fresh_uart();
    out(IER, 0x01);
    CHECK_EQ(irq_level, 0);
    feed("z");
    CHECK_EQ(irq_level, 1);
    CHECK_EQ(in(IIR), IIR_RDI);
    CHECK_EQ(in(RBR), 'z');
    CHECK_EQ(irq_level, 0);
    CHECK_EQ(in(IIR), IIR_NONE);
    /* With FIFOs at trigger level 4, one character is a timeout. */
    out(FCR, 0x41);
    feed("q");
    CHECK_EQ(in(IIR), IIR_FIFO | IIR_CTI);
    feed("rst");
    run_main_loop();
    CHECK_EQ(in(IIR), IIR_FIFO | IIR_RDI);
    out(FCR, 0x43); /* clear the receive FIFO */
    CHECK_EQ(in(LSR)&LSR_DR, 0);
    CHECK_EQ(irq_level, 0);
    out(IER, 0);
    out(FCR, 0);
}

static void test_thr_interrupt(void)
{
    fresh_uart();
    out(IER, 0x02); /* THR is empty: enabling raises it */
    CHECK_EQ(irq_level, 1);
    CHECK_EQ(in(IIR), IIR_THRI);
    CHECK_EQ(irq_level, 0); /* reading IIR acknowledged it */
    CHECK_EQ(in(IIR), IIR_NONE);
    out(THR, '.');
    CHECK_EQ(irq_level, 1);
    out(IER, 0);
    CHECK_EQ(irq_level, 0);
}

static void test_loopback(void)
{
    size_t before, after;
    fresh_uart();
    chardev_memory_output(chr, &before);
    out(MCR, MCR_LOOP | 0x0b);    /* DTR RTS OUT2 */
    CHECK_EQ(in(MSR)&0xf0, 0xb0); /* DSR CTS DCD */
    out(THR, 'L');
    CHECK(in(LSR)&LSR_DR);
    CHECK_EQ(in(RBR), 'L');
    chardev_memory_output(chr, &after);
    CHECK_EQ(after, before);
    out(MCR, MCR_LOOP);
    CHECK_EQ(in(MSR), 0x0b); /* deltas of CTS DSR DCD */
    CHECK_EQ(in(MSR), 0x00);
    out(MCR, 0x08);
}

static void test_overrun_and_line_status_interrupt(void)
{
    fresh_uart();
    out(IER, 0x04);
    out(MCR, MCR_LOOP);
    out(THR, '1');
    out(THR, '2'); /* no FIFO: the second overruns */
    CHECK_EQ(in(IIR), IIR_RLSI);
    CHECK_EQ(in(LSR) & (LSR_DR | LSR_OE), LSR_DR | LSR_OE);
    CHECK_EQ(in(LSR)&LSR_OE, 0); /* cleared by reading LSR */
    CHECK_EQ(in(RBR), '1');
    CHECK_EQ(irq_level, 0);
    out(MCR, 0x08);
    out(IER, 0);
}

static void test_modem_status_interrupt(void)
{
    fresh_uart();
    out(MCR, MCR_LOOP | 0x08);
    in(MSR);
    out(IER, 0x08);
    CHECK_EQ(in(IIR), IIR_NONE);
    out(MCR, MCR_LOOP | 0x0a);
    CHECK_EQ(in(IIR), IIR_MSI);
    CHECK_EQ(irq_level, 1);
    in(MSR);
    CHECK_EQ(irq_level, 0);
    out(IER, 0);
    out(MCR, 0x08);
}

static void test_scratch_and_read_only(void)
{
    fresh_uart();
    out(SCR, 0xa5);
    CHECK_EQ(in(SCR), 0xa5);
    out(LSR, 0);
    out(MSR, 0);
    CHECK_EQ(in(LSR), LSR_THRE | LSR_TEMT);
}

static void test_word_access_splits(void)
{
    uint64_t v = 0;
    fresh_uart();
    address_space_st(io, COM1 + SCR - 1, 2, 0x5a00);
    CHECK_EQ(in(SCR), 0x5a);
    address_space_ld(io, COM1 + LCR, 2, &v);
    CHECK_EQ(v, 0x0800);
}

static void test_needs_isa_bus_range(void)
{
    DeviceState *dev = device_new("isa-serial");
    char *err = NULL;
    device_set_prop_u32(dev, "iobase", 0xfffc);
    CHECK(!device_realize(dev, &err));
    CHECK(err && strstr(err, "outside"));
    g_free(err);
}

int main(void)
{
    io = address_space_new("io", ISA_NUM_PORTS);
    isa_bus_create(io);
    if (!uart_create("isa-serial"))
        return 1;

    RUN_TEST(test_reset_values);
    RUN_TEST(test_transmit);
    RUN_TEST(test_divisor_latch);
    RUN_TEST(test_receive_without_fifo);
    RUN_TEST(test_receive_with_fifo);
    RUN_TEST(test_rx_interrupts);
    RUN_TEST(test_thr_interrupt);
    RUN_TEST(test_loopback);
    RUN_TEST(test_overrun_and_line_status_interrupt);
    RUN_TEST(test_modem_status_interrupt);
    RUN_TEST(test_scratch_and_read_only);
    RUN_TEST(test_word_access_splits);
    RUN_TEST(test_needs_isa_bus_range);
    return test_finish();
}
