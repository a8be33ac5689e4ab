/*
 * x86 translation: TCG globals, the prefix/ModRM/SIB decoder driven by the
 * opcode maps (insn.c), operand access, lazy flags and conditions, TB
 * control and the translator hooks.
 */
#include <stddef.h>
#include <stdio.h>

#include "target-x86/helper.h"
#include "target-x86/translate.h"
#include "util/log.h"

TCGv_i64 cpu_regs[16], cpu_eip, cpu_cc_op, cpu_cc_dst, cpu_cc_src, cpu_cc_src2;
TCGv_i64 cpu_eflags;

/* ================================================================ setup */

void x86_translate_init(void)
{
    static const char *const names[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp",
                                          "rsi", "rdi", "r8",  "r9",  "r10", "r11",
                                          "r12", "r13", "r14", "r15"};
    static bool done;
    if (done) {
        return;
    }
    done = true;
    for (int i = 0; i < 16; i++) {
        cpu_regs[i] = tcg_global_mem_new_i64(offsetof(X86CPU, regs[i]), names[i]);
    }
    cpu_eip = tcg_global_mem_new_i64(offsetof(X86CPU, eip), "eip");
    cpu_cc_op = tcg_global_mem_new_i64(offsetof(X86CPU, cc_op), "cc_op");
    cpu_cc_dst = tcg_global_mem_new_i64(offsetof(X86CPU, cc_dst), "cc_dst");
    cpu_cc_src = tcg_global_mem_new_i64(offsetof(X86CPU, cc_src), "cc_src");
    cpu_cc_src2 = tcg_global_mem_new_i64(offsetof(X86CPU, cc_src2), "cc_src2");
    cpu_eflags = tcg_global_mem_new_i64(offsetof(X86CPU, eflags), "eflags");
}

/* ================================================================ code fetch */

/* The SDM's limit: an instruction longer than 15 bytes raises #GP. */
#define X86_MAX_INSN_LEN 15

static bool insn_too_long(DisasContext *s, int n)
{
    return s->base.pc_next + n - s->pc_start > X86_MAX_INSN_LEN;
}

static uint64_t fetch(DisasContext *s, MemOp ot)
{
    uint64_t pc = s->base.pc_next, v;
    if (insn_too_long(s, 1 << ot)) {
        return 0; /* reported by the caller through s->base.pc_next */
    }
    switch (ot) {
    case MO_8:
        v = translator_ldub(&s->cpu->parent, &s->base, pc);
        break;
    case MO_16:
        v = translator_lduw(&s->cpu->parent, &s->base, pc);
        break;
    case MO_32:
        v = translator_ldl(&s->cpu->parent, &s->base, pc);
        break;
    default:
        v = translator_ldl(&s->cpu->parent, &s->base, pc);
        v |= (uint64_t)translator_ldl(&s->cpu->parent, &s->base, pc + 4) << 32;
        break;
    }
    s->base.pc_next += 1u << ot;
    return v;
}

static int64_t fetch_signed(DisasContext *s, MemOp ot)
{
    uint64_t v = fetch(s, ot);
    switch (ot) {
    case MO_8:
        return (int8_t)v;
    case MO_16:
        return (int16_t)v;
    case MO_32:
        return (int32_t)v;
    default:
        return (int64_t)v;
    }
}

uint64_t x86_next_eip(DisasContext *s) { return s->base.pc_next - s->cs_base; }
uint64_t x86_cur_eip(DisasContext *s) { return s->pc_start - s->cs_base; }

/* ================================================================ registers */

TCGv_i64 gen_ext(MemOp ot, TCGv_i64 v, bool sign)
{
    TCGv_i64 t = tcg_temp_new_i64();
    switch (ot) {
    case MO_8:
        sign ? tcg_gen_ext8s_i64(t, v) : tcg_gen_ext8u_i64(t, v);
        break;
    case MO_16:
        sign ? tcg_gen_ext16s_i64(t, v) : tcg_gen_ext16u_i64(t, v);
        break;
    case MO_32:
        sign ? tcg_gen_ext32s_i64(t, v) : tcg_gen_ext32u_i64(t, v);
        break;
    default:
        tcg_gen_mov_i64(t, v);
        break;
    }
    return t;
}

/* AH, CH, DH, BH: byte registers 4-7 without a REX prefix. */
static bool is_high_byte_reg(DisasContext *s, MemOp ot, int reg)
{
    return ot == MO_8 && reg >= 4 && reg < 8 && !(s->prefixes & PREFIX_REX);
}

TCGv_i64 gen_load_reg(DisasContext *s, MemOp ot, int reg)
{
    if (is_high_byte_reg(s, ot, reg)) {
        TCGv_i64 t = tcg_temp_new_i64();
        tcg_gen_extract_i64(t, cpu_regs[reg - 4], 8, 8);
        return t;
    }
    return gen_ext(ot, cpu_regs[reg], false);
}

void gen_store_reg(DisasContext *s, MemOp ot, int reg, TCGv_i64 v)
{
    switch (ot) {
    case MO_8:
        if (is_high_byte_reg(s, ot, reg)) {
            tcg_gen_deposit_i64(cpu_regs[reg - 4], cpu_regs[reg - 4], v, 8, 8);
        } else {
            tcg_gen_deposit_i64(cpu_regs[reg], cpu_regs[reg], v, 0, 8);
        }
        break;
    case MO_16:
        tcg_gen_deposit_i64(cpu_regs[reg], cpu_regs[reg], v, 0, 16);
        break;
    case MO_32:
        tcg_gen_ext32u_i64(cpu_regs[reg], v);
        break;
    default:
        tcg_gen_mov_i64(cpu_regs[reg], v);
        break;
    }
}

/* ================================================================ memory */

