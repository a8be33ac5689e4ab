/* SIMD&FP register access and vector helper calls (translate-a64-vec.h). */
#include "target-arm/translate-a64-vec.h"

bool fp_access_check(DisasContext *s)
{
    if (s->fp_enabled) {
        return true;
    }
    /* CV = 1, COND = 0b1110 as for an unconditional AArch64 instruction. */
    gen_exception_insn(s, ARM_EXCP_UDEF, syn_make(EC_ADVSIMDFPACCESSTRAP, 0x1e00000),
                       s->current_el > 1 ? s->current_el : 1);
    return false;
}

void read_vec_element_i64(TCGv_i64 dest, int n, int idx, MemOp mop)
{
    intptr_t ofs = vreg_elem_ofs(n, idx, mop & MO_SIZE);

    switch (mop & (MO_SIZE | MO_SIGN)) {
    case MO_8:
        tcg_gen_ld8u_i64(dest, tcg_env, ofs);
        break;
    case MO_SB:
        tcg_gen_ld8s_i64(dest, tcg_env, ofs);
        break;
    case MO_16:
        tcg_gen_ld16u_i64(dest, tcg_env, ofs);
        break;
    case MO_SW:
        tcg_gen_ld16s_i64(dest, tcg_env, ofs);
        break;
    case MO_32:
        tcg_gen_ld32u_i64(dest, tcg_env, ofs);
        break;
    case MO_SL:
        tcg_gen_ld32s_i64(dest, tcg_env, ofs);
        break;
    default:
        tcg_gen_ld_i64(dest, tcg_env, ofs);
        break;
    }
}

void write_vec_element_i64(TCGv_i64 src, int n, int idx, int esz)
{
    intptr_t ofs = vreg_elem_ofs(n, idx, esz);

    switch (esz) {
    case 0:
        tcg_gen_st8_i64(src, tcg_env, ofs);
        break;
    case 1:
        tcg_gen_st16_i64(src, tcg_env, ofs);
        break;
    case 2:
        tcg_gen_st32_i64(src, tcg_env, ofs);
        break;
    default:
        tcg_gen_st_i64(src, tcg_env, ofs);
        break;
    }
}

TCGv_i64 read_fp_reg(int n, int esz)
{
    TCGv_i64 v = tcg_temp_new_i64();

    read_vec_element_i64(v, n, 0, (MemOp)esz);
    return v;
}

void write_fp_reg(int d, TCGv_i64 v, int esz)
{
    TCGv_i64 lo = v;

    if (esz < 3) {
        lo = tcg_temp_new_i64();
        tcg_gen_extract_i64(lo, v, 0, 8 << esz);
    }
    tcg_gen_st_i64(lo, tcg_env, vreg_ofs(d, 0));
    tcg_gen_st_i64(tcg_constant_i64(0), tcg_env, vreg_ofs(d, 1));
}

void clear_vec_high(int d, bool is_q)
{
    if (!is_q) {
        tcg_gen_st_i64(tcg_constant_i64(0), tcg_env, vreg_ofs(d, 1));
    }
}

TCGv_ptr vreg_ptr(int n)
{
    TCGv_ptr p = tcg_temp_new_i64();

    tcg_gen_addi_i64(p, tcg_env, vreg_ofs(n, 0));
    return p;
}

static TCGv_i32 desc_for(bool is_q, int32_t data)
{
    return tcg_constant_i32((int32_t)simd_desc(is_q ? 16 : 8, data));
}

void gen_vec_op2(GenVecHelper2 *fn, int d, int n, bool is_q, int32_t data)
{
    fn(vreg_ptr(d), vreg_ptr(n), desc_for(is_q, data));
}

void gen_vec_op3(GenVecHelper3 *fn, int d, int n, int m, bool is_q, int32_t data)
{
    fn(vreg_ptr(d), vreg_ptr(n), vreg_ptr(m), desc_for(is_q, data));
}

void gen_vec_op2_env(GenVecHelper2Env *fn, int d, int n, bool is_q, int32_t data)
{
    fn(vreg_ptr(d), vreg_ptr(n), tcg_env, desc_for(is_q, data));
}

void gen_vec_op3_env(GenVecHelper3Env *fn, int d, int n, int m, bool is_q, int32_t data)
{
    fn(vreg_ptr(d), vreg_ptr(n), vreg_ptr(m), tcg_env, desc_for(is_q, data));
}
