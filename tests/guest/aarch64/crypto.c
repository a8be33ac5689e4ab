/*
 * The cryptographic extension against known answers: AES-128 encryption
 * and decryption of the FIPS-197 examples with AESE/AESMC and AESD/AESIMC
 * (the key schedule's SubWord done by AESE too), one FIPS-197 round step by
 * step, SHA-1 and SHA-256 of "abc" computed with SHA1C/P/M/H/SU0/SU1 and
 * SHA256H/H2/SU0/SU1, PMULL/PMULL2 of doublewords against a carry-less
 * multiplication in C, and the CPACR_EL1.FPEN trap.
 *
 * The program is built with -mgeneral-regs-only: only the asm statements
 * touch V registers, each loading its operands from memory and storing its
 * result, so the compiler never has live values there.
 */
#include "check.h"

#define ARCH ".arch armv8-a+crypto\n\t"

#define CPACR_FPEN_ALL (3ul << 20)
#define EC_FP_ACCESS   0x07

typedef struct {
    uint8_t b[16];
} __attribute__((aligned(16))) V128;

/* d = op(d, n) or op(d, n, m) with the operands in v0, v1, v2. */
#define VOP2(mnemonic, d, n)                                                                   \
    asm volatile(ARCH "ldr q0, [%[pd]]\n\tldr q1, [%[pn]]\n\t" mnemonic "\n\tstr q0, [%[pd]]"  \
                 :                                                                             \
                 : [pd] "r"(d), [pn] "r"(n)                                                    \
                 : "memory")
#define VOP3(mnemonic, d, n, m)                                                                \
    asm volatile(ARCH "ldr q0, [%[pd]]\n\tldr q1, [%[pn]]\n\tldr q2, [%[pm]]\n\t" mnemonic     \
                      "\n\tstr q0, [%[pd]]"                                                    \
                 :                                                                             \
                 : [pd] "r"(d), [pn] "r"(n), [pm] "r"(m)                                       \
                 : "memory")

static V128 from_hex(const char *hex)
{
    V128 v;

    for (int i = 0; i < 16; i++) {
        uint8_t byte = 0;

        for (int k = 0; k < 2; k++) {
            char c = hex[2 * i + k];

            byte = (uint8_t)(byte << 4 | (c <= '9' ? c - '0' : c - 'a' + 10));
        }
        v.b[i] = byte;
    }
    return v;
}

static bool v_equal(const V128 *a, const V128 *b)
{
    for (int i = 0; i < 16; i++) {
        if (a->b[i] != b->b[i]) {
            return false;
        }
    }
    return true;
}

static void check_v(const V128 *got, const char *want_hex, const char *what)
{
    V128 want = from_hex(want_hex);
    bool ok = v_equal(got, &want);

    if (!ok) {
        printf("  %s: got ", what);
        for (int i = 0; i < 16; i++) {
            printf("%02x", got->b[i]);
        }
        printf(" want %s\n", want_hex);
    }
    CHECK(ok);
}

/* ------------------------------------------------ AES */

/* FIPS-197 Appendix B, round 1: the state at its start, after each step, and the key. */
static void test_aes_round_steps(void)
{
    V128 state = from_hex("3243f6a8885a308d313198a2e0370734");
    V128 key = from_hex("2b7e151628aed2a6abf7158809cf4f3c");
    V128 zero = {{0}};

    /* AESE = AddRoundKey, ShiftRows, SubBytes. */
    VOP2("aese v0.16b, v1.16b", &state, &key);
    check_v(&state, "d4bf5d30e0b452aeb84111f11e2798e5", "AESE");
    VOP2("aesmc v0.16b, v1.16b", &state, &state);
    check_v(&state, "046681e5e0cb199a48f8d37a2806264c", "AESMC");
    VOP2("aesimc v0.16b, v1.16b", &state, &state);
    check_v(&state, "d4bf5d30e0b452aeb84111f11e2798e5", "AESIMC");
    VOP2("aesd v0.16b, v1.16b", &state, &zero);
    check_v(&state, "193de3bea0f4e22b9ac68d2ae9f84808", "AESD");
}

