/*
 * SSE floating point against reference values: arithmetic with the IEEE
 * special cases and the x86 NaN rules, rounding control, DAZ and FTZ,
 * MIN/MAX operand order, comparisons and (U)COMIS flags, conversions with
 * the integer indefinite, the moves and shuffles, SSE3 horizontal
 * operations, SSE4.1 rounding, blends, dot products and INSERTPS (each
 * only where CPUID advertises it); MXCSR flags after each, all exceptions
 * masked; #GP(0) for a misaligned 16-byte operand.  The values are those
 * of a real CPU (an AMD EPYC host), and QEMU 7.2 agrees.  Unmasked
 * exceptions are sse_xm.c.
 */
#include "check.h"
#include "sse.h"

static unsigned before;

#define EXPECT(vec, err) CHECK_EXC(before, vec, err, exc_insn)

/*
 * An instruction on xmm0 (destination) and xmm1 (source, or the memory
 * operand when the text says %1).  No xmm clobbers: -mgeneral-regs-only
 * keeps the compiler off the XMM registers.
 */
typedef void (*VecOp)(v128 *d, const v128 *s);
#define DEF_OP(name, text)                                                                     \
    static void name(v128 *d, const v128 *s)                                                   \
    {                                                                                          \
        asm volatile("movups %0, %%xmm0\n\tmovups %1, %%xmm1\n\t" text "\n\tmovups %%xmm0, %0" \
                     : "+m"(*d)                                                                \
                     : "m"(*s)                                                                 \
                     : "memory");                                                              \
    }

DEF_OP(op_addps, "addps %%xmm1, %%xmm0")
DEF_OP(op_addss_mem, "addss %1, %%xmm0")
DEF_OP(op_subpd, "subpd %%xmm1, %%xmm0")
DEF_OP(op_mulss, "mulss %%xmm1, %%xmm0")
DEF_OP(op_mulps, "mulps %%xmm1, %%xmm0")
DEF_OP(op_divps, "divps %%xmm1, %%xmm0")
DEF_OP(op_divsd, "divsd %%xmm1, %%xmm0")
DEF_OP(op_sqrtss, "sqrtss %%xmm1, %%xmm0")
DEF_OP(op_sqrtpd_mem, "sqrtpd %1, %%xmm0")
DEF_OP(op_minps, "minps %%xmm1, %%xmm0")
DEF_OP(op_maxps, "maxps %%xmm1, %%xmm0")
DEF_OP(op_cmpltps, "cmpltps %%xmm1, %%xmm0")
DEF_OP(op_cmpunordps, "cmpunordps %%xmm1, %%xmm0")
DEF_OP(op_cmpneqsd, "cmpneqsd %%xmm1, %%xmm0")
DEF_OP(op_andnps, "andnps %%xmm1, %%xmm0")
DEF_OP(op_xorpd, "xorpd %%xmm1, %%xmm0")
DEF_OP(op_rcpss, "rcpss %%xmm1, %%xmm0")
DEF_OP(op_rsqrtps, "rsqrtps %%xmm1, %%xmm0")
DEF_OP(op_addsubps, "addsubps %%xmm1, %%xmm0")
DEF_OP(op_haddps, "haddps %%xmm1, %%xmm0")
DEF_OP(op_hsubpd, "hsubpd %%xmm1, %%xmm0")
DEF_OP(op_cvtps2dq, "cvtps2dq %%xmm1, %%xmm0")
DEF_OP(op_cvttps2dq, "cvttps2dq %%xmm1, %%xmm0")
DEF_OP(op_cvtdq2ps, "cvtdq2ps %%xmm1, %%xmm0")
DEF_OP(op_cvtpd2ps, "cvtpd2ps %%xmm1, %%xmm0")
DEF_OP(op_cvtps2pd, "cvtps2pd %%xmm1, %%xmm0")
DEF_OP(op_cvtsd2ss, "cvtsd2ss %%xmm1, %%xmm0")
DEF_OP(op_cvtpd2dq, "cvtpd2dq %%xmm1, %%xmm0")
DEF_OP(op_cvtdq2pd, "cvtdq2pd %%xmm1, %%xmm0")
DEF_OP(op_movss_reg, "movss %%xmm1, %%xmm0")
DEF_OP(op_movss_load, "movss %1, %%xmm0")
DEF_OP(op_movsd_load, "movsd %1, %%xmm0")
DEF_OP(op_movhlps, "movhlps %%xmm1, %%xmm0")
DEF_OP(op_movlhps, "movlhps %%xmm1, %%xmm0")
DEF_OP(op_movhps_load, "movhps %1, %%xmm0")
DEF_OP(op_movlpd_load, "movlpd %1, %%xmm0")
DEF_OP(op_unpcklps, "unpcklps %%xmm1, %%xmm0")
DEF_OP(op_unpckhpd, "unpckhpd %%xmm1, %%xmm0")
DEF_OP(op_shufps, "shufps $0x1b, %%xmm1, %%xmm0")
DEF_OP(op_shufpd, "shufpd $1, %%xmm1, %%xmm0")
DEF_OP(op_movsldup, "movsldup %%xmm1, %%xmm0")
DEF_OP(op_movshdup, "movshdup %%xmm1, %%xmm0")
DEF_OP(op_movddup_mem, "movddup %1, %%xmm0")
DEF_OP(op_roundps_floor, "roundps $1, %%xmm1, %%xmm0")
DEF_OP(op_roundps_mxcsr, "roundps $4, %%xmm1, %%xmm0")
DEF_OP(op_roundsd_trunc_quiet, "roundsd $0xb, %%xmm1, %%xmm0")
DEF_OP(op_blendps, "blendps $5, %%xmm1, %%xmm0")
DEF_OP(op_blendvpd, "blendvpd %%xmm0, %%xmm1, %%xmm0")
DEF_OP(op_dpps, "dpps $0x75, %%xmm1, %%xmm0")
DEF_OP(op_dppd, "dppd $0x22, %%xmm1, %%xmm0")
DEF_OP(op_insertps, "insertps $0x99, %%xmm1, %%xmm0")
DEF_OP(op_insertps_mem, "insertps $0xe0, %1, %%xmm0")

