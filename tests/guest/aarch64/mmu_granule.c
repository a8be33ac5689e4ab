/*
 * Stage-1 translation with every granule the CPU advertises (4K, 16K, 64K
 * in ID_AA64MMFR0_EL1) and several input sizes, through TTBR0 (the code
 * runs identity-mapped) and TTBR1 (upper addresses): pages, blocks at each
 * level the granule allows, the contiguous bit, and the faults with their
 * ESR and FAR -- access flag, permission (AP, PXN, UXN, implicit PXN,
 * APTable, PXNTable, PAN if advertised), translation (unmapped, reserved
 * descriptor, block at a level that allows none, VA out of range, EPD1,
 * TxSZ out of range), address size (output address and table base beyond
 * TCR_EL1.IPS) and an external abort for a table walk outside RAM, at the
 * level the walk starts from.
 */
#include "check.h"
#include "pgtable.h"

#define RAM           0x40000000ul
#define DEVICE        0x08000000ul
#define HOLE          0x0e000000ul /* nothing on virt's bus here */
#define TESTVA        0x70000000ul
#define TABVA         0x20000000ul
#define BLOCKVA       0x100000000ul
#define CONTVA        0x71000000ul
#define BEYOND_IPS    (1ul << 40)
#define TCR_IPS_40    (2ul << 32)
#define TCR_TBI_NONE  0ul
#define TCR_EPD1      (1ul << 23)
#define TCR_WALK_ATTR (1ul << 8 | 1ul << 10 | 3ul << 12) /* TTBR0 walks: WB, inner shareable   \
                                                          */
#define TCR1_WALK_ATTR (TCR_WALK_ATTR << 16)
#define SCTLR_M        1ul
#define PSTATE_EL1H    0x3c5ul
#define PSTATE_EL0T    0x3c0ul

#define EC_IABT_LOWER 0x20
#define EC_IABT_SAME  0x21
#define EC_DABT_LOWER 0x24
#define FSC_ADDR_SIZE 0x00
#define FSC_TRANSL    0x04
#define FSC_AF        0x08
#define FSC_PERM      0x0c
#define FSC_EXT_WALK  0x14
#define ISS_WNR       (1ul << 6)

/* Pages the test maps at various addresses: their words hold known values. */
static uint64_t data_pages[2][8192] __attribute__((aligned(65536)));

/*
 * One 64K-aligned page of code: offset 0 is a function that returns, offset
 * 64 an EL0 snippet that loads from [x1] and calls SVC.
 */
asm(".pushsection .text.stubs, \"ax\"\n"
    ".balign 65536\n"
    ".global stub_page\n"
    "stub_page:\n"
    "    ret\n"
    ".balign 64\n"
    "    ldr x0, [x1]\n"
    "    svc #0\n"
    ".balign 65536\n"
    ".popsection\n");
extern char stub_page[];
#define STUB_EL0 64

/* ------------------------------------------------------------ faults */

static struct {
    unsigned count;
    uint64_t esr, far;
} fault;
static uint64_t el0_return;

static bool fault_hook(struct exc_frame *frame, const struct exc_record *rec)
{
    unsigned ec = ESR_EC(rec->esr);

    fault.count++;
    fault.esr = rec->esr;
    fault.far = rec->far;
    if (rec->kind == 8) { /* from EL0: back to run_el0's caller at EL1 */
        frame->elr = el0_return;
        frame->spsr = PSTATE_EL1H;
        return true;
    }
    if (ec == EC_DABT_SAME_EL) {
        frame->elr += 4;
        return true;
    }
    if (ec == EC_IABT_SAME) { /* a BLR into a page we may not execute */
        frame->elr = frame->x[30];
        return true;
    }
    return false;
}

static uint64_t load(uint64_t va)
{
    uint64_t v = 0xbad;

    fault.count = 0;
    asm volatile("ldr %0, [%1]" : "+r"(v) : "r"(va) : "memory");
    return v;
}

