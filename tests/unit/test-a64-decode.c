/*
 * The A64 decoder (pattern compilation, field extraction, first-match
 * dispatch) and the data-processing/branch translation, run through the
 * tier-0 interpreter on an ARMCPU struct without memory.
 */
#include <string.h>

#include "target-arm/translate-a64.h"
#include "test.h"

/*
 * Until the exception code (exceptions.c) is linked in, stand-ins that only
 * record the exception, which is all these tests look at.
 */
__attribute__((weak)) void arm_raise_exception(ARMCPU *cpu, int excp, uint32_t syndrome,
                                               int target_el)
{
    (void)syndrome;
    (void)target_el;
    cpu->parent.tcg.exception_index = excp;
}

/* ------------------------------------------------------------ the decoder */

static bool trans_none(DisasContext *s, const A64Args *a)
{
    (void)s;
    (void)a;
    return true;
}

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

static uint64_t nzcv(void)
{
    return arm_pstate_read(&cpu) >> 28;
}

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
    return test_finish();
}
