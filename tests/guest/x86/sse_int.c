/*
 * The integer MMX, SSE2, SSSE3 and SSE4.1 instructions against the host
 * CPU: every case runs its instruction on each pair of a few input vectors
 * (register and memory forms, MMX and XMM widths) and hashes what it
 * leaves in XMM0, MM0, rAX and a scratch buffer; the hashes must be those
 * the host computed (sse_int_ref.h).
 *
 * The same file builds on the host as the reference generator:
 *   gcc -O2 -DHOST_REFERENCE -Itests/guest/common -o /tmp/sse_int_ref \
 *       tests/guest/x86/sse_int.c && /tmp/sse_int_ref > tests/guest/x86/sse_int_ref.h
 * Add -DDUMP to either build to print every result instead (to diff them).
 */
#ifdef HOST_REFERENCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>
typedef uintptr_t ureg;
/* Hosted code may keep its own values in vector registers. */
#define VEC_CLOBBERS                                                                           \
    , "xmm0", "xmm1", "xmm2", "xmm3", "xmm8", "xmm9", "xmm15", "mm0", "mm1", "mm2"
#else
#include "check.h"
/* -mgeneral-regs-only keeps the compiler off the vector registers. */
#define VEC_CLOBBERS
#endif
#include "fnv.h"

#ifdef __x86_64__
#define AX "rax"
#else
#define AX "eax"
#endif

#define NIN 6
static uint8_t inputs[NIN][16] __attribute__((aligned(16))) = {
    {0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x81, 0x7e, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70,
     0x90},
    {0xff, 0xff, 0x00, 0x80, 0x01, 0x00, 0xff, 0x7f, 0x00, 0x00, 0x00, 0x80, 0xff, 0xff, 0xff,
     0xff},
    {0x3c, 0xa1, 0x5e, 0x07, 0xd2, 0x99, 0x40, 0xee, 0x13, 0x8b, 0x61, 0xf4, 0x2a, 0x05, 0xc7,
     0x7d},
    {0x03, 0x00, 0x85, 0x00, 0x0c, 0x80, 0x22, 0x00, 0x41, 0x00, 0x01, 0x00, 0x8f, 0x00, 0x02,
     0x00},
    {0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x85, 0x03, 0xf0, 0x0f, 0x55, 0xaa, 0x01,
     0x80},
    {0x21, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32,
     0x10},
};

/* What a case leaves: XMM0, XMM2, MM0, MM2, rAX, and the scratch buffer stores go to. */
struct result {
    uint8_t xmm0[16], xmm2[16];
    uint8_t mm0[8], mm2[8];
    uint64_t ax;
    uint8_t scratch[16];
};

static uint8_t scratch[16] __attribute__((aligned(16)));

/*
 * A case: XMM0, XMM2, MM0 and MM2 start as input a, XMM1 and MM1 as input
 * b, rAX as a's first bytes; the body may use (%2) (b in memory), (%3)
 * (the scratch buffer, also in rDI for MASKMOVQ) and XMM3.  No calls: each
 * case is one translation block (tier 1 compiles every block).
 */
#define CASE_FN(name, body)                                                                    \
    static void case_##name(struct result *res, const uint8_t *a, const uint8_t *b, ureg *ax)  \
    {                                                                                          \
        asm volatile(                                                                          \
            "movdqu (%1), %%xmm0\n\tmovdqa %%xmm0, %%xmm2\n\tmovdqu (%2), %%xmm1\n\t"          \
            "movq (%1), %%mm0\n\tmovq %%mm0, %%mm2\n\tmovq (%2), %%mm1\n\t" body               \
            "\n\tmovdqu %%xmm0, (%4)\n\tmovdqu %%xmm2, 16(%4)\n\tmovq %%mm0, 32(%4)\n\t"       \
            "movq %%mm2, 40(%4)\n\temms"                                                       \
            : "+a"(*ax)                                                                        \
            : "r"(a), "r"(b), "D"(scratch), "r"(res)                                           \
            : "memory", "cc", "esi" VEC_CLOBBERS);                                             \
    }

