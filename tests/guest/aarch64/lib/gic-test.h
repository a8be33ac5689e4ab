/*
 * What the GIC tests (tests/guest/aarch64/gic_timer.c, gic3_timer.c) share: the interrupt
 * sources they use on the virt board and how to silence each of them, and
 * MMIO accessors.
 */
#ifndef GUEST_AARCH64_GIC_TEST_H
#define GUEST_AARCH64_GIC_TEST_H

#include "check.h"

#define PL011      0x09000000ul
#define UART_IMSC  0x038
#define UART_ICR   0x044
#define UART_TX    (1u << 5)
#define VECTOR_IRQ 5 /* IRQ from the current EL with SP_ELx */

#define ID_SGI        3
#define ID_VIRT_TIMER 27
#define ID_PHYS_TIMER 30
#define ID_UART       33 /* SPI 1 */
#define PRIO          0x80

static inline void w8(uint64_t addr, uint8_t v) { *(volatile uint8_t *)addr = v; }
static inline void w32(uint64_t addr, uint32_t v) { *(volatile uint32_t *)addr = v; }
static inline uint32_t r32(uint64_t addr) { return *(volatile uint32_t *)addr; }
static inline void w64(uint64_t addr, uint64_t v) { *(volatile uint64_t *)addr = v; }
static inline uint64_t r64(uint64_t addr) { return *(volatile uint64_t *)addr; }

/* Silence the source of an interrupt so that it does not fire again. */
static inline void quiesce(unsigned id)
{
    if (id == ID_PHYS_TIMER)
        write_sysreg(cntp_ctl_el0, 0);
    if (id == ID_VIRT_TIMER)
        write_sysreg(cntv_ctl_el0, 0);
    if (id == ID_UART) {
        w32(PL011 + UART_IMSC, 0);
        w32(PL011 + UART_ICR, UART_TX);
    }
}

#endif
