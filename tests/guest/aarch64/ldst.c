/*
 * Loads and stores in every A64 addressing mode and size: scaled unsigned
 * offset, unscaled (LDUR), pre- and post-index with writeback, register
 * offset with LSL/UXTW/SXTW/SXTX, PC-relative literals and ADR/ADRP, and
 * the pair forms (LDP/STP/LDPSW/LDNP/STNP).  All accesses are naturally
 * aligned: with the MMU off memory is Device, where unaligned accesses fault.
 */
#include "check.h"

/* src[i] = 0x80 | i: every byte has its sign bit set, so sign extension
 * shows, and every byte is different, so a wrong offset shows. */
uint8_t ldst_src[128] __attribute__((aligned(16)));
static uint8_t out[64] __attribute__((aligned(16)));

/* The little-endian value of `size` bytes of ldst_src at `off`. */
static uint64_t le(unsigned off, unsigned size)
{
    uint64_t v = 0;

    for (unsigned i = size; i--;)
        v = v << 8 | (0x80 | (off + i));
    return v;
}

static uint64_t sext(uint64_t v, unsigned bits)
{
    unsigned shift = 64 - bits;
    return (uint64_t)((int64_t)(v << shift) >> shift);
}

/* `text` loads %[d] from around %[p]; %[i] is an index register. */
#define LOAD(text, base, index)                                                                \
    ({                                                                                         \
        uint64_t d_;                                                                           \
        asm volatile(text                                                                      \
                     : [d] "=&r"(d_)                                                           \
                     : [p] "r"(base), [i] "r"((uint64_t)(index))                               \
                     : "memory");                                                              \
        d_;                                                                                    \
    })

/* Like LOAD, but %[p] is written back: `ptr` is an lvalue. */
#define LOAD_WB(text, ptr)                                                                     \
    ({                                                                                         \
        uint64_t d_;                                                                           \
        asm volatile(text : [d] "=&r"(d_), [p] "+r"(ptr) : : "memory");                        \
        d_;                                                                                    \
    })

static void test_unsigned_offset(void)
{
    uint8_t *b = ldst_src;

    CHECK_EQ(LOAD("ldrb %w[d], [%[p], #5]", b, 0), le(5, 1));
    CHECK_EQ(LOAD("ldrsb %w[d], [%[p], #5]", b, 0), (uint32_t)sext(le(5, 1), 8));
    CHECK_EQ(LOAD("ldrsb %[d], [%[p], #5]", b, 0), sext(le(5, 1), 8));
    CHECK_EQ(LOAD("ldrh %w[d], [%[p], #6]", b, 0), le(6, 2));
    CHECK_EQ(LOAD("ldrsh %w[d], [%[p], #6]", b, 0), (uint32_t)sext(le(6, 2), 16));
    CHECK_EQ(LOAD("ldrsh %[d], [%[p], #126]", b, 0), sext(le(126, 2), 16));
    CHECK_EQ(LOAD("ldr %w[d], [%[p], #8]", b, 0), le(8, 4));
    CHECK_EQ(LOAD("ldrsw %[d], [%[p], #124]", b, 0), sext(le(124, 4), 32));
    CHECK_EQ(LOAD("ldr %[d], [%[p], #16]", b, 0), le(16, 8));
    CHECK_EQ(LOAD("ldr %[d], [%[p], #120]", b, 0), le(120, 8));
    CHECK_EQ(LOAD("ldr %[d], [%[p]]", b, 0), le(0, 8));
    asm volatile("prfm pldl1keep, [%0, #64]" ::"r"(b)); /* a hint: must do nothing */
}

static void test_unscaled_offset(void)
{
    CHECK_EQ(LOAD("ldur %[d], [%[p], #-8]", ldst_src + 24, 0), le(16, 8));
    /* An offset that is not a multiple of the size, to an aligned address. */
    CHECK_EQ(LOAD("ldur %w[d], [%[p], #-1]", ldst_src + 17, 0), le(16, 4));
    CHECK_EQ(LOAD("ldurh %w[d], [%[p], #-2]", ldst_src + 24, 0), le(22, 2));
    CHECK_EQ(LOAD("ldursb %[d], [%[p], #-1]", ldst_src + 24, 0), sext(le(23, 1), 8));
    CHECK_EQ(LOAD("ldursh %w[d], [%[p], #3]", ldst_src + 1, 0), (uint32_t)sext(le(4, 2), 16));
    CHECK_EQ(LOAD("ldursw %[d], [%[p], #-4]", ldst_src + 32, 0), sext(le(28, 4), 32));
    CHECK_EQ(LOAD("ldurb %w[d], [%[p], #255]", (uintptr_t)ldst_src - 128, 0), le(127, 1));
    CHECK_EQ(LOAD("ldur %[d], [%[p], #-256]", (uintptr_t)ldst_src + 256, 0), le(0, 8));
}

