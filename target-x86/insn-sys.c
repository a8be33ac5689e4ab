/*
 * Segment registers, far control transfers, interrupts, port I/O and the
 * system instructions (descriptor tables, control registers, MSRs, CPUID).
 * The architectural work is in the helpers (seg_helper.c, misc_helper.c).
 */
#include <stddef.h>

#include "target-x86/helper.h"
#include "target-x86/insn.h"

/* ================================================================ segment registers */

/*
 * Real and virtual-8086 mode load a selector inline (base = selector * 16);
 * protected mode goes through the descriptor checks of the helper.  A
 * stack or code segment change ends the TB: the TB flags depend on them.
 */
static void gen_load_seg(DisasContext *s, int seg, TCGv_i64 sel)
{
    if (s->pe && !s->vm86) {
        TCGv_i32 sel32 = tcg_temp_new_i32();
        gen_commit_cc(s);
        tcg_gen_extrl_i64_i32(sel32, sel);
        gen_helper_x86_load_seg(tcg_env, tcg_constant_i32(seg), sel32);
    } else {
        TCGv_i64 v = tcg_temp_new_i64();
        tcg_gen_ext16u_i64(v, sel);
        tcg_gen_st32_i64(v, tcg_env, offsetof(X86CPU, segs[seg].selector));
        tcg_gen_shli_i64(v, v, 4);
        tcg_gen_st_i64(v, tcg_env, offsetof(X86CPU, segs[seg].base));
    }
}

/* Only SS is part of the TB flags (SS.B, and the interrupt shadow). */
static bool seg_load_ends_tb(DisasContext *s, int seg) { return seg == R_SS; }

static void finish_seg_load(DisasContext *s, int seg)
{
    if (seg == R_SS) {
        /* MOV SS / POP SS: no interrupt before the next instruction. */
        tcg_gen_st8_i64(tcg_constant_i64(1), tcg_env, offsetof(X86CPU, inhibit_irq));
    }
    if (seg_load_ends_tb(s, seg)) {
        gen_commit_cc(s);
        gen_end_tb(s);
    }
}

static TCGv_i64 load_selector(DisasContext *s, int seg)
{
    TCGv_i64 t = tcg_temp_new_i64();
    tcg_gen_ld32u_i64(t, tcg_env, offsetof(X86CPU, segs[seg].selector));
    return t;
}

void trans_push_seg(DisasContext *s, X86Insn *d)
{
    gen_push(s, s->dflag, load_selector(s, d->e->arg));
}

void trans_pop_seg(DisasContext *s, X86Insn *d)
{
    int seg = d->e->arg;
    TCGv_i64 v = gen_pop_value(s, s->dflag);
    gen_load_seg(s, seg, v);
    gen_pop_commit(s, s->dflag);
    finish_seg_load(s, seg);
}

/* MOV Sreg, Ew (8E). */
void trans_mov_to_seg(DisasContext *s, X86Insn *d)
{
    int seg = (s->modrm >> 3) & 7;
    if (seg > R_GS || seg == R_CS) {
        gen_exception(s, EXCP_UD);
        return;
    }
    gen_load_seg(s, seg, d->v[1]);
    finish_seg_load(s, seg);
}

/* MOV Ev, Sreg (8C): a 16-bit store to memory, zero-extended into a register. */
void trans_mov_from_seg(DisasContext *s, X86Insn *d)
{
    int seg = (s->modrm >> 3) & 7;
    TCGv_i64 v;
    if (seg > R_GS) {
        gen_exception(s, EXCP_UD);
        return;
    }
    v = load_selector(s, seg);
    if (d->op[0].mem) {
        gen_st(s, MO_16, d->addr, v);
    } else {
        gen_store_reg(s, s->dflag == MO_16 ? MO_16 : MO_32, d->op[0].reg, v);
    }
}

/* LES LDS LSS LFS LGS Gv, Mp: offset then selector. */
void trans_lxs(DisasContext *s, X86Insn *d)
{
    MemOp ot = d->op[0].ot;
    TCGv_i64 off = gen_ld(s, ot, d->addr), a = tcg_temp_new_i64();
    tcg_gen_addi_i64(a, d->addr, 1 << ot);
    TCGv_i64 sel = gen_ld(s, MO_16, a);
    gen_load_seg(s, d->e->arg, sel);
    gen_store_reg(s, ot, d->op[0].reg, off);
    finish_seg_load(s, d->e->arg);
}

