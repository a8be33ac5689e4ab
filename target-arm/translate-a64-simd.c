/* A64 Advanced SIMD integer, permute and copy: decode table and translation. */
#include "target-arm/translate-a64.h"

const A64Pattern a64_simd_patterns[] = {
    {NULL, NULL, NULL},
};
