/*
 * A tour of the operating modes, starting from the 32-bit protected mode a
 * Multiboot loader leaves: down to real mode (through a 16-bit protected
 * mode segment, as the SDM describes), where 16- and 32-bit arithmetic,
 * segment:offset addressing and INT through the IVT run; back up to
 * protected mode; on to long mode (PAE, EFER.LME, paging), where 64-bit
 * code runs; to compatibility mode (a 32-bit code segment under long mode,
 * where 0x48 is DEC EAX and not a REX prefix); and out of long mode again
 * by turning paging off.  Each stage leaves its results in memory for the
 * C code to check afterwards.
 *
 * The real-mode code runs below 1 MiB: it is linked at 0x7000 (.lowtext)
 * and copied there first.  Real-mode results go to 0x6000.
 */
#include "check.h"

struct real_results { /* at REAL_RESULTS, written by 16-bit code */
    uint16_t ax, flags;
    uint32_t eax32;
    uint16_t marker, pad;
    uint16_t int_ran;
};
#define REAL_RESULTS 0x6000

struct results {
    uint32_t pm_back;
    uint32_t lm_lo, lm_hi, lm_efer;
    uint32_t compat_eax, compat_efer;
    uint32_t final_efer, final_cr0;
} results;

/* Identity map of the first 1 GiB for the long-mode stage. */
uint64_t mode_pml4[512] __attribute__((aligned(4096)));
uint64_t mode_pdpt[512] __attribute__((aligned(4096)));
uint64_t mode_pd[512] __attribute__((aligned(4096)));

extern char __lowtext_start[], __lowtext_end[], __lowtext_load[];
void run_mode_tour(void);

asm(R"(
    .data
saved_esp:
    .long 0
saved_idt:
    .word 0
    .long 0

    .text
    .code32
    .globl run_mode_tour
run_mode_tour:
    pusha
    movl %esp, saved_esp
    sidt saved_idt
    cli
    ljmp $0x20, $real_entry16         /* SEL_CODE16 */

    .section .lowtext, "ax"
    .code16
real_entry16:                         /* 16-bit protected mode */
    movw $0x28, %ax                   /* SEL_DATA16: 64 KiB limits for real mode */
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    movl %cr0, %eax
    andl $0xfffffffe, %eax
    movl %eax, %cr0
    ljmp $0, $real_mode
real_mode:
    xorw %ax, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    movw $0x6ff0, %sp
    lidt ivt_desc
    /* 16-bit add with every arithmetic flag but SF and OF set. */
    movw $0x1234, %ax
    addw $0xedcc, %ax
    pushf
    popw %bx
    movw %ax, 0x6000
    movw %bx, 0x6002
    /* 32-bit operands with the operand-size prefix. */
    movl $0x12345678, %eax
    addl $0x11111111, %eax
    movl %eax, 0x6004
    /* Segment arithmetic: 0x0600:0x0020 is physical 0x6020. */
    movw $0x0600, %ax
    movw %ax, %ds
    movw $0xbeef, 0x20
    xorw %ax, %ax
    movw %ax, %ds
    movw 0x6020, %ax
    movw %ax, 0x6008
    /* INT 0x80 through the interrupt vector table at 0. */
    movw $real_int_handler, 0x200
    movw $0, 0x202
    int $0x80
    /* Back to protected mode. */
    movl %cr0, %eax
    orl $1, %eax
    movl %eax, %cr0
    ljmpl $0x08, $pm_back             /* SEL_CODE32 */
real_int_handler:
    movw $0x1234, 0x600c
    iret
ivt_desc:
    .word 0x3ff
    .long 0

    .text
    .code32
pm_back:
    movw $0x10, %ax                   /* SEL_DATA */
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %fs
    movw %ax, %gs
    movw %ax, %ss
    movl saved_esp, %esp
    lidt saved_idt
    movl $1, results
    /* Long mode: PAE, the page tables, EFER.LME, then paging. */
    movl %cr4, %eax
    orl $0x20, %eax
    movl %eax, %cr4
    movl $mode_pml4, %eax
    movl %eax, %cr3
    movl $0xc0000080, %ecx
    rdmsr
    orl $0x100, %eax
    wrmsr
    movl %cr0, %eax
    orl $0x80000000, %eax
    movl %eax, %cr0
    ljmp $0x18, $long_mode            /* SEL_CODE64 */

    .code64
long_mode:
    /* (Absolute addresses through a register: a 32-bit ELF cannot
     * relocate the sign-extended 32-bit fields of 64-bit code.) */
    movl $results, %ebx               /* zero-extends into rbx */
    movabsq $0x123456789abcdef0, %rax
    addq %rax, %rax
    movl %eax, 4(%rbx)
    shrq $32, %rax
    movl %eax, 8(%rbx)
    movl $0xc0000080, %ecx
    rdmsr
    movl %eax, 12(%rbx)
    /* A far return to a 32-bit code segment: compatibility mode. */
    pushq $0x08
    movl $compat_mode, %eax
    pushq %rax
    lretq

    .code32
compat_mode:
    movl $5, %eax
    .byte 0x48                        /* dec %eax here; REX.W in 64-bit mode */
    movl %eax, results + 16
    movl $0xc0000080, %ecx
    rdmsr
    movl %eax, results + 20
    /* Leave long mode: paging off (from compatibility mode), then LME. */
    movl %cr0, %eax
    andl $0x7fffffff, %eax
    movl %eax, %cr0
    movl $0xc0000080, %ecx
    rdmsr
    andl $0xfffffeff, %eax
    wrmsr
    movl %cr4, %eax
    andl $0xffffffdf, %eax
    movl %eax, %cr4
    rdmsr
    movl %eax, results + 24
    movl %cr0, %eax
    movl %eax, results + 28
    popa
    ret
)");

static void prepare(void)
{
    memcpy(__lowtext_start, __lowtext_load, (size_t)(__lowtext_end - __lowtext_start));
    mode_pml4[0] = (uint32_t)mode_pdpt | 3;
    mode_pdpt[0] = (uint32_t)mode_pd | 3;
    for (uint32_t i = 0; i < 512; i++)
        mode_pd[i] = ((uint64_t)i << 21) | 0x83;
}

int main(void)
{
    const volatile struct real_results *real = (const void *)REAL_RESULTS;
    prepare();
    run_mode_tour();
    printf("  back in protected mode\n");

    CHECK_EQ(real->ax, 0);
    CHECK_EQ(real->flags & 0x8d5, 0x55); /* CF PF AF ZF, not SF OF */
    CHECK_EQ(real->eax32, 0x23456789);
    CHECK_EQ(real->marker, 0xbeef);
    CHECK_EQ(real->int_ran, 0x1234);
    CHECK_EQ(results.pm_back, 1);
    CHECK_EQ(results.lm_lo, 0x3579bde0);
    CHECK_EQ(results.lm_hi, 0x2468acf1);
    CHECK_EQ(results.lm_efer & 0x500, 0x500); /* LME, LMA */
    CHECK_EQ(results.compat_eax, 4);
    CHECK_EQ(results.compat_efer & 0x500, 0x500);
    CHECK_EQ(results.final_efer & 0x500, 0);
    CHECK_EQ(results.final_cr0 & 0x80000001, 1);
    /* The IDT works again. */
    EXPECT_EXC("ud2", ::: "memory");
    CHECK_EQ(last_exc.vector, VEC_UD);
    return test_finish("modes");
}
