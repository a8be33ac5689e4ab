/*
 * The x87 helpers (target-x86/fpu_helper.c) against the host's x87 unit
 * (x86-64 hosts only): random register-form instructions on random and
 * special operands (zeros, denormals, unnormals, infinities, NaNs, the ends
 * of the range) in every precision and rounding control, some with one
 * exception unmasked, from random condition codes, sometimes with ST(0) or
 * ST(1) empty.  The resulting ST(0), ST(1), status word and emptiness of
 * the registers must match bit for bit; for the transcendentals the values may differ by two
 * ulps (and C1 with them), and the trigonometric ones are compared only
 * below 1, where the hardware's 66-bit pi reduction is exact enough.
 */
#include <string.h>

#include "target-x86/cpu.h"
#include "target-x86/helper.h"
#include "target-x86/x87.h"
#include "test.h"

#define SAMPLES 200000

/* The comparisons run the host's x87: x86-64 hosts only. */
#if defined(__x86_64__)

static uint64_t rng = 0x853c49e6748fea9bull;

static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static floatx80 operand(floatx80 other)
{
    uint64_t r = rnd(), m = rnd();
    uint16_t sign = (r & 1) ? 0x8000 : 0;
    switch ((r >> 1) % 16) {
    case 0:
        return (floatx80){0, sign};
    case 1:
        return (floatx80){m >> (r % 63 + 1), sign}; /* denormal */
    case 2:
        return (floatx80){m | 1ull << 63,
                          (uint16_t)(sign | (r >> 8) % 3)}; /* near the bottom */
    case 3:
        return (floatx80){m | 1ull << 63, (uint16_t)(sign | (0x7ffe - (r >> 8) % 3))};
    case 4:
        return (floatx80){1ull << 63, (uint16_t)(sign | 0x7fff)};
    case 5: /* NaN, quiet or signalling */
        return (floatx80){(m | 1ull << 63 | 1) & ~((r & 2) ? 0 : 1ull << 62),
                          (uint16_t)(sign | 0x7fff)};
    case 6:
        return (floatx80){m & ~(1ull << 63), (uint16_t)(sign | ((r >> 8) % 0x7ffe + 1))};
    case 7:
    case 8: /* near the other operand */
        return (floatx80){other.mant + (r >> 8) % 5 - 2,
                          (uint16_t)(other.sign_exp ^ (r & 0x100 ? 0x8000 : 0))};
    case 9: /* few significant bits */
        return (floatx80){(m | 1ull << 63) & ~0xffffffffffull,
                          (uint16_t)(sign | (16383 - 20 + (r >> 8) % 40))};
    default:
        return (floatx80){m | 1ull << 63, (uint16_t)(sign | (16383 - 70 + (r >> 8) % 140))};
    }
}

typedef struct Op {
    const char *name;
    uint32_t desc; /* helper_x87_reg's argument */
    int kind;      /* 0 exact, 1 transcendental, 2 trigonometric, 3 FCMOVB (helper_x87_fcmov) */
} Op;

#define ARITH(base, fam) ((uint32_t)((base) + (fam)) << 3 | 1)
#define ONE(op)          ((uint32_t)(op) << 3 | 1)

