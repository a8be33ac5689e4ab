/*
 * The lazy arithmetic flags: deriving CF PF AF ZF SF OF from cc_op and the
 * values the last flag-setting instruction left (see X86CCOp in cpu.h).
 */
#include "target-x86/cpu.h"
#include "target-x86/helper.h"

static uint64_t size_mask(int size) { return size == 3 ? ~0ull : (1ull << (8 << size)) - 1; }

static uint64_t sign_bit(int size) { return 1ull << ((8 << size) - 1); }

static uint32_t parity_flag(uint64_t v)
{
    return __builtin_parity((unsigned)(v & 0xff)) ? 0 : CC_P;
}

/* PF, ZF and SF of a result. */
static uint32_t result_flags(uint64_t dst, int size)
{
    uint32_t f = parity_flag(dst);
    f |= (dst & size_mask(size)) == 0 ? CC_Z : 0;
    f |= (dst & sign_bit(size)) ? CC_S : 0;
    return f;
}

/* AF of res = a + b or res = a - b: the carry or borrow out of bit 3. */
static uint32_t adjust_flag(uint64_t a, uint64_t b, uint64_t res)
{
    return ((a ^ b ^ res) & 0x10) ? CC_A : 0;
}

static uint32_t add_flags(uint64_t a, uint64_t b, uint64_t res, bool carry, int size)
{
    uint32_t f = result_flags(res, size) | adjust_flag(a, b, res);
    f |= carry ? CC_C : 0;
    f |= ((~(a ^ b) & (a ^ res)) & sign_bit(size)) ? CC_O : 0;
    return f;
}

static uint32_t sub_flags(uint64_t a, uint64_t b, uint64_t res, bool borrow, int size)
{
    uint32_t f = result_flags(res, size) | adjust_flag(a, b, res);
    f |= borrow ? CC_C : 0;
    f |= (((a ^ b) & (a ^ res)) & sign_bit(size)) ? CC_O : 0;
    return f;
}

uint32_t x86_cc_compute(uint64_t cc_op, uint64_t dst, uint64_t src, uint64_t src2)
{
    int size = (int)(cc_op & 3);
    uint64_t m = size_mask(size);
    uint64_t a;

    dst &= m;
    switch ((X86CCKind)(cc_op >> 2)) {
    case CC_KIND_EFLAGS:
        return (uint32_t)src & CC_ARITH;
    case CC_KIND_ADD:
        src &= m;
        a = (dst - src) & m;
        return add_flags(a, src, dst, dst < src, size);
    case CC_KIND_ADC:
        src &= m;
        a = (dst - src - src2) & m;
        return add_flags(a, src, dst, src2 ? dst <= src : dst < src, size);
    case CC_KIND_SUB:
        src &= m;
        a = (dst + src) & m;
        return sub_flags(a, src, dst, a < src, size);
    case CC_KIND_SBB:
        src &= m;
        a = (dst + src + src2) & m;
        return sub_flags(a, src, dst, src2 ? a <= src : a < src, size);
    case CC_KIND_LOGIC:
        return result_flags(dst, size);
    case CC_KIND_INC:
        return result_flags(dst, size) | (src2 ? CC_C : 0) | ((dst & 0xf) == 0 ? CC_A : 0) |
               (dst == sign_bit(size) ? CC_O : 0);
    case CC_KIND_DEC:
        return result_flags(dst, size) | (src2 ? CC_C : 0) | ((dst & 0xf) == 0xf ? CC_A : 0) |
               (dst == sign_bit(size) - 1 ? CC_O : 0);
    case CC_KIND_SHL: {
        uint32_t cf = (src & sign_bit(size)) ? CC_C : 0;
        uint32_t of = ((cf != 0) != ((dst & sign_bit(size)) != 0)) ? CC_O : 0;
        return result_flags(dst, size) | cf | of;
    }
    case CC_KIND_SAR:
        return result_flags(dst, size) | ((src & 1) ? CC_C : 0) |
               (((src ^ dst) & sign_bit(size)) ? CC_O : 0);
    case CC_KIND_MUL:
        return result_flags(dst, size) | (src ? CC_C | CC_O : 0);
    default:
        return 0;
    }
}

uint64_t helper_x86_cc_compute_all(uint64_t cc_op, uint64_t dst, uint64_t src, uint64_t src2)
{
    return x86_cc_compute(cc_op, dst, src, src2);
}

uint32_t x86_eflags_read(const X86CPU *cpu)
{
    return (uint32_t)cpu->eflags |
           x86_cc_compute(cpu->cc_op, cpu->cc_dst, cpu->cc_src, cpu->cc_src2);
}

void x86_eflags_write(X86CPU *cpu, uint32_t val, uint32_t mask)
{
    uint32_t old = x86_eflags_read(cpu);
    uint32_t v = (old & ~mask) | (val & mask);
    cpu->cc_op = CC_OP_EFLAGS;
    cpu->cc_src = v & CC_ARITH;
    cpu->eflags = (v & ~CC_ARITH) | EF_FIXED1;
}