typedef struct FpCase {
    const char *name;
    VecOp op;
    uint32_t mxcsr; /* every exception masked: MX_MASK is added */
    v128 d, s, want;
    uint32_t flags;   /* MXCSR flags after */
    uint32_t feature; /* the CPUID.1:ECX bit it needs (SSE3, SSE4.1), 0 for SSE/SSE2 */
} FpCase;

static const FpCase fp_cases[] = {
    /* 1.5 + 2.25, -2 + 2 = +0, inf - inf = indefinite (IE), QNaN + 1 = the QNaN. */
    {"addps", op_addps, 0, V4(S_1_5, S_M2, S_INF, S_QNAN), V4(S_2_25, S_2, S_MINF, S_1),
     V4(S_3_75, 0, S_IND, S_QNAN), MX_IE, 0},
    /* Rounding down: x - x is -0. */
    {"addps rd", op_addps, MX_RD, V4(S_1_5, S_M2, S_1, S_1), V4(S_2_25, S_2, S_1, S_1),
     V4(S_3_75, S_MZERO, S_2, S_2), 0, 0},
    /* An SNaN in the second operand comes out quiet, first-operand QNaN wins. */
    {"addps snan", op_addps, 0, V4(S_1, S_QNAN, S_1, S_1), V4(S_SNAN, S_SNAN, S_1, S_1),
     V4(0x7fc12345u, S_QNAN, S_2, S_2), MX_IE, 0},
    {"addss mem", op_addss_mem, 0, V4(S_1, 5, 6, 7), V4(S_2, 8, 9, 10), V4(S_3, 5, 6, 7), 0, 0},
    /* DAZ: a denormal operand reads as zero, no DE. */
    {"addss mem daz", op_addss_mem, MX_DAZ, V4(S_DEN, 5, 6, 7), V4(0, 8, 9, 10), V4(0, 5, 6, 7),
     0, 0},
    {"subpd", op_subpd, 0, V2(D_3, D_1), V2(D_1, D_3), V2(D_2, 0xc000000000000000ull), 0, 0},
    /* 2^-70 squared is a denormal, exact: no flag; with FTZ it is +0 with UE and PE. */
    {"mulss tiny", op_mulss, 0, V4(0x1c800000u, 1, 2, 3), V4(0x1c800000u, 0, 0, 0),
     V4(0x00000200u, 1, 2, 3), 0, 0},
    {"mulss ftz", op_mulss, MX_FTZ, V4(0x1c800000u, 1, 2, 3), V4(0x1c800000u, 0, 0, 0),
     V4(0, 1, 2, 3), MX_UE | MX_PE, 0},
    /* Overflow: inf with OE and PE; round toward zero gives the largest finite. */
    {"mulps overflow", op_mulps, 0, V4(0x7f000000u, S_1, S_1, S_1),
     V4(0x7f000000u, S_1, S_1, S_1), V4(S_INF, S_1, S_1, S_1), MX_OE | MX_PE, 0},
    {"mulps overflow rz", op_mulps, MX_RZ, V4(0x7f000000u, S_1, S_1, S_1),
     V4(0x7f000000u, S_1, S_1, S_1), V4(0x7f7fffffu, S_1, S_1, S_1), MX_OE | MX_PE, 0},
    /* 1/3 in each rounding mode, 1/0, 1/-0. */
    {"divps", op_divps, 0, V4(S_1, S_1, S_1, S_M1), V4(S_3, 0, S_MZERO, S_3),
     V4(0x3eaaaaabu, S_INF, S_MINF, 0xbeaaaaabu), MX_ZE | MX_PE, 0},
    {"divps rd", op_divps, MX_RD, V4(S_1, S_M1, S_1, S_1), V4(S_3, S_3, S_1, S_1),
     V4(0x3eaaaaaau, 0xbeaaaaabu, S_1, S_1), MX_PE, 0},
    {"divps ru", op_divps, MX_RU, V4(S_1, S_M1, S_1, S_1), V4(S_3, S_3, S_1, S_1),
     V4(0x3eaaaaabu, 0xbeaaaaaau, S_1, S_1), MX_PE, 0},
    {"divps rz", op_divps, MX_RZ, V4(S_1, S_M1, S_1, S_1), V4(S_3, S_3, S_1, S_1),
     V4(0x3eaaaaaau, 0xbeaaaaaau, S_1, S_1), MX_PE, 0},
    {"divsd 0/0", op_divsd, 0, V2(0, 77), V2(0, 0), V2(D_IND, 77), MX_IE, 0},
    {"sqrtss -1", op_sqrtss, 0, V4(1, 2, 3, 4), V4(S_M1, 0, 0, 0), V4(S_IND, 2, 3, 4), MX_IE,
     0},
    {"sqrtss -0", op_sqrtss, 0, V4(1, 2, 3, 4), V4(S_MZERO, 0, 0, 0), V4(S_MZERO, 2, 3, 4), 0,
     0},
    {"sqrtpd mem", op_sqrtpd_mem, 0, V2(0, 0), V2(0x4010000000000000ull, D_2),
     V2(D_2, 0x3ff6a09e667f3bcdull), MX_PE, 0},
    /* MIN/MAX: the second operand for NaNs (invalid even when quiet) and equal zeros. */
    {"minps", op_minps, 0, V4(0, S_QNAN, S_1, S_M1), V4(S_MZERO, S_1, S_QNAN, S_2),
     V4(S_MZERO, S_1, S_QNAN, S_M1), MX_IE, 0},
    {"maxps", op_maxps, 0, V4(S_MZERO, S_3, S_1, S_INF), V4(0, S_2, S_2, S_1),
     V4(0, S_3, S_2, S_INF), 0, 0},
    /* LT signals on QNaNs, UNORD does not; NEQ is true for NaNs. */
    {"cmpltps", op_cmpltps, 0, V4(S_1, S_2, S_QNAN, S_MZERO), V4(S_2, S_1, S_1, 0),
     V4(~0u, 0, 0, 0), MX_IE, 0},
    {"cmpunordps", op_cmpunordps, 0, V4(S_1, S_QNAN, S_1, S_INF), V4(S_1, S_1, S_QNAN, S_INF),
     V4(0, ~0u, ~0u, 0), 0, 0},
    {"cmpneqsd", op_cmpneqsd, 0, V2(D_IND, 5), V2(D_1, 6), V2(~0ull, 5), 0, 0},
    {"andnps", op_andnps, 0, V4(0xff00ff00u, 0, ~0u, 0x80000000u),
     V4(0x0ff00ff0u, 0x1234u, 0x5678u, S_M1), V4(0x00f000f0u, 0x1234u, 0, S_1), 0, 0},
    {"xorpd", op_xorpd, 0, V2(0x8000000000000000ull, 1), V2(D_1, 3),
     V2(0xbff0000000000000ull, 2), 0, 0},
    /* Estimates of exact cases; rcp/rsqrt of zero is infinity of its sign, no flags. */
    {"rcpss 0", op_rcpss, 0, V4(1, 2, 3, 4), V4(S_MZERO, 0, 0, 0), V4(S_MINF, 2, 3, 4), 0, 0},
    {"rsqrtps special", op_rsqrtps, 0, V4(0, 0, 0, 0), V4(0, S_INF, S_M1, S_QNAN),
     V4(S_INF, 0, S_IND, S_QNAN), 0, 0},
    {"addsubps", op_addsubps, 0, V4(S_3, S_1, S_2, S_1), V4(S_1, S_2, S_1_5, S_1),
     V4(S_2, S_3, 0x3f000000u, S_2), 0, CPUID_SSE3},
    {"haddps", op_haddps, 0, V4(S_1, S_2, S_1_5, S_1_5), V4(S_2, S_M2, S_1, S_M1),
     V4(S_3, S_3, 0, 0), 0, CPUID_SSE3},
    {"hsubpd", op_hsubpd, 0, V2(D_3, D_1), V2(D_1, D_3), V2(D_2, 0xc000000000000000ull), 0,
     CPUID_SSE3},
    /* Conversions: nearest even, truncation, the integer indefinite. */
    {"cvtps2dq", op_cvtps2dq, 0, V4(0, 0, 0, 0), V4(S_2_5, S_M2_5, S_2_75, S_3E9),
     V4(2, (uint32_t)-2, 3, 0x80000000u), MX_IE | MX_PE, 0},
    {"cvttps2dq", op_cvttps2dq, 0, V4(0, 0, 0, 0), V4(S_2_5, S_M2_5, S_2_75, S_QNAN),
     V4(2, (uint32_t)-2, 2, 0x80000000u), MX_IE | MX_PE, 0},
    {"cvtdq2ps", op_cvtdq2ps, 0, V4(0, 0, 0, 0), V4(16777217, (uint32_t)-3, 0, 0x7fffffff),
     V4(0x4b800000u, 0xc0400000u, 0, 0x4f000000u), MX_PE, 0},
    {"cvtpd2ps", op_cvtpd2ps, 0, V4(9, 9, 9, 9), V2(D_1E300, D_3), V4(S_INF, S_3, 0, 0),
     MX_OE | MX_PE, 0},
    {"cvtps2pd", op_cvtps2pd, 0, V4(9, 9, 9, 9), V4(S_SNAN, S_1_5, 7, 7),
     V2(0x7ff82468a0000000ull, 0x3ff8000000000000ull), MX_IE, 0},
    {"cvtsd2ss", op_cvtsd2ss, 0, V4(1, 2, 3, 4), V2(D_3, 5), V4(S_3, 2, 3, 4), 0, 0},
    {"cvtpd2dq", op_cvtpd2dq, 0, V4(9, 9, 9, 9), V2(0x4004000000000000ull, D_1E300),
     V4(2, 0x80000000u, 0, 0), MX_IE | MX_PE, 0},
    {"cvtdq2pd", op_cvtdq2pd, 0, V4(9, 9, 9, 9), V4((uint32_t)-1, 3, 7, 7),
     V2(0xbff0000000000000ull, D_3), 0, 0},
    /* Moves: registers merge the low element, loads zero the rest. */
    {"movss reg", op_movss_reg, 0, V4(1, 2, 3, 4), V4(5, 6, 7, 8), V4(5, 2, 3, 4), 0, 0},
    {"movss load", op_movss_load, 0, V4(1, 2, 3, 4), V4(5, 6, 7, 8), V4(5, 0, 0, 0), 0, 0},
    {"movsd load", op_movsd_load, 0, V4(1, 2, 3, 4), V4(5, 6, 7, 8), V4(5, 6, 0, 0), 0, 0},
    {"movhlps", op_movhlps, 0, V4(1, 2, 3, 4), V4(5, 6, 7, 8), V4(7, 8, 3, 4), 0, 0},
    {"movlhps", op_movlhps, 0, V4(1, 2, 3, 4), V4(5, 6, 7, 8), V4(1, 2, 5, 6), 0, 0},
    {"movhps load", op_movhps_load, 0, V4(1, 2, 3, 4), V4(5, 6, 7, 8), V4(1, 2, 5, 6), 0, 0},
    {"movlpd load", op_movlpd_load, 0, V4(1, 2, 3, 4), V4(5, 6, 7, 8), V4(5, 6, 3, 4), 0, 0},
    {"unpcklps", op_unpcklps, 0, V4(1, 2, 3, 4), V4(5, 6, 7, 8), V4(1, 5, 2, 6), 0, 0},
    {"unpckhpd", op_unpckhpd, 0, V4(1, 2, 3, 4), V4(5, 6, 7, 8), V4(3, 4, 7, 8), 0, 0},
    {"shufps", op_shufps, 0, V4(1, 2, 3, 4), V4(5, 6, 7, 8), V4(4, 3, 6, 5), 0, 0},
    {"shufpd", op_shufpd, 0, V4(1, 2, 3, 4), V4(5, 6, 7, 8), V4(3, 4, 5, 6), 0, 0},
    {"movsldup", op_movsldup, 0, V4(1, 2, 3, 4), V4(5, 6, 7, 8), V4(5, 5, 7, 7), 0, CPUID_SSE3},
    {"movshdup", op_movshdup, 0, V4(1, 2, 3, 4), V4(5, 6, 7, 8), V4(6, 6, 8, 8), 0, CPUID_SSE3},
    {"movddup", op_movddup_mem, 0, V4(1, 2, 3, 4), V4(5, 6, 7, 8), V4(5, 6, 5, 6), 0,
     CPUID_SSE3},
    /* SSE4.1: ROUND with its own mode or MXCSR's, precision suppressed by imm bit 3. */
    {"roundps floor", op_roundps_floor, 0, V4(0, 0, 0, 0), V4(S_2_5, S_M2_5, S_QNAN, S_SNAN),
     V4(S_2, 0xc0400000u, S_QNAN, 0x7fc12345u), MX_IE | MX_PE, CPUID_SSE41},
    {"roundps mxcsr", op_roundps_mxcsr, MX_RU, V4(0, 0, 0, 0), V4(S_2_5, S_M2_5, S_1, S_MZERO),
     V4(S_3, S_M2, S_1, S_MZERO), MX_PE, CPUID_SSE41},
    {"roundsd trunc quiet", op_roundsd_trunc_quiet, 0, V2(1, 2), V2(0xc004000000000000ull, 3),
     V2(0xc000000000000000ull, 2), 0, CPUID_SSE41},
    {"blendps", op_blendps, 0, V4(1, 2, 3, 4), V4(5, 6, 7, 8), V4(5, 2, 7, 4), 0, CPUID_SSE41},
    {"blendvpd", op_blendvpd, 0, V2(0x8000000000000001ull, 2), V2(5, 6), V2(5, 2), 0,
     CPUID_SSE41},
    /* DPPS: products of lanes 0-2 summed into lanes 0 and 2; DPPD: lane 1's product into
       lane 1. */
    {"dpps", op_dpps, 0, V4(S_1, S_2, S_3, S_1), V4(S_2, S_1_5, S_1, 0x7f000000u),
     V4(0x41000000u, 0, 0x41000000u, 0), 0, CPUID_SSE41},
    {"dppd", op_dppd, 0, V2(D_2, D_3), V2(D_3, D_1), V2(0, D_3), 0, CPUID_SSE41},
    /* INSERTPS: source lane 2 into lane 1, then lanes 0 and 3 zeroed. */
    {"insertps", op_insertps, 0, V4(1, 2, 3, 4), V4(5, 6, 7, 8), V4(0, 7, 3, 0), 0,
     CPUID_SSE41},
    /* From memory the dword loaded, whatever imm bits 6-7 say (into lane 2). */
    {"insertps mem", op_insertps_mem, 0, V4(1, 2, 3, 4), V4(5, 6, 7, 8), V4(1, 2, 5, 4), 0,
     CPUID_SSE41},
};