static bool seg_base_applies(DisasContext *s, int seg)
{
    return !s->code64 || seg == R_FS || seg == R_GS;
}

TCGv_i64 gen_seg_addr(DisasContext *s, int seg, TCGv_i64 offset)
{
    TCGv_i64 a = tcg_temp_new_i64();
    if (!seg_base_applies(s, seg)) {
        tcg_gen_mov_i64(a, offset);
        return a;
    }
    tcg_gen_ld_i64(a, tcg_env, offsetof(X86CPU, segs[seg].base));
    tcg_gen_add_i64(a, a, offset);
    if (!s->code64) {
        tcg_gen_ext32u_i64(a, a);
    }
    return a;
}

TCGv_i64 gen_ld(DisasContext *s, MemOp ot, TCGv_i64 addr)
{
    TCGv_i64 t = tcg_temp_new_i64();
    tcg_gen_qemu_ld_i64(t, addr, (unsigned)s->mmu_idx, ot | MO_LE);
    return t;
}

void gen_st(DisasContext *s, MemOp ot, TCGv_i64 addr, TCGv_i64 v)
{
    tcg_gen_qemu_st_i64(v, addr, (unsigned)s->mmu_idx, ot | MO_LE);
}

/* ================================================================ stack */

MemOp gen_stack_size(DisasContext *s) { return s->code64 ? MO_64 : s->ss32 ? MO_32 : MO_16; }

static void gen_write_sp(DisasContext *s, TCGv_i64 v)
{
    gen_store_reg(s, gen_stack_size(s), R_ESP, v);
}

void gen_push(DisasContext *s, MemOp ot, TCGv_i64 v)
{
    TCGv_i64 sp = tcg_temp_new_i64();
    tcg_gen_subi_i64(sp, cpu_regs[R_ESP], 1 << ot);
    TCGv_i64 off = gen_ext(gen_stack_size(s), sp, false);
    gen_st(s, ot, gen_seg_addr(s, R_SS, off), v);
    gen_write_sp(s, sp);
}

TCGv_i64 gen_pop_value(DisasContext *s, MemOp ot)
{
    TCGv_i64 off = gen_ext(gen_stack_size(s), cpu_regs[R_ESP], false);
    return gen_ld(s, ot, gen_seg_addr(s, R_SS, off));
}

void gen_pop_commit(DisasContext *s, MemOp ot)
{
    TCGv_i64 sp = tcg_temp_new_i64();
    tcg_gen_addi_i64(sp, cpu_regs[R_ESP], 1 << ot);
    gen_write_sp(s, sp);
}

/* ================================================================ lazy flags */

static TCGv_i64 copy(TCGv_i64 v)
{
    TCGv_i64 t = tcg_temp_new_i64();
    tcg_gen_mov_i64(t, v ? v : tcg_constant_i64(0));
    return t;
}

void gen_set_cc(DisasContext *s, X86CCKind kind, MemOp ot, TCGv_i64 dst, TCGv_i64 src,
                TCGv_i64 src2)
{
    s->cc_pending = true;
    s->pend_op = CC_OP(kind, ot);
    s->pend_dst = copy(dst);
    s->pend_src = copy(src);
    s->pend_src2 = copy(src2);
}

void gen_commit_cc(DisasContext *s)
{
    if (!s->cc_pending) {
        return;
    }
    s->cc_pending = false;
    X86CCKind kind = (X86CCKind)(s->pend_op >> 2);
    tcg_gen_movi_i64(cpu_cc_op, s->pend_op);
    /* Only what the kind reads (x86_cc_compute): the rest would be dead stores. */
    if (kind != CC_KIND_EFLAGS) {
        tcg_gen_mov_i64(cpu_cc_dst, s->pend_dst);
    }
    if (kind != CC_KIND_LOGIC && kind != CC_KIND_INC && kind != CC_KIND_DEC) {
        tcg_gen_mov_i64(cpu_cc_src, s->pend_src);
    }
    if (kind == CC_KIND_ADC || kind == CC_KIND_SBB || kind == CC_KIND_INC ||
        kind == CC_KIND_DEC) {
        tcg_gen_mov_i64(cpu_cc_src2, s->pend_src2);
    }
    s->cc_op = s->pend_op;
}

TCGv_i64 gen_eflags_arith(DisasContext *s)
{
    TCGv_i64 f = tcg_temp_new_i64();
    if (s->cc_op == CC_OP_EFLAGS) {
        tcg_gen_andi_i64(f, cpu_cc_src, CC_ARITH);
    } else {
        gen_helper_x86_cc_compute_all(f, cpu_cc_op, cpu_cc_dst, cpu_cc_src, cpu_cc_src2);
    }
    return f;
}

/*
 * CF straight from the lazy state when its kind is known at translation
 * time (ADD/SUB carry and borrow, INC/DEC's kept CF, ...); NULL otherwise.
 */
static TCGv_i64 cf_from_known_kind(DisasContext *s)
{
    MemOp ot = (MemOp)(s->cc_op & 3);
    TCGv_i64 t = tcg_temp_new_i64();
    if (s->cc_op < 0) {
        return NULL;
    }
    switch ((X86CCKind)(s->cc_op >> 2)) {
    case CC_KIND_EFLAGS:
        tcg_gen_andi_i64(t, cpu_cc_src, CC_C);
        return t;
    case CC_KIND_ADD: /* carry: the result is below the second operand */
        tcg_gen_setcond_i64(TCG_COND_LTU, t, gen_ext(ot, cpu_cc_dst, false),
                            gen_ext(ot, cpu_cc_src, false));
        return t;
    case CC_KIND_SUB: { /* borrow: the first operand is below the second */
        TCGv_i64 a = tcg_temp_new_i64();
        tcg_gen_add_i64(a, cpu_cc_dst, cpu_cc_src);
        tcg_gen_setcond_i64(TCG_COND_LTU, t, gen_ext(ot, a, false),
                            gen_ext(ot, cpu_cc_src, false));
        return t;
    }
    case CC_KIND_LOGIC:
        tcg_gen_movi_i64(t, 0);
        return t;
    case CC_KIND_INC:
    case CC_KIND_DEC:
        tcg_gen_mov_i64(t, cpu_cc_src2);
        return t;
    default:
        return NULL;
    }
}

