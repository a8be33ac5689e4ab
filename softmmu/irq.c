/*
 * Interrupt lines (hw/irq.h): a handler called with the level whenever it
 * is set.  They live in softmmu, below both hw/ and target-*, because
 * devices, boards and CPUs (the generic timer's outputs) all drive them.
 */
#include <glib.h>

#include "hw/irq.h"

struct IRQState {
    qemu_irq_handler handler;
    void *opaque;
    int n;
};

qemu_irq qemu_allocate_irq(qemu_irq_handler handler, void *opaque, int n)
{
    qemu_irq irq = g_new0(struct IRQState, 1);
    irq->handler = handler;
    irq->opaque = opaque;
    irq->n = n;
    return irq;
}

void qemu_set_irq(qemu_irq irq, int level)
{
    if (irq)
        irq->handler(irq->opaque, irq->n, level);
}
