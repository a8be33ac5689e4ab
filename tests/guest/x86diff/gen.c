/*
 * Random x86-64 integer instruction-stream generator for the differential
 * test against the host CPU.
 *
 * Usage: gen SEED LEN CLASS:FIRST:COUNT...
 * Writes assembly (AT&T syntax, for harness.inc) to stdout: for each
 * CLASS, blocks FIRST .. FIRST+COUNT-1 of its stream for SEED, each of LEN
 * instructions under test (plus the set-up instructions some need), with
 * its initial state and the mask of flags defined at its end.  Block I
 * depends only on (SEED, CLASS, I) and its first K instructions do not
 * depend on LEN, so a mismatch can be cut to its shortest failing prefix.
 *
 * Register conventions shared with harness.inc:
 *   r15  base of the 256-byte scratch buffer: only ever a memory base (its
 *        value differs between the host and the bare-metal run)
 *   rsp  the harness's stack: only PUSHF/POP pairs touch it
 *   rsi, rdi are set to buffer offsets before each string instruction,
 *        turned into addresses (LEA) for it and back into offsets after
 *        it, so that no address reaches the compared state
 *
 * Flags the SDM leaves undefined are tracked: each instruction says which
 * flags it writes and which of those it leaves undefined; an instruction
 * that reads a flag currently undefined gets a CMP first that defines all,
 * a PUSHF capture masks the undefined ones away, and the block's final
 * mask says which flags the comparison looks at.
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
#define MAX_LINES    65536
#define MAX_LEN      4000

enum { CF = 0x1, PF = 0x4, AF = 0x10, ZF = 0x40, SF = 0x80, OF = 0x800, DF = 0x400 };
#define ARITH (CF | PF | AF | ZF | SF | OF)

enum { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15 };

/* Values near the edges of every width, or random. */
static uint64_t edge_value(void)
{
    static const uint64_t edges[] = {0,
                                     1,
                                     2,
                                     0x7f,
                                     0x80,
                                     0xff,
                                     0x7fff,
                                     0x8000,
                                     0xffff,
                                     0x7fffffff,
                                     0x80000000,
                                     0xffffffff,
                                     0x7fffffffffffffffull,
                                     0x8000000000000000ull,
                                     ~0ull};
    switch (rnd(3)) {
    case 0:
        return edges[rnd(sizeof(edges) / sizeof(edges[0]))];
    case 1:
        return rnd64() >> rnd(64);
    default:
        return rnd64();
    }
}

/* ---- the lines of one block ---- */
static char *lines[MAX_LINES];
/* The block is 32-bit code (protected mode under gemu, compatibility mode
 * on the host): eax..edi only, ebp the scratch base, no 64-bit operands. */
static bool mode32;
#define WORD (mode32 ? 4u : 8u)
static unsigned nlines;
static unsigned undefined_flags; /* flags the SDM leaves undefined right now */

static void line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void line(const char *fmt, ...)
{
    va_list ap;
    char buf[160];
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (nlines == MAX_LINES) {
        fprintf(stderr, "gen: block too long\n");
        exit(2);
    }
    lines[nlines++] = strdup(buf);
}

/* An instruction writes flags `writes`, leaving `undef` of them undefined. */
static void flags_written(unsigned writes, unsigned undef)
{
    undefined_flags = (undefined_flags & ~writes) | undef;
}

/* ---- operands ---- */
static const char *const reg_names[16][4] = {
    {"al", "ax", "eax", "rax"},      {"cl", "cx", "ecx", "rcx"},
    {"dl", "dx", "edx", "rdx"},      {"bl", "bx", "ebx", "rbx"},
    {"spl", "sp", "esp", "rsp"},     {"bpl", "bp", "ebp", "rbp"},
    {"sil", "si", "esi", "rsi"},     {"dil", "di", "edi", "rdi"},
    {"r8b", "r8w", "r8d", "r8"},     {"r9b", "r9w", "r9d", "r9"},
    {"r10b", "r10w", "r10d", "r10"}, {"r11b", "r11w", "r11d", "r11"},
    {"r12b", "r12w", "r12d", "r12"}, {"r13b", "r13w", "r13d", "r13"},
    {"r14b", "r14w", "r14d", "r14"}, {"r15b", "r15w", "r15d", "r15"},
};

static unsigned size_index(unsigned size)
{
    return size == 1 ? 0 : size == 2 ? 1 : size == 4 ? 2 : 3;
}
static char suffix(unsigned size) { return "bwlq"[size_index(size)]; }

/* In 32-bit code, si and di have no byte registers: dh and bh stand in. */
static const char *reg(unsigned r, unsigned size)
{
    if (mode32 && size == 1 && (r == RSI || r == RDI))
        return r == RSI ? "dh" : "bh";
    return reg_names[r][size_index(size)];
}

/* The base of scratch-buffer operands. */
static const char *base(void) { return mode32 ? "ebp" : "r15"; }

/* A data register: not rsp, not the scratch base (r15; ebp in 32-bit code). */
static unsigned data_reg(void)
{
    unsigned r;
    do
        r = rnd(mode32 ? 8 : 16);
    while (r == RSP || r == R15 || (mode32 && r == RBP));
    return r;
}

/* A data register other than those in `avoid` (a bit per register). */
static unsigned data_reg_except(unsigned avoid)
{
    unsigned r;
    do
        r = data_reg();
    while (avoid & (1u << r));
    return r;
}

/* An operand size: any, from 2 bytes, from 4 bytes (up to the word). */
static unsigned random_size(void) { return 1u << rnd(mode32 ? 3 : 4); }
static unsigned size_from_2(void) { return 2u << rnd(mode32 ? 2 : 3); }
static unsigned size_from_4(void) { return 4u << rnd(mode32 ? 1 : 2); }
static char word_suffix(void) { return suffix(WORD); }

/* "%%reg" for a register operand, "disp(%%r15)" for memory. */
static void operand(char *buf, size_t n, bool memory, unsigned r, unsigned size)
{
    if (memory)
        snprintf(buf, n, "%u(%%%s)", rnd(SCRATCH_SIZE - size + 1), base());
    else
        snprintf(buf, n, "%%%s", reg(r, size));
}

