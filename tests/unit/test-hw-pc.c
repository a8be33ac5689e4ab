/*
 * The pc board's pieces that need no CPU: the Multiboot loader and its
 * information structure (hw/i386/multiboot.c) and isa-debug-exit.
 */
#include <elf.h>
#include <glib.h>
#include <string.h>
#include <unistd.h>

#include "exec/memory.h"
#include "hw/device.h"
#include "hw/i386/multiboot.h"
#include "hw/isa.h"
#include "sysemu/runstate-internal.h"
#include "sysemu/runstate.h"
#include "test.h"

enum { RAM_SIZE = 32 << 20, MB_MAGIC = 0x1badb002, AOUT_KLUDGE = 1 << 16 };

static AddressSpace *as;
static char tmpdir[] = "/tmp/test-hw-pc-XXXXXX";

static uint32_t rd32(uint64_t addr)
{
    uint64_t v = 0;
    address_space_ld(as, addr, 4, &v);
    return v;
}

static uint64_t rd64(uint64_t addr)
{
    uint64_t v = 0;
    address_space_ld(as, addr, 8, &v);
    return v;
}

static char *rdstr(uint64_t addr)
{
    static char buf[256];
    address_space_read(as, addr, buf, sizeof(buf) - 1);
    return buf;
}

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }

static void put_header(uint8_t *p, uint32_t flags)
{
    put32(p, MB_MAGIC);
    put32(p + 4, flags);
    put32(p + 8, -(MB_MAGIC + flags));
}

/* A 0x300-byte file: header at 0x40, a.out addresses, bytes 0x00.. */
static void make_aout(uint8_t *file, uint32_t load_end, uint32_t bss_end)
{
    for (int i = 0; i < 0x300; i++)
        file[i] = i * 7;
    put_header(file + 0x40, AOUT_KLUDGE);
    put32(file + 0x4c, 0x100040); /* header_addr */
    put32(file + 0x50, 0x100000); /* load_addr */
    put32(file + 0x54, load_end); /* load_end_addr */
    put32(file + 0x58, bss_end);  /* bss_end_addr */
    put32(file + 0x5c, 0x100080); /* entry */
}

static char *write_temp(const char *name, const char *text)
{
    char *path = g_strdup_printf("%s/%s", tmpdir, name);
    g_file_set_contents(path, text, -1, NULL);
    return path;
}

static MultibootConfig config(void)
{
    return (MultibootConfig){.kernel_path = "k.elf", .cmdline = "", .ram_below_4g = RAM_SIZE};
}

static void test_aout_kludge(void)
{
    uint8_t file[0x300];
    uint8_t got[0x300];
    MultibootBoot boot;
    MultibootConfig cfg = config();
    char *err = NULL;
    make_aout(file, 0, 0x101000);
    CHECK_EQ(multiboot_load(as, &cfg, file, sizeof(file), &boot, &err), LOAD_OK);
    CHECK_EQ(boot.entry, 0x100080);
    CHECK_EQ(boot.mbi, 0x9500);
    address_space_read(as, 0x100000, got, sizeof(got));
    CHECK(memcmp(got, file, sizeof(got)) == 0);
    CHECK_EQ(rd32(0x100300), 0); /* bss */
    CHECK_EQ(rd32(0x100ffc), 0);
}

/* load_addr below header_addr: the file is loaded from its start minus the
 * difference, and load_end_addr cuts it. */
static void test_aout_load_end(void)
{
    uint8_t file[0x300];
    MultibootBoot boot;
    MultibootConfig cfg = config();
    char *err = NULL;
    make_aout(file, 0x100100, 0);
    address_space_write(as, 0x100100, "\xee\xee\xee\xee", 4);
    CHECK_EQ(multiboot_load(as, &cfg, file, sizeof(file), &boot, &err), LOAD_OK);
    CHECK_EQ(rd32(0x1000fc), *(uint32_t *)(file + 0xfc));
    /* Past load_end the kernel ends and the boot data starts a page later. */
    CHECK_EQ(rd32(0x100100), 0);
}

