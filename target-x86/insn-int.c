/*
 * The general-purpose integer instructions: ALU family, shifts and
 * rotates, multiply and divide, bit operations, moves, stack, branches,
 * string instructions and the flag instructions.
 */
#include <stddef.h>

#include "target-x86/helper.h"
#include "target-x86/insn.h"

/* ================================================================ ALU family */

enum { ALU_ADD, ALU_OR, ALU_ADC, ALU_SBB, ALU_AND, ALU_SUB, ALU_XOR, ALU_CMP };

void trans_alu(DisasContext *s, X86Insn *d)
{
    MemOp ot = d->op[0].ot;
    TCGv_i64 a = d->v[0], b = d->v[1], res = tcg_temp_new_i64(), c;

    switch (d->e->arg) {
    case ALU_ADD:
        tcg_gen_add_i64(res, a, b);
        gen_set_cc(s, CC_KIND_ADD, ot, res, b, NULL);
        break;
    case ALU_ADC:
        c = gen_cf(s);
        tcg_gen_add_i64(res, a, b);
        tcg_gen_add_i64(res, res, c);
        gen_set_cc(s, CC_KIND_ADC, ot, res, b, c);
        break;
    case ALU_SBB:
        c = gen_cf(s);
        tcg_gen_sub_i64(res, a, b);
        tcg_gen_sub_i64(res, res, c);
        gen_set_cc(s, CC_KIND_SBB, ot, res, b, c);
        break;
    case ALU_SUB:
    case ALU_CMP:
        tcg_gen_sub_i64(res, a, b);
        gen_set_cc(s, CC_KIND_SUB, ot, res, b, NULL);
        break;
    case ALU_OR:
        tcg_gen_or_i64(res, a, b);
        gen_set_cc(s, CC_KIND_LOGIC, ot, res, NULL, NULL);
        break;
    case ALU_AND:
        tcg_gen_and_i64(res, a, b);
        gen_set_cc(s, CC_KIND_LOGIC, ot, res, NULL, NULL);
        break;
    default:
        tcg_gen_xor_i64(res, a, b);
        gen_set_cc(s, CC_KIND_LOGIC, ot, res, NULL, NULL);
        break;
    }
    d->v[0] = res;
}

void trans_test(DisasContext *s, X86Insn *d)
{
    TCGv_i64 res = tcg_temp_new_i64();
    tcg_gen_and_i64(res, d->v[0], d->v[1]);
    gen_set_cc(s, CC_KIND_LOGIC, d->op[0].ot, res, NULL, NULL);
}

/* INC (arg 0) and DEC (arg 1): CF is kept. */
void trans_incdec(DisasContext *s, X86Insn *d)
{
    TCGv_i64 cf = gen_cf(s), res = tcg_temp_new_i64();
    tcg_gen_addi_i64(res, d->v[0], d->e->arg ? -1 : 1);
    gen_set_cc(s, d->e->arg ? CC_KIND_DEC : CC_KIND_INC, d->op[0].ot, res, NULL, cf);
    d->v[0] = res;
}

void trans_not(DisasContext *s, X86Insn *d) { tcg_gen_not_i64(d->v[0], d->v[0]); }

void trans_neg(DisasContext *s, X86Insn *d)
{
    TCGv_i64 res = tcg_temp_new_i64();
    tcg_gen_neg_i64(res, d->v[0]);
    gen_set_cc(s, CC_KIND_SUB, d->op[0].ot, res, d->v[0], NULL);
    d->v[0] = res;
}

/* ================================================================ shifts and rotates */

enum { SH_ROL, SH_ROR, SH_RCL, SH_RCR, SH_SHL, SH_SHR, SH_SAL, SH_SAR };

static unsigned bits_of(MemOp ot) { return 8u << ot; }

/* count & 31 (63 for 64-bit operands): the architectural masking. */
static TCGv_i64 masked_count(MemOp ot, TCGv_i64 count)
{
    TCGv_i64 c = tcg_temp_new_i64();
    tcg_gen_andi_i64(c, count, ot == MO_64 ? 63 : 31);
    return c;
}

/*
 * A shift by a masked count of zero changes nothing, flags included: keep
 * the old lazy state in that case (it is still in the cc globals).
 */
static void set_cc_unless_zero(DisasContext *s, TCGv_i64 count, X86CCKind kind, MemOp ot,
                               TCGv_i64 dst, TCGv_i64 src)
{
    TCGv_i64 zero = tcg_constant_i64(0);
    TCGv_i64 op = tcg_temp_new_i64(), ndst = tcg_temp_new_i64(), nsrc = tcg_temp_new_i64();
    TCGv_i64 nsrc2 = tcg_temp_new_i64();
    tcg_gen_movcond_i64(TCG_COND_EQ, op, count, zero, cpu_cc_op,
                        tcg_constant_i64(CC_OP(kind, ot)));
    tcg_gen_movcond_i64(TCG_COND_EQ, ndst, count, zero, cpu_cc_dst, dst);
    tcg_gen_movcond_i64(TCG_COND_EQ, nsrc, count, zero, cpu_cc_src, src);
    tcg_gen_movcond_i64(TCG_COND_EQ, nsrc2, count, zero, cpu_cc_src2, zero);
    tcg_gen_mov_i64(cpu_cc_op, op);
    tcg_gen_mov_i64(cpu_cc_dst, ndst);
    tcg_gen_mov_i64(cpu_cc_src, nsrc);
    tcg_gen_mov_i64(cpu_cc_src2, nsrc2);
    s->cc_op = -1;
}

