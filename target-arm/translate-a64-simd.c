/*
 * A64 Advanced SIMD integer, permute and copy: decode table and translation
 * (ARMv8.0, and the ARMv8.1 RDM instructions when ID_AA64ISAR0_EL1 says so).
 *
 * Whole-register bitwise operations, moves of immediates, element copies
 * and EXT are emitted inline on the two 64-bit halves of the registers;
 * everything else calls one of a few family helpers (helper-simd.h) that
 * take the element operation and size in the descriptor.  Per encoding
 * group, a table maps (opcode, U) to the operation and the element sizes it
 * allows.
 */
#include "target-arm/helper-simd.h"
#include "target-arm/cpu-features.h"
#include "target-arm/translate-a64-vec.h"

/* Element-size sets (bit esz): B = 8, H = 16, S = 32, D = 64 bits. */
enum { SZ_B = 1, SZ_H = 2, SZ_S = 4, SZ_D = 8, SZ_HS = 6, SZ_BH = 3, SZ_BHS = 7, SZ_ALL = 15 };

static bool size_ok(unsigned sizes, int esz) { return (sizes >> esz) & 1; }

/* A vector of 2^esz-byte elements: 64-bit elements need Q = 1. */
static bool vec_size_ok(unsigned sizes, int esz, bool q)
{
    return size_ok(sizes, esz) && (q || esz < 3);
}

/* ARMv8.1 SQRDMLAH, SQRDMLSH. */
static bool have_rdm(const DisasContext *s) { return arm_has_rdm(s->cpu); }

static unsigned insn_bits(const DisasContext *s, int pos, int len)
{
    return (s->insn >> pos) & ((1u << len) - 1);
}

static TCGv_i32 elem_desc(int op, int esz, bool q, bool scalar, int imm)
{
    return tcg_constant_i32(
        (int32_t)simd_desc(q ? 16 : 8, SIMD_ELEM_DATA(op, esz, scalar, 0, 0, imm)));
}

/* An element-wise op of Vn and Vm. */
static void gen_elem(int op, int esz, bool q, bool scalar, const A64Args *a, int imm)
{
    gen_vec_op3_env(gen_helper_simd_elem, (int)a->rd, (int)a->rn, (int)a->rm, q,
                    SIMD_ELEM_DATA(op, esz, scalar, 0, 0, imm));
}

/* An element-wise op of Vn alone (two-register misc, shift by immediate). */
static void gen_elem_unary(int op, int esz, bool q, bool scalar, const A64Args *a, int imm)
{
    TCGv_ptr n = vreg_ptr((int)a->rn);
    gen_helper_simd_elem(vreg_ptr((int)a->rd), n, n, tcg_env,
                         elem_desc(op, esz, q, scalar, imm));
}

/* Replicate the low 2^esz bytes of v over 64 bits. */
static void gen_dup64(TCGv_i64 dst, TCGv_i64 v, int esz)
{
    static const uint64_t ones[4] = {0x0101010101010101ull, 0x0001000100010001ull,
                                     0x0000000100000001ull, 1};
    if (esz == 3) {
        tcg_gen_mov_i64(dst, v);
        return;
    }
    tcg_gen_extract_i64(dst, v, 0, 8u << esz);
    tcg_gen_muli_i64(dst, dst, (int64_t)ones[esz]);
}

/* Store v64 into both halves of Vd (the high one zero if !q). */
static void gen_store_dup(int d, TCGv_i64 v64, bool q)
{
    tcg_gen_st_i64(v64, tcg_env, vreg_ofs(d, 0));
    tcg_gen_st_i64(q ? v64 : tcg_constant_i64(0), tcg_env, vreg_ofs(d, 1));
}

/* ------------------------------------------------ three same */

typedef struct ThreeSame {
    uint8_t op;
    uint8_t vsizes; /* vector element sizes allowed (0: unallocated) */
    uint8_t ssizes; /* scalar sizes allowed */
    bool pairwise;
} ThreeSame;

/* clang-format off */
#define TS(o, v, sc) {SIMD_##o, v, sc, false}
#define TSP(o, v) {SIMD_##o, v, 0, true}
/* clang-format on */

/* Indexed by [opcode][U]; opcode 3 (logic) is handled apart. */
static const ThreeSame three_same[24][2] = {
    [0x00] = {TS(SHADD, SZ_BHS, 0), TS(UHADD, SZ_BHS, 0)},
    [0x01] = {TS(SQADD, SZ_ALL, SZ_ALL), TS(UQADD, SZ_ALL, SZ_ALL)},
    [0x02] = {TS(SRHADD, SZ_BHS, 0), TS(URHADD, SZ_BHS, 0)},
    [0x04] = {TS(SHSUB, SZ_BHS, 0), TS(UHSUB, SZ_BHS, 0)},
    [0x05] = {TS(SQSUB, SZ_ALL, SZ_ALL), TS(UQSUB, SZ_ALL, SZ_ALL)},
    [0x06] = {TS(CMGT, SZ_ALL, SZ_D), TS(CMHI, SZ_ALL, SZ_D)},
    [0x07] = {TS(CMGE, SZ_ALL, SZ_D), TS(CMHS, SZ_ALL, SZ_D)},
    [0x08] = {TS(SSHL, SZ_ALL, SZ_D), TS(USHL, SZ_ALL, SZ_D)},
    [0x09] = {TS(SQSHL, SZ_ALL, SZ_ALL), TS(UQSHL, SZ_ALL, SZ_ALL)},
    [0x0a] = {TS(SRSHL, SZ_ALL, SZ_D), TS(URSHL, SZ_ALL, SZ_D)},
    [0x0b] = {TS(SQRSHL, SZ_ALL, SZ_ALL), TS(UQRSHL, SZ_ALL, SZ_ALL)},
    [0x0c] = {TS(SMAX, SZ_BHS, 0), TS(UMAX, SZ_BHS, 0)},
    [0x0d] = {TS(SMIN, SZ_BHS, 0), TS(UMIN, SZ_BHS, 0)},
    [0x0e] = {TS(SABD, SZ_BHS, 0), TS(UABD, SZ_BHS, 0)},
    [0x0f] = {TS(SABA, SZ_BHS, 0), TS(UABA, SZ_BHS, 0)},
    [0x10] = {TS(ADD, SZ_ALL, SZ_D), TS(SUB, SZ_ALL, SZ_D)},
    [0x11] = {TS(CMTST, SZ_ALL, SZ_D), TS(CMEQ, SZ_ALL, SZ_D)},
    [0x12] = {TS(MLA, SZ_BHS, 0), TS(MLS, SZ_BHS, 0)},
    [0x13] = {TS(MUL, SZ_BHS, 0), TS(PMUL, SZ_B, 0)},
    [0x14] = {TSP(SMAX, SZ_BHS), TSP(UMAX, SZ_BHS)},
    [0x15] = {TSP(SMIN, SZ_BHS), TSP(UMIN, SZ_BHS)},
    [0x16] = {TS(SQDMULH, SZ_HS, SZ_HS), TS(SQRDMULH, SZ_HS, SZ_HS)},
    [0x17] = {TSP(ADD, SZ_ALL), {0, 0, 0, false}},
};

