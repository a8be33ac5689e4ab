/*
 * The x87 FPU against reference values, its exceptions and its saved
 * state: the arithmetic, compare, conversion and transcendental
 * instructions on chosen operands in several precision and rounding
 * controls (results, status word); stack overflow and underflow with
 * their masked responses; an unmasked exception raising #MF at the next
 * waiting instruction with CR0.NE (and nothing with NE clear), with the
 * FSTENV pointers naming the faulting instruction; #NM for CR0.EM/TS and
 * WAIT with TS and MP; FSAVE/FRSTOR (32- and 16-bit layouts), FSTENV's
 * layout; FXSAVE/FXRSTOR (layout, alignment, MXCSR checks) and XSAVE with
 * XGETBV/XSETBV when CPUID offers them.
 *
 * The reference table was produced by this file compiled for the host
 * (gcc -DX87_GEN -O1 tests/guest/x86/x87.c && ./a.out) on an x86-64 host
 * (AMD EPYC).  Transcendental results are compared within a tolerance:
 * hardware, QEMU (which computes FSIN/FCOS/FPTAN in double precision) and
 * gemu (correctly rounded but for near-ties) differ in the last bits; the
 * unit test test-x87-transcend checks gemu's to within an ulp.
 *
 * Where QEMU (7.2) and the hardware differ this test follows the hardware,
 * so qemu-system-x86_64 fails it: QEMU does not set C1 for results rounded
 * up nor DE for denormal operands, has no stack faults (#IS: IE SF C1 and
 * the indefinite), no FNSTENV reserved-ones or exception masking, raises
 * #MF only at FWAIT, and with CR0.NE clear dies on an assertion
 * (tcg_handle_interrupt: qemu_mutex_iothread_locked) raising FERR#.
 */
#ifdef X87_GEN
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#else
#include "check.h"
#endif

typedef struct __attribute__((packed)) X80 {
    uint64_t m;
    uint16_t se;
} X80;

/*
 * The operations on ST(0) = a, ST(1) = b: register forms by their encoding,
 * stores into a 10-byte memory operand (mem), loads from a's bytes.
 */
#define OPS(X)                                                                                 \
    X(FADD, ".byte 0xd8, 0xc1", 0)                                                             \
    X(FSUB, ".byte 0xd8, 0xe1", 0)                                                             \
    X(FSUBR, ".byte 0xd8, 0xe9", 0)                                                            \
    X(FMUL, ".byte 0xd8, 0xc9", 0)                                                             \
    X(FDIV, ".byte 0xd8, 0xf1", 0)                                                             \
    X(FDIVR, ".byte 0xd8, 0xf9", 0)                                                            \
    X(FSUB_ST1, ".byte 0xdc, 0xe9", 0)                                                         \
    X(FDIVP_ST1, ".byte 0xde, 0xf9", 0)                                                        \
    X(FSQRT, ".byte 0xd9, 0xfa", 0)                                                            \
    X(FRNDINT, ".byte 0xd9, 0xfc", 0)                                                          \
    X(FSCALE, ".byte 0xd9, 0xfd", 0)                                                           \
    X(FPREM, ".byte 0xd9, 0xf8", 0)                                                            \
    X(FPREM1, ".byte 0xd9, 0xf5", 0)                                                           \
    X(FXTRACT, ".byte 0xd9, 0xf4", 0)                                                          \
    X(F2XM1, ".byte 0xd9, 0xf0", 4)                                                            \
    X(FYL2X, ".byte 0xd9, 0xf1", 4)                                                            \
    X(FYL2XP1, ".byte 0xd9, 0xf9", 4)                                                          \
    X(FPATAN, ".byte 0xd9, 0xf3", 4)                                                           \
    X(FSIN, ".byte 0xd9, 0xfe", 4096)                                                          \
    X(FCOS, ".byte 0xd9, 0xff", 4096)                                                          \
    X(FPTAN, ".byte 0xd9, 0xf2", 4096)                                                         \
    X(FSINCOS, ".byte 0xd9, 0xfb", 4096)                                                       \
    X(FCOM, ".byte 0xd8, 0xd1", 0)                                                             \
    X(FUCOM, ".byte 0xdd, 0xe1", 0)                                                            \
    X(FCOMPP, ".byte 0xde, 0xd9", 0)                                                           \
    X(FXAM, ".byte 0xd9, 0xe5", 0)                                                             \
    X(FTST, ".byte 0xd9, 0xe4", 0)                                                             \
    X(FCHS, ".byte 0xd9, 0xe0", 0)                                                             \
    X(FABS, ".byte 0xd9, 0xe1", 0)                                                             \
    X(FLDPI, ".byte 0xd9, 0xeb", 0)                                                            \
    X(FLDL2T, ".byte 0xd9, 0xe9", 0)                                                           \
    X(FLDL2E, ".byte 0xd9, 0xea", 0)                                                           \
    X(FLDLN2, ".byte 0xd9, 0xed", 0)                                                           \
    X(FLDLG2, ".byte 0xd9, 0xec", 0)                                                           \
    X(FXCH, ".byte 0xd9, 0xc9", 0)                                                             \
    X(FST_ST1, ".byte 0xdd, 0xd1", 0)                                                          \
    X(FINCSTP, ".byte 0xd9, 0xf7", 0)                                                          \
    X(FST_M32, "fsts %[mem]", 0)                                                               \
    X(FST_M64, "fstl %[mem]", 0)                                                               \
    X(FIST_M16, "fists %[mem]", 0)                                                             \
    X(FIST_M32, "fistl %[mem]", 0)                                                             \
    X(FISTP_M64, "fistpll %[mem]", 0)                                                          \
    X(FISTTP_M16, "fisttps %[mem]", 0)                                                         \
    X(FISTTP_M32, "fisttpl %[mem]", 0)                                                         \
    X(FISTTP_M64, "fisttpll %[mem]", 0)                                                        \
    X(FBSTP, "fbstp %[mem]", 0)                                                                \
    X(FLD_M32, "flds %[a]", 0)                                                                 \
    X(FLD_M64, "fldl %[a]", 0)                                                                 \
    X(FILD_M16, "filds %[a]", 0)                                                               \
    X(FILD_M32, "fildl %[a]", 0)                                                               \
    X(FILD_M64, "fildll %[a]", 0)                                                              \
    X(FBLD, "fbld %[a]", 0)                                                                    \
    X(FADD_M32, "fadds %[a]", 0)                                                               \
    X(FIDIVR_M16, "fidivrs %[a]", 0)                                                           \
    X(FICOM_M32, "ficoml %[a]", 0)                                                             \
    X(FLD_M80, "fldt %[a]", 0)                                                                 \
    X(FSTP_M80, "fstpt %[mem]", 0)                                                             \
    X(FSTP_M64, "fstpl %[mem]", 0)                                                             \
    X(FISTP_M16, "fistps %[mem]", 0)                                                           \
    X(FISTP_M32, "fistpl %[mem]", 0)                                                           \
    X(FCOM_M32, "fcoms %[a]", 0)                                                               \
    X(FCOMP_M64, "fcompl %[a]", 0)                                                             \
    X(FSUBR_M64, "fsubrl %[a]", 0)                                                             \
    X(FDIV_M32, "fdivs %[a]", 0)                                                               \
    X(FMUL_M64, "fmull %[a]", 0)                                                               \
    X(FIMUL_M32, "fimull %[a]", 0)                                                             \
    X(FISUB_M16, "fisubs %[a]", 0)                                                             \
    X(FIADD_M32, "fiaddl %[a]", 0)                                                             \
    X(FIDIV_M16, "fidivs %[a]", 0)

