/*
 * Integer ALU results and flags, in every operand size the mode has:
 * add/adc/sub/sbb/cmp with carries and overflows, logic ops, inc/dec/neg/
 * not, shifts and rotates (count 0, 1, many, masking), multiplies and
 * divides, bit scans and tests, setcc/cmovcc over every condition, and the
 * register-width rules (32-bit writes zero the upper half in long mode,
 * 8/16-bit writes keep the rest).  Flags the SDM leaves undefined for an
 * instruction are masked out of the comparison.
 */
#include "check.h"
#include "insn.h"

/* Check one two-operand instruction: result and the flags in mask. */
#define T2(insn, sz, d, s, fin, want, want_flags, mask)                                       \
    do {                                                                                       \
        ureg f;                                                                                \
        CHECK_EQ(OP2(insn, sz, opaque((ureg)(d)), (s), (fin), f), (ureg)(want));               \
        CHECK_EQ(f & (mask), (want_flags) & (mask));                                           \
    } while (0)

#define T1(insn, sz, d, fin, want, want_flags, mask)                                          \
    do {                                                                                       \
        ureg f;                                                                                \
        CHECK_EQ(OP1(insn, sz, opaque((ureg)(d)), (fin), f), (ureg)(want));                    \
        CHECK_EQ(f & (mask), (want_flags) & (mask));                                           \
    } while (0)

#define TS(insn, sz, d, n, fin, want, want_flags, mask)                                       \
    do {                                                                                       \
        ureg f;                                                                                \
        CHECK_EQ(SHIFT(insn, sz, opaque((ureg)(d)), (n), (fin), f), (ureg)(want));             \
        CHECK_EQ(f & (mask), (want_flags) & (mask));                                           \
    } while (0)

#define ALL ARITH_FLAGS
#define LOGIC (ARITH_FLAGS & ~AF) /* AF is undefined after logic ops */

static void test_add_sub(void)
{
    T2("addb", "b", 0x1234567f, 1, 0, 0x12345680, OF | SF | AF, ALL);
    T2("addb", "b", 0x123456ff, 1, 0, 0x12345600, CF | ZF | AF | PF, ALL);
    T2("addw", "w", 0x1234ffff, 1, 0, 0x12340000, CF | ZF | AF | PF, ALL);
    T2("addw", "w", 0x7fff, 0x7fff, 0, 0xfffe, OF | SF | AF, ALL);
    T2("addl", "k", 0x7fffffff, 1, 0, 0x80000000, OF | SF | AF | PF, ALL);
    T2("addl", "k", 0xffffffff, 0xffffffff, 0, 0xfffffffe, CF | SF | AF, ALL);
    T2("adcl", "k", 0xffffffff, 0, CF, 0, CF | ZF | AF | PF, ALL);
    T2("adcb", "b", 0x7e, 1, CF, 0x80, OF | SF | AF, ALL);
    T2("subl", "k", 0, 1, 0, 0xffffffff, CF | SF | AF | PF, ALL);
    T2("subb", "b", 0x80, 1, 0, 0x7f, OF | AF, ALL);
    T2("subw", "w", 5, 5, 0, 0, ZF | PF, ALL);
    T2("sbbl", "k", 5, 5, CF, 0xffffffff, CF | SF | AF | PF, ALL);
    T2("sbbb", "b", 0x80, 0x7f, CF, 0, OF | ZF | PF | AF, ALL);
    /* cmp writes only flags. */
    T2("cmpl", "k", 3, 7, 0, 3, CF | SF | PF | AF, ALL);
    T2("cmpb", "b", 0x80, 0x80, 0, 0x80, ZF | PF, ALL);
#ifdef __x86_64__
    T2("addq", "q", 0x7fffffffffffffff, 1, 0, 0x8000000000000000, OF | SF | AF | PF, ALL);
    T2("addq", "q", ~0ull, 2, 0, 1, CF | AF, ALL);
    T2("subq", "q", 0x8000000000000000, 1, 0, 0x7fffffffffffffff, OF | AF | PF, ALL);
    T2("adcq", "q", ~0ull, ~0ull, CF, ~0ull, CF | SF | AF | PF, ALL);
    T2("sbbq", "q", 0, 0, CF, ~0ull, CF | SF | AF | PF, ALL);
#endif
}