/* AND BIC ORR ORN, EOR BSL BIT BIF on 64 bits: d = f(n, m, d). */
static void gen_logic64(int opc, TCGv_i64 d, TCGv_i64 n, TCGv_i64 m)
{
    TCGv_i64 t = tcg_temp_new_i64();
    switch (opc) {
    case 0:
        tcg_gen_and_i64(d, n, m);
        break;
    case 1:
        tcg_gen_andc_i64(d, n, m);
        break;
    case 2:
        tcg_gen_or_i64(d, n, m);
        break;
    case 3:
        tcg_gen_orc_i64(d, n, m);
        break;
    case 4:
        tcg_gen_xor_i64(d, n, m);
        break;
    case 5: /* BSL: d selects between n (1) and m (0) */
        tcg_gen_xor_i64(t, n, m);
        tcg_gen_and_i64(t, t, d);
        tcg_gen_xor_i64(d, m, t);
        break;
    case 6: /* BIT: insert n where m is 1 */
        tcg_gen_xor_i64(t, n, d);
        tcg_gen_and_i64(t, t, m);
        tcg_gen_xor_i64(d, d, t);
        break;
    default: /* BIF: insert n where m is 0 */
        tcg_gen_xor_i64(t, n, d);
        tcg_gen_andc_i64(t, t, m);
        tcg_gen_xor_i64(d, d, t);
        break;
    }
}

static bool trans_logic(DisasContext *s, const A64Args *a)
{
    if (!fp_access_check(s)) {
        return true;
    }
    for (int half = 0; half < (a->Q ? 2 : 1); half++) {
        TCGv_i64 n = tcg_temp_new_i64(), m = tcg_temp_new_i64(), d = tcg_temp_new_i64();
        tcg_gen_ld_i64(n, tcg_env, vreg_ofs((int)a->rn, half));
        tcg_gen_ld_i64(m, tcg_env, vreg_ofs((int)a->rm, half));
        tcg_gen_ld_i64(d, tcg_env, vreg_ofs((int)a->rd, half));
        gen_logic64((int)(a->U * 4 + a->size), d, n, m);
        tcg_gen_st_i64(d, tcg_env, vreg_ofs((int)a->rd, half));
    }
    clear_vec_high((int)a->rd, a->Q);
    return true;
}

static bool trans_three_same(DisasContext *s, const A64Args *a)
{
    const ThreeSame *t = &three_same[insn_bits(s, 11, 5)][a->U];
    int esz = (int)a->size;

    if (!vec_size_ok(t->vsizes, esz, a->Q)) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    if (t->pairwise) {
        gen_vec_op3(gen_helper_simd_pairwise, (int)a->rd, (int)a->rn, (int)a->rm, a->Q,
                    SIMD_ELEM_DATA(t->op, esz, 0, 0, 0, 0));
    } else {
        gen_elem(t->op, esz, a->Q, false, a, 0);
    }
    return true;
}

static bool trans_scalar_three_same(DisasContext *s, const A64Args *a)
{
    const ThreeSame *t = &three_same[insn_bits(s, 11, 5)][a->U];
    int esz = (int)a->size;

    if (!size_ok(t->ssizes, esz)) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    gen_elem(t->op, esz, false, true, a, 0);
    return true;
}

/* SQRDMLAH (opcode 0000), SQRDMLSH (0001): three same extra, H and S elements. */
static bool trans_rdm(DisasContext *s, const A64Args *a, bool scalar)
{
    int op = insn_bits(s, 11, 1) ? SIMD_SQRDMLSH : SIMD_SQRDMLAH;
    if (!have_rdm(s) || !size_ok(SZ_HS, (int)a->size)) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    gen_elem(op, (int)a->size, scalar ? false : a->Q, scalar, a, 0);
    return true;
}

static bool trans_rdm_vector(DisasContext *s, const A64Args *a)
{
    return trans_rdm(s, a, false);
}
static bool trans_rdm_scalar(DisasContext *s, const A64Args *a)
{
    return trans_rdm(s, a, true);
}

static bool trans_scalar_addp(DisasContext *s, const A64Args *a)
{
    if (!fp_access_check(s)) {
        return true;
    }
    gen_vec_op3(gen_helper_simd_pairwise, (int)a->rd, (int)a->rn, (int)a->rn, false,
                SIMD_ELEM_DATA(SIMD_ADD, 3, 1, 0, 0, 0));
    return true;
}

