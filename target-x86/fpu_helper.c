/*
 * The x87 FPU: the register stack, the status/control/tag words and their
 * exceptions, computed with the soft-float floatx80 (FLOAT_STYLE_X86 with
 * the control word's rounding and precision control).  Also FXSAVE/FXRSTOR
 * and the XSAVE family, which save the x87 with the SSE state.
 *
 * Exceptions follow the SDM's two-step model: an operation records its
 * exception flags in the status word; a masked one gets the default
 * response (indefinite, infinity, denormal, ...), an unmasked one sets ES
 * and B and, for invalid/denormal/zero-divide (and overflow/underflow
 * into memory), leaves the destination and the stack untouched.  The next
 * waiting x87 instruction then raises #MF when CR0.NE is set (with NE
 * clear the PC signals FERR# externally, which -M pc does not model).
 */
#include <string.h>

#include "exec/cputlb.h"
#include "target-x86/cpu.h"
#include "target-x86/helper.h"
#include "target-x86/x87.h"
#include "util/log.h"

#define FPUS_EXC          0x3fu /* IE DE ZE OE UE PE (and their masks in the control word) */
#define FPUS_CC           (FPUS_C0 | FPUS_C1 | FPUS_C2 | FPUS_C3)
#define FPUC_RESERVED_ONE 0x40u /* control word bit 6 reads as one */
#define FPUC_WRITABLE     0x1f3fu

static const floatx80 x87_indefinite = {.mant = 0xc000000000000000ull, .sign_exp = 0xffff};

/* ================================================================ the register stack */

static int phys(const X86CPU *cpu, int i) { return (int)((cpu->fpstt + (unsigned)i) & 7); }
static floatx80 st(const X86CPU *cpu, int i) { return cpu->fpregs[phys(cpu, i)].d; }
static bool st_empty(const X86CPU *cpu, int i) { return cpu->fptags[phys(cpu, i)]; }

static void st_set(X86CPU *cpu, int i, floatx80 v)
{
    int p = phys(cpu, i);
    cpu->fpregs[p].d = v;
    cpu->fptags[p] = 0;
}

static void push(X86CPU *cpu, floatx80 v)
{
    cpu->fpstt = (cpu->fpstt - 1) & 7;
    st_set(cpu, 0, v);
}

static void pop(X86CPU *cpu)
{
    cpu->fptags[cpu->fpstt] = 1;
    cpu->fpstt = (cpu->fpstt + 1) & 7;
}

static uint16_t x87_fsw(const X86CPU *cpu)
{
    return (uint16_t)((cpu->fpus & ~(7u << FPUS_TOP_SHIFT)) | (cpu->fpstt << FPUS_TOP_SHIFT));
}

static void set_cc(X86CPU *cpu, uint16_t cc) { cpu->fpus = (cpu->fpus & ~FPUS_CC) | cc; }

static void set_c1(X86CPU *cpu, bool c1)
{
    cpu->fpus = (uint16_t)((cpu->fpus & ~FPUS_C1) | (c1 ? FPUS_C1 : 0));
}

/* C1 and C2 (from cc), C0 and C3 left alone: FPREM's NaN results and the trigonometric ones. */
static void set_c12(X86CPU *cpu, uint16_t cc)
{
    cpu->fpus = (uint16_t)((cpu->fpus & ~(FPUS_C1 | FPUS_C2)) | (cc & (FPUS_C1 | FPUS_C2)));
}

/* Rounding control and precision control of the control word. */
static FloatStatus x87_status(const X86CPU *cpu)
{
    static const FloatRoundMode rc[4] = {float_round_nearest_even, float_round_down,
                                         float_round_up, float_round_to_zero};
    /* PC 01 is reserved: extended, as 11. */
    static const FloatX80Precision pc[4] = {floatx80_precision_s, floatx80_precision_x,
                                            floatx80_precision_d, floatx80_precision_x};
    return (FloatStatus){.style = FLOAT_STYLE_X86,
                         .rounding_mode = rc[(cpu->fpuc >> 10) & 3],
                         .floatx80_precision = pc[(cpu->fpuc >> 8) & 3]};
}

/* ================================================================ exceptions */

/*
 * An invalid operation or a division by zero raises no denormal exception
 * (a memory operand's conversion may have): they come first (SDM vol. 1, 8.7).
 */
static uint16_t exc_of_flags(uint8_t f)
{
    if (f & (float_flag_invalid | float_flag_divbyzero)) {
        f &= (uint8_t)~float_flag_denormal;
    }
    return (uint16_t)(((f & float_flag_invalid) ? FPUS_IE : 0) |
                      ((f & float_flag_denormal) ? FPUS_DE : 0) |
                      ((f & float_flag_divbyzero) ? FPUS_ZE : 0) |
                      ((f & float_flag_overflow) ? FPUS_OE : 0) |
                      ((f & float_flag_underflow) ? FPUS_UE : 0) |
                      ((f & float_flag_inexact) ? FPUS_PE : 0));
}

static uint16_t unmasked(const X86CPU *cpu, uint16_t exc)
{
    return exc & ~cpu->fpuc & FPUS_EXC;
}

/*
 * Whether an operation with these exceptions writes its destination:
 * unmasked invalid, denormal and zero-divide stop it before it computes;
 * unmasked overflow and underflow stop a store to memory.
 */
static bool writes_result(const X86CPU *cpu, uint16_t exc, bool mem_dest)
{
    uint16_t stop = FPUS_IE | FPUS_DE | FPUS_ZE | (mem_dest ? FPUS_OE | FPUS_UE : 0);
    return !(unmasked(cpu, exc) & stop);
}

/* Record exceptions in the status word; ES and B follow the unmasked ones. */
static void record(X86CPU *cpu, uint16_t exc)
{
    /* A pre-computation exception: the operation stopped before anything else, C1 cleared. */
    if (unmasked(cpu, exc) & (FPUS_IE | FPUS_DE | FPUS_ZE)) {
        exc &= FPUS_IE | FPUS_DE | FPUS_ZE | FPUS_SF;
        if (!(exc & FPUS_SF)) {
            set_c1(cpu, false);
        }
    }
    cpu->fpus |= exc;
    if (unmasked(cpu, exc)) {
        cpu->fpus |= FPUS_ES | FPUS_B;
    }
}

/* record(), and whether the result is to be written. */
static bool record_and_check(X86CPU *cpu, uint16_t exc, bool mem_dest)
{
    bool ok = writes_result(cpu, exc, mem_dest);
    record(cpu, exc);
    return ok;
}

/*
 * Stack fault (#IS): an empty operand (underflow, C1 = 0) or a push onto a
 * full register (overflow, C1 = 1).  Returns whether IE is masked, i.e.
 * whether the caller goes on with the masked response.
 */
static bool stack_fault(X86CPU *cpu, bool overflow)
{
    set_c1(cpu, overflow);
    return record_and_check(cpu, FPUS_IE | FPUS_SF, false);
}

/* The status word's ES from the exception flags and masks (FLDCW, FLDENV, FRSTOR). */
static void update_es(X86CPU *cpu)
{
    if (unmasked(cpu, cpu->fpus)) {
        cpu->fpus |= FPUS_ES | FPUS_B;
    } else {
        cpu->fpus &= ~(FPUS_ES | FPUS_B);
    }
}

/* #MF for a pending unmasked exception at a waiting instruction (CR0.NE only). */
static bool pending_mf(X86CPU *cpu)
{
    if ((cpu->fpus & FPUS_ES) && (cpu->cr[0] & CR0_NE)) {
        x86_raise(cpu, EXCP_MF, false, 0);
        return true;
    }
    return false;
}

void helper_x86_fwait(void *env)
{
    X86CPU *cpu = env;
    if ((cpu->cr[0] & (CR0_TS | CR0_MP)) == (CR0_TS | CR0_MP)) {
        x86_raise(cpu, EXCP_NM, false, 0);
        return;
    }
    pending_mf(cpu);
}

void helper_x87_begin(void *env, uint32_t info, uint64_t ip, uint64_t ea)
{
    X86CPU *cpu = env;
    int seg = (int)(info >> 16) - 1;
    if (pending_mf(cpu) || (info & X87_BEGIN_KEEP_POINTERS)) {
        return;
    }
    cpu->fpop = info & 0x7ff;
    cpu->fpip = ip;
    cpu->fpcs = (uint16_t)cpu->segs[R_CS].selector;
    if (seg >= 0) {
        cpu->fpdp = ea;
        cpu->fpds = (uint16_t)cpu->segs[seg].selector;
    }
}

/* ================================================================ arithmetic */

typedef floatx80 BinOp(floatx80 a, floatx80 b, FloatStatus *s);

static floatx80 subr(floatx80 a, floatx80 b, FloatStatus *s) { return floatx80_sub(b, a, s); }
static floatx80 divr(floatx80 a, floatx80 b, FloatStatus *s) { return floatx80_div(b, a, s); }

