/*
 * Random A64 instruction-stream generator for the differential test.
 *
 * Usage: gen SEED LEN CLASS:FIRST:COUNT...
 * Writes assembly to stdout: for each CLASS, blocks FIRST .. FIRST+COUNT-1
 * of its stream for SEED, each LEN instructions of that class (plus the set-up
 * instructions the load/store forms need), with its initial state.  Block I
 * depends only on (SEED, CLASS, I), so one block can be regenerated alone
 * to explain a mismatch.
 *
 * Register conventions shared with harness.inc:
 *   x28  base of the 256-byte scratch buffer; never written, never read
 *        as data (its value differs between the Linux and bare-metal runs)
 *   x27  load/store base, set to x28 + k before each load/store and put
 *        back to an offset (x27 - x28) right after it, so that no address
 *        ever reaches the compared state
 *   sp   untouched: no encoding where register 31 means SP is generated
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "difftest.h"

#define SCRATCH_SIZE 256
#define REG_SCRATCH  28
#define REG_BASE     27
#define REG_ZR       31


/* ---- encoding from a pattern ----
 * A pattern is 32 characters, bit 31 first: '0'/'1' are fixed bits, a
 * letter names a field made of all bits carrying that letter.  enc() takes
 * (letter, value) pairs ending with 0; fields left out get random bits. */
/* The word of pattern with its fields' values (consumed). */
static uint32_t encode_fields(const char *pattern, uint64_t *values)
{
    uint32_t word = 0;

    /* Walk from bit 0 up so that each field's low bit comes first. */
    for (int bit = 0; bit < 32; bit++) {
        char c = pattern[31 - bit];
        uint32_t b;

        if (c == '0' || c == '1') {
            b = (uint32_t)(c - '0');
        } else {
            b = values[(int)c] & 1;
            values[(int)c] >>= 1;
        }
        word |= b << bit;
    }
    return word;
}

static uint32_t enc(const char *pattern, ...)
{
    uint64_t values[128];
    bool given[128] = {false};
    va_list ap;

    if (strlen(pattern) != 32) {
        fprintf(stderr, "gen: bad pattern %s\n", pattern);
        exit(2);
    }

    va_start(ap, pattern);
    for (int letter; (letter = va_arg(ap, int)) != 0;) {
        values[letter] = va_arg(ap, uint64_t);
        given[letter] = true;
    }
    va_end(ap);

    for (int letter = 'A'; letter <= 'z'; letter++) {
        if (!given[letter])
            values[letter] = rnd64();
    }
    return encode_fields(pattern, values);
}

/* Field values are passed as uint64_t through the varargs. */
#define F(letter, value) (int)(letter), (uint64_t)(value)

/* ---- operand choices ---- */
/* A data register: anything but the scratch base; 31 is XZR/WZR. */
static unsigned reg_zr(void)
{
    unsigned r;
    do
        r = rnd(32);
    while (r == REG_SCRATCH);
    return r;
}

/* A register field where 31 would mean SP. */
static unsigned reg_nosp(void)
{
    unsigned r;
    do
        r = rnd(31);
    while (r == REG_SCRATCH);
    return r;
}

/* A load/store data register: not the base pair x27/x28. */
static unsigned reg_data(void)
{
    unsigned r;
    do
        r = rnd(32);
    while (r == REG_SCRATCH || r == REG_BASE);
    return r;
}

/* A shift or immediate amount biased to the ends of its range. */
static unsigned amount(unsigned limit)
{
    switch (rnd(4)) {
    case 0:
        return 0;
    case 1:
        return limit - 1;
    default:
        return rnd(limit);
    }
}

/* ---- the output buffer of one block ---- */
#define MAX_WORDS 65536
static uint32_t words[MAX_WORDS];
static unsigned nwords;

static void emit(uint32_t w)
{
    if (nwords < MAX_WORDS)
        words[nwords++] = w;
}

/* ---- data processing ---- */
static void gen_addsub_imm(void)
{
    unsigned s = rnd(2);
    uint32_t imm = rnd(4) ? rnd(4096) : (rnd(2) ? 0xfff : 1);

    emit(enc("foS100010hiiiiiiiiiiiinnnnnddddd", F('S', s), F('i', imm), F('n', reg_nosp()),
             F('d', s ? reg_zr() : reg_nosp()), 0));
}

/* DecodeBitMasks' reserved cases: no element size, or an all-ones run. */
static bool logic_imm_valid(unsigned sf, unsigned n, unsigned imms)
{
    unsigned combined = (n << 6) | (~imms & 0x3f);
    int len;

    if ((!sf && n) || combined == 0)
        return false;
    len = 31 - __builtin_clz(combined);
    if (len < 1)
        return false;
    return (imms & ((1u << len) - 1)) != (1u << len) - 1;
}

static void gen_logic_imm(void)
{
    unsigned sf, n, imms, opc = rnd(4);

    do {
        sf = rnd(2);
        n = sf ? rnd(2) : 0;
        imms = rnd(64);
    } while (!logic_imm_valid(sf, n, imms));
    emit(enc("fcc100100Nrrrrrrssssssnnnnnddddd", F('f', sf), F('c', opc), F('N', n),
             F('s', imms), F('n', reg_zr()), F('d', opc == 3 ? reg_zr() : reg_nosp()), 0));
}

static void gen_movewide(void)
{
    static const unsigned opcs[] = {0, 2, 3}; /* MOVN, MOVZ, MOVK */
    unsigned sf = rnd(2);
    uint32_t imm = rnd(3) ? rnd(65536) : (rnd(2) ? 0xffff : 0);

    emit(enc("fcc100101wwiiiiiiiiiiiiiiiiddddd", F('f', sf), F('c', opcs[rnd(3)]),
             F('w', rnd(sf ? 4 : 2)), F('i', imm), F('d', reg_zr()), 0));
}

static void gen_bitfield(void)
{
    unsigned sf = rnd(2), width = sf ? 64 : 32;

    emit(enc("fcc100110Nrrrrrrssssssnnnnnddddd", F('f', sf), F('c', rnd(3)), F('N', sf),
             F('r', amount(width)), F('s', amount(width)), F('n', reg_zr()), F('d', reg_zr()),
             0));
}

static void gen_extract(void)
{
    unsigned sf = rnd(2);

    emit(enc("f00100111N0mmmmmssssssnnnnnddddd", F('f', sf), F('N', sf),
             F('s', amount(sf ? 64 : 32)), F('m', reg_zr()), F('n', reg_zr()), F('d', reg_zr()),
             0));
}

static void gen_logic_shift(void)
{
    unsigned sf = rnd(2);

    emit(enc("fcc01010ttNmmmmmiiiiiinnnnnddddd", F('f', sf), F('i', amount(sf ? 64 : 32)),
             F('m', reg_zr()), F('n', reg_zr()), F('d', reg_zr()), 0));
}

static void gen_addsub_shift(void)
{
    unsigned sf = rnd(2);

    emit(enc("foS01011tt0mmmmmiiiiiinnnnnddddd", F('f', sf), F('t', rnd(3)),
             F('i', amount(sf ? 64 : 32)), F('m', reg_zr()), F('n', reg_zr()), F('d', reg_zr()),
             0));
}

