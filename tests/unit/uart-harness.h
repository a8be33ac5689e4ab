/*
 * What the UART device tests share: the device under test with a memory
 * chardev on its "chardev" property, its interrupt line's level, and a
 * way to let deferred input delivery (chardev_accept_input) run.
 */
#ifndef TESTS_UNIT_UART_HARNESS_H
#define TESTS_UNIT_UART_HARNESS_H

#include <glib.h>
#include <string.h>

#include "backends/chardev.h"
#include "hw/device.h"
#include "hw/irq.h"

static Chardev *chr;
static DeviceState *uart;
static int irq_level;

static void irq_handler(void *opaque, int n, int level)
{
    (void)opaque;
    (void)n;
    irq_level = level;
}

static void feed(const char *s) { chardev_feed_input(chr, (const uint8_t *)s, strlen(s)); }

static void run_main_loop(void)
{
    while (g_main_context_iteration(NULL, FALSE))
        ;
}

/* Create and realize device type with a memory chardev; false (after a FAIL line) on error. */
static bool uart_create(const char *type)
{
    char *err = NULL;
    chr = chardev_new_memory("test0");
    uart = device_new(type);
    device_set_prop_chardev(uart, "chardev", chr);
    if (!device_realize(uart, &err)) {
        printf("FAIL realize: %s\n", err);
        return false;
    }
    device_connect_irq(uart, 0, qemu_allocate_irq(irq_handler, NULL, 0));
    return true;
}

#endif