static BinOp *const arith_fn[8] = {
    [X87_ADD] = floatx80_add, [X87_MUL] = floatx80_mul, [X87_SUB] = floatx80_sub,
    [X87_SUBR] = subr,        [X87_DIV] = floatx80_div, [X87_DIVR] = divr,
};

static bool differs(floatx80 a, floatx80 b)
{
    return a.mant != b.mant || a.sign_exp != b.sign_exp;
}

/*
 * fn(a, b) and whether it was rounded up in magnitude (the C1 of an
 * inexact result): the same operation rounded towards zero tells.
 */
static floatx80 compute(BinOp *fn, floatx80 a, floatx80 b, FloatStatus *fs, bool *up)
{
    floatx80 r = fn(a, b, fs);
    *up = false;
    if (fs->flags & float_flag_inexact) {
        FloatStatus t = *fs;
        t.rounding_mode = float_round_to_zero;
        *up = differs(r, fn(a, b, &t));
    }
    return r;
}

/*
 * An unmasked overflow (underflow) with a register destination delivers
 * the rounded result with its exponent reduced (increased) by 3 * 2^13:
 * computed from operands scaled so that the result is in range.
 */
static floatx80 wrapped_result(int op, floatx80 a, floatx80 b, bool overflow,
                               const FloatStatus *fs, bool *up, bool *inexact)
{
    int k = overflow ? -24576 : 24576, ka = k, kb = k;
    FloatStatus t = *fs;
    if (op == X87_MUL) {
        ka = kb = k / 2;
    } else if (op == X87_DIV || op == X87_DIVR) {
        ka = op == X87_DIV ? k / 2 : -k / 2;
        kb = -ka;
    }
    a = floatx80_scalbn(a, ka, &t);
    b = floatx80_scalbn(b, kb, &t);
    t.flags = 0;
    floatx80 r = compute(arith_fn[op], a, b, &t, up);
    *inexact = t.flags & float_flag_inexact;
    return r;
}

static bool is_denormal_x80(floatx80 v) { return (v.sign_exp & 0x7fff) == 0 && v.mant != 0; }

/* With UE unmasked, a tiny result is an underflow even when exact. */
static void exact_underflow(const X86CPU *cpu, floatx80 r, FloatStatus *fs)
{
    if (is_denormal_x80(r) && (unmasked(cpu, FPUS_UE) & FPUS_UE)) {
        fs->flags |= float_flag_underflow;
    }
}

/* ST(dst) = a op b, then pop if asked; fs may hold a memory operand's conversion flags. */
static void arith(X86CPU *cpu, int op, int dst, floatx80 a, floatx80 b, FloatStatus *fs,
                  bool pop_after)
{
    bool up;
    floatx80 r = compute(arith_fn[op], a, b, fs, &up);
    exact_underflow(cpu, r, fs);
    uint16_t exc = exc_of_flags(fs->flags), um = unmasked(cpu, exc);
    if ((um & (FPUS_OE | FPUS_UE)) && !(um & (FPUS_IE | FPUS_DE | FPUS_ZE))) {
        /* PE then says whether the wrapped result is exact. */
        bool inexact;
        r = wrapped_result(op, a, b, um & FPUS_OE, fs, &up, &inexact);
        exc = (uint16_t)((exc & ~FPUS_PE) | (inexact ? FPUS_PE : 0));
    }
    if (!record_and_check(cpu, exc, false)) {
        return;
    }
    st_set(cpu, dst, r);
    set_c1(cpu, up);
    if (pop_after) {
        pop(cpu);
    }
}

/* C3 C2 C0 of a comparison (FCOM), indexed by FloatRelation + 1. */
static const uint16_t relation_cc[4] = {FPUS_C0, FPUS_C3, 0, FPUS_C0 | FPUS_C2 | FPUS_C3};

static void compare(X86CPU *cpu, floatx80 b, FloatStatus *fs, bool quiet, int pops)
{
    floatx80 a = st(cpu, 0);
    FloatRelation r = quiet ? floatx80_compare_quiet(a, b, fs) : floatx80_compare(a, b, fs);
    /* The hardware sets the condition codes even when an unmasked IE stops the pop. */
    set_cc(cpu, relation_cc[r + 1]);
    if (!record_and_check(cpu, exc_of_flags(fs->flags), false)) {
        return;
    }
    while (pops-- > 0) {
        pop(cpu);
    }
}

/* A comparison with an empty operand: #IS, "unordered" even when unmasked (as the hardware). */
static void compare_empty(X86CPU *cpu, int pops)
{
    set_cc(cpu, FPUS_C0 | FPUS_C2 | FPUS_C3);
    if (stack_fault(cpu, false)) {
        while (pops-- > 0) {
            pop(cpu);
        }
    }
}

/* The arithmetic family on ST(0) and ST(i) (D8, DC, DE register forms). */
static void arith_reg(X86CPU *cpu, int op, int i, bool to_sti, bool pop_after)
{
    FloatStatus fs = x87_status(cpu);
    int dst = to_sti ? i : 0;
    if (op == X87_COM || op == X87_COMP) {
        int pops = op == X87_COMP ? 1 : 0;
        if (st_empty(cpu, 0) || st_empty(cpu, i)) {
            compare_empty(cpu, pops);
        } else {
            compare(cpu, st(cpu, i), &fs, false, pops);
        }
        return;
    }
    if (st_empty(cpu, 0) || st_empty(cpu, i)) {
        if (stack_fault(cpu, false)) {
            st_set(cpu, dst, x87_indefinite);
            if (pop_after) {
                pop(cpu);
            }
        }
        return;
    }
    arith(cpu, op, dst, st(cpu, dst), st(cpu, to_sti ? 0 : i), &fs, pop_after);
}

/* ================================================================ memory formats */

enum { MF_F32, MF_F64, MF_I16, MF_I32, MF_I64, MF_F80, MF_BCD };

static const uint8_t format_bytes[] = {4, 8, 2, 4, 8, 10, 10};

typedef struct MemAccess {
    X86CPU *cpu;
    uint64_t base;
    bool wrap32;
} MemAccess;

static uint64_t mem_addr(const MemAccess *m, unsigned off)
{
    uint64_t a = m->base + off;
    return m->wrap32 ? (uint32_t)a : a;
}

/* len bytes (even) at offset off into buf; false after a fault. */
static bool mem_read(const MemAccess *m, unsigned off, void *buf, unsigned len)
{
    uint8_t *p = buf;
    for (unsigned i = 0; i < len;) {
        MemOp op = len - i >= 8 ? MO_64 : len - i >= 4 ? MO_32 : MO_16;
        uint64_t v;
        if (!cpu_ld(&m->cpu->parent, mem_addr(m, off + i), op, x86_mmu_index(m->cpu), &v)) {
            return false;
        }
        memcpy(p + i, &v, 1u << op); /* the hosts are little-endian */
        i += 1u << op;
    }
    return true;
}

static bool mem_write(const MemAccess *m, unsigned off, const void *buf, unsigned len)
{
    const uint8_t *p = buf;
    /* The last piece first: a fault there leaves memory unchanged more often. */
    for (unsigned i = 0; i < len;) {
        MemOp op = len - i >= 8 ? MO_64 : len - i >= 4 ? MO_32 : MO_16;
        uint64_t v = 0;
        memcpy(&v, p + i, 1u << op);
        if (!cpu_st(&m->cpu->parent, mem_addr(m, off + i), op, x86_mmu_index(m->cpu), v)) {
            return false;
        }
        i += 1u << op;
    }
    return true;
}

static uint64_t le(const uint8_t *p, int bytes)
{
    uint64_t v = 0;
    memcpy(&v, p, (size_t)bytes);
    return v;
}

static floatx80 bcd_to_floatx80(const uint8_t *p, FloatStatus *fs)
{
    int64_t v = 0;
    for (int i = 8; i >= 0; i--) {
        v = v * 100 + (p[i] >> 4) * 10 + (p[i] & 15);
    }
    floatx80 r = int64_to_floatx80(v, fs);
    if (p[9] & 0x80) {
        r.sign_exp |= 0x8000;
    }
    return r;
}

static floatx80 from_mem(const uint8_t *p, int fmt, FloatStatus *fs)
{
    switch (fmt) {
    case MF_F32:
        return float32_to_floatx80((float32)le(p, 4), fs);
    case MF_F64:
        return float64_to_floatx80(le(p, 8), fs);
    case MF_I16:
        return int64_to_floatx80((int16_t)le(p, 2), fs);
    case MF_I32:
        return int64_to_floatx80((int32_t)le(p, 4), fs);
    case MF_I64:
        return int64_to_floatx80((int64_t)le(p, 8), fs);
    case MF_F80:
        return (floatx80){.mant = le(p, 8), .sign_exp = (uint16_t)le(p + 8, 2)};
    default:
        return bcd_to_floatx80(p, fs);
    }
}

#define BCD_LIMIT 1000000000000000000ll /* 10^18: FBSTP's range is 18 digits */

