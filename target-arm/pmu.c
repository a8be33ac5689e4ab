/*
 * The PMUv3 of pmu.h.  Counts are kept as of synced_ns and brought up to
 * date (pmu_sync) before anything that reads them or changes what counts,
 * so a counter advances exactly while it is enabled.
 */
#include "target-arm/pmu.h"

#include "sysemu/timer.h"
#include "target-arm/cpu.h"

/* PMCR_EL0 bits. */
#define PMCR_E        (1ull << 0)
#define PMCR_P        (1ull << 1) /* write 1: reset the event counters */
#define PMCR_C        (1ull << 2) /* write 1: reset the cycle counter */
#define PMCR_D        (1ull << 3) /* cycle counter counts every 64th cycle */
#define PMCR_LC       (1ull << 6) /* cycle counter overflows at 64 bits, else 32 */
#define PMCR_WRITABLE (PMCR_E | PMCR_D | 1ull << 4 | 1ull << 5 | PMCR_LC)
#define PMCR_IDENTITY (0x41ull << 24 | 0x01ull << 16) /* IMP Arm, IDCODE as QEMU's A57 */
#define PMCR_N_SHIFT  11

#define CCNT_BIT     31
#define COUNTER_MASK (1u << CCNT_BIT | ((1u << ARM_PMU_COUNTERS) - 1))
#define SEL_CCNT     31
#define CCNT_DIVIDER 64
#define FILTER_MASK  0xfc000000u /* P, U, NSK, NSU, NSH, M */
#define EVTYPER_MASK (FILTER_MASK | 0x3ffu)
#define USERENR_EN   (1u << 0)
#define USERENR_SW   (1u << 1)
#define USERENR_CR   (1u << 2)
#define USERENR_ER   (1u << 3)

/* The events counted: PMCEID0_EL0 advertises exactly these. */
enum { EVENT_SW_INCR = 0x00, EVENT_CPU_CYCLES = 0x11 };

static ARMPMU *pmu(ARMCPU *cpu) { return &cpu->sys.pmu; }

static bool counting(const ARMPMU *p, int counter)
{
    return (p->pmcr & PMCR_E) && (p->cnten & (1u << counter));
}

static unsigned event_of(const ARMPMU *p, int n) { return p->evtyper[n] & 0x3ff; }

/* Add the cycles since synced_ns to every counter that counts them. */
static void pmu_sync(ARMCPU *cpu)
{
    ARMPMU *p = pmu(cpu);
    int64_t now = clock_get_ns(CLOCK_VIRTUAL);
    uint64_t cycles = now > p->synced_ns ? (uint64_t)(now - p->synced_ns) : 0; /* 1 GHz */

    p->synced_ns = now;
    if (counting(p, CCNT_BIT)) {
        uint64_t ticks = cycles, old = p->ccnt;

        if (p->pmcr & PMCR_D) {
            ticks = (p->ccnt_sub + cycles) / CCNT_DIVIDER;
            p->ccnt_sub = (uint32_t)((p->ccnt_sub + cycles) % CCNT_DIVIDER);
        }
        p->ccnt += ticks;
        bool wrapped = (p->pmcr & PMCR_LC) ? p->ccnt < old : (p->ccnt >> 32) != (old >> 32);
        p->ovs |= wrapped ? 1u << CCNT_BIT : 0;
    }
    for (int n = 0; n < ARM_PMU_COUNTERS; n++) {
        if (counting(p, n) && event_of(p, n) == EVENT_CPU_CYCLES) {
            uint64_t sum = p->evcnt[n] + cycles;
            p->evcnt[n] = (uint32_t)sum;
            p->ovs |= (sum >> 32) ? 1u << n : 0;
        }
    }
}

/* ------------------------------------------------------------ control */

uint64_t arm_pmu_read_pmcr(ARMCPU *cpu)
{
    return PMCR_IDENTITY | (uint64_t)ARM_PMU_COUNTERS << PMCR_N_SHIFT | pmu(cpu)->pmcr;
}

