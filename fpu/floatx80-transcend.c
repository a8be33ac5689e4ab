/*
 * The x87 transcendental functions on floatx80 (see softfloat.h).
 *
 * They are computed in a wider binary floating point of our own, XF: a
 * 128-bit significand and an int32 exponent, truncating arithmetic (errors
 * of a few units in the 128th bit; additions keep a sticky bit, so that a
 * series' negligible tail still says on which side of its leading terms the
 * value lies), so that the one final rounding to the 64-bit significand
 * gives results within one ulp (correctly rounded but for results extremely
 * close to a rounding boundary, directed rounding included).  Only integer
 * arithmetic is used: the results do not depend on the host.
 *
 *   sin, cos, tan: x = k * pi/2 + r exactly to about 190 bits (pi/2 to 256
 *       bits, see reduce()), then Taylor series of sin r and cos r.
 *   atan2: atan of the smaller ratio, halved twice with
 *       atan t = 2 atan(t / (1 + sqrt(1 + t^2))), then its Taylor series.
 *   log2: x = m * 2^e with m in [sqrt(1/2), sqrt(2)); ln m = 2 atanh((m-1)/(m+1)).
 *   2^x - 1: the Taylor series of expm1(x ln 2) (the integer part split off).
 */
#include <math.h>

#include "fpu/softfloat-internal.h"

static const FloatFmt fmtx80 = {
    .exp_bits = 15,
    .frac_bits = 63,
    .bias = 16383,
    .exp_max = 0x7fff,
    .x87_nans = true,
    .never_flush = true,
};

/* value = (-1)^sign * m / 2^127 * 2^exp; m has bit 127 set, or is 0 for zero. */
typedef struct XF {
    u128 m;
    int32_t exp;
    bool sign;
} XF;

#define U128(hi, lo) ((u128)(hi) << 64 | (lo))

static const XF XF_ZERO = {0, 0, false};
static const XF XF_ONE = {(u128)1 << 127, 0, false};
static const XF XF_PI_2 = {U128(0xc90fdaa22168c234ull, 0xc4c6628b80dc1cd1ull), 0, false};
static const XF XF_2_PI = {U128(0xa2f9836e4e441529ull, 0xfc2757d1f534ddc0ull), -1, false};
static const XF XF_LN2 = {U128(0xb17217f7d1cf79abull, 0xc9e3b39803f2f6afull), -1, false};
static const XF XF_LOG2E = {U128(0xb8aa3b295c17f0bbull, 0xbe87fed0691d3e88ull), 0, false};

/* Bits of precision the series sum to (terms below the sum by this much stop them). */
#define XF_PREC 130

static XF xf_norm(bool sign, int32_t exp, u128 m)
{
    if (m == 0) {
        return (XF){0, 0, sign};
    }
    int lz = clz128(m);
    return (XF){m << lz, exp - lz, sign};
}

static bool xf_is_zero(XF a) { return a.m == 0; }
static XF xf_neg(XF a) { return (XF){a.m, a.exp, !a.sign}; }
static XF xf_abs(XF a) { return (XF){a.m, a.exp, false}; }
static XF xf_scale(XF a, int n) { return (XF){a.m, a.m ? a.exp + n : 0, a.sign}; }

static XF xf_int(int64_t v)
{
    uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
    return xf_norm(v < 0, 127, (u128)mag);
}

static XF xf_mul(XF a, XF b)
{
    if (xf_is_zero(a) || xf_is_zero(b)) {
        return (XF){0, 0, a.sign ^ b.sign};
    }
    uint64_t ah = (uint64_t)(a.m >> 64), al = (uint64_t)a.m;
    uint64_t bh = (uint64_t)(b.m >> 64), bl = (uint64_t)b.m;
    u128 hl = (u128)ah * bl, lh = (u128)al * bh;
    u128 mid = (uint64_t)hl + (u128)(uint64_t)lh + (((u128)al * bl) >> 64);
    u128 hi = (u128)ah * bh + (hl >> 64) + (lh >> 64) + (mid >> 64);
    bool sticky = (uint64_t)mid != 0 || (uint64_t)((u128)al * bl) != 0;
    /* a.m * b.m / 2^254 = hi / 2^126 */
    return xf_norm(a.sign ^ b.sign, a.exp + b.exp + 1, hi | sticky);
}

