/*
 * Scalar floating point: a few known results of each instruction group,
 * the FPSR flags and FPCR controls (rounding mode, FZ, DN) they depend on,
 * NZCV from FCMP/FCCMP, the top half of V registers, which encodings are
 * UNDEFINED (types 10 and, without FP16, 11 except in FCVT; reserved
 * fields), and the CPACR_EL1.FPEN trap.  The random differential test
 * (tests/guest/a64diff, classes fp_*) covers the values in bulk.
 *
 * The programs are built with -mgeneral-regs-only, so the FP instructions
 * are asm text on explicit registers: operands go in through d0-d2 and the
 * result comes out of register 3 (FPOP) or a general register (FPOP_X).
 */
#include "check.h"
#include "insn.h"

#define CPACR_FPEN    (3ul << 20)
#define EC_FP_ACCESS  0x07
#define FPSR_IOC      (1u << 0)
#define FPSR_DZC      (1u << 1)
#define FPSR_OFC      (1u << 2)
#define FPSR_UFC      (1u << 3)
#define FPSR_IXC      (1u << 4)
#define FPSR_IDC      (1u << 7)
#define FPCR_RMODE(m) ((uint64_t)(m) << 22)
#define FPCR_FZ       (1ul << 24)
#define FPCR_DN       (1ul << 25)
#define FPCR_AHP      (1ul << 26)
enum { RN, RP, RM, RZ };

#define F32_ONE    0x3f800000u
#define F32_QNAN   0x7fc00000u
#define F64_ONE    0x3ff0000000000000ull
#define F64_TWO    0x4000000000000000ull
#define F64_HALF   0x3fe0000000000000ull
#define F64_QNAN   0x7ff8000000000000ull
#define F64_SNAN   0x7ff0000000000001ull
#define F64_INF    0x7ff0000000000000ull
#define F64_DENORM 0x0000000000000001ull

/* Run `text` with d0-d2 = a, b, c; the result is d3 (all 64 bits, so a
 * single-precision result shows that the upper half was zeroed). */
#define FPOP(text, a, b, c)                                                                    \
    ({                                                                                         \
        uint64_t d_;                                                                           \
        asm volatile("fmov d0, %[x]\n\tfmov d1, %[y]\n\tfmov d2, %[z]\n\t"                     \
                     "fmov d3, %[y]\n\t" text "\n\tfmov %[d], d3"                              \
                     : [d] "=r"(d_)                                                            \
                     : [x] "r"((uint64_t)(a)), [y] "r"((uint64_t)(b)), [z] "r"((uint64_t)(c))  \
                     : "v0", "v1", "v2", "v3", "cc");                                          \
        d_;                                                                                    \
    })

/* Run `text` with d0 = a, x1 = b; the result is x3. */
#define FPOP_X(text, a, b)                                                                     \
    ({                                                                                         \
        uint64_t d_;                                                                           \
        asm volatile("fmov d0, %[x]\n\tmov x1, %[y]\n\t" text "\n\tmov %[d], x3"               \
                     : [d] "=r"(d_)                                                            \
                     : [x] "r"((uint64_t)(a)), [y] "r"((uint64_t)(b))                          \
                     : "v0", "x1", "x3", "cc");                                                \
        d_;                                                                                    \
    })

static void set_fpcr(uint64_t v) { asm volatile("msr fpcr, %0" : : "r"(v)); }
static void clear_fpsr(void) { asm volatile("msr fpsr, xzr"); }
static uint64_t fpsr(void) { return read_sysreg(fpsr); }

/* NZCV after an FCMP-like `text` on d0, d1. */
static uint64_t compare_flags(uint64_t a, uint64_t b, unsigned which)
{
    uint64_t f;
    switch (which) {
    case 0:
        asm volatile("fmov d0, %1\n\tfmov d1, %2\n\tfcmp d0, d1\n\tmrs %0, nzcv"
                     : "=r"(f)
                     : "r"(a), "r"(b)
                     : "v0", "v1", "cc");
        break;
    case 1:
        asm volatile("fmov d0, %1\n\tfmov d1, %2\n\tfcmpe d0, d1\n\tmrs %0, nzcv"
                     : "=r"(f)
                     : "r"(a), "r"(b)
                     : "v0", "v1", "cc");
        break;
    default:
        asm volatile("fmov d0, %1\n\tfcmp d0, #0.0\n\tmrs %0, nzcv"
                     : "=r"(f)
                     : "r"(a)
                     : "v0", "cc");
        break;
    }
    return f;
}