/* FBSTP's packed BCD; *up: rounded up in magnitude (C1). */
static void bcd_from_floatx80(floatx80 v, uint8_t *p, FloatStatus *fs, bool *up)
{
    uint8_t before = fs->flags;
    FloatStatus z = *fs;
    int64_t n = floatx80_to_int64(v, fs);
    z.rounding_mode = float_round_to_zero;
    *up = (fs->flags & float_flag_inexact) && n != floatx80_to_int64(v, &z);
    memset(p, 0, 10);
    if ((fs->flags & float_flag_invalid) || n >= BCD_LIMIT || n <= -BCD_LIMIT) {
        fs->flags = before | float_flag_invalid;
        *up = false;
        p[7] = 0xc0; /* the packed BCD indefinite */
        p[8] = p[9] = 0xff;
        return;
    }
    uint64_t mag = n < 0 ? -(uint64_t)n : (uint64_t)n;
    for (int i = 0; i < 9; i++, mag /= 100) {
        p[i] = (uint8_t)((mag % 10) | ((mag / 10) % 10) << 4);
    }
    p[9] = (v.sign_exp & 0x8000) ? 0x80 : 0;
}

/* v in a memory format into p, rounded per fs (towards zero for FISTTP); C1 in *up. */
static void to_mem(floatx80 v, int fmt, bool truncate, uint8_t *p, FloatStatus *fs, bool *up)
{
    FloatStatus z = *fs;
    uint64_t r, rz;
    z.rounding_mode = float_round_to_zero;
    if (truncate) {
        fs->rounding_mode = float_round_to_zero;
    }
    switch (fmt) {
    case MF_F32:
        r = floatx80_to_float32(v, fs);
        rz = floatx80_to_float32(v, &z);
        break;
    case MF_F64:
        r = floatx80_to_float64(v, fs);
        rz = floatx80_to_float64(v, &z);
        break;
    case MF_I16:
        r = (uint16_t)floatx80_to_int16(v, fs);
        rz = (uint16_t)floatx80_to_int16(v, &z);
        break;
    case MF_I32:
        r = (uint32_t)floatx80_to_int32(v, fs);
        rz = (uint32_t)floatx80_to_int32(v, &z);
        break;
    case MF_I64:
        r = (uint64_t)floatx80_to_int64(v, fs);
        rz = (uint64_t)floatx80_to_int64(v, &z);
        break;
    case MF_F80:
        memcpy(p, &v.mant, 8);
        memcpy(p + 8, &v.sign_exp, 2);
        *up = false;
        return;
    default:
        bcd_from_floatx80(v, p, fs, up);
        return;
    }
    memcpy(p, &r, format_bytes[fmt]);
    *up = (fs->flags & float_flag_inexact) && !(fs->flags & float_flag_invalid) && r != rz;
}

/* ================================================================ loads and stores */

static void load(X86CPU *cpu, floatx80 v, const FloatStatus *fs)
{
    if (!st_empty(cpu, 7)) {
        if (stack_fault(cpu, true)) {
            push(cpu, x87_indefinite);
        }
        return;
    }
    /* A denormal operand is loaded even when DE is unmasked. */
    uint16_t exc = exc_of_flags(fs->flags);
    bool ok = !(unmasked(cpu, exc) & FPUS_IE);
    record(cpu, exc);
    if (!ok) {
        return;
    }
    push(cpu, v);
    set_c1(cpu, false);
}

static void store(X86CPU *cpu, const MemAccess *m, int fmt, bool truncate, bool pop_after)
{
    FloatStatus fs = x87_status(cpu);
    uint8_t buf[10];
    bool up, empty = st_empty(cpu, 0);
    uint16_t exc;

    to_mem(empty ? x87_indefinite : st(cpu, 0), fmt, truncate, buf, &fs, &up);
    exc = empty ? FPUS_IE | FPUS_SF : exc_of_flags(fs.flags);
    if (unmasked(cpu, exc) & (FPUS_OE | FPUS_UE)) {
        exc &= ~FPUS_PE; /* nothing is stored, so nothing was rounded */
    }
    if (!writes_result(cpu, exc, true)) {
        set_c1(cpu, false);
        record(cpu, exc);
        return;
    }
    if (!mem_write(m, 0, buf, format_bytes[fmt])) {
        return;
    }
    record(cpu, exc);
    set_c1(cpu, up);
    if (pop_after) {
        pop(cpu);
    }
}

/* ================================================================ environment */

/* The full tag word: 00 valid, 01 zero, 10 special, 11 empty (physical order). */
static uint16_t full_tags(const X86CPU *cpu)
{
    uint16_t tw = 0;
    for (int i = 0; i < 8; i++) {
        floatx80 v = cpu->fpregs[i].d;
        int e = v.sign_exp & 0x7fff, tag;
        if (cpu->fptags[i]) {
            tag = 3;
        } else if (e == 0) {
            tag = v.mant == 0 ? 1 : 2;
        } else if (e == 0x7fff || !(v.mant >> 63)) {
            tag = 2;
        } else {
            tag = 0;
        }
        tw |= (uint16_t)(tag << (2 * i));
    }
    return tw;
}

static bool real_or_vm86(const X86CPU *cpu)
{
    return !(cpu->cr[0] & CR0_PE) || (cpu->eflags & EF_VM);
}

static void put16(uint8_t *p, uint32_t v) { memcpy(p, &v, 2); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }

/*
 * The FSTENV/FSAVE environment: 28 bytes with a 32-bit operand size, 14
 * with 16; the real-mode layouts keep linear pointers split around the
 * opcode.  Returns its size.
 */
static unsigned store_env(const X86CPU *cpu, uint8_t *p, bool op32)
{
    bool real = real_or_vm86(cpu);
    uint32_t ip = (uint32_t)cpu->fpip, dp = (uint32_t)cpu->fpdp;
    uint32_t w[7];
    if (real) {
        ip += (uint32_t)cpu->fpcs << 4;
        dp += (uint32_t)cpu->fpds << 4;
    }
    w[0] = cpu->fpuc;
    w[1] = x87_fsw(cpu);
    w[2] = full_tags(cpu);
    w[3] = real ? ip & 0xffff : ip;
    w[4] = real ? (ip >> 16) << 12 | cpu->fpop : cpu->fpcs | (uint32_t)cpu->fpop << 16;
    w[5] = real ? dp & 0xffff : dp;
    w[6] = real ? (dp >> 16) << 12 : cpu->fpds;
    if (!op32) {
        for (int i = 0; i < 7; i++) {
            put16(p + 2 * i, real && (i == 4 || i == 6) ? w[i] & 0xffff : w[i]);
        }
        return 14;
    }
    /* The unused upper halves read as ones. */
    for (int i = 0; i < 7; i++) {
        bool full = real ? (i == 4 || i == 6) : (i == 3 || i == 4 || i == 5);
        put32(p + 4 * i, full ? w[i] : (w[i] & 0xffff) | 0xffff0000u);
    }
    return 28;
}

static unsigned load_env(X86CPU *cpu, const uint8_t *p, bool op32)
{
    bool real = real_or_vm86(cpu);
    unsigned step = op32 ? 4 : 2;
    uint32_t w[7];
    for (int i = 0; i < 7; i++) {
        w[i] = (uint32_t)le(p + step * i, (int)step);
    }
    cpu->fpuc = (uint16_t)((w[0] & FPUC_WRITABLE) | FPUC_RESERVED_ONE);
    cpu->fpus = (uint16_t)(w[1] & ~(7u << FPUS_TOP_SHIFT));
    cpu->fpstt = (w[1] >> FPUS_TOP_SHIFT) & 7;
    for (int i = 0; i < 8; i++) {
        cpu->fptags[i] = ((w[2] >> (2 * i)) & 3) == 3;
    }
    if (real) {
        cpu->fpop = w[4] & 0x7ff;
        cpu->fpip = (w[3] & 0xffff) | ((w[4] >> 12) & 0xffff) << 16;
        cpu->fpdp = (w[5] & 0xffff) | ((w[6] >> 12) & 0xffff) << 16;
        cpu->fpcs = cpu->fpds = 0;
    } else {
        cpu->fpip = op32 ? w[3] : w[3] & 0xffff;
        cpu->fpcs = (uint16_t)w[4];
        cpu->fpop = op32 ? (w[4] >> 16) & 0x7ff : 0;
        cpu->fpdp = op32 ? w[5] : w[5] & 0xffff;
        cpu->fpds = (uint16_t)w[6];
    }
    update_es(cpu);
    return op32 ? 28 : 14;
}

static void fninit(X86CPU *cpu)
{
    cpu->fpuc = 0x37f;
    cpu->fpus = 0;
    cpu->fpstt = 0;
    memset(cpu->fptags, 1, sizeof(cpu->fptags));
    cpu->fpop = cpu->fpcs = cpu->fpds = 0;
    cpu->fpip = cpu->fpdp = 0;
}