/* Value a replicated over 64 bits, so 64-bit rotates rotate it at its own size. */
static TCGv_i64 replicate(MemOp ot, TCGv_i64 a)
{
    TCGv_i64 t = tcg_temp_new_i64();
    switch (ot) {
    case MO_8:
        tcg_gen_muli_i64(t, a, 0x0101010101010101ll);
        break;
    case MO_16:
        tcg_gen_muli_i64(t, a, 0x0001000100010001ll);
        break;
    case MO_32:
        tcg_gen_muli_i64(t, a, 0x0000000100000001ll);
        break;
    default:
        tcg_gen_mov_i64(t, a);
        break;
    }
    return t;
}

static void gen_rotate(DisasContext *s, X86Insn *d, bool right, TCGv_i64 count)
{
    MemOp ot = d->op[0].ot;
    unsigned n = bits_of(ot);
    TCGv_i64 rc = tcg_temp_new_i64(), res = tcg_temp_new_i64(), f = gen_eflags_arith(s);
    TCGv_i64 cf = tcg_temp_new_i64(), of = tcg_temp_new_i64();

    tcg_gen_andi_i64(rc, count, n - 1);
    if (right) {
        tcg_gen_rotr_i64(res, replicate(ot, d->v[0]), rc);
    } else {
        tcg_gen_rotl_i64(res, replicate(ot, d->v[0]), rc);
    }
    res = gen_ext(ot, res, false);
    if (right) {
        /* CF = MSB; OF = MSB xor the bit below it. */
        tcg_gen_shri_i64(cf, res, n - 1);
        tcg_gen_shri_i64(of, res, n - 2);
        tcg_gen_xor_i64(of, of, cf);
    } else {
        tcg_gen_andi_i64(cf, res, 1);
        tcg_gen_shri_i64(of, res, n - 1);
        tcg_gen_xor_i64(of, of, cf);
    }
    tcg_gen_andi_i64(of, of, 1);
    tcg_gen_andi_i64(f, f, ~(int64_t)(CC_C | CC_O));
    tcg_gen_or_i64(f, f, cf);
    tcg_gen_shli_i64(of, of, 11);
    tcg_gen_or_i64(f, f, of);
    set_cc_unless_zero(s, count, CC_KIND_EFLAGS, MO_8, tcg_constant_i64(0), f);
    d->v[0] = res;
}

void trans_shift(DisasContext *s, X86Insn *d)
{
    MemOp ot = d->op[0].ot;
    TCGv_i64 count = masked_count(ot, d->v[1]), c1 = tcg_temp_new_i64();
    TCGv_i64 a = d->v[0], res = tcg_temp_new_i64(), src = tcg_temp_new_i64();
    int kind = d->e->arg;

    tcg_gen_subi_i64(c1, count, 1);
    tcg_gen_andi_i64(c1, c1, 63);
    switch (kind) {
    case SH_ROL:
    case SH_ROR:
        gen_rotate(s, d, kind == SH_ROR, count);
        return;
    case SH_RCL:
    case SH_RCR:
        gen_commit_cc(s);
        gen_helper_x86_rotate_carry(res, tcg_env, a, count,
                                    tcg_constant_i32((int32_t)(ot | (kind == SH_RCR) << 2)));
        s->cc_op = -1;
        d->v[0] = res;
        return;
    case SH_SHL:
    case SH_SAL:
        tcg_gen_shl_i64(res, a, count);
        tcg_gen_shl_i64(src, a, c1);
        set_cc_unless_zero(s, count, CC_KIND_SHL, ot, res, src);
        break;
    case SH_SHR:
        tcg_gen_shr_i64(res, a, count);
        tcg_gen_shr_i64(src, a, c1);
        set_cc_unless_zero(s, count, CC_KIND_SAR, ot, res, src);
        break;
    default: {
        TCGv_i64 sa = gen_ext(ot, a, true);
        tcg_gen_sar_i64(res, sa, count);
        tcg_gen_sar_i64(src, sa, c1);
        set_cc_unless_zero(s, count, CC_KIND_SAR, ot, res, src);
        break;
    }
    }
    d->v[0] = gen_ext(ot, res, false);
}

/* SHLD (arg 0) / SHRD (arg 1) Ev, Gv, Ib/CL. */
void trans_shxd(DisasContext *s, X86Insn *d)
{
    MemOp ot = d->op[0].ot;
    unsigned n = bits_of(ot);
    TCGv_i64 count = masked_count(ot, d->v[2]), c1 = tcg_temp_new_i64();
    TCGv_i64 a = d->v[0], b = d->v[1], res = tcg_temp_new_i64(), src = tcg_temp_new_i64();
    TCGv_i64 t = tcg_temp_new_i64(), inv = tcg_temp_new_i64();
    bool right = d->e->arg;

    tcg_gen_subi_i64(c1, count, 1);
    tcg_gen_andi_i64(c1, c1, 63);
    if (ot == MO_64) {
        tcg_gen_movi_i64(inv, 64);
        tcg_gen_sub_i64(inv, inv, count);
        if (right) {
            tcg_gen_shr_i64(res, a, count);
            tcg_gen_shl_i64(t, b, inv);
            tcg_gen_shr_i64(src, a, c1);
        } else {
            tcg_gen_shl_i64(res, a, count);
            tcg_gen_shr_i64(t, b, inv);
            tcg_gen_shl_i64(src, a, c1);
        }
        /* A count of 0 shifts nothing (the other operand would shift by 64). */
        tcg_gen_movcond_i64(TCG_COND_EQ, t, count, tcg_constant_i64(0), tcg_constant_i64(0), t);
        tcg_gen_or_i64(res, res, t);
    } else {
        /* Shift the double-width value (a:b or b:a) within 64 bits. */
        TCGv_i64 wide = tcg_temp_new_i64();
        if (right) {
            tcg_gen_shli_i64(wide, b, n);
            tcg_gen_or_i64(wide, wide, a);
            tcg_gen_shr_i64(res, wide, count);
            tcg_gen_shr_i64(src, wide, c1);
        } else {
            tcg_gen_shli_i64(wide, a, n);
            tcg_gen_or_i64(wide, wide, b);
            tcg_gen_shl_i64(res, wide, count);
            tcg_gen_shri_i64(res, res, n);
            tcg_gen_shl_i64(src, wide, c1);
            tcg_gen_shri_i64(src, src, n);
        }
    }
    res = gen_ext(ot, res, false);
    set_cc_unless_zero(s, count, right ? CC_KIND_SAR : CC_KIND_SHL, ot, res, src);
    d->v[0] = res;
}

