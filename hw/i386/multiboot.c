/*
 * Multiboot v1 direct kernel boot (see include/hw/i386/multiboot.h for the
 * layout).  The kernel, module list, command lines and modules are built in
 * one buffer placed at the kernel's load address, as QEMU builds it; the
 * memory map and the information structure go to low memory.
 */
#include <elf.h>
#include <glib.h>
#include <inttypes.h>
#include <string.h>

#include "exec/memory.h"
#include "hw/i386/multiboot.h"
#include "hw/loader.h"

enum {
    MB_HEADER_MAGIC = 0x1badb002,
    MB_FLAG_AOUT_KLUDGE = 1 << 16,
    MB_PAGE = 4096,
    MB_MOD_SIZE = 16, /* mod_start, mod_end, string, reserved */
    MB_MMAP_ENTRY_SIZE = 24,
    MB_MMAP_MAX_ENTRIES = 8,
    MB_BOOT_DEVICE = 0x8000ffff, /* no BIOS drive: as QEMU passes it */
};

/* Information structure fields and flags (Multiboot specification 3.3). */
enum {
    MBI_FLAGS = 0,
    MBI_MEM_LOWER = 4,
    MBI_MEM_UPPER = 8,
    MBI_BOOT_DEVICE = 12,
    MBI_CMDLINE = 16,
    MBI_MODS_COUNT = 20,
    MBI_MODS_ADDR = 24,
    MBI_MMAP_LENGTH = 44,
    MBI_MMAP_ADDR = 48,
    MBI_BOOT_LOADER_NAME = 64,
    MBI_SIZE = 88,
};
enum {
    MBI_HAS_MEMORY = 1 << 0,
    MBI_HAS_BOOT_DEVICE = 1 << 1,
    MBI_HAS_CMDLINE = 1 << 2,
    MBI_HAS_MODS = 1 << 3,
    MBI_HAS_MMAP = 1 << 6,
    MBI_HAS_LOADER_NAME = 1 << 9,
};
enum { E820_RAM = 1, E820_RESERVED = 2 };

/* Conventional memory stops below the BIOS's extended data area, as
 * SeaBIOS reports it; the BIOS keeps 0xf0000-0xfffff and its flash. */
static const uint32_t EBDA_START = 0x9fc00;
static const uint32_t BIOS_AREA_START = 0xf0000;
static const uint64_t HIGH_MEM_START = 0x100000;
static const uint64_t BIOS_FLASH_START = 0xfffc0000;
static const uint64_t FOUR_GIB = 0x100000000ull;

static const char LOADER_NAME[] = "gemu";

typedef struct MultibootHeader {
    uint32_t offset; /* in the file */
    uint32_t flags;
    uint32_t header_addr, load_addr, load_end_addr, bss_end_addr, entry_addr;
} MultibootHeader;

/* The kernel as it must appear in memory from load_addr. */
typedef struct KernelImage {
    uint32_t load_addr, entry;
    GByteArray *buf; /* then grows by the boot data and modules */
} KernelImage;

static uint32_t le32_at(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = v >> (8 * i);
}

static void put_le64(uint8_t *p, uint64_t v)
{
    put_le32(p, (uint32_t)v);
    put_le32(p + 4, (uint32_t)(v >> 32));
}

static bool find_header(const uint8_t *image, size_t len, MultibootHeader *h)
{
    size_t limit = MIN(len, MULTIBOOT_SEARCH_LEN);
    for (size_t off = 0; off + 12 <= limit; off += 4) {
        uint32_t magic = le32_at(image + off), flags = le32_at(image + off + 4);
        if (magic != MB_HEADER_MAGIC || magic + flags + le32_at(image + off + 8) != 0)
            continue;
        h->offset = off;
        h->flags = flags;
        if (off + 32 <= len) {
            h->header_addr = le32_at(image + off + 12);
            h->load_addr = le32_at(image + off + 16);
            h->load_end_addr = le32_at(image + off + 20);
            h->bss_end_addr = le32_at(image + off + 24);
            h->entry_addr = le32_at(image + off + 28);
        }
        return true;
    }
    return false;
}

static bool fail(char **errp, const char *msg)
{
    *errp = g_strdup(msg);
    return false;
}

