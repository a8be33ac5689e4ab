/*
 * When SSE instructions may run, and their memory operands: #UD while
 * CR4.OSFXSR is clear or CR0.EM is set, #NM while CR0.TS is set (CLTS
 * clears it), #GP(0) for a misaligned MOVAPS/MOVDQA operand while
 * MOVUPS/MOVDQU take any address, and 16-byte moves through memory and
 * between registers keep every byte.
 */
#include "check.h"

#define VEC_NM     7
#define CR0_EM     (1u << 2)
#define CR0_TS     (1u << 3)
#define CR4_OSFXSR (1u << 9)

#define EXPECT(vec, err) CHECK_EXC(before, vec, err, exc_insn)

/* High registers (REX prefixes) in long mode. */
#ifdef __x86_64__
#define XA "xmm9"
#define XB "xmm15"
#else
#define XA "xmm5"
#define XB "xmm7"
#endif

/* No xmm clobbers: -mgeneral-regs-only keeps the compiler off the XMM registers. */
static unsigned before;
static uint8_t buf[64] __attribute__((aligned(16)));
static uint8_t out[64] __attribute__((aligned(16)));

static void fill(void)
{
    for (int i = 0; i < 64; i++) {
        buf[i] = (uint8_t)(i * 7 + 1);
    }
    memset(out, 0, sizeof(out));
}

static void test_disabled(void)
{
    write_cr(4, read_cr(4) & ~(ureg)CR4_OSFXSR);
    EXPECT_EXC("movdqu (%0), %%xmm0", ::"r"(buf) : "memory");
    EXPECT(VEC_UD, 0);
    write_cr(4, read_cr(4) | CR4_OSFXSR);
    write_cr(0, read_cr(0) | CR0_EM);
    EXPECT_EXC("movups (%0), %%xmm0", ::"r"(buf) : "memory");
    EXPECT(VEC_UD, 0);
    write_cr(0, (read_cr(0) & ~(ureg)CR0_EM) | CR0_TS);
    EXPECT_EXC("movaps %%xmm1, %%xmm0", ::: "memory");
    EXPECT(VEC_NM, 0);
    asm volatile("clts");
    CHECK_EQ(read_cr(0) & CR0_TS, 0);
}

static void test_moves(void)
{
    fill();
    asm volatile("movdqu 1(%0), %%xmm3\n\tmovaps %%xmm3, %%" XA "\n\tmovdqa %%" XA
                 ", (%1)" ::"r"(buf),
                 "r"(out)
                 : "memory");
    CHECK_EQ(memcmp(out, buf + 1, 16), 0);
    asm volatile("movapd 16(%0), %%" XB "\n\tmovupd %%" XB ", 35(%1)" ::"r"(buf), "r"(out)
                 : "memory");
    CHECK_EQ(memcmp(out + 35, buf + 16, 16), 0);
    CHECK_EQ(out[34], 0);
    CHECK_EQ(out[51], 0);
}

static void test_alignment(void)
{
    fill();
    EXPECT_EXC("movdqa 8(%0), %%xmm0", ::"r"(buf) : "memory");
    EXPECT(VEC_GP, 0);
    EXPECT_EXC("movaps %%xmm0, 4(%0)", ::"r"(out) : "memory");
    EXPECT(VEC_GP, 0);
    CHECK_EQ(out[4], 0);
}

int main(void)
{
    before = exc_count;
    test_disabled();
    test_moves();
    test_alignment();
    return test_finish("sse_access");
}
