/*
 * Segmentation and control transfers between privilege levels: segment
 * register loads, far JMP/CALL/RET, IRET, LLDT/LTR, SYSCALL/SYSRET and
 * exception/interrupt delivery (real mode IVT, protected-mode and long-mode
 * IDT).
 *
 * Descriptor-table and stack accesses use supervisor (kernel) MMU
 * accesses; a fault there is recorded by tlb_fill like any other and the
 * helper returns, leaving the instruction undone.
 */
#include "exec/cputlb.h"
#include "sysemu/runstate.h"
#include "target-x86/cpu.h"
#include "target-x86/helper.h"
#include "util/log.h"

/* ================================================================ segment caches */

void x86_update_hflags(X86CPU *cpu)
{
    if (!(cpu->cr[0] & CR0_PE)) {
        cpu->hflags_cpl = 0;
    } else if (cpu->eflags & EF_VM) {
        cpu->hflags_cpl = 3;
    } else {
        cpu->hflags_cpl = (int)((cpu->segs[R_CS].flags >> DESC_DPL_SHIFT) & 3);
    }
}

void x86_load_seg_cache(X86CPU *cpu, int seg, uint32_t selector, uint64_t base, uint32_t limit,
                        uint32_t flags)
{
    SegmentCache *sc = &cpu->segs[seg];
    sc->selector = selector;
    sc->base = base;
    sc->limit = limit;
    sc->flags = flags;
    if (seg == R_CS) {
        x86_update_hflags(cpu);
    }
}

static uint64_t desc_base(uint32_t lo, uint32_t hi)
{
    return (lo >> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000u);
}

static uint32_t desc_limit(uint32_t lo, uint32_t hi)
{
    uint32_t limit = (lo & 0xffff) | (hi & 0x000f0000u);
    return (hi & DESC_G) ? (limit << 12) | 0xfff : limit;
}

static bool kld(X86CPU *cpu, uint64_t addr, MemOp op, uint64_t *v)
{
    return cpu_ld(&cpu->parent, addr, op, X86_MMU_IDX_KERNEL, v);
}

static bool kst(X86CPU *cpu, uint64_t addr, MemOp op, uint64_t v)
{
    return cpu_st(&cpu->parent, addr, op, X86_MMU_IDX_KERNEL, v);
}

/* Read the 8-byte descriptor of selector; #GP(selector) if outside its table. */
static bool read_descriptor(X86CPU *cpu, uint32_t selector, uint32_t *lo, uint32_t *hi)
{
    const SegmentCache *table = (selector & 4) ? &cpu->ldt : &cpu->gdt;
    uint32_t index = selector & ~7u;
    uint64_t v;
    if (index + 7 > table->limit) {
        x86_raise(cpu, EXCP_GP, true, selector & 0xfffc);
        return false;
    }
    if (!kld(cpu, table->base + index, MO_64, &v)) {
        return false;
    }
    *lo = (uint32_t)v;
    *hi = (uint32_t)(v >> 32);
    return true;
}

static void set_accessed(X86CPU *cpu, uint32_t selector, uint32_t hi)
{
    const SegmentCache *table = (selector & 4) ? &cpu->ldt : &cpu->gdt;
    if (!(hi & DESC_A)) {
        kst(cpu, table->base + (selector & ~7u) + 4, MO_32, hi | DESC_A);
    }
}

static int dpl_of(uint32_t hi) { return (int)((hi >> DESC_DPL_SHIFT) & 3); }

/* A protected-mode load of DS ES FS GS SS with the SDM's checks. */
static void load_seg_protected(X86CPU *cpu, int seg, uint32_t selector)
{
    int cpl = x86_cpl(cpu), rpl = (int)(selector & 3);
    uint32_t lo, hi;

    if ((selector & 0xfffc) == 0) {
        if (seg == R_SS && (cpl == 3 || !(cpu->efer & EFER_LMA))) {
            x86_raise(cpu, EXCP_GP, true, 0);
            return;
        }
        /* A null selector: unusable, base kept zero. */
        x86_load_seg_cache(cpu, seg, selector, 0, 0, 0);
        return;
    }
    if (!read_descriptor(cpu, selector, &lo, &hi)) {
        return;
    }
    if (seg == R_SS) {
        bool writable_data = (hi & DESC_S) && !(hi & DESC_CODE) && (hi & DESC_RW);
        if (rpl != cpl || dpl_of(hi) != cpl || !writable_data) {
            x86_raise(cpu, EXCP_GP, true, selector & 0xfffc);
            return;
        }
        if (!(hi & DESC_P)) {
            x86_raise(cpu, EXCP_SS, true, selector & 0xfffc);
            return;
        }
    } else {
        bool readable = (hi & DESC_S) && (!(hi & DESC_CODE) || (hi & DESC_RW));
        bool conforming = (hi & DESC_CODE) && (hi & DESC_CONF);
        if (!readable || (!conforming && (dpl_of(hi) < cpl || dpl_of(hi) < rpl))) {
            x86_raise(cpu, EXCP_GP, true, selector & 0xfffc);
            return;
        }
        if (!(hi & DESC_P)) {
            x86_raise(cpu, EXCP_NP, true, selector & 0xfffc);
            return;
        }
    }
    set_accessed(cpu, selector, hi);
    x86_load_seg_cache(cpu, seg, selector, desc_base(lo, hi), desc_limit(lo, hi), hi);
}

void helper_x86_load_seg(void *env, uint32_t seg, uint32_t selector)
{
    X86CPU *cpu = env;
    selector &= 0xffff;
    if (!(cpu->cr[0] & CR0_PE) || (cpu->eflags & EF_VM)) {
        x86_load_seg_cache(cpu, (int)seg, selector, (uint64_t)selector << 4, 0xffff,
                           cpu->segs[seg].flags);
        return;
    }
    load_seg_protected(cpu, (int)seg, selector);
}

/* ================================================================ code segments */

/*
 * Load CS for a far JMP/CALL/RET/IRET to selector at privilege level cpl,
 * after checking that it is a present code segment this transfer may use.
 */
