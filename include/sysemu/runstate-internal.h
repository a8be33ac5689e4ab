/*
 * The machine side of runstate.h: what the command line and the vCPU loop
 * (softmmu/vl.c) use to act on the requests guests make.
 */
#ifndef SYSEMU_RUNSTATE_INTERNAL_H
#define SYSEMU_RUNSTATE_INTERNAL_H

#include <stdbool.h>

/* -no-reboot: a reset request becomes a shutdown with code 0. */
void runstate_set_no_reboot(bool value);
/* True once per system_reset_request(). */
bool runstate_take_reset_request(void);
/* The code of the first shutdown request. */
int runstate_exit_code(void);

#endif