void arm_pmu_write_pmcr(ARMCPU *cpu, uint64_t val)
{
    ARMPMU *p = pmu(cpu);

    pmu_sync(cpu);
    if (val & PMCR_C) {
        p->ccnt = 0;
        p->ccnt_sub = 0;
    }
    if (val & PMCR_P) {
        for (int n = 0; n < ARM_PMU_COUNTERS; n++) {
            p->evcnt[n] = 0;
        }
    }
    p->pmcr = val & PMCR_WRITABLE;
}

uint64_t arm_pmu_read_cnten(ARMCPU *cpu) { return pmu(cpu)->cnten; }

void arm_pmu_write_cntenset(ARMCPU *cpu, uint64_t val)
{
    pmu_sync(cpu);
    pmu(cpu)->cnten |= (uint32_t)val & COUNTER_MASK;
}

void arm_pmu_write_cntenclr(ARMCPU *cpu, uint64_t val)
{
    pmu_sync(cpu);
    pmu(cpu)->cnten &= ~((uint32_t)val & COUNTER_MASK);
}

uint64_t arm_pmu_read_inten(ARMCPU *cpu) { return pmu(cpu)->inten; }

void arm_pmu_write_intenset(ARMCPU *cpu, uint64_t val)
{
    pmu(cpu)->inten |= (uint32_t)val & COUNTER_MASK;
}

void arm_pmu_write_intenclr(ARMCPU *cpu, uint64_t val)
{
    pmu(cpu)->inten &= ~((uint32_t)val & COUNTER_MASK);
}

uint64_t arm_pmu_read_ovs(ARMCPU *cpu)
{
    pmu_sync(cpu);
    return pmu(cpu)->ovs;
}

void arm_pmu_write_ovsset(ARMCPU *cpu, uint64_t val)
{
    pmu_sync(cpu);
    pmu(cpu)->ovs |= (uint32_t)val & COUNTER_MASK;
}

void arm_pmu_write_ovsclr(ARMCPU *cpu, uint64_t val)
{
    pmu_sync(cpu);
    pmu(cpu)->ovs &= ~((uint32_t)val & COUNTER_MASK);
}

/* PMSWINC_EL0: each enabled counter counting SW_INCR whose bit is set counts one. */
void arm_pmu_write_swinc(ARMCPU *cpu, uint64_t val)
{
    ARMPMU *p = pmu(cpu);

    for (int n = 0; n < ARM_PMU_COUNTERS; n++) {
        if ((val & (1u << n)) && counting(p, n) && event_of(p, n) == EVENT_SW_INCR) {
            p->evcnt[n]++;
            p->ovs |= p->evcnt[n] == 0 ? 1u << n : 0;
        }
    }
}

uint64_t arm_pmu_read_selr(ARMCPU *cpu) { return pmu(cpu)->selr; }
void arm_pmu_write_selr(ARMCPU *cpu, uint64_t val) { pmu(cpu)->selr = (uint32_t)val & 0x1f; }

uint64_t arm_pmu_read_ceid0(ARMCPU *cpu)
{
    return 1ull << EVENT_SW_INCR | 1ull << EVENT_CPU_CYCLES;
}

uint64_t arm_pmu_read_userenr(ARMCPU *cpu) { return pmu(cpu)->userenr; }
void arm_pmu_write_userenr(ARMCPU *cpu, uint64_t val)
{
    pmu(cpu)->userenr = (uint32_t)val & 0xf;
}

uint64_t arm_pmu_read_ccfiltr(ARMCPU *cpu) { return pmu(cpu)->ccfiltr; }
void arm_pmu_write_ccfiltr(ARMCPU *cpu, uint64_t val)
{
    pmu(cpu)->ccfiltr = (uint32_t)val & FILTER_MASK;
}

/* ------------------------------------------------------------ counters */

uint64_t arm_pmu_read_ccntr(ARMCPU *cpu)
{
    pmu_sync(cpu);
    return pmu(cpu)->ccnt;
}

void arm_pmu_write_ccntr(ARMCPU *cpu, uint64_t val)
{
    pmu_sync(cpu);
    pmu(cpu)->ccnt = val;
}

static uint64_t read_evcntr(ARMCPU *cpu, int n)
{
    pmu_sync(cpu);
    return pmu(cpu)->evcnt[n];
}

