/*
 * Bit manipulation: bitfield moves (UBFM/SBFM/BFM and their aliases),
 * EXTR, logical immediates (the rotated run encoding), shifted and extended
 * register operands, variable shifts, move-wide, and the count/reverse
 * group (CLZ, CLS, RBIT, REV*).
 */
#include "check.h"
#include "insn.h"

static void test_bitfield(void)
{
    uint64_t v = 0x0123456789abcdef;

    CHECK_EQ(INSN("ubfx %[d], %[a], #8, #12", v, 0, 0), 0xbcd);
    CHECK_EQ(INSN("sbfx %[d], %[a], #4, #8", v, 0, 0), 0xffffffffffffffde);
    CHECK_EQ(INSN("sbfx %w[d], %w[a], #28, #4", 0x80000000, 0, 0), 0xfffffff8);
    CHECK_EQ(INSN("ubfiz %[d], %[a], #56, #8", 0x1ff, 0, 0), 0xff00000000000000);
    CHECK_EQ(INSN("sbfiz %[d], %[a], #4, #4", 0x8, 0, 0), 0xffffffffffffff80);
    CHECK_EQ(INSN("ubfm %[d], %[a], #60, #3", 0xf, 0, 0), 0xf0); /* ror-style wrap */
    CHECK_EQ(INSN("lsl %w[d], %w[a], #31", 3, 0, 0), 0x80000000);
    CHECK_EQ(INSN("lsr %[d], %[a], #63", 0x8000000000000000, 0, 0), 1);
    CHECK_EQ(INSN("asr %[d], %[a], #60", 0x8000000000000000, 0, 0), 0xfffffffffffffff8);
    CHECK_EQ(INSN("asr %w[d], %w[a], #4", 0x80000000, 0, 0), 0xf8000000);
    CHECK_EQ(INSN("sxtb %[d], %w[a]", 0x180, 0, 0), 0xffffffffffffff80);
    CHECK_EQ(INSN("sxth %w[d], %w[a]", 0x8001, 0, 0), 0xffff8001);
    CHECK_EQ(INSN("sxtw %[d], %w[a]", 0x80000000, 0, 0), 0xffffffff80000000);
    CHECK_EQ(INSN("uxtb %w[d], %w[a]", 0x1ff, 0, 0), 0xff);
    CHECK_EQ(INSN("uxth %w[d], %w[a]", 0x1ffff, 0, 0), 0xffff);
    /* BFM keeps the destination bits outside the field. */
    CHECK_EQ(INSN("mov %[d], %[b]\n\tbfi %[d], %[a], #8, #8", 0x12345, ~0ul, 0),
             0xffffffffffff45ff);
    CHECK_EQ(INSN("mov %[d], %[b]\n\tbfxil %[d], %[a], #16, #8", 0xab0000, 0x1111, 0), 0x11ab);
    CHECK_EQ(INSN("mov %[d], %[b]\n\tbfi %w[d], %w[a], #28, #4", 0xa, ~0ul, 0), 0xafffffff);
    CHECK_EQ(INSN("extr %[d], %[a], %[b], #16", 0x1111, 0x2222333344445555, 0),
             0x1111222233334444);
    CHECK_EQ(INSN("extr %w[d], %w[a], %w[b], #8", 0xaa, 0x11223344, 0), 0xaa112233);
    CHECK_EQ(INSN("ror %[d], %[a], #4", 0x1, 0, 0), 0x1000000000000000);
}

