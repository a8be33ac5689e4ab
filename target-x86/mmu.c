/*
 * x86 paging in tlb_fill: 32-bit (with 4 MiB PSE pages), PAE and 4-level
 * long-mode tables, accessed and dirty bits, U/S and R/W with CR0.WP, NX
 * with EFER.NXE, and the #PF error code with CR2.
 */
#include <inttypes.h>

#include "exec/cputlb.h"
#include "target-x86/cpu.h"
#include "util/log.h"

#define PTE_P        (1ull << 0)
#define PTE_W        (1ull << 1)
#define PTE_U        (1ull << 2)
#define PTE_A        (1ull << 5)
#define PTE_D        (1ull << 6)
#define PTE_PS       (1ull << 7)
#define PTE_NX       (1ull << 63)
#define PHYS_MASK_52 0x000ffffffffff000ull

enum { PF_P = 1, PF_W = 2, PF_U = 4, PF_RSVD = 8, PF_I = 16 };

typedef struct Walk {
    uint64_t pa;
    uint64_t page_size;
    int prot;
    uint32_t error; /* #PF error code when the walk fails */
} Walk;

static bool read_pte(X86CPU *cpu, uint64_t addr, bool wide, uint64_t *pte)
{
    uint64_t v = 0;
    if (address_space_ld(cpu->parent.as, addr, wide ? 8 : 4, &v) != MEMTX_OK) {
        return false;
    }
    *pte = v;
    return true;
}

static void set_bits(X86CPU *cpu, uint64_t addr, uint64_t pte, uint64_t bits)
{
    if ((pte & bits) != bits) {
        /* A and D live in the low word of either entry format. */
        address_space_st(cpu->parent.as, addr, 4, (uint32_t)(pte | bits));
    }
}

/*
 * Walk levels from the top (4: PML4, 3: PDPT, 2: PD, 1: PT).  A large
 * page is allowed at levels 2 (and 3 in long mode).
 */
static bool walk(X86CPU *cpu, uint64_t va, MMUAccessType access, bool user, Walk *w)
{
    bool lm = cpu->efer & EFER_LMA, pae = cpu->cr[4] & CR4_PAE;
    bool nxe = cpu->efer & EFER_NXE, wide = pae;
    int levels = lm ? 4 : pae ? 3 : 2;
    uint64_t table = cpu->cr[3] & (pae ? (lm ? PHYS_MASK_52 : 0xffffffe0ull) : 0xfffff000ull);
    bool writable = true, user_ok = true, nx = false;
    uint64_t pte = 0, pte_addr = 0;
    int level;
    unsigned shift = 0;

    w->error = (access == MMU_DATA_STORE ? PF_W : 0) | (user ? PF_U : 0) |
               (access == MMU_INST_FETCH && nxe ? PF_I : 0);
    for (level = levels; level >= 1; level--) {
        unsigned idx_bits = wide ? 9 : 10;
        shift = 12 + idx_bits * (unsigned)(level - 1);
        unsigned idx = (unsigned)(va >> shift) & ((1u << idx_bits) - 1);
        if (!lm && pae && level == 3) {
            idx = (unsigned)(va >> 30) & 3;
        }
        pte_addr = table + idx * (wide ? 8 : 4);
        if (!read_pte(cpu, pte_addr, wide, &pte)) {
            return false;
        }
        if (!(pte & PTE_P)) {
            return false;
        }
        if (!lm && pae && level == 3) {
            table = pte & PHYS_MASK_52; /* PDPTEs carry no permissions */
            continue;
        }
        if (wide && (pte & PTE_NX) && !nxe) {
            w->error |= PF_RSVD | PF_P;
            return false;
        }
        writable &= (pte & PTE_W) != 0;
        user_ok &= (pte & PTE_U) != 0;
        nx |= nxe && (pte & PTE_NX);
        bool large_ok = level == 2 && (wide || (cpu->cr[4] & CR4_PSE));
        large_ok |= level == 3 && lm;
        if (level > 1 && (pte & PTE_PS) && large_ok) {
            break;
        }
        if (level > 1) {
            set_bits(cpu, pte_addr, pte, PTE_A);
            table = pte & (wide ? PHYS_MASK_52 : 0xfffff000ull);
        }
    }
    w->error |= PF_P;
    if (user && !user_ok) {
        return false;
    }
    if (access == MMU_DATA_STORE && !writable && (user || (cpu->cr[0] & CR0_WP))) {
        return false;
    }
    if (access == MMU_INST_FETCH && nx) {
        return false;
    }
    /* Dirty only on a write: a read maps the page read-only until the first write. */
    uint64_t bits = PTE_A | (access == MMU_DATA_STORE ? PTE_D : 0);
    set_bits(cpu, pte_addr, pte, bits);
    pte |= bits;

    w->page_size = 1ull << shift;
    uint64_t frame;
    if (shift > 12) {
        /* Large page: PAT bit 12 is not an address bit; 32-bit PSE has no high bits here. */
        frame = pte & (wide ? PHYS_MASK_52 : 0xffc00000ull) & ~(w->page_size - 1);
    } else {
        frame = pte & (wide ? PHYS_MASK_52 : 0xfffff000ull);
    }
    w->pa = frame | (va & (w->page_size - 1));
    w->prot = PAGE_READ;
    if ((pte & PTE_D) && (writable || (!user && !(cpu->cr[0] & CR0_WP)))) {
        w->prot |= PAGE_WRITE;
    }
    if (!nx) {
        w->prot |= PAGE_EXEC;
    }
    return true;
}

bool x86_cpu_tlb_fill(CPUState *cs, uint64_t vaddr, int size, MMUAccessType access, int mmu_idx,
                      bool probe)
{
    X86CPU *cpu = x86_cpu(cs);
    bool user = mmu_idx == X86_MMU_IDX_USER;
    Walk w;

    if (!(cpu->cr[0] & CR0_PG)) {
        uint64_t pa = (cpu->efer & EFER_LMA) ? vaddr : (vaddr & 0xffffffffull);
        tlb_set_page(cs, vaddr & TARGET_PAGE_MASK, pa & TARGET_PAGE_MASK,
                     PAGE_READ | PAGE_WRITE | PAGE_EXEC, mmu_idx, TARGET_PAGE_SIZE, 0);
        return true;
    }
    if ((cpu->efer & EFER_LMA) && !x86_is_canonical(vaddr)) {
        if (!probe) {
            x86_raise(cpu, EXCP_GP, true, 0);
        }
        return false;
    }
    if (walk(cpu, vaddr, access, user, &w)) {
        tlb_set_page(cs, vaddr & TARGET_PAGE_MASK, w.pa & TARGET_PAGE_MASK, w.prot, mmu_idx,
                     w.page_size, 0);
        return true;
    }
    log_mask_printf(LOG_MMU, "x86 MMU: #PF at 0x%" PRIx64 " access %d error 0x%x\n", vaddr,
                    access, w.error);
    if (!probe) {
        x86_raise_pf(cpu, vaddr, w.error);
    }
    return false;
}

void x86_raise_pf(X86CPU *cpu, uint64_t addr, uint32_t error_code)
{
    cpu->cr[2] = addr;
    x86_raise(cpu, EXCP_PF, true, error_code);
}