static void store(uint64_t va, uint64_t v)
{
    fault.count = 0;
    asm volatile("str %0, [%1]" ::"r"(v), "r"(va) : "memory");
}

static void call(uint64_t va)
{
    fault.count = 0;
    asm volatile("blr %0" ::"r"(va) : "x30", "memory");
}

/* ERET to pc at EL0 with x1 = arg; back when EL0 takes an exception. Returns x0. */
static uint64_t run_el0(uint64_t pc, uint64_t arg)
{
    register uint64_t x0 asm("x0") = 0xbad;
    register uint64_t x1 asm("x1") = arg;

    fault.count = 0;
    asm volatile("adr x9, 1f\n\t"
                 "str x9, [%[ret]]\n\t"
                 "msr elr_el1, %[pc]\n\t"
                 "msr spsr_el1, %[spsr]\n\t"
                 "eret\n"
                 "1:"
                 : "+r"(x0), "+r"(x1)
                 : [pc] "r"(pc), [spsr] "r"(PSTATE_EL0T), [ret] "r"(&el0_return)
                 : "x9", "cc", "memory");
    return x0;
}

static void check_fault(unsigned ec, unsigned fsc, uint64_t far, bool wnr, int line)
{
    if (fault.count != 1 || ESR_EC(fault.esr) != ec || (fault.esr & 0x3f) != fsc ||
        fault.far != far || (ec == EC_DABT_SAME_EL && !!(fault.esr & ISS_WNR) != wnr)) {
        printf("  line %d: %u fault(s), ESR 0x%lx FAR 0x%lx; want EC 0x%x FSC 0x%x FAR 0x%lx\n",
               line, fault.count, fault.esr, fault.far, ec, fsc, far);
    }
    CHECK_EQ(fault.count, 1);
    CHECK_EQ(ESR_EC(fault.esr), ec);
    CHECK_EQ(fault.esr & 0x3f, fsc);
    CHECK_EQ(fault.far, far);
    if (ec == EC_DABT_SAME_EL || ec == EC_DABT_LOWER)
        CHECK_EQ(fault.esr & ISS_WNR, wnr ? ISS_WNR : 0);
}

#define CHECK_FAULT(ec, fsc, far, wnr) check_fault(ec, fsc, far, wnr, __LINE__)
#define CHECK_NO_FAULT()               CHECK_EQ(fault.count, 0)

static uint64_t at_s1e1r(uint64_t va)
{
    asm volatile("at s1e1r, %0\n\tisb" ::"r"(va));
    return read_sysreg(par_el1);
}

/* ------------------------------------------------------------ set-up */

static bool granule_supported(unsigned page_bits)
{
    uint64_t mmfr0 = read_sysreg(id_aa64mmfr0_el1);

    switch (page_bits) {
    case 12:
        return (mmfr0 >> 28 & 0xf) != 0xf;
    case 14:
        return (mmfr0 >> 20 & 0xf) != 0;
    default:
        return (mmfr0 >> 24 & 0xf) != 0xf;
    }
}

static uint64_t tg0_of(unsigned page_bits)
{
    return page_bits == 12 ? TG0_4K : page_bits == 14 ? TG0_16K : TG0_64K;
}

static uint64_t tg1_of(unsigned page_bits)
{
    return page_bits == 12 ? TG1_4K : page_bits == 14 ? TG1_16K : TG1_64K;
}

/* The code, the stack, the data and the UART, identity-mapped. */
static void map_identity(struct pgtable *pt)
{
    pt_map(pt, DEVICE, DEVICE, 0x02000000, PTE_DEVICE | PTE_PXN | PTE_UXN);
    pt_map(pt, RAM, RAM, 0x20000000, PTE_NORMAL);
}

static void mmu_on(uint64_t tcr, const struct pgtable *pt0, const struct pgtable *pt1)
{
    write_sysreg(mair_el1, MAIR_VALUE);
    write_sysreg(tcr_el1, tcr);
    write_sysreg(ttbr0_el1, (uintptr_t)pt0->root);
    write_sysreg(ttbr1_el1, pt1 ? (uintptr_t)pt1->root : 0);
    pt_sync();
    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_M);
}

