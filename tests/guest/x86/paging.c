/*
 * Paging: 4 KiB mappings in a page table of our own (long mode: 4-level
 * tables from crt0.S, one 2 MiB entry replaced; protected mode: two-level
 * non-PAE tables with 4 MiB PSE pages for the identity map), aliases,
 * accessed and dirty bits, #PF error codes and CR2 for not-present and
 * read-only pages (CR0.WP), INVLPG after a remap, and in long mode NX.
 */
#include "check.h"

#define PTE_P  0x001
#define PTE_RW 0x002
#define PTE_A  0x020
#define PTE_D  0x040
#define PTE_PS 0x080
#define PTE_NX (1ull << 63)

#define CR0_PG 0x80000000u
#define CR0_WP 0x00010000u
#define CR4_PSE 0x10u

typedef ureg pte_t; /* 8 bytes in long mode, 4 in non-PAE protected mode */

#define PAGE 4096
static uint8_t page_a[PAGE] __attribute__((aligned(PAGE)));
static uint8_t page_b[PAGE] __attribute__((aligned(PAGE)));
static pte_t table[PAGE / sizeof(pte_t)] __attribute__((aligned(PAGE)));

/* The window the test maps page by page; its table is `table`. */
#ifdef __x86_64__
#define WINDOW 0x40000000ul /* 1 GiB: boot_pd entry 512 */
extern uint64_t boot_pd[];
#else
#define WINDOW 0x00400000ul /* 4 MiB: page directory entry 1 */
static uint32_t page_dir[1024] __attribute__((aligned(PAGE)));
#endif

static volatile uint32_t *window(int page) { return (volatile uint32_t *)(WINDOW + page * PAGE); }

static void map(int page, void *phys, pte_t flags)
{
    table[page] = (pte_t)(uintptr_t)phys | flags;
    invlpg(window(page));
}

static void enable_window(void)
{
#ifdef __x86_64__
    boot_pd[WINDOW >> 21] = (uint64_t)(uintptr_t)table | PTE_P | PTE_RW;
    write_cr(3, read_cr(3)); /* flush the old 2 MiB translation */
#else
    /* Identity map the first 4 MiB (code, data, stack) with a PSE page. */
    page_dir[0] = PTE_P | PTE_RW | PTE_PS;
    page_dir[WINDOW >> 22] = (uint32_t)table | PTE_P | PTE_RW;
    write_cr(4, read_cr(4) | CR4_PSE);
    write_cr(3, page_dir);
    write_cr(0, read_cr(0) | CR0_PG);
#endif
    write_cr(0, read_cr(0) | CR0_WP);
}

static void test_aliases_and_bits(void)
{
    map(0, page_a, PTE_P | PTE_RW);
    map(1, page_a, PTE_P | PTE_RW);
    *window(0) = 0x12345678;
    CHECK_EQ(*window(1), 0x12345678);
    CHECK_EQ(*(volatile uint32_t *)page_a, 0x12345678);
    CHECK_EQ(table[0] & (PTE_A | PTE_D), PTE_A | PTE_D);
    CHECK_EQ(table[1] & (PTE_A | PTE_D), PTE_A); /* only read through */
}

static void test_faults(void)
{
    unsigned before = exc_count;
    uint32_t v = 0x55;
    map(2, page_b, PTE_P); /* read-only */
    map(3, page_b, 0);     /* not present */
    *(volatile uint32_t *)page_b = 0xb0b0b0b0;
    CHECK_EQ(*window(2), 0xb0b0b0b0);
    EXPECT_EXC("movl %0, (%1)", :: "r"(v), "r"(window(2)) : "memory");
    CHECK_EQ(exc_count, before + 1);
    CHECK_EQ(last_exc.vector, VEC_PF);
    CHECK_EQ(last_exc.error, 3); /* present, write */
    CHECK_EQ(last_exc.cr2, (ureg)window(2));
    CHECK_EQ(last_exc.ip, exc_insn);
    CHECK_EQ(*(volatile uint32_t *)page_b, 0xb0b0b0b0);
    EXPECT_EXC("movl 8(%1), %0", : "+r"(v) : "r"(window(3)) : "memory");
    CHECK_EQ(exc_count, before + 2);
    CHECK_EQ(last_exc.vector, VEC_PF);
    CHECK_EQ(last_exc.error, 0); /* not present, read */
    CHECK_EQ(last_exc.cr2, (ureg)window(3) + 8);
    CHECK_EQ(v, 0x55);
    /* Without CR0.WP the supervisor writes read-only pages. */
    write_cr(0, read_cr(0) & ~CR0_WP);
    *window(2) = 0xc0c0c0c0;
    CHECK_EQ(*(volatile uint32_t *)page_b, 0xc0c0c0c0);
    write_cr(0, read_cr(0) | CR0_WP);
}

static void test_invlpg(void)
{
    map(4, page_a, PTE_P | PTE_RW);
    *(volatile uint32_t *)page_b = 0xbbbbbbbb;
    *(volatile uint32_t *)page_a = 0xaaaaaaaa;
    CHECK_EQ(*window(4), 0xaaaaaaaa);
    map(4, page_b, PTE_P | PTE_RW); /* map() flushes with INVLPG */
    CHECK_EQ(*window(4), 0xbbbbbbbb);
}

#ifdef __x86_64__
static uint8_t code_page[PAGE] __attribute__((aligned(PAGE)));

/* Instruction fetch from an NX page: #PF with the I/D bit. */
static void test_no_execute(void)
{
    const uint32_t efer_msr = 0xc0000080, efer_nxe = 1 << 11;
    uint64_t efer = rdmsr(efer_msr) | efer_nxe;
    asm volatile("wrmsr" ::"c"(efer_msr), "a"((uint32_t)efer), "d"((uint32_t)(efer >> 32)));
    code_page[0] = 0xb8; /* mov $42, %eax; ret */
    code_page[1] = 42;
    code_page[2] = code_page[3] = code_page[4] = 0;
    code_page[5] = 0xc3;
    map(5, code_page, PTE_P);
    uint64_t rax = 0;
    asm volatile("call *%1" : "=a"(rax) : "r"(window(5)) : "memory");
    CHECK_EQ(rax, 42);

    map(5, code_page, PTE_P | PTE_NX);
    unsigned before = exc_count;
    /* The call has pushed its return address when the fetch faults:
     * rbx keeps the stack pointer to restore. */
    asm volatile(EXC_SET_RESUME "\tmov %%rsp, %%rbx\n2:\tcall *%0\n1:\tmov %%rbx, %%rsp"
                 ::"r"(window(5))
                 : "rbx", "memory");
    CHECK_EQ(exc_count, before + 1);
    CHECK_EQ(last_exc.vector, VEC_PF);
    CHECK_EQ(last_exc.error, 0x11); /* present, instruction fetch */
    CHECK_EQ(last_exc.cr2, (ureg)window(5));
    CHECK_EQ(last_exc.ip, (ureg)window(5));
}
#endif

int main(void)
{
    enable_window();
    test_aliases_and_bits();
    test_faults();
    test_invlpg();
#ifdef __x86_64__
    test_no_execute();
#endif
    return test_finish("paging");
}
