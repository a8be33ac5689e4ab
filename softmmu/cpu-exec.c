/*
 * The CPU loop: deliver exceptions and interrupts, find (or translate) the
 * TB for the current state, chain it to its predecessor, run it.
 *
 * Chaining is resolved here rather than patched into code: when a TB left
 * through goto_tb slot n, its jmp_dest[n] names the successor and the next
 * iteration skips the lookup.  The link is mirrored into the TB's code
 * (tcg_code_set_chain), so tcg_code_exec_chain() follows it without coming
 * back here, within the budget chain_budget() gives; goto_ptr exits probe
 * the jump cache the same way (chain_lookup).  A chain is only made within
 * one virtual page, whose mapping the entry TB's lookup already checked:
 * TLB flushes clear the jump cache but cannot reach chains.
 */
#include <inttypes.h>

#include "exec/cputlb.h"
#include "exec/translator.h"
#include "softmmu/internal.h"
#include "sysemu/cpus.h"
#include "util/error.h"
#include "util/log.h"

/*
 * With several CPUs on one thread, each gets this many instructions before
 * cpu_exec() yields to the next: a CPU spinning on a lock held by another
 * must let that one run.  Counting instructions keeps runs reproducible.
 */
#define RR_SLICE_INSNS 100000

static TCGTier exec_tier = TCG_TIER_0;
static bool icount_enabled;

/*
 * Tier-up threshold: a block run this often is worth the ~30 ms libgccjit
 * takes to compile it on the other core (DESIGN.md section 4: thousands).
 */
#define TIERUP_THRESHOLD 4096

void cpu_exec_set_tier(TCGTier tier)
{
    exec_tier = tier;
    if (tier == TCG_TIER_AUTO)
        tcg_tierup_enable(TIERUP_THRESHOLD);
}

TCGTier cpu_exec_tier(void) { return exec_tier; }

void cpu_exec_set_icount(bool enabled) { icount_enabled = enabled; }

bool cpu_has_work(CPUState *cpu)
{
    if (cpu->cc->has_work)
        return cpu->cc->has_work(cpu);
    return __atomic_load_n(&cpu->interrupt_request, __ATOMIC_ACQUIRE) != 0;
}

static unsigned jmp_cache_index(uint64_t pc)
{
    return (unsigned)((pc >> 2) ^ (pc >> (2 + TB_JMP_CACHE_BITS))) & (TB_JMP_CACHE_SIZE - 1);
}

/* What the loop remembers about the TB that just ran, for chaining. */
typedef struct LastTB {
    TranslationBlock *tb;
    int slot; /* goto_tb slot it left through, or -1 */
    uint64_t generation;
} LastTB;

/* ------------------------------------------------- exceptions, interrupts */

/*
 * Deliver a pending exception.  Returns a loop reason (>= EXCP_INTERRUPT)
 * for the caller, or EXCP_NONE to keep going.
 */
static int handle_exception(CPUState *cpu)
{
    int excp = cpu->tcg.exception_index;

    if (excp < 0)
        return EXCP_NONE;
    if (excp >= EXCP_INTERRUPT) {
        cpu->tcg.exception_index = EXCP_NONE;
        return excp;
    }
    log_mask_printf(LOG_INT, "cpu %d: exception %d at pc 0x%" PRIx64 "\n", cpu->cpu_index, excp,
                    cpu->cc->get_pc ? cpu->cc->get_pc(cpu) : 0);
    cpu->cc->do_interrupt(cpu);
    cpu->tcg.exception_index = EXCP_NONE;
    return EXCP_NONE;
}

/* Returns a loop reason, or EXCP_NONE; *took says the state changed. */
static int handle_interrupts(CPUState *cpu, bool *took)
{
    uint32_t req = __atomic_load_n(&cpu->interrupt_request, __ATOMIC_ACQUIRE);

    *took = false;
    if (!req)
        return EXCP_NONE;
    if (req & CPU_INTERRUPT_HALT) {
        cpu_reset_interrupt(cpu, CPU_INTERRUPT_HALT);
        cpu->halted = true;
        return EXCP_HLT;
    }
    if (req & CPU_INTERRUPT_EXITTB) {
        cpu_reset_interrupt(cpu, CPU_INTERRUPT_EXITTB);
        *took = true;
    }
    if (cpu->cc->exec_interrupt && cpu->cc->exec_interrupt(cpu, req))
        *took = true;
    return EXCP_NONE;
}

