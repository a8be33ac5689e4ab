/*
 * A64 translation: TCG globals, register accessors, TB control, the
 * translator hooks, and the data-processing and branch instructions
 * (a64_dp_patterns).  Loads/stores and system instructions live in
 * translate-a64-ldst.c and translate-a64-sys.c.
 */
#include <stddef.h>
#include <stdio.h>

#include "target-arm/cpu-features.h"
#include "target-arm/helper-a64.h"
#include "target-arm/translate-a64.h"
#include "util/log.h"

TCGv_i64 cpu_X[32], cpu_pc, cpu_NF, cpu_ZF, cpu_CF, cpu_VF;
TCGv_i64 cpu_exclusive_addr, cpu_exclusive_val, cpu_exclusive_high;

/* ================================================================ setup */

void a64_translate_init(void)
{
    static char names[31][16];
    static bool done;
    if (done) {
        return;
    }
    done = true;
    for (int i = 0; i < 31; i++) {
        snprintf(names[i], sizeof(names[i]), "x%d", i);
        cpu_X[i] = tcg_global_mem_new_i64(offsetof(ARMCPU, xregs[i]), names[i]);
    }
    cpu_X[31] = tcg_global_mem_new_i64(offsetof(ARMCPU, xregs[31]), "sp");
    cpu_pc = tcg_global_mem_new_i64(offsetof(ARMCPU, pc), "pc");
    cpu_NF = tcg_global_mem_new_i64(offsetof(ARMCPU, nf), "NF");
    cpu_ZF = tcg_global_mem_new_i64(offsetof(ARMCPU, zf), "ZF");
    cpu_CF = tcg_global_mem_new_i64(offsetof(ARMCPU, cf), "CF");
    cpu_VF = tcg_global_mem_new_i64(offsetof(ARMCPU, vf), "VF");
    cpu_exclusive_addr = tcg_global_mem_new_i64(offsetof(ARMCPU, exclusive_addr), "excl_addr");
    cpu_exclusive_val = tcg_global_mem_new_i64(offsetof(ARMCPU, exclusive_val), "excl_val");
    cpu_exclusive_high = tcg_global_mem_new_i64(offsetof(ARMCPU, exclusive_high), "excl_high");
    a64_decode_init();
}

/* ================================================================ registers */

static TCGv_i64 new_zero(void)
{
    TCGv_i64 t = tcg_temp_new_i64();
    tcg_gen_movi_i64(t, 0);
    return t;
}

TCGv_i64 cpu_reg(DisasContext *s, int n) { return n == 31 ? new_zero() : cpu_X[n]; }

TCGv_i64 cpu_reg_sp(DisasContext *s, int n) { return cpu_X[n]; }

static TCGv_i64 read_value(TCGv_i64 reg, bool sf)
{
    TCGv_i64 t = tcg_temp_new_i64();
    if (sf) {
        tcg_gen_mov_i64(t, reg);
    } else {
        tcg_gen_ext32u_i64(t, reg);
    }
    return t;
}

TCGv_i64 read_cpu_reg(DisasContext *s, int n, bool sf)
{
    return n == 31 ? new_zero() : read_value(cpu_X[n], sf);
}

TCGv_i64 read_cpu_reg_sp(DisasContext *s, int n, bool sf) { return read_value(cpu_X[n], sf); }

static void write_value(TCGv_i64 reg, TCGv_i64 v, bool sf)
{
    if (sf) {
        tcg_gen_mov_i64(reg, v);
    } else {
        tcg_gen_ext32u_i64(reg, v);
    }
}

void write_cpu_reg(DisasContext *s, int n, TCGv_i64 v, bool sf)
{
    if (n != 31) {
        write_value(cpu_X[n], v, sf);
    }
}

/*
 * Register n (31 = XZR) as the operand of an operation of either width whose
 * low 32 bits depend only on the operands' low 32 bits: for a 32-bit
 * operation the high half may hold anything, since the result is truncated
 * (or zero-extended by the flag code) anyway.  Saves a zero-extension per
 * operand of every 32-bit instruction.
 */
static TCGv_i64 read_operand(DisasContext *s, int n) { return read_cpu_reg(s, n, true); }

/* Store v into register n where 31 means SP. */
static void write_cpu_reg_sp(int n, TCGv_i64 v, bool sf) { write_value(cpu_X[n], v, sf); }

/* ================================================================ TB control */

/*
 * Chain directly only within the TB's own guest page: a jump to another
 * page must look its target up again, since that page's mapping may change.
 */
static bool use_goto_tb(DisasContext *s, uint64_t dest)
{
    return !s->singlestep && !log_enabled(LOG_NOCHAIN) &&
           ((dest ^ s->base.pc_first) & TARGET_PAGE_MASK) == 0;
}

static void gen_leave_tb(DisasContext *s)
{
    if (s->singlestep) {
        tcg_gen_exit_tb();
    } else {
        tcg_gen_lookup_and_goto_ptr();
    }
}

void gen_goto_tb(DisasContext *s, int n, uint64_t dest)
{
    tcg_gen_movi_i64(cpu_pc, (int64_t)dest);
    if (use_goto_tb(s, dest)) {
        tcg_gen_goto_tb((unsigned)n);
    } else {
        gen_leave_tb(s);
    }
    s->base.is_jmp = DISAS_NORETURN;
}

void gen_jump_reg(DisasContext *s, TCGv_i64 dest)
{
    tcg_gen_mov_i64(cpu_pc, dest);
    gen_leave_tb(s);
    s->base.is_jmp = DISAS_NORETURN;
}

void gen_exception_insn(DisasContext *s, int excp, uint32_t syndrome, int target_el)
{
    tcg_gen_movi_i64(cpu_pc, (int64_t)s->pc_curr);
    gen_helper_raise_exception(tcg_env, tcg_constant_i32(excp),
                               tcg_constant_i32((int32_t)syndrome),
                               tcg_constant_i32(target_el));
    /* Not reached: the helper always reports the exception. */
    tcg_gen_exit_tb();
    s->base.is_jmp = DISAS_NORETURN;
}

