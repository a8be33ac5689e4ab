/*
 * FNV-1a, 64-bit: the hash of a final state that the differential testers'
 * drivers print, simple and the same on the reference and under gemu.
 */
#ifndef GUEST_FNV_H
#define GUEST_FNV_H

#include <stddef.h>
#include <stdint.h>

static inline uint64_t hash_bytes(const void *p, size_t n)
{
    const uint8_t *b = p;
    uint64_t h = 0xcbf29ce484222325ULL;

    while (n--)
        h = (h ^ *b++) * 0x100000001b3ULL;
    return h;
}

#endif