/* ------------------------------------------------- finding the TB */

/*
 * The hash key holds the first page's physical address only; a TB that
 * straddles into a second page is reused only if that page still maps to
 * the same physical page.  If it no longer translates at all, a fresh
 * translation meets (and reports) the fault itself.
 */
static bool second_page_matches(CPUState *cpu, const TranslationBlock *tb)
{
    if (tb->page_addr[1] == UINT64_MAX)
        return true;
    uint64_t vpage = (tb->pc & TARGET_PAGE_MASK) + TARGET_PAGE_SIZE;
    uint64_t phys = tlb_code_paddr(cpu, vpage, cpu_code_mmu_index(cpu));
    cpu->tcg.exception_index = EXCP_NONE;
    return phys != UINT64_MAX && (phys & TARGET_PAGE_MASK) == tb->page_addr[1];
}

static TranslationBlock *tb_find_slow(CPUState *cpu, uint64_t pc, uint32_t flags)
{
    uint64_t phys = tlb_code_paddr(cpu, pc, cpu_code_mmu_index(cpu));
    TranslationBlock *tb;

    if (phys == UINT64_MAX) {
        if (cpu->tcg.exception_index < 0)
            gemu_bug("code fetch at 0x%" PRIx64 " failed without an exception", pc);
        return NULL;
    }
    if (cpu->singlestep)
        return tb_gen_code(cpu, pc, phys, flags, 1, false);
    tb = tb_lookup(phys, pc, flags);
    if (tb && !second_page_matches(cpu, tb))
        tb = NULL;
    if (!tb)
        tb = tb_gen_code(cpu, pc, phys, flags, TB_MAX_INSNS, true);
    return tb;
}

/* The TB for the CPU's current state; NULL if its fetch faulted. */
static TranslationBlock *tb_find(CPUState *cpu)
{
    uint64_t pc;
    uint32_t flags;

    cpu->cc->get_tb_cpu_state(cpu, &pc, &flags);
    unsigned h = jmp_cache_index(pc);
    TranslationBlock *tb = cpu->tb_jmp_cache[h];
    if (tb && tb->pc == pc && tb->flags == flags && !tb->invalid && !cpu->singlestep)
        return tb;
    tb = tb_find_slow(cpu, pc, flags);
    if (tb && !tb->invalid)
        cpu->tb_jmp_cache[h] = tb;
    return tb;
}

/*
 * A goto_ptr inside a chain: the jump cache's TB for the current state,
 * as tb_find() would take it, or NULL to come back to the loop.
 */
static TCGCode *chain_lookup(void *env)
{
    CPUState *cpu = env;
    uint64_t pc;
    uint32_t flags;

    cpu->cc->get_tb_cpu_state(cpu, &pc, &flags);
    TranslationBlock *tb = cpu->tb_jmp_cache[jmp_cache_index(pc)];
    if (tb && tb->pc == pc && tb->flags == flags && !tb->invalid)
        return tb->code;
    return NULL;
}

static void maybe_chain(const LastTB *last, TranslationBlock *tb)
{
    TranslationBlock *prev = last->tb;

    if (!prev || last->slot < 0 || last->generation != tb_flush_generation())
        return;
    TranslationBlock *old = prev->jmp_dest[last->slot];
    if ((old && !old->invalid) || prev->invalid || tb->invalid || log_enabled(LOG_NOCHAIN))
        return;
    if (((prev->pc ^ tb->pc) & TARGET_PAGE_MASK) != 0)
        return;
    prev->jmp_dest[last->slot] = tb;
    tcg_code_set_chain(prev->code, (unsigned)last->slot, tb->code);
}

