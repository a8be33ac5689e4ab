/*
 * AArch64 stage-1 address translation for the EL1&0 regime (4K, 16K and
 * 64K granules, any legal TxSZ), the TLB fill and TLB maintenance built on
 * it, and the faults memory accesses raise.
 *
 * The software TLB is not tagged with ASIDs: a change of the current ASID
 * (TTBR write, TCR write) and TLBI ASIDE1 flush every EL1&0 entry, and TLBI
 * by VA flushes that VA's entries whatever their ASID or nG bit.  Both only
 * ever drop more than the architecture requires.
 */
#include <inttypes.h>

#include "exec/cputlb.h"
#include "exec/memory.h"
#include "target-arm/cpu-features.h"
#include "target-arm/cpu.h"
#include "target-arm/helper-sys.h"
#include "util/log.h"

#define PA_BITS 48
#define PA_MASK ((1ull << PA_BITS) - 1)

/* Descriptor bits. */
#define DESC_VALID       (1ull << 0)
#define DESC_TABLE       (1ull << 1) /* table (levels 0-2) or page (level 3); else block */
#define DESC_ATTRINDX    (7ull << 2)
#define DESC_AP_EL0      (1ull << 6) /* AP[1]: EL0 has access */
#define DESC_AP_RO       (1ull << 7) /* AP[2]: read-only */
#define DESC_SH          (3ull << 8)
#define DESC_AF          (1ull << 10)
#define DESC_PXN         (1ull << 53)
#define DESC_UXN         (1ull << 54)
#define DESC_PXN_TABLE   (1ull << 59)
#define DESC_UXN_TABLE   (1ull << 60)
#define DESC_APT_NO_EL0  (1ull << 61)
#define DESC_APT_RO      (1ull << 62)
#define DESC_TABLE_ATTRS (DESC_PXN_TABLE | DESC_UXN_TABLE | DESC_APT_NO_EL0 | DESC_APT_RO)

/* TCR_EL1 fields that are not per half. */
#define TCR_A1          (1ull << 22)
#define TCR_IPS_SHIFT   32
#define TCR_AS          (1ull << 36)
#define TTBR_ASID_SHIFT 48
#define TTBR_BADDR      (PA_MASK & ~1ull) /* bit 0 is CnP */
#define MIN_TABLE_ALIGN 6                 /* tables are at least 64-byte aligned */
#define MIN_TXSZ        16
#define MAX_TXSZ        39
#define SHAREABLE_OUTER 2

int arm_cpu_mmu_idx(const ARMCPU *cpu)
{
    switch (arm_current_el(cpu)) {
    case 0:
        return ARM_MMU_IDX_EL0;
    case 1:
        return (cpu->pstate & PSTATE_PAN) ? ARM_MMU_IDX_EL1_PAN : ARM_MMU_IDX_EL1;
    case 2:
        return ARM_MMU_IDX_EL2;
    default:
        return ARM_MMU_IDX_EL3;
    }
}

/* ------------------------------------------------------------ granules */

enum { GRAN_4K, GRAN_16K, GRAN_64K, GRAN_RESERVED };

typedef struct Granule {
    uint8_t page_bits;    /* log2 of the page size; a level resolves page_bits - 3 bits */
    uint8_t block_levels; /* bit n: level n may hold a block descriptor (without FEAT_LPA) */
    uint8_t id_shift;     /* its TGran field in ID_AA64MMFR0_EL1 */
    uint8_t id_absent;    /* the field's "not supported" value */
} Granule;

static const Granule granules[] = {
    [GRAN_4K] = {12, 1u << 1 | 1u << 2, 28, 0xf},
    [GRAN_16K] = {14, 1u << 2, 20, 0x0},
    [GRAN_64K] = {16, 1u << 2, 24, 0xf},
};

static bool granule_supported(const ARMCPU *cpu, int g)
{
    return arm_id_field(cpu->id.id_aa64mmfr0, granules[g].id_shift) != granules[g].id_absent;
}

/*
 * A reserved or unimplemented TGx behaves as an IMPLEMENTATION DEFINED
 * implemented granule: 4K, else 64K, else 16K, as QEMU chooses.
 */
static const Granule *pick_granule(const ARMCPU *cpu, int g)
{
    static const int preference[] = {GRAN_4K, GRAN_64K, GRAN_16K};

    if (g != GRAN_RESERVED && granule_supported(cpu, g)) {
        return &granules[g];
    }
    for (unsigned i = 0; i < sizeof(preference) / sizeof(preference[0]); i++) {
        if (granule_supported(cpu, preference[i])) {
            return &granules[preference[i]];
        }
    }
    return &granules[GRAN_4K];
}

