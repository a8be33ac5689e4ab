/*
 * The integer MMX, SSE2, SSSE3, SSE4.1 and SSE4.2 instructions.  Element-
 * wise operations run through one helper and the operation table of
 * helper-sse-int.c; moves, inserts and extracts are generated inline.
 * Operands are in place in X86CPU (see "vector operands" in translate.h).
 */
#include <stddef.h>

#include "target-x86/helper-sse-int.h"
#include "target-x86/helper.h"
#include "target-x86/insn-sse-int.h"
#include "target-x86/insn.h"

static bool is_mmx(const X86Operand *op)
{
    return op->kind == OPK_P || op->kind == OPK_Q || op->kind == OPK_N;
}

/* Bytes of vector operand i: 8 for an MMX register, 16 for an XMM one. */
static unsigned vec_width(X86Insn *d, int i) { return is_mmx(&d->op[i]) ? 8 : 16; }

/* After writing MMX register operand 0: the x87 sees its exponent as all ones. */
static void gen_mmx_written(X86Insn *d)
{
    X86Operand *op = &d->op[0];
    if (is_mmx(op) && !op->mem) {
        tcg_gen_st16_i64(tcg_constant_i64(0xffff), tcg_env,
                         x86_mmx_ofs(op->reg) + (intptr_t)offsetof(floatx80, sign_exp));
    }
}

/* The imm8 of operand i (immediates are fetched sign-extended). */
static unsigned imm8(X86Insn *d, int i) { return (unsigned)d->op[i].imm & 0xff; }

static void gen_vec_op(X86Insn *d, int op, TCGv_ptr src, unsigned imm)
{
    gen_helper_x86_vec_op(tcg_env, x86_vec_ptr(d, 0), src,
                          tcg_constant_i32((int32_t)X86_VEC_DESC(op, vec_width(d, 0))),
                          tcg_constant_i32((int32_t)imm));
    gen_mmx_written(d);
}

static void gen_andn(TCGv_i64 r, TCGv_i64 a, TCGv_i64 b) { tcg_gen_andc_i64(r, b, a); }

/*
 * Operations on whole quadwords, generated inline rather than through the
 * helper: the logic operations (PXOR zeroes registers, string loops use
 * PAND/POR) and the 64-bit add/subtract.
 */
static void (*const quad_ops[VOP_COUNT])(TCGv_i64, TCGv_i64, TCGv_i64) = {
    [VOP_pand] = tcg_gen_and_i64, [VOP_pandn] = gen_andn,        [VOP_por] = tcg_gen_or_i64,
    [VOP_pxor] = tcg_gen_xor_i64, [VOP_paddq] = tcg_gen_add_i64, [VOP_psubq] = tcg_gen_sub_i64,
};

static void gen_quad_op(X86Insn *d, int op)
{
    TCGv_i64 a = tcg_temp_new_i64(), b = tcg_temp_new_i64();
    for (unsigned i = 0; i < vec_width(d, 0); i += 8) {
        tcg_gen_ld_i64(a, tcg_env, d->op[0].ofs + i);
        tcg_gen_ld_i64(b, tcg_env, d->op[1].ofs + i);
        quad_ops[op](a, a, b);
        tcg_gen_st_i64(a, tcg_env, d->op[0].ofs + i);
    }
    gen_mmx_written(d);
}

void trans_vec_op(DisasContext *s, X86Insn *d)
{
    int op = d->e->arg;
    if (quad_ops[op]) {
        gen_quad_op(d, op);
        return;
    }
    gen_vec_op(d, op, x86_vec_ptr(d, 1), d->op[2].kind == OPK_I ? imm8(d, 2) : 0);
}

/* The shift groups 0F 71-73: the count goes where the register forms find theirs. */
void trans_vec_shift_imm(DisasContext *s, X86Insn *d)
{
    intptr_t tmp = (intptr_t)offsetof(X86CPU, vec_tmp);
    tcg_gen_st_i64(tcg_constant_i64(imm8(d, 1)), tcg_env, tmp);
    gen_vec_op(d, d->e->arg, x86_env_ptr(tmp), 0);
}

/* ================================================================ moves */

