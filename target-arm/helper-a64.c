/* Run-time helpers of the A64 translator (declared in helper-a64.h). */
#include "target-arm/helper-a64.h"

#include "target-arm/cpu.h"

void helper_raise_exception(void *env, uint32_t excp, uint32_t syndrome, uint32_t target_el)
{
    arm_raise_exception(env, (int)excp, syndrome, (int)target_el);
}

void helper_pc_alignment_fault(void *env, uint64_t pc)
{
    ARMCPU *cpu = env;
    int el = arm_current_el(cpu);
    cpu->sys.excp_vaddr = pc; /* reported in FAR_ELx */
    arm_raise_exception(cpu, ARM_EXCP_PREFETCH_ABORT, syn_make(EC_PCALIGNMENT, 0),
                        el > 1 ? el : 1);
}

uint64_t helper_rbit64(uint64_t x)
{
    /* Swap ever smaller groups: halves, quarters, ... single bits. */
    static const uint64_t masks[] = {
        0x00000000ffffffffull, 0x0000ffff0000ffffull, 0x00ff00ff00ff00ffull,
        0x0f0f0f0f0f0f0f0full, 0x3333333333333333ull, 0x5555555555555555ull,
    };
    unsigned shift = 32;
    for (unsigned i = 0; i < sizeof(masks) / sizeof(masks[0]); i++, shift >>= 1) {
        x = ((x >> shift) & masks[i]) | ((x & masks[i]) << shift);
    }
    return x;
}

/*
 * The A64 CRC instructions use the bit-reflected form of the polynomial and
 * neither invert the accumulator on entry nor on exit.
 */
static uint64_t crc32_reflected(uint64_t acc, uint64_t val, uint32_t bytes, uint32_t poly)
{
    uint32_t crc = (uint32_t)acc;
    for (uint32_t i = 0; i < bytes; i++) {
        crc ^= (uint8_t)(val >> (8 * i));
        for (int bit = 0; bit < 8; bit++) {
            crc = (crc >> 1) ^ (poly & -(crc & 1));
        }
    }
    return crc;
}

uint64_t helper_crc32(uint64_t acc, uint64_t val, uint32_t bytes)
{
    return crc32_reflected(acc, val, bytes, 0xedb88320u);
}

uint64_t helper_crc32c(uint64_t acc, uint64_t val, uint32_t bytes)
{
    return crc32_reflected(acc, val, bytes, 0x82f63b78u);
}