/* ------------------------------------------------------------ TCR_EL1 */

/* Where each half of the address space keeps its fields in TCR_EL1. */
typedef struct TcrHalf {
    uint8_t tsz, epd, tg, tbi; /* bit positions */
    int8_t tg_granule[4];      /* TGx encoding -> granule: TG0 and TG1 differ */
} TcrHalf;

static const TcrHalf tcr_halves[2] = {
    {0, 7, 14, 37, {GRAN_4K, GRAN_64K, GRAN_16K, GRAN_RESERVED}},
    {16, 23, 30, 38, {GRAN_RESERVED, GRAN_16K, GRAN_4K, GRAN_64K}},
};

/* Which half of the address space va is in, and how TCR_EL1 configures it. */
typedef struct WalkRegion {
    uint64_t ttbr;
    const Granule *granule;
    int inputsize; /* 64 - TxSZ */
    bool tbi;      /* top byte ignored */
    bool disabled; /* EPDx: walks of this half fault */
    bool tsz_oob;  /* TxSZ outside [16, 39] */
} WalkRegion;

static WalkRegion walk_region(const ARMCPU *cpu, uint64_t va)
{
    uint64_t tcr = cpu->sys.tcr_el1;
    bool upper = (va >> 55) & 1;
    const TcrHalf *h = &tcr_halves[upper];
    int tsz = (int)((tcr >> h->tsz) & 0x3f);

    return (WalkRegion){
        .ttbr = upper ? cpu->sys.ttbr1_el1 : cpu->sys.ttbr0_el1,
        .granule = pick_granule(cpu, h->tg_granule[(tcr >> h->tg) & 3]),
        .inputsize = 64 - tsz,
        .tbi = (tcr >> h->tbi) & 1,
        .disabled = (tcr >> h->epd) & 1,
        .tsz_oob = tsz < MIN_TXSZ || tsz > MAX_TXSZ,
    };
}

/* The bits above the input range must all equal bit 55 (bits 63:56 too unless TBI). */
static bool va_in_range(const WalkRegion *r, uint64_t va)
{
    int top = r->tbi ? 55 : 63;
    int width = top - r->inputsize + 1;
    uint64_t bits = (va >> r->inputsize) & ((1ull << width) - 1);
    bool upper = (va >> 55) & 1;

    return bits == (upper ? (1ull << width) - 1 : 0);
}

/* Size in bits of a PARange / IPS encoding; reserved values give -1. */
static int pa_size_bits(unsigned encoding)
{
    static const int bits[] = {32, 36, 40, 42, 44, 48, 52};

    return encoding < sizeof(bits) / sizeof(bits[0]) ? bits[encoding] : -1;
}

/* The physical address size ID_AA64MMFR0_EL1.PARange advertises, in bits. */
static int pa_bits(const ARMCPU *cpu)
{
    int bits = pa_size_bits((unsigned)(cpu->id.id_aa64mmfr0 & 0xf));

    return bits < 0 || bits > PA_BITS ? PA_BITS : bits;
}

/* The output address size of the walk: TCR_EL1.IPS, capped at the implemented PA size. */
static int output_bits(const ARMCPU *cpu)
{
    int ips = pa_size_bits((unsigned)(cpu->sys.tcr_el1 >> TCR_IPS_SHIFT) & 7);
    int pa = pa_bits(cpu);

    return ips < 0 || ips > pa ? pa : ips;
}

uint32_t arm_current_asid(const ARMCPU *cpu)
{
    uint64_t tcr = cpu->sys.tcr_el1;
    uint64_t ttbr = (tcr & TCR_A1) ? cpu->sys.ttbr1_el1 : cpu->sys.ttbr0_el1;
    bool asid16 = (tcr & TCR_AS) && arm_id_field(cpu->id.id_aa64mmfr0, 4) == 2;

    return (uint32_t)(ttbr >> TTBR_ASID_SHIFT) & (asid16 ? 0xffff : 0xff);
}

/* ------------------------------------------------------------ permissions */