/* SubWord of a 32-bit word: AESE with a zero key on the word in every column. */
static uint32_t sub_word(uint32_t w)
{
    V128 v, zero = {{0}};
    uint32_t out;

    for (int i = 0; i < 16; i++) {
        v.b[i] = (uint8_t)(w >> (8 * (i % 4)));
    }
    VOP2("aese v0.16b, v1.16b", &v, &zero);
    memcpy(&out, v.b, 4);
    return out;
}

/* FIPS-197 5.2 for a 128-bit key; words are little-endian loads of the key bytes. */
static void aes128_expand(const V128 *key, V128 round_keys[11])
{
    uint32_t w[44];
    uint8_t rcon = 1;

    memcpy(w, key->b, 16);
    for (int i = 4; i < 44; i++) {
        uint32_t t = w[i - 1];

        if (i % 4 == 0) {
            t = sub_word(t >> 8 | t << 24) ^ rcon;
            rcon = (uint8_t)(rcon << 1 ^ ((rcon & 0x80) ? 0x1b : 0));
        }
        w[i] = w[i - 4] ^ t;
    }
    memcpy(round_keys, w, sizeof(w));
}

/* The last AddRoundKey (EOR of vectors is Advanced SIMD, not under test here). */
static void xor_into(V128 *d, const V128 *k)
{
    for (int i = 0; i < 16; i++) {
        d->b[i] ^= k->b[i];
    }
}

static void aes128_encrypt(const V128 round_keys[11], V128 *block)
{
    for (int r = 0; r < 9; r++) {
        VOP2("aese v0.16b, v1.16b\n\taesmc v0.16b, v0.16b", block, &round_keys[r]);
    }
    VOP2("aese v0.16b, v1.16b", block, &round_keys[9]);
    xor_into(block, &round_keys[10]);
}

/*
 * The equivalent inverse cipher: AESD adds the round key before
 * InvShiftRows/InvSubBytes, so the keys of rounds 9..1 enter through
 * InvMixColumns (AESIMC) as well.
 */
static void aes128_decrypt(const V128 round_keys[11], V128 *block)
{
    for (int r = 10; r >= 1; r--) {
        V128 k = round_keys[r];

        if (r != 10) {
            VOP2("aesimc v0.16b, v1.16b", &k, &round_keys[r]);
        }
        if (r != 1) {
            VOP2("aesd v0.16b, v1.16b\n\taesimc v0.16b, v0.16b", block, &k);
        } else {
            VOP2("aesd v0.16b, v1.16b", block, &k);
        }
    }
    xor_into(block, &round_keys[0]);
}

static void check_aes128(const char *key_hex, const char *plain_hex, const char *cipher_hex)
{
    V128 key = from_hex(key_hex);
    V128 block = from_hex(plain_hex);
    V128 round_keys[11];

    aes128_expand(&key, round_keys);
    aes128_encrypt(round_keys, &block);
    check_v(&block, cipher_hex, "AES-128 encrypt");
    aes128_decrypt(round_keys, &block);
    check_v(&block, plain_hex, "AES-128 decrypt");
}

static void test_aes128(void)
{
    V128 key = from_hex("2b7e151628aed2a6abf7158809cf4f3c");
    V128 round_keys[11];

    aes128_expand(&key, round_keys);
    check_v(&round_keys[10], "d014f9a8c9ee2589e13f0cc8b6630ca6", "round key 10");
    check_aes128("2b7e151628aed2a6abf7158809cf4f3c", "3243f6a8885a308d313198a2e0370734",
                 "3925841d02dc09fbdc118597196a0b32"); /* Appendix B */
    check_aes128("000102030405060708090a0b0c0d0e0f", "00112233445566778899aabbccddeeff",
                 "69c4e0d86a7b0430d8cdb78070b4c55a"); /* Appendix C.1 */
}

/* ------------------------------------------------ SHA */