TCGv_i64 gen_cf(DisasContext *s)
{
    TCGv_i64 t = cf_from_known_kind(s);
    if (!t) {
        t = gen_eflags_arith(s);
        tcg_gen_andi_i64(t, t, CC_C);
    }
    return t;
}

/* A condition as cond(a, b). */
typedef struct X86Cond {
    TCGCond cond;
    TCGv_i64 a, b;
} X86Cond;

enum { JCC_O, JCC_B, JCC_Z, JCC_BE, JCC_S, JCC_P, JCC_L, JCC_LE };

/* After CMP/SUB the condition compares the operands themselves. */
static bool cond_after_sub(DisasContext *s, int jcc, X86Cond *c)
{
    MemOp ot = (MemOp)(s->cc_op & 3);
    TCGv_i64 a = tcg_temp_new_i64();
    bool sign = jcc == JCC_L || jcc == JCC_LE || jcc == JCC_S;

    tcg_gen_add_i64(a, cpu_cc_dst, cpu_cc_src);
    switch (jcc) {
    case JCC_B:
        *c = (X86Cond){TCG_COND_LTU, gen_ext(ot, a, false), gen_ext(ot, cpu_cc_src, false)};
        return true;
    case JCC_BE:
        *c = (X86Cond){TCG_COND_LEU, gen_ext(ot, a, false), gen_ext(ot, cpu_cc_src, false)};
        return true;
    case JCC_Z:
        *c = (X86Cond){TCG_COND_EQ, gen_ext(ot, cpu_cc_dst, false), tcg_constant_i64(0)};
        return true;
    case JCC_L:
        *c = (X86Cond){TCG_COND_LT, gen_ext(ot, a, sign), gen_ext(ot, cpu_cc_src, sign)};
        return true;
    case JCC_LE:
        *c = (X86Cond){TCG_COND_LE, gen_ext(ot, a, sign), gen_ext(ot, cpu_cc_src, sign)};
        return true;
    case JCC_S:
        *c = (X86Cond){TCG_COND_LT, gen_ext(ot, cpu_cc_dst, true), tcg_constant_i64(0)};
        return true;
    default:
        return false;
    }
}

/* After a logical operation CF = OF = 0. */
static bool cond_after_logic(DisasContext *s, int jcc, X86Cond *c)
{
    MemOp ot = (MemOp)(s->cc_op & 3);
    TCGv_i64 zero = tcg_constant_i64(0);
    switch (jcc) {
    case JCC_Z:
    case JCC_BE:
        *c = (X86Cond){TCG_COND_EQ, gen_ext(ot, cpu_cc_dst, false), zero};
        return true;
    case JCC_S:
    case JCC_L:
        *c = (X86Cond){TCG_COND_LT, gen_ext(ot, cpu_cc_dst, true), zero};
        return true;
    case JCC_LE:
        *c = (X86Cond){TCG_COND_LE, gen_ext(ot, cpu_cc_dst, true), zero};
        return true;
    case JCC_O:
    case JCC_B:
        *c = (X86Cond){TCG_COND_NEVER, zero, zero};
        return true;
    default:
        return false;
    }
}

/* Every kind but EFLAGS derives ZF and SF from the result alone. */
static bool cond_from_result(DisasContext *s, int jcc, X86Cond *c)
{
    MemOp ot = (MemOp)(s->cc_op & 3);
    switch (jcc) {
    case JCC_Z:
        *c = (X86Cond){TCG_COND_EQ, gen_ext(ot, cpu_cc_dst, false), tcg_constant_i64(0)};
        return true;
    case JCC_S:
        *c = (X86Cond){TCG_COND_LT, gen_ext(ot, cpu_cc_dst, true), tcg_constant_i64(0)};
        return true;
    default:
        return false;
    }
}

static const uint32_t jcc_flag_mask[8] = {CC_O, CC_C, CC_Z, CC_C | CC_Z, CC_S, CC_P, 0, 0};

static X86Cond cond_from_eflags(DisasContext *s, int jcc)
{
    TCGv_i64 f = gen_eflags_arith(s);
    if (jcc == JCC_L || jcc == JCC_LE) {
        /* SF != OF: OF (bit 11) shifted onto SF (bit 7). */
        TCGv_i64 t = tcg_temp_new_i64();
        tcg_gen_shri_i64(t, f, 4);
        tcg_gen_xor_i64(t, t, f);
        tcg_gen_andi_i64(t, t, CC_S);
        if (jcc == JCC_LE) {
            TCGv_i64 z = tcg_temp_new_i64();
            tcg_gen_andi_i64(z, f, CC_Z);
            tcg_gen_or_i64(t, t, z);
        }
        return (X86Cond){TCG_COND_NE, t, tcg_constant_i64(0)};
    }
    return (X86Cond){TCG_COND_TSTNE, f, tcg_constant_i64(jcc_flag_mask[jcc])};
}

