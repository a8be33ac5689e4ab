/*
 * The A64 decoder (pattern compilation, field extraction, first-match
 * dispatch) and the data-processing/branch translation, run through the
 * tier-0 interpreter on an ARMCPU struct without memory.
 */
#include <string.h>

#include "target-arm/translate-a64.h"
#include "test.h"

/* ------------------------------------------------------------ the decoder */

static bool trans_none(DisasContext *s, const A64Args *a) { return true; }

static void test_pattern_compile(void)
{
    A64CompiledPattern p;
    CHECK(a64_pattern_compile("sf:1 0 0 100010 sh:1 imm12:12 rn:5 rd:5", &p) == NULL);
    CHECK_EQ(p.mask, 0x7f800000);
    CHECK_EQ(p.value, 0x11000000);
    CHECK_EQ(p.nfields, 5);
    CHECK_EQ(p.fields[0].pos, 31);
    CHECK_EQ(p.fields[2].pos, 10);
    CHECK_EQ(p.fields[2].len, 12);

    CHECK(a64_pattern_compile("1x01 xxxx xxxx xxxx xxxx xxxx xxxx xxx0", &p) == NULL);
    CHECK_EQ(p.mask, 0xb0000001);
    CHECK_EQ(p.value, 0x90000000);
    CHECK_EQ(p.nfields, 0);
}

static void test_pattern_errors(void)
{
    A64CompiledPattern p;
    CHECK(a64_pattern_compile("sf:1 0 0 100010 sh:1 imm12:12 rn:5 rd:4", &p) != NULL);
    CHECK(a64_pattern_compile("sf:1 0 0 100010 sh:1 imm12:12 rn:5 rd:5 0", &p) != NULL);
    CHECK(a64_pattern_compile("sf:1 0 0 100010 sh:1 bogus:12 rn:5 rd:5", &p) != NULL);
    CHECK(a64_pattern_compile("sf:1 0 0 100010 sh:1 imm12: rn:5 rd:5", &p) != NULL);
    CHECK(a64_pattern_compile("sf:1 0 0 100010 sh:1 imm12:12 rn:5 rd:5 z", &p) != NULL);
    CHECK(a64_pattern_compile("", &p) != NULL);
}

static void test_field_extract(void)
{
    A64CompiledPattern p;
    A64Args a;
    /* B.cond with imm19 = -2 (back two instructions), cond = NE. */
    CHECK(a64_pattern_compile("0101010 0 imm19:s19 0 cond:4", &p) == NULL);
    a64_pattern_extract(&p, 0x54ffffc1, &a);
    CHECK_EQ(a.imm19, -2);
    CHECK_EQ(a.cond, 1);
    /* The same bits unsigned. */
    CHECK(a64_pattern_compile("0101010 0 imm19:19 0 cond:4", &p) == NULL);
    a64_pattern_extract(&p, 0x54ffffc1, &a);
    CHECK_EQ(a.imm19, 0x7fffe);
    /* A positive signed field and a 32-bit wide one. */
    CHECK(a64_pattern_compile("op:1 00101 imm26:s26", &p) == NULL);
    a64_pattern_extract(&p, 0x94000010, &a);
    CHECK_EQ(a.op, 1);
    CHECK_EQ(a.imm26, 16);
    CHECK(a64_pattern_compile("imm16:s32", &p) == NULL);
    a64_pattern_extract(&p, 0x80000000, &a);
    CHECK_EQ(a.imm16, (uint64_t)INT32_MIN);
}

static const A64Pattern order_table_a[] = {
    {"specific", "1101 0101 0000 0011 0010 0000 0001 1111", trans_none},
    {"general", "1101 0101 0000 0011 0010 xxxx xxxx xxxx", trans_none},
    {NULL, NULL, NULL},
};
static const A64Pattern order_table_b[] = {
    {"shadowed", "1101 0101 0000 0011 0010 0000 0001 1111", trans_none},
    {"other group", "x00x 1010 xxxx xxxx xxxx xxxx xxxx xxxx", trans_none},
    {NULL, NULL, NULL},
};

static void test_first_match(void)
{
    const A64Pattern *const tables[] = {order_table_a, order_table_b};
    A64Decoder *d = a64_decoder_new(tables, 2);
    A64Args a;
    CHECK(strcmp(a64_decoder_lookup(d, 0xd503201f, &a)->name, "specific") == 0);
    CHECK(strcmp(a64_decoder_lookup(d, 0xd503203f, &a)->name, "general") == 0);
    CHECK(strcmp(a64_decoder_lookup(d, 0x8a020020, &a)->name, "other group") == 0);
    CHECK(a64_decoder_lookup(d, 0x00000000, &a) == NULL);
    a64_decoder_free(d);
}

static const char *lookup_dp(const A64Decoder *d, uint32_t insn)
{
    A64Args a;
    const A64Pattern *p = a64_decoder_lookup(d, insn, &a);
    return p ? p->name : "(none)";
}