static void fsave(X86CPU *cpu, const MemAccess *m, bool op32)
{
    uint8_t buf[108];
    unsigned n = store_env(cpu, buf, op32);
    for (int i = 0; i < 8; i++) {
        floatx80 v = st(cpu, i);
        memcpy(buf + n + 10 * i, &v.mant, 8);
        memcpy(buf + n + 10 * i + 8, &v.sign_exp, 2);
    }
    if (mem_write(m, 0, buf, n + 80)) {
        fninit(cpu);
    }
}

static void frstor(X86CPU *cpu, const MemAccess *m, bool op32)
{
    uint8_t buf[108];
    unsigned n = op32 ? 28 : 14;
    if (!mem_read(m, 0, buf, n + 80)) {
        return;
    }
    load_env(cpu, buf, op32);
    for (int i = 0; i < 8; i++) {
        int p = phys(cpu, i);
        cpu->fpregs[p].d.mant = le(buf + n + 10 * i, 8);
        cpu->fpregs[p].d.sign_exp = (uint16_t)le(buf + n + 10 * i + 8, 2);
    }
}

/* ================================================================ memory forms */

enum {
    MK_NONE,
    MK_ARITH, /* the arithmetic family with a memory operand, op = reg */
    MK_LOAD,
    MK_STORE,
    MK_STORE_POP,
    MK_FISTTP,
    MK_FLDENV,
    MK_FLDCW,
    MK_FSTENV,
    MK_FSTCW,
    MK_FRSTOR,
    MK_FSAVE,
    MK_FSTSW,
};

typedef struct X87MemForm {
    uint8_t kind, fmt;
} X87MemForm;

/* Indexed by (opcode - D8) * 8 + ModRM.reg, as in the SDM's opcode map. */
static const X87MemForm mem_forms[64] = {
    [0 ... 7] = {MK_ARITH, MF_F32},
    [8] = {MK_LOAD, MF_F32},
    [10] = {MK_STORE, MF_F32},
    [11] = {MK_STORE_POP, MF_F32},
    [12] = {MK_FLDENV, 0},
    [13] = {MK_FLDCW, 0},
    [14] = {MK_FSTENV, 0},
    [15] = {MK_FSTCW, 0},
    [16 ... 23] = {MK_ARITH, MF_I32},
    [24] = {MK_LOAD, MF_I32},
    [25] = {MK_FISTTP, MF_I32},
    [26] = {MK_STORE, MF_I32},
    [27] = {MK_STORE_POP, MF_I32},
    [29] = {MK_LOAD, MF_F80},
    [31] = {MK_STORE_POP, MF_F80},
    [32 ... 39] = {MK_ARITH, MF_F64},
    [40] = {MK_LOAD, MF_F64},
    [41] = {MK_FISTTP, MF_I64},
    [42] = {MK_STORE, MF_F64},
    [43] = {MK_STORE_POP, MF_F64},
    [44] = {MK_FRSTOR, 0},
    [46] = {MK_FSAVE, 0},
    [47] = {MK_FSTSW, 0},
    [48 ... 55] = {MK_ARITH, MF_I16},
    [56] = {MK_LOAD, MF_I16},
    [57] = {MK_FISTTP, MF_I16},
    [58] = {MK_STORE, MF_I16},
    [59] = {MK_STORE_POP, MF_I16},
    [60] = {MK_LOAD, MF_BCD},
    [61] = {MK_LOAD, MF_I64},
    [62] = {MK_STORE_POP, MF_BCD},
    [63] = {MK_STORE_POP, MF_I64},
};

static void arith_mem(X86CPU *cpu, int op, floatx80 b, FloatStatus *fs)
{
    if (st_empty(cpu, 0)) {
        if (op == X87_COM || op == X87_COMP) {
            compare_empty(cpu, op == X87_COMP);
        } else if (stack_fault(cpu, false)) {
            st_set(cpu, 0, x87_indefinite);
        }
        return;
    }
    if ((fs->flags & float_flag_invalid) && floatx80_is_any_nan(b)) {
        /* The conversion quietened a signalling NaN: the operation picks between two NaNs
         * by their kinds (a QNaN in ST(0) wins over it), and signals invalid itself. */
        b.mant &= ~(1ull << 62);
        fs->flags &= (uint8_t)~float_flag_invalid;
    }
    if (floatx80_is_any_nan(st(cpu, 0))) {
        /* A NaN operand is handled before the denormal check (SDM vol. 1, 8.7). */
        fs->flags &= (uint8_t)~float_flag_denormal;
    }
    if (op == X87_COM || op == X87_COMP) {
        compare(cpu, b, fs, false, op == X87_COMP);
    } else {
        arith(cpu, op, 0, st(cpu, 0), b, fs, false);
    }
}

void helper_x87_mem(void *env, uint32_t desc, uint64_t addr)
{
    X86CPU *cpu = env;
    int index = (int)(desc & X87_MEM_INDEX_MASK);
    const X87MemForm *f = &mem_forms[index];
    MemAccess m = {cpu, addr, desc & X87_MEM_ADDR32};
    bool op32 = desc & X87_MEM_OP32;
    uint8_t buf[108];
    FloatStatus fs = x87_status(cpu);

    switch (f->kind) {
    case MK_ARITH:
    case MK_LOAD:
        if (!mem_read(&m, 0, buf, format_bytes[f->fmt])) {
            return;
        }
        if (f->kind == MK_ARITH) {
            arith_mem(cpu, index & 7, from_mem(buf, f->fmt, &fs), &fs);
        } else {
            floatx80 v = from_mem(buf, f->fmt, &fs);
            load(cpu, v, &fs);
        }
        break;
    case MK_STORE:
    case MK_STORE_POP:
    case MK_FISTTP:
        store(cpu, &m, f->fmt, f->kind == MK_FISTTP, f->kind != MK_STORE);
        break;
    case MK_FLDENV:
        if (mem_read(&m, 0, buf, op32 ? 28 : 14)) {
            load_env(cpu, buf, op32);
        }
        break;
    case MK_FLDCW:
        if (mem_read(&m, 0, buf, 2)) {
            cpu->fpuc = (uint16_t)((le(buf, 2) & FPUC_WRITABLE) | FPUC_RESERVED_ONE);
            update_es(cpu);
        }
        break;
    case MK_FSTENV:
        if (mem_write(&m, 0, buf, store_env(cpu, buf, op32))) {
            cpu->fpuc |= FPUS_EXC; /* FNSTENV masks every exception */
        }
        break;
    case MK_FSTCW:
        put16(buf, cpu->fpuc);
        mem_write(&m, 0, buf, 2);
        break;
    case MK_FSTSW:
        put16(buf, x87_fsw(cpu));
        mem_write(&m, 0, buf, 2);
        break;
    case MK_FRSTOR:
        frstor(cpu, &m, op32);
        break;
    case MK_FSAVE:
        fsave(cpu, &m, op32);
        break;
    default:
        x86_raise(cpu, EXCP_UD, false, 0);
        break;
    }
}

/* ================================================================ register forms */

static void fxch(X86CPU *cpu, int i)
{
    if (st_empty(cpu, 0) || st_empty(cpu, i)) {
        if (!stack_fault(cpu, false)) {
            return;
        }
        /* Masked: the empty ones become the indefinite, then exchange. */
        for (int k = 0; k <= i; k += i ? i : 1) {
            if (st_empty(cpu, k)) {
                st_set(cpu, k, x87_indefinite);
            }
        }
    }
    floatx80 t = st(cpu, 0);
    st_set(cpu, 0, st(cpu, i));
    st_set(cpu, i, t);
    set_c1(cpu, false);
}

static void fld_sti(X86CPU *cpu, int i)
{
    FloatStatus fs = x87_status(cpu);
    /* An empty source is an underflow (C1 = 0) even when the push also overflows. */
    if (st_empty(cpu, i)) {
        if (stack_fault(cpu, false)) {
            push(cpu, x87_indefinite);
        }
        return;
    }
    load(cpu, st(cpu, i), &fs);
}

/* FST/FSTP ST(i): a copy, no exceptions but the stack fault. */
static void fst_sti(X86CPU *cpu, int i, bool pop_after)
{
    if (st_empty(cpu, 0)) {
        if (!stack_fault(cpu, false)) {
            return;
        }
        st_set(cpu, i, x87_indefinite);
    } else {
        st_set(cpu, i, st(cpu, 0));
        set_c1(cpu, false);
    }
    if (pop_after) {
        pop(cpu);
    }
}

/* Class of ST(0) for FXAM: C3 C2 C0, and C1 the sign. */
static void fxam(X86CPU *cpu)
{
    floatx80 v = st(cpu, 0);
    int e = v.sign_exp & 0x7fff;
    uint16_t cc;
    if (st_empty(cpu, 0)) {
        cc = FPUS_C3 | FPUS_C0;
    } else if (e == 0) {
        cc = v.mant == 0 ? FPUS_C3 : FPUS_C3 | FPUS_C2;
    } else if (!(v.mant >> 63)) {
        cc = 0; /* unsupported */
    } else if (e == 0x7fff) {
        cc = (v.mant << 1) == 0 ? FPUS_C2 | FPUS_C0 : FPUS_C0;
    } else {
        cc = FPUS_C2;
    }
    set_cc(cpu, cc | ((v.sign_exp & 0x8000) ? FPUS_C1 : 0));
}