#define ENUM(name, insn, tol) OP_##name,
enum { OPS(ENUM) OP_COUNT };

#define NAME(name, insn, tol) #name,
static const char *const op_names[] = {OPS(NAME)};

typedef struct Result {
    X80 r0, r1, mem;
    uint16_t sw;
} Result;

#define RUN_CASE(name, insn, tol)                                                              \
    case OP_##name:                                                                            \
        asm volatile(                                                                          \
            "fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t" insn "\n\t"                  \
            "fnstsw %[sw]\n\tfnclex\n\tfldcw %[masked]\n\tfstpt %[r0]\n\tfstpt %[r1]\n\t"      \
            "fninit"                                                                           \
            : [r0] "=m"(r.r0), [r1] "=m"(r.r1), [sw] "=m"(r.sw), [mem] "+m"(r.mem)             \
            : [cw] "m"(cw), [b] "m"(*b), [a] "m"(*a), [masked] "m"(masked));                   \
        break;

static Result run_op(int op, uint16_t cw, const X80 *a, const X80 *b)
{
    Result r = {{0, 0}, {0, 0}, {0, 0}, 0};
    const uint16_t masked = 0x37f; /* the stores after the operation raise nothing */
    switch (op) {
        OPS(RUN_CASE)
    default:
        break;
    }
    return r;
}

/* Operands. */
/* clang-format off */
#define ONE    {0x8000000000000000ull, 0x3fff}
#define HALF   {0x8000000000000000ull, 0x3ffe}
#define THREE  {0xc000000000000000ull, 0x4000}
#define FOUR   {0x8000000000000000ull, 0x4001}
#define SEVEN  {0xe000000000000000ull, 0x4001}
#define TEN    {0xa000000000000000ull, 0x4002}
#define THIRD  {0xaaaaaaaaaaaaaaabull, 0x3ffd}
#define NTHIRD {0xaaaaaaaaaaaaaaabull, 0xbffd}
#define P07    {0xb333333333333333ull, 0x3ffe}
#define M03    {0x999999999999999aull, 0xbffd}
#define BIG    {0xf000000000000000ull, 0x7ffe}
#define TINY   {0x8000000000000000ull, 0x0001}
#define DEN    {0x0000000000001234ull, 0x0000}
#define ZERO   {0, 0}
#define NZERO  {0, 0x8000}
#define INF    {0x8000000000000000ull, 0x7fff}
#define NINF   {0x8000000000000000ull, 0xffff}
#define QNAN   {0xc000000000001234ull, 0x7fff}
#define SNAN   {0x8000000000005678ull, 0x7fff}
#define UNNORM {0x4000000000000000ull, 0x4000}
#define TWO70  {0x8000000000000000ull, 0x4045}
#define N70000 {0x88b8000000000000ull, 0x400f}
#define N123456789 {0xeb79a2a000000000ull, 0x4019}
/* Raw memory operands for the loads (the low bytes of the X80). */
#define M32_SNAN  {0x7fa00000, 0}
#define M32_DEN   {0x00000001, 0}
#define M32_THIRD {0x3eaaaaab, 0}
#define M64_SNAN  {0x7ff0000000000001ull, 0}
#define M64_DEN   {0x0000000000000001ull, 0}
#define MI16_MIN  {0x8000, 0}
#define MI32_M1   {0xffffffff, 0}
#define MI64_MIN  {0x8000000000000000ull, 0}
#define MBCD_NEG  {0x0000000123456789ull, 0x8000}

/* Control words: precision extended/double/single, rounding near/down/up/zero. */
#define CW_X  0x037f
#define CW_D  0x027f
#define CW_S  0x007f
#define CW_DN 0x077f
#define CW_UP 0x0b7f
#define CW_RZ 0x0f7f
/* One exception unmasked: invalid, denormal, zero-divide, overflow, underflow, precision. */
#define CW_IE 0x037e
#define CW_DE 0x037d
#define CW_ZE 0x037b
#define CW_OE 0x0377
#define CW_UE 0x036f
#define CW_PE 0x035f

typedef struct Case {
    uint8_t op;
    uint16_t cw;
    X80 a, b;
} Case;

