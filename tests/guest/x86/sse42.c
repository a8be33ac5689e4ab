/*
 * SSE4.2 against the host CPU: CRC32 in every source size (register,
 * high-byte register and memory forms, 66 with F2 for the word form) and
 * PCMPESTRI/PCMPESTRM/PCMPISTRI/PCMPISTRM with every imm8 (byte/word,
 * signed/unsigned, the four aggregations, the polarities, LSB/MSB index,
 * bit/byte mask) on strings of every length and explicit lengths that
 * need saturating; the results (index, mask, CF ZF SF OF AF PF) are
 * hashed and compared with the host's (sse42_ref.h).
 *
 * The same file builds on the host as the reference generator:
 *   gcc -O2 -mno-red-zone -DHOST_REFERENCE -Itests/guest/common -o /tmp/sse42_ref \
 *       tests/guest/x86/sse42.c && /tmp/sse42_ref > tests/guest/x86/sse42_ref.h
 * (no red zone: the test calls into code tables from inline asm).
 */
#ifdef HOST_REFERENCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
typedef uintptr_t ureg;
#define VEC_CLOBBERS , "xmm0", "xmm1"
#else
#include "check.h"
/* -mgeneral-regs-only keeps the compiler off the vector registers. */
#define VEC_CLOBBERS
#endif
#include "fnv.h"

/* ================================================================ CRC32 */

/* clang-format off */
static const uint8_t crc_data[16] __attribute__((aligned(16))) = {
    0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38,
    0x39, 0x80, 0xff, 0x00, 0x5a, 0xa5, 0x01, 0xfe,
};
static const uint32_t crc_seeds[] = {0, 0xffffffff, 0x12345678, 0x80000001};

/* EAX (RAX) starts as the seed, ESI as the data's first bytes; (%2) is the data. */
#define CRC_FN(name, body)                                                                     \
    static uint64_t crc_##name(uint32_t seed, const uint8_t *data)                             \
    {                                                                                          \
        ureg ax = seed, si;                                                                    \
        memcpy(&si, data, sizeof(si));                                                         \
        asm volatile(body : "+a"(ax), "+S"(si) : "r"(data) : "memory");                        \
        return ax;                                                                             \
    }

#define CRC_COMMON(C)                                                                          \
    C(b_mem, "crc32b (%2), %%eax") C(w_mem, "crc32w (%2), %%eax")                              \
    C(l_mem, "crc32l (%2), %%eax") C(l_mem5, "crc32l 5(%2), %%eax")                            \
    C(b_ah, "mov %%esi, %%eax\n\tshl $8, %%eax\n\tcrc32b %%ah, %%eax")                         \
    C(w_si, "crc32w %%si, %%eax") C(l_esi, "crc32l %%esi, %%eax")                              \
    C(l_chain, "crc32l (%2), %%eax\n\tcrc32l 4(%2), %%eax\n\tcrc32w 8(%2), %%eax\n\t"          \
               "crc32b 10(%2), %%eax\n\tcrc32b 11(%2), %%eax")
#define CRC_64(C)                                                                              \
    C(q_mem, "crc32q (%2), %%rax") C(q_rsi, "crc32q %%rsi, %%rax")                             \
    C(b_sil, "crc32b %%sil, %%eax") C(q_mem8, "crc32q 8(%2), %%rax")

#ifdef __x86_64__
#define CRC_CASES(C) CRC_COMMON(C) CRC_64(C)
#else
#define CRC_CASES(C) CRC_COMMON(C)
#endif

CRC_CASES(CRC_FN)
/* clang-format on */

struct crc_case {
    const char *name;
    uint64_t (*fn)(uint32_t seed, const uint8_t *data);
};
#define CRC_ENTRY(name, body) {"crc32_" #name, crc_##name},
static const struct crc_case crc_cases[] = {CRC_CASES(CRC_ENTRY)};
#define NCRC (sizeof(crc_cases) / sizeof(crc_cases[0]))

static uint64_t run_crc(const struct crc_case *c)
{
    uint64_t h = 0;
    for (unsigned i = 0; i < sizeof(crc_seeds) / sizeof(crc_seeds[0]); i++) {
        h = h * 31 + c->fn(crc_seeds[i], crc_data);
    }
    return h;
}

