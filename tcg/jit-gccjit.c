/* Tier 1: one TB's optimized IR compiled by libgccjit into a host function. */
#include "tcg-internal.h"
#include "util/log.h"

#ifndef CONFIG_GCCJIT

bool tcg_jit_available(void) { return false; }

bool tcg_jit_compile(TCGCode *code)
{
    log_printf("tcg: libgccjit support is not compiled in (configure found no libgccjit)\n");
    return false;
}

void tcg_jit_free(TCGCode *code) {}

#else
bool tcg_jit_available(void) { return false; }
bool tcg_jit_compile(TCGCode *code) { return false; }
void tcg_jit_free(TCGCode *code) {}
#endif