/*
 * The constants of FLD1 ... FLDZ.  The irrational ones are the 66-bit
 * values the hardware keeps, rounded per RC: to nearest and up give the
 * first significand here, down and towards zero the second.
 */
typedef struct X87Const {
    uint16_t sign_exp;
    uint64_t near_up, down_zero;
} X87Const;

static const X87Const x87_consts[7] = {
    {0x3fff, 0x8000000000000000ull, 0x8000000000000000ull}, /* 1 */
    {0x4000, 0xd49a784bcd1b8afeull, 0xd49a784bcd1b8afeull}, /* log2(10): RU below */
    {0x3fff, 0xb8aa3b295c17f0bcull, 0xb8aa3b295c17f0bbull}, /* log2(e) */
    {0x4000, 0xc90fdaa22168c235ull, 0xc90fdaa22168c234ull}, /* pi */
    {0x3ffd, 0x9a209a84fbcff799ull, 0x9a209a84fbcff798ull}, /* log10(2) */
    {0x3ffe, 0xb17217f7d1cf79acull, 0xb17217f7d1cf79abull}, /* ln(2) */
    {0, 0, 0},                                              /* +0 */
};

static void fld_const(X86CPU *cpu, int i)
{
    const X87Const *c = &x87_consts[i];
    FloatStatus fs = x87_status(cpu);
    bool down = fs.rounding_mode == float_round_down || fs.rounding_mode == float_round_to_zero;
    floatx80 v = {.mant = down ? c->down_zero : c->near_up, .sign_exp = c->sign_exp};
    if (i == 1 && fs.rounding_mode == float_round_up) {
        v.mant++; /* log2(10) is the one that nearest rounds down */
    }
    fs.flags = 0;
    load(cpu, v, &fs);
}

typedef floatx80 UnOp(floatx80 a, FloatStatus *s);

/* ST(0) = fn(ST(0)) with C1 from rounding towards zero, as compute(). */
static void unary(X86CPU *cpu, UnOp *fn)
{
    FloatStatus fs = x87_status(cpu), z;
    floatx80 a = st(cpu, 0), r;
    if (st_empty(cpu, 0)) {
        if (stack_fault(cpu, false)) {
            st_set(cpu, 0, x87_indefinite);
        }
        return;
    }
    r = fn(a, &fs);
    if (!record_and_check(cpu, exc_of_flags(fs.flags), false)) {
        return;
    }
    z = x87_status(cpu);
    z.rounding_mode = float_round_to_zero;
    set_c1(cpu, (fs.flags & float_flag_inexact) && differs(r, fn(a, &z)));
    st_set(cpu, 0, r);
}

static floatx80 x87_rndint(floatx80 a, FloatStatus *s) { return floatx80_round_to_int(a, s); }

/* Whether the encoding is one the x87 rejects: unnormal, pseudo-NaN/infinity. */
static bool unsupported(floatx80 a) { return (a.sign_exp & 0x7fff) != 0 && !(a.mant >> 63); }

/* ST(1) truncated to an integer, clamped (FSCALE's scale). */
static int scale_of(floatx80 b)
{
    int e = (b.sign_exp & 0x7fff) - 16383;
    int v;
    if (e < 0) {
        return 0;
    }
    v = e > 30 ? 1 << 30 : (int)(b.mant >> (63 - e));
    return (b.sign_exp & 0x8000) ? -v : v;
}

static floatx80 fscale(floatx80 a, floatx80 b, FloatStatus *s)
{
    bool a_inf = (a.sign_exp & 0x7fff) == 0x7fff && !floatx80_is_any_nan(a);
    bool b_inf = (b.sign_exp & 0x7fff) == 0x7fff && !floatx80_is_any_nan(b);
    bool a_zero = (a.sign_exp & 0x7fff) == 0 && a.mant == 0;
    if (unsupported(a) || unsupported(b)) {
        s->flags |= float_flag_invalid;
        return x87_indefinite;
    }
    if (floatx80_is_any_nan(a) || floatx80_is_any_nan(b)) {
        return floatx80_add(a, b, s); /* the x87 NaN rules */
    }
    if (b_inf) {
        bool neg = b.sign_exp & 0x8000;
        if ((a.sign_exp & 0x7fff) == 0 && a.mant) {
            s->flags |= float_flag_denormal;
        }
        if ((a_zero && !neg) || (a_inf && neg)) {
            s->flags |= float_flag_invalid;
            return x87_indefinite;
        }
        if (a_zero || a_inf) {
            return a;
        }
        return (floatx80){.mant = neg ? 0 : 1ull << 63,
                          .sign_exp = (uint16_t)((a.sign_exp & 0x8000) | (neg ? 0 : 0x7fff))};
    }
    if ((b.sign_exp & 0x7fff) == 0 && b.mant != 0) {
        s->flags |= float_flag_denormal;
    }
    return floatx80_scalbn(a, scale_of(b), s);
}

/*
 * FSCALE's result times 2^k for an unmasked overflow (k < 0) or underflow:
 * infinity or zero if even that is out of range.
 */
static floatx80 fscale_wrapped(floatx80 a, floatx80 b, int k, FloatStatus *t, bool *up)
{
    floatx80 r = floatx80_scalbn(a, scale_of(b) + k, t), z;
    FloatStatus tz = *t;
    tz.rounding_mode = float_round_to_zero;
    z = floatx80_scalbn(a, scale_of(b) + k, &tz);
    *up = (t->flags & float_flag_inexact) && differs(r, z);
    if (k < 0 && (t->flags & float_flag_overflow)) {
        *up = true;
        return (floatx80){1ull << 63, (uint16_t)(r.sign_exp | 0x7fff)};
    }
    if (k > 0 && (t->flags & float_flag_underflow)) {
        *up = false;
        return (floatx80){0, (uint16_t)(r.sign_exp & 0x8000)};
    }
    return r;
}

/*
 * How an unmasked overflow/underflow delivers the result scaled by
 * 2^-+24576: FSCALE's own way, or (FYL2X, FYL2XP1: linear in ST(1)) from
 * ST(1) scaled; the other transcendentals do not wrap (gemu's limitation).
 */
enum { WRAP_NONE, WRAP_FSCALE, WRAP_ST1 };

static floatx80 yl2xp1(floatx80 x, floatx80 y, FloatStatus *s);

/*
 * FYL2X/FYL2XP1's result times 2^k: y scaled as far as it stays in range,
 * the rest (FYL2XP1 of a tiny x, where log2(1 + x) is x / ln 2 to far
 * beyond the precision) by x.
 */
static floatx80 ylog_wrapped(BinOp *fn, floatx80 x, floatx80 y, int k, FloatStatus *t, bool *up)
{
    int ey = (y.sign_exp & 0x7fff) - 16383, ex = (x.sign_exp & 0x7fff) - 16383;
    int ky = k > 0 ? (k < 16382 - ey ? k : 16382 - ey) : (k > -16381 - ey ? k : -16381 - ey);
    FloatStatus u = *t;
    if (ky != k && (fn != yl2xp1 || ex + (k - ky) > -80)) {
        ky = k; /* cannot wrap exactly: the overflow/underflow stands */
    }
    y = floatx80_scalbn(y, ky, &u);
    x = floatx80_scalbn(x, k - ky, &u);
    return compute(fn, x, y, t, up);
}

/* ST(0) or, popping, ST(1) = fn(ST(0), ST(1)). */
static void binary_st01(X86CPU *cpu, BinOp *fn, bool pop_after, int wrap)
{
    FloatStatus fs = x87_status(cpu);
    int dst = pop_after ? 1 : 0;
    bool up;
    if (st_empty(cpu, 0) || st_empty(cpu, 1)) {
        if (stack_fault(cpu, false)) {
            st_set(cpu, dst, x87_indefinite);
            if (pop_after) {
                pop(cpu);
            }
        }
        return;
    }
    floatx80 r = compute(fn, st(cpu, 0), st(cpu, 1), &fs, &up);
    uint16_t exc, um;
    if (wrap == WRAP_FSCALE) {
        exact_underflow(cpu, r, &fs);
    } else if ((fs.flags & float_flag_inexact) && !(r.sign_exp & 0x7fff)) {
        fs.flags |= float_flag_underflow; /* a tiny inexact transcendental result */
    }
    exc = exc_of_flags(fs.flags);
    um = unmasked(cpu, exc);
    if (wrap != WRAP_NONE && (um & (FPUS_OE | FPUS_UE)) &&
        !(um & (FPUS_IE | FPUS_DE | FPUS_ZE))) {
        FloatStatus t = x87_status(cpu);
        int k = (um & FPUS_OE) ? -24576 : 24576;
        if (wrap == WRAP_FSCALE) {
            r = fscale_wrapped(st(cpu, 0), st(cpu, 1), k, &t, &up);
        } else {
            r = ylog_wrapped(fn, st(cpu, 0), st(cpu, 1), k, &t, &up);
        }
        exc = (uint16_t)((exc & ~FPUS_PE) | ((t.flags & float_flag_inexact) ? FPUS_PE : 0));
    }
    if (!record_and_check(cpu, exc, false)) {
        return;
    }
    st_set(cpu, dst, r);
    set_c1(cpu, up);
    if (pop_after) {
        pop(cpu);
    }
}

