/*
 * The x87 escape opcodes D8-DF, decoded as the SDM's x87 opcode tables:
 * memory forms by (opcode - D8) * 8 + ModRM.reg, register forms by
 * (opcode - D8) * 64 + ModRM - C0.  Every operation is a helper
 * (fpu_helper.c): the FPU state lives in X86CPU, not in TCG globals.  Also
 * the FXSAVE/XSAVE members of group 15 and XGETBV/XSETBV.
 */
#include "target-x86/helper.h"
#include "target-x86/insn.h"
#include "target-x86/x87.h"

typedef enum X87Kind {
    XK_NONE,  /* #UD */
    XK_MEM,   /* helper_x87_mem */
    XK_REG,   /* helper_x87_reg, arg = X87RegOp */
    XK_FCOMI, /* helper_x87_fcomi, arg = X87_FCOMI_* */
    XK_FCMOV, /* helper_x87_fcmov, arg = the condition (Jcc encoding) */
    XK_FNSTSW_AX,
} X87Kind;

/*
 * Control instructions do not change the last-instruction pointers (FOP,
 * FIP, FDP); the FN... forms among them do not even wait for a pending
 * exception (#MF) as every other x87 instruction does.
 */
enum { X87_WAITS, X87_CONTROL, X87_NOWAIT };

typedef struct X87Entry {
    const char *name;
    uint8_t kind;
    uint8_t control; /* X87_WAITS, X87_CONTROL or X87_NOWAIT */
    uint8_t arg;
} X87Entry;

#define MEM(n)                                                                                 \
    {                                                                                          \
        n, XK_MEM, X87_WAITS, 0                                                                \
    }
#define MEMC(n)                                                                                \
    {                                                                                          \
        n, XK_MEM, X87_CONTROL, 0                                                              \
    }
#define MEMN(n)                                                                                \
    {                                                                                          \
        n, XK_MEM, X87_NOWAIT, 0                                                               \
    }
#define ARITH_MEM(base, t)                                                                     \
    [(base) + 0] = MEM("fadd" t), [(base) + 1] = MEM("fmul" t), [(base) + 2] = MEM("fcom" t),  \
              [(base) + 3] = MEM("fcomp" t), [(base) + 4] = MEM("fsub" t),                     \
              [(base) + 5] = MEM("fsubr" t), [(base) + 6] = MEM("fdiv" t),                     \
              [(base) + 7] = MEM("fdivr" t)

static const X87Entry mem_table[64] = {
    ARITH_MEM(0, " m32fp"),     [8] = MEM("fld m32fp"),      [10] = MEM("fst m32fp"),
    [11] = MEM("fstp m32fp"),   [12] = MEMC("fldenv"),       [13] = MEMC("fldcw"),
    [14] = MEMN("fnstenv"),     [15] = MEMN("fnstcw"),       ARITH_MEM(16, " m32int"),
    [24] = MEM("fild m32int"),  [25] = MEM("fisttp m32int"), [26] = MEM("fist m32int"),
    [27] = MEM("fistp m32int"), [29] = MEM("fld m80fp"),     [31] = MEM("fstp m80fp"),
    ARITH_MEM(32, " m64fp"),    [40] = MEM("fld m64fp"),     [41] = MEM("fisttp m64int"),
    [42] = MEM("fst m64fp"),    [43] = MEM("fstp m64fp"),    [44] = MEMC("frstor"),
    [46] = MEMN("fnsave"),      [47] = MEMN("fnstsw m16"),   ARITH_MEM(48, " m16int"),
    [56] = MEM("fild m16int"),  [57] = MEM("fisttp m16int"), [58] = MEM("fist m16int"),
    [59] = MEM("fistp m16int"), [60] = MEM("fbld"),          [61] = MEM("fild m64int"),
    [62] = MEM("fbstp"),        [63] = MEM("fistp m64int"),
};

#define REG(n, op)                                                                             \
    {                                                                                          \
        n, XK_REG, X87_WAITS, op                                                               \
    }
#define REGN(n, op)                                                                            \
    {                                                                                          \
        n, XK_REG, X87_NOWAIT, op                                                              \
    }