static void test_logic(void)
{
    T2("andl", "k", 0xf0f0f0f0, 0x0ff00ff0, CF | OF, 0x00f000f0, PF, LOGIC);
    T2("orb", "b", 0x12345600, 0x80, CF | OF, 0x12345680, SF, LOGIC);
    T2("xorw", "w", 0xabcd, 0xabcd, CF, 0, ZF | PF, LOGIC);
    T2("testl", "k", 0x80000000, 0x80000001, 0, 0x80000000, SF | PF, LOGIC);
#ifdef __x86_64__
    T2("xorq", "q", 0x8000000000000001, 1, CF | OF, 0x8000000000000000, SF | PF, LOGIC);
#endif
}

static void test_unary(void)
{
    /* inc and dec leave CF alone. */
    T1("incb", "b", 0x7f, CF, 0x80, CF | OF | SF | AF, ALL);
    T1("incl", "k", 0xffffffff, 0, 0, ZF | PF | AF, ALL);
    T1("decw", "w", 0x12340000, CF, 0x1234ffff, CF | SF | PF | AF, ALL);
    T1("decb", "b", 0x80, 0, 0x7f, OF | AF, ALL);
    /* neg sets CF unless the operand was 0. */
    T1("negl", "k", 1, 0, 0xffffffff, CF | SF | PF | AF, ALL);
    T1("negl", "k", 0, CF, 0, ZF | PF, ALL);
    T1("negb", "b", 0x80, 0, 0x80, CF | OF | SF, ALL);
    /* not changes no flags. */
    T1("notl", "k", 0x0f0f0f0f, CF | ZF, 0xf0f0f0f0, CF | ZF, ALL);
}

static void test_shifts(void)
{
    /* Count 0 changes nothing, not even flags. */
    TS("shll", "k", 0x80000001, 0, CF | ZF, 0x80000001, CF | ZF, ALL);
    TS("shll", "k", 0x80000001, 1, 0, 2, CF | OF, CF | OF | ZF | SF | PF);
    TS("shll", "k", 0x40000000, 1, 0, 0x80000000, OF | SF | PF, CF | OF | ZF | SF | PF);
    TS("shrl", "k", 0x80000001, 1, 0, 0x40000000, CF | OF | PF, CF | OF | ZF | SF | PF);
    TS("sarl", "k", 0x80000001, 4, 0, 0xf8000000, SF | PF, CF | ZF | SF | PF);
    TS("sarb", "b", 0x80, 7, 0, 0xff, SF | PF, CF | ZF | SF | PF);
    TS("shrb", "b", 0x81, 1, 0, 0x40, CF | OF, CF | OF | ZF | SF | PF);
    TS("shlw", "w", 0x8001, 4, 0, 0x0010, 0, CF | ZF | SF | PF);
    /* 32-bit counts are masked to 5 bits: 33 shifts by 1. */
    TS("shll", "k", 3, 33, 0, 6, PF, CF | ZF | SF | PF);
    TS("shll", "k", 3, 32, CF, 3, CF, ALL);
    /* Rotates touch only CF (and OF for a count of 1). */
    TS("roll", "k", 0x80000001, 1, ZF, 3, CF | ZF | OF, CF | ZF | OF);
    TS("rorl", "k", 0x80000001, 1, 0, 0xc0000000, CF, CF | OF | ZF);
    TS("rolb", "b", 0x12345681, 4, 0, 0x12345618, 0, CF | ZF);
    TS("rorw", "w", 0x0001, 4, 0, 0x1000, 0, CF | ZF);
    TS("rclb", "b", 0x80, 1, 0, 0x00, CF | OF, CF | OF | ZF);
    TS("rclb", "b", 0x00, 1, CF, 0x01, 0, CF | OF);
    TS("rcrl", "k", 1, 1, CF, 0x80000000, CF | OF, CF | OF);
    /* RCL of a byte rotates through 9 bits: count 9 is the identity. */
    TS("rclb", "b", 0x5a, 9, CF, 0x5a, CF, CF);
#ifdef __x86_64__
    TS("shlq", "q", 1, 63, 0, 0x8000000000000000, SF | PF, CF | ZF | SF | PF);
    TS("shlq", "q", 1, 64, CF, 1, CF, ALL); /* masked to 0 */
    TS("sarq", "q", 0x8000000000000000, 63, 0, ~0ull, SF | PF, CF | ZF | SF | PF);
    TS("rolq", "q", 0x8000000000000000, 1, 0, 1, CF | OF, CF | OF);
#endif
}