static XF xf_add(XF a, XF b)
{
    if (xf_is_zero(a)) {
        return b;
    }
    if (xf_is_zero(b)) {
        return a;
    }
    if (a.exp < b.exp || (a.exp == b.exp && a.m < b.m)) {
        XF t = a;
        a = b;
        b = t;
    }
    int d = a.exp - b.exp;
    /*
     * One bit of headroom for the carry; what b loses is sticky, so that a
     * negligible term still tells the final rounding which side it is on.
     */
    u128 am = a.m >> 1, bm = shift_right_jam128(b.m, d >= 127 ? 128 : d + 1);
    return xf_norm(a.sign, a.exp + 1, a.sign == b.sign ? am + bm : am - bm);
}

static XF xf_sub(XF a, XF b) { return xf_add(a, xf_neg(b)); }

static XF xf_div(XF a, XF b)
{
    u128 r = a.m, q = 0;
    bool carry = false; /* bit 128 of the remainder */
    if (xf_is_zero(a)) {
        return (XF){0, 0, a.sign ^ b.sign};
    }
    /* Restoring division: 128 quotient bits of a.m / b.m, the first worth 2^0. */
    for (int i = 0; i < 128; i++) {
        q <<= 1;
        if (carry || r >= b.m) {
            r -= b.m;
            q |= 1;
        }
        carry = r >> 127;
        r <<= 1;
    }
    q |= carry || r != 0; /* sticky */
    return xf_norm(a.sign ^ b.sign, a.exp - b.exp, q);
}

/* a / d for a small integer d: three 64-bit steps of long division. */
static XF xf_div_small(XF a, uint64_t d)
{
    uint64_t r, q2, q1, q0;
    if (a.m == 0) {
        return a; /* zero: nothing to normalise */
    }
    q2 = div128_64((uint64_t)(a.m >> 64), d, &r);
    q1 = div128_64((u128)r << 64 | (uint64_t)a.m, d, &r);
    q0 = div128_64((u128)r << 64, d, &r);
    /* (q2:q1:q0) = a.m / d * 2^64; keep its top 128 bits */
    int lz = q2 ? __builtin_clzll(q2) : 64 + __builtin_clzll(q1);
    u128 top;
    if (lz < 64) {
        top = (U128(q2, q1) << lz) | (lz ? q0 >> (64 - lz) : 0);
    } else {
        top = U128(q1, q0) << (lz - 64);
    }
    return (XF){top, a.exp - lz, a.sign};
}

static XF xf_from_x80(floatx80 a)
{
    int e = a.sign_exp & 0x7fff;
    return xf_norm(a.sign_exp >> 15, (e ? e : 1) - 16383, (u128)a.mant << 64);
}

static floatx80 xf_round(XF a, FloatStatus *s)
{
    FloatStatus t = *s;
    t.floatx80_precision = floatx80_precision_x;
    if (xf_is_zero(a)) {
        return (floatx80){0, (uint16_t)(a.sign ? 0x8000 : 0)};
    }
    FloatBits b = round_pack(&fmtx80, 64, a.sign, a.exp, a.m, false, &t);
    /* The internal value is never exact: the result is inexact even if the bits fit. */
    s->flags = t.flags | float_flag_inexact;
    return (floatx80){b.mant, (uint16_t)((b.sign << 15) | b.exp)};
}

static double xf_to_double(XF a)
{
    double d = ldexp((double)(uint64_t)(a.m >> 64), a.exp - 63);
    return a.sign ? -d : d;
}

static XF xf_sqrt(XF a)
{
    /* Newton from the host's correctly rounded double sqrt: 53 -> 106 -> 212 bits. */
    double d = sqrt(xf_to_double(a));
    int e;
    double f = frexp(d, &e);
    XF y = xf_norm(false, e, (u128)(uint64_t)ldexp(f, 64) << 63);
    for (int i = 0; i < 2; i++) {
        y = xf_scale(xf_add(y, xf_div(a, y)), -1);
    }
    return y;
}