void unallocated_encoding(DisasContext *s)
{
    int target_el = s->current_el > 1 ? s->current_el : 1;
    gen_exception_insn(s, ARM_EXCP_UDEF, syn_make(EC_UNCATEGORIZED, 0), target_el);
}

/* ================================================================ translator hooks */

static int mmu_idx_for_flags(uint32_t flags)
{
    switch (flags & TBFLAG_EL_MASK) {
    case 0:
        return ARM_MMU_IDX_EL0;
    case 1:
        return (flags & TBFLAG_PAN) ? ARM_MMU_IDX_EL1_PAN : ARM_MMU_IDX_EL1;
    case 2:
        return ARM_MMU_IDX_EL2;
    default:
        return ARM_MMU_IDX_EL3;
    }
}

static void a64_init_disas_context(DisasContextBase *db, CPUState *cpu)
{
    DisasContext *s = (DisasContext *)db;
    uint32_t flags = db->tb->flags;
    s->cpu = arm_cpu(cpu);
    s->current_el = (int)(flags & TBFLAG_EL_MASK);
    s->mmu_idx = mmu_idx_for_flags(flags);
    s->align_check = (flags & TBFLAG_ALIGN) != 0;
    s->fp_enabled = (flags & TBFLAG_FPEN) != 0;
    s->singlestep = cpu->singlestep != 0;
}

static void a64_tb_start(DisasContextBase *db, CPUState *cpu) {}

static void a64_insn_start(DisasContextBase *db, CPUState *cpu)
{
    tcg_gen_insn_start(db->pc_next, 0);
}

static void a64_translate_insn(DisasContextBase *db, CPUState *cpu)
{
    DisasContext *s = (DisasContext *)db;
    s->pc_curr = db->pc_next;
    if (s->pc_curr & 3) {
        /* Only BR/BLR/RET/ERET can get here: the fault is on executing it. */
        tcg_gen_movi_i64(cpu_pc, (int64_t)s->pc_curr);
        gen_helper_pc_alignment_fault(tcg_env, tcg_constant_i64((int64_t)s->pc_curr));
        tcg_gen_exit_tb();
        db->is_jmp = DISAS_NORETURN;
        return;
    }
    s->insn = translator_ldl(cpu, db, s->pc_curr);
    db->pc_next += 4;
    a64_decode_insn(s, s->insn);
}

static void a64_tb_stop(DisasContextBase *db, CPUState *cpu)
{
    DisasContext *s = (DisasContext *)db;
    switch ((int)db->is_jmp) {
    case DISAS_NEXT:
    case DISAS_TOO_MANY:
        gen_goto_tb(s, 1, db->pc_next);
        break;
    case DISAS_UPDATE_EXIT:
        tcg_gen_movi_i64(cpu_pc, (int64_t)db->pc_next);
        tcg_gen_exit_tb();
        break;
    default: /* DISAS_NORETURN: the instruction ended the TB */
        break;
    }
}

static const TranslatorOps a64_translator_ops = {
    .init_disas_context = a64_init_disas_context,
    .tb_start = a64_tb_start,
    .insn_start = a64_insn_start,
    .translate_insn = a64_translate_insn,
    .tb_stop = a64_tb_stop,
};

void a64_translate(CPUState *cpu, TranslationBlock *tb, int max_insns)
{
    DisasContext s = {0};
    translator_loop(cpu, tb, max_insns, &a64_translator_ops, &s.base);
}

/* ================================================================ flags */

/* N and Z from a result; 32-bit results are sign-extended into NF. */
static void gen_set_nz(TCGv_i64 res, bool sf)
{
    if (sf) {
        tcg_gen_mov_i64(cpu_NF, res);
        tcg_gen_mov_i64(cpu_ZF, res);
    } else {
        tcg_gen_ext32s_i64(cpu_NF, res);
        tcg_gen_ext32u_i64(cpu_ZF, res);
    }
}

static void gen_logic_flags(TCGv_i64 res, bool sf)
{
    gen_set_nz(res, sf);
    tcg_gen_movi_i64(cpu_CF, 0);
    tcg_gen_movi_i64(cpu_VF, 0);
}

static TCGv_i64 zext32(TCGv_i64 v)
{
    TCGv_i64 t = tcg_temp_new_i64();
    tcg_gen_ext32u_i64(t, v);
    return t;
}

/*
 * dest = a + b (+ carry, a 0/1 value, if not NULL), setting NZCV.  Overflow
 * is set when both operands have the same sign and the result's differs.
 */
static void gen_add_flags(TCGv_i64 dest, TCGv_i64 a, TCGv_i64 b, TCGv_i64 carry, bool sf)
{
    TCGv_i64 res = tcg_temp_new_i64(), cf = tcg_temp_new_i64();
    TCGv_i64 vf = tcg_temp_new_i64(), t = tcg_temp_new_i64();
    if (sf) {
        TCGv_i64 zero = tcg_constant_i64(0);
        if (carry) {
            tcg_gen_add2_i64(res, cf, a, zero, carry, zero);
            tcg_gen_add2_i64(res, cf, res, cf, b, zero);
        } else {
            tcg_gen_add2_i64(res, cf, a, zero, b, zero);
        }
    } else {
        a = zext32(a);
        b = zext32(b);
        tcg_gen_add_i64(res, a, b);
        if (carry) {
            tcg_gen_add_i64(res, res, carry);
        }
        tcg_gen_shri_i64(cf, res, 32);
    }
    tcg_gen_xor_i64(vf, res, a);
    tcg_gen_xor_i64(t, a, b);
    tcg_gen_andc_i64(vf, vf, t);
    if (!sf) {
        tcg_gen_ext32s_i64(vf, vf);
    }
    gen_set_nz(res, sf);
    tcg_gen_mov_i64(cpu_CF, cf);
    tcg_gen_mov_i64(cpu_VF, vf);
    tcg_gen_mov_i64(dest, res);
}