static void test_arithmetic(void)
{
    clear_fpsr();
    CHECK_EQ(FPOP("fadd d3, d0, d1", F64_ONE, F64_ONE, 0), F64_TWO);
    CHECK_EQ(FPOP("fadd s3, s0, s1", F32_ONE, F32_ONE, 0), 0x40000000u);
    CHECK_EQ(FPOP("fmul d3, d0, d1", F64_TWO, F64_HALF, 0), F64_ONE);
    CHECK_EQ(FPOP("fnmul d3, d0, d1", F64_TWO, F64_HALF, 0), F64_ONE | 1ull << 63);
    CHECK_EQ(FPOP("fsub d3, d0, d1", F64_ONE, F64_ONE, 0), 0);
    CHECK_EQ(FPOP("fmaxnm d3, d0, d1", F64_QNAN, F64_TWO, 0), F64_TWO);
    CHECK_EQ(FPOP("fmax d3, d0, d1", F64_QNAN, F64_TWO, 0), F64_QNAN);
    CHECK_EQ(FPOP("fmin d3, d0, d1", 1ull << 63, 0, 0), 1ull << 63);
    CHECK_EQ(fpsr(), 0);
    /* 1 / 0: infinity and divide-by-zero; 0 / 0: default NaN and invalid. */
    CHECK_EQ(FPOP("fdiv d3, d0, d1", F64_ONE, 0, 0), F64_INF);
    CHECK_EQ(fpsr(), FPSR_DZC);
    clear_fpsr();
    CHECK_EQ(FPOP("fdiv d3, d0, d1", 0, 0, 0), F64_QNAN);
    CHECK_EQ(fpsr(), FPSR_IOC);
    clear_fpsr();
    /* A signalling NaN comes out quiet, its payload kept. */
    CHECK_EQ(FPOP("fadd d3, d0, d1", F64_ONE, F64_SNAN, 0), F64_SNAN | 1ull << 51);
    CHECK_EQ(fpsr(), FPSR_IOC);
    clear_fpsr();
    /* FMADD: 2 * 0.5 + 1; FNMSUB: 2 * 0.5 - 1; FNMADD: -(2 * 0.5) - 1 */
    CHECK_EQ(FPOP("fmadd d3, d0, d1, d2", F64_TWO, F64_HALF, F64_ONE), F64_TWO);
    CHECK_EQ(FPOP("fnmsub d3, d0, d1, d2", F64_TWO, F64_HALF, F64_ONE), 0);
    CHECK_EQ(FPOP("fnmadd d3, d0, d1, d2", F64_TWO, F64_HALF, F64_ONE), F64_TWO | 1ull << 63);
    CHECK_EQ(FPOP("fmsub s3, s0, s1, s2", 0x40000000, 0x3f000000, F32_ONE), 0);
    /* sqrt(-1): default NaN, invalid */
    CHECK_EQ(FPOP("fsqrt d3, d0", F64_ONE | 1ull << 63, 0, 0), F64_QNAN);
    CHECK_EQ(fpsr(), FPSR_IOC);
    clear_fpsr();
}

static void test_fpcr(void)
{
    /* 1 + 2^-60 rounds to 1 except upwards. */
    uint64_t tiny = 0x3c30000000000000ull;
    set_fpcr(FPCR_RMODE(RP));
    CHECK_EQ(FPOP("fadd d3, d0, d1", F64_ONE, tiny, 0), F64_ONE + 1);
    set_fpcr(FPCR_RMODE(RZ));
    CHECK_EQ(FPOP("fsub d3, d0, d1", F64_ONE, tiny, 0), F64_ONE - 1);
    CHECK_EQ(fpsr(), FPSR_IXC);
    clear_fpsr();
    /* FZ: a denormal operand reads as zero (IDC). */
    set_fpcr(FPCR_FZ);
    CHECK_EQ(FPOP("fadd d3, d0, d1", F64_DENORM, 0, 0), 0);
    CHECK_EQ(fpsr(), FPSR_IDC);
    clear_fpsr();
    /* DN: NaN results are the default NaN. */
    set_fpcr(FPCR_DN);
    CHECK_EQ(FPOP("fadd d3, d0, d1", F64_ONE, F64_QNAN | 1 | 1ull << 63, 0), F64_QNAN);
    set_fpcr(0);
    CHECK_EQ(FPOP("fadd d3, d0, d1", F64_ONE, F64_QNAN | 1 | 1ull << 63, 0),
             F64_QNAN | 1 | 1ull << 63);
    clear_fpsr();
}