/* ================================================================ far transfers */

static void far_jump(DisasContext *s, TCGv_i64 sel, TCGv_i64 off)
{
    TCGv_i32 sel32 = tcg_temp_new_i32();
    gen_commit_cc(s);
    tcg_gen_extrl_i64_i32(sel32, sel);
    gen_helper_x86_ljmp(tcg_env, sel32, off, tcg_constant_i64((int64_t)x86_next_eip(s)));
    gen_exit_tb(s);
}

static void far_call(DisasContext *s, TCGv_i64 sel, TCGv_i64 off)
{
    TCGv_i32 sel32 = tcg_temp_new_i32();
    gen_commit_cc(s);
    tcg_gen_extrl_i64_i32(sel32, sel);
    gen_helper_x86_lcall(tcg_env, sel32, off, tcg_constant_i32(s->dflag),
                         tcg_constant_i64((int64_t)x86_next_eip(s)));
    gen_exit_tb(s);
}

/* JMPF/CALLF ptr16:16/32 (EA, 9A): offset in op 0, selector in op 1. */
void trans_far_imm(DisasContext *s, X86Insn *d)
{
    TCGv_i64 off =
        tcg_constant_i64((int64_t)(d->op[0].imm & (s->dflag == MO_16 ? 0xffff : 0xffffffffu)));
    TCGv_i64 sel = tcg_constant_i64((int64_t)(d->op[1].imm & 0xffff));
    if (d->b == 0xea) {
        far_jump(s, sel, off);
    } else {
        far_call(s, sel, off);
    }
}

/* JMPF/CALLF m16:16/32/64 (FF /5, FF /3). */
void trans_far_ind(DisasContext *s, X86Insn *d)
{
    MemOp ot = s->dflag;
    TCGv_i64 off = gen_ld(s, ot, d->addr), a = tcg_temp_new_i64();
    tcg_gen_addi_i64(a, d->addr, 1 << ot);
    TCGv_i64 sel = gen_ld(s, MO_16, a);
    if (d->e->arg) {
        far_call(s, sel, off);
    } else {
        far_jump(s, sel, off);
    }
}

void trans_lret(DisasContext *s, X86Insn *d)
{
    gen_commit_cc(s);
    gen_helper_x86_lret(tcg_env, tcg_constant_i32(s->dflag),
                        tcg_constant_i32(d->op[0].kind ? (int32_t)(d->op[0].imm & 0xffff) : 0));
    gen_exit_tb(s);
}

void trans_iret(DisasContext *s, X86Insn *d)
{
    if (s->vm86 && !(s->flags & TBF_IOPL_OK)) {
        gen_exception_err(s, EXCP_GP, 0);
        return;
    }
    gen_commit_cc(s);
    gen_helper_x86_iret(tcg_env, tcg_constant_i32(s->dflag));
    gen_exit_tb(s);
}

/* ================================================================ interrupts */

static void gen_soft_interrupt(DisasContext *s, int vector)
{
    gen_commit_cc(s);
    gen_helper_x86_raise_interrupt(tcg_env, tcg_constant_i32(vector),
                                   tcg_constant_i64((int64_t)x86_next_eip(s)));
    tcg_gen_exit_tb();
    s->base.is_jmp = DISAS_NORETURN;
}

void trans_int(DisasContext *s, X86Insn *d)
{
    if (s->vm86 && !(s->flags & TBF_IOPL_OK)) {
        gen_exception_err(s, EXCP_GP, 0);
        return;
    }
    gen_soft_interrupt(s, (int)(d->op[0].imm & 0xff));
}

void trans_int3(DisasContext *s, X86Insn *d) { gen_soft_interrupt(s, EXCP_BP); }

void trans_int1(DisasContext *s, X86Insn *d) { gen_soft_interrupt(s, EXCP_DB); }

/* INTO: INT 4 if OF; the helper leaves the TB itself when it raises. */
void trans_into(DisasContext *s, X86Insn *d)
{
    TCGLabel *no = gen_new_label();
    gen_cond_branch(s, 1, no); /* NO */
    gen_commit_cc(s);
    gen_helper_x86_raise_interrupt(tcg_env, tcg_constant_i32(EXCP_OF),
                                   tcg_constant_i64((int64_t)x86_next_eip(s)));
    gen_set_label(no);
}