void trans_vec_movq(DisasContext *s, X86Insn *d)
{
    X86Operand *dst = &d->op[0];
    TCGv_i64 v = d->v[1];
    if (d->e->arg != MOVQ_TO_VEC) {
        v = tcg_temp_new_i64();
        tcg_gen_ld_i64(v, tcg_env, d->op[1].ofs);
    }
    if (d->e->arg == MOVQ_FROM_VEC) {
        d->v[0] = v; /* the decoder stores it at operand 0's size */
        return;
    }
    tcg_gen_st_i64(v, tcg_env, dst->ofs);
    if (!is_mmx(dst) && !dst->mem) {
        tcg_gen_st_i64(tcg_constant_i64(0), tcg_env, dst->ofs + 8);
    }
    gen_mmx_written(d);
}

/*
 * MOVNTQ (operand 0 an M operand) and MOVNTDQ (a W operand the decoder
 * stores): a non-temporal hint is just a store here.
 */
void trans_vec_movnt(DisasContext *s, X86Insn *d)
{
    if (d->op[0].kind == OPK_M) {
        TCGv_i64 v = tcg_temp_new_i64();
        tcg_gen_ld_i64(v, tcg_env, d->op[1].ofs);
        gen_st(s, MO_64, d->addr, v);
        return;
    }
    if (!d->op[0].mem) {
        gen_exception(s, EXCP_UD);
        return;
    }
    gen_vec_copy(d->op[0].ofs, d->op[1].ofs, 16);
}

/* MOVNTDQA: an aligned 16-byte load, from memory only. */
void trans_movntdqa(DisasContext *s, X86Insn *d)
{
    if (!d->op[1].mem) {
        gen_exception(s, EXCP_UD);
        return;
    }
    gen_vec_copy(d->op[0].ofs, d->op[1].ofs, 16);
}

/* MASKMOVQ / MASKMOVDQU: the bytes of operand 0 whose mask byte (operand 1) has bit 7 set, to
 * DS:rDI (segment override allowed). */
void trans_maskmov(DisasContext *s, X86Insn *d)
{
    int seg = s->override >= 0 ? s->override : R_DS;
    TCGv_i64 mask = tcg_temp_new_i64(), byte = tcg_temp_new_i64(), ea = tcg_temp_new_i64();
    for (unsigned i = 0; i < vec_width(d, 0); i++) {
        TCGLabel *skip = gen_new_label();
        tcg_gen_ld8s_i64(mask, tcg_env, d->op[1].ofs + i);
        tcg_gen_brcondi_i64(TCG_COND_GE, mask, 0, skip);
        tcg_gen_addi_i64(ea, cpu_regs[R_EDI], i);
        if (s->aflag == MO_32) {
            tcg_gen_ext32u_i64(ea, ea);
        } else if (s->aflag == MO_16) {
            tcg_gen_ext16u_i64(ea, ea);
        }
        tcg_gen_ld8u_i64(byte, tcg_env, d->op[0].ofs + i);
        gen_st(s, MO_8, gen_seg_addr(s, seg, ea), byte);
        gen_set_label(skip);
    }
}

/* EMMS: every x87 register empty (the decoder's MMX entry already zeroed TOP). */
void trans_emms(DisasContext *s, X86Insn *d)
{
    for (int i = 0; i < 8; i++) {
        tcg_gen_st8_i64(tcg_constant_i64(1), tcg_env, (intptr_t)offsetof(X86CPU, fptags[i]));
    }
}

/* ================================================================ inserts and extracts */

static void gen_ld_lane(TCGv_i64 v, intptr_t ofs, MemOp esz)
{
    switch (esz) {
    case MO_8:
        tcg_gen_ld8u_i64(v, tcg_env, ofs);
        break;
    case MO_16:
        tcg_gen_ld16u_i64(v, tcg_env, ofs);
        break;
    case MO_32:
        tcg_gen_ld32u_i64(v, tcg_env, ofs);
        break;
    default:
        tcg_gen_ld_i64(v, tcg_env, ofs);
        break;
    }
}

static void gen_st_lane(TCGv_i64 v, intptr_t ofs, MemOp esz)
{
    switch (esz) {
    case MO_8:
        tcg_gen_st8_i64(v, tcg_env, ofs);
        break;
    case MO_16:
        tcg_gen_st16_i64(v, tcg_env, ofs);
        break;
    case MO_32:
        tcg_gen_st32_i64(v, tcg_env, ofs);
        break;
    default:
        tcg_gen_st_i64(v, tcg_env, ofs);
        break;
    }
}

