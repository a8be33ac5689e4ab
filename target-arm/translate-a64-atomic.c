/*
 * A64 LSE atomics (FEAT_LSE: LD<op>, SWP, CAS, CASP and their ST<op>
 * aliases) and RCpc loads (FEAT_LRCPC: LDAPR): decode table and translation.
 *
 * Atomicity: one vCPU thread runs at a time and no block is interrupted
 * between its ops, so a load, a computation and a store in sequence are a
 * single atomic read-modify-write for every other vCPU and device.
 *
 * Faults: each instruction makes all its memory accesses before it writes
 * a register, so a fault (which leaves the block with the registers as they
 * are) lets the instruction restart cleanly.  The load comes first, so a
 * fault a read would take too reports WnR = 0 and one only the write takes
 * WnR = 1, as the Arm ARM asks of atomics (QEMU reports 1 for both).  The
 * store always happens, even for a CAS whose comparison fails (it writes
 * back what it read), so that, as in QEMU, such a CAS to a read-only page
 * faults as a write.
 *
 * Alignment: without FEAT_LSE2 these accesses must be naturally aligned (a
 * CASP to its total size), whatever SCTLR_ELx.A says.
 *
 * Ordering: acquire (A, L) is a barrier after the access, release (R, o0) one
 * before it; a full barrier each time, as LDAR/STLR do.
 */
#include "target-arm/cpu-features.h"
#include "target-arm/helper-sys.h"
#include "target-arm/translate-a64.h"

/* The MemOp of an atomic access of 2^size bytes. */
static MemOp atomic_memop(int size) { return (MemOp)size | MO_ALIGN | MO_ATOMIC; }

static void gen_release(bool release)
{
    if (release) {
        tcg_gen_mb(0);
    }
}

static void gen_acquire(bool acquire)
{
    if (acquire) {
        tcg_gen_mb(0);
    }
}

/* A fresh temp: the low 2^size bytes of v, sign- or zero-extended. */
static TCGv_i64 gen_extend(TCGv_i64 v, int size, bool is_signed)
{
    TCGv_i64 t = tcg_temp_new_i64();

    if (size == 3) {
        tcg_gen_mov_i64(t, v);
    } else if (is_signed) {
        tcg_gen_sextract_i64(t, v, 0, 8 << size);
    } else {
        tcg_gen_extract_i64(t, v, 0, 8 << size);
    }
    return t;
}

/* Write the low 2^size bytes of v, zero-extended, to register n (31: discarded). */
static void write_sized_reg(DisasContext *s, int n, TCGv_i64 v, int size)
{
    write_cpu_reg(s, n, gen_extend(v, size, false), true);
}

/* ------------------------------------------------ LD<op>, SWP */

/* opc of the LD<op> instructions (o3 = 0), and SWP. */
typedef enum AtomicOp {
    ATOMIC_ADD,
    ATOMIC_CLR,
    ATOMIC_EOR,
    ATOMIC_SET,
    ATOMIC_SMAX,
    ATOMIC_SMIN,
    ATOMIC_UMAX,
    ATOMIC_UMIN,
    ATOMIC_SWP,
} AtomicOp;

/* The signed comparisons see both operands sign-extended from the access size. */
static bool atomic_op_is_signed(AtomicOp op) { return op == ATOMIC_SMAX || op == ATOMIC_SMIN; }

/* newval = op(old, operand); for min/max both are extended alike from the access size. */
static void gen_atomic_compute(AtomicOp op, TCGv_i64 newval, TCGv_i64 old, TCGv_i64 operand)
{
    static const TCGCond keep_old_if[] = {
        [ATOMIC_SMAX] = TCG_COND_GT,
        [ATOMIC_SMIN] = TCG_COND_LT,
        [ATOMIC_UMAX] = TCG_COND_GTU,
        [ATOMIC_UMIN] = TCG_COND_LTU,
    };

    switch (op) {
    case ATOMIC_ADD:
        tcg_gen_add_i64(newval, old, operand);
        break;
    case ATOMIC_CLR:
        tcg_gen_andc_i64(newval, old, operand);
        break;
    case ATOMIC_EOR:
        tcg_gen_xor_i64(newval, old, operand);
        break;
    case ATOMIC_SET:
        tcg_gen_or_i64(newval, old, operand);
        break;
    case ATOMIC_SWP:
        tcg_gen_mov_i64(newval, operand);
        break;
    default:
        tcg_gen_movcond_i64(keep_old_if[op], newval, old, operand, old, operand);
        break;
    }
}

