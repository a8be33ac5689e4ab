/* hw/core/loader.c: ELF64 segments into RAM/ROM, bounds, reset reload. */
#include <glib.h>
#include <elf.h>
#include <string.h>
#include <unistd.h>

#include "exec/memory.h"
#include "hw/loader.h"
#include "test.h"

enum { RAM_BASE = 0x40000000, RAM_SIZE = 0x100000, ROM_SIZE = 0x10000 };

static AddressSpace *as;

typedef struct TestElf {
    Elf64_Ehdr eh;
    Elf64_Phdr ph[2];
    uint8_t payload[64];
} TestElf;

/* One PT_LOAD of 16 file bytes + 16 bss at paddr, and one PT_NOTE. */
static void make_elf(TestElf *e, uint64_t paddr)
{
    memset(e, 0, sizeof(*e));
    memcpy(e->eh.e_ident, ELFMAG, SELFMAG);
    e->eh.e_ident[EI_CLASS] = ELFCLASS64;
    e->eh.e_ident[EI_DATA] = ELFDATA2LSB;
    e->eh.e_type = ET_EXEC;
    e->eh.e_machine = EM_AARCH64;
    e->eh.e_entry = paddr + 4;
    e->eh.e_phoff = offsetof(TestElf, ph);
    e->eh.e_phentsize = sizeof(Elf64_Phdr);
    e->eh.e_phnum = 2;
    e->ph[0] = (Elf64_Phdr){.p_type = PT_LOAD,
                            .p_offset = offsetof(TestElf, payload),
                            .p_vaddr = 0xffff000000000000ull + paddr,
                            .p_paddr = paddr,
                            .p_filesz = 16,
                            .p_memsz = 32};
    e->ph[1] = (Elf64_Phdr){.p_type = PT_NOTE,
                            .p_offset = 0,
                            .p_paddr = 0x7000000000ull,
                            .p_filesz = 8,
                            .p_memsz = 8};
    for (int i = 0; i < 16; i++)
        e->payload[i] = 0xa0 + i;
}

static void fill(uint64_t addr, uint8_t byte, size_t len)
{
    uint8_t buf[64];
    memset(buf, byte, sizeof(buf));
    address_space_write_rom(as, addr, buf, len);
}

static void test_elf_loads_segments_at_paddr(void)
{
    TestElf e;
    LoadedElf out;
    char *err = NULL;
    uint8_t got[32];
    make_elf(&e, RAM_BASE + 0x1000);
    fill(RAM_BASE + 0x1000, 0xff, 32);
    CHECK_EQ(load_elf64(as, (uint8_t *)&e, sizeof(e), EM_AARCH64, &out, &err), LOAD_OK);
    CHECK_EQ(out.entry, RAM_BASE + 0x1004);
    CHECK_EQ(out.low, RAM_BASE + 0x1000);
    CHECK_EQ(out.high, RAM_BASE + 0x1020);
    address_space_read(as, RAM_BASE + 0x1000, got, sizeof(got));
    CHECK_EQ(got[0], 0xa0);
    CHECK_EQ(got[15], 0xaf);
    CHECK_EQ(got[16], 0); /* bss zeroed */
    CHECK_EQ(got[31], 0);
}

static void test_elf_into_rom(void)
{
    TestElf e;
    LoadedElf out;
    char *err = NULL;
    uint8_t got[16];
    make_elf(&e, 0x100);
    CHECK_EQ(load_elf64(as, (uint8_t *)&e, sizeof(e), EM_AARCH64, &out, &err), LOAD_OK);
    address_space_read(as, 0x100, got, sizeof(got));
    CHECK_EQ(got[3], 0xa3);
}

static void check_load_error(TestElf *e, size_t len, const char *expect)
{
    LoadedElf out;
    char *err = NULL;
    CHECK_EQ(load_elf64(as, (uint8_t *)e, len, EM_AARCH64, &out, &err), LOAD_ERROR);
    CHECK(err && strstr(err, expect));
    if (err && !strstr(err, expect))
        printf("  message: %s\n", err);
    g_free(err);
}

static void test_elf_outside_memory_is_an_error(void)
{
    TestElf e;
    make_elf(&e, 0x50000000);
    check_load_error(&e, sizeof(e), "outside RAM and ROM");
    /* Straddling the end of RAM. */
    make_elf(&e, RAM_BASE + RAM_SIZE - 8);
    check_load_error(&e, sizeof(e), "outside RAM and ROM");
    /* Wrapping around the address space. */
    make_elf(&e, UINT64_MAX - 4);
    check_load_error(&e, sizeof(e), "outside RAM and ROM");
}