static void test_aout_errors(void)
{
    uint8_t file[0x300];
    MultibootBoot boot;
    MultibootConfig cfg = config();
    char *err = NULL;
    make_aout(file, 0x100400, 0); /* beyond the file */
    CHECK_EQ(multiboot_load(as, &cfg, file, sizeof(file), &boot, &err), LOAD_ERROR);
    CHECK(err && strstr(err, "load_end_addr"));
    g_free(err);
    err = NULL;
    make_aout(file, 0, 0x100010); /* bss_end inside the file */
    CHECK_EQ(multiboot_load(as, &cfg, file, sizeof(file), &boot, &err), LOAD_ERROR);
    CHECK(err && strstr(err, "bss_end_addr"));
    g_free(err);
    err = NULL;
    make_aout(file, 0, 0);
    put32(file + 0x4c, 0x0ff000); /* header_addr below load_addr */
    CHECK_EQ(multiboot_load(as, &cfg, file, sizeof(file), &boot, &err), LOAD_ERROR);
    g_free(err);
    err = NULL;
    make_aout(file, 0, 0);
    put32(file + 0x50, 0x3f00000); /* beyond RAM */
    put32(file + 0x4c, 0x3f00040);
    CHECK_EQ(multiboot_load(as, &cfg, file, sizeof(file), &boot, &err), LOAD_ERROR);
    CHECK(err && strstr(err, "outside RAM"));
    g_free(err);
}

static void test_no_header(void)
{
    static uint8_t file[0x4000];
    MultibootBoot boot;
    MultibootConfig cfg = config();
    char *err = NULL;
    CHECK_EQ(multiboot_load(as, &cfg, file, sizeof(file), &boot, &err), LOAD_NOT_ELF);
    put_header(file + 0x100, 0);
    file[0x108] ^= 1; /* bad checksum */
    CHECK_EQ(multiboot_load(as, &cfg, file, sizeof(file), &boot, &err), LOAD_NOT_ELF);
    memset(file, 0, sizeof(file));
    put_header(file + 0x2000, 0); /* beyond the first 8 KiB */
    CHECK_EQ(multiboot_load(as, &cfg, file, sizeof(file), &boot, &err), LOAD_NOT_ELF);
    put_header(file + 0x102, 0); /* not 4-byte aligned */
    CHECK_EQ(multiboot_load(as, &cfg, file, sizeof(file), &boot, &err), LOAD_NOT_ELF);
}

typedef struct Elf32Image {
    Elf32_Ehdr eh;
    Elf32_Phdr ph[2];
    uint8_t mb[12];
    uint8_t text[16];
    uint8_t data[8];
} Elf32Image;

static void make_elf32(Elf32Image *e)
{
    memset(e, 0, sizeof(*e));
    memcpy(e->eh.e_ident, ELFMAG, SELFMAG);
    e->eh.e_ident[EI_CLASS] = ELFCLASS32;
    e->eh.e_ident[EI_DATA] = ELFDATA2LSB;
    e->eh.e_type = ET_EXEC;
    e->eh.e_machine = EM_386;
    e->eh.e_entry = 0x200010;
    e->eh.e_phoff = offsetof(Elf32Image, ph);
    e->eh.e_phentsize = sizeof(Elf32_Phdr);
    e->eh.e_phnum = 2;
    e->ph[0] = (Elf32_Phdr){.p_type = PT_LOAD,
                            .p_offset = offsetof(Elf32Image, text),
                            .p_vaddr = 0xc0200000,
                            .p_paddr = 0x200000,
                            .p_filesz = 16,
                            .p_memsz = 16};
    e->ph[1] = (Elf32_Phdr){.p_type = PT_LOAD,
                            .p_offset = offsetof(Elf32Image, data),
                            .p_paddr = 0x200100,
                            .p_filesz = 8,
                            .p_memsz = 0x20};
    put_header(e->mb, 0);
    memset(e->text, 0x90, sizeof(e->text));
    memset(e->data, 0xd5, sizeof(e->data));
}

