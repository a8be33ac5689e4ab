/* The ISA bus: a view of the machine's I/O port address space. */
#include <glib.h>

#include "exec/memory.h"
#include "hw/isa.h"
#include "util/error.h"

static AddressSpace *isa_io;

void isa_bus_create(AddressSpace *io)
{
    if (isa_io)
        gemu_bug("a second ISA bus");
    isa_io = io;
}

bool isa_register_ioport(DeviceState *dev, MemoryRegion *mr, uint32_t port, char **errp)
{
    uint64_t size = memory_region_size(mr);
    if (!isa_io) {
        *errp =
            g_strdup_printf("%s needs an ISA bus, and this machine has none", dev->dc->name);
        return false;
    }
    if (port >= ISA_NUM_PORTS || size > ISA_NUM_PORTS - port) {
        *errp = g_strdup_printf("I/O ports 0x%x..0x%" G_GINT64_MODIFIER "x are outside the "
                                "64 KiB I/O space",
                                port, port + size - 1);
        return false;
    }
    memory_region_add_subregion(address_space_root(isa_io), port, mr, 0);
    return true;
}
