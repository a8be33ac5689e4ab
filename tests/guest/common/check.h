/*
 * Self-checking tests: CHECK(expr) / CHECK_EQ(got, want) count checks and
 * print every failure with its source line; test_finish() prints the one
 * summary line the runner looks for ("RESULT: PASS ...") and returns the
 * exit status for main.
 */
#ifndef GUEST_CHECK_H
#define GUEST_CHECK_H

#include "runtime.h" /* the architecture's runtime: its lib/ comes first on the include path */

void check_true(bool ok, const char *expr, const char *file, int line);
void check_eq(uint64_t got, uint64_t want, const char *expr, const char *file, int line);
int test_finish(const char *name);

#define CHECK(expr) check_true(!!(expr), #expr, __FILE__, __LINE__)
#define CHECK_EQ(got, want)                                                                    \
    check_eq((uint64_t)(got), (uint64_t)(want), #got, __FILE__, __LINE__)

#endif
