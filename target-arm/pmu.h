/*
 * A minimal PMUv3 (internal to target-arm/): the cycle counter and
 * ARM_PMU_COUNTERS event counters that count CPU_CYCLES or software
 * increments, at 1 GHz of CLOCK_VIRTUAL -- so under -icount shift=0 one
 * cycle per instruction.  Owned by pmu.c; sysregs.c places the registers
 * in its table with ARM_PMU_SYSREGS.
 *
 * Not modelled: the overflow interrupt (no PPI is wired; PMOVS is still
 * set on overflow), the event filters of PMCCFILTR/PMEVTYPER (stored, not
 * applied), events other than SW_INCR and CPU_CYCLES (PMCEID0 says so).
 */
#ifndef TARGET_ARM_PMU_H
#define TARGET_ARM_PMU_H

#include <stdbool.h>
#include <stdint.h>

/* PMCR_EL0.N, as QEMU's cortex-a57. */
#define ARM_PMU_COUNTERS 6

typedef struct ARMPMU {
    uint64_t pmcr;  /* the writable bits: E, D, X, DP, LC */
    uint32_t cnten; /* PMCNTENSET/CLR: bit 31 cycle counter, bits N-1:0 event counters */
    uint32_t inten; /* PMINTENSET/CLR */
    uint32_t ovs;   /* PMOVSSET/CLR */
    uint32_t selr, userenr, ccfiltr;
    uint32_t evtyper[ARM_PMU_COUNTERS];
    uint32_t evcnt[ARM_PMU_COUNTERS];
    uint64_t ccnt;
    uint32_t ccnt_sub; /* cycles towards the next tick with PMCR_EL0.D (divide by 64) */
    int64_t synced_ns; /* CLOCK_VIRTUAL when the counts above were brought up to date */
} ARMPMU;

struct ARMCPU;

#define ARM_PMU_HOOKS(n)                                                                       \
    uint64_t arm_pmu_read_evcntr##n(struct ARMCPU *cpu);                                       \
    void arm_pmu_write_evcntr##n(struct ARMCPU *cpu, uint64_t val);                            \
    uint64_t arm_pmu_read_evtyper##n(struct ARMCPU *cpu);                                      \
    void arm_pmu_write_evtyper##n(struct ARMCPU *cpu, uint64_t val);
ARM_PMU_HOOKS(0)
ARM_PMU_HOOKS(1)
ARM_PMU_HOOKS(2)
ARM_PMU_HOOKS(3)
ARM_PMU_HOOKS(4)
ARM_PMU_HOOKS(5)
#undef ARM_PMU_HOOKS

uint64_t arm_pmu_read_pmcr(struct ARMCPU *cpu);
void arm_pmu_write_pmcr(struct ARMCPU *cpu, uint64_t val);
uint64_t arm_pmu_read_cnten(struct ARMCPU *cpu);
void arm_pmu_write_cntenset(struct ARMCPU *cpu, uint64_t val);
void arm_pmu_write_cntenclr(struct ARMCPU *cpu, uint64_t val);
uint64_t arm_pmu_read_inten(struct ARMCPU *cpu);
void arm_pmu_write_intenset(struct ARMCPU *cpu, uint64_t val);
void arm_pmu_write_intenclr(struct ARMCPU *cpu, uint64_t val);
uint64_t arm_pmu_read_ovs(struct ARMCPU *cpu);
void arm_pmu_write_ovsset(struct ARMCPU *cpu, uint64_t val);
void arm_pmu_write_ovsclr(struct ARMCPU *cpu, uint64_t val);
void arm_pmu_write_swinc(struct ARMCPU *cpu, uint64_t val);
uint64_t arm_pmu_read_selr(struct ARMCPU *cpu);
void arm_pmu_write_selr(struct ARMCPU *cpu, uint64_t val);
uint64_t arm_pmu_read_ceid0(struct ARMCPU *cpu);
uint64_t arm_pmu_read_ccntr(struct ARMCPU *cpu);
void arm_pmu_write_ccntr(struct ARMCPU *cpu, uint64_t val);
uint64_t arm_pmu_read_xevtyper(struct ARMCPU *cpu);
void arm_pmu_write_xevtyper(struct ARMCPU *cpu, uint64_t val);
uint64_t arm_pmu_read_xevcntr(struct ARMCPU *cpu);
void arm_pmu_write_xevcntr(struct ARMCPU *cpu, uint64_t val);
uint64_t arm_pmu_read_userenr(struct ARMCPU *cpu);
void arm_pmu_write_userenr(struct ARMCPU *cpu, uint64_t val);
uint64_t arm_pmu_read_ccfiltr(struct ARMCPU *cpu);
void arm_pmu_write_ccfiltr(struct ARMCPU *cpu, uint64_t val);

/* Which EL0 accesses PMUSERENR_EL0 allows (EL1 always may). */
bool arm_pmu_access_el0_en(struct ARMCPU *cpu, bool is_write);  /* EN */
bool arm_pmu_access_swinc(struct ARMCPU *cpu, bool is_write);   /* EN or SW */
bool arm_pmu_access_ccntr(struct ARMCPU *cpu, bool is_write);   /* EN, or CR for reads */
bool arm_pmu_access_evcntr(struct ARMCPU *cpu, bool is_write);  /* EN, or ER for reads */
bool arm_pmu_access_selr(struct ARMCPU *cpu, bool is_write);    /* EN or ER */
bool arm_pmu_access_userenr(struct ARMCPU *cpu, bool is_write); /* EL0 reads only */