static void test_values(void)
{
    uint32_t features = cpuid1_ecx();
    for (unsigned i = 0; i < sizeof(fp_cases) / sizeof(fp_cases[0]); i++) {
        const FpCase *c = &fp_cases[i];
        v128 d = c->d, s = c->s;
        if ((c->feature & features) != c->feature) {
            continue;
        }
        set_mxcsr(MX_MASK | c->mxcsr);
        c->op(&d, &s);
        uint32_t flags = get_mxcsr() & 0x3f;
        bool ok = d.q[0] == c->want.q[0] && d.q[1] == c->want.q[1] && flags == c->flags;
        if (!ok) {
            printf("%s: got %08x %08x %08x %08x flags %02x, want %08x %08x %08x %08x flags "
                   "%02x\n",
                   c->name, d.l[0], d.l[1], d.l[2], d.l[3], flags, c->want.l[0], c->want.l[1],
                   c->want.l[2], c->want.l[3], c->flags);
        }
        CHECK(ok);
    }
    set_mxcsr(MX_MASK);
}

/* (U)COMISS: ZF PF CF from the comparison, OF SF AF cleared; COMISS signals on QNaNs. */
#define COMI(insn, f)                                                                          \
    asm volatile("push %1\n\tpopf\n\t" insn " %%xmm1, %%xmm0\n\tpushf\n\tpop %0"               \
                 : "=r"(f)                                                                     \
                 : "r"((ureg)0x8d5)                                                            \
                 : "cc")