static void test_dp1(void)
{
    CHECK_EQ(FPOP("fabs d3, d0", F64_SNAN | 1ull << 63, 0, 0), F64_SNAN);
    CHECK_EQ(FPOP("fneg s3, s0", F32_ONE, 0, 0), F32_ONE | 1u << 31);
    /* An S write zeroes the upper bits (d3 held b before). */
    CHECK_EQ(FPOP("fmov s3, s0", 0x1234567890abcdefull, ~0ull, 0), 0x90abcdefu);
    CHECK_EQ(fpsr(), 0);
    CHECK_EQ(FPOP("fmov d3, #1.0", 0, 0, 0), F64_ONE);
    CHECK_EQ(FPOP("fmov s3, #-0.125", 0, 0, 0), 0xbe000000u);
    CHECK_EQ(FPOP("fmov d3, #31.0", 0, 0, 0), 0x403f000000000000ull);
    /* 2.5: N -> 2, A -> 3, P -> 3, M -> 2, Z -> 2, X raises inexact */
    uint64_t two_and_half = 0x4004000000000000ull, three = 0x4008000000000000ull;
    CHECK_EQ(FPOP("frintn d3, d0", two_and_half, 0, 0), F64_TWO);
    CHECK_EQ(FPOP("frinta d3, d0", two_and_half, 0, 0), three);
    CHECK_EQ(FPOP("frintp d3, d0", two_and_half, 0, 0), three);
    CHECK_EQ(FPOP("frintm d3, d0", two_and_half, 0, 0), F64_TWO);
    CHECK_EQ(FPOP("frintz d3, d0", two_and_half, 0, 0), F64_TWO);
    CHECK_EQ(fpsr(), 0);
    CHECK_EQ(FPOP("frintx d3, d0", two_and_half, 0, 0), F64_TWO);
    CHECK_EQ(fpsr(), FPSR_IXC);
    set_fpcr(FPCR_RMODE(RP));
    CHECK_EQ(FPOP("frinti d3, d0", two_and_half, 0, 0), three);
    set_fpcr(0);
    clear_fpsr();
}

static void test_fcvt(void)
{
    CHECK_EQ(FPOP("fcvt h3, s0", F32_ONE, ~0ull, 0), 0x3c00);
    CHECK_EQ(FPOP("fcvt h3, d0", F64_TWO, 0, 0), 0x4000);
    CHECK_EQ(FPOP("fcvt s3, h0", 0x3c00, 0, 0), F32_ONE);
    CHECK_EQ(FPOP("fcvt d3, h0", 0x0001, 0, 0), 0x3e70000000000000ull); /* 2^-24 */
    CHECK_EQ(FPOP("fcvt d3, s0", F32_ONE, 0, 0), F64_ONE);
    CHECK_EQ(FPOP("fcvt s3, d0", F64_ONE, 0, 0), F32_ONE);
    CHECK_EQ(fpsr(), 0);
    /* 65520 is above the largest half (65504): infinity, overflow + inexact. */
    CHECK_EQ(FPOP("fcvt h3, s0", 0x477ff000, 0, 0), 0x7c00);
    CHECK_EQ(fpsr(), FPSR_OFC | FPSR_IXC);
    clear_fpsr();
    /* FPCR.AHP (alternative half precision) agrees with IEEE on normal values. */
    set_fpcr(FPCR_AHP);
    CHECK_EQ(FPOP("fcvt h3, s0", F32_ONE, 0, 0), 0x3c00);
    CHECK_EQ(FPOP("fcvt s3, h0", 0x3c00, 0, 0), F32_ONE);
    set_fpcr(0);
    /* FZ does not flush half-precision values. */
    set_fpcr(FPCR_FZ);
    CHECK_EQ(FPOP("fcvt s3, h0", 0x0001, 0, 0), 0x33800000u);
    set_fpcr(0);
    CHECK_EQ(fpsr(), 0);
}

