/*
 * The software TLB: filling, flushing, and the slow paths of guest memory
 * access that generated code and helpers fall back to.
 *
 * An entry's tags are the page's virtual address with flags in the low bits
 * (include/tcg/tlb.h).  Only RAM (and ROM for reads) pages that one memory
 * section covers entirely get a host addend; everything else is TLB_MMIO and
 * dispatched by physical address, so a page shared by several devices still
 * reaches the right one.
 */
#include <string.h>

#include <glib.h>

#include "exec/cputlb.h"
#include "exec/memory.h"
#include "softmmu/internal.h"
#include "sysemu/runstate.h"
#include "util/error.h"
#include "util/log.h"

/*
 * Large (block) mappings of one mmu_idx are remembered as one naturally
 * aligned range covering all of them; flushing a page inside it flushes the
 * whole mmu_idx, since we do not know which entries came from the block.
 */
typedef struct LargePageRange {
    uint64_t addr;
    uint64_t mask; /* 0: no large page recorded */
} LargePageRange;

typedef struct CPUTLBExtra {
    LargePageRange large[TCG_MMU_IDX_MAX];
    bool flush_pending; /* requested by another thread while the CPU ran */
} CPUTLBExtra;

/* Per-CPU state CPUState has no room for, indexed by cpu_index. */
static GPtrArray *tlb_extras;

static CPUTLBExtra *tlb_extra(CPUState *cpu)
{
    if (!tlb_extras)
        tlb_extras = g_ptr_array_new();
    while (tlb_extras->len <= (guint)cpu->cpu_index)
        g_ptr_array_add(tlb_extras, g_new0(CPUTLBExtra, 1));
    return g_ptr_array_index(tlb_extras, cpu->cpu_index);
}

static void check_mmu_idx(int mmu_idx)
{
    if (mmu_idx < 0 || mmu_idx >= TCG_MMU_IDX_MAX)
        gemu_bug("mmu_idx %d out of range", mmu_idx);
}

static CPUTLBEntry *tlb_entry(CPUState *cpu, int mmu_idx, uint64_t vaddr)
{
    return &cpu->tcg.tlb[mmu_idx][tlb_index(vaddr)];
}

static CPUTLBEntryFull *tlb_entry_full(CPUState *cpu, int mmu_idx, uint64_t vaddr)
{
    return &cpu->tlb_full[mmu_idx][tlb_index(vaddr)];
}

static uint64_t tlb_tag(const CPUTLBEntry *e, MMUAccessType access)
{
    switch (access) {
    case MMU_DATA_LOAD:
        return e->addr_read;
    case MMU_DATA_STORE:
        return e->addr_write;
    default:
        return e->addr_code;
    }
}

/* Does tag translate the page of vaddr (whatever its other flags)? */
static bool tlb_hit(uint64_t tag, uint64_t vaddr)
{
    return (tag & (TARGET_PAGE_MASK | TLB_INVALID_MASK)) == (vaddr & TARGET_PAGE_MASK);
}

static bool tlb_entry_maps(const CPUTLBEntry *e, uint64_t vaddr)
{
    return tlb_hit(e->addr_read, vaddr) || tlb_hit(e->addr_write, vaddr) ||
           tlb_hit(e->addr_code, vaddr);
}

int cpu_code_mmu_index(CPUState *cpu)
{
    return cpu->cc->mmu_index ? cpu->cc->mmu_index(cpu, true) : 0;
}

/* ------------------------------------------------------------ flushing */

static void jmp_cache_clear(CPUState *cpu)
{
    memset(cpu->tb_jmp_cache, 0, sizeof(cpu->tb_jmp_cache));
}

static void tlb_flush_one_mmuidx(CPUState *cpu, int mmu_idx)
{
    /* All ones: every tag has TLB_INVALID_MASK set. */
    memset(cpu->tcg.tlb[mmu_idx], 0xff, sizeof(cpu->tcg.tlb[mmu_idx]));
    tlb_extra(cpu)->large[mmu_idx] = (LargePageRange){0, 0};
}

void tlb_flush_by_mmuidx(CPUState *cpu, uint16_t idxmap)
{
    for (int i = 0; i < TCG_MMU_IDX_MAX; i++) {
        if (idxmap & (1u << i))
            tlb_flush_one_mmuidx(cpu, i);
    }
    jmp_cache_clear(cpu);
}

void tlb_flush(CPUState *cpu) { tlb_flush_by_mmuidx(cpu, (1u << TCG_MMU_IDX_MAX) - 1); }

