/*
 * A64 Advanced SIMD floating point: decode table and translation.
 *
 * The patterns fix every bit that makes an encoding floating point (the
 * opcode values of the FP operations within each Advanced SIMD group), so
 * the integer instructions of the same groups fall through to
 * a64_simd_patterns.  Within a group, the allocated FP operations are rows
 * of a table keyed by (U, size<1>, opcode); a row missing, or a size, Q or
 * form it does not allow, is UNDEFINED.  Half precision needs FEAT_FP16,
 * which gemu does not implement: those encodings are UNDEFINED too.
 *
 * Every operation is a call of one of the helper families of
 * helper-simd-fp.h; a scalar form is the same call with the element size as
 * the operation size, which also zeroes the rest of Vd.
 */
#include <glib.h>

#include "fpu/softfloat.h"
#include "target-arm/helper-simd-fp.h"
#include "target-arm/translate-a64-vec.h"

/* Where a table row's operation is allocated. */
enum {
    IN_VECTOR = 1,
    IN_SCALAR = 2,
    SINGLE_ONLY = 4, /* sz = 0 (URECPE, URSQRTE) */
    DOUBLE_ONLY = 8, /* sz = 1 (FCVTXN) */
    BOTH = IN_VECTOR | IN_SCALAR,
};

static TCGv_i32 desc_of(unsigned oprsz, int32_t data)
{
    return tcg_constant_i32((int32_t)simd_desc(oprsz, data));
}

static unsigned vec_oprsz(const A64Args *a) { return a->Q ? 16 : 8; }

/* The bytes of one S (sz = 0) or D (sz = 1) element: a scalar form's size. */
static unsigned elem_oprsz(bool sz) { return sz ? 8 : 4; }

/* A vector of doubles needs Q = 1. */
static bool vec_size_ok(const A64Args *a, bool sz) { return a->Q || !sz; }

static void gen_fp3(int d, int n, int m, unsigned oprsz, int32_t data)
{
    gen_helper_simd_fp3(vreg_ptr(d), vreg_ptr(n), vreg_ptr(m), tcg_env, desc_of(oprsz, data));
}

static void gen_fp2(int d, int n, unsigned oprsz, int32_t data)
{
    gen_helper_simd_fp2(vreg_ptr(d), vreg_ptr(n), tcg_env, desc_of(oprsz, data));
}

/* ------------------------------------------------ three same */

typedef struct Fp3Insn {
    uint8_t u, a, opcode;
    SimdFp3Op op;
    SimdFp3Form form;
    uint8_t where;
} Fp3Insn;

static const Fp3Insn fp3_same[] = {
    {0, 0, 0x18, SIMD_FP3_FMAXNM, SIMD_FP3_ELEMENTWISE, IN_VECTOR},
    {0, 0, 0x19, SIMD_FP3_FMLA, SIMD_FP3_ELEMENTWISE, IN_VECTOR},
    {0, 0, 0x1a, SIMD_FP3_FADD, SIMD_FP3_ELEMENTWISE, IN_VECTOR},
    {0, 0, 0x1b, SIMD_FP3_FMULX, SIMD_FP3_ELEMENTWISE, BOTH},
    {0, 0, 0x1c, SIMD_FP3_FCMEQ, SIMD_FP3_ELEMENTWISE, BOTH},
    {0, 0, 0x1e, SIMD_FP3_FMAX, SIMD_FP3_ELEMENTWISE, IN_VECTOR},
    {0, 0, 0x1f, SIMD_FP3_FRECPS, SIMD_FP3_ELEMENTWISE, BOTH},
    {0, 1, 0x18, SIMD_FP3_FMINNM, SIMD_FP3_ELEMENTWISE, IN_VECTOR},
    {0, 1, 0x19, SIMD_FP3_FMLS, SIMD_FP3_ELEMENTWISE, IN_VECTOR},
    {0, 1, 0x1a, SIMD_FP3_FSUB, SIMD_FP3_ELEMENTWISE, IN_VECTOR},
    {0, 1, 0x1e, SIMD_FP3_FMIN, SIMD_FP3_ELEMENTWISE, IN_VECTOR},
    {0, 1, 0x1f, SIMD_FP3_FRSQRTS, SIMD_FP3_ELEMENTWISE, BOTH},
    {1, 0, 0x18, SIMD_FP3_FMAXNM, SIMD_FP3_PAIRWISE, IN_VECTOR}, /* FMAXNMP */
    {1, 0, 0x1a, SIMD_FP3_FADD, SIMD_FP3_PAIRWISE, IN_VECTOR},   /* FADDP */
    {1, 0, 0x1b, SIMD_FP3_FMUL, SIMD_FP3_ELEMENTWISE, IN_VECTOR},
    {1, 0, 0x1c, SIMD_FP3_FCMGE, SIMD_FP3_ELEMENTWISE, BOTH},
    {1, 0, 0x1d, SIMD_FP3_FACGE, SIMD_FP3_ELEMENTWISE, BOTH},
    {1, 0, 0x1e, SIMD_FP3_FMAX, SIMD_FP3_PAIRWISE, IN_VECTOR}, /* FMAXP */
    {1, 0, 0x1f, SIMD_FP3_FDIV, SIMD_FP3_ELEMENTWISE, IN_VECTOR},
    {1, 1, 0x18, SIMD_FP3_FMINNM, SIMD_FP3_PAIRWISE, IN_VECTOR}, /* FMINNMP */
    {1, 1, 0x1a, SIMD_FP3_FABD, SIMD_FP3_ELEMENTWISE, BOTH},
    {1, 1, 0x1c, SIMD_FP3_FCMGT, SIMD_FP3_ELEMENTWISE, BOTH},
    {1, 1, 0x1d, SIMD_FP3_FACGT, SIMD_FP3_ELEMENTWISE, BOTH},
    {1, 1, 0x1e, SIMD_FP3_FMIN, SIMD_FP3_PAIRWISE, IN_VECTOR}, /* FMINP */
};