static void test_logical_immediate(void)
{
    uint64_t f;

    CHECK_EQ(INSN("and %[d], %[a], #0x00ff00ff00ff00ff", ~0ul, 0, 0), 0x00ff00ff00ff00ff);
    CHECK_EQ(INSN("orr %w[d], %w[a], #0xaaaaaaaa", 0x5, 0, 0), 0xaaaaaaaf);
    CHECK_EQ(INSN("eor %[d], %[a], #0x8000000000000001", 0x1, 0, 0), 0x8000000000000000);
    CHECK_EQ(INSN("and %[d], %[a], #0xfffffffffffffffe", 0xff, 0, 0), 0xfe);
    CHECK_EQ(INSN("orr %[d], xzr, #0x0f0f0f0f0f0f0f0f", 0, 0, 0), 0x0f0f0f0f0f0f0f0f);
    CHECK_EQ(INSN("eor %[d], %[a], #0x7ffe", 0x1, 0, 0), 0x7fff);
    CHECK_EQ(INSN("and %w[d], %w[a], #0x1", ~0ul, 0, 0), 1);
    CHECK_EQ(INSN_FLAGS("ands %[d], %[a], #0x8000000000000000", ~0ul, 0, 0, 0, f),
             0x8000000000000000);
    CHECK_EQ(f, NZCV_N);
    /* ANDS clears C and V. */
    INSN_FLAGS("tst %w[a], #0xf0\n\tmov %[d], #0", 0x0f, 0, 0, NZCV_C | NZCV_V, f);
    CHECK_EQ(f, NZCV_Z);
}

static void test_shifted_register(void)
{
    uint64_t f;

    CHECK_EQ(INSN("add %[d], %[a], %[b], lsl #12", 1, 1, 0), 0x1001);
    CHECK_EQ(INSN("sub %w[d], %w[a], %w[b], asr #3", 0, 0x80000000, 0), 0x10000000);
    CHECK_EQ(INSN("add %[d], %[a], %[b], lsr #63", 1, ~0ul, 0), 2);
    CHECK_EQ(INSN("and %[d], %[a], %[b], ror #8", ~0ul, 0xff, 0), 0xff00000000000000);
    CHECK_EQ(INSN("orr %w[d], %w[a], %w[b], ror #4", 0, 0x1, 0), 0x10000000);
    CHECK_EQ(INSN("bic %[d], %[a], %[b]", 0xff, 0x0f, 0), 0xf0);
    CHECK_EQ(INSN("orn %[d], %[a], %[b], lsl #4", 0, ~0ul, 0), 0xf);
    CHECK_EQ(INSN("eon %w[d], %w[a], %w[b]", 0xf0f0f0f0, 0xff00ff00, 0), 0xf00ff00f);
    CHECK_EQ(INSN("mvn %[d], %[a], asr #4", 0x8000000000000000, 0, 0), 0x07ffffffffffffff);
    CHECK_EQ(INSN("neg %[d], %[a], lsl #1", 2, 0, 0), (uint64_t)-4);
    CHECK_EQ(INSN_FLAGS("bics %[d], %[a], %[b]", 0xf, 0xf, 0, NZCV_C, f), 0);
    CHECK_EQ(f, NZCV_Z);
}

static void test_extended_register(void)
{
    CHECK_EQ(INSN("add %[d], %[a], %w[b], sxtw #2", 100, 0xffffffff, 0), 96);
    CHECK_EQ(INSN("add %[d], %[a], %w[b], uxtw", 0, 0xffffffff, 0), 0xffffffff);
    CHECK_EQ(INSN("add %[d], %[a], %w[b], uxtb", 1, 0x1ff, 0), 0x100);
    CHECK_EQ(INSN("sub %[d], %[a], %w[b], sxth #1", 0, 0x8000, 0), 0x10000);
    CHECK_EQ(INSN("add %[d], %[a], %w[b], sxtb #4", 0, 0x80, 0), 0xfffffffffffff800);
    CHECK_EQ(INSN("add %[d], %[a], %[b], sxtx #3", 1, 1, 0), 9);
    CHECK_EQ(INSN("add %w[d], %w[a], %w[b], uxth #1", 0, 0x18000, 0), 0x10000);
    /* The extended form can use SP as its first operand and destination. */
    CHECK_EQ(INSN("mov %[d], sp\n\tadd sp, sp, %w[a], uxtw #4\n\t"
                  "sub %[d], sp, %[d]\n\tsub sp, sp, %w[a], uxtw #4",
                  2, 0, 0),
             32);
}

