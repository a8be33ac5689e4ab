#include "check.h"

static unsigned checks;
static unsigned failures;

void check_true(bool ok, const char *expr, const char *file, int line)
{
    checks++;
    if (!ok) {
        failures++;
        printf("  check failed: %s:%d: %s\n", file, line, expr);
    }
}

void check_eq(uint64_t got, uint64_t want, const char *expr, const char *file, int line)
{
    checks++;
    if (got != want) {
        failures++;
        printf("  check failed: %s:%d: %s is 0x%llx, want 0x%llx\n", file, line, expr,
               (unsigned long long)got, (unsigned long long)want);
    }
}

int test_finish(const char *name)
{
    if (failures == 0) {
        printf("RESULT: PASS %s (%u checks)\n", name, checks);
        return 0;
    }
    printf("RESULT: FAIL %s (%u of %u checks failed)\n", name, failures, checks);
    return 1;
}