static bool in_large_page(const LargePageRange *lp, uint64_t vaddr)
{
    return lp->mask && (vaddr & lp->mask) == lp->addr;
}

void tlb_flush_page_by_mmuidx(CPUState *cpu, uint64_t vaddr, uint16_t idxmap)
{
    CPUTLBExtra *x = tlb_extra(cpu);

    vaddr &= TARGET_PAGE_MASK;
    for (int i = 0; i < TCG_MMU_IDX_MAX; i++) {
        if (!(idxmap & (1u << i)))
            continue;
        if (in_large_page(&x->large[i], vaddr)) {
            tlb_flush_one_mmuidx(cpu, i);
            continue;
        }
        CPUTLBEntry *e = tlb_entry(cpu, i, vaddr);
        if (tlb_entry_maps(e, vaddr))
            memset(e, 0xff, sizeof(*e));
    }
    jmp_cache_clear(cpu);
}

/* Low `bits` bits of an address set (bits 1..64). */
static uint64_t addr_bits_mask(unsigned bits)
{
    return bits >= 64 ? UINT64_MAX : (1ull << bits) - 1;
}

/* Does the tag translate a page of vaddr when only the masked address bits count? */
static bool tlb_hit_masked(uint64_t tag, uint64_t vaddr, uint64_t mask)
{
    return !(tag & TLB_INVALID_MASK) && ((tag ^ vaddr) & TARGET_PAGE_MASK & mask) == 0;
}

static bool tlb_entry_maps_masked(const CPUTLBEntry *e, uint64_t vaddr, uint64_t mask)
{
    return tlb_hit_masked(e->addr_read, vaddr, mask) ||
           tlb_hit_masked(e->addr_write, vaddr, mask) ||
           tlb_hit_masked(e->addr_code, vaddr, mask);
}

void tlb_flush_range_by_mmuidx(CPUState *cpu, uint64_t vaddr, uint64_t len, uint16_t idxmap,
                               unsigned bits)
{
    CPUTLBExtra *x = tlb_extra(cpu);
    uint64_t mask = addr_bits_mask(bits);
    uint64_t first = vaddr & TARGET_PAGE_MASK;
    uint64_t pages = (len + (vaddr - first) + TARGET_PAGE_SIZE - 1) >> TARGET_PAGE_BITS;

    for (int i = 0; i < TCG_MMU_IDX_MAX; i++) {
        if (!(idxmap & (1u << i)))
            continue;
        /* A range as big as the table touches every entry anyway. */
        if (pages >= TCG_TLB_SIZE) {
            tlb_flush_one_mmuidx(cpu, i);
            continue;
        }
        for (uint64_t p = 0; p < pages; p++) {
            uint64_t page = first + (p << TARGET_PAGE_BITS);
            const LargePageRange *lp = &x->large[i];
            if (lp->mask && ((page ^ lp->addr) & lp->mask & mask) == 0) {
                tlb_flush_one_mmuidx(cpu, i);
                break;
            }
            CPUTLBEntry *e = tlb_entry(cpu, i, page);
            if (tlb_entry_maps_masked(e, page, mask))
                memset(e, 0xff, sizeof(*e));
        }
    }
    jmp_cache_clear(cpu);
}

void tlb_flush_page(CPUState *cpu, uint64_t vaddr)
{
    tlb_flush_page_by_mmuidx(cpu, vaddr, (1u << TCG_MMU_IDX_MAX) - 1);
}

void tlb_flush_all_cpus(void)
{
    CPU_FOREACH(cpu) { tlb_flush(cpu); }
}

void tlb_flush_page_all_cpus(uint64_t vaddr)
{
    CPU_FOREACH(cpu) { tlb_flush_page(cpu, vaddr); }
}

/*
 * The memory map changed: section indexes and host addends are stale.  A
 * TLB in use by a CPU running on another thread is flushed by that thread.
 */
static void tlb_memory_changed(AddressSpace *as)
{
    bool now = cpu_loop_quiesce();

    CPU_FOREACH(cpu)
    {
        if (cpu->as != as)
            continue;
        if (now) {
            tlb_flush(cpu);
        } else {
            __atomic_store_n(&tlb_extra(cpu)->flush_pending, true, __ATOMIC_RELEASE);
            cpu_exit(cpu);
        }
    }
    if (now)
        cpu_loop_resume();
}

