/*
 * Virtual-8086 mode, entered as an OS does: IRET at CPL 0 to a frame with
 * EFLAGS.VM set (EIP CS EFLAGS ESP SS ES DS FS GS).  The 16-bit code there
 * uses real-mode segments (base = selector * 16) and leaves through INT
 * n (IOPL 3: through the IDT to ring 0, on the TSS's ring-0 stack, with
 * GS FS DS ES pushed above the usual frame and the data segments null),
 * through #GP(0) from CLI (IOPL 0), and through #GP(0) from OUT (IOPL 3,
 * but no I/O bitmap in the TSS).  32-bit protected mode only.
 *
 * The 16-bit code runs at 0x7000 (.lowtext, copied there); its data
 * segment is 0x600 (results at linear 0x6010), its stack 0x500:0x0ff0.
 */
#include "check.h"

#define SEL_CODE32 0x08
#define SEL_DATA   0x10
#define SEL_TSS    0x40
#define EF_VM      (1u << 17)
#define EF_IOPL3   (3u << 12)

/* What the ring-0 handler found: the vector, then the frame as pushed. */
struct vm_exit {
    uint32_t vector, ds_in_handler;
    uint32_t err, eip, cs, eflags, esp, ss, es, ds, fs, gs;
} vm_exit;

struct vm_results { /* at linear 0x6010, written by the 16-bit code */
    uint16_t ax, cs, sum, ss;
};

static uint32_t tss[26] __attribute__((aligned(8)));
static uint64_t gdt2[9] __attribute__((aligned(8)));
static uint64_t idt2[256] __attribute__((aligned(8)));

extern char __lowtext_start[], __lowtext_end[], __lowtext_load[];
extern char vm_code_int[], vm_code_cli[], vm_code_out[];
void vm_handler_int30(void);
void vm_handler_gp(void);
void run_vm86(uint32_t ip, uint32_t eflags);

asm(R"(
    .data
vm_saved_esp:
    .long 0

    .text
    .code32
    .globl run_vm86
run_vm86:                             /* run_vm86(ip, eflags) */
    pusha
    movl %esp, vm_saved_esp
    movl 36(%esp), %eax               /* ip */
    movl 40(%esp), %ebx               /* eflags */
    pushl $0x0                        /* GS */
    pushl $0x0                        /* FS */
    pushl $0x600                      /* DS */
    pushl $0x0                        /* ES */
    pushl $0x500                      /* SS */
    pushl $0x0ff0                     /* ESP */
    pushl %ebx                        /* EFLAGS (VM set) */
    pushl $0x700                      /* CS */
    pushl %eax                        /* EIP */
    iret

/* Ring-0 handlers: record the frame, then back to run_vm86's caller. */
    .globl vm_handler_int30, vm_handler_gp
vm_handler_int30:
    pushl $0                          /* no error code: make the frames alike */
    pushl $0x30
    jmp vm_record
vm_handler_gp:
    pushl $13
vm_record:
    movl %ds, %eax
    movw $0x10, %bx
    movw %bx, %ds
    movw %bx, %es
    movl %eax, vm_exit + 4
    popl vm_exit                      /* vector */
    movl $vm_exit + 8, %edi
    movl $10, %ecx
1:  popl %eax
    stosl
    loop 1b
    movl vm_saved_esp, %esp
    popa
    ret

    .section .lowtext, "ax"
    .code16
    .globl vm_code_int, vm_code_cli, vm_code_out
vm_code_int:
    movw $0x1234, %ax
    movw %ax, 0x10
    movw %cs, %bx
    movw %bx, 0x12
    addw $0x1111, %ax
    movw %ax, 0x14
    movw %ss, %bx
    movw %bx, 0x16
    int $0x30
    hlt
vm_code_cli:
    cli
    hlt
vm_code_out:
    outb %al, $0x80
    hlt
    .text
    .code32
)");

