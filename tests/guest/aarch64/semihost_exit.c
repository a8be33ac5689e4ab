/*
 * SYS_EXIT (0x18), the older call.  On A64 its parameter is a pointer to
 * {reason, subcode}; reason ADP_Stopped_ApplicationExit with subcode 0 must
 * end the run with status 0.  Any other path exits non-zero.
 */
#include "runtime.h"

int main(void)
{
    uint64_t block[2] = {ADP_Stopped_ApplicationExit, 0};

    printf("semihosting: SYS_EXIT ApplicationExit\n");
    semihost_call(SYS_EXIT, (uintptr_t)block);
    printf("SYS_EXIT returned\n");
    return 2;
}
