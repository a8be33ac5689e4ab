/*
 * Multiboot (v1) direct kernel boot for PC boards, laid out as QEMU's
 * loader does (hw/i386/multiboot.c, its option ROM and SeaBIOS's memory
 * map together):
 *  - the header: magic 0x1BADB002 at a 4-byte boundary in the first 8 KiB,
 *    flags, checksum; with flag bit 16 (a.out kludge) the header's
 *    header/load/load_end/bss_end/entry addresses place the file, otherwise
 *    the image must be ELF32 (EM_386; ELF64 and EM_X86_64 are refused,
 *    as QEMU refuses them) and its PT_LOAD segments are placed at p_paddr;
 *  - after the kernel, page aligned: the module list, the command lines
 *    (modules' first, then "<kernel path> <-append>"), the boot loader name,
 *    then each module page aligned;
 *  - the memory map at 0x9000 and the information structure at 0x9500.
 */
#ifndef HW_I386_MULTIBOOT_H
#define HW_I386_MULTIBOOT_H

#include <stdint.h>

#include "hw/loader.h"

typedef struct MultibootConfig {
    const char *kernel_path; /* as typed: the start of the command line */
    const char *cmdline;     /* -append, "" if none */
    const char *modules;     /* -initrd "FILE[ ARGS][,FILE2...]" (",," is a comma); NULL */
    uint64_t ram_below_4g;   /* RAM from 0 (the 640K-1M hole is not RAM) */
    uint64_t ram_above_4g;   /* RAM from 4 GiB */
} MultibootConfig;

typedef struct MultibootBoot {
    uint32_t entry; /* EIP */
    uint32_t mbi;   /* EBX: the Multiboot information structure */
} MultibootBoot;

enum {
    MULTIBOOT_SEARCH_LEN = 8192,
    MULTIBOOT_MMAP_ADDR = 0x9000,
    MULTIBOOT_MBI_ADDR = 0x9500,
};

/*
 * Load image (the -kernel file's contents) and write the boot information
 * into RAM (as loader blobs, so a reset reloads them).  LOAD_NOT_ELF: the
 * image has no Multiboot header (some other format); LOAD_ERROR: *errp
 * says why (g_malloc'ed, no "-kernel PATH:" prefix).
 */
LoadResult multiboot_load(AddressSpace *as, const MultibootConfig *cfg, const uint8_t *image,
                          size_t len, MultibootBoot *out, char **errp);

#endif
