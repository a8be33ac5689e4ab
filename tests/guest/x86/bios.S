/*
 * A 64 KiB BIOS image: the CPU starts in real mode at F000:FFF0 with CS
 * based at 0xffff0000 (the image at the top of 4 GiB); the last 128 KiB of
 * the image (here all of it) also appear at 0xf0000.  Checks that the two
 * views hold the same bytes, that conventional RAM works, and then prints
 * and exits through isa-debug-exit with code 0x10 (status 33).  Run with
 * -bios, not -kernel.
 */
    .code16
    .text
start:
    cli
    xorw %ax, %ax
    movw %ax, %ss
    movw $0x7000, %sp
    /* The top-of-4-GiB view through CS and the 0xf0000 alias through DS. */
    movw $0xf000, %ax
    movw %ax, %ds
    movl %cs:signature, %eax
    cmpl %eax, signature
    jne fail
    cmpl $0x534f4942, %eax      /* "BIOS" */
    jne fail
    /* RAM at 0x500. */
    xorw %ax, %ax
    movw %ax, %es
    movl $0x12345678, %es:0x500
    cmpl $0x12345678, %es:0x500
    jne fail
    movw $message, %si
1:  movb %cs:(%si), %al
    testb %al, %al
    jz 2f
    movw $0x3f8, %dx
    outb %al, %dx
    incw %si
    jmp 1b
2:  movb $0x10, %al
    outb %al, $0xf4
    hlt
fail:
    movb $1, %al
    outb %al, $0xf4
    hlt

signature:
    .ascii "BIOS"
message:
    .asciz "BIOS: real mode at the reset vector works\n"

    .org 0xfff0
reset_vector:
    jmp start
    .org 0x10000