static void test_variable_shift(void)
{
    /* The amount is taken modulo the register width. */
    CHECK_EQ(INSN("lsl %[d], %[a], %[b]", 1, 65, 0), 2);
    CHECK_EQ(INSN("lsr %[d], %[a], %[b]", 0x8000000000000000, 127, 0), 1);
    CHECK_EQ(INSN("asr %[d], %[a], %[b]", 0x8000000000000000, 63, 0), ~0ul);
    CHECK_EQ(INSN("ror %[d], %[a], %[b]", 0x1, 68, 0), 0x1000000000000000);
    CHECK_EQ(INSN("lsl %w[d], %w[a], %w[b]", 1, 33, 0), 2);
    CHECK_EQ(INSN("asr %w[d], %w[a], %w[b]", 0x80000000, 0xff, 0), 0xffffffff);
    CHECK_EQ(INSN("ror %w[d], %w[a], %w[b]", 0x1, 36, 0), 0x10000000);
}

static void test_move_wide(void)
{
    CHECK_EQ(INSN("movz %[d], #0xbeef, lsl #48", 0, 0, 0), 0xbeef000000000000);
    CHECK_EQ(INSN("mov %[d], %[a]\n\tmovk %[d], #0x1234, lsl #16", ~0ul, 0, 0),
             0xffffffff1234ffff);
    CHECK_EQ(INSN("movn %[d], #0", 0, 0, 0), ~0ul);
    CHECK_EQ(INSN("movn %w[d], #0x1", 0, 0, 0), 0xfffffffe); /* W form zero-extends */
    CHECK_EQ(INSN("mov %[d], %[a]\n\tmovk %w[d], #0x5555", ~0ul, 0, 0), 0xffff5555);
}

static void test_count_and_reverse(void)
{
    CHECK_EQ(INSN("clz %[d], %[a]", 0, 0, 0), 64);
    CHECK_EQ(INSN("clz %[d], %[a]", 1, 0, 0), 63);
    CHECK_EQ(INSN("clz %w[d], %w[a]", 0x100000000, 0, 0), 32);
    CHECK_EQ(INSN("clz %w[d], %w[a]", 0x00010000, 0, 0), 15);
    CHECK_EQ(INSN("cls %[d], %[a]", ~0ul, 0, 0), 63);
    CHECK_EQ(INSN("cls %[d], %[a]", 0, 0, 0), 63);
    CHECK_EQ(INSN("cls %[d], %[a]", 1, 0, 0), 62);
    CHECK_EQ(INSN("cls %w[d], %w[a]", 0xfff00000, 0, 0), 11);
    CHECK_EQ(INSN("rbit %[d], %[a]", 1, 0, 0), 0x8000000000000000);
    CHECK_EQ(INSN("rbit %w[d], %w[a]", 0x3, 0, 0), 0xc0000000);
    CHECK_EQ(INSN("rev %[d], %[a]", 0x0102030405060708, 0, 0), 0x0807060504030201);
    CHECK_EQ(INSN("rev %w[d], %w[a]", 0x0102030405060708, 0, 0), 0x08070605);
    CHECK_EQ(INSN("rev16 %[d], %[a]", 0x0102030405060708, 0, 0), 0x0201040306050807);
    CHECK_EQ(INSN("rev16 %w[d], %w[a]", 0x0102030405060708, 0, 0), 0x06050807);
    CHECK_EQ(INSN("rev32 %[d], %[a]", 0x0102030405060708, 0, 0), 0x0403020108070605);
}

int main(void)
{
    test_bitfield();
    test_logical_immediate();
    test_shifted_register();
    test_extended_register();
    test_variable_shift();
    test_move_wide();
    test_count_and_reverse();
    return test_finish("bitops");
}
