/*
 * The A64 cryptographic extension's operations (declared in
 * helper-crypto.h), written from FIPS-197 (AES) and the Arm ARM's
 * pseudocode for the SHA and PMULL instructions.
 *
 * A V register is 16 bytes in the CPU state, lane i of 2^esz bytes at byte
 * offset i << esz (little-endian hosts, translate-a64-vec.h).  AES state
 * byte i (FIPS-197's in[i], row i % 4 of column i / 4) is register byte i.
 */
#include "target-arm/helper-crypto.h"

#include "target-arm/translate-a64-vec.h"

/* ================================================================ AES */

static uint8_t aes_sbox[256];
static uint8_t aes_inv_sbox[256];

/* Multiplication in GF(2^8) modulo the AES polynomial x^8 + x^4 + x^3 + x + 1. */
static uint8_t gf_mul(uint8_t a, uint8_t b)
{
    uint8_t product = 0;

    while (b) {
        if (b & 1) {
            product ^= a;
        }
        a = (uint8_t)((a << 1) ^ ((a & 0x80) ? 0x1b : 0));
        b >>= 1;
    }
    return product;
}

/* The multiplicative inverse, 0 for 0: a^254, since a^255 = 1 for a != 0. */
static uint8_t gf_inverse(uint8_t a)
{
    uint8_t result = 1;
    uint8_t power = a;

    for (unsigned e = 254; e; e >>= 1) {
        if (e & 1) {
            result = gf_mul(result, power);
        }
        power = gf_mul(power, power);
    }
    return result;
}

static uint8_t rotl8(uint8_t x, unsigned n) { return (uint8_t)((x << n) | (x >> (8 - n))); }

/* FIPS-197 5.1.1: the inverse followed by the affine transformation. */
static void __attribute__((constructor)) aes_tables_init(void)
{
    for (unsigned i = 0; i < 256; i++) {
        uint8_t b = gf_inverse((uint8_t)i);
        uint8_t s = b ^ rotl8(b, 1) ^ rotl8(b, 2) ^ rotl8(b, 3) ^ rotl8(b, 4) ^ 0x63;

        aes_sbox[i] = s;
        aes_inv_sbox[s] = (uint8_t)i;
    }
}

void helper_crypto_aese(void *vd, void *vn, uint32_t desc)
{
    bool decrypt = simd_data(desc) != 0;
    const uint8_t *box = decrypt ? aes_inv_sbox : aes_sbox;
    uint8_t *d = vd;
    const uint8_t *n = vn;
    uint8_t state[16];

    for (int i = 0; i < 16; i++) {
        state[i] = d[i] ^ n[i]; /* AddRoundKey */
    }
    /*
     * ShiftRows rotates row r left by r columns: the byte at row r, column
     * c comes from column c + r.  InvShiftRows moves it back.
     */
    for (int c = 0; c < 4; c++) {
        for (int r = 0; r < 4; r++) {
            int moved = r + 4 * ((c + r) % 4);
            int here = r + 4 * c;

            if (decrypt) {
                d[moved] = box[state[here]];
            } else {
                d[here] = box[state[moved]];
            }
        }
    }
}

void helper_crypto_aesmc(void *vd, void *vn, uint32_t desc)
{
    /* First row of the circulant matrix of MixColumns and InvMixColumns. */
    static const uint8_t mix[2][4] = {{2, 3, 1, 1}, {14, 11, 13, 9}};
    const uint8_t *row = mix[simd_data(desc) != 0];
    uint8_t *d = vd;
    uint8_t in[16];

    memcpy(in, vn, 16);
    for (int c = 0; c < 4; c++) {
        for (int r = 0; r < 4; r++) {
            uint8_t acc = 0;

            for (int j = 0; j < 4; j++) {
                acc ^= gf_mul(row[(j - r + 4) % 4], in[4 * c + j]);
            }
            d[4 * c + r] = acc;
        }
    }
}

/* ================================================================ SHA */

/* The four 32-bit lanes of a V register. */
typedef struct Words4 {
    uint32_t w[4];
} Words4;

static Words4 load_words(const void *v)
{
    Words4 x;

    memcpy(x.w, v, 16);
    return x;
}

static void store_words(void *v, Words4 x) { memcpy(v, x.w, 16); }

static uint32_t rol32(uint32_t x, unsigned n) { return (x << n) | (x >> (32 - n)); }
static uint32_t ror32(uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }

static uint32_t sha_choose(uint32_t x, uint32_t y, uint32_t z) { return ((y ^ z) & x) ^ z; }
static uint32_t sha_parity(uint32_t x, uint32_t y, uint32_t z) { return x ^ y ^ z; }
static uint32_t sha_majority(uint32_t x, uint32_t y, uint32_t z)
{
    return (x & y) | ((x | y) & z);
}

/* <y, x> = ROL(y : x, 32) with x of four words and y of one: x shifts up a word. */
static void rotate_in(Words4 *x, uint32_t *y)
{
    uint32_t top = x->w[3];

    x->w[3] = x->w[2];
    x->w[2] = x->w[1];
    x->w[1] = x->w[0];
    x->w[0] = *y;
    *y = top;
}

/* SHA1C/SHA1P/SHA1M: Qd = abcd, Sn = e, Vm = four schedule words (plus constants). */
void helper_crypto_sha1_rounds(void *vd, void *vn, void *vm, uint32_t desc)
{
    static uint32_t (*const fns[3])(uint32_t, uint32_t, uint32_t) = {
        sha_choose,
        sha_parity,
        sha_majority,
    };
    uint32_t (*f)(uint32_t, uint32_t, uint32_t) = fns[simd_data(desc)];
    Words4 x = load_words(vd);
    Words4 w = load_words(vm);
    uint32_t y = load_words(vn).w[0];

    for (int e = 0; e < 4; e++) {
        y += rol32(x.w[0], 5) + f(x.w[1], x.w[2], x.w[3]) + w.w[e];
        x.w[1] = rol32(x.w[1], 30);
        rotate_in(&x, &y);
    }
    store_words(vd, x);
}

