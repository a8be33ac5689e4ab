/*
 * SSE, SSE2, SSE3 and SSE4.1 floating point: moves, arithmetic,
 * comparisons, conversions, shuffles and MXCSR.  The computing is done by
 * the helpers of helper-sse-fp.c on the operands in place; the pure moves
 * are TCG loads and stores.  The maps (maps.c, maps-0f38.c) carry each
 * instruction's operation in .arg (insn-sse-fp.h).
 */
#include "target-x86/helper-sse-fp.h"
#include "target-x86/helper.h"
#include "target-x86/insn.h"

/* The imm8 of an entry with an (I, B) third operand, else 0. */
static uint32_t imm8(const X86Insn *d)
{
    return d->op[2].kind == OPK_I ? (uint32_t)(d->op[2].imm & 0xff) : 0;
}

static TCGv_i32 arg_const(const X86Insn *d, uint32_t extra)
{
    return tcg_constant_i32((int32_t)((uint32_t)(uint16_t)d->e->arg | extra));
}

/* Copy 4, 8 or 16 bytes between vector storage in X86CPU. */
static void copy_vec_bytes(intptr_t dst_ofs, intptr_t src_ofs, int bytes)
{
    if (bytes == 4) {
        TCGv_i64 t = tcg_temp_new_i64();
        tcg_gen_ld32u_i64(t, tcg_env, src_ofs);
        tcg_gen_st32_i64(t, tcg_env, dst_ofs);
    } else {
        gen_vec_copy(dst_ofs, src_ofs, bytes);
    }
}

/* The register form of a memory-only instruction (MOVLPD, MOVNTPS, LDDQU, ...) is #UD. */
static bool require_mem(DisasContext *s, const X86Insn *d)
{
    if (d->op[0].mem || d->op[1].mem) {
        return true;
    }
    gen_exception(s, EXCP_UD);
    return false;
}

/* Arithmetic, comparisons, rounding, dot products: arg is op | format << 8. */
void trans_sse_fp(DisasContext *s, X86Insn *d)
{
    gen_helper_x86_sse_fp(tcg_env, x86_vec_ptr(d, 0), x86_vec_ptr(d, 1),
                          arg_const(d, imm8(d) << 16));
}

/*
 * Conversions between vector formats.  CVTPI2PS/PD from an MMX register
 * put the x87 into MMX state, from memory they do not (as the host CPU
 * shows), so their entries are not X86_MMX; the other MMX forms are.
 */
void trans_sse_cvt(DisasContext *s, X86Insn *d)
{
    bool mmx_src = d->e->arg == CVT_PI2PS || d->e->arg == CVT_PI2PD;
    if (mmx_src && !d->op[1].mem) {
        gen_helper_x86_enter_mmx(tcg_env);
    }
    gen_helper_x86_sse_cvt(tcg_env, x86_vec_ptr(d, 0), x86_vec_ptr(d, 1), arg_const(d, 0));
}

void trans_sse_perm(DisasContext *s, X86Insn *d)
{
    uint32_t imm = imm8(d);
    /* INSERTPS from memory inserts the dword loaded, whatever imm bits 6-7 say. */
    if (d->e->arg == PERM_INSERTPS && d->op[1].mem) {
        imm &= 0x3f;
    }
    gen_helper_x86_sse_perm(tcg_env, x86_vec_ptr(d, 0), x86_vec_ptr(d, 1),
                            arg_const(d, imm << 8));
}

/* CVT(T)SS2SI, CVT(T)SD2SI: the result goes to Gy through X86_WB. */
void trans_sse_cvt_to_int(DisasContext *s, X86Insn *d)
{
    d->v[0] = tcg_temp_new_i64();
    gen_helper_x86_sse_cvt_to_int(d->v[0], tcg_env, x86_vec_ptr(d, 1),
                                  arg_const(d, d->op[0].ot == MO_64 ? 4 : 0));
}

void trans_sse_cvt_from_int(DisasContext *s, X86Insn *d)
{
    gen_helper_x86_sse_cvt_from_int(tcg_env, x86_vec_ptr(d, 0), d->v[1],
                                    arg_const(d, d->op[1].ot == MO_64 ? 4 : 0));
}

/* (U)COMISS/SD: ZF PF CF from the comparison, OF SF AF cleared. */
void trans_sse_comi(DisasContext *s, X86Insn *d)
{
    TCGv_i64 f = tcg_temp_new_i64();
    gen_helper_x86_sse_comi(f, tcg_env, x86_vec_ptr(d, 0), x86_vec_ptr(d, 1), arg_const(d, 0));
    gen_set_cc(s, CC_KIND_EFLAGS, MO_8, NULL, f, NULL);
}

void trans_sse_movmsk(DisasContext *s, X86Insn *d)
{
    d->v[0] = tcg_temp_new_i64();
    gen_helper_x86_sse_movmsk(d->v[0], x86_vec_ptr(d, 1), arg_const(d, 0));
}

/*
 * MOVSS/MOVSD (arg: 4 or 8 bytes): between registers only the low element
 * moves; a load clears the rest, which vec_tmp already holds as zeros.
 */
void trans_movs(DisasContext *s, X86Insn *d)
{
    copy_vec_bytes(d->op[0].ofs, d->op[1].ofs, d->op[1].mem ? 16 : d->e->arg);
}

/* MOVLPS MOVHPS MOVLPD MOVHPD (loads and stores), MOVHLPS, MOVLHPS: one qword. */
void trans_movhl(DisasContext *s, X86Insn *d)
{
    int arg = d->e->arg;
    bool mem = d->op[0].mem || d->op[1].mem;
    bool src_hi = (arg & HL_SRC_HI) || (!mem && (arg & HL_REG_SRC_HI));
    if ((arg & HL_MEM_ONLY) && !require_mem(s, d)) {
        return;
    }
    gen_vec_copy(d->op[0].ofs + ((arg & HL_DST_HI) ? 8 : 0), d->op[1].ofs + (src_hi ? 8 : 0),
                 8);
}

/* MOVNTPS/MOVNTPD: a store like MOVAPS (the hint changes nothing here). */
void trans_movnt(DisasContext *s, X86Insn *d)
{
    if (require_mem(s, d)) {
        trans_movdq(s, d);
    }
}

/* LDDQU: an unaligned load like MOVDQU. */
void trans_lddqu(DisasContext *s, X86Insn *d)
{
    if (require_mem(s, d)) {
        trans_movdq(s, d);
    }
}

/* EXTRACTPS: the dword imm selects, to r32/r64 (zero-extended) or m32. */
void trans_extractps(DisasContext *s, X86Insn *d)
{
    d->v[0] = tcg_temp_new_i64();
    tcg_gen_ld32u_i64(d->v[0], tcg_env, d->op[1].ofs + 4 * (intptr_t)(imm8(d) & 3));
}

void trans_ldmxcsr(DisasContext *s, X86Insn *d) { gen_helper_x86_ldmxcsr(tcg_env, d->v[0]); }

void trans_stmxcsr(DisasContext *s, X86Insn *d)
{
    d->v[0] = tcg_temp_new_i64();
    tcg_gen_ld32u_i64(d->v[0], tcg_env, offsetof(X86CPU, mxcsr));
}
