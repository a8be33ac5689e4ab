/*
 * AArch64 stage-1 address translation for the EL1&0 regime (4K granule),
 * the TLB fill built on it, and the faults memory accesses raise.
 */
#include <inttypes.h>

#include "exec/cputlb.h"
#include "exec/memory.h"
#include "target-arm/cpu.h"
#include "target-arm/helper-sys.h"
#include "util/log.h"

#define PA_BITS        48
#define PA_MASK        ((1ull << PA_BITS) - 1)
#define DESC_ADDR_MASK (PA_MASK & ~0xfffull) /* output address bits [47:12] */

/* Descriptor bits (4K granule). */
#define DESC_VALID      (1ull << 0)
#define DESC_TABLE      (1ull << 1) /* table (levels 0-2) or page (level 3); else block */
#define DESC_AP_EL0     (1ull << 6) /* AP[1]: EL0 has access */
#define DESC_AP_RO      (1ull << 7) /* AP[2]: read-only */
#define DESC_AF         (1ull << 10)
#define DESC_PXN        (1ull << 53)
#define DESC_UXN        (1ull << 54)
#define DESC_PXN_TABLE  (1ull << 59)
#define DESC_UXN_TABLE  (1ull << 60)
#define DESC_APT_NO_EL0 (1ull << 61)
#define DESC_APT_RO     (1ull << 62)

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

/* Which half of the address space va is in, and how TCR_EL1 configures it. */
typedef struct WalkRegion {
    uint64_t ttbr;
    int inputsize; /* 64 - TxSZ */
    bool tbi;      /* top byte ignored */
    bool disabled; /* EPDx: walks of this half fault */
    bool granule_4k;
} WalkRegion;

static WalkRegion walk_region(const ARMCPU *cpu, uint64_t va)
{
    uint64_t tcr = cpu->sys.tcr_el1;
    bool upper = (va >> 55) & 1;
    WalkRegion r;
    int tsz;

    if (upper) {
        r.ttbr = cpu->sys.ttbr1_el1;
        tsz = (tcr >> 16) & 0x3f;
        r.tbi = (tcr >> 38) & 1;
        r.disabled = (tcr >> 23) & 1;
        r.granule_4k = ((tcr >> 30) & 3) == 2;
    } else {
        r.ttbr = cpu->sys.ttbr0_el1;
        tsz = tcr & 0x3f;
        r.tbi = (tcr >> 37) & 1;
        r.disabled = (tcr >> 7) & 1;
        r.granule_4k = ((tcr >> 14) & 3) == 0;
    }
    /* Out-of-range TxSZ values behave as the nearest supported one. */
    tsz = tsz < 16 ? 16 : tsz > 39 ? 39 : tsz;
    r.inputsize = 64 - tsz;
    return r;
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

/* The 4K-granule table walk; levels resolve 9 bits each above the 12-bit page offset. */
static bool walk_4k(ARMCPU *cpu, const WalkRegion *r, uint64_t va, int access, int mmu_idx,
                    uint64_t *pa, int *prot, uint64_t *page_size, uint32_t *fsc)
{
    int start = 4 - (r->inputsize - 12 + 8) / 9;
    int first_bits = r->inputsize - (12 + 9 * (3 - start));
    uint64_t table = r->ttbr & PA_MASK & ~((8ull << first_bits) - 1);
    uint64_t table_attrs = 0;

    for (int level = start; level <= 3; level++) {
        int shift = 12 + 9 * (3 - level);
        int bits = level == start ? first_bits : 9;
        uint64_t index = (va >> shift) & ((1ull << bits) - 1);
        uint64_t desc;

        if (!read_descriptor(cpu, table + index * 8, &desc)) {
            *fsc = FSC_SYNC_EXT_WALK | level;
            return false;
        }
        log_mask_printf(LOG_MMU, "  L%d desc[0x%" PRIx64 "] = 0x%016" PRIx64 "\n", level,
                        table + index * 8, desc);
        if (!(desc & DESC_VALID) || (!(desc & DESC_TABLE) && (level == 0 || level == 3))) {
            *fsc = FSC_TRANSLATION | level;
            return false;
        }
        if ((desc & DESC_TABLE) && level < 3) {
            table = desc & DESC_ADDR_MASK;
            table_attrs |=
                desc & (DESC_PXN_TABLE | DESC_UXN_TABLE | DESC_APT_NO_EL0 | DESC_APT_RO);
            continue;
        }
        if (!(desc & DESC_AF)) {
            *fsc = FSC_ACCESS_FLAG | level;
            return false;
        }
        *prot = leaf_prot(cpu, desc, table_attrs, mmu_idx);
        if (!(*prot & access_prot(access))) {
            *fsc = FSC_PERMISSION | level;
            return false;
        }
        *page_size = 1ull << shift;
        *pa = (desc & DESC_ADDR_MASK & ~(*page_size - 1)) | (va & (*page_size - 1));
        return true;
    }
    *fsc = FSC_TRANSLATION | 3;
    return false;
}

/* The physical address size ID_AA64MMFR0_EL1.PARange advertises, in bits. */
static int pa_bits(const ARMCPU *cpu)
{
    static const int parange_bits[] = {32, 36, 40, 42, 44, 48, 52};
    unsigned parange = (unsigned)(cpu->id.id_aa64mmfr0 & 0xf);

    return parange < sizeof(parange_bits) / sizeof(parange_bits[0]) ? parange_bits[parange]
                                                                     : PA_BITS;
}

bool arm_mmu_translate(ARMCPU *cpu, uint64_t va, int access, int mmu_idx, uint64_t *pa,
                       int *prot, uint64_t *page_size, uint32_t *fsc)
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
        *pa = va;
        *prot = PAGE_READ | PAGE_WRITE | PAGE_EXEC;
        *page_size = TARGET_PAGE_SIZE;
        return true;
    }
    r = walk_region(cpu, va);
    if (!va_in_range(&r, va) || r.disabled) {
        *fsc = FSC_TRANSLATION;
        return false;
    }
    if (!r.granule_4k) {
        log_mask_printf(LOG_UNIMP,
                        "MMU: only the 4K granule is implemented (TCR_EL1 0x%" PRIx64 ")\n",
                        cpu->sys.tcr_el1);
        *fsc = FSC_TRANSLATION;
        return false;
    }
    return walk_4k(cpu, &r, va, access, mmu_idx, pa, prot, page_size, fsc);
}

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
    uint64_t pa, page_size;
    uint32_t fsc;
    int prot;

    if (arm_mmu_translate(cpu, vaddr, access, mmu_idx, &pa, &prot, &page_size, &fsc)) {
        tlb_set_page(cs, vaddr & TARGET_PAGE_MASK, pa & TARGET_PAGE_MASK, prot, mmu_idx,
                     page_size, 0);
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
