/*
 * The software TLB: fills for RAM, ROM and devices, guest accesses from
 * helpers (endianness, sign, alignment, page crossing, faults) and flushes
 * by page, by range, by mmu_idx and of large pages.
 *
 * The fake CPU's "page table" is a small list of mappings; tlb_fill walks
 * it and counts its calls, so a test can see whether an access hit the TLB.
 */
#include <string.h>

#include "exec/cputlb.h"
#include "exec/memory.h"
#include "sysemu/cpus.h"
#include "test.h"

__attribute__((weak)) void bql_lock(void) {}
__attribute__((weak)) void bql_unlock(void) {}
__attribute__((weak)) bool bql_locked(void) { return true; }

enum { FAKE_EXCP_PAGE_FAULT = 1, FAKE_EXCP_ALIGN, FAKE_EXCP_BUS };

typedef struct Mapping {
    uint64_t vaddr, paddr, size;
    int prot;
    uint64_t page_size; /* of the translation: TARGET_PAGE_SIZE or a block */
} Mapping;

static Mapping mappings[8];
static unsigned nr_mappings;
static unsigned fills;
static uint64_t fault_addr;

static bool fake_tlb_fill(CPUState *cpu, uint64_t vaddr, int size, MMUAccessType access,
                          int mmu_idx, bool probe)
{
    static const int need[] = {PAGE_READ, PAGE_WRITE, PAGE_EXEC};

    fills++;
    for (unsigned i = 0; i < nr_mappings; i++) {
        const Mapping *m = &mappings[i];
        if (vaddr - m->vaddr < m->size && (m->prot & need[access])) {
            tlb_set_page(cpu, vaddr, m->paddr + (vaddr - m->vaddr), m->prot, mmu_idx,
                         m->page_size, 0);
            return true;
        }
    }
    if (!probe) {
        cpu->tcg.exception_index = FAKE_EXCP_PAGE_FAULT;
        fault_addr = vaddr;
    }
    return false;
}

static void fake_unaligned(CPUState *cpu, uint64_t vaddr, MMUAccessType access, int mmu_idx)
{
    cpu->tcg.exception_index = FAKE_EXCP_ALIGN;
    fault_addr = vaddr;
}

static void fake_bus_error(CPUState *cpu, uint64_t paddr, uint64_t vaddr, MMUAccessType access,
                           int mmu_idx)
{
    cpu->tcg.exception_index = FAKE_EXCP_BUS;
    fault_addr = paddr;
}

static const CPUClass fake_cc = {
    .arch = "fake-tlb",
    .instance_size = sizeof(CPUState),
    .tlb_fill = fake_tlb_fill,
    .do_unaligned_access = fake_unaligned,
    .do_transaction_failed = fake_bus_error,
};

static const CPUModel fake_model = {.name = "fake", .cc = &fake_cc};

static CPUState *cpu;
static MemoryRegion *ram, *rom, *io;
static uint8_t *ram_host;
static uint32_t io_last_write;

static uint64_t io_read(void *opaque, uint64_t addr, unsigned size)
{
    return 0xa5a5a5a5 + addr;
}

static void io_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    io_last_write = val;
}

static const MemoryRegionOps io_ops = {io_read, io_write, 4, 4};

#define RAM_BASE 0x40000000ull
#define ROM_BASE 0x00000000ull
#define IO_BASE  0x09000000ull

static void map(uint64_t vaddr, uint64_t paddr, uint64_t size, int prot)
{
    mappings[nr_mappings++] = (Mapping){vaddr, paddr, size, prot, TARGET_PAGE_SIZE};
}

static void map_block(uint64_t vaddr, uint64_t paddr, uint64_t size, int prot)
{
    mappings[nr_mappings++] = (Mapping){vaddr, paddr, size, prot, size};
}