/* ================================================================ multiply and divide */

/* MUL/IMUL with rAX (group 3 /4 and /5). */
void trans_mul_acc(DisasContext *s, X86Insn *d)
{
    MemOp ot = d->op[0].ot;
    bool sign = d->e->arg;
    TCGv_i64 a = gen_load_reg(s, ot, R_EAX), b = d->v[0];
    TCGv_i64 lo = tcg_temp_new_i64(), hi = tcg_temp_new_i64(), ovf = tcg_temp_new_i64();

    if (ot == MO_64) {
        if (sign) {
            tcg_gen_muls2_i64(lo, hi, a, b);
            tcg_gen_sari_i64(ovf, lo, 63);
            tcg_gen_sub_i64(ovf, hi, ovf);
        } else {
            tcg_gen_mulu2_i64(lo, hi, a, b);
            tcg_gen_mov_i64(ovf, hi);
        }
    } else {
        unsigned n = bits_of(ot);
        if (sign) {
            a = gen_ext(ot, a, true);
            b = gen_ext(ot, b, true);
        }
        tcg_gen_mul_i64(lo, a, b);
        tcg_gen_shri_i64(hi, lo, n);
        if (sign) {
            tcg_gen_sub_i64(ovf, lo, gen_ext(ot, lo, true));
        } else {
            tcg_gen_mov_i64(ovf, gen_ext(ot, hi, false));
        }
    }
    if (ot == MO_8) {
        gen_store_reg(s, MO_16, R_EAX, lo);
    } else {
        gen_store_reg(s, ot, R_EAX, lo);
        gen_store_reg(s, ot, R_EDX, hi);
    }
    gen_set_cc(s, CC_KIND_MUL, ot, lo, ovf, NULL);
}

/* IMUL Gv, Ev (and Gv, Ev, imm): operands in v[1] and v[2] (or v[0]). */
void trans_imul(DisasContext *s, X86Insn *d)
{
    MemOp ot = d->op[0].ot;
    TCGv_i64 a = d->v[1], b = d->op[2].kind ? d->v[2] : d->v[0];
    TCGv_i64 lo = tcg_temp_new_i64(), hi = tcg_temp_new_i64(), ovf = tcg_temp_new_i64();

    if (ot == MO_64) {
        tcg_gen_muls2_i64(lo, hi, a, b);
        tcg_gen_sari_i64(ovf, lo, 63);
        tcg_gen_sub_i64(ovf, hi, ovf);
    } else {
        tcg_gen_mul_i64(lo, gen_ext(ot, a, true), gen_ext(ot, b, true));
        tcg_gen_sub_i64(ovf, lo, gen_ext(ot, lo, true));
    }
    gen_set_cc(s, CC_KIND_MUL, ot, lo, ovf, NULL);
    d->v[0] = lo;
}

void trans_div(DisasContext *s, X86Insn *d)
{
    gen_commit_cc(s);
    gen_helper_x86_divide(tcg_env, tcg_constant_i32((int32_t)(d->op[0].ot | d->e->arg << 2)),
                          d->v[0]);
}

/* CBW/CWDE/CDQE (arg 0) and CWD/CDQ/CQO (arg 1). */
void trans_cbw(DisasContext *s, X86Insn *d)
{
    MemOp ot = s->dflag;
    if (d->e->arg) {
        TCGv_i64 t = gen_ext(ot, cpu_regs[R_EAX], true);
        tcg_gen_sari_i64(t, t, 63);
        gen_store_reg(s, ot, R_EDX, t);
    } else {
        gen_store_reg(s, ot, R_EAX, gen_ext(ot - 1, cpu_regs[R_EAX], true));
    }
}

/* ================================================================ bit operations */

enum { BT_TEST, BT_SET, BT_RESET, BT_COMPLEMENT };

/* Only CF changes (OF SF AF PF are undefined: kept, as the AMD host does). */
static void set_cf_only(DisasContext *s, TCGv_i64 cf)
{
    TCGv_i64 f = gen_eflags_arith(s);
    tcg_gen_andi_i64(f, f, ~(int64_t)CC_C);
    tcg_gen_or_i64(f, f, cf);
    gen_set_cc(s, CC_KIND_EFLAGS, MO_8, NULL, f, NULL);
}

/*
 * BT/BTS/BTR/BTC Ev, Gv|Ib.  With a register offset and a memory operand
 * the offset is signed and may address outside the operand.
 */
