/*
 * Advanced SIMD integer helpers (declared in helper-simd.h).
 *
 * Every element operation is written once, on 128-bit integers holding the
 * sign- or zero-extended elements, so that sums, products and shifts never
 * overflow before the result is saturated or truncated.  The element loops
 * are instantiated per (operation, element size) by macros, so inside each
 * loop the operation and the size are constants the compiler folds.
 */
#include "target-arm/helper-simd.h"
#include "target-arm/fpstatus.h"
#include "target-arm/translate-a64-vec.h"

typedef __int128 i128;
typedef unsigned __int128 u128;

#define ALWAYS_INLINE static inline __attribute__((always_inline))

/* ------------------------------------------------ elements */

ALWAYS_INLINE i128 ld_elem(const void *p, unsigned i, int esz, bool sign)
{
    switch (esz) {
    case 0:
        return sign ? (i128)((const int8_t *)p)[i] : (i128)((const uint8_t *)p)[i];
    case 1:
        return sign ? (i128)((const int16_t *)p)[i] : (i128)((const uint16_t *)p)[i];
    case 2:
        return sign ? (i128)((const int32_t *)p)[i] : (i128)((const uint32_t *)p)[i];
    default:
        return sign ? (i128)((const int64_t *)p)[i] : (i128)((const uint64_t *)p)[i];
    }
}

ALWAYS_INLINE void st_elem(void *p, unsigned i, int esz, i128 v)
{
    switch (esz) {
    case 0:
        ((uint8_t *)p)[i] = (uint8_t)v;
        break;
    case 1:
        ((uint16_t *)p)[i] = (uint16_t)v;
        break;
    case 2:
        ((uint32_t *)p)[i] = (uint32_t)v;
        break;
    default:
        ((uint64_t *)p)[i] = (uint64_t)v;
        break;
    }
}

ALWAYS_INLINE i128 zext(i128 v, int bits) { return v & (((i128)1 << bits) - 1); }

ALWAYS_INLINE i128 sext(i128 v, int bits)
{
    i128 sign = (i128)1 << (bits - 1);
    return (zext(v, bits) ^ sign) - sign;
}

/* v clamped to the signed or unsigned range of bits; *qc set if it was out. */
ALWAYS_INLINE i128 sat(i128 v, int bits, bool sign, bool *qc)
{
    i128 lo = sign ? -((i128)1 << (bits - 1)) : 0;
    i128 hi = sign ? ((i128)1 << (bits - 1)) - 1 : ((i128)1 << bits) - 1;
    if (v < lo) {
        *qc = true;
        return lo;
    }
    if (v > hi) {
        *qc = true;
        return hi;
    }
    return v;
}

ALWAYS_INLINE i128 shl(i128 v, int sh) { return (i128)((u128)v << sh); }

/*
 * a shifted left by sh, or right by -sh when sh < 0 (the register-shift
 * semantics of SSHL, SRSHL, SQSHL, SQRSHL and their U forms; the immediate
 * shifts reuse it).  a is the extended element; right shifts of 128 or more
 * give the same as 127.
 */
ALWAYS_INLINE i128 shift_elem(i128 a, int sh, int bits, bool sign, bool round, bool saturate,
                              bool *qc)
{
    if (sh >= 0) {
        if (!saturate) {
            return sh >= bits ? 0 : shl(a, sh);
        }
        if (a == 0) {
            return 0;
        }
        if (sh >= bits) {
            return sat(a < 0 ? -((i128)1 << 64) : (i128)1 << 64, bits, sign, qc);
        }
        return sat(shl(a, sh), bits, sign, qc);
    }
    int s = -sh > 127 ? 127 : -sh;
    i128 r = round ? (a + ((i128)1 << (s - 1))) >> s : a >> s;
    return saturate ? sat(r, bits, sign, qc) : r;
}

ALWAYS_INLINE i128 abs128(i128 v) { return v < 0 ? -v : v; }