/* dest = a - b setting NZCV; C means "no borrow". */
static void gen_sub_flags(TCGv_i64 dest, TCGv_i64 a, TCGv_i64 b, bool sf)
{
    TCGv_i64 res = tcg_temp_new_i64(), vf = tcg_temp_new_i64(), t = tcg_temp_new_i64();
    if (!sf) {
        a = zext32(a);
        b = zext32(b);
    }
    tcg_gen_sub_i64(res, a, b);
    tcg_gen_setcond_i64(TCG_COND_GEU, cpu_CF, a, b);
    tcg_gen_xor_i64(vf, res, a);
    tcg_gen_xor_i64(t, a, b);
    tcg_gen_and_i64(vf, vf, t);
    if (!sf) {
        tcg_gen_ext32s_i64(vf, vf);
    }
    gen_set_nz(res, sf);
    tcg_gen_mov_i64(cpu_VF, vf);
    tcg_gen_mov_i64(dest, res);
}

A64Cond gen_test_cond(int cc)
{
    A64Cond c;
    TCGv_i64 t;
    switch (cc >> 1) {
    case 0: /* EQ: Z */
        c = (A64Cond){TCG_COND_EQ, cpu_ZF};
        break;
    case 1: /* CS: C */
        c = (A64Cond){TCG_COND_NE, cpu_CF};
        break;
    case 2: /* MI: N */
        c = (A64Cond){TCG_COND_LT, cpu_NF};
        break;
    case 3: /* VS: V */
        c = (A64Cond){TCG_COND_LT, cpu_VF};
        break;
    case 4: /* HI: C && !Z -- (-C) & ZF is nonzero exactly then */
        t = tcg_temp_new_i64();
        tcg_gen_neg_i64(t, cpu_CF);
        tcg_gen_and_i64(t, t, cpu_ZF);
        c = (A64Cond){TCG_COND_NE, t};
        break;
    case 5: /* GE: N == V */
        t = tcg_temp_new_i64();
        tcg_gen_xor_i64(t, cpu_NF, cpu_VF);
        c = (A64Cond){TCG_COND_GE, t};
        break;
    case 6: /* GT: !Z && N == V -- ZF & ~((N ^ V) as all-ones) */
        t = tcg_temp_new_i64();
        tcg_gen_xor_i64(t, cpu_NF, cpu_VF);
        tcg_gen_sari_i64(t, t, 63);
        tcg_gen_andc_i64(t, cpu_ZF, t);
        c = (A64Cond){TCG_COND_NE, t};
        break;
    default: /* AL, NV */
        return (A64Cond){TCG_COND_ALWAYS, cpu_ZF};
    }
    if (cc & 1) {
        c.cond = tcg_invert_cond(c.cond);
    }
    return c;
}

/* ================================================================ operands */

enum { SHIFT_LSL, SHIFT_LSR, SHIFT_ASR, SHIFT_ROR };

/* Shift the sf-wide value src by a register or constant amount (mod width). */
static void gen_shift_32(TCGv_i64 d, TCGv_i64 src, TCGv_i32 amount, int type)
{
    TCGv_i32 t = tcg_temp_new_i32();
    tcg_gen_extrl_i64_i32(t, src);
    switch (type) {
    case SHIFT_LSL:
        tcg_gen_shl_i32(t, t, amount);
        break;
    case SHIFT_LSR:
        tcg_gen_shr_i32(t, t, amount);
        break;
    case SHIFT_ASR:
        tcg_gen_sar_i32(t, t, amount);
        break;
    default:
        tcg_gen_rotr_i32(t, t, amount);
        break;
    }
    tcg_gen_extu_i32_i64(d, t);
}

static void gen_shift_64(TCGv_i64 d, TCGv_i64 src, TCGv_i64 amount, int type)
{
    switch (type) {
    case SHIFT_LSL:
        tcg_gen_shl_i64(d, src, amount);
        break;
    case SHIFT_LSR:
        tcg_gen_shr_i64(d, src, amount);
        break;
    case SHIFT_ASR:
        tcg_gen_sar_i64(d, src, amount);
        break;
    default:
        tcg_gen_rotr_i64(d, src, amount);
        break;
    }
}

/*
 * The 32-bit forms only need the low 32 bits of d right (see read_operand),
 * so all but ROR are one 64-bit op: the right shifts are field extractions
 * of bits [31:amount].
 */
static void gen_shift_imm(TCGv_i64 d, TCGv_i64 src, bool sf, int type, unsigned amount)
{
    if (amount == 0) {
        if (d != src) {
            tcg_gen_mov_i64(d, src);
        }
    } else if (sf) {
        gen_shift_64(d, src, tcg_constant_i64(amount), type);
    } else if (type == SHIFT_LSL) {
        tcg_gen_shli_i64(d, src, amount);
    } else if (type == SHIFT_LSR) {
        tcg_gen_extract_i64(d, src, amount, 32 - amount);
    } else if (type == SHIFT_ASR) {
        tcg_gen_sextract_i64(d, src, amount, 32 - amount);
    } else {
        gen_shift_32(d, src, tcg_constant_i32(amount), type);
    }
}

/* Register rm shifted by an immediate (shifted-register forms). */
static TCGv_i64 read_shifted_reg(DisasContext *s, int rm, bool sf, int type, int amount)
{
    TCGv_i64 v = read_operand(s, rm);
    gen_shift_imm(v, v, sf, type, (unsigned)amount);
    return v;
}

/* Register rm extended by option (UXTB..SXTX) and shifted left by shift. */
static TCGv_i64 read_extended_reg(DisasContext *s, int rm, int option, int shift)
{
    TCGv_i64 v = read_cpu_reg(s, rm, true);
    switch (option) {
    case 0:
        tcg_gen_ext8u_i64(v, v);
        break;
    case 1:
        tcg_gen_ext16u_i64(v, v);
        break;
    case 2:
        tcg_gen_ext32u_i64(v, v);
        break;
    case 4:
        tcg_gen_ext8s_i64(v, v);
        break;
    case 5:
        tcg_gen_ext16s_i64(v, v);
        break;
    case 6:
        tcg_gen_ext32s_i64(v, v);
        break;
    default: /* UXTX, SXTX */
        break;
    }
    if (shift) {
        tcg_gen_shli_i64(v, v, (unsigned)shift);
    }
    return v;
}

