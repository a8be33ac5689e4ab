/*
 * A64 loads and stores: decode table and translation, for the
 * general-purpose registers and the SIMD&FP registers (LDR/STR/LDP/STP of
 * B/H/S/D/Q, LD1-LD4/ST1-ST4 multiple and single structures, LD1R-LD4R).
 *
 * Every instruction performs all its memory accesses before it writes any
 * register, so a fault (which leaves the TB with the registers as they are)
 * restarts the instruction cleanly.
 *
 * The SIMD&FP forms check CPACR_EL1.FPEN (fp_access_check) once their
 * encoding is known to be allocated.
 */
#include <stddef.h>

#include "target-arm/helper-sys.h"
#include "target-arm/translate-a64-vec.h"

/* What the (size, opc) pair of a single-register load/store means. */
typedef enum LdStKind {
    LS_UNALLOC,
    LS_STORE,
    LS_LOAD,      /* zero-extending */
    LS_LOAD_SX64, /* sign-extend to 64 bits (LDRSB/LDRSH/LDRSW Xt) */
    LS_LOAD_SX32, /* sign-extend to 32 bits (LDRSB/LDRSH Wt) */
    LS_PREFETCH,  /* PRFM: no architectural effect */
} LdStKind;

static const LdStKind ldst_kinds[4][4] = {
    /* opc:   00        01       10            11 */
    [0] = {LS_STORE, LS_LOAD, LS_LOAD_SX64, LS_LOAD_SX32},
    [1] = {LS_STORE, LS_LOAD, LS_LOAD_SX64, LS_LOAD_SX32},
    [2] = {LS_STORE, LS_LOAD, LS_LOAD_SX64, LS_UNALLOC},
    [3] = {LS_STORE, LS_LOAD, LS_PREFETCH, LS_UNALLOC},
};

/* The MemOp of an ordinary access of 2^size bytes. */
static MemOp ldst_memop(DisasContext *s, int size)
{
    return (MemOp)size | (s->align_check ? MO_ALIGN : 0);
}

/*
 * One single-register load or store at addr.  Returns false for an
 * unallocated (size, opc); allow_prefetch is false in the writeback forms,
 * where PRFM's encoding is unallocated.
 */
static bool do_ldst_reg(DisasContext *s, int size, int opc, int rt, TCGv_i64 addr, int mmu_idx,
                        bool allow_prefetch)
{
    LdStKind kind = ldst_kinds[size][opc];
    MemOp mop = ldst_memop(s, size);
    TCGv_i64 val;

    switch (kind) {
    case LS_UNALLOC:
        return false;
    case LS_PREFETCH:
        return allow_prefetch;
    case LS_STORE:
        tcg_gen_qemu_st_i64(cpu_reg(s, rt), addr, mmu_idx, mop);
        return true;
    case LS_LOAD:
    case LS_LOAD_SX64:
    case LS_LOAD_SX32:
        val = tcg_temp_new_i64();
        tcg_gen_qemu_ld_i64(val, addr, mmu_idx, mop | (kind == LS_LOAD ? 0 : MO_SIGN));
        write_cpu_reg(s, rt, val, kind != LS_LOAD_SX32);
        return true;
    }
    return false;
}

/* ------------------------------------------------ SIMD&FP registers */

/*
 * log2 of the access size of a SIMD&FP LDR/STR: size, or 4 (Q) for size 00
 * with opc<1> set; -1 for the unallocated combinations.
 */
static int vec_scale(int size, int opc)
{
    if (opc & 2) {
        return size == 0 ? 4 : -1;
    }
    return size;
}

/* Load 2^scale bytes (scale <= 4) into val[0] (low 64 bits) and val[1]. */
static void gen_vec_ld(DisasContext *s, TCGv_i64 addr, int scale, int mmu_idx, TCGv_i64 val[2])
{
    MemOp align = s->align_check ? MO_ALIGN : 0;

    val[0] = tcg_temp_new_i64();
    val[1] = tcg_temp_new_i64();
    if (scale == 4) {
        TCGv_i64 addr_hi = tcg_temp_new_i64();

        tcg_gen_addi_i64(addr_hi, addr, 8);
        tcg_gen_qemu_ld_i64(val[0], addr, mmu_idx, MO_64 | align);
        tcg_gen_qemu_ld_i64(val[1], addr_hi, mmu_idx, MO_64);
    } else {
        tcg_gen_qemu_ld_i64(val[0], addr, mmu_idx, (MemOp)scale | align);
        tcg_gen_movi_i64(val[1], 0);
    }
}

