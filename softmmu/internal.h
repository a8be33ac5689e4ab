/*
 * What the softmmu/ files share among themselves (not a contract for other
 * layers; those are the include/exec/ headers and include/sysemu/cpus.h).
 */
#ifndef SOFTMMU_INTERNAL_H
#define SOFTMMU_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "exec/translator.h"

/* ----------------------------------------------------------- cputlb.c */

/* Register the TLB slow paths with tcg and the memory listener (once). */
void cputlb_init(void);
/* The page at page_paddr got its first TB: its stores must take NOTDIRTY. */
void tlb_mark_code_page(uint64_t page_paddr);
/* Run a TLB flush another thread requested for cpu (CPU loop, between blocks). */
void tlb_flush_if_pending(CPUState *cpu);
/* MMU index of instruction fetches in the CPU's current mode. */
int cpu_code_mmu_index(CPUState *cpu);

/* ----------------------------------------------------- translate-all.c */

/* The valid TB for (phys_pc, pc, flags), or NULL. */
TranslationBlock *tb_lookup(uint64_t phys_pc, uint64_t pc, uint32_t flags);
/*
 * Translate a TB of at most max_insns instructions at pc (physical phys_pc)
 * and enter it into the cache if cacheable.  NULL if fetching its first
 * instruction faulted: exception_index is then set.
 */
TranslationBlock *tb_gen_code(CPUState *cpu, uint64_t pc, uint64_t phys_pc, uint32_t flags,
                              int max_insns, bool cacheable);
/* Bumped by every tb_flush_all(): TB pointers from before are dangling. */
uint64_t tb_flush_generation(void);
/* Run a tb_flush_all() that was requested while a TB was executing. */
void tb_flush_if_pending(void);
/*
 * For changes to CPU state owned by the vCPU thread (TLBs, the TB cache)
 * requested from any thread: true, holding the loop out, if no *other*
 * thread is in cpu_exec(), so the change can be made now (then call
 * cpu_loop_resume()); false if it must be deferred to the loop.
 */
bool cpu_loop_quiesce(void);
void cpu_loop_resume(void);
/* The calling thread enters/leaves cpu_exec() (other threads' flushes wait). */
void tb_exec_loop_enter(void);
void tb_exec_loop_leave(void);
/* The calling thread is running generated code (its own flushes wait). */
void tb_exec_enter(void);
void tb_exec_leave(void);

#define TB_MAX_INSNS 512

/* --------------------------------------------------------- translator.c */

/*
 * 1-based index of the instruction whose code fetch faulted during the
 * current translation on this thread, or 0.
 */
extern __thread int translator_fetch_fault_insn;

/* ----------------------------------------------------------- cpu-exec.c */

TCGTier cpu_exec_tier(void);

#endif