/* ================================================================ classification */

typedef enum { K_ZERO, K_FINITE, K_INF, K_NAN, K_BAD } Kind;

static Kind kind_of(floatx80 a)
{
    int e = a.sign_exp & 0x7fff;
    if (e != 0 && !(a.mant >> 63)) {
        return K_BAD; /* unnormals, pseudo-NaNs and pseudo-infinities */
    }
    if (e == 0x7fff) {
        return (a.mant << 1) ? K_NAN : K_INF;
    }
    return (e == 0 && a.mant == 0) ? K_ZERO : K_FINITE;
}

static bool is_neg(floatx80 a) { return a.sign_exp >> 15; }
static bool is_denormal(floatx80 a) { return (a.sign_exp & 0x7fff) == 0 && a.mant; }

static floatx80 invalid(FloatStatus *s)
{
    s->flags |= float_flag_invalid;
    return floatx80_default_nan(s);
}

static floatx80 make_inf(bool neg)
{
    return (floatx80){1ull << 63, (uint16_t)(neg << 15 | 0x7fff)};
}
static floatx80 make_zero(bool neg) { return (floatx80){0, (uint16_t)(neg << 15)}; }

/* A NaN result from NaN operands, by the x87's rules (floatx80_add picks it). */
static floatx80 nan_result(floatx80 a, floatx80 b, FloatStatus *s)
{
    return floatx80_add(a, b, s);
}

/* ================================================================ sin, cos, tan */

/* pi/2 * 2^256, little-endian words (257 bits). */
static const uint64_t pi_2_words[5] = {0x04177d4c76273644ull, 0x52049c1114cf98e8ull,
                                       0x898cc51701b839a2ull, 0x921fb54442d18469ull, 1};

/*
 * |x| = k * pi/2 + r with |r| <= about pi/4: returns r and k mod 4.  The
 * subtraction is done on 384-bit integers in units of 2^-256, exactly but
 * for pi/2's truncation (error below k * 2^-256).
 */
static XF reduce(XF x, int *quadrant)
{
    uint64_t k, X[6] = {0}, KP[6] = {0}, R[6];
    XF q = xf_mul(x, XF_2_PI);
    int shift;
    if (q.exp < -1) {
        *quadrant = 0;
        return x;
    }
    /* k = round(q): q < 2^63 */
    k = (uint64_t)(q.m >> (126 - q.exp));
    k = (k + 1) >> 1;
    *quadrant = (int)(k & 3);
    if (k == 0) {
        return x;
    }
    /* X = top 64 bits of |x| << (exp - 63 + 256) */
    shift = x.exp - 63 + 256;
    uint64_t mx = (uint64_t)(x.m >> 64);
    X[shift / 64] = mx << (shift % 64);
    if (shift % 64) {
        X[shift / 64 + 1] = mx >> (64 - shift % 64);
    }
    u128 carry = 0;
    for (int i = 0; i < 5; i++) {
        u128 p = (u128)pi_2_words[i] * k + carry;
        KP[i] = (uint64_t)p;
        carry = p >> 64;
    }
    KP[5] = (uint64_t)carry;
    /* R = X - KP */
    unsigned borrow = 0;
    for (int i = 0; i < 6; i++) {
        u128 d = (u128)X[i] - KP[i] - borrow;
        R[i] = (uint64_t)d;
        borrow = (unsigned)(d >> 127) & 1;
    }
    bool neg = borrow;
    if (neg) {
        unsigned c = 1;
        for (int i = 0; i < 6; i++) {
            u128 v = (u128)(uint64_t)~R[i] + c;
            R[i] = (uint64_t)v;
            c = (unsigned)(v >> 64);
        }
    }
    int top = 5;
    while (top > 0 && R[top] == 0) {
        top--;
    }
    if (R[top] == 0) {
        return XF_ZERO;
    }
    /* The 128 bits below and including the top word (value R * 2^-256). */
    u128 m = U128(R[top], top > 0 ? R[top - 1] : 0);
    uint64_t below = top > 1 ? R[top - 2] : 0;
    int lz = __builtin_clzll(R[top]);
    if (lz) {
        m = (m << lz) | (below >> (64 - lz));
    }
    return (XF){m, 64 * top + 63 - lz - 256, neg};
}