static const Case cases[] = {
    {OP_FADD, CW_X, ONE, THIRD},     {OP_FADD, CW_S, ONE, THIRD},
    {OP_FADD, CW_D, ONE, THIRD},     {OP_FADD, CW_RZ, ONE, THIRD},
    {OP_FADD, CW_UP, NTHIRD, ONE},   {OP_FADD, CW_DN, NTHIRD, ONE},
    {OP_FADD, CW_X, INF, NINF},      {OP_FADD, CW_X, QNAN, SNAN},
    {OP_FADD, CW_X, SNAN, ONE},      {OP_FADD, CW_X, DEN, ONE},
    {OP_FADD, CW_X, BIG, BIG},       {OP_FADD, CW_RZ, BIG, BIG},
    {OP_FADD, CW_X, UNNORM, ONE},    {OP_FADD, CW_X, ZERO, NZERO},
    {OP_FADD, CW_DN, ZERO, NZERO},   {OP_FSUB, CW_X, THIRD, ONE},
    {OP_FSUB, CW_X, TINY, DEN},      {OP_FSUBR, CW_X, ONE, THIRD},
    {OP_FMUL, CW_X, THIRD, THREE},   {OP_FMUL, CW_X, TINY, TINY},
    {OP_FMUL, CW_X, BIG, TEN},       {OP_FMUL, CW_X, ZERO, INF},
    {OP_FMUL, CW_X, DEN, ONE},       {OP_FMUL, CW_D, P07, P07},
    {OP_FDIV, CW_X, ONE, THREE},     {OP_FDIV, CW_D, ONE, THREE},
    {OP_FDIV, CW_S, ONE, THREE},     {OP_FDIV, CW_DN, ONE, THREE},
    {OP_FDIV, CW_UP, ONE, THREE},    {OP_FDIV, CW_RZ, ONE, THREE},
    {OP_FDIV, CW_X, ONE, ZERO},      {OP_FDIV, CW_X, ZERO, ZERO},
    {OP_FDIV, CW_X, INF, INF},       {OP_FDIVR, CW_X, THREE, ONE},
    {OP_FSUB_ST1, CW_X, THIRD, ONE}, {OP_FDIVP_ST1, CW_X, THREE, ONE},
    {OP_FSQRT, CW_X, THREE, ONE},    {OP_FSQRT, CW_UP, THREE, ONE},
    {OP_FSQRT, CW_S, THREE, ONE},    {OP_FSQRT, CW_X, NTHIRD, ONE},
    {OP_FSQRT, CW_X, NZERO, ONE},    {OP_FSQRT, CW_X, DEN, ONE},
    {OP_FRNDINT, CW_X, P07, ONE},    {OP_FRNDINT, CW_DN, P07, ONE},
    {OP_FRNDINT, CW_UP, M03, ONE},   {OP_FRNDINT, CW_RZ, P07, ONE},
    {OP_FRNDINT, CW_X, TWO70, ONE},  {OP_FRNDINT, CW_X, QNAN, ONE},
    {OP_FSCALE, CW_X, THREE, SEVEN}, {OP_FSCALE, CW_X, ONE, NTHIRD},
    {OP_FSCALE, CW_X, BIG, TEN},     {OP_FSCALE, CW_X, ONE, NINF},
    {OP_FSCALE, CW_X, ZERO, INF},    {OP_FPREM, CW_X, TEN, THREE},
    {OP_FPREM, CW_X, SEVEN, FOUR},   {OP_FPREM, CW_X, ONE, ZERO},
    {OP_FPREM1, CW_X, TEN, THREE},   {OP_FPREM1, CW_X, TEN, FOUR},
    {OP_FPREM1, CW_X, SEVEN, FOUR},  {OP_FPREM1, CW_X, THIRD, P07},
    {OP_FXTRACT, CW_X, THREE, ONE},  {OP_FXTRACT, CW_X, DEN, ONE},
    {OP_FXTRACT, CW_X, ZERO, ONE},   {OP_FXTRACT, CW_X, NINF, ONE},
    {OP_F2XM1, CW_X, HALF, ONE},     {OP_F2XM1, CW_X, M03, ONE},
    {OP_F2XM1, CW_X, ZERO, ONE},     {OP_FYL2X, CW_X, TEN, ONE},
    {OP_FYL2X, CW_X, ZERO, ONE},     {OP_FYL2X, CW_X, NTHIRD, ONE},
    {OP_FYL2XP1, CW_X, M03, ONE},    {OP_FPATAN, CW_X, ONE, ONE},
    {OP_FPATAN, CW_X, NTHIRD, P07},  {OP_FPATAN, CW_X, NZERO, ZERO},
    {OP_FSIN, CW_X, P07, ONE},       {OP_FSIN, CW_X, TWO70, ONE},
    {OP_FSIN, CW_X, INF, ONE},       {OP_FCOS, CW_X, P07, ONE},
    {OP_FPTAN, CW_X, P07, ONE},      {OP_FPTAN, CW_X, TWO70, ONE},
    {OP_FSINCOS, CW_X, M03, ONE},    {OP_FCOM, CW_X, ONE, THREE},
    {OP_FCOM, CW_X, THREE, ONE},     {OP_FCOM, CW_X, ONE, ONE},
    {OP_FCOM, CW_X, QNAN, ONE},      {OP_FUCOM, CW_X, QNAN, ONE},
    {OP_FUCOM, CW_X, SNAN, ONE},     {OP_FCOMPP, CW_X, ZERO, NZERO},
    {OP_FXAM, CW_X, NTHIRD, ONE},    {OP_FXAM, CW_X, ZERO, ONE},
    {OP_FXAM, CW_X, DEN, ONE},       {OP_FXAM, CW_X, NINF, ONE},
    {OP_FXAM, CW_X, QNAN, ONE},      {OP_FXAM, CW_X, UNNORM, ONE},
    {OP_FTST, CW_X, NTHIRD, ONE},    {OP_FTST, CW_X, ZERO, ONE},
    {OP_FTST, CW_X, QNAN, ONE},      {OP_FCHS, CW_X, SNAN, ONE},
    {OP_FABS, CW_X, NTHIRD, ONE},    {OP_FLDPI, CW_X, ONE, ONE},
    {OP_FLDPI, CW_DN, ONE, ONE},     {OP_FLDPI, CW_UP, ONE, ONE},
    {OP_FLDL2T, CW_X, ONE, ONE},     {OP_FLDL2T, CW_UP, ONE, ONE},
    {OP_FLDL2E, CW_X, ONE, ONE},     {OP_FLDL2E, CW_RZ, ONE, ONE},
    {OP_FLDLN2, CW_X, ONE, ONE},     {OP_FLDLN2, CW_DN, ONE, ONE},
    {OP_FLDLG2, CW_X, ONE, ONE},     {OP_FLDLG2, CW_RZ, ONE, ONE},
    {OP_FXCH, CW_X, THIRD, SEVEN},   {OP_FST_ST1, CW_X, SNAN, ONE},
    {OP_FINCSTP, CW_X, THIRD, ONE},
    {OP_FST_M32, CW_X, THIRD, ONE},  {OP_FST_M32, CW_UP, THIRD, ONE},
    {OP_FST_M32, CW_X, BIG, ONE},    {OP_FST_M32, CW_X, TINY, ONE},
    {OP_FST_M32, CW_X, SNAN, ONE},   {OP_FST_M64, CW_X, THIRD, ONE},
    {OP_FST_M64, CW_X, QNAN, ONE},   {OP_FIST_M16, CW_X, N70000, ONE},
    {OP_FIST_M16, CW_X, P07, ONE},   {OP_FIST_M16, CW_X, M03, ONE},
    {OP_FIST_M16, CW_DN, NTHIRD, ONE}, {OP_FIST_M32, CW_X, SEVEN, ONE},
    {OP_FIST_M32, CW_X, NINF, ONE},  {OP_FISTP_M64, CW_X, TWO70, ONE},
    {OP_FISTP_M64, CW_X, THREE, ONE}, {OP_FISTTP_M16, CW_X, M03, ONE},
    {OP_FISTTP_M32, CW_X, P07, ONE}, {OP_FISTTP_M64, CW_UP, SEVEN, ONE},
    {OP_FBSTP, CW_X, N123456789, ONE}, {OP_FBSTP, CW_X, NTHIRD, ONE},
    {OP_FBSTP, CW_X, TWO70, ONE},    {OP_FLD_M32, CW_X, M32_SNAN, ONE},
    {OP_FLD_M32, CW_X, M32_DEN, ONE}, {OP_FLD_M32, CW_X, M32_THIRD, ONE},
    {OP_FLD_M64, CW_X, M64_SNAN, ONE}, {OP_FLD_M64, CW_X, M64_DEN, ONE},
    {OP_FILD_M16, CW_X, MI16_MIN, ONE}, {OP_FILD_M32, CW_X, MI32_M1, ONE},
    {OP_FILD_M64, CW_X, MI64_MIN, ONE}, {OP_FBLD, CW_X, MBCD_NEG, ONE},
    {OP_FADD_M32, CW_X, M32_THIRD, ONE}, {OP_FIDIVR_M16, CW_X, MI16_MIN, ONE},
    {OP_FICOM_M32, CW_X, MI32_M1, ONE},
    /* Unmasked: the operands stay (IE DE ZE), or the result's exponent wraps (OE UE). */
    {OP_FADD, CW_IE, INF, NINF},     {OP_FSQRT, CW_DE, DEN, ONE},
    {OP_FDIV, CW_ZE, ONE, ZERO},     {OP_FMUL, CW_OE, BIG, TEN},
    {OP_FMUL, CW_UE, TINY, THIRD},   {OP_FDIV, CW_PE, ONE, THREE},
    {OP_FST_M32, CW_OE, BIG, ONE},   {OP_FIST_M16, CW_IE, N70000, ONE},
    {OP_FDIVP_ST1, CW_ZE, ZERO, ONE}, {OP_FADD, CW_OE, BIG, BIG},
};