/* FYL2X, FYL2XP1, FPATAN take (ST(1), ST(0)). */
static floatx80 yl2x(floatx80 x, floatx80 y, FloatStatus *s) { return floatx80_yl2x(y, x, s); }
static floatx80 yl2xp1(floatx80 x, floatx80 y, FloatStatus *s)
{
    return floatx80_yl2xp1(y, x, s);
}
static floatx80 patan(floatx80 x, floatx80 y, FloatStatus *s)
{
    return floatx80_atan2(y, x, s);
}

/* FXTRACT: ST(0) = exponent, then push the significand. */
static void fxtract(X86CPU *cpu)
{
    FloatStatus fs = x87_status(cpu);
    floatx80 a = st(cpu, 0), exp, sig;
    int e = a.sign_exp & 0x7fff;
    /* An empty ST(0) is an underflow even when the push also overflows. */
    if (st_empty(cpu, 0) || !st_empty(cpu, 7)) {
        if (stack_fault(cpu, !st_empty(cpu, 0))) {
            st_set(cpu, 0, x87_indefinite);
            push(cpu, x87_indefinite);
        }
        return;
    }
    if (unsupported(a)) {
        fs.flags |= float_flag_invalid;
        exp = sig = x87_indefinite;
    } else if (floatx80_is_any_nan(a)) {
        if (floatx80_is_signaling_nan(a)) {
            fs.flags |= float_flag_invalid;
        }
        exp = sig = (floatx80){a.mant | 1ull << 62, a.sign_exp};
    } else if (e == 0x7fff) {
        exp = (floatx80){1ull << 63, 0x7fff};
        sig = a;
    } else if (e == 0 && a.mant == 0) {
        fs.flags |= float_flag_divbyzero;
        exp = (floatx80){1ull << 63, 0xffff};
        sig = a;
    } else {
        int lz = __builtin_clzll(a.mant);
        int unbiased = (e ? e : 1) - 16383 - lz;
        if (e == 0) {
            fs.flags |= float_flag_denormal;
        }
        exp = int64_to_floatx80(unbiased, &fs);
        sig = (floatx80){a.mant << lz, (uint16_t)((a.sign_exp & 0x8000) | 0x3fff)};
    }
    if (!record_and_check(cpu, exc_of_flags(fs.flags), false)) {
        return;
    }
    st_set(cpu, 0, exp);
    push(cpu, sig);
    set_c1(cpu, false);
}

/*
 * FPREM (round false: truncating quotient) and FPREM1 (round true: IEEE
 * remainder).  An exponent difference of 64 or more gives a partial
 * remainder (C2 = 1) reduced by 2^(D - N), N in 32..63 as the hardware
 * does; else the exact remainder with the quotient's low bits in C0 C3 C1.
 */
static void fprem(X86CPU *cpu, bool round)
{
    FloatStatus fs = x87_status(cpu);
    floatx80 a = st(cpu, 0), b = st(cpu, 1), r;
    int ea = a.sign_exp & 0x7fff, eb = b.sign_exp & 0x7fff;
    bool special = ea == 0x7fff || eb == 0x7fff || (eb == 0 && b.mant == 0) ||
                   (ea == 0 && a.mant == 0) || unsupported(a) || unsupported(b);
    uint16_t cc = 0;

    if (st_empty(cpu, 0) || st_empty(cpu, 1)) {
        if (stack_fault(cpu, false)) {
            st_set(cpu, 0, x87_indefinite);
        }
        set_c12(cpu, 0);
        return;
    }
    if (special) {
        /* A NaN result (propagated or invalid) clears C1 and C2 and keeps C0 and C3. */
        cc = cpu->fpus & (FPUS_C0 | FPUS_C3);
        if (floatx80_is_any_nan(a) || floatx80_is_any_nan(b)) {
            r = floatx80_add(a, b, &fs);
        } else if (ea == 0x7fff || (eb == 0 && b.mant == 0) || unsupported(a) ||
                   unsupported(b)) {
            fs.flags |= float_flag_invalid;
            r = x87_indefinite;
        } else {
            cc = 0;
            r = a; /* zero dividend, or infinite divisor */
            if ((ea == 0 && a.mant) || (eb == 0 && b.mant)) {
                fs.flags |= float_flag_denormal;
            }
            if (ea == 0 && (a.mant >> 63)) {
                r.sign_exp |= 1; /* a pseudo-denormal comes out normalised */
            } else if (is_denormal_x80(a) && unmasked(cpu, FPUS_UE)) {
                /* a tiny result: unmasked underflow, the exponent wrapped */
                FloatStatus t = x87_status(cpu);
                fs.flags |= float_flag_underflow;
                r = floatx80_scalbn(a, 24576, &t);
            }
        }
    } else {
        /* Both finite non-zero: exact integer arithmetic on the significands. */
        uint64_t ma = a.mant, mb = b.mant;
        int xa = ea ? ea : 1, xb = eb ? eb : 1;
        if (ea == 0 || eb == 0) {
            fs.flags |= float_flag_denormal;
        }
        int lza = __builtin_clzll(ma), lzb = __builtin_clzll(mb);
        ma <<= lza;
        mb <<= lzb;
        xa -= lza;
        xb -= lzb;
        int d = xa - xb, shift = d, rbase = xa;
        uint64_t q = 0, rem = ma;
        bool neg = a.sign_exp & 0x8000;
        if (d >= 64) {
            shift = 32 + (d & 31);
            cc = FPUS_C2;
        }
        if (shift >= 0) {
            unsigned __int128 n = (unsigned __int128)ma << shift;
            q = (uint64_t)(n / mb);
            rem = (uint64_t)(n % mb);
            rbase = xb + (d - shift);
            if (round && !cc && (rem > mb - rem || (rem == mb - rem && (q & 1)))) {
                rem = mb - rem;
                q++;
                neg = !neg;
            }
        } else if (round && shift == -1 && ma > mb) {
            /* |a| in (|b|/2, |b|): quotient 1, |r| = |b| - |a| = (2 mb - ma) 2^(xb - 1) */
            rem = (uint64_t)(((unsigned __int128)mb << 1) - ma);
            rbase = xb - 1;
            q = 1;
            neg = !neg;
        }
        if (!cc) {
            cc = (uint16_t)(((q & 4) ? FPUS_C0 : 0) | ((q & 2) ? FPUS_C3 : 0) |
                            ((q & 1) ? FPUS_C1 : 0));
        }
        if (rem == 0) {
            r = (floatx80){0, (uint16_t)(neg ? 0x8000 : 0)};
        } else {
            /* rem * 2^(rbase - bias - 63), normalised, scaled into place */
            int lz = __builtin_clzll(rem);
            floatx80 n = {rem << lz, (uint16_t)((neg ? 0x8000 : 0) | 0x3fff)};
            r = floatx80_scalbn(n, rbase - 16383 - lz, &fs);
            exact_underflow(cpu, r, &fs);
            if (fs.flags & float_flag_underflow & -(unsigned)!!unmasked(cpu, FPUS_UE)) {
                /* unmasked: the exact remainder, its exponent wrapped */
                FloatStatus t = x87_status(cpu);
                r = floatx80_scalbn(n, rbase - 16383 - lz + 24576, &t);
                fs.flags &= (uint8_t)~float_flag_inexact;
            }
        }
    }
    set_c12(cpu, 0); /* what an unmasked pre-computation exception leaves */
    if (!record_and_check(cpu, exc_of_flags(fs.flags), false)) {
        return;
    }
    st_set(cpu, 0, r);
    set_cc(cpu, cc);
}

/* FSIN/FCOS/FPTAN/FSINCOS: |ST(0)| >= 2^63 sets C2 and leaves it; else C2 = 0. */
static bool trig_in_range(X86CPU *cpu, floatx80 a)
{
    int e = a.sign_exp & 0x7fff;
    if (e >= 16383 + 63 && e != 0x7fff && !unsupported(a)) {
        set_c12(cpu, FPUS_C2);
        return false;
    }
    return true;
}

enum { TRIG_SIN, TRIG_COS, TRIG_TAN, TRIG_SINCOS };

/*
 * The new ST(0) (*r) and, for the pushing ones, the value below it (*r2);
 * returns the result whose rounding C1 reports.
 */
static floatx80 trig_compute(int which, floatx80 a, floatx80 *r, floatx80 *r2, FloatStatus *fs)
{
    switch (which) {
    case TRIG_SIN:
        return *r = floatx80_sin(a, fs);
    case TRIG_COS:
        return *r = floatx80_cos(a, fs);
    case TRIG_TAN:
        *r = floatx80_tan(a, fs);
        *r2 = floatx80_is_any_nan(*r) ? *r : (floatx80){1ull << 63, 0x3fff};
        return *r;
    default:
        floatx80_sincos(a, r, r2, fs);
        return *r; /* the host's C1 follows the sine (ST(1)) */
    }
}

