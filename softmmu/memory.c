/*
 * Guest physical memory: the region tree and its flattened dispatch table.
 *
 * The tree is rendered top down, children in decreasing priority, each
 * range only filling space nobody of higher priority claimed; what is left
 * becomes "unassigned" sections that answer MEMTX_DECODE_ERROR.  The result
 * is a sorted array of sections searched by bisection.
 *
 * Flat views are replaced, never edited, and retired views are kept: a
 * section pointer obtained by another thread stays readable.  Memory map
 * changes are rare (board creation, a guest remapping a window), so what
 * they keep is bounded by the number of changes.  Regions, too, live until
 * exit (there is no destructor): both are remembered here for that reason.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <glib.h>

#include "exec/memory.h"
#include "exec/translator.h"
#include "util/error.h"
#include "util/log.h"

typedef enum RegionKind {
    MR_RAM,
    MR_ROM,
    MR_IO,
    MR_ALIAS,
    MR_CONTAINER,
    MR_UNASSIGNED,
} RegionKind;

struct MemoryRegion {
    char *name;
    RegionKind kind;
    uint64_t last; /* size - 1: a region may cover all 2^64 bytes */
    bool enabled;

    uint8_t *host; /* RAM and ROM */
    bool romd;     /* ROM device: reads from host (else through ops) */
    const MemoryRegionOps *ops; /* IO, and the writes of a ROM device */
    void *opaque;
    MemoryRegion *alias_target;
    uint64_t alias_offset;

    MemoryRegion *parent;
    uint64_t offset_in_parent;
    int priority;
    GPtrArray *children; /* containers: highest priority first */
};

typedef struct FlatView {
    MemorySection *sections;
    uint32_t nr;
    uint32_t capacity;
} FlatView;

struct AddressSpace {
    MemoryRegion *root;
    FlatView *view; /* current; replaced atomically */
};

static MemoryRegion unassigned_region = {
    .name = (char *)"unassigned",
    .kind = MR_UNASSIGNED,
    .last = UINT64_MAX,
    .enabled = true,
};

static AddressSpace *system_as;
static GPtrArray *address_spaces; /* all of them, the system one included */
static GPtrArray *listeners;
static GPtrArray *all_regions;
static GPtrArray *retired_views;

/* ------------------------------------------------------------ regions */

static MemoryRegion *region_new(const char *name, RegionKind kind, uint64_t size)
{
    if (size == 0)
        gemu_bug("memory region %s has size 0", name);
    MemoryRegion *mr = g_new0(MemoryRegion, 1);
    if (!all_regions)
        all_regions = g_ptr_array_new();
    g_ptr_array_add(all_regions, mr);
    mr->name = g_strdup(name);
    mr->kind = kind;
    mr->last = size - 1;
    mr->enabled = true;
    return mr;
}

static uint8_t *host_alloc(const char *name, uint64_t size)
{
    uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
    uint64_t len = (size + page - 1) & ~(page - 1);
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        fatal("cannot allocate %" G_GUINT64_FORMAT " bytes for %s", size, name);
    return p;
}

MemoryRegion *memory_region_new_ram(const char *name, uint64_t size)
{
    MemoryRegion *mr = region_new(name, MR_RAM, size);
    mr->host = host_alloc(name, size);
    return mr;
}

MemoryRegion *memory_region_new_rom(const char *name, uint64_t size)
{
    MemoryRegion *mr = region_new(name, MR_ROM, size);
    mr->host = host_alloc(name, size);
    return mr;
}

MemoryRegion *memory_region_new_rom_device(const char *name, uint64_t size,
                                         const MemoryRegionOps *ops, void *opaque)
{
    MemoryRegion *mr = memory_region_new_rom(name, size);
    mr->ops = ops;
    mr->opaque = opaque;
    mr->romd = true;
    return mr;
}

MemoryRegion *memory_region_new_io(const char *name, uint64_t size, const MemoryRegionOps *ops,
                                   void *opaque)
{
    MemoryRegion *mr = region_new(name, MR_IO, size);
    mr->ops = ops;
    mr->opaque = opaque;
    return mr;
}

MemoryRegion *memory_region_new_alias(const char *name, MemoryRegion *target, uint64_t offset,
                                      uint64_t size)
{
    MemoryRegion *mr = region_new(name, MR_ALIAS, size);
    mr->alias_target = target;
    mr->alias_offset = offset;
    return mr;
}

