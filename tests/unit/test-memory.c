/*
 * Memory dispatch: RAM, ROM, devices with access-size rules, aliases,
 * priorities, unassigned space and accesses crossing sections.
 *
 * Every case builds its regions inside its own window of the system
 * address space (the tree is global), and removes them when done.
 */
#include <string.h>

#include "exec/memory.h"
#include "test.h"

/* The big lock comes from softmmu/runstate.c in the full build. */
__attribute__((weak)) void bql_lock(void) {}
__attribute__((weak)) void bql_unlock(void) {}
__attribute__((weak)) bool bql_locked(void) { return true; }

/* A device that records its accesses and answers a pattern. */
typedef struct FakeDev {
    unsigned reads, writes;
    uint64_t last_addr, last_val;
    unsigned last_size;
    uint8_t regs[64];
} FakeDev;

static uint64_t fake_read(void *opaque, uint64_t addr, unsigned size)
{
    FakeDev *d = opaque;
    uint64_t v = 0;
    d->reads++;
    d->last_addr = addr;
    d->last_size = size;
    memcpy(&v, &d->regs[addr], size);
    return v;
}

static void fake_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    FakeDev *d = opaque;
    d->writes++;
    d->last_addr = addr;
    d->last_size = size;
    d->last_val = val;
    memcpy(&d->regs[addr], &val, size);
}

static MemoryRegion *root(void) { return address_space_root(address_space_system()); }

static void test_ram_rw(void)
{
    AddressSpace *as = address_space_system();
    MemoryRegion *ram = memory_region_new_ram("ram", 0x10000);
    uint8_t buf[16] = "0123456789abcdef", out[16] = {0};
    uint64_t v;

    memory_region_add_subregion(root(), 0x100000, ram, 0);
    CHECK_EQ(address_space_write(as, 0x100010, buf, 16), MEMTX_OK);
    CHECK(!memcmp((uint8_t *)memory_region_host_ptr(ram) + 0x10, buf, 16));
    CHECK_EQ(address_space_read(as, 0x100010, out, 16), MEMTX_OK);
    CHECK(!memcmp(out, buf, 16));
    CHECK_EQ(address_space_st(as, 0x100100, 4, 0x11223344), MEMTX_OK);
    CHECK_EQ(address_space_ld(as, 0x100101, 2, &v), MEMTX_OK);
    CHECK_EQ(v, 0x2233);
    memory_region_del_subregion(root(), ram);
    CHECK_EQ(address_space_ld(as, 0x100100, 4, &v), MEMTX_DECODE_ERROR);
}

static void test_rom(void)
{
    AddressSpace *as = address_space_system();
    MemoryRegion *rom = memory_region_new_rom("rom", 0x1000);
    uint32_t word = 0xdeadbeef;
    uint64_t v;

    memory_region_add_subregion(root(), 0x200000, rom, 0);
    CHECK(memory_region_is_rom(rom));
    CHECK_EQ(address_space_write_rom(as, 0x200000, &word, 4), MEMTX_OK);
    CHECK_EQ(address_space_st(as, 0x200000, 4, 0x12345678), MEMTX_OK); /* ignored */
    CHECK_EQ(address_space_ld(as, 0x200000, 4, &v), MEMTX_OK);
    CHECK_EQ(v, 0xdeadbeef);
    memory_region_del_subregion(root(), rom);
}

