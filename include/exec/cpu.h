/*
 * The guest CPU interface: what every target provides (CPUClass) and the
 * common state every target CPU struct starts with (CPUState).
 *
 *   typedef struct ARMCPU { CPUState parent; uint64_t xregs[32]; ... } ARMCPU;
 *
 * "env" in generated code and helpers is a pointer to the target CPU struct,
 * which is also a CPUState * and a TCGCPUCommon *.
 *
 * Targets register their CPU models with cpu_model_register(); boards create
 * CPUs by model name.  Targets reach memory only through the TLB and the
 * address space (exec/cputlb.h, exec/memory.h) and raise nothing in devices:
 * devices drive cpu_set_irq().
 */
#ifndef EXEC_CPU_H
#define EXEC_CPU_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "tcg/tcg.h"

typedef struct CPUState CPUState;
typedef struct CPUClass CPUClass;
typedef struct AddressSpace AddressSpace;
typedef struct TranslationBlock TranslationBlock;

/* Exception numbers >= EXCP_INTERRUPT are reasons to leave the CPU loop, not
 * architectural exceptions; targets use 0 .. EXCP_INTERRUPT - 1. */
enum {
    EXCP_NONE = -1,
    EXCP_INTERRUPT = 0x10000, /* exit_request: look at interrupt_request */
    EXCP_HLT,                 /* WFI/HLT: sleep until has_work() */
    EXCP_DEBUG,               /* gdb breakpoint or single step */
    EXCP_HALTED,              /* CPU is powered off (PSCI CPU_OFF) */
    EXCP_YIELD,               /* let the next vCPU run */
};

/* Access kinds for tlb_fill and friends. */
typedef enum MMUAccessType {
    MMU_DATA_LOAD = 0,
    MMU_DATA_STORE = 1,
    MMU_INST_FETCH = 2,
} MMUAccessType;

/* Bits of interrupt_request; targets may define more from bit 8 up. */
enum {
    CPU_INTERRUPT_HARD = 1 << 0, /* IRQ line */
    CPU_INTERRUPT_FIQ = 1 << 1,
    CPU_INTERRUPT_EXITTB = 1 << 2, /* leave the TB, e.g. after a mode change */
    CPU_INTERRUPT_HALT = 1 << 3,
    CPU_INTERRUPT_TGT_EXT_0 = 1 << 8,
};

/* Interrupt input lines a board can drive with cpu_set_irq(). */
enum { CPU_IRQ_LINE = 0, CPU_FIQ_LINE = 1, CPU_VIRQ_LINE = 2, CPU_VFIQ_LINE = 3 };

#define TB_JMP_CACHE_BITS 12
#define TB_JMP_CACHE_SIZE (1u << TB_JMP_CACHE_BITS)

/* What softmmu keeps per TLB entry besides the fast-path tag (cputlb.c). */
typedef struct CPUTLBEntryFull {
    uint64_t phys_addr; /* guest physical address of the page */
    uint32_t section;   /* memory section index for MMIO/ROM dispatch */
    uint8_t prot;       /* PAGE_READ | PAGE_WRITE | PAGE_EXEC */
    uint8_t attrs;      /* target-defined (secure, user, ...) */
} CPUTLBEntryFull;

struct CPUState {
    TCGCPUCommon tcg; /* must be first: generated code addresses it via env */

    const CPUClass *cc;
    int cpu_index;
    AddressSpace *as;

    uint32_t interrupt_request; /* CPU_INTERRUPT_* bits */
    bool halted;                /* waiting in WFI/HLT */
    bool stopped;               /* powered off or paused */
    int singlestep;             /* gdb stepping: one instruction per TB */
    int64_t icount_budget;      /* -icount: instructions left in this slice */
    uint64_t insns_executed;    /* for statistics and -icount */
    int32_t icount_tb_offset;   /* -icount: insns of the running TB before a clock read */

    CPUTLBEntryFull tlb_full[TCG_MMU_IDX_MAX][TCG_TLB_SIZE];
    TranslationBlock *tb_jmp_cache[TB_JMP_CACHE_SIZE];

    CPUState *next; /* all CPUs, in index order (cpu_first(), CPU_FOREACH) */
};

/* Page protection bits used by tlb_fill implementations. */
enum { PAGE_READ = 1, PAGE_WRITE = 2, PAGE_EXEC = 4 };

struct CPUClass {
    const char *arch;     /* "aarch64", "x86_64": selects capstone and gdb xml */
    size_t instance_size; /* of the target CPU struct */
    /*
     * The disassembler for a TB with these flags, if it depends on the mode
     * ("i8086", "i386", "x86_64"); NULL: arch.
     */
    const char *(*disas_arch)(uint32_t tb_flags);

