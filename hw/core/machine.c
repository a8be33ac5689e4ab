/* Machine registry and the machine-wide reset sequence. */
#include <stdlib.h>
#include <string.h>

#include "hw/boards.h"
#include "hw/device.h"
#include "hw/loader.h"
#include "sysemu/cpus.h"
#include "util/error.h"
#include "util/registry.h"

static Registry machines = REGISTRY_INIT("machine");

void machine_register(const MachineClass *mc) { registry_add(&machines, mc->name, mc); }

const MachineClass *machine_find(const char *name) { return registry_find(&machines, name); }

static void print_machine(const void *item, void *opaque)
{
    const MachineClass *mc = item;
    fprintf(opaque, "%-20s %s\n", mc->name, mc->desc);
}

void machine_list(FILE *f)
{
    fprintf(f, "Supported machines are:\n");
    registry_foreach_sorted(&machines, print_machine, f);
}

void machine_reset(MachineState *ms)
{
    device_reset_all();
    CPU_FOREACH(cpu)
    {
        /* Powered on and running; the board's reset hook decides otherwise. */
        cpu->halted = false;
        cpu->stopped = false;
        cpu_reset(cpu);
    }
    loader_reset();
    if (ms->mc->reset)
        ms->mc->reset(ms);
}