/* The real table compiles and sends well-known encodings to the right entry. */
static void test_dp_table(void)
{
    const A64Pattern *const tables[] = {a64_dp_patterns};
    A64Decoder *d = a64_decoder_new(tables, 1);
    CHECK(strcmp(lookup_dp(d, 0x8b020020), "ADD/SUB (shifted register)") ==
          0);                                                            /* add x0,x1,x2 */
    CHECK(strcmp(lookup_dp(d, 0x910003e0), "ADD/SUB (immediate)") == 0); /* mov x0, sp */
    CHECK(strcmp(lookup_dp(d, 0x8b2243e0), "ADD/SUB (extended register)") == 0);
    CHECK(strcmp(lookup_dp(d, 0xd65f03c0), "BR/BLR/RET") == 0); /* ret */
    CHECK(strcmp(lookup_dp(d, 0x9ac20c20), "UDIV/SDIV") == 0);  /* sdiv */
    CHECK(strcmp(lookup_dp(d, 0x9b027c20), "MADD/MSUB") == 0);  /* mul */
    CHECK(strcmp(lookup_dp(d, 0xd503201f), "(none)") == 0);     /* nop: sys */
    a64_decoder_free(d);
}

/* ------------------------------------------------------------ execution */

#define CODE_BASE 0x40001000ull

static ARMCPU cpu;

static void reset_cpu(void)
{
    memset(&cpu, 0, sizeof(cpu));
    cpu.parent.tcg.env_self = &cpu;
    cpu.parent.tcg.exception_index = -1;
    cpu.pstate = (1u << PSTATE_EL_SHIFT) | PSTATE_SP;
    cpu.pc = CODE_BASE;
}

/*
 * Translate the words as one TB starting at CODE_BASE (falling through to
 * the next pc after the last one) and run it once.
 */
static TBExit run_insns(const uint32_t *insns, int n)
{
    TranslationBlock tb = {.pc = CODE_BASE, .flags = 1};
    DisasContext s = {0};
    s.base.tb = &tb;
    s.base.pc_first = s.base.pc_next = CODE_BASE;
    s.base.is_jmp = DISAS_NEXT;
    s.cpu = &cpu;
    s.current_el = 1;
    s.mmu_idx = ARM_MMU_IDX_EL1;

    tcg_func_start();
    for (int i = 0; i < n && s.base.is_jmp == DISAS_NEXT; i++) {
        tcg_gen_insn_start(s.base.pc_next, 0);
        s.pc_curr = s.base.pc_next;
        s.insn = insns[i];
        s.base.pc_next += 4;
        a64_decode_insn(&s, insns[i]);
    }
    if (s.base.is_jmp == DISAS_NEXT) {
        gen_goto_tb(&s, 1, s.base.pc_next);
    }
    TCGCode *code = tcg_finalize();
    TBExit e = tcg_code_exec(code, &cpu);
    tcg_code_free(code);
    return e;
}

static uint64_t nzcv(void) { return arm_pstate_read(&cpu) >> 28; }

#define RUN(...)                                                                               \
    do {                                                                                       \
        const uint32_t words_[] = {__VA_ARGS__};                                               \
        run_insns(words_, (int)(sizeof(words_) / sizeof(words_[0])));                          \
    } while (0)

static void test_add_sub_flags(void)
{
    reset_cpu();
    cpu.xregs[1] = 0x7fffffffffffffffull;
    cpu.xregs[2] = 1;
    RUN(0xab020020); /* adds x0, x1, x2 */
    CHECK_EQ(cpu.xregs[0], 0x8000000000000000ull);
    CHECK_EQ(nzcv(), 0x9); /* N V */
    CHECK_EQ(cpu.pc, CODE_BASE + 4);

    reset_cpu();
    cpu.xregs[1] = 0x1ffffffffull;
    cpu.xregs[2] = 1;
    RUN(0x2b020020); /* adds w0, w1, w2 */
    CHECK_EQ(cpu.xregs[0], 0);
    CHECK_EQ(nzcv(), 0x6); /* Z C */

    reset_cpu();
    cpu.xregs[1] = 3;
    cpu.xregs[2] = 5;
    RUN(0x6b020020); /* subs w0, w1, w2 */
    CHECK_EQ(cpu.xregs[0], 0xfffffffe);
    CHECK_EQ(nzcv(), 0x8);

    reset_cpu();
    cpu.xregs[1] = 0x8000000000000000ull;
    RUN(0xf1000420); /* subs x0, x1, #1 */
    CHECK_EQ(cpu.xregs[0], 0x7fffffffffffffffull);
    CHECK_EQ(nzcv(), 0x3); /* C V */

    reset_cpu();
    cpu.xregs[31] = 0x80000;
    RUN(0xd10043ff,  /* sub sp, sp, #16 */
        0x910043e3); /* add x3, sp, #16 */
    CHECK_EQ(cpu.xregs[31], 0x80000 - 16);
    CHECK_EQ(cpu.xregs[3], 0x80000);
}

static void test_carry_and_conditions(void)
{
    reset_cpu();
    cpu.xregs[1] = ~0ull;
    cpu.xregs[2] = 0;
    arm_pstate_write(&cpu, cpu.pstate | PSTATE_C);
    RUN(0xba020020); /* adcs x0, x1, x2 */
    CHECK_EQ(cpu.xregs[0], 0);
    CHECK_EQ(nzcv(), 0x6);

    reset_cpu();
    cpu.xregs[1] = 5;
    cpu.xregs[2] = 3;
    RUN(0xda020020); /* sbc x0, x1, x2 (C clear: 5 - 3 - 1) */
    CHECK_EQ(cpu.xregs[0], 1);

    /* cmp x1, x2; csel x0, x3, x4, lt; cset x5, hi */
    reset_cpu();
    cpu.xregs[1] = (uint64_t)-5;
    cpu.xregs[2] = 3;
    cpu.xregs[3] = 111;
    cpu.xregs[4] = 222;
    RUN(0xeb02003f, 0x9a84b060, 0x9a9f97e5);
    CHECK_EQ(cpu.xregs[0], 111);
    CHECK_EQ(cpu.xregs[5], 1); /* unsigned 0xff..fb > 3 */

    /* ccmp x1, #3, #0b0100, ne after cmp x1, x1: condition fails -> nzcv = Z */
    reset_cpu();
    cpu.xregs[1] = 7;
    RUN(0xeb01003f, 0xfa431824);
    CHECK_EQ(nzcv(), 0x4);
    /* ... and with the condition holding it compares 7 with 3. */
    reset_cpu();
    cpu.xregs[1] = 7;
    RUN(0xeb1f003f, 0xfa431824); /* cmp x1, xzr; ccmp x1, #3, #4, ne */
    CHECK_EQ(nzcv(), 0x2);
}