static unsigned comi(bool quiet, uint32_t a, uint32_t b)
{
    v128 va = V4(a, 0, 0, 0), vb = V4(b, 0, 0, 0);
    ureg f;
    asm volatile("movups %0, %%xmm0\n\tmovups %1, %%xmm1" ::"m"(va), "m"(vb));
    if (quiet) {
        COMI("ucomiss", f);
    } else {
        COMI("comiss", f);
    }
    return (unsigned)f & 0x8d5;
}

static void test_comi(void)
{
    set_mxcsr(MX_MASK);
    CHECK_EQ(comi(false, S_1, S_2), 0x01);
    CHECK_EQ(comi(false, S_2, S_1), 0x00);
    CHECK_EQ(comi(false, 0, S_MZERO), 0x40);
    CHECK_EQ(get_mxcsr() & 0x3f, 0);
    CHECK_EQ(comi(true, S_QNAN, S_1), 0x45);
    CHECK_EQ(get_mxcsr() & 0x3f, 0);
    CHECK_EQ(comi(false, S_QNAN, S_1), 0x45);
    CHECK_EQ(get_mxcsr() & 0x3f, MX_IE);
    set_mxcsr(MX_MASK);
    CHECK_EQ(comi(true, S_1, S_SNAN), 0x45);
    CHECK_EQ(get_mxcsr() & 0x3f, MX_IE);
    set_mxcsr(MX_MASK);
}

