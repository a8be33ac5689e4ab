/* COM1 output by polling, and the exit port. */
#include "runtime.h"

enum { COM1 = 0x3f8, THR = 0, IER = 1, LCR = 3, LSR = 5, LSR_THRE = 0x20 };
/* A UART that never gets ready must not hang the test forever. */
enum { THRE_POLL_LIMIT = 100000 };

void uart_putc(char c)
{
    for (unsigned i = 0; i < THRE_POLL_LIMIT && !(inb(COM1 + LSR) & LSR_THRE); i++)
        ;
    outb(COM1 + THR, (uint8_t)c);
}

void uart_puts(const char *s)
{
    while (*s)
        uart_putc(*s++);
}

void debug_exit(unsigned code)
{
    outb(DEBUG_EXIT_PORT, (uint8_t)code);
    /* No isa-debug-exit device: stop here. */
    for (;;)
        asm volatile("cli; hlt");
}
