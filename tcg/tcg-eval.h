/*
 * The semantics of the pure IR ops, written once as expressions so that the
 * interpreter and the constant folder cannot disagree.
 *
 * Each X-macro entry is X(name, expr).  expr is evaluated where these names
 * are in scope: U (the unsigned type of the op's width), S (the signed type),
 * W (the width in bits), a and b (the inputs, of type U).
 */
#ifndef TCG_TCG_EVAL_H
#define TCG_TCG_EVAL_H

#include "tcg/tcg.h"

/* Open a scope where U, S and W describe an op width. */
#define EV_SCOPE32                                                                             \
    typedef uint32_t U;                                                                        \
    typedef int32_t S __attribute__((unused));                                                 \
    enum { W = 32 }
#define EV_SCOPE64                                                                             \
    typedef uint64_t U;                                                                        \
    typedef int64_t S __attribute__((unused));                                                 \
    enum { W = 64 }

#define EV_SMIN   ((U)1 << (W - 1))
#define EV_CNT(b) ((b) & (W - 1))

/* Two inputs, one output. */
#define TCG_BINOPS(X)                                                                          \
    X(add, a + b)                                                                              \
    X(sub, a - b)                                                                              \
    X(mul, a *b)                                                                               \
    X(and, a &b)                                                                               \
    X(or, a | b)                                                                               \
    X(xor, a ^ b)                                                                              \
    X(andc, a & ~b)                                                                            \
    X(orc, a | ~b)                                                                             \
    X(eqv, ~(a ^ b))                                                                           \
    X(nand, ~(a & b))                                                                          \
    X(nor, ~(a | b))                                                                           \
    X(shl, a << EV_CNT(b))                                                                     \
    X(shr, a >> EV_CNT(b))                                                                     \
    X(sar, (U)((S)a >> EV_CNT(b)))                                                             \
    X(rotl, (a << EV_CNT(b)) | (a >> EV_CNT(-b)))                                              \
    X(rotr, (a >> EV_CNT(b)) | (a << EV_CNT(-b)))                                              \
    X(div, b == 0 ? 0 : (a == EV_SMIN && (S)b == -1) ? a : (U)((S)a / (S)b))                   \
    X(divu, b == 0 ? 0 : a / b)                                                                \
    X(rem, b == 0 ? a : (a == EV_SMIN && (S)b == -1) ? 0 : (U)((S)a % (S)b))                   \
    X(remu, b == 0 ? a : a % b)                                                                \
    X(clz, a ? (U)(__builtin_clzll(a) - (64 - W)) : b)                                         \
    X(ctz, a ? (U)__builtin_ctzll(a) : b)

/* Ops whose operands may be swapped. */
#define TCG_COMMUTATIVE(X) X(add) X(mul) X(and) X(or) X(xor) X(eqv) X(nand) X(nor)

/* One input, one output, same width. */
#define TCG_UNOPS(X)                                                                           \
    X(mov, a)                                                                                  \
    X(neg, -a)                                                                                 \
    X(not, ~a)                                                                                 \
    X(ext8s, (U)(int8_t)a)                                                                     \
    X(ext8u, (uint8_t)a)                                                                       \
    X(ext16s, (U)(int16_t)a)                                                                   \
    X(ext16u, (uint16_t)a)                                                                     \
    X(bswap16, __builtin_bswap16((uint16_t)a))                                                 \
    X(bswap32, __builtin_bswap32((uint32_t)a))                                                 \
    X(ctpop, (U)__builtin_popcountll(a))

