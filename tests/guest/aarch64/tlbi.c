/*
 * (Both CPU models tested implement the 64K granule.)
 *
 * TLB maintenance: after a descriptor changes, each TLBI form that covers
 * the old translation makes the new one visible -- VAE1, VALE1, VAAE1,
 * VAALE1, ASIDE1, VMALLE1 and their Inner Shareable forms -- for a 4K page,
 * a 64K page touched at another 4K part than the TLBI names, a 2 MiB block
 * touched far from the address the TLBI names, and a tagged address with
 * top-byte-ignore.  Non-global translations of two ASIDs with different
 * tables stay apart across TTBR0 switches without any TLBI.
 *
 * Only what the architecture guarantees is checked: whether a stale
 * translation survives until the TLBI is not.
 */
#include "check.h"
#include "pgtable.h"

#define RAM        0x40000000ul
#define DEVICE     0x08000000ul
#define VA         0x700f0000ul /* the page under test; TLB index 0xf0, away from the code */
#define BLOCK_VA   0x60000000ul
#define TCR_TBI0   (1ul << 37)
#define TCR_AS16   (1ul << 36)
#define TCR_EPD1   (1ul << 23)
#define TCR_WALK   (1ul << 8 | 1ul << 10 | 3ul << 12)
#define TCR_IPS_44 (4ul << 32)
#define SCTLR_M    1ul
#define ASID_A     0x1234ul
#define ASID_B     0x00a5ul

static uint64_t data_pages[2][8192] __attribute__((aligned(65536)));

static uint64_t load(uint64_t va) { return *(volatile uint64_t *)va; }

/* ------------------------------------------------------------ the TLBI forms */

#define TLBI_FN(op)                                                                            \
    static void tlbi_##op(uint64_t arg)                                                        \
    {                                                                                          \
        asm volatile("dsb ishst\n\ttlbi " #op ", %0\n\tdsb ish\n\tisb" ::"r"(arg) : "memory"); \
    }
#define TLBI_FN_NOARG(op)                                                                      \
    static void tlbi_##op(uint64_t arg)                                                        \
    {                                                                                          \
        (void)arg;                                                                             \
        asm volatile("dsb ishst\n\ttlbi " #op "\n\tdsb ish\n\tisb" ::: "memory");              \
    }

TLBI_FN(vae1)
TLBI_FN(vale1)
TLBI_FN(vaae1)
TLBI_FN(vaale1)
TLBI_FN(aside1)
TLBI_FN(vae1is)
TLBI_FN(vale1is)
TLBI_FN(vaae1is)
TLBI_FN(vaale1is)
TLBI_FN(aside1is)
TLBI_FN_NOARG(vmalle1)
TLBI_FN_NOARG(vmalle1is)

enum operand { BY_VA_ASID, BY_VA, BY_ASID, NONE };

static const struct tlbi_form {
    const char *name;
    void (*fn)(uint64_t);
    enum operand operand;
} forms[] = {
    {"VAE1", tlbi_vae1, BY_VA_ASID},      {"VALE1", tlbi_vale1, BY_VA_ASID},
    {"VAAE1", tlbi_vaae1, BY_VA},         {"VAALE1", tlbi_vaale1, BY_VA},
    {"ASIDE1", tlbi_aside1, BY_ASID},     {"VMALLE1", tlbi_vmalle1, NONE},
    {"VAE1IS", tlbi_vae1is, BY_VA_ASID},  {"VALE1IS", tlbi_vale1is, BY_VA_ASID},
    {"VAAE1IS", tlbi_vaae1is, BY_VA},     {"VAALE1IS", tlbi_vaale1is, BY_VA},
    {"ASIDE1IS", tlbi_aside1is, BY_ASID}, {"VMALLE1IS", tlbi_vmalle1is, NONE},
};

/* The TLBI operand: ASID in bits 63:48, VA[55:12] in bits 43:0. */
static uint64_t tlbi_operand(enum operand op, uint64_t va, uint64_t asid)
{
    uint64_t va_field = (va >> 12) & ((1ul << 44) - 1);

    switch (op) {
    case BY_VA_ASID:
        return asid << 48 | va_field;
    case BY_VA:
        return va_field;
    case BY_ASID:
        return asid << 48;
    default:
        return 0;
    }
}

/* ------------------------------------------------------------ set-up */

static uint64_t tcr_for(unsigned page_bits)
{
    uint64_t tg0 = page_bits == 12 ? TG0_4K : page_bits == 14 ? TG0_16K : TG0_64K;

    return 25ul | tg0 << 14 | TCR_WALK | TCR_EPD1 | TCR_IPS_44 | TCR_AS16;
}

static void new_tables(struct pgtable *pt, unsigned page_bits)
{
    pt_init(pt, page_bits, 39);
    pt_map(pt, DEVICE, DEVICE, 0x02000000, PTE_DEVICE | PTE_PXN | PTE_UXN);
    pt_map(pt, RAM, RAM, 0x20000000, PTE_NORMAL);
}

static void mmu_on(uint64_t tcr, const struct pgtable *pt, uint64_t asid)
{
    write_sysreg(mair_el1, MAIR_VALUE);
    write_sysreg(tcr_el1, tcr);
    write_sysreg(ttbr0_el1, (uintptr_t)pt->root | asid << 48);
    pt_sync();
    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_M);
}

static void mmu_off(void)
{
    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~SCTLR_M);
    pt_sync();
}