static void test_elf_malformed(void)
{
    TestElf e;
    make_elf(&e, RAM_BASE);
    e.ph[0].p_offset = sizeof(e) - 4;
    check_load_error(&e, sizeof(e), "truncated");
    make_elf(&e, RAM_BASE);
    e.eh.e_phnum = 1000;
    check_load_error(&e, sizeof(e), "truncated");
    make_elf(&e, RAM_BASE);
    e.ph[0].p_filesz = 64;
    check_load_error(&e, sizeof(e), "truncated"); /* filesz > memsz */
    make_elf(&e, RAM_BASE);
    check_load_error(&e, 40, "truncated");
    make_elf(&e, RAM_BASE);
    e.eh.e_machine = EM_X86_64;
    check_load_error(&e, sizeof(e), "machine");
    make_elf(&e, RAM_BASE);
    e.eh.e_ident[EI_CLASS] = ELFCLASS32;
    check_load_error(&e, sizeof(e), "ELF64");
    make_elf(&e, RAM_BASE);
    e.ph[0].p_type = PT_NULL;
    check_load_error(&e, sizeof(e), "nothing to load");
}

static void test_not_elf(void)
{
    static const uint8_t raw[] = {0x1f, 0x20, 0x03, 0xd5, 0, 0, 0, 0};
    LoadedElf out;
    char *err = NULL;
    CHECK_EQ(load_elf64(as, raw, sizeof(raw), EM_AARCH64, &out, &err), LOAD_NOT_ELF);
    CHECK_EQ(load_elf64(as, raw, 2, EM_AARCH64, &out, &err), LOAD_NOT_ELF);
    CHECK(err == NULL);
}

static void test_blobs_are_rewritten_at_reset(void)
{
    static const uint8_t data[4] = {1, 2, 3, 4};
    uint8_t got[4];
    char *err = NULL;
    CHECK(loader_add_blob(as, "blob", RAM_BASE + 0x2000, data, sizeof(data), &err));
    fill(RAM_BASE + 0x2000, 0xee, 4);
    loader_reset();
    address_space_read(as, RAM_BASE + 0x2000, got, sizeof(got));
    CHECK(memcmp(got, data, 4) == 0);
}

static void test_range_checks(void)
{
    CHECK(loader_range_is_memory(as, RAM_BASE, RAM_SIZE));
    CHECK(!loader_range_is_memory(as, RAM_BASE, RAM_SIZE + 1));
    CHECK(!loader_range_is_memory(as, RAM_BASE - 1, 2));
    CHECK(loader_range_is_memory(as, 0, ROM_SIZE));
    CHECK(!loader_range_is_memory(as, ROM_SIZE, 1));
    CHECK(loader_range_is_memory(as, 0x12345678, 0));
}

static void test_read_missing_file(void)
{
    uint8_t *data;
    size_t len;
    char *err = NULL;
    CHECK(!loader_read_file("/nonexistent/gemu-test", &data, &len, &err));
    CHECK(err && strcmp(err, "No such file or directory") == 0);
    g_free(err);
    err = NULL;
    CHECK(!loader_read_file("/", &data, &len, &err));
    CHECK(err && strcmp(err, "Is a directory") == 0);
    g_free(err);
}

/* Compress with the host's gzip at the given level (0 if unavailable). */
static uint8_t *host_gzip(const uint8_t *data, size_t len, int level, size_t *out_len)
{
    char in_path[] = "/tmp/gemu-test-gz-XXXXXX";
    int fd = mkstemp(in_path);
    bool ok = fd >= 0 && write(fd, data, len) == (ssize_t)len;
    close(fd);
    char *cmd = g_strdup_printf("sh -c 'gzip -%d -n -f %s'", level, in_path);
    int status = -1;
    ok = ok && g_spawn_command_line_sync(cmd, NULL, NULL, &status, NULL) && status == 0;
    g_free(cmd);
    char *gz_path = g_strdup_printf("%s.gz", in_path);
    gchar *gz = NULL;
    gsize n = 0;
    ok = ok && g_file_get_contents(gz_path, &gz, &n, NULL);
    unlink(in_path);
    unlink(gz_path);
    g_free(gz_path);
    *out_len = n;
    return ok ? (uint8_t *)gz : NULL;
}

