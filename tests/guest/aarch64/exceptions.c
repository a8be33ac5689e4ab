/*
 * Synchronous exceptions taken to our own EL1 vector table: the syndrome
 * (ESR_EL1), return address (ELR_EL1) and fault address (FAR_EL1) for an
 * undefined instruction, SVC, BRK, alignment faults and an EL2 register
 * read; a hook that edits the saved registers; and that ERET restores the
 * flags and returns where the handler said.
 */
#include "check.h"

#define SCTLR_A        (1ul << 1)
#define DFSC_ALIGNMENT 0x21
#define ISS_WNR        (1ul << 6)

static uint8_t data[16] __attribute__((aligned(16)));

static void test_undefined(void)
{
    uint64_t addr;

    exc_expect();
    asm volatile("adr %0, 1f\n1:\t.inst 0x00000000" : "=r"(addr) : : "memory");
    CHECK_EQ(last_exc.kind, VECTOR_SYNC_SPX);
    CHECK_EQ(last_exc.esr, ESR_IL | EC_UNKNOWN << 26);
    CHECK_EQ(last_exc.elr, addr);
}

static void test_svc(void)
{
    uint64_t addr;

    exc_expect();
    asm volatile("adr %0, 1f\n1:\tsvc #0x1234" : "=r"(addr) : : "memory");
    CHECK_EQ(last_exc.esr, (uint64_t)EC_SVC64 << 26 | ESR_IL | 0x1234);
    CHECK_EQ(last_exc.elr, addr + 4); /* SVC returns to the next instruction */
}

static void test_brk(void)
{
    uint64_t addr;

    exc_expect();
    asm volatile("adr %0, 1f\n1:\tbrk #0x77" : "=r"(addr) : : "memory");
    CHECK_EQ(last_exc.esr, (uint64_t)EC_BRK64 << 26 | ESR_IL | 0x77);
    CHECK_EQ(last_exc.elr, addr); /* BRK points at itself */
}

static void test_el2_register_is_undefined(void)
{
    uint64_t addr, v;

    /* No EL2 on this CPU (QEMU's -kernel default), so HCR_EL2 does not
     * exist: reading it is an undefined instruction. */
    exc_expect();
    asm volatile("adr %0, 1f\n1:\tmrs %1, hcr_el2" : "=r"(addr), "=r"(v) : : "memory");
    CHECK_EQ(ESR_EC(last_exc.esr), EC_UNKNOWN);
    CHECK_EQ(last_exc.elr, addr);
}

static void test_alignment_fault(void)
{
    uint64_t sctlr = read_sysreg(sctlr_el1);
    uint64_t addr, v;
    uint8_t *unaligned = data + 1;

    write_sysreg(sctlr_el1, sctlr | SCTLR_A);

    exc_expect();
    asm volatile("adr %0, 1f\n1:\tldr %w1, [%2]"
                 : "=&r"(addr), "=r"(v)
                 : "r"(unaligned)
                 : "memory");
    CHECK_EQ(ESR_EC(last_exc.esr), EC_DABT_SAME_EL);
    CHECK_EQ(last_exc.esr & 0x3f, DFSC_ALIGNMENT);
    CHECK_EQ(last_exc.esr & ISS_WNR, 0);
    CHECK_EQ(last_exc.elr, addr);
    CHECK_EQ(last_exc.far, (uintptr_t)unaligned);

    exc_expect();
    asm volatile("adr %0, 1f\n1:\tstrh %w1, [%2]"
                 : "=&r"(addr)
                 : "r"(0), "r"(data + 3)
                 : "memory");
    CHECK_EQ(ESR_EC(last_exc.esr), EC_DABT_SAME_EL);
    CHECK_EQ(last_exc.esr & 0x3f, DFSC_ALIGNMENT);
    CHECK_EQ(last_exc.esr & ISS_WNR, ISS_WNR);
    CHECK_EQ(last_exc.far, (uintptr_t)(data + 3));
    CHECK_EQ(data[3], 0); /* the faulting store wrote nothing */

    write_sysreg(sctlr_el1, sctlr);
}

/* A "system call" convention: SVC #1 doubles x0, SVC #2 jumps to x1. */
static uint64_t seen_spsr, seen_daif;

static bool syscall_hook(struct exc_frame *frame, const struct exc_record *rec)
{
    if (ESR_EC(rec->esr) != EC_SVC64)
        return false;
    seen_spsr = frame->spsr;
    seen_daif = read_sysreg(daif);
    if ((rec->esr & 0xffff) == 1)
        frame->x[0] *= 2;
    else
        frame->elr = frame->x[1];
    return true;
}

static void test_hook_edits_frame(void)
{
    uint64_t result, nzcv, landed;

    exc_set_hook(syscall_hook);
    asm volatile("mov x0, %1\n\tsvc #1\n\tmov %0, x0"
                 : "=r"(result)
                 : "r"(21ul)
                 : "x0", "memory");
    CHECK_EQ(result, 42);

    /* Flags set before the SVC survive the round trip through SPSR. */
    asm volatile("msr nzcv, %1\n\tsvc #1\n\tmrs %0, nzcv"
                 : "=r"(nzcv)
                 : "r"(0x90000000ul)
                 : "x0", "memory");
    CHECK_EQ(nzcv, 0x90000000);
    CHECK_EQ(seen_spsr & 0xf0000000, 0x90000000);
    CHECK_EQ(seen_spsr & 0xf, 5); /* taken from EL1 using SP_EL1: EL1h */
    CHECK_EQ(seen_daif, 0x3c0);   /* exception entry masks D, A, I and F */

    /* The handler picks the return address: skip over the `mov #1`. */
    asm volatile("adr x1, 1f\n\t"
                 "mov %0, #0\n\t"
                 "svc #2\n\t"
                 "mov %0, #1\n"
                 "1:"
                 : "=&r"(landed)
                 :
                 : "x1", "memory");
    CHECK_EQ(landed, 0);
    exc_set_hook(NULL);
}

int main(void)
{
    unsigned before = exc_count;

    test_undefined();
    test_svc();
    test_brk();
    test_el2_register_is_undefined();
    test_alignment_fault();
    test_hook_edits_frame();
    CHECK_EQ(exc_count - before, 9);
    return test_finish("exceptions");
}