static bool load_code_segment(X86CPU *cpu, uint32_t selector, int new_cpl, bool is_return)
{
    uint32_t lo, hi;
    int cpl = x86_cpl(cpu);
    if ((selector & 0xfffc) == 0) {
        x86_raise(cpu, EXCP_GP, true, 0);
        return false;
    }
    if (!read_descriptor(cpu, selector, &lo, &hi)) {
        return false;
    }
    if (!(hi & DESC_S) || !(hi & DESC_CODE)) {
        x86_raise(cpu, EXCP_GP, true, selector & 0xfffc);
        return false;
    }
    if (hi & DESC_CONF) {
        if (dpl_of(hi) > (is_return ? new_cpl : cpl)) {
            x86_raise(cpu, EXCP_GP, true, selector & 0xfffc);
            return false;
        }
    } else if (dpl_of(hi) != new_cpl) {
        x86_raise(cpu, EXCP_GP, true, selector & 0xfffc);
        return false;
    }
    if (!(hi & DESC_P)) {
        x86_raise(cpu, EXCP_NP, true, selector & 0xfffc);
        return false;
    }
    set_accessed(cpu, selector, hi);
    hi = (hi & ~(3u << DESC_DPL_SHIFT)) | ((uint32_t)new_cpl << DESC_DPL_SHIFT);
    x86_load_seg_cache(cpu, R_CS, (selector & 0xfffc) | (uint32_t)new_cpl, desc_base(lo, hi),
                       desc_limit(lo, hi), hi);
    return true;
}

static void load_real_cs(X86CPU *cpu, uint32_t selector)
{
    x86_load_seg_cache(cpu, R_CS, selector & 0xffff, (uint64_t)(selector & 0xffff) << 4, 0xffff,
                       cpu->segs[R_CS].flags);
}

static bool real_or_vm86(const X86CPU *cpu)
{
    return !(cpu->cr[0] & CR0_PE) || (cpu->eflags & EF_VM);
}

static bool through_call_gate(X86CPU *cpu, uint32_t selector, bool is_call, uint64_t next_eip);

/* A system descriptor as a far JMP/CALL target: a call gate (task gates and TSSs: #GP). */
static bool is_call_gate(X86CPU *cpu, uint32_t selector)
{
    const SegmentCache *table = (selector & 4) ? &cpu->ldt : &cpu->gdt;
    uint64_t v;
    uint32_t type;
    if ((selector & 0xfffc) == 0 || real_or_vm86(cpu)) {
        return false;
    }
    if ((selector | 7) > table->limit || !kld(cpu, table->base + (selector & ~7u), MO_64, &v)) {
        /* Not a gate we can read: the code-segment path reports the fault. */
        cpu->parent.tcg.exception_index = -1;
        return false;
    }
    type = (uint32_t)(v >> (32 + DESC_TYPE_SHIFT)) & 0x1f;
    return type == 0x0c || (type == 0x04 && !(cpu->efer & EFER_LMA));
}

void helper_x86_ljmp(void *env, uint32_t selector, uint64_t offset, uint64_t next_eip)
{
    X86CPU *cpu = env;
    if (real_or_vm86(cpu)) {
        load_real_cs(cpu, selector);
    } else if (is_call_gate(cpu, selector)) {
        through_call_gate(cpu, selector, false, next_eip);
        return;
    } else if (!load_code_segment(cpu, selector, x86_cpl(cpu), false)) {
        return; /* task switches are not implemented: #GP there */
    }
    cpu->eip = offset;
}

/* ================================================================ stack access for helpers */

typedef struct StackPtr {
    uint64_t base, sp, mask;
} StackPtr;

static StackPtr current_stack(X86CPU *cpu)
{
    bool code64 = (cpu->efer & EFER_LMA) && (cpu->segs[R_CS].flags & DESC_L);
    StackPtr st = {.base = code64 ? 0 : cpu->segs[R_SS].base, .sp = cpu->regs[R_ESP]};
    st.mask = code64 ? ~0ull : (cpu->segs[R_SS].flags & DESC_B) ? 0xffffffffull : 0xffff;
    return st;
}

static bool stack_push(X86CPU *cpu, StackPtr *st, int bytes, uint64_t v)
{
    uint64_t sp = (st->sp - (uint64_t)bytes) & st->mask;
    uint64_t addr = st->base + sp;
    if (st->mask != ~0ull) {
        addr &= 0xffffffffull;
    }
    if (!kst(cpu, addr, bytes == 8 ? MO_64 : bytes == 4 ? MO_32 : MO_16, v)) {
        return false;
    }
    st->sp = (st->sp & ~st->mask) | sp;
    return true;
}

static bool stack_pop(X86CPU *cpu, StackPtr *st, int bytes, uint64_t *v)
{
    uint64_t addr = st->base + (st->sp & st->mask);
    if (st->mask != ~0ull) {
        addr &= 0xffffffffull;
    }
    if (!cpu_ld(&cpu->parent, addr,
                bytes == 8   ? MO_64
                : bytes == 4 ? MO_32
                             : MO_16,
                x86_mmu_index(cpu), v)) {
        return false;
    }
    st->sp = (st->sp & ~st->mask) | ((st->sp + (uint64_t)bytes) & st->mask);
    return true;
}

static void write_sp(X86CPU *cpu, const StackPtr *st)
{
    cpu->regs[R_ESP] = st->mask == 0xffffffffull ? (uint32_t)st->sp : st->sp;
    if (st->mask == 0xffff) {
        cpu->regs[R_ESP] = (cpu->regs[R_ESP] & ~0xffffull) | (st->sp & 0xffff);
    }
}

void helper_x86_lcall(void *env, uint32_t selector, uint64_t offset, uint32_t ot,
                      uint64_t next_eip)
{
    X86CPU *cpu = env;
    int bytes = 1 << ot;
    StackPtr st = current_stack(cpu);
    uint32_t old_cs = cpu->segs[R_CS].selector;

    if (is_call_gate(cpu, selector)) {
        through_call_gate(cpu, selector, true, next_eip);
        return;
    }
    if (!stack_push(cpu, &st, bytes, old_cs) || !stack_push(cpu, &st, bytes, next_eip)) {
        return;
    }
    if (real_or_vm86(cpu)) {
        load_real_cs(cpu, selector);
    } else if (!load_code_segment(cpu, selector, x86_cpl(cpu), false)) {
        return;
    }
    write_sp(cpu, &st);
    cpu->eip = offset;
}