static void gen_vec_write(int rt, TCGv_i64 val[2])
{
    tcg_gen_st_i64(val[0], tcg_env, vreg_ofs(rt, 0));
    tcg_gen_st_i64(val[1], tcg_env, vreg_ofs(rt, 1));
}

static void gen_vec_st(DisasContext *s, TCGv_i64 addr, int scale, int mmu_idx, int rt)
{
    MemOp align = s->align_check ? MO_ALIGN : 0;
    TCGv_i64 lo = tcg_temp_new_i64();

    tcg_gen_ld_i64(lo, tcg_env, vreg_ofs(rt, 0));
    if (scale == 4) {
        TCGv_i64 hi = tcg_temp_new_i64();
        TCGv_i64 addr_hi = tcg_temp_new_i64();

        tcg_gen_ld_i64(hi, tcg_env, vreg_ofs(rt, 1));
        tcg_gen_addi_i64(addr_hi, addr, 8);
        tcg_gen_qemu_st_i64(lo, addr, mmu_idx, MO_64 | align);
        tcg_gen_qemu_st_i64(hi, addr_hi, mmu_idx, MO_64);
    } else {
        tcg_gen_qemu_st_i64(lo, addr, mmu_idx, (MemOp)scale | align);
    }
}

/* One SIMD&FP LDR/STR at addr; false for an unallocated (size, opc). */
static bool do_ldst_vec(DisasContext *s, int size, int opc, int rt, TCGv_i64 addr)
{
    int scale = vec_scale(size, opc);
    TCGv_i64 val[2];

    if (scale < 0) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    if (opc & 1) {
        gen_vec_ld(s, addr, scale, s->mmu_idx, val);
        gen_vec_write(rt, val);
    } else {
        gen_vec_st(s, addr, scale, s->mmu_idx, rt);
    }
    return true;
}

/* log2 of the access size an LDR/STR (V or not) scales its offsets by. */
static int ldst_scale(const A64Args *a) { return a->V ? vec_scale(a->size, a->opc) : a->size; }

/* A fresh temp holding base register rn (31 = SP) plus offset. */
static TCGv_i64 gen_base_plus(DisasContext *s, int rn, int64_t offset)
{
    TCGv_i64 addr = tcg_temp_new_i64();

    tcg_gen_addi_i64(addr, cpu_reg_sp(s, rn), offset);
    return addr;
}

/*
 * Immediate-offset forms.  Writeback (pre/post-index) happens after the
 * access; with rn == rt on a load the base update wins (the Arm ARM leaves
 * it CONSTRAINED UNPREDICTABLE), a store stores the old value of rt.
 */
typedef enum IndexMode { IDX_OFFSET, IDX_PRE, IDX_POST } IndexMode;

/* Writeback of a pre- or post-indexed form after its accesses. */
static void gen_writeback(DisasContext *s, int rn, TCGv_i64 addr, IndexMode mode,
                          int64_t offset)
{
    if (mode == IDX_POST) {
        tcg_gen_addi_i64(cpu_reg_sp(s, rn), addr, offset);
    } else if (mode == IDX_PRE) {
        tcg_gen_mov_i64(cpu_reg_sp(s, rn), addr);
    }
}

static bool do_ldst_imm(DisasContext *s, const A64Args *a, int64_t offset, IndexMode mode,
                        int mmu_idx)
{
    TCGv_i64 addr = gen_base_plus(s, a->rn, mode == IDX_POST ? 0 : offset);
    bool ok = a->V ? do_ldst_vec(s, a->size, a->opc, a->rt, addr)
                   : do_ldst_reg(s, a->size, a->opc, a->rt, addr, mmu_idx, mode == IDX_OFFSET);

    if (!ok) {
        return false;
    }
    gen_writeback(s, a->rn, addr, mode, offset);
    return true;
}

static bool trans_LDST_uimm(DisasContext *s, const A64Args *a)
{
    int scale = ldst_scale(a);

    if (scale < 0) {
        return false;
    }
    return do_ldst_imm(s, a, a->imm12 << scale, IDX_OFFSET, s->mmu_idx);
}

static bool trans_LDST_unscaled(DisasContext *s, const A64Args *a)
{
    return do_ldst_imm(s, a, a->imm9, IDX_OFFSET, s->mmu_idx);
}