static void test_elf32(void)
{
    Elf32Image e;
    MultibootBoot boot;
    MultibootConfig cfg = config();
    char *err = NULL;
    make_elf32(&e);
    address_space_write(as, 0x200080, "\xff\xff\xff\xff", 4);
    address_space_write(as, 0x20010c, "\xff\xff\xff\xff", 4);
    CHECK_EQ(multiboot_load(as, &cfg, (uint8_t *)&e, sizeof(e), &boot, &err), LOAD_OK);
    CHECK_EQ(boot.entry, 0x200010);
    CHECK_EQ(rd32(0x200000), 0x90909090);
    CHECK_EQ(rd32(0x20000c), 0x90909090);
    CHECK_EQ(rd32(0x200080), 0); /* gap between segments */
    CHECK_EQ(rd32(0x200104), 0xd5d5d5d5);
    CHECK_EQ(rd32(0x20010c), 0); /* bss */
    /* The module list follows the kernel on the next page. */
    CHECK_EQ(rd32(0x9500 + 24), 0x201000);
}

static void test_elf64_refused(void)
{
    Elf32Image e;
    MultibootBoot boot;
    MultibootConfig cfg = config();
    char *err = NULL;
    make_elf32(&e);
    e.eh.e_ident[EI_CLASS] = ELFCLASS64;
    CHECK_EQ(multiboot_load(as, &cfg, (uint8_t *)&e, sizeof(e), &boot, &err), LOAD_ERROR);
    CHECK(err && strstr(err, "x86-64"));
    g_free(err);
    err = NULL;
    make_elf32(&e);
    e.eh.e_machine = EM_X86_64;
    CHECK_EQ(multiboot_load(as, &cfg, (uint8_t *)&e, sizeof(e), &boot, &err), LOAD_ERROR);
    CHECK(err && strstr(err, "x86-64"));
    g_free(err);
    err = NULL;
    make_elf32(&e);
    e.eh.e_machine = EM_ARM;
    CHECK_EQ(multiboot_load(as, &cfg, (uint8_t *)&e, sizeof(e), &boot, &err), LOAD_ERROR);
    g_free(err);
}

static void test_info_structure(void)
{
    uint8_t file[0x300];
    MultibootBoot boot;
    MultibootConfig cfg = config();
    cfg.cmdline = "console=ttyS0 x=1";
    cfg.ram_below_4g = RAM_SIZE;
    cfg.ram_above_4g = 1ull << 30;
    char *err = NULL;
    make_aout(file, 0, 0);
    CHECK_EQ(multiboot_load(as, &cfg, file, sizeof(file), &boot, &err), LOAD_OK);
    uint32_t mbi = boot.mbi;
    CHECK_EQ(rd32(mbi), 0x24f); /* memory, boot device, cmdline, mods, mmap, loader name */
    CHECK_EQ(rd32(mbi + 4), 639);
    CHECK_EQ(rd32(mbi + 8), (RAM_SIZE - 0x100000) / 1024);
    CHECK_EQ(rd32(mbi + 12), 0x8000ffff);
    CHECK(strcmp(rdstr(rd32(mbi + 16)), "k.elf console=ttyS0 x=1") == 0);
    CHECK_EQ(rd32(mbi + 20), 0);
    CHECK(strcmp(rdstr(rd32(mbi + 64)), "gemu") == 0);
    /* The memory map: size-prefixed entries describing the RAM layout. */
    uint32_t mmap = rd32(mbi + 48), len = rd32(mbi + 44);
    CHECK_EQ(mmap, 0x9000);
    CHECK_EQ(len, 6 * 24);
    static const uint64_t expect[6][3] = {
        {0, 0x9fc00, 1},          {0x9fc00, 0x400, 2},
        {0xf0000, 0x10000, 2},    {0x100000, RAM_SIZE - 0x100000, 1},
        {0xfffc0000, 0x40000, 2}, {0x100000000ull, 1ull << 30, 1},
    };
    for (int i = 0; i < 6; i++) {
        uint32_t entry = mmap + 24 * i;
        CHECK_EQ(rd32(entry), 20);
        CHECK_EQ(rd64(entry + 4), expect[i][0]);
        CHECK_EQ(rd64(entry + 12), expect[i][1]);
        CHECK_EQ(rd32(entry + 20), expect[i][2]);
    }
}