static X86Cond gen_cond(DisasContext *s, int cc)
{
    int jcc = (cc >> 1) & 7;
    X86Cond c;
    bool done = false;
    int kind = s->cc_op >= 0 ? s->cc_op >> 2 : -1;

    if (kind == CC_KIND_SUB) {
        done = cond_after_sub(s, jcc, &c);
    } else if (kind == CC_KIND_LOGIC) {
        done = cond_after_logic(s, jcc, &c);
    } else if (kind > CC_KIND_EFLAGS) {
        done = cond_from_result(s, jcc, &c);
    }
    if (!done && jcc == JCC_B) {
        TCGv_i64 cf = cf_from_known_kind(s);
        if (cf) {
            c = (X86Cond){TCG_COND_NE, cf, tcg_constant_i64(0)};
            done = true;
        }
    }
    if (!done) {
        c = cond_from_eflags(s, jcc);
    }
    if (cc & 1) {
        c.cond = tcg_invert_cond(c.cond);
    }
    return c;
}

TCGv_i64 gen_cond_value(DisasContext *s, int cc)
{
    X86Cond c = gen_cond(s, cc);
    TCGv_i64 t = tcg_temp_new_i64();
    tcg_gen_setcond_i64(c.cond, t, c.a, c.b);
    return t;
}

void gen_cond_branch(DisasContext *s, int cc, TCGLabel *l)
{
    X86Cond c = gen_cond(s, cc);
    tcg_gen_brcond_i64(c.cond, c.a, c.b, l);
}

/* ================================================================ TB control */

static bool use_goto_tb(DisasContext *s, uint64_t dest_linear)
{
    return !s->singlestep && !log_enabled(LOG_NOCHAIN) && !(s->flags & TBF_TF) &&
           ((dest_linear ^ s->base.pc_first) & TARGET_PAGE_MASK) == 0;
}

void gen_exit_tb(DisasContext *s)
{
    if (s->flags & TBF_TF) {
        gen_helper_x86_debug_trap(tcg_env);
    }
    tcg_gen_exit_tb();
    s->base.is_jmp = DISAS_NORETURN;
}

static void gen_leave_tb(DisasContext *s)
{
    if (s->singlestep || (s->flags & TBF_TF)) {
        gen_exit_tb(s);
    } else {
        tcg_gen_lookup_and_goto_ptr();
        s->base.is_jmp = DISAS_NORETURN;
    }
}

uint64_t x86_branch_eip(DisasContext *s, uint64_t eip)
{
    if (s->code64) {
        return eip;
    }
    return eip & (s->dflag == MO_16 ? 0xffff : 0xffffffffu);
}

void gen_jmp_eip(DisasContext *s, uint64_t eip, int slot)
{
    tcg_gen_movi_i64(cpu_eip, (int64_t)eip);
    if (use_goto_tb(s, s->cs_base + eip)) {
        tcg_gen_goto_tb((unsigned)slot);
        s->base.is_jmp = DISAS_NORETURN;
    } else {
        gen_leave_tb(s);
    }
}

void gen_jmp_dyn(DisasContext *s, TCGv_i64 eip)
{
    tcg_gen_mov_i64(cpu_eip, eip);
    gen_leave_tb(s);
}

void gen_end_tb(DisasContext *s)
{
    tcg_gen_movi_i64(cpu_eip, (int64_t)x86_next_eip(s));
    gen_exit_tb(s);
}

void gen_exception(DisasContext *s, int vector)
{
    gen_helper_x86_raise_exception(tcg_env, tcg_constant_i32(vector));
    tcg_gen_exit_tb();
    s->base.is_jmp = DISAS_NORETURN;
}

void gen_exception_err(DisasContext *s, int vector, uint32_t code)
{
    gen_helper_x86_raise_exception_err(tcg_env, tcg_constant_i32(vector),
                                       tcg_constant_i32((int32_t)code));
    tcg_gen_exit_tb();
    s->base.is_jmp = DISAS_NORETURN;
}

/* ================================================================ decoding */

static bool decode_prefixes(DisasContext *s, int *opcode)
{
    for (;;) {
        int b = (int)fetch(s, MO_8);
        if (insn_too_long(s, 0)) {
            return false;
        }
        switch (b) {
        case 0xf3:
            s->prefixes = (s->prefixes & ~PREFIX_REPNZ) | PREFIX_REPZ;
            break;
        case 0xf2:
            s->prefixes = (s->prefixes & ~PREFIX_REPZ) | PREFIX_REPNZ;
            break;
        case 0xf0:
            s->prefixes |= PREFIX_LOCK;
            break;
        case 0x26:
        case 0x2e:
        case 0x36:
        case 0x3e:
            s->override = (b >> 3) & 3;
            break;
        case 0x64:
        case 0x65:
            s->override = b - 0x64 + R_FS;
            break;
        case 0x66:
            s->prefixes |= PREFIX_DATA;
            break;
        case 0x67:
            s->prefixes |= PREFIX_ADR;
            break;
        default:
            if (s->code64 && (b & 0xf0) == 0x40) {
                /* REX counts only directly before the opcode: a later prefix resets it. */
                s->prefixes |= PREFIX_REX;
                s->rex_w = (b >> 3) & 1;
                s->rex_r = (b >> 2) & 1;
                s->rex_x = (b >> 1) & 1;
                s->rex_b = b & 1;
                continue;
            }
            *opcode = b;
            return true;
        }
        s->prefixes &= ~PREFIX_REX;
        s->rex_w = s->rex_r = s->rex_x = s->rex_b = 0;
    }
}

static void compute_sizes(DisasContext *s)
{
    bool data = s->prefixes & PREFIX_DATA, adr = s->prefixes & PREFIX_ADR;
    if (s->code64) {
        s->dflag = s->rex_w ? MO_64 : data ? MO_16 : MO_32;
        s->aflag = adr ? MO_32 : MO_64;
    } else {
        s->dflag = (s->code32 ^ data) ? MO_32 : MO_16;
        s->aflag = (s->code32 ^ adr) ? MO_32 : MO_16;
    }
}

