/*
 * Interrupt lines between devices, interrupt controllers and CPUs.  A line
 * is a (handler, opaque, n) triple; setting its level calls the handler.
 */
#ifndef HW_IRQ_H
#define HW_IRQ_H

typedef struct IRQState *qemu_irq;
typedef void (*qemu_irq_handler)(void *opaque, int n, int level);

qemu_irq qemu_allocate_irq(qemu_irq_handler handler, void *opaque, int n);
void qemu_set_irq(qemu_irq irq, int level); /* irq may be NULL: no-op */
static inline void qemu_irq_raise(qemu_irq irq) { qemu_set_irq(irq, 1); }
static inline void qemu_irq_lower(qemu_irq irq) { qemu_set_irq(irq, 0); }

#endif
