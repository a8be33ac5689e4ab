/*
 * SIMD floating-point exceptions and MXCSR writes: an unmasked exception
 * raises #XM (#UD without CR4.OSXMMEXCPT) before anything is written,
 * with the flags in MXCSR (only the pre-computation ones IE DE ZE when one
 * of those is unmasked; UE without PE for an exact tiny result; OE
 * without PE); ROUND's imm bit 3 suppresses the precision exception;
 * LDMXCSR raises #GP(0) for reserved bits; CVTPD2PS checks alignment;
 * the register forms of memory-only instructions are #UD.
 * Checked against an AMD EPYC host (SIGFPE and the MXCSR of its signal
 * frame).  QEMU 7.2 implements none of this: it neither raises #XM nor
 * checks LDMXCSR's reserved bits, so this test fails there.
 */
#include "check.h"
#include "sse.h"

static unsigned before;

#define EXPECT(vec, err) CHECK_EXC(before, vec, err, exc_insn)

/*
 * Unmasked exceptions: the destination stays as it was, MXCSR gets the
 * flags (only the pre-computation ones when one of those is unmasked).
 */
static void test_unmasked(void)
{
    v128 num = V4(S_1, S_1, S_1, S_1), den = V4(0, S_3, S_1, S_1), out;
    /* ZE unmasked: 1/0 raises before 1/3's PE is even looked at. */
    set_mxcsr(MX_MASK & ~0x200u);
    asm volatile("movups %0, %%xmm0\n\tmovups %1, %%xmm1" ::"m"(num), "m"(den));
    EXPECT_EXC("divps %%xmm1, %%xmm0", ::: "memory");
    EXPECT(VEC_XM, 0);
    asm volatile("movups %%xmm0, %0" : "=m"(out));
    CHECK_EQ(out.l[0], S_1);
    CHECK_EQ(out.l[1], S_1);
    CHECK_EQ(get_mxcsr(), (MX_MASK & ~0x200u) | MX_ZE);
    /* PE unmasked, ZE masked: both flags, still nothing written. */
    set_mxcsr(MX_MASK & ~0x1000u);
    EXPECT_EXC("divps %%xmm1, %%xmm0", ::: "memory");
    EXPECT(VEC_XM, 0);
    asm volatile("movups %%xmm0, %0" : "=m"(out));
    CHECK_EQ(out.l[0], S_1);
    CHECK_EQ(get_mxcsr(), (MX_MASK & ~0x1000u) | MX_ZE | MX_PE);
    /* Without CR4.OSXMMEXCPT the same is #UD. */
    write_cr(4, read_cr(4) & ~(ureg)CR4_OSXMMEXCPT);
    set_mxcsr(MX_MASK & ~0x1000u);
    EXPECT_EXC("divps %%xmm1, %%xmm0", ::: "memory");
    EXPECT(VEC_UD, 0);
    write_cr(4, read_cr(4) | CR4_OSXMMEXCPT);
    /* An unmasked exact underflow raises (UE without PE); an unmasked overflow has no PE. */
    v128 tiny = V4(0x1c800000u, 0, 0, 0);
    set_mxcsr(MX_MASK & ~0x800u);
    asm volatile("movups %0, %%xmm0\n\tmovups %0, %%xmm1" ::"m"(tiny));
    EXPECT_EXC("mulss %%xmm1, %%xmm0", ::: "memory");
    EXPECT(VEC_XM, 0);
    CHECK_EQ(get_mxcsr(), (MX_MASK & ~0x800u) | MX_UE);
    v128 big = V4(0x7f000000u, 0, 0, 0);
    set_mxcsr(MX_MASK & ~0x400u);
    asm volatile("movups %0, %%xmm0\n\tmovups %0, %%xmm1" ::"m"(big));
    EXPECT_EXC("mulss %%xmm1, %%xmm0", ::: "memory");
    EXPECT(VEC_XM, 0);
    CHECK_EQ(get_mxcsr(), (MX_MASK & ~0x400u) | MX_OE);
    /* IE unmasked: CVTSS2SI leaves its register, COMISS its flags; UCOMISS of a QNaN is fine.
     */
    v128 nan = V4(S_QNAN, 0, 0, 0);
    uint32_t r = 1234;
    set_mxcsr(MX_MASK & ~0x80u);
    asm volatile("movups %0, %%xmm1\n\tmovups %0, %%xmm0" ::"m"(nan));
    EXPECT_EXC("cvtss2si %%xmm1, %0", : "+r"(r)::"memory");
    EXPECT(VEC_XM, 0);
    CHECK_EQ(r, 1234);
#ifdef __x86_64__
    /* A 64-bit destination too (a faulting helper's result must not reach the register). */
    v128 dnan = V2(0x7ff8000000000001ull, 0);
    uint64_t r64 = 5678;
    asm volatile("movups %0, %%xmm2" ::"m"(dnan));
    EXPECT_EXC("cvtsd2si %%xmm2, %0", : "+r"(r64)::"memory");
    EXPECT(VEC_XM, 0);
    CHECK_EQ(r64, 5678);
#endif
    EXPECT_EXC("comiss %%xmm1, %%xmm0", ::: "memory");
    EXPECT(VEC_XM, 0);
    asm volatile("ucomiss %%xmm1, %%xmm0" ::: "cc");
    CHECK_EQ(exc_count, before);
    if (!(cpuid1_ecx() & CPUID_SSE41)) {
        set_mxcsr(MX_MASK);
        return;
    }
    /* ROUNDSS with imm bit 3: no precision exception even when PE is unmasked. */
    v128 half = V4(S_2_5, 0, 0, 0);
    set_mxcsr(MX_MASK & ~0x1000u);
    asm volatile("movups %1, %%xmm1\n\troundss $0xc, %%xmm1, %%xmm0\n\tmovups %%xmm0, %0"
                 : "=m"(out)
                 : "m"(half));
    CHECK_EQ(exc_count, before);
    CHECK_EQ(out.l[0], S_2);
    EXPECT_EXC("roundss $4, %%xmm1, %%xmm0", ::: "memory");
    EXPECT(VEC_XM, 0);
    set_mxcsr(MX_MASK);
}

