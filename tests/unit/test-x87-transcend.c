/*
 * The x87 transcendentals of fpu/floatx80-transcend.c against the host's
 * x87 unit (x86-64 hosts only) over random arguments in the SDM's ranges,
 * reporting the largest difference in units of the last place (of the
 * 64-bit significand).  Ours are correctly rounded but for rare near-ties;
 * the hardware is within about one ulp of the exact value where it is
 * accurate at all, so the two may differ by up to two ulps.  The hardware's
 * FSIN/FCOS/FPTAN reduce with a 66-bit pi (the AMD EPYC host here is 306
 * ulps off at -2 pi + 0.0004), so the random trigonometric arguments stay
 * below 1; larger ones are checked against values worked out with bc at
 * 200 digits.  Also the special operands of the SDM's tables.
 */
#include <string.h>

#include "fpu/softfloat.h"
#include "test.h"

/* The bound asserted (ulps between ours and the host's result). */
#define MAX_ULPS 2
#define SAMPLES  20000

/* The random comparisons run the host's x87: x86-64 hosts only. */
#if defined(__x86_64__)

static uint64_t rng = 0x2545f4914f6cdd1dull;

static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* A random value in [lo, hi) with a full 64-bit significand (exponents lo_exp..hi_exp). */
static floatx80 random_x80(int lo_exp, int hi_exp, bool any_sign)
{
    int e = lo_exp + (int)(rnd() % (uint64_t)(hi_exp - lo_exp + 1));
    bool neg = any_sign && (rnd() & 1);
    return (floatx80){rnd() | 1ull << 63, (uint16_t)((neg ? 0x8000 : 0) | (16383 + e))};
}

/* The distance in ulps between two finite floatx80 values of the same sign and binade. */
static uint64_t ulps(floatx80 a, floatx80 b)
{
    if (a.sign_exp == b.sign_exp) {
        return a.mant > b.mant ? a.mant - b.mant : b.mant - a.mant;
    }
    /* Neighbouring binades: count through the boundary. */
    if (((a.sign_exp ^ b.sign_exp) & 0x8000) == 0) {
        floatx80 lo = (a.sign_exp & 0x7fff) < (b.sign_exp & 0x7fff) ? a : b;
        floatx80 hi = (a.sign_exp & 0x7fff) < (b.sign_exp & 0x7fff) ? b : a;
        if ((hi.sign_exp & 0x7fff) == (lo.sign_exp & 0x7fff) + 1) {
            return (~lo.mant + 1) + 2 * (hi.mant - (1ull << 63));
        }
    }
    return ~0ull;
}

typedef struct Pair {
    floatx80 st0, st1;
} Pair;

/* Run insn on ST(0) = x (and ST(1) = y) on the host; returns ST(0) and ST(1) after. */
#define HOST_X87(insn, x, y)                                                                   \
    ({                                                                                         \
        long double in0, in1, out0 = 0, out1 = 0;                                              \
        Pair p_;                                                                               \
        memcpy(&in0, &(x), 10);                                                                \
        memcpy(&in1, &(y), 10);                                                                \
        __asm__ volatile("fninit\n\tfldt %2\n\tfldt %3\n\t" insn "\n\tfstpt %0\n\t"            \
                         "fstpt %1\n\tfninit"                                                  \
                         : "=m"(out0), "=m"(out1)                                              \
                         : "m"(in1), "m"(in0));                                                \
        memcpy(&p_.st0, &out0, 10);                                                            \
        memcpy(&p_.st1, &out1, 10);                                                            \
        p_;                                                                                    \
    })

static FloatStatus status(void)
{
    return (FloatStatus){.style = FLOAT_STYLE_X86, .rounding_mode = float_round_nearest_even};
}

typedef struct Worst {
    uint64_t ulps;
    floatx80 x, y;
} Worst;

static void note(Worst *w, uint64_t u, floatx80 x, floatx80 y)
{
    if (u > w->ulps) {
        *w = (Worst){u, x, y};
    }
}

static void report(const char *name, const Worst *w)
{
    printf("  %s: max %llu ulp (at x = %04x:%016llx, y = %04x:%016llx)\n", name,
           (unsigned long long)w->ulps, w->x.sign_exp, (unsigned long long)w->x.mant,
           w->y.sign_exp, (unsigned long long)w->y.mant);
    CHECK(w->ulps <= MAX_ULPS);
}

static const floatx80 one = {1ull << 63, 0x3fff};

static void test_sin_cos_tan(void)
{
    Worst ws = {0}, wc = {0}, wt = {0};
    for (int i = 0; i < SAMPLES; i++) {
        floatx80 x = random_x80(-20, -1, true);
        FloatStatus s = status();
        floatx80 sn, cs, tn;
        floatx80_sincos(x, &sn, &cs, &s);
        tn = floatx80_tan(x, &s);
        Pair h = HOST_X87("fsincos", x, one);
        note(&ws, ulps(sn, h.st1), x, one);
        note(&wc, ulps(cs, h.st0), x, one);
        h = HOST_X87("fptan", x, one);
        note(&wt, ulps(tn, h.st1), x, one);
        CHECK(ulps(floatx80_sin(x, &s), sn) == 0);
        CHECK(ulps(floatx80_cos(x, &s), cs) == 0);
    }
    report("sin", &ws);
    report("cos", &wc);
    report("tan", &wt);
}

static void test_atan(void)
{
    Worst w = {0};
    for (int i = 0; i < SAMPLES; i++) {
        floatx80 x = random_x80(-30, 30, true), y = random_x80(-30, 30, true);
        FloatStatus s = status();
        floatx80 r = floatx80_atan2(y, x, &s);
        Pair h = HOST_X87("fpatan", x, y);
        note(&w, ulps(r, h.st0), x, y);
    }
    report("atan2", &w);
}

