/*
 * A small stage-1 page-table builder for the tests that turn the MMU on:
 * any granule (4K, 16K, 64K) and any input size, tables allocated from a
 * static pool.  Descriptors are written as the Arm ARM describes them; the
 * walk they encode is what the emulator under test must follow.
 */
#ifndef GUEST_PGTABLE_H
#define GUEST_PGTABLE_H

#include <stdint.h>

/* Descriptor bits. */
#define PTE_VALID     1ul
#define PTE_TYPE      2ul /* table (levels 0-2) or page (level 3); clear: block */
#define PTE_ATTR(i)   ((uint64_t)(i) << 2)
#define PTE_EL0       (1ul << 6) /* AP[1] */
#define PTE_RDONLY    (1ul << 7) /* AP[2] */
#define PTE_INNER_SH  (3ul << 8)
#define PTE_AF        (1ul << 10)
#define PTE_NG        (1ul << 11)
#define PTE_CONT      (1ul << 52)
#define PTE_PXN       (1ul << 53)
#define PTE_UXN       (1ul << 54)
#define PTE_PXN_TABLE (1ul << 59)
#define PTE_UXN_TABLE (1ul << 60)
#define PTE_APT_NOEL0 (1ul << 61)
#define PTE_APT_RO    (1ul << 62)

#define ATTR_DEVICE 0
#define ATTR_NORMAL 1
#define MAIR_VALUE  0xff00ul /* attr0 Device-nGnRnE, attr1 Normal write-back */
#define PTE_NORMAL  (PTE_ATTR(ATTR_NORMAL) | PTE_INNER_SH | PTE_AF)
#define PTE_DEVICE  (PTE_ATTR(ATTR_DEVICE) | PTE_AF)

/* TCR_EL1 granule encodings: TG0 and TG1 number them differently. */
#define TG0_4K  0ul
#define TG0_64K 1ul
#define TG0_16K 2ul
#define TG1_16K 1ul
#define TG1_4K  2ul
#define TG1_64K 3ul

struct pgtable {
    unsigned page_bits; /* 12, 14 or 16 */
    unsigned inputsize; /* 64 - TxSZ */
    unsigned start;     /* level of the root table */
    uint64_t *root;
};

/* The table pool is shared: pt_reset forgets every table built so far. */
void pt_reset(void);
void pt_init(struct pgtable *pt, unsigned page_bits, unsigned inputsize);
/* Bytes one descriptor at level maps. */
uint64_t pt_level_size(const struct pgtable *pt, unsigned level);
/* The descriptor slot for va at level, creating tables above it (with no attributes). */
uint64_t *pt_slot(struct pgtable *pt, uint64_t va, unsigned level);
/* The smallest level a block may sit at for this granule (without FEAT_LPA). */
unsigned pt_block_level(const struct pgtable *pt);
/* Map [va, va + size) to pa with the largest blocks alignment allows. */
void pt_map(struct pgtable *pt, uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs);
/* Map one page with exactly the descriptor bits given (AF, AP, ... included). */
void pt_map_page(struct pgtable *pt, uint64_t va, uint64_t pa, uint64_t attrs);
/* Make the new tables visible and drop every cached translation. */
void pt_sync(void);

#endif