static void test_logic_and_moves(void)
{
    reset_cpu();
    RUN(0xd2a24680,  /* movz x0, #0x1234, lsl #16 */
        0xf2800560,  /* movk x0, #0x2b */
        0x92800001,  /* movn x1, #0 */
        0x12000c22,  /* and w2, w1, #0xf */
        0xb200c3e3,  /* orr x3, xzr, #0x0101010101010101 */
        0xea030064); /* ands x4, x3, x3 */
    CHECK_EQ(cpu.xregs[0], 0x1234002b);
    CHECK_EQ(cpu.xregs[1], ~0ull);
    CHECK_EQ(cpu.xregs[2], 0xf);
    CHECK_EQ(cpu.xregs[3], 0x0101010101010101ull);
    CHECK_EQ(cpu.xregs[4], 0x0101010101010101ull);
    CHECK_EQ(nzcv(), 0);

    reset_cpu();
    cpu.xregs[1] = 0x00000000f0000000ull;
    RUN(0xaa6108a0,  /* orn x0, x5, x1, lsr #2 */
        0x4ac17c22); /* eor w2, w1, w1, ror #31 */
    CHECK_EQ(cpu.xregs[0], ~0x3c000000ull);
    CHECK_EQ(cpu.xregs[2], 0xf0000000u ^ 0xe0000001u);
}

static void test_bitfield(void)
{
    reset_cpu();
    cpu.xregs[1] = 0x80000000000000f0ull;
    cpu.xregs[6] = 0xffff;
    RUN(0xd344fc20,  /* lsr x0, x1, #4 */
        0x9344fc22,  /* asr x2, x1, #4 */
        0xd37ff823,  /* lsl x3, x1, #1 */
        0x93401c24,  /* sxtb x4, w1 */
        0xd3441c25,  /* ubfx x5, x1, #4, #4 */
        0xb37c0c26); /* bfi x6, x1, #4, #4 */
    CHECK_EQ(cpu.xregs[0], 0x080000000000000full);
    CHECK_EQ(cpu.xregs[2], 0xf80000000000000full);
    CHECK_EQ(cpu.xregs[3], 0x1e0);
    CHECK_EQ(cpu.xregs[4], 0xfffffffffffffff0ull);
    CHECK_EQ(cpu.xregs[5], 0xf);
    CHECK_EQ(cpu.xregs[6], 0xff0f);

    reset_cpu();
    cpu.xregs[1] = 0x1122334455667788ull;
    cpu.xregs[2] = 0x99aabbccddeeff00ull;
    RUN(0x93c22020,  /* extr x0, x1, x2, #8 */
        0x13822023,  /* extr w3, w1, w2, #8 */
        0xdac00c24,  /* rev x4, x1 */
        0x5ac00825,  /* rev w5, w1 */
        0xdac00426,  /* rev16 x6, x1 */
        0xdac00027); /* rbit x7, x1 */
    CHECK_EQ(cpu.xregs[0], 0x8899aabbccddeeffull);
    CHECK_EQ(cpu.xregs[3], 0x88ddeeff);
    CHECK_EQ(cpu.xregs[4], 0x8877665544332211ull);
    CHECK_EQ(cpu.xregs[5], 0x88776655);
    CHECK_EQ(cpu.xregs[6], 0x2211443366558877ull);
    CHECK_EQ(cpu.xregs[7], 0x11ee66aa22cc4488ull);
}

static void test_mul_div_shift(void)
{
    reset_cpu();
    cpu.xregs[1] = (uint64_t)-7;
    cpu.xregs[2] = 2;
    cpu.xregs[3] = 0;
    RUN(0x9ac20c20,  /* sdiv x0, x1, x2 */
        0x9ac30824,  /* udiv x4, x1, x3 (by zero) */
        0x9b027c25,  /* mul x5, x1, x2 */
        0x9b427c26,  /* smulh x6, x1, x2 */
        0x9bc27c27,  /* umulh x7, x1, x2 */
        0x1ac22028,  /* lsl w8, w1, w2 */
        0x9ac22829,  /* asr x9, x1, x2 */
        0xdac0102a,  /* clz x10, x1 */
        0x5ac0144b); /* cls w11, w2 */
    CHECK_EQ(cpu.xregs[0], (uint64_t)-3);
    CHECK_EQ(cpu.xregs[4], 0);
    CHECK_EQ(cpu.xregs[5], (uint64_t)-14);
    CHECK_EQ(cpu.xregs[6], ~0ull);
    CHECK_EQ(cpu.xregs[7], 1);
    CHECK_EQ(cpu.xregs[8], 0xffffffe4);
    CHECK_EQ(cpu.xregs[9], (uint64_t)-2);
    CHECK_EQ(cpu.xregs[10], 0);
    CHECK_EQ(cpu.xregs[11], 29);

    reset_cpu();
    cpu.xregs[1] = 0x80000000;
    cpu.xregs[2] = 0xffffffff;
    RUN(0x1ac20c20,  /* sdiv w0, w1, w2: INT_MIN / -1 */
        0x9b220c23); /* smaddl x3, w1, w2, x3 */
    CHECK_EQ(cpu.xregs[0], 0x80000000);
    CHECK_EQ(cpu.xregs[3], 0x80000000);
}