/* ------------------------------------------------ three different */

typedef struct ThreeDiff {
    uint8_t op;
    uint8_t sizes;  /* vector sizes (0: unallocated) */
    uint8_t ssizes; /* scalar sizes */
} ThreeDiff;

/* clang-format off */
#define TD(o, v, sc) {SIMD_##o, v, sc}
/* clang-format on */

/* Indexed by [opcode][U]; ADDHN/SUBHN (4, 6) narrow and are handled apart. */
static const ThreeDiff three_diff[16][2] = {
    [0x0] = {TD(ADDL, SZ_BHS, 0), TD(ADDL, SZ_BHS, 0)},
    [0x1] = {TD(ADDW, SZ_BHS, 0), TD(ADDW, SZ_BHS, 0)},
    [0x2] = {TD(SUBL, SZ_BHS, 0), TD(SUBL, SZ_BHS, 0)},
    [0x3] = {TD(SUBW, SZ_BHS, 0), TD(SUBW, SZ_BHS, 0)},
    [0x5] = {TD(ABAL, SZ_BHS, 0), TD(ABAL, SZ_BHS, 0)},
    [0x7] = {TD(ABDL, SZ_BHS, 0), TD(ABDL, SZ_BHS, 0)},
    [0x8] = {TD(MLAL, SZ_BHS, 0), TD(MLAL, SZ_BHS, 0)},
    [0x9] = {TD(QDMLAL, SZ_HS, SZ_HS), {0, 0, 0}},
    [0xa] = {TD(MLSL, SZ_BHS, 0), TD(MLSL, SZ_BHS, 0)},
    [0xb] = {TD(QDMLSL, SZ_HS, SZ_HS), {0, 0, 0}},
    [0xc] = {TD(MULL, SZ_BHS, 0), TD(MULL, SZ_BHS, 0)},
    [0xd] = {TD(QDMULL, SZ_HS, SZ_HS), {0, 0, 0}},
    [0xe] = {TD(PMULL, SZ_B, 0), {0, 0, 0}},
};

static bool trans_three_diff(DisasContext *s, const A64Args *a)
{
    int opcode = (int)a->opcode, esz = (int)a->size;

    if (opcode == 4 || opcode == 6) {
        if (esz == 3) {
            return false;
        }
        if (!fp_access_check(s)) {
            return true;
        }
        int kind = opcode == 4 ? SIMD_NARROW_ADDHN : SIMD_NARROW_SUBHN;
        gen_vec_op3_env(
            gen_helper_simd_narrow, (int)a->rd, (int)a->rn, (int)a->rm, a->Q,
            SIMD_NARROW_DATA(kind, esz, 0, SIMD_SAT_NONE, (int)a->U, (int)a->Q, 0, 0));
        return true;
    }
    const ThreeDiff *t = &three_diff[opcode][a->U];
    if (!size_ok(t->sizes, esz)) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    gen_vec_op3_env(gen_helper_simd_long, (int)a->rd, (int)a->rn, (int)a->rm, true,
                    SIMD_LONG_DATA(t->op, esz, !a->U, (int)a->Q, 0, 0, 0, 0));
    return true;
}

static bool trans_scalar_three_diff(DisasContext *s, const A64Args *a)
{
    const ThreeDiff *t = &three_diff[a->opcode][0];
    int esz = (int)a->size;

    if (!size_ok(t->ssizes, esz)) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    gen_vec_op3_env(gen_helper_simd_long, (int)a->rd, (int)a->rn, (int)a->rm, false,
                    SIMD_LONG_DATA(t->op, esz, 1, 0, 1, 0, 0, 0));
    return true;
}

/* ------------------------------------------------ two-register misc */

enum { MISC_ELEM, MISC_REV, MISC_ADDLP, MISC_NOT, MISC_XTN, MISC_SQXTN, MISC_SHLL };

typedef struct TwoMisc {
    uint8_t kind;
    uint8_t op;     /* MISC_ELEM: the element op; MISC_REV: log2 of the container */
    uint8_t sizes;  /* vector sizes (0: unallocated) */
    uint8_t ssizes; /* scalar sizes */
} TwoMisc;

/* clang-format off */
#define TM(o, v, sc) {MISC_ELEM, SIMD_##o, v, sc}
/* clang-format on */

/* Indexed by [opcode][U]; opcode 5 U = 1 (NOT, RBIT) depends on size. */
static const TwoMisc two_misc[21][2] = {
    [0x00] = {{MISC_REV, 3, SZ_BHS, 0}, {MISC_REV, 2, SZ_BH, 0}},
    [0x01] = {{MISC_REV, 1, SZ_B, 0}, {0, 0, 0, 0}},
    [0x02] = {{MISC_ADDLP, 0, SZ_BHS, 0}, {MISC_ADDLP, 0, SZ_BHS, 0}},
    [0x03] = {TM(SUQADD, SZ_ALL, SZ_ALL), TM(USQADD, SZ_ALL, SZ_ALL)},
    [0x04] = {TM(CLS, SZ_BHS, 0), TM(CLZ, SZ_BHS, 0)},
    [0x05] = {TM(CNT, SZ_B, 0), {0, 0, 0, 0}},
    [0x06] = {{MISC_ADDLP, 1, SZ_BHS, 0}, {MISC_ADDLP, 1, SZ_BHS, 0}},
    [0x07] = {TM(SQABS, SZ_ALL, SZ_ALL), TM(SQNEG, SZ_ALL, SZ_ALL)},
    [0x08] = {TM(CMGT0, SZ_ALL, SZ_D), TM(CMGE0, SZ_ALL, SZ_D)},
    [0x09] = {TM(CMEQ0, SZ_ALL, SZ_D), TM(CMLE0, SZ_ALL, SZ_D)},
    [0x0a] = {TM(CMLT0, SZ_ALL, SZ_D), {0, 0, 0, 0}},
    [0x0b] = {TM(ABS, SZ_ALL, SZ_D), TM(NEG, SZ_ALL, SZ_D)},
    [0x12] = {{MISC_XTN, 0, SZ_BHS, 0}, {MISC_SQXTN, 2, SZ_BHS, SZ_BHS}},
    [0x13] = {{0, 0, 0, 0}, {MISC_SHLL, 0, SZ_BHS, 0}},
    [0x14] = {{MISC_SQXTN, 0, SZ_BHS, SZ_BHS}, {MISC_SQXTN, 1, SZ_BHS, SZ_BHS}},
};