/* clang-format on */

#define NCASES (sizeof(cases) / sizeof(cases[0]))

/*
 * Random cases of the exact (non-transcendental) operations, memory forms
 * above all: a seeded generator of operands in every class and of control
 * words; the results are hashed (FNV-1a) and the host's hash is in
 * x87-expected.h.
 */
#define RANDOM_CASES 4000

static uint64_t rng_state;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* An extended value of any class, or (raw) bytes that are one as a float32/float64/integer. */
static X80 random_operand(void)
{
    uint64_t r = rnd(), m = rnd();
    uint16_t sign = (r & 1) ? 0x8000 : 0;
    switch ((r >> 1) % 12) {
    case 0:
        return (X80){0, sign};
    case 1:
        return (X80){m >> (r % 63 + 1), sign};
    case 2:
        return (X80){m | 1ull << 63, (uint16_t)(sign | 0x7fff)}; /* NaN or infinity */
    case 3:
        return (X80){1ull << 63, (uint16_t)(sign | 0x7fff)};
    case 4:
        return (X80){m & ~(1ull << 63), (uint16_t)(sign | 0x4000)}; /* unnormal */
    case 5: /* a float32 in the low bytes: zero, denormal, normal, inf/NaN */
        return (X80){(m & 0x807fffff) | ((r >> 8) % 4 == 0   ? 0
                                         : (r >> 8) % 4 == 1 ? 0x7f800000
                                                             : 0x3f000000),
                     sign};
    case 6: /* a float64 in the low bytes */
        return (X80){(m & 0x800fffffffffffffull) |
                         ((r >> 8) % 4 == 0   ? 0
                          : (r >> 8) % 4 == 1 ? 0x7ff0000000000000ull
                                              : 0x3fe0000000000000ull),
                     sign};
    case 7: /* small integers in the low bytes, and integral extended values */
        return (X80){(m >> ((r >> 8) % 64)) | ((r & 2) ? 0 : 1ull << 63),
                     (uint16_t)(sign | (16383 + (r >> 16) % 64))};
    case 8: /* near the ends of the integer ranges */
        return (X80){1ull << 63 | (m & 0xffff),
                     (uint16_t)(sign | (16383 + 15 + (r >> 8) % 3 * 16))};
    default:
        return (X80){m | 1ull << 63, (uint16_t)(sign | (16383 - 80 + (r >> 8) % 160))};
    }
}