/* The a.out kludge: the header says which part of the file goes where. */
static bool place_aout(const uint8_t *image, size_t len, const MultibootHeader *h,
                       KernelImage *k, char **errp)
{
    if (h->offset + 32 > len)
        return fail(errp, "Multiboot header is truncated");
    if (h->header_addr < h->load_addr)
        return fail(errp, "Multiboot header_addr is below load_addr");
    if (h->header_addr - h->load_addr > h->offset)
        return fail(errp, "Multiboot header_addr is before the start of the file");
    uint32_t text_offset = h->offset - (h->header_addr - h->load_addr);
    uint32_t load_size;
    if (h->load_end_addr) {
        if (h->load_end_addr < h->load_addr)
            return fail(errp, "Multiboot load_end_addr is below load_addr");
        load_size = h->load_end_addr - h->load_addr;
    } else {
        load_size = len - text_offset;
    }
    if (load_size > len - text_offset)
        return fail(errp, "Multiboot load_end_addr is beyond the end of the file");
    if (load_size > UINT32_MAX - h->load_addr)
        return fail(errp, "kernel does not fit in the 32-bit address space");
    uint32_t mem_size = load_size;
    if (h->bss_end_addr) {
        if (h->bss_end_addr < h->load_addr + load_size)
            return fail(errp, "Multiboot bss_end_addr is below load_end_addr");
        mem_size = h->bss_end_addr - h->load_addr;
    }
    k->load_addr = h->load_addr;
    k->entry = h->entry_addr;
    g_byte_array_append(k->buf, image + text_offset, load_size);
    g_byte_array_set_size(k->buf, mem_size);
    memset(k->buf->data + load_size, 0, mem_size - load_size);
    return true;
}

static bool elf32_header_ok(const uint8_t *image, size_t len, Elf32_Ehdr *eh, char **errp)
{
    uint16_t machine = len >= 20 ? image[18] | image[19] << 8 : 0;
    if (image[EI_CLASS] == ELFCLASS64 || machine == EM_X86_64)
        return fail(errp, "cannot load an x86-64 (ELF64) Multiboot image: give a 32-bit one "
                          "(QEMU refuses them too)");
    if (len < sizeof(*eh))
        return fail(errp, "ELF header is truncated");
    memcpy(eh, image, sizeof(*eh));
    if (eh->e_ident[EI_CLASS] != ELFCLASS32 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
        eh->e_machine != EM_386)
        return fail(errp, "not a little-endian ELF32 i386 image");
    if (eh->e_phentsize != sizeof(Elf32_Phdr) || eh->e_phoff > len ||
        (uint64_t)eh->e_phnum * sizeof(Elf32_Phdr) > len - eh->e_phoff)
        return fail(errp, "ELF program headers are truncated");
    return true;
}

static bool read_phdr(const uint8_t *image, size_t len, const Elf32_Ehdr *eh, int i,
                      Elf32_Phdr *ph, char **errp)
{
    memcpy(ph, image + eh->e_phoff + (size_t)i * sizeof(*ph), sizeof(*ph));
    if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
        return true;
    if (ph->p_filesz > ph->p_memsz || ph->p_offset > len || ph->p_filesz > len - ph->p_offset) {
        *errp = g_strdup_printf("ELF segment %d is truncated", i);
        return false;
    }
    if (ph->p_memsz > UINT32_MAX - ph->p_paddr) {
        *errp = g_strdup_printf("ELF segment %d wraps past 4 GiB", i);
        return false;
    }
    return true;
}

/* ELF32: the span of the PT_LOAD segments (at p_paddr), gaps zeroed. */
static bool place_elf(const uint8_t *image, size_t len, KernelImage *k, char **errp)
{
    Elf32_Ehdr eh;
    Elf32_Phdr ph;
    if (!elf32_header_ok(image, len, &eh, errp))
        return false;
    uint32_t low = UINT32_MAX, high = 0;
    for (int i = 0; i < eh.e_phnum; i++) {
        if (!read_phdr(image, len, &eh, i, &ph, errp))
            return false;
        if (ph.p_type == PT_LOAD && ph.p_memsz) {
            low = MIN(low, ph.p_paddr);
            high = MAX(high, ph.p_paddr + ph.p_memsz);
        }
    }
    if (low > high)
        return fail(errp, "ELF image has nothing to load");
    k->load_addr = low;
    k->entry = eh.e_entry;
    g_byte_array_set_size(k->buf, high - low);
    memset(k->buf->data, 0, high - low);
    for (int i = 0; i < eh.e_phnum; i++) {
        read_phdr(image, len, &eh, i, &ph, errp);
        if (ph.p_type == PT_LOAD && ph.p_memsz)
            memcpy(k->buf->data + (ph.p_paddr - low), image + ph.p_offset, ph.p_filesz);
    }
    return true;
}

/* ------------------------------------------------------- boot data */