/* floor(x^(1/k)) for k = 2 or 3, by bisection. */
static uint64_t int_root(unsigned __int128 x, int k)
{
    uint64_t lo = 0, hi = 1ull << 40;

    while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        unsigned __int128 p = (unsigned __int128)mid * mid;

        if (k == 3) {
            p *= mid;
        }
        if (p <= x) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/* The first 32 bits of the fraction of the k-th root of p (FIPS 180-4 4.2.2, 5.3.3). */
static uint32_t root_fraction(unsigned p, int k)
{
    return (uint32_t)int_root((unsigned __int128)p << (32 * k), k);
}

static void first_primes(unsigned *primes, int n)
{
    int count = 0;

    for (unsigned c = 2; count < n; c++) {
        bool prime = true;

        for (unsigned d = 2; d * d <= c; d++) {
            if (c % d == 0) {
                prime = false;
                break;
            }
        }
        if (prime) {
            primes[count++] = c;
        }
    }
}

typedef struct {
    uint32_t w[4];
} __attribute__((aligned(16))) W4;

/* The padded one-block message "abc" as 16 big-endian words. */
static void abc_block(W4 m[4])
{
    uint32_t words[16] = {0x61626380};

    words[15] = 24; /* length in bits */
    memcpy(m, words, sizeof(words));
}

static void add_w4(W4 *d, const W4 *a, const W4 *b)
{
    for (int i = 0; i < 4; i++) {
        d->w[i] = a->w[i] + b->w[i];
    }
}

static void test_sha1(void)
{
    static const uint32_t k[4] = {0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6};
    W4 abcd = {{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476}};
    W4 e = {{0xc3d2e1f0}};
    W4 m[20], start = abcd, e_start = e;

    abc_block(m);
    /* Schedule: W[j] = SHA1SU1(SHA1SU0(W[j-4], W[j-3], W[j-2]), W[j-1]). */
    for (int j = 4; j < 20; j++) {
        m[j] = m[j - 4];
        VOP3("sha1su0 v0.4s, v1.4s, v2.4s", &m[j], &m[j - 3], &m[j - 2]);
        VOP2("sha1su1 v0.4s, v1.4s", &m[j], &m[j - 1]);
    }
    for (int j = 0; j < 20; j++) {
        W4 wk, next_e = abcd;
        W4 kk = {{k[j / 5], k[j / 5], k[j / 5], k[j / 5]}};

        add_w4(&wk, &m[j], &kk);
        VOP2("sha1h s0, s1", &next_e, &abcd);
        if (j < 5) {
            VOP3("sha1c q0, s1, v2.4s", &abcd, &e, &wk);
        } else if (j < 10 || j >= 15) {
            VOP3("sha1p q0, s1, v2.4s", &abcd, &e, &wk);
        } else {
            VOP3("sha1m q0, s1, v2.4s", &abcd, &e, &wk);
        }
        e = next_e;
    }
    add_w4(&abcd, &abcd, &start);
    CHECK_EQ(abcd.w[0], 0xa9993e36);
    CHECK_EQ(abcd.w[1], 0x4706816a);
    CHECK_EQ(abcd.w[2], 0xba3e2571);
    CHECK_EQ(abcd.w[3], 0x7850c26c);
    CHECK_EQ(e.w[0] + e_start.w[0], 0x9cd0d89d);
    CHECK_EQ(e.w[1], 0); /* SHA1H writes a scalar: the rest is zeroed */
}

static void test_sha256(void)
{
    static const uint32_t digest[8] = {0xba7816bf, 0x8f01cfea, 0x414140de, 0x5dae2223,
                                       0xb00361a3, 0x96177a9c, 0xb410ff61, 0xf20015ad};
    unsigned primes[64];
    uint32_t k[64];
    W4 abcd, efgh, m[16], start[2];

    first_primes(primes, 64);
    for (int i = 0; i < 64; i++) {
        k[i] = root_fraction(primes[i], 3);
    }
    for (int i = 0; i < 4; i++) {
        abcd.w[i] = root_fraction(primes[i], 2);
        efgh.w[i] = root_fraction(primes[i + 4], 2);
    }
    CHECK_EQ(abcd.w[0], 0x6a09e667);
    CHECK_EQ(k[63], 0xc67178f2);
    start[0] = abcd;
    start[1] = efgh;

    abc_block(m);
    for (int j = 0; j < 16; j++) {
        W4 wk, kk, old_abcd = abcd;

        /* Schedule: W[j] = SHA256SU1(SHA256SU0(W[j-4], W[j-3]), W[j-2], W[j-1]), kept in m[j %
         * 4]. */
        if (j >= 4) {
            W4 *w = &m[j % 4];

            VOP2("sha256su0 v0.4s, v1.4s", w, &m[(j - 3) % 4]);
            VOP3("sha256su1 v0.4s, v1.4s, v2.4s", w, &m[(j - 2) % 4], &m[(j - 1) % 4]);
        }
        memcpy(kk.w, &k[4 * j], 16);
        add_w4(&wk, &m[j % 4], &kk);
        VOP3("sha256h q0, q1, v2.4s", &abcd, &efgh, &wk);
        VOP3("sha256h2 q0, q1, v2.4s", &efgh, &old_abcd, &wk);
    }
    add_w4(&abcd, &abcd, &start[0]);
    add_w4(&efgh, &efgh, &start[1]);
    for (int i = 0; i < 4; i++) {
        CHECK_EQ(abcd.w[i], digest[i]);
        CHECK_EQ(efgh.w[i], digest[i + 4]);
    }
}

/* ------------------------------------------------ PMULL */

static void clmul64(uint64_t a, uint64_t b, uint64_t *lo, uint64_t *hi)
{
    *lo = *hi = 0;
    for (int i = 0; i < 64; i++) {
        if (b >> i & 1) {
            *lo ^= a << i;
            *hi ^= i ? a >> (64 - i) : 0;
        }
    }
}

typedef struct {
    uint64_t d[2];
} __attribute__((aligned(16))) D2;

static void check_pmull(uint64_t a0, uint64_t a1, uint64_t b0, uint64_t b1)
{
    D2 n = {{a0, a1}}, m = {{b0, b1}}, r, r2;
    uint64_t lo, hi;

    asm volatile(ARCH "ldr q1, [%[pn]]\n\tldr q2, [%[pm]]\n\t"
                      "pmull v0.1q, v1.1d, v2.1d\n\tpmull2 v3.1q, v1.2d, v2.2d\n\t"
                      "str q0, [%[pr]]\n\tstr q3, [%[pr2]]"
                 :
                 : [pn] "r"(&n), [pm] "r"(&m), [pr] "r"(&r), [pr2] "r"(&r2)
                 : "memory");
    clmul64(a0, b0, &lo, &hi);
    CHECK_EQ(r.d[0], lo);
    CHECK_EQ(r.d[1], hi);
    clmul64(a1, b1, &lo, &hi);
    CHECK_EQ(r2.d[0], lo);
    CHECK_EQ(r2.d[1], hi);
}

static void test_pmull(void)
{
    D2 n = {{3, 0}}, m = {{3, 0}}, r;

    /* Known products: (x + 1)^2 = x^2 + 1; (x^64 - 1 terms)^2 spreads to even bits. */
    asm volatile(ARCH "ldr q1, [%[pn]]\n\tldr q2, [%[pm]]\n\tpmull v0.1q, v1.1d, v2.1d\n\t"
                      "str q0, [%[pr]]"
                 :
                 : [pn] "r"(&n), [pm] "r"(&m), [pr] "r"(&r)
                 : "memory");
    CHECK_EQ(r.d[0], 5);
    CHECK_EQ(r.d[1], 0);
    check_pmull(~0ull, 1ull << 63, ~0ull, 2);
    check_pmull(0x8000000000000001, 0x0123456789abcdef, 0x8000000000000001, 0xfedcba9876543210);
    check_pmull(0x87, 0xc200000000000000, 0xe100000000000000, 0x4000000000000001);
}

/* ------------------------------------------------ FP access trap */

static void test_fpen_trap(void)
{
    uint64_t cpacr = read_sysreg(cpacr_el1);
    V128 a = {{0}}, b = {{0}};

    write_sysreg(cpacr_el1, cpacr & ~CPACR_FPEN_ALL);
    exc_expect();
    asm volatile(ARCH "aese v0.16b, v1.16b" ::: "memory");
    CHECK_EQ(ESR_EC(last_exc.esr), EC_FP_ACCESS);
    write_sysreg(cpacr_el1, cpacr | CPACR_FPEN_ALL);
    VOP2("aese v0.16b, v1.16b", &a, &b);
    check_v(&a, "63636363636363636363636363636363", "AESE of zeros");
}

int main(void)
{
    write_sysreg(cpacr_el1, read_sysreg(cpacr_el1) | CPACR_FPEN_ALL);
    test_aes_round_steps();
    test_aes128();
    test_sha1();
    test_sha256();
    test_pmull();
    test_fpen_trap();
    return test_finish("crypto");
}
