/*
 * The IR, its optimizer and both execution tiers.  Every TB is run by the
 * interpreter and, when libgccjit is available, compiled and run again from
 * the same initial state; both runs must give the expected results.
 *
 * Inputs come from globals (so the optimizer cannot fold them away), from
 * immediates (the interpreter's "_ri" forms) and from constants only (the
 * constant folder).
 */
#include <stddef.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tcg/tcg-helper.h"
#include "tcg/tcg.h"
#include "test.h"
#include "util/log.h"

#define NVEC 16

typedef struct FakeEnv {
    TCGCPUCommon common;
    uint64_t a64[NVEC], b64[NVEC], c64[NVEC], d64[NVEC], out64[3 * NVEC];
    uint32_t a32[NVEC], b32[NVEC], c32[NVEC], d32[NVEC], out32[3 * NVEC];
    uint64_t pc;
    uint64_t misc[8];
    uint64_t ptr; /* a host pointer, for ld/st relative to a non-env base */
} FakeEnv;

static FakeEnv env;
static TCGv_i64 A64[NVEC], B64[NVEC], C64[NVEC], D64[NVEC], O64[3 * NVEC];
static TCGv_i32 A32[NVEC], B32[NVEC], C32[NVEC], D32[NVEC], O32[3 * NVEC];
static TCGv_i64 PC;

/* Guest RAM behind the fake TLB: guest 0x10000..0x11fff. */
#define RAM_BASE 0x10000u
#define RAM_SIZE 0x2000u
#define MMU      1
static uint8_t ram[RAM_SIZE];
static unsigned slow_loads, slow_stores;

static bool use_jit;
static double jit_ms_total;
static unsigned jit_blocks;

/* ------------------------------------------------------------ fixtures */

static void init_globals(void)
{
    static char names[10][3 * NVEC][16];
    tcg_init();
    for (int i = 0; i < NVEC; i++) {
        snprintf(names[0][i], 16, "a%d", i);
        snprintf(names[1][i], 16, "b%d", i);
        snprintf(names[2][i], 16, "c%d", i);
        snprintf(names[3][i], 16, "d%d", i);
        snprintf(names[4][i], 16, "wa%d", i);
        snprintf(names[5][i], 16, "wb%d", i);
        snprintf(names[6][i], 16, "wc%d", i);
        snprintf(names[7][i], 16, "wd%d", i);
        A64[i] = tcg_global_mem_new_i64(offsetof(FakeEnv, a64[i]), names[0][i]);
        B64[i] = tcg_global_mem_new_i64(offsetof(FakeEnv, b64[i]), names[1][i]);
        C64[i] = tcg_global_mem_new_i64(offsetof(FakeEnv, c64[i]), names[2][i]);
        D64[i] = tcg_global_mem_new_i64(offsetof(FakeEnv, d64[i]), names[3][i]);
        A32[i] = tcg_global_mem_new_i32(offsetof(FakeEnv, a32[i]), names[4][i]);
        B32[i] = tcg_global_mem_new_i32(offsetof(FakeEnv, b32[i]), names[5][i]);
        C32[i] = tcg_global_mem_new_i32(offsetof(FakeEnv, c32[i]), names[6][i]);
        D32[i] = tcg_global_mem_new_i32(offsetof(FakeEnv, d32[i]), names[7][i]);
    }
    for (int i = 0; i < 3 * NVEC; i++) {
        snprintf(names[8][i], 16, "o%d", i);
        snprintf(names[9][i], 16, "wo%d", i);
        O64[i] = tcg_global_mem_new_i64(offsetof(FakeEnv, out64[i]), names[8][i]);
        O32[i] = tcg_global_mem_new_i32(offsetof(FakeEnv, out32[i]), names[9][i]);
    }
    PC = tcg_global_mem_new_i64(offsetof(FakeEnv, pc), "pc");
}

static void fault(unsigned excp) { env.common.exception_index = (int32_t)excp; }

static uint64_t fake_load_slow(void *e, uint64_t addr, MemOp op, unsigned mmu_idx)
{
    unsigned size = memop_size(op);
    uint64_t v = 0;
    slow_loads++;
    if ((op & MO_ALIGN) && (addr & (size - 1))) {
        fault(8);
        return 0;
    }
    if (addr < RAM_BASE || addr + size > RAM_BASE + RAM_SIZE) {
        fault(7);
        return 0;
    }
    for (unsigned i = 0; i < size; i++) {
        uint64_t byte = ram[addr - RAM_BASE + i];
        v = op & MO_BE ? v << 8 | byte : v | byte << (8 * i);
    }
    if (op & MO_SIGN && size < 8)
        v = (uint64_t)((int64_t)(v << (64 - 8 * size)) >> (64 - 8 * size));
    return v;
}

static void fake_store_slow(void *e, uint64_t addr, uint64_t val, MemOp op, unsigned mmu_idx)
{
    unsigned size = memop_size(op);
    slow_stores++;
    if ((op & MO_ALIGN) && (addr & (size - 1))) {
        fault(8);
        return;
    }
    if (addr < RAM_BASE || addr + size > RAM_BASE + RAM_SIZE) {
        fault(7);
        return;
    }
    for (unsigned i = 0; i < size; i++) {
        unsigned shift = op & MO_BE ? 8 * (size - 1 - i) : 8 * i;
        ram[addr - RAM_BASE + i] = (uint8_t)(val >> shift);
    }
}

static void reset_tlb(void)
{
    for (int m = 0; m < TCG_MMU_IDX_MAX; m++) {
        for (unsigned i = 0; i < TCG_TLB_SIZE; i++) {
            CPUTLBEntry *e = &env.common.tlb[m][i];
            e->addr_read = e->addr_write = e->addr_code = TLB_INVALID_MASK;
        }
    }
    /* First page: RAM both ways.  Second page: reads fast, writes slow (MMIO). */
    CPUTLBEntry *e = &env.common.tlb[MMU][tlb_index(RAM_BASE)];
    e->addr_read = e->addr_write = RAM_BASE;
    e->addend = (uintptr_t)ram - RAM_BASE;
    e = &env.common.tlb[MMU][tlb_index(RAM_BASE + 0x1000)];
    e->addr_read = RAM_BASE + 0x1000;
    e->addr_write = (RAM_BASE + 0x1000) | TLB_MMIO;
    e->addend = (uintptr_t)ram - RAM_BASE;
}

/* ------------------------------------------------------------ running TBs */

typedef void (*SetupFn)(void);