static void setup(void)
{
    AddressSpace *as = address_space_system();
    MemoryRegion *root = address_space_root(as);

    ram = memory_region_new_ram("ram", 0x400000);
    rom = memory_region_new_rom("rom", 0x10000);
    io = memory_region_new_io("io", 0x1000, &io_ops, NULL);
    memory_region_add_subregion(root, RAM_BASE, ram, 0);
    memory_region_add_subregion(root, ROM_BASE, rom, 0);
    memory_region_add_subregion(root, IO_BASE, io, 0);
    ram_host = memory_region_host_ptr(ram);

    cpu_model_register(&fake_model);
    cpu = cpu_create(cpu_model_find("fake-tlb", "fake"), as);

    int rwx = PAGE_READ | PAGE_WRITE | PAGE_EXEC;
    map(0x10000, RAM_BASE, 0x10000, rwx);                /* 16 small pages */
    map(0x20000, RAM_BASE + 0x10000, 0x1000, PAGE_READ); /* read-only */
    map(0x30000, ROM_BASE, 0x10000, rwx);
    map(0x40000, IO_BASE, 0x1000, PAGE_READ | PAGE_WRITE);
    map(0x50000, 0x7000000, 0x1000, PAGE_READ | PAGE_WRITE); /* nothing there */
    map_block(0x200000, RAM_BASE + 0x200000, 0x200000, rwx); /* a 2 MiB block */
}

static void test_ram_fill(void)
{
    uint64_t v;
    CPUTLBEntry *e = &cpu->tcg.tlb[1][tlb_index(0x11000)];

    memcpy(ram_host + 0x1008, "\x01\x02\x03\x04\x05\x06\x07\x88", 8);
    fills = 0;
    CHECK(cpu_ld(cpu, 0x11008, MO_UQ, 1, &v));
    CHECK_EQ(v, 0x8807060504030201ull);
    CHECK_EQ(fills, 1);
    CHECK_EQ(e->addr_read, 0x11000);
    CHECK_EQ(e->addr_write, 0x11000);
    CHECK_EQ(e->addr_code, 0x11000);
    CHECK_EQ(e->addend + 0x11008, (uintptr_t)(ram_host + 0x1008));
    CHECK_EQ(cpu->tlb_full[1][tlb_index(0x11000)].phys_addr, RAM_BASE + 0x1000);
    /* Hits: no more fills.  Big-endian and signed variants. */
    CHECK(cpu_ld(cpu, 0x11008, MO_UL | MO_BE, 1, &v));
    CHECK_EQ(v, 0x01020304);
    CHECK(cpu_ld(cpu, 0x1100f, MO_SB, 1, &v));
    CHECK_EQ(v, 0xffffffffffffff88ull);
    CHECK(cpu_st(cpu, 0x11010, MO_UW | MO_BE, 1, 0xbeef));
    CHECK_EQ(ram_host[0x1010], 0xbe);
    CHECK_EQ(fills, 1);
    /* Another mmu_idx has its own table. */
    CHECK(cpu_ld(cpu, 0x11008, MO_8, 2, &v));
    CHECK_EQ(fills, 2);
}

static void test_rom_and_io_fill(void)
{
    uint64_t v;
    CPUTLBEntry *e = &cpu->tcg.tlb[0][tlb_index(0x30000)];

    memcpy(memory_region_host_ptr(rom), "\x11\x22\x33\x44", 4);
    CHECK(cpu_ld(cpu, 0x30000, MO_UL, 0, &v));
    CHECK_EQ(v, 0x44332211);
    CHECK_EQ(e->addr_read, 0x30000);
    CHECK_EQ(e->addr_write, 0x30000 | TLB_MMIO);
    CHECK(cpu_st(cpu, 0x30000, MO_UL, 0, 0)); /* ignored, logged */
    CHECK(cpu_ld(cpu, 0x30000, MO_UL, 0, &v));
    CHECK_EQ(v, 0x44332211);

    e = &cpu->tcg.tlb[0][tlb_index(0x40000)];
    CHECK(cpu_ld(cpu, 0x40010, MO_UL, 0, &v));
    CHECK_EQ(v, 0xa5a5a5a5 + 0x10);
    CHECK_EQ(e->addr_read, 0x40000 | TLB_MMIO);
    CHECK(cpu_st(cpu, 0x40004, MO_UL, 0, 0x600d));
    CHECK_EQ(io_last_write, 0x600d);
    CHECK(tlb_probe_host(cpu, 0x40000, 4, MMU_DATA_LOAD, 0) == NULL);
    CHECK(tlb_probe_host(cpu, 0x12000, 4, MMU_DATA_STORE, 0) == ram_host + 0x2000);
}