void trans_ud(DisasContext *s, X86Insn *d) { gen_exception(s, EXCP_UD); }

void trans_hlt(DisasContext *s, X86Insn *d)
{
    gen_commit_cc(s);
    tcg_gen_movi_i64(cpu_eip, (int64_t)x86_next_eip(s));
    gen_helper_x86_hlt(tcg_env);
    tcg_gen_exit_tb();
    s->base.is_jmp = DISAS_NORETURN;
}

/* ================================================================ port I/O */

/* IN AL/eAX, Ib|DX (op 1 is the port), OUT Ib|DX, AL/eAX (op 0 is the port). */
void trans_in(DisasContext *s, X86Insn *d)
{
    MemOp ot = d->op[0].ot == MO_64 ? MO_32 : d->op[0].ot;
    TCGv_i64 v = tcg_temp_new_i64();
    TCGv_i32 port = tcg_temp_new_i32();
    tcg_gen_extrl_i64_i32(port, gen_ext(MO_16, d->v[1], false));
    x86_gen_io_check(s, port, ot);
    gen_helper_x86_in(v, tcg_env, port, tcg_constant_i32(1 << ot));
    gen_store_reg(s, ot, R_EAX, v);
}

void trans_out(DisasContext *s, X86Insn *d)
{
    MemOp ot = d->op[1].ot == MO_64 ? MO_32 : d->op[1].ot;
    TCGv_i32 port = tcg_temp_new_i32();
    tcg_gen_extrl_i64_i32(port, gen_ext(MO_16, d->v[0], false));
    x86_gen_io_check(s, port, ot);
    gen_helper_x86_out(tcg_env, port, tcg_constant_i32(1 << ot), gen_ext(ot, d->v[1], false));
}

/* ================================================================ system instructions */

void trans_cpuid(DisasContext *s, X86Insn *d) { gen_helper_x86_cpuid(tcg_env); }

void trans_rdtsc(DisasContext *s, X86Insn *d) { gen_helper_x86_rdtsc(tcg_env); }

void trans_rdmsr(DisasContext *s, X86Insn *d)
{
    gen_commit_cc(s);
    gen_helper_x86_rdmsr(tcg_env);
}

void trans_wrmsr(DisasContext *s, X86Insn *d)
{
    gen_commit_cc(s);
    gen_helper_x86_wrmsr(tcg_env);
}

/* MOV r, CRn (0F 20) and MOV CRn, r (0F 22); LOCK MOV CR0 is not CR8 here. */
void trans_mov_cr(DisasContext *s, X86Insn *d)
{
    int cr = s->reg;
    bool to_cr = d->b & 2;
    if (!(cr == 0 || cr == 2 || cr == 3 || cr == 4 || (cr == 8 && s->code64))) {
        gen_exception(s, EXCP_UD);
        return;
    }
    gen_commit_cc(s);
    if (to_cr) {
        gen_helper_x86_write_cr(tcg_env, tcg_constant_i32(cr), cpu_regs[s->rm]);
        gen_end_tb(s);
    } else {
        TCGv_i64 v = tcg_temp_new_i64();
        gen_helper_x86_read_cr(v, tcg_env, tcg_constant_i32(cr));
        gen_store_reg(s, s->code64 ? MO_64 : MO_32, s->rm, v);
    }
}

/* MOV to/from DRn: kept as plain storage (no debug traps). */
void trans_mov_dr(DisasContext *s, X86Insn *d)
{
    int dr = s->reg;
    if (dr > 7) {
        gen_exception(s, EXCP_UD);
        return;
    }
    if (d->b & 2) {
        tcg_gen_st_i64(cpu_regs[s->rm], tcg_env, offsetof(X86CPU, dr[dr]));
    } else {
        TCGv_i64 v = tcg_temp_new_i64();
        tcg_gen_ld_i64(v, tcg_env, offsetof(X86CPU, dr[dr]));
        gen_store_reg(s, s->code64 ? MO_64 : MO_32, s->rm, v);
    }
}

