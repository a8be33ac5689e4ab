/*
 * CFI parallel flash with the Intel/Sharp command set ("cfi.pflash01"), as
 * QEMU's virt board has two of: one bank of `width` bytes (a single chip as
 * wide as the bus, QEMU's behaviour when no device-width is given: query
 * and ID answers are not replicated per chip), uniform erase blocks.
 *
 * In read-array mode the flash is a ROM device: reads and instruction
 * fetches come straight from its contents.  A command written to it
 * switches it to I/O mode, where reads answer the command (status, ID,
 * CFI query) until the guest writes Read Array again.
 *
 * Commands: 0xff/0x00/0xf0 read array, 0x90 read ID, 0x98 CFI query, 0x70
 * read status, 0x50 clear status, 0x20+0xd0 block erase, 0x40/0x10 word
 * program, 0xe8 buffered program, 0x60+0xd0/0x01 block unlock/lock
 * (accepted; blocks are never locked).  Programming overwrites, as on QEMU.
 * Changes are written through to the drive (property drive=ID); without a
 * writable drive they are refused with the status of a locked block and a
 * guest error.
 */
#include <glib.h>
#include <string.h>

#include "exec/memory.h"
#include "hw/device.h"
#include "sysemu/block.h"
#include "util/error.h"
#include "util/log.h"

enum {
    CFI_TABLE_SIZE = 0x40,
    WRITE_BUFFER_BYTES_LOG2 = 11, /* 2 KiB, what QEMU's CFI table offers */
    MANUFACTURER_ID = 0x89,
    DEVICE_ID = 0x18,
};

/* Status register bits. */
enum {
    SR_READY = 0x80,
    SR_ERASE_ERROR = 0x20,
    SR_PROGRAM_ERROR = 0x10,
    SR_SEQUENCE_ERROR = SR_ERASE_ERROR | SR_PROGRAM_ERROR,
    SR_LOCKED = 0x02,
};

typedef enum FlashMode {
    MODE_READ_ARRAY,
    MODE_READ_STATUS,
    MODE_READ_ID,
    MODE_CFI_QUERY,
    MODE_PROGRAM,        /* 0x40 seen: the next write is the data */
    MODE_ERASE,          /* 0x20 seen: 0xd0 confirms */
    MODE_LOCK,           /* 0x60 seen: 0xd0 or 0x01 */
    MODE_BUFFER_COUNT,   /* 0xe8 seen: the next write is the word count - 1 */
    MODE_BUFFER_DATA,    /* words of the buffered program */
    MODE_BUFFER_CONFIRM, /* 0xd0 starts it */
} FlashMode;

typedef struct PFlashCFI01 {
    DeviceState parent;
    uint32_t num_blocks, sector_length, width; /* properties */
    char *drive;                               /* property: -drive id */
    BlockBackend *blk;
    MemoryRegion *mem;
    uint8_t *storage; /* the contents, the ROM device's host memory */
    uint64_t size;
    uint8_t cfi[CFI_TABLE_SIZE];

    FlashMode mode;
    uint8_t status;
    uint64_t buffer_start, buffer_end; /* bytes of a buffered program */
    uint32_t buffer_words_left;
    bool buffer_refused; /* not writable: the data words are dropped */
} PFlashCFI01;

/* The CFI query table (JESD68.01): command set, timings, geometry. */
static void pflash_build_cfi(PFlashCFI01 *s)
{
    uint8_t *t = s->cfi;
    uint32_t blocks = s->num_blocks - 1, block_units = s->sector_length / 256;

    memcpy(t + 0x10, "QRY", 3);
    t[0x13] = 0x01; /* primary command set: Intel/Sharp extended */
    t[0x15] = 0x31; /* its extended table */
    t[0x1b] = 0x45; /* Vcc 4.5-5.5 V */
    t[0x1c] = 0x55;
    t[0x1f] = 0x07; /* typical word/buffer program 128 us, block erase 1 s */
    t[0x20] = 0x07;
    t[0x21] = 0x0a;
    t[0x23] = 0x04; /* maximum: 16 times the typical */
    t[0x24] = 0x04;
    t[0x25] = 0x04;
    t[0x27] = (uint8_t)g_bit_storage(s->size - 1); /* log2 of the size */
    t[0x28] = 0x02;                                /* x8/x16 interface */
    t[0x2a] = WRITE_BUFFER_BYTES_LOG2;
    t[0x2c] = 0x01; /* one erase block region */
    t[0x2d] = blocks & 0xff;
    t[0x2e] = blocks >> 8;
    t[0x2f] = block_units & 0xff;
    t[0x30] = block_units >> 8;
    memcpy(t + 0x31, "PRI", 3);
    t[0x34] = '1';
    t[0x35] = '0';
}

static void pflash_set_mode(PFlashCFI01 *s, FlashMode mode)
{
    s->mode = mode;
    memory_region_rom_device_set_romd(s->mem, mode == MODE_READ_ARRAY);
}