/* CVT(T)SS2SI / CVTSD2SI / CVTSI2SS and SD through general registers. */
static void test_int_conversions(void)
{
    uint32_t r32;
    v128 v = V4(S_2_5, 0, 0, 0), out;
    set_mxcsr(MX_MASK);
    asm volatile("movups %1, %%xmm1\n\tcvtss2si %%xmm1, %0" : "=r"(r32) : "m"(v));
    CHECK_EQ(r32, 2);
    asm volatile("movups %1, %%xmm1\n\tcvttss2si %%xmm1, %0" : "=r"(r32) : "m"(v));
    CHECK_EQ(r32, 2);
    set_mxcsr(MX_MASK | MX_RU);
    asm volatile("movups %1, %%xmm1\n\tcvtss2si %%xmm1, %0" : "=r"(r32) : "m"(v));
    CHECK_EQ(r32, 3);
    CHECK_EQ(get_mxcsr() & 0x3f, MX_PE);
    set_mxcsr(MX_MASK);
    v = V2(0x41f0000000000000ull, 0); /* 2^32 */
    asm volatile("movups %1, %%xmm1\n\tcvtsd2si %%xmm1, %0" : "=r"(r32) : "m"(v));
    CHECK_EQ(r32, 0x80000000u);
    CHECK_EQ(get_mxcsr() & 0x3f, MX_IE);
#ifdef __x86_64__
    uint64_t r64;
    asm volatile("movups %1, %%xmm1\n\tcvttsd2si %%xmm1, %0" : "=r"(r64) : "m"(v));
    CHECK_EQ(r64, 0x100000000ull);
    v = V4(0x5f800000u, 0, 0, 0); /* 2^64 */
    asm volatile("movups %1, %%xmm1\n\tcvtss2si %%xmm1, %0" : "=r"(r64) : "m"(v));
    CHECK_EQ(r64, 0x8000000000000000ull);
    asm volatile("movups %1, %%xmm0\n\tcvtsi2sdq %2, %%xmm0\n\tmovups %%xmm0, %0"
                 : "=m"(out)
                 : "m"(v), "r"((uint64_t)-3));
    CHECK_EQ(out.q[0], 0xc008000000000000ull);
    CHECK_EQ(out.l[2], 0);
#endif
    set_mxcsr(MX_MASK);
    v = V4(1, 2, 3, 4);
    asm volatile("movups %1, %%xmm0\n\tcvtsi2ss %2, %%xmm0\n\tmovups %%xmm0, %0"
                 : "=m"(out)
                 : "m"(v), "r"((uint32_t)16777217));
    CHECK_EQ(out.l[0], 0x4b800000u);
    CHECK_EQ(out.l[1], 2);
    CHECK_EQ(get_mxcsr() & 0x3f, MX_PE);
    set_mxcsr(MX_MASK);
}