/* clang-format off */
/* An operation in its XMM register, XMM memory, MMX register and MMX memory forms. */
#define OP4(C, op)                                                                             \
    C(op, #op " %%xmm1, %%xmm0\n\t" #op " (%2), %%xmm2\n\t" #op " %%mm1, %%mm0\n\t" #op       \
              " (%2), %%mm2")
/* XMM forms only. */
#define OP2(C, op) C(op, #op " %%xmm1, %%xmm0\n\t" #op " (%2), %%xmm2")
/* Shift by an immediate, both widths. */
#define SHI(C, op, n) C(op##_i##n, #op " $" #n ", %%xmm0\n\t" #op " $" #n ", %%mm0")

#define COMMON_CASES(C)                                                                        \
    OP4(C, punpcklbw) OP4(C, punpcklwd) OP4(C, punpckldq) OP2(C, punpcklqdq)                   \
    OP4(C, punpckhbw) OP4(C, punpckhwd) OP4(C, punpckhdq) OP2(C, punpckhqdq)                   \
    OP4(C, packsswb) OP4(C, packuswb) OP4(C, packssdw) OP2(C, packusdw)                        \
    OP4(C, pcmpeqb) OP4(C, pcmpeqw) OP4(C, pcmpeqd) OP2(C, pcmpeqq)                            \
    OP4(C, pcmpgtb) OP4(C, pcmpgtw) OP4(C, pcmpgtd) OP2(C, pcmpgtq)                            \
    OP4(C, paddb) OP4(C, paddw) OP4(C, paddd) OP4(C, paddq)                                    \
    OP4(C, psubb) OP4(C, psubw) OP4(C, psubd) OP4(C, psubq)                                    \
    OP4(C, paddsb) OP4(C, paddsw) OP4(C, paddusb) OP4(C, paddusw)                              \
    OP4(C, psubsb) OP4(C, psubsw) OP4(C, psubusb) OP4(C, psubusw)                              \
    OP4(C, pmullw) OP4(C, pmulhw) OP4(C, pmulhuw) OP4(C, pmuludq) OP4(C, pmaddwd)              \
    OP2(C, pmulld) OP2(C, pmuldq)                                                              \
    OP4(C, pand) OP4(C, pandn) OP4(C, por) OP4(C, pxor)                                        \
    OP4(C, psrlw) OP4(C, psrld) OP4(C, psrlq) OP4(C, psraw) OP4(C, psrad)                      \
    OP4(C, psllw) OP4(C, pslld) OP4(C, psllq)                                                  \
    OP4(C, pavgb) OP4(C, pavgw) OP4(C, pminub) OP4(C, pmaxub) OP4(C, pminsw) OP4(C, pmaxsw)    \
    OP2(C, pminsb) OP2(C, pminsd) OP2(C, pminuw) OP2(C, pminud)                                \
    OP2(C, pmaxsb) OP2(C, pmaxsd) OP2(C, pmaxuw) OP2(C, pmaxud)                                \
    OP4(C, psadbw) OP2(C, phminposuw)                                                          \
    OP4(C, pshufb) OP4(C, phaddw) OP4(C, phaddd) OP4(C, phaddsw)                               \
    OP4(C, phsubw) OP4(C, phsubd) OP4(C, phsubsw) OP4(C, pmaddubsw) OP4(C, pmulhrsw)           \
    OP4(C, psignb) OP4(C, psignw) OP4(C, psignd) OP4(C, pabsb) OP4(C, pabsw) OP4(C, pabsd)     \
    OP2(C, pmovsxbw) OP2(C, pmovsxbd) OP2(C, pmovsxbq) OP2(C, pmovsxwd) OP2(C, pmovsxwq)       \
    OP2(C, pmovsxdq) OP2(C, pmovzxbw) OP2(C, pmovzxbd) OP2(C, pmovzxbq) OP2(C, pmovzxwd)       \
    OP2(C, pmovzxwq) OP2(C, pmovzxdq)                                                          \
    SHI(C, psrlw, 3) SHI(C, psrlw, 16) SHI(C, psraw, 15) SHI(C, psraw, 200) SHI(C, psllw, 9)   \
    SHI(C, psrld, 5) SHI(C, psrad, 31) SHI(C, pslld, 1) SHI(C, pslld, 32)                      \
    SHI(C, psrlq, 63) SHI(C, psllq, 8) SHI(C, psllq, 64)                                       \
    C(psrldq_i3, "psrldq $3, %%xmm0") C(psrldq_i17, "psrldq $17, %%xmm0")                      \
    C(pslldq_i11, "pslldq $11, %%xmm0") C(pslldq_i0, "pslldq $0, %%xmm0")                      \
    C(pshufw, "pshufw $0x1b, %%mm1, %%mm0") C(pshufw_mm, "pshufw $0xe4, (%2), %%mm0")          \
    C(pshufd, "pshufd $0x4e, %%xmm1, %%xmm0") C(pshufd_xm, "pshufd $0x1b, (%2), %%xmm0")       \
    C(pshufhw, "pshufhw $0xb1, %%xmm1, %%xmm0") C(pshuflw, "pshuflw $0x93, %%xmm1, %%xmm0")    \
    C(palignr3_x, "palignr $3, %%xmm1, %%xmm0") C(palignr20_x, "palignr $20, %%xmm1, %%xmm0")  \
    C(palignr33_x, "palignr $33, (%2), %%xmm0") C(palignr0_x, "palignr $0, %%xmm1, %%xmm0")    \
    C(palignr5_m, "palignr $5, %%mm1, %%mm0") C(palignr12_mm, "palignr $12, (%2), %%mm0")      \
    C(pblendw, "pblendw $0xa5, %%xmm1, %%xmm0") C(pblendw_xm, "pblendw $0x3c, (%2), %%xmm0")   \
    C(mpsadbw0, "mpsadbw $0, %%xmm1, %%xmm0") C(mpsadbw5, "mpsadbw $5, %%xmm1, %%xmm0")        \
    C(mpsadbw7, "mpsadbw $7, (%2), %%xmm0") C(mpsadbw2, "mpsadbw $2, %%xmm1, %%xmm0")          \
    C(pblendvb, "movdqa %%xmm0, %%xmm2\n\tpshufd $0x1b, %%xmm1, %%xmm3\n\t"                    \
                "movdqa %%xmm1, %%xmm0\n\tpblendvb %%xmm0, %%xmm3, %%xmm2\n\t"                 \
                "movdqa %%xmm2, %%xmm0")                                                       \
    C(ptest, "ptest %%xmm1, %%xmm0\n\tpushf\n\tpop %%" AX "\n\tand $0x8d5, %%" AX)            \
    C(ptest_self, "ptest %%xmm0, %%xmm0\n\tpushf\n\tpop %%" AX "\n\tand $0x8d5, %%" AX)       \
    C(ptest_xm, "ptest (%2), %%xmm0\n\tpushf\n\tpop %%" AX "\n\tand $0x8d5, %%" AX)           \
    C(movd_to_m, "movd %%eax, %%mm0") C(movd_to_x, "movd %%eax, %%xmm0")                       \
    C(movd_to_xm, "movd (%2), %%xmm0") C(movd_to_mm, "movd (%2), %%mm0")                       \
    C(movd_from_m, "movd %%mm1, %%eax") C(movd_from_x, "movd %%xmm1, %%eax")                   \
    C(movd_from_xs, "movd %%xmm1, (%3)") C(movd_from_ms, "movd %%mm1, (%3)")                   \
    C(movq_x, "movq %%xmm1, %%xmm0") C(movq_xm, "movq (%2), %%xmm0")                           \
    C(movq_d6, ".byte 0x66, 0x0f, 0xd6, 0xc8" /* movq %xmm1, %xmm0 (the store form) */)        \
    C(movq_xs, "movq %%xmm1, (%3)") C(movq_m, "movq %%mm1, %%mm0")                             \
    C(movq_ms, "movq %%mm1, (%3)") C(movq2dq, "movq2dq %%mm1, %%xmm0")                         \
    C(movdq2q, "movdq2q %%xmm1, %%mm0") C(movntq, "movntq %%mm1, (%3)")                        \
    C(movntdq, "movntdq %%xmm1, (%3)") C(movntdqa, "movntdqa (%2), %%xmm0")                    \
    C(movnti, "movnti %%eax, (%3)") C(maskmovq, "maskmovq %%mm1, %%mm0")                       \
    C(maskmovdqu, "maskmovdqu %%xmm1, %%xmm0")                                                 \
    C(pextrw_m, "pextrw $2, %%mm1, %%eax") C(pextrw_x, "pextrw $13, %%xmm1, %%eax")            \
    C(pextrw_xs, "pextrw $3, %%xmm1, (%3)") C(pextrb_x, "pextrb $13, %%xmm1, %%eax")           \
    C(pextrb_xs, "pextrb $7, %%xmm1, (%3)") C(pextrd_x, "pextrd $2, %%xmm1, %%eax")            \
    C(pextrd_xs, "pextrd $3, %%xmm1, (%3)")                                                    \
    C(pinsrw_m, "pinsrw $1, %%eax, %%mm0") C(pinsrw_mm, "pinsrw $7, (%2), %%mm0")              \
    C(pinsrw_x, "pinsrw $6, %%eax, %%xmm0") C(pinsrw_xm, "pinsrw $2, (%2), %%xmm0")            \
    C(pinsrb_x, "pinsrb $9, %%eax, %%xmm0") C(pinsrb_xm, "pinsrb $3, (%2), %%xmm0")            \
    C(pinsrb_esi, "mov %%eax, %%esi\n\tpinsrb $21, %%esi, %%xmm0")                             \
    C(pinsrd_x, "pinsrd $2, %%eax, %%xmm0") C(pinsrd_xm, "pinsrd $1, (%2), %%xmm0")            \
    C(pmovmskb_m, "pmovmskb %%mm1, %%eax") C(pmovmskb_x, "pmovmskb %%xmm1, %%eax")

