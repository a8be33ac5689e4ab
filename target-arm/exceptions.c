/*
 * AArch64 exception entry and return: raising an exception from helpers
 * and tlb_fill, taking it (vectors, SPSR/ELR/ESR/FAR), taking IRQ/FIQ, WFI,
 * ERET, and HVC/SMC (which only reach PSCI: there is no EL2 or EL3).
 */
#include <inttypes.h>

#include "target-arm/cpu.h"
#include "target-arm/helper-sys.h"
#include "util/log.h"

void arm_raise_exception(ARMCPU *cpu, int excp, uint32_t syndrome, int target_el)
{
    cpu->sys.excp_syndrome = syndrome;
    cpu->sys.excp_target_el = target_el;
    cpu->parent.tcg.exception_index = excp;
}

/* Vector offsets from VBAR_ELx (Arm ARM D1.10.2). */
enum {
    VEC_CURRENT_SP0 = 0x000,
    VEC_CURRENT_SPX = 0x200,
    VEC_LOWER_A64 = 0x400,
    VEC_SYNC = 0x000,
    VEC_IRQ = 0x080,
    VEC_FIQ = 0x100,
    VEC_SERROR = 0x180,
};

static const char *const excp_names[] = {
    [ARM_EXCP_UDEF] = "undefined instruction",
    [ARM_EXCP_SVC] = "SVC",
    [ARM_EXCP_HVC] = "HVC",
    [ARM_EXCP_SMC] = "SMC",
    [ARM_EXCP_PREFETCH_ABORT] = "instruction abort",
    [ARM_EXCP_DATA_ABORT] = "data abort",
    [ARM_EXCP_BKPT] = "BRK",
    [ARM_EXCP_IRQ] = "IRQ",
    [ARM_EXCP_FIQ] = "FIQ",
    [ARM_EXCP_SERROR] = "SError",
    [ARM_EXCP_ALIGNMENT] = "alignment fault",
};

static const char *excp_name(int excp)
{
    if (excp >= 0 && excp < (int)(sizeof(excp_names) / sizeof(excp_names[0])) &&
        excp_names[excp]) {
        return excp_names[excp];
    }
    return "unknown";
}

static unsigned vector_kind(int excp)
{
    switch (excp) {
    case ARM_EXCP_IRQ:
        return VEC_IRQ;
    case ARM_EXCP_FIQ:
        return VEC_FIQ;
    case ARM_EXCP_SERROR:
        return VEC_SERROR;
    default:
        return VEC_SYNC;
    }
}

static bool excp_is_sync(int excp) { return vector_kind(excp) == VEC_SYNC; }

static bool excp_sets_far(int excp)
{
    return excp == ARM_EXCP_DATA_ABORT || excp == ARM_EXCP_PREFETCH_ABORT ||
           excp == ARM_EXCP_ALIGNMENT;
}

/* The loop leaves pc at the faulting instruction; calls return past it. */
static uint64_t preferred_return(const ARMCPU *cpu, int excp)
{
    bool is_call = excp == ARM_EXCP_SVC || excp == ARM_EXCP_HVC || excp == ARM_EXCP_SMC;

    return cpu->pc + (is_call ? 4 : 0);
}

static bool cpu_has_pan(const ARMCPU *cpu)
{
    return ((cpu->id.id_aa64mmfr1 >> 20) & 0xf) != 0;
}

/* PSTATE on entry to EL1: SP_EL1, everything masked, NZCV kept (D1.10.1). */
static uint32_t entry_pstate(const ARMCPU *cpu, uint32_t old)
{
    uint32_t pstate =
        (old & (PSTATE_NZCV | PSTATE_PAN)) | (1u << PSTATE_EL_SHIFT) | PSTATE_SP | PSTATE_DAIF;

    if (cpu_has_pan(cpu) && !(cpu->sys.sctlr_el[1] & SCTLR_SPAN)) {
        pstate |= PSTATE_PAN;
    }
    return pstate;
}

void arm_cpu_do_interrupt(CPUState *cs)
{
    ARMCPU *cpu = arm_cpu(cs);
    int excp = cs->tcg.exception_index;
    int from_el = arm_current_el(cpu);
    uint32_t old_pstate = arm_pstate_read(cpu);
    uint64_t base;

    if (from_el == 1) {
        base = (old_pstate & PSTATE_SP) ? VEC_CURRENT_SPX : VEC_CURRENT_SP0;
    } else {
        base = VEC_LOWER_A64;
    }
    cpu->sys.spsr_el[1] = old_pstate;
    cpu->sys.elr_el[1] = preferred_return(cpu, excp);
    if (excp_is_sync(excp)) {
        cpu->sys.esr_el[1] = cpu->sys.excp_syndrome;
    }
    if (excp_sets_far(excp)) {
        cpu->sys.far_el[1] = cpu->sys.excp_vaddr;
    }
    arm_sp_save(cpu);
    arm_pstate_write(cpu, entry_pstate(cpu, old_pstate));
    arm_sp_restore(cpu);
    cpu->exclusive_addr = (uint64_t)-1;
    cpu->pc = cpu->sys.vbar_el[1] + base + vector_kind(excp);
    cs->tcg.exception_index = EXCP_NONE;

    log_mask_printf(LOG_INT,
                    "Taking exception %d [%s] from EL%d to EL1: ELR 0x%" PRIx64
                    " ESR 0x%" PRIx64 " FAR 0x%" PRIx64 " SPSR 0x%x -> pc 0x%" PRIx64 "\n",
                    excp, excp_name(excp), from_el, cpu->sys.elr_el[1], cpu->sys.esr_el[1],
                    cpu->sys.far_el[1], old_pstate, cpu->pc);
}