/* Run code from the state setup() makes, once per tier; check after each. */
static void run_tiers(TCGCode *code, SetupFn setup,
                      void (*check)(TBExit exit, const char *tier))
{
    memset(&env, 0, sizeof(env));
    env.common.env_self = &env;
    env.common.exception_index = -1;
    reset_tlb();
    setup();
    check(tcg_code_exec(code, &env), "interp");
    if (!use_jit)
        return;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    bool ok = tcg_code_compile(code);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    CHECK(ok);
    if (!ok)
        return;
    jit_ms_total += (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
    jit_blocks++;
    memset(&env, 0, sizeof(env));
    env.common.env_self = &env;
    env.common.exception_index = -1;
    reset_tlb();
    setup();
    check(tcg_code_exec(code, &env), "jit");
}

static TCGCode *finish(void)
{
    tcg_gen_exit_tb();
    TCGCode *code = tcg_finalize();
    CHECK(code != NULL);
    return code;
}

/* ------------------------------------------------------------ op tables */

typedef struct Vec {
    uint64_t a, b, r;
} Vec;

#define MIN64 0x8000000000000000ull
#define MIN32 0x80000000ull
#define M1_64 0xffffffffffffffffull
#define M1_32 0xffffffffull

typedef struct BinTest {
    const char *name;
    void (*g32)(TCGv_i32, TCGv_i32, TCGv_i32);
    void (*g64)(TCGv_i64, TCGv_i64, TCGv_i64);
    Vec v32[NVEC], v64[NVEC];
} BinTest;

#define BT(n) #n, tcg_gen_##n##_i32, tcg_gen_##n##_i64

static const BinTest bin_tests[] = {
    {BT(add),
     {{1, 2, 3}, {M1_32, 1, 0}, {MIN32, MIN32, 0}},
     {{1, 2, 3}, {M1_64, 1, 0}, {MIN64, M1_64, 0x7fffffffffffffffull}}},
    {BT(sub),
     {{1, 2, M1_32}, {0, MIN32, MIN32}, {5, 5, 0}},
     {{1, 2, M1_64}, {0, MIN64, MIN64}}},
    {BT(mul),
     {{3, 5, 15}, {M1_32, M1_32, 1}, {0x10000, 0x10000, 0}},
     {{3, 5, 15}, {M1_64, M1_64, 1}, {1ull << 32, 1ull << 32, 0}}},
    {BT(and), {{0xf0f0, 0xff00, 0xf000}}, {{0xf0f0f0f0f0f0f0f0ull, 0xff, 0xf0}}},
    {BT(or), {{0xf0, 0x0f, 0xff}}, {{1ull << 63, 1, MIN64 | 1}}},
    {BT(xor), {{0xff, 0x0f, 0xf0}, {M1_32, M1_32, 0}}, {{M1_64, 1, M1_64 - 1}}},
    {BT(andc), {{0xff, 0x0f, 0xf0}}, {{M1_64, 1, M1_64 - 1}}},
    {BT(orc), {{0, 0, M1_32}, {0, M1_32, 0}}, {{0, 1, M1_64 - 1}}},
    {BT(eqv), {{0xff, 0x0f, 0xffffff0full}}, {{0, 0, M1_64}}},
    {BT(nand), {{M1_32, M1_32, 0}, {1, 2, M1_32}}, {{M1_64, 1, M1_64 - 1}}},
    {BT(nor), {{0, 0, M1_32}, {1, 2, M1_32 - 3}}, {{0, 1, M1_64 - 1}}},
    {BT(shl),
     {{1, 0, 1}, {1, 31, MIN32}, {1, 32, 1}, {1, 33, 2}, {3, 67, 24}},
     {{1, 0, 1}, {1, 63, MIN64}, {1, 64, 1}, {1, 65, 2}, {3, 131, 24}}},
    {BT(shr),
     {{MIN32, 0, MIN32}, {MIN32, 31, 1}, {MIN32, 32, MIN32}, {MIN32, 33, MIN32 >> 1}},
     {{MIN64, 0, MIN64}, {MIN64, 63, 1}, {MIN64, 64, MIN64}, {MIN64, 65, MIN64 >> 1}}},
    {BT(sar),
     {{MIN32, 0, MIN32},
      {MIN32, 31, M1_32},
      {MIN32, 32, MIN32},
      {MIN32, 1, 0xc0000000},
      {0x40000000, 30, 1}},
     {{MIN64, 0, MIN64},
      {MIN64, 63, M1_64},
      {MIN64, 64, MIN64},
      {MIN64, 1, 0xc000000000000000ull}}},
    {BT(rotl),
     {{0x80000001, 0, 0x80000001},
      {0x80000001, 1, 3},
      {0x80000001, 31, 0xc0000000},
      {0x80000001, 32, 0x80000001},
      {0x12345678, 36, 0x23456781}},
     {{MIN64 | 1, 0, MIN64 | 1},
      {MIN64 | 1, 1, 3},
      {MIN64 | 1, 63, 0xc000000000000000ull},
      {MIN64 | 1, 64, MIN64 | 1},
      {0x123456789abcdef0ull, 68, 0x23456789abcdef01ull}}},
    {BT(rotr),
     {{0x80000001, 0, 0x80000001},
      {0x80000001, 1, 0xc0000000},
      {0x80000001, 31, 3},
      {0x12345678, 32, 0x12345678},
      {0x12345678, 4, 0x81234567}},
     {{MIN64 | 1, 0, MIN64 | 1},
      {MIN64 | 1, 1, 0xc000000000000000ull},
      {MIN64 | 1, 63, 3},
      {3, 64, 3}}},
    {BT(div),
     {{7, 2, 3},
      {-7u & M1_32, 2, -3u & M1_32},
      {7, 0, 0},
      {MIN32, M1_32, MIN32},
      {MIN32, 1, MIN32},
      {7, -2u & M1_32, -3u & M1_32}},
     {{7, 2, 3}, {-7ull, 2, -3ull}, {7, 0, 0}, {MIN64, M1_64, MIN64}, {0, 0, 0}}},
    {BT(divu),
     {{7, 2, 3}, {M1_32, 2, 0x7fffffff}, {7, 0, 0}, {MIN32, M1_32, 0}},
     {{7, 2, 3}, {M1_64, 2, M1_64 >> 1}, {7, 0, 0}}},
    {BT(rem),
     {{7, 2, 1}, {-7u & M1_32, 2, M1_32}, {7, 0, 7}, {MIN32, M1_32, 0}, {7, -2u & M1_32, 1}},
     {{7, 2, 1}, {-7ull, 2, M1_64}, {7, 0, 7}, {MIN64, M1_64, 0}, {MIN64, 0, MIN64}}},
    {BT(remu),
     {{7, 2, 1}, {M1_32, 10, 5}, {7, 0, 7}},
     {{7, 2, 1}, {M1_64, 10, 5}, {7, 0, 7}, {0, 0, 0}}},
    {BT(clz),
     {{0, 99, 99}, {1, 99, 31}, {MIN32, 99, 0}, {0x10000, 0, 15}},
     {{0, 99, 99}, {1, 99, 63}, {MIN64, 99, 0}, {1ull << 32, 0, 31}}},
    {BT(ctz),
     {{0, 99, 99}, {1, 99, 0}, {MIN32, 99, 31}, {0x10000, 0, 16}},
     {{0, 99, 99}, {1, 99, 0}, {MIN64, 99, 63}, {1ull << 32, 0, 32}}},
};

static unsigned vec_count(const Vec *v)
{
    unsigned n = 0;
    while (n < NVEC && (v[n].a || v[n].b || v[n].r || n == 0))
        n++;
    return n;
}

/* The vectors of the TB being checked (the check callbacks take no context). */
static const Vec *cur_vec;
static unsigned cur_n;
static bool cur_is64;
static const char *cur_name;

static void setup_vectors(void)
{
    for (unsigned i = 0; i < cur_n; i++) {
        env.a64[i] = cur_vec[i].a;
        env.b64[i] = cur_vec[i].b;
        env.a32[i] = (uint32_t)cur_vec[i].a;
        env.b32[i] = (uint32_t)cur_vec[i].b;
    }
}

static void check_vectors(TBExit exit, const char *tier)
{
    CHECK_EQ(TB_EXIT_REASON(exit), TB_EXIT_NOCHAIN);
    for (unsigned i = 0; i < cur_n; i++) {
        for (unsigned form = 0; form < 3; form++) {
            uint64_t got = cur_is64 ? env.out64[form * NVEC + i] : env.out32[form * NVEC + i];
            if (got != cur_vec[i].r) {
                printf("  %s %s_i%d form %u vector %u (0x%" PRIx64 ", 0x%" PRIx64
                       "): got 0x%" PRIx64 ", expected 0x%" PRIx64 "\n",
                       tier, cur_name, cur_is64 ? 64 : 32, form, i, cur_vec[i].a, cur_vec[i].b,
                       got, cur_vec[i].r);
                test_case_failed = 1;
            }
        }
    }
}

/*
 * Form 0: both operands from globals.  Form 1: b immediate.  Form 2: both
 * constant (folded by the optimizer).
 */
static void test_binops(void)
{
    for (unsigned t = 0; t < sizeof(bin_tests) / sizeof(bin_tests[0]); t++) {
        const BinTest *bt = &bin_tests[t];
        for (int is64 = 0; is64 < 2; is64++) {
            cur_vec = is64 ? bt->v64 : bt->v32;
            cur_n = vec_count(cur_vec);
            cur_is64 = is64;
            cur_name = bt->name;
            tcg_func_start();
            for (unsigned i = 0; i < cur_n; i++) {
                if (is64) {
                    bt->g64(O64[i], A64[i], B64[i]);
                    bt->g64(O64[NVEC + i], A64[i], tcg_constant_i64(cur_vec[i].b));
                    bt->g64(O64[2 * NVEC + i], tcg_constant_i64(cur_vec[i].a),
                            tcg_constant_i64(cur_vec[i].b));
                } else {
                    bt->g32(O32[i], A32[i], B32[i]);
                    bt->g32(O32[NVEC + i], A32[i], tcg_constant_i32(cur_vec[i].b));
                    bt->g32(O32[2 * NVEC + i], tcg_constant_i32(cur_vec[i].a),
                            tcg_constant_i32(cur_vec[i].b));
                }
            }
            TCGCode *code = finish();
            if (code)
                run_tiers(code, setup_vectors, check_vectors);
            tcg_code_free(code);
        }
    }
}

typedef struct UnTest {
    const char *name;
    void (*g32)(TCGv_i32, TCGv_i32);
    void (*g64)(TCGv_i64, TCGv_i64);
    Vec v32[NVEC], v64[NVEC]; /* a -> r (b unused) */
} UnTest;

static const UnTest un_tests[] = {
    {BT(mov), {{5, 0, 5}}, {{M1_64, 0, M1_64}}},
    {BT(neg), {{1, 0, M1_32}, {MIN32, 0, MIN32}}, {{1, 0, M1_64}, {0, 0, 0}}},
    {BT(not ), {{0, 0, M1_32}}, {{1, 0, M1_64 - 1}}},
    {BT(ext8s),
     {{0x80, 0, 0xffffff80}, {0x17f, 0, 0x7f}},
     {{0x80, 0, 0xffffffffffffff80ull}, {0x17f, 0, 0x7f}}},
    {BT(ext8u), {{0x180, 0, 0x80}}, {{M1_64, 0, 0xff}}},
    {BT(ext16s),
     {{0x8000, 0, 0xffff8000}, {0x17fff, 0, 0x7fff}},
     {{0x8000, 0, 0xffffffffffff8000ull}}},
    {BT(ext16u), {{0x18000, 0, 0x8000}}, {{M1_64, 0, 0xffff}}},
    {BT(bswap16), {{0xaabb1234, 0, 0x3412}}, {{0xaabb1234, 0, 0x3412}}},
    {BT(bswap32), {{0x12345678, 0, 0x78563412}}, {{0xffffffff12345678ull, 0, 0x78563412}}},
    {BT(ctpop), {{0, 0, 0}, {M1_32, 0, 32}, {0x10101, 0, 3}}, {{0, 0, 0}, {M1_64, 0, 64}}},
};

static void test_unops(void)
{
    for (unsigned t = 0; t < sizeof(un_tests) / sizeof(un_tests[0]); t++) {
        const UnTest *ut = &un_tests[t];
        for (int is64 = 0; is64 < 2; is64++) {
            cur_vec = is64 ? ut->v64 : ut->v32;
            cur_n = vec_count(cur_vec);
            cur_is64 = is64;
            cur_name = ut->name;
            tcg_func_start();
            for (unsigned i = 0; i < cur_n; i++) {
                /* Form 1 repeats form 0 through a TB temp. */
                if (is64) {
                    TCGv_i64 t = tcg_temp_new_i64();
                    ut->g64(O64[i], A64[i]);
                    ut->g64(t, A64[i]);
                    tcg_gen_mov_i64(O64[NVEC + i], t);
                    ut->g64(O64[2 * NVEC + i], tcg_constant_i64(cur_vec[i].a));
                } else {
                    TCGv_i32 t = tcg_temp_new_i32();
                    ut->g32(O32[i], A32[i]);
                    ut->g32(t, A32[i]);
                    tcg_gen_mov_i32(O32[NVEC + i], t);
                    ut->g32(O32[2 * NVEC + i], tcg_constant_i32(cur_vec[i].a));
                }
            }
            TCGCode *code = finish();
            if (code)
                run_tiers(code, setup_vectors, check_vectors);
            tcg_code_free(code);
        }
    }
}

/* ------------------------------------------------------------ one-off TBs */

/* A TB checked by a list of (location, expected) pairs after each tier. */
typedef struct Expect {
    const char *what;
    const void *where;
    unsigned size;
    uint64_t value;
} Expect;

static Expect expects[64];
static unsigned nb_expects;
static TBExit expect_exit;
static SetupFn cur_setup;

static void expect(const char *what, const void *where, unsigned size, uint64_t value)
{
    expects[nb_expects++] = (Expect){what, where, size, value};
}
#define EXPECT(field, value) expect(#field, &env.field, sizeof(env.field), (value))

static void check_expects(TBExit exit, const char *tier)
{
    if (exit != expect_exit) {
        printf("  %s: exit 0x%" PRIx64 ", expected 0x%" PRIx64 "\n", tier, exit, expect_exit);
        test_case_failed = 1;
    }
    for (unsigned i = 0; i < nb_expects; i++) {
        uint64_t got = 0;
        memcpy(&got, expects[i].where, expects[i].size);
        if (got != expects[i].value) {
            printf("  %s: %s = 0x%" PRIx64 ", expected 0x%" PRIx64 "\n", tier, expects[i].what,
                   got, expects[i].value);
            test_case_failed = 1;
        }
    }
}

static void no_setup(void) {}

static void start(SetupFn setup)
{
    nb_expects = 0;
    expect_exit = TB_EXIT_NOCHAIN;
    cur_setup = setup ? setup : no_setup;
    tcg_func_start();
}

static void run_expect(TCGCode *code)
{
    if (code)
        run_tiers(code, cur_setup, check_expects);
    tcg_code_free(code);
}

static void setup_wide(void)
{
    env.a64[0] = M1_64;
    env.b64[0] = M1_64;
    env.a64[1] = 0x123456789ull;
    env.b64[1] = 0x987654321ull;
    env.a32[0] = M1_32;
    env.b32[0] = M1_32;
    env.a32[1] = MIN32;
    env.b32[1] = 2;
    /* add2/sub2 operands: (a64[2]:a64[3]) and (b64[2]:b64[3]) */
    env.a64[2] = M1_64;
    env.a64[3] = 1;
    env.b64[2] = 1;
    env.b64[3] = 2;
    env.a32[2] = M1_32;
    env.a32[3] = 1;
    env.b32[2] = 1;
    env.b32[3] = 2;
}

static void test_double_width(void)
{
    start(setup_wide);
    tcg_gen_mulu2_i64(O64[0], O64[1], A64[0], B64[0]);
    tcg_gen_muls2_i64(O64[2], O64[3], A64[0], B64[0]);
    tcg_gen_mulu2_i64(O64[4], O64[5], A64[1], B64[1]);
    tcg_gen_mulu2_i32(O32[0], O32[1], A32[0], B32[0]);
    tcg_gen_muls2_i32(O32[2], O32[3], A32[0], B32[0]);
    tcg_gen_muls2_i32(O32[4], O32[5], A32[1], B32[1]);
    tcg_gen_add2_i64(O64[6], O64[7], A64[2], A64[3], B64[2], B64[3]);
    tcg_gen_sub2_i64(O64[8], O64[9], B64[2], B64[3], A64[2], A64[3]);
    tcg_gen_add2_i32(O32[6], O32[7], A32[2], A32[3], B32[2], B32[3]);
    tcg_gen_sub2_i32(O32[8], O32[9], B32[2], B32[3], A32[2], A32[3]);
    /* An output overlapping an input: lo = al must not corrupt hi. */
    tcg_gen_add2_i64(C64[0], C64[1], A64[2], A64[3], A64[2], A64[3]);
    EXPECT(out64[0], 1);
    EXPECT(out64[1], M1_64 - 1);
    EXPECT(out64[2], 1);
    EXPECT(out64[3], 0);
    EXPECT(out64[4], (uint64_t)((unsigned __int128)0x123456789ull * 0x987654321ull));
    EXPECT(out64[5], (uint64_t)(((unsigned __int128)0x123456789ull * 0x987654321ull) >> 64));
    EXPECT(out32[0], 1);
    EXPECT(out32[1], M1_32 - 1);
    EXPECT(out32[2], 1);
    EXPECT(out32[3], 0);
    EXPECT(out32[4], 0);
    EXPECT(out32[5], M1_32);
    EXPECT(out64[6], 0);
    EXPECT(out64[7], 4);
    EXPECT(out64[8], 2);
    EXPECT(out64[9], 0);
    EXPECT(out32[6], 0);
    EXPECT(out32[7], 4);
    EXPECT(out32[8], 2);
    EXPECT(out32[9], 0);
    EXPECT(c64[0], M1_64 - 1);
    EXPECT(c64[1], 3);
    run_expect(finish());
}

static void setup_fields(void)
{
    env.a64[0] = 0xfedcba9876543210ull;
    env.b64[0] = 0x0123456789abcdefull;
    env.a32[0] = 0xfedcba98;
    env.b32[0] = 0x01234567;
}

static void test_bitfields(void)
{
    start(setup_fields);
    tcg_gen_extract_i64(O64[0], A64[0], 0, 64);
    tcg_gen_extract_i64(O64[1], A64[0], 60, 4);
    tcg_gen_extract_i64(O64[2], A64[0], 0, 1);
    tcg_gen_sextract_i64(O64[3], A64[0], 60, 4);
    tcg_gen_sextract_i64(O64[4], A64[0], 4, 8);
    tcg_gen_deposit_i64(O64[5], A64[0], B64[0], 0, 64);
    tcg_gen_deposit_i64(O64[6], A64[0], B64[0], 60, 4);
    tcg_gen_deposit_i64(O64[7], A64[0], B64[0], 8, 16);
    tcg_gen_extract2_i64(O64[8], A64[0], B64[0], 0);
    tcg_gen_extract2_i64(O64[9], A64[0], B64[0], 8);
    tcg_gen_extract2_i64(O64[10], A64[0], B64[0], 63);
    tcg_gen_extract_i32(O32[0], A32[0], 0, 32);
    tcg_gen_extract_i32(O32[1], A32[0], 28, 4);
    tcg_gen_sextract_i32(O32[2], A32[0], 28, 4);
    tcg_gen_sextract_i32(O32[3], A32[0], 0, 32);
    tcg_gen_deposit_i32(O32[4], A32[0], B32[0], 31, 1);
    tcg_gen_deposit_i32(O32[5], A32[0], B32[0], 0, 32);
    tcg_gen_extract2_i32(O32[6], A32[0], B32[0], 8);
    tcg_gen_extract2_i32(O32[7], A32[0], B32[0], 31);
    /* The same with constant inputs, folded by the optimizer. */
    tcg_gen_sextract_i64(O64[11], tcg_constant_i64(0xfedcba9876543210ll), 60, 4);
    tcg_gen_deposit_i32(O32[8], tcg_constant_i32(0), tcg_constant_i32(0xff), 28, 4);
    tcg_gen_extract2_i64(O64[12], tcg_constant_i64(0xfedcba9876543210ll),
                         tcg_constant_i64(0x0123456789abcdefll), 8);
    EXPECT(out64[0], 0xfedcba9876543210ull);
    EXPECT(out64[1], 0xf);
    EXPECT(out64[2], 0);
    EXPECT(out64[3], M1_64);
    EXPECT(out64[4], 0x21);
    EXPECT(out64[5], 0x0123456789abcdefull);
    EXPECT(out64[6], 0xfedcba9876543210ull);
    EXPECT(out64[7], 0xfedcba9876cdef10ull);
    EXPECT(out64[8], 0xfedcba9876543210ull);
    EXPECT(out64[9], 0xeffedcba98765432ull);
    EXPECT(out64[10], 0x02468acf13579bdeull | 1);
    EXPECT(out32[0], 0xfedcba98);
    EXPECT(out32[1], 0xf);
    EXPECT(out32[2], M1_32);
    EXPECT(out32[3], 0xfedcba98);
    EXPECT(out32[4], 0xfedcba98);
    EXPECT(out32[5], 0x01234567);
    EXPECT(out32[6], 0x67fedcba);
    EXPECT(out32[7], 0x02468acf | 1);
    EXPECT(out64[11], M1_64);
    EXPECT(out32[8], 0xf0000000);
    EXPECT(out64[12], 0xeffedcba98765432ull);
    run_expect(finish());
}

static void setup_conv(void)
{
    env.a64[0] = 0x0123456789abcdefull;
    env.a64[1] = 0x80000000ull;
    env.a64[2] = 0x123456789abcdef0ull;
    env.b64[2] = 0x1111111111111111ull;
    env.a64[3] = 0x8000000000000000ull;
    env.a32[0] = 0x80000001;
}

static void test_conversions(void)
{
    start(setup_conv);
    tcg_gen_ext32s_i64(O64[0], A64[1]);
    tcg_gen_ext32u_i64(O64[1], A64[0]);
    tcg_gen_ext_i32_i64(O64[2], A32[0]);
    tcg_gen_extu_i32_i64(O64[3], A32[0]);
    tcg_gen_extrl_i64_i32(O32[0], A64[0]);
    tcg_gen_extrh_i64_i32(O32[1], A64[0]);
    tcg_gen_bswap64_i64(O64[4], A64[0]);
    EXPECT(out64[0], 0xffffffff80000000ull);
    EXPECT(out64[1], 0x89abcdef);
    EXPECT(out64[2], 0xffffffff80000001ull);
    EXPECT(out64[3], 0x80000001);
    EXPECT(out32[0], 0x89abcdef);
    EXPECT(out32[1], 0x01234567);
    EXPECT(out64[4], 0xefcdab8967452301ull);
    /* 32-bit guest ops: an i64 op then ext32u (fused by the interpreter). */
    TCGv_i64 t1 = tcg_temp_new_i64(), t2 = tcg_temp_new_i64(), t3 = tcg_temp_new_i64();
    tcg_gen_add_i64(t1, A64[2], B64[2]);
    tcg_gen_ext32u_i64(O64[5], t1);
    tcg_gen_shli_i64(t2, A64[2], 4);
    tcg_gen_ext32u_i64(O64[6], t2);
    tcg_gen_sari_i64(t3, A64[3], 32);
    tcg_gen_ext32u_i64(O64[7], t3);
    tcg_gen_mov_i64(O64[8], t3); /* t3 read again: not fused */
    EXPECT(out64[5], 0xabcdf001);
    EXPECT(out64[6], 0xabcdef00);
    EXPECT(out64[7], 0x80000000);
    EXPECT(out64[8], 0xffffffff80000000ull);
    run_expect(finish());
}

/* ------------------------------------------------------------ flag fusions */

static void setup_flags(void)
{
    env.a64[4] = MIN64;
    env.b64[4] = 1;
    env.a64[5] = 0x7fffffffffffffffull;
    env.b64[5] = 1;
    env.a64[6] = 0x123456789abcdef0ull;
    env.b64[6] = 0x0fedcba987654321ull;
    env.a64[7] = 0xffffffff80000000ull;
}

static uint64_t sub_v(uint64_t a, uint64_t b) { return ((a - b) ^ a) & (a ^ b); }
static uint64_t add_v(uint64_t a, uint64_t b) { return ((a + b) ^ a) & ~(a ^ b); }

/* xor t1, r, a; xor t2, a, b; and|andc d, t1, t2 into v (the A64 V flag). */
static void gen_v(TCGv_i64 v, TCGv_i64 r, TCGv_i64 a, TCGv_i64 b, bool andc, bool swap)
{
    TCGv_i64 t1 = tcg_temp_new_i64(), t2 = tcg_temp_new_i64();
    tcg_gen_xor_i64(t1, r, a);
    tcg_gen_xor_i64(t2, a, b);
    if (andc)
        tcg_gen_andc_i64(v, t1, t2);
    else if (swap)
        tcg_gen_and_i64(v, t2, t1);
    else
        tcg_gen_and_i64(v, t1, t2);
}

/* The ops of a 64-bit A64 SUBS, into out, out + 1 (C), + 2 (V), + 3 (Z). */
static void gen_subs(TCGv_i64 n, TCGv_i64 a, TCGv_i64 b)
{
    TCGv_i64 *o = &O64[0];
    while (o[0] != n)
        o++;
    tcg_gen_sub_i64(n, a, b);
    tcg_gen_setcond_i64(TCG_COND_GEU, o[1], a, b);
    gen_v(o[2], n, a, b, false, false);
    tcg_gen_mov_i64(o[3], n);
}

/*
 * A 32-bit A64 SUBS as the translator writes it: N, C, V, Z into out and
 * the three outputs after it, the result into d if not NULL; b NULL
 * stands for the constant bconst.
 */
static void gen_subs32(TCGv_i64 n, TCGv_i64 a, TCGv_i64 b, uint64_t bconst, TCGv_i64 d)
{
    TCGv_i64 *o = &O64[0];
    while (o[0] != n)
        o++;
    TCGv_i64 za = tcg_temp_new_i64(), zb = b ? tcg_temp_new_i64() : tcg_constant_i64(bconst);
    TCGv_i64 r = tcg_temp_new_i64();
    TCGv_i64 t1 = tcg_temp_new_i64(), t2 = tcg_temp_new_i64();
    tcg_gen_ext32u_i64(za, a);
    if (b)
        tcg_gen_ext32u_i64(zb, b);
    tcg_gen_sub_i64(r, za, zb);
    tcg_gen_setcond_i64(TCG_COND_GEU, o[1], za, zb);
    tcg_gen_xor_i64(t1, r, za);
    tcg_gen_xor_i64(t2, za, zb);
    tcg_gen_and_i64(t1, t1, t2);
    tcg_gen_ext32s_i64(o[2], t1);
    tcg_gen_ext32s_i64(n, r);
    tcg_gen_ext32u_i64(o[3], r);
    if (d)
        tcg_gen_ext32u_i64(d, r);
}

static void expect_subs32(unsigned i, uint32_t a, uint32_t b)
{
    uint32_t r = a - b;
    EXPECT(out64[i], (uint64_t)(int32_t)r);
    EXPECT(out64[i + 1], a >= b);
    EXPECT(out64[i + 2], (uint64_t)(int32_t)((r ^ a) & (a ^ b)));
    EXPECT(out64[i + 3], r);
}

/*
 * Op runs the interpreter fuses into one handler (V flag, multi-extension),
 * and near misses it must not; every result against the plain computation.
 */
static void test_flag_fusions(void)
{
    const uint64_t a4 = MIN64, a5 = 0x7fffffffffffffffull, a6 = 0x123456789abcdef0ull;
    const uint64_t b6 = 0x0fedcba987654321ull, a7 = 0xffffffff80000000ull;
    start(setup_flags);
    TCGv_i64 r = tcg_temp_new_i64(), t = tcg_temp_new_i64();
    tcg_gen_sub_i64(r, A64[4], B64[4]);
    gen_v(O64[0], r, A64[4], B64[4], false, false);
    EXPECT(out64[0], sub_v(a4, 1));
    tcg_gen_add_i64(r, A64[5], B64[5]);
    gen_v(t, r, A64[5], B64[5], true, false); /* d is a temp read later */
    tcg_gen_mov_i64(O64[1], t);
    EXPECT(out64[1], add_v(a5, 1));
    tcg_gen_sub_i64(r, A64[6], B64[6]);
    gen_v(O64[2], r, A64[6], B64[6], false, true);
    EXPECT(out64[2], sub_v(a6, b6));

    /* The 32-bit form: zero-extended inputs, constant b, V sign-extended. */
    TCGv_i64 z = tcg_temp_new_i64(), t1 = tcg_temp_new_i64(), t2 = tcg_temp_new_i64();
    tcg_gen_ext32u_i64(z, A64[7]);
    tcg_gen_subi_i64(r, z, 1);
    tcg_gen_xor_i64(t1, r, z);
    tcg_gen_xori_i64(t2, z, 1);
    tcg_gen_and_i64(t1, t1, t2);
    tcg_gen_ext32s_i64(O64[3], t1);
    EXPECT(out64[3], (uint64_t)(int32_t)sub_v((uint32_t)a7, 1));

    /* Near miss: t1 read after the and, so no fusion. */
    TCGv_i64 t3 = tcg_temp_new_i64(), t4 = tcg_temp_new_i64();
    tcg_gen_xor_i64(t3, A64[6], B64[6]);
    tcg_gen_xor_i64(t4, A64[4], B64[4]);
    tcg_gen_and_i64(O64[4], t3, t4);
    tcg_gen_mov_i64(O64[5], t3);
    EXPECT(out64[4], (a6 ^ b6) & (a4 ^ 1));
    EXPECT(out64[5], a6 ^ b6);

    /* One source, several extensions; the last may overwrite the source. */
    tcg_gen_ext32s_i64(O64[6], A64[7]);
    tcg_gen_ext32u_i64(O64[7], A64[7]);
    tcg_gen_ext32u_i64(O64[8], A64[7]);
    tcg_gen_ext32u_i64(O64[9], A64[6]);
    tcg_gen_ext32u_i64(O64[10], A64[6]);
    TCGv_i64 s = tcg_temp_new_i64();
    tcg_gen_mov_i64(s, A64[7]);
    tcg_gen_ext32s_i64(O64[11], s);
    tcg_gen_ext32u_i64(s, s);
    tcg_gen_mov_i64(O64[12], s);
    EXPECT(out64[6], 0xffffffff80000000ull);
    EXPECT(out64[7], 0x80000000);
    EXPECT(out64[8], 0x80000000);
    EXPECT(out64[9], 0x9abcdef0);
    EXPECT(out64[10], 0x9abcdef0);
    EXPECT(out64[11], 0xffffffff80000000ull);
    EXPECT(out64[12], 0x80000000);

    /* sub then its borrow as C: fused unless the sub overwrites an input. */
    TCGv_i64 u = tcg_temp_new_i64();
    tcg_gen_sub_i64(O64[13], A64[6], B64[6]);
    tcg_gen_setcond_i64(TCG_COND_GEU, O64[14], A64[6], B64[6]);
    tcg_gen_subi_i64(O64[15], A64[4], 0x10);
    tcg_gen_setcond_i64(TCG_COND_GEU, O64[16], A64[4], tcg_constant_i64(0x10));
    tcg_gen_sub_i64(O64[17], B64[4], A64[4]);
    tcg_gen_setcond_i64(TCG_COND_GEU, O64[18], B64[4], A64[4]);
    tcg_gen_mov_i64(u, A64[5]);
    tcg_gen_sub_i64(u, u, B64[5]);
    tcg_gen_setcond_i64(TCG_COND_GEU, O64[19], u, B64[5]);
    EXPECT(out64[13], a6 - b6);
    EXPECT(out64[14], 1);
    EXPECT(out64[15], a4 - 0x10);
    EXPECT(out64[16], 1);
    EXPECT(out64[17], 1 - a4);
    EXPECT(out64[18], 0);
    EXPECT(out64[19], a5 - 1 >= 1);

    /* A whole 64-bit SUBS (N, C, V, Z), register and constant forms. */
    gen_subs(O64[20], A64[4], B64[4]);
    gen_subs(O64[24], A64[6], tcg_constant_i64(0x7000000000000000ull));
    EXPECT(out64[20], a4 - 1);
    EXPECT(out64[21], 1);
    EXPECT(out64[22], sub_v(a4, 1));
    EXPECT(out64[23], a4 - 1);
    EXPECT(out64[24], a6 - 0x7000000000000000ull);
    EXPECT(out64[25], 0);
    EXPECT(out64[26], sub_v(a6, 0x7000000000000000ull));
    EXPECT(out64[27], a6 - 0x7000000000000000ull);

    /* Scaled index: shl then add, either add order; not when t lives on. */
    TCGv_i64 sh = tcg_temp_new_i64(), sh1 = tcg_temp_new_i64(), sh2 = tcg_temp_new_i64();
    tcg_gen_shli_i64(sh1, A64[6], 3);
    tcg_gen_add_i64(O64[28], B64[6], sh1);
    tcg_gen_shli_i64(sh2, A64[7], 63);
    tcg_gen_add_i64(O64[29], sh2, B64[6]);
    tcg_gen_shli_i64(sh, A64[5], 2);
    tcg_gen_add_i64(O64[30], sh, A64[4]);
    tcg_gen_mov_i64(O64[31], sh);
    EXPECT(out64[28], b6 + (a6 << 3));
    EXPECT(out64[29], b6 + (a7 << 63));
    EXPECT(out64[30], a4 + (a5 << 2));
    EXPECT(out64[31], a5 << 2);

    /* Whole 32-bit CMP (register, constant) and SUBS with a result. */
    gen_subs32(O64[32], A64[7], B64[4], 0, NULL);
    gen_subs32(O64[36], A64[6], NULL, 0x9abcdef1, NULL);
    gen_subs32(O64[40], A64[7], NULL, 1, O64[44]);
    expect_subs32(32, (uint32_t)a7, 1);
    expect_subs32(36, (uint32_t)a6, 0x9abcdef1);
    expect_subs32(40, (uint32_t)a7, 1);
    EXPECT(out64[44], (uint32_t)(a7 - 1));
    run_expect(finish());
}

/* ------------------------------------------------------------ conditions */

static bool ref_cond(TCGCond c, uint64_t a, uint64_t b, bool is64)
{
    int64_t sa = is64 ? (int64_t)a : (int32_t)a, sb = is64 ? (int64_t)b : (int32_t)b;
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
        return sa < sb;
    case TCG_COND_GE:
        return sa >= sb;
    case TCG_COND_LE:
        return sa <= sb;
    case TCG_COND_GT:
        return sa > sb;
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

static const uint64_t cond_pairs[][2] = {
    {1, 2}, {2, 1}, {5, 5}, {M1_64, 1}, {1, M1_64}, {MIN64, 0x7fffffffffffffffull}, {0x6, 0x9},
};
#define NPAIRS (sizeof(cond_pairs) / sizeof(cond_pairs[0]))

static void setup_pairs(void)
{
    for (unsigned i = 0; i < NPAIRS; i++) {
        env.a64[i] = cond_pairs[i][0];
        env.b64[i] = cond_pairs[i][1];
        /* The i32 views: low halves, except that M1/MIN become 32-bit ones. */
        env.a32[i] = (uint32_t)(cond_pairs[i][0] >> (cond_pairs[i][0] == MIN64 ? 32 : 0));
        env.b32[i] = (uint32_t)cond_pairs[i][1];
    }
}

/*
 * One TB per condition and width: setcond (global and immediate forms),
 * negsetcond, movcond and brcond (taken or not: which value is stored).
 */
static void test_conditions(void)
{
    for (TCGCond c = TCG_COND_NEVER; c <= TCG_COND_TSTNE; c++) {
        for (int is64 = 0; is64 < 2; is64++) {
            start(setup_pairs);
            setup_pairs(); /* for computing the expected values below */
            for (unsigned i = 0; i < NPAIRS; i++) {
                uint64_t a = is64 ? env.a64[i] : env.a32[i], b = is64 ? env.b64[i] : env.b32[i];
                bool r = ref_cond(c, a, b, is64);
                TCGLabel *l = gen_new_label(), *li = gen_new_label();
                if (is64) {
                    tcg_gen_setcond_i64(c, O64[i], A64[i], B64[i]);
                    tcg_gen_setcondi_i64(c, O64[NVEC + i], A64[i], (int64_t)b);
                    tcg_gen_negsetcond_i64(c, O64[2 * NVEC + i], A64[i], B64[i]);
                    tcg_gen_movcond_i64(c, C64[i], A64[i], B64[i], tcg_constant_i64(11),
                                        tcg_constant_i64(22));
                    tcg_gen_movi_i64(D64[i], 1);
                    tcg_gen_brcond_i64(c, A64[i], B64[i], l);
                    tcg_gen_movi_i64(D64[i], 0);
                    gen_set_label(l);
                    tcg_gen_movi_i64(O64[NVEC + 8 + i], 1);
                    tcg_gen_brcondi_i64(c, A64[i], (int64_t)b, li);
                    tcg_gen_movi_i64(O64[NVEC + 8 + i], 0);
                    gen_set_label(li);
                } else {
                    tcg_gen_setcond_i32(c, O32[i], A32[i], B32[i]);
                    tcg_gen_setcondi_i32(c, O32[NVEC + i], A32[i], (int32_t)b);
                    tcg_gen_negsetcond_i32(c, O32[2 * NVEC + i], A32[i], B32[i]);
                    tcg_gen_movcond_i32(c, C32[i], A32[i], B32[i], tcg_constant_i32(11),
                                        tcg_constant_i32(22));
                    tcg_gen_movi_i32(D32[i], 1);
                    tcg_gen_brcond_i32(c, A32[i], B32[i], l);
                    tcg_gen_movi_i32(D32[i], 0);
                    gen_set_label(l);
                    tcg_gen_movi_i32(O32[NVEC + 8 + i], 1);
                    tcg_gen_brcondi_i32(c, A32[i], (int32_t)b, li);
                    tcg_gen_movi_i32(O32[NVEC + 8 + i], 0);
                    gen_set_label(li);
                }
                if (is64) {
                    expect("setcond", &env.out64[i], 8, r);
                    expect("setcondi", &env.out64[NVEC + i], 8, r);
                    expect("negsetcond", &env.out64[2 * NVEC + i], 8, r ? M1_64 : 0);
                    expect("movcond", &env.c64[i], 8, r ? 11 : 22);
                    expect("brcond", &env.d64[i], 8, r);
                    expect("brcondi", &env.out64[NVEC + 8 + i], 8, r);
                } else {
                    expect("setcond", &env.out32[i], 4, r);
                    expect("setcondi", &env.out32[NVEC + i], 4, r);
                    expect("negsetcond", &env.out32[2 * NVEC + i], 4, r ? M1_32 : 0);
                    expect("movcond", &env.c32[i], 4, r ? 11 : 22);
                    expect("brcond", &env.d32[i], 4, r);
                    expect("brcondi", &env.out32[NVEC + 8 + i], 4, r);
                }
            }
            run_expect(finish());
            if (test_case_failed) {
                printf("  (cond %d, i%d)\n", c, is64 ? 64 : 32);
                return;
            }
        }
    }
    CHECK(tcg_invert_cond(TCG_COND_LTU) == TCG_COND_GEU);
    CHECK(tcg_invert_cond(TCG_COND_TSTEQ) == TCG_COND_TSTNE);
    CHECK(tcg_swap_cond(TCG_COND_LT) == TCG_COND_GT);
    CHECK(tcg_swap_cond(TCG_COND_GEU) == TCG_COND_LEU);
    CHECK(tcg_cond_eval(TCG_COND_LT, 0x80000000, 1, false));
    CHECK(!tcg_cond_eval(TCG_COND_LT, 0x80000000, 1, true));
}

/* A counted loop inside one TB: temps live across labels. */
static void test_loop(void)
{
    start(NULL);
    TCGv_i64 i = tcg_temp_new_i64(), sum = tcg_temp_new_i64();
    TCGLabel *top = gen_new_label();
    tcg_gen_movi_i64(i, 0);
    tcg_gen_movi_i64(sum, 0);
    gen_set_label(top);
    tcg_gen_add_i64(sum, sum, i);
    TCGv_i64 t = tcg_temp_new_i64();
    tcg_gen_muli_i64(t, i, 3); /* block-local, must not clobber i or sum */
    tcg_gen_add_i64(O64[1], O64[1], t);
    tcg_gen_addi_i64(i, i, 1);
    tcg_gen_brcondi_i64(TCG_COND_LTU, i, 100, top);
    tcg_gen_mov_i64(O64[0], sum);
    EXPECT(out64[0], 4950);
    EXPECT(out64[1], 3 * 4950);
    run_expect(finish());
}

/* ------------------------------------------------------------ memory */

static void setup_ram(void)
{
    for (unsigned i = 0; i < RAM_SIZE; i++)
        ram[i] = (uint8_t)(i * 7 + 1);
    ram[0x10] = 0x81;
    ram[0x11] = 0x82;
    ram[0x12] = 0x83;
    ram[0x13] = 0x84;
    ram[0x14] = 0x85;
    ram[0x15] = 0x86;
    ram[0x16] = 0x87;
    ram[0x17] = 0x88;
    env.a64[0] = RAM_BASE + 0x10;
    env.a64[1] = RAM_BASE + 0x11;   /* misaligned */
    env.a64[2] = RAM_BASE + 0x1010; /* second page: slow writes */
    env.a64[3] = 0x5000;            /* unmapped: faults */
    env.b64[0] = 0x1122334455667788ull;
    env.misc[0] = 0x0102030405060708ull;
    env.ptr = (uintptr_t)&env.misc[5];
    slow_loads = slow_stores = 0;
}

static void test_guest_loads(void)
{
    start(setup_ram);
    tcg_gen_insn_start(0x100, 0);
    tcg_gen_qemu_ld_i64(O64[0], A64[0], MMU, MO_UB);
    tcg_gen_qemu_ld_i64(O64[1], A64[0], MMU, MO_SB);
    tcg_gen_qemu_ld_i64(O64[2], A64[0], MMU, MO_UW);
    tcg_gen_qemu_ld_i64(O64[3], A64[0], MMU, MO_SW);
    tcg_gen_qemu_ld_i64(O64[4], A64[0], MMU, MO_UL);
    tcg_gen_qemu_ld_i64(O64[5], A64[0], MMU, MO_SL);
    tcg_gen_qemu_ld_i64(O64[6], A64[0], MMU, MO_UQ);
    tcg_gen_qemu_ld_i64(O64[7], A64[0], MMU, MO_UQ | MO_BE);
    tcg_gen_qemu_ld_i64(O64[8], A64[0], MMU, MO_SW | MO_BE);
    tcg_gen_qemu_ld_i64(O64[9], A64[1], MMU, MO_UL); /* misaligned: slow path */
    tcg_gen_qemu_ld_i64(O64[10], A64[1], MMU, MO_UL | MO_BE);
    tcg_gen_qemu_ld_i64(O64[11], A64[2], MMU, MO_UB); /* fast read on page 2 */
    tcg_gen_qemu_ld_i32(O32[0], A64[0], MMU, MO_SB);
    tcg_gen_qemu_ld_i32(O32[1], A64[0], MMU, MO_UL | MO_BE);
    tcg_gen_qemu_ld_i32(O32[2], A64[1], MMU, MO_SW); /* slow, sign-extended */
    EXPECT(out64[0], 0x81);
    EXPECT(out64[1], 0xffffffffffffff81ull);
    EXPECT(out64[2], 0x8281);
    EXPECT(out64[3], 0xffffffffffff8281ull);
    EXPECT(out64[4], 0x84838281);
    EXPECT(out64[5], 0xffffffff84838281ull);
    EXPECT(out64[6], 0x8887868584838281ull);
    EXPECT(out64[7], 0x8182838485868788ull);
    EXPECT(out64[8], 0xffffffffffff8182ull);
    EXPECT(out64[9], 0x85848382);
    EXPECT(out64[10], 0x82838485);
    EXPECT(out64[11], (uint8_t)(0x1010 * 7 + 1));
    EXPECT(out32[0], 0xffffff81);
    EXPECT(out32[1], 0x81828384);
    EXPECT(out32[2], 0xffff8382);
    run_expect(finish());
}

static uint64_t ram_word(unsigned ofs)
{
    uint64_t v;
    memcpy(&v, &ram[ofs], 8);
    return v;
}

static uint64_t ram_after_stores[4];
static unsigned stores_slow_seen;

static void check_stores(TBExit exit, const char *tier)
{
    check_expects(exit, tier);
    ram_after_stores[0] = ram_word(0x20);
    ram_after_stores[1] = ram_word(0x28);
    ram_after_stores[2] = ram_word(0x31);
    ram_after_stores[3] = ram_word(0x1010);
    CHECK_EQ(ram_after_stores[0], 0x8877665544332211ull);
    CHECK_EQ(ram_after_stores[1] & 0xffffffffffull, 0x9955667788ull);
    CHECK_EQ(ram_after_stores[2] & 0xffffffff, 0x55667788);
    CHECK_EQ(ram_after_stores[3] & 0xffff, 0x7788);
    CHECK_EQ(slow_stores, 2);
    stores_slow_seen = slow_stores;
}

static void test_guest_stores(void)
{
    start(setup_ram);
    TCGv_i64 addr = tcg_temp_new_i64();
    tcg_gen_insn_start(0x100, 0);
    tcg_gen_addi_i64(addr, A64[0], 0x10);
    tcg_gen_qemu_st_i64(B64[0], addr, MMU, MO_UQ | MO_BE);
    tcg_gen_addi_i64(addr, A64[0], 0x18);
    tcg_gen_qemu_st_i64(B64[0], addr, MMU, MO_UL);
    tcg_gen_addi_i64(addr, A64[0], 0x1c);
    tcg_gen_qemu_st_i32(tcg_constant_i32(0x99), addr, MMU, MO_UB);
    tcg_gen_addi_i64(addr, A64[0], 0x21);
    tcg_gen_qemu_st_i64(B64[0], addr, MMU, MO_UL);   /* misaligned: slow */
    tcg_gen_qemu_st_i64(B64[0], A64[2], MMU, MO_UW); /* MMIO page: slow */
    TCGCode *code = finish();
    if (code)
        run_tiers(code, setup_ram, check_stores);
    tcg_code_free(code);
}

/* A fault in the third instruction: exact insn index, earlier effects kept. */
static void test_guest_fault(void)
{
    start(setup_ram);
    tcg_gen_insn_start(0x100, 10);
    tcg_gen_movi_i64(PC, 0x100);
    tcg_gen_insn_start(0x104, 11);
    tcg_gen_movi_i64(O64[0], 1);
    tcg_gen_insn_start(0x108, 12);
    tcg_gen_qemu_ld_i64(O64[1], A64[3], MMU, MO_UQ);
    tcg_gen_movi_i64(O64[2], 1);
    tcg_gen_insn_start(0x10c, 13);
    tcg_gen_movi_i64(O64[3], 1);
    expect_exit = TB_EXIT_MAKE(TB_EXIT_EXCEPTION, 2);
    EXPECT(out64[0], 1);
    EXPECT(out64[2], 0);
    EXPECT(out64[3], 0);
    EXPECT(common.exception_index, 7);
    TCGCode *code = finish();
    CHECK_EQ(tcg_code_insn_count(code), 4);
    CHECK_EQ(tcg_code_insn_data(code, 2)[0], 0x108);
    CHECK_EQ(tcg_code_insn_data(code, 2)[1], 12);
    run_expect(code);

    /* MO_ALIGN on a misaligned address faults through the slow path. */
    start(setup_ram);
    tcg_gen_insn_start(0x200, 0);
    tcg_gen_qemu_ld_i64(O64[0], A64[0], MMU, MO_UL | MO_ALIGN);
    tcg_gen_insn_start(0x204, 0);
    tcg_gen_qemu_st_i64(O64[0], A64[1], MMU, MO_UL | MO_ALIGN);
    expect_exit = TB_EXIT_MAKE(TB_EXIT_EXCEPTION, 1);
    EXPECT(out64[0], 0x84838281);
    EXPECT(common.exception_index, 8);
    run_expect(finish());
}

static void test_host_memory(void)
{
    start(setup_ram);
    TCGv_i64 p = tcg_temp_new_i64();
    tcg_gen_ld8u_i64(O64[0], tcg_env, offsetof(FakeEnv, misc[0]) + 7);
    tcg_gen_ld8s_i64(O64[1], tcg_env, offsetof(FakeEnv, b64[0]));
    tcg_gen_ld16u_i64(O64[2], tcg_env, offsetof(FakeEnv, b64[0]));
    tcg_gen_ld16s_i32(O32[0], tcg_env, offsetof(FakeEnv, b64[0]));
    tcg_gen_ld32u_i64(O64[3], tcg_env, offsetof(FakeEnv, b64[0]) + 4);
    tcg_gen_ld32s_i64(O64[4], tcg_env, offsetof(FakeEnv, b64[0]));
    tcg_gen_ld_i64(O64[5], tcg_env, offsetof(FakeEnv, misc[0]));
    tcg_gen_ld_i32(O32[1], tcg_env, offsetof(FakeEnv, misc[0]));
    tcg_gen_st8_i64(B64[0], tcg_env, offsetof(FakeEnv, misc[2]));
    tcg_gen_st16_i32(tcg_constant_i32(0xabcd), tcg_env, offsetof(FakeEnv, misc[2]) + 4);
    tcg_gen_st32_i64(B64[0], tcg_env, offsetof(FakeEnv, misc[3]));
    tcg_gen_st_i64(B64[0], tcg_env, offsetof(FakeEnv, misc[4]));
    /* Through a pointer other than env. */
    tcg_gen_ld_i64(p, tcg_env, offsetof(FakeEnv, ptr));
    tcg_gen_st_i64(tcg_constant_i64(0x4242), p, 8);
    tcg_gen_ld16u_i64(O64[6], p, 8);
    /* A store to a global's memory must be seen by a later read of it. */
    tcg_gen_movi_i64(C64[0], 5);
    tcg_gen_st_i64(tcg_constant_i64(9), tcg_env, offsetof(FakeEnv, c64[0]));
    tcg_gen_addi_i64(O64[7], C64[0], 1);
    EXPECT(out64[0], 0x01);
    EXPECT(out64[1], 0xffffffffffffff88ull);
    EXPECT(out64[2], 0x7788);
    EXPECT(out32[0], 0x7788);
    EXPECT(out64[3], 0x11223344);
    EXPECT(out64[4], 0x55667788);
    EXPECT(out64[5], 0x0102030405060708ull);
    EXPECT(out32[1], 0x05060708);
    EXPECT(misc[2], 0xabcd00000088ull);
    EXPECT(misc[3], 0x55667788);
    EXPECT(misc[4], 0x1122334455667788ull);
    EXPECT(out64[6], 0x4242);
    EXPECT(out64[7], 10);
    EXPECT(misc[6], 0x4242);
    run_expect(finish());
}

/* ------------------------------------------------------------ helpers */

DEF_HELPER_1(h_env, TCG_CALL_NO_RWG, i64, env)
DEF_HELPER_2(h_sub32, TCG_CALL_NO_RWG | TCG_CALL_NO_SE, i32, i32, i32)
DEF_HELPER_3(h_mix, TCG_CALL_NO_RWG, i64, i64, i32, i64)
DEF_HELPER_4(h_sum4, TCG_CALL_NO_RWG, i64, i64, i64, i64, i64)
DEF_HELPER_5(h_sum5, TCG_CALL_NO_RWG, s32, s32, i64, i32, i64, i32)
DEF_HELPER_2(h_write_c0, 0, void, env, i64)
DEF_HELPER_2(h_fault_if, TCG_CALL_MAY_FAULT, void, env, i64)

uint64_t helper_h_env(void *e) { return e == &env ? 0x600d : 0xbad; }
uint32_t helper_h_sub32(uint32_t a, uint32_t b) { return a - b; }
uint64_t helper_h_mix(uint64_t a, uint32_t b, uint64_t c) { return a * 1000 + b * 10 + c; }
uint64_t helper_h_sum4(uint64_t a, uint64_t b, uint64_t c, uint64_t d) { return a + b + c + d; }
int32_t helper_h_sum5(int32_t a, uint64_t b, uint32_t c, uint64_t d, uint32_t e)
{
    return (int32_t)(a + b + c + d + e);
}
void helper_h_write_c0(void *e, uint64_t v) { ((FakeEnv *)e)->c64[0] = v; }
void helper_h_fault_if(void *e, uint64_t v)
{
    if (v)
        ((FakeEnv *)e)->common.exception_index = 3;
}

static void setup_helpers(void)
{
    env.a32[0] = 5;
    env.b32[0] = 7;
    env.a64[0] = 1;
    env.a64[1] = 0;
}

static void test_helpers(void)
{
    start(setup_helpers);
    tcg_gen_insn_start(0x100, 0);
    gen_helper_h_env(O64[0], tcg_env);
    gen_helper_h_sub32(O32[0], A32[0], B32[0]);
    gen_helper_h_sub32(O32[1], A32[0], A32[0]); /* unused result: removable */
    tcg_gen_movi_i32(O32[1], 42);
    gen_helper_h_mix(O64[1], tcg_constant_i64(3), A32[0], A64[0]);
    gen_helper_h_sum4(O64[2], A64[0], tcg_constant_i64(2), tcg_constant_i64(3),
                      tcg_constant_i64(4));
    gen_helper_h_sum5(O32[2], tcg_constant_i32(-1), tcg_constant_i64(1ll << 32), A32[0],
                      tcg_constant_i64(1), B32[0]);
    /* The optimizer knows c0 == 5 but the helper may write globals. */
    tcg_gen_movi_i64(C64[0], 5);
    gen_helper_h_write_c0(tcg_env, tcg_constant_i64(7));
    tcg_gen_addi_i64(O64[3], C64[0], 1);
    tcg_gen_insn_start(0x104, 0);
    gen_helper_h_fault_if(tcg_env, A64[1]);
    tcg_gen_movi_i64(O64[4], 1);
    tcg_gen_insn_start(0x108, 0);
    gen_helper_h_fault_if(tcg_env, A64[0]);
    tcg_gen_movi_i64(O64[5], 1);
    expect_exit = TB_EXIT_MAKE(TB_EXIT_EXCEPTION, 2);
    EXPECT(out64[0], 0x600d);
    EXPECT(out32[0], M1_32 - 1);
    EXPECT(out32[1], 42);
    EXPECT(out64[1], 3051);
    EXPECT(out64[2], 10);
    EXPECT(out32[2], 12);
    EXPECT(c64[0], 7);
    EXPECT(out64[3], 8);
    EXPECT(out64[4], 1);
    EXPECT(out64[5], 0);
    EXPECT(common.exception_index, 3);
    run_expect(finish());
}

/* ------------------------------------------------------------ exits */

static void test_exits(void)
{
    static const struct {
        int kind;
        TBExit exit;
    } cases[] = {{0, TB_EXIT_GOTO_TB0},
                 {1, TB_EXIT_GOTO_TB1},
                 {2, TB_EXIT_LOOKUP},
                 {3, TB_EXIT_NOCHAIN}};
    for (unsigned i = 0; i < 4; i++) {
        start(NULL);
        tcg_gen_insn_start(0x100, 0);
        tcg_gen_movi_i64(PC, 0x200 + i);
        if (cases[i].kind < 2)
            tcg_gen_goto_tb(cases[i].kind);
        else if (cases[i].kind == 2)
            tcg_gen_lookup_and_goto_ptr();
        else
            tcg_gen_exit_tb();
        tcg_gen_movi_i64(PC, 0xdead); /* unreachable */
        expect_exit = cases[i].exit;
        EXPECT(pc, 0x200 + i);
        run_expect(finish());
    }
}

static void setup_branch_exits(void)
{
    env.a64[0] = env.b64[0] = 7;
    env.a32[0] = env.b32[0] = 7;
}

/* A TB ending "brcond L; goto_tb 0; L: goto_tb 1", both ways, every operand form. */
static void test_branch_exits(void)
{
    for (unsigned form = 0; form < 8; form++) {
        bool is64 = form & 1, ri = form & 2, taken = form & 4;
        TCGLabel *l;
        start(setup_branch_exits);
        tcg_gen_insn_start(0x100, 0);
        l = gen_new_label();
        if (is64 && ri)
            tcg_gen_brcondi_i64(TCG_COND_EQ, A64[0], taken ? 7 : 8, l);
        else if (is64)
            tcg_gen_brcond_i64(taken ? TCG_COND_LE : TCG_COND_GT, A64[0], B64[0], l);
        else if (ri)
            tcg_gen_brcondi_i32(TCG_COND_EQ, A32[0], taken ? 7 : 8, l);
        else
            tcg_gen_brcond_i32(taken ? TCG_COND_GEU : TCG_COND_LTU, A32[0], B32[0], l);
        tcg_gen_movi_i64(PC, 0x200);
        tcg_gen_goto_tb(0);
        gen_set_label(l);
        tcg_gen_movi_i64(PC, 0x300);
        tcg_gen_goto_tb(1);
        expect_exit = taken ? TB_EXIT_GOTO_TB1 : TB_EXIT_GOTO_TB0;
        EXPECT(pc, taken ? 0x300 : 0x200);
        run_expect(tcg_finalize());
    }
}

/* One guest instruction: counter[idx]++, then leave through goto_tb slot. */
static TCGCode *counting_block(int idx, unsigned slot)
{
    start(NULL);
    tcg_gen_insn_start(0x100 + 4 * (unsigned)idx, 0);
    tcg_gen_addi_i64(A64[idx], A64[idx], 1);
    tcg_gen_movi_i64(PC, 0x100 + 4 * (unsigned)(1 - idx));
    tcg_gen_goto_tb(slot);
    TCGCode *code = tcg_finalize();
    CHECK(code != NULL);
    return code;
}

static void reset_env(void)
{
    memset(&env, 0, sizeof(env));
    env.common.env_self = &env;
    env.common.exception_index = -1;
    reset_tlb();
}

/* Run a from a fresh env with budget; check where and after how much it stops. */
static void check_chain_run(TCGCode *a, uint64_t budget, TCGCode *want_last, TBExit want_exit,
                            uint64_t want_insns, uint64_t want_a0, uint64_t want_a1)
{
    TCGChainRun run = {.budget = budget};
    reset_env();
    CHECK_EQ(tcg_code_exec_chain(a, &env, &run), want_exit);
    CHECK(run.last == want_last);
    CHECK_EQ(run.insns, want_insns);
    CHECK_EQ(env.a64[0], want_a0);
    CHECK_EQ(env.a64[1], want_a1);
}

/* Two blocks chained into a loop, run by each tier and across tiers. */
static void test_chaining(void)
{
    TCGCode *a = counting_block(0, 0), *b = counting_block(1, 1);
    if (!a || !b)
        return;
    tcg_code_set_chain(a, 0, b);
    tcg_code_set_chain(b, 1, a);
    for (int pass = 0; pass < (use_jit ? 3 : 1); pass++) {
        /* Pass 1 compiles a only (mixed chains), pass 2 both. */
        if (pass == 1)
            CHECK(tcg_code_compile(a));
        if (pass == 2)
            CHECK(tcg_code_compile(b));
        /* No budget: a alone, as tcg_code_exec. */
        check_chain_run(a, 0, a, TB_EXIT_GOTO_TB0, 0, 1, 0);
        /* Ten instructions: a b a b ... b, the last one exits. */
        check_chain_run(a, 10, b, TB_EXIT_GOTO_TB1, 9, 5, 5);
        /* An exit request stops the chain after the first block. */
        TCGChainRun run = {.budget = 10};
        reset_env();
        env.common.exit_request = 1;
        CHECK_EQ(tcg_code_exec_chain(a, &env, &run), TB_EXIT_GOTO_TB0);
        CHECK(run.last == a && run.insns == 0 && env.a64[1] == 0);
    }
    uint32_t runs_of_b = tcg_code_exec_count(b);
    CHECK(runs_of_b >= 5);
    /* An invalid block is never entered through a chain. */
    tcg_code_invalidate(b);
    check_chain_run(a, 10, a, TB_EXIT_GOTO_TB0, 0, 1, 0);
    CHECK_EQ(tcg_code_exec_count(b), runs_of_b);
    /* Unlinked: back to the caller. */
    tcg_code_set_chain(a, 0, NULL);
    check_chain_run(a, 10, a, TB_EXIT_GOTO_TB0, 0, 1, 0);
    tcg_code_free(a);
    tcg_code_free(b);
}

static TCGCode *lookup_result;
static unsigned lookups;

static TCGCode *fake_lookup(void *envp)
{
    CHECK(envp == &env);
    lookups++;
    return lookup_result;
}

/* goto_ptr continues with the block the lookup names, in both tiers. */
static void test_chained_lookup(void)
{
    start(NULL);
    tcg_gen_insn_start(0x100, 0);
    tcg_gen_addi_i64(A64[0], A64[0], 1);
    tcg_gen_lookup_and_goto_ptr();
    TCGCode *a = tcg_finalize();
    CHECK(a != NULL);
    if (!a)
        return;
    for (int pass = 0; pass < (use_jit ? 2 : 1); pass++) {
        if (pass == 1)
            CHECK(tcg_code_compile(a));
        /* Looping on itself: stops at the budget, one lookup per block but the last. */
        TCGChainRun run = {.budget = 4, .lookup = fake_lookup};
        lookup_result = a;
        lookups = 0;
        reset_env();
        CHECK_EQ(tcg_code_exec_chain(a, &env, &run), TB_EXIT_LOOKUP);
        CHECK(run.last == a && run.insns == 3 && env.a64[0] == 4 && lookups == 3);
        /* A failed lookup returns. */
        lookup_result = NULL;
        reset_env();
        CHECK_EQ(tcg_code_exec_chain(a, &env, &run), TB_EXIT_LOOKUP);
        CHECK(run.insns == 0 && env.a64[0] == 1);
    }
    tcg_code_free(a);
}

/* ------------------------------------------------------------ optimizer */

static unsigned count_ops(const char *name)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    tcg_dump_ops(f);
    fclose(f);
    unsigned n = 0;
    for (char *p = buf; (p = strstr(p, name)) != NULL; p++)
        n++;
    free(buf);
    return n;
}

static void setup_coalesce(void)
{
    env.a64[0] = 3;
    env.b64[0] = 4;
}

static void test_optimizer(void)
{
    /* Constants fold through temps; dead temps disappear; globals stay. */
    start(NULL);
    TCGv_i64 t1 = tcg_temp_new_i64(), t2 = tcg_temp_new_i64(), t3 = tcg_temp_new_i64();
    tcg_gen_movi_i64(t1, 6);
    tcg_gen_muli_i64(t2, t1, 7);
    tcg_gen_addi_i64(t3, t2, 0);
    tcg_gen_mov_i64(O64[0], t3);
    tcg_gen_xori_i64(t1, A64[0], 5); /* dead: t1 never read again */
    tcg_gen_andi_i64(O64[1], A64[0], 0);
    tcg_gen_add_i64(O64[2], A64[0], tcg_constant_i64(0));
    TCGLabel *l = gen_new_label();
    tcg_gen_brcondi_i64(TCG_COND_EQ, t3, 42, l); /* always taken */
    tcg_gen_movi_i64(O64[3], 1);
    gen_set_label(l);
    EXPECT(out64[0], 42);
    EXPECT(out64[1], 0);
    EXPECT(out64[2], 0);
    EXPECT(out64[3], 0);
    TCGCode *code = finish();
    CHECK_EQ(count_ops("mul_i64"), 0);
    CHECK_EQ(count_ops("add_i64"), 0);
    CHECK_EQ(count_ops("xor_i64"), 0);
    CHECK_EQ(count_ops("and_i64"), 0);
    CHECK_EQ(count_ops("brcond"), 0);
    CHECK_EQ(count_ops("mov_i64"), 3);
    run_expect(code);

    /* Copy propagation must not survive a write to the source. */
    start(setup_helpers);
    TCGv_i64 t = tcg_temp_new_i64();
    tcg_gen_mov_i64(t, A64[0]);
    tcg_gen_addi_i64(A64[0], A64[0], 10);
    tcg_gen_mov_i64(O64[0], t);
    tcg_gen_mov_i64(O64[1], A64[0]);
    EXPECT(out64[0], 1);
    EXPECT(out64[1], 11);
    EXPECT(a64[0], 11);
    run_expect(finish());

    /* "op t; mov g, t" may write g directly only while g keeps t's value. */
    start(setup_coalesce);
    TCGv_i64 u = tcg_temp_new_i64(), v = tcg_temp_new_i64(), w = tcg_temp_new_i64();
    tcg_gen_add_i64(u, A64[0], B64[0]);
    tcg_gen_mov_i64(C64[1], u);
    tcg_gen_movi_i64(C64[1], 5); /* g rewritten: later reads of u keep 7 */
    tcg_gen_mov_i64(O64[0], u);
    tcg_gen_add_i64(v, A64[0], A64[0]);
    tcg_gen_mov_i64(C64[0], v);
    gen_helper_h_write_c0(tcg_env, tcg_constant_i64(9)); /* writes c0 behind our back */
    tcg_gen_mov_i64(O64[1], v);
    tcg_gen_sub_i64(w, B64[0], A64[0]);
    tcg_gen_mov_i64(C64[2], w);
    tcg_gen_add_i64(O64[2], w, w);
    EXPECT(c64[1], 5);
    EXPECT(out64[0], 7);
    EXPECT(c64[0], 9);
    EXPECT(out64[1], 6);
    EXPECT(c64[2], 1);
    EXPECT(out64[2], 2);
    TCGCode *code2 = finish();
    CHECK_EQ(count_ops("sub_i64        c2"), 1);
    run_expect(code2);

    /* The copy may move up past ops that ignore g, but never past a fault. */
    start(setup_ram);
    TCGv_i64 x = tcg_temp_new_i64(), y = tcg_temp_new_i64();
    tcg_gen_insn_start(0x100, 0);
    tcg_gen_sub_i64(x, A64[0], B64[0]);
    tcg_gen_setcondi_i64(TCG_COND_EQ, C64[0], x, 0);
    tcg_gen_mov_i64(C64[1], x);
    tcg_gen_mov_i64(C64[2], x);
    tcg_gen_addi_i64(y, A64[0], 1);
    tcg_gen_insn_start(0x104, 0);
    tcg_gen_qemu_ld_i64(O64[0], A64[3], MMU, MO_UQ);
    tcg_gen_mov_i64(C64[3], y);
    expect_exit = TB_EXIT_MAKE(TB_EXIT_EXCEPTION, 1);
    EXPECT(c64[0], 0);
    EXPECT(c64[1], RAM_BASE + 0x10 - 0x1122334455667788ull);
    EXPECT(c64[2], RAM_BASE + 0x10 - 0x1122334455667788ull);
    EXPECT(c64[3], 0);
    TCGCode *code3 = finish();
    CHECK_EQ(count_ops("sub_i64        c1"), 1);
    CHECK_EQ(count_ops("add_i64        c3"), 0);
    run_expect(code3);
}

static void test_limits(void)
{
    /* More live temps than the interpreter has slots: finalize refuses. */
    tcg_func_start();
    TCGv_i64 t[TCG_INTERP_SLOTS + 8];
    for (unsigned i = 0; i < TCG_INTERP_SLOTS + 8; i++) {
        t[i] = tcg_temp_new_i64();
        tcg_gen_addi_i64(t[i], A64[i % NVEC], i);
    }
    for (unsigned i = 0; i < TCG_INTERP_SLOTS + 8; i++)
        tcg_gen_add_i64(O64[0], O64[0], t[i]);
    tcg_gen_exit_tb();
    TCGCode *code = tcg_finalize();
    CHECK(code == NULL);
    tcg_code_free(code);
}

/* -d op,op_opt,out_asm print the IR before and after optimizing, and the code. */
static void test_logging(void)
{
    char path[] = "/tmp/test-tcg-log.XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    CHECK(log_set_file(path));
    log_mask = LOG_OP | LOG_OP_OPT | LOG_OUT_ASM;
    start(setup_coalesce);
    TCGv_i64 t = tcg_temp_new_i64();
    tcg_gen_insn_start(0x1234, 0);
    tcg_gen_addi_i64(t, A64[0], 2);
    tcg_gen_mov_i64(O64[0], t);
    EXPECT(out64[0], 5);
    run_expect(finish());
    log_mask = 0;
    fflush(log_file());
    char buf[16384] = "";
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    if (f) {
        size_t n = fread(buf, 1, sizeof(buf) - 1, f);
        buf[n] = 0;
        fclose(f);
    }
    if (getenv("TEST_TCG_SHOW_LOG"))
        fputs(buf, stdout);
    unlink(path);
    CHECK(strstr(buf, "OP:\n") != NULL);
    CHECK(strstr(buf, "OP after optimization:") != NULL);
    CHECK(strstr(buf, "0000000000001234") != NULL);
    CHECK(strstr(buf, "add_i64        tmp") != NULL);
    CHECK(strstr(buf, "add_i64        o0, a0, $0x2") != NULL);
    CHECK(strstr(buf, "add_i64_ri") != NULL);
    if (use_jit)
        CHECK(strstr(buf, "OUT (libgccjit):") != NULL);
}

/* A block computing out64[0] = a64[0] * 3 + k. */
static TCGCode *tierup_block(int64_t k)
{
    tcg_func_start();
    TCGv_i64 t = tcg_temp_new_i64();
    tcg_gen_muli_i64(t, A64[0], 3);
    tcg_gen_addi_i64(O64[0], t, k);
    return finish();
}

static bool wait_compiled(TCGCode *code)
{
    for (int i = 0; i < 2000 && !tcg_code_is_compiled(code); i++)
        usleep(10000);
    return tcg_code_is_compiled(code);
}

/*
 * Tier-up: a block run threshold times is compiled in the background and
 * then runs compiled with the same results; blocks freed while queued or
 * while being compiled are not touched again (ASan watches).  Runs last:
 * tier-up stays on for the process.
 */
static void test_tierup(void)
{
    if (!use_jit)
        return;
    CHECK(tcg_tierup_enable(3));
    memset(&env, 0, sizeof(env));
    env.common.env_self = &env;
    env.common.exception_index = -1;
    TCGCode *code = tierup_block(7);
    for (int i = 0; i < 3; i++) {
        env.a64[0] = (uint64_t)i;
        tcg_code_exec(code, &env);
        CHECK_EQ(env.out64[0], (uint64_t)i * 3 + 7);
    }
    CHECK(wait_compiled(code));
    env.a64[0] = 100;
    tcg_code_exec(code, &env);
    CHECK_EQ(env.out64[0], 307);
    tcg_code_free(code);

    TCGCode *many[16];
    for (int i = 0; i < 16; i++) {
        many[i] = tierup_block(i);
        for (int r = 0; r < 3; r++)
            tcg_code_exec(many[i], &env);
    }
    for (int i = 0; i < 16; i += 2)
        tcg_code_free(many[i]); /* queued or compiling: freed by whoever holds it */
    CHECK(wait_compiled(many[15]));
    for (int i = 1; i < 16; i += 2) {
        env.a64[0] = 1;
        tcg_code_exec(many[i], &env);
        CHECK_EQ(env.out64[0], 3 + (uint64_t)i);
        tcg_code_free(many[i]);
    }
    TCGTierUpStats st = tcg_tierup_stats();
    CHECK(st.compiled >= 9);
    CHECK_EQ(st.failed, 0);
    tcg_tierup_stop();
}

int main(void)
{
    static const TCGRuntime rt = {fake_load_slow, fake_store_slow};
    init_globals();
    tcg_set_runtime(&rt);
    use_jit = tcg_jit_available();
    printf("# libgccjit tier: %s\n", use_jit ? "yes" : "no");
    RUN_TEST(test_binops);
    RUN_TEST(test_unops);
    RUN_TEST(test_double_width);
    RUN_TEST(test_bitfields);
    RUN_TEST(test_conversions);
    RUN_TEST(test_flag_fusions);
    RUN_TEST(test_conditions);
    RUN_TEST(test_loop);
    RUN_TEST(test_guest_loads);
    RUN_TEST(test_guest_stores);
    RUN_TEST(test_guest_fault);
    RUN_TEST(test_host_memory);
    RUN_TEST(test_helpers);
    RUN_TEST(test_exits);
    RUN_TEST(test_branch_exits);
    RUN_TEST(test_chaining);
    RUN_TEST(test_chained_lookup);
    RUN_TEST(test_optimizer);
    RUN_TEST(test_limits);
    RUN_TEST(test_logging);
    RUN_TEST(test_tierup);
    if (jit_blocks)
        printf("# libgccjit: %u blocks, %.1f ms per block\n", jit_blocks,
               jit_ms_total / jit_blocks);
    return test_finish();
}
