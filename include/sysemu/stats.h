/*
 * Translation and execution statistics, printed at exit with -d stats:
 * what a block costs to translate (tier 0) and to compile (tier 1).
 */
#ifndef SYSEMU_STATS_H
#define SYSEMU_STATS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Monotonic nanoseconds, for timing translation and compilation. */
uint64_t stats_clock_ns(void);

void stats_record_translation(unsigned guest_insns, uint64_t ns);
void stats_record_compile(uint64_t ns, bool ok);
void stats_print(FILE *f);

#endif