/* The chained successor of the last TB, if it may run without a lookup. */
static TranslationBlock *follow_chain(CPUState *cpu, const LastTB *last)
{
    if (!last->tb || last->slot < 0 || last->generation != tb_flush_generation())
        return NULL;
    TranslationBlock *next = last->tb->jmp_dest[last->slot];
    if (!next || next->invalid || cpu->singlestep || cpu->tcg.exit_request ||
        __atomic_load_n(&cpu->interrupt_request, __ATOMIC_ACQUIRE))
        return NULL;
    return next;
}

/* ------------------------------------------------- running it */

static void log_before_tb(CPUState *cpu, const TranslationBlock *tb)
{
    log_lock();
    if (log_enabled(LOG_EXEC))
        log_printf("Trace %d: [%016" PRIx64 "/%08x] %u insns\n", cpu->cpu_index, tb->pc,
                   tb->flags, tb->icount);
    if (log_enabled(LOG_CPU) && cpu->cc->dump_state)
        cpu->cc->dump_state(cpu, log_file());
    log_unlock();
}

static void count_insns(CPUState *cpu, uint64_t n)
{
    cpu->insns_executed += n;
    if (icount_enabled) {
        cpu->icount_budget -= n;
        cpu->icount_tb_offset = 0; /* only translator_io_start sets it, under -icount */
    }
}

/*
 * Instruction insn of tb left with exception_index set.  An architectural
 * exception (a fault) means the instruction did not happen: put back its
 * state.  A loop reason (WFI's EXCP_HLT, PSCI's EXCP_HALTED, ...) comes from
 * an instruction that completed and already set the pc to resume at, as
 * QEMU's cpu_loop_exit() without restore.
 */
static void exception_exit(CPUState *cpu, TranslationBlock *tb, unsigned insn)
{
    int excp = cpu->tcg.exception_index;

    if (excp < 0)
        gemu_bug("TB at 0x%" PRIx64 " left with an exception but none is recorded", tb->pc);
    if (excp >= EXCP_INTERRUPT) {
        count_insns(cpu, insn + 1);
        return;
    }
    cpu->cc->restore_state(cpu, tcg_code_insn_data(tb->code, insn));
    count_insns(cpu, insn);
}

/*
 * Run tb and the chained TBs that follow it, up to budget instructions
 * (0: tb alone); fills *last for chaining.
 */
static void run_tb(CPUState *cpu, TranslationBlock *tb, LastTB *last, uint64_t budget)
{
    TCGChainRun run = {.budget = budget, .lookup = chain_lookup};

    if (log_enabled(LOG_EXEC | LOG_CPU))
        log_before_tb(cpu, tb);
    tb_exec_enter();
    TBExit exit = tcg_code_exec_chain(tb->code, cpu, &run);
    tb_exec_leave();
    tb = tcg_code_owner(run.last);
    count_insns(cpu, run.insns);

    last->tb = NULL;
    last->slot = -1;
    switch (TB_EXIT_REASON(exit)) {
    case TB_EXIT_GOTO_TB0:
    case TB_EXIT_GOTO_TB1:
        last->tb = tb;
        last->slot = TB_EXIT_REASON(exit);
        last->generation = tb_flush_generation();
        count_insns(cpu, tb->icount);
        break;
    case TB_EXIT_EXCEPTION:
        exception_exit(cpu, tb, TB_EXIT_INSN(exit));
        break;
    case TB_EXIT_REQUESTED:
        break;
    default: /* TB_EXIT_LOOKUP, TB_EXIT_NOCHAIN */
        count_insns(cpu, tb->icount);
        break;
    }
}

/*
 * The checks made between blocks, in order.  Returns a loop reason for the
 * caller, or EXCP_NONE to run the next TB; *reset_chain says the CPU state
 * changed outside the TBs (chaining from the last TB is no longer valid).
 */