static bool do_atomic_op(DisasContext *s, const A64Args *a, AtomicOp op)
{
    bool is_signed = atomic_op_is_signed(op);
    TCGv_i64 addr = tcg_temp_new_i64();
    TCGv_i64 operand;
    TCGv_i64 old = tcg_temp_new_i64();
    TCGv_i64 newval = tcg_temp_new_i64();

    if (!arm_has_lse(s->cpu)) {
        return false;
    }
    tcg_gen_mov_i64(addr, cpu_reg_sp(s, a->rn));
    operand = gen_extend(cpu_reg(s, a->rs), a->size, is_signed);
    gen_release(a->R);
    tcg_gen_qemu_ld_i64(old, addr, s->mmu_idx,
                        atomic_memop(a->size) | (is_signed ? MO_SIGN : 0));
    gen_atomic_compute(op, newval, old, operand);
    tcg_gen_qemu_st_i64(newval, addr, s->mmu_idx, atomic_memop(a->size));
    gen_acquire(a->A);
    write_sized_reg(s, a->rt, old, a->size);
    return true;
}

static bool trans_LDOP(DisasContext *s, const A64Args *a)
{
    return do_atomic_op(s, a, (AtomicOp)a->opc);
}

static bool trans_SWP(DisasContext *s, const A64Args *a)
{
    return do_atomic_op(s, a, ATOMIC_SWP);
}

/* ------------------------------------------------ CAS, CASP */

/*
 * CAS: if memory holds Rs (its low 2^size bytes), store Rt; Rs receives
 * what memory held.  L is acquire, o0 release.
 */
static bool trans_CAS(DisasContext *s, const A64Args *a)
{
    TCGv_i64 addr = tcg_temp_new_i64();
    TCGv_i64 expected;
    TCGv_i64 old = tcg_temp_new_i64();
    TCGv_i64 newval = tcg_temp_new_i64();

    if (!arm_has_lse(s->cpu)) {
        return false;
    }
    tcg_gen_mov_i64(addr, cpu_reg_sp(s, a->rn));
    expected = gen_extend(cpu_reg(s, a->rs), a->size, false);
    gen_release(a->o0);
    tcg_gen_qemu_ld_i64(old, addr, s->mmu_idx, atomic_memop(a->size));
    tcg_gen_movcond_i64(TCG_COND_EQ, newval, old, expected, cpu_reg(s, a->rt), old);
    tcg_gen_qemu_st_i64(newval, addr, s->mmu_idx, atomic_memop(a->size));
    gen_acquire(a->L);
    write_cpu_reg(s, a->rs, old, true);
    return true;
}

/* CASP of two words: one 64-bit access, the first register in its low half. */
static void gen_casp_w(DisasContext *s, const A64Args *a, TCGv_i64 addr)
{
    TCGv_i64 expected = tcg_temp_new_i64();
    TCGv_i64 desired = tcg_temp_new_i64();
    TCGv_i64 old = tcg_temp_new_i64();
    TCGv_i64 newval = tcg_temp_new_i64();
    TCGv_i64 old_hi = tcg_temp_new_i64();

    tcg_gen_deposit_i64(expected, cpu_reg(s, a->rs), cpu_reg(s, a->rs + 1), 32, 32);
    tcg_gen_deposit_i64(desired, cpu_reg(s, a->rt), cpu_reg(s, a->rt + 1), 32, 32);
    tcg_gen_qemu_ld_i64(old, addr, s->mmu_idx, atomic_memop(3));
    tcg_gen_movcond_i64(TCG_COND_EQ, newval, old, expected, desired, old);
    tcg_gen_qemu_st_i64(newval, addr, s->mmu_idx, atomic_memop(3));
    gen_acquire(a->L);
    tcg_gen_shri_i64(old_hi, old, 32);
    write_cpu_reg(s, a->rs, old, false);
    write_cpu_reg(s, a->rs + 1, old_hi, false);
}