/* The operations of the random cases: the exact ones (not the transcendentals). */
static int random_op(void)
{
    int op;
    do {
        op = (int)(rnd() % OP_COUNT);
    } while (op == OP_F2XM1 || op == OP_FYL2X || op == OP_FYL2XP1 || op == OP_FPATAN ||
             op == OP_FSIN || op == OP_FCOS || op == OP_FPTAN || op == OP_FSINCOS);
    return op;
}

static uint64_t fnv(uint64_t h, const void *p, unsigned n)
{
    const uint8_t *b = p;
    while (n--) {
        h = (h ^ *b++) * 0x100000001b3ull;
    }
    return h;
}

/* Run the random cases; verbose: print each (to compare with the host's). */
static uint64_t random_hash(bool verbose)
{
    static const uint16_t cws[] = {0x037f, 0x027f, 0x007f, 0x077f, 0x0b7f, 0x0f7f,
                                   0x037e, 0x037d, 0x037b, 0x0377, 0x036f, 0x035f};
    uint64_t h = 0xcbf29ce484222325ull;
    rng_state = 0x9e3779b97f4a7c15ull;
    for (int i = 0; i < RANDOM_CASES; i++) {
        int op = random_op();
        uint16_t cw = cws[rnd() % 12];
        X80 a = random_operand(), b = random_operand();
        Result r = run_op(op, cw, &a, &b);
        h = fnv(h, &r.r0, 10);
        h = fnv(h, &r.r1, 10);
        h = fnv(h, &r.mem, 10);
        h = fnv(h, &r.sw, 2);
        if (verbose) {
            printf("%d %s %04x %04x:%016llx %04x:%016llx -> %04x:%016llx %04x:%016llx "
                   "%04x:%016llx %04x\n",
                   i, op_names[op], cw, a.se, (unsigned long long)a.m, b.se,
                   (unsigned long long)b.m, r.r0.se, (unsigned long long)r.r0.m, r.r1.se,
                   (unsigned long long)r.r1.m, r.mem.se, (unsigned long long)r.mem.m, r.sw);
        }
    }
    return h;
}

#ifdef X87_GEN

int main(int argc, char **argv)
{
    if (argc > 1) {
        random_hash(true); /* the host's side of a mismatch */
        return 0;
    }
    printf("#define RANDOM_HASH 0x%016llxull\n", (unsigned long long)random_hash(false));
    printf("static const Result expected[NCASES] = {\n");
    for (unsigned i = 0; i < NCASES; i++) {
        Result r = run_op(cases[i].op, cases[i].cw, &cases[i].a, &cases[i].b);
        printf("    {{0x%016llxull, 0x%04x}, {0x%016llxull, 0x%04x}, {0x%016llxull, 0x%04x}, "
               "0x%04x}, /* %s */\n",
               (unsigned long long)r.r0.m, r.r0.se, (unsigned long long)r.r1.m, r.r1.se,
               (unsigned long long)r.mem.m, r.mem.se, r.sw, op_names[cases[i].op]);
    }
    printf("};\n");
    return 0;
}

#else

#include "x87-expected.h"

#define TOL(name, insn, tol) tol,
/* Ulps the results may be off by (transcendentals). */
static const uint32_t op_tolerance[] = {OPS(TOL)};

static unsigned before;

#define VEC_NM 7
#define VEC_MF 16

#define EXPECT(vec, err, at) CHECK_EXC(before, vec, err, at)

static bool x80_eq(X80 a, X80 b) { return a.m == b.m && a.se == b.se; }

static bool within(X80 got, X80 want, uint32_t tol)
{
    if (x80_eq(got, want)) {
        return true;
    }
    if (got.se != want.se) {
        return false;
    }
    uint64_t d = got.m > want.m ? got.m - want.m : want.m - got.m;
    return d <= tol;
}

static void test_random(void)
{
    uint64_t h = random_hash(false);
    if (h != RANDOM_HASH) {
        printf("random cases: hash %016llx, want %016llx; the cases follow (compare with the "
               "host's: x87.c built with -DX87_GEN, run with an argument)\n",
               (unsigned long long)h, (unsigned long long)RANDOM_HASH);
        random_hash(true);
    }
    CHECK_EQ(h, RANDOM_HASH);
}

static void test_reference(void)
{
    for (unsigned i = 0; i < NCASES; i++) {
        const Case *c = &cases[i];
        Result r = run_op(c->op, c->cw, &c->a, &c->b);
        const Result *e = &expected[i];
        uint32_t tol = op_tolerance[c->op];
        bool ok = within(r.r0, e->r0, tol) && within(r.r1, e->r1, tol) &&
                  x80_eq(r.mem, e->mem) && r.sw == e->sw;
        if (!ok) {
            printf("case %u %s cw %04x: st0 %04x:%016llx st1 %04x:%016llx sw %04x, want "
                   "%04x:%016llx %04x:%016llx %04x (mem %04x:%016llx, want %04x:%016llx)\n",
                   i, op_names[c->op], c->cw, r.r0.se, (unsigned long long)r.r0.m, r.r1.se,
                   (unsigned long long)r.r1.m, r.sw, e->r0.se, (unsigned long long)e->r0.m,
                   e->r1.se, (unsigned long long)e->r1.m, e->sw, r.mem.se,
                   (unsigned long long)r.mem.m, e->mem.se, (unsigned long long)e->mem.m);
        }
        CHECK(ok);
    }
}

