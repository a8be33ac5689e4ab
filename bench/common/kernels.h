/*
 * The kernels the CPU benchmarks of every guest share (the cpubench.c files):
 * table-driven CRC-32, a sieve of Eratosthenes and a heap sort over
 * pseudo-random data.  The includer defines CRC_BUF_SIZE, SIEVE_LIMIT and
 * SORT_COUNT and provides memset, size_t and the fixed-width integers.
 */
#ifndef BENCH_COMMON_KERNELS_H
#define BENCH_COMMON_KERNELS_H

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

#endif
