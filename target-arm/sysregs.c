/*
 * The AArch64 system registers and SYS operations as data, and the helpers
 * that MRS, MSR, MSR (immediate) and SYS call when an access is more than a
 * load or store of the CPU state.
 */
#include <stddef.h>

#include "exec/cputlb.h"
#include "exec/translator.h"
#include "target-arm/cpu.h"
#include "target-arm/fpstatus.h"
#include "target-arm/gicv3-cpuif.h"
#include "target-arm/gtimer.h"
#include "target-arm/helper-sys.h"
#include "target-arm/pmu.h"
#include "util/log.h"

#define FIELD(f) offsetof(ARMCPU, f)

/* ------------------------------------------------------------ hooks */

static uint64_t read_currentel(ARMCPU *cpu) { return cpu->pstate & PSTATE_EL_MASK; }

static uint64_t read_nzcv(ARMCPU *cpu) { return arm_pstate_read(cpu) & PSTATE_NZCV; }

static void write_nzcv(ARMCPU *cpu, uint64_t val)
{
    arm_pstate_write(cpu, (arm_pstate_read(cpu) & ~PSTATE_NZCV) | (val & PSTATE_NZCV));
}

static uint64_t read_daif(ARMCPU *cpu) { return cpu->pstate & PSTATE_DAIF; }

static void write_daif(ARMCPU *cpu, uint64_t val)
{
    cpu->pstate = (cpu->pstate & ~PSTATE_DAIF) | (val & PSTATE_DAIF);
    arm_recheck_interrupts(cpu);
}

static uint64_t read_spsel(ARMCPU *cpu) { return cpu->pstate & PSTATE_SP; }

static void set_spsel(ARMCPU *cpu, bool use_sp_elx)
{
    arm_sp_save(cpu);
    cpu->pstate = (cpu->pstate & ~PSTATE_SP) | (use_sp_elx ? PSTATE_SP : 0);
    arm_sp_restore(cpu);
}

static void write_spsel(ARMCPU *cpu, uint64_t val) { set_spsel(cpu, val & 1); }

/* SP_EL0 is only accessible by name while SP_ELx is the stack pointer. */
static bool access_sp_el0(ARMCPU *cpu, bool is_write)
{
    return arm_current_el(cpu) > 0 && (cpu->pstate & PSTATE_SP);
}

/* SCTLR_EL1 bits the TLB's contents depend on: MMU enable, WXN, endianness. */
#define SCTLR_TLB_BITS (SCTLR_M | SCTLR_WXN | 1ull << 24 | 1ull << 25)

/* Writes that change how addresses translate drop every cached translation. */
static void write_sctlr(ARMCPU *cpu, uint64_t val)
{
    uint64_t changed = cpu->sys.sctlr_el[1] ^ val;

    cpu->sys.sctlr_el[1] = val;
    if (changed & SCTLR_TLB_BITS) {
        tlb_flush(&cpu->parent);
    }
}

/* FPCR and FPSR keep only the bits gemu implements (fpstatus.h). */
static void write_fpcr(ARMCPU *cpu, uint64_t val) { cpu->sys.fpcr = val & FPCR_WRITABLE; }
static void write_fpsr(ARMCPU *cpu, uint64_t val) { cpu->sys.fpsr = val & FPSR_WRITABLE; }

static void write_tcr(ARMCPU *cpu, uint64_t val)
{
    cpu->sys.tcr_el1 = val;
    tlb_flush(&cpu->parent);
}

/*
 * A new table base with the same ASID keeps the cached translations, which
 * the architecture allows (the guest must TLBI); a new ASID drops them all.
 */
static void write_ttbr0(ARMCPU *cpu, uint64_t val)
{
    uint32_t old_asid = arm_current_asid(cpu);

    cpu->sys.ttbr0_el1 = val;
    arm_asid_maybe_changed(cpu, old_asid);
}

static void write_ttbr1(ARMCPU *cpu, uint64_t val)
{
    uint32_t old_asid = arm_current_asid(cpu);

    cpu->sys.ttbr1_el1 = val;
    arm_asid_maybe_changed(cpu, old_asid);
}