void trans_clts(DisasContext *s, X86Insn *d)
{
    TCGv_i64 v = tcg_temp_new_i64();
    tcg_gen_ld_i64(v, tcg_env, offsetof(X86CPU, cr[0]));
    tcg_gen_andi_i64(v, v, ~(int64_t)CR0_TS);
    tcg_gen_st_i64(v, tcg_env, offsetof(X86CPU, cr[0]));
}

/* ---------------------------------------------------------------- descriptor tables */

/* SGDT/SIDT (arg: offset of the table in X86CPU): limit then base (4 or 8 bytes). */
static void store_table_reg(DisasContext *s, X86Insn *d, size_t field)
{
    TCGv_i64 v = tcg_temp_new_i64(), a = tcg_temp_new_i64();
    tcg_gen_ld32u_i64(v, tcg_env, (intptr_t)(field + offsetof(SegmentCache, limit)));
    gen_st(s, MO_16, d->addr, v);
    tcg_gen_ld_i64(v, tcg_env, (intptr_t)(field + offsetof(SegmentCache, base)));
    tcg_gen_addi_i64(a, d->addr, 2);
    gen_st(s, s->code64 ? MO_64 : MO_32, a, v);
}

static void load_table_reg(DisasContext *s, X86Insn *d, size_t field)
{
    TCGv_i64 limit = gen_ld(s, MO_16, d->addr), a = tcg_temp_new_i64(), base;
    tcg_gen_addi_i64(a, d->addr, 2);
    base = gen_ld(s, s->code64 ? MO_64 : MO_32, a);
    if (!s->code64 && s->dflag == MO_16) {
        tcg_gen_andi_i64(base, base, 0xffffff);
    }
    tcg_gen_st32_i64(limit, tcg_env, (intptr_t)(field + offsetof(SegmentCache, limit)));
    tcg_gen_st_i64(base, tcg_env, (intptr_t)(field + offsetof(SegmentCache, base)));
}

static bool need_mem(DisasContext *s, X86Insn *d)
{
    if (!d->op[0].mem) {
        gen_exception(s, EXCP_UD);
        return false;
    }
    return true;
}

static bool need_cpl0(DisasContext *s)
{
    if (s->cpl != 0) {
        gen_exception_err(s, EXCP_GP, 0);
        return false;
    }
    return true;
}

/* 0F 01 /0 SGDT, /1 SIDT, /2 LGDT, /3 LIDT (memory forms). */
void trans_desc_table(DisasContext *s, X86Insn *d)
{
    int op = (s->modrm >> 3) & 7;
    size_t field = (op & 1) ? offsetof(X86CPU, idt) : offsetof(X86CPU, gdt);
    if (!need_mem(s, d)) {
        return;
    }
    if (op >= 2) {
        if (need_cpl0(s)) {
            load_table_reg(s, d, field);
        }
    } else {
        store_table_reg(s, d, field);
    }
}

/* SMSW Ev: the low bits of CR0. */
void trans_smsw(DisasContext *s, X86Insn *d)
{
    TCGv_i64 v = tcg_temp_new_i64();
    tcg_gen_ld_i64(v, tcg_env, offsetof(X86CPU, cr[0]));
    if (d->op[0].mem) {
        gen_st(s, MO_16, d->addr, v);
    } else {
        gen_store_reg(s, s->dflag, d->op[0].reg, v);
    }
}

/* LMSW Ew: sets PE MP EM TS; cannot clear PE. */
void trans_lmsw(DisasContext *s, X86Insn *d)
{
    TCGv_i64 cr0 = tcg_temp_new_i64(), v = tcg_temp_new_i64(), keep = tcg_temp_new_i64();
    if (!need_cpl0(s)) {
        return;
    }
    v = d->op[0].mem ? gen_ld(s, MO_16, d->addr) : gen_load_reg(s, MO_16, d->op[0].reg);
    tcg_gen_ld_i64(cr0, tcg_env, offsetof(X86CPU, cr[0]));
    tcg_gen_andi_i64(keep, cr0, ~(int64_t)(CR0_MP | CR0_EM | CR0_TS));
    tcg_gen_andi_i64(v, v, CR0_PE | CR0_MP | CR0_EM | CR0_TS);
    tcg_gen_or_i64(v, v, keep);
    gen_commit_cc(s);
    gen_helper_x86_write_cr(tcg_env, tcg_constant_i32(0), v);
    gen_end_tb(s);
}