static void buf_align(GByteArray *buf)
{
    guint aligned = (buf->len + MB_PAGE - 1) & ~(guint)(MB_PAGE - 1);
    guint old = buf->len;
    g_byte_array_set_size(buf, aligned);
    memset(buf->data + old, 0, aligned - old);
}

/* -initrd "a args,b": module strings; ",," stands for a comma. */
static GPtrArray *split_modules(const char *spec)
{
    GPtrArray *mods = g_ptr_array_new_with_free_func(g_free);
    if (!spec)
        return mods;
    GString *cur = g_string_new(NULL);
    for (const char *p = spec;; p++) {
        if (*p == ',' && p[1] == ',') {
            g_string_append_c(cur, ',');
            p++;
        } else if (*p == ',' || *p == 0) {
            g_ptr_array_add(mods, g_string_free(cur, FALSE));
            if (*p == 0)
                break;
            cur = g_string_new(NULL);
        } else {
            g_string_append_c(cur, *p);
        }
    }
    return mods;
}

/* The region after the kernel holding module list, strings and modules. */
typedef struct BootData {
    KernelImage *k;
    uint32_t mods_offset;    /* of the module list in k->buf */
    uint32_t strings_offset; /* next free byte for a string */
} BootData;

static uint32_t phys(const BootData *b, uint32_t offset) { return b->k->load_addr + offset; }

static uint32_t add_string(BootData *b, const char *s)
{
    uint32_t at = b->strings_offset;
    memcpy(b->k->buf->data + at, s, strlen(s) + 1);
    b->strings_offset += strlen(s) + 1;
    return phys(b, at);
}

static bool add_module(BootData *b, unsigned index, const char *spec, char **errp)
{
    char *path = g_strndup(spec, strcspn(spec, " "));
    uint8_t *data;
    size_t len;
    char *err = NULL;
    if (!loader_read_file(path, &data, &len, &err)) {
        *errp = g_strdup_printf("module %s: %s", path, err);
        g_free(err);
        g_free(path);
        return false;
    }
    GByteArray *buf = b->k->buf;
    uint32_t start = buf->len;
    if ((uint64_t)start + len + MB_PAGE > UINT32_MAX - b->k->load_addr) {
        *errp = g_strdup_printf("module %s: modules do not fit below 4 GiB", path);
        g_free(data);
        g_free(path);
        return false;
    }
    g_byte_array_append(buf, data, len);
    buf_align(buf);
    uint8_t *mod = buf->data + b->mods_offset + index * MB_MOD_SIZE;
    put_le32(mod, phys(b, start));
    put_le32(mod + 4, phys(b, start + len));
    put_le32(mod + 8, add_string(b, spec));
    put_le32(mod + 12, 0);
    g_free(data);
    g_free(path);
    return true;
}

typedef struct MmapEntry {
    uint64_t base, len;
    uint32_t type;
} MmapEntry;

static int pc_memory_map(const MultibootConfig *cfg, MmapEntry *e)
{
    int n = 0;
    e[n++] = (MmapEntry){0, EBDA_START, E820_RAM};
    e[n++] = (MmapEntry){EBDA_START, 0xa0000 - EBDA_START, E820_RESERVED};
    e[n++] = (MmapEntry){BIOS_AREA_START, HIGH_MEM_START - BIOS_AREA_START, E820_RESERVED};
    if (cfg->ram_below_4g > HIGH_MEM_START)
        e[n++] = (MmapEntry){HIGH_MEM_START, cfg->ram_below_4g - HIGH_MEM_START, E820_RAM};
    e[n++] = (MmapEntry){BIOS_FLASH_START, FOUR_GIB - BIOS_FLASH_START, E820_RESERVED};
    if (cfg->ram_above_4g)
        e[n++] = (MmapEntry){FOUR_GIB, cfg->ram_above_4g, E820_RAM};
    return n;
}

/* The memory map entries (size field first, as Multiboot wants). */
static uint32_t write_mmap(AddressSpace *as, const MultibootConfig *cfg, char **errp)
{
    MmapEntry e[MB_MMAP_MAX_ENTRIES];
    uint8_t raw[MB_MMAP_MAX_ENTRIES * MB_MMAP_ENTRY_SIZE];
    int n = pc_memory_map(cfg, e);
    for (int i = 0; i < n; i++) {
        uint8_t *p = raw + i * MB_MMAP_ENTRY_SIZE;
        put_le32(p, MB_MMAP_ENTRY_SIZE - 4);
        put_le64(p + 4, e[i].base);
        put_le64(p + 12, e[i].len);
        put_le32(p + 20, e[i].type);
    }
    uint32_t len = n * MB_MMAP_ENTRY_SIZE;
    return loader_add_blob(as, "multiboot mmap", MULTIBOOT_MMAP_ADDR, raw, len, errp) ? len : 0;
}