/* Leading zeros of the low bits of v (zero-extended). */
ALWAYS_INLINE i128 clz_bits(i128 v, int bits)
{
    uint64_t u = (uint64_t)zext(v, bits);
    return u == 0 ? bits : __builtin_clzll(u) - (64 - bits);
}

ALWAYS_INLINE i128 rbit8(i128 v)
{
    uint8_t b = (uint8_t)v;
    b = (uint8_t)((b & 0xf0) >> 4 | (b & 0x0f) << 4);
    b = (uint8_t)((b & 0xcc) >> 2 | (b & 0x33) << 2);
    return (uint8_t)((b & 0xaa) >> 1 | (b & 0x55) << 1);
}

/* Carry-less product of two bytes (PMUL, PMULL). */
ALWAYS_INLINE i128 pmul8(i128 a, i128 b)
{
    unsigned r = 0;
    for (int i = 0; i < 8; i++) {
        if (b & (1 << i)) {
            r ^= (unsigned)(a & 0xff) << i;
        }
    }
    return r;
}

/* Without a popcount instruction in the baseline ISA, __builtin_popcount is a libgcc call. */
ALWAYS_INLINE i128 popcount8(i128 v)
{
    unsigned b = (unsigned)(v & 0xff);
    b = b - ((b >> 1) & 0x55);
    b = (b & 0x33) + ((b >> 2) & 0x33);
    return (b + (b >> 4)) & 0x0f;
}

ALWAYS_INLINE i128 mask_if(bool c) { return c ? -1 : 0; }

