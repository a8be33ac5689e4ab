/* hw/char/pl011.c through its MMIO registers, with a memory chardev. */
#include <glib.h>
#include <string.h>

#include "exec/memory.h"
#include "backends/chardev.h"
#include "hw/device.h"
#include "test.h"
#include "uart-harness.h"

enum {
    BASE = 0x09000000,
    DR = 0x000,
    RSR = 0x004,
    FR = 0x018,
    IBRD = 0x024,
    FBRD = 0x028,
    LCR_H = 0x02c,
    CR = 0x030,
    IFLS = 0x034,
    IMSC = 0x038,
    RIS = 0x03c,
    MIS = 0x040,
    ICR = 0x044,
    FR_RXFE = 0x10,
    FR_RXFF = 0x40,
    FR_TXFE = 0x80,
    LCR_FEN = 0x10,
    INT_RX = 0x10,
    INT_TX = 0x20,
    INT_RT = 0x40,
};

static AddressSpace *as;

static uint32_t rd(uint64_t reg)
{
    uint64_t v = 0;
    address_space_ld(as, BASE + reg, 4, &v);
    return v;
}

static void wr(uint64_t reg, uint32_t v) { address_space_st(as, BASE + reg, 4, v); }

static void fresh_uart(void)
{
    run_main_loop();
    device_reset(uart);
    irq_level = 0;
}

static void test_reset_values(void)
{
    fresh_uart();
    CHECK_EQ(rd(FR), FR_RXFE | FR_TXFE);
    CHECK_EQ(rd(CR), 0x300);
    CHECK_EQ(rd(IFLS), 0x12);
    CHECK_EQ(rd(IMSC), 0);
    CHECK_EQ(rd(RIS), 0);
    CHECK_EQ(rd(LCR_H), 0);
    CHECK_EQ(irq_level, 0);
}

static void test_id_registers(void)
{
    static const uint8_t id[8] = {0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
    for (int i = 0; i < 8; i++)
        CHECK_EQ(rd(0xfe0 + 4 * i), id[i]);
}

static void test_transmit(void)
{
    size_t before, after;
    fresh_uart();
    chardev_memory_output(chr, &before);
    wr(DR, 'h');
    address_space_st(as, BASE + DR, 1, 'i'); /* strb, as bare-metal code does */
    const char *out = chardev_memory_output(chr, &after);
    CHECK_EQ(after - before, 2);
    CHECK(memcmp(out + before, "hi", 2) == 0);
    CHECK(rd(RIS) & INT_TX);
    CHECK_EQ(irq_level, 0); /* masked */
}

static void test_receive_with_fifo(void)
{
    fresh_uart();
    wr(LCR_H, LCR_FEN);
    feed("xyz");
    CHECK_EQ(rd(FR) & FR_RXFE, 0);
    CHECK_EQ(rd(DR), 'x');
    CHECK_EQ(rd(DR), 'y');
    CHECK_EQ(rd(DR), 'z');
    CHECK(rd(FR) & FR_RXFE);
}

static void test_fifo_full_holds_back_input(void)
{
    fresh_uart();
    wr(LCR_H, LCR_FEN);
    feed("0123456789abcdefXYZ");
    CHECK(rd(FR) & FR_RXFF);
    for (int i = 0; i < 16; i++)
        CHECK_EQ(rd(DR), "0123456789abcdef"[i]);
    CHECK(rd(FR) & FR_RXFE);
    run_main_loop();
    CHECK_EQ(rd(DR), 'X');
    run_main_loop();
    CHECK_EQ(rd(DR), 'Y');
    run_main_loop();
    CHECK_EQ(rd(DR), 'Z');
    CHECK_EQ(rd(RIS) & 0x400, 0); /* no overrun */
}

static void test_receive_without_fifo_takes_one(void)
{
    fresh_uart();
    feed("pq");
    CHECK(rd(FR) & FR_RXFF);
    CHECK_EQ(rd(DR), 'p');
    CHECK(rd(FR) & FR_RXFE);
    run_main_loop();
    CHECK_EQ(rd(DR), 'q');
}

static void test_rx_interrupt(void)
{
    fresh_uart();
    wr(IMSC, INT_RX | INT_RT);
    CHECK_EQ(irq_level, 0);
    feed("a");
    CHECK_EQ(irq_level, 1);
    CHECK_EQ(rd(MIS), INT_RX | INT_RT);
    CHECK_EQ(rd(DR), 'a');
    CHECK_EQ(irq_level, 0);
    CHECK_EQ(rd(RIS) & (INT_RX | INT_RT), 0);
}

static void test_tx_interrupt_and_icr(void)
{
    fresh_uart();
    wr(IMSC, INT_TX);
    wr(DR, '.');
    CHECK_EQ(irq_level, 1);
    CHECK_EQ(rd(MIS), INT_TX);
    wr(ICR, INT_TX);
    CHECK_EQ(irq_level, 0);
    CHECK_EQ(rd(RIS), 0);
}

static void test_plain_registers(void)
{
    fresh_uart();
    wr(IBRD, 0x12345);
    wr(FBRD, 0xff);
    CHECK_EQ(rd(IBRD), 0x2345);
    CHECK_EQ(rd(FBRD), 0x3f);
    wr(RSR, 0);
    CHECK_EQ(rd(RSR), 0);
}

static void test_bad_accesses_are_harmless(void)
{
    fresh_uart();
    CHECK_EQ(rd(0x100), 0);
    wr(0x100, 1);
    wr(FR, 0xff);
    wr(RIS, 0xff);
    wr(0xfe0, 0);
    CHECK_EQ(rd(ICR), 0);
    CHECK_EQ(rd(FR), FR_RXFE | FR_TXFE);
    CHECK_EQ(rd(RIS), 0);
}

static void test_toggling_fifo_empties_it(void)
{
    fresh_uart();
    wr(LCR_H, LCR_FEN);
    feed("ab");
    wr(LCR_H, 0);
    CHECK(rd(FR) & FR_RXFE);
}

static void test_properties(void)
{
    DeviceState *dev = device_new("pl011");
    char *err = NULL;
    CHECK(dev != NULL);
    CHECK(!device_set_prop(dev, "baud", "9600", &err));
    CHECK(err && strstr(err, "no property 'baud'"));
    g_free(err);
    err = NULL;
    CHECK(!device_set_prop(dev, "chardev", "nosuch", &err));
    CHECK(err && strstr(err, "no chardev"));
    g_free(err);
    err = NULL;
    CHECK(device_set_prop(dev, "chardev", "test0", &err));
    CHECK(device_type_find("pl011") == dev->dc);
    CHECK(device_new("no-such-device") == NULL);
}

int main(void)
{
    as = address_space_system();
    if (!uart_create("pl011"))
        return 1;
    memory_region_add_subregion(address_space_root(as), BASE, device_mmio(uart, 0), 0);

    RUN_TEST(test_reset_values);
    RUN_TEST(test_id_registers);
    RUN_TEST(test_transmit);
    RUN_TEST(test_receive_with_fifo);
    RUN_TEST(test_fifo_full_holds_back_input);
    RUN_TEST(test_receive_without_fifo_takes_one);
    RUN_TEST(test_rx_interrupt);
    RUN_TEST(test_tx_interrupt_and_icr);
    RUN_TEST(test_plain_registers);
    RUN_TEST(test_bad_accesses_are_harmless);
    RUN_TEST(test_toggling_fifo_empties_it);
    RUN_TEST(test_properties);
    return test_finish();
}
