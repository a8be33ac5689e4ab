/*
 * PSCI 1.0 firmware services, answered by the emulator when the guest
 * executes HVC or SMC (the virt board's conduit; there is no EL2/EL3 code).
 */
#include <stdint.h>

#include "exec/cputlb.h"
#include "sysemu/runstate.h"
#include "target-arm/cpu.h"
#include "util/log.h"

enum {
    PSCI_VERSION = 0x84000000,
    PSCI_CPU_SUSPEND = 0x84000001,
    PSCI_CPU_OFF = 0x84000002,
    PSCI_CPU_ON = 0x84000003,
    PSCI_AFFINITY_INFO = 0x84000004,
    PSCI_MIGRATE_INFO_TYPE = 0x84000006,
    PSCI_SYSTEM_OFF = 0x84000008,
    PSCI_SYSTEM_RESET = 0x84000009,
    PSCI_FEATURES = 0x8400000a,
};

/* SMC64 function ids are the SMC32 ones with bit 30 set. */
#define PSCI_SMC64 0x40000000u
/* Standard secure service calls 0x00-0x1f (SMC32 and SMC64) are PSCI. */
#define PSCI_ID_MASK 0xbfffffe0u

enum {
    PSCI_RET_SUCCESS = 0,
    PSCI_RET_NOT_SUPPORTED = -1,
    PSCI_RET_INVALID_PARAMS = -2,
    PSCI_RET_ALREADY_ON = -4,
};

#define PSCI_VERSION_1_0           0x10000
#define MIGRATE_INFO_NO_TRUSTED_OS 2
#define MPIDR_AFFINITY_MASK        0xff00ffffffull

enum { AFFINITY_ON = 0, AFFINITY_OFF = 1 };

static ARMCPU *cpu_by_mpidr(uint64_t mpidr)
{
    CPU_FOREACH(cs)
    {
        ARMCPU *cpu = arm_cpu(cs);

        if ((cpu->id.mpidr & MPIDR_AFFINITY_MASK) == (mpidr & MPIDR_AFFINITY_MASK)) {
            return cpu;
        }
    }
    return NULL;
}

/*
 * CPU_ON: start a powered-off CPU (the virt board creates secondaries
 * off) at entry with x0 = context id, from reset state (EL1, MMU off).
 */
static int64_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context)
{
    ARMCPU *target = cpu_by_mpidr(mpidr);
    CPUState *cs;

    if (!target) {
        return PSCI_RET_INVALID_PARAMS;
    }
    cs = &target->parent;
    if (!cs->stopped) {
        return PSCI_RET_ALREADY_ON;
    }
    cs->cc->reset(cs);
    tlb_flush(cs); /* translations from before it was powered off */
    target->pc = entry;
    target->xregs[0] = context;
    cs->stopped = false;
    cs->halted = false;
    cpu_exit(cs);
    return PSCI_RET_SUCCESS;
}

static int64_t psci_affinity_info(uint64_t mpidr, uint64_t lowest_level)
{
    ARMCPU *target = cpu_by_mpidr(mpidr);

    if (!target || lowest_level != 0) {
        return PSCI_RET_INVALID_PARAMS;
    }
    return target->parent.stopped ? AFFINITY_OFF : AFFINITY_ON;
}

static void psci_cpu_off(ARMCPU *cpu)
{
    CPUState *cs = &cpu->parent;

    cs->stopped = true;
    cs->halted = true;
    cs->tcg.exception_index = EXCP_HALTED;
}

static bool psci_supported(uint32_t fid)
{
    switch (fid & ~PSCI_SMC64) {
    case PSCI_VERSION:
    case PSCI_CPU_SUSPEND:
    case PSCI_CPU_OFF:
    case PSCI_CPU_ON:
    case PSCI_AFFINITY_INFO:
    case PSCI_MIGRATE_INFO_TYPE:
    case PSCI_SYSTEM_OFF:
    case PSCI_SYSTEM_RESET:
    case PSCI_FEATURES:
        return true;
    default:
        return false;
    }
}

static int64_t psci_dispatch(ARMCPU *cpu, uint32_t fid)
{
    uint64_t *x = cpu->xregs;

    switch (fid & ~PSCI_SMC64) {
    case PSCI_VERSION:
        return PSCI_VERSION_1_0;
    case PSCI_CPU_SUSPEND:
        /* A standby that wakes at once is a legal implementation. */
        return PSCI_RET_SUCCESS;
    case PSCI_CPU_OFF:
        psci_cpu_off(cpu);
        return PSCI_RET_SUCCESS;
    case PSCI_CPU_ON:
        return psci_cpu_on(x[1], x[2], x[3]);
    case PSCI_AFFINITY_INFO:
        return psci_affinity_info(x[1], x[2]);
    case PSCI_MIGRATE_INFO_TYPE:
        return MIGRATE_INFO_NO_TRUSTED_OS;
    case PSCI_SYSTEM_OFF:
        system_shutdown_request(0);
        cpu_exit(&cpu->parent);
        return PSCI_RET_SUCCESS;
    case PSCI_SYSTEM_RESET:
        system_reset_request();
        cpu_exit(&cpu->parent);
        return PSCI_RET_SUCCESS;
    case PSCI_FEATURES:
        return psci_supported((uint32_t)x[1]) ? PSCI_RET_SUCCESS : PSCI_RET_NOT_SUPPORTED;
    default:
        return PSCI_RET_NOT_SUPPORTED;
    }
}

bool arm_psci_call(ARMCPU *cpu)
{
    uint32_t fid = (uint32_t)cpu->xregs[0];

    if ((fid & PSCI_ID_MASK) != PSCI_VERSION) {
        return false;
    }
    log_mask_printf(LOG_INT, "PSCI call 0x%08x\n", fid);
    cpu->xregs[0] = (uint64_t)psci_dispatch(cpu, fid);
    return true;
}