/* ================================================================ PCMPxSTRx */

/*
 * Code tables: for each form, 128 entries 16 bytes apart, entry i being
 * "PCMPxSTRx $i, %xmm1, %xmm0; ret" (raw bytes, so the REX.W forms can be
 * written too).
 */
#define STR_TABLE(name, bytes)                                                                 \
    ".balign 16\n" #name ":\n"                                                                 \
    ".set imm, 0\n"                                                                            \
    ".rept 128\n"                                                                              \
    ".balign 16\n"                                                                             \
    ".byte " bytes ", 0xc1, imm\n"                                                             \
    "ret\n"                                                                                    \
    ".set imm, imm + 1\n"                                                                      \
    ".endr\n"

/* clang-format off */
asm(".pushsection .text\n"
    STR_TABLE(str_estrm, "0x66, 0x0f, 0x3a, 0x60")
    STR_TABLE(str_estri, "0x66, 0x0f, 0x3a, 0x61")
    STR_TABLE(str_istrm, "0x66, 0x0f, 0x3a, 0x62")
    STR_TABLE(str_istri, "0x66, 0x0f, 0x3a, 0x63")
#ifdef __x86_64__
    STR_TABLE(str_estrm_w, "0x66, 0x48, 0x0f, 0x3a, 0x60")
    STR_TABLE(str_estri_w, "0x66, 0x48, 0x0f, 0x3a, 0x61")
#endif
    ".popsection\n");
/* clang-format on */

extern const uint8_t str_estrm[], str_estri[], str_istrm[], str_istri[];
#ifdef __x86_64__
extern const uint8_t str_estrm_w[], str_estri_w[];
#endif

/*
 * Explicit lengths (rAX, rDX): in range, negative, beyond 8 and 16, and
 * last a pair whose low 32 bits (what the forms without REX.W read) are in
 * range.  The REX.W forms run only with the NLEN_32 pairs that are the
 * same in 32 and 64 bits: QEMU 7.2 reads EAX/EDX for them too (the host
 * CPU and gemu saturate RAX = 2^32 + 4 to 16).
 */
static const int64_t lengths[][2] = {
    {5, 16}, {16, 3}, {0, 9}, {-3, 100}, {-100000, 7}, {0x100000004ll, -0x7fffffffffffffffll},
};
#define NLEN    (sizeof(lengths) / sizeof(lengths[0]))
#define NLEN_32 (NLEN - 1)

struct str_form {
    const char *name;
    const uint8_t *table;
    unsigned nlen; /* how many of lengths[] it runs with: 1 (implicit lengths), NLEN_32, NLEN */
};

static const struct str_form str_forms[] = {
    {"pcmpestrm", str_estrm, NLEN},
    {"pcmpestri", str_estri, NLEN},
    {"pcmpistrm", str_istrm, 1},
    {"pcmpistri", str_istri, 1},
#ifdef __x86_64__
    {"pcmpestrm_rexw", str_estrm_w, NLEN_32},
    {"pcmpestri_rexw", str_estri_w, NLEN_32},
#endif
};
#define NFORMS (sizeof(str_forms) / sizeof(str_forms[0]))

#define NSTR 7
static const uint8_t strings[NSTR][16] __attribute__((aligned(16))) = {
    "hello, world!ab",
    "lo w",
    "azAZ09",
    {0x81, 0xff, 0x7f, 0x80, 0x01, 0x02, 0x90, 0xa0, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47,
     0x48},
    {0},
    {'w', 'o', 'r', 'l', 'd', 0x00, 0x80, 0x01, 'o', 'r', 'l', 'd', 'x', 'o', 'r', 'l'},
    {0x00, 0x80, 0xff, 0x7f, 0x10, 0x00, 0x20, 0x00, 0x01, 0x80, 0x00, 0x00, 0xff, 0xff, 0x34,
     0x12},
};

struct str_result {
    uint8_t xmm0[16];
    uint64_t cx, flags;
};

/* What run_str_insn's asm reads through one pointer (32-bit code has few registers). */
struct str_args {
    const uint8_t *a, *b, *code;
    uint8_t *out;
};

