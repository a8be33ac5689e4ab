/* A64 loads and stores: decode table and translation. */
#include "target-arm/translate-a64.h"

const A64Pattern a64_ldst_patterns[] = {
    {NULL, NULL, NULL},
};