static void trig(X86CPU *cpu, int which)
{
    FloatStatus fs = x87_status(cpu), z = fs;
    floatx80 a = st(cpu, 0), r, r2 = {0}, zr, zr2, rounded;
    bool pushes = which == TRIG_TAN || which == TRIG_SINCOS;
    if (st_empty(cpu, 0) || (pushes && !st_empty(cpu, 7))) {
        cpu->fpus &= (uint16_t)~FPUS_C2;
        if (stack_fault(cpu, !st_empty(cpu, 0))) {
            st_set(cpu, 0, x87_indefinite);
            if (pushes) {
                push(cpu, x87_indefinite);
            }
        }
        return;
    }
    if (!trig_in_range(cpu, a)) {
        return;
    }
    rounded = trig_compute(which, a, &r, &r2, &fs);
    set_c12(cpu, 0); /* what an unmasked pre-computation exception leaves */
    if (!record_and_check(cpu, exc_of_flags(fs.flags), false)) {
        return;
    }
    z.rounding_mode = float_round_to_zero;
    set_c12(cpu, differs(rounded, trig_compute(which, a, &zr, &zr2, &z)) ? FPUS_C1 : 0);
    st_set(cpu, 0, r);
    if (pushes) {
        push(cpu, r2);
    }
}

static floatx80 f2xm1(floatx80 a, FloatStatus *s) { return floatx80_2xm1(a, s); }

static floatx80 fchs_op(floatx80 a, FloatStatus *s)
{
    a.sign_exp ^= 0x8000;
    return a;
}

static floatx80 fabs_op(floatx80 a, FloatStatus *s)
{
    a.sign_exp &= 0x7fff;
    return a;
}

void helper_x87_reg(void *env, uint32_t desc)
{
    X86CPU *cpu = env;
    int op = (int)(desc >> 3), i = (int)(desc & 7);
    FloatStatus fs = x87_status(cpu);

    if (op < X87R_FLD) {
        int fam = op & 7;
        arith_reg(cpu, fam, i, op >= X87R_ARITH_STI, op >= X87R_ARITH_POP);
        return;
    }
    switch ((X87RegOp)op) {
    case X87R_FLD:
        fld_sti(cpu, i);
        break;
    case X87R_FXCH:
        fxch(cpu, i);
        break;
    case X87R_FNOP:
        break;
    case X87R_FST:
    case X87R_FSTP:
        fst_sti(cpu, i, op == X87R_FSTP);
        break;
    /* The SDM leaves the condition codes undefined; the hardware (AMD) clears C1. */
    case X87R_FFREE:
    case X87R_FFREEP:
        cpu->fptags[phys(cpu, i)] = 1;
        set_c1(cpu, false);
        if (op == X87R_FFREEP) {
            pop(cpu);
        }
        break;
    case X87R_FUCOM:
    case X87R_FUCOMP:
    case X87R_FUCOMPP:
    case X87R_FCOMPP: {
        int pops = op == X87R_FUCOM ? 0 : op == X87R_FUCOMP ? 1 : 2;
        if (st_empty(cpu, 0) || st_empty(cpu, i)) {
            compare_empty(cpu, pops);
        } else {
            compare(cpu, st(cpu, i), &fs, op != X87R_FCOMPP, pops);
        }
        break;
    }
    case X87R_FCHS:
        unary(cpu, fchs_op);
        break;
    case X87R_FABS:
        unary(cpu, fabs_op);
        break;
    case X87R_FTST:
        if (st_empty(cpu, 0)) {
            compare_empty(cpu, 0);
        } else {
            compare(cpu, (floatx80){0, 0}, &fs, false, 0);
        }
        break;
    case X87R_FXAM:
        fxam(cpu);
        break;
    case X87R_FLDCONST:
        fld_const(cpu, i);
        break;
    case X87R_F2XM1:
        unary(cpu, f2xm1);
        break;
    case X87R_FYL2X:
        binary_st01(cpu, yl2x, true, WRAP_ST1);
        break;
    case X87R_FYL2XP1:
        binary_st01(cpu, yl2xp1, true, WRAP_ST1);
        break;
    case X87R_FPATAN:
        binary_st01(cpu, patan, true, WRAP_NONE);
        break;
    case X87R_FSCALE:
        binary_st01(cpu, fscale, false, WRAP_FSCALE);
        break;
    case X87R_FPTAN:
        trig(cpu, TRIG_TAN);
        break;
    case X87R_FSIN:
        trig(cpu, TRIG_SIN);
        break;
    case X87R_FCOS:
        trig(cpu, TRIG_COS);
        break;
    case X87R_FSINCOS:
        trig(cpu, TRIG_SINCOS);
        break;
    case X87R_FXTRACT:
        fxtract(cpu);
        break;
    case X87R_FPREM:
    case X87R_FPREM1:
        fprem(cpu, op == X87R_FPREM1);
        break;
    case X87R_FDECSTP:
    case X87R_FINCSTP:
        cpu->fpstt = (cpu->fpstt + (op == X87R_FINCSTP ? 1 : 7)) & 7;
        set_c1(cpu, false);
        break;
    case X87R_FSQRT:
        unary(cpu, floatx80_sqrt);
        break;
    case X87R_FRNDINT:
        unary(cpu, x87_rndint);
        break;
    case X87R_FNCLEX:
        cpu->fpus &= ~(FPUS_EXC | FPUS_SF | FPUS_ES | FPUS_B);
        break;
    case X87R_FNINIT:
        fninit(cpu);
        break;
    default:
        break;
    }
}

uint64_t helper_x87_fcomi(void *env, uint32_t desc, uint64_t old_flags)
{
    X86CPU *cpu = env;
    int i = (int)(desc & 7), pops = (desc & X87_FCOMI_POP) ? 1 : 0;
    FloatStatus fs = x87_status(cpu);
    static const uint64_t eflags_of[4] = {CC_C, CC_Z, 0, CC_Z | CC_P | CC_C};
    FloatRelation r = float_relation_unordered;

    if (st_empty(cpu, 0) || st_empty(cpu, i)) {
        if (!stack_fault(cpu, false)) {
            return old_flags;
        }
    } else {
        floatx80 a = st(cpu, 0), b = st(cpu, i);
        r = (desc & X87_FCOMI_QUIET) ? floatx80_compare_quiet(a, b, &fs)
                                     : floatx80_compare(a, b, &fs);
        /* C1 is specified for a stack fault only (SDM vol. 1, table 8-1): the host keeps it */
        if (!record_and_check(cpu, exc_of_flags(fs.flags), false)) {
            return old_flags;
        }
    }
    if (pops) {
        pop(cpu);
    }
    return eflags_of[r + 1];
}

void helper_x87_fcmov(void *env, uint32_t i, uint64_t cond)
{
    X86CPU *cpu = env;
    /* An empty operand faults, and the masked response fills ST(0) whatever the condition. */
    if (st_empty(cpu, 0) || st_empty(cpu, (int)i)) {
        if (stack_fault(cpu, false)) {
            st_set(cpu, 0, x87_indefinite);
        }
        return;
    }
    /* C1 is cleared only by an underflow (SDM: FCMOVcc); the hardware leaves it alone here. */
    if (cond) {
        st_set(cpu, 0, st(cpu, (int)i));
    }
}

uint64_t helper_x87_fnstsw(void *env) { return x87_fsw(env); }

/* ================================================================ FXSAVE and XSAVE */

#define XCR0_X87       1u
#define XCR0_SSE       2u
#define XCR0_SUPPORTED (XCR0_X87 | XCR0_SSE)
#define FXSAVE_BYTES   512
#define XSAVE_HDR      512
#define XSAVE_BYTES    (512 + 64)

/* The x87 part of the FXSAVE image (bytes 0-23 and 32-159). */
static void fxsave_x87(const X86CPU *cpu, uint8_t *p, bool rex_w)
{
    uint8_t abridged = 0;
    for (int i = 0; i < 8; i++) {
        abridged |= (uint8_t)(!cpu->fptags[i] << i);
    }
    put16(p, cpu->fpuc);
    put16(p + 2, x87_fsw(cpu));
    p[4] = abridged;
    p[5] = 0;
    put16(p + 6, cpu->fpop);
    if (rex_w) {
        memcpy(p + 8, &cpu->fpip, 8);
        memcpy(p + 16, &cpu->fpdp, 8);
    } else {
        put32(p + 8, (uint32_t)cpu->fpip);
        put32(p + 12, cpu->fpcs);
        put32(p + 16, (uint32_t)cpu->fpdp);
        put32(p + 20, cpu->fpds);
    }
    for (int i = 0; i < 8; i++) {
        floatx80 v = st(cpu, i);
        memset(p + 32 + 16 * i, 0, 16);
        memcpy(p + 32 + 16 * i, &v.mant, 8);
        memcpy(p + 40 + 16 * i, &v.sign_exp, 2);
    }
}