static bool trans_LDST_pre(DisasContext *s, const A64Args *a)
{
    return do_ldst_imm(s, a, a->imm9, IDX_PRE, s->mmu_idx);
}

static bool trans_LDST_post(DisasContext *s, const A64Args *a)
{
    return do_ldst_imm(s, a, a->imm9, IDX_POST, s->mmu_idx);
}

/* LDTR/STTR: at EL1 the access is checked as if made from EL0. */
static bool trans_LDST_unpriv(DisasContext *s, const A64Args *a)
{
    int mmu_idx = s->current_el == 1 ? ARM_MMU_IDX_EL0 : s->mmu_idx;

    if (a->V || ldst_kinds[a->size][a->opc] == LS_PREFETCH) {
        return false;
    }
    return do_ldst_imm(s, a, a->imm9, IDX_OFFSET, mmu_idx);
}

/* Register offset: Xm extended by option (UXTW, LSL, SXTW, SXTX), shifted by size if S. */
static bool trans_LDST_reg(DisasContext *s, const A64Args *a)
{
    TCGv_i64 offset = tcg_temp_new_i64();
    TCGv_i64 addr = tcg_temp_new_i64();
    TCGv_i64 rm = cpu_reg(s, a->rm);

    int scale = ldst_scale(a);

    if (scale < 0 || !(a->option & 2)) {
        return false;
    }
    switch (a->option) {
    case 2: /* UXTW */
        tcg_gen_ext32u_i64(offset, rm);
        break;
    case 6: /* SXTW */
        tcg_gen_ext32s_i64(offset, rm);
        break;
    default: /* LSL (UXTX), SXTX */
        tcg_gen_mov_i64(offset, rm);
        break;
    }
    tcg_gen_shli_i64(offset, offset, a->S ? scale : 0);
    tcg_gen_add_i64(addr, cpu_reg_sp(s, a->rn), offset);
    if (a->V) {
        return do_ldst_vec(s, a->size, a->opc, a->rt, addr);
    }
    return do_ldst_reg(s, a->size, a->opc, a->rt, addr, s->mmu_idx, true);
}

/* LDR (literal) of S, D or Q (opc 00, 01, 10). */
static bool trans_LDR_lit_vec(DisasContext *s, const A64Args *a)
{
    TCGv_i64 val[2];

    if (a->opc == 3) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    gen_vec_ld(s, tcg_constant_i64(s->pc_curr + a->imm19 * 4), a->opc + 2, s->mmu_idx, val);
    gen_vec_write(a->rt, val);
    return true;
}

/* LDR (literal), LDRSW (literal), PRFM (literal). */
static bool trans_LDR_lit(DisasContext *s, const A64Args *a)
{
    static const struct {
        int size;
        LdStKind kind;
    } lit_kinds[4] = {{2, LS_LOAD}, {3, LS_LOAD}, {2, LS_LOAD_SX64}, {3, LS_PREFETCH}};
    TCGv_i64 addr, val;

    if (a->V) {
        return trans_LDR_lit_vec(s, a);
    }
    if (lit_kinds[a->opc].kind == LS_PREFETCH) {
        return true;
    }
    addr = tcg_constant_i64(s->pc_curr + a->imm19 * 4);
    val = tcg_temp_new_i64();
    tcg_gen_qemu_ld_i64(val, addr, s->mmu_idx,
                        ldst_memop(s, lit_kinds[a->opc].size) |
                            (lit_kinds[a->opc].kind == LS_LOAD_SX64 ? MO_SIGN : 0));
    write_cpu_reg(s, a->rt, val, true);
    return true;
}

/* SIMD&FP pairs: opc 00 = S, 01 = D, 10 = Q. */
static bool do_ldst_pair_vec(DisasContext *s, const A64Args *a, IndexMode mode)
{
    int scale = a->opc + 2;
    int64_t offset = a->imm7 * (1 << scale);
    TCGv_i64 addr, addr2;

    if (a->opc == 3) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    addr = gen_base_plus(s, a->rn, mode == IDX_POST ? 0 : offset);
    addr2 = tcg_temp_new_i64();
    tcg_gen_addi_i64(addr2, addr, 1 << scale);
    if (a->L) {
        TCGv_i64 v1[2], v2[2];

        gen_vec_ld(s, addr, scale, s->mmu_idx, v1);
        gen_vec_ld(s, addr2, scale, s->mmu_idx, v2);
        gen_vec_write(a->rt, v1);
        gen_vec_write(a->rt2, v2);
    } else {
        gen_vec_st(s, addr, scale, s->mmu_idx, a->rt);
        gen_vec_st(s, addr2, scale, s->mmu_idx, a->rt2);
    }
    gen_writeback(s, a->rn, addr, mode, offset);
    return true;
}