/* DZP tells EL0 when SCTLR_EL1.DZE forbids DC ZVA, so libraries do not try it. */
#define DCZID_DZP 0x10

static uint64_t read_dczid(ARMCPU *cpu)
{
    bool prohibited = arm_current_el(cpu) == 0 && !(cpu->sys.sctlr_el[1] & SCTLR_DZE);

    return cpu->id.dczid | (prohibited ? DCZID_DZP : 0);
}

static uint64_t read_isr(ARMCPU *cpu)
{
    uint32_t pending = cpu->parent.interrupt_request;

    return ((pending & CPU_INTERRUPT_HARD) ? PSTATE_I : 0) |
           ((pending & CPU_INTERRUPT_FIQ) ? PSTATE_F : 0);
}

#define OSLSR_OSLM 0x8ull /* OSLM = 0b10: the OS lock is implemented */

/* OSLAR_EL1 sets and clears the OS lock that OSLSR_EL1.OSLK shows. */
static void write_oslar(ARMCPU *cpu, uint64_t val) { cpu->sys.oslk = val & 1; }
static uint64_t read_oslsr(ARMCPU *cpu) { return OSLSR_OSLM | cpu->sys.oslk << 1; }

/* --------------------------------------------------- generic timer (gtimer.c) */

enum {
    CNTKCTL_EL0PCTEN = 1 << 0,
    CNTKCTL_EL0VCTEN = 1 << 1,
    CNTKCTL_EL0VTEN = 1 << 8,
    CNTKCTL_EL0PTEN = 1 << 9,
};

static bool el0_gated(ARMCPU *cpu, uint64_t cntkctl_bits)
{
    return arm_current_el(cpu) > 0 || (cpu->sys.cntkctl_el1 & cntkctl_bits);
}

static bool access_cntfrq(ARMCPU *cpu, bool is_write)
{
    return arm_current_el(cpu) > 0 ||
           (!is_write && (cpu->sys.cntkctl_el1 & (CNTKCTL_EL0PCTEN | CNTKCTL_EL0VCTEN)));
}

static bool access_cntpct(ARMCPU *cpu, bool is_write)
{
    return !is_write && el0_gated(cpu, CNTKCTL_EL0PCTEN);
}

static bool access_cntvct(ARMCPU *cpu, bool is_write)
{
    return !is_write && el0_gated(cpu, CNTKCTL_EL0VCTEN);
}

static bool access_cntp(ARMCPU *cpu, bool is_write) { return el0_gated(cpu, CNTKCTL_EL0PTEN); }

static bool access_cntv(ARMCPU *cpu, bool is_write) { return el0_gated(cpu, CNTKCTL_EL0VTEN); }

static uint64_t read_counter(ARMCPU *cpu) { return arm_gt_count(cpu); }

#define GT_HOOKS(name, t)                                                                      \
    static uint64_t read_##name##_ctl(ARMCPU *cpu) { return arm_gt_read_ctl(cpu, t); }          \
    static void write_##name##_ctl(ARMCPU *cpu, uint64_t v) { arm_gt_write_ctl(cpu, t, v); }    \
    static uint64_t read_##name##_cval(ARMCPU *cpu) { return arm_gt_read_cval(cpu, t); }        \
    static void write_##name##_cval(ARMCPU *cpu, uint64_t v) { arm_gt_write_cval(cpu, t, v); }  \
    static uint64_t read_##name##_tval(ARMCPU *cpu) { return arm_gt_read_tval(cpu, t); }        \
    static void write_##name##_tval(ARMCPU *cpu, uint64_t v) { arm_gt_write_tval(cpu, t, v); }

GT_HOOKS(cntp, ARM_GT_PHYS)
GT_HOOKS(cntv, ARM_GT_VIRT)

/* ------------------------------------------- GICv3 CPU interface (gicv3-cpuif.c) */

#define ICC_HOOKS(reg)                                                                         \
    static uint64_t read_##reg(ARMCPU *cpu) { return arm_icc_read(cpu, ARM_##reg); }           \
    static void write_##reg(ARMCPU *cpu, uint64_t v) { arm_icc_write(cpu, ARM_##reg, v); }