MemoryRegion *memory_region_new_container(const char *name, uint64_t size)
{
    MemoryRegion *mr = region_new(name, MR_CONTAINER, size);
    mr->children = g_ptr_array_new();
    return mr;
}

void *memory_region_host_ptr(MemoryRegion *mr) { return mr->host; }

uint64_t memory_region_size(const MemoryRegion *mr)
{
    return mr->last == UINT64_MAX ? UINT64_MAX : mr->last + 1;
}

const char *memory_region_name(const MemoryRegion *mr) { return mr->name; }

bool memory_region_is_ram(const MemoryRegion *mr) { return mr->kind == MR_RAM; }

bool memory_region_is_rom(const MemoryRegion *mr)
{
    return mr->kind == MR_ROM && (!mr->ops || mr->romd);
}

/* A ROM device in I/O mode reads through its ops; writes always do. */
static bool rom_device_io(const MemoryRegion *mr, bool is_write)
{
    return mr->kind == MR_ROM && mr->ops && (is_write || !mr->romd);
}

/* ------------------------------------------------------------ flattening */

static void view_insert(FlatView *v, uint32_t pos, uint64_t start, uint64_t last,
                        MemoryRegion *mr, uint64_t offset_in_mr)
{
    if (v->nr == v->capacity) {
        v->capacity = v->capacity ? v->capacity * 2 : 16;
        v->sections = g_renew(MemorySection, v->sections, v->capacity);
    }
    memmove(&v->sections[pos + 1], &v->sections[pos], (v->nr - pos) * sizeof(MemorySection));
    /* A section never covers all 2^64 bytes (gaps are split), so size fits. */
    v->sections[pos] = (MemorySection){
        .start = start, .size = last - start + 1, .mr = mr, .offset_in_mr = offset_in_mr};
    v->nr++;
}

static uint64_t section_last(const MemorySection *s) { return s->start + (s->size - 1); }

/*
 * Give [start, last] to mr (whose offset 0 is at guest address base) where
 * no higher-priority range already lies.
 */
static void view_claim(FlatView *v, uint64_t start, uint64_t last, MemoryRegion *mr,
                       uint64_t base)
{
    uint64_t cur = start;
    uint32_t i = 0;

    while (i < v->nr && section_last(&v->sections[i]) < cur)
        i++;
    while (i < v->nr && v->sections[i].start <= last) {
        const MemorySection *s = &v->sections[i];
        if (s->start > cur) {
            view_insert(v, i, cur, s->start - 1, mr, cur - base);
            i++;
            cur = v->sections[i].start;
            continue;
        }
        if (section_last(s) >= last)
            return;
        cur = section_last(s) + 1;
        i++;
    }
    view_insert(v, i, cur, last, mr, cur - base);
}

/*
 * Render the part [lo, hi] (offsets within mr) of mr, whose offset 0 is at
 * guest address base.  Offsets wrap modulo 2^64 in base only; [lo, hi] is
 * always a subrange of mr, so the guest range base + [lo, hi] never wraps.
 */
static void render(FlatView *v, MemoryRegion *mr, uint64_t base, uint64_t lo, uint64_t hi);

static void render_child(FlatView *v, MemoryRegion *child, uint64_t base, uint64_t lo,
                         uint64_t hi)
{
    uint64_t start = child->offset_in_parent;
    uint64_t last = start + child->last;

    if (last < start)
        last = UINT64_MAX; /* runs off the top: clipped to the parent */
    if (start > hi || last < lo)
        return;
    render(v, child, base + start, MAX(lo, start) - start, MIN(hi, last) - start);
}

static void render_alias(FlatView *v, MemoryRegion *alias, uint64_t base, uint64_t lo,
                         uint64_t hi)
{
    MemoryRegion *t = alias->alias_target;
    uint64_t ao = alias->alias_offset;
    uint64_t tlo = lo + ao, thi = hi + ao;

    if (tlo < lo || tlo > t->last)
        return; /* the window starts beyond the target */
    if (thi < hi || thi > t->last)
        thi = t->last;
    render(v, t, base - ao, tlo, thi);
}

static void render(FlatView *v, MemoryRegion *mr, uint64_t base, uint64_t lo, uint64_t hi)
{
    if (!mr->enabled)
        return;
    switch (mr->kind) {
    case MR_CONTAINER:
        for (guint i = 0; i < mr->children->len; i++)
            render_child(v, g_ptr_array_index(mr->children, i), base, lo, hi);
        break;
    case MR_ALIAS:
        render_alias(v, mr, base, lo, hi);
        break;
    default:
        view_claim(v, base + lo, base + hi, mr, base);
        break;
    }
}