/* A ROM device reads its memory in ROM mode, its ops in I/O mode; writes always go to ops. */
static void test_rom_device(void)
{
    static const MemoryRegionOps ops = {.read = fake_read, .write = fake_write};
    AddressSpace *as = address_space_system();
    FakeDev dev = {.regs = {0x11, 0x22}};
    MemoryRegion *flash = memory_region_new_rom_device("flash", 0x1000, &ops, &dev);
    uint32_t word = 0xcafef00d;
    uint64_t v;

    memory_region_add_subregion(root(), 0x280000, flash, 0);
    CHECK(memory_region_is_rom(flash));
    CHECK_EQ(address_space_write_rom(as, 0x280000, &word, 4), MEMTX_OK);
    CHECK_EQ(address_space_st(as, 0x280004, 2, 0x98), MEMTX_OK);
    CHECK_EQ(dev.writes, 1);
    CHECK_EQ(dev.last_addr, 4);
    CHECK_EQ(address_space_ld(as, 0x280000, 4, &v), MEMTX_OK);
    CHECK_EQ(v, 0xcafef00d);
    CHECK_EQ(dev.reads, 0);
    memory_region_rom_device_set_romd(flash, false);
    CHECK(!memory_region_is_rom(flash));
    CHECK_EQ(address_space_ld(as, 0x280000, 2, &v), MEMTX_OK);
    CHECK_EQ(v, 0x2211);
    CHECK_EQ(dev.reads, 1);
    memory_region_rom_device_set_romd(flash, true);
    CHECK_EQ(address_space_ld(as, 0x280000, 4, &v), MEMTX_OK);
    CHECK_EQ(v, 0xcafef00d);
    memory_region_del_subregion(root(), flash);
}

static void test_io_sizes(void)
{
    static const MemoryRegionOps ops = {fake_read, fake_write, 4, 4};
    AddressSpace *as = address_space_system();
    FakeDev dev = {0};
    MemoryRegion *io = memory_region_new_io("dev", 0x40, &ops, &dev);
    uint64_t v;

    memory_region_add_subregion(root(), 0x300000, io, 0);
    /* 8 bytes: split into two 4-byte accesses. */
    CHECK_EQ(address_space_st(as, 0x300008, 8, 0x1111111122222222ull), MEMTX_OK);
    CHECK_EQ(dev.writes, 2);
    CHECK_EQ(dev.last_addr, 0xc);
    CHECK_EQ(dev.last_val, 0x11111111);
    /* 1 byte: widened to the aligned word, read-modify-write for stores. */
    dev.reads = dev.writes = 0;
    CHECK_EQ(address_space_st(as, 0x300009, 1, 0xab), MEMTX_OK);
    CHECK_EQ(dev.reads, 1);
    CHECK_EQ(dev.writes, 1);
    CHECK_EQ(dev.last_size, 4);
    CHECK_EQ(dev.last_val, 0x2222ab22);
    CHECK_EQ(address_space_ld(as, 0x30000a, 1, &v), MEMTX_OK);
    CHECK_EQ(v, 0x22);
    CHECK_EQ(dev.last_size, 4);
    /* A 4-byte scalar straddling the device's end: the outside byte fails. */
    CHECK_EQ(address_space_ld(as, 0x30003e, 4, &v), MEMTX_DECODE_ERROR);
    memory_region_del_subregion(root(), io);
}

static void test_io_default_sizes(void)
{
    static const MemoryRegionOps ops = {fake_read, fake_write, 0, 0};
    AddressSpace *as = address_space_system();
    FakeDev dev = {0};
    MemoryRegion *io = memory_region_new_io("dev8", 0x40, &ops, &dev);
    uint8_t buf[7] = {1, 2, 3, 4, 5, 6, 7};

    memory_region_add_subregion(root(), 0x310000, io, 0);
    /* A 7-byte buffer at offset 1: naturally aligned chunks 1, 2, 4. */
    CHECK_EQ(address_space_write(as, 0x310001, buf, 7), MEMTX_OK);
    CHECK_EQ(dev.writes, 3);
    CHECK_EQ(dev.last_size, 4);
    CHECK_EQ(dev.last_addr, 4);
    CHECK(!memcmp(&dev.regs[1], buf, 7));
    memory_region_del_subregion(root(), io);
}

static void test_alias(void)
{
    AddressSpace *as = address_space_system();
    MemoryRegion *ram = memory_region_new_ram("aliased", 0x4000);
    MemoryRegion *alias = memory_region_new_alias("window", ram, 0x1000, 0x2000);
    uint64_t v;

    memory_region_add_subregion(root(), 0x400000, ram, 0);
    memory_region_add_subregion(root(), 0x500000, alias, 0);
    CHECK_EQ(address_space_st(as, 0x401008, 8, 0x0102030405060708ull), MEMTX_OK);
    CHECK_EQ(address_space_ld(as, 0x500008, 8, &v), MEMTX_OK);
    CHECK_EQ(v, 0x0102030405060708ull);
    /* The window ends after 0x2000 bytes. */
    CHECK_EQ(address_space_ld(as, 0x502000, 1, &v), MEMTX_DECODE_ERROR);
    memory_region_del_subregion(root(), alias);
    memory_region_del_subregion(root(), ram);
}