static void gen_addsub_ext(void)
{
    unsigned s = rnd(2);

    emit(enc("foS01011001mmmmmeeeiiinnnnnddddd", F('S', s), F('i', rnd(5)), F('m', reg_zr()),
             F('n', reg_nosp()), F('d', s ? reg_zr() : reg_nosp()), 0));
}

static void gen_adc(void)
{
    emit(enc("foS11010000mmmmm000000nnnnnddddd", F('m', reg_zr()), F('n', reg_zr()),
             F('d', reg_zr()), 0));
}

static void gen_condcmp(void)
{
    emit(enc("fo111010010mmmmmcccck0nnnnn0zzzz", F('m', reg_zr()), F('n', reg_zr()), 0));
}

static void gen_condsel(void)
{
    emit(enc("fo011010100mmmmmcccc0pnnnnnddddd", F('m', reg_zr()), F('n', reg_zr()),
             F('d', reg_zr()), 0));
}

/* RBIT REV16 REV32/REV REV CLZ CLS; opcode 3 (REV Xd) is 64-bit only. */
static void gen_dp1(void)
{
    unsigned sf = rnd(2), op;

    do
        op = rnd(6);
    while (!sf && op == 3);
    emit(enc("f101101011000000000qqqnnnnnddddd", F('f', sf), F('q', op), F('n', reg_zr()),
             F('d', reg_zr()), 0));
}

/* UDIV SDIV LSLV LSRV ASRV RORV */
static void gen_dp2(void)
{
    static const unsigned ops[] = {2, 3, 8, 9, 10, 11};

    emit(enc("f0011010110mmmmmqqqqqqnnnnnddddd", F('q', ops[rnd(6)]), F('m', reg_zr()),
             F('n', reg_zr()), F('d', reg_zr()), 0));
}

/* CRC32{B,H,W,X} and CRC32C*: the X forms are the only 64-bit ones. */
static void gen_crc32(void)
{
    unsigned sz = rnd(4);

    emit(enc("f0011010110mmmmm010Czznnnnnddddd", F('f', sz == 3), F('z', sz), F('m', reg_zr()),
             F('n', reg_zr()), F('d', reg_zr()), 0));
}

/* MADD MSUB SMADDL SMSUBL SMULH UMADDL UMSUBL UMULH as (op31, o0, 64-bit only). */
static void gen_dp3(void)
{
    static const struct {
        unsigned op31, o0;
        bool wide_only, no_ra;
    } ops[] = {
        {0, 0, false, false}, {0, 1, false, false}, {1, 0, true, false}, {1, 1, true, false},
        {2, 0, true, true},   {5, 0, true, false},  {5, 1, true, false}, {6, 0, true, true},
    };
    unsigned i = rnd(8);

    emit(enc("f0011011ooommmmmPaaaaannnnnddddd", F('f', ops[i].wide_only ? 1 : rnd(2)),
             F('o', ops[i].op31), F('P', ops[i].o0), F('a', ops[i].no_ra ? 31 : reg_zr()),
             F('m', reg_zr()), F('n', reg_zr()), F('d', reg_zr()), 0));
}

typedef void (*gen_fn)(void);

static const gen_fn dp_gens[] = {
    gen_addsub_imm,  gen_logic_imm,    gen_movewide,   gen_bitfield, gen_extract,
    gen_logic_shift, gen_addsub_shift, gen_addsub_ext, gen_adc,      gen_condcmp,
    gen_condsel,     gen_dp1,          gen_dp2,        gen_crc32,    gen_dp3,
};
#define N_DP_GENS (sizeof(dp_gens) / sizeof(dp_gens[0]))

/* ---- branches: every branch skips exactly the next instruction ---- */
static void gen_branch(void)
{
    switch (rnd(4)) {
    case 0: /* B.cond */
        emit(enc("01010100iiiiiiiiiiiiiiiiiii0cccc", F('i', 2), 0));
        break;
    case 1: /* CBZ / CBNZ */
        emit(enc("f011010oiiiiiiiiiiiiiiiiiiittttt", F('i', 2), F('t', reg_zr()), 0));
        break;
    case 2: /* TBZ / TBNZ */
        emit(enc("b011011obbbbbiiiiiiiiiiiiiittttt", F('b', rnd(64)), F('i', 2),
                 F('t', reg_zr()), 0));
        break;
    default: /* B */
        emit(enc("000101iiiiiiiiiiiiiiiiiiiiiiiiii", F('i', 2), 0));
        break;
    }
    dp_gens[rnd(N_DP_GENS)]();
}

/* ---- PC-relative results: ADR, ADRP, BL, BLR, BR, RET ----
 * Their results are addresses, which differ between the two programs, so
 * each is followed by ADR/ADRP x27 of a known PC, a SUB that leaves only
 * the PC-relative distance, and MOVZ x27, #0. */
#define INSN_NOP 0xd503201fu

static unsigned reg_target(void)
{
    unsigned r;
    do
        r = reg_nosp();
    while (r == REG_BASE);
    return r;
}

static void adr(unsigned rd, int offset)
{
    emit(enc("0ll10000hhhhhhhhhhhhhhhhhhhddddd", F('l', offset & 3),
             F('h', (offset >> 2) & 0x7ffff), F('d', rd), 0));
}

static void subtract_base(unsigned rd)
{
    /* SUB xD, xD, x27 */
    emit(enc("11001011000mmmmm000000nnnnnddddd", F('m', REG_BASE), F('n', rd), F('d', rd), 0));
}

static void clear_base(void)
{
    emit(enc("110100101wwiiiiiiiiiiiiiiiiddddd", F('w', 0), F('i', 0), F('d', REG_BASE), 0));
}

static void gen_pcrel(void)
{
    unsigned rd = reg_target();

    switch (rnd(4)) {
    case 0: /* ADR xD, #imm; ADR x27, . - 4 */
        adr(rd, (int)(rnd(1u << 21)) - (1 << 20));
        adr(REG_BASE, -4);
        subtract_base(rd);
        break;
    case 1: /* ADRP xD, #imm; ADRP x27, #0, both on one page (8-aligned pair) */
        if (nwords & 1)
            emit(INSN_NOP);
        emit(enc("1ll10000hhhhhhhhhhhhhhhhhhhddddd", F('d', rd), 0));
        emit(
            enc("1ll10000hhhhhhhhhhhhhhhhhhhddddd", F('l', 0), F('h', 0), F('d', REG_BASE), 0));
        subtract_base(rd);
        break;
    case 2: /* BL over one instruction */
        emit(enc("100101iiiiiiiiiiiiiiiiiiiiiiiiii", F('i', 2), 0));
        dp_gens[rnd(N_DP_GENS)]();
        adr(REG_BASE, -8);
        subtract_base(30);
        break;
    default: {                /* ADR xT, target; BR/BLR/RET xT over one instruction */
        unsigned op = rnd(3); /* BR, BLR, RET */
        if (op == 1 && rd == 30)
            rd = 29;
        adr(rd, 12);
        emit(enc("110101100oo11111000000nnnnn00000", F('o', op), F('n', rd), 0));
        dp_gens[rnd(N_DP_GENS)]();
        adr(REG_BASE, -12);
        subtract_base(rd);
        if (op == 1)
            subtract_base(30);
        break;
    }
    }
    clear_base();
}

