/*
 * PL011 output.  QEMU's and gemu's PL011 transmit from reset, so there is no
 * baud-rate or enable setup; we still honour the FIFO-full flag like a
 * driver for real hardware would.
 */
#include "runtime.h"

#define PL011_BASE 0x09000000UL
#define PL011_DR   0x00
#define PL011_FR   0x18
#define FR_TXFF    (1u << 5)

static volatile uint32_t *pl011_reg(unsigned offset)
{
    return (volatile uint32_t *)(PL011_BASE + offset);
}

void uart_putc(char c)
{
    if (c == '\n')
        uart_putc('\r');
    while (*pl011_reg(PL011_FR) & FR_TXFF)
        ;
    *pl011_reg(PL011_DR) = (uint8_t)c;
}

void uart_puts(const char *s)
{
    while (*s)
        uart_putc(*s++);
}