/* One element of the element-wise operations (helper-simd.h). */
ALWAYS_INLINE i128 elem_op(int op, i128 a, i128 b, i128 d, int bits, int imm, bool *qc)
{
    bool s = true, u = false;
    switch (op) {
    case SIMD_SHADD:
    case SIMD_UHADD:
        return (a + b) >> 1;
    case SIMD_SQADD:
        return sat(a + b, bits, s, qc);
    case SIMD_UQADD:
        return sat(a + b, bits, u, qc);
    case SIMD_SRHADD:
    case SIMD_URHADD:
        return (a + b + 1) >> 1;
    case SIMD_SHSUB:
    case SIMD_UHSUB:
        return (a - b) >> 1;
    case SIMD_SQSUB:
        return sat(a - b, bits, s, qc);
    case SIMD_UQSUB:
        return sat(a - b, bits, u, qc);
    case SIMD_CMGT:
    case SIMD_CMHI:
        return mask_if(a > b);
    case SIMD_CMGE:
    case SIMD_CMHS:
        return mask_if(a >= b);
    case SIMD_SSHL:
    case SIMD_USHL:
        return shift_elem(a, (int8_t)b, bits, op == SIMD_SSHL, false, false, qc);
    case SIMD_SQSHL:
    case SIMD_UQSHL:
        return shift_elem(a, (int8_t)b, bits, op == SIMD_SQSHL, false, true, qc);
    case SIMD_SRSHL:
    case SIMD_URSHL:
        return shift_elem(a, (int8_t)b, bits, op == SIMD_SRSHL, true, false, qc);
    case SIMD_SQRSHL:
    case SIMD_UQRSHL:
        return shift_elem(a, (int8_t)b, bits, op == SIMD_SQRSHL, true, true, qc);
    case SIMD_SMAX:
    case SIMD_UMAX:
        return a > b ? a : b;
    case SIMD_SMIN:
    case SIMD_UMIN:
        return a < b ? a : b;
    case SIMD_SABD:
    case SIMD_UABD:
        return abs128(a - b);
    case SIMD_SABA:
    case SIMD_UABA:
        return d + abs128(a - b);
    case SIMD_ADD:
        return a + b;
    case SIMD_SUB:
        return a - b;
    case SIMD_CMTST:
        return mask_if((a & b) != 0);
    case SIMD_CMEQ:
        return mask_if(a == b);
    case SIMD_MLA:
        return d + a * b;
    case SIMD_MLS:
        return d - a * b;
    case SIMD_MUL:
        return a * b;
    case SIMD_PMUL:
        return pmul8(a, b);
    case SIMD_SQDMULH:
        return sat((2 * a * b) >> bits, bits, s, qc);
    case SIMD_SQRDMULH:
        return sat((2 * a * b + ((i128)1 << (bits - 1))) >> bits, bits, s, qc);
    case SIMD_SQRDMLAH:
        return sat((shl(d, bits) + 2 * a * b + ((i128)1 << (bits - 1))) >> bits, bits, s, qc);
    case SIMD_SQRDMLSH:
        return sat((shl(d, bits) - 2 * a * b + ((i128)1 << (bits - 1))) >> bits, bits, s, qc);
    case SIMD_CLS:
        return clz_bits(a < 0 ? ~a : a, bits) - 1;
    case SIMD_CLZ:
        return clz_bits(a, bits);
    case SIMD_CNT:
        return popcount8(a);
    case SIMD_RBIT:
        return rbit8(a);
    case SIMD_SQABS:
        return sat(abs128(a), bits, s, qc);
    case SIMD_SQNEG:
        return sat(-a, bits, s, qc);
    case SIMD_ABS:
        return abs128(a);
    case SIMD_NEG:
        return -a;
    case SIMD_CMGT0:
        return mask_if(a > 0);
    case SIMD_CMGE0:
        return mask_if(a >= 0);
    case SIMD_CMEQ0:
        return mask_if(a == 0);
    case SIMD_CMLE0:
        return mask_if(a <= 0);
    case SIMD_CMLT0:
        return mask_if(a < 0);
    case SIMD_SUQADD:
        return sat(d + zext(a, bits), bits, s, qc);
    case SIMD_USQADD:
        return sat(d + sext(a, bits), bits, u, qc);
    case SIMD_SSHR:
    case SIMD_USHR:
        return shift_elem(a, -imm, bits, op == SIMD_SSHR, false, false, qc);
    case SIMD_SSRA:
    case SIMD_USRA:
        return d + shift_elem(a, -imm, bits, op == SIMD_SSRA, false, false, qc);
    case SIMD_SRSHR:
    case SIMD_URSHR:
        return shift_elem(a, -imm, bits, op == SIMD_SRSHR, true, false, qc);
    case SIMD_SRSRA:
    case SIMD_URSRA:
        return d + shift_elem(a, -imm, bits, op == SIMD_SRSRA, true, false, qc);
    case SIMD_SHL:
        return shl(a, imm);
    case SIMD_SLI:
        return shl(a, imm) | zext(d, imm);
    case SIMD_SRI: {
        /* imm = bits keeps all of d. */
        i128 keep = ~zext(-1, bits - imm);
        return imm >= bits ? d : (a >> imm) | (d & keep);
    }
    case SIMD_SQSHLI:
        return shift_elem(a, imm, bits, s, false, true, qc);
    case SIMD_UQSHLI:
        return shift_elem(a, imm, bits, u, false, true, qc);
    case SIMD_SQSHLU:
        return a < 0 ? sat(a, bits, u, qc) : shift_elem(a, imm, bits, u, false, true, qc);
    default:
        return 0;
    }
}

/* ------------------------------------------------ element-wise loops */

typedef void ElemLoop(void *vd, const void *vn, const void *vm, unsigned n, int imm, bool *qc);

