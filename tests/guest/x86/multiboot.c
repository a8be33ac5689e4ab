/*
 * What a Multiboot loader hands over: the magic, the information structure
 * (memory sizes, command line, modules, memory map, loader name) and the
 * machine state (protected mode, paging off, flat segments, IF clear).
 * Prints the memory map so gemu's and QEMU's can be compared by eye.
 */
#include "check.h"

struct mb_info {
    uint32_t flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
    uint32_t drives_length, drives_addr, config_table, boot_loader_name;
};

struct __attribute__((packed)) mb_mmap_entry {
    uint32_t size;
    uint64_t base, len;
    uint32_t type;
};

enum { HAS_MEMORY = 1 << 0, HAS_CMDLINE = 1 << 2, HAS_MODS = 1 << 3, HAS_MMAP = 1 << 6 };

static void check_memory_map(const struct mb_info *mbi)
{
    bool low_ram = false, high_ram = false;
    for (uint32_t off = 0; off < mbi->mmap_length;) {
        const struct mb_mmap_entry *e = (const void *)(mbi->mmap_addr + off);
        printf("  mmap: 0x%09llx + 0x%09llx type %u\n", (unsigned long long)e->base,
               (unsigned long long)e->len, e->type);
        if (e->base == 0 && e->type == 1) {
            low_ram = true;
            CHECK_EQ(e->len, mbi->mem_lower * 1024);
        }
        if (e->base == 0x100000 && e->type == 1) {
            high_ram = true;
            /* mem_upper is the RAM from 1 MiB up to the first hole. */
            CHECK_EQ(e->len, mbi->mem_upper * 1024ull);
        }
        off += e->size + 4;
    }
    CHECK(low_ram);
    CHECK(high_ram);
}

static void check_machine_state(void)
{
    uint32_t flags, cr0;
    asm volatile("pushf; pop %0" : "=r"(flags));
    cr0 = read_cr(0);
    CHECK_EQ(flags & 0x200, 0); /* IF */
    CHECK_EQ(cr0 & 0x80000001, 1); /* PE, not PG */
}

int main(void)
{
    const struct mb_info *mbi = (const void *)mb_info;
    CHECK_EQ(mb_magic, MULTIBOOT_BOOTLOADER_MAGIC);
    CHECK_EQ(mbi->flags & (HAS_MEMORY | HAS_CMDLINE | HAS_MODS | HAS_MMAP),
             HAS_MEMORY | HAS_CMDLINE | HAS_MODS | HAS_MMAP);
    printf("  mem_lower %u KiB, mem_upper %u KiB\n", mbi->mem_lower, mbi->mem_upper);
    CHECK_EQ(mbi->mem_lower, 639);
    CHECK(mbi->mem_upper > 64 * 1024); /* the run script gives 128 MiB */
    const char *cmdline = (const char *)mbi->cmdline;
    printf("  cmdline \"%s\"\n", cmdline);
    /* "<kernel path> <-append>": the runner passes "mb-test arg=1". */
    size_t len = strlen(cmdline);
    CHECK(len > 0);
    CHECK(len >= 13 && strncmp(cmdline + len - 13, "mb-test arg=1", 13) == 0);
    CHECK_EQ(mbi->mods_count, 0);
    check_memory_map(mbi);
    check_machine_state();
    return test_finish("multiboot");
}
