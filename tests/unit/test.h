/*
 * A minimal unit-test harness.  Each test binary runs its cases with
 * RUN_TEST() and ends main() with `return test_finish();`.  Every case prints
 * one line, "PASS name" or "FAIL name"; scripts/run-tests counts them.
 */
#ifndef TESTS_UNIT_TEST_H
#define TESTS_UNIT_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

static int test_case_failed;
static int test_cases_failed;

#define CHECK(cond)                                                                            \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            printf("  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);                  \
            test_case_failed = 1;                                                              \
        }                                                                                      \
    } while (0)

#define CHECK_EQ(actual, expected)                                                             \
    do {                                                                                       \
        uint64_t a_ = (uint64_t)(actual), e_ = (uint64_t)(expected);                           \
        if (a_ != e_) {                                                                        \
            printf("  %s:%d: %s = 0x%" PRIx64 ", expected 0x%" PRIx64 "\n", __FILE__,          \
                   __LINE__, #actual, a_, e_);                                                 \
            test_case_failed = 1;                                                              \
        }                                                                                      \
    } while (0)

static inline void run_test(const char *name, void (*fn)(void))
{
    test_case_failed = 0;
    fn();
    printf("%s %s\n", test_case_failed ? "FAIL" : "PASS", name);
    fflush(stdout);
    test_cases_failed += test_case_failed;
}

#define RUN_TEST(fn) run_test(#fn, fn)

static inline int test_finish(void) { return test_cases_failed ? 1 : 0; }

#endif
