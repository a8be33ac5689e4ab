/*
 * Guest physical memory: a tree of regions (RAM, ROM, MMIO, aliases,
 * containers) flattened into a sorted range table for dispatch.
 *
 * Devices create their MMIO regions; boards place them into the system
 * address space.  Every guest-supplied physical address goes through an
 * AddressSpace with bounds checks: an address outside every region is a
 * MEMTX_DECODE_ERROR, never a host access.
 */
#ifndef EXEC_MEMORY_H
#define EXEC_MEMORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct MemoryRegion MemoryRegion;
typedef struct AddressSpace AddressSpace;

typedef enum MemTxResult {
    MEMTX_OK = 0,
    MEMTX_ERROR = 1,        /* device signalled an error (slave error) */
    MEMTX_DECODE_ERROR = 2, /* nothing at this address */
} MemTxResult;

typedef struct MemoryRegionOps {
    /* addr is relative to the region's start; size is 1, 2, 4 or 8. */
    uint64_t (*read)(void *opaque, uint64_t addr, unsigned size);
    void (*write)(void *opaque, uint64_t addr, uint64_t val, unsigned size);
    /*
     * Access sizes the device accepts.  The dispatcher splits wider accesses
     * into several of max_access and widens narrower ones to min_access
     * (read-modify-write for stores).  0 means 1 and 8.
     */
    unsigned min_access, max_access;
} MemoryRegionOps;

/* Constructors.  name is copied; size is in bytes. */
MemoryRegion *memory_region_new_ram(const char *name, uint64_t size);
MemoryRegion *memory_region_new_rom(const char *name, uint64_t size);
MemoryRegion *memory_region_new_io(const char *name, uint64_t size, const MemoryRegionOps *ops,
                                   void *opaque);
/*
 * A ROM device (flash): in ROM mode, the initial one, reads come from host
 * memory (memory_region_host_ptr; code runs from it) while writes go to
 * ops->write; in I/O mode both go through ops (a flash answering a
 * command).  Loaders write its host memory as they write ROM.
 */
MemoryRegion *memory_region_new_rom_device(const char *name, uint64_t size,
                                         const MemoryRegionOps *ops, void *opaque);
void memory_region_rom_device_set_romd(MemoryRegion *mr, bool romd);
MemoryRegion *memory_region_new_alias(const char *name, MemoryRegion *target, uint64_t offset,
                                      uint64_t size);
MemoryRegion *memory_region_new_container(const char *name, uint64_t size);

/* Host memory behind a RAM or ROM region (for loaders and DMA fast paths). */
void *memory_region_host_ptr(MemoryRegion *mr);
uint64_t memory_region_size(const MemoryRegion *mr);
const char *memory_region_name(const MemoryRegion *mr);

/* Place child at offset in parent; higher priority wins where they overlap. */
void memory_region_add_subregion(MemoryRegion *parent, uint64_t offset, MemoryRegion *child,
                                 int priority);
void memory_region_del_subregion(MemoryRegion *parent, MemoryRegion *child);
void memory_region_set_enabled(MemoryRegion *mr, bool enabled);

/* The system address space; its root is a container covering 2^64 bytes. */
AddressSpace *address_space_system(void);
MemoryRegion *address_space_root(AddressSpace *as);
/* Another address space, e.g. the x86 I/O ports (64 KiB): its root is a
 * container of size bytes; accesses beyond it are MEMTX_DECODE_ERROR.
 * Address spaces live until exit; listeners hear of changes to any. */
AddressSpace *address_space_new(const char *name, uint64_t size);

MemTxResult address_space_rw(AddressSpace *as, uint64_t addr, void *buf, uint64_t len,
                             bool is_write);
MemTxResult address_space_read(AddressSpace *as, uint64_t addr, void *buf, uint64_t len);
MemTxResult address_space_write(AddressSpace *as, uint64_t addr, const void *buf, uint64_t len);
/* Writes ROM too (for loaders placing firmware). */
MemTxResult address_space_write_rom(AddressSpace *as, uint64_t addr, const void *buf,
                                    uint64_t len);
/* Little-endian scalar accesses of 1, 2, 4 or 8 bytes. */
MemTxResult address_space_ld(AddressSpace *as, uint64_t addr, unsigned size, uint64_t *val);
MemTxResult address_space_st(AddressSpace *as, uint64_t addr, unsigned size, uint64_t val);

/*
 * The dispatch view used by the TLB: the flat section containing paddr.
 * A section is a maximal range backed by one region.
 */
typedef struct MemorySection {
    uint64_t start, size;  /* guest physical range */
    MemoryRegion *mr;      /* leaf region (RAM, ROM or IO) */
    uint64_t offset_in_mr; /* offset of start within mr */
} MemorySection;

/* Section index for paddr (never fails: unassigned space has a section). */
uint32_t address_space_find_section(AddressSpace *as, uint64_t paddr);
const MemorySection *address_space_section(AddressSpace *as, uint32_t index);
bool memory_region_is_ram(const MemoryRegion *mr); /* RAM: guest-writable host memory */
bool memory_region_is_rom(const MemoryRegion *mr);
/* Dispatch one access of size 1/2/4/8 to a section (offset within section). */
MemTxResult memory_section_read(const MemorySection *s, uint64_t offset, unsigned size,
                                uint64_t *val);
MemTxResult memory_section_write(const MemorySection *s, uint64_t offset, unsigned size,
                                 uint64_t val);

/* Called whenever the flat view changes (TLBs are flushed). */
typedef void (*MemoryListener)(AddressSpace *as);
void memory_add_listener(MemoryListener fn);

#endif