/* A far return's target, popped with the old privilege before anything changes. */
typedef struct FarReturn {
    uint64_t eip, cs, sp, ss;
    bool has_ss; /* to an outer level, or a 64-bit IRET: SS:rSP were popped too */
} FarReturn;

static void write_sp_for_ss(X86CPU *cpu, uint64_t sp)
{
    if (cpu->efer & EFER_LMA && (cpu->segs[R_CS].flags & DESC_L)) {
        cpu->regs[R_ESP] = sp;
    } else if (cpu->segs[R_SS].flags & DESC_B) {
        cpu->regs[R_ESP] = (uint32_t)sp;
    } else {
        cpu->regs[R_ESP] = (cpu->regs[R_ESP] & ~0xffffull) | (sp & 0xffff);
    }
}

/* Data segments the new (outer) level may not use become null. */
static void null_inner_segments(X86CPU *cpu, int new_cpl)
{
    static const int segs[] = {R_ES, R_DS, R_FS, R_GS};
    for (size_t i = 0; i < sizeof(segs) / sizeof(segs[0]); i++) {
        const SegmentCache *sc = &cpu->segs[segs[i]];
        bool conforming_code = (sc->flags & DESC_CODE) && (sc->flags & DESC_CONF);
        if (!conforming_code && ((sc->flags >> DESC_DPL_SHIFT) & 3) < (uint32_t)new_cpl) {
            x86_load_seg_cache(cpu, segs[i], 0, 0, 0, 0);
        }
    }
}

/*
 * The protected-mode end of RETF and IRET: load CS, then SS if popped
 * (putting CS back if SS faults, so a fault leaves the state as it was),
 * then rSP and eip.
 */
static bool far_return(X86CPU *cpu, const FarReturn *r, const StackPtr *st)
{
    int cpl = x86_cpl(cpu), rpl = (int)(r->cs & 3);
    SegmentCache old_cs = cpu->segs[R_CS];

    if (rpl < cpl) {
        x86_raise(cpu, EXCP_GP, true, (uint32_t)r->cs & 0xfffc);
        return false;
    }
    if (!load_code_segment(cpu, (uint32_t)r->cs, rpl, true)) {
        return false;
    }
    if (!r->has_ss) {
        write_sp(cpu, st);
    } else {
        if ((r->ss & 0xfffc) == 0 && (cpu->efer & EFER_LMA) && rpl != 3) {
            /* Long mode allows a null SS below ring 3. */
            x86_load_seg_cache(cpu, R_SS, (uint32_t)r->ss, 0, 0xffffffff,
                               DESC_S | DESC_P | DESC_RW | DESC_B |
                                   ((uint32_t)rpl << DESC_DPL_SHIFT));
        } else {
            load_seg_protected(cpu, R_SS, (uint32_t)r->ss);
        }
        if (cpu->parent.tcg.exception_index >= 0) {
            x86_load_seg_cache(cpu, R_CS, old_cs.selector, old_cs.base, old_cs.limit,
                               old_cs.flags);
            return false;
        }
        write_sp_for_ss(cpu, r->sp);
        if (rpl > cpl) {
            null_inner_segments(cpu, rpl);
        }
    }
    cpu->eip = r->eip;
    return true;
}

void helper_x86_lret(void *env, uint32_t ot, uint32_t imm)
{
    X86CPU *cpu = env;
    int bytes = 1 << ot;
    StackPtr st = current_stack(cpu);
    FarReturn r = {0};

    if (!stack_pop(cpu, &st, bytes, &r.eip) || !stack_pop(cpu, &st, bytes, &r.cs)) {
        return;
    }
    st.sp = (st.sp & ~st.mask) | ((st.sp + imm) & st.mask);
    if (real_or_vm86(cpu)) {
        load_real_cs(cpu, (uint32_t)r.cs);
        write_sp(cpu, &st);
        cpu->eip = r.eip;
        return;
    }
    if ((int)(r.cs & 3) > x86_cpl(cpu)) {
        if (!stack_pop(cpu, &st, bytes, &r.sp) || !stack_pop(cpu, &st, bytes, &r.ss)) {
            return;
        }
        r.sp += imm;
        r.has_ss = true;
    }
    far_return(cpu, &r, &st);
}

/* ================================================================ IRET */

/* Segment attributes in virtual-8086 mode: present, writable, DPL 3, 64 KiB. */
#define VM86_SEG_FLAGS (DESC_P | DESC_S | DESC_RW | DESC_A | (3u << DESC_DPL_SHIFT))

/*
 * IRET at CPL 0 to a 32-bit frame with EFLAGS.VM set enters virtual-8086
 * mode: after EIP, CS and EFLAGS come ESP, SS, ES, DS, FS and GS, each
 * loaded as in real mode (base = selector * 16).
 */
static void iret_to_vm86(X86CPU *cpu, StackPtr *st, FarReturn *r, uint32_t fl)
{
    static const int order[4] = {R_ES, R_DS, R_FS, R_GS};
    uint64_t sp, ss, sel[4];
    if (!stack_pop(cpu, st, 4, &sp) || !stack_pop(cpu, st, 4, &ss)) {
        return;
    }
    for (int i = 0; i < 4; i++) {
        if (!stack_pop(cpu, st, 4, &sel[i])) {
            return;
        }
    }
    x86_eflags_write(cpu, fl, ~0u);
    for (int i = 0; i < 4; i++) {
        uint32_t v = (uint32_t)sel[i] & 0xffff;
        x86_load_seg_cache(cpu, order[i], v, (uint64_t)v << 4, 0xffff, VM86_SEG_FLAGS);
    }
    ss &= 0xffff;
    x86_load_seg_cache(cpu, R_SS, (uint32_t)ss, ss << 4, 0xffff, VM86_SEG_FLAGS);
    r->cs &= 0xffff;
    x86_load_seg_cache(cpu, R_CS, (uint32_t)r->cs, r->cs << 4, 0xffff,
                       VM86_SEG_FLAGS | DESC_CODE);
    cpu->regs[R_ESP] = (uint32_t)sp;
    cpu->eip = r->eip & 0xffff;
}

