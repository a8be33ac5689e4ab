/*
 * Integer arithmetic and the flags: add/sub with carry and overflow in both
 * widths, carry-in forms, conditional compare and select, multiplies and
 * divides (including the divide-by-zero and overflow cases A64 defines to
 * return 0 and INT_MIN), and every condition code against every NZCV.
 */
#include "check.h"
#include "insn.h"

#define N NZCV_N
#define Z NZCV_Z
#define C NZCV_C
#define V NZCV_V

static void test_add_sub_flags(void)
{
    uint64_t f;

    CHECK_EQ(INSN_FLAGS("adds %[d], %[a], %[b]", 0x7fffffffffffffff, 1, 0, 0, f),
             0x8000000000000000);
    CHECK_EQ(f, N | V);
    CHECK_EQ(INSN_FLAGS("adds %[d], %[a], %[b]", ~0ul, 1, 0, 0, f), 0);
    CHECK_EQ(f, Z | C);
    CHECK_EQ(
        INSN_FLAGS("adds %[d], %[a], %[b]", 0x8000000000000000, 0x8000000000000000, 0, 0, f),
        0);
    CHECK_EQ(f, Z | C | V);
    /* 32-bit forms look only at the low halves and zero the upper half. */
    CHECK_EQ(INSN_FLAGS("adds %w[d], %w[a], %w[b]", 0x100000005, 3, 0, N | Z | C | V, f), 8);
    CHECK_EQ(f, 0);
    CHECK_EQ(INSN_FLAGS("adds %w[d], %w[a], %w[b]", 0x7fffffff, 1, 0, 0, f), 0x80000000);
    CHECK_EQ(f, N | V);
    CHECK_EQ(INSN_FLAGS("adds %w[d], %w[a], %w[b]", 0xffffffff, 1, 0, 0, f), 0);
    CHECK_EQ(f, Z | C);

    /* Subtraction sets C when there is no borrow. */
    CHECK_EQ(INSN_FLAGS("subs %[d], %[a], %[b]", 0, 1, 0, 0, f), ~0ul);
    CHECK_EQ(f, N);
    CHECK_EQ(INSN_FLAGS("subs %[d], %[a], %[b]", 5, 5, 0, 0, f), 0);
    CHECK_EQ(f, Z | C);
    CHECK_EQ(INSN_FLAGS("subs %[d], %[a], %[b]", 0x8000000000000000, 1, 0, 0, f),
             0x7fffffffffffffff);
    CHECK_EQ(f, C | V);
    CHECK_EQ(INSN_FLAGS("subs %w[d], %w[a], %w[b]", 3, 5, 0, 0, f), 0xfffffffe);
    CHECK_EQ(f, N);
    CHECK_EQ(INSN_FLAGS("cmp %w[a], #0x80, lsl #12\n\tmov %[d], #0", 0x80000, 0, 0, 0, f), 0);
    CHECK_EQ(f, Z | C);
    CHECK_EQ(INSN_FLAGS("cmn %[a], #1\n\tmov %[d], #0", ~0ul, 0, 0, 0, f), 0);
    CHECK_EQ(f, Z | C);
    CHECK_EQ(INSN_FLAGS("negs %[d], %[a]", 0x8000000000000000, 0, 0, 0, f), 0x8000000000000000);
    CHECK_EQ(f, N | V);

    /* Flag-less forms leave NZCV alone. */
    CHECK_EQ(INSN_FLAGS("add %[d], %[a], %[b]", ~0ul, 1, 0, N | V, f), 0);
    CHECK_EQ(f, N | V);
    CHECK_EQ(INSN_FLAGS("sub %w[d], %w[a], #1", 0, 0, 0, Z, f), 0xffffffff);
    CHECK_EQ(f, Z);
}