static void test_compare(void)
{
    clear_fpsr();
    CHECK_EQ(compare_flags(F64_ONE, F64_TWO, 0), NZCV_N);
    CHECK_EQ(compare_flags(F64_TWO, F64_ONE, 0), NZCV_C);
    CHECK_EQ(compare_flags(F64_ONE, F64_ONE, 0), NZCV_Z | NZCV_C);
    CHECK_EQ(compare_flags(F64_QNAN, F64_ONE, 0), NZCV_C | NZCV_V);
    CHECK_EQ(fpsr(), 0);
    CHECK_EQ(compare_flags(F64_QNAN, F64_ONE, 1), NZCV_C | NZCV_V);
    CHECK_EQ(fpsr(), FPSR_IOC);
    clear_fpsr();
    CHECK_EQ(compare_flags(1ull << 63, 0, 2), NZCV_Z | NZCV_C);
    CHECK_EQ(compare_flags(F64_ONE | 1ull << 63, 0, 2), NZCV_N);

    /* FCCMP: the comparison if the condition holds, else the immediate. */
    uint64_t f;
    asm volatile("fmov d0, %1\n\tfmov d1, %2\n\ttst xzr, xzr\n\tfccmp d0, d1, #0xf, eq\n\t"
                 "mrs %0, nzcv"
                 : "=r"(f)
                 : "r"(F64_ONE), "r"(F64_TWO)
                 : "v0", "v1", "cc");
    CHECK_EQ(f, NZCV_N);
    asm volatile("fmov d0, %1\n\tfmov d1, %2\n\ttst xzr, xzr\n\tfccmpe d0, d1, #0x5, ne\n\t"
                 "mrs %0, nzcv"
                 : "=r"(f)
                 : "r"(F64_QNAN), "r"(F64_TWO)
                 : "v0", "v1", "cc");
    CHECK_EQ(f, NZCV_Z | NZCV_V);
    CHECK_EQ(fpsr(), 0); /* not compared: no invalid */

    /* FCSEL */
    uint64_t r;
    asm volatile("fmov d0, %1\n\tfmov d1, %2\n\tmsr nzcv, xzr\n\tfcsel d3, d0, d1, eq\n\t"
                 "fmov %0, d3"
                 : "=r"(r)
                 : "r"(F64_ONE), "r"(F64_TWO)
                 : "v0", "v1", "v3", "cc");
    CHECK_EQ(r, F64_TWO);
    asm volatile("fmov d0, %1\n\tfmov d1, %2\n\tmsr nzcv, xzr\n\tfcsel s3, s0, s1, ne\n\t"
                 "fmov %0, d3"
                 : "=r"(r)
                 : "r"(~0ull), "r"(F64_TWO)
                 : "v0", "v1", "v3", "cc");
    CHECK_EQ(r, 0xffffffffu);
}

static void test_int_conversions(void)
{
    uint64_t three_point_seven = 0x400d99999999999aull;
    clear_fpsr();
    CHECK_EQ(FPOP_X("fcvtzs w3, d0", three_point_seven, 0), 3);
    CHECK_EQ(FPOP_X("fcvtps x3, d0", three_point_seven, 0), 4);
    CHECK_EQ(FPOP_X("fcvtms w3, d0", three_point_seven | 1ull << 63, 0), 0xfffffffcu);
    CHECK_EQ(FPOP_X("fcvtns x3, d0", 0x4004000000000000ull, 0), 2);
    CHECK_EQ(FPOP_X("fcvtas x3, d0", 0x4004000000000000ull, 0), 3);
    CHECK_EQ(fpsr(), FPSR_IXC);
    clear_fpsr();
    /* NaN gives 0, negative to unsigned 0, too large saturates: all invalid. */
    CHECK_EQ(FPOP_X("fcvtzs x3, d0", F64_QNAN, 0), 0);
    CHECK_EQ(FPOP_X("fcvtzu w3, d0", F64_ONE | 1ull << 63, 0), 0);
    CHECK_EQ(FPOP_X("fcvtzs w3, d0", 0x41f0000000000000ull, 0), 0x7fffffffu);
    CHECK_EQ(FPOP_X("fcvtzu x3, s0", 0x7f800000u, 0), ~0ull);
    CHECK_EQ(fpsr(), FPSR_IOC);
    clear_fpsr();
    /* Fixed point: 1.5 with 4 fraction bits is 24. */
    CHECK_EQ(FPOP_X("fcvtzs w3, d0, #4", 0x3ff8000000000000ull, 0), 24);
    CHECK_EQ(FPOP_X("scvtf d2, x1, #4\n\tfmov x3, d2", 0, 24), 0x3ff8000000000000ull);
    CHECK_EQ(FPOP_X("ucvtf s2, w1\n\tfmov x3, d2", 0, 0xffffffffu), 0x4f800000u);
    CHECK_EQ(FPOP_X("scvtf s2, w1\n\tfmov x3, d2", 0, 0xffffffffu), 0xbf800000u);
    CHECK_EQ(FPOP_X("ucvtf d2, x1, #64\n\tfmov x3, d2", 0, 1ull << 63), F64_HALF);
}

