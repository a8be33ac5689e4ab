/*
 * Translation blocks and the translation cache, as the CPU loop and the
 * targets see them.
 *
 * A TB is keyed by (guest virtual pc, guest physical pc, flags).  It never
 * spans more than two guest pages; a write to either page (TLB_NOTDIRTY
 * slow path) invalidates it.  Invalid TBs stay in memory, marked, until the
 * whole cache is flushed, so chained pointers to them stay safe to check.
 */
#ifndef EXEC_TRANSLATOR_H
#define EXEC_TRANSLATOR_H

#include <stdbool.h>
#include <stdint.h>

#include "exec/cpu.h"
#include "tcg/tcg.h"

struct TranslationBlock {
    uint64_t pc;           /* guest virtual pc of the first instruction */
    uint32_t flags;        /* target mode bits (get_tb_cpu_state) */
    uint32_t size;         /* bytes of guest code covered */
    uint32_t icount;       /* guest instructions */
    uint64_t page_addr[2]; /* guest physical pages covered; [1] = -1 if one */
    TCGCode *code;
    bool invalid;
    /*
     * Chained successors by goto_tb slot (NULL: not yet resolved), mirrored
     * into code's links (tcg_code_set_chain) so chains run without the CPU
     * loop; code's owner is the TB.  Execution counts for tier-up heuristics
     * live in code too (tcg_code_exec_count).
     */
    TranslationBlock *jmp_dest[2];
    /* Internal to the cache. */
    TranslationBlock *hash_next;
    TranslationBlock *page_next[2];
};

/* --------------------------------------------------- for the targets */

/*
 * The generic translation loop.  A target's CPUClass.translate() fills a
 * DisasContextBase (usually embedded first in its own DisasContext) and calls
 * translator_loop() with its hooks.
 */
typedef enum DisasJumpType {
    DISAS_NEXT,     /* keep translating */
    DISAS_TOO_MANY, /* stop: limit reached; fall through to the next pc */
    DISAS_NORETURN, /* the instruction ended the TB itself (branch, exception) */
    DISAS_TARGET_0, /* targets define more from here */
    DISAS_TARGET_1,
    DISAS_TARGET_2,
    DISAS_TARGET_3,
} DisasJumpType;

typedef struct DisasContextBase {
    TranslationBlock *tb;
    CPUState *cpu;
    uint64_t pc_first;
    uint64_t pc_next;
    DisasJumpType is_jmp;
    int num_insns;
    int max_insns;
} DisasContextBase;

typedef struct TranslatorOps {
    void (*init_disas_context)(DisasContextBase *db, CPUState *cpu);
    void (*tb_start)(DisasContextBase *db, CPUState *cpu);
    void (*insn_start)(DisasContextBase *db, CPUState *cpu);     /* emits tcg_gen_insn_start */
    void (*translate_insn)(DisasContextBase *db, CPUState *cpu); /* advances pc_next */
    void (*tb_stop)(DisasContextBase *db, CPUState *cpu);        /* emits the exit */
} TranslatorOps;

void translator_loop(CPUState *cpu, TranslationBlock *tb, int max_insns,
                     const TranslatorOps *ops, DisasContextBase *db);

/*
 * Code fetch during translation.  Records the physical pages the TB covers.
 * A fetch fault on the TB's first instruction is reported by the CPU loop
 * before the TB runs; the translator stops before a later instruction whose
 * fetch would fault (see translator_is_page_start).
 */
uint32_t translator_ldl(CPUState *cpu, DisasContextBase *db, uint64_t pc);
uint16_t translator_lduw(CPUState *cpu, DisasContextBase *db, uint64_t pc);
uint8_t translator_ldub(CPUState *cpu, DisasContextBase *db, uint64_t pc);

/*
 * Call while translating an instruction that reads or schedules against
 * CLOCK_VIRTUAL (a counter or timer register): under -icount the clock then
 * includes the instructions of this TB before it, so that time is exact to
 * the instruction.  Emits nothing without -icount.
 */
void translator_io_start(DisasContextBase *db);

/* ---------------------------------------------------- for the CPU loop */

/* Invalidate every TB that overlaps [paddr, paddr + len). */
void tb_invalidate_phys_range(uint64_t paddr, uint64_t len);
/* True if some valid TB covers the guest physical page of paddr. */
bool tb_page_has_code(uint64_t paddr);
/* Drop every TB (code cache full, or -d nochain style debugging). */
void tb_flush_all(void);

#endif
