/* The command line's side of semihosting (softmmu/vl.c sets it up). */
#ifndef SYSEMU_SEMIHOST_CONFIG_H
#define SYSEMU_SEMIHOST_CONFIG_H

#include <stdbool.h>

void semihosting_set_enabled(bool enabled);
/* The -append string; copied. */
void semihosting_set_cmdline(const char *cmdline);

#endif