static void test_priority(void)
{
    AddressSpace *as = address_space_system();
    MemoryRegion *low = memory_region_new_ram("low", 0x4000);
    MemoryRegion *high = memory_region_new_ram("high", 0x1000);
    uint64_t v;

    memset(memory_region_host_ptr(low), 0x11, 0x4000);
    memset(memory_region_host_ptr(high), 0x22, 0x1000);
    memory_region_add_subregion(root(), 0x600000, high, 1);
    memory_region_add_subregion(root(), 0x600000 - 0x1000, low, 0);
    /* high covers [0x600000, 0x601000) over low's middle. */
    CHECK_EQ(address_space_ld(as, 0x5fffff, 1, &v), MEMTX_OK);
    CHECK_EQ(v, 0x11);
    CHECK_EQ(address_space_ld(as, 0x600000, 1, &v), MEMTX_OK);
    CHECK_EQ(v, 0x22);
    CHECK_EQ(address_space_ld(as, 0x601000, 1, &v), MEMTX_OK);
    CHECK_EQ(v, 0x11);
    /* A 4-byte load across the boundary reads from both. */
    CHECK_EQ(address_space_ld(as, 0x600ffe, 4, &v), MEMTX_OK);
    CHECK_EQ(v, 0x11112222);
    /* Disabled, the lower region shows through. */
    memory_region_set_enabled(high, false);
    CHECK_EQ(address_space_ld(as, 0x600000, 1, &v), MEMTX_OK);
    CHECK_EQ(v, 0x11);
    memory_region_del_subregion(root(), high);
    memory_region_del_subregion(root(), low);
}

static void test_container(void)
{
    AddressSpace *as = address_space_system();
    MemoryRegion *box = memory_region_new_container("box", 0x10000);
    MemoryRegion *ram = memory_region_new_ram("inner", 0x1000);
    uint64_t v;

    memory_region_add_subregion(box, 0x2000, ram, 0);
    memory_region_add_subregion(root(), 0x700000, box, 0);
    CHECK_EQ(address_space_st(as, 0x702004, 4, 0xcafe), MEMTX_OK);
    CHECK_EQ(*(uint32_t *)((uint8_t *)memory_region_host_ptr(ram) + 4), 0xcafe);
    /* Holes inside a container are unassigned. */
    CHECK_EQ(address_space_ld(as, 0x700000, 4, &v), MEMTX_DECODE_ERROR);
    memory_region_del_subregion(root(), box);
}

static void test_unassigned_and_cross(void)
{
    AddressSpace *as = address_space_system();
    MemoryRegion *a = memory_region_new_ram("a", 0x1000);
    MemoryRegion *b = memory_region_new_ram("b", 0x1000);
    uint8_t buf[0x20], out[0x20];
    uint64_t v;

    for (int i = 0; i < 0x20; i++)
        buf[i] = i;
    memory_region_add_subregion(root(), 0x800000, a, 0);
    memory_region_add_subregion(root(), 0x801000, b, 0);
    CHECK_EQ(address_space_write(as, 0x800ff0, buf, 0x20), MEMTX_OK);
    CHECK_EQ(address_space_read(as, 0x800ff0, out, 0x20), MEMTX_OK);
    CHECK(!memcmp(buf, out, 0x20));
    CHECK_EQ(((uint8_t *)memory_region_host_ptr(b))[0], 0x10);
    /* Into the hole after b: the RAM part is read, the rest is an error. */
    memset(out, 0xff, sizeof(out));
    CHECK_EQ(address_space_read(as, 0x801ff0, out, 0x20), MEMTX_DECODE_ERROR);
    CHECK_EQ(out[0x1f], 0);
    CHECK_EQ(address_space_ld(as, 0xdead0000, 8, &v), MEMTX_DECODE_ERROR);
    CHECK_EQ(v, 0);
    /* Wrapping past the top of the address space is an error, not a crash. */
    CHECK_EQ(address_space_read(as, UINT64_MAX - 3, out, 8), MEMTX_DECODE_ERROR);
    memory_region_del_subregion(root(), a);
    memory_region_del_subregion(root(), b);
}