static void test_branches(void)
{
    reset_cpu();
    RUN(0x94000010); /* bl +0x40 */
    CHECK_EQ(cpu.pc, CODE_BASE + 0x40);
    CHECK_EQ(cpu.xregs[30], CODE_BASE + 4);

    reset_cpu();
    cpu.xregs[1] = 1;
    RUN(0xf100003f, 0x54ffffc1); /* cmp x1, #0; b.ne -8 */
    CHECK_EQ(cpu.pc, CODE_BASE - 4);

    reset_cpu();
    RUN(0xf100001f, 0x54ffffc1); /* cmp x0, #0; b.ne -8: not taken */
    CHECK_EQ(cpu.pc, CODE_BASE + 8);

    reset_cpu();
    cpu.xregs[3] = 1ull << 40;
    RUN(0xb7400063); /* tbnz x3, #40, +12 */
    CHECK_EQ(cpu.pc, CODE_BASE + 12);

    reset_cpu();
    RUN(0xb4000085); /* cbz x5, +16 */
    CHECK_EQ(cpu.pc, CODE_BASE + 16);

    reset_cpu();
    cpu.xregs[30] = 0x1234;
    RUN(0xd63f03c0); /* blr x30 */
    CHECK_EQ(cpu.pc, 0x1234);
    CHECK_EQ(cpu.xregs[30], CODE_BASE + 4);

    reset_cpu();
    RUN(0x10000080, 0x90000001); /* adr x0, +16; adrp x1, +0 */
    CHECK_EQ(cpu.xregs[0], CODE_BASE + 16);
    CHECK_EQ(cpu.xregs[1], CODE_BASE & ~0xfffull);
}

static void test_undefined(void)
{
    reset_cpu();
    TBExit e = ({
        const uint32_t w[] = {0x00000000};
        run_insns(w, 1);
    });
    CHECK_EQ(TB_EXIT_REASON(e), TB_EXIT_EXCEPTION);
    CHECK_EQ(cpu.parent.tcg.exception_index, ARM_EXCP_UDEF);
    /* A reserved logical immediate (all ones) is UNDEFINED too. */
    reset_cpu();
    e = ({
        const uint32_t w[] = {0x9240fc00}; /* and x0, x0, #<imms=63, N=1> */
        run_insns(w, 1);
    });
    CHECK_EQ(cpu.parent.tcg.exception_index, ARM_EXCP_UDEF);
    CHECK_EQ(cpu.pc, CODE_BASE);
}

static void test_pstate_and_sp(void)
{
    reset_cpu();
    arm_pstate_write(&cpu,
                     PSTATE_N | PSTATE_C | PSTATE_DAIF | (1u << PSTATE_EL_SHIFT) | PSTATE_SP);
    CHECK_EQ(cpu.pstate & PSTATE_NZCV, 0);
    CHECK_EQ(arm_pstate_read(&cpu),
             PSTATE_N | PSTATE_C | PSTATE_DAIF | (1u << PSTATE_EL_SHIFT) | PSTATE_SP);
    arm_pstate_write(&cpu, PSTATE_Z | PSTATE_V);
    CHECK_EQ(arm_pstate_read(&cpu) >> 28, 0x5);

    /* EL1h uses SP_EL1, EL1t SP_EL0. */
    reset_cpu();
    cpu.xregs[31] = 0x1000;
    arm_sp_save(&cpu);
    CHECK_EQ(cpu.sys.sp_el[1], 0x1000);
    cpu.pstate &= ~PSTATE_SP;
    cpu.sys.sp_el[0] = 0x2000;
    arm_sp_restore(&cpu);
    CHECK_EQ(cpu.xregs[31], 0x2000);
}

/*
 * Random data-processing encodings (registers x0-x7 and xzr) with
 * pseudo-random inputs derived from the instruction word, checked against
 * a hash of x0-x7 and NZCV after the instruction as qemu-aarch64 7.2
 * computed them on the same inputs; hash 0 means UNDEFINED.  Encodings of
 * extensions after v8.0 (FlagM, MTE, PAuth) are left out.
 */
typedef struct GoldenCase {
    uint32_t insn;
    uint32_t nzcv_in;
    uint64_t hash;
} GoldenCase;