/* The stores: MOVSS/MOVLPS/MOVHPS/MOVNTPS/EXTRACTPS/STMXCSR to memory. */
static void test_stores(void)
{
    static v128 mem;
    v128 v = V4(1, 2, 3, 4);
    uint32_t r;
    mem = V4(9, 9, 9, 9);
    asm volatile("movups %1, %%xmm2\n\tmovss %%xmm2, %0" : "=m"(mem.l[1]) : "m"(v));
    CHECK_EQ(mem.l[0], 9);
    CHECK_EQ(mem.l[1], 1);
    CHECK_EQ(mem.l[2], 9);
    asm volatile("movups %1, %%xmm2\n\tmovhps %%xmm2, %0" : "=m"(mem.q[0]) : "m"(v));
    CHECK_EQ(mem.l[0], 3);
    CHECK_EQ(mem.l[1], 4);
    CHECK_EQ(mem.l[2], 9);
    asm volatile("movups %1, %%xmm2\n\tmovlps %%xmm2, %0" : "=m"(mem.q[1]) : "m"(v));
    CHECK_EQ(mem.l[2], 1);
    CHECK_EQ(mem.l[3], 2);
    mem = V4(9, 9, 9, 9);
    asm volatile("movups %1, %%xmm2\n\tmovntps %%xmm2, %0" : "=m"(mem) : "m"(v));
    CHECK_EQ(mem.l[3], 4);
    if (cpuid1_ecx() & CPUID_SSE41) {
        asm volatile("movups %1, %%xmm2\n\textractps $2, %%xmm2, %0" : "=m"(mem.l[0]) : "m"(v));
        CHECK_EQ(mem.l[0], 3);
        asm volatile("movups %1, %%xmm2\n\textractps $3, %%xmm2, %0" : "=r"(r) : "m"(v));
        CHECK_EQ(r, 4);
    }
    v = V4(0x80000000u, 1, 0x80000001u, 0xffffffffu);
    asm volatile("movups %1, %%xmm2\n\tmovmskps %%xmm2, %0" : "=r"(r) : "m"(v));
    CHECK_EQ(r, 0xd);
    asm volatile("movups %1, %%xmm2\n\tmovmskpd %%xmm2, %0" : "=r"(r) : "m"(v));
    CHECK_EQ(r, 2);
    set_mxcsr(0x1f80 | MX_RZ | MX_PE);
    CHECK_EQ(get_mxcsr(), 0x1f80 | MX_RZ | MX_PE);
    set_mxcsr(MX_MASK);
}

