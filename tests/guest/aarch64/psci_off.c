/*
 * PSCI SYSTEM_OFF through HVC (the conduit QEMU's virt board advertises when
 * it starts us at EL1): the machine powers off and the emulator exits with
 * status 0.  Returning from the call is a failure.
 */
#include "runtime.h"

#define PSCI_SYSTEM_OFF 0x84000008

int main(void)
{
    uint64_t result;

    printf("psci: SYSTEM_OFF via HVC\n");
    /* SMC Calling Convention: function id in x0, result in x0; x1-x17
     * may be clobbered. */
    asm volatile("mov x0, %1\n\thvc #0\n\tmov %0, x0"
                 : "=r"(result)
                 : "r"((uint64_t)PSCI_SYSTEM_OFF)
                 : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
                   "x12", "x13", "x14", "x15", "x16", "x17", "memory");
    printf("psci: SYSTEM_OFF returned 0x%lx\n", result);
    return 1;
}