/* sin r (cos false) or cos r (cos true) by Taylor series, |r| <= about pi/4. */
static XF taylor_sincos(XF r, bool cos)
{
    XF r2 = xf_mul(r, r), term = cos ? XF_ONE : r, sum = term;
    for (uint64_t n = cos ? 1 : 2; n < 80; n += 2) {
        term = xf_neg(xf_div_small(xf_mul(term, r2), n * (n + 1)));
        sum = xf_add(sum, term);
        if (xf_is_zero(term) || term.exp < sum.exp - XF_PREC) {
            break;
        }
    }
    return sum;
}

/* sin and cos of a finite x. */
static void xf_sincos(floatx80 a, XF *sin, XF *cos)
{
    int quadrant;
    XF r = reduce(xf_abs(xf_from_x80(a)), &quadrant);
    XF s = taylor_sincos(r, false), c = taylor_sincos(r, true);
    switch (quadrant) {
    case 0:
        *sin = s;
        *cos = c;
        break;
    case 1:
        *sin = c;
        *cos = xf_neg(s);
        break;
    case 2:
        *sin = xf_neg(s);
        *cos = xf_neg(c);
        break;
    default:
        *sin = xf_neg(c);
        *cos = s;
        break;
    }
    if (is_neg(a)) {
        *sin = xf_neg(*sin);
    }
}

/* The cases every trigonometric function shares; true when *r is the answer. */
static bool trig_special(floatx80 a, floatx80 *r, FloatStatus *s)
{
    switch (kind_of(a)) {
    case K_NAN:
        *r = nan_result(a, a, s);
        return true;
    case K_INF:
    case K_BAD:
        *r = invalid(s);
        return true;
    case K_ZERO:
        *r = a;
        return true;
    default:
        if (is_denormal(a)) {
            s->flags |= float_flag_denormal;
        }
        return false;
    }
}

floatx80 floatx80_sin(floatx80 a, FloatStatus *s)
{
    floatx80 r;
    XF sn, cs;
    if (trig_special(a, &r, s)) {
        return r;
    }
    xf_sincos(a, &sn, &cs);
    return xf_round(sn, s);
}

floatx80 floatx80_cos(floatx80 a, FloatStatus *s)
{
    floatx80 r;
    XF sn, cs;
    if (trig_special(a, &r, s)) {
        return kind_of(a) == K_ZERO ? (floatx80){1ull << 63, 0x3fff} : r;
    }
    xf_sincos(a, &sn, &cs);
    return xf_round(cs, s);
}

floatx80 floatx80_tan(floatx80 a, FloatStatus *s)
{
    floatx80 r;
    XF sn, cs;
    if (trig_special(a, &r, s)) {
        return r;
    }
    if ((a.sign_exp & 0x7fff) < 16383 - 64) {
        /* x + x^3/3: sin/cos would lose which side of x tan x lies (the sticky bits cancel) */
        XF x = xf_from_x80(a);
        return xf_round(xf_add(x, xf_div_small(xf_mul(x, xf_mul(x, x)), 3)), s);
    }
    xf_sincos(a, &sn, &cs);
    return xf_round(xf_div(sn, cs), s);
}

void floatx80_sincos(floatx80 a, floatx80 *sin, floatx80 *cos, FloatStatus *s)
{
    XF sn, cs;
    if (trig_special(a, sin, s)) {
        *cos = kind_of(a) == K_ZERO ? (floatx80){1ull << 63, 0x3fff} : *sin;
        return;
    }
    xf_sincos(a, &sn, &cs);
    *sin = xf_round(sn, s);
    *cos = xf_round(cs, s);
}

/* ================================================================ atan2 */