void tlb_flush_if_pending(CPUState *cpu)
{
    CPUTLBExtra *x = tlb_extra(cpu);

    if (__atomic_exchange_n(&x->flush_pending, false, __ATOMIC_ACQ_REL))
        tlb_flush(cpu);
}

/* ------------------------------------------------------------ filling */

/* Grow the mmu_idx's large-page range to cover [vaddr, vaddr + size). */
static void tlb_add_large_page(CPUState *cpu, int mmu_idx, uint64_t vaddr, uint64_t size)
{
    LargePageRange *lp = &tlb_extra(cpu)->large[mmu_idx];
    uint64_t mask = ~(size - 1);

    if (lp->mask) {
        /* Widen until one aligned range holds both the old one and this. */
        mask &= lp->mask;
        while (((lp->addr ^ vaddr) & mask) != 0)
            mask <<= 1;
    }
    lp->mask = mask;
    lp->addr = vaddr & mask;
}

static bool section_covers_page(const MemorySection *s, uint64_t paddr)
{
    return paddr >= s->start && paddr - s->start <= s->size - TARGET_PAGE_SIZE &&
           s->size >= TARGET_PAGE_SIZE;
}

void tlb_set_page(CPUState *cpu, uint64_t vaddr, uint64_t paddr, int prot, int mmu_idx,
                  uint64_t page_size, uint8_t attrs)
{
    check_mmu_idx(mmu_idx);
    vaddr &= TARGET_PAGE_MASK;
    paddr &= TARGET_PAGE_MASK;
    if (page_size > TARGET_PAGE_SIZE)
        tlb_add_large_page(cpu, mmu_idx, vaddr, page_size);

    uint32_t index = address_space_find_section(cpu->as, paddr);
    const MemorySection *s = address_space_section(cpu->as, index);
    bool whole = section_covers_page(s, paddr);
    bool ram = whole && memory_region_is_ram(s->mr);
    bool rom = whole && memory_region_is_rom(s->mr);
    CPUTLBEntry *e = tlb_entry(cpu, mmu_idx, vaddr);

    uint64_t read_tag = vaddr | (ram || rom ? 0 : TLB_MMIO);
    uint64_t write_tag = vaddr | (!ram ? TLB_MMIO : tb_page_has_code(paddr) ? TLB_NOTDIRTY : 0);

    if (ram || rom) {
        uint8_t *host = memory_region_host_ptr(s->mr);
        e->addend = (uintptr_t)(host + s->offset_in_mr + (paddr - s->start)) - vaddr;
    } else {
        e->addend = 0;
    }
    e->addr_read = prot & PAGE_READ ? read_tag : UINT64_MAX;
    e->addr_write = prot & PAGE_WRITE ? write_tag : UINT64_MAX;
    e->addr_code = prot & PAGE_EXEC ? read_tag : UINT64_MAX;
    *tlb_entry_full(cpu, mmu_idx, vaddr) =
        (CPUTLBEntryFull){.phys_addr = paddr, .section = index, .prot = prot, .attrs = attrs};
}

void tlb_mark_code_page(uint64_t page_paddr)
{
    CPU_FOREACH(cpu)
    {
        for (int i = 0; i < TCG_MMU_IDX_MAX; i++) {
            for (unsigned j = 0; j < TCG_TLB_SIZE; j++) {
                CPUTLBEntry *e = &cpu->tcg.tlb[i][j];
                if (!(e->addr_write & (TLB_INVALID_MASK | TLB_MMIO)) &&
                    cpu->tlb_full[i][j].phys_addr == page_paddr)
                    e->addr_write |= TLB_NOTDIRTY;
            }
        }
    }
}

/*
 * The entry translating the page of addr for access, filled by the target
 * on a miss.  NULL on a fault (exception recorded, or nothing if probe).
 */
static CPUTLBEntry *tlb_lookup(CPUState *cpu, uint64_t addr, unsigned size,
                               MMUAccessType access, int mmu_idx, bool probe)
{
    CPUTLBEntry *e;

    check_mmu_idx(mmu_idx);
    e = tlb_entry(cpu, mmu_idx, addr);
    if (tlb_hit(tlb_tag(e, access), addr))
        return e;
    if (!cpu->cc->tlb_fill(cpu, addr, size, access, mmu_idx, probe))
        return NULL;
    if (!tlb_hit(tlb_tag(e, access), addr))
        gemu_bug("tlb_fill succeeded for 0x%" G_GINT64_MODIFIER "x (access %d, mmu_idx %d) "
                 "but installed no usable entry",
                 addr, access, mmu_idx);
    return e;
}

