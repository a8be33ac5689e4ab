/*
 * Loading guest images (kernels, firmware, device trees) into guest
 * memory.  Everything loaded is remembered as a blob and written again on
 * every machine reset, so a rebooted guest finds pristine images.
 *
 * Errors are reported as a g_malloc'ed one-line message in *errp (no
 * "gemu:" prefix, no file name): callers add the option and path, e.g.
 * fatal("-kernel %s: %s", path, err).
 */
#ifndef HW_LOADER_H
#define HW_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct AddressSpace AddressSpace;

/* Read a whole host file (NUL-terminated for convenience, not counted). */
bool loader_read_file(const char *path, uint8_t **data, size_t *len, char **errp);

/* Is [addr, addr + len) entirely guest RAM or ROM? */
bool loader_range_is_memory(AddressSpace *as, uint64_t addr, uint64_t len);

/* Write data at guest physical addr now and at every reset.  Fails if the
 * range is not entirely RAM/ROM. */
bool loader_add_blob(AddressSpace *as, const char *name, uint64_t addr, const void *data,
                     size_t len, char **errp);

typedef enum LoadResult {
    LOAD_OK,
    LOAD_NOT_ELF, /* not an ELF file: try the next format */
    LOAD_ERROR,   /* *errp says why */
} LoadResult;

typedef struct LoadedElf {
    uint64_t entry;
    uint64_t low, high; /* lowest and one past highest loaded byte */
} LoadedElf;

/* Load the PT_LOAD segments of an ELF64 little-endian image for machine
 * (EM_AARCH64 = 183, ...) at their physical addresses (p_paddr), zero-filling
 * p_memsz beyond p_filesz. */
LoadResult load_elf64(AddressSpace *as, const uint8_t *image, size_t len, uint16_t machine,
                      LoadedElf *out, char **errp);

/* gzip-compressed data (compressed Linux images)? */
bool loader_is_gzip(const uint8_t *data, size_t len);
/* Decompress a whole gzip file into a g_malloc'ed buffer of at most
 * max_out bytes. */
bool loader_gunzip(const uint8_t *in, size_t len, size_t max_out, uint8_t **out,
                   size_t *out_len, char **errp);

/* Rewrite every blob (called by machine_reset). */
void loader_reset(void);

#endif
