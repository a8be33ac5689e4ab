/*
 * Whole-machine run state: requests from guests (PSCI, semihosting,
 * isa-debug-exit) to power off or reset, and the big lock devices live under.
 */
#ifndef SYSEMU_RUNSTATE_H
#define SYSEMU_RUNSTATE_H

#include <stdbool.h>

/* Power off; gemu exits with exit_code once the vCPU thread has stopped. */
void system_shutdown_request(int exit_code);
/* Reset the machine; becomes a shutdown (code 0) under -no-reboot. */
void system_reset_request(void);
bool system_shutdown_pending(void);

/* The big lock: held by the vCPU thread for MMIO, by the main loop for I/O. */
void bql_lock(void);
void bql_unlock(void);
bool bql_locked(void);

#endif
