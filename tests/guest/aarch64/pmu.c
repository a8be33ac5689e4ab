/*
 * The PMUv3 both models advertise (ID_AA64DFR0_EL1.PMUVer): PMCR_EL0's
 * identity and N, the cycle counter running only while PMCR_EL0.E and its
 * PMCNTENSET bit are set and reset by PMCR_EL0.C, event counters counting
 * CPU_CYCLES and SW_INCR (as PMCEID0_EL0 advertises), PMSELR_EL0 with
 * PMXEVTYPER/PMXEVCNTR, overflow status on a 32-bit wrap, the interrupt
 * enable and user enable registers; and the debug registers Linux touches
 * at boot (the OS lock, breakpoints and watchpoints as ID_AA64DFR0_EL1
 * counts them).
 */
#include "check.h"

#define PMCR_E           (1ul << 0)
#define PMCR_P           (1ul << 1)
#define PMCR_C           (1ul << 2)
#define PMCR_LC          (1ul << 6)
#define CCNT             (1ul << 31)
#define EVENT_SW_INCR    0x00
#define EVENT_CPU_CYCLES 0x11

static void spin(void)
{
    for (volatile unsigned i = 0; i < 20000; i++)
        ;
}

static void test_identity(void)
{
    uint64_t dfr0 = read_sysreg(id_aa64dfr0_el1);
    uint64_t pmcr = read_sysreg(pmcr_el0);
    uint64_t ceid0 = read_sysreg(pmceid0_el0);

    CHECK((dfr0 >> 8 & 0xf) >= 1 && (dfr0 >> 8 & 0xf) != 0xf); /* PMUv3 */
    CHECK(((pmcr >> 11) & 0x1f) >= 4);                         /* N */
    CHECK_EQ(ceid0 & (1ul << EVENT_SW_INCR | 1ul << EVENT_CPU_CYCLES),
             1ul << EVENT_SW_INCR | 1ul << EVENT_CPU_CYCLES);
}

static void test_cycle_counter(void)
{
    uint64_t a, b;

    write_sysreg(pmccfiltr_el0, 0);
    write_sysreg(pmcr_el0, PMCR_E | PMCR_C | PMCR_LC);
    write_sysreg(pmcntenset_el0, CCNT);
    CHECK_EQ(read_sysreg(pmcntenset_el0) & CCNT, CCNT);
    a = read_sysreg(pmccntr_el0);
    spin();
    b = read_sysreg(pmccntr_el0);
    CHECK(b > a);

    /* Stopped by PMCNTENCLR, and by PMCR_EL0.E. */
    write_sysreg(pmcntenclr_el0, CCNT);
    CHECK_EQ(read_sysreg(pmcntenset_el0) & CCNT, 0);
    a = read_sysreg(pmccntr_el0);
    spin();
    CHECK_EQ(read_sysreg(pmccntr_el0), a);
    write_sysreg(pmcntenset_el0, CCNT);
    write_sysreg(pmcr_el0, PMCR_LC);
    a = read_sysreg(pmccntr_el0);
    spin();
    CHECK_EQ(read_sysreg(pmccntr_el0), a);

    /* Writable, and reset by PMCR_EL0.C. */
    write_sysreg(pmccntr_el0, 0x123456789ul);
    CHECK_EQ(read_sysreg(pmccntr_el0), 0x123456789ul);
    write_sysreg(pmcr_el0, PMCR_LC | PMCR_C);
    CHECK_EQ(read_sysreg(pmccntr_el0), 0);
    write_sysreg(pmcntenclr_el0, CCNT);
}