/* ================================================================ PC-relative, add/sub */

static bool trans_ADR(DisasContext *s, const A64Args *a)
{
    int64_t offset = a->immhi * 4 + a->immlo;
    uint64_t base = s->pc_curr;
    if (a->op) { /* ADRP: 4 KiB pages */
        base &= ~0xfffull;
        offset *= 4096;
    }
    if (a->rd != 31) {
        tcg_gen_movi_i64(cpu_X[a->rd], (int64_t)(base + (uint64_t)offset));
    }
    return true;
}

/*
 * rd = n +/- m, optionally setting flags; without flags rd may be SP when
 * rd_sp (the immediate and extended-register forms).
 */
static void gen_addsub(DisasContext *s, const A64Args *a, TCGv_i64 n, TCGv_i64 m, bool rd_sp)
{
    TCGv_i64 res = tcg_temp_new_i64();
    bool sub = a->op;
    if (a->S) {
        if (sub) {
            gen_sub_flags(res, n, m, a->sf);
        } else {
            gen_add_flags(res, n, m, NULL, a->sf);
        }
        write_cpu_reg(s, (int)a->rd, res, a->sf);
        return;
    }
    if (sub) {
        tcg_gen_sub_i64(res, n, m);
    } else {
        tcg_gen_add_i64(res, n, m);
    }
    if (rd_sp) {
        write_cpu_reg_sp((int)a->rd, res, a->sf);
    } else {
        write_cpu_reg(s, (int)a->rd, res, a->sf);
    }
}

static bool trans_ADDSUB_i(DisasContext *s, const A64Args *a)
{
    uint64_t imm = (uint64_t)a->imm12 << (a->sh ? 12 : 0);
    TCGv_i64 n = read_cpu_reg_sp(s, (int)a->rn, true);
    gen_addsub(s, a, n, tcg_constant_i64((int64_t)imm), true);
    return true;
}

static bool trans_ADDSUB_shift(DisasContext *s, const A64Args *a)
{
    if (a->shift == SHIFT_ROR || (!a->sf && a->imm6 >= 32)) {
        return false;
    }
    TCGv_i64 n = read_cpu_reg(s, (int)a->rn, true);
    TCGv_i64 m = read_shifted_reg(s, (int)a->rm, a->sf, (int)a->shift, (int)a->imm6);
    gen_addsub(s, a, n, m, false);
    return true;
}

static bool trans_ADDSUB_ext(DisasContext *s, const A64Args *a)
{
    if (a->imm3 > 4) {
        return false;
    }
    TCGv_i64 n = read_cpu_reg_sp(s, (int)a->rn, true);
    TCGv_i64 m = read_extended_reg(s, (int)a->rm, (int)a->option, (int)a->imm3);
    gen_addsub(s, a, n, m, true);
    return true;
}

/* ADC, ADCS, SBC, SBCS: SBC is ADC of NOT(rm). */
static bool trans_ADC(DisasContext *s, const A64Args *a)
{
    TCGv_i64 n = read_operand(s, (int)a->rn);
    TCGv_i64 m = read_operand(s, (int)a->rm);
    TCGv_i64 res = tcg_temp_new_i64();
    if (a->op) {
        tcg_gen_not_i64(m, m);
    }
    if (a->S) {
        gen_add_flags(res, n, m, cpu_CF, a->sf);
    } else {
        tcg_gen_add_i64(res, n, m);
        tcg_gen_add_i64(res, res, cpu_CF);
    }
    write_cpu_reg(s, (int)a->rd, res, a->sf);
    return true;
}

/* ================================================================ conditional ops */

/* CCMN/CCMP: flags of rn +/- op2 if cond holds, else the immediate nzcv. */
static void gen_ccmp(DisasContext *s, const A64Args *a, TCGv_i64 op2)
{
    TCGLabel *use_imm = gen_new_label(), *done = gen_new_label();
    A64Cond c = gen_test_cond((int)a->cond);
    TCGv_i64 n = read_operand(s, (int)a->rn);
    TCGv_i64 discard = tcg_temp_new_i64();
    if (c.cond != TCG_COND_ALWAYS) {
        tcg_gen_brcondi_i64(tcg_invert_cond(c.cond), c.value, 0, use_imm);
    }
    if (a->op) {
        gen_sub_flags(discard, n, op2, a->sf);
    } else {
        gen_add_flags(discard, n, op2, NULL, a->sf);
    }
    tcg_gen_br(done);
    gen_set_label(use_imm);
    tcg_gen_movi_i64(cpu_NF, (a->nzcv & 8) ? -1 : 0);
    tcg_gen_movi_i64(cpu_ZF, (a->nzcv & 4) ? 0 : 1);
    tcg_gen_movi_i64(cpu_CF, (a->nzcv & 2) ? 1 : 0);
    tcg_gen_movi_i64(cpu_VF, (a->nzcv & 1) ? -1 : 0);
    gen_set_label(done);
}

static bool trans_CCMP_r(DisasContext *s, const A64Args *a)
{
    gen_ccmp(s, a, read_operand(s, (int)a->rm));
    return true;
}

static bool trans_CCMP_i(DisasContext *s, const A64Args *a)
{
    gen_ccmp(s, a, tcg_constant_i64(a->imm5));
    return true;
}

/* CSEL, CSINC, CSINV, CSNEG: op selects invert, o2 increment. */
static bool trans_CSEL(DisasContext *s, const A64Args *a)
{
    TCGv_i64 n = read_operand(s, (int)a->rn);
    TCGv_i64 m = read_operand(s, (int)a->rm);
    TCGv_i64 res = tcg_temp_new_i64();
    A64Cond c = gen_test_cond((int)a->cond);
    if (a->op && a->o2) {
        tcg_gen_neg_i64(m, m);
    } else if (a->op) {
        tcg_gen_not_i64(m, m);
    } else if (a->o2) {
        tcg_gen_addi_i64(m, m, 1);
    }
    if (c.cond == TCG_COND_ALWAYS) {
        tcg_gen_mov_i64(res, n);
    } else {
        tcg_gen_movcond_i64(c.cond, res, c.value, tcg_constant_i64(0), n, m);
    }
    write_cpu_reg(s, (int)a->rd, res, a->sf);
    return true;
}