static const Fp3Insn *find_fp3(const A64Args *a, int where)
{
    int opcode = 0x18 | (int)a->opcode; /* the pattern fixes opcode<4:3> = 11 */
    for (size_t i = 0; i < G_N_ELEMENTS(fp3_same); i++) {
        const Fp3Insn *e = &fp3_same[i];
        if (e->u == a->U && e->a == (a->size >> 1) && e->opcode == opcode &&
            (e->where & where)) {
            return e;
        }
    }
    return NULL;
}

static bool trans_fp3_same_vector(DisasContext *s, const A64Args *a)
{
    const Fp3Insn *e = find_fp3(a, IN_VECTOR);
    bool sz = a->size & 1;
    if (!e || !vec_size_ok(a, sz)) {
        return false;
    }
    if (fp_access_check(s)) {
        gen_fp3(a->rd, a->rn, a->rm, vec_oprsz(a), simd_fp3_data(e->op, sz, e->form, 0));
    }
    return true;
}

static bool trans_fp3_same_scalar(DisasContext *s, const A64Args *a)
{
    const Fp3Insn *e = find_fp3(a, IN_SCALAR);
    bool sz = a->size & 1;
    if (!e) {
        return false;
    }
    if (fp_access_check(s)) {
        gen_fp3(a->rd, a->rn, a->rm, elem_oprsz(sz), simd_fp3_data(e->op, sz, e->form, 0));
    }
    return true;
}

/* ------------------------------------------------ two-register misc */

typedef enum MiscKind { MISC_FP2, MISC_NARROW, MISC_WIDEN } MiscKind;

typedef struct FpMiscInsn {
    uint8_t u, a, opcode;
    MiscKind kind;
    SimdFp2Op op; /* MISC_FP2 */
    int imm;      /* MISC_FP2: the operation's immediate; MISC_NARROW: SIMD_FCVT_ODD */
    uint8_t where;
} FpMiscInsn;

#define RM_N   float_round_nearest_even
#define RM_P   float_round_up
#define RM_M   float_round_down
#define RM_Z   float_round_to_zero
#define RM_A   float_round_ties_away
#define RM_CUR SIMD_FP_RMODE_FPCR