/* The PMU's system registers, as entries of sysregs.c's table (name, encoding, flags, ...). */
#define ARM_PMU_REG_FLAGS(name, op1, crn, crm, op2, flags, rd, wr, acc)                        \
    {                                                                                          \
        name, 3, op1, crn, crm, op2, ARM_SR_IO | (flags), ARM_SR_NO_FIELD, 0, rd, wr, acc      \
    }
#define ARM_PMU_REG(name, op1, crn, crm, op2, rd, wr, acc)                                     \
    ARM_PMU_REG_FLAGS(name, op1, crn, crm, op2, 0, rd, wr, acc)
#define ARM_PMU_EVREGS(n)                                                                      \
    ARM_PMU_REG("PMEVCNTR" #n "_EL0", 3, 14, 8 + (n) / 8, (n) % 8, arm_pmu_read_evcntr##n,     \
                arm_pmu_write_evcntr##n, arm_pmu_access_evcntr),                               \
        ARM_PMU_REG("PMEVTYPER" #n "_EL0", 3, 14, 12 + (n) / 8, (n) % 8,                       \
                    arm_pmu_read_evtyper##n, arm_pmu_write_evtyper##n, arm_pmu_access_el0_en)
#define ARM_PMU_SYSREGS                                                                        \
    ARM_PMU_REG("PMCR_EL0", 3, 9, 12, 0, arm_pmu_read_pmcr, arm_pmu_write_pmcr,                \
                arm_pmu_access_el0_en),                                                        \
        ARM_PMU_REG("PMCNTENSET_EL0", 3, 9, 12, 1, arm_pmu_read_cnten, arm_pmu_write_cntenset, \
                    arm_pmu_access_el0_en),                                                    \
        ARM_PMU_REG("PMCNTENCLR_EL0", 3, 9, 12, 2, arm_pmu_read_cnten, arm_pmu_write_cntenclr, \
                    arm_pmu_access_el0_en),                                                    \
        ARM_PMU_REG("PMOVSCLR_EL0", 3, 9, 12, 3, arm_pmu_read_ovs, arm_pmu_write_ovsclr,       \
                    arm_pmu_access_el0_en),                                                    \
        ARM_PMU_REG_FLAGS("PMSWINC_EL0", 3, 9, 12, 4, ARM_SR_WO, NULL, arm_pmu_write_swinc,    \
                          arm_pmu_access_swinc),                                               \
        ARM_PMU_REG("PMSELR_EL0", 3, 9, 12, 5, arm_pmu_read_selr, arm_pmu_write_selr,          \
                    arm_pmu_access_selr),                                                      \
        ARM_PMU_REG_FLAGS("PMCEID0_EL0", 3, 9, 12, 6, ARM_SR_RO, arm_pmu_read_ceid0, NULL,     \
                          arm_pmu_access_el0_en),                                              \
        ARM_PMU_REG_FLAGS("PMCEID1_EL0", 3, 9, 12, 7, ARM_SR_RO, NULL, NULL,                   \
                          arm_pmu_access_el0_en),                                              \
        ARM_PMU_REG("PMCCNTR_EL0", 3, 9, 13, 0, arm_pmu_read_ccntr, arm_pmu_write_ccntr,       \
                    arm_pmu_access_ccntr),                                                     \
        ARM_PMU_REG("PMXEVTYPER_EL0", 3, 9, 13, 1, arm_pmu_read_xevtyper,                      \
                    arm_pmu_write_xevtyper, arm_pmu_access_el0_en),                            \
        ARM_PMU_REG("PMXEVCNTR_EL0", 3, 9, 13, 2, arm_pmu_read_xevcntr, arm_pmu_write_xevcntr, \
                    arm_pmu_access_evcntr),                                                    \
        ARM_PMU_REG("PMUSERENR_EL0", 3, 9, 14, 0, arm_pmu_read_userenr, arm_pmu_write_userenr, \
                    arm_pmu_access_userenr),                                                   \
        ARM_PMU_REG("PMINTENSET_EL1", 0, 9, 14, 1, arm_pmu_read_inten, arm_pmu_write_intenset, \
                    NULL),                                                                     \
        ARM_PMU_REG("PMINTENCLR_EL1", 0, 9, 14, 2, arm_pmu_read_inten, arm_pmu_write_intenclr, \
                    NULL),                                                                     \
        ARM_PMU_REG("PMOVSSET_EL0", 3, 9, 14, 3, arm_pmu_read_ovs, arm_pmu_write_ovsset,       \
                    arm_pmu_access_el0_en),                                                    \
        ARM_PMU_EVREGS(0), ARM_PMU_EVREGS(1), ARM_PMU_EVREGS(2), ARM_PMU_EVREGS(3),            \
        ARM_PMU_EVREGS(4), ARM_PMU_EVREGS(5),                                                  \
        ARM_PMU_REG("PMCCFILTR_EL0", 3, 14, 15, 7, arm_pmu_read_ccfiltr,                       \
                    arm_pmu_write_ccfiltr, arm_pmu_access_el0_en)

#endif