static void test_pre_post_index(void)
{
    uint8_t *p = ldst_src;

    CHECK_EQ(LOAD_WB("ldr %[d], [%[p], #8]!", p), le(8, 8));
    CHECK(p == ldst_src + 8);
    CHECK_EQ(LOAD_WB("ldr %[d], [%[p]], #16", p), le(8, 8));
    CHECK(p == ldst_src + 24);
    CHECK_EQ(LOAD_WB("ldrsh %w[d], [%[p], #-2]!", p), (uint32_t)sext(le(22, 2), 16));
    CHECK(p == ldst_src + 22);
    CHECK_EQ(LOAD_WB("ldrb %w[d], [%[p]], #-1", p), le(22, 1));
    CHECK(p == ldst_src + 21);
    p = ldst_src + 40;
    CHECK_EQ(LOAD_WB("ldrsw %[d], [%[p]], #4", p), sext(le(40, 4), 32));
    CHECK(p == ldst_src + 44);
    CHECK_EQ(LOAD_WB("ldrsb %[d], [%[p], #-44]!", p), sext(le(0, 1), 8));
    CHECK(p == ldst_src);
}

static void test_register_offset(void)
{
    uint8_t *mid = ldst_src + 64;

    CHECK_EQ(LOAD("ldr %[d], [%[p], %[i], lsl #3]", ldst_src, 3), le(24, 8));
    CHECK_EQ(LOAD("ldr %[d], [%[p], %[i]]", ldst_src, 40), le(40, 8)); /* unscaled index */
    /* UXTW ignores the index's upper half; SXTW makes it negative. */
    CHECK_EQ(LOAD("ldr %w[d], [%[p], %w[i], uxtw #2]", ldst_src, 0xffffffff00000005),
             le(20, 4));
    CHECK_EQ(LOAD("ldr %[d], [%[p], %w[i], sxtw #3]", mid, 0xfffffffe), le(48, 8));
    CHECK_EQ(LOAD("ldrb %w[d], [%[p], %w[i], sxtw]", mid, (uint32_t)-64), le(0, 1));
    CHECK_EQ(LOAD("ldr %[d], [%[p], %[i], sxtx]", mid, -8l), le(56, 8));
    CHECK_EQ(LOAD("ldrh %w[d], [%[p], %[i], lsl #1]", ldst_src, 7), le(14, 2));
    CHECK_EQ(LOAD("ldrh %w[d], [%[p], %w[i], uxtw]", ldst_src, 6), le(6, 2));
    CHECK_EQ(LOAD("ldrsb %[d], [%[p], %[i]]", ldst_src, 100), sext(le(100, 1), 8));
    CHECK_EQ(LOAD("ldrsh %w[d], [%[p], %w[i], sxtw #1]", mid, (uint32_t)-3),
             (uint32_t)sext(le(58, 2), 16));
    CHECK_EQ(LOAD("ldrsw %[d], [%[p], %[i], lsl #2]", ldst_src, 3), sext(le(12, 4), 32));
}

static void test_literal_and_adr(void)
{
    uint64_t a, b;

    CHECK_EQ(LOAD("ldr %[d], 1f\n\tb 2f\n\t.balign 8\n1:\t.quad 0x1122334455667788\n2:", 0, 0),
             0x1122334455667788);
    CHECK_EQ(LOAD("ldr %w[d], 1f\n\tb 2f\n1:\t.word 0x80000001\n2:", 0, 0), 0x80000001);
    CHECK_EQ(LOAD("ldrsw %[d], 1f\n\tb 2f\n1:\t.word 0x80000001\n2:", 0, 0),
             0xffffffff80000001);
    /* ADR and a literal holding the same label's absolute address agree. */
    asm volatile("adr %0, 1f\n\tldr %1, 2f\n\tb 3f\n\t.balign 8\n1:\n2:\t.quad 1b\n3:"
                 : "=&r"(a), "=&r"(b));
    CHECK_EQ(a, b);
    asm volatile("adrp %0, ldst_src" : "=r"(a));
    CHECK_EQ(a, (uintptr_t)ldst_src & ~0xffful);
    asm volatile("adrp %0, ldst_src\n\tadd %0, %0, :lo12:ldst_src" : "=r"(a));
    CHECK_EQ(a, (uintptr_t)ldst_src);
}

static void clear_out(void)
{
    for (unsigned i = 0; i < sizeof(out); i++)
        ((volatile uint8_t *)out)[i] = 0;
}

/* The 8 bytes of out at `off`, read one byte at a time. */
static uint64_t out_bytes(unsigned off)
{
    uint64_t v = 0;

    for (unsigned i = 8; i--;)
        v = v << 8 | ((volatile uint8_t *)out)[off + i];
    return v;
}