ICC_HOOKS(ICC_PMR)
ICC_HOOKS(ICC_IAR0)
ICC_HOOKS(ICC_EOIR0)
ICC_HOOKS(ICC_HPPIR0)
ICC_HOOKS(ICC_BPR0)
ICC_HOOKS(ICC_AP0R0)
ICC_HOOKS(ICC_AP1R0)
ICC_HOOKS(ICC_DIR)
ICC_HOOKS(ICC_RPR)
ICC_HOOKS(ICC_SGI1R)
ICC_HOOKS(ICC_ASGI1R)
ICC_HOOKS(ICC_SGI0R)
ICC_HOOKS(ICC_IAR1)
ICC_HOOKS(ICC_EOIR1)
ICC_HOOKS(ICC_HPPIR1)
ICC_HOOKS(ICC_BPR1)
ICC_HOOKS(ICC_CTLR)
ICC_HOOKS(ICC_SRE)
ICC_HOOKS(ICC_IGRPEN0)
ICC_HOOKS(ICC_IGRPEN1)

/* ------------------------------------------------------------ the table */

#define ANY    ARM_SR_ANY
#define NOF    ARM_SR_NO_FIELD
#define EL0_RW (ARM_SR_EL0_R | ARM_SR_EL0_W)
#define RO     ARM_SR_RO
#define WO     ARM_SR_WO
#define END_TB ARM_SR_END_TB
#define IO     ARM_SR_IO
/* Designated, so that entries may leave the trailing members out. */
#define ENC(o0, o1, cn, cm, o2) .op0 = o0, .op1 = o1, .crn = cn, .crm = cm, .op2 = o2
/* A GICv3 register: writes may unmask an interrupt, so they end the TB. */
#define ICC(reg, cn, cm, o2, fl)                                                               \
    {                                                                                          \
        .name = #reg "_EL1", ENC(3, 0, cn, cm, o2), .flags = (fl) | END_TB,                    \
        .offset = NOF, .read = read_##reg, .write = write_##reg, .access = arm_icc_access      \
    }

/* Cache geometry shown to the guest: separate L1 I and D, 64-byte lines. */
#define CLIDR_VALUE  0x09200003ull /* Ctype1 = I+D, LoUIS = LoC = LoUU = 1 */
#define CCSIDR_VALUE 0x001fe00aull /* 256 sets, 2 ways, 64-byte lines */