void trans_bt(DisasContext *s, X86Insn *d)
{
    MemOp ot = d->op[0].ot;
    unsigned n = bits_of(ot);
    TCGv_i64 off = d->v[1], bit = tcg_temp_new_i64(), val, cf = tcg_temp_new_i64();
    TCGv_i64 mask = tcg_temp_new_i64(), addr = d->addr;

    if (d->op[0].mem && d->op[1].kind != OPK_I) {
        TCGv_i64 disp = gen_ext(ot, off, true);
        addr = tcg_temp_new_i64();
        tcg_gen_sari_i64(disp, disp, ot + 3);
        tcg_gen_shli_i64(disp, disp, ot);
        tcg_gen_add_i64(addr, d->addr, disp);
        if (!s->code64) {
            tcg_gen_ext32u_i64(addr, addr);
        }
    }
    tcg_gen_andi_i64(bit, off, n - 1);
    val = d->op[0].mem ? gen_ld(s, ot, addr) : gen_load_reg(s, ot, d->op[0].reg);
    tcg_gen_shr_i64(cf, val, bit);
    tcg_gen_andi_i64(cf, cf, 1);
    tcg_gen_shl_i64(mask, tcg_constant_i64(1), bit);
    switch (d->e->arg) {
    case BT_SET:
        tcg_gen_or_i64(val, val, mask);
        break;
    case BT_RESET:
        tcg_gen_andc_i64(val, val, mask);
        break;
    case BT_COMPLEMENT:
        tcg_gen_xor_i64(val, val, mask);
        break;
    default:
        break;
    }
    if (d->e->arg != BT_TEST) {
        if (d->op[0].mem) {
            gen_st(s, ot, addr, val);
        } else {
            gen_store_reg(s, ot, d->op[0].reg, val);
        }
    }
    set_cf_only(s, cf);
}

/* BSF (arg 0) / BSR (arg 1); with F3 and CPUID support TZCNT / LZCNT. */
void trans_bsf(DisasContext *s, X86Insn *d)
{
    MemOp ot = d->op[0].ot;
    unsigned n = bits_of(ot);
    TCGv_i64 src = d->v[1], res = tcg_temp_new_i64(), zero = tcg_constant_i64(0);
    bool bsr = d->e->arg;

    if (bsr && (s->prefixes & PREFIX_REPZ)) {
        /* LZCNT: the count of leading zeros at the operand size; CF = src was 0. */
        TCGv_i64 f = tcg_temp_new_i64(), t = tcg_temp_new_i64();
        tcg_gen_clzi_i64(res, src, 64);
        tcg_gen_subi_i64(res, res, 64 - n);
        tcg_gen_setcondi_i64(TCG_COND_EQ, f, src, 0);
        tcg_gen_setcondi_i64(TCG_COND_EQ, t, res, 0);
        tcg_gen_shli_i64(t, t, 6);
        tcg_gen_or_i64(f, f, t);
        gen_set_cc(s, CC_KIND_EFLAGS, MO_8, NULL, f, NULL);
        d->v[0] = res;
        return;
    }
    if (bsr) {
        tcg_gen_clzi_i64(res, src, 0);
        tcg_gen_xori_i64(res, res, 63);
    } else {
        tcg_gen_ctzi_i64(res, src, 0);
    }
    /* Source 0: ZF set, destination unchanged. */
    tcg_gen_movcond_i64(TCG_COND_EQ, res, src, zero, d->v[0], res);
    gen_set_cc(s, CC_KIND_LOGIC, ot, src, NULL, NULL);
    d->v[0] = res;
}

void trans_popcnt(DisasContext *s, X86Insn *d)
{
    TCGv_i64 res = tcg_temp_new_i64(), f = tcg_temp_new_i64();
    if (!(s->prefixes & PREFIX_REPZ)) {
        gen_exception(s, EXCP_UD);
        return;
    }
    tcg_gen_ctpop_i64(res, d->v[1]);
    tcg_gen_setcondi_i64(TCG_COND_EQ, f, d->v[1], 0);
    tcg_gen_shli_i64(f, f, 6);
    gen_set_cc(s, CC_KIND_EFLAGS, MO_8, NULL, f, NULL);
    d->v[0] = res;
}

void trans_bswap(DisasContext *s, X86Insn *d)
{
    TCGv_i64 res = tcg_temp_new_i64();
    switch (d->op[0].ot) {
    case MO_64:
        tcg_gen_bswap64_i64(res, d->v[0]);
        break;
    case MO_32:
        tcg_gen_bswap32_i64(res, d->v[0]);
        break;
    default:
        tcg_gen_movi_i64(res, 0); /* undefined; current CPUs clear the word */
        break;
    }
    d->v[0] = res;
}

/* ================================================================ exchange */

void trans_xchg(DisasContext *s, X86Insn *d)
{
    if (d->b == 0x90 && !s->rex_b) {
        return; /* NOP: in 64-bit mode not even RAX's upper half is cleared */
    }
    x86_store_operand(s, d, 0, d->v[1]);
    x86_store_operand(s, d, 1, d->v[0]);
}

void trans_xadd(DisasContext *s, X86Insn *d)
{
    TCGv_i64 sum = tcg_temp_new_i64();
    tcg_gen_add_i64(sum, d->v[0], d->v[1]);
    if (d->op[0].mem) {
        x86_store_operand(s, d, 0, sum);
        x86_store_operand(s, d, 1, d->v[0]);
    } else {
        x86_store_operand(s, d, 1, d->v[0]);
        x86_store_operand(s, d, 0, sum);
    }
    gen_set_cc(s, CC_KIND_ADD, d->op[0].ot, sum, d->v[1], NULL);
}

