/*
 * The part of every guest CPU's state that generated code touches directly:
 * the exit/exception words and the software TLB's fast-path table.
 *
 * tcg/ owns this layout because both execution tiers inline the TLB fast
 * path; softmmu/ fills and flushes the table (include/exec/cputlb.h) and
 * provides the slow paths through TCGRuntime.
 */
#ifndef TCG_TLB_H
#define TCG_TLB_H

#include <stdint.h>

/* Guest page granule of the TLB; the same for every target. */
#define TARGET_PAGE_BITS 12
#define TARGET_PAGE_SIZE (1ull << TARGET_PAGE_BITS)
#define TARGET_PAGE_MASK (~(TARGET_PAGE_SIZE - 1))

#define TCG_TLB_BITS    8
#define TCG_TLB_SIZE    (1u << TCG_TLB_BITS)
#define TCG_MMU_IDX_MAX 8

/* Scratch slots of the tier-0 interpreter: a TB's temps, 8 bytes each. */
#define TCG_INTERP_SLOTS 128

/*
 * Flag bits kept in the low bits of a TLB tag.  Any set flag makes the
 * fast-path compare fail and sends the access to the slow path.
 * Bits 0..7 stay clear so that the fast path can fold an alignment check
 * into the same compare: (addr & (TARGET_PAGE_MASK | (size - 1))) == tag.
 */
#define TLB_INVALID_MASK (1ull << 11) /* entry empty */
#define TLB_NOTDIRTY     (1ull << 10) /* page holds translated code: writes invalidate it */
#define TLB_MMIO         (1ull << 9)  /* device or ROM: go through the memory dispatcher */
#define TLB_WATCHPOINT   (1ull << 8)  /* debugger watchpoint on this page */
#define TLB_FLAGS_MASK   (TLB_INVALID_MASK | TLB_NOTDIRTY | TLB_MMIO | TLB_WATCHPOINT)

typedef struct CPUTLBEntry {
    uint64_t addr_read;  /* page vaddr | flags for loads */
    uint64_t addr_write; /* page vaddr | flags for stores */
    uint64_t addr_code;  /* page vaddr | flags for instruction fetch */
    uintptr_t addend;    /* host address = guest vaddr + addend, for RAM pages */
} CPUTLBEntry;

static inline unsigned tlb_index(uint64_t vaddr)
{
    return (unsigned)(vaddr >> TARGET_PAGE_BITS) & (TCG_TLB_SIZE - 1);
}

/*
 * The head of every guest CPU struct (it is the first member of CPUState,
 * which is the first member of each target's CPU struct), so "env" -- the
 * pointer generated code receives -- points here.
 */
typedef struct TCGCPUCommon {
    /* Nonzero: leave the execution loop at the next block entry. */
    volatile int32_t exit_request;
    /*
     * -1 when no exception is pending.  Slow paths and helpers flagged
     * TCG_CALL_MAY_FAULT set it (>= 0) to report a fault; the generated
     * code then leaves the block with TB_EXIT_EXCEPTION.
     */
    int32_t exception_index;
    /* Points at this struct itself: the value of the tcg_env global. */
    void *env_self;
    CPUTLBEntry tlb[TCG_MMU_IDX_MAX][TCG_TLB_SIZE];
    /*
     * The interpreter keeps a TB's temps here, so that every operand is a
     * byte offset from env like a global's.  Only meaningful while a TB runs.
     */
    uint64_t tcg_slots[TCG_INTERP_SLOTS];
} TCGCPUCommon;

#endif