/* Access rights of a leaf descriptor, inherited table limits included. */
static int leaf_prot(const ARMCPU *cpu, uint64_t desc, uint64_t table_attrs, int mmu_idx)
{
    bool el0 = (desc & DESC_AP_EL0) && !(table_attrs & DESC_APT_NO_EL0);
    bool ro = (desc & DESC_AP_RO) || (table_attrs & DESC_APT_RO);
    bool uxn = (desc & DESC_UXN) || (table_attrs & DESC_UXN_TABLE);
    bool pxn = (desc & DESC_PXN) || (table_attrs & DESC_PXN_TABLE);
    int prot = 0;

    if (mmu_idx == ARM_MMU_IDX_EL0) {
        prot |= el0 ? PAGE_READ | (ro ? 0 : PAGE_WRITE) : 0;
        prot |= uxn ? 0 : PAGE_EXEC;
    } else {
        prot |= PAGE_READ | (ro ? 0 : PAGE_WRITE);
        /* PAN: privileged data accesses to EL0-accessible memory fault. */
        if (mmu_idx == ARM_MMU_IDX_EL1_PAN && el0) {
            prot &= ~(PAGE_READ | PAGE_WRITE);
        }
        /* Memory EL0 can write is never privileged-executable. */
        prot |= (pxn || (el0 && !ro)) ? 0 : PAGE_EXEC;
    }
    if ((cpu->sys.sctlr_el[1] & SCTLR_WXN) && (prot & PAGE_WRITE)) {
        prot &= ~PAGE_EXEC;
    }
    return prot;
}

static int access_prot(int access)
{
    return access == MMU_DATA_STORE   ? PAGE_WRITE
           : access == MMU_INST_FETCH ? PAGE_EXEC
                                      : PAGE_READ;
}

/* ------------------------------------------------------------ the walk */

/*
 * Descriptors are read from RAM or ROM only: a walk into a device would
 * touch it without the big lock, so it is reported as an external abort.
 */
static bool read_descriptor(ARMCPU *cpu, uint64_t pa, uint64_t *desc)
{
    AddressSpace *as = cpu->parent.as;
    const MemorySection *sec = address_space_section(as, address_space_find_section(as, pa));

    if (!sec || !sec->mr || !(memory_region_is_ram(sec->mr) || memory_region_is_rom(sec->mr))) {
        return false;
    }
    return address_space_ld(as, pa, 8, desc) == MEMTX_OK;
}

/*
 * A leaf's attributes for PAR_EL1: the MAIR_EL1 byte and the descriptor's
 * shareability (for Device and Non-cacheable memory the architecture also
 * allows reporting Outer Shareable; QEMU 7.2 reports the descriptor's).
 */
static void leaf_attrs(const ARMCPU *cpu, uint64_t desc, ARMTranslation *t)
{
    unsigned index = (unsigned)((desc & DESC_ATTRINDX) >> 2);

    t->mair_attr = (uint8_t)(cpu->sys.mair_el1 >> (8 * index));
    t->shareability = (uint8_t)((desc & DESC_SH) >> 8);
}

/*
 * The table walk from r's TTBR: each level resolves page_bits - 3 bits of
 * va, the start level being whatever leaves the first level with at most
 * that many.  Faults are checked in the architecture's order: translation,
 * address size, access flag, permission.
 */
static bool walk(ARMCPU *cpu, const WalkRegion *r, uint64_t va, int access, int mmu_idx,
                 ARMTranslation *t, uint32_t *fsc)
{
    int page_bits = r->granule->page_bits;
    int stride = page_bits - 3;
    int start = 4 - (r->inputsize - page_bits + stride - 1) / stride;
    int first_bits = r->inputsize - (page_bits + stride * (3 - start));
    int align = first_bits + 3 > MIN_TABLE_ALIGN ? first_bits + 3 : MIN_TABLE_ALIGN;
    uint64_t beyond_oa = PA_MASK & ~((1ull << output_bits(cpu)) - 1);
    uint64_t addr_field = PA_MASK & ~((1ull << page_bits) - 1);
    uint64_t table = r->ttbr & TTBR_BADDR & ~((1ull << align) - 1);
    uint64_t table_attrs = 0;

    if (r->ttbr & TTBR_BADDR & beyond_oa) {
        *fsc = FSC_ADDR_SIZE;
        return false;
    }
    for (int level = start; level <= 3; level++) {
        int shift = page_bits + stride * (3 - level);
        int bits = level == start ? first_bits : stride;
        uint64_t index = (va >> shift) & ((1ull << bits) - 1);
        uint64_t desc;

        if (!read_descriptor(cpu, table + index * 8, &desc)) {
            *fsc = FSC_SYNC_EXT_WALK | level;
            return false;
        }
        log_mask_printf(LOG_MMU, "  L%d desc[0x%" PRIx64 "] = 0x%016" PRIx64 "\n", level,
                        table + index * 8, desc);
        bool is_table = (desc & DESC_TABLE) && level < 3;
        bool is_leaf = level == 3
                           ? (desc & DESC_TABLE)
                           : !(desc & DESC_TABLE) && (r->granule->block_levels >> level & 1);
        if (!(desc & DESC_VALID) || !(is_table || is_leaf)) {
            *fsc = FSC_TRANSLATION | level;
            return false;
        }
        if (desc & addr_field & beyond_oa) {
            *fsc = FSC_ADDR_SIZE | level;
            return false;
        }
        if (is_table) {
            table = desc & addr_field;
            table_attrs |= desc & DESC_TABLE_ATTRS;
            continue;
        }
        if (!(desc & DESC_AF)) {
            *fsc = FSC_ACCESS_FLAG | level;
            return false;
        }
        t->prot = leaf_prot(cpu, desc, table_attrs, mmu_idx);
        if (!(t->prot & access_prot(access))) {
            *fsc = FSC_PERMISSION | level;
            return false;
        }
        t->page_size = 1ull << shift;
        t->granule_size = 1ull << page_bits;
        t->pa = (desc & addr_field & ~(t->page_size - 1)) | (va & (t->page_size - 1));
        leaf_attrs(cpu, desc, t);
        return true;
    }
    *fsc = FSC_TRANSLATION | 3; /* not reached: level 3 always ends the walk */
    return false;
}

