/*
 * LSE atomics (FEAT_LSE) and RCpc loads (FEAT_LRCPC), on whichever CPU the
 * runner picked: the test reads ID_AA64ISAR0/ISAR1_EL1 and, where the
 * feature is advertised, checks every LD<op>, ST<op>, SWP, CAS and CASP in
 * every size and ordering against a model, that an unaligned access faults
 * and leaves registers and memory unchanged, and LDAPR of every size; where
 * it is not, that the instructions are UNDEFINED.  A Cortex-A57 must
 * advertise exactly AES+PMULL, SHA1, SHA256 and CRC32.
 */
#include "check.h"

/* The assembler's default is v8.0: name the extensions each statement uses. */
#define ARCH ".arch armv8.4-a\n\t"

#define ISAR0_ATOMIC(v) (((v) >> 20) & 0xf)
#define ISAR1_LRCPC(v)  (((v) >> 20) & 0xf)

static volatile uint64_t cell[4] __attribute__((aligned(16)));

/* ------------------------------------------------ LD<op>, ST<op>, SWP */

typedef enum { OP_ADD, OP_CLR, OP_EOR, OP_SET, OP_SMAX, OP_SMIN, OP_UMAX, OP_UMIN, OP_SWP } Op;

typedef uint64_t LseFn(volatile uint64_t *p, uint64_t operand);

/* One function per instruction: Rs = operand, returns Rt. */
#define LSE_FN(fname, mnemonic, reg)                                                           \
    static uint64_t fname(volatile uint64_t *p, uint64_t operand)                              \
    {                                                                                          \
        uint64_t old = 0x5a5a5a5a5a5a5a5a;                                                     \
        asm volatile(ARCH mnemonic " %" reg "[s], %" reg "[o], [%[p]]"                         \
                     : [o] "+r"(old)                                                           \
                     : [s] "r"(operand), [p] "r"(p)                                            \
                     : "memory");                                                              \
        return old;                                                                            \
    }