/* ------------------------------------------------------------ access */

static uint64_t tlb_paddr(CPUState *cpu, int mmu_idx, uint64_t addr)
{
    return tlb_entry_full(cpu, mmu_idx, addr)->phys_addr | (addr & ~TARGET_PAGE_MASK);
}

/* A device or unassigned address answered with an error. */
static bool transaction_failed(CPUState *cpu, uint64_t paddr, uint64_t vaddr,
                               MMUAccessType access, int mmu_idx, MemTxResult r)
{
    log_mask_printf(LOG_GUEST_ERROR,
                    "%s at physical 0x%" G_GINT64_MODIFIER "x (virtual 0x%" G_GINT64_MODIFIER
                    "x, access %d): %s\n",
                    access == MMU_DATA_STORE ? "store" : "load", paddr, vaddr, access,
                    r == MEMTX_DECODE_ERROR ? "nothing there" : "device error");
    if (cpu->cc->do_transaction_failed)
        cpu->cc->do_transaction_failed(cpu, paddr, vaddr, access, mmu_idx);
    return cpu->tcg.exception_index < 0;
}

/* Device accesses run under the big lock (the main loop touches devices too). */
static MemTxResult locked_io(CPUState *cpu, uint64_t paddr, unsigned size, uint64_t *val,
                             bool is_write)
{
    bool take = !bql_locked();
    MemTxResult r;

    if (take)
        bql_lock();
    r = is_write ? address_space_st(cpu->as, paddr, size, *val)
                 : address_space_ld(cpu->as, paddr, size, val);
    if (take)
        bql_unlock();
    return r;
}

static bool page_load(CPUState *cpu, uint64_t addr, unsigned size, MMUAccessType access,
                      int mmu_idx, uint64_t *val)
{
    CPUTLBEntry *e = tlb_lookup(cpu, addr, size, access, mmu_idx, false);

    *val = 0;
    if (!e)
        return false;
    if (!(tlb_tag(e, access) & TLB_MMIO)) {
        memcpy(val, (void *)(uintptr_t)(addr + e->addend), size); /* little-endian host */
        return true;
    }
    uint64_t paddr = tlb_paddr(cpu, mmu_idx, addr);
    MemTxResult r = locked_io(cpu, paddr, size, val, false);
    return r == MEMTX_OK || transaction_failed(cpu, paddr, addr, access, mmu_idx, r);
}

static bool page_store(CPUState *cpu, uint64_t addr, unsigned size, int mmu_idx, uint64_t val)
{
    CPUTLBEntry *e = tlb_lookup(cpu, addr, size, MMU_DATA_STORE, mmu_idx, false);

    if (!e)
        return false;
    uint64_t tag = e->addr_write;
    uint64_t paddr = tlb_paddr(cpu, mmu_idx, addr);
    if (tag & TLB_MMIO) {
        MemTxResult r = locked_io(cpu, paddr, size, &val, true);
        return r == MEMTX_OK ||
               transaction_failed(cpu, paddr, addr, MMU_DATA_STORE, mmu_idx, r);
    }
    if (tag & TLB_NOTDIRTY) {
        tb_invalidate_phys_range(paddr, size);
        if (!tb_page_has_code(paddr))
            e->addr_write = tag & ~TLB_NOTDIRTY;
    }
    memcpy((void *)(uintptr_t)(addr + e->addend), &val, size);
    return true;
}

static bool crosses_page(uint64_t addr, unsigned size)
{
    return (addr & ~TARGET_PAGE_MASK) + size > TARGET_PAGE_SIZE;
}

static bool misaligned(CPUState *cpu, uint64_t addr, MemOp op, MMUAccessType access,
                       int mmu_idx)
{
    if (!(op & MO_ALIGN) || !(addr & (memop_size(op) - 1)))
        return false;
    if (cpu->cc->do_unaligned_access)
        cpu->cc->do_unaligned_access(cpu, addr, access, mmu_idx);
    return cpu->tcg.exception_index >= 0;
}

static uint64_t bswap_size(uint64_t val, unsigned size)
{
    switch (size) {
    case 2:
        return __builtin_bswap16(val);
    case 4:
        return __builtin_bswap32(val);
    case 8:
        return __builtin_bswap64(val);
    default:
        return val;
    }
}