/* ================================================================ logical */

/* AND, ORR, EOR, ANDS (opc 0..3) of n and m. */
static void gen_logic(TCGv_i64 d, int opc, TCGv_i64 n, TCGv_i64 m)
{
    switch (opc) {
    case 1:
        tcg_gen_or_i64(d, n, m);
        break;
    case 2:
        tcg_gen_xor_i64(d, n, m);
        break;
    default:
        tcg_gen_and_i64(d, n, m);
        break;
    }
}

static bool trans_LOGIC_shift(DisasContext *s, const A64Args *a)
{
    if (!a->sf && a->imm6 >= 32) {
        return false;
    }
    TCGv_i64 n = read_operand(s, (int)a->rn);
    TCGv_i64 m = read_shifted_reg(s, (int)a->rm, a->sf, (int)a->shift, (int)a->imm6);
    TCGv_i64 res = tcg_temp_new_i64();
    if (a->N) {
        tcg_gen_not_i64(m, m);
    }
    gen_logic(res, (int)a->opc, n, m);
    if (a->opc == 3) {
        gen_logic_flags(res, a->sf);
    }
    write_cpu_reg(s, (int)a->rd, res, a->sf);
    return true;
}

/*
 * DecodeBitMasks for the logical immediates: an element of 2..64 bits holding
 * a run of imms+1 ones rotated right by immr, replicated to 64 bits.  False
 * for the reserved encodings.
 */
static bool decode_logic_imm(uint64_t *out, unsigned n, unsigned imms, unsigned immr, bool sf)
{
    unsigned combined = (n << 6) | (~imms & 0x3f);
    if (combined == 0 || (!sf && n)) {
        return false;
    }
    unsigned len = 31 - (unsigned)__builtin_clz(combined);
    if (len == 0) {
        return false;
    }
    unsigned esize = 1u << len, levels = esize - 1;
    unsigned ones = (imms & levels) + 1, rot = immr & levels;
    if (ones == esize) {
        return false; /* all ones is reserved */
    }
    uint64_t emask = esize == 64 ? ~0ull : (1ull << esize) - 1;
    uint64_t elem = (1ull << ones) - 1;
    if (rot) {
        elem = ((elem >> rot) | (elem << (esize - rot))) & emask;
    }
    for (unsigned w = esize; w < 64; w *= 2) {
        elem |= elem << w;
    }
    *out = sf ? elem : (uint32_t)elem;
    return true;
}

static bool trans_LOGIC_i(DisasContext *s, const A64Args *a)
{
    uint64_t imm;
    if (!decode_logic_imm(&imm, (unsigned)a->N, (unsigned)a->imms, (unsigned)a->immr, a->sf)) {
        return false;
    }
    TCGv_i64 n = read_operand(s, (int)a->rn);
    TCGv_i64 res = tcg_temp_new_i64();
    gen_logic(res, (int)a->opc, n, tcg_constant_i64((int64_t)imm));
    if (a->opc == 3) {
        gen_logic_flags(res, a->sf);
        write_cpu_reg(s, (int)a->rd, res, a->sf);
    } else {
        write_cpu_reg_sp((int)a->rd, res, a->sf);
    }
    return true;
}

/* ================================================================ moves, bitfields */

/* MOVN, MOVZ, MOVK (opc 0, 2, 3). */
static bool trans_MOVW(DisasContext *s, const A64Args *a)
{
    if (a->opc == 1 || (!a->sf && a->hw >= 2)) {
        return false;
    }
    unsigned pos = (unsigned)a->hw * 16;
    uint64_t imm = (uint64_t)a->imm16 << pos;
    TCGv_i64 res = tcg_temp_new_i64();
    if (a->opc == 3) {
        TCGv_i64 old = read_operand(s, (int)a->rd);
        tcg_gen_deposit_i64(res, old, tcg_constant_i64(a->imm16), pos, 16);
    } else {
        tcg_gen_movi_i64(res, (int64_t)(a->opc == 0 ? ~imm : imm));
    }
    write_cpu_reg(s, (int)a->rd, res, a->sf);
    return true;
}

/*
 * SBFM, BFM, UBFM (opc 0..2).  With imms >= immr the field src[imms:immr]
 * goes to bit 0; otherwise src[imms:0] goes to bit width - immr.  Every
 * alias (LSL, LSR, ASR, SXTB, UBFX, BFI, ...) is one of these two cases.
 */
static bool trans_BITFIELD(DisasContext *s, const A64Args *a)
{
    unsigned width = a->sf ? 64 : 32;
    unsigned r = (unsigned)a->immr, imms = (unsigned)a->imms;
    if (a->opc == 3 || a->N != a->sf || r >= width || imms >= width) {
        return false;
    }
    TCGv_i64 src = read_operand(s, (int)a->rn);
    TCGv_i64 res = tcg_temp_new_i64();
    bool low = imms >= r;
    unsigned len = low ? imms - r + 1 : imms + 1;
    unsigned from = low ? r : 0, to = low ? 0 : width - r;
    switch (a->opc) {
    case 0: /* SBFM */
        tcg_gen_sextract_i64(res, src, from, len);
        tcg_gen_shli_i64(res, res, to);
        break;
    case 1: { /* BFM: the other bits of rd are kept */
        TCGv_i64 field = tcg_temp_new_i64();
        tcg_gen_shri_i64(field, src, from);
        tcg_gen_deposit_i64(res, read_operand(s, (int)a->rd), field, to, len);
        break;
    }
    default: /* UBFM */
        tcg_gen_extract_i64(res, src, from, len);
        tcg_gen_shli_i64(res, res, to);
        break;
    }
    write_cpu_reg(s, (int)a->rd, res, a->sf);
    return true;
}