void helper_x86_iret(void *env, uint32_t ot)
{
    X86CPU *cpu = env;
    int bytes = 1 << ot, cpl = x86_cpl(cpu);
    StackPtr st = current_stack(cpu);
    FarReturn r = {0};
    uint64_t fl;
    uint32_t mask = CC_ARITH | EF_TF | EF_DF | EF_NT | EF_AC | EF_ID | EF_RF;

    if (!stack_pop(cpu, &st, bytes, &r.eip) || !stack_pop(cpu, &st, bytes, &r.cs) ||
        !stack_pop(cpu, &st, bytes, &fl)) {
        return;
    }
    if (real_or_vm86(cpu)) {
        mask |= EF_IF | ((cpu->eflags & EF_VM) ? 0 : EF_IOPL);
        load_real_cs(cpu, (uint32_t)r.cs);
        write_sp(cpu, &st);
        cpu->eip = r.eip;
        x86_eflags_write(cpu, (uint32_t)fl, bytes == 2 ? (mask & 0xffff) : mask);
        return;
    }
    if (cpu->eflags & EF_NT) {
        log_mask_printf(LOG_UNIMP, "x86: IRET with NT (task return) is not implemented\n");
        x86_raise(cpu, EXCP_GP, true, 0);
        return;
    }
    if ((fl & EF_VM) && cpl == 0 && ot == MO_32 && !(cpu->efer & EFER_LMA)) {
        iret_to_vm86(cpu, &st, &r, (uint32_t)fl);
        return;
    }
    if (((cpu->efer & EFER_LMA) && ot == MO_64) || (int)(r.cs & 3) > cpl) {
        if (!stack_pop(cpu, &st, bytes, &r.sp) || !stack_pop(cpu, &st, bytes, &r.ss)) {
            return;
        }
        r.has_ss = true;
    }
    if (cpl == 0) {
        mask |= EF_IOPL;
    }
    if (cpl <= (int)((cpu->eflags & EF_IOPL) >> 12)) {
        mask |= EF_IF;
    }
    if (far_return(cpu, &r, &st)) {
        x86_eflags_write(cpu, (uint32_t)fl, bytes == 2 ? (mask & 0xffff) : mask);
    }
}

/* ================================================================ LDT, TR */

void helper_x86_lldt(void *env, uint32_t selector)
{
    X86CPU *cpu = env;
    uint32_t lo, hi;
    uint64_t base;
    if ((selector & 0xfffc) == 0) {
        cpu->ldt = (SegmentCache){0};
        return;
    }
    if (selector & 4) {
        x86_raise(cpu, EXCP_GP, true, selector & 0xfffc);
        return;
    }
    if (!read_descriptor(cpu, selector, &lo, &hi)) {
        return;
    }
    if ((hi & DESC_S) || ((hi >> DESC_TYPE_SHIFT) & 0xf) != 2) {
        x86_raise(cpu, EXCP_GP, true, selector & 0xfffc);
        return;
    }
    if (!(hi & DESC_P)) {
        x86_raise(cpu, EXCP_NP, true, selector & 0xfffc);
        return;
    }
    base = desc_base(lo, hi);
    if (cpu->efer & EFER_LMA) {
        uint64_t upper;
        if (!kld(cpu, cpu->gdt.base + (selector & ~7u) + 8, MO_32, &upper)) {
            return;
        }
        base |= upper << 32;
    }
    cpu->ldt = (SegmentCache){selector, base, desc_limit(lo, hi), hi};
}

void helper_x86_ltr(void *env, uint32_t selector)
{
    X86CPU *cpu = env;
    uint32_t lo, hi, type;
    uint64_t base;
    if ((selector & 0xfffc) == 0 || (selector & 4)) {
        x86_raise(cpu, EXCP_GP, true, selector & 0xfffc);
        return;
    }
    if (!read_descriptor(cpu, selector, &lo, &hi)) {
        return;
    }
    type = (hi >> DESC_TYPE_SHIFT) & 0xf;
    if ((hi & DESC_S) || (type != 1 && type != 9)) {
        x86_raise(cpu, EXCP_GP, true, selector & 0xfffc);
        return;
    }
    if (!(hi & DESC_P)) {
        x86_raise(cpu, EXCP_NP, true, selector & 0xfffc);
        return;
    }
    base = desc_base(lo, hi);
    if (cpu->efer & EFER_LMA) {
        uint64_t upper;
        if (!kld(cpu, cpu->gdt.base + (selector & ~7u) + 8, MO_32, &upper)) {
            return;
        }
        base |= upper << 32;
    }
    /* Mark it busy. */
    kst(cpu, cpu->gdt.base + (selector & ~7u) + 4, MO_32, hi | (2u << DESC_TYPE_SHIFT));
    cpu->tr = (SegmentCache){selector, base, desc_limit(lo, hi), hi | (2u << DESC_TYPE_SHIFT)};
}

/* ================================================================ LAR LSL VERR VERW */

enum { QUERY_LAR, QUERY_LSL, QUERY_VERR, QUERY_VERW };

/* System descriptor types LAR (and, with a limit, LSL) accept in this mode. */
static bool system_type_ok(const X86CPU *cpu, uint32_t type, int query)
{
    bool lm = cpu->efer & EFER_LMA;
    bool has_limit = type == 2 || type == 9 || type == 11 || (!lm && (type == 1 || type == 3));
    bool gate = type == 12 || (!lm && (type == 4 || type == 5));
    return query == QUERY_LSL ? has_limit : (has_limit || gate);
}