#define DBG_BREAKPOINT(n)                                                                      \
    {"DBGBVR" #n "_EL1", ENC(2, 0, 0, n, 4), 0, FIELD(sys.dbgbvr[n])},                          \
        {"DBGBCR" #n "_EL1", ENC(2, 0, 0, n, 5), 0, FIELD(sys.dbgbcr[n])}
#define DBG_WATCHPOINT(n)                                                                      \
    {"DBGWVR" #n "_EL1", ENC(2, 0, 0, n, 6), 0, FIELD(sys.dbgwvr[n])},                          \
        {"DBGWCR" #n "_EL1", ENC(2, 0, 0, n, 7), 0, FIELD(sys.dbgwcr[n])}

/* First match wins: the catch-all ranges come after the specific entries. */
static const ARMSysReg sysregs[] = {
    /* name, encoding, flags, offset, value, read, write, access */
    {"MIDR_EL1", ENC(3, 0, 0, 0, 0), RO, FIELD(id.midr)},
    {"MPIDR_EL1", ENC(3, 0, 0, 0, 5), RO, FIELD(id.mpidr)},
    {"REVIDR_EL1", ENC(3, 0, 0, 0, 6), RO, FIELD(id.revidr)},
    {"ID_AA64PFR0_EL1", ENC(3, 0, 0, 4, 0), RO, FIELD(id.id_aa64pfr0)},
    {"ID_AA64PFR1_EL1", ENC(3, 0, 0, 4, 1), RO, FIELD(id.id_aa64pfr1)},
    {"ID_AA64DFR0_EL1", ENC(3, 0, 0, 5, 0), RO, FIELD(id.id_aa64dfr0)},
    {"ID_AA64ISAR0_EL1", ENC(3, 0, 0, 6, 0), RO, FIELD(id.id_aa64isar0)},
    {"ID_AA64ISAR1_EL1", ENC(3, 0, 0, 6, 1), RO, FIELD(id.id_aa64isar1)},
    {"ID_AA64MMFR0_EL1", ENC(3, 0, 0, 7, 0), RO, FIELD(id.id_aa64mmfr0)},
    {"ID_AA64MMFR1_EL1", ENC(3, 0, 0, 7, 1), RO, FIELD(id.id_aa64mmfr1)},
    /* The rest of the ID space (AArch32 IDs, unassigned AArch64 IDs) reads as zero. */
    {"ID (reserved)", ENC(3, 0, 0, ANY, ANY), RO, NOF, 0},
    {"CCSIDR_EL1", ENC(3, 1, 0, 0, 0), RO, NOF, CCSIDR_VALUE},
    {"CLIDR_EL1", ENC(3, 1, 0, 0, 1), RO, NOF, CLIDR_VALUE},
    {"AIDR_EL1", ENC(3, 1, 0, 0, 7), RO, NOF, 0},
    {"CSSELR_EL1", ENC(3, 2, 0, 0, 0), 0, FIELD(sys.csselr_el1)},
    {"CTR_EL0", ENC(3, 3, 0, 0, 1), RO | ARM_SR_EL0_R, FIELD(id.ctr)},
    {"DCZID_EL0", ENC(3, 3, 0, 0, 7), RO | ARM_SR_EL0_R, FIELD(id.dczid), 0, read_dczid},

    {"SCTLR_EL1", ENC(3, 0, 1, 0, 0), END_TB, FIELD(sys.sctlr_el[1]), 0, NULL, write_sctlr},
    {"ACTLR_EL1", ENC(3, 0, 1, 0, 1), 0, FIELD(sys.actlr_el1)},
    {"CPACR_EL1", ENC(3, 0, 1, 0, 2), END_TB, FIELD(sys.cpacr_el1)},
    {"TTBR0_EL1", ENC(3, 0, 2, 0, 0), END_TB, FIELD(sys.ttbr0_el1), 0, NULL, write_ttbr0},
    {"TTBR1_EL1", ENC(3, 0, 2, 0, 1), END_TB, FIELD(sys.ttbr1_el1), 0, NULL, write_ttbr1},
    {"TCR_EL1", ENC(3, 0, 2, 0, 2), END_TB, FIELD(sys.tcr_el1), 0, NULL, write_tcr},

    {"SPSR_EL1", ENC(3, 0, 4, 0, 0), 0, FIELD(sys.spsr_el[1])},
    {"ELR_EL1", ENC(3, 0, 4, 0, 1), 0, FIELD(sys.elr_el[1])},
    {"SP_EL0", ENC(3, 0, 4, 1, 0), 0, FIELD(sys.sp_el[0]), 0, NULL, NULL, access_sp_el0},
    {"SPSel", ENC(3, 0, 4, 2, 0), 0, NOF, 0, read_spsel, write_spsel},
    {"CurrentEL", ENC(3, 0, 4, 2, 2), RO, NOF, 0, read_currentel},
    {"NZCV", ENC(3, 3, 4, 2, 0), EL0_RW, NOF, 0, read_nzcv, write_nzcv},
    {"DAIF", ENC(3, 3, 4, 2, 1), END_TB, NOF, 0, read_daif, write_daif},
    {"FPCR", ENC(3, 3, 4, 4, 0), EL0_RW, FIELD(sys.fpcr), 0, NULL, write_fpcr},
    {"FPSR", ENC(3, 3, 4, 4, 1), EL0_RW, FIELD(sys.fpsr), 0, NULL, write_fpsr},

    {"AFSR0_EL1", ENC(3, 0, 5, 1, 0), 0, NOF, 0},
    {"AFSR1_EL1", ENC(3, 0, 5, 1, 1), 0, NOF, 0},
    {"ESR_EL1", ENC(3, 0, 5, 2, 0), 0, FIELD(sys.esr_el[1])},
    {"FAR_EL1", ENC(3, 0, 6, 0, 0), 0, FIELD(sys.far_el[1])},
    {"PAR_EL1", ENC(3, 0, 7, 4, 0), 0, FIELD(sys.par_el1)},
    ARM_PMU_SYSREGS,
    {"MAIR_EL1", ENC(3, 0, 10, 2, 0), 0, FIELD(sys.mair_el1)},
    {"AMAIR_EL1", ENC(3, 0, 10, 3, 0), 0, FIELD(sys.amair_el1)},
    {"VBAR_EL1", ENC(3, 0, 12, 0, 0), 0, FIELD(sys.vbar_el[1])},
    {"ISR_EL1", ENC(3, 0, 12, 1, 0), RO, NOF, 0, read_isr},
    ICC(ICC_PMR, 4, 6, 0, 0),
    ICC(ICC_IAR0, 12, 8, 0, RO),
    ICC(ICC_EOIR0, 12, 8, 1, WO),
    ICC(ICC_HPPIR0, 12, 8, 2, RO),
    ICC(ICC_BPR0, 12, 8, 3, 0),
    ICC(ICC_AP0R0, 12, 8, 4, 0),
    ICC(ICC_AP1R0, 12, 9, 0, 0),
    ICC(ICC_DIR, 12, 11, 1, WO),
    ICC(ICC_RPR, 12, 11, 3, RO),
    ICC(ICC_SGI1R, 12, 11, 5, WO),
    ICC(ICC_ASGI1R, 12, 11, 6, WO),
    ICC(ICC_SGI0R, 12, 11, 7, WO),
    ICC(ICC_IAR1, 12, 12, 0, RO),
    ICC(ICC_EOIR1, 12, 12, 1, WO),
    ICC(ICC_HPPIR1, 12, 12, 2, RO),
    ICC(ICC_BPR1, 12, 12, 3, 0),
    ICC(ICC_CTLR, 12, 12, 4, 0),
    ICC(ICC_SRE, 12, 12, 5, 0),
    ICC(ICC_IGRPEN0, 12, 12, 6, 0),
    ICC(ICC_IGRPEN1, 12, 12, 7, 0),
    {"CONTEXTIDR_EL1", ENC(3, 0, 13, 0, 1), 0, FIELD(sys.contextidr_el1)},
    {"TPIDR_EL1", ENC(3, 0, 13, 0, 4), 0, FIELD(sys.tpidr_el1)},
    {"TPIDR_EL0", ENC(3, 3, 13, 0, 2), EL0_RW, FIELD(sys.tpidr_el0)},
    {"TPIDRRO_EL0", ENC(3, 3, 13, 0, 3), ARM_SR_EL0_R, FIELD(sys.tpidrro_el0)},

    {"CNTKCTL_EL1", ENC(3, 0, 14, 1, 0), 0, FIELD(sys.cntkctl_el1)},
    {"CNTFRQ_EL0", ENC(3, 3, 14, 0, 0), 0, NOF, ARM_CNTFRQ, NULL, NULL, access_cntfrq},
    {"CNTPCT_EL0", ENC(3, 3, 14, 0, 1), RO | IO, NOF, 0, read_counter, NULL, access_cntpct},
    {"CNTVCT_EL0", ENC(3, 3, 14, 0, 2), RO | IO, NOF, 0, read_counter, NULL, access_cntvct},
    {"CNTP_TVAL_EL0", ENC(3, 3, 14, 2, 0), IO, NOF, 0, read_cntp_tval, write_cntp_tval,
     access_cntp},
    {"CNTP_CTL_EL0", ENC(3, 3, 14, 2, 1), IO, NOF, 0, read_cntp_ctl, write_cntp_ctl,
     access_cntp},
    {"CNTP_CVAL_EL0", ENC(3, 3, 14, 2, 2), IO, NOF, 0, read_cntp_cval, write_cntp_cval,
     access_cntp},
    {"CNTV_TVAL_EL0", ENC(3, 3, 14, 3, 0), IO, NOF, 0, read_cntv_tval, write_cntv_tval,
     access_cntv},
    {"CNTV_CTL_EL0", ENC(3, 3, 14, 3, 1), IO, NOF, 0, read_cntv_ctl, write_cntv_ctl,
     access_cntv},
    {"CNTV_CVAL_EL0", ENC(3, 3, 14, 3, 2), IO, NOF, 0, read_cntv_cval, write_cntv_cval,
     access_cntv},

    /*
     * Debug: the registers ID_AA64DFR0_EL1 advertises keep their values
     * (breakpoints and watchpoints beyond them are UNDEFINED), but no
     * breakpoint or watchpoint ever triggers.
     */
    {"MDCCINT_EL1", ENC(2, 0, 0, 2, 0), 0, FIELD(sys.mdccint_el1)},
    {"MDSCR_EL1", ENC(2, 0, 0, 2, 2), 0, FIELD(sys.mdscr_el1)},
    {"OSECCR_EL1", ENC(2, 0, 0, 6, 2), 0, NOF, 0},
    DBG_BREAKPOINT(0), DBG_BREAKPOINT(1), DBG_BREAKPOINT(2),
    DBG_BREAKPOINT(3), DBG_BREAKPOINT(4), DBG_BREAKPOINT(5),
    DBG_WATCHPOINT(0), DBG_WATCHPOINT(1), DBG_WATCHPOINT(2), DBG_WATCHPOINT(3),
    {"MDRAR_EL1", ENC(2, 0, 1, 0, 0), RO, NOF, 0},
    {"OSLAR_EL1", ENC(2, 0, 1, 0, 4), WO, NOF, 0, NULL, write_oslar},
    {"OSLSR_EL1", ENC(2, 0, 1, 1, 4), RO, NOF, 0, read_oslsr},
    {"OSDLR_EL1", ENC(2, 0, 1, 3, 4), 0, FIELD(sys.osdlr_el1)},
    {"DBGPRCR_EL1", ENC(2, 0, 1, 4, 4), 0, FIELD(sys.dbgprcr_el1)},
    {"DBGCLAIMSET_EL1", ENC(2, 0, 7, 8, 6), 0, NOF, 0},
    {"DBGCLAIMCLR_EL1", ENC(2, 0, 7, 9, 6), 0, NOF, 0},
    {"DBGAUTHSTATUS_EL1", ENC(2, 0, 7, 14, 6), RO, NOF, 0},
    {"MDCCSR_EL0", ENC(2, 3, 0, 1, 0), RO, NOF, 0},
};

static bool field_matches(uint8_t pattern, int value)
{
    return pattern == ARM_SR_ANY || pattern == value;
}

const ARMSysReg *arm_sysreg_find(int op0, int op1, int crn, int crm, int op2)
{
    for (size_t i = 0; i < sizeof(sysregs) / sizeof(sysregs[0]); i++) {
        const ARMSysReg *r = &sysregs[i];

        if (r->op0 == op0 && r->op1 == op1 && r->crn == crn && field_matches(r->crm, crm) &&
            field_matches(r->op2, op2)) {
            return r;
        }
    }
    return NULL;
}

int arm_sysreg_key(const ARMSysReg *r) { return (int)(r - sysregs); }

/* ------------------------------------------------------------ SYS operations */

static const ARMSysInsn sysinsns[] = {
    /* name            op1 CRn CRm op2 kind  el0 */
    {"IC IALLUIS", 0, 7, 1, 0, SYSI_IC_IALLU, false},
    {"IC IALLU", 0, 7, 5, 0, SYSI_IC_IALLU, false},
    {"IC IVAU", 3, 7, 5, 1, SYSI_IC_IVAU, true},
    {"DC IVAC", 0, 7, 6, 1, SYSI_NOP, false},
    {"DC ISW", 0, 7, 6, 2, SYSI_NOP, false},
    {"AT S1E1R", 0, 7, 8, 0, SYSI_AT, false},
    {"AT S1E1W", 0, 7, 8, 1, SYSI_AT, false},
    {"AT S1E0R", 0, 7, 8, 2, SYSI_AT, false},
    {"AT S1E0W", 0, 7, 8, 3, SYSI_AT, false},
    {"DC CSW", 0, 7, 10, 2, SYSI_NOP, false},
    {"DC CISW", 0, 7, 14, 2, SYSI_NOP, false},
    {"DC ZVA", 3, 7, 4, 1, SYSI_DC_ZVA, true},
    {"DC CVAC", 3, 7, 10, 1, SYSI_NOP, true},
    {"DC CVAU", 3, 7, 11, 1, SYSI_NOP, true},
    {"DC CVAP", 3, 7, 12, 1, SYSI_NOP, true},
    {"DC CIVAC", 3, 7, 14, 1, SYSI_NOP, true},
    {"TLBI VMALLE1IS", 0, 8, 3, 0, SYSI_TLBI_ALL_IS, false},
    {"TLBI VAE1IS", 0, 8, 3, 1, SYSI_TLBI_VA_IS, false},
    {"TLBI ASIDE1IS", 0, 8, 3, 2, SYSI_TLBI_ALL_IS, false},
    {"TLBI VAAE1IS", 0, 8, 3, 3, SYSI_TLBI_VA_IS, false},
    {"TLBI VALE1IS", 0, 8, 3, 5, SYSI_TLBI_VA_IS, false},
    {"TLBI VAALE1IS", 0, 8, 3, 7, SYSI_TLBI_VA_IS, false},
    {"TLBI VMALLE1", 0, 8, 7, 0, SYSI_TLBI_ALL, false},
    {"TLBI VAE1", 0, 8, 7, 1, SYSI_TLBI_VA, false},
    {"TLBI ASIDE1", 0, 8, 7, 2, SYSI_TLBI_ALL, false},
    {"TLBI VAAE1", 0, 8, 7, 3, SYSI_TLBI_VA, false},
    {"TLBI VALE1", 0, 8, 7, 5, SYSI_TLBI_VA, false},
    {"TLBI VAALE1", 0, 8, 7, 7, SYSI_TLBI_VA, false},
};

const ARMSysInsn *arm_sysinsn_find(int op1, int crn, int crm, int op2)
{
    for (size_t i = 0; i < sizeof(sysinsns) / sizeof(sysinsns[0]); i++) {
        const ARMSysInsn *si = &sysinsns[i];

        if (si->op1 == op1 && si->crn == crn && si->crm == crm && si->op2 == op2) {
            return si;
        }
    }
    return NULL;
}

int arm_sysinsn_key(const ARMSysInsn *si) { return (int)(si - sysinsns); }

/* ------------------------------------------------------------ helpers */

static uint64_t *sysreg_storage(ARMCPU *cpu, const ARMSysReg *r)
{
    return (uint64_t *)((char *)cpu + r->offset);
}

static void raise_undef(ARMCPU *cpu)
{
    arm_raise_exception(cpu, ARM_EXCP_UDEF, arm_syn_uncategorized(), 1);
}

uint64_t helper_mrs(void *env, uint32_t key)
{
    ARMCPU *cpu = env;
    const ARMSysReg *r = &sysregs[key];

    if (r->access && !r->access(cpu, false)) {
        raise_undef(cpu);
        return 0;
    }
    if (r->read) {
        return r->read(cpu);
    }
    return r->offset != ARM_SR_NO_FIELD ? *sysreg_storage(cpu, r) : r->value;
}

void helper_msr(void *env, uint32_t key, uint64_t val)
{
    ARMCPU *cpu = env;
    const ARMSysReg *r = &sysregs[key];

    if (r->access && !r->access(cpu, true)) {
        raise_undef(cpu);
        return;
    }
    if (r->write) {
        r->write(cpu, val);
    } else if (r->offset != ARM_SR_NO_FIELD) {
        *sysreg_storage(cpu, r) = val;
    }
}

void helper_msr_pstate(void *env, uint32_t field, uint32_t imm)
{
    ARMCPU *cpu = env;
    uint32_t daif_bits = (imm << 6) & PSTATE_DAIF;

    switch (field) {
    case 0 << 3 | 4: /* PAN */
        cpu->pstate = (cpu->pstate & ~PSTATE_PAN) | ((imm & 1) ? PSTATE_PAN : 0);
        break;
    case 0 << 3 | 5: /* SPSel */
        set_spsel(cpu, imm & 1);
        break;
    case 3 << 3 | 6: /* DAIFSet */
        cpu->pstate |= daif_bits;
        break;
    case 3 << 3 | 7: /* DAIFClr */
        cpu->pstate &= ~daif_bits;
        arm_recheck_interrupts(cpu);
        break;
    default:
        break;
    }
}

/* DC ZVA: zero the DCZID-sized block containing va, as ordinary stores. */
static void dc_zva(ARMCPU *cpu, uint64_t va)
{
    uint64_t block = 4ull << (cpu->id.dczid & 0xf);
    uint64_t base = va & ~(block - 1);
    bool prohibited = (cpu->id.dczid & DCZID_DZP) ||
                      (arm_current_el(cpu) == 0 && !(cpu->sys.sctlr_el[1] & SCTLR_DZE));

    if (prohibited) {
        raise_undef(cpu);
        return;
    }
    for (uint64_t off = 0; off < block; off += 8) {
        if (!cpu_st(&cpu->parent, base + off, MO_64, arm_cpu_mmu_idx(cpu), 0)) {
            return;
        }
    }
}

/*
 * IC IVAU: drop the translations of the code page holding va.  A failed
 * translation invalidates nothing and, like QEMU, reports no fault.
 */
static void ic_ivau(ARMCPU *cpu, uint64_t va)
{
    int32_t saved = cpu->parent.tcg.exception_index;
    uint64_t pa = tlb_code_paddr(&cpu->parent, va, arm_cpu_mmu_idx(cpu));

    cpu->parent.tcg.exception_index = saved;
    if (pa != (uint64_t)-1) {
        tb_invalidate_phys_range(pa & TARGET_PAGE_MASK, TARGET_PAGE_SIZE);
    }
}

#define PAR_F    1ull
#define PAR_NS   (1ull << 9)  /* gemu has no Secure state */
#define PAR_RES1 (1ull << 11)

/*
 * PAR_EL1 after AT: the PA with its memory attributes (ATTR, bits 63:56)
 * and shareability (SH, bits 8:7), or F with the fault status in FST (6:1).
 */
static void at_translate(ARMCPU *cpu, const ARMSysInsn *si, uint64_t va)
{
    bool is_write = si->op2 & 1;
    /* AT S1E1R/W ignore PSTATE.PAN (only FEAT_PAN2's S1E1RP/WP honour it). */
    int mmu_idx = (si->op2 & 2) ? ARM_MMU_IDX_EL0 : ARM_MMU_IDX_EL1;
    ARMTranslation t;
    uint32_t fsc;

    if (arm_mmu_translate_full(cpu, va, is_write ? MMU_DATA_STORE : MMU_DATA_LOAD, mmu_idx, &t,
                               &fsc)) {
        cpu->sys.par_el1 = (t.pa & 0x0000fffffffff000ull) | (uint64_t)t.mair_attr << 56 |
                           PAR_RES1 | PAR_NS | (uint64_t)t.shareability << 7;
    } else {
        cpu->sys.par_el1 = PAR_RES1 | PAR_F | (fsc << 1);
    }
}

void helper_sys_insn(void *env, uint32_t key, uint64_t val)
{
    ARMCPU *cpu = env;
    const ARMSysInsn *si = &sysinsns[key];

    switch (si->kind) {
    case SYSI_NOP:
        break;
    case SYSI_DC_ZVA:
        dc_zva(cpu, val);
        break;
    case SYSI_IC_IVAU:
        ic_ivau(cpu, val);
        break;
    case SYSI_IC_IALLU:
        /* Deferred by the TB cache to between blocks: this TB keeps running. */
        tb_flush_all();
        break;
    case SYSI_TLBI_ALL:
    case SYSI_TLBI_ALL_IS:
        arm_tlbi_all(cpu, si->kind == SYSI_TLBI_ALL_IS);
        break;
    case SYSI_TLBI_VA:
    case SYSI_TLBI_VA_IS:
        arm_tlbi_va(cpu, val, si->kind == SYSI_TLBI_VA_IS);
        break;
    case SYSI_AT:
        at_translate(cpu, si, val);
        break;
    }
}
