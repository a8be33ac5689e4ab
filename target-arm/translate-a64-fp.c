/*
 * A64 scalar floating point: decode table and translation.
 *
 * The non-SIMD groups of "Data Processing -- Scalar Floating-Point and
 * Advanced SIMD": conversions between floating point and integers or fixed
 * point, FMOV between general and FP registers, FP data processing with 1,
 * 2 and 3 sources, compares, conditional compares and selects, and FMOV
 * (immediate).  Types S and D only (ftype 00 and 01): half precision needs
 * FEAT_FP16, which gemu does not advertise, except for the FCVT conversions
 * to and from H that base ARMv8 has.  Bit 30 is 0 in every pattern, which
 * keeps this group apart from Advanced SIMD scalar (bit 30 = 1).
 *
 * Arithmetic runs in the helpers of helper-fp.c (soft-float under FPCR);
 * moves, FABS, FNEG, FCSEL and immediates are plain bit operations here.
 * Every trans function first rejects unallocated encodings (UNDEFINED even
 * with FP disabled), then calls fp_access_check, which emits the FPEN trap
 * instead of the instruction when SIMD&FP may not run.
 */
#include "target-arm/fpstatus.h"
#include "target-arm/helper-fp.h"
#include "target-arm/translate-a64-vec.h"

/* Element size of an operation without FP16 (S and D); -1: unallocated. */
static int fp_esz(int64_t ftype)
{
    switch (ftype) {
    case 0:
        return FP_ESZ_S;
    case 1:
        return FP_ESZ_D;
    default:
        return -1;
    }
}

/* Element size for the FCVT conversions, which also take H (ftype 11). */
static int fp_esz_with_half(int64_t ftype) { return ftype == 3 ? FP_ESZ_H : fp_esz(ftype); }

static uint64_t fp_sign_bit(int esz) { return 1ull << ((8 << esz) - 1); }

static TCGv_i32 desc_const(uint32_t desc) { return tcg_constant_i32((int32_t)desc); }

/* ================================================================ data processing */

/* FMOV, FABS, FNEG (register) and FSQRT: opc 0-3. */
static bool trans_FP_DP1(DisasContext *s, const A64Args *a)
{
    int esz = fp_esz(a->ftype);
    if (esz < 0) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    TCGv_i64 v = read_fp_reg((int)a->rn, esz);
    switch (a->opc) {
    case 0: /* FMOV */
        break;
    case 1: /* FABS */
        tcg_gen_andi_i64(v, v, (int64_t)~fp_sign_bit(esz));
        break;
    case 2: /* FNEG */
        tcg_gen_xori_i64(v, v, (int64_t)fp_sign_bit(esz));
        break;
    default: /* FSQRT */
        gen_helper_fp_sqrt(v, tcg_env, v, desc_const(fp_desc(esz, 0)));
        break;
    }
    write_fp_reg((int)a->rd, v, esz);
    return true;
}

/* FCVT between precisions: ftype is the source, opc the destination. */
static bool trans_FCVT(DisasContext *s, const A64Args *a)
{
    int from = fp_esz_with_half(a->ftype), to = fp_esz_with_half(a->opc);
    if (from == to || to < 0 || from < 0) {
        return false;
    }
    if (fp_access_check(s)) {
        TCGv_i64 v = read_fp_reg((int)a->rn, from);
        gen_helper_fp_fcvt(v, tcg_env, v, desc_const(fp_desc_cvt(from, to)));
        write_fp_reg((int)a->rd, v, to);
    }
    return true;
}

/* FRINT{N,P,M,Z,A,X,I}, by rmode. */
static bool trans_FRINT(DisasContext *s, const A64Args *a)
{
    static const int8_t modes[8] = {
        float_round_nearest_even,
        float_round_up,
        float_round_down,
        float_round_to_zero,
        float_round_ties_away,
        -1,                             /* 101: unallocated */
        FP_ROUND_FPCR | FP_ROUND_EXACT, /* FRINTX */
        FP_ROUND_FPCR,                  /* FRINTI */
    };
    int esz = fp_esz(a->ftype);
    if (modes[a->rmode] < 0 || esz < 0) {
        return false;
    }
    if (fp_access_check(s)) {
        TCGv_i64 v = read_fp_reg((int)a->rn, esz);
        gen_helper_fp_rint(v, tcg_env, v, desc_const(fp_desc(esz, (unsigned)modes[a->rmode])));
        write_fp_reg((int)a->rd, v, esz);
    }
    return true;
}

