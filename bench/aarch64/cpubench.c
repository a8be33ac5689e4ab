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

static uint8_t crc_buf[CRC_BUF_SIZE];
static uint32_t crc_table[256];
static uint8_t composite[SIEVE_LIMIT];
static uint32_t sort_buf[SORT_COUNT];

/* A linear congruential generator: cheap, deterministic input data. */
static uint32_t lcg_state = 12345;
static uint32_t lcg_next(void)
{
    lcg_state = lcg_state * 1103515245u + 12345u;
    return lcg_state >> 8;
}

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
    for (uint32_t i = 0; i < CRC_BUF_SIZE; i++)
        crc_buf[i] = (uint8_t)lcg_next();
}

static uint32_t crc32(const uint8_t *p, size_t n, uint32_t crc)
{
    crc = ~crc;
    while (n--)
        crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

static uint32_t sieve_count(void)
{
    uint32_t count = 0;

    memset(composite, 0, sizeof(composite));
    for (uint32_t i = 2; i < SIEVE_LIMIT; i++) {
        if (composite[i])
            continue;
        count++;
        for (uint32_t j = i * 2; j < SIEVE_LIMIT; j += i)
            composite[j] = 1;
    }
    return count;
}

static void sift_down(uint32_t *a, size_t root, size_t end)
{
    for (size_t child; (child = 2 * root + 1) < end; root = child) {
        if (child + 1 < end && a[child] < a[child + 1])
            child++;
        if (a[root] >= a[child])
            return;
        uint32_t t = a[root];
        a[root] = a[child];
        a[child] = t;
    }
}

static void heap_sort(uint32_t *a, size_t n)
{
    for (size_t i = n / 2; i-- > 0;)
        sift_down(a, i, n);
    for (size_t end = n; end-- > 1;) {
        uint32_t t = a[0];
        a[0] = a[end];
        a[end] = t;
        sift_down(a, 0, end);
    }
}

/* Sorts fresh random data; returns a position-weighted sum of the result
 * (0 if it is not sorted). */
static uint32_t sort_round(void)
{
    uint32_t sum = 0;

    for (size_t i = 0; i < SORT_COUNT; i++)
        sort_buf[i] = lcg_next();
    heap_sort(sort_buf, SORT_COUNT);
    for (size_t i = 0; i < SORT_COUNT; i++) {
        if (i && sort_buf[i - 1] > sort_buf[i])
            return 0;
        sum += sort_buf[i] * (uint32_t)(i + 1);
    }
    return sum;
}

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