static uint64_t sign_extend(uint64_t val, unsigned size)
{
    unsigned shift = 64 - size * 8;
    return (uint64_t)((int64_t)(val << shift) >> shift);
}

static bool tlb_load(CPUState *cpu, uint64_t addr, MemOp op, int mmu_idx, MMUAccessType access,
                     uint64_t *val)
{
    unsigned size = memop_size(op);
    uint64_t v = 0;

    *val = 0;
    if (misaligned(cpu, addr, op, access, mmu_idx))
        return false;
    if (!crosses_page(addr, size)) {
        if (!page_load(cpu, addr, size, access, mmu_idx, &v))
            return false;
    } else {
        /* Byte by byte: the lower page faults first, as on hardware. */
        for (unsigned i = 0; i < size; i++) {
            uint64_t b;
            if (!page_load(cpu, addr + i, 1, access, mmu_idx, &b))
                return false;
            v |= b << (i * 8);
        }
    }
    if (op & MO_BE)
        v = bswap_size(v, size);
    if (op & MO_SIGN)
        v = sign_extend(v, size);
    *val = v;
    return true;
}

static bool tlb_store(CPUState *cpu, uint64_t addr, MemOp op, int mmu_idx, uint64_t val)
{
    unsigned size = memop_size(op);

    if (misaligned(cpu, addr, op, MMU_DATA_STORE, mmu_idx))
        return false;
    if (op & MO_BE)
        val = bswap_size(val, size);
    if (!crosses_page(addr, size))
        return page_store(cpu, addr, size, mmu_idx, val);
    /* Both pages must be writable before any byte is: no torn stores. */
    uint64_t second = (addr | ~TARGET_PAGE_MASK) + 1;
    if (!tlb_lookup(cpu, addr, size, MMU_DATA_STORE, mmu_idx, false) ||
        !tlb_lookup(cpu, second, 1, MMU_DATA_STORE, mmu_idx, false))
        return false;
    for (unsigned i = 0; i < size; i++) {
        if (!page_store(cpu, addr + i, 1, mmu_idx, (val >> (i * 8)) & 0xff))
            return false;
    }
    return true;
}

static uint64_t load_slow(void *env, uint64_t addr, MemOp op, unsigned mmu_idx)
{
    uint64_t val;
    tlb_load(env, addr, op, mmu_idx, MMU_DATA_LOAD, &val);
    return val;
}

static void store_slow(void *env, uint64_t addr, uint64_t val, MemOp op, unsigned mmu_idx)
{
    tlb_store(env, addr, op, mmu_idx, val);
}

bool cpu_ld(CPUState *cpu, uint64_t vaddr, MemOp op, int mmu_idx, uint64_t *val)
{
    return tlb_load(cpu, vaddr, op, mmu_idx, MMU_DATA_LOAD, val);
}

bool cpu_st(CPUState *cpu, uint64_t vaddr, MemOp op, int mmu_idx, uint64_t val)
{
    return tlb_store(cpu, vaddr, op, mmu_idx, val);
}

bool cpu_ld_code(CPUState *cpu, uint64_t vaddr, MemOp op, int mmu_idx, uint64_t *val)
{
    return tlb_load(cpu, vaddr, op, mmu_idx, MMU_INST_FETCH, val);
}

void *tlb_probe_host(CPUState *cpu, uint64_t vaddr, int len, MMUAccessType access, int mmu_idx)
{
    uint64_t unsafe = TLB_MMIO | TLB_WATCHPOINT | TLB_NOTDIRTY;

    if (len <= 0 || crosses_page(vaddr, len))
        return NULL;
    CPUTLBEntry *e = tlb_lookup(cpu, vaddr, len, access, mmu_idx, true);
    if (!e || (tlb_tag(e, access) & unsafe))
        return NULL;
    return (void *)(uintptr_t)(vaddr + e->addend);
}

uint64_t tlb_code_paddr(CPUState *cpu, uint64_t vaddr, int mmu_idx)
{
    if (!tlb_lookup(cpu, vaddr, 1, MMU_INST_FETCH, mmu_idx, false))
        return UINT64_MAX;
    return tlb_paddr(cpu, mmu_idx, vaddr);
}

void cputlb_init(void)
{
    static const TCGRuntime runtime = {.load_slow = load_slow, .store_slow = store_slow};
    static bool done;

    if (done)
        return;
    done = true;
    tcg_set_runtime(&runtime);
    memory_add_listener(tlb_memory_changed);
}