static void test_carry_in(void)
{
    uint64_t f;

    CHECK_EQ(INSN_FLAGS("adc %[d], %[a], %[b]", 1, 2, 0, C, f), 4);
    CHECK_EQ(INSN_FLAGS("adc %[d], %[a], %[b]", 1, 2, 0, 0, f), 3);
    CHECK_EQ(INSN_FLAGS("adcs %[d], %[a], %[b]", ~0ul, 0, 0, C, f), 0);
    CHECK_EQ(f, Z | C);
    CHECK_EQ(INSN_FLAGS("adcs %w[d], %w[a], %w[b]", 0x7fffffff, 0, 0, C, f), 0x80000000);
    CHECK_EQ(f, N | V);
    /* SBC subtracts NOT(C): C set means no borrow pending. */
    CHECK_EQ(INSN_FLAGS("sbc %[d], %[a], %[b]", 5, 3, 0, 0, f), 1);
    CHECK_EQ(INSN_FLAGS("sbc %[d], %[a], %[b]", 5, 3, 0, C, f), 2);
    CHECK_EQ(INSN_FLAGS("sbcs %[d], %[a], %[b]", 0, 0, 0, 0, f), ~0ul);
    CHECK_EQ(f, N);
    CHECK_EQ(INSN_FLAGS("sbcs %w[d], %w[a], %w[b]", 7, 7, 0, C, f), 0);
    CHECK_EQ(f, Z | C);
    CHECK_EQ(INSN_FLAGS("ngc %[d], %[a]", 1, 0, 0, 0, f), ~1ul);
}

static void test_conditional_compare(void)
{
    uint64_t f;

    /* Condition true: the flags come from the comparison. */
    INSN_FLAGS("ccmp %[a], %[b], #0xf, eq\n\tmov %[d], #0", 1, 2, 0, Z, f);
    CHECK_EQ(f, N);
    /* Condition false: the flags come from the immediate. */
    INSN_FLAGS("ccmp %[a], %[b], #2, eq\n\tmov %[d], #0", 1, 1, 0, 0, f);
    CHECK_EQ(f, C);
    INSN_FLAGS("ccmp %w[a], #5, #0, ne\n\tmov %[d], #0", 5, 0, 0, 0, f);
    CHECK_EQ(f, Z | C);
    INSN_FLAGS("ccmn %[a], %[b], #0, pl\n\tmov %[d], #0", ~0ul, 1, 0, 0, f);
    CHECK_EQ(f, Z | C);
    INSN_FLAGS("ccmn %[a], %[b], #9, mi\n\tmov %[d], #0", ~0ul, 1, 0, 0, f);
    CHECK_EQ(f, N | V);
}

static void test_conditional_select(void)
{
    uint64_t f;

    CHECK_EQ(INSN_FLAGS("csel %[d], %[a], %[b], eq", 10, 20, 0, Z, f), 10);
    CHECK_EQ(INSN_FLAGS("csel %[d], %[a], %[b], eq", 10, 20, 0, 0, f), 20);
    CHECK_EQ(INSN_FLAGS("csinc %[d], %[a], %[b], hi", 10, 20, 0, C, f), 10);
    CHECK_EQ(INSN_FLAGS("csinc %[d], %[a], %[b], hi", 10, 20, 0, C | Z, f), 21);
    CHECK_EQ(INSN_FLAGS("csinc %w[d], %w[a], %w[b], lt", 1, 0xffffffff, 0, 0, f), 0);
    CHECK_EQ(INSN_FLAGS("csinv %[d], %[a], %[b], ge", 10, 0, 0, N, f), ~0ul);
    CHECK_EQ(INSN_FLAGS("csneg %[d], %[a], %[b], vs", 10, 20, 0, V, f), 10);
    CHECK_EQ(INSN_FLAGS("csneg %[d], %[a], %[b], vs", 10, 20, 0, 0, f), (uint64_t)-20);
    CHECK_EQ(INSN_FLAGS("csneg %w[d], %w[a], %w[b], vs", 10, 20, 0, 0, f), 0xffffffec);
    CHECK_EQ(INSN_FLAGS("cset %[d], cs", 0, 0, 0, C, f), 1);
    CHECK_EQ(INSN_FLAGS("csetm %[d], cc", 0, 0, 0, 0, f), ~0ul);
    CHECK_EQ(INSN_FLAGS("cinc %[d], %[a], le", 7, 0, 0, Z, f), 8);
    CHECK_EQ(INSN_FLAGS("cneg %[d], %[a], gt", 7, 0, 0, 0, f), (uint64_t)-7);
    CHECK_EQ(INSN_FLAGS("csel %[d], %[a], %[b], mi", 1, 2, 0, N | C, f), 1);
    CHECK_EQ(f, N | C); /* selects read the flags but never write them */
}