static void test_event_counters(void)
{
    uint64_t a, b;

    write_sysreg(pmcr_el0, PMCR_E | PMCR_P | PMCR_LC);
    write_sysreg(pmevtyper0_el0, EVENT_CPU_CYCLES);
    write_sysreg(pmevtyper1_el0, EVENT_SW_INCR);
    CHECK_EQ(read_sysreg(pmevtyper0_el0) & 0xffff, EVENT_CPU_CYCLES);
    write_sysreg(pmcntenset_el0, 3);
    a = read_sysreg(pmevcntr0_el0);
    spin();
    b = read_sysreg(pmevcntr0_el0);
    CHECK(b != a);

    CHECK_EQ(read_sysreg(pmevcntr1_el0), 0);
    for (int i = 0; i < 3; i++)
        write_sysreg(pmswinc_el0, 2);
    CHECK_EQ(read_sysreg(pmevcntr1_el0), 3);
    write_sysreg(pmswinc_el0, 1); /* counter 0 counts cycles, not SW_INCR */
    CHECK_EQ(read_sysreg(pmevcntr1_el0), 3);

    /* PMSELR_EL0 picks the counter PMXEVTYPER/PMXEVCNTR reach. */
    write_sysreg(pmselr_el0, 2);
    CHECK_EQ(read_sysreg(pmselr_el0), 2);
    write_sysreg(pmxevtyper_el0, EVENT_SW_INCR);
    write_sysreg(pmxevcntr_el0, 0x1234);
    CHECK_EQ(read_sysreg(pmevcntr2_el0), 0x1234);
    write_sysreg(pmevcntr2_el0, 0x5678);
    CHECK_EQ(read_sysreg(pmxevcntr_el0), 0x5678);

    /* An event counter wraps at 32 bits and sets its overflow bit. */
    write_sysreg(pmovsclr_el0, ~0ul);
    write_sysreg(pmevtyper3_el0, EVENT_SW_INCR);
    write_sysreg(pmevcntr3_el0, 0xffffffff);
    write_sysreg(pmcntenset_el0, 8);
    write_sysreg(pmswinc_el0, 8);
    /* (With PMUv3p5, as on QEMU's max, the counter has 64 bits and keeps the carry.) */
    CHECK_EQ(read_sysreg(pmevcntr3_el0) & 0xffffffff, 0);
    CHECK_EQ(read_sysreg(pmovsset_el0) & 8, 8);
    write_sysreg(pmovsclr_el0, 8);
    CHECK_EQ(read_sysreg(pmovsset_el0) & 8, 0);

    /* PMCR_EL0.P resets the event counters. */
    write_sysreg(pmcr_el0, PMCR_P | PMCR_LC);
    CHECK_EQ(read_sysreg(pmevcntr1_el0), 0);
    write_sysreg(pmcntenclr_el0, 0xf);
}

static void test_enable_registers(void)
{
    write_sysreg(pmintenset_el1, CCNT | 1);
    CHECK_EQ(read_sysreg(pmintenset_el1), CCNT | 1);
    write_sysreg(pmintenclr_el1, CCNT | 1);
    CHECK_EQ(read_sysreg(pmintenclr_el1), 0);
    write_sysreg(pmuserenr_el0, 0xf);
    CHECK_EQ(read_sysreg(pmuserenr_el0) & 0xf, 0xf);
    write_sysreg(pmuserenr_el0, 0);
    CHECK_EQ(read_sysreg(pmuserenr_el0) & 0xf, 0);
}

static void test_debug_registers(void)
{
    uint64_t dfr0 = read_sysreg(id_aa64dfr0_el1);

    CHECK_EQ((dfr0 >> 12 & 0xf) + 1, 6);         /* breakpoints, as QEMU's A57 */
    CHECK_EQ((dfr0 >> 20 & 0xf) + 1, 4);         /* watchpoints */
    CHECK_EQ(read_sysreg(oslsr_el1) & 0xb, 0xa); /* OS lock implemented and locked */
    write_sysreg(oslar_el1, 0);
    CHECK_EQ(read_sysreg(oslsr_el1) & 0xb, 0x8);
    write_sysreg(mdscr_el1, 0);
    write_sysreg(dbgbvr5_el1, 0x4000);
    CHECK_EQ(read_sysreg(dbgbvr5_el1), 0x4000);
    write_sysreg(dbgbcr5_el1, 0);
    write_sysreg(dbgwvr3_el1, 0x8000);
    CHECK_EQ(read_sysreg(dbgwvr3_el1), 0x8000);
    write_sysreg(dbgwcr3_el1, 0);
    write_sysreg(mdccint_el1, 0);
    write_sysreg(osdlr_el1, 0);
}

int main(void)
{
    test_identity();
    test_cycle_counter();
    test_event_counters();
    test_enable_registers();
    test_debug_registers();
    return test_finish("pmu");
}