static void view_fill_gaps(FlatView *v)
{
    uint64_t cur = 0;
    uint32_t i = 0;

    for (;;) {
        uint64_t next = i < v->nr ? v->sections[i].start : 0;
        if (i < v->nr && next == cur) {
            if (section_last(&v->sections[i]) == UINT64_MAX)
                return;
            cur = section_last(&v->sections[i]) + 1;
            i++;
            continue;
        }
        uint64_t last = i < v->nr ? next - 1 : UINT64_MAX;
        if (cur == 0 && last == UINT64_MAX) {
            /* Split so that every section's size fits in 64 bits. */
            view_insert(v, i++, 0, INT64_MAX, &unassigned_region, 0);
            cur = (uint64_t)INT64_MAX + 1;
        }
        view_insert(v, i++, cur, last, &unassigned_region, cur);
        if (last == UINT64_MAX)
            return;
        cur = last + 1;
    }
}

static FlatView *flatten(MemoryRegion *root)
{
    FlatView *v = g_new0(FlatView, 1);
    render(v, root, 0, 0, root->last);
    view_fill_gaps(v);
    return v;
}

static void address_space_update(AddressSpace *as)
{
    FlatView *v = flatten(as->root);
    if (!retired_views)
        retired_views = g_ptr_array_new();
    g_ptr_array_add(retired_views, as->view);
    __atomic_store_n(&as->view, v, __ATOMIC_RELEASE);
    for (guint i = 0; listeners && i < listeners->len; i++)
        ((MemoryListener)g_ptr_array_index(listeners, i))(as);
}

/*
 * mr's subtree changed: re-render the address space whose root holds it.
 * A region outside every address space's tree may still be reached through
 * aliases, so then all of them are re-rendered (changes are rare).
 */
static void memory_tree_changed(MemoryRegion *mr)
{
    while (mr->parent)
        mr = mr->parent;
    for (guint i = 0; address_spaces && i < address_spaces->len; i++) {
        AddressSpace *as = g_ptr_array_index(address_spaces, i);
        if (as->root == mr) {
            address_space_update(as);
            return;
        }
    }
    for (guint i = 0; address_spaces && i < address_spaces->len; i++)
        address_space_update(g_ptr_array_index(address_spaces, i));
}

static gint by_priority_desc(gconstpointer a, gconstpointer b)
{
    const MemoryRegion *x = *(MemoryRegion *const *)a;
    const MemoryRegion *y = *(MemoryRegion *const *)b;
    return (y->priority > x->priority) - (y->priority < x->priority);
}

void memory_region_add_subregion(MemoryRegion *parent, uint64_t offset, MemoryRegion *child,
                                 int priority)
{
    if (parent->kind != MR_CONTAINER)
        gemu_bug("%s is not a container (adding %s)", parent->name, child->name);
    if (child->parent)
        gemu_bug("%s is already mapped in %s", child->name, child->parent->name);
    child->parent = parent;
    child->offset_in_parent = offset;
    child->priority = priority;
    /* Equal priorities: the region added last wins (stable sort, prepended). */
    g_ptr_array_insert(parent->children, 0, child);
    g_ptr_array_sort(parent->children, by_priority_desc);
    memory_tree_changed(parent);
}

void memory_region_del_subregion(MemoryRegion *parent, MemoryRegion *child)
{
    if (child->parent != parent || !g_ptr_array_remove(parent->children, child))
        gemu_bug("%s is not a subregion of %s", child->name, parent->name);
    child->parent = NULL;
    memory_tree_changed(parent);
}

void memory_region_set_enabled(MemoryRegion *mr, bool enabled)
{
    if (mr->enabled == enabled)
        return;
    mr->enabled = enabled;
    memory_tree_changed(mr);
}

static FlatView *current_view(AddressSpace *as);

/*
 * TLBs map a ROM device's pages for direct reads only in ROM mode, so they
 * are flushed; code translated from it goes too, since what it reads in
 * ROM mode may have changed (flash programmed) in I/O mode.
 */
void memory_region_rom_device_set_romd(MemoryRegion *mr, bool romd)
{
    if (mr->romd == romd)
        return;
    mr->romd = romd;
    for (guint i = 0; address_spaces && i < address_spaces->len; i++) {
        AddressSpace *as = g_ptr_array_index(address_spaces, i);
        FlatView *v = current_view(as);
        for (uint32_t j = 0; j < v->nr; j++) {
            if (v->sections[j].mr == mr)
                tb_invalidate_phys_range(v->sections[j].start, v->sections[j].size);
        }
        for (guint k = 0; listeners && k < listeners->len; k++)
            ((MemoryListener)g_ptr_array_index(listeners, k))(as);
    }
}