/* Text-like data with repeats (dynamic blocks) and random runs. */
static uint8_t *sample_data(size_t len)
{
    uint8_t *data = g_malloc(len);
    uint32_t x = 12345;
    for (size_t i = 0; i < len; i++) {
        x = x * 1103515245 + 12345;
        data[i] =
            (i / 4096) % 3 == 0 ? (uint8_t)(x >> 16) : "gemu virt pl011 "[(i * 7 / 5) % 16];
    }
    return data;
}

static void check_round_trip(size_t len, int level)
{
    uint8_t *data = sample_data(len), *out = NULL;
    size_t gz_len, out_len = 0;
    char *err = NULL;
    uint8_t *gz = host_gzip(data, len, level, &gz_len);
    CHECK(gz != NULL);
    if (gz) {
        CHECK(loader_is_gzip(gz, gz_len));
        CHECK(loader_gunzip(gz, gz_len, len, &out, &out_len, &err));
        CHECK_EQ(out_len, len);
        CHECK(out && memcmp(out, data, len) == 0);
        g_free(out);
        /* One byte over the limit is refused. */
        if (len) {
            CHECK(!loader_gunzip(gz, gz_len, len - 1, &out, &out_len, &err));
            g_free(err);
            err = NULL;
        }
    }
    g_free(gz);
    g_free(data);
}

static void test_gunzip_round_trip(void)
{
    check_round_trip(200000, 9); /* dynamic Huffman blocks */
    check_round_trip(100, 1);    /* a fixed Huffman block */
    check_round_trip(70000, 1);
}

static void test_gunzip_stored_block(void)
{
    /* gzip of "hi\n" written as a stored block, by hand. */
    static const uint8_t gz[] = {0x1f, 0x8b, 8,    0,    0,    0,    0,   0,   0,
                                 3,    0x01, 3,    0,    0xfc, 0xff, 'h', 'i', '\n',
                                 0x7a, 0x7a, 0x6f, 0xed, 3,    0,    0,   0};
    uint8_t *out;
    size_t len;
    char *err = NULL;
    CHECK(loader_gunzip(gz, sizeof(gz), 100, &out, &len, &err));
    CHECK_EQ(len, 3);
    CHECK(memcmp(out, "hi\n", 3) == 0);
    g_free(out);
}

static void test_gunzip_corrupt_input(void)
{
    size_t gz_len, out_len;
    uint8_t *data = sample_data(50000), *out;
    uint8_t *gz = host_gzip(data, 50000, 6, &gz_len);
    CHECK(gz != NULL);
    for (size_t cut = 10; gz && cut < gz_len; cut += gz_len / 50) {
        char *err = NULL;
        CHECK(!loader_gunzip(gz, cut, 50000, &out, &out_len, &err));
        g_free(err);
    }
    /* Flipped bits anywhere: an error (the CRC catches the rest), never a crash. */
    for (size_t i = 10; gz && i < gz_len; i += 97) {
        char *err = NULL;
        gz[i] ^= 0x55;
        CHECK(!loader_gunzip(gz, gz_len, 50000, &out, &out_len, &err));
        g_free(err);
        gz[i] ^= 0x55;
    }
    g_free(gz);
    g_free(data);
}

int main(void)
{
    as = address_space_system();
    memory_region_add_subregion(address_space_root(as), 0,
                                memory_region_new_rom("rom", ROM_SIZE), 0);
    memory_region_add_subregion(address_space_root(as), RAM_BASE,
                                memory_region_new_ram("ram", RAM_SIZE), 0);
    RUN_TEST(test_elf_loads_segments_at_paddr);
    RUN_TEST(test_elf_into_rom);
    RUN_TEST(test_elf_outside_memory_is_an_error);
    RUN_TEST(test_elf_malformed);
    RUN_TEST(test_not_elf);
    RUN_TEST(test_blobs_are_rewritten_at_reset);
    RUN_TEST(test_range_checks);
    RUN_TEST(test_read_missing_file);
    RUN_TEST(test_gunzip_round_trip);
    RUN_TEST(test_gunzip_stored_block);
    RUN_TEST(test_gunzip_corrupt_input);
    return test_finish();
}
