/*
 * isa-debug-exit: a write to its I/O ports ends gemu with exit status
 * (value << 1) | 1, as QEMU's device does, so a test guest can report
 * success or failure to the host.  Status 0 stays reserved for a guest
 * that powers off normally.  Reads return 0 (QEMU 7.2 has no read handler).
 *
 *   -device isa-debug-exit,iobase=0xf4,iosize=0x04
 */
#include <glib.h>

#include "exec/memory.h"
#include "hw/device.h"
#include "hw/isa.h"
#include "sysemu/runstate.h"

typedef struct DebugExitState {
    DeviceState parent;
    uint32_t iobase, iosize; /* properties; QEMU's defaults 0x501 and 2 */
} DebugExitState;

static void debug_exit_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    system_shutdown_request((int)((val << 1) | 1));
}

static const MemoryRegionOps debug_exit_ops = {
    .write = debug_exit_write,
    .min_access = 1,
    .max_access = 4,
};

static void debug_exit_init(DeviceState *dev)
{
    DebugExitState *s = (DebugExitState *)dev;
    s->iobase = 0x501;
    s->iosize = 2;
}

static bool debug_exit_realize(DeviceState *dev, char **errp)
{
    DebugExitState *s = (DebugExitState *)dev;
    if (s->iosize == 0 || s->iosize > ISA_NUM_PORTS) {
        *errp = g_strdup_printf("iosize 0x%x must be 1..0x10000", s->iosize);
        return false;
    }
    MemoryRegion *mr = memory_region_new_io("isa-debug-exit", s->iosize, &debug_exit_ops, s);
    device_init_mmio(dev, mr);
    return isa_register_ioport(dev, mr, s->iobase, errp);
}

static const DeviceProperty debug_exit_props[] = {
    DEVICE_PROP("iobase", PROP_U32, DebugExitState, iobase),
    DEVICE_PROP("iosize", PROP_U32, DebugExitState, iosize),
    {NULL},
};

static const DeviceClass debug_exit_class = {
    .name = "isa-debug-exit",
    .desc = "ISA debug exit: a port write ends gemu with status (value << 1) | 1",
    .instance_size = sizeof(DebugExitState),
    .props = debug_exit_props,
    .user_creatable = true,
    .init = debug_exit_init,
    .realize = debug_exit_realize,
};

device_type_init(debug_exit_register) { device_type_register(&debug_exit_class); }