static const GoldenCase golden_cases[] = {
    {0x127ea461, 0x0, 0x0000000000000000ull}, {0xeb1f14e6, 0x2, 0x7a84e072ffbf3217ull},
    {0xca473c03, 0x2, 0x7ab3ff78b9320f8eull}, {0x913c7c24, 0x1, 0x3186f856b4e9ffb2ull},
    {0x731c94a7, 0xc, 0x0000000000000000ull}, {0x3bc51426, 0x8, 0x0000000000000000ull},
    {0xb11ddc84, 0x6, 0x57ffcf607314a020ull}, {0x711b4c04, 0x5, 0x0b09f0209c2f89f0ull},
    {0xdb071426, 0x8, 0x0000000000000000ull}, {0x6a1f0027, 0x3, 0xc66e5f04a5ba98b1ull},
    {0x6ae7d886, 0x5, 0x0000000000000000ull}, {0xda27b060, 0x4, 0x0000000000000000ull},
    {0x0a9fe4c1, 0x4, 0x0000000000000000ull}, {0xf261e0e1, 0x9, 0x9e71d4613a5d5f85ull},
    {0xaa9f20c4, 0x7, 0x99cca3baa6f54265ull}, {0xab7ffcc7, 0x9, 0x0000000000000000ull},
    {0x72dd7404, 0x5, 0x0000000000000000ull}, {0xebc778a7, 0x4, 0x0000000000000000ull},
    {0xf3e70ce7, 0x5, 0x0000000000000000ull}, {0xcac068a4, 0xa, 0x8176a0c5eee5523eull},
    {0x7b2784e4, 0xb, 0x0000000000000000ull}, {0xea064027, 0x3, 0xbede9db9da893c97ull},
    {0xb20740a7, 0x4, 0x482eccc4ed63966bull}, {0xdb409c01, 0xb, 0x0000000000000000ull},
    {0x7b838423, 0xe, 0x0000000000000000ull}, {0x92febca4, 0x2, 0xdea815ae81e8cc6bull},
    {0x33876862, 0xb, 0x0000000000000000ull}, {0x7b047cc1, 0x4, 0x0000000000000000ull},
    {0xb3266882, 0x7, 0x0000000000000000ull}, {0x8be2c0c3, 0x3, 0x0000000000000000ull},
    {0x0b862401, 0xb, 0xd92a99f14c8b1f5full}, {0xd173e405, 0x8, 0x9a01b951bcc52476ull},
    {0x0a858ce4, 0xb, 0x0000000000000000ull}, {0x5b679c42, 0x7, 0x0000000000000000ull},
    {0x9b459867, 0xc, 0x0000000000000000ull}, {0xabbf1006, 0x4, 0x0000000000000000ull},
    {0x3a02e000, 0x0, 0x0000000000000000ull}, {0x7ba78c40, 0x0, 0x0000000000000000ull},
    {0xab5f7842, 0xf, 0x9dd434e02e925ecbull}, {0xab46e4c4, 0xf, 0x736f782ebb91db5full},
    {0x8a616486, 0xd, 0xc80d1f2344a5d242ull}, {0x33e440e7, 0xd, 0x0000000000000000ull},
    {0xfbc41847, 0x0, 0x0000000000000000ull}, {0x5b619c24, 0x1, 0x0000000000000000ull},
    {0xd10e0020, 0xc, 0x236673fd8eb5b111ull}, {0xeae54846, 0xc, 0x217b4f7778404ae7ull},
    {0xf2111ca2, 0xc, 0x3415b0889e810becull}, {0x8bdf6423, 0xe, 0x0000000000000000ull},
    {0x9affb883, 0xb, 0x0000000000000000ull}, {0x92449824, 0x9, 0xef1ace03dd10b3f7ull},
    {0xfa61b8a0, 0xd, 0x0000000000000000ull}, {0xbae17885, 0x1, 0x0000000000000000ull},
    {0x9a844845, 0x9, 0x0000000000000000ull}, {0xcb8020a6, 0x1, 0x3e8c442e26894c9aull},
    {0x0b420cc5, 0x2, 0x1dd9bf42d67111c0ull}, {0xd15ef000, 0x0, 0x578773485b1d1f8full},
    {0x4ac66ca4, 0x2, 0x5c827ae8ee9e9d1cull}, {0xaa7f5ca4, 0x2, 0x2c9943c486c33055ull},
    {0xaa05b400, 0x8, 0x4ef6d00aa2df5895ull}, {0xaaa74c60, 0xc, 0x176ef8e58b6854b7ull},
    {0x711908a0, 0xd, 0xbdbcc4fbe20fd68cull}, {0x2b416060, 0x4, 0x70e557b56efa5b4full},
    {0x4b853cc2, 0x8, 0xe3d16edbf907e15eull}, {0x52350462, 0x3, 0xcb2d25891b9026c6ull},
    {0xaae51421, 0x7, 0xe48a39ee45b7ea78ull}, {0xcac2c0c5, 0xa, 0xfc7fdd93fb48c940ull},
    {0x8b850cc7, 0x9, 0xe91f0e9f440fa116ull}, {0xca65c4c5, 0x2, 0xa327e125fc992ad7ull},
    {0x4a277044, 0x6, 0x2461835d3ef45385ull}, {0x8b83c845, 0x9, 0xf047614d04ae924dull},
    {0xaa00dcc5, 0x2, 0x25e93cad545c17e9ull}, {0xb174a484, 0x6, 0x484f2fa57d8c75f1ull},
    {0x316ef0e6, 0xa, 0xc9794f216a111813ull}, {0x9b211046, 0xc, 0xbb3ca4686b8be8ecull},
    {0x8ac304a7, 0xc, 0xe7bb008171772dcaull}, {0xf21d5804, 0xd, 0x7e5b014a60689b1cull},
    {0xaac0cca7, 0xc, 0x797996b98c1e4aa8ull}, {0x4ae77ca3, 0xf, 0x276e93414a43bc21ull},
    {0x6b3f08e4, 0x3, 0x03824427420ff288ull}, {0x8a6560a7, 0x4, 0xb4cd3fede448753eull},
    {0xb11a5422, 0xb, 0xb718e4b3a6e0ea17ull}, {0xeae3dce0, 0xd, 0x5bbd08a189afe8e4ull},
    {0x8a028883, 0xb, 0x219fdc62b76725e5ull}, {0xca87d4a2, 0xc, 0xdbd7798639a4e07aull},
    {0x9b420802, 0x6, 0x8adad900ef6ad5d8ull}, {0xcb403c84, 0x6, 0xf97b48384e24e637ull},
    {0xb20fa407, 0xf, 0x6e2bce9ec008fd82ull}, {0xf26f00e0, 0x5, 0x9a5147fa1bf1074dull},
    {0x5a828041, 0xb, 0x6aa5d802079a30a5ull}, {0x8a04dca4, 0x2, 0xd79ad1065c6fb8c7ull},
    {0x12b83427, 0xb, 0x0e2fddfca9b68190ull}, {0x6ae73c07, 0xf, 0x4690392435f3b823ull},
    {0x2b22c420, 0x4, 0x74913556670d90b5ull}, {0x8ae08020, 0xc, 0x962b2daf32c303f3ull},
    {0xcaa10445, 0x1, 0x81ee5fc53b847ddbull}, {0x9b207c67, 0x4, 0x05f47f0a9ea4c5ecull},
    {0x6a7f1047, 0x0, 0xc4415bf542ff5548ull}, {0xca403045, 0x9, 0x684032dc3d63ebeaull},
    {0xeb84f002, 0x6, 0xea80f2eb6c420abaull}, {0xaa87c080, 0x1, 0x40804730a8f46c10ull},
    {0xeabf7062, 0xb, 0xf851809152ff982eull}, {0xaac22843, 0x2, 0x9bbeaffc488f7dd5ull},
    {0xab05bc25, 0x5, 0xdd0fd71d8d1bb0ffull}, {0x9256c4a3, 0xf, 0x7a06a251b1bcbe6cull},
    {0x7299fcc5, 0x2, 0x04ba61f83f4846bbull}, {0x92383c83, 0x3, 0x30845a60981bfa74ull},
    {0xaae0dc04, 0x5, 0xb7f0c2423ccebe75ull}, {0xcaa53cc4, 0xf, 0xe3c80dd8b3da2317ull},
    {0xaa8154e3, 0x7, 0xc9eeebab30b07c7dull}, {0xea47fc07, 0xf, 0xd17edfbff8288fcdull},
    {0xcaa15ca3, 0xf, 0xe211931ff82e8f87ull}, {0xeac62881, 0x4, 0x71305c4011268e05ull},
    {0xba4188c5, 0xa, 0xaa6de0a64c9a60bbull}, {0xab87c026, 0x0, 0xff12d4a45f30b27dull},
    {0xd2d71c07, 0xf, 0xb197fa71cc8068ddull}, {0x8a4008a1, 0x0, 0x011b193a17605e2aull},
    {0x72878484, 0x6, 0xa00bde1cdeae6a29ull}, {0x52019866, 0x9, 0x512679781b56c69bull},
    {0x116b4c80, 0x9, 0xf055b92e98a9e620ull}, {0x6abf3067, 0xc, 0xdeb4fcf53c1f6db7ull},
    {0xf2485444, 0xe, 0x8e6cb782b03a29b1ull}, {0xb34340c7, 0x1, 0xf4e27148ee7256caull},
    {0xcb228c66, 0x1, 0x234d0cf1901dc9e9ull}, {0xf2f4c4c7, 0x9, 0x699ec521a33b06b9ull},
    {0x4ac36885, 0x1, 0xddd7a6ec627cd049ull}, {0xd2936ce5, 0xe, 0x4c7972ded3082704ull},
    {0x1a82a004, 0xd, 0xa0b48e9ff94d6437ull}, {0xf2ca90e4, 0x3, 0x6cd30a9506b937aeull},
    {0x6a815c83, 0x3, 0xb6daf907479b5bccull}, {0x8abf40c5, 0xa, 0xc20ec216e9688c3cull},
    {0x8b817cc0, 0x1, 0x9763360fc2f65cb1ull}, {0xf11ad861, 0x8, 0x180f7f2803725532ull},
    {0x312588e3, 0xf, 0x0c579979952437b2ull}, {0xeae2e483, 0x3, 0x3daec947aac33d0aull},
    {0xb15bf0e1, 0x9, 0x3e5e8aad7e11313full}, {0x3101e483, 0x3, 0x6296e33dbeb287b5ull},
    {0xcadf44a6, 0x9, 0x57d192ae0ff69dd4ull}, {0xf2ca8465, 0xd, 0xeb64f4e51f1bd976ull},
    {0xf10e9ce4, 0xb, 0x8267d0b635dc4f50ull}, {0x6a052c06, 0xc, 0xb2f2b0869e693420ull},
    {0x7152a820, 0xc, 0x0528bd14a8b8c6e3ull}, {0xd2825481, 0xc, 0x6d06423326a3afbcull},
    {0x7294c821, 0xf, 0xc6bf8f5c2fca9fe4ull}, {0x1148d063, 0xe, 0x959281b0db3bf472ull},
    {0xf293f004, 0xd, 0xe72ca1358747145bull}, {0xb13f1080, 0x1, 0xcb15de0c494967a4ull},
    {0x2aa754c1, 0x4, 0xd7088df93394802full}, {0x72176c45, 0x1, 0x081a480868352f95ull},
    {0x6b3f5041, 0xb, 0x42bcd145518b521eull}, {0xcaa78007, 0x7, 0xe4ee51ca8feefa97ull},
    {0xd2e034a4, 0x2, 0x0e5c6b5df09c12e4ull}, {0xeae2dc86, 0xd, 0x9f2ef110dd14c91full},
    {0x92932002, 0x6, 0xbe1e25c61900f79full}, {0x8b029844, 0x6, 0xba6a9331b6d51c6full},
    {0x6a4664e3, 0x7, 0xf74d244fdfa514fbull}, {0x8aa214c7, 0x9, 0xfb6e9bb55d57c436ull},
    {0x92e86426, 0x8, 0x570db12e6b3566e8ull}, {0x8b46e4e0, 0xd, 0x0010366c5ce7a2e0ull},
    {0x12b75062, 0xb, 0xbfe2cee3fd6b8b4cull}, {0x52992887, 0x8, 0x2af77e3c2ed405b9ull},
    {0xcac5cc05, 0x8, 0xc94bdde8f7a33039ull}, {0xab4610a5, 0xe, 0x8cb62c1a4e863d50ull},
    {0x3109c840, 0x8, 0x38ee89383ecf398full}, {0xb36ab842, 0xf, 0x1b0a67ecac82f6edull},
    {0x2adf3c66, 0x1, 0xe9e4a5b073668a22ull}, {0xaa87a884, 0xe, 0xb287922c079a50adull},
    {0xda872461, 0x0, 0x5f591009de98a4c1ull}, {0xb16c00a5, 0xe, 0xafd60f1c4e192af8ull},
    {0x116b1ca6, 0x9, 0xd2176256b845c99aull}, {0x71591463, 0x6, 0xcc408f9cf1b154b7ull},
    {0x512ec804, 0xd, 0xad3786c354ac27caull}, {0x8ae66425, 0x5, 0x04da4691ea57efb8ull},
    {0x6abf18e0, 0x5, 0x11122b789978790full}, {0x92dacc27, 0xb, 0x738efffece352bc0ull},
    {0xcb47b406, 0xc, 0x8755bd6fbad40eccull}, {0x13820002, 0x6, 0x9b6a1885cac986b0ull},
    {0xeb448c43, 0xa, 0x4f2b4a5cc732aa5bull}, {0x6a870847, 0x0, 0x5b902de90fceb7fdull},
    {0x8a20f463, 0x6, 0x717718279e0497e2ull}, {0x331634c6, 0x5, 0x470305a03ccdc362ull},
    {0x8a82d4e2, 0x4, 0x4df538d0371ad8d0ull}, {0x92b8b841, 0xb, 0x6f10bea1ec924989ull},
    {0xeac774a1, 0x8, 0xd2d42b1aff899d4aull}, {0xb23074a2, 0xc, 0xf3f7c23abfa54b67ull},
    {0x2a403c87, 0x0, 0x58f2c3207ac517d4ull}, {0x6a002886, 0x5, 0x95d68ead0f09d7b2ull},
    {0x712a64a6, 0x9, 0xb050b41e48ec834aull}, {0x8ae1e0c5, 0xa, 0x1ec15d8a0dddee08ull},
    {0x1a807401, 0xb, 0x93eb8ac8580d69b2ull}, {0xda824001, 0x3, 0x7419c36b38b79846ull},
    {0xaa878c25, 0x5, 0xe12138a6ba185fddull}, {0x6ae40c82, 0xf, 0x17497993cdce215dull},
    {0x7224cca0, 0x5, 0x74ecd8f70e0cb8a6ull}, {0x910c60c0, 0x9, 0x02b3ba6263826bd4ull},
    {0xd14fe4a4, 0x2, 0xc2e2c74baa0b9b02ull}, {0x2a465c81, 0xc, 0x5b12c4fd6f1f0c26ull},
    {0x1b040403, 0x2, 0xdbeeb07794e76c46ull}, {0xea44a4c0, 0x1, 0xf8284d5edff49ac4ull},
    {0xeac6bc27, 0xb, 0xb86e9aee1ec47c4eull}, {0xeb2444c6, 0x5, 0x98fa6d5c2301147bull},
    {0x8a1f1445, 0x1, 0x0a08faacb625903cull}, {0xab5f6840, 0x8, 0x44f43826bcc41088ull},
    {0xaaa70027, 0x3, 0x9231498a286adc91ull}, {0x710200a7, 0x4, 0x460a11c711a3fa94ull},
    {0xd2fa9027, 0x3, 0x9711249063f1f570ull}, {0x0ac25c20, 0x4, 0x566996b66b99675cull},
    {0x91192042, 0xf, 0x5196a82847217cfdull}, {0xaa8340c6, 0xd, 0x04dad4a1811cdde4ull},
    {0x2a444045, 0x9, 0x7f1af28526f982bbull}, {0x116cd887, 0x8, 0xfb3ef09d29b70a50ull},
    {0x4a603864, 0x2, 0x6fc65f8a39a1bc07ull}, {0xd2fbac86, 0xd, 0x597aec4508cca3b6ull},
    {0xeb446ce5, 0xe, 0x812891a60e0b6816ull}, {0xf2305002, 0x6, 0x23bfb6fa36ef80afull},
    {0xca6404c2, 0x8, 0x81d20f20d190c715ull}, {0xea00c0e2, 0xc, 0x820e18245384747bull},
    {0x8a06f485, 0x9, 0x32796d1bf013a32dull}, {0xf2929842, 0xf, 0xba1d03899efb46abull},
    {0xcae06826, 0x0, 0x49ad1657ee16974bull}, {0xeae22ca7, 0xc, 0x2312e69c655ae89bull},
    {0x8b2404e4, 0xb, 0x6d366cafc86c0f5dull}, {0x8a407ce3, 0x7, 0xcd543cdcf334b030ull},
    {0x51445806, 0x4, 0xabf3201a3d584c4cull}, {0x11315443, 0xa, 0xe29492c199e88963ull},
    {0x2a407ce7, 0x5, 0xec9c30a85c18771dull}, {0x2a3f50e3, 0xf, 0x2bcf0ce72adcf1a7ull},
    {0xaac414a1, 0x8, 0x1f3e4f96e3eb89d2ull}, {0xcb8124e2, 0x4, 0xc1a1f5e886daf896ull},
    {0xb36f70a5, 0xe, 0x7471810cbc3f0fceull}, {0x4b426006, 0x4, 0x6bcba61c9b7c4009ull},
    {0x0b420040, 0x8, 0xc3991d6f7e568d18ull}, {0x1a87f423, 0xe, 0x42ca576302dfabfeull},
    {0x9b447c60, 0xc, 0x9a2a0aff13f75704ull}, {0xcaa6a861, 0x8, 0xcc3531febfc29ddfull},
    {0x6a817846, 0xc, 0x567bbae4d5728b65ull}, {0x3a42a8e4, 0x3, 0xbc8b6ba15edc896full},
    {0x521e6ce7, 0x5, 0x37f85924ed5dd039ull}, {0x92e91801, 0x3, 0xf95b7306288e189dull},
    {0x91358462, 0x3, 0xc00f81df5070b304ull}, {0x322db403, 0x2, 0xcb804e82940bfa21ull},
    {0x3a408020, 0xc, 0xe837433545f7d0c3ull}, {0xf2cb8c02, 0xe, 0xc09e18466990c2eeull},
    {0x4a473026, 0x0, 0x8f1f423ee5bb3241ull}, {0x2ac62045, 0x9, 0x2838a8e6fe565b43ull},
    {0x31059865, 0x5, 0x53e6170e9a7ecf59ull}, {0xb11954c1, 0x4, 0x0abdc767874f7fb3ull},
    {0x9178e400, 0x8, 0x2f841a308c324d22ull}, {0xd29ce8e7, 0xd, 0xce0391c4ac68a4cbull},
    {0x8a629085, 0x1, 0x153d65fcba446210ull}, {0xd2b53c83, 0x3, 0xd36ad6e7a25699d1ull},
    {0x9370a820, 0xc, 0xbc16618dbfc8198aull}, {0xd2078844, 0x6, 0x40487fad60fec424ull},
    {0xaae58420, 0x4, 0x260b274df6948d18ull}, {0x9bc21400, 0x8, 0x1c7d07ba644fa4beull},
    {0x5121fce7, 0x5, 0xb7d82e845c5d02a5ull}, {0x2a233c61, 0x0, 0x0c8eb672cf5d0c33ull},
};