#define CR0_MP        (1u << 1)
#define CR0_EM        (1u << 2)
#define CR0_TS        (1u << 3)
#define CR0_NE        (1u << 5)
#define CR4_OSFXSR    (1u << 9)
#define CR4_OSXSAVE   (1u << 18)
#define FSW_IE        0x0001
#define FSW_ZE        0x0004
#define FSW_SF        0x0040
#define FSW_ES        0x0080
#define FSW_C0        0x0100
#define FSW_C1        0x0200
#define FSW_C2        0x0400
#define FSW_C3        0x4000
#define FSW_B         0x8000
#define INDEFINITE_SE 0xffff
#define INDEFINITE_M  0xc000000000000000ull

#ifdef __x86_64__
#define CODE_SEL SEL_CODE64
#else
#define CODE_SEL SEL_CODE32
#endif

static uint16_t fnstsw(void)
{
    uint16_t sw;
    asm volatile("fnstsw %0" : "=m"(sw));
    return sw;
}

/* Nine pushes: the ninth overflows (IE SF C1, masked: the indefinite); pops of empties
 * underflow. */
static void test_stack_faults(void)
{
    X80 r;
    asm volatile("fninit\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\t"
                 "fld1" ::
                     : "memory");
    CHECK_EQ(fnstsw(), 0x3800 | FSW_C1 | FSW_SF | FSW_IE);
    asm volatile("fstpt %0" : "=m"(r));
    CHECK_EQ(r.se, INDEFINITE_SE);
    CHECK_EQ(r.m, INDEFINITE_M);
    /* FADD with both operands empty: underflow, C1 = 0, ST(0) the indefinite. */
    asm volatile("fninit\n\t.byte 0xd8, 0xc1\n\tfstpt %0" : "=m"(r));
    CHECK_EQ(r.se, INDEFINITE_SE);
    asm volatile("fninit\n\t.byte 0xd8, 0xc1" ::: "memory");
    CHECK_EQ(fnstsw(), FSW_SF | FSW_IE);
    /* FXAM of an empty register: C3 and C0. */
    asm volatile("fninit\n\tfxam" ::: "memory");
    CHECK_EQ(fnstsw() & (FSW_C3 | FSW_C2 | FSW_C0), FSW_C3 | FSW_C0);
    /* An unmasked stack fault leaves the stack as it was (no pop of the empty). */
    uint16_t cw = 0x37e;
    asm volatile("fninit\n\tfldcw %0\n\tfstp %%st(0)" ::"m"(cw) : "memory");
    CHECK_EQ(fnstsw(), FSW_B | FSW_ES | FSW_SF | FSW_IE);
    asm volatile("fninit");
}

/* A 28-byte protected-mode FSTENV image. */
typedef struct Env32 {
    uint32_t cw, sw, tw, ip, cs_op, dp, ds;
} Env32;

/* Unmasked zero-divide: ES, then #MF at the next waiting instruction (CR0.NE). */
static void test_unmasked(void)
{
    uint16_t cw = 0x37b; /* ZM clear */
    ureg at;
    Env32 env;
    X80 r;

    write_cr(0, read_cr(0) | CR0_NE);
    asm volatile("fninit\n\tfldcw %1\n\tfld1\n\tfldz\n\t9: .byte 0xde, 0xf9\n\tmov $9b, %0"
                 : "=r"(at)
                 : "m"(cw)
                 : "memory");
    CHECK_EQ(exc_count, before);
    CHECK_EQ(fnstsw() & 0xff, FSW_ES | FSW_ZE);
    CHECK(fnstsw() & FSW_B);
    EXPECT_EXC("fwait", ::: "memory");
    EXPECT(VEC_MF, 0, exc_insn);
    EXPECT_EXC("fld1", ::: "memory");
    EXPECT(VEC_MF, 0, exc_insn);
    /* FLDCW is a control instruction, but a waiting one. */
    EXPECT_EXC("fldcw %0", ::"m"(cw) : "memory");
    EXPECT(VEC_MF, 0, exc_insn);
    asm volatile("fnstenv %0" : "=m"(env));
    CHECK_EQ(env.ip, (uint32_t)at);
    CHECK_EQ(env.cs_op & 0xffff, CODE_SEL);
    CHECK_EQ(env.cs_op >> 16, 0x6f9);      /* DE F9 */
    CHECK_EQ(env.cw, 0xffff0000u | 0x37b); /* stored as it was, then ... */
    uint16_t masked;
    asm volatile("fnstcw %0" : "=m"(masked));
    CHECK_EQ(masked, 0x37f); /* ... FNSTENV masks every exception */
    /* The operands are untouched: ST(0) = 0, ST(1) = 1. */
    asm volatile("fnclex\n\tfstpt %0" : "=m"(r));
    CHECK_EQ(r.se, 0);
    asm volatile("fstpt %0" : "=m"(r));
    CHECK_EQ(r.se, 0x3fff);
    CHECK_EQ(exc_count, before);

    /* CR0.NE clear: FERR# goes to the board, no #MF. */
    write_cr(0, read_cr(0) & ~(ureg)CR0_NE);
    asm volatile(
        "fninit\n\tfldcw %0\n\tfld1\n\tfldz\n\t.byte 0xde, 0xf9\n\tfwait\n\tfld1" ::"m"(cw)
        : "memory");
    CHECK_EQ(exc_count, before);
    CHECK(fnstsw() & FSW_ES);
    asm volatile("fninit");
    write_cr(0, read_cr(0) | CR0_NE);
}

