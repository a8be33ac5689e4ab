/*
 * LSE atomics (FEAT_LSE) and RCpc loads (FEAT_LRCPC), on whichever CPU the
 * runner picked: the test reads ID_AA64ISAR0/ISAR1_EL1 and, where the
 * feature is advertised, checks every LD<op>, ST<op>, SWP, CAS and CASP in
 * every size and ordering against a model, that an unaligned access or a
 * write to a read-only page faults and leaves registers and memory
 * unchanged, and LDAPR of every size; where
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

/* The orderings: none, acquire (A), release (L), both (AL). */
#define NORDERINGS 4

/*
 * One function per instruction and size runs all four orderings, each on
 * its own cell p[k] with Rs = operand, and returns the four Rt.  (Few
 * functions: tier 1 compiles each block it runs.)
 */
typedef void LseFn(volatile uint64_t *p, uint64_t operand, uint64_t old[NORDERINGS]);

#define LSE_FN(fname, op, sfx, reg)                                                            \
    static void fname(volatile uint64_t *p, uint64_t operand, uint64_t old[NORDERINGS])        \
    {                                                                                          \
        asm volatile(                                                                          \
            ARCH #op sfx " %" reg "[s], %" reg "[o0], [%[p0]]\n\t" #op "a" sfx " %" reg        \
                         "[s], %" reg "[o1], [%[p1]]\n\t" #op "l" sfx " %" reg "[s], %" reg    \
                         "[o2], [%[p2]]\n\t" #op "al" sfx " %" reg "[s], %" reg                \
                         "[o3], [%[p3]]"                                                       \
            : [o0] "=&r"(old[0]), [o1] "=&r"(old[1]), [o2] "=&r"(old[2]), [o3] "=&r"(old[3])   \
            : [s] "r"(operand), [p0] "r"(p), [p1] "r"(p + 1), [p2] "r"(p + 2), [p3] "r"(p + 3) \
            : "memory");                                                                       \
    }
