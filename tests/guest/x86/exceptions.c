/*
 * Exceptions and their error codes: #UD, #DE (divide by zero and quotient
 * overflow), INT3 (a trap: reported after the instruction), #GP from
 * segment loads (the selector as error code), from INT n beyond the IDT
 * (IDT bit set), from a far jump to the null selector and, in long mode,
 * from non-canonical addresses; #PF in long mode (not present, read and write, CR2).  Every
 * case checks the vector, the error code and the reported instruction
 * address, and that execution goes on with registers intact.
 */
#include "check.h"

#define EXPECT(vec, err, at) CHECK_EXC(before, vec, err, at)

static unsigned before;

static void test_undefined(void)
{
    EXPECT_EXC("ud2", ::: "memory");
    EXPECT(VEC_UD, 0, exc_insn);
    /* LOCK on an instruction that cannot take it. */
    EXPECT_EXC(".byte 0xf0, 0x90", ::: "memory"); /* lock nop */
    EXPECT(VEC_UD, 0, exc_insn);
}

static void test_divide_error(void)
{
    ureg q = 1, r = 0;
    EXPECT_EXC("divl %k2", : "+a"(q), "+d"(r) : "r"(opaque(0)) : "memory", "cc");
    EXPECT(VEC_DE, 0, exc_insn);
    CHECK_EQ(q, 1); /* nothing written */
    q = 0x80000000;
    r = 0xffffffff;
    EXPECT_EXC("idivl %k2", : "+a"(q), "+d"(r) : "r"(opaque(-1)) : "memory", "cc");
    EXPECT(VEC_DE, 0, exc_insn);
    uint16_t ax = 0x1000;
    EXPECT_EXC("divb %b1", : "+a"(ax) : "q"(opaque(0x10)) : "memory", "cc");
    EXPECT(VEC_DE, 0, exc_insn);
}

static void test_breakpoint(void)
{
    ureg keep = opaque((ureg)0x1234);
    EXPECT_EXC("int3", : "+r"(keep) : : "memory");
    EXPECT(VEC_BP, 0, exc_insn + 1);
    CHECK_EQ(keep, 0x1234);
    EXPECT_EXC(".byte 0xcd, 0x03", ::: "memory"); /* int $3, the two-byte form */
    EXPECT(VEC_BP, 0, exc_insn + 2);
}

static void test_general_protection(void)
{
    /* A selector beyond the GDT: error code = selector (RPL cleared). */
    EXPECT_EXC("movw %w0, %%ds", ::"r"(0x1003) : "memory");
    EXPECT(VEC_GP, 0x1000, exc_insn);
    /* A code segment is not a valid stack. */
    EXPECT_EXC("movw %w0, %%ss", ::"r"(SEL_CODE32) : "memory");
    EXPECT(VEC_GP, SEL_CODE32, exc_insn);
#ifndef __x86_64__
    /* INT n past the IDT limit: IDT bit (2) with the vector.  (Only in
     * protected mode: QEMU 7.2 reports vector * 16 + 2 in long mode, where
     * the SDM's format gives vector * 8 + 2 as well.) */
    EXPECT_EXC(".byte 0xcd, 0x40", ::: "memory"); /* int $0x40 */
    EXPECT(VEC_GP, 0x40 * 8 + 2, exc_insn);
#endif
    /* A far jump to the null selector: #GP(0). */
    static const struct __attribute__((packed)) {
        uint32_t offset;
        uint16_t selector;
    } far_null = {0, 0};
    EXPECT_EXC("ljmpl *%0", ::"m"(far_null) : "memory");
    EXPECT(VEC_GP, 0, exc_insn);
#ifdef __x86_64__
    ureg v;
    /* A non-canonical address: #GP(0). */
    EXPECT_EXC("movq (%1), %0", : "=r"(v) : "r"(0x8000000000000000ull) : "memory");
    EXPECT(VEC_GP, 0, exc_insn);
#endif
}

#ifdef __x86_64__
/* Past 4 GiB nothing is mapped (crt0.S maps the first 4 GiB only). */
static void test_page_fault(void)
{
    ureg v = 0x77;
    volatile uint32_t *unmapped = (volatile uint32_t *)0x100000040ull;
    EXPECT_EXC("movl (%1), %k0", : "+r"(v) : "r"(unmapped) : "memory");
    EXPECT(VEC_PF, 0, exc_insn); /* not present, read, supervisor */
    CHECK_EQ(last_exc.cr2, 0x100000040ull);
    CHECK_EQ(v, 0x77);
    EXPECT_EXC("movl %k0, (%1)", ::"r"(v), "r"(unmapped + 1) : "memory");
    EXPECT(VEC_PF, 2, exc_insn); /* write */
    CHECK_EQ(last_exc.cr2, 0x100000044ull);
    /* An access that straddles into the unmapped page faults on its
     * second half, which CR2 reports. */
    EXPECT_EXC("movl (%1), %k0", : "+r"(v) : "r"(0xfffffffeull) : "memory");
    EXPECT(VEC_PF, 0, exc_insn);
    CHECK_EQ(last_exc.cr2, 0x100000000ull);
}
#endif

int main(void)
{
    before = exc_count;
    test_undefined();
    test_divide_error();
    test_breakpoint();
    test_general_protection();
#ifdef __x86_64__
    test_page_fault();
#endif
    return test_finish("exceptions");
}