void trans_cmpxchg(DisasContext *s, X86Insn *d)
{
    MemOp ot = d->op[0].ot;
    TCGv_i64 acc = gen_load_reg(s, ot, R_EAX), dest = d->v[0], res = tcg_temp_new_i64();
    TCGLabel *differ = gen_new_label(), *done = gen_new_label();

    tcg_gen_sub_i64(res, acc, dest);
    tcg_gen_brcond_i64(TCG_COND_NE, acc, dest, differ);
    x86_store_operand(s, d, 0, d->v[1]);
    tcg_gen_br(done);
    gen_set_label(differ);
    /* A memory destination is written back unchanged; a register one is left alone. */
    if (d->op[0].mem) {
        gen_st(s, ot, d->addr, dest);
    }
    gen_store_reg(s, ot, R_EAX, dest);
    gen_set_label(done);
    gen_set_cc(s, CC_KIND_SUB, ot, res, dest, NULL);
}

/* CMPXCHG8B / CMPXCHG16B (REX.W) m64/m128. */
void trans_cmpxchg8b(DisasContext *s, X86Insn *d)
{
    MemOp ot = s->dflag == MO_64 ? MO_64 : MO_32;
    TCGv_i64 addr_hi = tcg_temp_new_i64(), lo, hi, eq = tcg_temp_new_i64();
    TCGv_i64 t = tcg_temp_new_i64(), f = gen_eflags_arith(s);
    TCGLabel *differ = gen_new_label(), *done = gen_new_label();

    if (ot == MO_64) {
        /* CMPXCHG16B: #GP(0) unless 16-byte aligned. */
        TCGLabel *aligned = gen_new_label();
        tcg_gen_brcondi_i64(TCG_COND_TSTEQ, d->addr, 15, aligned);
        gen_helper_x86_raise_exception_err(tcg_env, tcg_constant_i32(EXCP_GP),
                                           tcg_constant_i32(0));
        gen_set_label(aligned);
    }
    tcg_gen_addi_i64(addr_hi, d->addr, 1 << ot);
    lo = gen_ld(s, ot, d->addr);
    hi = gen_ld(s, ot, addr_hi);
    tcg_gen_setcond_i64(TCG_COND_EQ, eq, lo, gen_load_reg(s, ot, R_EAX));
    tcg_gen_setcond_i64(TCG_COND_EQ, t, hi, gen_load_reg(s, ot, R_EDX));
    tcg_gen_and_i64(eq, eq, t);
    tcg_gen_andi_i64(f, f, ~(int64_t)CC_Z);
    tcg_gen_shli_i64(t, eq, 6);
    tcg_gen_or_i64(f, f, t);
    tcg_gen_brcondi_i64(TCG_COND_EQ, eq, 0, differ);
    gen_st(s, ot, d->addr, gen_load_reg(s, ot, R_EBX));
    gen_st(s, ot, addr_hi, gen_load_reg(s, ot, R_ECX));
    tcg_gen_br(done);
    gen_set_label(differ);
    gen_st(s, ot, d->addr, lo);
    gen_st(s, ot, addr_hi, hi);
    gen_store_reg(s, ot, R_EAX, lo);
    gen_store_reg(s, ot, R_EDX, hi);
    gen_set_label(done);
    gen_set_cc(s, CC_KIND_EFLAGS, MO_8, NULL, f, NULL);
}

/* ================================================================ moves */

void trans_mov(DisasContext *s, X86Insn *d) { d->v[0] = d->v[1]; }

/* MOVSX / MOVSXD: sign-extend operand 1 from its size. */
void trans_movsx(DisasContext *s, X86Insn *d) { d->v[0] = gen_ext(d->op[1].ot, d->v[1], true); }

void trans_lea(DisasContext *s, X86Insn *d) { d->v[0] = d->ea; }

void trans_cmov(DisasContext *s, X86Insn *d)
{
    TCGv_i64 c = gen_cond_value(s, d->b & 15), res = tcg_temp_new_i64();
    tcg_gen_movcond_i64(TCG_COND_NE, res, c, tcg_constant_i64(0), d->v[1], d->v[0]);
    d->v[0] = res;
}

void trans_setcc(DisasContext *s, X86Insn *d) { d->v[0] = gen_cond_value(s, d->b & 15); }

void trans_nop(DisasContext *s, X86Insn *d) {}

/* XLAT: AL = [seg:rBX + AL]. */
void trans_xlat(DisasContext *s, X86Insn *d)
{
    TCGv_i64 off = tcg_temp_new_i64();
    tcg_gen_ext8u_i64(off, cpu_regs[R_EAX]);
    tcg_gen_add_i64(off, off, cpu_regs[R_EBX]);
    off = gen_ext(s->aflag, off, false);
    gen_store_reg(s, MO_8, R_EAX,
                  gen_ld(s, MO_8, gen_seg_addr(s, s->override >= 0 ? s->override : R_DS, off)));
}

/* ================================================================ stack */

void trans_push(DisasContext *s, X86Insn *d) { gen_push(s, s->dflag, d->v[0]); }

void trans_pop(DisasContext *s, X86Insn *d)
{
    TCGv_i64 v = gen_pop_value(s, s->dflag);
    if (d->op[0].mem) {
        /* An rSP base addresses with the incremented rSP (SDM, POP). */
        TCGv_i64 addr = d->addr;
        if (s->ea_sp_base) {
            addr = tcg_temp_new_i64();
            tcg_gen_addi_i64(addr, d->addr, 1 << s->dflag);
            if (!s->code64) {
                tcg_gen_ext32u_i64(addr, addr);
            }
        }
        gen_st(s, s->dflag, addr, v);
        gen_pop_commit(s, s->dflag);
    } else {
        gen_pop_commit(s, s->dflag);
        gen_store_reg(s, s->dflag, d->op[0].reg, v);
    }
}

