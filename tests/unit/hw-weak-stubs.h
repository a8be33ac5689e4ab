/*
 * Temporary weak stand-ins for the softmmu and target layers, so the hw
 * unit tests link and run before those layers are merged.  Real
 * definitions override every one of these; the tests only use the public
 * memory and irq APIs, so they run unchanged against the real layers.
 *
 * The fake memory is one flat list of regions placed in the root.
 */
#ifndef TESTS_UNIT_HW_WEAK_STUBS_H
#define TESTS_UNIT_HW_WEAK_STUBS_H

#include <glib.h>
#include <string.h>

#include "exec/cpu.h"
#include "exec/memory.h"
#include "hw/arm/boot.h"
#include "hw/irq.h"

#define WEAK __attribute__((weak))

enum { FAKE_RAM, FAKE_ROM, FAKE_IO, FAKE_CONTAINER };

struct MemoryRegion {
    int kind;
    uint64_t size;
    uint8_t *host;
    const MemoryRegionOps *ops;
    void *opaque;
};

enum { FAKE_MAX_SECTIONS = 16 };
static MemorySection fake_sections[FAKE_MAX_SECTIONS + 1]; /* last: the gap */
static int fake_num_sections;
static MemoryRegion fake_root = {FAKE_CONTAINER, UINT64_MAX};
static MemoryRegion fake_unassigned = {FAKE_IO, UINT64_MAX};

static MemoryRegion *fake_region(int kind, uint64_t size)
{
    MemoryRegion *mr = g_new0(MemoryRegion, 1);
    mr->kind = kind;
    mr->size = size;
    if (kind == FAKE_RAM || kind == FAKE_ROM)
        mr->host = g_malloc0(size);
    return mr;
}

WEAK MemoryRegion *memory_region_new_ram(const char *name, uint64_t size)
{
    return fake_region(FAKE_RAM, size);
}

WEAK MemoryRegion *memory_region_new_rom(const char *name, uint64_t size)
{
    return fake_region(FAKE_ROM, size);
}

WEAK MemoryRegion *memory_region_new_io(const char *name, uint64_t size,
                                        const MemoryRegionOps *ops, void *opaque)
{
    MemoryRegion *mr = fake_region(FAKE_IO, size);
    mr->ops = ops;
    mr->opaque = opaque;
    return mr;
}

WEAK void *memory_region_host_ptr(MemoryRegion *mr) { return mr->host; }
WEAK bool memory_region_is_ram(const MemoryRegion *mr) { return mr->kind == FAKE_RAM; }
WEAK bool memory_region_is_rom(const MemoryRegion *mr) { return mr->kind == FAKE_ROM; }
WEAK AddressSpace *address_space_system(void) { return (AddressSpace *)&fake_root; }
WEAK MemoryRegion *address_space_root(AddressSpace *as) { return &fake_root; }

WEAK void memory_region_add_subregion(MemoryRegion *parent, uint64_t offset,
                                      MemoryRegion *child, int priority)
{
    if (fake_num_sections == FAKE_MAX_SECTIONS)
        abort();
    fake_sections[fake_num_sections++] = (MemorySection){offset, child->size, child, 0};
}

WEAK uint32_t address_space_find_section(AddressSpace *as, uint64_t paddr)
{
    uint64_t gap_start = 0, gap_end = UINT64_MAX;
    for (int i = 0; i < fake_num_sections; i++) {
        MemorySection *s = &fake_sections[i];
        if (paddr >= s->start && paddr - s->start < s->size)
            return i;
        if (s->start + s->size <= paddr)
            gap_start = MAX(gap_start, s->start + s->size);
        else if (s->start > paddr)
            gap_end = MIN(gap_end, s->start - 1);
    }
    fake_sections[FAKE_MAX_SECTIONS] =
        (MemorySection){gap_start, gap_end - gap_start + 1, &fake_unassigned, 0};
    return FAKE_MAX_SECTIONS;
}

WEAK const MemorySection *address_space_section(AddressSpace *as, uint32_t index)
{
    return &fake_sections[index];
}

static MemTxResult fake_access(AddressSpace *as, uint64_t addr, void *buf, uint64_t len,
                               bool is_write, bool rom_ok)
{
    const MemorySection *s = address_space_section(as, address_space_find_section(as, addr));
    uint64_t off = addr - s->start;
    if (!s->mr->host || len > s->size - off)
        return MEMTX_DECODE_ERROR;
    if (!is_write)
        memcpy(buf, s->mr->host + off, len);
    else if (s->mr->kind == FAKE_RAM || rom_ok)
        memcpy(s->mr->host + off, buf, len);
    return MEMTX_OK;
}

WEAK MemTxResult address_space_write_rom(AddressSpace *as, uint64_t addr, const void *buf,
                                         uint64_t len)
{
    return fake_access(as, addr, (void *)buf, len, true, true);
}

WEAK MemTxResult address_space_read(AddressSpace *as, uint64_t addr, void *buf, uint64_t len)
{
    return fake_access(as, addr, buf, len, false, false);
}

WEAK MemTxResult address_space_ld(AddressSpace *as, uint64_t addr, unsigned size, uint64_t *val)
{
    const MemorySection *s = address_space_section(as, address_space_find_section(as, addr));
    if (!s->mr->ops) {
        *val = 0;
        return fake_access(as, addr, val, size, false, false);
    }
    *val = s->mr->ops->read(s->mr->opaque, addr - s->start, size);
    return MEMTX_OK;
}

WEAK MemTxResult address_space_st(AddressSpace *as, uint64_t addr, unsigned size, uint64_t val)
{
    const MemorySection *s = address_space_section(as, address_space_find_section(as, addr));
    if (!s->mr->ops)
        return fake_access(as, addr, &val, size, true, false);
    s->mr->ops->write(s->mr->opaque, addr - s->start, val, size);
    return MEMTX_OK;
}

struct IRQState {
    qemu_irq_handler handler;
    void *opaque;
    int n;
};

WEAK qemu_irq qemu_allocate_irq(qemu_irq_handler handler, void *opaque, int n)
{
    qemu_irq irq = g_new0(struct IRQState, 1);
    *irq = (struct IRQState){handler, opaque, n};
    return irq;
}

WEAK void qemu_set_irq(qemu_irq irq, int level)
{
    if (irq)
        irq->handler(irq->opaque, irq->n, level);
}

WEAK CPUState *cpu_first(void) { return NULL; }
WEAK void cpu_exit(CPUState *cpu) {}
WEAK CPUState *cpu_create(const CPUModel *model, AddressSpace *as) { return NULL; }
WEAK int cpu_exec(CPUState *cpu) { return EXCP_HALTED; }
WEAK void cpu_exec_set_tier(TCGTier tier) {}
WEAK const CPUModel *cpu_model_find(const char *arch, const char *name) { return NULL; }
WEAK void cpu_model_list(const char *arch, FILE *f) {}
WEAK void arm_cpu_set_boot_regs(CPUState *cpu, uint64_t entry, uint64_t x0) {}

#endif