static void test_sections(void)
{
    AddressSpace *as = address_space_system();
    MemoryRegion *ram = memory_region_new_ram("sec", 0x3000);
    uint32_t i;
    const MemorySection *s;

    memory_region_add_subregion(root(), 0x900000, ram, 0);
    i = address_space_find_section(as, 0x901234);
    s = address_space_section(as, i);
    CHECK(s->mr == ram);
    CHECK_EQ(s->start, 0x900000);
    CHECK_EQ(s->size, 0x3000);
    s = address_space_section(as, address_space_find_section(as, UINT64_MAX));
    CHECK(!memory_region_is_ram(s->mr) && !memory_region_is_rom(s->mr));
    CHECK_EQ(s->start + (s->size - 1), UINT64_MAX);
    memory_region_del_subregion(root(), ram);
}

static int listener_calls;

static void count_changes(AddressSpace *as) { listener_calls++; }

/* A second address space (the x86 I/O ports): its own map, bounded size. */
static void test_second_address_space(void)
{
    static const MemoryRegionOps ops = {fake_read, fake_write, 1, 4};
    static AddressSpace *io;
    FakeDev dev = {.regs = {0x5a}};
    MemoryRegion *mr = memory_region_new_io("ports", 8, &ops, &dev);
    uint64_t v = 0;

    if (!io)
        io = address_space_new("io", 0x10000);
    memory_region_add_subregion(address_space_root(io), 0x3f8, mr, 0);
    CHECK_EQ(address_space_ld(io, 0x3f8, 1, &v), MEMTX_OK);
    CHECK_EQ(v, 0x5a);
    CHECK_EQ(address_space_st(io, 0x3f9, 1, 0x77), MEMTX_OK);
    CHECK_EQ(dev.regs[1], 0x77);
    CHECK_EQ(address_space_ld(io, 0x80, 1, &v), MEMTX_DECODE_ERROR);
    CHECK_EQ(address_space_ld(io, 0x10000, 1, &v), MEMTX_DECODE_ERROR);
    /* The system address space does not see it. */
    CHECK_EQ(address_space_ld(address_space_system(), 0x3f8, 1, &v), MEMTX_DECODE_ERROR);
    memory_region_del_subregion(address_space_root(io), mr);
    CHECK_EQ(address_space_ld(io, 0x3f8, 1, &v), MEMTX_DECODE_ERROR);
}

static void test_listener(void)
{
    MemoryRegion *ram = memory_region_new_ram("listened", 0x1000);

    memory_add_listener(count_changes);
    listener_calls = 0;
    memory_region_add_subregion(root(), 0xa00000, ram, 0);
    memory_region_del_subregion(root(), ram);
    CHECK_EQ(listener_calls, 2);
}

/*
 * Random trees against a direct model of the rules: in a container the
 * enabled child of highest priority (the later added among equals) that
 * has something at the offset wins; an alias shows its target's contents.
 */
typedef struct ModelNode {
    MemoryRegion *mr;
    int kind; /* 0 RAM, 1 container, 2 alias */
    uint64_t size, offset_in_parent, alias_offset;
    int parent, target, priority, order;
    bool enabled;
} ModelNode;

#define MODEL_NODES    24
#define MODEL_DETACHED 1 /* a container outside the tree, aliased into it */
static ModelNode model[MODEL_NODES];
static int model_count;
static uint64_t rng_state = 12345;

static uint64_t rng(uint64_t n)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (rng_state >> 33) % n;
}