/* REX forms: XMM8-15, MOVQ with REX.W, PEXTRQ/PINSRQ. */
#define CASES_64(C)                                                                            \
    C(paddd_x9, "movdqa %%xmm0, %%xmm9\n\tpaddd %%xmm1, %%xmm9\n\tmovdqa %%xmm9, %%xmm0")     \
    C(pshufb_x15, "movdqa %%xmm1, %%xmm15\n\tpshufb %%xmm15, %%xmm0")                          \
    C(pmovzxbd_x8, "pmovzxbd %%xmm1, %%xmm8\n\tmovdqa %%xmm8, %%xmm0")                         \
    C(movq_to_m, "movq %%rax, %%mm0") C(movq_to_x, "movq %%rax, %%xmm0")                       \
    C(movq_from_x, "movq %%xmm1, %%rax") C(movq_from_m, "movq %%mm1, %%rax")                   \
    C(pextrq_x, "pextrq $1, %%xmm1, %%rax") C(pextrq_xs, "pextrq $0, %%xmm1, (%3)")            \
    C(pinsrq_x, "pinsrq $1, %%rax, %%xmm0") C(pinsrq_xm, "pinsrq $0, (%2), %%xmm0")            \
    C(pextrw_r64, "pextrw $1, %%xmm1, %%rax") C(pmovmskb_r64, "pmovmskb %%xmm1, %%rax")        \
    C(movnti64, "movnti %%rax, (%3)") C(movd_from_x_zext, "movd %%xmm1, %%eax")                \
    C(pextrb_zext, "pextrb $1, %%xmm1, %%eax") C(pmovmskb_zext, "pmovmskb %%mm1, %%eax")       \
    C(pextrw_zext, "pextrw $1, %%mm1, %%eax") C(movq_to_x_mem64, "movq (%2), %%xmm0")         \
    C(pcmpgtq_x9, "movdqa %%xmm1, %%xmm9\n\tpcmpgtq %%xmm9, %%xmm0")