static void test_multiply(void)
{
    CHECK_EQ(INSN("madd %[d], %[a], %[b], %[c]", 6, 7, 100), 142);
    CHECK_EQ(INSN("msub %[d], %[a], %[b], %[c]", 6, 7, 100), 58);
    CHECK_EQ(INSN("mul %w[d], %w[a], %w[b]", 0x10000, 0x10001, 0), 0x10000);
    CHECK_EQ(INSN("mneg %[d], %[a], %[b]", 3, 4, 0), (uint64_t)-12);
    CHECK_EQ(INSN("smulh %[d], %[a], %[b]", ~0ul, ~0ul, 0), 0);
    CHECK_EQ(INSN("umulh %[d], %[a], %[b]", ~0ul, ~0ul, 0), 0xfffffffffffffffe);
    CHECK_EQ(INSN("smulh %[d], %[a], %[b]", 0x8000000000000000, 2, 0), ~0ul);
    CHECK_EQ(INSN("umulh %[d], %[a], %[b]", 0x8000000000000000, 2, 0), 1);
    CHECK_EQ(INSN("smull %[d], %w[a], %w[b]", 0xfffffffe, 3, 0), (uint64_t)-6);
    CHECK_EQ(INSN("umull %[d], %w[a], %w[b]", 0xffffffff, 0xffffffff, 0), 0xfffffffe00000001);
    CHECK_EQ(INSN("smaddl %[d], %w[a], %w[b], %[c]", 0xffffffff, 5, 10), 5);
    CHECK_EQ(INSN("umsubl %[d], %w[a], %w[b], %[c]", 2, 3, 10), 4);
}

static void test_divide(void)
{
    CHECK_EQ(INSN("udiv %[d], %[a], %[b]", 7, 2, 0), 3);
    CHECK_EQ(INSN("sdiv %[d], %[a], %[b]", -7l, 2, 0), (uint64_t)-3); /* rounds toward 0 */
    CHECK_EQ(INSN("sdiv %[d], %[a], %[b]", 7, -2l, 0), (uint64_t)-3);
    /* Division by zero does not trap on A64: the quotient is 0. */
    CHECK_EQ(INSN("udiv %[d], %[a], %[b]", 7, 0, 0), 0);
    CHECK_EQ(INSN("sdiv %[d], %[a], %[b]", -7l, 0, 0), 0);
    CHECK_EQ(INSN("udiv %w[d], %w[a], %w[b]", 7, 0, 0), 0);
    /* The one overflowing quotient wraps to INT_MIN. */
    CHECK_EQ(INSN("sdiv %[d], %[a], %[b]", 0x8000000000000000, -1l, 0), 0x8000000000000000);
    CHECK_EQ(INSN("sdiv %w[d], %w[a], %w[b]", 0x80000000, 0xffffffff, 0), 0x80000000);
    CHECK_EQ(INSN("udiv %w[d], %w[a], %w[b]", 0xf00000064, 0x700000005, 0), 20);
    CHECK_EQ(INSN("sdiv %w[d], %w[a], %w[b]", 0xffffff9c, 7, 0), 0xfffffff2); /* -100/7 */
}