/* EXTR: (rn:rm) >> imms, the low width bits. */
static bool trans_EXTR(DisasContext *s, const A64Args *a)
{
    if (a->N != a->sf || (!a->sf && a->imms >= 32)) {
        return false;
    }
    TCGv_i64 n = read_operand(s, (int)a->rn);
    TCGv_i64 m = read_operand(s, (int)a->rm);
    TCGv_i64 res = tcg_temp_new_i64();
    if (a->sf) {
        if (a->imms == 0) {
            tcg_gen_mov_i64(res, m);
        } else {
            tcg_gen_extract2_i64(res, m, n, (unsigned)a->imms);
        }
    } else {
        tcg_gen_deposit_i64(res, m, n, 32, 32);
        tcg_gen_shri_i64(res, res, (unsigned)a->imms);
    }
    write_cpu_reg(s, (int)a->rd, res, a->sf);
    return true;
}

/* ================================================================ 1 and 2 sources */

/* RBIT, REV16, REV32 / REV (32-bit), REV (64-bit): opc 0..3. */
static bool trans_REV(DisasContext *s, const A64Args *a)
{
    if (a->opc == 3 && !a->sf) {
        return false;
    }
    TCGv_i64 v = read_operand(s, (int)a->rn);
    TCGv_i64 res = tcg_temp_new_i64();
    switch (a->opc) {
    case 0:
        gen_helper_rbit64(res, v);
        if (!a->sf) {
            tcg_gen_shri_i64(res, res, 32);
        }
        break;
    case 1: { /* swap the bytes of every halfword */
        TCGv_i64 hi = tcg_temp_new_i64();
        const int64_t even_bytes = 0x00ff00ff00ff00ffll;
        tcg_gen_shri_i64(hi, v, 8);
        tcg_gen_andi_i64(hi, hi, even_bytes);
        tcg_gen_andi_i64(res, v, even_bytes);
        tcg_gen_shli_i64(res, res, 8);
        tcg_gen_or_i64(res, res, hi);
        break;
    }
    case 2:
        if (a->sf) { /* REV32: the bytes of each word */
            tcg_gen_bswap64_i64(res, v);
            tcg_gen_rotri_i64(res, res, 32);
        } else {
            tcg_gen_bswap32_i64(res, v);
        }
        break;
    default:
        tcg_gen_bswap64_i64(res, v);
        break;
    }
    write_cpu_reg(s, (int)a->rd, res, a->sf);
    return true;
}

/* CLZ, CLS (op 0, 1).  CLS(x) = CLZ(x ^ (x >> 1, arithmetic)) - 1. */
static bool trans_CLZ(DisasContext *s, const A64Args *a)
{
    TCGv_i64 v = read_operand(s, (int)a->rn);
    TCGv_i64 res = tcg_temp_new_i64();
    if (a->sf) {
        if (a->op) {
            TCGv_i64 t = tcg_temp_new_i64();
            tcg_gen_sari_i64(t, v, 1);
            tcg_gen_xor_i64(v, v, t);
        }
        tcg_gen_clzi_i64(res, v, 64);
    } else {
        TCGv_i32 v32 = tcg_temp_new_i32();
        tcg_gen_extrl_i64_i32(v32, v);
        if (a->op) {
            TCGv_i32 t = tcg_temp_new_i32();
            tcg_gen_sari_i32(t, v32, 1);
            tcg_gen_xor_i32(v32, v32, t);
        }
        tcg_gen_clzi_i32(v32, v32, 32);
        tcg_gen_extu_i32_i64(res, v32);
    }
    if (a->op) {
        tcg_gen_subi_i64(res, res, 1);
    }
    write_cpu_reg(s, (int)a->rd, res, a->sf);
    return true;
}

/* UDIV, SDIV (o0 0, 1): the IR's division by zero gives 0, as A64 wants. */
static bool trans_DIV(DisasContext *s, const A64Args *a)
{
    TCGv_i64 n = read_operand(s, (int)a->rn);
    TCGv_i64 m = read_operand(s, (int)a->rm);
    TCGv_i64 res = tcg_temp_new_i64();
    if (a->sf) {
        if (a->o0) {
            tcg_gen_div_i64(res, n, m);
        } else {
            tcg_gen_divu_i64(res, n, m);
        }
    } else {
        TCGv_i32 n32 = tcg_temp_new_i32(), m32 = tcg_temp_new_i32();
        tcg_gen_extrl_i64_i32(n32, n);
        tcg_gen_extrl_i64_i32(m32, m);
        if (a->o0) {
            tcg_gen_div_i32(n32, n32, m32);
        } else {
            tcg_gen_divu_i32(n32, n32, m32);
        }
        tcg_gen_extu_i32_i64(res, n32);
    }
    write_cpu_reg(s, (int)a->rd, res, a->sf);
    return true;
}

/* LSLV, LSRV, ASRV, RORV (opc 0..3): the amount is rm modulo the width. */
static bool trans_SHIFTV(DisasContext *s, const A64Args *a)
{
    TCGv_i64 n = read_operand(s, (int)a->rn);
    TCGv_i64 m = read_operand(s, (int)a->rm);
    TCGv_i64 res = tcg_temp_new_i64();
    if (a->sf) {
        gen_shift_64(res, n, m, (int)a->opc);
    } else {
        TCGv_i32 m32 = tcg_temp_new_i32();
        tcg_gen_extrl_i64_i32(m32, m);
        gen_shift_32(res, n, m32, (int)a->opc);
    }
    write_cpu_reg(s, (int)a->rd, res, a->sf);
    return true;
}

/* CRC32{B,H,W,X} and CRC32C{...} (o0 = C); only X is 64-bit. */
static bool trans_CRC32(DisasContext *s, const A64Args *a)
{
    if (!arm_has_crc32(s->cpu) || a->sf != (a->size == 3)) {
        return false;
    }
    TCGv_i64 acc = read_cpu_reg(s, (int)a->rn, false);
    TCGv_i64 val = read_cpu_reg(s, (int)a->rm, true);
    TCGv_i64 res = tcg_temp_new_i64();
    TCGv_i32 bytes = tcg_constant_i32(1 << a->size);
    if (a->o0) {
        gen_helper_crc32c(res, acc, val, bytes);
    } else {
        gen_helper_crc32(res, acc, val, bytes);
    }
    write_cpu_reg(s, (int)a->rd, res, false);
    return true;
}

