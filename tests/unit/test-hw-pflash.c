/*
 * hw/block/pflash-cfi01.c through the bus: read array, CFI query, ID,
 * erase, word and buffered program written through to the drive's file,
 * command sequence errors, and refused writes on a read-only drive and
 * without one.
 */
#include <glib.h>
#include <string.h>
#include <unistd.h>

#include "exec/memory.h"
#include "hw/device.h"
#include "sysemu/block.h"
#include "test.h"

enum {
    BASE_RW = 0x10000000,
    BASE_RO = 0x10100000,
    BASE_NONE = 0x10200000,
    BLOCK = 0x1000,
    BLOCKS = 4,
    WIDTH = 4,
    SR_READY = 0x80,
};

static AddressSpace *as;
static char *rw_path, *ro_path;

static uint32_t rd(uint64_t addr)
{
    uint64_t v = 0;
    address_space_ld(as, addr, 4, &v);
    return (uint32_t)v;
}

static void wr(uint64_t addr, uint32_t v) { address_space_st(as, addr, 4, v); }

/* The flash file's word at offset. */
static uint32_t file_word(const char *path, uint64_t offset)
{
    gchar *data;
    gsize len;
    uint32_t v = 0xdeadbeef;

    if (g_file_get_contents(path, &data, &len, NULL) && offset + 4 <= len)
        memcpy(&v, data + offset, 4);
    g_free(data);
    return v;
}

/* A file of BLOCKS blocks whose word n holds n. */
static char *make_image(void)
{
    char *path = g_strdup("/tmp/gemu-test-pflash-XXXXXX");
    int fd = g_mkstemp(path);
    uint32_t words[BLOCKS * BLOCK / 4];

    for (uint32_t i = 0; i < G_N_ELEMENTS(words); i++)
        words[i] = i;
    if (fd < 0 || write(fd, words, sizeof(words)) != sizeof(words))
        printf("  cannot write %s\n", path);
    close(fd);
    return path;
}

static void map_flash(const char *drive_id, const char *path, bool readonly, uint64_t base)
{
    DeviceState *dev = device_new("cfi.pflash01");
    char *err = NULL;

    device_set_prop_u32(dev, "num-blocks", BLOCKS);
    device_set_prop_u32(dev, "sector-length", BLOCK);
    device_set_prop_u32(dev, "width", WIDTH);
    if (path) {
        BlockBackend *blk = blk_open(path, readonly, false, &err);
        if (!blk) {
            printf("  %s: %s\n", path, err);
            exit(1);
        }
        blk_set_id(blk, drive_id);
        device_set_prop_str(dev, "drive", drive_id);
    }
    if (!device_realize(dev, &err)) {
        printf("  realize: %s\n", err);
        exit(1);
    }
    memory_region_add_subregion(address_space_root(as), base, device_mmio(dev, 0), 0);
    device_reset(dev);
}

static void test_read_array(void)
{
    CHECK_EQ(rd(BASE_RW), 0);
    CHECK_EQ(rd(BASE_RW + 0x104), 0x41);
    CHECK_EQ(rd(BASE_NONE + 0x104), 0); /* no drive: zeros, as on QEMU */
}

static void test_cfi_query(void)
{
    wr(BASE_RW + 0x55 * WIDTH, 0x98);
    CHECK_EQ(rd(BASE_RW + 0x10 * WIDTH), 'Q');
    CHECK_EQ(rd(BASE_RW + 0x11 * WIDTH), 'R');
    CHECK_EQ(rd(BASE_RW + 0x12 * WIDTH), 'Y');
    CHECK_EQ(rd(BASE_RW + 0x13 * WIDTH), 0x01);        /* Intel command set */
    CHECK_EQ(rd(BASE_RW + 0x27 * WIDTH), 14);          /* 16 KiB */
    CHECK_EQ(rd(BASE_RW + 0x2d * WIDTH), BLOCKS - 1);  /* blocks - 1 */
    CHECK_EQ(rd(BASE_RW + 0x2f * WIDTH), BLOCK / 256); /* block size / 256, */
    CHECK_EQ(rd(BASE_RW + 0x30 * WIDTH), 0);           /* little-endian */
    CHECK_EQ(rd(BASE_RW + 0x31 * WIDTH), 'P');
    wr(BASE_RW, 0xff);
    CHECK_EQ(rd(BASE_RW + 0x10 * WIDTH), 0x10);
}

static void test_read_id(void)
{
    wr(BASE_RW, 0x90);
    CHECK_EQ(rd(BASE_RW), 0x89);
    CHECK_EQ(rd(BASE_RW + WIDTH), 0x18);
    CHECK_EQ(rd(BASE_RW + BLOCK + 2 * WIDTH), 0); /* block unlocked */
    wr(BASE_RW, 0xff);
}

