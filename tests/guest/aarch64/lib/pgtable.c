/* The page-table builder of pgtable.h. */
#include "pgtable.h"
#include "runtime.h"

#define POOL_SIZE (24u * 65536u)

static uint8_t pool[POOL_SIZE] __attribute__((aligned(65536)));
static unsigned pool_used;

void pt_reset(void) { pool_used = 0; }

/* One table of a granule's size, zeroed (every descriptor invalid). */
static uint64_t *pt_alloc(const struct pgtable *pt)
{
    unsigned size = 1u << pt->page_bits;
    uint64_t *t;

    pool_used = (pool_used + size - 1) & ~(size - 1);
    if (pool_used + size > POOL_SIZE) {
        printf("pgtable: pool exhausted\n");
        semihost_exit(101);
    }
    t = (uint64_t *)&pool[pool_used];
    pool_used += size;
    memset(t, 0, size);
    return t;
}

void pt_init(struct pgtable *pt, unsigned page_bits, unsigned inputsize)
{
    unsigned stride = page_bits - 3;

    pt->page_bits = page_bits;
    pt->inputsize = inputsize;
    pt->start = 4 - (inputsize - page_bits + stride - 1) / stride;
    pt->root = pt_alloc(pt);
}

uint64_t pt_level_size(const struct pgtable *pt, unsigned level)
{
    return 1ul << (pt->page_bits + (pt->page_bits - 3) * (3 - level));
}

static unsigned pt_index(const struct pgtable *pt, uint64_t va, unsigned level)
{
    unsigned shift = pt->page_bits + (pt->page_bits - 3) * (3 - level);
    uint64_t entries = 1ul << (pt->page_bits - 3);

    if (level == pt->start)
        entries = 1ul << (pt->inputsize - shift);
    return (unsigned)((va >> shift) & (entries - 1));
}

uint64_t *pt_slot(struct pgtable *pt, uint64_t va, unsigned level)
{
    uint64_t *table = pt->root;

    for (unsigned l = pt->start; l < level; l++) {
        uint64_t *d = &table[pt_index(pt, va, l)];
        if (!(*d & PTE_VALID))
            *d = (uintptr_t)pt_alloc(pt) | PTE_VALID | PTE_TYPE;
        table =
            (uint64_t *)(uintptr_t)(*d & 0x0000fffffffff000ul & ~((1ul << pt->page_bits) - 1));
    }
    return &table[pt_index(pt, va, level)];
}

unsigned pt_block_level(const struct pgtable *pt) { return pt->page_bits == 12 ? 1 : 2; }

void pt_map_page(struct pgtable *pt, uint64_t va, uint64_t pa, uint64_t attrs)
{
    *pt_slot(pt, va, 3) = pa | PTE_VALID | PTE_TYPE | attrs;
}

void pt_map(struct pgtable *pt, uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs)
{
    while (size) {
        unsigned level = pt_block_level(pt);
        while (level < 3 && (pt_level_size(pt, level) > size ||
                             ((va | pa) & (pt_level_size(pt, level) - 1)) || level < pt->start))
            level++;
        uint64_t step = pt_level_size(pt, level);
        *pt_slot(pt, va, level) = pa | PTE_VALID | attrs | (level == 3 ? PTE_TYPE : 0);
        va += step;
        pa += step;
        size = size > step ? size - step : 0;
    }
}

void pt_sync(void) { asm volatile("dsb ishst\n\ttlbi vmalle1\n\tdsb ish\n\tisb" ::: "memory"); }