/* CR0.EM and CR0.TS: #NM for x87 instructions; WAIT only with TS and MP. */
static void test_device_not_available(void)
{
    ureg cr0 = read_cr(0) & ~(ureg)CR0_MP;
    write_cr(0, cr0 | CR0_TS);
    EXPECT_EXC("fld1", ::: "memory");
    EXPECT(VEC_NM, 0, exc_insn);
    EXPECT_EXC("fnstsw %%ax", ::: "eax", "memory");
    EXPECT(VEC_NM, 0, exc_insn);
    asm volatile("fwait"); /* MP clear: no fault */
    CHECK_EQ(exc_count, before);
    write_cr(0, cr0 | CR0_TS | CR0_MP);
    EXPECT_EXC("fwait", ::: "memory");
    EXPECT(VEC_NM, 0, exc_insn);
    write_cr(0, (cr0 & ~(ureg)CR0_TS) | CR0_EM);
    EXPECT_EXC("fninit", ::: "memory");
    EXPECT(VEC_NM, 0, exc_insn);
    write_cr(0, cr0 | CR0_MP);
    asm volatile("fninit");
}

/* FSAVE/FRSTOR round trip, the 32-bit layout and the 16-bit one (66 prefix). */
static void test_fsave(void)
{
    uint8_t a[108], b[108];
    uint32_t w;
    uint16_t h;
    X80 v;
    memset(a, 0x55, sizeof(a));
    asm volatile("fninit\n\tfldpi\n\tfld1\n\tfldz\n\tfnsave %0" : "=m"(a));
    CHECK_EQ(fnstsw(), 0); /* FNSAVE reinitialises */
    memcpy(&w, a, 4);
    CHECK_EQ(w, 0xffff037f);
    memcpy(&w, a + 4, 4);
    CHECK_EQ(w, 0xffff2800); /* TOP = 5 */
    memcpy(&w, a + 8, 4);
    CHECK_EQ(w, 0xffff07ff);     /* 5 zero, 6 7 valid, the rest empty */
    memcpy(&v, a + 28 + 10, 10); /* ST(1) = 1 */
    CHECK_EQ(v.se, 0x3fff);
    CHECK_EQ(v.m, 0x8000000000000000ull);
    asm volatile("frstor %1\n\tfnsave %0" : "=m"(b) : "m"(a));
    CHECK_EQ(memcmp(a, b, sizeof(a)), 0);
    asm volatile("frstor %0\n\tfstpt %1" : : "m"(a), "m"(v) : "memory");
    CHECK_EQ(v.se, 0);
    /* 16-bit layout: 14 bytes of environment. */
    memset(a, 0x55, sizeof(a));
    asm volatile("fninit\n\tfld1\n\t.byte 0x66\n\tfnsave %0" : "=m"(a));
    memcpy(&h, a, 2);
    CHECK_EQ(h, 0x37f);
    memcpy(&h, a + 2, 2);
    CHECK_EQ(h, 0x3800);
    memcpy(&h, a + 4, 2);
    CHECK_EQ(h, 0x3fff);
    memcpy(&v, a + 14, 10);
    CHECK_EQ(v.se, 0x3fff);
    CHECK_EQ(a[94], 0x55);
    asm volatile(".byte 0x66\n\tfrstor %1\n\tfstpt %0" : "=m"(v) : "m"(a));
    CHECK_EQ(v.se, 0x3fff);
    CHECK_EQ(fnstsw(), 0);
}

/* FSTENV after a memory operand: the data pointer and the opcode. */
static void test_fstenv(void)
{
    static X80 mem = ONE;
    Env32 env;
    asm volatile("fninit\n\tfldt %1\n\tfnstenv %0\n\tfninit" : "=m"(env) : "m"(mem));
    CHECK_EQ(env.sw, 0xffff3800);
    CHECK_EQ(env.tw, 0xffff3fff);
    CHECK_EQ(env.dp, (uint32_t)(ureg)&mem);
    CHECK_EQ((env.cs_op >> 16) >> 8, 3);       /* DB */
    CHECK_EQ(((env.cs_op >> 16) >> 3) & 7, 5); /* /5 */
#ifndef __x86_64__
    CHECK_EQ(env.ds, 0xffff0000u | SEL_DATA);
#endif
}

/* FCOMI/FUCOMIP set ZF PF CF; FCMOVcc reads them. */
static void test_fcomi(void)
{
    ureg flags;
    X80 r;
    static const X80 one = ONE, three = THREE, qnan = QNAN;
    asm volatile("fninit\n\tfldt %2\n\tfldt %1\n\tfcomi %%st(1), %%st\n\tpushf\n\tpop %0"
                 : "=r"(flags)
                 : "m"(one), "m"(three)
                 : "cc", "memory");
    CHECK_EQ(flags & 0x8d5, 0x1); /* 1 < 3: CF */
    asm volatile("fninit\n\tfldt %2\n\tfldt %1\n\tfucomip %%st(1), %%st\n\tpushf\n\tpop %0"
                 : "=r"(flags)
                 : "m"(qnan), "m"(one)
                 : "cc", "memory");
    CHECK_EQ(flags & 0x8d5, 0x45);       /* unordered: ZF PF CF */
    CHECK_EQ(fnstsw() & 0x3fff, 0x3800); /* popped once, no exception for a QNaN */
    /* FCMOVB after 1 < 3 takes ST(1). */
    asm volatile("fninit\n\tfldt %2\n\tfldt %1\n\tfcomi %%st(1), %%st\n\tfcmovb %%st(1), "
                 "%%st\n\tfstpt %0"
                 : "=m"(r)
                 : "m"(one), "m"(three)
                 : "cc", "memory");
    CHECK_EQ(r.se, 0x4000);
    asm volatile("fninit\n\tfldt %2\n\tfldt %1\n\tfcomi %%st(1), %%st\n\tfcmovnb %%st(1), "
                 "%%st\n\tfstpt %0\n\tfninit"
                 : "=m"(r)
                 : "m"(one), "m"(three)
                 : "cc", "memory");
    CHECK_EQ(r.se, 0x3fff);
}