uint64_t helper_x86_desc_query(void *env, uint32_t selector, uint32_t query)
{
    X86CPU *cpu = env;
    const SegmentCache *table = (selector & 4) ? &cpu->ldt : &cpu->gdt;
    uint32_t index = selector & 0xfff8u, lo, hi, type;
    int dpl, cpl = x86_cpl(cpu), rpl = (int)(selector & 3);
    uint64_t v;
    bool ok;

    if ((selector & 0xfffc) == 0 || index + 7 > table->limit) {
        return 0;
    }
    if (!kld(cpu, table->base + index, MO_64, &v)) {
        return 0; /* the fault is recorded */
    }
    lo = (uint32_t)v;
    hi = (uint32_t)(v >> 32);
    type = (hi >> DESC_TYPE_SHIFT) & 0xf;
    dpl = dpl_of(hi);
    if (!(hi & DESC_S)) {
        ok = query <= QUERY_LSL && system_type_ok(cpu, type, (int)query) && dpl >= cpl &&
             dpl >= rpl;
    } else {
        bool code = hi & DESC_CODE, conforming = code && (hi & DESC_CONF);
        ok = conforming || (dpl >= cpl && dpl >= rpl);
        if (query == QUERY_VERR) {
            ok &= !code || (hi & DESC_RW);
        } else if (query == QUERY_VERW) {
            ok &= !code && (hi & DESC_RW);
        }
    }
    if (!ok) {
        return 0;
    }
    v = query == QUERY_LAR ? (hi & 0x00f0ff00u) : query == QUERY_LSL ? desc_limit(lo, hi) : 0;
    return v | 1ull << 32;
}

/* ================================================================ I/O permission */

/* Every bit of ports port..port+size-1 in the TSS I/O bitmap must be clear. */
void helper_x86_check_io(void *env, uint32_t port, uint32_t size)
{
    X86CPU *cpu = env;
    uint32_t type = (cpu->tr.flags >> DESC_TYPE_SHIFT) & 0xf;
    uint64_t base, bits;

    if ((type != 9 && type != 11) || cpu->tr.limit < 0x67 ||
        !kld(cpu, cpu->tr.base + 0x66, MO_16, &base)) {
        if (cpu->parent.tcg.exception_index < 0) {
            x86_raise(cpu, EXCP_GP, true, 0);
        }
        return;
    }
    uint32_t off = (uint32_t)base + (port >> 3);
    if (off + 1 > cpu->tr.limit || !kld(cpu, cpu->tr.base + off, MO_16, &bits)) {
        if (cpu->parent.tcg.exception_index < 0) {
            x86_raise(cpu, EXCP_GP, true, 0);
        }
        return;
    }
    if ((bits >> (port & 7)) & ((1u << size) - 1)) {
        x86_raise(cpu, EXCP_GP, true, 0);
    }
}

/* ================================================================ SYSCALL / SYSRET */

#define FLAT_FLAGS (DESC_S | DESC_P | DESC_G | DESC_A)

void helper_x86_syscall(void *env, uint64_t next_eip)
{
    X86CPU *cpu = env;
    uint32_t sel = (uint32_t)(cpu->star >> 32) & 0xfffc;
    if (!(cpu->efer & EFER_SCE)) {
        x86_raise(cpu, EXCP_UD, false, 0);
        return;
    }
    cpu->regs[R_ECX] = next_eip;
    cpu->regs[11] = x86_eflags_read(cpu) & ~(uint64_t)EF_RF;
    x86_eflags_write(cpu, x86_eflags_read(cpu) & ~(uint32_t)cpu->sfmask & ~(uint32_t)EF_RF,
                     ~0u);
    x86_load_seg_cache(cpu, R_CS, sel, 0, 0xffffffff,
                       FLAT_FLAGS | DESC_CODE | DESC_RW | DESC_L | (11u << DESC_TYPE_SHIFT));
    x86_load_seg_cache(cpu, R_SS, sel + 8, 0, 0xffffffff,
                       FLAT_FLAGS | DESC_B | DESC_RW | (3u << DESC_TYPE_SHIFT));
    cpu->eip = cpu->lstar;
}

void helper_x86_sysret(void *env, uint32_t ot)
{
    X86CPU *cpu = env;
    uint32_t sel = (uint32_t)(cpu->star >> 48);
    uint32_t user = 3u << DESC_DPL_SHIFT;
    if (!(cpu->efer & EFER_SCE)) {
        x86_raise(cpu, EXCP_UD, false, 0);
        return;
    }
    if (ot == MO_64) {
        if (!x86_is_canonical(cpu->regs[R_ECX])) {
            x86_raise(cpu, EXCP_GP, true, 0);
            return;
        }
        x86_load_seg_cache(cpu, R_CS, (sel + 16) | 3, 0, 0xffffffff,
                           FLAT_FLAGS | DESC_CODE | DESC_RW | DESC_L | user);
        cpu->eip = cpu->regs[R_ECX];
    } else {
        x86_load_seg_cache(cpu, R_CS, sel | 3, 0, 0xffffffff,
                           FLAT_FLAGS | DESC_CODE | DESC_RW | DESC_B | user);
        cpu->eip = (uint32_t)cpu->regs[R_ECX];
    }
    x86_load_seg_cache(cpu, R_SS, (sel + 8) | 3, 0, 0xffffffff,
                       FLAT_FLAGS | DESC_B | DESC_RW | user);
    x86_eflags_write(cpu, (uint32_t)cpu->regs[11] | EF_FIXED1, ~(uint32_t)(EF_VM | EF_RF));
}

/* ================================================================ SYSENTER / SYSEXIT */

void helper_x86_sysenter(void *env)
{
    X86CPU *cpu = env;
    uint32_t sel = (uint32_t)cpu->sysenter_cs & 0xfffc;
    bool lm = cpu->efer & EFER_LMA;
    if (!(cpu->cr[0] & CR0_PE) || sel == 0) {
        x86_raise(cpu, EXCP_GP, true, 0);
        return;
    }
    cpu->eflags &= ~(uint64_t)(EF_VM | EF_IF | EF_RF);
    x86_load_seg_cache(cpu, R_CS, sel, 0, 0xffffffff,
                       FLAT_FLAGS | DESC_CODE | DESC_RW | (lm ? DESC_L : DESC_B));
    x86_load_seg_cache(cpu, R_SS, sel + 8, 0, 0xffffffff, FLAT_FLAGS | DESC_B | DESC_RW);
    cpu->regs[R_ESP] = lm ? cpu->sysenter_esp : (uint32_t)cpu->sysenter_esp;
    cpu->eip = lm ? cpu->sysenter_eip : (uint32_t)cpu->sysenter_eip;
}

