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

struct MachineClass {
    const char *name; /* -M NAME */
    const char *desc; /* one line for -M help */
    const char *arch; /* of its CPUs: "aarch64" */
    const char *default_cpu_model;
    const char *const *valid_cpu_models; /* NULL-terminated; NULL: any of arch */
    uint64_t default_ram_size;
    int max_cpus;

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

/* Devices, then CPUs, then loaded images, then mc->reset. */
void machine_reset(MachineState *ms);

#endif
