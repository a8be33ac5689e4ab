/*
 * EL1 exception vector table.  Every entry saves the general registers,
 * ELR_EL1 and SPSR_EL1 into a struct exc_frame on the stack and calls
 * exception_entry(frame, kind) in exceptions.c; the C code may change the
 * frame (e.g. step ELR past the faulting instruction), and we return with
 * ERET from whatever the frame then says.
 */
#define FRAME_SIZE  (34 * 8)    /* x0..x30, elr, spsr, pad: 16-byte multiple */

    /* One 128-byte slot: keep x0/x1, say which slot this is, go common. */
    .macro  vector kind
    .balign 0x80
    sub     sp, sp, #FRAME_SIZE
    stp     x0, x1, [sp, #0]
    mov     x1, #\kind
    b       exc_common
    .endm

    .section .text.vectors, "ax"
    .balign 0x800               /* VBAR_EL1 ignores bits [10:0] */
    .global exception_vectors
exception_vectors:
    /* kind = 4 * origin + type; origin: current EL SP_EL0, current EL
     * SP_ELx, lower EL AArch64, lower EL AArch32; type: sync, IRQ, FIQ,
     * SError. */
    vector 0
    vector 1
    vector 2
    vector 3
    vector 4
    vector 5
    vector 6
    vector 7
    vector 8
    vector 9
    vector 10
    vector 11
    vector 12
    vector 13
    vector 14
    vector 15

exc_common:
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    mrs     x2, elr_el1
    mrs     x3, spsr_el1
    stp     x30, x2, [sp, #240]
    str     x3, [sp, #256]

    mov     x0, sp
    bl      exception_entry

    ldp     x30, x2, [sp, #240]
    ldr     x3, [sp, #256]
    msr     elr_el1, x2
    msr     spsr_el1, x3
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    ldp     x0, x1, [sp, #0]
    add     sp, sp, #FRAME_SIZE
    eret