/* SQXTN (0), UQXTN (1), SQXTUN (2): source signedness and saturation. */
static void gen_sqxtn(const A64Args *a, int variant, int esz, bool scalar)
{
    static const uint8_t src_signed[3] = {1, 0, 1};
    static const uint8_t satmode[3] = {SIMD_SAT_SIGNED, SIMD_SAT_UNSIGNED, SIMD_SAT_UNSIGNED};
    bool hi = !scalar && a->Q; /* the scalar patterns have no Q */
    gen_vec_op3_env(gen_helper_simd_narrow, (int)a->rd, (int)a->rn, (int)a->rn, hi,
                    SIMD_NARROW_DATA(SIMD_NARROW_SHIFT, esz, src_signed[variant],
                                     satmode[variant], 0, hi, scalar, 0));
}

static bool trans_not_rbit(DisasContext *s, const A64Args *a)
{
    if (a->size > 1) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    if (a->size == 1) {
        gen_elem_unary(SIMD_RBIT, 0, a->Q, false, a, 0);
        return true;
    }
    for (int half = 0; half < (a->Q ? 2 : 1); half++) {
        TCGv_i64 t = tcg_temp_new_i64();
        tcg_gen_ld_i64(t, tcg_env, vreg_ofs((int)a->rn, half));
        tcg_gen_not_i64(t, t);
        tcg_gen_st_i64(t, tcg_env, vreg_ofs((int)a->rd, half));
    }
    clear_vec_high((int)a->rd, a->Q);
    return true;
}

static bool trans_two_misc(DisasContext *s, const A64Args *a)
{
    int opcode = (int)insn_bits(s, 12, 5), esz = (int)a->size;
    bool q = a->Q;

    if (opcode == 5 && a->U) {
        return trans_not_rbit(s, a);
    }
    const TwoMisc *t = &two_misc[opcode][a->U];
    bool narrow_or_long = t->kind >= MISC_XTN;
    if (narrow_or_long ? !size_ok(t->sizes, esz) : !vec_size_ok(t->sizes, esz, q)) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    int d = (int)a->rd, n = (int)a->rn;
    switch (t->kind) {
    case MISC_ELEM:
        gen_elem_unary(t->op, esz, q, false, a, 0);
        break;
    case MISC_REV:
        gen_vec_op2(gen_helper_simd_rev, d, n, q, SIMD_REV_DATA(esz, t->op));
        break;
    case MISC_ADDLP:
        gen_vec_op2(gen_helper_simd_addlp, d, n, q, SIMD_ADDLP_DATA(esz, !a->U, t->op));
        break;
    case MISC_XTN:
        gen_vec_op3_env(gen_helper_simd_narrow, d, n, n, q,
                        SIMD_NARROW_DATA(SIMD_NARROW_SHIFT, esz, 0, SIMD_SAT_NONE, 0, q, 0, 0));
        break;
    case MISC_SQXTN:
        gen_sqxtn(a, t->op, esz, false);
        break;
    default: /* SHLL */
        gen_vec_op3_env(gen_helper_simd_long, d, n, n, true,
                        SIMD_LONG_DATA(SIMD_SHLL, esz, 0, q, 0, 0, 0, 8 << esz));
        break;
    }
    return true;
}

static bool trans_scalar_two_misc(DisasContext *s, const A64Args *a)
{
    const TwoMisc *t = &two_misc[insn_bits(s, 12, 5)][a->U];
    int esz = (int)a->size;

    if (!size_ok(t->ssizes, esz)) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    if (t->kind == MISC_SQXTN) {
        gen_sqxtn(a, t->op, esz, true);
    } else {
        gen_elem_unary(t->op, esz, false, true, a, 0);
    }
    return true;
}

/* ------------------------------------------------ across lanes */

static bool trans_across(DisasContext *s, const A64Args *a)
{
    static const int8_t ops[32][2] = {
        [0x03] = {SIMD_SADDLV, SIMD_UADDLV},
        [0x0a] = {SIMD_SMAXV, SIMD_UMAXV},
        [0x1a] = {SIMD_SMINV, SIMD_UMINV},
        [0x1b] = {SIMD_ADDV, -1},
    };
    int op = ops[insn_bits(s, 12, 5)][a->U], esz = (int)a->size;

    if (op < 0 || esz == 3 || (esz == 2 && !a->Q)) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    gen_vec_op2(gen_helper_simd_reduce, (int)a->rd, (int)a->rn, a->Q,
                SIMD_REDUCE_DATA(op, esz));
    return true;
}

/* ------------------------------------------------ copy */

/* The element size and index an imm5 field encodes; false if reserved. */
static bool decode_imm5(int64_t imm5, int *esz, int *index)
{
    if ((imm5 & 15) == 0) {
        return false;
    }
    *esz = __builtin_ctz((unsigned)imm5);
    *index = (int)(imm5 >> (*esz + 1));
    return true;
}

static bool trans_dup_element(DisasContext *s, const A64Args *a)
{
    int esz, index;
    if (!decode_imm5(a->imm5, &esz, &index) || (esz == 3 && !a->Q)) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    TCGv_i64 v = tcg_temp_new_i64();
    read_vec_element_i64(v, (int)a->rn, index, (MemOp)esz);
    gen_dup64(v, v, esz);
    gen_store_dup((int)a->rd, v, a->Q);
    return true;
}