static void test_fmov_general(void)
{
    uint64_t lo, hi;
    asm volatile("fmov d0, %2\n\tfmov v0.d[1], %3\n\tfmov %0, d0\n\tfmov %1, v0.d[1]"
                 : "=r"(lo), "=r"(hi)
                 : "r"(0x1111222233334444ull), "r"(0x5555666677778888ull)
                 : "v0");
    CHECK_EQ(lo, 0x1111222233334444ull);
    CHECK_EQ(hi, 0x5555666677778888ull);
    /* FMOV Sd, Wn zeroes bits 127:32; FMOV Wd, Sn reads bits 31:0. */
    asm volatile("fmov v0.d[1], %2\n\tfmov s0, %w3\n\tfmov %w0, s0\n\tfmov %1, v0.d[1]"
                 : "=r"(lo), "=r"(hi)
                 : "r"(~0ull), "r"(0x89abcdefu)
                 : "v0");
    CHECK_EQ(lo, 0x89abcdefu);
    CHECK_EQ(hi, 0);
}

/* Encodings that must be UNDEFINED (EC 0), FP enabled or not. */
static const uint32_t undefined_encodings[] = {
    0x1ea12802, /* FADD with ftype 10 */
    0x1ee12802, /* FADD h2, h0, h1: needs FP16 */
    0x1ee0c000, /* FABS h0, h0: needs FP16 */
    0x1e26c000, /* FRINT with rmode 101 */
    0x1e224000, /* FCVT from S to S */
    0x1e7e0000, /* FJCVTZS: needs FEAT_JSCVT */
    0x1e660000, /* FMOV w0, d0: no such form */
    0x1e020000, /* SCVTF s0, w0, #64: fbits > 32 for a W register */
    0x1e201020, /* FMOV (immediate) with imm5 != 0 */
    0x1e212001, /* FCMP with opcode2 bits 2:0 != 0 */
};

static void run_word(uint32_t insn)
{
    static uint32_t code[2] __attribute__((aligned(8)));
    code[0] = insn;
    code[1] = 0xd65f03c0; /* ret */
    asm volatile("dc cvau, %0\n\tdsb ish\n\tic ivau, %0\n\tdsb ish\n\tisb"
                 :
                 : "r"(code)
                 : "memory");
    asm volatile("blr %0" : : "r"(code) : "x30", "v0", "v1", "v2", "memory", "cc");
}

static void test_undefined(void)
{
    for (unsigned i = 0; i < sizeof(undefined_encodings) / sizeof(undefined_encodings[0]);
         i++) {
        exc_expect();
        run_word(undefined_encodings[i]);
        CHECK_EQ(ESR_EC(last_exc.esr), EC_UNKNOWN);
    }
}

/* With CPACR_EL1.FPEN = 0, allocated FP instructions trap (EC 7). */
static void test_fp_trap(void)
{
    uint64_t cpacr = read_sysreg(cpacr_el1);
    write_sysreg(cpacr_el1, cpacr & ~CPACR_FPEN);
    asm volatile("isb");
    exc_expect();
    run_word(0x1e212802); /* fadd s2, s0, s1 */
    CHECK_EQ(last_exc.esr, (uint64_t)EC_FP_ACCESS << 26 | ESR_IL | 0x1e00000);
    exc_expect();
    run_word(0x9e670000); /* fmov d0, x0 */
    CHECK_EQ(ESR_EC(last_exc.esr), EC_FP_ACCESS);
    exc_expect();
    run_word(0x1ee12802); /* unallocated stays UNDEFINED */
    CHECK_EQ(ESR_EC(last_exc.esr), EC_UNKNOWN);
    write_sysreg(cpacr_el1, cpacr);
    asm volatile("isb");
}

int main(void)
{
    write_sysreg(cpacr_el1, read_sysreg(cpacr_el1) | CPACR_FPEN);
    asm volatile("isb");
    set_fpcr(0);
    clear_fpsr();
    test_arithmetic();
    test_fpcr();
    test_dp1();
    test_fcvt();
    test_compare();
    test_int_conversions();
    test_fmov_general();
    test_undefined();
    test_fp_trap();
    return test_finish("fp_scalar");
}