/* 0F 01 /7: INVLPG m; with mod = 3, SWAPGS (rm 0) and RDTSCP (rm 1). */
void trans_grp7_7(DisasContext *s, X86Insn *d)
{
    if (d->op[0].mem) {
        if (need_cpl0(s)) {
            gen_helper_x86_invlpg(tcg_env, d->addr);
            gen_end_tb(s);
        }
        return;
    }
    switch (s->modrm & 7) {
    case 0: {
        TCGv_i64 gs = tcg_temp_new_i64(), kgs = tcg_temp_new_i64();
        if (!s->code64) {
            gen_exception(s, EXCP_UD);
            return;
        }
        if (!need_cpl0(s)) {
            return;
        }
        tcg_gen_ld_i64(gs, tcg_env, offsetof(X86CPU, segs[R_GS].base));
        tcg_gen_ld_i64(kgs, tcg_env, offsetof(X86CPU, kernel_gs_base));
        tcg_gen_st_i64(kgs, tcg_env, offsetof(X86CPU, segs[R_GS].base));
        tcg_gen_st_i64(gs, tcg_env, offsetof(X86CPU, kernel_gs_base));
        break;
    }
    case 1: {
        TCGv_i64 aux = tcg_temp_new_i64();
        gen_helper_x86_rdtsc(tcg_env);
        tcg_gen_ld32u_i64(aux, tcg_env, offsetof(X86CPU, tsc_aux));
        tcg_gen_mov_i64(cpu_regs[R_ECX], aux);
        break;
    }
    default:
        gen_exception(s, EXCP_UD);
        break;
    }
}

/* LAR/LSL (arg 0/1) Gv, Ew and VERR/VERW (arg 2/3) Ew (operand 1): only ZF changes. */
void trans_desc_query(DisasContext *s, X86Insn *d)
{
    int query = d->e->arg;
    TCGv_i64 sel = d->v[1];
    TCGv_i32 sel32 = tcg_temp_new_i32();
    TCGv_i64 r = tcg_temp_new_i64(), zf = tcg_temp_new_i64(), f;
    TCGLabel *skip = gen_new_label();

    if (!s->pe || s->vm86) {
        gen_exception(s, EXCP_UD);
        return;
    }
    gen_commit_cc(s);
    tcg_gen_extrl_i64_i32(sel32, sel);
    gen_helper_x86_desc_query(r, tcg_env, sel32, tcg_constant_i32(query));
    tcg_gen_extract_i64(zf, r, 32, 1);
    f = gen_eflags_arith(s);
    tcg_gen_andi_i64(f, f, ~(int64_t)CC_Z);
    tcg_gen_shli_i64(zf, zf, 6);
    tcg_gen_or_i64(f, f, zf);
    if (query <= 1) {
        /* The destination is written only when ZF is set. */
        tcg_gen_brcondi_i64(TCG_COND_EQ, zf, 0, skip);
        gen_store_reg(s, d->op[0].ot, d->op[0].reg, gen_ext(MO_32, r, false));
        gen_set_label(skip);
    }
    gen_set_cc(s, CC_KIND_EFLAGS, MO_8, NULL, f, NULL);
}

/* 0F 00: /0 SLDT, /1 STR, /2 LLDT, /3 LTR (protected mode only). */
void trans_grp6(DisasContext *s, X86Insn *d)
{
    int op = (s->modrm >> 3) & 7;
    size_t field = op & 1 ? offsetof(X86CPU, tr.selector) : offsetof(X86CPU, ldt.selector);
    if (!s->pe || s->vm86) {
        gen_exception(s, EXCP_UD);
        return;
    }
    if (op < 2) {
        TCGv_i64 v = tcg_temp_new_i64();
        tcg_gen_ld32u_i64(v, tcg_env, (intptr_t)field);
        if (d->op[0].mem) {
            gen_st(s, MO_16, d->addr, v);
        } else {
            gen_store_reg(s, s->dflag, d->op[0].reg, v);
        }
        return;
    }
    if (!need_cpl0(s)) {
        return;
    }
    TCGv_i64 sel =
        d->op[0].mem ? gen_ld(s, MO_16, d->addr) : gen_load_reg(s, MO_16, d->op[0].reg);
    TCGv_i32 sel32 = tcg_temp_new_i32();
    tcg_gen_extrl_i64_i32(sel32, sel);
    gen_commit_cc(s);
    if (op == 2) {
        gen_helper_x86_lldt(tcg_env, sel32);
    } else {
        gen_helper_x86_ltr(tcg_env, sel32);
    }
}