#ifdef __x86_64__
#define ALL_CASES(C) COMMON_CASES(C) CASES_64(C)
#else
#define ALL_CASES(C) COMMON_CASES(C)
#endif

ALL_CASES(CASE_FN)
/* clang-format on */

struct vcase {
    const char *name;
    void (*fn)(struct result *res, const uint8_t *a, const uint8_t *b, ureg *ax);
    uint64_t ax_mask; /* EAX only in the cases both builds run */
};

#define CASE_ENTRY(name, body)   {#name, case_##name, 0xffffffffu},
#define CASE_ENTRY64(name, body) {#name, case_##name, ~0ull},
/* clang-format off */
static const struct vcase cases[] = {
    COMMON_CASES(CASE_ENTRY)
#ifdef __x86_64__
    CASES_64(CASE_ENTRY64)
#endif
};
/* clang-format on */

/* The hash of one case over every pair of inputs. */
static uint64_t run_case(const struct vcase *c)
{
    uint64_t h = 0;
    for (int i = 0; i < NIN; i++) {
        for (int j = 0; j < NIN; j++) {
            struct result res;
            ureg ax;
            memset(&res, 0, sizeof(res));
            memcpy(&ax, inputs[i], sizeof(ax));
            memset(scratch, 0xcc, sizeof(scratch));
            c->fn(&res, inputs[i], inputs[j], &ax);
            res.ax = ax & c->ax_mask;
            memcpy(res.scratch, scratch, sizeof(scratch));
#ifdef DUMP
            printf("%s %d %d:", c->name, i, j);
            for (unsigned k = 0; k < sizeof(res); k++) {
                printf(" %02x", ((uint8_t *)&res)[k]);
            }
            printf("\n");
#endif
            h = h * 31 + hash_bytes(&res, sizeof(res));
        }
    }
    return h;
}