static bool trans_dup_general(DisasContext *s, const A64Args *a)
{
    int esz, index;
    if (!decode_imm5(a->imm5, &esz, &index) || (esz == 3 && !a->Q)) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    TCGv_i64 v = tcg_temp_new_i64();
    gen_dup64(v, cpu_reg(s, (int)a->rn), esz);
    gen_store_dup((int)a->rd, v, a->Q);
    return true;
}

static bool trans_ins_general(DisasContext *s, const A64Args *a)
{
    int esz, index;
    if (!decode_imm5(a->imm5, &esz, &index)) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    write_vec_element_i64(cpu_reg(s, (int)a->rn), (int)a->rd, index, esz);
    return true;
}

static bool trans_ins_element(DisasContext *s, const A64Args *a)
{
    int esz, index;
    if (!decode_imm5(a->imm5, &esz, &index)) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    TCGv_i64 v = tcg_temp_new_i64();
    read_vec_element_i64(v, (int)a->rn, (int)(a->imm4 >> esz), (MemOp)esz);
    write_vec_element_i64(v, (int)a->rd, index, esz);
    return true;
}

/* SMOV (signed) and UMOV: Q selects the 64-bit destination. */
static bool trans_mov_to_general(DisasContext *s, const A64Args *a, bool is_signed)
{
    int esz, index;
    if (!decode_imm5(a->imm5, &esz, &index)) {
        return false;
    }
    bool ok = is_signed ? esz < (a->Q ? 3 : 2) : (a->Q ? esz == 3 : esz < 3);
    if (!ok) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    TCGv_i64 v = tcg_temp_new_i64();
    read_vec_element_i64(v, (int)a->rn, index, (MemOp)(esz | (is_signed ? MO_SIGN : 0)));
    write_cpu_reg(s, (int)a->rd, v, a->Q);
    return true;
}

static bool trans_smov(DisasContext *s, const A64Args *a)
{
    return trans_mov_to_general(s, a, true);
}
static bool trans_umov(DisasContext *s, const A64Args *a)
{
    return trans_mov_to_general(s, a, false);
}

static bool trans_scalar_dup(DisasContext *s, const A64Args *a)
{
    int esz, index;
    if (!decode_imm5(a->imm5, &esz, &index)) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    TCGv_i64 v = tcg_temp_new_i64();
    read_vec_element_i64(v, (int)a->rn, index, (MemOp)esz);
    write_fp_reg((int)a->rd, v, esz);
    return true;
}

/* ------------------------------------------------ modified immediate */

/* AdvSIMDExpandImm for cmode < 0b1111 and MOVI 64-bit. */
static uint64_t expand_imm(int op, int cmode, uint64_t imm8)
{
    uint64_t imm;
    switch (cmode >> 1) {
    case 0:
    case 1:
    case 2:
    case 3:
        imm = imm8 << (8 * (cmode >> 1));
        return imm | imm << 32;
    case 4:
    case 5:
        imm = imm8 << (8 * ((cmode >> 1) & 1));
        return imm * 0x0001000100010001ull;
    case 6:
        imm = cmode & 1 ? (imm8 << 16) | 0xffff : (imm8 << 8) | 0xff;
        return imm | imm << 32;
    default:
        if (!op) {
            return imm8 * 0x0101010101010101ull;
        }
        imm = 0;
        for (int i = 0; i < 8; i++) {
            imm |= (imm8 >> i & 1) ? 0xffull << (8 * i) : 0;
        }
        return imm;
    }
}

/* FMOV (vector, immediate): VFPExpandImm for single (replicated) or double. */
static uint64_t expand_fp_imm(bool is_double, uint64_t imm8)
{
    uint64_t sign = imm8 >> 7, b6 = (imm8 >> 6) & 1, low = imm8 & 0x3f;
    if (is_double) {
        uint64_t exp = (b6 ? 0xffull : 0x100ull);
        return sign << 63 | exp << 54 | low << 48;
    }
    uint64_t exp = (b6 ? 0x1full : 0x20ull);
    uint64_t single = sign << 31 | exp << 25 | low << 19;
    return single | single << 32;
}

static bool trans_mod_imm(DisasContext *s, const A64Args *a)
{
    int cmode = (int)a->cmode, op = (int)a->op;
    uint64_t imm8 = (uint64_t)(a->abc << 5 | a->defgh);
    uint64_t imm;
    bool orr_bic = (cmode < 12) && (cmode & 1);

    if (cmode == 15) {
        if (op && !a->Q) {
            return false;
        }
        imm = expand_fp_imm(op, imm8);
    } else {
        imm = expand_imm(op, cmode, imm8);
        if (op && !orr_bic && cmode < 14) {
            imm = ~imm; /* MVNI */
        }
    }
    if (!fp_access_check(s)) {
        return true;
    }
    for (int half = 0; half < (a->Q ? 2 : 1); half++) {
        TCGv_i64 t = tcg_temp_new_i64();
        intptr_t ofs = vreg_ofs((int)a->rd, half);
        if (orr_bic) {
            tcg_gen_ld_i64(t, tcg_env, ofs);
            if (op) {
                tcg_gen_andi_i64(t, t, (int64_t)~imm);
            } else {
                tcg_gen_ori_i64(t, t, (int64_t)imm);
            }
        } else {
            tcg_gen_movi_i64(t, (int64_t)imm);
        }
        tcg_gen_st_i64(t, tcg_env, ofs);
    }
    clear_vec_high((int)a->rd, a->Q);
    return true;
}

/* ------------------------------------------------ shift by immediate */

enum { SH_ELEM_RIGHT, SH_ELEM_LEFT, SH_NARROW, SH_LONG };