static int between_blocks(CPUState *cpu, bool *reset_chain)
{
    bool took;
    int r;

    /*
     * Read before the deferred flushes: whoever requests one sets it, then
     * exit_request, so seeing the exit means the request is visible too.
     */
    bool exit_requested = __atomic_load_n(&cpu->tcg.exit_request, __ATOMIC_ACQUIRE);

    *reset_chain = false;
    tb_flush_if_pending();
    tlb_flush_if_pending(cpu);
    if (cpu->tcg.exception_index >= 0) {
        *reset_chain = true;
        r = handle_exception(cpu);
        if (r != EXCP_NONE)
            return r;
    }
    if (exit_requested) {
        /*
         * A flush requested after the ones above ran set its flag before
         * exit_request, and the loop's idle test only looks at exit_request:
         * clear it, then run what the requests that it announced left.
         */
        __atomic_exchange_n(&cpu->tcg.exit_request, 0, __ATOMIC_ACQ_REL);
        tb_flush_if_pending();
        tlb_flush_if_pending(cpu);
        return EXCP_INTERRUPT;
    }
    if (cpu->halted) {
        if (!cpu_has_work(cpu))
            return EXCP_HLT;
        cpu->halted = false;
    }
    r = handle_interrupts(cpu, &took);
    if (took)
        *reset_chain = true;
    if (r != EXCP_NONE)
        return r;
    if (icount_enabled && cpu->icount_budget <= 0)
        return EXCP_YIELD;
    return EXCP_NONE;
}

/*
 * Nothing for between_blocks() to do: no exit request (which also covers
 * deferred flushes: their requesters set it), no exception, no interrupt
 * line raised, not halted, icount budget left.  The common case after a TB,
 * so the loop tests it first and skips the calls.
 */
static inline bool between_blocks_idle(CPUState *cpu)
{
    return !__atomic_load_n(&cpu->tcg.exit_request, __ATOMIC_ACQUIRE) &&
           cpu->tcg.exception_index < 0 &&
           !__atomic_load_n(&cpu->interrupt_request, __ATOMIC_ACQUIRE) && !cpu->halted &&
           !(icount_enabled && cpu->icount_budget <= 0);
}

/*
 * How many instructions the TBs chained after the next one may run without
 * coming back here: none when something must look at every TB (single
 * step, icount budgets, per-TB logs, a pending interrupt that is masked now
 * but may be unmasked by a TB that then chains), else the rest of the
 * round-robin slice.  Interrupts raised later set exit_request, which the
 * chain checks.
 */
static inline uint64_t chain_budget(CPUState *cpu, uint64_t slice_end)
{
    if (__builtin_expect(cpu->singlestep || icount_enabled ||
                             log_enabled(LOG_NOCHAIN | LOG_EXEC | LOG_CPU) ||
                             __atomic_load_n(&cpu->interrupt_request, __ATOMIC_ACQUIRE),
                         0))
        return 0;
    return slice_end > cpu->insns_executed ? slice_end - cpu->insns_executed : 0;
}

static int cpu_exec_loop(CPUState *cpu)
{
    LastTB last = {NULL, -1, 0};
    bool alone = cpu_first() == cpu && !cpu->next;
    /* Where this CPU's round-robin slice ends (never when it runs alone). */
    uint64_t slice_end = alone ? UINT64_MAX : cpu->insns_executed + RR_SLICE_INSNS;

    for (;;) {
        if (__builtin_expect(!between_blocks_idle(cpu), 0)) {
            bool reset_chain;
            int r = between_blocks(cpu, &reset_chain);
            if (reset_chain)
                last.tb = NULL;
            if (r != EXCP_NONE)
                return r;
            if (cpu->tcg.exception_index >= 0)
                continue; /* taking an interrupt raised an exception */
        }

        TranslationBlock *tb = follow_chain(cpu, &last);
        if (!tb) {
            tb = tb_find(cpu);
            if (!tb)
                continue; /* the fetch faulted: deliver it */
            maybe_chain(&last, tb);
        }
        run_tb(cpu, tb, &last, chain_budget(cpu, slice_end));
        if (__builtin_expect(cpu->singlestep, 0) && cpu->tcg.exception_index < 0)
            return EXCP_DEBUG;
        if (cpu->insns_executed >= slice_end)
            return EXCP_YIELD;
    }
}

__thread CPUState *current_cpu;

int cpu_exec(CPUState *cpu)
{
    current_cpu = cpu;
    tb_exec_loop_enter();
    int r = cpu_exec_loop(cpu);
    tb_exec_loop_leave();
    current_cpu = NULL;
    return r;
}