static const uint64_t golden_special[] = {
    0,
    1,
    2,
    0x7fffffff,
    0x80000000,
    0xffffffff,
    0x100000000,
    0x7fffffffffffffff,
    0x8000000000000000,
    0xffffffffffffffff,
    0x1f,
    0x20,
    0x3f,
    0x40,
    0xfffffffe,
    0x80,
};

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint64_t fnv1a_u64(uint64_t h, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        h = (h ^ ((v >> (8 * i)) & 0xff)) * 0x100000001b3ull;
    }
    return h;
}

static uint64_t golden_run(const GoldenCase *c)
{
    uint64_t state = c->insn;
    reset_cpu();
    for (int r = 0; r < 8; r++) {
        uint64_t v = splitmix64(&state);
        cpu.xregs[r] = (v & 3) ? v : golden_special[(v >> 8) % 16];
    }
    arm_pstate_write(&cpu, cpu.pstate | c->nzcv_in << 28);
    run_insns(&c->insn, 1);
    if (cpu.parent.tcg.exception_index >= 0) {
        return 0;
    }
    uint64_t h = 0xcbf29ce484222325ull;
    for (int r = 0; r < 8; r++) {
        h = fnv1a_u64(h, cpu.xregs[r]);
    }
    return fnv1a_u64(h, nzcv());
}

static void test_golden(void)
{
    for (size_t i = 0; i < sizeof(golden_cases) / sizeof(golden_cases[0]); i++) {
        uint64_t h = golden_run(&golden_cases[i]);
        if (h != golden_cases[i].hash) {
            printf("  insn 0x%08x: %s\n", golden_cases[i].insn,
                   h == 0 ? "UNDEFINED"
                          : (golden_cases[i].hash ? "wrong result" : "not UNDEFINED"));
            test_case_failed = 1;
        }
    }
}

int main(void)
{
    RUN_TEST(test_pattern_compile);
    RUN_TEST(test_pattern_errors);
    RUN_TEST(test_field_extract);
    RUN_TEST(test_first_match);
    RUN_TEST(test_dp_table);

    tcg_init();
    a64_translate_init();
    RUN_TEST(test_add_sub_flags);
    RUN_TEST(test_carry_and_conditions);
    RUN_TEST(test_logic_and_moves);
    RUN_TEST(test_bitfield);
    RUN_TEST(test_mul_div_shift);
    RUN_TEST(test_branches);
    RUN_TEST(test_undefined);
    RUN_TEST(test_pstate_and_sp);
    RUN_TEST(test_golden);
    return test_finish();
}