/* Eight encodings, one per ST(i). */
#define R8(first, n, kind, arg)     [(first)...(first) + 7] = {n, kind, X87_WAITS, arg}
#define ARITH8(first, n, base, fam) R8(first, n, XK_REG, (base) + (fam))

static const X87Entry reg_table[512] = {
    /* D8: ST(0) = ST(0) op ST(i) */
    ARITH8(0x000, "fadd", X87R_ARITH_ST0, X87_ADD),
    ARITH8(0x008, "fmul", X87R_ARITH_ST0, X87_MUL),
    ARITH8(0x010, "fcom", X87R_ARITH_ST0, X87_COM),
    ARITH8(0x018, "fcomp", X87R_ARITH_ST0, X87_COMP),
    ARITH8(0x020, "fsub", X87R_ARITH_ST0, X87_SUB),
    ARITH8(0x028, "fsubr", X87R_ARITH_ST0, X87_SUBR),
    ARITH8(0x030, "fdiv", X87R_ARITH_ST0, X87_DIV),
    ARITH8(0x038, "fdivr", X87R_ARITH_ST0, X87_DIVR),
    /* D9 */
    R8(0x040, "fld", XK_REG, X87R_FLD),
    R8(0x048, "fxch", XK_REG, X87R_FXCH),
    [0x050] = REG("fnop", X87R_FNOP),
    R8(0x058, "fstp1", XK_REG, X87R_FSTP), /* undocumented alias of DD D8+i */
    [0x060] = REG("fchs", X87R_FCHS),
    [0x061] = REG("fabs", X87R_FABS),
    [0x064] = REG("ftst", X87R_FTST),
    [0x065] = REG("fxam", X87R_FXAM),
    [0x068 ... 0x06e] = REG("fldconst", X87R_FLDCONST),
    [0x070] = REG("f2xm1", X87R_F2XM1),
    [0x071] = REG("fyl2x", X87R_FYL2X),
    [0x072] = REG("fptan", X87R_FPTAN),
    [0x073] = REG("fpatan", X87R_FPATAN),
    [0x074] = REG("fxtract", X87R_FXTRACT),
    [0x075] = REG("fprem1", X87R_FPREM1),
    [0x076] = REG("fdecstp", X87R_FDECSTP),
    [0x077] = REG("fincstp", X87R_FINCSTP),
    [0x078] = REG("fprem", X87R_FPREM),
    [0x079] = REG("fyl2xp1", X87R_FYL2XP1),
    [0x07a] = REG("fsqrt", X87R_FSQRT),
    [0x07b] = REG("fsincos", X87R_FSINCOS),
    [0x07c] = REG("frndint", X87R_FRNDINT),
    [0x07d] = REG("fscale", X87R_FSCALE),
    [0x07e] = REG("fsin", X87R_FSIN),
    [0x07f] = REG("fcos", X87R_FCOS),
    /* DA */
    R8(0x080, "fcmovb", XK_FCMOV, 0x2),
    R8(0x088, "fcmove", XK_FCMOV, 0x4),
    R8(0x090, "fcmovbe", XK_FCMOV, 0x6),
    R8(0x098, "fcmovu", XK_FCMOV, 0xa),
    [0x0a9] = REG("fucompp", X87R_FUCOMPP),
    /* DB */
    R8(0x0c0, "fcmovnb", XK_FCMOV, 0x3),
    R8(0x0c8, "fcmovne", XK_FCMOV, 0x5),
    R8(0x0d0, "fcmovnbe", XK_FCMOV, 0x7),
    R8(0x0d8, "fcmovnu", XK_FCMOV, 0xb),
    [0x0e0] = REGN("fneni", X87R_FNOP), /* 8087 leftovers: no-ops since the 287 */
    [0x0e1] = REGN("fndisi", X87R_FNOP),
    [0x0e2] = REGN("fnclex", X87R_FNCLEX),
    [0x0e3] = REGN("fninit", X87R_FNINIT),
    [0x0e4] = REGN("fnsetpm", X87R_FNOP),
    R8(0x0e8, "fucomi", XK_FCOMI, X87_FCOMI_QUIET),
    R8(0x0f0, "fcomi", XK_FCOMI, 0),
    /* DC: ST(i) = ST(i) op ST(0); the SDM's SUB/SUBR and DIV/DIVR rows swap here */
    ARITH8(0x100, "fadd", X87R_ARITH_STI, X87_ADD),
    ARITH8(0x108, "fmul", X87R_ARITH_STI, X87_MUL),
    ARITH8(0x110, "fcom2", X87R_ARITH_ST0, X87_COM),
    ARITH8(0x118, "fcomp3", X87R_ARITH_ST0, X87_COMP),
    ARITH8(0x120, "fsubr", X87R_ARITH_STI, X87_SUBR),
    ARITH8(0x128, "fsub", X87R_ARITH_STI, X87_SUB),
    ARITH8(0x130, "fdivr", X87R_ARITH_STI, X87_DIVR),
    ARITH8(0x138, "fdiv", X87R_ARITH_STI, X87_DIV),
    /* DD */
    R8(0x140, "ffree", XK_REG, X87R_FFREE),
    R8(0x148, "fxch4", XK_REG, X87R_FXCH),
    R8(0x150, "fst", XK_REG, X87R_FST),
    R8(0x158, "fstp", XK_REG, X87R_FSTP),
    R8(0x160, "fucom", XK_REG, X87R_FUCOM),
    R8(0x168, "fucomp", XK_REG, X87R_FUCOMP),
    /* DE: as DC, then pop */
    ARITH8(0x180, "faddp", X87R_ARITH_POP, X87_ADD),
    ARITH8(0x188, "fmulp", X87R_ARITH_POP, X87_MUL),
    ARITH8(0x190, "fcomp5", X87R_ARITH_ST0, X87_COMP),
    [0x199] = REG("fcompp", X87R_FCOMPP),
    ARITH8(0x1a0, "fsubrp", X87R_ARITH_POP, X87_SUBR),
    ARITH8(0x1a8, "fsubp", X87R_ARITH_POP, X87_SUB),
    ARITH8(0x1b0, "fdivrp", X87R_ARITH_POP, X87_DIVR),
    ARITH8(0x1b8, "fdivp", X87R_ARITH_POP, X87_DIV),
    /* DF */
    R8(0x1c0, "ffreep", XK_REG, X87R_FFREEP),
    R8(0x1c8, "fxch7", XK_REG, X87R_FXCH),
    R8(0x1d0, "fstp8", XK_REG, X87R_FSTP),
    R8(0x1d8, "fstp9", XK_REG, X87R_FSTP),
    [0x1e0] = {"fnstsw ax", XK_FNSTSW_AX, X87_NOWAIT, 0},
    R8(0x1e8, "fucomip", XK_FCOMI, X87_FCOMI_POP | X87_FCOMI_QUIET),
    R8(0x1f0, "fcomip", XK_FCOMI, X87_FCOMI_POP),
};

