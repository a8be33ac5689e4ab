/*
 * Semihosting console output: SYS_WRITEC (x1 points at one character) and
 * SYS_WRITE0 (x1 points at a NUL-terminated string).  The runner looks for
 * the line they produce together, which is not printed over the UART.
 */
#include "runtime.h"

int main(void)
{
    static const char prefix[] = "semihosting: ";

    for (const char *c = prefix; *c; c++)
        semihost_call(SYS_WRITEC, (uintptr_t)c);
    semihost_call(SYS_WRITE0, (uintptr_t) "WRITEC and WRITE0 work\n");
    return 0;
}