static uint64_t data_pa(unsigned i) { return (uintptr_t)data_pages[i]; }

/* ------------------------------------------------------------ tests */

/*
 * For each form: VA maps data page 0 (non-global, ASID_A), is read, then is
 * remapped to data page 1; after the TLBI the new mapping must be seen.
 * `offset` is where in the page VA is read, `named` the address the TLBI
 * names (another 4K part of the same page).
 */
static void test_forms(unsigned page_bits, uint64_t offset, uint64_t named, uint64_t tcr_extra,
                       uint64_t tag)
{
    struct pgtable pt;
    uint64_t *pte;

    pt_reset();
    new_tables(&pt, page_bits);
    pte = pt_slot(&pt, VA, 3);
    mmu_on(tcr_for(page_bits) | tcr_extra, &pt, ASID_A);
    for (unsigned i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
        const struct tlbi_form *f = &forms[i];
        unsigned from = i & 1, to = !from;

        *pte = data_pa(from) | PTE_VALID | PTE_TYPE | PTE_NORMAL | PTE_NG;
        pt_sync();
        CHECK_EQ(load(tag | (VA + offset)), data_pages[from][offset / 8]);
        *pte = data_pa(to) | PTE_VALID | PTE_TYPE | PTE_NORMAL | PTE_NG;
        /* Another page's TLBI guarantees nothing either way: not checked. */
        tlbi_vae1(tlbi_operand(BY_VA_ASID, VA + 0x100000, ASID_A));
        load(tag | (VA + offset));
        f->fn(tlbi_operand(f->operand, VA + named, ASID_A));
        if (load(tag | (VA + offset)) != data_pages[to][offset / 8])
            printf("  TLBI %s left the old translation of 0x%lx\n", f->name,
                   tag | (VA + offset));
        CHECK_EQ(load(tag | (VA + offset)), data_pages[to][offset / 8]);
    }
    mmu_off();
}

/* A 2 MiB block remapped; the TLBI names its first 4K page, the read is near its end. */
static void test_block(void)
{
    struct pgtable pt;
    uint64_t *pmd;
    uint64_t off = 0x1ff008;
    uint64_t from = RAM, to = RAM + 0x200000;

    pt_reset();
    new_tables(&pt, 12);
    pmd = pt_slot(&pt, BLOCK_VA, 2);
    *pmd = from | PTE_VALID | PTE_NORMAL;
    mmu_on(tcr_for(12), &pt, ASID_A);
    CHECK_EQ(load(BLOCK_VA + off), load(from + off));
    *pmd = to | PTE_VALID | PTE_NORMAL;
    tlbi_vaae1(tlbi_operand(BY_VA, BLOCK_VA, 0));
    CHECK_EQ(load(BLOCK_VA + off), load(to + off));
    mmu_off();
}

/* Two address spaces: the same VA, non-global, different tables and ASIDs. */
static void test_asid_switch(void)
{
    struct pgtable a, b;

    if ((read_sysreg(id_aa64mmfr0_el1) >> 4 & 0xf) != 2) {
        printf("8-bit ASIDs only: ASID switch test skipped\n");
        return;
    }
    pt_reset();
    new_tables(&a, 12);
    new_tables(&b, 12);
    pt_map_page(&a, VA, data_pa(0), PTE_NORMAL | PTE_NG);
    pt_map_page(&b, VA, data_pa(1), PTE_NORMAL | PTE_NG);
    mmu_on(tcr_for(12), &a, ASID_A);
    for (unsigned round = 0; round < 3; round++) {
        write_sysreg(ttbr0_el1, (uintptr_t)a.root | ASID_A << 48);
        CHECK_EQ(load(VA + 8), data_pages[0][1]);
        write_sysreg(ttbr0_el1, (uintptr_t)b.root | ASID_B << 48);
        CHECK_EQ(load(VA + 8), data_pages[1][1]);
    }
    mmu_off();
}

int main(void)
{
    for (unsigned i = 0; i < 8192; i++) {
        data_pages[0][i] = 0x1000000000000000ul + i;
        data_pages[1][i] = 0x2000000000000000ul + i;
    }
    printf("4K pages\n");
    test_forms(12, 0x10, 0, 0, 0);
    printf("64K pages, read at +0xf008, TLBI names +0x1000\n");
    test_forms(16, 0xf008, 0x1000, 0, 0);
    /*
     * 64K pages: the 512 MiB blocks mapping RAM stay clear of VA, so an
     * emulator that flushes everything near blocks cannot hide a TLBI
     * that misses tagged entries.
     */
    printf("64K pages, tagged addresses (TBI0)\n");
    test_forms(16, 0x18, 0, TCR_TBI0, 0x5aul << 56);
    printf("2 MiB block\n");
    test_block();
    printf("ASID switch\n");
    test_asid_switch();
    return test_finish("tlbi");
}