static void test_double_shifts(void)
{
    ureg d = opaque((ureg)0x12345678), s = opaque((ureg)0x9abcdef0);
    asm("shldl $8, %k1, %k0" : "+r"(d) : "r"(s) : "cc");
    CHECK_EQ(d, 0x3456789a);
    d = opaque((ureg)0x12345678);
    asm("shrdl $8, %k1, %k0" : "+r"(d) : "r"(s) : "cc");
    CHECK_EQ(d, 0xf0123456);
}

static void test_multiply(void)
{
    uint32_t lo, hi;
    ureg f;
    asm("mull %3; pushf; pop %2" : "=a"(lo), "=d"(hi), "=r"(f) : "r"(0x10000u), "a"(0x10000u));
    CHECK_EQ(lo, 0);
    CHECK_EQ(hi, 1);
    CHECK_EQ(f & (CF | OF), CF | OF);
    asm("imull %3; pushf; pop %2" : "=a"(lo), "=d"(hi), "=r"(f) : "r"(-3), "a"(5));
    CHECK_EQ(lo, (uint32_t)-15);
    CHECK_EQ(hi, 0xffffffff);
    CHECK_EQ(f & (CF | OF), 0);
    uint16_t ax = 0;
    asm("movb $0x80, %%al; movb $2, %%cl; imulb %%cl; pushf; pop %1"
        : "=a"(ax), "=r"(f)
        :
        : "cl", "cc");
    CHECK_EQ(ax, 0xff00);
    CHECK_EQ(f & (CF | OF), CF | OF);
    ureg r = opaque((ureg)7);
    asm("imul $-6, %k0, %k0; pushf; pop %1" : "+r"(r), "=r"(f));
    CHECK_EQ(r, (uint32_t)-42);
    CHECK_EQ(f & (CF | OF), 0);
    r = opaque((ureg)0x40000000);
    asm("imul %k2, %k0; pushf; pop %1" : "+r"(r), "=r"(f) : "r"(4));
    CHECK_EQ(r, 0);
    CHECK_EQ(f & (CF | OF), CF | OF);
#ifdef __x86_64__
    uint64_t lo64, hi64;
    asm("mulq %2" : "=a"(lo64), "=d"(hi64) : "r"(~0ull), "a"(~0ull) : "cc");
    CHECK_EQ(lo64, 1);
    CHECK_EQ(hi64, ~0ull - 1);
    asm("imulq %2" : "=a"(lo64), "=d"(hi64) : "r"(-2ll), "a"(0x4000000000000000ull) : "cc");
    CHECK_EQ(lo64, 0x8000000000000000ull);
    CHECK_EQ(hi64, ~0ull);
#endif
}

static void test_divide(void)
{
    uint32_t q, r;
    asm("divl %4" : "=a"(q), "=d"(r) : "a"(100u), "d"(1u), "r"(7u) : "cc");
    CHECK_EQ(q, (uint32_t)((0x100000064ull) / 7));
    CHECK_EQ(r, (uint32_t)((0x100000064ull) % 7));
    asm("idivl %4" : "=a"(q), "=d"(r) : "a"(-100), "d"(-1), "r"(7) : "cc");
    CHECK_EQ(q, (uint32_t)-14);
    CHECK_EQ(r, (uint32_t)-2);
    uint16_t ax = 0x0105; /* 261 / 10 */
    asm("divb %b1" : "+a"(ax) : "q"(10) : "cc");
    CHECK_EQ(ax & 0xff, 26);
    CHECK_EQ(ax >> 8, 1);
#ifdef __x86_64__
    uint64_t q64, r64;
    asm("divq %4" : "=a"(q64), "=d"(r64) : "a"(5ull), "d"(3ull), "r"(0x10ull) : "cc");
    CHECK_EQ(q64, 0x3000000000000000ull);
    CHECK_EQ(r64, 5);
    asm("idivq %4" : "=a"(q64), "=d"(r64) : "a"(-7ll), "d"(-1ll), "r"(2ll) : "cc");
    CHECK_EQ(q64, (uint64_t)-3);
    CHECK_EQ(r64, (uint64_t)-1);
#endif
}

