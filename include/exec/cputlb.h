/*
 * The software TLB as targets see it: install translations from tlb_fill,
 * flush as the architecture demands, and access guest memory from helpers.
 */
#ifndef EXEC_CPUTLB_H
#define EXEC_CPUTLB_H

#include <stdint.h>

#include "exec/cpu.h"

/*
 * Install vaddr -> paddr for one page of 2^TARGET_PAGE_BITS bytes at
 * mmu_idx with prot (PAGE_*).  page_size may be larger (a block mapping):
 * the TLB remembers it so that flushing any page in it flushes the mapping.
 * A target whose flushes always cover a whole translation granule
 * (tlb_flush_range_by_mmuidx) passes larger sizes for blocks only.
 */
void tlb_set_page(CPUState *cpu, uint64_t vaddr, uint64_t paddr, int prot, int mmu_idx,
                  uint64_t page_size, uint8_t attrs);

void tlb_flush(CPUState *cpu);                            /* everything, all mmu_idx */
void tlb_flush_by_mmuidx(CPUState *cpu, uint16_t idxmap); /* bit i: mmu_idx i */
void tlb_flush_page(CPUState *cpu, uint64_t vaddr);       /* one page, all mmu_idx */
void tlb_flush_page_by_mmuidx(CPUState *cpu, uint64_t vaddr, uint16_t idxmap);
/*
 * Every page in [vaddr, vaddr + len) at the mmu_idx of idxmap (and any
 * recorded large page they fall in), comparing only the low `bits` bits of
 * addresses (56 when the guest ignores the top byte, else 64).
 */
void tlb_flush_range_by_mmuidx(CPUState *cpu, uint64_t vaddr, uint64_t len, uint16_t idxmap,
                               unsigned bits);
/* The same on every CPU (broadcast TLBI, IPI shootdown). */
void tlb_flush_all_cpus(void);
void tlb_flush_page_all_cpus(uint64_t vaddr);

/*
 * Guest memory access from helpers (not from generated code, which uses
 * qemu_ld/st).  On a fault these record the exception in
 * cpu->tcg.exception_index and return false; the helper returns and the
 * generated code (helper flagged TCG_CALL_MAY_FAULT) leaves the TB.
 */
bool cpu_ld(CPUState *cpu, uint64_t vaddr, MemOp op, int mmu_idx, uint64_t *val);
bool cpu_st(CPUState *cpu, uint64_t vaddr, MemOp op, int mmu_idx, uint64_t val);

/* Instruction fetch for the translator; same fault convention. */
bool cpu_ld_code(CPUState *cpu, uint64_t vaddr, MemOp op, int mmu_idx, uint64_t *val);

/*
 * Host pointer to len bytes at vaddr if they are RAM on one page and
 * accessible for access (probing: no exception recorded), else NULL.
 */
void *tlb_probe_host(CPUState *cpu, uint64_t vaddr, int len, MMUAccessType access, int mmu_idx);

/* Guest physical address of a code fetch at vaddr (fills the TLB); -1 on fault. */
uint64_t tlb_code_paddr(CPUState *cpu, uint64_t vaddr, int mmu_idx);

#endif