/* The register forms, ST(i) = ST(1); the same order as host_run's cases. */
static const Op ops[] = {
    {"fadd", ARITH(X87R_ARITH_ST0, X87_ADD), 0},
    {"fmul", ARITH(X87R_ARITH_ST0, X87_MUL), 0},
    {"fcom", ARITH(X87R_ARITH_ST0, X87_COM), 0},
    {"fcomp", ARITH(X87R_ARITH_ST0, X87_COMP), 0},
    {"fsub", ARITH(X87R_ARITH_ST0, X87_SUB), 0},
    {"fsubr", ARITH(X87R_ARITH_ST0, X87_SUBR), 0},
    {"fdiv", ARITH(X87R_ARITH_ST0, X87_DIV), 0},
    {"fdivr", ARITH(X87R_ARITH_ST0, X87_DIVR), 0},
    {"fsub st1", ARITH(X87R_ARITH_STI, X87_SUB), 0},
    {"fdivrp", ARITH(X87R_ARITH_POP, X87_DIVR), 0},
    {"fsqrt", ONE(X87R_FSQRT), 0},
    {"frndint", ONE(X87R_FRNDINT), 0},
    {"fscale", ONE(X87R_FSCALE), 0},
    {"fprem", ONE(X87R_FPREM), 0},
    {"fprem1", ONE(X87R_FPREM1), 0},
    {"fxtract", ONE(X87R_FXTRACT), 0},
    {"fucom", ONE(X87R_FUCOM), 0},
    {"fcompp", ONE(X87R_FCOMPP), 0},
    {"ftst", ONE(X87R_FTST), 0},
    {"fxam", ONE(X87R_FXAM), 0},
    {"fchs", ONE(X87R_FCHS), 0},
    {"fxch", ONE(X87R_FXCH), 0},
    {"f2xm1", ONE(X87R_F2XM1), 1},
    {"fyl2x", ONE(X87R_FYL2X), 1},
    {"fyl2xp1", ONE(X87R_FYL2XP1), 1},
    {"fpatan", ONE(X87R_FPATAN), 1},
    {"fsin", ONE(X87R_FSIN), 2},
    {"fcos", ONE(X87R_FCOS), 2},
    {"fptan", ONE(X87R_FPTAN), 2},
    {"fsincos", ONE(X87R_FSINCOS), 2},
    {"fcmovb", 1, 3},
    {"ffree", ONE(X87R_FFREE), 0},
    {"fabs", ONE(X87R_FABS), 0},
};

/* The initial state besides the operands: the condition codes, empty registers, CF. */
typedef struct Setup {
    uint16_t cw, cc;
    bool empty0, empty1, cf;
} Setup;

typedef struct State {
    floatx80 st0, st1;
    uint16_t sw;
    uint8_t empty; /* bit p: physical register p is empty */
} State;

/* 32-bit FNSTENV image: status word at 4, tag word at 8. */
#define ENV_SW 2
#define ENV_TW 4

#define CC_BITS (FPUS_C0 | FPUS_C1 | FPUS_C2 | FPUS_C3)

/* The operation on the state in env (FLDENV), CF = cf; FNSTENV masks all before the reads. */
#define HOST(enc)                                                                              \
    __asm__ volatile("bt $0, %k[cf]\n\tfldenv %[env]\n\t.byte " enc "\n\t"                     \
                     "fnstsw %[sw]\n\tfnstenv %[env]\n\tfnclex\n\tfstpt %[r0]\n\t"             \
                     "fstpt %[r1]\n\tfninit"                                                   \
                     : [r0] "=m"(r0), [r1] "=m"(r1), [sw] "=m"(st.sw), [env] "+m"(env)         \
                     : [cf] "r"((unsigned)su->cf)                                              \
                     : "cc")