/* SYSEXIT to ring 3: 32-bit (ot MO_32) or, with REX.W, 64-bit code. */
void helper_x86_sysexit(void *env, uint32_t ot)
{
    X86CPU *cpu = env;
    uint32_t sel = (uint32_t)cpu->sysenter_cs & 0xfffc, user = 3u << DESC_DPL_SHIFT;
    bool to64 = ot == MO_64;
    if (!(cpu->cr[0] & CR0_PE) || sel == 0 || x86_cpl(cpu) != 0) {
        x86_raise(cpu, EXCP_GP, true, 0);
        return;
    }
    x86_load_seg_cache(cpu, R_CS, (sel + (to64 ? 32 : 16)) | 3, 0, 0xffffffff,
                       FLAT_FLAGS | DESC_CODE | DESC_RW | (to64 ? DESC_L : DESC_B) | user);
    x86_load_seg_cache(cpu, R_SS, (sel + (to64 ? 40 : 24)) | 3, 0, 0xffffffff,
                       FLAT_FLAGS | DESC_B | DESC_RW | user);
    cpu->regs[R_ESP] = to64 ? cpu->regs[R_ECX] : (uint32_t)cpu->regs[R_ECX];
    cpu->eip = to64 ? cpu->regs[R_EDX] : (uint32_t)cpu->regs[R_EDX];
}

/* ================================================================ interrupt delivery */

static bool vector_has_error_code(int vector)
{
    return vector == EXCP_DF || vector == EXCP_TS || vector == EXCP_NP || vector == EXCP_SS ||
           vector == EXCP_GP || vector == EXCP_PF || vector == EXCP_AC;
}

static void deliver_real(X86CPU *cpu, int vector, uint64_t ret_eip)
{
    uint64_t ip, cs;
    StackPtr st = current_stack(cpu);
    if ((uint32_t)vector * 4 + 3 > cpu->idt.limit) {
        x86_raise(cpu, EXCP_GP, true, (uint32_t)vector * 8 + 2);
        return;
    }
    if (!kld(cpu, cpu->idt.base + (uint64_t)vector * 4, MO_16, &ip) ||
        !kld(cpu, cpu->idt.base + (uint64_t)vector * 4 + 2, MO_16, &cs)) {
        return;
    }
    if (!stack_push(cpu, &st, 2, x86_eflags_read(cpu)) ||
        !stack_push(cpu, &st, 2, cpu->segs[R_CS].selector) ||
        !stack_push(cpu, &st, 2, ret_eip)) {
        return;
    }
    write_sp(cpu, &st);
    load_real_cs(cpu, (uint32_t)cs);
    cpu->eip = ip;
    cpu->eflags &= ~(uint64_t)(EF_IF | EF_TF | EF_AC | EF_RF);
}

/* The stack for privilege level dpl (or IST slot ist) from the TSS. */
static bool tss_stack(X86CPU *cpu, int dpl, int ist, uint64_t *sp, uint32_t *ss)
{
    uint64_t v;
    if (cpu->efer & EFER_LMA) {
        uint32_t off = ist ? 0x24 + 8 * (uint32_t)(ist - 1) : 4 + 8 * (uint32_t)dpl;
        if (off + 7 > cpu->tr.limit) {
            x86_raise(cpu, EXCP_TS, true, cpu->tr.selector & 0xfffc);
            return false;
        }
        if (!kld(cpu, cpu->tr.base + off, MO_64, &v)) {
            return false;
        }
        *sp = v;
        *ss = (uint32_t)dpl;
        return true;
    }
    uint32_t off = 4 + 8 * (uint32_t)dpl;
    uint64_t s;
    if (off + 5 > cpu->tr.limit) {
        x86_raise(cpu, EXCP_TS, true, cpu->tr.selector & 0xfffc);
        return false;
    }
    if (!kld(cpu, cpu->tr.base + off, MO_32, &v) ||
        !kld(cpu, cpu->tr.base + off + 4, MO_16, &s)) {
        return false;
    }
    *sp = v;
    *ss = (uint32_t)s;
    return true;
}

/* ================================================================ call gates */

/*
 * A far JMP or CALL through a call gate: the gate names the code segment
 * and entry point; a CALL to a more privileged non-conforming segment
 * switches to the TSS stack of that level and copies the gate's parameter
 * count of stack words (legacy gates only).
 */
