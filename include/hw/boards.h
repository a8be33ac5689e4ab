/*
 * Machines (boards): a registry of MachineClass by name, and the
 * MachineState the command line fills in before calling the board's init.
 * softmmu/vl.c only knows this interface; boards register themselves with
 * machine_register() from a constructor.
 */
#ifndef HW_BOARDS_H
#define HW_BOARDS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "exec/cpu.h"

typedef struct MachineState MachineState;
typedef struct MachineClass MachineClass;

/*
 * Machine properties, set with -M NAME,KEY=VALUE,... (or -machine) before
 * the board's init runs: a table per board, parsed and listed (-M NAME,help)
 * by hw/core/machine.c.  The setter sees the value already parsed by type.
 */
typedef enum MachinePropType {
    MACHINE_PROP_BOOL,   /* on/off, true/false, yes/no */
    MACHINE_PROP_STRING, /* any text */
    MACHINE_PROP_ENUM,   /* one of values[] */
    MACHINE_PROP_U32,
} MachinePropType;

typedef union MachinePropValue {
    bool b;
    const char *s; /* STRING and ENUM (then one of values[]); valid during the call */
    uint32_t u32;
} MachinePropValue;

typedef struct MachineProperty {
    const char *name;
    MachinePropType type;
    const char *const *values; /* ENUM: the accepted spellings, NULL-terminated */
    const char *help;          /* one line for -M NAME,help */
    /* Store the value (in ms->board, or ms for the common ones); a value the
     * machine cannot honour sets *errp to a g_malloc'ed line and returns false. */
    bool (*set)(MachineState *ms, MachinePropValue v, char **errp);
} MachineProperty;

struct MachineClass {
    const char *name; /* -M NAME */
    const char *desc; /* one line for -M help */
    const char *arch; /* of its CPUs: "aarch64" */
    const char *default_cpu_model;
    const char *const *valid_cpu_models; /* NULL-terminated; NULL: any of arch */
    uint64_t default_ram_size;
    int max_cpus;
    /* The board's own state (ms->board), allocated zeroed before properties
     * are set, so that their setters can store into it; 0: none. */
    size_t board_size;
    const MachineProperty *props; /* ends with a { NULL } entry; may be NULL */

    /* Create RAM, CPUs and devices and load the images (loader.h).  Errors in
     * the user's configuration end the program with fatal(). */
    void (*init)(MachineState *ms);
    /* After devices, CPUs and loaded images are reset: set boot registers
     * (entry point, boot arguments, secondary CPUs powered off). */
    void (*reset)(MachineState *ms);
};

struct MachineState {
    const MachineClass *mc;
    const CPUModel *cpu_model;
    uint64_t ram_size;
    int smp_cpus;
    const char *kernel_filename; /* -kernel, NULL if none */
    const char *initrd_filename; /* -initrd */
    const char *kernel_cmdline;  /* -append, "" if none */
    const char *firmware;        /* -bios */
    const char *dtb_filename;    /* -dtb */
    const char *dumpdtb;         /* -M ...,dumpdtb=FILE: write the DTB there and exit */
    AddressSpace *as;            /* the system address space */
    void *board;                 /* the board's own state */
};

void machine_register(const MachineClass *mc);
const MachineClass *machine_find(const char *name);
/* "name  desc" per line, for -M help. */
void machine_list(FILE *f);

#define machine_init(fn) static void __attribute__((constructor)) fn(void)

/* A machine of class mc with its board state allocated (board_size). */
MachineState *machine_new(const MachineClass *mc);
/* KEY=VALUE of -M: a board property or a common one (dumpdtb).  On failure
 * *errp is a g_malloc'ed line: no such property, bad value, or the setter's. */
bool machine_set_prop(MachineState *ms, const char *name, const char *value, char **errp);
/* "NAME options:" and a line per property, for -M NAME,help. */
void machine_print_props(const MachineClass *mc, FILE *f);

/* Devices, then CPUs, then loaded images, then mc->reset. */
void machine_reset(MachineState *ms);

#endif