static void test_faults(void)
{
    uint64_t v;

    /* Unmapped: tlb_fill records the fault. */
    cpu->tcg.exception_index = -1;
    CHECK(!cpu_ld(cpu, 0x99000, MO_UL, 0, &v));
    CHECK_EQ(cpu->tcg.exception_index, FAKE_EXCP_PAGE_FAULT);
    CHECK_EQ(fault_addr, 0x99000);
    /* Read-only page: the store faults, the load works. */
    cpu->tcg.exception_index = -1;
    CHECK(cpu_ld(cpu, 0x20000, MO_UL, 0, &v));
    CHECK(!cpu_st(cpu, 0x20000, MO_UL, 0, 1));
    CHECK_EQ(cpu->tcg.exception_index, FAKE_EXCP_PAGE_FAULT);
    /* Alignment. */
    cpu->tcg.exception_index = -1;
    CHECK(!cpu_ld(cpu, 0x11002, MO_UL | MO_ALIGN, 0, &v));
    CHECK_EQ(cpu->tcg.exception_index, FAKE_EXCP_ALIGN);
    cpu->tcg.exception_index = -1;
    CHECK(cpu_ld(cpu, 0x11002, MO_UL, 0, &v)); /* without MO_ALIGN it is fine */
    /* Nothing at the physical address: a bus error. */
    CHECK(!cpu_ld(cpu, 0x50000, MO_UL, 0, &v));
    CHECK_EQ(cpu->tcg.exception_index, FAKE_EXCP_BUS);
    CHECK_EQ(fault_addr, 0x7000000);
    cpu->tcg.exception_index = -1;
    /* probe: no exception. */
    CHECK(tlb_probe_host(cpu, 0x99000, 1, MMU_DATA_LOAD, 0) == NULL);
    CHECK_EQ(cpu->tcg.exception_index, -1);
}

static void test_page_crossing(void)
{
    uint64_t v;

    memcpy(ram_host + 0x2ffe, "\x01\x02\x03\x04", 4);
    CHECK(cpu_ld(cpu, 0x12ffe, MO_UL, 0, &v));
    CHECK_EQ(v, 0x04030201);
    CHECK(cpu_st(cpu, 0x12ffd, MO_UQ, 0, 0x1122334455667788ull));
    CHECK_EQ(ram_host[0x2ffd], 0x88);
    CHECK_EQ(ram_host[0x3004], 0x11);
    /* The second page (0x20000 - 0x1f000 is unmapped) faults; nothing is written. */
    cpu->tcg.exception_index = -1;
    ram_host[0xfffe] = 0;
    CHECK(!cpu_st(cpu, 0x1fffe, MO_UL, 0, 0xffffffff));
    CHECK_EQ(ram_host[0xfffe], 0);
    cpu->tcg.exception_index = -1;
}

static bool tlb_has(int mmu_idx, uint64_t vaddr)
{
    const CPUTLBEntry *e = &cpu->tcg.tlb[mmu_idx][tlb_index(vaddr)];
    return (e->addr_read & (TARGET_PAGE_MASK | TLB_INVALID_MASK)) == vaddr;
}

static void touch(int mmu_idx, uint64_t vaddr)
{
    uint64_t v;
    CHECK(cpu_ld(cpu, vaddr, MO_8, mmu_idx, &v));
}

static void test_flush_page(void)
{
    tlb_flush(cpu);
    touch(0, 0x13000);
    touch(0, 0x14000);
    touch(1, 0x13000);
    cpu->tb_jmp_cache[5] = (TranslationBlock *)1;
    tlb_flush_page_by_mmuidx(cpu, 0x13abc, 1u << 0);
    CHECK(!tlb_has(0, 0x13000));
    CHECK(tlb_has(0, 0x14000));
    CHECK(tlb_has(1, 0x13000));
    CHECK(cpu->tb_jmp_cache[5] == NULL);
    tlb_flush_page(cpu, 0x13000);
    CHECK(!tlb_has(1, 0x13000));
    /* A page with another tag in the same slot stays. */
    CHECK(tlb_has(0, 0x14000));
    tlb_flush_page(cpu, 0x14000 + TCG_TLB_SIZE * TARGET_PAGE_SIZE);
    CHECK(tlb_has(0, 0x14000));
}

static void test_flush_mmuidx(void)
{
    touch(0, 0x15000);
    touch(3, 0x15000);
    touch(4, 0x15000);
    tlb_flush_by_mmuidx(cpu, (1u << 3) | (1u << 4));
    CHECK(tlb_has(0, 0x15000));
    CHECK(!tlb_has(3, 0x15000));
    CHECK(!tlb_has(4, 0x15000));
    tlb_flush_all_cpus();
    CHECK(!tlb_has(0, 0x15000));
}

