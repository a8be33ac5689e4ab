/*
 * Arm semihosting, A64 flavour: HLT #0xF000 with the operation in w0 and a
 * parameter (a value or a pointer to a parameter block) in x1; the result
 * comes back in x0.  Needs -semihosting on the emulator's command line.
 */
#include "runtime.h"

uint64_t semihost_call(uint32_t op, uint64_t param)
{
    register uint64_t x0 asm("x0") = op;
    register uint64_t x1 asm("x1") = param;

    asm volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
    return x0;
}

void semihost_exit(int code)
{
    /* SYS_EXIT_EXTENDED takes {reason, exit code} and, unlike SYS_EXIT on
     * old hosts, always passes the code through. */
    uint64_t block[2] = {ADP_Stopped_ApplicationExit, (uint64_t)(int64_t)code};

    semihost_call(SYS_EXIT_EXTENDED, (uintptr_t)block);
    for (;;)
        asm volatile("wfi");
}
