/* A64 LSE atomics and RCpc loads: decode table and translation. */
#include "target-arm/translate-a64.h"

const A64Pattern a64_atomic_patterns[] = {
    {NULL, NULL, NULL},
};