/* An immediate that fits the form: imm8/16/32, sign-extended for 64. */
static int64_t imm_for(unsigned size)
{
    uint64_t v = edge_value();
    switch (size) {
    case 1:
        return (int8_t)v;
    case 2:
        return (int16_t)v;
    default:
        return (int32_t)v;
    }
}

/* Make sure the flags an instruction reads are defined: a CMP defines all. */
static void need_flags(unsigned reads)
{
    if (undefined_flags & reads) {
        line("cmp%c %%%s, %%%s", word_suffix(), reg(data_reg(), WORD), reg(data_reg(), WORD));
        flags_written(ARITH, 0);
    }
}

/* ---- instruction classes ---- */

typedef struct BinaryOp {
    const char *name;
    unsigned reads, undef; /* all six arithmetic flags are written */
    bool writes_dest;
} BinaryOp;

static const BinaryOp binary_ops[] = {
    {"add", 0, 0, true},  {"adc", CF, 0, true}, {"sub", 0, 0, true},
    {"sbb", CF, 0, true}, {"cmp", 0, 0, false}, {"and", 0, AF, true},
    {"or", 0, AF, true},  {"xor", 0, AF, true}, {"test", 0, AF, false},
};

static void gen_binary(void)
{
    const BinaryOp *op = &binary_ops[rnd(sizeof(binary_ops) / sizeof(binary_ops[0]))];
    unsigned size = random_size();
    char dst[32], src[32];
    need_flags(op->reads);
    switch (rnd(3)) {
    case 0: /* reg/mem, reg */
        operand(dst, sizeof(dst), rnd(3) == 0, data_reg(), size);
        operand(src, sizeof(src), false, data_reg(), size);
        break;
    case 1: /* reg, mem (TEST has no such form: swap) */
        operand(src, sizeof(src), true, 0, size);
        operand(dst, sizeof(dst), false, data_reg(), size);
        if (strcmp(op->name, "test") == 0) {
            char tmp[32];
            strcpy(tmp, src);
            strcpy(src, dst);
            strcpy(dst, tmp);
        }
        break;
    default: /* reg/mem, imm */
        snprintf(src, sizeof(src), "$%" PRId64, imm_for(size));
        operand(dst, sizeof(dst), rnd(3) == 0, data_reg(), size);
        break;
    }
    line("%s%c %s, %s", op->name, suffix(size), src, dst);
    flags_written(ARITH, op->undef);
}

static void gen_unary(void)
{
    static const struct {
        const char *name;
        unsigned writes;
    } ops[] = {{"inc", ARITH & ~CF}, {"dec", ARITH & ~CF}, {"neg", ARITH}, {"not", 0}};
    unsigned i = rnd(4), size = random_size();
    char dst[32];
    operand(dst, sizeof(dst), rnd(3) == 0, data_reg(), size);
    line("%s%c %s", ops[i].name, suffix(size), dst);
    flags_written(ops[i].writes, 0);
}

/* Shifts and rotates.  The count is known here (an immediate, or CL set
 * right before), so the flags it defines are known too. */
static void gen_shift(void)
{
    static const char *const names[] = {"rol", "ror", "rcl", "rcr", "shl", "shr", "sar"};
    unsigned op = rnd(7), size = random_size(), bits = size * 8;
    unsigned raw = rnd(4) == 0 ? 1 : rnd(2) ? rnd(bits + 2) : rnd(256);
    unsigned masked = raw & (size == 8 ? 63 : 31);
    bool by_cl = rnd(2);
    unsigned dst_reg = data_reg_except(by_cl ? 1u << RCX : 0);
    char dst[32];
    if (op == 2 || op == 3)
        need_flags(CF);
    if (by_cl)
        line("movb $%u, %%cl", raw & 0xff);
    else
        raw &= 0xff;
    operand(dst, sizeof(dst), rnd(3) == 0, dst_reg, size);
    if (by_cl)
        line("%s%c %%cl, %s", names[op], suffix(size), dst);
    else
        line("%s%c $%u, %s", names[op], suffix(size), raw, dst);
    if (masked == 0)
        return;
    unsigned of_undef = masked == 1 ? 0 : OF;
    if (op <= 1) {
        flags_written(CF | OF, of_undef);
    } else if (op <= 3) {
        /* RCL/RCR of 8/16 bits rotate through 9/17 bits: a count that is a
         * multiple of that moves nothing; treat CF as undefined then. */
        bool none = size <= 2 && masked % (bits + 1) == 0;
        flags_written(CF | OF, of_undef | (none ? CF : 0));
    } else {
        unsigned cf_undef = masked >= bits ? CF : 0;
        flags_written(ARITH, of_undef | AF | cf_undef);
    }
}

static void gen_double_shift(void)
{
    unsigned size = size_from_2(), bits = size * 8;
    bool left = rnd(2), by_cl = rnd(2);
    unsigned src = data_reg_except(1u << RCX), dst = data_reg_except(1u << RCX);
    /* 16-bit counts above 16 give undefined results: keep below 17. */
    unsigned masked = size == 2 ? rnd(17) : rnd(bits);
    char d[32];
    operand(d, sizeof(d), rnd(3) == 0, dst, size);
    if (by_cl) {
        /* Bits above the count mask must be ignored. */
        line("movb $%u, %%cl", masked | (rnd(2) ? (size == 8 ? 0x40 : 0x20) : 0));
        line("sh%sd%c %%cl, %%%s, %s", left ? "l" : "r", suffix(size), reg(src, size), d);
    } else {
        line("sh%sd%c $%u, %%%s, %s", left ? "l" : "r", suffix(size), masked, reg(src, size),
             d);
    }
    if (masked)
        flags_written(ARITH, (masked == 1 ? 0 : OF) | AF | (masked > bits ? CF : 0));
}