/* Word index of a query/ID read: the bus address over the bank width. */
static unsigned query_index(PFlashCFI01 *s, uint64_t addr)
{
    return (unsigned)((addr & 0xff) / s->width);
}

static uint64_t pflash_read(void *opaque, uint64_t addr, unsigned size)
{
    PFlashCFI01 *s = opaque;
    uint64_t val = 0;
    unsigned i;

    switch (s->mode) {
    case MODE_READ_ARRAY:
        memcpy(&val, s->storage + addr, size);
        return val;
    case MODE_READ_ID:
        i = query_index(s, addr);
        return i == 0 ? MANUFACTURER_ID : i == 1 ? DEVICE_ID : 0; /* 2: block unlocked */
    case MODE_CFI_QUERY:
        i = query_index(s, addr);
        return i < CFI_TABLE_SIZE ? s->cfi[i] : 0;
    default:
        return s->status;
    }
}

/* May the guest change the contents?  If not, say so in the status. */
static bool pflash_writable(PFlashCFI01 *s, uint8_t error)
{
    if (s->blk && !blk_is_readonly(s->blk))
        return true;
    log_mask_printf(LOG_GUEST_ERROR, "pflash %s: write to %s flash refused\n",
                    s->drive ? s->drive : "(no drive)", s->blk ? "read-only" : "unbacked");
    s->status |= error | SR_LOCKED;
    return false;
}

static void pflash_write_back(PFlashCFI01 *s, uint64_t offset, uint64_t len)
{
    if (blk_pwrite(s->blk, offset, s->storage + offset, len) != 0)
        error_report("pflash %s: writing the drive failed", s->drive);
}

static void pflash_erase(PFlashCFI01 *s, uint64_t addr)
{
    uint64_t block = addr & ~(uint64_t)(s->sector_length - 1);

    if (!pflash_writable(s, SR_ERASE_ERROR))
        return;
    memset(s->storage + block, 0xff, s->sector_length);
    pflash_write_back(s, block, s->sector_length);
}

static void pflash_program(PFlashCFI01 *s, uint64_t addr, uint64_t val, unsigned size)
{
    if (!pflash_writable(s, SR_PROGRAM_ERROR))
        return;
    memcpy(s->storage + addr, &val, size);
    pflash_write_back(s, addr, size);
}

/*
 * 0xe8's count: the number of data writes that follow, minus one.  As on
 * QEMU it counts writes of whatever width the driver uses (U-Boot's CFI
 * driver settles on 16-bit accesses to this bank), and the bytes they
 * bring must fit the write buffer.
 */
static void pflash_buffer_begin(PFlashCFI01 *s, uint64_t count)
{
    if (count >= (1u << WRITE_BUFFER_BYTES_LOG2)) {
        log_mask_printf(LOG_GUEST_ERROR,
                        "pflash: buffered program of %" G_GUINT64_FORMAT
                        " writes is too long\n",
                        count + 1);
        s->status |= SR_SEQUENCE_ERROR;
        pflash_set_mode(s, MODE_READ_STATUS);
        return;
    }
    s->buffer_words_left = (uint32_t)count + 1;
    s->buffer_start = UINT64_MAX;
    s->buffer_end = 0;
    s->buffer_refused = !pflash_writable(s, SR_PROGRAM_ERROR);
    s->mode = MODE_BUFFER_DATA;
}

/* A data word of a buffered program goes in now; the drive sees it on confirm. */
static void pflash_buffer_data(PFlashCFI01 *s, uint64_t addr, uint64_t val, unsigned size)
{
    uint64_t start = MIN(s->buffer_start, addr), end = MAX(s->buffer_end, addr + size);

    if (end - start > (1u << WRITE_BUFFER_BYTES_LOG2)) {
        log_mask_printf(LOG_GUEST_ERROR, "pflash: buffered program beyond the write buffer\n");
        s->status |= SR_SEQUENCE_ERROR;
        s->buffer_refused = true;
    }
    if (!s->buffer_refused) {
        memcpy(s->storage + addr, &val, size);
        s->buffer_start = MIN(s->buffer_start, addr);
        s->buffer_end = MAX(s->buffer_end, addr + size);
    }
    if (--s->buffer_words_left == 0)
        s->mode = MODE_BUFFER_CONFIRM;
}

/* A write in read-array, status, ID or query mode: a new command. */
static void pflash_command(PFlashCFI01 *s, uint64_t addr, uint8_t cmd)
{
    switch (cmd) {
    case 0xff:
    case 0x00:
    case 0xf0: /* the AMD reset, which CFI probes send first */
        pflash_set_mode(s, MODE_READ_ARRAY);
        return;
    case 0x90:
        pflash_set_mode(s, MODE_READ_ID);
        return;
    case 0x98:
        pflash_set_mode(s, MODE_CFI_QUERY);
        return;
    case 0x70:
        pflash_set_mode(s, MODE_READ_STATUS);
        return;
    case 0x50:
        s->status = SR_READY;
        pflash_set_mode(s, MODE_READ_ARRAY);
        return;
    case 0x20:
        pflash_set_mode(s, MODE_ERASE);
        return;
    case 0x40:
    case 0x10:
        pflash_set_mode(s, MODE_PROGRAM);
        return;
    case 0x60:
        pflash_set_mode(s, MODE_LOCK);
        return;
    case 0xe8:
        pflash_set_mode(s, MODE_BUFFER_COUNT);
        return;
    default:
        log_mask_printf(LOG_UNIMP, "pflash: command 0x%02x at 0x%" G_GINT64_MODIFIER "x\n", cmd,
                        addr);
        pflash_set_mode(s, MODE_READ_ARRAY);
    }
}

