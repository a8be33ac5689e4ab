/*
 * When the integer MMX/SSE instructions fault: register forms of
 * memory-only instructions and memory forms of register-only ones are
 * #UD, as are a LOCK prefix and a missing mandatory prefix; legacy SSE
 * memory operands of 16 bytes must be aligned (#GP(0)) except for
 * PCMPxSTRx; MMX forms trap on CR0.EM (#UD) and CR0.TS (#NM), SSE forms
 * also on a clear CR4.OSFXSR (#UD), CRC32 on none of them.
 *
 * Every expectation here was checked on the host CPU.  QEMU 7.2 differs on
 * three: it runs the register forms of MOVNTDQ and MOVNTQ and takes a
 * misaligned PTEST operand.
 */
#include "check.h"

#define CR0_EM     (1u << 2)
#define CR0_TS     (1u << 3)
#define CR4_OSFXSR (1u << 9)

#define VEC_NM 7

static unsigned faults_before;

/* The instruction EXPECT_EXC ran raised vec (error code 0). */
static void expect_fault(unsigned vec)
{
    CHECK_EQ(exc_count, faults_before + 1);
    CHECK_EQ(last_exc.vector, vec);
    CHECK_EQ(last_exc.error, 0);
    CHECK_EQ(last_exc.ip, exc_insn);
    faults_before = exc_count;
}

static uint8_t misaligned[40] __attribute__((aligned(16)));

static void test_faults(void)
{
    faults_before = exc_count;
    EXPECT_EXC(".byte 0x66, 0x0f, 0xe7, 0xc1" /* movntdq %xmm1, %xmm0 */, ::: "memory");
    expect_fault(VEC_UD);
    EXPECT_EXC(".byte 0x0f, 0xe7, 0xc1" /* movntq %mm1, %mm0 */, ::: "memory");
    expect_fault(VEC_UD);
    EXPECT_EXC(".byte 0x66, 0x0f, 0x38, 0x2a, 0xc1" /* movntdqa %xmm1, %xmm0 */, ::: "memory");
    expect_fault(VEC_UD);
    EXPECT_EXC(".byte 0x0f, 0xc3, 0xc1" /* movnti %eax, %ecx */, ::: "memory");
    expect_fault(VEC_UD);
    EXPECT_EXC(".byte 0x0f, 0xf7, 0x07" /* maskmovq (%edi), %mm0 */, ::: "memory");
    expect_fault(VEC_UD);
    EXPECT_EXC(".byte 0x66, 0x0f, 0xc5, 0x07, 0x01" /* pextrw $1, (%edi), %eax */, ::
                   : "memory");
    expect_fault(VEC_UD);
    EXPECT_EXC(".byte 0x0f, 0x38, 0x10, 0xc1" /* pblendvb without 66 */, ::: "memory");
    expect_fault(VEC_UD);
    EXPECT_EXC(".byte 0xf0, 0x66, 0x0f, 0xfe, 0x07" /* lock paddd (%edi), %xmm0 */,
               ::"D"(misaligned)
               : "memory");
    expect_fault(VEC_UD);

    EXPECT_EXC("paddb 8(%0), %%xmm0", ::"r"(misaligned) : "memory");
    expect_fault(VEC_GP);
    EXPECT_EXC("pshufb 4(%0), %%xmm0", ::"r"(misaligned) : "memory");
    expect_fault(VEC_GP);
    EXPECT_EXC("ptest 1(%0), %%xmm0", ::"r"(misaligned) : "memory");
    expect_fault(VEC_GP);
    asm volatile("paddb 8(%0), %%mm0\n\tpmovsxbw 3(%0), %%xmm0\n\tpcmpistri $0, 5(%0), %%xmm0"
                 "\n\temms" ::"r"(misaligned)
                 : "memory", "ecx", "cc");
    CHECK_EQ(exc_count, faults_before);

    write_cr(0, read_cr(0) | CR0_EM);
    EXPECT_EXC("paddb %%mm1, %%mm0", ::: "memory");
    expect_fault(VEC_UD);
    EXPECT_EXC("pshufb %%xmm1, %%xmm0", ::: "memory");
    expect_fault(VEC_UD);
    write_cr(0, (read_cr(0) & ~(ureg)CR0_EM) | CR0_TS);
    EXPECT_EXC("pmaddwd %%mm1, %%mm0", ::: "memory");
    expect_fault(VEC_NM);
    EXPECT_EXC("pcmpgtq %%xmm1, %%xmm0", ::: "memory");
    expect_fault(VEC_NM);
    asm volatile("crc32b %%al, %%eax" ::: "eax"); /* not an SSE instruction: no #NM */
    CHECK_EQ(exc_count, faults_before);
    asm volatile("clts");
    write_cr(4, read_cr(4) & ~(ureg)CR4_OSFXSR);
    EXPECT_EXC("psubq %%xmm1, %%xmm0", ::: "memory");
    expect_fault(VEC_UD);
    asm volatile("psubq %%mm1, %%mm0\n\temms" ::: "memory");
    CHECK_EQ(exc_count, faults_before);
    write_cr(4, read_cr(4) | CR4_OSFXSR);
}

int main(void)
{
    write_cr(0, read_cr(0) & ~(ureg)(CR0_EM | CR0_TS));
    write_cr(4, read_cr(4) | CR4_OSFXSR);
    test_faults();
    return test_finish("sse_int_faults");
}