bool arm_mmu_translate_full(ARMCPU *cpu, uint64_t va, int access, int mmu_idx,
                            ARMTranslation *t, uint32_t *fsc)
{
    WalkRegion r;

    /*
     * MMU off (or a regime we do not model): flat; an address beyond the PA
     * size is an address size fault at level 0.  Data accesses are then to
     * Device memory, where the architecture makes unaligned accesses fault;
     * QEMU 7.2 lets them through and firmware built for it relies on that,
     * so gemu does too.
     */
    if (mmu_idx >= ARM_MMU_IDX_EL2 || !(cpu->sys.sctlr_el[1] & SCTLR_M)) {
        if (va >> pa_bits(cpu)) {
            *fsc = FSC_ADDR_SIZE;
            return false;
        }
        *t = (ARMTranslation){.pa = va,
                              .prot = PAGE_READ | PAGE_WRITE | PAGE_EXEC,
                              .page_size = TARGET_PAGE_SIZE,
                              .granule_size = TARGET_PAGE_SIZE,
                              .mair_attr = 0,
                              .shareability = SHAREABLE_OUTER};
        return true;
    }
    r = walk_region(cpu, va);
    /* An out-of-range TxSZ faults rather than being clamped, as in QEMU 7.2. */
    if (!va_in_range(&r, va) || r.disabled || r.tsz_oob) {
        *fsc = FSC_TRANSLATION;
        return false;
    }
    return walk(cpu, &r, va, access, mmu_idx, t, fsc);
}

bool arm_mmu_translate(ARMCPU *cpu, uint64_t va, int access, int mmu_idx, uint64_t *pa,
                       int *prot, uint64_t *page_size, uint32_t *fsc)
{
    ARMTranslation t;

    if (!arm_mmu_translate_full(cpu, va, access, mmu_idx, &t, fsc)) {
        return false;
    }
    *pa = t.pa;
    *prot = t.prot;
    *page_size = t.page_size;
    return true;
}

/* ------------------------------------------------------------ TLB fill and faults */

/* Data or instruction abort for a fault at vaddr, reported to EL1. */
static void raise_abort(ARMCPU *cpu, uint64_t vaddr, MMUAccessType access, uint32_t fsc)
{
    bool lower = arm_current_el(cpu) == 0;
    int excp;
    uint32_t syndrome;

    if (access == MMU_INST_FETCH) {
        excp = ARM_EXCP_PREFETCH_ABORT;
        syndrome = syn_make(lower ? EC_INSNABORT_LOWER : EC_INSNABORT, fsc);
    } else {
        excp = ARM_EXCP_DATA_ABORT;
        syndrome = syn_make(lower ? EC_DATAABORT_LOWER : EC_DATAABORT,
                            fsc | (access == MMU_DATA_STORE ? ISS_DABT_WNR : 0));
    }
    cpu->sys.excp_vaddr = vaddr;
    arm_raise_exception(cpu, excp, syndrome, 1);
}