void trans_syscall(DisasContext *s, X86Insn *d)
{
    gen_commit_cc(s);
    gen_helper_x86_syscall(tcg_env, tcg_constant_i64((int64_t)x86_next_eip(s)));
    gen_exit_tb(s);
}

void trans_sysret(DisasContext *s, X86Insn *d)
{
    gen_commit_cc(s);
    gen_helper_x86_sysret(tcg_env, tcg_constant_i32(s->dflag));
    gen_exit_tb(s);
}

/* ARPL Ew, Gw: raise the destination selector's RPL to the source's (ZF = it did). */
void trans_arpl(DisasContext *s, X86Insn *d)
{
    TCGv_i64 drpl = tcg_temp_new_i64(), srpl = tcg_temp_new_i64(), zf = tcg_temp_new_i64();
    TCGv_i64 f, v = tcg_temp_new_i64();
    TCGLabel *done = gen_new_label();

    if (!s->pe || s->vm86) {
        gen_exception(s, EXCP_UD);
        return;
    }
    tcg_gen_andi_i64(drpl, d->v[0], 3);
    tcg_gen_andi_i64(srpl, d->v[1], 3);
    tcg_gen_setcond_i64(TCG_COND_LTU, zf, drpl, srpl);
    f = gen_eflags_arith(s);
    tcg_gen_andi_i64(f, f, ~(int64_t)CC_Z);
    tcg_gen_shli_i64(zf, zf, 6);
    tcg_gen_or_i64(f, f, zf);
    tcg_gen_brcondi_i64(TCG_COND_EQ, zf, 0, done);
    tcg_gen_andi_i64(v, d->v[0], ~(int64_t)3);
    tcg_gen_or_i64(v, v, srpl);
    x86_store_operand(s, d, 0, v);
    gen_set_label(done);
    gen_set_cc(s, CC_KIND_EFLAGS, MO_8, NULL, f, NULL);
}

/* BOUND Gv, Ma: #BR unless lower <= Gv <= upper (signed, from memory). */
void trans_bound(DisasContext *s, X86Insn *d)
{
    MemOp ot = d->op[0].ot;
    TCGv_i64 a = tcg_temp_new_i64(), idx = gen_load_reg(s, ot, d->op[0].reg);
    TCGv_i64 lo = gen_ld(s, ot | MO_SIGN, d->addr), hi;
    TCGLabel *bad = gen_new_label(), *ok = gen_new_label();

    tcg_gen_addi_i64(a, d->addr, 1 << ot);
    hi = gen_ld(s, ot | MO_SIGN, a);
    idx = gen_ext(ot, idx, true);
    tcg_gen_brcond_i64(TCG_COND_LT, idx, lo, bad);
    tcg_gen_brcond_i64(TCG_COND_LE, idx, hi, ok);
    gen_set_label(bad);
    gen_helper_x86_raise_exception(tcg_env, tcg_constant_i32(EXCP_BR));
    gen_set_label(ok);
}

void trans_fwait(DisasContext *s, X86Insn *d) { gen_helper_x86_fwait(tcg_env); }

void trans_sysenter(DisasContext *s, X86Insn *d)
{
    gen_commit_cc(s);
    gen_helper_x86_sysenter(tcg_env);
    gen_exit_tb(s);
}

void trans_sysexit(DisasContext *s, X86Insn *d)
{
    gen_commit_cc(s);
    gen_helper_x86_sysexit(tcg_env, tcg_constant_i32(s->rex_w ? MO_64 : MO_32));
    gen_exit_tb(s);
}

/* 0F AE with mod = 3: LFENCE, MFENCE, SFENCE (ordering is already total here). */
void trans_fence(DisasContext *s, X86Insn *d)
{
    int op = (s->modrm >> 3) & 7;
    if (d->op[0].mem || op < 5) {
        gen_exception(s, EXCP_UD);
    }
}