static bool through_call_gate(X86CPU *cpu, uint32_t selector, bool is_call, uint64_t next_eip)
{
    bool lm = cpu->efer & EFER_LMA;
    const SegmentCache *table = (selector & 4) ? &cpu->ldt : &cpu->gdt;
    uint64_t g0, g1 = 0;
    uint32_t lo, hi, cs_lo, cs_hi, target;
    int cpl = x86_cpl(cpu), rpl = (int)(selector & 3), dpl, target_dpl;

    if (!kld(cpu, table->base + (selector & ~7u), MO_64, &g0) ||
        (lm && !kld(cpu, table->base + (selector & ~7u) + 8, MO_64, &g1))) {
        return false;
    }
    lo = (uint32_t)g0;
    hi = (uint32_t)(g0 >> 32);
    dpl = dpl_of(hi);
    if (dpl < cpl || dpl < rpl) {
        x86_raise(cpu, EXCP_GP, true, selector & 0xfffc);
        return false;
    }
    if (!(hi & DESC_P)) {
        x86_raise(cpu, EXCP_NP, true, selector & 0xfffc);
        return false;
    }
    target = lo >> 16;
    uint64_t offset =
        (lo & 0xffff) | (hi & 0xffff0000u) | (lm ? (g1 & 0xffffffffull) << 32 : 0);
    int bytes = lm ? 8 : (hi & (8u << DESC_TYPE_SHIFT)) ? 4 : 2;
    unsigned params = lm ? 0 : hi & 0x1f;
    if ((target & 0xfffc) == 0) {
        x86_raise(cpu, EXCP_GP, true, 0);
        return false;
    }
    if (!read_descriptor(cpu, target, &cs_lo, &cs_hi)) {
        return false;
    }
    target_dpl = dpl_of(cs_hi);
    if (!(cs_hi & DESC_S) || !(cs_hi & DESC_CODE) || target_dpl > cpl ||
        (!is_call && !(cs_hi & DESC_CONF) && target_dpl != cpl)) {
        x86_raise(cpu, EXCP_GP, true, target & 0xfffc);
        return false;
    }
    if (!(cs_hi & DESC_P)) {
        x86_raise(cpu, EXCP_NP, true, target & 0xfffc);
        return false;
    }
    int new_cpl = (cs_hi & DESC_CONF) ? cpl : target_dpl;
    StackPtr st = current_stack(cpu);
    if (is_call && new_cpl < cpl) {
        StackPtr old = st;
        uint64_t sp, args[32];
        uint32_t ss, old_ss = cpu->segs[R_SS].selector;
        SegmentCache saved_ss = cpu->segs[R_SS];
        for (unsigned i = 0; i < params; i++) {
            StackPtr p = old;
            p.sp += (uint64_t)(params - 1 - i) * (unsigned)bytes;
            if (!stack_pop(cpu, &p, bytes, &args[i])) {
                return false;
            }
        }
        if (!tss_stack(cpu, new_cpl, 0, &sp, &ss)) {
            return false;
        }
        if (lm) {
            x86_load_seg_cache(cpu, R_SS, (uint32_t)new_cpl, 0, 0xffffffff,
                               DESC_S | DESC_P | DESC_RW | DESC_B |
                                   ((uint32_t)new_cpl << DESC_DPL_SHIFT));
            st = (StackPtr){.base = 0, .sp = sp, .mask = ~0ull};
        } else {
            int saved = cpu->hflags_cpl;
            cpu->hflags_cpl = new_cpl;
            load_seg_protected(cpu, R_SS, ss);
            cpu->hflags_cpl = saved;
            if (cpu->parent.tcg.exception_index >= 0) {
                return false;
            }
            st = current_stack(cpu);
            st.sp = sp;
        }
        bool ok = stack_push(cpu, &st, bytes, old_ss) && stack_push(cpu, &st, bytes, old.sp);
        for (unsigned i = 0; ok && i < params; i++) {
            ok = stack_push(cpu, &st, bytes, args[i]);
        }
        if (!ok) {
            cpu->segs[R_SS] = saved_ss;
            return false;
        }
    }
    if (is_call && (!stack_push(cpu, &st, bytes, cpu->segs[R_CS].selector) ||
                    !stack_push(cpu, &st, bytes, next_eip))) {
        return false;
    }
    set_accessed(cpu, target, cs_hi);
    cs_hi = (cs_hi & ~(3u << DESC_DPL_SHIFT)) | ((uint32_t)new_cpl << DESC_DPL_SHIFT);
    x86_load_seg_cache(cpu, R_CS, (target & 0xfffc) | (uint32_t)new_cpl,
                       desc_base(cs_lo, cs_hi), desc_limit(cs_lo, cs_hi), cs_hi);
    if (is_call) {
        write_sp(cpu, &st);
    }
    cpu->eip = offset;
    return true;
}

/*
 * Leaving virtual-8086 mode through an interrupt: GS FS DS ES go on the
 * ring-0 stack (above SS:ESP) and the handler starts with them null.
 */
static bool push_vm86_segments(X86CPU *cpu, StackPtr *st, int bytes)
{
    static const int order[4] = {R_GS, R_FS, R_DS, R_ES};
    for (int i = 0; i < 4; i++) {
        if (!stack_push(cpu, st, bytes, cpu->segs[order[i]].selector)) {
            return false;
        }
    }
    for (int i = 0; i < 4; i++) {
        x86_load_seg_cache(cpu, order[i], 0, 0, 0, 0);
    }
    return true;
}