static const FpMiscInsn fp_misc[] = {
    {0, 1, 0x0c, MISC_FP2, SIMD_FP2_FCMGT0, 0, BOTH},
    {0, 1, 0x0d, MISC_FP2, SIMD_FP2_FCMEQ0, 0, BOTH},
    {0, 1, 0x0e, MISC_FP2, SIMD_FP2_FCMLT0, 0, BOTH},
    {0, 1, 0x0f, MISC_FP2, SIMD_FP2_FABS, 0, IN_VECTOR},
    {0, 0, 0x16, MISC_NARROW, 0, 0, IN_VECTOR}, /* FCVTN */
    {0, 0, 0x17, MISC_WIDEN, 0, 0, IN_VECTOR},  /* FCVTL */
    {0, 0, 0x18, MISC_FP2, SIMD_FP2_FRINT, RM_N, IN_VECTOR},
    {0, 1, 0x18, MISC_FP2, SIMD_FP2_FRINT, RM_P, IN_VECTOR},
    {0, 0, 0x19, MISC_FP2, SIMD_FP2_FRINT, RM_M, IN_VECTOR},
    {0, 1, 0x19, MISC_FP2, SIMD_FP2_FRINT, RM_Z, IN_VECTOR},
    {0, 0, 0x1a, MISC_FP2, SIMD_FP2_FCVT_S, RM_N, BOTH},
    {0, 1, 0x1a, MISC_FP2, SIMD_FP2_FCVT_S, RM_P, BOTH},
    {0, 0, 0x1b, MISC_FP2, SIMD_FP2_FCVT_S, RM_M, BOTH},
    {0, 1, 0x1b, MISC_FP2, SIMD_FP2_FCVT_S, RM_Z, BOTH},
    {0, 0, 0x1c, MISC_FP2, SIMD_FP2_FCVT_S, RM_A, BOTH},
    {0, 1, 0x1c, MISC_FP2, SIMD_FP2_URECPE, 0, IN_VECTOR | SINGLE_ONLY},
    {0, 0, 0x1d, MISC_FP2, SIMD_FP2_SCVTF, 0, BOTH},
    {0, 1, 0x1d, MISC_FP2, SIMD_FP2_FRECPE, 0, BOTH},
    {0, 1, 0x1f, MISC_FP2, SIMD_FP2_FRECPX, 0, IN_SCALAR},
    {1, 1, 0x0c, MISC_FP2, SIMD_FP2_FCMGE0, 0, BOTH},
    {1, 1, 0x0d, MISC_FP2, SIMD_FP2_FCMLE0, 0, BOTH},
    {1, 1, 0x0f, MISC_FP2, SIMD_FP2_FNEG, 0, IN_VECTOR},
    {1, 0, 0x16, MISC_NARROW, 0, SIMD_FCVT_ODD, BOTH | DOUBLE_ONLY}, /* FCVTXN */
    {1, 0, 0x18, MISC_FP2, SIMD_FP2_FRINT, RM_A, IN_VECTOR},
    {1, 1, 0x19, MISC_FP2, SIMD_FP2_FRINT, RM_CUR, IN_VECTOR},                 /* FRINTI */
    {1, 0, 0x19, MISC_FP2, SIMD_FP2_FRINT, RM_CUR | SIMD_FP_EXACT, IN_VECTOR}, /* FRINTX */
    {1, 0, 0x1a, MISC_FP2, SIMD_FP2_FCVT_U, RM_N, BOTH},
    {1, 1, 0x1a, MISC_FP2, SIMD_FP2_FCVT_U, RM_P, BOTH},
    {1, 0, 0x1b, MISC_FP2, SIMD_FP2_FCVT_U, RM_M, BOTH},
    {1, 1, 0x1b, MISC_FP2, SIMD_FP2_FCVT_U, RM_Z, BOTH},
    {1, 0, 0x1c, MISC_FP2, SIMD_FP2_FCVT_U, RM_A, BOTH},
    {1, 1, 0x1c, MISC_FP2, SIMD_FP2_URSQRTE, 0, IN_VECTOR | SINGLE_ONLY},
    {1, 0, 0x1d, MISC_FP2, SIMD_FP2_UCVTF, 0, BOTH},
    {1, 1, 0x1d, MISC_FP2, SIMD_FP2_FRSQRTE, 0, BOTH},
    {1, 1, 0x1f, MISC_FP2, SIMD_FP2_FSQRT, 0, IN_VECTOR},
};

static const FpMiscInsn *find_misc(const A64Args *a, int opcode, int where)
{
    bool sz = a->size & 1;
    for (size_t i = 0; i < G_N_ELEMENTS(fp_misc); i++) {
        const FpMiscInsn *e = &fp_misc[i];
        if (e->u == a->U && e->a == (a->size >> 1) && e->opcode == opcode &&
            (e->where & where) && !((e->where & SINGLE_ONLY) && sz) &&
            !((e->where & DOUBLE_ONLY) && !sz)) {
            return e;
        }
    }
    return NULL;
}