/* cset and b.cond for one condition: bit 0 = cset, bit 1 = branch taken. */
#define COND_FN(cc)                                                                            \
    static unsigned cond_##cc(uint64_t nzcv)                                                   \
    {                                                                                          \
        uint64_t set, taken;                                                                   \
        asm volatile("msr nzcv, %[f]\n\t"                                                      \
                     "cset %w[s], " #cc "\n\t"                                                 \
                     "mov %w[t], #0\n\t"                                                       \
                     "b." #cc " 1f\n\t"                                                        \
                     "b 2f\n"                                                                  \
                     "1:\tmov %w[t], #2\n"                                                     \
                     "2:"                                                                      \
                     : [s] "=&r"(set), [t] "=&r"(taken)                                        \
                     : [f] "r"(nzcv)                                                           \
                     : "cc");                                                                  \
        return (unsigned)(set | taken);                                                        \
    }

COND_FN(eq)
COND_FN(ne)
COND_FN(cs)
COND_FN(cc)
COND_FN(mi)
COND_FN(pl)
COND_FN(vs)
COND_FN(vc)
COND_FN(hi)
COND_FN(ls)
COND_FN(ge)
COND_FN(lt)
COND_FN(gt)
COND_FN(le)

static const struct {
    const char *name;
    unsigned code; /* the 4-bit encoding */
    unsigned (*eval)(uint64_t nzcv);
} conditions[] = {
    {"eq", 0, cond_eq},  {"ne", 1, cond_ne},  {"cs", 2, cond_cs},  {"cc", 3, cond_cc},
    {"mi", 4, cond_mi},  {"pl", 5, cond_pl},  {"vs", 6, cond_vs},  {"vc", 7, cond_vc},
    {"hi", 8, cond_hi},  {"ls", 9, cond_ls},  {"ge", 10, cond_ge}, {"lt", 11, cond_lt},
    {"gt", 12, cond_gt}, {"le", 13, cond_le},
};

/* The Arm ARM's ConditionHolds(): bits [3:1] pick the test, bit 0 inverts. */
static bool condition_holds(unsigned code, uint64_t nzcv)
{
    bool n = nzcv & N, z = nzcv & Z, c = nzcv & C, v = nzcv & V;
    bool base[8] = {z, c, n, v, c && !z, n == v, !z && n == v, true};

    return (code & 1) && code != 15 ? !base[code >> 1] : base[code >> 1];
}

static void test_conditions(void)
{
    for (unsigned i = 0; i < sizeof(conditions) / sizeof(conditions[0]); i++) {
        for (uint64_t flags = 0; flags < 16; flags++) {
            uint64_t nzcv = flags << 28;
            unsigned want = condition_holds(conditions[i].code, nzcv) ? 3 : 0;
            unsigned got = conditions[i].eval(nzcv);

            check_true(got == want, conditions[i].name, __FILE__, __LINE__);
            if (got != want)
                printf("    (NZCV=0x%lx: cset/b.cond gave %u, want %u)\n", nzcv >> 28, got,
                       want);
        }
    }
}

static void test_compare_and_branch(void)
{
    CHECK_EQ(INSN("mov %[d], #0\n\tcbz %[a], 1f\n\tmov %[d], #1\n1:", 0, 0, 0), 0);
    CHECK_EQ(INSN("mov %[d], #0\n\tcbz %w[a], 1f\n\tmov %[d], #1\n1:", 0x100000000, 0, 0), 0);
    CHECK_EQ(INSN("mov %[d], #0\n\tcbnz %[a], 1f\n\tmov %[d], #1\n1:", 0x100000000, 0, 0), 0);
    CHECK_EQ(INSN("mov %[d], #0\n\ttbz %[a], #63, 1f\n\tmov %[d], #1\n1:", ~0ul, 0, 0), 1);
    CHECK_EQ(INSN("mov %[d], #0\n\ttbnz %[a], #40, 1f\n\tmov %[d], #1\n1:", 1ul << 40, 0, 0),
             0);
    CHECK_EQ(INSN("mov %[d], #0\n\ttbnz %w[a], #3, 1f\n\tmov %[d], #1\n1:", 0xf7, 0, 0), 1);
}

int main(void)
{
    test_add_sub_flags();
    test_carry_in();
    test_conditional_compare();
    test_conditional_select();
    test_multiply();
    test_divide();
    test_conditions();
    test_compare_and_branch();
    return test_finish("alu");
}