static uint64_t gate(void (*handler)(void), unsigned dpl)
{
    uint32_t h = (uint32_t)handler;
    return (h & 0xffff) | ((uint64_t)SEL_CODE32 << 16) | ((uint64_t)(0x8e | dpl << 5) << 40) |
           ((uint64_t)(h >> 16) << 48);
}

/* A GDT with a TSS (ring-0 stack, no I/O bitmap) and an IDT with the two handlers. */
static void setup(void)
{
    extern uint64_t gdt[];
    static uint8_t ring0_stack[4096] __attribute__((aligned(16)));
    struct __attribute__((packed)) {
        uint16_t limit;
        uint32_t base;
    } gd = {sizeof(gdt2) - 1, (uint32_t)gdt2}, id = {sizeof(idt2) - 1, (uint32_t)idt2};
    uint32_t t = (uint32_t)tss;

    memcpy(__lowtext_start, __lowtext_load, (size_t)(__lowtext_end - __lowtext_start));
    memcpy(gdt2, gdt, 8 * sizeof(uint64_t));
    tss[1] = (uint32_t)(ring0_stack + sizeof(ring0_stack));
    tss[2] = SEL_DATA;
    tss[25] = (uint32_t)sizeof(tss) << 16; /* I/O map base beyond the limit: no bitmap */
    gdt2[SEL_TSS / 8] = (sizeof(tss) - 1) | ((uint64_t)(t & 0xffffff) << 16) |
                        ((uint64_t)0x89 << 40) | ((uint64_t)(t >> 24) << 56);
    idt2[13] = gate(vm_handler_gp, 0);
    idt2[0x30] = gate(vm_handler_int30, 3);
    asm volatile("lgdt %0\n\tlidt %1\n\tltr %w2" ::"m"(gd), "m"(id), "r"(SEL_TSS) : "memory");
}

static void run(char *code, uint32_t eflags)
{
    memset(&vm_exit, 0xee, sizeof(vm_exit));
    run_vm86((uint32_t)(code - __lowtext_start), eflags | EF_VM | 2);
}

static void test_int(void)
{
    const volatile struct vm_results *r = (const void *)0x6010;
    run(vm_code_int, EF_IOPL3);
    CHECK_EQ(r->ax, 0x1234);
    CHECK_EQ(r->cs, 0x700);
    CHECK_EQ(r->sum, 0x2345);
    CHECK_EQ(r->ss, 0x500);
    CHECK_EQ(vm_exit.vector, 0x30);
    CHECK_EQ(vm_exit.ds_in_handler, 0);
    CHECK_EQ(vm_exit.eip, (uint32_t)(vm_code_cli - __lowtext_start) - 1); /* after INT, at HLT */
    CHECK_EQ(vm_exit.cs, 0x700);
    CHECK_EQ(vm_exit.eflags & (EF_VM | EF_IOPL3), EF_VM | EF_IOPL3);
    CHECK_EQ(vm_exit.esp, 0x0ff0);
    CHECK_EQ(vm_exit.ss, 0x500);
    CHECK_EQ(vm_exit.ds, 0x600);
    CHECK_EQ(vm_exit.es, 0);
    CHECK_EQ(vm_exit.gs, 0);
}

static void test_iopl_faults(void)
{
    run(vm_code_cli, 0);
    CHECK_EQ(vm_exit.vector, 13);
    CHECK_EQ(vm_exit.err, 0);
    CHECK_EQ(vm_exit.eip, (uint32_t)(vm_code_cli - __lowtext_start));
    CHECK_EQ(vm_exit.eflags & EF_VM, EF_VM);
    run(vm_code_out, EF_IOPL3);
    CHECK_EQ(vm_exit.vector, 13);
    CHECK_EQ(vm_exit.err, 0);
    CHECK_EQ(vm_exit.eip, (uint32_t)(vm_code_out - __lowtext_start));
}

int main(void)
{
    setup();
    test_int();
    test_iopl_faults();
    return test_finish("vm86");
}