static void mmu_off(void)
{
    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~SCTLR_M);
    pt_sync();
}

/* ------------------------------------------------------------ TTBR0 */

static uint64_t stub_pa(void) { return (uintptr_t)stub_page; }
static uint64_t data_pa(unsigned i) { return (uintptr_t)data_pages[i]; }

static void map_test_pages(struct pgtable *pt)
{
    uint64_t g = 1ul << pt->page_bits;

    pt_map_page(pt, TESTVA + 0 * g, data_pa(0), PTE_NORMAL);
    pt_map_page(pt, TESTVA + 1 * g, data_pa(1), PTE_NORMAL & ~PTE_AF);
    pt_map_page(pt, TESTVA + 2 * g, data_pa(1), PTE_NORMAL | PTE_RDONLY);
    /* page 3 stays unmapped */
    pt_map_page(pt, TESTVA + 4 * g, stub_pa(), PTE_NORMAL | PTE_PXN);
    *pt_slot(pt, TESTVA + 5 * g, 3) = data_pa(0) | PTE_VALID | PTE_NORMAL; /* reserved at L3 */
    pt_map_page(pt, TESTVA + 6 * g, BEYOND_IPS, PTE_NORMAL);
    pt_map_page(pt, TESTVA + 7 * g, stub_pa(), PTE_NORMAL | PTE_EL0);
    pt_map_page(pt, TESTVA + 8 * g, stub_pa(), PTE_NORMAL);
    pt_map_page(pt, TESTVA + 9 * g, stub_pa(), PTE_NORMAL | PTE_EL0 | PTE_UXN);
    pt_map_page(pt, TESTVA + 10 * g, data_pa(1), PTE_NORMAL | PTE_EL0 | PTE_RDONLY);

    /* A contiguous run of 2 MiB of RAM, every page marked contiguous. */
    for (uint64_t off = 0; off < 0x200000; off += g)
        pt_map_page(pt, CONTVA + off, RAM + off, PTE_NORMAL | PTE_CONT);

    /* A table whose descriptor makes everything below it read-only and PXN. */
    pt_map_page(pt, TABVA, data_pa(1), PTE_NORMAL);
    pt_map_page(pt, TABVA + g, stub_pa(), PTE_NORMAL);
    *pt_slot(pt, TABVA, 2) |= PTE_APT_RO | PTE_PXN_TABLE;

    /* Blocks at each level the granule allows, with and without AF. */
    if (pt->inputsize > 33) {
        unsigned level = pt_block_level(pt);
        uint64_t size = pt_level_size(pt, level);

        pt_map(pt, BLOCKVA, RAM, size, PTE_NORMAL);
        pt_map(pt, BLOCKVA + 2 * size, RAM, size, PTE_NORMAL & ~PTE_AF);
        if (level == 1)
            pt_map(pt, BLOCKVA + 4 * size, RAM, pt_level_size(pt, 2), PTE_NORMAL);
    }
}

static void check_pages(const struct pgtable *pt)
{
    uint64_t g = 1ul << pt->page_bits;
    uint64_t last = g / 8 - 1;

    CHECK_EQ(load(TESTVA + 8), data_pages[0][1]);
    CHECK_EQ(load(TESTVA + g - 8), data_pages[0][last]);
    CHECK_NO_FAULT();
    CHECK_EQ(load(TESTVA + 2 * g + 16), data_pages[1][2]);
    CHECK_NO_FAULT();
    CHECK_EQ(load(CONTVA + ((uintptr_t)&data_pages[0][3] - RAM)), data_pages[0][3]);
    CHECK_NO_FAULT();
    /* PAR_EL1: ATTR (the MAIR byte), RES1 bit 11, NS, SH from the descriptor. */
    CHECK_EQ(at_s1e1r(TESTVA + 8), 0xff00000000000b80ul | data_pa(0));
    CHECK_EQ(at_s1e1r(DEVICE + 0x1000008), 0x0000000000000a00ul | (DEVICE + 0x1000000));
}

