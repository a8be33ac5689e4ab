/*
 * SYS_EXIT_EXTENDED with exit code 3: the emulator must exit with status 3.
 * (Every other test also leaves this way, from crt0, with main's result.)
 */
#include "runtime.h"

int main(void)
{
    uint64_t block[2] = {ADP_Stopped_ApplicationExit, 3};

    printf("semihosting: SYS_EXIT_EXTENDED with code 3\n");
    semihost_call(SYS_EXIT_EXTENDED, (uintptr_t)block);
    printf("SYS_EXIT_EXTENDED returned\n");
    return 1;
}