/* atan t for 0 <= t <= 1. */
static XF xf_atan(XF t)
{
    int halvings = 0;
    while (!xf_is_zero(t) && t.exp >= -3) {
        /* t / (1 + sqrt(1 + t^2)) */
        t = xf_div(t, xf_add(XF_ONE, xf_sqrt(xf_add(XF_ONE, xf_mul(t, t)))));
        halvings++;
    }
    XF t2 = xf_mul(t, t), power = t, sum = t;
    for (uint64_t n = 3; n < 200; n += 2) {
        power = xf_neg(xf_mul(power, t2));
        XF term = xf_div_small(power, n);
        sum = xf_add(sum, term);
        if (xf_is_zero(term) || term.exp < sum.exp - XF_PREC) {
            break;
        }
    }
    return xf_scale(sum, halvings);
}

floatx80 floatx80_atan2(floatx80 y, floatx80 x, FloatStatus *s)
{
    Kind ky = kind_of(y), kx = kind_of(x);
    bool ny = is_neg(y), nx = is_neg(x);
    XF angle;
    if (ky == K_BAD || kx == K_BAD) {
        return invalid(s);
    }
    if (ky == K_NAN || kx == K_NAN) {
        return nan_result(y, x, s);
    }
    if (is_denormal(x) || is_denormal(y)) {
        s->flags |= float_flag_denormal;
    }
    if (ky == K_ZERO || (ky == K_FINITE && kx == K_INF)) {
        /* On the x axis: 0 or pi with y's sign. */
        if (!nx) {
            return make_zero(ny);
        }
        angle = xf_scale(XF_PI_2, 1);
    } else if (ky == K_INF && kx == K_INF) {
        angle = xf_scale(XF_PI_2, -1); /* pi/4 or 3 pi/4 */
        if (nx) {
            angle = xf_mul(angle, xf_int(3));
        }
    } else if (ky == K_INF || kx == K_ZERO) {
        angle = XF_PI_2;
    } else {
        XF ay = xf_abs(xf_from_x80(y)), ax = xf_abs(xf_from_x80(x));
        bool steep = ay.exp > ax.exp || (ay.exp == ax.exp && ay.m > ax.m);
        angle = xf_atan(steep ? xf_div(ax, ay) : xf_div(ay, ax));
        if (steep) {
            angle = xf_sub(XF_PI_2, angle);
        }
        if (nx) {
            angle = xf_sub(xf_scale(XF_PI_2, 1), angle);
        }
    }
    angle.sign = ny;
    return xf_round(angle, s);
}

/* ================================================================ logarithms */

/* 2 atanh(u) = ln((1 + u) / (1 - u)) for |u| <= 3 - 2 sqrt(2). */
static XF xf_2atanh(XF u)
{
    XF u2 = xf_mul(u, u), power = u, sum = u;
    for (uint64_t n = 3; n < 200; n += 2) {
        power = xf_mul(power, u2);
        XF term = xf_div_small(power, n);
        sum = xf_add(sum, term);
        if (xf_is_zero(term) || term.exp < sum.exp - XF_PREC) {
            break;
        }
    }
    return xf_scale(sum, 1);
}

/* log2 of a finite positive x. */
static XF xf_log2(XF x)
{
    /* m in [sqrt(1/2), sqrt(2)): compare the significand with sqrt(2) = 0x1.6a09e6... */
    int e = x.exp;
    XF m = {x.m, 0, false};
    if (x.m > U128(0xb504f333f9de6484ull, 0)) {
        m.exp = -1;
        e++;
    }
    XF ln = xf_2atanh(xf_div(xf_sub(m, XF_ONE), xf_add(m, XF_ONE)));
    return xf_add(xf_int(e), xf_mul(ln, XF_LOG2E));
}

/*
 * y * log2(x) (x1p false) or y * log2(1 + x) (x1p true), by the SDM's
 * FYL2X/FYL2XP1 tables for the special operands.
 */