/*
 * Pairs: opc 00 = 32-bit, 01 = LDPSW (load only), 10 = 64-bit.  Both loads
 * complete before either register is written.
 */
static bool do_ldst_pair(DisasContext *s, const A64Args *a, IndexMode mode, bool no_alloc)
{
    bool is_load = a->L;
    bool is_signed = a->opc == 1;
    int size = a->opc == 2 ? 3 : 2;
    int64_t offset = a->imm7 * (1 << size);
    MemOp mop = ldst_memop(s, size) | (is_signed ? MO_SIGN : 0);
    TCGv_i64 addr, addr2;

    if (a->V) {
        return do_ldst_pair_vec(s, a, mode);
    }
    if (a->opc == 3 || (is_signed && (!is_load || no_alloc))) {
        return false;
    }
    addr = gen_base_plus(s, a->rn, mode == IDX_POST ? 0 : offset);
    addr2 = tcg_temp_new_i64();
    tcg_gen_addi_i64(addr2, addr, 1 << size);
    if (is_load) {
        TCGv_i64 v1 = tcg_temp_new_i64();
        TCGv_i64 v2 = tcg_temp_new_i64();

        tcg_gen_qemu_ld_i64(v1, addr, s->mmu_idx, mop);
        tcg_gen_qemu_ld_i64(v2, addr2, s->mmu_idx, mop);
        write_cpu_reg(s, a->rt, v1, true);
        write_cpu_reg(s, a->rt2, v2, true);
    } else {
        tcg_gen_qemu_st_i64(cpu_reg(s, a->rt), addr, s->mmu_idx, mop);
        tcg_gen_qemu_st_i64(cpu_reg(s, a->rt2), addr2, s->mmu_idx, mop);
    }
    gen_writeback(s, a->rn, addr, mode, offset);
    return true;
}

static bool trans_LDSTP_off(DisasContext *s, const A64Args *a)
{
    return do_ldst_pair(s, a, IDX_OFFSET, false);
}

static bool trans_LDSTP_pre(DisasContext *s, const A64Args *a)
{
    return do_ldst_pair(s, a, IDX_PRE, false);
}

static bool trans_LDSTP_post(DisasContext *s, const A64Args *a)
{
    return do_ldst_pair(s, a, IDX_POST, false);
}

static bool trans_LDSTNP(DisasContext *s, const A64Args *a)
{
    return do_ldst_pair(s, a, IDX_OFFSET, true);
}

/* ------------------------------------------------ multiple structures */

/*
 * LD1-LD4 / ST1-ST4 (multiple structures): opcode gives the number of
 * registers (rpt) and of interleaved structure elements (selem).
 */
static const struct {
    int8_t rpt, selem;
} ldst_multiple_shapes[16] = {
    [0x0] = {1, 4}, [0x2] = {4, 1}, [0x4] = {1, 3}, [0x6] = {3, 1},
    [0x7] = {1, 1}, [0x8] = {1, 2}, [0xa] = {2, 1},
};

/*
 * Element e of register (rt + r + k) % 32 lives at byte
 * ((r * elements + e) * selem + k) * ebytes from the base.  Without
 * interleaving (selem 1) and without element alignment checks, memory is
 * the registers' bytes in order and moves in 64-bit chunks.
 */