static void test_logs(void)
{
    Worst w = {0}, wp = {0};
    for (int i = 0; i < SAMPLES; i++) {
        floatx80 x = random_x80(-100, 100, false), y = random_x80(-10, 10, true);
        floatx80 xp = random_x80(-60, -2, true);
        FloatStatus s = status();
        note(&w, ulps(floatx80_yl2x(y, x, &s), HOST_X87("fyl2x", x, y).st0), x, y);
        note(&wp, ulps(floatx80_yl2xp1(y, xp, &s), HOST_X87("fyl2xp1", xp, y).st0), xp, y);
    }
    report("yl2x", &w);
    report("yl2xp1", &wp);
}

static void test_2xm1(void)
{
    Worst w = {0};
    for (int i = 0; i < SAMPLES; i++) {
        floatx80 x = random_x80(-40, -1, true);
        FloatStatus s = status();
        note(&w, ulps(floatx80_2xm1(x, &s), HOST_X87("f2xm1", x, one).st0), x, one);
    }
    report("2xm1", &w);
}

#endif

static bool same(floatx80 a, uint16_t se, uint64_t m)
{
    return a.sign_exp == se && a.mant == m;
}

/* sin and cos of large arguments and near multiples of pi/2, from bc (scale=200). */
static void test_reduction(void)
{
    static const struct {
        floatx80 x, sin, cos;
    } cases[] = {
        {{0xc91368f3bfa816fcull, 0xc001},
         {0xe3946717ee12963aull, 0xbff3},
         {0xfffffe6b5ef5089full, 0x3ffe}},
        {{0xd49a784bcd1b8afeull, 0x403c},
         {0x92dd97ebc575f47aull, 0xbffd},
         {0xf53df1c1b2d1943cull, 0xbffe}},
        {{0xc90fdaa22168c235ull, 0x4000}, /* pi rounded to 64 bits */
         {0xece675d1fc8f8cbbull, 0xbfbe},
         {0x8000000000000000ull, 0xbfff}},
        {{0x8000000000000001ull, 0x4030},
         {0x838480da2aa0d8a2ull, 0x3ffd},
         {0xf768ff63b4424692ull, 0x3ffe}},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        FloatStatus s = {.style = FLOAT_STYLE_X86};
        floatx80 sn, cs;
        floatx80_sincos(cases[i].x, &sn, &cs, &s);
        CHECK_EQ(sn.mant, cases[i].sin.mant);
        CHECK_EQ(sn.sign_exp, cases[i].sin.sign_exp);
        CHECK_EQ(cs.mant, cases[i].cos.mant);
        CHECK_EQ(cs.sign_exp, cases[i].cos.sign_exp);
    }
}

/* Special operands from the SDM's tables, and exactly known values. */
static void test_specials(void)
{
    FloatStatus s = {.style = FLOAT_STYLE_X86};
    const floatx80 zero = {0, 0}, nzero = {0, 0x8000}, inf = {1ull << 63, 0x7fff};
    const floatx80 two = {1ull << 63, 0x4000}, x1 = {1ull << 63, 0x3fff};
    const floatx80 m1 = {1ull << 63, 0xbfff}, ninf = {1ull << 63, 0xffff};

    CHECK(same(floatx80_sin(nzero, &s), 0x8000, 0));
    CHECK(same(floatx80_cos(zero, &s), 0x3fff, 1ull << 63));
    CHECK_EQ(s.flags, 0);
    CHECK(same(floatx80_sin(inf, &s), 0xffff, 0xc000000000000000ull));
    CHECK_EQ(s.flags, float_flag_invalid);
    s.flags = 0;
    /* log2(2) = 1, log2(1) = +0, y * log2(0) = -inf with zero-divide */
    CHECK(same(floatx80_yl2x(x1, two, &s), 0x3fff, 1ull << 63));
    CHECK(same(floatx80_yl2x(x1, x1, &s), 0, 0));
    CHECK(same(floatx80_yl2x(x1, zero, &s), 0xffff, 1ull << 63));
    CHECK_EQ(s.flags & float_flag_divbyzero, float_flag_divbyzero);
    s.flags = 0;
    CHECK(same(floatx80_yl2x(x1, m1, &s), 0xffff, 0xc000000000000000ull));
    CHECK_EQ(s.flags, float_flag_invalid);
    s.flags = 0;
    /* 2^1 - 1 = 1, 2^-1 - 1 = -1/2, 2^-inf - 1 = -1 */
    CHECK(same(floatx80_2xm1(x1, &s), 0x3fff, 1ull << 63));
    CHECK(same(floatx80_2xm1(m1, &s), 0xbffe, 1ull << 63));
    CHECK(same(floatx80_2xm1(ninf, &s), 0xbfff, 1ull << 63));
    /* atan2(0, -0) = pi, atan2(-inf, inf) = -pi/4, atan2(1, 1) = pi/4 */
    CHECK(same(floatx80_atan2(zero, nzero, &s), 0x4000, 0xc90fdaa22168c235ull));
    CHECK(same(floatx80_atan2((floatx80){1ull << 63, 0xffff}, inf, &s), 0xbffe,
               0xc90fdaa22168c235ull));
    CHECK(same(floatx80_atan2(x1, x1, &s), 0x3ffe, 0xc90fdaa22168c235ull));
}

int main(void)
{
#if defined(__x86_64__)
    RUN_TEST(test_sin_cos_tan);
    RUN_TEST(test_atan);
    RUN_TEST(test_logs);
    RUN_TEST(test_2xm1);
#endif
    RUN_TEST(test_reduction);
    RUN_TEST(test_specials);
    return test_finish();
}
