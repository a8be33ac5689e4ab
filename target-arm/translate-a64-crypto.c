/* A64 the cryptographic extension: decode table and translation. */
#include "target-arm/translate-a64.h"

const A64Pattern a64_crypto_patterns[] = {
    {NULL, NULL, NULL},
};