static int32_t narrow_flags(const FpMiscInsn *e, bool sz, bool upper)
{
    return e->imm | (sz ? SIMD_FCVT_DOUBLE : 0) | (upper ? SIMD_FCVT_UPPER : 0);
}

static bool fp_misc_vector(DisasContext *s, const A64Args *a, int opcode)
{
    const FpMiscInsn *e = find_misc(a, opcode, IN_VECTOR);
    bool sz = a->size & 1;
    if (!e || (e->kind == MISC_FP2 && !vec_size_ok(a, sz))) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    switch (e->kind) {
    case MISC_NARROW:
        gen_helper_simd_fcvt_narrow(vreg_ptr(a->rd), vreg_ptr(a->rn), tcg_env,
                                    desc_of(vec_oprsz(a), narrow_flags(e, sz, a->Q)));
        break;
    case MISC_WIDEN:
        gen_helper_simd_fcvt_widen(vreg_ptr(a->rd), vreg_ptr(a->rn), tcg_env,
                                   desc_of(vec_oprsz(a), narrow_flags(e, sz, a->Q)));
        break;
    default:
        gen_fp2(a->rd, a->rn, vec_oprsz(a), simd_fp2_data(e->op, sz, e->imm));
        break;
    }
    return true;
}

static bool fp_misc_scalar(DisasContext *s, const A64Args *a, int opcode)
{
    const FpMiscInsn *e = find_misc(a, opcode, IN_SCALAR);
    bool sz = a->size & 1;
    if (!e) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    if (e->kind == MISC_NARROW) { /* FCVTXN Sd, Dn */
        gen_helper_simd_fcvt_narrow(vreg_ptr(a->rd), vreg_ptr(a->rn), tcg_env,
                                    desc_of(4, narrow_flags(e, sz, false)));
    } else {
        gen_fp2(a->rd, a->rn, elem_oprsz(sz), simd_fp2_data(e->op, sz, e->imm));
    }
    return true;
}

/* The patterns fix the opcode's high bits; these add them back. */
static bool trans_misc_vec_0c(DisasContext *s, const A64Args *a)
{
    return fp_misc_vector(s, a, 0x0c | (int)a->opcode);
}
static bool trans_misc_vec_16(DisasContext *s, const A64Args *a)
{
    return fp_misc_vector(s, a, 0x16 | (int)a->opcode);
}
static bool trans_misc_vec_18(DisasContext *s, const A64Args *a)
{
    return fp_misc_vector(s, a, 0x18 | (int)a->opcode);
}
static bool trans_misc_scalar_0c(DisasContext *s, const A64Args *a)
{
    return fp_misc_scalar(s, a, 0x0c | (int)a->opcode);
}
static bool trans_misc_scalar_16(DisasContext *s, const A64Args *a)
{
    return fp_misc_scalar(s, a, 0x16 | (int)a->opcode);
}
static bool trans_misc_scalar_18(DisasContext *s, const A64Args *a)
{
    return fp_misc_scalar(s, a, 0x18 | (int)a->opcode);
}

/* ------------------------------------------------ across lanes, scalar pairwise */

/* opcode<1:0> of 011xx with size<1>: the reduction (COUNT: unallocated). */
static SimdFp3Op reduction_op(const A64Args *a)
{
    static const SimdFp3Op ops[4][2] = {
        {SIMD_FP3_FMAXNM, SIMD_FP3_FMINNM},
        {SIMD_FP3_FADD, SIMD_FP3_COUNT},
        {SIMD_FP3_COUNT, SIMD_FP3_COUNT},
        {SIMD_FP3_FMAX, SIMD_FP3_FMIN},
    };
    return ops[a->opcode][a->size >> 1];
}

/* FMAXNMV, FMINNMV, FMAXV, FMINV: 4S only (U = 0 is the FP16 form). */
static bool trans_fp_across(DisasContext *s, const A64Args *a)
{
    SimdFp3Op op = reduction_op(a);
    if (op == SIMD_FP3_COUNT || op == SIMD_FP3_FADD || !a->U || !a->Q || (a->size & 1)) {
        return false;
    }
    if (fp_access_check(s)) {
        gen_helper_simd_fp_reduce(vreg_ptr(a->rd), vreg_ptr(a->rn), tcg_env, desc_of(16, op));
    }
    return true;
}