/*
 * The segment of the memory operand, for the data pointer (FDS): SS for
 * rSP and rBP bases.  A SIB byte with an rBP base is not known here and
 * counts as DS.
 */
static int memory_segment(DisasContext *s)
{
    int rm = s->modrm & 7;
    bool bp_base;
    if (s->override >= 0) {
        return s->override;
    }
    if (s->aflag == MO_16) {
        bp_base = rm == 2 || rm == 3 || (rm == 6 && s->mod != 0);
    } else {
        bp_base = rm == 5 && s->mod != 0;
    }
    return s->ea_sp_base || bp_base ? R_SS : R_DS;
}

/* A waiting instruction: pending #MF, then (but for control ones) FOP/FIP/FDP of this one. */
static void gen_begin(DisasContext *s, X86Insn *d, int opcode, bool control)
{
    uint32_t info = (uint32_t)((opcode & 7) << 8 | s->modrm);
    TCGv_i64 ea = tcg_constant_i64(0);
    if (control) {
        info |= X87_BEGIN_KEEP_POINTERS;
    } else if (s->mod != 3) {
        info |= (uint32_t)(memory_segment(s) + 1) << 16;
        ea = d->ea;
    }
    gen_helper_x87_begin(tcg_env, tcg_constant_i32(info),
                         tcg_constant_i64((int64_t)x86_cur_eip(s)), ea);
}