/* 16-bit addressing: [BX+SI] [BX+DI] [BP+SI] [BP+DI] [SI] [DI] [BP] [BX]. */
static TCGv_i64 decode_ea16(DisasContext *s, int *def_seg)
{
    static const int8_t base_reg[8] = {R_EBX, R_EBX, R_EBP, R_EBP, R_ESI, R_EDI, R_EBP, R_EBX};
    static const int8_t index_reg[8] = {R_ESI, R_EDI, R_ESI, R_EDI, -1, -1, -1, -1};
    int rm = s->modrm & 7;
    int64_t disp = 0;
    TCGv_i64 ea = tcg_temp_new_i64();

    if (s->mod == 0 && rm == 6) {
        disp = fetch_signed(s, MO_16);
        tcg_gen_movi_i64(ea, disp & 0xffff);
        *def_seg = R_DS;
        return ea;
    }
    disp = s->mod == 1 ? fetch_signed(s, MO_8) : s->mod == 2 ? fetch_signed(s, MO_16) : 0;
    tcg_gen_addi_i64(ea, cpu_regs[base_reg[rm]], disp);
    if (index_reg[rm] >= 0) {
        tcg_gen_add_i64(ea, ea, cpu_regs[index_reg[rm]]);
    }
    tcg_gen_ext16u_i64(ea, ea);
    *def_seg = base_reg[rm] == R_EBP ? R_SS : R_DS;
    return ea;
}

/* 32/64-bit addressing with SIB and RIP-relative forms. */
static TCGv_i64 decode_ea32(DisasContext *s, int *def_seg)
{
    int rm = s->modrm & 7, base = rm, index = -1, scale = 0;
    int64_t disp;
    bool rip_rel = false;
    TCGv_i64 ea = tcg_temp_new_i64();

    if (rm == 4) {
        int sib = (int)fetch(s, MO_8);
        scale = sib >> 6;
        index = ((sib >> 3) & 7) | (s->rex_x << 3);
        base = sib & 7;
        if (index == R_ESP) {
            index = -1;
        }
    }
    *def_seg = R_DS;
    if (s->mod == 0 && base == 5) {
        disp = fetch_signed(s, MO_32);
        if (rm == 5 && s->code64) {
            rip_rel = true;
        }
        base = -1;
    } else {
        base |= s->rex_b << 3;
        s->ea_sp_base = base == R_ESP;
        disp = s->mod == 1 ? fetch_signed(s, MO_8) : s->mod == 2 ? fetch_signed(s, MO_32) : 0;
        if ((base & 7) == R_ESP || (base & 7) == R_EBP) {
            *def_seg = R_SS;
        }
    }
    if (rip_rel) {
        /* Relative to the next instruction: the immediates still to come count. */
        tcg_gen_movi_i64(ea, (int64_t)(x86_next_eip(s) + s->rip_offset + disp));
    } else {
        tcg_gen_movi_i64(ea, disp);
        if (base >= 0) {
            tcg_gen_add_i64(ea, ea, cpu_regs[base]);
        }
        if (index >= 0) {
            TCGv_i64 t = tcg_temp_new_i64();
            tcg_gen_shli_i64(t, cpu_regs[index], (unsigned)scale);
            tcg_gen_add_i64(ea, ea, t);
        }
    }
    if (s->aflag == MO_32) {
        tcg_gen_ext32u_i64(ea, ea);
    }
    return ea;
}

static int operand_seg(DisasContext *s, int def_seg)
{
    return s->override >= 0 ? s->override : def_seg;
}

/* The size an immediate of kind/size occupies in the instruction. */
static MemOp imm_size(DisasContext *s, X86OpSize sz, MemOp ot)
{
    if (sz == SZ_Z) {
        return ot == MO_64 ? MO_32 : ot;
    }
    if (sz == SZ_BV) {
        return MO_8;
    }
    return ot;
}

static MemOp resolve_size(DisasContext *s, X86OpSize sz)
{
    switch (sz) {
    case SZ_B:
        return MO_8;
    case SZ_W:
        return MO_16;
    case SZ_D:
        return MO_32;
    case SZ_Q:
        return MO_64;
    case SZ_Y:
        return s->dflag == MO_64 ? MO_64 : MO_32;
    default:
        return s->dflag;
    }
}

/* Bytes of immediates that follow the ModRM displacement (for RIP-relative). */
/* The encoded size of the immediate of operand i (entry e). */
static MemOp encoded_imm_size(DisasContext *s, const X86OpEntry *e, int i)
{
    X86OpSize sz = (X86OpSize)e->size[i];
    if ((e->flags & X86_SIZE8) && (sz == SZ_V || sz == SZ_Z)) {
        return MO_8;
    }
    return imm_size(s, sz, resolve_size(s, sz));
}

static int immediate_bytes(DisasContext *s, const X86OpEntry *e)
{
    int n = 0;
    for (int i = 0; i < 3; i++) {
        if (e->kind[i] == OPK_I || e->kind[i] == OPK_J) {
            n += 1 << encoded_imm_size(s, e, i);
        }
    }
    return n;
}

static void decode_modrm_operand(DisasContext *s, X86Insn *d)
{
    int def_seg;
    TCGv_i64 ea;
    if (d->addr || s->mod == 3) {
        return;
    }
    s->rip_offset = immediate_bytes(s, d->e);
    ea = s->aflag == MO_16 ? decode_ea16(s, &def_seg) : decode_ea32(s, &def_seg);
    d->ea = ea;
    d->addr = gen_seg_addr(s, operand_seg(s, def_seg), ea);
}

/* ================================================================ vector operands */

static bool is_vec_kind(X86OpKind k) { return k >= OPK_V; }

