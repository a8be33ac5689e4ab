/*
 * GCC may emit calls to these even with -ffreestanding.  The attribute stops
 * it from recognising the loops as memset/memcpy and calling themselves.
 */
#include "runtime.h"

__attribute__((optimize("no-tree-loop-distribute-patterns"))) void *memset(void *dst, int c,
                                                                           size_t n)
{
    unsigned char *d = dst;

    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

__attribute__((optimize("no-tree-loop-distribute-patterns"))) void *
memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    while (n--)
        *d++ = *s++;
    return dst;
}
