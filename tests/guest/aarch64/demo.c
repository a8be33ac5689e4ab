/*
 * The guest `make run` boots: a greeting over the PL011, a little
 * arithmetic to show the CPU really runs code, and a clean semihosting exit.
 */
#include "runtime.h"

/* Collatz: the number below `limit` with the longest chain to 1. */
static unsigned longest_collatz(unsigned limit, unsigned *steps_out)
{
    unsigned best = 1, best_steps = 0;

    for (unsigned n = 1; n < limit; n++) {
        unsigned steps = 0;
        for (uint64_t x = n; x != 1; steps++)
            x = (x & 1) ? 3 * x + 1 : x / 2;
        if (steps > best_steps) {
            best = n;
            best_steps = steps;
        }
    }
    *steps_out = best_steps;
    return best;
}

int main(void)
{
    unsigned steps;
    unsigned el = (unsigned)(read_sysreg(CurrentEL) >> 2) & 3;

    printf("\n");
    printf("  Hello from an AArch64 guest!\n");
    printf("\n");
    printf("  gemu is a small full-system emulator in the spirit of QEMU: it\n");
    printf("  translates guest code into an IR, interprets it, and compiles the\n");
    printf("  hot parts with GCC (libgccjit).  This bare-metal program runs on the\n");
    printf("  virt board: it talks to you through the PL011 UART at 0x09000000\n");
    printf("  and leaves through Arm semihosting.\n");
    printf("\n");
    printf("  CPU: MIDR_EL1 = 0x%08lx, running at EL%u\n", read_sysreg(midr_el1), el);

    unsigned n = longest_collatz(10000, &steps);
    printf("  Below 10000, %u has the longest Collatz chain: %u steps.\n", n, steps);
    printf("\n  Bye!\n");
    return 0;
}