/* LDDQU and MOVUPS take any address; an aligned-operand instruction raises #GP(0). */
static void test_alignment(void)
{
    static uint8_t buf[48] __attribute__((aligned(16)));
    v128 out;
    for (int i = 0; i < 48; i++) {
        buf[i] = (uint8_t)i;
    }
    asm volatile("lddqu 3(%1), %%xmm3\n\tmovups %%xmm3, %0" : "=m"(out) : "r"(buf) : "memory");
    CHECK_EQ(out.l[0], 0x06050403u);
    EXPECT_EXC("addps 4(%0), %%xmm0", ::"r"(buf) : "memory");
    EXPECT(VEC_GP, 0);
    /* Scalar and 64-bit operands need no alignment. */
    asm volatile("xorps %%xmm0, %%xmm0\n\taddss 1(%1), %%xmm0\n\tmovups %%xmm0, %0"
                 : "=m"(out)
                 : "r"(buf)
                 : "memory");
    CHECK_EQ(out.l[0], 0x04030201u);
}

int main(void)
{
    write_cr(4, read_cr(4) | CR4_OSFXSR | CR4_OSXMMEXCPT);
    before = exc_count;
    CHECK_EQ(get_mxcsr(), MX_MASK);
    test_values();
    test_comi();
    test_int_conversions();
    test_stores();
    test_alignment();
    return test_finish("sse_fp");
}