static void gen_ldst_multiple(DisasContext *s, const A64Args *a, TCGv_i64 base, int rpt,
                              int selem)
{
    int ebytes = 1 << a->size;
    int regbytes = a->Q ? 16 : 8;
    int elements = regbytes / ebytes;
    bool chunked = selem == 1 && (!s->align_check || ebytes == 8);
    int step = chunked ? 8 : ebytes;
    MemOp mop = (MemOp)(chunked ? MO_64 : a->size) | (s->align_check ? MO_ALIGN : 0);
    int nregs = rpt * selem;
    TCGv_i64 halves[4][2];
    TCGv_i64 addr = tcg_temp_new_i64();
    TCGv_i64 val = tcg_temp_new_i64();

    for (int r = 0; r < nregs; r++) {
        int reg = (a->rt + r) % 32;

        for (int h = 0; h < 2; h++) {
            halves[r][h] = tcg_temp_new_i64();
            if (a->L) {
                tcg_gen_movi_i64(halves[r][h], 0);
            } else {
                tcg_gen_ld_i64(halves[r][h], tcg_env, vreg_ofs(reg, h));
            }
        }
    }
    for (int r = 0; r < rpt; r++) {
        for (int e = 0; e < elements * ebytes / step; e++) {
            for (int k = 0; k < selem; k++) {
                int byte = e * step;
                TCGv_i64 half = halves[r * selem + k][byte / 8];
                int bit = (byte % 8) * 8;

                tcg_gen_addi_i64(addr, base,
                                 ((r * elements * ebytes / step + e) * selem + k) * step);
                if (a->L) {
                    tcg_gen_qemu_ld_i64(val, addr, s->mmu_idx, mop);
                    tcg_gen_deposit_i64(half, half, val, bit, step * 8);
                } else {
                    tcg_gen_extract_i64(val, half, bit, step * 8);
                    tcg_gen_qemu_st_i64(val, addr, s->mmu_idx, mop);
                }
            }
        }
    }
    if (a->L) {
        for (int r = 0; r < nregs; r++) {
            gen_vec_write((a->rt + r) % 32, halves[r]);
        }
    }
}

static bool do_ldst_multiple(DisasContext *s, const A64Args *a, bool post_index)
{
    int rpt = ldst_multiple_shapes[a->opcode].rpt;
    int selem = ldst_multiple_shapes[a->opcode].selem;
    TCGv_i64 base = tcg_temp_new_i64();

    /* No shape, or .1D elements in an interleaved form. */
    if (!rpt || (selem > 1 && a->size == 3 && !a->Q)) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    tcg_gen_mov_i64(base, cpu_reg_sp(s, a->rn));
    gen_ldst_multiple(s, a, base, rpt, selem);
    if (post_index) {
        TCGv_i64 rn = cpu_reg_sp(s, a->rn);

        if (a->rm == 31) {
            tcg_gen_addi_i64(rn, base, rpt * selem * (a->Q ? 16 : 8));
        } else {
            tcg_gen_add_i64(rn, base, cpu_reg(s, a->rm));
        }
    }
    return true;
}

static bool trans_LDST_multiple(DisasContext *s, const A64Args *a)
{
    return do_ldst_multiple(s, a, false);
}

static bool trans_LDST_multiple_post(DisasContext *s, const A64Args *a)
{
    return do_ldst_multiple(s, a, true);
}

/* ------------------------------------------------ single structures */

/*
 * LD1-LD4 / ST1-ST4 (single structure) move one lane of selem consecutive
 * registers; LD1R-LD4R load one element each and replicate it to every
 * lane.  Decode of the element size and lane index (Arm ARM C4.1, "Advanced
 * SIMD load/store single structure"): returns false if unallocated.
 */
static bool single_lane(const A64Args *a, int *scale, int *index, bool *replicate)
{
    *replicate = false;
    switch (a->opcode >> 1) {
    case 0:
        *scale = 0;
        *index = a->Q << 3 | a->S << 2 | a->size;
        return true;
    case 1:
        *scale = 1;
        *index = a->Q << 2 | a->S << 1 | a->size >> 1;
        return !(a->size & 1);
    case 2:
        if (a->size & 2) {
            return false;
        }
        *scale = (a->size & 1) ? 3 : 2;
        *index = (a->size & 1) ? a->Q : a->Q << 1 | a->S;
        return !((a->size & 1) && a->S);
    default:
        *scale = a->size;
        *index = 0;
        *replicate = true;
        return a->L && !a->S;
    }
}

/* Copies of an element of 2^scale bytes across 64 bits. */
static const uint64_t replicate_factor[4] = {
    0x0101010101010101ull,
    0x0001000100010001ull,
    0x0000000100000001ull,
    1,
};

