/*
 * System registers a bare-metal EL1 program may touch: identification
 * (CurrentEL, MIDR_EL1, MPIDR_EL1, ID_AA64PFR0_EL1, CTR_EL0), the generic
 * timer's frequency and virtual count, the thread-ID registers, SP_EL0,
 * NZCV and DAIF, and SCTLR_EL1 as the loader left it (MMU off).
 */
#include "check.h"

static void test_identification(void)
{
    uint64_t midr = read_sysreg(midr_el1);
    uint64_t mpidr = read_sysreg(mpidr_el1);
    uint64_t pfr0 = read_sysreg(id_aa64pfr0_el1);

    CHECK_EQ(read_sysreg(CurrentEL), 1 << 2);
    CHECK_EQ(midr >> 24, 0x41);           /* implementer: Arm */
    CHECK_EQ((midr >> 4) & 0xfff, 0xd07); /* part: Cortex-A57 */
    CHECK_EQ((midr >> 16) & 0xf, 0xf);    /* architecture: see ID registers */
    CHECK(mpidr & (1ul << 31));           /* RES1 */
    CHECK_EQ(mpidr & 0xff, 0);            /* we are CPU 0 */
    /* EL0 and EL1 exist (1: AArch64 only, 2: AArch32 as well). */
    CHECK((pfr0 & 0xf) != 0);
    CHECK((pfr0 >> 4 & 0xf) != 0);
    CHECK(read_sysreg(ctr_el0) != 0);
}

static void test_generic_timer(void)
{
    uint64_t first, last;

    CHECK(read_sysreg(cntfrq_el0) != 0);
    first = read_sysreg(cntvct_el0);
    for (volatile unsigned i = 0; i < 100000; i++)
        ;
    last = read_sysreg(cntvct_el0);
    CHECK(last > first);
}

static void test_thread_registers(void)
{
    write_sysreg(tpidr_el0, 0x1111222233334444);
    write_sysreg(tpidr_el1, 0x5555666677778888);
    write_sysreg(tpidrro_el0, 0x99990000aaaabbbb);
    CHECK_EQ(read_sysreg(tpidr_el0), 0x1111222233334444);
    CHECK_EQ(read_sysreg(tpidr_el1), 0x5555666677778888);
    CHECK_EQ(read_sysreg(tpidrro_el0), 0x99990000aaaabbbb);
    /* SP_EL0 is an ordinary register while we run on SP_EL1. */
    write_sysreg(sp_el0, 0x4000dead0);
    CHECK_EQ(read_sysreg(sp_el0), 0x4000dead0);
    CHECK_EQ(read_sysreg(spsel), 1);
}

static void test_pstate(void)
{
    uint64_t daif;

    write_sysreg(nzcv, 0xf0000000);
    CHECK_EQ(read_sysreg(nzcv), 0xf0000000);
    write_sysreg(nzcv, 0x40000000);
    CHECK_EQ(read_sysreg(nzcv), 0x40000000);

    /* Nothing is set up to interrupt us, so unmasking is harmless. */
    asm volatile("msr daifclr, #0xf\n\tmrs %0, daif\n\tmsr daifset, #0xf" : "=r"(daif));
    CHECK_EQ(daif, 0);
    CHECK_EQ(read_sysreg(daif), 0x3c0);
    asm volatile("msr daifclr, #2\n\tmrs %0, daif\n\tmsr daifset, #2" : "=r"(daif));
    CHECK_EQ(daif, 0x340); /* only I cleared */
}

static void test_sctlr(void)
{
    uint64_t sctlr = read_sysreg(sctlr_el1);

    CHECK_EQ(sctlr & 1, 0);                        /* M: the MMU is off */
    write_sysreg(vbar_el1, read_sysreg(vbar_el1)); /* rewriting VBAR keeps it */
    CHECK_EQ(read_sysreg(vbar_el1) & 0x7ff, 0);
}

int main(void)
{
    test_identification();
    test_generic_timer();
    test_thread_registers();
    test_pstate();
    test_sctlr();
    return test_finish("sysregs");
}