void memory_add_listener(MemoryListener fn)
{
    if (!listeners)
        listeners = g_ptr_array_new();
    g_ptr_array_add(listeners, (gpointer)fn);
}

static AddressSpace *address_space_create(const char *name, uint64_t last)
{
    AddressSpace *as = g_new0(AddressSpace, 1);
    as->root = memory_region_new_container(name, 1);
    as->root->last = last;
    as->view = flatten(as->root);
    if (!address_spaces)
        address_spaces = g_ptr_array_new();
    g_ptr_array_add(address_spaces, as);
    return as;
}

AddressSpace *address_space_system(void)
{
    if (!system_as)
        system_as = address_space_create("system", UINT64_MAX);
    return system_as;
}

AddressSpace *address_space_new(const char *name, uint64_t size)
{
    if (size == 0)
        gemu_bug("address space %s has size 0", name);
    return address_space_create(name, size - 1);
}

MemoryRegion *address_space_root(AddressSpace *as) { return as->root; }

static FlatView *current_view(AddressSpace *as)
{
    return __atomic_load_n(&as->view, __ATOMIC_ACQUIRE);
}

static uint32_t view_find(const FlatView *v, uint64_t paddr)
{
    uint32_t lo = 0, hi = v->nr - 1;

    while (lo < hi) {
        uint32_t mid = lo + (hi - lo + 1) / 2;
        if (v->sections[mid].start <= paddr)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

uint32_t address_space_find_section(AddressSpace *as, uint64_t paddr)
{
    return view_find(current_view(as), paddr);
}

const MemorySection *address_space_section(AddressSpace *as, uint32_t index)
{
    FlatView *v = current_view(as);
    return &v->sections[index < v->nr ? index : 0];
}

/* ------------------------------------------------------------ dispatch */

static unsigned ops_min(const MemoryRegionOps *ops)
{
    return ops->min_access ? ops->min_access : 1;
}

static unsigned ops_max(const MemoryRegionOps *ops)
{
    return ops->max_access ? ops->max_access : 8;
}

static uint64_t size_mask(unsigned size)
{
    return size == 8 ? UINT64_MAX : (1ull << (size * 8)) - 1;
}

/* Results combine to the worst: a decode error anywhere makes the access one. */
static MemTxResult memtx_worst(MemTxResult a, MemTxResult b) { return MAX(a, b); }

static MemTxResult io_read(MemoryRegion *mr, uint64_t addr, unsigned size, uint64_t *val);
static MemTxResult io_write(MemoryRegion *mr, uint64_t addr, unsigned size, uint64_t val);

/* An access wider than the device takes: little-endian halves. */
static MemTxResult io_read_split(MemoryRegion *mr, uint64_t addr, unsigned size, uint64_t *val)
{
    unsigned half = size / 2;
    uint64_t lo = 0, hi = 0;
    /* Two statements: the low half goes to the device first. */
    MemTxResult r = io_read(mr, addr, half, &lo);
    r = memtx_worst(r, io_read(mr, addr + half, half, &hi));
    *val = lo | (hi << (half * 8));
    return r;
}

/* An access narrower than the device takes: the aligned window around it. */
static MemTxResult io_read_widen(MemoryRegion *mr, uint64_t addr, unsigned size, unsigned wide,
                                 uint64_t *val)
{
    uint64_t base = addr & ~(uint64_t)(wide - 1);
    uint64_t word = 0;
    MemTxResult r = io_read(mr, base, wide, &word);
    *val = (word >> ((addr - base) * 8)) & size_mask(size);
    return r;
}

static MemTxResult io_read(MemoryRegion *mr, uint64_t addr, unsigned size, uint64_t *val)
{
    const MemoryRegionOps *ops = mr->ops;

    if (size > ops_max(ops))
        return io_read_split(mr, addr, size, val);
    if (size < ops_min(ops))
        return io_read_widen(mr, addr, size, ops_min(ops), val);
    if (addr > mr->last || mr->last - addr < size - 1) {
        *val = 0;
        return MEMTX_DECODE_ERROR;
    }
    if (!ops->read) {
        log_mask_printf(LOG_UNIMP, "%s: read of 0x%" G_GINT64_MODIFIER "x unimplemented\n",
                        mr->name, addr);
        *val = 0;
        return MEMTX_OK;
    }
    *val = ops->read(mr->opaque, addr, size) & size_mask(size);
    return MEMTX_OK;
}

static MemTxResult io_write(MemoryRegion *mr, uint64_t addr, unsigned size, uint64_t val)
{
    const MemoryRegionOps *ops = mr->ops;

    if (size > ops_max(ops)) {
        unsigned half = size / 2;
        MemTxResult r = io_write(mr, addr, half, val & size_mask(half));
        return memtx_worst(r, io_write(mr, addr + half, half, val >> (half * 8)));
    }
    if (size < ops_min(ops)) {
        unsigned wide = ops_min(ops);
        uint64_t base = addr & ~(uint64_t)(wide - 1);
        unsigned shift = (addr - base) * 8;
        uint64_t word = 0;
        MemTxResult r = io_read(mr, base, wide, &word);
        word &= ~(size_mask(size) << shift);
        word |= (val & size_mask(size)) << shift;
        return memtx_worst(r, io_write(mr, base, wide, word));
    }
    if (addr > mr->last || mr->last - addr < size - 1)
        return MEMTX_DECODE_ERROR;
    if (!ops->write) {
        log_mask_printf(LOG_UNIMP, "%s: write of 0x%" G_GINT64_MODIFIER "x unimplemented\n",
                        mr->name, addr);
        return MEMTX_OK;
    }
    ops->write(mr->opaque, addr, val & size_mask(size), size);
    return MEMTX_OK;
}

static bool section_contains(const MemorySection *s, uint64_t offset, unsigned size)
{
    return offset < s->size && s->size - offset >= size;
}

MemTxResult memory_section_read(const MemorySection *s, uint64_t offset, unsigned size,
                                uint64_t *val)
{
    MemoryRegion *mr = s->mr;
    uint64_t addr = s->offset_in_mr + offset;

    *val = 0;
    if (!section_contains(s, offset, size))
        return MEMTX_DECODE_ERROR;
    if (rom_device_io(mr, false))
        return io_read(mr, addr, size, val);
    switch (mr->kind) {
    case MR_RAM:
    case MR_ROM:
        memcpy(val, mr->host + addr, size); /* hosts are little-endian */
        return MEMTX_OK;
    case MR_IO:
        return io_read(mr, addr, size, val);
    default:
        return MEMTX_DECODE_ERROR;
    }
}

static void rom_write_ignored(const MemorySection *s, uint64_t offset)
{
    log_mask_printf(LOG_GUEST_ERROR, "write to ROM %s at 0x%" G_GINT64_MODIFIER "x ignored\n",
                    s->mr->name, s->start + offset);
}

MemTxResult memory_section_write(const MemorySection *s, uint64_t offset, unsigned size,
                                 uint64_t val)
{
    MemoryRegion *mr = s->mr;
    uint64_t addr = s->offset_in_mr + offset;

    if (!section_contains(s, offset, size))
        return MEMTX_DECODE_ERROR;
    if (rom_device_io(mr, true))
        return io_write(mr, addr, size, val);
    switch (mr->kind) {
    case MR_RAM:
        tb_invalidate_phys_range(s->start + offset, size);
        memcpy(mr->host + addr, &val, size);
        return MEMTX_OK;
    case MR_ROM:
        rom_write_ignored(s, offset);
        return MEMTX_OK;
    case MR_IO:
        return io_write(mr, addr, size, val);
    default:
        return MEMTX_DECODE_ERROR;
    }
}

typedef enum RwMode { RW_READ, RW_WRITE, RW_WRITE_ROM } RwMode;

/* Largest naturally aligned device access of at most 8 bytes at addr. */
static unsigned io_chunk(uint64_t addr, uint64_t len)
{
    unsigned size = 8;
    while (size > len || (addr & (size - 1)))
        size /= 2;
    return size;
}

static MemTxResult io_rw(const MemorySection *s, uint64_t offset, uint8_t *buf, uint64_t len,
                         RwMode mode)
{
    MemTxResult r = MEMTX_OK;

    while (len) {
        unsigned n = io_chunk(s->start + offset, len);
        uint64_t val = 0;
        if (mode == RW_READ) {
            r = memtx_worst(r, memory_section_read(s, offset, n, &val));
            memcpy(buf, &val, n);
        } else {
            memcpy(&val, buf, n);
            r = memtx_worst(r, memory_section_write(s, offset, n, val));
        }
        offset += n;
        buf += n;
        len -= n;
    }
    return r;
}

/* A loader (re)placing firmware: code translated from the old image goes. */
static void rom_load(const MemorySection *s, uint64_t offset, uint8_t *host, const uint8_t *buf,
                     uint64_t len)
{
    tb_invalidate_phys_range(s->start + offset, len);
    memcpy(host, buf, len);
}

/* The part of one access that falls into section s at offset. */
static MemTxResult section_rw(const MemorySection *s, uint64_t offset, uint8_t *buf,
                              uint64_t len, RwMode mode)
{
    MemoryRegion *mr = s->mr;
    uint8_t *host = mr->host ? mr->host + s->offset_in_mr + offset : NULL;

    if (mode != RW_WRITE_ROM && rom_device_io(mr, mode == RW_WRITE))
        return io_rw(s, offset, buf, len, mode);
    switch (mr->kind) {
    case MR_RAM:
        if (mode == RW_READ) {
            memcpy(buf, host, len);
        } else {
            tb_invalidate_phys_range(s->start + offset, len);
            memcpy(host, buf, len);
        }
        return MEMTX_OK;
    case MR_ROM:
        if (mode == RW_READ)
            memcpy(buf, host, len);
        else if (mode == RW_WRITE_ROM)
            rom_load(s, offset, host, buf, len);
        else
            rom_write_ignored(s, offset);
        return MEMTX_OK;
    case MR_IO:
        return io_rw(s, offset, buf, len, mode);
    default:
        if (mode == RW_READ)
            memset(buf, 0, len);
        return MEMTX_DECODE_ERROR;
    }
}

static MemTxResult address_space_access(AddressSpace *as, uint64_t addr, uint8_t *buf,
                                        uint64_t len, RwMode mode)
{
    FlatView *v = current_view(as);
    MemTxResult r = MEMTX_OK;

    while (len) {
        const MemorySection *s = &v->sections[view_find(v, addr)];
        uint64_t offset = addr - s->start;
        uint64_t n = MIN(len, s->size - offset);
        r = memtx_worst(r, section_rw(s, offset, buf, n, mode));
        buf += n;
        len -= n;
        addr += n;
        if (len && addr == 0) {
            /* The access wrapped past the top of the address space. */
            if (mode == RW_READ)
                memset(buf, 0, len);
            return MEMTX_DECODE_ERROR;
        }
    }
    return r;
}

MemTxResult address_space_rw(AddressSpace *as, uint64_t addr, void *buf, uint64_t len,
                             bool is_write)
{
    return address_space_access(as, addr, buf, len, is_write ? RW_WRITE : RW_READ);
}

MemTxResult address_space_read(AddressSpace *as, uint64_t addr, void *buf, uint64_t len)
{
    return address_space_access(as, addr, buf, len, RW_READ);
}

MemTxResult address_space_write(AddressSpace *as, uint64_t addr, const void *buf, uint64_t len)
{
    return address_space_access(as, addr, (uint8_t *)buf, len, RW_WRITE);
}

MemTxResult address_space_write_rom(AddressSpace *as, uint64_t addr, const void *buf,
                                    uint64_t len)
{
    return address_space_access(as, addr, (uint8_t *)buf, len, RW_WRITE_ROM);
}

static bool scalar_size_ok(unsigned size)
{
    return size == 1 || size == 2 || size == 4 || size == 8;
}

MemTxResult address_space_ld(AddressSpace *as, uint64_t addr, unsigned size, uint64_t *val)
{
    FlatView *v = current_view(as);
    const MemorySection *s = &v->sections[view_find(v, addr)];

    *val = 0;
    if (!scalar_size_ok(size))
        gemu_bug("address_space_ld of %u bytes", size);
    /* One device access when it fits the section, else byte by byte. */
    if (section_contains(s, addr - s->start, size))
        return memory_section_read(s, addr - s->start, size, val);
    return address_space_access(as, addr, (uint8_t *)val, size, RW_READ);
}

MemTxResult address_space_st(AddressSpace *as, uint64_t addr, unsigned size, uint64_t val)
{
    FlatView *v = current_view(as);
    const MemorySection *s = &v->sections[view_find(v, addr)];

    if (!scalar_size_ok(size))
        gemu_bug("address_space_st of %u bytes", size);
    if (section_contains(s, addr - s->start, size))
        return memory_section_write(s, addr - s->start, size, val);
    return address_space_access(as, addr, (uint8_t *)&val, size, RW_WRITE);
}