static void test_large_page(void)
{
    tlb_flush(cpu);
    touch(0, 0x200000);
    touch(0, 0x3ff000);
    touch(0, 0x16000);  /* a small page in the same mmu_idx */
    touch(1, 0x300000); /* the block in another mmu_idx */
    /* Flushing any page of the block drops the whole mmu_idx. */
    tlb_flush_page_by_mmuidx(cpu, 0x234000, 1u << 0);
    CHECK(!tlb_has(0, 0x200000));
    CHECK(!tlb_has(0, 0x3ff000));
    CHECK(!tlb_has(0, 0x16000));
    CHECK(tlb_has(1, 0x300000));
    /* After that, small-page flushes are exact again. */
    touch(0, 0x16000);
    touch(0, 0x17000);
    tlb_flush_page_by_mmuidx(cpu, 0x16000, 1u << 0);
    CHECK(!tlb_has(0, 0x16000));
    CHECK(tlb_has(0, 0x17000));
    /* And in mmu_idx 1 the block is still recorded. */
    tlb_flush_page(cpu, 0x3fe000);
    CHECK(!tlb_has(1, 0x300000));
}

/* A range flush (a 16K granule, say) drops exactly its pages, in the mmu_idx asked. */
static void test_flush_range(void)
{
    tlb_flush(cpu);
    touch(0, 0x10000);
    touch(0, 0x13000);
    touch(0, 0x14000);
    touch(1, 0x13000);
    tlb_flush_range_by_mmuidx(cpu, 0x10000, 0x4000, 1u << 0, 64);
    CHECK(!tlb_has(0, 0x10000));
    CHECK(!tlb_has(0, 0x13000));
    CHECK(tlb_has(0, 0x14000));
    CHECK(tlb_has(1, 0x13000));
    /* Comparing 56 bits, an address with another top byte names the same page. */
    tlb_flush_range_by_mmuidx(cpu, 0x5a00000000013000ull, 0x1000, 1u << 1, 56);
    CHECK(!tlb_has(1, 0x13000));
    touch(1, 0x13000);
    tlb_flush_range_by_mmuidx(cpu, 0x5a00000000013000ull, 0x1000, 1u << 1, 64);
    CHECK(tlb_has(1, 0x13000));
    /* A range inside a recorded block drops the whole mmu_idx. */
    touch(0, 0x200000);
    tlb_flush_range_by_mmuidx(cpu, 0x204000, 0x4000, 1u << 0, 64);
    CHECK(!tlb_has(0, 0x200000));
    CHECK(!tlb_has(0, 0x14000));
}

static void test_code_paddr(void)
{
    CHECK_EQ(tlb_code_paddr(cpu, 0x18004, 0), RAM_BASE + 0x8004);
    CHECK_EQ(tlb_code_paddr(cpu, 0x40000, 0), UINT64_MAX); /* not executable */
    CHECK_EQ(cpu->tcg.exception_index, FAKE_EXCP_PAGE_FAULT);
    cpu->tcg.exception_index = -1;
}

static void test_remap_flushes(void)
{
    MemoryRegion *extra = memory_region_new_ram("extra", 0x1000);

    touch(0, 0x19000);
    CHECK(tlb_has(0, 0x19000));
    memory_region_add_subregion(address_space_root(address_space_system()), 0x8000000, extra,
                                0);
    CHECK(!tlb_has(0, 0x19000));
}

static void test_reset_flushes(void)
{
    touch(0, 0x1a000);
    cpu->tcg.exception_index = FAKE_EXCP_BUS;
    cpu_reset(cpu);
    CHECK(!tlb_has(0, 0x1a000));
    CHECK_EQ(cpu->tcg.exception_index, -1);
}

int main(void)
{
    setup();
    RUN_TEST(test_ram_fill);
    RUN_TEST(test_rom_and_io_fill);
    RUN_TEST(test_faults);
    RUN_TEST(test_page_crossing);
    RUN_TEST(test_flush_page);
    RUN_TEST(test_flush_mmuidx);
    RUN_TEST(test_large_page);
    RUN_TEST(test_flush_range);
    RUN_TEST(test_code_paddr);
    RUN_TEST(test_remap_flushes);
    RUN_TEST(test_reset_flushes);
    return test_finish();
}