/* ---- loads and stores ----
 * Every access lands inside the scratch buffer at a naturally aligned
 * address (bare metal runs with the MMU off: Device memory, no unaligned
 * accesses).  x27 = x28 + base is set up first and made relative again
 * afterwards. */
static void set_base(int base)
{
    /* ADD/SUB x27, x28, #|base| */
    emit(enc("1o01000100iiiiiiiiiiiinnnnnddddd", F('o', base < 0), F('i', abs(base)),
             F('n', REG_SCRATCH), F('d', REG_BASE), 0));
}

static void unset_base(void)
{
    /* SUB x27, x27, x28 */
    emit(enc("11001011000mmmmm000000nnnnnddddd", F('m', REG_SCRATCH), F('n', REG_BASE),
             F('d', REG_BASE), 0));
}

/* An aligned address for an access of `bytes`, alignment `align`. */
static int pick_address(unsigned bytes, unsigned align)
{
    return (int)(rnd((SCRATCH_SIZE - bytes) / align + 1) * align);
}

/* (size, opc) of a single-register access: its bytes; V selects SIMD&FP. */
struct ldst_kind {
    unsigned size, opc, bytes;
};

static struct ldst_kind pick_single(bool simd)
{
    static const struct ldst_kind gp[] = {
        {0, 0, 1}, {0, 1, 1}, {0, 2, 1}, {0, 3, 1}, {1, 0, 2}, {1, 1, 2}, {1, 2, 2},
        {1, 3, 2}, {2, 0, 4}, {2, 1, 4}, {2, 2, 4}, {3, 0, 8}, {3, 1, 8},
    };
    static const struct ldst_kind fp[] = {
        {0, 0, 1}, {0, 1, 1}, {1, 0, 2}, {1, 1, 2},  {2, 0, 4},
        {2, 1, 4}, {3, 0, 8}, {3, 1, 8}, {0, 2, 16}, {0, 3, 16},
    };
    return simd ? fp[rnd(sizeof(fp) / sizeof(fp[0]))] : gp[rnd(sizeof(gp) / sizeof(gp[0]))];
}

static void gen_ldst_single(bool simd)
{
    struct ldst_kind k = pick_single(simd);
    int addr = pick_address(k.bytes, k.bytes);
    unsigned rt = simd ? rnd(32) : reg_data();

    switch (rnd(5)) {
    case 0: { /* unsigned scaled offset */
        unsigned imm = rnd(addr / k.bytes + 1);
        set_base(addr - (int)(imm * k.bytes));
        emit(enc("ss111V01cciiiiiiiiiiiinnnnnttttt", F('s', k.size), F('V', simd),
                 F('c', k.opc), F('i', imm), F('n', REG_BASE), F('t', rt), 0));
        break;
    }
    case 1: /* unscaled (LDUR/STUR), post-index, pre-index */
    case 2:
    case 3: {
        static const unsigned modes[] = {0, 1, 3};
        unsigned mode = modes[rnd(3)];
        int imm = (int)rnd(512) - 256;
        set_base(mode == 1 ? addr : addr - imm);
        emit(enc("ss111V00cc0iiiiiiiiimmnnnnnttttt", F('s', k.size), F('V', simd),
                 F('c', k.opc), F('i', imm & 0x1ff), F('m', mode), F('n', REG_BASE), F('t', rt),
                 0));
        break;
    }
    default: { /* register offset: Rm = small index set by MOVZ */
        static const unsigned options[] = {2, 3, 6, 7}; /* UXTW LSL SXTW SXTX */
        unsigned rm, scaled = rnd(2), shift = scaled ? __builtin_ctz(k.bytes) : 0;
        unsigned index = rnd(addr / (1u << shift) + 1);
        do
            rm = reg_nosp();
        while (rm == REG_BASE);
        emit(enc("110100101wwiiiiiiiiiiiiiiiiddddd", F('w', 0), F('i', index), F('d', rm), 0));
        set_base(addr - (int)(index << shift));
        emit(enc("ss111V00cc1mmmmmoooS10nnnnnttttt", F('s', k.size), F('V', simd),
                 F('c', k.opc), F('m', rm), F('o', options[rnd(4)]), F('S', scaled),
                 F('n', REG_BASE), F('t', rt), 0));
        break;
    }
    }
    unset_base();
}

static void gen_ldst_pair(bool simd)
{
    /* opc: GP 0 = W, 1 = LDPSW (load only), 2 = X; SIMD 0 = S, 1 = D, 2 = Q */
    unsigned opc = rnd(3), load = rnd(2);
    unsigned bytes = simd ? 4u << opc : (opc == 2 ? 8 : 4);
    unsigned mode = rnd(4); /* 0 STNP/LDNP, 1 post, 2 offset, 3 pre */
    int addr = pick_address(2 * bytes, 2 * bytes);
    int imm = (int)rnd(128) - 64;
    unsigned rt, rt2;

    if (!simd && opc == 1) { /* LDPSW: no store, no non-temporal form */
        load = 1;
        mode = 1 + rnd(3);
    }
    do {
        rt = simd ? rnd(32) : reg_data();
        rt2 = simd ? rnd(32) : reg_data();
    } while (load && rt == rt2);
    set_base(mode == 1 ? addr : addr - imm * (int)bytes);
    emit(enc("cc101V0mmLiiiiiiiuuuuunnnnnttttt", F('c', opc), F('V', simd), F('m', mode),
             F('L', load), F('i', imm & 0x7f), F('u', rt2), F('n', REG_BASE), F('t', rt), 0));
    unset_base();
}

/* LDXR+STXR, LDAXR+STLXR (single or pair) on one address, LDAR, STLR. */
static void gen_ldst_excl(void)
{
    unsigned size = rnd(4), pair = size >= 2 && rnd(2), bytes = (1u << size) << pair;
    int addr = pick_address(bytes, bytes);
    unsigned rt, rt2, rs, acq = rnd(2);

    set_base(addr);
    if (rnd(4) == 0) { /* LDAR / STLR */
        emit(enc("ss0010001L011111111111nnnnnttttt", F('s', size), F('n', REG_BASE),
                 F('t', reg_data()), 0));
    } else {
        do {
            rt = reg_data();
            rt2 = reg_data();
        } while (pair && rt == rt2);
        emit(enc("ss00100001P11111auuuuunnnnnttttt", F('s', size), F('P', pair), F('a', acq),
                 F('u', pair ? rt2 : 31), F('n', REG_BASE), F('t', rt), 0));
        do
            rs = reg_data();
        while (rs == 31);
        do {
            rt = reg_data();
            rt2 = reg_data();
        } while (rt == rs || rt2 == rs);
        emit(enc("ss00100000Prrrrrauuuuunnnnnttttt", F('s', size), F('P', pair), F('r', rs),
                 F('a', acq), F('u', pair ? rt2 : 31), F('n', REG_BASE), F('t', rt), 0));
    }
    unset_base();
}