/* ================================================================ flag manipulation (FlagM) */

/*
 * RMIF: rotate Xn right by imm6 and copy its bits 3:0 into N, Z, C, V
 * where the mask (nzcv field) has a one.
 */
static bool trans_RMIF(DisasContext *s, const A64Args *a)
{
    TCGv_i64 bits = tcg_temp_new_i64();

    if (!arm_has_flagm(s->cpu)) {
        return false;
    }
    tcg_gen_rotri_i64(bits, read_operand(s, (int)a->rn), (unsigned)a->imm6);
    if (a->nzcv & 8) {
        tcg_gen_shli_i64(cpu_NF, bits, 60);
    }
    if (a->nzcv & 4) {
        /* Z set <=> ZF == 0. */
        TCGv_i64 z = tcg_temp_new_i64();
        tcg_gen_andi_i64(z, bits, 4);
        tcg_gen_xori_i64(cpu_ZF, z, 4);
    }
    if (a->nzcv & 2) {
        tcg_gen_extract_i64(cpu_CF, bits, 1, 1);
    }
    if (a->nzcv & 1) {
        tcg_gen_shli_i64(cpu_VF, bits, 63);
    }
    return true;
}

/*
 * SETF8/SETF16: N and Z from the low 8 or 16 bits of Wn, V = the bit above
 * them XOR their top bit (a signed overflow of that width); C unchanged.
 */
static bool do_setf(DisasContext *s, const A64Args *a, int bits)
{
    TCGv_i64 val = read_operand(s, (int)a->rn);
    TCGv_i64 above = tcg_temp_new_i64();

    if (!arm_has_flagm(s->cpu)) {
        return false;
    }
    tcg_gen_shli_i64(above, val, 63 - bits);
    tcg_gen_shli_i64(cpu_NF, val, 64 - bits);
    tcg_gen_extract_i64(cpu_ZF, val, 0, bits);
    tcg_gen_xor_i64(cpu_VF, above, cpu_NF);
    return true;
}

static bool trans_SETF8(DisasContext *s, const A64Args *a) { return do_setf(s, a, 8); }

static bool trans_SETF16(DisasContext *s, const A64Args *a) { return do_setf(s, a, 16); }

/* ================================================================ 3 sources */

/* MADD, MSUB (o0 0, 1): rd = ra +/- rn * rm. */
static void gen_madd(DisasContext *s, const A64Args *a, TCGv_i64 n, TCGv_i64 m, bool sf)
{
    TCGv_i64 prod = tcg_temp_new_i64();
    TCGv_i64 acc = read_cpu_reg(s, (int)a->ra, true);
    tcg_gen_mul_i64(prod, n, m);
    if (a->o0) {
        tcg_gen_sub_i64(prod, acc, prod);
    } else {
        tcg_gen_add_i64(prod, acc, prod);
    }
    write_cpu_reg(s, (int)a->rd, prod, sf);
}

static bool trans_MADD(DisasContext *s, const A64Args *a)
{
    gen_madd(s, a, read_cpu_reg(s, (int)a->rn, true), read_cpu_reg(s, (int)a->rm, true), a->sf);
    return true;
}

/* SMADDL, SMSUBL, UMADDL, UMSUBL: 32 x 32 -> 64 (U: unsigned). */
static bool trans_MADDL(DisasContext *s, const A64Args *a)
{
    TCGv_i64 n = read_cpu_reg(s, (int)a->rn, true);
    TCGv_i64 m = read_cpu_reg(s, (int)a->rm, true);
    if (a->op) {
        tcg_gen_ext32u_i64(n, n);
        tcg_gen_ext32u_i64(m, m);
    } else {
        tcg_gen_ext32s_i64(n, n);
        tcg_gen_ext32s_i64(m, m);
    }
    gen_madd(s, a, n, m, true);
    return true;
}

/* SMULH, UMULH (op 0, 1): the high 64 bits of the 128-bit product. */
static bool trans_MULH(DisasContext *s, const A64Args *a)
{
    TCGv_i64 n = read_cpu_reg(s, (int)a->rn, true);
    TCGv_i64 m = read_cpu_reg(s, (int)a->rm, true);
    TCGv_i64 lo = tcg_temp_new_i64(), hi = tcg_temp_new_i64();
    if (a->op) {
        tcg_gen_mulu2_i64(lo, hi, n, m);
    } else {
        tcg_gen_muls2_i64(lo, hi, n, m);
    }
    write_cpu_reg(s, (int)a->rd, hi, true);
    return true;
}

/* ================================================================ branches */

/* B, BL (op 0, 1). */
static bool trans_B(DisasContext *s, const A64Args *a)
{
    if (a->op) {
        tcg_gen_movi_i64(cpu_X[30], (int64_t)(s->pc_curr + 4));
    }
    gen_goto_tb(s, 0, s->pc_curr + (uint64_t)(a->imm26 * 4));
    return true;
}

/* Branch to target when cond(value, 0), else fall through to the next insn. */
static void gen_cond_branch(DisasContext *s, TCGCond cond, TCGv_i64 value, uint64_t target)
{
    TCGLabel *taken = gen_new_label();
    tcg_gen_brcondi_i64(cond, value, 0, taken);
    gen_goto_tb(s, 0, s->base.pc_next);
    gen_set_label(taken);
    gen_goto_tb(s, 1, target);
}

static bool trans_B_cond(DisasContext *s, const A64Args *a)
{
    uint64_t target = s->pc_curr + (uint64_t)(a->imm19 * 4);
    A64Cond c = gen_test_cond((int)a->cond);
    if (c.cond == TCG_COND_ALWAYS) {
        gen_goto_tb(s, 0, target);
    } else {
        gen_cond_branch(s, c.cond, c.value, target);
    }
    return true;
}