static void check_page_faults(const struct pgtable *pt)
{
    uint64_t g = 1ul << pt->page_bits;

    load(TESTVA + g + 24);
    CHECK_FAULT(EC_DABT_SAME_EL, FSC_AF | 3, TESTVA + g + 24, false);
    store(TESTVA + 2 * g, 1);
    CHECK_FAULT(EC_DABT_SAME_EL, FSC_PERM | 3, TESTVA + 2 * g, true);
    CHECK_EQ(at_s1e1r(TESTVA + 3 * g), 0x800 | 1 | (FSC_TRANSL | 3) << 1);
    load(TESTVA + 3 * g);
    CHECK_FAULT(EC_DABT_SAME_EL, FSC_TRANSL | 3, TESTVA + 3 * g, false);
    load(TESTVA + 5 * g);
    CHECK_FAULT(EC_DABT_SAME_EL, FSC_TRANSL | 3, TESTVA + 5 * g, false);
    load(TESTVA + 6 * g + 8);
    CHECK_FAULT(EC_DABT_SAME_EL, FSC_ADDR_SIZE | 3, TESTVA + 6 * g + 8, false);
}

static void check_exec_permissions(const struct pgtable *pt)
{
    uint64_t g = 1ul << pt->page_bits;

    call(TESTVA + 8 * g);
    CHECK_NO_FAULT();
    call(TESTVA + 4 * g);
    CHECK_FAULT(EC_IABT_SAME, FSC_PERM | 3, TESTVA + 4 * g, false);
    /* Writable at EL0 implies PXN. */
    call(TESTVA + 7 * g);
    CHECK_FAULT(EC_IABT_SAME, FSC_PERM | 3, TESTVA + 7 * g, false);

    CHECK_EQ(run_el0(TESTVA + 7 * g + STUB_EL0, TESTVA + 10 * g + 32), data_pages[1][4]);
    CHECK_EQ(ESR_EC(fault.esr), EC_SVC64);
    run_el0(TESTVA + 7 * g + STUB_EL0, TESTVA + 8);
    CHECK_FAULT(EC_DABT_LOWER, FSC_PERM | 3, TESTVA + 8, false);
    run_el0(TESTVA + 9 * g + STUB_EL0, TESTVA + 10 * g);
    CHECK_FAULT(EC_IABT_LOWER, FSC_PERM | 3, TESTVA + 9 * g + STUB_EL0, false);
}

static void check_table_attributes(const struct pgtable *pt)
{
    uint64_t g = 1ul << pt->page_bits;

    CHECK_EQ(load(TABVA + 40), data_pages[1][5]);
    CHECK_NO_FAULT();
    store(TABVA + 40, 0);
    CHECK_FAULT(EC_DABT_SAME_EL, FSC_PERM | 3, TABVA + 40, true);
    call(TABVA + g);
    CHECK_FAULT(EC_IABT_SAME, FSC_PERM | 3, TABVA + g, false);
}

static void check_blocks(const struct pgtable *pt)
{
    unsigned level = pt_block_level(pt);
    uint64_t size = pt_level_size(pt, level);
    uint64_t marker = (uintptr_t)&data_pages[1][6] - RAM;

    if (pt->inputsize <= 33)
        return;
    CHECK_EQ(load(BLOCKVA + marker), data_pages[1][6]);
    CHECK_NO_FAULT();
    CHECK_EQ(at_s1e1r(BLOCKVA + marker) & 0x0000fffffffff000ul, (RAM + marker) & ~0xffful);
    load(BLOCKVA + 2 * size + 64);
    CHECK_FAULT(EC_DABT_SAME_EL, FSC_AF | level, BLOCKVA + 2 * size + 64, false);
    if (level == 1) {
        CHECK_EQ(load(BLOCKVA + 4 * size + marker), data_pages[1][6]);
        CHECK_NO_FAULT();
    }
}