/* The four sizes of one mnemonic and ordering ("", a, l, al). */
#define LSE_SIZES(op, ord)                                                                     \
    LSE_FN(op##ord##b, #op #ord "b", "w")                                                      \
    LSE_FN(op##ord##h, #op #ord "h", "w")                                                      \
    LSE_FN(op##ord##w, #op #ord, "w")                                                          \
    LSE_FN(op##ord##x, #op #ord, "")
#define LSE_ORDERINGS(op) LSE_SIZES(op, ) LSE_SIZES(op, a) LSE_SIZES(op, l) LSE_SIZES(op, al)

LSE_ORDERINGS(ldadd)
LSE_ORDERINGS(ldclr)
LSE_ORDERINGS(ldeor)
LSE_ORDERINGS(ldset)
LSE_ORDERINGS(ldsmax)
LSE_ORDERINGS(ldsmin)
LSE_ORDERINGS(ldumax)
LSE_ORDERINGS(ldumin)
LSE_ORDERINGS(swp)

typedef struct LseCase {
    const char *name;
    LseFn *fn;
    Op op;
    int size;
} LseCase;

#define LSE_CASES_SIZES(op, ord, kind)                                                         \
    {#op #ord "b", op##ord##b, kind, 0}, {#op #ord "h", op##ord##h, kind, 1},                  \
        {#op #ord " w", op##ord##w, kind, 2}, {#op #ord " x", op##ord##x, kind, 3},
#define LSE_CASES(op, kind)                                                                    \
    LSE_CASES_SIZES(op, , kind)                                                                \
    LSE_CASES_SIZES(op, a, kind) LSE_CASES_SIZES(op, l, kind) LSE_CASES_SIZES(op, al, kind)

/* clang-format off */
static const LseCase lse_cases[] = {
    LSE_CASES(ldadd, OP_ADD)
    LSE_CASES(ldclr, OP_CLR)
    LSE_CASES(ldeor, OP_EOR)
    LSE_CASES(ldset, OP_SET)
    LSE_CASES(ldsmax, OP_SMAX)
    LSE_CASES(ldsmin, OP_SMIN)
    LSE_CASES(ldumax, OP_UMAX)
    LSE_CASES(ldumin, OP_UMIN)
    LSE_CASES(swp, OP_SWP)
};
/* clang-format on */

/* ST<op> (Rt = XZR): memory only. */
typedef void StFn(volatile uint64_t *p, uint64_t operand);

#define ST_FN(fname, mnemonic, reg)                                                            \
    static void fname(volatile uint64_t *p, uint64_t operand)                                  \
    {                                                                                          \
        asm volatile(ARCH mnemonic " %" reg "[s], [%[p]]"                                      \
                     :                                                                         \
                     : [s] "r"(operand), [p] "r"(p)                                            \
                     : "memory");                                                              \
    }
#define ST_SIZES(op, ord)                                                                      \
    ST_FN(op##ord##b, #op #ord "b", "w")                                                       \
    ST_FN(op##ord##h, #op #ord "h", "w")                                                       \
    ST_FN(op##ord##w, #op #ord, "w")                                                           \
    ST_FN(op##ord##x, #op #ord, "")
#define ST_ORDERINGS(op) ST_SIZES(op, ) ST_SIZES(op, l)

ST_ORDERINGS(stadd)
ST_ORDERINGS(stclr)
ST_ORDERINGS(steor)
ST_ORDERINGS(stset)
ST_ORDERINGS(stsmax)
ST_ORDERINGS(stsmin)
ST_ORDERINGS(stumax)
ST_ORDERINGS(stumin)

typedef struct StCase {
    const char *name;
    StFn *fn;
    Op op;
    int size;
} StCase;

#define ST_CASES_SIZES(op, ord, kind)                                                          \
    {#op #ord "b", op##ord##b, kind, 0}, {#op #ord "h", op##ord##h, kind, 1},                  \
        {#op #ord " w", op##ord##w, kind, 2}, {#op #ord " x", op##ord##x, kind, 3},
#define ST_CASES(op, kind) ST_CASES_SIZES(op, , kind) ST_CASES_SIZES(op, l, kind)

/* clang-format off */
static const StCase st_cases[] = {
    ST_CASES(stadd, OP_ADD)
    ST_CASES(stclr, OP_CLR)
    ST_CASES(steor, OP_EOR)
    ST_CASES(stset, OP_SET)
    ST_CASES(stsmax, OP_SMAX)
    ST_CASES(stsmin, OP_SMIN)
    ST_CASES(stumax, OP_UMAX)
    ST_CASES(stumin, OP_UMIN)
};
/* clang-format on */

static uint64_t size_mask(int size) { return size == 3 ? ~0ull : (1ull << (8 << size)) - 1; }

static int64_t sign_extend(uint64_t v, int size)
{
    int shift = 64 - (8 << size);
    return (int64_t)(v << shift) >> shift;
}

/* What the operation stores, from the old memory value and the operand (both masked). */
static uint64_t model(Op op, int size, uint64_t old, uint64_t operand)
{
    int64_t sold = sign_extend(old, size), sop = sign_extend(operand, size);

    switch (op) {
    case OP_ADD:
        return old + operand;
    case OP_CLR:
        return old & ~operand;
    case OP_EOR:
        return old ^ operand;
    case OP_SET:
        return old | operand;
    case OP_SMAX:
        return sold > sop ? old : operand;
    case OP_SMIN:
        return sold < sop ? old : operand;
    case OP_UMAX:
        return old > operand ? old : operand;
    case OP_UMIN:
        return old < operand ? old : operand;
    default:
        return operand;
    }
}

/* Memory and operand pairs with the sign and carry edges of every size. */
static const uint64_t lse_inputs[][2] = {
    {0x0123456789abcdef, 0x1111111111111111}, {0x8080808080808080, 0x7f7f7f7f7f7f7f7f},
    {0x7fffffffffffffff, 0x8000000000000001}, {0xffffffffffffffff, 0x0000000000000001},
    {0x00000000000000ff, 0xfedcba9876543210}, {0x5555555555555555, 0x5555555555555555},
};

static void check_lse_case(const char *name, Op op, int size, uint64_t got_old, uint64_t init,
                           uint64_t operand)
{
    uint64_t mask = size_mask(size);
    uint64_t want_mem = (init & ~mask) | (model(op, size, init & mask, operand & mask) & mask);

    if (got_old != (init & mask) || cell[0] != want_mem) {
        printf("  %s: mem %lx operand %lx\n", name, init, operand);
    }
    CHECK_EQ(got_old, init & mask);
    CHECK_EQ(cell[0], want_mem);
}

static void test_ldop_swp(void)
{
    for (size_t c = 0; c < sizeof(lse_cases) / sizeof(lse_cases[0]); c++) {
        const LseCase *t = &lse_cases[c];

        for (size_t i = 0; i < sizeof(lse_inputs) / sizeof(lse_inputs[0]); i++) {
            cell[0] = lse_inputs[i][0];
            check_lse_case(t->name, t->op, t->size, t->fn(cell, lse_inputs[i][1]),
                           lse_inputs[i][0], lse_inputs[i][1]);
        }
    }
}

static void test_stop(void)
{
    for (size_t c = 0; c < sizeof(st_cases) / sizeof(st_cases[0]); c++) {
        const StCase *t = &st_cases[c];

        for (size_t i = 0; i < sizeof(lse_inputs) / sizeof(lse_inputs[0]); i++) {
            uint64_t init = lse_inputs[i][0];

            cell[0] = init;
            t->fn(cell, lse_inputs[i][1]);
            check_lse_case(t->name, t->op, t->size, init & size_mask(t->size), init,
                           lse_inputs[i][1]);
        }
    }
}

/* Rt is X30 in the LSE encodings above; Rt = Rs and Rt = Rn work as well. */
static void test_ldadd_register_overlap(void)
{
    uint64_t v = 5;

    cell[0] = 100;
    asm volatile(ARCH "ldadd %[v], %[v], [%[p]]" : [v] "+r"(v) : [p] "r"(cell) : "memory");
    CHECK_EQ(v, 100);
    CHECK_EQ(cell[0], 105);
}

/* ------------------------------------------------ CAS */

typedef uint64_t CasFn(volatile uint64_t *p, uint64_t expected, uint64_t desired);

#define CAS_FN(fname, mnemonic, reg)                                                           \
    static uint64_t fname(volatile uint64_t *p, uint64_t expected, uint64_t desired)           \
    {                                                                                          \
        asm volatile(ARCH mnemonic " %" reg "[e], %" reg "[d], [%[p]]"                         \
                     : [e] "+r"(expected)                                                      \
                     : [d] "r"(desired), [p] "r"(p)                                            \
                     : "memory");                                                              \
        return expected;                                                                       \
    }
#define CAS_SIZES(ord)                                                                         \
    CAS_FN(cas##ord##b, "cas" #ord "b", "w")                                                   \
    CAS_FN(cas##ord##h, "cas" #ord "h", "w")                                                   \
    CAS_FN(cas##ord##w, "cas" #ord, "w")                                                       \
    CAS_FN(cas##ord##x, "cas" #ord, "")
CAS_SIZES()
CAS_SIZES(a)
CAS_SIZES(l)
CAS_SIZES(al)

typedef struct CasCase {
    const char *name;
    CasFn *fn;
    int size;
} CasCase;

#define CAS_CASES(ord)                                                                         \
    {"cas" #ord "b", cas##ord##b, 0}, {"cas" #ord "h", cas##ord##h, 1},                        \
        {"cas" #ord " w", cas##ord##w, 2}, {"cas" #ord " x", cas##ord##x, 3},

static const CasCase cas_cases[] = {CAS_CASES() CAS_CASES(a) CAS_CASES(l) CAS_CASES(al)};

static void test_cas(void)
{
    const uint64_t init = 0x8899aabbccddeeff, desired = 0x0123456789abcdef;

    for (size_t c = 0; c < sizeof(cas_cases) / sizeof(cas_cases[0]); c++) {
        const CasCase *t = &cas_cases[c];
        uint64_t mask = size_mask(t->size);
        uint64_t got;

        /* Success: only the low bits of Rs take part in the comparison. */
        cell[0] = init;
        got = t->fn(cell, (init & mask) | (~mask & 0xdead0000dead0000), desired);
        CHECK_EQ(got, init & mask);
        CHECK_EQ(cell[0], (init & ~mask) | (desired & mask));

        /* Failure: memory unchanged, Rs gets what memory held. */
        cell[0] = init;
        got = t->fn(cell, (init ^ 1) & mask, desired);
        CHECK_EQ(got, init & mask);
        CHECK_EQ(cell[0], init);
    }
}

/* ------------------------------------------------ CASP */

/* CASP[A][L] Xs, Xs+1, Xt, Xt+1: the pairs in x4/x5 (compare, result) and x6/x7 (new). */
#define CASP_X(mnemonic, p, e, d)                                                              \
    asm volatile(                                                                              \
        ARCH "mov x4, %[e0]\n\tmov x5, %[e1]\n\tmov x6, %[d0]\n\tmov x7, %[d1]\n\t" mnemonic   \
             " x4, x5, x6, x7, [%[ptr]]\n\t"                                                   \
             "mov %[e0], x4\n\tmov %[e1], x5"                                                  \
        : [e0] "+r"((e)[0]), [e1] "+r"((e)[1])                                                 \
        : [d0] "r"((d)[0]), [d1] "r"((d)[1]), [ptr] "r"(p)                                     \
        : "x4", "x5", "x6", "x7", "memory")
#define CASP_W(mnemonic, p, e, d)                                                              \
    asm volatile(                                                                              \
        ARCH "mov x4, %[e0]\n\tmov x5, %[e1]\n\tmov x6, %[d0]\n\tmov x7, %[d1]\n\t" mnemonic   \
             " w4, w5, w6, w7, [%[ptr]]\n\t"                                                   \
             "mov %[e0], x4\n\tmov %[e1], x5"                                                  \
        : [e0] "+r"((e)[0]), [e1] "+r"((e)[1])                                                 \
        : [d0] "r"((d)[0]), [d1] "r"((d)[1]), [ptr] "r"(p)                                     \
        : "x4", "x5", "x6", "x7", "memory")

static void check_casp_x_success_failure(int which)
{
    uint64_t e[2] = {0x1111111111111111, 0x2222222222222222};
    uint64_t d[2] = {0xaaaaaaaaaaaaaaaa, 0xbbbbbbbbbbbbbbbb};

    cell[0] = e[0];
    cell[1] = e[1];
    switch (which) {
    case 0:
        CASP_X("casp", cell, e, d);
        break;
    case 1:
        CASP_X("caspa", cell, e, d);
        break;
    case 2:
        CASP_X("caspl", cell, e, d);
        break;
    default:
        CASP_X("caspal", cell, e, d);
        break;
    }
    CHECK_EQ(e[0], 0x1111111111111111);
    CHECK_EQ(e[1], 0x2222222222222222);
    CHECK_EQ(cell[0], d[0]);
    CHECK_EQ(cell[1], d[1]);

    /* The high halves differ: nothing is stored, the pair reads memory. */
    e[0] = d[0];
    e[1] = 0;
    CASP_X("caspal", cell, e, d);
    CHECK_EQ(e[0], d[0]);
    CHECK_EQ(e[1], d[1]);
    cell[1] = 7;
    e[0] = 0;
    e[1] = 7;
    CASP_X("casp", cell, e, d);
    CHECK_EQ(e[0], d[0]);
    CHECK_EQ(e[1], 7);
    CHECK_EQ(cell[0], d[0]);
    CHECK_EQ(cell[1], 7);
}

static void test_casp(void)
{
    for (int which = 0; which < 4; which++) {
        check_casp_x_success_failure(which);
    }

    /* 32-bit pairs: the first register is the word at the lower address. */
    uint64_t e[2] = {0xffffffff00000001, 0xffffffff00000002};
    uint64_t d[2] = {0x33333333, 0x44444444};

    cell[0] = 0x0000000200000001;
    cell[1] = 0x99;
    CASP_W("caspal", cell, e, d);
    CHECK_EQ(e[0], 1); /* written as W registers: upper halves cleared */
    CHECK_EQ(e[1], 2);
    CHECK_EQ(cell[0], 0x4444444433333333);
    CHECK_EQ(cell[1], 0x99);

    e[0] = 0x33333333;
    e[1] = 0x44444445;
    CASP_W("caspa", cell, e, d);
    CHECK_EQ(e[0], 0x33333333);
    CHECK_EQ(e[1], 0x44444444);
    CHECK_EQ(cell[0], 0x4444444433333333);

    e[0] = 0x33333333;
    e[1] = 0x44444444;
    d[0] = 5;
    d[1] = 6;
    CASP_W("caspl", cell, e, d);
    CHECK_EQ(cell[0], 0x0000000600000005);
    CASP_W("casp", cell, e, d); /* now fails */
    CHECK_EQ(e[0], 5);
    CHECK_EQ(e[1], 6);
}

/* ------------------------------------------------ faults */

#define DFSC_ALIGNMENT 0x21

static void check_alignment_fault(const volatile void *addr)
{
    CHECK_EQ(ESR_EC(last_exc.esr), EC_DABT_SAME_EL);
    CHECK_EQ(last_exc.esr & 0x3f, DFSC_ALIGNMENT);
    CHECK_EQ(last_exc.far, (uintptr_t)addr);
}

/* Natural alignment is required whatever SCTLR_EL1.A says; a fault changes nothing. */
static void test_unaligned_faults(void)
{
    volatile uint8_t *bytes = (volatile uint8_t *)cell;
    uint64_t rt = 0x1234, rs = 0x5678;
    uint64_t e[2] = {1, 2}, d[2] = {3, 4};

    cell[0] = 0x0102030405060708;
    cell[1] = 0x1112131415161718;
    exc_expect();
    asm volatile(ARCH "ldaddal %[s], %[t], [%[p]]"
                 : [t] "+r"(rt)
                 : [s] "r"(rs), [p] "r"(bytes + 4)
                 : "memory");
    check_alignment_fault(bytes + 4);
    CHECK_EQ(rt, 0x1234);

    exc_expect();
    asm volatile(ARCH "swph %w[s], %w[t], [%[p]]"
                 : [t] "+r"(rt)
                 : [s] "r"(rs), [p] "r"(bytes + 1)
                 : "memory");
    check_alignment_fault(bytes + 1);
    CHECK_EQ(rt, 0x1234);

    exc_expect();
    asm volatile(ARCH "casal %[s], %[t], [%[p]]"
                 : [s] "+r"(rs)
                 : [t] "r"(rt), [p] "r"(bytes + 8 + 2)
                 : "memory");
    check_alignment_fault(bytes + 10);
    CHECK_EQ(rs, 0x5678);

    /* CASP of doublewords needs 16-byte alignment, not 8. */
    e[0] = cell[1];
    exc_expect();
    CASP_X("casp", &cell[1], e, d);
    CHECK_EQ(ESR_EC(last_exc.esr), EC_DABT_SAME_EL);
    CHECK_EQ(last_exc.esr & 0x3f, DFSC_ALIGNMENT);
    CHECK_EQ(e[0], 0x1112131415161718);
    CHECK_EQ(e[1], 2);

    CHECK_EQ(cell[0], 0x0102030405060708);
    CHECK_EQ(cell[1], 0x1112131415161718);
}

/* ------------------------------------------------ LDAPR */

static void test_ldapr(void)
{
    uint64_t b, h, w, x;

    cell[0] = 0xfedcba9876543210;
    cell[1] = 0x8081828384858687;
    asm volatile(
        ARCH "ldaprb %w[b], [%[p1]]\n\t"
             "ldaprh %w[h], [%[p2]]\n\t"
             "ldapr %w[w], [%[p3]]\n\t"
             "ldapr %[x], [%[p0]]"
        : [b] "=&r"(b), [h] "=&r"(h), [w] "=&r"(w), [x] "=&r"(x)
        : [p0] "r"(cell), [p1] "r"((volatile uint8_t *)cell + 7),
          [p2] "r"((volatile uint8_t *)cell + 8), [p3] "r"((volatile uint8_t *)cell + 12)
        : "memory");
    CHECK_EQ(b, 0xfe);
    CHECK_EQ(h, 0x8687);
    CHECK_EQ(w, 0x80818283);
    CHECK_EQ(x, 0xfedcba9876543210);
}

/* ------------------------------------------------ absent features */

static void check_undefined(void)
{
    CHECK_EQ(ESR_EC(last_exc.esr), EC_UNKNOWN);
    CHECK_EQ(last_exc.kind, VECTOR_SYNC_SPX);
}

static void test_lse_undefined(void)
{
    uint64_t e[2] = {0, 0}, d[2] = {1, 1};

    cell[0] = 9;
    exc_expect();
    ldaddx(cell, 1);
    check_undefined();
    exc_expect();
    staddlw(cell, 1);
    check_undefined();
    exc_expect();
    swpalb(cell, 1);
    check_undefined();
    exc_expect();
    casx(cell, 9, 1);
    check_undefined();
    exc_expect();
    CASP_X("casp", cell, e, d);
    check_undefined();
    CHECK_EQ(cell[0], 9);
}

static void test_ldapr_undefined(void)
{
    uint64_t v = 3;

    exc_expect();
    asm volatile(ARCH "ldapr %[v], [%[p]]" : [v] "+r"(v) : [p] "r"(cell) : "memory");
    check_undefined();
    CHECK_EQ(v, 3);
}

/* A Cortex-A57 advertises the v8.0 crypto and CRC32 instructions and nothing of v8.1+. */
static void test_a57_identification(void)
{
    uint64_t midr = read_sysreg(midr_el1);

    if (midr >> 24 != 0x41 || ((midr >> 4) & 0xfff) != 0xd07) {
        return;
    }
    CHECK_EQ(read_sysreg(id_aa64isar0_el1), 0x11120);
    CHECK_EQ(read_sysreg(id_aa64isar1_el1), 0);
}

int main(void)
{
    uint64_t isar0 = read_sysreg(id_aa64isar0_el1);
    uint64_t isar1 = read_sysreg(id_aa64isar1_el1);

    printf("ID_AA64ISAR0_EL1 %lx ID_AA64ISAR1_EL1 %lx\n", isar0, isar1);
    test_a57_identification();
    if (ISAR0_ATOMIC(isar0) >= 2) {
        test_ldop_swp();
        test_stop();
        test_ldadd_register_overlap();
        test_cas();
        test_casp();
        test_unaligned_faults();
    } else {
        test_lse_undefined();
    }
    if (ISAR1_LRCPC(isar1) >= 1) {
        test_ldapr();
    } else {
        test_ldapr_undefined();
    }
    return test_finish("lse");
}