static void gen_reg_form(DisasContext *s, const X87Entry *e)
{
    int i = s->modrm & 7;
    switch ((X87Kind)e->kind) {
    case XK_REG:
        gen_helper_x87_reg(tcg_env, tcg_constant_i32(e->arg << 3 | i));
        break;
    case XK_FCOMI: {
        TCGv_i64 flags = tcg_temp_new_i64();
        gen_helper_x87_fcomi(flags, tcg_env, tcg_constant_i32(e->arg | i), gen_eflags_arith(s));
        gen_set_cc(s, CC_KIND_EFLAGS, MO_8, NULL, flags, NULL);
        break;
    }
    case XK_FCMOV:
        gen_helper_x87_fcmov(tcg_env, tcg_constant_i32(i), gen_cond_value(s, e->arg));
        break;
    default: {
        TCGv_i64 sw = tcg_temp_new_i64();
        gen_helper_x87_fnstsw(sw, tcg_env);
        gen_store_reg(s, MO_16, R_EAX, sw);
        break;
    }
    }
}

static uint32_t mem_size_bits(DisasContext *s)
{
    return (s->dflag != MO_16 ? X87_MEM_OP32 : 0) | (s->rex_w ? X87_MEM_REX_W : 0) |
           (s->code64 ? X87_MEM_CODE64 : X87_MEM_ADDR32);
}

void trans_x87(DisasContext *s, X86Insn *d)
{
    int opcode = d->b - 0xd8;
    const X87Entry *e = s->mod == 3 ? &reg_table[opcode * 64 + (s->modrm & 0x3f)]
                                    : &mem_table[opcode * 8 + ((s->modrm >> 3) & 7)];
    if (!e->name) {
        gen_exception(s, EXCP_UD);
        return;
    }
    if (s->flags & (TBF_EM | TBF_TS)) {
        gen_exception(s, EXCP_NM);
        return;
    }
    if (e->control != X87_NOWAIT) {
        gen_begin(s, d, opcode, e->control == X87_CONTROL);
    }
    if (s->mod == 3) {
        gen_reg_form(s, e);
    } else {
        uint32_t desc = (uint32_t)(opcode * 8 + ((s->modrm >> 3) & 7)) | mem_size_bits(s);
        gen_helper_x87_mem(tcg_env, tcg_constant_i32(desc), d->addr);
    }
}

/*
 * Group 15 (0F AE) but LDMXCSR/STMXCSR: memory forms FXSAVE FXRSTOR XSAVE
 * XRSTOR XSAVEOPT CLFLUSH, register forms LFENCE MFENCE SFENCE.
 */
void trans_grp15(DisasContext *s, X86Insn *d)
{
    int op = (s->modrm >> 3) & 7;
    if (!d->op[0].mem) {
        trans_fence(s, d);
        return;
    }
    if (op == 7) {
        return; /* CLFLUSH: no caches to flush */
    }
    if (op < X87_XSAVE && (s->flags & TBF_EM)) {
        gen_exception(s, EXCP_NM);
        return;
    }
    if (s->flags & TBF_TS) {
        gen_exception(s, EXCP_NM);
        return;
    }
    gen_helper_x87_xsave(tcg_env, tcg_constant_i32((uint32_t)op | mem_size_bits(s)), d->addr);
}

/* 0F 01 /2: LGDT, or with mod 3 XGETBV (D0) and XSETBV (D1). */
void trans_grp7_2(DisasContext *s, X86Insn *d)
{
    if (s->mod != 3) {
        trans_desc_table(s, d);
        return;
    }
    switch (s->modrm & 7) {
    case 0:
        gen_helper_x87_xgetbv(tcg_env);
        break;
    case 1:
        gen_helper_x87_xsetbv(tcg_env);
        break;
    default:
        gen_exception(s, EXCP_UD);
        break;
    }
}