static void gen_ldst_single(DisasContext *s, const A64Args *a, TCGv_i64 base, int selem)
{
    int scale, index;
    bool replicate;
    int ebytes;
    MemOp mop;
    TCGv_i64 vals[4];
    TCGv_i64 addr = tcg_temp_new_i64();

    single_lane(a, &scale, &index, &replicate);
    ebytes = 1 << scale;
    mop = (MemOp)scale | (s->align_check ? MO_ALIGN : 0);
    for (int k = 0; k < selem; k++) {
        int reg = (a->rt + k) % 32;
        intptr_t half_ofs = vreg_ofs(reg, index * ebytes / 8);
        int bit = (index * ebytes % 8) * 8;

        vals[k] = tcg_temp_new_i64();
        tcg_gen_addi_i64(addr, base, k * ebytes);
        if (a->L) {
            tcg_gen_qemu_ld_i64(vals[k], addr, s->mmu_idx, mop);
        } else {
            tcg_gen_ld_i64(vals[k], tcg_env, half_ofs);
            tcg_gen_extract_i64(vals[k], vals[k], bit, ebytes * 8);
            tcg_gen_qemu_st_i64(vals[k], addr, s->mmu_idx, mop);
        }
    }
    if (!a->L) {
        return;
    }
    for (int k = 0; k < selem; k++) {
        int reg = (a->rt + k) % 32;

        if (replicate) {
            TCGv_i64 v[2] = {tcg_temp_new_i64(), tcg_temp_new_i64()};

            tcg_gen_muli_i64(v[0], vals[k], (int64_t)replicate_factor[scale]);
            tcg_gen_movi_i64(v[1], 0);
            if (a->Q) {
                tcg_gen_mov_i64(v[1], v[0]);
            }
            gen_vec_write(reg, v);
        } else {
            TCGv_i64 half = tcg_temp_new_i64();
            intptr_t half_ofs = vreg_ofs(reg, index * ebytes / 8);

            tcg_gen_ld_i64(half, tcg_env, half_ofs);
            tcg_gen_deposit_i64(half, half, vals[k], (index * ebytes % 8) * 8, ebytes * 8);
            tcg_gen_st_i64(half, tcg_env, half_ofs);
        }
    }
}

static bool do_ldst_single(DisasContext *s, const A64Args *a, bool post_index)
{
    int selem = ((a->opcode & 1) << 1 | a->R) + 1;
    int scale, index;
    bool replicate;
    TCGv_i64 base = tcg_temp_new_i64();

    if (!single_lane(a, &scale, &index, &replicate)) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    tcg_gen_mov_i64(base, cpu_reg_sp(s, a->rn));
    gen_ldst_single(s, a, base, selem);
    if (post_index) {
        TCGv_i64 rn = cpu_reg_sp(s, a->rn);

        if (a->rm == 31) {
            tcg_gen_addi_i64(rn, base, selem << scale);
        } else {
            tcg_gen_add_i64(rn, base, cpu_reg(s, a->rm));
        }
    }
    return true;
}

static bool trans_LDST_single(DisasContext *s, const A64Args *a)
{
    return do_ldst_single(s, a, false);
}

/* The post-index forms have one field too many for a pattern: L is split out. */
static bool trans_ST_single_post(DisasContext *s, const A64Args *a)
{
    A64Args args = *a;

    args.L = 0;
    return do_ldst_single(s, &args, true);
}

static bool trans_LD_single_post(DisasContext *s, const A64Args *a)
{
    A64Args args = *a;

    args.L = 1;
    return do_ldst_single(s, &args, true);
}

/* ------------------------------------------------ exclusives, acquire/release */

/*
 * The exclusive monitor is (cpu_exclusive_addr, cpu_exclusive_val[,
 * cpu_exclusive_high]).  A store-exclusive succeeds if the address matches
 * and memory still holds the value the load-exclusive saw: with one vCPU
 * thread nothing can intervene between that compare and the store.
 */
static TCGv_i64 gen_exclusive_addr(DisasContext *s, int rn, int total_size, bool is_store)
{
    TCGv_i64 addr = tcg_temp_new_i64();

    tcg_gen_mov_i64(addr, cpu_reg_sp(s, rn));
    if (total_size > 8) {
        /* MemOp stops at 8 bytes: check the 16-byte alignment of LDXP/STXP. */
        gen_helper_check_align(tcg_env, addr,
                               tcg_constant_i32(total_size | (is_store ? 1u << 31 : 0)));
    }
    return addr;
}