static void fxrstor_x87(X86CPU *cpu, const uint8_t *p, bool rex_w)
{
    uint16_t fsw = (uint16_t)le(p + 2, 2);
    cpu->fpuc = (uint16_t)((le(p, 2) & FPUC_WRITABLE) | FPUC_RESERVED_ONE);
    cpu->fpus = fsw & ~(7u << FPUS_TOP_SHIFT);
    cpu->fpstt = (fsw >> FPUS_TOP_SHIFT) & 7;
    for (int i = 0; i < 8; i++) {
        cpu->fptags[i] = !((p[4] >> i) & 1);
    }
    cpu->fpop = (uint16_t)(le(p + 6, 2) & 0x7ff);
    if (rex_w) {
        cpu->fpip = le(p + 8, 8);
        cpu->fpdp = le(p + 16, 8);
    } else {
        cpu->fpip = le(p + 8, 4);
        cpu->fpcs = (uint16_t)le(p + 12, 2);
        cpu->fpdp = le(p + 16, 4);
        cpu->fpds = (uint16_t)le(p + 20, 2);
    }
    for (int i = 0; i < 8; i++) {
        int ph = phys(cpu, i);
        cpu->fpregs[ph].d.mant = le(p + 32 + 16 * i, 8);
        cpu->fpregs[ph].d.sign_exp = (uint16_t)le(p + 40 + 16 * i, 2);
    }
    update_es(cpu);
}

static int xmm_count(uint32_t desc) { return (desc & X87_MEM_CODE64) ? 16 : 8; }

static void fxsave_sse(const X86CPU *cpu, uint8_t *p, uint32_t desc, bool mxcsr)
{
    if (mxcsr) {
        put32(p + 24, cpu->mxcsr);
        put32(p + 28, MXCSR_MASK);
    }
    memcpy(p + 160, cpu->xmm, 16 * (size_t)xmm_count(desc));
}

static void fxrstor_sse(X86CPU *cpu, const uint8_t *p, uint32_t desc)
{
    memcpy(cpu->xmm, p + 160, 16 * (size_t)xmm_count(desc));
}

static bool mxcsr_valid(uint32_t v) { return !(v & ~MXCSR_MASK); }

static bool x87_in_init_state(const X86CPU *cpu)
{
    static const uint8_t all_empty[8] = {1, 1, 1, 1, 1, 1, 1, 1};
    return cpu->fpuc == 0x37f && x87_fsw(cpu) == 0 && !memcmp(cpu->fptags, all_empty, 8) &&
           cpu->fpop == 0 && cpu->fpip == 0 && cpu->fpdp == 0;
}

static bool sse_in_init_state(const X86CPU *cpu, uint32_t desc)
{
    static const X86Vec zero[16];
    return !memcmp(cpu->xmm, zero, 16 * (size_t)xmm_count(desc));
}

static uint64_t requested_features(const X86CPU *cpu)
{
    uint64_t edx_eax = (cpu->regs[R_EDX] << 32) | (uint32_t)cpu->regs[R_EAX];
    return edx_eax & cpu->xcr0;
}

static void xsave(X86CPU *cpu, const MemAccess *m, uint32_t desc)
{
    uint64_t rfbm = requested_features(cpu), bv;
    bool rex_w = desc & X87_MEM_REX_W;
    uint8_t buf[XSAVE_BYTES];
    if (!mem_read(m, 0, buf, XSAVE_BYTES)) {
        return;
    }
    if (rfbm & XCR0_X87) {
        fxsave_x87(cpu, buf, rex_w);
    }
    if (rfbm & XCR0_SSE) {
        fxsave_sse(cpu, buf, desc, true);
    }
    bv = le(buf + XSAVE_HDR, 8) & ~rfbm;
    bv |= (rfbm & XCR0_X87) && !x87_in_init_state(cpu) ? XCR0_X87 : 0;
    bv |= (rfbm & XCR0_SSE) && !sse_in_init_state(cpu, desc) ? XCR0_SSE : 0;
    memcpy(buf + XSAVE_HDR, &bv, 8);
    mem_write(m, 0, buf, XSAVE_BYTES);
}

static void xrstor(X86CPU *cpu, const MemAccess *m, uint32_t desc)
{
    uint64_t rfbm = requested_features(cpu), bv, comp;
    bool rex_w = desc & X87_MEM_REX_W;
    uint8_t buf[XSAVE_BYTES];
    static const uint8_t zero[48];
    if (!mem_read(m, 0, buf, XSAVE_BYTES)) {
        return;
    }
    bv = le(buf + XSAVE_HDR, 8);
    comp = le(buf + XSAVE_HDR + 8, 8);
    /* Only the standard form: no compaction, reserved header bytes zero. */
    if ((bv & ~cpu->xcr0) || comp || memcmp(buf + XSAVE_HDR + 16, zero, 48) ||
        ((rfbm & XCR0_SSE) && !mxcsr_valid((uint32_t)le(buf + 24, 4)))) {
        x86_raise(cpu, EXCP_GP, true, 0);
        return;
    }
    if (rfbm & XCR0_X87) {
        if (bv & XCR0_X87) {
            fxrstor_x87(cpu, buf, rex_w);
        } else {
            fninit(cpu); /* the x87's initial configuration: FNINIT and zero registers */
            memset(cpu->fpregs, 0, sizeof(cpu->fpregs));
        }
    }
    if (rfbm & XCR0_SSE) {
        cpu->mxcsr = (uint32_t)le(buf + 24, 4);
        if (bv & XCR0_SSE) {
            fxrstor_sse(cpu, buf, desc);
        } else {
            memset(cpu->xmm, 0, 16 * (size_t)xmm_count(desc));
        }
    }
}

void helper_x87_xsave(void *env, uint32_t desc, uint64_t addr)
{
    X86CPU *cpu = env;
    MemAccess m = {cpu, addr, desc & X87_MEM_ADDR32};
    int op = (int)(desc & X87_MEM_INDEX_MASK);
    bool rex_w = desc & X87_MEM_REX_W;
    uint8_t buf[FXSAVE_BYTES];

    if (op >= X87_XSAVE && !(cpu->cr[4] & CR4_OSXSAVE)) {
        x86_raise(cpu, EXCP_UD, false, 0);
        return;
    }
    if (addr & (op >= X87_XSAVE ? 63 : 15)) {
        x86_raise(cpu, EXCP_GP, true, 0);
        return;
    }
    switch (op) {
    case X87_FXSAVE:
        /* Bytes the image does not define are left as they are in memory. */
        if (!mem_read(&m, 0, buf, FXSAVE_BYTES)) {
            return;
        }
        fxsave_x87(cpu, buf, rex_w);
        fxsave_sse(cpu, buf, desc, true);
        mem_write(&m, 0, buf, FXSAVE_BYTES);
        break;
    case X87_FXRSTOR:
        if (!mem_read(&m, 0, buf, FXSAVE_BYTES)) {
            return;
        }
        if (!mxcsr_valid((uint32_t)le(buf + 24, 4))) {
            x86_raise(cpu, EXCP_GP, true, 0);
            return;
        }
        fxrstor_x87(cpu, buf, rex_w);
        cpu->mxcsr = (uint32_t)le(buf + 24, 4);
        fxrstor_sse(cpu, buf, desc);
        break;
    case X87_XSAVE:
    case X87_XSAVEOPT:
        xsave(cpu, &m, desc);
        break;
    case X87_XRSTOR:
        xrstor(cpu, &m, desc);
        break;
    default:
        x86_raise(cpu, EXCP_UD, false, 0);
        break;
    }
}

void helper_x87_xgetbv(void *env)
{
    X86CPU *cpu = env;
    if (!(cpu->cr[4] & CR4_OSXSAVE)) {
        x86_raise(cpu, EXCP_UD, false, 0);
        return;
    }
    if ((uint32_t)cpu->regs[R_ECX] != 0) {
        x86_raise(cpu, EXCP_GP, true, 0);
        return;
    }
    cpu->regs[R_EAX] = (uint32_t)cpu->xcr0;
    cpu->regs[R_EDX] = cpu->xcr0 >> 32;
}

void helper_x87_xsetbv(void *env)
{
    X86CPU *cpu = env;
    uint64_t v = (cpu->regs[R_EDX] << 32) | (uint32_t)cpu->regs[R_EAX];
    if (!(cpu->cr[4] & CR4_OSXSAVE)) {
        x86_raise(cpu, EXCP_UD, false, 0);
        return;
    }
    if (x86_cpl(cpu) != 0 || (uint32_t)cpu->regs[R_ECX] != 0 || !(v & XCR0_X87) ||
        (v & ~(uint64_t)XCR0_SUPPORTED)) {
        x86_raise(cpu, EXCP_GP, true, 0);
        return;
    }
    cpu->xcr0 = v;
}