static void test_stores(void)
{
    uint8_t *p;
    uint64_t v = 0x1122334455667788;

    clear_out();
    asm volatile("strb %w1, [%0, #3]" ::"r"(out), "r"(0x1ff) : "memory");
    asm volatile("strh %w1, [%0, #6]" ::"r"(out), "r"(v) : "memory");
    CHECK_EQ(out_bytes(0), 0x77880000ff000000);
    asm volatile("str %w1, [%0, #8]" ::"r"(out), "r"(v) : "memory");
    asm volatile("stur %w1, [%0, #-1]" ::"r"(out + 13), "r"(~v) : "memory");
    CHECK_EQ(out_bytes(8), 0xaa99887755667788);
    asm volatile("str %1, [%0, #16]" ::"r"(out), "r"(v) : "memory");
    CHECK_EQ(out_bytes(16), v);
    asm volatile("sturh %w1, [%0, #-2]" ::"r"(out + 26), "r"(0xbeef) : "memory");
    asm volatile("strh %w1, [%0, %w2, sxtw #1]" ::"r"(out + 32), "r"(0xcafe), "r"(-3)
                 : "memory");
    CHECK_EQ(out_bytes(24), 0xcafebeef);

    p = out + 48;
    asm volatile("str %1, [%0, #-8]!" : "+r"(p) : "r"(v) : "memory");
    CHECK(p == out + 40);
    CHECK_EQ(out_bytes(40), v);
    for (unsigned i = 0; i < 4; i++)
        asm volatile("strb %w1, [%0], #1" : "+r"(p) : "r"(0xa0 + i) : "memory");
    CHECK(p == out + 44);
    CHECK_EQ(out_bytes(40), 0x11223344a3a2a1a0);
    asm volatile("str %1, [%0, %2, lsl #3]" ::"r"(out), "r"(~v), "r"(6) : "memory");
    CHECK_EQ(out_bytes(48), ~v);
    asm volatile("str %w1, [%0], #-4" : "+r"(p) : "r"(0x12345678) : "memory");
    CHECK(p == out + 40);
    CHECK_EQ(out_bytes(40), 0x12345678a3a2a1a0);
}

static void test_pairs(void)
{
    uint64_t a, b;
    uint8_t *p;

    asm volatile("ldp %0, %1, [%2, #16]" : "=&r"(a), "=&r"(b) : "r"(ldst_src) : "memory");
    CHECK_EQ(a, le(16, 8));
    CHECK_EQ(b, le(24, 8));
    asm volatile("ldp %w0, %w1, [%2, #-8]"
                 : "=&r"(a), "=&r"(b)
                 : "r"(ldst_src + 16)
                 : "memory");
    CHECK_EQ(a, le(8, 4));
    CHECK_EQ(b, le(12, 4));
    p = ldst_src;
    asm volatile("ldp %0, %1, [%2, #16]!" : "=&r"(a), "=&r"(b), "+r"(p) : : "memory");
    CHECK(p == ldst_src + 16);
    CHECK_EQ(b, le(24, 8));
    asm volatile("ldp %0, %1, [%2], #-16" : "=&r"(a), "=&r"(b), "+r"(p) : : "memory");
    CHECK(p == ldst_src);
    CHECK_EQ(a, le(16, 8));
    asm volatile("ldpsw %0, %1, [%2, #8]" : "=&r"(a), "=&r"(b) : "r"(ldst_src) : "memory");
    CHECK_EQ(a, sext(le(8, 4), 32));
    CHECK_EQ(b, sext(le(12, 4), 32));
    asm volatile("ldpsw %0, %1, [%2], #8" : "=&r"(a), "=&r"(b), "+r"(p) : : "memory");
    CHECK(p == ldst_src + 8);
    CHECK_EQ(b, sext(le(4, 4), 32));
    asm volatile("ldnp %0, %1, [%2, #32]" : "=&r"(a), "=&r"(b) : "r"(ldst_src) : "memory");
    CHECK_EQ(a, le(32, 8));
    CHECK_EQ(b, le(40, 8));

    clear_out();
    p = out + 16;
    asm volatile("stp %1, %2, [%0, #-16]!" : "+r"(p) : "r"(1ul), "r"(2ul) : "memory");
    CHECK(p == out);
    CHECK_EQ(out_bytes(0), 1);
    CHECK_EQ(out_bytes(8), 2);
    asm volatile("stp %w1, %w2, [%0, #16]" ::"r"(p), "r"(~0ul), "r"(0x55aa) : "memory");
    CHECK_EQ(out_bytes(16), 0x000055aaffffffff);
    asm volatile("stp %w1, %w2, [%0], #40" : "+r"(p) : "r"(7), "r"(8) : "memory");
    CHECK(p == out + 40);
    CHECK_EQ(out_bytes(0), 0x0000000800000007);
    asm volatile("stnp %1, %2, [%0, #-16]" ::"r"(p), "r"(3ul), "r"(4ul) : "memory");
    CHECK_EQ(out_bytes(24), 3);
    CHECK_EQ(out_bytes(32), 4);
}

int main(void)
{
    for (unsigned i = 0; i < sizeof(ldst_src); i++)
        ldst_src[i] = (uint8_t)(0x80 | i);

    test_unsigned_offset();
    test_unscaled_offset();
    test_pre_post_index();
    test_register_offset();
    test_literal_and_adr();
    test_stores();
    test_pairs();
    return test_finish("ldst");
}