static void test_bits(void)
{
    ureg r, f;
    asm("bsfl %2, %k0; pushf; pop %1" : "=r"(r), "=r"(f) : "r"(0x00f00000));
    CHECK_EQ(r, 20);
    CHECK_EQ(f & ZF, 0);
    asm("bsrl %2, %k0; pushf; pop %1" : "=r"(r), "=r"(f) : "r"(0x00f00000));
    CHECK_EQ(r, 23);
    r = opaque((ureg)0x55);
    asm("bsfl %2, %k0; pushf; pop %1" : "+r"(r), "=r"(f) : "r"(0));
    CHECK_EQ(f & ZF, ZF); /* source 0: ZF, destination unchanged (as CPUs do) */
    CHECK_EQ(r, 0x55);
    r = opaque((ureg)0x10);
    asm("btl $4, %k0; pushf; pop %1" : "+r"(r), "=r"(f));
    CHECK_EQ(f & CF, CF);
    asm("btsl $0, %k0; pushf; pop %1" : "+r"(r), "=r"(f));
    CHECK_EQ(r, 0x11);
    CHECK_EQ(f & CF, 0);
    asm("btrl $4, %k0; pushf; pop %1" : "+r"(r), "=r"(f));
    CHECK_EQ(r, 0x01);
    CHECK_EQ(f & CF, CF);
    asm("btcl %k2, %k0; pushf; pop %1" : "+r"(r), "=r"(f) : "r"(33)); /* bit 33 mod 32 */
    CHECK_EQ(r, 0x03);
    CHECK_EQ(f & CF, 0);
    /* bt with a register offset on memory addresses beyond the operand. */
    static uint32_t bitmap[4] = {0, 0, 0x100, 0};
    asm("btl %2, %1; pushf; pop %0" : "=r"(f) : "m"(bitmap[0]), "r"(72) : "memory");
    CHECK_EQ(f & CF, CF);
    asm("btsl %1, %0" : "+m"(bitmap[0]) : "r"(97) : "memory", "cc");
    CHECK_EQ(bitmap[3], 2);
    uint32_t x = opaque(0x12345678u);
    asm("bswap %0" : "+r"(x));
    CHECK_EQ(x, 0x78563412);
}

/* Each condition code against a flags value, through setcc and cmovcc. */
static void test_conditions(void)
{
    static const ureg cases[] = {0, CF, ZF, SF, OF, SF | OF, PF, CF | ZF | SF, ZF | SF | OF};
    static const char *const names[16] = {"o", "no", "b", "ae", "e", "ne", "be", "a",
                                          "s", "ns", "p", "np", "l", "ge", "le", "g"};
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint16_t got = 0;
        uint8_t v;
        ureg fl = cases[i] | 2;
#define SETCC(cc, n)                                                                           \
    asm volatile("push %1; popf; set" cc " %0" : "=q"(v) : "r"(fl) : "cc");                    \
    got |= (uint16_t)(v << (n))
        SETCC("o", 0); SETCC("no", 1); SETCC("b", 2); SETCC("ae", 3);
        SETCC("e", 4); SETCC("ne", 5); SETCC("be", 6); SETCC("a", 7);
        SETCC("s", 8); SETCC("ns", 9); SETCC("p", 10); SETCC("np", 11);
        SETCC("l", 12); SETCC("ge", 13); SETCC("le", 14); SETCC("g", 15);
#undef SETCC
        uint16_t want = 0;
        bool of = fl & OF, cf = fl & CF, zf = fl & ZF, sf = fl & SF, pf = fl & PF;
        bool holds[16] = {of, !of, cf, !cf, zf, !zf, cf || zf, !cf && !zf,
                          sf, !sf, pf, !pf, sf != of, sf == of, zf || sf != of, !zf && sf == of};
        for (int n = 0; n < 16; n++)
            want |= (uint16_t)(holds[n] << n);
        if (got != want) {
            for (int n = 0; n < 16; n++) {
                if (((got ^ want) >> n) & 1)
                    printf("  set%s with flags 0x%lx gave %d\n", names[n],
                           (unsigned long)cases[i], (got >> n) & 1);
            }
        }
        CHECK_EQ(got, want);
    }
    ureg r = opaque((ureg)1), f = CF | 2;
    asm("push %1; popf; cmovc %k2, %k0" : "+r"(r) : "r"(f), "r"((ureg)9) : "cc");
    CHECK_EQ(r, 9);
    r = opaque((ureg)1);
    asm("push %1; popf; cmovnc %k2, %k0" : "+r"(r) : "r"(f), "r"((ureg)9) : "cc");
    CHECK_EQ(r, 1);
}