bool arm_cpu_tlb_fill(CPUState *cs, uint64_t vaddr, int size, MMUAccessType access, int mmu_idx,
                      bool probe)
{
    ARMCPU *cpu = arm_cpu(cs);
    ARMTranslation t;
    uint32_t fsc;

    if (arm_mmu_translate_full(cpu, vaddr, access, mmu_idx, &t, &fsc)) {
        /*
         * TLBI by VA flushes the whole granule (arm_tlbi_va), so only
         * blocks need the TLB's large-page tracking.
         */
        uint64_t flush_unit = t.page_size > t.granule_size ? t.page_size : TARGET_PAGE_SIZE;

        tlb_set_page(cs, vaddr & TARGET_PAGE_MASK, t.pa & TARGET_PAGE_MASK, t.prot, mmu_idx,
                     flush_unit, 0);
        return true;
    }
    log_mask_printf(LOG_MMU, "MMU: fault at 0x%" PRIx64 " (access %d, mmu_idx %d): FSC 0x%x\n",
                    vaddr, access, mmu_idx, fsc);
    if (!probe) {
        raise_abort(cpu, vaddr, access, fsc);
    }
    return false;
}

void arm_cpu_do_unaligned_access(CPUState *cs, uint64_t vaddr, MMUAccessType access,
                                 int mmu_idx)
{
    ARMCPU *cpu = arm_cpu(cs);

    if (access == MMU_INST_FETCH) {
        cpu->sys.excp_vaddr = vaddr;
        arm_raise_exception(cpu, ARM_EXCP_PREFETCH_ABORT, syn_make(EC_PCALIGNMENT, 0), 1);
        return;
    }
    raise_abort(cpu, vaddr, access, FSC_ALIGNMENT);
}

void arm_cpu_do_transaction_failed(CPUState *cs, uint64_t paddr, uint64_t vaddr,
                                   MMUAccessType access, int mmu_idx)
{
    log_mask_printf(LOG_GUEST_ERROR, "bus error at PA 0x%" PRIx64 " (VA 0x%" PRIx64 ")\n",
                    paddr, vaddr);
    raise_abort(arm_cpu(cs), vaddr, access, FSC_SYNC_EXT);
}

/* size_store: access size in bytes, bit 31 set for a store. */
void helper_check_align(void *env, uint64_t addr, uint32_t size_store)
{
    ARMCPU *cpu = env;
    uint32_t size = size_store & 0xff;
    MMUAccessType access = (size_store >> 31) ? MMU_DATA_STORE : MMU_DATA_LOAD;

    if (addr & (size - 1)) {
        arm_cpu_do_unaligned_access(&cpu->parent, addr, access, arm_cpu_mmu_idx(cpu));
    }
}

/* ------------------------------------------------------------ TLB maintenance */

/* The mmu indexes of the EL1&0 translation regime, which TLBI ...E1 operations concern. */
#define EL10_IDXMAP (1u << ARM_MMU_IDX_EL0 | 1u << ARM_MMU_IDX_EL1 | 1u << ARM_MMU_IDX_EL1_PAN)

void arm_tlbi_all(ARMCPU *cpu, bool broadcast)
{
    if (broadcast) {
        CPU_FOREACH(cs) { tlb_flush_by_mmuidx(cs, EL10_IDXMAP); }
    } else {
        tlb_flush_by_mmuidx(&cpu->parent, EL10_IDXMAP);
    }
}

/*
 * TLBI VAE1, VALE1, VAAE1, VAALE1 (and their IS forms): Xt[43:0] is
 * VA[55:12], VA[63:56] copy bit 55.  The whole granule holding the VA is
 * flushed (a 16K or 64K page spans several TLB pages), and with TBI only
 * bits 55:0 are compared, since entries were filled under any tag.
 */
void arm_tlbi_va(ARMCPU *cpu, uint64_t xt, bool broadcast)
{
    uint64_t va = (uint64_t)((int64_t)(xt << 20) >> 8);
    WalkRegion r = walk_region(cpu, va);
    uint64_t granule = 1ull << r.granule->page_bits;
    unsigned bits = r.tbi ? 56 : 64;

    va &= ~(granule - 1);
    if (broadcast) {
        CPU_FOREACH(cs) { tlb_flush_range_by_mmuidx(cs, va, granule, EL10_IDXMAP, bits); }
    } else {
        tlb_flush_range_by_mmuidx(&cpu->parent, va, granule, EL10_IDXMAP, bits);
    }
}

/* Flush the EL1&0 regime if a change of TTBRx_EL1 or TCR_EL1 changed the current ASID. */
void arm_asid_maybe_changed(ARMCPU *cpu, uint32_t old_asid)
{
    if (arm_current_asid(cpu) != old_asid) {
        tlb_flush_by_mmuidx(&cpu->parent, EL10_IDXMAP);
    }
}