static State host_run(int op, const Setup *su, floatx80 a, floatx80 b)
{
    long double la, lb, r0, r1;
    uint16_t env[14];
    State st;
    memcpy(&la, &a, 10);
    memcpy(&lb, &b, 10);
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\tfnstenv %[env]\n\t"
                     "fninit"
                     : [env] "=m"(env)
                     : [cw] "m"(su->cw), [a] "m"(la), [b] "m"(lb));
    /* TOP is 6: ST(0) is physical register 6, ST(1) 7. */
    env[ENV_SW] = (uint16_t)((env[ENV_SW] & ~CC_BITS) | su->cc);
    env[ENV_TW] |= (uint16_t)((su->empty0 ? 3u << 12 : 0) | (su->empty1 ? 3u << 14 : 0));
    switch (op) {
    case 0:
        HOST("0xd8, 0xc1");
        break;
    case 1:
        HOST("0xd8, 0xc9");
        break;
    case 2:
        HOST("0xd8, 0xd1");
        break;
    case 3:
        HOST("0xd8, 0xd9");
        break;
    case 4:
        HOST("0xd8, 0xe1");
        break;
    case 5:
        HOST("0xd8, 0xe9");
        break;
    case 6:
        HOST("0xd8, 0xf1");
        break;
    case 7:
        HOST("0xd8, 0xf9");
        break;
    case 8:
        HOST("0xdc, 0xe9");
        break;
    case 9:
        HOST("0xde, 0xf1");
        break;
    case 10:
        HOST("0xd9, 0xfa");
        break;
    case 11:
        HOST("0xd9, 0xfc");
        break;
    case 12:
        HOST("0xd9, 0xfd");
        break;
    case 13:
        HOST("0xd9, 0xf8");
        break;
    case 14:
        HOST("0xd9, 0xf5");
        break;
    case 15:
        HOST("0xd9, 0xf4");
        break;
    case 16:
        HOST("0xdd, 0xe1");
        break;
    case 17:
        HOST("0xde, 0xd9");
        break;
    case 18:
        HOST("0xd9, 0xe4");
        break;
    case 19:
        HOST("0xd9, 0xe5");
        break;
    case 20:
        HOST("0xd9, 0xe0");
        break;
    case 21:
        HOST("0xd9, 0xc9");
        break;
    case 22:
        HOST("0xd9, 0xf0");
        break;
    case 23:
        HOST("0xd9, 0xf1");
        break;
    case 24:
        HOST("0xd9, 0xf9");
        break;
    case 25:
        HOST("0xd9, 0xf3");
        break;
    case 26:
        HOST("0xd9, 0xfe");
        break;
    case 27:
        HOST("0xd9, 0xff");
        break;
    case 28:
        HOST("0xd9, 0xf2");
        break;
    case 29:
        HOST("0xd9, 0xfb");
        break;
    case 30:
        HOST("0xda, 0xc1");
        break;
    case 31:
        HOST("0xdd, 0xc1");
        break;
    default:
        HOST("0xd9, 0xe1");
        break;
    }
    memcpy(&st.st0, &r0, 10);
    memcpy(&st.st1, &r1, 10);
    st.empty = 0;
    for (int p = 0; p < 8; p++) {
        st.empty |= (uint8_t)((((env[ENV_TW] >> (2 * p)) & 3) == 3) << p);
    }
    return st;
}

static const floatx80 indefinite = {0xc000000000000000ull, 0xffff};

static State gemu_run(X86CPU *cpu, int op, const Setup *su, floatx80 a, floatx80 b)
{
    State st;
    helper_x87_reg(cpu, (uint32_t)X87R_FNINIT << 3);
    cpu->fpuc = su->cw;
    cpu->fpus = su->cc;
    cpu->fpstt = 6;
    cpu->fpregs[6].d = a;
    cpu->fpregs[7].d = b;
    cpu->fptags[6] = su->empty0;
    cpu->fptags[7] = su->empty1;
    if (ops[op].kind == 3) {
        helper_x87_fcmov(cpu, ops[op].desc, su->cf);
    } else {
        helper_x87_reg(cpu, ops[op].desc);
    }
    st.sw = (uint16_t)helper_x87_fnstsw(cpu);
    st.empty = 0;
    for (int p = 0; p < 8; p++) {
        st.empty |= (uint8_t)(cpu->fptags[p] << p);
    }
    st.st0 = cpu->fptags[cpu->fpstt] ? indefinite : cpu->fpregs[cpu->fpstt].d;
    int p1 = (cpu->fpstt + 1) & 7;
    st.st1 = cpu->fptags[p1] ? indefinite : cpu->fpregs[p1].d;
    return st;
}

static bool same(floatx80 a, floatx80 b)
{
    return a.mant == b.mant && a.sign_exp == b.sign_exp;
}

static bool close(floatx80 a, floatx80 b)
{
    if (same(a, b)) {
        return true;
    }
    if (a.sign_exp == b.sign_exp) {
        return (a.mant > b.mant ? a.mant - b.mant : b.mant - a.mant) <= 2;
    }
    /* across a binade boundary */
    return ((a.sign_exp ^ b.sign_exp) & 0x8000) == 0 &&
           (uint16_t)((a.sign_exp & 0x7fff) - (b.sign_exp & 0x7fff) + 1) <= 2 &&
           (a.mant >> 62 == 3 || b.mant >> 62 == 3);
}