/*
 * The element size of PINSRx/PEXTRx: arg, except that PINSRD/PEXTRD become
 * PINSRQ/PEXTRQ with REX.W (the general operand's size says which).
 */
static MemOp lane_size(X86Insn *d, int gpr_op)
{
    MemOp esz = (MemOp)d->e->arg;
    return esz == MO_32 ? d->op[gpr_op].ot : esz;
}

/* Offset of the lane operand imm_op's imm8 selects in vector operand i. */
static intptr_t lane_ofs(X86Insn *d, int i, MemOp esz, int imm_op)
{
    unsigned lanes = vec_width(d, i) >> esz;
    return d->op[i].ofs + (intptr_t)((imm8(d, imm_op) & (lanes - 1)) << esz);
}

/* PEXTRB/W/D/Q: a lane of operand 1 to memory, or zero-extended to a general register. */
void trans_pextr(DisasContext *s, X86Insn *d)
{
    MemOp esz = lane_size(d, 0);
    TCGv_i64 v = tcg_temp_new_i64();
    gen_ld_lane(v, lane_ofs(d, 1, esz, 2), esz);
    if (d->op[0].mem) {
        gen_st(s, esz, d->addr, v);
    } else {
        gen_store_reg(s, d->op[0].ot == MO_64 ? MO_64 : MO_32, d->op[0].reg, v);
    }
}

/* PINSRB/W/D/Q: memory or the low bits of a general register into a lane of operand 0. */
void trans_pinsr(DisasContext *s, X86Insn *d)
{
    MemOp esz = lane_size(d, 1);
    TCGv_i64 v = d->v[1];
    if (!d->op[1].mem && esz == MO_8) {
        /* The low byte of r32 (the decoder's byte register 4-7 would be AH..BH). */
        v = gen_load_reg(s, MO_32, d->op[1].reg);
    }
    gen_st_lane(v, lane_ofs(d, 0, esz, 2), esz);
    gen_mmx_written(d);
}

void trans_pmovmskb(DisasContext *s, X86Insn *d)
{
    d->v[0] = tcg_temp_new_i64();
    gen_helper_x86_pmovmskb(d->v[0], x86_vec_ptr(d, 1),
                            tcg_constant_i32((int32_t)vec_width(d, 1)));
}

/* ================================================================ flag-setting */

void trans_ptest(DisasContext *s, X86Insn *d)
{
    TCGv_i64 f = tcg_temp_new_i64();
    gen_helper_x86_ptest(f, tcg_env, x86_vec_ptr(d, 0), x86_vec_ptr(d, 1));
    gen_set_cc(s, CC_KIND_EFLAGS, MO_8, NULL, f, NULL);
}

/* PCMPESTRI PCMPESTRM PCMPISTRI PCMPISTRM: arg holds the X86_PCMPSTR_ form bits. */
void trans_pcmpstr(DisasContext *s, X86Insn *d)
{
    uint32_t ctrl = imm8(d, 2) | (uint32_t)d->e->arg | (s->rex_w ? X86_PCMPSTR_W64 : 0);
    TCGv_i64 res = tcg_temp_new_i64();
    gen_helper_x86_pcmpstr(res, tcg_env, x86_vec_ptr(d, 0), x86_vec_ptr(d, 1),
                           tcg_constant_i32((int32_t)ctrl));
    if (!(ctrl & X86_PCMPSTR_MASK)) {
        TCGv_i64 index = tcg_temp_new_i64();
        tcg_gen_shri_i64(index, res, 32);
        gen_store_reg(s, MO_32, R_ECX, index);
    }
    gen_set_cc(s, CC_KIND_EFLAGS, MO_8, NULL, res, NULL);
}

/* CRC32 r, r/m: operand 0 updated with operand 1's bytes. */
void trans_crc32(DisasContext *s, X86Insn *d)
{
    TCGv_i64 res = tcg_temp_new_i64();
    gen_helper_x86_crc32(res, d->v[0], d->v[1], tcg_constant_i32(1 << d->op[1].ot));
    d->v[0] = res;
}
