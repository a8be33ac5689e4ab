/*
 * Entry point.  QEMU's -kernel of an ELF on virt (and gemu's) enters here at
 * EL1 with the MMU and caches off, SP undefined and VBAR_EL1 unset.
 */
    .section .text.boot, "ax"
    .global _start
_start:
    ldr     x0, =__stack_top
    mov     sp, x0

    /* Install our vectors before anything can fault. */
    ldr     x0, =exception_vectors
    msr     vbar_el1, x0
    isb

    /* Zero .bss: the loader only copies the file-backed sections. */
    ldr     x0, =__bss_start
    ldr     x1, =__bss_end
1:  cmp     x0, x1
    b.hs    2f
    str     xzr, [x0], #8
    b       1b

2:  bl      main
    /* main's return value is the exit status of the emulator process. */
    bl      semihost_exit
3:  wfi
    b       3b