typedef struct ShiftImm {
    uint8_t kind;
    uint8_t op;          /* element op; for SH_NARROW: bit 0 round, bits 2:1 variant */
    bool vector, scalar; /* which forms are allocated */
} ShiftImm;

/* clang-format off */
#define SR(o) {SH_ELEM_RIGHT, SIMD_##o, true, true}
#define SL(o) {SH_ELEM_LEFT, SIMD_##o, true, true}
#define SN(v) {SH_NARROW, v, true, true}
#define SN_V(v) {SH_NARROW, v, true, false}
/* clang-format on */

/*
 * Indexed by [opcode][U] (the patterns allow opcodes 0x00-0x17).  Narrowing
 * variants (op bits 2:1): 0 SHRN (truncate), 1 SQSHRUN, 2 SQSHRN, 3 UQSHRN;
 * bit 0: rounding.
 */
static const ShiftImm shift_imm[24][2] = {
    [0x00] = {SR(SSHR), SR(USHR)},
    [0x02] = {SR(SSRA), SR(USRA)},
    [0x04] = {SR(SRSHR), SR(URSHR)},
    [0x06] = {SR(SRSRA), SR(URSRA)},
    [0x08] = {{0, 0, false, false}, SR(SRI)},
    [0x0a] = {SL(SHL), SL(SLI)},
    [0x0c] = {{0, 0, false, false}, SL(SQSHLU)},
    [0x0e] = {SL(SQSHLI), SL(UQSHLI)},
    [0x10] = {SN_V(0), SN(2)},
    [0x11] = {SN_V(1), SN(3)},
    [0x12] = {SN(4), SN(6)},
    [0x13] = {SN(5), SN(7)},
    [0x14] = {{SH_LONG, 0, true, false}, {SH_LONG, 0, true, false}},
};

static bool do_shift_imm(DisasContext *s, const A64Args *a, bool scalar)
{
    const ShiftImm *t = &shift_imm[insn_bits(s, 11, 5)][a->U];
    int immh = (int)a->immh, imm7 = (int)(immh << 3 | a->immb);
    bool q = scalar ? false : a->Q;

    if (immh == 0 || !(scalar ? t->scalar : t->vector)) {
        return false;
    }
    int esz = 31 - __builtin_clz((unsigned)immh);
    int right = (16 << esz) - imm7, left = imm7 - (8 << esz);
    int d = (int)a->rd, n = (int)a->rn;
    switch (t->kind) {
    case SH_ELEM_RIGHT:
    case SH_ELEM_LEFT:
        if (scalar ? esz != 3 && t->op != SIMD_SQSHLI && t->op != SIMD_UQSHLI &&
                         t->op != SIMD_SQSHLU
                   : esz == 3 && !q) {
            return false;
        }
        if (!fp_access_check(s)) {
            return true;
        }
        gen_elem_unary(t->op, esz, q, scalar, a, t->kind == SH_ELEM_LEFT ? left : right);
        return true;
    case SH_NARROW: {
        static const uint8_t src_signed[4] = {0, 1, 1, 0};
        static const uint8_t satmode[4] = {SIMD_SAT_NONE, SIMD_SAT_UNSIGNED, SIMD_SAT_SIGNED,
                                           SIMD_SAT_UNSIGNED};
        int variant = t->op >> 1;
        if (esz == 3) { /* immh gives the narrow size */
            return false;
        }
        if (!fp_access_check(s)) {
            return true;
        }
        gen_vec_op3_env(gen_helper_simd_narrow, d, n, n, q,
                        SIMD_NARROW_DATA(SIMD_NARROW_SHIFT, esz, src_signed[variant],
                                         satmode[variant], t->op & 1, q, scalar, right));
        return true;
    }
    default: /* SSHLL, USHLL */
        if (esz == 3) {
            return false;
        }
        if (!fp_access_check(s)) {
            return true;
        }
        gen_vec_op3_env(gen_helper_simd_long, d, n, n, true,
                        SIMD_LONG_DATA(SIMD_SHLL, esz, !a->U, q, 0, 0, 0, left));
        return true;
    }
}

static bool trans_shift_imm(DisasContext *s, const A64Args *a)
{
    return do_shift_imm(s, a, false);
}
static bool trans_scalar_shift_imm(DisasContext *s, const A64Args *a)
{
    return do_shift_imm(s, a, true);
}

/* ------------------------------------------------ by element */

/*
 * The element size and index of a by-element operand: H uses Vm of 4 bits
 * and index H:L:M, S uses Vm = M:Rm and index H:L.
 */
static bool decode_indexed(const A64Args *a, int *esz, int *m, int *index)
{
    *esz = (int)a->size;
    if (a->size == 1) {
        *m = (int)(a->rm & 15);
        *index = (int)(a->H << 2 | a->L << 1 | a->M);
        return true;
    }
    if (a->size == 2) {
        *m = (int)(a->M << 4 | a->rm);
        *index = (int)(a->H << 1 | a->L);
        return true;
    }
    return false;
}

/* By element, indexed by [opcode][U]: element-wise or long (kind), scalar form allocated. */
enum { BE_NONE, BE_ELEM, BE_LONG };

typedef struct ByElem {
    uint8_t kind, op;
    bool scalar;
    bool rdm; /* needs ARMv8.1 RDM */
} ByElem;

