/*
 * The integer MMX/SSE operations, each written once over the lanes of an
 * X86Vec for every element size and for both widths (8 bytes: MMX, 16:
 * XMM).  helper_x86_vec_op copies its operands into locals, so an
 * operation may read any lane of a and b after writing lanes of r, and
 * dst may be src.  The table covers every operation, including the few the
 * translator generates inline (insn-sse-int.c: quad_ops).
 */
#include <string.h>

#include "target-x86/cpu.h"
#include "target-x86/helper-sse-int.h"
#include "target-x86/insn-sse-int.h"

#define UNUSED __attribute__((unused))

/* r = op(a = old dst, b = src) over `bytes` bytes; imm is the instruction's imm8. */
typedef void VecOpFn(const X86CPU *cpu, X86Vec *r, const X86Vec *a, const X86Vec *b,
                     unsigned bytes, unsigned imm);

#define VEC_OP(name)                                                                           \
    static void op_##name(const X86CPU *cpu UNUSED, X86Vec *r, const X86Vec *a UNUSED,         \
                          const X86Vec *b, unsigned bytes UNUSED, unsigned imm UNUSED)

/* Lanes of member m (b w l q: unsigned, sb sw sl sq: signed) in `bytes`. */
#define NLANES(m) (bytes / sizeof(r->m[0]))