/* PAN (if advertised): EL1 data accesses to memory EL0 can reach fault. */
static void check_pan(const struct pgtable *pt)
{
    uint64_t g = 1ul << pt->page_bits;

    if (!(read_sysreg(id_aa64mmfr1_el1) >> 20 & 0xf))
        return;
    asm volatile(".inst 0xd500419f" ::: "memory"); /* MSR PAN, #1 */
    load(TESTVA + 10 * g);
    CHECK_FAULT(EC_DABT_SAME_EL, FSC_PERM | 3, TESTVA + 10 * g, false);
    CHECK_EQ(load(TESTVA + 8), data_pages[0][1]);
    asm volatile(".inst 0xd500409f" ::: "memory"); /* MSR PAN, #0 */
    CHECK_EQ(load(TESTVA + 10 * g), data_pages[1][0]);
}

static void test_ttbr0(unsigned page_bits, unsigned inputsize)
{
    struct pgtable pt;

    if (!granule_supported(page_bits))
        return;
    printf("TTBR0: %uK granule, %u-bit VA\n", 1u << (page_bits - 10), inputsize);
    pt_reset();
    pt_init(&pt, page_bits, inputsize);
    map_identity(&pt);
    map_test_pages(&pt);
    mmu_on((64ul - inputsize) | tg0_of(page_bits) << 14 | TCR_WALK_ATTR | TCR_EPD1 | TCR_IPS_40,
           &pt, NULL);
    check_pages(&pt);
    check_page_faults(&pt);
    check_exec_permissions(&pt);
    check_table_attributes(&pt);
    check_blocks(&pt);
    check_pan(&pt);
    mmu_off();
}

/* ------------------------------------------------------------ TTBR1 */

/* TTBR0: 4K granule, 39-bit VA, identity; TCR_EL1 for both halves. */
static uint64_t tcr_with_ttbr1(unsigned page_bits, unsigned t1sz)
{
    return 25ul | TG0_4K << 14 | TCR_WALK_ATTR | TCR1_WALK_ATTR | (uint64_t)t1sz << 16 |
           tg1_of(page_bits) << 30 | TCR_IPS_40;
}

static void test_ttbr1(unsigned page_bits, unsigned inputsize)
{
    struct pgtable pt0, pt1;
    uint64_t g = 1ul << page_bits;
    uint64_t base = ~0ul << inputsize;
    uint64_t tcr = tcr_with_ttbr1(page_bits, 64 - inputsize);

    if (!granule_supported(page_bits))
        return;
    printf("TTBR1: %uK granule, %u-bit VA\n", 1u << (page_bits - 10), inputsize);
    pt_reset();
    pt_init(&pt0, 12, 39);
    map_identity(&pt0);
    pt_init(&pt1, page_bits, inputsize);
    pt_map_page(&pt1, base, data_pa(0), PTE_NORMAL);
    pt_map_page(&pt1, -g, data_pa(1), PTE_NORMAL);
    mmu_on(tcr, &pt0, &pt1);

    CHECK_EQ(load(base + 8), data_pages[0][1]);
    CHECK_EQ(load(-g + 16), data_pages[1][2]);
    CHECK_NO_FAULT();
    CHECK_EQ(at_s1e1r(base) & 0x0000fffffffff001ul, data_pa(0));
    load(base - g);
    CHECK_FAULT(EC_DABT_SAME_EL, FSC_TRANSL, base - g, false);
    load(base + g);
    CHECK_FAULT(EC_DABT_SAME_EL, FSC_TRANSL | 3, base + g, false);

    /*
     * A block where the granule allows none: a translation fault at that
     * level (QEMU 7.2 maps the block instead, against the architecture).
     */
    if (pt1.start < pt_block_level(&pt1)) {
        uint64_t saved = *pt_slot(&pt1, base, pt1.start);
        *pt_slot(&pt1, base, pt1.start) = RAM | PTE_VALID | PTE_NORMAL;
        pt_sync();
        load(base);
        CHECK_FAULT(EC_DABT_SAME_EL, FSC_TRANSL | pt1.start, base, false);
        *pt_slot(&pt1, base, pt1.start) = saved;
    }

    /* The walk starts at pt1.start: a root table in a hole aborts there. */
    write_sysreg(ttbr1_el1, HOLE);
    pt_sync();
    load(base + 8);
    CHECK_FAULT(EC_DABT_SAME_EL, FSC_EXT_WALK | pt1.start, base + 8, false);

    /* A table base beyond TCR_EL1.IPS: address size fault, level 0. */
    write_sysreg(ttbr1_el1, BEYOND_IPS);
    pt_sync();
    load(base + 8);
    CHECK_FAULT(EC_DABT_SAME_EL, FSC_ADDR_SIZE, base + 8, false);

    write_sysreg(ttbr1_el1, (uintptr_t)pt1.root);
    write_sysreg(tcr_el1, tcr | TCR_EPD1);
    pt_sync();
    load(base + 8);
    CHECK_FAULT(EC_DABT_SAME_EL, FSC_TRANSL, base + 8, false);
    write_sysreg(tcr_el1, tcr);
    pt_sync();
    CHECK_EQ(load(base + 8), data_pages[0][1]);
    mmu_off();
}