/* One i64 or i32 input, one output, changing or keeping the width. */
#define TCG_CONVOPS(X)                                                                         \
    X(ext32s_i64, uint64_t, uint64_t, (uint64_t)(int32_t)a)                                    \
    X(ext32u_i64, uint64_t, uint64_t, (uint32_t)a)                                             \
    X(ext_i32_i64, uint64_t, uint32_t, (uint64_t)(int32_t)a)                                   \
    X(extu_i32_i64, uint64_t, uint32_t, a)                                                     \
    X(extrl_i64_i32, uint32_t, uint64_t, (uint32_t)a)                                          \
    X(extrh_i64_i32, uint32_t, uint64_t, (uint32_t)(a >> 32))                                  \
    X(bswap64_i64, uint64_t, uint64_t, __builtin_bswap64(a))

/* Conditions other than NEVER/ALWAYS, over a, b of type U / S. */
#define TCG_CONDS(X)                                                                           \
    X(EQ, a == b)                                                                              \
    X(NE, a != b)                                                                              \
    X(LT, (S)a < (S)b)                                                                         \
    X(GE, (S)a >= (S)b)                                                                        \
    X(LE, (S)a <= (S)b)                                                                        \
    X(GT, (S)a > (S)b)                                                                         \
    X(LTU, a < b)                                                                              \
    X(GEU, a >= b)                                                                             \
    X(LEU, a <= b)                                                                             \
    X(GTU, a > b)                                                                              \
    X(TSTEQ, (a & b) == 0)                                                                     \
    X(TSTNE, (a & b) != 0)

static inline bool tcg_ev_cond(TCGCond c, uint64_t a, uint64_t b, bool is64)
{
    if (!is64) {
        /* Compare as 32-bit values: sign-extend for the signed conditions. */
        a = (uint64_t)(int64_t)(int32_t)a;
        b = (uint64_t)(int64_t)(int32_t)b;
    }
    switch (c) {
    case TCG_COND_NEVER:
        return false;
    case TCG_COND_ALWAYS:
        return true;
    case TCG_COND_EQ:
        return a == b;
    case TCG_COND_NE:
        return a != b;
    case TCG_COND_LT:
        return (int64_t)a < (int64_t)b;
    case TCG_COND_GE:
        return (int64_t)a >= (int64_t)b;
    case TCG_COND_LE:
        return (int64_t)a <= (int64_t)b;
    case TCG_COND_GT:
        return (int64_t)a > (int64_t)b;
    case TCG_COND_LTU:
        return a < b;
    case TCG_COND_GEU:
        return a >= b;
    case TCG_COND_LEU:
        return a <= b;
    case TCG_COND_GTU:
        return a > b;
    case TCG_COND_TSTEQ:
        return (a & b) == 0;
    case TCG_COND_TSTNE:
        return (a & b) != 0;
    }
    return false;
}

/* Bit fields; 0 < len, ofs + len <= W. */
#define EV_MASK(len) ((len) >= 64 ? ~0ull : (1ull << (len)) - 1)

static inline uint64_t tcg_ev_extract(uint64_t a, unsigned ofs, unsigned len)
{
    return (a >> ofs) & EV_MASK(len);
}

static inline uint64_t tcg_ev_sextract(uint64_t a, unsigned ofs, unsigned len, unsigned w)
{
    /* Move the field to the top of 64 bits, then shift it back down signed. */
    int64_t top = (int64_t)(a << (64 - ofs - len));
    uint64_t v = (uint64_t)(top >> (64 - len));
    return w == 32 ? (uint32_t)v : v;
}

static inline uint64_t tcg_ev_deposit(uint64_t a, uint64_t b, unsigned ofs, unsigned len)
{
    uint64_t mask = EV_MASK(len) << ofs;
    return (a & ~mask) | ((b << ofs) & mask);
}

/* (hi:lo) >> ofs, low w bits; 0 <= ofs < w. */
static inline uint64_t tcg_ev_extract2(uint64_t lo, uint64_t hi, unsigned ofs, unsigned w)
{
    if (ofs == 0)
        return lo;
    if (w == 32)
        return (uint32_t)((((uint64_t)hi << 32) | (uint32_t)lo) >> ofs);
    return (lo >> ofs) | (hi << (64 - ofs));
}

#endif