static int64_t clamp(int64_t v, int64_t lo, int64_t hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* The operations below are macro calls, not declarations, for clang-format. */
/* clang-format off */

/* r[i] = expr of x = a[i], y = b[i], lanes of member m. */
#define OP_LANES(name, m, expr)                                                                \
    VEC_OP(name)                                                                               \
    {                                                                                          \
        for (unsigned i = 0; i < NLANES(m); i++) {                                             \
            __typeof__(a->m[0]) x = a->m[i], y = b->m[i];                                      \
            (void)x;                                                                           \
            r->m[i] = (expr);                                                                  \
        }                                                                                      \
    }

/* One operation at the four element sizes. */
#define OP_BWDQ(name, expr)                                                                    \
    OP_LANES(name##b, b, expr) OP_LANES(name##w, w, expr) OP_LANES(name##d, l, expr)          \
        OP_LANES(name##q, q, expr)

OP_BWDQ(padd, x + y)
OP_BWDQ(psub, x - y)
OP_BWDQ(pcmpeq, -(x == y))
OP_LANES(pcmpgtb, sb, -(x > y))
OP_LANES(pcmpgtw, sw, -(x > y))
OP_LANES(pcmpgtd, sl, -(x > y))
OP_LANES(pcmpgtq, sq, -(x > y))

OP_LANES(paddsb, sb, clamp(x + y, INT8_MIN, INT8_MAX))
OP_LANES(paddsw, sw, clamp(x + y, INT16_MIN, INT16_MAX))
OP_LANES(paddusb, b, clamp(x + y, 0, UINT8_MAX))
OP_LANES(paddusw, w, clamp(x + y, 0, UINT16_MAX))
OP_LANES(psubsb, sb, clamp(x - y, INT8_MIN, INT8_MAX))
OP_LANES(psubsw, sw, clamp(x - y, INT16_MIN, INT16_MAX))
OP_LANES(psubusb, b, clamp(x - y, 0, UINT8_MAX))
OP_LANES(psubusw, w, clamp(x - y, 0, UINT16_MAX))

/* Minimum and maximum of lanes of member m. */
#define OP_MINMAX(suffix, m)                                                                   \
    OP_LANES(pmin##suffix, m, x < y ? x : y) OP_LANES(pmax##suffix, m, x > y ? x : y)
OP_MINMAX(ub, b)
OP_MINMAX(uw, w)
OP_MINMAX(ud, l)
OP_MINMAX(sb, sb)
OP_MINMAX(sw, sw)
OP_MINMAX(sd, sl)

OP_LANES(pavgb, b, (x + y + 1) >> 1)
OP_LANES(pavgw, w, (x + y + 1) >> 1)

OP_LANES(pmullw, sw, x * y)
OP_LANES(pmulhw, sw, (x * y) >> 16)
OP_LANES(pmulhuw, w, ((uint32_t)x * y) >> 16)
OP_LANES(pmulld, l, x * y)
OP_LANES(pmulhrsw, sw, (((x * y) >> 14) + 1) >> 1)

/* r[i] = expr of the pairs of lanes 2i, 2i+1 of member m of a (x0 x1) and b (y0 y1). */
#define OP_PAIRS(name, rm, m, expr)                                                            \
    VEC_OP(name)                                                                               \
    {                                                                                          \
        for (unsigned i = 0; i < NLANES(rm); i++) {                                            \
            __typeof__(a->m[0]) x0 = a->m[2 * i], x1 = a->m[2 * i + 1];                        \
            __typeof__(b->m[0]) y0 = b->m[2 * i], y1 = b->m[2 * i + 1];                        \
            (void)x1;                                                                          \
            (void)y1;                                                                          \
            r->rm[i] = (expr);                                                                 \
        }                                                                                      \
    }

OP_PAIRS(pmuludq, q, l, (uint64_t)x0 * y0)
OP_PAIRS(pmuldq, sq, sl, (int64_t)(int32_t)x0 * (int32_t)y0)
OP_PAIRS(pmaddwd, l, sw, (uint32_t)(x0 * y0) + (uint32_t)(x1 * y1))
/* Unsigned bytes of the destination times signed bytes of the source. */
OP_PAIRS(pmaddubsw, sw, b, clamp(x0 * (int8_t)y0 + x1 * (int8_t)y1, INT16_MIN, INT16_MAX))

/* |y| and y's sign applied to x, in unsigned lanes m whose signed type is st. */
#define OP_ABS_SIGN(suffix, m, st)                                                             \
    OP_LANES(pabs##suffix, m, (st)y < 0 ? -y : y)                                              \
    OP_LANES(psign##suffix, m, (st)y < 0 ? -x : y ? x : 0)
OP_ABS_SIGN(b, b, int8_t)
OP_ABS_SIGN(w, w, int16_t)
OP_ABS_SIGN(d, l, int32_t)

OP_LANES(pand, q, x & y)
OP_LANES(pandn, q, ~x & y)
OP_LANES(por, q, x | y)
OP_LANES(pxor, q, x ^ y)

/* r[i] = expr of x = a[i], the count n = b's low quadword and the lane width w in bits. */
#define OP_SHIFT(name, m, expr)                                                                \
    VEC_OP(name)                                                                               \
    {                                                                                          \
        const uint64_t n = b->q[0];                                                            \
        const unsigned w = sizeof(r->m[0]) * 8;                                                \
        for (unsigned i = 0; i < NLANES(m); i++) {                                             \
            __typeof__(a->m[0]) x = a->m[i];                                                   \
            r->m[i] = (expr);                                                                  \
        }                                                                                      \
    }

#define OP_SHIFTS(suffix, m, sm)                                                               \
    OP_SHIFT(psrl##suffix, m, n >= w ? 0 : x >> n)                                             \
    OP_SHIFT(psll##suffix, m, n >= w ? 0 : x << n)                                             \
    OP_SHIFT(psra##suffix, sm, x >> (n >= w ? w - 1 : n))
OP_SHIFTS(w, w, sw)
OP_SHIFTS(d, l, sl)
OP_SHIFT(psrlq, q, n >= w ? 0 : x >> n)
OP_SHIFT(psllq, q, n >= w ? 0 : x << n)

VEC_OP(psrldq)
{
    uint64_t n = b->q[0];
    for (unsigned i = 0; i < 16; i++) {
        r->b[i] = i + n < 16 ? a->b[i + n] : 0;
    }
}

VEC_OP(pslldq)
{
    uint64_t n = b->q[0];
    for (unsigned i = 0; i < 16; i++) {
        r->b[i] = i >= n ? a->b[i - n] : 0;
    }
}

/* The lanes sm of a then of b, saturated into the half-width lanes dm of r. */
#define OP_PACK(name, dm, sm, lo, hi)                                                          \
    VEC_OP(name)                                                                               \
    {                                                                                          \
        unsigned n = NLANES(sm);                                                               \
        for (unsigned i = 0; i < n; i++) {                                                     \
            r->dm[i] = clamp(a->sm[i], lo, hi);                                                \
            r->dm[n + i] = clamp(b->sm[i], lo, hi);                                            \
        }                                                                                      \
    }
OP_PACK(packsswb, sb, sw, INT8_MIN, INT8_MAX)
OP_PACK(packuswb, b, sw, 0, UINT8_MAX)
OP_PACK(packssdw, sw, sl, INT16_MIN, INT16_MAX)
OP_PACK(packusdw, w, sl, 0, UINT16_MAX)

/* Interleave the low (high = 0) or high halves of a and b, lanes of member m. */
#define OP_UNPACK(name, m, high)                                                               \
    VEC_OP(name)                                                                               \
    {                                                                                          \
        unsigned half = NLANES(m) / 2, base = (high) ? half : 0;                               \
        for (unsigned i = 0; i < half; i++) {                                                  \
            r->m[2 * i] = a->m[base + i];                                                      \
            r->m[2 * i + 1] = b->m[base + i];                                                  \
        }                                                                                      \
    }
#define OP_UNPACKS(suffix, m) OP_UNPACK(punpckl##suffix, m, 0) OP_UNPACK(punpckh##suffix, m, 1)
OP_UNPACKS(bw, b)
OP_UNPACKS(wd, w)
OP_UNPACKS(dq, l)
OP_UNPACKS(qdq, q)

/* Adjacent pairs x, y of a, then of b, combined into one lane each. */
#define OP_HORIZ(name, m, expr)                                                                \
    VEC_OP(name)                                                                               \
    {                                                                                          \
        unsigned half = NLANES(m) / 2;                                                         \
        for (unsigned i = 0; i < NLANES(m); i++) {                                             \
            const X86Vec *v = i < half ? a : b;                                                \
            unsigned k = 2 * (i % half);                                                       \
            __typeof__(a->m[0]) x = v->m[k], y = v->m[k + 1];                                  \
            r->m[i] = (expr);                                                                  \
        }                                                                                      \
    }
OP_HORIZ(phaddw, w, x + y)
OP_HORIZ(phaddd, l, x + y)
OP_HORIZ(phaddsw, sw, clamp(x + y, INT16_MIN, INT16_MAX))
OP_HORIZ(phsubw, w, x - y)
OP_HORIZ(phsubd, l, x - y)
OP_HORIZ(phsubsw, sw, clamp(x - y, INT16_MIN, INT16_MAX))

static unsigned absdiff(unsigned x, unsigned y) { return x > y ? x - y : y - x; }

/* Each quadword: the sum of the absolute differences of its 8 bytes. */
VEC_OP(psadbw)
{
    for (unsigned g = 0; g < bytes / 8; g++) {
        unsigned sum = 0;
        for (unsigned i = 0; i < 8; i++) {
            sum += absdiff(a->b[8 * g + i], b->b[8 * g + i]);
        }
        r->q[g] = sum;
    }
}

/* Eight sums of absolute differences: the 4 bytes of b at imm[1:0] * 4 against a sliding
 * window of a starting at imm[2] * 4. */
VEC_OP(mpsadbw)
{
    unsigned bofs = (imm & 3) * 4, aofs = ((imm >> 2) & 1) * 4;
    for (unsigned i = 0; i < 8; i++) {
        unsigned sum = 0;
        for (unsigned j = 0; j < 4; j++) {
            sum += absdiff(a->b[aofs + i + j], b->b[bofs + j]);
        }
        r->w[i] = (uint16_t)sum;
    }
}

/* The smallest word of b and its (lowest) index. */
VEC_OP(phminposuw)
{
    unsigned best = 0;
    for (unsigned i = 1; i < 8; i++) {
        if (b->w[i] < b->w[best]) {
            best = i;
        }
    }
    r->w[0] = b->w[best];
    r->w[1] = (uint16_t)best;
}

/* Lanes first..first+3 of r from the same four lanes of b as imm's 2-bit fields select; the
 * other lanes copied from b. */
#define OP_SHUF4(name, m, first)                                                               \
    VEC_OP(name)                                                                               \
    {                                                                                          \
        *r = *b;                                                                               \
        for (unsigned i = 0; i < 4; i++) {                                                     \
            r->m[(first) + i] = b->m[(first) + ((imm >> (2 * i)) & 3)];                        \
        }                                                                                      \
    }
OP_SHUF4(pshufw, w, 0)
OP_SHUF4(pshufd, l, 0)
OP_SHUF4(pshuflw, w, 0)
OP_SHUF4(pshufhw, w, 4)

VEC_OP(pshufb)
{
    for (unsigned i = 0; i < bytes; i++) {
        r->b[i] = (b->b[i] & 0x80) ? 0 : a->b[b->b[i] & (bytes - 1)];
    }
}

/* a:b shifted right by imm bytes, the low half kept. */
VEC_OP(palignr)
{
    uint8_t cat[32];
    memcpy(cat, b, bytes);
    memcpy(cat + bytes, a, bytes);
    for (unsigned i = 0; i < bytes; i++) {
        r->b[i] = i + imm < 2 * bytes ? cat[i + imm] : 0;
    }
}

VEC_OP(pblendw)
{
    for (unsigned i = 0; i < 8; i++) {
        r->w[i] = ((imm >> i) & 1) ? b->w[i] : a->w[i];
    }
}

VEC_OP(pblendvb)
{
    for (unsigned i = 0; i < 16; i++) {
        r->b[i] = (cpu->xmm[0].b[i] & 0x80) ? b->b[i] : a->b[i];
    }
}

/* The low lanes sm of b sign- or zero-extended into the 16 bytes of lanes dm. */
#define OP_PMOVX(name, dm, sm)                                                                 \
    VEC_OP(name)                                                                               \
    {                                                                                          \
        for (unsigned i = 0; i < 16 / sizeof(r->dm[0]); i++) {                                 \
            r->dm[i] = b->sm[i];                                                               \
        }                                                                                      \
    }
#define OP_PMOVXS(suffix, sdm, ssm, udm, usm)                                                  \
    OP_PMOVX(pmovsx##suffix, sdm, ssm) OP_PMOVX(pmovzx##suffix, udm, usm)
OP_PMOVXS(bw, sw, sb, w, b)
OP_PMOVXS(bd, sl, sb, l, b)
OP_PMOVXS(bq, sq, sb, q, b)
OP_PMOVXS(wd, sl, sw, l, w)
OP_PMOVXS(wq, sq, sw, q, w)
OP_PMOVXS(dq, sq, sl, q, l)

/* clang-format on */

static VecOpFn *const vec_ops[VOP_COUNT] = {
#define X86_VOP_TABLE(name) [VOP_##name] = op_##name,
    X86_VEC_INT_OPS(X86_VOP_TABLE)
#undef X86_VOP_TABLE
};

void helper_x86_vec_op(void *env, void *dst, void *src, uint32_t desc, uint32_t imm)
{
    unsigned bytes = X86_VEC_DESC_BYTES(desc);
    X86Vec a = {0}, b = {0}, r = {0};
    memcpy(&a, dst, bytes);
    memcpy(&b, src, bytes);
    vec_ops[X86_VEC_DESC_OP(desc)](env, &r, &a, &b, bytes, imm);
    memcpy(dst, &r, bytes);
}

uint64_t helper_x86_ptest(void *env, void *dst, void *src)
{
    X86Vec a, b;
    (void)env;
    memcpy(&a, dst, 16);
    memcpy(&b, src, 16);
    bool zf = ((a.q[0] & b.q[0]) | (a.q[1] & b.q[1])) == 0;
    bool cf = ((~a.q[0] & b.q[0]) | (~a.q[1] & b.q[1])) == 0;
    return (zf ? CC_Z : 0) | (cf ? CC_C : 0);
}

uint64_t helper_x86_pmovmskb(void *src, uint32_t bytes)
{
    const uint8_t *v = src;
    uint64_t mask = 0;
    for (unsigned i = 0; i < bytes; i++) {
        mask |= (uint64_t)(v[i] >> 7) << i;
    }
    return mask;
}

/* Reflected CRC-32C (Castagnoli, polynomial 0x1EDC6F41), no inversions: the instruction's. */
uint64_t helper_x86_crc32(uint64_t crc, uint64_t val, uint32_t bytes)
{
    uint32_t c = (uint32_t)crc;
    for (unsigned i = 0; i < bytes * 8; i++) {
        uint32_t bit = (c ^ (uint32_t)(val >> i)) & 1;
        c = (c >> 1) ^ (bit ? 0x82f63b78u : 0);
    }
    return c;
}

/* ================================================================ PCMPxSTRx */

/* imm8 fields. */
enum { STR_UB, STR_UW, STR_SB, STR_SW };
enum { AGG_EQUAL_ANY, AGG_RANGES, AGG_EQUAL_EACH, AGG_EQUAL_ORDERED };
enum { POL_POSITIVE, POL_NEGATIVE, POL_MASKED_POSITIVE, POL_MASKED_NEGATIVE };

static int64_t str_elem(const X86Vec *v, unsigned fmt, unsigned i)
{
    switch (fmt) {
    case STR_UB:
        return v->b[i];
    case STR_UW:
        return v->w[i];
    case STR_SB:
        return v->sb[i];
    default:
        return v->sw[i];
    }
}

/* Elements before the first zero one. */
static unsigned implicit_len(const X86Vec *v, unsigned fmt, unsigned n)
{
    unsigned len = 0;
    while (len < n && str_elem(v, fmt, len) != 0) {
        len++;
    }
    return len;
}

/* |reg| saturated to n. */
static unsigned explicit_len(int64_t reg, unsigned n)
{
    uint64_t mag = reg < 0 ? -(uint64_t)reg : (uint64_t)reg;
    return mag > n ? n : (unsigned)mag;
}

/* One comparison of element i of a with element j of b, forced where either is invalid. */
static bool pair_result(unsigned agg, bool a_valid, bool b_valid, bool cmp)
{
    if (a_valid && b_valid) {
        return cmp;
    }
    if (!a_valid && !b_valid) {
        return agg == AGG_EQUAL_EACH || agg == AGG_EQUAL_ORDERED;
    }
    return !a_valid && agg == AGG_EQUAL_ORDERED;
}

typedef struct StrCmp {
    unsigned fmt, agg, n, la, lb;
    const X86Vec *a, *b;
} StrCmp;

static bool str_pair(const StrCmp *c, unsigned i, unsigned j, bool cmp)
{
    return pair_result(c->agg, i < c->la, j < c->lb, cmp);
}

static bool str_equal(const StrCmp *c, unsigned i, unsigned j)
{
    return str_pair(c, i, j, str_elem(c->a, c->fmt, i) == str_elem(c->b, c->fmt, j));
}

/* IntRes1 bit j: the aggregation of the comparisons for element j of b. */
static bool str_aggregate(const StrCmp *c, unsigned j)
{
    int64_t bj = str_elem(c->b, c->fmt, j);
    bool res = c->agg == AGG_EQUAL_ORDERED;
    switch (c->agg) {
    case AGG_EQUAL_ANY:
        for (unsigned i = 0; i < c->n; i++) {
            res |= str_equal(c, i, j);
        }
        return res;
    case AGG_RANGES:
        for (unsigned i = 0; i < c->n; i += 2) {
            res |= str_pair(c, i, j, bj >= str_elem(c->a, c->fmt, i)) &&
                   str_pair(c, i + 1, j, bj <= str_elem(c->a, c->fmt, i + 1));
        }
        return res;
    case AGG_EQUAL_EACH:
        return str_equal(c, j, j);
    default:
        for (unsigned k = 0; k + j < c->n; k++) {
            res &= str_equal(c, k, j + k);
        }
        return res;
    }
}

static void str_write_mask(X86CPU *cpu, unsigned res, unsigned imm, unsigned n)
{
    X86Vec m = {0};
    if (!(imm & 0x40)) {
        m.q[0] = res;
    } else {
        for (unsigned j = 0; j < n; j++) {
            bool set = (res >> j) & 1;
            if (n == 16) {
                m.b[j] = set ? 0xff : 0;
            } else {
                m.w[j] = set ? 0xffff : 0;
            }
        }
    }
    cpu->xmm[0] = m;
}

uint64_t helper_x86_pcmpstr(void *env, void *pa, void *pb, uint32_t ctrl)
{
    X86CPU *cpu = env;
    X86Vec a, b;
    unsigned imm = ctrl & 0xff, fmt = imm & 3, pol = (imm >> 4) & 3;
    StrCmp c = {.fmt = fmt, .agg = (imm >> 2) & 3, .n = (fmt & 1) ? 8 : 16, .a = &a, .b = &b};
    unsigned res = 0, mask = (1u << c.n) - 1, index;

    memcpy(&a, pa, 16);
    memcpy(&b, pb, 16);
    if (ctrl & X86_PCMPSTR_EXPLICIT) {
        bool w64 = ctrl & X86_PCMPSTR_W64;
        uint64_t rax = cpu->regs[R_EAX], rdx = cpu->regs[R_EDX];
        c.la = explicit_len(w64 ? (int64_t)rax : (int32_t)rax, c.n);
        c.lb = explicit_len(w64 ? (int64_t)rdx : (int32_t)rdx, c.n);
    } else {
        c.la = implicit_len(&a, fmt, c.n);
        c.lb = implicit_len(&b, fmt, c.n);
    }
    for (unsigned j = 0; j < c.n; j++) {
        res |= (unsigned)str_aggregate(&c, j) << j;
    }
    if (pol == POL_NEGATIVE) {
        res ^= mask;
    } else if (pol == POL_MASKED_NEGATIVE) {
        res ^= (1u << c.lb) - 1;
    }
    if (ctrl & X86_PCMPSTR_MASK) {
        str_write_mask(cpu, res, imm, c.n);
        index = 0;
    } else if (!res) {
        index = c.n;
    } else {
        index = (imm & 0x40) ? 31 - (unsigned)__builtin_clz(res) : (unsigned)__builtin_ctz(res);
    }
    uint64_t flags = (res ? CC_C : 0) | (c.lb < c.n ? CC_Z : 0) | (c.la < c.n ? CC_S : 0) |
                     ((res & 1) ? CC_O : 0);
    return flags | (uint64_t)index << 32;
}