void helper_crypto_sha1su0(void *vd, void *vn, void *vm, uint32_t desc)
{
    Words4 d = load_words(vd);
    Words4 n = load_words(vn);
    Words4 m = load_words(vm);
    /* n<63:0> : d<127:64> */
    Words4 t = {{d.w[2], d.w[3], n.w[0], n.w[1]}};

    for (int e = 0; e < 4; e++) {
        t.w[e] ^= d.w[e] ^ m.w[e];
    }
    store_words(vd, t);
}

void helper_crypto_sha1su1(void *vd, void *vn, uint32_t desc)
{
    Words4 d = load_words(vd);
    Words4 n = load_words(vn);
    /* T = d ^ (n >> 32) as 128-bit values. */
    Words4 t = {{d.w[0] ^ n.w[1], d.w[1] ^ n.w[2], d.w[2] ^ n.w[3], d.w[3]}};
    Words4 r;

    for (int e = 0; e < 4; e++) {
        r.w[e] = rol32(t.w[e], 1);
    }
    r.w[3] ^= rol32(t.w[0], 2);
    store_words(vd, r);
}

void helper_crypto_sha1h(void *vd, void *vn, uint32_t desc)
{
    Words4 r = {{rol32(load_words(vn).w[0], 30), 0, 0, 0}};

    store_words(vd, r);
}

static uint32_t sha256_hash_sigma0(uint32_t x)
{
    return ror32(x, 2) ^ ror32(x, 13) ^ ror32(x, 22);
}
static uint32_t sha256_hash_sigma1(uint32_t x)
{
    return ror32(x, 6) ^ ror32(x, 11) ^ ror32(x, 25);
}

/*
 * Four SHA-256 rounds on x = abcd, y = efgh (the Arm ARM's SHA256hash):
 * SHA256H returns the new x, SHA256H2 (called with the registers swapped)
 * the new y.
 */
void helper_crypto_sha256h(void *vd, void *vn, void *vm, uint32_t desc)
{
    bool part2 = simd_data(desc) != 0;
    Words4 x = load_words(part2 ? vn : vd);
    Words4 y = load_words(part2 ? vd : vn);
    Words4 w = load_words(vm);

    for (int e = 0; e < 4; e++) {
        uint32_t chs = sha_choose(y.w[0], y.w[1], y.w[2]);
        uint32_t maj = sha_majority(x.w[0], x.w[1], x.w[2]);
        uint32_t t = y.w[3] + sha256_hash_sigma1(y.w[0]) + chs + w.w[e];
        uint32_t x_top = t + x.w[3];
        uint32_t y_top = t + sha256_hash_sigma0(x.w[0]) + maj;

        /* <y, x> = ROL(y : x, 32) with the new top words. */
        x.w[3] = x.w[2];
        x.w[2] = x.w[1];
        x.w[1] = x.w[0];
        x.w[0] = y_top;
        y.w[3] = y.w[2];
        y.w[2] = y.w[1];
        y.w[1] = y.w[0];
        y.w[0] = x_top;
    }
    store_words(vd, part2 ? y : x);
}

static uint32_t sha256_sigma0(uint32_t x) { return ror32(x, 7) ^ ror32(x, 18) ^ (x >> 3); }
static uint32_t sha256_sigma1(uint32_t x) { return ror32(x, 17) ^ ror32(x, 19) ^ (x >> 10); }

void helper_crypto_sha256su0(void *vd, void *vn, uint32_t desc)
{
    Words4 d = load_words(vd);
    Words4 n = load_words(vn);
    /* n<31:0> : d<127:32> */
    Words4 t = {{d.w[1], d.w[2], d.w[3], n.w[0]}};

    for (int e = 0; e < 4; e++) {
        d.w[e] += sha256_sigma0(t.w[e]);
    }
    store_words(vd, d);
}

void helper_crypto_sha256su1(void *vd, void *vn, void *vm, uint32_t desc)
{
    Words4 d = load_words(vd);
    Words4 n = load_words(vn);
    Words4 m = load_words(vm);
    /* T0 = m<31:0> : n<127:32>; the sigma1 inputs are m<127:64>, then the new low words. */
    Words4 t0 = {{n.w[1], n.w[2], n.w[3], m.w[0]}};
    uint32_t t1[4] = {m.w[2], m.w[3]};
    Words4 r;

    for (int e = 0; e < 4; e++) {
        r.w[e] = sha256_sigma1(t1[e]) + d.w[e] + t0.w[e];
        if (e < 2) {
            t1[e + 2] = r.w[e];
        }
    }
    store_words(vd, r);
}

/* ================================================================ PMULL */

void helper_crypto_pmull64(void *vd, void *vn, void *vm, uint32_t desc)
{
    int half = simd_data(desc);
    uint64_t a, b;
    uint64_t lo = 0, hi = 0;

    memcpy(&a, (const uint8_t *)vn + 8 * half, 8);
    memcpy(&b, (const uint8_t *)vm + 8 * half, 8);
    for (int i = 0; i < 64; i++) {
        if ((b >> i) & 1) {
            lo ^= a << i;
            hi ^= i ? a >> (64 - i) : 0;
        }
    }
    memcpy(vd, &lo, 8);
    memcpy((uint8_t *)vd + 8, &hi, 8);
}