/* LDMXCSR: #GP(0) for a reserved bit, MXCSR unchanged; a misaligned CVTPD2PS operand. */
static void test_gp(void)
{
    static uint8_t buf[32] __attribute__((aligned(16)));
    uint32_t bad = 0x10000;
    set_mxcsr(MX_MASK | MX_RD);
    EXPECT_EXC("ldmxcsr (%0)", ::"r"(&bad) : "memory");
    EXPECT(VEC_GP, 0);
    CHECK_EQ(get_mxcsr(), MX_MASK | MX_RD);
    EXPECT_EXC("cvtpd2ps 8(%0), %%xmm0", ::"r"(buf) : "memory");
    EXPECT(VEC_GP, 0);
    set_mxcsr(MX_MASK);
}

/* The register forms of memory-only instructions, and the memory form of MOVMSKPS, are #UD. */
static void test_ud(void)
{
    static uint8_t buf[16] __attribute__((aligned(16)));
    EXPECT_EXC(".byte 0x0f, 0x2b, 0xc1", ::: "memory"); /* movntps %xmm1, %xmm0 */
    EXPECT(VEC_UD, 0);
    EXPECT_EXC(".byte 0x66, 0x0f, 0x12, 0xc1", ::: "memory"); /* movlpd %xmm1, %xmm0 */
    EXPECT(VEC_UD, 0);
    EXPECT_EXC(".byte 0x0f, 0x17, 0xc1", ::: "memory"); /* movhps %xmm0, %xmm1 */
    EXPECT(VEC_UD, 0);
    EXPECT_EXC(".byte 0xf2, 0x0f, 0xf0, 0xc1", ::: "memory"); /* lddqu %xmm1, %xmm0 */
    EXPECT(VEC_UD, 0);
    EXPECT_EXC(".byte 0x0f, 0xae, 0xd0", ::: "memory"); /* ldmxcsr with a register */
    EXPECT(VEC_UD, 0);
    EXPECT_EXC(".byte 0x0f, 0x50, 0x00", ::"a"(buf) : "memory"); /* movmskps (%eax), %eax */
    EXPECT(VEC_UD, 0);
}

int main(void)
{
    write_cr(4, read_cr(4) | CR4_OSFXSR | CR4_OSXMMEXCPT);
    before = exc_count;
    test_unmasked();
    test_gp();
    test_ud();
    return test_finish("sse_xm");
}
