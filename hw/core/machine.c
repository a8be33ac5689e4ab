/* Machine registry and the machine-wide reset sequence. */
#include <stdlib.h>
#include <string.h>

#include "hw/boards.h"
#include "hw/device.h"
#include "hw/loader.h"
#include "util/error.h"

enum { MAX_MACHINES = 32 };

static const MachineClass *machines[MAX_MACHINES];
static int num_machines;

void machine_register(const MachineClass *mc)
{
    if (num_machines == MAX_MACHINES)
        gemu_bug("too many machines (raise MAX_MACHINES)");
    if (machine_find(mc->name))
        gemu_bug("machine %s registered twice", mc->name);
    machines[num_machines++] = mc;
}

const MachineClass *machine_find(const char *name)
{
    for (int i = 0; i < num_machines; i++) {
        if (strcmp(machines[i]->name, name) == 0)
            return machines[i];
    }
    return NULL;
}

static int compare_machine_names(const void *a, const void *b)
{
    const MachineClass *const *x = a, *const *y = b;
    return strcmp((*x)->name, (*y)->name);
}

void machine_list(FILE *f)
{
    const MachineClass *sorted[MAX_MACHINES];
    memcpy(sorted, machines, sizeof(sorted[0]) * num_machines);
    qsort(sorted, num_machines, sizeof(sorted[0]), compare_machine_names);
    fprintf(f, "Supported machines are:\n");
    for (int i = 0; i < num_machines; i++)
        fprintf(f, "%-20s %s\n", sorted[i]->name, sorted[i]->desc);
}

void machine_reset(MachineState *ms)
{
    device_reset_all();
    CPU_FOREACH(cpu) {
        /* Powered on and running; the board's reset hook decides otherwise. */
        cpu->halted = false;
        cpu->stopped = false;
        cpu->cc->reset(cpu);
    }
    loader_reset();
    if (ms->mc->reset)
        ms->mc->reset(ms);
}
