/*
 * Exception stubs for vectors 0-31, 16 bytes apart from exc_stubs_start: push a zero where the CPU pushes no
 * error code, then the vector, save the general registers and call
 * exc_dispatch(frame) (exceptions.c), which may edit the frame's ip.
 */
    .text
.macro STUB vec, has_error
    .align 16
    .if \has_error == 0
    push $0
    .endif
    push $\vec
    jmp exc_common
.endm

.macro STUBS from, to
    .if (\from == 8) || (\from >= 10 && \from <= 14) || (\from == 17) || (\from == 21) || \
        (\from == 29) || (\from == 30)
    STUB \from, 1
    .else
    STUB \from, 0
    .endif
    .if \to - \from
    STUBS "(\from + 1)", \to
    .endif
.endm

    .globl exc_stubs_start
exc_stubs_start:
    STUBS 0, 31

exc_common:
#ifdef __x86_64__
    push %rax
    push %rcx
    push %rdx
    push %rbx
    push %rbp
    push %rsi
    push %rdi
    push %r8
    push %r9
    push %r10
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, %rdi
    cld
    call exc_dispatch
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rdi
    pop %rsi
    pop %rbp
    pop %rbx
    pop %rdx
    pop %rcx
    pop %rax
    add $16, %rsp
    iretq
#else
    pusha
    push %esp
    cld
    call exc_dispatch
    add $4, %esp
    popa
    add $8, %esp
    iret
#endif

    .section .note.GNU-stack, "", @progbits