void trans_pusha(DisasContext *s, X86Insn *d)
{
    MemOp ot = s->dflag;
    TCGv_i64 sp = gen_load_reg(s, gen_stack_size(s), R_ESP);
    for (int i = 0; i < 8; i++) {
        TCGv_i64 off = tcg_temp_new_i64();
        tcg_gen_subi_i64(off, sp, (i + 1) << ot);
        gen_st(s, ot, gen_seg_addr(s, R_SS, gen_ext(gen_stack_size(s), off, false)),
               i == R_ESP ? sp : cpu_regs[i]);
    }
    tcg_gen_subi_i64(sp, sp, 8 << ot);
    gen_store_reg(s, gen_stack_size(s), R_ESP, sp);
}

void trans_popa(DisasContext *s, X86Insn *d)
{
    MemOp ot = s->dflag;
    TCGv_i64 sp = gen_load_reg(s, gen_stack_size(s), R_ESP), vals[8];
    for (int i = 0; i < 8; i++) {
        TCGv_i64 off = tcg_temp_new_i64();
        tcg_gen_addi_i64(off, sp, (7 - i) << ot);
        vals[i] = gen_ld(s, ot, gen_seg_addr(s, R_SS, gen_ext(gen_stack_size(s), off, false)));
    }
    for (int i = 0; i < 8; i++) {
        if (i != R_ESP) {
            gen_store_reg(s, ot, i, vals[i]);
        }
    }
    tcg_gen_addi_i64(sp, sp, 8 << ot);
    gen_store_reg(s, gen_stack_size(s), R_ESP, sp);
}

/* ENTER imm16, imm8. */
void trans_enter(DisasContext *s, X86Insn *d)
{
    MemOp ot = s->dflag, ssz = gen_stack_size(s);
    unsigned level = (unsigned)d->op[1].imm & 31;
    uint16_t size = (uint16_t)d->op[0].imm;
    TCGv_i64 fp = tcg_temp_new_i64(), bp = cpu_regs[R_EBP];

    gen_push(s, ot, gen_load_reg(s, ot, R_EBP));
    tcg_gen_mov_i64(fp, cpu_regs[R_ESP]);
    for (unsigned i = 1; i < level; i++) {
        TCGv_i64 off = tcg_temp_new_i64();
        tcg_gen_subi_i64(off, bp, i << ot);
        gen_push(s, ot, gen_ld(s, ot, gen_seg_addr(s, R_SS, gen_ext(ssz, off, false))));
    }
    if (level) {
        gen_push(s, ot, fp);
    }
    gen_store_reg(s, ot, R_EBP, fp);
    TCGv_i64 sp = tcg_temp_new_i64();
    tcg_gen_subi_i64(sp, cpu_regs[R_ESP], size);
    gen_store_reg(s, ssz, R_ESP, sp);
}

void trans_leave(DisasContext *s, X86Insn *d)
{
    MemOp ot = s->dflag, ssz = gen_stack_size(s);
    TCGv_i64 v = gen_ld(s, ot, gen_seg_addr(s, R_SS, gen_ext(ssz, cpu_regs[R_EBP], false)));
    TCGv_i64 sp = tcg_temp_new_i64();
    tcg_gen_addi_i64(sp, cpu_regs[R_EBP], 1 << ot);
    gen_store_reg(s, ssz, R_ESP, sp);
    gen_store_reg(s, ot, R_EBP, v);
}

/* ================================================================ branches */

void trans_jcc(DisasContext *s, X86Insn *d)
{
    TCGLabel *taken = gen_new_label();
    uint64_t next = x86_next_eip(s);
    gen_cond_branch(s, d->b & 15, taken);
    gen_jmp_eip(s, next, 1);
    gen_set_label(taken);
    gen_jmp_eip(s, x86_branch_eip(s, next + d->op[0].imm), 0);
}

void trans_jmp(DisasContext *s, X86Insn *d)
{
    gen_jmp_eip(s, x86_branch_eip(s, x86_next_eip(s) + d->op[0].imm), 0);
}

void trans_call(DisasContext *s, X86Insn *d)
{
    uint64_t next = x86_next_eip(s);
    gen_push(s, s->dflag, tcg_constant_i64((int64_t)next));
    gen_jmp_eip(s, x86_branch_eip(s, next + d->op[0].imm), 0);
}

void trans_jmp_ind(DisasContext *s, X86Insn *d) { gen_jmp_dyn(s, d->v[0]); }

void trans_call_ind(DisasContext *s, X86Insn *d)
{
    TCGv_i64 target = d->v[0];
    gen_push(s, s->dflag, tcg_constant_i64((int64_t)x86_next_eip(s)));
    gen_jmp_dyn(s, target);
}

/* RET and RET imm16. */
void trans_ret(DisasContext *s, X86Insn *d)
{
    MemOp ot = s->dflag;
    TCGv_i64 eip = gen_pop_value(s, ot), sp = tcg_temp_new_i64();
    tcg_gen_addi_i64(sp, cpu_regs[R_ESP],
                     (1 << ot) + (d->op[0].kind ? (int64_t)(uint16_t)d->op[0].imm : 0));
    gen_store_reg(s, gen_stack_size(s), R_ESP, sp);
    gen_jmp_dyn(s, eip);
}