static bool write_mbi(AddressSpace *as, const MultibootConfig *cfg, const BootData *b,
                      uint32_t nmods, uint32_t cmdline, uint32_t loader_name, char **errp)
{
    uint8_t mbi[MBI_SIZE] = {0};
    uint32_t mmap_len = write_mmap(as, cfg, errp);
    if (!mmap_len)
        return false;
    uint64_t upper =
        cfg->ram_below_4g > HIGH_MEM_START ? cfg->ram_below_4g - HIGH_MEM_START : 0;
    put_le32(mbi + MBI_FLAGS, MBI_HAS_MEMORY | MBI_HAS_BOOT_DEVICE | MBI_HAS_CMDLINE |
                                  MBI_HAS_MODS | MBI_HAS_MMAP | MBI_HAS_LOADER_NAME);
    put_le32(mbi + MBI_MEM_LOWER, EBDA_START / 1024);
    put_le32(mbi + MBI_MEM_UPPER, upper / 1024);
    put_le32(mbi + MBI_BOOT_DEVICE, MB_BOOT_DEVICE);
    put_le32(mbi + MBI_CMDLINE, cmdline);
    put_le32(mbi + MBI_MODS_COUNT, nmods);
    put_le32(mbi + MBI_MODS_ADDR, phys(b, b->mods_offset));
    put_le32(mbi + MBI_MMAP_LENGTH, mmap_len);
    put_le32(mbi + MBI_MMAP_ADDR, MULTIBOOT_MMAP_ADDR);
    put_le32(mbi + MBI_BOOT_LOADER_NAME, loader_name);
    return loader_add_blob(as, "multiboot info", MULTIBOOT_MBI_ADDR, mbi, sizeof(mbi), errp);
}

/*
 * After the kernel: the module list, then the strings (module strings,
 * the kernel command line, the loader name), page aligned, then modules.
 */
static bool add_boot_data(AddressSpace *as, const MultibootConfig *cfg, KernelImage *k,
                          char **errp)
{
    GPtrArray *mods = split_modules(cfg->modules);
    char *cmdline = g_strdup_printf("%s %s", cfg->kernel_path, cfg->cmdline);
    size_t strings = strlen(cmdline) + 1 + sizeof(LOADER_NAME);
    for (guint i = 0; i < mods->len; i++)
        strings += strlen(g_ptr_array_index(mods, i)) + 1;

    buf_align(k->buf);
    BootData b = {.k = k, .mods_offset = k->buf->len};
    b.strings_offset = b.mods_offset + mods->len * MB_MOD_SIZE;
    g_byte_array_set_size(k->buf, b.strings_offset + strings);
    memset(k->buf->data + b.mods_offset, 0, k->buf->len - b.mods_offset);
    buf_align(k->buf);

    bool ok = true;
    for (guint i = 0; ok && i < mods->len; i++)
        ok = add_module(&b, i, g_ptr_array_index(mods, i), errp);
    if (ok) {
        uint32_t cmdline_addr = add_string(&b, cmdline);
        uint32_t name_addr = add_string(&b, LOADER_NAME);
        ok = write_mbi(as, cfg, &b, mods->len, cmdline_addr, name_addr, errp);
    }
    g_free(cmdline);
    g_ptr_array_free(mods, TRUE);
    return ok;
}

LoadResult multiboot_load(AddressSpace *as, const MultibootConfig *cfg, const uint8_t *image,
                          size_t len, MultibootBoot *out, char **errp)
{
    MultibootHeader h = {0};
    if (!find_header(image, len, &h))
        return LOAD_NOT_ELF;
    KernelImage k = {.buf = g_byte_array_new()};
    bool ok = (h.flags & MB_FLAG_AOUT_KLUDGE) ? place_aout(image, len, &h, &k, errp)
                                              : place_elf(image, len, &k, errp);
    ok = ok && add_boot_data(as, cfg, &k, errp);
    ok = ok &&
         loader_add_blob(as, "multiboot kernel", k.load_addr, k.buf->data, k.buf->len, errp);
    g_byte_array_free(k.buf, TRUE);
    if (!ok)
        return LOAD_ERROR;
    out->entry = k.entry;
    out->mbi = MULTIBOOT_MBI_ADDR;
    return LOAD_OK;
}