/* MUL/IMUL/DIV/IDIV with operands constrained so that no #DE is raised. */
static void gen_muldiv(void)
{
    unsigned size = random_size(), kind = rnd(5);
    unsigned src = data_reg_except(1u << RAX | 1u << RDX);
    char s[32];
    if (kind <= 1) { /* one-operand MUL/IMUL: rdx:rax = rax * src */
        operand(s, sizeof(s), rnd(3) == 0, src, size);
        line("%s%c %s", kind ? "imul" : "mul", suffix(size), s);
        flags_written(ARITH, SF | ZF | AF | PF);
        return;
    }
    if (kind == 2) { /* IMUL reg, r/m [, imm] */
        unsigned isize = size == 1 ? size_from_2() : size;
        unsigned dst = data_reg();
        operand(s, sizeof(s), rnd(3) == 0, src, isize);
        if (rnd(2))
            line("imul%c %s, %%%s", suffix(isize), s, reg(dst, isize));
        else
            line("imul%c $%" PRId64 ", %s, %%%s", suffix(isize), imm_for(isize), s,
                 reg(dst, isize));
        flags_written(ARITH, SF | ZF | AF | PF);
        return;
    }
    /* DIV/IDIV: a non-zero divisor, and a dividend whose quotient fits. */
    bool is_signed = kind == 4;
    line("or%c $1, %%%s", suffix(size), reg(src, size));
    if (is_signed) {
        static const char *const extend[] = {"cbtw", "cwtd", "cltd", "cqto"};
        static const char *const keep[] = {"andb $0x3f, %al", "andw $0x3fff, %ax",
                                           "andl $0x3fffffff, %eax", "shrq $2, %rax"};
        line("%s", keep[size_index(size)]);
        line("%s", extend[size_index(size)]);
    } else if (size == 1) {
        line("movzbw %%al, %%ax");
    } else {
        line("xorl %%edx, %%edx");
    }
    line("%s%c %%%s", is_signed ? "idiv" : "div", suffix(size), reg(src, size));
    flags_written(ARITH, ARITH);
}

static void gen_bits(void)
{
    unsigned size = size_from_2(), kind = rnd(6), r = data_reg(),
             src = data_reg_except(1u << r);
    char d[32];
    static const char *const bt[] = {"bt", "bts", "btr", "btc"};
    if (kind < 4) {
        bool imm = rnd(2), memory = rnd(3) == 0;
        operand(d, sizeof(d), memory, r, size);
        if (imm) {
            line("%s%c $%u, %s", bt[kind], suffix(size), rnd(256), d);
        } else {
            /* A register offset on memory can reach far: keep it in the
             * operand (bits 0 .. size*8-1). */
            line("and%c $%u, %%%s", suffix(size), size * 8 - 1, reg(src, size));
            flags_written(ARITH, AF);
            line("%s%c %%%s, %s", bt[kind], suffix(size), reg(src, size), d);
        }
        flags_written(CF | OF | SF | AF | PF, OF | SF | AF | PF);
    } else if (kind == 4) {
        /* BSF/BSR of 0 leave the destination undefined: set a bit first. */
        line("bts%c $%u, %%%s", suffix(size), rnd(size * 8), reg(src, size));
        flags_written(CF | OF | SF | AF | PF, OF | SF | AF | PF);
        line("bs%c%c %%%s, %%%s", rnd(2) ? 'f' : 'r', suffix(size), reg(src, size),
             reg(r, size));
        flags_written(ARITH, ARITH & ~ZF);
    } else {
        size = size_from_4(); /* 16-bit BSWAP is undefined */
        line("bswap %%%s", reg(r, size));
    }
}

static const char *const conditions[16] = {"o", "no", "b", "ae", "e", "ne", "be", "a",
                                           "s", "ns", "p", "np", "l", "ge", "le", "g"};
static const unsigned condition_reads[16] = {
    OF, OF, CF, CF, ZF,      ZF,      CF | ZF,      CF | ZF,
    SF, SF, PF, PF, SF | OF, SF | OF, ZF | SF | OF, ZF | SF | OF};

static void gen_conditional(void)
{
    unsigned kind = rnd(6), cc = rnd(16), r = data_reg();
    char s[32];
    switch (kind) {
    case 0: {
        unsigned size = size_from_2();
        need_flags(condition_reads[cc]);
        operand(s, sizeof(s), rnd(3) == 0, data_reg(), size);
        line("cmov%s%c %s, %%%s", conditions[cc], suffix(size), s, reg(r, size));
        break;
    }
    case 1:
        need_flags(condition_reads[cc]);
        operand(s, sizeof(s), rnd(3) == 0, r, 1);
        line("set%s %s", conditions[cc], s);
        break;
    case 2: /* capture the flags through the stack, undefined ones masked */
        line("pushf%c", word_suffix());
        line("pop%c %%%s", word_suffix(), reg(r, WORD));
        line("and%c $0x%x, %%%s", word_suffix(), (ARITH & ~undefined_flags) | DF, reg(r, WORD));
        flags_written(ARITH, AF);
        break;
    case 3:
        need_flags(CF | PF | AF | ZF | SF);
        line("lahf");
        break;
    case 4:
        line("sahf");
        flags_written(CF | PF | AF | ZF | SF, 0);
        break;
    default: {
        static const char *const names[] = {"clc", "stc", "cmc"};
        unsigned i = rnd(3);
        if (i == 2)
            need_flags(CF);
        line("%s", names[i]);
        flags_written(CF, 0);
        break;
    }
    }
}

static void gen_move(void)
{
    unsigned kind = rnd(8), size = random_size(), r = data_reg(), s = data_reg();
    char m[32];
    switch (kind) {
    case 0: {
        unsigned from = rnd(2) ? 1 : 2, to = from == 1 ? size_from_2() : size_from_4();
        operand(m, sizeof(m), rnd(3) == 0, s, from);
        line("mov%c%c%c %s, %%%s", rnd(2) ? 'z' : 's', suffix(from), suffix(to), m, reg(r, to));
        break;
    }
    case 1:
        operand(m, sizeof(m), rnd(3) == 0, s, mode32 ? 2 : 4);
        line("%s %s, %%%s", mode32 ? "movswl" : "movslq", m, reg(r, WORD));
        break;
    case 2: {
        unsigned lsize = size_from_2(), scale = 1u << rnd(4);
        line("lea%c %d(%%%s, %%%s, %u), %%%s", suffix(lsize), (int)imm_for(4), reg(s, WORD),
             reg(data_reg(), WORD), scale, reg(r, lsize));
        break;
    }
    case 3:
        operand(m, sizeof(m), rnd(2), s, size);
        line("xchg%c %s, %%%s", suffix(size), m, reg(r, size));
        break;
    case 4:
        operand(m, sizeof(m), rnd(2), s, size);
        line("%sxadd%c %%%s, %s", rnd(4) == 0 && m[0] != '%' ? "lock " : "", suffix(size),
             reg(r, size), m);
        flags_written(ARITH, 0);
        break;
    case 5:
        operand(m, sizeof(m), rnd(2), s, size);
        line("%scmpxchg%c %%%s, %s", rnd(4) == 0 && m[0] != '%' ? "lock " : "", suffix(size),
             reg(r, size), m);
        flags_written(ARITH, 0);
        break;
    case 6:
        operand(m, sizeof(m), true, 0, size);
        if (rnd(2))
            line("mov%c %%%s, %s", suffix(size), reg(r, size), m);
        else
            line("mov%c %s, %%%s", suffix(size), m, reg(r, size));
        break;
    default:
        if (size == 8 && !mode32 && rnd(2))
            line("movabsq $0x%" PRIx64 ", %%%s", edge_value(), reg(r, 8));
        else
            line("mov%c $%" PRId64 ", %%%s", suffix(size), imm_for(size), reg(r, size));
        break;
    }
}