/* LOOPNE (0), LOOPE (1), LOOP (2), JCXZ (3). */
void trans_loop(DisasContext *s, X86Insn *d)
{
    TCGLabel *taken = gen_new_label(), *not_taken = gen_new_label();
    MemOp asz = s->aflag;
    uint64_t next = x86_next_eip(s);
    TCGv_i64 cx = tcg_temp_new_i64();
    int kind = d->b & 3;

    if (kind == 3) {
        tcg_gen_brcondi_i64(TCG_COND_EQ, gen_ext(asz, cpu_regs[R_ECX], false), 0, taken);
    } else {
        tcg_gen_subi_i64(cx, cpu_regs[R_ECX], 1);
        gen_store_reg(s, asz, R_ECX, cx);
        tcg_gen_brcondi_i64(TCG_COND_EQ, gen_ext(asz, cx, false), 0, not_taken);
        if (kind < 2) {
            gen_cond_branch(s, kind == 0 ? 5 : 4, taken); /* NE / E */
            tcg_gen_br(not_taken);
        } else {
            tcg_gen_br(taken);
        }
    }
    gen_set_label(not_taken);
    gen_jmp_eip(s, next, 1);
    gen_set_label(taken);
    gen_jmp_eip(s, x86_branch_eip(s, next + d->op[0].imm), 0);
}

/* ================================================================ strings */

enum { STR_MOVS, STR_CMPS, STR_STOS, STR_LODS, STR_SCAS, STR_INS, STR_OUTS };

static TCGv_i64 string_addr(DisasContext *s, int seg, int reg)
{
    return gen_seg_addr(s, seg, gen_ext(s->aflag, cpu_regs[reg], false));
}

/* rSI/rDI += (DF ? -1 : 1) * size, at the address size. */
static void string_advance(DisasContext *s, int reg, MemOp ot)
{
    TCGv_i64 step = tcg_temp_new_i64(), v = tcg_temp_new_i64();
    tcg_gen_extract_i64(step, cpu_eflags, 10, 1);
    tcg_gen_muli_i64(step, step, -(2ll << ot));
    tcg_gen_addi_i64(step, step, 1 << ot);
    tcg_gen_add_i64(v, cpu_regs[reg], step);
    gen_store_reg(s, s->aflag, reg, v);
}

static TCGv_i32 dx_port(DisasContext *s)
{
    TCGv_i32 port = tcg_temp_new_i32();
    tcg_gen_extrl_i64_i32(port, gen_load_reg(s, MO_16, R_EDX));
    return port;
}

static void string_body(DisasContext *s, int kind, MemOp ot)
{
    int src_seg = s->override >= 0 ? s->override : R_DS;
    TCGv_i64 v, a, res = tcg_temp_new_i64();

    switch (kind) {
    case STR_MOVS:
        v = gen_ld(s, ot, string_addr(s, src_seg, R_ESI));
        gen_st(s, ot, string_addr(s, R_ES, R_EDI), v);
        string_advance(s, R_ESI, ot);
        string_advance(s, R_EDI, ot);
        break;
    case STR_STOS:
        gen_st(s, ot, string_addr(s, R_ES, R_EDI), cpu_regs[R_EAX]);
        string_advance(s, R_EDI, ot);
        break;
    case STR_LODS:
        v = gen_ld(s, ot, string_addr(s, src_seg, R_ESI));
        gen_store_reg(s, ot, R_EAX, v);
        string_advance(s, R_ESI, ot);
        break;
    case STR_CMPS:
        a = gen_ld(s, ot, string_addr(s, src_seg, R_ESI));
        v = gen_ld(s, ot, string_addr(s, R_ES, R_EDI));
        tcg_gen_sub_i64(res, a, v);
        gen_set_cc(s, CC_KIND_SUB, ot, res, v, NULL);
        string_advance(s, R_ESI, ot);
        string_advance(s, R_EDI, ot);
        break;
    case STR_SCAS:
        v = gen_ld(s, ot, string_addr(s, R_ES, R_EDI));
        tcg_gen_sub_i64(res, gen_ext(ot, cpu_regs[R_EAX], false), v);
        gen_set_cc(s, CC_KIND_SUB, ot, res, v, NULL);
        string_advance(s, R_EDI, ot);
        break;
    case STR_INS:
        v = tcg_temp_new_i64();
        gen_helper_x86_in(v, tcg_env, dx_port(s), tcg_constant_i32(1 << ot));
        gen_st(s, ot, string_addr(s, R_ES, R_EDI), v);
        string_advance(s, R_EDI, ot);
        break;
    default:
        v = gen_ld(s, ot, string_addr(s, src_seg, R_ESI));
        gen_helper_x86_out(tcg_env, dx_port(s), tcg_constant_i32(1 << ot), v);
        string_advance(s, R_ESI, ot);
        break;
    }
    gen_commit_cc(s);
}

/* Port I/O from CPL > IOPL (or in virtual-8086 mode): the TSS I/O bitmap decides. */
void x86_gen_io_check(DisasContext *s, TCGv_i32 port, MemOp ot)
{
    if ((s->pe && !(s->flags & TBF_IOPL_OK)) || s->vm86) {
        gen_commit_cc(s);
        gen_helper_x86_check_io(tcg_env, port, tcg_constant_i32(1 << ot));
    }
}

/*
 * One iteration per pass; with a REP prefix the instruction jumps back to
 * itself while rCX (and for CMPS/SCAS the ZF condition) says so, so that
 * interrupts and faults see the architectural state between iterations.
 */