/* FMUL FDIV FADD FSUB FMAX FMIN FMAXNM FMINNM FNMUL: opcode is FP2_*. */
static bool trans_FP_DP2(DisasContext *s, const A64Args *a)
{
    int esz = fp_esz(a->ftype);
    if (a->opcode > FP2_NMUL || esz < 0) {
        return false;
    }
    if (fp_access_check(s)) {
        TCGv_i64 n = read_fp_reg((int)a->rn, esz), m = read_fp_reg((int)a->rm, esz);
        gen_helper_fp2(n, tcg_env, n, m, desc_const(fp_desc(esz, (unsigned)a->opcode)));
        write_fp_reg((int)a->rd, n, esz);
    }
    return true;
}

/*
 * FMADD, FMSUB, FNMADD, FNMSUB: ra +/- rn * rm, negated when o1.  The
 * negations are of the inputs (a NaN operand keeps its flipped sign), so
 * they are done here and the helper is one fused multiply-add.
 */
static bool trans_FP_DP3(DisasContext *s, const A64Args *a)
{
    int esz = fp_esz(a->ftype);
    if (esz < 0) {
        return false;
    }
    if (fp_access_check(s)) {
        TCGv_i64 n = read_fp_reg((int)a->rn, esz), m = read_fp_reg((int)a->rm, esz);
        TCGv_i64 acc = read_fp_reg((int)a->ra, esz);
        if (a->o1) {
            tcg_gen_xori_i64(acc, acc, (int64_t)fp_sign_bit(esz));
        }
        if (a->o1 != a->o0) {
            tcg_gen_xori_i64(n, n, (int64_t)fp_sign_bit(esz));
        }
        gen_helper_fp_muladd(n, tcg_env, n, m, acc, desc_const(fp_desc(esz, 0)));
        write_fp_reg((int)a->rd, n, esz);
    }
    return true;
}

/* VFPExpandImm: sign, exponent NOT(b6):b6 x (E-3):b5:b4, fraction b3:b0 then zeros. */
static uint64_t vfp_expand_imm(int esz, unsigned imm8)
{
    unsigned ebits = esz == FP_ESZ_D ? 11 : 8, fbits = esz == FP_ESZ_D ? 52 : 23;
    uint64_t b6 = (imm8 >> 6) & 1;
    uint64_t exp =
        (b6 ^ 1) << (ebits - 1) | (b6 ? (1ull << (ebits - 3)) - 1 : 0) << 2 | ((imm8 >> 4) & 3);
    return (uint64_t)(imm8 >> 7) << (ebits + fbits) | exp << fbits |
           (uint64_t)(imm8 & 15) << (fbits - 4);
}

static bool trans_FMOV_imm(DisasContext *s, const A64Args *a)
{
    int esz = fp_esz(a->ftype);
    if (esz < 0) {
        return false;
    }
    if (fp_access_check(s)) {
        uint64_t imm = vfp_expand_imm(esz, (unsigned)a->imm8);
        write_fp_reg((int)a->rd, tcg_constant_i64((int64_t)imm), esz);
    }
    return true;
}

/* ================================================================ compare and select */

/* NZCV from a value with N, Z, C, V in bits 3-0 (cpu.h's unpacked form). */
static void gen_set_nzcv(TCGv_i64 nzcv)
{
    tcg_gen_shli_i64(cpu_NF, nzcv, 60);
    tcg_gen_andi_i64(cpu_ZF, nzcv, 4);
    tcg_gen_xori_i64(cpu_ZF, cpu_ZF, 4);
    tcg_gen_extract_i64(cpu_CF, nzcv, 1, 1);
    tcg_gen_shli_i64(cpu_VF, nzcv, 63);
}

/*
 * Compare rn with rm (or with +0.0) into nzcv, signalling on quiet NaNs
 * too when signalling (FCMPE, FCCMPE).
 */
static void gen_fp_compare(TCGv_i64 nzcv, int esz, int rn, TCGv_i64 m, bool signalling)
{
    gen_helper_fp_cmp(nzcv, tcg_env, read_fp_reg(rn, esz), m,
                      desc_const(fp_desc(esz, signalling)));
}

/* FCMP, FCMPE; opc bit 0: against zero (rm ignored), bit 1: signalling. */
static bool trans_FCMP(DisasContext *s, const A64Args *a)
{
    int esz = fp_esz(a->ftype);
    if (esz < 0) {
        return false;
    }
    if (fp_access_check(s)) {
        TCGv_i64 m = (a->opc & 1) ? tcg_constant_i64(0) : read_fp_reg((int)a->rm, esz);
        TCGv_i64 nzcv = tcg_temp_new_i64();
        gen_fp_compare(nzcv, esz, (int)a->rn, m, (a->opc & 2) != 0);
        gen_set_nzcv(nzcv);
    }
    return true;
}