static void run_str_insn(const uint8_t *code, const uint8_t *a, const uint8_t *b, ureg la,
                         ureg lb, struct str_result *res)
{
    struct str_args args = {a, b, code, res->xmm0};
    ureg cx = 0x5a5a5a5a, tmp;
    asm volatile(
        "mov %c[ao](%[p]), %[tmp]\n\tmovdqu (%[tmp]), %%xmm0\n\t"
        "mov %c[bo](%[p]), %[tmp]\n\tmovdqu (%[tmp]), %%xmm1\n\t"
        "call *%c[co](%[p])\n\t"
        "mov %c[oo](%[p]), %[tmp]\n\tmovdqu %%xmm0, (%[tmp])\n\t"
        "pushf\n\tpop %[tmp]"
        : "+a"(la), "+d"(lb), "+c"(cx), [tmp] "=&r"(tmp)
        : [p] "r"(&args), [ao] "i"(offsetof(struct str_args, a)),
          [bo] "i"(offsetof(struct str_args, b)), [co] "i"(offsetof(struct str_args, code)),
          [oo] "i"(offsetof(struct str_args, out))
        : "memory", "cc" VEC_CLOBBERS);
    res->cx = cx;
    res->flags = tmp & 0x8d5;
}

/* The hash of one form and imm8 over every pair of strings (and every length pair). */
static uint64_t run_str(const struct str_form *f, unsigned imm)
{
    uint64_t h = 0;
    for (int i = 0; i < NSTR; i++) {
        for (int j = 0; j < NSTR; j++) {
            for (unsigned k = 0; k < f->nlen; k++) {
                struct str_result res;
                memset(&res, 0, sizeof(res));
                run_str_insn(f->table + 16 * imm, strings[i], strings[j], (ureg)lengths[k][0],
                             (ureg)lengths[k][1], &res);
                h = h * 31 + hash_bytes(&res, sizeof(res));
            }
        }
    }
    return h;
}

#ifdef HOST_REFERENCE
int main(void)
{
    printf("/* Generated by sse42.c -DHOST_REFERENCE on the host CPU: do not edit. */\n");
    printf("static const struct {\n    const char *name;\n    uint64_t hash;\n} "
           "sse42_crc_ref[] = {\n");
    for (unsigned i = 0; i < NCRC; i++) {
        printf("    {\"%s\", 0x%016llxull},\n", crc_cases[i].name,
               (unsigned long long)run_crc(&crc_cases[i]));
    }
    printf("};\n\n/* Per form (as str_forms lists them) and imm8. */\n");
    printf("static const uint64_t sse42_str_ref[%u][128] = {\n", (unsigned)NFORMS);
    for (unsigned f = 0; f < NFORMS; f++) {
        printf("    { /* %s */\n", str_forms[f].name);
        for (unsigned imm = 0; imm < 128; imm++) {
            printf("%s0x%016llxull,%s", imm % 3 == 0 ? "        " : " ",
                   (unsigned long long)run_str(&str_forms[f], imm), imm % 3 == 2 ? "\n" : "");
        }
        printf("\n    },\n");
    }
    printf("};\n");
    return 0;
}
#else
#include "sse42_ref.h"

#define CR4_OSFXSR (1u << 9)

static uint64_t crc_reference(const char *name)
{
    for (unsigned i = 0; i < sizeof(sse42_crc_ref) / sizeof(sse42_crc_ref[0]); i++) {
        if (strncmp(sse42_crc_ref[i].name, name, 64) == 0) {
            return sse42_crc_ref[i].hash;
        }
    }
    printf("no reference for %s\n", name);
    return 0;
}

int main(void)
{
    write_cr(4, read_cr(4) | CR4_OSFXSR);
    for (unsigned i = 0; i < NCRC; i++) {
        uint64_t got = run_crc(&crc_cases[i]), want = crc_reference(crc_cases[i].name);
        if (got != want) {
            printf("mismatch: %s\n", crc_cases[i].name);
        }
        CHECK_EQ(got, want);
    }
    for (unsigned f = 0; f < NFORMS; f++) {
        for (unsigned imm = 0; imm < 128; imm++) {
            uint64_t got = run_str(&str_forms[f], imm), want = sse42_str_ref[f][imm];
            if (got != want) {
                printf("mismatch: %s $0x%02x\n", str_forms[f].name, imm);
            }
            CHECK_EQ(got, want);
        }
    }
    return test_finish("sse42");
}
#endif