static const ByElem by_elem[16][2] = {
    [0x0] = {{0}, {BE_ELEM, SIMD_MLA, 0}},
    [0x2] = {{BE_LONG, SIMD_MLAL, 0}, {BE_LONG, SIMD_MLAL, 0}},
    [0x3] = {{BE_LONG, SIMD_QDMLAL, 1}, {0}},
    [0x4] = {{0}, {BE_ELEM, SIMD_MLS, 0}},
    [0x6] = {{BE_LONG, SIMD_MLSL, 0}, {BE_LONG, SIMD_MLSL, 0}},
    [0x7] = {{BE_LONG, SIMD_QDMLSL, 1}, {0}},
    [0x8] = {{BE_ELEM, SIMD_MUL, 0}, {0}},
    [0xa] = {{BE_LONG, SIMD_MULL, 0}, {BE_LONG, SIMD_MULL, 0}},
    [0xb] = {{BE_LONG, SIMD_QDMULL, 1}, {0}},
    [0xc] = {{BE_ELEM, SIMD_SQDMULH, 1}, {0}},
    [0xd] = {{BE_ELEM, SIMD_SQRDMULH, 1}, {BE_ELEM, SIMD_SQRDMLAH, 1, true}},
    [0xf] = {{0}, {BE_ELEM, SIMD_SQRDMLSH, 1, true}},
};

static bool do_by_element(DisasContext *s, const A64Args *a, bool scalar)
{
    /* U comes from the word: the patterns have no room for a ninth field. */
    bool u = insn_bits(s, 29, 1);
    const ByElem *t = &by_elem[insn_bits(s, 12, 4)][u];
    int esz, m, index;

    if (t->kind == BE_NONE || (scalar && !t->scalar) || (t->rdm && !have_rdm(s)) ||
        !decode_indexed(a, &esz, &m, &index)) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    int d = (int)a->rd, n = (int)a->rn;
    if (t->kind == BE_ELEM) {
        gen_vec_op3_env(gen_helper_simd_elem, d, n, m, scalar ? false : a->Q,
                        SIMD_ELEM_DATA(t->op, esz, scalar, 1, index, 0));
    } else {
        bool sign = t->op >= SIMD_QDMLAL || !u;
        gen_vec_op3_env(
            gen_helper_simd_long, d, n, m, true,
            SIMD_LONG_DATA(t->op, esz, sign, scalar ? 0 : (int)a->Q, scalar, 1, index, 0));
    }
    return true;
}

static bool trans_by_element(DisasContext *s, const A64Args *a)
{
    return do_by_element(s, a, false);
}
static bool trans_scalar_by_element(DisasContext *s, const A64Args *a)
{
    return do_by_element(s, a, true);
}

/* ------------------------------------------------ permute, EXT, TBL */

static bool trans_permute(DisasContext *s, const A64Args *a)
{
    if ((a->opcode & 3) == 0 || (a->size == 3 && !a->Q)) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    gen_vec_op3(gen_helper_simd_permute, (int)a->rd, (int)a->rn, (int)a->rm, a->Q,
                SIMD_PERM_DATA((int)a->opcode, (int)a->size));
    return true;
}

/* EXT: bytes imm4.. of Vm:Vn, as a funnel shift of adjacent 64-bit words. */
static bool trans_ext(DisasContext *s, const A64Args *a)
{
    if (!a->Q && a->imm4 > 7) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    int nwords = a->Q ? 4 : 2, first = (int)(a->imm4 / 8), ofs = (int)(a->imm4 % 8) * 8;
    TCGv_i64 w[4], res[2];
    for (int i = 0; i < nwords; i++) {
        int reg = i < nwords / 2 ? (int)a->rn : (int)a->rm;
        w[i] = tcg_temp_new_i64();
        tcg_gen_ld_i64(w[i], tcg_env, vreg_ofs(reg, i % (nwords / 2)));
    }
    for (int half = 0; half < nwords / 2; half++) {
        res[half] = tcg_temp_new_i64();
        tcg_gen_extract2_i64(res[half], w[first + half], w[first + half + 1], (unsigned)ofs);
    }
    for (int half = 0; half < nwords / 2; half++) {
        tcg_gen_st_i64(res[half], tcg_env, vreg_ofs((int)a->rd, half));
    }
    clear_vec_high((int)a->rd, a->Q);
    return true;
}

static bool trans_tbl(DisasContext *s, const A64Args *a)
{
    if (!fp_access_check(s)) {
        return true;
    }
    gen_vec_op2_env(gen_helper_simd_tbl, (int)a->rd, (int)a->rm, a->Q,
                    SIMD_TBL_DATA((int)a->rn, (int)a->len + 1, (int)a->op));
    return true;
}

/* ------------------------------------------------ the table */

#define V3 "0 Q:1 U:1 01110 size:2 1 rm:5"
#define S3 "01 U:1 11110 size:2 1 rm:5"
#define V2 "0 Q:1 U:1 01110 size:2 10000 opcode:5 10 rn:5 rd:5"
#define S2 "01 U:1 11110 size:2 10000 opcode:5 10 rn:5 rd:5"