#define ELEM_LOOP(name, sign, esz)                                                             \
    static void elem_##name##_##esz(void *vd, const void *vn, const void *vm, unsigned n,      \
                                    int imm, bool *qc)                                         \
    {                                                                                          \
        for (unsigned i = 0; i < n; i++) {                                                     \
            i128 a = ld_elem(vn, i, esz, sign);                                                \
            i128 b = ld_elem(vm, i, esz, sign);                                                \
            i128 d = ld_elem(vd, i, esz, sign);                                                \
            st_elem(vd, i, esz, elem_op(SIMD_##name, a, b, d, 8 << esz, imm, qc));             \
        }                                                                                      \
    }
#define ELEM_LOOPS(name, sign)                                                                 \
    ELEM_LOOP(name, sign, 0)                                                                   \
    ELEM_LOOP(name, sign, 1) ELEM_LOOP(name, sign, 2) ELEM_LOOP(name, sign, 3)
SIMD_ELEM_OPS(ELEM_LOOPS)

static ElemLoop *const elem_loops[SIMD_NUM_ELEM_OPS][4] = {
#define ELEM_LOOP_ROW(name, sign)                                                              \
    [SIMD_##name] = {elem_##name##_0, elem_##name##_1, elem_##name##_2, elem_##name##_3},
    SIMD_ELEM_OPS(ELEM_LOOP_ROW)
#undef ELEM_LOOP_ROW
};

static void finish(void *vd, unsigned bytes, ARMCPU *cpu, bool qc)
{
    simd_clear_tail(vd, bytes);
    if (qc) {
        arm_set_qc(cpu);
    }
}

/* Fill a 16-byte buffer with element index of vm. */
static void broadcast(uint8_t *out, const void *vm, int esz, unsigned index)
{
    unsigned size = 1u << esz;
    for (unsigned i = 0; i < 16; i += size) {
        memcpy(out + i, (const uint8_t *)vm + index * size, size);
    }
}

/* CNT: the population count of every byte, on 64-bit words. */
static void cnt_bytes(void *vd, const void *vn, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i += 8) {
        uint64_t x;
        memcpy(&x, (const uint8_t *)vn + i, 8);
        x = x - ((x >> 1) & 0x5555555555555555ull);
        x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
        x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
        memcpy((uint8_t *)vd + i, &x, 8);
    }
}

void helper_simd_elem(void *vd, void *vn, void *vm, void *env, uint32_t desc)
{
    int32_t data = simd_data(desc);
    int op = data & 0x7f, esz = (data >> 7) & 3;
    bool scalar = (data >> 9) & 1;
    unsigned bytes = scalar ? 1u << esz : simd_oprsz(desc);
    uint8_t bcast[16];
    bool qc = false;

    if ((data >> 10) & 1) {
        broadcast(bcast, vm, esz, (data >> 11) & 15);
        vm = bcast;
    }
    if (op == SIMD_CNT) { /* hot in string functions: eight bytes at a time */
        cnt_bytes(vd, vn, bytes);
    } else {
        elem_loops[op][esz](vd, vn, vm, bytes >> esz, data >> 15, &qc);
    }
    finish(vd, bytes, env, qc);
}

/* Pairwise loops: res[i] = op(src[2i], src[2i + 1]) for the ops ADDP, MAXP, MINP use. */
typedef void PairLoop(void *res, const void *src, unsigned n);

#define PAIR_LOOP(name, sign, esz)                                                             \
    static void pair_##name##_##esz(void *res, const void *src, unsigned n)                    \
    {                                                                                          \
        bool qc = false;                                                                       \
        for (unsigned i = 0; i < n; i++) {                                                     \
            i128 a = ld_elem(src, 2 * i, esz, sign), b = ld_elem(src, 2 * i + 1, esz, sign);   \
            st_elem(res, i, esz, elem_op(SIMD_##name, a, b, 0, 8 << esz, 0, &qc));             \
        }                                                                                      \
    }
#define PAIR_OPS(X) X(ADD, 0) X(SMAX, 1) X(UMAX, 0) X(SMIN, 1) X(UMIN, 0)
#define PAIR_LOOPS(name, sign)                                                                 \
    PAIR_LOOP(name, sign, 0)                                                                   \
    PAIR_LOOP(name, sign, 1) PAIR_LOOP(name, sign, 2) PAIR_LOOP(name, sign, 3)
PAIR_OPS(PAIR_LOOPS)

static PairLoop *const pair_loops[SIMD_NUM_ELEM_OPS][4] = {
#define PAIR_LOOP_ROW(name, sign)                                                              \
    [SIMD_##name] = {pair_##name##_0, pair_##name##_1, pair_##name##_2, pair_##name##_3},
    PAIR_OPS(PAIR_LOOP_ROW)
#undef PAIR_LOOP_ROW
};

void helper_simd_pairwise(void *vd, void *vn, void *vm, uint32_t desc)
{
    int32_t data = simd_data(desc);
    int op = data & 0x7f, esz = (data >> 7) & 3;
    bool scalar = (data >> 9) & 1;
    unsigned oprsz = simd_oprsz(desc);
    unsigned bytes = scalar ? 1u << esz : oprsz;
    uint8_t both[32];

    memcpy(both, vn, scalar ? 16 : oprsz);
    if (!scalar) {
        memcpy(both + oprsz, vm, oprsz);
    }
    pair_loops[op][esz](vd, both, bytes >> esz);
    simd_clear_tail(vd, bytes);
}

/* ------------------------------------------------ widening */

ALWAYS_INLINE i128 long_op(int op, i128 a, i128 b, i128 d, int bits, int imm, bool *qc)
{
    switch (op) {
    case SIMD_ADDL:
    case SIMD_ADDW:
        return a + b;
    case SIMD_SUBL:
    case SIMD_SUBW:
        return a - b;
    case SIMD_ABAL:
        return d + abs128(a - b);
    case SIMD_ABDL:
        return abs128(a - b);
    case SIMD_MLAL:
        return d + a * b;
    case SIMD_MLSL:
        return d - a * b;
    case SIMD_MULL:
        return a * b;
    case SIMD_QDMLAL:
        return sat(d + sat(2 * a * b, 2 * bits, true, qc), 2 * bits, true, qc);
    case SIMD_QDMLSL:
        return sat(d - sat(2 * a * b, 2 * bits, true, qc), 2 * bits, true, qc);
    case SIMD_QDMULL:
        return sat(2 * a * b, 2 * bits, true, qc);
    case SIMD_PMULL:
        return pmul8(a, b);
    default: /* SIMD_SHLL */
        return shl(a, imm);
    }
}

void helper_simd_long(void *vd, void *vn, void *vm, void *env, uint32_t desc)
{
    int32_t data = simd_data(desc);
    int op = data & 15, esz = (data >> 4) & 3, imm = data >> 14;
    bool sign = (data >> 6) & 1, scalar = (data >> 8) & 1;
    bool wide = op == SIMD_ADDW || op == SIMD_SUBW;
    unsigned n = scalar ? 1 : 8u >> esz;
    unsigned first = (data >> 7) & 1 ? n : 0;
    uint8_t bcast[16], res[16];
    bool qc = false;

    if ((data >> 9) & 1) {
        broadcast(bcast, vm, esz, (data >> 10) & 15);
        vm = bcast;
    }
    for (unsigned i = 0; i < n; i++) {
        i128 a = wide ? ld_elem(vn, i, esz + 1, sign) : ld_elem(vn, first + i, esz, sign);
        i128 b = ld_elem(vm, first + i, esz, sign);
        i128 d = ld_elem(vd, i, esz + 1, sign);
        st_elem(res, i, esz + 1, long_op(op, a, b, d, 8 << esz, imm, &qc));
    }
    memcpy(vd, res, n << (esz + 1));
    finish(vd, n << (esz + 1), env, qc);
}

/* ------------------------------------------------ narrowing */

/* The narrowing loop for a constant esz (the rest varies little between calls). */
ALWAYS_INLINE bool narrow_loop(uint8_t *res, const void *vn, const void *vm, unsigned n,
                               int esz, int32_t data)
{
    int kind = data & 3, satmode = (data >> 5) & 3, imm = data >> 10, bits = 8 << esz;
    bool src_signed = (data >> 4) & 1, round = (data >> 7) & 1;
    bool qc = false;

    if (kind != SIMD_NARROW_SHIFT) {
        imm = bits;
    }
    for (unsigned i = 0; i < n; i++) {
        i128 a = ld_elem(vn, i, esz + 1, src_signed);
        if (kind != SIMD_NARROW_SHIFT) {
            i128 b = ld_elem(vm, i, esz + 1, false);
            a = zext(kind == SIMD_NARROW_ADDHN ? a + b : a - b, 2 * bits);
        }
        i128 r;
        if (esz < 2) { /* 64-bit arithmetic is exact for 16- and 32-bit sources */
            int64_t a64 = (int64_t)a;
            r = round ? (a64 + ((int64_t)1 << (imm - 1))) >> imm : a64 >> imm;
        } else {
            r = round ? (a + ((i128)1 << (imm - 1))) >> imm : a >> imm;
        }
        if (satmode != SIMD_SAT_NONE) {
            r = sat(r, bits, satmode == SIMD_SAT_SIGNED, &qc);
        }
        st_elem(res, i, esz, r);
    }
    return qc;
}

void helper_simd_narrow(void *vd, void *vn, void *vm, void *env, uint32_t desc)
{
    int32_t data = simd_data(desc);
    int esz = (data >> 2) & 3;
    bool hi = (data >> 8) & 1, scalar = (data >> 9) & 1;
    unsigned n = scalar ? 1 : 8u >> esz;
    uint8_t res[8] = {0};
    bool qc;

    switch (esz) {
    case 0:
        qc = narrow_loop(res, vn, vm, n, 0, data);
        break;
    case 1:
        qc = narrow_loop(res, vn, vm, n, 1, data);
        break;
    default:
        qc = narrow_loop(res, vn, vm, n, 2, data);
        break;
    }
    if (hi) {
        memcpy((uint8_t *)vd + 8, res, 8);
    } else {
        memcpy(vd, res, 8);
        memset((uint8_t *)vd + 8, 0, 8);
    }
    if (scalar) {
        simd_clear_tail(vd, 1u << esz);
    }
    if (qc) {
        arm_set_qc(env);
    }
}

/* ------------------------------------------------ pairs, reductions, permutes */

void helper_simd_addlp(void *vd, void *vn, uint32_t desc)
{
    int32_t data = simd_data(desc);
    int esz = data & 3;
    bool sign = (data >> 2) & 1, acc = (data >> 3) & 1;
    unsigned oprsz = simd_oprsz(desc), n = oprsz >> (esz + 1);

    for (unsigned i = 0; i < n; i++) {
        i128 sum = ld_elem(vn, 2 * i, esz, sign) + ld_elem(vn, 2 * i + 1, esz, sign);
        if (acc) {
            sum += ld_elem(vd, i, esz + 1, false);
        }
        st_elem(vd, i, esz + 1, sum);
    }
    simd_clear_tail(vd, oprsz);
}

/* 64 bits hold any sum of up to sixteen 32-bit elements. */
ALWAYS_INLINE int64_t reduce_loop(int op, const void *vn, unsigned n, int esz)
{
    bool sign = op == SIMD_SADDLV || op == SIMD_SMAXV || op == SIMD_SMINV;
    int64_t acc = (int64_t)ld_elem(vn, 0, esz, sign);
    for (unsigned i = 1; i < n; i++) {
        int64_t e = (int64_t)ld_elem(vn, i, esz, sign);
        switch (op) {
        case SIMD_SMAXV:
        case SIMD_UMAXV:
            acc = e > acc ? e : acc;
            break;
        case SIMD_SMINV:
        case SIMD_UMINV:
            acc = e < acc ? e : acc;
            break;
        default:
            acc += e;
            break;
        }
    }
    return acc;
}

#define REDUCE_CASE(op)                                                                        \
    case op:                                                                                   \
        switch (esz) {                                                                         \
        case 0:                                                                                \
            r = reduce_loop(op, vn, n, 0);                                                     \
            break;                                                                             \
        case 1:                                                                                \
            r = reduce_loop(op, vn, n, 1);                                                     \
            break;                                                                             \
        default:                                                                               \
            r = reduce_loop(op, vn, n, 2);                                                     \
            break;                                                                             \
        }                                                                                      \
        break;

void helper_simd_reduce(void *vd, void *vn, uint32_t desc)
{
    int32_t data = simd_data(desc);
    int op = data & 7, esz = (data >> 3) & 3;
    unsigned n = simd_oprsz(desc) >> esz;
    int out_esz = op == SIMD_SADDLV || op == SIMD_UADDLV ? esz + 1 : esz;
    i128 r = 0;

    switch (op) {
        REDUCE_CASE(SIMD_ADDV)
        REDUCE_CASE(SIMD_SADDLV)
        REDUCE_CASE(SIMD_UADDLV)
        REDUCE_CASE(SIMD_SMAXV)
        REDUCE_CASE(SIMD_UMAXV)
        REDUCE_CASE(SIMD_SMINV)
        REDUCE_CASE(SIMD_UMINV)
    }
    memset(vd, 0, 16);
    st_elem(vd, 0, out_esz, r);
}

/* Copy element src_idx of 2^esz bytes from src to element dst_idx of dst. */
static void copy_elem(void *dst, unsigned dst_idx, const void *src, unsigned src_idx, int esz)
{
    unsigned size = 1u << esz;
    memcpy((uint8_t *)dst + dst_idx * size, (const uint8_t *)src + src_idx * size, size);
}

void helper_simd_rev(void *vd, void *vn, uint32_t desc)
{
    int32_t data = simd_data(desc);
    int esz = data & 3, cont = (data >> 2) & 3;
    unsigned oprsz = simd_oprsz(desc), flip = (1u << (cont - esz)) - 1;
    uint8_t res[16];

    for (unsigned i = 0; i < oprsz >> esz; i++) {
        copy_elem(res, i ^ flip, vn, i, esz);
    }
    memcpy(vd, res, oprsz);
    simd_clear_tail(vd, oprsz);
}

void helper_simd_permute(void *vd, void *vn, void *vm, uint32_t desc)
{
    int32_t data = simd_data(desc);
    int opcode = data & 7, esz = (data >> 3) & 3;
    unsigned oprsz = simd_oprsz(desc), n = oprsz >> esz, half = n / 2;
    bool second = opcode >= 4;
    uint8_t both[32], res[16];

    memcpy(both, vn, oprsz);
    memcpy(both + oprsz, vm, oprsz);
    for (unsigned i = 0; i < half; i++) {
        switch (opcode & 3) {
        case 1: /* UZP: the even (or odd) elements of Vn:Vm */
            copy_elem(res, i, both, 2 * i + second, esz);
            copy_elem(res, half + i, both, n + 2 * i + second, esz);
            break;
        case 2: /* TRN */
            copy_elem(res, 2 * i, vn, 2 * i + second, esz);
            copy_elem(res, 2 * i + 1, vm, 2 * i + second, esz);
            break;
        default: /* ZIP */
            copy_elem(res, 2 * i, vn, second * half + i, esz);
            copy_elem(res, 2 * i + 1, vm, second * half + i, esz);
            break;
        }
    }
    memcpy(vd, res, oprsz);
    simd_clear_tail(vd, oprsz);
}

void helper_simd_tbl(void *vd, void *vm, void *env, uint32_t desc)
{
    ARMCPU *cpu = env;
    int32_t data = simd_data(desc);
    unsigned rn = data & 31, len = (data >> 5) & 7, oprsz = simd_oprsz(desc);
    bool tbx = (data >> 8) & 1;
    const uint8_t *table[4];
    uint8_t idx[16], res[16];

    for (unsigned r = 0; r < len; r++) {
        table[r] = (const uint8_t *)cpu->vregs[(rn + r) % 32];
    }
    memcpy(idx, vm, 16);
    memcpy(res, vd, 16);
    for (unsigned i = 0; i < oprsz; i++) {
        unsigned reg = idx[i] >> 4;
        if (reg < len) {
            res[i] = table[reg][idx[i] & 15];
        } else if (!tbx) {
            res[i] = 0;
        }
    }
    memcpy(vd, res, oprsz);
    simd_clear_tail(vd, oprsz);
}