#define NCASES (sizeof(cases) / sizeof(cases[0]))

#ifdef HOST_REFERENCE
int main(void)
{
    printf("/* Generated by sse_int.c -DHOST_REFERENCE on the host CPU: do not edit. */\n");
    printf("static const struct {\n    const char *name;\n    uint64_t hash;\n} "
           "sse_int_ref[] = {\n");
    for (unsigned i = 0; i < NCASES; i++) {
        printf("    {\"%s\", 0x%016llxull},\n", cases[i].name,
               (unsigned long long)run_case(&cases[i]));
    }
    printf("};\n");
    return 0;
}
#else
#include "sse_int_ref.h"

#define CR0_EM     (1u << 2)
#define CR0_TS     (1u << 3)
#define CR4_OSFXSR (1u << 9)

static uint64_t reference(const char *name)
{
    for (unsigned i = 0; i < sizeof(sse_int_ref) / sizeof(sse_int_ref[0]); i++) {
        if (strncmp(sse_int_ref[i].name, name, 64) == 0) {
            return sse_int_ref[i].hash;
        }
    }
    printf("no reference for %s\n", name);
    return 0;
}

int main(void)
{
    write_cr(0, read_cr(0) & ~(ureg)(CR0_EM | CR0_TS));
    write_cr(4, read_cr(4) | CR4_OSFXSR);
    for (unsigned i = 0; i < NCASES; i++) {
        uint64_t got = run_case(&cases[i]), want = reference(cases[i].name);
        if (got != want) {
            printf("mismatch: %s\n", cases[i].name);
        }
        CHECK_EQ(got, want);
    }
    return test_finish("sse_int");
}
#endif
