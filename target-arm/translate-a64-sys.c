/* A64 system instructions, exception generation and hints: decode table and translation. */
#include "target-arm/translate-a64.h"

const A64Pattern a64_sys_patterns[] = {
    {NULL, NULL, NULL},
};