static void test_erase_and_program(void)
{
    wr(BASE_RW + BLOCK + 8, 0x20);
    wr(BASE_RW + BLOCK + 8, 0xd0);
    CHECK_EQ(rd(BASE_RW + BLOCK), SR_READY);
    wr(BASE_RW, 0xff);
    CHECK_EQ(rd(BASE_RW + BLOCK), 0xffffffff);
    CHECK_EQ(rd(BASE_RW + 2 * BLOCK - 4), 0xffffffff);
    CHECK_EQ(rd(BASE_RW + BLOCK - 4), BLOCK / 4 - 1); /* the block before is intact */
    CHECK_EQ(file_word(rw_path, BLOCK + 0x40), 0xffffffff);

    wr(BASE_RW + BLOCK + 0x40, 0x40);
    wr(BASE_RW + BLOCK + 0x40, 0x12345678);
    CHECK_EQ(rd(BASE_RW + BLOCK), SR_READY);
    wr(BASE_RW, 0xff);
    CHECK_EQ(rd(BASE_RW + BLOCK + 0x40), 0x12345678);
    CHECK_EQ(file_word(rw_path, BLOCK + 0x40), 0x12345678);
}

/* Buffered program with 16-bit writes, as U-Boot does: the count is in writes. */
static void test_buffered_program(void)
{
    wr(BASE_RW + 2 * BLOCK, 0xe8);
    CHECK_EQ(rd(BASE_RW + 2 * BLOCK) & SR_READY, SR_READY);
    wr(BASE_RW + 2 * BLOCK, 3);
    for (unsigned i = 0; i < 4; i++)
        address_space_st(as, BASE_RW + 2 * BLOCK + 0x20 + 2 * i, 2, 0xa000 + i);
    CHECK_EQ(file_word(rw_path, 2 * BLOCK + 0x20), 2 * BLOCK / 4 + 8); /* not yet */
    wr(BASE_RW + 2 * BLOCK, 0xd0);
    CHECK_EQ(rd(BASE_RW + 2 * BLOCK), SR_READY);
    wr(BASE_RW, 0xff);
    CHECK_EQ(rd(BASE_RW + 2 * BLOCK + 0x20), 0xa001a000);
    CHECK_EQ(rd(BASE_RW + 2 * BLOCK + 0x24), 0xa003a002);
    CHECK_EQ(file_word(rw_path, 2 * BLOCK + 0x24), 0xa003a002);
}

static void test_sequence_errors(void)
{
    wr(BASE_RW, 0x20);
    wr(BASE_RW, 0x33); /* not a confirm */
    CHECK_EQ(rd(BASE_RW), SR_READY | 0x30);
    wr(BASE_RW, 0x50); /* clear status, back to read array */
    CHECK_EQ(rd(BASE_RW), 0);
    wr(BASE_RW, 0xe8);
    wr(BASE_RW, 0x10000); /* more writes than the 2 KiB buffer could hold */
    CHECK_EQ(rd(BASE_RW) & 0x30, 0x30);
    wr(BASE_RW, 0x50);
    wr(BASE_RW, 0x12); /* unknown command: back to read array */
    CHECK_EQ(rd(BASE_RW), 0);
}

static void test_refused_writes(void)
{
    wr(BASE_RO, 0x40);
    wr(BASE_RO, 0);
    CHECK_EQ(rd(BASE_RO), SR_READY | 0x10 | 0x02);
    wr(BASE_RO, 0x50);
    CHECK_EQ(rd(BASE_RO), 0);
    CHECK_EQ(file_word(ro_path, 0), 0);

    wr(BASE_NONE, 0x20);
    wr(BASE_NONE, 0xd0);
    CHECK_EQ(rd(BASE_NONE), SR_READY | 0x20 | 0x02);
    wr(BASE_NONE, 0x50);
    CHECK_EQ(rd(BASE_NONE + 0x100), 0);
}

int main(void)
{
    as = address_space_system();
    rw_path = make_image();
    ro_path = make_image();
    map_flash("rw", rw_path, false, BASE_RW);
    map_flash("ro", ro_path, true, BASE_RO);
    map_flash(NULL, NULL, false, BASE_NONE);

    RUN_TEST(test_read_array);
    RUN_TEST(test_cfi_query);
    RUN_TEST(test_read_id);
    RUN_TEST(test_erase_and_program);
    RUN_TEST(test_buffered_program);
    RUN_TEST(test_sequence_errors);
    RUN_TEST(test_refused_writes);
    unlink(rw_path);
    unlink(ro_path);
    return test_finish();
}