/* String instructions on the scratch buffer: rsi/rdi become addresses
 * only around the instruction, so the compared state holds offsets. */
static void gen_string(void)
{
    static const struct {
        const char *name;
        bool rep_ok, compares, uses_rsi, uses_rdi;
    } ops[] = {{"movs", true, false, true, true},
               {"stos", true, false, false, true},
               {"lods", false, false, true, false},
               {"cmps", true, true, true, true},
               {"scas", true, true, false, true}};
    unsigned i = rnd(5), size = random_size(), count = rnd(5);
    bool backwards = rnd(4) == 0, rep = ops[i].rep_ok && rnd(2);
    /* Offsets in the middle so that 8 elements of 8 bytes stay inside. */
    line("movl $%u, %%esi", 72 + rnd(SCRATCH_SIZE - 144));
    line("movl $%u, %%edi", 72 + rnd(SCRATCH_SIZE - 144));
    if (rep)
        line("movl $%u, %%ecx", count);
    line("lea%c (%%%s, %%%s), %%%s", word_suffix(), reg(RSI, WORD), base(), reg(RSI, WORD));
    line("lea%c (%%%s, %%%s), %%%s", word_suffix(), reg(RDI, WORD), base(), reg(RDI, WORD));
    if (backwards)
        line("std");
    line("%s%s%c", rep ? (ops[i].compares ? (rnd(2) ? "repe " : "repne ") : "rep ") : "",
         ops[i].name, suffix(size));
    if (backwards)
        line("cld");
    /* Back to offsets, keeping the flags the instruction set. */
    line("pushf%c", word_suffix());
    line("sub%c %%%s, %%%s", word_suffix(), base(), reg(RSI, WORD));
    line("sub%c %%%s, %%%s", word_suffix(), base(), reg(RDI, WORD));
    line("popf%c", word_suffix());
    /* A REP prefix with a count of 0 runs nothing, not even the compare. */
    if (ops[i].compares && (!rep || count > 0))
        flags_written(ARITH, 0);
}

/* ---- the SSE, MMX and x87 classes (classes-sse.def, classes-x87.def) ---- */

/* harness.inc's levels: how much vector and FPU state a block loads. */
enum { LEVEL_GPR, LEVEL_SSE, LEVEL_MMX, LEVEL_X87 };
#define READY    false
#define PENDING  true
#define FL_ARITH 1u

typedef struct VecInsn {
    const char *cls, *mnemonic, *operands;
    unsigned flags;
} VecInsn;

static const VecInsn vec_insns[] = {
#define CLASS(name, level, status)
#define INSN(cls, mnemonic, operands, flags) {#cls, mnemonic, operands, flags},
#include "classes-sse.def"
#undef CLASS
#undef INSN
};
#define N_VEC_INSNS (sizeof(vec_insns) / sizeof(vec_insns[0]))

typedef struct X87Insn {
    const char *cls, *template;
    unsigned mem, fsw_undef, reads, writes;
} X87Insn;