#define LSE_SIZES(op)                                                                          \
    LSE_FN(op##_b, op, "b", "w")                                                               \
    LSE_FN(op##_h, op, "h", "w") LSE_FN(op##_w, op, "", "w") LSE_FN(op##_x, op, "", "")

LSE_SIZES(ldadd)
LSE_SIZES(ldclr)
LSE_SIZES(ldeor)
LSE_SIZES(ldset)
LSE_SIZES(ldsmax)
LSE_SIZES(ldsmin)
LSE_SIZES(ldumax)
LSE_SIZES(ldumin)
LSE_SIZES(swp)

/* ST<op> (Rt = XZR), plain and release (L), on p[0] and p[1]: memory only. */
#define ST_FN(fname, op, sfx, reg)                                                             \
    static void fname(volatile uint64_t *p, uint64_t operand, uint64_t old[NORDERINGS])        \
    {                                                                                          \
        (void)old;                                                                             \
        asm volatile(ARCH #op sfx " %" reg "[s], [%[p0]]\n\t" #op "l" sfx " %" reg             \
                                  "[s], [%[p1]]"                                               \
                     :                                                                         \
                     : [s] "r"(operand), [p0] "r"(p), [p1] "r"(p + 1)                          \
                     : "memory");                                                              \
    }
#define ST_SIZES(op)                                                                           \
    ST_FN(op##_b, op, "b", "w")                                                                \
    ST_FN(op##_h, op, "h", "w") ST_FN(op##_w, op, "", "w") ST_FN(op##_x, op, "", "")

ST_SIZES(stadd)
ST_SIZES(stclr)
ST_SIZES(steor)
ST_SIZES(stset)
ST_SIZES(stsmax)
ST_SIZES(stsmin)
ST_SIZES(stumax)
ST_SIZES(stumin)

typedef struct LseCase {
    const char *name;
    LseFn *fn;
    Op op;
    int size;
    int orderings; /* cells written: 4 for LD<op>/SWP, 2 for ST<op> */
} LseCase;

#define LSE_CASES(op, kind, n)                                                                 \
    {#op "b", op##_b, kind, 0, n}, {#op "h", op##_h, kind, 1, n},                              \
        {#op " w", op##_w, kind, 2, n}, {#op " x", op##_x, kind, 3, n},

/* clang-format off */
static const LseCase lse_cases[] = {
    LSE_CASES(ldadd, OP_ADD, 4)
    LSE_CASES(ldclr, OP_CLR, 4)
    LSE_CASES(ldeor, OP_EOR, 4)
    LSE_CASES(ldset, OP_SET, 4)
    LSE_CASES(ldsmax, OP_SMAX, 4)
    LSE_CASES(ldsmin, OP_SMIN, 4)
    LSE_CASES(ldumax, OP_UMAX, 4)
    LSE_CASES(ldumin, OP_UMIN, 4)
    LSE_CASES(swp, OP_SWP, 4)
    LSE_CASES(stadd, OP_ADD, 2)
    LSE_CASES(stclr, OP_CLR, 2)
    LSE_CASES(steor, OP_EOR, 2)
    LSE_CASES(stset, OP_SET, 2)
    LSE_CASES(stsmax, OP_SMAX, 2)
    LSE_CASES(stsmin, OP_SMIN, 2)
    LSE_CASES(stumax, OP_UMAX, 2)
    LSE_CASES(stumin, OP_UMIN, 2)
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

static void check_lse_case(const LseCase *t, uint64_t init, uint64_t operand)
{
    static const char *const ordering[NORDERINGS] = {"", "a", "l", "al"};
    uint64_t mask = size_mask(t->size);
    uint64_t want_mem =
        (init & ~mask) | (model(t->op, t->size, init & mask, operand & mask) & mask);
    uint64_t old[NORDERINGS];

    for (int k = 0; k < NORDERINGS; k++) {
        cell[k] = init;
        old[k] = init & mask; /* what an ST<op> would have loaded */
    }
    t->fn(cell, operand, old);
    for (int k = 0; k < t->orderings; k++) {
        int ord = t->orderings == 2 ? 2 * k : k; /* ST<op>: plain and L */

        if (old[k] != (init & mask) || cell[k] != want_mem) {
            printf("  %s (%s): mem %lx operand %lx\n", t->name, ordering[ord], init, operand);
        }
        CHECK_EQ(old[k], init & mask);
        CHECK_EQ(cell[k], want_mem);
    }
}

static void test_ldop_swp_stop(void)
{
    for (size_t c = 0; c < sizeof(lse_cases) / sizeof(lse_cases[0]); c++) {
        for (size_t i = 0; i < sizeof(lse_inputs) / sizeof(lse_inputs[0]); i++) {
            check_lse_case(&lse_cases[c], lse_inputs[i][0], lse_inputs[i][1]);
        }
    }
}

/* Rt = Rs: the register receives the old value. */
static void test_ldadd_register_overlap(void)
{
    uint64_t v = 5;

    cell[0] = 100;
    asm volatile(ARCH "ldadd %[v], %[v], [%[p]]" : [v] "+r"(v) : [p] "r"(cell) : "memory");
    CHECK_EQ(v, 100);
    CHECK_EQ(cell[0], 105);
}

/* ------------------------------------------------ CAS */

/* CAS, CASA, CASL, CASAL of one size on p[0..3]: e[k] in (compare), out (old). */
typedef void CasFn(volatile uint64_t *p, uint64_t e[NORDERINGS], uint64_t desired);

#define CAS_FN(fname, sfx, reg)                                                                \
    static void fname(volatile uint64_t *p, uint64_t e[NORDERINGS], uint64_t desired)          \
    {                                                                                          \
        asm volatile(                                                                          \
            ARCH "cas" sfx " %" reg "[e0], %" reg "[d], [%[p0]]\n\t"                           \
                 "casa" sfx " %" reg "[e1], %" reg "[d], [%[p1]]\n\t"                          \
                 "casl" sfx " %" reg "[e2], %" reg "[d], [%[p2]]\n\t"                          \
                 "casal" sfx " %" reg "[e3], %" reg "[d], [%[p3]]"                             \
            : [e0] "+r"(e[0]), [e1] "+r"(e[1]), [e2] "+r"(e[2]), [e3] "+r"(e[3])               \
            : [d] "r"(desired), [p0] "r"(p), [p1] "r"(p + 1), [p2] "r"(p + 2), [p3] "r"(p + 3) \
            : "memory");                                                                       \
    }
CAS_FN(cas_b, "b", "w")
CAS_FN(cas_h, "h", "w")
CAS_FN(cas_w, "", "w")
CAS_FN(cas_x, "", "")

static CasFn *const cas_fns[4] = {cas_b, cas_h, cas_w, cas_x};

static void test_cas(void)
{
    const uint64_t init = 0x8899aabbccddeeff, desired = 0x0123456789abcdef;

    for (int size = 0; size < 4; size++) {
        uint64_t mask = size_mask(size);
        uint64_t e[NORDERINGS];

        /* Success: only the low bits of Rs take part in the comparison. */
        for (int k = 0; k < NORDERINGS; k++) {
            cell[k] = init;
            e[k] = (init & mask) | (~mask & 0xdead0000dead0000);
        }
        cas_fns[size](cell, e, desired);
        for (int k = 0; k < NORDERINGS; k++) {
            CHECK_EQ(e[k], init & mask);
            CHECK_EQ(cell[k], (init & ~mask) | (desired & mask));
        }

        /* Failure: memory unchanged, Rs gets what memory held. */
        for (int k = 0; k < NORDERINGS; k++) {
            cell[k] = init;
            e[k] = (init ^ 1) & mask;
        }
        cas_fns[size](cell, e, desired);
        for (int k = 0; k < NORDERINGS; k++) {
            CHECK_EQ(e[k], init & mask);
            CHECK_EQ(cell[k], init);
        }
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

/* ------------------------------------------------ permission faults */

/*
 * An identity map (4 KiB granule, 39-bit VA, level 1 first): the first GiB
 * as Device memory (the UART), the second as Normal memory in 2 MiB blocks,
 * except the block holding ro_page, mapped by pages with ro_page read-only.
 */
#define PTE_VALID    1ul
#define PTE_TABLE    3ul /* table (levels 1, 2) or page (level 3) */
#define PTE_ATTR(i)  ((uint64_t)(i) << 2)
#define PTE_RDONLY   (1ul << 7)
#define PTE_INNER_SH (3ul << 8)
#define PTE_AF       (1ul << 10)
#define ATTR_DEVICE  0
#define ATTR_NORMAL  1
#define MAIR_VALUE   0xff00ul /* attr0 Device-nGnRnE, attr1 Normal write-back */
#define TCR_VALUE    (25ul | 1ul << 8 | 1ul << 10 | 3ul << 12 | 1ul << 23) /* EPD1 */
#define SCTLR_M      1ul
#define DFSC_PERM_L3 0x0f
#define ISS_WNR      (1ul << 6)

static uint64_t l1[512] __attribute__((aligned(4096)));
static uint64_t l2[512] __attribute__((aligned(4096)));
static uint64_t l3[512] __attribute__((aligned(4096)));
static volatile uint64_t ro_page[512] __attribute__((aligned(4096)));

static void mmu_on(void)
{
    uint64_t ro = (uintptr_t)ro_page;
    uint64_t normal = PTE_ATTR(ATTR_NORMAL) | PTE_INNER_SH | PTE_AF;

    l1[0] = PTE_VALID | PTE_ATTR(ATTR_DEVICE) | PTE_AF;
    l1[1] = (uintptr_t)l2 | PTE_TABLE;
    for (uint64_t i = 0; i < 512; i++) {
        l2[i] = ((1ul << 30) + (i << 21)) | PTE_VALID | normal;
        l3[i] = ((ro & ~0x1ffffful) + (i << 12)) | PTE_TABLE | normal;
    }
    l2[(ro >> 21) & 511] = (uintptr_t)l3 | PTE_TABLE;
    l3[(ro >> 12) & 511] |= PTE_RDONLY;
    write_sysreg(mair_el1, MAIR_VALUE);
    write_sysreg(tcr_el1, TCR_VALUE);
    write_sysreg(ttbr0_el1, (uintptr_t)l1);
    asm volatile("dsb sy\n\ttlbi vmalle1\n\tdsb sy\n\tisb" ::: "memory");
    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_M);
}

static void mmu_off(void)
{
    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~SCTLR_M);
    asm volatile("tlbi vmalle1\n\tdsb sy\n\tisb" ::: "memory");
}

static void check_write_permission_fault(const volatile void *addr)
{
    CHECK_EQ(ESR_EC(last_exc.esr), EC_DABT_SAME_EL);
    CHECK_EQ(last_exc.esr & 0x3f, DFSC_PERM_L3);
    CHECK_EQ(last_exc.esr & ISS_WNR, ISS_WNR);
    CHECK_EQ(last_exc.far, (uintptr_t)addr);
}

/*
 * An atomic to a read-only page: the read succeeds, the write faults
 * (WnR = 1), and neither memory nor any register changes.
 */
static void test_read_only_faults(void)
{
    uint64_t rt = 0x1234, rs = 0x5678;
    uint64_t e[2] = {0x11, 0x22}, d[2] = {3, 4};

    ro_page[0] = 0x11; /* before the MMU makes the page read-only */
    ro_page[1] = 0x22;
    mmu_on();

    exc_expect();
    asm volatile(ARCH "ldaddal %[s], %[t], [%[p]]"
                 : [t] "+r"(rt)
                 : [s] "r"(rs), [p] "r"(ro_page)
                 : "memory");
    check_write_permission_fault(ro_page);
    CHECK_EQ(rt, 0x1234);

    exc_expect();
    asm volatile(ARCH "swpb %w[s], %w[t], [%[p]]"
                 : [t] "+r"(rt)
                 : [s] "r"(rs), [p] "r"(&ro_page[1])
                 : "memory");
    check_write_permission_fault(&ro_page[1]);
    CHECK_EQ(rt, 0x1234);

    rs = 0x11; /* a CAS that would succeed */
    exc_expect();
    asm volatile(ARCH "cas %[s], %[t], [%[p]]"
                 : [s] "+r"(rs)
                 : [t] "r"(rt), [p] "r"(ro_page)
                 : "memory");
    check_write_permission_fault(ro_page);
    CHECK_EQ(rs, 0x11);

    exc_expect();
    CASP_X("caspal", ro_page, e, d);
    check_write_permission_fault(ro_page);
    CHECK_EQ(e[0], 0x11);
    CHECK_EQ(e[1], 0x22);

    CHECK_EQ(ro_page[0], 0x11);
    CHECK_EQ(ro_page[1], 0x22);
    mmu_off();
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
    uint64_t v = 7;

    cell[0] = 9;
    exc_expect();
    asm volatile(ARCH "ldadd %[v], %[v], [%[p]]" : [v] "+r"(v) : [p] "r"(cell) : "memory");
    check_undefined();
    exc_expect();
    asm volatile(ARCH "staddl %w[v], [%[p]]" : : [v] "r"(v), [p] "r"(cell) : "memory");
    check_undefined();
    exc_expect();
    asm volatile(ARCH "swpalb %w[v], %w[v], [%[p]]" : [v] "+r"(v) : [p] "r"(cell) : "memory");
    check_undefined();
    exc_expect();
    asm volatile(ARCH "cas %[v], %[v], [%[p]]" : [v] "+r"(v) : [p] "r"(cell) : "memory");
    check_undefined();
    exc_expect();
    CASP_X("casp", cell, e, d);
    check_undefined();
    CHECK_EQ(v, 7);
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
        test_ldop_swp_stop();
        test_ldadd_register_overlap();
        test_cas();
        test_casp();
        test_unaligned_faults();
        test_read_only_faults();
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