/* FCCMP, FCCMPE (op): the compare if cond holds, else NZCV = #nzcv (and no FP flags). */
static bool trans_FCCMP(DisasContext *s, const A64Args *a)
{
    int esz = fp_esz(a->ftype);
    if (esz < 0) {
        return false;
    }
    if (fp_access_check(s)) {
        TCGv_i64 nzcv = tcg_temp_new_i64();
        TCGLabel *done = gen_new_label();
        A64Cond c = gen_test_cond((int)a->cond);
        tcg_gen_movi_i64(nzcv, a->nzcv);
        if (c.cond != TCG_COND_ALWAYS) {
            tcg_gen_brcondi_i64(tcg_invert_cond(c.cond), c.value, 0, done);
        }
        gen_fp_compare(nzcv, esz, (int)a->rn, read_fp_reg((int)a->rm, esz), a->op);
        gen_set_label(done);
        gen_set_nzcv(nzcv);
    }
    return true;
}

static bool trans_FCSEL(DisasContext *s, const A64Args *a)
{
    int esz = fp_esz(a->ftype);
    if (esz < 0) {
        return false;
    }
    if (fp_access_check(s)) {
        TCGv_i64 n = read_fp_reg((int)a->rn, esz);
        A64Cond c = gen_test_cond((int)a->cond);
        if (c.cond != TCG_COND_ALWAYS) {
            tcg_gen_movcond_i64(c.cond, n, c.value, tcg_constant_i64(0), n,
                                read_fp_reg((int)a->rm, esz));
        }
        write_fp_reg((int)a->rd, n, esz);
    }
    return true;
}

/* ================================================================ conversions */

/* Rn (S or D) to a sf-wide integer, signed or unsigned (op), scaled by 2^fbits. */
static bool do_fp_to_int(DisasContext *s, const A64Args *a, unsigned mode, int fbits)
{
    int esz = fp_esz(a->ftype);
    if (esz < 0) {
        return false;
    }
    if (fp_access_check(s)) {
        unsigned op = mode | (a->op ? FP_INT_UNSIGNED : 0) | (a->sf ? FP_INT_64 : 0);
        TCGv_i64 v = read_fp_reg((int)a->rn, esz);
        gen_helper_fp_to_int(v, tcg_env, v, desc_const(fp_desc_scaled(esz, op, fbits)));
        write_cpu_reg(s, (int)a->rd, v, a->sf);
    }
    return true;
}

/* A sf-wide integer, signed or unsigned (op), divided by 2^fbits, to Rd (S or D). */
static bool do_int_to_fp(DisasContext *s, const A64Args *a, int fbits)
{
    int esz = fp_esz(a->ftype);
    if (esz < 0) {
        return false;
    }
    if (fp_access_check(s)) {
        unsigned op = (a->op ? FP_INT_UNSIGNED : 0) | (a->sf ? FP_INT_64 : 0);
        TCGv_i64 v = read_cpu_reg(s, (int)a->rn, a->sf);
        gen_helper_int_to_fp(v, tcg_env, v, desc_const(fp_desc_scaled(esz, op, fbits)));
        write_fp_reg((int)a->rd, v, esz);
    }
    return true;
}

/* Fixed point: fbits = 64 - scale, at most 32 for a 32-bit integer. */
static bool fixed_point_ok(const A64Args *a) { return a->sf || a->scale >= 32; }

static bool trans_FCVTZ_fixed(DisasContext *s, const A64Args *a)
{
    return fixed_point_ok(a) && do_fp_to_int(s, a, float_round_to_zero, 64 - (int)a->scale);
}

static bool trans_CVTF_fixed(DisasContext *s, const A64Args *a)
{
    return fixed_point_ok(a) && do_int_to_fp(s, a, 64 - (int)a->scale);
}

/* FCVT{N,P,M,Z}{S,U}: rmode in FPCR.RMode order. */
static bool trans_FCVT_int(DisasContext *s, const A64Args *a)
{
    return do_fp_to_int(s, a, arm_rmode((unsigned)a->rmode), 0);
}

static bool trans_FCVTA_int(DisasContext *s, const A64Args *a)
{
    return do_fp_to_int(s, a, float_round_ties_away, 0);
}