/* CASP of two doublewords: 16-byte aligned, compared and stored as a whole. */
static void gen_casp_x(DisasContext *s, const A64Args *a, TCGv_i64 addr)
{
    TCGv_i64 addr_hi = tcg_temp_new_i64();
    TCGv_i64 old_lo = tcg_temp_new_i64();
    TCGv_i64 old_hi = tcg_temp_new_i64();
    TCGv_i64 ne_lo = tcg_temp_new_i64();
    TCGv_i64 ne_hi = tcg_temp_new_i64();
    TCGv_i64 new_lo = tcg_temp_new_i64();
    TCGv_i64 new_hi = tcg_temp_new_i64();
    TCGv_i64 zero = tcg_constant_i64(0);

    /* MemOp alignment stops at 8 bytes: the helper checks all 16. */
    gen_helper_check_align(tcg_env, addr, tcg_constant_i32(16));
    tcg_gen_addi_i64(addr_hi, addr, 8);
    tcg_gen_qemu_ld_i64(old_lo, addr, s->mmu_idx, MO_64);
    tcg_gen_qemu_ld_i64(old_hi, addr_hi, s->mmu_idx, MO_64);
    tcg_gen_xor_i64(ne_lo, old_lo, cpu_reg(s, a->rs));
    tcg_gen_xor_i64(ne_hi, old_hi, cpu_reg(s, a->rs + 1));
    tcg_gen_or_i64(ne_lo, ne_lo, ne_hi);
    tcg_gen_movcond_i64(TCG_COND_EQ, new_lo, ne_lo, zero, cpu_reg(s, a->rt), old_lo);
    tcg_gen_movcond_i64(TCG_COND_EQ, new_hi, ne_lo, zero, cpu_reg(s, a->rt + 1), old_hi);
    tcg_gen_qemu_st_i64(new_lo, addr, s->mmu_idx, MO_64);
    tcg_gen_qemu_st_i64(new_hi, addr_hi, s->mmu_idx, MO_64);
    gen_acquire(a->L);
    write_cpu_reg(s, a->rs, old_lo, true);
    write_cpu_reg(s, a->rs + 1, old_hi, true);
}

/* CASP: register pairs (Rs, Rs+1) and (Rt, Rt+1); an odd register is UNDEFINED. */
static bool trans_CASP(DisasContext *s, const A64Args *a)
{
    TCGv_i64 addr = tcg_temp_new_i64();

    if (!arm_has_lse(s->cpu) || (a->rs & 1) || (a->rt & 1)) {
        return false;
    }
    tcg_gen_mov_i64(addr, cpu_reg_sp(s, a->rn));
    gen_release(a->o0);
    if (a->sf) {
        gen_casp_x(s, a, addr);
    } else {
        gen_casp_w(s, a, addr);
    }
    return true;
}

/* ------------------------------------------------ LDAPR */

/*
 * An ordered access, so natural alignment is enforced as for LDAR (QEMU 7.2
 * does not check it for LDAPR: an unaligned LDAPR is where the two differ).
 */

static bool trans_LDAPR(DisasContext *s, const A64Args *a)
{
    TCGv_i64 val = tcg_temp_new_i64();

    if (!arm_has_rcpc(s->cpu)) {
        return false;
    }
    tcg_gen_qemu_ld_i64(val, cpu_reg_sp(s, a->rn), s->mmu_idx, atomic_memop(a->size));
    gen_acquire(true);
    write_cpu_reg(s, a->rt, val, true);
    return true;
}

const A64Pattern a64_atomic_patterns[] = {
    /* Atomic memory operations: LDAPR is the o3:opc = 1100 slot with A = 1, R = 0, Rs = 31. */
    {"LDAPR", "size:2 111 0 00 1 0 1 11111 1 100 00 rn:5 rt:5", trans_LDAPR},
    {"LDADD ... LDUMIN", "size:2 111 0 00 A:1 R:1 1 rs:5 0 opc:3 00 rn:5 rt:5", trans_LDOP},
    {"SWP", "size:2 111 0 00 A:1 R:1 1 rs:5 1 000 00 rn:5 rt:5", trans_SWP},
    /* Compare and swap: the Rt2 field is all ones. */
    {"CASP", "0 sf:1 001000 0 L:1 1 rs:5 o0:1 11111 rn:5 rt:5", trans_CASP},
    {"CAS", "size:2 001000 1 L:1 1 rs:5 o0:1 11111 rn:5 rt:5", trans_CAS},
    {NULL, NULL, NULL},
};