const A64Pattern a64_simd_patterns[] = {
    /* Three same: integer opcodes 0xxxx and 10xxx; 11xxx is floating point. */
    {"logic (vector)", "0 Q:1 U:1 01110 size:2 1 rm:5 00011 1 rn:5 rd:5", trans_logic},
    {"three same (int)", V3 " 0xxxx 1 rn:5 rd:5", trans_three_same},
    {"three same (int)", V3 " 10xxx 1 rn:5 rd:5", trans_three_same},
    {"scalar three same (int)", S3 " 0xxxx 1 rn:5 rd:5", trans_scalar_three_same},
    {"scalar three same (int)", S3 " 10xxx 1 rn:5 rd:5", trans_scalar_three_same},
    {"SQRDMLAH/SQRDMLSH (vector)", "0 Q:1 1 01110 size:2 0 rm:5 1000 x 1 rn:5 rd:5",
     trans_rdm_vector},
    {"SQRDMLAH/SQRDMLSH (scalar)", "01 1 11110 size:2 0 rm:5 1000 x 1 rn:5 rd:5",
     trans_rdm_scalar},
    /* Three different. */
    {"three different", V3 " opcode:4 00 rn:5 rd:5", trans_three_diff},
    {"scalar three different", "01 0 11110 size:2 1 rm:5 opcode:4 00 rn:5 rd:5",
     trans_scalar_three_diff},
    /* Two-register misc: the integer opcodes only. */
    {"two-reg misc (int)", "0 Q:1 U:1 01110 size:2 10000 00 xxx 10 rn:5 rd:5", trans_two_misc},
    {"two-reg misc (int)", "0 Q:1 U:1 01110 size:2 10000 010 xx 10 rn:5 rd:5", trans_two_misc},
    {"two-reg misc (narrow)", "0 Q:1 U:1 01110 size:2 10000 1001 x 10 rn:5 rd:5",
     trans_two_misc},
    {"two-reg misc (narrow)", "0 Q:1 U:1 01110 size:2 10000 10100 10 rn:5 rd:5",
     trans_two_misc},
    {"scalar two-reg misc (int)", "01 U:1 11110 size:2 10000 00 xxx 10 rn:5 rd:5",
     trans_scalar_two_misc},
    {"scalar two-reg misc (int)", "01 U:1 11110 size:2 10000 010 xx 10 rn:5 rd:5",
     trans_scalar_two_misc},
    {"scalar two-reg misc (narrow)", "01 U:1 11110 size:2 10000 10010 10 rn:5 rd:5",
     trans_scalar_two_misc},
    {"scalar two-reg misc (narrow)", "01 U:1 11110 size:2 10000 10100 10 rn:5 rd:5",
     trans_scalar_two_misc},
    /* Across lanes: SADDLV, SMAXV, SMINV, ADDV and U forms. */
    {"across lanes (int)", "0 Q:1 U:1 01110 size:2 11000 00011 10 rn:5 rd:5", trans_across},
    {"across lanes (int)", "0 Q:1 U:1 01110 size:2 11000 01010 10 rn:5 rd:5", trans_across},
    {"across lanes (int)", "0 Q:1 U:1 01110 size:2 11000 1101 x 10 rn:5 rd:5", trans_across},
    {"scalar ADDP", "01 0 11110 11 11000 11011 10 rn:5 rd:5", trans_scalar_addp},
    /* Copy. */
    {"DUP (element)", "0 Q:1 0 01110000 imm5:5 0 0000 1 rn:5 rd:5", trans_dup_element},
    {"DUP (general)", "0 Q:1 0 01110000 imm5:5 0 0001 1 rn:5 rd:5", trans_dup_general},
    {"INS (general)", "0 1 0 01110000 imm5:5 0 0011 1 rn:5 rd:5", trans_ins_general},
    {"SMOV", "0 Q:1 0 01110000 imm5:5 0 0101 1 rn:5 rd:5", trans_smov},
    {"UMOV", "0 Q:1 0 01110000 imm5:5 0 0111 1 rn:5 rd:5", trans_umov},
    {"INS (element)", "0 1 1 01110000 imm5:5 0 imm4:4 1 rn:5 rd:5", trans_ins_element},
    {"scalar DUP", "01 0 11110000 imm5:5 0 0000 1 rn:5 rd:5", trans_scalar_dup},
    /* Modified immediate (immh = 0) before shift by immediate. */
    {"modified immediate", "0 Q:1 op:1 0111100000 abc:3 cmode:4 0 1 defgh:5 rd:5",
     trans_mod_imm},
    {"shift by immediate", "0 Q:1 U:1 011110 immh:4 immb:3 0 xxxx 1 rn:5 rd:5",
     trans_shift_imm},
    {"shift by immediate", "0 Q:1 U:1 011110 immh:4 immb:3 10 xxx 1 rn:5 rd:5",
     trans_shift_imm},
    {"scalar shift by immediate", "01 U:1 111110 immh:4 immb:3 0 xxxx 1 rn:5 rd:5",
     trans_scalar_shift_imm},
    {"scalar shift by immediate", "01 U:1 111110 immh:4 immb:3 10 xxx 1 rn:5 rd:5",
     trans_scalar_shift_imm},
/*
 * By element: the integer opcodes 0x1x, 101x, x000, 0100, 110x (0001,
 * 0101 and 1001 are FMLA, FMLS, FMUL; 1110 and 1111 later extensions).
 */
#define BE_V(op) "0 Q:1 x 01111 size:2 L:1 M:1 rm:4 " op " H:1 0 rn:5 rd:5"
#define BE_S(op) "01 x 11111 size:2 L:1 M:1 rm:4 " op " H:1 0 rn:5 rd:5"
    {"by element (int)", BE_V("0x1x"), trans_by_element},
    {"by element (int)", BE_V("101x"), trans_by_element},
    {"by element (int)", BE_V("x000"), trans_by_element},
    {"by element (int)", BE_V("0100"), trans_by_element},
    {"by element (int)", BE_V("110x"), trans_by_element},
    {"by element (int)", BE_V("1111"), trans_by_element},
    {"scalar by element (int)", BE_S("0x11"), trans_scalar_by_element},
    {"scalar by element (int)", BE_S("1011"), trans_scalar_by_element},
    {"scalar by element (int)", BE_S("110x"), trans_scalar_by_element},
    {"scalar by element (int)", BE_S("1111"), trans_scalar_by_element},
    /* Permute, EXT, TBL/TBX. */
    {"permute", "0 Q:1 001110 size:2 0 rm:5 0 opcode:3 10 rn:5 rd:5", trans_permute},
    {"EXT", "0 Q:1 101110 00 0 rm:5 0 imm4:4 0 rn:5 rd:5", trans_ext},
    {"TBL/TBX", "0 Q:1 001110 00 0 rm:5 0 len:2 op:1 00 rn:5 rd:5", trans_tbl},
    {NULL, NULL, NULL},
};