/* Bytes of a vector operand of size sz. */
static int vec_bytes(X86OpSize sz)
{
    switch (sz) {
    case SZ_B:
        return 1;
    case SZ_W:
        return 2;
    case SZ_D:
        return 4;
    case SZ_Q:
        return 8;
    default:
        return 16;
    }
}

static bool decode_vec_operand(DisasContext *s, X86Insn *d, X86Operand *op)
{
    bool mmx = op->kind >= OPK_P;
    bool rm = op->kind != OPK_V && op->kind != OPK_P;
    bool reg_only = op->kind == OPK_U || op->kind == OPK_N;
    if (rm && s->mod != 3) {
        if (reg_only) {
            return false;
        }
        op->mem = true;
        op->ofs = (intptr_t)offsetof(X86CPU, vec_tmp);
        decode_modrm_operand(s, d);
        return true;
    }
    op->reg = rm ? s->rm : s->reg;
    if (mmx) {
        op->reg &= 7;
    }
    op->ofs = mmx ? x86_mmx_ofs(op->reg) : x86_xmm_ofs(op->reg);
    return true;
}

TCGv_ptr x86_env_ptr(intptr_t ofs)
{
    TCGv_ptr p = tcg_temp_new_i64();
    tcg_gen_addi_i64(p, tcg_env, ofs);
    return p;
}

TCGv_ptr x86_vec_ptr(X86Insn *d, int i) { return x86_env_ptr(d->op[i].ofs); }

/* 16-byte memory operands of legacy SSE instructions must be aligned: #GP(0). */
static void gen_check_align16(DisasContext *s, X86Insn *d)
{
    if (!(d->e->flags & X86_UNALIGNED)) {
        gen_helper_x86_check_align16(tcg_env, d->addr);
    }
}

/* Memory operand i (a vector) into vec_tmp, zero above its size. */
static void load_vec_operand(DisasContext *s, X86Insn *d, int i)
{
    int bytes = vec_bytes((X86OpSize)d->e->size[i]);
    intptr_t tmp = (intptr_t)offsetof(X86CPU, vec_tmp);
    if (bytes == 16) {
        TCGv_i64 hi_addr = tcg_temp_new_i64();
        gen_check_align16(s, d);
        tcg_gen_addi_i64(hi_addr, d->addr, 8);
        if (!s->code64) {
            tcg_gen_ext32u_i64(hi_addr, hi_addr);
        }
        TCGv_i64 lo = gen_ld(s, MO_64, d->addr), hi = gen_ld(s, MO_64, hi_addr);
        tcg_gen_st_i64(lo, tcg_env, tmp);
        tcg_gen_st_i64(hi, tcg_env, tmp + 8);
        return;
    }
    tcg_gen_st_i64(gen_ld(s, (MemOp)__builtin_ctz((unsigned)bytes), d->addr), tcg_env, tmp);
    tcg_gen_st_i64(tcg_constant_i64(0), tcg_env, tmp + 8);
}

/* vec_tmp's low bytes (operand 0's size) to memory. */
static void store_vec_operand(DisasContext *s, X86Insn *d)
{
    int bytes = vec_bytes((X86OpSize)d->e->size[0]);
    intptr_t tmp = (intptr_t)offsetof(X86CPU, vec_tmp);
    TCGv_i64 lo = tcg_temp_new_i64();
    tcg_gen_ld_i64(lo, tcg_env, tmp);
    if (bytes == 16) {
        TCGv_i64 hi = tcg_temp_new_i64(), hi_addr = tcg_temp_new_i64();
        gen_check_align16(s, d);
        tcg_gen_ld_i64(hi, tcg_env, tmp + 8);
        tcg_gen_addi_i64(hi_addr, d->addr, 8);
        if (!s->code64) {
            tcg_gen_ext32u_i64(hi_addr, hi_addr);
        }
        /*
         * High half first, so that an unaligned store crossing into an
         * unmapped page faults before writing anything.  (A fault on the
         * low half's page after the high half was written is not undone:
         * the store is not probed as a whole.)
         */
        gen_st(s, MO_64, hi_addr, hi);
        gen_st(s, MO_64, d->addr, lo);
        return;
    }
    gen_st(s, (MemOp)__builtin_ctz((unsigned)bytes), d->addr, lo);
}

/*
 * SSE and MMX availability (CR0.EM, CR0.TS, CR4.OSFXSR, from the TB flags);
 * false after raising the exception.
 */
static bool vec_access_ok(DisasContext *s, uint32_t flags)
{
    if (flags & X86_SSE) {
        if ((s->flags & TBF_EM) || !(s->flags & TBF_OSFXSR)) {
            gen_exception(s, EXCP_UD);
            return false;
        }
    } else if (!(flags & X86_MMX)) {
        return true;
    } else if (s->flags & TBF_EM) {
        gen_exception(s, EXCP_UD);
        return false;
    }
    if (s->flags & TBF_TS) {
        gen_exception(s, EXCP_NM);
        return false;
    }
    if (flags & X86_MMX) {
        gen_helper_x86_enter_mmx(tcg_env);
    }
    return true;
}

