/* The smallest test: a line on COM1, then exit status 33 (code 0x10)
 * through isa-debug-exit. */
#include "runtime.h"

int main(void)
{
#ifdef __x86_64__
    printf("Hello from an x86 guest in long mode!\n");
#else
    printf("Hello from an x86 guest in protected mode!\n");
#endif
    return 0x10;
}