/* FADDP, FMAXP, FMINP, FMAXNMP, FMINNMP (scalar): Vn[0] op Vn[1]. */
static bool trans_fp_pairwise_scalar(DisasContext *s, const A64Args *a)
{
    SimdFp3Op op = reduction_op(a);
    bool sz = a->size & 1;
    if (op == SIMD_FP3_COUNT || !a->U) {
        return false;
    }
    if (fp_access_check(s)) {
        gen_fp3(a->rd, a->rn, a->rn, elem_oprsz(sz),
                simd_fp3_data(op, sz, SIMD_FP3_PAIRWISE, 0));
    }
    return true;
}

/* ------------------------------------------------ by element */

/*
 * FMLA, FMLS, FMUL, FMULX (by element): size 1x only (00 is FP16, 01
 * unallocated); the index is H:L for singles, H for doubles; Rm is M:Rm.
 */
static bool fp_indexed(DisasContext *s, const A64Args *a, SimdFp3Op op, bool scalar)
{
    bool sz = a->size & 1;
    if (!(a->size & 2) || (sz && a->L) || (!scalar && !vec_size_ok(a, sz))) {
        return false;
    }
    if (fp_access_check(s)) {
        int index = sz ? (int)a->H : (int)(a->H << 1 | a->L);
        unsigned oprsz = scalar ? elem_oprsz(sz) : vec_oprsz(a);
        gen_fp3(a->rd, a->rn, a->rm, oprsz, simd_fp3_data(op, sz, SIMD_FP3_INDEXED, index));
    }
    return true;
}

/*
 * opcode 0001 / 0101 (the pattern's bit): FMLA / FMLS.  The patterns fix
 * U = 0: with U = 1 these are FCMLA (FEAT_FCMA, not implemented).
 */
static bool trans_fmla_idx_vector(DisasContext *s, const A64Args *a)
{
    return fp_indexed(s, a, a->opcode ? SIMD_FP3_FMLS : SIMD_FP3_FMLA, false);
}
static bool trans_fmla_idx_scalar(DisasContext *s, const A64Args *a)
{
    return fp_indexed(s, a, a->opcode ? SIMD_FP3_FMLS : SIMD_FP3_FMLA, true);
}
static bool trans_fmul_idx_vector(DisasContext *s, const A64Args *a)
{
    return fp_indexed(s, a, a->U ? SIMD_FP3_FMULX : SIMD_FP3_FMUL, false);
}
static bool trans_fmul_idx_scalar(DisasContext *s, const A64Args *a)
{
    return fp_indexed(s, a, a->U ? SIMD_FP3_FMULX : SIMD_FP3_FMUL, true);
}

/* ------------------------------------------------ fixed point (shift by immediate) */

/*
 * SCVTF, UCVTF (opcode 11100) and FCVTZS, FCVTZU (11111) with fbits =
 * 2 * esize - immh:immb.  The patterns fix immh's leading one, so imm is
 * what follows it and fbits = esize - imm.
 */
static bool fp_fixed(DisasContext *s, const A64Args *a, bool dbl, int imm, bool scalar)
{
    static const SimdFp2Op ops[4][2] = {
        [0] = {SIMD_FP2_SCVTF, SIMD_FP2_UCVTF},
        [3] = {SIMD_FP2_FCVT_S, SIMD_FP2_FCVT_U},
    };
    if (a->opcode == 1 || a->opcode == 2 || (!scalar && dbl && !a->Q)) {
        return false;
    }
    if (fp_access_check(s)) {
        int fbits = (dbl ? 64 : 32) - imm;
        SimdFp2Op op = ops[a->opcode][a->U];
        int data = op == SIMD_FP2_SCVTF || op == SIMD_FP2_UCVTF ? fbits : RM_Z | fbits << 3;
        gen_fp2(a->rd, a->rn, scalar ? elem_oprsz(dbl) : vec_oprsz(a),
                simd_fp2_data(op, dbl, data));
    }
    return true;
}

static bool trans_fixed_vec_d(DisasContext *s, const A64Args *a)
{
    return fp_fixed(s, a, true, (int)a->imm6, false);
}
static bool trans_fixed_vec_s(DisasContext *s, const A64Args *a)
{
    return fp_fixed(s, a, false, (int)a->imm5, false);
}
static bool trans_fixed_scalar_d(DisasContext *s, const A64Args *a)
{
    return fp_fixed(s, a, true, (int)a->imm6, true);
}
static bool trans_fixed_scalar_s(DisasContext *s, const A64Args *a)
{
    return fp_fixed(s, a, false, (int)a->imm5, true);
}

