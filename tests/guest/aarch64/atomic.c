/*
 * Exclusive and ordered accesses: LDXR/STXR (all sizes and the pair form),
 * LDAXR/STLXR, a STXR that must fail because CLREX (or no LDXR at all) left
 * the monitor open, and LDAR/STLR of every size.  Barriers are executed too.
 */
#include "check.h"

static volatile uint64_t word __attribute__((aligned(16)));
static volatile uint64_t pair[2] __attribute__((aligned(16)));

/* STXR may fail spuriously on real hardware; an emulator without other
 * agents should succeed at once, but we allow a few retries. */
#define MAX_TRIES 4

/* One read-modify-write with `ldx`/`stx` of the given register width
 * ("w" or "x" operand modifier); returns the number of attempts, or 0. */
#define EXCLUSIVE_ADD(ldx, stx, reg, ptr, inc)                                                 \
    ({                                                                                         \
        unsigned tries_ = 0;                                                                   \
        uint32_t status_ = 1;                                                                  \
        while (status_ && tries_ < MAX_TRIES) {                                                \
            uint64_t v_;                                                                       \
            asm volatile(ldx " %" reg "[v], [%[p]]\n\t"                                        \
                             "add %" reg "[v], %" reg "[v], %" reg "[i]\n\t" stx               \
                             " %w[s], %" reg "[v], [%[p]]"                                     \
                         : [v] "=&r"(v_), [s] "=&r"(status_)                                   \
                         : [p] "r"(ptr), [i] "r"((uint64_t)(inc))                              \
                         : "memory");                                                          \
            tries_++;                                                                          \
        }                                                                                      \
        status_ ? 0 : tries_;                                                                  \
    })

static void test_exclusive_sizes(void)
{
    word = 0x1122334455667788;
    CHECK(EXCLUSIVE_ADD("ldxr", "stxr", "", &word, 0x1111111111111111) > 0);
    CHECK_EQ(word, 0x2233445566778899);
    CHECK(EXCLUSIVE_ADD("ldxr", "stxr", "w", &word, 0x11111111) > 0);
    CHECK_EQ(word, 0x22334455778899aa); /* only the low word is written */
    CHECK(EXCLUSIVE_ADD("ldxrh", "stxrh", "w", &word, 0xffff) > 0);
    CHECK_EQ(word, 0x22334455778899a9);
    CHECK(EXCLUSIVE_ADD("ldxrb", "stxrb", "w", &word, 0x58) > 0);
    CHECK_EQ(word, 0x2233445577889901);
    CHECK(EXCLUSIVE_ADD("ldaxr", "stlxr", "", &word, 1) > 0);
    CHECK_EQ(word, 0x2233445577889902);
    CHECK(EXCLUSIVE_ADD("ldaxrb", "stlxrb", "w", (volatile uint8_t *)&word + 7, 1) > 0);
    CHECK_EQ(word, 0x2333445577889902);
}

static void test_exclusive_pair(void)
{
    uint64_t lo, hi;
    uint32_t status;

    pair[0] = 1;
    pair[1] = 2;
    asm volatile("ldxp %[lo], %[hi], [%[p]]\n\t"
                 "stxp %w[s], %[hi], %[lo], [%[p]]"
                 : [lo] "=&r"(lo), [hi] "=&r"(hi), [s] "=&r"(status)
                 : [p] "r"(pair)
                 : "memory");
    CHECK_EQ(lo, 1);
    CHECK_EQ(hi, 2);
    CHECK_EQ(status, 0);
    CHECK_EQ(pair[0], 2); /* swapped */
    CHECK_EQ(pair[1], 1);
}

static void test_exclusive_failures(void)
{
    uint64_t v;
    uint32_t status;

    /* CLREX between the two: the store must fail and write nothing. */
    word = 5;
    asm volatile("ldxr %[v], [%[p]]\n\t"
                 "clrex\n\t"
                 "stxr %w[s], %[n], [%[p]]"
                 : [v] "=&r"(v), [s] "=&r"(status)
                 : [p] "r"(&word), [n] "r"(99ul)
                 : "memory");
    CHECK_EQ(v, 5);
    CHECK_EQ(status, 1);
    CHECK_EQ(word, 5);

    /* No LDXR at all since the CLREX above. */
    asm volatile("stlxr %w[s], %[n], [%[p]]"
                 : [s] "=&r"(status)
                 : [p] "r"(&word), [n] "r"(7ul)
                 : "memory");
    CHECK_EQ(status, 1);
    CHECK_EQ(word, 5);

    /* A successful store closes the monitor: a second one fails. */
    asm volatile("ldxr %[v], [%[p]]\n\t"
                 "stxr %w[s], %[v], [%[p]]\n\t"
                 "stxr %w[s], %[n], [%[p]]"
                 : [v] "=&r"(v), [s] "=&r"(status)
                 : [p] "r"(&word), [n] "r"(8ul)
                 : "memory");
    CHECK_EQ(status, 1);
    CHECK_EQ(word, 5);
}

static void test_acquire_release(void)
{
    uint64_t v;

    word = 0;
    asm volatile("stlrb %w1, [%0]" ::"r"(&word), "r"(0x1ab) : "memory");
    CHECK_EQ(word, 0xab);
    asm volatile("stlrh %w1, [%0]" ::"r"((uintptr_t)&word + 2), "r"(0xcdef) : "memory");
    CHECK_EQ(word, 0xcdef00ab);
    asm volatile("stlr %w1, [%0]" ::"r"((uintptr_t)&word + 4), "r"(0x80000001) : "memory");
    CHECK_EQ(word, 0x80000001cdef00ab);
    asm volatile("ldarb %w0, [%1]" : "=r"(v) : "r"((uintptr_t)&word + 7) : "memory");
    CHECK_EQ(v, 0x80);
    asm volatile("ldarh %w0, [%1]" : "=r"(v) : "r"((uintptr_t)&word + 2) : "memory");
    CHECK_EQ(v, 0xcdef);
    asm volatile("ldar %w0, [%1]" : "=r"(v) : "r"((uintptr_t)&word + 4) : "memory");
    CHECK_EQ(v, 0x80000001);
    asm volatile("stlr %1, [%0]" ::"r"(&word), "r"(~0ul) : "memory");
    asm volatile("ldar %0, [%1]" : "=r"(v) : "r"(&word) : "memory");
    CHECK_EQ(v, ~0ul);
    /* Barriers have no visible effect on one CPU; they must simply run. */
    asm volatile("dmb ish\n\tdmb oshld\n\tdsb sy\n\tdsb ishst\n\tisb" ::: "memory");
}

int main(void)
{
    test_exclusive_sizes();
    test_exclusive_pair();
    test_exclusive_failures();
    test_acquire_release();
    return test_finish("atomic");
}
