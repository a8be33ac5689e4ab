/*
 * The generic translation loop and code fetch for the targets.
 *
 * A TB never starts an instruction on a page other than its first one, so
 * it covers at most two pages (the second only through an instruction that
 * straddles the boundary); that keeps invalidation per page exact.
 */
#include "exec/cputlb.h"
#include "exec/translator.h"
#include "softmmu/internal.h"
#include "sysemu/timer-internal.h"

__thread int translator_fetch_fault_insn;

static bool same_page(uint64_t a, uint64_t b) { return ((a ^ b) & TARGET_PAGE_MASK) == 0; }

static bool translation_must_stop(CPUState *cpu, DisasContextBase *db)
{
    return db->num_insns >= db->max_insns || cpu->singlestep ||
           !same_page(db->pc_next, db->pc_first) || translator_fetch_fault_insn;
}

void translator_loop(CPUState *cpu, TranslationBlock *tb, int max_insns,
                     const TranslatorOps *ops, DisasContextBase *db)
{
    db->tb = tb;
    db->cpu = cpu;
    db->pc_first = tb->pc;
    db->pc_next = tb->pc;
    db->is_jmp = DISAS_NEXT;
    db->num_insns = 0;
    db->max_insns = max_insns;

    ops->init_disas_context(db, cpu);
    ops->tb_start(db, cpu);
    for (;;) {
        db->num_insns++;
        ops->insn_start(db, cpu);
        ops->translate_insn(db, cpu);
        if (db->is_jmp != DISAS_NEXT)
            break;
        if (translation_must_stop(cpu, db)) {
            db->is_jmp = DISAS_TOO_MANY;
            break;
        }
    }
    ops->tb_stop(db, cpu);
    tb->size = db->pc_next - db->pc_first;
    tb->icount = db->num_insns;
}

/* Note the physical page of code at pc in the TB; false if it cannot be fetched. */
static bool record_page(CPUState *cpu, DisasContextBase *db, uint64_t pc)
{
    TranslationBlock *tb = db->tb;
    uint64_t paddr = tlb_code_paddr(cpu, pc, cpu_code_mmu_index(cpu));

    if (paddr == UINT64_MAX)
        return false;
    paddr &= TARGET_PAGE_MASK;
    if (paddr != tb->page_addr[0])
        tb->page_addr[1] = paddr;
    return true;
}

/*
 * Fetch size bytes of code at pc.  On a fault the exception stays recorded
 * and the instruction number is noted: tb_gen_code() then either delivers
 * it (first instruction) or ends the block before that instruction.
 */
static uint64_t translator_ld(CPUState *cpu, DisasContextBase *db, uint64_t pc, MemOp op)
{
    uint64_t last = pc + memop_size(op) - 1;
    uint64_t val = 0;

    if (translator_fetch_fault_insn)
        return 0; /* already failed: the block will be retranslated shorter */
    if (!record_page(cpu, db, pc) || (!same_page(pc, last) && !record_page(cpu, db, last)) ||
        !cpu_ld_code(cpu, pc, op, cpu_code_mmu_index(cpu), &val)) {
        translator_fetch_fault_insn = db->num_insns ? db->num_insns : 1;
        return 0;
    }
    return val;
}

uint32_t translator_ldl(CPUState *cpu, DisasContextBase *db, uint64_t pc)
{
    return translator_ld(cpu, db, pc, MO_32);
}

uint16_t translator_lduw(CPUState *cpu, DisasContextBase *db, uint64_t pc)
{
    return translator_ld(cpu, db, pc, MO_16);
}

uint8_t translator_ldub(CPUState *cpu, DisasContextBase *db, uint64_t pc)
{
    return translator_ld(cpu, db, pc, MO_8);
}

void translator_io_start(DisasContextBase *db)
{
    if (timers_icount_enabled())
        tcg_gen_st_i32(tcg_constant_i32(db->num_insns - 1), tcg_env,
                       offsetof(CPUState, icount_tb_offset));
}