static bool decode_operand(DisasContext *s, X86Insn *d, int i)
{
    X86Operand *op = &d->op[i];
    X86OpSize sz = (X86OpSize)d->e->size[i];
    op->kind = (X86OpKind)d->e->kind[i];
    op->ot = resolve_size(s, sz);
    if ((d->e->flags & X86_SIZE8) && (sz == SZ_V || sz == SZ_Z)) {
        op->ot = MO_8;
    }
    switch (op->kind) {
    case OPK_NONE:
        break;
    case OPK_E:
    case OPK_M:
    case OPK_MV:
    case OPK_R:
        if ((op->kind == OPK_M || op->kind == OPK_MV) && s->mod == 3) {
            return false;
        }
        if (op->kind == OPK_R && s->mod != 3) {
            return false;
        }
        op->mem = s->mod != 3;
        op->reg = s->rm;
        decode_modrm_operand(s, d);
        break;
    case OPK_G:
        op->reg = s->reg;
        break;
    case OPK_Z:
        op->reg = (d->b & 7) | (s->rex_b << 3);
        break;
    case OPK_A:
        op->reg = R_EAX;
        break;
    case OPK_C:
        op->reg = R_ECX;
        break;
    case OPK_D:
        op->reg = R_EDX;
        break;
    case OPK_1:
        op->imm = 1;
        break;
    case OPK_I:
    case OPK_J:
        op->imm = (uint64_t)fetch_signed(s, encoded_imm_size(s, d->e, i));
        break;
    case OPK_O: {
        TCGv_i64 ea = tcg_constant_i64((int64_t)fetch(s, s->aflag));
        op->mem = true;
        d->addr = gen_seg_addr(s, operand_seg(s, R_DS), ea);
        break;
    }
    default:
        return decode_vec_operand(s, d, op);
    }
    return true;
}

static TCGv_i64 load_operand(DisasContext *s, X86Insn *d, int i)
{
    X86Operand *op = &d->op[i];
    if (is_vec_kind(op->kind)) {
        if (op->mem) {
            load_vec_operand(s, d, i);
        }
        return NULL;
    }
    switch (op->kind) {
    case OPK_NONE:
    case OPK_M:
        return NULL;
    case OPK_I:
    case OPK_J:
    case OPK_1: {
        TCGv_i64 t = tcg_temp_new_i64();
        tcg_gen_movi_i64(t, (int64_t)op->imm);
        return op->kind == OPK_J ? t : gen_ext(op->ot, t, false);
    }
    default:
        if (op->mem) {
            return gen_ld(s, op->ot, d->addr);
        }
        return gen_load_reg(s, op->ot, op->reg);
    }
}

void x86_store_operand(DisasContext *s, X86Insn *d, int i, TCGv_i64 v)
{
    X86Operand *op = &d->op[i];
    if (is_vec_kind(op->kind)) {
        if (op->mem) {
            store_vec_operand(s, d);
        }
        return;
    }
    if (op->mem) {
        gen_st(s, op->ot, d->addr, v);
    } else {
        gen_store_reg(s, op->ot, op->reg, v);
    }
}

/* The mandatory prefix an X86_PFX group selects by: 0 none, 1 66, 2 F3, 3 F2. */
static int mandatory_prefix(DisasContext *s)
{
    if (s->prefixes & PREFIX_REPZ) {
        return 2;
    }
    if (s->prefixes & PREFIX_REPNZ) {
        return 3;
    }
    return (s->prefixes & PREFIX_DATA) ? 1 : 0;
}

/* Consume the prefix a prefix group selected by: 66 no longer sets the operand size. */
static void consume_prefix(DisasContext *s, int pfx)
{
    static const int bits[4] = {0, PREFIX_DATA, PREFIX_REPZ, PREFIX_REPNZ};
    s->prefixes &= ~bits[pfx];
    compute_sizes(s);
}

/*
 * Descend ModRM.reg groups and prefix groups from top, merging each level's
 * flags and operands into *out.  NULL for an empty slot.
 */
static const X86OpEntry *lookup_entry(DisasContext *s, X86Insn *d, const X86OpEntry *top,
                                      X86OpEntry *out)
{
    const X86OpEntry *e = top;
    *out = *top;
    while (e->flags & (X86_GROUP | X86_PFX)) {
        uint32_t inherited = out->flags & ~(uint32_t)(X86_GROUP | X86_PFX);
        X86OpEntry parent = *out;
        if (e->flags & X86_PFX) {
            d->pfx = mandatory_prefix(s);
            consume_prefix(s, d->pfx);
            e = &e->group[d->pfx];
        } else {
            e = &e->group[(s->modrm >> 3) & 7];
        }
        *out = *e;
        out->flags |= inherited;
        for (int i = 0; i < 3; i++) {
            if (!out->kind[i] && parent.kind[i]) {
                out->kind[i] = parent.kind[i];
                out->size[i] = parent.size[i];
            }
        }
    }
    return e;
}

static bool needs_modrm(const X86OpEntry *e)
{
    if (e->flags & (X86_MODRM | X86_GROUP | X86_PFX)) {
        return true;
    }
    for (int i = 0; i < 3; i++) {
        if (is_vec_kind((X86OpKind)e->kind[i])) {
            return true;
        }
        switch (e->kind[i]) {
        case OPK_E:
        case OPK_M:
        case OPK_MV:
        case OPK_R:
        case OPK_G:
            return true;
        default:
            break;
        }
    }
    return false;
}

static void decode_modrm(DisasContext *s)
{
    s->modrm = (int)fetch(s, MO_8);
    s->mod = s->modrm >> 6;
    s->reg = ((s->modrm >> 3) & 7) | (s->rex_r << 3);
    s->rm = (s->modrm & 7) | (s->rex_b << 3);
    s->has_modrm = true;
}

/* The map of an opcode (after 0F, 0F 38 or 0F 3A). */
static const X86OpEntry *map_entry(int b)
{
    static const X86OpEntry *const maps[4] = {x86_map_one, x86_map_0f, x86_map_0f38,
                                              x86_map_0f3a};
    return &maps[b >> 8][b & 0xff];
}

static int fetch_opcode(DisasContext *s, int b)
{
    if (b != 0x0f) {
        return b;
    }
    b = (int)fetch(s, MO_8);
    if (b == 0x38 || b == 0x3a) {
        return (b == 0x38 ? 0x200 : 0x300) | (int)fetch(s, MO_8);
    }
    return 0x100 | b;
}