static floatx80 ylog2(floatx80 y, floatx80 x, bool x1p, FloatStatus *s)
{
    Kind ky = kind_of(y), kx = kind_of(x);
    XF l;
    if (ky == K_BAD || kx == K_BAD) {
        return invalid(s);
    }
    if (ky == K_NAN || kx == K_NAN) {
        return nan_result(y, x, s);
    }
    XF xv = xf_from_x80(x);
    if (x1p) {
        xv = kx == K_FINITE ? xf_add(xv, XF_ONE) : xv;
        if (kx == K_ZERO) {
            /* log2(1 + 0) = 0 exactly, with x's sign */
            if (ky == K_INF) {
                return invalid(s);
            }
            if (is_denormal(y)) {
                s->flags |= float_flag_denormal;
            }
            return make_zero(is_neg(y) ^ is_neg(x));
        }
    }
    bool xneg = kx == K_INF ? is_neg(x) : xv.sign && !xf_is_zero(xv);
    if (xneg) {
        return invalid(s);
    }
    /* Zero-divide (log of 0) takes priority over the denormal operand. */
    if ((is_denormal(x) || is_denormal(y)) && kx != K_ZERO && !xf_is_zero(xv)) {
        s->flags |= float_flag_denormal;
    }
    if (kx == K_INF) {
        if (ky == K_ZERO) {
            return invalid(s);
        }
        return make_inf(is_neg(y));
    }
    if (kx == K_ZERO || xf_is_zero(xv)) {
        /* log2(0) = -inf */
        if (ky == K_ZERO) {
            return invalid(s);
        }
        if (ky == K_FINITE) {
            s->flags |= float_flag_divbyzero;
        }
        return make_inf(!is_neg(y));
    }
    if (x1p && kx == K_FINITE && xf_from_x80(x).exp < -1) {
        /* Small x: ln(1 + x) = 2 atanh(x / (2 + x)) keeps x's precision. */
        XF xs = xf_from_x80(x);
        l = xf_mul(xf_2atanh(xf_div(xs, xf_add(xf_scale(XF_ONE, 1), xs))), XF_LOG2E);
    } else {
        l = xf_log2(xv);
    }
    if (xf_is_zero(l)) {
        if (ky == K_INF) {
            return invalid(s);
        }
        return make_zero(is_neg(y));
    }
    if (ky == K_INF) {
        return make_inf(is_neg(y) ^ l.sign);
    }
    if (ky == K_ZERO) {
        return make_zero(is_neg(y) ^ l.sign);
    }
    return xf_round(xf_mul(xf_from_x80(y), l), s);
}

floatx80 floatx80_yl2x(floatx80 y, floatx80 x, FloatStatus *s) { return ylog2(y, x, false, s); }

floatx80 floatx80_yl2xp1(floatx80 y, floatx80 x, FloatStatus *s)
{
    return ylog2(y, x, true, s);
}

/* ================================================================ 2^x - 1 */

/* e^t - 1 for |t| <= about 0.7. */
static XF xf_expm1(XF t)
{
    XF term = t, sum = t;
    for (uint64_t n = 2; n < 100; n++) {
        term = xf_div_small(xf_mul(term, t), n);
        sum = xf_add(sum, term);
        if (xf_is_zero(term) || term.exp < sum.exp - XF_PREC) {
            break;
        }
    }
    return sum;
}

floatx80 floatx80_2xm1(floatx80 a, FloatStatus *s)
{
    switch (kind_of(a)) {
    case K_BAD:
        return invalid(s);
    case K_NAN:
        return nan_result(a, a, s);
    case K_ZERO:
        return a;
    case K_INF:
        return is_neg(a) ? (floatx80){1ull << 63, 0xbfff} : a;
    default:
        break;
    }
    if (is_denormal(a)) {
        s->flags |= float_flag_denormal;
    }
    XF x = xf_from_x80(a);
    if (x.exp < 0) {
        return xf_round(xf_expm1(xf_mul(x, XF_LN2)), s);
    }
    /* Outside the SDM's range: 2^n (e^(f ln 2) - 1) + 2^n - 1 with n = round(x). */
    if (x.exp > 20) {
        return is_neg(a) ? (floatx80){1ull << 63, 0xbfff}
                         : xf_round(xf_scale(XF_ONE, 1 << 20), s);
    }
    int64_t n = (int64_t)(x.m >> (126 - x.exp));
    n = (n + 1) >> 1;
    n = x.sign ? -n : n;
    XF f = xf_sub(x, xf_int(n));
    XF e = xf_scale(xf_expm1(xf_mul(f, XF_LN2)), (int)n);
    return xf_round(xf_add(e, xf_sub(xf_scale(XF_ONE, (int)n), XF_ONE)), s);
}