    /* Called once per CPU after allocation, then reset() before running. */
    void (*init)(CPUState *cpu);
    void (*reset)(CPUState *cpu);

    /* Key of the TB to run next: pc, and the mode bits translation depends on. */
    void (*get_tb_cpu_state)(CPUState *cpu, uint64_t *pc, uint32_t *flags);
    /*
     * MMU index of data accesses (ifetch false) or instruction fetches (true)
     * in the current mode: the CPU loop and translator_ld*() fetch code with
     * it.  NULL means 0.
     */
    int (*mmu_index)(CPUState *cpu, bool ifetch);
    uint64_t (*get_pc)(CPUState *cpu);
    void (*set_pc)(CPUState *cpu, uint64_t pc);

    /*
     * Build the IR of one TB starting at tb->pc with tb->flags, at most
     * max_insns guest instructions, using the tcg builder.  Code bytes are
     * read with translator_ld*() (exec/translator.h) so page tracking works.
     */
    void (*translate)(CPUState *cpu, TranslationBlock *tb, int max_insns);

    /* Put back the state of the faulting instruction from its insn_start words. */
    void (*restore_state)(CPUState *cpu, const uint64_t *insn_data);

    /*
     * Translate vaddr for access at mmu_idx and install it with
     * tlb_set_page().  On a fault: if probe, return false quietly; otherwise
     * record the architectural exception (cpu->tcg.exception_index and
     * syndrome state) and return false.
     */
    bool (*tlb_fill)(CPUState *cpu, uint64_t vaddr, int size, MMUAccessType access, int mmu_idx,
                     bool probe);
    /* An access with MO_ALIGN was misaligned: record the alignment fault. */
    void (*do_unaligned_access)(CPUState *cpu, uint64_t vaddr, MMUAccessType access,
                                int mmu_idx);
    /* A physical access hit no device or a device error: record the abort. */
    void (*do_transaction_failed)(CPUState *cpu, uint64_t paddr, uint64_t vaddr,
                                  MMUAccessType access, int mmu_idx);

    /* Deliver cpu->tcg.exception_index architecturally, then clear it. */
    void (*do_interrupt)(CPUState *cpu);
    /* If a pending interrupt in interrupt_request can be taken now, take it. */
    bool (*exec_interrupt)(CPUState *cpu, uint32_t interrupt_request);
    bool (*has_work)(CPUState *cpu);

    /* Observability. */
    void (*dump_state)(CPUState *cpu, FILE *f);
    int gdb_num_regs;
    int (*gdb_read_reg)(CPUState *cpu, uint8_t *buf, int reg);
    int (*gdb_write_reg)(CPUState *cpu, const uint8_t *buf, int reg);
};

/* ------------------------------------------------------- model registry */

typedef struct CPUModel {
    const char *name; /* "cortex-a57", "max" */
    const CPUClass *cc;
    /* Model-specific setup (ID registers, features) after cc->init. */
    void (*model_init)(CPUState *cpu);
} CPUModel;

void cpu_model_register(const CPUModel *model);
const CPUModel *cpu_model_find(const char *arch, const char *name);
/* Print the registered models of arch, one per line (for -cpu help). */
void cpu_model_list(const char *arch, FILE *f);

#define cpu_model_init(fn) static void __attribute__((constructor)) fn(void)

/* Allocate, init and reset a CPU of the given model, attached to as. */
CPUState *cpu_create(const CPUModel *model, AddressSpace *as);
CPUState *cpu_first(void);
/*
 * The CPU this thread is running guest code for (set by cpu_exec()), NULL
 * elsewhere: devices with per-CPU banked registers (GIC) use it in MMIO.
 */
extern __thread CPUState *current_cpu;
#define CPU_FOREACH(c) for (CPUState *c = cpu_first(); c; c = c->next)

/* ------------------------------------------------------- running */

/* Raise or lower an interrupt line (any thread; takes care of waking). */
void cpu_set_irq(CPUState *cpu, int line, int level);
/* The same as a qemu_irq, for an interrupt controller's output. */
struct IRQState *cpu_irq_line(CPUState *cpu, int line);
/* Ask the CPU to leave guest code at the next block boundary. */
void cpu_exit(CPUState *cpu);
void cpu_interrupt(CPUState *cpu, uint32_t mask);
void cpu_reset_interrupt(CPUState *cpu, uint32_t mask);

/*
 * Run guest code until something needs the caller: returns an EXCP_* loop
 * reason (EXCP_HLT, EXCP_HALTED, EXCP_DEBUG, EXCP_INTERRUPT, EXCP_YIELD).
 */
int cpu_exec(CPUState *cpu);

/* The tier blocks run in (-accel tcg,tier=...). */
void cpu_exec_set_tier(TCGTier tier);

#endif