static void disas_insn(DisasContext *s)
{
    X86Insn d = {0};
    int b;
    const X86OpEntry *top;
    X86OpEntry merged;

    s->prefixes = 0;
    s->rex_w = s->rex_r = s->rex_x = s->rex_b = 0;
    s->override = -1;
    s->has_modrm = false;
    s->ea_sp_base = false;
    s->cc_pending = false;
    if (!decode_prefixes(s, &b)) {
        gen_exception_err(s, EXCP_GP, 0);
        return;
    }
    b = fetch_opcode(s, b);
    compute_sizes(s);
    top = map_entry(b);
    if (!s->code64 && top->legacy) {
        top = top->legacy;
    }
    if (needs_modrm(top)) {
        decode_modrm(s);
    }
    lookup_entry(s, &d, top, &merged);
    d.e = &merged;
    d.b = b;
    if (!merged.fn || (s->code64 && (merged.flags & X86_NO64)) ||
        (!s->code64 && (merged.flags & X86_ONLY64))) {
        static const char *const escapes[4] = {"", "0f ", "0f 38 ", "0f 3a "};
        log_mask_printf(LOG_UNIMP, "x86: unimplemented or invalid opcode %s%02x at 0x%llx\n",
                        escapes[b >> 8], b & 0xff, (unsigned long long)s->pc_start);
        gen_exception(s, EXCP_UD);
        return;
    }
    if (s->code64 && (merged.flags & (X86_D64 | X86_F64))) {
        if ((merged.flags & X86_F64) || !(s->prefixes & PREFIX_DATA) || s->rex_w) {
            s->dflag = MO_64;
        }
    }
    for (int i = 0; i < 3; i++) {
        if (!decode_operand(s, &d, i)) {
            gen_exception(s, EXCP_UD);
            return;
        }
    }
    if (insn_too_long(s, 0)) {
        gen_exception_err(s, EXCP_GP, 0);
        return;
    }
    if ((s->prefixes & PREFIX_LOCK) && (!(merged.flags & X86_LOCK) || !d.op[0].mem)) {
        gen_exception(s, EXCP_UD);
        return;
    }
    if ((merged.flags & X86_PRIV) && s->cpl != 0) {
        gen_exception_err(s, EXCP_GP, 0);
        return;
    }
    if (!vec_access_ok(s, merged.flags)) {
        return;
    }
    for (int i = 0; i < 3; i++) {
        if (i == 0 && (merged.flags & X86_NOLOAD0)) {
            continue;
        }
        d.v[i] = load_operand(s, &d, i);
    }
    merged.fn(s, &d);
    if (s->base.is_jmp == DISAS_NORETURN) {
        return;
    }
    if (merged.flags & X86_WB) {
        x86_store_operand(s, &d, 0, d.v[0]);
    }
    gen_commit_cc(s);
    if (merged.flags & X86_END) {
        gen_end_tb(s);
    }
}

/* ================================================================ translator hooks */

static void x86_init_disas_context(DisasContextBase *db, CPUState *cs)
{
    DisasContext *s = (DisasContext *)db;
    X86CPU *cpu = x86_cpu(cs);
    uint32_t f = db->tb->flags;
    s->cpu = cpu;
    s->flags = f;
    s->cs_base = (f & TBF_CS64) ? 0 : cpu->segs[R_CS].base;
    s->code64 = f & TBF_CS64;
    s->code32 = f & TBF_CS32;
    s->ss32 = f & TBF_SS32;
    s->pe = f & TBF_PE;
    s->vm86 = f & TBF_VM;
    s->cpl = (int)(f & TBF_CPL_MASK);
    s->mmu_idx = s->cpl == 3 ? X86_MMU_IDX_USER : X86_MMU_IDX_KERNEL;
    s->singlestep = cs->singlestep != 0;
    s->cc_op = -1;
}

static void x86_tb_start(DisasContextBase *db, CPUState *cs)
{
    /* This TB is the one instruction the interrupt shadow covers: it ends here. */
    if (db->tb->flags & TBF_INHIBIT) {
        tcg_gen_st8_i64(tcg_constant_i64(0), tcg_env, offsetof(X86CPU, inhibit_irq));
    }
}

static void x86_insn_start(DisasContextBase *db, CPUState *cs)
{
    DisasContext *s = (DisasContext *)db;
    tcg_gen_insn_start(db->pc_next, db->pc_next - s->cs_base);
}

static void x86_translate_insn(DisasContextBase *db, CPUState *cs)
{
    DisasContext *s = (DisasContext *)db;
    s->pc_start = db->pc_next;
    disas_insn(s);
    /* Single-step traps and the STI/MOV SS shadow want one instruction per TB. */
    if (db->is_jmp == DISAS_NEXT && (s->flags & (TBF_TF | TBF_INHIBIT))) {
        db->is_jmp = DISAS_TOO_MANY;
    }
}

static void x86_tb_stop(DisasContextBase *db, CPUState *cs)
{
    DisasContext *s = (DisasContext *)db;
    if (db->is_jmp == DISAS_NEXT || db->is_jmp == DISAS_TOO_MANY) {
        if (s->flags & (TBF_TF | TBF_INHIBIT)) {
            gen_end_tb(s);
        } else {
            gen_jmp_eip(s, x86_next_eip(s), 1);
        }
    }
}

static const TranslatorOps x86_translator_ops = {
    .init_disas_context = x86_init_disas_context,
    .tb_start = x86_tb_start,
    .insn_start = x86_insn_start,
    .translate_insn = x86_translate_insn,
    .tb_stop = x86_tb_stop,
};

void x86_translate(CPUState *cs, TranslationBlock *tb, int max_insns)
{
    DisasContext s = {0};
    translator_loop(cs, tb, max_insns, &x86_translator_ops, &s.base);
}