/* LD1-LD4/ST1-ST4 (multiple structures), LD1-LD4/ST1-ST4 (single
 * structure) and LD1R-LD4R, without offset or post-indexed by the size or
 * by a register (set by a MOVZ first).  At most 64 bytes, 16-aligned. */
static void gen_ldst_struct(void)
{
    static const struct {
        unsigned opcode;
        bool interleaved; /* LD2-LD4: no 1D arrangement */
    } multiple[] = {{0, true},  {2, false}, {4, true},  {6, false},
                    {7, false}, {8, true},  {10, false}};
    unsigned q = rnd(2), load = rnd(2), post = rnd(2), rm = post ? 31 : 0;
    int addr = pick_address(64, 16);

    if (post && rnd(2)) {
        do
            rm = reg_nosp();
        while (rm == REG_BASE);
        emit(
            enc("110100101wwiiiiiiiiiiiiiiiiddddd", F('w', 0), F('i', rnd(65)), F('d', rm), 0));
    }
    set_base(addr);
    if (rnd(2)) {
        unsigned i = rnd(7), size = rnd(4);
        if (size == 3 && !q && multiple[i].interleaved)
            size = 2;
        emit(enc("0Q001100PL0mmmmmoooozznnnnnttttt", F('Q', q), F('P', post), F('L', load),
                 F('m', rm), F('o', multiple[i].opcode), F('z', size), F('n', REG_BASE),
                 F('t', rnd(32)), 0));
    } else {
        /* type: 0 B, 1 H, 2 S or D, 3 replicate (loads only) */
        unsigned type = rnd(load ? 4 : 3), selem = rnd(4), s = rnd(2), size = rnd(4);
        if (type == 1)
            size &= 2;
        if (type == 2) {
            size = rnd(2);
            s = size ? 0 : s;
        }
        if (type == 3)
            s = 0;
        emit(enc("0Q001101PLRmmmmmoooSzznnnnnttttt", F('Q', q), F('P', post), F('L', load),
                 F('R', selem & 1), F('m', rm), F('o', type << 1 | selem >> 1), F('S', s),
                 F('z', size), F('n', REG_BASE), F('t', rnd(32)), 0));
    }
    unset_base();
}

/* LDR (literal) of words already emitted in this block: the code of a
 * block is the same in both programs, unlike what lies around it.  The
 * target is naturally aligned (the body starts 16-aligned). */
static void gen_ldst_literal(bool simd)
{
    /* opc: GP 0 = W, 1 = X, 2 = LDRSW; SIMD 0 = S, 1 = D, 2 = Q */
    unsigned opc = rnd(3);
    unsigned bytes = simd ? 4u << opc : (opc == 1 ? 8 : 4), words_needed = bytes / 4;
    unsigned target;

    while (nwords < words_needed)
        emit(INSN_NOP);
    do
        target = rnd(nwords - words_needed + 1);
    while (target % words_needed);
    emit(enc("cc011V00iiiiiiiiiiiiiiiiiiittttt", F('c', opc), F('V', simd),
             F('i', (uint32_t)((int)target - (int)nwords) & 0x7ffff),
             F('t', simd ? rnd(32) : reg_data()), 0));
}

static void gen_ldst(void)
{
    switch (rnd(5)) {
    case 0:
        gen_ldst_literal(false);
        break;
    case 1:
    case 2:
        gen_ldst_single(false);
        break;
    default:
        gen_ldst_pair(false);
        break;
    }
}

static void gen_ldst_fp(void)
{
    switch (rnd(5)) {
    case 0:
        gen_ldst_literal(true);
        break;
    case 1:
    case 2:
        gen_ldst_single(true);
        break;
    default:
        gen_ldst_pair(true);
        break;
    }
}

/* ---- classes described by the classes-*.def files ----
 * Each file declares classes and their instructions with two X-macros:
 *
 *   CLASS(name, fpcr, cpu, status)
 *     fpcr    FPCR_ZERO, FPCR_RANDOM (RMode, FZ, DN random; FPSR's
 *             cumulative bits random) or FPCR_RANDOM_FZ16 (also FZ16: only
 *             for the "max" CPU, which has FP16)
 *     cpu     "cortex-a57" or "max": the -cpu of both the reference and gemu
 *     status  READY (in the default campaign) or PENDING (gemu does not
 *             implement it yet: run only when named in CLASSES)
 *   INSN(class, "mnemonic", "pattern", "constraints")
 *     pattern      as for enc(): 32 characters, bit 31 first
 *     constraints  space-separated rules, each about one field letter:
 *       f=3          f=1|2|5   f=0-6|9    the field takes one of these values
 *       f=x          a general register, not x28 (31 = XZR/WZR)
 *       f=xsp        a general register where 31 means SP: neither 31 nor x28
 *       f=xd         a data register of an access: neither x27 nor x28
 *       f=xpair      the first of an even/odd pair of data registers (0-24)
 *       f=xcmp       like xd, and half of the time loaded with what memory
 *                    holds at the access address first (LDR of the access
 *                    size): the compare value of CAS, which then succeeds
 *       f=xpaircmp   like xpair, and half of the time loaded the same way
 *                    (LDP of two halves of the access): CASP's
 *       f=mem:E      the base register of an access of E bytes at a naturally
 *                    aligned scratch address (x27, set up around the
 *                    instruction); E is a number, or a field letter g meaning
 *                    1 << g, optionally times a number: mem:8, mem:z, mem:z*8
 *       ~f=V,g=W     reject an encoding where every listed field matches
 *                    (V, W: values as above, or another field's letter)
 *     Fields without a rule get random bits; V register fields need none.
 *     An instruction with a mem field must give its other general register
 *     fields as xd or xpair (x27 holds the address while it runs).
 */
enum fpcr_init { FPCR_ZERO, FPCR_RANDOM, FPCR_RANDOM_FZ16 };
#define READY   false
#define PENDING true

struct insn_desc {
    const char *cls, *mnemonic, *pattern, *constraints;
};

static const struct insn_desc listed_insns[] = {
#define CLASS(name, fpcr, cpu, status)
#define INSN(cls, mnemonic, pattern, constraints) {#cls, mnemonic, pattern, constraints},
#include "classes-fp.def"
#include "classes-simdfp.def"
#include "classes-simd.def"
#include "classes-ext.def"
#undef CLASS
#undef INSN
};
#define N_LISTED (sizeof(listed_insns) / sizeof(listed_insns[0]))

/* A set of field values: up to MAX_RANGES ranges lo..hi, or a field letter. */
#define MAX_RANGES 16
struct value_set {
    unsigned n;
    uint32_t lo[MAX_RANGES], hi[MAX_RANGES];
    char field; /* non-zero: "the value of this other field" */
};

enum rule_kind {
    RULE_SET,
    RULE_X,
    RULE_XSP,
    RULE_XDATA,
    RULE_XPAIR,
    RULE_XCMP,
    RULE_XPAIRCMP,
    RULE_MEM,
    RULE_REJECT
};

