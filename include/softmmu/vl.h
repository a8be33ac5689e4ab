/* The program: command line, machine creation and run loops (softmmu/vl.c). */
#ifndef SOFTMMU_VL_H
#define SOFTMMU_VL_H

/* Run gemu; returns the exit status (errors in the configuration exit(1)). */
int vl_main(int argc, char **argv);

#endif