/* The leaf and offset at off within node n, or NULL. */
static MemoryRegion *model_resolve(int n, uint64_t off, uint64_t *leaf_off)
{
    const ModelNode *m = &model[n];
    if (m->kind == 0) {
        *leaf_off = off;
        return m->mr;
    }
    if (m->kind == 2) {
        const ModelNode *t = &model[m->target];
        if (off + m->alias_offset >= t->size)
            return NULL;
        return model_resolve(m->target, off + m->alias_offset, leaf_off);
    }
    int best = -1;
    MemoryRegion *found = NULL;
    for (int i = 0; i < model_count; i++) {
        const ModelNode *c = &model[i];
        if (c->parent != n || !c->enabled || off < c->offset_in_parent ||
            off - c->offset_in_parent >= c->size)
            continue;
        uint64_t lo;
        MemoryRegion *r = model_resolve(i, off - c->offset_in_parent, &lo);
        if (!r)
            continue;
        bool better = best < 0 || c->priority > model[best].priority ||
                      (c->priority == model[best].priority && c->order > model[best].order);
        if (better) {
            best = i;
            found = r;
            *leaf_off = lo;
        }
    }
    return found;
}

static int model_add(int kind, uint64_t size, int parent)
{
    ModelNode *m = &model[model_count];
    char name[32];

    snprintf(name, sizeof(name), "n%d", model_count);
    m->kind = kind;
    m->size = size;
    m->parent = parent;
    m->enabled = true;
    m->order = model_count;
    if (kind == 0) {
        m->mr = memory_region_new_ram(name, size);
    } else if (kind == 1) {
        m->mr = memory_region_new_container(name, size);
    } else {
        /* Only RAM or the detached container (RAM only): no cycles. */
        do {
            m->target = (int)rng(model_count);
        } while (model[m->target].kind != 0 && m->target != MODEL_DETACHED);
        m->alias_offset = rng(model[m->target].size);
        m->mr = memory_region_new_alias(name, model[m->target].mr, m->alias_offset, size);
    }
    if (parent >= 0) {
        m->offset_in_parent = rng(model[parent].size);
        m->priority = (int)rng(3);
        memory_region_add_subregion(model[parent].mr, m->offset_in_parent, m->mr, m->priority);
    }
    return model_count++;
}

static void test_random_trees(void)
{
    const uint64_t base = 0x100000000ull, window = 0x10000;
    AddressSpace *as = address_space_system();

    for (int round = 0; round < 20; round++) {
        model_count = 0;
        model_add(1, window, -1);
        model_add(1, 0x4000, -1);
        for (int i = 0; i < 3; i++)
            model_add(0, 0x100 * (1 + rng(0x40)), MODEL_DETACHED);
        while (model_count < MODEL_NODES) {
            int parent;
            do {
                parent = (int)rng(model_count);
            } while (model[parent].kind != 1 || parent == MODEL_DETACHED);
            int kind = (int)rng(3);
            model_add(kind, 0x100 * (1 + rng(0x40)), parent);
        }
        model[8].enabled = false;
        memory_region_set_enabled(model[8].mr, false);
        memory_region_add_subregion(root(), base, model[0].mr, 0);

        for (int i = 0; i < 400; i++) {
            uint64_t off = rng(window), want_off = 0;
            MemoryRegion *want = model_resolve(0, off, &want_off);
            const MemorySection *sec =
                address_space_section(as, address_space_find_section(as, base + off));
            bool ram = memory_region_is_ram(sec->mr);
            CHECK_EQ(ram ? sec->mr : NULL, want);
            if (want && ram)
                CHECK_EQ(sec->offset_in_mr + (base + off - sec->start), want_off);
        }
        memory_region_del_subregion(root(), model[0].mr);
    }
}

int main(void)
{
    RUN_TEST(test_ram_rw);
    RUN_TEST(test_rom);
    RUN_TEST(test_rom_device);
    RUN_TEST(test_io_sizes);
    RUN_TEST(test_io_default_sizes);
    RUN_TEST(test_alias);
    RUN_TEST(test_priority);
    RUN_TEST(test_container);
    RUN_TEST(test_unassigned_and_cross);
    RUN_TEST(test_sections);
    RUN_TEST(test_second_address_space);
    RUN_TEST(test_listener);
    RUN_TEST(test_random_trees);
    return test_finish();
}