static bool take_interrupt(CPUState *cs, int excp)
{
    cs->tcg.exception_index = excp;
    cs->halted = false;
    arm_cpu_do_interrupt(cs);
    return true;
}

/* Without EL2/EL3, PSTATE.F and PSTATE.I mask FIQ and IRQ at EL0 and EL1 alike. */
bool arm_cpu_exec_interrupt(CPUState *cs, uint32_t interrupt_request)
{
    ARMCPU *cpu = arm_cpu(cs);

    if ((interrupt_request & CPU_INTERRUPT_FIQ) && !(cpu->pstate & PSTATE_F)) {
        return take_interrupt(cs, ARM_EXCP_FIQ);
    }
    if ((interrupt_request & CPU_INTERRUPT_HARD) && !(cpu->pstate & PSTATE_I)) {
        return take_interrupt(cs, ARM_EXCP_IRQ);
    }
    return false;
}

/* WFI wakes on a pending interrupt even if PSTATE masks it. */
bool arm_cpu_has_work(CPUState *cs)
{
    return (cs->interrupt_request & (CPU_INTERRUPT_HARD | CPU_INTERRUPT_FIQ)) != 0;
}

void arm_recheck_interrupts(ARMCPU *cpu)
{
    CPUState *cs = &cpu->parent;
    uint32_t pending = cs->interrupt_request;

    if (((pending & CPU_INTERRUPT_FIQ) && !(cpu->pstate & PSTATE_F)) ||
        ((pending & CPU_INTERRUPT_HARD) && !(cpu->pstate & PSTATE_I))) {
        cpu_exit(cs);
    }
}

/* WFI: the translator has already moved pc past the instruction. */
void helper_wfi(void *env)
{
    ARMCPU *cpu = env;
    CPUState *cs = &cpu->parent;

    if (arm_cpu_has_work(cs)) {
        return;
    }
    cs->halted = true;
    cs->tcg.exception_index = EXCP_HLT;
}

/* SPSR bits an exception return restores. */
#define ERET_PSTATE_MASK (PSTATE_NZCV | PSTATE_DAIF | PSTATE_EL_MASK | PSTATE_SP | PSTATE_PAN)

/*
 * An illegal return (to AArch32, to an EL we lack or above the current
 * one, or to EL0 with SP_ELx) keeps EL and SP, sets PSTATE.IL and
 * otherwise restores what it can (Arm ARM D1.11.5, simplified).
 */
static bool eret_is_illegal(const ARMCPU *cpu, uint32_t spsr)
{
    int target_el = (spsr & PSTATE_EL_MASK) >> PSTATE_EL_SHIFT;

    return (spsr & PSTATE_nRW) || target_el > arm_current_el(cpu) || target_el > 1 ||
           (target_el == 0 && (spsr & PSTATE_SP));
}

uint64_t helper_eret(void *env)
{
    ARMCPU *cpu = env;
    uint32_t spsr = (uint32_t)cpu->sys.spsr_el[1];
    uint32_t keep = PSTATE_EL_MASK | PSTATE_SP;
    uint32_t pstate;

    if (!cpu_has_pan(cpu)) {
        spsr &= ~PSTATE_PAN;
    }
    if (eret_is_illegal(cpu, spsr)) {
        log_mask_printf(LOG_GUEST_ERROR, "ERET: illegal return, SPSR 0x%x\n", spsr);
        pstate = (cpu->pstate & keep) | (spsr & ERET_PSTATE_MASK & ~keep) | PSTATE_IL;
    } else {
        pstate = spsr & ERET_PSTATE_MASK;
    }
    arm_sp_save(cpu);
    arm_pstate_write(cpu, pstate);
    arm_sp_restore(cpu);
    cpu->exclusive_addr = (uint64_t)-1;
    arm_recheck_interrupts(cpu);
    return cpu->sys.elr_el[1];
}

void helper_hvc_smc(void *env)
{
    ARMCPU *cpu = env;

    if (!arm_psci_call(cpu)) {
        log_mask_printf(LOG_UNIMP, "HVC/SMC function 0x%08x is not PSCI: UNDEFINED\n",
                        (uint32_t)cpu->xregs[0]);
        arm_raise_exception(cpu, ARM_EXCP_UDEF, arm_syn_uncategorized(), 1);
    }
}