/* The second write of a two-cycle command: anything but its confirm code
 * is a sequence error. */
static void pflash_confirm(PFlashCFI01 *s, uint64_t addr, uint8_t cmd)
{
    FlashMode mode = s->mode;

    s->mode = MODE_READ_STATUS;
    if (mode == MODE_LOCK && (cmd == 0xd0 || cmd == 0x01))
        return;
    if (cmd != 0xd0) {
        log_mask_printf(LOG_GUEST_ERROR, "pflash: 0x%02x where a confirm (0xd0) belongs\n",
                        cmd);
        s->status |= SR_SEQUENCE_ERROR;
        return;
    }
    if (mode == MODE_ERASE)
        pflash_erase(s, addr);
    else if (s->buffer_end > s->buffer_start)
        pflash_write_back(s, s->buffer_start, s->buffer_end - s->buffer_start);
}

static void pflash_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    PFlashCFI01 *s = opaque;

    switch (s->mode) {
    case MODE_PROGRAM:
        pflash_program(s, addr, val, size);
        s->mode = MODE_READ_STATUS;
        return;
    case MODE_BUFFER_COUNT:
        pflash_buffer_begin(s, val);
        return;
    case MODE_BUFFER_DATA:
        pflash_buffer_data(s, addr, val, size);
        return;
    case MODE_ERASE:
    case MODE_LOCK:
    case MODE_BUFFER_CONFIRM:
        pflash_confirm(s, addr, (uint8_t)val);
        return;
    default:
        pflash_command(s, addr, (uint8_t)val);
    }
}

static const MemoryRegionOps pflash_ops = {
    .read = pflash_read,
    .write = pflash_write,
    .min_access = 1,
    .max_access = 4,
};

static bool pflash_attach_drive(PFlashCFI01 *s, char **errp)
{
    s->blk = blk_by_id(s->drive);
    if (!s->blk) {
        *errp = g_strdup_printf("drive %s not found", s->drive);
        return false;
    }
    if (!blk_attach(s->blk)) {
        *errp = g_strdup_printf("drive %s is already in use", s->drive);
        return false;
    }
    if (blk_size(s->blk) < s->size) {
        *errp = g_strdup_printf("%s: device requires %" G_GUINT64_FORMAT
                                " bytes, block backend provides %" G_GUINT64_FORMAT " bytes",
                                blk_name(s->blk), s->size, blk_size(s->blk));
        return false;
    }
    if (blk_pread(s->blk, 0, s->storage, s->size) != 0) {
        *errp = g_strdup_printf("%s: cannot read the flash contents", blk_name(s->blk));
        return false;
    }
    return true;
}

static bool pflash_realize(DeviceState *dev, char **errp)
{
    PFlashCFI01 *s = (PFlashCFI01 *)dev;

    if (!s->num_blocks || !s->sector_length || (s->sector_length & (s->sector_length - 1)) ||
        s->sector_length < 256 || (s->width != 1 && s->width != 2 && s->width != 4)) {
        *errp = g_strdup("num-blocks, a power-of-two sector-length and width 1, 2 or 4 needed");
        return false;
    }
    s->size = (uint64_t)s->num_blocks * s->sector_length;
    s->mem = memory_region_new_rom_device("pflash", s->size, &pflash_ops, s);
    s->storage = memory_region_host_ptr(s->mem);
    device_init_mmio(dev, s->mem);
    pflash_build_cfi(s);
    return !s->drive || pflash_attach_drive(s, errp);
}

static void pflash_reset(DeviceState *dev)
{
    PFlashCFI01 *s = (PFlashCFI01 *)dev;

    s->status = SR_READY;
    pflash_set_mode(s, MODE_READ_ARRAY);
}

static const DeviceProperty pflash_props[] = {
    DEVICE_PROP("num-blocks", PROP_U32, PFlashCFI01, num_blocks),
    DEVICE_PROP("sector-length", PROP_U32, PFlashCFI01, sector_length),
    DEVICE_PROP("width", PROP_U32, PFlashCFI01, width),
    DEVICE_PROP("drive", PROP_STR, PFlashCFI01, drive),
    {NULL},
};

static const DeviceClass pflash_class = {
    .name = "cfi.pflash01",
    .desc = "CFI parallel flash, Intel command set (board-internal)",
    .instance_size = sizeof(PFlashCFI01),
    .props = pflash_props,
    .realize = pflash_realize,
    .reset = pflash_reset,
};

device_type_init(pflash_register) { device_type_register(&pflash_class); }
