/*
 * What the differential testers' generators share (tests/guest/a64diff,
 * tests/guest/x86diff): the seeded PRNG and the block specifications on
 * their command line.  Header-only: each generator is one host program.
 */
#ifndef GUEST_DIFFTEST_H
#define GUEST_DIFFTEST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* ---- seeded PRNG (splitmix64: tiny, good enough, fully specified) ---- */
static uint64_t rng_state;

static inline uint64_t rnd64(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline unsigned rnd(unsigned n) { return (unsigned)(rnd64() % n); }

/* A command-line "CLASS:FIRST:COUNT": blocks FIRST .. FIRST+COUNT-1 of a class. */
struct spec {
    int cls;
    unsigned first, count;
};

/* Parse one; find_class maps a class name to its index (-1: unknown). */
static inline bool parse_spec_with(const char *arg, struct spec *s,
                                   int (*find_class)(const char *name))
{
    char name[64];

    if (sscanf(arg, "%63[a-z0-9_]:%u:%u", name, &s->first, &s->count) != 3)
        return false;
    s->cls = find_class(name);
    return s->cls >= 0;
}

#endif