static uint8_t fx[512 + 64] __attribute__((aligned(64)));
static uint8_t fx2[512 + 64] __attribute__((aligned(64)));

/* FXSAVE/FXRSTOR: layout, round trip, alignment and MXCSR checks. */
static void test_fxsave(void)
{
    uint16_t h;
    uint32_t w;
    X80 v;
    write_cr(4, read_cr(4) | CR4_OSFXSR);
    memset(fx, 0, sizeof(fx));
    asm volatile("fninit\n\tfld1\n\tfldpi\n\tfxsave %0" : "=m"(fx));
    memcpy(&h, fx, 2);
    CHECK_EQ(h, 0x37f);
    memcpy(&h, fx + 2, 2);
    CHECK_EQ(h, 0x3000);
    CHECK_EQ(fx[4], 0xc0); /* abridged tags: physical 6 and 7 valid */
    memcpy(&w, fx + 24, 4);
    CHECK_EQ(w, 0x1f80);
    memcpy(&w, fx + 28, 4);
    CHECK_EQ(w, 0xffff);
    memcpy(&v, fx + 32, 10);
    CHECK_EQ(v.se, 0x4000);
    CHECK_EQ(v.m, 0xc90fdaa22168c235ull);
    memcpy(&v, fx + 48, 10);
    CHECK_EQ(v.se, 0x3fff);
    asm volatile("fninit\n\tfxrstor %1\n\tfxsave %0" : "=m"(fx2) : "m"(fx));
    CHECK_EQ(memcmp(fx, fx2, 32), 0);
    /* The last instruction's pointer and opcode (as Intel saves them; AMD only with ES). */
    ureg at;
    asm volatile("fninit\n\tfld1\n\t9: fldpi\n\tfxsave %0\n\tmov $9b, %1"
                 : "=m"(fx2), "=r"(at));
    memcpy(&h, fx2 + 6, 2);
    CHECK_EQ(h, 0x1eb); /* D9 EB */
    memcpy(&w, fx2 + 8, 4);
    CHECK_EQ(w, (uint32_t)at);
    memcpy(&h, fx2 + 12, 2);
    CHECK_EQ(h, CODE_SEL);
#ifdef __x86_64__
    uint64_t ip64;
    asm volatile("fxsave64 %0" : "=m"(fx2));
    memcpy(&ip64, fx2 + 8, 8);
    CHECK_EQ(ip64, at); /* FXSAVE64: a 64-bit FIP, no FCS */
#endif
    CHECK_EQ(memcmp(fx + 32, fx2 + 32, 128), 0);
    EXPECT_EXC("fxsave 8(%0)", ::"r"(fx) : "memory");
    EXPECT(VEC_GP, 0, exc_insn);
    w = 0x10000; /* a reserved MXCSR bit */
    memcpy(fx + 24, &w, 4);
    EXPECT_EXC("fxrstor (%0)", ::"r"(fx) : "memory");
    EXPECT(VEC_GP, 0, exc_insn);
    asm volatile("fninit");
}

static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    asm volatile("cpuid"
                 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                 : "a"(leaf), "c"(sub));
}

/* XSAVE family, when CPUID.1:ECX.XSAVE says it exists. */
static void test_xsave(void)
{
    uint32_t r[4], lo, hi;
    uint64_t bv;
    X80 v;
    cpuid(1, 0, r);
    CHECK(r[3] & 1);          /* FPU */
    CHECK(r[3] & (1u << 24)); /* FXSR */
    if (!(r[2] & (1u << 26))) {
        printf("note: no XSAVE in CPUID: XSAVE tests skipped\n");
        return;
    }
    write_cr(4, read_cr(4) | CR4_OSXSAVE | CR4_OSFXSR);
    cpuid(1, 0, r);
    CHECK(r[2] & (1u << 27)); /* OSXSAVE mirrors CR4 */
    asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    CHECK_EQ(lo & 1, 1);
    asm volatile("xsetbv" ::"a"(3), "d"(0), "c"(0));
    asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    CHECK_EQ(lo, 3);
    CHECK_EQ(hi, 0);
    cpuid(0xd, 0, r);
    CHECK_EQ(r[0] & 3, 3);
    CHECK_EQ(r[1], 576); /* the legacy area and the header for XCR0 = 3 */
    memset(fx, 0, sizeof(fx));
    asm volatile("fninit\n\tfld1\n\txsave %0" : "+m"(fx) : "a"(3), "d"(0));
    memcpy(&bv, fx + 512, 8);
    CHECK_EQ(bv & 1, 1);
    memcpy(&v, fx + 32, 10);
    CHECK_EQ(v.se, 0x3fff);
    asm volatile("fninit\n\txrstor %1\n\tfstpt %0" : "=m"(v) : "m"(fx), "a"(3), "d"(0));
    CHECK_EQ(v.se, 0x3fff);
    /* XRSTOR of a header with reserved bits: #GP(0). */
    fx[512 + 20] = 1;
    EXPECT_EXC("xrstor (%0)", ::"r"(fx), "a"(3), "d"(0) : "memory");
    EXPECT(VEC_GP, 0, exc_insn);
    /* AVX is not offered: XCR0 bit 2 is #GP(0). */
    EXPECT_EXC("xsetbv", ::"a"(7), "d"(0), "c"(0) : "memory");
    EXPECT(VEC_GP, 0, exc_insn);
    EXPECT_EXC("xsave 16(%0)", ::"r"(fx), "a"(3), "d"(0) : "memory");
    EXPECT(VEC_GP, 0, exc_insn);
    asm volatile("fninit");
}

int main(void)
{
    before = exc_count;
    write_cr(0, (read_cr(0) & ~(ureg)(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE);
    asm volatile("fninit");
    test_reference();
    test_random();
    test_stack_faults();
    test_unmasked();
    test_device_not_available();
    test_fsave();
    test_fstenv();
    test_fcomi();
    test_fxsave();
    test_xsave();
    return test_finish("x87");
}

#endif
