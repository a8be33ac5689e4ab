/*
 * Host side of semihosting: what a target's semihosting call handler
 * (e.g. target-arm/arm-semihosting.c) uses to reach the user's console.
 */
#ifndef SYSEMU_SEMIHOST_H
#define SYSEMU_SEMIHOST_H

#include <stdbool.h>
#include <stddef.h>

/* -semihosting / -semihosting-config enable=on given. */
bool semihosting_enabled(void);
/* Console output (SYS_WRITEC, SYS_WRITE0, SYS_WRITE to handle 1 or 2). */
void semihost_console_write(const void *buf, size_t len);
/* Blocking read of one character (SYS_READC); -1 at end of input. */
int semihost_console_getc(void);
/* The -append string, for SYS_GET_CMDLINE ("" if none). */
const char *semihost_cmdline(void);

#endif