static void gen_load_exclusive(DisasContext *s, const A64Args *a, int size, bool pair)
{
    TCGv_i64 addr = gen_exclusive_addr(s, a->rn, (1 << size) * (pair ? 2 : 1), false);
    TCGv_i64 lo = tcg_temp_new_i64();
    TCGv_i64 hi = tcg_temp_new_i64();

    if (pair && size == 2) {
        /* Both words in one aligned 64-bit access: single-copy atomic. */
        tcg_gen_qemu_ld_i64(cpu_exclusive_val, addr, s->mmu_idx, MO_64 | MO_ALIGN);
        tcg_gen_ext32u_i64(lo, cpu_exclusive_val);
        tcg_gen_shri_i64(hi, cpu_exclusive_val, 32);
    } else {
        tcg_gen_qemu_ld_i64(lo, addr, s->mmu_idx, (MemOp)size | MO_ALIGN);
        if (pair) {
            TCGv_i64 addr2 = tcg_temp_new_i64();

            tcg_gen_addi_i64(addr2, addr, 8);
            tcg_gen_qemu_ld_i64(hi, addr2, s->mmu_idx, MO_64);
            tcg_gen_mov_i64(cpu_exclusive_high, hi);
        }
        tcg_gen_mov_i64(cpu_exclusive_val, lo);
    }
    tcg_gen_mov_i64(cpu_exclusive_addr, addr);
    write_cpu_reg(s, a->rt, lo, true);
    if (pair) {
        write_cpu_reg(s, a->rt2, hi, true);
    }
}

static void gen_store_exclusive(DisasContext *s, const A64Args *a, int size, bool pair)
{
    TCGv_i64 addr = gen_exclusive_addr(s, a->rn, (1 << size) * (pair ? 2 : 1), true);
    TCGLabel *fail = gen_new_label();
    TCGLabel *done = gen_new_label();
    TCGv_i64 status = tcg_temp_new_i64();
    TCGv_i64 mem = tcg_temp_new_i64();
    TCGv_i64 newval = tcg_temp_new_i64();

    tcg_gen_brcond_i64(TCG_COND_NE, addr, cpu_exclusive_addr, fail);
    if (pair && size == 2) {
        tcg_gen_deposit_i64(newval, cpu_reg(s, a->rt), cpu_reg(s, a->rt2), 32, 32);
        tcg_gen_qemu_ld_i64(mem, addr, s->mmu_idx, MO_64 | MO_ALIGN);
        tcg_gen_brcond_i64(TCG_COND_NE, mem, cpu_exclusive_val, fail);
        tcg_gen_qemu_st_i64(newval, addr, s->mmu_idx, MO_64 | MO_ALIGN);
    } else {
        TCGv_i64 addr2 = tcg_temp_new_i64();
        TCGv_i64 newhi = tcg_temp_new_i64();

        tcg_gen_mov_i64(newval, cpu_reg(s, a->rt));
        tcg_gen_qemu_ld_i64(mem, addr, s->mmu_idx, (MemOp)size | MO_ALIGN);
        tcg_gen_brcond_i64(TCG_COND_NE, mem, cpu_exclusive_val, fail);
        if (pair) {
            tcg_gen_mov_i64(newhi, cpu_reg(s, a->rt2));
            tcg_gen_addi_i64(addr2, addr, 8);
            tcg_gen_qemu_ld_i64(mem, addr2, s->mmu_idx, MO_64);
            tcg_gen_brcond_i64(TCG_COND_NE, mem, cpu_exclusive_high, fail);
        }
        tcg_gen_qemu_st_i64(newval, addr, s->mmu_idx, (MemOp)size | MO_ALIGN);
        if (pair) {
            tcg_gen_qemu_st_i64(newhi, addr2, s->mmu_idx, MO_64);
        }
    }
    tcg_gen_movi_i64(status, 0);
    tcg_gen_br(done);
    gen_set_label(fail);
    tcg_gen_movi_i64(status, 1);
    gen_set_label(done);
    tcg_gen_movi_i64(cpu_exclusive_addr, -1);
    write_cpu_reg(s, a->rs, status, false);
}

/* LDXR, LDAXR, STXR, STLXR (o0: acquire/release). */
static bool trans_LDSTX(DisasContext *s, const A64Args *a)
{
    if (a->L) {
        gen_load_exclusive(s, a, a->size, false);
        if (a->o0) {
            tcg_gen_mb(0);
        }
    } else {
        if (a->o0) {
            tcg_gen_mb(0);
        }
        gen_store_exclusive(s, a, a->size, false);
    }
    return true;
}

/* LDXP, LDAXP, STXP, STLXP: sf selects 32- or 64-bit registers. */
static bool trans_LDSTXP(DisasContext *s, const A64Args *a)
{
    int size = a->sf ? 3 : 2;

    if (a->L) {
        gen_load_exclusive(s, a, size, true);
        if (a->o0) {
            tcg_gen_mb(0);
        }
    } else {
        if (a->o0) {
            tcg_gen_mb(0);
        }
        gen_store_exclusive(s, a, size, true);
    }
    return true;
}