static void write_evcntr(ARMCPU *cpu, int n, uint64_t val)
{
    pmu_sync(cpu);
    pmu(cpu)->evcnt[n] = (uint32_t)val;
}

static uint64_t read_evtyper(ARMCPU *cpu, int n) { return pmu(cpu)->evtyper[n]; }

static void write_evtyper(ARMCPU *cpu, int n, uint64_t val)
{
    pmu_sync(cpu);
    pmu(cpu)->evtyper[n] = (uint32_t)val & EVTYPER_MASK;
}

#define ARM_PMU_COUNTER_HOOKS(n)                                                               \
    uint64_t arm_pmu_read_evcntr##n(ARMCPU *cpu) { return read_evcntr(cpu, n); }               \
    void arm_pmu_write_evcntr##n(ARMCPU *cpu, uint64_t v) { write_evcntr(cpu, n, v); }         \
    uint64_t arm_pmu_read_evtyper##n(ARMCPU *cpu) { return read_evtyper(cpu, n); }             \
    void arm_pmu_write_evtyper##n(ARMCPU *cpu, uint64_t v) { write_evtyper(cpu, n, v); }
ARM_PMU_COUNTER_HOOKS(0)
ARM_PMU_COUNTER_HOOKS(1)
ARM_PMU_COUNTER_HOOKS(2)
ARM_PMU_COUNTER_HOOKS(3)
ARM_PMU_COUNTER_HOOKS(4)
ARM_PMU_COUNTER_HOOKS(5)

/*
 * PMXEVTYPER/PMXEVCNTR reach the counter PMSELR_EL0 selects; 31 selects
 * PMCCFILTR for the type.  Other unimplemented selections read as zero and
 * ignore writes (one of the CONSTRAINED UNPREDICTABLE choices).
 */
uint64_t arm_pmu_read_xevtyper(ARMCPU *cpu)
{
    unsigned sel = pmu(cpu)->selr;

    return sel == SEL_CCNT          ? pmu(cpu)->ccfiltr
           : sel < ARM_PMU_COUNTERS ? read_evtyper(cpu, (int)sel)
                                    : 0;
}

void arm_pmu_write_xevtyper(ARMCPU *cpu, uint64_t val)
{
    unsigned sel = pmu(cpu)->selr;

    if (sel == SEL_CCNT) {
        arm_pmu_write_ccfiltr(cpu, val);
    } else if (sel < ARM_PMU_COUNTERS) {
        write_evtyper(cpu, (int)sel, val);
    }
}

uint64_t arm_pmu_read_xevcntr(ARMCPU *cpu)
{
    unsigned sel = pmu(cpu)->selr;

    return sel < ARM_PMU_COUNTERS ? read_evcntr(cpu, (int)sel) : 0;
}

void arm_pmu_write_xevcntr(ARMCPU *cpu, uint64_t val)
{
    unsigned sel = pmu(cpu)->selr;

    if (sel < ARM_PMU_COUNTERS) {
        write_evcntr(cpu, (int)sel, val);
    }
}

/* ------------------------------------------------------------ EL0 access */

static bool el0_allowed(ARMCPU *cpu, uint32_t userenr_bits)
{
    return arm_current_el(cpu) > 0 || (pmu(cpu)->userenr & (USERENR_EN | userenr_bits));
}

bool arm_pmu_access_el0_en(ARMCPU *cpu, bool is_write) { return el0_allowed(cpu, 0); }

bool arm_pmu_access_swinc(ARMCPU *cpu, bool is_write) { return el0_allowed(cpu, USERENR_SW); }

bool arm_pmu_access_ccntr(ARMCPU *cpu, bool is_write)
{
    return el0_allowed(cpu, is_write ? 0 : USERENR_CR);
}

bool arm_pmu_access_evcntr(ARMCPU *cpu, bool is_write)
{
    return el0_allowed(cpu, is_write ? 0 : USERENR_ER);
}

bool arm_pmu_access_selr(ARMCPU *cpu, bool is_write) { return el0_allowed(cpu, USERENR_ER); }

bool arm_pmu_access_userenr(ARMCPU *cpu, bool is_write)
{
    return arm_current_el(cpu) > 0 || !is_write;
}