/* CBZ, CBNZ (op 0, 1). */
static bool trans_CBZ(DisasContext *s, const A64Args *a)
{
    TCGv_i64 v = read_cpu_reg(s, (int)a->rt, a->sf);
    gen_cond_branch(s, a->op ? TCG_COND_NE : TCG_COND_EQ, v,
                    s->pc_curr + (uint64_t)(a->imm19 * 4));
    return true;
}

/* TBZ, TBNZ (op 0, 1) on bit b5:b40 of rt. */
static bool trans_TBZ(DisasContext *s, const A64Args *a)
{
    unsigned bit = (unsigned)(a->b5 << 5 | a->b40);
    TCGv_i64 v = read_cpu_reg(s, (int)a->rt, true);
    tcg_gen_andi_i64(v, v, (int64_t)(1ull << bit));
    gen_cond_branch(s, a->op ? TCG_COND_NE : TCG_COND_EQ, v,
                    s->pc_curr + (uint64_t)(a->imm14 * 4));
    return true;
}

/* BR, BLR, RET (opc 0, 1, 2). */
static bool trans_BR(DisasContext *s, const A64Args *a)
{
    if (a->opc == 3) {
        return false;
    }
    /* Read the target first: BLR x30 jumps to the old x30. */
    TCGv_i64 dest = read_cpu_reg(s, (int)a->rn, true);
    if (a->opc == 1) {
        tcg_gen_movi_i64(cpu_X[30], (int64_t)(s->pc_curr + 4));
    }
    gen_jump_reg(s, dest);
    return true;
}

/* ================================================================ the table */

const A64Pattern a64_dp_patterns[] = {
    /* Data processing -- immediate. */
    {"ADR/ADRP", "op:1 immlo:2 10000 immhi:s19 rd:5", trans_ADR},
    {"ADD/SUB (immediate)", "sf:1 op:1 S:1 100010 sh:1 imm12:12 rn:5 rd:5", trans_ADDSUB_i},
    {"logical (immediate)", "sf:1 opc:2 100100 N:1 immr:6 imms:6 rn:5 rd:5", trans_LOGIC_i},
    {"move wide", "sf:1 opc:2 100101 hw:2 imm16:16 rd:5", trans_MOVW},
    {"bitfield", "sf:1 opc:2 100110 N:1 immr:6 imms:6 rn:5 rd:5", trans_BITFIELD},
    {"EXTR", "sf:1 00 100111 N:1 0 rm:5 imms:6 rn:5 rd:5", trans_EXTR},

    /* Branches. */
    {"B/BL", "op:1 00101 imm26:s26", trans_B},
    {"B.cond", "0101010 0 imm19:s19 0 cond:4", trans_B_cond},
    {"CBZ/CBNZ", "sf:1 011010 op:1 imm19:s19 rt:5", trans_CBZ},
    {"TBZ/TBNZ", "b5:1 011011 op:1 b40:5 imm14:s14 rt:5", trans_TBZ},
    {"BR/BLR/RET", "1101011 00 opc:2 11111 000000 rn:5 00000", trans_BR},

    /* Data processing -- register. */
    {"logical (shifted register)", "sf:1 opc:2 01010 shift:2 N:1 rm:5 imm6:6 rn:5 rd:5",
     trans_LOGIC_shift},
    {"ADD/SUB (shifted register)", "sf:1 op:1 S:1 01011 shift:2 0 rm:5 imm6:6 rn:5 rd:5",
     trans_ADDSUB_shift},
    {"ADD/SUB (extended register)", "sf:1 op:1 S:1 01011 00 1 rm:5 option:3 imm3:3 rn:5 rd:5",
     trans_ADDSUB_ext},
    {"ADC/SBC", "sf:1 op:1 S:1 11010000 rm:5 000000 rn:5 rd:5", trans_ADC},
    {"RMIF", "1 0 1 11010000 imm6:6 00001 rn:5 0 nzcv:4", trans_RMIF},
    {"SETF8", "0 0 1 11010000 000000 0 0010 rn:5 0 1101", trans_SETF8},
    {"SETF16", "0 0 1 11010000 000000 1 0010 rn:5 0 1101", trans_SETF16},
    {"CCMN/CCMP (register)", "sf:1 op:1 1 11010010 rm:5 cond:4 0 0 rn:5 0 nzcv:4",
     trans_CCMP_r},
    {"CCMN/CCMP (immediate)", "sf:1 op:1 1 11010010 imm5:5 cond:4 1 0 rn:5 0 nzcv:4",
     trans_CCMP_i},
    {"CSEL/CSINC/CSINV/CSNEG", "sf:1 op:1 0 11010100 rm:5 cond:4 0 o2:1 rn:5 rd:5", trans_CSEL},
    {"RBIT/REV16/REV32/REV", "sf:1 1 0 11010110 00000 0000 opc:2 rn:5 rd:5", trans_REV},
    {"CLZ/CLS", "sf:1 1 0 11010110 00000 00010 op:1 rn:5 rd:5", trans_CLZ},
    {"UDIV/SDIV", "sf:1 0 0 11010110 rm:5 00001 o0:1 rn:5 rd:5", trans_DIV},
    {"LSLV/LSRV/ASRV/RORV", "sf:1 0 0 11010110 rm:5 0010 opc:2 rn:5 rd:5", trans_SHIFTV},
    {"CRC32/CRC32C", "sf:1 0 0 11010110 rm:5 010 o0:1 size:2 rn:5 rd:5", trans_CRC32},
    {"MADD/MSUB", "sf:1 00 11011 000 rm:5 o0:1 ra:5 rn:5 rd:5", trans_MADD},
    {"SMADDL/SMSUBL/UMADDL/UMSUBL", "1 00 11011 op:1 01 rm:5 o0:1 ra:5 rn:5 rd:5", trans_MADDL},
    {"SMULH/UMULH", "1 00 11011 op:1 10 rm:5 0 xxxxx rn:5 rd:5", trans_MULH},
    {NULL, NULL, NULL},
};
