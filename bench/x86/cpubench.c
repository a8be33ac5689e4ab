/*
 * A CPU-bound x86-64 benchmark, integer only: a bytecode interpreter (a
 * switch dispatch loop: indirect branches, a VM stack in memory),
 * table-driven CRC-32, a sieve of Eratosthenes and a heap sort, each
 * repeated a fixed number of times.  It prints a checksum of all results
 * (so an emulator that computes wrongly cannot look fast) and the TSC ticks
 * it took; under `qemu-system-x86_64 -icount shift=0` a TSC tick is one
 * nanosecond of virtual time and one instruction, which is how
 * bench/x86-cpu counts its guest instructions.
 *
 * The same source builds as a bare-metal Multiboot program (-DBARE_METAL,
 * with the tests/guest/x86 runtime) and as a Linux program, both with
 * -O2 -mgeneral-regs-only, so that the host runs the same code.
 */
#ifdef BARE_METAL
#include "runtime.h"
#else
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#endif

#define VM_ROUNDS    20
#define CRC_BUF_SIZE (64 * 1024)
#define CRC_ROUNDS   100
#define SIEVE_LIMIT  (256 * 1024)
#define SIEVE_ROUNDS 50
#define SORT_COUNT   (16 * 1024)
#define SORT_ROUNDS  50

#include "../common/kernels.h"


static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}


/* ---- a stack machine ---- */
enum op { PUSH, LOAD, STORE, SUB, MUL, XOR, SHR, JNZ, JMP, HALT };

struct insn {
    uint8_t op;
    int32_t arg;
};

/* for (i = n; i != 0; i--) { h = (h ^ i) * 16777619; h ^= h >> 13; } -- an
 * FNV-style hash of a countdown, in variables 0 (i) and 1 (h). */
static const struct insn vm_program[] = {
    {STORE, 0}, /* i = n (on the stack at entry) */
    {PUSH, (int32_t)2166136261u},
    {STORE, 1},
    {LOAD, 0}, /* 3: the loop */
    {JNZ, 6},
    {HALT, 0},
    {LOAD, 1}, /* 6 */
    {LOAD, 0},
    {XOR, 0},
    {PUSH, 16777619},
    {MUL, 0},
    {STORE, 1},
    {LOAD, 1},
    {LOAD, 1},
    {PUSH, 13},
    {SHR, 0},
    {XOR, 0},
    {STORE, 1},
    {LOAD, 0},
    {PUSH, 1},
    {SUB, 0},
    {STORE, 0},
    {JMP, 3},
};

static uint32_t vm_run(const struct insn *code, uint32_t n)
{
    uint32_t stack[16], vars[4] = {0};
    unsigned sp = 0, pc = 0;

    stack[sp++] = n;
    for (;;) {
        const struct insn *i = &code[pc++];
        switch (i->op) {
        case PUSH:
            stack[sp++] = (uint32_t)i->arg;
            break;
        case LOAD:
            stack[sp++] = vars[i->arg];
            break;
        case STORE:
            vars[i->arg] = stack[--sp];
            break;
        case SUB:
            sp--;
            stack[sp - 1] -= stack[sp];
            break;
        case MUL:
            sp--;
            stack[sp - 1] *= stack[sp];
            break;
        case XOR:
            sp--;
            stack[sp - 1] ^= stack[sp];
            break;
        case SHR:
            sp--;
            stack[sp - 1] >>= stack[sp];
            break;
        case JNZ:
            if (stack[--sp])
                pc = (unsigned)i->arg;
            break;
        case JMP:
            pc = (unsigned)i->arg;
            break;
        default: /* HALT */
            return vars[1];
        }
    }
}

int main(void)
{
    uint64_t start = rdtsc();
    uint32_t checksum = 0;

    for (int r = 0; r < VM_ROUNDS; r++)
        checksum = checksum * 31 + vm_run(vm_program, 100000 + (uint32_t)r);
    crc_init();
    for (int r = 0; r < CRC_ROUNDS; r++)
        checksum = crc32(crc_buf, CRC_BUF_SIZE, checksum);
    for (int r = 0; r < SIEVE_ROUNDS; r++)
        checksum = checksum * 31 + sieve_count();
    for (int r = 0; r < SORT_ROUNDS; r++)
        checksum = checksum * 31 + sort_round();

    uint64_t ticks = rdtsc() - start;
    printf("cpubench: checksum 0x%08x\n", checksum);
    printf("cpubench: %llu tsc ticks\n", (unsigned long long)ticks);
    return 0;
}
