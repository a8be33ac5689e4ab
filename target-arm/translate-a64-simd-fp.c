/* A64 Advanced SIMD floating point: decode table and translation. */
#include "target-arm/translate-a64.h"

const A64Pattern a64_simd_fp_patterns[] = {
    {NULL, NULL, NULL},
};