#define MAX_CONDS 4
struct rule {
    enum rule_kind kind;
    char field;
    struct value_set set; /* RULE_SET */
    char mem_field;       /* RULE_MEM: 1 << this field ... */
    unsigned mem_mult;    /* ... times this, or bytes if no field */
    unsigned nconds;      /* RULE_REJECT: all of these match */
    char cond_field[MAX_CONDS];
    struct value_set cond_set[MAX_CONDS];
};

#define MAX_RULES 12
struct parsed_insn {
    unsigned nrules;
    struct rule rules[MAX_RULES];
};

static struct parsed_insn parsed[N_LISTED ? N_LISTED : 1];

static void __attribute__((noreturn, format(printf, 2, 3)))
bad_entry(const struct insn_desc *d, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "gen: %s %s \"%s\" \"%s\": ", d->cls, d->mnemonic, d->pattern,
            d->constraints);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    exit(2);
}

static bool is_field(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

/* "3", "1|2|5", "0-6|9" or a field letter; returns the text after it. */
static const char *parse_values(const struct insn_desc *d, const char *p, struct value_set *v)
{
    memset(v, 0, sizeof(*v));
    if (is_field(*p) && !is_field(p[1])) {
        v->field = *p;
        return p + 1;
    }
    for (;;) {
        char *end;
        unsigned long lo = strtoul(p, &end, 0), hi = lo;
        if (end == p || v->n == MAX_RANGES)
            bad_entry(d, "bad value list at \"%s\"", p);
        p = end;
        if (*p == '-') {
            hi = strtoul(p + 1, &end, 0);
            if (end == p + 1 || hi < lo)
                bad_entry(d, "bad range at \"%s\"", p);
            p = end;
        }
        v->lo[v->n] = (uint32_t)lo;
        v->hi[v->n++] = (uint32_t)hi;
        if (*p != '|')
            return p;
        p++;
    }
}

static void check_field(const struct insn_desc *d, char c)
{
    if (!is_field(c) || !strchr(d->pattern, c))
        bad_entry(d, "'%c' is not a field of the pattern", c);
}

static const char *parse_reject(const struct insn_desc *d, const char *p, struct rule *r)
{
    r->kind = RULE_REJECT;
    do {
        if (r->nconds == MAX_CONDS || p[1] != '=')
            bad_entry(d, "bad rejection at \"%s\"", p);
        check_field(d, *p);
        r->cond_field[r->nconds] = *p;
        p = parse_values(d, p + 2, &r->cond_set[r->nconds]);
        if (r->cond_set[r->nconds].field)
            check_field(d, r->cond_set[r->nconds].field);
        r->nconds++;
    } while (*p == ',' && *++p);
    return p;
}

static const char *parse_mem(const struct insn_desc *d, const char *p, struct rule *r)
{
    char *end;

    r->kind = RULE_MEM;
    r->mem_mult = 1;
    if (is_field(*p)) {
        check_field(d, *p);
        r->mem_field = *p++;
        if (*p == '*') {
            r->mem_mult = (unsigned)strtoul(p + 1, &end, 0);
            p = end;
        }
    } else {
        r->mem_mult = (unsigned)strtoul(p, &end, 0);
        p = end;
    }
    if (r->mem_mult == 0 || r->mem_mult > SCRATCH_SIZE)
        bad_entry(d, "bad access size");
    return p;
}

static const char *parse_rule(const struct insn_desc *d, const char *p, struct rule *r)
{
    static const struct {
        const char *name;
        enum rule_kind kind;
    } regs[] = {{"xsp", RULE_XSP},   {"xd", RULE_XDATA},          {"xpair", RULE_XPAIR},
                {"xcmp", RULE_XCMP}, {"xpaircmp", RULE_XPAIRCMP}, {"x", RULE_X}};

    memset(r, 0, sizeof(*r));
    if (*p == '~')
        return parse_reject(d, p + 1, r);
    check_field(d, *p);
    if (p[1] != '=')
        bad_entry(d, "expected '=' after '%c'", *p);
    r->field = *p;
    p += 2;
    if (strncmp(p, "mem:", 4) == 0)
        return parse_mem(d, p + 4, r);
    for (unsigned i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
        size_t n = strlen(regs[i].name);
        if (strncmp(p, regs[i].name, n) == 0 && (p[n] == ' ' || p[n] == 0)) {
            r->kind = regs[i].kind;
            return p + n;
        }
    }
    r->kind = RULE_SET;
    p = parse_values(d, p, &r->set);
    if (r->set.field)
        bad_entry(d, "'%c=%c': a field can only be compared in a rejection", r->field,
                  r->set.field);
    return p;
}

static void parse_insn(const struct insn_desc *d, struct parsed_insn *out)
{
    const char *p = d->constraints;

    if (strlen(d->pattern) != 32)
        bad_entry(d, "the pattern must have 32 characters");
    for (const char *c = d->pattern; *c; c++) {
        if (*c != '0' && *c != '1' && !is_field(*c))
            bad_entry(d, "bad pattern character '%c'", *c);
    }
    out->nrules = 0;
    for (;;) {
        while (*p == ' ')
            p++;
        if (!*p)
            return;
        if (out->nrules == MAX_RULES)
            bad_entry(d, "more than %d rules", MAX_RULES);
        p = parse_rule(d, p, &out->rules[out->nrules++]);
        if (*p && *p != ' ')
            bad_entry(d, "unexpected \"%s\"", p);
    }
}

/* ---- encoding a listed instruction ---- */
static unsigned field_width(const char *pattern, char f)
{
    unsigned n = 0;

    for (const char *c = pattern; *c; c++)
        n += *c == f;
    return n;
}

static bool in_set(const struct value_set *v, const uint64_t *values, uint64_t x)
{
    if (v->field)
        return x == values[(int)v->field];
    for (unsigned i = 0; i < v->n; i++) {
        if (x >= v->lo[i] && x <= v->hi[i])
            return true;
    }
    return false;
}

static uint32_t pick_from(const struct value_set *v)
{
    uint64_t total = 0, k;

    for (unsigned i = 0; i < v->n; i++)
        total += (uint64_t)v->hi[i] - v->lo[i] + 1;
    k = rnd64() % total;
    for (unsigned i = 0;; i++) {
        uint64_t size = (uint64_t)v->hi[i] - v->lo[i] + 1;
        if (k < size)
            return (uint32_t)(v->lo[i] + k);
        k -= size;
    }
}

static uint64_t pick_rule_value(const struct rule *r)
{
    switch (r->kind) {
    case RULE_SET:
        return pick_from(&r->set);
    case RULE_X:
        return reg_zr();
    case RULE_XSP:
        return reg_nosp();
    case RULE_XDATA:
    case RULE_XCMP:
        return reg_data();
    case RULE_XPAIR:
    case RULE_XPAIRCMP:
        return 2 * rnd(13);
    case RULE_MEM:
        return REG_BASE;
    default:
        return 0;
    }
}

static bool rejected(const struct rule *r, const uint64_t *values)
{
    for (unsigned i = 0; i < r->nconds; i++) {
        if (!in_set(&r->cond_set[i], values, values[(int)r->cond_field[i]]))
            return false;
    }
    return true;
}

/* Random field values that satisfy every rule; the access size, if any. */
static void pick_fields(const struct insn_desc *d, const struct parsed_insn *pi,
                        uint64_t *values, unsigned *mem_bytes)
{
    for (int attempt = 0; attempt < 10000; attempt++) {
        bool ok = true;

        for (const char *c = d->pattern; *c; c++) {
            if (is_field(*c))
                values[(int)*c] = rnd64() & ((1ull << field_width(d->pattern, *c)) - 1);
        }
        *mem_bytes = 0;
        for (unsigned i = 0; i < pi->nrules; i++) {
            const struct rule *r = &pi->rules[i];
            if (r->kind != RULE_REJECT)
                values[(int)r->field] = pick_rule_value(r);
        }
        for (unsigned i = 0; i < pi->nrules && ok; i++) {
            const struct rule *r = &pi->rules[i];
            if (r->kind == RULE_REJECT)
                ok = !rejected(r, values);
            else if (r->kind == RULE_MEM)
                *mem_bytes = r->mem_mult << (r->mem_field ? values[(int)r->mem_field] : 0);
        }
        if (ok && *mem_bytes <= SCRATCH_SIZE)
            return;
    }
    bad_entry(d, "no encoding satisfies the rules");
}

/* Load the register (pair) of an xcmp (xpaircmp) rule with the `bytes`
 * at x27, half of the time. */
static void load_compare_value(const struct insn_desc *d, const struct rule *r, unsigned reg,
                               unsigned bytes)
{
    if (r->kind == RULE_XCMP) {
        if (bytes > 8)
            bad_entry(d, "xcmp: an access of more than 8 bytes");
        if (rnd(2)) /* LDR{B,H,,} of the access size */
            emit(enc("ss11100101000000000000nnnnnttttt", F('s', __builtin_ctz(bytes)),
                     F('n', REG_BASE), F('t', reg), 0));
    } else if (r->kind == RULE_XPAIRCMP) {
        if (bytes != 8 && bytes != 16)
            bad_entry(d, "xpaircmp: an access of neither 8 nor 16 bytes");
        if (rnd(2)) /* LDP W or X */
            emit(enc("cc101001010000000uuuuunnnnnttttt", F('c', bytes == 16 ? 2 : 0),
                     F('u', reg + 1), F('n', REG_BASE), F('t', reg), 0));
    }
}

static void emit_listed(unsigned i)
{
    const struct insn_desc *d = &listed_insns[i];
    const struct parsed_insn *pi = &parsed[i];
    uint64_t values[128];
    unsigned bytes;

    pick_fields(d, pi, values, &bytes);
    if (bytes) {
        set_base(pick_address(bytes, bytes));
        for (unsigned k = 0; k < pi->nrules; k++)
            load_compare_value(d, &pi->rules[k], (unsigned)values[(int)pi->rules[k].field],
                               bytes);
    }
    emit(encode_fields(d->pattern, values));
    if (bytes)
        unset_base();
}

/* ---- classes ---- */
static void gen_any(void);
static void gen_listed(void);
static void gen_mixed_all(void);

struct class_desc {
    const char *name;
    gen_fn gen;
    enum fpcr_init fpcr;
    const char *cpu;
    bool pending;
};

#define BUILTIN(name, fn)                                                                      \
    {                                                                                          \
        name, fn, FPCR_ZERO, "cortex-a57", READY                                               \
    }

static const struct class_desc classes[] = {
    BUILTIN("addsub_imm", gen_addsub_imm),
    BUILTIN("logic_imm", gen_logic_imm),
    BUILTIN("movewide", gen_movewide),
    BUILTIN("bitfield", gen_bitfield),
    BUILTIN("extract", gen_extract),
    BUILTIN("logic_shift", gen_logic_shift),
    BUILTIN("addsub_shift", gen_addsub_shift),
    BUILTIN("addsub_ext", gen_addsub_ext),
    BUILTIN("adc", gen_adc),
    BUILTIN("condcmp", gen_condcmp),
    BUILTIN("condsel", gen_condsel),
    BUILTIN("dp1", gen_dp1),
    BUILTIN("dp2", gen_dp2),
    BUILTIN("crc32", gen_crc32),
    BUILTIN("muldiv", gen_dp3),
    BUILTIN("branch", gen_branch),
    BUILTIN("pcrel", gen_pcrel),
    BUILTIN("ldst", gen_ldst),
    BUILTIN("ldst_excl", gen_ldst_excl),
    BUILTIN("ldst_fp", gen_ldst_fp),
    BUILTIN("ldst_struct", gen_ldst_struct),
    /* "mixed" interleaves the built-in classes above it. */
    BUILTIN("mixed", gen_any),
    /* "mixed_all" interleaves them and the ready cortex-a57 classes of the
     * class files, from a random FPCR: FP compares feeding B.cond and CSEL,
     * FMOV feeding integer code, SIMD loads feeding FP arithmetic ... */
    {"mixed_all", gen_mixed_all, FPCR_RANDOM, "cortex-a57", READY},
#define CLASS(name, fpcr, cpu, status) {#name, gen_listed, fpcr, cpu, status},
#define INSN(cls, mnemonic, pattern, constraints)
#include "classes-fp.def"
#include "classes-simdfp.def"
#include "classes-simd.def"
#include "classes-ext.def"
#undef CLASS
#undef INSN
};
#define N_CLASSES (sizeof(classes) / sizeof(classes[0]))

static unsigned mixed_class(void)
{
    unsigned i = 0;

    while (strcmp(classes[i].name, "mixed") != 0)
        i++;
    return i;
}

static void gen_any(void) { classes[rnd(mixed_class())].gen(); }

/* The listed instructions by class: insn_order[insn_first[c] ...
 * + insn_count[c] - 1] are class c's (index_classes). */
static unsigned insn_order[N_LISTED ? N_LISTED : 1], insn_first[N_CLASSES],
    insn_count[N_CLASSES];
/* The classes mixed_all draws from. */
static unsigned mixed_all_members[N_CLASSES], n_mixed_all_members;
/* The class emit_block is generating. */
static unsigned current_class;

static void emit_listed_of(unsigned cls)
{
    emit_listed(insn_order[insn_first[cls] + rnd(insn_count[cls])]);
}

static void gen_listed(void) { emit_listed_of(current_class); }

static void gen_mixed_all(void)
{
    unsigned cls = mixed_all_members[rnd(n_mixed_all_members)];

    if (classes[cls].gen == gen_listed)
        emit_listed_of(cls);
    else
        classes[cls].gen();
}

/* ---- initial state ---- */
static uint64_t int_edge(unsigned bits)
{
    uint64_t mask = bits == 64 ? ~0ULL : (1ULL << bits) - 1, min = 1ULL << (bits - 1);
    const uint64_t edges[] = {0,        1,        mask, min,      min - 1, min + 1, 2,
                              mask - 1, bits - 1, bits, min >> 1, 0x7f,    0x80};

    return edges[rnd(sizeof(edges) / sizeof(edges[0]))] & mask;
}

static uint64_t edge_value(void)
{
    static const uint64_t edges[] = {
        0,
        1,
        ~0ULL,
        0x7fffffffffffffffULL,
        0x8000000000000000ULL,
        0x7fffffff,
        0x80000000,
        0xffffffff,
        0xffffffff80000000ULL,
        63,
        64,
        32,
        31,
        2,
        ~1ULL,
        0x00000000ffff0000ULL,
    };
    switch (rnd(4)) {
    case 0:
    case 1:
        return edges[rnd(sizeof(edges) / sizeof(edges[0]))];
    case 2:
        return rnd(256);
    default:
        return rnd64();
    }
}

/* An IEEE format: total bits and fraction bits (H 16/10, S 32/23, D 64/52). */
struct fp_format {
    unsigned bits, frac;
};

static const struct fp_format fp_formats[] = {{16, 10}, {32, 23}, {64, 52}};

/* d in format f, rounded toward zero (near, not exact: ±1 ulp is added
 * separately), overflowing to infinity and underflowing to denormals. */
static uint64_t from_double(struct fp_format f, double d)
{
    uint64_t b, frac, sign;
    int ebits = (int)(f.bits - 1 - f.frac), bias = (1 << (ebits - 1)) - 1, e;

    memcpy(&b, &d, sizeof(b));
    if (f.bits == 64)
        return b;
    sign = (b >> 63) << (f.bits - 1);
    if (d == 0)
        return sign;
    e = (int)((b >> 52) & 0x7ff) - 1023 + bias;
    frac = (b & ((1ULL << 52) - 1)) | (1ULL << 52);
    if (e >= (1 << ebits) - 1)
        return sign | ((uint64_t)((1 << ebits) - 1) << f.frac);
    if (e <= 0) {
        unsigned shift = 52 - f.frac + 1 - (unsigned)e;
        return sign | (shift >= 64 ? 0 : frac >> shift);
    }
    return sign | ((uint64_t)e << f.frac) | ((frac >> (52 - f.frac)) & ((1ULL << f.frac) - 1));
}

/* Values that matter to conversions and rounding: halves and ties, integer
 * range limits of every width, powers of two, the half-precision range. */
static const double fp_interesting[] = {
    1,
    0.5,
    1.5,
    2.5,
    3,
    0.25,
    0.75,
    255.5,
    256,
    32767.5,
    32768,
    32768.5,
    65504,
    65520,
    65535.5,
    65536,
    2147483647.5,
    2147483648.0,
    2147483648.5,
    2147483649.0,
    4294967295.5,
    4294967296.0,
    0x1p63,
    0x1p63 - 1024,
    0x1p64,
    0x1p64 - 2048,
    0x1p24 + 1,
    0x1p53,
    0.1,
    1.0 / 3,
    3.14159265358979,
    0x1p-14,
    0x1p-126,
    0x1p-1022,
    1e-40,
    1e300,
};

/* An edge value of format f: signed zero, infinity, quiet or signalling NaN
 * with a payload, denormals, min/max normal, an interesting value (±1 ulp),
 * or a number of moderate magnitude with a random fraction. */
static uint64_t fp_edge(struct fp_format f)
{
    uint64_t frac_mask = (1ULL << f.frac) - 1, quiet = 1ULL << (f.frac - 1);
    unsigned ebits = f.bits - 1 - f.frac, bias = (1u << (ebits - 1)) - 1;
    uint64_t exp_max = ((1ULL << ebits) - 1) << f.frac, v;
    uint64_t sign = (uint64_t)rnd(2) << (f.bits - 1);

    switch (rnd(12)) {
    case 0:
        return sign;
    case 1:
        return sign | exp_max;
    case 2:
        return sign | exp_max | quiet | (rnd(2) ? rnd64() & (quiet - 1) : 0);
    case 3:
        return sign | exp_max | ((rnd64() & (quiet - 1)) | 1);
    case 4:
        return sign | (rnd(2) ? 1 : rnd(2) ? frac_mask : (rnd64() & frac_mask));
    case 5:
        return sign | (rnd(2) ? 1ULL << f.frac : (exp_max - (1ULL << f.frac)) | frac_mask);
    case 6:
    case 7:
    case 8:
        v = from_double(f, fp_interesting[rnd(sizeof(fp_interesting) / sizeof(double))]);
        v += rnd(3) == 0 ? (rnd(2) ? 1 : -1) : 0;
        return sign ^ v;
    default: /* 2^-8 .. 2^(ebits<=5 ? 15 : 70) */
        v = bias - 8 + rnd(f.bits == 16 ? 23 : 78);
        return sign | (v << f.frac) | (rnd64() & frac_mask);
    }
}

/* One 128-bit vector value: random bits, or lanes of one FP or integer
 * element size, each an edge value or random. */
static void vector_value(uint64_t out[2])
{
    unsigned kind = rnd(8), bits;

    out[0] = rnd64();
    out[1] = rnd64();
    if (kind == 0)
        return;
    bits = kind < 4 ? fp_formats[rnd(3)].bits : 8u << rnd(4);
    for (unsigned lane = 0; lane < 128 / bits; lane++) {
        unsigned word = lane * bits / 64, shift = lane * bits % 64;
        uint64_t mask = bits == 64 ? ~0ULL : (1ULL << bits) - 1, v;

        if (rnd(4) == 0)
            continue;
        v = kind < 4 ? fp_edge(fp_formats[bits == 16   ? 0
                                          : bits == 32 ? 1
                                                       : 2])
                     : int_edge(bits);
        out[word] = (out[word] & ~(mask << shift)) | (v & mask) << shift;
    }
}

/* A general register: an integer edge value, sometimes an S or D one
 * (for FMOV and the integer-to-FP conversions). */
static uint64_t x_value(void)
{
    return rnd(8) ? edge_value() : fp_edge(fp_formats[1 + rnd(2)]);
}

#define FPCR_RMODE_SHIFT 22
#define FPCR_FZ16        (1u << 19)
#define FPCR_FZ          (1u << 24)
#define FPCR_DN          (1u << 25)
/* FPSR's cumulative flags: IOC DZC OFC UFC IXC, IDC, QC. */
#define FPSR_CUMULATIVE 0x0800009fu

/* FPCR: round to nearest half of the time, FZ and DN a quarter each. */
static uint64_t initial_fpcr(enum fpcr_init init)
{
    uint64_t fpcr = 0;

    if (init == FPCR_ZERO)
        return 0;
    if (rnd(2))
        fpcr |= (uint64_t)rnd(4) << FPCR_RMODE_SHIFT;
    if (rnd(4) == 0)
        fpcr |= FPCR_FZ;
    if (rnd(4) == 0)
        fpcr |= FPCR_DN;
    if (init == FPCR_RANDOM_FZ16 && rnd(4) == 0)
        fpcr |= FPCR_FZ16;
    return fpcr;
}

/* Matches struct frame in driver.c: x[32], nzcv, pad, scratch, v[32][2],
 * fpcr, fpsr. */
static void emit_state(enum fpcr_init init)
{
    uint64_t v[2];

    for (int i = 0; i < 32; i++)
        printf("\t.quad 0x%016" PRIx64 "\n", i == REG_SCRATCH || i == 31 ? 0 : x_value());
    printf("\t.quad 0x%08" PRIx64 ", 0\n", (uint64_t)rnd(16) << 28);
    for (int i = 0; i < SCRATCH_SIZE / 16; i++) {
        if (rnd(2)) {
            vector_value(v);
        } else {
            v[0] = rnd(4) ? rnd64() : edge_value();
            v[1] = rnd(4) ? rnd64() : edge_value();
        }
        printf("\t.quad 0x%016" PRIx64 ", 0x%016" PRIx64 "\n", v[0], v[1]);
    }
    for (int i = 0; i < 32; i++) {
        vector_value(v);
        printf("\t.quad 0x%016" PRIx64 ", 0x%016" PRIx64 "\n", v[0], v[1]);
    }
    printf("\t.quad 0x%08" PRIx64 "\n", initial_fpcr(init));
    printf("\t.quad 0x%08" PRIx64 "\n",
           init == FPCR_ZERO ? 0 : rnd64() & FPSR_CUMULATIVE & -(uint64_t)rnd(2));
}

static int find_class(const char *name)
{
    for (unsigned i = 0; i < N_CLASSES; i++) {
        if (strcmp(classes[i].name, name) == 0)
            return (int)i;
    }
    return -1;
}

/* Block INDEX of class CLS: its initial state, then its code between the
 * harness's entry and exit.  Its own seed makes it reproducible alone. */
static void emit_block(uint64_t seed, int cls, unsigned index, unsigned len)
{
    const char *name = classes[cls].name;

    uint64_t name_hash = 0xcbf29ce484222325ULL;

    /* By name, not table position: adding a class changes no other's blocks. */
    for (const char *c = name; *c; c++)
        name_hash = (name_hash ^ (uint8_t)*c) * 0x100000001b3ULL;
    rng_state = seed * 0x100000001b3ULL ^ name_hash ^ index;
    rnd64();
    current_class = (unsigned)cls;
    printf("\t.data\n\t.balign 16\nstate_%s_%u:\n", name, index);
    emit_state(classes[cls].fpcr);
    nwords = 0;
    while (nwords < len)
        classes[cls].gen();
    /* A 16-aligned body after the one-instruction BLOCK_ENTER: gen_pcrel
     * keeps an ADRP pair on one page, LDR (literal) loads aligned words. */
    printf("\t.text\n\t.balign 16\n\t.skip 12\nblock_%s_%u:\n\tBLOCK_ENTER\n", name, index);
    printf("block_%s_%u_body:\n", name, index);
    for (unsigned i = 0; i < nwords; i++)
        printf("\t.inst 0x%08" PRIx32 "\n", words[i]);
    printf("block_%s_%u_end:\n\tBLOCK_EXIT\n", name, index);
}

static bool parse_spec(const char *arg, struct spec *s)
{
    return parse_spec_with(arg, s, find_class);
}

static void usage(void)
{
    fprintf(stderr, "usage: gen SEED LEN CLASS:FIRST:COUNT...\n"
                    "       gen --list   (one line per class: NAME CPU ready|pending)\n"
                    "       classes:");
    for (unsigned i = 0; i < N_CLASSES; i++)
        fprintf(stderr, " %s", classes[i].name);
    fprintf(stderr, "\n");
    exit(2);
}

/* Parse every listed instruction (a bad entry stops gen with a message)
 * and check that classes and instructions refer to each other. */
static void check_listed(void)
{
    for (unsigned i = 0; i < N_LISTED; i++) {
        int cls = find_class(listed_insns[i].cls);
        parse_insn(&listed_insns[i], &parsed[i]);
        if (cls < 0 || classes[cls].gen != gen_listed)
            bad_entry(&listed_insns[i], "no CLASS(%s, ...) declared", listed_insns[i].cls);
    }
    for (unsigned c = 0; c < N_CLASSES; c++) {
        bool used = classes[c].gen != gen_listed;
        for (unsigned i = 0; i < N_LISTED && !used; i++)
            used = strcmp(listed_insns[i].cls, classes[c].name) == 0;
        if (!used) {
            fprintf(stderr, "gen: class %s has no INSN\n", classes[c].name);
            exit(2);
        }
    }
}

/* insn_order/insn_first/insn_count and mixed_all_members. */
static void index_classes(void)
{
    unsigned n = 0;

    for (unsigned c = 0; c < N_CLASSES; c++) {
        insn_first[c] = n;
        for (unsigned i = 0; i < N_LISTED; i++) {
            if (strcmp(listed_insns[i].cls, classes[c].name) == 0)
                insn_order[n++] = i;
        }
        insn_count[c] = n - insn_first[c];
        if (c < mixed_class() || (classes[c].gen == gen_listed && !classes[c].pending &&
                                  strcmp(classes[c].cpu, "cortex-a57") == 0))
            mixed_all_members[n_mixed_all_members++] = c;
    }
}

static void list_classes(void)
{
    for (unsigned i = 0; i < N_CLASSES; i++)
        printf("%s %s %s\n", classes[i].name, classes[i].cpu,
               classes[i].pending ? "pending" : "ready");
}

/* The table driver.c walks: code, initial state, index, class name. */
static void emit_table(const struct spec *specs, int nspecs)
{
    unsigned total = 0;

    printf("\t.section .rodata\n");
    for (int s = 0; s < nspecs; s++)
        printf("name_%s:\n\t.asciz \"%s\"\n", classes[specs[s].cls].name,
               classes[specs[s].cls].name);
    printf("\t.balign 8\n\t.global blocks\nblocks:\n");
    for (int s = 0; s < nspecs; s++) {
        const char *name = classes[specs[s].cls].name;
        for (unsigned i = specs[s].first; i < specs[s].first + specs[s].count; i++, total++)
            printf("\t.quad block_%s_%u, state_%s_%u, %u, name_%s\n", name, i, name, i, i,
                   name);
    }
    printf("\t.global nblocks\nnblocks:\n\t.quad %u\n", total);
}

int main(int argc, char **argv)
{
    static struct spec specs[64];
    int nspecs = argc - 3;

    check_listed();
    index_classes();
    if (argc == 2 && strcmp(argv[1], "--list") == 0) {
        list_classes();
        return 0;
    }
    if (argc < 4 || nspecs > 64)
        usage();
    uint64_t seed = strtoull(argv[1], NULL, 0);
    unsigned len = (unsigned)strtoul(argv[2], NULL, 0);
    if (len == 0 || len > MAX_WORDS / 4)
        usage();
    for (int s = 0; s < nspecs; s++) {
        if (!parse_spec(argv[s + 3], &specs[s]))
            usage();
    }

    printf("/* generated by gen %s %s ... */\n\t.include \"harness.inc\"\n", argv[1], argv[2]);
    for (int s = 0; s < nspecs; s++) {
        for (unsigned i = specs[s].first; i < specs[s].first + specs[s].count; i++)
            emit_block(seed, specs[s].cls, i, len);
    }
    emit_table(specs, nspecs);
    return 0;
}
