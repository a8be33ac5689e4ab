/* Guest image loading: files, ELF64 segments, and blobs rewritten at reset. */
#include <elf.h>
#include <errno.h>
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "exec/memory.h"
#include "hw/loader.h"

typedef struct Blob {
    char *name;
    AddressSpace *as;
    uint64_t addr;
    uint8_t *data;
    size_t len;
} Blob;

static GPtrArray *blobs;

bool loader_read_file(const char *path, uint8_t **data, size_t *len, char **errp)
{
    /* Plain stdio rather than g_file_get_contents: its messages repeat the
     * path, and ours must read "-kernel PATH: <strerror>". */
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0 || S_ISDIR(st.st_mode)) {
        *errp =
            g_strdup(f ? g_strerror(S_ISDIR(st.st_mode) ? EISDIR : errno) : g_strerror(errno));
        if (f)
            fclose(f);
        return false;
    }
    uint8_t *buf = g_malloc(st.st_size + 1);
    size_t got = fread(buf, 1, st.st_size, f);
    bool ok = got == (size_t)st.st_size && !ferror(f);
    fclose(f);
    if (!ok) {
        *errp = g_strdup("read error");
        g_free(buf);
        return false;
    }
    buf[got] = 0;
    *data = buf;
    *len = got;
    return true;
}

bool loader_range_is_memory(AddressSpace *as, uint64_t addr, uint64_t len)
{
    if (len == 0)
        return true;
    if (addr + len - 1 < addr)
        return false;
    uint64_t last = addr + len - 1;
    while (true) {
        const MemorySection *s =
            address_space_section(as, address_space_find_section(as, addr));
        if (!memory_region_is_ram(s->mr) && !memory_region_is_rom(s->mr))
            return false;
        uint64_t section_last = s->start + s->size - 1;
        if (section_last >= last)
            return true;
        addr = section_last + 1;
    }
}

static void blob_write(const Blob *b)
{
    address_space_write_rom(b->as, b->addr, b->data, b->len);
}

bool loader_add_blob(AddressSpace *as, const char *name, uint64_t addr, const void *data,
                     size_t len, char **errp)
{
    if (!loader_range_is_memory(as, addr, len)) {
        *errp = g_strdup_printf("%s at 0x%" PRIx64 "..0x%" PRIx64 " is outside RAM and ROM",
                                name, addr, addr + len - 1);
        return false;
    }
    Blob *b = g_new0(Blob, 1);
    b->name = g_strdup(name);
    b->as = as;
    b->addr = addr;
    b->data = g_memdup2(data, len);
    b->len = len;
    if (!blobs)
        blobs = g_ptr_array_new();
    g_ptr_array_add(blobs, b);
    blob_write(b);
    return true;
}

void loader_reset(void)
{
    for (guint i = 0; blobs && i < blobs->len; i++)
        blob_write(g_ptr_array_index(blobs, i));
}

static bool elf_header_ok(const Elf64_Ehdr *eh, size_t len, uint16_t machine, char **errp)
{
    if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB) {
        *errp = g_strdup("not a little-endian ELF64 image");
        return false;
    }
    if (eh->e_machine != machine) {
        *errp = g_strdup_printf("ELF image is for machine %u, not %u", eh->e_machine, machine);
        return false;
    }
    if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phoff > len ||
        (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > len - eh->e_phoff) {
        *errp = g_strdup("ELF program headers are truncated");
        return false;
    }
    return true;
}

/* One PT_LOAD segment: file bytes then zeroes up to p_memsz. */
static bool load_segment(AddressSpace *as, const uint8_t *image, size_t len,
                         const Elf64_Phdr *ph, int index, char **errp)
{
    if (ph->p_filesz > ph->p_memsz || ph->p_offset > len || ph->p_filesz > len - ph->p_offset) {
        *errp = g_strdup_printf("ELF segment %d is truncated", index);
        return false;
    }
    /* Check before allocating: p_memsz comes from the file. */
    if (!loader_range_is_memory(as, ph->p_paddr, ph->p_memsz)) {
        *errp = g_strdup_printf(
            "ELF segment %d at 0x%" PRIx64 "..0x%" PRIx64 " is outside RAM and ROM", index,
            (uint64_t)ph->p_paddr, (uint64_t)(ph->p_paddr + ph->p_memsz - 1));
        return false;
    }
    uint8_t *bytes = g_malloc0(ph->p_memsz);
    memcpy(bytes, image + ph->p_offset, ph->p_filesz);
    char *name = g_strdup_printf("ELF segment %d", index);
    bool ok = loader_add_blob(as, name, ph->p_paddr, bytes, ph->p_memsz, errp);
    g_free(name);
    g_free(bytes);
    return ok;
}

LoadResult load_elf64(AddressSpace *as, const uint8_t *image, size_t len, uint16_t machine,
                      LoadedElf *out, char **errp)
{
    Elf64_Ehdr eh;
    if (len < SELFMAG || memcmp(image, ELFMAG, SELFMAG) != 0)
        return LOAD_NOT_ELF;
    if (len < sizeof(eh)) {
        *errp = g_strdup("ELF header is truncated");
        return LOAD_ERROR;
    }
    memcpy(&eh, image, sizeof(eh));
    if (!elf_header_ok(&eh, len, machine, errp))
        return LOAD_ERROR;

    out->entry = eh.e_entry;
    out->low = UINT64_MAX;
    out->high = 0;
    for (int i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        memcpy(&ph, image + eh.e_phoff + (size_t)i * sizeof(ph), sizeof(ph));
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        if (!load_segment(as, image, len, &ph, i, errp))
            return LOAD_ERROR;
        out->low = MIN(out->low, ph.p_paddr);
        out->high = MAX(out->high, ph.p_paddr + ph.p_memsz);
    }
    if (out->low > out->high) {
        *errp = g_strdup("ELF image has nothing to load");
        return LOAD_ERROR;
    }
    return LOAD_OK;
}