/*
 * Implementation-defined corners, as QEMU 7.2 resolves them: without
 * FEAT_TTST (ID_AA64MMFR2_EL1.ST) a TxSZ beyond 39 gives a level 0
 * translation fault, and a granule the CPU does not implement behaves as
 * the 4K one.
 */
static void test_corners(void)
{
    struct pgtable pt0, pt1;

    printf("TTBR1: T1SZ 40, and TG1 = 16K without 16K\n");
    pt_reset();
    pt_init(&pt0, 12, 39);
    map_identity(&pt0);
    pt_init(&pt1, 12, 25);
    pt_map_page(&pt1, ~0ul << 25, data_pa(0), PTE_NORMAL);
    mmu_on(tcr_with_ttbr1(12, 40), &pt0, &pt1);
    if (!(read_sysreg(id_aa64mmfr2_el1) >> 28 & 0xf))
        CHECK_EQ(at_s1e1r(~0ul << 24) & 0x7f, 1 | FSC_TRANSL << 1);
    if (!granule_supported(14)) {
        write_sysreg(tcr_el1, tcr_with_ttbr1(14, 39));
        pt_sync();
        CHECK_EQ(load((~0ul << 25) + 8), data_pages[0][1]);
        CHECK_NO_FAULT();
    }
    mmu_off();
}

int main(void)
{
    static const struct {
        unsigned page_bits, inputsize;
    } ttbr0_cases[] = {{12, 39}, {12, 48}, {12, 31}, {16, 42}, {16, 48},
                       {16, 32}, {14, 36}, {14, 47}, {14, 48}},
      ttbr1_cases[] = {{12, 39}, {12, 48}, {12, 25}, {16, 42}, {16, 48},
                       {16, 25}, {14, 36}, {14, 48}, {14, 25}, {14, 47}};

    for (unsigned i = 0; i < 8192; i++) {
        data_pages[0][i] = 0x1000000000000000ul + i;
        data_pages[1][i] = 0x2000000000000000ul + i;
    }
    printf("ID_AA64MMFR0_EL1 = 0x%lx\n", read_sysreg(id_aa64mmfr0_el1));
    exc_set_hook(fault_hook);
    for (unsigned i = 0; i < sizeof(ttbr0_cases) / sizeof(ttbr0_cases[0]); i++)
        test_ttbr0(ttbr0_cases[i].page_bits, ttbr0_cases[i].inputsize);
    for (unsigned i = 0; i < sizeof(ttbr1_cases) / sizeof(ttbr1_cases[0]); i++)
        test_ttbr1(ttbr1_cases[i].page_bits, ttbr1_cases[i].inputsize);
    test_corners();
    exc_set_hook(NULL);
    return test_finish("mmu_granule");
}