static const X87Insn x87_insns[] = {
#define CLASS(name, level, status)
#define X87(cls, template, mem, fsw_undef, reads, writes)                                      \
    {#cls, template, mem, fsw_undef, reads, writes},
#include "classes-x87.def"
#undef CLASS
#undef X87
};
#define N_X87_INSNS (sizeof(x87_insns) / sizeof(x87_insns[0]))

static unsigned fsw_undefined; /* x87 condition codes undefined right now */
static const char *current_class_name;

/* A scratch operand of `size` bytes: aligned to `align`, inside the buffer. */
static void mem_operand(char *buf, size_t n, unsigned size, unsigned align)
{
    snprintf(buf, n, "%u(%%%s)", rnd((SCRATCH_SIZE - size) / align + 1) * align, base());
}

/* A shift count: usually inside the element, sometimes past it. */
static unsigned shift_count(void)
{
    switch (rnd(4)) {
    case 0:
        return rnd(256);
    case 1:
        return rnd(16);
    default:
        return rnd(72);
    }
}

/* One operand of a classes-sse.def operand letter (see there). */
static void vec_operand(char *buf, size_t n, char kind)
{
    bool mem = rnd(3) == 0;
    switch (kind) {
    case 'x':
        snprintf(buf, n, "%%xmm%u", rnd(16));
        return;
    case 'm':
        snprintf(buf, n, "%%mm%u", rnd(8));
        return;
    case 'r':
    case 'R':
        snprintf(buf, n, "%%%s", reg(data_reg(), kind == 'r' ? 4 : 8));
        return;
    case 'i':
        snprintf(buf, n, "$%u", rnd(256));
        return;
    case 'c':
        snprintf(buf, n, "$%u", rnd(8));
        return;
    case 'k':
        snprintf(buf, n, "$%u", rnd(16));
        return;
    case 'p':
        snprintf(buf, n, "$%u", rnd(128));
        return;
    case 's':
        snprintf(buf, n, "$%u", shift_count());
        return;
    case 'M':
        mem_operand(buf, n, 16, 16);
        return;
    case 'u':
        mem_operand(buf, n, 16, 1);
        return;
    case 'N':
        mem_operand(buf, n, 8, 1);
        return;
    case 'L':
        mem_operand(buf, n, 4, 1);
        return;
    }
    if (!mem) {
        switch (kind) {
        case 'W':
        case 'U':
        case 'D':
        case 'S':
        case 'H':
            vec_operand(buf, n, 'x');
            return;
        case 'Q':
            vec_operand(buf, n, 'm');
            return;
        default: /* e E g B b h: a general register */
            snprintf(buf, n, "%%%s",
                     reg(data_reg(), kind == 'E'   ? 8
                                     : kind == 'b' ? 1
                                     : kind == 'h' ? 2
                                                   : 4));
            return;
        }
    }
    static const char kinds[] = "WUDSHQeEgBbh";
    static const unsigned sizes[] = {16, 16, 8, 4, 2, 8, 4, 8, 2, 1, 1, 2};
    unsigned i = (unsigned)(strchr(kinds, kind) - kinds);
    mem_operand(buf, n, sizes[i], kind == 'W' ? 16 : 1);
}

static void emit_vec_insn(const VecInsn *v)
{
    char text[160], op[32];
    size_t len = (size_t)snprintf(text, sizeof(text), "%s", v->mnemonic);
    for (const char *k = v->operands; *k; k++) {
        vec_operand(op, sizeof(op), *k);
        len += (size_t)snprintf(text + len, sizeof(text) - len, "%s%s",
                                k == v->operands ? " " : ", ", op);
    }
    line("%s", text);
    if (v->flags & FL_ARITH)
        flags_written(ARITH, 0);
}

static void emit_x87_insn(const X87Insn *x)
{
    char text[160], *out = text;
    need_flags(x->reads);
    for (const char *t = x->template; *t; t++) {
        if (*t == '#') {
            out += sprintf(out, "%u", rnd(8));
        } else if (*t == '@') {
            char m[32];
            mem_operand(m, sizeof(m), x->mem, 1);
            out += sprintf(out, "%s", m);
        } else {
            *out++ = *t;
        }
    }
    *out = 0;
    line("%s", text);
    if (x->writes)
        flags_written(x->writes, 0);
    fsw_undefined = (fsw_undefined & ~(C0 | C1 | C2 | C3)) | x->fsw_undef;
}

/* A random control word: exceptions masked (bit 6 reserved, set as by
 * FNINIT), precision 24, 53 or 64 bits, any rounding. */
static unsigned random_fcw(void)
{
    static const unsigned precision[] = {0, 2, 3};
    return 0x7f | precision[rnd(3)] << 8 | rnd(4) << 10;
}

/* FNSTSW with the undefined condition codes masked right away; FLDCW. */
static void emit_x87_special(void)
{
    char m[32];
    unsigned r = data_reg();
    mem_operand(m, sizeof(m), 2, 1);
    switch (rnd(3)) {
    case 0:
        line("fnstsw %%ax");
        line("andw $0x%x, %%ax", 0xffff & ~fsw_undefined);
        flags_written(ARITH, AF);
        break;
    case 1:
        line("fnstsw %s", m);
        line("andw $0x%x, %s", 0xffff & ~fsw_undefined, m);
        flags_written(ARITH, AF);
        break;
    default:
        line("movw $0x%x, %s", random_fcw(), m);
        line("fldcw %s", m);
        (void)r;
        break;
    }
    fsw_undefined = C0 | C1 | C2 | C3;
}

static void gen_vec_listed(void)
{
    static const VecInsn *mine[N_VEC_INSNS];
    static unsigned n;
    static const char *for_class;
    if (for_class != current_class_name) {
        n = 0;
        for (unsigned i = 0; i < N_VEC_INSNS; i++) {
            if (strcmp(vec_insns[i].cls, current_class_name) == 0)
                mine[n++] = &vec_insns[i];
        }
        for_class = current_class_name;
    }
    emit_vec_insn(mine[rnd(n)]);
}

static void gen_x87_listed(void)
{
    static const X87Insn *mine[N_X87_INSNS];
    static unsigned n;
    static const char *for_class;
    if (for_class != current_class_name) {
        n = 0;
        for (unsigned i = 0; i < N_X87_INSNS; i++) {
            if (strcmp(x87_insns[i].cls, current_class_name) == 0)
                mine[n++] = &x87_insns[i];
        }
        for_class = current_class_name;
    }
    if (strcmp(current_class_name, "x87_misc") == 0 && rnd(16) == 0)
        emit_x87_special();
    else
        emit_x87_insn(mine[rnd(n)]);
}

/* ---- x87 transcendentals ----
 * The SDM bounds their error (1 ulp of the 64-bit significand, for
 * arguments in range) but does not define the last bit: each result is
 * stored right away as float32 (FSTPS, popping it), 40 bits coarser, its
 * register scrubbed, and the status word's C1 (which says whether that
 * rounding went up) masked.
 * Arguments come from a constant pool inside the instruction's domain
 * (F2XM1: [-1, 1]; FYL2XP1: |x| < 1 - sqrt(2)/2; FSIN, FCOS, FSINCOS,
 * FPTAN: |x| < 2^8, where the argument reduction's error stays far below
 * float32's) or, for FPATAN and FYL2X, which take any operands, from the
 * stack as it is. */
static unsigned const_serial;

/* Push a float64 constant from a pool next to the block (RIP-relative). */
static void push_const(double d)
{
    uint64_t bits;
    memcpy(&bits, &d, 8);
    line(".pushsection .rodata; .balign 8; tc_%u: .quad 0x%016" PRIx64 "; .popsection",
         const_serial, bits);
    line("fldl tc_%u(%%rip)", const_serial++);
}

static double uniform(double lo, double hi)
{
    return lo + (hi - lo) * (double)(rnd64() >> 11) / 9007199254740992.0;
}

static void gen_x87_transcend(void)
{
    char m[32];
    unsigned results = 1;
    switch (rnd(8)) {
    case 0:
        push_const(rnd(8) == 0 ? 0.0 : uniform(-1, 1));
        line("f2xm1");
        break;
    case 1:
        push_const(uniform(-256, 256));
        push_const(uniform(-0.29, 0.29));
        line("fyl2xp1");
        break;
    case 2:
        line("fyl2x");
        break;
    case 3:
        line("fpatan");
        break;
    case 4:
        push_const(rnd(8) == 0 ? 0.0 : uniform(-256, 256));
        line("fsin");
        break;
    case 5:
        push_const(uniform(-256, 256));
        line("fcos");
        break;
    case 6:
        push_const(uniform(-256, 256));
        line("fsincos");
        results = 2;
        break;
    default:
        push_const(uniform(-256, 256));
        line("fptan");
        results = 2;
        break;
    }
    for (unsigned i = 0; i < results; i++) {
        mem_operand(m, sizeof(m), 4, 4);
        line("fstps %s", m);
    }
    /* A popped register keeps its value, which FXSAVE shows: overwrite the
     * results' registers with zeros (a push reuses the register a pop
     * freed) and pop those again. */
    for (unsigned i = 0; i < results; i++)
        line("fldz");
    for (unsigned i = 0; i < results; i++)
        line("fstp %%st(0)");
    fsw_undefined = C0 | C1 | C2 | C3;
}

/* BCD adjustments (32-bit code only: they are #UD in 64-bit mode).  AAM
 * divides by its immediate: never 0. */
static void gen_bcd(void)
{
    switch (rnd(6)) {
    case 0:
    case 1:
        need_flags(CF | AF);
        line(rnd(2) ? "daa" : "das");
        flags_written(ARITH, OF);
        break;
    case 2:
    case 3:
        need_flags(AF);
        line(rnd(2) ? "aaa" : "aas");
        flags_written(ARITH, OF | SF | ZF | PF);
        break;
    case 4:
        line("aam $%u", rnd(2) ? 10 : 1 + rnd(255));
        flags_written(ARITH, OF | AF | CF);
        break;
    default:
        line("aad $%u", rnd(2) ? 10 : rnd(256));
        flags_written(ARITH, OF | AF | CF);
        break;
    }
    /* Something for the next adjustment to work on. */
    if (rnd(2)) {
        line("%sb %%%s, %%al", rnd(2) ? "add" : "sub", reg(data_reg_except(1u << RAX), 1));
        flags_written(ARITH, 0);
    }
}

typedef struct Class {
    const char *name;
    void (*gen)(void);
    unsigned level;
    bool pending;
    unsigned bits; /* 64: long mode; 32: 32-bit code */
} Class;

static void gen_mixed(void);
static void gen_mixed_vector(void);

static const Class classes[] = {
    {"alu", gen_binary, LEVEL_GPR, READY, 64},
    {"unary", gen_unary, LEVEL_GPR, READY, 64},
    {"shift", gen_shift, LEVEL_GPR, READY, 64},
    {"shiftd", gen_double_shift, LEVEL_GPR, READY, 64},
    {"muldiv", gen_muldiv, LEVEL_GPR, READY, 64},
    {"bits", gen_bits, LEVEL_GPR, READY, 64},
    {"cond", gen_conditional, LEVEL_GPR, READY, 64},
    {"move", gen_move, LEVEL_GPR, READY, 64},
    {"string", gen_string, LEVEL_GPR, READY, 64},
    /* "mixed" interleaves the classes above it (mixed32: in 32-bit code). */
    {"mixed", gen_mixed, LEVEL_GPR, READY, 64},
    /* The integer classes again in 32-bit code, and BCD. */
    {"alu32", gen_binary, LEVEL_GPR, READY, 32},
    {"unary32", gen_unary, LEVEL_GPR, READY, 32},
    {"shift32", gen_shift, LEVEL_GPR, READY, 32},
    {"shiftd32", gen_double_shift, LEVEL_GPR, READY, 32},
    {"muldiv32", gen_muldiv, LEVEL_GPR, READY, 32},
    {"bits32", gen_bits, LEVEL_GPR, READY, 32},
    {"cond32", gen_conditional, LEVEL_GPR, READY, 32},
    {"move32", gen_move, LEVEL_GPR, READY, 32},
    {"string32", gen_string, LEVEL_GPR, READY, 32},
    {"mixed32", gen_mixed, LEVEL_GPR, READY, 32},
    {"bcd32", gen_bcd, LEVEL_GPR, READY, 32},
#define CLASS(name, level, status) {#name, gen_vec_listed, level, status, 64},
#define INSN(cls, mnemonic, operands, flags)
#include "classes-sse.def"
#undef CLASS
#undef INSN
#define CLASS(name, level, status)                                                             \
    {#name, strcmp(#name, "x87_transcend") ? gen_x87_listed : gen_x87_transcend, level,        \
     status, 64},
#define X87(cls, template, mem, fsw_undef, reads, writes)
#include "classes-x87.def"
#undef CLASS
#undef X87
    /* Interleavings of the 64-bit integer classes with the SSE and MMX
     * classes (mixed_sse), and with those and the x87 ones (mixed_all):
     * COMISS or FCOMI feeding CMOV, MOVD and PEXTRW feeding integer code,
     * MMX and x87 instructions sharing their registers. */
    {"mixed_sse", gen_mixed_vector, LEVEL_MMX, READY, 64},
    {"mixed_all", gen_mixed_vector, LEVEL_X87, READY, 64},
};
#define N_CLASSES (sizeof(classes) / sizeof(classes[0]))

static unsigned mixed_class(void)
{
    unsigned i = 0;
    while (strcmp(classes[i].name, "mixed") != 0)
        i++;
    return i;
}

static void gen_mixed(void) { classes[rnd(mixed_class())].gen(); }

/* One instruction of a 64-bit class that mixed_sse (integer, SSE, MMX) or
 * mixed_all (also x87) draws from, generated as that class would. */
static void gen_mixed_vector(void)
{
    const char *mixer = current_class_name;
    unsigned max_level = strcmp(mixer, "mixed_all") == 0 ? LEVEL_X87 : LEVEL_MMX;
    const Class *c;
    do
        c = &classes[rnd(N_CLASSES)];
    while (c->bits != 64 || c->level > max_level || c->gen == gen_mixed_vector ||
           c->gen == gen_mixed);
    current_class_name = c->name;
    c->gen();
    current_class_name = mixer;
}

/* ---- blocks ---- */

/* FP values near the edges, for float32 (double = false) or float64. */
static uint64_t fp_edge(bool dbl)
{
    static const uint32_t f32[] = {0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000,
                                   0xffc00000, 0x7fa00000, 0xff812345, 0x00000001, 0x807fffff,
                                   0x00400000, 0x00800000, 0x80800000, 0x3f800000, 0xbf800000,
                                   0x3f000000, 0x3fc00000, 0x40200000, 0x7f7fffff, 0xff7fffff,
                                   0x4f000000, 0xcf000000, 0x5f000000, 0xdf000000, 0x3effffff,
                                   0x4b000000, 0x4affffff, 0xcf000001, 0x4effffff, 0x34000000};
    static const uint64_t f64[] = {
        0x0000000000000000ull, 0x8000000000000000ull, 0x7ff0000000000000ull,
        0xfff0000000000000ull, 0x7ff8000000000000ull, 0xfff8000000000000ull,
        0x7ff4000000000000ull, 0xfff0000000012345ull, 0x0000000000000001ull,
        0x800fffffffffffffull, 0x0008000000000000ull, 0x0010000000000000ull,
        0x3ff0000000000000ull, 0xbff0000000000000ull, 0x3fe0000000000000ull,
        0x3ff8000000000000ull, 0x4004000000000000ull, 0x7fefffffffffffffull,
        0x41e0000000000000ull, 0xc1e0000000000000ull, 0x43e0000000000000ull,
        0xc3e0000000000000ull, 0x41dfffffffc00000ull, 0xc1e0000000200000ull,
        0x3fdfffffffffffffull, 0x4330000000000000ull, 0x36a0000000000000ull,
        0x47efffffe0000000ull, 0x3810000000000000ull, 0x380fffffffffffffull};
    if (dbl) {
        switch (rnd(4)) {
        case 0:
            return f64[rnd(sizeof(f64) / sizeof(f64[0]))];
        case 1: { /* an integer */
            double d = (double)(int64_t)(edge_value() >> rnd(64));
            uint64_t b;
            memcpy(&b, &d, 8);
            return b;
        }
        case 2: /* a moderate exponent */
            return (rnd64() & 0x800fffffffffffffull) | (uint64_t)(1023 - 40 + rnd(80)) << 52;
        default:
            return rnd64();
        }
    }
    switch (rnd(4)) {
    case 0:
        return f32[rnd(sizeof(f32) / sizeof(f32[0]))];
    case 1: {
        float f = (float)(int32_t)(edge_value() >> rnd(32));
        uint32_t b;
        memcpy(&b, &f, 4);
        return b;
    }
    case 2:
        return (rnd64() & 0x807fffff) | (127 - 20 + rnd(40)) << 23;
    default:
        return (uint32_t)rnd64();
    }
}

/* 64 bits of a vector register or of memory: two float32 lanes, one
 * float64, or integers. */
static uint64_t vector_half(void)
{
    switch (rnd(4)) {
    case 0:
        return fp_edge(false) | fp_edge(false) << 32;
    case 1:
        return fp_edge(true);
    case 2:
        return edge_value();
    default:
        return rnd64();
    }
}

/* An x87 register: the significand, then sign and exponent. */
static void x87_value(uint64_t *significand, unsigned *sign_exp)
{
    static const struct {
        uint64_t m;
        unsigned e;
    } edges[] = {{0, 0},
                 {0x8000000000000000ull, 0x7fff}, /* infinity */
                 {0xc000000000000000ull, 0x7fff}, /* QNaN */
                 {0xa000000000000000ull, 0x7fff}, /* SNaN */
                 {0xc000000000000000ull, 0xffff}, /* the indefinite */
                 {0x0000000000000001ull, 0},      /* denormals */
                 {0x7fffffffffffffffull, 0},
                 {0x8000000000000000ull, 1},       /* smallest normal */
                 {0x8000000000000000ull, 0x3fff},  /* 1.0 */
                 {0xffffffffffffffffull, 0x7ffe},  /* largest */
                 {0xc90fdaa22168c235ull, 0x4000},  /* pi */
                 {0x8000000000000000ull, 0x403e}}; /* 2^63 */
    unsigned sign = rnd(2) << 15;
    switch (rnd(4)) {
    case 0:
        *significand = edges[rnd(sizeof(edges) / sizeof(edges[0]))].m;
        *sign_exp = edges[rnd(sizeof(edges) / sizeof(edges[0]))].e | sign;
        if ((*sign_exp & 0x7fff) != 0)
            *significand |= 1ull << 63; /* no unnormals: their handling differs */
        else
            *significand &= ~(1ull << 63);
        return;
    case 1: { /* an integer */
        int64_t i = (int64_t)(edge_value() >> rnd(64));
        uint64_t u = i < 0 ? -(uint64_t)i : (uint64_t)i;
        unsigned e = 0x3fff + 63;
        if (u == 0) {
            *significand = 0;
            *sign_exp = sign;
            return;
        }
        while (!(u >> 63)) {
            u <<= 1;
            e--;
        }
        *significand = u;
        *sign_exp = e | (i < 0 ? 0x8000 : 0);
        return;
    }
    case 2: /* a float64 value, exactly */
        *significand = rnd64() | 1ull << 63;
        *significand &= ~0x7ffull;
        *sign_exp = (0x3fff - 60 + rnd(120)) | sign;
        return;
    default:
        *significand = rnd64() | 1ull << 63;
        *sign_exp = (0x3fff - 64 + rnd(128)) | sign;
        return;
    }
}

/* The FXSAVE image (driver.c's struct fxarea) a block of `level` starts from. */
static void emit_fxarea(unsigned level)
{
    if (level == LEVEL_GPR) {
        printf("\t.skip 512\n");
        return;
    }
    unsigned fcw = 0x37f, fsw = 0, ftw = 0;
    unsigned mxcsr = 0x1f80 | rnd(4) << 13 | rnd(2) << 6 | rnd(2) << 15 | rnd(64);
    if (level == LEVEL_X87) {
        fcw = random_fcw();
        fsw = (rnd(0x10000) & (0x7f | C0 | C1 | C2 | C3)) & ~0x80u;
        fsw |= rnd(8) << 11;
        for (int i = 0; i < 8; i++)
            ftw |= (rnd(4) != 0) << i;
    }
    printf("\t.short 0x%x, 0x%x\n\t.byte 0x%x, 0\n\t.skip 18\n\t.long 0x%x, 0\n", fcw, fsw, ftw,
           mxcsr);
    for (int i = 0; i < 8; i++) {
        uint64_t m;
        unsigned e;
        if (level == LEVEL_MMX) {
            m = rnd(2) ? vector_half() : edge_value();
            e = 0;
        } else if (level == LEVEL_X87) {
            x87_value(&m, &e);
        } else {
            m = 0;
            e = 0;
        }
        printf("\t.quad 0x%016" PRIx64 ", 0x%x\n", m, e);
    }
    for (int i = 0; i < 16; i++)
        printf("\t.quad 0x%016" PRIx64 ", 0x%016" PRIx64 "\n", vector_half(), vector_half());
    printf("\t.skip 96\n");
}

/* The initial state: 16 registers (rsp and r15 are ignored), flags, a pad,
 * the scratch buffer, the FXSAVE image. */
static void emit_state(unsigned level)
{
    for (int i = 0; i < 16; i++) {
        uint64_t v = edge_value();
        if (i == RSI || i == RDI)
            v = rnd(SCRATCH_SIZE);
        if (mode32)
            v &= 0xffffffff;
        bool unused = i == RSP || i == R15 || (mode32 && (i == RBP || i >= R8));
        printf("\t.quad 0x%016" PRIx64 "\n", unused ? 0 : v);
    }
    printf("\t.quad 0x%x, 0\n", (unsigned)(rnd64() & ARITH) | 2);
    for (int i = 0; i < SCRATCH_SIZE / 8; i++) {
        uint64_t v = rnd(4) ? rnd64() : edge_value();
        if (level != LEVEL_GPR && rnd(2))
            v = vector_half();
        printf("\t.quad 0x%016" PRIx64 "\n", v);
    }
    emit_fxarea(level);
}

static int find_class(const char *name)
{
    for (unsigned i = 0; i < N_CLASSES; i++) {
        if (strcmp(classes[i].name, name) == 0)
            return (int)i;
    }
    return -1;
}

static void emit_block(uint64_t seed, int cls, unsigned index, unsigned len)
{
    const char *name = classes[cls].name;
    unsigned level = classes[cls].level;

    rng_state = seed * 0x100000001b3ULL ^ ((uint64_t)cls << 48) ^ index;
    rnd64();
    mode32 = classes[cls].bits == 32;
    printf("\t.data\n\t.balign 16\nstate_%s_%u:\n", name, index);
    emit_state(level);
    for (unsigned i = 0; i < nlines; i++)
        free(lines[i]);
    nlines = 0;
    undefined_flags = 0;
    fsw_undefined = 0;
    current_class_name = name;
    for (unsigned n = 0; n < len; n++)
        classes[cls].gen();
    printf("\t.text\n\t.balign 16\nblock_%s_%u:\n\tBLOCK_ENTER %u\n", name, index, level);
    printf("block_%s_%u_body:\n", name, index);
    for (unsigned i = 0; i < nlines; i++)
        printf("\t%s\n", lines[i]);
    printf("block_%s_%u_end:\n\tBLOCK_EXIT %u\n", name, index, level);
    printf("\t.section .rodata\nmask_%s_%u = 0x%x\nfswmask_%s_%u = 0x%x\n", name, index,
           (ARITH & ~undefined_flags) | DF, name, index, 0xffff & ~fsw_undefined);
}

static bool parse_spec(const char *arg, struct spec *s)
{
    return parse_spec_with(arg, s, find_class);
}

static void usage(void)
{
    fprintf(stderr, "usage: gen SEED LEN CLASS:FIRST:COUNT...  (classes of one mode)\n"
                    "       gen --list   (NAME LEVEL ready|pending BITS)\n"
                    "       classes:");
    for (unsigned i = 0; i < N_CLASSES; i++)
        fprintf(stderr, " %s", classes[i].name);
    fprintf(stderr, "\n");
    exit(2);
}

/* The table driver.c walks: code, state, index, class name, flag mask. */
static void emit_table(const struct spec *specs, int nspecs)
{
    uint64_t n = 0;
    printf("\t.section .rodata\n");
    for (unsigned c = 0; c < N_CLASSES; c++)
        printf("name_%s: .asciz \"%s\"\n", classes[c].name, classes[c].name);
    printf("\t.balign 8\n\t.globl blocks, nblocks\nblocks:\n");
    for (int s = 0; s < nspecs; s++) {
        const char *name = classes[specs[s].cls].name;
        for (unsigned i = specs[s].first; i < specs[s].first + specs[s].count; i++, n++) {
            /* driver.c's struct block: 64-bit fields in both modes (PTR:
             * harness.inc). */
            printf("\tPTR block_%s_%u\n\tPTR state_%s_%u\n\t.quad %u\n\tPTR name_%s\n"
                   "\t.quad mask_%s_%u, %u, fswmask_%s_%u\n",
                   name, i, name, i, i, name, name, i, classes[specs[s].cls].level, name, i);
        }
    }
    printf("nblocks:\n\t.quad %" PRIu64 "\n", n);
}

int main(int argc, char **argv)
{
    static struct spec specs[64];
    int nspecs = argc - 3;

    if (argc == 2 && strcmp(argv[1], "--list") == 0) {
        for (unsigned c = 0; c < N_CLASSES; c++)
            printf("%s %u %s %u\n", classes[c].name, classes[c].level,
                   classes[c].pending ? "pending" : "ready", classes[c].bits);
        return 0;
    }
    if (argc < 4 || nspecs > 64)
        usage();
    uint64_t seed = strtoull(argv[1], NULL, 0);
    unsigned len = (unsigned)strtoul(argv[2], NULL, 0);
    if (len == 0 || len > MAX_LEN)
        usage();
    for (int s = 0; s < nspecs; s++) {
        if (!parse_spec(argv[s + 3], &specs[s]))
            usage();
    }
    for (int s = 1; s < nspecs; s++) {
        if (classes[specs[s].cls].bits != classes[specs[0].cls].bits) {
            fprintf(stderr, "gen: 32-bit and 64-bit classes need separate programs\n");
            return 2;
        }
    }
    mode32 = classes[specs[0].cls].bits == 32;
    printf("/* generated by gen %s %s ... */\n\t.include \"%s\"\n", argv[1], argv[2],
           mode32 ? "harness32.inc" : "harness.inc");
    for (int s = 0; s < nspecs; s++) {
        for (unsigned i = specs[s].first; i < specs[s].first + specs[s].count; i++)
            emit_block(seed, specs[s].cls, i, len);
    }
    emit_table(specs, nspecs);
    return 0;
}
