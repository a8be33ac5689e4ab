/*
 * The ISA bus of a PC: devices claim I/O port ranges on it.  A board with
 * an ISA bus creates it over its I/O port address space; devices register
 * their port regions from realize, which makes them creatable with
 * -device on any machine that has the bus (and refused on the others).
 */
#ifndef HW_ISA_H
#define HW_ISA_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/device.h"

typedef struct AddressSpace AddressSpace;

enum { ISA_NUM_PORTS = 0x10000 };

/* The machine's ISA bus decodes the ports of io (one bus per machine). */
void isa_bus_create(AddressSpace *io);

/* Map mr at port in the ISA bus's I/O space; fails (*errp, g_malloc'ed)
 * if the machine has no ISA bus or the range is outside the 64 KiB. */
bool isa_register_ioport(DeviceState *dev, MemoryRegion *mr, uint32_t port, char **errp);

#endif