static void test_modules(void)
{
    uint8_t file[0x300];
    MultibootBoot boot;
    MultibootConfig cfg = config();
    char *err = NULL;
    char *a = write_temp("a.mod", "first module");
    char *b = write_temp("b,2.mod", "second");
    /* "b,2.mod" needs its comma doubled. */
    char *b_escaped = g_strdup_printf("%s/b,,2.mod", tmpdir);
    char *spec = g_strdup_printf("%s arg1 arg2,%s", a, b_escaped);
    cfg.modules = spec;
    make_aout(file, 0, 0);
    CHECK_EQ(multiboot_load(as, &cfg, file, sizeof(file), &boot, &err), LOAD_OK);
    uint32_t mods = rd32(boot.mbi + 24);
    CHECK_EQ(rd32(boot.mbi + 20), 2);
    CHECK_EQ(mods, 0x101000);
    uint32_t start0 = rd32(mods), end0 = rd32(mods + 4);
    CHECK_EQ(start0 & 0xfff, 0);
    CHECK_EQ(end0 - start0, strlen("first module"));
    CHECK(strncmp(rdstr(start0), "first module", 12) == 0);
    char *want0 = g_strdup_printf("%s arg1 arg2", a);
    CHECK(strcmp(rdstr(rd32(mods + 8)), want0) == 0);
    uint32_t start1 = rd32(mods + 16);
    CHECK_EQ(start1, (end0 + 0xfff) & ~0xfffu);
    CHECK_EQ(rd32(mods + 20) - start1, 6);
    CHECK(strcmp(rdstr(rd32(mods + 24)), b) == 0);
    /* Module strings come first, then the kernel command line. */
    CHECK(rd32(boot.mbi + 16) > rd32(mods + 24));
    cfg.modules = "/nonexistent/module";
    CHECK_EQ(multiboot_load(as, &cfg, file, sizeof(file), &boot, &err), LOAD_ERROR);
    CHECK(err && strstr(err, "module /nonexistent/module"));
    g_free(err);
    unlink(a);
    unlink(b);
    g_free(a);
    g_free(b);
    g_free(want0);
    g_free(b_escaped);
    g_free(spec);
}

static void test_debug_exit(void)
{
    DeviceState *dev = device_new("isa-debug-exit");
    char *err = NULL;
    CHECK(!device_realize(dev, &err)); /* no ISA bus yet */
    CHECK(err && strstr(err, "ISA bus"));
    g_free(err);
    err = NULL;

    AddressSpace *io = address_space_new("io", ISA_NUM_PORTS);
    isa_bus_create(io);
    dev = device_new("isa-debug-exit");
    CHECK(device_set_prop(dev, "iobase", "0xf4", &err));
    CHECK(device_set_prop(dev, "iosize", "0x04", &err));
    CHECK(device_realize(dev, &err));
    uint64_t v = 1;
    CHECK_EQ(address_space_ld(io, 0xf4, 1, &v), MEMTX_OK);
    CHECK_EQ(v, 0);
    CHECK(!system_shutdown_pending());
    CHECK_EQ(address_space_st(io, 0xf7, 1, 0x10), MEMTX_OK);
    CHECK(system_shutdown_pending());
    CHECK_EQ(runstate_exit_code(), 0x21);
    CHECK_EQ(address_space_st(io, 0xf8, 1, 0x10), MEMTX_DECODE_ERROR);
}

int main(void)
{
    if (!mkdtemp(tmpdir))
        return 1;
    as = address_space_system();
    memory_region_add_subregion(address_space_root(as), 0,
                                memory_region_new_ram("ram", RAM_SIZE), 0);
    RUN_TEST(test_aout_kludge);
    RUN_TEST(test_aout_load_end);
    RUN_TEST(test_aout_errors);
    RUN_TEST(test_no_header);
    RUN_TEST(test_elf32);
    RUN_TEST(test_elf64_refused);
    RUN_TEST(test_info_structure);
    RUN_TEST(test_modules);
    RUN_TEST(test_debug_exit);
    rmdir(tmpdir);
    return test_finish();
}