/* Whether the hardware is accurate enough to compare with (see the top comment). */
static bool comparable(const Op *o, uint16_t cw, floatx80 a, floatx80 b)
{
    int ea = (a.sign_exp & 0x7fff) - 16383, eb = (b.sign_exp & 0x7fff) - 16383;
    bool finite = (a.sign_exp & 0x7fff) != 0x7fff;
    /* gemu wraps the exponent of transcendental results (unmasked OE/UE) only for FYL2X(P1). */
    bool wraps = o->desc >> 3 == X87R_FYL2X || o->desc >> 3 == X87R_FYL2XP1;
    if (o->kind != 0 && o->kind != 3 && !wraps && (cw & 0x18) != 0x18) {
        return false;
    }
    if (o->kind == 2) {
        return !finite || ea < 0 || ea >= 63;
    }
    if (o->desc >> 3 == X87R_F2XM1) {
        return !finite || ea < 0;
    }
    if (o->desc >> 3 == X87R_FYL2XP1) {
        return !finite || ea < -2;
    }
    (void)eb;
    return true;
}

static void test_random(void)
{
    static const uint16_t pcrc[] = {0x037f, 0x027f, 0x007f, 0x077f, 0x0b7f, 0x0f7f, 0x0e7f};
    X86CPU *cpu = calloc(1, sizeof(X86CPU));
    int n_ops = (int)(sizeof(ops) / sizeof(ops[0]));
    int failures = 0, compared = 0;
    cpu->cr[0] = CR0_PE | CR0_NE;
    for (int i = 0; i < SAMPLES; i++) {
        int op = (int)(rnd() % (uint64_t)n_ops);
        uint16_t cw = pcrc[rnd() % 7];
        floatx80 b = operand((floatx80){1ull << 63, 0x3fff});
        floatx80 a = operand(b);
        if (rnd() % 8 == 0) {
            cw &= (uint16_t) ~(1u << (rnd() % 6)); /* one exception unmasked */
        }
        if (!comparable(&ops[op], cw, a, b)) {
            continue;
        }
        uint64_t r = rnd();
        Setup su = {cw, (uint16_t)(r & CC_BITS), (r >> 16) % 8 == 0, (r >> 19) % 8 == 0,
                    (r >> 22) & 1};
        State h = host_run(op, &su, a, b), g = gemu_run(cpu, op, &su, a, b);
        bool ok;
        compared++;
        if (ops[op].kind == 0 || ops[op].kind == 3) {
            ok = same(h.st0, g.st0) && same(h.st1, g.st1) && h.sw == g.sw;
        } else {
            ok = close(h.st0, g.st0) && close(h.st1, g.st1) &&
                 (h.sw & ~FPUS_C1 & ~FPUS_PE) == (g.sw & ~FPUS_C1 & ~FPUS_PE);
        }
        ok = ok && h.empty == g.empty;
        if (!ok && ++failures <= 20) {
            printf("  %s cw %04x cc %04x empty %d%d cf %d a %04x:%016llx b %04x:%016llx: "
                   "host %04x:%016llx %04x:%016llx sw %04x, gemu %04x:%016llx %04x:%016llx "
                   "sw %04x\n",
                   ops[op].name, cw, su.cc, su.empty0, su.empty1, su.cf, a.sign_exp,
                   (unsigned long long)a.mant, b.sign_exp, (unsigned long long)b.mant,
                   h.st0.sign_exp, (unsigned long long)h.st0.mant, h.st1.sign_exp,
                   (unsigned long long)h.st1.mant, h.sw, g.st0.sign_exp,
                   (unsigned long long)g.st0.mant, g.st1.sign_exp,
                   (unsigned long long)g.st1.mant, g.sw);
            printf("    empty registers: host %02x gemu %02x\n", h.empty, g.empty);
        }
    }
    printf("  %d of %d compared cases differ\n", failures, compared);
    CHECK_EQ(failures, 0);
    free(cpu);
}

#endif

int main(void)
{
#if defined(__x86_64__)
    RUN_TEST(test_random);
#else
    printf("note: test-x87-helper needs an x86-64 host\n");
#endif
    return test_finish();
}
