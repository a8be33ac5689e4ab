/*
 * Entry from a Multiboot loader: 32-bit protected mode, flat segments,
 * paging off, EAX = magic, EBX = information structure.  Loads our own
 * GDT (the loader's may be gone), a stack, and then:
 *  - 32-bit programs call runtime_start at once;
 *  - 64-bit programs first enter long mode with the first 4 GiB identity
 *    mapped by 2 MiB pages (boot_pml4 -> boot_pdpt -> boot_pd[4]).
 * The GDT selectors are listed in runtime.h (SEL_*).
 */
    .section .multiboot, "a"
    .align 4
    .long 0x1badb002            /* magic */
    .long 0x00000003            /* page-align modules, want memory info */
    .long -(0x1badb002 + 3)     /* checksum */

    .data
    .align 16
    .globl gdt, gdt_desc
gdt:
    .quad 0                     /* 0x00 null */
    .quad 0x00cf9a000000ffff    /* 0x08 SEL_CODE32: flat 4 GiB, execute/read, D=1 */
    .quad 0x00cf92000000ffff    /* 0x10 SEL_DATA: flat 4 GiB, read/write */
    .quad 0x00af9a000000ffff    /* 0x18 SEL_CODE64: L=1 */
    .quad 0x00009a000000ffff    /* 0x20 SEL_CODE16: base 0, 64 KiB, 16-bit */
    .quad 0x000092000000ffff    /* 0x28 SEL_DATA16: base 0, 64 KiB */
    .quad 0x00cffa000000ffff    /* 0x30 SEL_USER_CODE32 (DPL 3) */
    .quad 0x00cff2000000ffff    /* 0x38 SEL_USER_DATA (DPL 3) */
gdt_end:
gdt_desc:
    .word gdt_end - gdt - 1
    .long gdt, 0                /* a 64-bit base for LGDT in long mode */

    .globl mb_magic, mb_info
mb_magic:
    .long 0
mb_info:
    .long 0

    .bss
    .align 16
    .globl stack_top
stack:
    .skip 16384
stack_top:
#ifdef __x86_64__
    .align 4096
    .globl boot_pml4, boot_pdpt, boot_pd
boot_pml4:
    .skip 4096
boot_pdpt:
    .skip 4096
boot_pd:
    .skip 4 * 4096
#endif

    .section .text.entry, "ax"
    .code32
    .globl _start
_start:
    cli
    movl %eax, mb_magic
    movl %ebx, mb_info
    lgdt gdt_desc
    ljmp $0x08, $1f
1:  movw $0x10, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %fs
    movw %ax, %gs
    movw %ax, %ss
    movl $stack_top, %esp
#ifndef __x86_64__
    call runtime_start
#else
    /* PML4[0] -> PDPT, PDPT[0..3] -> the four page directories. */
    movl $boot_pdpt + 3, boot_pml4
    movl $boot_pd + 3, %eax
    xorl %ecx, %ecx
2:  movl %eax, boot_pdpt(, %ecx, 8)
    addl $4096, %eax
    incl %ecx
    cmpl $4, %ecx
    jne 2b
    /* 2048 large pages: present, writable, PS. */
    xorl %ecx, %ecx
3:  movl %ecx, %eax
    shll $21, %eax
    orl $0x83, %eax
    movl %eax, boot_pd(, %ecx, 8)
    incl %ecx
    cmpl $2048, %ecx
    jne 3b

    movl %cr4, %eax
    orl $0x20, %eax             /* PAE */
    movl %eax, %cr4
    movl $boot_pml4, %eax
    movl %eax, %cr3
    movl $0xc0000080, %ecx      /* EFER.LME */
    rdmsr
    orl $0x100, %eax
    wrmsr
    movl %cr0, %eax
    orl $0x80000000, %eax       /* PG: long mode becomes active */
    movl %eax, %cr0
    ljmp $0x18, $long_mode

    .code64
long_mode:
    movl $stack_top, %esp
    call runtime_start
#endif
4:  hlt
    jmp 4b

    .section .note.GNU-stack, "", @progbits
