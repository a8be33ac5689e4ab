/*
 * Self-modifying code, done the architectural way: store the new
 * instructions, clean the data cache to the point of unification (DC CVAU),
 * DSB, invalidate the instruction cache (IC IVAU), DSB, ISB, then run them.
 * An emulator must notice the store to translated code and retranslate.
 * Three cases: a function in .text called many times (so it is hot) and
 * then rewritten; code built in a .data buffer; and an instruction that is
 * rewritten by the code right in front of it, in the same straight line.
 */
#include "check.h"

/* Code we rewrite lives in .text on purpose: the same page as the code
 * running the test, which is the harder case for an emulator. */
asm(".text\n"
    ".balign 64\n"
    "patchable:\n"
    "\tmov w0, #0\n"
    "\tret\n"
    ".balign 64\n"
    /* patch_ahead(insn): stores insn over the instruction at 1:, syncs,
     * then falls through into it. */
    "patch_ahead:\n"
    "\tadr x1, 1f\n"
    "\tstr w0, [x1]\n"
    "\tdc cvau, x1\n"
    "\tdsb ish\n"
    "\tic ivau, x1\n"
    "\tdsb ish\n"
    "\tisb\n"
    "1:\tmov w0, #0\n"
    "\tret\n");

uint32_t patchable(void);
uint32_t patch_ahead(uint32_t insn);

#define ROUNDS    5
#define HOT_CALLS 2000

static uint32_t movz_w0(unsigned imm16) { return 0x52800000 | imm16 << 5; }

static uint32_t add_w0_w0(unsigned imm12)
{
    return 0x11000000 | imm12 << 10; /* add w0, w0, #imm12 */
}

#define RET 0xd65f03c0

/* Make `len` bytes of freshly written code at `start` visible to
 * instruction fetch; line sizes come from CTR_EL0. */
static void sync_icache(void *start, size_t len)
{
    uint64_t ctr = read_sysreg(ctr_el0);
    uintptr_t dline = 4ul << ((ctr >> 16) & 0xf), iline = 4ul << (ctr & 0xf);
    uintptr_t end = (uintptr_t)start + len;

    for (uintptr_t a = (uintptr_t)start & ~(dline - 1); a < end; a += dline)
        asm volatile("dc cvau, %0" ::"r"(a) : "memory");
    asm volatile("dsb ish" ::: "memory");
    for (uintptr_t a = (uintptr_t)start & ~(iline - 1); a < end; a += iline)
        asm volatile("ic ivau, %0" ::"r"(a) : "memory");
    asm volatile("dsb ish\n\tisb" ::: "memory");
}

static void test_rewrite_hot_function(void)
{
    volatile uint32_t *code = (volatile uint32_t *)(uintptr_t)patchable;

    for (unsigned round = 1; round <= ROUNDS; round++) {
        uint64_t sum = 0;

        code[0] = movz_w0(round * 7);
        sync_icache((void *)code, 4);
        for (unsigned i = 0; i < HOT_CALLS; i++)
            sum += patchable();
        CHECK_EQ(sum, (uint64_t)HOT_CALLS * round * 7);
    }
}

static uint32_t data_code[16] __attribute__((aligned(64)));

static void test_code_in_data(void)
{
    uint32_t (*fn)(uint32_t) = (uint32_t(*)(uint32_t))(uintptr_t)data_code;

    for (unsigned round = 1; round <= ROUNDS; round++) {
        /* A different length each time, so stale code would show. */
        unsigned n = 0;
        for (unsigned i = 0; i < round; i++)
            data_code[n++] = add_w0_w0(round);
        data_code[n++] = RET;
        sync_icache(data_code, n * 4);
        CHECK_EQ(fn(1000), 1000 + round * round);
        CHECK_EQ(fn(1), 1 + round * round);
    }
}

static void test_rewrite_next_instruction(void)
{
    for (unsigned round = 1; round <= ROUNDS; round++)
        CHECK_EQ(patch_ahead(movz_w0(100 + round)), 100 + round);
}

int main(void)
{
    CHECK_EQ(patchable(), 0);
    test_rewrite_hot_function();
    test_code_in_data();
    test_rewrite_next_instruction();
    return test_finish("selfmod");
}