/* LDAR, STLR (all sizes): aligned, ordered with a full barrier. */
static bool trans_LDAR_STLR(DisasContext *s, const A64Args *a)
{
    TCGv_i64 addr = tcg_temp_new_i64();
    MemOp mop = (MemOp)a->size | MO_ALIGN;

    tcg_gen_mov_i64(addr, cpu_reg_sp(s, a->rn));
    if (a->L) {
        TCGv_i64 val = tcg_temp_new_i64();

        tcg_gen_qemu_ld_i64(val, addr, s->mmu_idx, mop);
        tcg_gen_mb(0);
        write_cpu_reg(s, a->rt, val, true);
    } else {
        tcg_gen_mb(0);
        tcg_gen_qemu_st_i64(cpu_reg(s, a->rt), addr, s->mmu_idx, mop);
    }
    return true;
}

const A64Pattern a64_ldst_patterns[] = {
    /* Load/store exclusive and ordered (LDLAR/STLLR and CAS are not base ISA). */
    {"LDXR/STXR", "size:2 001000 0 L:1 0 rs:5 o0:1 xxxxx rn:5 rt:5", trans_LDSTX},
    {"LDXP/STXP", "1 sf:1 001000 0 L:1 1 rs:5 o0:1 rt2:5 rn:5 rt:5", trans_LDSTXP},
    {"LDAR/STLR", "size:2 001000 1 L:1 0 xxxxx 1 xxxxx rn:5 rt:5", trans_LDAR_STLR},
    /* SIMD load/store multiple structures. */
    {"LD1-4/ST1-4 (multiple)", "0 Q:1 0011000 L:1 000000 opcode:4 size:2 rn:5 rt:5",
     trans_LDST_multiple},
    {"LD1-4/ST1-4 (multiple, post-index)", "0 Q:1 0011001 L:1 0 rm:5 opcode:4 size:2 rn:5 rt:5",
     trans_LDST_multiple_post},
    {"LD1-4/ST1-4 (single), LD1R-LD4R",
     "0 Q:1 0011010 L:1 R:1 00000 opcode:3 S:1 size:2 rn:5 rt:5", trans_LDST_single},
    {"ST1-4 (single, post-index)", "0 Q:1 0011011 0 R:1 rm:5 opcode:3 S:1 size:2 rn:5 rt:5",
     trans_ST_single_post},
    {"LD1-4 (single, post-index), LD1R-LD4R",
     "0 Q:1 0011011 1 R:1 rm:5 opcode:3 S:1 size:2 rn:5 rt:5", trans_LD_single_post},
    /* Load register (literal). */
    {"LDR (literal)", "opc:2 011 V:1 00 imm19:s19 rt:5", trans_LDR_lit},
    /* Load/store pair. */
    {"LDNP/STNP", "opc:2 101 V:1 000 L:1 imm7:s7 rt2:5 rn:5 rt:5", trans_LDSTNP},
    {"LDP/STP (post-index)", "opc:2 101 V:1 001 L:1 imm7:s7 rt2:5 rn:5 rt:5", trans_LDSTP_post},
    {"LDP/STP (signed offset)", "opc:2 101 V:1 010 L:1 imm7:s7 rt2:5 rn:5 rt:5",
     trans_LDSTP_off},
    {"LDP/STP (pre-index)", "opc:2 101 V:1 011 L:1 imm7:s7 rt2:5 rn:5 rt:5", trans_LDSTP_pre},
    /* Load/store register. */
    {"LDUR/STUR", "size:2 111 V:1 00 opc:2 0 imm9:s9 00 rn:5 rt:5", trans_LDST_unscaled},
    {"LDR/STR (post-index)", "size:2 111 V:1 00 opc:2 0 imm9:s9 01 rn:5 rt:5", trans_LDST_post},
    {"LDTR/STTR", "size:2 111 V:1 00 opc:2 0 imm9:s9 10 rn:5 rt:5", trans_LDST_unpriv},
    {"LDR/STR (pre-index)", "size:2 111 V:1 00 opc:2 0 imm9:s9 11 rn:5 rt:5", trans_LDST_pre},
    {"LDR/STR (register)", "size:2 111 V:1 00 opc:2 1 rm:5 option:3 S:1 10 rn:5 rt:5",
     trans_LDST_reg},
    {"LDR/STR (unsigned offset)", "size:2 111 V:1 01 opc:2 imm12:12 rn:5 rt:5",
     trans_LDST_uimm},
    {NULL, NULL, NULL},
};