static void test_moves_and_widths(void)
{
    ureg r;
    asm("movzbl %b1, %k0" : "=r"(r) : "q"(0x1ff));
    CHECK_EQ(r, 0xff);
    asm("movsbl %b1, %k0" : "=r"(r) : "q"(0x80));
    CHECK_EQ(r, 0xffffff80);
    asm("movswl %w1, %k0" : "=r"(r) : "r"(0x8001));
    CHECK_EQ(r, 0xffff8001);
    r = opaque((ureg)0x12345678);
    asm("movb $0xaa, %b0" : "+q"(r));
    CHECK_EQ(r, 0x123456aa);
    asm("movw $0xbbbb, %w0" : "+r"(r));
    CHECK_EQ(r, 0x1234bbbb);
    r = opaque((ureg)0x1234);
    asm("movb $0xcc, %h0" : "+Q"(r));
    CHECK_EQ(r, 0xcc34);
    ureg base = opaque((ureg)0x1000), index = opaque((ureg)3);
    asm("lea 0x10(%1, %2, 8), %0" : "=r"(r) : "r"(base), "r"(index));
    CHECK_EQ(r, 0x1028);
    ureg a = opaque((ureg)1), b = opaque((ureg)2);
    asm("xchg %0, %1" : "+r"(a), "+r"(b));
    CHECK_EQ(a, 2);
    CHECK_EQ(b, 1);
    uint32_t mem = 5, old = 7;
    asm("xaddl %0, %1" : "+r"(old), "+m"(mem) : : "cc");
    CHECK_EQ(old, 5);
    CHECK_EQ(mem, 12);
    uint32_t expected = 12, desired = 99;
    ureg f;
    asm("lock cmpxchgl %3, %1; pushf; pop %2"
        : "+a"(expected), "+m"(mem), "=r"(f)
        : "r"(desired));
    CHECK_EQ(mem, 99);
    CHECK_EQ(f & ZF, ZF);
    expected = 1;
    asm("cmpxchgl %3, %1; pushf; pop %2" : "+a"(expected), "+m"(mem), "=r"(f) : "r"(desired));
    CHECK_EQ(expected, 99);
    CHECK_EQ(f & ZF, 0);
#ifdef __x86_64__
    /* 32-bit results zero the upper half; 8/16-bit ones keep it. */
    uint64_t q = opaque(0xffffffff00000001ull);
    asm("addl $1, %k0" : "+r"(q) : : "cc");
    CHECK_EQ(q, 2);
    q = opaque(0xffffffff00000001ull);
    asm("addw $1, %w0" : "+r"(q) : : "cc");
    CHECK_EQ(q, 0xffffffff00000002ull);
    q = opaque(0x1122334455667788ull);
    asm("bswap %0" : "+r"(q));
    CHECK_EQ(q, 0x8877665544332211ull);
    asm("movslq %k1, %0" : "=r"(q) : "r"(0x80000000u));
    CHECK_EQ(q, 0xffffffff80000000ull);
    uint64_t r8 = opaque(0x1234ull);
    asm("movb $0x55, %%sil; mov %%rsi, %0" : "=r"(r8) : "S"(r8));
    CHECK_EQ(r8, 0x1255);
#endif
}

static void test_strings(void)
{
    char src[16] = "abcdefghijklmno", dst[16] = {0};
    void *d = dst;
    const void *s = src;
    ureg n = 15;
    asm volatile("cld; rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
    CHECK(memcmp(dst, src, 15) == 0);
    CHECK_EQ(n, 0);
    CHECK_EQ((ureg)d, (ureg)dst + 15);
    uint32_t words[4] = {0};
    d = words;
    n = 4;
    asm volatile("rep stosl" : "+D"(d), "+c"(n) : "a"(0xdeadbeef) : "memory");
    CHECK_EQ(words[3], 0xdeadbeef);
    /* repne scasb finds a byte. */
    d = src;
    n = 16;
    asm volatile("repne scasb" : "+D"(d), "+c"(n) : "a"('e') : "memory", "cc");
    CHECK_EQ((ureg)d, (ureg)src + 5);
    CHECK_EQ(n, 11);
    /* std: backwards. */
    d = dst + 14;
    s = src + 2;
    n = 1;
    asm volatile("std; movsb; cld" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
    CHECK_EQ(dst[14], 'c');
    CHECK_EQ((ureg)s, (ureg)src + 1);
}

int main(void)
{
    test_add_sub();
    test_logic();
    test_unary();
    test_shifts();
    test_double_shifts();
    test_multiply();
    test_divide();
    test_bits();
    test_conditions();
    test_moves_and_widths();
    test_strings();
    return test_finish("alu");
}