void trans_string(DisasContext *s, X86Insn *d)
{
    int kind = d->e->arg;
    MemOp ot = (d->b & 1) ? s->dflag : MO_8;
    bool rep = s->prefixes & (PREFIX_REPZ | PREFIX_REPNZ);
    TCGLabel *done = gen_new_label();
    TCGv_i64 cx = tcg_temp_new_i64();

    if (kind == STR_INS || kind == STR_OUTS) {
        x86_gen_io_check(s, dx_port(s), ot);
    }
    if (!rep) {
        string_body(s, kind, ot);
        return;
    }
    tcg_gen_brcondi_i64(TCG_COND_EQ, gen_ext(s->aflag, cpu_regs[R_ECX], false), 0, done);
    string_body(s, kind, ot);
    tcg_gen_subi_i64(cx, cpu_regs[R_ECX], 1);
    gen_store_reg(s, s->aflag, R_ECX, cx);
    tcg_gen_brcondi_i64(TCG_COND_EQ, gen_ext(s->aflag, cx, false), 0, done);
    if (kind == STR_CMPS || kind == STR_SCAS) {
        /* REPE stops when ZF = 0, REPNE when ZF = 1. */
        gen_cond_branch(s, (s->prefixes & PREFIX_REPZ) ? 5 : 4, done);
    }
    gen_jmp_eip(s, x86_cur_eip(s), 0);
    gen_set_label(done);
    gen_jmp_eip(s, x86_next_eip(s), 1);
}

/* ================================================================ flags */

void trans_cmc(DisasContext *s, X86Insn *d)
{
    TCGv_i64 f = gen_eflags_arith(s);
    switch (d->b) {
    case 0xf5:
        tcg_gen_xori_i64(f, f, CC_C);
        break;
    case 0xf8:
        tcg_gen_andi_i64(f, f, ~(int64_t)CC_C);
        break;
    default:
        tcg_gen_ori_i64(f, f, CC_C);
        break;
    }
    gen_set_cc(s, CC_KIND_EFLAGS, MO_8, NULL, f, NULL);
}

void trans_cld(DisasContext *s, X86Insn *d)
{
    if (d->b == 0xfc) {
        tcg_gen_andi_i64(cpu_eflags, cpu_eflags, ~(int64_t)EF_DF);
    } else {
        tcg_gen_ori_i64(cpu_eflags, cpu_eflags, EF_DF);
    }
}

void trans_lahf(DisasContext *s, X86Insn *d)
{
    TCGv_i64 f = gen_eflags_arith(s);
    tcg_gen_ori_i64(f, f, EF_FIXED1);
    tcg_gen_deposit_i64(cpu_regs[R_EAX], cpu_regs[R_EAX], f, 8, 8);
}

void trans_sahf(DisasContext *s, X86Insn *d)
{
    TCGv_i64 f = gen_eflags_arith(s), ah = tcg_temp_new_i64();
    tcg_gen_extract_i64(ah, cpu_regs[R_EAX], 8, 8);
    tcg_gen_andi_i64(ah, ah, CC_S | CC_Z | CC_A | CC_P | CC_C);
    tcg_gen_andi_i64(f, f, CC_O);
    tcg_gen_or_i64(f, f, ah);
    gen_set_cc(s, CC_KIND_EFLAGS, MO_8, NULL, f, NULL);
}

/* PUSHF: VM and RF read as 0 in the pushed image. */
void trans_pushf(DisasContext *s, X86Insn *d)
{
    TCGv_i64 f = tcg_temp_new_i64();
    if (s->vm86 && !(s->flags & TBF_IOPL_OK)) {
        gen_exception_err(s, EXCP_GP, 0);
        return;
    }
    gen_commit_cc(s);
    gen_helper_x86_read_eflags(f, tcg_env);
    tcg_gen_andi_i64(f, f, ~(int64_t)(EF_VM | EF_RF));
    gen_push(s, s->dflag, f);
}

void trans_popf(DisasContext *s, X86Insn *d)
{
    uint32_t mask = CC_ARITH | EF_TF | EF_DF | EF_NT | EF_AC | EF_ID;
    TCGv_i64 f;
    if (s->vm86 && !(s->flags & TBF_IOPL_OK)) {
        gen_exception_err(s, EXCP_GP, 0);
        return;
    }
    if (s->cpl == 0 || !s->pe) {
        mask |= EF_IOPL;
    }
    if ((s->flags & TBF_IOPL_OK) || !s->pe) {
        mask |= EF_IF;
    }
    if (s->dflag == MO_16) {
        mask &= 0xffff;
    }
    f = gen_pop_value(s, s->dflag);
    gen_pop_commit(s, s->dflag);
    gen_helper_x86_write_eflags(tcg_env, f, tcg_constant_i32((int32_t)mask));
    s->cc_op = CC_OP_EFLAGS;
}

/* CLI (arg 0) / STI (arg 1). */
void trans_cli(DisasContext *s, X86Insn *d)
{
    if (s->pe && !(s->flags & TBF_IOPL_OK)) {
        gen_exception_err(s, EXCP_GP, 0);
        return;
    }
    if (d->e->arg) {
        tcg_gen_ori_i64(cpu_eflags, cpu_eflags, EF_IF);
        /* The instruction after STI runs before any interrupt is taken. */
        tcg_gen_st8_i64(tcg_constant_i64(1), tcg_env, offsetof(X86CPU, inhibit_irq));
    } else {
        tcg_gen_andi_i64(cpu_eflags, cpu_eflags, ~(int64_t)EF_IF);
    }
}

/* DAA DAS AAA AAS AAM AAD (arg), with the immediate base for AAM/AAD. */
void trans_bcd(DisasContext *s, X86Insn *d)
{
    gen_commit_cc(s);
    gen_helper_x86_bcd(tcg_env, tcg_constant_i32(d->e->arg),
                       tcg_constant_i32(d->op[0].kind ? (int32_t)(d->op[0].imm & 0xff) : 0));
    s->cc_op = CC_OP_EFLAGS;
}