static bool trans_CVTF_int(DisasContext *s, const A64Args *a) { return do_int_to_fp(s, a, 0); }

/*
 * FMOV between a general register and Sn (sf 0, ftype 00), Dn (sf 1,
 * ftype 01) or the top half of Vn (sf 1, ftype 10, rmode 01); op: to FP.
 * Writing Vn.D[1] keeps Vn.D[0].
 */
static bool trans_FMOV_gen(DisasContext *s, const A64Args *a)
{
    bool top = a->rmode == 1 && a->sf && a->ftype == 2;
    int esz = fp_esz(a->ftype);
    if (!top && (a->rmode != 0 || esz != (a->sf ? FP_ESZ_D : FP_ESZ_S))) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    if (a->op) {
        TCGv_i64 v = read_cpu_reg(s, (int)a->rn, a->sf);
        if (top) {
            tcg_gen_st_i64(v, tcg_env, vreg_ofs((int)a->rd, 1));
        } else {
            write_fp_reg((int)a->rd, v, esz);
        }
    } else {
        /* A W destination keeps bits 31:0 of the 64 read. */
        TCGv_i64 v = tcg_temp_new_i64();
        tcg_gen_ld_i64(v, tcg_env, vreg_ofs((int)a->rn, top));
        write_cpu_reg(s, (int)a->rd, v, a->sf);
    }
    return true;
}

const A64Pattern a64_fp_patterns[] = {
    /* Conversion between floating point and fixed point. */
    {"SCVTF/UCVTF (scalar, fixed-point)",
     "sf:1 0 0 11110 ftype:2 0 00 01 op:1 scale:6 rn:5 rd:5", trans_CVTF_fixed},
    {"FCVTZS/FCVTZU (scalar, fixed-point)",
     "sf:1 0 0 11110 ftype:2 0 11 00 op:1 scale:6 rn:5 rd:5", trans_FCVTZ_fixed},
    /* Conversion between floating point and integer. */
    {"FCVT{N,P,M,Z}{S,U} (scalar)", "sf:1 0 0 11110 ftype:2 1 rmode:2 00 op:1 000000 rn:5 rd:5",
     trans_FCVT_int},
    {"SCVTF/UCVTF (scalar, integer)", "sf:1 0 0 11110 ftype:2 1 00 01 op:1 000000 rn:5 rd:5",
     trans_CVTF_int},
    {"FCVTAS/FCVTAU (scalar)", "sf:1 0 0 11110 ftype:2 1 00 10 op:1 000000 rn:5 rd:5",
     trans_FCVTA_int},
    {"FMOV (general)", "sf:1 0 0 11110 ftype:2 1 rmode:2 11 op:1 000000 rn:5 rd:5",
     trans_FMOV_gen},
    /* Data processing, 1 source. */
    {"FMOV/FABS/FNEG/FSQRT (scalar)", "0 0 0 11110 ftype:2 1 0000 opc:2 10000 rn:5 rd:5",
     trans_FP_DP1},
    {"FCVT", "0 0 0 11110 ftype:2 1 0001 opc:2 10000 rn:5 rd:5", trans_FCVT},
    {"FRINT* (scalar)", "0 0 0 11110 ftype:2 1 001 rmode:3 10000 rn:5 rd:5", trans_FRINT},
    /* Compare, immediate, conditional compare, 2 source, conditional select. */
    {"FCMP/FCMPE", "0 0 0 11110 ftype:2 1 rm:5 00 1000 rn:5 opc:2 000", trans_FCMP},
    {"FMOV (scalar, immediate)", "0 0 0 11110 ftype:2 1 imm8:8 100 00000 rd:5", trans_FMOV_imm},
    {"FCCMP/FCCMPE", "0 0 0 11110 ftype:2 1 rm:5 cond:4 01 rn:5 op:1 nzcv:4", trans_FCCMP},
    {"FP data-processing (2 source)", "0 0 0 11110 ftype:2 1 rm:5 opcode:4 10 rn:5 rd:5",
     trans_FP_DP2},
    {"FCSEL", "0 0 0 11110 ftype:2 1 rm:5 cond:4 11 rn:5 rd:5", trans_FCSEL},
    /* Data processing, 3 source. */
    {"FMADD/FMSUB/FNMADD/FNMSUB", "0 0 0 11111 ftype:2 o1:1 rm:5 o0:1 ra:5 rn:5 rd:5",
     trans_FP_DP3},
    {NULL, NULL, NULL},
};