/* Half precision (FEAT_FP16) or reserved immh: UNDEFINED, not an integer shift. */
static bool trans_unallocated(DisasContext *s, const A64Args *a)
{
    (void)s;
    (void)a;
    return false;
}

const A64Pattern a64_simd_fp_patterns[] = {
    {"FP three same (vector)", "0 Q:1 U:1 01110 size:2 1 rm:5 11 opcode:3 1 rn:5 rd:5",
     trans_fp3_same_vector},
    {"FP three same (scalar)", "01 U:1 11110 size:2 1 rm:5 11 opcode:3 1 rn:5 rd:5",
     trans_fp3_same_scalar},
    {"FP two-reg misc 011xx (vector)", "0 Q:1 U:1 01110 size:2 10000 011 opcode:2 10 rn:5 rd:5",
     trans_misc_vec_0c},
    {"FP two-reg misc 1011x (vector)",
     "0 Q:1 U:1 01110 size:2 10000 1011 opcode:1 10 rn:5 rd:5", trans_misc_vec_16},
    {"FP two-reg misc 11xxx (vector)", "0 Q:1 U:1 01110 size:2 10000 11 opcode:3 10 rn:5 rd:5",
     trans_misc_vec_18},
    {"FP two-reg misc 011xx (scalar)", "01 U:1 11110 size:2 10000 011 opcode:2 10 rn:5 rd:5",
     trans_misc_scalar_0c},
    {"FP two-reg misc 1011x (scalar)", "01 U:1 11110 size:2 10000 1011 opcode:1 10 rn:5 rd:5",
     trans_misc_scalar_16},
    {"FP two-reg misc 11xxx (scalar)", "01 U:1 11110 size:2 10000 11 opcode:3 10 rn:5 rd:5",
     trans_misc_scalar_18},
    {"FP across lanes", "0 Q:1 U:1 01110 size:2 11000 011 opcode:2 10 rn:5 rd:5",
     trans_fp_across},
    {"FP pairwise (scalar)", "01 U:1 11110 size:2 11000 011 opcode:2 10 rn:5 rd:5",
     trans_fp_pairwise_scalar},
    {"FMLA/FMLS (by element, vector)",
     "0 Q:1 0 01111 size:2 L:1 rm:5 0 opcode:1 01 H:1 0 rn:5 rd:5", trans_fmla_idx_vector},
    {"FMUL/FMULX (by element, vector)", "0 Q:1 U:1 01111 size:2 L:1 rm:5 1001 H:1 0 rn:5 rd:5",
     trans_fmul_idx_vector},
    {"FMLA/FMLS (by element, scalar)",
     "01 0 11111 size:2 L:1 rm:5 0 opcode:1 01 H:1 0 rn:5 rd:5", trans_fmla_idx_scalar},
    {"FMUL/FMULX (by element, scalar)", "01 U:1 11111 size:2 L:1 rm:5 1001 H:1 0 rn:5 rd:5",
     trans_fmul_idx_scalar},
    {"FP fixed-point conversion (vector, double)",
     "0 Q:1 U:1 011110 1 imm6:6 111 opcode:2 1 rn:5 rd:5", trans_fixed_vec_d},
    {"FP fixed-point conversion (vector, single)",
     "0 Q:1 U:1 011110 01 imm5:5 111 opcode:2 1 rn:5 rd:5", trans_fixed_vec_s},
    {"FP fixed-point conversion (vector, half/reserved)",
     "0 x x 011110 001x xxx 111 xx 1 xxxxx xxxxx", trans_unallocated},
    {"FP fixed-point conversion (vector, reserved)",
     "0 x x 011110 0001 xxx 111 xx 1 xxxxx xxxxx", trans_unallocated},
    {"FP fixed-point conversion (scalar, double)",
     "01 U:1 111110 1 imm6:6 111 opcode:2 1 rn:5 rd:5", trans_fixed_scalar_d},
    {"FP fixed-point conversion (scalar, single)",
     "01 U:1 111110 01 imm5:5 111 opcode:2 1 rn:5 rd:5", trans_fixed_scalar_s},
    {"FP fixed-point conversion (scalar, half/reserved)",
     "01 x 111110 00 xx xxx 111 xx 1 xxxxx xxxxx", trans_unallocated},
    {NULL, NULL, NULL},
};
