/*
 * A CPU-bound bare-metal A64 benchmark: table-driven CRC-32 over a buffer,
 * a sieve of Eratosthenes and a heap sort, each repeated a fixed number of
 * times.  It prints a checksum of all results (so an emulator that computes
 * wrongly cannot look fast) and the generic-timer ticks it took.  Under
 * `qemu-system-aarch64 -icount shift=0` one instruction is one nanosecond
 * of virtual time, which is how bench/run counts its guest instructions.
 */
#include "runtime.h"

#define CRC_BUF_SIZE (64 * 1024)
#define CRC_ROUNDS   360
#define SIEVE_LIMIT  (256 * 1024)
#define SIEVE_ROUNDS 180
#define SORT_COUNT   (16 * 1024)
#define SORT_ROUNDS  180

#include "../common/kernels.h"

int main(void)
{
    uint64_t start = read_sysreg(cntvct_el0);
    uint32_t checksum = 0;

    crc_init();
    for (int r = 0; r < CRC_ROUNDS; r++)
        checksum = crc32(crc_buf, CRC_BUF_SIZE, checksum);
    for (int r = 0; r < SIEVE_ROUNDS; r++)
        checksum = checksum * 31 + sieve_count();
    for (int r = 0; r < SORT_ROUNDS; r++)
        checksum = checksum * 31 + sort_round();

    uint64_t ticks = read_sysreg(cntvct_el0) - start;
    printf("cpubench: checksum 0x%08x\n", checksum);
    printf("cpubench: %lu timer ticks at %lu Hz\n", ticks, read_sysreg(cntfrq_el0));
    return 0;
}
