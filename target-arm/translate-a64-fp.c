/* A64 scalar floating point: decode table and translation. */
#include "target-arm/translate-a64.h"

const A64Pattern a64_fp_patterns[] = {
    {NULL, NULL, NULL},
};