static void deliver_protected(X86CPU *cpu, int vector, bool soft, bool has_error,
                              uint32_t error, uint64_t ret_eip)
{
    bool lm = cpu->efer & EFER_LMA;
    unsigned entry = lm ? 16 : 8;
    uint64_t g0, g1 = 0, offset;
    uint32_t lo, hi, type, sel, cs_lo, cs_hi;
    int dpl, cpl = x86_cpl(cpu), new_cpl, ist;
    uint32_t idt_err = (uint32_t)vector * 8 + 2 + (soft ? 0 : 1);

    if ((uint32_t)vector * entry + entry - 1 > cpu->idt.limit) {
        x86_raise(cpu, EXCP_GP, true, idt_err);
        return;
    }
    if (!kld(cpu, cpu->idt.base + (uint64_t)vector * entry, MO_64, &g0) ||
        (lm && !kld(cpu, cpu->idt.base + (uint64_t)vector * entry + 8, MO_64, &g1))) {
        return;
    }
    lo = (uint32_t)g0;
    hi = (uint32_t)(g0 >> 32);
    type = (hi >> DESC_TYPE_SHIFT) & 0x1f;
    dpl = dpl_of(hi);
    bool trap = (type & 1) != 0;
    if (!(type == 0x0e || type == 0x0f || (!lm && (type == 0x06 || type == 0x07)))) {
        x86_raise(cpu, EXCP_GP, true, idt_err);
        return;
    }
    if (soft && dpl < cpl) {
        x86_raise(cpu, EXCP_GP, true, idt_err);
        return;
    }
    if (!(hi & DESC_P)) {
        x86_raise(cpu, EXCP_NP, true, idt_err);
        return;
    }
    sel = lo >> 16;
    offset = (lo & 0xffff) | (hi & 0xffff0000u) | (lm ? (g1 & 0xffffffffull) << 32 : 0);
    ist = lm ? (int)(hi & 7) : 0;
    if ((sel & 0xfffc) == 0) {
        x86_raise(cpu, EXCP_GP, true, 0);
        return;
    }
    if (!read_descriptor(cpu, sel, &cs_lo, &cs_hi)) {
        return;
    }
    if (!(cs_hi & DESC_S) || !(cs_hi & DESC_CODE) || dpl_of(cs_hi) > cpl) {
        x86_raise(cpu, EXCP_GP, true, sel & 0xfffc);
        return;
    }
    if (!(cs_hi & DESC_P)) {
        x86_raise(cpu, EXCP_NP, true, sel & 0xfffc);
        return;
    }
    new_cpl = (cs_hi & DESC_CONF) ? cpl : dpl_of(cs_hi);
    bool from_vm86 = cpu->eflags & EF_VM;
    if (from_vm86 && new_cpl != 0) {
        /* Virtual-8086 code may only be interrupted into ring 0. */
        x86_raise(cpu, EXCP_GP, true, sel & 0xfffc);
        return;
    }
    int bytes = lm ? 8 : ((type & 8) ? 4 : 2);
    uint64_t old_ss = cpu->segs[R_SS].selector, old_sp = cpu->regs[R_ESP];
    uint32_t old_fl = x86_eflags_read(cpu);
    uint64_t old_cs = cpu->segs[R_CS].selector;
    StackPtr st = current_stack(cpu);
    bool switch_stack = new_cpl < cpl || ist;

    if (switch_stack) {
        uint64_t sp;
        uint32_t ss;
        if (!tss_stack(cpu, new_cpl, ist, &sp, &ss)) {
            return;
        }
        if (lm) {
            st = (StackPtr){.base = 0, .sp = sp & ~0xfull, .mask = ~0ull};
            if (new_cpl != cpl) {
                x86_load_seg_cache(cpu, R_SS, (uint32_t)new_cpl, 0, 0xffffffff,
                                   DESC_S | DESC_P | DESC_RW | DESC_B |
                                       ((uint32_t)new_cpl << DESC_DPL_SHIFT));
            }
        } else {
            int saved = cpu->hflags_cpl;
            cpu->hflags_cpl = new_cpl;
            load_seg_protected(cpu, R_SS, ss);
            cpu->hflags_cpl = saved;
            if (cpu->parent.tcg.exception_index >= 0) {
                return;
            }
            cpu->regs[R_ESP] = sp;
            st = current_stack(cpu);
        }
    } else if (lm) {
        st.sp &= ~0xfull;
        st.mask = ~0ull;
        st.base = 0;
    }
    if (from_vm86 && !push_vm86_segments(cpu, &st, bytes)) {
        return;
    }
    if (lm || switch_stack) {
        if (!stack_push(cpu, &st, bytes, old_ss) || !stack_push(cpu, &st, bytes, old_sp)) {
            return;
        }
    }
    if (!stack_push(cpu, &st, bytes, old_fl) || !stack_push(cpu, &st, bytes, old_cs) ||
        !stack_push(cpu, &st, bytes, ret_eip) ||
        (has_error && !stack_push(cpu, &st, bytes, error))) {
        return;
    }
    set_accessed(cpu, sel, cs_hi);
    cs_hi = (cs_hi & ~(3u << DESC_DPL_SHIFT)) | ((uint32_t)new_cpl << DESC_DPL_SHIFT);
    x86_load_seg_cache(cpu, R_CS, (sel & 0xfffc) | (uint32_t)new_cpl, desc_base(cs_lo, cs_hi),
                       desc_limit(cs_lo, cs_hi), cs_hi);
    if (lm) {
        cpu->regs[R_ESP] = st.sp;
    } else {
        write_sp(cpu, &st);
    }
    cpu->eip = offset;
    cpu->eflags &= ~(uint64_t)(EF_TF | EF_NT | EF_RF | EF_VM);
    if (!trap) {
        cpu->eflags &= ~(uint64_t)EF_IF;
    }
    x86_update_hflags(cpu);
}

/* Contributory exceptions: a second one while delivering the first is #DF. */
static bool is_contributory(int v) { return v == EXCP_DE || (v >= EXCP_TS && v <= EXCP_GP); }

static bool makes_double_fault(int first, int second)
{
    if (first == EXCP_PF) {
        return second == EXCP_PF || is_contributory(second);
    }
    return is_contributory(first) && is_contributory(second);
}

void x86_cpu_do_interrupt(CPUState *cs)
{
    X86CPU *cpu = x86_cpu(cs);
    int vector = cs->tcg.exception_index;
    bool soft = cpu->exception_is_soft;
    bool has_error = cpu->exception_has_error && vector_has_error_code(vector);
    uint32_t error = cpu->error_code;
    uint64_t ret_eip = (soft || cpu->exception_is_trap) ? cpu->exception_next_eip : cpu->eip;

    for (int tries = 0; tries < 3; tries++) {
        cs->tcg.exception_index = -1;
        cpu->exception_is_soft = false;
        cpu->exception_is_trap = false;
        if (!(cpu->cr[0] & CR0_PE)) {
            deliver_real(cpu, vector, ret_eip);
        } else {
            deliver_protected(cpu, vector, soft, has_error, error, ret_eip);
        }
        int next = cs->tcg.exception_index;
        if (next < 0) {
            return;
        }
        /* A fault while delivering: deliver that one instead, or #DF. */
        if (vector == EXCP_DF) {
            break;
        }
        if (makes_double_fault(vector, next)) {
            vector = EXCP_DF;
            error = 0;
        } else {
            vector = next;
            error = cpu->error_code;
        }
        has_error =
            vector_has_error_code(vector) && (vector == EXCP_DF || cpu->exception_has_error);
        soft = false;
        ret_eip = cpu->eip;
    }
    log_mask_printf(LOG_GUEST_ERROR, "x86: triple fault: resetting\n");
    cs->tcg.exception_index = -1;
    /* Shutdown state until the machine resets: nothing more runs. */
    cs->halted = true;
    cpu->shutdown = true;
    system_reset_request();
}

bool x86_cpu_has_work(CPUState *cs)
{
    X86CPU *cpu = x86_cpu(cs);
    return !cpu->shutdown && (cs->interrupt_request & CPU_INTERRUPT_HARD) &&
           (cpu->eflags & EF_IF);
}

/* An external interrupt: the controller's INTA gives the vector. */
bool x86_cpu_exec_interrupt(CPUState *cs, uint32_t interrupt_request)
{
    X86CPU *cpu = x86_cpu(cs);
    int vector;

    if (!(interrupt_request & CPU_INTERRUPT_HARD) || !(cpu->eflags & EF_IF) ||
        cpu->inhibit_irq || cpu->shutdown || !cpu->intr_ack) {
        return false;
    }
    vector = cpu->intr_ack(cpu->intr_ack_opaque);
    if (vector < 0 || vector > 255) {
        return false;
    }
    cs->halted = false;
    x86_raise(cpu, vector, false, 0);
    x86_cpu_do_interrupt(cs);
    return true;
}
